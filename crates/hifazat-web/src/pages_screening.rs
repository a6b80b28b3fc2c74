//! Watchlist and screening pages: the lists a page at a time, adding an entry and removing one
//! (after a confirmation), the printable Red Book, screening one traveller or a pasted list at
//! the counter, and the alert queue, where a decision leads to the next pending alert.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::opt;
use crate::pages::{html, submitted, Chrome};
use crate::paging::{DateParts, Pager};
use crate::screening_words::{country_code, dob_parts, partial_dob, Words};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hifazat_domain::reference;
use hifazat_domain::screening::*;
use hifazat_domain::{Action, FieldErrors};
use hifazat_store::screening::*;
use hifazat_store::StoreError;
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// Entries or alerts per page.
const PER_PAGE: i64 = 25;

/// Percent-encodes a value for a query string.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The FIA zones the entry form suggests (those already written on entries come first).
const ZONES: &[&str] = &[
    "Lahore",
    "Gujranwala",
    "Faisalabad",
    "Multan",
    "Islamabad",
    "Karachi",
    "Quetta",
    "Peshawar",
    "Kohat",
];

#[derive(Template)]
#[template(path = "watchlist.html")]
struct WatchlistPage {
    chrome: Chrome,
    w: Words,
    entries: Vec<WatchlistEntry>,
    pager: Pager,
    list: String,
    zone: String,
    zones: Vec<String>,
    kinds: &'static [WatchlistKind],
    manage: bool,
    /// What was just done: `added` or `removed`, and to which entry.
    done: String,
    done_entry: Option<WatchlistEntry>,
    /// Set after adding an entry that has one name and nothing else to tell namesakes apart.
    one_name: bool,
    /// May open case pages (links from entries to their cases).
    cases: bool,
    /// Only the entries due for review.
    due: bool,
    /// Entries due for review (for the keepers of the watchlists).
    due_count: i64,
}

/// Query of the watchlist page.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    list: String,
    zone: String,
    /// `1`: only the entries due for review.
    due: String,
    page: String,
    /// `added` or `removed`.
    done: String,
    /// The entry added or removed.
    entry: String,
    /// Prefill the entry form from this person record (old address of the form).
    person: String,
    /// `one_name` after adding an entry with one name and nothing else.
    warn: String,
}

/// `GET /watchlist`: the active entries, a page at a time, by list and zone.
pub async fn watchlist(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<ListQuery>,
) -> PageResult {
    if !q.person.trim().is_empty() {
        return Ok(
            Redirect::to(&format!("/watchlist/new?person={}", enc(q.person.trim())))
                .into_response(),
        );
    }
    let s = user.scoped(&app.store);
    let f = WatchlistFilter {
        list: WatchlistKind::from_code(&q.list),
        zone: opt(&q.zone),
        due: q.due == "1",
        page: q.page.trim().parse().ok(),
        per_page: Some(PER_PAGE),
    };
    let (entries, total) = s.watchlist_page(&f).await?;
    let list = f.list.map(|l| l.code().to_owned()).unwrap_or_default();
    let zone = f.zone.clone().unwrap_or_default();
    let mut base = String::from("/watchlist?");
    if !list.is_empty() {
        base.push_str(&format!("list={list}&"));
    }
    if !zone.is_empty() {
        base.push_str(&format!("zone={}&", enc(&zone)));
    }
    if f.due {
        base.push_str("due=1&");
    }
    let done_entry = match (q.done.as_str(), q.entry.trim().parse::<i64>()) {
        ("added" | "removed", Ok(id)) => s.watchlist_entry(id).await.ok().map(|(e, _)| e),
        _ => None,
    };
    let chrome = Chrome::of(&user);
    html(WatchlistPage {
        w: Words(chrome.tr),
        chrome,
        entries,
        pager: Pager::new(hifazat_store::page_number(f.page), PER_PAGE, total, base),
        list,
        zone,
        zones: s.watchlist_zones().await?,
        kinds: WatchlistKind::ALL,
        manage: user.session.actor.may(Action::ManageWatchlists),
        done: if done_entry.is_some() {
            q.done
        } else {
            String::new()
        },
        done_entry,
        one_name: q.warn == "one_name",
        cases: user.session.actor.may(Action::ViewCases),
        due: f.due,
        due_count: if user.session.actor.may(Action::ManageWatchlists) {
            s.watchlist_due_count().await?
        } else {
            0
        },
    })
}

#[derive(Template)]
#[template(path = "watchlist_new.html")]
struct EntryPage {
    chrome: Chrome,
    w: Words,
    kinds: &'static [WatchlistKind],
    errors: FieldErrors,
    form: EntryForm,
    dob: DateParts,
    review_on: DateParts,
    expires_on: DateParts,
    /// The nationality as shown in the picker (a name).
    nationality: String,
    countries: Vec<(String, String)>,
    zones: Vec<String>,
}

/// The form that adds an entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    list: String,
    full_name: String,
    father_name: String,
    #[serde(rename = "date_of_birth-day")]
    dob_day: String,
    #[serde(rename = "date_of_birth-month")]
    dob_month: String,
    #[serde(rename = "date_of_birth-year")]
    dob_year: String,
    cnic: String,
    passport: String,
    nationality: String,
    zone: String,
    reference: String,
    reason: String,
    /// The person record the entry is about.
    person_uid: String,
    #[serde(rename = "review_on-day")]
    review_day: String,
    #[serde(rename = "review_on-month")]
    review_month: String,
    #[serde(rename = "review_on-year")]
    review_year: String,
    #[serde(rename = "expires_on-day")]
    expires_day: String,
    #[serde(rename = "expires_on-month")]
    expires_month: String,
    #[serde(rename = "expires_on-year")]
    expires_year: String,
}

impl EntryForm {
    fn dob(&self) -> DateParts {
        DateParts::typed(&self.dob_day, &self.dob_month, &self.dob_year)
    }
    fn review_on(&self) -> DateParts {
        DateParts::typed(&self.review_day, &self.review_month, &self.review_year)
    }
    fn expires_on(&self) -> DateParts {
        DateParts::typed(&self.expires_day, &self.expires_month, &self.expires_year)
    }
}

/// `first`'s messages, then `rest`'s for the fields `first` has none for.
fn with_rest(mut first: FieldErrors, rest: Option<FieldErrors>) -> FieldErrors {
    for (f, m) in rest.iter().flat_map(|r| r.firsts()) {
        if first.first(f).is_none() {
            first.add(f, m);
        }
    }
    first
}

/// A typed date, its message added to `e` under `name`.
fn typed_date(e: &mut FieldErrors, name: &str, d: &DateParts) -> Option<chrono::NaiveDate> {
    d.date().unwrap_or_else(|m| {
        e.add(name, m);
        None
    })
}

/// Query of the entry form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct NewEntryQuery {
    /// Start from this person record.
    person: String,
    /// Start with this list chosen.
    list: String,
}

async fn entry_page(
    app: &AppState,
    user: &WebUser,
    form: EntryForm,
    errors: FieldErrors,
) -> Result<EntryPage, PageError> {
    if !user.session.actor.may(Action::ManageWatchlists) {
        return Err(StoreError::Forbidden(
            "only the national coordinator and supervisors change watchlists",
        )
        .into());
    }
    let chrome = Chrome::of(user);
    let w = Words(chrome.tr);
    let mut zones = user.scoped(&app.store).watchlist_zones().await?;
    for z in ZONES {
        if !zones.iter().any(|x| x == z) {
            zones.push((*z).to_owned());
        }
    }
    let nationality = match country_code(&form.nationality) {
        Ok(Some(c)) => w.country(&c),
        _ => form.nationality.clone(),
    };
    Ok(EntryPage {
        countries: w.countries(),
        w,
        chrome,
        kinds: WatchlistKind::ALL,
        errors,
        dob: form.dob(),
        review_on: form.review_on(),
        expires_on: form.expires_on(),
        nationality,
        form,
        zones,
    })
}

/// `GET /watchlist/new`: the form that adds an entry (from a person's page: filled in from the
/// record).
pub async fn entry_new(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<NewEntryQuery>,
) -> PageResult {
    let mut form = EntryForm {
        list: WatchlistKind::from_code(&q.list)
            .unwrap_or(WatchlistKind::RedBook)
            .code()
            .into(),
        nationality: "PK".into(),
        ..Default::default()
    };
    if !q.person.trim().is_empty() && user.session.actor.may(Action::ManageWatchlists) {
        let p = user.scoped(&app.store).person(q.person.trim()).await?;
        let d = dob_parts(p.date_of_birth.as_deref().unwrap_or(""));
        form.full_name = p.name;
        form.father_name = p.father_name.unwrap_or_default();
        form.dob_day = d.day;
        form.dob_month = d.month;
        form.dob_year = d.year;
        form.cnic = p.cnic.unwrap_or_default();
        form.passport = p.passport.unwrap_or_default();
        form.nationality = p.nationality.unwrap_or_else(|| "PK".into());
        form.person_uid = p.uid;
    }
    html(entry_page(&app, &user, form, FieldErrors::new()).await?)
}

/// `POST /watchlist`: adds an entry, or shows the form again with what to correct.
pub async fn add_entry(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<EntryForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let list = WatchlistKind::from_code(&form.list);
    if list.is_none() {
        e.add("list", "Choose a list");
    }
    let dob = partial_dob(&form.dob(), app.store.today()).unwrap_or_else(|m| {
        e.add("date_of_birth", m);
        None
    });
    let nationality = country_code(&form.nationality).unwrap_or_else(|m| {
        e.add("nationality", m);
        None
    });
    let review_on = typed_date(&mut e, "review_on", &form.review_on());
    let expires_on = typed_date(&mut e, "expires_on", &form.expires_on());
    let r = match list {
        Some(list) => {
            let n = NewWatchlistEntry {
                list,
                full_name: form.full_name.clone(),
                father_name: opt(&form.father_name),
                date_of_birth: dob.clone(),
                cnic: opt(&form.cnic),
                passport: opt(&form.passport),
                nationality,
                zone: opt(&form.zone),
                reference: opt(&form.reference),
                reason: opt(&form.reason),
                person_uid: opt(&form.person_uid),
                expires_on,
                review_on,
            };
            // Every field's message at once: the domain's checks, then the form's own.
            match n.clone().validate_on(app.store.today(), false) {
                Err(mut de) => {
                    for (f, m) in e.firsts() {
                        if de.first(f).is_none() {
                            de.add(f, m);
                        }
                    }
                    Err(StoreError::Invalid(de))
                }
                Ok(_) if !e.is_empty() => Err(StoreError::Invalid(e)),
                Ok(_) => user.scoped(&app.store).add_watchlist_entry(n).await,
            }
        }
        None => Err(StoreError::Invalid(e)),
    };
    let warn = if one_name_only(&form, dob.as_deref().unwrap_or("")) {
        "&warn=one_name"
    } else {
        ""
    };
    let list = enc(&form.list);
    let next = |id| format!("/watchlist?list={list}&done=added&entry={id}{warn}");
    submitted(r, next, |e| entry_page(&app, &user, form, e)).await
}

fn one_name_only(f: &EntryForm, dob: &str) -> bool {
    hifazat_store::screening::one_name_only(
        &f.full_name,
        &f.father_name,
        &[dob, &f.cnic, &f.passport],
    )
}

#[derive(Template)]
#[template(path = "watchlist_remove.html")]
struct RemovePage {
    chrome: Chrome,
    w: Words,
    e: WatchlistEntry,
}

/// `GET /watchlist/{id}/remove`: asks before an entry is taken out of screening.
pub async fn remove_confirm(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
) -> PageResult {
    if !user.session.actor.may(Action::ManageWatchlists) {
        return Err(StoreError::Forbidden(
            "only the national coordinator and supervisors change watchlists",
        )
        .into());
    }
    let (e, active) = user.scoped(&app.store).watchlist_entry(id).await?;
    if !active {
        return Err(StoreError::NotFound.into());
    }
    let chrome = Chrome::of(&user);
    html(RemovePage {
        w: Words(chrome.tr),
        chrome,
        e,
    })
}

/// `POST /watchlist/{id}/remove`.
pub async fn remove_entry(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, .. }: CsrfForm<serde::de::IgnoredAny>,
) -> PageResult {
    user.scoped(&app.store).remove_watchlist_entry(id).await?;
    Ok(Redirect::to(&format!("/watchlist?done=removed&entry={id}")).into_response())
}

#[derive(Template)]
#[template(path = "watchlist_entry.html")]
struct EntryShowPage {
    chrome: Chrome,
    w: Words,
    e: WatchlistEntry,
    active: bool,
    reviews: Vec<WatchlistReview>,
    manage: bool,
    /// May open case pages.
    cases: bool,
    /// The review just recorded (`keep`, `extend`, `remove`).
    done: String,
    errors: FieldErrors,
    form: ReviewForm,
    next_review_on: DateParts,
    expires_on: DateParts,
    decisions: &'static [ReviewDecision],
}

/// The form that reviews an entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    decision: String,
    #[serde(rename = "next_review_on-day")]
    next_day: String,
    #[serde(rename = "next_review_on-month")]
    next_month: String,
    #[serde(rename = "next_review_on-year")]
    next_year: String,
    #[serde(rename = "expires_on-day")]
    expires_day: String,
    #[serde(rename = "expires_on-month")]
    expires_month: String,
    #[serde(rename = "expires_on-year")]
    expires_year: String,
    reason: String,
}

impl ReviewForm {
    fn next_review_on(&self) -> DateParts {
        DateParts::typed(&self.next_day, &self.next_month, &self.next_year)
    }
    fn expires_on(&self) -> DateParts {
        DateParts::typed(&self.expires_day, &self.expires_month, &self.expires_year)
    }
}

/// Query of the entry page.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct EntryQuery {
    /// The review just recorded.
    done: String,
}

async fn entry_show_page(
    app: &AppState,
    user: &WebUser,
    id: i64,
    form: ReviewForm,
    errors: FieldErrors,
    done: String,
) -> Result<EntryShowPage, PageError> {
    let s = user.scoped(&app.store);
    let (e, active) = s.watchlist_entry(id).await?;
    let chrome = Chrome::of(user);
    Ok(EntryShowPage {
        w: Words(chrome.tr),
        chrome,
        e,
        active,
        reviews: s.watchlist_reviews(id).await?,
        manage: user.session.actor.may(Action::ManageWatchlists),
        cases: user.session.actor.may(Action::ViewCases),
        done: if ReviewDecision::from_code(&done).is_some() {
            done
        } else {
            String::new()
        },
        errors,
        next_review_on: form.next_review_on(),
        expires_on: form.expires_on(),
        form,
        decisions: ReviewDecision::ALL,
    })
}

/// `GET /watchlist/{id}`: one entry with its dates, why it is listed, its reviews, and (for
/// the keepers of the watchlists) the review form.
pub async fn entry_show(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<EntryQuery>,
) -> PageResult {
    html(
        entry_show_page(
            &app,
            &user,
            id,
            ReviewForm::default(),
            FieldErrors::new(),
            q.done,
        )
        .await?,
    )
}

/// `POST /watchlist/{id}/review`: records a review, or shows the entry again with what to
/// correct.
pub async fn review_entry(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ReviewForm>,
) -> PageResult {
    let mut e = FieldErrors::new();
    let next_review_on = typed_date(&mut e, "next_review_on", &form.next_review_on());
    let expires_on = typed_date(&mut e, "expires_on", &form.expires_on());
    let review = EntryReview {
        decision: ReviewDecision::from_code(&form.decision),
        next_review_on,
        expires_on,
        reason: form.reason.clone(),
    };
    let r = if e.is_empty() {
        user.scoped(&app.store).review_entry(id, review).await
    } else {
        // The typed dates' messages, with the others the review would give.
        let rest = review.validate(app.store.today(), None).err();
        Err(StoreError::Invalid(with_rest(e, rest)))
    };
    let decision = enc(&form.decision);
    let next = |()| format!("/watchlist/{id}?done={decision}#done");
    submitted(r, next, |e| {
        entry_show_page(&app, &user, id, form, e, String::new())
    })
    .await
}

#[derive(Template)]
#[template(path = "redbook.html")]
struct RedBookPage {
    tr: crate::i18n::Tr,
    w: Words,
    entries: Vec<WatchlistEntry>,
    printed_on: String,
    printed_by: String,
}

/// `GET /redbook`: the Red Book as one document to print for distribution (one card per
/// person, readable on a phone too).
pub async fn redbook(State(app): State<AppState>, user: WebUser) -> PageResult {
    let scoped = user.scoped(&app.store);
    let entries = scoped.watchlist(Some(WatchlistKind::RedBook)).await?;
    // The printable Red Book leaves the system on paper: recorded like any export.
    scoped
        .record_export("redbook", entries.len(), "printable Red Book")
        .await?;
    let tr = crate::i18n::Tr(user.lang);
    html(RedBookPage {
        tr,
        w: Words(tr),
        entries,
        printed_on: tr.date(&app.store.today().to_string()),
        printed_by: user.session.display_name.clone(),
    })
}

#[derive(Template)]
#[template(path = "screening.html")]
struct ScreeningPage {
    chrome: Chrome,
    w: Words,
    result: Option<ScreenResult>,
    report: Option<BatchReport>,
    /// Messages for the one-traveller form.
    errors: FieldErrors,
    /// Messages for the list form.
    list_errors: FieldErrors,
    form: ScreenForm,
    dob: DateParts,
    nationality: String,
    countries: Vec<(String, String)>,
    exit_points: &'static [&'static str],
    index_size: i64,
    pending: i64,
}

/// The screening form: one traveller, or a pasted list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScreenForm {
    full_name: String,
    father_name: String,
    #[serde(rename = "date_of_birth-day")]
    dob_day: String,
    #[serde(rename = "date_of_birth-month")]
    dob_month: String,
    #[serde(rename = "date_of_birth-year")]
    dob_year: String,
    cnic: String,
    passport: String,
    nationality: String,
    exit_point: String,
    csv: String,
    source: String,
    /// `list` when the list form was sent.
    form: String,
}

impl ScreenForm {
    fn dob(&self) -> DateParts {
        DateParts::typed(&self.dob_day, &self.dob_month, &self.dob_year)
    }
}

async fn screening_page(
    app: &AppState,
    user: &WebUser,
    form: ScreenForm,
) -> Result<ScreeningPage, PageError> {
    let chrome = Chrome::of(user);
    let w = Words(chrome.tr);
    let nationality = match country_code(&form.nationality) {
        Ok(Some(c)) => w.country(&c),
        _ => form.nationality.clone(),
    };
    Ok(ScreeningPage {
        pending: user.scoped(&app.store).pending_alerts().await?,
        countries: w.countries(),
        w,
        chrome,
        result: None,
        report: None,
        errors: FieldErrors::new(),
        list_errors: FieldErrors::new(),
        dob: form.dob(),
        nationality,
        form,
        exit_points: reference::EXIT_POINTS,
        index_size: app.store.watchlist_len() as i64,
    })
}

/// `GET /screening`: an immigration officer's start page: the pending alerts, and the forms.
pub async fn screening(State(app): State<AppState>, user: WebUser) -> PageResult {
    if !user.session.actor.may(Action::Screen) {
        return Err(StoreError::Forbidden("only immigration officers screen travellers").into());
    }
    html(screening_page(&app, &user, ScreenForm::default()).await?)
}

/// `POST /screening`: screens one traveller or a list, and shows the alerts.
pub async fn screen(
    State(app): State<AppState>,
    CsrfForm { user, form }: CsrfForm<ScreenForm>,
) -> PageResult {
    if !user.session.actor.may(Action::Screen) {
        return Err(StoreError::Forbidden("only immigration officers screen travellers").into());
    }
    let s = user.scoped(&app.store);
    let mut page = screening_page(&app, &user, form.clone()).await?;
    let is_list = form.form == "list" || !form.csv.trim().is_empty();
    let r = if is_list {
        if form.csv.trim().is_empty() {
            let mut e = FieldErrors::new();
            e.add(
                "csv",
                "Paste the list: the column names on the first line, then one traveller a line",
            );
            Err(StoreError::Invalid(e))
        } else {
            let source = opt(&form.source).unwrap_or_else(|| "pasted list".into());
            s.screen_batch(&form.csv, &source)
                .await
                .map(|rep| page.report = Some(rep))
        }
    } else {
        let mut e = FieldErrors::new();
        let dob = partial_dob(&form.dob(), app.store.today()).unwrap_or_else(|m| {
            e.add("date_of_birth", m);
            None
        });
        let nationality = country_code(&form.nationality).unwrap_or_else(|m| {
            e.add("nationality", m);
            None
        });
        let req = ScreenRequest {
            id: None,
            full_name: form.full_name.clone(),
            father_name: opt(&form.father_name),
            date_of_birth: dob,
            cnic: opt(&form.cnic),
            passport: opt(&form.passport),
            nationality,
            exit_point: opt(&form.exit_point),
        };
        match req.clone().validate() {
            Err(mut de) => {
                for (f, m) in e.firsts() {
                    if de.first(f).is_none() {
                        de.add(f, m);
                    }
                }
                Err(StoreError::Invalid(de))
            }
            Ok(_) if !e.is_empty() => Err(StoreError::Invalid(e)),
            Ok(_) => s
                .screen(req, "counter")
                .await
                .map(|res| page.result = Some(res)),
        }
    };
    match r {
        Ok(()) => {
            page.pending = s.pending_alerts().await?;
            html(page)
        }
        Err(StoreError::Invalid(e)) => {
            if is_list {
                page.list_errors = e;
            } else {
                page.errors = e;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    chrome: Chrome,
    w: Words,
    alerts: Vec<ScreeningAlert>,
    pager: Pager,
    stats: AlertStats,
    status: String,
    statuses: &'static [AlertDecision],
    /// The alert just decided, to say what was recorded.
    decided: Option<ScreeningAlert>,
    /// The alert to decide next.
    next: Option<i64>,
    errors: FieldErrors,
    /// The alert whose decision was refused.
    error_for: i64,
    /// May open case pages.
    cases: bool,
}

/// Query of the alert queue.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AlertQuery {
    status: String,
    page: String,
    /// The alert just decided.
    decided: String,
    /// The alert to decide next.
    next: String,
}

async fn alerts_page(
    app: &AppState,
    user: &WebUser,
    q: AlertQuery,
) -> Result<AlertsPage, PageError> {
    let status = if q.status.is_empty() {
        "pending".to_owned()
    } else {
        q.status
    };
    let s = user.scoped(&app.store);
    let page = q.page.trim().parse().ok();
    let (alerts, total) = s
        .alerts_page(AlertDecision::from_code(&status), page, Some(PER_PAGE))
        .await?;
    let decided = match q.decided.trim().parse::<i64>() {
        Ok(id) => s.alert(id).await.ok(),
        Err(_) => None,
    };
    let chrome = Chrome::of(user);
    Ok(AlertsPage {
        w: Words(chrome.tr),
        chrome,
        alerts,
        pager: Pager::new(
            hifazat_store::page_number(page),
            PER_PAGE,
            total,
            format!("/alerts?status={}", enc(&status)),
        ),
        stats: s.alert_stats().await?,
        status,
        statuses: AlertDecision::ALL,
        decided,
        next: q.next.trim().parse().ok(),
        errors: FieldErrors::new(),
        error_for: 0,
        cases: user.session.actor.may(Action::ViewCases),
    })
}

/// `GET /alerts`: the queue, a page at a time (pending alerts first of all).
pub async fn alerts(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<AlertQuery>,
) -> PageResult {
    html(alerts_page(&app, &user, q).await?)
}

/// The decision form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    note: String,
}

/// `POST /alerts/{id}/decision`: records the decision, then shows the next pending alert with
/// what was recorded.
pub async fn decide(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<DecisionForm>,
) -> PageResult {
    let s = user.scoped(&app.store);
    let r = match AlertDecision::from_code(&form.decision) {
        Some(decision) if decision != AlertDecision::Pending => {
            s.decide(
                id,
                Decision {
                    decision,
                    note: opt(&form.note),
                },
            )
            .await
        }
        _ => {
            let mut e = FieldErrors::new();
            e.add("decision", "Choose true match or false alarm");
            Err(StoreError::Invalid(e))
        }
    };
    // Decided: on to the next alert waiting, on the page where it stands.
    let r = match r {
        Ok(()) => s.next_pending_alert(id).await,
        Err(e) => Err(e),
    };
    let next = |pending: Option<(i64, i64)>| match pending {
        Some((next, before)) => format!(
            "/alerts?status=pending&page={}&decided={id}&next={next}#alert-{next}",
            before / PER_PAGE + 1
        ),
        None => format!("/alerts?status=pending&decided={id}"),
    };
    submitted(r, next, |e| async {
        let mut page = alerts_page(&app, &user, AlertQuery::default()).await?;
        page.errors = e;
        page.error_for = id;
        Ok(page)
    })
    .await
}
