//! The treasurer's pages: the books' home (cash on hand, today's sales) and quick sale.

use super::super::api::{authorize, today};
use super::super::error::AppError;
use super::super::sales::{optional_text, receipt_no};
use super::super::AppState;
use super::form::{self, first_error, form_key, is_locked_date, new_form_key, Check, FieldErrors};
use super::session::{see_other, Page, PageForm};
use super::text::Lang;
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::entry::Quantity;
use crate::domain::money::Money;
use crate::domain::sales::SalesError;
use crate::domain::user::{allows, Access};
use crate::messages::message;
use crate::service::sales::SaleRequest;
use crate::service::{Idempotency, ServiceError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};

fn receipt_url(entity: &Entity, seq: u64) -> String {
    format!("/entities/{}/sales/{seq}/receipt", entity.id)
}

pub(crate) async fn home(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let day = state.ledger.treasurer_day(entity.id, today())?;
    let sales: Vec<Value> = day
        .sales
        .iter()
        .map(|sale| {
            context! {
                receipt_no => receipt_no(sale.seq), url => receipt_url(&entity, sale.seq),
                customer => sale.customer, on_credit => sale.on_credit, net => rupiah(sale.net),
            }
        })
        .collect();
    Ok(render(
        "treasurer_home.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, date => day.date.format("%d-%m-%Y").to_string(),
            cash => rupiah(day.cash), sales, sales_total => rupiah(day.sales_total),
            can_write => allows(page.user.role, page.user.entity_id, Access::Write, &entity),
        }),
    ))
}

/// The quick-sale form as typed, kept whole so that an error loses nothing. `form_key`
/// is made once per form shown and is the sale's idempotency key: a double click or a
/// resent form stores the sale once and answers with its receipt.
#[derive(Debug, Clone, serde::Serialize)]
struct SaleFields {
    product: String,
    quantity: String,
    unit_price: String,
    payment: String,
    customer: String,
    date: String,
    form_key: String,
}

/// Fields in the order the form shows them: the first with an error gets the focus.
const SALE_FIELDS: [&str; 6] = ["product", "quantity", "unit_price", "payment", "customer", "date"];

impl SaleFields {
    fn fresh() -> SaleFields {
        SaleFields {
            product: String::new(),
            quantity: "1".into(),
            unit_price: String::new(),
            payment: "cash".into(),
            customer: String::new(),
            date: today().to_string(),
            form_key: new_form_key(),
        }
    }

    fn typed(form: &PageForm) -> SaleFields {
        let field = |name: &str| form.field(name).to_string();
        SaleFields {
            product: field("product"),
            quantity: field("quantity"),
            unit_price: field("unit_price"),
            payment: field("payment"),
            customer: field("customer"),
            date: field("date"),
            form_key: field("form_key"),
        }
    }

    /// Parses every field, naming every bad one.
    fn parse(&self, lang: Lang) -> Result<SaleRequest, FieldErrors> {
        let mut check = Check::new(lang);
        let product = check.field("product", "e_product_missing", self.product.trim().parse::<u64>().ok());
        let quantity = check.field("quantity", "e_quantity", Quantity::parse(&self.quantity).ok());
        let unit_price = match self.unit_price.trim() {
            "" => Some(None),
            text => Money::parse_indonesian(text).ok().filter(|m| !m.is_negative()).map(Some),
        };
        let unit_price = check.field("unit_price", "e_price", unit_price);
        let on_credit = check.field("payment", "e_payment", crate::usecase::fields::on_credit(&self.payment).ok());
        let customer =
            check.field("customer", "e_customer", optional_text(Some(self.customer.clone()), "nama pembeli").ok());
        let date = check.date("date", &self.date);
        match (product, quantity, unit_price, on_credit, customer, date) {
            (Some(product), Some(quantity), Some(unit_price), Some(on_credit), Some(customer), Some(date)) => {
                Ok(SaleRequest {
                    date,
                    customer,
                    member_id: None,
                    lines: vec![(product, quantity, unit_price)],
                    discount: Money::ZERO,
                    on_credit,
                    memo: None,
                })
            }
            _ => Err(check.errors),
        }
    }

    /// The form key as idempotency key, bound to what the form asked for.
    fn idempotency(&self, entity: &Entity, request: &SaleRequest) -> Idempotency {
        let (product, quantity, price) = request.lines[0];
        let asked = serde_json::json!([
            entity.id,
            product,
            quantity.decimal().normalize().to_string(),
            price.map(Money::canonical),
            request.date,
            request.on_credit,
            request.customer,
        ]);
        form::idempotency("sale", &self.form_key, &asked)
    }
}

pub(crate) async fn new_sale(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    sale_form(&state, &page, &entity, &SaleFields::fresh(), FieldErrors::new(), None, StatusCode::OK)
}

fn sale_form(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    fields: &SaleFields,
    errors: FieldErrors,
    form_error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let products: Vec<Value> = state
        .ledger
        .products(entity.id)?
        .into_iter()
        .map(|p| {
            let price = rupiah(p.product.default_price.decimal());
            let stocked = p.product.stock_account().is_some();
            context! {
                id => p.product.id.to_string(), name => p.product.name, unit => p.product.unit,
                price_text => price.trim_start_matches("Rp").to_string(), price,
                on_hand => stocked.then(|| p.on_hand.quantity.normalize().to_string()),
            }
        })
        .collect();
    let first_error = first_error(&SALE_FIELDS, &errors);
    let page_html = render(
        "sale_form.html",
        page.context(context! {
            entity_name => entity.name, entity_id => entity.id, products, fields, errors, form_error, first_error,
        }),
    );
    Ok((status, page_html).into_response())
}

pub(crate) async fn save_sale(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let mut fields = SaleFields::typed(&form);
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    form_key(&form)?;
    let request = match fields.parse(page.lang) {
        Ok(request) => request,
        Err(errors) => return sale_form(&state, page, &entity, &fields, errors, None, refused),
    };
    let idempotency = fields.idempotency(&entity, &request);
    match state.ledger.sell(entity.id, request, page.user.username.as_str(), Some(idempotency)).await {
        Ok(posted) => Ok(see_other(&receipt_url(&entity, posted.entries[0].seq))),
        Err(error) => {
            let (field, message) = refusal(error, page.lang)?;
            if field.is_none() {
                // Whatever went wrong, what is typed next is a new request.
                fields.form_key = new_form_key();
            }
            let errors: FieldErrors = field.map(|f| (f, message.clone())).into_iter().collect();
            sale_form(&state, page, &entity, &fields, errors, field.is_none().then_some(message), refused)
        }
    }
}

/// Where on the form a refused sale says what is wrong: stock at the quantity, a missing
/// customer at the customer, an unknown product at the product; else as any form.
fn refusal(error: ServiceError, lang: Lang) -> Result<(Option<&'static str>, String), AppError> {
    Ok(match error {
        ServiceError::Sales(SalesError::InsufficientStock { product, unit, on_hand, .. }) => {
            let args = [("product", product.into()), ("on_hand", on_hand.into()), ("unit", unit.into())];
            (Some("quantity"), message(lang, "e_stock", &args))
        }
        ServiceError::Sales(SalesError::CustomerRequired) => (Some("customer"), lang.text("e_customer_required")),
        ServiceError::NotFound(_) => (Some("product"), lang.text("e_product_unknown")),
        other => return form::refusal(other, lang, |e| is_locked_date(e).then_some("date")),
    })
}
