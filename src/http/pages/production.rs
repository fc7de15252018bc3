//! The production page (catat produksi): a batch turns inputs from stock, and a direct
//! cost paid from cash, into outputs. This is what puts made goods
//! (tahu) into stock so that they can be sold. A form over the `record_production` command.

use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, Fields, FormKind, Shown};
use super::confirm::confirmed;
use super::session::{Page, PageForm};
use super::{quantity, render};
use crate::domain::entity::Entity;
use crate::service::sales::ProductStock;
use crate::usecase::trade::record_production::{RecordProduction, INPUT_FIELDS, OUTPUT_FIELDS};
use crate::usecase::{Actor, Command};
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

/// Rows of each side the page shows: a product and its quantity; a row left empty is skipped.
const INPUTS: &[(&str, &str)] = INPUT_FIELDS.split_at(2).0;
const OUTPUTS: &[(&str, &str)] = OUTPUT_FIELDS.split_at(2).0;

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

/// The form's rows as the batch's input.
fn production_input(fields: &Fields) -> serde_json::Value {
    let side = |rows: &[(&str, &str)]| -> Vec<serde_json::Value> {
        rows.iter()
            .map(|(product, quantity)| serde_json::json!({"product_id": fields[product], "quantity": fields[quantity]}))
            .collect()
    };
    serde_json::json!({
        "date": fields["date"], "inputs": side(INPUTS), "outputs": side(OUTPUTS),
        "direct_cost": fields["direct_cost"], "memo": fields["memo"],
    })
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

/// The entity the page's user may record production in, as the command's access rule says.
fn producer(state: &AppState, page: &Page, id: &str) -> Result<Entity, AppError> {
    let id = super::super::api::parse_id(id, "entitas")?;
    Ok(state.ledger.entity_for(&Actor::new(page.user.clone()), id, RecordProduction::ACCESS)?)
}

pub(crate) async fn new_production(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = producer(&state, &page, &id)?;
    let shown = Shown::fresh(fresh(&PRODUCTION, &[]));
    Ok(production_page(&state, &page, &entity, &shown)?.into_response())
}

pub(crate) async fn save_production(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = producer(&state, page, &id)?;
    let shown = Shown::posted(&form, &PRODUCTION)?;
    let typed = production_input(&shown.fields);
    match super::form::run_as::<RecordProduction>(&state, page, entity.id, shown, typed).await? {
        Ok(posted) => Ok(confirmed(&entity, &posted)),
        Err(shown) => Ok(refused(production_page(&state, page, &entity, &shown)?)),
    }
}
