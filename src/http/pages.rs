//! Server-rendered pages (minijinja templates in `templates/`, compiled into the binary).

use super::api::{authorize, parse_id};
use super::error::AppError;
use super::extract::CurrentUser;
use super::sales::receipt_no;
use super::AppState;
use crate::domain::money::display_idr;
use crate::domain::user::Access;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use minijinja::{context, Environment};
use std::sync::OnceLock;

fn templates() -> &'static Environment<'static> {
    static TEMPLATES: OnceLock<Environment<'static>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut env = Environment::new();
        env.add_template("layout.html", include_str!("../../templates/layout.html")).expect("layout template parses");
        env.add_template("receipt.html", include_str!("../../templates/receipt.html"))
            .expect("receipt template parses");
        env.add_template("statement.html", include_str!("../../templates/statement.html"))
            .expect("statement template parses");
        env
    })
}

/// Renders a shipped template; they are tested to render, so a failure is a bug.
pub(super) fn render(name: &str, values: minijinja::Value) -> String {
    let template = templates().get_template(name).expect("a shipped template");
    template.render(values).unwrap_or_else(|error| panic!("template {name} renders: {error}"))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/entities/{id}/sales/{seq}/receipt", get(receipt))
}

/// The printable receipt (nota) of a sale.
async fn receipt(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
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
    let page = templates().get_template("receipt.html").expect("receipt template exists").render(context! {
        entity_name => entity.name,
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
    });
    Ok(Html(page.expect("the shipped receipt template renders")))
}
