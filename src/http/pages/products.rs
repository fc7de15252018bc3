//! The products pages: every product with its price and stock, and for a writer the form
//! that changes a price, name or unit (`change_product`); the form that adds a product
//! (`add_product`).

use super::super::api::authorize;
use super::super::error::AppError;
use super::super::AppState;
use super::books::{fresh, refused, FormKind, Shown};
use super::session::{see_other, Page, PageForm};
use super::{quantity, render, rupiah};
use crate::domain::entity::Entity;
use crate::domain::product::{Product, ProductKind};
use crate::domain::user::Access;
use crate::usecase::products::{add_product::AddProduct, change_product::ChangeProduct};
use crate::usecase::RegisterCommand;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{context, Value};
use std::collections::HashMap;

const CHANGE: FormKind = FormKind { template: "products.html", fields: &["product", "default_price", "name", "unit"] };
const NEW: FormKind =
    FormKind { template: "product_form.html", fields: &["code", "name", "unit", "default_price", "kind"] };

fn kind_text(page: &Page, kind: ProductKind) -> String {
    page.lang.text(match kind {
        ProductKind::BahanBaku => "products_kind_bahan_baku",
        ProductKind::BarangJadi => "products_kind_barang_jadi",
        ProductKind::Jasa => "products_kind_jasa",
    })
}

fn products_page(
    state: &AppState,
    page: &Page,
    entity: &Entity,
    shown: &Shown,
    saved: Option<&str>,
) -> Result<Html<String>, AppError> {
    let listed = state.ledger.products(entity.id)?;
    let products: Vec<Value> = (listed.iter())
        .map(|p| {
            let (product, on_hand) = (&p.product, &p.on_hand);
            let stock = (product.kind != ProductKind::Jasa).then(|| quantity(on_hand.quantity, &product.unit));
            context! {
                id => product.id.to_string(), code => product.code, name => product.name,
                price => rupiah(product.default_price.decimal()), kind => kind_text(page, product.kind), stock,
            }
        })
        .collect();
    let choices: Vec<[String; 2]> =
        listed.iter().map(|p| [p.product.id.to_string(), format!("{} · {}", p.product.code, p.product.name)]).collect();
    let extra = context! { products, choices, saved };
    Ok(render(CHANGE.template, shown.context(page, &CHANGE, entity, extra)))
}

/// After a product is stored: the list, with the product named and in view.
fn stored(entity: &Entity, product: &Product) -> Response {
    see_other(&format!("/entities/{}/products?saved={}#product-{}", entity.id, product.code, product.id))
}

pub(crate) async fn products(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, Access::Read)?;
    let saved = query.get("saved").map(String::as_str);
    Ok(products_page(&state, &page, &entity, &Shown::fresh(fresh(&CHANGE, &[])), saved)?.into_response())
}

pub(crate) async fn change_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, ChangeProduct::ACCESS)?;
    match super::form::run_register::<ChangeProduct>(&state, page, entity.id, Shown::posted(&form, &CHANGE)?).await? {
        Ok(product) => Ok(stored(&entity, &product)),
        Err(shown) => Ok(refused(products_page(&state, page, &entity, &shown, None)?)),
    }
}

fn new_product_page(page: &Page, entity: &Entity, shown: &Shown) -> Html<String> {
    let kinds: Vec<[String; 2]> = [ProductKind::BarangJadi, ProductKind::BahanBaku, ProductKind::Jasa]
        .into_iter()
        .map(|kind| {
            let word = serde_json::to_value(kind).expect("a kind serialises");
            [word.as_str().unwrap_or_default().to_string(), kind_text(page, kind)]
        })
        .collect();
    render(NEW.template, shown.context(page, &NEW, entity, context! { kinds }))
}

pub(crate) async fn new_product(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let entity = authorize(&state, &page.user, &id, AddProduct::ACCESS)?;
    let shown = Shown::fresh(fresh(&NEW, &[("kind", "barang_jadi"), ("default_price", "0")]));
    Ok(new_product_page(&page, &entity, &shown).into_response())
}

pub(crate) async fn save_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: PageForm,
) -> Result<Response, AppError> {
    let page = &form.page;
    let entity = authorize(&state, &page.user, &id, AddProduct::ACCESS)?;
    match super::form::run_register::<AddProduct>(&state, page, entity.id, Shown::posted(&form, &NEW)?).await? {
        Ok(product) => Ok(stored(&entity, &product)),
        Err(shown) => Ok(refused(new_product_page(page, &entity, &shown))),
    }
}
