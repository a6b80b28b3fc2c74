//! Watchlist and screening pages: the lists, the printable Red Book, screening one traveller or
//! a pasted list at the counter, and the alert queue.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::opt;
use crate::pages::Chrome;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hifazat_domain::screening::*;
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::screening::*;
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

#[derive(Template)]
#[template(path = "watchlist.html")]
struct WatchlistPage {
    chrome: Chrome,
    entries: Vec<WatchlistEntry>,
    list: String,
    kinds: &'static [WatchlistKind],
    manage: bool,
    errors: FieldErrors,
    form: EntryForm,
    done: bool,
    /// Set after adding an entry that has one name and nothing else to tell namesakes apart.
    one_name: bool,
    /// May open case pages (links from entries to their cases).
    cases: bool,
}

/// The form that adds an entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    list: String,
    full_name: String,
    father_name: String,
    date_of_birth: String,
    cnic: String,
    passport: String,
    nationality: String,
    zone: String,
    reference: String,
    reason: String,
    /// The person record the entry is about.
    person_uid: String,
}

/// Query of the watchlist page.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    list: String,
    done: String,
    /// Prefill the form from this person record.
    person: String,
    /// `one_name` after adding an entry with one name and nothing else.
    warn: String,
}

async fn watchlist_page(
    app: &AppState,
    user: &WebUser,
    list: String,
    errors: FieldErrors,
    form: EntryForm,
    done: bool,
    one_name: bool,
) -> Result<WatchlistPage, PageError> {
    let entries = user
        .scoped(&app.store)
        .watchlist(WatchlistKind::from_code(&list))
        .await?;
    Ok(WatchlistPage {
        chrome: Chrome::of(user),
        entries,
        list,
        kinds: WatchlistKind::ALL,
        manage: user.session.actor.may(Action::ManageWatchlists),
        errors,
        form,
        done,
        one_name,
        cases: user.session.actor.may(Action::ViewCases),
    })
}

/// `GET /watchlist`.
pub async fn watchlist(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let mut form = EntryForm {
        list: "red_book".into(),
        nationality: "PK".into(),
        ..Default::default()
    };
    if !q.person.trim().is_empty() {
        // "Add to a watchlist" from a person's page: the form starts from the record.
        let p = user.scoped(&app.store).person(q.person.trim()).await?;
        form.full_name = p.name;
        form.father_name = p.father_name.unwrap_or_default();
        form.date_of_birth = p.date_of_birth.unwrap_or_default();
        form.cnic = p.cnic.unwrap_or_default();
        form.passport = p.passport.unwrap_or_default();
        form.nationality = p.nationality.unwrap_or_else(|| "PK".into());
        form.person_uid = p.uid;
    }
    Ok(Html(
        watchlist_page(
            &app,
            &user,
            q.list,
            FieldErrors::new(),
            form,
            !q.done.is_empty(),
            q.warn == "one_name",
        )
        .await?
        .render()?,
    )
    .into_response())
}

/// `POST /watchlist`.
pub async fn add_entry(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<EntryForm>,
) -> PageResult {
    let r = match WatchlistKind::from_code(&form.list) {
        None => {
            let mut e = FieldErrors::new();
            e.add("list", "choose a list");
            Err(StoreError::Invalid(e))
        }
        Some(list) => {
            user.scoped(&app.store)
                .add_watchlist_entry(NewWatchlistEntry {
                    list,
                    full_name: form.full_name.clone(),
                    father_name: opt(&form.father_name),
                    date_of_birth: opt(&form.date_of_birth),
                    cnic: opt(&form.cnic),
                    passport: opt(&form.passport),
                    nationality: opt(&form.nationality),
                    zone: opt(&form.zone),
                    reference: opt(&form.reference),
                    reason: opt(&form.reason),
                    person_uid: opt(&form.person_uid),
                })
                .await
        }
    };
    match r {
        Ok(_) => {
            let warn = if one_name_only(&form) {
                "&warn=one_name"
            } else {
                ""
            };
            Ok(
                Redirect::to(&format!("/watchlist?list={}&done=1{warn}", form.list))
                    .into_response(),
            )
        }
        Err(StoreError::Invalid(e)) => {
            let page =
                watchlist_page(&app, &user, form.list.clone(), e, form, false, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn one_name_only(f: &EntryForm) -> bool {
    hifazat_store::screening::one_name_only(
        &f.full_name,
        &f.father_name,
        &[&f.date_of_birth, &f.cnic, &f.passport],
    )
}

/// `POST /watchlist/{id}/remove`.
pub async fn remove_entry(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    user.scoped(&app.store).remove_watchlist_entry(id).await?;
    Ok(Redirect::to("/watchlist?done=1").into_response())
}

#[derive(Template)]
#[template(path = "redbook.html")]
struct RedBookPage {
    entries: Vec<WatchlistEntry>,
    printed_on: String,
    printed_by: String,
}

/// `GET /redbook`: the Red Book as a document to print for distribution.
pub async fn redbook(State(app): State<AppState>, user: WebUser) -> PageResult {
    let scoped = user.scoped(&app.store);
    let entries = scoped.watchlist(Some(WatchlistKind::RedBook)).await?;
    // The printable Red Book leaves the system on paper: recorded like any export.
    scoped
        .record_export("redbook", entries.len(), "printable Red Book")
        .await?;
    let page = RedBookPage {
        entries,
        printed_on: app.store.today().to_string(),
        printed_by: user.session.display_name.clone(),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "screening.html")]
struct ScreeningPage {
    chrome: Chrome,
    result: Option<ScreenResult>,
    report: Option<BatchReport>,
    errors: FieldErrors,
    form: ScreenForm,
    index_size: usize,
}

/// The screening form: one traveller, or a pasted list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScreenForm {
    full_name: String,
    father_name: String,
    date_of_birth: String,
    cnic: String,
    passport: String,
    nationality: String,
    exit_point: String,
    csv: String,
    source: String,
}

fn screening_page(app: &AppState, user: &WebUser, form: ScreenForm) -> ScreeningPage {
    ScreeningPage {
        chrome: Chrome::of(user),
        result: None,
        report: None,
        errors: FieldErrors::new(),
        form,
        index_size: app.store.watchlist_len(),
    }
}

/// `GET /screening`.
pub async fn screening(State(app): State<AppState>, user: WebUser) -> PageResult {
    if !user.session.actor.may(Action::Screen) {
        return Err(StoreError::Forbidden("only immigration officers screen travellers").into());
    }
    Ok(Html(screening_page(&app, &user, ScreenForm::default()).render()?).into_response())
}

/// `POST /screening`: screens one traveller or a list, and shows the alerts.
pub async fn screen(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<ScreenForm>,
) -> PageResult {
    let s = user.scoped(&app.store);
    let mut page = screening_page(&app, &user, form.clone());
    let r = if !form.csv.trim().is_empty() {
        let source = opt(&form.source).unwrap_or_else(|| "pasted list".into());
        s.screen_batch(&form.csv, &source)
            .await
            .map(|rep| page.report = Some(rep))
    } else {
        let req = ScreenRequest {
            id: None,
            full_name: form.full_name.clone(),
            father_name: opt(&form.father_name),
            date_of_birth: opt(&form.date_of_birth),
            cnic: opt(&form.cnic),
            passport: opt(&form.passport),
            nationality: opt(&form.nationality),
            exit_point: opt(&form.exit_point),
        };
        s.screen(req, "counter")
            .await
            .map(|res| page.result = Some(res))
    };
    match r {
        Ok(()) => Ok(Html(page.render()?).into_response()),
        Err(StoreError::Invalid(e)) => {
            page.errors = e;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    chrome: Chrome,
    alerts: Vec<ScreeningAlert>,
    stats: AlertStats,
    status: String,
    statuses: &'static [AlertDecision],
}

/// Query of the alert queue.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AlertQuery {
    status: String,
}

/// `GET /alerts`.
pub async fn alerts(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<AlertQuery>,
) -> PageResult {
    let status = if q.status.is_empty() {
        "pending".to_owned()
    } else {
        q.status
    };
    let s = user.scoped(&app.store);
    let alerts = s.alerts(AlertDecision::from_code(&status)).await?;
    let stats = s.alert_stats().await?;
    Ok(Html(
        AlertsPage {
            chrome: Chrome::of(&user),
            alerts,
            stats,
            status,
            statuses: AlertDecision::ALL,
        }
        .render()?,
    )
    .into_response())
}

/// The decision form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    note: String,
}

/// `POST /alerts/{id}/decision`.
pub async fn decide(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<DecisionForm>,
) -> PageResult {
    let Some(decision) = AlertDecision::from_code(&form.decision) else {
        return Err(PageError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose true match or false alarm.".into(),
        ));
    };
    user.scoped(&app.store)
        .decide(
            id,
            Decision {
                decision,
                note: opt(&form.note),
            },
        )
        .await?;
    Ok(Redirect::to("/alerts").into_response())
}
