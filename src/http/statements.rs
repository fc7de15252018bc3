//! `/api/v1` routes for the financial statements, SHU slips, grant accountability and
//! the panti overview: JSON, CSV or print-ready A4 HTML (`?format=json|csv|html`).

use super::api::{date_param, invalid, parse_id, today};
use super::door::ReadQuery;
use super::error::AppError;
use super::extract::CurrentUser;
use super::AppState;
use crate::domain::entity::Entity;
use crate::domain::money::display_idr;
use crate::domain::statements::Table;
use crate::domain::user::Access;
use crate::service::csv_out::CsvOut;
use crate::service::statements::{Period, StatementKind};
use crate::service::Ledger;
use crate::usecase::Actor;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Datelike, NaiveDate};
use minijinja::{context, Value};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

/// `from` and `to` (default: the first of January of `to`'s year, and today).
pub(super) fn period(query: &HashMap<String, String>) -> Result<Period, AppError> {
    let end = date_param(query, "to")?.unwrap_or_else(today);
    let start = match date_param(query, "from")? {
        Some(start) => start,
        None => NaiveDate::from_ymd_opt(end.year(), 1, 1).expect("the first of January exists"),
    };
    Ok(Period::new(start, end)?)
}

/// The table in the format asked for.
fn render(table: Table, entity_name: &str, query: &HashMap<String, String>) -> Result<Response, AppError> {
    match query.get("format").map(String::as_str).unwrap_or("json") {
        "json" => Ok(Json(table).into_response()),
        "csv" => Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], to_csv(&table)).into_response()),
        "html" => {
            let page = super::pages::render(
                "statement.html",
                context! {
                    entity_name => entity_name, printed_on => today().format("%d-%m-%Y").to_string(),
                    ..table_context(&table)
                },
            );
            Ok(page.into_response())
        }
        other => Err(invalid(format!("format {other:?} tidak dikenal (json, csv, html)"))),
    }
}

/// A table as a template reads it (`table.html`): amounts as `Rp1.500.000,00`.
pub(super) fn table_context(table: &Table) -> Value {
    let sections = sections_context(table);
    context! { title => table.title, columns => table.columns, sections, notes => table.notes }
}

/// The sections of a table as templates show them: amounts in rupiah, counts as counts.
pub(super) fn sections_context(table: &Table) -> Vec<minijinja::Value> {
    table
        .sections
        .iter()
        .map(|s| {
            let rows: Vec<_> = s
                .rows
                .iter()
                .map(|r| {
                    let values: Vec<String> = match r.count {
                        true => r.texts(),
                        false => r.values.iter().map(|v| display_idr(*v)).collect(),
                    };
                    context! { code => r.code, label => r.label, values => values, total => r.total }
                })
                .collect();
            context! { title => s.title, rows => rows }
        })
        .collect()
}

/// One line per row: section, code, label, then one canonical amount per column; every
/// cell safe from spreadsheet formulas.
pub(super) fn to_csv(table: &Table) -> String {
    let mut writer = CsvOut::in_memory();
    let mut header = vec!["bagian".to_string(), "kode".into(), "uraian".into()];
    header.extend(table.columns.iter().cloned());
    writer.row(&header).expect("writing to memory");
    for section in &table.sections {
        for row in &section.rows {
            let mut record = vec![section.title.clone(), row.code.clone().unwrap_or_default(), row.label.clone()];
            record.extend(row.texts());
            writer.row(&record).expect("writing to memory");
        }
    }
    writer.into_string()
}

pub(crate) fn statement(ledger: &Ledger, entity: &Entity, kind: &str, query: &ReadQuery) -> Result<Response, AppError> {
    let kind = StatementKind::parse(kind).ok_or_else(|| {
        AppError::NotFound(format!("laporan {kind:?} (neraca, hasil-usaha, perubahan-ekuitas, arus-kas, catatan)"))
    })?;
    render(ledger.statement(entity.id, kind, period(query.all())?)?, &entity.name, query.all())
}

pub(crate) fn panti_overview(ledger: &Ledger, panti: &Entity, query: &ReadQuery) -> Result<Response, AppError> {
    render(ledger.panti_overview(panti.id, period(query.all())?)?, &panti.name, query.all())
}

pub(crate) fn grant_report(ledger: &Ledger, entity: &Entity, query: &ReadQuery) -> Result<Response, AppError> {
    render(ledger.grant_report(entity.id, query.as_of()?)?, &entity.name, query.all())
}

/// A member may read their own slip; the entity's readers read everyone's.
pub(crate) async fn shu_slip(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, year, member)): Path<(String, String, String)>,
    Query(query): Params,
) -> Result<Response, AppError> {
    let member = state.ledger.member_for(&Actor::new(user), parse_id(&member, "anggota")?, Access::Read)?;
    if member.entity_id.to_string() != id {
        return Err(AppError::Forbidden);
    }
    let entity = state.ledger.entity(member.entity_id)?;
    let year = super::period::parse_year(&year)?;
    render(state.ledger.shu_slip(entity.id, year, member.id)?, &entity.name, &query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::statements::{Row, Section};
    use rust_decimal::Decimal;

    #[test]
    fn a_table_csv_quotes_formula_names_and_keeps_negative_amounts_numbers() {
        let row = Row::new("=HYPERLINK(\"http://x\")", vec![Decimal::new(-5_000_000, 2)]);
        let table = Table {
            title: "Neraca".into(),
            columns: vec!["@kolom".into()],
            sections: vec![Section { title: "+bagian".into(), rows: vec![row] }],
            notes: vec![],
        };
        assert_eq!(
            to_csv(&table),
            "bagian,kode,uraian,'@kolom\n'+bagian,,\"'=HYPERLINK(\"\"http://x\"\")\",-50000.00\n"
        );
    }
}
