//! Watchlists and screening API: the Red Book and blacklists, one-traveller screening for
//! immigration counters, list screening, and the alert queue with officers' decisions.

use crate::api::Created;
use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use hifazat_domain::screening::{
    AlertDecision, EntryReview, NewWatchlistEntry, ScreenRequest, WatchlistKind,
};
use hifazat_store::screening::*;
use serde::{Deserialize, Serialize};

type ApiResult<T> = Result<T, ApiError>;

/// Which list.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this list.
    pub list: Option<WatchlistKind>,
    /// Only the entries due for review (their review date has come, or they have expired).
    pub due: Option<bool>,
    /// Page, from 1.
    pub page: Option<i64>,
    /// Entries a page (default 50, at most 500).
    pub per_page: Option<i64>,
}

/// A page of watchlist entries.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WatchlistList {
    /// This page's entries.
    pub items: Vec<WatchlistEntry>,
    /// Entries matching, all pages.
    pub total: i64,
}

/// A page of the alert queue, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertList {
    /// This page's alerts.
    pub items: Vec<ScreeningAlert>,
    /// Alerts matching, all pages.
    pub total: i64,
}

/// Which alerts.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// Only this status.
    pub status: Option<AlertDecision>,
    /// Page, from 1.
    pub page: Option<i64>,
    /// Alerts a page (default 50, at most 500).
    pub per_page: Option<i64>,
}

/// Where a list comes from.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BatchQuery {
    /// A name for the list (flight, date, "deportees 2026-11-23").
    pub source: Option<String>,
}

/// Active watchlist entries.
#[utoipa::path(get, path = "/api/v1/watchlist", params(ListQuery), responses((status = 200, body = WatchlistList), (status = 403, body = ErrorBody)))]
pub async fn watchlist(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<WatchlistList>> {
    let (items, total) = user
        .scoped(&app.store)
        .watchlist_page(&WatchlistFilter {
            list: q.list,
            zone: None,
            due: q.due.unwrap_or(false),
            page: q.page,
            per_page: q.per_page,
        })
        .await?;
    Ok(Json(WatchlistList { items, total }))
}

/// Adds a watchlist entry; screening uses it at once.
#[utoipa::path(post, path = "/api/v1/watchlist", request_body = NewWatchlistEntry, responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_entry(
    State(app): State<AppState>,
    user: ApiUser,
    Json(n): Json<NewWatchlistEntry>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: user.scoped(&app.store).add_watchlist_entry(n).await?,
        }),
    ))
}

/// Removes an entry from screening (kept in the record).
#[utoipa::path(post, path = "/api/v1/watchlist/{id}/remove", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove_entry(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).remove_watchlist_entry(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A watchlist entry with its reviews.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WatchlistEntryDetail {
    /// The entry (its dates, and why it is listed).
    pub entry: WatchlistEntry,
    /// Still screened against (not removed).
    pub active: bool,
    /// Its reviews, oldest first.
    pub reviews: Vec<WatchlistReview>,
}

/// One watchlist entry, active or removed, with its reviews.
#[utoipa::path(get, path = "/api/v1/watchlist/{id}", params(("id" = i64, Path)), responses((status = 200, body = WatchlistEntryDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn entry(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<WatchlistEntryDetail>> {
    let s = user.scoped(&app.store);
    let (entry, active) = s.watchlist_entry(id).await?;
    Ok(Json(WatchlistEntryDetail {
        entry,
        active,
        reviews: s.watchlist_reviews(id).await?,
    }))
}

/// Reviews an active entry: keep it to a new review date, extend its expiry, or remove it,
/// with the reason (kept in its history).
#[utoipa::path(post, path = "/api/v1/watchlist/{id}/review", params(("id" = i64, Path)), request_body = EntryReview, responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review_entry(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(r): Json<EntryReview>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).review_entry(id, r).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Screens one traveller against the live watchlists (immigration counters).
#[utoipa::path(post, path = "/api/v1/screen", request_body = ScreenRequest, responses((status = 200, description = "alerts raised; empty when clear", body = ScreenResult), (status = 422, body = ErrorBody)))]
pub async fn screen(
    State(app): State<AppState>,
    user: ApiUser,
    Json(r): Json<ScreenRequest>,
) -> ApiResult<Json<ScreenResult>> {
    Ok(Json(user.scoped(&app.store).screen(r, "counter").await?))
}

/// Screens a passenger, off-loadee or deportee list sent as CSV
/// (`id,full_name,father_name,date_of_birth,cnic,passport,nationality[,exit_point]`).
#[utoipa::path(post, path = "/api/v1/screen/batch", params(BatchQuery), request_body(content = String, content_type = "text/csv"), responses((status = 200, body = BatchReport), (status = 422, body = ErrorBody)))]
pub async fn screen_batch(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<BatchQuery>,
    body: String,
) -> ApiResult<Json<BatchReport>> {
    let source = q
        .source
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "batch".into());
    Ok(Json(
        user.scoped(&app.store).screen_batch(&body, &source).await?,
    ))
}

/// The alert queue.
#[utoipa::path(get, path = "/api/v1/alerts", params(AlertQuery), responses((status = 200, body = AlertList), (status = 403, body = ErrorBody)))]
pub async fn alerts(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<AlertQuery>,
) -> ApiResult<Json<AlertList>> {
    let (items, total) = user
        .scoped(&app.store)
        .alerts_page(q.status, q.page, q.per_page)
        .await?;
    Ok(Json(AlertList { items, total }))
}

/// Decisions so far (for measuring the matcher).
#[utoipa::path(get, path = "/api/v1/alerts/stats", responses((status = 200, body = AlertStats)))]
pub async fn alert_stats(
    State(app): State<AppState>,
    user: ApiUser,
) -> ApiResult<Json<AlertStats>> {
    Ok(Json(user.scoped(&app.store).alert_stats().await?))
}

/// Records a decision on a pending alert.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/decision", params(("id" = i64, Path)), request_body = Decision, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(d): Json<Decision>,
) -> ApiResult<StatusCode> {
    user.scoped(&app.store).decide(id, d).await?;
    Ok(StatusCode::NO_CONTENT)
}
