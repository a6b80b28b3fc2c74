//! The encryption key and the database it belongs to: a check value written with the first key
//! (so that a server started with the wrong key refuses to start instead of failing on every
//! victim's record), and key rotation (every protected field re-encrypted under a new key, and
//! every blind index recomputed, in batches that can be interrupted and resumed).

use crate::audit::{self, AuditAction, Entry};
use crate::sealed::{self, SEALED};
use crate::{ts, Result, Store, StoreError, Vault};
use sqlx::Row;

/// The plain text of the key check (any fixed text would do).
const CHECK_TEXT: &str = "hifazat key check";
/// The context the check value is bound to.
const CHECK_CONTEXT: &str = "vault_keys.check";
/// Rows per transaction during a rotation.
pub const ROTATION_BATCH: i64 = 500;

/// What the database says about keys, before a key is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// Nothing encrypted yet and no key recorded: any new key will do (and will be recorded).
    New,
    /// The database was encrypted with the key of this id (and, during a rotation, is moving
    /// to `next`).
    Known {
        /// The active key's id.
        active: Option<String>,
        /// The key a rotation in progress is moving to.
        next: Option<String>,
        /// True when data exists that was encrypted before key checks were recorded.
        legacy_data: bool,
    },
}

impl KeyState {
    /// True when the database holds no encrypted data and no key record.
    pub fn is_new(&self) -> bool {
        matches!(self, KeyState::New)
    }
}

/// Reads the key records (before the vault exists).
pub(crate) async fn key_state(pool: &sqlx::AnyPool) -> Result<KeyState> {
    let rows = sqlx::query("SELECT key_id, state FROM vault_keys")
        .fetch_all(pool)
        .await?;
    let mut active = None;
    let mut next = None;
    for r in &rows {
        let id: String = r.try_get("key_id")?;
        match r.try_get::<String, _>("state")?.as_str() {
            "active" => active = Some(id),
            "next" => next = Some(id),
            _ => {}
        }
    }
    let legacy_data = sqlx::query("SELECT id FROM persons LIMIT 1")
        .fetch_optional(pool)
        .await?
        .is_some();
    if active.is_none() && next.is_none() && !legacy_data {
        Ok(KeyState::New)
    } else {
        Ok(KeyState::Known {
            active,
            next,
            legacy_data,
        })
    }
}

fn wrong_key(loaded: &str, expected: &str) -> StoreError {
    StoreError::Config(format!(
        "the encryption key (id {loaded}) is not the key this database was encrypted with (id {expected}): \
         start with the right key file (--key-file) or HIFAZAT_KEY. Nothing was changed. If the key is lost, \
         victims' identifying data cannot be recovered: restore the key from its backup"
    ))
}

impl Store {
    /// Refuses a vault that cannot decrypt this database; records the key of a new database.
    pub(crate) async fn check_key(&self, state: &KeyState, during_rotation: bool) -> Result<()> {
        let v = self.vault();
        match state {
            KeyState::New => self.record_key(v, "active").await,
            KeyState::Known {
                active,
                next,
                legacy_data,
            } => {
                if let Some(next) = next {
                    if !during_rotation {
                        return Err(StoreError::Config(format!(
                            "a key rotation to key {next} is unfinished: run `hifazat key rotate` again with the same new key to finish it"
                        )));
                    }
                }
                match active {
                    Some(active) => {
                        let stored: String =
                            sqlx::query("SELECT check_enc FROM vault_keys WHERE key_id = $1")
                                .bind(active.clone())
                                .fetch_one(self.pool())
                                .await?
                                .try_get("check_enc")?;
                        match v.decrypt(CHECK_CONTEXT, &stored) {
                            Ok(t) if t == CHECK_TEXT => Ok(()),
                            _ => Err(wrong_key(v.key_id(), active)),
                        }
                    }
                    // Data from before key checks: the key must open a person's name.
                    None if *legacy_data => {
                        let r =
                            sqlx::query("SELECT uid, name_enc FROM persons ORDER BY id LIMIT 1")
                                .fetch_one(self.pool())
                                .await?;
                        let uid: String = r.try_get("uid")?;
                        let name: String = r.try_get("name_enc")?;
                        if v.decrypt(&format!("persons.name:{uid}"), &name).is_err() {
                            let expected = name.split(':').next().unwrap_or("?").to_owned();
                            return Err(wrong_key(v.key_id(), &expected));
                        }
                        self.record_key(v, "active").await
                    }
                    None => self.record_key(v, "active").await,
                }
            }
        }
    }

    async fn record_key(&self, v: &Vault, state: &str) -> Result<()> {
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO vault_keys (key_id, check_enc, state, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key_id) DO UPDATE SET state = $3",
        )
        .bind(v.key_id().to_owned())
        .bind(v.encrypt(CHECK_CONTEXT, CHECK_TEXT))
        .bind(state.to_owned())
        .bind(ts(self.now()))
        .execute(&mut *w.tx)
        .await?;
        w.commit().await
    }

    /// Re-encrypts every protected field under `new` and recomputes the blind indexes, in
    /// batches of [`ROTATION_BATCH`] rows, each its own transaction: if it is interrupted, run it
    /// again with the same new key and it goes on where it stopped. The store must have been
    /// opened with the current (old) key. `progress` is told (column, rows done so far).
    /// Returns the number of values re-encrypted.
    pub async fn rotate_key(
        &self,
        by: &str,
        new_master: [u8; 32],
        progress: &mut (dyn FnMut(&str, u64) + Send),
    ) -> Result<u64> {
        let old_id = self.vault().key_id().to_owned();
        let both = Vault::new(new_master).with_previous_key_of(self.vault());
        let new_id = both.key_id().to_owned();
        if new_id == old_id {
            return Err(StoreError::Config(
                "the new key is the key in use: generate another with `hifazat key generate`"
                    .into(),
            ));
        }
        // Only one rotation at a time: a different unfinished one must be finished first.
        let next: Option<String> =
            sqlx::query("SELECT key_id FROM vault_keys WHERE state = 'next'")
                .fetch_optional(self.pool())
                .await?
                .map(|r| r.try_get("key_id"))
                .transpose()?;
        if let Some(n) = next.filter(|n| *n != new_id) {
            return Err(StoreError::Config(format!(
                "another rotation (to key {n}) is unfinished: finish it with that key first"
            )));
        }
        {
            let mut w = self.write().await?;
            sqlx::query(
                "INSERT INTO vault_keys (key_id, check_enc, state, created_at) VALUES ($1, $2, 'next', $3) \
                 ON CONFLICT (key_id) DO NOTHING",
            )
            .bind(new_id.clone())
            .bind(both.encrypt(CHECK_CONTEXT, CHECK_TEXT))
            .bind(ts(self.now()))
            .execute(&mut *w.tx)
            .await?;
            audit::record(
                self,
                &mut w.tx,
                None,
                by,
                None,
                Entry {
                    action: AuditAction::KeyRotation,
                    entity: "vault_key",
                    entity_id: Some(new_id.clone()),
                    case_id: None,
                    detail: Some(format!("started (from key {old_id})")),
                },
            )
            .await?;
            w.commit().await?;
        }
        let mut total = 0u64;
        for col in SEALED {
            let label = format!("{}.{}", col.table, col.column);
            let mut done = 0u64;
            loop {
                // Files are up to 10 MB each: a few at a time.
                let batch = if col.column == "content" {
                    4
                } else {
                    ROTATION_BATCH
                };
                let n = sealed::rotate_batch(self, &both, col, batch).await?;
                if n == 0 {
                    break;
                }
                done += n;
                total += n;
                progress(&label, done);
            }
        }
        let mut w = self.write().await?;
        sqlx::query(
            "UPDATE vault_keys SET state = 'retired', retired_at = $1 WHERE state = 'active'",
        )
        .bind(ts(self.now()))
        .execute(&mut *w.tx)
        .await?;
        sqlx::query("UPDATE vault_keys SET state = 'active' WHERE key_id = $1")
            .bind(new_id.clone())
            .execute(&mut *w.tx)
            .await?;
        audit::record(
            self,
            &mut w.tx,
            None,
            by,
            None,
            Entry {
                action: AuditAction::KeyRotation,
                entity: "vault_key",
                entity_id: Some(new_id),
                case_id: None,
                detail: Some(format!("finished: {total} values re-encrypted")),
            },
        )
        .await?;
        w.commit().await?;
        Ok(total)
    }
}
