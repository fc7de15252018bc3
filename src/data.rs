//! Data shipped inside the binary, so it runs from any directory.

pub const COA_KUBE: &str = include_str!("../data/coa/kube.csv");
pub const COA_KOPERASI: &str = include_str!("../data/coa/koperasi.csv");
pub const COA_PANTI: &str = include_str!("../data/coa/panti.csv");
pub const DEMO_ENTITIES: &str = include_str!("../data/demo/entities.csv");
pub const DEMO_PRODUCTS: &str = include_str!("../data/demo/products.csv");
pub const DEMO_USERS: &str = include_str!("../data/demo/users.csv");
pub const DEMO_ENTRIES: &str = include_str!("../data/demo/entries.csv");
pub const SKILLS: &str = include_str!("../data/skills.csv");
