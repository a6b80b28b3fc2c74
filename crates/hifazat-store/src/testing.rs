//! Throw-away databases for tests, on either engine, so that one test suite runs on SQLite and
//! on PostgreSQL. PostgreSQL tests use `HIFAZAT_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/test`) to create a fresh database per test, laid out as
//! in production: the database belongs to an owner role that runs the migrations, and the
//! store serves as a separate role that cannot change the audit trail (see [`TestDb::options`]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: used only by tests"
)]

use crate::{AuthConfig, Engine, Store, StoreOptions, Vault};
use sqlx::Connection;

/// The server used to create PostgreSQL test databases.
pub fn postgres_admin_url() -> String {
    std::env::var("HIFAZAT_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh, empty database; call [`TestDb::drop_db`] at the end of a test to remove it.
#[derive(Debug)]
pub struct TestDb {
    /// Its URL (on PostgreSQL, as the serving role).
    pub url: String,
    /// The schema owner's URL (on SQLite, the same file).
    pub owner_url: String,
    engine: Engine,
    name: String,
    dir: Option<std::path::PathBuf>,
}

impl TestDb {
    /// Creates an empty database on `engine`.
    pub async fn new(engine: Engine) -> TestDb {
        let name = format!("hifazat_t_{}", uuid::Uuid::new_v4().simple());
        match engine {
            Engine::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}/hifazat.db", dir.display());
                TestDb {
                    owner_url: url.clone(),
                    url,
                    engine,
                    name,
                    dir: Some(dir),
                }
            }
            Engine::Postgres => {
                let admin = postgres_admin_url();
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL tests need a server at {admin}: {e}"));
                for sql in [
                    format!("CREATE ROLE {name}_owner LOGIN"),
                    format!("CREATE ROLE {name}_app LOGIN"),
                    format!("CREATE DATABASE {name} OWNER {name}_owner"),
                ] {
                    sqlx::query(&sql)
                        .execute(&mut conn)
                        .await
                        .unwrap_or_else(|e| panic!("{sql}: {e}"));
                }
                // postgres://USER@HOST:PORT/DB → the same server as another role and database.
                let (scheme, rest) = admin.split_once("://").unwrap_or(("postgres", &admin));
                let host = rest.split_once('@').map(|(_, h)| h).unwrap_or(rest);
                let host = host.split_once('/').map(|(h, _)| h).unwrap_or(host);
                TestDb {
                    url: format!("{scheme}://{name}_app@{host}/{name}"),
                    owner_url: format!("{scheme}://{name}_owner@{host}/{name}"),
                    engine,
                    name,
                    dir: None,
                }
            }
        }
    }

    /// How to open it: on PostgreSQL the migrations run as the owner and the store serves as
    /// the app role (the production layout); sign-in rules are the production ones except that
    /// no role needs a second factor (tests of the second factor set it themselves).
    pub fn options(&self) -> StoreOptions {
        StoreOptions {
            owner_url: (self.engine == Engine::Postgres).then(|| self.owner_url.clone()),
            auth: AuthConfig {
                second_factor_roles: Vec::new(),
                ..AuthConfig::default()
            },
            ..StoreOptions::new(self.url.clone())
        }
    }

    /// Opens a store on it with `vault`, laid out as [`TestDb::options`] says.
    pub async fn connect(&self, vault: Vault) -> crate::Result<Store> {
        Store::open(self.options(), |_| Ok(vault)).await
    }

    /// Removes the database (after the pools using it are closed).
    pub async fn drop_db(self) {
        match self.engine {
            Engine::Sqlite => {
                if let Some(d) = self.dir {
                    let _ = std::fs::remove_dir_all(d);
                }
            }
            Engine::Postgres => {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
                    for sql in [
                        format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
                        format!("DROP ROLE IF EXISTS {}_owner", self.name),
                        format!("DROP ROLE IF EXISTS {}_app", self.name),
                    ] {
                        let _ = sqlx::query(&sql).execute(&mut conn).await;
                    }
                }
            }
        }
    }
}

/// Defines `mod sqlite` and `mod postgres`, each with the same async tests, which receive the
/// [`Engine`] to run on.
#[macro_export]
macro_rules! both_engines {
    ($($(#[$m:meta])* async fn $name:ident($engine:ident: Engine) $body:block)+) => {
        $( $(#[$m])* async fn $name($engine: $crate::Engine) $body )+
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name($crate::Engine::Sqlite).await } )+
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name($crate::Engine::Postgres).await } )+
        }
    };
}
