//! Browser tests: real headless Chromium (Debian's `chromium` driven through its
//! `chromedriver`) against the real binary on a temp database. Every page visited is
//! photographed at 360 px and 1280 px into `target/screenshots/`. A missing browser is a
//! failure, never a skip: `scripts/test.sh` installs both packages.

mod common;

use common::{client, free_port, get_json, login, Server};
use fantoccini::{Client, ClientBuilder, Locator};
use reqwest::Method;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const TREASURER: (&str, &str) = ("bendahara.tahu", "tahu-demo-2026");
const MEMBER_PIN: &str = "135790";

/// A running chromedriver; killed on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    /// Ends the browsers this chromedriver started, then chromedriver: a test that fails
    /// before closing its session must not leave Chromium running.
    fn drop(&mut self) {
        for pid in children_of(self.child.id()) {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Process ids whose parent is `parent` (from `/proc/PID/stat`).
fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // The command name may hold spaces; the parent id is the 2nd field after it.
            let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            after_name.split_whitespace().nth(1).and_then(|p| p.parse().ok()) == Some(parent)
        })
        .collect()
}

fn start_driver() -> Driver {
    for path in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(path).exists(),
            "{path} is missing: the browser tests need Debian's chromium and chromium-driver \
             (run ./scripts/test.sh, which installs them, or apt-get install chromium chromium-driver)"
        );
    }
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn chromedriver");
    let driver = Driver { child, url: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen on {port} within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

/// A fresh headless browser with its own profile.
async fn browser(driver: &Driver, profile: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", format!("--user-data-dir={}", profile.display())],
        }),
    );
    let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|e| panic!("chromium did not start through chromedriver: {e}"));
    // Looking for an element waits (bounded) for the page that shows it.
    let timeouts = fantoccini::wd::TimeoutConfiguration::new(None, None, Some(Duration::from_secs(15)));
    browser.update_timeouts(timeouts).await.expect("set the implicit wait");
    browser
}

/// A browser on one site (a panti's instance or a hub): where it goes and what it reads.
struct Tab {
    browser: Client,
    base: String,
}

/// The demo books, a browser on them, and the treasurer's API token.
struct Scene {
    server: Server,
    tab: Tab,
    http: reqwest::Client,
    token: String,
    kube: u64,
    _driver: Driver,
    _dir: tempfile::TempDir,
}

async fn scene() -> Scene {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(&dir.path().join("db"), true);
    let http = client();
    let token = login(&http, &server, TREASURER.0, TREASURER.1).await;
    let me = get_json(&http, &server.url("/api/v1/me"), &token).await;
    let kube = me["entity_id"].as_u64().expect("the demo treasurer keeps one KUBE's books");
    let driver = start_driver();
    let tab = Tab { browser: browser(&driver, &dir.path().join("profile")).await, base: server.base.clone() };
    Scene { server, tab, http, token, kube, _driver: driver, _dir: dir }
}

impl std::ops::Deref for Scene {
    type Target = Tab;
    fn deref(&self) -> &Tab {
        &self.tab
    }
}

impl Tab {
    async fn goto(&self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.base)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The text of `css` once the page shows it. A page still being replaced can hand out
    /// an element of the page it leaves (stale on reading): then it is looked up again.
    async fn text(&self, css: &str) -> String {
        let mut tries_left = 3;
        loop {
            let element =
                self.browser.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css} on the page: {e}"));
            match element.text().await {
                // An element of the page being left is stale; Chromium says so in one of two ways.
                Err(fantoccini::error::CmdError::Standard(e))
                    if tries_left > 0
                        && (e.error == fantoccini::error::ErrorStatus::StaleElementReference
                            || e.message.contains("does not belong to the document")) =>
                {
                    tries_left -= 1;
                }
                read => return read.expect("element text"),
            }
        }
    }

    async fn value(&self, css: &str) -> String {
        let element =
            self.browser.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css} on the page: {e}"));
        element.prop("value").await.expect("value property").unwrap_or_default()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.browser.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css}: {e}"));
        element.clear().await.expect("clear");
        element.send_keys(text).await.expect("type");
    }

    async fn click(&self, css: &str) {
        self.browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .click()
            .await
            .expect("click");
    }

    async fn path(&self) -> String {
        self.browser.current_url().await.expect("current url").path().to_string()
    }

    /// Waits (bounded) until the browser is on a page whose path ends with `suffix`.
    async fn wait_for_path(&self, suffix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let path = self.path().await;
            if path.ends_with(suffix) {
                return path;
            }
            assert!(Instant::now() < deadline, "still on {path}, not on …{suffix}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's query is `query`: a form that answers on the page it was
    /// posted from (a loan's steps) changes only that, so reading the page before would
    /// read the old one.
    async fn wait_for_query(&self, query: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let url = self.browser.current_url().await.expect("current url");
            if url.query() == Some(query) {
                return;
            }
            assert!(Instant::now() < deadline, "still on {url}, not on …?{query}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn sign_in(&self, username: &str, password: &str) {
        self.goto("/login").await;
        self.type_into("#username", username).await;
        self.type_into("#password", password).await;
        self.click("button[type=submit]").await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.path().await == "/login" {
            assert!(Instant::now() < deadline, "{username} is still on the sign-in page");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Photographs the page at 360 px and 1280 px wide, and checks that at 360 px
    /// nothing runs off the side of the screen.
    async fn shoot(&self, name: &str) {
        let dir = screenshots();
        for width in [360u32, 1280] {
            self.browser.set_window_size(width, 900).await.expect("resize window");
            let png = self.browser.screenshot().await.expect("screenshot");
            std::fs::write(dir.join(format!("{name}-{width}.png")), png).expect("write screenshot");
            if width == 360 {
                let (scroll, inner) = self.widths().await;
                assert!(scroll <= inner, "{name} is wider ({scroll} px) than a {inner} px screen");
            }
        }
    }

    /// The page's width and the window's: a page wider than its window scrolls sideways.
    async fn widths(&self) -> (u64, u64) {
        let sizes = self
            .browser
            .execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![])
            .await
            .expect("measure the page");
        (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap())
    }
}

impl Scene {
    async fn api_post(&self, path: &str, body: Value) -> Value {
        let response = self
            .http
            .post(self.server.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("API request");
        let status = response.status();
        let answer: Value = response.json().await.expect("JSON answer");
        assert!(status.is_success(), "POST {path}: {status} {answer}");
        answer
    }

    /// Sales stored today, as the API counts them.
    async fn sales_today(&self) -> u64 {
        let today = chrono::Local::now().date_naive();
        let url = self.server.url(&format!("/api/v1/entities/{}/sales/summary?from={today}&to={today}", self.kube));
        get_json(&self.http, &url, &self.token).await["sales_count"].as_u64().expect("sales_count")
    }

    /// The TAHU product's id, with at least 50 bungkus made so that it can be sold.
    async fn tahu(&self) -> String {
        let url = self.server.url(&format!("/api/v1/entities/{}/products", self.kube));
        let products = get_json(&self.http, &url, &self.token).await;
        let find =
            |code: &str| products["products"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap().clone();
        let (kedelai, tahu) = (find("KDL")["id"].as_u64().unwrap(), find("TAHU")["id"].as_u64().unwrap());
        let today = chrono::Local::now().date_naive().to_string();
        let path = format!("/api/v1/entities/{}", self.kube);
        let purchase = json!({"date": today, "supplier": "UD Kedelai", "payment": "credit",
            "lines": [{"product_id": kedelai, "quantity": "10", "unit_cost": "11000"}]});
        self.api_post(&format!("{path}/purchases"), purchase).await;
        let production = json!({"date": today, "inputs": [{"product_id": kedelai, "quantity": "10"}],
            "outputs": [{"product_id": tahu, "quantity": "50"}]});
        self.api_post(&format!("{path}/production"), production).await;
        tahu.to_string()
    }
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// `Rp1.234.567` → 1234567 (whole rupiah, as the pages show them).
fn rupiah(text: &str) -> i64 {
    let digits: String = text.trim().trim_start_matches("Rp").chars().filter(|c| *c != '.').collect();
    digits.parse().unwrap_or_else(|_| panic!("{text:?} is not an amount in whole rupiah"))
}

#[tokio::test]
async fn a_treasurer_signs_in_records_a_sale_sees_the_receipt_and_cash_go_up() {
    let s = scene().await;
    let tahu = s.tahu().await;
    s.goto("/login").await;
    s.shoot("login").await;
    s.sign_in(TREASURER.0, TREASURER.1).await;
    assert_eq!(s.path().await, format!("/entities/{}", s.kube), "a treasurer starts at the books' home");
    let cash_before = rupiah(&s.text("#cash").await);
    s.shoot("treasurer-home").await;

    s.click("a[href$='/sales/new']").await;
    s.wait_for_path("/sales/new").await;
    s.browser.find(Locator::Css("#product")).await.unwrap().select_by_value(&tahu).await.expect("choose TAHU");
    assert_eq!(s.value("#unit_price").await, "5.000", "the price is filled in from the product");
    s.type_into("#quantity", "3").await;
    s.shoot("sale-form").await;
    s.click("#save").await;
    s.wait_for_path("/receipt").await;
    let receipt = s.browser.source().await.expect("receipt source");
    assert!(receipt.contains("NOTA-") && receipt.contains("Rp15.000,00") && receipt.contains("Tunai"), "{receipt}");
    s.shoot("receipt").await;

    s.goto(&format!("/entities/{}", s.kube)).await;
    assert_eq!(rupiah(&s.text("#cash").await), cash_before + 15_000, "cash went up by the sale");
    assert_eq!(rupiah(&s.text("#sales-total").await), 15_000);
    assert_eq!(s.sales_today().await, 1);

    // An error is shown at its field, in English after the switch, and nothing typed is lost.
    s.click("a[lang=en]").await;
    s.browser.find(Locator::Css("html[lang=en]")).await.expect("the page in English");
    s.click("a[href$='/sales/new']").await;
    s.wait_for_path("/sales/new").await;
    s.browser.find(Locator::Css("#product")).await.unwrap().select_by_value(&tahu).await.expect("choose TAHU");
    s.type_into("#quantity", "tiga").await;
    s.type_into("#customer", "Warung Bu Sri").await;
    s.click("#save").await;
    assert!(s.text("#quantity-error").await.starts_with("Quantity must be"), "the error sits at the quantity");
    assert_eq!(s.value("#quantity").await, "tiga");
    assert_eq!(s.value("#customer").await, "Warung Bu Sri");
    assert_eq!(s.value("#unit_price").await, "5.000");
    let focused = s.browser.execute("return document.activeElement.id", vec![]).await.unwrap();
    assert_eq!(focused, json!("quantity"), "the first field in error has the focus");
    s.shoot("sale-form-errors-en").await;
    assert_eq!(s.sales_today().await, 1, "a refused form stores nothing");
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_double_click_a_reload_and_a_resubmit_store_one_sale() {
    let s = scene().await;
    let tahu = s.tahu().await;
    s.sign_in(TREASURER.0, TREASURER.1).await;
    s.goto(&format!("/entities/{}/sales/new", s.kube)).await;
    s.browser.find(Locator::Css("#product")).await.unwrap().select_by_value(&tahu).await.expect("choose TAHU");
    s.type_into("#quantity", "2").await;
    // Two clicks as fast as a thumb: the second submit leaves before the first answer.
    s.browser
        .execute("const b = document.getElementById('save'); b.click(); b.click();", vec![])
        .await
        .expect("double click");
    let receipt = s.wait_for_path("/receipt").await;
    s.browser.refresh().await.expect("reload the receipt");
    assert_eq!(s.path().await, receipt);
    s.browser.back().await.expect("back to the form");
    s.wait_for_path("/sales/new").await;
    s.click("#save").await;
    assert_eq!(s.wait_for_path("/receipt").await, receipt, "the resent form answers with the same receipt");
    assert_eq!(s.sales_today().await, 1, "one sale stored");
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_member_sees_their_balance_and_is_refused_another_members_page() {
    let s = scene().await;
    let path = format!("/api/v1/entities/{}", s.kube);
    let mut members = Vec::new();
    for (number, name) in [("TAHU-101", "Siti Aminah"), ("TAHU-102", "Budi Santoso")] {
        let body = json!({"number": number, "name": name, "kind": "klien", "joined_on": "2026-09-01"});
        members.push(s.api_post(&format!("{path}/members"), body).await["id"].as_u64().unwrap());
    }
    let terms = json!({"effective_from": "2026-09-01", "pokok": "50000", "wajib": "10000"});
    s.api_post(&format!("{path}/bylaws/savings"), terms).await;
    let pokok = json!({"member_id": members[0], "kind": "pokok", "direction": "deposit", "date": "2026-09-01"});
    s.api_post(&format!("{path}/savings"), pokok).await;
    s.api_post(&format!("/api/v1/members/{}/login", members[0]), json!({"password": MEMBER_PIN})).await;

    s.sign_in("TAHU-101", MEMBER_PIN).await;
    assert_eq!(s.path().await, format!("/members/{}", members[0]));
    assert_eq!(s.text("#balance-pokok").await, "Rp50.000");
    assert_eq!(s.text("#balance-total").await, "Rp50.000");
    s.shoot("member-balances").await;
    s.click("a[href$='/statement']").await;
    s.wait_for_path("/statement").await;
    assert!(s.text("#statement").await.contains("Rp50.000"));
    s.shoot("member-statement").await;
    s.click("a[href$='/arrears']").await;
    s.wait_for_path("/arrears").await;
    assert!(rupiah(&s.text("#arrears-amount").await) >= 20_000, "September and after are owed");
    s.shoot("member-arrears").await;

    s.goto(&format!("/members/{}", members[1])).await;
    assert_eq!(s.text(".alert").await, "Anda tidak berhak membuka halaman ini.");
    let source = s.browser.source().await.unwrap();
    assert!(source.contains("data-code=\"forbidden\"") && !source.contains("Budi"), "{source}");
    s.shoot("member-forbidden").await;
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_form_posted_without_its_csrf_token_is_refused() {
    let s = scene().await;
    let tahu = s.tahu().await;
    s.sign_in(TREASURER.0, TREASURER.1).await;
    s.goto(&format!("/entities/{}/sales/new", s.kube)).await;
    s.browser.find(Locator::Css("#product")).await.unwrap().select_by_value(&tahu).await.expect("choose TAHU");
    s.browser
        .execute("document.querySelector('form[action$=\"/sales/new\"] input[name=csrf]').remove()", vec![])
        .await
        .expect("drop the token");
    s.click("#save").await;
    let alert = s.browser.find(Locator::Css(".alert[data-code]")).await.expect("an error page");
    assert_eq!(alert.attr("data-code").await.unwrap().as_deref(), Some("csrf_refused"));
    s.shoot("csrf-refused").await;
    assert_eq!(s.sales_today().await, 0, "nothing stored");
    s.browser.clone().close().await.expect("close browser");
}

const HEAD: (&str, &str) = ("kepala", "kepala-demo-2026");
const SUPERVISOR: (&str, &str) = ("pengawas", "pengawas-demo-2026");

impl Scene {
    /// A member of the treasurer's KUBE under savings terms (pokok Rp50.000); its id.
    async fn saver(&self) -> u64 {
        let path = format!("/api/v1/entities/{}", self.kube);
        let body = json!({"number": "TAHU-201", "name": "Dewi Lestari", "kind": "klien", "joined_on": "2026-09-01"});
        let member = self.api_post(&format!("{path}/members"), body).await["id"].as_u64().unwrap();
        let terms = json!({"effective_from": "2026-09-01", "pokok": "50000", "wajib": "10000"});
        self.api_post(&format!("{path}/bylaws/savings"), terms).await;
        member
    }

    async fn pokok_of(&self, member: u64) -> String {
        let url = self.server.url(&format!("/api/v1/members/{member}/balance"));
        get_json(&self.http, &url, &self.token).await["pokok"].as_str().unwrap().to_string()
    }
}

#[tokio::test]
async fn a_treasurer_sets_the_savings_terms_and_adds_a_product_from_their_pages_at_360_px() {
    let s = scene().await;
    s.sign_in(TREASURER.0, TREASURER.1).await;
    s.browser.set_window_size(360, 900).await.expect("a phone's width");
    s.click("a[href$='/bylaws']").await;
    s.wait_for_path("/bylaws").await;
    s.type_into("#pokok", "50.000").await;
    s.type_into("#wajib", "nol").await;
    s.click("#save").await;
    assert!(s.text("#wajib-error").await.contains("tidak sah"), "the bad field is named at its place");
    assert_eq!(s.value("#pokok").await, "50.000", "what was typed is kept");
    s.type_into("#wajib", "10.000").await;
    s.shoot("bylaws-form").await;
    s.click("#save").await;
    assert!(s.text("#saved").await.starts_with("Ketentuan simpanan tersimpan, berlaku mulai"));
    assert!(s.text("#terms").await.contains("Rp10.000"));
    s.shoot("bylaws-saved").await;

    s.click("a[href$='/products']").await;
    s.wait_for_path("/products").await;
    s.click("#new-product").await;
    s.wait_for_path("/products/new").await;
    s.type_into("#code", "kripik").await;
    s.type_into("#name", "Kripik Tempe").await;
    s.type_into("#unit", "bungkus").await;
    s.type_into("#default_price", "7.500").await;
    s.shoot("product-form").await;
    s.click("#save").await;
    assert_eq!(s.text("#saved").await, "Produk tersimpan: KRIPIK.");
    assert!(s.text("#products").await.contains("Kripik Tempe"));
    s.shoot("products").await;
}

#[tokio::test]
async fn a_treasurer_deposits_savings_then_reverses_the_deposit_with_a_reason() {
    let s = scene().await;
    let member = s.saver().await;
    s.sign_in(TREASURER.0, TREASURER.1).await;
    s.click("a[href$='/savings/new']").await;
    s.wait_for_path("/savings/new").await;
    s.browser
        .find(Locator::Css("#member_id"))
        .await
        .unwrap()
        .select_by_value(&member.to_string())
        .await
        .expect("choose");
    s.click("input[name=kind][value=pokok]").await;
    s.shoot("savings-form").await;
    s.click("#save").await;
    // Nothing typed in the amount: pokok takes the bylaws amount.
    assert_eq!(s.text("#saved").await, "Tersimpan.");
    let deposit = s.path().await;
    assert!(deposit.contains("/entries/"), "the stored entry answers, not {deposit}");
    assert!(s.text("#lines").await.contains("Rp50.000"));
    assert_eq!(s.pokok_of(member).await, "50000.00");
    s.shoot("entry-saved").await;

    s.click("#reverse").await;
    assert_eq!(s.text("#reason-error").await, "Tulis alasannya.", "a reversal needs its reason");
    s.type_into("#reason", "salah anggota").await;
    s.shoot("entry-reverse-error").await;
    s.click("#reverse").await;
    s.browser.find(Locator::Css("#reverses")).await.expect("the reversing entry's page");
    assert_ne!(s.path().await, deposit);
    assert!(s.text("#memo").await.contains("salah anggota"));
    assert_eq!(s.pokok_of(member).await, "0.00", "the deposit is undone");
    s.shoot("entry-reversal").await;

    for (path, name) in [
        ("/entries", "journal"),
        ("/cash-book", "cash-book"),
        ("/purchases/new", "purchase-form"),
        ("/import", "upload"),
    ] {
        s.goto(&format!("/entities/{}{path}", s.kube)).await;
        s.browser.find(Locator::Css("main h1")).await.expect("a page");
        s.shoot(name).await;
    }
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_treasurer_makes_tahu_registers_a_member_and_settles_credit_from_the_pages() {
    let s = scene().await;
    let (kube, today) = (s.kube, chrono::Local::now().date_naive().to_string());
    let url = s.server.url(&format!("/api/v1/entities/{kube}/products"));
    let products = get_json(&s.http, &url, &s.token).await;
    let id = |code: &str| {
        let found = products["products"].as_array().unwrap().iter().find(|p| p["code"] == code).unwrap();
        found["id"].as_u64().unwrap().to_string()
    };
    let (kedelai, tahu) = (id("KDL"), id("TAHU"));
    let purchase = json!({"date": today, "supplier": "UD Kedelai", "payment": "credit",
        "lines": [{"product_id": kedelai.parse::<u64>().unwrap(), "quantity": "10", "unit_cost": "11000"}]});
    s.api_post(&format!("/api/v1/entities/{kube}/purchases"), purchase).await;
    s.sign_in(TREASURER.0, TREASURER.1).await;

    // Production: 10 kg kedelai become 50 bungkus tahu, and the page says so plainly.
    s.click("a[href$='/production/new']").await;
    s.wait_for_path("/production/new").await;
    s.browser.find(Locator::Css("#input_1")).await.unwrap().select_by_value(&kedelai).await.expect("choose KDL");
    s.type_into("#input_qty_1", "10").await;
    s.browser.find(Locator::Css("#output_1")).await.unwrap().select_by_value(&tahu).await.expect("choose TAHU");
    s.type_into("#output_qty_1", "50").await;
    s.shoot("production-form").await;
    s.click("#save").await;
    assert!(s.text("#saved").await.ends_with("50 bungkus Tahu dan tempe tersimpan"), "{}", s.text("#saved").await);
    s.shoot("production-saved").await;
    s.click("#again").await;
    s.wait_for_path("/production/new").await;

    // A member registered from the page, then found by name.
    s.goto(&format!("/entities/{kube}/members")).await;
    s.click("#new-member").await;
    s.wait_for_path("/members/new").await;
    s.type_into("#number", "TAHU-301").await;
    s.type_into("#name", "Siti Aminah").await;
    s.shoot("member-form").await;
    s.click("#save").await;
    assert_eq!(s.text("#saved").await, "Anggota TAHU-301 Siti Aminah terdaftar");
    s.shoot("member-saved").await;
    s.type_into("#q", "aminah").await;
    s.click("#search").await;
    // The list it searched from has a #members too: read the one the search answered.
    s.wait_for_query("q=aminah").await;
    assert!(s.text("#members").await.contains("TAHU-301"));
    s.shoot("members").await;

    // A credit sale collected, and the kedelai paid for.
    let sale = json!({"date": today, "customer": "Warung Bu Sri", "payment": "credit",
        "lines": [{"product_id": tahu.parse::<u64>().unwrap(), "quantity": "4"}]});
    s.api_post(&format!("/api/v1/entities/{kube}/sales"), sale).await;
    for (path, party, amount, said) in [
        ("receivables", "Warung Bu Sri", "20.000", "Penerimaan piutang dari Warung Bu Sri Rp20.000 tersimpan"),
        ("payables", "UD Kedelai", "110.000", "Pembayaran utang ke UD Kedelai Rp110.000 tersimpan"),
    ] {
        s.goto(&format!("/entities/{kube}/{path}")).await;
        s.browser.find(Locator::Css("#party")).await.unwrap().select_by_value(party).await.expect("choose who");
        s.type_into("#amount", amount).await;
        s.shoot(path).await;
        s.click("#save").await;
        assert_eq!(s.text("#saved").await, said);
        s.click("#again").await;
        s.wait_for_path(path).await;
        let open = s.browser.source().await.expect("page source");
        assert!(!open.contains(party), "{party} has nothing left open: {open}");
    }
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_head_views_the_panti_overview_and_a_kubes_statement() {
    let s = scene().await;
    s.sign_in(HEAD.0, HEAD.1).await;
    let overview = s.wait_for_path("/overview").await;
    assert!(s.text("main").await.contains("KUBE"), "the panti's groups are listed");
    s.browser.find(Locator::Css("[id^=report-status-]")).await.expect("the report status has its place");
    s.shoot("panti-overview").await;
    let link = format!("#group-{} a[href*='/statements/neraca']", s.kube);
    s.click(&link).await;
    s.wait_for_path("/statements/neraca").await;
    assert!(s.text("h1").await.to_lowercase().contains("neraca"));
    s.shoot("statement-neraca").await;
    s.goto(&overview).await;
    s.click(&format!("#group-{} a[href$='/periods']", s.kube)).await;
    s.wait_for_path("/periods").await;
    s.shoot("closes").await;
    s.click("a[href*='/periods/']").await;
    s.browser.find(Locator::Css("#shu-figures, #preview-unavailable")).await.expect("the preview or why not");
    s.shoot("shu-preview").await;
    let panti = overview.trim_end_matches("/overview").rsplit('/').next().unwrap().to_string();
    for (path, name) in [("/cohorts", "cohorts"), ("/placements", "placements")] {
        s.goto(&format!("/entities/{panti}{path}")).await;
        s.browser.find(Locator::Css("main h1")).await.expect("a page");
        s.shoot(name).await;
    }
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_supervisor_starts_at_the_area_and_a_treasurer_sees_the_close_confirm_step() {
    let s = scene().await;
    s.sign_in(SUPERVISOR.0, SUPERVISOR.1).await;
    s.wait_for_path("/area").await;
    s.browser.find(Locator::Css("[id^=report-status-]")).await.expect("each panti's report status place");
    s.shoot("area").await;
    s.click(".site-nav button").await;
    s.wait_for_path("/login").await;
    s.sign_in(TREASURER.0, TREASURER.1).await;
    let year = chrono::Local::now().date_naive().format("%Y").to_string().parse::<i32>().unwrap() - 1;
    s.goto(&format!("/entities/{}/periods/{year}/close", s.kube)).await;
    s.browser.find(Locator::Css("h1")).await.expect("the confirm page");
    s.shoot("close-confirm").await;
    s.browser.clone().close().await.expect("close browser");
}

/// Signs the demo head in; the id of their panti, from the overview they start at.
async fn head_panti(s: &Scene) -> String {
    s.sign_in(HEAD.0, HEAD.1).await;
    let overview = s.wait_for_path("/overview").await;
    overview.trim_end_matches("/overview").rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn a_head_fills_an_assessment_and_sees_it_listed() {
    let s = scene().await;
    let panti = head_panti(&s).await;
    let head = login(&s.http, &s.server, HEAD.0, HEAD.1).await;
    let start_month = chrono::Local::now().format("%Y-01").to_string();
    let settings = s.server.url(&format!("/api/v1/entities/{panti}/reports/settings"));
    let answer = s.http.put(settings).bearer_auth(&head).json(&json!({"start_month": start_month})).send().await;
    assert!(answer.expect("settings request").status().is_success(), "the head sets when reporting starts");
    s.goto(&format!("/entities/{panti}/reports")).await;
    s.browser.find(Locator::Css("#reports")).await.expect("the reports due");
    s.shoot("reports-due").await;
    s.click("a[id^=assess-]").await;
    s.wait_for_path("/assessments/new").await;
    s.type_into("#assessor_name", "Drs. Sutrisno").await;
    s.type_into("#assessor_position", "Kepala Panti").await;
    for item in [
        "gardens_and_rooms",
        "yard_and_garden",
        "room_cleanliness",
        "bathrooms_and_kitchen",
        "room_harmony",
        "community_national_events",
        "community_religious_events",
        "community_local_events",
    ] {
        s.click(&format!("input[name={item}][value='3']")).await;
    }
    for who in ["staff", "clients", "families"] {
        s.type_into(&format!("#{who}_attitude"), "Aktif dan tertib").await;
    }
    s.type_into("#monitor1_name", "Drs. Sutrisno").await;
    s.type_into("#monitor1_position", "Kepala Panti").await;
    s.type_into("#evaluator1_name", "Bu Wati").await;
    s.type_into("#evaluator1_position", "Pekerja Sosial").await;
    s.shoot("assessment-form").await;
    s.click("#save").await;
    s.wait_for_path("/assessments").await;
    let listed = s.text("main").await;
    assert!(listed.contains("Drs. Sutrisno") && listed.contains("3 baik") && listed.contains("Bu Wati"), "{listed}");
    s.shoot("assessments").await;
    s.goto(&format!("/entities/{panti}/plans/{}", chrono::Local::now().format("%Y"))).await;
    s.browser.find(Locator::Css("#add-activity")).await.expect("the head's activity form");
    s.shoot("plan").await;
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_head_previews_and_submits_a_report() {
    let s = scene().await;
    let panti = head_panti(&s).await;
    // Last year's first quarter has ended whatever day the test runs.
    let year = chrono::Datelike::year(&chrono::Local::now()) - 1;
    let head = login(&s.http, &s.server, HEAD.0, HEAD.1).await;
    let settings = s.server.url(&format!("/api/v1/entities/{panti}/reports/settings"));
    let answer =
        s.http.put(settings).bearer_auth(&head).json(&json!({"start_month": format!("{year}-01")})).send().await;
    assert!(answer.expect("settings request").status().is_success(), "the head sets when reporting starts");
    s.goto(&format!("/entities/{panti}/reports")).await;
    s.click(&format!("#open-{year}-TW1")).await;
    s.wait_for_path(&format!("/reports/{year}-TW1")).await;
    assert!(s.text("#contents").await.contains("belum diisi"), "the evaluation is still to do");
    s.shoot("report-page").await;
    s.type_into("#overall", "Kelompok tahu dan jahit berjalan sesuai rencana").await;
    s.click("#save-evaluation").await;
    let saved = s.browser.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("#saved")).await;
    assert!(saved.expect("the saved notice").text().await.unwrap().starts_with("Evaluasi tersimpan"));
    assert!(s.text("#contents").await.contains("sudah diisi"), "the evaluation is filled in");
    s.click("#preview").await;
    s.wait_for_path("/preview").await;
    let preview = s.text("main").await;
    assert!(preview.contains(&format!("Triwulan I {year}")), "{preview}");
    assert!(preview.contains("Evaluasi keseluruhan: Kelompok tahu dan jahit berjalan sesuai rencana"), "{preview}");
    s.shoot("report-preview").await;
    s.browser.back().await.expect("back to the report page");
    s.wait_for_path(&format!("/reports/{year}-TW1")).await;
    s.click("#confirm").await;
    s.click("#submit-report").await;
    s.wait_for_path("/reports/submitted").await;
    let listed = s.text(&format!("#submission-{year}-TW1-1")).await;
    assert!(listed.contains(&format!("Triwulan I {year}")) && listed.contains("salinan utuh"), "{listed}");
    s.shoot("reports-submitted").await;
    let url = s.server.url(&format!("/api/v1/entities/{panti}/reports/submitted"));
    let stored = get_json(&s.http, &url, &head).await;
    let submissions = stored["submissions"].as_array().expect("submissions");
    assert_eq!(submissions.len(), 1, "{stored}");
    assert!(listed.contains(submissions[0]["html_sha256"].as_str().unwrap()), "the list shows the fingerprint");
    s.browser.clone().close().await.expect("close browser");
}

#[tokio::test]
async fn a_head_sets_reporting_up_on_the_settings_page_and_a_supervisor_sees_the_recap() {
    let s = scene().await;
    let panti = head_panti(&s).await;
    s.goto(&format!("/entities/{panti}/reports")).await;
    s.click("#settings-link").await;
    s.wait_for_path("/reports/settings").await;
    let year = chrono::Local::now().format("%Y").to_string();
    assert_eq!(s.value("#start_month").await, format!("{year}-01"), "the demo reports from January");
    s.type_into("#start_month", "Januari").await;
    s.type_into("#due_days", "30").await;
    s.click("#save-settings").await;
    let error = s.text("#start_month-error").await;
    assert!(error.starts_with("Tulis bulan seperti 2026-01"), "{error}");
    assert_eq!(s.value("#due_days").await, "30", "what was typed is kept");
    s.type_into("#start_month", &format!("{year}-01")).await;
    s.click("#save-settings").await;
    assert_eq!(s.text("#saved").await, "Pengaturan laporan tersimpan.");
    assert_eq!(s.value("#due_days").await, "30");
    s.type_into("#reason", "Usaha KUBE sudah mandiri").await;
    s.click("#save-stage").await;
    let history = s.text("#stage-changes").await;
    assert!(history.contains("Tahap mapan") && history.contains("Usaha KUBE sudah mandiri"), "{history}");
    assert!(s.text("#stage").await.starts_with("Tahap mapan"), "in force from today");
    s.shoot("report-settings").await;

    s.click(".site-nav button").await;
    s.wait_for_path("/login").await;
    s.sign_in(SUPERVISOR.0, SUPERVISOR.1).await;
    s.wait_for_path("/area").await;
    s.click("#recap-link").await;
    s.wait_for_path("/recap").await;
    let first = s.text(&format!("#recap-status-{panti}-{year}-TW1")).await;
    assert_eq!(first, "Tidak ada", "the first quarter was never submitted");
    s.shoot("recap").await;
    s.browser.clone().close().await.expect("close browser");
}

/// The visible fields that no label names: neither a `<label for>`, a label around them,
/// nor an `aria-label`.
const UNLABELLED_FIELDS: &str = r#"
return Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(e => !['hidden', 'submit', 'button', 'reset'].includes(e.type))
  .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
  .filter(e => !((e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]'))
    || e.closest('label') || (e.getAttribute('aria-label') || '').trim()))
  .map(e => e.outerHTML.slice(0, 160));
"#;

impl Tab {
    /// What keeps the page from a 360 px phone: being wider than the screen, or a field
    /// without a label. Photographs it when it fits.
    /// In Bahasa Indonesia and in English, whose words run longer.
    async fn phone_problems(&self, name: &str, path: &str) -> Vec<String> {
        let mut problems = Vec::new();
        for lang in ["id", "en"] {
            let path = format!("{path}{}lang={lang}", if path.contains('?') { '&' } else { '?' });
            self.goto(&path).await;
            self.browser.find(Locator::Css("main h1")).await.unwrap_or_else(|e| panic!("{path} shows no page: {e}"));
            let source = self.browser.source().await.expect("page source");
            assert!(!source.contains("data-code="), "{path} answered an error page: {source}");
            problems.extend(self.problems_here(&format!("{name}-{lang}"), &path).await);
        }
        problems
    }

    async fn problems_here(&self, name: &str, path: &str) -> Vec<String> {
        self.browser.set_window_size(360, 900).await.expect("resize window");
        let mut problems = Vec::new();
        let (scroll, inner) = self.widths().await;
        if scroll > inner {
            problems.push(format!("{path}: {scroll} px wide on a {inner} px screen"));
        } else {
            self.shoot(name).await;
        }
        let unlabelled = self.browser.execute(UNLABELLED_FIELDS, vec![]).await.expect("look for labels");
        for field in unlabelled.as_array().expect("a list") {
            problems.push(format!("{path}: no label for {}", field.as_str().unwrap_or_default()));
        }
        problems
    }

    async fn sign_out(&self) {
        self.click(".site-nav button").await;
        self.wait_for_path("/login").await;
    }
}

#[tokio::test]
async fn every_page_of_every_role_fits_a_360_px_phone_and_labels_every_field() {
    let s = scene().await;
    let tahu = s.tahu().await;
    let (kube, year) = (s.kube, chrono::Local::now().format("%Y").to_string());
    let today = chrono::Local::now().date_naive().to_string();
    let sale = json!({"date": today, "customer": "CV.SumberRejekiMakmurSejahteraAbadiSentosa", "payment": "credit",
        "lines": [{"product_id": tahu.parse::<u64>().unwrap(), "quantity": "12"}]});
    let sold = s.api_post(&format!("/api/v1/entities/{kube}/sales"), sale).await;
    let (seq, receipt) = (sold["seq"].as_u64().unwrap(), sold["receipt_url"].as_str().unwrap().to_string());
    let member = s.saver().await;
    let pokok = json!({"member_id": member, "kind": "pokok", "direction": "deposit", "date": today});
    s.api_post(&format!("/api/v1/entities/{kube}/savings"), pokok).await;
    s.api_post(&format!("/api/v1/members/{member}/login"), json!({"password": MEMBER_PIN})).await;

    let head = login(&s.http, &s.server, HEAD.0, HEAD.1).await;
    let panti = get_json(&s.http, &s.server.url("/api/v1/me"), &head).await["entity_id"].as_u64().unwrap();
    let as_head = |method: reqwest::Method, path: String, body: Value| {
        let request = s.http.request(method, s.server.url(&path)).bearer_auth(&head).json(&body);
        async move {
            let answer = request.send().await.expect("API request");
            let status = answer.status();
            let body = answer.text().await.unwrap_or_default();
            assert!(status.is_success(), "{path}: {body}");
            serde_json::from_str::<Value>(&body).unwrap_or(Value::Null)
        }
    };
    let settings = json!({"start_month": format!("{year}-01")});
    as_head(Method::PUT, format!("/api/v1/entities/{panti}/reports/settings"), settings).await;
    let activity = json!({"field": "perikanan_peternakan", "kube_id": kube, "name": "Budidaya lele di kolam terpal",
        "group": "KelompokLeleMinaSejahteraKarangAnyar", "responsible": [{"name": "Bu Sri Wahyuningsih", "position": "Kepala Seksi Rehabilitasi"}],
        "needs": [{"kind": "bibit", "item": "Bibit-lele-sangkuriang-5.000-ekor-kolam-terpal", "funding_source": "kemensos", "amount": "1500000"}]});
    as_head(Method::PUT, format!("/api/v1/entities/{panti}/plans/{year}"), json!({"activities": [activity]})).await;
    let due =
        get_json(&s.http, &s.server.url(&format!("/api/v1/entities/{panti}/reports/due?as_of={today}")), &head).await;
    let period = due["reports"][0]["key"].as_str().expect("a report period").to_string();
    let rating = json!({"score": 3, "notes": "Taman dan ruang keterampilan tertata, perlu tempat sampah terpilah"});
    let assessment = json!({"assessed_on": today, "assessor": {"name": "Drs. Sutrisno Hadiwijoyo", "position": "Kepala Panti"},
        "environment": {"gardens_and_rooms": rating, "yard_and_garden": rating, "room_cleanliness": rating,
            "bathrooms_and_kitchen": rating, "room_harmony": rating, "community_national_events": rating,
            "community_religious_events": rating, "community_local_events": rating},
        "conduct": {"staff": {"attitude": "Terbuka dan sabar mendampingi"}, "clients": {"behaviour": "Disiplin hadir"},
            "families": {"role": "Membantu pemasaran tahu ke warung-warung sekitar"}},
        "groups": [{"group": "KelompokTahuTempeMakmurSejahteraBersama", "field": "kerajinan", "kube_id": kube,
            "cooperation": "Kompak", "way_of_working": "Piket produksi bergilir setiap pagi", "results": "Produksi 200 bungkus sehari",
            "problems": "Harga-kedelai-impor-naik-sejak-bulan-Agustus", "solutions": "Beli kedelai bersama lewat koperasi"}],
        "monitors": [{"role": "kepala_panti", "name": "Drs. Sutrisno Hadiwijoyo", "position": "Kepala Panti"}],
        "evaluators": [{"role": "ketua_program_non_koperasi", "name": "Pak Joko Susilo", "position": "Ketua Program"}]});
    as_head(Method::POST, format!("/api/v1/entities/{panti}/assessments?period={period}"), assessment).await;
    let cohort = json!({"skill": "las", "number": 1, "instructors": [{"name": "Bu Sri Lestari", "affiliation": "BalaiLatihanKerjaSurakartaJawaTengah"}],
        "planned_start": format!("{year}-01-05"), "planned_end": format!("{year}-03-31"), "hours": 240, "capacity": 20});
    let cohort = as_head(Method::POST, format!("/api/v1/entities/{panti}/cohorts"), cohort).await["id"].clone();
    let client = json!({"number": "K-2026-0001", "cohort_number": 1, "name": "Sri Wahyuningsih Rahayu Kusumawardani",
        "sex": "perempuan", "birth_date": "1990-05-01", "religion": "Islam", "origin": "KabupatenKaranganyarJawaTengah",
        "admitted_on": format!("{year}-01-02"), "case_type": "gelandangan"});
    let client = as_head(Method::POST, format!("/api/v1/entities/{panti}/clients"), client).await["id"].clone();
    let enrolment = json!({"client_id": client, "date": format!("{year}-01-05")});
    as_head(Method::POST, format!("/api/v1/cohorts/{cohort}/enrolments"), enrolment).await;

    let mut problems = Vec::new();
    s.sign_in(TREASURER.0, TREASURER.1).await;
    let books = format!("/entities/{kube}");
    // The check finds what it looks for: a stray field without a label, a block too wide.
    let stray = "<input id=stray><div style='width:900px'>lebar</div>";
    let plant = format!("document.querySelector('main').insertAdjacentHTML('beforeend', \"{stray}\")");
    s.browser.execute(&plant, vec![]).await.expect("plant a stray field");
    let planted = s.problems_here("planted", &books).await;
    assert!(planted.len() == 2 && planted[1].contains("id=\"stray\""), "{planted:?}");
    for (name, path) in [
        ("fit-treasurer-home", books.clone()),
        ("fit-sale-form", format!("{books}/sales/new")),
        ("fit-receipt", receipt),
        ("fit-purchase-form", format!("{books}/purchases/new")),
        ("fit-savings-form", format!("{books}/savings/new")),
        ("fit-journal", format!("{books}/entries")),
        ("fit-entry", format!("{books}/entries/{seq}")),
        ("fit-cash-book", format!("{books}/cash-book")),
        ("fit-upload", format!("{books}/import")),
        ("fit-closes-treasurer", format!("{books}/periods")),
        ("fit-close-confirm", format!("{books}/periods/{}/close", year.parse::<i32>().unwrap() - 1)),
        ("fit-member-by-treasurer", format!("/members/{member}")),
        ("fit-production-form", format!("{books}/production/new")),
        ("fit-members", format!("{books}/members")),
        ("fit-member-form", format!("{books}/members/new")),
        ("fit-bylaws", format!("{books}/bylaws")),
        ("fit-products", format!("{books}/products")),
        ("fit-product-form", format!("{books}/products/new")),
        ("fit-member-exit", format!("/members/{member}/exit")),
        ("fit-receivables", format!("{books}/receivables")),
        ("fit-payables", format!("{books}/payables")),
        ("fit-saved", format!("{books}/saved/{seq}")),
        ("fit-member-loans", format!("{books}/member-loans")),
    ] {
        problems.extend(s.phone_problems(name, &path).await);
    }
    s.sign_out().await;
    problems.extend(s.problems_here("fit-login", "/login").await);

    s.sign_in("TAHU-201", MEMBER_PIN).await;
    for (name, suffix) in [
        ("fit-member", ""),
        ("fit-member-statement", "/statement"),
        ("fit-member-arrears", "/arrears"),
        ("fit-member-loans-own", "/loans"),
    ] {
        problems.extend(s.phone_problems(name, &format!("/members/{member}{suffix}")).await);
    }
    s.sign_out().await;

    s.sign_in(HEAD.0, HEAD.1).await;
    let house = format!("/entities/{panti}");
    for (name, path) in [
        ("fit-panti-overview", format!("{house}/overview")),
        ("fit-reports", format!("{house}/reports")),
        ("fit-assessment-form", format!("{house}/assessments/new?period={period}")),
        ("fit-assessments", format!("{house}/assessments")),
        ("fit-plan", format!("{house}/plans/{year}")),
        ("fit-report-page", format!("{house}/reports/{period}")),
        ("fit-report-preview", format!("{house}/reports/{period}/preview")),
        ("fit-submitted", format!("{house}/reports/submitted")),
        ("fit-report-settings", format!("{house}/reports/settings")),
        ("fit-hub", format!("{house}/hub")),
        ("fit-cohorts", format!("{house}/cohorts")),
        ("fit-cohort-form", format!("{house}/cohorts/new")),
        ("fit-cohort", format!("/cohorts/{cohort}")),
        ("fit-cohort-enrolment", format!("/cohorts/{cohort}/enrolment")),
        ("fit-cohort-session", format!("/cohorts/{cohort}/session")),
        ("fit-cohort-assessment", format!("/cohorts/{cohort}/assessment?client={client}")),
        ("fit-cohort-completion", format!("/cohorts/{cohort}/completion?client={client}")),
        ("fit-clients", format!("{house}/clients")),
        ("fit-client-form", format!("{house}/clients/new")),
        ("fit-client", format!("/clients/{client}")),
        ("fit-staff", format!("{house}/staff")),
        ("fit-placements", format!("{house}/placements")),
        ("fit-closes", format!("{books}/periods")),
        ("fit-shu-preview", format!("{books}/periods/{year}")),
        ("fit-journal-head", format!("{books}/entries")),
        ("fit-area-head", "/area".to_string()),
    ] {
        problems.extend(s.phone_problems(name, &path).await);
    }
    s.sign_out().await;

    s.sign_in(SUPERVISOR.0, SUPERVISOR.1).await;
    for (name, path) in [
        ("fit-area", "/area".to_string()),
        ("fit-overview-supervisor", format!("{house}/overview")),
        ("fit-reports-supervisor", format!("{house}/reports")),
        ("fit-report-page-supervisor", format!("{house}/reports/{period}")),
        ("fit-recap", "/recap".to_string()),
        ("fit-plan-supervisor", format!("{house}/plans/{year}")),
        ("fit-placements-supervisor", format!("{house}/placements")),
    ] {
        problems.extend(s.phone_problems(name, &path).await);
    }
    s.sign_out().await;
    s.sign_in("admin", "admin-demo-2026").await;
    problems.extend(s.phone_problems("fit-admin-users", "/admin/users").await);
    problems.extend(s.phone_problems("fit-admin-user", "/admin/users/bendahara.tahu").await);
    problems.extend(s.phone_problems("fit-admin-entities", "/admin/entities").await);
    problems.extend(s.phone_problems("fit-admin-backups", "/admin/backups").await);
    assert!(problems.is_empty(), "pages that do not hold up on a 360 px phone:\n{}", problems.join("\n"));
    s.browser.clone().close().await.expect("close browser");
}

/// A member loan from the pages at 360 px: the treasurer sets the loan terms, records an
/// application (refused beyond the member's limit, at its field, the amount kept) and
/// cannot approve it; the admin approves; the treasurer pays it out and records the first
/// instalment; the member sees the loan and its schedule. 600.000 over 6 months at 1,5%
/// flat, fee 1%: the first instalment is 6.000 + 9.000 + 100.000 = 115.000.
#[tokio::test]
async fn a_member_loan_from_application_to_repayment_on_the_pages_at_360_px() {
    let s = scene().await;
    let (kube, member) = (s.kube, s.saver().await);
    let today = chrono::Local::now().date_naive().to_string();
    let savings =
        json!({"member_id": member, "kind": "sukarela", "direction": "deposit", "date": today, "amount": "200000"});
    s.api_post(&format!("/api/v1/entities/{kube}/savings"), savings).await;
    let grant = json!({"date": today, "memo": "Hibah modal pinjaman", "lines": [{"account": "1101", "debit": "1000000"}, {"account": "3103", "credit": "1000000"}]});
    s.api_post(&format!("/api/v1/entities/{kube}/entries"), grant).await;
    s.api_post(&format!("/api/v1/members/{member}/login"), json!({"password": MEMBER_PIN})).await;

    s.sign_in(TREASURER.0, TREASURER.1).await;
    s.browser.set_window_size(360, 900).await.expect("a phone's width");
    s.click("a[href$='/member-loans']").await;
    s.wait_for_path("/member-loans").await;
    s.type_into("#monthly_rate_percent", "1,5").await;
    s.type_into("#max_term_months", "12").await;
    s.type_into("#admin_fee_percent", "1").await;
    s.type_into("#savings_multiple", "3").await;
    s.click("#save-terms").await;
    assert!(s.text("#saved").await.starts_with("Ketentuan pinjaman tersimpan"), "the terms are confirmed");
    s.click(&format!("#member_id option[value='{member}']")).await;
    s.type_into("#principal", "700.000").await;
    s.type_into("#term_months", "6").await;
    s.click("#apply").await;
    assert!(s.text("#principal-error").await.contains("Rp600.000"), "3 × 200.000 at the amount's field");
    assert_eq!(s.value("#principal").await, "700.000", "what was typed is kept");
    s.shoot("loan-above-limit").await;
    s.type_into("#principal", "600.000").await;
    s.click("#apply").await;
    let loan = s.wait_for_path("/member-loans/1").await;
    assert!(s.text("#saved").await.contains("orang kedua"), "the application waits for a second person");
    s.click("#approve").await;
    assert!(s.text("#form-error").await.contains("bendahara.tahu"), "the recorder cannot approve it");
    s.sign_out().await;

    s.sign_in("admin", "admin-demo-2026").await;
    s.goto(&loan).await;
    s.click("#approve").await;
    s.wait_for_query("saved=approved").await;
    assert!(s.text("#saved").await.starts_with("Pinjaman disetujui"));
    s.sign_out().await;

    s.sign_in(TREASURER.0, TREASURER.1).await;
    s.goto(&loan).await;
    s.click("#disburse").await;
    s.wait_for_query("saved=disbursed").await;
    assert!(s.text("#saved").await.starts_with("Pinjaman dicairkan"));
    s.type_into("#amount", "115.000").await;
    s.click("#repay").await;
    s.wait_for_query("saved=repaid").await;
    assert_eq!(s.text("#saved").await, "Angsuran tersimpan.");
    assert_eq!(s.text("#loan-status").await, "Berjalan");
    assert!(s.text("#repayments").await.contains("Rp9.000"), "the interest part of the instalment");
    s.shoot("loan-repaid").await;
    s.sign_out().await;

    s.sign_in("TAHU-201", MEMBER_PIN).await;
    s.goto(&format!("/members/{member}/loans")).await;
    assert!(s.text("#loan-1").await.contains("Rp600.000"), "the member sees their loan");
    assert!(s.text(".schedule").await.contains("Rp100.000"), "and its schedule");
    s.shoot("member-loans").await;
    s.browser.clone().close().await.expect("close browser");
}

/// The regional hub's pages in a browser, as the national demo officer uses them: sign-in,
/// a panti registered from the form (a region of the wrong shape refused at its field with
/// what was typed kept, then the one-time code shown), the new panti's page, the upload
/// page and the recap; each fits a 360 px phone in both languages and labels every field.
#[tokio::test]
async fn an_officer_registers_a_panti_and_reads_the_recap_on_the_hubs_pages_at_360_px() {
    let postgres = common::postgres::Postgres::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let addr = format!("127.0.0.1:{}", free_port());
    let log_path = dir.path().join("hub.log");
    let log = std::fs::File::create(&log_path).expect("hub log");
    let hub = Command::new(common::BIN)
        .args(["hub", "--database-url", &postgres.database("hub"), "--addr", &addr, "--demo"])
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log handle"))
        .stderr(log)
        .spawn()
        .expect("spawn kube-ledger hub");
    struct Stopped(Child);
    impl Drop for Stopped {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _hub = Stopped(hub);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !common::healthz(&addr) {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        assert!(Instant::now() < deadline, "the hub did not answer within 60 s: {log}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let driver = start_driver();
    let tab = Tab { browser: browser(&driver, &dir.path().join("profile")).await, base: format!("http://{addr}") };
    let mut problems = tab.phone_problems("hub-login", "/login").await;
    tab.sign_in("dinsos", "dinsos-demo-2026").await;

    tab.goto("/").await;
    tab.type_into("#name", "PSTW Budi Luhur").await;
    tab.type_into("#region", "33.7").await;
    tab.click("#panti_type option[value='PSTW']").await;
    tab.browser
        .execute("document.getElementById('reports_from').value = arguments[0]", vec![json!("2026-01")])
        .await
        .expect("choose the first month");
    tab.click("form[action='/panti#register'] button[type=submit]").await;
    tab.browser.find(Locator::Css("#region[aria-invalid=true]")).await.expect("the region refused at its field");
    assert_eq!(tab.value("#name").await, "PSTW Budi Luhur", "what was typed is kept");
    problems.extend(tab.problems_here("hub-register-refused", "/panti").await);
    tab.type_into("#region", "33.74.05").await;
    tab.click("form[action='/panti#register'] button[type=submit]").await;
    let code = tab.text("#enrolment-code").await;
    assert_eq!(code.trim().len(), 12, "the one-time code is shown: {code}");
    let listed = tab.browser.find(Locator::LinkText("PSTW Budi Luhur")).await.expect("the new panti listed");
    let panti_path = listed.attr("href").await.expect("read href").expect("a link to the panti's page");
    tab.goto(&panti_path).await;
    assert_eq!(tab.text("main h1").await, "PSTW Budi Luhur");
    for (name, path) in
        [("hub-home", "/"), ("hub-panti", panti_path.as_str()), ("hub-upload", "/upload"), ("hub-recap", "/recap")]
    {
        problems.extend(tab.phone_problems(name, path).await);
    }
    assert!(problems.is_empty(), "hub pages that do not hold up on a 360 px phone:\n{}", problems.join("\n"));
    tab.click("nav button[type=submit]").await;
    tab.wait_for_path("/login").await;
    tab.browser.clone().close().await.expect("close browser");
}
