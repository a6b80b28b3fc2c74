//! Recruitment agents (`/agents`): the register of licensed Overseas Employment Promoters and
//! the unlicensed agents met in cases, with search and paging; an agent's page (the licence
//! and the actions on it, linked cases within the reader's scope, linked persons, the victims
//! linked, complaints) with its forms; adding an unlicensed agent; importing the Bureau's
//! register from CSV with a report row by row; and the public portal's licence look-up
//! (`/public/agents`), which answers a licence's status and nothing else.
//!
//! As elsewhere: one error summary linking to each field (`#f-FIELD`, each form's fields
//! named apart), dates typed as day, month and year, a confirmation after each action, code
//! lists in words from `locales/*/agents.ftl` (`agents-LIST-CODE`).

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::{opt, polished, renamed, typed_date};
use crate::pages::{all_districts, form_page, html, submitted, Chrome};
use crate::pages_cases::CaseWords;
use crate::paging::{address, DateParts, Pager};
use crate::public::{limit, Limit, PublicChrome, Visitor};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hifazat_domain::agents::{
    AgentKind, CaseLink, LicenceActionKind, LicenceStatus, NewAgent, NewLicenceAction, PersonLink,
    PROMOTER_COLUMNS,
};
use hifazat_domain::reference::{district_by_code, District};
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::admin::ImportReport;
use hifazat_store::agents::{
    AgentDetail, AgentFilter, AgentList, LicenceAnswer, LinkablePerson, PER_PAGE,
};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agents", get(list).post(create))
        .route("/agents/new", get(new))
        .route("/agents/import", get(import_page).post(import))
        .route("/agents/{id}", get(page))
        .route("/agents/{id}/actions", post(action_add))
        .route("/agents/{id}/cases", post(case_link))
        .route("/agents/{id}/persons", post(person_link))
        .route("/public/agents", get(public_lookup))
}

/// The words of this area's code lists: `agents-LIST-CODE`.
pub(crate) fn label(tr: &crate::i18n::Tr, list: &str, code: &str) -> String {
    tr.t(format!("agents-{list}-{}", code.replace('_', "-")))
}

/// A district's name beside its code: "Rawalpindi (RWP)".
fn district_name(code: &str) -> String {
    match district_by_code(code) {
        Some(d) => format!("{} ({})", d.name, d.code),
        None => code.to_owned(),
    }
}

/// Districts' names beside their codes, joined as the language joins a list.
fn district_names(tr: &crate::i18n::Tr, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| district_name(c))
        .collect::<Vec<_>>()
        .join(match tr.lang() {
            crate::i18n::Lang::En => ", ",
            crate::i18n::Lang::Ur => "، ",
        })
}

/// Answers a page with 422 when its form came back with errors.
fn answer_page<T: Template>(page: T, errors: &FieldErrors) -> PageResult {
    form_page(errors.is_empty(), page)
}

// ---------------------------------------------------------------------------------------------
// The list

/// The list's query as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    kind: String,
    status: String,
    page: String,
    done: String,
}

#[derive(Template)]
#[template(path = "agents.html")]
struct ListPage {
    chrome: Chrome,
    list: AgentList,
    pager: Pager,
    q: ListQuery,
    kinds: &'static [AgentKind],
    statuses: &'static [LicenceStatus],
    /// Keeps the register (the import link).
    manage: bool,
    /// May add an unlicensed agent.
    add: bool,
}

impl ListPage {
    fn label(&self, list: &str, code: &str) -> String {
        label(&self.chrome.tr, list, code)
    }
    fn district(&self, code: &Option<String>) -> String {
        code.as_deref()
            .map(district_name)
            .unwrap_or_else(|| "—".into())
    }
    fn filtered(&self) -> bool {
        !(self.q.q.trim().is_empty() && self.q.kind.is_empty() && self.q.status.is_empty())
    }
}

fn may_add(user: &WebUser) -> bool {
    let a = &user.session.actor;
    a.may(Action::ManageAgents) || a.may(Action::EditCases)
}

/// `GET /agents`: search by name, other name, licence or phone; filter by kind and status.
pub async fn list(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let mut f = AgentFilter {
        q: opt(&q.q),
        kind: AgentKind::from_code(q.kind.trim()),
        status: LicenceStatus::from_code(q.status.trim()),
        page: q.page.trim().parse().ok(),
    };
    let scoped = user.scoped(&app.store);
    let mut list = scoped.agents(&f).await?;
    if list.items.is_empty() && list.total > 0 && list.page > 1 {
        // A page past the last (an old link): the last page.
        f.page = Some((list.total + PER_PAGE - 1) / PER_PAGE);
        list = scoped.agents(&f).await?;
    }
    let base = address(
        "/agents",
        &[("q", &q.q), ("kind", &q.kind), ("status", &q.status)],
    );
    html(ListPage {
        chrome: Chrome::of(&user),
        pager: Pager::new(list.page, list.per_page, list.total, base),
        list,
        q,
        kinds: AgentKind::ALL,
        statuses: LicenceStatus::ALL,
        manage: user.session.actor.may(Action::ManageAgents),
        add: may_add(&user),
    })
}

// ---------------------------------------------------------------------------------------------
// Adding an unlicensed agent

/// The form for an unlicensed agent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgentForm {
    name: String,
    /// One per line.
    aliases: String,
    /// One per line.
    phones: String,
    district: String,
    notes: String,
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .flat_map(|l| l.split([',', '؛', ';']))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl AgentForm {
    fn to_new(&self) -> NewAgent {
        NewAgent {
            name: self.name.clone(),
            aliases: lines(&self.aliases),
            phones: lines(&self.phones),
            district: opt(&self.district),
            notes: opt(&self.notes),
        }
    }
}

#[derive(Template)]
#[template(path = "agent_new.html")]
struct NewPage {
    chrome: Chrome,
    form: AgentForm,
    errors: FieldErrors,
    districts: Vec<&'static District>,
}

/// `GET /agents/new`.
pub async fn new(user: WebUser) -> PageResult {
    if !may_add(&user) {
        return Err(StoreError::Forbidden("this role does not record recruitment agents").into());
    }
    html(NewPage {
        chrome: Chrome::of(&user),
        form: AgentForm::default(),
        errors: FieldErrors::new(),
        districts: all_districts(),
    })
}

/// `POST /agents`: adds an unlicensed agent and opens their page.
pub async fn create(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<AgentForm>,
) -> PageResult {
    let outcome = user.scoped(&app.store).add_agent(form.to_new()).await;
    let next = |id| format!("/agents/{id}?done=added#done");
    submitted(outcome, next, |e| async {
        Ok(NewPage {
            chrome: Chrome::of(&user),
            form,
            errors: polished(e),
            districts: all_districts(),
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// An agent's page

/// `?done=` after an action.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    /// What was done (a word of the page's `done_message`).
    pub done: String,
}

/// The form recording an action on a licence.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    kind: String,
    #[serde(rename = "taken_on-day")]
    day: String,
    #[serde(rename = "taken_on-month")]
    month: String,
    #[serde(rename = "taken_on-year")]
    year: String,
    reason: String,
    order_reference: String,
}

impl ActionForm {
    fn taken_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }
    fn to_new(&self) -> Result<NewLicenceAction, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = LicenceActionKind::from_code(self.kind.trim());
        if kind.is_none() {
            e.add("kind", "Choose the action taken");
        }
        let before = e.0.len();
        let d = typed_date(&mut e, "taken_on", &self.day, &self.month, &self.year);
        if d.is_none() && e.0.len() == before {
            e.add("taken_on", "Enter the date of the order");
        }
        // A check that gives `None` has recorded its message in `e`.
        let (Some(kind), Some(d)) = (kind, d) else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewLicenceAction {
            kind,
            taken_on: d,
            reason: self.reason.clone(),
            order_reference: opt(&self.order_reference),
        })
    }
}

/// The form linking a case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaseLinkForm {
    case_reference: String,
    note: String,
}

/// The form linking a person.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonLinkForm {
    person_uid: String,
    note: String,
}

#[derive(Template)]
#[template(path = "agent.html")]
struct AgentPage {
    chrome: Chrome,
    a: AgentDetail,
    done: String,
    errors: FieldErrors,
    action: ActionForm,
    case_link: CaseLinkForm,
    person_link: PersonLinkForm,
    linkable: Vec<LinkablePerson>,
    /// Records actions on licences.
    manage: bool,
    /// Links cases and persons (case work).
    link: bool,
    action_kinds: &'static [LicenceActionKind],
}

impl AgentPage {
    fn label(&self, list: &str, code: &str) -> String {
        label(&self.chrome.tr, list, code)
    }
    fn district(&self, code: &str) -> String {
        district_name(code)
    }
    fn offices(&self) -> String {
        district_names(&self.chrome.tr, &self.a.offices)
    }
    /// Linked cases outside the reader's scope (counted, not shown).
    fn cases_hidden(&self) -> i64 {
        self.a.cases_total - self.a.cases.len() as i64
    }
    fn persons_hidden(&self) -> i64 {
        self.a.persons_total - self.a.persons.len() as i64
    }
    fn is_promoter(&self) -> bool {
        self.a.kind == AgentKind::Promoter
    }
    fn yes_no(&self, b: &bool) -> String {
        self.chrome
            .tr
            .t(if *b { "agents-yes" } else { "agents-no" })
    }
    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        match self.done.as_str() {
            "added" => tr.t("agents-done-added"),
            "action" => tr.t("agents-done-action"),
            "case" => tr.t("agents-done-case"),
            "person" => tr.t("agents-done-person"),
            _ => String::new(),
        }
    }
}

async fn agent_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    fill: impl FnOnce(&mut AgentPage),
) -> Result<AgentPage, PageError> {
    let scoped = user.scoped(&app.store);
    let a = scoped.agent(id).await?;
    let linkable = scoped.linkable_persons(id).await?;
    let actor = &user.session.actor;
    let mut page = AgentPage {
        chrome: Chrome::of(user),
        a,
        done: String::new(),
        errors: FieldErrors::new(),
        action: ActionForm::default(),
        case_link: CaseLinkForm::default(),
        person_link: PersonLinkForm::default(),
        linkable,
        manage: actor.may(Action::ManageAgents),
        link: actor.may(Action::EditCases),
        action_kinds: LicenceActionKind::ALL,
    };
    fill(&mut page);
    Ok(page)
}

/// `GET /agents/{id}`.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(agent_page(&app, &user, id, |p| p.done = q.done).await?)
}

/// After a write: back to the page with its confirmation, or the page again with the errors.
async fn after(
    app: &AppState,
    user: &WebUser,
    id: i64,
    r: Result<(), StoreError>,
    done: &str,
    fill: impl FnOnce(&mut AgentPage, FieldErrors),
) -> PageResult {
    let next = |()| format!("/agents/{id}?done={done}#done");
    submitted(r, next, |e| agent_page(app, user, id, |p| fill(p, e))).await
}

/// `POST /agents/{id}/actions`.
pub async fn action_add(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ActionForm>,
) -> PageResult {
    let r = match form.to_new() {
        Ok(a) => user
            .scoped(&app.store)
            .record_licence_action(id, a)
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    after(&app, &user, id, r, "action", |p, e| {
        p.errors = renamed(e, &[("kind", "action_kind")]);
        p.action = form;
    })
    .await
}

/// `POST /agents/{id}/cases`.
pub async fn case_link(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<CaseLinkForm>,
) -> PageResult {
    let link = CaseLink {
        case_reference: form.case_reference.clone(),
        note: opt(&form.note),
    };
    let r = user.scoped(&app.store).link_case(id, link).await;
    after(&app, &user, id, r, "case", |p, e| {
        p.errors = renamed(e, &[("note", "case_note")]);
        p.case_link = form;
    })
    .await
}

/// `POST /agents/{id}/persons`.
pub async fn person_link(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<PersonLinkForm>,
) -> PageResult {
    let link = PersonLink {
        person_uid: form.person_uid.clone(),
        note: opt(&form.note),
    };
    let r = user.scoped(&app.store).link_person(id, link).await;
    after(&app, &user, id, r, "person", |p, e| {
        p.errors = renamed(e, &[("note", "person_note")]);
        p.person_link = form;
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Importing the register

/// The pasted file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    csv: String,
}

#[derive(Template)]
#[template(path = "agents_import.html")]
struct ImportPage {
    chrome: Chrome,
    csv: String,
    errors: FieldErrors,
    report: Option<ImportReport>,
    columns: String,
    statuses: &'static [LicenceStatus],
}

impl ImportPage {
    fn new(user: &WebUser, csv: String) -> Self {
        ImportPage {
            chrome: Chrome::of(user),
            csv,
            errors: FieldErrors::new(),
            report: None,
            columns: PROMOTER_COLUMNS.join(","),
            statuses: LicenceStatus::ALL,
        }
    }
    fn label(&self, list: &str, code: &str) -> String {
        label(&self.chrome.tr, list, code)
    }
    fn summary(&self, r: &ImportReport) -> String {
        let tr = self.chrome.tr;
        tr.args(
            "agents-import-summary",
            &[
                ("rows", &tr.n(r.rows)),
                ("created", &tr.n(r.created)),
                ("updated", &tr.n(r.updated)),
                ("unchanged", &tr.n(r.unchanged)),
                ("rejected", &tr.n(r.rejected)),
            ],
        )
    }
}

fn require_manage(user: &WebUser) -> Result<(), PageError> {
    if user.session.actor.may(Action::ManageAgents) {
        Ok(())
    } else {
        Err(
            StoreError::Forbidden("only the emigration authority keeps the register of promoters")
                .into(),
        )
    }
}

/// `GET /agents/import`.
pub async fn import_page(user: WebUser) -> PageResult {
    require_manage(&user)?;
    html(ImportPage::new(&user, String::new()))
}

/// `POST /agents/import`: imports the pasted register and shows the report.
pub async fn import(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<ImportForm>,
) -> PageResult {
    match user
        .scoped(&app.store)
        .import_promoters(form.csv.clone())
        .await
    {
        Ok(report) => {
            // Keep the text when rows were refused, so that they can be corrected and sent
            // again.
            let csv = if report.rejected > 0 {
                form.csv
            } else {
                String::new()
            };
            let mut page = ImportPage::new(&user, csv);
            page.report = Some(report);
            html(page)
        }
        Err(StoreError::Invalid(e)) => {
            let mut page = ImportPage::new(&user, form.csv);
            page.errors = polished(e);
            let errors = page.errors.clone();
            answer_page(page, &errors)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// The public look-up

/// The public look-up's query.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LookupForm {
    q: String,
}

#[derive(Template)]
#[template(path = "public_agents.html")]
struct LookupPage {
    chrome: PublicChrome,
    q: String,
    errors: FieldErrors,
    answer: Option<LicenceAnswer>,
}

impl LookupPage {
    fn status(&self, s: &LicenceStatus) -> String {
        label(&self.chrome.tr, "status", s.code())
    }
    fn meaning(&self, s: &LicenceStatus) -> String {
        self.chrome.tr.t(match s {
            LicenceStatus::Valid => "agents-public-valid",
            _ => "agents-public-not-valid",
        })
    }
    fn districts(&self, codes: &[String]) -> String {
        district_names(&self.chrome.tr, codes)
    }
}

/// `GET /public/agents?q=`: is this recruitment agent licensed? For anyone, without signing in
/// (the portal's page): the licence status of the promoters whose licence number or name
/// matches, or "not licensed"; never a case or an unlicensed agent. Each query counts against
/// the address's allowance of look-ups.
pub async fn public_lookup(
    State(app): State<AppState>,
    v: Visitor,
    Query(form): Query<LookupForm>,
) -> PageResult {
    let q = form.q.trim().to_owned();
    let mut errors = FieldErrors::new();
    let mut answer = None;
    if !q.is_empty() {
        limit(&app, &v.ip, Limit::Lookup).await?;
        if q.chars().count() < 3 && !q.chars().any(|c| c.is_ascii_digit()) {
            errors.add(
                "q",
                "Enter a licence number, or at least three letters of the agent's name",
            );
        } else {
            answer = Some(app.store.licence_lookup(&q).await?);
        }
    }
    let page = LookupPage {
        chrome: v.chrome,
        q,
        errors: errors.clone(),
        answer,
    };
    answer_page(page, &errors)
}

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, Lang};

    /// Every code of the area's lists has its words in both languages (the keys are built at
    /// run time, so the general check of keys used cannot see them).
    #[test]
    fn every_code_has_its_words() {
        use hifazat_domain::agents::*;
        let mut wanted = Vec::new();
        let mut add = |list: &str, codes: Vec<&str>| {
            for c in codes {
                wanted.push(format!("agents-{list}-{}", c.replace('_', "-")));
            }
        };
        add(
            "status",
            LicenceStatus::ALL.iter().map(|x| x.code()).collect(),
        );
        add("kind", AgentKind::ALL.iter().map(|x| x.code()).collect());
        add(
            "action",
            LicenceActionKind::ALL.iter().map(|x| x.code()).collect(),
        );
        for lang in Lang::ALL {
            let have = keys(*lang);
            let missing: Vec<_> = wanted.iter().filter(|k| !have.contains(k)).collect();
            assert!(missing.is_empty(), "{}: {missing:?}", lang.code());
        }
    }
}
