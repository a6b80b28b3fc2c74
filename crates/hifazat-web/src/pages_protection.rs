//! Protection pages: the dashboard, victims' protection records, identification, consent,
//! referrals (both sides), shelter stays, follow-ups and the service directory.
//!
//! Every list pages with a true total and keeps its filters; every final step (closing or
//! declining a referral, discharging from a shelter, withdrawing consent) has a confirmation
//! page before the POST that makes it; every action ends on a message that says what happened
//! and what comes next. Code lists are shown in words from the Fluent resources
//! (`protection-LIST-CODE`), dates as people write them, times in Pakistan time.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::opt;
use crate::forms::pick as chosen;
use crate::i18n::{Lang, Tr};
use crate::pages::{all_districts, districts_for, html, submitted, Chrome};
use crate::paging::{address, DateParts, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use hifazat_domain::protection::*;
use hifazat_domain::reference::{self, Country, District};
use hifazat_domain::stats::ShownCount;
use hifazat_domain::{Action, FieldErrors, Jurisdiction, NewPerson, PersonRole, Sex};
use hifazat_store::cases::models::VictimIdentity;
use hifazat_store::protection::*;
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// The words of this area's code lists and counts, in the page's language.
pub trait Labels {
    /// The label of `code` in the code list `list` (`service`, `group`, `urgency`, `status`,
    /// `purpose`, `method`, `result`, `discharge`, `outcome`, `indicator`, `sex`, `age`):
    /// the message `protection-LIST-CODE`.
    fn label(&self, list: &str, code: &str) -> String;
    /// Services in words, separated as the language separates a list.
    fn services(&self, s: &[Service]) -> String;
    /// Groups in words.
    fn groups(&self, g: &[Group]) -> String;
    /// A district's name from its code (the code itself when unknown).
    fn district(&self, code: &str) -> String;
    /// A list of words joined as the language joins them.
    fn join(&self, items: Vec<String>) -> String;
    /// A number as the language writes it (templates pass numbers by reference).
    fn num(&self, n: &i64) -> String;
    /// The plural message `key` with its `count`.
    fn count(&self, key: &str, n: &i64) -> String;
}

impl Labels for Tr {
    fn label(&self, list: &str, code: &str) -> String {
        self.t(format!("protection-{list}-{code}"))
    }
    fn services(&self, s: &[Service]) -> String {
        self.join(s.iter().map(|x| self.label("service", x.code())).collect())
    }
    fn groups(&self, g: &[Group]) -> String {
        self.join(g.iter().map(|x| self.label("group", x.code())).collect())
    }
    fn district(&self, code: &str) -> String {
        reference::district_by_code(code)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
    fn num(&self, n: &i64) -> String {
        self.n(*n)
    }
    fn count(&self, key: &str, n: &i64) -> String {
        self.n1(key, "count", *n)
    }
    fn join(&self, items: Vec<String>) -> String {
        let sep = match self.lang() {
            Lang::En => ", ",
            Lang::Ur => "، ",
        };
        if items.is_empty() {
            "—".into()
        } else {
            items.join(sep)
        }
    }
}

/// A page number from the address (`page=`), ignoring anything that is not one.
fn page_of(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

/// A page asked for past the last one (an old link, a list that shrank) shows the last page.
fn beyond_the_end(page: Option<i64>, empty: bool, total: i64) -> Option<i64> {
    if empty && total > 0 && hifazat_store::page_number(page) > 1 {
        Some((total + PER_PAGE - 1) / PER_PAGE)
    } else {
        page
    }
}

/// Every country by name, for the searchable country picker (`<datalist>`).
fn countries() -> Vec<&'static Country> {
    let mut v: Vec<_> = reference::countries().iter().collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// The ISO code of a country typed or picked by name (or typed as its code); `None` for empty.
fn country_code(typed: &str) -> Result<Option<String>, &'static str> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    reference::countries()
        .iter()
        .find(|c| {
            c.name.eq_ignore_ascii_case(t)
                || c.alpha2.eq_ignore_ascii_case(t)
                || c.alpha3.eq_ignore_ascii_case(t)
        })
        .map(|c| Some(c.alpha2.clone()))
        .ok_or("Choose the victim's nationality from the list")
}

/// The name of a country code (for the picker's value).
fn country_name(code: &str) -> String {
    reference::country(code)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| code.to_owned())
}

/// Digits as typed on an Urdu or Arabic keyboard (۰–۹, ٠–٩) read as 0–9.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32).unwrap_or(c),
            '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Reads a date typed as three boxes into `e` under `field`.
fn typed_date(e: &mut FieldErrors, field: &str, d: &DateParts) -> Option<NaiveDate> {
    let d = DateParts {
        day: ascii_digits(&d.day),
        month: ascii_digits(&d.month),
        year: ascii_digits(&d.year),
    };
    match d.date() {
        Ok(d) => d,
        Err(m) => {
            e.add(field, m);
            None
        }
    }
}

/// A whole number typed in a box.
fn whole(e: &mut FieldErrors, field: &str, s: &str, message: &'static str) -> Option<i64> {
    match ascii_digits(s).trim() {
        "" => None,
        t => t.parse().ok().or_else(|| {
            e.add(field, message);
            None
        }),
    }
}

// ───────────────────────────── the dashboard ─────────────────────────────

#[derive(Template)]
#[template(path = "protection.html")]
struct DashboardPage {
    chrome: Chrome,
    d: ProtectionDashboard,
    district: String,
    districts: Vec<&'static District>,
    /// Threats reported against victims and witnesses, not yet acknowledged.
    threats: Vec<hifazat_store::cases::witnesses::ThreatReport>,
}

impl DashboardPage {
    fn threat_line(&self, t: &hifazat_store::cases::witnesses::ThreatReport) -> String {
        crate::pages_witnesses::alert_line(&self.chrome.tr, t)
    }
    fn percent(&self) -> String {
        self.d
            .referred_percent
            .map(|p| self.chrome.tr.digits(&format!("{p:.1}%")))
            .unwrap_or_else(|| "—".into())
    }
    fn baseline(&self) -> String {
        self.chrome
            .tr
            .digits(&format!("{:.0}%", self.d.baseline_percent))
    }
    fn median(&self) -> String {
        match self.d.median_days_to_service {
            Some(m) => self.chrome.tr.n1("protection-days", "count", m),
            None => "—".into(),
        }
    }
    /// The address of a list behind a tile, with the dashboard's district kept.
    fn with_district(&self, path: &str, flag: &str) -> String {
        address(
            path,
            &[(flag, "true"), ("district", self.district.as_str())],
        )
    }
    fn overdue_count(&self) -> i64 {
        match self.d.overdue_referrals {
            ShownCount::Exact(n) => n,
            ShownCount::Small(_) | ShownCount::Withheld => 0,
        }
    }
    fn children_count(&self) -> i64 {
        match self.d.children_without_child_protection {
            ShownCount::Exact(n) => n,
            ShownCount::Small(_) | ShownCount::Withheld => 0,
        }
    }
    fn nothing_yet(&self) -> bool {
        matches!(self.d.identified, ShownCount::Exact(0))
    }
    /// The funnel from identification to service as bars (240 units for the largest): words,
    /// bar length, the count as read. A hidden count draws no bar and says so.
    fn funnel(&self) -> Vec<(String, i64, String)> {
        let tr = &self.chrome.tr;
        let steps = [
            ("protection-tile-identified", self.d.identified),
            ("protection-tile-referred", self.d.referred),
            ("protection-tile-accepted", self.d.accepted),
            ("protection-tile-served", self.d.served),
        ];
        let max = steps
            .iter()
            .filter_map(|(_, c)| c.exact())
            .max()
            .unwrap_or(0)
            .max(1);
        steps
            .iter()
            .map(|(k, c)| {
                (
                    tr.t(k),
                    c.exact().unwrap_or(0) * 240 / max,
                    crate::pages_statistics::mark(tr, c),
                )
            })
            .collect()
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
    let threats = if hifazat_store::cases::witnesses::receives_threat_alerts(&user.session.actor) {
        user.scoped(&app.store).open_threats().await?
    } else {
        Vec::new()
    };
    html(DashboardPage {
        threats,
        chrome: Chrome::of(&user),
        d,
        district: q.district,
        districts: districts_for(&user.session.actor.jurisdiction),
    })
}

// ───────────────────────────── victims ─────────────────────────────

#[derive(Template)]
#[template(path = "victims.html")]
struct VictimsPage {
    chrome: Chrome,
    items: Vec<VictimSummary>,
    pager: Pager,
    q: VictimsQuery,
    districts: Vec<&'static District>,
}

impl VictimsPage {
    fn filtered(&self) -> bool {
        !self.q.q.trim().is_empty()
            || self.q.children == "true"
            || self.q.no_cp == "true"
            || !self.q.district.is_empty()
    }
}

/// Query of the victims list.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct VictimsQuery {
    q: String,
    children: String,
    no_cp: String,
    district: String,
    page: String,
}

/// `GET /victims`: a page of victims' protection records with the true total.
pub async fn victims(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<VictimsQuery>,
) -> PageResult {
    let page = page_of(&q.page);
    let f = VictimFilter {
        q: opt(&q.q),
        children: (q.children == "true").then_some(true),
        no_child_protection: (q.no_cp == "true").then_some(true),
        district: opt(&q.district),
        page,
    };
    let (mut items, total) = user.scoped(&app.store).list_victims(&f).await?;
    let page = beyond_the_end(page, items.is_empty(), total);
    if page != f.page {
        let f = VictimFilter { page, ..f };
        items = user.scoped(&app.store).list_victims(&f).await?.0;
    }
    let base = address(
        "/victims",
        &[
            ("q", q.q.trim()),
            ("children", &q.children),
            ("no_cp", &q.no_cp),
            ("district", &q.district),
        ],
    );
    html(VictimsPage {
        chrome: Chrome::of(&user),
        items,
        pager: Pager::new(hifazat_store::page_number(page), PER_PAGE, total, base),
        q,
        districts: districts_for(&user.session.actor.jurisdiction),
    })
}

// ───────────────────────────── identification ─────────────────────────────

/// The identification form as posted (a victim from a case, or found outside one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IdentifyForm {
    case_person_id: String,
    /// The returnee identified from their debriefing (their id), when it is one.
    returnee_id: String,
    district: String,
    result: String,
    indicators: Vec<String>,
    circumstances: String,
    #[serde(rename = "identified_on-day")]
    identified_day: String,
    #[serde(rename = "identified_on-month")]
    identified_month: String,
    #[serde(rename = "identified_on-year")]
    identified_year: String,
    name: String,
    father_name: String,
    sex: String,
    age: String,
    #[serde(rename = "date_of_birth-day")]
    dob_day: String,
    #[serde(rename = "date_of_birth-month")]
    dob_month: String,
    #[serde(rename = "date_of_birth-year")]
    dob_year: String,
    cnic: String,
    phone: String,
    nationality: String,
}

impl IdentifyForm {
    fn identified_on(&self) -> DateParts {
        DateParts {
            day: self.identified_day.clone(),
            month: self.identified_month.clone(),
            year: self.identified_year.clone(),
        }
    }
    fn date_of_birth(&self) -> DateParts {
        DateParts {
            day: self.dob_day.clone(),
            month: self.dob_month.clone(),
            year: self.dob_year.clone(),
        }
    }
    fn has(&self, code: &str) -> bool {
        self.indicators.iter().any(|c| c == code)
    }

    /// The request, or messages under the form's own field names.
    fn to_request(&self) -> Result<NewIdentification, FieldErrors> {
        let mut e = FieldErrors::new();
        let result = chosen(
            &mut e,
            "result",
            &self.result,
            IdentificationResult::from_code,
            "Choose the result of the screening",
        );
        if self.district.trim().is_empty() {
            e.add("district", "Choose a district");
        }
        let case_person_id = whole(
            &mut e,
            "case_person_id",
            &self.case_person_id,
            "Choose a victim in a case",
        );
        let identified_on = typed_date(&mut e, "identified_on", &self.identified_on());
        let person = if case_person_id.is_none() {
            let sex = chosen(
                &mut e,
                "sex",
                &self.sex,
                Sex::from_code,
                "Choose the victim's sex",
            );
            let date_of_birth = typed_date(&mut e, "date_of_birth", &self.date_of_birth());
            let age = match ascii_digits(&self.age).trim() {
                "" => None,
                t => t.parse::<i32>().ok().or_else(|| {
                    e.add(
                        "age",
                        "Enter the victim's age in whole years, for example 24",
                    );
                    None
                }),
            };
            let nationality = match country_code(&self.nationality) {
                Ok(n) => n,
                Err(m) => {
                    e.add("nationality", m);
                    None
                }
            };
            sex.map(|sex| NewPerson {
                role: PersonRole::Victim,
                name: self.name.clone(),
                father_name: opt(&self.father_name),
                relation: None,
                sex,
                date_of_birth,
                age,
                cnic: opt(&self.cnic),
                passport: None,
                nationality,
                phone: opt(&self.phone),
                address: None,
                district: opt(&self.district),
                religion: None,
                disability: None,
                accused_status: None,
                link_existing: false,
            })
        } else {
            None
        };
        // A check that gives `None` has recorded its message in `e`.
        let Some(result) = result else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewIdentification {
            case_person_id,
            person,
            district: self.district.trim().to_owned(),
            indicators: self.indicators.clone(),
            result,
            circumstances: opt(&self.circumstances),
            identified_on,
        })
    }
}

/// The domain names a person's fields `person.FIELD`; the form names them `FIELD`.
fn form_fields(e: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (f, ms) in e.0 {
        let f = f.strip_prefix("person.").unwrap_or(&f).to_owned();
        for m in ms {
            out.add(f.clone(), m);
        }
    }
    out
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
    countries: Vec<&'static Country>,
}

impl IdentifyPage {
    fn new(user: &WebUser, form: IdentifyForm, errors: FieldErrors) -> IdentifyPage {
        IdentifyPage {
            chrome: Chrome::of(user),
            form,
            errors,
            results: IdentificationResult::ALL,
            indicators: SCREENING_INDICATORS,
            sexes: Sex::ALL,
            districts: districts_for(&user.session.actor.jurisdiction),
            countries: countries(),
        }
    }
}

/// Query of the identification form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct IdentifyQuery {
    case_person: String,
    district: String,
    returnee: String,
}

/// `GET /victims/new` (`?returnee=ID`: filled from a returnee's record and debriefing).
pub async fn identify_form(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<IdentifyQuery>,
) -> PageResult {
    if !user.session.actor.may(Action::Protect) {
        return Err(StoreError::Forbidden("this role does not handle victim protection").into());
    }
    let mut form = IdentifyForm {
        case_person_id: q.case_person,
        district: q.district,
        result: "presumed".into(),
        nationality: country_name("PK"),
        ..Default::default()
    };
    if let Ok(id) = q.returnee.trim().parse::<i64>() {
        let r = user.scoped(&app.store).returnee(id).await?;
        let j = &user.session.actor.jurisdiction;
        let covers = |d: &str| {
            reference::district_by_code(d).is_some_and(|x| j.covers(&x.province_code, &x.code))
        };
        form.returnee_id = id.to_string();
        form.name = r.summary.full_name.clone();
        form.father_name = r.father_name.clone().unwrap_or_default();
        form.sex = r.sex.map(|s| s.code().to_owned()).unwrap_or_default();
        form.cnic = r.cnic.clone().unwrap_or_default();
        form.nationality = country_name(&r.summary.nationality);
        match r
            .date_of_birth
            .as_deref()
            .map(|d| d.split('-').collect::<Vec<_>>())
        {
            Some(p) if p.len() == 3 => {
                form.dob_year = p[0].to_owned();
                form.dob_month = p[1].trim_start_matches('0').to_owned();
                form.dob_day = p[2].trim_start_matches('0').to_owned();
            }
            Some(p) => {
                if let Ok(y) = p[0].parse::<i32>() {
                    use chrono::Datelike;
                    form.age = (app.store.today().year() - y).to_string();
                }
            }
            None => {}
        }
        form.district = match r.summary.home_district.as_deref() {
            Some(h) if covers(h) => h.to_owned(),
            _ if covers(&r.summary.district) => r.summary.district.clone(),
            _ => String::new(),
        };
        form.circumstances = format!(
            "Returnee {} ({}, returned from {} on {}); identified at the debriefing.",
            r.summary.reference,
            r.summary.kind.label().to_lowercase(),
            reference::country(&r.summary.country)
                .map_or(r.summary.country.as_str(), |c| c.name.as_str()),
            r.summary.arrived_on
        );
        let d = DateParts::of(Some(app.store.today()));
        (
            form.identified_day,
            form.identified_month,
            form.identified_year,
        ) = (d.day, d.month, d.year);
    }
    if form.district.is_empty() {
        if let Jurisdiction::District(d) = &user.session.actor.jurisdiction {
            form.district = d.clone();
        }
    }
    html(IdentifyPage::new(&user, form, FieldErrors::new()))
}

/// `POST /victims`.
pub async fn identify(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<IdentifyForm>,
) -> PageResult {
    let outcome = async {
        let n = form.to_request()?;
        match form.returnee_id.trim().parse::<i64>() {
            Ok(returnee) => user.scoped(&app.store).identify_returnee(returnee, n).await,
            Err(_) => user.scoped(&app.store).identify(n).await,
        }
    }
    .await;
    let next = |id| format!("/victims/{id}?done=identified");
    submitted(outcome, next, |errors| async {
        Ok(IdentifyPage::new(&user, form, form_fields(errors)))
    })
    .await
}

// ───────────────────────────── a victim's record ─────────────────────────────

/// The consent form as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    purpose: String,
    method: String,
    #[serde(rename = "given_on-day")]
    day: String,
    #[serde(rename = "given_on-month")]
    month: String,
    #[serde(rename = "given_on-year")]
    year: String,
    guardian_name: String,
    guardian_relation: String,
}

impl ConsentForm {
    fn given_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
    }
    fn to_request(&self) -> Result<NewConsent, FieldErrors> {
        let mut e = FieldErrors::new();
        let purpose = chosen(
            &mut e,
            "purpose",
            &self.purpose,
            ConsentPurpose::from_code,
            "Choose what the victim consents to",
        );
        let method = chosen(
            &mut e,
            "method",
            &self.method,
            ConsentMethod::from_code,
            "Choose how consent was given",
        );
        let given_on = typed_date(&mut e, "given_on", &self.given_on());
        // A check that gives `None` has recorded its message in `e`.
        let (Some(purpose), Some(method)) = (purpose, method) else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewConsent {
            purpose,
            method,
            given_on,
            guardian_name: opt(&self.guardian_name),
            guardian_relation: opt(&self.guardian_relation),
        })
    }
}

/// The referral form as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReferForm {
    provider_id: String,
    services: Vec<String>,
    urgency: String,
    needs: String,
    contact_arrangements: String,
    consent_override_reason: String,
}

impl ReferForm {
    fn to_request(&self, victim_id: i64) -> Result<NewReferral, FieldErrors> {
        let mut e = FieldErrors::new();
        let provider_id = whole(
            &mut e,
            "provider_id",
            &self.provider_id,
            "Choose a provider from the list",
        );
        if provider_id.is_none() && e.is_empty() {
            e.add("provider_id", "Choose a provider from the list");
        }
        let urgency = chosen(
            &mut e,
            "urgency",
            &self.urgency,
            Urgency::from_code,
            "Choose how urgent the referral is",
        );
        let mut services = Vec::new();
        for s in &self.services {
            match Service::from_code(s) {
                Some(s) => services.push(s),
                None => e.add("services", "Choose services from the list"),
            }
        }
        // A check that gives `None` has recorded its message in `e`.
        let (Some(provider_id), Some(urgency)) = (provider_id, urgency) else {
            return Err(e);
        };
        e.into_result(())?;
        Ok(NewReferral {
            victim_id,
            provider_id,
            services,
            urgency,
            needs: opt(&self.needs),
            contact_arrangements: opt(&self.contact_arrangements),
            consent_override_reason: opt(&self.consent_override_reason),
        })
    }
}

/// A follow-up's result as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FollowUpForm {
    outcome: String,
    note: String,
    #[serde(rename = "done_on-day")]
    day: String,
    #[serde(rename = "done_on-month")]
    month: String,
    #[serde(rename = "done_on-year")]
    year: String,
}

impl FollowUpForm {
    fn done_on(&self) -> DateParts {
        DateParts {
            day: self.day.clone(),
            month: self.month.clone(),
            year: self.year.clone(),
        }
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
    consent: ConsentForm,
    refer: ReferForm,
    follow: FollowUpForm,
    providers: Vec<Provider>,
    purposes: &'static [ConsentPurpose],
    methods: &'static [ConsentMethod],
    services: &'static [Service],
    urgencies: &'static [Urgency],
    outcomes: &'static [FollowUpOutcome],
    may_override: bool,
}

impl VictimPage {
    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        match self.done.as_str() {
            "identified" => tr.s1("protection-done-identified", "code", &self.v.victim.code),
            "consent" => tr.t("protection-done-consent"),
            "withdrawn" => tr.t("protection-done-withdrawn"),
            "referred" => match self.v.referrals.last() {
                Some(r) => {
                    let due = tr.when(&r.due_at);
                    tr.args(
                        "protection-done-referred",
                        &[("provider", r.provider.as_str()), ("due", due.as_str())],
                    )
                }
                None => String::new(),
            },
            "followup" => tr.t("protection-done-followup"),
            _ => String::new(),
        }
    }
    fn has_service(&self, code: &str) -> bool {
        self.refer.services.iter().any(|c| c == code)
    }
    fn refused_for_consent(&self) -> bool {
        self.which == "refer" && self.errors.first("consent").is_some()
    }
    /// The follow-up that the form records: the first one not done.
    fn next_follow_up(&self) -> Option<&FollowUp> {
        self.v.follow_ups.iter().find(|f| f.done_on.is_none())
    }
    fn is_next_follow_up(&self, id: &i64) -> bool {
        self.next_follow_up().is_some_and(|f| f.id == *id)
    }
    fn provider_option(&self, p: &Provider) -> String {
        let tr = &self.chrome.tr;
        let mut s = p.name.clone();
        if let Some(d) = &p.district {
            s.push_str(&format!(" ({d})"));
        }
        if p.capacity > 0 {
            s.push_str(" · ");
            let used = tr.n(p.occupancy);
            let beds = tr.n1("protection-beds", "count", p.capacity);
            s.push_str(&tr.args(
                "protection-beds-in-use",
                &[("used", used.as_str()), ("beds", beds.as_str())],
            ));
        }
        s
    }
}

/// Query of a victim's page: what was just done, or the consent purpose to choose.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct VictimQuery {
    done: String,
    purpose: String,
}

#[allow(clippy::too_many_arguments)]
async fn victim_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    done: String,
    errors: FieldErrors,
    which: &'static str,
    consent: ConsentForm,
    refer: ReferForm,
    follow: FollowUpForm,
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
        consent: ConsentForm {
            // Referral is what consent is usually recorded for: the action refused without it.
            purpose: if consent.purpose.is_empty() {
                ConsentPurpose::ReferServices.code().into()
            } else {
                consent.purpose.clone()
            },
            ..consent
        },
        refer: ReferForm {
            urgency: if refer.urgency.is_empty() {
                Urgency::Urgent.code().into()
            } else {
                refer.urgency.clone()
            },
            ..refer
        },
        follow,
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
    Query(q): Query<VictimQuery>,
) -> PageResult {
    let consent = ConsentForm {
        purpose: ConsentPurpose::from_code(&q.purpose)
            .map(|p| p.code().to_owned())
            .unwrap_or_default(),
        ..Default::default()
    };
    html(
        victim_page(
            &app,
            &user,
            id,
            q.done,
            FieldErrors::new(),
            "",
            consent,
            ReferForm::default(),
            FollowUpForm::default(),
        )
        .await?,
    )
}

/// What a form on the victim's page sent, to show it again with its messages.
enum Sent {
    Consent(ConsentForm),
    Refer(ReferForm),
    FollowUp(FollowUpForm),
    Withdraw,
}

async fn victim_result(
    app: &AppState,
    user: &WebUser,
    id: i64,
    r: Result<(), StoreError>,
    done: &str,
    sent: Sent,
) -> PageResult {
    let next = |()| format!("/victims/{id}?done={done}");
    submitted(r, next, |e| {
        let (which, c, rf, f) = match sent {
            Sent::Consent(c) => ("consent", c, ReferForm::default(), FollowUpForm::default()),
            Sent::Refer(r) => ("refer", ConsentForm::default(), r, FollowUpForm::default()),
            Sent::FollowUp(f) => ("followup", ConsentForm::default(), ReferForm::default(), f),
            Sent::Withdraw => (
                "consent",
                ConsentForm::default(),
                ReferForm::default(),
                FollowUpForm::default(),
            ),
        };
        victim_page(app, user, id, String::new(), e, which, c, rf, f)
    })
    .await
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
    victim_result(&app, &user, id, r, "consent", Sent::Consent(form)).await
}

#[derive(Template)]
#[template(path = "protection_confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    /// `withdraw`, `close`, `decline` or `discharge`.
    kind: &'static str,
    code: String,
    /// Where the form posts.
    action: String,
    /// Where "cancel" goes back to.
    back: String,
    /// The consent to withdraw: its purpose and date.
    consent: Option<Consent>,
    /// The referral to close or decline.
    referral: Option<Referral>,
    /// The stay to end.
    stay: Option<Stay>,
    reason: String,
    to: String,
    discharged_on: DateParts,
    discharge: &'static [DischargeTo],
    errors: FieldErrors,
}

impl ConfirmPage {
    fn title(&self) -> String {
        let tr = &self.chrome.tr;
        tr.s1(
            &format!("protection-confirm-{}-title", self.kind),
            "code",
            &self.code,
        )
    }
    /// `protection-confirm-KIND-warning` or `…-button`.
    fn part(&self, which: &str) -> String {
        self.chrome
            .tr
            .t(format!("protection-confirm-{}-{which}", self.kind))
    }
}

/// `GET /victims/{id}/consents/{consent}/withdraw`: are you sure?
pub async fn withdraw_confirm(
    State(app): State<AppState>,
    user: WebUser,
    Path((id, consent)): Path<(i64, i64)>,
) -> PageResult {
    let v = user.scoped(&app.store).get_victim(id).await?;
    let c = v
        .consents
        .iter()
        .find(|c| c.id == consent && c.withdrawn_on.is_none())
        .cloned()
        .ok_or_else(PageError::not_found)?;
    html(ConfirmPage {
        chrome: Chrome::of(&user),
        kind: "withdraw",
        code: v.victim.code.clone(),
        action: format!("/victims/{id}/consents/{consent}/withdraw"),
        back: format!("/victims/{id}#consents"),
        consent: Some(c),
        referral: None,
        stay: None,
        reason: String::new(),
        to: String::new(),
        discharged_on: DateParts::default(),
        discharge: DischargeTo::ALL,
        errors: FieldErrors::new(),
    })
}

/// `POST /victims/{id}/consents/{consent}/withdraw`.
pub async fn withdraw(
    State(app): State<AppState>,
    Path((id, consent)): Path<(i64, i64)>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    let r = user.scoped(&app.store).withdraw_consent(id, consent).await;
    victim_result(&app, &user, id, r, "withdrawn", Sent::Withdraw).await
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
    victim_result(&app, &user, id, r, "referred", Sent::Refer(form)).await
}

/// `POST /victims/{id}/follow-ups/{follow_up}`.
pub async fn follow_up(
    State(app): State<AppState>,
    Path((id, fu)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<FollowUpForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let outcome = chosen(
        &mut e,
        "outcome",
        &form.outcome,
        FollowUpOutcome::from_code,
        "Choose how the follow-up found the person",
    );
    let date = typed_date(&mut e, "done_on", &form.done_on());
    // A check that gives `None` has recorded its message in `e`.
    let r = match outcome {
        Some(outcome) if e.is_empty() => {
            user.scoped(&app.store)
                .record_follow_up(
                    id,
                    fu,
                    FollowUpResult {
                        outcome,
                        done_on: date,
                        note: opt(&form.note),
                    },
                )
                .await
        }
        _ => Err(StoreError::Invalid(e)),
    };
    victim_result(&app, &user, id, r, "followup", Sent::FollowUp(form)).await
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
    let chrome = Chrome::of(&user);
    let back_label = chrome
        .tr
        .s1("protection-back-to-record", "code", &v.victim_code);
    let mut r = html(IdentityPage {
        chrome,
        back: format!("/victims/{id}"),
        back_label,
        v,
    })?;
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

// ───────────────────────────── referrals ─────────────────────────────

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    chrome: Chrome,
    items: Vec<Referral>,
    pager: Pager,
    q: ReferralsQuery,
    statuses: &'static [ReferralStatus],
}

impl ReferralsPage {
    fn filtered(&self) -> bool {
        !self.q.status.is_empty()
            || self.q.overdue == "true"
            || !self.q.q.trim().is_empty()
            || !self.q.district.is_empty()
    }
}

/// Query of the referrals list.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReferralsQuery {
    status: String,
    overdue: String,
    q: String,
    district: String,
    page: String,
}

/// `GET /referrals`: a provider's queue, or the referrals of victims in one's jurisdiction; a
/// page with the true total.
pub async fn referrals(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ReferralsQuery>,
) -> PageResult {
    let page = page_of(&q.page);
    let f = ReferralListFilter {
        status: ReferralStatus::from_code(&q.status),
        overdue: (q.overdue == "true").then_some(true),
        q: opt(&q.q),
        district: opt(&q.district),
        page,
    };
    let (mut items, total) = user.scoped(&app.store).referrals_page(&f).await?;
    let page = beyond_the_end(page, items.is_empty(), total);
    if page != f.page {
        let f = ReferralListFilter { page, ..f };
        items = user.scoped(&app.store).referrals_page(&f).await?.0;
    }
    let base = address(
        "/referrals",
        &[
            ("status", &q.status),
            ("overdue", &q.overdue),
            ("q", q.q.trim()),
            ("district", &q.district),
        ],
    );
    html(ReferralsPage {
        chrome: Chrome::of(&user),
        items,
        pager: Pager::new(hifazat_store::page_number(page), PER_PAGE, total, base),
        q,
        statuses: ReferralStatus::ALL,
    })
}

/// What the provider posts on a referral: a service, an admission, a review.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProviderForm {
    status: String,
    reason: String,
    service: String,
    note: String,
    planned_days: String,
    victim_wishes: String,
    plan: String,
    to: String,
    #[serde(rename = "delivered_on-day")]
    delivered_day: String,
    #[serde(rename = "delivered_on-month")]
    delivered_month: String,
    #[serde(rename = "delivered_on-year")]
    delivered_year: String,
    #[serde(rename = "admitted_on-day")]
    admitted_day: String,
    #[serde(rename = "admitted_on-month")]
    admitted_month: String,
    #[serde(rename = "admitted_on-year")]
    admitted_year: String,
    #[serde(rename = "review_date-day")]
    review_day: String,
    #[serde(rename = "review_date-month")]
    review_month: String,
    #[serde(rename = "review_date-year")]
    review_year: String,
    #[serde(rename = "discharged_on-day")]
    discharged_day: String,
    #[serde(rename = "discharged_on-month")]
    discharged_month: String,
    #[serde(rename = "discharged_on-year")]
    discharged_year: String,
}

impl ProviderForm {
    fn parts(d: &str, m: &str, y: &str) -> DateParts {
        DateParts {
            day: d.into(),
            month: m.into(),
            year: y.into(),
        }
    }
    fn delivered_on(&self) -> DateParts {
        Self::parts(
            &self.delivered_day,
            &self.delivered_month,
            &self.delivered_year,
        )
    }
    fn admitted_on(&self) -> DateParts {
        Self::parts(
            &self.admitted_day,
            &self.admitted_month,
            &self.admitted_year,
        )
    }
    fn review_date(&self) -> DateParts {
        Self::parts(&self.review_day, &self.review_month, &self.review_year)
    }
    fn discharged_on(&self) -> DateParts {
        Self::parts(
            &self.discharged_day,
            &self.discharged_month,
            &self.discharged_year,
        )
    }
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    chrome: Chrome,
    r: Referral,
    provider_side: bool,
    done: String,
    errors: FieldErrors,
    form: ProviderForm,
    stay: Option<Stay>,
}

impl ReferralPage {
    fn is(&self, s: &str) -> bool {
        self.r.status.code() == s
    }
    fn offers_shelter(&self) -> bool {
        self.r.services.contains(&Service::Shelter)
    }
    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        match self.done.as_str() {
            "accepted" if self.offers_shelter() => tr.t("protection-done-accepted-shelter"),
            "accepted" => tr.t("protection-done-accepted"),
            "declined" => tr.t("protection-done-declined"),
            "closed" => tr.t("protection-done-closed"),
            "service" => tr.t("protection-done-service"),
            "admitted" => tr.t("protection-done-admitted"),
            "reviewed" => tr.t("protection-done-reviewed"),
            "discharged" => tr.t("protection-done-discharged"),
            _ => String::new(),
        }
    }
    fn planned_days(&self) -> &str {
        if self.form.planned_days.is_empty() {
            "60"
        } else {
            &self.form.planned_days
        }
    }
}

async fn referral_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    done: String,
    errors: FieldErrors,
    form: ProviderForm,
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
        form,
        stay,
    })
}

/// Query with a done marker.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// `GET /referrals/{id}`.
pub async fn referral(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    html(
        referral_page(
            &app,
            &user,
            id,
            q.done,
            FieldErrors::new(),
            ProviderForm::default(),
        )
        .await?,
    )
}

async fn referral_result(
    app: &AppState,
    user: &WebUser,
    id: i64,
    r: Result<(), StoreError>,
    done: &str,
    form: ProviderForm,
) -> PageResult {
    let next = |()| format!("/referrals/{id}?done={done}");
    submitted(r, next, |e| {
        referral_page(app, user, id, String::new(), e, form)
    })
    .await
}

async fn confirm_referral(
    app: &AppState,
    user: &WebUser,
    id: i64,
    kind: &'static str,
    reason: String,
    errors: FieldErrors,
) -> Result<ConfirmPage, PageError> {
    let r = user.scoped(&app.store).get_referral(id).await?;
    Ok(ConfirmPage {
        chrome: Chrome::of(user),
        kind,
        code: r.victim_code.clone(),
        action: format!("/referrals/{id}/status"),
        back: format!("/referrals/{id}"),
        consent: None,
        referral: Some(r),
        stay: None,
        reason,
        to: String::new(),
        discharged_on: DateParts::default(),
        discharge: DischargeTo::ALL,
        errors,
    })
}

/// `GET /referrals/{id}/close`: are you sure?
pub async fn close_confirm(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> PageResult {
    html(confirm_referral(&app, &user, id, "close", String::new(), FieldErrors::new()).await?)
}

/// `GET /referrals/{id}/decline`: the reason, and are you sure?
pub async fn decline_confirm(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> PageResult {
    html(
        confirm_referral(
            &app,
            &user,
            id,
            "decline",
            String::new(),
            FieldErrors::new(),
        )
        .await?,
    )
}

/// `POST /referrals/{id}/status`: accept (from the referral), or decline or close (from their
/// confirmation pages, where a refusal is shown again).
pub async fn referral_status(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ProviderForm>,
) -> PageResult {
    let Some(status) = ReferralStatus::from_code(form.status.trim()) else {
        let mut e = FieldErrors::new();
        e.add("status", "Choose what to do with the referral");
        return referral_result(&app, &user, id, Err(StoreError::Invalid(e)), "", form).await;
    };
    let r = user
        .scoped(&app.store)
        .update_referral(
            id,
            ReferralUpdate {
                status,
                reason: opt(&form.reason),
            },
        )
        .await
        .map(|_| ());
    let kind = match status {
        ReferralStatus::Declined => Some("decline"),
        ReferralStatus::Closed => Some("close"),
        _ => None,
    };
    match (r, kind) {
        (Err(StoreError::Invalid(e)), Some(kind)) => {
            let page = confirm_referral(&app, &user, id, kind, form.reason.clone(), e).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        (r, _) => referral_result(&app, &user, id, r, status.code(), form).await,
    }
}

/// `POST /referrals/{id}/services`.
pub async fn referral_service(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ProviderForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let service = chosen(
        &mut e,
        "service",
        &form.service,
        Service::from_code,
        "Choose the service delivered",
    );
    let date = typed_date(&mut e, "delivered_on", &form.delivered_on());
    // A check that gives `None` has recorded its message in `e`.
    let r = match service {
        Some(service) if e.is_empty() => {
            user.scoped(&app.store)
                .record_service(
                    id,
                    NewDelivery {
                        service,
                        delivered_on: date,
                        note: opt(&form.note),
                    },
                )
                .await
        }
        _ => Err(StoreError::Invalid(e)),
    };
    referral_result(&app, &user, id, r, "service", form).await
}

/// `POST /referrals/{id}/admission`.
pub async fn admit(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ProviderForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let days = whole(
        &mut e,
        "planned_days",
        &form.planned_days,
        "Enter the planned stay as a number of days from 1 to 730",
    );
    if days.is_none() && e.is_empty() {
        e.add(
            "planned_days",
            "Enter the planned stay as a number of days from 1 to 730",
        );
    }
    let date = typed_date(&mut e, "admitted_on", &form.admitted_on());
    // A check that gives `None` has recorded its message in `e`.
    let r = match days {
        Some(days) if e.is_empty() => user
            .scoped(&app.store)
            .admit(NewStay {
                referral_id: id,
                admitted_on: date,
                planned_days: days,
                victim_wishes: form.victim_wishes.clone(),
            })
            .await
            .map(|_| ()),
        _ => Err(StoreError::Invalid(e)),
    };
    referral_result(&app, &user, id, r, "admitted", form).await
}

/// `POST /referrals/{id}/stays/{stay}/review`.
pub async fn review(
    State(app): State<AppState>,
    Path((id, stay)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ProviderForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let date = typed_date(&mut e, "review_date", &form.review_date());
    let r = if e.is_empty() {
        user.scoped(&app.store)
            .review_stay(
                stay,
                NewReview {
                    review_date: date,
                    victim_wishes: form.victim_wishes.clone(),
                    plan: opt(&form.plan),
                },
            )
            .await
    } else {
        Err(StoreError::Invalid(e))
    };
    referral_result(&app, &user, id, r, "reviewed", form).await
}

async fn discharge_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    stay: i64,
    form: &ProviderForm,
    errors: FieldErrors,
) -> Result<ConfirmPage, PageError> {
    let s = user.scoped(&app.store);
    let r = s.get_referral(id).await?;
    let st = s
        .stay_of_referral(id)
        .await?
        .filter(|s| s.id == stay && s.discharged_on.is_none())
        .ok_or_else(PageError::not_found)?;
    Ok(ConfirmPage {
        chrome: Chrome::of(user),
        kind: "discharge",
        code: r.victim_code.clone(),
        action: format!("/referrals/{id}/stays/{stay}/discharge"),
        back: format!("/referrals/{id}#stay"),
        consent: None,
        referral: Some(r),
        stay: Some(st),
        reason: String::new(),
        to: form.to.clone(),
        discharged_on: form.discharged_on(),
        discharge: DischargeTo::ALL,
        errors,
    })
}

/// `GET /referrals/{id}/stays/{stay}/discharge`: where to, when, and are you sure?
pub async fn discharge_confirm(
    State(app): State<AppState>,
    user: WebUser,
    Path((id, stay)): Path<(i64, i64)>,
) -> PageResult {
    html(
        discharge_page(
            &app,
            &user,
            id,
            stay,
            &ProviderForm::default(),
            FieldErrors::new(),
        )
        .await?,
    )
}

/// `POST /referrals/{id}/stays/{stay}/discharge`.
pub async fn discharge(
    State(app): State<AppState>,
    Path((id, stay)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<ProviderForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let to = chosen(
        &mut e,
        "to",
        &form.to,
        DischargeTo::from_code,
        "Choose where the stay ends",
    );
    let date = typed_date(&mut e, "discharged_on", &form.discharged_on());
    // A check that gives `None` has recorded its message in `e`.
    let r = match to {
        Some(to) if e.is_empty() => {
            user.scoped(&app.store)
                .discharge(
                    stay,
                    NewDischarge {
                        discharged_on: date,
                        to,
                    },
                )
                .await
        }
        _ => Err(StoreError::Invalid(e)),
    };
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/referrals/{id}?done=discharged")).into_response()),
        Err(StoreError::Invalid(e)) => {
            let page = discharge_page(&app, &user, id, stay, &form, e).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ───────────────────────────── the service directory ─────────────────────────────

#[derive(Template)]
#[template(path = "providers.html")]
struct ProvidersPage {
    chrome: Chrome,
    items: Vec<Provider>,
    pager: Pager,
    q: ProvidersQuery,
    districts: Vec<&'static District>,
    services: &'static [Service],
    groups: &'static [Group],
}

impl ProvidersPage {
    fn district_names(&self, codes: &[String]) -> String {
        let tr = &self.chrome.tr;
        tr.join(codes.iter().map(|c| tr.district(c)).collect())
    }
    fn filtered(&self) -> bool {
        !self.q.district.is_empty() || !self.q.service.is_empty() || !self.q.group.is_empty()
    }
}

/// Query of the directory.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct ProvidersQuery {
    district: String,
    service: String,
    group: String,
    page: String,
}

/// `GET /providers`: the service directory, a page with the true total.
pub async fn providers(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ProvidersQuery>,
) -> PageResult {
    let page = page_of(&q.page);
    let f = ProviderFilter {
        district: opt(&q.district),
        service: Service::from_code(&q.service),
        accepts: Group::from_code(&q.group),
        ..Default::default()
    };
    let (mut items, total) = user.scoped(&app.store).providers_page(&f, page).await?;
    let asked = page;
    let page = beyond_the_end(page, items.is_empty(), total);
    if page != asked {
        items = user.scoped(&app.store).providers_page(&f, page).await?.0;
    }
    let base = address(
        "/providers",
        &[
            ("district", &q.district),
            ("service", &q.service),
            ("group", &q.group),
        ],
    );
    html(ProvidersPage {
        chrome: Chrome::of(&user),
        items,
        pager: Pager::new(hifazat_store::page_number(page), PER_PAGE, total, base),
        q,
        districts: all_districts(),
        services: Service::ALL,
        groups: Group::ALL,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code of every list shown on these pages has its words in both languages.
    #[test]
    fn every_code_has_its_words() {
        let en = crate::i18n::keys(Lang::En);
        let mut missing = Vec::new();
        let mut check = |list: &str, code: &str| {
            let key = format!("protection-{list}-{code}");
            if !en.contains(&key) {
                missing.push(key);
            }
        };
        Service::ALL.iter().for_each(|x| check("service", x.code()));
        Group::ALL.iter().for_each(|x| check("group", x.code()));
        Urgency::ALL.iter().for_each(|x| check("urgency", x.code()));
        ReferralStatus::ALL
            .iter()
            .for_each(|x| check("status", x.code()));
        ConsentPurpose::ALL
            .iter()
            .for_each(|x| check("purpose", x.code()));
        ConsentMethod::ALL
            .iter()
            .for_each(|x| check("method", x.code()));
        IdentificationResult::ALL
            .iter()
            .for_each(|x| check("result", x.code()));
        DischargeTo::ALL
            .iter()
            .for_each(|x| check("discharge", x.code()));
        FollowUpOutcome::ALL
            .iter()
            .for_each(|x| check("outcome", x.code()));
        SCREENING_INDICATORS
            .iter()
            .for_each(|(c, _)| check("indicator", c));
        Sex::ALL.iter().for_each(|x| check("sex", x.code()));
        ["child", "adult", "unknown"]
            .iter()
            .for_each(|x| check("age", x));
        for kind in ["withdraw", "close", "decline", "discharge"] {
            for part in ["title", "warning", "button"] {
                check("confirm", &format!("{kind}-{part}"));
            }
        }
        assert!(missing.is_empty(), "missing: {missing:#?}");
    }

    #[test]
    fn countries_are_read_back_as_codes() {
        assert_eq!(country_code("Pakistan"), Ok(Some("PK".into())));
        assert_eq!(country_code("  pakistan "), Ok(Some("PK".into())));
        assert_eq!(country_code("ae"), Ok(Some("AE".into())));
        assert_eq!(country_code(""), Ok(None));
        assert!(country_code("Atlantis").is_err());
        assert_eq!(country_name("PK"), "Pakistan");
    }

    #[test]
    fn urdu_digits_are_read_as_numbers() {
        let mut e = FieldErrors::new();
        let d = DateParts {
            day: "۲۷".into(),
            month: "٣".into(),
            year: "۲۰۲۶".into(),
        };
        assert_eq!(
            typed_date(&mut e, "d", &d),
            NaiveDate::from_ymd_opt(2026, 3, 27)
        );
        assert_eq!(whole(&mut e, "n", "۶۰", "x"), Some(60));
        assert!(e.is_empty());
    }

    #[test]
    fn list_addresses_keep_only_the_filters_set() {
        assert_eq!(
            address("/victims", &[("q", ""), ("children", "true")]),
            "/victims?children=true"
        );
        assert_eq!(address("/providers", &[("district", "")]), "/providers");
        assert_eq!(
            address("/referrals", &[("q", "V-2024 LHR")]),
            "/referrals?q=V-2024+LHR"
        );
    }
}
