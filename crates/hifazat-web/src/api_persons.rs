//! Person index API: fuzzy search across spellings and scripts, a person's record, and the
//! merge of two records of one person (and its undoing).

use crate::api::Created;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hifazat_store::persons::{MergeRequest, PersonHit, PersonQuery, PersonRecord, UnmergeRequest};

type ApiResult<T> = Result<T, ApiError>;

/// Persons matching a name in any spelling or script (or a CNIC), who appear other than as
/// victims in a case within the caller's jurisdiction. The query is sent in the body, so that
/// names and CNICs never appear in addresses (and so in proxy logs).
#[utoipa::path(post, path = "/api/v1/persons/search", request_body = PersonQuery,
    responses((status = 200, body = Vec<PersonHit>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search_persons(
    State(app): State<AppState>,
    user: ApiUser,
    Json(q): Json<PersonQuery>,
) -> ApiResult<Json<Vec<PersonHit>>> {
    Ok(Json(user.scoped(&app.store).search_persons(&q).await?))
}

/// A person record: identity, cases in the caller's jurisdiction, watchlist entries, merge
/// history and possible duplicates. Victims' records answer 404 (they are reached by code).
#[utoipa::path(get, path = "/api/v1/persons/{uid}", params(("uid" = String, Path)),
    responses((status = 200, body = PersonRecord), (status = 404, body = ErrorBody)))]
pub async fn get_person(
    State(app): State<AppState>,
    user: ApiUser,
    Path(uid): Path<String>,
) -> ApiResult<Json<PersonRecord>> {
    Ok(Json(user.scoped(&app.store).person(&uid).await?))
}

/// Merges record `duplicate` into this one: its case roles and watchlist entries move here,
/// each move recorded (undo with `/persons/merges/{id}/unmerge`). 422 naming `reason` or
/// `duplicate` when refused.
#[utoipa::path(post, path = "/api/v1/persons/{uid}/merge", params(("uid" = String, Path)), request_body = MergeRequest,
    responses((status = 201, description = "the merge", body = Created), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn merge(
    State(app): State<AppState>,
    user: ApiUser,
    Path(uid): Path<String>,
    Json(m): Json<MergeRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).merge_persons(&uid, m).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Undoes a merge: what it moved goes back, and the merged record is a record of its own again.
#[utoipa::path(post, path = "/api/v1/persons/merges/{id}/unmerge", params(("id" = i64, Path)), request_body = UnmergeRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn unmerge(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(u): Json<UnmergeRequest>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).unmerge_persons(id, u).await?;
    Ok(StatusCode::NO_CONTENT)
}
