//! Watchlists and screening: entries of the Red Book and the blacklists, a live index of them
//! (the `hifazat-matching` engine, kept in step with the database), screening of one traveller
//! or a whole list, and the queue of alerts where immigration officers record their decisions.
//!
//! Beside it: returnees (deportees, off-loaded passengers) and their debriefing, interceptions at
//! borders, and the routes counted from cases, returnees and interceptions.

pub mod interceptions;
pub mod returnees;
pub mod routes;

use crate::audit::{AuditAction, Entry};
use crate::field;
use crate::rows::parse;
use crate::sealed;
use crate::sql::Q;
use crate::{ts, Result, Scoped, Store, StoreError};
pub use hifazat_domain::screening::RejectedRow;
use hifazat_domain::screening::*;
use hifazat_domain::Action;
use hifazat_matching::Record;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A watchlist entry as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WatchlistEntry {
    /// Id.
    pub id: i64,
    /// List.
    pub list: WatchlistKind,
    /// Name.
    pub full_name: String,
    /// Father's name.
    pub father_name: Option<String>,
    /// Date of birth (possibly partial).
    pub date_of_birth: Option<String>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport.
    pub passport: Option<String>,
    /// Nationality.
    pub nationality: Option<String>,
    /// FIA zone.
    pub zone: Option<String>,
    /// Serial or notice number.
    pub reference: Option<String>,
    /// Why listed.
    pub reason: Option<String>,
    /// Listed on.
    pub added_at: String,
    /// The person record the entry is about.
    pub person_uid: Option<String>,
    /// That person's cases (not as a victim): reference, stage, district.
    pub cases: Vec<EntryCase>,
    /// The last day the entry raises alerts (`YYYY-MM-DD`); none: until removed.
    pub expires_on: Option<String>,
    /// When the entry is next due for review (`YYYY-MM-DD`).
    pub review_on: Option<String>,
    /// Past its expiry: it raises no alert until a review extends it.
    pub expired: bool,
    /// Its review date has come (or it has expired): a keeper of the watchlists reviews it.
    pub due_for_review: bool,
    /// For an accused put on the exit blacklist from a case: the case and where the accused
    /// stands in it (why they may not leave).
    pub from_case: Option<ListedFromCase>,
}

/// Why an accused is on the exit blacklist: the case they were listed from, their status in
/// it (at large, on bail, proclaimed offender) and the court and order when recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ListedFromCase {
    /// Case id.
    pub case_id: i64,
    /// Case reference.
    pub reference: String,
    /// FIR number, if registered.
    pub fir_number: Option<String>,
    /// The accused's status now (an entry is lifted when it changes to one not free).
    pub accused_status: Option<hifazat_domain::AccusedStatus>,
    /// When that status was recorded (timestamp).
    pub status_since: Option<String>,
    /// The court the case is before, if recorded.
    pub court: Option<String>,
    /// The order or remark recorded with the status (a bail order, a proclamation).
    pub order: Option<String>,
}

/// A review of a watchlist entry, as kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WatchlistReview {
    /// Id.
    pub id: i64,
    /// Keep, extend or remove.
    pub decision: ReviewDecision,
    /// The next review set (`YYYY-MM-DD`).
    pub review_on: Option<String>,
    /// The expiry after the review (`YYYY-MM-DD`).
    pub expires_on: Option<String>,
    /// The review date before.
    pub previous_review_on: Option<String>,
    /// The expiry before.
    pub previous_expires_on: Option<String>,
    /// Why.
    pub reason: String,
    /// Who reviewed (their name).
    pub reviewed_by: Option<String>,
    /// When (timestamp).
    pub reviewed_at: String,
}

/// A case of a watchlisted person, shown with the entry (the Red Book lists the cases each
/// person is wanted in).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EntryCase {
    /// Case id.
    pub case_id: i64,
    /// Case reference.
    pub reference: String,
    /// FIR number, if registered.
    pub fir_number: Option<String>,
    /// Stage.
    pub stage: hifazat_domain::Stage,
    /// District of the case.
    pub district_code: String,
    /// The person's role.
    pub role: hifazat_domain::PersonRole,
}

/// An alert in the queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScreeningAlert {
    /// Id.
    pub id: i64,
    /// Where it came from (`counter`, or the name of a batch).
    pub source: String,
    /// The traveller's reference.
    pub query_ref: Option<String>,
    /// The traveller's name as screened.
    pub query_name: String,
    /// Father's name as screened.
    pub query_father_name: Option<String>,
    /// Date of birth as screened.
    pub query_dob: Option<String>,
    /// CNIC as screened.
    pub query_cnic: Option<String>,
    /// Passport as screened.
    pub query_passport: Option<String>,
    /// Exit point or flight.
    pub exit_point: Option<String>,
    /// The watchlist entry.
    pub entry: WatchlistEntry,
    /// Score, 0 to 1.
    pub score: f64,
    /// Which parts matched how.
    pub explanation: String,
    /// Decision.
    pub status: AlertDecision,
    /// The officer's note.
    pub decision_note: Option<String>,
    /// When decided.
    pub decided_at: Option<String>,
    /// When raised.
    pub created_at: String,
}

/// The outcome of screening one traveller.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScreenResult {
    /// Alerts raised (empty: clear to proceed).
    pub alerts: Vec<ScreeningAlert>,
}

/// The outcome of screening a list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BatchReport {
    /// Data rows read.
    pub rows: usize,
    /// Rows screened.
    pub screened: usize,
    /// Alerts raised.
    pub alerts: usize,
    /// Rows refused, with their line numbers and why.
    pub rejected: Vec<String>,
    /// The same, for pages to write in their language.
    #[serde(skip)]
    pub rejected_rows: Vec<RejectedRow>,
}

/// An officer's decision.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    /// True match or false alarm.
    pub decision: AlertDecision,
    /// Note (what was checked).
    pub note: Option<String>,
}

/// Decisions so far, to measure the matcher.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AlertStats {
    /// Awaiting decision.
    pub pending: i64,
    /// True matches.
    pub true_match: i64,
    /// False alarms.
    pub false_alarm: i64,
    /// The same by score band (0.05 wide), highest first: where officers find true matches
    /// and where false alarms, to tune the threshold on decisions rather than guesses.
    pub bands: Vec<ScoreBand>,
}

/// Decisions on alerts whose score lies in `[from, to)`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScoreBand {
    /// Lowest score of the band.
    pub from: f64,
    /// Score the band stops below (1.0 is included in the top band).
    pub to: f64,
    /// Awaiting decision.
    pub pending: i64,
    /// True matches.
    pub true_match: i64,
    /// False alarms.
    pub false_alarm: i64,
}

impl ScoreBand {
    /// Share of decided alerts in the band that were true matches, if any was decided.
    pub fn precision(&self) -> Option<f64> {
        let decided = self.true_match + self.false_alarm;
        (decided > 0).then(|| self.true_match as f64 / decided as f64)
    }
}

/// Which watchlist entries to show, one page at a time.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WatchlistFilter {
    /// Only this list.
    pub list: Option<WatchlistKind>,
    /// Only this FIA zone (as written on the entries).
    pub zone: Option<String>,
    /// Only entries due for review (their review date has come, or they have expired).
    pub due: bool,
    /// Page, from 1.
    pub page: Option<i64>,
    /// Entries per page (default 50, at most 500).
    pub per_page: Option<i64>,
}

/// Rows per page and the page to read, kept within the last page of `total` rows.
fn page_of(page: Option<i64>, per_page: Option<i64>, total: i64) -> (i64, i64) {
    let per_page = per_page.unwrap_or(50).clamp(1, 500);
    let last = ((total + per_page - 1) / per_page).max(1);
    (crate::page_number(page).min(last), per_page)
}

const ENTRY_COLUMNS: &str = "e.id, e.list, e.full_name, e.father_name, e.date_of_birth, e.cnic, e.passport, e.nationality, e.zone, e.reference, e.reason, e.added_at, e.person_id, \
     e.expires_on, e.review_on, e.case_person_id, \
     (SELECT pe.uid FROM persons pe WHERE pe.id = e.person_id) AS person_uid";

fn entry_from(r: &AnyRow) -> Result<WatchlistEntry> {
    Ok(WatchlistEntry {
        id: r.try_get("id")?,
        list: parse(r.try_get("list")?)?,
        full_name: r.try_get("full_name")?,
        father_name: r.try_get("father_name")?,
        date_of_birth: r.try_get("date_of_birth")?,
        cnic: r.try_get("cnic")?,
        passport: r.try_get("passport")?,
        nationality: r.try_get("nationality")?,
        zone: r.try_get("zone")?,
        reference: r.try_get("reference")?,
        reason: r.try_get("reason")?,
        added_at: r.try_get("added_at")?,
        person_uid: r.try_get("person_uid")?,
        cases: Vec::new(),
        expires_on: r.try_get("expires_on")?,
        review_on: r.try_get("review_on")?,
        expired: false,
        due_for_review: false,
        from_case: None,
    })
}

/// The SQL condition of an entry due for review on `today` (`YYYY-MM-DD`, bound as `{}`):
/// its review date has come, or it has expired.
const DUE: &str = " AND ((e.review_on IS NOT NULL AND e.review_on <= {}) OR (e.expires_on IS NOT NULL AND e.expires_on < {}))";

/// Appends the condition of an entry due for review on `today`.
fn push_due(q: &mut Q, today: chrono::NaiveDate) {
    q.push_arg(DUE, today.to_string());
}

/// Fills in why accused listed from a case are listed: the case, their status, the court and
/// the order recorded with the status.
async fn with_from_case(
    store: &Store,
    rows: &[AnyRow],
    entries: &mut [WatchlistEntry],
) -> Result<()> {
    let mut cps: Vec<i64> = Vec::new();
    for r in rows {
        if let Some(p) = r.try_get::<Option<i64>, _>("case_person_id")? {
            cps.push(p);
        }
    }
    cps.sort_unstable();
    cps.dedup();
    if cps.is_empty() {
        return Ok(());
    }
    let mut q = Q::new(
        "SELECT cp.id AS cp_id, c.id AS case_id, c.reference, c.fir_number, c.court, cp.accused_status, \
         (SELECT ev.remark FROM accused_status_events ev WHERE ev.case_person_id = cp.id ORDER BY ev.id DESC LIMIT 1) AS remark, \
         (SELECT ev.at FROM accused_status_events ev WHERE ev.case_person_id = cp.id ORDER BY ev.id DESC LIMIT 1) AS since \
         FROM case_persons cp JOIN cases c ON c.id = cp.case_id WHERE",
    );
    q.push_in("cp.id", &cps);
    let found = q.query().fetch_all(store.pool()).await?;
    for (e, r) in entries.iter_mut().zip(rows) {
        let Some(cp) = r.try_get::<Option<i64>, _>("case_person_id")? else {
            continue;
        };
        let Some(c) = found
            .iter()
            .find(|c| c.try_get::<i64, _>("cp_id").ok() == Some(cp))
        else {
            continue;
        };
        e.from_case = Some(ListedFromCase {
            case_id: c.try_get("case_id")?,
            reference: c.try_get("reference")?,
            fir_number: c.try_get("fir_number")?,
            accused_status: c
                .try_get::<Option<String>, _>("accused_status")?
                .map(parse)
                .transpose()?,
            status_since: c.try_get("since")?,
            court: c.try_get("court")?,
            order: c.try_get("remark")?,
        });
    }
    Ok(())
}

/// Fills in the cases of entries that name a person record.
async fn with_cases(store: &Store, rows: &[AnyRow]) -> Result<Vec<WatchlistEntry>> {
    let mut entries = rows.iter().map(entry_from).collect::<Result<Vec<_>>>()?;
    let today = store.today().to_string();
    for e in &mut entries {
        e.expired = e.expires_on.as_deref().is_some_and(|x| x < today.as_str());
        e.due_for_review = e.expired || e.review_on.as_deref().is_some_and(|r| r <= today.as_str());
    }
    with_from_case(store, rows, &mut entries).await?;
    let mut people: Vec<i64> = Vec::new();
    for r in rows {
        if let Some(p) = r.try_get::<Option<i64>, _>("person_id")? {
            people.push(p);
        }
    }
    people.sort_unstable();
    people.dedup();
    if people.is_empty() {
        return Ok(entries);
    }
    let mut q = Q::new(
        "SELECT cp.person_id, c.id, c.reference, c.fir_number, c.stage, c.district_code, cp.role \
        FROM case_persons cp JOIN cases c ON c.id = cp.case_id WHERE cp.role <> 'victim' AND",
    );
    q.push_in("cp.person_id", &people);
    q.push(" ORDER BY c.reported_on, c.id");
    let cases = q.query().fetch_all(store.pool()).await?;
    for (e, r) in entries.iter_mut().zip(rows) {
        let Some(p) = r.try_get::<Option<i64>, _>("person_id")? else {
            continue;
        };
        for c in cases
            .iter()
            .filter(|c| c.try_get::<i64, _>("person_id").ok() == Some(p))
        {
            e.cases.push(EntryCase {
                case_id: c.try_get("id")?,
                reference: c.try_get("reference")?,
                fir_number: c.try_get("fir_number")?,
                stage: parse(c.try_get("stage")?)?,
                district_code: c.try_get("district_code")?,
                role: parse(c.try_get("role")?)?,
            });
        }
    }
    Ok(entries)
}

/// True when a watchlist entry has a single name (titles aside) and nothing else that tells
/// namesakes apart (no father's name, date of birth or document): the matcher then alerts on
/// every traveller of that name, which the officer adding it should know.
pub fn one_name_only(full_name: &str, father_name: &str, others: &[&str]) -> bool {
    let names = hifazat_matching::names::parse_name(full_name, father_name);
    let strong = names
        .own
        .iter()
        .filter(|t| t.kind != hifazat_matching::names::TokenKind::Weak)
        .count();
    strong == 1 && names.father.is_empty() && others.iter().all(|s| s.trim().is_empty())
}

/// Reads a list to screen (see [`Scoped::screen_batch`]) as the command line reads its files
/// ([`read_screening_list`]): the report so far (no alerts yet) and the travellers to screen.
fn parse_batch(csv_text: &str) -> Result<(BatchReport, Vec<ScreenRequest>)> {
    let mut good = Vec::new();
    let list = read_screening_list(csv_text, &SCREENING_LAYOUT, |_, req| good.push(req))?;
    Ok((
        BatchReport {
            rows: list.rows,
            screened: good.len(),
            alerts: 0,
            rejected: list.rejected.iter().map(ToString::to_string).collect(),
            rejected_rows: list.rejected,
        },
        good,
    ))
}

/// Runs the travellers `reqs` against the live watchlists on a blocking thread (the matcher is
/// CPU work); returns, for each request with alerts, its index and the alerts.
#[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
pub(crate) async fn match_travellers(
    store: &Store,
    reqs: Vec<ScreenRequest>,
) -> Result<Vec<(usize, Vec<hifazat_matching::Alert>)>> {
    let hits: Vec<(usize, Vec<hifazat_matching::Alert>)> = store
        .watchlist
        .query(move |m| {
            reqs.iter()
                .enumerate()
                .map(|(i, r)| (i, m.screen(&Record::of(format!("q{i}"), r.identity()))))
                .filter(|(_, a)| !a.is_empty())
                .collect()
        })
        .await?;
    without_expired(store, hits).await
}

/// Drops the alerts on entries past their expiry (the index keeps them, so that a review that
/// extends one needs no re-indexing; the database's date decides, on the store's clock).
async fn without_expired(
    store: &Store,
    mut hits: Vec<(usize, Vec<hifazat_matching::Alert>)>,
) -> Result<Vec<(usize, Vec<hifazat_matching::Alert>)>> {
    let mut ids: Vec<i64> = hits
        .iter()
        .flat_map(|(_, a)| a.iter().filter_map(|a| a.watchlist_id.parse().ok()))
        .collect();
    if ids.is_empty() {
        return Ok(hits);
    }
    ids.sort_unstable();
    ids.dedup();
    let mut q = Q::new("SELECT id FROM watchlist_entries WHERE");
    q.push_arg(" expires_on < {} AND", store.today().to_string());
    q.push_in("id", &ids);
    let expired: Vec<String> = q
        .query()
        .fetch_all(store.pool())
        .await?
        .iter()
        .map(|r| Ok(r.try_get::<i64, _>("id")?.to_string()))
        .collect::<Result<_>>()?;
    if expired.is_empty() {
        return Ok(hits);
    }
    for (_, alerts) in &mut hits {
        alerts.retain(|a| !expired.contains(&a.watchlist_id));
    }
    hits.retain(|(_, a)| !a.is_empty());
    Ok(hits)
}

impl WatchlistEntry {
    /// The listed person's identity.
    pub fn identity(&self) -> hifazat_domain::Identity {
        hifazat_domain::identity_of!(self)
    }
}

impl Store {
    /// Loads the active entries into the live index (at start-up).
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub(crate) async fn load_watchlist(&self) -> Result<()> {
        // Begun before reading: a change committed after the read is replayed onto it.
        let mut build = self.watchlist.rebuild().await;
        let rows = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM watchlist_entries e WHERE e.active = 1"
        ))
        .fetch_all(self.pool())
        .await?;
        let (_, refused) = build
            .add(move || {
                rows.iter()
                    .map(|r| entry_from(r).map(|e| Record::of(e.id.to_string(), e.identity())))
                    .collect()
            })
            .await?;
        for err in refused {
            tracing::warn!(error = %err, "watchlist entry not indexed");
        }
        let n = build.finish().await?;
        tracing::info!(entries = n, "watchlist index loaded");
        Ok(())
    }

    /// Entries in the live index.
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub fn watchlist_len(&self) -> usize {
        self.watchlist.len()
    }

    /// Adds a validated watchlist entry naming person record `person_id` (checked by the
    /// caller, [`Scoped::add_watchlist_entry`]), and indexes it. `who`: (user id, login, IP).
    async fn write_watchlist_entry(
        &self,
        who: (Option<i64>, &str, Option<&str>),
        n: NewWatchlistEntry,
        person_id: Option<i64>,
    ) -> Result<i64> {
        let n = n.validate_on(self.today(), false)?;
        let mut w = self.write().await?;
        let id = self
            .insert_watchlist_entry(
                &mut w.tx,
                who,
                &n,
                EntryLinks {
                    person_id,
                    ..Default::default()
                },
            )
            .await?;
        w.commit().await?;
        self.index_watchlist_entry(id, &n);
        Ok(id)
    }
}

/// What a watchlist entry is linked to: the person record, and for an accused listed from a
/// case, the accused's place in it (the entry is removed when their status changes).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EntryLinks {
    pub person_id: Option<i64>,
    pub case_person_id: Option<i64>,
    pub case_id: Option<i64>,
}

impl Store {
    /// Inserts a validated entry and its audit row inside `tx`; index it after the commit
    /// with [`Store::index_watchlist_entry`]. `who`: (user id, login, IP).
    pub(crate) async fn insert_watchlist_entry(
        &self,
        tx: &mut crate::tx::Tx,
        who: (Option<i64>, &str, Option<&str>),
        n: &NewWatchlistEntry,
        links: EntryLinks,
    ) -> Result<i64> {
        let (by_user, by, ip) = who;
        let id: i64 = sqlx::query(
            "INSERT INTO watchlist_entries (list, full_name, father_name, date_of_birth, cnic, passport, nationality, zone, reference, reason, active, added_by, added_at, person_id, case_person_id, expires_on, review_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(n.list.code())
        .bind(n.full_name.clone())
        .bind(n.father_name.clone())
        .bind(n.date_of_birth.clone())
        .bind(n.cnic.clone())
        .bind(n.passport.clone())
        .bind(n.nationality.clone())
        .bind(n.zone.clone())
        .bind(n.reference.clone())
        .bind(n.reason.clone())
        .bind(by_user)
        .bind(ts(self.now()))
        .bind(links.person_id)
        .bind(links.case_person_id)
        .bind(n.expires_on.map(|d| d.to_string()))
        .bind(n.review_on.map(|d| d.to_string()))
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        crate::audit::record(
            self,
            tx,
            by_user,
            by,
            ip,
            Entry {
                action: AuditAction::Create,
                entity: "watchlist_entry",
                entity_id: Some(id.to_string()),
                case_id: links.case_id,
                detail: Some(n.list.code().to_owned()),
            },
        )
        .await?;
        Ok(id)
    }

    /// Puts a committed entry into the live index, so that it is screened against at once.
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub(crate) fn index_watchlist_entry(&self, id: i64, n: &NewWatchlistEntry) {
        if let Err(err) = self
            .watchlist
            .upsert(Record::of(id.to_string(), n.identity()))
        {
            tracing::warn!(entry = id, error = %err, "watchlist entry not indexed");
        }
    }

    /// Takes entries out of the live index (after their removal is committed).
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub(crate) fn unindex_watchlist_entries(&self, ids: &[i64]) {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.watchlist.remove(&ids);
    }
}

impl Scoped<'_> {
    /// Active entries of one list (or all), newest first.
    pub async fn watchlist(&self, list: Option<WatchlistKind>) -> Result<Vec<WatchlistEntry>> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        let mut q = Q::new(&format!(
            "SELECT {ENTRY_COLUMNS} FROM watchlist_entries e WHERE e.active = 1"
        ));
        if let Some(l) = list {
            q.push_arg(" AND e.list = {}", l.code());
        }
        q.push(" ORDER BY e.list, e.reference, e.id");
        let rows = q.query().fetch_all(self.store().pool()).await?;
        with_cases(self.store(), &rows).await
    }

    /// The Red Book as it stood at the end of `as_of` in Pakistan (UTC+5): entries added by
    /// then and not removed by then. An entry about a person recorded anywhere as a victim is
    /// never printed, whatever list it is on.
    pub async fn red_book_as_of(&self, as_of: chrono::NaiveDate) -> Result<Vec<WatchlistEntry>> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        let next = crate::statistics::editions::end_of_day_pk(as_of);
        let mut q = Q::new(&format!(
            "SELECT {ENTRY_COLUMNS} FROM watchlist_entries e WHERE e.list = 'red_book'"
        ));
        q.push_arg(" AND e.added_at < {}", next.clone());
        q.push_arg(" AND (e.removed_at IS NULL OR e.removed_at >= {})", next);
        q.push(
            " AND (e.person_id IS NULL OR (e.person_id NOT IN \
             (SELECT cp.person_id FROM case_persons cp WHERE cp.role = 'victim') \
             AND e.person_id NOT IN (SELECT v.person_id FROM victims v)))",
        );
        q.push(" ORDER BY e.reference, e.id");
        let rows = q.query().fetch_all(self.store().pool()).await?;
        with_cases(self.store(), &rows).await
    }

    /// One page of the active entries matching `f` (by list, reference, id), with the number
    /// of all the entries that match.
    pub async fn watchlist_page(&self, f: &WatchlistFilter) -> Result<(Vec<WatchlistEntry>, i64)> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        let mut w = Q::new(" FROM watchlist_entries e WHERE e.active = 1");
        if let Some(l) = f.list {
            w.push_arg(" AND e.list = {}", l.code());
        }
        if let Some(z) = f.zone.as_deref().map(str::trim).filter(|z| !z.is_empty()) {
            w.push_arg(" AND e.zone = {}", z.to_owned());
        }
        if f.due {
            push_due(&mut w, self.store().today());
        }
        let mut count = w.clone();
        count.sql = format!("SELECT COUNT(*) AS n{}", w.sql);
        let total: i64 = count
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let (page, per_page) = page_of(f.page, f.per_page, total);
        let mut q = w;
        q.sql = format!(
            "SELECT {ENTRY_COLUMNS}{} ORDER BY e.list, e.reference, e.id",
            q.sql
        );
        q.push_arg(" LIMIT {}", per_page);
        q.push_arg(" OFFSET {}", (page - 1) * per_page);
        let rows = q.query().fetch_all(self.store().pool()).await?;
        Ok((with_cases(self.store(), &rows).await?, total))
    }

    /// The FIA zones written on active entries, in order (for the watchlist's filter).
    pub async fn watchlist_zones(&self) -> Result<Vec<String>> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        sqlx::query("SELECT DISTINCT zone FROM watchlist_entries WHERE active = 1 AND zone IS NOT NULL ORDER BY zone")
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| Ok(r.try_get("zone")?))
            .collect()
    }

    /// One entry, active or removed (for confirming a removal and saying what was removed).
    pub async fn watchlist_entry(&self, id: i64) -> Result<(WatchlistEntry, bool)> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        let rows = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS}, e.active FROM watchlist_entries e WHERE e.id = $1"
        ))
        .bind(id)
        .fetch_all(self.store().pool())
        .await?;
        let active = match rows.first() {
            Some(r) => r.try_get::<i64, _>("active")? == 1,
            None => return Err(StoreError::NotFound),
        };
        let entry = with_cases(self.store(), &rows)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        Ok((entry, active))
    }

    /// Adds an entry (national coordinators and supervisors); it is screened against at once.
    pub async fn add_watchlist_entry(&self, n: NewWatchlistEntry) -> Result<i64> {
        self.require(
            Action::ManageWatchlists,
            "only the national coordinator and supervisors change watchlists",
        )?;
        let person_id = match n
            .person_uid
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(uid) => {
                let mut c = self.store().pool().acquire().await?;
                match self.visible_person(&mut c, uid).await {
                        Ok(p) if p.merged_into.is_none() => Some(p.id),
                        Ok(_) => {
                            return Err(field(
                                "person_uid",
                                "This person record was merged into another: link that record instead",
                            ))
                        }
                        Err(StoreError::NotFound) => return Err(field(
                            "person_uid",
                            "Enter the record number of a person in a case in your jurisdiction (victims cannot be listed)",
                        )),
                        Err(e) => return Err(e),
                    }
            }
        };
        let a = self.actor();
        let who = (
            Some(a.user_id).filter(|id| *id > 0),
            a.username.as_str(),
            self.ip(),
        );
        self.store().write_watchlist_entry(who, n, person_id).await
    }

    /// The person record with this CNIC in a case within the caller's jurisdiction (not merged,
    /// never a victim's), if there is one: to name the person when listing them.
    pub async fn person_uid_by_cnic(&self, cnic: &str) -> Result<Option<String>> {
        self.require(Action::SearchPersons, "this role does not search persons")?;
        let Ok(cnic) = hifazat_domain::person::normalize_cnic(cnic) else {
            return Ok(None);
        };
        let bidx = self.store().vault().blind_index("cnic", &cnic);
        let mut c = self.store().pool().acquire().await?;
        let uids = sqlx::query(&format!(
            "SELECT p.uid FROM persons p WHERE p.cnic_bidx = $1 AND p.merged_into IS NULL AND NOT {} ORDER BY p.id",
            crate::scoped::PROTECTED
        ))
        .bind(bidx)
        .fetch_all(&mut *c)
        .await?;
        for r in uids {
            let uid: String = r.try_get("uid")?;
            match self.visible_person(&mut c, &uid).await {
                Ok(_) => return Ok(Some(uid)),
                Err(StoreError::NotFound) => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Removes an entry from screening (kept, with who removed it and when).
    #[allow(clippy::expect_used)] // Index lock: poisoned only by an earlier panic.
    pub async fn remove_watchlist_entry(&self, id: i64) -> Result<()> {
        self.require(
            Action::ManageWatchlists,
            "only the national coordinator and supervisors change watchlists",
        )?;
        let store = self.store();
        let mut w = store.write().await?;
        let n = sqlx::query("UPDATE watchlist_entries SET active = 0, removed_by = $1, removed_at = $2 WHERE id = $3 AND active = 1")
            .bind(self.actor().user_id)
            .bind(ts(store.now()))
            .bind(id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(StoreError::NotFound);
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "watchlist_entry",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some("removed".into()),
            },
        )
        .await?;
        w.commit().await?;
        store.unindex_watchlist_entries(&[id]);
        Ok(())
    }

    /// Active entries due for review (their review date has come, or they have expired): a
    /// count for the keepers of the watchlists.
    pub async fn watchlist_due_count(&self) -> Result<i64> {
        self.require(
            Action::ManageWatchlists,
            "only the national coordinator and supervisors change watchlists",
        )?;
        let mut q = Q::new("SELECT COUNT(*) AS n FROM watchlist_entries e WHERE e.active = 1");
        push_due(&mut q, self.store().today());
        Ok(q.query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?)
    }

    /// The reviews of an entry, oldest first.
    pub async fn watchlist_reviews(&self, id: i64) -> Result<Vec<WatchlistReview>> {
        self.require(
            Action::ViewWatchlists,
            "this role does not see the watchlists",
        )?;
        sqlx::query(
            "SELECT r.id, r.decision, r.review_on, r.expires_on, r.previous_review_on, r.previous_expires_on, r.reason, r.reviewed_at, \
             u.display_name FROM watchlist_reviews r LEFT JOIN users u ON u.id = r.reviewed_by WHERE r.entry_id = $1 ORDER BY r.id",
        )
        .bind(id)
        .fetch_all(self.store().pool())
        .await?
        .iter()
        .map(|r| {
            Ok(WatchlistReview {
                id: r.try_get("id")?,
                decision: parse(r.try_get("decision")?)?,
                review_on: r.try_get("review_on")?,
                expires_on: r.try_get("expires_on")?,
                previous_review_on: r.try_get("previous_review_on")?,
                previous_expires_on: r.try_get("previous_expires_on")?,
                reason: r.try_get("reason")?,
                reviewed_by: r.try_get("display_name")?,
                reviewed_at: r.try_get("reviewed_at")?,
            })
        })
        .collect()
    }

    /// Reviews an active entry: keeps it to a new review date, extends its expiry (an expired
    /// entry raises alerts again), or removes it from screening; the review is kept with the
    /// dates before and after and the reason, in one transaction with its audit row.
    pub async fn review_entry(&self, id: i64, review: EntryReview) -> Result<()> {
        self.require(
            Action::ManageWatchlists,
            "only the national coordinator and supervisors change watchlists",
        )?;
        let store = self.store();
        let (today, now) = (store.today(), ts(store.now()));
        let mut w = store.write().await?;
        let row = sqlx::query(
            "SELECT active, review_on, expires_on FROM watchlist_entries WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if row.try_get::<i64, _>("active")? != 1 {
            return Err(field(
                "decision",
                "This entry has been removed from the watchlist already",
            ));
        }
        let before_review: Option<String> = row.try_get("review_on")?;
        let before_expiry: Option<String> = row.try_get("expires_on")?;
        let current = before_expiry
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let r = review.validate(today, current)?;
        let Some(decision) = r.decision else {
            return Err(field("decision", "Choose keep, extend or remove"));
        };
        let (review_on, expires_on) = match decision {
            ReviewDecision::Remove => (None, before_expiry.clone()),
            _ => (
                r.next_review_on.map(|d| d.to_string()),
                r.expires_on
                    .map(|d| d.to_string())
                    .or(before_expiry.clone()),
            ),
        };
        sqlx::query(
            "INSERT INTO watchlist_reviews (entry_id, decision, review_on, expires_on, previous_review_on, previous_expires_on, reason, reviewed_by, reviewed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(decision.code())
        .bind(review_on.clone())
        .bind(expires_on.clone())
        .bind(before_review)
        .bind(before_expiry)
        .bind(r.reason.clone())
        .bind(self.actor().user_id)
        .bind(now.clone())
        .execute(&mut *w.tx)
        .await?;
        if decision == ReviewDecision::Remove {
            sqlx::query("UPDATE watchlist_entries SET active = 0, removed_by = $1, removed_at = $2 WHERE id = $3")
                .bind(self.actor().user_id)
                .bind(now)
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
        } else {
            sqlx::query(
                "UPDATE watchlist_entries SET review_on = $1, expires_on = $2 WHERE id = $3",
            )
            .bind(review_on.clone())
            .bind(expires_on.clone())
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "watchlist_entry",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(match decision {
                    ReviewDecision::Remove => "reviewed: removed".to_owned(),
                    d => format!(
                        "reviewed: {}, next review {}, expires {}",
                        d.code(),
                        review_on.as_deref().unwrap_or("-"),
                        expires_on.as_deref().unwrap_or("never")
                    ),
                }),
            },
        )
        .await?;
        w.commit().await?;
        if decision == ReviewDecision::Remove {
            store.unindex_watchlist_entries(&[id]);
        }
        Ok(())
    }

    /// Screens one traveller against the live watchlists; alerts go to the queue.
    pub async fn screen(&self, req: ScreenRequest, source: &str) -> Result<ScreenResult> {
        self.require(
            Action::Screen,
            "only immigration officers screen travellers",
        )?;
        let req = req.validate()?;
        let ids = self.raise_alerts(&[req], source).await?.1;
        Ok(ScreenResult {
            alerts: self.alerts_by_ids(&ids).await?,
        })
    }

    /// Screens a CSV list (`id,full_name,father_name,date_of_birth,cnic,passport,nationality`,
    /// optional `exit_point`); bad rows are reported by line and the rest screened.
    pub async fn screen_batch(&self, csv_text: &str, source: &str) -> Result<BatchReport> {
        self.require(
            Action::Screen,
            "only immigration officers screen travellers",
        )?;
        // Reading and checking a long list is CPU work: off the async runtime.
        let csv_text = csv_text.to_owned();
        let (mut report, good) = tokio::task::spawn_blocking(move || parse_batch(&csv_text))
            .await
            .map_err(|e| StoreError::Config(format!("screening task failed: {e}")))??;
        report.alerts = self.raise_alerts(&good, source).await?.0;
        Ok(report)
    }

    async fn raise_alerts(
        &self,
        reqs: &[ScreenRequest],
        source: &str,
    ) -> Result<(usize, Vec<i64>)> {
        let hits = match_travellers(self.store(), reqs.to_vec()).await?;
        let mut w = self.store().write().await?;
        let ids = self
            .insert_alerts(&mut w.tx, reqs, &hits, source, None)
            .await?;
        w.commit().await?;
        Ok((ids.len(), ids))
    }

    /// Writes the alerts `hits` raised for `reqs` (see [`match_travellers`]) inside `tx`, the
    /// travellers' details sealed, with one audit row for the whole screening. `returnees`,
    /// when given, names the returnee record of each request (same order). Returns the alerts'
    /// ids.
    pub(crate) async fn insert_alerts(
        &self,
        tx: &mut crate::tx::Tx,
        reqs: &[ScreenRequest],
        hits: &[(usize, Vec<hifazat_matching::Alert>)],
        source: &str,
        returnees: Option<&[i64]>,
    ) -> Result<Vec<i64>> {
        let store = self.store();
        let now = ts(store.now());
        let mut ids = Vec::new();
        for (i, alerts) in hits {
            let r = &reqs[*i];
            let identity = r.identity();
            for a in alerts {
                let Ok(entry_id) = a.watchlist_id.parse::<i64>() else {
                    continue;
                };
                let id: i64 = sqlx::query(
                    "INSERT INTO screening_alerts (source, query_ref, query_name, query_father_name, query_dob, query_cnic, query_passport, query_nationality, exit_point, \
                     entry_id, score_milli, explanation, status, created_by, created_at, returnee_id) VALUES ($1, $2, '', NULL, NULL, NULL, NULL, $3, $4, $5, $6, '', 'pending', $7, $8, $9) RETURNING id",
                )
                .bind(source.to_owned())
                .bind(r.id.clone())
                .bind(r.nationality.clone())
                .bind(r.exit_point.clone())
                .bind(entry_id)
                .bind((a.score * 1000.0).round() as i64)
                .bind(self.actor().user_id)
                .bind(now.clone())
                .bind(returnees.and_then(|v| v.get(*i).copied()))
                .fetch_one(&mut **tx)
                .await?
                .try_get("id")?;
                // The passenger's details and how they matched are encrypted like identities.
                let mut values = sealed::ALERT_IDENTITY.values(&identity).to_vec();
                values.push(("explanation", Some(a.explanation.as_str())));
                sealed::seal_into(store, tx, "screening_alerts", id, &values).await?;
                ids.push(id);
            }
        }
        self.entry(
            tx,
            Entry {
                action: AuditAction::Create,
                entity: "screening",
                entity_id: None,
                case_id: None,
                detail: Some(format!(
                    "{source}: {} screened, {} alerts",
                    reqs.len(),
                    ids.len()
                )),
            },
        )
        .await?;
        Ok(ids)
    }

    async fn alerts_by_ids(&self, ids: &[i64]) -> Result<Vec<ScreeningAlert>> {
        let mut q = Q::new(&format!(
            "SELECT a.id AS alert_id, a.source, a.query_ref, a.query_name, a.query_father_name, a.query_dob, a.query_cnic, a.query_passport, a.exit_point, \
             a.score_milli, a.explanation, a.status, a.decision_note, a.decided_at, a.created_at, {ENTRY_COLUMNS} \
             FROM screening_alerts a JOIN watchlist_entries e ON e.id = a.entry_id WHERE"
        ));
        q.push_in("a.id", ids);
        q.push(" ORDER BY a.id");
        self.alerts_from(q).await
    }

    async fn alerts_from(&self, q: Q) -> Result<Vec<ScreeningAlert>> {
        let rows = q.query().fetch_all(self.store().pool()).await?;
        let entries = with_cases(self.store(), &rows).await?;
        let v = self.store().vault();
        rows.iter()
            .zip(entries)
            .map(|(r, entry)| {
                let id: i64 = r.try_get("alert_id")?;
                let query = sealed::ALERT_IDENTITY.open(v, r, id)?;
                let open = |field: &str| -> Result<Option<String>> {
                    sealed::open(
                        v,
                        "screening_alerts",
                        field,
                        id,
                        r.try_get::<Option<String>, _>(field)?.as_deref(),
                    )
                };
                Ok(ScreeningAlert {
                    id,
                    source: r.try_get("source")?,
                    query_ref: r.try_get("query_ref")?,
                    query_name: query.full_name,
                    query_father_name: query.father_name,
                    query_dob: query.date_of_birth,
                    query_cnic: query.cnic,
                    query_passport: query.passport,
                    exit_point: r.try_get("exit_point")?,
                    entry,
                    score: r.try_get::<i64, _>("score_milli")? as f64 / 1000.0,
                    explanation: open("explanation")?.unwrap_or_default(),
                    status: parse(r.try_get("status")?)?,
                    decision_note: r.try_get("decision_note")?,
                    decided_at: r.try_get("decided_at")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The alert queue (newest first), optionally one status only.
    pub async fn alerts(&self, status: Option<AlertDecision>) -> Result<Vec<ScreeningAlert>> {
        self.require(
            Action::Screen,
            "only immigration officers see screening alerts",
        )?;
        let mut q = Q::new(&format!(
            "SELECT a.id AS alert_id, a.source, a.query_ref, a.query_name, a.query_father_name, a.query_dob, a.query_cnic, a.query_passport, a.exit_point, \
             a.score_milli, a.explanation, a.status, a.decision_note, a.decided_at, a.created_at, {ENTRY_COLUMNS} \
             FROM screening_alerts a JOIN watchlist_entries e ON e.id = a.entry_id WHERE 1 = 1"
        ));
        if let Some(s) = status {
            q.push_arg(" AND a.status = {}", s.code());
        }
        q.push(" ORDER BY a.id DESC LIMIT 500");
        self.alerts_from(q).await
    }

    /// One page of the alert queue (newest first), optionally one status only, with the number
    /// of all the alerts that match.
    pub async fn alerts_page(
        &self,
        status: Option<AlertDecision>,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> Result<(Vec<ScreeningAlert>, i64)> {
        self.require(
            Action::Screen,
            "only immigration officers see screening alerts",
        )?;
        let mut count = Q::new("SELECT COUNT(*) AS n FROM screening_alerts a WHERE 1 = 1");
        if let Some(s) = status {
            count.push_arg(" AND a.status = {}", s.code());
        }
        let total: i64 = count
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let (page, per_page) = page_of(page, per_page, total);
        let mut q = Q::new(&format!(
            "SELECT a.id AS alert_id, a.source, a.query_ref, a.query_name, a.query_father_name, a.query_dob, a.query_cnic, a.query_passport, a.exit_point, \
             a.score_milli, a.explanation, a.status, a.decision_note, a.decided_at, a.created_at, {ENTRY_COLUMNS} \
             FROM screening_alerts a JOIN watchlist_entries e ON e.id = a.entry_id WHERE 1 = 1"
        ));
        if let Some(s) = status {
            q.push_arg(" AND a.status = {}", s.code());
        }
        q.push(" ORDER BY a.id DESC");
        q.push_arg(" LIMIT {}", per_page);
        q.push_arg(" OFFSET {}", (page - 1) * per_page);
        Ok((self.alerts_from(q).await?, total))
    }

    /// One alert.
    pub async fn alert(&self, id: i64) -> Result<ScreeningAlert> {
        self.require(
            Action::Screen,
            "only immigration officers see screening alerts",
        )?;
        self.alerts_by_ids(&[id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Alerts awaiting a decision (a count in SQL).
    pub async fn pending_alerts(&self) -> Result<i64> {
        self.require(
            Action::Screen,
            "only immigration officers see screening alerts",
        )?;
        Ok(
            sqlx::query("SELECT COUNT(*) AS n FROM screening_alerts WHERE status = 'pending'")
                .fetch_one(self.store().pool())
                .await?
                .try_get("n")?,
        )
    }

    /// The pending alert to decide after alert `after` (the queue runs newest first: the next
    /// older pending alert, else the newest), with its place in the pending queue from 0.
    pub async fn next_pending_alert(&self, after: i64) -> Result<Option<(i64, i64)>> {
        self.require(
            Action::Screen,
            "only immigration officers see screening alerts",
        )?;
        let pool = self.store().pool();
        let older = sqlx::query(
            "SELECT MAX(id) AS id FROM screening_alerts WHERE status = 'pending' AND id < $1",
        )
        .bind(after)
        .fetch_one(pool)
        .await?
        .try_get::<Option<i64>, _>("id")?;
        let next = match older {
            Some(id) => Some(id),
            None => {
                sqlx::query("SELECT MAX(id) AS id FROM screening_alerts WHERE status = 'pending'")
                    .fetch_one(pool)
                    .await?
                    .try_get::<Option<i64>, _>("id")?
            }
        };
        let Some(next) = next else { return Ok(None) };
        let before: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM screening_alerts WHERE status = 'pending' AND id > $1",
        )
        .bind(next)
        .fetch_one(pool)
        .await?
        .try_get("n")?;
        Ok(Some((next, before)))
    }

    /// Counts of decisions, for measuring the matcher.
    pub async fn alert_stats(&self) -> Result<AlertStats> {
        self.require(
            Action::Screen,
            "only immigration officers see screening alerts",
        )?;
        // Band 19 is [0.95, 1.0]; a score of exactly 1.0 belongs to it.
        let rows = sqlx::query(
            "SELECT status, CASE WHEN score_milli >= 1000 THEN 19 ELSE score_milli / 50 END AS band, COUNT(*) AS n \
             FROM screening_alerts GROUP BY status, CASE WHEN score_milli >= 1000 THEN 19 ELSE score_milli / 50 END",
        )
        .fetch_all(self.store().pool())
        .await?;
        let mut s = AlertStats {
            pending: 0,
            true_match: 0,
            false_alarm: 0,
            bands: Vec::new(),
        };
        for r in rows {
            let n: i64 = r.try_get("n")?;
            let band: i64 = r.try_get("band")?;
            let i = match s
                .bands
                .iter()
                .position(|b| (b.from * 20.0).round() as i64 == band)
            {
                Some(i) => i,
                None => {
                    s.bands.push(ScoreBand {
                        from: band as f64 / 20.0,
                        to: (band + 1) as f64 / 20.0,
                        pending: 0,
                        true_match: 0,
                        false_alarm: 0,
                    });
                    s.bands.len() - 1
                }
            };
            let b = &mut s.bands[i];
            match r.try_get::<String, _>("status")?.as_str() {
                "pending" => {
                    s.pending += n;
                    b.pending += n;
                }
                "true_match" => {
                    s.true_match += n;
                    b.true_match += n;
                }
                "false_alarm" => {
                    s.false_alarm += n;
                    b.false_alarm += n;
                }
                _ => {}
            }
        }
        s.bands.sort_by(|a, b| b.from.total_cmp(&a.from));
        Ok(s)
    }

    /// Records the officer's decision on a pending alert.
    pub async fn decide(&self, alert_id: i64, d: Decision) -> Result<()> {
        self.require(Action::Screen, "only immigration officers decide alerts")?;
        if d.decision == AlertDecision::Pending {
            return Err(field("decision", "Choose true match or false alarm"));
        }
        let store = self.store();
        let mut w = store.write().await?;
        let n = sqlx::query("UPDATE screening_alerts SET status = $1, decision_note = $2, decided_by = $3, decided_at = $4 WHERE id = $5 AND status = 'pending'")
            .bind(d.decision.code())
            .bind(d.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()))
            .bind(self.actor().user_id)
            .bind(ts(store.now()))
            .bind(alert_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if n != 1 {
            let exists = sqlx::query("SELECT id FROM screening_alerts WHERE id = $1")
                .bind(alert_id)
                .fetch_optional(&mut *w.tx)
                .await?
                .is_some();
            return Err(if exists {
                field("decision", "This alert has already been decided")
            } else {
                StoreError::NotFound
            });
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "screening_alert",
                entity_id: Some(alert_id.to_string()),
                case_id: None,
                detail: Some(d.decision.code().to_owned()),
            },
        )
        .await?;
        w.commit().await
    }
}
