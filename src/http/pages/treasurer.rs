//! The treasurer's pages: the books' home (cash on hand, today's sales) and quick sale.

use super::super::api::{authorize, today};
use super::super::error::AppError;
use super::super::sales::receipt_no;
use super::super::AppState;
use super::books::{fresh, refused, Fields, FormKind, Shown};
use super::form;
use super::session::{see_other, Page, PageForm};
use super::{render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::user::{allows, Access};
use crate::usecase::trade::record_sale::RecordSale;
use crate::usecase::{Actor, Command};
use axum::extract::{Path, State};
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

/// The quick sale: one product, a form over the `record_sale` command. Its one-time
/// form key is the sale's idempotency key: a double click or a resent form stores the sale
/// once and answers with its receipt.
const SALE: FormKind = FormKind {
    template: "sale_form.html",
    fields: &["product", "quantity", "unit_price", "payment", "customer", "date"],
};

/// The form's product as the sale's one line.
fn sale_input(fields: &Fields) -> serde_json::Value {
    serde_json::json!({
        "date": fields["date"], "customer": fields["customer"], "payment": fields["payment"],
        "lines": [{"product_id": fields["product"], "quantity": fields["quantity"], "unit_price": fields["unit_price"]}],
    })
}

/// The entity the page's user may sell from, as the command's access rule says.
fn seller(state: &AppState, page: &Page, id: &str) -> Result<Entity, AppError> {
    let id = super::super::api::parse_id(id, "entitas")?;
    Ok(state.ledger.entity_for(&Actor::new(page.user.clone()), id, RecordSale::ACCESS)?)
}

pub(crate) async fn new_sale(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = seller(&state, &page, &id)?;
    let shown = Shown::fresh(fresh(&SALE, &[("quantity", "1"), ("payment", "cash")]));
    Ok(sale_page(&state, &page, &entity, &shown)?.into_response())
}

fn sale_page(state: &AppState, page: &Page, entity: &Entity, shown: &Shown) -> Result<Html<String>, AppError> {
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
    Ok(render(SALE.template, shown.context(page, &SALE, entity, context! { products })))
}

pub(crate) async fn save_sale(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = seller(&state, page, &id)?;
    let shown = Shown::posted(&form, &SALE)?;
    let typed = sale_input(&shown.fields);
    match form::run_as::<RecordSale>(&state, page, entity.id, shown, typed).await? {
        Ok(posted) => Ok(see_other(&receipt_url(&entity, posted.entries[0].seq))),
        Err(shown) => Ok(refused(sale_page(&state, page, &entity, &shown)?)),
    }
}
