//! The treasurer's books pages through the real router: purchases, savings, reversal,
//! the cash book and cash count, CSV upload. Each form: CSRF, one post per form key,
//! errors at the field with everything typed kept, and 403 for a role that may not.

use crate::helpers::{send, spawn_app, TestApp};
use crate::pages::{request, session, Answer};
use crate::sales::stocked;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// A form page as the treasurer sees it: its CSRF token and form key.
pub(crate) async fn form(app: &TestApp, cookie: &str, path: &str) -> (String, String) {
    let page = request(app, "GET", path, cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    (page.input("csrf"), page.input("form_key"))
}

/// Posts `fields` with the page's CSRF token and form key.
pub(crate) async fn submit(
    app: &TestApp,
    cookie: &str,
    form_path: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let (csrf, key) = form(app, cookie, form_path).await;
    let mut all = vec![("csrf", csrf.as_str()), ("form_key", key.as_str())];
    all.extend_from_slice(fields);
    request(app, "POST", action, cookie, Some(&all)).await
}

pub(crate) fn kube_path(app: &TestApp, rest: &str) -> String {
    format!("/entities/{}{rest}", app.kube)
}

/// Posts the same filled-in form twice at once and once more: every answer is the same
/// redirect, and one entry is stored.
pub(crate) async fn stores_once(app: &TestApp, form_path: &str, action: &str, fields: &[(&str, &str)]) -> String {
    let cookie = session(&app.treasurer);
    let before = app.entries_count(app.kube).await;
    let (csrf, key) = form(app, &cookie, form_path).await;
    let mut all = vec![("csrf", csrf.as_str()), ("form_key", key.as_str())];
    all.extend_from_slice(fields);
    let (first, second) = tokio::join!(
        request(app, "POST", action, &cookie, Some(&all)),
        request(app, "POST", action, &cookie, Some(&all))
    );
    let third = request(app, "POST", action, &cookie, Some(&all)).await;
    for answer in [&first, &second, &third] {
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(answer.location(), first.location());
    }
    assert_eq!(app.entries_count(app.kube).await, before + 1, "one entry stored");
    first.location().to_string()
}

/// A post of a form of `form_path` without its CSRF token, or with another session's,
/// is refused and stores nothing.
pub(crate) async fn refuses_without_csrf(app: &TestApp, form_path: &str, action: &str, fields: &[(&str, &str)]) {
    let cookie = session(&app.treasurer);
    let before = app.entries_count(app.kube).await;
    let (_, key) = form(app, &cookie, form_path).await;
    let (other, _) = form(app, &session(&app.admin), form_path).await;
    for csrf in [None, Some("00ff"), Some(other.as_str())] {
        let mut all = vec![("form_key", key.as_str())];
        all.extend(csrf.map(|c| ("csrf", c)));
        all.extend_from_slice(fields);
        let answer = request(app, "POST", action, &cookie, Some(&all)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
        assert!(answer.body.contains("data-code=\"csrf_refused\""));
    }
    assert_eq!(app.entries_count(app.kube).await, before, "nothing stored");
}

/// The head reads these books but may not write them: the form and its post are 403.
pub(crate) async fn head_may_not(app: &TestApp, form_path: &str, action: &str) {
    let cookie = session(&app.head);
    assert_eq!(request(app, "GET", form_path, &cookie, None).await.status, StatusCode::FORBIDDEN);
    let csrf = request(app, "GET", &kube_path(app, "/entries"), &cookie, None).await.input("csrf");
    let answer = request(app, "POST", action, &cookie, Some(&[("csrf", csrf.as_str())])).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
}

fn purchase<'a>(kedelai: &'a str, quantity: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("supplier", "UD Kedelai"),
        ("product", kedelai),
        ("description", ""),
        ("quantity", quantity),
        ("unit_cost", "11.000"),
        ("payment", "cash"),
        ("date", "2026-07-10"),
    ]
}

#[tokio::test]
async fn a_purchase_form_stores_once_refuses_without_csrf_and_is_not_for_the_head() {
    let app = spawn_app().await;
    let (kedelai, _) = stocked(&app).await;
    let kedelai = kedelai.to_string();
    let (new, action) = (kube_path(&app, "/purchases/new"), kube_path(&app, "/purchases/new"));
    refuses_without_csrf(&app, &new, &action, &purchase(&kedelai, "5")).await;
    let stored = stores_once(&app, &new, &action, &purchase(&kedelai, "5")).await;
    let entry = request(&app, "GET", &stored, &session(&app.treasurer), None).await;
    assert!(entry.body.contains("id=\"saved\"") && entry.body.contains("Rp55.000"), "5 × 11.000: {}", entry.body);
    head_may_not(&app, &new, &action).await;
}

#[tokio::test]
async fn a_refused_purchase_names_each_field_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let (kedelai, _) = stocked(&app).await;
    let cookie = format!("{}; lang=en", session(&app.treasurer));
    let path = kube_path(&app, "/purchases/new");
    let kedelai = kedelai.to_string();
    let mut fields = purchase(&kedelai, "dua");
    fields[0] = ("supplier", "");
    fields[4] = ("unit_cost", "1.50.000");
    let answer = submit(&app, &cookie, &path, &path, &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The words of the purchase command's problems, in English: one catalogue for every door.
    for (id, message) in [("supplier", "required"), ("quantity", "Quantity must"), ("unit_cost", "the amount")] {
        let error = format!("<p class=\"field-error\" id=\"{id}-error\">{message}");
        assert!(answer.body.contains(&error), "{error} missing: {}", answer.body);
    }
    assert!(answer.body.contains("value=\"dua\"") && answer.body.contains("value=\"1.50.000\""));
    assert!(answer.body.contains(&format!("value=\"{kedelai}\" selected")), "the product stays chosen");
    // A line with neither product nor description is the purchase rule's, shown at the description.
    let fields = [
        ("supplier", "Toko Besi"),
        ("quantity", "1"),
        ("unit_cost", "50000"),
        ("payment", "cash"),
        ("date", "2026-07-10"),
    ];
    let answer = submit(&app, &cookie, &path, &path, &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.body.contains("id=\"description-error\">Not saved: baris pembelian tanpa produk"),
        "{}",
        answer.body
    );
}

async fn savings_terms(app: &TestApp) {
    let terms = json!({"effective_from": "2026-01-01", "pokok": "100000", "wajib": "20000"});
    let path = format!("/api/v1/entities/{}/bylaws/savings", app.kube);
    assert_eq!(send(&app.router, "POST", &path, Some(&app.treasurer), Some(terms)).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_savings_deposit_stores_once_and_a_withdrawal_beyond_the_balance_is_named_at_the_amount() {
    let app = spawn_app().await;
    savings_terms(&app).await;
    let member = app.member_id.to_string();
    let (new, action) = (kube_path(&app, "/savings/new"), kube_path(&app, "/savings/new"));
    let deposit = [
        ("member_id", member.as_str()),
        ("kind", "sukarela"),
        ("direction", "deposit"),
        ("amount", "250.000"),
        ("periods", ""),
        ("date", "2026-03-01"),
    ];
    refuses_without_csrf(&app, &new, &action, &deposit).await;
    stores_once(&app, &new, &action, &deposit).await;
    let (_, balance) = app.get(&app.treasurer, &format!("/api/v1/members/{member}/balance")).await;
    assert_eq!(balance["sukarela"], "250000.00");

    let mut withdrawal = deposit;
    withdrawal[2] = ("direction", "withdrawal");
    withdrawal[3] = ("amount", "300.000");
    let answer = submit(&app, &session(&app.treasurer), &new, &action, &withdrawal).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("id=\"amount-error\">Tidak disimpan: saldo simpanan sukarela"), "{}", answer.body);
    assert!(answer.body.contains("value=\"300.000\"") && answer.body.contains("value=\"withdrawal\" checked"));
    // Pokok is never withdrawn before exit: the rule is named at the kind.
    withdrawal[1] = ("kind", "pokok");
    let answer = submit(&app, &session(&app.treasurer), &new, &action, &withdrawal).await;
    assert!(answer.body.contains("id=\"kind-error\""), "{}", answer.body);
    head_may_not(&app, &new, &action).await;
}

#[tokio::test]
async fn a_member_of_other_books_cannot_be_chosen_for_savings() {
    let app = spawn_app().await;
    savings_terms(&app).await;
    let stranger =
        app.ledger.add_member(app.kube_sibling, crate::helpers::new_member("JAHIT-001", "Rina")).await.unwrap();
    let stranger = stranger.id.to_string();
    let path = kube_path(&app, "/savings/new");
    let fields =
        [("member_id", stranger.as_str()), ("kind", "pokok"), ("direction", "deposit"), ("date", "2026-03-01")];
    let before = app.entries_count(app.kube_sibling).await;
    let answer = submit(&app, &session(&app.treasurer), &path, &path, &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let named = format!("id=\"member_id-error\">anggota {stranger} tidak terdaftar di entitas ini");
    assert!(answer.body.contains(&named), "{}", answer.body);
    assert_eq!(app.entries_count(app.kube_sibling).await, before, "nothing posted into the other books");
}

#[tokio::test]
async fn an_entry_is_reversed_once_with_its_reason_from_its_page() {
    let app = spawn_app().await;
    let (status, posted) = app.post_entry(&app.treasurer, app.kube, crate::helpers::sale("2026-07-01", "75000")).await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let seq = posted["seq"].as_u64().unwrap();
    let page = kube_path(&app, &format!("/entries/{seq}"));
    let action = format!("{page}/reverse");
    let reason = [("reason", "salah catat"), ("date", "2026-07-02")];
    refuses_without_csrf(&app, &page, &action, &reason).await;
    // No reason: named at the field, nothing stored.
    let answer =
        submit(&app, &session(&app.treasurer), &page, &action, &[("reason", " "), ("date", "2026-07-02")]).await;
    assert!(answer.body.contains("id=\"reason-error\">Tulis alasannya."), "{}", answer.body);
    let reversal = stores_once(&app, &page, &action, &reason).await;
    let shown = request(&app, "GET", &reversal, &session(&app.treasurer), None).await;
    assert!(shown.body.contains(&format!("Pembalikan jurnal #{seq}: salah catat")), "{}", shown.body);
    let original = request(&app, "GET", &page, &session(&app.treasurer), None).await;
    assert!(original.body.contains("id=\"reversed-by\"") && !original.body.contains("id=\"reverse\""));
    assert_eq!(app.net(app.kube, "2026-07-31", "1101").await, "0.00", "the sale is undone");
    head_may_not(&app, &kube_path(&app, "/savings/new"), &action).await;
    // The head reads the entry, without the form.
    let read = request(&app, "GET", &page, &session(&app.head), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.body.contains("id=\"reverse\""));
}

#[tokio::test]
async fn the_cash_count_posts_a_difference_once_with_its_reason() {
    let app = spawn_app().await;
    app.post_entry(&app.treasurer, app.kube, crate::helpers::sale("2026-07-01", "500000")).await;
    let book = kube_path(&app, "/cash-book?date=2026-07-01");
    let action = kube_path(&app, "/cash-counts");
    let page = request(&app, "GET", &book, &session(&app.treasurer), None).await;
    assert!(page.body.contains("id=\"closing\">Rp500.000<"), "{}", page.body);
    // A difference needs a reason.
    let short = [("counted", "495.000"), ("reason", ""), ("date", "2026-07-01")];
    let answer = submit(&app, &session(&app.treasurer), &book, &action, &short).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("id=\"reason-error\""), "{}", answer.body);
    assert!(answer.body.contains("value=\"495.000\""));
    refuses_without_csrf(&app, &book, &action, &short).await;
    let short = [("counted", "495.000"), ("reason", "kembalian salah"), ("date", "2026-07-01")];
    stores_once(&app, &book, &action, &short).await;
    assert_eq!(app.net(app.kube, "2026-07-01", "1101").await, "495000.00");
    // A count that matches posts nothing and says so on the cash book.
    let even = [("counted", "495000"), ("reason", ""), ("date", "2026-07-01")];
    let answer = submit(&app, &session(&app.treasurer), &book, &action, &even).await;
    assert_eq!(answer.location(), format!("/entities/{}/cash-book?date=2026-07-01&counted=1", app.kube));
    let shown = request(&app, "GET", answer.location(), &session(&app.treasurer), None).await;
    assert!(shown.body.contains("id=\"counted\"") && shown.body.contains("−Rp5.000"), "{}", shown.body);
    head_may_not(&app, &kube_path(&app, "/savings/new"), &action).await;
}

/// A multipart upload of `csv` as `file_name`, with the upload page's token and key
/// (or `csrf` instead of the token); the file is any bytes.
pub(crate) async fn upload(
    app: &TestApp,
    kind: &str,
    file_name: &str,
    csv: impl AsRef<[u8]>,
    csrf: Option<&str>,
    key: &str,
) -> Answer {
    let boundary = "kube-ledger-test-boundary";
    let field = |name: &str, value: &str| {
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
    };
    let mut body = String::new();
    if let Some(csrf) = csrf {
        body.push_str(&field("csrf", csrf));
    }
    body.push_str(&field("form_key", key));
    body.push_str(&field("kind", kind));
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
    ));
    let mut body = body.into_bytes();
    body.extend_from_slice(csv.as_ref());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::builder()
        .method("POST")
        .uri(kube_path(app, "/import"))
        .header(header::COOKIE, session(&app.treasurer))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

#[tokio::test]
async fn a_sales_file_with_bad_lines_shows_every_one_and_imports_nothing_and_a_good_one_imports_once() {
    let app = spawn_app().await;
    stocked(&app).await;
    let (csrf, key) = form(&app, &session(&app.treasurer), &kube_path(&app, "/import")).await;
    let before = app.entries_count(app.kube).await;
    let bad = "sale,date,customer,member,product,quantity,unit_price,discount,payment\n\
               1,2026-07-05,,,TAHU,2,,,tunai\n\
               2,2026-02-30,,,TAHU,1,,,tunai\n\
               3,2026-07-05,,,TEMPE,1,,,tunai\n";
    let answer = upload(&app, "sales", "jualan-juli.csv", bad, Some(&csrf), &key).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    for line in ["jualan-juli.csv:3: tanggal", "jualan-juli.csv:4: produk &quot;TEMPE&quot; tidak ditemukan"] {
        assert!(answer.body.contains(line), "{line} missing: {}", answer.body);
    }
    assert_eq!(app.entries_count(app.kube).await, before, "nothing imported");
    assert_eq!(upload(&app, "sales", "x.csv", bad, None, &key).await.status, StatusCode::FORBIDDEN);

    let good = "sale,date,customer,member,product,quantity,unit_price,discount,payment\n\
                1,2026-07-05,,,TAHU,2,,,tunai\n\
                2,2026-07-06,,,TAHU,1,,,tunai\n";
    let first = upload(&app, "sales", "jualan.csv", good, Some(&csrf), &key).await;
    let again = upload(&app, "sales", "jualan.csv", good, Some(&csrf), &key).await;
    for answer in [&first, &again] {
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(answer.location(), format!("/entities/{}/import?kind=sales&imported=2", app.kube));
    }
    assert_eq!(app.entries_count(app.kube).await, before + 2, "the file's two sales, once");
    let done = request(&app, "GET", first.location(), &session(&app.treasurer), None).await;
    assert!(done.body.contains("id=\"imported\">2 penjualan diimpor."), "{}", done.body);
    let head = request(&app, "GET", &kube_path(&app, "/import"), &session(&app.head), None).await;
    assert_eq!(head.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_members_file_with_bad_lines_names_each_and_registers_nobody() {
    let app = spawn_app().await;
    let (csrf, key) = form(&app, &session(&app.treasurer), &kube_path(&app, "/import")).await;
    let csv = "number,name,kind,joined_on\nTAHU-010,Ani,klien,2026-01-02\nTAHU-012,Siti,klien,2026-02-30\nTAHU-011,,tamu,2026-01-02\n";
    let answer = upload(&app, "members", "anggota.csv", csv, Some(&csrf), &key).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("anggota.csv:3:") && answer.body.contains("anggota.csv:4:"), "{}", answer.body);
    assert!(answer.body.contains("value=\"members\" selected"), "the kind chosen stays");
    assert_eq!(app.ledger.members(app.kube).unwrap().len(), 1, "nobody registered");
}

#[tokio::test]
async fn the_journal_pages_back_filters_by_dates_and_kind_and_shows_what_a_sale_was_worth() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await; // #1 grant, #2 purchase, #3 production, all in July
    let sale = json!({"date": "2026-07-05", "payment": "cash", "lines": [{"product_id": tahu, "quantity": "10"}]});
    let path = format!("/api/v1/entities/{}/sales", app.kube);
    let (status, sold) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(sale)).await;
    assert_eq!(status, StatusCode::CREATED, "{sold}");
    for day in 0..55 {
        let entry = crate::helpers::sale(&format!("2026-08-{:02}", day % 28 + 1), "1000");
        assert_eq!(app.post_entry(&app.treasurer, app.kube, entry).await.0, StatusCode::CREATED);
    }
    let cookie = session(&app.treasurer);
    let rows = |body: &str| body.matches(&format!("<tr><td><a href=\"/entities/{}/entries/", app.kube)).count();
    let journal = |query: &str| {
        let path = kube_path(&app, &format!("/entries{query}"));
        let cookie = cookie.clone();
        let app = &app;
        async move { request(app, "GET", &path, &cookie, None).await }
    };

    let first = journal("").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(rows(&first.body), 50, "fifty to a page, newest first");
    assert!(first.body.contains("#59") && !first.body.contains(">#9<"), "{}", first.body);
    assert!(first.body.contains("id=\"older\"") && !first.body.contains("id=\"newer\""));
    let second = journal("?page=2").await;
    assert_eq!(rows(&second.body), 9, "59 entries in all");
    assert!(second.body.contains("id=\"newer\"") && !second.body.contains("id=\"older\""));

    // A sale's entry also moves 10 × Rp2.500 of cost of goods (total Rp60.000); the buyer paid Rp35.000.
    let sales = journal("?kind=sale").await;
    assert_eq!(rows(&sales.body), 1, "{}", sales.body);
    assert!(sales.body.contains("Rp35.000") && !sales.body.contains("Rp60.000"), "{}", sales.body);
    assert!(sales.body.contains("Penjualan"));
    let july = journal("?from=2026-07-01&to=2026-07-31").await;
    assert_eq!(rows(&july.body), 4, "grant, purchase, production and sale: {}", july.body);
    let august_plain = journal("?from=2026-08-01&to=2026-08-03&kind=journal").await;
    assert_eq!(rows(&august_plain.body), 6, "days 1–3 of August, twice each: {}", august_plain.body);
    assert_eq!(rows(&journal("?from=2026-09-01&kind=sale").await.body), 0);

    let bad = journal("?from=2026-13-01&kind=sale").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("id=\"from-error\""), "the bad date is named at its field: {}", bad.body);
    assert!(bad.body.contains("value=\"2026-13-01\""), "what was typed is kept");
}
