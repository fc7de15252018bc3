//! The key figures an officer reads, taken from the data a panti signed (the report's
//! JSON, `AssembledReport`), never from live books. Pure.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A figure of the recap: where it stands in the report's data, and how a year adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Sales,
    Shu,
    OwnCapital,
    CapitalGrants,
    BankLoans,
    MembersActive,
    MemberSavings,
    TraineesPassed,
    ClientsPlaced,
    /// The seed-004 indicator: professional social workers (persons, yearly).
    SocialWorkers,
}

/// A flow adds up over a year's periods; a stock is the latest period's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adds {
    Flow,
    Stock,
}

impl Figure {
    pub const ALL: [Figure; 10] = [
        Figure::Sales,
        Figure::Shu,
        Figure::OwnCapital,
        Figure::CapitalGrants,
        Figure::BankLoans,
        Figure::MembersActive,
        Figure::MemberSavings,
        Figure::TraineesPassed,
        Figure::ClientsPlaced,
        Figure::SocialWorkers,
    ];

    /// The report table (by the start of its title) and the row (by its label) it is read
    /// from, its last value being the panti's total.
    fn source(self) -> (&'static str, &'static str) {
        match self {
            Figure::Sales => ("Ikhtisar", "Pendapatan"),
            Figure::Shu => ("Ikhtisar", crate::domain::statements::RESULT),
            Figure::OwnCapital => ("Perkembangan dan sumber modal", "Modal sendiri akhir periode"),
            Figure::CapitalGrants => ("Perkembangan dan sumber modal", "Bantuan modal diterima dalam periode"),
            Figure::BankLoans => ("Perkembangan dan sumber modal", "Pinjaman bank akhir periode"),
            Figure::MembersActive => ("Ikhtisar", "Anggota aktif (orang)"),
            Figure::MemberSavings => ("Ikhtisar", "Simpanan anggota (pokok, wajib, sukarela)"),
            Figure::TraineesPassed => ("Pelatihan keterampilan dan penyaluran", "Peserta lulus"),
            Figure::ClientsPlaced => ("Pelatihan keterampilan dan penyaluran", "Klien disalurkan"),
            Figure::SocialWorkers => ("Tenaga pemberdayaan", "Pekerja sosial profesional (orang)"),
        }
    }

    pub fn adds(self) -> Adds {
        match self {
            Figure::Sales | Figure::Shu | Figure::CapitalGrants | Figure::TraineesPassed | Figure::ClientsPlaced => {
                Adds::Flow
            }
            _ => Adds::Stock,
        }
    }

    /// Its name in the CSV header and the message id `hub-figure-<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Figure::Sales => "sales_idr",
            Figure::Shu => "shu_idr",
            Figure::OwnCapital => "own_capital_idr",
            Figure::CapitalGrants => "capital_grants_idr",
            Figure::BankLoans => "bank_loans_idr",
            Figure::MembersActive => "members_active",
            Figure::MemberSavings => "member_savings_idr",
            Figure::TraineesPassed => "trainees_passed",
            Figure::ClientsPlaced => "clients_placed",
            Figure::SocialWorkers => "social_workers",
        }
    }

    pub fn is_count(self) -> bool {
        matches!(self, Figure::MembersActive | Figure::TraineesPassed | Figure::ClientsPlaced | Figure::SocialWorkers)
    }
}

/// Figures by name; a figure the data does not hold is left out.
pub type KeyFigures = BTreeMap<Figure, Decimal>;

#[derive(Deserialize)]
struct Data {
    sections: Vec<DataSection>,
}

#[derive(Deserialize)]
struct DataSection {
    tables: Vec<DataTable>,
}

#[derive(Deserialize)]
struct DataTable {
    title: String,
    sections: Vec<DataRows>,
}

#[derive(Deserialize)]
struct DataRows {
    rows: Vec<DataRow>,
}

#[derive(Deserialize)]
struct DataRow {
    label: String,
    values: Vec<String>,
}

/// The key figures of one submitted report's data; none for data of another shape.
pub fn key_figures(data: &str) -> KeyFigures {
    let Ok(data) = serde_json::from_str::<Data>(data) else { return KeyFigures::new() };
    let tables: Vec<&DataTable> = data.sections.iter().flat_map(|s| s.tables.iter()).collect();
    Figure::ALL
        .into_iter()
        .filter_map(|figure| {
            let (title, label) = figure.source();
            let table = tables.iter().find(|t| t.title.starts_with(title))?;
            let row = table.sections.iter().flat_map(|s| s.rows.iter()).find(|r| r.label == label)?;
            Some((figure, row.values.last()?.parse().ok()?))
        })
        .collect()
}

/// Adds `more` into `sum`: every figure summed (a region's total over its panti).
pub fn add_into(sum: &mut KeyFigures, more: &KeyFigures) {
    for (figure, value) in more {
        *sum.entry(*figure).or_default() += value;
    }
}

/// One panti's year from its periodic reports in period order: flows summed, stocks
/// from the last report.
pub fn year_of<'a>(reports: impl IntoIterator<Item = &'a KeyFigures>) -> KeyFigures {
    let mut year = KeyFigures::new();
    for report in reports {
        for (figure, value) in report {
            match figure.adds() {
                Adds::Flow => *year.entry(*figure).or_default() += value,
                Adds::Stock => _ = year.insert(*figure, *value),
            }
        }
    }
    year
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn data(sales: &str, workers: &str) -> String {
        let table = |title: &str, rows: Vec<(&str, Vec<&str>)>| json!({"title": title, "columns": [], "notes": [], "sections": [{"title": "", "rows": rows.iter().map(|(label, values)| json!({"label": label, "values": values})).collect::<Vec<_>>()}]});
        json!({"sections": [
            {"tables": [table("Tenaga pemberdayaan", vec![("Pekerja sosial profesional (orang)", vec![workers])])]},
            {"tables": [table("Ikhtisar PSBK — 2025", vec![("Pendapatan", vec!["100.00", "50.00", sales]), ("Anggota aktif (orang)", vec!["3", "4", "7"])])]},
        ]})
        .to_string()
    }

    #[test]
    fn figures_are_the_totals_of_their_rows_and_a_year_sums_flows_keeps_the_last_stock() {
        let first = key_figures(&data("150.00", "2"));
        assert_eq!(first[&Figure::Sales], Decimal::new(15000, 2));
        assert_eq!(first[&Figure::MembersActive], Decimal::from(7));
        assert_eq!(first[&Figure::SocialWorkers], Decimal::from(2));
        assert!(!first.contains_key(&Figure::OwnCapital), "a table the data lacks is left out");
        let second = key_figures(&data("250.50", "3"));
        let year = year_of([&first, &second]);
        assert_eq!(year[&Figure::Sales], Decimal::new(40050, 2), "150.00 + 250.50");
        assert_eq!(year[&Figure::SocialWorkers], Decimal::from(3), "the last report's count");
        assert_eq!(year[&Figure::MembersActive], Decimal::from(7));
        let mut region = KeyFigures::new();
        add_into(&mut region, &year);
        add_into(&mut region, &first);
        assert_eq!(region[&Figure::SocialWorkers], Decimal::from(5), "3 + 2 over two panti");
        assert!(key_figures("not json").is_empty());
    }
}
