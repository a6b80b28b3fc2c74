//! Transactions: the write transaction every multi-row write runs in ([`crate::Store::write`]
//! opens it; on SQLite it also holds the writer's lock), and the counters drawn inside one.

use crate::Result;
use sqlx::Row;

/// A write transaction.
pub(crate) type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The next value of counter `name` (references, victim codes), drawn inside the transaction
/// so that a rollback gives it back.
pub(crate) async fn next_counter(tx: &mut Tx, name: &str) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO counters (name, value) VALUES ($1, 1) \
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
    )
    .bind(name.to_owned())
    .fetch_one(&mut **tx)
    .await?
    .try_get("value")?)
}
