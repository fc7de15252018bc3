//! Fuzzing at a million inputs a parser (issue 18): the drivers of `tests/fuzz.rs`, run
//! `FUZZ_CASES` times each (default 1,000,000): money text, amounts, dates, mutated CSV
//! files of every import kind and JSON bodies on every write route through the real router,
//! mutated backup files and signed report bundles. A panic or a 5xx answer stops the run with the input; the
//! closing lines count the inputs and what was accepted. The books live under `TMPDIR`
//! (point it at a tmpfs to spare the disk: a million imports are a million syncs).

#[path = "../tests/fuzzing/mod.rs"]
mod fuzzing;
#[allow(dead_code)]
#[path = "../tests/api/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "../tests/api/routes.rs"]
mod routes;

use std::time::Instant;

fn main() {
    let cases: u32 =
        std::env::var("FUZZ_CASES").map_or(1_000_000, |v| v.parse().expect("FUZZ_CASES is a whole number"));
    let rt = fuzzing::runtime();
    let app = rt.block_on(helpers::spawn_app());
    let fixtures = rt.block_on(routes::fixtures(&app));
    // `FUZZ_ONLY=bundles` runs the parsers whose name holds it (all when unset).
    let only = std::env::var("FUZZ_ONLY").unwrap_or_default();
    let report = |name: &str, run: &dyn Fn() -> fuzzing::Tally| {
        if !name.contains(only.as_str()) {
            return;
        }
        let started = Instant::now();
        let tally = run();
        println!(
            "{name:<28} {:>9} inputs  {:>9} accepted  0 panics  0 answers of 5xx  {:>7.1} s",
            tally.cases,
            tally.accepted,
            started.elapsed().as_secs_f64()
        );
    };
    report("money text", &|| fuzzing::money_text(cases));
    report("money amounts", &|| fuzzing::money_amounts(cases));
    report("dates", &|| fuzzing::dates(cases));
    report("backup files", &|| fuzzing::backups(&app, cases));
    report("signed report bundles", &|| fuzzing::bundles(cases));
    report("CSV imports (6 kinds)", &|| fuzzing::csv_imports(&rt, &app, cases, false));
    report("JSON bodies (write routes)", &|| fuzzing::json_bodies(&rt, &app, &fixtures, cases));
}
