//! The accept loop: HTTP/1.1 over hyper with the limits a server on a shared Wi-Fi needs.
//! A connection must send its request head within the header timeout (from its first
//! byte, or from being accepted) and within 16 KiB; between requests it may stay idle for
//! the idle timeout; at most `max_connections` are served at once (more wait in the
//! kernel's queue until one ends). Each request carries its peer address (`ConnectInfo`)
//! and, when served over TLS, [`ServedOverTls`].

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

/// Largest request head (request line and headers) read; a longer one is answered 431.
pub const HEAD_BYTES_MAX: usize = 16 * 1024;
/// Largest read or write buffer of a connection, so that many slow ones stay small.
const BUF_BYTES_MAX: usize = 64 * 1024;
/// File descriptors kept free of connections: the database, logs, backups.
const FDS_RESERVED: u64 = 128;

/// The connection limits of `serve`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_millis(10_000),
            idle_timeout: Duration::from_millis(60_000),
            max_connections: 4096,
        }
    }
}

impl Limits {
    /// The cap on connections fitted under the open-file limit (raised to its hard limit
    /// first), leaving room for the database's own files.
    pub fn fitted(mut self) -> Limits {
        let open_files = raise_open_files_limit();
        let room = open_files.saturating_sub(FDS_RESERVED).max(1);
        if (self.max_connections as u64) > room {
            tracing::warn!(asked = self.max_connections, room, "--max-connections lowered to fit RLIMIT_NOFILE");
            self.max_connections = room as usize;
        }
        self.max_connections = self.max_connections.max(1);
        self
    }
}

/// Raises the soft open-file limit to the hard one; answers the soft limit in force.
fn raise_open_files_limit() -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
    }
    limit.rlim_cur
}

/// Marks a request that came over TLS: its cookies get `Secure`.
#[derive(Debug, Clone, Copy)]
pub struct ServedOverTls;

/// How a connection is turned into a byte stream: plain TCP, or TLS on top of it.
#[derive(Clone)]
pub enum Transport {
    Plain,
    Tls(tokio_rustls::TlsAcceptor),
}

impl Transport {
    /// TLS from a certificate chain and its private key, both PEM files (rustls, with
    /// ring for its cryptography; TLS 1.2 and 1.3, HTTP/1.1).
    pub fn tls(cert: &std::path::Path, key: &std::path::Path) -> Result<Transport, String> {
        use tokio_rustls::rustls::pki_types::pem::PemObject;
        use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
        use tokio_rustls::rustls::{crypto, ServerConfig};
        let unreadable = |path: &std::path::Path, error: &dyn std::fmt::Display| {
            format!("berkas TLS {} tidak terbaca: {error}", path.display())
        };
        let certs = CertificateDer::pem_file_iter(cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|error| unreadable(cert, &error))?;
        if certs.is_empty() {
            return Err(format!("berkas TLS {} tidak berisi sertifikat (PEM)", cert.display()));
        }
        let private = PrivateKeyDer::from_pem_file(key).map_err(|error| unreadable(key, &error))?;
        let provider = Arc::new(crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| builder.with_no_client_auth().with_single_cert(certs, private))
            .map_err(|error| format!("sertifikat dan kunci TLS tidak cocok atau tidak sah: {error}"))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Transport::Tls(tokio_rustls::TlsAcceptor::from(Arc::new(config))))
    }

    /// `https` over TLS, `http` otherwise.
    pub fn scheme(&self) -> &'static str {
        match self {
            Transport::Plain => "http",
            Transport::Tls(_) => "https",
        }
    }
}

/// How `serve` listens: its limits and its transport.
#[derive(Clone)]
pub struct Network {
    pub limits: Limits,
    pub transport: Transport,
}

impl Default for Network {
    fn default() -> Network {
        Network { limits: Limits::default(), transport: Transport::Plain }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets
/// in-flight requests finish and closes idle connections.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    network: &Network,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let Network { limits, transport } = network.clone();
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_sender, stop) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        // A permit first: over the cap, connections wait in the kernel's queue.
        let permit = tokio::select! {
            _ = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors or a connection reset before it was taken: go on.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let (app, transport, stop) = (app.clone(), transport.clone(), stop.clone());
        tokio::spawn(async move {
            serve_connection(stream, peer, app, limits, transport, stop).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_sender.send(true);
    // Every connection holds a permit until it ends: all back means all ended.
    let _ = permits.acquire_many(limits.max_connections as u32).await;
    Ok(())
}

const HEAD: u8 = 0;
const BUSY: u8 = 1;
const IDLE: u8 = 2;

/// What a connection is doing, for its watchdog: reading a request head (since when),
/// answering requests, or idle between them (since its last byte).
struct Activity {
    origin: Instant,
    phase: AtomicU8,
    head_since_ms: AtomicU64,
    last_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        let origin = Instant::now();
        let ms = AtomicU64::new(0);
        Activity {
            origin,
            phase: AtomicU8::new(HEAD),
            head_since_ms: AtomicU64::new(0),
            last_ms: ms,
            in_flight: 0.into(),
        }
    }

    fn now_ms(&self) -> u64 {
        self.origin.elapsed().as_millis() as u64
    }

    fn read(&self) {
        let now = self.now_ms();
        self.last_ms.store(now, Ordering::Relaxed);
        if self.phase.compare_exchange(IDLE, HEAD, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            self.head_since_ms.store(now, Ordering::Relaxed);
        }
    }

    fn wrote(&self) {
        self.last_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    fn request_began(&self) {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.phase.store(BUSY, Ordering::Release);
    }

    fn request_answered(&self) {
        if self.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            let _ = self.phase.compare_exchange(BUSY, IDLE, Ordering::AcqRel, Ordering::Relaxed);
            self.wrote();
        }
    }

    /// Whether a request is being answered.
    fn answering(&self) -> bool {
        self.phase.load(Ordering::Acquire) == BUSY
    }

    /// Why the connection should be closed now, if it should.
    fn overdue(&self, limits: &Limits) -> Option<&'static str> {
        let now = self.now_ms();
        let past = |since: &AtomicU64, limit: Duration| {
            now.saturating_sub(since.load(Ordering::Relaxed)) > limit.as_millis() as u64
        };
        match self.phase.load(Ordering::Acquire) {
            HEAD if past(&self.head_since_ms, limits.header_timeout) => Some("request head not read in time"),
            IDLE if past(&self.last_ms, limits.idle_timeout) => Some("idle"),
            _ => None,
        }
    }
}

/// A byte stream that tells its connection's [`Activity`] when bytes pass.
struct Watched<I> {
    inner: I,
    activity: Arc<Activity>,
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.read();
        }
        polled
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// How often a connection's watchdog looks: a quarter of the shorter timeout, 10 ms to 1 s.
fn watch_interval(limits: &Limits) -> Duration {
    (limits.header_timeout.min(limits.idle_timeout) / 4).clamp(Duration::from_millis(10), Duration::from_secs(1))
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    transport: Transport,
    mut stop: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity::new());
    let watched = Watched { inner: stream, activity: activity.clone() };
    match transport {
        Transport::Plain => http(watched, peer, app, limits, activity, stop, false).await,
        Transport::Tls(acceptor) => {
            // The handshake is part of the request head: it must end within the header timeout.
            let handshake = tokio::time::timeout(limits.header_timeout, acceptor.accept(watched));
            let tls = tokio::select! {
                _ = stop.wait_for(|stopped| *stopped) => return,
                tls = handshake => tls,
            };
            match tls {
                Ok(Ok(tls)) => http(tls, peer, app, limits, activity, stop, true).await,
                Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake not done in time"),
            }
        }
    }
}

async fn http<I: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    io: I,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    activity: Arc<Activity>,
    mut stop: watch::Receiver<bool>,
    over_tls: bool,
) {
    let counted = activity.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
        let mut request = request.map(axum::body::Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        if over_tls {
            request.extensions_mut().insert(ServedOverTls);
        }
        counted.request_began();
        let (app, counted) = (app.clone(), counted.clone());
        async move {
            let answered = app.oneshot(request).await;
            counted.request_answered();
            answered
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    // hyper's own header timeout (30 s by default once a timer is set) also runs while a
    // kept-alive connection waits for its next request, which would cut the idle timeout
    // short: it is off, and the watchdog below keeps the two timeouts apart.
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(None)
        .keep_alive(true)
        .max_header_size(HEAD_BYTES_MAX)
        .max_buf_size(BUF_BYTES_MAX);
    let connection = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(connection);
    let mut ticks = tokio::time::interval(watch_interval(&limits));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut stopping = false;
    loop {
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%peer, %error, "connection ended with an error");
                }
                return;
            }
            _ = stop.wait_for(|stopped| *stopped), if !stopping => {
                // Nothing in flight (idle, or a head not yet whole): nothing to finish.
                if !activity.answering() {
                    return;
                }
                stopping = true;
                connection.as_mut().graceful_shutdown();
            }
            _ = ticks.tick() => {
                if let Some(why) = activity.overdue(&limits) {
                    tracing::debug!(%peer, why, "connection closed");
                    return;
                }
            }
        }
    }
}
