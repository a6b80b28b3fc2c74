//! Routes (issue 13, item 5): `/routes`, origin district → exit point → destination counted
//! over a period from the cases and the debriefings the reader may read, as a flow chart drawn
//! on the server and a table, with the routes that are new, rising or falling against the
//! period before (what the Gazette reports). The JSON API's `GET /api/v1/routes` answers the
//! same table.

use crate::auth::{ApiUser, WebUser};
use crate::error::{ApiError, ErrorBody, PageError};
use crate::forms::typed_date;
use crate::pages::{form_page, Chrome};
use crate::paging::DateParts;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use hifazat_domain::{reference, Action, FieldErrors};
use hifazat_stats::routes::{aggregate, flow_svg, FlowLabels, RouteFlag, RouteRow, RouteTable};
use hifazat_store::StoreError;
use serde::Deserialize;

/// The page's route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/routes", get(page))
}

/// The API's route, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new().route("/routes", get(api))
}

/// The days counted when none are asked for: the last 90, to today.
const DEFAULT_DAYS: i64 = 90;

/// The period of a request: `from..=to`, by default the last [`DEFAULT_DAYS`] days.
fn period(
    today: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or(to - chrono::Duration::days(DEFAULT_DAYS - 1));
    let mut e = FieldErrors::new();
    if from > to {
        e.add("from", "The start of the period must come before its end");
    } else if (to - from).num_days() > 3 * 366 {
        e.add("from", "Choose a period of at most three years");
    }
    e.into_result((from, to))
}

async fn table(
    user: &hifazat_store::Scoped<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<RouteTable, StoreError> {
    let j = user.actor().jurisdiction.clone();
    let records = user.route_records(&j, from, to, None).await?;
    tokio::task::spawn_blocking(move || aggregate(&records, from, to))
        .await
        .map_err(|e| StoreError::Config(format!("routes task failed: {e}")))
}

/// The period asked for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoutesQuery {
    /// First day (`YYYY-MM-DD`); 89 days before `to` when absent.
    pub from: Option<NaiveDate>,
    /// Last day; today when absent.
    pub to: Option<NaiveDate>,
}

/// The routes of a period (origin district → exit point → destination country) from the cases
/// and debriefings the caller may read, each with its journeys in the period and in the period
/// of the same length before, flagged new, rising or falling. 422 for a period that ends before
/// it starts or is longer than three years.
#[utoipa::path(get, path = "/api/v1/routes", params(RoutesQuery),
    responses((status = 200, body = RouteTable), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<RoutesQuery>,
) -> Result<Json<RouteTable>, ApiError> {
    let (from, to) = period(app.store.today(), q.from, q.to).map_err(StoreError::Invalid)?;
    let s = user.scoped(&app.store);
    Ok(Json(table(&s, from, to).await?))
}

/// The form as typed: the period as day, month, year boxes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PeriodForm {
    #[serde(rename = "from-day")]
    from_day: String,
    #[serde(rename = "from-month")]
    from_month: String,
    #[serde(rename = "from-year")]
    from_year: String,
    #[serde(rename = "to-day")]
    to_day: String,
    #[serde(rename = "to-month")]
    to_month: String,
    #[serde(rename = "to-year")]
    to_year: String,
}

#[derive(Template)]
#[template(path = "routes.html")]
struct RoutesPage {
    chrome: Chrome,
    from: DateParts,
    to: DateParts,
    errors: FieldErrors,
    t: Option<RouteTable>,
    svg: String,
}

impl RoutesPage {
    fn origin(&self, r: &RouteRow) -> String {
        origin_name(&self.chrome, r.origin.as_deref())
    }
    fn exit(&self, r: &RouteRow) -> String {
        exit_name(&self.chrome, r.exit.as_deref())
    }
    fn destination(&self, r: &RouteRow) -> String {
        destination_name(&self.chrome, r.destination.as_deref())
    }
    fn flag(&self, f: &RouteFlag) -> String {
        self.chrome.tr.t(format!("routes-flag-{}", f.code()))
    }
    fn summary(&self, t: &RouteTable) -> String {
        let tr = &self.chrome.tr;
        tr.args(
            "routes-summary",
            &[
                ("journeys", tr.n(t.journeys).as_str()),
                (
                    "routes",
                    tr.n(t.rows.iter().filter(|r| r.total > 0).count()).as_str(),
                ),
                ("from", tr.date(&t.from.to_string()).as_str()),
                ("to", tr.date(&t.to.to_string()).as_str()),
            ],
        )
    }
    fn now_before(&self, r: &RouteRow) -> String {
        let tr = &self.chrome.tr;
        tr.args(
            "routes-now-before",
            &[
                ("now", tr.n(r.total).as_str()),
                ("before", tr.n(r.before).as_str()),
            ],
        )
    }
    fn flagged(&self) -> Vec<&RouteRow> {
        self.t
            .as_ref()
            .map(|t| t.rows.iter().filter(|r| r.flag.is_some()).collect())
            .unwrap_or_default()
    }
}

fn origin_name(c: &Chrome, code: Option<&str>) -> String {
    match code {
        Some("") => c.tr.t("routes-other"),
        Some(d) => match reference::district_by_code(d) {
            Some(x) => format!("{} ({})", x.name, x.code),
            None => d.to_owned(),
        },
        None => c.tr.t("routes-not-recorded"),
    }
}

fn exit_name(c: &Chrome, code: Option<&str>) -> String {
    match code {
        Some("") => c.tr.t("routes-other"),
        Some(e) => e.to_owned(),
        None => c.tr.t("routes-not-recorded"),
    }
}

fn destination_name(c: &Chrome, code: Option<&str>) -> String {
    match code {
        Some("") => c.tr.t("routes-other"),
        Some(d) => crate::screening_words::Words(c.tr).country(d),
        None => c.tr.t("routes-not-recorded"),
    }
}

/// `GET /routes`: the routes of a period.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Query(f): Query<PeriodForm>,
) -> Result<Response, PageError> {
    let a = &user.session.actor;
    if !a.may(Action::ViewCases) && !a.may(Action::Returnees) {
        return Err(StoreError::Forbidden("this role does not see routes").into());
    }
    let chrome = Chrome::of(&user);
    let mut e = FieldErrors::new();
    let typed = |e: &mut FieldErrors, name: &str, d: &str, m: &str, y: &str| {
        if d.is_empty() && m.is_empty() && y.is_empty() {
            None
        } else {
            typed_date(e, name, d, m, y)
        }
    };
    let from = typed(&mut e, "from", &f.from_day, &f.from_month, &f.from_year);
    let to = typed(&mut e, "to", &f.to_day, &f.to_month, &f.to_year);
    let mut t = None;
    let mut svg = String::new();
    let (mut from_parts, mut to_parts) = (
        DateParts {
            day: f.from_day.clone(),
            month: f.from_month.clone(),
            year: f.from_year.clone(),
        },
        DateParts {
            day: f.to_day.clone(),
            month: f.to_month.clone(),
            year: f.to_year.clone(),
        },
    );
    if e.is_empty() {
        match period(app.store.today(), from, to) {
            Ok((from, to)) => {
                let table = table(&user.scoped(&app.store), from, to).await?;
                let (o, x, d) = (
                    |s: Option<&str>| origin_name(&chrome, s),
                    |s: Option<&str>| exit_name(&chrome, s),
                    |s: Option<&str>| destination_name(&chrome, s),
                );
                svg = flow_svg(
                    &table,
                    &FlowLabels {
                        origin: &o,
                        exit: &x,
                        destination: &d,
                        title: chrome.tr.t("routes-chart-title"),
                        rtl: chrome.lang().code() == "ur",
                    },
                );
                from_parts = DateParts::of(Some(from));
                to_parts = DateParts::of(Some(to));
                t = Some(table);
            }
            Err(more) => e.extend(more),
        }
    }
    let p = RoutesPage {
        chrome,
        from: from_parts,
        to: to_parts,
        errors: e,
        t,
        svg,
    };
    form_page(p.errors.is_empty(), p)
}
