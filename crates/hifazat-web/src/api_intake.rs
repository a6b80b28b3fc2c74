//! The JSON API of the front door (issue 11): the public side (a form token, a report, its
//! status and additions with the reference and secret; no token, limited per address) and the
//! staff side (helpline records, the queue, an item, triage, an inquiry opened from an item, the
//! duty officer's acknowledgement, notes, duty officers, the dashboard). Documented in its own
//! OpenAPI part, merged into [`crate::api::ApiDoc`] by [`IntakePart`] before the standard errors.

use crate::api::Created;
use crate::auth::{ApiUser, ClientIp};
use crate::error::{ApiError, ErrorBody};
use crate::public::{allowed, FormCheck, Limit, TOO_MANY};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use hifazat_domain::case::NewCase;
use hifazat_domain::intake::{
    CallerKind, Channel, EscalationAck, Finding, IntakeLanguage, IntakeSource, IntakeStatus,
    IntakeUrgency, NewAddition, NewHelplineRecord, NewPublicReport, Triage, TriageAction,
};
use hifazat_domain::FieldErrors;
use hifazat_store::intake::{
    ChannelOutcome, DutyOfficer, IntakeAddition, IntakeCounts, IntakeDashboard, IntakeFilter,
    IntakeItem, IntakePage, IntakeSummary, PublicReceipt, PublicStatus, PublicView, Recorded,
    ResponseTimes,
};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

type ApiResult<T> = Result<T, ApiError>;

/// The routes, under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/public/form", get(public_form))
        .route(
            "/public/reports",
            post(public_report).layer(axum::extract::DefaultBodyLimit::max(
                crate::public::MAX_BODY,
            )),
        )
        .route("/public/reports/status", post(public_status))
        .route(
            "/public/reports/additions",
            post(public_addition).layer(axum::extract::DefaultBodyLimit::max(
                crate::public::MAX_BODY,
            )),
        )
        .route("/helpline", post(record))
        .route("/intake", get(queue))
        .route("/intake/counts", get(counts))
        .route("/intake/alerts", get(alerts))
        .route("/intake/dashboard", get(dashboard))
        .route("/intake/{id}", get(item))
        .route("/intake/{id}/triage", post(triage))
        .route("/intake/{id}/inquiry", post(inquiry))
        .route("/intake/{id}/acknowledgement", post(acknowledge))
        .route("/intake/{id}/notes", post(note))
        .route("/intake/{id}/agents", post(link_agent))
        .route("/duty-officers", get(duty_officers).post(set_duty_officer))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        public_form,
        public_report,
        public_status,
        public_addition,
        record,
        queue,
        counts,
        alerts,
        dashboard,
        item,
        triage,
        inquiry,
        acknowledge,
        note,
        link_agent,
        duty_officers,
        set_duty_officer
    ),
    components(schemas(
        PublicForm,
        PublicReportRequest,
        PublicKey,
        PublicAddition,
        PublicReceipt,
        PublicView,
        PublicStatus,
        NewPublicReport,
        NewHelplineRecord,
        Recorded,
        IntakePage,
        IntakeSummary,
        IntakeItem,
        IntakeAddition,
        IntakeCounts,
        IntakeDashboard,
        ChannelOutcome,
        ResponseTimes,
        DutyOfficer,
        DutyRequest,
        AgentRef,
        hifazat_store::intake::LinkedAgent,
        Triage,
        InquiryRequest,
        EscalationAck,
        NewAddition,
        IntakeSource,
        Channel,
        IntakeLanguage,
        CallerKind,
        IntakeUrgency,
        Finding,
        IntakeStatus,
        TriageAction
    ))
)]
struct IntakeDoc;

/// Merges this part of the API into the whole document.
pub struct IntakePart;

impl utoipa::Modify for IntakePart {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi.merge(IntakeDoc::openapi());
    }
}

fn too_many() -> ApiError {
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, TOO_MANY)
}

async fn limited(app: &AppState, ip: &Option<String>, kind: Limit) -> ApiResult<()> {
    if allowed(app, ip, kind).await? {
        Ok(())
    } else {
        Err(too_many())
    }
}

/// A report form: the token to send back with the report, and the question to answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicForm {
    /// Send it back as `token` (good for one report, for six hours).
    pub token: String,
    /// The question; send its answer as `answer`.
    pub question: String,
}

/// A report with its form token and answer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PublicReportRequest {
    /// The report.
    #[serde(flatten)]
    pub report: NewPublicReport,
    /// The token from `GET /api/v1/public/form`.
    pub token: String,
    /// The answer to its question.
    pub answer: String,
}

/// A reference and its secret.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PublicKey {
    /// The report's reference.
    pub reference: String,
    /// The secret given with it.
    pub secret: String,
}

/// Information the reporter adds.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PublicAddition {
    /// The report's reference.
    pub reference: String,
    /// The secret given with it.
    pub secret: String,
    /// What to add.
    pub text: Option<String>,
}

/// A new report form (no token needed).
#[utoipa::path(get, path = "/api/v1/public/form", security(()),
    responses((status = 200, body = PublicForm)))]
pub async fn public_form(State(app): State<AppState>) -> Json<PublicForm> {
    let check = FormCheck::issue(&app.store);
    Json(PublicForm {
        question: check.question(&crate::i18n::Tr(crate::i18n::Lang::En)),
        token: check.token,
    })
}

/// Sends a report from the public (no token needed; limited per address and hour). Returns
/// the reference and the secret, shown once. 422 per field (a wrong answer or a used token:
/// `answer`).
#[utoipa::path(post, path = "/api/v1/public/reports", security(()), request_body = PublicReportRequest,
    responses((status = 201, body = PublicReceipt), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn public_report(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(r): Json<PublicReportRequest>,
) -> ApiResult<(StatusCode, Json<PublicReceipt>)> {
    limited(&app, &ip, Limit::Report).await?;
    let mut e = FieldErrors::new();
    let nonce = FormCheck::verify(&app.store, &r.token, &r.answer)
        .map_err(|m| e.add("answer", m))
        .ok();
    if let Err(more) = r.report.clone().validate() {
        e.extend(more);
    }
    let Some(nonce) = nonce.filter(|_| e.is_empty()) else {
        return Err(e.into());
    };
    if !app.store.use_public_form(&nonce).await? {
        e.add(
            "answer",
            "This form was already sent: answer the new question to send another report",
        );
        return Err(e.into());
    }
    let receipt = app
        .store
        .submit_public_report(r.report, ip.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// Where a report stands, for its reporter (the reference and the secret; limited per address
/// and hour). 404 when they do not go together, whichever is wrong.
#[utoipa::path(post, path = "/api/v1/public/reports/status", security(()), request_body = PublicKey,
    responses((status = 200, body = PublicView), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn public_status(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(k): Json<PublicKey>,
) -> ApiResult<Json<PublicView>> {
    limited(&app, &ip, Limit::FollowUp).await?;
    Ok(Json(
        app.store.public_report(&k.reference, &k.secret).await?,
    ))
}

/// Adds the reporter's information to their report (limited per address and hour).
#[utoipa::path(post, path = "/api/v1/public/reports/additions", security(()), request_body = PublicAddition,
    responses((status = 204, description = "Added"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn public_addition(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(a): Json<PublicAddition>,
) -> ApiResult<StatusCode> {
    limited(&app, &ip, Limit::FollowUp).await?;
    app.store
        .add_to_public_report(
            &a.reference,
            &a.secret,
            NewAddition { text: a.text },
            ip.as_deref(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a call or message to the helpline (helpline operators, supervisors, the national
/// coordinator). Immediate danger is escalated at once to the district's duty officer.
#[utoipa::path(post, path = "/api/v1/helpline", request_body = NewHelplineRecord,
    responses((status = 201, body = Recorded), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(app): State<AppState>,
    user: ApiUser,
    Json(r): Json<NewHelplineRecord>,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let rec = user.scoped(&app.store).record_helpline(r).await?;
    Ok((StatusCode::CREATED, Json(rec)))
}

/// The caller's queue: a supervisor's jurisdiction, an operator's own records, a duty
/// officer's escalations; overdue first, then by due time; 50 a page with the true total.
#[utoipa::path(get, path = "/api/v1/intake", params(IntakeFilter),
    responses((status = 200, body = IntakePage), (status = 403, body = ErrorBody)))]
pub async fn queue(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<IntakeFilter>,
) -> ApiResult<Json<IntakePage>> {
    Ok(Json(user.scoped(&app.store).intake_queue(&f).await?))
}

/// The counts of a supervisor's queue (zeros for other roles).
#[utoipa::path(get, path = "/api/v1/intake/counts",
    responses((status = 200, body = IntakeCounts)))]
pub async fn counts(State(app): State<AppState>, user: ApiUser) -> ApiResult<Json<IntakeCounts>> {
    Ok(Json(user.scoped(&app.store).intake_counts().await?))
}

/// Items in immediate danger nobody has acted on, for the caller (escalated to them, or in a
/// supervisor's jurisdiction).
#[utoipa::path(get, path = "/api/v1/intake/alerts",
    responses((status = 200, body = Vec<IntakeSummary>)))]
pub async fn alerts(
    State(app): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<IntakeSummary>>> {
    Ok(Json(user.scoped(&app.store).intake_alerts().await?))
}

/// The period of the dashboard.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// The last this many days (default 30, at most 3,660).
    pub days: Option<i64>,
}

/// Reports and calls of the last `days` days in the caller's jurisdiction: by channel and
/// outcome, and times to first action by urgency (supervisors, the national coordinator).
#[utoipa::path(get, path = "/api/v1/intake/dashboard", params(DashboardQuery),
    responses((status = 200, body = IntakeDashboard), (status = 403, body = ErrorBody)))]
pub async fn dashboard(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<DashboardQuery>,
) -> ApiResult<Json<IntakeDashboard>> {
    let days = q.days.unwrap_or(30).clamp(1, 3660);
    let now = app.store.now();
    Ok(Json(
        user.scoped(&app.store)
            .intake_dashboard(now - chrono::Duration::days(days), now)
            .await?,
    ))
}

/// An item with what was said and how to reach the caller; the reading is audited as an
/// identity view. 404 outside the caller's reach.
#[utoipa::path(get, path = "/api/v1/intake/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = IntakeItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn item(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<IntakeItem>> {
    Ok(Json(user.scoped(&app.store).intake_item(id).await?))
}

/// Triages an item: classifies it and links it to a case or person, routes it to another
/// district, or closes it (supervisors, the national coordinator). 422 when already triaged.
#[utoipa::path(post, path = "/api/v1/intake/{id}/triage", params(("id" = i64, Path)), request_body = Triage,
    responses((status = 204, description = "Triaged"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn triage(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(t): Json<Triage>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).triage(id, t).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An inquiry opened from an item: what triage found and the case to register.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InquiryRequest {
    /// Possible trafficking, possible smuggling or a labour complaint.
    pub classification: Finding,
    /// The case, registered at the "inquiry" stage.
    pub case: NewCase,
}

/// Opens an inquiry from an item: registers the case at "inquiry" and triages the item, in one
/// transaction. Returns the case's id.
#[utoipa::path(post, path = "/api/v1/intake/{id}/inquiry", params(("id" = i64, Path)), request_body = InquiryRequest,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn inquiry(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(r): Json<InquiryRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let case = user
        .scoped(&app.store)
        .open_inquiry(id, r.classification, r.case)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: case })))
}

/// The duty officer (or a supervisor) acknowledges an item in immediate danger with what is
/// being done. 422 when it is not awaiting one.
#[utoipa::path(post, path = "/api/v1/intake/{id}/acknowledgement", params(("id" = i64, Path)), request_body = EscalationAck,
    responses((status = 204, description = "Acknowledged"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn acknowledge(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<EscalationAck>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .acknowledge_escalation(id, a)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a note to an item (sealed like what the caller said).
#[utoipa::path(post, path = "/api/v1/intake/{id}/notes", params(("id" = i64, Path)), request_body = NewAddition,
    responses((status = 204, description = "Added"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn note(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<NewAddition>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).add_intake_note(id, a).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The duty officers of the caller's districts (supervisors, the national coordinator).
#[utoipa::path(get, path = "/api/v1/duty-officers",
    responses((status = 200, body = Vec<DutyOfficer>), (status = 403, body = ErrorBody)))]
pub async fn duty_officers(
    State(app): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<DutyOfficer>>> {
    Ok(Json(user.scoped(&app.store).duty_officers().await?))
}

/// Names a district's duty officer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DutyRequest {
    /// District (code).
    pub district: String,
    /// The officer's login name: an investigating officer or supervisor working there.
    pub username: String,
}

/// Names a district's duty officer (a district in the caller's jurisdiction).
#[utoipa::path(post, path = "/api/v1/duty-officers", request_body = DutyRequest,
    responses((status = 204, description = "Named"), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_duty_officer(
    State(app): State<AppState>,
    user: ApiUser,
    Json(d): Json<DutyRequest>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .set_duty_officer(&d.district, &d.username)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The recruitment agent a report names.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AgentRef {
    /// The agent's number (`/api/v1/agents/{id}`) or a licence number.
    pub agent: String,
}

/// Links a report to the recruitment agent it names (supervisors, the national coordinator; an
/// item in their queue): it is then among the agent's complaints. 422 when already linked or
/// no such agent.
#[utoipa::path(post, path = "/api/v1/intake/{id}/agents", params(("id" = i64, Path)), request_body = AgentRef,
    responses((status = 204, description = "Linked"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_agent(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<AgentRef>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .link_report_agent(id, &a.agent)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
