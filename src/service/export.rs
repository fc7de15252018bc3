//! The journal as plain text for hledger/ledger, or as CSV.

use crate::domain::account::Side;
use crate::domain::entity::EntityId;
use crate::store::{Store, StoreError};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Plain-text journal that `hledger -f - bal` and `ledger -f - bal` read.
    Ledger,
    Csv,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("gagal menulis: {0}")]
    Io(#[from] std::io::Error),
    #[error("gagal menulis CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// The name an account goes by in the plain-text journal: `1101 Kas`.
pub fn ledger_account_name(code: &str, name: &str) -> String {
    // Two spaces end an account name in ledger files; ';' starts a comment.
    format!("{code} {}", name.replace("  ", " ").replace(';', ","))
}

pub fn export(store: &Store, entity: EntityId, format: ExportFormat, out: &mut dyn Write) -> Result<(), ExportError> {
    let chart = store.chart(entity)?;
    let name_of = |code: &crate::domain::account::AccountCode| {
        ledger_account_name(code.as_str(), chart.get(code).map_or("", |a| a.name.as_str()))
    };
    match format {
        ExportFormat::Ledger => {
            let mut out = std::io::BufWriter::new(out);
            for posted in store.entries(entity) {
                let posted = posted?;
                let memo = posted.entry.memo().as_str().replace(';', ",");
                writeln!(out, "{} ({}) {memo}", posted.entry.date(), posted.seq)?;
                for line in posted.entry.lines() {
                    let sign = if line.side == Side::Credit { "-" } else { "" };
                    write!(out, "    {}  {sign}{}", name_of(&line.account), line.amount.canonical())?;
                    match line.member_id {
                        Some(member) => writeln!(out, "  ; member: {member}")?,
                        None => writeln!(out)?,
                    }
                }
                writeln!(out)?;
            }
            out.flush()?;
        }
        ExportFormat::Csv => {
            let mut writer = super::csv_out::CsvOut::new(out);
            writer.row([
                "seq",
                "date",
                "memo",
                "account",
                "account_name",
                "debit",
                "credit",
                "member_id",
                "reverses",
                "recorded_by",
                "recorded_at",
                "hash",
            ])?;
            for posted in store.entries(entity) {
                let posted = posted?;
                for line in posted.entry.lines() {
                    let (debit, credit) = match line.side {
                        Side::Debit => (line.amount.canonical(), String::new()),
                        Side::Credit => (String::new(), line.amount.canonical()),
                    };
                    writer.row([
                        posted.seq.to_string(),
                        posted.entry.date().to_string(),
                        posted.entry.memo().as_str().to_string(),
                        line.account.to_string(),
                        chart.get(&line.account).map_or_else(String::new, |a| a.name.clone()),
                        debit,
                        credit,
                        line.member_id.map_or_else(String::new, |m| m.to_string()),
                        posted.reverses.map_or_else(String::new, |r| r.to_string()),
                        posted.recorded_by.clone(),
                        posted.recorded_at.clone(),
                        hex::encode(posted.hash),
                    ])?;
                }
            }
            writer.flush()?;
        }
    }
    Ok(())
}
