//! The monitoring page's numbers: cases by stage, kind and district, the age of open cases,
//! stalled cases and upcoming hearings, for the actor's jurisdiction. Aggregate-only users
//! (analysts) get counts with small values suppressed and no case lists.

use crate::cases::{push_filters, push_scope};
use crate::models::{CaseFilter, CaseSummary};
use crate::sql::Q;
use crate::{ts, Result, Scoped};
use chrono::Duration;
use hifazat_domain::stats::ShownCount;
use hifazat_domain::{reference, Action, CaseKind, Stage};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// Days without activity after which an open case counts as stalled, unless the user says otherwise.
pub const DEFAULT_STALLED_DAYS: i64 = 90;

/// Filters for the monitoring page.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
pub struct MonitoringFilter {
    /// Province code.
    pub province: Option<String>,
    /// District code.
    pub district: Option<String>,
    /// Kind of case.
    pub kind: Option<CaseKind>,
    /// Days without activity that make an open case stalled (default 90).
    pub stalled_days: Option<i64>,
    /// Days ahead for upcoming hearings (default 30).
    pub hearing_days: Option<i64>,
    /// Only the cases the signed-in user registered (an officer's own work).
    pub mine: Option<bool>,
}

/// The cases reported in one month, trafficking and smuggling apart (a case of both kinds
/// counts in each), and all of them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthCount {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// All cases reported that month.
    #[schema(value_type = serde_json::Value)]
    pub total: ShownCount,
    /// Trafficking cases (and cases of both kinds).
    #[schema(value_type = serde_json::Value)]
    pub trafficking: ShownCount,
    /// Smuggling cases (and cases of both kinds).
    #[schema(value_type = serde_json::Value)]
    pub smuggling: ShownCount,
}

/// A labelled count.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Count {
    /// Code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Count (small counts suppressed for aggregate-only users).
    #[schema(value_type = serde_json::Value)]
    pub count: ShownCount,
}

/// Cases of one district.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DistrictCount {
    /// District code.
    pub code: String,
    /// District name.
    pub name: String,
    /// Province code.
    pub province_code: String,
    /// Open cases.
    #[schema(value_type = serde_json::Value)]
    pub open: ShownCount,
    /// All cases.
    #[schema(value_type = serde_json::Value)]
    pub total: ShownCount,
    /// Trafficking cases (including both).
    #[schema(value_type = serde_json::Value)]
    pub trafficking: ShownCount,
    /// Smuggling cases (including both).
    #[schema(value_type = serde_json::Value)]
    pub smuggling: ShownCount,
}

/// A hearing coming up.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UpcomingHearing {
    /// Case id.
    pub case_id: i64,
    /// Case reference.
    pub reference: String,
    /// Date.
    pub hearing_date: String,
    /// Court.
    pub court: String,
    /// Purpose.
    pub purpose: Option<String>,
}

/// Everything on the monitoring page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Monitoring {
    /// The jurisdiction shown.
    pub jurisdiction: String,
    /// True when counts are suppressed and lists withheld.
    pub aggregates_only: bool,
    /// All cases.
    #[schema(value_type = serde_json::Value)]
    pub total: ShownCount,
    /// Open cases.
    #[schema(value_type = serde_json::Value)]
    pub open: ShownCount,
    /// By stage.
    pub by_stage: Vec<Count>,
    /// By kind.
    pub by_kind: Vec<Count>,
    /// By district (districts with cases).
    pub by_district: Vec<DistrictCount>,
    /// Open cases by time since the complaint.
    pub open_age: Vec<Count>,
    /// The stalled threshold in days.
    pub stalled_days: i64,
    /// Open cases with no activity for `stalled_days`.
    #[schema(value_type = serde_json::Value)]
    pub stalled_count: ShownCount,
    /// The longest-stalled cases (up to 50; none for aggregate-only users).
    pub stalled: Vec<CaseSummary>,
    /// Cases reported in each of the last twelve months (this month last).
    pub by_month: Vec<MonthCount>,
    /// Days ahead that the hearing count and list cover.
    pub hearing_days: i64,
    /// Hearings in the next `hearing_days` days, counted in full.
    #[schema(value_type = serde_json::Value)]
    pub hearings_count: ShownCount,
    /// The first 100 of those hearings, soonest first (none for aggregate-only users).
    pub upcoming_hearings: Vec<UpcomingHearing>,
}

const AGE_BUCKETS: &[(&str, &str, i64)] = &[
    ("0-3m", "under 3 months", 91),
    ("3-6m", "3 to 6 months", 182),
    ("6-12m", "6 to 12 months", 365),
    ("1-2y", "1 to 2 years", 730),
];

async fn counts(pool: &sqlx::AnyPool, q: Q) -> Result<Vec<(String, i64)>> {
    let rows = q.query().fetch_all(pool).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<String, _>("k")?, r.try_get::<i64, _>("n")?)))
        .collect()
}

fn get(v: &[(String, i64)], k: &str) -> i64 {
    v.iter().find(|(c, _)| c == k).map(|(_, n)| *n).unwrap_or(0)
}

impl Scoped<'_> {
    /// The monitoring numbers for the actor's jurisdiction narrowed by `f`.
    pub async fn monitoring(&self, f: &MonitoringFilter) -> Result<Monitoring> {
        self.require(Action::ViewMonitoring, "this role has no monitoring page")?;
        let store = self.store();
        let pool = store.pool();
        let suppress = self.actor().aggregates_only();
        let shown = |n: i64| ShownCount::new(n, suppress);
        let filter = CaseFilter {
            kind: f.kind,
            province: f.province.clone(),
            district: f.district.clone(),
            mine: f.mine,
            ..Default::default()
        };
        let base_from = |from: &str| {
            let mut w = Q::new(from);
            push_scope(&mut w, self.actor());
            push_filters(&mut w, &filter, store, self.actor());
            w
        };
        let base = || base_from(" FROM cases c WHERE 1 = 1");
        let open_codes: Vec<&str> = Stage::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.code())
            .collect();

        let grouped = |col: &'static str| {
            let mut q = base();
            q.sql = format!("SELECT {col} AS k, COUNT(*) AS n{} GROUP BY {col}", q.sql);
            q
        };
        let stage_counts = counts(pool, grouped("c.stage")).await?;
        let kind_counts = counts(pool, grouped("c.kind")).await?;
        let total: i64 = stage_counts.iter().map(|(_, n)| n).sum();
        let open: i64 = stage_counts
            .iter()
            .filter(|(k, _)| open_codes.contains(&k.as_str()))
            .map(|(_, n)| n)
            .sum();
        let by_stage = Stage::ALL
            .iter()
            .map(|s| Count {
                code: s.code().into(),
                label: s.label().into(),
                count: shown(get(&stage_counts, s.code())),
            })
            .collect();
        let by_kind = CaseKind::ALL
            .iter()
            .map(|k| Count {
                code: k.code().into(),
                label: k.label().into(),
                count: shown(get(&kind_counts, k.code())),
            })
            .collect();

        // By district: totals, open, trafficking and smuggling, in one pass.
        let mut q = base();
        let open_in = {
            let phs: Vec<String> = open_codes.iter().map(|c| q.arg(*c)).collect();
            phs.join(", ")
        };
        let tip = q.arg("trafficking");
        let som = q.arg("smuggling");
        let both = q.arg("both");
        q.sql = format!(
            "SELECT c.district_code AS d, c.province_code AS p, COUNT(*) AS n, \
             SUM(CASE WHEN c.stage IN ({open_in}) THEN 1 ELSE 0 END) AS o, \
             SUM(CASE WHEN c.kind IN ({tip}, {both}) THEN 1 ELSE 0 END) AS t, \
             SUM(CASE WHEN c.kind IN ({som}, {both}) THEN 1 ELSE 0 END) AS s{} \
             GROUP BY c.district_code, c.province_code ORDER BY COUNT(*) DESC",
            q.sql
        );
        // SUM over integers is BIGINT on SQLite and NUMERIC on PostgreSQL: cast for one decoder.
        q.sql = q
            .sql
            .replace("SUM(CASE", "CAST(SUM(CASE")
            .replace(" ELSE 0 END) AS o", " ELSE 0 END) AS BIGINT) AS o")
            .replace(" ELSE 0 END) AS t", " ELSE 0 END) AS BIGINT) AS t")
            .replace(" ELSE 0 END) AS s", " ELSE 0 END) AS BIGINT) AS s");
        let by_district = q
            .query()
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                let code: String = r.try_get("d")?;
                Ok(DistrictCount {
                    name: reference::district_by_code(&code)
                        .map(|d| d.name.clone())
                        .unwrap_or_else(|| code.clone()),
                    code,
                    province_code: r.try_get("p")?,
                    total: shown(r.try_get("n")?),
                    open: shown(r.try_get("o")?),
                    trafficking: shown(r.try_get("t")?),
                    smuggling: shown(r.try_get("s")?),
                })
            })
            .collect::<Result<Vec<_>>>()?;

        // Age of open cases, by the date the complaint was received.
        let today = store.today();
        let mut q = base();
        q.push(" AND");
        q.push_in("c.stage", &open_codes);
        let mut case_sql = String::from("CASE");
        for (code, _, days) in AGE_BUCKETS {
            let ph = q.arg((today - Duration::days(*days)).to_string());
            case_sql.push_str(&format!(" WHEN c.reported_on >= {ph} THEN '{code}'"));
        }
        case_sql.push_str(" ELSE '2y+' END");
        q.sql = format!(
            "SELECT {case_sql} AS k, COUNT(*) AS n{} GROUP BY {case_sql}",
            q.sql
        );
        let ages = counts(pool, q).await?;
        let mut open_age: Vec<Count> = AGE_BUCKETS
            .iter()
            .map(|(c, l, _)| Count {
                code: (*c).into(),
                label: (*l).into(),
                count: shown(get(&ages, c)),
            })
            .collect();
        open_age.push(Count {
            code: "2y+".into(),
            label: "over 2 years".into(),
            count: shown(get(&ages, "2y+")),
        });

        // Stalled: open and no activity since the threshold.
        let stalled_days = f
            .stalled_days
            .unwrap_or(DEFAULT_STALLED_DAYS)
            .clamp(1, 3650);
        let cutoff = ts(store.now() - Duration::days(stalled_days));
        let mut q = base();
        q.push(" AND");
        q.push_in("c.stage", &open_codes);
        q.push_arg(" AND c.last_activity_at < {}", cutoff);
        let mut cq = q.clone();
        cq.sql = format!("SELECT COUNT(*) AS n{}", cq.sql);
        let stalled_count: i64 = cq.query().fetch_one(pool).await?.try_get("n")?;
        let hearing_days = f.hearing_days.unwrap_or(30).clamp(1, 365);
        let (upcoming_hearings, hearings_count) = self
            .hearings(&filter, hearing_days, if suppress { 0 } else { 100 })
            .await?;
        let stalled = if suppress {
            Vec::new()
        } else {
            let ids_sql = format!(
                "SELECT c.id AS id{} ORDER BY c.last_activity_at LIMIT 50",
                q.sql
            );
            let mut iq = q.clone();
            iq.sql = ids_sql;
            let ids: Vec<i64> = iq
                .query()
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<Result<_, _>>()?;
            let mut stalled = Vec::new();
            if !ids.is_empty() {
                stalled = self.list_cases_by_ids(&ids).await?;
                stalled.sort_by(|a, b| a.last_activity_at.cmp(&b.last_activity_at));
            }
            stalled
        };
        let by_month = self.by_month(&filter, suppress).await?;
        Ok(Monitoring {
            jurisdiction: self.actor().jurisdiction.label(),
            aggregates_only: suppress,
            total: shown(total),
            open: shown(open),
            by_stage,
            by_kind,
            by_district,
            open_age,
            stalled_days,
            stalled_count: shown(stalled_count),
            stalled,
            by_month,
            hearing_days,
            hearings_count: shown(hearings_count),
            upcoming_hearings,
        })
    }

    /// The cases the actor may read matching `filter`, hearings in the next `days` days: the
    /// first `limit`, soonest first, and how many there are in all (counted, not listed).
    async fn hearings(
        &self,
        filter: &CaseFilter,
        days: i64,
        limit: i64,
    ) -> Result<(Vec<UpcomingHearing>, i64)> {
        let store = self.store();
        let today = store.today();
        let mut h = Q::new(" FROM hearings hr JOIN cases c ON c.id = hr.case_id WHERE 1 = 1");
        push_scope(&mut h, self.actor());
        push_filters(&mut h, filter, store, self.actor());
        h.push_arg(" AND hr.hearing_date >= {}", today.to_string());
        h.push_arg(
            " AND hr.hearing_date <= {}",
            (today + Duration::days(days.clamp(1, 365))).to_string(),
        );
        let mut count = h.clone();
        count.sql = format!("SELECT COUNT(*) AS n{}", count.sql);
        let total: i64 = count.query().fetch_one(store.pool()).await?.try_get("n")?;
        if limit <= 0 || total == 0 {
            return Ok((Vec::new(), total));
        }
        h.sql = format!(
            "SELECT c.id AS case_id, c.reference, hr.hearing_date, hr.court, hr.purpose{}",
            h.sql
        );
        h.push(" ORDER BY hr.hearing_date, c.reference");
        h.push_arg(" LIMIT {}", limit);
        let rows = h.query().fetch_all(store.pool()).await?;
        let list = rows
            .iter()
            .map(|r| {
                Ok(UpcomingHearing {
                    case_id: r.try_get("case_id")?,
                    reference: r.try_get("reference")?,
                    hearing_date: r.try_get("hearing_date")?,
                    court: r.try_get("court")?,
                    purpose: r.try_get("purpose")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((list, total))
    }

    /// Hearings ahead in the cases the actor may read (their own when `filter.mine`): the
    /// first `limit` and the true count.
    pub async fn hearings_ahead(
        &self,
        filter: &CaseFilter,
        days: i64,
        limit: i64,
    ) -> Result<(Vec<UpcomingHearing>, i64)> {
        self.require(Action::ViewCases, "this role does not see cases")?;
        self.hearings(filter, days, limit.clamp(0, 500)).await
    }

    /// Cases reported in each of the last twelve months, by kind.
    async fn by_month(&self, filter: &CaseFilter, suppress: bool) -> Result<Vec<MonthCount>> {
        use chrono::Datelike;
        let store = self.store();
        let today = store.today();
        let months: Vec<String> = (0..12)
            .rev()
            .map(|back| {
                let m0 = today.year() * 12 + today.month0() as i32 - back;
                format!("{:04}-{:02}", m0.div_euclid(12), m0.rem_euclid(12) + 1)
            })
            .collect();
        let mut q = Q::new(" FROM cases c WHERE 1 = 1");
        push_scope(&mut q, self.actor());
        push_filters(&mut q, filter, store, self.actor());
        q.push_arg(" AND c.reported_on >= {}", format!("{}-01", months[0]));
        let tip = q.arg("trafficking");
        let som = q.arg("smuggling");
        let both = q.arg("both");
        q.sql = format!(
            "SELECT SUBSTR(c.reported_on, 1, 7) AS m, COUNT(*) AS n, \
             CAST(SUM(CASE WHEN c.kind IN ({tip}, {both}) THEN 1 ELSE 0 END) AS BIGINT) AS t, \
             CAST(SUM(CASE WHEN c.kind IN ({som}, {both}) THEN 1 ELSE 0 END) AS BIGINT) AS s{} \
             GROUP BY SUBSTR(c.reported_on, 1, 7)",
            q.sql
        );
        let rows = q.query().fetch_all(store.pool()).await?;
        let mut found = std::collections::HashMap::new();
        for r in &rows {
            let m: String = r.try_get("m")?;
            found.insert(
                m,
                (
                    r.try_get::<i64, _>("n")?,
                    r.try_get::<i64, _>("t")?,
                    r.try_get::<i64, _>("s")?,
                ),
            );
        }
        let shown = |n: i64| ShownCount::new(n, suppress);
        Ok(months
            .into_iter()
            .map(|m| {
                let (n, t, s) = found.get(&m).copied().unwrap_or_default();
                MonthCount {
                    month: m,
                    total: shown(n),
                    trafficking: shown(t),
                    smuggling: shown(s),
                }
            })
            .collect())
    }
}
