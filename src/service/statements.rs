//! Financial statements, SHU slips, grant accountability (LPJ bantuan) and the panti
//! overview, read from the books.

use super::{Ledger, ServiceError};
use crate::domain::books::Balances;
use crate::domain::entity::{EntityId, EntityKind};
use crate::domain::entry::{BalancedEntry, MemberId};
use crate::domain::money::display_idr;
use crate::domain::shu::{ShareKind, ShuPreview};
use crate::domain::statements::{
    balance_sheet, cash_by_counter_account, cash_flow, cash_in, equity_changes, income_statement, notes_to_statements,
    overview, EquityPeriod, KeyFigures, NotesColumn, Row, Section, Table, GRANT_SOURCES,
};
use crate::domain::tag::EntryTag;
use chrono::Datelike;
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

/// Which statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementKind {
    /// Balance sheet (neraca).
    Neraca,
    /// Income statement (perhitungan hasil usaha).
    HasilUsaha,
    /// Statement of changes in equity (laporan perubahan ekuitas).
    PerubahanEkuitas,
    /// Cash flow statement, direct method (laporan arus kas).
    ArusKas,
    /// Notes to the statements (catatan atas laporan keuangan, CaLK).
    Catatan,
}

impl StatementKind {
    pub fn parse(text: &str) -> Option<StatementKind> {
        match text {
            "neraca" => Some(StatementKind::Neraca),
            "hasil-usaha" | "phu" => Some(StatementKind::HasilUsaha),
            "perubahan-ekuitas" => Some(StatementKind::PerubahanEkuitas),
            "arus-kas" => Some(StatementKind::ArusKas),
            "catatan" | "calk" => Some(StatementKind::Catatan),
            _ => None,
        }
    }
}

/// A period of whole days, `start` to `end` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Period, ServiceError> {
        if start > end || (end - start).num_days() > 3660 {
            return Err(ServiceError::NotAllowed(format!(
                "periode {start} s.d. {end} tidak sah: awal tidak boleh sesudah akhir, paling lama 10 tahun"
            )));
        }
        Ok(Period { start, end })
    }

    /// The same dates a year earlier: the comparative column.
    pub fn prior(self) -> Option<Period> {
        let back = |date: NaiveDate| date.checked_sub_months(Months::new(12));
        Some(Period { start: back(self.start)?, end: back(self.end)? })
    }

    pub fn label(self) -> String {
        let whole_year = self.start.format("%m-%d").to_string() == "01-01"
            && self.end.format("%m-%d").to_string() == "12-31"
            && self.start.format("%Y").to_string() == self.end.format("%Y").to_string();
        if whole_year {
            self.end.format("%Y").to_string()
        } else {
            format!("{} s.d. {}", self.start.format("%d-%m-%Y"), self.end.format("%d-%m-%Y"))
        }
    }

    fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.start.iter_days().take_while(move |day| *day <= self.end)
    }
}

impl Ledger {
    /// Balances at the end of the day before `date` (none before the first day).
    pub(crate) fn balances_before(&self, entity: EntityId, date: NaiveDate) -> Result<Balances, ServiceError> {
        match date.pred_opt() {
            Some(day) => Ok(self.store.balances_as_of(entity, day)?),
            None => Ok(Balances::new()),
        }
    }

    /// Committed entries dated within a period with their seqs, in date then seq order.
    fn entries_within(&self, entity: EntityId, period: Period) -> Result<Vec<(u64, BalancedEntry)>, ServiceError> {
        let mut entries = Vec::new();
        for day in period.days() {
            for seq in self.store.entries_on(entity, day)? {
                entries.push((seq, self.entry(entity, seq)?.entry));
            }
        }
        Ok(entries)
    }

    /// A statement for a period, with the same period a year earlier beside it.
    pub fn statement(&self, entity: EntityId, kind: StatementKind, period: Period) -> Result<Table, ServiceError> {
        self.entity(entity)?;
        let chart = self.store.chart(entity)?;
        let periods: Vec<Period> = [Some(period), period.prior()].into_iter().flatten().collect();
        let labels = periods.iter().map(|p| p.label()).collect();
        Ok(match kind {
            StatementKind::Neraca => {
                let at =
                    periods.iter().map(|p| self.store.balances_as_of(entity, p.end)).collect::<Result<Vec<_>, _>>()?;
                let dates = periods.iter().map(|p| p.end.format("%d-%m-%Y").to_string()).collect();
                balance_sheet(&chart, dates, &at.iter().collect::<Vec<_>>())
            }
            StatementKind::HasilUsaha => {
                let moved = periods
                    .iter()
                    .map(|p| self.operating_movement(entity, p.start, p.end))
                    .collect::<Result<Vec<_>, _>>()?;
                let members = periods.iter().map(|p| self.member_sales(entity, *p)).collect::<Result<Vec<_>, _>>()?;
                income_statement(&chart, labels, &moved.iter().collect::<Vec<_>>(), &members)
            }
            StatementKind::PerubahanEkuitas => {
                let mut spans = Vec::new();
                for p in &periods {
                    let entries: Vec<_> = self.entries_within(entity, *p)?.into_iter().map(|(_, e)| e).collect();
                    let opening = self.balances_before(entity, p.start)?;
                    spans.push((p.label(), opening, entries, self.store.balances_as_of(entity, p.end)?));
                }
                let spans: Vec<_> = spans
                    .iter()
                    .map(|(label, opening, entries, closing)| EquityPeriod {
                        label: label.clone(),
                        opening,
                        entries,
                        closing,
                    })
                    .collect();
                equity_changes(&chart, &spans)
            }
            StatementKind::Catatan => self.notes_to_statements(entity, &chart, &periods, labels)?,
            StatementKind::ArusKas => {
                let mut flows = Vec::new();
                let mut cash = Vec::new();
                for p in &periods {
                    let entries: Vec<_> = self.entries_within(entity, *p)?.into_iter().map(|(_, e)| e).collect();
                    flows.push(cash_by_counter_account(&chart, &entries));
                    cash.push((
                        cash_in(&self.balances_before(entity, p.start)?),
                        cash_in(&self.store.balances_as_of(entity, p.end)?),
                    ));
                }
                cash_flow(&chart, labels, &flows.iter().collect::<Vec<_>>(), &cash)
            }
        })
    }

    /// Sales to member buyers within a period, net of discount, not reversed: the
    /// members' participation (partisipasi anggota) of the income statement.
    fn member_sales(&self, entity: EntityId, period: Period) -> Result<Decimal, ServiceError> {
        let mut total = Decimal::ZERO;
        for (seq, tag) in self.store.entry_tags(entity)? {
            let EntryTag::Sale(sale) = tag else { continue };
            if sale.member_id.is_none() || self.store.reversed_by(entity, seq)?.is_some() {
                continue;
            }
            if (period.start..=period.end).contains(&self.entry(entity, seq)?.entry.date()) {
                total += sale.net.decimal();
            }
        }
        Ok(total)
    }

    /// The notes to the statements (CaLK), one column per period: the allocation of a
    /// period that is a whole book year is the RAT's decision (or the close's, for a year
    /// closed before the RAT step), else the preview, and the notes say which.
    fn notes_to_statements(
        &self,
        entity: EntityId,
        chart: &crate::domain::account::Chart,
        periods: &[Period],
        labels: Vec<String>,
    ) -> Result<Table, ServiceError> {
        use crate::domain::close::AllocationStatus;
        let (closes, decisions) = (self.store.year_closes(entity)?, self.store.shu_decisions(entity)?);
        let grants = self.grants(entity)?;
        let tags = self.store.entry_tags(entity)?;
        let member_loans = super::loans::loan_states(&self.store, entity)?;
        let mut columns = Vec::new();
        let mut status = Vec::new();
        for p in periods {
            let at_end = self.store.balances_as_of(entity, p.end)?;
            let mut by_source = [Decimal::ZERO; 4];
            for (_, grant) in grants.iter().filter(|(_, g)| (p.start..=p.end).contains(&g.date)) {
                let index = GRANT_SOURCES.iter().position(|(source, _)| *source == grant.source).expect("every source");
                by_source[index] += grant.amount.decimal();
            }
            let mut loans_received = Decimal::ZERO;
            for (seq, tag) in &tags {
                if let EntryTag::LoanReceipt(loan) = tag {
                    if (p.start..=p.end).contains(&loan.date) && self.store.reversed_by(entity, *seq)?.is_none() {
                        loans_received += loan.principal.decimal();
                    }
                }
            }
            let mut by_class = [(Decimal::ZERO, Decimal::ZERO); 5];
            for standing in member_loans.iter().filter_map(|state| state.standing(p.end)) {
                let index = crate::domain::loan::Collectibility::ALL.iter().position(|c| *c == standing.collectibility);
                let (owed, allowance) = &mut by_class[index.expect("every class")];
                *owed += standing.outstanding;
                *allowance += standing.allowance;
            }
            let moved = self.operating_movement(entity, p.start, p.end)?;
            let whole_year =
                p.start.ordinal() == 1 && p.start.year() == p.end.year() && p.end.month() == 12 && p.end.day() == 31;
            let year = p.end.year();
            let allocation = match (whole_year, AllocationStatus::of(year, &closes, &decisions, true)) {
                (false, _) => None,
                (true, found) => {
                    let (preview, text) = match found.allocation() {
                        Some(posted) => (Some(posted.clone()), allocation_text(year, found)),
                        None => (self.shu_preview(entity, year).ok(), allocation_text(year, found)),
                    };
                    status.push(text);
                    preview
                }
            };
            columns.push((
                at_end,
                by_source,
                loans_received,
                by_class,
                crate::domain::statements::result(chart, &moved),
                allocation,
            ));
        }
        let notes: Vec<NotesColumn> = columns
            .iter()
            .map(|(at_end, grants, loans_received, member_loans, shu, allocation)| NotesColumn {
                at_end,
                grants: *grants,
                loans_received: *loans_received,
                member_loans: *member_loans,
                shu: *shu,
                allocation: allocation.as_ref(),
            })
            .collect();
        Ok(notes_to_statements(chart, labels, &notes, status))
    }

    /// A panti's KUBE and koperasi side by side, with a total column.
    pub fn panti_overview(&self, panti: EntityId, period: Period) -> Result<Table, ServiceError> {
        let found = self.entity(panti)?;
        if found.kind != EntityKind::Panti {
            return Err(ServiceError::NotAllowed(format!("{} bukan panti", found.name)));
        }
        let groups: Vec<_> = self.entities()?.into_iter().filter(|e| e.parent_id == Some(panti)).collect();
        let mut figures = Vec::new();
        for group in &groups {
            let chart = self.store.chart(group.id)?;
            let mut key = KeyFigures::of(
                &chart,
                &self.store.balances_as_of(group.id, period.end)?,
                &self.operating_movement(group.id, period.start, period.end)?,
            );
            let active = self.members(group.id)?.iter().filter(|m| m.is_active_on(period.end).is_ok()).count();
            key.members_active = Decimal::from(active);
            figures.push(key);
        }
        let names = groups.iter().map(|g| g.name.clone()).collect();
        Ok(overview(format!("Ikhtisar {} — {}", found.name, period.label()), names, &figures))
    }

    /// One member's SHU slip: the bases, the pools and how the share was computed; from
    /// the close when the year is closed, else from the preview (marked as such).
    pub fn shu_slip(&self, entity: EntityId, year: i32, member: MemberId) -> Result<Table, ServiceError> {
        use crate::domain::close::AllocationStatus;
        let (closes, decisions) = (self.year_closes(entity)?, self.shu_decisions(entity)?);
        let (preview, status) = match AllocationStatus::of(year, &closes, &decisions, true) {
            AllocationStatus::AtClose(preview) => (preview.clone(), "SHU dibagikan saat tutup buku".to_string()),
            AllocationStatus::Decided(decision) => (
                decision.allocation.clone(),
                format!(
                    "SHU dibagikan menurut keputusan RAT tanggal {} (berita acara {})",
                    decision.rat_date.format("%d-%m-%Y"),
                    decision.minutes
                ),
            ),
            AllocationStatus::AwaitingRat => {
                (self.shu_preview(entity, year)?, "PRATINJAU: tahun buku ditutup, menunggu keputusan RAT".into())
            }
            AllocationStatus::None => (self.shu_preview(entity, year)?, "PRATINJAU: tahun buku belum ditutup".into()),
        };
        let slip = preview
            .members
            .iter()
            .find(|m| m.member_id == member)
            .ok_or_else(|| ServiceError::NotFound(format!("anggota {member} dalam pembagian SHU {year}")))?;
        let pool =
            |kind: ShareKind| preview.pools.iter().find(|p| p.share.kind == kind).map_or(Decimal::ZERO, |p| p.amount);
        let basis_total = |pick: fn(&crate::domain::shu::MemberSlip) -> Decimal| -> Decimal {
            preview.members.iter().map(pick).filter(|b| *b > Decimal::ZERO).sum()
        };
        let line = |label: &str, value: Decimal| Row::new(label, vec![value]);
        let part = |title: &str, basis: Decimal, total: Decimal, pool: Decimal, share: Decimal| Section {
            title: title.into(),
            rows: vec![
                line("Dasar anggota", basis),
                line("Jumlah dasar semua anggota", total),
                line("Bagian SHU untuk jasa ini", pool),
                Row::total("Bagian anggota", vec![share]),
            ],
        };
        let capital_basis = match preview.policy.capital_basis {
            crate::domain::shu::CapitalBasis::YearEnd => "simpanan pokok + wajib akhir tahun",
            crate::domain::shu::CapitalBasis::MonthlyAverage => "rata-rata simpanan pokok + wajib akhir bulan",
        };
        Ok(Table {
            title: format!("Slip SHU {year} — {} {}", slip.number, slip.name),
            columns: vec!["Jumlah".into()],
            sections: vec![
                Section {
                    title: "SHU koperasi".into(),
                    rows: vec![
                        line("Pendapatan", preview.revenue),
                        line("Beban", preview.expenses),
                        line("SHU", preview.shu),
                    ],
                },
                part(
                    &format!("Jasa modal (dasar: {capital_basis})"),
                    slip.jasa_modal_basis,
                    basis_total(|m| m.jasa_modal_basis),
                    pool(ShareKind::JasaModal),
                    slip.jasa_modal,
                ),
                part(
                    "Jasa usaha (dasar: pembelian anggota dari KUBE)",
                    slip.jasa_usaha_basis,
                    basis_total(|m| m.jasa_usaha_basis),
                    pool(ShareKind::JasaUsaha),
                    slip.jasa_usaha,
                ),
                Section { title: String::new(), rows: vec![Row::total("SHU bagian anggota", vec![slip.total])] },
            ],
            notes: vec![status, slip_rounding_note(&preview)],
        })
    }

    /// Grant accountability (LPJ bantuan): each grant, what it was spent on and what is
    /// left. Goods given in kind are spent on themselves. Cash is fungible, so spending
    /// is attributed first in, first out: each cash payment for stock, equipment or
    /// costs from the grant's date on goes to the oldest grant with money left.
    pub fn grant_report(&self, entity: EntityId, as_of: NaiveDate) -> Result<Table, ServiceError> {
        let chart = self.store.chart(entity)?;
        let mut grants = self.grants(entity)?;
        grants.retain(|(_, g)| g.date <= as_of);
        grants.sort_by_key(|(seq, g)| (g.date, *seq));
        let mut left: Vec<Decimal> =
            grants.iter().map(|(_, g)| if g.in_kind { Decimal::ZERO } else { g.amount.decimal() }).collect();
        let mut uses: Vec<Vec<Row>> = vec![Vec::new(); grants.len()];
        if let Some(first) = grants.iter().find(|(_, g)| !g.in_kind).map(|(_, g)| g.date) {
            for (seq, entry) in self.entries_within(entity, Period { start: first, end: as_of })? {
                let day = entry.date();
                let spent: Decimal = cash_by_counter_account(&chart, std::slice::from_ref(&entry))
                    .iter()
                    .filter(|(code, _)| {
                        chart.get(code).is_some_and(|a| {
                            matches!(
                                a.account_type,
                                crate::domain::account::AccountType::Aset | crate::domain::account::AccountType::Beban
                            )
                        })
                    })
                    .map(|(_, t)| t.credit - t.debit)
                    .sum();
                let mut spent = spent.max(Decimal::ZERO);
                for (index, (_, grant)) in grants.iter().enumerate() {
                    if spent.is_zero() || grant.in_kind || grant.date > day || left[index].is_zero() {
                        continue;
                    }
                    let taken = spent.min(left[index]);
                    left[index] -= taken;
                    spent -= taken;
                    let label = format!("{} #{seq}: {}", day.format("%d-%m-%Y"), entry.memo().as_str());
                    uses[index].push(Row::new(label, vec![-taken]));
                }
            }
        }
        let sections = grants
            .iter()
            .zip(uses)
            .zip(&left)
            .map(|(((seq, grant), mut rows), left)| {
                let form = if grant.in_kind { "barang" } else { "tunai" };
                let received = format!("Diterima {} ({form})", grant.date.format("%d-%m-%Y"));
                rows.insert(0, Row::new(received, vec![grant.amount.decimal()]));
                if grant.in_kind {
                    let goods = "Diterima sebagai barang (aset)";
                    rows.push(Row::coded(grant.asset_account.as_str(), goods, vec![-grant.amount.decimal()]));
                }
                rows.push(Row::total("Sisa", vec![*left]));
                Section { title: format!("Bantuan #{seq}: {} ({:?})", grant.programme, grant.source), rows }
            })
            .collect();
        Ok(Table {
            title: format!("Laporan Pertanggungjawaban Bantuan per {}", as_of.format("%d-%m-%Y")),
            columns: vec!["Jumlah".into()],
            sections,
            notes: vec!["Pemakaian bantuan tunai dihitung berurutan: setiap pembayaran kas untuk persediaan, peralatan atau biaya sejak tanggal bantuan dibebankan ke bantuan tertua yang masih bersisa.".into()],
        })
    }
}

/// How a year's SHU allocation stands, for the notes.
fn allocation_text(year: i32, status: crate::domain::close::AllocationStatus) -> String {
    use crate::domain::close::AllocationStatus;
    match status {
        AllocationStatus::Decided(d) => format!(
            "SHU {year} dibagi menurut keputusan RAT tanggal {} (berita acara {}).",
            d.rat_date.format("%d-%m-%Y"),
            d.minutes
        ),
        AllocationStatus::AtClose(_) => format!("SHU {year} dibagi saat tutup buku 31-12-{year}."),
        AllocationStatus::AwaitingRat => {
            format!("SHU {year}: tahun buku ditutup, pembagian menunggu keputusan RAT (angka pratinjau).")
        }
        AllocationStatus::None => format!("SHU {year}: tahun buku belum ditutup (angka pratinjau)."),
    }
}

fn slip_rounding_note(preview: &ShuPreview) -> String {
    format!(
        "Bagian tiap anggota = bagian jasa × dasar anggota ÷ jumlah dasar, dibulatkan ke bawah ke rupiah penuh; sisa rupiah diberikan satu per satu kepada anggota dengan pecahan terbesar (sama besar: nomor anggota terkecil). SHU {} dibagi menurut AD/ART berlaku {}.",
        display_idr(preview.shu),
        preview.policy.effective_from.format("%d-%m-%Y")
    )
}
