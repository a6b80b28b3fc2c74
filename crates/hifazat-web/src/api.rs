//! The JSON API under `/api/v1`, documented by the OpenAPI document at `/api/openapi.json`.
//! Every handler reaches case data only through the caller's [`hifazat_store::Scoped`] view.

use crate::api_agents::AgentsPart;
use crate::api_identifiers::IdentifiersPart;
use crate::api_intake::IntakePart;
use crate::api_interceptions::InterceptionsPart;
use crate::api_returnees::ReturneesPart;
use crate::api_trial::TrialPart;
use crate::api_witnesses::Witnesses;
use crate::auth::{ApiUser, ClientIp};
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use hifazat_domain::case::{Act, LegalElements, Scope};
use hifazat_domain::person::{AccusedStatusChange, Relation};
use hifazat_domain::reference::{
    self, Country, District, ExploitationForm, Indicator, Offence, Province,
};
use hifazat_domain::{
    AccusedStatus, CaseKind, NewCase, NewPerson, PersonRole, Sex, Stage, TransitionRequest,
};
use hifazat_store::admin::users::{Agency, LoginError};
use hifazat_store::audit::{AuditFilter, AuditRow};
use hifazat_store::cases::models::*;
use hifazat_store::cases::monitoring::{
    Count, DistrictCount, Monitoring, MonitoringFilter, UpcomingHearing,
};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// Credentials.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// For accounts with a second factor: the 6-digit code from the authenticator app, or a
    /// recovery code.
    #[serde(default)]
    pub totp: Option<String>,
}

/// A bearer token for the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer TOKEN`.
    pub token: String,
    /// Hours until it expires.
    pub expires_in_hours: i64,
}

/// A page of cases.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseList {
    /// This page's cases.
    pub items: Vec<CaseSummary>,
    /// Cases matching the filters, all pages.
    pub total: i64,
    /// Pass as `after` for the next page (keyset paging; absent after the last page).
    pub next: Option<String>,
}

/// A page of the audit trail.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditList {
    /// This page's rows, newest first.
    pub items: Vec<AuditRow>,
    /// Rows matching, all pages.
    pub total: i64,
}

/// The id of something created.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    /// Id.
    pub id: i64,
}

/// A case's stage after a transition.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StageNow {
    /// The case's stage now.
    pub stage: Stage,
}

/// Code lists for forms and imports.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferenceData {
    /// Provinces.
    pub provinces: Vec<Province>,
    /// Census districts (2017).
    pub districts: Vec<District>,
    /// Offences.
    pub offences: Vec<Offence>,
    /// Forms of exploitation.
    pub exploitation_forms: Vec<ExploitationForm>,
    /// Means and methods of control.
    pub indicators: Vec<Indicator>,
    /// Countries (ISO 3166-1).
    pub countries: Vec<Country>,
    /// Exit points.
    pub exit_points: Vec<String>,
    /// Agencies.
    pub agencies: Vec<Agency>,
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "Hifazat API", description = "Case registry for trafficking in persons and smuggling of migrants. Victims appear by their case-scoped code; identifying details only through the audited identity endpoint. Cases outside the caller's jurisdiction answer 404."),
    paths(login, list_cases, search_cases, create_case, get_case, add_person, transition, add_hearing, assign, amend_case, exit_blacklist, person_facts, request_transfer, decide_transfer, pending_transfers, add_document, get_document, accused_status, victim_identity, monitoring, crate::pages_statistics::api, audit, reference_data,
        crate::api_protection::list_victims, crate::api_protection::identify, crate::api_protection::get_victim, crate::api_protection::victim_identity,
        crate::api_protection::consents, crate::api_protection::add_consent, crate::api_protection::withdraw_consent,
        crate::api_protection::list_referrals, crate::api_protection::refer, crate::api_protection::get_referral, crate::api_protection::update_referral,
        crate::api_protection::record_service, crate::api_protection::admit, crate::api_protection::review_stay, crate::api_protection::discharge,
        crate::api_protection::follow_up, crate::api_protection::providers, crate::api_protection::dashboard,
        crate::api_screening::watchlist, crate::api_screening::add_entry, crate::api_screening::remove_entry,
        crate::api_screening::entry, crate::api_screening::review_entry,
        crate::api_screening::screen, crate::api_screening::screen_batch, crate::api_screening::alerts,
        crate::api_screening::alert_stats, crate::api_screening::decide,
        crate::api_persons::search_persons, crate::api_persons::get_person, crate::api_persons::merge, crate::api_persons::unmerge,
        crate::api_account::logout, crate::api_account::my_account, crate::api_account::change_password,
        crate::api_account::my_sessions, crate::api_account::end_my_session, crate::api_account::users,
        crate::api_account::user_account, crate::api_account::disable_user, crate::api_account::enable_user,
        crate::api_account::reset_password, crate::api_account::reset_second_factor,
        crate::api_account::user_sessions, crate::api_account::end_user_sessions,
        crate::api_admin::list_agencies, crate::api_admin::create_agency, crate::api_admin::get_agency, crate::api_admin::update_agency,
        crate::api_admin::update_agency_by_post, crate::api_admin::set_provider, crate::api_admin::set_provider_by_post,
        crate::api_admin::import_directory, crate::api_admin::get_user, crate::api_admin::update_user, crate::api_admin::update_user_by_post),
    components(schemas(
        LoginRequest, LoginResponse, CaseList, AuditList, Created, StageNow, ErrorBody, ReferenceData,
        CaseSummary, CaseDetail, CasePerson, Assignment, Officer, VictimIdentity, StageEvent, Hearing, NewHearing,
        NewCase, NewPerson, TransitionRequest, AccusedStatusChange, LegalElements, Act, Scope, CaseKind, Stage,
        PersonRole, Sex, Relation, AccusedStatus, Monitoring, Count, DistrictCount, UpcomingHearing, AuditRow,
        CaseFilter, MonitoringFilter,
        crate::api_protection::VictimList, crate::api_protection::ReferralNow, crate::api_protection::ReferralList,
        crate::api_screening::WatchlistList, crate::api_screening::AlertList, hifazat_store::cases::monitoring::MonthCount,
        hifazat_store::protection::VictimSummary, hifazat_store::protection::VictimDetail, hifazat_store::protection::Consent,
        hifazat_store::protection::Referral, hifazat_store::protection::Delivered, hifazat_store::protection::Stay,
        hifazat_store::protection::FollowUp, hifazat_store::protection::Provider, hifazat_store::protection::ProtectionDashboard,
        hifazat_store::protection::NewDelivery, hifazat_store::protection::NewStay, hifazat_store::protection::NewReview,
        hifazat_store::protection::NewDischarge, hifazat_store::protection::FollowUpResult,
        hifazat_domain::protection::NewIdentification, hifazat_domain::protection::NewConsent, hifazat_domain::protection::NewReferral,
        hifazat_domain::protection::ReferralUpdate, hifazat_domain::protection::IdentificationResult, hifazat_domain::protection::ConsentPurpose,
        hifazat_domain::protection::ConsentMethod, hifazat_domain::protection::Service, hifazat_domain::protection::Group,
        hifazat_domain::protection::Urgency, hifazat_domain::protection::ReferralStatus, hifazat_domain::protection::DischargeTo,
        hifazat_domain::protection::FollowUpOutcome,
        hifazat_store::screening::WatchlistEntry, hifazat_store::screening::ScreeningAlert, hifazat_store::screening::ScreenResult,
        hifazat_store::screening::BatchReport, hifazat_store::screening::Decision, hifazat_store::screening::AlertStats, hifazat_store::screening::ScoreBand,
        hifazat_domain::screening::NewWatchlistEntry, hifazat_domain::screening::ScreenRequest,
        hifazat_domain::screening::WatchlistKind, hifazat_domain::screening::AlertDecision,
        hifazat_store::persons::PersonHit, hifazat_store::persons::PersonQuery, hifazat_store::persons::PersonRecord,
        hifazat_store::persons::PersonCase, hifazat_store::persons::PersonMerge, hifazat_store::persons::WatchlistLink,
        hifazat_store::persons::MergeRequest, hifazat_store::persons::UnmergeRequest, hifazat_store::screening::EntryCase,
        hifazat_store::screening::ListedFromCase, hifazat_store::screening::WatchlistReview, crate::api_screening::WatchlistEntryDetail,
        hifazat_domain::screening::EntryReview, hifazat_domain::screening::ReviewDecision,
        hifazat_store::admin::accounts::AccountInfo, hifazat_store::admin::accounts::SessionInfo, hifazat_store::admin::users::UserInfo,
        crate::api_account::PasswordChange, crate::api_account::DisableRequest, crate::api_account::SessionsEnded,
        crate::api_account::PasswordReset,
        hifazat_store::admin::AgencyInput, hifazat_store::admin::AgencyItem, hifazat_store::admin::AgencyList,
        hifazat_store::admin::AgencyDetail, hifazat_store::admin::ProviderEntry, hifazat_store::admin::ProviderInput,
        hifazat_store::admin::UserDetail, hifazat_store::admin::UserUpdate, hifazat_store::admin::ImportReport,
        hifazat_store::admin::RowError
    )),
    modifiers(&Witnesses, &TrialPart, &AgentsPart, &IntakePart, &ReturneesPart, &InterceptionsPart, &IdentifiersPart, &BearerAuth, &StandardErrors),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Documents the error statuses every operation can answer, each with the JSON [`ErrorBody`]:
/// 400 (an unreadable path, query or body, a NUL byte), 401 and 403 (not signed in, role not
/// allowed) where a token is needed, 404 where a path names a record or a body refers to one,
/// 413, 415 and 422 where there is a body. Handlers still document their own statuses.
struct StandardErrors;

impl utoipa::Modify for StandardErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::Operation;
        use utoipa::openapi::security::SecurityRequirement;
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |what: &str| {
            ResponseBuilder::new()
                .description(what)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        let add = |op: &mut Operation, code: &str, what: &str| {
            op.responses
                .responses
                .entry(code.to_owned())
                .or_insert_with(|| error(what).into());
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let names_record = path.contains('{');
            for (is_post, op) in [
                (false, item.get.as_mut()),
                (true, item.post.as_mut()),
                (true, item.put.as_mut()),
            ]
            .into_iter()
            .filter_map(|(p, o)| o.map(|o| (p, o)))
            {
                add(
                    op,
                    "400",
                    "unreadable request (path, query or body), or a NUL character",
                );
                let public = op
                    .security
                    .as_ref()
                    .is_some_and(|s| s.iter().all(|r| *r == SecurityRequirement::default()));
                if !public {
                    add(
                        op,
                        "401",
                        "not signed in: no token, or an expired or revoked one",
                    );
                    add(op, "403", "this role may not do this");
                }
                if names_record || (is_post && !public) {
                    add(
                        op,
                        "404",
                        "no such record, or outside the caller's jurisdiction",
                    );
                }
                let body = op
                    .request_body
                    .as_ref()
                    .map(|b| b.content.contains_key("application/json"));
                if let Some(json) = body {
                    add(op, "413", "the body is larger than 2 MiB");
                    add(op, "415", "wrong content type");
                    if json {
                        add(op, "422", "a field is missing or not valid");
                    }
                }
            }
        }
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// Signs in and returns a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/login", request_body = LoginRequest, security(()),
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(app): State<AppState>,
    ip: ClientIp,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    let ip = ip.0.unwrap_or_else(|| "unknown".into());
    match app
        .store
        .login(
            req.username.trim(),
            &req.password,
            &ip,
            "api",
            req.totp.as_deref(),
        )
        .await
    {
        Ok(ok) => Ok(Json(LoginResponse {
            token: ok.token,
            expires_in_hours: app.store.auth_config().api_token_hours,
        })),
        Err(LoginError::Store(e)) => Err(e.into()),
        Err(e @ LoginError::Throttled(_)) => {
            Err(ApiError::new(StatusCode::TOO_MANY_REQUESTS, e.to_string()))
        }
        Err(
            e @ (LoginError::Disabled
            | LoginError::SecondFactorNotEnrolled
            | LoginError::PasswordChangeRequired),
        ) => Err(ApiError::new(StatusCode::FORBIDDEN, e.to_string())),
        Err(e @ LoginError::SecondFactorRequired) => {
            let mut fields = hifazat_domain::FieldErrors::new();
            fields.add("totp", "Enter the code from the authenticator app");
            Err(ApiError(
                StatusCode::UNAUTHORIZED,
                ErrorBody {
                    error: e.to_string(),
                    fields: Some(fields),
                },
            ))
        }
        Err(e) => Err(ApiError::new(StatusCode::UNAUTHORIZED, e.to_string())),
    }
}

/// Cases in the caller's jurisdiction, newest first. A text search (`q`: a CNIC, passport,
/// reference…) is refused here: send it with `POST /api/v1/cases/search`, so that it never
/// appears in an address.
#[utoipa::path(get, path = "/api/v1/cases", params(CaseFilter),
    responses((status = 200, body = CaseList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_cases(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<CaseFilter>,
) -> ApiResult<Json<CaseList>> {
    if f.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        let mut e = hifazat_domain::FieldErrors::new();
        e.add(
            "q",
            "Send text searches (CNIC, passport, reference) in the body of POST /api/v1/cases/search, not in the address",
        );
        return Err(e.into());
    }
    let (items, total) = user.scoped(&app.store).list_cases(&f).await?;
    let next = f.next_after(&items);
    Ok(Json(CaseList { items, total, next }))
}

/// Cases in the caller's jurisdiction matching the filters in the body, text search included.
#[utoipa::path(post, path = "/api/v1/cases/search", request_body = CaseFilter,
    responses((status = 200, body = CaseList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search_cases(
    State(app): State<AppState>,
    user: ApiUser,
    Json(f): Json<CaseFilter>,
) -> ApiResult<Json<CaseList>> {
    let (items, total) = user.scoped(&app.store).list_cases(&f).await?;
    let next = f.next_after(&items);
    Ok(Json(CaseList { items, total, next }))
}

/// Registers a case.
#[utoipa::path(post, path = "/api/v1/cases", request_body = NewCase,
    responses((status = 201, body = CaseDetail), (status = 422, description = "a message per field", body = ErrorBody)))]
pub async fn create_case(
    State(app): State<AppState>,
    user: ApiUser,
    Json(c): Json<NewCase>,
) -> ApiResult<(StatusCode, Json<CaseDetail>)> {
    let s = user.scoped(&app.store);
    let id = s.create_case(c).await?;
    Ok((StatusCode::CREATED, Json(s.get_case(id).await?)))
}

/// One case: victims by code, accused and witnesses by name, stage history, hearings.
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = CaseDetail), (status = 404, description = "no such case in your jurisdiction", body = ErrorBody)))]
pub async fn get_case(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<CaseDetail>> {
    Ok(Json(user.scoped(&app.store).get_case(id).await?))
}

/// Adds a person to a case; a victim receives a case-scoped code.
#[utoipa::path(post, path = "/api/v1/cases/{id}/persons", params(("id" = i64, Path)), request_body = NewPerson,
    responses((status = 201, body = CasePerson), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_person(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(p): Json<NewPerson>,
) -> ApiResult<(StatusCode, Json<CasePerson>)> {
    Ok((
        StatusCode::CREATED,
        Json(user.scoped(&app.store).add_person(id, p).await?),
    ))
}

/// Moves a case to another stage (only along allowed transitions).
#[utoipa::path(post, path = "/api/v1/cases/{id}/transitions", params(("id" = i64, Path)), request_body = TransitionRequest,
    responses((status = 200, body = StageNow), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(t): Json<TransitionRequest>,
) -> ApiResult<Json<StageNow>> {
    Ok(Json(StageNow {
        stage: user.scoped(&app.store).transition(id, t).await?,
    }))
}

/// The changes an amendment made, field by field.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Amended {
    /// What changed (codes removed and added per field).
    pub changes: Vec<hifazat_domain::case::Change>,
}

/// Amends or reclassifies a case: the classification in full as it should now stand (kind,
/// legal elements, offences, forms, route, summary) and the reason. Checked like a new case;
/// the previous classification is kept in the case's `amendments`. 422 per field, also when
/// nothing changes; 403 for a decided or closed case unless the caller is a supervisor.
#[utoipa::path(post, path = "/api/v1/cases/{id}/amendments", params(("id" = i64, Path)), request_body = hifazat_domain::case::CaseAmendment,
    responses((status = 200, body = Amended), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn amend_case(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<hifazat_domain::case::CaseAmendment>,
) -> ApiResult<Json<Amended>> {
    Ok(Json(Amended {
        changes: user.scoped(&app.store).amend_case(id, a).await?,
    }))
}

/// Why an accused is put on the exit blacklist (added to the entry's reason).
#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct ExitRequest {
    /// Optional: e.g. "seen at the airport".
    #[serde(default)]
    pub reason: Option<String>,
}

/// Puts an accused who is at large, on bail or a proclaimed offender on the exit blacklist in
/// one step, from their CNIC (or passport) on record, linked to their person record; the entry
/// is removed when their status changes. Supervisors and the national coordinator. 422 with
/// `exit` when already listed, in custody, or without documents.
#[utoipa::path(post, path = "/api/v1/cases/{id}/persons/{person}/exit", params(("id" = i64, Path), ("person" = i64, Path, description = "The accused's id in the case")),
    request_body = ExitRequest,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn exit_blacklist(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, person)): Path<(i64, i64)>,
    Json(r): Json<ExitRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user
        .scoped(&app.store)
        .blacklist_accused(id, person, r.reason)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Records the facts about a person in a case, replacing those on record: for an accused,
/// whether a public official (and the agency); for a victim, money paid to agents (amount,
/// currency, method) and recruitment (HTCDS methods, place, relationship to the trafficker).
/// 422 per field, also for facts of the other role.
#[utoipa::path(post, path = "/api/v1/cases/{id}/persons/{person}/facts", params(("id" = i64, Path), ("person" = i64, Path, description = "The person's id in the case")),
    request_body = hifazat_domain::person::PersonFacts,
    responses((status = 204, description = "Recorded"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn person_facts(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, person)): Path<(i64, i64)>,
    Json(f): Json<hifazat_domain::person::PersonFacts>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .set_person_facts(id, person, f)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks for a case to be transferred to another district or police station / FIA circle; a
/// supervisor of the receiving district decides. 422 per field (no reason, same place, a
/// transfer already waiting, a decided case).
#[utoipa::path(post, path = "/api/v1/cases/{id}/transfers", params(("id" = i64, Path)),
    request_body = hifazat_store::cases::transfers::TransferRequest,
    responses((status = 201, body = Created), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_transfer(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(r): Json<hifazat_store::cases::transfers::TransferRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = user.scoped(&app.store).request_transfer(id, r).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Accepts (the case moves, with its history; the sending side keeps read access to what it
/// wrote) or declines (with a remark) a transfer; a supervisor of the receiving district.
#[utoipa::path(post, path = "/api/v1/cases/{id}/transfers/{transfer}/decision", params(("id" = i64, Path), ("transfer" = i64, Path)),
    request_body = hifazat_store::cases::transfers::TransferDecision,
    responses((status = 204, description = "Decided"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_transfer(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, transfer)): Path<(i64, i64)>,
    Json(d): Json<hifazat_store::cases::transfers::TransferDecision>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .decide_transfer(id, transfer, d)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Transfers still waiting: offered to the caller's jurisdiction, and asked for by it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PendingTransfers {
    /// Offered to the caller's jurisdiction (a supervisor there decides).
    pub incoming: Vec<hifazat_store::cases::transfers::Transfer>,
    /// Asked for by the caller's jurisdiction.
    pub outgoing: Vec<hifazat_store::cases::transfers::Transfer>,
}

/// Transfers waiting for a decision, in and out of the caller's jurisdiction.
#[utoipa::path(get, path = "/api/v1/transfers",
    responses((status = 200, body = PendingTransfers), (status = 403, body = ErrorBody)))]
pub async fn pending_transfers(
    State(app): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<PendingTransfers>> {
    let (incoming, outgoing) = user.scoped(&app.store).pending_transfers().await?;
    Ok(Json(PendingTransfers { incoming, outgoing }))
}

/// The multipart form of a document upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    /// `fir_copy`, `statement`, `medical_report`, `photograph`, `travel_document`,
    /// `court_order` or `other`.
    kind: String,
    /// Short title (sealed; it may name a person).
    title: Option<String>,
    /// The document's own date, `YYYY-MM-DD`.
    document_date: Option<String>,
    /// The person of the case it concerns (`persons[].id` of the case).
    case_person_id: Option<i64>,
    /// The file: PDF, JPEG or PNG, at most 10 MB (checked by its bytes).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Attaches a document to a case (multipart): sealed at rest, audited. 422 per field (`file`
/// when empty, over 10 MB or not a PDF, JPEG or PNG).
#[utoipa::path(post, path = "/api/v1/cases/{id}/documents", params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", content = DocumentUpload),
    responses((status = 201, body = Created), (status = 404, body = ErrorBody), (status = 413, description = "Larger than the upload limit"), (status = 422, body = ErrorBody)))]
pub async fn add_document(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    mut form: axum::extract::Multipart,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let mut fields = std::collections::HashMap::new();
    let mut bytes = Vec::new();
    let bad = |e: axum::extract::multipart::MultipartError| {
        let mut f = hifazat_domain::FieldErrors::new();
        f.add("file", format!("The upload could not be read: {e}"));
        ApiError::from(hifazat_store::StoreError::Invalid(f))
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            bytes = field.bytes().await.map_err(bad)?.to_vec();
        } else {
            let value = field.text().await.map_err(bad)?;
            if !crate::guard::nul_free(&value) {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    crate::guard::NUL_MESSAGE,
                ));
            }
            fields.insert(name, value);
        }
    }
    let text = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let mut form = crate::forms::DocumentForm {
        kind: text("kind"),
        title: text("title"),
        case_person_id: text("case_person_id"),
        ..Default::default()
    };
    let date = text("document_date");
    let mut parts = date.trim().splitn(3, '-');
    if !date.trim().is_empty() {
        form.year = parts.next().unwrap_or("").into();
        form.month = parts.next().unwrap_or("").into();
        form.day = parts.next().unwrap_or("").into();
    }
    let d = form
        .to_new(bytes)
        .map_err(|e| ApiError::from(hifazat_store::StoreError::Invalid(e)))?;
    let id = user.scoped(&app.store).add_document(id, d).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Downloads a document; audited (a victim's document as an identity view, and only for
/// roles that may see victims' identities).
#[utoipa::path(get, path = "/api/v1/cases/{id}/documents/{document}", params(("id" = i64, Path), ("document" = i64, Path)),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_document(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, document)): Path<(i64, i64)>,
) -> ApiResult<axum::response::Response> {
    let f = user.scoped(&app.store).document(id, document).await?;
    Ok(crate::pages_cases::document_response(f))
}

/// Names a case's investigating officer and supervising officer (supervisors and the national
/// coordinator); 422 per field when someone cannot be named or a reason is missing.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assignment", params(("id" = i64, Path)), request_body = Assignment,
    responses((status = 204, description = "Assigned"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<Assignment>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).assign(id, a).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a hearing date.
#[utoipa::path(post, path = "/api/v1/cases/{id}/hearings", params(("id" = i64, Path)), request_body = NewHearing,
    responses((status = 201, body = Created), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_hearing(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(h): Json<NewHearing>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: user.scoped(&app.store).add_hearing(id, h).await?,
        }),
    ))
}

/// Records an accused person's status (arrested, on bail, proclaimed offender, convicted…).
#[utoipa::path(post, path = "/api/v1/cases/{id}/persons/{person}/status", params(("id" = i64, Path), ("person" = i64, Path, description = "the person's id in the case")),
    request_body = AccusedStatusChange, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn accused_status(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, person)): Path<(i64, i64)>,
    Json(c): Json<AccusedStatusChange>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .set_accused_status(id, person, c)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A victim's identifying details. Every call is written to the audit trail.
#[utoipa::path(get, path = "/api/v1/cases/{id}/victims/{person}/identity", params(("id" = i64, Path), ("person" = i64, Path, description = "the victim's id in the case")),
    responses((status = 200, body = VictimIdentity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn victim_identity(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, person)): Path<(i64, i64)>,
) -> ApiResult<Json<VictimIdentity>> {
    Ok(Json(
        user.scoped(&app.store).victim_identity(id, person).await?,
    ))
}

/// Monitoring numbers for the caller's jurisdiction (suppressed aggregates for analysts).
#[utoipa::path(get, path = "/api/v1/monitoring", params(MonitoringFilter),
    responses((status = 200, body = Monitoring), (status = 403, body = ErrorBody)))]
pub async fn monitoring(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<MonitoringFilter>,
) -> ApiResult<Json<Monitoring>> {
    Ok(Json(user.scoped(&app.store).monitoring(&f).await?))
}

/// The audit trail, newest first (auditors only).
#[utoipa::path(get, path = "/api/v1/audit", params(AuditFilter),
    responses((status = 200, body = AuditList), (status = 403, body = ErrorBody)))]
pub async fn audit(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<AuditFilter>,
) -> ApiResult<Json<AuditList>> {
    let (items, total) = app.store.audit_trail(&user.0.ctx(), &f).await?;
    Ok(Json(AuditList { items, total }))
}

/// Code lists: provinces, districts, offences, forms of exploitation, means, countries, exit points, agencies.
#[utoipa::path(get, path = "/api/v1/reference", responses((status = 200, body = ReferenceData)))]
pub async fn reference_data(
    State(app): State<AppState>,
    _user: ApiUser,
) -> ApiResult<Json<ReferenceData>> {
    Ok(Json(ReferenceData {
        provinces: reference::PROVINCES.to_vec(),
        districts: reference::districts().to_vec(),
        offences: reference::offences().to_vec(),
        exploitation_forms: reference::exploitation_forms().to_vec(),
        indicators: reference::indicators().to_vec(),
        countries: reference::countries().to_vec(),
        exit_points: reference::EXIT_POINTS
            .iter()
            .map(|s| s.to_string())
            .collect(),
        agencies: app.store.agencies().await?,
    }))
}

/// Answers JSON for an unknown API path.
pub async fn not_found() -> ApiError {
    ApiError(
        StatusCode::NOT_FOUND,
        ErrorBody {
            error: "no such endpoint; see /api/openapi.json".into(),
            fields: None,
        },
    )
}
