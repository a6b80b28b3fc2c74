//! Case pages: the list and its export, registration, the case page with its forms
//! (persons, stage, hearings, accused status) and a victim's identity (audited).
//!
//! As in the protection and screening areas: the list pages with a true total and keeps its
//! filters; every form has an error summary linking to its fields, dates typed as day, month
//! and year, countries picked by name; a final step (a verdict, closing the case) is asked
//! about first; every action ends on a message that says what happened and what comes next.
//! Code lists are shown in words from `locales/*/cases.ftl` (`cases-LIST-CODE`), dates as
//! people write them, times in Pakistan time. Edit forms show only to those who may edit
//! (`chrome.edit`): a prosecutor reads a case without them.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::*;
use crate::i18n::Tr;
use crate::pages::{all_districts, districts_for, html, submitted, Chrome};
use crate::pages_protection::Labels;
use crate::paging::Pager;
use crate::screening_words::Words;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use hifazat_domain::case::{Act, ReportedVia, Scope};
use hifazat_domain::person::{
    PaymentMethod, RecruitmentMethod, Relation, RelationshipToTrafficker,
};
use hifazat_domain::reference::{self, District, ExploitationForm, Indicator, Offence};
use hifazat_domain::{
    AccusedStatus, Action, CaseKind, FieldErrors, Jurisdiction, PersonRole, Sex, Stage,
};
use hifazat_store::admin::users::Agency;
use hifazat_store::cases::models::{
    Assignment, CaseDetail, CaseFilter, CaseSummary, Officer, VictimIdentity,
};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// The words of the cases area's code lists, in the page's language.
pub trait CaseWords {
    /// The label of `code` in the code list `list` (`kind`, `scope`, `act`, `status`,
    /// `relation`, `means`, `form`, `stage`, `role`, `sex`): the message
    /// `cases-LIST-CODE` (underscores and slashes written as dashes).
    fn case_label(&self, list: &str, code: &str) -> String;
    /// A country's name from its code, in the page's language.
    fn country(&self, code: &str) -> String;
    /// Every country as (code, name), by name, for the country picker.
    fn countries(&self) -> Vec<(String, String)>;
}

impl CaseWords for Tr {
    fn case_label(&self, list: &str, code: &str) -> String {
        self.t(format!("cases-{list}-{}", code.replace(['_', '/'], "-")))
    }
    fn country(&self, code: &str) -> String {
        Words(*self).country(code)
    }
    fn countries(&self) -> Vec<(String, String)> {
        Words(*self).countries()
    }
}

/// Rows a page of the case list.
const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    chrome: Chrome,
    items: Vec<CaseSummary>,
    pager: Pager,
    f: CaseFilter,
    query: String,
    districts: Vec<&'static District>,
    kinds: &'static [CaseKind],
    stages: &'static [Stage],
}

impl CasesPage {
    fn selected_kind(&self, k: &CaseKind) -> bool {
        self.f.kind == Some(*k)
    }
    fn selected_stage(&self, s: &Stage) -> bool {
        self.f.stage == Some(*s)
    }
    fn selected_district(&self, d: &str) -> bool {
        self.f.district.as_deref() == Some(d)
    }
    fn open_value(&self) -> &'static str {
        match self.f.open {
            Some(true) => "true",
            Some(false) => "false",
            None => "",
        }
    }
    fn filtered(&self) -> bool {
        !self.query.is_empty()
    }
    /// The export link, with the page's filters.
    fn export_href(&self) -> String {
        if self.query.is_empty() {
            "/cases.csv".into()
        } else {
            format!("/cases.csv?{}", self.query)
        }
    }
}

/// `POST /cases/search`: the filter form; the text search is sealed into the address of the
/// results (see [`seal_search`]).
pub async fn cases_search(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<CaseFilterQuery>,
) -> Redirect {
    let sealed = if form.q.trim().is_empty() {
        String::new()
    } else {
        seal_search(&app, &user, form.q.trim())
    };
    let f = CaseFilter {
        q: None,
        ..form.filter()
    };
    Redirect::to(&format!("/cases?{}", filter_query(&f, &sealed)))
}

/// Filters as a query string (for paging links and the export link); the text search only
/// sealed.
fn filter_query(f: &CaseFilter, sealed: &str) -> String {
    let open = match f.open {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    };
    let all = [
        ("kind", f.kind.map(|k| k.code()).unwrap_or("")),
        ("stage", f.stage.map(|k| k.code()).unwrap_or("")),
        ("district", f.district.as_deref().unwrap_or("")),
        ("province", f.province.as_deref().unwrap_or("")),
        ("s", sealed),
        ("open", open),
    ];
    let set: Vec<(&str, &str)> = all.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    serde_html_form::to_string(&set).unwrap_or_default()
}

/// Reads the case filter leniently from a page query (empty fields mean "any"). The text
/// search never travels in the address: the search form posts it, and the address carries it
/// sealed (`s`, see [`seal_search`]), readable only by the same session.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CaseFilterQuery {
    kind: String,
    stage: String,
    district: String,
    province: String,
    q: String,
    s: String,
    open: String,
    page: String,
    csrf: String,
}

/// Seals a text search (a CNIC, a passport, a reference) for the address of the result pages:
/// encrypted for this session only, so proxy logs and browser history never hold it.
pub(crate) fn seal_search(app: &AppState, user: &WebUser, q: &str) -> String {
    let sealed = app
        .store
        .vault()
        .encrypt(&format!("search:{}", user.session.id), q);
    hex::encode(sealed)
}

/// Opens a search sealed by [`seal_search`] for this session (anything else is ignored).
pub(crate) fn open_search(app: &AppState, user: &WebUser, s: &str) -> Option<String> {
    let bytes = hex::decode(s.trim()).ok()?;
    let sealed = String::from_utf8(bytes).ok()?;
    app.store
        .vault()
        .decrypt(&format!("search:{}", user.session.id), &sealed)
        .ok()
}

impl CaseFilterQuery {
    /// The filter of a page address: `q` is ignored there (only a sealed `s` counts).
    fn read_address(mut self, app: &AppState, user: &WebUser) -> (CaseFilter, String) {
        self.q = open_search(app, user, &self.s).unwrap_or_default();
        let sealed = if self.q.trim().is_empty() {
            String::new()
        } else {
            self.s.clone()
        };
        (self.filter(), sealed)
    }

    fn filter(&self) -> CaseFilter {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        CaseFilter {
            kind: CaseKind::from_code(&self.kind),
            stage: Stage::from_code(&self.stage),
            district: some(&self.district),
            province: some(&self.province),
            q: some(&self.q),
            open: match self.open.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            page: self.page.parse().ok(),
            per_page: Some(50),
            ..Default::default()
        }
    }
}

/// `GET /cases`: a page of the cases in the user's jurisdiction, with the true total.
pub async fn cases(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<CaseFilterQuery>,
) -> PageResult {
    let (mut f, sealed) = q.read_address(&app, &user);
    let s = user.scoped(&app.store);
    let (mut items, total) = s.list_cases(&f).await?;
    // A page past the last one (an old link, a list that shrank) shows the last page.
    if items.is_empty() && total > 0 && hifazat_store::page_number(f.page) > 1 {
        f.page = Some((total + PER_PAGE - 1) / PER_PAGE);
        items = s.list_cases(&f).await?.0;
    }
    let query = filter_query(&f, &sealed);
    let base = if query.is_empty() {
        "/cases".to_owned()
    } else {
        format!("/cases?{query}")
    };
    html(CasesPage {
        chrome: Chrome::of(&user),
        items,
        pager: Pager::new(hifazat_store::page_number(f.page), PER_PAGE, total, base),
        query,
        districts: districts_for(&user.session.actor.jurisdiction),
        f,
        kinds: CaseKind::ALL,
        stages: Stage::ALL,
    })
}

/// `GET /cases.csv`: the filtered list as CSV, victims by code only.
pub async fn cases_csv(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<CaseFilterQuery>,
) -> PageResult {
    let (mut f, _) = q.read_address(&app, &user);
    f.per_page = Some(500);
    let s = user.scoped(&app.store);
    let mut rows = 0usize;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    w.write_record([
        "reference",
        "kind",
        "scope",
        "stage",
        "district",
        "province",
        "agency",
        "fir_number",
        "fir_date",
        "reported_on",
        "last_activity_at",
        "victims",
        "accused",
    ])
    .map_err(io)?;
    let mut page = 1;
    loop {
        f.page = Some(page);
        let (items, total) = s.list_cases(&f).await?;
        for c in &items {
            let cells = [
                c.reference.as_str(),
                c.kind.code(),
                c.scope.code(),
                c.stage.code(),
                c.district_code.as_str(),
                c.province_code.as_str(),
                c.agency.as_deref().unwrap_or(""),
                c.fir_number.as_deref().unwrap_or(""),
                c.fir_date.as_deref().unwrap_or(""),
                c.reported_on.as_str(),
                c.last_activity_at.as_str(),
                &c.victim_codes.join(" "),
                &c.accused_count.to_string(),
            ];
            w.write_record(
                cells
                    .iter()
                    .map(|c| crate::format::spreadsheet_safe(c).into_owned()),
            )
            .map_err(io)?;
            rows += 1;
        }
        if items.is_empty() || page * 500 >= total {
            break;
        }
        page += 1;
    }
    let body = w
        .into_inner()
        .map_err(|e| PageError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let searched = f.q.is_some();
    let filters = CaseFilter { q: None, ..f };
    let mut described = filter_query(&filters, "");
    if searched {
        described.push_str(" (with a text search)");
    }
    s.record_export("cases.csv", rows, &described).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"hifazat-cases.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "case_new.html")]
struct CaseNewPage {
    chrome: Chrome,
    form: CaseForm,
    errors: FieldErrors,
    kinds: &'static [CaseKind],
    acts: &'static [Act],
    scopes: &'static [Scope],
    indicators: &'static [Indicator],
    forms: &'static [ExploitationForm],
    offences: &'static [Offence],
    districts: Vec<&'static District>,
    all_districts: Vec<&'static District>,
    agencies: Vec<Agency>,
    exit_points: &'static [&'static str],
    countries: Vec<(String, String)>,
    /// The case being amended (id, reference); `None` when registering a new one.
    amend: Option<(i64, String)>,
    reported_vias: &'static [ReportedVia],
}

impl CaseNewPage {
    async fn new(
        app: &AppState,
        user: &WebUser,
        form: CaseForm,
        errors: FieldErrors,
    ) -> Result<Self, PageError> {
        let j = &user.session.actor.jurisdiction;
        let agencies = app
            .store
            .agencies()
            .await?
            .into_iter()
            .filter(|a| matches!(a.kind.as_str(), "fia_circle" | "police_station" | "fia_zone" | "immigration"))
            .filter(|a| match (&a.province_code, &a.district_code) {
                (Some(p), Some(d)) => j.covers(p, d),
                (Some(p), None) => matches!(j, Jurisdiction::National) || matches!(j, Jurisdiction::Province(x) if x == p) || matches!(j, Jurisdiction::District(d) if reference::district_by_code(d).is_some_and(|d| &d.province_code == p)),
                _ => true,
            })
            .collect();
        Ok(CaseNewPage {
            chrome: Chrome::of(user),
            form,
            errors,
            kinds: CaseKind::ALL,
            acts: Act::ALL,
            scopes: Scope::ALL,
            indicators: reference::indicators(),
            forms: reference::exploitation_forms(),
            offences: reference::offences(),
            districts: districts_for(j),
            all_districts: all_districts(),
            agencies,
            exit_points: reference::EXIT_POINTS,
            countries: Tr(user.lang).countries(),
            amend: None,
            reported_vias: ReportedVia::ALL,
        })
    }

    fn has(&self, list: &[String], code: &str) -> bool {
        CaseForm::has(list, code)
    }

    /// The page's title: registering, or amending a case.
    fn title(&self) -> String {
        match &self.amend {
            Some((_, r)) => self.chrome.tr.s1("cases-amend-title", "reference", r),
            None => self.chrome.tr.t("cases-new-title"),
        }
    }

    /// Where the form posts.
    fn action(&self) -> String {
        match &self.amend {
            Some((id, _)) => format!("/cases/{id}/amend"),
            None => "/cases".into(),
        }
    }
}

/// The amendment page for case `id`, with `form` and its `errors`.
async fn amend_page(
    app: &AppState,
    user: &WebUser,
    c: &CaseDetail,
    form: CaseForm,
    errors: FieldErrors,
) -> Result<CaseNewPage, PageError> {
    let mut page = CaseNewPage::new(app, user, form, errors).await?;
    page.amend = Some((c.case.id, c.case.reference.clone()));
    Ok(page)
}

/// `GET /cases/{id}/amend`: the case's classification, to amend with a reason.
pub async fn amend_form(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> PageResult {
    if !user.session.actor.may(Action::EditCases) {
        return Err(StoreError::Forbidden("this role cannot change cases").into());
    }
    let c = user.scoped(&app.store).get_case(id).await?;
    let form = CaseForm::of_case(&c);
    html(amend_page(&app, &user, &c, form, FieldErrors::new()).await?)
}

/// `POST /cases/{id}/amend`: saves the amendment, or shows the form again with its errors.
pub async fn amend_save(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<CaseForm>,
) -> PageResult {
    let s = user.scoped(&app.store);
    let c = s.get_case(id).await?;
    let outcome = async {
        let a = form.to_amendment(&c.case.district_code)?;
        s.amend_case(id, a).await
    }
    .await;
    let next = |_| format!("/cases/{id}?done=amended#amendments");
    submitted(outcome, next, |errors| {
        amend_page(&app, &user, &c, form, polished(errors))
    })
    .await
}

/// `GET /cases/new`.
pub async fn case_new(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<NewCaseQuery>,
) -> PageResult {
    if !user.session.actor.may(Action::EditCases) {
        return Err(StoreError::Forbidden("this role cannot register cases").into());
    }
    let mut form = CaseForm {
        scope: "internal".into(),
        ..Default::default()
    };
    if let Jurisdiction::District(d) = &user.session.actor.jurisdiction {
        form.district = d.clone();
    }
    if let Some(id) = q.from_report {
        crate::pages_intake::prefill_inquiry(&app, &user, &mut form, id, &q.classification).await?;
    }
    if let Some(id) = q.from_debriefing {
        form = crate::pages_returnees::case_form_from_debriefing(&app, &user, id).await?;
    }
    html(CaseNewPage::new(&app, &user, form, FieldErrors::new()).await?)
}

/// `POST /cases`: registers a case, or shows the form again with its error summary.
pub async fn case_create(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<CaseForm>,
) -> PageResult {
    let debriefing = form.debriefing_id.trim().parse::<i64>().ok();
    let inquiry = !form.intake_id.trim().is_empty() || debriefing.is_some();
    let outcome = async {
        let c = form.to_new_case()?;
        match debriefing {
            Some(d) => {
                user.scoped(&app.store)
                    .open_case_from_debriefing(d, c)
                    .await
            }
            None if inquiry => crate::pages_intake::open_inquiry(&app, &user, &form, c).await,
            None => user.scoped(&app.store).create_case(c).await,
        }
    }
    .await;
    let next = |id| match inquiry {
        true => format!("/cases/{id}?done=inquiry#done"),
        false => format!("/cases/{id}?done=registered"),
    };
    submitted(outcome, next, |errors| {
        CaseNewPage::new(&app, &user, form, polished(errors))
    })
    .await
}

/// `GET /cases/new?from_report=ID&classification=CODE`: an inquiry from a report.
#[derive(Debug, Default, Deserialize)]
pub struct NewCaseQuery {
    /// The report or helpline record to open an inquiry from.
    pub from_report: Option<i64>,
    /// What triage found it to be.
    #[serde(default)]
    pub classification: String,
    /// The returnee's debriefing to open a case from.
    pub from_debriefing: Option<i64>,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    c: CaseDetail,
    done: String,
    person_form: PersonForm,
    person_errors: FieldErrors,
    transition_form: TransitionForm,
    transition_errors: FieldErrors,
    hearing_form: HearingForm,
    hearing_errors: FieldErrors,
    status_errors: FieldErrors,
    status_for: i64,
    roles: &'static [PersonRole],
    sexes: &'static [Sex],
    relations: &'static [Relation],
    statuses: &'static [AccusedStatus],
    all_districts: Vec<&'static District>,
    countries: Vec<(String, String)>,
    can_see_identity: bool,
    dups: Vec<hifazat_store::persons::PersonHit>,
    /// May name the case's officers (supervisors, the national coordinator).
    may_assign: bool,
    /// Investigating officers and supervisors who may be named.
    officers: (Vec<Officer>, Vec<Officer>),
    assign_form: Assignment,
    assign_errors: FieldErrors,
    /// May put an accused on the exit blacklist (keeps the watchlists).
    may_blacklist: bool,
    /// May amend the case (an open case: whoever edits cases; a decided or closed one: a
    /// supervisor or the national coordinator, as the store enforces).
    may_amend: bool,
    exit_errors: FieldErrors,
    /// The accused whose listing was refused.
    exit_for: i64,
    facts_errors: FieldErrors,
    /// The person whose facts came back with errors, and what was typed.
    facts_for: i64,
    facts_form: FactsForm,
    /// Police stations and FIA circles a case may be transferred to (loaded for those who may).
    transfer_agencies: Vec<Agency>,
    transfer_form: TransferForm,
    transfer_errors: FieldErrors,
    /// The transfers this user decides (ids).
    decides: Vec<i64>,
    doc_form: DocumentForm,
    doc_errors: FieldErrors,
    document_kinds: &'static [hifazat_domain::documents::DocumentKind],
    payment_methods: &'static [PaymentMethod],
    recruitment_methods: &'static [RecruitmentMethod],
    relationships: &'static [RelationshipToTrafficker],
    /// Recruitment agents linked to the case (for those who read the register).
    agents: Vec<hifazat_store::agents::AgentSummary>,
    /// Returnees whose debriefing opened the case: (id, reference).
    returnees: Vec<(i64, String)>,
}

impl CasePage {
    fn new(user: &WebUser, c: CaseDetail) -> Self {
        let open = c.case.stage.is_open();
        let read_only = c.read_only;
        let decides = c
            .transfers
            .iter()
            .filter(|t| hifazat_store::cases::transfers::decides(&user.session.actor, t))
            .map(|t| t.id)
            .collect();
        let tr = Tr(user.lang);
        let assign_form = Assignment {
            investigating_officer: c_officer(&c.investigating_officer),
            supervisor: c_officer(&c.supervisor),
            reason: None,
        };
        let mut chrome = Chrome::of(user);
        // Read through a transfer: nothing on this page changes it.
        chrome.edit = chrome.edit && !c.read_only;
        CasePage {
            chrome,
            c,
            done: String::new(),
            person_form: PersonForm {
                role: "victim".into(),
                nationality: tr.country("PK"),
                ..Default::default()
            },
            person_errors: FieldErrors::new(),
            transition_form: TransitionForm::default(),
            transition_errors: FieldErrors::new(),
            hearing_form: HearingForm::default(),
            hearing_errors: FieldErrors::new(),
            status_errors: FieldErrors::new(),
            status_for: 0,
            roles: PersonRole::ALL,
            sexes: Sex::ALL,
            relations: Relation::ALL,
            statuses: AccusedStatus::ALL,
            all_districts: all_districts(),
            countries: tr.countries(),
            can_see_identity: user.session.actor.may(Action::ViewVictimIdentity),
            dups: Vec::new(),
            may_assign: user.session.actor.may(Action::AssignCases),
            officers: (Vec::new(), Vec::new()),
            assign_form,
            assign_errors: FieldErrors::new(),
            may_blacklist: user.session.actor.may(Action::ManageWatchlists) && !read_only,
            may_amend: user.session.actor.may(Action::EditCases)
                && !read_only
                && (open
                    || user.session.actor.has_any(&[
                        hifazat_domain::UserRole::Supervisor,
                        hifazat_domain::UserRole::NationalCoordinator,
                    ])),
            exit_errors: FieldErrors::new(),
            exit_for: 0,
            facts_errors: FieldErrors::new(),
            facts_for: 0,
            facts_form: FactsForm::default(),
            transfer_agencies: Vec::new(),
            transfer_form: TransferForm::default(),
            transfer_errors: FieldErrors::new(),
            decides,
            doc_form: DocumentForm::default(),
            doc_errors: FieldErrors::new(),
            document_kinds: hifazat_domain::documents::DocumentKind::ALL,
            payment_methods: PaymentMethod::ALL,
            recruitment_methods: RecruitmentMethod::ALL,
            relationships: RelationshipToTrafficker::ALL,
            agents: Vec::new(),
            returnees: Vec::new(),
        }
    }

    /// An agent's licence in words: its status, or "not licensed".
    fn agent_licence(&self, a: &hifazat_store::agents::AgentSummary) -> String {
        match a.status {
            Some(s) => crate::pages_agents::label(&self.chrome.tr, "status", s.code()),
            None => self.chrome.tr.t("agents-not-licensed"),
        }
    }

    fn assigned(&self, field: &str, username: &str) -> bool {
        let v = match field {
            "investigating_officer" => &self.assign_form.investigating_officer,
            _ => &self.assign_form.supervisor,
        };
        v.as_deref() == Some(username)
    }

    fn district_name(&self, code: &str) -> String {
        reference::district_by_code(code)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
    fn offence(&self, code: &str) -> Option<&'static Offence> {
        reference::offence(code)
    }
    fn needs_fir(&self) -> bool {
        self.c.case.fir_number.is_none() && self.c.allowed_next.contains(&Stage::FirRegistered)
    }
    /// What was just done, and what comes next.
    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        let stage = tr.case_label("stage", self.c.case.stage.code());
        match self.done.as_str() {
            "registered" => tr.s1("cases-done-registered", "reference", &self.c.case.reference),
            "inquiry" => tr.s1("intake-done-inquiry", "reference", &self.c.case.reference),
            "person" => tr.t("cases-done-person"),
            "stage" if !self.c.case.stage.is_open() => {
                tr.s1("cases-done-stage-final", "stage", &stage)
            }
            "stage" => tr.s1("cases-done-stage", "stage", &stage),
            "hearing" => tr.t("cases-done-hearing"),
            "status" => tr.t("cases-done-status"),
            "assigned" => tr.t("cases-done-assigned"),
            "exit" => tr.t("cases-done-exit"),
            "facts" => tr.t("cases-done-facts"),
            "document" => tr.t("cases-done-document"),
            "transfer-requested" => tr.t("cases-done-transfer-requested"),
            "transfer-accepted" => tr.t("cases-done-transfer-accepted"),
            "transfer-declined" => tr.t("cases-done-transfer-declined"),
            "amended" => tr.s1(
                "cases-done-amended",
                "kind",
                tr.case_label("kind", self.c.case.kind.code()),
            ),
            _ => String::new(),
        }
    }
    /// One change of an amendment, in words: "Kind: Smuggling → Trafficking", "Offences:
    /// removed PSMA-3; added PTPA-3".
    fn change_text(&self, ch: &hifazat_domain::case::Change) -> String {
        let tr = &self.chrome.tr;
        let label = |v: &String| -> String {
            match ch.field {
                "kind" => tr.case_label("kind", v),
                "scope" => tr.case_label("scope", v),
                "elements.acts" => tr.case_label("act", v),
                "elements.means" => tr.case_label("means", v),
                "elements.purposes" | "exploitation" => tr.case_label("form", v),
                "destination_countries" => tr.country(v),
                "origin_district" => self.district_name(v),
                f if f.starts_with("elements.") => tr.t(format!("cases-{v}")),
                _ => v.clone(),
            }
        };
        let list = |v: &[String]| {
            v.iter()
                .map(label)
                .collect::<Vec<_>>()
                .join(&tr.t("cases-list-sep"))
        };
        let field = tr.t(format!("cases-field-{}", ch.field.replace('.', "-")));
        let single = !matches!(
            ch.field,
            "elements.acts"
                | "elements.means"
                | "elements.purposes"
                | "offences"
                | "exploitation"
                | "destination_countries"
        );
        let none = || tr.t("cases-none");
        let or_none = |v: &[String]| if v.is_empty() { none() } else { list(v) };
        if single {
            tr.args(
                "cases-change-single",
                &[
                    ("field", &field),
                    ("before", &or_none(&ch.removed)),
                    ("after", &or_none(&ch.added)),
                ],
            )
        } else if ch.added.is_empty() {
            tr.args(
                "cases-change-removed",
                &[("field", &field), ("list", &list(&ch.removed))],
            )
        } else if ch.removed.is_empty() {
            tr.args(
                "cases-change-added",
                &[("field", &field), ("list", &list(&ch.added))],
            )
        } else {
            tr.args(
                "cases-change-both",
                &[
                    ("field", &field),
                    ("removed", &list(&ch.removed)),
                    ("added", &list(&ch.added)),
                ],
            )
        }
    }

    /// The facts form for person `p`: what was typed when it came back, else what is on record.
    fn facts_of(&self, p: &hifazat_store::cases::models::CasePerson) -> FactsForm {
        if self.facts_for == p.id {
            self.facts_form.clone()
        } else {
            FactsForm::of(&p.facts)
        }
    }

    /// The case may be sent elsewhere from this page: it is the reader's, open, and no
    /// transfer is waiting.
    fn may_transfer(&self) -> bool {
        may_transfer(self.chrome.edit, &self.c)
    }

    /// The district's name with its code, for transfer lines.
    fn place(&self, code: &str) -> String {
        format!("{} ({code})", self.district_name(code))
    }

    /// The agency's district, for the transfer form's list.
    fn agency_place(&self, a: &Agency) -> String {
        a.district_code
            .as_deref()
            .map(|d| self.district_name(d))
            .unwrap_or_default()
    }

    /// A size in kilobytes or megabytes, as the language writes numbers.
    fn size(&self, bytes: &i64) -> String {
        let tr = &self.chrome.tr;
        if *bytes >= 1024 * 1024 {
            tr.s1(
                "cases-size-mb",
                "n",
                format!("{:.1}", *bytes as f64 / 1048576.0),
            )
        } else {
            tr.s1("cases-size-kb", "n", tr.n((*bytes + 1023) / 1024))
        }
    }

    /// Who a document concerns: a victim by code, anyone else by name.
    fn concerns(&self, id: &i64) -> String {
        self.c
            .persons
            .iter()
            .find(|p| p.id == *id)
            .map(|p| {
                p.victim_code
                    .clone()
                    .or_else(|| p.name.clone())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// May open this document (a victim's only with the right to see identities).
    fn may_open(&self, d: &hifazat_store::cases::documents::Document) -> bool {
        !self.c.read_only && (!d.victims || self.can_see_identity)
    }

    /// The prefix of the facts form's field ids for person `id`: `f` for the form that came
    /// back with errors (so the error summary's `#f-…` links reach its fields).
    fn facts_prefix(&self, id: &i64) -> String {
        if self.facts_for == *id {
            "f".into()
        } else {
            format!("fa{id}")
        }
    }

    /// A recruitment place's name: a district or a country.
    fn place_name(&self, code: &str) -> String {
        match reference::district_by_code(code) {
            Some(d) => d.name.clone(),
            None => self.chrome.tr.country(code),
        }
    }

    /// An amount paid, with its currency, as the language writes numbers.
    fn paid(&self, f: &hifazat_domain::person::PersonFacts) -> String {
        match f.paid_amount {
            Some(a) => format!(
                "{} {}",
                f.paid_currency.as_deref().unwrap_or("PKR"),
                self.chrome.tr.n(a)
            ),
            None => String::new(),
        }
    }

    /// The fine, written as the language writes numbers.
    fn rupees(&self, n: &i64) -> String {
        self.chrome
            .tr
            .s1("cases-rupees", "amount", self.chrome.tr.n(*n))
    }
}

/// Query of the case page.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// `GET /cases/{id}`.
pub async fn case_page(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let mut page = full_case_page(&app, &user, id).await?;
    page.done = q.done;
    html(page)
}

/// Whether the case page offers a transfer: to one who edits it (`edit`, which is false for a
/// case read through a transfer), while it is open and no transfer of it is waiting.
fn may_transfer(edit: bool, c: &CaseDetail) -> bool {
    edit && c.case.stage.is_open() && !c.transfers.iter().any(|t| t.status == "requested")
}

/// The case page with everything it offers, from one scoped read of the case
/// (`Scoped::case_page`): the officers to name, the agents and returnees, and the agencies to
/// transfer to when the page offers a transfer.
async fn full_case_page(app: &AppState, user: &WebUser, id: i64) -> Result<CasePage, PageError> {
    // The page's `chrome.edit` before `CasePage::new` turns it off for a read through a transfer.
    let edit = Chrome::of(user).edit;
    let r = user
        .scoped(&app.store)
        .case_page(id, |c| may_transfer(edit && !c.read_only, c))
        .await?;
    let mut page = CasePage::new(user, r.detail);
    page.transfer_agencies = r
        .agencies
        .into_iter()
        .filter(|a| matches!(a.kind.as_str(), "police_station" | "fia_circle"))
        .collect();
    page.officers = r.officers;
    page.agents = r.agents;
    page.returnees = r.returnees;
    Ok(page)
}

/// The case page with one of its forms filled in again (`fill`: the form as typed and its
/// messages), for [`submitted`] to show with 422.
async fn case_with(
    app: &AppState,
    user: &WebUser,
    id: i64,
    fill: impl FnOnce(&mut CasePage),
) -> Result<CasePage, PageError> {
    let mut page = full_case_page(app, user, id).await?;
    fill(&mut page);
    Ok(page)
}

/// `POST /cases/{id}/persons`.
pub async fn person_add(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<PersonForm>,
) -> PageResult {
    let outcome = async {
        let p = form.to_new_person()?;
        user.scoped(&app.store).add_person(id, p).await
    }
    .await;
    match outcome {
        // Added, and possibly the same as persons on record: the case page says so at once.
        Ok(added) if !added.possible_duplicates.is_empty() => {
            let c = user.scoped(&app.store).get_case(id).await?;
            let mut page = CasePage::new(&user, c);
            page.done = "person".into();
            page.dups = added.possible_duplicates;
            html(page)
        }
        outcome => {
            let next = |_| format!("/cases/{id}?done=person#persons");
            submitted(outcome, next, |errors| {
                case_with(&app, &user, id, |p| {
                    p.person_form = form;
                    p.person_errors = polished(errors);
                })
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "case_confirm.html")]
struct ConfirmStagePage {
    chrome: Chrome,
    c: CaseDetail,
    to: Stage,
    form: TransitionForm,
}

impl ConfirmStagePage {
    fn title(&self) -> String {
        let tr = &self.chrome.tr;
        let key = if self.to.is_decided() {
            "cases-confirm-decided-title"
        } else {
            "cases-confirm-close-title"
        };
        tr.s1(key, "reference", &self.c.case.reference)
    }
    fn warning(&self) -> String {
        let tr = &self.chrome.tr;
        if self.to == Stage::ClosedUntraced {
            tr.t("cases-confirm-untraced-warning")
        } else {
            tr.t("cases-confirm-final-warning")
        }
    }
}

/// `POST /cases/{id}/transitions`. A final stage (a verdict, closing the case) is first shown
/// on a confirmation page, which posts the same form again with `confirm=yes`.
pub async fn transition(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<TransitionForm>,
) -> PageResult {
    let s = user.scoped(&app.store);
    let c = s.get_case(id).await?;
    let needs_fir = c.case.fir_number.is_none();
    let outcome = match form.to_request(c.case.stage, needs_fir) {
        // Closing a case is asked again on a page of its own before it is done.
        Ok(t) if !t.to.is_open() && form.confirm != "yes" && c.allowed_next.contains(&t.to) => {
            return html(ConfirmStagePage {
                chrome: Chrome::of(&user),
                c,
                to: t.to,
                form,
            });
        }
        Ok(t) => s.transition(id, t).await,
        Err(e) => Err(e.into()),
    };
    let next = |_| format!("/cases/{id}?done=stage#stage-section");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.transition_form = form;
            p.transition_errors = polished(errors);
        })
    })
    .await
}

/// `POST /cases/{id}/hearings`.
pub async fn hearing_add(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<HearingForm>,
) -> PageResult {
    let outcome = async {
        let h = form.to_request()?;
        user.scoped(&app.store).add_hearing(id, h).await
    }
    .await;
    let next = |_| format!("/cases/{id}?done=hearing#hearings");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.hearing_form = form;
            p.hearing_errors = polished(errors);
        })
    })
    .await
}

/// `POST /cases/{id}/assignment`: names the case's investigating and supervising officers.
pub async fn assign(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<Assignment>,
) -> PageResult {
    let outcome = user.scoped(&app.store).assign(id, form.clone()).await;
    let next = |()| format!("/cases/{id}?done=assigned#officers");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.assign_form = form;
            p.assign_errors = polished(errors);
        })
    })
    .await
}

/// Form of the exit blacklist button.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExitForm {
    reason: String,
}

/// `POST /cases/{id}/persons/{person}/exit`: puts an accused who is free on the exit
/// blacklist, from their documents on record.
pub async fn exit_blacklist(
    State(app): State<AppState>,
    Path((id, person)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ExitForm>,
) -> PageResult {
    let outcome = user
        .scoped(&app.store)
        .blacklist_accused(id, person, crate::forms::opt(&form.reason))
        .await;
    let next = |_| format!("/cases/{id}?done=exit#persons");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.exit_errors = polished(errors);
            p.exit_for = person;
        })
    })
    .await
}

/// `POST /cases/{id}/persons/{person}/facts`: records the facts about a person in the case.
pub async fn facts_set(
    State(app): State<AppState>,
    Path((id, person)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<FactsForm>,
) -> PageResult {
    let outcome = async {
        let f = form.to_facts()?;
        user.scoped(&app.store)
            .set_person_facts(id, person, f)
            .await
    }
    .await;
    let next = |()| format!("/cases/{id}?done=facts#persons");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.facts_errors = polished(errors);
            p.facts_for = person;
            p.facts_form = form;
        })
    })
    .await
}

/// The transfer forms' messages under their own field names (`transfer_reason`,
/// `transfer_remark`), so that the error summary's links reach them and not the other forms'
/// reason and remark on the page.
fn transfer_fields(e: FieldErrors) -> FieldErrors {
    renamed(
        e,
        &[("reason", "transfer_reason"), ("remark", "transfer_remark")],
    )
}

/// The transfer request form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TransferForm {
    to_district: String,
    to_agency_id: String,
    reason: String,
}

/// `POST /cases/{id}/transfers`: asks for the case to go to another district or agency.
pub async fn transfer_request(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<TransferForm>,
) -> PageResult {
    let agency = match form.to_agency_id.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| {
            let mut e = FieldErrors::new();
            e.add(
                "to_agency_id",
                "Choose a police station or circle from the list",
            );
            StoreError::Invalid(e)
        }),
    };
    let outcome = match agency {
        Ok(to_agency_id) => {
            user.scoped(&app.store)
                .request_transfer(
                    id,
                    hifazat_store::cases::transfers::TransferRequest {
                        to_district: form.to_district.clone(),
                        to_agency_id,
                        reason: crate::forms::opt(&form.reason),
                    },
                )
                .await
        }
        Err(e) => Err(e),
    };
    let next = |_| format!("/cases/{id}?done=transfer-requested#transfer-section");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.transfer_errors = transfer_fields(errors);
            p.transfer_form = form;
        })
    })
    .await
}

/// The receiving supervisor's decision form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    remark: String,
}

/// `POST /cases/{id}/transfers/{transfer}/decision`: accepts or declines a transfer.
pub async fn transfer_decide(
    State(app): State<AppState>,
    Path((id, transfer)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<DecisionForm>,
) -> PageResult {
    let accept = form.decision == "accept";
    let outcome = user
        .scoped(&app.store)
        .decide_transfer(
            id,
            transfer,
            hifazat_store::cases::transfers::TransferDecision {
                accept,
                remark: crate::forms::opt(&form.remark),
            },
        )
        .await;
    let decided = if accept { "accepted" } else { "declined" };
    let next = |()| format!("/cases/{id}?done=transfer-{decided}#transfer-section");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.transfer_errors = transfer_fields(errors)
        })
    })
    .await
}

/// The largest upload a document form may send: the file and the form's other fields.
pub const MAX_UPLOAD: usize = hifazat_domain::documents::MAX_DOCUMENT_BYTES + 256 * 1024;

/// `POST /cases/{id}/documents` (multipart: `csrf`, `kind`, `title`, `document_date-*`,
/// `case_person_id`, `file`): attaches a document, or shows the form again with its errors.
pub async fn document_add(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    user: WebUser,
    mut multipart: axum::extract::Multipart,
) -> PageResult {
    let bad = |e: axum::extract::multipart::MultipartError| {
        PageError(
            StatusCode::BAD_REQUEST,
            format!("The upload could not be read: {e}"),
        )
    };
    let (mut form, mut csrf, mut bytes) = (DocumentForm::default(), String::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "csrf" => csrf = field.text().await.map_err(bad)?,
            "file" => bytes = field.bytes().await.map_err(bad)?.to_vec(),
            _ => {
                let value = field.text().await.map_err(bad)?;
                if !crate::guard::nul_free(&value) {
                    return Err(PageError(
                        StatusCode::BAD_REQUEST,
                        crate::guard::NUL_MESSAGE.into(),
                    ));
                }
                form.take(&name, value);
            }
        }
    }
    if !hifazat_vault::constant_time_eq(&csrf, &user.session.csrf_token) {
        return Err(PageError(
            StatusCode::FORBIDDEN,
            "This form has expired or did not come from Hifazat. Go back, reload the page and try again.".into(),
        ));
    }
    let outcome = async {
        let d = form.to_new(bytes)?;
        user.scoped(&app.store).add_document(id, d).await
    }
    .await;
    let next = |_| format!("/cases/{id}?done=document#documents");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.doc_errors = polished(errors);
            p.doc_form = form;
        })
    })
    .await
}

/// A document as a download: its own type, never sniffed or cached, named by case and id.
pub(crate) fn document_response(f: hifazat_store::cases::documents::DocumentFile) -> Response {
    let ext = match f.document.content_type.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    let reference = f.reference.clone();
    let mut r = f.bytes.into_response();
    let h = r.headers_mut();
    // The stored type is one of three and the name is a reference and a number, so these are
    // valid header values; were one not, the download still goes out untyped, as an attachment.
    let value = |s: String, or: &'static str| {
        HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(or))
    };
    h.insert(
        header::CONTENT_TYPE,
        value(f.document.content_type.clone(), "application/octet-stream"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        value(
            format!(
                "attachment; filename=\"{reference}-document-{}.{ext}\"",
                f.document.id
            ),
            "attachment",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `GET /cases/{id}/documents/{document}`: the file; the download is audited.
pub async fn document_get(
    State(app): State<AppState>,
    user: WebUser,
    Path((id, document)): Path<(i64, i64)>,
) -> PageResult {
    let f = user.scoped(&app.store).document(id, document).await?;
    Ok(document_response(f))
}

/// `POST /cases/{id}/persons/{person}/status`.
pub async fn status_set(
    State(app): State<AppState>,
    Path((id, person)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<StatusForm>,
) -> PageResult {
    let outcome = async {
        let c = form.to_change()?;
        user.scoped(&app.store)
            .set_accused_status(id, person, c)
            .await
    }
    .await;
    let next = |()| format!("/cases/{id}?done=status#persons");
    submitted(outcome, next, |errors| {
        case_with(&app, &user, id, |p| {
            p.status_errors = polished(errors);
            p.status_for = person;
        })
    })
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

/// `GET /cases/{id}/victims/{person}`: a victim's identity; the view is audited.
pub async fn identity(
    State(app): State<AppState>,
    user: WebUser,
    Path((id, person)): Path<(i64, i64)>,
) -> PageResult {
    let s = user.scoped(&app.store);
    let v = s.victim_identity(id, person).await?;
    let reference = s.get_case(id).await?.case.reference;
    let chrome = Chrome::of(&user);
    let back_label = chrome.tr.s1("cases-back-to-case", "reference", &reference);
    let mut r = html(IdentityPage {
        chrome,
        back: format!("/cases/{id}"),
        back_label,
        v,
    })?;
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// The login name of an officer named on a case.
fn c_officer(o: &Option<Officer>) -> Option<String> {
    o.as_ref().map(|o| o.username.clone())
}
