//! The JSON API of recruitment agents (issue 11, item 4): the register of licensed promoters
//! (added one by one or imported from the Bureau's CSV), actions on a licence, unlicensed
//! agents, their links to cases and persons, and the public licence look-up. Documented in its
//! own OpenAPI part, merged into [`crate::api::ApiDoc`] by [`AgentsPart`] before the standard
//! errors are added.

use crate::api::Created;
use crate::auth::{ApiUser, ClientIp};
use crate::error::{ApiError, ErrorBody};
use crate::public::{limit, Limit};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use hifazat_domain::agents::{
    AgentKind, CaseLink, LicenceActionKind, LicenceStatus, NewAgent, NewLicenceAction, NewPromoter,
    PersonLink,
};
use hifazat_store::admin::ImportReport;
use hifazat_store::agents::{
    ActedOn, AgentCase, AgentComplaint, AgentDetail, AgentFilter, AgentList, AgentPerson,
    AgentSummary, LicenceAction, LicenceAnswer, PublicLicence,
};
use serde::Deserialize;
use utoipa::OpenApi;

type ApiResult<T> = Result<T, ApiError>;

/// The routes, under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agents", get(list_agents).post(add_agent))
        .route("/agents/promoters", post(add_promoter))
        .route("/agents/import", post(import_promoters))
        .route("/agents/{id}", get(get_agent))
        .route("/agents/{id}/actions", post(record_action))
        .route("/agents/{id}/cases", post(link_case))
        .route("/agents/{id}/persons", post(link_person))
        .route("/public/licence", get(licence_lookup))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_agents,
        add_agent,
        add_promoter,
        import_promoters,
        get_agent,
        record_action,
        link_case,
        link_person,
        licence_lookup
    ),
    components(schemas(
        AgentList,
        AgentSummary,
        AgentDetail,
        ActedOn,
        AgentCase,
        AgentPerson,
        AgentComplaint,
        LicenceAction,
        LicenceAnswer,
        PublicLicence,
        NewPromoter,
        NewAgent,
        NewLicenceAction,
        CaseLink,
        PersonLink,
        AgentKind,
        LicenceStatus,
        LicenceActionKind
    ))
)]
struct AgentsDoc;

/// Merges this part of the API into the whole document.
pub struct AgentsPart;

impl utoipa::Modify for AgentsPart {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(AgentsDoc::openapi());
    }
}

/// Recruitment agents, licensed and unlicensed, by name; a page of 50 with the true total
/// (case roles and the emigration authority). `q` matches a name or other name, a licence
/// number or a phone number; `status` is the licence's as of today.
#[utoipa::path(get, path = "/api/v1/agents", params(AgentFilter),
    responses((status = 200, body = AgentList), (status = 403, body = ErrorBody)))]
pub async fn list_agents(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<AgentFilter>,
) -> ApiResult<Json<AgentList>> {
    Ok(Json(user.scoped(&app.store).agents(&f).await?))
}

/// Records an unlicensed agent or sub-agent (case roles and the emigration authority). 422
/// per field.
#[utoipa::path(post, path = "/api/v1/agents", request_body = NewAgent,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_agent(
    State(app): State<AppState>,
    user: ApiUser,
    Json(a): Json<NewAgent>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).add_agent(a).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Adds a licensed promoter to the register (the emigration authority and the national
/// coordinator); 422 when the licence number is already there.
#[utoipa::path(post, path = "/api/v1/agents/promoters", request_body = NewPromoter,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_promoter(
    State(app): State<AppState>,
    user: ApiUser,
    Json(p): Json<NewPromoter>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).add_promoter(p).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Imports the Bureau's register from CSV (`licence_number,name,status,issued_on,expires_on,
/// districts,address`; districts separated by `;`). Good rows are kept (a licence already in
/// the register is updated, a change of status recorded as an action on it), each refused row
/// reported by line, field and message. 422 (field `csv`) when the file itself is unusable.
#[utoipa::path(post, path = "/api/v1/agents/import", request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_promoters(
    State(app): State<AppState>,
    user: ApiUser,
    body: String,
) -> ApiResult<Json<ImportReport>> {
    Ok(Json(user.scoped(&app.store).import_promoters(body).await?))
}

/// An agent: the licence and its actions, the linked cases inside the caller's scope (all
/// counted), linked persons, the distinct victims in all linked cases, complaints. The read is
/// audited.
#[utoipa::path(get, path = "/api/v1/agents/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = AgentDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_agent(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<AgentDetail>> {
    Ok(Json(user.scoped(&app.store).agent(id).await?))
}

/// Records an action on a promoter's licence (suspension, cancellation, restoration, sanction
/// to prosecute, referral…): the emigration authority and the national coordinator. An action
/// that changes the status changes it; 422 when it does not fit the status.
#[utoipa::path(post, path = "/api/v1/agents/{id}/actions", params(("id" = i64, Path)), request_body = NewLicenceAction,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_action(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<NewLicenceAction>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).record_licence_action(id, a).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Links the agent to a case in the caller's jurisdiction, by its reference (case roles); 422
/// when there is no such case there, or it is linked already.
#[utoipa::path(post, path = "/api/v1/agents/{id}/cases", params(("id" = i64, Path)), request_body = CaseLink,
    responses((status = 204, description = "Linked"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_case(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(l): Json<CaseLink>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).link_case(id, l).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Links the agent to a person record: someone recorded, not as a victim, in a case in the
/// caller's jurisdiction (case roles).
#[utoipa::path(post, path = "/api/v1/agents/{id}/persons", params(("id" = i64, Path)), request_body = PersonLink,
    responses((status = 204, description = "Linked"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_person(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(l): Json<PersonLink>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).link_person(id, l).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The public look-up's query.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct LookupQuery {
    /// A licence number (e.g. `OEP 3814/RWP`) or a promoter's name (three characters or more).
    pub q: String,
}

/// Is this recruitment agent licensed? For anyone, without signing in (the JSON twin of the
/// portal's `/public/agents`): the licence number, name, status, expiry date and licensed
/// districts of the promoters that match, or `licensed: false` ("not licensed"). Never a case,
/// an unlicensed agent or a link. Each query counts against the address's hourly allowance of
/// look-ups, shared with the portal's page (429 past it).
#[utoipa::path(get, path = "/api/v1/public/licence", params(LookupQuery), security(()),
    responses((status = 200, body = LicenceAnswer), (status = 429, body = ErrorBody)))]
pub async fn licence_lookup(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(q): Query<LookupQuery>,
) -> ApiResult<Json<LicenceAnswer>> {
    if !q.q.trim().is_empty() {
        limit(&app, &ip, Limit::Lookup)
            .await
            .map_err(|e| ApiError::new(e.0, e.1))?;
    }
    Ok(Json(app.store.licence_lookup(&q.q).await?))
}
