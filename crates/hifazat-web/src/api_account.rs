//! The account API: signing out (revoking the bearer token), one's own account, password and
//! sessions; and, for administrators, the lifecycle of any account (disable, enable, password
//! reset, second-factor reset, sessions).

use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use hifazat_domain::Action;
use hifazat_store::admin::accounts::{AccountInfo, SessionInfo};
use hifazat_store::admin::users::UserInfo;
use hifazat_store::StoreError;
use serde::{Deserialize, Serialize};

type ApiResult<T> = Result<T, ApiError>;

/// A password change.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    /// The current password.
    pub current_password: String,
    /// The new password (at least 12 characters, not common, not the login name).
    pub new_password: String,
}

/// Why an account is disabled.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DisableRequest {
    /// The reason (kept in the audit trail).
    pub reason: String,
}

/// How many sessions ended.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionsEnded {
    /// Sessions and API tokens ended.
    pub sessions_ended: u64,
}

/// A password reset by an administrator.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PasswordReset {
    /// Shown once: the user signs in with it and must then choose their own password.
    pub one_time_password: String,
}

/// Ends the session of the bearer token sent (the token stops working at once).
#[utoipa::path(post, path = "/api/v1/auth/logout",
    responses((status = 204, description = "signed out"), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(app): State<AppState>,
    user: ApiUser,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    app.store.logout(token, user.0.ip.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's account.
#[utoipa::path(get, path = "/api/v1/account",
    responses((status = 200, body = AccountInfo), (status = 401, body = ErrorBody)))]
pub async fn my_account(
    State(app): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<AccountInfo>> {
    let ctx = user.0.ctx();
    Ok(Json(app.store.account(&ctx, ctx.actor.user_id).await?))
}

/// Changes the caller's password; every other session and token of the account ends.
#[utoipa::path(post, path = "/api/v1/account/password", request_body = PasswordChange,
    responses((status = 204, description = "changed"), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(app): State<AppState>,
    user: ApiUser,
    Json(req): Json<PasswordChange>,
) -> ApiResult<StatusCode> {
    app.store
        .change_password(
            &user.0.ctx(),
            &req.current_password,
            &req.new_password,
            Some(&user.0.session.id),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's open sessions and API tokens.
#[utoipa::path(get, path = "/api/v1/account/sessions",
    responses((status = 200, body = Vec<SessionInfo>), (status = 401, body = ErrorBody)))]
pub async fn my_sessions(
    State(app): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<Vec<SessionInfo>>> {
    let ctx = user.0.ctx();
    Ok(Json(app.store.sessions_of(&ctx, ctx.actor.user_id).await?))
}

/// Ends one of the caller's sessions or tokens.
#[utoipa::path(post, path = "/api/v1/account/sessions/{session}/end",
    params(("session" = String, Path, description = "the session's public id")),
    responses((status = 204, description = "ended"), (status = 404, body = ErrorBody)))]
pub async fn end_my_session(
    State(app): State<AppState>,
    user: ApiUser,
    Path(sid): Path<String>,
) -> ApiResult<StatusCode> {
    let ctx = user.0.ctx();
    app.store
        .end_sessions(&ctx, ctx.actor.user_id, Some(&sid), None)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn require_admin(user: &ApiUser) -> ApiResult<()> {
    if user.0.session.actor.may(Action::ManageUsers) {
        Ok(())
    } else {
        Err(StoreError::Forbidden("only administrators manage accounts").into())
    }
}

/// All accounts (administrators).
#[utoipa::path(get, path = "/api/v1/users",
    responses((status = 200, body = Vec<UserInfo>), (status = 403, body = ErrorBody)))]
pub async fn users(State(app): State<AppState>, user: ApiUser) -> ApiResult<Json<Vec<UserInfo>>> {
    require_admin(&user)?;
    Ok(Json(app.store.users().await?))
}

/// One account with its password and second-factor state (administrators).
#[utoipa::path(get, path = "/api/v1/users/{id}/account", params(("id" = i64, Path, description = "account id")),
    responses((status = 200, body = AccountInfo), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user_account(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<AccountInfo>> {
    require_admin(&user)?;
    Ok(Json(app.store.account(&user.0.ctx(), id).await?))
}

/// Disables an account: all its sessions and API tokens end at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", params(("id" = i64, Path, description = "account id")),
    request_body = DisableRequest,
    responses((status = 200, body = SessionsEnded), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn disable_user(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(req): Json<DisableRequest>,
) -> ApiResult<Json<SessionsEnded>> {
    let n = app
        .store
        .set_user_active(&user.0.ctx(), id, false, &req.reason)
        .await?;
    Ok(Json(SessionsEnded { sessions_ended: n }))
}

/// Enables an account again.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", params(("id" = i64, Path, description = "account id")),
    responses((status = 204, description = "enabled"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn enable_user(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    app.store
        .set_user_active(&user.0.ctx(), id, true, "")
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Resets a password: returns a one-time password the user must change at the next sign-in.
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-password", params(("id" = i64, Path, description = "account id")),
    responses((status = 200, body = PasswordReset), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reset_password(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<PasswordReset>> {
    let one_time_password = app.store.reset_password(&user.0.ctx(), id).await?;
    Ok(Json(PasswordReset { one_time_password }))
}

/// Removes an account's second factor (a lost phone); its sessions end.
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-second-factor", params(("id" = i64, Path, description = "account id")),
    responses((status = 204, description = "removed"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reset_second_factor(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    app.store.reset_second_factor(&user.0.ctx(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An account's open sessions and API tokens (administrators).
#[utoipa::path(get, path = "/api/v1/users/{id}/sessions", params(("id" = i64, Path, description = "account id")),
    responses((status = 200, body = Vec<SessionInfo>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user_sessions(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<SessionInfo>>> {
    require_admin(&user)?;
    Ok(Json(app.store.sessions_of(&user.0.ctx(), id).await?))
}

/// Ends every session and API token of an account (administrators).
#[utoipa::path(post, path = "/api/v1/users/{id}/sessions/end", params(("id" = i64, Path, description = "account id")),
    responses((status = 200, body = SessionsEnded), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn end_user_sessions(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<SessionsEnded>> {
    require_admin(&user)?;
    let keep = (id == user.0.session.actor.user_id).then(|| user.0.session.id.clone());
    let n = app
        .store
        .end_sessions(&user.0.ctx(), id, None, keep.as_deref())
        .await?;
    Ok(Json(SessionsEnded { sessions_ended: n }))
}
