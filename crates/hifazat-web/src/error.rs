//! One error type for handlers: JSON for the API, an HTML page for browsers. Store errors map
//! to statuses (404 for anything outside one's jurisdiction, 422 with a message per field for
//! bad input); unexpected errors are logged and shown as a plain 500 without internals.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use hifazat_domain::FieldErrors;
use hifazat_store::StoreError;
use serde::Serialize;

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in words.
    pub error: String,
    /// Messages per field, for 422.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub fields: Option<FieldErrors>,
}

/// An error in an API handler.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub ErrorBody);

impl ApiError {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError(
            status,
            ErrorBody {
                error: message.into(),
                fields: None,
            },
        )
    }

    /// 403 with a reason.
    pub fn forbidden(why: &str) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, format!("not allowed: {why}"))
    }

    /// 401: no or bad token.
    pub fn unauthorized() -> Self {
        ApiError(
            StatusCode::UNAUTHORIZED,
            ErrorBody {
                error: "sign in first: send 'Authorization: Bearer TOKEN' from /api/v1/auth/login"
                    .into(),
                fields: None,
            },
        )
    }
}

fn status_of(e: &StoreError) -> (StatusCode, String) {
    match e {
        StoreError::NotFound => (StatusCode::NOT_FOUND, "not found".into()),
        StoreError::Forbidden(why) => (StatusCode::FORBIDDEN, format!("not allowed: {why}")),
        StoreError::Invalid(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "some fields are not valid".into(),
        ),
        StoreError::Throttled => (StatusCode::TOO_MANY_REQUESTS, e.to_string()),
        other => {
            tracing::error!(error = %other, "request failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error; it has been logged".into(),
            )
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let (status, error) = status_of(&e);
        let fields = match e {
            StoreError::Invalid(f) => Some(f),
            _ => None,
        };
        ApiError(status, ErrorBody { error, fields })
    }
}

impl From<FieldErrors> for ApiError {
    fn from(f: FieldErrors) -> Self {
        StoreError::Invalid(f).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    tr: crate::i18n::Tr,
    status: u16,
    title: String,
    message: String,
}

/// An error in a page handler, shown as a page.
#[derive(Debug)]
pub struct PageError(pub StatusCode, pub String);

impl PageError {
    /// 404.
    pub fn not_found() -> Self {
        PageError(
            StatusCode::NOT_FOUND,
            "There is no such page, or it is outside your jurisdiction.".into(),
        )
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        let (status, msg) = status_of(&e);
        // Messages a person reads (translated on the page): the reason itself, not the API's
        // "not allowed: …" wording.
        let msg = match e {
            StoreError::NotFound => {
                "There is no such record, or it is outside your jurisdiction.".into()
            }
            StoreError::Forbidden(why) => why.to_owned(),
            StoreError::Invalid(f) => f.to_string(),
            _ if status.is_server_error() => {
                "Something went wrong on our side; it has been logged. Try again, or tell your administrator.".into()
            }
            _ => msg,
        };
        PageError(status, msg)
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        tracing::error!(error = %e, "template failed");
        PageError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side; it has been logged. Try again, or tell your administrator.".into(),
        )
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let tr = crate::i18n::Tr(crate::i18n::current());
        let title = match self.0 {
            StatusCode::NOT_FOUND => tr.t("error-not-found-title"),
            StatusCode::FORBIDDEN => tr.t("error-forbidden-title"),
            StatusCode::TOO_MANY_REQUESTS => tr.t("error-too-many-title"),
            StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE => {
                tr.t("error-bad-request-title")
            }
            s if s.is_server_error() => tr.t("error-server-title"),
            s => s.canonical_reason().unwrap_or("Error").to_owned(),
        };
        let page = ErrorPage {
            status: self.0.as_u16(),
            title,
            message: tr.msg(&self.1),
            tr,
        };
        match page.render() {
            Ok(html) => (self.0, Html(html)).into_response(),
            Err(_) => (self.0, page.message).into_response(),
        }
    }
}
