//! The production page (catat produksi): a batch turns inputs from stock, and a direct
//! cost paid from cash, into outputs, over `Ledger::produce`. This is what puts made goods
//! (tahu) into stock so that they can be sold.

use super::super::api::authorize;
use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, Fields, FormKind, Shown};
use super::confirm::confirmed;
use super::form::{is_locked_date, Check};
use super::session::{Page, PageForm};
use super::{quantity, render};
use crate::domain::entity::Entity;
use crate::domain::entry::{Memo, ProductId, Quantity};
use crate::domain::money::Money;
use crate::domain::sales::SalesError;
use crate::domain::user::Access;
use crate::service::sales::{ProductStock, ProductionRequest};
use crate::service::ServiceError;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

/// Rows of each side of a batch: a product and its quantity; a row left empty is skipped.
const INPUTS: [(&str, &str); 2] = [("input_1", "input_qty_1"), ("input_2", "input_qty_2")];
const OUTPUTS: [(&str, &str); 2] = [("output_1", "output_qty_1"), ("output_2", "output_qty_2")];

const PRODUCTION: FormKind = FormKind {
    template: "production_form.html",
    fields: &[
        "input_1",
        "input_qty_1",
        "input_2",
        "input_qty_2",
        "output_1",
        "output_qty_1",
        "output_2",
        "output_qty_2",
        "direct_cost",
        "memo",
        "date",
    ],
};

/// One side of the batch as typed; at least one row, each with a product and a quantity.
fn side(
    check: &mut Check,
    fields: &Fields,
    rows: &[(&'static str, &'static str)],
    none: &str,
) -> Option<Vec<(ProductId, Quantity)>> {
    let mut items = Vec::new();
    let mut whole = true;
    for &(product, quantity) in rows {
        let (chosen, typed) = (fields[product].as_str(), fields[quantity].as_str());
        if chosen.is_empty() && typed.is_empty() {
            continue;
        }
        let id = check.field(product, "e_product_missing", chosen.parse::<ProductId>().ok());
        let amount = check.field(quantity, "e_quantity", Quantity::parse(typed).ok());
        match (id, amount) {
            (Some(id), Some(amount)) => items.push((id, amount)),
            _ => whole = false,
        }
    }
    if whole && items.is_empty() {
        check.field::<()>(rows[0].0, none, None);
        return None;
    }
    whole.then_some(items)
}

fn parse_production(fields: &Fields, page: &Page) -> Result<ProductionRequest, super::form::FieldErrors> {
    let mut check = Check::new(page.lang);
    let inputs = side(&mut check, fields, &INPUTS, "e_no_inputs");
    let outputs = side(&mut check, fields, &OUTPUTS, "e_no_outputs");
    let direct_cost = match fields["direct_cost"].as_str() {
        "" => Some(Money::ZERO),
        text => check.amount("direct_cost", text),
    };
    let memo = match fields["memo"].as_str() {
        "" => Some(None),
        text => check.field("memo", "e_description", Memo::parse(text).ok().map(Some)),
    };
    let date = check.date("date", &fields["date"]);
    match (inputs, outputs, direct_cost, memo, date) {
        (Some(inputs), Some(outputs), Some(direct_cost), Some(memo), Some(date)) => {
            Ok(ProductionRequest { date, inputs, outputs, direct_cost, memo })
        }
        _ => Err(check.errors),
    }
}

/// Goods that can go into or come out of a batch: those kept in stock.
fn stocked(state: &AppState, entity: &Entity) -> Result<Vec<ProductStock>, AppError> {
    Ok(state.ledger.products(entity.id)?.into_iter().filter(|p| p.product.stock_account().is_some()).collect())
}

fn production_page(state: &AppState, page: &Page, entity: &Entity, shown: &Shown) -> Result<Html<String>, AppError> {
    let t = |key: &str| page.lang.text(key);
    let products: Vec<[String; 2]> = stocked(state, entity)?
        .into_iter()
        .map(|p| {
            let on_hand = quantity(p.on_hand.quantity, &p.product.unit);
            [p.product.id.to_string(), format!("{} · {} {on_hand}", p.product.name, t("in_stock"))]
        })
        .collect();
    let extra = context! { products, inputs => INPUTS, outputs => OUTPUTS };
    Ok(render(PRODUCTION.template, shown.context(page, &PRODUCTION, entity, extra)))
}

pub(crate) async fn new_production(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let shown = Shown::fresh(fresh(&PRODUCTION, &[]));
    Ok(production_page(&state, &page, &entity, &shown)?.into_response())
}

/// Where a refused batch says what is wrong: short stock at the quantity of that input.
fn place(state: &AppState, entity: &Entity, fields: &Fields, error: &ServiceError) -> Option<&'static str> {
    match error {
        ServiceError::Sales(SalesError::InsufficientStock { product, .. }) => {
            let short = stocked(state, entity)
                .ok()?
                .into_iter()
                .find(|p| *product == format!("{} ({})", p.product.name, p.product.code))?;
            let id = short.product.id.to_string();
            Some(INPUTS.iter().find(|(chosen, _)| fields[*chosen] == id).unwrap_or(&INPUTS[0]).1)
        }
        ServiceError::Sales(SalesError::Funds(_)) => Some("direct_cost"),
        ServiceError::Sales(SalesError::ServiceNotStocked(_)) => Some(OUTPUTS[0].0),
        ServiceError::NotFound(_) => Some(INPUTS[0].0),
        other => is_locked_date(other).then_some("date"),
    }
}

pub(crate) async fn save_production(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, Access::Write)?;
    let (shown, request) = match Shown::parsed(&form, &PRODUCTION, |fields| parse_production(fields, page))? {
        Ok(parsed) => parsed,
        Err(shown) => return Ok(refused(production_page(&state, page, &entity, &shown)?)),
    };
    let idempotency = shown.once("production", &entity);
    match state.ledger.produce(entity.id, request, page.user.username.as_str(), Some(idempotency)).await {
        Ok(posted) => Ok(confirmed(&entity, &posted)),
        Err(error) => {
            let fields = shown.fields.clone();
            let shown = shown.refused(error, page.lang, |error| place(&state, &entity, &fields, error))?;
            Ok(refused(production_page(&state, page, &entity, &shown)?))
        }
    }
}
