//! Person index pages: fuzzy search, a person's page (cases, watchlist entries, possible
//! duplicates, merge history), and merging two records of one person (after a confirmation
//! that shows both) or undoing a merge.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::pages::{html, submitted, Chrome};
use crate::paging::DateParts;
use crate::screening_words::{partial_dob, Words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::persons::{MergeRequest, PersonHit, PersonQuery, PersonRecord, UnmergeRequest};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

#[derive(Template)]
#[template(path = "persons.html")]
struct PersonsPage {
    chrome: Chrome,
    w: Words,
    form: SearchForm,
    dob: DateParts,
    hits: Option<Vec<PersonHit>>,
    errors: FieldErrors,
    /// While the index is still being built after start-up: (records indexed, records).
    loading: Option<(i64, i64)>,
}

/// The search form (names and CNICs are posted, never put in the address).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    name: String,
    father_name: String,
    #[serde(rename = "date_of_birth-day")]
    dob_day: String,
    #[serde(rename = "date_of_birth-month")]
    dob_month: String,
    #[serde(rename = "date_of_birth-year")]
    dob_year: String,
    cnic: String,
}

impl SearchForm {
    fn dob(&self) -> DateParts {
        DateParts {
            day: self.dob_day.clone(),
            month: self.dob_month.clone(),
            year: self.dob_year.clone(),
        }
    }
}

/// `GET /persons`: the search form.
pub async fn persons(State(app): State<AppState>, user: WebUser) -> PageResult {
    search(app, user, SearchForm::default(), false).await
}

/// `POST /persons`: fuzzy person search within the user's jurisdiction.
pub async fn persons_search(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<SearchForm>,
) -> PageResult {
    search(app, user, form, true).await
}

async fn search(app: AppState, user: WebUser, form: SearchForm, searched: bool) -> PageResult {
    if !user.session.actor.may(Action::SearchPersons) {
        return Err(StoreError::Forbidden("this role does not search persons").into());
    }
    let mut errors = FieldErrors::new();
    let mut hits = None;
    if searched {
        let dob = partial_dob(&form.dob(), app.store.today()).unwrap_or_else(|m| {
            errors.add("date_of_birth", m);
            None
        });
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let q = PersonQuery {
            name: form.name.trim().to_owned(),
            father_name: some(&form.father_name),
            date_of_birth: dob,
            cnic: some(&form.cnic),
        };
        if errors.is_empty() {
            match user.scoped(&app.store).search_persons(&q).await {
                Ok(h) => hits = Some(h),
                Err(StoreError::Invalid(e)) => errors = e,
                Err(e) => return Err(e.into()),
            }
        }
    }
    let chrome = Chrome::of(&user);
    let page = PersonsPage {
        w: Words(chrome.tr),
        chrome,
        dob: form.dob(),
        form,
        hits,
        loading: app
            .store
            .person_index_loading()
            .map(|(a, b)| (a as i64, b as i64)),
        errors,
    };
    if page.errors.is_empty() {
        html(page)
    } else {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
    }
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    chrome: Chrome,
    w: Words,
    p: PersonRecord,
    edit: bool,
    list: bool,
    errors: FieldErrors,
    /// Messages of the unmerge form.
    unmerge_errors: FieldErrors,
    /// The merge whose undoing was refused.
    unmerge_for: i64,
    form: MergeForm,
    done: String,
}

/// The merge form (on the kept record's page, one per possible duplicate).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MergeForm {
    duplicate: String,
    reason: String,
    /// `yes` once the officer has seen both records on the confirmation page.
    confirm: String,
}

/// The unmerge form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UnmergeForm {
    reason: String,
    /// The page to return to.
    person: String,
}

/// Query of the person page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonPageQuery {
    done: String,
}

async fn person_page(
    app: &AppState,
    user: &WebUser,
    uid: &str,
    form: MergeForm,
    done: String,
) -> Result<PersonPage, PageError> {
    let p = user.scoped(&app.store).person(uid).await?;
    let a = &user.session.actor;
    let chrome = Chrome::of(user);
    Ok(PersonPage {
        w: Words(chrome.tr),
        chrome,
        p,
        edit: a.may(Action::EditCases),
        list: a.may(Action::ManageWatchlists),
        errors: FieldErrors::new(),
        unmerge_errors: FieldErrors::new(),
        unmerge_for: 0,
        form,
        done,
    })
}

/// `GET /persons/{uid}`.
pub async fn person(
    State(app): State<AppState>,
    user: WebUser,
    Path(uid): Path<String>,
    Query(q): Query<PersonPageQuery>,
) -> PageResult {
    html(person_page(&app, &user, &uid, MergeForm::default(), q.done).await?)
}

#[derive(Template)]
#[template(path = "person_merge.html")]
struct MergeConfirmPage {
    chrome: Chrome,
    w: Words,
    keep: PersonRecord,
    dup: PersonRecord,
    reason: String,
}

/// `POST /persons/{uid}/merge`: with a reason, first shows both records and asks; once
/// confirmed, merges the form's `duplicate` into this record.
pub async fn merge(
    State(app): State<AppState>,
    Path(uid): Path<String>,
    CsrfForm { user, form }: CsrfForm<MergeForm>,
) -> PageResult {
    let s = user.scoped(&app.store);
    if !user.session.actor.may(Action::EditCases) {
        return Err(StoreError::Forbidden("this role cannot change person records").into());
    }
    if form.confirm != "yes" {
        let mut e = FieldErrors::new();
        if form.reason.trim().is_empty() {
            e.add(
                "reason",
                "Enter why the two records are one person (what you checked)",
            );
        }
        if form.duplicate.trim() == uid {
            e.add(
                "duplicate",
                "Choose another record: a record cannot be merged into itself",
            );
        }
        if !e.is_empty() {
            let mut page = person_page(&app, &user, &uid, form, String::new()).await?;
            page.errors = e;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
        }
        let keep = s.person(&uid).await?;
        let dup = s.person(form.duplicate.trim()).await?;
        let chrome = Chrome::of(&user);
        return html(MergeConfirmPage {
            w: Words(chrome.tr),
            chrome,
            keep,
            dup,
            reason: form.reason.trim().to_owned(),
        });
    }
    let r = s
        .merge_persons(
            &uid,
            MergeRequest {
                duplicate: form.duplicate.clone(),
                reason: form.reason.clone(),
            },
        )
        .await;
    let next = |_| format!("/persons/{uid}?done=merged#merges");
    submitted(r, next, |e| async {
        let mut page = person_page(&app, &user, &uid, form, String::new()).await?;
        page.errors = e;
        Ok(page)
    })
    .await
}

/// `POST /persons/merges/{id}/unmerge`.
pub async fn unmerge(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<UnmergeForm>,
) -> PageResult {
    let r = user
        .scoped(&app.store)
        .unmerge_persons(
            id,
            UnmergeRequest {
                reason: form.reason.clone(),
            },
        )
        .await;
    let next = |()| format!("/persons/{}?done=unmerged#merges", form.person);
    submitted(r, next, |e| async {
        let mut page = person_page(
            &app,
            &user,
            &form.person,
            MergeForm::default(),
            String::new(),
        )
        .await?;
        page.unmerge_errors = e;
        page.unmerge_for = id;
        Ok(page)
    })
    .await
}
