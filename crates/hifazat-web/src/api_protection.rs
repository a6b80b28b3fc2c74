//! The protection and referral API: victims, consents, referrals, stays, follow-ups, the
//! service directory and the dashboard. Reaches data only through the caller's scoped view.

use crate::api::Created;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use hifazat_domain::protection::{
    NewConsent, NewIdentification, NewReferral, ReferralStatus, ReferralUpdate,
};
use hifazat_store::cases::models::VictimIdentity;
use hifazat_store::protection::*;
use serde::{Deserialize, Serialize};

type ApiResult<T> = Result<T, ApiError>;

/// A page of victims.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VictimList {
    /// This page (50 at most).
    pub items: Vec<VictimSummary>,
    /// All matching.
    pub total: i64,
}

/// A referral's status after a change.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralNow {
    /// Status now.
    pub status: ReferralStatus,
}

/// Filter for referral lists.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferralFilter {
    /// Only this status.
    pub status: Option<ReferralStatus>,
    /// Only referrals past their answer time without an answer.
    pub overdue: Option<bool>,
    /// Page, from 1 (50 referrals a page).
    pub page: Option<i64>,
}

/// A page of referrals, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralList {
    /// This page's referrals.
    pub items: Vec<Referral>,
    /// Referrals matching, all pages.
    pub total: i64,
    /// The page, from 1.
    pub page: i64,
    /// Referrals a page.
    pub per_page: i64,
}

/// Victims' protection records in the caller's jurisdiction.
#[utoipa::path(get, path = "/api/v1/victims", params(VictimFilter), responses((status = 200, body = VictimList), (status = 403, body = ErrorBody)))]
pub async fn list_victims(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<VictimFilter>,
) -> ApiResult<Json<VictimList>> {
    let (items, total) = user.scoped(&app.store).list_victims(&f).await?;
    Ok(Json(VictimList { items, total }))
}

/// Identifies a presumed victim (from a case, or found outside one).
#[utoipa::path(post, path = "/api/v1/victims", request_body = NewIdentification, responses((status = 201, body = VictimDetail), (status = 422, body = ErrorBody)))]
pub async fn identify(
    State(app): State<AppState>,
    user: ApiUser,
    Json(n): Json<NewIdentification>,
) -> ApiResult<(StatusCode, Json<VictimDetail>)> {
    let s = user.scoped(&app.store);
    let id = s.identify(n).await?;
    Ok((StatusCode::CREATED, Json(s.get_victim(id).await?)))
}

/// One victim's protection record.
#[utoipa::path(get, path = "/api/v1/victims/{id}", params(("id" = i64, Path)), responses((status = 200, body = VictimDetail), (status = 404, body = ErrorBody)))]
pub async fn get_victim(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<VictimDetail>> {
    Ok(Json(user.scoped(&app.store).get_victim(id).await?))
}

/// A victim's identifying details (audited).
#[utoipa::path(get, path = "/api/v1/victims/{id}/identity", params(("id" = i64, Path)), responses((status = 200, body = VictimIdentity), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn victim_identity(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<VictimIdentity>> {
    Ok(Json(user.scoped(&app.store).protected_identity(id).await?))
}

/// A victim's consents.
#[utoipa::path(get, path = "/api/v1/victims/{id}/consents", params(("id" = i64, Path)), responses((status = 200, body = Vec<Consent>), (status = 404, body = ErrorBody)))]
pub async fn consents(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<Consent>>> {
    Ok(Json(user.scoped(&app.store).get_victim(id).await?.consents))
}

/// Records a consent for one purpose (a child's with a guardian).
#[utoipa::path(post, path = "/api/v1/victims/{id}/consents", params(("id" = i64, Path)), request_body = NewConsent, responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn add_consent(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(c): Json<NewConsent>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: user.scoped(&app.store).add_consent(id, c).await?,
        }),
    ))
}

/// Withdraws a consent.
#[utoipa::path(post, path = "/api/v1/victims/{id}/consents/{consent}/withdraw", params(("id" = i64, Path), ("consent" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn withdraw_consent(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, consent)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store)
        .withdraw_consent(id, consent)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Referrals the caller may see: a provider's own, or those of victims in the caller's jurisdiction.
#[utoipa::path(get, path = "/api/v1/referrals", params(ReferralFilter), responses((status = 200, body = ReferralList), (status = 403, body = ErrorBody)))]
pub async fn list_referrals(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<ReferralFilter>,
) -> ApiResult<Json<ReferralList>> {
    let page = hifazat_store::page_number(f.page);
    let (items, total) = user
        .scoped(&app.store)
        .referrals_page(&ReferralListFilter {
            status: f.status,
            overdue: f.overdue,
            page: Some(page),
            ..Default::default()
        })
        .await?;
    Ok(Json(ReferralList {
        items,
        total,
        page,
        per_page: hifazat_store::protection::PER_PAGE,
    }))
}

/// Refers a victim to a provider. 422 naming `consent` when there is neither consent nor an override.
#[utoipa::path(post, path = "/api/v1/referrals", request_body = NewReferral, responses((status = 201, body = Referral), (status = 422, description = "e.g. fields.consent when the victim has not consented", body = ErrorBody)))]
pub async fn refer(
    State(app): State<AppState>,
    user: ApiUser,
    Json(n): Json<NewReferral>,
) -> ApiResult<(StatusCode, Json<Referral>)> {
    let s = user.scoped(&app.store);
    let id = s.refer(n).await?;
    Ok((StatusCode::CREATED, Json(s.get_referral(id).await?)))
}

/// One referral.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", params(("id" = i64, Path)), responses((status = 200, body = Referral), (status = 404, body = ErrorBody)))]
pub async fn get_referral(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Referral>> {
    Ok(Json(user.scoped(&app.store).get_referral(id).await?))
}

/// Accepts, declines (with a reason) or closes a referral.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/status", params(("id" = i64, Path)), request_body = ReferralUpdate, responses((status = 200, body = ReferralNow), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_referral(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(u): Json<ReferralUpdate>,
) -> ApiResult<Json<ReferralNow>> {
    Ok(Json(ReferralNow {
        status: user.scoped(&app.store).update_referral(id, u).await?,
    }))
}

/// Records a service delivered (the receiving provider).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/services", params(("id" = i64, Path)), request_body = NewDelivery, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_service(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(d): Json<NewDelivery>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).record_service(id, d).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admits the referred victim to the shelter (the shelter's users).
#[utoipa::path(post, path = "/api/v1/stays", request_body = NewStay, responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn admit(
    State(app): State<AppState>,
    user: ApiUser,
    Json(s): Json<NewStay>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: user.scoped(&app.store).admit(s).await?,
        }),
    ))
}

/// Reviews a stay, recording the victim's wishes.
#[utoipa::path(post, path = "/api/v1/stays/{id}/reviews", params(("id" = i64, Path)), request_body = NewReview, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review_stay(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(r): Json<NewReview>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).review_stay(id, r).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends a stay; follow-ups are scheduled at 3, 6 and 12 months.
#[utoipa::path(post, path = "/api/v1/stays/{id}/discharge", params(("id" = i64, Path)), request_body = NewDischarge, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn discharge(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(d): Json<NewDischarge>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).discharge(id, d).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a follow-up's outcome.
#[utoipa::path(post, path = "/api/v1/victims/{id}/follow-ups/{follow_up}", params(("id" = i64, Path), ("follow_up" = i64, Path)), request_body = FollowUpResult, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn follow_up(
    State(app): State<AppState>,
    user: ApiUser,
    Path((id, fu)): Path<(i64, i64)>,
    Json(f): Json<FollowUpResult>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).record_follow_up(id, fu, f).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The service directory with current occupancy.
#[utoipa::path(get, path = "/api/v1/providers", params(ProviderFilter), responses((status = 200, body = Vec<Provider>)))]
pub async fn providers(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<ProviderFilter>,
) -> ApiResult<Json<Vec<Provider>>> {
    Ok(Json(user.scoped(&app.store).providers(&f).await?))
}

/// The protection dashboard (suppressed counts for analysts).
#[utoipa::path(get, path = "/api/v1/protection/dashboard", params(DashboardFilter), responses((status = 200, body = ProtectionDashboard), (status = 403, body = ErrorBody)))]
pub async fn dashboard(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<DashboardFilter>,
) -> ApiResult<Json<ProtectionDashboard>> {
    Ok(Json(
        user.scoped(&app.store).protection_dashboard(&f).await?,
    ))
}
