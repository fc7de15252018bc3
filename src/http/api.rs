//! `/api/v1` handlers: map requests to use cases, and typed errors to statuses.

use super::door::ReadQuery;
use super::error::AppError;
use super::extract::{CsvBody, CurrentUser, JsonBody, SourceIp};
use super::AppState;
use crate::domain::account::{AccountCode, Side};
use crate::domain::entity::Entity;
use crate::domain::entry::{BalancedEntry, Line, Memo, PostedEntry, Quantity, StockMove};
use crate::domain::money::Money;
use crate::domain::user::{allows, Access, User};
use crate::service::import::ImportKind;
use crate::service::{Idempotency, Ledger, Posted, ServiceError, BATCH_ENTRIES_MAX};
use crate::usecase::Actor;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

type Answer = Result<Json<Value>, AppError>;

/// Longest accepted `Idempotency-Key`.
const IDEMPOTENCY_KEY_CHARS_MAX: usize = 200;

/// Alive: `ok`, as scripts expect; asked for JSON (`Accept: application/json`), also
/// whether writes are taken (`refused` while free space is below the floor) and the disk.
pub(crate) async fn healthz(State(state): State<AppState>, headers: HeaderMap) -> axum::response::Response {
    use axum::response::IntoResponse;
    let wants_json = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    if !wants_json {
        return "ok".into_response();
    }
    let ledger = &state.ledger;
    let writes = if ledger.takes_writes() { "open" } else { "refused" };
    Json(json!({ "status": "ok", "writes": writes, "disk": ledger.space().ok() })).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    username: String,
    password: String,
}

pub(crate) async fn login(
    State(state): State<AppState>,
    SourceIp(source): SourceIp,
    body: JsonBody<LoginBody>,
) -> Result<impl axum::response::IntoResponse, AppError> {
    let body = body.value()?;
    let token = state.ledger.login(&body.username, &body.password, source).await?;
    let ttl = crate::service::SESSION_TTL_SECONDS;
    let cookie =
        format!("{}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={ttl}", super::extract::SESSION_COOKIE);
    let body = Json(json!({ "token": token, "expires_in": ttl }));
    Ok(([(axum::http::header::SET_COOKIE, cookie)], body))
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    _user: CurrentUser,
) -> Result<StatusCode, AppError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(AppError::Unauthorized)?;
    state.ledger.logout(token.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn me(CurrentUser(user): CurrentUser) -> Json<Value> {
    Json(json!({ "username": user.username.as_str(), "role": user.role, "entity_id": user.entity_id }))
}

pub(super) fn parse_id(text: &str, what: &str) -> Result<u64, AppError> {
    text.parse().map_err(|_| AppError::NotFound(format!("{what} {text:?}")))
}

/// The entity, if this user may access it so; never tells a stranger whether it exists.
pub(super) fn authorize(state: &AppState, user: &User, id: &str, access: Access) -> Result<Entity, AppError> {
    let id = parse_id(id, "entitas")?;
    Ok(state.ledger.entity_for(&Actor::new(user.clone()), id, access)?)
}

pub(crate) async fn list_entities(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Entity>>, AppError> {
    let entities = state.ledger.entities()?;
    Ok(Json(entities.into_iter().filter(|e| allows(user.role, user.entity_id, Access::Read, e)).collect()))
}

pub(crate) fn get_entity(_: &Ledger, entity: &Entity, _: &ReadQuery) -> Answer {
    Ok(Json(json!(entity)))
}

pub(crate) fn accounts(ledger: &Ledger, entity: &Entity, _: &ReadQuery) -> Answer {
    Ok(Json(json!({ "entity_id": entity.id, "accounts": ledger.accounts(entity.id)? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineBody {
    account: String,
    debit: Option<Value>,
    credit: Option<Value>,
    member_id: Option<u64>,
    /// On an inventory account: the product and how many units move.
    product_id: Option<u64>,
    quantity: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryBody {
    date: String,
    memo: String,
    lines: Vec<LineBody>,
}

/// An amount as JSON: a string (`"150000.50"`) or a whole number; never a fraction.
pub(super) fn parse_amount(value: &Value, line: usize) -> Result<Money, AppError> {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
        _ => {
            return Err(AppError::InvalidAmount(format!(
                "baris {line}: jumlah {value} harus berupa teks seperti \"150000.50\" (maksimal 2 desimal)"
            )))
        }
    };
    Money::parse(&text).map_err(|error| AppError::InvalidAmount(format!("baris {line}: {error}")))
}

/// A book date as typed; refused with `invalid_date` or `date_out_of_range`.
pub fn parse_body_date(text: &str) -> Result<NaiveDate, AppError> {
    use crate::domain::book_date::BookDate;
    use crate::domain::problem::Problems;
    BookDate::parse(text)
        .map(BookDate::date)
        .map_err(|problem| ServiceError::Refused(Problems::one(None, problem)).into())
}

/// A memo as typed; a bad one is refused like any entry problem.
pub(super) fn memo(text: &str) -> Result<Memo, AppError> {
    Memo::parse(text).map_err(|e| AppError::Service(ServiceError::Entry(crate::domain::entry::EntryErrors(vec![e]))))
}

pub(super) fn optional_memo(text: Option<&str>) -> Result<Option<Memo>, AppError> {
    text.map(memo).transpose()
}

pub(super) fn invalid(message: impl std::fmt::Display) -> AppError {
    AppError::InvalidBody(message.to_string())
}

/// An amount that must be more than zero.
pub(super) fn positive(amount: Money) -> Result<Money, AppError> {
    if amount.is_zero() || amount.is_negative() {
        return Err(AppError::InvalidAmount("jumlah harus lebih dari nol".into()));
    }
    Ok(amount)
}

/// A `YYYY-MM-DD` query parameter, if given.
pub(super) fn date_param(query: &HashMap<String, String>, name: &str) -> Result<Option<NaiveDate>, AppError> {
    query.get(name).map(|text| parse_body_date(text)).transpose()
}

pub(super) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl TryFrom<EntryBody> for BalancedEntry {
    type Error = AppError;

    fn try_from(body: EntryBody) -> Result<BalancedEntry, AppError> {
        let date = parse_body_date(&body.date)?;
        let memo = memo(&body.memo)?;
        let mut lines = Vec::with_capacity(body.lines.len());
        for (index, line) in body.lines.into_iter().enumerate() {
            let number = index + 1;
            let (side, amount) = match (&line.debit, &line.credit) {
                (Some(debit), None) => (Side::Debit, parse_amount(debit, number)?),
                (None, Some(credit)) => (Side::Credit, parse_amount(credit, number)?),
                _ => {
                    return Err(AppError::InvalidBody(format!(
                        "baris {number}: isi tepat satu dari \"debit\" atau \"credit\""
                    )))
                }
            };
            let account =
                AccountCode::parse(&line.account).map_err(|e| AppError::InvalidBody(format!("baris {number}: {e}")))?;
            let stock = match (line.product_id, &line.quantity) {
                (None, None) => None,
                (Some(product_id), Some(quantity)) => {
                    let text = match quantity {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    let quantity =
                        Quantity::parse(&text).map_err(|e| AppError::InvalidBody(format!("baris {number}: {e}")))?;
                    Some(StockMove { product_id, quantity })
                }
                _ => {
                    return Err(AppError::InvalidBody(format!(
                        "baris {number}: isi product_id dan quantity bersama-sama"
                    )))
                }
            };
            lines.push(Line { account, side, amount, member_id: line.member_id, stock });
        }
        Ok(BalancedEntry::new(date, memo, lines).map_err(ServiceError::from)?)
    }
}

/// The request's `Idempotency-Key`, scoped to the route and bound to the body it came with.
pub(super) fn idempotency<T>(
    headers: &HeaderMap,
    route: &str,
    body: &JsonBody<T>,
) -> Result<Option<Idempotency>, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key =
        value.to_str().ok().filter(|k| !k.is_empty() && k.len() <= IDEMPOTENCY_KEY_CHARS_MAX).ok_or_else(|| {
            AppError::InvalidBody(format!("Idempotency-Key harus teks 1–{IDEMPOTENCY_KEY_CHARS_MAX} karakter"))
        })?;
    let mut scoped = route.as_bytes().to_vec();
    scoped.extend_from_slice(&body.canonical_hash());
    Ok(Some(Idempotency { key: key.as_bytes().to_vec(), body_hash: crate::service::sha256(&scoped) }))
}

/// The JSON form of a stored entry.
pub fn entry_json(posted: &PostedEntry, reversed_by: Option<u64>) -> Value {
    let lines: Vec<Value> = posted
        .entry
        .lines()
        .iter()
        .map(|line| {
            let side = match line.side {
                Side::Debit => "debit",
                Side::Credit => "credit",
            };
            let mut value = json!({ "account": line.account.as_str(), side: line.amount.canonical() });
            if let Some(member) = line.member_id {
                value["member_id"] = json!(member);
            }
            value
        })
        .collect();
    json!({
        "entity_id": posted.entity_id,
        "seq": posted.seq,
        "date": posted.entry.date(),
        "memo": posted.entry.memo().as_str(),
        "lines": lines,
        "total": crate::domain::money::canonical(posted.entry.total()),
        "reverses": posted.reverses,
        "reversed_by": reversed_by,
        "recorded_by": posted.recorded_by,
        "recorded_at": posted.recorded_at,
        "prev_hash": hex::encode(posted.prev_hash),
        "hash": hex::encode(posted.hash),
    })
}

/// A batch is answered with a summary: 10,000 entries echoed back cost more than they tell.
fn batch_answer(posted: Posted) -> (StatusCode, Json<Value>) {
    let (first, last) = (posted.entries.first(), posted.entries.last());
    let body = json!({
        "count": posted.entries.len(),
        "first_seq": first.map(|e| e.seq),
        "last_seq": last.map(|e| e.seq),
        "last_hash": last.map(|e| hex::encode(e.hash)),
        "replayed": posted.replayed,
    });
    (StatusCode::CREATED, Json(body))
}

/// A single posted entry, as stored, and whether it was stored by an earlier request.
pub(super) fn entry_answer(posted: Posted) -> (StatusCode, Json<Value>) {
    let mut body = entry_json(posted.entries.first().expect("a single post stores one entry"), None);
    body["replayed"] = json!(posted.replayed);
    (StatusCode::CREATED, Json(body))
}

pub(crate) async fn post_entry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<EntryBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let idempotency = idempotency(&headers, "entries", &body)?;
    let body = body.value()?;
    let entry = BalancedEntry::try_from(body)?;
    let posted = state.ledger.post(entity.id, vec![entry], user.username.as_str(), idempotency).await?;
    Ok(entry_answer(posted))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    entries: Vec<EntryBody>,
}

pub async fn post_batch(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: JsonBody<BatchBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let idempotency = idempotency(&headers, "batch", &body)?;
    let body = body.value()?;
    let count = body.entries.len();
    if count == 0 || count > BATCH_ENTRIES_MAX {
        return Err(ServiceError::BatchTooLarge { count, max: BATCH_ENTRIES_MAX }.into());
    }
    let mut entries = Vec::with_capacity(count);
    for (index, entry) in body.entries.into_iter().enumerate() {
        let entry = BalancedEntry::try_from(entry).map_err(|error| match error {
            AppError::Service(ServiceError::Entry(errors)) => {
                ServiceError::BatchEntry { index: index + 1, errors }.into()
            }
            AppError::InvalidAmount(m) => AppError::InvalidAmount(format!("jurnal ke-{}: {m}", index + 1)),
            AppError::InvalidDate(m) => AppError::InvalidDate(format!("jurnal ke-{}: {m}", index + 1)),
            AppError::InvalidBody(m) => AppError::InvalidBody(format!("jurnal ke-{}: {m}", index + 1)),
            other => other,
        })?;
        entries.push(entry);
    }
    let posted = state.ledger.post(entity.id, entries, user.username.as_str(), idempotency).await?;
    Ok(batch_answer(posted))
}

/// A CSV upload route (`text/csv` body) for one kind of file, all or nothing.
pub(super) fn upload(kind: ImportKind) -> axum::routing::MethodRouter<AppState> {
    axum::routing::post(
        move |State(state): State<AppState>, CurrentUser(user): CurrentUser, Path(id): Path<String>, body: CsvBody| async move {
            let entity = authorize(&state, &user, &id, Access::Write)?;
            let body = body.text()?;
            let imported =
                kind.run(&state.ledger, entity.id, "unggahan.csv", body, user.username.as_str(), None).await?;
            Ok::<_, AppError>((StatusCode::CREATED, Json(json!({ "imported": imported }))))
        },
    )
}

pub(crate) fn list_entries(ledger: &Ledger, entity: &Entity, query: &ReadQuery) -> Answer {
    let number = |name: &str, default: u64| -> Result<u64, AppError> {
        query
            .get(name)
            .map_or(Ok(default), |v| v.parse().map_err(|_| AppError::InvalidBody(format!("{name} harus angka"))))
    };
    let from_seq = number("from_seq", 1)?.max(1);
    let limit = number("limit", 100)?.clamp(1, 1000);
    let mut entries = Vec::new();
    for seq in from_seq..from_seq + limit {
        let Some(posted) = ledger.find_entry(entity.id, seq)? else {
            break;
        };
        entries.push(entry_json(&posted, ledger.reversed_by(entity.id, seq)?));
    }
    Ok(Json(json!({ "entity_id": entity.id, "entries": entries })))
}

pub(crate) fn get_entry(ledger: &Ledger, entity: &Entity, seq: &str, _: &ReadQuery) -> Answer {
    let seq = parse_id(seq, "jurnal")?;
    let posted = ledger.entry(entity.id, seq)?;
    Ok(Json(entry_json(&posted, ledger.reversed_by(entity.id, seq)?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReverseBody {
    date: String,
    memo: Option<String>,
}

pub(crate) async fn reverse_entry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, seq)): Path<(String, String)>,
    headers: HeaderMap,
    body: JsonBody<ReverseBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let entity = authorize(&state, &user, &id, Access::Write)?;
    let seq = parse_id(&seq, "jurnal")?;
    let idempotency = idempotency(&headers, &format!("reverse/{seq}"), &body)?;
    let body = body.value()?;
    let date = parse_body_date(&body.date)?;
    let memo = optional_memo(body.memo.as_deref())?;
    let posted = state.ledger.reverse(entity.id, seq, date, memo, user.username.as_str(), idempotency).await?;
    Ok(entry_answer(posted))
}

pub(crate) fn trial_balance(ledger: &Ledger, entity: &Entity, query: &ReadQuery) -> Answer {
    Ok(Json(json!(ledger.trial_balance(entity.id, query.as_of()?)?)))
}
