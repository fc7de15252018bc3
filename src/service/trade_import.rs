//! CSV import of sales and purchases as kept in a notebook or spreadsheet: all or
//! nothing, every bad row named as `FILE:LINE: reason`, stock checked sale by sale: the
//! rows of one sale (or purchase) become one input of its command.

use super::import::{csv_rows, ImportError};
use super::{Idempotency, Ledger, ServiceError};
use crate::domain::entity::EntityId;
use crate::messages::Lang;
use std::collections::HashMap;

/// What the rows of one sale or purchase share, and its lines, each with its file line.
struct Group {
    key: String,
    first_line: u64,
    fields: HashMap<String, String>,
    lines: Vec<(u64, HashMap<String, String>)>,
}

/// Reads rows and groups consecutive rows with the same value in `group_column`.
fn read_groups(file_name: &str, text: &str, group_column: &str, required: &[&str]) -> (Vec<Group>, Vec<(u64, String)>) {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return (Vec::new(), vec![(1, format!("{file_name}:1: {error}"))]),
    };
    let missing: Vec<(u64, String)> = required
        .iter()
        .filter(|c| !headers.iter().any(|h| h == **c))
        .map(|c| (1, format!("{file_name}:1: kolom {c:?} tidak ada di baris judul")))
        .collect();
    if !missing.is_empty() {
        return (Vec::new(), missing);
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut errors = Vec::new();
    for (line, record) in csv_rows(file_name, &mut reader, &mut errors) {
        let fields: HashMap<String, String> =
            headers.iter().zip(record.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect();
        let key = fields.get(group_column).cloned().unwrap_or_default();
        match groups.last_mut() {
            Some(group) if group.key == key => group.lines.push((line, fields)),
            _ => groups.push(Group { key, first_line: line, fields: fields.clone(), lines: vec![(line, fields)] }),
        }
    }
    (groups, errors)
}

/// The rows of a file as one command input a group: consecutive rows with the same
/// `group_column` are one sale (or purchase); the first row's other columns are what its
/// rows share, each row's `line_columns` one of its `lines`. An empty cell is an absent field.
pub(crate) fn grouped_inputs<I: serde::de::DeserializeOwned>(
    file_name: &str,
    text: &str,
    group_column: &str,
    required: &[&str],
    line_columns: &[&str],
) -> Result<Vec<(u64, Result<I, ServiceError>)>, ImportError> {
    let (groups, errors) = read_groups(file_name, text, group_column, required);
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors.into_iter().map(|(_, message)| message).collect()));
    }
    let cells = |fields: &HashMap<String, String>, line: bool| -> serde_json::Map<String, serde_json::Value> {
        fields
            .iter()
            .filter(|(name, cell)| {
                !cell.is_empty() && name.as_str() != group_column && line_columns.contains(&name.as_str()) == line
            })
            .map(|(name, cell)| (name.clone(), serde_json::Value::String(cell.clone())))
            .collect()
    };
    Ok(groups
        .into_iter()
        .map(|group| {
            let mut shared = cells(&group.fields, false);
            let lines = group.lines.iter().map(|(_, fields)| serde_json::Value::Object(cells(fields, true))).collect();
            shared.insert("lines".into(), serde_json::Value::Array(lines));
            (group.first_line, super::import::input(serde_json::Value::Object(shared)))
        })
        .collect())
}

/// Imports `sale,date,customer,member,product,quantity,unit_price,discount,payment`
/// rows as `RecordSale` commands; consecutive rows with the same `sale` are one sale.
/// `member` is a member number, `product` a product code; an empty `unit_price` takes
/// the product's price. A bad line of a sale of several rows is named by the sale's first line.
pub async fn import_sales(
    ledger: &Ledger,
    entity: EntityId,
    file_name: &str,
    text: &str,
    by: &str,
    idempotency: Option<Idempotency>,
) -> Result<usize, ImportError> {
    use crate::usecase::trade::record_sale::RecordSale;
    ledger.entity(entity)?;
    let rows = grouped_inputs(file_name, text, "sale", &["sale", "date", "product", "quantity"], &SALE_LINE_COLUMNS)?;
    ledger.import_commands::<RecordSale>(entity, file_name, rows, by, idempotency, Lang::Id).await
}

/// The columns of a sales file that belong to each line rather than to the sale.
const SALE_LINE_COLUMNS: [&str; 3] = ["product", "quantity", "unit_price"];

/// Imports `purchase,date,supplier,product,description,quantity,unit_cost,payment`
/// rows (and `expense_account`) as `RecordPurchase` commands; a row names a product (into
/// stock) by code or describes something else (a tool, a sundry).
pub async fn import_purchases(
    ledger: &Ledger,
    entity: EntityId,
    file_name: &str,
    text: &str,
    by: &str,
    idempotency: Option<Idempotency>,
) -> Result<usize, ImportError> {
    use crate::usecase::trade::record_purchase::RecordPurchase;
    ledger.entity(entity)?;
    let required = ["purchase", "date", "supplier", "quantity", "unit_cost"];
    let rows = grouped_inputs(file_name, text, "purchase", &required, &PURCHASE_LINE_COLUMNS)?;
    ledger.import_commands::<RecordPurchase>(entity, file_name, rows, by, idempotency, Lang::Id).await
}

/// The columns of a purchases file that belong to each line rather than to the purchase.
const PURCHASE_LINE_COLUMNS: [&str; 5] = ["product", "description", "quantity", "unit_cost", "expense_account"];
