//! Throw-away databases for tests, on either engine, so that one test suite runs on SQLite and
//! on PostgreSQL. PostgreSQL tests use `HIFAZAT_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/test`) to create a fresh database per test.

use crate::Engine;
use sqlx::Connection;

/// The server used to create PostgreSQL test databases.
pub fn postgres_admin_url() -> String {
    std::env::var("HIFAZAT_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh, empty database; call [`TestDb::drop_db`] at the end of a test to remove it.
#[derive(Debug)]
pub struct TestDb {
    /// Its URL.
    pub url: String,
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
                TestDb {
                    url: format!("sqlite://{}/hifazat.db", dir.display()),
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
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let base = admin
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_owned())
                    .unwrap_or(admin.clone());
                TestDb {
                    url: format!("{base}/{name}"),
                    engine,
                    name,
                    dir: None,
                }
            }
        }
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
                    let _ = sqlx::query(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    ))
                    .execute(&mut conn)
                    .await;
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
