//! The regional hub's store against a real PostgreSQL of the test's own (issue 17): a
//! panti is registered and enrols with its key; its bundles are received in revision
//! order, once each; a changed byte, another key, an older revision sent again and a gap
//! are refused with their reason.

mod common;

use common::postgres::Postgres;
use ed25519_dalek::SigningKey;
use kube_ledger::domain::identity::{PantiType, RegionCode};
use kube_ledger::domain::report::assembly::{Submission, SubmissionHeader};
use kube_ledger::domain::report::bundle::{BundleContents, Origin};
use kube_ledger::domain::report::cadence::PeriodKey;
use kube_ledger::hub::store::{HubError, HubStore};
use kube_ledger::hub::Refusal;

fn bundle(key: &SigningKey, revision: u32, sales: &str) -> String {
    let header = SubmissionHeader {
        period: PeriodKey::parse("2025-TW1").unwrap(),
        revision,
        reason: (revision > 1).then(|| "Koreksi".to_string()),
        submitted_by: "kepala".into(),
        submitted_at: "2025-04-10T08:00:00Z".into(),
        submitted_on: "2025-04-10".parse().unwrap(),
    };
    let submission = Submission::seal(header, format!("<p>{sales}</p>"), format!(r#"{{"sales":"{sales}"}}"#)).unwrap();
    let origin = Origin {
        entity_id: 1,
        name: "Panti Sejahtera".into(),
        public_key: hex::encode(key.verifying_key().as_bytes()),
    };
    BundleContents::of(&submission, origin, vec![]).sign(key)
}

fn refusal(result: Result<kube_ledger::hub::store::Received, HubError>) -> Refusal {
    match result {
        Err(HubError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_panti_enrols_and_its_bundles_arrive_in_order_once_each() {
    let postgres = Postgres::start();
    let url = postgres.database("hub");
    let hub = HubStore::connect(&url).await.expect("the hub connects and migrates");
    drop(HubStore::connect(&url).await.expect("migrations apply once"));
    let (panti_id, code) =
        hub.register_panti(&RegionCode::parse("33.74").unwrap(), "Panti Sejahtera", PantiType::Psbk).await.unwrap();
    let key = SigningKey::from_bytes(&[7; 32]);
    let first = bundle(&key, 1, "150000");
    assert!(matches!(refusal(hub.receive(&first).await), Refusal::UnknownKey { .. }), "not enrolled yet");

    let enrolled = hub.enrol(&code.to_lowercase(), &hex::encode(key.verifying_key().as_bytes())).await.unwrap();
    assert_eq!((enrolled.panti_id, enrolled.region.as_str()), (panti_id, "33.74"));
    assert!(
        matches!(hub.enrol(&code, "00").await, Err(HubError::Refused(Refusal::UnknownCode))),
        "a code is spent once"
    );

    let received = hub.receive(&first).await.unwrap();
    assert!(received.new && received.revision == 1);
    assert!(!hub.receive(&first).await.unwrap().new, "a retried push is received once");

    let mut flipped = first.clone().into_bytes();
    let at = first.find("150000").unwrap();
    flipped[at] = b'9';
    let flipped = String::from_utf8(flipped).unwrap();
    assert!(matches!(refusal(hub.receive(&flipped).await), Refusal::Bundle(_)), "one byte changed");
    let stranger = bundle(&SigningKey::from_bytes(&[8; 32]), 2, "150000");
    assert!(matches!(refusal(hub.receive(&stranger).await), Refusal::UnknownKey { .. }), "another key");
    let gap = bundle(&key, 3, "170000");
    assert!(matches!(refusal(hub.receive(&gap).await), Refusal::OutOfOrder { latest: 1, .. }), "a gap");

    assert!(hub.receive(&bundle(&key, 2, "160000")).await.unwrap().new);
    assert!(matches!(refusal(hub.receive(&first).await), Refusal::Replayed { revision: 1, latest: 2, .. }));
    let kept = hub.revisions(panti_id).await.unwrap();
    assert_eq!(
        kept,
        [("2025-TW1".to_string(), 1, "2025-04-10".to_string()), ("2025-TW1".to_string(), 2, "2025-04-10".to_string())]
    );
}
