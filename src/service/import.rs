//! Journal CSV import (all-or-nothing, every bad row reported as `FILE:LINE: reason`)
//! and the demo dataset, which is loaded through the same parser.

use super::{Ledger, ServiceError};
use crate::domain::account::{AccountCode, Side};
use crate::domain::book_date::BookDate;
use crate::domain::books::Books;
use crate::domain::entity::{EntityId, EntityKind};
use crate::domain::entry::{BalancedEntry, Line, Memo, Quantity, StockMove};
use crate::domain::money::Money;
use crate::domain::user::Role;
use crate::messages::{problem_text, Lang};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Most rows one import may carry.
pub const IMPORT_ROWS_MAX: usize = 100_000;

/// One entry read from CSV, with where it started.
#[derive(Debug)]
pub struct CsvEntry {
    pub line: u64,
    /// The `entity` column, where the file has one (the demo data does).
    pub entity_key: Option<String>,
    pub entry: BalancedEntry,
}

/// A request's body or a file's row as a command's input; a shape that does not fit is
/// refused like any other problem of the request.
pub(crate) fn input<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ServiceError> {
    use crate::domain::problem::{Problem, Problems};
    serde_json::from_value(value)
        .map_err(|error| ServiceError::Refused(Problems::one(None, Problem::Malformed { detail: error.to_string() })))
}

/// [`input`] of what a person wrote on a form or in a spreadsheet: amounts as Indonesians
/// write them (`1.500.000,50`), where the API reads only the canonical `1500000.50`.
pub(crate) fn written_input<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ServiceError> {
    crate::usecase::fields::reading_as(crate::usecase::fields::Reading::Written, || input(value))
}

/// The records of a CSV file with their line numbers, up to the import limit; a record
/// the reader cannot read, or one past the limit, is reported as `FILE:LINE: reason`.
pub(crate) fn csv_rows(
    file_name: &str,
    reader: &mut csv::Reader<&[u8]>,
    errors: &mut Vec<(u64, String)>,
) -> Vec<(u64, csv::StringRecord)> {
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = match &record {
            Ok(record) => record.position().map_or(index as u64 + 2, |p| p.line()),
            Err(error) => error.position().map_or(index as u64 + 2, |p| p.line()),
        };
        match record {
            Err(error) => errors.push((line, format!("{file_name}:{line}: {error}"))),
            Ok(_) if index >= IMPORT_ROWS_MAX => {
                errors.push((line, format!("{file_name}:{line}: berkas melebihi {IMPORT_ROWS_MAX} baris")));
                break;
            }
            Ok(record) => rows.push((line, record)),
        }
    }
    rows
}

/// The rows of a CSV file as inputs `I`: the header names the fields, an empty cell is an
/// absent field, each row read as a person wrote it. With `columns` (those a file must
/// have, those it may have), a header that lacks or adds one is refused first.
pub(crate) fn csv_inputs<I: serde::de::DeserializeOwned>(
    file_name: &str,
    text: &str,
    columns: Option<(&[&str], &[&str])>,
) -> Result<Vec<(u64, Result<I, ServiceError>)>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| ImportError::Rows(vec![format!("{file_name}:1: {e}")]))?.clone();
    if let Some((required, optional)) = columns {
        let missing = required.iter().filter(|column| !headers.iter().any(|h| h == **column));
        let unknown = headers.iter().filter(|h| !required.contains(h) && !optional.contains(h));
        let wrong: Vec<String> = missing
            .map(|column| format!("{file_name}:1: kolom {column:?} tidak ada"))
            .chain(unknown.map(|column| format!("{file_name}:1: kolom {column:?} tidak dikenal")))
            .collect();
        if !wrong.is_empty() {
            return Err(ImportError::Rows(wrong));
        }
    }
    let mut errors = Vec::new();
    let rows = csv_rows(file_name, &mut reader, &mut errors);
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors.into_iter().map(|(_, message)| message).collect()));
    }
    let input = |record: csv::StringRecord| {
        let fields: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, cell)| !cell.is_empty())
            .map(|(name, cell)| (name.to_string(), serde_json::Value::String(cell.to_string())))
            .collect();
        written_input::<I>(serde_json::Value::Object(fields))
    };
    Ok(rows.into_iter().map(|(line, record)| (line, input(record))).collect())
}

/// Parses a book date (`domain::book_date::BookDate`): `YYYY-MM-DD` in digits, a real
/// day between the books' first and last day; the refusal in Indonesian, for file rows.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    BookDate::parse(text).map(BookDate::date).map_err(|problem| problem_text(Lang::Id, &problem))
}

/// A client's birth date, which may be before the books begin.
pub fn parse_birth_date(text: &str) -> Result<NaiveDate, String> {
    crate::domain::book_date::birth_date(text).map_err(|problem| problem_text(Lang::Id, &problem))
}

struct Columns {
    entity: Option<usize>,
    entry: usize,
    date: usize,
    memo: usize,
    account: usize,
    debit: usize,
    credit: usize,
    member_id: Option<usize>,
    product_id: Option<usize>,
    quantity: Option<usize>,
}

fn columns(headers: &csv::StringRecord) -> Result<Columns, String> {
    let find = |name: &str| headers.iter().position(|h| h.trim() == name);
    let need = |name: &str| find(name).ok_or_else(|| format!("kolom {name:?} tidak ada di baris judul"));
    Ok(Columns {
        entity: find("entity"),
        entry: need("entry")?,
        date: need("date")?,
        memo: need("memo")?,
        account: need("account")?,
        debit: need("debit")?,
        credit: need("credit")?,
        member_id: find("member_id"),
        product_id: find("product_id"),
        quantity: find("quantity"),
    })
}

struct Pending {
    line: u64,
    /// A row of this entry was bad and already reported: do not also judge its balance.
    tainted: bool,
    key: (Option<String>, String),
    date: NaiveDate,
    memo: Memo,
    lines: Vec<Line>,
}

/// Reads `entry,date,memo,account,debit,credit[,member_id][,entity]` rows; consecutive
/// rows with the same `entry` (and `entity`) form one entry. Amounts may be written the
/// Indonesian way (`1.500.000,50`). Returns every problem, each as `FILE:LINE: reason`.
pub fn parse_journal_csv(file_name: &str, text: &str) -> Result<Vec<CsvEntry>, Vec<String>> {
    let (entries, errors) = read_journal_csv(file_name, text);
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(messages(errors))
    }
}

/// Problems as `FILE:LINE: reason`, in line order.
fn messages(mut errors: Vec<(u64, String)>) -> Vec<String> {
    errors.sort_by_key(|(line, _)| *line);
    errors.into_iter().map(|(_, message)| message).collect()
}

/// The entries that parsed, and the problems of the rest, each with its line.
fn read_journal_csv(file_name: &str, text: &str) -> (Vec<CsvEntry>, Vec<(u64, String)>) {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let columns = match reader.headers().map_err(|e| e.to_string()).and_then(|h| columns(h)) {
        Ok(columns) => columns,
        Err(reason) => return (Vec::new(), vec![(1, format!("{file_name}:1: {reason}"))]),
    };
    let mut errors: Vec<(u64, String)> = Vec::new();
    let mut entries = Vec::new();
    let mut pending: Option<Pending> = None;
    let close = |pending: Pending, entries: &mut Vec<CsvEntry>, errors: &mut Vec<(u64, String)>| {
        if pending.tainted {
            return;
        }
        match BalancedEntry::new(pending.date, pending.memo, pending.lines) {
            Ok(entry) => entries.push(CsvEntry { line: pending.line, entity_key: pending.key.0, entry }),
            Err(problems) => errors
                .push((pending.line, format!("{file_name}:{}: jurnal {}: {problems}", pending.line, pending.key.1))),
        }
    };
    for (line, record) in csv_rows(file_name, &mut reader, &mut errors) {
        let field = |i: usize| record.get(i).unwrap_or("");
        let key = (columns.entity.map(|i| field(i).to_string()), field(columns.entry).to_string());
        let mut row_errors = Vec::new();
        let date = parse_date(field(columns.date)).map_err(|e| row_errors.push(e)).ok();
        let memo = Memo::parse(field(columns.memo)).map_err(|e| row_errors.push(e.to_string())).ok();
        let account = AccountCode::parse(field(columns.account)).map_err(|e| row_errors.push(e.to_string())).ok();
        let amount = |text: &str| Money::parse_indonesian(text).map_err(|e| e.to_string());
        let side_amount = match (field(columns.debit), field(columns.credit)) {
            ("", "") => Err("isi debit atau kredit".to_string()),
            (debit, "") => amount(debit).map(|a| (Side::Debit, a)),
            ("", credit) => amount(credit).map(|a| (Side::Credit, a)),
            _ => Err("isi debit atau kredit, jangan keduanya".to_string()),
        }
        .map_err(|e| row_errors.push(e))
        .ok();
        let member_id = match columns.member_id.map(field).unwrap_or("") {
            "" => None,
            text => text.parse::<u64>().map_err(|_| row_errors.push(format!("member_id {text:?} bukan angka"))).ok(),
        };
        let stock = match (columns.product_id.map(field).unwrap_or(""), columns.quantity.map(field).unwrap_or("")) {
            ("", "") => None,
            (product, quantity) => {
                let product_id = product
                    .parse::<u64>()
                    .map_err(|_| row_errors.push(format!("product_id {product:?} bukan angka")))
                    .ok();
                let quantity = Quantity::parse(quantity).map_err(|e| row_errors.push(e)).ok();
                product_id.zip(quantity).map(|(product_id, quantity)| StockMove { product_id, quantity })
            }
        };
        let parts = match (date, memo, account, side_amount) {
            (Some(date), Some(memo), Some(account), Some(side_amount)) if row_errors.is_empty() => {
                Some((date, memo, account, side_amount))
            }
            _ => None,
        };
        let Some((date, memo, account, (side, amount))) = parts else {
            errors.push((line, format!("{file_name}:{line}: {}", row_errors.join("; "))));
            match pending.as_mut() {
                Some(open) if open.key == key => open.tainted = true,
                _ => {
                    if let Some(done) = pending.take() {
                        close(done, &mut entries, &mut errors);
                    }
                }
            }
            continue;
        };
        let one = Line { account, side, amount, member_id, stock };
        match pending.as_mut() {
            Some(open) if open.key == key => {
                if open.date != date {
                    errors.push((
                        line,
                        format!("{file_name}:{line}: jurnal {} berganti tanggal di tengah jurnal", key.1),
                    ));
                    open.tainted = true;
                }
                open.lines.push(one);
            }
            _ => {
                if let Some(done) = pending.take() {
                    close(done, &mut entries, &mut errors);
                }
                pending = Some(Pending { line, tainted: false, key, date, memo, lines: vec![one] });
            }
        }
    }
    if let Some(done) = pending.take() {
        close(done, &mut entries, &mut errors);
    }
    (entries, errors)
}

/// Problems of parsed entries under every rule of the books, each with its line: each
/// entry is checked against the books the entries before it leave.
fn check_in_sequence(
    file_name: &str,
    store: &crate::store::Store,
    mut books: Books,
    entries: &[CsvEntry],
) -> Result<Vec<(u64, String)>, ServiceError> {
    let mut problems = Vec::new();
    for parsed in entries {
        match super::registers::post_checked(&mut books, store, parsed.entry.clone()) {
            Ok(_) => {}
            Err(ServiceError::Entry(errors)) => {
                problems.push((parsed.line, refused_row(file_name, parsed.line, &errors)))
            }
            Err(other) => return Err(other),
        }
    }
    Ok(problems)
}

/// A refused entry of a file as `FILE:LINE: reason`.
fn refused_row(file_name: &str, line: u64, errors: &crate::domain::entry::EntryErrors) -> String {
    format!("{file_name}:{line}: {}", crate::messages::entry_errors_text(crate::messages::Lang::Id, errors))
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", .0.join("\n"))]
    Rows(Vec<String>),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// Imports a journal CSV into one entity, all or nothing.
pub async fn import_journal(
    ledger: &Ledger,
    entity: EntityId,
    file_name: &str,
    text: &str,
    by: &str,
    idempotency: Option<super::Idempotency>,
) -> Result<usize, ImportError> {
    let found = ledger.entity(entity)?;
    let books = ledger.store.load_books(&found).map_err(ServiceError::from)?;
    let (entries, mut errors) = read_journal_csv(file_name, text);
    errors.extend(check_in_sequence(file_name, &ledger.store, books, &entries)?);
    if !errors.is_empty() {
        return Err(ImportError::Rows(messages(errors)));
    }
    let lines: Vec<u64> = entries.iter().map(|e| e.line).collect();
    match ledger.post(entity, entries.into_iter().map(|e| e.entry).collect(), by, idempotency).await {
        Ok(_) => Ok(lines.len()),
        // Posted since the check: the writer's own check names the entry; name its line.
        Err(ServiceError::BatchEntry { index, errors }) => {
            Err(ImportError::Rows(vec![refused_row(file_name, lines[index - 1], &errors)]))
        }
        Err(ServiceError::Entry(errors)) => Err(ImportError::Rows(vec![refused_row(file_name, lines[0], &errors)])),
        Err(other) => Err(other.into()),
    }
}

/// A demo login, printed when the demo is loaded.
pub struct DemoLogin {
    pub username: String,
    pub password: String,
    pub role: String,
    pub entity: String,
}

impl Ledger {
    /// The demo logins as shipped (username, password, role), when served with `--demo`.
    pub fn demo_logins(&self) -> Vec<(String, String, Role)> {
        if !self.serving().demo {
            return Vec::new();
        }
        let role = |row: &csv::StringRecord| Role::parse(&row[2]).expect("a shipped role");
        shipped_rows(crate::data::DEMO_USERS)
            .iter()
            .map(|row| (row[0].to_string(), row[1].to_string(), role(row)))
            .collect()
    }
}

/// The rows of a demo file shipped in the binary (tested to parse).
fn shipped_rows(text: &'static str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.expect("shipped demo CSV parses")).collect()
}

/// Loads `data/demo/` into an empty database: one panti, two KUBE, their users and a few
/// months of entries.
pub async fn load_demo(ledger: &Ledger) -> Result<Vec<DemoLogin>, ImportError> {
    let data = crate::data::DEMO_ENTITIES;
    let mut ids: HashMap<String, EntityId> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for row in shipped_rows(data) {
        let kind = EntityKind::parse(&row[1]).map_err(ServiceError::from)?;
        let parent = (!row[3].is_empty()).then(|| ids[&row[3]]);
        let entity = ledger.create_entity(kind, &row[2], parent).await?;
        ids.insert(row[0].to_string(), entity.id);
        names.insert(row[0].to_string(), entity.name);
        if kind == EntityKind::Panti {
            demo_report_settings(ledger, entity.id).await?;
        }
    }
    for row in shipped_rows(crate::data::DEMO_PRODUCTS) {
        use crate::usecase::products::add_product::{AddProduct, Input};
        let input = Input {
            code: row[1].into(),
            name: row[2].into(),
            unit: row[3].into(),
            default_price: row[4].into(),
            kind: row[5].into(),
        };
        ledger.change_unattended::<AddProduct>(ids[&row[0]], input).await?;
    }
    let mut logins = Vec::new();
    for row in shipped_rows(crate::data::DEMO_USERS) {
        let role = Role::parse(&row[2]).map_err(ServiceError::from)?;
        let entity = (!row[3].is_empty()).then(|| ids[&row[3]]);
        ledger.create_user(&row[0], role, entity, &row[1]).await?;
        let entity = if row[3].is_empty() { String::new() } else { names[&row[3]].clone() };
        logins.push(DemoLogin { username: row[0].into(), password: row[1].into(), role: row[2].into(), entity });
    }
    let entries = parse_journal_csv("data/demo/entries.csv", crate::data::DEMO_ENTRIES).map_err(ImportError::Rows)?;
    let mut by_entity: Vec<(EntityId, Vec<BalancedEntry>)> = Vec::new();
    for parsed in entries {
        let id = ids[parsed.entity_key.as_deref().unwrap_or_default()];
        match by_entity.last_mut() {
            Some((last, list)) if *last == id => list.push(parsed.entry),
            _ => by_entity.push((id, vec![parsed.entry])),
        }
    }
    for (entity, entries) in by_entity {
        ledger.post(entity, entries, "demo", None).await?;
    }
    Ok(logins)
}

/// A demo panti reports from January of the current year, so that its head finds reports
/// due; settings already made are kept.
async fn demo_report_settings(ledger: &Ledger, panti: EntityId) -> Result<(), ServiceError> {
    if ledger.report_settings(panti)?.is_none() {
        use crate::usecase::reports::set_report_settings::{Input, SetReportSettings};
        let start_month = chrono::Local::now().format("%Y-01").to_string();
        ledger.change_unattended::<SetReportSettings>(panti, Input { start_month, due_days: None }).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_demo_entries_parse() {
        let entries = parse_journal_csv("entries.csv", crate::data::DEMO_ENTRIES).unwrap();
        assert!(entries.len() > 100);
    }

    #[test]
    fn every_bad_row_is_named_with_its_line() {
        let text = "entry,date,memo,account,debit,credit\n1,2026-07-01,Jual,1101,100,\n1,2026-07-01,Jual,4101,,100\n2,2026-02-30,Beli,1105,5,\n2,2026-02-30,Beli,1101,,5\n3,2026-07-02,Beli,1105,1.234,\n3,2026-07-02,Beli,1101,,7\n4,2026-07-03,Salah,1101,5,5\n";
        let errors = parse_journal_csv("jurnal.csv", text).unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].starts_with("jurnal.csv:4: tanggal"), "{}", errors[0]);
        assert!(errors[1].starts_with("jurnal.csv:5: tanggal"), "{}", errors[1]);
        assert!(errors[2].starts_with("jurnal.csv:6: jurnal 3: jurnal tidak seimbang"), "{}", errors[2]);
        assert!(errors[3].starts_with("jurnal.csv:8: isi debit atau kredit, jangan keduanya"), "{}", errors[3]);
    }

    #[test]
    fn dates_must_be_iso_and_real() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-2-28").is_err());
        assert!(parse_date("28/02/2026").is_err());
        for outside in ["-000-01-01", "+026-01-01", "0000-01-01", "1999-12-31", "2101-01-01", "２026-01-01"] {
            assert!(parse_date(outside).is_err(), "{outside} is no date of ours");
        }
        assert!(parse_date("2000-01-01").is_ok() && parse_date("2100-12-31").is_ok());
        assert_eq!(
            parse_date("1999-12-31").unwrap_err(),
            "tanggal 1999-12-31 di luar rentang pembukuan: 01-01-2000 sampai 31-12-2100"
        );
    }
}

/// What a CSV file holds: the `--kind` of `kube-ledger import` and the upload routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// Journal lines: entry,date,memo,account,debit,credit[,member_id,product_id,quantity].
    Entries,
    /// Members: number,name,kind,joined_on[,nik,client_number,phone].
    Members,
    /// Sales: sale,date,customer,member,product,quantity,unit_price,discount,payment.
    Sales,
    /// Purchases: purchase,date,supplier,product,description,quantity,unit_cost,payment.
    Purchases,
    /// Clients of a panti: number,cohort_number,name,sex,birth_date,religion,origin,admitted_on,case_type[,status].
    Clients,
}

impl ImportKind {
    /// What was imported, in the words of a confirmation: "12 jurnal diimpor".
    pub fn noun(self) -> &'static str {
        match self {
            ImportKind::Entries => "jurnal",
            ImportKind::Members => "anggota",
            ImportKind::Sales => "penjualan",
            ImportKind::Purchases => "pembelian",
            ImportKind::Clients => "klien",
        }
    }

    /// Imports the file into one entity, all or nothing; answers how many records. With
    /// an idempotency key, a file that posts entries is posted once (members and clients
    /// post none: a second import of them is refused as duplicates).
    pub async fn run(
        self,
        ledger: &Ledger,
        entity: EntityId,
        file_name: &str,
        text: &str,
        by: &str,
        idempotency: Option<super::Idempotency>,
    ) -> Result<usize, ImportError> {
        use super::trade_import::{import_grouped, PURCHASES, SALES};
        match self {
            ImportKind::Entries => import_journal(ledger, entity, file_name, text, by, idempotency).await,
            ImportKind::Members => {
                use crate::usecase::members::register_member::RegisterMember;
                use crate::usecase::RegisterRows;
                let rows = csv_inputs(file_name, text, Some(RegisterMember::COLUMNS))?;
                ledger.register_rows::<RegisterMember>(ledger.entity(entity)?, file_name, rows, Lang::Id).await
            }
            ImportKind::Sales => {
                use crate::usecase::trade::record_sale::RecordSale;
                import_grouped::<RecordSale>(ledger, entity, &SALES, file_name, text, by, idempotency).await
            }
            ImportKind::Purchases => {
                use crate::usecase::trade::record_purchase::RecordPurchase;
                import_grouped::<RecordPurchase>(ledger, entity, &PURCHASES, file_name, text, by, idempotency).await
            }
            ImportKind::Clients => {
                use crate::usecase::training::register_client::RegisterClient;
                use crate::usecase::RegisterRows;
                let rows = csv_inputs(file_name, text, Some(RegisterClient::COLUMNS))?;
                ledger.register_rows::<RegisterClient>(ledger.entity(entity)?, file_name, rows, Lang::Id).await
            }
        }
    }
}
