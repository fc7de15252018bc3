//! Fuzzing as proptest at scale (`cargo fuzz` needs nightly), a few thousand inputs a parser
//! in every test run; `cargo bench --bench fuzz` runs the same drivers a million times each.
//! Nothing may panic, nothing may answer 5xx, and a refused import must leave the books
//! exactly as they were.

#[allow(dead_code)]
mod fuzzing;
#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "api/routes.rs"]
mod routes;

use helpers::spawn_app;

#[test]
fn money_parsing_never_panics_and_what_it_accepts_round_trips() {
    assert!(fuzzing::money_text(100_000).accepted > 0, "no text was read as money");
}

#[test]
fn every_amount_in_range_survives_both_written_forms() {
    fuzzing::money_amounts(100_000);
}

#[test]
fn a_changed_report_bundle_never_opens_with_other_contents() {
    assert!(fuzzing::bundles(20_000).accepted > 0, "the unchanged bundle (no edits) opens");
}

#[test]
fn dates_read_only_real_days_written_as_given() {
    assert!(fuzzing::dates(100_000).accepted > 0, "no text was read as a date");
}

#[test]
fn csv_imports_never_panic_and_are_all_or_nothing() {
    let rt = fuzzing::runtime();
    let app = rt.block_on(spawn_app());
    rt.block_on(routes::fixtures(&app));
    let tally = fuzzing::csv_imports(&rt, &app, 2_000, true);
    assert!(tally.accepted > 0, "no file was imported: the seeds no longer reach past the parser");
}

#[test]
fn json_bodies_on_every_write_route_never_answer_5xx() {
    let rt = fuzzing::runtime();
    let app = rt.block_on(spawn_app());
    let fixtures = rt.block_on(routes::fixtures(&app));
    assert!(fuzzing::json_bodies(&rt, &app, &fixtures, 10_000).accepted > 0, "no body was taken");
    // Whatever every write route stored, `verify` reads back as its kind.
    let (records_count, unreadable) = app.ledger.store_for_tests().unreadable_records().expect("read the store");
    assert!(records_count > 100 && unreadable.is_empty(), "{records_count} records: {unreadable:?}");
}

#[test]
fn damaged_backups_are_read_to_their_end_or_refused_never_a_panic() {
    let rt = fuzzing::runtime();
    let app = rt.block_on(spawn_app());
    rt.block_on(routes::fixtures(&app));
    let tally = fuzzing::backups(&app, 5_000);
    assert!(tally.accepted > 0, "not even an unedited backup was read whole");
}
