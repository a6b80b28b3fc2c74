//! Published figures beside ours: the national coordinator imports UNODC's GLOTIP export (XLSX
//! as downloaded, or CSV) and is told which rows were kept and which refused, line by line;
//! everyone with statistics compares the totals published for Pakistan and its neighbours in
//! a year with the figures computed from Hifazat's records for the same year.

use crate::auth::WebUser;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{html, Chrome};
use crate::pages_statistics::{less_than, mark};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use hifazat_domain::validation::FieldErrors;
use hifazat_domain::Action;
use hifazat_stats::indicators::{self, Period};
use hifazat_stats::published::{read_glotip, Read, Rejected};
use hifazat_store::statistics::published::PublishedImport;
use hifazat_store::{Scoped, StoreError};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The largest file accepted (UNODC's whole export is a few megabytes).
pub const MAX_FILE: usize = 25 << 20;

/// Rows refused that the page lists (the count says how many more).
const LISTED: usize = 500;

/// What a published indicator is, in our release.
fn our_key(indicator: &str) -> Option<&'static str> {
    match indicator.trim().to_lowercase().as_str() {
        "detected trafficking victims" | "detected victims" => Some("tip"),
        "persons convicted" => Some("tip-persons|offence=all|step=convicted"),
        "persons prosecuted" => Some("tip-persons|offence=all|step=challan"),
        "persons brought into formal contact" | "persons suspected" => {
            Some("tip-persons|offence=all|step=accused")
        }
        _ => None,
    }
}

/// One line of the comparison.
pub struct CompareRow {
    /// Country or area.
    pub country: String,
    /// One value per indicator column.
    pub values: Vec<String>,
    /// True for the line computed from Hifazat's records.
    pub ours: bool,
}

/// The year asked for.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    year: String,
}

/// What an import did.
pub struct Outcome {
    /// Rows kept.
    pub kept: usize,
    /// Rows refused (at most [`LISTED`] of them).
    pub rejected: Vec<Rejected>,
    /// How many refused in all.
    pub rejected_total: usize,
}

#[derive(Template)]
#[template(path = "published.html")]
struct PublishedPage {
    chrome: Chrome,
    years: Vec<i32>,
    year: Option<i32>,
    year_text: String,
    indicators: Vec<String>,
    rows: Vec<CompareRow>,
    ours_note: String,
    imports: Vec<PublishedImport>,
    manage: bool,
    source: String,
    errors: FieldErrors,
    outcome: Option<Outcome>,
}

/// The comparison for `year`: published totals, and ours where the reader may see that year.
async fn compare(
    app: &AppState,
    s: &Scoped<'_>,
    tr: &Tr,
    year: i32,
) -> Result<(Vec<String>, Vec<CompareRow>, String), PageError> {
    let figures = s.published_totals(year, "PAK").await?;
    let mut indicators: Vec<String> = Vec::new();
    for f in &figures {
        if !indicators.contains(&f.indicator) {
            indicators.push(f.indicator.clone());
        }
    }
    let mut by_country: BTreeMap<(bool, String), Vec<String>> = BTreeMap::new();
    for f in &figures {
        let line = by_country
            .entry((f.iso3 != "PAK", f.country.clone()))
            .or_insert_with(|| vec!["—".to_owned(); indicators.len()]);
        if let Some(j) = indicators.iter().position(|i| *i == f.indicator) {
            line[j] = match f.number {
                Some(n) => tr.n(n),
                None => match f.value.strip_prefix('<') {
                    Some(n) => less_than(tr, &tr.digits(n)),
                    None => tr.digits(&f.value),
                },
            };
        }
    }
    let mut rows = Vec::new();
    let period = Period::year(year);
    let ours_note;
    match period.map(|p| (p, s.check_statistics_period(&p))) {
        Some((p, Ok(()))) => {
            let records = s.statistics_records(&p).await?;
            let threshold = app.store.small_count_threshold();
            let published = tokio::task::spawn_blocking(move || {
                indicators::build(&records, p, threshold).protect()
            })
            .await
            .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            rows.push(CompareRow {
                country: tr.args(
                    "published-ours",
                    &[("scope", &tr.jurisdiction(s.actor().jurisdiction.to_code()))],
                ),
                values: indicators
                    .iter()
                    .map(|i| {
                        our_key(i)
                            .map(|k| mark(tr, &published.count(k)))
                            .unwrap_or_else(|| "—".into())
                    })
                    .collect(),
                ours: true,
            });
            ours_note = tr.t("published-ours-note");
        }
        _ => ours_note = tr.t("published-ours-not-yet"),
    }
    rows.extend(
        by_country
            .into_iter()
            .map(|((_, country), values)| CompareRow {
                country,
                values,
                ours: false,
            }),
    );
    Ok((indicators, rows, ours_note))
}

async fn page_of(
    app: &AppState,
    user: &WebUser,
    year: &str,
    source: String,
    errors: FieldErrors,
    outcome: Option<Outcome>,
) -> Result<PublishedPage, PageError> {
    let s = user.scoped(&app.store);
    let chrome = Chrome::of(user);
    let tr = chrome.tr;
    let years = s.published_years().await?;
    let year = year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| years.contains(y))
        .or_else(|| years.first().copied());
    let (indicators, rows, ours_note) = match year {
        Some(y) => compare(app, &s, &tr, y).await?,
        None => (Vec::new(), Vec::new(), String::new()),
    };
    Ok(PublishedPage {
        imports: s.published_imports().await?,
        manage: s.actor().may(Action::ManageStatistics),
        chrome,
        years,
        year,
        year_text: year.map(|y| y.to_string()).unwrap_or_default(),
        indicators,
        rows,
        ours_note,
        source,
        errors,
        outcome,
    })
}

/// `GET /statistics/published`.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let p = page_of(
        &app,
        &user,
        &q.year,
        "UNODC GLOTIP".into(),
        FieldErrors::new(),
        None,
    )
    .await?;
    html(p)
}

fn bad(e: impl std::fmt::Display) -> PageError {
    PageError(
        StatusCode::BAD_REQUEST,
        format!("The upload could not be read: {e}"),
    )
}

/// `POST /statistics/published` (multipart: `csrf`, `source`, `file`): reads the file off the
/// async runtime, keeps every good row, and lists every refused one.
pub async fn upload(
    State(app): State<AppState>,
    user: WebUser,
    mut form: Multipart,
) -> Result<Response, PageError> {
    let (mut csrf, mut source, mut filename, mut bytes) =
        (String::new(), String::new(), String::new(), Vec::new());
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(bad)?,
            "source" => {
                source = field.text().await.map_err(bad)?;
                if !crate::guard::nul_free(&source) {
                    return Err(PageError(
                        StatusCode::BAD_REQUEST,
                        crate::guard::NUL_MESSAGE.into(),
                    ));
                }
            }
            "file" => {
                filename = field.file_name().unwrap_or("").replace('\0', "");
                bytes = field.bytes().await.map_err(bad)?.to_vec();
            }
            _ => {}
        }
    }
    if !hifazat_vault::constant_time_eq(&csrf, &user.session.csrf_token) {
        return Err(PageError(
            StatusCode::FORBIDDEN,
            "This form has expired or did not come from Hifazat. Go back, reload the page and try again.".into(),
        ));
    }
    if !user.session.actor.may(Action::ManageStatistics) {
        return Err(StoreError::Forbidden(
            "only the national coordinator imports published figures",
        )
        .into());
    }
    let mut errors = FieldErrors::new();
    let mut outcome = None;
    if bytes.is_empty() {
        errors.add("file", "Choose the file to import");
    } else {
        let read: Result<Read, String> =
            tokio::task::spawn_blocking(move || read_glotip(&bytes).map_err(|e| e.to_string()))
                .await
                .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        match read {
            Err(message) => errors.add("file", message),
            Ok(read) => {
                match user
                    .scoped(&app.store)
                    .import_published(&source, &filename, &read)
                    .await
                {
                    Ok(_) => {}
                    Err(StoreError::Invalid(e)) => errors = e,
                    Err(e) => return Err(e.into()),
                }
                let kept = if errors.is_empty() {
                    read.figures.len()
                } else {
                    0
                };
                outcome = Some(Outcome {
                    kept,
                    rejected_total: read.rejected.len(),
                    rejected: read.rejected.into_iter().take(LISTED).collect(),
                });
            }
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let p = page_of(&app, &user, "", source, errors, outcome).await?;
    Ok((status, Html(p.render()?)).into_response())
}
