//! Interceptions at borders (issue 13, item 2): recorded by the FIA, the police, the Frontier
//! Corps, the Levies, the Coast Guards and the Maritime Security Agency, each with its counts
//! of migrants (by nationality, sex and age group), smugglers arrested and vehicles or boats,
//! and linked to the cases registered from it.
//!
//! A record is scoped by its district like a case ([`hifazat_domain::Jurisdiction::covers`]):
//! those who record interceptions read the records of their jurisdiction one by one; analysts
//! get the totals only, whole calendar years, with small counts suppressed as one release
//! (`hifazat_stats`). Every write is one transaction with its audit row; reading a record is
//! audited.

use crate::audit::{AuditAction, Entry};
use crate::cases::touch;
use crate::field;
use crate::rows::parse;
use crate::scoped::push_scope;
use crate::sql::Q;
use crate::tx::Tx;
use crate::{page_number, ts, Result, Scoped, StoreError};
use chrono::{Datelike, NaiveDate};
use hifazat_domain::case::CaseKind;
use hifazat_domain::interceptions::{
    AgeGroup, BorderKind, Direction, MigrantGroup, MigrantSex, NewInterception, VehicleCount,
    VehicleKind,
};
use hifazat_domain::reference::district_by_code;
use hifazat_domain::stats::ShownCount;
use hifazat_domain::{Action, Actor, Stage};
use hifazat_stats::release::Release;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Interceptions in a page of the list.
pub const PER_PAGE: i64 = 50;

/// True when the actor sees the totals of interceptions only, never a record (analysts).
pub fn totals_only(actor: &Actor) -> bool {
    !actor.may(Action::RecordInterceptions)
}

/// The filters of the list and of the totals (all optional).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct InterceptionFilter {
    /// From this day (`YYYY-MM-DD`), inclusive.
    pub from: Option<NaiveDate>,
    /// To this day, inclusive.
    pub to: Option<NaiveDate>,
    /// District (code).
    pub district: Option<String>,
    /// The intercepting agency's kind, e.g. `frontier_corps`.
    pub agency_kind: Option<String>,
    /// Land border, sea or airport.
    pub border: Option<BorderKind>,
    /// Page, from 1 (the list only).
    pub page: Option<i64>,
}

/// An interception in the list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterceptionSummary {
    /// Id.
    pub id: i64,
    /// The day (`YYYY-MM-DD`).
    pub intercepted_on: String,
    /// Land border, sea or airport.
    pub border: BorderKind,
    /// Leaving or entering Pakistan.
    pub direction: Direction,
    /// Where, in words.
    pub place: String,
    /// District (code).
    pub district_code: String,
    /// The intercepting agency's name.
    pub agency: String,
    /// Its kind when the interception was recorded.
    pub agency_kind: String,
    /// Migrants counted.
    pub migrants: i64,
    /// Smugglers arrested.
    pub smugglers_arrested: i64,
    /// Vehicles and boats.
    pub vehicles: i64,
    /// Cases linked (all of them, inside the reader's scope or not).
    pub cases: i64,
}

/// A page of interceptions, with the true total.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterceptionList {
    /// Interceptions matching the filters.
    pub total: i64,
    /// This page.
    pub page: i64,
    /// Rows a page.
    pub per_page: i64,
    /// The page's rows, latest first.
    pub items: Vec<InterceptionSummary>,
}

/// A case linked to an interception.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterceptionCase {
    /// The case.
    pub case_id: i64,
    /// Its reference.
    pub reference: String,
    /// Trafficking, smuggling or both.
    pub kind: CaseKind,
    /// Its stage.
    pub stage: Stage,
    /// Its district (code).
    pub district_code: String,
    /// Who linked it (login name).
    pub linked_by: Option<String>,
    /// When (UTC timestamp).
    pub linked_at: String,
}

/// One interception with its counts and linked cases.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterceptionDetail {
    /// The list's fields.
    #[serde(flatten)]
    pub summary: InterceptionSummary,
    /// The intercepting agency (id).
    pub agency_id: i64,
    /// Province (code).
    pub province_code: String,
    /// The migrants, by nationality, sex and age group.
    pub migrant_groups: Vec<MigrantGroup>,
    /// Vehicles and boats, by kind.
    pub vehicle_counts: Vec<VehicleCount>,
    /// A short note.
    pub note: Option<String>,
    /// Linked cases inside the reader's scope.
    pub linked_cases: Vec<InterceptionCase>,
    /// Who recorded it (login name).
    pub recorded_by: Option<String>,
    /// When (UTC timestamp).
    pub recorded_at: String,
}

/// A code with its count.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterceptionCount {
    /// Code: a country (`AF`), sex, age group, kind of vehicle, district or kind of agency.
    pub code: String,
    /// The count (`"<5"` or `"x"` when hidden from aggregate-only readers).
    #[schema(value_type = serde_json::Value)]
    pub count: ShownCount,
}

/// Interceptions of one district or one kind of agency.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterceptionGroup {
    /// District code or kind of agency.
    pub code: String,
    /// Interceptions.
    pub interceptions: i64,
    /// Migrants.
    #[schema(value_type = serde_json::Value)]
    pub migrants: ShownCount,
    /// Smugglers arrested.
    #[schema(value_type = serde_json::Value)]
    pub smugglers: ShownCount,
}

/// The totals of interceptions for a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InterceptionTotals {
    /// From (as applied: whole calendar years for aggregate-only readers).
    pub from: Option<String>,
    /// To (as applied).
    pub to: Option<String>,
    /// Small counts are hidden (aggregate-only readers).
    pub suppressed: bool,
    /// Interceptions.
    pub interceptions: i64,
    /// Migrants.
    #[schema(value_type = serde_json::Value)]
    pub migrants: ShownCount,
    /// Smugglers arrested.
    #[schema(value_type = serde_json::Value)]
    pub smugglers: ShownCount,
    /// Vehicles and boats.
    #[schema(value_type = serde_json::Value)]
    pub vehicles: ShownCount,
    /// Migrants by nationality, most first.
    pub by_nationality: Vec<InterceptionCount>,
    /// Migrants by sex.
    pub by_sex: Vec<InterceptionCount>,
    /// Migrants by age group.
    pub by_age_group: Vec<InterceptionCount>,
    /// Vehicles and boats by kind.
    pub by_vehicle: Vec<InterceptionCount>,
    /// By district, most migrants first.
    pub by_district: Vec<InterceptionGroup>,
    /// By kind of agency.
    pub by_agency_kind: Vec<InterceptionGroup>,
}

/// A case to link, by its reference.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct InterceptionCaseLink {
    /// The case's reference, e.g. `CHG-2026-0004`.
    #[serde(default)]
    pub case_reference: String,
}

const SUMMARY_COLUMNS: &str = "i.id, i.intercepted_on, i.border, i.direction, i.place, i.district_code, \
    a.name AS agency, i.agency_kind, i.migrants, i.smugglers_arrested, \
    (SELECT CAST(COALESCE(SUM(v.units), 0) AS BIGINT) FROM interception_vehicles v WHERE v.interception_id = i.id) AS vehicles, \
    (SELECT COUNT(*) FROM interception_cases l WHERE l.interception_id = i.id) AS cases";

fn summary_from(r: &AnyRow) -> Result<InterceptionSummary> {
    Ok(InterceptionSummary {
        id: r.try_get("id")?,
        intercepted_on: r.try_get("intercepted_on")?,
        border: parse(r.try_get("border")?)?,
        direction: parse(r.try_get("direction")?)?,
        place: r.try_get("place")?,
        district_code: r.try_get("district_code")?,
        agency: r.try_get("agency")?,
        agency_kind: r.try_get("agency_kind")?,
        migrants: r.try_get("migrants")?,
        smugglers_arrested: r.try_get("smugglers_arrested")?,
        vehicles: r.try_get("vehicles")?,
        cases: r.try_get("cases")?,
    })
}

/// The filters as applied for `actor`: an aggregate-only reader's period is widened to whole
/// calendar years (periods that overlap would let counts be subtracted).
fn applied(f: &InterceptionFilter, actor: &Actor) -> InterceptionFilter {
    let mut f = f.clone();
    if totals_only(actor) {
        f.from = f.from.and_then(|d| NaiveDate::from_ymd_opt(d.year(), 1, 1));
        f.to = f.to.and_then(|d| NaiveDate::from_ymd_opt(d.year(), 12, 31));
    }
    f
}

/// Appends the reader's jurisdiction and the filters, for interceptions aliased `i`.
fn push_filters(q: &mut Q, f: &InterceptionFilter, actor: &Actor) {
    q.push_jurisdiction("i", &actor.jurisdiction);
    if let Some(d) = f.from {
        q.push_arg(" AND i.intercepted_on >= {}", d.to_string());
    }
    if let Some(d) = f.to {
        q.push_arg(" AND i.intercepted_on <= {}", d.to_string());
    }
    if let Some(d) = f
        .district
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        q.push_arg(" AND i.district_code = {}", d.to_uppercase());
    }
    if let Some(k) = f
        .agency_kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        q.push_arg(" AND i.agency_kind = {}", k);
    }
    if let Some(b) = f.border {
        q.push_arg(" AND i.border = {}", b.code());
    }
}

/// Rows of (code, count) from `q`, which selects `k` and `n`.
async fn pairs(pool: &sqlx::AnyPool, q: &Q) -> Result<Vec<(String, i64)>> {
    q.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("k")?, r.try_get("n")?)))
        .collect()
}

/// Rows of (code, interceptions, migrants, smugglers) from `q`.
async fn groups(pool: &sqlx::AnyPool, q: &Q) -> Result<Vec<(String, i64, i64, i64)>> {
    q.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("k")?,
                r.try_get("n")?,
                r.try_get("m")?,
                r.try_get("s")?,
            ))
        })
        .collect()
}

impl Scoped<'_> {
    /// Records an interception inside the actor's jurisdiction, with its groups of migrants
    /// and vehicles, in one transaction. Returns its id.
    pub async fn record_interception(&self, i: NewInterception) -> Result<i64> {
        self.require(
            Action::RecordInterceptions,
            "this role does not record interceptions",
        )?;
        let pool = self.store().pool();
        let kind: Option<String> = match i.agency_id {
            Some(id) => sqlx::query("SELECT kind FROM agencies WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
                .map(|r| r.try_get("kind"))
                .transpose()?,
            None => None,
        };
        let i = i.validate(self.store().today(), kind.as_deref())?;
        let district = district_by_code(&i.district).ok_or(StoreError::NotFound)?;
        if !self
            .actor()
            .jurisdiction
            .covers(&district.province_code, &district.code)
        {
            return Err(field("district", "Choose a district in your jurisdiction"));
        }
        let mut w = self.store().write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO interceptions (agency_id, agency_kind, border, place, province_code, district_code, intercepted_on, \
             direction, migrants, smugglers_arrested, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(i.agency_id)
        .bind(kind.unwrap_or_default())
        .bind(i.border.map(|b| b.code()))
        .bind(i.place.clone())
        .bind(district.province_code.clone())
        .bind(district.code.clone())
        .bind(i.intercepted_on.map(|d| d.to_string()))
        .bind(i.direction.map(|d| d.code()))
        .bind(i.migrants_total())
        .bind(i.smugglers_arrested)
        .bind(i.note.clone())
        .bind(self.actor().user_id)
        .bind(ts(self.store().now()))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        for g in &i.migrants {
            sqlx::query(
                "INSERT INTO interception_migrants (interception_id, nationality, sex, age_group, persons) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(g.nationality.clone())
            .bind(g.sex.code())
            .bind(g.age_group.code())
            .bind(g.count)
            .execute(&mut *w.tx)
            .await?;
        }
        for v in &i.vehicles {
            sqlx::query(
                "INSERT INTO interception_vehicles (interception_id, kind, units) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(v.kind.code())
            .bind(v.count)
            .execute(&mut *w.tx)
            .await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "interception",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{} migrants, {} smugglers, {} vehicles in {}",
                    i.migrants_total(),
                    i.smugglers_arrested,
                    i.vehicles_total(),
                    district.code
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Interceptions of the actor's jurisdiction matching `f`, latest first: a page of
    /// [`PER_PAGE`] with the true total (not for aggregate-only readers).
    pub async fn interceptions(&self, f: &InterceptionFilter) -> Result<InterceptionList> {
        self.require(
            Action::RecordInterceptions,
            "this role sees the totals of interceptions only",
        )?;
        let mut w = Q::new(" WHERE 1 = 1");
        push_filters(&mut w, f, self.actor());
        let mut count = w.clone();
        count.sql = format!("SELECT COUNT(*) AS n FROM interceptions i{}", w.sql);
        let pool = self.store().pool();
        let total: i64 = count.query().fetch_one(pool).await?.try_get("n")?;
        let page = page_number(f.page);
        let mut q = w;
        q.sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM interceptions i JOIN agencies a ON a.id = i.agency_id{} \
             ORDER BY i.intercepted_on DESC, i.id DESC",
            q.sql
        );
        q.push_arg(" LIMIT {}", PER_PAGE);
        q.push_arg(" OFFSET {}", (page - 1) * PER_PAGE);
        let items = q
            .query()
            .fetch_all(pool)
            .await?
            .iter()
            .map(summary_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(InterceptionList {
            total,
            page,
            per_page: PER_PAGE,
            items,
        })
    }

    /// One interception inside the actor's jurisdiction, or `NotFound`; the read is audited.
    pub async fn interception(&self, id: i64) -> Result<InterceptionDetail> {
        self.require(
            Action::RecordInterceptions,
            "this role sees the totals of interceptions only",
        )?;
        let pool = self.store().pool();
        let mut q = Q::new(&format!(
            "SELECT {SUMMARY_COLUMNS}, i.agency_id, i.province_code, i.note, i.recorded_at, u.username \
             FROM interceptions i JOIN agencies a ON a.id = i.agency_id LEFT JOIN users u ON u.id = i.recorded_by WHERE"
        ));
        q.push_arg(" i.id = {}", id);
        q.push_jurisdiction("i", &self.actor().jurisdiction);
        let r = q
            .query()
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let migrant_groups = sqlx::query(
            "SELECT nationality, sex, age_group, persons FROM interception_migrants \
             WHERE interception_id = $1 ORDER BY persons DESC, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|g| {
            Ok(MigrantGroup {
                nationality: g.try_get("nationality")?,
                sex: parse::<MigrantSex>(g.try_get("sex")?)?,
                age_group: parse::<AgeGroup>(g.try_get("age_group")?)?,
                count: g.try_get("persons")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let vehicle_counts = sqlx::query(
            "SELECT kind, units FROM interception_vehicles WHERE interception_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|v| {
            Ok(VehicleCount {
                kind: parse::<VehicleKind>(v.try_get("kind")?)?,
                count: v.try_get("units")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let mut cq = Q::new(
            "SELECT c.id, c.reference, c.kind, c.stage, c.district_code, l.linked_at, u.username \
             FROM interception_cases l JOIN cases c ON c.id = l.case_id LEFT JOIN users u ON u.id = l.linked_by WHERE",
        );
        cq.push_arg(" l.interception_id = {}", id);
        push_scope(&mut cq, self.actor());
        cq.push(" ORDER BY l.linked_at DESC, l.id DESC");
        let linked_cases = cq
            .query()
            .fetch_all(pool)
            .await?
            .iter()
            .map(|c| {
                Ok(InterceptionCase {
                    case_id: c.try_get("id")?,
                    reference: c.try_get("reference")?,
                    kind: parse(c.try_get("kind")?)?,
                    stage: parse(c.try_get("stage")?)?,
                    district_code: c.try_get("district_code")?,
                    linked_by: c.try_get("username")?,
                    linked_at: c.try_get("linked_at")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let detail = InterceptionDetail {
            summary: summary_from(&r)?,
            agency_id: r.try_get("agency_id")?,
            province_code: r.try_get("province_code")?,
            migrant_groups,
            vehicle_counts,
            note: r.try_get("note")?,
            linked_cases,
            recorded_by: r.try_get("username")?,
            recorded_at: r.try_get("recorded_at")?,
        };
        self.audit_read("interception", id.to_string(), None, None)
            .await?;
        Ok(detail)
    }

    /// The id of interception `id` inside the actor's jurisdiction, read inside `tx`, or
    /// `NotFound`.
    async fn interception_in_scope(&self, tx: &mut Tx, id: i64) -> Result<()> {
        let mut q = Q::new("SELECT i.id FROM interceptions i WHERE");
        q.push_arg(" i.id = {}", id);
        q.push_jurisdiction("i", &self.actor().jurisdiction);
        q.query()
            .fetch_optional(&mut **tx)
            .await?
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }

    /// The id of the case with this reference that the actor may read, or a message on
    /// `case_reference`.
    async fn readable_case(&self, tx: &mut Tx, reference: &str) -> Result<i64> {
        let mut q = Q::new("SELECT c.id FROM cases c WHERE");
        q.push_arg(" c.reference = {}", reference.trim().to_uppercase());
        push_scope(&mut q, self.actor());
        Ok(q.query()
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| {
                field(
                    "case_reference",
                    "There is no case with this reference in your jurisdiction",
                )
            })?
            .try_get("id")?)
    }

    /// Links a case the actor may read to an interception of their jurisdiction, by the
    /// case's reference.
    pub async fn link_interception_case(&self, id: i64, l: InterceptionCaseLink) -> Result<()> {
        self.require(
            Action::RecordInterceptions,
            "this role does not record interceptions",
        )?;
        if l.case_reference.trim().is_empty() {
            return Err(field("case_reference", "Enter the case reference"));
        }
        let now = self.store().now();
        let mut w = self.store().write().await?;
        self.interception_in_scope(&mut w.tx, id).await?;
        let case_id = self.readable_case(&mut w.tx, &l.case_reference).await?;
        let written = sqlx::query(
            "INSERT INTO interception_cases (interception_id, case_id, linked_by, linked_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (interception_id, case_id) DO NOTHING",
        )
        .bind(id)
        .bind(case_id)
        .bind(self.actor().user_id)
        .bind(ts(now))
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if written != 1 {
            return Err(field(
                "case_reference",
                "This case is already linked to the interception",
            ));
        }
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "interception_case",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "interception {id} linked to {}",
                    l.case_reference.trim().to_uppercase()
                )),
            },
        )
        .await?;
        w.commit().await
    }

    /// Removes the link between an interception and a case, both inside the actor's scope;
    /// the audit trail keeps the link and its removal.
    pub async fn unlink_interception_case(&self, id: i64, case_id: i64) -> Result<()> {
        self.require(
            Action::RecordInterceptions,
            "this role does not record interceptions",
        )?;
        let mut w = self.store().write().await?;
        self.interception_in_scope(&mut w.tx, id).await?;
        self.case_for_update(&mut w.tx, case_id).await?;
        let removed = sqlx::query(
            "DELETE FROM interception_cases WHERE interception_id = $1 AND case_id = $2",
        )
        .bind(id)
        .bind(case_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if removed != 1 {
            return Err(StoreError::NotFound);
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "interception_case",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!("interception {id} unlinked from case {case_id}")),
            },
        )
        .await?;
        w.commit().await
    }

    /// The totals of the interceptions of the actor's jurisdiction matching `f`: migrants by
    /// nationality, sex and age group, smugglers, vehicles by kind, and by district and kind
    /// of agency. For aggregate-only readers the period is whole calendar years and the counts
    /// are protected as one release (small counts `<5`, others withheld `x` where they would
    /// give a small one away).
    pub async fn interception_totals(&self, f: &InterceptionFilter) -> Result<InterceptionTotals> {
        self.require(
            Action::ViewInterceptions,
            "this role does not see interceptions",
        )?;
        let pool = self.store().pool();
        let f = applied(f, self.actor());
        let mut w = Q::new(" WHERE 1 = 1");
        push_filters(&mut w, &f, self.actor());
        let over = |select: &str, from: &str, group: &str| {
            let mut q = w.clone();
            q.sql = format!("SELECT {select} FROM {from}{}{group}", w.sql);
            q
        };
        const SUMS: &str = "COUNT(*) AS n, CAST(COALESCE(SUM(i.migrants), 0) AS BIGINT) AS m, \
            CAST(COALESCE(SUM(i.smugglers_arrested), 0) AS BIGINT) AS s";
        let all = over(SUMS, "interceptions i", "")
            .query()
            .fetch_one(pool)
            .await?;
        let (interceptions, migrants, smugglers): (i64, i64, i64) =
            (all.try_get("n")?, all.try_get("m")?, all.try_get("s")?);
        let by_district = groups(
            pool,
            &over(
                &format!("i.district_code AS k, {SUMS}"),
                "interceptions i",
                " GROUP BY i.district_code ORDER BY m DESC, k",
            ),
        )
        .await?;
        let by_agency = groups(
            pool,
            &over(
                &format!("i.agency_kind AS k, {SUMS}"),
                "interceptions i",
                " GROUP BY i.agency_kind ORDER BY m DESC, k",
            ),
        )
        .await?;
        let of_migrants = |col: &str| {
            over(
                &format!("g.{col} AS k, CAST(SUM(g.persons) AS BIGINT) AS n"),
                "interception_migrants g JOIN interceptions i ON i.id = g.interception_id",
                &format!(" GROUP BY g.{col} ORDER BY n DESC, k"),
            )
        };
        let by_nationality = pairs(pool, &of_migrants("nationality")).await?;
        let by_sex = pairs(pool, &of_migrants("sex")).await?;
        let by_age = pairs(pool, &of_migrants("age_group")).await?;
        let by_vehicle = pairs(
            pool,
            &over(
                "v.kind AS k, CAST(SUM(v.units) AS BIGINT) AS n",
                "interception_vehicles v JOIN interceptions i ON i.id = v.interception_id",
                " GROUP BY v.kind ORDER BY n DESC, k",
            ),
        )
        .await?;
        let vehicles: i64 = by_vehicle.iter().map(|(_, n)| n).sum();

        // One release: each breakdown of the migrants sums to their total, the smugglers by
        // district and by kind of agency to theirs, the vehicles by kind to theirs.
        let suppressed = totals_only(self.actor());
        let mut rel = Release::new(self.store().small_count_threshold());
        rel.count("migrants".into(), migrants);
        rel.count("smugglers".into(), smugglers);
        rel.count("vehicles".into(), vehicles);
        let mut tie = |total: &str, dim: &str, rows: &[(String, i64)]| {
            let keys: Vec<String> = rows.iter().map(|(k, _)| format!("{dim}={k}")).collect();
            for (k, (_, n)) in keys.iter().zip(rows) {
                rel.count(k.clone(), *n);
            }
            rel.sum(total.into(), keys);
        };
        tie("migrants", "nationality", &by_nationality);
        tie("migrants", "sex", &by_sex);
        tie("migrants", "age", &by_age);
        tie("vehicles", "vehicle", &by_vehicle);
        for (dim, rows) in [("district", &by_district), ("agency", &by_agency)] {
            let m: Vec<(String, i64)> = rows.iter().map(|(k, _, m, _)| (k.clone(), *m)).collect();
            let s: Vec<(String, i64)> = rows.iter().map(|(k, _, _, s)| (k.clone(), *s)).collect();
            tie("migrants", &format!("{dim}-migrants"), &m);
            tie("smugglers", &format!("{dim}-smugglers"), &s);
        }
        let protection = suppressed.then(|| rel.protect());
        let shown = |key: &str, n: i64| match &protection {
            Some(p) => p.get(key),
            None => ShownCount::Exact(n),
        };
        let counts = |dim: &str, rows: Vec<(String, i64)>| -> Vec<InterceptionCount> {
            rows.into_iter()
                .map(|(code, n)| InterceptionCount {
                    count: shown(&format!("{dim}={code}"), n),
                    code,
                })
                .collect()
        };
        let grouped = |dim: &str, rows: Vec<(String, i64, i64, i64)>| -> Vec<InterceptionGroup> {
            rows.into_iter()
                .map(|(code, n, m, s)| InterceptionGroup {
                    migrants: shown(&format!("{dim}-migrants={code}"), m),
                    smugglers: shown(&format!("{dim}-smugglers={code}"), s),
                    interceptions: n,
                    code,
                })
                .collect()
        };
        Ok(InterceptionTotals {
            from: f.from.map(|d| d.to_string()),
            to: f.to.map(|d| d.to_string()),
            suppressed,
            interceptions,
            migrants: shown("migrants", migrants),
            smugglers: shown("smugglers", smugglers),
            vehicles: shown("vehicles", vehicles),
            by_nationality: counts("nationality", by_nationality),
            by_sex: counts("sex", by_sex),
            by_age_group: counts("age", by_age),
            by_vehicle: counts("vehicle", by_vehicle),
            by_district: grouped("district", by_district),
            by_agency_kind: grouped("agency", by_agency),
        })
    }
}
