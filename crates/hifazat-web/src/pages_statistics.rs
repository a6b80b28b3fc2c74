//! Statistics: the indicators of `hifazat_stats` for a period in the reader's jurisdiction, as a
//! page with server-drawn charts (each with its table), as CSV and XLSX, and in the JSON API.
//! Every output goes through the same protected release, so the page, the files and the API
//! show the same counts and never an exact one below the threshold.

use crate::auth::ApiUser;
use crate::auth::WebUser;
use crate::error::ApiError;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{html, Chrome};
use crate::pages_cases::CaseWords;
use crate::pages_plan::{measure_value, plan_csv, plan_rows, PlanRow};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Datelike, NaiveDate};
use hifazat_domain::stats::ShownCount;
use hifazat_domain::validation::FieldErrors;
use hifazat_stats::indicators::{self, Labels, Period, Published, Table};
use hifazat_stats::reports::{self, Report, MEASURES};
use hifazat_stats::{export, map};
use hifazat_store::{Scoped, StoreError};
use serde::{Deserialize, Serialize};

impl Labels for Tr {
    fn label(&self, dim: &str, code: &str) -> String {
        match (dim, code) {
            ("table", id) => self.t(format!("stats-table-{id}")),
            ("definition", id) => self.t(format!("stats-def-{id}")),
            ("rows", id) => self.t(format!("stats-rows-{id}")),
            (_, "total") => self.t("stats-total"),
            (_, "unknown") => self.t("stats-not-recorded"),
            ("offence", "all") => self.t("stats-all-cases"),
            ("sex", c) => self.case_label("sex", c),
            ("age", c) => self.t(format!("stats-age-{}", c.replace('+', "-plus"))),
            ("form", "several") => self.t("stats-form-several"),
            ("form", "none") => self.t("stats-not-recorded"),
            ("form", c) => self.case_label("form", c),
            ("nat", c) => self.country(c),
            ("prov", c) => self.t(format!("province-{c}")),
            ("step", c) => self.t(format!("stats-step-{c}")),
            ("group", c) => self.t(format!("stats-group-{c}")),
            ("band", c) => self.t(format!("stats-band-{c}")),
            // District names and the statutes' titles are written in English.
            (d, c) => indicators::english(d, c),
        }
    }
}

/// The period as typed.
#[derive(Debug, Deserialize, Default, Clone, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// A calendar year (the default: the latest the reader may see).
    year: String,
    /// First day of another period, `YYYY-MM-DD` (not for analysts).
    from: String,
    /// Last day of that period.
    to: String,
    /// Only the tables of one report: `glotip` (UNODC's questionnaire), `us-tip` (the US TIP
    /// report's figures), `plan` (the plan's monitoring matrix) or `national` (the yearly
    /// national report: every table and the matrix). Empty: every table.
    report: String,
}

impl StatsQuery {
    /// The report asked for: `Ok(None)` for every table, `Err` for an unknown one.
    fn report(&self) -> Result<Option<&'static Report>, ()> {
        match self.report.trim() {
            "" => Ok(None),
            id => reports::report(id).map(Some).ok_or(()),
        }
    }
}

/// The tables of `report` (every table when `None`).
fn tables_of(published: &Published, report: Option<&Report>, tr: &Tr) -> Vec<Table> {
    match report {
        Some(r) => published.report_tables(r, tr),
        None => published.tables(tr),
    }
}

/// The period asked for, or the field errors in the words of the page.
fn period_of(q: &StatsQuery, years: &[i32], tr: &Tr) -> Result<Period, FieldErrors> {
    let mut errors = FieldErrors::new();
    let (from, to) = (q.from.trim(), q.to.trim());
    if !from.is_empty() || !to.is_empty() {
        let day = |s: &str, field: &str, errors: &mut FieldErrors| {
            let d = s.parse::<NaiveDate>().ok();
            if d.is_none() {
                errors.add(field, tr.t(format!("stats-error-{field}")));
            }
            d
        };
        let f = day(from, "from", &mut errors);
        let t = day(to, "to", &mut errors);
        return match (f, t) {
            (Some(from), Some(to)) if from <= to => Ok(Period { from, to }),
            (Some(_), Some(_)) => {
                errors.add("to", tr.t("stats-error-order"));
                Err(errors)
            }
            _ => Err(errors),
        };
    }
    let year = match q.year.trim() {
        "" => years
            .first()
            .copied()
            .unwrap_or_else(|| chrono::Utc::now().year() - 1),
        y => match y.parse::<i32>() {
            Ok(y) if years.contains(&y) => y,
            _ => {
                errors.add("year", tr.t("stats-error-year"));
                return Err(errors);
            }
        },
    };
    Period::year(year).ok_or_else(|| {
        errors.add("year", tr.t("stats-error-year"));
        errors
    })
}

/// Turns the store's period refusal into the page's field errors.
fn field_errors(e: StoreError, tr: &Tr) -> Result<FieldErrors, PageError> {
    match e {
        StoreError::Invalid(f) => {
            let mut out = FieldErrors::new();
            for field in f.0.keys() {
                out.add(field.clone(), tr.t(format!("stats-error-{field}")));
            }
            Ok(out)
        }
        other => Err(other.into()),
    }
}

/// Reads the records and builds the protected release off the async runtime (the protection
/// solves linear programmes).
async fn release(app: &AppState, s: &Scoped<'_>, period: Period) -> Result<Published, StoreError> {
    let records = s.statistics_records(&period).await?;
    let threshold = app.store.small_count_threshold();
    tokio::task::spawn_blocking(move || indicators::build(&records, period, threshold).protect())
        .await
        .map_err(|e| StoreError::Config(format!("statistics worker: {e}")))
}

/// The period in words: `2025` or `1 Jan 2025 – 30 Jun 2025`.
fn period_words(tr: &Tr, p: &Period) -> String {
    if p.is_calendar_year() {
        tr.digits(&p.from.year().to_string())
    } else {
        format!(
            "{} – {}",
            tr.date(&p.from.to_string()),
            tr.date(&p.to.to_string())
        )
    }
}

// ───────────────────────────── charts ─────────────────────────────

/// One bar of a chart, in SVG units.
pub struct Bar {
    /// Left edge (vertical bars) or top (horizontal bars).
    pub at: i64,
    /// Length in SVG units (0 for a hidden count).
    pub len: i64,
    /// Class for the colour.
    pub class: &'static str,
    /// The value as read (`<5`, `x` or the number).
    pub shown: String,
    /// What the bar is, as read.
    pub label: String,
}

/// A group of bars (one age group, one funnel step).
pub struct Group {
    /// Label under or beside the group.
    pub label: String,
    /// Position of the group.
    pub at: i64,
    /// Its bars.
    pub bars: Vec<Bar>,
}

/// A bar chart drawn on the server.
pub struct Chart {
    /// Groups in order.
    pub groups: Vec<Group>,
    /// The top of the scale as read.
    pub max_label: String,
}

fn value(c: &ShownCount) -> i64 {
    c.exact().unwrap_or(0)
}

const SEX_CLASSES: [&str; 3] = ["bar-female", "bar-male", "bar-transgender"];

/// Victims by age group, the three sexes side by side (vertical bars, 160 units high).
fn sex_age_chart(tr: &Tr, t: &Table) -> Chart {
    let max = t
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(value))
        .max()
        .unwrap_or(0)
        .max(1);
    let groups = t
        .columns
        .iter()
        .enumerate()
        .map(|(j, c)| Group {
            label: c.label.clone(),
            at: 44 + j as i64 * 98,
            bars: t
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| Bar {
                    at: 44 + j as i64 * 98 + i as i64 * 26,
                    len: value(&r.cells[j]) * 160 / max,
                    class: SEX_CLASSES[i % 3],
                    shown: mark(tr, &r.cells[j]),
                    label: format!("{}, {}", r.heading.label, c.label),
                })
                .collect(),
        })
        .collect();
    Chart {
        groups,
        max_label: tr.n(max),
    }
}

/// A funnel: one horizontal bar per step of a row (240 units for the largest), in a chart 420
/// units wide so that its words stay legible in half a page.
fn funnel_chart(tr: &Tr, t: &Table, row: usize) -> Chart {
    let cells: Vec<ShownCount> = match t.totals.as_ref() {
        Some(tot) if row == usize::MAX => tot.cells.clone(),
        _ => t.rows.get(row).map(|r| r.cells.clone()).unwrap_or_default(),
    };
    let max = cells.iter().map(value).max().unwrap_or(0).max(1);
    let groups = t
        .columns
        .iter()
        .zip(&cells)
        .enumerate()
        .map(|(i, (c, v))| Group {
            label: c.label.clone(),
            at: 8 + i as i64 * 30,
            bars: vec![Bar {
                at: 8 + i as i64 * 30,
                len: value(v) * 240 / max,
                class: "bar-tip",
                shown: mark(tr, v),
                label: c.label.clone(),
            }],
        })
        .collect();
    Chart {
        groups,
        max_label: tr.n(max),
    }
}

/// A district of the map.
pub struct Area {
    /// Outline.
    pub path: &'static str,
    /// Colour class (`q0`…`q4`, or `hidden`).
    pub class: &'static str,
    /// Name and value, as read.
    pub title: String,
}

/// The choropleth of victims per district; the six districts of Karachi share one outline.
fn district_map(tr: &Tr, t: &Table, threshold: i64) -> (Vec<Area>, Vec<(String, &'static str)>) {
    const KARACHI: &[&str] = &["KHC", "KHE", "KHS", "KHW", "KOR", "MLR"];
    let value_of = |code: &str| {
        t.rows
            .iter()
            .find(|r| r.heading.code == code)
            .map(|r| r.cells[0])
    };
    // Four classes between the threshold (nothing smaller is ever shown) and the largest count.
    let max = t
        .rows
        .iter()
        .map(|r| value(&r.cells[0]))
        .max()
        .unwrap_or(0)
        .max(threshold);
    let bounds: Vec<i64> = (1..=4)
        .map(|k| threshold - 1 + ((max - threshold + 1) * k + 3) / 4)
        .collect();
    let class = |c: Option<ShownCount>| match c {
        None | Some(ShownCount::Exact(0)) => "q0",
        Some(ShownCount::Exact(n)) => {
            ["q1", "q2", "q3", "q4"][bounds.iter().position(|b| n <= *b).unwrap_or(3)]
        }
        Some(_) => "q-hidden",
    };
    let areas = map::district_shapes()
        .iter()
        .map(|s| {
            let (v, name) = if s.code == "MLR" {
                // Karachi: one outline for its districts; exact only when all of them are.
                let parts: Vec<Option<ShownCount>> = KARACHI.iter().map(|k| value_of(k)).collect();
                let v = if parts.iter().all(|p| p.is_none_or(|c| !c.is_hidden())) {
                    Some(ShownCount::Exact(
                        parts
                            .iter()
                            .map(|p| p.map(|c| value(&c)).unwrap_or(0))
                            .sum(),
                    ))
                } else {
                    Some(ShownCount::Withheld)
                };
                (v, tr.t("stats-karachi"))
            } else {
                (value_of(&s.code), indicators::english("dist", &s.code))
            };
            Area {
                path: s.path.as_str(),
                class: class(v),
                title: format!(
                    "{name}: {}",
                    v.map(|c| mark(tr, &c)).unwrap_or_else(|| tr.n(0))
                ),
            }
        })
        .collect();
    let mut legend = vec![(tr.n(0), "q0")];
    let mut low = threshold;
    for (b, class) in bounds.iter().zip(["q1", "q2", "q3", "q4"]) {
        if *b >= low {
            let label = if *b == low {
                tr.n(low)
            } else {
                format!("{} – {}", tr.n(low), tr.n(*b))
            };
            legend.push((label, class));
            low = b + 1;
        }
    }
    legend.push((tr.t("stats-hidden-legend"), "q-hidden"));
    (areas, legend)
}

/// A count as the statistics write it: the number, `<5` or `x` (the publication marks, as in
/// the CSV; pages in words use [`Tr::shown`]).
pub fn mark(tr: &Tr, c: &ShownCount) -> String {
    match c {
        ShownCount::Exact(n) => tr.n(*n),
        ShownCount::Small(t) => less_than(tr, &tr.n(*t)),
        ShownCount::Withheld => "x".to_owned(),
    }
}

/// `<5` as read: on Urdu pages between Unicode isolates, so that the sign is not mirrored and
/// moved after the number by the right-to-left text around it.
pub fn less_than(tr: &Tr, n: &str) -> String {
    if tr.lang() == crate::i18n::Lang::Ur {
        format!("\u{2066}<{n}\u{2069}")
    } else {
        format!("<{n}")
    }
}

// ───────────────────────────── the page ─────────────────────────────

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    q: StatsQuery,
    report: Option<&'static Report>,
    reports: &'static [Report],
    done: String,
    manage_plan: bool,
    plan: Option<Vec<PlanRow>>,
    summary: Vec<(String, String)>,
    years: Vec<i32>,
    aggregates_only: bool,
    errors: FieldErrors,
    period: String,
    query: String,
    threshold: i64,
    tables: Vec<Table>,
    sex_age: Option<Chart>,
    funnel: Option<Chart>,
    protection: Option<Chart>,
    areas: Vec<Area>,
    legend: Vec<(String, &'static str)>,
    view_box: &'static str,
    attribution: &'static str,
}

impl StatisticsPage {
    fn shown(&self, c: &ShownCount) -> String {
        mark(&self.chrome.tr, c)
    }
    fn rate(&self, r: &Option<f64>) -> String {
        match r {
            Some(x) => self.chrome.tr.digits(&format!("{x:.2}")),
            None => "—".into(),
        }
    }
    fn row_totals(&self, t: &Table) -> bool {
        t.rows.iter().any(|r| r.total.is_some())
    }
    fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }
    fn total_of(&self, id: &str) -> String {
        self.table(id)
            .and_then(|t| t.totals.as_ref())
            .and_then(|r| r.total.or_else(|| r.cells.first().copied()))
            .map(|c| self.shown(&c))
            .unwrap_or_default()
    }
    fn first_cell(&self, id: &str) -> String {
        self.table(id)
            .and_then(|t| t.rows.first())
            .and_then(|r| r.cells.first())
            .map(|c| self.shown(c))
            .unwrap_or_default()
    }
}

/// What the page says was just done (`saved`, `removed`: an indicator of the plan).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
}

/// `GET /statistics`.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<StatsQuery>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let years = s.statistics_years().await?;
    let chrome = Chrome::of(&user);
    let tr = chrome.tr;
    let aggregates_only = s.actor().aggregates_only();
    let mut errors = FieldErrors::new();
    let mut published = None;
    let report = q.report().unwrap_or_else(|()| {
        errors.add("report", tr.t("stats-error-report"));
        None
    });
    match period_of(&q, &years, &tr) {
        Ok(p) if errors.is_empty() => match release(&app, &s, p).await {
            Ok(r) => published = Some(r),
            Err(e) => errors = field_errors(e, &tr)?,
        },
        Ok(_) => {}
        Err(e) => errors = e,
    }
    let tables = published
        .as_ref()
        .map(|r| tables_of(r, report, &tr))
        .unwrap_or_default();
    let plan = match (&published, report) {
        (Some(p), Some(r)) if r.plan => Some(plan_rows(&tr, p, &s.plan_indicators().await?)),
        _ => None,
    };
    let summary = match (&published, report) {
        (Some(p), Some(r)) if r.id == "national" => MEASURES
            .iter()
            .map(|m| {
                (
                    tr.t(format!("stats-measure-{}", m.code)),
                    measure_value(&tr, &p.measure(m)).0,
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let find = |id: &str| tables.iter().find(|t| t.id == id);
    let (areas, legend) = find("tip-dist")
        .map(|t| district_map(&tr, t, app.store.small_count_threshold()))
        .unwrap_or_default();
    let page = StatisticsPage {
        period: published
            .as_ref()
            .map(|r| period_words(&tr, &r.period))
            .unwrap_or_default(),
        query: published
            .as_ref()
            .map(|r| with_report(query_of(&r.period), report))
            .unwrap_or_default(),
        report,
        reports: reports::REPORTS,
        done: done.done,
        manage_plan: s.actor().may(hifazat_domain::Action::ManageStatistics),
        plan,
        summary,
        threshold: app.store.small_count_threshold(),
        sex_age: find("tip-sex-age").map(|t| sex_age_chart(&tr, t)),
        funnel: find("tip-cases").map(|t| funnel_chart(&tr, t, 0)),
        protection: find("protection").map(|t| funnel_chart(&tr, t, usize::MAX)),
        areas,
        legend,
        view_box: map::VIEW_BOX,
        attribution: map::ATTRIBUTION,
        tables,
        chrome,
        years,
        aggregates_only,
        errors,
        q,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut resp = html(page)?;
    *resp.status_mut() = status;
    Ok(resp)
}

/// A query string with the report added.
fn with_report(q: String, report: Option<&Report>) -> String {
    match report {
        Some(r) => format!("{q}&report={}", r.id),
        None => q,
    }
}

/// The query string that asks for `p` again (for the download links).
fn query_of(p: &Period) -> String {
    if p.is_calendar_year() {
        format!("year={}", p.from.year())
    } else {
        format!("from={}&to={}", p.from, p.to)
    }
}

/// `GET /statistics.csv` and `GET /statistics.xlsx`: the same tables as files, audited as an
/// export.
async fn download(
    app: AppState,
    user: WebUser,
    q: StatsQuery,
    xlsx: bool,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let tr = Chrome::of(&user).tr;
    let period = download_period(&s, &q, &tr).await?;
    let report = q
        .report()
        .map_err(|()| PageError(StatusCode::UNPROCESSABLE_ENTITY, tr.t("stats-error-report")))?;
    let published = release(&app, &s, period).await?;
    let tables = tables_of(&published, report, &tr);
    let period_text = period_words(&tr, &period);
    let scope = tr.jurisdiction(s.actor().jurisdiction.to_code());
    let title = tr.t("stats-title");
    let note = tr.args(
        "stats-protection-note",
        &[
            ("threshold", &published.threshold().to_string()),
            ("max", &(published.threshold() - 1).to_string()),
        ],
    );
    let words = [
        tr.t("stats-period"),
        tr.t("stats-scope"),
        tr.t("stats-definition"),
        tr.t("stats-total"),
        tr.t("stats-rate"),
    ];
    let heading = export::Heading {
        title: &title,
        period: &period_text,
        scope: &scope,
        note: &note,
        words: export::Words {
            period: &words[0],
            scope: &words[1],
            definition: &words[2],
            total: &words[3],
            rate: &words[4],
        },
    };
    let fail = |e: String| PageError(StatusCode::INTERNAL_SERVER_ERROR, e);
    let (body, kind, name) = if xlsx {
        (
            export::xlsx(&tables, &heading).map_err(|e| fail(e.to_string()))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    } else {
        (
            export::csv(&tables, &heading).map_err(|e| fail(e.to_string()))?,
            "text/csv; charset=utf-8",
            "csv",
        )
    };
    let what = format!("statistics.{name}");
    let query = with_report(query_of(&period), report);
    s.record_export(&what, tables.len(), &query).await?;
    let name = format!(
        "hifazat-statistics-{}.{name}",
        query.replace(['=', '&'], "-")
    );
    Ok(attachment(body, kind, name))
}

/// A file to download: its content type and name.
fn attachment(body: Vec<u8>, kind: &str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The period asked for by a download (which has no form to show errors on).
async fn download_period(s: &Scoped<'_>, q: &StatsQuery, tr: &Tr) -> Result<Period, PageError> {
    let years = s.statistics_years().await?;
    period_of(q, &years, tr).map_err(|e| PageError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))
}

/// `GET /statistics.csv`.
pub async fn csv(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<StatsQuery>,
) -> Result<Response, PageError> {
    download(app, user, q, false).await
}

/// `GET /statistics.xlsx`.
pub async fn xlsx(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<StatsQuery>,
) -> Result<Response, PageError> {
    download(app, user, q, true).await
}

/// `GET /statistics/plan.csv`: the plan's monitoring matrix for the period, audited as an
/// export.
pub async fn plan_file(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<StatsQuery>,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let tr = Chrome::of(&user).tr;
    let period = download_period(&s, &q, &tr).await?;
    let published = release(&app, &s, period).await?;
    let rows = plan_rows(&tr, &published, &s.plan_indicators().await?);
    let body = plan_csv(&tr, &rows, &period_words(&tr, &period))
        .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    s.record_export("statistics/plan.csv", rows.len(), &query_of(&period))
        .await?;
    let name = format!(
        "hifazat-plan-{}.csv",
        query_of(&period).replace(['=', '&'], "-")
    );
    Ok(attachment(body, "text/csv; charset=utf-8", name))
}

/// The smallest group a k-anonymised release may show (CTDC's k).
pub const K_ANONYMITY: usize = 11;

/// `GET /statistics/htcds.csv` (victim records in HTCDS 2.0, case-handling roles) and
/// `GET /statistics/ctdc.csv` (the k-anonymised release): files of records, audited as exports.
async fn records_file(
    app: AppState,
    user: WebUser,
    q: StatsQuery,
    record_level: bool,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let tr = Chrome::of(&user).tr;
    let period = download_period(&s, &q, &tr).await?;
    let rows = s.htcds_rows(&period, record_level).await?;
    let fail = |e: csv::Error| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    let (body, what, written, detail) = if record_level {
        let body = hifazat_stats::htcds::htcds_csv(&rows).map_err(fail)?;
        (body, "htcds.csv", rows.len(), query_of(&period))
    } else {
        let k = hifazat_stats::htcds::k_anonymous_csv(&rows, K_ANONYMITY).map_err(fail)?;
        let detail = format!(
            "{}; k = {K_ANONYMITY}; {} records left out",
            query_of(&period),
            k.left_out
        );
        (k.csv, "ctdc.csv", k.kept, detail)
    };
    s.record_export(&format!("statistics/{what}"), written, &detail)
        .await?;
    let name = format!(
        "hifazat-{}-{what}",
        query_of(&period).replace(['=', '&'], "-")
    );
    Ok(attachment(body, "text/csv; charset=utf-8", name))
}

/// `GET /statistics/htcds.csv`.
pub async fn htcds(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<StatsQuery>,
) -> Result<Response, PageError> {
    records_file(app, user, q, true).await
}

/// `GET /statistics/ctdc.csv`.
pub async fn ctdc(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<StatsQuery>,
) -> Result<Response, PageError> {
    records_file(app, user, q, false).await
}

// ───────────────────────────── the API ─────────────────────────────

/// A protected statistical release.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Statistics {
    /// The period.
    pub period: Period,
    /// The jurisdiction counted.
    pub scope: String,
    /// Counts from 1 to this less one are shown as `"<5"`; `"x"` marks a count withheld so
    /// that a small one cannot be worked out.
    pub threshold: i64,
    /// The tables, each with its definition.
    pub tables: Vec<Table>,
    /// The plan's monitoring matrix, for the reports that carry it (`plan`, `national`).
    pub plan: Option<Vec<PlanRow>>,
}

/// Statistics for a calendar year (or, for case-handling roles, any period) in the caller's
/// jurisdiction; analysts get whole past years only.
#[utoipa::path(get, path = "/api/v1/statistics", params(StatsQuery),
    responses((status = 200, body = Statistics), (status = 403, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn api(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<StatsQuery>,
) -> Result<Json<Statistics>, ApiError> {
    let s = user.scoped(&app.store);
    let years = s.statistics_years().await?;
    // The API speaks English: the same Fluent messages as the English pages.
    let tr = Tr::default();
    let period = period_of(&q, &years, &tr).map_err(StoreError::Invalid)?;
    let report = q.report().map_err(|()| {
        let mut e = FieldErrors::new();
        e.add("report", tr.t("stats-error-report"));
        StoreError::Invalid(e)
    })?;
    let published = release(&app, &s, period).await?;
    let plan = match report {
        Some(r) if r.plan => Some(plan_rows(&tr, &published, &s.plan_indicators().await?)),
        _ => None,
    };
    Ok(Json(Statistics {
        period,
        scope: s.actor().jurisdiction.to_code(),
        threshold: published.threshold(),
        tables: tables_of(&published, report, &tr),
        plan,
    }))
}
