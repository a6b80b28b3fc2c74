//! The administration API: agencies, the service-provider directory and its CSV import, and
//! staff accounts' roles and jurisdictions. Administrators only: the store refuses everyone
//! else (403), and every change is validated (422 with a message per field, nothing written)
//! and audited with the previous values.

use crate::auth::ApiUser;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use hifazat_store::admin::{
    AgencyDetail, AgencyFilter, AgencyInput, AgencyList, ImportReport, ProviderInput, UserDetail,
    UserUpdate,
};

type ApiResult<T> = Result<T, ApiError>;

/// Agencies by name, a page at a time, with the number matching.
#[utoipa::path(get, path = "/api/v1/agencies", params(AgencyFilter),
    responses((status = 200, body = AgencyList), (status = 403, body = ErrorBody)))]
pub async fn list_agencies(
    State(app): State<AppState>,
    user: ApiUser,
    Query(f): Query<AgencyFilter>,
) -> ApiResult<Json<AgencyList>> {
    Ok(Json(app.store.admin(&user.0.ctx())?.agencies(&f).await?))
}

/// Creates an agency (audited).
#[utoipa::path(post, path = "/api/v1/agencies", request_body = AgencyInput,
    responses((status = 201, body = AgencyDetail), (status = 403, body = ErrorBody),
        (status = 422, description = "a message per field; nothing written", body = ErrorBody)))]
pub async fn create_agency(
    State(app): State<AppState>,
    user: ApiUser,
    Json(a): Json<AgencyInput>,
) -> ApiResult<(StatusCode, Json<AgencyDetail>)> {
    let admin = app.store.admin(&user.0.ctx())?;
    let id = admin.create_agency(a).await?;
    Ok((StatusCode::CREATED, Json(admin.agency(id).await?)))
}

/// One agency with its entry in the service directory.
#[utoipa::path(get, path = "/api/v1/agencies/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = AgencyDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_agency(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<AgencyDetail>> {
    Ok(Json(app.store.admin(&user.0.ctx())?.agency(id).await?))
}

/// Changes an agency's name, kind, province, district and parent (audited with the previous
/// values). Send every field.
#[utoipa::path(put, path = "/api/v1/agencies/{id}", params(("id" = i64, Path)), request_body = AgencyInput,
    responses((status = 200, body = AgencyDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "a message per field; nothing written", body = ErrorBody)))]
pub async fn update_agency(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(a): Json<AgencyInput>,
) -> ApiResult<Json<AgencyDetail>> {
    let admin = app.store.admin(&user.0.ctx())?;
    admin.update_agency(id, a).await?;
    Ok(Json(admin.agency(id).await?))
}

/// Puts the agency in the service directory, or changes its entry: services, groups accepted,
/// languages, beds, phone and the districts it serves besides its own (audited with the
/// previous values).
#[utoipa::path(put, path = "/api/v1/agencies/{id}/provider", params(("id" = i64, Path)), request_body = ProviderInput,
    responses((status = 200, body = AgencyDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "a message per field; nothing written", body = ErrorBody)))]
pub async fn set_provider(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(p): Json<ProviderInput>,
) -> ApiResult<Json<AgencyDetail>> {
    let admin = app.store.admin(&user.0.ctx())?;
    admin.set_provider(id, p).await?;
    Ok(Json(admin.agency(id).await?))
}

/// Imports a service directory from CSV (`agency,kind,province,district,services,accepts,
/// languages,capacity,phone,districts_served`; lists separated by `;`). Good rows are kept,
/// each refused row is reported by line, field and message; agencies are matched by name, so
/// importing a file again updates. 422 (field `csv`) when the file itself is unusable.
#[utoipa::path(post, path = "/api/v1/providers/import", request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_directory(
    State(app): State<AppState>,
    user: ApiUser,
    body: String,
) -> ApiResult<Json<ImportReport>> {
    Ok(Json(
        app.store
            .admin(&user.0.ctx())?
            .import_directory(body)
            .await?,
    ))
}

/// One staff account.
#[utoipa::path(get, path = "/api/v1/users/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = UserDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_user(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<UserDetail>> {
    Ok(Json(app.store.admin(&user.0.ctx())?.user(id).await?))
}

/// Changes an account's name, roles, jurisdiction and agency (audited with the previous
/// values); it applies from the account's next request. Send every field.
#[utoipa::path(put, path = "/api/v1/users/{id}", params(("id" = i64, Path)), request_body = UserUpdate,
    responses((status = 200, body = UserDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "a message per field; nothing written", body = ErrorBody)))]
pub async fn update_user(
    State(app): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Json(u): Json<UserUpdate>,
) -> ApiResult<Json<UserDetail>> {
    let admin = app.store.admin(&user.0.ctx())?;
    admin.update_user(id, u).await?;
    Ok(Json(admin.user(id).await?))
}

// The same changes by POST, for clients that cannot send PUT (each with its own operation).

/// Changes an agency (as `PUT /api/v1/agencies/{id}`).
#[utoipa::path(post, path = "/api/v1/agencies/{id}", params(("id" = i64, Path)), request_body = AgencyInput,
    responses((status = 200, body = AgencyDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "a message per field; nothing written", body = ErrorBody)))]
pub async fn update_agency_by_post(
    state: State<AppState>,
    user: ApiUser,
    id: Path<i64>,
    body: Json<AgencyInput>,
) -> ApiResult<Json<AgencyDetail>> {
    update_agency(state, user, id, body).await
}

/// Puts the agency in the directory or changes its entry (as `PUT /api/v1/agencies/{id}/provider`).
#[utoipa::path(post, path = "/api/v1/agencies/{id}/provider", params(("id" = i64, Path)), request_body = ProviderInput,
    responses((status = 200, body = AgencyDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "a message per field; nothing written", body = ErrorBody)))]
pub async fn set_provider_by_post(
    state: State<AppState>,
    user: ApiUser,
    id: Path<i64>,
    body: Json<ProviderInput>,
) -> ApiResult<Json<AgencyDetail>> {
    set_provider(state, user, id, body).await
}

/// Changes an account (as `PUT /api/v1/users/{id}`).
#[utoipa::path(post, path = "/api/v1/users/{id}", params(("id" = i64, Path)), request_body = UserUpdate,
    responses((status = 200, body = UserDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "a message per field; nothing written", body = ErrorBody)))]
pub async fn update_user_by_post(
    state: State<AppState>,
    user: ApiUser,
    id: Path<i64>,
    body: Json<UserUpdate>,
) -> ApiResult<Json<UserDetail>> {
    update_user(state, user, id, body).await
}
