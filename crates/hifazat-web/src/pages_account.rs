//! Pages of one's own account and of an account's security for administrators: the second
//! factor at sign-in, changing one's password, setting up the second factor (a QR code, then
//! recovery codes shown once), open sessions; and, for administrators, disabling and enabling
//! an account, resetting its password or second factor, and ending its sessions.

use crate::auth::{ClientIp, CsrfForm, WebUser, SESSION_COOKIE};
use crate::error::PageError;
use crate::pages::{html, safe_next, session_cookie, submitted, Chrome, NextQuery};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::admin::accounts::{AccountInfo, Enrolment, SessionInfo};
use hifazat_store::admin::users::LoginError;
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// "2 minutes", "45 seconds": a wait in words, in the page's language.
pub fn wait_words(tr: crate::i18n::Tr, seconds: i64) -> String {
    if seconds >= 90 {
        tr.n1("wait-minutes", "count", (seconds + 59) / 60)
    } else {
        tr.n1("wait-seconds", "count", seconds.max(1))
    }
}

/// The QR code of an `otpauth://` address as inline SVG (no image request, no script).
fn qr_svg(data: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(data.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            // Drop the XML declaration: the SVG is inlined into HTML.
            match svg.find("<svg") {
                Some(i) => svg[i..].to_owned(),
                None => svg,
            }
        }
        Err(_) => String::new(),
    }
}

// ---- the second factor at sign-in ----

#[derive(Template)]
#[template(path = "login_second_factor.html")]
struct SecondFactorPage {
    tr: crate::i18n::Tr,
    error: Option<String>,
    next: String,
    csrf: String,
}

/// The code form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CodeForm {
    code: String,
    next: String,
}

/// `GET /login/second-factor`: asks for the code of a session whose password was accepted.
pub async fn second_factor_page(user: WebUser, Query(q): Query<NextQuery>) -> PageResult {
    if !user.session.second_factor_pending {
        return Ok(Redirect::to("/").into_response());
    }
    html(SecondFactorPage {
        tr: crate::i18n::Tr(user.lang),
        error: None,
        next: safe_next(q.next()),
        csrf: user.session.csrf_token.clone(),
    })
}

/// `POST /login/second-factor`: checks the code and replaces the session with a full one.
pub async fn second_factor(
    State(app): State<AppState>,
    ip: ClientIp,
    jar: CookieJar,
    CsrfForm { user, form }: CsrfForm<CodeForm>,
) -> PageResult {
    if !user.session.second_factor_pending {
        return Ok(Redirect::to("/").into_response());
    }
    let token = jar
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let ip = ip.0.unwrap_or_else(|| "unknown".into());
    let tr = crate::i18n::Tr(user.lang);
    let fail = |status: StatusCode, msg: String| -> PageResult {
        let page = SecondFactorPage {
            tr,
            error: Some(msg),
            next: safe_next(&form.next),
            csrf: user.session.csrf_token.clone(),
        };
        Ok((status, Html(page.render()?)).into_response())
    };
    match app
        .store
        .complete_second_factor(&token, &form.code, &ip)
        .await
    {
        Ok(ok) => Ok((
            jar.add(session_cookie(&app, ok.token)),
            Redirect::to(&safe_next(&form.next)),
        )
            .into_response()),
        Err(LoginError::Throttled(wait)) => fail(
            StatusCode::TOO_MANY_REQUESTS,
            tr.s1("second-factor-throttled", "wait", wait_words(tr, wait)),
        ),
        Err(LoginError::Store(e)) => Err(e.into()),
        Err(_) => fail(StatusCode::UNAUTHORIZED, tr.t("second-factor-wrong")),
    }
}

// ---- one's own account ----

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    account: AccountInfo,
    sessions: Vec<SessionInfo>,
    current: String,
    done: String,
}

impl AccountPage {
    fn role_key(&self, r: &hifazat_domain::UserRole) -> String {
        format!("role-{}", r.code())
    }
}

/// What an action did (shown on the page it returns to).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// `GET /account`: who I am, my second factor, my open sessions.
pub async fn account(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let ctx = user.ctx();
    let id = user.session.actor.user_id;
    html(AccountPage {
        chrome: Chrome::of(&user),
        account: app.store.account(&ctx, id).await?,
        sessions: app.store.sessions_of(&ctx, id).await?,
        current: user.session.id.clone(),
        done: done_message(&q.done),
    })
}

/// The message key of what an action on one's account did.
fn done_message(code: &str) -> String {
    match code {
        "password" => "account-done-password",
        "second-factor" => "account-done-second-factor",
        "session" => "account-done-session",
        "sessions" => "account-done-sessions",
        _ => "",
    }
    .to_owned()
}

#[derive(Template)]
#[template(path = "account_password.html")]
struct PasswordPage {
    chrome: Chrome,
    errors: FieldErrors,
    required: bool,
}

/// The password form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

/// `GET /account/password`.
pub async fn password_page(user: WebUser) -> PageResult {
    html(PasswordPage {
        required: user.session.must_change_password,
        chrome: Chrome::of(&user),
        errors: FieldErrors::new(),
    })
}

/// `POST /account/password`: changes one's own password; other sessions end.
pub async fn change_password(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<PasswordForm>,
) -> PageResult {
    let mut errors = FieldErrors::new();
    if form.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    }
    if form.new_password.is_empty() {
        errors.add("new_password", "Enter a new password");
    } else if form.new_password != form.confirm_password {
        errors.add(
            "confirm_password",
            "Enter the same new password twice: the two differ",
        );
    }
    let r = if errors.is_empty() {
        app.store
            .change_password(
                &user.ctx(),
                &form.current_password,
                &form.new_password,
                Some(&user.session.id),
            )
            .await
    } else {
        Err(StoreError::Invalid(errors))
    };
    let next = |()| "/account?done=password".to_owned();
    submitted(r, next, |errors| async {
        Ok(PasswordPage {
            required: user.session.must_change_password,
            chrome: Chrome::of(&user),
            errors,
        })
    })
    .await
}

#[derive(Template)]
#[template(path = "account_second_factor.html")]
struct EnrolPage {
    chrome: Chrome,
    enrolment: Option<Enrolment>,
    qr: String,
    codes: Vec<String>,
    errors: FieldErrors,
    required: bool,
    enabled: bool,
}

async fn enrol_page(
    app: &AppState,
    user: &WebUser,
    errors: FieldErrors,
    codes: Vec<String>,
) -> Result<EnrolPage, PageError> {
    let ctx = user.ctx();
    let enabled = user.session.second_factor_enabled || !codes.is_empty();
    let enrolment = if enabled {
        None
    } else {
        match app.store.pending_second_factor(&ctx).await? {
            Some(e) => Some(e),
            None => Some(app.store.begin_second_factor(&ctx).await?),
        }
    };
    Ok(EnrolPage {
        qr: enrolment
            .as_ref()
            .map(|e| qr_svg(&e.otpauth_url))
            .unwrap_or_default(),
        chrome: Chrome::of(user),
        enrolment,
        codes,
        errors,
        required: user.session.must_enrol_second_factor,
        enabled,
    })
}

/// `GET /account/second-factor`: the QR code to scan (a secret is kept until confirmed).
pub async fn second_factor_setup(State(app): State<AppState>, user: WebUser) -> PageResult {
    html(enrol_page(&app, &user, FieldErrors::new(), Vec::new()).await?)
}

/// `POST /account/second-factor`: confirms with a code; shows the recovery codes once.
pub async fn second_factor_confirm(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<CodeForm>,
) -> PageResult {
    match app
        .store
        .confirm_second_factor(&user.ctx(), &form.code)
        .await
    {
        Ok(codes) => html(enrol_page(&app, &user, FieldErrors::new(), codes).await?),
        Err(StoreError::Invalid(errors)) => {
            let page = enrol_page(&app, &user, errors, Vec::new()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /account/second-factor/recovery-codes`: new recovery codes (the old ones stop working).
pub async fn recovery_codes(
    State(app): State<AppState>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let codes = app.store.renew_recovery_codes(&user.ctx()).await?;
    html(enrol_page(&app, &user, FieldErrors::new(), codes).await?)
}

/// `POST /account/sessions/{id}/end`.
pub async fn end_my_session(
    State(app): State<AppState>,
    Path(sid): Path<String>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let id = user.session.actor.user_id;
    app.store
        .end_sessions(&user.ctx(), id, Some(&sid), Some(&user.session.id))
        .await?;
    Ok(Redirect::to("/account?done=session").into_response())
}

/// `POST /account/sessions/end-others`.
pub async fn end_my_other_sessions(
    State(app): State<AppState>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let id = user.session.actor.user_id;
    app.store
        .end_sessions(&user.ctx(), id, None, Some(&user.session.id))
        .await?;
    Ok(Redirect::to("/account?done=sessions").into_response())
}

// ---- administrators: an account's security ----

#[derive(Template)]
#[template(path = "admin_user_security.html")]
struct SecurityPage {
    chrome: Chrome,
    account: AccountInfo,
    sessions: Vec<SessionInfo>,
    done: String,
    one_time_password: Option<String>,
    errors: FieldErrors,
    is_self: bool,
}

impl SecurityPage {
    fn role_key(&self, r: &hifazat_domain::UserRole) -> String {
        format!("role-{}", r.code())
    }
    fn jurisdiction_label(&self) -> String {
        self.chrome.tr.jurisdiction(&self.account.user.jurisdiction)
    }
}

fn require_admin(user: &WebUser) -> Result<(), PageError> {
    if user.session.actor.may(Action::ManageUsers) {
        Ok(())
    } else {
        Err(StoreError::Forbidden("only administrators manage accounts").into())
    }
}

async fn security_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    done: String,
    one_time_password: Option<String>,
    errors: FieldErrors,
) -> Result<SecurityPage, PageError> {
    require_admin(user)?;
    let ctx = user.ctx();
    Ok(SecurityPage {
        chrome: Chrome::of(user),
        account: app.store.account(&ctx, id).await?,
        sessions: app.store.sessions_of(&ctx, id).await?,
        done,
        one_time_password,
        errors,
        is_self: id == user.session.actor.user_id,
    })
}

/// `GET /admin/users/{id}/security`.
pub async fn user_security(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let done = match q.done.as_str() {
        "disabled" => "sec-done-disabled",
        "enabled" => "sec-done-enabled",
        "second-factor" => "sec-done-second-factor",
        "sessions" => "sec-done-sessions",
        "session" => "sec-done-session",
        _ => "",
    };
    html(security_page(&app, &user, id, done.into(), None, FieldErrors::new()).await?)
}

/// The disable form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReasonForm {
    reason: String,
}

/// `POST /admin/users/{id}/disable`.
pub async fn disable_user(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ReasonForm>,
) -> PageResult {
    let outcome = app
        .store
        .set_user_active(&user.ctx(), id, false, &form.reason)
        .await;
    let next = |_| format!("/admin/users/{id}/security?done=disabled");
    submitted(outcome, next, |errors| {
        security_page(&app, &user, id, String::new(), None, errors)
    })
    .await
}

/// `POST /admin/users/{id}/enable`.
pub async fn enable_user(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    app.store.set_user_active(&user.ctx(), id, true, "").await?;
    Ok(Redirect::to(&format!("/admin/users/{id}/security?done=enabled")).into_response())
}

/// `POST /admin/users/{id}/reset-password`: shows the one-time password once.
pub async fn reset_password(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let temp = app.store.reset_password(&user.ctx(), id).await?;
    let page = security_page(
        &app,
        &user,
        id,
        "sec-done-password".into(),
        Some(temp),
        FieldErrors::new(),
    )
    .await?;
    html(page)
}

/// `POST /admin/users/{id}/reset-second-factor`.
pub async fn reset_second_factor(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    app.store.reset_second_factor(&user.ctx(), id).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}/security?done=second-factor")).into_response())
}

/// `POST /admin/users/{id}/sessions/end`.
pub async fn end_user_sessions(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    require_admin(&user)?;
    let keep = (id == user.session.actor.user_id).then(|| user.session.id.clone());
    app.store
        .end_sessions(&user.ctx(), id, None, keep.as_deref())
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{id}/security?done=sessions")).into_response())
}

/// `POST /admin/users/{id}/sessions/{sid}/end`.
pub async fn end_user_session(
    State(app): State<AppState>,
    Path((id, sid)): Path<(i64, String)>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    require_admin(&user)?;
    app.store
        .end_sessions(&user.ctx(), id, Some(&sid), None)
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{id}/security?done=session")).into_response())
}
