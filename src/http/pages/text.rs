//! The pages' words in Bahasa Indonesia (the default) and English.

use axum::http::HeaderMap;
use std::collections::BTreeMap;

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// `?lang=` first, then the `lang` cookie; Indonesian when neither says.
    pub fn of(headers: &HeaderMap, query: Option<&str>) -> Lang {
        let asked = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .find_map(|pair| pair.strip_prefix("lang="))
            .or_else(|| super::super::extract::cookie(headers, LANG_COOKIE));
        asked.and_then(Lang::parse).unwrap_or(Lang::Id)
    }

    /// The text under `key`; every key the pages use is in `TEXTS` (a unit test checks).
    pub fn text(self, key: &str) -> &'static str {
        let (_, id, en) = all_texts().find(|(k, ..)| *k == key).unwrap_or_else(|| panic!("no page text {key:?}"));
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// Every text, for a template's `t`.
    pub fn texts(self) -> BTreeMap<&'static str, &'static str> {
        all_texts().map(|(key, ..)| (*key, self.text(key))).collect()
    }
}

/// Every page text: these, and those of the later pages (`words.rs`, `report_words.rs`,
/// `submit_words.rs`, `settings_words.rs`).
fn all_texts() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    let report_pages =
        super::report_words::TEXTS.iter().chain(super::submit_words::TEXTS).chain(super::settings_words::TEXTS);
    TEXTS.iter().chain(super::words::TEXTS).chain(report_pages)
}

/// Key, Bahasa Indonesia, English.
const TEXTS: &[(&str, &str, &str)] = &[
    ("switch_lang", "English", "Bahasa Indonesia"),
    ("main_nav", "Navigasi utama", "Main navigation"),
    ("home", "Beranda", "Home"),
    ("logout", "Keluar", "Sign out"),
    ("login_title", "Masuk ke kube-ledger", "Sign in to kube-ledger"),
    ("username", "Nama pengguna atau nomor anggota", "Username or member number"),
    ("password", "Kata sandi atau PIN", "Password or PIN"),
    ("sign_in", "Masuk", "Sign in"),
    ("books", "Buku yang bisa Anda buka", "Books you can open"),
    ("no_books", "Belum ada halaman untuk peran Anda.", "There is no page for your role yet."),
    ("cash_on_hand", "Kas di tangan", "Cash on hand"),
    ("todays_sales", "Penjualan hari ini", "Today's sales"),
    ("no_sales", "Belum ada penjualan hari ini.", "No sales yet today."),
    ("new_sale", "Catat penjualan", "Record a sale"),
    ("receipt", "Nota", "Receipt"),
    ("customer", "Pembeli", "Customer"),
    ("customer_hint", "Wajib untuk penjualan kredit.", "Required for a sale on credit."),
    ("walk_in", "Umum", "Walk-in"),
    ("payment", "Pembayaran", "Payment"),
    ("cash", "Tunai", "Cash"),
    ("credit", "Kredit (piutang)", "Credit (receivable)"),
    ("total", "Jumlah", "Total"),
    ("product", "Barang/jasa", "Product"),
    ("choose_product", "— pilih barang/jasa —", "— choose a product —"),
    ("in_stock", "stok", "in stock"),
    ("quantity", "Banyaknya", "Quantity"),
    ("unit_price", "Harga satuan (Rp)", "Unit price (Rp)"),
    (
        "unit_price_hint",
        "Terisi dari harga barang; boleh diubah. Tulis 1.500.000 atau 1500000.",
        "Filled from the product's price; you may change it. Write 1.500.000 or 1500000.",
    ),
    ("date", "Tanggal", "Date"),
    ("save_sale", "Simpan penjualan", "Save sale"),
    ("my_balances", "Simpanan saya", "My savings"),
    ("pokok", "Simpanan pokok", "Principal savings (pokok)"),
    ("wajib", "Simpanan wajib", "Mandatory savings (wajib)"),
    ("sukarela", "Simpanan sukarela", "Voluntary savings (sukarela)"),
    ("shu", "SHU belum dibayar", "SHU not yet paid"),
    ("as_of", "per", "as of"),
    ("my_statement", "Mutasi saya", "My statement"),
    ("memo", "Keterangan", "Description"),
    ("account", "Simpanan", "Savings"),
    ("money_in", "Masuk", "In"),
    ("money_out", "Keluar", "Out"),
    ("running_balance", "Saldo", "Balance"),
    ("no_movements", "Belum ada mutasi.", "No movements yet."),
    ("my_arrears", "Tunggakan saya", "My arrears"),
    ("arrears_periods", "Bulan simpanan wajib tertunggak", "Months of mandatory savings unpaid"),
    ("arrears_amount", "Jumlah tunggakan", "Amount in arrears"),
    ("no_arrears", "Tidak ada tunggakan. Terima kasih!", "No arrears. Thank you!"),
    ("member_number", "Nomor anggota", "Member number"),
    ("error_title", "Ada masalah", "Something went wrong"),
    ("back_home", "Kembali ke beranda", "Back to the home page"),
    ("err_forbidden", "Anda tidak berhak membuka halaman ini.", "You may not open this page."),
    ("err_not_found", "Halaman atau data ini tidak ada.", "This page or record does not exist."),
    (
        "err_csrf_refused",
        "Formulir ditolak karena token keamanannya tidak ada atau salah. Muat ulang halaman, lalu kirim lagi.",
        "The form was refused: its security token is missing or wrong. Reload the page and send it again.",
    ),
    ("err_other", "Permintaan tidak bisa dijalankan.", "The request could not be carried out."),
    ("e_login", "Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    ("e_required", "Wajib diisi.", "Required."),
    ("e_product_missing", "Pilih barang/jasa.", "Choose a product."),
    ("e_product_unknown", "Barang/jasa ini tidak ada di buku ini.", "This product is not in these books."),
    (
        "e_quantity",
        "Banyaknya harus angka lebih dari nol, misalnya 2 atau 1,5.",
        "Quantity must be a number above zero, e.g. 2 or 1.5.",
    ),
    (
        "e_price",
        "Harga tidak sah; tulis seperti 1.500.000 atau 1500000.",
        "Invalid price; write it like 1.500.000 or 1500000.",
    ),
    ("e_date", "Tanggal tidak sah; pakai TTTT-BB-HH.", "Invalid date; use YYYY-MM-DD."),
    ("e_payment", "Pilih tunai atau kredit.", "Choose cash or credit."),
    ("e_customer", "Nama pembeli paling banyak 200 karakter.", "A customer name has at most 200 characters."),
    (
        "e_customer_required",
        "Penjualan kredit perlu nama pembeli, agar piutangnya bisa ditagih.",
        "A sale on credit needs the customer's name, so it can be collected.",
    ),
    ("e_stock", "Stok tidak cukup", "Not enough in stock"),
    (
        "e_form_used",
        "Formulir ini sudah pernah terkirim dengan isi lain. Periksa isiannya, lalu simpan lagi.",
        "This form was already sent with other values. Check the fields, then save again.",
    ),
    ("e_not_saved", "Tidak disimpan", "Not saved"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_languages_and_a_unique_key() {
        let mut keys = std::collections::BTreeSet::new();
        for (key, id, en) in all_texts() {
            assert!(keys.insert(key), "key {key} twice");
            assert!(!id.is_empty() && !en.is_empty(), "{key} lacks a language");
        }
    }

    #[test]
    fn the_query_wins_over_the_cookie_and_indonesian_is_the_default() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::of(&headers, None), Lang::Id);
        headers.insert(axum::http::header::COOKIE, "a=b; lang=en".parse().unwrap());
        assert_eq!(Lang::of(&headers, None), Lang::En);
        assert_eq!(Lang::of(&headers, Some("x=1&lang=id")), Lang::Id);
        assert_eq!(Lang::of(&HeaderMap::new(), Some("lang=xx")), Lang::Id);
    }
}
