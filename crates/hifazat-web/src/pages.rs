//! HTML pages: login, the start page, monitoring, the audit trail and accounts (the case
//! pages are in [`crate::pages_cases`]).

use crate::auth::{ClientIp, CsrfForm, WebUser, SESSION_COOKIE};
use crate::error::PageError;
use crate::forms::*;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use hifazat_domain::reference::{self, District};
use hifazat_domain::{Action, FieldErrors, Jurisdiction};
use hifazat_store::admin::users::LoginError;
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// Renders a template as a page.
pub(crate) fn html<T: Template>(t: T) -> PageResult {
    Ok(Html(t.render()?).into_response())
}

/// Renders a page that holds a form: 200 when `valid`, else 422 (its errors are shown).
pub(crate) fn form_page<T: Template>(valid: bool, t: T) -> PageResult {
    let status = if valid {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(t.render()?)).into_response())
}

/// The form → validate → 422 flow every form page follows, in one place: `outcome` is what
/// the store made of the submission (validation included: `?` turns a form's own
/// `FieldErrors` into `StoreError::Invalid`). Success redirects to `next(value)` (the page
/// that confirms it, post/redirect/get); invalid input shows the form again, as typed, with a
/// message per field and status 422 (`again` builds it from the errors); anything else is the
/// error page.
pub(crate) async fn submitted<T, P, Fut>(
    outcome: Result<T, StoreError>,
    next: impl FnOnce(T) -> String,
    again: impl FnOnce(FieldErrors) -> Fut,
) -> PageResult
where
    P: Template,
    Fut: std::future::Future<Output = Result<P, PageError>>,
{
    match outcome {
        Ok(value) => Ok(Redirect::to(&next(value)).into_response()),
        Err(StoreError::Invalid(errors)) => form_page(false, again(errors).await?),
        Err(e) => Err(e.into()),
    }
}

/// What every signed-in page shows around its content.
pub struct Chrome {
    /// The translator of the page (its language, numbers, dates).
    pub tr: crate::i18n::Tr,
    /// The path of the page (the navigation marks where one is).
    pub path: String,
    /// Display name.
    pub name: String,
    /// Login name.
    pub username: String,
    /// Jurisdiction label.
    pub jurisdiction: String,
    /// Roles, as labels.
    pub roles: String,
    /// CSRF token for the page's forms.
    pub csrf: String,
    /// May see cases.
    pub cases: bool,
    /// May search the person index.
    pub persons: bool,
    /// May register cases.
    pub edit: bool,
    /// May see monitoring.
    pub monitoring: bool,
    /// May see statistics.
    pub statistics: bool,
    /// May read the audit trail.
    pub audit: bool,
    /// May manage accounts.
    pub admin: bool,
    /// Handles victim protection.
    pub protect: bool,
    /// Works for a service provider.
    pub provide: bool,
    /// Sees the protection dashboard.
    pub protection: bool,
    /// Receives threat alerts (acknowledges threats reported against victims and witnesses).
    pub threats: bool,
    /// Handles the front door: records helpline calls or triages reports.
    pub intake: bool,
    /// Screens travellers.
    pub screen: bool,
    /// Sees the watchlists.
    pub watchlists: bool,
    /// Sees the register of recruitment agents.
    pub agents: bool,
    /// Works with returnees (deportees, off-loaded passengers).
    pub returnees: bool,
    /// Sees the routes (readers of cases or of returnees).
    pub routes: bool,
    /// Sees interceptions at borders (their totals at least).
    pub interceptions: bool,
}

impl Chrome {
    /// The chrome for a signed-in user.
    pub fn of(u: &WebUser) -> Chrome {
        let a = &u.session.actor;
        let tr = crate::i18n::Tr(u.lang);
        Chrome {
            tr,
            path: u.path.clone(),
            name: u.session.display_name.clone(),
            username: a.username.clone(),
            jurisdiction: tr.jurisdiction(a.jurisdiction.to_code()),
            roles: a
                .roles
                .iter()
                .map(|r| tr.role(r))
                .collect::<Vec<_>>()
                .join(match u.lang {
                    crate::i18n::Lang::En => ", ",
                    crate::i18n::Lang::Ur => "، ",
                }),
            csrf: u.session.csrf_token.clone(),
            cases: a.may(Action::ViewCases),
            persons: a.may(Action::SearchPersons),
            edit: a.may(Action::EditCases),
            monitoring: a.may(Action::ViewMonitoring),
            statistics: a.may(Action::ViewStatistics),
            audit: a.may(Action::ViewAudit),
            admin: a.may(Action::ManageUsers),
            protect: a.may(Action::Protect),
            provide: a.may(Action::ProvideServices),
            protection: a.may(Action::ViewProtection),
            threats: hifazat_store::cases::witnesses::receives_threat_alerts(a),
            intake: a.may(Action::RecordIntake) || a.may(Action::TriageIntake),
            screen: a.may(Action::Screen),
            watchlists: a.may(Action::ViewWatchlists),
            agents: a.may(Action::ViewAgents),
            returnees: a.may(Action::Returnees),
            routes: a.may(Action::ViewCases) || a.may(Action::Returnees),
            interceptions: a.may(Action::ViewInterceptions),
        }
    }
}

impl Chrome {
    /// The page's language.
    pub fn lang(&self) -> crate::i18n::Lang {
        self.tr.lang()
    }

    /// `aria-current="page"` for the navigation link whose section the page is in.
    pub fn current(&self, section: &str) -> &'static str {
        let here = self.path == section
            || (section != "/" && self.path.starts_with(section) && {
                let rest = &self.path[section.len()..];
                rest.starts_with('/') || rest.starts_with('?')
            });
        if here {
            "aria-current=\"page\""
        } else {
            ""
        }
    }

    /// Where the language switch goes from this page.
    pub fn switch_href(&self) -> String {
        format!(
            "/language?to={}&back={}",
            self.lang().other().code(),
            crate::auth::encode_next(&self.path)
        )
    }
}

/// Districts the user may choose (their jurisdiction's).
pub(crate) fn districts_for(j: &Jurisdiction) -> Vec<&'static District> {
    let mut v: Vec<_> = reference::districts()
        .iter()
        .filter(|d| j.covers(&d.province_code, &d.code))
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// All districts, by name.
pub(crate) fn all_districts() -> Vec<&'static District> {
    let mut v: Vec<_> = reference::districts().iter().collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// `/`: the user's start page.
pub async fn home(user: WebUser) -> Redirect {
    let a = &user.session.actor;
    if a.may(Action::ViewMonitoring) && !a.may(Action::EditCases)
        || a.has_any(&[
            hifazat_domain::UserRole::Supervisor,
            hifazat_domain::UserRole::NationalCoordinator,
        ])
    {
        Redirect::to("/monitoring")
    } else if a.may(Action::ViewCases) {
        Redirect::to("/work")
    } else if a.may(Action::RecordIntake) {
        Redirect::to("/intake")
    } else if a.may(Action::Screen) {
        Redirect::to("/screening")
    } else if a.may(Action::Protect) {
        Redirect::to("/protection")
    } else if a.may(Action::ProvideServices) {
        Redirect::to("/referrals")
    } else if a.may(Action::ViewAgents) {
        Redirect::to("/agents")
    } else if a.may(Action::ViewAudit) {
        Redirect::to("/audit")
    } else if a.may(Action::ManageUsers) {
        Redirect::to("/admin/users")
    } else {
        Redirect::to("/account")
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    tr: crate::i18n::Tr,
    error: Option<String>,
    username: String,
    next: String,
    demo: bool,
}

/// Query of the login page.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

impl NextQuery {
    /// The page asked for.
    pub fn next(&self) -> &str {
        &self.next
    }
}

/// Where to go after signing in: only a path on this site. Browsers drop tabs and newlines
/// from addresses and read `\` as `/`, so `/\t/evil.example` would become `//evil.example`:
/// anything but a plain path (letters, digits and URL punctuation, one leading `/`) goes to `/`.
pub(crate) fn safe_next(next: &str) -> String {
    let plain = next
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-._~%!$&'()*+,;=:@?#".contains(&b));
    let b = next.as_bytes();
    if plain && b.first() == Some(&b'/') && b.get(1) != Some(&b'/') {
        next.to_owned()
    } else {
        "/".into()
    }
}

/// `GET /login`.
pub async fn login_page(
    State(app): State<AppState>,
    tr: crate::i18n::Tr,
    Query(q): Query<NextQuery>,
) -> PageResult {
    html(LoginPage {
        tr,
        error: None,
        username: String::new(),
        next: safe_next(&q.next),
        demo: app.demo,
    })
}

/// `POST /login`: opens a session and sets the cookie.
pub async fn login(
    State(app): State<AppState>,
    ip: ClientIp,
    tr: crate::i18n::Tr,
    jar: CookieJar,
    axum_extra::extract::Form(f): axum_extra::extract::Form<LoginForm>,
) -> Result<Response, PageError> {
    let ip = ip.0.unwrap_or_else(|| "unknown".into());
    let fail = |status: StatusCode, msg: String| -> PageResult {
        let page = LoginPage {
            tr,
            error: Some(msg),
            username: f.username.clone(),
            next: safe_next(&f.next),
            demo: app.demo,
        };
        Ok((status, Html(page.render()?)).into_response())
    };
    match app
        .store
        .login(f.username.trim(), &f.password, &ip, "web", None)
        .await
    {
        Ok(ok) => {
            let to = if ok.second_factor_pending {
                format!(
                    "/login/second-factor?next={}",
                    crate::auth::encode_next(&safe_next(&f.next))
                )
            } else {
                safe_next(&f.next)
            };
            Ok((jar.add(session_cookie(&app, ok.token)), Redirect::to(&to)).into_response())
        }
        Err(LoginError::Wrong) => fail(StatusCode::UNAUTHORIZED, tr.t("login-wrong")),
        Err(LoginError::Disabled) => fail(StatusCode::FORBIDDEN, tr.t("login-disabled")),
        Err(LoginError::Throttled(wait)) => fail(
            StatusCode::TOO_MANY_REQUESTS,
            tr.s1(
                "login-throttled",
                "wait",
                crate::pages_account::wait_words(tr, wait),
            ),
        ),
        Err(LoginError::Store(e)) => Err(e.into()),
        Err(_) => fail(StatusCode::UNAUTHORIZED, tr.t("login-wrong")),
    }
}

/// The session cookie: HttpOnly, SameSite=Strict, Secure behind HTTPS.
pub(crate) fn session_cookie(app: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(app.secure_cookies)
        .path("/")
        .build()
}

/// `POST /logout`.
pub async fn logout(
    State(app): State<AppState>,
    jar: CookieJar,
    form: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    if let Some(c) = jar.get(SESSION_COOKIE) {
        app.store.logout(c.value(), form.user.ip.as_deref()).await?;
    }
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        Redirect::to("/login"),
    )
        .into_response())
}

/// Unknown page.
pub async fn not_found() -> PageError {
    PageError::not_found()
}
