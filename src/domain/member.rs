//! Members (anggota) of a KUBE or koperasi, and their savings (simpanan).

use super::account::{AccountCode, Side};
use super::books::Books;
use super::entity::EntityId;
use super::entry::{BalancedEntry, EntryErrors, Line, MemberId, Memo};
use super::money::{display_idr, Money};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use super::account::{BANK, CASH};
/// Principal contribution (simpanan pokok), equity per member.
pub const PRINCIPAL_SAVINGS: &str = "3101";
/// Mandatory savings (simpanan wajib), equity per member.
pub const MANDATORY_SAVINGS: &str = "3102";
/// Voluntary savings (simpanan sukarela), a liability per member.
pub const VOLUNTARY_SAVINGS: &str = "2102";
/// Members' SHU shares not yet paid (SHU bagian anggota belum dibayar).
pub const SHU_PAYABLE: &str = "2103";

pub fn code(text: &str) -> AccountCode {
    AccountCode::parse(text).expect("account constants are valid codes")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemberError {
    #[error("nomor anggota {0:?} tidak sah: 1–20 huruf, angka, '.', '-' atau '/'")]
    InvalidNumber(String),
    #[error("nama anggota wajib diisi, paling banyak 200 karakter, tanpa karakter kontrol atau format tak terlihat (pembalik arah teks, lebar-nol)")]
    InvalidName,
    #[error("jenis anggota {0:?} tidak dikenal (petugas, klien, keluarga)")]
    UnknownKind(String),
    #[error("NIK {0:?} tidak sah: 16 angka dengan tanggal lahir yang masuk akal (digit 7–12)")]
    InvalidNik(String),
    #[error("nomor telepon {0:?} tidak sah: 8–15 angka, boleh diawali '+'")]
    InvalidPhone(String),
    #[error("nomor anggota {0} sudah dipakai di entitas ini")]
    DuplicateNumber(String),
    #[error("anggota {0} sudah keluar pada {1}; tidak bisa bertransaksi lagi")]
    Exited(String, NaiveDate),
    #[error("simpanan pokok anggota {0} sudah dibayar ({1}); simpanan pokok hanya sekali")]
    PrincipalAlreadyPaid(String, String),
    #[error("saldo simpanan sukarela anggota {member} hanya {balance}; tidak bisa menarik {requested}")]
    Overdraft { member: String, balance: String, requested: String },
    #[error("simpanan pokok dan wajib hanya dikembalikan saat anggota keluar")]
    LockedUntilExit,
    #[error("kas hanya {cash}; tidak cukup untuk membayar {needed}")]
    CashShort { cash: String, needed: String },
    #[error("AD/ART entitas ini belum mengatur simpanan pada {0}; atur dulu di /bylaws/savings")]
    NoTerms(NaiveDate),
    #[error("simpanan pokok harus sebesar {expected} menurut AD/ART, bukan {given}")]
    PrincipalAmount { expected: String, given: String },
    #[error("jumlah periode simpanan wajib harus 1–120")]
    InvalidPeriods,
    #[error("tanggal {date} sebelum anggota bergabung ({joined})")]
    BeforeJoining { date: NaiveDate, joined: NaiveDate },
    #[error("jumlah harus lebih dari nol")]
    NotPositive,
    #[error("periode simpanan wajib {0:?} tidak dikenal; yang didukung: monthly (bulanan)")]
    UnknownPeriod(String),
    #[error("{0}")]
    Entry(#[from] EntryErrors),
}

/// A member number, unique within its entity (e.g. `TAHU-001`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MemberNumber(String);

impl MemberNumber {
    pub fn parse(text: &str) -> Result<MemberNumber, MemberError> {
        let text = text.trim();
        let valid =
            (1..=20).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-./".contains(&b));
        if valid {
            Ok(MemberNumber(text.to_string()))
        } else {
            Err(MemberError::InvalidNumber(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for MemberNumber {
    type Error = MemberError;
    fn try_from(text: String) -> Result<Self, MemberError> {
        MemberNumber::parse(&text)
    }
}

impl From<MemberNumber> for String {
    fn from(number: MemberNumber) -> String {
        number.0
    }
}

/// Who the member is at the panti.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// Staff (petugas).
    Petugas,
    /// Client (klien).
    Klien,
    /// Family living at the panti (keluarga penghuni).
    Keluarga,
}

impl MemberKind {
    pub fn parse(text: &str) -> Result<MemberKind, MemberError> {
        match text {
            "petugas" => Ok(MemberKind::Petugas),
            "klien" => Ok(MemberKind::Klien),
            "keluarga" => Ok(MemberKind::Keluarga),
            other => Err(MemberError::UnknownKind(other.to_string())),
        }
    }
}

/// Indonesian national identity number (Nomor Induk Kependudukan): 16 digits whose 7th–12th
/// are the birth date as DDMMYY, with 40 added to the day for women.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

impl Nik {
    pub fn parse(text: &str) -> Result<Nik, MemberError> {
        let text = text.trim();
        let invalid = || MemberError::InvalidNik(text.to_string());
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let two = |at: usize| text[at..at + 2].parse::<u32>().expect("digits");
        let (day, month) = (two(6), two(8));
        let day = if day > 40 { day - 40 } else { day };
        if !(1..=31).contains(&day) || !(1..=12).contains(&month) || text.starts_with("00") {
            return Err(invalid());
        }
        Ok(Nik(text.to_string()))
    }
}

impl TryFrom<String> for Nik {
    type Error = MemberError;
    fn try_from(text: String) -> Result<Self, MemberError> {
        Nik::parse(&text)
    }
}

impl From<Nik> for String {
    fn from(nik: Nik) -> String {
        nik.0
    }
}

pub fn parse_phone(text: &str) -> Result<String, MemberError> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_string())
    } else {
        Err(MemberError::InvalidPhone(text.to_string()))
    }
}

pub fn parse_name(text: &str) -> Result<String, MemberError> {
    super::text::ShortText::parse(text).map(super::text::ShortText::into_string).map_err(|_| MemberError::InvalidName)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub entity_id: EntityId,
    pub number: MemberNumber,
    pub name: String,
    pub kind: MemberKind,
    pub nik: Option<Nik>,
    /// Nomor Induk Klien, for a client of the panti.
    pub client_number: Option<String>,
    pub phone: Option<String>,
    pub joined_on: NaiveDate,
    pub exited_on: Option<NaiveDate>,
}

impl Member {
    pub fn is_active_on(&self, date: NaiveDate) -> Result<(), MemberError> {
        if date < self.joined_on {
            return Err(MemberError::BeforeJoining { date, joined: self.joined_on });
        }
        match self.exited_on {
            Some(exited) => Err(MemberError::Exited(self.number.as_str().to_string(), exited)),
            None => Ok(()),
        }
    }
}

/// How often mandatory savings fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WajibPeriod {
    Monthly,
}

impl WajibPeriod {
    pub fn parse(text: &str) -> Result<WajibPeriod, MemberError> {
        match text {
            "monthly" | "bulanan" => Ok(WajibPeriod::Monthly),
            other => Err(MemberError::UnknownPeriod(other.to_string())),
        }
    }
}

/// Savings terms of the bylaws (AD/ART), in force from a date until the next version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsTerms {
    pub effective_from: NaiveDate,
    pub pokok: Money,
    pub wajib: Money,
    pub wajib_period: WajibPeriod,
}

/// The terms in force on a date, from a history sorted by `effective_from`.
pub fn terms_on(history: &[SavingsTerms], date: NaiveDate) -> Option<&SavingsTerms> {
    history.iter().rev().find(|terms| terms.effective_from <= date)
}

/// Mandatory savings owed: how many periods and how much, as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Arrears {
    pub as_of: NaiveDate,
    pub periods: u32,
    #[serde(serialize_with = "crate::domain::money::serialize_canonical")]
    pub amount: Decimal,
}

fn month_start(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), date.month(), 1).expect("first of month exists")
}

/// Arrears of mandatory savings: every month from the joining month through the month
/// of `as_of` (or of exit) is due at the amount in force on its first day (or on joining,
/// for the first month); what was paid covers the earliest months first.
pub fn arrears(history: &[SavingsTerms], member: &Member, paid: Decimal, as_of: NaiveDate) -> Arrears {
    let last = member.exited_on.map_or(as_of, |exited| exited.min(as_of));
    let mut month = month_start(member.joined_on);
    let mut remaining_paid = paid;
    let (mut periods, mut amount) = (0u32, Decimal::ZERO);
    while month <= last {
        let due_on = month.max(member.joined_on);
        if let Some(terms) = terms_on(history, due_on) {
            let due = terms.wajib.decimal();
            if remaining_paid >= due {
                remaining_paid -= due;
            } else {
                periods += 1;
                amount += due - remaining_paid;
                remaining_paid = Decimal::ZERO;
            }
        }
        month = month.checked_add_months(chrono::Months::new(1)).expect("months within range");
    }
    Arrears { as_of, periods, amount }
}

/// Which savings a movement concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavingsKind {
    Pokok,
    Wajib,
    Sukarela,
}

impl SavingsKind {
    pub fn account(self) -> AccountCode {
        code(match self {
            SavingsKind::Pokok => PRINCIPAL_SAVINGS,
            SavingsKind::Wajib => MANDATORY_SAVINGS,
            SavingsKind::Sukarela => VOLUNTARY_SAVINGS,
        })
    }
}

/// A member's net credit balance on one account (what the entity owes or holds for them).
pub fn member_balance(books: &Books, member: MemberId, account: &AccountCode) -> Decimal {
    books.member_owed(member, account)
}

/// Net debit balance of an account: what is in the till for cash.
pub fn account_debit_balance(books: &Books, account: &AccountCode) -> Decimal {
    books.debit_balance(account)
}

fn line(account: AccountCode, side: Side, amount: Money, member_id: Option<MemberId>) -> Line {
    let line = Line::new(account, side, amount);
    match member_id {
        Some(member) => line.for_member(member),
        None => line,
    }
}

/// Refuses paying out more than the till (or bank) holds.
pub fn ensure_funds(books: &Books, account: &AccountCode, needed: Decimal) -> Result<(), MemberError> {
    let available = account_debit_balance(books, account);
    if available < needed {
        return Err(MemberError::CashShort { cash: display_idr(available), needed: display_idr(needed) });
    }
    Ok(())
}

/// A savings movement a treasurer asks for, before the books are consulted.
#[derive(Debug, Clone)]
pub struct SavingsRequest {
    pub kind: SavingsKind,
    pub withdrawal: bool,
    pub date: NaiveDate,
    /// Required for sukarela; for pokok it must match the bylaws if given.
    pub amount: Option<Money>,
    /// Wajib periods paid at once (default 1).
    pub periods: Option<u32>,
    /// `1101` cash (default) or `1102` bank.
    pub via: AccountCode,
    pub memo: Option<Memo>,
}

/// Builds the entry for a savings movement, checking it against the member's live balances.
pub fn savings_entry(
    books: &Books,
    history: &[SavingsTerms],
    member: &Member,
    request: &SavingsRequest,
) -> Result<BalancedEntry, MemberError> {
    member.is_active_on(request.date)?;
    let number = member.number.as_str().to_string();
    let terms = terms_on(history, request.date);
    let amount = match (request.kind, request.withdrawal) {
        (SavingsKind::Sukarela, _) => request.amount.ok_or(MemberError::NotPositive)?,
        (SavingsKind::Pokok, false) => {
            let terms = terms.ok_or(MemberError::NoTerms(request.date))?;
            let paid = member_balance(books, member.id, &SavingsKind::Pokok.account());
            if paid > Decimal::ZERO {
                return Err(MemberError::PrincipalAlreadyPaid(number, display_idr(paid)));
            }
            match request.amount {
                Some(given) if given != terms.pokok => {
                    return Err(MemberError::PrincipalAmount {
                        expected: display_idr(terms.pokok.decimal()),
                        given: display_idr(given.decimal()),
                    })
                }
                _ => terms.pokok,
            }
        }
        (SavingsKind::Wajib, false) => {
            let terms = terms.ok_or(MemberError::NoTerms(request.date))?;
            let periods = request.periods.unwrap_or(1);
            if !(1..=120).contains(&periods) {
                return Err(MemberError::InvalidPeriods);
            }
            Money::from_decimal(terms.wajib.decimal() * Decimal::from(periods))
                .map_err(|_| MemberError::InvalidPeriods)?
        }
        // Pokok and wajib come back only when a member leaves.
        (SavingsKind::Pokok | SavingsKind::Wajib, true) => return Err(MemberError::LockedUntilExit),
    };
    if amount.is_zero() || amount.is_negative() {
        return Err(MemberError::NotPositive);
    }
    let savings = request.kind.account();
    let kind_name = match request.kind {
        SavingsKind::Pokok => "pokok",
        SavingsKind::Wajib => "wajib",
        SavingsKind::Sukarela => "sukarela",
    };
    let (memo, lines) = if request.withdrawal {
        let balance = member_balance(books, member.id, &savings);
        if balance < amount.decimal() {
            return Err(MemberError::Overdraft {
                member: number,
                balance: display_idr(balance),
                requested: display_idr(amount.decimal()),
            });
        }
        ensure_funds(books, &request.via, amount.decimal())?;
        (
            format!("Penarikan simpanan {kind_name} {} ({number})", member.name),
            vec![
                line(savings, Side::Debit, amount, Some(member.id)),
                line(request.via.clone(), Side::Credit, amount, None),
            ],
        )
    } else {
        let periods = match (request.kind, request.periods.unwrap_or(1)) {
            (SavingsKind::Wajib, n) if n > 1 => format!(" {n} periode"),
            _ => String::new(),
        };
        (
            format!("Setoran simpanan {kind_name}{periods} {} ({number})", member.name),
            vec![
                line(request.via.clone(), Side::Debit, amount, None),
                line(savings, Side::Credit, amount, Some(member.id)),
            ],
        )
    };
    let memo = Memo::given_or(request.memo.clone(), &memo)?;
    Ok(BalancedEntry::new(request.date, memo, lines)?)
}

/// What a leaving member is paid: every savings and unpaid SHU share, in one entry, from cash.
pub fn exit_entry(
    books: &Books,
    member: &Member,
    date: NaiveDate,
    memo: Option<Memo>,
) -> Result<Option<BalancedEntry>, MemberError> {
    member.is_active_on(date)?;
    let mut lines = Vec::new();
    let mut total = Decimal::ZERO;
    for account in [PRINCIPAL_SAVINGS, MANDATORY_SAVINGS, VOLUNTARY_SAVINGS, SHU_PAYABLE].map(code) {
        let owed = member_balance(books, member.id, &account);
        if owed > Decimal::ZERO {
            total += owed;
            lines.push(line(
                account,
                Side::Debit,
                Money::from_decimal(owed).expect("a member's balance fits an amount"),
                Some(member.id),
            ));
        }
    }
    if lines.is_empty() {
        return Ok(None);
    }
    ensure_funds(books, &code(CASH), total)?;
    lines.push(line(
        code(CASH),
        Side::Credit,
        Money::from_decimal(total).expect("a member's savings fit an amount"),
        None,
    ));
    let default = format!("Anggota keluar: pengembalian simpanan {} ({})", member.name, member.number.as_str());
    let memo = Memo::given_or(memo, &default)?;
    Ok(Some(BalancedEntry::new(date, memo, lines)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Chart;
    use crate::domain::books::Stamp;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn member(joined: &str) -> Member {
        Member {
            id: 7,
            entity_id: 2,
            number: MemberNumber::parse("TAHU-007").unwrap(),
            name: "Siti Aminah".into(),
            kind: MemberKind::Klien,
            nik: None,
            client_number: None,
            phone: None,
            joined_on: date(joined),
            exited_on: None,
        }
    }

    fn terms(from: &str, pokok: &str, wajib: &str) -> SavingsTerms {
        SavingsTerms {
            effective_from: date(from),
            pokok: Money::parse(pokok).unwrap(),
            wajib: Money::parse(wajib).unwrap(),
            wajib_period: WajibPeriod::Monthly,
        }
    }

    fn request(kind: SavingsKind, withdrawal: bool, amount: Option<&str>) -> SavingsRequest {
        SavingsRequest {
            kind,
            withdrawal,
            date: date("2026-03-10"),
            amount: amount.map(|a| Money::parse(a).unwrap()),
            periods: None,
            via: code(CASH),
            memo: None,
        }
    }

    fn books() -> Books {
        Books::new(2, Chart::from_csv(crate::data::COA_KUBE).unwrap())
    }

    fn post(books: &mut Books, entry: BalancedEntry) {
        let register = crate::domain::registers::Register::default().with_member(member("2026-01-15"));
        books
            .post(entry, Stamp { recorded_by: "t".into(), recorded_at: "t".into(), reverses: None }, &register)
            .unwrap();
    }

    /// Worked example: joined 15 Jan 2026; wajib Rp10.000 a month until March, Rp15.000 from
    /// 1 April. As of 20 June 2026 six months are due: 3 × 10.000 + 3 × 15.000 = 75.000.
    /// Paid 35.000: January to March (30.000) are covered, 5.000 goes to April.
    /// Owed: April 10.000 + May 15.000 + June 15.000 = 40.000, in 3 periods.
    #[test]
    fn arrears_worked_example() {
        let history = vec![terms("2026-01-01", "50000", "10000"), terms("2026-04-01", "50000", "15000")];
        let owed = arrears(&history, &member("2026-01-15"), Decimal::from(35000), date("2026-06-20"));
        assert_eq!((owed.periods, owed.amount), (3, Decimal::from(40000)));
        let none = arrears(&history, &member("2026-01-15"), Decimal::from(75000), date("2026-06-20"));
        assert_eq!((none.periods, none.amount), (0, Decimal::ZERO));
        let exited = Member { exited_on: Some(date("2026-02-10")), ..member("2026-01-15") };
        assert_eq!(arrears(&history, &exited, Decimal::ZERO, date("2026-06-20")).amount, Decimal::from(20000));
    }

    #[test]
    fn pokok_is_paid_once_at_the_bylaws_amount() {
        let history = vec![terms("2026-01-01", "50000", "10000")];
        let mut books = books();
        let wrong =
            savings_entry(&books, &history, &member("2026-01-15"), &request(SavingsKind::Pokok, false, Some("40000")));
        assert!(matches!(wrong, Err(MemberError::PrincipalAmount { .. })));
        let entry =
            savings_entry(&books, &history, &member("2026-01-15"), &request(SavingsKind::Pokok, false, None)).unwrap();
        assert_eq!(entry.total(), Decimal::from(50000));
        post(&mut books, entry);
        let again = savings_entry(&books, &history, &member("2026-01-15"), &request(SavingsKind::Pokok, false, None));
        assert!(matches!(again, Err(MemberError::PrincipalAlreadyPaid(..))));
    }

    #[test]
    fn sukarela_withdrawal_never_exceeds_the_balance_or_the_cash() {
        let mut books = books();
        let someone = member("2026-01-15");
        let entry =
            savings_entry(&books, &[], &someone, &request(SavingsKind::Sukarela, false, Some("30000"))).unwrap();
        post(&mut books, entry);
        let over = savings_entry(&books, &[], &someone, &request(SavingsKind::Sukarela, true, Some("30000.01")));
        match over {
            Err(MemberError::Overdraft { balance, .. }) => assert_eq!(balance, "Rp30.000,00"),
            other => panic!("expected an overdraft, got {other:?}"),
        }
        let ok = savings_entry(&books, &[], &someone, &request(SavingsKind::Sukarela, true, Some("30000"))).unwrap();
        post(&mut books, ok);
        assert_eq!(member_balance(&books, someone.id, &code(VOLUNTARY_SAVINGS)), Decimal::ZERO);
        let locked = savings_entry(&books, &[], &someone, &request(SavingsKind::Wajib, true, None));
        assert_eq!(locked.unwrap_err(), MemberError::LockedUntilExit);
    }

    #[test]
    fn exit_pays_everything_back_or_is_refused_for_want_of_cash() {
        let history = vec![terms("2026-01-01", "50000", "10000")];
        let mut books = books();
        let someone = member("2026-01-15");
        let entry = savings_entry(&books, &history, &someone, &request(SavingsKind::Pokok, false, None)).unwrap();
        post(&mut books, entry);
        let entry = savings_entry(&books, &history, &someone, &request(SavingsKind::Wajib, false, None)).unwrap();
        post(&mut books, entry);
        let entry = exit_entry(&books, &someone, date("2026-04-01"), None).unwrap().unwrap();
        assert_eq!(entry.total(), Decimal::from(60000));
        // Spend the cash elsewhere: the exit must now be refused.
        let spend = BalancedEntry::new(
            date("2026-03-11"),
            Memo::parse("Bayar listrik").unwrap(),
            vec![
                line(code("5202"), Side::Debit, Money::parse("20000").unwrap(), None),
                line(code(CASH), Side::Credit, Money::parse("20000").unwrap(), None),
            ],
        )
        .unwrap();
        post(&mut books, spend);
        assert!(matches!(exit_entry(&books, &someone, date("2026-04-01"), None), Err(MemberError::CashShort { .. })));
    }

    #[test]
    fn nik_checks_length_digits_and_birth_date() {
        assert!(Nik::parse("3310115507900001").is_ok(), "woman born 15-07-1990");
        assert!(Nik::parse("3310111507900001").is_ok());
        assert!(Nik::parse("331011150790000").is_err());
        assert!(Nik::parse("33101115079000a1").is_err());
        assert!(Nik::parse("3310113213900001").is_err(), "month 13");
        assert!(Nik::parse("3310113507900001").is_err(), "day 35");
    }
}
