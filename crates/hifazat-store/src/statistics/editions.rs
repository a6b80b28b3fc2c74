//! Dated editions of publications: the Red Book as it stood on a day and the quarterly
//! Gazette, each issued as a PDF whose SHA-256 is kept, and the offices that received each
//! edition. Drawing the PDF is `hifazat_publications`' work; the records come from
//! [`Scoped::red_book_as_of`] and [`Scoped::gazette_cases`], as they stood on the edition's day.

use crate::audit::{AuditAction, Entry};
use crate::{ts, Result, Scoped, StoreError};
use chrono::NaiveDate;
use hifazat_domain::{Action, Jurisdiction};
use serde::Serialize;
use sqlx::Row;

/// An edition as listed.
#[derive(Debug, Clone, Serialize)]
pub struct EditionRow {
    /// Internal id.
    pub id: i64,
    /// `red_book` or `gazette`.
    pub kind: String,
    /// The Gazette's quarter (`2026-Q3`); empty for the Red Book.
    pub period: String,
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
    /// The jurisdiction it covers (the issuer's, as stored: `national`, `province:PK-PB`…).
    pub scope: String,
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

/// An edition's kind in the audit trail's words.
fn kind_words(kind: &str) -> &'static str {
    match kind {
        "gazette" => "Gazette issue",
        _ => "Red Book edition",
    }
}

/// One case as the Gazette counts it: kind, day reported, forms, countries of destination.
#[derive(Debug, Clone)]
pub struct GazetteCase {
    /// `trafficking`, `smuggling`, `both`, `undetermined`.
    pub kind: String,
    /// The day the complaint was received.
    pub reported_on: NaiveDate,
    /// Forms of exploitation.
    pub forms: Vec<String>,
    /// Countries of destination (ISO alpha-2).
    pub destinations: Vec<String>,
}

/// Midnight after `day` in Pakistan, as a stored UTC time.
pub(crate) fn end_of_day_pk(day: NaiveDate) -> String {
    ts((day + chrono::Days::new(1))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        - chrono::Duration::hours(5))
}

/// Today in Pakistan (UTC+5), by the store's clock.
pub fn pakistan_today(store: &crate::Store) -> NaiveDate {
    (store.now() + chrono::Duration::hours(5)).date_naive()
}

const COLUMNS: &str =
    "e.id, e.kind, e.period, e.number, e.as_of, e.entries, e.sha256, e.office, e.scope, e.issued_at, \
     (SELECT u.display_name FROM users u WHERE u.id = e.issued_by) AS issuer, \
     (SELECT COUNT(*) FROM edition_recipients r WHERE r.edition_id = e.id) AS recipients";

fn row(r: &sqlx::any::AnyRow) -> Result<EditionRow> {
    let as_of: String = r.try_get("as_of")?;
    Ok(EditionRow {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        period: r.try_get("period")?,
        number: r.try_get("number")?,
        as_of: as_of
            .parse()
            .map_err(|_| StoreError::Config(format!("edition date {as_of}")))?,
        entries: r.try_get("entries")?,
        sha256: r.try_get("sha256")?,
        office: r.try_get("office")?,
        scope: r.try_get("scope")?,
        issued_by: r
            .try_get::<Option<String>, _>("issuer")?
            .unwrap_or_default(),
        issued_at: r.try_get("issued_at")?,
        recipients: r.try_get("recipients")?,
    })
}

impl Scoped<'_> {
    /// The cases in `scope` (inside the reader's jurisdiction) reported between `from` and
    /// `to` and registered by the end of `as_of` (Pakistan), for the Gazette. No person is read.
    pub async fn gazette_cases(
        &self,
        scope: &Jurisdiction,
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDate,
    ) -> Result<Vec<GazetteCase>> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        if !self.actor().jurisdiction.contains(scope) {
            return Err(StoreError::Forbidden(
                "this Gazette counts cases outside your jurisdiction",
            ));
        }
        let mut q =
            crate::sql::Q::new("SELECT c.id, c.kind, c.reported_on FROM cases c WHERE 1 = 1");
        q.push_jurisdiction("c", scope);
        q.push_arg(" AND c.reported_on >= {}", from.to_string());
        q.push_arg(
            " AND c.reported_on < {}",
            (to + chrono::Days::new(1)).to_string(),
        );
        q.push_arg(" AND c.created_at < {}", end_of_day_pk(as_of));
        let pool = self.store().pool();
        let rows = q.query().fetch_all(pool).await?;
        let ids: Vec<i64> = rows
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        let forms =
            crate::statistics::case_codes(pool, "case_exploitation", "form_code", &ids).await?;
        let dest =
            crate::statistics::case_codes(pool, "case_destinations", "country", &ids).await?;
        let then = self
            .classifications_before(&ids, &end_of_day_pk(as_of))
            .await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let day: String = r.try_get("reported_on")?;
                let reported_on = day
                    .get(..10)
                    .and_then(|d| d.parse().ok())
                    .ok_or_else(|| StoreError::Config(format!("case date {day}")))?;
                // A case amended after the day counts as it was classified on the day.
                Ok(match then.get(&id) {
                    Some(c) => GazetteCase {
                        kind: c.kind.code().to_owned(),
                        reported_on,
                        forms: c.exploitation.clone(),
                        destinations: c.destination_countries.clone(),
                    },
                    None => GazetteCase {
                        kind: r.try_get("kind")?,
                        reported_on,
                        forms: forms.get(&id).cloned().unwrap_or_default(),
                        destinations: dest.get(&id).cloned().unwrap_or_default(),
                    },
                })
            })
            .collect()
    }

    /// For cases amended at or after `since` (a stored UTC time), the classification they had
    /// before: the one their first such amendment replaced.
    async fn classifications_before(
        &self,
        ids: &[i64],
        since: &str,
    ) -> Result<std::collections::HashMap<i64, hifazat_domain::case::Classification>> {
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let mut q = crate::sql::Q::new("SELECT case_id, previous FROM case_amendments WHERE");
            q.push_in("case_id", chunk);
            q.push_arg(" AND at >= {}", since.to_owned());
            q.push(" ORDER BY at DESC, id DESC");
            // Latest first, so the earliest amendment after the day is the one kept.
            for r in q.query().fetch_all(self.store().pool()).await? {
                let previous: String = r.try_get("previous")?;
                let c = serde_json::from_str(&previous)
                    .map_err(|e| StoreError::Config(format!("amendment: {e}")))?;
                out.insert(r.try_get::<i64, _>("case_id")?, c);
            }
        }
        Ok(out)
    }

    /// The number the next edition of `kind` will have.
    pub async fn next_edition_number(&self, kind: &str) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM editions WHERE kind = $1")
                .bind(kind)
                .fetch_one(self.store().pool())
                .await?
                .try_get("n")?,
        )
    }

    /// Records edition `number` of `kind` (`red_book`, `gazette` with its `period`) as of
    /// `as_of` (not after today), issued in the name of `office`, with the PDF's SHA-256;
    /// returns its id. National coordinators and supervisors, audited. Refused if that number
    /// was taken meanwhile.
    #[allow(clippy::too_many_arguments)]
    pub async fn issue_edition(
        &self,
        kind: &str,
        period: &str,
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
            return Err(crate::field(
                "as_of",
                "Enter a day that has come: an edition shows the list as it stood",
            ));
        }
        let mut w = store.write().await?;
        let next: i64 =
            sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM editions WHERE kind = $1")
                .bind(kind)
                .fetch_one(&mut *w.tx)
                .await?
                .try_get("n")?;
        if next != number {
            return Err(crate::field(
                "as_of",
                "Another edition was issued meanwhile: issue this one again",
            ));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO editions (kind, period, number, as_of, entries, sha256, office, scope, issued_by, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(kind)
        .bind(period)
        .bind(number)
        .bind(as_of.to_string())
        .bind(entries as i64)
        .bind(sha256)
        .bind(office)
        .bind(self.actor().jurisdiction.to_code())
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
                    "{} {number} as of {as_of}{}: {entries} records; sha256 {sha256}",
                    kind_words(kind),
                    if period.is_empty() {
                        String::new()
                    } else {
                        format!(" for {period}")
                    }
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Every edition of `kind`, newest first.
    pub async fn editions(&self, kind: &str) -> Result<Vec<EditionRow>> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM editions e WHERE e.kind = $1 ORDER BY e.number DESC"
        ))
        .bind(kind)
        .fetch_all(self.store().pool())
        .await?;
        Ok(rows
            .iter()
            .map(row)
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .filter(|e| self.may_read(e))
            .collect())
    }

    /// A Gazette is read only by users whose jurisdiction holds all it counts; the Red Book
    /// is national.
    fn may_read(&self, e: &EditionRow) -> bool {
        e.kind != "gazette"
            || Jurisdiction::from_code(&e.scope)
                .is_some_and(|s| self.actor().jurisdiction.contains(&s))
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
        let e = row(&r)?;
        if !self.may_read(&e) {
            return Err(StoreError::Forbidden(
                "this Gazette counts cases outside your jurisdiction",
            ));
        }
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
        Ok((e, recipients))
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
            return Err(crate::field("agency", "Choose an office from the list"));
        };
        let done: Option<i64> = sqlx::query_scalar(
            "SELECT agency_id FROM edition_recipients WHERE edition_id = $1 AND agency_id = $2",
        )
        .bind(id)
        .bind(agency_id)
        .fetch_optional(&mut *w.tx)
        .await?;
        if done.is_some() {
            return Err(crate::field(
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
                detail: Some(format!(
                    "{} {} received by {name}",
                    kind_words(&e.kind),
                    e.number
                )),
            },
        )
        .await?;
        w.commit().await
    }
}
