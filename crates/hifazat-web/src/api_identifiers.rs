//! The JSON API of identifiers (issue 13, item 3): "where else does this phone, account or
//! address appear?" within the caller's scope, and an officer's link of one to a record. The
//! search is a POST with the value in its body, so numbers do not sit in URLs or access logs.
//! Documented in its own OpenAPI part, merged into [`crate::api::ApiDoc`] by
//! [`IdentifiersPart`] before the standard errors.

use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use hifazat_domain::identifiers::{IdentifierInput, IdentifierKind, LinkedEntity};
use hifazat_store::cases::identifiers::{
    IdentifierLinkSaved, IdentifierOccurrence, NewIdentifierLink, OccurrenceGroup, WhereElse,
};
use utoipa::OpenApi;

type ApiResult<T> = Result<T, ApiError>;

/// The routes, under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/identifiers/search", post(search))
        .route("/identifiers/links", post(link))
}

#[derive(OpenApi)]
#[openapi(
    paths(search, link),
    components(schemas(
        IdentifierInput,
        IdentifierKind,
        LinkedEntity,
        WhereElse,
        OccurrenceGroup,
        IdentifierOccurrence,
        NewIdentifierLink,
        IdentifierLinkSaved
    ))
)]
struct IdentifiersDoc;

/// Merges this part of the API into the whole document.
pub struct IdentifiersPart;

impl utoipa::Modify for IdentifiersPart {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(IdentifiersDoc::openapi());
    }
}

/// Where else a phone number, bank account, mobile wallet or address appears: every
/// occurrence the caller may read, grouped by kind of record (victims by their case-scoped
/// code), and the count of those outside the caller's scope. A phone is also looked for among
/// wallets. Audited without the value. 422 when the value is not one of its kind.
#[utoipa::path(post, path = "/api/v1/identifiers/search", request_body = IdentifierInput,
    responses((status = 200, body = WhereElse), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(app): State<AppState>,
    user: ApiUser,
    Json(i): Json<IdentifierInput>,
) -> ApiResult<Json<WhereElse>> {
    Ok(Json(user.scoped(&app.store).where_else(&i).await?))
}

/// Links a phone number, account, wallet or address to a record the caller may read, named by
/// its reference (a case's reference, a victim's code or a person's record id, a report's
/// reference, a returnee's reference, an agent's number). 422 per field, also when the record
/// is not one the caller may read.
#[utoipa::path(post, path = "/api/v1/identifiers/links", request_body = NewIdentifierLink,
    responses((status = 201, body = IdentifierLinkSaved), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link(
    State(app): State<AppState>,
    user: ApiUser,
    Json(l): Json<NewIdentifierLink>,
) -> ApiResult<(StatusCode, Json<IdentifierLinkSaved>)> {
    let saved = user.scoped(&app.store).link_identifier(l).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}
