//! The prosecution and trial API: a case's trial record, the challan's scrutiny, court and
//! judge, hearing outcomes, verdicts, appeals and compensation. Reaches data only through the
//! caller's scoped view (a prosecutor: the cases before the court in their jurisdiction).

use crate::api::{Created, StageNow};
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hifazat_domain::trial::*;
use hifazat_store::cases::trial::{Appeal, Compensation, Scrutiny, Trial, Verdict};
use serde::Serialize;
use utoipa::OpenApi;

type ApiResult<T> = Result<T, ApiError>;

/// The trial part of the OpenAPI document (merged into the whole).
#[derive(OpenApi)]
#[openapi(
    paths(
        get_trial,
        scrutinise,
        set_court,
        hearing_outcome,
        add_verdict,
        file_appeal,
        decide_appeal,
        order_compensation,
        pay_compensation
    ),
    components(schemas(
        Trial,
        Scrutiny,
        Verdict,
        Appeal,
        Compensation,
        NextHearing,
        ChallanScrutiny,
        CourtAssignment,
        HearingResult,
        NewVerdict,
        NewAppeal,
        AppealDecision,
        NewCompensation,
        CompensationPayment,
        ScrutinyDecision,
        HearingOutcome,
        AdjournmentReason,
        AdjournedBy,
        VerdictOutcome,
        AppealFiledBy,
        AppealOutcome,
        CompensationLaw
    ))
)]
pub struct TrialApi;

/// Merges the trial part into the whole document (before the modifiers that add the bearer
/// security and the standard errors to every path).
pub struct TrialPart;

impl utoipa::Modify for TrialPart {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(TrialApi::openapi());
    }
}

/// The next hearing fixed with an outcome, if any.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NextHearing {
    /// The next hearing's id.
    pub next_hearing_id: Option<i64>,
}

/// A case's prosecution and trial: court and judge, the challan's scrutiny, verdicts, appeals,
/// compensation (the hearings are with the case).
#[utoipa::path(get, path = "/api/v1/cases/{id}/trial", params(("id" = i64, Path)),
    responses((status = 200, body = Trial), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_trial(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Trial>> {
    Ok(Json(user.scoped(&app.store).trial(id).await?))
}

/// The prosecution accepts a submitted challan for a court (the case goes under trial) or
/// returns it to the police with objections (back to investigation). Prosecutors only.
#[utoipa::path(post, path = "/api/v1/cases/{id}/challan-scrutiny", params(("id" = i64, Path)), request_body = ChallanScrutiny,
    responses((status = 200, body = StageNow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn scrutinise(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(s): Json<ChallanScrutiny>,
) -> ApiResult<Json<StageNow>> {
    Ok(Json(StageNow {
        stage: user.scoped(&app.store).scrutinise_challan(id, s).await?,
    }))
}

/// Names the court and judge of a case before the court.
#[utoipa::path(post, path = "/api/v1/cases/{id}/court", params(("id" = i64, Path)), request_body = CourtAssignment,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_court(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(c): Json<CourtAssignment>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).set_court(id, c).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records what happened at a hearing (once), and the next date if the court fixed one.
#[utoipa::path(post, path = "/api/v1/cases/{id}/hearings/{hearing}/outcome", params(("id" = i64, Path), ("hearing" = i64, Path)),
    request_body = HearingResult,
    responses((status = 200, body = NextHearing), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn hearing_outcome(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, hearing)): Path<(i64, i64)>,
    Json(h): Json<HearingResult>,
) -> ApiResult<Json<NextHearing>> {
    Ok(Json(NextHearing {
        next_hearing_id: user
            .scoped(&app.store)
            .record_hearing_outcome(id, hearing, h)
            .await?,
    }))
}

/// Records the verdict on one accused for one offence; the accused's status follows, and the
/// case is decided once every accused (but a proclaimed offender) has a verdict.
#[utoipa::path(post, path = "/api/v1/cases/{id}/verdicts", params(("id" = i64, Path)), request_body = NewVerdict,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_verdict(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(v): Json<NewVerdict>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).add_verdict(id, v).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records an appeal against a decided case's judgment.
#[utoipa::path(post, path = "/api/v1/cases/{id}/appeals", params(("id" = i64, Path)), request_body = NewAppeal,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn file_appeal(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<NewAppeal>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).file_appeal(id, a).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records how an appeal was decided (once).
#[utoipa::path(post, path = "/api/v1/cases/{id}/appeals/{appeal}/decision", params(("id" = i64, Path), ("appeal" = i64, Path)),
    request_body = AppealDecision,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_appeal(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, appeal)): Path<(i64, i64)>,
    Json(d): Json<AppealDecision>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).decide_appeal(id, appeal, d).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records compensation a court ordered to a victim of a convicted case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/compensation", params(("id" = i64, Path)), request_body = NewCompensation,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn order_compensation(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(c): Json<NewCompensation>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).order_compensation(id, c).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records a payment towards a compensation order (never beyond what was ordered).
#[utoipa::path(post, path = "/api/v1/cases/{id}/compensation/{order}/payments", params(("id" = i64, Path), ("order" = i64, Path)),
    request_body = CompensationPayment,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pay_compensation(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, order)): Path<(i64, i64)>,
    Json(p): Json<CompensationPayment>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .pay_compensation(id, order, p)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
