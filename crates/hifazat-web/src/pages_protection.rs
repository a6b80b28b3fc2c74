//! Protection pages: the dashboard, victims' protection records, identification, consent,
//! referrals (both sides), shelter stays, follow-ups and the service directory.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::*;
use crate::pages::{all_districts, districts_for, html, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use hifazat_domain::protection::*;
use hifazat_domain::reference::{self, District};
use hifazat_domain::{Action, FieldErrors, Jurisdiction, Sex};
use hifazat_store::models::VictimIdentity;
use hifazat_store::protection::*;
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

fn services_label(s: &[Service]) -> String {
    s.iter().map(|x| x.label()).collect::<Vec<_>>().join(", ")
}

#[derive(Template)]
#[template(path = "protection.html")]
struct DashboardPage {
    chrome: Chrome,
    d: ProtectionDashboard,
    district: String,
    districts: Vec<&'static District>,
}

impl DashboardPage {
    fn percent(&self) -> String {
        self.d
            .referred_percent
            .map(|p| format!("{p:.1}%"))
            .unwrap_or_else(|| "—".into())
    }
    fn services(&self, s: &[Service]) -> String {
        services_label(s)
    }
    fn sex(&self, code: &str) -> &'static str {
        Sex::from_code(code).map(|s| s.label()).unwrap_or("unknown")
    }
}

/// Query of the dashboard.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DistrictQuery {
    district: String,
}

/// `GET /protection`.
pub async fn dashboard(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<DistrictQuery>,
) -> PageResult {
    let f = DashboardFilter {
        district: opt(&q.district),
        province: None,
    };
    let d = user.scoped(&app.store).protection_dashboard(&f).await?;
    html(DashboardPage {
        chrome: Chrome::of(&user),
        d,
        district: q.district,
        districts: districts_for(&user.session.actor.jurisdiction),
    })
}

#[derive(Template)]
#[template(path = "victims.html")]
struct VictimsPage {
    chrome: Chrome,
    items: Vec<VictimSummary>,
    total: i64,
    q: String,
}

/// Query of the victims list.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct VictimsQuery {
    q: String,
    children: String,
}

/// `GET /victims`.
pub async fn victims(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<VictimsQuery>,
) -> PageResult {
    let f = VictimFilter {
        q: opt(&q.q),
        children: (q.children == "true").then_some(true),
        ..Default::default()
    };
    let (items, total) = user.scoped(&app.store).list_victims(&f).await?;
    html(VictimsPage {
        chrome: Chrome::of(&user),
        items,
        total,
        q: q.q,
    })
}

#[derive(Template)]
#[template(path = "victim_new.html")]
struct IdentifyPage {
    chrome: Chrome,
    form: IdentifyForm,
    errors: FieldErrors,
    results: &'static [IdentificationResult],
    indicators: &'static [(&'static str, &'static str)],
    sexes: &'static [Sex],
    districts: Vec<&'static District>,
}

impl IdentifyPage {
    fn has(&self, code: &str) -> bool {
        CaseForm::has(&self.form.indicators, code)
    }
}

/// Query of the identification form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct IdentifyQuery {
    case_person: String,
    district: String,
}

/// `GET /victims/new`.
pub async fn identify_form(user: WebUser, Query(q): Query<IdentifyQuery>) -> PageResult {
    if !user.session.actor.may(Action::Protect) {
        return Err(StoreError::Forbidden("this role does not handle victim protection").into());
    }
    let mut form = IdentifyForm {
        case_person_id: q.case_person,
        district: q.district,
        result: "presumed".into(),
        nationality: "PK".into(),
        ..Default::default()
    };
    if form.district.is_empty() {
        if let Jurisdiction::District(d) = &user.session.actor.jurisdiction {
            form.district = d.clone();
        }
    }
    html(IdentifyPage {
        chrome: Chrome::of(&user),
        form,
        errors: FieldErrors::new(),
        results: IdentificationResult::ALL,
        indicators: SCREENING_INDICATORS,
        sexes: Sex::ALL,
        districts: districts_for(&user.session.actor.jurisdiction),
    })
}

/// `POST /victims`.
pub async fn identify(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<IdentifyForm>,
) -> PageResult {
    let r = match form.to_request() {
        Ok(n) => user.scoped(&app.store).identify(n).await,
        Err(e) => Err(StoreError::Invalid(e)),
    };
    match r {
        Ok(id) => Ok(Redirect::to(&format!("/victims/{id}?done=identified")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let page = IdentifyPage {
                chrome: Chrome::of(&user),
                form,
                errors,
                results: IdentificationResult::ALL,
                indicators: SCREENING_INDICATORS,
                sexes: Sex::ALL,
                districts: districts_for(&user.session.actor.jurisdiction),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "victim.html")]
struct VictimPage {
    chrome: Chrome,
    v: VictimDetail,
    done: String,
    errors: FieldErrors,
    which: &'static str,
    refer: ReferForm,
    providers: Vec<Provider>,
    purposes: &'static [ConsentPurpose],
    methods: &'static [ConsentMethod],
    services: &'static [Service],
    urgencies: &'static [Urgency],
    outcomes: &'static [FollowUpOutcome],
    may_override: bool,
}

impl VictimPage {
    fn indicator(&self, code: &str) -> &'static str {
        indicator_label(code).unwrap_or("?")
    }
    fn services_of(&self, s: &[Service]) -> String {
        services_label(s)
    }
    fn done_message(&self) -> &'static str {
        match self.done.as_str() {
            "identified" => "Victim identified.",
            "consent" => "Consent recorded.",
            "withdrawn" => "Consent withdrawn.",
            "referred" => "Referral sent.",
            "followup" => "Follow-up recorded.",
            _ => "",
        }
    }
    fn has_service(&self, code: &str) -> bool {
        CaseForm::has(&self.refer.services, code)
    }
}

/// Query with a done marker.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

async fn victim_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    done: String,
    errors: FieldErrors,
    which: &'static str,
    refer: ReferForm,
) -> Result<VictimPage, PageError> {
    let s = user.scoped(&app.store);
    let v = s.get_victim(id).await?;
    let province =
        reference::district_by_code(&v.victim.district_code).map(|d| d.province_code.clone());
    let providers = s
        .providers(&ProviderFilter {
            province,
            ..Default::default()
        })
        .await?;
    Ok(VictimPage {
        chrome: Chrome::of(user),
        v,
        done,
        errors,
        which,
        refer: ReferForm {
            urgency: if refer.urgency.is_empty() {
                "urgent".into()
            } else {
                refer.urgency.clone()
            },
            ..refer
        },
        providers,
        purposes: ConsentPurpose::ALL,
        methods: ConsentMethod::ALL,
        services: Service::ALL,
        urgencies: Urgency::ALL,
        outcomes: FollowUpOutcome::ALL,
        may_override: user.session.actor.may(Action::OverrideConsent),
    })
}

/// `GET /victims/{id}`.
pub async fn victim(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(
        victim_page(
            &app,
            &user,
            id,
            q.done,
            FieldErrors::new(),
            "",
            ReferForm::default(),
        )
        .await?,
    )
}

async fn victim_result(
    app: &AppState,
    user: &WebUser,
    id: i64,
    r: Result<(), StoreError>,
    done: &str,
    which: &'static str,
    refer: ReferForm,
) -> PageResult {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/victims/{id}?done={done}")).into_response()),
        Err(StoreError::Invalid(e)) => {
            let page = victim_page(app, user, id, String::new(), e, which, refer).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /victims/{id}/consents`.
pub async fn consent(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ConsentForm>,
) -> PageResult {
    let r = match form.to_request() {
        Ok(c) => user.scoped(&app.store).add_consent(id, c).await.map(|_| ()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    victim_result(
        &app,
        &user,
        id,
        r,
        "consent",
        "consent",
        ReferForm::default(),
    )
    .await
}

/// `POST /victims/{id}/consents/{consent}/withdraw`.
pub async fn withdraw(
    State(app): State<AppState>,
    Path((id, consent)): Path<(i64, i64)>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let r = user.scoped(&app.store).withdraw_consent(id, consent).await;
    victim_result(
        &app,
        &user,
        id,
        r,
        "withdrawn",
        "consent",
        ReferForm::default(),
    )
    .await
}

/// `POST /victims/{id}/referrals`.
pub async fn refer(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ReferForm>,
) -> PageResult {
    let r = match form.to_request(id) {
        Ok(n) => user.scoped(&app.store).refer(n).await.map(|_| ()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    victim_result(&app, &user, id, r, "referred", "refer", form).await
}

/// `POST /victims/{id}/follow-ups/{follow_up}`.
pub async fn follow_up(
    State(app): State<AppState>,
    Path((id, fu)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ActionForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let outcome = form.code::<FollowUpOutcome>(&mut e, "outcome", &form.outcome, "the outcome");
    let date = form.date(&mut e);
    let r = if e.is_empty() {
        user.scoped(&app.store)
            .record_follow_up(
                id,
                fu,
                FollowUpResult {
                    outcome: outcome.expect("checked"),
                    done_on: date,
                    note: ActionForm::opt(&form.note),
                },
            )
            .await
    } else {
        Err(StoreError::Invalid(e))
    };
    victim_result(
        &app,
        &user,
        id,
        r,
        "followup",
        "followup",
        ReferForm::default(),
    )
    .await
}

#[derive(Template)]
#[template(path = "identity.html")]
struct IdentityPage {
    chrome: Chrome,
    back: String,
    back_label: String,
    v: VictimIdentity,
}

/// `GET /victims/{id}/identity` (audited).
pub async fn identity(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> PageResult {
    let v = user.scoped(&app.store).protected_identity(id).await?;
    let mut r = html(IdentityPage {
        chrome: Chrome::of(&user),
        back: format!("/victims/{id}"),
        back_label: format!("Protection record {}", v.victim_code),
        v,
    })?;
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("valid header"),
    );
    Ok(r)
}

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    chrome: Chrome,
    items: Vec<Referral>,
    status: String,
    statuses: &'static [ReferralStatus],
}

impl ReferralsPage {
    fn services(&self, s: &[Service]) -> String {
        services_label(s)
    }
}

/// Query of the referrals list.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct StatusQuery {
    status: String,
}

/// `GET /referrals`: a provider's inbox, or the referrals of victims in one's jurisdiction.
pub async fn referrals(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<StatusQuery>,
) -> PageResult {
    let items = user
        .scoped(&app.store)
        .list_referrals(ReferralStatus::from_code(&q.status))
        .await?;
    html(ReferralsPage {
        chrome: Chrome::of(&user),
        items,
        status: q.status,
        statuses: ReferralStatus::ALL,
    })
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    chrome: Chrome,
    r: Referral,
    provider_side: bool,
    done: String,
    errors: FieldErrors,
    stay: Option<Stay>,
    discharge: &'static [DischargeTo],
}

impl ReferralPage {
    fn services(&self, s: &[Service]) -> String {
        services_label(s)
    }
    fn is(&self, s: &str) -> bool {
        self.r.status.code() == s
    }
    fn offers_shelter(&self) -> bool {
        self.r.services.contains(&Service::Shelter)
    }
}

async fn referral_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    done: String,
    errors: FieldErrors,
) -> Result<ReferralPage, PageError> {
    let s = user.scoped(&app.store);
    let r = s.get_referral(id).await?;
    let stay = s.stay_of_referral(id).await?;
    Ok(ReferralPage {
        chrome: Chrome::of(user),
        provider_side: user.session.actor.may(Action::ProvideServices),
        r,
        done,
        errors,
        stay,
        discharge: DischargeTo::ALL,
    })
}

/// `GET /referrals/{id}`.
pub async fn referral(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(referral_page(&app, &user, id, q.done, FieldErrors::new()).await?)
}

async fn referral_result(
    app: &AppState,
    user: &WebUser,
    id: i64,
    r: Result<(), StoreError>,
) -> PageResult {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/referrals/{id}?done=1")).into_response()),
        Err(StoreError::Invalid(e)) => {
            let page = referral_page(app, user, id, String::new(), e).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /referrals/{id}/status`.
pub async fn referral_status(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ActionForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let status = form.code::<ReferralStatus>(&mut e, "status", &form.status, "a status");
    let r = if e.is_empty() {
        user.scoped(&app.store)
            .update_referral(
                id,
                ReferralUpdate {
                    status: status.expect("checked"),
                    reason: ActionForm::opt(&form.reason),
                },
            )
            .await
            .map(|_| ())
    } else {
        Err(StoreError::Invalid(e))
    };
    referral_result(&app, &user, id, r).await
}

/// `POST /referrals/{id}/services`.
pub async fn referral_service(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ActionForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let service = form.code::<Service>(&mut e, "service", &form.service, "a service");
    let date = form.date(&mut e);
    let r = if e.is_empty() {
        user.scoped(&app.store)
            .record_service(
                id,
                NewDelivery {
                    service: service.expect("checked"),
                    delivered_on: date,
                    note: ActionForm::opt(&form.note),
                },
            )
            .await
    } else {
        Err(StoreError::Invalid(e))
    };
    referral_result(&app, &user, id, r).await
}

/// `POST /referrals/{id}/admission`.
pub async fn admit(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ActionForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let days = form.planned_days(&mut e);
    let date = form.date(&mut e);
    let r = if e.is_empty() {
        user.scoped(&app.store)
            .admit(NewStay {
                referral_id: id,
                admitted_on: date,
                planned_days: days.expect("checked"),
                victim_wishes: form.victim_wishes.clone(),
            })
            .await
            .map(|_| ())
    } else {
        Err(StoreError::Invalid(e))
    };
    referral_result(&app, &user, id, r).await
}

/// `POST /referrals/{id}/stays/{stay}/review`.
pub async fn review(
    State(app): State<AppState>,
    Path((id, stay)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ActionForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let date = form.date(&mut e);
    let r = if e.is_empty() {
        user.scoped(&app.store)
            .review_stay(
                stay,
                NewReview {
                    review_date: date,
                    victim_wishes: form.victim_wishes.clone(),
                    plan: ActionForm::opt(&form.plan),
                },
            )
            .await
    } else {
        Err(StoreError::Invalid(e))
    };
    referral_result(&app, &user, id, r).await
}

/// `POST /referrals/{id}/stays/{stay}/discharge`.
pub async fn discharge(
    State(app): State<AppState>,
    Path((id, stay)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ActionForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let to = form.code::<DischargeTo>(&mut e, "to", &form.to, "where the stay ends");
    let date = form.date(&mut e);
    let r = if e.is_empty() {
        user.scoped(&app.store)
            .discharge(
                stay,
                NewDischarge {
                    discharged_on: date,
                    to: to.expect("checked"),
                },
            )
            .await
    } else {
        Err(StoreError::Invalid(e))
    };
    referral_result(&app, &user, id, r).await
}

#[derive(Template)]
#[template(path = "providers.html")]
struct ProvidersPage {
    chrome: Chrome,
    items: Vec<Provider>,
    district: String,
    service: String,
    districts: Vec<&'static District>,
    services: &'static [Service],
}

impl ProvidersPage {
    fn services_of(&self, s: &[Service]) -> String {
        services_label(s)
    }
    fn groups(&self, g: &[Group]) -> String {
        g.iter().map(|x| x.label()).collect::<Vec<_>>().join(", ")
    }
    fn district_names(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| reference::district_by_code(c).map_or(c.as_str(), |d| d.name.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Query of the directory.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ProvidersQuery {
    district: String,
    service: String,
}

/// `GET /providers`: the service directory.
pub async fn providers(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ProvidersQuery>,
) -> PageResult {
    let f = ProviderFilter {
        district: opt(&q.district),
        service: Service::from_code(&q.service),
        ..Default::default()
    };
    let items = user.scoped(&app.store).providers(&f).await?;
    let districts = all_districts();
    html(ProvidersPage {
        chrome: Chrome::of(&user),
        items,
        district: q.district,
        service: q.service,
        districts,
        services: Service::ALL,
    })
}
