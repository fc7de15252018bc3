//! The registers an entry's ids must be found in: the entity's members and products.
//! The rules ask through [`Registers`]; the service reads what an entry names from the
//! store into a [`Register`] before the writer posts it.

use super::entry::{BalancedEntry, MemberId, ProductId};
use super::member::Member;
use super::product::Product;
use std::collections::{BTreeMap, BTreeSet};

/// What the books need to know of an entity's members and products.
pub trait Registers {
    /// The member of this entity with `id`, if there is one.
    fn member(&self, id: MemberId) -> Option<&Member>;
    /// Whether this entity has a product `id`.
    fn has_product(&self, id: ProductId) -> bool;
}

/// The members and products of one entity that some entries name (or all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    members: BTreeMap<MemberId, Member>,
    products: BTreeSet<ProductId>,
}

impl Register {
    /// Takes a member in, replacing what was known of it (e.g. the exit being posted).
    pub fn with_member(mut self, member: Member) -> Register {
        self.members.insert(member.id, member);
        self
    }

    pub fn with_product(mut self, product: &Product) -> Register {
        self.products.insert(product.id);
        self
    }
}

impl Registers for Register {
    fn member(&self, id: MemberId) -> Option<&Member> {
        self.members.get(&id)
    }

    fn has_product(&self, id: ProductId) -> bool {
        self.products.contains(&id)
    }
}

/// The member and product ids the entries name, each once.
pub fn named_ids<'a>(
    entries: impl IntoIterator<Item = &'a BalancedEntry>,
) -> (BTreeSet<MemberId>, BTreeSet<ProductId>) {
    let (mut members, mut products) = (BTreeSet::new(), BTreeSet::new());
    for line in entries.into_iter().flat_map(BalancedEntry::lines) {
        members.extend(line.member_id);
        products.extend(line.stock.map(|moved| moved.product_id));
    }
    (members, products)
}
