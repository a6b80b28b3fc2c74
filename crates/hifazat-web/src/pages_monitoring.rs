//! Oversight pages: an officer's or prosecutor's own work (their start page), the monitoring
//! page with its chart, and the audit trail. Every count on them is counted by SQL with the
//! page's filters, never by counting a capped list; every list pages with its true total.

use crate::auth::WebUser;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{districts_for, html, Chrome};
use crate::pages_cases::CaseWords;
use crate::paging::{address, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use hifazat_domain::reference::District;
use hifazat_domain::stats::ShownCount;
use hifazat_domain::{Action, CaseKind};
use hifazat_store::audit::{AuditAction, AuditFilter, AuditRow};
use hifazat_store::cases::models::{CaseFilter, CaseSummary};
use hifazat_store::cases::monitoring::{Monitoring, MonitoringFilter, MonthCount, UpcomingHearing};
use serde::Deserialize;

type PageResult = Result<Response, PageError>;

/// Rows per page of the lists here.
const PER_PAGE: i64 = 25;
/// Days without activity after which an officer's open case shows among their tasks.
const QUIET_DAYS: i64 = 30;
/// Days ahead for the hearings on the start page.
const HEARING_DAYS: i64 = 30;

/// Counts and months in the page's language (the case code lists are
/// [`crate::pages_cases::CaseWords`]).
pub trait OversightWords {
    /// The plural message `key` with its `count` (templates pass numbers by reference).
    fn count(&self, key: &str, n: &i64) -> String;
    /// A month `YYYY-MM` as `Dec 2026`.
    fn month(&self, m: &str) -> String;
}

impl OversightWords for Tr {
    fn count(&self, key: &str, n: &i64) -> String {
        self.n1(key, "count", *n)
    }
    fn month(&self, m: &str) -> String {
        let d = self.date(&format!("{m}-01"));
        // "1 Dec 2026" → "Dec 2026": drop the day.
        d.split_once(' ')
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or(d)
    }
}

fn exact(c: &ShownCount) -> i64 {
    match c {
        ShownCount::Exact(n) => *n,
        ShownCount::Small(_) | ShownCount::Withheld => 0,
    }
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

// ───────────────────────────── an officer's own work ─────────────────────────────

/// Which of the start page's lists is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkList {
    /// Open cases.
    Open,
    /// Open cases without activity for [`QUIET_DAYS`].
    Quiet,
    /// Open cases still waiting for their FIR.
    NoFir,
}

impl WorkList {
    fn code(self) -> &'static str {
        match self {
            WorkList::Open => "open",
            WorkList::Quiet => "quiet",
            WorkList::NoFir => "no_fir",
        }
    }
    fn of(s: &str) -> WorkList {
        match s {
            "quiet" => WorkList::Quiet,
            "no_fir" => WorkList::NoFir,
            _ => WorkList::Open,
        }
    }
}

#[derive(Template)]
#[template(path = "work.html")]
struct WorkPage {
    chrome: Chrome,
    /// The officer's own cases (`true`), or all they may read (a prosecutor's).
    mine: bool,
    show: WorkList,
    open: i64,
    quiet: i64,
    no_fir: i64,
    hearings: Vec<UpcomingHearing>,
    hearings_total: i64,
    items: Vec<CaseSummary>,
    pager: Pager,
    /// Transfers offered to the officer's jurisdiction, and those it asked for, still waiting.
    incoming: Vec<hifazat_store::cases::transfers::Transfer>,
    outgoing: Vec<hifazat_store::cases::transfers::Transfer>,
    /// Threats reported against victims and witnesses, not yet acknowledged (supervisors).
    threats: Vec<hifazat_store::cases::witnesses::ThreatReport>,
    /// Reports and calls in immediate danger not yet acted on: escalated to this officer, or
    /// in a supervisor's jurisdiction.
    intake_alerts: Vec<hifazat_store::intake::IntakeSummary>,
    /// A supervisor's queue of reports and calls.
    intake: hifazat_store::intake::IntakeCounts,
    /// Watchlist entries due for review (for those who keep the watchlists).
    watchlist_due: i64,
}

impl WorkPage {
    fn district_name(&self, code: &str) -> String {
        hifazat_domain::reference::district_by_code(code)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
    fn threat_line(&self, t: &hifazat_store::cases::witnesses::ThreatReport) -> String {
        crate::pages_witnesses::alert_line(&self.chrome.tr, t)
    }
    fn intake_line(&self, i: &hifazat_store::intake::IntakeSummary) -> String {
        crate::pages_intake::alert_line(&self.chrome.tr, i)
    }
    fn tile_current(&self, l: &str) -> &'static str {
        if self.show.code() == l {
            "aria-current=\"true\""
        } else {
            ""
        }
    }
    fn heading(&self) -> String {
        let key = match (self.show, self.mine) {
            (WorkList::Open, true) => "work-list-open-mine",
            (WorkList::Open, false) => "work-list-open-court",
            (WorkList::Quiet, _) => "work-list-quiet",
            (WorkList::NoFir, _) => "work-list-no-fir",
        };
        self.chrome.tr.n1(key, "days", QUIET_DAYS)
    }
    fn quiet_days(&self) -> i64 {
        QUIET_DAYS
    }
    fn hearing_days(&self) -> i64 {
        HEARING_DAYS
    }
}

/// Query of the start page.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct WorkQuery {
    show: String,
    page: String,
}

/// `GET /work`: an investigating officer's own cases and tasks, or a prosecutor's cases before
/// the court; the start page of both.
pub async fn work(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<WorkQuery>,
) -> PageResult {
    let actor = &user.session.actor;
    if !actor.may(Action::ViewCases) {
        return Err(hifazat_store::StoreError::Forbidden("this role does not see cases").into());
    }
    // An officer who registers cases sees their own; a prosecutor sees every case before the
    // court in their jurisdiction (the store lets them read no other).
    let mine = actor.may(Action::EditCases);
    let scoped = user.scoped(&app.store);
    let base = CaseFilter {
        mine: mine.then_some(true),
        ..Default::default()
    };
    let count = |f: CaseFilter| {
        let scoped = &scoped;
        async move {
            let f = CaseFilter {
                per_page: Some(1),
                ..f
            };
            scoped.list_cases(&f).await.map(|(_, n)| n)
        }
    };
    let open = count(CaseFilter {
        open: Some(true),
        ..base.clone()
    })
    .await?;
    let quiet = count(CaseFilter {
        quiet_days: Some(QUIET_DAYS),
        ..base.clone()
    })
    .await?;
    let no_fir = if mine {
        count(CaseFilter {
            without_fir: Some(true),
            ..base.clone()
        })
        .await?
    } else {
        0
    };
    let (hearings, hearings_total) = scoped.hearings_ahead(&base, HEARING_DAYS, 10).await?;
    let show = WorkList::of(&q.show);
    let mut f = CaseFilter {
        per_page: Some(PER_PAGE),
        page: q.page.trim().parse().ok(),
        ..base.clone()
    };
    match show {
        WorkList::Open => f.open = Some(true),
        WorkList::Quiet => f.quiet_days = Some(QUIET_DAYS),
        WorkList::NoFir => f.without_fir = Some(true),
    }
    let (mut items, total) = scoped.list_cases(&f).await?;
    let pager = Pager::new(
        hifazat_store::page_number(f.page),
        PER_PAGE,
        total,
        address("/work", &[("show", show.code())]),
    );
    if items.is_empty() && pager.page != hifazat_store::page_number(f.page) {
        // A page past the end (an old link): show the last one.
        f.page = Some(pager.page);
        items = scoped.list_cases(&f).await?.0;
    }
    let (incoming, outgoing) = if mine {
        scoped.pending_transfers().await?
    } else {
        Default::default()
    };
    let threats = if hifazat_store::cases::witnesses::receives_threat_alerts(actor) {
        scoped.open_threats().await?
    } else {
        Vec::new()
    };
    let intake_alerts = scoped.intake_alerts().await?;
    let intake = scoped.intake_counts().await?;
    let watchlist_due = if actor.may(Action::ManageWatchlists) {
        scoped.watchlist_due_count().await?
    } else {
        0
    };
    html(WorkPage {
        watchlist_due,
        intake_alerts,
        intake,
        threats,
        incoming,
        outgoing,
        chrome: Chrome::of(&user),
        mine,
        show,
        open,
        quiet,
        no_fir,
        hearings,
        hearings_total,
        items,
        pager,
    })
}

// ───────────────────────────── monitoring ─────────────────────────────

#[derive(Template)]
#[template(path = "monitoring.html")]
struct MonitoringPage {
    chrome: Chrome,
    /// The front door's queue (supervisors, the national coordinator): counts, and the
    /// overdue items by district.
    intake: hifazat_store::intake::IntakeCounts,
    intake_overdue: Vec<(Option<String>, i64)>,
    m: Monitoring,
    q: MonitoringQuery,
    districts: Vec<&'static District>,
    kinds: &'static [CaseKind],
    max_district: i64,
    chart: MonthChart,
}

impl MonitoringPage {
    fn district(&self, code: &Option<String>) -> String {
        match code
            .as_deref()
            .and_then(hifazat_domain::reference::district_by_code)
        {
            Some(d) => format!("{} ({})", d.name, d.code),
            None => self.chrome.tr.t("intake-no-district"),
        }
    }
    fn triages(&self) -> bool {
        self.chrome.intake
            && (self.intake.untriaged > 0
                || self.intake.overdue > 0
                || !self.intake_overdue.is_empty())
    }
    fn days_since(&self, ts: &str) -> i64 {
        hifazat_store::parse_ts(ts)
            .map(|t| (chrono::Utc::now() - t).num_days())
            .unwrap_or(0)
    }
    fn width(&self, c: &ShownCount) -> i64 {
        exact(c) * 100 / self.max_district.max(1)
    }
}

/// One column pair of the monthly chart, in SVG units.
pub struct MonthBar {
    /// Left edge of the pair.
    pub x: i64,
    /// Height and top of the trafficking bar.
    pub tip_h: i64,
    /// Top of the trafficking bar.
    pub tip_y: i64,
    /// Height of the smuggling bar.
    pub som_h: i64,
    /// Top of the smuggling bar.
    pub som_y: i64,
    /// The month, as read.
    pub label: String,
    /// The short month label under the axis.
    pub short: String,
    /// The counts, as read (suppressed counts as `<5`).
    pub tip: String,
    /// Smuggling count, as read.
    pub som: String,
}

/// The chart of cases reported per month, trafficking beside smuggling: drawn on the server as
/// SVG (no script), with the same numbers in a table for screen readers and for copying.
pub struct MonthChart {
    /// Bars, oldest month first.
    pub bars: Vec<MonthBar>,
    /// The largest monthly count (the top of the scale).
    pub max: i64,
    /// The top of the scale, as read.
    pub max_label: String,
}

const CHART_H: i64 = 160;
const CHART_TOP: i64 = 10;

impl MonthChart {
    fn of(tr: &Tr, months: &[MonthCount]) -> MonthChart {
        let max = months
            .iter()
            .flat_map(|m| [exact(&m.trafficking), exact(&m.smuggling)])
            .max()
            .unwrap_or(0)
            .max(1);
        let h = |n: i64| n * CHART_H / max;
        let bars = months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (t, s) = (exact(&m.trafficking), exact(&m.smuggling));
                let label = tr.month(&m.month);
                MonthBar {
                    x: 40 + i as i64 * 50,
                    tip_h: h(t),
                    tip_y: CHART_TOP + CHART_H - h(t),
                    som_h: h(s),
                    som_y: CHART_TOP + CHART_H - h(s),
                    short: label.split(' ').next().unwrap_or_default().to_owned(),
                    label,
                    tip: tr.shown(&m.trafficking),
                    som: tr.shown(&m.smuggling),
                }
            })
            .collect();
        MonthChart {
            bars,
            max,
            max_label: tr.n(max),
        }
    }
}

/// Monitoring filters as typed (kept as typed, read leniently).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MonitoringQuery {
    province: String,
    district: String,
    kind: String,
    stalled_days: String,
}

/// `GET /monitoring`.
pub async fn monitoring(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<MonitoringQuery>,
) -> PageResult {
    let f = MonitoringFilter {
        province: opt(&q.province),
        district: opt(&q.district),
        kind: CaseKind::from_code(&q.kind),
        stalled_days: q
            .stalled_days
            .trim()
            .parse()
            .ok()
            .or(Some(app.stalled_days)),
        hearing_days: None,
        mine: None,
    };
    let m = user.scoped(&app.store).monitoring(&f).await?;
    let max_district = m
        .by_district
        .iter()
        .map(|d| exact(&d.total))
        .max()
        .unwrap_or(1)
        .max(1);
    let chrome = Chrome::of(&user);
    let chart = MonthChart::of(&chrome.tr, &m.by_month);
    let scoped = user.scoped(&app.store);
    let intake = scoped.intake_counts().await?;
    let intake_overdue = scoped.intake_overdue_by_district().await?;
    html(MonitoringPage {
        intake,
        intake_overdue,
        chrome,
        districts: districts_for(&user.session.actor.jurisdiction),
        m,
        q: MonitoringQuery {
            stalled_days: f.stalled_days.unwrap_or_default().to_string(),
            ..q
        },
        kinds: CaseKind::ALL,
        max_district,
        chart,
    })
}

// ───────────────────────────── audit trail ─────────────────────────────

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<AuditRow>,
    pager: Pager,
    q: AuditQuery,
    actions: &'static [AuditAction],
}

impl AuditPage {
    fn action(&self, code: &str) -> String {
        self.chrome.tr.t(format!("audit-action-{code}"))
    }
}

/// Audit filters as typed: an empty field means "any" (a browser sends every field).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    username: String,
    action: String,
    case: String,
    page: String,
}

/// `GET /audit`: the audit trail, newest first, a page at a time with the true total.
pub async fn audit(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    let action = AuditAction::ALL
        .iter()
        .find(|a| a.code() == q.action.trim())
        .map(|a| a.code().to_owned());
    let mut f = AuditFilter {
        username: opt(&q.username),
        action,
        case_id: None,
        case_reference: opt(&q.case),
        page: q.page.trim().parse().ok(),
        per_page: Some(PER_PAGE * 2),
    };
    let (mut rows, total) = app.store.audit_trail(&user.ctx(), &f).await?;
    let pager = Pager::new(
        hifazat_store::page_number(f.page),
        PER_PAGE * 2,
        total,
        address(
            "/audit",
            &[
                ("username", q.username.trim()),
                ("action", f.action.as_deref().unwrap_or_default()),
                ("case", q.case.trim()),
            ],
        ),
    );
    if rows.is_empty() && pager.page != hifazat_store::page_number(f.page) {
        f.page = Some(pager.page);
        rows = app.store.audit_trail(&user.ctx(), &f).await?.0;
    }
    html(AuditPage {
        chrome: Chrome::of(&user),
        rows,
        pager,
        q,
        actions: AuditAction::ALL,
    })
}
