//! "Victims and witnesses at trial" (`/cases/{id}/witnesses`): testimony, protection measures
//! and the court's decisions, threats reported, and each victim's consent to registration; and
//! the open threat alerts (`/threats`) that supervisors and protection officers acknowledge
//! with the action taken (also listed on "My work" and the protection page).
//!
//! As on the case page: one error summary linking to each field (`#f-FIELD`; the fields of
//! each form carry their own names, so two forms never share an id), dates typed as day,
//! month and year, a confirmation after each action, code lists in words from
//! `locales/*/witnesses.ftl` (`witnesses-LIST-CODE`).

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::pick as chosen;
use crate::forms::{polished, renamed, typed_date};
use crate::pages::{html, submitted, Chrome};
use crate::pages_cases::CaseWords;
use crate::paging::DateParts;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use hifazat_domain::witnesses::{
    ConsentUpdate, MeasureDecision, MeasureKind, MeasureOutcome, MeasureRequester, NewMeasure,
    NewTestimony, NewThreat, RegistrationConsent, TestimonyMode, ThreatAcknowledgement, ThreatKind,
    ThreatSource,
};
use hifazat_domain::{Action, FieldErrors, PersonRole};
use hifazat_store::cases::witnesses::{CaseWitnesses, ThreatReport};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/witnesses", get(page))
        .route("/cases/{id}/witnesses/testimonies", post(testimony_add))
        .route("/cases/{id}/witnesses/measures", post(measure_add))
        .route(
            "/cases/{id}/witnesses/measures/{measure}/decision",
            post(measure_decide),
        )
        .route("/cases/{id}/witnesses/threats", post(threat_add))
        .route("/cases/{id}/witnesses/consent/{person}", post(consent_set))
        .route("/threats", get(threats))
        .route("/threats/{threat}/acknowledgement", post(acknowledge))
}

/// The words of this area's code lists: `witnesses-LIST-CODE`.
pub(crate) fn label(tr: &crate::i18n::Tr, list: &str, code: &str) -> String {
    tr.t(format!("witnesses-{list}-{}", code.replace('_', "-")))
}

/// A person chosen from the case's victims and witnesses.
fn person(e: &mut FieldErrors, field: &str, s: &str) -> Option<i64> {
    let v = s.trim().parse().ok();
    if v.is_none() {
        e.add(field, "Choose the victim or witness");
    }
    v
}

/// A required date.
fn date(
    e: &mut FieldErrors,
    field: &str,
    d: &DateParts,
    missing: &str,
) -> Option<chrono::NaiveDate> {
    let before = e.0.len();
    let v = typed_date(e, field, &d.day, &d.month, &d.year);
    if v.is_none() && e.0.len() == before {
        e.add(field, missing);
    }
    v
}

/// The testimony form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TestimonyForm {
    case_person_id: String,
    #[serde(rename = "testified_on-day")]
    day: String,
    #[serde(rename = "testified_on-month")]
    month: String,
    #[serde(rename = "testified_on-year")]
    year: String,
    mode: String,
    remark: String,
}

impl TestimonyForm {
    fn testified_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }
    fn to_new(&self) -> Result<NewTestimony, FieldErrors> {
        let mut e = FieldErrors::new();
        let p = person(&mut e, "testimony_person", &self.case_person_id);
        let d = date(
            &mut e,
            "testified_on",
            &self.testified_on(),
            "Enter the date of the testimony",
        );
        let mode = chosen(
            &mut e,
            "mode",
            &self.mode,
            TestimonyMode::from_code,
            "Choose how they testified",
        );
        // A check that gives `None` has recorded its message in `e`.
        let (Some(p), Some(d), Some(mode)) = (p, d, mode) else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewTestimony {
            case_person_id: p,
            testified_on: d,
            mode,
            remark: crate::forms::opt(&self.remark),
        })
    }
}

/// The form asking for a protection measure.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeasureForm {
    case_person_id: String,
    measure: String,
    #[serde(rename = "requested_on-day")]
    day: String,
    #[serde(rename = "requested_on-month")]
    month: String,
    #[serde(rename = "requested_on-year")]
    year: String,
    requested_by: String,
}

impl MeasureForm {
    fn requested_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }
    fn to_new(&self) -> Result<NewMeasure, FieldErrors> {
        let mut e = FieldErrors::new();
        let p = person(&mut e, "measure_person", &self.case_person_id);
        let m = chosen(
            &mut e,
            "measure",
            &self.measure,
            MeasureKind::from_code,
            "Choose the measure asked for",
        );
        let d = date(
            &mut e,
            "requested_on",
            &self.requested_on(),
            "Enter the date the measure was asked for",
        );
        let by = chosen(
            &mut e,
            "requested_by",
            &self.requested_by,
            MeasureRequester::from_code,
            "Choose who asked for the measure",
        );
        // A check that gives `None` has recorded its message in `e`.
        let (Some(p), Some(m), Some(d), Some(by)) = (p, m, d, by) else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewMeasure {
            case_person_id: p,
            measure: m,
            requested_on: d,
            requested_by: by,
        })
    }
}

/// The court's decision on a measure.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    outcome: String,
    #[serde(rename = "decided_on-day")]
    day: String,
    #[serde(rename = "decided_on-month")]
    month: String,
    #[serde(rename = "decided_on-year")]
    year: String,
    remark: String,
}

impl DecisionForm {
    fn to_decision(&self, id: i64) -> Result<MeasureDecision, FieldErrors> {
        let mut e = FieldErrors::new();
        let outcome = chosen(
            &mut e,
            &format!("outcome-{id}"),
            &self.outcome,
            MeasureOutcome::from_code,
            "Choose whether the court granted or refused the measure",
        );
        let parts = DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        };
        let d = date(
            &mut e,
            &format!("decided_on-{id}"),
            &parts,
            "Enter the date of the court's decision",
        );
        // A check that gives `None` has recorded its message in `e`.
        let (Some(outcome), Some(d)) = (outcome, d) else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(MeasureDecision {
            outcome,
            decided_on: d,
            remark: crate::forms::opt(&self.remark),
        })
    }
}

/// The threat report form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ThreatForm {
    case_person_id: String,
    kind: String,
    from_whom: String,
    #[serde(rename = "reported_on-day")]
    day: String,
    #[serde(rename = "reported_on-month")]
    month: String,
    #[serde(rename = "reported_on-year")]
    year: String,
    description: String,
}

impl ThreatForm {
    fn reported_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }
    fn to_new(&self) -> Result<NewThreat, FieldErrors> {
        let mut e = FieldErrors::new();
        let p = person(&mut e, "threat_person", &self.case_person_id);
        let kind = chosen(
            &mut e,
            "kind",
            &self.kind,
            ThreatKind::from_code,
            "Choose what happened",
        );
        let from = chosen(
            &mut e,
            "from_whom",
            &self.from_whom,
            ThreatSource::from_code,
            "Choose who threatened or pressed them",
        );
        let d = date(
            &mut e,
            "reported_on",
            &self.reported_on(),
            "Enter the date it was reported",
        );
        if self.description.trim().is_empty() {
            e.add("description", "Enter what happened");
        }
        // A check that gives `None` has recorded its message in `e`.
        let (Some(p), Some(kind), Some(from), Some(d)) = (p, kind, from, d) else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewThreat {
            case_person_id: p,
            kind,
            from_whom: from,
            reported_on: d,
            description: self.description.clone(),
        })
    }
}

/// A victim's consent to registration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    consent: String,
}

/// The acknowledgement of a threat report.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AckForm {
    action_taken: String,
}

/// Query of the pages: what was just done.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

#[derive(Template)]
#[template(path = "witnesses.html")]
struct WitnessesPage {
    chrome: Chrome,
    w: CaseWitnesses,
    done: String,
    errors: FieldErrors,
    testimony: TestimonyForm,
    measure: MeasureForm,
    decision: DecisionForm,
    /// The measure whose decision came back with errors.
    decision_for: i64,
    threat: ThreatForm,
    /// Records consent to registration (the police: whoever edits cases).
    may_consent: bool,
    /// Receives and acknowledges threat alerts.
    acknowledges: bool,
    modes: &'static [TestimonyMode],
    measure_kinds: &'static [MeasureKind],
    requesters: &'static [MeasureRequester],
    outcomes: &'static [MeasureOutcome],
    threat_kinds: &'static [ThreatKind],
    sources: &'static [ThreatSource],
    consents: &'static [RegistrationConsent],
}

impl WitnessesPage {
    fn new(user: &WebUser, w: CaseWitnesses) -> Self {
        let a = &user.session.actor;
        WitnessesPage {
            chrome: Chrome::of(user),
            w,
            done: String::new(),
            errors: FieldErrors::new(),
            testimony: TestimonyForm::default(),
            measure: MeasureForm::default(),
            decision: DecisionForm::default(),
            decision_for: 0,
            threat: ThreatForm::default(),
            may_consent: a.may(Action::EditCases),
            acknowledges: hifazat_store::cases::witnesses::receives_threat_alerts(a),
            modes: TestimonyMode::ALL,
            measure_kinds: MeasureKind::ALL,
            requesters: MeasureRequester::ALL,
            outcomes: MeasureOutcome::ALL,
            threat_kinds: ThreatKind::ALL,
            sources: ThreatSource::ALL,
            consents: RegistrationConsent::ALL,
        }
    }
    fn label(&self, list: &str, code: &str) -> String {
        label(&self.chrome.tr, list, code)
    }
    /// The name of a field of one row's form (`consent-12`).
    fn key(&self, prefix: &str, id: &i64) -> String {
        format!("{prefix}-{id}")
    }
    /// A person of the case as shown: a victim's code, a witness's name.
    fn person(&self, id: &i64) -> String {
        let tr = &self.chrome.tr;
        match self.w.persons.iter().find(|p| p.case_person_id == *id) {
            Some(p) => match (&p.victim_code, &p.name) {
                (Some(c), _) => tr.s1("witnesses-victim-code", "code", c),
                (None, Some(n)) => tr.s1("witnesses-witness-named", "name", n),
                (None, None) => tr.t("witnesses-witness"),
            },
            None => "—".into(),
        }
    }
    fn victims(&self) -> Vec<&hifazat_store::cases::witnesses::WitnessPerson> {
        self.w
            .persons
            .iter()
            .filter(|p| p.role == PersonRole::Victim)
            .collect()
    }
    fn consent_is(
        &self,
        p: &hifazat_store::cases::witnesses::WitnessPerson,
        c: &RegistrationConsent,
    ) -> bool {
        p.registration_consent == Some(*c)
    }
    fn consent_text(&self, c: &Option<RegistrationConsent>) -> String {
        match c {
            Some(c) => self.label("consent", c.code()),
            None => self.chrome.tr.t("witnesses-consent-none"),
        }
    }
    fn decided_on(&self, id: &i64) -> DateParts {
        if *id == self.decision_for {
            DateParts {
                day: self.decision.day.clone(),
                month: self.decision.month.clone(),
                year: self.decision.year.clone(),
            }
        } else {
            DateParts::default()
        }
    }
    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        match self.done.as_str() {
            "testimony" => tr.t("witnesses-done-testimony"),
            "measure" => tr.t("witnesses-done-measure"),
            "decision" => tr.t("witnesses-done-decision"),
            "threat" => tr.t("witnesses-done-threat"),
            "consent" => tr.t("witnesses-done-consent"),
            _ => String::new(),
        }
    }
}

async fn witnesses_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    fill: impl FnOnce(&mut WitnessesPage),
) -> Result<WitnessesPage, PageError> {
    let w = user.scoped(&app.store).case_witnesses(id).await?;
    let mut page = WitnessesPage::new(user, w);
    fill(&mut page);
    Ok(page)
}

/// `GET /cases/{id}/witnesses`.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(witnesses_page(&app, &user, id, |p| p.done = q.done).await?)
}

/// After a write: back to the page with its confirmation, or the page again with the errors.
async fn answer(
    app: &AppState,
    user: &WebUser,
    id: i64,
    r: Result<(), StoreError>,
    done: &str,
    fill: impl FnOnce(&mut WitnessesPage, FieldErrors),
) -> PageResult {
    let next = |()| format!("/cases/{id}/witnesses?done={done}#done");
    submitted(r, next, |e| witnesses_page(app, user, id, |p| fill(p, e))).await
}

/// `POST /cases/{id}/witnesses/testimonies`.
pub async fn testimony_add(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<TestimonyForm>,
) -> PageResult {
    let r = match form.to_new() {
        Ok(t) => user
            .scoped(&app.store)
            .add_testimony(id, t)
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    answer(&app, &user, id, r, "testimony", |p, e| {
        p.errors = renamed(
            e,
            &[
                ("case_person_id", "testimony_person"),
                ("remark", "testimony_remark"),
            ],
        );
        p.testimony = form;
    })
    .await
}

/// `POST /cases/{id}/witnesses/measures`.
pub async fn measure_add(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<MeasureForm>,
) -> PageResult {
    let r = match form.to_new() {
        Ok(m) => user
            .scoped(&app.store)
            .request_measure(id, m)
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    answer(&app, &user, id, r, "measure", |p, e| {
        p.errors = renamed(e, &[("case_person_id", "measure_person")]);
        p.measure = form;
    })
    .await
}

/// `POST /cases/{id}/witnesses/measures/{measure}/decision`.
pub async fn measure_decide(
    State(app): State<AppState>,
    Path((id, measure)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<DecisionForm>,
) -> PageResult {
    let r = match form.to_decision(measure) {
        Ok(d) => user.scoped(&app.store).decide_measure(id, measure, d).await,
        Err(e) => Err(StoreError::Invalid(e)),
    };
    let (outcome, decided_on, remark) = (
        format!("outcome-{measure}"),
        format!("decided_on-{measure}"),
        format!("decision_remark-{measure}"),
    );
    answer(&app, &user, id, r, "decision", |p, e| {
        p.errors = renamed(
            e,
            &[
                ("outcome", &outcome),
                ("decided_on", &decided_on),
                ("remark", &remark),
            ],
        );
        p.decision = form;
        p.decision_for = measure;
    })
    .await
}

/// `POST /cases/{id}/witnesses/threats`.
pub async fn threat_add(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ThreatForm>,
) -> PageResult {
    let r = match form.to_new() {
        Ok(t) => user
            .scoped(&app.store)
            .report_threat(id, t)
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    answer(&app, &user, id, r, "threat", |p, e| {
        p.errors = renamed(e, &[("case_person_id", "threat_person")]);
        p.threat = form;
    })
    .await
}

/// `POST /cases/{id}/witnesses/consent/{person}`.
pub async fn consent_set(
    State(app): State<AppState>,
    Path((id, person)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ConsentForm>,
) -> PageResult {
    let field = format!("consent-{person}");
    let r = match RegistrationConsent::from_code(form.consent.trim()) {
        Some(consent) => {
            user.scoped(&app.store)
                .set_registration_consent(id, person, ConsentUpdate { consent })
                .await
        }
        None => {
            let mut e = FieldErrors::new();
            e.add(field.clone(), "Choose the victim's answer");
            Err(StoreError::Invalid(e))
        }
    };
    answer(&app, &user, id, r, "consent", |p, e| p.errors = polished(e)).await
}

#[derive(Template)]
#[template(path = "threats.html")]
struct ThreatsPage {
    chrome: Chrome,
    threats: Vec<ThreatReport>,
    done: String,
    errors: FieldErrors,
    /// The report whose acknowledgement came back with errors, and what was typed.
    ack_for: i64,
    ack: AckForm,
}

impl ThreatsPage {
    fn label(&self, list: &str, code: &str) -> String {
        label(&self.chrome.tr, list, code)
    }
    /// The name of a field of one row's form (`consent-12`).
    fn key(&self, prefix: &str, id: &i64) -> String {
        format!("{prefix}-{id}")
    }
    fn who(&self, t: &ThreatReport) -> String {
        who(&self.chrome.tr, t)
    }
    fn typed(&self, id: &i64) -> &str {
        if *id == self.ack_for {
            &self.ack.action_taken
        } else {
            ""
        }
    }
}

/// Who was threatened, as alert lists show them: a victim's code, else "a witness".
pub(crate) fn who(tr: &crate::i18n::Tr, t: &ThreatReport) -> String {
    match &t.victim_code {
        Some(c) => tr.s1("witnesses-victim-code", "code", c),
        None => tr.t("witnesses-witness"),
    }
}

/// One alert as "My work" and the protection page list it: "Pressure to settle · victim
/// LHR-…-V1 · case LHR-2026-0001 · reported 3 Dec 2026".
pub(crate) fn alert_line(tr: &crate::i18n::Tr, t: &ThreatReport) -> String {
    tr.args(
        "threats-alert-line",
        &[
            ("kind", label(tr, "kind", t.kind.code()).as_str()),
            ("who", who(tr, t).as_str()),
            ("reference", t.reference.as_str()),
            ("date", tr.date(&t.reported_on).as_str()),
        ],
    )
}

async fn threats_page(
    app: &AppState,
    user: &WebUser,
    fill: impl FnOnce(&mut ThreatsPage),
) -> PageResult {
    let threats = user.scoped(&app.store).open_threats().await?;
    let mut page = ThreatsPage {
        chrome: Chrome::of(user),
        threats,
        done: String::new(),
        errors: FieldErrors::new(),
        ack_for: 0,
        ack: AckForm::default(),
    };
    fill(&mut page);
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// `GET /threats`: open threat reports in the user's jurisdiction, to acknowledge.
pub async fn threats(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    threats_page(&app, &user, |p| p.done = q.done).await
}

/// `POST /threats/{threat}/acknowledgement`.
pub async fn acknowledge(
    State(app): State<AppState>,
    Path(threat): Path<i64>,
    CsrfForm { user, form }: CsrfForm<AckForm>,
) -> PageResult {
    let r = user
        .scoped(&app.store)
        .acknowledge_threat(
            threat,
            ThreatAcknowledgement {
                action_taken: form.action_taken.clone(),
            },
        )
        .await;
    match r {
        Ok(()) => Ok(Redirect::to("/threats?done=acknowledged#done").into_response()),
        Err(StoreError::Invalid(e)) => {
            let field = format!("action_taken-{threat}");
            threats_page(&app, &user, |p| {
                p.errors = renamed(e, &[("action_taken", &field)]);
                p.ack_for = threat;
                p.ack = form;
            })
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    /// Every code of the area's lists has its words in both languages.
    #[test]
    fn every_code_has_its_words() {
        use hifazat_domain::witnesses::*;
        crate::i18n::assert_code_words(
            "witnesses",
            &[
                (
                    "mode",
                    TestimonyMode::ALL.iter().map(|x| x.code()).collect(),
                ),
                (
                    "measure",
                    MeasureKind::ALL.iter().map(|x| x.code()).collect(),
                ),
                (
                    "requester",
                    MeasureRequester::ALL.iter().map(|x| x.code()).collect(),
                ),
                (
                    "status",
                    MeasureStatus::ALL.iter().map(|x| x.code()).collect(),
                ),
                (
                    "outcome",
                    MeasureOutcome::ALL.iter().map(|x| x.code()).collect(),
                ),
                ("kind", ThreatKind::ALL.iter().map(|x| x.code()).collect()),
                ("from", ThreatSource::ALL.iter().map(|x| x.code()).collect()),
                (
                    "threat-status",
                    ThreatStatus::ALL.iter().map(|x| x.code()).collect(),
                ),
                (
                    "consent",
                    RegistrationConsent::ALL.iter().map(|x| x.code()).collect(),
                ),
            ],
        );
    }
}
