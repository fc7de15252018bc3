//! A panti's side of the regional hub: enrolment (the head's code and the instance's
//! public key, sent to the hub, which pins the key) and the outbox (every submission's
//! signed bundle, sent whenever the hub answers, retrying with backoff; the hub receives a
//! file once by its hash, so a resend after a lost answer does no harm).
//!
//! A hub is reached over `https://` (its certificate checked against the system's roots, or
//! those `SSL_CERT_FILE` / `SSL_CERT_DIR` name) or, on a trusted office network, plain
//! `http://`: the bundle is signed either way, so a change on the way is caught.

use super::{Ledger, ServiceError};
use crate::domain::entity::{EntityId, EntityKind};
use crate::domain::problem::{Problem, Problems};
use crate::domain::report::cadence::PeriodKey;
use crate::domain::report::outbox::{hub_address, retry_after, Delivery, HubLink, Sending};
use axum::body::Body;
use hyper::{Method, Request, StatusCode};
use hyper_rustls::{ConfigBuilderExt, HttpsConnector};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

/// How long one call to the hub may take, connect included.
const CALL_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest answer read from a hub.
const ANSWER_BYTES_MAX: usize = 64 * 1024;
/// How often an idle outbox looks for new submissions (a read of the local database).
const OUTBOX_POLL: Duration = Duration::from_secs(2);

/// One client for every call to a hub, `http://` or `https://`. Without any root
/// certificate on the machine an `https://` hub cannot be trusted, so it does not answer.
static CLIENT: LazyLock<Client<HttpsConnector<HttpConnector>, String>> = LazyLock::new(|| {
    use tokio_rustls::rustls::{crypto::ring, ClientConfig, RootCertStore};
    let versions = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("ring supports TLS 1.2 and 1.3");
    let roots = versions.clone().with_native_roots().unwrap_or_else(|error| {
        tracing::warn!(%error, "no root certificates: an https:// hub cannot be reached");
        versions.with_root_certificates(RootCertStore::empty())
    });
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(roots.with_no_client_auth())
        .https_or_http()
        .enable_http1()
        .build();
    Client::builder(TokioExecutor::new()).build(connector)
});

/// What a hub answered: its status and JSON body; `None` when it did not answer.
async fn call(address: &str, path: &str, body: String) -> Option<(StatusCode, Value)> {
    let client = &*CLIENT;
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("{address}{path}"))
        .header("content-type", "application/json")
        .body(body)
        .ok()?;
    let answered = async {
        let response = client.request(request).await.ok()?;
        let status = response.status();
        let bytes = axum::body::to_bytes(Body::new(response.into_body()), ANSWER_BYTES_MAX).await.ok()?;
        Some((status, serde_json::from_slice(&bytes).unwrap_or(Value::Null)))
    };
    tokio::time::timeout(CALL_TIMEOUT, answered).await.ok().flatten()
}

fn refused(field: &'static str, problem: Problem) -> ServiceError {
    ServiceError::Refused(Problems::one(Some(field), problem))
}

/// One pass of the outbox: how many bundles the hubs took, and whether a hub did not
/// answer (then the rest waits for the next try).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub delivered: usize,
    pub unreachable: bool,
}

impl Ledger {
    /// The hub this panti enrolled at, if any.
    pub fn hub_link(&self, panti: EntityId) -> Result<Option<HubLink>, ServiceError> {
        self.reporting_panti(panti)?;
        Ok(self.store.hub_link(panti)?)
    }

    /// The fingerprint of the key this instance signs with, as the hub will show it.
    pub fn signing_fingerprint(&self) -> Result<String, ServiceError> {
        Ok(crate::domain::report::bundle::key_fingerprint(&self.store.signing_key()?.verifying_key()))
    }

    /// Enrols the panti at the hub at `address` with the officer's one-time `code`: the
    /// hub pins this instance's public key and answers the panti's number and region there.
    pub async fn enrol_at_hub(
        &self,
        panti: EntityId,
        address: &str,
        code: &str,
        enrolled_by: &str,
    ) -> Result<HubLink, ServiceError> {
        self.reporting_panti(panti)?;
        let address = hub_address(address)
            .ok_or_else(|| refused("address", Problem::HubAddress { text: address.trim().to_string() }))?;
        let code = code.trim();
        if code.is_empty() || code.len() > 64 {
            return Err(refused("code", Problem::Required));
        }
        let public_key = hex::encode(self.store.signing_key()?.verifying_key().as_bytes());
        let body = json!({"code": code, "public_key": public_key}).to_string();
        let (status, answer) = call(&address, "/api/v1/enrol", body)
            .await
            .ok_or_else(|| refused("address", Problem::HubUnreachable { address: address.clone() }))?;
        let text = |name: &str| answer[name].as_str().unwrap_or_default().to_string();
        if status != StatusCode::OK {
            let reason = if answer["message"].is_string() { text("message") } else { status.to_string() };
            return Err(refused("code", Problem::HubRefused { reason }));
        }
        let link = HubLink {
            address,
            hub_panti_id: answer["panti_id"].as_i64().unwrap_or_default(),
            hub_name: text("name"),
            region: text("region"),
            enrolled_by: enrolled_by.to_string(),
            enrolled_at: super::report::now(),
        };
        let stored = link.clone();
        self.writer.apply(move |_, writes| Ok(writes.hub_link(panti, &stored))).await?;
        Ok(link)
    }

    /// Where one submitted revision stands towards the hub; none while the panti is not
    /// enrolled at one.
    pub fn sending(&self, panti: EntityId, period: PeriodKey, revision: u32) -> Result<Option<Sending>, ServiceError> {
        if self.store.hub_link(panti)?.is_none() {
            return Ok(None);
        }
        Ok(Some(Delivery::sending(self.store.delivery(panti, period, revision)?.as_ref())))
    }

    /// The refusal a hub gave a revision, if it refused it.
    pub fn hub_refusal(
        &self,
        panti: EntityId,
        period: PeriodKey,
        revision: u32,
    ) -> Result<Option<String>, ServiceError> {
        Ok(match self.store.delivery(panti, period, revision)? {
            Some(Delivery::Refused { reason, .. }) => Some(reason),
            _ => None,
        })
    }

    /// Sends every enrolled panti's bundles not yet delivered, in period and revision
    /// order; stops at the first a hub does not answer.
    pub async fn push_outbox(&self) -> Result<Pass, ServiceError> {
        let mut pass = Pass::default();
        for panti in self.entities()?.into_iter().filter(|e| e.kind == EntityKind::Panti) {
            let Some(link) = self.store.hub_link(panti.id)? else { continue };
            for submission in self.store.submissions(panti.id, None)? {
                let (period, revision) = (submission.header.period, submission.header.revision);
                if self.store.delivery(panti.id, period, revision)?.is_some() {
                    continue;
                }
                let Some(bundle) = self.bundle(panti.id, period, revision)? else { continue };
                let sha256 = crate::domain::report::assembly::sha256_hex(bundle.as_bytes());
                let Some((status, answer)) = call(&link.address, "/api/v1/bundles", bundle).await else {
                    pass.unreachable = true;
                    return Ok(pass);
                };
                let code = answer["code"].as_str().unwrap_or_default().to_string();
                let delivery = match status {
                    // Kept now or before (a retried push); an older revision the hub holds
                    // already behind a newer one is delivered too.
                    StatusCode::CREATED | StatusCode::OK => Delivery::Delivered { at: super::report::now(), sha256 },
                    StatusCode::CONFLICT if code == "replayed" => {
                        Delivery::Delivered { at: super::report::now(), sha256 }
                    }
                    status if status.is_client_error() => Delivery::Refused {
                        at: super::report::now(),
                        reason: answer["message"].as_str().map_or_else(|| status.to_string(), str::to_string),
                        code,
                    },
                    _ => {
                        pass.unreachable = true;
                        return Ok(pass);
                    }
                };
                pass.delivered += usize::from(matches!(delivery, Delivery::Delivered { .. }));
                let panti_id = panti.id;
                self.writer.apply(move |_, writes| Ok(writes.delivery(panti_id, period, revision, &delivery))).await?;
            }
        }
        Ok(pass)
    }
}

/// The outbox's loop, while the service runs: a pass every [`OUTBOX_POLL`], and after a
/// hub did not answer, waits that double up to a minute.
pub async fn run(ledger: Ledger) {
    let mut failures = 0u32;
    loop {
        let wait = match ledger.push_outbox().await {
            Ok(pass) if !pass.unreachable => {
                failures = 0;
                OUTBOX_POLL
            }
            Ok(_) => {
                failures += 1;
                retry_after(failures)
            }
            Err(error) => {
                tracing::warn!(%error, "the outbox could not be read or recorded; trying again");
                failures += 1;
                retry_after(failures)
            }
        };
        tokio::time::sleep(wait).await;
    }
}
