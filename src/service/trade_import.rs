//! CSV import of sales and purchases as kept in a notebook or spreadsheet: all or
//! nothing, every bad row named as `FILE:LINE: reason`, stock checked sale by sale.

use super::import::{csv_rows, parse_date, ImportError};
use super::sales::{resolve_purchase, PurchaseItem, PurchaseRequest};
use super::writer::{Prepare, Prepared};
use super::{Idempotency, Ledger, ServiceError};
use crate::domain::books::Books;
use crate::domain::entity::EntityId;
use crate::domain::entry::{BalancedEntry, ProductId, Quantity};
use crate::domain::money::Money;
use crate::domain::sales::purchase_entry;
use crate::domain::tag::EntryTag;
use crate::messages::Lang;
use crate::store::Store;
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

fn field<'a>(fields: &'a HashMap<String, String>, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

fn optional(fields: &HashMap<String, String>, name: &str) -> Option<String> {
    Some(field(fields, name).to_string()).filter(|v| !v.is_empty())
}

fn credit(text: &str) -> Result<bool, String> {
    crate::usecase::fields::on_credit(text).map_err(|problem| crate::messages::problem_text(Lang::Id, &problem))
}

/// Every problem of one row, joined; `None` when the row is good.
fn problems(found: Vec<Option<String>>) -> Option<String> {
    let found: Vec<String> = found.into_iter().flatten().collect();
    (!found.is_empty()).then(|| found.join("; "))
}

fn amount(text: &str, what: &str) -> Result<Money, String> {
    Money::parse_indonesian(text).map_err(|e| format!("{what}: {e}"))
}

/// Products of the entity by code.
fn products_by_code(store: &Store, entity: EntityId) -> Result<HashMap<String, ProductId>, ServiceError> {
    Ok(store.products(entity)?.into_iter().map(|p| (p.code, p.id)).collect())
}

/// Posts imported entries built one after another against the evolving books, so that
/// each sale sees the stock the previous ones left; every failing row is named.
async fn post_imported<R: Send + 'static>(
    ledger: &Ledger,
    entity: EntityId,
    by: &str,
    idempotency: Option<Idempotency>,
    file_name: String,
    requests: Vec<(u64, R)>,
    mut errors: Vec<(u64, String)>,
    build: fn(&Books, &Store, EntityId, &R) -> Result<(BalancedEntry, EntryTag), ServiceError>,
) -> Result<usize, ImportError> {
    let count = requests.len();
    let prepare: Prepare = Box::new(move |books, store| {
        let mut scratch = books.clone();
        let mut prepared = Prepared::default();
        for (line, request) in &requests {
            let built = build(&scratch, store, entity, request).and_then(|(entry, tag)| {
                super::registers::post_checked(&mut scratch, store, entry.clone())?;
                Ok((entry, tag))
            });
            match built {
                Ok((entry, tag)) => {
                    prepared.entries.push(entry);
                    prepared.tags.push(tag);
                }
                Err(error) => errors
                    .push((*line, format!("{file_name}:{line}: {}", crate::messages::refusal_text(Lang::Id, &error)))),
            }
        }
        if errors.is_empty() {
            Ok(prepared)
        } else {
            errors.sort_by_key(|(line, _)| *line);
            Err(ServiceError::Rows(errors.into_iter().map(|(_, message)| message).collect()))
        }
    });
    match ledger.post_prepared(entity, prepare, false, by, idempotency).await {
        Ok(_) => Ok(count),
        Err(ServiceError::Rows(rows)) => Err(ImportError::Rows(rows)),
        Err(other) => Err(other.into()),
    }
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

/// Imports `purchase,date,supplier,product,description,quantity,unit_cost,payment` rows;
/// a row names a product (into stock) or describes something else (a tool, a sundry).
pub async fn import_purchases(
    ledger: &Ledger,
    entity: EntityId,
    file_name: &str,
    text: &str,
    by: &str,
    idempotency: Option<Idempotency>,
) -> Result<usize, ImportError> {
    ledger.entity(entity)?;
    let (groups, mut errors) =
        read_groups(file_name, text, "purchase", &["purchase", "date", "supplier", "quantity", "unit_cost"]);
    let codes = products_by_code(&ledger.store, entity)?;
    let mut requests = Vec::with_capacity(groups.len());
    for group in groups {
        let date = parse_date(field(&group.fields, "date"));
        let on_credit = credit(field(&group.fields, "payment"));
        let supplier = optional(&group.fields, "supplier").ok_or_else(|| "nama pemasok wajib diisi".to_string());
        let mut lines = Vec::new();
        for (line, fields) in &group.lines {
            let product = match optional(fields, "product") {
                None => Ok(None),
                Some(code) => codes
                    .get(&code.to_uppercase())
                    .copied()
                    .map(Some)
                    .ok_or_else(|| format!("produk {code:?} tidak ada")),
            };
            let quantity = Quantity::parse(field(fields, "quantity"));
            let cost = amount(field(fields, "unit_cost"), "harga beli");
            let expense_account = match optional(fields, "expense_account") {
                None => Ok(None),
                Some(text) => crate::usecase::fields::account_code(&text)
                    .map(Some)
                    .map_err(|problem| crate::messages::problem_text(crate::messages::Lang::Id, &problem)),
            };
            match problems(vec![
                product.as_ref().err().cloned(),
                quantity.as_ref().err().cloned(),
                cost.as_ref().err().cloned(),
                expense_account.as_ref().err().cloned(),
            ]) {
                Some(problem) => errors.push((*line, format!("{file_name}:{line}: {problem}"))),
                None => lines.push(PurchaseItem {
                    product_id: product.unwrap(),
                    description: optional(fields, "description"),
                    quantity: quantity.unwrap(),
                    unit_cost: cost.unwrap(),
                    expense_account: expense_account.unwrap(),
                }),
            }
        }
        if let Some(problem) = problems(vec![
            date.as_ref().err().cloned(),
            on_credit.as_ref().err().cloned(),
            supplier.as_ref().err().cloned(),
        ]) {
            errors.push((group.first_line, format!("{file_name}:{}: {problem}", group.first_line)));
            continue;
        }
        if lines.len() == group.lines.len() {
            let request = PurchaseRequest {
                date: date.unwrap(),
                supplier: supplier.unwrap(),
                member_id: None,
                lines,
                on_credit: on_credit.unwrap(),
                memo: None,
            };
            requests.push((group.first_line, request));
        }
    }
    post_imported(
        ledger,
        entity,
        by,
        idempotency,
        file_name.to_string(),
        requests,
        errors,
        |books, store, entity, request| {
            let purchase = resolve_purchase(store, entity, request)?;
            let (entry, record) = purchase_entry(books, &purchase)?;
            Ok((entry, EntryTag::Purchase(record)))
        },
    )
    .await
}
