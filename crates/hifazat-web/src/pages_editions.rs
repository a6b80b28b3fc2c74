//! Editions of the publications: the national coordinator or a supervisor issues the Red Book
//! as it stood on a day, or the quarterly Human Trafficking Intelligence Gazette, as a PDF whose
//! SHA-256 is kept; anyone who sees the watchlists downloads an edition, drawn again from the
//! records as they were and checked against that hash; and the offices that received each
//! edition are recorded. Every issue, download and receipt is in the audit trail.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::pages::{html, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use hifazat_domain::validation::FieldErrors;
use hifazat_domain::Action;
use hifazat_publications::{red_book, Edition, RedBookEntry};
use hifazat_store::statistics::editions::{EditionRow, Recipient};
use hifazat_store::{Scoped, StoreError};
use hifazat_vault::sha256_hex as sha256;
use serde::Deserialize;

/// What the page says was just done.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    done: String,
}

/// The form that issues an edition (`quarter` as `2026-Q3` for the Gazette).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IssueForm {
    as_of: String,
    quarter: String,
}

/// The form that records a recipient.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecipientForm {
    agency: String,
}

#[derive(Template)]
#[template(path = "editions.html")]
struct EditionsPage {
    chrome: Chrome,
    gazette: bool,
    editions: Vec<EditionRow>,
    manage: bool,
    as_of: String,
    quarter: String,
    quarters: Vec<String>,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "edition.html")]
struct EditionPage {
    chrome: Chrome,
    e: EditionRow,
    recipients: Vec<Recipient>,
    agencies: Vec<(i64, String)>,
    manage: bool,
    done: String,
    agency: String,
    errors: FieldErrors,
}

/// The office named on an edition: the issuer's agency, or the national headquarters.
fn office(user: &WebUser, agencies: &[hifazat_store::admin::users::Agency]) -> String {
    user.session
        .actor
        .agency_id
        .and_then(|id| agencies.iter().find(|a| a.id == id))
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "FIA Headquarters".into())
}

/// Draws the Red Book as of `as_of` (off the async runtime).
async fn draw_red_book(
    s: &Scoped<'_>,
    number: i64,
    as_of: NaiveDate,
    issued_by: String,
) -> Result<(Vec<u8>, usize), PageError> {
    let entries: Vec<RedBookEntry> = s
        .red_book_as_of(as_of)
        .await?
        .into_iter()
        .map(|e| RedBookEntry {
            reference: e.reference.unwrap_or_default(),
            name: e.full_name,
            father_name: e.father_name.unwrap_or_default(),
            date_of_birth: e.date_of_birth.unwrap_or_default(),
            cnic: e.cnic.unwrap_or_default(),
            passport: e.passport.unwrap_or_default(),
            nationality: e
                .nationality
                .as_deref()
                .and_then(hifazat_domain::reference::country)
                .map(|c| c.name.clone())
                .or(e.nationality)
                .unwrap_or_default(),
            zone: e.zone.unwrap_or_default(),
            reason: e.reason.unwrap_or_default(),
            listed_on: e.added_at.chars().take(10).collect(),
        })
        .collect();
    let n = entries.len();
    let edition = Edition {
        number,
        as_of,
        issued_by,
    };
    let pdf = tokio::task::spawn_blocking(move || red_book(&edition, &entries))
        .await
        .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok((pdf, n))
}

/// The first and last day of a quarter written `2026-Q3`.
fn quarter_days(q: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (y, n) = q.trim().split_once("-Q")?;
    let (y, n): (i32, u32) = (y.parse().ok()?, n.parse().ok()?);
    if !(1..=4).contains(&n) {
        return None;
    }
    let from = NaiveDate::from_ymd_opt(y, 3 * n - 2, 1)?;
    let to = from.checked_add_months(chrono::Months::new(3))? - chrono::Days::new(1);
    Some((from, to))
}

/// The quarter as read: `July–September 2026`.
fn quarter_words(from: NaiveDate, to: NaiveDate) -> String {
    format!("{}–{}", from.format("%B"), to.format("%B %Y"))
}

/// Draws the Gazette for `period` from the records as of `as_of`: counts protected as a
/// release (`<5`, complementary `x`), and the wanted persons added to the Red Book in the
/// quarter and still on it.
#[allow(clippy::too_many_arguments)]
async fn draw_gazette(
    app: &AppState,
    s: &Scoped<'_>,
    number: i64,
    period: &str,
    scope: &str,
    as_of: NaiveDate,
    issued_by: String,
) -> Result<(Vec<u8>, usize), PageError> {
    use hifazat_stats::release::{key, Release};
    use std::collections::BTreeMap;
    let (from, to) = quarter_days(period).ok_or_else(|| {
        PageError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose a quarter from the list".into(),
        )
    })?;
    let scope = hifazat_domain::Jurisdiction::from_code(scope).ok_or_else(|| {
        PageError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The jurisdiction of this edition could not be read".into(),
        )
    })?;
    let cases = s.gazette_cases(&scope, from, to, as_of).await?;
    // Routes new, rising or falling in the quarter against the quarter before.
    let journeys = s.route_records(&scope, from, to, Some(as_of)).await?;
    let flagged: Vec<hifazat_stats::routes::RouteRow> =
        hifazat_stats::routes::aggregate(&journeys, from, to)
            .rows
            .into_iter()
            .filter(|r| r.flag.is_some())
            .collect();
    let wanted: Vec<_> = s
        .red_book_as_of(as_of)
        .await?
        .into_iter()
        .filter(|e| {
            // The day it was listed in Pakistan (UTC+5), as the quarter is counted.
            hifazat_store::parse_ts(&e.added_at)
                .map(|t| (t + chrono::Duration::hours(5)).date_naive())
                .is_some_and(|d| from <= d && d <= to)
        })
        .collect();
    let mut months = Vec::new();
    let mut m = from;
    while m <= to {
        months.push(m);
        m = m
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(to + chrono::Days::new(1));
    }
    let month_of = |d: NaiveDate| d.format("%Y-%m").to_string();
    let is = |kind: &str, u: &str| match u {
        "tip" => matches!(kind, "trafficking" | "both"),
        _ => matches!(kind, "smuggling" | "both"),
    };
    let mut rel = Release::new(app.store.small_count_threshold());
    for u in ["tip", "som"] {
        let mut parts = Vec::new();
        for m in &months {
            let k = key("g", &[("kind", u), ("month", &month_of(*m))]);
            let n = cases
                .iter()
                .filter(|c| is(&c.kind, u) && month_of(c.reported_on) == month_of(*m))
                .count() as i64;
            rel.count(k.clone(), n);
            parts.push(k);
        }
        let t = key("g", &[("kind", u)]);
        rel.count(
            t.clone(),
            cases.iter().filter(|c| is(&c.kind, u)).count() as i64,
        );
        rel.sum(t, parts);
    }
    let mut dest: BTreeMap<&str, i64> = BTreeMap::new();
    let mut forms: BTreeMap<&str, i64> = BTreeMap::new();
    for c in &cases {
        for d in &c.destinations {
            *dest.entry(d.as_str()).or_default() += 1;
        }
        if is(&c.kind, "tip") {
            for f in &c.forms {
                *forms.entry(f.as_str()).or_default() += 1;
            }
        }
    }
    for (d, n) in &dest {
        rel.count(key("g", &[("dest", d)]), *n);
    }
    for (f, n) in &forms {
        rel.count(key("g", &[("form", f)]), *n);
    }
    for (i, r) in flagged.iter().enumerate() {
        let i = i.to_string();
        rel.count(key("g", &[("route", &i), ("when", "now")]), r.total);
        rel.count(key("g", &[("route", &i), ("when", "before")]), r.before);
    }
    let shown = tokio::task::spawn_blocking(move || rel.protect())
        .await
        .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let tr = crate::i18n::Tr::default();
    let v = |k: String| crate::pages_statistics::mark(&tr, &shown.get(&k));
    let by_count = |m: &BTreeMap<&str, i64>| {
        let mut v: Vec<(String, i64)> = m.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    let mut trend_rows: Vec<(String, Vec<String>)> = months
        .iter()
        .map(|m| {
            (
                m.format("%B %Y").to_string(),
                ["tip", "som"]
                    .iter()
                    .map(|u| v(key("g", &[("kind", u), ("month", &month_of(*m))])))
                    .collect(),
            )
        })
        .collect();
    trend_rows.push((
        "Quarter".into(),
        ["tip", "som"]
            .iter()
            .map(|u| v(key("g", &[("kind", u)])))
            .collect(),
    ));
    let section = |title: &str, note: &str, columns: &[&str], rows| hifazat_publications::Section {
        title: title.into(),
        note: note.into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    };
    let sections = vec![
        section(
            "Trends",
            "Cases reported in each month of the quarter and registered by the day of this issue; trafficking cases and smuggling cases counted apart (a case of both kinds in each).",
            &["Month", "Trafficking", "Smuggling"],
            trend_rows,
        ),
        section(
            "Routes",
            "Countries of destination of the cases reported in the quarter, most cases first (a case with several destinations counts in each).",
            &["Country of destination", "Cases"],
            by_count(&dest)
                .into_iter()
                .map(|(d, _)| {
                    let name = hifazat_domain::reference::country(&d)
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| d.clone());
                    (name, vec![v(key("g", &[("dest", &d)]))])
                })
                .collect(),
        ),
        section(
            "New and changing routes",
            "Origin district, exit point and destination of the cross-border cases reported and the returnees' debriefings told in the quarter, against the quarter before: new (at least 2 journeys, none before), rising (at least 3 and at least twice as many), falling (at least 3 before and at most half now).",
            &["Route", "Change", "Quarter", "Quarter before"],
            flagged
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let i = i.to_string();
                    let or_not = |x: &Option<String>| x.clone().unwrap_or_else(|| "not recorded".into());
                    let origin = match r.origin.as_deref().and_then(hifazat_domain::reference::district_by_code) {
                        Some(d) => d.name.clone(),
                        None => or_not(&r.origin),
                    };
                    let dest = match r.destination.as_deref().and_then(hifazat_domain::reference::country) {
                        Some(c) => c.name.clone(),
                        None => or_not(&r.destination),
                    };
                    (
                        format!("{origin} - {} - {dest}", or_not(&r.exit)),
                        vec![
                            r.flag.map(|f| f.code().to_owned()).unwrap_or_default(),
                            v(key("g", &[("route", &i), ("when", "now")])),
                            v(key("g", &[("route", &i), ("when", "before")])),
                        ],
                    )
                })
                .collect(),
        ),
        section(
            "Modus operandi",
            "Forms of exploitation recorded in the trafficking cases reported in the quarter (a case with several forms counts in each).",
            &["Form of exploitation", "Cases"],
            by_count(&forms)
                .into_iter()
                .map(|(f, _)| {
                    let name = hifazat_domain::reference::exploitation_form(&f)
                        .map(|x| x.label.clone())
                        .unwrap_or_else(|| f.clone());
                    (name, vec![v(key("g", &[("form", &f)]))])
                })
                .collect(),
        ),
        section(
            "Wanted persons",
            "Persons added to the Red Book during the quarter and still on it on the day of this issue. Check identity against NADRA before acting on a name.",
            &["Name", "Reference", "Zone", "Listed"],
            wanted
                .iter()
                .map(|e| {
                    (
                        e.full_name.clone(),
                        vec![
                            e.reference.clone().unwrap_or_default(),
                            e.zone.clone().unwrap_or_default(),
                            e.added_at.chars().take(10).collect(),
                        ],
                    )
                })
                .collect(),
        ),
    ];
    let n = cases.len() + wanted.len();
    let g = hifazat_publications::Gazette {
        number,
        quarter: quarter_words(from, to),
        as_of,
        issued_by: format!("{issued_by}, covering {}", scope.label()),
        sections,
    };
    let pdf = tokio::task::spawn_blocking(move || hifazat_publications::gazette(&g))
        .await
        .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok((pdf, n))
}

/// Draws an edition of either kind.
async fn draw_edition(
    app: &AppState,
    s: &Scoped<'_>,
    e: &EditionRow,
) -> Result<(Vec<u8>, usize), PageError> {
    if e.kind == "gazette" {
        draw_gazette(
            app,
            s,
            e.number,
            &e.period,
            &e.scope,
            e.as_of,
            e.office.clone(),
        )
        .await
    } else {
        draw_red_book(s, e.number, e.as_of, e.office.clone()).await
    }
}

/// The quarters one may issue a Gazette for: those begun, the latest first, five years back.
fn quarters(today: NaiveDate) -> Vec<String> {
    let mut v = Vec::new();
    let (mut y, mut q) = (today.year(), (today.month() - 1) / 3 + 1);
    for _ in 0..20 {
        v.push(format!("{y}-Q{q}"));
        if q == 1 {
            y -= 1;
            q = 4;
        } else {
            q -= 1;
        }
    }
    v
}

async fn list_page(
    app: &AppState,
    user: &WebUser,
    gazette: bool,
    form: IssueForm,
    errors: FieldErrors,
) -> Result<EditionsPage, PageError> {
    let s = user.scoped(&app.store);
    let today = hifazat_store::statistics::editions::pakistan_today(&app.store);
    Ok(EditionsPage {
        editions: s
            .editions(if gazette { "gazette" } else { "red_book" })
            .await?,
        manage: s.actor().may(Action::ManageWatchlists),
        chrome: Chrome::of(user),
        gazette,
        as_of: form.as_of,
        quarter: form.quarter,
        quarters: quarters(today),
        errors,
    })
}

/// Today, and the last quarter that has ended, as the form's defaults.
fn today_form(app: &AppState) -> IssueForm {
    let today = hifazat_store::statistics::editions::pakistan_today(&app.store);
    IssueForm {
        as_of: today.to_string(),
        quarter: quarters(today).into_iter().nth(1).unwrap_or_default(),
    }
}

/// `GET /redbook/editions`.
pub async fn list(State(app): State<AppState>, user: WebUser) -> Result<Response, PageError> {
    let form = today_form(&app);
    html(list_page(&app, &user, false, form, FieldErrors::new()).await?)
}

/// `GET /gazette`.
pub async fn gazette_list(
    State(app): State<AppState>,
    user: WebUser,
) -> Result<Response, PageError> {
    let form = today_form(&app);
    html(list_page(&app, &user, true, form, FieldErrors::new()).await?)
}

/// `POST /redbook/editions`: issues a Red Book edition as of the day given.
pub async fn issue(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<IssueForm>,
) -> Result<Response, PageError> {
    issue_kind(app, user, form, false).await
}

/// `POST /gazette`: issues the Gazette for a quarter, from the records as of the day given.
pub async fn gazette_issue(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<IssueForm>,
) -> Result<Response, PageError> {
    issue_kind(app, user, form, true).await
}

async fn issue_kind(
    app: AppState,
    user: WebUser,
    form: IssueForm,
    gazette: bool,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    if !s.actor().may(Action::ManageWatchlists) {
        return Err(StoreError::Forbidden(
            "only the national coordinator and supervisors change watchlists",
        )
        .into());
    }
    let kind = if gazette { "gazette" } else { "red_book" };
    let period = if gazette { form.quarter.trim() } else { "" };
    let mut errors = FieldErrors::new();
    if gazette && quarter_days(period).is_none() {
        errors.add("quarter", "Choose a quarter from the list");
    }
    match form.as_of.trim().parse::<NaiveDate>() {
        Err(_) => errors.add(
            "as_of",
            "Enter the day the edition is as of, for example 2026-06-30",
        ),
        Ok(as_of) if errors.is_empty() => {
            let e = EditionRow {
                id: 0,
                kind: kind.into(),
                period: period.into(),
                number: s.next_edition_number(kind).await?,
                as_of,
                entries: 0,
                sha256: String::new(),
                office: office(&user, &app.store.agencies().await?),
                scope: s.actor().jurisdiction.to_code(),
                issued_by: String::new(),
                issued_at: String::new(),
                recipients: 0,
            };
            let (pdf, n) = draw_edition(&app, &s, &e).await?;
            match s
                .issue_edition(kind, period, e.number, as_of, &e.office, n, &sha256(&pdf))
                .await
            {
                Ok(id) => {
                    return Ok(Redirect::to(&format!("/editions/{id}?done=issued")).into_response())
                }
                Err(StoreError::Invalid(e)) => errors = e,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(_) => {}
    }
    let page = list_page(&app, &user, gazette, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
}

async fn edition_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    done: String,
    agency: String,
    errors: FieldErrors,
) -> Result<EditionPage, PageError> {
    let s = user.scoped(&app.store);
    let (e, recipients) = s.edition(id).await?;
    Ok(EditionPage {
        agencies: app
            .store
            .agencies()
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect(),
        manage: s.actor().may(Action::ManageWatchlists),
        chrome: Chrome::of(user),
        e,
        recipients,
        done,
        agency,
        errors,
    })
}

/// `GET /editions/{id}`.
pub async fn show(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    html(edition_page(&app, &user, id, d.done, String::new(), FieldErrors::new()).await?)
}

/// `POST /editions/{id}/recipients`: records that an office received the edition.
pub async fn add_recipient(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<RecipientForm>,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let r = match form.agency.trim().parse::<i64>() {
        Ok(a) => s.record_recipient(id, a).await,
        Err(_) => {
            let mut f = FieldErrors::new();
            f.add("agency", "Choose an office from the list");
            Err(StoreError::Invalid(f))
        }
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/editions/{id}?done=recorded")).into_response()),
        Err(StoreError::Invalid(e)) => {
            let page = edition_page(&app, &user, id, String::new(), form.agency, e).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /editions/{id}/pdf`: the edition drawn again from the records as of its day,
/// checked against the hash recorded when it was issued (`X-Hifazat-Reproduced: exact` or
/// `differs`), and audited as an export.
pub async fn pdf(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let (e, _) = s.edition(id).await?;
    let (body, n) = draw_edition(&app, &s, &e).await?;
    let exact = sha256(&body) == e.sha256;
    if !exact {
        tracing::warn!(
            edition = e.id,
            "a Red Book edition drawn again differs from the one issued"
        );
    }
    s.record_export(
        if e.kind == "gazette" {
            "gazette.pdf"
        } else {
            "redbook.pdf"
        },
        n,
        &format!(
            "edition {} as of {}; {}",
            e.number,
            e.as_of,
            if exact {
                "reproduced exactly"
            } else {
                "differs from the edition issued"
            }
        ),
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}-{}-{}.pdf\"",
                    if e.kind == "gazette" {
                        "gazette-issue"
                    } else {
                        "red-book-edition"
                    },
                    e.number,
                    e.as_of
                ),
            ),
            (
                header::HeaderName::from_static("x-hifazat-reproduced"),
                if exact { "exact" } else { "differs" }.to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}
