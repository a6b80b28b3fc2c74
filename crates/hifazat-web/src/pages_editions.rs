//! Red Book editions: the national coordinator or a supervisor issues the Red Book as it stood
//! on a day (today or earlier) as a PDF, whose SHA-256 is kept; anyone who sees the watchlists
//! downloads an edition, drawn again from the records as they were and checked against that
//! hash; and the offices that received each edition are recorded. Every issue, download and
//! receipt is in the audit trail.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::pages::{html, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use hifazat_domain::validation::FieldErrors;
use hifazat_domain::Action;
use hifazat_publications::{red_book, sha256, Edition, RedBookEntry};
use hifazat_store::editions::{EditionRow, Recipient};
use hifazat_store::{Scoped, StoreError};
use serde::Deserialize;

/// What the page says was just done.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    done: String,
}

/// The form that issues an edition.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IssueForm {
    as_of: String,
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
    editions: Vec<EditionRow>,
    manage: bool,
    as_of: String,
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
fn office(user: &WebUser, agencies: &[hifazat_store::users::Agency]) -> String {
    user.session
        .actor
        .agency_id
        .and_then(|id| agencies.iter().find(|a| a.id == id))
        .map(|a| a.name.clone())
        .unwrap_or_else(|| "FIA Headquarters".into())
}

/// Draws the Red Book as of `as_of` (off the async runtime).
async fn draw(
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

async fn list_page(
    app: &AppState,
    user: &WebUser,
    as_of: String,
    errors: FieldErrors,
) -> Result<EditionsPage, PageError> {
    let s = user.scoped(&app.store);
    Ok(EditionsPage {
        editions: s.editions().await?,
        manage: s.actor().may(Action::ManageWatchlists),
        chrome: Chrome::of(user),
        as_of,
        errors,
    })
}

/// `GET /redbook/editions`.
pub async fn list(State(app): State<AppState>, user: WebUser) -> Result<Response, PageError> {
    let today = hifazat_store::editions::pakistan_today(&app.store).to_string();
    html(list_page(&app, &user, today, FieldErrors::new()).await?)
}

/// `POST /redbook/editions`: issues an edition as of the day given.
pub async fn issue(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<IssueForm>,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    if !s.actor().may(Action::ManageWatchlists) {
        return Err(StoreError::Forbidden(
            "only the national coordinator and supervisors change watchlists",
        )
        .into());
    }
    let mut errors = FieldErrors::new();
    match form.as_of.trim().parse::<NaiveDate>() {
        Err(_) => errors.add(
            "as_of",
            "Enter the day the edition is as of, for example 2026-06-30",
        ),
        Ok(as_of) => {
            let number = s.next_red_book_number().await?;
            let by = office(&user, &app.store.agencies().await?);
            let (pdf, n) = draw(&s, number, as_of, by.clone()).await?;
            match s.issue_red_book(number, as_of, &by, n, &sha256(&pdf)).await {
                Ok(id) => {
                    return Ok(Redirect::to(&format!("/redbook/editions/{id}?done=issued"))
                        .into_response())
                }
                Err(StoreError::Invalid(e)) => errors = e,
                Err(e) => return Err(e.into()),
            }
        }
    }
    let page = list_page(&app, &user, form.as_of, errors).await?;
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

/// `GET /redbook/editions/{id}`.
pub async fn show(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, PageError> {
    html(edition_page(&app, &user, id, d.done, String::new(), FieldErrors::new()).await?)
}

/// `POST /redbook/editions/{id}/recipients`: records that an office received the edition.
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
        Ok(()) => {
            Ok(Redirect::to(&format!("/redbook/editions/{id}?done=recorded")).into_response())
        }
        Err(StoreError::Invalid(e)) => {
            let page = edition_page(&app, &user, id, String::new(), form.agency, e).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /redbook/editions/{id}/pdf`: the edition drawn again from the records as of its day,
/// checked against the hash recorded when it was issued (`X-Hifazat-Reproduced: exact` or
/// `differs`), and audited as an export.
pub async fn pdf(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let (e, _) = s.edition(id).await?;
    let (body, n) = draw(&s, e.number, e.as_of, e.office.clone()).await?;
    let exact = sha256(&body) == e.sha256;
    if !exact {
        tracing::warn!(
            edition = e.id,
            "a Red Book edition drawn again differs from the one issued"
        );
    }
    s.record_export(
        "redbook.pdf",
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
                    "attachment; filename=\"red-book-edition-{}-{}.pdf\"",
                    e.number, e.as_of
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
