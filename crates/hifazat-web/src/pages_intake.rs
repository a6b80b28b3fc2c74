//! The front door for staff (issue 11): the queue of public reports and helpline records
//! (`/intake`, one per district for supervisors, the operator's own records for a helpline
//! operator), the helpline form (`/intake/new`), an item with its triage, the duty officer's
//! acknowledgement and notes (`/intake/{id}`), the dashboard (`/intake/dashboard`), and the
//! districts' duty officers. An inquiry is opened through the case form
//! (`/cases/new?from_report=ID`), which registers the case and triages the item at once.
//!
//! As elsewhere: an error summary linking to each field, a confirmation after each action,
//! code lists in words from `locales/*/intake.ftl` (`intake-LIST-CODE`), dates in Pakistan time.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::pick as chosen;
use crate::forms::{opt, polished, CaseForm};
use crate::pages::{all_districts, districts_for, html, submitted, Chrome};
use crate::paging::{address, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hifazat_domain::case::{NewCase, ReportedVia};
use hifazat_domain::intake::{
    CallerKind, Channel, EscalationAck, Finding, IntakeLanguage, IntakeSource, IntakeUrgency,
    NewAddition, NewHelplineRecord, Triage, TriageAction,
};
use hifazat_domain::protection::SCREENING_INDICATORS;
use hifazat_domain::reference::{self, District};
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::intake::{
    DutyOfficer, InquiryDraft, IntakeCounts, IntakeDashboard, IntakeFilter, IntakeItem, IntakePage,
    IntakeSummary,
};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/intake", get(queue).post(record))
        .route("/intake/new", get(new_record))
        .route("/intake/dashboard", get(dashboard))
        .route("/intake/duty", post(set_duty))
        .route("/intake/{id}", get(item))
        .route("/intake/{id}/triage", post(triage))
        .route("/intake/{id}/acknowledgement", post(acknowledge))
        .route("/intake/{id}/notes", post(add_note))
        .route("/intake/{id}/agents", post(link_agent))
}

/// The words of this area's code lists: `intake-LIST-CODE`.
pub(crate) fn label(tr: &crate::i18n::Tr, list: &str, code: &str) -> String {
    tr.t(format!("intake-{list}-{}", code.replace('_', "-")))
}

/// A district's name beside its code, or "no district" (the national queue).
fn district_name(tr: &crate::i18n::Tr, code: &Option<String>) -> String {
    match code.as_deref().and_then(reference::district_by_code) {
        Some(d) => format!("{} ({})", d.name, d.code),
        None => tr.t("intake-no-district"),
    }
}

/// One line of an alert: "Immediate danger · H-… · Lahore (LHR) · received 10:42, 7 Dec 2026".
pub(crate) fn alert_line(tr: &crate::i18n::Tr, i: &IntakeSummary) -> String {
    tr.args(
        "intake-alert-line",
        &[
            ("reference", i.reference.as_str()),
            ("district", district_name(tr, &i.district_code).as_str()),
            ("when", tr.when(&i.received_at).as_str()),
        ],
    )
}

/// Methods the intake templates share.
pub trait IntakeWords {
    /// The page's chrome.
    fn chrome(&self) -> &Chrome;
    /// A code list's words.
    fn label(&self, list: &str, code: &str) -> String {
        label(&self.chrome().tr, list, code)
    }
    /// A district's name beside its code.
    fn district(&self, code: &Option<String>) -> String {
        district_name(&self.chrome().tr, code)
    }
    /// A sign's words.
    fn sign(&self, code: &str) -> String {
        self.chrome().tr.t(format!("protection-indicator-{code}"))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    status: String,
    overdue: String,
    district: String,
    source: String,
    page: String,
    done: String,
}

#[derive(Template)]
#[template(path = "intake.html")]
struct QueuePage {
    chrome: Chrome,
    q: QueueQuery,
    page: IntakePage,
    pager: Pager,
    counts: IntakeCounts,
    alerts: Vec<IntakeSummary>,
    duty: Vec<DutyOfficer>,
    candidates: Vec<(String, String)>,
    districts: Vec<&'static District>,
    duty_form: DutyForm,
    errors: FieldErrors,
    can_triage: bool,
    can_record: bool,
}

impl IntakeWords for QueuePage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

impl QueuePage {
    fn alert(&self, i: &IntakeSummary) -> String {
        alert_line(&self.chrome.tr, i)
    }
    fn done_message(&self) -> String {
        match self.q.done.as_str() {
            "duty" => self.chrome.tr.t("intake-done-duty"),
            _ => String::new(),
        }
    }
}

async fn queue_page(
    app: &AppState,
    user: &WebUser,
    q: QueueQuery,
    duty_form: DutyForm,
    errors: FieldErrors,
) -> Result<QueuePage, PageError> {
    let a = &user.session.actor;
    let can_triage = a.may(Action::TriageIntake);
    let can_record = a.may(Action::RecordIntake);
    let scoped = user.scoped(&app.store);
    let filter = IntakeFilter {
        status: opt(&q.status),
        overdue: (q.overdue == "true").then_some(true),
        district: opt(&q.district),
        source: opt(&q.source),
        page: q.page.trim().parse().ok(),
    };
    let page = scoped.intake_queue(&filter).await?;
    let pager = Pager::new(
        hifazat_store::page_number(filter.page),
        page.per_page,
        page.total,
        address(
            "/intake",
            &[
                ("status", q.status.as_str()),
                ("overdue", q.overdue.as_str()),
                ("district", q.district.as_str()),
                ("source", q.source.as_str()),
            ],
        ),
    );
    let (counts, duty, candidates) = if can_triage {
        (
            scoped.intake_counts().await?,
            scoped.duty_officers().await?,
            scoped.duty_candidates().await?,
        )
    } else {
        Default::default()
    };
    let alerts = scoped.intake_alerts().await?;
    Ok(QueuePage {
        chrome: Chrome::of(user),
        q,
        page,
        pager,
        counts,
        alerts,
        duty,
        candidates,
        districts: districts_for(&a.jurisdiction),
        duty_form,
        errors,
        can_triage,
        can_record,
    })
}

/// `GET /intake`: the queue.
pub async fn queue(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<QueueQuery>,
) -> PageResult {
    html(queue_page(&app, &user, q, DutyForm::default(), FieldErrors::new()).await?)
}

/// The duty officer form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DutyForm {
    district: String,
    username: String,
}

/// `POST /intake/duty`: names a district's duty officer.
pub async fn set_duty(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<DutyForm>,
) -> PageResult {
    let outcome = user
        .scoped(&app.store)
        .set_duty_officer(&form.district, &form.username)
        .await;
    let next = |()| "/intake?done=duty#done".to_owned();
    submitted(outcome, next, |e| {
        queue_page(&app, &user, QueueQuery::default(), form, e)
    })
    .await
}

/// The helpline form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HelplineForm {
    channel: String,
    language: String,
    caller_kind: String,
    contact_consent: Option<String>,
    caller_name: String,
    caller_phone: String,
    situation: String,
    indicators: Vec<String>,
    district: String,
    urgency: String,
    woman_officer: Option<String>,
}

impl HelplineForm {
    fn to_record(&self) -> Result<NewHelplineRecord, FieldErrors> {
        let mut e = FieldErrors::new();
        let channel = chosen(
            &mut e,
            "channel",
            &self.channel,
            Channel::from_code,
            "Choose how the call or message came in",
        );
        let language = chosen(
            &mut e,
            "language",
            &self.language,
            IntakeLanguage::from_code,
            "Choose the language the caller used",
        );
        let caller_kind = chosen(
            &mut e,
            "caller_kind",
            &self.caller_kind,
            CallerKind::from_code,
            "Choose who called",
        );
        let urgency = chosen(
            &mut e,
            "urgency",
            &self.urgency,
            IntakeUrgency::from_code,
            "Choose how urgent it is",
        );
        let r = NewHelplineRecord {
            channel: channel.unwrap_or(Channel::Call),
            language: language.unwrap_or(IntakeLanguage::Urdu),
            caller_kind: caller_kind.unwrap_or(CallerKind::Other),
            contact_consent: self.contact_consent.is_some(),
            caller_name: opt(&self.caller_name),
            caller_phone: opt(&self.caller_phone),
            situation: opt(&self.situation),
            indicators: self.indicators.clone(),
            district: opt(&self.district),
            urgency: urgency.unwrap_or(IntakeUrgency::Routine),
            woman_officer: self.woman_officer.is_some(),
        };
        match r.clone().validate() {
            Ok(_) if e.is_empty() => Ok(r),
            Ok(_) => Err(e),
            Err(more) => {
                e.extend(more);
                Err(e)
            }
        }
    }

    fn has(&self, code: &&str) -> bool {
        self.indicators.iter().any(|i| i == code)
    }
}

#[derive(Template)]
#[template(path = "intake_new.html")]
struct HelplinePage {
    chrome: Chrome,
    form: HelplineForm,
    errors: FieldErrors,
    districts: Vec<&'static District>,
    signs: &'static [(&'static str, &'static str)],
}

impl IntakeWords for HelplinePage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

impl HelplinePage {
    fn channels(&self) -> &'static [Channel] {
        &Channel::ALL[1..]
    }
    fn languages(&self) -> &'static [IntakeLanguage] {
        IntakeLanguage::ALL
    }
    fn callers(&self) -> &'static [CallerKind] {
        CallerKind::ALL
    }
    fn urgencies(&self) -> &'static [IntakeUrgency] {
        IntakeUrgency::ALL
    }
}

fn helpline_page(user: &WebUser, form: HelplineForm, errors: FieldErrors) -> HelplinePage {
    HelplinePage {
        chrome: Chrome::of(user),
        form,
        errors,
        districts: all_districts(),
        signs: SCREENING_INDICATORS,
    }
}

/// `GET /intake/new`: the helpline form.
pub async fn new_record(user: WebUser) -> PageResult {
    if !user.session.actor.may(Action::RecordIntake) {
        return Err(StoreError::Forbidden("this role does not take helpline calls").into());
    }
    html(helpline_page(
        &user,
        HelplineForm {
            channel: "call".into(),
            urgency: "routine".into(),
            ..Default::default()
        },
        FieldErrors::new(),
    ))
}

/// `POST /intake`: records a call or message.
pub async fn record(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<HelplineForm>,
) -> PageResult {
    let outcome = async {
        let r = form.to_record()?;
        user.scoped(&app.store).record_helpline(r).await
    }
    .await;
    let next = |rec: hifazat_store::intake::Recorded| {
        let done = match rec.escalated_to {
            Some(_) => "escalated",
            None => "recorded",
        };
        format!("/intake/{}?done={done}#done", rec.id)
    };
    submitted(outcome, next, |e| async {
        Ok(helpline_page(&user, form, polished(e)))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemQuery {
    done: String,
}

/// The triage form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct TriageForm {
    classification: String,
    action: String,
    duplicate_of: String,
    case_reference: String,
    person_uid: String,
    route_to: String,
    urgency: String,
    note: String,
}

impl TriageForm {
    fn to_triage(&self) -> Result<Triage, FieldErrors> {
        let mut e = FieldErrors::new();
        let classification = chosen(
            &mut e,
            "classification",
            &self.classification,
            Finding::from_code,
            "Choose what the report is",
        );
        let action = chosen(
            &mut e,
            "action",
            &self.action,
            TriageAction::from_code,
            "Choose what to do with it",
        );
        let urgency = match self.urgency.trim() {
            "" => None,
            s => chosen(
                &mut e,
                "urgency",
                s,
                IntakeUrgency::from_code,
                "Choose how urgent it is",
            ),
        };
        let (Some(classification), Some(action)) = (classification, action) else {
            return Err(e);
        };
        let t = Triage {
            classification,
            action,
            duplicate_of: opt(&self.duplicate_of),
            case_reference: opt(&self.case_reference),
            person_uid: opt(&self.person_uid),
            route_to: opt(&self.route_to),
            urgency,
            note: opt(&self.note),
        };
        e.into_result(t)
    }
}

/// The one-field forms (acknowledgement, note) as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TextForm {
    text: String,
}

#[derive(Template)]
#[template(path = "intake_item.html")]
struct ItemPage {
    chrome: Chrome,
    item: IntakeItem,
    done: String,
    form: TriageForm,
    errors: FieldErrors,
    typed: String,
    can_triage: bool,
    can_acknowledge: bool,
    can_open_inquiry: bool,
    /// May link the report to a recruitment agent (triage roles who read the register).
    can_link_agent: bool,
    districts: Vec<&'static District>,
}

impl IntakeWords for ItemPage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

impl ItemPage {
    fn classifications(&self) -> &'static [Finding] {
        Finding::ALL
    }
    fn actions(&self) -> Vec<TriageAction> {
        TriageAction::ALL
            .iter()
            .copied()
            .filter(|a| *a != TriageAction::OpenInquiry)
            .collect()
    }
    fn urgencies(&self) -> &'static [IntakeUrgency] {
        IntakeUrgency::ALL
    }
    fn inquiry_kinds(&self) -> &'static [Finding] {
        &Finding::ALL[..3]
    }
    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        match self.done.as_str() {
            "recorded" => tr.s1(
                "intake-done-recorded",
                "reference",
                &self.item.summary.reference,
            ),
            "escalated" => tr.args(
                "intake-done-escalated",
                &[
                    ("reference", self.item.summary.reference.as_str()),
                    (
                        "officer",
                        self.item.summary.escalated_to.as_deref().unwrap_or(""),
                    ),
                ],
            ),
            "triaged" => tr.t("intake-done-triaged"),
            "acknowledged" => tr.t("intake-done-acknowledged"),
            "note" => tr.t("intake-done-note"),
            "agent" => tr.t("intake-done-agent"),
            _ => String::new(),
        }
    }
}

async fn item_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    fill: impl FnOnce(&mut ItemPage),
) -> Result<ItemPage, PageError> {
    let item = user.scoped(&app.store).intake_item(id).await?;
    let a = &user.session.actor;
    let can_triage = a.may(Action::TriageIntake) && item.summary.status.code() == "new";
    let can_acknowledge = item.summary.urgency == IntakeUrgency::Immediate
        && item.summary.acknowledged_at.is_none()
        && (a.may(Action::TriageIntake)
            || item.summary.escalated_to.as_deref() == Some(a.username.as_str()));
    let mut p = ItemPage {
        chrome: Chrome::of(user),
        can_open_inquiry: can_triage
            && a.may(Action::EditCases)
            && item.summary.district_code.is_some(),
        item,
        done: String::new(),
        form: TriageForm::default(),
        errors: FieldErrors::new(),
        typed: String::new(),
        can_triage,
        can_acknowledge,
        can_link_agent: a.may(Action::TriageIntake) && a.may(Action::ViewAgents),
        districts: all_districts(),
    };
    fill(&mut p);
    Ok(p)
}

/// `GET /intake/{id}`: an item (what was said is shown, and the showing audited).
pub async fn item(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<ItemQuery>,
) -> PageResult {
    html(item_page(&app, &user, id, |p| p.done = q.done).await?)
}

/// `POST /intake/{id}/triage`.
pub async fn triage(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<TriageForm>,
) -> PageResult {
    let outcome = async {
        let t = form.to_triage()?;
        user.scoped(&app.store).triage(id, t).await
    }
    .await;
    let next = |()| format!("/intake/{id}?done=triaged#done");
    submitted(outcome, next, |e| {
        item_page(&app, &user, id, |p| {
            p.errors = polished(e);
            p.form = form;
        })
    })
    .await
}

/// After a one-field write on item `id`: its page with the confirmation `done`, or again with
/// the store's message on the form's field (`field`, renamed from `store_field`) and the text
/// as typed.
async fn after_text_write(
    app: &AppState,
    user: &WebUser,
    id: i64,
    r: Result<(), StoreError>,
    done: &str,
    (store_field, field): (&str, &str),
    typed: String,
) -> PageResult {
    let next = |()| format!("/intake/{id}?done={done}#done");
    submitted(r, next, |e| {
        item_page(app, user, id, |p| {
            p.errors = crate::forms::renamed(e, &[(store_field, field)]);
            p.typed = typed;
        })
    })
    .await
}

/// `POST /intake/{id}/acknowledgement`: the duty officer says what is being done.
pub async fn acknowledge(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<TextForm>,
) -> PageResult {
    let ack = EscalationAck {
        action_taken: Some(form.text.clone()),
    };
    let r = user
        .scoped(&app.store)
        .acknowledge_escalation(id, ack)
        .await;
    let rename = ("action_taken", "ack_text");
    after_text_write(&app, &user, id, r, "acknowledged", rename, form.text).await
}

/// `POST /intake/{id}/notes`: adds a note (sealed like what the caller said).
pub async fn add_note(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<TextForm>,
) -> PageResult {
    let note = NewAddition {
        text: Some(form.text.clone()),
    };
    let r = user.scoped(&app.store).add_intake_note(id, note).await;
    after_text_write(&app, &user, id, r, "note", ("text", "note_text"), form.text).await
}

/// `POST /intake/{id}/agents`: links the report to the recruitment agent it names.
pub async fn link_agent(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<TextForm>,
) -> PageResult {
    let r = user
        .scoped(&app.store)
        .link_report_agent(id, &form.text)
        .await;
    after_text_write(&app, &user, id, r, "agent", ("agent", "agent"), form.text).await
}

/// Fills the case form for an inquiry opened from item `id`: its district, how it came, the
/// kind the classification suggests, the day it was received; a summary naming the report
/// only (the officer writes the rest, without victims' names).
pub(crate) async fn prefill_inquiry(
    app: &AppState,
    user: &WebUser,
    form: &mut CaseForm,
    id: i64,
    classification: &str,
) -> Result<(), PageError> {
    let draft: InquiryDraft = user.scoped(&app.store).inquiry_draft(id).await?;
    if draft.already_triaged {
        return Err(PageError(
            StatusCode::CONFLICT,
            "This report is already triaged".into(),
        ));
    }
    let class = Finding::from_code(classification).unwrap_or(Finding::PossibleTip);
    form.intake_id = id.to_string();
    form.intake_classification = class.code().to_owned();
    form.kind = InquiryDraft::kind_for(class).code().to_owned();
    if let Some(d) = &draft.district {
        form.district = d.clone();
    }
    form.reported_via = match draft.source {
        IntakeSource::Public => ReportedVia::PublicReport,
        IntakeSource::Helpline => ReportedVia::Helpline,
    }
    .code()
    .to_owned();
    let mut date = draft.reported_on.splitn(3, '-');
    if let (Some(y), Some(m), Some(d)) = (date.next(), date.next(), date.next()) {
        form.reported_year = y.to_owned();
        form.reported_month = m.trim_start_matches('0').to_owned();
        form.reported_day = d.trim_start_matches('0').to_owned();
    }
    form.summary = format!("Inquiry from report {}.", draft.reference);
    Ok(())
}

/// Opens the inquiry the case form asks for: the case at "inquiry" and the item triaged, in
/// one transaction.
pub(crate) async fn open_inquiry(
    app: &AppState,
    user: &WebUser,
    form: &CaseForm,
    c: NewCase,
) -> Result<i64, StoreError> {
    let id: i64 = form
        .intake_id
        .trim()
        .parse()
        .map_err(|_| StoreError::NotFound)?;
    let Some(class) = Finding::from_code(form.intake_classification.trim()) else {
        let mut e = FieldErrors::new();
        e.add("intake_classification", "Choose what the report is");
        return Err(StoreError::Invalid(e));
    };
    user.scoped(&app.store).open_inquiry(id, class, c).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    days: String,
}

#[derive(Template)]
#[template(path = "intake_dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    d: IntakeDashboard,
    days: i64,
}

impl IntakeWords for DashboardPage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

impl DashboardPage {
    fn periods(&self) -> [i64; 4] {
        [7, 30, 90, 365]
    }
    fn minutes(&self, m: &Option<i64>) -> String {
        let tr = &self.chrome.tr;
        match m {
            None => "—".into(),
            Some(m) if *m < 120 => tr.n1("intake-minutes", "n", *m),
            Some(m) if *m < 48 * 60 => tr.n1("intake-hours", "n", m / 60),
            Some(m) => tr.n1("intake-days", "n", m / (24 * 60)),
        }
    }
    fn outcome(&self, o: &Option<Finding>) -> String {
        match o {
            Some(c) => self.label("class", c.code()),
            None => self.chrome.tr.t("intake-awaiting-triage"),
        }
    }
}

/// `GET /intake/dashboard?days=30`: reports by channel and outcome, and times to first action.
pub async fn dashboard(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    let days = q.days.trim().parse::<i64>().unwrap_or(30).clamp(1, 3660);
    let now = app.store.now();
    let d = user
        .scoped(&app.store)
        .intake_dashboard(now - chrono::Duration::days(days), now)
        .await?;
    html(DashboardPage {
        chrome: Chrome::of(&user),
        d,
        days,
    })
}

#[cfg(test)]
mod tests {
    /// Every code of the area's lists has its words in both languages.
    #[test]
    fn every_code_has_its_words() {
        use hifazat_domain::intake::*;
        crate::i18n::assert_code_words(
            "intake",
            &[
                (
                    "source",
                    IntakeSource::ALL.iter().map(|x| x.code()).collect(),
                ),
                ("channel", Channel::ALL.iter().map(|x| x.code()).collect()),
                (
                    "language",
                    IntakeLanguage::ALL.iter().map(|x| x.code()).collect(),
                ),
                ("caller", CallerKind::ALL.iter().map(|x| x.code()).collect()),
                (
                    "urgency",
                    IntakeUrgency::ALL.iter().map(|x| x.code()).collect(),
                ),
                ("class", Finding::ALL.iter().map(|x| x.code()).collect()),
                (
                    "status",
                    IntakeStatus::ALL.iter().map(|x| x.code()).collect(),
                ),
                (
                    "action",
                    TriageAction::ALL.iter().map(|x| x.code()).collect(),
                ),
            ],
        );
    }
}
