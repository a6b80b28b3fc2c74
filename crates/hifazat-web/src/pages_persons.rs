//! Person index pages: fuzzy search, a person's page (cases, watchlist entries, possible
//! duplicates, merge history), and merging two records of one person or undoing a merge.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::pages::{html, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::persons::{MergeRequest, PersonHit, PersonQuery, PersonRecord, UnmergeRequest};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

#[derive(Template)]
#[template(path = "persons.html")]
struct PersonsPage {
    chrome: Chrome,
    q: PersonQuery,
    hits: Option<Vec<PersonHit>>,
    error: Option<String>,
    /// While the index is still being built after start-up: (records indexed, records).
    loading: Option<(usize, usize)>,
}

/// `GET /persons`: the search form (names and CNICs are posted, never put in the address).
pub async fn persons(State(app): State<AppState>, user: WebUser) -> PageResult {
    search(app, user, PersonQuery::default()).await
}

/// `POST /persons`: fuzzy person search within the user's jurisdiction.
pub async fn persons_search(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<PersonQuery>,
) -> PageResult {
    search(app, user, form).await
}

async fn search(app: AppState, user: WebUser, q: PersonQuery) -> PageResult {
    if !user.session.actor.may(Action::ViewCases) {
        return Err(StoreError::Forbidden("this role does not search persons").into());
    }
    let searched =
        !q.name.trim().is_empty() || q.cnic.as_deref().is_some_and(|c| !c.trim().is_empty());
    let (hits, error) = if searched {
        match user.scoped(&app.store).search_persons(&q).await {
            Ok(h) => (Some(h), None),
            Err(StoreError::Invalid(e)) => (None, Some(e.to_string())),
            Err(e) => return Err(e.into()),
        }
    } else {
        (None, None)
    };
    html(PersonsPage {
        chrome: Chrome::of(&user),
        q,
        hits,
        error,
        loading: app.store.person_index_loading(),
    })
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    chrome: Chrome,
    p: PersonRecord,
    edit: bool,
    list: bool,
    errors: FieldErrors,
    form: MergeForm,
    done: String,
}

/// The merge form (on the kept record's page, one per possible duplicate).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MergeForm {
    duplicate: String,
    reason: String,
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
    errors: FieldErrors,
    form: MergeForm,
    done: String,
) -> Result<PersonPage, PageError> {
    let p = user.scoped(&app.store).person(uid).await?;
    let a = &user.session.actor;
    Ok(PersonPage {
        chrome: Chrome::of(user),
        p,
        edit: a.may(Action::EditCases),
        list: a.may(Action::ManageWatchlists),
        errors,
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
    html(
        person_page(
            &app,
            &user,
            &uid,
            FieldErrors::new(),
            MergeForm::default(),
            q.done,
        )
        .await?,
    )
}

/// `POST /persons/{uid}/merge`: merges the form's `duplicate` into this record.
pub async fn merge(
    State(app): State<AppState>,
    Path(uid): Path<String>,
    CsrfForm { user, form }: CsrfForm<MergeForm>,
) -> PageResult {
    let r = user
        .scoped(&app.store)
        .merge_persons(
            &uid,
            MergeRequest {
                duplicate: form.duplicate.clone(),
                reason: form.reason.clone(),
            },
        )
        .await;
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/persons/{uid}?done=merged#merges")).into_response()),
        Err(StoreError::Invalid(e)) => {
            let page = person_page(&app, &user, &uid, e, form, String::new()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
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
    match r {
        Ok(()) => Ok(
            Redirect::to(&format!("/persons/{}?done=unmerged#merges", form.person)).into_response(),
        ),
        Err(StoreError::Invalid(e)) => {
            let page = person_page(
                &app,
                &user,
                &form.person,
                e,
                MergeForm::default(),
                String::new(),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
