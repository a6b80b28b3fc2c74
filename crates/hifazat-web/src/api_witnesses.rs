//! The JSON API of victims and witnesses at trial (issue 10, item 5): testimony, protection
//! measures and the court's decisions, threat reports and their acknowledgement, a victim's
//! consent to registration. Documented in its own OpenAPI part, merged into
//! [`crate::api::ApiDoc`] by [`Witnesses`] before the standard errors are added.

use crate::api::Created;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use hifazat_domain::witnesses::{
    ConsentUpdate, MeasureDecision, MeasureKind, MeasureOutcome, MeasureRequester, MeasureStatus,
    NewMeasure, NewTestimony, NewThreat, RegistrationConsent, TestimonyMode, ThreatAcknowledgement,
    ThreatKind, ThreatSource, ThreatStatus,
};
use hifazat_store::cases::witnesses::{
    CaseWitnesses, ProtectionMeasure, Testimony, ThreatReport, WitnessPerson,
};
use utoipa::OpenApi;

type ApiResult<T> = Result<T, ApiError>;

/// The routes, under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/witnesses", get(case_witnesses))
        .route("/cases/{id}/testimonies", post(add_testimony))
        .route("/cases/{id}/protection-measures", post(request_measure))
        .route(
            "/cases/{id}/protection-measures/{measure}/decision",
            post(decide_measure),
        )
        .route("/cases/{id}/threats", post(report_threat))
        .route("/threats", get(open_threats))
        .route(
            "/threats/{threat}/acknowledgement",
            post(acknowledge_threat),
        )
        .route(
            "/cases/{id}/persons/{person}/registration-consent",
            put(registration_consent),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        case_witnesses,
        add_testimony,
        request_measure,
        decide_measure,
        report_threat,
        open_threats,
        acknowledge_threat,
        registration_consent
    ),
    components(schemas(
        CaseWitnesses,
        WitnessPerson,
        Testimony,
        ProtectionMeasure,
        ThreatReport,
        NewTestimony,
        NewMeasure,
        MeasureDecision,
        NewThreat,
        ThreatAcknowledgement,
        ConsentUpdate,
        TestimonyMode,
        MeasureKind,
        MeasureRequester,
        MeasureStatus,
        MeasureOutcome,
        ThreatKind,
        ThreatSource,
        ThreatStatus,
        RegistrationConsent
    ))
)]
struct WitnessesDoc;

/// Merges this part of the API into the whole document.
pub struct Witnesses;

impl utoipa::Modify for Witnesses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(WitnessesDoc::openapi());
    }
}

/// A case's victims and witnesses at trial: victims by code, witnesses by name, testimonies,
/// protection measures, threat reports (each description shown is audited as an identity
/// view) and victims' consent to registration. The prosecutor of the court's district (cases
/// before the court) and the case's officers; 404 outside that scope.
#[utoipa::path(get, path = "/api/v1/cases/{id}/witnesses", params(("id" = i64, Path)),
    responses((status = 200, body = CaseWitnesses), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn case_witnesses(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<CaseWitnesses>> {
    Ok(Json(user.scoped(&app.store).case_witnesses(id).await?))
}

/// Records that a victim or witness of the case testified, and how (in open court, in camera,
/// by video link, behind a screen); once the challan is before the court. 422 per field.
#[utoipa::path(post, path = "/api/v1/cases/{id}/testimonies", params(("id" = i64, Path)), request_body = NewTestimony,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_testimony(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(t): Json<NewTestimony>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).add_testimony(id, t).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records a protection measure asked of the court for a victim or witness of the case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/protection-measures", params(("id" = i64, Path)), request_body = NewMeasure,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_measure(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(m): Json<NewMeasure>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).request_measure(id, m).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records the court's decision on a requested measure (granted, or refused with its reason);
/// 422 when already decided.
#[utoipa::path(post, path = "/api/v1/cases/{id}/protection-measures/{measure}/decision",
    params(("id" = i64, Path), ("measure" = i64, Path)), request_body = MeasureDecision,
    responses((status = 204, description = "Decided"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_measure(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, measure)): Path<(i64, i64)>,
    Json(d): Json<MeasureDecision>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .decide_measure(id, measure, d)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reports a threat, pressure, inducement or violence against a victim or witness of the case
/// (any stage). It is an alert to the supervisors and protection officers of the case's
/// jurisdiction until acknowledged; the description is sealed at rest.
#[utoipa::path(post, path = "/api/v1/cases/{id}/threats", params(("id" = i64, Path)), request_body = NewThreat,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report_threat(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(t): Json<NewThreat>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).report_threat(id, t).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Open threat alerts in the caller's jurisdiction, oldest first (supervisors, the national
/// coordinator, protection officers; 403 for other roles). Each description shown is audited.
#[utoipa::path(get, path = "/api/v1/threats",
    responses((status = 200, body = Vec<ThreatReport>), (status = 403, body = ErrorBody)))]
pub async fn open_threats(
    State(app): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<ThreatReport>>> {
    Ok(Json(user.scoped(&app.store).open_threats().await?))
}

/// Acknowledges a threat alert with the action taken (required): a supervisor, the national
/// coordinator or a protection officer whose jurisdiction covers the case; 404 outside it,
/// 422 when already acknowledged.
#[utoipa::path(post, path = "/api/v1/threats/{threat}/acknowledgement", params(("threat" = i64, Path)),
    request_body = ThreatAcknowledgement,
    responses((status = 204, description = "Acknowledged"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn acknowledge_threat(
    State(app): State<AppState>,
    user: ApiUser,
    Path(threat): Path<i64>,
    Json(a): Json<ThreatAcknowledgement>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .acknowledge_threat(threat, a)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a victim's answer when asked to consent to the case being registered (whoever edits
/// cases). Where the installation requires it, an FIR is registered only when every adult
/// victim's consent is recorded as given.
#[utoipa::path(put, path = "/api/v1/cases/{id}/persons/{person}/registration-consent",
    params(("id" = i64, Path), ("person" = i64, Path, description = "the victim's id in the case")),
    request_body = ConsentUpdate,
    responses((status = 204, description = "Recorded"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn registration_consent(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, person)): Path<(i64, i64)>,
    Json(c): Json<ConsentUpdate>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .set_registration_consent(id, person, c)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
