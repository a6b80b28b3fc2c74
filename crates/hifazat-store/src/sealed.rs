//! Every encrypted column in one list: what the store seals on write and opens on read, what a
//! key rotation re-encrypts, and which columns earlier versions kept in clear (sealed once at
//! start-up by [`seal_legacy_fields`]).
//!
//! A value is sealed for `{table}.{field}:{row}` (see [`context`]), so a ciphertext moved to
//! another row or column does not decrypt. Rows whose id is only known after the insert are
//! written in two steps inside one transaction: the row without the text, then the sealed text
//! bound to the new id, so clear text never reaches the database.

use crate::{ts, Result, Store, Vault};
use hifazat_domain::Identity;
use sqlx::Row;
use std::fmt::Display;

/// An encrypted column.
pub(crate) struct SealedColumn {
    /// Table.
    pub table: &'static str,
    /// Column holding the ciphertext.
    pub column: &'static str,
    /// The field's name in the encryption context.
    pub field: &'static str,
    /// The column whose value binds the ciphertext to its row.
    pub bind: &'static str,
    /// Earlier versions stored this column in clear.
    pub legacy_clear: bool,
    /// A blind-index column recomputed from the value on rotation: (column, kind), where a
    /// kind written `@column` is read from that column of each row.
    pub blind: Option<(&'static str, &'static str)>,
}

const fn col(
    table: &'static str,
    column: &'static str,
    field: &'static str,
    bind: &'static str,
    legacy_clear: bool,
) -> SealedColumn {
    SealedColumn {
        table,
        column,
        field,
        bind,
        legacy_clear,
        blind: None,
    }
}

/// Every encrypted column.
pub(crate) const SEALED: &[SealedColumn] = &[
    col("persons", "name_enc", "name", "uid", false),
    col("persons", "father_name_enc", "father_name", "uid", false),
    col("persons", "dob_enc", "dob", "uid", false),
    SealedColumn {
        blind: Some(("cnic_bidx", "cnic")),
        ..col("persons", "cnic_enc", "cnic", "uid", false)
    },
    SealedColumn {
        blind: Some(("passport_bidx", "passport")),
        ..col("persons", "passport_enc", "passport", "uid", false)
    },
    col("persons", "phone_enc", "phone", "uid", false),
    col("persons", "address_enc", "address", "uid", false),
    col(
        "consents",
        "guardian_name_enc",
        "guardian_name",
        "victim_id",
        false,
    ),
    col("users", "totp_secret_enc", "totp_secret", "id", false),
    // What callers and reporters say, and how to reach them (issue 11).
    col("intake_items", "narrative", "narrative", "id", false),
    col("intake_items", "contact", "contact", "id", false),
    col("intake_additions", "body", "body", "id", false),
    // Passengers named in screening alerts, and how they matched (the explanation quotes
    // their names and dates of birth).
    col("screening_alerts", "query_name", "query_name", "id", true),
    col(
        "screening_alerts",
        "query_father_name",
        "query_father_name",
        "id",
        true,
    ),
    col("screening_alerts", "query_dob", "query_dob", "id", true),
    col("screening_alerts", "query_cnic", "query_cnic", "id", true),
    col(
        "screening_alerts",
        "query_passport",
        "query_passport",
        "id",
        true,
    ),
    col("screening_alerts", "explanation", "explanation", "id", true),
    // Free text that describes victims.
    col("victims", "circumstances", "circumstances", "id", true),
    col("referrals", "needs", "needs", "id", true),
    col(
        "referrals",
        "contact_arrangements",
        "contact_arrangements",
        "id",
        true,
    ),
    col(
        "referrals",
        "consent_override_reason",
        "consent_override_reason",
        "id",
        true,
    ),
    col("referrals", "decline_reason", "decline_reason", "id", true),
    col("referral_events", "reason", "reason", "id", true),
    col("stay_reviews", "victim_wishes", "victim_wishes", "id", true),
    col("stay_reviews", "plan", "plan", "id", true),
    col("services_delivered", "note", "note", "id", true),
    col("follow_ups", "note", "note", "id", true),
    // Documents attached to cases: the title may name a person; the file is evidence.
    col("case_documents", "title", "title", "id", false),
    col("case_documents", "content", "content", "id", false),
    // What a victim or witness reported of threats and pressure: it may name them and others.
    col("threat_reports", "description", "description", "id", false),
    // Returnees (deportees, off-loaded passengers) and what they told in a debriefing.
    col("returnees", "full_name", "full_name", "id", false),
    col("returnees", "father_name", "father_name", "id", false),
    col("returnees", "dob", "dob", "id", false),
    SealedColumn {
        blind: Some(("cnic_bidx", "cnic")),
        ..col("returnees", "cnic", "cnic", "id", false)
    },
    SealedColumn {
        blind: Some(("passport_bidx", "passport")),
        ..col("returnees", "passport", "passport", "id", false)
    },
    col("debriefings", "account", "account", "id", false),
    // Phones, accounts and addresses as identifiers: the hash is keyed with the row's kind.
    SealedColumn {
        blind: Some(("value_bidx", "@kind")),
        ..col("identifiers", "value", "value", "id", false)
    },
    col("identifier_links", "note", "note", "id", false),
];

/// The encryption context of a field in a row.
pub(crate) fn context(table: &str, field: &str, row: impl Display) -> String {
    format!("{table}.{field}:{row}")
}

/// Seals an optional text for `table.field` of `row`.
pub(crate) fn seal(
    v: &Vault,
    table: &str,
    field: &str,
    row: impl Display,
    text: Option<&str>,
) -> Option<String> {
    text.map(|t| v.encrypt(&context(table, field, row), t))
}

/// Opens a value sealed by [`seal`].
pub(crate) fn open(
    v: &Vault,
    table: &str,
    field: &str,
    row: impl Display,
    stored: Option<&str>,
) -> Result<Option<String>> {
    Ok(v.decrypt_opt(&context(table, field, row), stored)?)
}

/// The sealed columns that hold a person's identity in one table (the nationality is kept in
/// clear beside them), so that the five fields are sealed and opened together.
pub(crate) struct IdentityColumns {
    /// Table.
    table: &'static str,
    /// The fields of the name, father's name, date of birth, CNIC and passport.
    fields: [&'static str; 5],
    /// A field's column is its name followed by this (`_enc` for persons).
    suffix: &'static str,
}

/// A person record's identity, bound to its uid.
pub(crate) const PERSON_IDENTITY: IdentityColumns = IdentityColumns {
    table: "persons",
    fields: ["name", "father_name", "dob", "cnic", "passport"],
    suffix: "_enc",
};

/// A returnee's identity.
pub(crate) const RETURNEE_IDENTITY: IdentityColumns = IdentityColumns {
    table: "returnees",
    fields: ["full_name", "father_name", "dob", "cnic", "passport"],
    suffix: "",
};

/// The traveller an alert was raised for, as screened.
pub(crate) const ALERT_IDENTITY: IdentityColumns = IdentityColumns {
    table: "screening_alerts",
    fields: [
        "query_name",
        "query_father_name",
        "query_dob",
        "query_cnic",
        "query_passport",
    ],
    suffix: "",
};

impl IdentityColumns {
    /// The (field, text) pairs of `identity` for [`seal_into`] (for a table whose columns are
    /// named as their fields).
    pub(crate) fn values<'a>(
        &self,
        identity: &'a Identity,
    ) -> [(&'static str, Option<&'a str>); 5] {
        let [name, father, dob, cnic, passport] = self.fields;
        [
            (name, Some(identity.full_name.as_str())),
            (father, identity.father_name.as_deref()),
            (dob, identity.date_of_birth.as_deref()),
            (cnic, identity.cnic.as_deref()),
            (passport, identity.passport.as_deref()),
        ]
    }

    /// Seals `identity` for `row` when the row's binding is known before the insert (a
    /// person's uid): the ciphertexts of the name, father's name, date of birth, CNIC and
    /// passport, in that order.
    pub(crate) fn seal(
        &self,
        v: &Vault,
        row: impl Display + Copy,
        identity: &Identity,
    ) -> [Option<String>; 5] {
        self.values(identity)
            .map(|(field, text)| seal(v, self.table, field, row, text))
    }

    /// Opens the identity sealed in `r`, a row of the table bound to `row` (its id, or a
    /// person's uid). The nationality, in clear and not always selected, is left to the caller.
    pub(crate) fn open(
        &self,
        v: &Vault,
        r: &sqlx::any::AnyRow,
        row: impl Display + Copy,
    ) -> Result<Identity> {
        let get = |field: &str| -> Result<Option<String>> {
            let stored: Option<String> = r.try_get(format!("{field}{}", self.suffix).as_str())?;
            open(v, self.table, field, row, stored.as_deref())
        };
        let [name, father, dob, cnic, passport] = self.fields;
        Ok(Identity {
            full_name: get(name)?.unwrap_or_default(),
            father_name: get(father)?,
            date_of_birth: get(dob)?,
            cnic: get(cnic)?,
            passport: get(passport)?,
            nationality: None,
        })
    }
}

/// Writes sealed texts into a row that was just inserted (inside the caller's transaction):
/// `values` are (field, text) pairs for columns whose field name equals the column name.
pub(crate) async fn seal_into(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    id: i64,
    values: &[(&str, Option<&str>)],
) -> Result<()> {
    let values: Vec<_> = values.iter().filter(|(_, t)| t.is_some()).collect();
    if values.is_empty() {
        return Ok(());
    }
    let sets: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, (f, _))| format!("{f} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE {table} SET {} WHERE id = ${}",
        sets.join(", "),
        values.len() + 1
    );
    let mut q = sqlx::query(&sql);
    for (f, t) in &values {
        q = q.bind(seal(store.vault(), table, f, id, *t));
    }
    q.bind(id).execute(&mut **tx).await?;
    Ok(())
}

fn bind_text(r: &sqlx::any::AnyRow) -> Result<String> {
    // The binding column is text (uid) or an integer (id, victim_id).
    Ok(match r.try_get::<String, _>("b") {
        Ok(s) => s,
        Err(_) => r.try_get::<i64, _>("b")?.to_string(),
    })
}

/// Re-encrypts up to `limit` values of `c` not yet under `v`'s key; returns how many.
pub(crate) async fn rotate_batch(
    store: &Store,
    v: &Vault,
    c: &SealedColumn,
    limit: i64,
) -> Result<u64> {
    let prefix = format!("{}:%", v.key_id());
    let kind_col = match c.blind.and_then(|(_, k)| k.strip_prefix('@')) {
        Some(k) => format!(", {k} AS k"),
        None => String::new(),
    };
    let sql = format!(
        "SELECT id, {bind} AS b, {col} AS v{kind_col} FROM {t} WHERE {col} IS NOT NULL AND {col} NOT LIKE $1 ORDER BY id LIMIT $2",
        bind = c.bind,
        col = c.column,
        t = c.table
    );
    let mut w = store.write().await?;
    let rows = sqlx::query(&sql)
        .bind(prefix)
        .bind(limit)
        .fetch_all(&mut *w.tx)
        .await?;
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let ctx = context(c.table, c.field, bind_text(r)?);
        let text = v.decrypt(&ctx, &r.try_get::<String, _>("v")?)?;
        let sealed = v.encrypt(&ctx, &text);
        match c.blind {
            Some((bcol, kind)) => {
                let kind = if kind.starts_with('@') {
                    r.try_get::<String, _>("k")?
                } else {
                    kind.to_owned()
                };
                sqlx::query(&format!(
                    "UPDATE {} SET {} = $1, {bcol} = $2 WHERE id = $3",
                    c.table, c.column
                ))
                .bind(sealed)
                .bind(v.blind_index(&kind, &text))
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
            }
            None => {
                sqlx::query(&format!(
                    "UPDATE {} SET {} = $1 WHERE id = $2",
                    c.table, c.column
                ))
                .bind(sealed)
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
            }
        }
    }
    w.commit().await?;
    Ok(rows.len() as u64)
}

const LEGACY_STEP: &str = "seal_legacy_fields_v1";

/// Encrypts values that earlier versions stored in clear (once; recorded in `data_steps`).
/// A value that already decrypts is left alone, so an interrupted run can simply run again.
pub(crate) async fn seal_legacy_fields(store: &Store) -> Result<()> {
    if step_done(store, LEGACY_STEP).await? {
        return Ok(());
    }
    let v = store.vault();
    let mut sealed = 0u64;
    for c in SEALED.iter().filter(|c| c.legacy_clear) {
        let sql = format!(
            "SELECT id, {bind} AS b, {col} AS v FROM {t} WHERE {col} IS NOT NULL AND id > $1 ORDER BY id LIMIT 500",
            bind = c.bind,
            col = c.column,
            t = c.table
        );
        let mut last = 0i64;
        loop {
            let mut w = store.write().await?;
            let rows = sqlx::query(&sql).bind(last).fetch_all(&mut *w.tx).await?;
            let Some(end) = rows.last() else { break };
            last = end.try_get("id")?;
            for r in &rows {
                let ctx = context(c.table, c.field, bind_text(r)?);
                let value: String = r.try_get("v")?;
                if v.decrypt(&ctx, &value).is_ok() {
                    continue;
                }
                sqlx::query(&format!(
                    "UPDATE {} SET {} = $1 WHERE id = $2",
                    c.table, c.column
                ))
                .bind(v.encrypt(&ctx, &value))
                .bind(r.try_get::<i64, _>("id")?)
                .execute(&mut *w.tx)
                .await?;
                sealed += 1;
            }
            w.commit().await?;
        }
    }
    mark_step(store, LEGACY_STEP).await?;
    if sealed > 0 {
        tracing::info!(
            values = sealed,
            "encrypted free text and passenger details kept in clear by an earlier version"
        );
    }
    Ok(())
}

/// True when the one-time data step `name` has run (recorded in `data_steps`).
pub(crate) async fn step_done(store: &Store, name: &str) -> Result<bool> {
    Ok(sqlx::query("SELECT name FROM data_steps WHERE name = $1")
        .bind(name.to_owned())
        .fetch_optional(store.pool())
        .await?
        .is_some())
}

/// Records that the one-time data step `name` has run.
pub(crate) async fn mark_step(store: &Store, name: &str) -> Result<()> {
    let mut w = store.write().await?;
    sqlx::query(
        "INSERT INTO data_steps (name, done_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name.to_owned())
    .bind(ts(store.now()))
    .execute(&mut *w.tx)
    .await?;
    w.commit().await
}

/// Decrypts column `{col}_enc` of a `persons` row whose record id is `uid`.
pub(crate) fn decrypt_column(
    store: &crate::Store,
    r: &sqlx::any::AnyRow,
    uid: &str,
    col: &str,
) -> Result<Option<String>> {
    Ok(store.vault().decrypt_opt(
        &format!("persons.{col}:{uid}"),
        r.try_get::<Option<String>, _>(format!("{col}_enc").as_str())?
            .as_deref(),
    )?)
}
