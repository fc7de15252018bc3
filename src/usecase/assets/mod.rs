//! Fixed assets (aset tetap): registering what a purchase or a grant in kind brought, and
//! the month-end depreciation.

pub mod depreciate_month;
pub mod dispose_asset;
pub mod register_asset;
