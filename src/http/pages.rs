//! Server-rendered pages (minijinja templates in `templates/`, compiled into the binary):
//! sign-in, the treasurer's home, quick sale and other books' pages, a member's own
//! savings, the receipt, and the pages of a panti's head and supervisor.
//! Every page form carries its session's CSRF token; pages answer errors as pages.

pub(super) mod admin;
pub(super) mod assets;
pub(super) mod books;
pub(super) mod bylaws;
pub(super) mod chart;
mod confirm;
pub(super) mod credit;
pub(super) mod expense;
mod form;
pub(super) mod hub;
pub(super) mod identity;
pub(super) mod loans;
pub(super) mod member;
pub(super) mod member_exit;
pub(super) mod panti;
pub(super) mod production;
pub(super) mod products;
pub(super) mod report_settings;
pub(super) mod report_submit;
pub(super) mod reports;
pub(super) mod roster;
pub(super) mod session;
pub(super) use confirm::saved;
pub(super) use session::error_pages;
mod text;
pub(super) mod training;
pub(super) mod treasurer;
pub(super) mod upload;

use super::api::{authorize, parse_id};
use super::error::AppError;
use super::extract::CurrentUser;
use super::sales::receipt_no;
use super::AppState;
use crate::domain::money::display_idr;
use crate::domain::user::Access;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::response::Html;
use minijinja::{context, Environment, Value};
use session::Page;
use std::sync::OnceLock;

const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../../templates/layout.html")),
    ("assets.html", include_str!("../../templates/assets.html")),
    ("loans.html", include_str!("../../templates/loans.html")),
    ("loan.html", include_str!("../../templates/loan.html")),
    ("loan_head.html", include_str!("../../templates/loan_head.html")),
    ("loan_schedule.html", include_str!("../../templates/loan_schedule.html")),
    ("member_loans.html", include_str!("../../templates/member_loans.html")),
    ("receipt.html", include_str!("../../templates/receipt.html")),
    ("login.html", include_str!("../../templates/login.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("start.html", include_str!("../../templates/start.html")),
    ("treasurer_home.html", include_str!("../../templates/treasurer_home.html")),
    ("sale_form.html", include_str!("../../templates/sale_form.html")),
    ("member_balances.html", include_str!("../../templates/member_balances.html")),
    ("member_statement.html", include_str!("../../templates/member_statement.html")),
    ("member_arrears.html", include_str!("../../templates/member_arrears.html")),
    ("member_nav.html", include_str!("../../templates/member_nav.html")),
    ("statement.html", include_str!("../../templates/statement.html")),
    ("table.html", include_str!("../../templates/table.html")),
    ("fields.html", include_str!("../../templates/fields.html")),
    ("books_nav.html", include_str!("../../templates/books_nav.html")),
    ("purchase_form.html", include_str!("../../templates/purchase_form.html")),
    ("accounts.html", include_str!("../../templates/accounts.html")),
    ("account.html", include_str!("../../templates/account.html")),
    ("expense_form.html", include_str!("../../templates/expense_form.html")),
    ("savings_form.html", include_str!("../../templates/savings_form.html")),
    ("bylaws.html", include_str!("../../templates/bylaws.html")),
    ("identity.html", include_str!("../../templates/identity.html")),
    ("member_exit.html", include_str!("../../templates/member_exit.html")),
    ("products.html", include_str!("../../templates/products.html")),
    ("product_form.html", include_str!("../../templates/product_form.html")),
    ("journal.html", include_str!("../../templates/journal.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
    ("cash_book.html", include_str!("../../templates/cash_book.html")),
    ("upload.html", include_str!("../../templates/upload.html")),
    ("overview.html", include_str!("../../templates/overview.html")),
    ("panti_overview.html", include_str!("../../templates/panti_overview.html")),
    ("area.html", include_str!("../../templates/area.html")),
    ("closes.html", include_str!("../../templates/closes.html")),
    ("shu_preview.html", include_str!("../../templates/shu_preview.html")),
    ("close_confirm.html", include_str!("../../templates/close_confirm.html")),
    ("shu_figures.html", include_str!("../../templates/shu_figures.html")),
    ("cohorts.html", include_str!("../../templates/cohorts.html")),
    ("placements.html", include_str!("../../templates/placements.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("report_status.html", include_str!("../../templates/report_status.html")),
    ("reports.html", include_str!("../../templates/reports.html")),
    ("assessments.html", include_str!("../../templates/assessments.html")),
    ("assessment_form.html", include_str!("../../templates/assessment_form.html")),
    ("plan.html", include_str!("../../templates/plan.html")),
    ("report_page.html", include_str!("../../templates/report_page.html")),
    ("submissions.html", include_str!("../../templates/submissions.html")),
    ("submitted.html", include_str!("../../templates/submitted.html")),
    ("hub.html", include_str!("../../templates/hub.html")),
    ("report_settings.html", include_str!("../../templates/report_settings.html")),
    ("recap.html", include_str!("../../templates/recap.html")),
    ("production_form.html", include_str!("../../templates/production_form.html")),
    ("saved.html", include_str!("../../templates/saved.html")),
    ("members.html", include_str!("../../templates/members.html")),
    ("paging.html", include_str!("../../templates/paging.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("clients.html", include_str!("../../templates/clients.html")),
    ("client_form.html", include_str!("../../templates/client_form.html")),
    ("client.html", include_str!("../../templates/client.html")),
    ("cohort_form.html", include_str!("../../templates/cohort_form.html")),
    ("cohort.html", include_str!("../../templates/cohort.html")),
    ("cohort_step.html", include_str!("../../templates/cohort_step.html")),
    ("staff.html", include_str!("../../templates/staff.html")),
    ("admin_users.html", include_str!("../../templates/admin_users.html")),
    ("admin_user.html", include_str!("../../templates/admin_user.html")),
    ("admin_entities.html", include_str!("../../templates/admin_entities.html")),
    ("admin_backups.html", include_str!("../../templates/admin_backups.html")),
    ("member_form.html", include_str!("../../templates/member_form.html")),
    ("open_items.html", include_str!("../../templates/open_items.html")),
];

fn templates() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).unwrap_or_else(|e| panic!("template {name} parses: {e}"));
        }
        env
    })
}

/// Renders a shipped template; they are compiled in and tested, so a failure is a bug.
pub(super) fn render(name: &str, context: Value) -> Html<String> {
    let template = templates().get_template(name).unwrap_or_else(|e| panic!("template {name} exists: {e}"));
    Html(template.render(context).unwrap_or_else(|e| panic!("template {name} renders: {e}")))
}

use crate::domain::money::rupiah;

/// One page of `items` at `?page=` (the first when not asked, the last when past it): the
/// items shown, the page and how many pages there are.
pub(super) fn paged<'a, T>(
    items: &'a [T],
    per_page: usize,
    query: &std::collections::HashMap<String, String>,
) -> (&'a [T], usize, usize) {
    let pages = items.len().div_ceil(per_page).max(1);
    let at = query.get("page").and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, pages);
    let start = ((at - 1) * per_page).min(items.len());
    (&items[start..(start + per_page).min(items.len())], at, pages)
}

/// A quantity as it is written in Indonesian, with its unit: `148,636 kg`.
pub(super) fn quantity(value: rust_decimal::Decimal, unit: &str) -> String {
    format!("{} {unit}", value.normalize().to_string().replace('.', ","))
}
pub(super) use text::chosen as chosen_lang;

/// The printable receipt (nota) of a sale, in the reader's language. An API client reads
/// it with its bearer token; a browser's page session adds the navigation.
pub(crate) async fn receipt(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    page: Result<Page, AppError>,
    parts: Parts,
    Path((id, seq)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &user, &id, Access::Read)?;
    let seq = parse_id(&seq, "penjualan")?;
    let (entry, sale) = state.ledger.sale(entity.id, seq)?;
    let member = sale.member_id.map(|id| state.ledger.member(id).map(|m| m.number.as_str().to_string())).transpose()?;
    let lines: Vec<_> = sale
        .lines
        .iter()
        .map(|l| {
            context! {
                name => l.name, unit => l.unit, quantity => l.quantity.decimal().normalize().to_string(),
                unit_price => display_idr(l.unit_price.decimal()), amount => display_idr(l.amount.decimal()),
            }
        })
        .collect();
    let shown = context! {
        entity_name => entity.name,
        entity_id => entity.id,
        receipt_no => receipt_no(seq),
        seq => seq,
        date => entry.entry.date().format("%d-%m-%Y").to_string(),
        customer => sale.customer,
        member => member,
        on_credit => sale.on_credit,
        lines => lines,
        discount => (!sale.discount.is_zero()).then(|| display_idr(sale.discount.decimal())),
        net => display_idr(sale.net.decimal()),
        recorded_by => entry.recorded_by,
        hash => hex::encode(&entry.hash[..8]),
        reversed_by => state.ledger.reversed_by(entity.id, seq)?,
    };
    let context = match page {
        Ok(page) => page.context(shown),
        Err(AppError::Unauthorized) => session::sessionless_context(&parts, shown),
        Err(error) => return Err(error),
    };
    Ok(render("receipt.html", context))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        for (name, _) in TEMPLATES {
            templates().get_template(name).unwrap();
        }
    }
}
