//! The assembled report's records: the head's evaluation draft of a period (latest
//! wins) and the submissions, appended per period and revision, never overwritten.

use super::codec::{decode, encode, entity_key, key, prefix};
use super::{Store, StoreError, WriteSet};
use crate::domain::entity::EntityId;
use crate::domain::report::assembly::{Evaluation, Submission, SubmissionHeader};
use crate::domain::report::cadence::PeriodKey;

fn submission_key(panti: EntityId, period: Option<PeriodKey>) -> Vec<u8> {
    match period {
        Some(period) => entity_key(prefix::REPORT_SUBMISSION, panti, &[&period.to_bytes()]),
        None => entity_key(prefix::REPORT_SUBMISSION, panti, &[]),
    }
}

fn bundle_key(panti: EntityId, period: PeriodKey, revision: u32) -> Vec<u8> {
    entity_key(prefix::REPORT_BUNDLE, panti, &[&period.to_bytes(), &revision.to_be_bytes()])
}

impl WriteSet {
    pub fn evaluation(&mut self, panti: EntityId, evaluation: &Evaluation) {
        self.put(entity_key(prefix::REPORT_EVALUATION, panti, &[&evaluation.period.to_bytes()]), encode(evaluation));
    }

    /// The signed bundle of a submission (`report::bundle`), beside it.
    pub fn bundle(&mut self, panti: EntityId, header: &SubmissionHeader, bundle: &str) {
        self.put(bundle_key(panti, header.period, header.revision), encode(&bundle));
    }

    pub fn submission(&mut self, panti: EntityId, submission: &Submission) {
        let mut key = submission_key(panti, Some(submission.header.period));
        key.extend_from_slice(&submission.header.revision.to_be_bytes());
        self.put(key, encode(submission));
    }
}

impl Store {
    pub fn evaluation(&self, panti: EntityId, period: PeriodKey) -> Result<Option<Evaluation>, StoreError> {
        self.get(&entity_key(prefix::REPORT_EVALUATION, panti, &[&period.to_bytes()]))
    }

    /// The signed bundle of one revision; none for a submission made before bundles were.
    pub fn bundle(&self, panti: EntityId, period: PeriodKey, revision: u32) -> Result<Option<String>, StoreError> {
        self.get(&bundle_key(panti, period, revision))
    }

    /// The instance's signing key: made and stored durably on first use, kept by backups
    /// with the rest of the database. Two first uses at once agree on one key.
    pub fn signing_key(&self) -> Result<ed25519_dalek::SigningKey, StoreError> {
        let at = key(prefix::SIGNING_KEY, &[]);
        if let Some(secret) = self.get::<[u8; 32]>(&at)? {
            return Ok(ed25519_dalek::SigningKey::from_bytes(&secret));
        }
        let mut secret = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
        // Only the first of two racing makers stores its key; the other takes that one.
        let stored = match self.db.compare_and_swap(&at, None as Option<&[u8]>, Some(encode(&secret)))? {
            Ok(()) => secret,
            Err(taken) => match taken.current {
                Some(bytes) => decode(&bytes).map_err(|source| StoreError::Decode { key: hex::encode(&at), source })?,
                None => secret,
            },
        };
        self.sync()?;
        Ok(ed25519_dalek::SigningKey::from_bytes(&stored))
    }

    /// A panti's submissions of one period, or of all, in period then revision order.
    pub fn submissions(&self, panti: EntityId, period: Option<PeriodKey>) -> Result<Vec<Submission>, StoreError> {
        self.values(submission_key(panti, period))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::assembly::{FieldEvaluation, SubmissionHeader};
    use crate::domain::report::Field;

    /// Postcard is not self-describing: every stored shape must read back as written.
    #[test]
    fn evaluations_and_submissions_round_trip_and_keep_every_revision() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let period = PeriodKey::parse("2026-SM2").unwrap();
        let field = FieldEvaluation::new(Field::Kerajinan, "Sesuai rencana", "Tercapai").unwrap();
        let evaluation = Evaluation::new(period, vec![field], "Baik", "kepala", "t".into()).unwrap();
        let seal = |revision: u32, reason: Option<&str>| {
            let header = SubmissionHeader {
                period,
                revision,
                reason: reason.map(str::to_string),
                submitted_by: "kepala".into(),
                submitted_at: "t".into(),
                submitted_on: "2027-01-10".parse().unwrap(),
            };
            Submission::seal(header, format!("<p>{revision}</p>"), "{}".into()).unwrap()
        };
        let (first, second) = (seal(1, None), seal(2, Some("Koreksi")));
        let mut writes = WriteSet::default();
        writes.evaluation(1, &evaluation);
        writes.submission(1, &first);
        writes.submission(1, &second);
        store.commit(writes).unwrap();
        assert_eq!(store.evaluation(1, period).unwrap(), Some(evaluation));
        assert_eq!(store.submissions(1, Some(period)).unwrap(), [first.clone(), second]);
        assert_eq!(store.submissions(1, PeriodKey::parse("2026-TH").ok()).unwrap(), []);
        assert!(store.submissions(2, None).unwrap().is_empty(), "another panti's reports are apart");
    }
}
