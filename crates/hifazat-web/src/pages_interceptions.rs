//! Interceptions at borders (`/interceptions`, issue 13, item 2): the list with its filters
//! (period, district, kind of agency, border) and the totals for the same filters; recording
//! an interception (six rows of migrants by nationality, sex and age group, no script needed;
//! a count per kind of vehicle or boat); an interception's page with its counts and linked
//! cases, and the forms to link and unlink a case. Analysts see the totals only, with small
//! counts hidden.
//!
//! As elsewhere: one error summary linking to each field (`#f-FIELD`), the date typed as day,
//! month and year, a confirmation after each action, code lists in words from
//! `locales/*/interceptions.ftl` (`interceptions-LIST-CODE`), names beside codes.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::{opt, polished, typed_date};
use crate::pages::{districts_for, form_page, html, submitted, Chrome};
use crate::pages_agents::DoneQuery;
use crate::paging::{address, DateParts, Pager};
use crate::screening_words::{country_code, Words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use hifazat_domain::interceptions::{
    AgeGroup, BorderKind, Direction, MigrantGroup, MigrantSex, NewInterception, VehicleCount,
    VehicleKind, INTERCEPTING_AGENCY_KINDS, MAX_COUNT,
};
use hifazat_domain::reference::{district_by_code, District};
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::admin::users::Agency;
use hifazat_store::screening::interceptions::{
    totals_only, InterceptionCaseLink, InterceptionDetail, InterceptionFilter, InterceptionList,
    InterceptionTotals, PER_PAGE,
};
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// Blank rows of migrants on the form.
pub const MIGRANT_ROWS: usize = 6;

/// The pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/interceptions", get(list).post(create))
        .route("/interceptions/new", get(new))
        .route("/interceptions/{id}", get(page))
        .route("/interceptions/{id}/cases", post(case_link))
        .route(
            "/interceptions/{id}/cases/{case_id}/remove",
            post(case_unlink),
        )
}

/// The words of this area's code lists: `interceptions-LIST-CODE`.
fn label(tr: &crate::i18n::Tr, list: &str, code: &str) -> String {
    tr.t(format!("interceptions-{list}-{}", code.replace('_', "-")))
}

/// A kind of agency in words.
fn agency_kind(tr: &crate::i18n::Tr, code: &str) -> String {
    tr.t(format!("agency-kind-{code}"))
}

/// A district's name beside its code: "Kech (KCH)".
fn district_name(code: &str) -> String {
    match district_by_code(code) {
        Some(d) => format!("{} ({})", d.name, d.code),
        None => code.to_owned(),
    }
}

/// A country's name beside its code: "Afghanistan (AF)".
fn country_name(tr: &crate::i18n::Tr, code: &str) -> String {
    format!("{} ({code})", Words(*tr).country(code))
}

/// A day typed as `YYYY-MM-DD` (the filters' date boxes), or nothing.
fn day(s: &str) -> Option<NaiveDate> {
    s.trim().parse().ok()
}

/// The area's common words, for every page's template.
trait AreaWords {
    fn tr(&self) -> crate::i18n::Tr;
    fn label(&self, list: &str, code: &str) -> String {
        label(&self.tr(), list, code)
    }
    fn agency_kind(&self, code: &str) -> String {
        agency_kind(&self.tr(), code)
    }
    fn district(&self, code: &str) -> String {
        district_name(code)
    }
    fn country(&self, code: &str) -> String {
        country_name(&self.tr(), code)
    }
}

// ---------------------------------------------------------------------------------------------
// The list and the totals

/// The list's query as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    from: String,
    to: String,
    district: String,
    agency_kind: String,
    border: String,
    page: String,
}

impl ListQuery {
    fn filter(&self) -> InterceptionFilter {
        InterceptionFilter {
            from: day(&self.from),
            to: day(&self.to),
            district: opt(&self.district),
            agency_kind: opt(&self.agency_kind)
                .filter(|k| INTERCEPTING_AGENCY_KINDS.contains(&k.as_str())),
            border: BorderKind::from_code(self.border.trim()),
            page: self.page.trim().parse().ok(),
        }
    }
}

#[derive(Template)]
#[template(path = "interceptions.html")]
struct ListPage {
    chrome: Chrome,
    q: ListQuery,
    list: Option<InterceptionList>,
    pager: Option<Pager>,
    totals: InterceptionTotals,
    districts: Vec<&'static District>,
    agency_kinds: &'static [&'static str],
    borders: &'static [BorderKind],
    /// May record interceptions.
    record: bool,
}

impl AreaWords for ListPage {
    fn tr(&self) -> crate::i18n::Tr {
        self.chrome.tr
    }
}

impl ListPage {
    fn filtered(&self) -> bool {
        [
            &self.q.from,
            &self.q.to,
            &self.q.district,
            &self.q.agency_kind,
            &self.q.border,
        ]
        .iter()
        .any(|s| !s.trim().is_empty())
    }
}

/// `GET /interceptions`: the totals for the filters, and for those who record interceptions
/// the list, a page at a time.
pub async fn list(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let mut f = q.filter();
    let scoped = user.scoped(&app.store);
    let totals = scoped.interception_totals(&f).await?;
    let actor = &user.session.actor;
    let (list, pager) = if totals_only(actor) {
        (None, None)
    } else {
        let mut list = scoped.interceptions(&f).await?;
        if list.items.is_empty() && list.total > 0 && list.page > 1 {
            // A page past the last (an old link): the last page.
            f.page = Some((list.total + PER_PAGE - 1) / PER_PAGE);
            list = scoped.interceptions(&f).await?;
        }
        let base = address(
            "/interceptions",
            &[
                ("from", &q.from),
                ("to", &q.to),
                ("district", &q.district),
                ("agency_kind", &q.agency_kind),
                ("border", &q.border),
            ],
        );
        let pager = Pager::new(list.page, list.per_page, list.total, base);
        (Some(list), Some(pager))
    };
    html(ListPage {
        chrome: Chrome::of(&user),
        q,
        list,
        pager,
        totals,
        districts: districts_for(&actor.jurisdiction),
        agency_kinds: INTERCEPTING_AGENCY_KINDS,
        borders: BorderKind::ALL,
        record: actor.may(Action::RecordInterceptions),
    })
}

// ---------------------------------------------------------------------------------------------
// Recording an interception

/// The form as typed: rows of migrants come as repeated fields, one of each per row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InterceptionForm {
    agency_id: String,
    border: String,
    place: String,
    district: String,
    #[serde(rename = "intercepted_on-day")]
    day: String,
    #[serde(rename = "intercepted_on-month")]
    month: String,
    #[serde(rename = "intercepted_on-year")]
    year: String,
    direction: String,
    m_nationality: Vec<String>,
    m_sex: Vec<String>,
    m_age: Vec<String>,
    m_count: Vec<String>,
    smugglers_arrested: String,
    vehicle_kind: Vec<String>,
    vehicle_count: Vec<String>,
    note: String,
}

/// A row of migrants as typed.
pub struct MigrantRow {
    nationality: String,
    sex: String,
    age: String,
    count: String,
}

fn nth(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

/// A whole number typed with either script's digits and thousands separators; `None` when
/// empty, `Err` when not a number.
fn number(s: &str) -> Result<Option<i64>, ()> {
    let mut e = FieldErrors::new();
    let n = crate::forms::typed_amount(&mut e, "n", s, "-");
    if e.is_empty() {
        Ok(n)
    } else {
        Err(())
    }
}

impl InterceptionForm {
    fn intercepted_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }

    /// The rows of migrants to show: those sent, then blank ones up to [`MIGRANT_ROWS`].
    fn migrant_rows(&self) -> Vec<MigrantRow> {
        let sent = [
            self.m_nationality.len(),
            self.m_sex.len(),
            self.m_age.len(),
            self.m_count.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        (0..sent.max(MIGRANT_ROWS))
            .map(|i| MigrantRow {
                nationality: nth(&self.m_nationality, i),
                sex: nth(&self.m_sex, i),
                age: nth(&self.m_age, i),
                count: nth(&self.m_count, i),
            })
            .collect()
    }

    /// The count typed for a kind of vehicle.
    fn vehicle(&self, kind: &VehicleKind) -> String {
        self.vehicle_kind
            .iter()
            .position(|k| k == kind.code())
            .map(|i| nth(&self.vehicle_count, i))
            .unwrap_or_default()
    }

    /// The interception as far as the form can read it, and the form's own messages.
    fn to_new(&self) -> (NewInterception, FieldErrors) {
        let mut e = FieldErrors::new();
        let mut migrants = Vec::new();
        for r in self.migrant_rows() {
            if [&r.nationality, &r.sex, &r.age, &r.count]
                .iter()
                .all(|s| s.trim().is_empty())
            {
                continue;
            }
            let nationality = match country_code(&r.nationality) {
                Ok(Some(c)) => Some(c),
                _ => {
                    e.add("migrants", "Choose each group's nationality from the list");
                    None
                }
            };
            let sex = MigrantSex::from_code(r.sex.trim());
            let age = AgeGroup::from_code(r.age.trim());
            if sex.is_none() || age.is_none() {
                e.add(
                    "migrants",
                    "Choose the sex and the age group of each group of migrants",
                );
            }
            let count = match number(&r.count) {
                Ok(Some(n)) if (1..=MAX_COUNT).contains(&n) => Some(n),
                _ => {
                    e.add(
                        "migrants",
                        "Enter the number of migrants in each group, from 1 to 100,000",
                    );
                    None
                }
            };
            if let (Some(nationality), Some(sex), Some(age_group), Some(count)) =
                (nationality, sex, age, count)
            {
                migrants.push(MigrantGroup {
                    nationality,
                    sex,
                    age_group,
                    count,
                });
            }
        }
        let smugglers_arrested = match number(&self.smugglers_arrested) {
            Ok(n) => n.unwrap_or(0),
            Err(()) => {
                e.add(
                    "smugglers_arrested",
                    "Enter the number of smugglers arrested, from 0 to 100,000",
                );
                0
            }
        };
        let mut vehicles = Vec::new();
        for kind in VehicleKind::ALL {
            match number(&self.vehicle(kind)) {
                Ok(None) | Ok(Some(0)) => {}
                Ok(Some(count)) => vehicles.push(VehicleCount { kind: *kind, count }),
                Err(()) => e.add(
                    "vehicles",
                    "Enter the number of each kind of vehicle or boat, from 1 to 100,000",
                ),
            }
        }
        let intercepted_on =
            typed_date(&mut e, "intercepted_on", &self.day, &self.month, &self.year);
        let new = NewInterception {
            agency_id: self.agency_id.trim().parse().ok(),
            border: BorderKind::from_code(self.border.trim()),
            place: self.place.clone(),
            district: self.district.clone(),
            intercepted_on,
            direction: Direction::from_code(self.direction.trim()),
            migrants,
            smugglers_arrested,
            vehicles,
            note: opt(&self.note),
        };
        (new, e)
    }
}

#[derive(Template)]
#[template(path = "interception_new.html")]
struct NewPage {
    chrome: Chrome,
    form: InterceptionForm,
    errors: FieldErrors,
    agencies: Vec<Agency>,
    districts: Vec<&'static District>,
    countries: Vec<(String, String)>,
    borders: &'static [BorderKind],
    directions: &'static [Direction],
    sexes: &'static [MigrantSex],
    ages: &'static [AgeGroup],
    vehicles: &'static [VehicleKind],
}

impl AreaWords for NewPage {
    fn tr(&self) -> crate::i18n::Tr {
        self.chrome.tr
    }
}

impl NewPage {
    /// The agencies of one kind, for an `<optgroup>`.
    fn agencies_of(&self, kind: &str) -> Vec<&Agency> {
        self.agencies.iter().filter(|a| a.kind == kind).collect()
    }
    fn kinds(&self) -> &'static [&'static str] {
        INTERCEPTING_AGENCY_KINDS
    }
}

/// The agencies the user may name as intercepting: of a kind that intercepts, and in their
/// jurisdiction (or with no district), by name.
async fn intercepting_agencies(app: &AppState, user: &WebUser) -> Result<Vec<Agency>, PageError> {
    let j = &user.session.actor.jurisdiction;
    let mut v: Vec<Agency> = app
        .store
        .agencies()
        .await?
        .into_iter()
        .filter(|a| INTERCEPTING_AGENCY_KINDS.contains(&a.kind.as_str()))
        .filter(|a| match (&a.province_code, &a.district_code) {
            (Some(p), Some(d)) => j.covers(p, d),
            _ => true,
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(v)
}

async fn new_page(
    app: &AppState,
    user: &WebUser,
    form: InterceptionForm,
    errors: FieldErrors,
) -> Result<NewPage, PageError> {
    Ok(NewPage {
        chrome: Chrome::of(user),
        form,
        errors,
        agencies: intercepting_agencies(app, user).await?,
        districts: districts_for(&user.session.actor.jurisdiction),
        countries: Words(crate::i18n::Tr(user.lang)).countries(),
        borders: BorderKind::ALL,
        directions: Direction::ALL,
        sexes: MigrantSex::ALL,
        ages: AgeGroup::ALL,
        vehicles: VehicleKind::ALL,
    })
}

fn require_record(user: &WebUser) -> Result<(), PageError> {
    if user.session.actor.may(Action::RecordInterceptions) {
        Ok(())
    } else {
        Err(StoreError::Forbidden("this role does not record interceptions").into())
    }
}

/// `GET /interceptions/new`.
pub async fn new(State(app): State<AppState>, user: WebUser) -> PageResult {
    require_record(&user)?;
    html(new_page(&app, &user, InterceptionForm::default(), FieldErrors::new()).await?)
}

/// `POST /interceptions`: records the interception and opens its page; the form again with
/// every message (422) when something is wrong, nothing written.
pub async fn create(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<InterceptionForm>,
) -> PageResult {
    require_record(&user)?;
    let (new, mut errors) = form.to_new();
    if !errors.is_empty() {
        // The form's own messages, and the domain's for the other fields.
        let agencies = intercepting_agencies(&app, &user).await?;
        let kind = new
            .agency_id
            .and_then(|id| agencies.iter().find(|a| a.id == id))
            .map(|a| a.kind.clone());
        if let Err(more) = new.validate(app.store.today(), kind.as_deref()) {
            for (f, m) in more.0 {
                if errors.first(&f).is_none() {
                    for m in m {
                        errors.add(f.clone(), m);
                    }
                }
            }
        }
        return form_page(false, new_page(&app, &user, form, polished(errors)).await?);
    }
    let outcome = user.scoped(&app.store).record_interception(new).await;
    let next = |id| format!("/interceptions/{id}?done=added#done");
    submitted(outcome, next, |e| new_page(&app, &user, form, polished(e))).await
}

// ---------------------------------------------------------------------------------------------
// An interception's page

/// The form linking a case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaseLinkForm {
    case_reference: String,
}

#[derive(Template)]
#[template(path = "interception.html")]
struct DetailPage {
    chrome: Chrome,
    i: InterceptionDetail,
    done: String,
    errors: FieldErrors,
    link: CaseLinkForm,
}

impl AreaWords for DetailPage {
    fn tr(&self) -> crate::i18n::Tr {
        self.chrome.tr
    }
}

impl DetailPage {
    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        match self.done.as_str() {
            "added" => tr.t("interceptions-done-added"),
            "linked" => tr.t("interceptions-done-linked"),
            "unlinked" => tr.t("interceptions-done-unlinked"),
            _ => String::new(),
        }
    }
    /// Linked cases outside the reader's scope (counted, not shown).
    fn cases_hidden(&self) -> i64 {
        self.i.summary.cases - self.i.linked_cases.len() as i64
    }
}

async fn detail_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    fill: impl FnOnce(&mut DetailPage),
) -> Result<DetailPage, PageError> {
    let i = user.scoped(&app.store).interception(id).await?;
    let mut page = DetailPage {
        chrome: Chrome::of(user),
        i,
        done: String::new(),
        errors: FieldErrors::new(),
        link: CaseLinkForm::default(),
    };
    fill(&mut page);
    Ok(page)
}

/// `GET /interceptions/{id}`.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(detail_page(&app, &user, id, |p| p.done = q.done).await?)
}

/// `POST /interceptions/{id}/cases`: links a case by its reference.
pub async fn case_link(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<CaseLinkForm>,
) -> PageResult {
    let link = InterceptionCaseLink {
        case_reference: form.case_reference.clone(),
    };
    let outcome = user
        .scoped(&app.store)
        .link_interception_case(id, link)
        .await;
    let next = |()| format!("/interceptions/{id}?done=linked#done");
    submitted(outcome, next, |e| {
        detail_page(&app, &user, id, |p| {
            p.errors = polished(e);
            p.link = form;
        })
    })
    .await
}

/// The unlink button's form (its token only).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmptyForm {}

/// `POST /interceptions/{id}/cases/{case_id}/remove`: unlinks a case.
pub async fn case_unlink(
    State(app): State<AppState>,
    Path((id, case_id)): Path<(i64, i64)>,
    CsrfForm { user, .. }: CsrfForm<EmptyForm>,
) -> PageResult {
    user.scoped(&app.store)
        .unlink_interception_case(id, case_id)
        .await?;
    Ok(Redirect::to(&format!("/interceptions/{id}?done=unlinked#done")).into_response())
}

#[cfg(test)]
mod tests {
    use crate::i18n::assert_code_words;
    use hifazat_domain::interceptions::*;

    /// Every code of the area's lists has its words in both languages, and every kind of
    /// agency that intercepts its name.
    #[test]
    fn every_code_has_its_words() {
        assert_code_words(
            "interceptions",
            &[
                ("border", BorderKind::ALL.iter().map(|x| x.code()).collect()),
                (
                    "direction",
                    Direction::ALL.iter().map(|x| x.code()).collect(),
                ),
                ("sex", MigrantSex::ALL.iter().map(|x| x.code()).collect()),
                ("age", AgeGroup::ALL.iter().map(|x| x.code()).collect()),
                (
                    "vehicle",
                    VehicleKind::ALL.iter().map(|x| x.code()).collect(),
                ),
            ],
        );
        let have = crate::i18n::keys(crate::i18n::Lang::Ur);
        for k in INTERCEPTING_AGENCY_KINDS {
            assert!(have.contains(&format!("agency-kind-{k}")), "{k}");
        }
    }
}
