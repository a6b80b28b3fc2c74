//! Identifiers (issue 13, item 3): "Where else does this number appear?" (`/identifiers`), for
//! a phone number, bank account, mobile wallet or address, within the reader's scope with a
//! count of the rest; and the form that links one to a record named by its reference.
//!
//! The page's own forms post the value (`POST /identifiers/search`), as do the "where else?"
//! buttons beside phone numbers on other pages, so numbers do not sit in addresses; a plain
//! `GET /identifiers?kind=phone&value=…` also works. As elsewhere: an error summary linking to
//! each field, a confirmation after a link, groups with true totals, words from
//! `locales/*/identifiers.ftl`.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::{opt, polished};
use crate::pages::{form_page, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use hifazat_domain::identifiers::{IdentifierInput, IdentifierKind, LinkedEntity};
use hifazat_domain::FieldErrors;
use hifazat_store::cases::identifiers::{
    may_search_identifiers, IdentifierOccurrence, NewIdentifierLink, WhereElse,
};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/identifiers", get(page))
        .route("/identifiers/search", post(search))
        .route("/identifiers/links", post(link))
}

fn require(user: &WebUser) -> Result<(), PageError> {
    if may_search_identifiers(&user.session.actor) {
        Ok(())
    } else {
        Err(
            StoreError::Forbidden("only case officers search phones, accounts and addresses")
                .into(),
        )
    }
}

/// The search form as typed (also the query of `GET /identifiers`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    kind: String,
    value: String,
    bank: String,
    done: String,
    case: String,
}

/// The link form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LinkForm {
    kind: String,
    value: String,
    bank: String,
    entity: String,
    reference: String,
    note: String,
}

#[derive(Template)]
#[template(path = "identifiers.html")]
struct IdentifiersPage {
    chrome: Chrome,
    q: SearchForm,
    errors: FieldErrors,
    result: Option<WhereElse>,
    link: LinkForm,
    link_errors: FieldErrors,
    kinds: &'static [IdentifierKind],
    entities: &'static [LinkedEntity],
}

impl IdentifiersPage {
    /// A kind of identifier in words.
    fn kind_label(&self, k: &IdentifierKind) -> String {
        self.chrome
            .tr
            .t(format!("identifiers-kind-{}", k.code().replace('_', "-")))
    }
    /// A kind of record in words.
    fn entity_label(&self, e: &LinkedEntity) -> String {
        self.chrome
            .tr
            .t(format!("identifiers-entity-{}", e.code().replace('_', "-")))
    }
    /// Where an occurrence's record is read.
    fn href(&self, o: &IdentifierOccurrence) -> String {
        match (o.entity, o.entity_id, o.case_id) {
            (LinkedEntity::Person | LinkedEntity::Case, _, Some(c)) => format!("/cases/{c}"),
            (LinkedEntity::IntakeItem, Some(id), _) => format!("/intake/{id}"),
            (LinkedEntity::Returnee, Some(id), _) => format!("/returnees/{id}"),
            (LinkedEntity::Agent, Some(id), _) => format!("/agents/{id}"),
            _ => String::new(),
        }
    }
    /// What the occurrence is: a person's role with a victim's code or another's name.
    fn who(&self, o: &IdentifierOccurrence) -> String {
        let Some(role) = o.role else {
            return String::new();
        };
        let role = self.chrome.tr.t(format!("cases-role-{}", role.code()));
        match (&o.victim_code, &o.name) {
            (Some(c), _) => format!("{role} {c}"),
            (None, Some(n)) => format!("{role}: {n}"),
            (None, None) => role,
        }
    }
}

fn render(
    user: &WebUser,
    q: SearchForm,
    errors: FieldErrors,
    result: Option<WhereElse>,
    link: LinkForm,
    link_errors: FieldErrors,
) -> PageResult {
    let valid = errors.is_empty() && link_errors.is_empty();
    let link = LinkForm {
        kind: if link.kind.is_empty() {
            q.kind.clone()
        } else {
            link.kind
        },
        ..link
    };
    form_page(
        valid,
        IdentifiersPage {
            chrome: Chrome::of(user),
            q,
            errors,
            result,
            link,
            link_errors,
            kinds: IdentifierKind::ALL,
            entities: LinkedEntity::ALL,
        },
    )
}

fn input(kind: &str, value: &str, bank: &str) -> IdentifierInput {
    IdentifierInput {
        kind: IdentifierKind::from_code(kind.trim()).unwrap_or(IdentifierKind::Phone),
        value: value.to_owned(),
        bank: opt(bank),
    }
}

async fn searched(app: &AppState, user: &WebUser, q: SearchForm) -> PageResult {
    require(user)?;
    if q.value.trim().is_empty() && q.kind.is_empty() {
        return render(
            user,
            q,
            FieldErrors::new(),
            None,
            LinkForm::default(),
            FieldErrors::new(),
        );
    }
    let i = input(&q.kind, &q.value, &q.bank);
    match user.scoped(&app.store).where_else(&i).await {
        Ok(w) => render(
            user,
            q,
            FieldErrors::new(),
            Some(w),
            LinkForm::default(),
            FieldErrors::new(),
        ),
        Err(StoreError::Invalid(e)) => render(
            user,
            q,
            polished(e),
            None,
            LinkForm::default(),
            FieldErrors::new(),
        ),
        Err(e) => Err(e.into()),
    }
}

/// `GET /identifiers`: the search form, and the results when a value is given.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<SearchForm>,
) -> PageResult {
    searched(&app, &user, q).await
}

/// `POST /identifiers/search`: the search, with the value in the form's body.
pub async fn search(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<SearchForm>,
) -> PageResult {
    searched(
        &app,
        &user,
        SearchForm {
            done: String::new(),
            case: String::new(),
            ..form
        },
    )
    .await
}

/// `POST /identifiers/links`: links an identifier to a record, and confirms.
pub async fn link(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<LinkForm>,
) -> PageResult {
    require(&user)?;
    let mut e = FieldErrors::new();
    let entity = LinkedEntity::from_code(form.entity.trim());
    if entity.is_none() {
        e.add("entity", "Choose what the identifier is linked to");
    }
    if IdentifierKind::from_code(form.kind.trim()).is_none() {
        e.add(
            "kind",
            "Choose a phone number, bank account, mobile wallet or address",
        );
    }
    let r = match entity {
        Some(entity) if e.is_empty() => {
            user.scoped(&app.store)
                .link_identifier(NewIdentifierLink {
                    identifier: input(&form.kind, &form.value, &form.bank),
                    entity,
                    reference: form.reference.clone(),
                    note: opt(&form.note),
                })
                .await
        }
        _ => Err(StoreError::Invalid(e)),
    };
    match r {
        Ok(saved) => {
            let case = saved
                .case_id
                .map(|c| format!("&case={c}"))
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/identifiers?done=linked{case}#done")).into_response())
        }
        Err(StoreError::Invalid(e)) => {
            let link_errors: FieldErrors = FieldErrors(
                polished(e)
                    .0
                    .into_iter()
                    .map(|(f, m)| (format!("link_{f}"), m))
                    .collect(),
            );
            render(
                &user,
                SearchForm::default(),
                FieldErrors::new(),
                None,
                form,
                link_errors,
            )
        }
        Err(e) => Err(e.into()),
    }
}
