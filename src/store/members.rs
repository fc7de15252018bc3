//! Members, bylaws savings terms, entry tags and the per-member entry index.

use super::codec::{date_bytes, encode, entity_key, key, prefix, u64_from_bytes};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use crate::domain::entry::{MemberId, PostedEntry};
use crate::domain::member::{Member, SavingsTerms};
use crate::domain::tag::EntryTag;

impl WriteSet {
    /// A member and the index that keeps its number unique in its entity.
    pub fn member(&mut self, member: &Member) {
        self.put(key(prefix::MEMBER, &[&member.id.to_be_bytes()]), encode(member));
        self.put(
            entity_key(prefix::MEMBER_NUMBER, member.entity_id, &[member.number.as_str().to_lowercase().as_bytes()]),
            encode(&member.id),
        );
    }

    pub fn next_member_id(&mut self, next: MemberId) {
        self.put(key(prefix::META, &[b"next_member_id"]), encode(&next));
    }

    pub fn savings_terms(&mut self, entity: EntityId, terms: &SavingsTerms) {
        self.put(entity_key(prefix::SAVINGS_TERMS, entity, &[&date_bytes(terms.effective_from)]), encode(terms));
    }

    pub fn shu_policy(&mut self, entity: EntityId, policy: &crate::domain::shu::ShuPolicy) {
        self.put(entity_key(prefix::SHU_POLICY, entity, &[&date_bytes(policy.effective_from)]), encode(policy));
    }

    pub fn entry_tag(&mut self, entity: EntityId, seq: u64, tag: &EntryTag) {
        self.put(entity_key(prefix::ENTRY_TAG, entity, &[&seq.to_be_bytes()]), encode(tag));
    }

    /// Indexes an entry under every member its lines name, for statements.
    pub fn member_entry_index(&mut self, posted: &PostedEntry) {
        let mut members: Vec<MemberId> = posted.entry.lines().iter().filter_map(|l| l.member_id).collect();
        members.sort_unstable();
        members.dedup();
        for member in members {
            self.put(
                entity_key(prefix::MEMBER_ENTRY, posted.entity_id, &[&member.to_be_bytes(), &posted.seq.to_be_bytes()]),
                Vec::new(),
            );
        }
    }
}

impl Store {
    pub fn next_member_id(&self) -> Result<MemberId, StoreError> {
        Ok(self.get(&key(prefix::META, &[b"next_member_id"]))?.unwrap_or(1))
    }

    pub fn member(&self, id: MemberId) -> Result<Option<Member>, StoreError> {
        self.get(&key(prefix::MEMBER, &[&id.to_be_bytes()]))
    }

    /// The member with this number in this entity (numbers compare without case).
    pub fn member_by_number(&self, entity: EntityId, number: &str) -> Result<Option<Member>, StoreError> {
        let id: Option<MemberId> =
            self.get(&entity_key(prefix::MEMBER_NUMBER, entity, &[number.to_lowercase().as_bytes()]))?;
        match id {
            Some(id) => self.member(id),
            None => Ok(None),
        }
    }

    /// An entity's members, in member-number order.
    pub fn members(&self, entity: EntityId) -> Result<Vec<Member>, StoreError> {
        self.scan::<MemberId>(entity_key(prefix::MEMBER_NUMBER, entity, &[]))
            .map(|item| {
                let (_, id) = item?;
                self.member(id)?
                    .ok_or_else(|| StoreError::Io(std::io::Error::other(format!("index names missing member {id}"))))
            })
            .collect()
    }

    /// Every version of an entity's savings terms, oldest first.
    pub fn savings_terms(&self, entity: EntityId) -> Result<Vec<SavingsTerms>, StoreError> {
        self.scan(entity_key(prefix::SAVINGS_TERMS, entity, &[])).map(|item| item.map(|(_, terms)| terms)).collect()
    }

    /// Every version of an entity's SHU allocation policy, oldest first.
    pub fn shu_policies(&self, entity: EntityId) -> Result<Vec<crate::domain::shu::ShuPolicy>, StoreError> {
        self.scan(entity_key(prefix::SHU_POLICY, entity, &[])).map(|item| item.map(|(_, policy)| policy)).collect()
    }

    /// What a committed entry means, if it was tagged.
    pub fn entry_tag(&self, entity: EntityId, seq: u64) -> Result<Option<EntryTag>, StoreError> {
        if seq >= self.head(entity)?.next_seq {
            return Ok(None);
        }
        self.get(&entity_key(prefix::ENTRY_TAG, entity, &[&seq.to_be_bytes()]))
    }

    /// Every committed tagged entry of an entity, in sequence order.
    pub fn entry_tags(&self, entity: EntityId) -> Result<Vec<(u64, EntryTag)>, StoreError> {
        let end = self.head(entity)?.next_seq;
        self.scan(entity_key(prefix::ENTRY_TAG, entity, &[]))
            .map(|item| item.map(|(key, tag)| (u64_from_bytes(&key[9..]).unwrap_or_default(), tag)))
            .filter(|item| item.as_ref().map_or(true, |(seq, _)| *seq < end))
            .collect()
    }

    /// Sequence numbers of the committed entries with lines for this member, in order.
    pub fn member_entries(&self, entity: EntityId, member: MemberId) -> Result<Vec<u64>, StoreError> {
        let end = self.head(entity)?.next_seq;
        self.db
            .scan_prefix(entity_key(prefix::MEMBER_ENTRY, entity, &[&member.to_be_bytes()]))
            .keys()
            .map(|key| Ok(u64_from_bytes(&key?[17..]).unwrap_or_default()))
            .filter(|seq| seq.as_ref().map_or(true, |seq| *seq < end))
            .collect()
    }
}
