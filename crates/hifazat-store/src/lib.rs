//! Hifazat's storage: one SQL code path that serves SQLite (the embedded default) and
//! PostgreSQL (national deployments), through sqlx's `Any` driver.
//!
//! The protection rules are built into the API, not left to callers:
//! * Case data is reached only through [`Scoped`], obtained with [`Store::scoped`] for a signed-in
//!   [`Actor`]. Every query it runs carries the actor's jurisdiction, so a case outside it is
//!   simply not found, whatever route asked.
//! * Every write and every view of a victim's identifying data writes an audit row in the same
//!   transaction ([`audit`]); the audit table refuses updates and deletes (triggers on both
//!   engines).
//! * Persons' identifying fields are encrypted with the [`Vault`] before they reach SQL, and
//!   decrypted only for the views that need them.
//!
//! SQL is portable: `$N` placeholders (which SQLite also accepts), `BIGINT` and `TEXT` columns,
//! ISO 8601 text for times, `INSERT … RETURNING` and `ON CONFLICT` (both engines).
//!
//! Layout: one folder per area, one file per aggregate in it ([`cases`], [`persons`],
//! [`protection`], [`screening`], [`statistics`], [`admin`]; [`agents`] and [`intake`] are one
//! file each), and the helpers every area shares in their own modules: the scoped door
//! (`scoped`), the SQL builder (`sql`), row decoding (`rows`), transactions (`tx`), column
//! encryption (`sealed`) and the audit trail ([`audit`]).

pub mod admin;
pub mod agents;
pub mod audit;
pub mod cases;
pub mod intake;
mod migrate;
pub mod persons;
pub mod protection;
mod rows;
mod scoped;
pub mod screening;
pub(crate) mod sealed;
mod sql;
pub mod statistics;
pub mod testing;
mod tx;

pub use admin::auth::AuthConfig;
pub use admin::keys::KeyState;
pub use hifazat_vault::password::DEMO_PASSWORD;
pub use hifazat_vault::Vault;
pub use scoped::Scoped;

use chrono::{DateTime, Utc};
use hifazat_domain::{Actor, FieldErrors};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use std::sync::Arc;

/// The database engine behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite (one file under the data directory).
    Sqlite,
    /// PostgreSQL (or a compatible distributed database).
    Postgres,
}

impl Engine {
    /// Chooses the engine from a database URL; refuses other schemes.
    pub fn from_url(url: &str) -> Result<Engine, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL '{}': use sqlite://PATH or postgres://…",
                url.split(':').next().unwrap_or(url)
            )))
        }
    }
}

/// Errors from the store, in terms a handler can turn into a response.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Not there, or not within the actor's jurisdiction (the two are not told apart).
    #[error("not found")]
    NotFound,
    /// The actor's role does not allow this.
    #[error("not allowed: {0}")]
    Forbidden(&'static str),
    /// The input breaks a rule; nothing was written.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// Too many failed logins.
    #[error("too many failed attempts; try again later")]
    Throttled,
    /// Configuration (URL, key) is wrong.
    #[error("{0}")]
    Config(String),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A ciphertext could not be decrypted (wrong key or tampering).
    #[error("encryption: {0}")]
    Vault(#[from] hifazat_vault::VaultError),
}

impl From<FieldErrors> for StoreError {
    fn from(e: FieldErrors) -> Self {
        StoreError::Invalid(e)
    }
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The source of "now" (fixed in tests).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A connection pool plus the keys and the clock; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    vault: Arc<Vault>,
    clock: Clock,
    /// SQLite allows one writer: writes queue here instead of failing with "database is locked".
    write_lock: Arc<tokio::sync::Mutex<()>>,
    /// The live index of active watchlist entries, kept in step with the database.
    watchlist: Arc<persons::live_index::LiveIndex>,
    /// The live index of person records (for fuzzy search and duplicate hints).
    persons: Arc<persons::live_index::LiveIndex<hifazat_matching::KeyIndex>>,
    person_index: Arc<persons::IndexProgress>,
    /// Sign-in rules.
    auth: Arc<AuthConfig>,
    /// Passwords checked since start (Argon2 runs), for throttling tests and metrics.
    password_checks: Arc<std::sync::atomic::AtomicU64>,
    /// Counts below this are hidden from aggregate-only users and in statistics (`<5`).
    small_count_threshold: i64,
    /// Provinces (current codes, or `all`) where an FIR is registered only with each adult
    /// victim's consent recorded as given.
    registration_consent: Arc<Vec<String>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("engine", &self.engine)
            .finish_non_exhaustive()
    }
}

/// The request context written to the audit trail with each action.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Who acts.
    pub actor: Actor,
    /// From where (client address), when known.
    pub ip: Option<String>,
}

impl Ctx {
    /// The system actor: the command line, seeding and bulk imports on the server (`by` names
    /// who acts in the audit trail, e.g. `cli` or `demo`). It is an administrator of national
    /// scope with no account id, and goes through the same scoped doors ([`Store::scoped`],
    /// [`Store::admin`]) as a signed-in user: it may do what an administrator may, no more.
    pub fn system(by: &str) -> Ctx {
        Ctx {
            actor: Actor {
                user_id: 0,
                username: by.to_owned(),
                agency_id: None,
                roles: vec![hifazat_domain::UserRole::Administrator],
                jurisdiction: hifazat_domain::Jurisdiction::National,
            },
            ip: None,
        }
    }
}

/// How to open a [`Store`].
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// The database the server works in: `sqlite://PATH` or `postgres://…` (with
    /// `sslmode=require` or `verify-full` for TLS).
    pub url: String,
    /// PostgreSQL: run the migrations over this URL (the schema owner's role) instead of
    /// `url`, then grant the role of `url` what serving needs, and no more: it may insert into
    /// the audit trail but not change it or its triggers. See the README's operations section.
    pub owner_url: Option<String>,
    /// Sign-in rules (password policy, second factor, throttling, session lifetimes).
    pub auth: AuthConfig,
    /// Load the watchlist and build the person index (the server); administration commands
    /// that do not screen or search skip it.
    pub indexes: bool,
    /// How long to wait for the database before giving up with a clear error.
    pub connect_timeout: std::time::Duration,
    /// Open even while a key rotation is unfinished (only `hifazat key rotate` does).
    pub during_rotation: bool,
}

impl StoreOptions {
    /// Options for `url` with the defaults: production sign-in rules, indexes built, a
    /// ten-second connection timeout.
    pub fn new(url: impl Into<String>) -> StoreOptions {
        StoreOptions {
            url: url.into(),
            owner_url: None,
            auth: AuthConfig::default(),
            indexes: true,
            connect_timeout: std::time::Duration::from_secs(10),
            during_rotation: false,
        }
    }
}

impl Store {
    /// Connects, runs the migrations, checks the key, and returns the store (production
    /// sign-in rules; see [`Store::open`] for the rest).
    pub async fn connect(url: &str, vault: Vault) -> Result<Store> {
        Store::open(StoreOptions::new(url), |_| Ok(vault)).await
    }

    /// Opens the database described by `opts`: connects (failing within the timeout with a
    /// message that says what to check), runs the migrations, then asks `key` for the vault,
    /// telling it whether the database already holds data encrypted under some key
    /// ([`KeyState`]); so a key file is created only once the database has been reached and is
    /// known to be new. The key must decrypt the database's key check, else nothing starts.
    pub async fn open(
        opts: StoreOptions,
        key: impl FnOnce(&KeyState) -> Result<Vault, String>,
    ) -> Result<Store> {
        let engine = Engine::from_url(&opts.url)?;
        sqlx::any::install_default_drivers();
        let pool = pool_for(engine, &opts.url, opts.connect_timeout).await?;
        if let Some(owner) = &opts.owner_url {
            if engine != Engine::Postgres {
                return Err(StoreError::Config(
                    "a separate owner URL is for PostgreSQL only".into(),
                ));
            }
            let owner_pool = pool_for(engine, owner, opts.connect_timeout).await?;
            migrate::run(engine, &owner_pool).await?;
            migrate::grant_app_role(&owner_pool, &opts.url).await?;
            owner_pool.close().await;
        } else {
            migrate::run(engine, &pool).await?;
        }
        let state = admin::keys::key_state(&pool).await?;
        let vault = key(&state).map_err(StoreError::Config)?;
        let person_index = persons::person_key_index(&vault);
        let store = Store {
            pool,
            engine,
            vault: Arc::new(vault),
            clock: Arc::new(Utc::now),
            write_lock: Arc::new(tokio::sync::Mutex::new(())),
            watchlist: persons::live_index::LiveIndex::new("watchlist", Default::default()),
            persons: persons::live_index::LiveIndex::new("person", person_index),
            person_index: Arc::default(),
            auth: Arc::new(opts.auth),
            password_checks: Arc::default(),
            small_count_threshold: hifazat_domain::stats::DEFAULT_THRESHOLD,
            registration_consent: Arc::default(),
        };
        store.check_key(&state, opts.during_rotation).await?;
        sealed::seal_legacy_fields(&store).await?;
        cases::identifiers::backfill(&store).await?;
        if opts.indexes {
            // Screening must see every watchlist entry before the first traveller: loaded now.
            store.load_watchlist().await?;
            // The person index is built in the background (minutes for millions of records):
            // searches meanwhile say that it is still loading.
            store.spawn_person_index();
        }
        Ok(store)
    }

    /// Replaces the clock (tests and demo seeding).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The engine in use.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The same store hiding counts below `threshold` (at least 2) from aggregate-only users
    /// and in statistics.
    pub fn with_small_count_threshold(mut self, threshold: i64) -> Store {
        self.small_count_threshold = threshold.max(2);
        self
    }

    /// The same store requiring, in the provinces given (codes such as `PK-PB`, or `all`), each
    /// adult victim's consent to be recorded as given before a case's FIR is registered (see
    /// [`witnesses`]). Empty: not enforced anywhere.
    pub fn with_registration_consent(mut self, provinces: Vec<String>) -> Store {
        self.registration_consent = Arc::new(
            provinces
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .map(|p| {
                    if p.eq_ignore_ascii_case("all") {
                        "all".to_owned()
                    } else {
                        hifazat_domain::reference::current_province_code(p).to_owned()
                    }
                })
                .collect(),
        );
        self
    }

    /// True when a case of `province` needs its adult victims' consent before its FIR.
    pub fn registration_consent_required(&self, province: &str) -> bool {
        let p = hifazat_domain::reference::current_province_code(province);
        self.registration_consent
            .iter()
            .any(|x| x == "all" || x == p)
    }

    /// Counts below this are hidden (`<5` at the default of 5).
    pub fn small_count_threshold(&self) -> i64 {
        self.small_count_threshold
    }

    /// The current time from the store's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Today's date (UTC) from the store's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().date_naive()
    }

    /// The vault (for callers that encrypt or hash outside the store, e.g. the key check).
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Case data as `ctx.actor` may see and change it.
    pub fn scoped(&self, ctx: Ctx) -> Scoped<'_> {
        Scoped::new(self, ctx)
    }

    /// True when the database answers (for `/healthz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Begins a write transaction; on SQLite writes are serialised by the store's lock.
    ///
    /// On SQLite the transaction is `BEGIN IMMEDIATE`: it takes the database's write lock at
    /// once, where the busy timeout makes it wait. A refused write returns its error and drops
    /// its transaction, whose ROLLBACK sqlx only queues, while the store's lock is released at
    /// once; a deferred transaction that then read before writing would meet the old one's
    /// write lock as "database is locked" at its first write (SQLite does not wait there), a
    /// 500 for a request that did nothing wrong. Found under load by the witnesses tests.
    pub(crate) async fn write(&self) -> Result<WriteTx<'_>> {
        let (guard, tx) = if self.engine == Engine::Sqlite {
            let guard = self.write_lock.lock().await;
            (Some(guard), self.pool.begin_with("BEGIN IMMEDIATE").await?)
        } else {
            (None, self.pool.begin().await?)
        };
        Ok(WriteTx { tx, _guard: guard })
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await
    }
}

/// A write transaction (holding the SQLite writer lock while it lives).
pub(crate) struct WriteTx<'a> {
    pub(crate) tx: sqlx::Transaction<'static, sqlx::Any>,
    _guard: Option<tokio::sync::MutexGuard<'a, ()>>,
}

impl WriteTx<'_> {
    pub(crate) async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

async fn pool_for(engine: Engine, url: &str, timeout: std::time::Duration) -> Result<AnyPool> {
    let url = if engine == Engine::Sqlite && !url.contains("mode=") {
        format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
    } else {
        url.to_owned()
    };
    let options = AnyPoolOptions::new()
        .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
        .acquire_timeout(timeout)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    use sqlx::Executor;
                    // synchronous = FULL: a commit (with its audit row) is on disk when it
                    // returns, even if the machine loses power. A 32 MB page cache per
                    // connection (SQLite's default is 2 MB) keeps the indexes of a large
                    // registry (random keys: record ids, blind indexes) in memory; it fills
                    // only as far as the database is read.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -32768;")
                        .await?;
                }
                Ok(())
            })
        });
    match tokio::time::timeout(timeout, options.connect(&url)).await {
        Ok(Ok(pool)) => Ok(pool),
        Ok(Err(e)) => Err(StoreError::Config(connect_error(engine, &e))),
        Err(_) => Err(StoreError::Config(format!(
            "the database did not answer within {} seconds: check that the server is running and reachable, and the host and port in the URL",
            timeout.as_secs()
        ))),
    }
}

/// Says what to check when the database cannot be reached.
fn connect_error(engine: Engine, e: &sqlx::Error) -> String {
    let text = e.to_string();
    let hint = match engine {
        Engine::Sqlite => "check that the data directory exists and is writable",
        Engine::Postgres
            if ["TLS", "tls", "SSL", "ssl", "certificate"]
                .iter()
                .any(|w| text.contains(w)) =>
        {
            "TLS failed: check sslmode and sslrootcert (the CA that signed the server's certificate) in the URL, and that the server has TLS enabled"
        }
        Engine::Postgres => {
            "check that PostgreSQL is running and reachable, and the host, port, user and database in the URL"
        }
    };
    format!("cannot connect to the database ({text}): {hint}")
}

/// The highest page number a list accepts (beyond it, pages are empty anyway).
pub const MAX_PAGE: i64 = 1_000_000;

/// A requested page number made safe: at least 1, at most [`MAX_PAGE`] (so that the offset
/// `(page - 1) * per_page` cannot overflow).
pub fn page_number(page: Option<i64>) -> i64 {
    page.unwrap_or(1).clamp(1, MAX_PAGE)
}

/// Formats a time as stored: ISO 8601 UTC, seconds.
pub fn ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Parses a stored time.
pub fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A validation error on one field (`e`), with its message.
pub(crate) fn field(e: &str, m: impl Into<String>) -> StoreError {
    let mut f = hifazat_domain::FieldErrors::new();
    f.add(e, m);
    StoreError::Invalid(f)
}
