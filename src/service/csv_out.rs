//! Every CSV the product writes goes through here, so that no cell is read as a formula
//! when the file is opened in a spreadsheet (CSV injection).
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//! `'`, which spreadsheets show as text and drop from the value. One exception, decided so
//! the amounts stay numbers: a plain negative number (`-50000`, `-1.5`: a minus, digits,
//! at most one point and more digits) is written as it is; it cannot be a formula.

use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as it is safe to write: with a leading `'` when a spreadsheet would read it as
/// a formula.
pub fn safe_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_negative_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn is_plain_negative_number(cell: &str) -> bool {
    let Some(digits) = cell.strip_prefix('-') else { return false };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// A CSV writer whose every cell passes [`safe_cell`].
pub struct CsvOut<W: Write>(csv::Writer<W>);

impl<W: Write> CsvOut<W> {
    pub fn new(out: W) -> CsvOut<W> {
        CsvOut(csv::Writer::from_writer(out))
    }

    pub fn row<I, T>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let cells: Vec<String> = cells.into_iter().map(|cell| safe_cell(cell.as_ref()).into_owned()).collect();
        self.0.write_record(&cells)
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl CsvOut<Vec<u8>> {
    pub fn in_memory() -> CsvOut<Vec<u8>> {
        CsvOut::new(Vec::new())
    }

    pub fn into_string(self) -> String {
        let bytes = self.0.into_inner().expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("CSV of UTF-8 text")
    }
}

/// `rows` as CSV with a header of their field names (as `csv`'s serde writer names them),
/// every cell made safe.
pub fn serialized_csv<T: Serialize>(rows: &[T]) -> String {
    let mut plain = csv::Writer::from_writer(Vec::new());
    for row in rows {
        plain.serialize(row).expect("a row serialises");
    }
    let plain = plain.into_inner().expect("writing to memory cannot fail");
    let mut out = CsvOut::in_memory();
    for record in csv::ReaderBuilder::new().has_headers(false).from_reader(&plain[..]).records() {
        out.row(&record.expect("CSV just written reads back")).expect("writing to memory cannot fail");
    }
    out.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_quoted_and_negative_amounts_stay_numbers() {
        for formula in
            ["=HYPERLINK(\"http://x\")", "+1+1", "-1+cmd", "@SUM(A1)", "\tx", "\rx", "-", "-1.", "-.5", "-1e5"]
        {
            assert_eq!(safe_cell(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["-50000", "-1.5", "-0.00", "50000", "Ani", "", "a=b", "1-2"] {
            assert_eq!(safe_cell(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn every_cell_of_a_row_or_a_serialised_row_is_safe() {
        let mut out = CsvOut::in_memory();
        out.row(["=1+1", "-250", "ok"]).unwrap();
        assert_eq!(out.into_string(), "'=1+1,-250,ok\n");
        #[derive(Serialize)]
        struct Row {
            key: &'static str,
            count: i32,
        }
        assert_eq!(serialized_csv(&[Row { key: "@x", count: -3 }]), "key,count\n'@x,-3\n");
    }
}
