//! The JSON API of returnees (issue 13, item 1): one returnee, a daily list imported with its
//! result, the returnees and lists of the caller's jurisdiction, a debriefing, and a case
//! opened from a debriefing. Documented in its own OpenAPI part, merged into
//! [`crate::api::ApiDoc`] by [`ReturneesPart`] before the standard errors.

use crate::api::Created;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use hifazat_domain::case::NewCase;
use hifazat_domain::csv_import::RowError;
use hifazat_domain::returnees::{
    Arrival, DocumentUsed, NewDebriefing, NewReturnee, NewReturneeList, ReturnReason, ReturneeKind,
    RouteLeg, Transport, TravelDocument,
};
use hifazat_store::screening::returnees::{
    DebriefedAgent, Debriefing, ReturneeAlert, ReturneeDetail, ReturneeFilter, ReturneeListReport,
    ReturneePage, ReturneeSaved, ReturneeSummary,
};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

type ApiResult<T> = Result<T, ApiError>;

/// The routes, under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/returnees", get(list).post(record))
        .route("/returnees/{id}", get(one))
        .route("/returnees/{id}/debriefings", post(debrief))
        .route("/returnee-lists", get(lists).post(import))
        .route("/returnee-lists/{id}", get(one_list))
        .route("/debriefings/{id}/case", post(open_case))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        record,
        one,
        debrief,
        lists,
        import,
        one_list,
        open_case,
        crate::pages_routes::api
    ),
    components(schemas(
        NewReturnee,
        NewReturneeList,
        Arrival,
        NewDebriefing,
        RouteLeg,
        ReturneeSaved,
        ReturneePage,
        ReturneeSummary,
        ReturneeDetail,
        ReturneeAlert,
        Debriefing,
        DebriefedAgent,
        ReturneeListReport,
        ReturneeListPage,
        RowError,
        ReturneeKind,
        ReturnReason,
        TravelDocument,
        Transport,
        DocumentUsed,
        hifazat_stats::routes::RouteTable,
        hifazat_stats::routes::RouteRow,
        hifazat_stats::routes::RouteFlag,
        hifazat_store::persons::network::Graph,
        hifazat_store::persons::network::Node,
        hifazat_store::persons::network::Edge,
        hifazat_store::persons::network::NodeKind
    ))
)]
struct ReturneesDoc;

/// Merges this part of the API into the whole document.
pub struct ReturneesPart;

impl utoipa::Modify for ReturneesPart {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(ReturneesDoc::openapi());
    }
}

/// The returnees of the caller's jurisdiction (arrived there or from there), newest arrival
/// first, with the true total. Names are shown, so each page is recorded in the audit trail.
#[utoipa::path(get, path = "/api/v1/returnees", params(ReturneeFilter),
    responses((status = 200, body = ReturneePage), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<ReturneeFilter>,
) -> ApiResult<Json<ReturneePage>> {
    Ok(Json(user.scoped(&app.store).returnees(&f).await?))
}

/// Records one returnee (an arrival in the caller's jurisdiction), screens them against the
/// watchlists and links them to the person record with the same CNIC or passport. 422 per
/// field.
#[utoipa::path(post, path = "/api/v1/returnees", request_body = NewReturnee,
    responses((status = 201, body = ReturneeSaved), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(app): State<AppState>,
    user: ApiUser,
    Json(n): Json<NewReturnee>,
) -> ApiResult<(StatusCode, Json<ReturneeSaved>)> {
    let saved = user.scoped(&app.store).record_returnee(n).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// One returnee with identity, alerts and debriefings (an identity view in the audit trail).
#[utoipa::path(get, path = "/api/v1/returnees/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ReturneeDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ReturneeDetail>> {
    Ok(Json(user.scoped(&app.store).returnee(id).await?))
}

/// Records a debriefing of a returnee: the agent, sub-agents, money, route legs, documents,
/// exploitation and the account (sealed). Returns its id.
#[utoipa::path(post, path = "/api/v1/returnees/{id}/debriefings", params(("id" = i64, Path)), request_body = NewDebriefing,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn debrief(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(d): Json<NewDebriefing>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).debrief(id, d).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A page of the lists received.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReturneeListPage {
    /// The lists, newest first.
    pub items: Vec<ReturneeListReport>,
    /// All lists in the caller's jurisdiction.
    pub total: i64,
}

/// The page wanted.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page (from 1; 20 lists a page).
    pub page: Option<i64>,
}

/// The daily lists received in the caller's jurisdiction, with their results.
#[utoipa::path(get, path = "/api/v1/returnee-lists", params(PageQuery),
    responses((status = 200, body = ReturneeListPage), (status = 403, body = ErrorBody)))]
pub async fn lists(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ReturneeListPage>> {
    let (items, total) = user.scoped(&app.store).returnee_lists(q.page).await?;
    Ok(Json(ReturneeListPage { items, total }))
}

/// Imports a daily list (CSV in `csv`: `id,full_name,father_name,date_of_birth,cnic,passport,
/// nationality,sex,flight,country,reason,document,home_district`; `full_name`, `flight`,
/// `country` and `reason` required): every valid row is recorded, screened and linked; every
/// refused row is reported by line and column; the result is kept with the list. 422 when no
/// row can be recorded.
#[utoipa::path(post, path = "/api/v1/returnee-lists", request_body = NewReturneeList,
    responses((status = 201, body = ReturneeListReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(app): State<AppState>,
    user: ApiUser,
    Json(l): Json<NewReturneeList>,
) -> ApiResult<(StatusCode, Json<ReturneeListReport>)> {
    let r = user.scoped(&app.store).import_returnees(l).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// One list and its result.
#[utoipa::path(get, path = "/api/v1/returnee-lists/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ReturneeListReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn one_list(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ReturneeListReport>> {
    Ok(Json(user.scoped(&app.store).returnee_list(id).await?))
}

/// Opens a case from a debriefing: registers it at "inquiry", links the debriefing and the
/// register's agent it names to the case, in one transaction. 422 when a case was already
/// opened from it.
#[utoipa::path(post, path = "/api/v1/debriefings/{id}/case", params(("id" = i64, Path)), request_body = NewCase,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_case(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(c): Json<NewCase>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let case = user
        .scoped(&app.store)
        .open_case_from_debriefing(id, c)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: case })))
}
