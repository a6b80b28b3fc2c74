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

pub mod admin;
pub mod audit;
pub mod cases;
pub mod import;
mod migrate;
pub mod models;
pub mod monitoring;
pub mod persons;
pub mod protection;
pub mod screening;
mod sql;
pub mod testing;
pub mod users;

pub use cases::Scoped;
pub use hifazat_vault::Vault;

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
    watchlist: Arc<std::sync::RwLock<hifazat_matching::Matcher>>,
    /// The live index of person records (for fuzzy search and duplicate hints).
    persons: Arc<std::sync::RwLock<hifazat_matching::Matcher>>,
    person_index: Arc<persons::IndexProgress>,
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

impl Store {
    /// Connects, runs the migrations, and returns the store.
    pub async fn connect(url: &str, vault: Vault) -> Result<Store> {
        let engine = Engine::from_url(url)?;
        sqlx::any::install_default_drivers();
        let url = if engine == Engine::Sqlite && !url.contains("mode=") {
            format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
        } else {
            url.to_owned()
        };
        let options = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        use sqlx::Executor;
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                            .await?;
                    }
                    Ok(())
                })
            });
        let pool = options.connect(&url).await?;
        let store = Store {
            pool,
            engine,
            vault: Arc::new(vault),
            clock: Arc::new(Utc::now),
            write_lock: Arc::new(tokio::sync::Mutex::new(())),
            watchlist: Arc::new(std::sync::RwLock::new(hifazat_matching::Matcher::new(
                Default::default(),
            ))),
            persons: Arc::new(std::sync::RwLock::new(hifazat_matching::Matcher::new(
                Default::default(),
            ))),
            person_index: Arc::default(),
        };
        migrate::run(&store).await?;
        // Screening must see every watchlist entry before the first traveller: loaded now.
        store.load_watchlist().await?;
        // The person index is built in the background (minutes for millions of records):
        // searches meanwhile say that it is still loading.
        store.spawn_person_index();
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
    pub(crate) async fn write(&self) -> Result<WriteTx<'_>> {
        let guard = if self.engine == Engine::Sqlite {
            Some(self.write_lock.lock().await)
        } else {
            None
        };
        Ok(WriteTx {
            tx: self.pool.begin().await?,
            _guard: guard,
        })
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
