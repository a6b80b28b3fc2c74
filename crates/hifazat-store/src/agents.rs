//! Recruitment agents (issue 11, item 4): the register of licensed Overseas Employment
//! Promoters kept by the emigration authority (imported from the Bureau's CSV, each status
//! change kept as a licence action), the unlicensed agents met in cases, reports and
//! screening, and their links to cases and person records.
//!
//! Reading is [`Action::ViewAgents`] (the case roles and the emigration authority); keeping
//! the register is [`Action::ManageAgents`]; linking an agent to a case or a person is case
//! work ([`Action::EditCases`], the case inside the actor's scope). An agent's page counts
//! every linked case and the distinct victims in them, but lists only the cases inside the
//! reader's scope. Every write is one transaction with its audit row.
//!
//! The public look-up ([`Store::licence_lookup`]) is not scoped: it reads promoters' licence
//! columns and their offices' districts, never an unlicensed agent, a link or a case.

use crate::admin::ImportReport;
use crate::audit::{AuditAction, Entry};
use crate::cases::touch;
use crate::field;
use crate::rows::parse;
use crate::scoped::{push_scope, PROTECTED};
use crate::sealed::decrypt_column;
use crate::sql::Q;
use crate::tx::Tx;
use crate::{page_number, ts, Result, Scoped, Store, StoreError};
use hifazat_domain::agents::{
    licence_key, parse_promoters, AgentKind, CaseLink, LicenceActionKind, LicenceStatus, NewAgent,
    NewLicenceAction, NewPromoter, PersonLink,
};
use hifazat_domain::csv_import::RowError;
use hifazat_domain::person::normalize_phone;
use hifazat_domain::{Action, CaseKind, Stage};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Rows on one page of the list.
pub const PER_PAGE: i64 = 50;
/// The most promoters a public look-up answers with.
pub const LOOKUP_LIMIT: i64 = 20;

/// The list's filters (all optional).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct AgentFilter {
    /// Name, other name, licence number or phone number (part of it).
    pub q: Option<String>,
    /// Licensed promoters or unlicensed agents.
    pub kind: Option<AgentKind>,
    /// Licence status (as of today: a valid licence past its expiry counts as expired).
    pub status: Option<LicenceStatus>,
    /// Page, from 1.
    pub page: Option<i64>,
}

/// An agent in the list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgentSummary {
    /// Id.
    pub id: i64,
    /// Licensed promoter or unlicensed agent.
    pub kind: AgentKind,
    /// Name.
    pub name: String,
    /// A promoter's licence number.
    pub licence_number: Option<String>,
    /// A promoter's licence status as of today.
    pub status: Option<LicenceStatus>,
    /// A promoter's expiry date (`YYYY-MM-DD`).
    pub expires_on: Option<String>,
    /// The head office's district, or where an unlicensed agent operates (code).
    pub district_code: Option<String>,
    /// Cases linked (all, whoever may read them).
    pub cases: i64,
    /// Distinct victims in the linked cases.
    pub victims: i64,
}

/// A page of agents with the true total.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgentList {
    /// Agents matching the filters, all pages.
    pub total: i64,
    /// This page, from 1.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
    /// This page's agents.
    pub items: Vec<AgentSummary>,
}

/// An action taken on a licence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LicenceAction {
    /// Id.
    pub id: i64,
    /// What was done.
    pub kind: LicenceActionKind,
    /// The day of the order (`YYYY-MM-DD`).
    pub taken_on: String,
    /// Why.
    pub reason: String,
    /// The order's number or file reference.
    pub order_reference: Option<String>,
    /// The status before, for an action that changed it.
    pub status_before: Option<LicenceStatus>,
    /// The status after.
    pub status_after: Option<LicenceStatus>,
    /// Who recorded it (login name).
    pub recorded_by: Option<String>,
    /// When (UTC timestamp).
    pub recorded_at: String,
}

/// Whether the licence was acted on, by kind of action.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ActedOn {
    /// Suspended at some time.
    pub suspension: bool,
    /// Cancelled.
    pub cancellation: bool,
    /// Sanction to prosecute given.
    pub prosecution_sanction: bool,
    /// Referred to the FIA or to the Ministry of Overseas Pakistanis and HRD.
    pub referral: bool,
}

/// A case linked to an agent, inside the reader's scope.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgentCase {
    /// Case id.
    pub case_id: i64,
    /// Reference.
    pub reference: String,
    /// Trafficking, smuggling or both.
    pub kind: CaseKind,
    /// Stage.
    pub stage: Stage,
    /// District (code).
    pub district_code: String,
    /// What the agent did in it.
    pub note: Option<String>,
    /// Who linked it (login name).
    pub linked_by: Option<String>,
    /// When (UTC timestamp).
    pub linked_at: String,
}

/// A person record linked to an agent (never a victim), in a case inside the reader's scope.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgentPerson {
    /// The record's id.
    pub uid: String,
    /// Name.
    pub name: String,
    /// Why linked.
    pub note: Option<String>,
    /// Who linked it (login name).
    pub linked_by: Option<String>,
    /// When (UTC timestamp).
    pub linked_at: String,
}

/// A complaint or report that names the agent (a helpline call or public report linked to it
/// at triage).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgentComplaint {
    /// The report's id (`/intake/{id}`).
    pub item_id: i64,
    /// The complaint's reference.
    pub reference: String,
    /// When it was received (UTC timestamp).
    pub received_at: String,
    /// Its district (code).
    pub district: Option<String>,
}

/// An agent's page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AgentDetail {
    /// Id.
    pub id: i64,
    /// Licensed promoter or unlicensed agent.
    pub kind: AgentKind,
    /// Name.
    pub name: String,
    /// A promoter's licence number.
    pub licence_number: Option<String>,
    /// A promoter's licence status as of today.
    pub status: Option<LicenceStatus>,
    /// The status as recorded (differs from `status` when a valid licence has passed its
    /// expiry date).
    pub recorded_status: Option<LicenceStatus>,
    /// The day the licence was issued (`YYYY-MM-DD`).
    pub issued_on: Option<String>,
    /// The day it expires.
    pub expires_on: Option<String>,
    /// The head office's address.
    pub address: Option<String>,
    /// A promoter's offices' districts (codes; the head office first).
    pub offices: Vec<String>,
    /// An unlicensed agent's other names.
    pub aliases: Vec<String>,
    /// An unlicensed agent's phone numbers.
    pub phones: Vec<String>,
    /// Where an unlicensed agent operates (code).
    pub district_code: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// When the record was made (UTC timestamp).
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Actions on the licence, newest first.
    pub actions: Vec<LicenceAction>,
    /// Whether the licence was acted on.
    pub acted_on: ActedOn,
    /// Linked cases inside the reader's scope, newest link first.
    pub cases: Vec<AgentCase>,
    /// Linked cases in all (those outside the reader's scope counted, not shown).
    pub cases_total: i64,
    /// Linked person records inside the reader's scope.
    pub persons: Vec<AgentPerson>,
    /// Linked person records in all.
    pub persons_total: i64,
    /// Distinct victims in all the linked cases.
    pub victims_linked: i64,
    /// Complaints and reports that name the agent, those the reader may read (a supervisor's
    /// jurisdiction, an operator's own, a duty officer's escalations).
    pub complaints: Vec<AgentComplaint>,
    /// Complaints and reports that name the agent, in all.
    pub complaints_total: i64,
}

/// A person who may be linked to an agent: a non-victim of a linked case inside the reader's
/// scope, not linked yet.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkablePerson {
    /// The record's id.
    pub uid: String,
    /// Name.
    pub name: String,
    /// The case they are in.
    pub reference: String,
}

/// A promoter as the public look-up shows it: the licence and nothing else.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicLicence {
    /// Licence number.
    pub licence_number: String,
    /// Promoter's name.
    pub name: String,
    /// Status as of today.
    pub status: LicenceStatus,
    /// Expiry date (`YYYY-MM-DD`).
    pub expires_on: Option<String>,
    /// Districts where it is licensed to have an office (codes; the head office first).
    pub districts: Vec<String>,
}

/// The public look-up's answer: the promoters whose licence number or name matches, or none
/// ("not licensed").
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LicenceAnswer {
    /// The query as read.
    pub query: String,
    /// False when no licensed promoter matches: the agent is not licensed.
    pub licensed: bool,
    /// The matches (at most 20).
    pub matches: Vec<PublicLicence>,
}

fn json_list(s: Option<String>) -> Vec<String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn status_of(s: Option<String>) -> Result<Option<LicenceStatus>> {
    s.map(parse).transpose()
}

/// What a search matches: the name, other names, licence number and its key, phones.
fn search_text(name: &str, extra: &[&str]) -> String {
    let mut t = name.to_uppercase();
    for x in extra {
        t.push('|');
        t.push_str(&x.to_uppercase());
    }
    t
}

/// Appends the condition that agents aliased `a` have `status` as of `today`.
fn push_status(q: &mut Q, status: LicenceStatus, today: &str) {
    let t = q.arg(today);
    match status {
        LicenceStatus::Valid => q.push(&format!(
            " AND a.status = 'valid' AND (a.expires_on IS NULL OR a.expires_on >= {t})"
        )),
        LicenceStatus::Expired => q.push(&format!(
            " AND (a.status = 'expired' OR (a.status = 'valid' AND a.expires_on < {t}))"
        )),
        s => q.push_arg(" AND a.status = {}", s.code()),
    };
}

fn push_filters(q: &mut Q, f: &AgentFilter, today: &str) {
    if let Some(k) = f.kind {
        q.push_arg(" AND a.kind = {}", k.code());
    }
    if let Some(s) = f.status {
        push_status(q, s, today);
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let a = q.arg(format!("%{}%", text.to_uppercase()));
        let mut cond = format!(" AND (a.search_text LIKE {a}");
        let key = licence_key(text);
        if key.chars().any(|c| c.is_ascii_digit()) {
            let b = q.arg(format!("%{key}%"));
            cond.push_str(&format!(" OR a.licence_key LIKE {b}"));
        }
        if let Ok(p) = normalize_phone(text) {
            let c = q.arg(format!("%{p}%"));
            cond.push_str(&format!(" OR a.phones LIKE {c}"));
        }
        cond.push(')');
        q.push(&cond);
    }
}

/// The distinct victims of every case linked to the agent aliased `a` (a literal, for
/// [`SUMMARY_COLUMNS`]).
macro_rules! victims_of_agent {
    () => {
        "(SELECT COUNT(DISTINCT cp.person_id) FROM agent_cases ac JOIN case_persons cp ON cp.case_id = ac.case_id \
         WHERE ac.agent_id = a.id AND cp.role = 'victim')"
    };
}

const VICTIMS_OF_AGENT: &str = victims_of_agent!();

/// The columns of an [`AgentSummary`], for agents aliased `a`.
const SUMMARY_COLUMNS: &str = concat!(
    "a.id, a.kind, a.name, a.licence_number, a.status, a.expires_on, \
     COALESCE((SELECT o.district_code FROM agent_offices o WHERE o.agent_id = a.id AND o.position = 0), a.district_code) AS district_code, \
     (SELECT COUNT(*) FROM agent_cases ac WHERE ac.agent_id = a.id) AS cases, ",
    victims_of_agent!(),
    " AS victims"
);

impl Store {
    /// The public look-up: promoters whose licence number (letters and digits compared) or
    /// name (a part of it, three characters or more) matches `query`, at most
    /// [`LOOKUP_LIMIT`]; only the licence number, name, status as of today, expiry date and
    /// the offices' districts. It reads the `agents` rows of kind `promoter` and their
    /// `agent_offices`, nothing else: no unlicensed agent, no link, no case.
    pub async fn licence_lookup(&self, query: &str) -> Result<LicenceAnswer> {
        let query: String = query
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(100)
            .collect();
        let key = licence_key(&query);
        // A name is a part of a name: LIKE's wildcards typed in it are dropped, not obeyed.
        let name: String = query
            .to_uppercase()
            .chars()
            .filter(|c| !matches!(c, '%' | '_' | '\\'))
            .collect();
        let by_name = name.trim().chars().count() >= 3;
        let by_licence = key.chars().any(|c| c.is_ascii_digit());
        let mut matches = Vec::new();
        if by_name || by_licence {
            let mut q = Q::new(
                "SELECT a.id, a.licence_number, a.name, a.status, a.expires_on FROM agents a \
                 WHERE a.kind = 'promoter' AND a.licence_number IS NOT NULL AND (1 = 0",
            );
            if by_name {
                q.push_arg(" OR UPPER(a.name) LIKE {}", format!("%{}%", name.trim()));
            }
            if by_licence {
                q.push_arg(" OR a.licence_key = {}", key.clone());
            }
            q.push(") ORDER BY a.name, a.id");
            q.push_arg(" LIMIT {}", LOOKUP_LIMIT);
            let today = self.today();
            for r in q.query().fetch_all(self.pool()).await? {
                let id: i64 = r.try_get("id")?;
                let expires_on: Option<String> = r.try_get("expires_on")?;
                let recorded: LicenceStatus = parse(r.try_get("status")?)?;
                let expiry = expires_on.as_deref().and_then(|d| d.parse().ok());
                matches.push(PublicLicence {
                    licence_number: r.try_get("licence_number")?,
                    name: r.try_get("name")?,
                    status: recorded.as_of(expiry, today),
                    expires_on,
                    districts: offices(self.pool(), id).await?,
                });
            }
        }
        Ok(LicenceAnswer {
            query,
            licensed: !matches.is_empty(),
            matches,
        })
    }
}

/// A promoter's offices' districts, the head office first.
async fn offices<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    agent_id: i64,
) -> Result<Vec<String>> {
    sqlx::query("SELECT district_code FROM agent_offices WHERE agent_id = $1 ORDER BY position, id")
        .bind(agent_id)
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("district_code")?))
        .collect()
}

/// What importing one row did.
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl Scoped<'_> {
    /// Agents matching `f`, a page of [`PER_PAGE`] with the true total.
    pub async fn agents(&self, f: &AgentFilter) -> Result<AgentList> {
        self.require(
            Action::ViewAgents,
            "this role does not see recruitment agents",
        )?;
        let today = self.store().today().to_string();
        let mut count = Q::new("SELECT COUNT(*) AS n FROM agents a WHERE 1 = 1");
        push_filters(&mut count, f, &today);
        let total: i64 = count
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let page = page_number(f.page);
        let mut q = Q::new(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM agents a WHERE 1 = 1"
        ));
        push_filters(&mut q, f, &today);
        q.push(" ORDER BY a.name, a.id");
        q.push_arg(" LIMIT {}", PER_PAGE);
        q.push_arg(" OFFSET {}", (page - 1) * PER_PAGE);
        let items = self.summaries(&q).await?;
        Ok(AgentList {
            total,
            page,
            per_page: PER_PAGE,
            items,
        })
    }

    /// Reads the agents `q` selects ([`SUMMARY_COLUMNS`]).
    async fn summaries(&self, q: &Q) -> Result<Vec<AgentSummary>> {
        let today = self.store().today();
        q.query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| {
                let expires_on: Option<String> = r.try_get("expires_on")?;
                let expiry = expires_on.as_deref().and_then(|d| d.parse().ok());
                Ok(AgentSummary {
                    id: r.try_get("id")?,
                    kind: parse(r.try_get("kind")?)?,
                    name: r.try_get("name")?,
                    licence_number: r.try_get("licence_number")?,
                    status: status_of(r.try_get("status")?)?.map(|s| s.as_of(expiry, today)),
                    expires_on,
                    district_code: r.try_get("district_code")?,
                    cases: r.try_get("cases")?,
                    victims: r.try_get("victims")?,
                })
            })
            .collect()
    }

    /// The agents linked to case `case_id` (for its page): empty for a reader who does not
    /// see agents; `NotFound` for a case outside the reader's scope.
    pub async fn case_agents(&self, case_id: i64) -> Result<Vec<AgentSummary>> {
        if !self.actor().may(Action::ViewAgents) {
            return Ok(Vec::new());
        }
        self.case_row(self.store().pool(), case_id).await?;
        self.agents_of_case(case_id).await
    }

    /// The agents linked to a case the caller has already found in the actor's scope (the
    /// case page's one scoped read), empty for a reader who does not see agents. Crate-private:
    /// the web layer cannot vouch for a case.
    pub(crate) async fn agents_of_case(&self, case_id: i64) -> Result<Vec<AgentSummary>> {
        if !self.actor().may(Action::ViewAgents) {
            return Ok(Vec::new());
        }
        let mut q = Q::new(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM agents a JOIN agent_cases l ON l.agent_id = a.id WHERE"
        ));
        q.push_arg(" l.case_id = {}", case_id);
        q.push(" ORDER BY a.name, a.id");
        self.summaries(&q).await
    }

    /// An agent's page: the licence and its actions, linked cases (those inside the reader's
    /// scope listed, all counted), linked persons, the victims linked and complaints. The read
    /// is audited.
    pub async fn agent(&self, id: i64) -> Result<AgentDetail> {
        self.require(
            Action::ViewAgents,
            "this role does not see recruitment agents",
        )?;
        let pool = self.store().pool();
        let r = sqlx::query(&format!(
            "SELECT a.*, {VICTIMS_OF_AGENT} AS victims, \
             (SELECT COUNT(*) FROM agent_cases x WHERE x.agent_id = a.id) AS cases_total, \
             (SELECT COUNT(*) FROM agent_persons x WHERE x.agent_id = a.id) AS persons_total, \
             (SELECT COUNT(*) FROM agent_reports x WHERE x.agent_id = a.id) AS complaints_total \
             FROM agents a WHERE a.id = $1"
        ))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let recorded = status_of(r.try_get("status")?)?;
        let expires_on: Option<String> = r.try_get("expires_on")?;
        let expiry = expires_on.as_deref().and_then(|d| d.parse().ok());
        let actions = sqlx::query(
            "SELECT l.*, u.username FROM licence_actions l LEFT JOIN users u ON u.id = l.created_by \
             WHERE l.agent_id = $1 ORDER BY l.taken_on DESC, l.id DESC",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|a| {
            Ok(LicenceAction {
                id: a.try_get("id")?,
                kind: parse(a.try_get("kind")?)?,
                taken_on: a.try_get("taken_on")?,
                reason: a.try_get("reason")?,
                order_reference: a.try_get("order_reference")?,
                status_before: status_of(a.try_get("status_before")?)?,
                status_after: status_of(a.try_get("status_after")?)?,
                recorded_by: a.try_get("username")?,
                recorded_at: a.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let mut acted_on = ActedOn::default();
        for a in &actions {
            match a.kind {
                LicenceActionKind::Suspension => acted_on.suspension = true,
                LicenceActionKind::Cancellation => acted_on.cancellation = true,
                LicenceActionKind::ProsecutionSanction => acted_on.prosecution_sanction = true,
                LicenceActionKind::ReferralFia | LicenceActionKind::ReferralLabourMinistry => {
                    acted_on.referral = true
                }
                _ => {}
            }
        }
        let mut q = Q::new(
            "SELECT c.id, c.reference, c.kind, c.stage, c.district_code, ac.note, ac.linked_at, u.username \
             FROM agent_cases ac JOIN cases c ON c.id = ac.case_id LEFT JOIN users u ON u.id = ac.linked_by WHERE",
        );
        q.push_arg(" ac.agent_id = {}", id);
        push_scope(&mut q, self.actor());
        q.push(" ORDER BY ac.linked_at DESC, ac.id DESC");
        let cases = q
            .query()
            .fetch_all(pool)
            .await?
            .iter()
            .map(|c| {
                Ok(AgentCase {
                    case_id: c.try_get("id")?,
                    reference: c.try_get("reference")?,
                    kind: parse(c.try_get("kind")?)?,
                    stage: parse(c.try_get("stage")?)?,
                    district_code: c.try_get("district_code")?,
                    note: c.try_get("note")?,
                    linked_by: c.try_get("username")?,
                    linked_at: c.try_get("linked_at")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let persons = self.linked_persons(id).await?;
        let detail = AgentDetail {
            id,
            kind: parse(r.try_get("kind")?)?,
            name: r.try_get("name")?,
            licence_number: r.try_get("licence_number")?,
            status: recorded.map(|s| s.as_of(expiry, self.store().today())),
            recorded_status: recorded,
            issued_on: r.try_get("issued_on")?,
            expires_on,
            address: r.try_get("address")?,
            offices: offices(pool, id).await?,
            aliases: json_list(r.try_get("aliases")?),
            phones: json_list(r.try_get("phones")?),
            district_code: r.try_get("district_code")?,
            notes: r.try_get("notes")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
            actions,
            acted_on,
            cases,
            cases_total: r.try_get("cases_total")?,
            persons,
            persons_total: r.try_get("persons_total")?,
            victims_linked: r.try_get("victims")?,
            complaints: self.complaints(id).await?,
            complaints_total: r.try_get("complaints_total")?,
        };
        self.audit_read("agent", id.to_string(), None, None).await?;
        Ok(detail)
    }

    /// The reports and calls naming agent `id` that the reader may read, newest first.
    async fn complaints(&self, id: i64) -> Result<Vec<AgentComplaint>> {
        let mut q = crate::sql::Q::new(
            "SELECT i.id, i.reference, i.received_at, i.district_code FROM agent_reports ar \
             JOIN intake_items i ON i.id = ar.item_id WHERE",
        );
        q.push_arg(" ar.agent_id = {}", id);
        crate::intake::push_reader(&mut q, self.actor());
        q.push(" ORDER BY i.received_at DESC, i.id DESC");
        q.query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| {
                Ok(AgentComplaint {
                    item_id: r.try_get("id")?,
                    reference: r.try_get("reference")?,
                    received_at: r.try_get("received_at")?,
                    district: r.try_get("district_code")?,
                })
            })
            .collect()
    }

    /// Person records linked to agent `id` that appear, not as a victim, in a case inside the
    /// reader's scope (only case roles read persons).
    async fn linked_persons(&self, id: i64) -> Result<Vec<AgentPerson>> {
        if !self.actor().may(Action::SearchPersons) {
            return Ok(Vec::new());
        }
        let mut q = Q::new(&format!(
            "SELECT p.uid, p.name_enc, ap.note, ap.linked_at, u.username FROM agent_persons ap \
             JOIN persons p ON p.id = ap.person_id LEFT JOIN users u ON u.id = ap.linked_by \
             WHERE NOT {PROTECTED} AND"
        ));
        q.push_arg(" ap.agent_id = {}", id);
        q.push(" AND EXISTS (SELECT 1 FROM case_persons x JOIN cases c ON c.id = x.case_id WHERE x.person_id = p.id");
        push_scope(&mut q, self.actor());
        q.push(") ORDER BY ap.linked_at DESC, ap.id DESC");
        q.query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| {
                let uid: String = r.try_get("uid")?;
                Ok(AgentPerson {
                    name: decrypt_column(self.store(), r, &uid, "name")?.unwrap_or_default(),
                    uid,
                    note: r.try_get("note")?,
                    linked_by: r.try_get("username")?,
                    linked_at: r.try_get("linked_at")?,
                })
            })
            .collect()
    }

    /// The persons who may be linked to agent `id`: those recorded, not as victims, in its
    /// linked cases inside the reader's scope, not linked yet (for the page's form).
    pub async fn linkable_persons(&self, id: i64) -> Result<Vec<LinkablePerson>> {
        if !self.actor().may(Action::EditCases) {
            return Ok(Vec::new());
        }
        let mut q = Q::new(&format!(
            "SELECT DISTINCT p.uid, p.name_enc, c.reference FROM agent_cases ac JOIN cases c ON c.id = ac.case_id \
             JOIN case_persons cp ON cp.case_id = c.id JOIN persons p ON p.id = cp.person_id \
             WHERE cp.role <> 'victim' AND p.merged_into IS NULL AND NOT {PROTECTED} AND"
        ));
        q.push_arg(" ac.agent_id = {}", id);
        let again = q.arg(id);
        q.push(&format!(
            " AND NOT EXISTS (SELECT 1 FROM agent_persons ap WHERE ap.agent_id = {again} AND ap.person_id = p.id)"
        ));
        push_scope(&mut q, self.actor());
        q.push(" ORDER BY c.reference, p.uid");
        q.query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| {
                let uid: String = r.try_get("uid")?;
                Ok(LinkablePerson {
                    name: decrypt_column(self.store(), r, &uid, "name")?.unwrap_or_default(),
                    uid,
                    reference: r.try_get("reference")?,
                })
            })
            .collect()
    }

    /// Adds a licensed promoter to the register (the emigration authority, the national
    /// coordinator). Returns its id.
    pub async fn add_promoter(&self, p: NewPromoter) -> Result<i64> {
        self.require(
            Action::ManageAgents,
            "only the emigration authority keeps the register of promoters",
        )?;
        let p = p.validate(self.store().today())?;
        let mut w = self.store().write().await?;
        if self
            .promoter_by_licence(&mut w.tx, &p.licence_number)
            .await?
            .is_some()
        {
            return Err(field(
                "licence_number",
                "A promoter with this licence number is already in the register",
            ));
        }
        let id = self.insert_promoter(&mut w.tx, &p).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "agent",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "promoter {} ({})",
                    p.licence_number,
                    p.status.code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    async fn promoter_by_licence(&self, tx: &mut Tx, licence: &str) -> Result<Option<AnyRow>> {
        Ok(sqlx::query(
            "SELECT id, name, status, issued_on, expires_on, address FROM agents WHERE licence_key = $1",
        )
        .bind(licence_key(licence))
        .fetch_optional(&mut **tx)
        .await?)
    }

    async fn insert_promoter(&self, tx: &mut Tx, p: &NewPromoter) -> Result<i64> {
        let now = ts(self.store().now());
        let key = licence_key(&p.licence_number);
        let id: i64 = sqlx::query(
            "INSERT INTO agents (kind, name, search_text, licence_number, licence_key, status, issued_on, expires_on, address, \
             created_by, created_at, updated_at) VALUES ('promoter', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(p.name.clone())
        .bind(search_text(&p.name, &[&p.licence_number, &key]))
        .bind(p.licence_number.clone())
        .bind(key)
        .bind(p.status.code())
        .bind(p.issued_on.map(|d| d.to_string()))
        .bind(p.expires_on.map(|d| d.to_string()))
        .bind(p.address.clone())
        .bind(self.actor().user_id)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        write_offices(tx, id, &p.districts).await?;
        Ok(id)
    }

    /// Adds an unlicensed agent (whoever keeps the register, or works cases). Returns its id.
    pub async fn add_agent(&self, a: NewAgent) -> Result<i64> {
        if !(self.actor().may(Action::ManageAgents) || self.actor().may(Action::EditCases)) {
            return Err(StoreError::Forbidden(
                "this role does not record recruitment agents",
            ));
        }
        let a = a.validate()?;
        let now = ts(self.store().now());
        let mut extra: Vec<&str> = a.aliases.iter().map(String::as_str).collect();
        extra.extend(a.phones.iter().map(String::as_str));
        let mut w = self.store().write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO agents (kind, name, search_text, aliases, phones, district_code, notes, created_by, created_at, updated_at) \
             VALUES ('unlicensed', $1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(a.name.clone())
        .bind(search_text(&a.name, &extra))
        .bind(serde_json::to_string(&a.aliases).unwrap_or_default())
        .bind(serde_json::to_string(&a.phones).unwrap_or_default())
        .bind(a.district.clone())
        .bind(a.notes.clone())
        .bind(self.actor().user_id)
        .bind(now)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        for phone in &a.phones {
            crate::cases::identifiers::index_phone(
                self.store(),
                &mut w.tx,
                phone,
                hifazat_domain::identifiers::LinkedEntity::Agent,
                id,
                None,
                Some(self.actor().user_id),
            )
            .await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "agent",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "unlicensed agent in {}",
                    a.district.as_deref().unwrap_or("an unknown district")
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Records an action on a promoter's licence; an action that changes the status changes
    /// it. Returns its id.
    pub async fn record_licence_action(&self, agent_id: i64, a: NewLicenceAction) -> Result<i64> {
        self.require(
            Action::ManageAgents,
            "only the emigration authority acts on licences",
        )?;
        let mut w = self.store().write().await?;
        let r = sqlx::query("SELECT kind, status FROM agents WHERE id = $1")
            .bind(agent_id)
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let current: Option<LicenceStatus> = status_of(r.try_get("status")?)?;
        let (AgentKind::Promoter, Some(current)) = (parse(r.try_get("kind")?)?, current) else {
            return Err(field(
                "kind",
                "Only a licensed promoter's licence can be acted on",
            ));
        };
        let a = a.validate(current, self.store().today())?;
        let id = self.insert_action(&mut w.tx, agent_id, current, &a).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "licence_action",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "agent {agent_id}: {} on {}",
                    a.kind.code(),
                    a.taken_on
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Writes an action and, when it changes the status, the promoter's new status.
    async fn insert_action(
        &self,
        tx: &mut Tx,
        agent_id: i64,
        current: LicenceStatus,
        a: &NewLicenceAction,
    ) -> Result<i64> {
        let now = ts(self.store().now());
        let after = a.kind.status_after();
        let id: i64 = sqlx::query(
            "INSERT INTO licence_actions (agent_id, kind, taken_on, reason, order_reference, status_before, status_after, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(agent_id)
        .bind(a.kind.code())
        .bind(a.taken_on.to_string())
        .bind(a.reason.clone())
        .bind(a.order_reference.clone())
        .bind(after.map(|_| current.code()))
        .bind(after.map(|s| s.code()))
        .bind(self.actor().user_id)
        .bind(now.clone())
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        if let Some(s) = after {
            sqlx::query("UPDATE agents SET status = $1, updated_at = $2 WHERE id = $3")
                .bind(s.code())
                .bind(now)
                .bind(agent_id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(id)
    }

    /// Imports the Bureau's register from CSV (see
    /// [`hifazat_domain::agents::PROMOTER_COLUMNS`]): every row checked off the async runtime,
    /// refused rows reported by line, accepted rows written in one transaction — a new licence
    /// added, a known one (by licence number) updated, a change of status recorded as a
    /// licence action — with one audit row for the import and one per promoter changed.
    pub async fn import_promoters(&self, csv_text: String) -> Result<ImportReport> {
        self.require(
            Action::ManageAgents,
            "only the emigration authority keeps the register of promoters",
        )?;
        let today = self.store().today();
        let parsed = tokio::task::spawn_blocking(move || parse_promoters(&csv_text, today))
            .await
            .map_err(|e| StoreError::Config(format!("import task failed: {e}")))??;
        let mut report = ImportReport {
            rows: parsed.rows,
            errors: parsed.errors,
            ..Default::default()
        };
        let mut w = self.store().write().await?;
        for row in parsed.good {
            match self.import_row(&mut w.tx, row.line, &row.promoter).await? {
                Outcome::Created => report.created += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
            }
        }
        report.errors.sort_by_key(|e: &RowError| e.line);
        let mut lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        report.rejected = lines.len();
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Import,
                entity: "promoter_register",
                entity_id: None,
                case_id: None,
                detail: Some(format!(
                    "rows {}; created {}; updated {}; unchanged {}; rejected {}",
                    report.rows, report.created, report.updated, report.unchanged, report.rejected
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(report)
    }

    async fn import_row(&self, tx: &mut Tx, line: u64, p: &NewPromoter) -> Result<Outcome> {
        let Some(old) = self.promoter_by_licence(tx, &p.licence_number).await? else {
            let id = self.insert_promoter(tx, p).await?;
            self.entry(
                tx,
                Entry {
                    action: AuditAction::Create,
                    entity: "agent",
                    entity_id: Some(id.to_string()),
                    case_id: None,
                    detail: Some(format!(
                        "import line {line}: promoter {} ({})",
                        p.licence_number,
                        p.status.code()
                    )),
                },
            )
            .await?;
            return Ok(Outcome::Created);
        };
        let id: i64 = old.try_get("id")?;
        let mut changes: Vec<String> = Vec::new();
        let mut change = |what: &str, before: Option<String>, after: Option<String>| {
            if before != after {
                changes.push(format!(
                    "{what}: {} → {}",
                    before.as_deref().unwrap_or("—"),
                    after.as_deref().unwrap_or("—")
                ));
            }
        };
        change("name", old.try_get("name")?, Some(p.name.clone()));
        change(
            "issued_on",
            old.try_get("issued_on")?,
            p.issued_on.map(|d| d.to_string()),
        );
        change(
            "expires_on",
            old.try_get("expires_on")?,
            p.expires_on.map(|d| d.to_string()),
        );
        change("address", old.try_get("address")?, p.address.clone());
        let offices = offices(&mut **tx, id).await?;
        change(
            "districts",
            Some(offices.join(";")),
            Some(p.districts.join(";")),
        );
        let status: LicenceStatus = parse(old.try_get("status")?)?;
        if status != p.status {
            changes.push(format!("status: {} → {}", status.code(), p.status.code()));
            let action = NewLicenceAction {
                kind: LicenceActionKind::changing_to(p.status),
                taken_on: self.store().today(),
                reason: format!("Status changed by the register's import, line '{line}'"),
                order_reference: None,
            };
            self.insert_action(tx, id, status, &action).await?;
        }
        if changes.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        let key = licence_key(&p.licence_number);
        sqlx::query(
            "UPDATE agents SET name = $1, search_text = $2, licence_number = $3, issued_on = $4, expires_on = $5, address = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(p.name.clone())
        .bind(search_text(&p.name, &[&p.licence_number, &key]))
        .bind(p.licence_number.clone())
        .bind(p.issued_on.map(|d| d.to_string()))
        .bind(p.expires_on.map(|d| d.to_string()))
        .bind(p.address.clone())
        .bind(ts(self.store().now()))
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if offices != p.districts {
            sqlx::query("DELETE FROM agent_offices WHERE agent_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            write_offices(tx, id, &p.districts).await?;
        }
        self.entry(
            tx,
            Entry {
                action: AuditAction::Update,
                entity: "agent",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!("import line {line}: {}", changes.join("; "))),
            },
        )
        .await?;
        Ok(Outcome::Updated)
    }

    /// Links an agent to a case inside the actor's scope (case work), by the case's reference.
    pub async fn link_case(&self, agent_id: i64, l: CaseLink) -> Result<()> {
        self.require(Action::EditCases, "this role does not link agents to cases")?;
        let l = l.validate()?;
        let now = self.store().now();
        let mut w = self.store().write().await?;
        self.agent_exists(&mut w.tx, agent_id).await?;
        let mut q = Q::new("SELECT c.id FROM cases c WHERE");
        q.push_arg(" c.reference = {}", l.case_reference.clone());
        push_scope(&mut q, self.actor());
        let case_id: i64 = q
            .query()
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| {
                field(
                    "case_reference",
                    "There is no case with this reference in your jurisdiction",
                )
            })?
            .try_get("id")?;
        if !self
            .insert_link(
                &mut w.tx,
                "agent_cases",
                "case_id",
                agent_id,
                case_id,
                &l.note,
            )
            .await?
        {
            return Err(field(
                "case_reference",
                "This agent is already linked to this case",
            ));
        }
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "agent_case",
                entity_id: Some(agent_id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!("agent {agent_id} linked to {}", l.case_reference)),
            },
        )
        .await?;
        w.commit().await
    }

    /// Links an agent to a person record: someone recorded, not as a victim, in a case inside
    /// the actor's scope (case work).
    pub async fn link_person(&self, agent_id: i64, l: PersonLink) -> Result<()> {
        self.require(
            Action::EditCases,
            "this role does not link agents to persons",
        )?;
        let l = l.validate()?;
        let mut w = self.store().write().await?;
        self.agent_exists(&mut w.tx, agent_id).await?;
        let mut q = Q::new(&format!(
            "SELECT p.id FROM persons p WHERE p.merged_into IS NULL AND NOT {PROTECTED} AND"
        ));
        q.push_arg(" p.uid = {}", l.person_uid.clone());
        q.push(" AND EXISTS (SELECT 1 FROM case_persons x JOIN cases c ON c.id = x.case_id WHERE x.person_id = p.id");
        push_scope(&mut q, self.actor());
        q.push(")");
        let person_id: i64 = q
            .query()
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| {
                field(
                    "person_uid",
                    "Choose a person recorded in a case in your jurisdiction, not a victim",
                )
            })?
            .try_get("id")?;
        if !self
            .insert_link(
                &mut w.tx,
                "agent_persons",
                "person_id",
                agent_id,
                person_id,
                &l.note,
            )
            .await?
        {
            return Err(field(
                "person_uid",
                "This agent is already linked to this person",
            ));
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "agent_person",
                entity_id: Some(agent_id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "agent {agent_id} linked to person {}",
                    l.person_uid
                )),
            },
        )
        .await?;
        w.commit().await
    }

    /// Writes a link of agent `agent_id` into `table` (`agent_cases` or `agent_persons`, whose
    /// other column is `column`) by the actor, now; false when the link was there already.
    async fn insert_link(
        &self,
        tx: &mut Tx,
        table: &'static str,
        column: &'static str,
        agent_id: i64,
        other: i64,
        note: &Option<String>,
    ) -> Result<bool> {
        let written = sqlx::query(&format!(
            "INSERT INTO {table} (agent_id, {column}, note, linked_by, linked_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (agent_id, {column}) DO NOTHING"
        ))
        .bind(agent_id)
        .bind(other)
        .bind(note.clone())
        .bind(self.actor().user_id)
        .bind(ts(self.store().now()))
        .execute(&mut **tx)
        .await?
        .rows_affected();
        Ok(written == 1)
    }

    async fn agent_exists(&self, tx: &mut Tx, agent_id: i64) -> Result<()> {
        sqlx::query("SELECT id FROM agents WHERE id = $1")
            .bind(agent_id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|_| ())
            .ok_or(StoreError::NotFound)
    }
}

async fn write_offices(tx: &mut Tx, agent_id: i64, districts: &[String]) -> Result<()> {
    for (i, d) in districts.iter().enumerate() {
        sqlx::query(
            "INSERT INTO agent_offices (agent_id, district_code, position) VALUES ($1, $2, $3)",
        )
        .bind(agent_id)
        .bind(d.clone())
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
