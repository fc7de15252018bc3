//! The browser pages through the real router: sign-in, CSRF, the quick sale, member pages.

use crate::helpers::{spawn_app, TestApp, PASSWORD};
use crate::sales::stocked;
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use chrono::Datelike;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// `name=value` of a cookie this answer sets.
    pub fn cookie(&self, name: &str) -> String {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default())
            .find(|pair| pair.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} cookie set: {:?}", self.headers))
            .to_string()
    }

    /// The value of the form input named `name`.
    pub fn input(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start =
            self.body.find(&marker).unwrap_or_else(|| panic!("no input {name} in {}", self.body)) + marker.len();
        self.body[start..].split('"').next().unwrap_or_default().to_string()
    }
}

pub(crate) fn encode(fields: &[(&str, &str)]) -> String {
    let part = |text: &str| -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    fields.iter().map(|(k, v)| format!("{}={}", part(k), part(v))).collect::<Vec<_>>().join("&")
}

pub(crate) async fn request(
    app: &TestApp,
    method: &str,
    path: &str,
    cookie: &str,
    form: Option<&[(&str, &str)]>,
) -> Answer {
    let mut builder = Request::builder().method(method).uri(path);
    if !cookie.is_empty() {
        builder = builder.header(header::COOKIE, cookie);
    }
    let body = match form {
        Some(fields) => {
            builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(encode(fields))
        }
        None => Body::empty(),
    };
    let response = app.router.clone().oneshot(builder.body(body).unwrap()).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

pub(crate) fn session(token: &str) -> String {
    format!("kube_ledger_session={token}")
}

/// Signs in through the sign-in form; returns the session cookie.
pub(crate) async fn sign_in(app: &TestApp, username: &str, password: &str) -> Result<String, Answer> {
    let form = request(app, "GET", "/login", "", None).await;
    let csrf_cookie = form.cookie("kube_ledger_login_csrf");
    let csrf = form.input("csrf");
    let fields = [("csrf", csrf.as_str()), ("username", username), ("password", password)];
    let answer = request(app, "POST", "/login", &csrf_cookie, Some(&fields)).await;
    if answer.status != StatusCode::SEE_OTHER {
        return Err(answer);
    }
    Ok(answer.cookie("kube_ledger_session"))
}

#[tokio::test]
async fn a_member_signs_in_with_member_number_and_pin_and_lands_on_their_savings() {
    let app = spawn_app().await;
    let member = app.ledger.add_member(app.kube, crate::helpers::new_member("TAHU-002", "Budi")).await.unwrap();
    app.ledger.add_member_login(member.id, "246810", "operator").await.unwrap();
    let cookie = sign_in(&app, "TAHU-002", "246810").await.unwrap_or_else(|a| panic!("{} {}", a.status, a.body));
    let start = request(&app, "GET", "/", &cookie, None).await;
    assert_eq!((start.status, start.location()), (StatusCode::SEE_OTHER, format!("/members/{}", member.id).as_str()));
    let page = request(&app, "GET", start.location(), &cookie, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Simpanan pokok") && page.body.contains("Budi"), "{}", page.body);
}

#[tokio::test]
async fn a_wrong_pin_is_shown_at_the_field_and_keeps_the_username_but_not_the_pin() {
    let app = spawn_app().await;
    let answer = sign_in(&app, "TAHU-001", "999999").await.err().expect("a wrong PIN does not sign in");
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(
        answer.body.contains("id=\"password-error\"") && answer.body.contains("kata sandi salah"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("value=\"TAHU-001\""));
    assert!(!answer.body.contains("999999"), "a PIN is never sent back");
}

#[tokio::test]
async fn a_sign_in_post_without_its_csrf_cookie_is_refused_with_403() {
    let app = spawn_app().await;
    let form = request(&app, "GET", "/login", "", None).await;
    let fields = [("csrf", form.input("csrf")), ("username", "bendahara".into()), ("password", PASSWORD.into())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answer = request(&app, "POST", "/login", "", Some(&fields)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("data-code=\"csrf_refused\""), "{}", answer.body);
    assert!(answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .all(|c| !c.to_str().unwrap().starts_with("kube_ledger_session")));
}

async fn sale_form(app: &TestApp, cookie: &str) -> Answer {
    let form = request(app, "GET", &format!("/entities/{}/sales/new", app.kube), cookie, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    form
}

async fn post_sale(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> Answer {
    request(app, "POST", &format!("/entities/{}/sales/new", app.kube), cookie, Some(fields)).await
}

#[tokio::test]
async fn a_sale_post_without_or_with_a_wrong_csrf_token_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    let before = app.entries_count(app.kube).await;
    let cookie = session(&app.treasurer);
    let form = sale_form(&app, &cookie).await;
    let (tahu, key) = (tahu.to_string(), form.input("form_key"));
    let sale = [("product", tahu.as_str()), ("quantity", "2"), ("payment", "cash"), ("date", "2026-07-05")];
    let with = |csrf: Option<&'static str>| {
        let mut fields = sale.to_vec();
        fields.push(("form_key", key.as_str()));
        fields.extend(csrf.map(|c| ("csrf", c)));
        fields
    };
    for fields in [with(None), with(Some("00ff")), with(Some(""))] {
        let answer = post_sale(&app, &cookie, &fields).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
        assert!(answer.body.contains("data-code=\"csrf_refused\""), "{}", answer.body);
    }
    // Another session's token does not do either.
    let other = sale_form(&app, &session(&app.admin)).await.input("csrf");
    let mut fields = with(None);
    fields.push(("csrf", other.as_str()));
    assert_eq!(post_sale(&app, &cookie, &fields).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.entries_count(app.kube).await, before, "nothing stored");
}

#[tokio::test]
async fn a_quick_sale_sent_twice_at_once_and_again_later_stores_one_sale() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    let before = app.entries_count(app.kube).await;
    let cookie = session(&app.treasurer);
    let form = sale_form(&app, &cookie).await;
    let (csrf, key, tahu) = (form.input("csrf"), form.input("form_key"), tahu.to_string());
    // The price as Indonesians type it; the product's price would be 3.500.
    let fields = [
        ("csrf", csrf.as_str()),
        ("form_key", key.as_str()),
        ("product", tahu.as_str()),
        ("quantity", "4"),
        ("unit_price", "4.000"),
        ("payment", "cash"),
        ("customer", ""),
        ("date", "2026-07-05"),
    ];
    let (first, second) = tokio::join!(post_sale(&app, &cookie, &fields), post_sale(&app, &cookie, &fields));
    let third = post_sale(&app, &cookie, &fields).await;
    for answer in [&first, &second, &third] {
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        assert_eq!(answer.location(), first.location(), "every send answers with the one receipt");
    }
    assert_eq!(app.entries_count(app.kube).await, before + 1, "one sale stored");
    let receipt = request(&app, "GET", first.location(), &cookie, None).await;
    assert!(receipt.body.contains("Rp16.000,00"), "4 × 4.000: {}", receipt.body);
    let home = request(&app, "GET", &format!("/entities/{}", app.kube), &cookie, None).await;
    assert!(home.body.contains("id=\"cash\">Rp4.916.000<"), "5.000.000 − 100.000 for kedelai + 16.000: {}", home.body);
}

#[tokio::test]
async fn bad_fields_are_named_next_to_each_field_and_everything_typed_is_kept() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    let cookie = format!("{}; lang=en", session(&app.treasurer));
    let form = sale_form(&app, &cookie).await;
    let (csrf, key, tahu) = (form.input("csrf"), form.input("form_key"), tahu.to_string());
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("form_key", key.as_str()),
        ("product", tahu.as_str()),
        ("quantity", "dua"),
        ("unit_price", "1.50.000"),
        ("payment", "cash"),
        ("customer", "Warung Bu Sri"),
        ("date", "2026-02-30"),
    ];
    let answer = post_sale(&app, &cookie, &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The words of the sale command's problems, in English: one catalogue for every door.
    for (id, message) in [("quantity", "Quantity must be"), ("unit_price", "the amount"), ("date", "the date")] {
        let error = format!("<p class=\"field-error\" id=\"{id}-error\">{message}");
        assert!(answer.body.contains(&error), "{error} missing: {}", answer.body);
    }
    assert!(!answer.body.contains("id=\"product-error\""), "the product was fine");
    for kept in ["value=\"dua\"", "value=\"1.50.000\"", "value=\"Warung Bu Sri\"", "value=\"2026-02-30\"", "selected"] {
        assert!(answer.body.contains(kept), "{kept} lost: {}", answer.body);
    }
    assert_eq!(answer.input("form_key"), key, "nothing was stored under the key, so it stays");
    // Beyond the stock (40 bungkus), the stock is named at the quantity.
    fields[3] = ("quantity", "41");
    fields[4] = ("unit_price", "");
    fields[7] = ("date", "2026-07-05");
    let answer = post_sale(&app, &cookie, &fields).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.body.contains("id=\"quantity-error\">Not enough in stock: TAHU (TAHU) — 40 bungkus, 41 bungkus asked<"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("aria-invalid=\"true\" aria-describedby=\"quantity-error\" autofocus"));
}

#[tokio::test]
async fn a_member_sees_only_their_own_pages() {
    let app = spawn_app().await;
    let cookie = session(&app.member);
    for path in ["", "/statement", "/arrears"] {
        let own = request(&app, "GET", &format!("/members/{}{path}", app.member_id), &cookie, None).await;
        assert_eq!(own.status, StatusCode::OK, "{path}: {}", own.body);
    }
    let other = app.ledger.add_member(app.kube, crate::helpers::new_member("TAHU-003", "Wati")).await.unwrap();
    for path in ["", "/statement", "/arrears"] {
        let answer = request(&app, "GET", &format!("/members/{}{path}", other.id), &cookie, None).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
        assert!(answer.body.contains("Anda tidak berhak membuka halaman ini") && !answer.body.contains("Wati"));
    }
    let home = request(&app, "GET", &format!("/entities/{}", app.kube), &cookie, None).await;
    assert_eq!(home.status, StatusCode::FORBIDDEN, "a member has no entity-wide page");
}

#[tokio::test]
async fn a_member_page_shows_savings_and_arrears_in_rupiah() {
    let app = spawn_app().await;
    let (router, token, kube) = (&app.router, app.treasurer.as_str(), app.kube);
    let post = |path: &str, body: serde_json::Value| {
        let path = format!("/api/v1/entities/{kube}/{path}");
        async move { crate::helpers::send(router, "POST", &path, Some(token), Some(body)).await }
    };
    let terms = serde_json::json!({"effective_from": "2026-01-01", "pokok": "100000", "wajib": "20000"});
    assert_eq!(post("bylaws/savings", terms).await.0, StatusCode::CREATED);
    for (kind, extra) in [("pokok", serde_json::json!({})), ("wajib", serde_json::json!({"periods": 2}))] {
        let mut body =
            serde_json::json!({"member_id": app.member_id, "kind": kind, "direction": "deposit", "date": "2026-02-01"});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        assert_eq!(post("savings", body).await.0, StatusCode::CREATED);
    }
    let cookie = session(&app.member);
    let balances = request(&app, "GET", &format!("/members/{}", app.member_id), &cookie, None).await;
    assert!(balances.body.contains("id=\"balance-pokok\">Rp100.000<"), "{}", balances.body);
    assert!(balances.body.contains("id=\"balance-wajib\">Rp40.000<"));
    assert!(balances.body.contains("id=\"balance-total\">Rp140.000<"));
    // Joined 15 January; January to November due, January and February paid: 9 months.
    let arrears = request(&app, "GET", &format!("/members/{}/arrears", app.member_id), &cookie, None).await;
    let today = chrono::Local::now().date_naive();
    let months = (today.year() - 2026) * 12 + today.month() as i32 - 2;
    assert!(arrears.body.contains(&format!("id=\"arrears-periods\">{months}<")), "{}", arrears.body);
    assert!(arrears.body.contains(&format!("id=\"arrears-amount\">Rp{}.000<", months * 20)));
    let statement = request(&app, "GET", &format!("/members/{}/statement?lang=en", app.member_id), &cookie, None).await;
    assert!(statement.body.contains("My statement") && statement.body.contains("Principal savings (pokok)"));
}

#[tokio::test]
async fn the_language_switch_remembers_english_and_sends_back_only_to_a_local_page() {
    let app = spawn_app().await;
    let path = format!("/members/{}", app.member_id);
    let switch = request(&app, "GET", &format!("/lang/en?next={path}"), "", None).await;
    assert_eq!((switch.status, switch.location()), (StatusCode::SEE_OTHER, path.as_str()));
    let cookie = format!("{}; {}", session(&app.member), switch.cookie("lang"));
    let page = request(&app, "GET", &path, &cookie, None).await;
    assert!(page.body.contains("<html lang=\"en\">") && page.body.contains("My savings"), "{}", page.body);
    let away = request(&app, "GET", "/lang/en?next=//evil.example", "", None).await;
    assert_eq!(away.location(), "/");
}

#[tokio::test]
async fn signing_out_ends_the_session_and_its_pages() {
    let app = spawn_app().await;
    let cookie = sign_in(&app, "bendahara", PASSWORD).await.unwrap_or_else(|a| panic!("{}", a.body));
    let home = request(&app, "GET", "/", &cookie, None).await;
    assert_eq!(home.location(), format!("/entities/{}", app.kube));
    let page = request(&app, "GET", home.location(), &cookie, None).await;
    let csrf = page.input("csrf");
    let out = request(&app, "POST", "/logout", &cookie, Some(&[("csrf", csrf.as_str())])).await;
    assert_eq!((out.status, out.location()), (StatusCode::SEE_OTHER, "/login"));
    let after = request(&app, "GET", home.location(), &cookie, None).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(after.body.contains("action=\"/login\""), "an expired session gets the sign-in form");
    let (status, log) =
        crate::helpers::send(&app.router, "GET", "/api/v1/audit?limit=1000", Some(&app.admin), None).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let signed_out =
        log["events"].as_array().unwrap().iter().any(|event| {
            event["actor"] == "bendahara" && event["action"] == "logout" && event["detail"] == "dari halaman"
        });
    assert!(signed_out, "the page sign-out is in the audit log: {log}");
}

#[tokio::test]
async fn the_receipt_follows_the_readers_language_in_a_browser_and_for_an_api_client() {
    let app = spawn_app().await;
    let (_, tahu) = stocked(&app).await;
    let sale = serde_json::json!({"date": "2026-07-05", "customer": "Warung Bu Sri", "payment": "credit",
        "lines": [{"product_id": tahu, "quantity": "2", "unit_price": "3500"}]});
    let path = format!("/api/v1/entities/{}/sales", app.kube);
    let (status, sold) = crate::helpers::send(&app.router, "POST", &path, Some(&app.treasurer), Some(sale)).await;
    assert_eq!(status, StatusCode::CREATED, "{sold}");
    let receipt = sold["receipt_url"].as_str().unwrap();

    let english = request(&app, "GET", receipt, &format!("{}; lang=en", session(&app.treasurer)), None).await;
    assert_eq!(english.status, StatusCode::OK, "{}", english.body);
    for shown in [
        "<html lang=\"en\">",
        "Sales receipt <strong>NOTA-",
        "Customer: Warung Bu Sri",
        "Payment: Credit (receivable)",
        "<th>Goods&#x2f;services</th>",
        "<th>Amount owed</th><th class=\"num\">Rp7.000,00</th>",
        "Print receipt",
        "Record another sale",
        "action=\"/logout\"",
    ] {
        assert!(english.body.contains(shown), "{shown}: {}", english.body);
    }
    assert!(!english.body.contains("Nota penjualan") && !english.body.contains("Pembeli"), "{}", english.body);

    let bearer = |query: &str| {
        Request::get(format!("{receipt}{query}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", app.treasurer))
            .body(Body::empty())
            .unwrap()
    };
    for (query, shown) in [("", "Pembayaran: Kredit (piutang)"), ("?lang=en", "Payment: Credit (receivable)")] {
        let response = app.router.clone().oneshot(bearer(query)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
        assert!(body.contains(shown), "{query}: {shown}: {body}");
        assert!(!body.contains("action=\"/logout\""), "no session, no session navigation");
    }
}
