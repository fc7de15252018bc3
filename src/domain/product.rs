//! Products (produk) a KUBE buys, makes or sells, and where their stock is kept.

use super::account::AccountCode;
use super::entity::EntityId;
use super::entry::ProductId;
use super::member::code;
use super::money::Money;
use serde::{Deserialize, Serialize};

/// Raw materials (persediaan bahan baku).
pub const RAW_MATERIALS: &str = "1105";
/// Finished goods (persediaan barang jadi).
pub const FINISHED_GOODS: &str = "1106";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductError {
    #[error("kode produk {0:?} tidak sah: 1–20 huruf, angka, '-' atau '.'")]
    InvalidCode(String),
    #[error("nama produk wajib diisi, paling banyak 200 karakter, tanpa karakter kontrol atau format tak terlihat")]
    InvalidName,
    #[error("satuan {0:?} tidak sah: 1–20 huruf (pcs, kg, potong, bungkus, buah…)")]
    InvalidUnit(String),
    #[error("jenis produk {0:?} tidak dikenal (bahan_baku, barang_jadi, jasa)")]
    UnknownKind(String),
    #[error("kode produk {0} sudah dipakai di entitas ini")]
    DuplicateCode(String),
    #[error("harga tidak boleh negatif")]
    NegativePrice,
}

/// What a product is to the KUBE, which decides where its stock is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    /// Raw material (bahan baku): bought, consumed by production.
    BahanBaku,
    /// Finished goods (barang jadi): made or bought, sold.
    BarangJadi,
    /// A service (jasa): sold, never stocked.
    Jasa,
}

impl ProductKind {
    pub fn parse(text: &str) -> Result<ProductKind, ProductError> {
        match text {
            "bahan_baku" => Ok(ProductKind::BahanBaku),
            "barang_jadi" => Ok(ProductKind::BarangJadi),
            "jasa" => Ok(ProductKind::Jasa),
            other => Err(ProductError::UnknownKind(other.to_string())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    pub entity_id: EntityId,
    pub code: String,
    pub name: String,
    /// pcs, kg, potong, bungkus, buah…
    pub unit: String,
    pub default_price: Money,
    pub kind: ProductKind,
}

impl Product {
    pub fn parse_code(text: &str) -> Result<String, ProductError> {
        let text = text.trim();
        let valid =
            (1..=20).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b));
        if valid {
            Ok(text.to_uppercase())
        } else {
            Err(ProductError::InvalidCode(text.to_string()))
        }
    }

    pub fn parse_name(text: &str) -> Result<String, ProductError> {
        super::text::ShortText::parse(text)
            .map(super::text::ShortText::into_string)
            .map_err(|_| ProductError::InvalidName)
    }

    pub fn parse_unit(text: &str) -> Result<String, ProductError> {
        let text = text.trim();
        if (1..=20).contains(&text.chars().count()) && text.chars().all(char::is_alphabetic) {
            Ok(text.to_lowercase())
        } else {
            Err(ProductError::InvalidUnit(text.to_string()))
        }
    }

    /// The inventory account that holds it, if it is stocked.
    pub fn stock_account(&self) -> Option<AccountCode> {
        match self.kind {
            ProductKind::BahanBaku => Some(code(RAW_MATERIALS)),
            ProductKind::BarangJadi => Some(code(FINISHED_GOODS)),
            ProductKind::Jasa => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_units_and_kinds_are_checked() {
        assert_eq!(Product::parse_code(" tahu-01 ").unwrap(), "TAHU-01");
        assert!(Product::parse_code("tahu putih").is_err());
        assert_eq!(Product::parse_unit("Kg").unwrap(), "kg");
        assert!(Product::parse_unit("10kg").is_err());
        assert_eq!(ProductKind::parse("jasa").unwrap(), ProductKind::Jasa);
        assert!(ProductKind::parse("barang").is_err());
    }
}
