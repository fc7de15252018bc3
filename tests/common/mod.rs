//! Shared helpers for the process-level tests: run the real binary, wait for it to serve,
//! log in, and run CLI commands with a time limit.
#![allow(dead_code)]

use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_kube-ledger");

/// How long a server may take from spawn to answering `/healthz`.
const STARTUP_WAIT: Duration = Duration::from_secs(60);
/// How long a CLI command or a peer tool may run.
pub const COMMAND_WAIT: Duration = Duration::from_secs(120);

/// A free TCP port on 127.0.0.1 (bound, read, released).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local addr").port()
}

/// A test CA and a certificate it signs for `localhost` and `127.0.0.1`, for the HTTPS tests.
pub struct TestCertificates {
    pub ca: tokio_rustls::rustls::pki_types::CertificateDer<'static>,
    pub ca_pem: String,
    pub cert_pem: String,
    pub key_pem: String,
}

impl TestCertificates {
    pub fn new() -> TestCertificates {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "kube-ledger test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap()).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
        let certificate = params.signed_by(&key, &ca).unwrap();
        TestCertificates {
            ca: ca.der().clone(),
            ca_pem: ca.pem(),
            cert_pem: certificate.pem(),
            key_pem: key.serialize_pem(),
        }
    }
}

/// A client trusting only `roots`.
pub fn tls_client(roots: tokio_rustls::rustls::RootCertStore) -> tokio_rustls::TlsConnector {
    use tokio_rustls::rustls::{crypto, ClientConfig};
    let provider = std::sync::Arc::new(crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
}

/// One HTTP/1.1 exchange over TLS to `localhost` (the connection closed after it).
pub async fn over_tls(connector: &tokio_rustls::TlsConnector, addr: &str, request: &str) -> std::io::Result<String> {
    over_tls_from(connector, None, addr, request).await
}

/// `over_tls` from a local address of the caller's choice (`127.0.0.2`: another source).
pub async fn over_tls_from(
    connector: &tokio_rustls::TlsConnector,
    from: Option<std::net::IpAddr>,
    addr: &str,
    request: &str,
) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let socket = tokio::net::TcpSocket::new_v4()?;
    if let Some(from) = from {
        socket.bind(std::net::SocketAddr::new(from, 0))?;
    }
    let target = addr.parse().map_err(|_| std::io::Error::other(format!("{addr} is not ip:port")))?;
    let tcp = socket.connect(target).await?;
    let name = tokio_rustls::rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(name, tcp).await?;
    tls.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    let _ = tls.read_to_end(&mut answer).await;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// A running `kube-ledger serve`; killed (SIGKILL) on drop if still running.
pub struct Server {
    child: Option<Child>,
    pub addr: String,
    pub base: String,
    pub db: PathBuf,
    pub log: PathBuf,
    /// What the server printed on stdout (demo logins, the address) up to healthy.
    pub banner: String,
}

impl Server {
    /// Starts `serve --db DB` on a free port and waits (bounded) until `/healthz` answers.
    pub fn start(db: &Path, demo: bool) -> Server {
        Server::start_with(db, demo, &[], None)
    }

    /// Like `start`, with more `serve` arguments and optionally under `ulimit -S -f BLOCKS`
    /// (the soft limit only, so `prlimit` can lift it again while the server runs).
    pub fn start_with(db: &Path, demo: bool, extra: &[&str], file_blocks_max: Option<u64>) -> Server {
        Server::start_in(db, demo, extra, file_blocks_max, &[])
    }

    /// Like `start`, with environment variables of its own (e.g. `SSL_CERT_FILE`).
    pub fn start_with_env(db: &Path, demo: bool, env: &[(&str, &Path)]) -> Server {
        Server::start_in(db, demo, &[], None, env)
    }

    fn start_in(db: &Path, demo: bool, extra: &[&str], file_blocks_max: Option<u64>, env: &[(&str, &Path)]) -> Server {
        let logs = db.parent().expect("db dir has a parent");
        let mut last_error = String::new();
        for attempt in 0..5 {
            let port = free_port();
            let addr = format!("127.0.0.1:{port}");
            let log = logs.join(format!("serve-{}-{port}-{attempt}.log", std::process::id()));
            let out = File::create(&log).expect("create server log");
            let err = out.try_clone().expect("clone log handle");
            let mut command = match file_blocks_max {
                None => Command::new(BIN),
                Some(blocks) => {
                    let mut shell = Command::new("sh");
                    shell.args(["-c", &format!("ulimit -S -f {blocks} && exec \"$0\" \"$@\""), BIN]);
                    shell
                }
            };
            command
                .arg("serve")
                .arg("--db")
                .arg(db)
                .arg("--addr")
                .arg(&addr)
                .env_remove("KUBE_LEDGER_DB")
                .env_remove("KUBE_LEDGER_ADDR")
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err);
            if demo {
                command.arg("--demo");
            }
            command.args(extra).envs(env.iter().copied());
            let child = command.spawn().expect("spawn kube-ledger serve");
            let mut server = Server {
                child: Some(child),
                base: format!("http://{addr}"),
                addr,
                db: db.to_path_buf(),
                log,
                banner: String::new(),
            };
            match server.wait_healthy() {
                Ok(()) => {
                    server.banner = std::fs::read_to_string(&server.log).unwrap_or_default();
                    return server;
                }
                Err(error) => {
                    let text = std::fs::read_to_string(&server.log).unwrap_or_default();
                    last_error = format!("{error}; server log:\n{text}");
                    server.kill9();
                    // Someone else took the port between our probe and the server's bind.
                    if text.contains("tidak bisa mendengarkan") || text.contains("in use") {
                        continue;
                    }
                    panic!("server on {} did not become healthy: {last_error}", server.addr);
                }
            }
        }
        panic!("server could not bind a port in 5 attempts: {last_error}");
    }

    fn wait_healthy(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + STARTUP_WAIT;
        loop {
            if let Some(status) = self.child_mut().try_wait().expect("try_wait") {
                return Err(format!("server exited early with {status}"));
            }
            if healthz(&self.addr) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("no 200 ok on /healthz within {STARTUP_WAIT:?}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the server process is still alive.
    pub fn running(&mut self) -> bool {
        self.child_mut().try_wait().expect("try_wait").is_none()
    }

    fn child_mut(&mut self) -> &mut Child {
        self.child.as_mut().expect("server still owned")
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("server still owned").id()
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reap it.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, then wait (bounded) for a graceful exit; returns the exit status.
    pub fn terminate(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("server still owned");
        let sent = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("run kill -TERM");
        assert!(sent.success(), "kill -TERM failed: {sent}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = child.try_wait().expect("try_wait") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("server did not exit within 30 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// `GET /healthz` over a raw socket: true on `200 ok`.
pub fn healthz(addr: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr.parse().expect("socket address"), Duration::from_millis(500))
    else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    if stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200") && answer.ends_with("\r\n\r\nok")
}

/// Runs a command to completion with optional stdin, killing it after `limit`.
pub fn run(command: &mut Command, stdin: Option<Vec<u8>>, limit: Duration) -> Output {
    command
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap_or_else(|e| panic!("spawn {command:?}: {e}"));
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin piped");
        std::thread::spawn(move || {
            // A tool may exit before reading everything; that shows in its status.
            let _ = pipe.write_all(&bytes);
        })
    });
    let mut out_pipe = child.stdout.take().expect("stdout piped");
    let mut err_pipe = child.stderr.take().expect("stderr piped");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

/// `kube-ledger ARGS…`, bounded; returns its output whatever the exit status.
pub fn cli(args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).env_remove("KUBE_LEDGER_DB").env_remove("KUBE_LEDGER_ADDR");
    run(&mut command, stdin.map(|s| s.as_bytes().to_vec()), COMMAND_WAIT)
}

pub fn describe(output: &Output) -> String {
    format!(
        "status {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `kube-ledger user add … --password-stdin`; panics unless it succeeds.
pub fn add_user(db: &Path, username: &str, role: &str, entity: Option<u64>, password: &str) {
    let db = db.to_str().expect("utf-8 path");
    let entity = entity.map(|e| e.to_string());
    let mut args = vec!["user", "add", "--db", db, "--username", username, "--role", role];
    if let Some(entity) = &entity {
        args.extend(["--entity", entity.as_str()]);
    }
    args.push("--password-stdin");
    let output = cli(&args, Some(&format!("{password}\n")));
    assert!(output.status.success(), "user add {username} failed: {}", describe(&output));
}

/// `kube-ledger verify --db DB`: asserts exit 0, returns what it printed.
pub fn verify_ok(db: &Path) -> String {
    let output = cli(&["verify", "--db", db.to_str().expect("utf-8 path")], None);
    assert!(output.status.success(), "verify reported a breach or failed: {}", describe(&output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `kube-ledger export --db DB --entity ID --format FORMAT`: asserts exit 0, returns stdout.
pub fn export(db: &Path, entity: u64, format: &str) -> String {
    let output = cli(
        &["export", "--db", db.to_str().expect("utf-8 path"), "--entity", &entity.to_string(), "--format", format],
        None,
    );
    assert!(output.status.success(), "export of entity {entity} as {format} failed: {}", describe(&output));
    String::from_utf8(output.stdout).expect("export is utf-8")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("build HTTP client")
}

pub async fn login(client: &reqwest::Client, server: &Server, username: &str, password: &str) -> String {
    let response = client
        .post(server.url("/api/v1/login"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .expect("login request");
    let status = response.status();
    let body: Value = response.json().await.expect("login answer is JSON");
    assert_eq!(status, 200, "login as {username}: {body}");
    body["token"].as_str().unwrap_or_else(|| panic!("login answer without token: {body}")).to_string()
}

/// A database at `db` with the admin `root`, served (with `extra` arguments, optionally
/// under a file-size limit), and root logged in.
pub async fn serve_as_root(
    db: &Path,
    password: &str,
    extra: &[&str],
    file_blocks_max: Option<u64>,
) -> (Server, reqwest::Client, String) {
    add_user(db, "root", "admin", None, password);
    let server = Server::start_with(db, false, extra, file_blocks_max);
    let client = client();
    let token = login(&client, &server, "root", password).await;
    (server, client, token)
}

/// `POST /api/v1/entities` as admin; returns the new id.
pub async fn create_entity(client: &reqwest::Client, server: &Server, token: &str, kind: &str, name: &str) -> u64 {
    let response = client
        .post(server.url("/api/v1/entities"))
        .bearer_auth(token)
        .json(&json!({ "kind": kind, "name": name }))
        .send()
        .await
        .expect("create entity request");
    let status = response.status();
    let body: Value = response.json().await.expect("entity answer is JSON");
    assert_eq!(status, 201, "create entity: {body}");
    body["id"].as_u64().unwrap_or_else(|| panic!("entity answer without id: {body}"))
}

/// A JSON GET that must answer 200.
pub async fn get_json(client: &reqwest::Client, url: &str, token: &str) -> Value {
    let response = client.get(url).bearer_auth(token).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = response.status();
    let text = response.text().await.expect("read body");
    assert_eq!(status, 200, "GET {url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {url}: not JSON ({e}): {text}"))
}

pub fn dec(value: &Value) -> Decimal {
    let text = value.as_str().unwrap_or_else(|| panic!("amount is not a string: {value}"));
    Decimal::from_str(text).unwrap_or_else(|e| panic!("amount {text:?}: {e}"))
}

/// A trial balance answer as account → net (debit − credit), zero nets left out; also
/// checks the answer's own arithmetic: one side per line, totals equal and summed right.
pub fn trial_balance_nets(tb: &Value) -> BTreeMap<String, Decimal> {
    let lines = tb["lines"].as_array().unwrap_or_else(|| panic!("trial balance without lines: {tb}"));
    let (mut debits, mut credits) = (Decimal::ZERO, Decimal::ZERO);
    let mut nets = BTreeMap::new();
    for line in lines {
        let account = line["account"].as_str().expect("account code").to_string();
        let (debit, credit) = (dec(&line["debit"]), dec(&line["credit"]));
        assert!(debit.is_zero() || credit.is_zero(), "trial balance line {line} has both a debit and a credit");
        assert!(
            !debit.is_sign_negative() && !credit.is_sign_negative(),
            "negative amount in trial balance line {line}"
        );
        debits += debit;
        credits += credit;
        let net = debit - credit;
        assert!(nets.insert(account.clone(), net).is_none(), "account {account} twice in trial balance {tb}");
        if net.is_zero() {
            nets.remove(&account);
        }
    }
    let (total_debit, total_credit) = (dec(&tb["total_debit"]), dec(&tb["total_credit"]));
    assert_eq!(total_debit, total_credit, "trial balance does not balance: {tb}");
    assert_eq!(total_debit, debits, "total_debit is not the sum of the debit column: {tb}");
    assert_eq!(total_credit, credits, "total_credit is not the sum of the credit column: {tb}");
    nets
}

/// Adds an entry's lines (as the API shows them) into account → net.
pub fn add_lines(nets: &mut BTreeMap<String, Decimal>, lines: &Value) {
    for line in lines.as_array().expect("lines array") {
        let account = line["account"].as_str().expect("account").to_string();
        let amount = match (line.get("debit"), line.get("credit")) {
            (Some(debit), None) => dec(debit),
            (None, Some(credit)) => -dec(credit),
            _ => panic!("line with not exactly one side: {line}"),
        };
        *nets.entry(account).or_default() += amount;
    }
}

pub fn drop_zeros(mut nets: BTreeMap<String, Decimal>) -> BTreeMap<String, Decimal> {
    nets.retain(|_, v| !v.is_zero());
    for v in nets.values_mut() {
        *v = v.normalize();
    }
    nets
}
pub mod postgres;
