//! The treasurer's task pages through the real router: a production batch, the member
//! register, receivables and payables with their settlement, and the confirmation a
//! stored form answers with. Each form: CSRF, one post per form key, errors at the field
//! with everything typed kept, and 403 for the head.

use crate::helpers::{new_member, send, spawn_app, TestApp};
use crate::pages::{request, session};
use crate::pages_books::{head_may_not, kube_path, refuses_without_csrf, stores_once, submit};
use crate::sales::{stock, stocked};
use axum::http::StatusCode;
use serde_json::{json, Value};

async fn api_post(app: &TestApp, path: &str, body: Value) -> Value {
    let path = format!("/api/v1/entities/{}/{path}", app.kube);
    let (status, answer) = send(&app.router, "POST", &path, Some(&app.treasurer), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{path}: {answer}");
    answer
}

fn batch<'a>(kedelai: &'a str, used: &'a str, tahu: &'a str, made: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("input_1", kedelai),
        ("input_qty_1", used),
        ("output_1", tahu),
        ("output_qty_1", made),
        ("direct_cost", "10.000"),
        ("memo", ""),
        ("date", "2026-07-10"),
    ]
}

#[tokio::test]
async fn a_production_batch_stores_once_puts_tahu_in_stock_and_is_confirmed_in_a_sentence() {
    let app = spawn_app().await;
    let (kedelai, tahu) = stocked(&app).await;
    let purchase = json!({"date": "2026-07-09", "supplier": "UD", "lines": [{"product_id": kedelai, "quantity": "5", "unit_cost": "10000"}]});
    api_post(&app, "purchases", purchase).await;
    let (kedelai, tahu) = (kedelai.to_string(), tahu.to_string());
    let path = kube_path(&app, "/production/new");
    let form = request(&app, "GET", &path, &session(&app.treasurer), None).await;
    assert!(form.body.contains("KDL · stok 5 kg"), "inputs show what is in stock: {}", form.body);

    refuses_without_csrf(&app, &path, &path, &batch(&kedelai, "5", &tahu, "20")).await;
    let saved = stores_once(&app, &path, &path, &batch(&kedelai, "5", &tahu, "20")).await;
    assert!(saved.starts_with(&kube_path(&app, "/saved/")), "{saved}");
    assert_eq!(stock(&app, tahu.parse().unwrap()).await.0, "60", "40 made before and 20 now");
    assert_eq!(stock(&app, kedelai.parse().unwrap()).await.0, "0");
    let shown = request(&app, "GET", &saved, &session(&app.treasurer), None).await;
    assert!(shown.body.contains("id=\"saved\">Produksi: 20 bungkus TAHU tersimpan"), "{}", shown.body);
    assert!(shown.body.contains(&format!("id=\"again\" href=\"{path}\"")), "record another is one tap away");
    let seq = saved.rsplit('/').next().unwrap();
    assert!(shown.body.contains(&format!("href=\"{}\">", kube_path(&app, &format!("/entries/{seq}")))));
    head_may_not(&app, &path, &path).await;
}

#[tokio::test]
async fn a_refused_batch_names_each_field_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let (kedelai, tahu) = stocked(&app).await;
    let (kedelai, tahu) = (kedelai.to_string(), tahu.to_string());
    let path = kube_path(&app, "/production/new");
    let cookie = format!("{}; lang=en", session(&app.treasurer));
    let mut typed = batch(&kedelai, "dua", "", "");
    typed[4] = ("direct_cost", "1.0.0");
    let answer = submit(&app, &cookie, &path, &path, &typed).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (id, text) in [
        // The words of the production command's problems: one catalogue for every door.
        ("input_qty_1", "Quantity must"),
        ("output_1", "required"),
        ("direct_cost", "the amount"),
    ] {
        let error = format!("<p class=\"field-error\" id=\"{id}-error\">{text}");
        assert!(answer.body.contains(&error), "{error} missing: {}", answer.body);
    }
    assert!(answer.body.contains("value=\"dua\"") && answer.body.contains("value=\"1.0.0\""));
    assert!(answer.body.contains(&format!("value=\"{kedelai}\" selected")), "the input stays chosen");
    // More kedelai than is in stock (none is left): the rule is named at that input's quantity.
    let answer = submit(&app, &session(&app.treasurer), &path, &path, &batch(&kedelai, "3", &tahu, "12")).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("id=\"input_qty_1-error\">stok KDL"), "{}", answer.body);
    assert_eq!(stock(&app, tahu.parse().unwrap()).await.0, "40", "nothing made");
}

fn member_fields<'a>(number: &'a str, name: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![("number", number), ("name", name), ("kind", "klien"), ("phone", ""), ("nik", ""), ("joined_on", "2026-02-01")]
}

#[tokio::test]
async fn a_member_registered_from_the_page_is_stored_once_and_offered_for_savings() {
    let app = spawn_app().await;
    let (list, new) = (kube_path(&app, "/members"), kube_path(&app, "/members/new"));
    refuses_without_csrf(&app, &new, &new, &member_fields("TAHU-002", "Budi Santoso")).await;
    assert_eq!(app.ledger.members(app.kube).unwrap().len(), 1, "nobody registered without the token");

    let cookie = session(&app.treasurer);
    let (csrf, key) = crate::pages_books::form(&app, &cookie, &new).await;
    let mut all = vec![("csrf", csrf.as_str()), ("form_key", key.as_str())];
    all.extend(member_fields("TAHU-002", "Budi Santoso"));
    let (first, second) = tokio::join!(
        request(&app, "POST", &new, &cookie, Some(&all)),
        request(&app, "POST", &new, &cookie, Some(&all))
    );
    let third = request(&app, "POST", &new, &cookie, Some(&all)).await;
    for answer in [&first, &second, &third] {
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(answer.location(), first.location());
    }
    let members = app.ledger.members(app.kube).unwrap();
    assert_eq!(members.len(), 2, "one member registered");
    let budi = members.iter().find(|m| m.name == "Budi Santoso").unwrap().id;
    assert_eq!(first.location(), format!("{list}?added={budi}"));
    let shown = request(&app, "GET", first.location(), &cookie, None).await;
    assert!(shown.body.contains("id=\"saved\">Anggota TAHU-002 Budi Santoso terdaftar"), "{}", shown.body);
    assert!(shown.body.contains(&format!("savings/new?member={budi}")), "a deposit is one tap away");
    let savings = request(&app, "GET", &kube_path(&app, "/savings/new"), &cookie, None).await;
    assert!(savings.body.contains("TAHU-002 · Budi Santoso"), "the savings form offers the new member");

    // The same number again is refused at the number, in the form's language.
    let answer = submit(&app, &cookie, &new, &new, &member_fields("tahu-002", "Budi Lain")).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("id=\"number-error\">Tidak disimpan: nomor anggota tahu-002"), "{}", answer.body);
    head_may_not(&app, &new, &new).await;
}

#[tokio::test]
async fn a_refused_member_names_each_field_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let new = kube_path(&app, "/members/new");
    let cookie = format!("{}; lang=en", session(&app.treasurer));
    let typed = [
        ("number", "TAHU 003"),
        ("name", " "),
        ("kind", "tamu"),
        ("phone", "12"),
        ("nik", "123"),
        ("joined_on", "2026-02-30"),
    ];
    let answer = submit(&app, &cookie, &new, &new, &typed).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (id, text) in [
        ("number", "member number "),
        ("name", "required"),
        ("phone", "phone number "),
        ("nik", "NIK "),
        ("joined_on", "the date "),
    ] {
        let error = format!("id=\"{id}-error\">{text}");
        assert!(answer.body.contains(&error), "{error} missing: {}", answer.body);
    }
    let kind = answer.body.split("id=\"kind-error\">").nth(1).unwrap_or_default();
    assert!(kind.split('<').next().unwrap_or_default().ends_with("choose klien, petugas, keluarga"), "{}", answer.body);
    assert!(answer.body.contains("value=\"TAHU 003\"") && answer.body.contains("value=\"2026-02-30\""));
    assert_eq!(app.ledger.members(app.kube).unwrap().len(), 1, "nobody registered");
}

#[tokio::test]
async fn the_member_list_is_searched_by_name_or_number_and_paged() {
    let app = spawn_app().await;
    for n in 2..=25 {
        let number = format!("TAHU-{n:03}");
        app.ledger.add_member(app.kube, new_member(&number, &format!("Anggota {n}"))).await.unwrap();
    }
    let list = kube_path(&app, "/members");
    let cookie = session(&app.treasurer);
    let first = request(&app, "GET", &list, &cookie, None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("id=\"found\">25 anggota"), "{}", first.body);
    assert!(first.body.contains("Siti Aminah") && !first.body.contains("Anggota 25"), "20 to a page");
    assert!(first.body.contains("page=2") && !first.body.contains("id=\"prev\""));
    let second = request(&app, "GET", &format!("{list}?page=2"), &cookie, None).await;
    assert!(second.body.contains("Anggota 25") && !second.body.contains("Siti Aminah"), "{}", second.body);
    for q in ["siti", "TAHU-001"] {
        let found = request(&app, "GET", &format!("{list}?q={q}"), &cookie, None).await;
        assert!(found.body.contains("id=\"found\">1 anggota") && found.body.contains("Siti Aminah"), "{q}");
    }
    // The head reads the register, without the form.
    let read = request(&app, "GET", &list, &session(&app.head), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(read.body.contains("Siti Aminah") && !read.body.contains("id=\"new-member\""));
}

#[tokio::test]
async fn a_collection_and_a_supplier_payment_settle_what_is_open_once() {
    let app = spawn_app().await;
    let (kedelai, tahu) = stocked(&app).await;
    let sale = json!({"date": "2026-07-05", "customer": "Warung Bu Sri", "payment": "credit", "lines": [{"product_id": tahu, "quantity": "10"}]});
    api_post(&app, "sales", sale).await;
    let purchase = json!({"date": "2026-07-06", "supplier": "UD Kedelai", "payment": "credit", "lines": [{"product_id": kedelai, "quantity": "2", "unit_cost": "10000"}]});
    api_post(&app, "purchases", purchase).await;

    let receivables = kube_path(&app, "/receivables");
    let cookie = session(&app.treasurer);
    let page = request(&app, "GET", &receivables, &cookie, None).await;
    assert!(page.body.contains("Warung Bu Sri") && page.body.contains("id=\"open-total\">Rp35.000"), "{}", page.body);
    let collect = [("party", "Warung Bu Sri"), ("amount", "10.000"), ("memo", ""), ("date", "2026-07-20")];
    refuses_without_csrf(&app, &receivables, &receivables, &collect).await;
    let saved = stores_once(&app, &receivables, &receivables, &collect).await;
    let shown = request(&app, "GET", &saved, &cookie, None).await;
    assert!(
        shown.body.contains("id=\"saved\">Penerimaan piutang dari Warung Bu Sri Rp10.000 tersimpan"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains(&format!("id=\"again\" href=\"{receivables}\"")));
    let page = request(&app, "GET", &receivables, &cookie, None).await;
    assert!(page.body.contains("id=\"open-total\">Rp25.000"), "{}", page.body);
    // More than is open is refused at the amount, and what was typed stays.
    let over = [("party", "Warung Bu Sri"), ("amount", "30.000"), ("memo", "lunas"), ("date", "2026-07-21")];
    let answer = submit(&app, &cookie, &receivables, &receivables, &over).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.body.contains("id=\"amount-error\">Tidak disimpan: Warung Bu Sri hanya punya sisa"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("value=\"30.000\"") && answer.body.contains("value=\"lunas\""));
    let nobody = [("party", ""), ("amount", ""), ("memo", ""), ("date", "2026-07-21")];
    let answer = submit(&app, &cookie, &receivables, &receivables, &nobody).await;
    assert!(answer.body.contains("id=\"party-error\"") && answer.body.contains("id=\"amount-error\""));

    let payables = kube_path(&app, "/payables");
    let pay = [("party", "UD Kedelai"), ("amount", "20.000"), ("memo", ""), ("date", "2026-07-20")];
    let saved = stores_once(&app, &payables, &payables, &pay).await;
    let shown = request(&app, "GET", &saved, &cookie, None).await;
    assert!(shown.body.contains("id=\"saved\">Pembayaran utang ke UD Kedelai Rp20.000 tersimpan"), "{}", shown.body);
    let page = request(&app, "GET", &payables, &cookie, None).await;
    assert!(page.body.contains("id=\"none\">Tidak ada utang") && !page.body.contains("id=\"save\""), "{}", page.body);
    // The head reads what is open, without the form, and may not post one.
    let head = session(&app.head);
    let read = request(&app, "GET", &receivables, &head, None).await;
    assert!(read.status == StatusCode::OK && read.body.contains("Warung Bu Sri") && !read.body.contains("id=\"save\""));
    let csrf = read.input("csrf");
    let answer = request(&app, "POST", &receivables, &head, Some(&[("csrf", csrf.as_str())])).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
}
