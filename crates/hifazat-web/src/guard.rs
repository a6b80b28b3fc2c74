//! Middleware that applies to every route, so no handler can forget it:
//! * [`reject_nul`]: a NUL byte in the path, the query or the body is refused with 400 before
//!   anything reads it (PostgreSQL cannot store one in text; SQLite would cut the text there);
//! * [`audit_refusals`]: every 403 or 404 answered to a signed-in user on a real route (a record
//!   outside their scope, or no such record: the two are not told apart) is written to the
//!   audit trail with the route and the path (never the query, which may hold search terms);
//! * [`transport_security`]: HSTS when the server runs with `--secure-cookies` behind HTTPS.

use crate::auth::{client_ip, SESSION_COOKIE};
use crate::error::{ApiError, PageError};
use crate::AppState;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

/// The largest body read: a larger one is refused with 413 (JSON for the API) here, and the
/// extractors of GET requests never read a body.
pub const BODY_LIMIT: usize = 2 << 20;

fn refuse(is_api: bool, status: StatusCode, message: &str) -> Response {
    if is_api {
        ApiError::new(status, message).into_response()
    } else {
        PageError(status, message.to_owned()).into_response()
    }
}

fn has_encoded_nul(s: &str) -> bool {
    s.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

fn has_json_nul(b: &[u8]) -> bool {
    b.windows(6).any(|w| {
        w[0] == b'\\' && (w[1] == b'u' || w[1] == b'U') && w[2..].iter().all(|c| *c == b'0')
    })
}

/// Refuses a request with a NUL byte anywhere in its path, query or body (raw, `%00`, or
/// `\u0000` in JSON).
pub async fn reject_nul(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let bad = NUL_MESSAGE;
    if has_encoded_nul(req.uri().path()) || req.uri().query().is_some_and(has_encoded_nul) {
        return refuse(is_api, StatusCode::BAD_REQUEST, bad);
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    // A file upload carries binary files, in which NUL bytes are ordinary: its route's own
    // limit (`DefaultBodyLimit`) bounds it, and its handler refuses NUL in the text fields
    // ([`nul_free`]).
    if content_type.starts_with("multipart/form-data") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return refuse(
                is_api,
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request is too large (at most 2 MiB).",
            )
        }
    };
    let nul = bytes.contains(&0)
        || (content_type.contains("json") && has_json_nul(&bytes))
        || (content_type.contains("x-www-form-urlencoded")
            && std::str::from_utf8(&bytes).is_ok_and(has_encoded_nul));
    if nul {
        return refuse(is_api, StatusCode::BAD_REQUEST, bad);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// False when a text field of a multipart form holds a NUL character (the guard lets file
/// uploads through unread: their handlers check their text fields with this).
pub fn nul_free(s: &str) -> bool {
    !s.contains('\0')
}

/// The message for a NUL character in a field.
pub const NUL_MESSAGE: &str = "A NUL character (code 0) is not allowed in any field.";

/// Writes refused requests of signed-in users to the audit trail.
pub async fn audit_refusals(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let (parts, body) = req.into_parts();
    let ip = client_ip(&parts, &app.trusted_proxies);
    let token = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .or_else(|| {
            CookieJar::from_headers(&parts.headers)
                .get(SESSION_COOKIE)
                .map(|c| c.value().to_owned())
        });
    let resp = next.run(Request::from_parts(parts, body)).await;
    let status = resp.status();
    if let (Some(route), Some(token), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) =
        (route, token, status)
    {
        if let Ok(Some(session)) = app.store.session(&token).await {
            let ctx = hifazat_store::Ctx {
                actor: session.actor,
                ip,
            };
            if let Err(e) = app
                .store
                .record_refusal(&ctx, &format!("{method} {route}"), &path, status.as_u16())
                .await
            {
                tracing::error!(error = %e, "refusal not audited");
            }
        }
    }
    resp
}

/// Adds `Strict-Transport-Security` when cookies are marked Secure (the server is behind HTTPS).
pub async fn transport_security(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    if app.secure_cookies {
        resp.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    resp
}

/// Gives every API error a JSON body `{"error": …}`: rejections made before a handler runs
/// (malformed JSON 400, wrong content type 415, unreadable fields 422, wrong method 405, too
/// large 413) come from axum as plain text; clients and the OpenAPI document expect JSON.
pub async fn api_json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let mut out = ApiError::new(status, message).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nul_in_its_encodings() {
        assert!(has_encoded_nul("q=a%00b"));
        assert!(!has_encoded_nul("q=a%20b"));
        assert!(has_json_nul(br#"{"a":"x\u0000"}"#));
        assert!(has_json_nul(br#"{"a":"x\U0000"}"#));
        assert!(!has_json_nul(br#"{"a":"x\u0041"}"#));
    }
}
