//! The plan's monitoring matrix: each indicator of the National Action Plan beside its
//! baseline, target and responsible agency, with its value for the period read from the
//! protected statistics (never typed in). The national coordinator keeps the indicators here;
//! everyone with statistics reads the matrix on the statistics page and in its files.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::i18n::{Lang, Tr};
use crate::pages::{html, Chrome};
use crate::pages_statistics::mark;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hifazat_domain::validation::FieldErrors;
use hifazat_domain::Action;
use hifazat_stats::indicators::Published;
use hifazat_stats::reports::{self, MeasureValue, MEASURES};
use hifazat_store::statistics::plan::{PlanIndicator, PlanInput};
use hifazat_store::StoreError;
use serde::Serialize;

/// One line of the matrix as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanRow {
    /// Internal id (for the coordinator's links).
    pub id: i64,
    /// The plan.
    pub plan: String,
    /// The indicator's number in the plan.
    pub code: String,
    /// The indicator in the reader's language (English where no Urdu has been written).
    pub indicator: String,
    /// What the value is computed from, in words.
    pub measure: String,
    /// The baseline and its year, as read.
    pub baseline: String,
    /// The target and its year, as read.
    pub target: String,
    /// The value in the period: a number, `<5`, `x`, or `—` for a share of hidden counts.
    pub value: String,
    /// True when the value is hidden to protect small counts.
    pub hidden: bool,
    /// The agency responsible.
    pub agency: String,
}

fn is_share(measure: &str) -> bool {
    reports::measure(measure).is_some_and(|m| m.of.is_some())
}

/// A baseline or target as read: `1,200 (2020)`, `40% (2025)`.
fn figure(tr: &Tr, v: Option<f64>, year: Option<i32>, share: bool) -> String {
    let Some(v) = v else {
        return "—".into();
    };
    let mut s = if v.fract() == 0.0 && v.abs() < 1e15 {
        tr.n(v as i64)
    } else {
        tr.digits(&format!("{v:.1}"))
    };
    if share {
        s.push('%');
    }
    if let Some(y) = year {
        s.push_str(&format!(" ({})", tr.digits(&y.to_string())));
    }
    s
}

/// A measure's value as read.
pub fn measure_value(tr: &Tr, v: &MeasureValue) -> (String, bool) {
    match v {
        MeasureValue::Count(c) => (mark(tr, c), c.is_hidden()),
        MeasureValue::Share(Some(x)) => (format!("{}%", tr.digits(&format!("{x:.1}"))), false),
        MeasureValue::Share(None) => ("—".into(), true),
    }
}

/// The matrix for a protected release.
pub fn plan_rows(tr: &Tr, published: &Published, indicators: &[PlanIndicator]) -> Vec<PlanRow> {
    indicators
        .iter()
        .map(|p| {
            let share = is_share(&p.measure);
            let (value, hidden) = match reports::measure(&p.measure) {
                Some(m) => measure_value(tr, &published.measure(m)),
                None => ("—".into(), true),
            };
            PlanRow {
                id: p.id,
                plan: p.plan.clone(),
                code: p.code.clone(),
                indicator: if tr.0 == Lang::Ur && !p.indicator_ur.is_empty() {
                    p.indicator_ur.clone()
                } else {
                    p.indicator_en.clone()
                },
                measure: tr.t(format!("stats-measure-{}", p.measure)),
                baseline: figure(tr, p.baseline, p.baseline_year, share),
                target: figure(tr, p.target, p.target_year, share),
                value,
                hidden,
                agency: p.agency.clone(),
            }
        })
        .collect()
}

/// The matrix as CSV, in the reader's language.
pub fn plan_csv(tr: &Tr, rows: &[PlanRow], period: &str) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        tr.t("stats-period"),
        tr.t("stats-plan-plan"),
        tr.t("stats-plan-code"),
        tr.t("stats-plan-indicator"),
        tr.t("stats-plan-measure"),
        tr.t("stats-plan-baseline"),
        tr.t("stats-plan-target"),
        tr.t("stats-plan-value"),
        tr.t("stats-plan-agency"),
    ])?;
    for r in rows {
        w.write_record([
            period,
            &r.plan,
            &r.code,
            &r.indicator,
            &r.measure,
            &r.baseline,
            &r.target,
            &r.value,
            &r.agency,
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[derive(Template)]
#[template(path = "plan_indicator.html")]
struct IndicatorPage {
    chrome: Chrome,
    id: Option<i64>,
    form: PlanInput,
    errors: FieldErrors,
    measures: Vec<(&'static str, String)>,
}

fn refuse_unless_coordinator(user: &WebUser) -> Result<(), PageError> {
    if user.session.actor.may(Action::ManageStatistics) {
        Ok(())
    } else {
        Err(
            StoreError::Forbidden("only the national coordinator keeps the plan's indicators")
                .into(),
        )
    }
}

fn form_page(
    user: &WebUser,
    id: Option<i64>,
    form: PlanInput,
    errors: FieldErrors,
) -> IndicatorPage {
    let chrome = Chrome::of(user);
    let tr = chrome.tr;
    IndicatorPage {
        measures: MEASURES
            .iter()
            .map(|m| (m.code, tr.t(format!("stats-measure-{}", m.code))))
            .collect(),
        chrome,
        id,
        form,
        errors,
    }
}

/// `GET /statistics/plan/new`.
pub async fn new(user: WebUser) -> Result<Response, PageError> {
    refuse_unless_coordinator(&user)?;
    let form = PlanInput {
        plan: "NAP 2021-25".into(),
        ..Default::default()
    };
    html(form_page(&user, None, form, FieldErrors::new()))
}

/// `GET /statistics/plan/{id}`.
pub async fn edit(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    refuse_unless_coordinator(&user)?;
    let p = user.scoped(&app.store).plan_indicator(id).await?;
    html(form_page(
        &user,
        Some(id),
        PlanInput::of(&p),
        FieldErrors::new(),
    ))
}

async fn save(
    app: AppState,
    user: WebUser,
    id: Option<i64>,
    form: PlanInput,
) -> Result<Response, PageError> {
    match user.scoped(&app.store).save_plan_indicator(id, &form).await {
        Ok(id) => Ok(Redirect::to(&format!(
            "/statistics?report=plan&done=saved&indicator={id}#plan"
        ))
        .into_response()),
        Err(StoreError::Invalid(e)) => {
            let page = form_page(&user, id, form, e);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /statistics/plan`: adds an indicator.
pub async fn add(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<PlanInput>,
) -> Result<Response, PageError> {
    save(app, user, None, form).await
}

/// `POST /statistics/plan/{id}`: changes one.
pub async fn update(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<PlanInput>,
) -> Result<Response, PageError> {
    save(app, user, Some(id), form).await
}

/// `POST /statistics/plan/{id}/remove`.
pub async fn remove(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, PageError> {
    user.scoped(&app.store).remove_plan_indicator(id).await?;
    Ok(Redirect::to("/statistics?report=plan&done=removed#plan").into_response())
}
