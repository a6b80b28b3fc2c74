//! The public portal (issue 11): no sign-in, Urdu and English, no JavaScript, pages well under
//! 100 KB (a style sheet without the web font: phones use their own Urdu font), for a cheap
//! phone on a slow link. `/public` tells the signs of trafficking and smuggling and where to get
//! help; `/public/report` takes a report, anonymous or with a way to call back; `/public/follow-up`
//! lets the reporter, with the reference and the secret given once, see where it stands and add
//! to it. Nothing about any other report or any case is ever shown.
//!
//! The portal's protections, all without a third-party service: requests are counted per
//! address and kind ([`limit`], a 429 past the limit); every report form carries a signed,
//! expiring token with a small question the server checks ([`FormCheck`]), good for one report;
//! a field hidden from people catches form-filling robots; the body is capped at
//! [`MAX_BODY`]. A report is only ever an item in a triage queue.

use crate::auth::ClientIp;
use crate::error::PageError;
use crate::i18n::{Lang, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Duration;
use hifazat_domain::intake::{IntakeLanguage, NewAddition, NewPublicReport};
use hifazat_domain::protection::SCREENING_INDICATORS;
use hifazat_domain::reference::District;
use hifazat_domain::FieldErrors;
use hifazat_store::intake::{PublicReceipt, PublicView};
use hifazat_store::{Store, StoreError};
use serde::Deserialize;
use std::sync::LazyLock;

type PageResult = Result<Response, PageError>;

/// The largest body a public form may send.
pub const MAX_BODY: usize = 32 * 1024;

/// How long a report form stays good.
const FORM_HOURS: i64 = 6;

/// The portal's settings.
#[derive(Debug, Clone)]
pub struct PublicConfig {
    /// The helpline's number, shown on every page (`--helpline-number`).
    pub helpline: Option<String>,
    /// Reports per address per hour.
    pub reports_per_hour: i64,
    /// Follow-ups (look-ups and additions) per address per hour.
    pub follow_ups_per_hour: i64,
    /// Licence look-ups per address per hour.
    pub lookups_per_hour: i64,
}

impl Default for PublicConfig {
    fn default() -> Self {
        PublicConfig {
            helpline: None,
            reports_per_hour: 5,
            follow_ups_per_hour: 20,
            lookups_per_hour: 60,
        }
    }
}

/// What is counted per address.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// Reports sent.
    Report,
    /// Follow-ups: a reference and secret tried, information added.
    FollowUp,
    /// Licence look-ups.
    Lookup,
}

/// The message past the limit.
pub const TOO_MANY: &str =
    "Too many requests from your connection. Wait an hour and try again, or call the helpline.";

/// Counts this request against the address's allowance of `kind` and says whether it is
/// within it. A request whose address is unknown counts against one shared allowance.
pub async fn allowed(app: &AppState, ip: &Option<String>, kind: Limit) -> Result<bool, StoreError> {
    let (name, per_hour) = match kind {
        Limit::Report => ("report", app.public.reports_per_hour),
        Limit::FollowUp => ("follow-up", app.public.follow_ups_per_hour),
        Limit::Lookup => ("lookup", app.public.lookups_per_hour),
    };
    let address = ip.as_deref().unwrap_or("unknown");
    app.store
        .public_allowance(name, address, per_hour, Duration::hours(1))
        .await
}

/// Counts this request against the address's allowance of `kind`; past it, a 429 page.
pub async fn limit(app: &AppState, ip: &Option<String>, kind: Limit) -> Result<(), PageError> {
    if allowed(app, ip, kind).await? {
        Ok(())
    } else {
        Err(PageError(StatusCode::TOO_MANY_REQUESTS, TOO_MANY.into()))
    }
}

/// The portal's style sheet: the house style without the web font (each Urdu page would
/// otherwise fetch 160 KB of it), then the portal's own rules.
static PUBLIC_CSS: LazyLock<String> = LazyLock::new(|| {
    let mut css: String = include_str!("../static/app.css")
        .lines()
        .filter(|l| !l.starts_with("@font-face"))
        .map(|l| format!("{l}\n"))
        .collect();
    css.push_str(include_str!("../static/public.css"));
    css
});

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        PUBLIC_CSS.as_str(),
    )
}

/// What every portal page shows around its content.
pub struct PublicChrome {
    /// The page's translator.
    pub tr: Tr,
    /// The page's path (for the language switch and the navigation).
    pub path: String,
    /// The helpline's number, if configured.
    pub helpline: Option<String>,
}

impl PublicChrome {
    /// The page's language.
    pub fn lang(&self) -> Lang {
        self.tr.lang()
    }

    /// The link that switches language and comes back here.
    pub fn switch_href(&self) -> String {
        format!(
            "/language?to={}&back={}",
            self.lang().other().code(),
            crate::auth::encode_next(&self.path)
        )
    }

    /// `aria-current="page"` on the link of the page being shown.
    pub fn current(&self, section: &str) -> &'static str {
        if self.path == section {
            "aria-current=\"page\""
        } else {
            ""
        }
    }
}

/// A visitor of the portal: their language, address, and the page's chrome.
pub struct Visitor {
    /// The chrome.
    pub chrome: PublicChrome,
    /// Their address (for the limits and the audit trail).
    pub ip: Option<String>,
}

impl<S> FromRequestParts<S> for Visitor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        Ok(Visitor {
            chrome: PublicChrome {
                tr: Tr(Lang::of_request(&parts.headers)),
                path: parts.uri.path().to_owned(),
                helpline: app.public.helpline.clone(),
            },
            ip,
        })
    }
}

/// The signed form token and its question: `nonce.issued.a.b.mac`, the MAC a keyed hash of
/// the rest (the vault's index key), so the server keeps nothing until the form comes back.
#[derive(Debug, Clone)]
pub struct FormCheck {
    /// The token to send back.
    pub token: String,
    /// First number of the question.
    pub a: u8,
    /// Second number.
    pub b: u8,
}

impl FormCheck {
    /// A new token and question.
    pub fn issue(store: &Store) -> FormCheck {
        use rand::Rng;
        let mut rng = rand::rngs::OsRng;
        let (a, b) = (rng.gen_range(1..10u8), rng.gen_range(1..10u8));
        let nonce: String = (0..16)
            .map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz234567"[rng.gen_range(0..32)]))
            .collect();
        let body = format!("{nonce}.{}.{a}.{b}", store.now().timestamp());
        let mac = Self::mac(store, &body);
        FormCheck {
            token: format!("{body}.{mac}"),
            a,
            b,
        }
    }

    fn mac(store: &Store, body: &str) -> String {
        store.vault().blind_index("public-form", body)[..32].to_owned()
    }

    /// The question in the reader's language.
    pub fn question(&self, tr: &Tr) -> String {
        tr.args(
            "public-check-question",
            &[
                ("a", tr.n(self.a as i64).as_str()),
                ("b", tr.n(self.b as i64).as_str()),
            ],
        )
    }

    /// Checks a returned token and answer: signed by us, not expired, answered right. Returns
    /// the nonce (to be spent once the report is accepted) or a message for `answer`.
    pub fn verify(store: &Store, token: &str, answer: &str) -> Result<String, &'static str> {
        let parts: Vec<&str> = token.split('.').collect();
        let [nonce, issued, a, b, mac] = parts[..] else {
            return Err("This form has expired: answer the new question and send it again");
        };
        let body = format!("{nonce}.{issued}.{a}.{b}");
        if !hifazat_vault::constant_time_eq(mac, &Self::mac(store, &body)) {
            return Err("This form has expired: answer the new question and send it again");
        }
        let issued: i64 = issued.parse().unwrap_or(0);
        let age = store.now().timestamp() - issued;
        if !(0..=FORM_HOURS * 3600).contains(&age) {
            return Err("This form has expired: answer the new question and send it again");
        }
        let want = a.parse::<u32>().unwrap_or(0) + b.parse::<u32>().unwrap_or(0);
        // Digits as typed on any keyboard: ASCII, Urdu (Extended Arabic-Indic) or Arabic-Indic.
        let typed: String = answer
            .trim()
            .chars()
            .filter_map(|c| match c {
                '0'..='9' => Some(c),
                '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
                '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
                _ => None,
            })
            .collect();
        if typed.is_empty() {
            return Err("Enter the answer to the question");
        }
        if typed.parse::<u32>().ok() != Some(want) {
            return Err("The answer is not right: try the new question");
        }
        Ok(nonce.to_owned())
    }
}

/// The portal's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/public", get(home))
        .route("/public/", get(home))
        .route("/static/public.css", get(css))
        .route(
            "/public/report",
            get(report_page)
                .post(report_send)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY)),
        )
        .route(
            "/public/follow-up",
            get(follow_up_page)
                .post(follow_up)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY)),
        )
        .route(
            "/public/follow-up/add",
            post(follow_up_add).layer(axum::extract::DefaultBodyLimit::max(MAX_BODY)),
        )
}

#[derive(Template)]
#[template(path = "public_home.html")]
struct HomePage {
    chrome: PublicChrome,
}

/// `GET /public`: the signs, where to get help, what to do.
pub async fn home(v: Visitor) -> PageResult {
    crate::pages::html(HomePage { chrome: v.chrome })
}

/// The report form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    what_happened: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    in_danger: Option<String>,
    #[serde(default)]
    indicators: Vec<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    callback: Option<String>,
    #[serde(default)]
    woman_officer: Option<String>,
    #[serde(default)]
    token: String,
    #[serde(default)]
    answer: String,
    /// Hidden from people: a robot fills it.
    #[serde(default)]
    website: String,
}

impl ReportForm {
    fn to_report(&self, lang: Lang) -> NewPublicReport {
        let opt = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
        NewPublicReport {
            what_happened: opt(&self.what_happened),
            district: opt(&self.district),
            in_danger: self.in_danger.is_some(),
            indicators: self.indicators.clone(),
            name: opt(&self.name),
            phone: opt(&self.phone),
            callback: self.callback.is_some(),
            woman_officer: self.woman_officer.is_some(),
            language: Some(match lang {
                Lang::Ur => IntakeLanguage::Urdu,
                Lang::En => IntakeLanguage::English,
            }),
        }
    }

    /// True when the sign `code` is ticked.
    fn has(&self, code: &&str) -> bool {
        self.indicators.iter().any(|i| i == code)
    }
}

#[derive(Template)]
#[template(path = "public_report.html")]
struct ReportPage {
    chrome: PublicChrome,
    form: ReportForm,
    errors: FieldErrors,
    check: FormCheck,
    districts: Vec<&'static District>,
    signs: &'static [(&'static str, &'static str)],
}

impl ReportPage {
    fn sign(&self, code: &str) -> String {
        self.chrome.tr.t(format!("protection-indicator-{code}"))
    }
}

#[derive(Template)]
#[template(path = "public_receipt.html")]
struct ReceiptPage {
    chrome: PublicChrome,
    receipt: PublicReceipt,
    danger: bool,
}

fn report_form(
    app: &AppState,
    chrome: PublicChrome,
    form: ReportForm,
    errors: FieldErrors,
) -> PageResult {
    let page = ReportPage {
        chrome,
        form,
        errors,
        check: FormCheck::issue(&app.store),
        districts: crate::pages::all_districts(),
        signs: SCREENING_INDICATORS,
    };
    crate::pages::form_page(page.errors.is_empty(), page)
}

/// `GET /public/report`: the report form.
pub async fn report_page(State(app): State<AppState>, v: Visitor) -> PageResult {
    report_form(&app, v.chrome, ReportForm::default(), FieldErrors::new())
}

/// `POST /public/report`: takes the report, or shows the form again with what to correct.
pub async fn report_send(
    State(app): State<AppState>,
    v: Visitor,
    axum_extra::extract::Form(form): axum_extra::extract::Form<ReportForm>,
) -> PageResult {
    limit(&app, &v.ip, Limit::Report).await?;
    if !form.website.is_empty() {
        return Err(PageError(
            StatusCode::BAD_REQUEST,
            "This form could not be sent.".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let nonce = match FormCheck::verify(&app.store, &form.token, &form.answer) {
        Ok(n) => Some(n),
        Err(m) => {
            errors.add("answer", m);
            None
        }
    };
    let report = form.to_report(v.chrome.lang());
    if let Err(e) = report.clone().validate() {
        errors.extend(e);
    }
    let Some(nonce) = nonce.filter(|_| errors.is_empty()) else {
        return report_form(&app, v.chrome, form, crate::forms::polished(errors));
    };
    if !app.store.use_public_form(&nonce).await? {
        errors.add(
            "answer",
            "This form was already sent: answer the new question to send another report",
        );
        return report_form(&app, v.chrome, form, errors);
    }
    let danger = report.in_danger;
    match app
        .store
        .submit_public_report(report, v.ip.as_deref())
        .await
    {
        Ok(receipt) => crate::pages::html(ReceiptPage {
            chrome: v.chrome,
            receipt,
            danger,
        }),
        Err(StoreError::Invalid(e)) => report_form(&app, v.chrome, form, crate::forms::polished(e)),
        Err(e) => Err(e.into()),
    }
}

/// The follow-up form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct FollowUpForm {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    text: String,
}

#[derive(Template)]
#[template(path = "public_follow_up.html")]
struct FollowUpPage {
    chrome: PublicChrome,
    form: FollowUpForm,
    errors: FieldErrors,
    view: Option<PublicView>,
    added: bool,
}

impl FollowUpPage {
    fn status(&self, v: &PublicView) -> String {
        self.chrome.tr.t(format!(
            "public-status-{}",
            v.status.code().replace('_', "-")
        ))
    }
}

fn follow_up_form(
    chrome: PublicChrome,
    form: FollowUpForm,
    errors: FieldErrors,
    view: Option<PublicView>,
    added: bool,
) -> PageResult {
    let page = FollowUpPage {
        chrome,
        form,
        errors,
        view,
        added,
    };
    crate::pages::form_page(page.errors.is_empty(), page)
}

/// `GET /public/follow-up`: the form for the reference and the secret.
pub async fn follow_up_page(v: Visitor) -> PageResult {
    follow_up_form(
        v.chrome,
        FollowUpForm::default(),
        FieldErrors::new(),
        None,
        false,
    )
}

/// Opens the reporter's report, or says the pair is not known (the same answer whichever half
/// is wrong).
async fn open_report(
    app: &AppState,
    form: &FollowUpForm,
) -> Result<Result<PublicView, FieldErrors>, PageError> {
    let mut e = FieldErrors::new();
    if form.reference.trim().is_empty() {
        e.add("reference", "Enter the reference of your report");
    }
    if form.secret.trim().is_empty() {
        e.add("secret", "Enter the secret you were given with it");
    }
    if !e.is_empty() {
        return Ok(Err(e));
    }
    match app.store.public_report(&form.reference, &form.secret).await {
        Ok(v) => Ok(Ok(v)),
        Err(StoreError::NotFound) => {
            e.add(
                "reference",
                "No report matches this reference and secret: check both",
            );
            Ok(Err(e))
        }
        Err(err) => Err(err.into()),
    }
}

/// `POST /public/follow-up`: where the report stands, and a form to add to it.
pub async fn follow_up(
    State(app): State<AppState>,
    v: Visitor,
    axum_extra::extract::Form(form): axum_extra::extract::Form<FollowUpForm>,
) -> PageResult {
    limit(&app, &v.ip, Limit::FollowUp).await?;
    match open_report(&app, &form).await? {
        Ok(view) => follow_up_form(v.chrome, form, FieldErrors::new(), Some(view), false),
        Err(e) => follow_up_form(v.chrome, form, e, None, false),
    }
}

/// `POST /public/follow-up/add`: adds the reporter's information.
pub async fn follow_up_add(
    State(app): State<AppState>,
    v: Visitor,
    axum_extra::extract::Form(form): axum_extra::extract::Form<FollowUpForm>,
) -> PageResult {
    limit(&app, &v.ip, Limit::FollowUp).await?;
    let view = match open_report(&app, &form).await? {
        Ok(view) => view,
        Err(e) => return follow_up_form(v.chrome, form, e, None, false),
    };
    let r = app
        .store
        .add_to_public_report(
            &form.reference,
            &form.secret,
            NewAddition {
                text: Some(form.text.clone()),
            },
            v.ip.as_deref(),
        )
        .await;
    match r {
        Ok(()) => {
            let view = app
                .store
                .public_report(&form.reference, &form.secret)
                .await?;
            let form = FollowUpForm {
                text: String::new(),
                ..form
            };
            follow_up_form(v.chrome, form, FieldErrors::new(), Some(view), true)
        }
        Err(StoreError::Invalid(e)) => follow_up_form(v.chrome, form, e, Some(view), false),
        Err(e) => Err(e.into()),
    }
}
