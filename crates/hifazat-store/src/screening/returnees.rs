//! Returnees (issue 13, item 1): deportees, off-loaded passengers and returning migrants, the
//! daily lists they arrive in, their screening against the watchlists on arrival, their link to
//! the person index, and their debriefings.
//!
//! Who reads what: a returnee lies in the jurisdiction of the district where they arrived *and*
//! of their home district, so the immigration officer at the airport and the investigating
//! officer at home both see them. Names and documents are sealed like persons'; every showing
//! of one returnee's identity is an identity-view audit row, and a list page is a view row.
//! A list is imported in one transaction: the list with its result (counts and the refused
//! rows by line and column, never their contents), every accepted returnee, their links to the
//! person index (by CNIC or passport) and the alerts their screening raised; a refused row
//! leaves the others in.

use crate::audit::{AuditAction, Entry};
use crate::field;
use crate::rows::parse;
use crate::scoped::push_scope;
use crate::screening::match_travellers;
use crate::sealed;
use crate::sql::Q;
use crate::tx::{next_counter, Tx};
use crate::{page_number, ts, Result, Scoped, StoreError};
use chrono::{Datelike, NaiveDate};
use hifazat_domain::case::NewCase;
use hifazat_domain::csv_import::{read_csv, RowError};
use hifazat_domain::returnees::{
    returnee_from_row, Arrival, CaseSuggestion, DocumentUsed, NewDebriefing, NewReturnee,
    NewReturneeList, ReturnReason, ReturneeKind, RouteLeg, TravelDocument, LIST_LAYOUT,
};
use hifazat_domain::screening::{AlertDecision, WatchlistKind};
use hifazat_domain::{reference, Action, Actor, Jurisdiction, Sex, Stage};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Rows per page of the returnee list.
pub const PAGE_SIZE: i64 = 25;

/// A returnee as listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturneeSummary {
    /// Id.
    pub id: i64,
    /// Reference, e.g. `RT-2026-000042`.
    pub reference: String,
    /// Deportee, off-loaded passenger or returning migrant.
    pub kind: ReturneeKind,
    /// Name.
    pub full_name: String,
    /// Nationality (ISO 3166-1 alpha-2).
    pub nationality: String,
    /// Country returned from.
    pub country: String,
    /// Why.
    pub reason: ReturnReason,
    /// Flight, crossing or vessel.
    pub flight: String,
    /// Arrival point.
    pub arrival_point: String,
    /// District of arrival (code).
    pub district: String,
    /// Home district (code), when known.
    pub home_district: Option<String>,
    /// Day of arrival.
    pub arrived_on: String,
    /// Alerts their screening raised.
    pub alerts: i64,
    /// Alerts still awaiting an officer's decision.
    pub pending_alerts: i64,
    /// Debriefings recorded.
    pub debriefings: i64,
    /// Linked to a person record.
    pub linked: bool,
}

/// A screening alert of a returnee.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturneeAlert {
    /// Alert id (its page is the screening alert's).
    pub id: i64,
    /// The watchlist.
    pub list: WatchlistKind,
    /// The listed name.
    pub listed_name: String,
    /// Score (0–1).
    pub score: f64,
    /// The officer's decision so far.
    pub status: AlertDecision,
}

/// The agent a debriefing names from the register.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DebriefedAgent {
    /// Agent id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Licence number (licensed promoters).
    pub licence_number: Option<String>,
}

/// A debriefing as read back.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Debriefing {
    /// Id.
    pub id: i64,
    /// Day of the interview.
    pub interviewed_on: String,
    /// The agent from the register.
    pub agent: Option<DebriefedAgent>,
    /// The agent as named, when not in the register.
    pub agent_name: Option<String>,
    /// Sub-agents and facilitators.
    pub sub_agents: Vec<String>,
    /// Money paid, in rupees.
    pub amount_paid_pkr: Option<i64>,
    /// The journey, leg by leg.
    pub legs: Vec<RouteLeg>,
    /// Documents used.
    pub documents_used: Vec<DocumentUsed>,
    /// Exploitation suffered (codes).
    pub exploitation: Vec<String>,
    /// The returnee's account.
    pub account: Option<String>,
    /// The case opened from it, when the reader may read that case.
    pub case_id: Option<i64>,
    /// That case's reference.
    pub case_reference: Option<String>,
    /// A case was opened from it (told even when the reader may not read the case).
    pub case_opened: bool,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When.
    pub recorded_at: String,
}

/// One returnee with identity, alerts and debriefings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturneeDetail {
    /// What the list shows.
    #[serde(flatten)]
    pub summary: ReturneeSummary,
    /// Father's or husband's name.
    pub father_name: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<String>,
    /// Sex.
    pub sex: Option<Sex>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport number.
    pub passport: Option<String>,
    /// Document travelled back on.
    pub document: Option<TravelDocument>,
    /// The list it came in, and its row id there.
    pub list_id: Option<i64>,
    /// The row's id in the list.
    pub list_ref: Option<String>,
    /// The linked person record's id, for readers of the person index.
    pub person_uid: Option<String>,
    /// Screening alerts.
    pub alert_list: Vec<ReturneeAlert>,
    /// Debriefings, oldest first.
    pub debriefing_list: Vec<Debriefing>,
    /// The protection record opened for them as a victim, if any.
    pub victim_id: Option<i64>,
}

/// Filters of the returnee list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReturneeFilter {
    /// Deportees, off-loaded or returning migrants.
    pub kind: Option<ReturneeKind>,
    /// District of arrival or home (code).
    pub district: Option<String>,
    /// Country returned from.
    pub country: Option<String>,
    /// Arrived on or after (`YYYY-MM-DD`).
    pub from: Option<NaiveDate>,
    /// Arrived on or before.
    pub to: Option<NaiveDate>,
    /// Only those with alerts.
    pub alerts: Option<bool>,
    /// `true`: debriefed; `false`: not yet.
    pub debriefed: Option<bool>,
    /// One list only.
    pub list: Option<i64>,
    /// Page (from 1).
    pub page: Option<i64>,
}

/// A page of returnees with the true total.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturneePage {
    /// The page's returnees, newest arrival first.
    pub items: Vec<ReturneeSummary>,
    /// All that match.
    pub total: i64,
    /// This page (from 1).
    pub page: i64,
    /// Rows per page.
    pub page_size: i64,
}

/// A returnee just recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturneeSaved {
    /// Id.
    pub id: i64,
    /// Reference.
    pub reference: String,
    /// Alerts the screening raised.
    pub alerts: i64,
    /// Linked to a person record by CNIC or passport.
    pub linked: bool,
}

/// A list as received, with its result.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturneeListReport {
    /// List id.
    pub id: i64,
    /// What the list held.
    pub kind: ReturneeKind,
    /// Arrival point.
    pub arrival_point: String,
    /// District of arrival.
    pub district: String,
    /// Day of arrival.
    pub arrived_on: String,
    /// Who sent it.
    pub source: String,
    /// Data rows read.
    pub rows: i64,
    /// Returnees recorded.
    pub accepted: i64,
    /// Rows refused.
    pub refused: i64,
    /// Alerts raised by the screening.
    pub alerts: i64,
    /// Returnees linked to person records.
    pub linked: i64,
    /// The refused rows: line, column, message.
    pub errors: Vec<RowError>,
    /// Who imported it.
    pub received_by: Option<String>,
    /// When.
    pub received_at: String,
}

/// What a case opened from a debriefing starts with.
#[derive(Debug, Clone)]
pub struct CaseDraft {
    /// The debriefing.
    pub debriefing_id: i64,
    /// The returnee's reference.
    pub reference: String,
    /// The suggested case.
    pub case: NewCase,
    /// A case was already opened from it.
    pub already_opened: bool,
}

/// The condition that a returnee aliased `r` lies in `j`: arrived there or comes from there.
pub(crate) fn push_returnee_scope(q: &mut Q, j: &Jurisdiction) {
    match j {
        Jurisdiction::National => {}
        Jurisdiction::Province(p) => {
            let p = q.arg(reference::current_province_code(p).to_owned());
            q.push(&format!(
                " AND (r.province_code = {p} OR r.home_province = {p})"
            ));
        }
        Jurisdiction::District(d) => {
            let d = q.arg(d.clone());
            q.push(&format!(
                " AND (r.district_code = {d} OR r.home_district = {d})"
            ));
        }
    }
}

const SUMMARY_COLUMNS: &str = "r.id, r.reference, r.kind, r.full_name, r.nationality, r.country, r.reason, r.flight, \
     r.arrival_point, r.district_code, r.home_district, r.arrived_on, r.alerts, r.person_id, \
     (SELECT COUNT(*) FROM screening_alerts a WHERE a.returnee_id = r.id AND a.status = 'pending') AS pending_alerts, \
     (SELECT COUNT(*) FROM debriefings d WHERE d.returnee_id = r.id) AS debriefings";

fn province_of(district: &str) -> Result<String> {
    reference::district_by_code(district)
        .map(|d| reference::current_province_code(&d.province_code).to_owned())
        .ok_or_else(|| field("district", "Choose a district"))
}

fn codes_of<T: Copy>(text: &str, from: fn(&str) -> Option<T>) -> Vec<T> {
    text.split(',').filter_map(from).collect()
}

impl Scoped<'_> {
    fn require_returnees(&self) -> Result<()> {
        self.require(
            Action::Returnees,
            "only immigration and case officers work with returnees",
        )
    }

    /// The arrival must lie in the actor's jurisdiction (they record what reaches their own
    /// airport or crossing).
    fn check_arrival(&self, a: &Arrival) -> Result<(String, String)> {
        let district = a.district.clone().unwrap_or_default();
        let province = province_of(&district)?;
        if !self.actor().jurisdiction.covers(&province, &district) {
            return Err(field(
                "district",
                "You can record arrivals in your own jurisdiction only",
            ));
        }
        Ok((province, district))
    }

    /// Records one returnee (with no list), screens them and links them to the person index.
    pub async fn record_returnee(&self, n: NewReturnee) -> Result<ReturneeSaved> {
        self.require_returnees()?;
        let n = n.validate(self.store().today())?;
        let place = self.check_arrival(&n.arrival)?;
        let hits = match_travellers(self.store(), vec![n.screen_request(String::new())]).await?;
        let mut w = self.store().write().await?;
        let (id, reference, linked) = self.insert_returnee(&mut w.tx, &n, &place, None).await?;
        let reqs = vec![n.screen_request(reference.clone())];
        let alerts = self
            .insert_alerts(
                &mut w.tx,
                &reqs,
                &hits,
                &format!("returnee {reference}"),
                Some(&[id]),
            )
            .await?;
        self.set_alert_count(&mut w.tx, id, alerts.len()).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "returnee",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{reference}: {} at {}, {} alerts",
                    n.arrival.kind.code(),
                    n.arrival.point,
                    alerts.len()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(ReturneeSaved {
            id,
            reference,
            alerts: alerts.len() as i64,
            linked,
        })
    }

    async fn set_alert_count(&self, tx: &mut Tx, id: i64, n: usize) -> Result<()> {
        sqlx::query("UPDATE returnees SET alerts = $1 WHERE id = $2")
            .bind(n as i64)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Inserts a validated returnee (identity sealed, linked to the person record with the same
    /// CNIC or passport); returns (id, reference, linked).
    async fn insert_returnee(
        &self,
        tx: &mut Tx,
        n: &NewReturnee,
        (province, district): &(String, String),
        list: Option<i64>,
    ) -> Result<(i64, String, bool)> {
        let store = self.store();
        let v = store.vault();
        let arrived = n.arrival.date.unwrap_or(store.today());
        let seq = next_counter(tx, &format!("returnee:{}", arrived.year())).await?;
        let reference = format!("RT-{}-{seq:06}", arrived.year());
        let cnic_bidx = n.cnic.as_deref().map(|c| v.blind_index("cnic", c));
        let passport_bidx = n.passport.as_deref().map(|p| v.blind_index("passport", p));
        let person_id = self
            .person_by_documents(tx, cnic_bidx.as_deref(), passport_bidx.as_deref())
            .await?;
        let home_province = match &n.home_district {
            Some(d) => Some(province_of(d)?),
            None => None,
        };
        let birth_year = n
            .date_of_birth
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i64>().ok());
        let id: i64 = sqlx::query(
            "INSERT INTO returnees (reference, list_id, list_ref, kind, cnic_bidx, passport_bidx, sex, birth_year, nationality, document, \
             flight, country, reason, arrival_point, province_code, district_code, home_province, home_district, arrived_on, person_id, alerts, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 0, $21, $22) RETURNING id",
        )
        .bind(reference.clone())
        .bind(list)
        .bind(n.list_ref.clone())
        .bind(n.arrival.kind.code())
        .bind(cnic_bidx)
        .bind(passport_bidx)
        .bind(n.sex.map(|s| s.code()))
        .bind(birth_year)
        .bind(n.nationality.clone().unwrap_or_else(|| "PK".into()))
        .bind(n.document.map(|d| d.code()))
        .bind(n.flight.clone())
        .bind(n.country.clone())
        .bind(n.reason.code())
        .bind(n.arrival.point.clone())
        .bind(province.clone())
        .bind(district.clone())
        .bind(home_province)
        .bind(n.home_district.clone())
        .bind(arrived.to_string())
        .bind(person_id)
        .bind(self.actor().user_id)
        .bind(ts(store.now()))
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        let identity = n.identity();
        sealed::seal_into(
            store,
            tx,
            "returnees",
            id,
            &sealed::RETURNEE_IDENTITY.values(&identity),
        )
        .await?;
        Ok((id, reference, person_id.is_some()))
    }

    /// The (kept, not merged) person record with this CNIC, else this passport.
    async fn person_by_documents(
        &self,
        tx: &mut Tx,
        cnic: Option<&str>,
        passport: Option<&str>,
    ) -> Result<Option<i64>> {
        for (col, h) in [("cnic_bidx", cnic), ("passport_bidx", passport)] {
            let Some(h) = h else { continue };
            let found = sqlx::query(&format!(
                "SELECT id FROM persons WHERE {col} = $1 AND merged_into IS NULL ORDER BY id LIMIT 1"
            ))
            .bind(h.to_owned())
            .fetch_optional(&mut **tx)
            .await?;
            if let Some(r) = found {
                return Ok(Some(r.try_get("id")?));
            }
        }
        Ok(None)
    }

    /// Imports a daily list: every readable, valid row becomes a returnee, screened on arrival
    /// and linked to the person index; every refused row is reported by line and column. The
    /// list's result is kept with it. A list with no valid row is refused whole.
    pub async fn import_returnees(&self, l: NewReturneeList) -> Result<ReturneeListReport> {
        self.require_returnees()?;
        let l = l.validate(self.store().today())?;
        let place = self.check_arrival(&l.arrival)?;
        let arrival = l.arrival.clone();
        let csv = l.csv.clone();
        let (file, good, mut errors) = tokio::task::spawn_blocking(move || {
            let file = read_csv(&csv, &LIST_LAYOUT)?;
            let mut good = Vec::new();
            let mut errors = file.errors.clone();
            for row in &file.readable {
                match returnee_from_row(row, &arrival) {
                    Ok(r) => good.push(r),
                    Err(e) => errors.extend(row.problems(e)),
                }
            }
            Ok::<_, hifazat_domain::FieldErrors>((file.rows, good, errors))
        })
        .await
        .map_err(|e| StoreError::Config(format!("import task failed: {e}")))??;
        errors.sort_by_key(|e| e.line);
        if good.is_empty() {
            let mut e = hifazat_domain::FieldErrors::new();
            e.add(
                "csv",
                match errors.first() {
                    Some(first) => format!(
                        "No row could be recorded; the first problem is on line {}: {} ({})",
                        first.line, first.message, first.field
                    ),
                    None => "The list has no rows".to_owned(),
                },
            );
            return Err(StoreError::Invalid(e));
        }
        let refused_lines = {
            let mut lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
            lines.dedup();
            lines.len() as i64
        };
        let reqs: Vec<_> = good
            .iter()
            .map(|r| r.screen_request(r.list_ref.clone().unwrap_or_default()))
            .collect();
        let hits = match_travellers(self.store(), reqs).await?;
        let now = ts(self.store().now());
        let mut w = self.store().write().await?;
        let list_id: i64 = sqlx::query(
            "INSERT INTO returnee_lists (kind, arrival_point, province_code, district_code, arrived_on, source, rows_read, accepted, refused, alerts, linked, errors, received_by, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, $10, $11, $12) RETURNING id",
        )
        .bind(l.arrival.kind.code())
        .bind(l.arrival.point.clone())
        .bind(place.0.clone())
        .bind(place.1.clone())
        .bind(l.arrival.date.map(|d| d.to_string()).unwrap_or_default())
        .bind(l.source.clone())
        .bind(file as i64)
        .bind(good.len() as i64)
        .bind(refused_lines)
        .bind(serde_json::to_string(&errors).unwrap_or_else(|_| "[]".into()))
        .bind(self.actor().user_id)
        .bind(now.clone())
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let mut ids = Vec::with_capacity(good.len());
        let mut refs = Vec::with_capacity(good.len());
        let mut linked = 0;
        for r in &good {
            let (id, reference, l) = self
                .insert_returnee(&mut w.tx, r, &place, Some(list_id))
                .await?;
            ids.push(id);
            refs.push(r.screen_request(reference));
            linked += l as i64;
        }
        let alerts = self
            .insert_alerts(
                &mut w.tx,
                &refs,
                &hits,
                &format!("returnee list {list_id}"),
                Some(&ids),
            )
            .await?;
        for (i, a) in &hits {
            self.set_alert_count(&mut w.tx, ids[*i], a.len()).await?;
        }
        // The alert count is of alerts written (an entry's id that no longer parses is skipped).
        sqlx::query("UPDATE returnee_lists SET alerts = $1, linked = $2 WHERE id = $3")
            .bind(alerts.len() as i64)
            .bind(linked)
            .bind(list_id)
            .execute(&mut *w.tx)
            .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Import,
                entity: "returnee_list",
                entity_id: Some(list_id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{} at {} on {}: {} rows, {} recorded, {} refused, {} alerts, {} linked",
                    l.arrival.kind.code(),
                    l.arrival.point,
                    l.arrival.date.map(|d| d.to_string()).unwrap_or_default(),
                    file,
                    good.len(),
                    refused_lines,
                    alerts.len(),
                    linked
                )),
            },
        )
        .await?;
        w.commit().await?;
        self.returnee_list(list_id).await
    }

    /// The lists received in the actor's jurisdiction, newest first, with the true total.
    pub async fn returnee_lists(
        &self,
        page: Option<i64>,
    ) -> Result<(Vec<ReturneeListReport>, i64)> {
        self.require_returnees()?;
        let page = page_number(page);
        let mut count = Q::new("SELECT COUNT(*) AS n FROM returnee_lists l WHERE 1 = 1");
        count.push_jurisdiction("l", &self.actor().jurisdiction);
        let total: i64 = count
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let mut q = Q::new(
            "SELECT l.*, u.username FROM returnee_lists l LEFT JOIN users u ON u.id = l.received_by WHERE 1 = 1",
        );
        q.push_jurisdiction("l", &self.actor().jurisdiction);
        q.push_arg(" ORDER BY l.id DESC LIMIT 20 OFFSET {}", (page - 1) * 20);
        let rows = q.query().fetch_all(self.store().pool()).await?;
        let lists = rows.iter().map(list_from).collect::<Result<Vec<_>>>()?;
        Ok((lists, total))
    }

    /// One list and its result.
    pub async fn returnee_list(&self, id: i64) -> Result<ReturneeListReport> {
        self.require_returnees()?;
        let mut q = Q::new(
            "SELECT l.*, u.username FROM returnee_lists l LEFT JOIN users u ON u.id = l.received_by WHERE",
        );
        q.push_arg(" l.id = {}", id);
        q.push_jurisdiction("l", &self.actor().jurisdiction);
        let r = q
            .query()
            .fetch_optional(self.store().pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        list_from(&r)
    }

    fn returnee_summary(&self, r: &AnyRow) -> Result<ReturneeSummary> {
        let id: i64 = r.try_get("id")?;
        Ok(ReturneeSummary {
            id,
            reference: r.try_get("reference")?,
            kind: parse(r.try_get("kind")?)?,
            full_name: sealed::open(
                self.store().vault(),
                "returnees",
                "full_name",
                id,
                r.try_get::<Option<String>, _>("full_name")?.as_deref(),
            )?
            .unwrap_or_default(),
            nationality: r.try_get("nationality")?,
            country: r.try_get("country")?,
            reason: parse(r.try_get("reason")?)?,
            flight: r.try_get("flight")?,
            arrival_point: r.try_get("arrival_point")?,
            district: r.try_get("district_code")?,
            home_district: r.try_get("home_district")?,
            arrived_on: r.try_get("arrived_on")?,
            alerts: r.try_get("alerts")?,
            pending_alerts: r.try_get("pending_alerts")?,
            debriefings: r.try_get("debriefings")?,
            linked: r.try_get::<Option<i64>, _>("person_id")?.is_some(),
        })
    }

    /// A page of the returnees the actor may read, newest arrival first, with the true total.
    /// The page shows names, so it is recorded in the audit trail (how many, never the
    /// filters' values beyond codes).
    pub async fn returnees(&self, f: &ReturneeFilter) -> Result<ReturneePage> {
        self.require_returnees()?;
        let page = page_number(f.page);
        let mut where_ = Q::new("");
        push_returnee_scope(&mut where_, &self.actor().jurisdiction);
        if let Some(k) = f.kind {
            where_.push_arg(" AND r.kind = {}", k.code());
        }
        if let Some(d) = f.district.as_deref().filter(|d| !d.is_empty()) {
            let d = where_.arg(d.to_uppercase());
            where_.push(&format!(
                " AND (r.district_code = {d} OR r.home_district = {d})"
            ));
        }
        if let Some(c) = f.country.as_deref().filter(|c| !c.is_empty()) {
            where_.push_arg(" AND r.country = {}", c.to_uppercase());
        }
        if let Some(d) = f.from {
            where_.push_arg(" AND r.arrived_on >= {}", d.to_string());
        }
        if let Some(d) = f.to {
            where_.push_arg(" AND r.arrived_on <= {}", d.to_string());
        }
        if f.alerts == Some(true) {
            where_.push(" AND r.alerts > 0");
        }
        match f.debriefed {
            Some(true) => {
                where_.push(" AND EXISTS (SELECT 1 FROM debriefings d WHERE d.returnee_id = r.id)")
            }
            Some(false) => where_
                .push(" AND NOT EXISTS (SELECT 1 FROM debriefings d WHERE d.returnee_id = r.id)"),
            None => &mut where_,
        };
        if let Some(l) = f.list {
            where_.push_arg(" AND r.list_id = {}", l);
        }
        let count = Q::prefixed("SELECT COUNT(*) AS n FROM returnees r WHERE 1 = 1", &where_);
        let total: i64 = count
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let mut q = Q::prefixed(
            &format!("SELECT {SUMMARY_COLUMNS} FROM returnees r WHERE 1 = 1"),
            &where_,
        );
        q.push_arg(" ORDER BY r.arrived_on DESC, r.id DESC LIMIT {}", PAGE_SIZE);
        q.push_arg(" OFFSET {}", (page - 1) * PAGE_SIZE);
        let rows = q.query().fetch_all(self.store().pool()).await?;
        let items = rows
            .iter()
            .map(|r| self.returnee_summary(r))
            .collect::<Result<Vec<_>>>()?;
        if !items.is_empty() {
            let mut w = self.store().write().await?;
            self.entry(
                &mut w.tx,
                Entry {
                    action: AuditAction::View,
                    entity: "returnee",
                    entity_id: None,
                    case_id: None,
                    detail: Some(format!("list of returnees: {} shown", items.len())),
                },
            )
            .await?;
            w.commit().await?;
        }
        Ok(ReturneePage {
            items,
            total,
            page,
            page_size: PAGE_SIZE,
        })
    }

    /// The returnee row `id` if the actor may read it, inside `tx`.
    async fn readable_returnee(&self, tx: &mut Tx, id: i64) -> Result<AnyRow> {
        let mut q = Q::new(&format!(
            "SELECT {SUMMARY_COLUMNS}, r.father_name, r.dob, r.sex, r.cnic, r.passport, r.document, r.list_id, r.list_ref, r.victim_id, \
             (SELECT p.uid FROM persons p WHERE p.id = r.person_id) AS person_uid FROM returnees r WHERE"
        ));
        q.push_arg(" r.id = {}", id);
        push_returnee_scope(&mut q, &self.actor().jurisdiction);
        q.query()
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// One returnee with identity, alerts and debriefings (an identity view in the audit
    /// trail).
    pub async fn returnee(&self, id: i64) -> Result<ReturneeDetail> {
        self.require_returnees()?;
        let mut w = self.store().write().await?;
        let r = self.readable_returnee(&mut w.tx, id).await?;
        let identity = sealed::RETURNEE_IDENTITY.open(self.store().vault(), &r, id)?;
        let summary = self.returnee_summary(&r)?;
        let alert_list = sqlx::query(
            "SELECT a.id, a.score_milli, a.status, e.list, e.full_name FROM screening_alerts a \
             JOIN watchlist_entries e ON e.id = a.entry_id WHERE a.returnee_id = $1 ORDER BY a.score_milli DESC, a.id",
        )
        .bind(id)
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .map(|a| {
            Ok(ReturneeAlert {
                id: a.try_get("id")?,
                list: parse(a.try_get("list")?)?,
                listed_name: a.try_get("full_name")?,
                score: a.try_get::<i64, _>("score_milli")? as f64 / 1000.0,
                status: parse(a.try_get("status")?)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let debriefing_list = self.debriefings_of(&mut w.tx, id).await?;
        let person_uid = if self.actor().may(Action::SearchPersons) {
            r.try_get("person_uid")?
        } else {
            None
        };
        let detail = ReturneeDetail {
            father_name: identity.father_name,
            date_of_birth: identity.date_of_birth,
            sex: r
                .try_get::<Option<String>, _>("sex")?
                .and_then(|s| Sex::from_code(&s)),
            cnic: identity.cnic,
            passport: identity.passport,
            document: r
                .try_get::<Option<String>, _>("document")?
                .and_then(|s| TravelDocument::from_code(&s)),
            list_id: r.try_get("list_id")?,
            list_ref: r.try_get("list_ref")?,
            victim_id: r.try_get("victim_id")?,
            person_uid,
            alert_list,
            debriefing_list,
            summary,
        };
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::ViewIdentity,
                entity: "returnee",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(detail.summary.reference.clone()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(detail)
    }

    async fn debriefings_of(&self, tx: &mut Tx, returnee_id: i64) -> Result<Vec<Debriefing>> {
        let rows = sqlx::query(
            "SELECT d.*, a.name AS agent_full_name, a.licence_number, u.username, c.reference AS case_reference, \
             c.province_code AS case_province, c.district_code AS case_district \
             FROM debriefings d LEFT JOIN agents a ON a.id = d.agent_id LEFT JOIN users u ON u.id = d.created_by \
             LEFT JOIN cases c ON c.id = d.case_id WHERE d.returnee_id = $1 ORDER BY d.id",
        )
        .bind(returnee_id)
        .fetch_all(&mut **tx)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for d in &rows {
            let id: i64 = d.try_get("id")?;
            let legs = sqlx::query(
                "SELECT from_place, to_place, country, transport FROM route_legs WHERE debriefing_id = $1 ORDER BY seq",
            )
            .bind(id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|l| {
                Ok(RouteLeg {
                    from_place: l.try_get("from_place")?,
                    to_place: l.try_get("to_place")?,
                    country: l.try_get("country")?,
                    transport: parse(l.try_get("transport")?)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
            let case_id: Option<i64> = d.try_get("case_id")?;
            let readable = match (
                d.try_get::<Option<String>, _>("case_province")?,
                d.try_get::<Option<String>, _>("case_district")?,
            ) {
                (Some(p), Some(dc)) => {
                    self.actor().may(Action::ViewCases) && self.actor().jurisdiction.covers(&p, &dc)
                }
                _ => false,
            };
            let agent = match d.try_get::<Option<i64>, _>("agent_id")? {
                Some(aid) => Some(DebriefedAgent {
                    id: aid,
                    name: d.try_get("agent_full_name")?,
                    licence_number: d.try_get("licence_number")?,
                }),
                None => None,
            };
            out.push(Debriefing {
                id,
                interviewed_on: d.try_get("interviewed_on")?,
                agent,
                agent_name: d.try_get("agent_name")?,
                sub_agents: serde_json::from_str(&d.try_get::<String, _>("sub_agents")?)
                    .unwrap_or_default(),
                amount_paid_pkr: d.try_get("amount_paid_pkr")?,
                legs,
                documents_used: codes_of(
                    &d.try_get::<String, _>("documents_used")?,
                    DocumentUsed::from_code,
                ),
                exploitation: d
                    .try_get::<String, _>("exploitation")?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                account: sealed::open(
                    self.store().vault(),
                    "debriefings",
                    "account",
                    id,
                    d.try_get::<Option<String>, _>("account")?.as_deref(),
                )?,
                case_opened: case_id.is_some(),
                case_id: case_id.filter(|_| readable),
                case_reference: d
                    .try_get::<Option<String>, _>("case_reference")?
                    .filter(|_| readable),
                recorded_by: d.try_get("username")?,
                recorded_at: d.try_get("created_at")?,
            });
        }
        Ok(out)
    }

    /// Records a debriefing of returnee `id`: the agent (from the register, or as named), the
    /// sub-agents, the money, the route leg by leg, the documents and the exploitation; the
    /// account sealed. Returns the debriefing's id.
    pub async fn debrief(&self, id: i64, d: NewDebriefing) -> Result<i64> {
        self.require_returnees()?;
        let mut w = self.store().write().await?;
        let r = self.readable_returnee(&mut w.tx, id).await?;
        let arrived: NaiveDate = r
            .try_get::<String, _>("arrived_on")?
            .parse()
            .map_err(|_| StoreError::Config("bad arrival date".into()))?;
        let d = d.validate(arrived, self.store().today())?;
        if let Some(a) = d.agent_id {
            let found = sqlx::query("SELECT id FROM agents WHERE id = $1")
                .bind(a)
                .fetch_optional(&mut *w.tx)
                .await?;
            if found.is_none() {
                return Err(field("agent_id", "Choose an agent from the register"));
            }
        }
        let did: i64 = sqlx::query(
            "INSERT INTO debriefings (returnee_id, interviewed_on, agent_id, agent_name, sub_agents, amount_paid_pkr, documents_used, exploitation, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(id)
        .bind(d.interviewed_on.map(|x| x.to_string()).unwrap_or_default())
        .bind(d.agent_id)
        .bind(d.agent_name.clone())
        .bind(serde_json::to_string(&d.sub_agents).unwrap_or_else(|_| "[]".into()))
        .bind(d.amount_paid_pkr)
        .bind(
            d.documents_used
                .iter()
                .map(|x| x.code())
                .collect::<Vec<_>>()
                .join(","),
        )
        .bind(d.exploitation.join(","))
        .bind(self.actor().user_id)
        .bind(ts(self.store().now()))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        sealed::seal_into(
            self.store(),
            &mut w.tx,
            "debriefings",
            did,
            &[("account", d.account.as_deref())],
        )
        .await?;
        for (seq, l) in d.legs.iter().enumerate() {
            sqlx::query(
                "INSERT INTO route_legs (debriefing_id, seq, from_place, to_place, country, transport) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(did)
            .bind(seq as i64 + 1)
            .bind(l.from_place.clone())
            .bind(l.to_place.clone())
            .bind(l.country.clone())
            .bind(l.transport.code())
            .execute(&mut *w.tx)
            .await?;
        }
        let reference: String = r.try_get("reference")?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "debriefing",
                entity_id: Some(did.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{reference} debriefed: {} legs{}",
                    d.legs.len(),
                    d.agent_id
                        .map(|a| format!(", agent {a}"))
                        .unwrap_or_default()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(did)
    }

    /// The debriefing `did` and its returnee, if the actor may read them, inside `tx`: the
    /// returnee's row, the debriefing as the case form reads it, and whether a case was
    /// already opened from it.
    async fn debriefing_for_case(
        &self,
        tx: &mut Tx,
        did: i64,
    ) -> Result<(AnyRow, NewDebriefing, bool)> {
        let returnee_id: i64 = sqlx::query("SELECT returnee_id FROM debriefings WHERE id = $1")
            .bind(did)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)?
            .try_get("returnee_id")?;
        let r = self.readable_returnee(tx, returnee_id).await?;
        let d = self
            .debriefings_of(tx, returnee_id)
            .await?
            .into_iter()
            .find(|d| d.id == did)
            .ok_or(StoreError::NotFound)?;
        let opened = d.case_opened;
        let nd = NewDebriefing {
            interviewed_on: d.interviewed_on.parse().ok(),
            agent_id: d.agent.as_ref().map(|a| a.id),
            agent_name: d.agent_name,
            sub_agents: d.sub_agents,
            amount_paid_pkr: d.amount_paid_pkr,
            legs: d.legs,
            documents_used: d.documents_used,
            exploitation: d.exploitation,
            // The account stays out of the case (it may name others).
            account: None,
        };
        Ok((r, nd, opened))
    }

    /// What a case opened from debriefing `did` starts with (for the case form).
    pub async fn debriefing_case_draft(&self, did: i64) -> Result<CaseDraft> {
        self.require_returnees()?;
        self.require(Action::EditCases, "this role cannot register cases")?;
        let mut w = self.store().write().await?;
        let (r, d, already_opened) = self.debriefing_for_case(&mut w.tx, did).await?;
        w.commit().await?;
        let reference: String = r.try_get("reference")?;
        let country: String = r.try_get("country")?;
        let home: Option<String> = r.try_get("home_district")?;
        let arrival: String = r.try_get("district_code")?;
        // The case is registered where the officer works: the home district when it is theirs,
        // else the arrival district when it is, else the home district (a national officer).
        let j = &self.actor().jurisdiction;
        let covers = |d: &str| province_of(d).is_ok_and(|p| j.covers(&p, d));
        let district = match &home {
            Some(h) if covers(h) => h.clone(),
            _ if covers(&arrival) => arrival.clone(),
            Some(h) => h.clone(),
            None => arrival.clone(),
        };
        let case = CaseSuggestion {
            reference: &reference,
            reason: parse(r.try_get("reason")?)?,
            country: &country,
            district: &district,
            home_district: home.as_deref(),
            debriefing: &d,
        }
        .case();
        Ok(CaseDraft {
            debriefing_id: did,
            reference,
            case,
            already_opened,
        })
    }

    /// Opens a case from debriefing `did`: registers it at the inquiry stage, links the
    /// debriefing to it and the register's agent (if named) to the case, in one transaction.
    pub async fn open_case_from_debriefing(&self, did: i64, c: NewCase) -> Result<i64> {
        self.require_returnees()?;
        self.require(Action::EditCases, "this role cannot register cases")?;
        let c = c.validate(self.store().today())?;
        let mut w = self.store().write().await?;
        let (r, d, opened) = self.debriefing_for_case(&mut w.tx, did).await?;
        if opened {
            return Err(field(
                "debriefing",
                "A case was already opened from this debriefing",
            ));
        }
        let (case_id, case_reference) = self
            .register_case(&mut w.tx, &c, Some(Stage::Inquiry))
            .await?;
        sqlx::query("UPDATE debriefings SET case_id = $1 WHERE id = $2 AND case_id IS NULL")
            .bind(case_id)
            .bind(did)
            .execute(&mut *w.tx)
            .await?;
        if let Some(agent) = d.agent_id {
            sqlx::query(
                "INSERT INTO agent_cases (agent_id, case_id, note, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (agent_id, case_id) DO NOTHING",
            )
            .bind(agent)
            .bind(case_id)
            .bind(format!(
                "Named in the debriefing of returnee {}",
                r.try_get::<String, _>("reference")?
            ))
            .bind(self.actor().user_id)
            .bind(ts(self.store().now()))
            .execute(&mut *w.tx)
            .await?;
        }
        let reference: String = r.try_get("reference")?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "debriefing",
                entity_id: Some(did.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{reference}: inquiry {case_reference} opened from the debriefing"
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(case_id)
    }

    /// Identifies returnee `id` as a victim: the protection record ([`Scoped::identify`]) and
    /// the returnee's link to it (and to its person record, when they had none), in one
    /// transaction. Returns the protection record's id.
    pub async fn identify_returnee(
        &self,
        id: i64,
        n: hifazat_domain::protection::NewIdentification,
    ) -> Result<i64> {
        self.require_returnees()?;
        let mut w = self.store().write().await?;
        let r = self.readable_returnee(&mut w.tx, id).await?;
        if r.try_get::<Option<i64>, _>("victim_id")?.is_some() {
            return Err(field(
                "returnee",
                "This returnee is already identified as a victim",
            ));
        }
        let (victim, person) = self.identify_in(&mut w.tx, n).await?;
        sqlx::query(
            "UPDATE returnees SET victim_id = $1, person_id = COALESCE(person_id, $2) WHERE id = $3",
        )
        .bind(victim)
        .bind(person)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        let reference: String = r.try_get("reference")?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "returnee",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{reference} identified as a victim (protection record {victim})"
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(victim)
    }

    /// Returnees in the actor's jurisdiction whose debriefing opened `case_id`'s case (for the
    /// case page): (returnee id, reference).
    pub async fn case_returnees(&self, case_id: i64) -> Result<Vec<(i64, String)>> {
        if !self.actor().may(Action::Returnees) {
            return Ok(Vec::new());
        }
        let mut q = Q::new(
            "SELECT DISTINCT r.id, r.reference FROM returnees r JOIN debriefings d ON d.returnee_id = r.id \
             JOIN cases c ON c.id = d.case_id WHERE",
        );
        q.push_arg(" d.case_id = {}", case_id);
        push_scope(&mut q, self.actor());
        push_returnee_scope(&mut q, &self.actor().jurisdiction);
        q.push(" ORDER BY r.id");
        q.query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("reference")?)))
            .collect()
    }
}

fn list_from(r: &AnyRow) -> Result<ReturneeListReport> {
    Ok(ReturneeListReport {
        id: r.try_get("id")?,
        kind: parse(r.try_get("kind")?)?,
        arrival_point: r.try_get("arrival_point")?,
        district: r.try_get("district_code")?,
        arrived_on: r.try_get("arrived_on")?,
        source: r.try_get("source")?,
        rows: r.try_get("rows_read")?,
        accepted: r.try_get("accepted")?,
        refused: r.try_get("refused")?,
        alerts: r.try_get("alerts")?,
        linked: r.try_get("linked")?,
        errors: serde_json::from_str(&r.try_get::<String, _>("errors")?).unwrap_or_default(),
        received_by: r.try_get("username")?,
        received_at: r.try_get("received_at")?,
    })
}

impl Scoped<'_> {
    /// The register's agents to choose from in a debriefing: (id, "name (licence)"), by name.
    pub async fn agent_choices(&self) -> Result<Vec<(i64, String)>> {
        self.require_returnees()?;
        sqlx::query("SELECT id, name, licence_number FROM agents ORDER BY name, id LIMIT 2000")
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| {
                let name: String = r.try_get("name")?;
                Ok((
                    r.try_get("id")?,
                    match r.try_get::<Option<String>, _>("licence_number")? {
                        Some(l) => format!("{name} ({l})"),
                        None => name,
                    },
                ))
            })
            .collect()
    }
}

/// The actor may work with returnees (for the navigation).
pub fn may_see_returnees(a: &Actor) -> bool {
    a.may(Action::Returnees)
}
