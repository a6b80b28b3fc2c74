//! The monitoring page's numbers: cases by stage, kind and district, the age of open cases,
//! stalled cases and upcoming hearings, for the actor's jurisdiction. Aggregate-only users
//! (analysts) get counts with small values suppressed and no case lists.

use crate::cases::models::{CaseFilter, CaseSummary};
use crate::cases::push_filters;
use crate::cases::tallies::Source;
use crate::scoped::push_scope;
use crate::sql::Q;
use crate::{ts, Result, Scoped};
use chrono::Duration;
use hifazat_domain::stats::ShownCount;
use hifazat_domain::{reference, Action, CaseKind, Stage};
use hifazat_stats::release::Release;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::BTreeMap;

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
        // Aggregate-only users see one release of their whole jurisdiction: filtered views
        // (a district, a kind, another stalled threshold) would be other releases of the same
        // records, and subtracting one from another would reveal small counts.
        let f = if suppress {
            MonitoringFilter::default()
        } else {
            f.clone()
        };
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
        // Counts by place, kind and stage come from the tallies when the filter allows.
        let source = Source::stages(&filter);
        let open_codes: Vec<&str> = Stage::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.code())
            .collect();

        let grouped = |col: &'static str| {
            let mut q = base_from(source.stages_from());
            q.sql = format!(
                "SELECT {col} AS k, {} AS n{} GROUP BY {col}",
                source.n(),
                q.sql
            );
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
        // By district, kind and open or not, in one pass; the page's district figures are sums.
        let mut q = base_from(source.stages_from());
        let open_in = {
            let phs: Vec<String> = open_codes.iter().map(|c| q.arg(*c)).collect();
            phs.join(", ")
        };
        q.sql = format!(
            "SELECT c.district_code AS d, c.province_code AS p, c.kind AS k, \
             CASE WHEN c.stage IN ({open_in}) THEN 1 ELSE 0 END AS o, {} AS n{} \
             GROUP BY c.district_code, c.province_code, c.kind, CASE WHEN c.stage IN ({open_in}) THEN 1 ELSE 0 END",
            source.n(),
            q.sql
        );
        let mut districts: BTreeMap<String, (String, KindCounts)> = BTreeMap::new();
        for r in q.query().fetch_all(pool).await? {
            let d: String = r.try_get("d")?;
            let e = districts
                .entry(d)
                .or_insert_with(|| (String::new(), BTreeMap::new()));
            e.0 = r.try_get("p")?;
            let k = e.1.entry(r.try_get("k")?).or_default();
            let n: i64 = r.try_get("n")?;
            if r.try_get::<i64, _>("o")? == 1 {
                k.0 += n;
            } else {
                k.1 += n;
            }
        }
        let district_counts: Vec<DistrictFigures> = districts
            .into_iter()
            .map(|(code, (province, kinds))| DistrictFigures::of(code, province, &kinds))
            .collect();

        // Age of open cases, by the date the complaint was received.
        let ages = self
            .open_ages(&filter, Source::months(&filter, self.actor()), open)
            .await?;
        // Stalled: open and no activity since the threshold.
        let stalled_days = f
            .stalled_days
            .unwrap_or(DEFAULT_STALLED_DAYS)
            .clamp(1, 3650);
        let cutoff = ts(store.now() - Duration::days(stalled_days));
        let mut q = base();
        // Written out as the partial index on open cases' activity is, so that it serves.
        q.push(&format!(
            " AND c.stage {}",
            crate::cases::tallies::open_stages()
        ));
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
            // Ordered as the partial index on open cases' activity is (activity, then
            // district): PostgreSQL then reads the oldest open cases from it. Ordered by
            // activity alone, it walked the index of all cases and passed over some 260,000
            // closed ones first (1,000,000 cases: 654 ms against 0.7 ms).
            let ids_sql = format!(
                "SELECT c.id AS id{} ORDER BY c.last_activity_at, c.district_code LIMIT 50",
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
        let months = self
            .by_month(&filter, Source::months(&filter, self.actor()))
            .await?;
        let figures = Figures {
            total,
            open,
            stage_counts: &stage_counts,
            kind_counts: &kind_counts,
            open_codes: &open_codes,
            districts: &district_counts,
            ages: &ages,
            months: &months,
            stalled: stalled_count,
            hearings: hearings_count,
        };
        let protection = suppress.then(|| figures.release(store.small_count_threshold()).protect());
        let shown = |key: &str, n: i64| match &protection {
            Some(p) => p.get(key),
            None => ShownCount::Exact(n),
        };
        let by_stage = Stage::ALL
            .iter()
            .map(|s| Count {
                code: s.code().into(),
                label: s.label().into(),
                count: shown(&format!("stage={}", s.code()), get(&stage_counts, s.code())),
            })
            .collect();
        let by_kind = CaseKind::ALL
            .iter()
            .map(|k| Count {
                code: k.code().into(),
                label: k.label().into(),
                count: shown(&format!("kind={}", k.code()), get(&kind_counts, k.code())),
            })
            .collect();
        let mut by_district: Vec<DistrictCount> = district_counts
            .iter()
            .map(|d| {
                let key = |what: &str| format!("d={}|{what}", d.code);
                DistrictCount {
                    name: reference::district_by_code(&d.code)
                        .map(|x| x.name.clone())
                        .unwrap_or_else(|| d.code.clone()),
                    code: d.code.clone(),
                    province_code: d.province.clone(),
                    total: shown(&key("total"), d.total),
                    open: shown(&key("open"), d.open),
                    trafficking: shown(&key("tip"), d.tip),
                    smuggling: shown(&key("som"), d.som),
                }
            })
            .collect();
        // Most cases first (by the true count: the order itself shows nothing more than the
        // shown counts do, since hidden ones sort among the small).
        let order: BTreeMap<&str, i64> = district_counts
            .iter()
            .map(|d| (d.code.as_str(), d.total))
            .collect();
        by_district.sort_by(|a, b| {
            order[b.code.as_str()]
                .cmp(&order[a.code.as_str()])
                .then(a.code.cmp(&b.code))
        });
        let open_age = AGE_BUCKETS
            .iter()
            .map(|(c, l, _)| (*c, *l))
            .chain([("2y+", "over 2 years")])
            .map(|(c, l)| Count {
                code: c.into(),
                label: l.into(),
                count: shown(&format!("age={c}"), get(&ages, c)),
            })
            .collect();
        let by_month = months
            .iter()
            .map(|m| MonthCount {
                month: m.month.clone(),
                total: shown(&format!("m={}|total", m.month), m.total()),
                trafficking: shown(&format!("m={}|tip", m.month), m.tip()),
                smuggling: shown(&format!("m={}|som", m.month), m.som()),
            })
            .collect();
        Ok(Monitoring {
            jurisdiction: self.actor().jurisdiction.label(),
            aggregates_only: suppress,
            total: shown("total", total),
            open: shown("open", open),
            by_stage,
            by_kind,
            by_district,
            open_age,
            stalled_days,
            stalled_count: shown("stalled", stalled_count),
            stalled,
            by_month,
            hearing_days,
            hearings_count: shown("hearings", hearings_count),
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

    /// Open cases by time since the complaint was received ([`AGE_BUCKETS`], then `2y+`), of
    /// `open` open cases in all.
    async fn open_ages(
        &self,
        filter: &CaseFilter,
        source: Source,
        open: i64,
    ) -> Result<Vec<(String, i64)>> {
        let store = self.store();
        let pool = store.pool();
        let today = store.today();
        let base = |from: &str| {
            let mut q = Q::new(from);
            push_scope(&mut q, self.actor());
            push_filters(&mut q, filter, store, self.actor());
            q
        };
        let open_cases = format!(" AND c.stage {}", crate::cases::tallies::open_stages());
        let since: Vec<chrono::NaiveDate> = AGE_BUCKETS
            .iter()
            .map(|(_, _, days)| today - Duration::days(*days))
            .collect();
        // Open cases reported on or after each bucket's first day (`since`, newest first).
        let reported_since: Vec<i64> = match source {
            Source::Cases => {
                let mut q = base(" FROM cases c WHERE 1 = 1");
                q.push(&open_cases);
                let sums: Vec<String> = since
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let ph = q.arg(d.to_string());
                        format!("SUM(CASE WHEN c.reported_on >= {ph} THEN 1 ELSE 0 END) AS s{i}")
                    })
                    .collect();
                q.sql = format!("SELECT {}{}", sums.join(", "), q.sql);
                let r = q.query().fetch_one(pool).await?;
                (0..since.len())
                    .map(|i| Ok(r.try_get::<Option<i64>, _>(i)?.unwrap_or(0)))
                    .collect::<Result<_>>()?
            }
            Source::Tallies => {
                // Whole months after each day's month from the tallies, and the rest of that
                // month (a few days of cases each) counted.
                let month = |d: &chrono::NaiveDate| d.format("%Y-%m").to_string();
                let oldest = since.last().map(month).unwrap_or_default();
                let mut q = base(source.months_from());
                q.push_arg(" AND c.open = 1 AND c.month > {}", oldest.clone());
                q.sql = format!(
                    "SELECT c.month AS k, {} AS n{} GROUP BY c.month",
                    source.n(),
                    q.sql
                );
                let by_month = counts(pool, q).await?;
                // One count per first month, each a range of the index on open cases' dates.
                let mut q = Q::new("");
                for (i, d) in since.iter().enumerate() {
                    if i > 0 {
                        q.push(" UNION ALL ");
                    }
                    q.push_arg(
                        "SELECT {} AS k, COUNT(*) AS n FROM cases c WHERE 1 = 1",
                        month(d),
                    );
                    push_scope(&mut q, self.actor());
                    push_filters(&mut q, filter, store, self.actor());
                    q.push(&open_cases);
                    q.push_arg(" AND c.reported_on >= {}", d.to_string());
                    q.push_arg(" AND c.reported_on < {}", format!("{}-32", month(d)));
                }
                let rest = counts(pool, q).await?;
                since
                    .iter()
                    .map(|d| {
                        let m = month(d);
                        by_month
                            .iter()
                            .filter(|(k, _)| *k > m)
                            .map(|(_, n)| n)
                            .sum::<i64>()
                            + get(&rest, &m)
                    })
                    .collect()
            }
        };
        let mut out = Vec::new();
        let mut newer = 0;
        for ((code, _, _), n) in AGE_BUCKETS.iter().zip(&reported_since) {
            out.push(((*code).to_owned(), n - newer));
            newer = *n;
        }
        out.push(("2y+".to_owned(), open - newer));
        Ok(out)
    }

    /// Cases reported in each of the last twelve months, by kind (this month last).
    async fn by_month(&self, filter: &CaseFilter, source: Source) -> Result<Vec<MonthFigures>> {
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
        let mut q = Q::new(source.months_from());
        push_scope(&mut q, self.actor());
        push_filters(&mut q, filter, store, self.actor());
        let month = source.month();
        match source {
            Source::Tallies => q.push_arg(" AND c.month >= {}", months[0].clone()),
            // By the day, which the index on the date reported serves.
            Source::Cases => q.push_arg(" AND c.reported_on >= {}", format!("{}-01", months[0])),
        };
        q.sql = format!(
            "SELECT {month} AS m, c.kind AS k, {} AS n{} GROUP BY {month}, c.kind",
            source.n(),
            q.sql
        );
        let mut found: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        for r in q.query().fetch_all(store.pool()).await? {
            found
                .entry(r.try_get("m")?)
                .or_default()
                .insert(r.try_get("k")?, r.try_get("n")?);
        }
        Ok(months
            .into_iter()
            .map(|m| MonthFigures {
                kinds: found.remove(&m).unwrap_or_default(),
                month: m,
            })
            .collect())
    }
}

/// Cases by kind code: (open, not open).
type KindCounts = BTreeMap<String, (i64, i64)>;

/// One district's cases by kind: open and not.
struct DistrictFigures {
    code: String,
    province: String,
    kinds: BTreeMap<String, (i64, i64)>,
    total: i64,
    open: i64,
    tip: i64,
    som: i64,
}

impl DistrictFigures {
    fn of(code: String, province: String, kinds: &BTreeMap<String, (i64, i64)>) -> Self {
        let n = |k: &str| kinds.get(k).map(|(o, c)| o + c).unwrap_or(0);
        DistrictFigures {
            total: kinds.values().map(|(o, c)| o + c).sum(),
            open: kinds.values().map(|(o, _)| o).sum(),
            tip: n("trafficking") + n("both"),
            som: n("smuggling") + n("both"),
            code,
            province,
            kinds: kinds.clone(),
        }
    }
}

/// One month's cases by kind.
struct MonthFigures {
    month: String,
    kinds: BTreeMap<String, i64>,
}

impl MonthFigures {
    fn n(&self, k: &str) -> i64 {
        self.kinds.get(k).copied().unwrap_or(0)
    }
    fn total(&self) -> i64 {
        self.kinds.values().sum()
    }
    fn tip(&self) -> i64 {
        self.n("trafficking") + self.n("both")
    }
    fn som(&self) -> i64 {
        self.n("smuggling") + self.n("both")
    }
}

/// Everything the monitoring page counts, and how the counts add up.
struct Figures<'a> {
    total: i64,
    open: i64,
    stage_counts: &'a [(String, i64)],
    kind_counts: &'a [(String, i64)],
    open_codes: &'a [&'a str],
    districts: &'a [DistrictFigures],
    ages: &'a [(String, i64)],
    months: &'a [MonthFigures],
    stalled: i64,
    hearings: i64,
}

impl Figures<'_> {
    /// The page as one release: every count shown, and every sum a reader could use, including
    /// those through counts the page does not show (a district's cases of each kind, a month's
    /// cases of each kind), which enter as unknowns.
    fn release(&self, threshold: i64) -> Release {
        let mut r = Release::new(threshold);
        let kinds: Vec<&str> = CaseKind::ALL.iter().map(|k| k.code()).collect();
        r.count("total".into(), self.total);
        r.count("open".into(), self.open);
        let stage_keys: Vec<String> = Stage::ALL
            .iter()
            .map(|s| format!("stage={}", s.code()))
            .collect();
        for (k, s) in stage_keys.iter().zip(Stage::ALL) {
            r.count(k.clone(), get(self.stage_counts, s.code()));
        }
        r.sum("total".into(), stage_keys);
        r.sum(
            "open".into(),
            self.open_codes
                .iter()
                .map(|c| format!("stage={c}"))
                .collect(),
        );
        let kind_keys: Vec<String> = kinds.iter().map(|k| format!("kind={k}")).collect();
        for (key, k) in kind_keys.iter().zip(&kinds) {
            r.count(key.clone(), get(self.kind_counts, k));
        }
        r.sum("total".into(), kind_keys);
        let ages: Vec<&str> = AGE_BUCKETS
            .iter()
            .map(|(c, _, _)| *c)
            .chain(["2y+"])
            .collect();
        for a in &ages {
            r.count(format!("age={a}"), get(self.ages, a));
        }
        r.sum(
            "open".into(),
            ages.iter().map(|a| format!("age={a}")).collect(),
        );
        // Districts: shown totals, open, trafficking and smuggling; by kind and closed unseen.
        for d in self.districts {
            let key = |what: &str| format!("d={}|{what}", d.code);
            r.count(key("total"), d.total);
            r.count(key("open"), d.open);
            r.count(key("tip"), d.tip);
            r.count(key("som"), d.som);
            r.latent(key("closed"), d.total - d.open);
            for k in &kinds {
                r.latent(
                    key(&format!("kind={k}")),
                    d.kinds.get(*k).map(|(o, c)| o + c).unwrap_or(0),
                );
            }
            r.sum(key("total"), vec![key("open"), key("closed")]);
            r.sum(
                key("total"),
                kinds.iter().map(|k| key(&format!("kind={k}"))).collect(),
            );
            r.sum(key("tip"), vec![key("kind=trafficking"), key("kind=both")]);
            r.sum(key("som"), vec![key("kind=smuggling"), key("kind=both")]);
        }
        r.sum(
            "total".into(),
            self.districts
                .iter()
                .map(|d| format!("d={}|total", d.code))
                .collect(),
        );
        r.sum(
            "open".into(),
            self.districts
                .iter()
                .map(|d| format!("d={}|open", d.code))
                .collect(),
        );
        for k in &kinds {
            r.sum(
                format!("kind={k}"),
                self.districts
                    .iter()
                    .map(|d| format!("d={}|kind={k}", d.code))
                    .collect(),
            );
        }
        // Months: shown totals, trafficking and smuggling; by kind unseen; and the cases
        // reported before the twelve months, unseen, so that the months add up to the kinds.
        for m in self.months {
            let key = |what: &str| format!("m={}|{what}", m.month);
            r.count(key("total"), m.total());
            r.count(key("tip"), m.tip());
            r.count(key("som"), m.som());
            for k in &kinds {
                r.latent(key(&format!("kind={k}")), m.n(k));
            }
            r.sum(
                key("total"),
                kinds.iter().map(|k| key(&format!("kind={k}"))).collect(),
            );
            r.sum(key("tip"), vec![key("kind=trafficking"), key("kind=both")]);
            r.sum(key("som"), vec![key("kind=smuggling"), key("kind=both")]);
        }
        for k in &kinds {
            let in_months: i64 = self.months.iter().map(|m| m.n(k)).sum();
            let earlier = format!("earlier|kind={k}");
            r.latent(earlier.clone(), get(self.kind_counts, k) - in_months);
            let mut parts: Vec<String> = self
                .months
                .iter()
                .map(|m| format!("m={}|kind={k}", m.month))
                .collect();
            parts.push(earlier);
            r.sum(format!("kind={k}"), parts);
        }
        r.count("stalled".into(), self.stalled);
        r.count("hearings".into(), self.hearings);
        r
    }
}
