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
            (group.first_line, super::import::written_input(serde_json::Value::Object(shared)))
        })
        .collect())
}

/// How the rows of a file group into one command input: the column that numbers the
/// group, the columns a file must have, and those that belong to each line.
pub(crate) struct Grouping {
    pub group: &'static str,
    pub required: &'static [&'static str],
    pub line_columns: &'static [&'static str],
}

/// `sale,date,customer,member,product,quantity,unit_price,discount,payment` rows as
/// `RecordSale` commands: `member` is a member number, `product` a product code; an empty
/// `unit_price` takes the product's price.
pub(crate) const SALES: Grouping = Grouping {
    group: "sale",
    required: &["sale", "date", "product", "quantity"],
    line_columns: &["product", "quantity", "unit_price"],
};

/// `purchase,date,supplier,product,description,quantity,unit_cost,payment` rows (and
/// `expense_account`) as `RecordPurchase` commands; a row names a product (into stock) by
/// code or describes something else (a tool, a sundry).
pub(crate) const PURCHASES: Grouping = Grouping {
    group: "purchase",
    required: &["purchase", "date", "supplier", "quantity", "unit_cost"],
    line_columns: &["product", "description", "quantity", "unit_cost", "expense_account"],
};

/// Imports a file as one `C` a group of rows, all or nothing; a bad line of a group of
/// several rows is named by the group's first line.
pub(crate) async fn import_grouped<C: crate::usecase::Command>(
    ledger: &Ledger,
    entity: EntityId,
    grouping: &Grouping,
    file_name: &str,
    text: &str,
    by: &str,
    idempotency: Option<Idempotency>,
) -> Result<usize, ImportError> {
    ledger.entity(entity)?;
    let rows = grouped_inputs(file_name, text, grouping.group, grouping.required, grouping.line_columns)?;
    ledger.import_commands::<C>(entity, file_name, rows, by, idempotency, Lang::Id).await
}
