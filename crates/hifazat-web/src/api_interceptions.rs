//! The JSON API of interceptions at borders (issue 13, item 2): record one, list them with
//! filters and the true total, read one, link a case, and the totals for a period. Documented
//! in its own OpenAPI part, merged into [`crate::api::ApiDoc`] by [`InterceptionsPart`].

use crate::api::Created;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use hifazat_domain::interceptions::{
    AgeGroup, BorderKind, Direction, MigrantGroup, MigrantSex, NewInterception, VehicleCount,
    VehicleKind,
};
use hifazat_store::screening::interceptions::{
    InterceptionCase, InterceptionCaseLink, InterceptionCount, InterceptionDetail,
    InterceptionFilter, InterceptionGroup, InterceptionList, InterceptionSummary,
    InterceptionTotals,
};
use utoipa::OpenApi;

type ApiResult<T> = Result<T, ApiError>;

/// The routes, under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/interceptions",
            get(list_interceptions).post(record_interception),
        )
        .route("/interceptions/totals", get(interception_totals))
        .route("/interceptions/{id}", get(get_interception))
        .route("/interceptions/{id}/cases", post(link_interception_case))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_interceptions,
        record_interception,
        interception_totals,
        get_interception,
        link_interception_case
    ),
    components(schemas(
        NewInterception,
        MigrantGroup,
        VehicleCount,
        BorderKind,
        Direction,
        MigrantSex,
        AgeGroup,
        VehicleKind,
        InterceptionList,
        InterceptionSummary,
        InterceptionDetail,
        InterceptionCase,
        InterceptionCaseLink,
        InterceptionTotals,
        InterceptionCount,
        InterceptionGroup
    ))
)]
struct InterceptionsDoc;

/// Merges this part of the API into the whole document.
pub struct InterceptionsPart;

impl utoipa::Modify for InterceptionsPart {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(InterceptionsDoc::openapi());
    }
}

/// Interceptions in the caller's jurisdiction, latest first: a page of 50 with the true total
/// (immigration officers, case officers, supervisors, the national coordinator; analysts get
/// the totals only).
#[utoipa::path(get, path = "/api/v1/interceptions", params(InterceptionFilter),
    responses((status = 200, body = InterceptionList), (status = 403, body = ErrorBody)))]
pub async fn list_interceptions(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<InterceptionFilter>,
) -> ApiResult<Json<InterceptionList>> {
    Ok(Json(user.scoped(&app.store).interceptions(&f).await?))
}

/// Records an interception in a district of the caller's jurisdiction, with its migrants by
/// nationality, sex and age group, smugglers arrested and vehicles or boats; all or nothing.
/// 422 per field.
#[utoipa::path(post, path = "/api/v1/interceptions", request_body = NewInterception,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_interception(
    State(app): State<AppState>,
    user: ApiUser,
    Json(i): Json<NewInterception>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).record_interception(i).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The totals of the interceptions in the caller's jurisdiction matching the filters (`page`
/// is ignored): migrants by nationality, sex and age group, smugglers, vehicles, by district
/// and by kind of agency. For analysts the period is whole calendar years and small counts are
/// `"<5"` (others `"x"` where they would give a small one away).
#[utoipa::path(get, path = "/api/v1/interceptions/totals", params(InterceptionFilter),
    responses((status = 200, body = InterceptionTotals), (status = 403, body = ErrorBody)))]
pub async fn interception_totals(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<InterceptionFilter>,
) -> ApiResult<Json<InterceptionTotals>> {
    Ok(Json(user.scoped(&app.store).interception_totals(&f).await?))
}

/// One interception in the caller's jurisdiction, with its counts and the linked cases the
/// caller may read (all counted in `cases`). The read is audited.
#[utoipa::path(get, path = "/api/v1/interceptions/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = InterceptionDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_interception(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<InterceptionDetail>> {
    Ok(Json(user.scoped(&app.store).interception(id).await?))
}

/// Links a case the caller may read to the interception, by the case's reference; 422 when
/// there is no such case in the caller's jurisdiction, or it is linked already.
#[utoipa::path(post, path = "/api/v1/interceptions/{id}/cases", params(("id" = i64, Path)), request_body = InterceptionCaseLink,
    responses((status = 204, description = "Linked"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_interception_case(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(l): Json<InterceptionCaseLink>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .link_interception_case(id, l)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
