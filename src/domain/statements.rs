//! The cooperative financial statements in the SAK EP style (Permenkop UKM 2/2024):
//! Neraca, Perhitungan Hasil Usaha, Laporan Perubahan Ekuitas and Laporan Arus Kas
//! (direct method). Pure: they are built from balances and entries the service reads.
//! Every statement is a [`Table`], so one template and one CSV writer serve them all.

use super::account::{Account, AccountCode, AccountType, Chart, Side};
use super::books::Balances;
use super::entry::BalancedEntry;
use rust_decimal::Decimal;
use serde::Serialize;

/// A statement or overview: named columns of figures, in titled sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub sections: Vec<Section>,
    /// Checks a reader can see hold (e.g. assets = liabilities + equity).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub code: Option<String>,
    pub label: String,
    pub values: Vec<Decimal>,
    /// A subtotal or total, set in bold.
    pub total: bool,
    /// A count of people or things, not rupiah.
    pub count: bool,
}

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("Row", 5)?;
        row.serialize_field("code", &self.code)?;
        row.serialize_field("label", &self.label)?;
        row.serialize_field("values", &self.texts())?;
        row.serialize_field("total", &self.total)?;
        row.serialize_field("count", &self.count)?;
        row.end()
    }
}

impl Row {
    /// Each value as text: rupiah in canonical form, counts as whole numbers.
    pub fn texts(&self) -> Vec<String> {
        let text = |v: &Decimal| if self.count { v.normalize().to_string() } else { super::money::canonical(*v) };
        self.values.iter().map(text).collect()
    }

    fn account(account: &Account, values: Vec<Decimal>) -> Row {
        Row::coded(account.code.as_str(), account.name.clone(), values)
    }

    /// A line that names its account.
    pub fn coded(code: &str, label: impl Into<String>, values: Vec<Decimal>) -> Row {
        Row { code: Some(code.to_string()), ..Row::new(label, values) }
    }

    /// A plain line of rupiah.
    pub fn new(label: impl Into<String>, values: Vec<Decimal>) -> Row {
        Row { code: None, label: label.into(), values, total: false, count: false }
    }

    /// A subtotal or total line.
    pub fn total(label: impl Into<String>, values: Vec<Decimal>) -> Row {
        Row { total: true, ..Row::new(label, values) }
    }
}

impl Table {
    /// The row with this label in any section (for totals and tests).
    pub fn row(&self, label: &str) -> Option<&Row> {
        self.sections.iter().flat_map(|s| &s.rows).find(|r| r.label == label)
    }
}

/// A balance as it is normally read: debit-normal accounts debit − credit, the others
/// credit − debit.
fn signed(account: &Account, balances: &Balances) -> Decimal {
    let net = balances.get(&account.code).map_or(Decimal::ZERO, |t| t.net());
    match account.account_type.normal_side() {
        Side::Debit => net,
        Side::Credit => -net,
    }
}

fn postable<'a>(chart: &'a Chart, kind: AccountType) -> impl Iterator<Item = &'a Account> {
    chart.accounts().filter(move |a| a.account_type == kind && chart.is_postable(&a.code))
}

/// Column-wise sum of rows.
fn sum(rows: &[Row], columns: usize) -> Vec<Decimal> {
    (0..columns).map(|i| rows.iter().map(|r| r.values[i]).sum()).collect()
}

/// A section closed by its total row.
fn totalled(title: &str, mut rows: Vec<Row>, total: &str, values: Vec<Decimal>) -> Section {
    rows.push(Row::total(total, values));
    Section { title: title.into(), rows }
}

/// Rows for every postable account of a type with a figure in any column.
fn account_rows(chart: &Chart, kind: AccountType, periods: &[&Balances]) -> Vec<Row> {
    postable(chart, kind)
        .map(|a| Row::account(a, periods.iter().map(|b| signed(a, b)).collect()))
        .filter(|r| r.values.iter().any(|v| !v.is_zero()))
        .collect()
}

/// Revenue less expenses in (cumulative or period) balances: at a date, the result not
/// yet closed into equity.
pub fn result(chart: &Chart, balances: &Balances) -> Decimal {
    postable(chart, AccountType::Pendapatan).map(|a| signed(a, balances)).sum::<Decimal>()
        - postable(chart, AccountType::Beban).map(|a| signed(a, balances)).sum::<Decimal>()
}

/// Label of the not-yet-closed result in equity.
pub const OPEN_RESULT: &str = "SHU tahun berjalan (belum ditutup)";

/// Whether an account is current (lancar, jangka pendek): it sits under the chart's 1100
/// Aset Lancar or 2100 Kewajiban Jangka Pendek, at any depth.
fn is_current(chart: &Chart, account: &Account) -> bool {
    let mut parent = account.parent.clone();
    while let Some(code) = parent {
        if ["1100", "2100"].contains(&code.as_str()) {
            return true;
        }
        parent = chart.get(&code).and_then(|a| a.parent.clone());
    }
    false
}

/// A side of the balance sheet split into its current and non-current parts, each with
/// its subtotal, then the side's total.
fn split_side(chart: &Chart, kind: AccountType, at: &[&Balances], labels: [&str; 3]) -> (Vec<Row>, Vec<Decimal>) {
    let width = at.len();
    let (current, later): (Vec<Row>, Vec<Row>) = account_rows(chart, kind, at)
        .into_iter()
        .partition(|row| row.code.as_ref().and_then(|c| chart.get(&code_of(c))).is_some_and(|a| is_current(chart, a)));
    let (current_total, later_total) = (sum(&current, width), sum(&later, width));
    let total: Vec<Decimal> = current_total.iter().zip(&later_total).map(|(a, b)| a + b).collect();
    let mut rows = current;
    rows.push(Row::total(labels[0], current_total));
    rows.extend(later);
    rows.push(Row::total(labels[1], later_total));
    (rows, total)
}

fn code_of(text: &str) -> AccountCode {
    AccountCode::parse(text).expect("a row's code is its account's")
}

/// Neraca: assets, liabilities and equity at each date (one balances per column), assets
/// and liabilities each in their current and non-current parts with subtotals (SAK EP). A
/// result not yet closed stands in equity, so the sides agree at every date.
pub fn balance_sheet(chart: &Chart, columns: Vec<String>, at: &[&Balances]) -> Table {
    let width = at.len();
    let (assets, total_assets) =
        split_side(chart, AccountType::Aset, at, ["Jumlah Aset Lancar", "Jumlah Aset Tidak Lancar", "Jumlah Aset"]);
    let (liabilities, total_liabilities) = split_side(
        chart,
        AccountType::Kewajiban,
        at,
        ["Jumlah Kewajiban Jangka Pendek", "Jumlah Kewajiban Jangka Panjang", "Jumlah Kewajiban"],
    );
    let mut equity = account_rows(chart, AccountType::Ekuitas, at);
    let open: Vec<Decimal> = at.iter().map(|b| result(chart, b)).collect();
    if open.iter().any(|v| !v.is_zero()) {
        equity.push(Row::new(OPEN_RESULT, open));
    }
    let total_equity = sum(&equity, width);
    let both: Vec<Decimal> = total_liabilities.iter().zip(&total_equity).map(|(l, e)| l + e).collect();
    let balanced = total_assets == both;
    Table {
        title: "Neraca".into(),
        columns,
        sections: vec![
            totalled("Aset", assets, "Jumlah Aset", total_assets),
            totalled("Kewajiban", liabilities, "Jumlah Kewajiban", total_liabilities),
            totalled("Ekuitas", equity, "Jumlah Ekuitas", total_equity),
            Section { title: String::new(), rows: vec![Row::total("Jumlah Kewajiban dan Ekuitas", both)] },
        ],
        notes: vec![if balanced {
            "Jumlah aset sama dengan jumlah kewajiban dan ekuitas.".into()
        } else {
            "PERHATIAN: jumlah aset tidak sama dengan kewajiban dan ekuitas.".into()
        }],
    }
}

/// Label of the result line of the income statement.
pub const RESULT: &str = "Sisa Hasil Usaha (SHU)";
/// Sales to members (partisipasi anggota) and to everyone else, and what they leave.
pub const MEMBER_PARTICIPATION: &str = "Partisipasi anggota (penjualan kepada anggota)";
pub const NON_MEMBER_SALES: &str = "Penjualan kepada non-anggota";
pub const GROSS_PROFIT: &str = "SHU kotor (laba kotor)";
/// The revenue accounts of trade (goods, services, returns and discounts) and the cost of sales.
const SALES_ACCOUNTS: [&str; 3] = ["4101", "4102", "4103"];
const COST_OF_SALES: &str = "5101";

/// Perhitungan Hasil Usaha in the SAK EP form for a cooperative: the trade revenue by
/// account, then the same split by buyer, the business with members (partisipasi anggota:
/// sales to a member buyer, net of discount, `member_sales` per column) apart from sales
/// to non-members; the cost of sales and the gross result, then
/// other revenue and operating expenses, and the SHU. Revenue and expenses are those moved
/// in each period (closing entries left out by the caller).
pub fn income_statement(chart: &Chart, columns: Vec<String>, moved: &[&Balances], member_sales: &[Decimal]) -> Table {
    let width = moved.len();
    let is = |codes: &[&str], row: &Row| row.code.as_deref().is_some_and(|c| codes.contains(&c));
    let revenue = account_rows(chart, AccountType::Pendapatan, moved);
    let expenses = account_rows(chart, AccountType::Beban, moved);
    let (sales, other_revenue): (Vec<Row>, Vec<Row>) = revenue.into_iter().partition(|r| is(&SALES_ACCOUNTS, r));
    let (cost, operating): (Vec<Row>, Vec<Row>) = expenses.into_iter().partition(|r| is(&[COST_OF_SALES], r));
    let sales_total = sum(&sales, width);
    let members: Vec<Decimal> = (0..width).map(|i| member_sales.get(i).copied().unwrap_or_default()).collect();
    let others: Vec<Decimal> = sales_total.iter().zip(&members).map(|(s, m)| s - m).collect();
    let cost_total = sum(&cost, width);
    let gross: Vec<Decimal> = sales_total.iter().zip(&cost_total).map(|(s, c)| s - c).collect();
    let (other_total, operating_total) = (sum(&other_revenue, width), sum(&operating, width));
    let shu = (0..width).map(|i| gross[i] + other_total[i] - operating_total[i]).collect();
    let trade = vec![Row::new(MEMBER_PARTICIPATION, members), Row::new(NON_MEMBER_SALES, others)];
    Table {
        title: "Perhitungan Hasil Usaha".into(),
        columns,
        sections: vec![
            totalled("Pendapatan Usaha", sales, "Jumlah Pendapatan Usaha", sales_total),
            Section { title: "Pendapatan usaha menurut pembeli".into(), rows: trade },
            totalled("Harga Pokok Penjualan", cost, GROSS_PROFIT, gross),
            totalled("Pendapatan Lain", other_revenue, "Jumlah Pendapatan Lain", other_total),
            totalled("Beban Usaha", operating, "Jumlah Beban Usaha", operating_total),
            Section { title: String::new(), rows: vec![Row::total(RESULT, shu)] },
        ],
        notes: vec![
            "Partisipasi anggota: penjualan kepada pembeli yang anggota, setelah potongan, tanpa penjualan yang dibatalkan."
                .into(),
        ],
    }
}

/// One column of the notes to the statements (CaLK): the books at the period's end and
/// what came in within it, read by the service.
pub struct NotesColumn<'a> {
    pub at_end: &'a Balances,
    /// Grants received within the period, by source, in the order of `GRANT_SOURCES`.
    pub grants: [Decimal; 4],
    /// Loans received within the period.
    pub loans_received: Decimal,
    /// Member loans still owed at the period's end (principal and fee), by collectibility
    /// in the order of `Collectibility::ALL`, and the allowance the policy asks for them.
    pub member_loans: [(Decimal, Decimal); 5],
    /// The SHU of the period (revenue less expenses moved in it).
    pub shu: Decimal,
    /// The allocation of the period's year, as decided or previewed; `None` when the
    /// period is not a whole book year or there is no policy (a panti).
    pub allocation: Option<&'a super::shu::ShuPreview>,
}

/// Grant sources as the notes name them, in `NotesColumn::grants` order.
pub const GRANT_SOURCES: [(super::capital::GrantSource, &str); 4] = [
    (super::capital::GrantSource::Kemensos, "Kementerian Sosial"),
    (super::capital::GrantSource::DinasSosial, "Dinas Sosial"),
    (super::capital::GrantSource::Csr, "CSR perusahaan"),
    (super::capital::GrantSource::Lainnya, "Lainnya"),
];

/// Member savings by kind in the notes: pokok and wajib (equity) and sukarela (owed).
const SAVINGS_ACCOUNTS: [&str; 3] = ["3101", "3102", "2102"];

/// The accounting policies the notes state: what this service applies to every entry.
pub const POLICIES: [&str; 6] = [
    "Dasar penyusunan: SAK EP (Permenkop UKM 2/2024), basis akrual, dalam rupiah.",
    "Persediaan dinilai sebesar biaya perolehan dengan metode rata-rata bergerak (moving average).",
    "Aset tetap dicatat sebesar biaya perolehan; penyusutan dengan metode garis lurus atas umur manfaat, \
     dibukukan pada akun akumulasi penyusutan dan disajikan mengurangi biaya perolehan.",
    "Pembagian SHU menurut AD/ART setelah diputuskan RAT: tiap bagian dibulatkan ke bawah ke rupiah penuh, \
     sisa pembulatan ke cadangan; bagian anggota dibagi dengan metode sisa terbesar.",
    "Hibah dicatat sebagai modal donasi/hibah menurut sumbernya; simpanan pokok dan wajib sebagai ekuitas, \
     simpanan sukarela sebagai kewajiban.",
    "Pinjaman anggota: biaya administrasi diakui saat pencairan, jasa pinjaman saat dibayar; angsuran dibayarkan \
     untuk biaya, lalu jasa, lalu pokok; penyisihan kerugian menurut kolektibilitas (hari tunggakan) dan \
     persentase yang ditetapkan AD/ART, dibukukan tiap akhir bulan.",
];

/// Catatan atas Laporan Keuangan (CaLK), generated from the books: savings by kind,
/// grants by source, loans, fixed assets at cost and accumulated depreciation, and the
/// SHU with its allocation; the policies and `status` (how each year's SHU stands) as notes.
pub fn notes_to_statements(chart: &Chart, columns: Vec<String>, notes: &[NotesColumn], status: Vec<String>) -> Table {
    let width = notes.len();
    let balance_rows = |codes: Vec<&Account>| -> Vec<Row> {
        codes.into_iter().map(|a| Row::account(a, notes.iter().map(|n| signed(a, n.at_end)).collect())).collect()
    };
    let savings = balance_rows(SAVINGS_ACCOUNTS.iter().filter_map(|c| chart.get(&code_of(c))).collect());
    let savings_total = sum(&savings, width);
    let grants: Vec<Row> = GRANT_SOURCES
        .iter()
        .enumerate()
        .map(|(i, (_, label))| Row::new(*label, notes.iter().map(|n| n.grants[i]).collect()))
        .collect();
    let grants_total = sum(&grants, width);
    let long_term: Vec<&Account> = postable(chart, AccountType::Kewajiban).filter(|a| !is_current(chart, a)).collect();
    let mut loans = vec![Row::new("Pinjaman diterima dalam periode", notes.iter().map(|n| n.loans_received).collect())];
    let long_rows = balance_rows(long_term);
    let long_total = sum(&long_rows, width);
    loans.extend(long_rows);
    let member_loans: Vec<Row> = super::loan::Collectibility::ALL
        .iter()
        .enumerate()
        .map(|(i, class)| Row::new(class_label(*class), notes.iter().map(|n| n.member_loans[i].0).collect()))
        .collect();
    let member_loans_total = sum(&member_loans, width);
    let mut member_loans = totalled(
        "Piutang pinjaman anggota menurut kolektibilitas",
        member_loans,
        "Jumlah piutang pinjaman anggota",
        member_loans_total,
    );
    member_loans.rows.push(Row::new(
        "Penyisihan kerugian menurut kebijakan",
        notes.iter().map(|n| n.member_loans.iter().map(|(_, allowance)| *allowance).sum::<Decimal>()).collect(),
    ));
    let fixed: Vec<&Account> = postable(chart, AccountType::Aset).filter(|a| !is_current(chart, a)).collect();
    let fixed_rows = balance_rows(fixed);
    let fixed_total = sum(&fixed_rows, width);
    let mut shu = vec![Row::new("SHU periode", notes.iter().map(|n| n.shu).collect())];
    let mut pools: Vec<String> = Vec::new();
    for pool in notes.iter().filter_map(|n| n.allocation).flat_map(|a| &a.pools) {
        if !pools.contains(&pool.share.name) {
            pools.push(pool.share.name.clone());
        }
    }
    for name in &pools {
        let amount = |n: &NotesColumn| {
            let found = n.allocation.and_then(|a| a.pools.iter().find(|p| &p.share.name == name));
            found.map_or(Decimal::ZERO, |p| p.amount)
        };
        shu.push(Row::new(format!("Bagian {name}"), notes.iter().map(amount).collect()));
    }
    let unallocated: Vec<Decimal> =
        notes.iter().map(|n| n.allocation.map_or(Decimal::ZERO, |a| a.unallocated_to_reserve)).collect();
    if unallocated.iter().any(|v| !v.is_zero()) {
        shu.push(Row::new("Bagian anggota tanpa dasar, ke cadangan", unallocated));
    }
    let members: Vec<Decimal> =
        notes.iter().map(|n| n.allocation.map_or(Decimal::ZERO, |a| a.members.iter().map(|m| m.total).sum())).collect();
    shu.push(Row::total("Jumlah bagian anggota (jasa modal + jasa usaha)", members));
    let mut policies: Vec<String> = POLICIES.iter().map(|p| p.to_string()).collect();
    policies.extend(status);
    Table {
        title: "Catatan atas Laporan Keuangan".into(),
        columns,
        sections: vec![
            totalled("Simpanan anggota menurut jenis", savings, "Jumlah simpanan anggota", savings_total),
            totalled("Hibah diterima menurut sumber", grants, "Jumlah hibah diterima", grants_total),
            totalled("Pinjaman", loans, "Jumlah pinjaman jangka panjang", long_total),
            member_loans,
            totalled("Aset tetap", fixed_rows, "Nilai buku aset tetap", fixed_total),
            Section { title: "SHU dan pembagiannya".into(), rows: shu },
        ],
        notes: policies,
    }
}

/// A collectibility class as the notes name it.
fn class_label(class: super::loan::Collectibility) -> &'static str {
    use super::loan::Collectibility::*;
    match class {
        Lancar => "Lancar",
        DalamPerhatianKhusus => "Dalam perhatian khusus",
        KurangLancar => "Kurang lancar",
        Diragukan => "Diragukan",
        Macet => "Macet",
    }
}

/// A period of the equity statement: its label, the balances before it, its entries and
/// the balances at its end.
pub struct EquityPeriod<'a> {
    pub label: String,
    pub opening: &'a Balances,
    pub entries: &'a [BalancedEntry],
    pub closing: &'a Balances,
}

/// Row labels of the equity statement's movements.
pub const EQUITY_OPENING: &str = "Saldo awal";
pub const EQUITY_RESULT: &str = "SHU periode berjalan";
pub const EQUITY_TRANSFER: &str = "Penyisihan cadangan dari SHU";
pub const EQUITY_ALLOCATION: &str = "Pembagian SHU kepada anggota dan dana";
pub const EQUITY_MOVEMENTS: &str = "Jumlah perubahan";
pub const EQUITY_CLOSING: &str = "Saldo akhir";
/// The column of results: SHU of the year, SHU not yet shared and the open result.
pub const EQUITY_SHU: &str = "SHU";

/// Laporan Perubahan Ekuitas, a matrix per period: the columns are the parts of equity
/// (each equity account, the SHU, the total), the rows each movement once: members'
/// capital, grants, the period's SHU, the transfer to the reserve (which adds to the
/// reserve what it takes from the SHU, zero in total) and the SHU allocated to members
/// and funds. Opening plus movements is checked against closing in every column.
pub fn equity_changes(chart: &Chart, periods: &[EquityPeriod]) -> Table {
    let is_shu =
        |code: &AccountCode| [super::close::CURRENT_RESULT, super::close::CARRIED_RESULT].contains(&code.as_str());
    let parts: Vec<&Account> = postable(chart, AccountType::Ekuitas).filter(|a| !is_shu(&a.code)).collect();
    let width = parts.len() + 2;
    let shu_column = parts.len();
    // The column a line moves, if it moves equity (revenue and expenses move the SHU).
    let column_of = |code: &AccountCode| -> Option<usize> {
        let account = chart.get(code)?;
        match account.account_type {
            AccountType::Pendapatan | AccountType::Beban => Some(shu_column),
            AccountType::Ekuitas if is_shu(code) => Some(shu_column),
            AccountType::Ekuitas => parts.iter().position(|p| p.code == *code),
            _ => None,
        }
    };
    let position = |balances: &Balances| -> Vec<Decimal> {
        let mut values: Vec<Decimal> = parts.iter().map(|a| signed(a, balances)).collect();
        let shu: Decimal = chart.accounts().filter(|a| is_shu(&a.code)).map(|a| signed(a, balances)).sum();
        values.push(shu + result(chart, balances));
        values.push(values.iter().sum());
        values
    };
    let mut all_ok = true;
    let sections = periods
        .iter()
        .map(|period| {
            let opening = position(period.opening);
            let closing = position(period.closing);
            let mut by_part = vec![vec![Decimal::ZERO; width]; parts.len()];
            let (mut earned, mut transfer, mut allocation) =
                (vec![Decimal::ZERO; width], vec![Decimal::ZERO; width], vec![Decimal::ZERO; width]);
            for entry in period.entries {
                let mut moved = vec![Decimal::ZERO; parts.len() + 1];
                let mut shares_out = false;
                for line in entry.lines() {
                    let Some(column) = column_of(&line.account) else { continue };
                    shares_out |= is_shu(&line.account);
                    moved[column] += match line.side {
                        Side::Credit => line.amount.decimal(),
                        Side::Debit => -line.amount.decimal(),
                    };
                }
                let shu = moved[shu_column];
                if shares_out {
                    // Parts moving against the SHU were moved from it: a transfer; what the
                    // SHU loses beyond that left equity for members and funds.
                    let mut taken = Decimal::ZERO;
                    for (column, amount) in moved[..shu_column].iter().enumerate() {
                        if (*amount < Decimal::ZERO && shu > Decimal::ZERO)
                            || (*amount > Decimal::ZERO && shu < Decimal::ZERO)
                        {
                            transfer[column] += amount;
                            taken += amount;
                        } else {
                            by_part[column][column] += amount;
                        }
                    }
                    transfer[shu_column] -= taken;
                    allocation[shu_column] += shu + taken;
                } else {
                    earned[shu_column] += shu;
                    for (column, amount) in moved[..shu_column].iter().enumerate() {
                        by_part[column][column] += amount;
                    }
                }
            }
            let totalled_row = |label: &str, mut values: Vec<Decimal>| {
                values[width - 1] = values[..width - 1].iter().sum();
                Row::new(label, values)
            };
            let mut rows = vec![Row::total(EQUITY_OPENING, opening.clone())];
            for (account, values) in parts.iter().zip(by_part) {
                if values.iter().any(|v| !v.is_zero()) {
                    rows.push(Row { code: Some(account.code.to_string()), ..totalled_row(&account.name, values) });
                }
            }
            for (label, values) in
                [(EQUITY_RESULT, earned), (EQUITY_TRANSFER, transfer), (EQUITY_ALLOCATION, allocation)]
            {
                if values.iter().any(|v| !v.is_zero()) {
                    rows.push(totalled_row(label, values));
                }
            }
            let movements = sum(&rows[1..], width);
            all_ok &= opening.iter().zip(&movements).map(|(o, m)| o + m).eq(closing.iter().copied());
            rows.push(Row::total(EQUITY_MOVEMENTS, movements));
            rows.push(Row::total(EQUITY_CLOSING, closing));
            Section { title: period.label.clone(), rows }
        })
        .collect();
    let mut columns: Vec<String> = parts.iter().map(|a| a.name.clone()).collect();
    columns.extend([EQUITY_SHU.to_string(), "Jumlah".to_string()]);
    Table {
        title: "Laporan Perubahan Ekuitas".into(),
        columns,
        sections,
        notes: vec![if all_ok {
            "Saldo awal ditambah jumlah perubahan sama dengan saldo akhir di setiap kolom.".into()
        } else {
            "PERHATIAN: saldo awal ditambah jumlah perubahan tidak sama dengan saldo akhir.".into()
        }],
    }
}

/// Cash and bank (kas dan bank): what the cash flow statement follows.
pub const CASH_ACCOUNTS: [&str; 2] = ["1101", "1102"];

/// The three activities of a cash flow statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Activity {
    /// Operating (aktivitas operasi): trade, costs, receivables and payables.
    Operating,
    /// Investing (aktivitas investasi): fixed assets.
    Investing,
    /// Financing (aktivitas pendanaan): members' capital and savings, SHU paid, grants,
    /// loans.
    Financing,
}

/// Which activity a movement of cash against this account belongs to.
pub fn activity_of(account: &Account) -> Activity {
    let code = account.code.as_str();
    match account.account_type {
        AccountType::Aset if code.starts_with("12") => Activity::Investing,
        AccountType::Aset | AccountType::Pendapatan | AccountType::Beban => Activity::Operating,
        AccountType::Ekuitas => Activity::Financing,
        // Savings, SHU payable, the SHU funds and long-term debt finance; trade and tax
        // payables are operating.
        AccountType::Kewajiban if code.starts_with("22") || ("2102"..="2107").contains(&code) => Activity::Financing,
        AccountType::Kewajiban => Activity::Operating,
    }
}

fn is_cash(code: &AccountCode) -> bool {
    CASH_ACCOUNTS.contains(&code.as_str())
}

/// Cash received (on the debit side) or paid (credit side) against each counter-account
/// in a set of entries. Each non-cash line of an entry that moves cash stands for the
/// cash it brought or took (a sale's cost line and stock line cancel within operating).
/// Where an entry's activities pull against its change in cash, the part that did not
/// move cash (equipment bought half on credit: the payable) is dropped and the activities
/// that did are scaled to the cash that moved, so every entry adds up to its change in cash.
pub fn cash_by_counter_account(chart: &Chart, entries: &[BalancedEntry]) -> Balances {
    let mut flows = Balances::new();
    for entry in entries {
        let signed_amount = |side: Side, amount: Decimal| if side == Side::Debit { amount } else { -amount };
        let change: Decimal = entry
            .lines()
            .iter()
            .filter(|l| is_cash(&l.account))
            .map(|l| signed_amount(l.side, l.amount.decimal()))
            .sum();
        if change.is_zero() {
            continue;
        }
        // Cash in (positive) against each counter-account: the opposite of its own sign.
        let mut parts: Vec<(AccountCode, Activity, Decimal)> = Vec::new();
        for line in entry.lines().iter().filter(|l| !is_cash(&l.account)) {
            let amount = -signed_amount(line.side, line.amount.decimal());
            match parts.iter_mut().find(|p| p.0 == line.account) {
                Some(part) => part.2 += amount,
                None => {
                    let activity = chart.get(&line.account).map_or(Activity::Operating, activity_of);
                    parts.push((line.account.clone(), activity, amount));
                }
            }
        }
        drop_non_cash_pairs(chart, &mut parts, change);
        let by_activity = |activity: Activity, parts: &[(AccountCode, Activity, Decimal)]| -> Decimal {
            parts.iter().filter(|p| p.1 == activity).map(|p| p.2).sum()
        };
        let against: Vec<Activity> = [Activity::Operating, Activity::Investing, Activity::Financing]
            .into_iter()
            .filter(|a| by_activity(*a, &parts).is_sign_negative() != change.is_sign_negative())
            .filter(|a| !by_activity(*a, &parts).is_zero())
            .collect();
        if !against.is_empty() {
            parts.retain(|p| !against.contains(&p.1));
            let kept: Decimal = parts.iter().map(|p| p.2).sum();
            let mut placed = Decimal::ZERO;
            for part in parts.iter_mut() {
                part.2 = (part.2 * change / kept).round_dp(2);
                placed += part.2;
            }
            if let Some(largest) = parts.iter_mut().max_by_key(|p| p.2.abs()) {
                largest.2 += change - placed;
            }
        }
        for (account, _, amount) in parts.into_iter().filter(|p| !p.2.is_zero()) {
            let side = if amount > Decimal::ZERO { Side::Debit } else { Side::Credit };
            flows.entry(account).or_default().add(side, amount.abs());
        }
    }
    flows
}

/// Takes out of an entry's counter-parts what moved no cash: a part pulling against the
/// change in cash (the cost of goods sold beside a sale) cancels first a part of the same
/// amount (the stock that left), then parts on stock accounts; what is left of it the
/// activities settle (`cash_by_counter_account`).
fn drop_non_cash_pairs(chart: &Chart, parts: &mut [(AccountCode, Activity, Decimal)], change: Decimal) {
    let against = |amount: Decimal| (amount < Decimal::ZERO) != (change < Decimal::ZERO) && !amount.is_zero();
    for at in 0..parts.len() {
        if !against(parts[at].2) {
            continue;
        }
        let pull = parts[at].2;
        if let Some(same) = parts.iter().position(|p| p.2 == -pull) {
            parts[same].2 = Decimal::ZERO;
            parts[at].2 = Decimal::ZERO;
            continue;
        }
        let stock = |code: &AccountCode| chart.get(code).is_some_and(|a| a.stock_subledger);
        for other in 0..parts.len() {
            if other == at || !stock(&parts[other].0) || against(parts[other].2) || parts[at].2.is_zero() {
                continue;
            }
            let cancel = if parts[other].2.abs() < parts[at].2.abs() { parts[other].2 } else { -parts[at].2 };
            parts[other].2 -= cancel;
            parts[at].2 += cancel;
        }
    }
}

/// Laporan Arus Kas, direct method: receipts and payments per counter-account, grouped
/// by activity, for each period (one flows and opening/closing cash per column).
pub fn cash_flow(chart: &Chart, columns: Vec<String>, flows: &[&Balances], cash: &[(Decimal, Decimal)]) -> Table {
    let width = flows.len();
    let mut sections = Vec::new();
    let mut net_change = vec![Decimal::ZERO; width];
    for (activity, title) in [
        (Activity::Operating, "Arus Kas dari Aktivitas Operasi"),
        (Activity::Investing, "Arus Kas dari Aktivitas Investasi"),
        (Activity::Financing, "Arus Kas dari Aktivitas Pendanaan"),
    ] {
        let mut rows = Vec::new();
        for account in chart.accounts().filter(|a| !is_cash(&a.code) && activity_of(a) == activity) {
            let totals = |b: &&Balances| b.get(&account.code).copied().unwrap_or_default();
            let received: Vec<Decimal> = flows.iter().map(|b| totals(b).debit).collect();
            let paid: Vec<Decimal> = flows.iter().map(|b| -totals(b).credit).collect();
            for (prefix, values) in [("Penerimaan", received), ("Pembayaran", paid)] {
                if values.iter().any(|v| !v.is_zero()) {
                    let label = format!("{prefix}: {}", account.name);
                    rows.push(Row::coded(account.code.as_str(), label, values));
                }
            }
        }
        let net = sum(&rows, width);
        for (total, value) in net_change.iter_mut().zip(&net) {
            *total += value;
        }
        rows.push(Row::total(
            &format!("Kas bersih {}", title.trim_start_matches("Arus Kas dari ").to_lowercase()),
            net,
        ));
        sections.push(Section { title: title.into(), rows });
    }
    let opening: Vec<Decimal> = cash.iter().map(|(opening, _)| *opening).collect();
    let closing: Vec<Decimal> = cash.iter().map(|(_, closing)| *closing).collect();
    let agrees = opening.iter().zip(&net_change).map(|(o, n)| o + n).eq(closing.iter().copied());
    sections.push(Section {
        title: "Ringkasan".into(),
        rows: vec![
            Row::total("Kenaikan (penurunan) kas bersih", net_change),
            Row::total("Kas dan bank awal periode", opening),
            Row::total("Kas dan bank akhir periode", closing),
        ],
    });
    Table {
        title: "Laporan Arus Kas".into(),
        columns,
        sections,
        notes: vec![if agrees {
            "Kas awal ditambah arus kas bersih sama dengan kas akhir.".into()
        } else {
            "PERHATIAN: kas awal ditambah arus kas bersih tidak sama dengan kas akhir.".into()
        }],
    }
}

/// Cash and bank in balances.
pub fn cash_in(balances: &Balances) -> Decimal {
    balances.iter().filter(|(code, _)| is_cash(code)).map(|(_, t)| t.net()).sum()
}

/// Key figures of one KUBE or koperasi for the panti overview.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyFigures {
    pub cash: Decimal,
    pub assets: Decimal,
    pub liabilities: Decimal,
    pub equity: Decimal,
    pub revenue: Decimal,
    pub expenses: Decimal,
    pub members_active: Decimal,
    /// Members' pokok, wajib and sukarela.
    pub member_savings: Decimal,
}

impl KeyFigures {
    /// From an entity's chart, balances at the end and movements of the period.
    pub fn of(chart: &Chart, at_end: &Balances, moved: &Balances) -> KeyFigures {
        let total = |kind: AccountType, balances: &Balances| -> Decimal {
            postable(chart, kind).map(|a| signed(a, balances)).sum()
        };
        let savings = postable(chart, AccountType::Ekuitas)
            .chain(postable(chart, AccountType::Kewajiban))
            .filter(|a| a.member_subledger && a.code.as_str() != super::member::SHU_PAYABLE)
            .map(|a| signed(a, at_end))
            .sum();
        KeyFigures {
            cash: cash_in(at_end),
            assets: total(AccountType::Aset, at_end),
            liabilities: total(AccountType::Kewajiban, at_end),
            equity: total(AccountType::Ekuitas, at_end) + result(chart, at_end),
            revenue: total(AccountType::Pendapatan, moved),
            expenses: total(AccountType::Beban, moved),
            members_active: Decimal::ZERO,
            member_savings: savings,
        }
    }
}

/// The panti's KUBE and koperasi side by side (one column each) with a total column.
pub fn overview(title: String, names: Vec<String>, figures: &[KeyFigures]) -> Table {
    let mut columns = names;
    columns.push("Jumlah".into());
    let row = |label: &str, pick: fn(&KeyFigures) -> Decimal| {
        let mut values: Vec<Decimal> = figures.iter().map(pick).collect();
        values.push(values.iter().sum());
        Row::new(label, values)
    };
    Table {
        title,
        columns,
        sections: vec![
            Section {
                title: "Posisi keuangan akhir periode".into(),
                rows: vec![
                    row("Kas dan bank", |f| f.cash),
                    row("Jumlah aset", |f| f.assets),
                    row("Jumlah kewajiban", |f| f.liabilities),
                    row("Jumlah ekuitas", |f| f.equity),
                ],
            },
            Section {
                title: "Hasil usaha periode".into(),
                rows: vec![
                    row("Pendapatan", |f| f.revenue),
                    row("Beban", |f| f.expenses),
                    row(RESULT, |f| f.revenue - f.expenses),
                ],
            },
            Section {
                title: "Anggota".into(),
                rows: vec![
                    Row { count: true, ..row("Anggota aktif (orang)", |f| f.members_active) },
                    row("Simpanan anggota (pokok, wajib, sukarela)", |f| f.member_savings),
                ],
            },
        ],
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::books::add_entry;
    use crate::domain::entry::{Line, Memo};
    use crate::domain::money::Money;

    fn chart() -> Chart {
        Chart::from_csv(crate::domain::entity::EntityKind::Kube.chart_csv()).unwrap()
    }

    fn entry(lines: &[(&str, Side, &str)]) -> BalancedEntry {
        let lines = lines
            .iter()
            .map(|(code, side, amount)| {
                Line::new(AccountCode::parse(code).unwrap(), *side, Money::parse(amount).unwrap())
            })
            .collect();
        BalancedEntry::new("2025-03-01".parse().unwrap(), Memo::parse("Uji").unwrap(), lines).unwrap()
    }

    /// Pokok in 500.000 cash; a sale of 300.000 cash with cost 180.000 out of stock bought
    /// for 200.000 cash; a sewing machine 1.000.000 paid half cash, half owed; wages 50.000.
    /// Cash: 500.000 + 300.000 − 200.000 − 500.000 − 50.000 = 50.000.
    fn year() -> Vec<BalancedEntry> {
        use Side::{Credit as C, Debit as D};
        vec![
            entry(&[("1101", D, "500000"), ("3101", C, "500000")]),
            entry(&[("1105", D, "200000"), ("1101", C, "200000")]),
            entry(&[("1101", D, "300000"), ("5101", D, "180000"), ("4101", C, "300000"), ("1105", C, "180000")]),
            entry(&[("1201", D, "1000000"), ("1101", C, "500000"), ("2101", C, "500000")]),
            entry(&[("5201", D, "50000"), ("1101", C, "50000")]),
        ]
    }

    #[test]
    fn the_balance_sheet_balances_with_the_open_result_in_equity() {
        let mut books = Balances::new();
        for e in year() {
            add_entry(&mut books, &e);
        }
        let sheet = balance_sheet(&chart(), vec!["2025".into()], &[&books]);
        // Assets 50.000 + 20.000 stock + 1.000.000 = 1.070.000; liabilities 500.000; equity
        // 500.000 + result (300.000 − 180.000 − 50.000 = 70.000).
        assert_eq!(sheet.row("Jumlah Aset").unwrap().values, [Decimal::from(1_070_000)]);
        assert_eq!(sheet.row(OPEN_RESULT).unwrap().values, [Decimal::from(70_000)]);
        assert_eq!(sheet.row("Jumlah Kewajiban dan Ekuitas").unwrap().values, [Decimal::from(1_070_000)]);
        let income = income_statement(&chart(), vec!["2025".into()], &[&books], &[Decimal::from(100_000)]);
        assert_eq!(income.row(RESULT).unwrap().values, [Decimal::from(70_000)]);
    }

    /// The small year in the SAK EP form, by hand: of the sale's 300.000, 100.000 went to
    /// a member (partisipasi anggota) and 200.000 to non-members; less the cost 180.000 the
    /// gross SHU is 120.000, less wages 50.000 the SHU 70.000. Current assets are cash
    /// 50.000 and stock 20.000 = 70.000, the machine 1.000.000 is non-current; the
    /// 500.000 owed on it is short-term, nothing long-term.
    #[test]
    fn the_sak_ep_presentation_splits_members_from_others_and_current_from_non_current() {
        let mut books = Balances::new();
        year().iter().for_each(|e| add_entry(&mut books, e));
        let income = income_statement(&chart(), vec!["2025".into()], &[&books], &[Decimal::from(100_000)]);
        let value =
            |table: &Table, label: &str| table.row(label).unwrap_or_else(|| panic!("{label}: {table:?}")).values[0];
        assert_eq!(value(&income, MEMBER_PARTICIPATION), Decimal::from(100_000));
        assert_eq!(value(&income, NON_MEMBER_SALES), Decimal::from(200_000));
        assert_eq!(value(&income, "Jumlah Pendapatan Usaha"), Decimal::from(300_000));
        assert_eq!(value(&income, "Harga Pokok Penjualan"), Decimal::from(180_000));
        assert_eq!(value(&income, GROSS_PROFIT), Decimal::from(120_000));
        assert_eq!(value(&income, "Jumlah Beban Usaha"), Decimal::from(50_000));
        assert_eq!(value(&income, RESULT), Decimal::from(70_000));
        let sheet = balance_sheet(&chart(), vec!["2025".into()], &[&books]);
        assert_eq!(value(&sheet, "Jumlah Aset Lancar"), Decimal::from(70_000));
        assert_eq!(value(&sheet, "Jumlah Aset Tidak Lancar"), Decimal::from(1_000_000));
        assert_eq!(value(&sheet, "Jumlah Kewajiban Jangka Pendek"), Decimal::from(500_000));
        assert_eq!(value(&sheet, "Jumlah Kewajiban Jangka Panjang"), Decimal::ZERO);
        let labels: Vec<&str> = sheet.sections[0].rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Kas",
                "Persediaan Bahan Baku",
                "Jumlah Aset Lancar",
                "Peralatan",
                "Jumlah Aset Tidak Lancar",
                "Jumlah Aset"
            ]
        );
    }

    #[test]
    fn direct_cash_flow_classifies_by_counter_account_and_reconciles() {
        let flows = cash_by_counter_account(&chart(), &year());
        let table = cash_flow(&chart(), vec!["2025".into()], &[&flows], &[(Decimal::ZERO, Decimal::from(50_000))]);
        let value = |label: &str| table.row(label).unwrap_or_else(|| panic!("{label}: {table:?}")).values[0];
        // The sale's 300.000 in (its cost and stock lines cancel); stock 200.000 and wages
        // 50.000 out: operating 50.000. Half the machine was owed, not paid: 500.000 out.
        assert_eq!(value("Kas bersih aktivitas operasi"), Decimal::from(50_000));
        assert_eq!(value("Pembayaran: Peralatan"), Decimal::from(-500_000));
        assert!(table.row("Penerimaan: Utang Usaha").is_none(), "the payable moved no cash");
        assert_eq!(value("Kas bersih aktivitas investasi"), Decimal::from(-500_000));
        assert_eq!(value("Kas bersih aktivitas pendanaan"), Decimal::from(500_000));
        assert_eq!(value("Kenaikan (penurunan) kas bersih"), Decimal::from(50_000));
        assert!(table.notes[0].starts_with("Kas awal ditambah"), "{:?}", table.notes);
        // Gross lines are real cash: the sale's 300.000 received; the stock that left and
        // its cost moved no cash and are not listed.
        assert_eq!(value("Penerimaan: Penjualan"), Decimal::from(300_000));
        assert_eq!(value("Pembayaran: Persediaan Bahan Baku"), Decimal::from(-200_000));
        assert!(table.row("Penerimaan: Persediaan Bahan Baku").is_none(), "{table:?}");
        assert!(table.row("Pembayaran: Harga Pokok Penjualan").is_none(), "{table:?}");
    }

    /// A small year worked by hand: pokok 500.000 and a grant of 1.000.000 in; SHU 70.000
    /// (sale 300.000 − cost 180.000 − wages 50.000) closed into 3105, then 30% to the
    /// reserve (21.000), 10% to the social fund (7.000) and 60% to members (42.000).
    /// Equity: 0 + 500.000 + 1.000.000 + 70.000 − 49.000 = 1.521.000; the reserve's 21.000
    /// shows once, as a transfer that takes from the SHU what it adds to the reserve.
    #[test]
    fn the_equity_statement_shows_each_movement_once() {
        use Side::{Credit as C, Debit as D};
        let mut entries = year();
        entries.push(entry(&[("1101", D, "1000000"), ("3103", C, "1000000")]));
        entries.push(entry(&[
            ("4101", D, "300000"),
            ("5101", C, "180000"),
            ("5201", C, "50000"),
            ("3105", C, "70000"),
        ]));
        entries.push(entry(&[("3105", D, "28000"), ("3104", C, "21000"), ("2107", C, "7000")]));
        entries.push(entry(&[("3105", D, "42000"), ("2103", C, "42000")]));
        let mut closing = Balances::new();
        entries.iter().for_each(|e| add_entry(&mut closing, e));
        let opening = Balances::new();
        let period = EquityPeriod { label: "2025".into(), opening: &opening, entries: &entries, closing: &closing };
        let table = equity_changes(&chart(), &[period]);
        let columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
        assert_eq!(columns, ["Simpanan Pokok", "Simpanan Wajib", "Modal Donasi/Hibah", "Cadangan", "SHU", "Jumlah"]);
        let values = |label: &str| -> Vec<i64> {
            let row = table.row(label).unwrap_or_else(|| panic!("{label}: {table:?}"));
            row.values.iter().map(|v| i64::try_from(*v).unwrap()).collect()
        };
        assert_eq!(values("Simpanan Pokok"), [500_000, 0, 0, 0, 0, 500_000]);
        assert_eq!(values("Modal Donasi/Hibah"), [0, 0, 1_000_000, 0, 0, 1_000_000]);
        assert_eq!(values(EQUITY_RESULT), [0, 0, 0, 0, 70_000, 70_000]);
        assert_eq!(values(EQUITY_TRANSFER), [0, 0, 0, 21_000, -21_000, 0]);
        assert_eq!(values(EQUITY_ALLOCATION), [0, 0, 0, 0, -49_000, -49_000]);
        assert_eq!(values(EQUITY_MOVEMENTS), [500_000, 0, 1_000_000, 21_000, 0, 1_521_000]);
        assert_eq!(values(EQUITY_CLOSING), [500_000, 0, 1_000_000, 21_000, 0, 1_521_000]);
        assert!(table.notes[0].starts_with("Saldo awal ditambah"), "{:?}", table.notes);
    }
}
