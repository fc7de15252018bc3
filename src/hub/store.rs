//! The hub's store on PostgreSQL: the only code that knows it. Migrations are SQL files
//! embedded in the binary, applied in order on connect, each once (`schema_migrations`).

use super::figures::{key_figures, KeyFigures};
use super::recap::{Expected, ReceivedReport};
use super::{admit, OfficerError, Refusal, Scope, SESSION_HOURS};
use crate::domain::identity::{PantiType, RegionCode};
use crate::domain::report::assembly::sha256_hex;
use crate::domain::report::bundle::{key_fingerprint, BundleContents};
use crate::domain::report::cadence::{PeriodKey, Stage};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use tokio_postgres::NoTls;

/// Each migration once, in order; a new one is a new file and a new line here.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("migrations/001_panti_and_bundles.sql")),
    (2, include_str!("migrations/002_officers_and_recap.sql")),
    (3, include_str!("migrations/003_enrolment_by_form.sql")),
];

/// The region filter every officer's read carries: the nation (''), a provinsi or a
/// kabupaten/kota. On `regency`, Citus routes a kabupaten's read to one shard.
const IN_SCOPE: &str = "($1 = '' OR province = $1 OR regency = $1)";

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("PostgreSQL connection: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("{0}")]
    Officer(#[from] OfficerError),
}

/// A signed-in officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub username: String,
    pub scope: Scope,
}

/// What an officer fills in to register a panti.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub region: RegionCode,
    pub name: String,
    pub panti_type: PantiType,
    pub stage: Stage,
    pub reports_from: NaiveDate,
    pub due_days: u16,
    pub registered_by: String,
}

/// A panti as an officer's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PantiListing {
    pub panti_id: i64,
    pub name: String,
    pub region: String,
    pub panti_type: String,
    /// The pinned key's fingerprint once enrolled.
    pub fingerprint: Option<String>,
    pub revisions: i64,
}

/// One received revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionListing {
    pub period: String,
    pub revision: u32,
    pub submitted_on: String,
    pub received_at: String,
    pub sha256: String,
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
    /// A few connections, so that receipts from many panti overlap (PostgreSQL commits
    /// them together); each statement prepared once per connection.
    pool: deadpool_postgres::Pool,
}

/// Connections the hub keeps open: a few per core of a small server is enough for
/// PostgreSQL to group commits.
const CONNECTIONS_MAX: usize = 8;

impl HubStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<HubStore, HubError> {
        let config: tokio_postgres::Config = url.parse()?;
        let manager = deadpool_postgres::Manager::new(config, NoTls);
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(CONNECTIONS_MAX)
            .build()
            .expect("a pool without timeouts needs no runtime to be built");
        let store = HubStore { pool };
        migrate(&mut store.client().await?).await?;
        Ok(store)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, HubError> {
        Ok(self.pool.get().await?)
    }

    /// An officer registers a panti by region and kind: its id and a one-time enrolment
    /// code the panti's head enters on their own instance.
    pub async fn register_panti(&self, registration: &Registration) -> Result<(i64, String), HubError> {
        self.register_panti_once(registration, &crate::service::random_token()).await
    }

    /// `register_panti` from the officer's form, once per `form_key`: the same form sent
    /// again answers the panti it registered, with the same code (made from the key, which
    /// only that officer's page holds), so a double tap neither registers it twice nor
    /// loses the code shown.
    pub async fn register_panti_once(
        &self,
        registration: &Registration,
        form_key: &str,
    ) -> Result<(i64, String), HubError> {
        let code = enrolment_code(form_key);
        let region = &registration.region;
        let stage = match registration.stage {
            Stage::Awal => "awal",
            Stage::Mapan => "mapan",
        };
        let client = self.client().await?;
        // The no-op update makes a repeated form answer its first row.
        let row = client
            .query_one(
                "INSERT INTO panti (regency, panti_id, province, region, name, panti_type, enrolment_code_sha256,
                                    reports_from, stage, due_days, registered_by, form_key_sha256)
                 VALUES ($1, nextval('panti_ids'), $2, $3, $4, $5, $6, $7::text::date, $8, $9, $10, $11)
                 ON CONFLICT (regency, form_key_sha256) DO UPDATE SET form_key_sha256 = EXCLUDED.form_key_sha256
                 RETURNING panti_id",
                &[
                    &region.regency(),
                    &region.province(),
                    &region.as_str(),
                    &registration.name,
                    &registration.panti_type.code(),
                    &sha256_hex(code.as_bytes()),
                    &registration.reports_from.to_string(),
                    &stage,
                    &i32::from(registration.due_days),
                    &registration.registered_by,
                    &sha256_hex(form_key.as_bytes()),
                ],
            )
            .await?;
        Ok((row.get(0), code))
    }

    /// A new one-time code for a panti of `scope` (the first one lost, or the panti's
    /// laptop replaced): it replaces any unused code, and enrolling with it pins the key of
    /// the instance that uses it. `None` when the panti lies outside `scope`.
    pub async fn new_enrolment_code(&self, scope: &Scope, panti_id: i64) -> Result<Option<String>, HubError> {
        let code = enrolment_code(&crate::service::random_token());
        let client = self.client().await?;
        let updated = client
            .execute(
                &format!("UPDATE panti SET enrolment_code_sha256 = $3 WHERE panti_id = $2 AND {IN_SCOPE}"),
                &[&scope.code(), &panti_id, &sha256_hex(code.as_bytes())],
            )
            .await?;
        Ok((updated == 1).then_some(code))
    }

    /// The panti presents its enrolment code and public key: the hub pins the key and the
    /// code is spent.
    pub async fn enrol(&self, code: &str, public_key: &str) -> Result<EnrolledPanti, HubError> {
        let key: Option<[u8; 32]> = hex::decode(public_key.trim()).ok().and_then(|bytes| bytes.try_into().ok());
        if key.and_then(|key| ed25519_dalek::VerifyingKey::from_bytes(&key).ok()).is_none() {
            return Err(Refusal::BadKey.into());
        }
        let public_key = public_key.trim();
        let client = self.client().await?;
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
        let mut client = self.client().await?;
        let transaction = client.transaction().await?;
        // Prepared once per connection: a receipt is then one round trip per statement.
        let find_panti = transaction
            .prepare_cached("SELECT regency, panti_id, province FROM panti WHERE public_key = $1 FOR UPDATE")
            .await?;
        let panti = transaction
            .query_opt(&find_panti, &[&contents.origin.public_key])
            .await?
            .ok_or(Refusal::UnknownKey { fingerprint })?;
        let (regency, panti_id, province): (String, i64, String) = (panti.get(0), panti.get(1), panti.get(2));
        let revisions = transaction
            .prepare_cached("SELECT revision, sha256 FROM bundle WHERE regency = $1 AND panti_id = $2 AND period = $3")
            .await?;
        let received: BTreeMap<u32, String> = transaction
            .query(&revisions, &[&regency, &panti_id, &period])
            .await?
            .iter()
            .map(|row| (row.get::<_, i32>(0) as u32, row.get(1)))
            .collect();
        let new = admit(&received, &period, revision, &sha256)?;
        if new {
            let keep_bundle = transaction
                .prepare_cached(
                    "INSERT INTO bundle (regency, panti_id, period, revision, sha256, submitted_on, contents)
                     VALUES ($1, $2, $3, $4, $5, $6::text::date, $7)",
                )
                .await?;
            let submitted_on = contents.header.submitted_on.to_string();
            transaction
                .execute(
                    &keep_bundle,
                    &[&regency, &panti_id, &period, &(revision as i32), &sha256, &submitted_on, &text],
                )
                .await?;
            let figures = figures_text(&key_figures(&contents.data));
            // The first revision sets the day the report was submitted; later ones its figures.
            let keep_report = transaction
                .prepare_cached(
                    "INSERT INTO report (regency, panti_id, province, period, year, first_submitted_on, latest_revision, figures)
                     VALUES ($1, $2, $3, $4, $5, $6::text::date, $7, $8)
                     ON CONFLICT (regency, panti_id, period)
                     DO UPDATE SET latest_revision = EXCLUDED.latest_revision, figures = EXCLUDED.figures",
                )
                .await?;
            transaction
                .execute(
                    &keep_report,
                    &[
                        &regency,
                        &panti_id,
                        &province,
                        &period,
                        &contents.header.period.year(),
                        &submitted_on,
                        &(revision as i32),
                        &figures,
                    ],
                )
                .await?;
        }
        transaction.commit().await?;
        Ok(Received { panti_id, period, revision, new })
    }

    /// Every revision received from a panti, as (period, revision, submitted on).
    pub async fn revisions(&self, panti_id: i64) -> Result<Vec<(String, u32, String)>, HubError> {
        let listed = self.revisions_in(&Scope::Nasional, panti_id).await?;
        Ok(listed.into_iter().map(|r| (r.period, r.revision, r.submitted_on)).collect())
    }

    /// A panti's revisions, if the panti lies in `scope`; none for one outside it.
    pub async fn revisions_in(&self, scope: &Scope, panti_id: i64) -> Result<Vec<RevisionListing>, HubError> {
        let client = self.client().await?;
        let rows = client
            .query(
                &format!(
                    "SELECT period, revision, submitted_on::text, to_char(received_at, 'YYYY-MM-DD HH24:MI'), sha256
                     FROM bundle JOIN panti USING (regency, panti_id)
                     WHERE panti_id = $2 AND {IN_SCOPE} ORDER BY period, revision"
                ),
                &[&scope.code(), &panti_id],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| RevisionListing {
                period: row.get(0),
                revision: row.get::<_, i32>(1) as u32,
                submitted_on: row.get(2),
                received_at: row.get(3),
                sha256: row.get(4),
            })
            .collect())
    }

    /// One panti of `scope`.
    pub async fn panti_in(&self, scope: &Scope, panti_id: i64) -> Result<Option<PantiListing>, HubError> {
        Ok(self.listing(scope, Some(panti_id), "", 0, 1).await?.0.pop())
    }

    /// The panti of `scope` whose name holds `search` or whose region code starts with it
    /// (all of them when it is empty), by region then name: `limit` of them from `offset`,
    /// and how many match in all.
    pub async fn panti_of(
        &self,
        scope: &Scope,
        search: &str,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<PantiListing>, i64), HubError> {
        self.listing(scope, None, search.trim(), offset, limit).await
    }

    async fn listing(
        &self,
        scope: &Scope,
        panti_id: Option<i64>,
        search: &str,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<PantiListing>, i64), HubError> {
        // What is typed is matched as text: LIKE's own wildcards in it are escaped.
        let literal = search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let client = self.client().await?;
        let rows = client
            .query(
                &format!(
                    "SELECT panti_id, name, region, panti_type, public_key,
                            (SELECT count(*) FROM bundle b WHERE b.regency = p.regency AND b.panti_id = p.panti_id),
                            count(*) OVER ()
                     FROM panti p WHERE {IN_SCOPE} AND ($2::bigint IS NULL OR panti_id = $2)
                       AND ($3 = '' OR name ILIKE '%' || $3 || '%' OR region LIKE $3 || '%')
                     ORDER BY region, name, panti_id LIMIT $4 OFFSET $5"
                ),
                &[&scope.code(), &panti_id, &literal, &limit, &offset],
            )
            .await?;
        let matching = rows.first().map_or(0, |row| row.get(6));
        let listed = rows
            .iter()
            .map(|row| {
                let key: Option<String> = row.get(4);
                let fingerprint = key.and_then(|key| {
                    let bytes: [u8; 32] = hex::decode(key).ok()?.try_into().ok()?;
                    Some(key_fingerprint(&ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok()?))
                });
                PantiListing {
                    panti_id: row.get(0),
                    name: row.get(1),
                    region: row.get(2),
                    panti_type: row.get(3),
                    fingerprint,
                    revisions: row.get(5),
                }
            })
            .collect();
        Ok((listed, matching))
    }

    /// The bundle file of one revision of a panti in `scope`, as received.
    pub async fn bundle_in(
        &self,
        scope: &Scope,
        panti_id: i64,
        period: &str,
        revision: u32,
    ) -> Result<Option<String>, HubError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                &format!(
                    "SELECT contents FROM bundle JOIN panti USING (regency, panti_id)
                     WHERE panti_id = $2 AND period = $3 AND revision = $4 AND {IN_SCOPE}"
                ),
                &[&scope.code(), &panti_id, &period, &(revision as i32)],
            )
            .await?;
        Ok(row.map(|row| row.get(0)))
    }

    /// What a recap of `year` in `scope` reads: the panti registered there and the reports
    /// received of that year.
    pub async fn recap_rows(&self, scope: &Scope, year: i32) -> Result<(Vec<Expected>, Vec<ReceivedReport>), HubError> {
        let client = self.client().await?;
        let panti = client
            .query(
                &format!(
                    "SELECT panti_id, name, region, regency, province, stage, reports_from::text, due_days
                     FROM panti WHERE {IN_SCOPE} ORDER BY region, name"
                ),
                &[&scope.code()],
            )
            .await?
            .iter()
            .map(|row| Expected {
                panti_id: row.get(0),
                name: row.get(1),
                region: row.get(2),
                regency: row.get(3),
                province: row.get(4),
                stage: if row.get::<_, &str>(5) == "mapan" { Stage::Mapan } else { Stage::Awal },
                reports_from: row.get::<_, &str>(6).parse().expect("PostgreSQL writes dates as YYYY-MM-DD"),
                due_days: row.get::<_, i32>(7) as u16,
            })
            .collect();
        let reports = client
            .query(
                &format!(
                    "SELECT panti_id, period, first_submitted_on::text, latest_revision, figures
                     FROM report WHERE year = $2 AND {IN_SCOPE}"
                ),
                &[&scope.code(), &year],
            )
            .await?
            .iter()
            .filter_map(|row| {
                Some(ReceivedReport {
                    panti_id: row.get(0),
                    period: PeriodKey::parse(row.get(1)).ok()?,
                    first_submitted_on: row.get::<_, &str>(2).parse().ok()?,
                    latest_revision: row.get::<_, i32>(3) as u32,
                    figures: figures_of(row.get(4)),
                })
            })
            .collect();
        Ok((panti, reports))
    }

    pub async fn add_officer(&self, username: &str, scope: &Scope, password_hash: &str) -> Result<Officer, HubError> {
        let client = self.client().await?;
        let added = client
            .execute(
                "INSERT INTO officer (username, region, password_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&username, &scope.code(), &password_hash],
            )
            .await?;
        if added == 0 {
            return Err(OfficerError::Exists.into());
        }
        Ok(Officer { username: username.to_string(), scope: scope.clone() })
    }

    /// An officer and their password's hash.
    pub async fn officer_hash(&self, username: &str) -> Result<Option<(Officer, String)>, HubError> {
        let client = self.client().await?;
        let row =
            client.query_opt("SELECT region, password_hash FROM officer WHERE username = $1", &[&username]).await?;
        Ok(row.map(|row| (Officer { username: username.to_string(), scope: Scope::from_code(row.get(0)) }, row.get(1))))
    }

    /// Opens a session for `username`; the officer's sessions that have expired go, so
    /// the table holds only the ones that may still be used.
    pub async fn open_session(&self, username: &str, token: &str) -> Result<(), HubError> {
        let client = self.client().await?;
        client.execute("DELETE FROM officer_session WHERE username = $1 AND expires_at <= now()", &[&username]).await?;
        client
            .execute(
                &format!(
                    "INSERT INTO officer_session (token_sha256, username, expires_at)
                     VALUES ($1, $2, now() + interval '{SESSION_HOURS} hours')"
                ),
                &[&sha256_hex(token.as_bytes()), &username],
            )
            .await?;
        Ok(())
    }

    /// The officer a session token belongs to, while it lasts.
    pub async fn session(&self, token: &str) -> Result<Option<Officer>, HubError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT o.username, o.region FROM officer_session s JOIN officer o USING (username)
                 WHERE s.token_sha256 = $1 AND s.expires_at > now()",
                &[&sha256_hex(token.as_bytes())],
            )
            .await?;
        Ok(row.map(|row| Officer { username: row.get(0), scope: Scope::from_code(row.get(1)) }))
    }

    pub async fn close_session(&self, token: &str) -> Result<(), HubError> {
        let client = self.client().await?;
        client.execute("DELETE FROM officer_session WHERE token_sha256 = $1", &[&sha256_hex(token.as_bytes())]).await?;
        Ok(())
    }
}

/// Key figures as stored: `{"sales_idr": "150000.00", …}`.
/// A one-time enrolment code: 12 characters a head can type, made from `secret`.
fn enrolment_code(secret: &str) -> String {
    sha256_hex(format!("kube-ledger hub enrolment {secret}").as_bytes())[..12].to_uppercase()
}

fn figures_text(figures: &KeyFigures) -> String {
    let named: BTreeMap<&str, String> = figures.iter().map(|(f, v)| (f.name(), v.to_string())).collect();
    serde_json::to_string(&named).expect("a map of texts serialises")
}

fn figures_of(text: &str) -> KeyFigures {
    let named: BTreeMap<String, String> = serde_json::from_str(text).unwrap_or_default();
    super::figures::Figure::ALL
        .into_iter()
        .filter_map(|figure| Some((figure, named.get(figure.name())?.parse().ok()?)))
        .collect()
}

async fn migrate(client: &mut deadpool_postgres::Object) -> Result<(), HubError> {
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
