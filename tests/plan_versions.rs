//! The year's plan through the service on a real store: a version written over another
//! than the latest is refused inside the writer, so two heads adding at once cannot
//! overwrite each other.

use kube_ledger::domain::entity::EntityKind;
use kube_ledger::domain::report::plan::Activity;
use kube_ledger::domain::report::{Field, Person, ReportError};
use kube_ledger::service::{Ledger, ServiceError};

fn activity(name: &str) -> Activity {
    let head = Person { name: "Bu Sri".into(), position: "Kepala Seksi".into() };
    Activity::new(Field::Jasa, None, name, "Kelompok Jasa", vec![head], Vec::new()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_heads_writing_over_the_same_version_store_one_and_the_other_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    let panti = ledger.create_entity(EntityKind::Panti, "Panti Uji", None).await.unwrap().id;
    let first = ledger.put_plan(panti, 2026, vec![activity("Servis motor")], Some(0), "kepala").await.unwrap();
    assert_eq!(first.version, 1);

    for round in 0..20u32 {
        let seen = first.version + round;
        let base = ledger.plan(panti, 2026, None).unwrap().activities;
        let with = |name: &str| [base.clone(), vec![activity(name)]].concat();
        let (a, b) = tokio::join!(
            ledger.put_plan(panti, 2026, with("Budidaya lele"), Some(seen), "kepala"),
            ledger.put_plan(panti, 2026, with("Kebun sayur"), Some(seen), "wakil"),
        );
        let (stored, refused) = match (a, b) {
            (Ok(plan), Err(error)) | (Err(error), Ok(plan)) => (plan, error),
            other => panic!("round {round}: exactly one of two writes over version {seen} is stored: {other:?}"),
        };
        assert_eq!(stored.version, seen + 1);
        assert!(
            matches!(refused, ServiceError::Report(ReportError::PlanChanged { year: 2026, based_on, latest }) if based_on == seen && latest == seen + 1),
            "{refused:?}"
        );
        let latest = ledger.plan(panti, 2026, None).unwrap();
        assert_eq!(latest, stored, "the refused write left nothing");
        assert_eq!(latest.activities.len(), base.len() + 1, "the stored version keeps every earlier activity");
    }
    assert_eq!(ledger.plan_versions(panti, 2026).unwrap().len(), 21);

    let stale = ledger.put_plan(panti, 2026, vec![activity("Lama")], Some(3), "kepala").await.unwrap_err();
    assert!(
        matches!(stale, ServiceError::Report(ReportError::PlanChanged { based_on: 3, latest: 21, .. })),
        "{stale:?}"
    );
    let unchecked = ledger.put_plan(panti, 2026, vec![activity("Baru")], None, "kepala").await.unwrap();
    assert_eq!(unchecked.version, 22, "without a version seen the plan replaces the latest");
}
