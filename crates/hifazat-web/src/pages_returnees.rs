//! Returnees (issue 13, item 1): the list of deportees, off-loaded passengers and returning
//! migrants (`/returnees`), one returnee recorded by hand (`/returnees/new`), the daily lists
//! imported and their results (`/returnees/lists`, `/returnees/lists/{id}`), and one returnee
//! with their screening alerts and debriefings (`/returnees/{id}`), from which a case is opened
//! through the case form (`/cases/new?from_debriefing=ID`).
//!
//! As elsewhere: an error summary linking to each field, a confirmation after each action,
//! code lists in words from `locales/*/returnees.ftl` (`returnees-LIST-CODE`), dates in
//! Pakistan time, paging with true totals.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::{opt, pick, polished, typed_amount, typed_date, CaseForm};
use crate::pages::{all_districts, form_page, html, submitted, Chrome};
use crate::paging::{address, DateParts, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hifazat_domain::reference::{self, District};
use hifazat_domain::returnees::{
    Arrival, DocumentUsed, NewDebriefing, NewReturnee, NewReturneeList, ReturnReason, ReturneeKind,
    RouteLeg, Transport, TravelDocument, LIST_LAYOUT,
};
use hifazat_domain::{Action, FieldErrors, Sex};
use hifazat_store::screening::returnees::{
    ReturneeDetail, ReturneeFilter, ReturneeListReport, ReturneePage, ReturneeSummary,
};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// The blank route legs the debriefing form offers.
const LEG_ROWS: usize = 6;

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/returnees", get(list).post(record))
        .route("/returnees/new", get(new_returnee))
        .route("/returnees/lists", get(lists).post(import))
        .route("/returnees/lists/{id}", get(one_list))
        .route("/returnees/{id}", get(returnee))
        .route("/returnees/{id}/debriefings", post(debrief))
}

/// Methods the returnee templates share.
pub trait ReturneeWords {
    /// The page's chrome.
    fn chrome(&self) -> &Chrome;
    /// A code list's words: `returnees-LIST-CODE`.
    fn label(&self, list: &str, code: &str) -> String {
        self.chrome()
            .tr
            .t(format!("returnees-{list}-{}", code.replace('_', "-")))
    }
    /// A district's name beside its code.
    fn district(&self, code: &str) -> String {
        match reference::district_by_code(code) {
            Some(d) => format!("{} ({})", d.name, d.code),
            None => code.to_owned(),
        }
    }
    /// A country's name in the page's language.
    fn country(&self, code: &str) -> String {
        crate::screening_words::Words(self.chrome().tr).country(code)
    }
    /// A form of exploitation in words.
    fn exploitation(&self, code: &str) -> String {
        self.chrome()
            .tr
            .t(format!("cases-form-{}", code.replace('_', "-")))
    }
}

fn require(user: &WebUser) -> Result<(), PageError> {
    if user.session.actor.may(Action::Returnees) {
        Ok(())
    } else {
        Err(StoreError::Forbidden("only immigration and case officers work with returnees").into())
    }
}

/// The arrival part of a form, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ArrivalForm {
    kind: String,
    point: String,
    district: String,
    #[serde(rename = "date-day")]
    day: String,
    #[serde(rename = "date-month")]
    month: String,
    #[serde(rename = "date-year")]
    year: String,
}

impl ArrivalForm {
    fn arrived_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }

    fn today(app: &AppState) -> ArrivalForm {
        let d = DateParts::of(Some(app.store.today()));
        ArrivalForm {
            kind: "deportee".into(),
            day: d.day,
            month: d.month,
            year: d.year,
            ..Default::default()
        }
    }

    fn read(&self, e: &mut FieldErrors) -> Arrival {
        let kind = pick(
            e,
            "kind",
            &self.kind,
            ReturneeKind::from_code,
            "Choose deportees, off-loaded passengers or returning migrants",
        );
        let before = e.0.len();
        let date = typed_date(e, "date", &self.day, &self.month, &self.year);
        if date.is_none() && e.0.len() == before {
            e.add("date", "Enter the day of arrival");
        }
        Arrival {
            kind: kind.unwrap_or(ReturneeKind::Deportee),
            point: self.point.clone(),
            district: opt(&self.district),
            // Checked again by the domain, which names the field.
            date: date.or(Some(chrono::NaiveDate::MIN)),
        }
    }
}

/// What the arrival fields need.
pub struct ArrivalChoices {
    points: &'static [&'static str],
    districts: Vec<&'static District>,
    kinds: &'static [ReturneeKind],
}

impl ArrivalChoices {
    fn new() -> Self {
        ArrivalChoices {
            points: reference::EXIT_POINTS,
            districts: all_districts(),
            kinds: ReturneeKind::ALL,
        }
    }
}

fn merged<T>(mut e: FieldErrors, r: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
    match r {
        Ok(v) if e.is_empty() => Ok(v),
        Ok(_) => Err(e),
        Err(more) => {
            e.extend(more);
            Err(e)
        }
    }
}

// ---- the list ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    kind: String,
    district: String,
    country: String,
    alerts: String,
    debriefed: String,
    list: String,
    page: String,
}

#[derive(Template)]
#[template(path = "returnees.html")]
struct ListPage {
    chrome: Chrome,
    q: ListQuery,
    page: ReturneePage,
    pager: Pager,
    kinds: &'static [ReturneeKind],
    districts: Vec<&'static District>,
    countries: Vec<(String, String)>,
}

impl ReturneeWords for ListPage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

impl ListPage {
    fn home(&self, r: &ReturneeSummary) -> String {
        r.home_district
            .as_deref()
            .map(|d| self.district(d))
            .unwrap_or_default()
    }
}

/// `GET /returnees`: the returnees of the jurisdiction, newest arrival first.
pub async fn list(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ListQuery>,
) -> PageResult {
    require(&user)?;
    let f = ReturneeFilter {
        kind: ReturneeKind::from_code(q.kind.trim()),
        district: opt(&q.district),
        country: opt(&q.country),
        alerts: (q.alerts == "true").then_some(true),
        debriefed: match q.debriefed.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        list: q.list.trim().parse().ok(),
        page: q.page.trim().parse().ok(),
        ..Default::default()
    };
    let page = user.scoped(&app.store).returnees(&f).await?;
    let pager = Pager::new(
        page.page,
        page.page_size,
        page.total,
        address(
            "/returnees",
            &[
                ("kind", q.kind.as_str()),
                ("district", q.district.as_str()),
                ("country", q.country.as_str()),
                ("alerts", q.alerts.as_str()),
                ("debriefed", q.debriefed.as_str()),
                ("list", q.list.as_str()),
            ],
        ),
    );
    let p = ListPage {
        countries: crate::screening_words::Words(Chrome::of(&user).tr).countries(),
        chrome: Chrome::of(&user),
        q,
        page,
        pager,
        kinds: ReturneeKind::ALL,
        districts: all_districts(),
    };
    form_page(true, p)
}

// ---- one returnee by hand ----

/// The returnee form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReturneeForm {
    #[serde(flatten)]
    arrival: ArrivalForm,
    full_name: String,
    father_name: String,
    date_of_birth: String,
    sex: String,
    cnic: String,
    passport: String,
    nationality: String,
    document: String,
    flight: String,
    country: String,
    reason: String,
    home_district: String,
}

impl ReturneeForm {
    fn to_returnee(&self) -> Result<NewReturnee, FieldErrors> {
        let mut e = FieldErrors::new();
        let arrival = self.arrival.read(&mut e);
        let reason = pick(
            &mut e,
            "reason",
            &self.reason,
            ReturnReason::from_code,
            "Choose why they were returned or off-loaded",
        );
        let sex = match self.sex.trim() {
            "" => None,
            s => pick(
                &mut e,
                "sex",
                s,
                Sex::from_code,
                "Choose the sex, or leave it empty",
            ),
        };
        let document = match self.document.trim() {
            "" => None,
            s => pick(
                &mut e,
                "document",
                s,
                TravelDocument::from_code,
                "Choose the document, or leave it empty",
            ),
        };
        let r = NewReturnee {
            arrival,
            list_ref: None,
            full_name: self.full_name.clone(),
            father_name: opt(&self.father_name),
            date_of_birth: opt(&self.date_of_birth),
            sex,
            cnic: opt(&self.cnic),
            passport: opt(&self.passport),
            nationality: opt(&self.nationality),
            document,
            flight: self.flight.clone(),
            country: self.country.clone(),
            reason: reason.unwrap_or(ReturnReason::Other),
            home_district: opt(&self.home_district),
        };
        // The domain's own checks run with a far-off "today": the store checks the date
        // against its clock.
        merged(e, r.clone().validate(chrono::NaiveDate::MAX).map(|_| r))
    }
}

#[derive(Template)]
#[template(path = "returnee_new.html")]
struct NewPage {
    chrome: Chrome,
    form: ReturneeForm,
    errors: FieldErrors,
    choices: ArrivalChoices,
    countries: Vec<(String, String)>,
    reasons: &'static [ReturnReason],
    documents: &'static [TravelDocument],
    sexes: &'static [Sex],
}

impl ReturneeWords for NewPage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

fn new_page(user: &WebUser, form: ReturneeForm, errors: FieldErrors) -> NewPage {
    let chrome = Chrome::of(user);
    NewPage {
        countries: crate::screening_words::Words(chrome.tr).countries(),
        chrome,
        form,
        errors,
        choices: ArrivalChoices::new(),
        reasons: ReturnReason::ALL,
        documents: TravelDocument::ALL,
        sexes: Sex::ALL,
    }
}

/// `GET /returnees/new`: the form for one returnee.
pub async fn new_returnee(State(app): State<AppState>, user: WebUser) -> PageResult {
    require(&user)?;
    html(new_page(
        &user,
        ReturneeForm {
            arrival: ArrivalForm::today(&app),
            nationality: "PK".into(),
            ..Default::default()
        },
        FieldErrors::new(),
    ))
}

/// `POST /returnees`: records one returnee, screens them, and shows their page.
pub async fn record(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<ReturneeForm>,
) -> PageResult {
    require(&user)?;
    let outcome = async {
        let r = form.to_returnee()?;
        user.scoped(&app.store).record_returnee(r).await
    }
    .await;
    let next = |saved: hifazat_store::screening::returnees::ReturneeSaved| {
        format!("/returnees/{}?done=recorded#done", saved.id)
    };
    submitted(outcome, next, |e| async {
        Ok(new_page(&user, form, polished(e)))
    })
    .await
}

// ---- lists ----

/// The import form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    #[serde(flatten)]
    arrival: ArrivalForm,
    source: String,
    csv: String,
    page: String,
}

#[derive(Template)]
#[template(path = "returnee_lists.html")]
struct ListsPage {
    chrome: Chrome,
    form: ImportForm,
    errors: FieldErrors,
    choices: ArrivalChoices,
    lists: Vec<ReturneeListReport>,
    pager: Pager,
    columns: String,
    reasons: &'static [ReturnReason],
}

impl ReturneeWords for ListsPage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

async fn lists_page(
    app: &AppState,
    user: &WebUser,
    form: ImportForm,
    errors: FieldErrors,
) -> Result<ListsPage, PageError> {
    let page = hifazat_store::page_number(form.page.trim().parse().ok());
    let (lists, total) = user.scoped(&app.store).returnee_lists(Some(page)).await?;
    Ok(ListsPage {
        chrome: Chrome::of(user),
        form,
        errors,
        choices: ArrivalChoices::new(),
        lists,
        pager: Pager::new(page, 20, total, address("/returnees/lists", &[])),
        columns: LIST_LAYOUT.columns.join(","),
        reasons: ReturnReason::ALL,
    })
}

/// `GET /returnees/lists`: the import form and the lists received.
pub async fn lists(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ListQuery>,
) -> PageResult {
    require(&user)?;
    let form = ImportForm {
        arrival: ArrivalForm::today(&app),
        page: q.page,
        ..Default::default()
    };
    html(lists_page(&app, &user, form, FieldErrors::new()).await?)
}

/// `POST /returnees/lists`: imports a list and shows its result.
pub async fn import(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<ImportForm>,
) -> PageResult {
    require(&user)?;
    let mut e = FieldErrors::new();
    let arrival = form.arrival.read(&mut e);
    let l = NewReturneeList {
        arrival,
        source: form.source.clone(),
        csv: form.csv.clone(),
    };
    let outcome = async {
        let l = merged(e, l.clone().validate(chrono::NaiveDate::MAX).map(|_| l))?;
        user.scoped(&app.store).import_returnees(l).await
    }
    .await;
    let next =
        |report: ReturneeListReport| format!("/returnees/lists/{}?done=imported#done", report.id);
    submitted(outcome, next, |e| {
        lists_page(&app, &user, form, polished(e))
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

#[derive(Template)]
#[template(path = "returnee_list.html")]
struct OneListPage {
    chrome: Chrome,
    l: ReturneeListReport,
    done: String,
}

impl ReturneeWords for OneListPage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

impl OneListPage {
    fn summary(&self) -> String {
        let l = &self.l;
        self.chrome.tr.args(
            "returnees-list-summary",
            &[
                ("rows", l.rows.to_string().as_str()),
                ("accepted", l.accepted.to_string().as_str()),
                ("refused", l.refused.to_string().as_str()),
                ("alerts", l.alerts.to_string().as_str()),
                ("linked", l.linked.to_string().as_str()),
            ],
        )
    }
}

/// `GET /returnees/lists/{id}`: one list's result.
pub async fn one_list(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    require(&user)?;
    let l = user.scoped(&app.store).returnee_list(id).await?;
    form_page(
        true,
        OneListPage {
            chrome: Chrome::of(&user),
            l,
            done: q.done,
        },
    )
}

// ---- one returnee ----

/// The debriefing form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct DebriefingForm {
    #[serde(rename = "interviewed_on-day")]
    day: String,
    #[serde(rename = "interviewed_on-month")]
    month: String,
    #[serde(rename = "interviewed_on-year")]
    year: String,
    agent_id: String,
    agent_name: String,
    sub_agents: String,
    amount_paid_pkr: String,
    leg_from: Vec<String>,
    leg_to: Vec<String>,
    leg_country: Vec<String>,
    leg_transport: Vec<String>,
    documents_used: Vec<String>,
    exploitation: Vec<String>,
    account: String,
}

/// One row of the legs table as shown.
pub struct LegRow {
    from: String,
    to: String,
    country: String,
    transport: String,
}

impl DebriefingForm {
    fn interviewed_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }

    fn rows(&self) -> Vec<LegRow> {
        let cell = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        (0..LEG_ROWS.max(self.leg_from.len()))
            .map(|i| LegRow {
                from: cell(&self.leg_from, i),
                to: cell(&self.leg_to, i),
                country: cell(&self.leg_country, i),
                transport: cell(&self.leg_transport, i),
            })
            .collect()
    }

    fn has_document(&self, code: &str) -> bool {
        self.documents_used.iter().any(|d| d == code)
    }

    fn has_exploitation(&self, code: &str) -> bool {
        self.exploitation.iter().any(|d| d == code)
    }

    fn to_debriefing(&self) -> Result<NewDebriefing, FieldErrors> {
        let mut e = FieldErrors::new();
        let before = e.0.len();
        let interviewed_on =
            typed_date(&mut e, "interviewed_on", &self.day, &self.month, &self.year);
        if interviewed_on.is_none() && e.0.len() == before {
            e.add("interviewed_on", "Enter the day of the interview");
        }
        let agent_id = match self.agent_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("agent_id", "Choose an agent from the register");
                None
            }),
        };
        let amount_paid_pkr = typed_amount(
            &mut e,
            "amount_paid_pkr",
            &self.amount_paid_pkr,
            "Enter the amount paid in rupees, as a whole number",
        );
        let mut legs = Vec::new();
        for (i, row) in self.rows().into_iter().enumerate() {
            if row.from.trim().is_empty()
                && row.to.trim().is_empty()
                && row.country.trim().is_empty()
            {
                continue;
            }
            let transport = Transport::from_code(row.transport.trim()).unwrap_or(Transport::Road);
            legs.push((
                i,
                RouteLeg {
                    from_place: row.from,
                    to_place: row.to,
                    country: row.country,
                    transport,
                },
            ));
        }
        let mut documents_used = Vec::new();
        for d in &self.documents_used {
            match DocumentUsed::from_code(d) {
                Some(d) => documents_used.push(d),
                None => e.add("documents_used", "Choose the documents from the list"),
            }
        }
        let d = NewDebriefing {
            interviewed_on,
            agent_id,
            agent_name: opt(&self.agent_name),
            sub_agents: self.sub_agents.lines().map(str::to_owned).collect(),
            amount_paid_pkr,
            legs: legs.iter().map(|(_, l)| l.clone()).collect(),
            documents_used,
            exploitation: self.exploitation.clone(),
            account: opt(&self.account),
        };
        // The legs' messages name the row as shown (blank rows are dropped before checking).
        let checked = d
            .clone()
            .validate(chrono::NaiveDate::MIN, chrono::NaiveDate::MAX);
        let checked = checked.map_err(|errs| {
            let mut out = FieldErrors::new();
            for (field, msgs) in errs.0 {
                let field = match field
                    .strip_prefix("legs.")
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    Some(n) => format!("legs.{}", legs.get(n).map_or(n, |(row, _)| *row)),
                    None => field,
                };
                for m in msgs {
                    out.add(field.clone(), m);
                }
            }
            out
        });
        merged(e, checked.map(|_| d))
    }
}

#[derive(Template)]
#[template(path = "returnee.html")]
struct OnePage {
    chrome: Chrome,
    r: ReturneeDetail,
    done: String,
    form: DebriefingForm,
    errors: FieldErrors,
    agents: Vec<(i64, String)>,
    countries: Vec<(String, String)>,
    transports: &'static [Transport],
    documents: &'static [DocumentUsed],
    exploitation: Vec<&'static str>,
    can_open_case: bool,
}

impl ReturneeWords for OnePage {
    fn chrome(&self) -> &Chrome {
        &self.chrome
    }
}

impl OnePage {
    fn done_message(&self) -> String {
        match self.done.as_str() {
            "recorded" => self.chrome.tr.t("returnees-done-recorded"),
            "debriefed" => self.chrome.tr.t("returnees-done-debriefed"),
            _ => String::new(),
        }
    }
    fn leg_error(&self, i: &usize) -> Option<&str> {
        self.errors.first(&format!("legs.{i}"))
    }
    fn list_name(&self, k: &hifazat_domain::screening::WatchlistKind) -> String {
        crate::screening_words::Words(self.chrome.tr).list_short(k)
    }
    fn decision(&self, d: &hifazat_domain::screening::AlertDecision) -> String {
        crate::screening_words::Words(self.chrome.tr).decision(d)
    }
    fn score(&self, s: &f64) -> String {
        crate::screening_words::Words(self.chrome.tr).score(s)
    }
    fn amount(&self, a: &i64) -> String {
        self.chrome.tr.n(*a)
    }
}

async fn returnee_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    done: String,
    form: DebriefingForm,
    errors: FieldErrors,
) -> Result<OnePage, PageError> {
    let scoped = user.scoped(&app.store);
    let r = scoped.returnee(id).await?;
    let agents = scoped.agent_choices().await?;
    let chrome = Chrome::of(user);
    Ok(OnePage {
        countries: crate::screening_words::Words(chrome.tr).countries(),
        chrome,
        r,
        done,
        form,
        errors,
        agents,
        transports: Transport::ALL,
        documents: DocumentUsed::ALL,
        exploitation: reference::exploitation_forms()
            .iter()
            .map(|x| x.code.as_str())
            .collect(),
        can_open_case: user.session.actor.may(Action::EditCases),
    })
}

/// `GET /returnees/{id}`: one returnee (an identity view in the audit trail).
pub async fn returnee(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    require(&user)?;
    let d = DateParts::of(Some(app.store.today()));
    let form = DebriefingForm {
        day: d.day,
        month: d.month,
        year: d.year,
        ..Default::default()
    };
    html(returnee_page(&app, &user, id, q.done, form, FieldErrors::new()).await?)
}

/// `POST /returnees/{id}/debriefings`: records a debriefing.
pub async fn debrief(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<DebriefingForm>,
) -> PageResult {
    require(&user)?;
    let outcome = async {
        let d = form.to_debriefing()?;
        user.scoped(&app.store).debrief(id, d).await
    }
    .await;
    let next = |_| format!("/returnees/{id}?done=debriefed#done");
    submitted(outcome, next, |e| {
        returnee_page(&app, &user, id, String::new(), form, polished(e))
    })
    .await
}

/// The case form filled from debriefing `id` (`/cases/new?from_debriefing=ID`).
pub(crate) async fn case_form_from_debriefing(
    app: &AppState,
    user: &WebUser,
    id: i64,
) -> Result<CaseForm, PageError> {
    let draft = user.scoped(&app.store).debriefing_case_draft(id).await?;
    if draft.already_opened {
        return Err(PageError(
            axum::http::StatusCode::CONFLICT,
            "A case was already opened from this debriefing".into(),
        ));
    }
    let mut form = CaseForm::of_new_case(&draft.case);
    form.debriefing_id = id.to_string();
    Ok(form)
}

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, Lang};

    /// Every code of the area's lists has its words in both languages (the keys are built at
    /// run time, so the general check of keys used cannot see them).
    #[test]
    fn every_code_has_its_words() {
        use hifazat_domain::returnees::*;
        let mut wanted = Vec::new();
        let mut add = |list: &str, codes: Vec<&str>| {
            for c in codes {
                wanted.push(format!("returnees-{list}-{}", c.replace('_', "-")));
            }
        };
        add("kind", ReturneeKind::ALL.iter().map(|x| x.code()).collect());
        add(
            "reason",
            ReturnReason::ALL.iter().map(|x| x.code()).collect(),
        );
        add(
            "document",
            TravelDocument::ALL.iter().map(|x| x.code()).collect(),
        );
        add(
            "transport",
            Transport::ALL.iter().map(|x| x.code()).collect(),
        );
        add("used", DocumentUsed::ALL.iter().map(|x| x.code()).collect());
        for lang in Lang::ALL {
            let have = keys(*lang);
            let missing: Vec<_> = wanted.iter().filter(|k| !have.contains(k)).collect();
            assert!(missing.is_empty(), "{}: {missing:?}", lang.code());
        }
    }
}
