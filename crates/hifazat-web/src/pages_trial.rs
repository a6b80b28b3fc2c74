//! The case's prosecution and trial page (`/cases/{id}/trial`): the challan's scrutiny by the
//! prosecution, court and judge, hearings and what happened at each, verdicts per accused and
//! offence, appeals and compensation. Each form posts to its own route; a refused form shows
//! the page again with its error summary, and a saved one comes back with a confirmation.

use crate::auth::{CsrfForm, WebUser};
use crate::error::PageError;
use crate::forms::{renamed, typed_amount, typed_date};
use crate::pages::{submitted, Chrome};
use crate::pages_cases::CaseWords;
use crate::paging::DateParts;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use hifazat_domain::reference;
use hifazat_domain::trial::*;
use hifazat_domain::{Action, FieldErrors, PersonRole, Stage};
use hifazat_store::cases::models::{CaseDetail, CasePerson, NewHearing};
use hifazat_store::cases::trial::Trial;
use hifazat_store::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

type PageResult = Result<Response, PageError>;

/// A posted trial form: every field as typed.
type Fields = HashMap<String, String>;

#[derive(Template)]
#[template(path = "trial.html")]
struct TrialPage {
    chrome: Chrome,
    c: CaseDetail,
    t: Trial,
    done: String,
    /// The form that came back with errors (`court`, `scrutiny`, `hearing`, `outcome`,
    /// `verdict`, `appeal`, `appeal-decision`, `compensation`, `payment`), and its row.
    which: &'static str,
    row: i64,
    form: Fields,
    errors: FieldErrors,
    /// May record the trial (prosecutor, the case's officers).
    may_record: bool,
    /// May scrutinise the challan (the prosecution).
    may_scrutinise: bool,
    today: NaiveDate,
    decisions: &'static [ScrutinyDecision],
    outcomes: &'static [HearingOutcome],
    reasons: &'static [AdjournmentReason],
    adjourned_by: &'static [AdjournedBy],
    verdicts: &'static [VerdictOutcome],
    filers: &'static [AppealFiledBy],
    appeal_outcomes: &'static [AppealOutcome],
    laws: &'static [CompensationLaw],
}

impl TrialPage {
    async fn load(app: &AppState, user: &WebUser, id: i64) -> Result<TrialPage, PageError> {
        let scoped = user.scoped(&app.store);
        let c = scoped.get_case(id).await?;
        let t = scoped.trial(id).await?;
        let actor = &user.session.actor;
        Ok(TrialPage {
            chrome: Chrome::of(user),
            may_record: actor.may(Action::RecordTrial) && !c.read_only,
            may_scrutinise: actor.may(Action::ScrutiniseChallan) && !c.read_only,
            c,
            t,
            done: String::new(),
            which: "",
            row: 0,
            form: Fields::new(),
            errors: FieldErrors::new(),
            today: app.store.today(),
            decisions: ScrutinyDecision::ALL,
            outcomes: HearingOutcome::ALL,
            reasons: AdjournmentReason::ALL,
            adjourned_by: AdjournedBy::ALL,
            verdicts: VerdictOutcome::ALL,
            filers: AppealFiledBy::ALL,
            appeal_outcomes: AppealOutcome::ALL,
            laws: CompensationLaw::ALL,
        })
    }

    /// A field as typed, if the form `which` came back with errors (for the row `row`).
    fn v(&self, which: &str, row: impl Num, name: &str) -> &str {
        let row = row.num().unwrap_or(0);
        if self.which == which && self.row == row {
            self.form.get(name).map(String::as_str).unwrap_or("")
        } else {
            ""
        }
    }

    /// The errors for form `which` (row `row`); none for the other forms.
    fn e(&self, which: &str, row: impl Num) -> FieldErrors {
        let row = row.num().unwrap_or(0);
        if self.which == which && self.row == row {
            self.errors.clone()
        } else {
            FieldErrors::new()
        }
    }

    /// The date parts typed in form `which` under `name`.
    fn d(&self, which: &str, row: impl Num, name: &str) -> DateParts {
        let row = row.num().unwrap_or(0);
        DateParts {
            day: self.v(which, row, &format!("{name}-day")).to_owned(),
            month: self.v(which, row, &format!("{name}-month")).to_owned(),
            year: self.v(which, row, &format!("{name}-year")).to_owned(),
        }
    }

    /// The field id prefix for a row's form: `f-` for the row whose errors the summary links
    /// to, a row-specific prefix for the others (ids stay unique on the page).
    fn fid(&self, which: &str, row: impl Num) -> String {
        let row = row.num().unwrap_or(0);
        if self.which == which && self.row == row {
            "f-".into()
        } else {
            format!("{which}-{row}-")
        }
    }

    fn done_message(&self) -> String {
        let tr = &self.chrome.tr;
        let stage = tr.case_label("stage", self.c.case.stage.code());
        match self.done.as_str() {
            "accepted" => tr.s1("trial-done-accepted", "stage", &stage),
            "returned" => tr.s1("trial-done-returned", "stage", &stage),
            "court" => tr.t("trial-done-court"),
            "hearing" => tr.t("trial-done-hearing"),
            "outcome" => tr.t("trial-done-outcome"),
            "verdict" => tr.s1("trial-done-verdict", "stage", &stage),
            "appeal" => tr.t("trial-done-appeal"),
            "appeal-decided" => tr.t("trial-done-appeal-decided"),
            "compensation" => tr.t("trial-done-compensation"),
            "payment" => tr.t("trial-done-payment"),
            _ => String::new(),
        }
    }

    fn accused(&self) -> Vec<&CasePerson> {
        self.c
            .persons
            .iter()
            .filter(|p| p.role == PersonRole::Accused)
            .collect()
    }

    fn victims(&self) -> Vec<&CasePerson> {
        self.c
            .persons
            .iter()
            .filter(|p| p.role == PersonRole::Victim)
            .collect()
    }

    /// A person of the case as shown here: an accused by name, a victim by code.
    fn person(&self, id: impl Num) -> String {
        let id = id.num().unwrap_or(0);
        self.c
            .persons
            .iter()
            .find(|p| p.id == id)
            .map(|p| match p.role {
                PersonRole::Victim => p.victim_code.clone().unwrap_or_default(),
                _ => p.name.clone().unwrap_or_else(|| p.person_uid.clone()),
            })
            .unwrap_or_default()
    }

    fn offence_title(&self, code: &str) -> String {
        reference::offence(code)
            .map(|o| format!("{} ({} s. {})", o.title, o.law, o.section))
            .unwrap_or_default()
    }

    fn sentence(&self, months: impl Num) -> String {
        let tr = &self.chrome.tr;
        match months.num() {
            Some(m) => {
                let (y, mo) = (m / 12, m % 12);
                match (y, mo) {
                    (0, mo) => tr.n1("trial-months", "n", mo),
                    (y, 0) => tr.n1("trial-years", "n", y),
                    (y, mo) => format!(
                        "{} {}",
                        tr.n1("trial-years", "n", y),
                        tr.n1("trial-months", "n", mo)
                    ),
                }
            }
            None => "—".into(),
        }
    }

    fn rupees(&self, v: impl Num) -> String {
        match v.num() {
            Some(x) => self.chrome.tr.s1("trial-rupees", "n", self.chrome.tr.n(x)),
            None => "—".into(),
        }
    }

    fn open_stage(&self) -> bool {
        matches!(
            self.c.case.stage,
            Stage::ChallanSubmitted | Stage::UnderTrial
        )
    }

    fn decided(&self) -> bool {
        matches!(self.c.case.stage, Stage::Convicted | Stage::Acquitted)
    }

    /// A hearing whose day has come and whose outcome is not recorded.
    fn awaits_outcome(&self, hearing_date: &str, recorded: bool) -> bool {
        !recorded
            && hearing_date
                .parse::<NaiveDate>()
                .is_ok_and(|d| d <= self.today)
    }
}

/// A number as the template passes it (by value or reference, maybe optional).
pub trait Num {
    /// The number, if any.
    fn num(&self) -> Option<i64>;
}

impl Num for i64 {
    fn num(&self) -> Option<i64> {
        Some(*self)
    }
}

impl Num for Option<i64> {
    fn num(&self) -> Option<i64> {
        *self
    }
}

impl Num for Option<&i64> {
    fn num(&self) -> Option<i64> {
        self.copied()
    }
}

impl<T: Num> Num for &T {
    fn num(&self) -> Option<i64> {
        (**self).num()
    }
}

/// Query of the trial page.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

/// `GET /cases/{id}/trial`.
pub async fn trial_page(
    State(app): State<AppState>,
    user: WebUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let mut page = TrialPage::load(&app, &user, id).await?;
    page.done = q.done;
    Ok(Html(page.render()?).into_response())
}

/// Answers a trial form: to the page with `done` when saved, or the page again with the form's
/// errors (field names of the store mapped to the form's own by `rename`).
#[allow(clippy::too_many_arguments)]
async fn answer<T>(
    app: &AppState,
    user: &WebUser,
    id: i64,
    which: &'static str,
    row: i64,
    form: Fields,
    rename: &[(&str, &str)],
    result: Result<T, StoreError>,
    done: impl FnOnce(T) -> String,
) -> PageResult {
    let next = |v| format!("/cases/{id}/trial?done={}#done", done(v));
    submitted(result, next, |e| async {
        let mut page = TrialPage::load(app, user, id).await?;
        page.which = which;
        page.row = row;
        page.form = form;
        page.errors = renamed(e, rename);
        Ok(page)
    })
    .await
}

/// Reading a posted form into a request: each reader notes its field's error.
struct Reader<'a> {
    f: &'a Fields,
    e: FieldErrors,
}

impl<'a> Reader<'a> {
    fn new(f: &'a Fields) -> Self {
        Reader {
            f,
            e: FieldErrors::new(),
        }
    }

    fn text(&self, name: &str) -> Option<String> {
        self.f
            .get(name)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    /// A choice from a code list; `missing` when none.
    fn code<T>(&mut self, name: &str, from: fn(&str) -> Option<T>, missing: &str) -> Option<T> {
        match self.text(name) {
            None => {
                if !missing.is_empty() {
                    self.e.add(name, missing);
                }
                None
            }
            Some(c) => from(&c).or_else(|| {
                self.e.add(name, "Choose one of the list's options");
                None
            }),
        }
    }

    /// A whole number typed with either script's digits and thousands separators.
    fn number(&mut self, name: &str, message: &str) -> Option<i64> {
        let text = self.f.get(name).cloned().unwrap_or_default();
        typed_amount(&mut self.e, name, &text, message)
    }

    /// A date typed as day, month and year.
    fn date(&mut self, name: &str) -> Option<NaiveDate> {
        let part = |p: &str| {
            self.f
                .get(&format!("{name}-{p}"))
                .cloned()
                .unwrap_or_default()
        };
        let (d, m, y) = (part("day"), part("month"), part("year"));
        typed_date(&mut self.e, name, &d, &m, &y)
    }

    /// The request, or the form's errors (with the request's own checks left to the store).
    fn done<T>(self, value: Option<T>) -> Result<T, StoreError> {
        match value {
            Some(v) if self.e.is_empty() => Ok(v),
            _ => Err(StoreError::Invalid(self.e)),
        }
    }
}

/// `POST /cases/{id}/trial/scrutiny`.
pub async fn scrutiny(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let decision = r.code(
        "decision",
        ScrutinyDecision::from_code,
        "Choose whether the challan is accepted or returned",
    );
    let req = decision.map(|decision| ChallanScrutiny {
        decision,
        court: r.text("scrutiny_court"),
        judge: r.text("scrutiny_judge"),
        objections: r.text("objections"),
    });
    let result = match r.done(req) {
        Ok(s) => user.scoped(&app.store).scrutinise_challan(id, s).await,
        Err(e) => Err(e),
    };
    answer(
        &app,
        &user,
        id,
        "scrutiny",
        0,
        form,
        &[("court", "scrutiny_court"), ("judge", "scrutiny_judge")],
        result,
        |s| {
            if s == Stage::UnderTrial {
                "accepted".into()
            } else {
                "returned".into()
            }
        },
    )
    .await
}

/// `POST /cases/{id}/trial/court`.
pub async fn court(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let r = Reader::new(&form);
    let req = CourtAssignment {
        court: r.text("court").unwrap_or_default(),
        judge: r.text("judge"),
    };
    let result = user.scoped(&app.store).set_court(id, req).await;
    answer(&app, &user, id, "court", 0, form, &[], result, |_| {
        "court".into()
    })
    .await
}

/// `POST /cases/{id}/trial/hearings`: a hearing date, by whoever records the trial.
pub async fn hearing(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let date = r.date("hearing_date");
    if date.is_none() && r.e.first("hearing_date").is_none() {
        r.e.add("hearing_date", "Enter the date of the hearing");
    }
    let req = date.map(|hearing_date| NewHearing {
        hearing_date,
        court: r.text("hearing_court").unwrap_or_default(),
        purpose: r.text("purpose"),
    });
    let result = match r.done(req) {
        Ok(h) => user.scoped(&app.store).add_hearing(id, h).await,
        Err(e) => Err(e),
    };
    answer(
        &app,
        &user,
        id,
        "hearing",
        0,
        form,
        &[("court", "hearing_court")],
        result,
        |_| "hearing".into(),
    )
    .await
}

/// `POST /cases/{id}/trial/hearings/{h}/outcome`.
pub async fn outcome(
    State(app): State<AppState>,
    Path((id, h)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let outcome = r.code(
        "outcome",
        HearingOutcome::from_code,
        "Choose what happened at the hearing",
    );
    let adjournment_reason = r.code("adjournment_reason", AdjournmentReason::from_code, "");
    let adjourned_by = r.code("adjourned_by", AdjournedBy::from_code, "");
    let next_hearing_date = r.date("next_hearing_date");
    let req = outcome.map(|outcome| HearingResult {
        outcome,
        adjournment_reason,
        adjourned_by,
        note: r.text("note"),
        next_hearing_date,
    });
    let result = match r.done(req) {
        Ok(x) => {
            user.scoped(&app.store)
                .record_hearing_outcome(id, h, x)
                .await
        }
        Err(e) => Err(e),
    };
    answer(&app, &user, id, "outcome", h, form, &[], result, |_| {
        "outcome".into()
    })
    .await
}

/// `POST /cases/{id}/trial/verdicts`.
pub async fn verdict(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let accused = r.number("accused", "Choose an accused of this case");
    if accused.is_none() && r.e.first("accused").is_none() {
        r.e.add("accused", "Choose the accused");
    }
    let outcome = r.code(
        "verdict",
        VerdictOutcome::from_code,
        "Choose convicted or acquitted",
    );
    let years = r.number("years", "Enter the years of imprisonment in numbers");
    let months = r.number("months", "Enter the months of imprisonment in numbers");
    let fine = r.number("fine_pkr", "Enter the fine in rupees, in numbers");
    let judgment_date = r.date("judgment_date");
    let imprisonment = match (years, months) {
        (None, None) => None,
        (y, m) => Some(y.unwrap_or(0) * 12 + m.unwrap_or(0)),
    };
    let req = match (accused, outcome) {
        (Some(case_person_id), Some(outcome)) => Some(NewVerdict {
            case_person_id,
            offence_code: r.text("offence_code").unwrap_or_default(),
            outcome,
            judgment_date,
            imprisonment_months: imprisonment,
            fine_pkr: fine,
        }),
        _ => None,
    };
    let result = match r.done(req) {
        Ok(v) => user.scoped(&app.store).add_verdict(id, v).await,
        Err(e) => Err(e),
    };
    answer(
        &app,
        &user,
        id,
        "verdict",
        0,
        form,
        &[
            ("case_person_id", "accused"),
            ("outcome", "verdict"),
            ("imprisonment_months", "years"),
        ],
        result,
        |_| "verdict".into(),
    )
    .await
}

/// `POST /cases/{id}/trial/appeals`.
pub async fn appeal(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let against = r.number("appeal_accused", "Choose an accused of this case");
    let filed_by = r.code(
        "filed_by",
        AppealFiledBy::from_code,
        "Choose who filed the appeal",
    );
    let filed_on = r.date("filed_on");
    let req = filed_by.map(|filed_by| NewAppeal {
        case_person_id: against,
        filed_by,
        court: r.text("appeal_court").unwrap_or_default(),
        filed_on,
    });
    let result = match r.done(req) {
        Ok(a) => user.scoped(&app.store).file_appeal(id, a).await,
        Err(e) => Err(e),
    };
    answer(
        &app,
        &user,
        id,
        "appeal",
        0,
        form,
        &[
            ("case_person_id", "appeal_accused"),
            ("court", "appeal_court"),
        ],
        result,
        |_| "appeal".into(),
    )
    .await
}

/// `POST /cases/{id}/trial/appeals/{a}/decision`.
pub async fn appeal_decision(
    State(app): State<AppState>,
    Path((id, a)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let outcome = r.code(
        "appeal_outcome",
        AppealOutcome::from_code,
        "Choose how the appeal was decided",
    );
    let decided_on = r.date("decided_on");
    let req = outcome.map(|outcome| AppealDecision {
        outcome,
        decided_on,
        remark: r.text("remark"),
    });
    let result = match r.done(req) {
        Ok(d) => user.scoped(&app.store).decide_appeal(id, a, d).await,
        Err(e) => Err(e),
    };
    answer(
        &app,
        &user,
        id,
        "appeal-decision",
        a,
        form,
        &[("outcome", "appeal_outcome")],
        result,
        |_| "appeal-decided".into(),
    )
    .await
}

/// `POST /cases/{id}/trial/compensation`.
pub async fn compensation(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let victim = r.number("victim", "Choose a victim of this case");
    if victim.is_none() && r.e.first("victim").is_none() {
        r.e.add("victim", "Choose the victim");
    }
    let law = r.code(
        "law",
        CompensationLaw::from_code,
        "Choose the law the compensation was ordered under",
    );
    let amount = r.number("amount_pkr", "Enter the amount in rupees, in numbers");
    let ordered_on = r.date("ordered_on");
    let req = match (victim, law) {
        (Some(case_person_id), Some(law)) => Some(NewCompensation {
            case_person_id,
            law,
            amount_pkr: amount,
            ordered_on,
        }),
        _ => None,
    };
    let result = match r.done(req) {
        Ok(c) => user.scoped(&app.store).order_compensation(id, c).await,
        Err(e) => Err(e),
    };
    answer(
        &app,
        &user,
        id,
        "compensation",
        0,
        form,
        &[("case_person_id", "victim")],
        result,
        |_| "compensation".into(),
    )
    .await
}

/// `POST /cases/{id}/trial/compensation/{c}/payments`.
pub async fn payment(
    State(app): State<AppState>,
    Path((id, c)): Path<(i64, i64)>,
    CsrfForm { user, form }: CsrfForm<Fields>,
) -> PageResult {
    let mut r = Reader::new(&form);
    let paid = r.number("paid_pkr", "Enter the amount paid in rupees, in numbers");
    let paid_on = r.date("paid_on");
    let req = Some(CompensationPayment {
        paid_pkr: paid,
        paid_on,
    });
    let result = match r.done(req) {
        Ok(p) => user.scoped(&app.store).pay_compensation(id, c, p).await,
        Err(e) => Err(e),
    };
    answer(&app, &user, id, "payment", c, form, &[], result, |_| {
        "payment".into()
    })
    .await
}
