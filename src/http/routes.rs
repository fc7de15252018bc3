//! The one table of routes. The router is built from it; the authorisation matrix
//! (tests/api/auth.rs) calls every row as every kind of caller and holds the answers to
//! the row's `who`; `docs/routes.md` is written from it and a test keeps that file current.
//! The service decides access; `who` states the rule so the test can hold the service to it.

use super::{
    api, assets, audit, backup, door, hub_link, loans, members, pages, period, report, report_submit, sales, scripts,
    statements,
};
use super::{AppState, BATCH_BODY_BYTES_MAX};
use crate::service::import::ImportKind;
use crate::usecase::cash::count_cash::CountCash;
use crate::usecase::chart::add_account::AddAccount;
use crate::usecase::chart::deactivate_account::DeactivateAccount;
use crate::usecase::chart::rename_account::RenameAccount;
use crate::usecase::entities::{create_entity::CreateEntity, set_identity::SetIdentity};
use crate::usecase::expenses::pay_expense::PayExpense;
use crate::usecase::funding::{receive_grant::ReceiveGrant, receive_loan::ReceiveLoan, repay_loan::RepayLoan};
use crate::usecase::loans::{
    disburse_loan::DisburseLoan, post_loan_allowance::PostLoanAllowance, repay_member_loan::RepayMemberLoan,
    set_loan_terms::SetLoanTerms,
};
use crate::usecase::members::set_savings_terms::SetSavingsTerms;
use crate::usecase::members::set_shu_policy::SetShuPolicy;
use crate::usecase::members::{
    change_contact::ChangeContact, exit_member::ExitMember, record_savings::RecordSavings,
    register_member::RegisterMember,
};
use crate::usecase::products::{add_product::AddProduct, change_product::ChangeProduct};
use crate::usecase::reports::{
    change_stage::ChangeStage, put_evaluation::PutEvaluation, put_plan::PutPlan, set_report_settings::SetReportSettings,
};
use crate::usecase::trade::record_production::RecordProduction;
use crate::usecase::trade::record_purchase::RecordPurchase;
use crate::usecase::trade::record_sale::RecordSale;
use crate::usecase::trade::settle::{CollectReceivable, PayPayable};
use crate::usecase::training::{
    add_skill::AddSkill, add_staff::AddStaff, assess_client::AssessClient, change_staff::ChangeStaff,
    complete_training::CompleteTraining, enrol_client::EnrolClient, place_client::PlaceClient, plan_cohort::PlanCohort,
    record_follow_up::RecordFollowUp, record_package::RecordPackage, record_session::RecordSession,
    register_client::RegisterClient, Scope,
};
use crate::usecase::users::create_user::CreateUser;
use crate::usecase::users::disable_login::DisableLogin;
use crate::usecase::users::reset_password::ResetPassword;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};
use axum::Router;

/// Who may call a route. Entity rules follow the entity the path names (for a member, a
/// client or a cohort: the entity it belongs to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// No sign-in needed.
    Anyone,
    /// Any signed-in user; what they see is limited to what they may read.
    SignedIn,
    /// An admin only.
    Admin,
    /// An admin or a supervisor (the Dinas Sosial): the audit log and the regional recap.
    Auditors,
    /// Whoever may read the entity: an admin, its own staff, the head and supervisor of
    /// the panti a KUBE belongs to.
    Readers,
    /// The member themself, and whoever may read the member's entity.
    MemberOrReaders,
    /// Whoever may write the entity's books: an admin, its treasurer (a KUBE) or head (a panti).
    Writers,
    /// The panti's own head: a submitted report carries the head's name as its signer.
    Head,
}

impl Who {
    fn describe(self) -> &'static str {
        match self {
            Who::Anyone => "anyone",
            Who::SignedIn => "signed in",
            Who::Admin => "admin",
            Who::Auditors => "admin, supervisor",
            Who::Readers => "readers of the entity",
            Who::MemberOrReaders => "the member, readers of the entity",
            Who::Writers => "writers of the entity",
            Who::Head => "the panti's head",
        }
    }
}

/// One method on one path.
pub struct Route {
    pub area: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub who: Who,
    /// What the route does, for the route reference.
    pub what: &'static str,
    handler: MethodRouter<AppState>,
}

impl Route {
    /// Pages answer errors with a page; everything else with the JSON error shape.
    pub fn is_page(&self) -> bool {
        is_page_path(self.path)
    }
}

/// Whether a path is a page's (errors answered as pages) or the API's (the JSON shape).
pub fn is_page_path(path: &str) -> bool {
    !(path == "/api" || path.starts_with("/api/") || path == "/healthz")
}

/// Every route, grouped by area.
pub fn table() -> Vec<Route> {
    use Who::*;
    [
        area(
            "Session",
            vec![
                get("/healthz", Anyone, "Liveness and storage state", api::healthz),
                post("/api/v1/login", Anyone, "Sign in; answers a session token and sets the cookie", api::login),
                post("/api/v1/logout", SignedIn, "End the session", api::logout),
                get("/api/v1/me", SignedIn, "The signed-in user", api::me),
                get("/", SignedIn, "Where each role starts", pages::session::start),
                get("/login", Anyone, "Sign-in page", pages::session::login_form),
                post("/login", Anyone, "Sign in from the page", pages::session::login),
                post("/logout", SignedIn, "Sign out from the page", pages::session::logout),
                get("/lang/{code}", Anyone, "Choose the page language and go back", pages::session::switch_lang),
                get("/scripts/{name}", Anyone, "A script the pages load (no inline script runs)", scripts::script),
            ],
        ),
        area(
            "Entities and journal",
            vec![
                with(
                    Method::POST,
                    "/api/v1/entities",
                    Admin,
                    "Create a panti, or a KUBE or koperasi under one",
                    door::admin::<CreateEntity>(axum::http::StatusCode::CREATED),
                ),
                get("/api/v1/entities", SignedIn, "The entities the caller may read", api::list_entities),
                with(
                    Method::POST,
                    "/api/v1/users",
                    Admin,
                    "Create a user of a staff role, bound to an entity",
                    door::admin::<CreateUser>(axum::http::StatusCode::CREATED),
                ),
                with(
                    Method::POST,
                    "/api/v1/users/{username}/password",
                    Admin,
                    "Give a staff login a new password; its sessions end",
                    door::admin_at::<ResetPassword>("username"),
                ),
                with(
                    Method::POST,
                    "/api/v1/users/{username}/disabled",
                    Admin,
                    "Disable a staff login (its sessions end) or enable it again",
                    door::admin_at::<DisableLogin>("username"),
                ),
                get("/admin/entities", Admin, "Entities page: every panti, KUBE and koperasi", pages::admin::entities),
                post(
                    "/admin/entities",
                    Admin,
                    "Create an entity from the page, once per form",
                    pages::admin::save_entity,
                ),
                get(
                    "/admin/backups",
                    Admin,
                    "Backups page: download one now, the schedule and its files",
                    pages::admin::backups,
                ),
                post("/admin/backups", Admin, "Take a scheduled backup now", pages::admin::take_backup),
                get("/admin/users", Admin, "Users page: every staff login", pages::admin::users),
                post("/admin/users", Admin, "Create a user from the page", pages::admin::save_user),
                get(
                    "/admin/users/{username}",
                    Admin,
                    "One login's page: reset its password, disable or enable it",
                    pages::admin::user,
                ),
                post(
                    "/admin/users/{username}/password",
                    Admin,
                    "Reset a login's password from the page",
                    pages::admin::save_password,
                ),
                post(
                    "/admin/users/{username}/disabled",
                    Admin,
                    "Disable or enable a login from the page",
                    pages::admin::save_disabled,
                ),
                with(Method::GET, "/api/v1/entities/{id}", Readers, "One entity", door::read(api::get_entity)),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/accounts",
                    Readers,
                    "The chart of accounts",
                    door::read(api::accounts),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/accounts",
                    Writers,
                    "Add an account under a parent of the same type",
                    door::chart::<AddAccount>(axum::http::StatusCode::CREATED),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/accounts/rename",
                    Writers,
                    "Rename an account",
                    door::chart::<RenameAccount>(axum::http::StatusCode::OK),
                ),
                get("/entities/{id}/accounts", Readers, "Chart of accounts page", pages::chart::accounts),
                post("/entities/{id}/accounts", Writers, "Add an account from the page", pages::chart::add_account),
                get("/entities/{id}/accounts/{code}", Readers, "One account's page", pages::chart::account),
                post(
                    "/entities/{id}/accounts/rename",
                    Writers,
                    "Rename an account from the page",
                    pages::chart::rename_account,
                ),
                post(
                    "/entities/{id}/accounts/deactivate",
                    Writers,
                    "Deactivate an account from the page",
                    pages::chart::deactivate_account,
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/accounts/deactivate",
                    Writers,
                    "Deactivate an account that holds nothing",
                    door::chart::<DeactivateAccount>(axum::http::StatusCode::OK),
                ),
                post("/api/v1/entities/{id}/entries", Writers, "Post a journal entry", api::post_entry),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/entries",
                    Readers,
                    "The journal, filtered by date",
                    door::read(api::list_entries),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/entries/batch",
                    Writers,
                    "Post up to 10,000 entries at once, all or nothing",
                    routing::post(api::post_batch).layer(DefaultBodyLimit::max(BATCH_BODY_BYTES_MAX)),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/entries/import",
                    Writers,
                    "Import journal entries from CSV, all or nothing",
                    api::upload(ImportKind::Entries),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/entries/{seq}",
                    Readers,
                    "One entry",
                    door::read_at(api::get_entry),
                ),
                post("/api/v1/entities/{id}/entries/{seq}/reverse", Writers, "Reverse an entry", api::reverse_entry),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/trial-balance",
                    Readers,
                    "Trial balance as of a date",
                    door::read(api::trial_balance),
                ),
                get("/entities/{id}/entries", Readers, "Journal page", pages::books::journal),
                get("/entities/{id}/entries/{seq}", Readers, "Entry page", pages::books::entry_page),
                post(
                    "/entities/{id}/entries/{seq}/reverse",
                    Writers,
                    "Reverse an entry from its page",
                    pages::books::reverse,
                ),
                get("/entities/{id}/import", Writers, "CSV upload page", pages::upload::upload_form),
                post("/entities/{id}/import", Writers, "Upload a CSV file of any kind", pages::upload::upload),
            ],
        ),
        area(
            "Expenses",
            vec![
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/expenses",
                    Writers,
                    "Pay an expense from cash or bank",
                    door::json::<PayExpense>(),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/expenses/import",
                    Writers,
                    "Import expenses from CSV, all or nothing",
                    door::csv::<PayExpense>(),
                ),
                get("/entities/{id}/expenses/new", Writers, "Expense form", pages::expense::new_expense),
                post(
                    "/entities/{id}/expenses/new",
                    Writers,
                    "Pay an expense from the form",
                    pages::expense::save_expense,
                ),
            ],
        ),
        area(
            "Members, savings, grants and loans",
            vec![
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/members",
                    Writers,
                    "Register a member",
                    door::register::<RegisterMember>(axum::http::StatusCode::CREATED),
                ),
                get("/api/v1/entities/{id}/members", Readers, "The members", members::list_members),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/members/import",
                    Writers,
                    "Import members from CSV, all or nothing",
                    door::csv_register::<RegisterMember>(),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/bylaws/savings",
                    Writers,
                    "Set the savings bylaws (pokok, wajib)",
                    door::register::<SetSavingsTerms>(axum::http::StatusCode::CREATED),
                ),
                get(
                    "/api/v1/entities/{id}/bylaws/savings",
                    Readers,
                    "Every version of the savings bylaws",
                    members::list_terms,
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/identity",
                    Writers,
                    "Set the entity's identity (region, panti type, registration, badan hukum)",
                    door::register::<SetIdentity>(axum::http::StatusCode::OK),
                ),
                get("/api/v1/entities/{id}/identity", Readers, "The entity's identity", members::identity),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/savings",
                    Writers,
                    "A savings deposit or withdrawal",
                    door::json::<RecordSavings>(),
                ),
                get("/api/v1/entities/{id}/arrears", Readers, "Members behind on wajib savings", members::arrears),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/grants",
                    Writers,
                    "Record a grant received",
                    door::json::<ReceiveGrant>(),
                ),
                get("/api/v1/entities/{id}/grants", Readers, "Grants received", members::list_grants),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/loans",
                    Writers,
                    "Record a loan taken",
                    door::json::<ReceiveLoan>(),
                ),
                get("/api/v1/entities/{id}/loans", Readers, "Loans taken", members::list_loans),
                get(
                    "/api/v1/entities/{id}/loans/{loan}/schedule",
                    Readers,
                    "A loan's repayment schedule",
                    members::loan_schedule,
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/loans/{loan}/repayments",
                    Writers,
                    "Repay a loan",
                    door::json_at::<RepayLoan>("loan"),
                ),
                get("/api/v1/entities/{id}/capital", Readers, "Capital by source", members::capital),
                get("/api/v1/members/{id}", MemberOrReaders, "One member", members::get_member),
                with(
                    Method::PATCH,
                    "/api/v1/members/{id}",
                    Writers,
                    "Change a member's contact (phone)",
                    door::register_member::<ChangeContact>(axum::routing::MethodFilter::PATCH),
                ),
                post("/api/v1/members/{id}/login", Writers, "Give a member a sign-in", members::add_member_login),
                with(
                    Method::POST,
                    "/api/v1/members/{id}/exit",
                    Writers,
                    "A member leaves: pokok and wajib paid out",
                    door::json_member::<ExitMember>(members::exit_answer),
                ),
                post(
                    "/api/v1/members/{id}/shu-payouts",
                    Writers,
                    "Pay out or save a member's SHU",
                    members::shu_payout,
                ),
                get(
                    "/api/v1/members/{id}/balance",
                    MemberOrReaders,
                    "A member's savings balances",
                    members::member_balance,
                ),
                get(
                    "/api/v1/members/{id}/statement",
                    MemberOrReaders,
                    "A member's savings statement",
                    members::member_statement,
                ),
                get("/members/{id}", MemberOrReaders, "A member's savings page", pages::member::balances),
                get("/members/{id}/statement", MemberOrReaders, "A member's statement page", pages::member::statement),
                get("/members/{id}/arrears", MemberOrReaders, "A member's arrears page", pages::member::arrears),
                get(
                    "/members/{id}/exit",
                    Writers,
                    "A member's exit page: the payout shown first",
                    pages::member_exit::exit_form,
                ),
                post("/members/{id}/exit", Writers, "Confirm a member's exit from the page", pages::member_exit::exit),
                get("/entities/{id}/members", Readers, "Members page, searched and paged", pages::roster::members),
                get("/entities/{id}/members/new", Writers, "Member form", pages::roster::new_member),
                post(
                    "/entities/{id}/members/new",
                    Writers,
                    "Register a member from the form",
                    pages::roster::save_member,
                ),
                get(
                    "/entities/{id}/bylaws",
                    Readers,
                    "Bylaws page: savings terms and SHU policy",
                    pages::bylaws::bylaws,
                ),
                get("/entities/{id}/identity", Readers, "Identity page", pages::identity::identity),
                post("/entities/{id}/identity", Writers, "Set the identity from the page", pages::identity::save),
                post(
                    "/entities/{id}/bylaws/savings",
                    Writers,
                    "Set a version of the savings terms from the page",
                    pages::bylaws::save_terms,
                ),
                post(
                    "/entities/{id}/bylaws/shu",
                    Writers,
                    "Set a version of the SHU policy from the page",
                    pages::bylaws::save_shu,
                ),
                get("/entities/{id}/savings/new", Writers, "Savings form", pages::books::new_savings),
                post("/entities/{id}/savings/new", Writers, "Record savings from the form", pages::books::save_savings),
            ],
        ),
        area(
            "Member loans (simpan pinjam)",
            vec![
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/bylaws/loans",
                    Writers,
                    "Set the loan bylaws (method, rate, term, fee, limit, collectibility)",
                    door::register::<SetLoanTerms>(axum::http::StatusCode::CREATED),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/bylaws/loans",
                    Readers,
                    "Every version of the loan bylaws",
                    door::read(loans::terms),
                ),
                post("/api/v1/entities/{id}/member-loans", Writers, "Record a member's loan application", loans::apply),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/member-loans",
                    Readers,
                    "Member loans with arrears and collectibility (?as_of=)",
                    door::read(loans::list),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/member-loans/{loan}",
                    Readers,
                    "A member loan with its schedule, repayments and standing (?as_of=)",
                    door::read_at(loans::one),
                ),
                post(
                    "/api/v1/entities/{id}/member-loans/{loan}/approve",
                    Writers,
                    "Approve a loan: a second person, not its recorder",
                    loans::approve,
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/member-loans/{loan}/disburse",
                    Writers,
                    "Pay out an approved loan from cash or bank",
                    door::json_at::<DisburseLoan>("loan"),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/member-loans/{loan}/repayments",
                    Writers,
                    "A member's repayment: fees, then interest, then principal",
                    door::json_at::<RepayMemberLoan>("loan"),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/loan-allowance",
                    Writers,
                    "Post a month's loan loss allowance, once per month",
                    door::json::<PostLoanAllowance>(),
                ),
                get(
                    "/api/v1/members/{id}/loans",
                    MemberOrReaders,
                    "A member's own loans, schedules and arrears (?as_of=)",
                    loans::of_member,
                ),
                get(
                    "/entities/{id}/member-loans",
                    Readers,
                    "Member loans page: collectibility, application and loan terms forms",
                    pages::loans::loans,
                ),
                post(
                    "/entities/{id}/member-loans",
                    Writers,
                    "Record a loan application from the page",
                    pages::loans::apply,
                ),
                post(
                    "/entities/{id}/bylaws/loans",
                    Writers,
                    "Set a version of the loan terms from the page",
                    pages::loans::save_terms,
                ),
                get(
                    "/entities/{id}/member-loans/{loan}",
                    Readers,
                    "A member loan's page: schedule, repayments and its next step",
                    pages::loans::loan,
                ),
                post(
                    "/entities/{id}/member-loans/{loan}/approve",
                    Writers,
                    "Approve a loan from the page (a second person)",
                    pages::loans::approve,
                ),
                post(
                    "/entities/{id}/member-loans/{loan}/disburse",
                    Writers,
                    "Pay out a loan from the page",
                    pages::loans::disburse,
                ),
                post(
                    "/entities/{id}/member-loans/{loan}/repayments",
                    Writers,
                    "Record a repayment from the page",
                    pages::loans::repay,
                ),
                get("/members/{id}/loans", MemberOrReaders, "A member's own loans page", pages::loans::member_loans),
            ],
        ),
        area(
            "Stock, sales and purchases",
            vec![
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/products",
                    Writers,
                    "Add a product",
                    door::register::<AddProduct>(axum::http::StatusCode::CREATED),
                ),
                get("/entities/{id}/products", Readers, "Products page: prices and stock", pages::products::products),
                post(
                    "/entities/{id}/products/change",
                    Writers,
                    "Change a product's price, name or unit from the page",
                    pages::products::change_product,
                ),
                get("/entities/{id}/products/new", Writers, "Product form", pages::products::new_product),
                post(
                    "/entities/{id}/products/new",
                    Writers,
                    "Add a product from the form",
                    pages::products::save_product,
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/products",
                    Readers,
                    "Products with stock and cost",
                    door::read(sales::list_products),
                ),
                with(
                    Method::PATCH,
                    "/api/v1/entities/{id}/products/{product}",
                    Writers,
                    "Change a product's price or name",
                    door::register_at::<ChangeProduct>("product", axum::routing::MethodFilter::PATCH),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/purchases",
                    Writers,
                    "Record a purchase",
                    door::json::<RecordPurchase>(),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/purchases/import",
                    Writers,
                    "Import purchases from CSV, all or nothing",
                    api::upload(ImportKind::Purchases),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/production",
                    Writers,
                    "Record production (inputs to outputs)",
                    door::json::<RecordProduction>(),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/sales",
                    Writers,
                    "Record a sale",
                    door::json_then::<RecordSale>(sales::with_receipt),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/sales/import",
                    Writers,
                    "Import sales from CSV, all or nothing",
                    api::upload(ImportKind::Sales),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/sales/summary",
                    Readers,
                    "Sales by product and member",
                    door::read(sales::sales_summary),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/sales/{seq}",
                    Readers,
                    "One sale",
                    door::read_at(sales::get_sale),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/receivables",
                    Readers,
                    "Who owes the KUBE",
                    door::read(sales::receivables),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/receivables/collections",
                    Writers,
                    "Collect from a customer",
                    door::json::<CollectReceivable>(),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/payables",
                    Readers,
                    "What the KUBE owes",
                    door::read(sales::payables),
                ),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/payables/payments",
                    Writers,
                    "Pay a supplier",
                    door::json::<PayPayable>(),
                ),
                get("/api/v1/entities/{id}/cash-book", Readers, "Cash book of a day", sales::cash_book),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/cash-counts",
                    Writers,
                    "Record a cash count",
                    door::json_then::<CountCash>(sales::cash_count_answer),
                ),
                get("/entities/{id}", Readers, "The books' home page", pages::treasurer::home),
                get("/entities/{id}/sales/new", Writers, "Sale form", pages::treasurer::new_sale),
                post("/entities/{id}/sales/new", Writers, "Record a sale from the form", pages::treasurer::save_sale),
                get("/entities/{id}/sales/{seq}/receipt", Readers, "Printable receipt of a sale", pages::receipt),
                get("/entities/{id}/purchases/new", Writers, "Purchase form", pages::books::new_purchase),
                post(
                    "/entities/{id}/purchases/new",
                    Writers,
                    "Record a purchase from the form",
                    pages::books::save_purchase,
                ),
                get("/entities/{id}/production/new", Writers, "Production form", pages::production::new_production),
                post(
                    "/entities/{id}/production/new",
                    Writers,
                    "Record a production batch from the form",
                    pages::production::save_production,
                ),
                get("/entities/{id}/receivables", Readers, "Who owes what, aged", pages::credit::receivables),
                post(
                    "/entities/{id}/receivables",
                    Writers,
                    "Record a collection from the page",
                    pages::credit::collect,
                ),
                get("/entities/{id}/payables", Readers, "What is owed to whom, aged", pages::credit::payables),
                post("/entities/{id}/payables", Writers, "Record a supplier payment from the page", pages::credit::pay),
                get("/entities/{id}/saved/{seq}", Readers, "What a form stored, in a sentence", pages::saved),
                get("/entities/{id}/cash-book", Readers, "Cash book page", pages::books::cash_book),
                post(
                    "/entities/{id}/cash-counts",
                    Writers,
                    "Record a cash count from the page",
                    pages::books::cash_count,
                ),
            ],
        ),
        area(
            "Year end and statements",
            vec![
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/bylaws/shu",
                    Writers,
                    "Set the SHU policy",
                    door::register::<SetShuPolicy>(axum::http::StatusCode::CREATED),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/bylaws/shu",
                    Readers,
                    "Every version of the SHU policy",
                    door::read(period::list_policies),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/periods",
                    Readers,
                    "Closed years",
                    door::read(period::list_closes),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/periods/{year}/preview",
                    Readers,
                    "What closing the year would post",
                    door::read_at(period::preview),
                ),
                post("/api/v1/entities/{id}/periods/{year}/close", Writers, "Close the year", period::close),
                post(
                    "/api/v1/entities/{id}/periods/{year}/reopen",
                    Admin,
                    "Reopen a closed year, with a reason",
                    period::reopen,
                ),
                post(
                    "/api/v1/entities/{id}/periods/{year}/shu-decision",
                    Writers,
                    "Record the RAT's decision: the year's SHU allocated on the RAT's date",
                    period::decide_shu,
                ),
                get(
                    "/api/v1/entities/{id}/periods/{year}/shu-slips/{member}",
                    MemberOrReaders,
                    "A member's SHU slip",
                    statements::shu_slip,
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/fixed-assets",
                    Readers,
                    "The fixed-asset register, its depreciation and equipment entries not yet registered",
                    door::read(assets::list),
                ),
                post(
                    "/api/v1/entities/{id}/fixed-assets",
                    Writers,
                    "Register the fixed asset an equipment purchase or grant in kind brought",
                    assets::register,
                ),
                post("/api/v1/entities/{id}/depreciation", Writers, "Post a month's depreciation", assets::depreciate),
                get("/entities/{id}/fixed-assets", Readers, "Fixed assets page", pages::assets::assets),
                post(
                    "/entities/{id}/fixed-assets",
                    Writers,
                    "Register a fixed asset from the page",
                    pages::assets::register,
                ),
                post(
                    "/entities/{id}/depreciation",
                    Writers,
                    "Post a month's depreciation from the page",
                    pages::assets::depreciate,
                ),
                post(
                    "/api/v1/entities/{id}/fixed-assets/dispose",
                    Writers,
                    "Dispose of a fixed asset: sold or written off, with its gain or loss",
                    assets::dispose,
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/statements/{kind}",
                    Readers,
                    "A financial statement",
                    door::read_at(statements::statement),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/overview",
                    Readers,
                    "A panti's overview of its KUBE",
                    door::read(statements::panti_overview),
                ),
                with(
                    Method::GET,
                    "/api/v1/entities/{id}/grants/report",
                    Readers,
                    "Use of grants",
                    door::read(statements::grant_report),
                ),
                get("/entities/{id}/overview", Readers, "Panti overview page", pages::panti::overview),
                get("/entities/{id}/periods", Readers, "Years page", pages::panti::closes),
                get("/entities/{id}/periods/{year}", Readers, "Year preview page", pages::panti::preview),
                get(
                    "/entities/{id}/periods/{year}/close",
                    Writers,
                    "Confirm closing the year",
                    pages::panti::confirm_close,
                ),
                post(
                    "/entities/{id}/periods/{year}/close",
                    Writers,
                    "Close the year from the page",
                    pages::panti::close,
                ),
                post(
                    "/entities/{id}/periods/{year}/rat",
                    Writers,
                    "Record the RAT's decision from the year's page",
                    pages::panti::record_rat,
                ),
                get("/area", SignedIn, "A supervisor's area: every panti they may read", pages::panti::area),
            ],
        ),
        training_area(),
        area(
            "Empowerment reports",
            vec![
                get(
                    "/api/v1/entities/{id}/plans/{year}",
                    Readers,
                    "The year's plan, or `?version=N`",
                    report::get_plan,
                ),
                with(
                    Method::PUT,
                    "/api/v1/entities/{id}/plans/{year}",
                    Writers,
                    "Replace the year's plan with a new version",
                    door::register_at_then::<PutPlan>("year", axum::routing::MethodFilter::PUT, |stored| match stored
                        .plan
                        .version
                    {
                        1 => axum::http::StatusCode::CREATED,
                        _ => axum::http::StatusCode::OK,
                    }),
                ),
                get(
                    "/api/v1/entities/{id}/plans/{year}/versions",
                    Readers,
                    "Every version of the year's plan",
                    report::plan_versions,
                ),
                get("/api/v1/entities/{id}/reports/settings", Readers, "Reporting settings", report::get_settings),
                with(
                    Method::PUT,
                    "/api/v1/entities/{id}/reports/settings",
                    Writers,
                    "Set up reporting",
                    door::register_via::<SetReportSettings>(
                        axum::routing::MethodFilter::PUT,
                        axum::http::StatusCode::OK,
                    ),
                ),
                get("/api/v1/entities/{id}/reports/due", Readers, "Reports due up to a date", report::due),
                get("/api/v1/entities/{id}/stage", Readers, "The panti's stage and its changes", report::get_stage),
                with(
                    Method::POST,
                    "/api/v1/entities/{id}/stage",
                    Writers,
                    "Change the stage",
                    door::register::<ChangeStage>(axum::http::StatusCode::CREATED),
                ),
                get("/api/v1/entities/{id}/assessments", Readers, "Assessments of a period", report::list_assessments),
                post("/api/v1/entities/{id}/assessments", Writers, "Record an assessment", report::add_assessment),
                get(
                    "/api/v1/entities/{id}/reports/submitted",
                    Readers,
                    "Every submission with its hashes",
                    report_submit::submitted,
                ),
                get(
                    "/api/v1/entities/{id}/reports/{key}",
                    Readers,
                    "A report as JSON, HTML or CSV",
                    report_submit::preview,
                ),
                with(
                    Method::PUT,
                    "/api/v1/entities/{id}/reports/{key}/evaluation",
                    Writers,
                    "The head's evaluation",
                    door::register_at::<PutEvaluation>("period", axum::routing::MethodFilter::PUT),
                ),
                post("/api/v1/entities/{id}/reports/{key}/submit", Head, "Submit a report", report_submit::submit),
                get(
                    "/api/v1/entities/{id}/reports/{key}/revisions/{revision}",
                    Readers,
                    "One submitted revision",
                    report_submit::revision,
                ),
                get(
                    "/api/v1/entities/{id}/reports/{key}/revisions/{revision}/bundle",
                    Readers,
                    "One submitted revision as a signed bundle file (.kubelap)",
                    report_submit::bundle,
                ),
                get("/api/v1/entities/{id}/hub", Readers, "The panti's hub enrolment and its outbox", hub_link::get),
                post(
                    "/api/v1/entities/{id}/hub",
                    Head,
                    "Enrol the panti at a hub with the officer's code",
                    hub_link::enrol,
                ),
                get("/api/v1/recap", Auditors, "Every panti's reporting side by side", report_submit::recap),
                get("/api/v1/audit", Auditors, "The audit log", audit::audit_log),
                get("/api/v1/backup", Admin, "Download a backup", backup::download),
                get("/entities/{id}/reports", Readers, "Reports page", pages::reports::reports),
                get("/entities/{id}/assessments", Readers, "Assessments page", pages::reports::assessments),
                get("/entities/{id}/assessments/new", Writers, "Assessment form", pages::reports::new_assessment),
                post(
                    "/entities/{id}/assessments/new",
                    Writers,
                    "Record an assessment from the form",
                    pages::reports::save_assessment,
                ),
                get("/entities/{id}/plans/{year}", Readers, "Plan page", pages::reports::plan),
                post(
                    "/entities/{id}/plans/{year}",
                    Writers,
                    "Add an activity to the plan",
                    pages::reports::add_activity,
                ),
                get(
                    "/entities/{id}/reports/settings",
                    Readers,
                    "Reporting settings page",
                    pages::report_settings::settings,
                ),
                post(
                    "/entities/{id}/reports/settings",
                    Writers,
                    "Save reporting settings",
                    pages::report_settings::save_settings,
                ),
                post(
                    "/entities/{id}/reports/settings/stage",
                    Writers,
                    "Change the stage from the page",
                    pages::report_settings::change_stage,
                ),
                get("/recap", Auditors, "Regional recap page", pages::report_settings::recap),
                get(
                    "/entities/{id}/reports/submitted",
                    Readers,
                    "Submitted reports page",
                    pages::report_submit::submitted,
                ),
                get("/entities/{id}/reports/{key}", Readers, "Report page", pages::report_submit::report),
                get(
                    "/entities/{id}/reports/{key}/preview",
                    Readers,
                    "The report as it would be submitted",
                    pages::report_submit::preview,
                ),
                post(
                    "/entities/{id}/reports/{key}/evaluation",
                    Writers,
                    "Save the evaluation from the page",
                    pages::report_submit::save_evaluation,
                ),
                post(
                    "/entities/{id}/reports/{key}/submit",
                    Head,
                    "Submit the report from the page",
                    pages::report_submit::submit,
                ),
                get(
                    "/entities/{id}/reports/{key}/revisions/{revision}",
                    Readers,
                    "One submitted revision as stored",
                    pages::report_submit::revision,
                ),
                get(
                    "/entities/{id}/reports/{key}/revisions/{revision}/bundle",
                    Readers,
                    "Download the signed bundle file of a revision",
                    report_submit::bundle,
                ),
                get(
                    "/entities/{id}/hub",
                    Readers,
                    "The panti's Dinas Sosial hub: its enrolment and key",
                    pages::hub::hub,
                ),
                post(
                    "/entities/{id}/hub",
                    Head,
                    "Enrol the panti at a hub with the officer's one-time code",
                    pages::hub::enrol,
                ),
            ],
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The training area: every change a command (`usecase::training`), every read one the
/// service answers for the caller (`TrainingRead`).
fn training_area() -> Vec<Route> {
    use crate::service::training::TrainingRead::*;
    use axum::http::StatusCode;
    use axum::routing::MethodFilter;
    use door::read_training;
    use Who::*;
    const CREATED: StatusCode = StatusCode::CREATED;
    area(
        "Training and clients",
        vec![
            get("/api/v1/skills", SignedIn, "The shipped list of skills", shipped_skills),
            with(Method::GET, "/api/v1/entities/{id}/skills", Readers, "A panti's skills", read_training(Skills)),
            with(
                Method::POST,
                "/api/v1/entities/{id}/skills",
                Writers,
                "Add a skill of the panti's own",
                door::register::<AddSkill>(CREATED),
            ),
            with(Method::GET, "/api/v1/entities/{id}/clients", Readers, "Clients", read_training(Clients)),
            with(
                Method::POST,
                "/api/v1/entities/{id}/clients",
                Writers,
                "Register a client",
                door::register::<RegisterClient>(CREATED),
            ),
            with(
                Method::POST,
                "/api/v1/entities/{id}/clients/import",
                Writers,
                "Import clients from CSV, all or nothing",
                door::csv_register::<RegisterClient>(),
            ),
            with(Method::GET, "/api/v1/entities/{id}/cohorts", Readers, "Cohorts", read_training(Cohorts)),
            with(
                Method::POST,
                "/api/v1/entities/{id}/cohorts",
                Writers,
                "Plan a cohort",
                door::register::<PlanCohort>(CREATED),
            ),
            with(
                Method::GET,
                "/api/v1/entities/{id}/packages",
                Readers,
                "Packages to pay (no names)",
                read_training(Packages),
            ),
            with(Method::GET, "/api/v1/entities/{id}/staff", Readers, "Staff", read_training(Staff)),
            with(
                Method::POST,
                "/api/v1/entities/{id}/staff",
                Writers,
                "Add a staff member",
                door::register::<AddStaff>(CREATED),
            ),
            with(
                Method::GET,
                "/api/v1/entities/{id}/staff/indicator",
                Readers,
                "Professional social workers in a year",
                read_training(StaffIndicator),
            ),
            with(
                Method::PUT,
                "/api/v1/entities/{id}/staff/{staff}",
                Writers,
                "Change a staff record",
                door::register_at::<ChangeStaff>("staff", MethodFilter::PUT),
            ),
            with(
                Method::GET,
                "/api/v1/entities/{id}/training/statistics",
                Readers,
                "Training outcomes (JSON or CSV)",
                read_training(Statistics),
            ),
            with(Method::GET, "/api/v1/clients/{id}", Readers, "One client", read_training(Client)),
            with(
                Method::GET,
                "/api/v1/clients/{id}/placement",
                Readers,
                "A client's placement",
                read_training(Placement),
            ),
            with(
                Method::POST,
                "/api/v1/clients/{id}/placement",
                Writers,
                "Place a client",
                door::register_on::<PlaceClient>(Scope::Client, &[], CREATED),
            ),
            with(
                Method::GET,
                "/api/v1/clients/{id}/follow-ups",
                Readers,
                "A client's follow-ups",
                read_training(FollowUps),
            ),
            with(
                Method::POST,
                "/api/v1/clients/{id}/follow-ups",
                Writers,
                "Record a follow-up",
                door::register_on::<RecordFollowUp>(Scope::Client, &[], CREATED),
            ),
            with(
                Method::GET,
                "/api/v1/clients/{id}/package",
                Readers,
                "A client's start-up package",
                read_training(Package),
            ),
            with(
                Method::POST,
                "/api/v1/clients/{id}/package",
                Writers,
                "Record a start-up package",
                door::register_on::<RecordPackage>(Scope::Client, &[], CREATED),
            ),
            with(
                Method::POST,
                "/api/v1/clients/{id}/package/payment",
                Admin,
                "Pay a start-up package",
                door::package_payment(),
            ),
            with(Method::GET, "/api/v1/cohorts/{id}", Readers, "One cohort (no names)", read_training(Cohort)),
            with(
                Method::GET,
                "/api/v1/cohorts/{id}/enrolments",
                Readers,
                "A cohort's enrolments",
                read_training(Enrolments),
            ),
            with(
                Method::POST,
                "/api/v1/cohorts/{id}/enrolments",
                Writers,
                "Enrol a client",
                door::register_on::<EnrolClient>(Scope::Cohort, &[], CREATED),
            ),
            with(
                Method::POST,
                "/api/v1/cohorts/{id}/enrolments/{client}/assessment",
                Writers,
                "Assess a client's competence",
                door::register_on::<AssessClient>(Scope::Cohort, &["client"], CREATED),
            ),
            with(
                Method::POST,
                "/api/v1/cohorts/{id}/enrolments/{client}/completion",
                Writers,
                "A client completes or leaves",
                door::register_on::<CompleteTraining>(Scope::Cohort, &["client"], CREATED),
            ),
            with(Method::GET, "/api/v1/cohorts/{id}/sessions", Readers, "A cohort's sessions", read_training(Sessions)),
            with(
                Method::POST,
                "/api/v1/cohorts/{id}/sessions",
                Writers,
                "Record a session and its attendance",
                door::register_on::<RecordSession>(Scope::Cohort, &[], CREATED),
            ),
            get("/entities/{id}/cohorts", Readers, "Cohorts page", pages::panti::cohorts),
            get("/entities/{id}/cohorts/new", Writers, "Cohort plan form", pages::training::new_cohort),
            post("/entities/{id}/cohorts/new", Writers, "Plan a cohort from the page", pages::training::save_cohort),
            get(
                "/cohorts/{id}",
                Readers,
                "A cohort's page: participants, attendance, results",
                pages::training::cohort,
            ),
            get(
                "/cohorts/{id}/{step}",
                Writers,
                "A cohort's step form: enrolment, session, assessment or completion",
                pages::training::cohort_step,
            ),
            post(
                "/cohorts/{id}/{step}",
                Writers,
                "Enrol, record a session, assess or end a participant's training from the page",
                pages::training::save_cohort_step,
            ),
            get("/entities/{id}/clients", Readers, "Clients page, searched and paged", pages::training::clients),
            get("/entities/{id}/clients/new", Writers, "Client form", pages::training::new_client),
            post(
                "/entities/{id}/clients/new",
                Writers,
                "Register a client from the page",
                pages::training::save_client,
            ),
            get("/clients/{id}", Readers, "A client's record page", pages::training::client),
            get("/entities/{id}/staff", Readers, "Staff register page", pages::training::staff),
            post("/entities/{id}/staff", Writers, "Add a staff member from the page", pages::training::save_staff),
            get("/entities/{id}/placements", Readers, "Placements page", pages::panti::placements),
        ],
    )
}

/// The shipped skills catalogue: it names no one.
async fn shipped_skills(_user: super::extract::CurrentUser) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "skills": crate::domain::training::skill::catalogue() }))
}

/// The router of every route; `answers::shape_errors` puts every error in its door's shape.
pub(super) fn router() -> Router<AppState> {
    table().into_iter().fold(Router::new(), |router, r| router.route(r.path, r.handler))
}

/// The route reference, `docs/routes.md`.
pub fn reference() -> String {
    let mut text = String::from(
        "# Routes\n\nEvery route of the service, written from the route table in `src/http/routes.rs` \
         (a test fails when this file and the table differ; `UPDATE_DOCS=1 cargo test --test api routes` \
         writes it anew). Paths under `/api/v1` answer JSON (errors in the shape of `docs/architecture.md`), \
         the others are pages.\n",
    );
    let mut area = "";
    for route in table() {
        if route.area != area {
            area = route.area;
            text.push_str(&format!("\n## {area}\n\n| method | path | who | what |\n|---|---|---|---|\n"));
        }
        text.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            route.method,
            route.path,
            route.who.describe(),
            route.what
        ));
    }
    text
}

fn area(name: &'static str, routes: Vec<Route>) -> Vec<Route> {
    routes.into_iter().map(|route| Route { area: name, ..route }).collect()
}

fn with(method: Method, path: &'static str, who: Who, what: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route { area: "", method, path, who, what, handler }
}

fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, who: Who, what: &'static str, handler: H) -> Route {
    with(Method::GET, path, who, what, routing::get(handler))
}

fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, who: Who, what: &'static str, handler: H) -> Route {
    with(Method::POST, path, who, what, routing::post(handler))
}
