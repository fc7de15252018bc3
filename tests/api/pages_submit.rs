//! One period's report pages through the real router: the head's evaluation form, the
//! preview, submission (once per click, revisions with a reason) and the submitted list;
//! the supervisor reads, strangers are refused.

use crate::helpers::{send, spawn_app, TestApp};
use crate::pages::{request, session, Answer};
use crate::pages_report::{refused_to_strangers, report_settings};
use axum::http::StatusCode;
use kube_ledger::domain::report::assembly::sha256_hex;
use serde_json::{json, Value};

fn page_path(app: &TestApp, rest: &str) -> String {
    format!("/entities/{}/reports/{rest}", app.panti)
}

async fn submissions(app: &TestApp) -> Vec<Value> {
    let (status, body) = app.get(&app.supervisor, &format!("/api/v1/entities/{}/reports/submitted", app.panti)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["submissions"].as_array().unwrap().clone()
}

/// The text of the textarea named `name`.
fn textarea(answer: &Answer, name: &str) -> String {
    let start = answer.body.find(&format!("<textarea id=\"{name}\"")).unwrap_or_else(|| panic!("no {name}"));
    let after = &answer.body[start..];
    let open = after.find('>').unwrap() + 1;
    after[open..].split("</textarea>").next().unwrap().to_string()
}

fn with_csrf<'a>(csrf: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = fields.to_vec();
    all.push(("csrf", csrf));
    all
}

#[tokio::test]
async fn the_head_evaluates_previews_and_submits_and_a_resend_stores_one_revision() {
    let app = spawn_app().await;
    report_settings(&app).await;
    let head = session(&app.head);
    let report = page_path(&app, "2026-TW1");
    let page = request(&app, "GET", &report, &head, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Triwulan I 2026") && page.body.contains("Evaluasi kepala panti belum diisi"));
    let english = request(&app, "GET", &format!("{report}?lang=en"), &head, None).await;
    assert!(english.body.contains("Submit the report") && english.body.contains("Overall evaluation"));
    let csrf = page.input("csrf");
    let evaluation = format!("{report}/evaluation");

    let fields = [("kerajinan_process", "Sesuai rencana"), ("overall", "")];
    let no_csrf = request(&app, "POST", &evaluation, &head, Some(&fields)).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let refused = request(&app, "POST", &evaluation, &head, Some(&with_csrf(&csrf, &fields))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for error in ["kerajinan_results-error\">Wajib diisi", "overall-error\">Wajib diisi"] {
        assert!(refused.body.contains(error), "{error}: {}", refused.body);
    }
    assert_eq!(textarea(&refused, "kerajinan_process"), "Sesuai rencana", "what was typed is kept");
    assert!(refused.body.contains("id=\"kerajinan_results\" name=\"kerajinan_results\" rows=\"3\" aria-invalid=\"true\" aria-describedby=\"kerajinan_results-error\" autofocus"), "focus on the first bad field");
    let unsaved = request(&app, "GET", &report, &head, None).await;
    assert!(unsaved.body.contains("belum diisi"), "a refused evaluation stores nothing");

    let good = [
        ("kerajinan_process", "Sesuai rencana"),
        ("kerajinan_results", "Target 40 tas tercapai"),
        ("overall", "Pemberdayaan berjalan baik"),
    ];
    let saved = request(&app, "POST", &evaluation, &head, Some(&with_csrf(&csrf, &good))).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let shown = request(&app, "GET", saved.location(), &head, None).await;
    assert!(shown.body.contains("Evaluasi kepala panti sudah diisi"), "{}", shown.body);
    assert!(shown.body.contains("id=\"saved\">Evaluasi tersimpan"), "{}", shown.body);
    assert_eq!(textarea(&shown, "overall"), "Pemberdayaan berjalan baik", "the draft comes back in the form");
    let preview = request(&app, "GET", &format!("{report}/preview"), &head, None).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("Evaluasi keseluruhan: Pemberdayaan berjalan baik"), "{}", preview.body);
    assert!(preview.body.contains("Bidang kerajinan — proses: Sesuai rencana"), "{}", preview.body);

    let submit = format!("{report}/submit");
    assert_eq!(shown.input("revision"), "1");
    let unconfirmed = request(&app, "POST", &submit, &head, Some(&with_csrf(&csrf, &[("revision", "1")]))).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unconfirmed.body);
    assert!(unconfirmed.body.contains("id=\"confirm-error\">Centang dulu"), "{}", unconfirmed.body);
    assert!(submissions(&app).await.is_empty(), "nothing submitted unconfirmed");

    let confirmed = with_csrf(&csrf, &[("revision", "1"), ("confirm", "yes")]);
    let first = request(&app, "POST", &submit, &head, Some(&confirmed)).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let resent = request(&app, "POST", &submit, &head, Some(&confirmed)).await;
    assert_eq!((resent.status, resent.location()), (StatusCode::SEE_OTHER, first.location()), "{}", resent.body);
    let stored = submissions(&app).await;
    assert_eq!(stored.len(), 1, "a double click or resend submits once: {stored:?}");
    assert!(
        first.location().ends_with("/reports/submitted?done=2026-TW1-1#submission-2026-TW1-1"),
        "{}",
        first.location()
    );

    let listed = request(&app, "GET", first.location(), &head, None).await;
    let hash = stored[0]["html_sha256"].as_str().unwrap();
    assert!(listed.body.contains("id=\"submission-2026-TW1-1\"") && listed.body.contains(hash), "{}", listed.body);
    assert!(listed.body.contains("salinan utuh"), "{}", listed.body);
    assert!(
        listed.body.contains("id=\"done\">Triwulan I 2026 · Revisi 1: laporan telah diserahkan"),
        "{}",
        listed.body
    );
    assert!(
        listed.body.contains("terlambat</span> (Batas serah 15-04-2026)"),
        "submitted in November, due in April: {}",
        listed.body
    );
    let copy = request(&app, "GET", &page_path(&app, "2026-TW1/revisions/1"), &head, None).await;
    assert_eq!(copy.status, StatusCode::OK);
    assert_eq!(sha256_hex(copy.body.as_bytes()), hash, "the stored copy, byte for byte");
    // The A4 copy names its bundle file and the key that signs it, for a paper copy.
    assert!(
        copy.body.contains("berkas <code>laporan-") && copy.body.contains("Kunci tanda tangan panti"),
        "{}",
        copy.body
    );

    // The signed bundle, one tap from the list, checks offline with the binary.
    let bundle_path = page_path(&app, "2026-TW1/revisions/1/bundle");
    assert!(listed.body.contains(&format!("href=\"{bundle_path}\"")), "{}", listed.body);
    let bundle = request(&app, "GET", &bundle_path, &head, None).await;
    assert_eq!(bundle.status, StatusCode::OK);
    let opened = kube_ledger::domain::report::bundle::BundleContents::open(&bundle.body).expect("a good bundle");
    assert_eq!((opened.html_sha256.as_str(), opened.header.revision), (hash, 1));
    assert_eq!(opened.html, copy.body, "the bundle carries the stored copy");
    let kube_head = opened.chain_heads.iter().find(|h| h.entity_id == app.kube).expect("the KUBE's chain head");
    let stored_head = app.ledger.store_for_tests().head(app.kube).unwrap();
    assert_eq!(
        (kube_head.entries, kube_head.last_hash.clone()),
        (stored_head.next_seq - 1, hex::encode(stored_head.last_hash)),
        "where the chain stood at the lock"
    );
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("laporan.kubelap");
    std::fs::write(&good, &bundle.body).unwrap();
    let verify = |file: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kube-ledger"))
            .arg("bundle")
            .arg("verify")
            .arg(file)
            .output()
            .unwrap()
    };
    let checked = verify(&good);
    let said = String::from_utf8_lossy(&checked.stdout).to_string();
    assert!(checked.status.success(), "{said}{}", String::from_utf8_lossy(&checked.stderr));
    let fingerprint = kube_ledger::domain::report::bundle::key_fingerprint(&opened.public_key().unwrap());
    assert!(said.contains("BERKAS SAH") && said.contains(&fingerprint) && said.contains("revisi 1"), "{said}");
    assert!(copy.body.contains(&fingerprint), "the A4 copy prints the same key fingerprint");
    // One figure changed in the data: refused, and the binary says why.
    let tampered = dir.path().join("diubah.kubelap");
    let at = bundle.body.find("\\\"sections\\\"").expect("the data's sections");
    let mut bytes = bundle.body.clone().into_bytes();
    bytes[at + 2] = b'S';
    std::fs::write(&tampered, bytes).unwrap();
    let refused = verify(&tampered);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("TIDAK SAH"), "{:?}", refused);

    let again = request(&app, "GET", &report, &head, None).await;
    assert_eq!(again.input("revision"), "2");
    assert!(again.body.contains("Alasan perbaikan"), "a correction asks why");
    let second = [("revision", "2"), ("confirm", "yes"), ("reason", "")];
    let no_reason = request(&app, "POST", &submit, &head, Some(&with_csrf(&csrf, &second))).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("id=\"reason-error\">Wajib diisi"), "{}", no_reason.body);
    let second = [("revision", "2"), ("confirm", "yes"), ("reason", "Angka penjualan Maret dikoreksi")];
    let corrected = request(&app, "POST", &submit, &head, Some(&with_csrf(&csrf, &second))).await;
    assert_eq!(corrected.status, StatusCode::SEE_OTHER, "{}", corrected.body);
    let stored = submissions(&app).await;
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1]["reason"], "Angka penjualan Maret dikoreksi");

    // The API refuses a revision already taken instead of making it the next one.
    let path = format!("/api/v1/entities/{}/reports/2026-TW1/submit", app.panti);
    let body = json!({"revision": 2, "reason": "Dobel"});
    let (status, answer) = send(&app.router, "POST", &path, Some(&app.head), Some(body)).await;
    assert_eq!((status, answer["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("revision_taken")));
    assert_eq!(submissions(&app).await.len(), 2);
}

#[tokio::test]
async fn the_supervisor_reads_the_report_pages_a_running_period_waits_and_strangers_are_refused() {
    let app = spawn_app().await;
    report_settings(&app).await;
    let supervisor = session(&app.supervisor);
    let report = page_path(&app, "2026-TW1");
    let read = request(&app, "GET", &report, &supervisor, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(read.body.contains("/reports/2026-TW1/preview"), "the supervisor previews");
    assert!(!read.body.contains("save-evaluation") && !read.body.contains("submit-report"), "but has no form");
    let csrf = read.input("csrf");
    for action in ["evaluation", "submit"] {
        let fields = with_csrf(&csrf, &[("revision", "1"), ("confirm", "yes"), ("overall", "Baik")]);
        let refused = request(&app, "POST", &format!("{report}/{action}"), &supervisor, Some(&fields)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{action}");
    }
    let listed = request(&app, "GET", &page_path(&app, "submitted"), &supervisor, None).await;
    assert!(listed.body.contains("Belum ada laporan yang diserahkan"), "{}", listed.body);
    for path in [&report, &page_path(&app, "submitted"), &format!("{report}/preview")] {
        refused_to_strangers(&app, path).await;
    }

    let head = session(&app.head);
    let running = page_path(&app, "2026-TW4");
    let waits = request(&app, "GET", &running, &head, None).await;
    assert!(waits.body.contains("id=\"not-ended\""), "{}", waits.body);
    let head_csrf = waits.input("csrf");
    let early = with_csrf(&head_csrf, &[("revision", "1"), ("confirm", "yes")]);
    let refused = request(&app, "POST", &format!("{running}/submit"), &head, Some(&early)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("belum berakhir"), "{}", refused.body);
    assert!(submissions(&app).await.is_empty());
    let missing = request(&app, "GET", &page_path(&app, "2026-TW1/revisions/1"), &head, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
