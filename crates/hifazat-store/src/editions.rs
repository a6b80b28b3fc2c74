//! Dated editions of publications: the Red Book as it stood on a day, issued as a PDF whose
//! SHA-256 is kept, and the offices that received each edition. Drawing the PDF is
//! `hifazat_publications`' work; the entries come from [`Scoped::red_book_as_of`].

use crate::audit::{AuditAction, Entry};
use crate::{ts, Result, Scoped, StoreError};
use chrono::NaiveDate;
use hifazat_domain::Action;
use serde::Serialize;
use sqlx::Row;

/// An edition as listed.
#[derive(Debug, Clone, Serialize)]
pub struct EditionRow {
    /// Internal id.
    pub id: i64,
    /// `red_book`.
    pub kind: String,
    /// Its number.
    pub number: i64,
    /// The day it is as of.
    pub as_of: NaiveDate,
    /// Persons listed.
    pub entries: i64,
    /// SHA-256 of the PDF issued.
    pub sha256: String,
    /// The office named as issuing it (printed on it).
    pub office: String,
    /// Who issued it.
    pub issued_by: String,
    /// When (UTC timestamp).
    pub issued_at: String,
    /// How many offices received it.
    pub recipients: i64,
}

/// An office that received an edition.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    /// The agency's name.
    pub agency: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// When (UTC timestamp).
    pub recorded_at: String,
}

/// Today in Pakistan (UTC+5), by the store's clock.
pub fn pakistan_today(store: &crate::Store) -> NaiveDate {
    (store.now() + chrono::Duration::hours(5)).date_naive()
}

const COLUMNS: &str =
    "e.id, e.kind, e.number, e.as_of, e.entries, e.sha256, e.office, e.issued_at, \
     (SELECT u.display_name FROM users u WHERE u.id = e.issued_by) AS issuer, \
     (SELECT COUNT(*) FROM edition_recipients r WHERE r.edition_id = e.id) AS recipients";

fn row(r: &sqlx::any::AnyRow) -> Result<EditionRow> {
    let as_of: String = r.try_get("as_of")?;
    Ok(EditionRow {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        number: r.try_get("number")?,
        as_of: as_of
            .parse()
            .map_err(|_| StoreError::Config(format!("edition date {as_of}")))?,
        entries: r.try_get("entries")?,
        sha256: r.try_get("sha256")?,
        office: r.try_get("office")?,
        issued_by: r
            .try_get::<Option<String>, _>("issuer")?
            .unwrap_or_default(),
        issued_at: r.try_get("issued_at")?,
        recipients: r.try_get("recipients")?,
    })
}

impl Scoped<'_> {
    /// The number the next Red Book edition will have.
    pub async fn next_red_book_number(&self) -> Result<i64> {
        Ok(sqlx::query(
            "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM editions WHERE kind = 'red_book'",
        )
        .fetch_one(self.store().pool())
        .await?
        .try_get("n")?)
    }

    /// Records Red Book edition `number` as of `as_of` (not after today), issued in the name
    /// of `office`, with the PDF's SHA-256; returns its id. National coordinators and
    /// supervisors, audited. Refused if that number was taken meanwhile.
    pub async fn issue_red_book(
        &self,
        number: i64,
        as_of: NaiveDate,
        office: &str,
        entries: usize,
        sha256: &str,
    ) -> Result<i64> {
        self.require(
            Action::ManageWatchlists,
            "only the national coordinator and supervisors change watchlists",
        )?;
        let store = self.store();
        if as_of > pakistan_today(store) {
            return Err(crate::cases::field(
                "as_of",
                "Enter a day that has come: an edition shows the list as it stood",
            ));
        }
        let mut w = store.write().await?;
        let next: i64 = sqlx::query(
            "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM editions WHERE kind = 'red_book'",
        )
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("n")?;
        if next != number {
            return Err(crate::cases::field(
                "as_of",
                "Another edition was issued meanwhile: issue this one again",
            ));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO editions (kind, number, as_of, entries, sha256, office, issued_by, issued_at) \
             VALUES ('red_book', $1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(number)
        .bind(as_of.to_string())
        .bind(entries as i64)
        .bind(sha256)
        .bind(office)
        .bind(self.actor().user_id)
        .bind(ts(store.now()))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "edition",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "Red Book edition {number} as of {as_of}: {entries} persons; sha256 {sha256}"
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Every edition, newest first.
    pub async fn editions(&self) -> Result<Vec<EditionRow>> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM editions e ORDER BY e.kind, e.number DESC"
        ))
        .fetch_all(self.store().pool())
        .await?;
        rows.iter().map(row).collect()
    }

    /// One edition and the offices that received it.
    pub async fn edition(&self, id: i64) -> Result<(EditionRow, Vec<Recipient>)> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        let pool = self.store().pool();
        let r = sqlx::query(&format!("SELECT {COLUMNS} FROM editions e WHERE e.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let recipients = sqlx::query(
            "SELECT a.name, u.display_name, r.recorded_at FROM edition_recipients r \
             JOIN agencies a ON a.id = r.agency_id LEFT JOIN users u ON u.id = r.recorded_by \
             WHERE r.edition_id = $1 ORDER BY r.recorded_at, a.name",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Recipient {
                agency: r.try_get("name")?,
                recorded_by: r
                    .try_get::<Option<String>, _>("display_name")?
                    .unwrap_or_default(),
                recorded_at: r.try_get("recorded_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok((row(&r)?, recipients))
    }

    /// Records that `agency_id` received edition `id` (once per office), audited.
    pub async fn record_recipient(&self, id: i64, agency_id: i64) -> Result<()> {
        self.require(
            Action::ManageWatchlists,
            "only the national coordinator and supervisors change watchlists",
        )?;
        let (e, _) = self.edition(id).await?;
        let store = self.store();
        let mut w = store.write().await?;
        let name: Option<String> = sqlx::query("SELECT name FROM agencies WHERE id = $1")
            .bind(agency_id)
            .fetch_optional(&mut *w.tx)
            .await?
            .map(|r| r.try_get("name"))
            .transpose()?;
        let Some(name) = name else {
            return Err(crate::cases::field(
                "agency",
                "Choose an office from the list",
            ));
        };
        let done: Option<i64> = sqlx::query_scalar(
            "SELECT agency_id FROM edition_recipients WHERE edition_id = $1 AND agency_id = $2",
        )
        .bind(id)
        .bind(agency_id)
        .fetch_optional(&mut *w.tx)
        .await?;
        if done.is_some() {
            return Err(crate::cases::field(
                "agency",
                "This office is already recorded as having received this edition",
            ));
        }
        sqlx::query(
            "INSERT INTO edition_recipients (edition_id, agency_id, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(agency_id)
        .bind(self.actor().user_id)
        .bind(ts(store.now()))
        .execute(&mut *w.tx)
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "edition",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!("Red Book edition {} received by {name}", e.number)),
            },
        )
        .await?;
        w.commit().await
    }
}
