//! Backups of the embedded SQLite database and their restore, and the retention purge of
//! screening alerts. (PostgreSQL is backed up with its own tools, `pg_dump` and `pg_restore`;
//! the command line runs or explains them.)
//!
//! A backup holds the encrypted data only, never the key: keep the key apart from backups.

use crate::audit::{self, AuditAction, Entry};
use crate::{ts, Engine, Result, Store, StoreError};
use chrono::Duration;
use sqlx::{Connection, Row};
use std::path::Path;

/// What a restored backup holds.
#[derive(Debug, Clone)]
pub struct BackupSummary {
    /// Cases.
    pub cases: i64,
    /// Person records.
    pub persons: i64,
    /// Audit rows.
    pub audit_rows: i64,
    /// The id of the key the backup's data is encrypted with.
    pub key_id: Option<String>,
}

fn sqlite_url(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

/// Checks that `path` is an intact Hifazat SQLite database and says what it holds.
pub async fn inspect_sqlite(path: &Path) -> Result<BackupSummary> {
    if !path.is_file() {
        return Err(StoreError::Config(format!(
            "{} is not a file",
            path.display()
        )));
    }
    let mut c = sqlx::SqliteConnection::connect(&sqlite_url(path, "ro"))
        .await
        .map_err(|e| {
            StoreError::Config(format!(
                "{} cannot be opened as SQLite: {e}",
                path.display()
            ))
        })?;
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut c)
        .await
        .map_err(|e| {
            StoreError::Config(format!("{} is not a SQLite database: {e}", path.display()))
        })?
        .try_get(0)?;
    if check != "ok" {
        return Err(StoreError::Config(format!(
            "{} is damaged (integrity check: {check})",
            path.display()
        )));
    }
    let count = |table: &'static str| format!("SELECT COUNT(*) AS n FROM {table}");
    let n = |r: sqlx::sqlite::SqliteRow| -> Result<i64> { Ok(r.try_get::<i64, _>("n")?) };
    let not_hifazat = |_| {
        StoreError::Config(format!(
            "{} is not a Hifazat database (no cases or key check)",
            path.display()
        ))
    };
    let cases = n(sqlx::query(&count("cases"))
        .fetch_one(&mut c)
        .await
        .map_err(not_hifazat)?)?;
    let persons = n(sqlx::query(&count("persons"))
        .fetch_one(&mut c)
        .await
        .map_err(not_hifazat)?)?;
    let audit_rows = n(sqlx::query(&count("audit_log"))
        .fetch_one(&mut c)
        .await
        .map_err(not_hifazat)?)?;
    let key_id = sqlx::query("SELECT key_id FROM vault_keys WHERE state = 'active'")
        .fetch_optional(&mut c)
        .await
        .map_err(not_hifazat)?
        .map(|r| r.try_get::<String, _>("key_id"))
        .transpose()?;
    c.close().await?;
    Ok(BackupSummary {
        cases,
        persons,
        audit_rows,
        key_id,
    })
}

/// Copies a backup into place as the database at `target` (which must not exist unless
/// `replace`; a replaced database is kept beside it with a `.replaced-TIME` suffix). The copy
/// is checked before it is moved into place, so a failed restore leaves the target as it was.
pub async fn restore_sqlite(backup: &Path, target: &Path, replace: bool) -> Result<BackupSummary> {
    let summary = inspect_sqlite(backup).await?;
    let io = |what: &str, e: std::io::Error| StoreError::Config(format!("{what}: {e}"));
    if target.exists() && !replace {
        return Err(StoreError::Config(format!(
            "{} already exists: restore into an empty data directory, or pass --replace to keep the current database aside and restore over it",
            target.display()
        )));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io("creating the data directory", e))?;
    }
    let partial = target.with_extension("db.restoring");
    std::fs::copy(backup, &partial).map_err(|e| io("copying the backup", e))?;
    inspect_sqlite(&partial).await?;
    if target.exists() {
        let aside = target.with_extension(format!(
            "db.replaced-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%S")
        ));
        std::fs::rename(target, &aside).map_err(|e| io("keeping the current database aside", e))?;
        for ext in ["db-wal", "db-shm"] {
            let side = target.with_extension(ext);
            if side.exists() {
                let _ = std::fs::rename(&side, aside.with_extension(format!("{ext}.replaced")));
            }
        }
    }
    std::fs::rename(&partial, target)
        .map_err(|e| io("moving the restored database into place", e))?;
    Ok(summary)
}

impl Store {
    /// Writes a consistent snapshot of the SQLite database to `output` while the server runs
    /// (`VACUUM INTO`), after recording the backup in the audit trail (so the backup holds
    /// its own record), then checks the copy. Refuses to overwrite a file.
    pub async fn backup_sqlite(&self, by: &str, output: &Path) -> Result<BackupSummary> {
        if self.engine() != Engine::Sqlite {
            return Err(StoreError::Config(
                "this database is PostgreSQL: back it up with pg_dump".into(),
            ));
        }
        if output.exists() {
            return Err(StoreError::Config(format!(
                "{} already exists: choose a new file name",
                output.display()
            )));
        }
        let partial = output.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        {
            let mut w = self.write().await?;
            audit::record(
                self,
                &mut w.tx,
                None,
                by,
                None,
                Entry {
                    action: AuditAction::Backup,
                    entity: "database",
                    entity_id: None,
                    case_id: None,
                    detail: Some(format!("snapshot to {}", output.display())),
                },
            )
            .await?;
            w.commit().await?;
        }
        sqlx::query("VACUUM INTO $1")
            .bind(partial.display().to_string())
            .execute(self.pool())
            .await?;
        let summary = inspect_sqlite(&partial).await?;
        std::fs::rename(&partial, output)
            .map_err(|e| StoreError::Config(format!("writing {}: {e}", output.display())))?;
        Ok(summary)
    }

    /// Deletes screening alerts about travellers cleared (decided "false alarm") more than
    /// `days` ago, and records how many in the audit trail. Alerts awaiting a decision and
    /// true matches are kept.
    pub async fn purge_cleared_alerts(&self, days: i64) -> Result<u64> {
        let before = ts(self.now() - Duration::days(days));
        let mut w = self.write().await?;
        let n = sqlx::query(
            "DELETE FROM screening_alerts WHERE status = 'false_alarm' AND decided_at < $1",
        )
        .bind(before.clone())
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if n > 0 {
            audit::record(
                self,
                &mut w.tx,
                None,
                "retention",
                None,
                Entry {
                    action: AuditAction::Purge,
                    entity: "screening_alert",
                    entity_id: None,
                    case_id: None,
                    detail: Some(format!(
                        "{n} alerts about cleared travellers decided before {before} deleted ({days}-day retention)"
                    )),
                },
            )
            .await?;
        }
        w.commit().await?;
        Ok(n)
    }
}
