//! The hub's store on PostgreSQL: the only code that knows it. Migrations are SQL files
//! embedded in the binary, applied in order on connect, each once (`schema_migrations`).

use super::{admit, Refusal};
use crate::domain::identity::{PantiType, RegionCode};
use crate::domain::report::assembly::sha256_hex;
use crate::domain::report::bundle::{key_fingerprint, BundleContents};
use std::collections::BTreeMap;
use tokio::sync::Mutex;
use tokio_postgres::{Client, NoTls};

/// Each migration once, in order; a new one is a new file and a new line here.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("migrations/001_panti_and_bundles.sql"))];

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("{0}")]
    Refused(#[from] Refusal),
}

/// A panti as the hub registered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledPanti {
    pub panti_id: i64,
    pub region: String,
    pub name: String,
    pub public_key: Option<String>,
}

/// What became of a bundle the hub accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub panti_id: i64,
    pub period: String,
    pub revision: u32,
    /// False when this exact file had been received already (a retried push).
    pub new: bool,
}

pub struct HubStore {
    /// One connection, so a receipt's check and insert run in one transaction.
    client: Mutex<Client>,
}

impl HubStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<HubStore, HubError> {
        let (mut client, connection) = tokio_postgres::connect(url, NoTls).await?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::error!(%error, "hub database connection ended");
            }
        });
        migrate(&mut client).await?;
        Ok(HubStore { client: Mutex::new(client) })
    }

    /// An officer registers a panti by region and kind: its id and a one-time enrolment
    /// code the panti's head enters on their own instance.
    pub async fn register_panti(
        &self,
        region: &RegionCode,
        name: &str,
        panti_type: PantiType,
    ) -> Result<(i64, String), HubError> {
        let code = crate::service::random_token()[..12].to_uppercase();
        let client = self.client.lock().await;
        let row = client
            .query_one(
                "INSERT INTO panti (regency, panti_id, province, region, name, panti_type, enrolment_code_sha256)
                 VALUES ($1, nextval('panti_ids'), $2, $3, $4, $5, $6) RETURNING panti_id",
                &[
                    &region.regency(),
                    &region.province(),
                    &region.as_str(),
                    &name,
                    &panti_type.code(),
                    &sha256_hex(code.as_bytes()),
                ],
            )
            .await?;
        Ok((row.get(0), code))
    }

    /// The panti presents its enrolment code and public key: the hub pins the key and the
    /// code is spent.
    pub async fn enrol(&self, code: &str, public_key: &str) -> Result<EnrolledPanti, HubError> {
        let client = self.client.lock().await;
        let row = client
            .query_opt(
                "UPDATE panti SET public_key = $2, enrolment_code_sha256 = NULL, enrolled_at = now()
                 WHERE enrolment_code_sha256 = $1 RETURNING panti_id, region, name, public_key",
                &[&sha256_hex(code.trim().to_uppercase().as_bytes()), &public_key],
            )
            .await?
            .ok_or(Refusal::UnknownCode)?;
        Ok(EnrolledPanti { panti_id: row.get(0), region: row.get(1), name: row.get(2), public_key: row.get(3) })
    }

    /// Checks a bundle file and keeps it: signed by a pinned key, its contents intact, the
    /// next revision of its period (or the latest one again, received once).
    pub async fn receive(&self, text: &str) -> Result<Received, HubError> {
        let contents = BundleContents::open(text).map_err(Refusal::Bundle)?;
        let fingerprint = contents.public_key().map(|key| key_fingerprint(&key)).unwrap_or_default();
        let period = contents.header.period.to_string();
        let revision = contents.header.revision;
        let sha256 = sha256_hex(text.as_bytes());
        let mut client = self.client.lock().await;
        let transaction = client.transaction().await?;
        let panti = transaction
            .query_opt(
                "SELECT regency, panti_id FROM panti WHERE public_key = $1 FOR UPDATE",
                &[&contents.origin.public_key],
            )
            .await?
            .ok_or(Refusal::UnknownKey { fingerprint })?;
        let (regency, panti_id): (String, i64) = (panti.get(0), panti.get(1));
        let received: BTreeMap<u32, String> = transaction
            .query(
                "SELECT revision, sha256 FROM bundle WHERE regency = $1 AND panti_id = $2 AND period = $3",
                &[&regency, &panti_id, &period],
            )
            .await?
            .iter()
            .map(|row| (row.get::<_, i32>(0) as u32, row.get(1)))
            .collect();
        let new = admit(&received, &period, revision, &sha256)?;
        if new {
            transaction
                .execute(
                    "INSERT INTO bundle (regency, panti_id, period, revision, sha256, submitted_on, contents)
                     VALUES ($1, $2, $3, $4, $5, $6::text::date, $7)",
                    &[
                        &regency,
                        &panti_id,
                        &period,
                        &(revision as i32),
                        &sha256,
                        &contents.header.submitted_on.to_string(),
                        &text,
                    ],
                )
                .await?;
        }
        transaction.commit().await?;
        Ok(Received { panti_id, period, revision, new })
    }

    /// Every revision received from a panti, as (period, revision, submitted on).
    pub async fn revisions(&self, panti_id: i64) -> Result<Vec<(String, u32, String)>, HubError> {
        let client = self.client.lock().await;
        let rows = client
            .query(
                "SELECT period, revision, submitted_on::text FROM bundle WHERE panti_id = $1 ORDER BY period, revision",
                &[&panti_id],
            )
            .await?;
        Ok(rows.iter().map(|row| (row.get(0), row.get::<_, i32>(1) as u32, row.get(2))).collect())
    }
}

async fn migrate(client: &mut Client) -> Result<(), HubError> {
    client.batch_execute("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY)").await?;
    for (version, sql) in MIGRATIONS {
        let transaction = client.transaction().await?;
        // Two hubs starting at once: the second waits here, then finds the version applied.
        transaction.batch_execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").await?;
        let applied = transaction.query_opt("SELECT 1 FROM schema_migrations WHERE version = $1", &[version]).await?;
        if applied.is_none() {
            transaction.batch_execute(sql).await?;
            transaction.execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version]).await?;
        }
        transaction.commit().await?;
    }
    Ok(())
}
