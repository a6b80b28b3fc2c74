//! Hifazat's web server: the HTML pages that officers, supervisors and auditors use, and the
//! JSON API (`/api/v1`, documented at `/api/openapi.json`).
//!
//! A request flows: [`router`] → middleware (tracing, security headers, body limit, the
//! same-origin check for form posts) → an extractor that establishes who is asking
//! ([`auth::WebUser`] from the session cookie, [`auth::ApiUser`] from a bearer token,
//! [`auth::CsrfForm`] for form posts) → a handler in [`pages`] or [`api`], which reaches case
//! data only through the store's [`hifazat_store::Scoped`] view for that user → JSON, or an
//! askama template rendered to HTML. Errors become 404 / 403 / 422 (a message per field) /
//! 429 / 500 in [`error`].

pub mod api;
pub mod api_account;
pub mod api_admin;
pub mod api_agents;
pub mod api_identifiers;
pub mod api_intake;
pub mod api_interceptions;
pub mod api_persons;
pub mod api_protection;
pub mod api_returnees;
pub mod api_screening;
pub mod api_trial;
pub mod api_witnesses;
pub mod auth;
pub mod error;
pub mod format;
pub mod forms;
pub mod guard;
pub mod i18n;
pub mod pages;
pub mod pages_account;
pub mod pages_admin;
pub mod pages_agents;
pub mod pages_cases;
pub mod pages_editions;
pub mod pages_identifiers;
pub mod pages_intake;
pub mod pages_interceptions;
pub mod pages_monitoring;
pub mod pages_network;
pub mod pages_persons;
pub mod pages_plan;
pub mod pages_protection;
pub mod pages_published;
pub mod pages_returnees;
pub mod pages_routes;
pub mod pages_screening;
pub mod pages_statistics;
pub mod pages_trial;
pub mod pages_witnesses;
pub mod paging;
pub mod public;
pub mod screening_words;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use hifazat_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database, keys and clock.
    pub store: Store,
    /// True when serving demo data (the login page then lists the demo accounts).
    pub demo: bool,
    /// Set the Secure flag on cookies (behind HTTPS).
    pub secure_cookies: bool,
    /// Default days without activity that make a case stalled.
    pub stalled_days: i64,
    /// Proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The public portal's settings (helpline number, limits per address).
    pub public: public::PublicConfig,
}

impl AppState {
    /// State for `store` with the defaults: not a demo, cookies not Secure, 90 stalled days,
    /// no trusted proxy.
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            demo: false,
            secure_cookies: false,
            stalled_days: 90,
            trusted_proxies: Vec::new(),
            public: public::PublicConfig::default(),
        }
    }
}

/// The style sheet: the house style, then one part per area of the product (each area's pages
/// keep their own rules in their own file).
const CSS: &str = concat!(
    include_str!("../static/app.css"),
    include_str!("../static/cases.css"),
    include_str!("../static/protection.css"),
    include_str!("../static/screening.css"),
    include_str!("../static/admin.css"),
    include_str!("../static/statistics.css"),
    include_str!("../static/agents.css"),
);

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
}

/// The Nastaliq font for Urdu pages (OFL, see static/fonts/README.md).
async fn font(axum::extract::Path(name): axum::extract::Path<String>) -> axum::response::Response {
    let body: &'static [u8] = match name.as_str() {
        "noto-nastaliq-urdu-400.woff2" => {
            include_bytes!("../static/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2")
        }
        "noto-nastaliq-urdu-700.woff2" => {
            include_bytes!("../static/fonts/noto-nastaliq-urdu-arabic-700-normal.woff2")
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, "font/woff2"),
            (header::CACHE_CONTROL, "max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

/// `GET /language?to=ur&back=/cases`: remembers the language (a year) and goes back.
async fn language(
    State(app): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> impl IntoResponse {
    let lang = q
        .get("to")
        .and_then(|c| i18n::Lang::from_code(c))
        .unwrap_or_default();
    let back = pages::safe_next(q.get("back").map(String::as_str).unwrap_or("/"));
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{}",
        i18n::LANG_COOKIE,
        lang.code(),
        if app.secure_cookies { "; Secure" } else { "" }
    );
    (
        [(header::SET_COOKIE, cookie)],
        axum::response::Redirect::to(&back),
    )
}

async fn healthz(axum::extract::State(app): axum::extract::State<AppState>) -> impl IntoResponse {
    if app.store.ping().await {
        (StatusCode::OK, Json(serde_json::json!({"status": "ok"})))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "database unavailable"})),
        )
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(api::ApiDoc::openapi())
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/login", post(api::login))
        .route("/auth/logout", post(api_account::logout))
        .route("/account", get(api_account::my_account))
        .route("/account/password", post(api_account::change_password))
        .route("/account/sessions", get(api_account::my_sessions))
        .route(
            "/account/sessions/{session}/end",
            post(api_account::end_my_session),
        )
        .route("/users", get(api_account::users))
        .route("/users/{id}/account", get(api_account::user_account))
        .route("/users/{id}/disable", post(api_account::disable_user))
        .route("/users/{id}/enable", post(api_account::enable_user))
        .route(
            "/users/{id}/reset-password",
            post(api_account::reset_password),
        )
        .route(
            "/users/{id}/reset-second-factor",
            post(api_account::reset_second_factor),
        )
        .route("/users/{id}/sessions", get(api_account::user_sessions))
        .route(
            "/users/{id}/sessions/end",
            post(api_account::end_user_sessions),
        )
        .route("/cases", get(api::list_cases).post(api::create_case))
        .route("/cases/search", post(api::search_cases))
        .route("/cases/{id}", get(api::get_case))
        .route("/cases/{id}/persons", post(api::add_person))
        .route("/cases/{id}/transitions", post(api::transition))
        .route("/cases/{id}/hearings", post(api::add_hearing))
        .route("/cases/{id}/trial", get(api_trial::get_trial))
        .route("/cases/{id}/challan-scrutiny", post(api_trial::scrutinise))
        .route("/cases/{id}/court", post(api_trial::set_court))
        .route(
            "/cases/{id}/hearings/{hearing}/outcome",
            post(api_trial::hearing_outcome),
        )
        .route("/cases/{id}/verdicts", post(api_trial::add_verdict))
        .route("/cases/{id}/appeals", post(api_trial::file_appeal))
        .route(
            "/cases/{id}/appeals/{appeal}/decision",
            post(api_trial::decide_appeal),
        )
        .route(
            "/cases/{id}/compensation",
            post(api_trial::order_compensation),
        )
        .route(
            "/cases/{id}/compensation/{order}/payments",
            post(api_trial::pay_compensation),
        )
        .route("/cases/{id}/assignment", post(api::assign))
        .route("/cases/{id}/amendments", post(api::amend_case))
        .route(
            "/cases/{id}/persons/{person}/exit",
            post(api::exit_blacklist),
        )
        .route(
            "/cases/{id}/persons/{person}/facts",
            post(api::person_facts),
        )
        .route("/cases/{id}/transfers", post(api::request_transfer))
        .route(
            "/cases/{id}/documents",
            post(api::add_document).layer(axum::extract::DefaultBodyLimit::max(
                pages_cases::MAX_UPLOAD,
            )),
        )
        .route("/cases/{id}/documents/{document}", get(api::get_document))
        .route(
            "/cases/{id}/transfers/{transfer}/decision",
            post(api::decide_transfer),
        )
        .route("/transfers", get(api::pending_transfers))
        .route(
            "/cases/{id}/persons/{person}/status",
            post(api::accused_status),
        )
        .route(
            "/cases/{id}/victims/{person}/identity",
            get(api::victim_identity),
        )
        .route("/monitoring", get(api::monitoring))
        .route("/statistics", get(pages_statistics::api))
        .route("/audit", get(api::audit))
        .route("/reference", get(api::reference_data))
        .route("/persons/search", post(api_persons::search_persons))
        .route("/persons/{uid}", get(api_persons::get_person))
        .route("/persons/{uid}/merge", post(api_persons::merge))
        .route("/persons/merges/{id}/unmerge", post(api_persons::unmerge))
        .route(
            "/victims",
            get(api_protection::list_victims).post(api_protection::identify),
        )
        .route("/victims/{id}", get(api_protection::get_victim))
        .route(
            "/victims/{id}/identity",
            get(api_protection::victim_identity),
        )
        .route(
            "/victims/{id}/consents",
            get(api_protection::consents).post(api_protection::add_consent),
        )
        .route(
            "/victims/{id}/consents/{consent}/withdraw",
            post(api_protection::withdraw_consent),
        )
        .route(
            "/victims/{id}/follow-ups/{follow_up}",
            post(api_protection::follow_up),
        )
        .route(
            "/referrals",
            get(api_protection::list_referrals).post(api_protection::refer),
        )
        .route("/referrals/{id}", get(api_protection::get_referral))
        .route(
            "/referrals/{id}/status",
            post(api_protection::update_referral),
        )
        .route(
            "/referrals/{id}/services",
            post(api_protection::record_service),
        )
        .route("/stays", post(api_protection::admit))
        .route("/stays/{id}/reviews", post(api_protection::review_stay))
        .route("/stays/{id}/discharge", post(api_protection::discharge))
        .route("/providers", get(api_protection::providers))
        .route("/protection/dashboard", get(api_protection::dashboard))
        .route(
            "/watchlist",
            get(api_screening::watchlist).post(api_screening::add_entry),
        )
        .route("/watchlist/{id}", get(api_screening::entry))
        .route("/watchlist/{id}/remove", post(api_screening::remove_entry))
        .route("/watchlist/{id}/review", post(api_screening::review_entry))
        .route("/screen", post(api_screening::screen))
        .route("/screen/batch", post(api_screening::screen_batch))
        .route("/alerts", get(api_screening::alerts))
        .route("/alerts/stats", get(api_screening::alert_stats))
        .route("/alerts/{id}/decision", post(api_screening::decide))
        .route(
            "/agencies",
            get(api_admin::list_agencies).post(api_admin::create_agency),
        )
        .route(
            "/agencies/{id}",
            get(api_admin::get_agency)
                .put(api_admin::update_agency)
                .post(api_admin::update_agency_by_post),
        )
        .route(
            "/agencies/{id}/provider",
            put(api_admin::set_provider).post(api_admin::set_provider_by_post),
        )
        .route("/providers/import", post(api_admin::import_directory))
        .route(
            "/users/{id}",
            get(api_admin::get_user)
                .put(api_admin::update_user)
                .post(api_admin::update_user_by_post),
        )
        .merge(api_witnesses::routes())
        .merge(api_agents::routes())
        .merge(api_intake::routes())
        .merge(api_returnees::routes())
        .merge(pages_routes::api_routes())
        .merge(pages_network::api_routes())
        .merge(api_identifiers::routes())
        .merge(api_interceptions::routes())
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn(guard::api_json_errors));
    Router::new()
        .route("/", get(pages::home))
        .route("/healthz", get(healthz))
        .route("/static/app.css", get(css))
        .route("/static/fonts/{name}", get(font))
        .route("/language", get(language))
        .route("/api/openapi.json", get(openapi))
        .route("/login", get(pages::login_page).post(pages::login))
        .route("/logout", post(pages::logout))
        .route(
            "/login/second-factor",
            get(pages_account::second_factor_page).post(pages_account::second_factor),
        )
        .route("/account", get(pages_account::account))
        .route(
            "/account/password",
            get(pages_account::password_page).post(pages_account::change_password),
        )
        .route(
            "/account/second-factor",
            get(pages_account::second_factor_setup).post(pages_account::second_factor_confirm),
        )
        .route(
            "/account/second-factor/recovery-codes",
            post(pages_account::recovery_codes),
        )
        .route(
            "/account/sessions/{session}/end",
            post(pages_account::end_my_session),
        )
        .route(
            "/account/sessions/end-others",
            post(pages_account::end_my_other_sessions),
        )
        .route(
            "/admin/users/{id}/security",
            get(pages_account::user_security),
        )
        .route(
            "/admin/users/{id}/disable",
            post(pages_account::disable_user),
        )
        .route("/admin/users/{id}/enable", post(pages_account::enable_user))
        .route(
            "/admin/users/{id}/reset-password",
            post(pages_account::reset_password),
        )
        .route(
            "/admin/users/{id}/reset-second-factor",
            post(pages_account::reset_second_factor),
        )
        .route(
            "/admin/users/{id}/sessions/end",
            post(pages_account::end_user_sessions),
        )
        .route(
            "/admin/users/{id}/sessions/{session}/end",
            post(pages_account::end_user_session),
        )
        .route(
            "/cases",
            get(pages_cases::cases).post(pages_cases::case_create),
        )
        .route("/cases.csv", get(pages_cases::cases_csv))
        .route("/cases/search", post(pages_cases::cases_search))
        .route("/cases/new", get(pages_cases::case_new))
        .route("/cases/{id}", get(pages_cases::case_page))
        .route("/cases/{id}/persons", post(pages_cases::person_add))
        .route("/cases/{id}/transitions", post(pages_cases::transition))
        .route("/cases/{id}/hearings", post(pages_cases::hearing_add))
        .route("/cases/{id}/trial", get(pages_trial::trial_page))
        .route("/cases/{id}/trial/scrutiny", post(pages_trial::scrutiny))
        .route("/cases/{id}/trial/court", post(pages_trial::court))
        .route("/cases/{id}/trial/hearings", post(pages_trial::hearing))
        .route(
            "/cases/{id}/trial/hearings/{hearing}/outcome",
            post(pages_trial::outcome),
        )
        .route("/cases/{id}/trial/verdicts", post(pages_trial::verdict))
        .route("/cases/{id}/trial/appeals", post(pages_trial::appeal))
        .route(
            "/cases/{id}/trial/appeals/{appeal}/decision",
            post(pages_trial::appeal_decision),
        )
        .route(
            "/cases/{id}/trial/compensation",
            post(pages_trial::compensation),
        )
        .route(
            "/cases/{id}/trial/compensation/{order}/payments",
            post(pages_trial::payment),
        )
        .route("/cases/{id}/assignment", post(pages_cases::assign))
        .route(
            "/cases/{id}/amend",
            get(pages_cases::amend_form).post(pages_cases::amend_save),
        )
        .route(
            "/cases/{id}/persons/{person}/status",
            post(pages_cases::status_set),
        )
        .route("/cases/{id}/victims/{person}", get(pages_cases::identity))
        .route(
            "/cases/{id}/persons/{person}/exit",
            post(pages_cases::exit_blacklist),
        )
        .route(
            "/cases/{id}/persons/{person}/facts",
            post(pages_cases::facts_set),
        )
        .route("/cases/{id}/transfers", post(pages_cases::transfer_request))
        .route(
            "/cases/{id}/documents",
            post(pages_cases::document_add).layer(axum::extract::DefaultBodyLimit::max(
                pages_cases::MAX_UPLOAD,
            )),
        )
        .route(
            "/cases/{id}/documents/{document}",
            get(pages_cases::document_get),
        )
        .route(
            "/cases/{id}/transfers/{transfer}/decision",
            post(pages_cases::transfer_decide),
        )
        .route("/work", get(pages_monitoring::work))
        .route("/monitoring", get(pages_monitoring::monitoring))
        .route("/statistics", get(pages_statistics::page))
        .route("/statistics.csv", get(pages_statistics::csv))
        .route("/statistics.xlsx", get(pages_statistics::xlsx))
        .route("/statistics/htcds.csv", get(pages_statistics::htcds))
        .route("/statistics/ctdc.csv", get(pages_statistics::ctdc))
        .route("/statistics/plan.csv", get(pages_statistics::plan_file))
        .route("/statistics/plan", post(pages_plan::add))
        .route("/statistics/plan/new", get(pages_plan::new))
        .route(
            "/statistics/published",
            get(pages_published::page)
                .post(pages_published::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    pages_published::MAX_FILE,
                )),
        )
        .route(
            "/statistics/plan/{id}",
            get(pages_plan::edit).post(pages_plan::update),
        )
        .route("/statistics/plan/{id}/remove", post(pages_plan::remove))
        .route("/audit", get(pages_monitoring::audit))
        .route(
            "/admin/users",
            get(pages_admin::users).post(pages_admin::user_create),
        )
        .route("/protection", get(pages_protection::dashboard))
        .route(
            "/victims",
            get(pages_protection::victims).post(pages_protection::identify),
        )
        .route("/victims/new", get(pages_protection::identify_form))
        .route("/victims/{id}", get(pages_protection::victim))
        .route("/victims/{id}/identity", get(pages_protection::identity))
        .route("/victims/{id}/consents", post(pages_protection::consent))
        .route(
            "/victims/{id}/consents/{consent}/withdraw",
            post(pages_protection::withdraw),
        )
        .route("/victims/{id}/referrals", post(pages_protection::refer))
        .route(
            "/victims/{id}/follow-ups/{follow_up}",
            post(pages_protection::follow_up),
        )
        .route("/referrals", get(pages_protection::referrals))
        .route("/referrals/{id}", get(pages_protection::referral))
        .route(
            "/referrals/{id}/status",
            post(pages_protection::referral_status),
        )
        .route(
            "/referrals/{id}/services",
            post(pages_protection::referral_service),
        )
        .route("/referrals/{id}/admission", post(pages_protection::admit))
        .route(
            "/referrals/{id}/stays/{stay}/review",
            post(pages_protection::review),
        )
        .route(
            "/referrals/{id}/stays/{stay}/discharge",
            post(pages_protection::discharge),
        )
        .route("/providers", get(pages_protection::providers))
        .route(
            "/victims/{id}/consents/{consent}/withdraw",
            get(pages_protection::withdraw_confirm),
        )
        .route(
            "/referrals/{id}/close",
            get(pages_protection::close_confirm),
        )
        .route(
            "/referrals/{id}/decline",
            get(pages_protection::decline_confirm),
        )
        .route(
            "/referrals/{id}/stays/{stay}/discharge",
            get(pages_protection::discharge_confirm),
        )
        .route(
            "/watchlist",
            get(pages_screening::watchlist).post(pages_screening::add_entry),
        )
        .route(
            "/watchlist/{id}/remove",
            post(pages_screening::remove_entry),
        )
        .route("/redbook", get(pages_screening::redbook))
        .route(
            "/redbook/editions",
            get(pages_editions::list).post(pages_editions::issue),
        )
        .route(
            "/gazette",
            get(pages_editions::gazette_list).post(pages_editions::gazette_issue),
        )
        .route("/editions/{id}", get(pages_editions::show))
        .route("/editions/{id}/pdf", get(pages_editions::pdf))
        .route(
            "/editions/{id}/recipients",
            post(pages_editions::add_recipient),
        )
        .route("/watchlist/new", get(pages_screening::entry_new))
        .route("/watchlist/{id}", get(pages_screening::entry_show))
        .route(
            "/watchlist/{id}/review",
            post(pages_screening::review_entry),
        )
        .route(
            "/watchlist/{id}/remove",
            get(pages_screening::remove_confirm),
        )
        .route(
            "/persons",
            get(pages_persons::persons).post(pages_persons::persons_search),
        )
        .route("/persons/{uid}", get(pages_persons::person))
        .route("/persons/{uid}/merge", post(pages_persons::merge))
        .route("/persons/merges/{id}/unmerge", post(pages_persons::unmerge))
        .route(
            "/screening",
            get(pages_screening::screening).post(pages_screening::screen),
        )
        .route("/alerts", get(pages_screening::alerts))
        .route("/alerts/{id}/decision", post(pages_screening::decide))
        .route(
            "/admin/agencies",
            get(pages_admin::agencies).post(pages_admin::agency_create),
        )
        .route("/admin/agencies/new", get(pages_admin::agency_new))
        .route(
            "/admin/agencies/{id}",
            get(pages_admin::agency_page).post(pages_admin::agency_update),
        )
        .route(
            "/admin/agencies/{id}/provider",
            post(pages_admin::provider_update),
        )
        .route(
            "/admin/directory/import",
            get(pages_admin::import_page).post(pages_admin::import),
        )
        .route(
            "/admin/users/{id}",
            get(pages_admin::user_page).post(pages_admin::user_update),
        )
        .merge(pages_witnesses::routes())
        .merge(pages_agents::routes())
        .merge(pages_intake::routes())
        .merge(pages_returnees::routes())
        .merge(pages_routes::routes())
        .merge(pages_network::routes())
        .merge(pages_identifiers::routes())
        .merge(pages_interceptions::routes())
        .merge(public::routes())
        .nest("/api/v1", api)
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::audit_refusals,
        ))
        .layer(axum::middleware::from_fn(auth::same_origin_only))
        .layer(axum::middleware::from_fn(guard::reject_nul))
        .layer(axum::middleware::from_fn(i18n::with_language))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::transport_security,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A handler that panicked (a bug): logged, and answered with a 500 instead of a dropped
/// connection, without internals.
fn panicked(err: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    tracing::error!(panic = what, "a handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(serde_json::json!({"error": "Something went wrong on our side; it has been logged."})),
    )
        .into_response()
}

/// Serves the application on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
