//! Closing a fiscal year (tutup buku): the closing entry that empties revenue and
//! expense accounts into the year's result, and the entries that allocate that result
//! by the bylaws. Pure: the service decides when, the writer posts.

use super::account::{AccountCode, AccountType, Chart};
use super::books::Balances;
use super::books::Books;
use super::entry::{BalancedEntry, EntryErrors, Line, MemberId, Memo, LINES_COUNT_MAX};
use super::member::{
    code as member_code, ensure_funds, member_balance, Member, MemberError, SavingsKind, CASH, SHU_PAYABLE,
};
use super::money::{display_idr, Money};
use super::shu::{ShareKind, ShuPreview};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Current year's SHU (SHU tahun berjalan): where the closing entry puts the result.
pub const CURRENT_RESULT: &str = "3105";
/// Reserve (cadangan): the part of the SHU reinvested as the group's own capital.
pub const RESERVE: &str = "3104";
/// Undistributed SHU (SHU belum dibagi): where a loss is carried forward.
pub const CARRIED_RESULT: &str = "3106";
/// A panti's own fund (dana panti): a panti has no members to share a result with.
pub const PANTI_FUND: &str = "3101";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloseError {
    #[error("tahun buku {0} sudah ditutup")]
    AlreadyClosed(i32),
    #[error("tahun buku {0} belum berakhir; tutup buku setelah 31 Desember")]
    NotEnded(i32),
    #[error("tahun buku {0} belum ditutup: tutup tahun itu lebih dulu")]
    EarlierYearOpen(i32),
    #[error("tahun buku {0} tidak sedang ditutup")]
    NotClosed(i32),
    #[error("buku terkunci sampai {0}: buka periode sesudah tahun ini lebih dulu")]
    LaterPeriodLocked(NaiveDate),
    #[error("alasan pembukaan kembali wajib diisi (paling banyak 500 karakter, tanpa karakter kontrol atau format tak terlihat)")]
    ReasonRequired,
    #[error("buku berubah selama penutupan; ulangi permintaan")]
    BooksChanged,
    #[error("{0}")]
    Entry(#[from] EntryErrors),
}

/// 31 December of a year.
pub fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

/// Whether any revenue or expense account still holds a balance: a year not closed.
pub fn has_open_result(chart: &Chart, balances: &Balances) -> bool {
    profit_and_loss(chart, balances).next().is_some()
}

/// Revenue less expenses in balances (revenue is credit-normal, so its net is negative).
pub fn result_of(chart: &Chart, balances: &Balances) -> Decimal {
    profit_and_loss(chart, balances).map(|(_, net)| -net).sum()
}

fn profit_and_loss<'a>(chart: &'a Chart, balances: &'a Balances) -> impl Iterator<Item = (&'a AccountCode, Decimal)> {
    balances.iter().filter_map(|(code, totals)| {
        let kind = chart.get(code)?.account_type;
        let is_pl = matches!(kind, AccountType::Pendapatan | AccountType::Beban);
        (is_pl && !totals.net().is_zero()).then(|| (code, totals.net()))
    })
}

/// A constant code, or a fund account checked against the chart when its policy was set.
fn code(text: &str) -> AccountCode {
    AccountCode::parse(text).expect("a checked account code")
}

fn money(amount: Decimal) -> Money {
    Money::from_decimal(amount.abs()).expect("an amount drawn from balanced books fits Money")
}

/// The closing entry (jurnal penutup): every revenue and expense balance moved to
/// `result_account`, so the year's result shows there and the next year starts at zero.
/// `None` when no revenue or expense account has a balance.
pub fn closing_entry(
    chart: &Chart,
    balances: &Balances,
    date: NaiveDate,
    memo: Memo,
    result_account: &AccountCode,
) -> Result<Option<BalancedEntry>, EntryErrors> {
    let mut lines: Vec<Line> = profit_and_loss(chart, balances)
        .map(|(code, net)| {
            if net > Decimal::ZERO {
                Line::credit(code.clone(), money(net))
            } else {
                Line::debit(code.clone(), money(net))
            }
        })
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    let result = result_of(chart, balances);
    if result > Decimal::ZERO {
        lines.push(Line::credit(result_account.clone(), money(result)));
    } else if result < Decimal::ZERO {
        lines.push(Line::debit(result_account.clone(), money(result)));
    }
    BalancedEntry::new(date, memo, lines).map(Some)
}

/// The allocation entries (pembagian SHU) of a closed year's result by its preview:
/// reserve (with what no member could earn) and funds in one entry, members' shares to
/// their SHU payable in entries of at most `LINES_COUNT_MAX - 1` members each. A loss
/// is carried forward to SHU belum dibagi, to be covered by later years (or from the
/// reserve, when the members' meeting so decides, as an ordinary journal).
pub fn allocation_entries(preview: &ShuPreview, date: NaiveDate) -> Result<Vec<BalancedEntry>, EntryErrors> {
    let memo = |text: String| Memo::parse(&text).map_err(|e| EntryErrors(vec![e]));
    let year = preview.year;
    if preview.shu < Decimal::ZERO {
        let lines = vec![
            Line::debit(code(CARRIED_RESULT), money(preview.shu)),
            Line::credit(code(CURRENT_RESULT), money(preview.shu)),
        ];
        return Ok(vec![BalancedEntry::new(
            date,
            memo(format!("Rugi tahun {year} dibawa ke tahun berikutnya"))?,
            lines,
        )?]);
    }
    let mut entries = Vec::new();
    let mut kept: Vec<(AccountCode, Decimal)> = vec![(code(RESERVE), preview.unallocated_to_reserve)];
    for pool in &preview.pools {
        match &pool.share.kind {
            ShareKind::Reserve => kept[0].1 += pool.amount,
            ShareKind::Fund { account } => kept.push((code(account), pool.amount)),
            ShareKind::JasaModal | ShareKind::JasaUsaha => {}
        }
    }
    let kept_total: Decimal = kept.iter().map(|(_, amount)| *amount).sum();
    if kept_total > Decimal::ZERO {
        let mut lines = vec![Line::debit(code(CURRENT_RESULT), money(kept_total))];
        lines.extend(kept.iter().filter(|(_, a)| *a > Decimal::ZERO).map(|(c, a)| Line::credit(c.clone(), money(*a))));
        entries.push(BalancedEntry::new(date, memo(format!("Pembagian SHU {year}: cadangan dan dana-dana"))?, lines)?);
    }
    let shares: Vec<(MemberId, Decimal)> =
        preview.members.iter().filter(|m| m.total > Decimal::ZERO).map(|m| (m.member_id, m.total)).collect();
    for (part, chunk) in shares.chunks(LINES_COUNT_MAX - 1).enumerate() {
        let total: Decimal = chunk.iter().map(|(_, amount)| *amount).sum();
        let mut lines = vec![Line::debit(code(CURRENT_RESULT), money(total))];
        lines.extend(
            chunk.iter().map(|(member, amount)| Line::credit(code(SHU_PAYABLE), money(*amount)).for_member(*member)),
        );
        let text = format!("Pembagian SHU {year}: bagian anggota ({})", part + 1);
        entries.push(BalancedEntry::new(date, memo(text)?, lines)?);
    }
    Ok(entries)
}

/// How a member takes their SHU share: in cash, or reinvested as savings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShuChoice {
    /// Paid out in cash (tunai).
    Tunai,
    /// Reinvested as voluntary savings (simpanan sukarela).
    Sukarela,
    /// Reinvested as mandatory savings (simpanan wajib).
    Wajib,
}

impl ShuChoice {
    pub fn parse(text: &str) -> Option<ShuChoice> {
        match text {
            "tunai" | "cash" => Some(ShuChoice::Tunai),
            "sukarela" => Some(ShuChoice::Sukarela),
            "wajib" => Some(ShuChoice::Wajib),
            _ => None,
        }
    }
}

/// The entry that settles (part of) a member's SHU payable by their choice; the whole
/// unpaid share when no amount is given. Never more than is owed, never cash the till
/// does not hold.
pub fn shu_payout_entry(
    books: &Books,
    member: &Member,
    choice: ShuChoice,
    amount: Option<Money>,
    date: NaiveDate,
    memo: Option<Memo>,
) -> Result<(BalancedEntry, Money), MemberError> {
    member.is_active_on(date)?;
    let payable = member_code(SHU_PAYABLE);
    let owed = member_balance(books, member.id, &payable);
    let amount = amount.map_or(owed, Money::decimal);
    if amount <= Decimal::ZERO {
        return Err(MemberError::NotPositive);
    }
    if amount > owed {
        return Err(MemberError::Overdraft {
            member: member.number.as_str().to_string(),
            balance: display_idr(owed),
            requested: display_idr(amount),
        });
    }
    let paid = money(amount);
    let to = match choice {
        ShuChoice::Tunai => {
            ensure_funds(books, &member_code(CASH), amount)?;
            Line::credit(member_code(CASH), paid)
        }
        ShuChoice::Sukarela => Line::credit(SavingsKind::Sukarela.account(), paid).for_member(member.id),
        ShuChoice::Wajib => Line::credit(SavingsKind::Wajib.account(), paid).for_member(member.id),
    };
    let default = match choice {
        ShuChoice::Tunai => format!("Pembayaran SHU anggota {}", member.number.as_str()),
        _ => format!("SHU anggota {} ditanam sebagai simpanan", member.number.as_str()),
    };
    let memo = Memo::given_or(memo, &default)?;
    let entry = BalancedEntry::new(date, memo, vec![Line::debit(payable, paid).for_member(member.id), to])?;
    Ok((entry, paid))
}

/// A year's close as recorded: what was posted, by whom, and the allocation it posted;
/// a reopen adds who, when, why and the reversing entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearClose {
    pub year: i32,
    /// Counts the closes of the same year: a reopened year closed again gets the next.
    pub version: u32,
    pub closed_by: String,
    pub closed_at: String,
    /// The lock before this close, restored by a reopen.
    pub locked_before: Option<NaiveDate>,
    pub seqs: Vec<u64>,
    /// `None` for a panti, which closes its result into its fund.
    pub allocation: Option<ShuPreview>,
    pub reopened: Option<Reopening>,
}

/// The members' annual meeting's (RAT) decision on a closed year's SHU: when it met, the
/// minutes that record it, and the allocation it posted on that date. A year closed before
/// this step existed carries its allocation in its [`YearClose`] instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShuDecision {
    pub year: i32,
    /// The close (its `version`) the decision allocates.
    pub close_version: u32,
    pub rat_date: NaiveDate,
    /// The minutes' reference (nomor berita acara RAT).
    pub minutes: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub allocation: ShuPreview,
    pub seqs: Vec<u64>,
}

/// When a close's SHU is allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocateAt {
    /// By the members' annual meeting, after the close (the rule now).
    Rat,
    /// With the close on 31 December (the rule before the RAT step).
    Close,
}

/// Where a closed year's allocation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocationStatus<'a> {
    /// Posted with the close on 31 December, as before the RAT step (read as it was).
    AtClose(&'a ShuPreview),
    /// Decided by the RAT and posted on its date.
    Decided(&'a ShuDecision),
    /// Closed, waiting for the RAT: the preview stands until then.
    AwaitingRat,
    /// Not closed (or reopened), or a panti, which has no SHU to share.
    None,
}

impl<'a> AllocationStatus<'a> {
    /// The status of `year` from its closes and decisions (a panti's close has none).
    pub fn of(
        year: i32,
        closes: &'a [YearClose],
        decisions: &'a [ShuDecision],
        shares_shu: bool,
    ) -> AllocationStatus<'a> {
        let Some(close) = closes.iter().rev().find(|c| c.year == year && c.reopened.is_none()) else {
            return AllocationStatus::None;
        };
        if let Some(preview) = &close.allocation {
            return AllocationStatus::AtClose(preview);
        }
        match decisions.iter().find(|d| d.year == year && d.close_version == close.version) {
            Some(decision) => AllocationStatus::Decided(decision),
            None if shares_shu => AllocationStatus::AwaitingRat,
            None => AllocationStatus::None,
        }
    }

    /// The allocation as posted, if it is.
    pub fn allocation(self) -> Option<&'a ShuPreview> {
        match self {
            AllocationStatus::AtClose(preview) => Some(preview),
            AllocationStatus::Decided(decision) => Some(&decision.allocation),
            AllocationStatus::AwaitingRat | AllocationStatus::None => None,
        }
    }
}

/// The RAT of a year meets after the year has ended (and so after its 31 December).
pub fn check_rat_date(year: i32, rat_date: NaiveDate) -> Result<(), super::problem::Problem> {
    match year_end(year) {
        Some(end) if rat_date > end => Ok(()),
        _ => Err(super::problem::Problem::RatBeforeYearEnd { year, rat_date }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reopening {
    pub by: String,
    pub at: String,
    pub reason: String,
    pub seqs: Vec<u64>,
}

/// A reason for a reopen: required, at most 500 characters, no control or format characters.
pub fn reopen_reason(text: &str) -> Result<String, CloseError> {
    super::text::clean_text(text, 500).map(str::to_string).map_err(|_| CloseError::ReasonRequired)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Side;
    use crate::domain::books::{add_entry, Totals};

    fn line(account: &str, side: Side, amount: &str) -> Line {
        Line::new(code(account), side, Money::parse(amount).unwrap())
    }

    fn kube_chart() -> Chart {
        Chart::from_csv(crate::domain::entity::EntityKind::Kube.chart_csv()).unwrap()
    }

    fn balances(lines: &[(&str, Side, &str)]) -> Balances {
        let mut balances = Balances::new();
        for (account, side, amount) in lines {
            balances.entry(code(account)).or_insert_with(Totals::default).add(*side, amount.parse().unwrap());
        }
        balances
    }

    /// Sales 10.000.000, returns 250.000, cost of sales 6.000.000, wages 1.500.000,50:
    /// result 10.000.000 − 250.000 − 6.000.000 − 1.500.000,50 = 2.249.999,50 to 3105,
    /// and after the entry every revenue and expense account stands at zero.
    #[test]
    fn closing_empties_revenue_and_expenses_into_the_result() {
        let chart = kube_chart();
        let mut books = balances(&[
            ("4101", Side::Credit, "10000000"),
            ("4103", Side::Debit, "250000"),
            ("5101", Side::Debit, "6000000"),
            ("5201", Side::Debit, "1500000.50"),
            ("1101", Side::Debit, "2249999.50"),
        ]);
        assert_eq!(result_of(&chart, &books), "2249999.50".parse::<Decimal>().unwrap());
        let date = year_end(2025).unwrap();
        let entry =
            closing_entry(&chart, &books, date, Memo::parse("Tutup").unwrap(), &code(CURRENT_RESULT)).unwrap().unwrap();
        assert!(entry.lines().contains(&line(CURRENT_RESULT, Side::Credit, "2249999.50")));
        add_entry(&mut books, &entry);
        assert!(result_of(&chart, &books).is_zero());
        assert!(["4101", "4103", "5101", "5201"].iter().all(|c| books[&code(c)].net().is_zero()));
        assert_eq!(closing_entry(&chart, &books, date, Memo::parse("Tutup").unwrap(), &code(CURRENT_RESULT)), Ok(None));
    }

    #[test]
    fn a_loss_is_debited_to_the_result_and_carried_forward() {
        let chart = kube_chart();
        let books = balances(&[("4101", Side::Credit, "100"), ("5201", Side::Debit, "350")]);
        let date = year_end(2025).unwrap();
        let entry =
            closing_entry(&chart, &books, date, Memo::parse("Tutup").unwrap(), &code(CURRENT_RESULT)).unwrap().unwrap();
        assert!(entry.lines().contains(&line(CURRENT_RESULT, Side::Debit, "250")));
        let preview = ShuPreview {
            year: 2025,
            policy: crate::domain::shu::ShuPolicy::new(
                date,
                vec![crate::domain::shu::Share {
                    name: "Cadangan".into(),
                    percent: Decimal::ONE_HUNDRED,
                    kind: ShareKind::Reserve,
                }],
                crate::domain::shu::CapitalBasis::YearEnd,
            )
            .unwrap(),
            revenue: Decimal::from(100),
            expenses: Decimal::from(350),
            shu: Decimal::from(-250),
            pools: Vec::new(),
            unallocated_to_reserve: Decimal::ZERO,
            members: Vec::new(),
        };
        let entries = allocation_entries(&preview, date).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].lines(),
            [line(CARRIED_RESULT, Side::Debit, "250"), line(CURRENT_RESULT, Side::Credit, "250")]
        );
    }
}
