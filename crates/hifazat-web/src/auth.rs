//! Who is asking: browser sessions (an HttpOnly, SameSite=Strict cookie) for pages, bearer
//! tokens for the API, the client address for the audit trail, and CSRF checks for forms.
//!
//! Pages take [`WebUser`]; state-changing form posts take [`CsrfForm`], which refuses a post
//! whose `csrf` field does not match the session's token before the handler runs. On top of
//! that, [`same_origin_only`] refuses cross-site unsafe requests to any page route.
//!
//! A session that is not complete opens one page only: the second-factor page while the code
//! is awaited, the password page when the password must be changed, the set-up page when the
//! role needs a second factor that is not enrolled. [`WebUser`] sends every other request there,
//! so no handler can forget the check.
//!
//! The client address is the peer's, unless the peer is a `--trusted-proxy`: then it is the
//! last address in `X-Forwarded-For` that is not itself a trusted proxy.

use crate::error::{ApiError, PageError};
use crate::AppState;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use hifazat_store::admin::users::Session;
use hifazat_store::{Ctx, Scoped, Store};
use serde::de::DeserializeOwned;
use std::net::IpAddr;
use std::net::SocketAddr;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "hifazat_session";

/// The client's address, when known.
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

/// The client's address for a request: the peer, or, when the peer is a trusted proxy, the
/// nearest untrusted address in `X-Forwarded-For` (read from the right, as each proxy appends).
pub fn client_ip(parts: &Parts, trusted: &[IpAddr]) -> Option<String> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())?;
    if !trusted.contains(&peer) {
        return Some(peer.to_string());
    }
    let forwarded: Vec<IpAddr> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .collect();
    let client = forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .or(forwarded.first())
        .copied()
        .unwrap_or(peer);
    Some(client.to_string())
}

impl<S> FromRequestParts<S> for ClientIp
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        Ok(ClientIp(client_ip(parts, &app.trusted_proxies)))
    }
}

/// A signed-in browser user.
#[derive(Debug, Clone)]
pub struct WebUser {
    /// The session.
    pub session: Session,
    /// Client address.
    pub ip: Option<String>,
    /// The language of the interface for this request.
    pub lang: crate::i18n::Lang,
    /// The path asked for (to mark the current page in the navigation).
    pub path: String,
}

impl WebUser {
    /// The request context for the store.
    pub fn ctx(&self) -> Ctx {
        Ctx {
            actor: self.session.actor.clone(),
            ip: self.ip.clone(),
        }
    }

    /// Case data as this user may see it.
    pub fn scoped<'s>(&self, store: &'s Store) -> Scoped<'s> {
        store.scoped(self.ctx())
    }
}

/// Where a browser without a usable session is sent: the login page (with the page it asked
/// for), or the one page an incomplete session may open.
#[derive(Debug)]
pub struct ToLogin(String);

impl ToLogin {
    fn login(next: &str) -> ToLogin {
        ToLogin(format!("/login?next={}", encode_next(next)))
    }
}

impl IntoResponse for ToLogin {
    fn into_response(self) -> Response {
        Redirect::to(&self.0).into_response()
    }
}

/// The pages an incomplete session may open, and where it is sent otherwise.
fn gate(s: &Session, path: &str) -> Result<(), ToLogin> {
    if path == "/logout" {
        return Ok(());
    }
    let only = |allowed: &str| {
        if path == allowed || path.starts_with(&format!("{allowed}/")) {
            Ok(())
        } else {
            Err(ToLogin(allowed.to_owned()))
        }
    };
    if s.second_factor_pending {
        only("/login/second-factor")
    } else if s.must_change_password {
        only("/account/password")
    } else if s.must_enrol_second_factor {
        only("/account/second-factor")
    } else {
        Ok(())
    }
}

pub(crate) fn encode_next(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl<S> FromRequestParts<S> for WebUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ToLogin;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let ip = client_ip(parts, &app.trusted_proxies);
        let jar = CookieJar::from_headers(&parts.headers);
        let next = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
            return Err(ToLogin::login(&next));
        };
        match app.store.session(&token).await {
            Ok(Some(session)) if session.kind == "web" => {
                gate(&session, parts.uri.path())?;
                Ok(WebUser {
                    session,
                    ip,
                    lang: crate::i18n::Lang::of_request(&parts.headers),
                    path: parts.uri.path().to_owned(),
                })
            }
            _ => Err(ToLogin::login(&next)),
        }
    }
}

/// A user signed in with an API bearer token.
#[derive(Debug, Clone)]
pub struct ApiUser(pub WebUser);

impl ApiUser {
    /// Case data as this user may see it.
    pub fn scoped<'s>(&self, store: &'s Store) -> Scoped<'s> {
        self.0.scoped(store)
    }
}

impl<S> FromRequestParts<S> for ApiUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let ip = client_ip(parts, &app.trusted_proxies);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(ApiError::unauthorized)?;
        match app.store.session(token.trim()).await {
            Ok(Some(session)) if session.kind == "api" => {
                if session.must_enrol_second_factor || session.must_change_password {
                    return Err(ApiError::forbidden(
                        "this account must change its password or enrol a second factor in the web interface first",
                    ));
                }
                Ok(ApiUser(WebUser {
                    session,
                    ip,
                    lang: crate::i18n::Lang::En,
                    path: parts.uri.path().to_owned(),
                }))
            }
            _ => Err(ApiError::unauthorized()),
        }
    }
}

/// A form posted by a signed-in user, accepted only with the session's CSRF token in its
/// `csrf` field. Repeated keys (checkbox lists) become `Vec`s.
#[derive(Debug)]
pub struct CsrfForm<T> {
    /// Who posted.
    pub user: WebUser,
    /// The form.
    pub form: T,
}

/// Why a form post was refused before its handler ran.
#[derive(Debug)]
pub enum FormRejection {
    /// Not signed in.
    Login(ToLogin),
    /// Missing or wrong CSRF token, or an unreadable body.
    Bad(PageError),
}

impl IntoResponse for FormRejection {
    fn into_response(self) -> Response {
        match self {
            FormRejection::Login(l) => l.into_response(),
            FormRejection::Bad(e) => e.into_response(),
        }
    }
}

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = FormRejection;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let user = WebUser::from_request_parts(&mut parts, state)
            .await
            .map_err(FormRejection::Login)?;
        let bytes = axum::body::to_bytes(body, 1 << 20).await.map_err(|_| {
            FormRejection::Bad(PageError(
                StatusCode::PAYLOAD_TOO_LARGE,
                "The form is too large.".into(),
            ))
        })?;
        let pairs: Vec<(String, String)> = serde_html_form::from_bytes(&bytes).unwrap_or_default();
        let sent = pairs
            .iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        if !hifazat_vault::constant_time_eq(sent, &user.session.csrf_token) {
            return Err(FormRejection::Bad(PageError(
                StatusCode::FORBIDDEN,
                "This form has expired or did not come from Hifazat. Go back, reload the page and try again.".into(),
            )));
        }
        let form = serde_html_form::from_bytes(&bytes).map_err(|e| {
            FormRejection::Bad(PageError(
                StatusCode::BAD_REQUEST,
                format!("The form could not be read: {e}"),
            ))
        })?;
        Ok(CsrfForm { user, form })
    }
}

/// Refuses unsafe (non-GET) requests to page routes that a browser marks as cross-site.
pub async fn same_origin_only(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let is_api = req.uri().path().starts_with("/api/");
    if unsafe_method && !is_api {
        let site = req
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok());
        if matches!(site, Some("cross-site") | Some("same-site")) {
            return PageError(
                StatusCode::FORBIDDEN,
                "Cross-site form posts are refused.".into(),
            )
            .into_response();
        }
    }
    next.run(req).await
}
