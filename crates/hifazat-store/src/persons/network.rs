//! The network view (issue 13, item 4): from a case, person, agent or returnee, what links to
//! what, up to three hops: the persons in a case (co-accused), the agents linked to cases and
//! persons or named in debriefings, the returnees whose debriefing opened a case or named an
//! agent, the watchlist entries of a person or matched by a returnee, and the route a case
//! shares with other cases.
//!
//! Scope, as everywhere: a case is a node only when the reader may read it (others are
//! counted, never named or followed); a returnee only in the reader's returnee scope; agents
//! for readers of the register or of returnees; watchlist entries for readers of the
//! watchlists. A person reached from a readable node is named unless they are (or ever were) a
//! victim: a victim is a node labelled by their case-scoped code, never their name. Records
//! sharing a phone, account, wallet or address (`identifiers`) are linked too. Each graph
//! drawn is one row of the audit trail.

use crate::audit::{AuditAction, Entry};
use crate::cases::identifiers::sharing_identifiers;
use crate::scoped::{push_scope, PROTECTED};
use crate::screening::returnees::push_returnee_scope;
use crate::sql::Q;
use crate::{Result, Scoped, StoreError};
use hifazat_domain::identifiers::LinkedEntity;
use hifazat_domain::Action;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

/// The most nodes a graph holds; beyond, it is cut and says so.
pub const MAX_NODES: usize = 150;
/// The most neighbours followed from one route (the commonest routes join hundreds of cases).
pub const ROUTE_FANOUT: i64 = 20;

/// What a node is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A case.
    Case,
    /// A person record (accused, witness, complainant; a victim by code only).
    Person,
    /// A recruitment agent (licensed or not).
    Agent,
    /// A returnee (deportee, off-loaded passenger, returning migrant).
    Returnee,
    /// A watchlist entry (the Red Book, a blacklist).
    Entry,
    /// A route: origin district → exit point → destination.
    Route,
}

impl NodeKind {
    /// The stable code (`case`, `person`…).
    pub fn code(self) -> &'static str {
        match self {
            NodeKind::Case => "case",
            NodeKind::Person => "person",
            NodeKind::Agent => "agent",
            NodeKind::Returnee => "returnee",
            NodeKind::Entry => "entry",
            NodeKind::Route => "route",
        }
    }
}

/// A node: `kind:key` (`case:12`, `route:GRW|Mand (land border, Iran)|OM`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Node {
    /// Its id in the graph.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// What to call it: a case reference, a name, a victim's code, a route.
    pub label: String,
    /// Its page, when the reader may open it.
    pub href: Option<String>,
    /// Hops from the start (0 for the start).
    pub hops: u8,
    /// A victim (shown by code, never by name).
    pub victim: bool,
}

/// A link between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
pub struct Edge {
    /// One end (a node's id).
    pub from: String,
    /// The other end.
    pub to: String,
    /// How they are linked: a role in a case (`accused`, `victim`…), `agent`, `debriefing`,
    /// `named_in_debriefing`, `same_person`, `listed`, `matched`, `route`.
    pub relation: String,
}

/// The graph around a start.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Graph {
    /// The start's id.
    pub start: String,
    /// How many hops were followed.
    pub hops: u8,
    /// The nodes, the start first, then by hops.
    pub nodes: Vec<Node>,
    /// The links.
    pub edges: Vec<Edge>,
    /// Links to cases the reader may not read (counted, not shown).
    pub hidden_cases: i64,
    /// The graph was cut at [`MAX_NODES`].
    pub truncated: bool,
}

type Key = (NodeKind, String);

struct Builder<'a, 's> {
    s: &'a Scoped<'s>,
    nodes: BTreeMap<Key, Node>,
    edges: BTreeSet<Edge>,
    hidden_cases: BTreeSet<i64>,
    truncated: bool,
}

fn id_of(k: &Key) -> String {
    format!("{}:{}", k.0.code(), k.1)
}

fn ids(v: &[String]) -> Vec<i64> {
    v.iter().filter_map(|s| s.parse().ok()).collect()
}

impl Builder<'_, '_> {
    /// Adds node `to` (if new: `seen` is its label, page and whether a victim, at `hops`) and
    /// the edge from `from`; returns whether `to` is new.
    fn link(
        &mut self,
        from: &Key,
        to: Key,
        seen: (String, Option<String>, bool),
        hops: u8,
        relation: &str,
    ) -> bool {
        let new = !self.nodes.contains_key(&to);
        if new {
            if self.nodes.len() >= MAX_NODES {
                self.truncated = true;
                return false;
            }
            let (label, href, victim) = seen;
            self.nodes.insert(
                to.clone(),
                Node {
                    id: id_of(&to),
                    kind: to.0,
                    label,
                    href,
                    hops,
                    victim,
                },
            );
        }
        let (a, b) = (id_of(from), id_of(&to));
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        if a != b {
            self.edges.insert(Edge {
                from: a,
                to: b,
                relation: relation.to_owned(),
            });
        }
        new
    }

    /// The readable cases among `ids`: id → reference; the others are counted as hidden.
    async fn readable_cases(&mut self, wanted: &[i64]) -> Result<BTreeMap<i64, String>> {
        let mut out = BTreeMap::new();
        if wanted.is_empty() || !self.s.actor().may(Action::ViewCases) {
            self.hidden_cases.extend(wanted);
            return Ok(out);
        }
        let mut q = Q::new("SELECT c.id, c.reference FROM cases c WHERE");
        q.push_in("c.id", wanted);
        push_scope(&mut q, self.s.actor());
        for r in q.query().fetch_all(self.s.store().pool()).await? {
            out.insert(r.try_get("id")?, r.try_get("reference")?);
        }
        self.hidden_cases
            .extend(wanted.iter().filter(|i| !out.contains_key(i)));
        Ok(out)
    }

    /// The readable returnees among `ids`: id → reference.
    async fn readable_returnees(&self, wanted: &[i64]) -> Result<BTreeMap<i64, String>> {
        let mut out = BTreeMap::new();
        if wanted.is_empty() || !self.s.actor().may(Action::Returnees) {
            return Ok(out);
        }
        let mut q = Q::new("SELECT r.id, r.reference FROM returnees r WHERE");
        q.push_in("r.id", wanted);
        push_returnee_scope(&mut q, &self.s.actor().jurisdiction);
        for r in q.query().fetch_all(self.s.store().pool()).await? {
            out.insert(r.try_get("id")?, r.try_get("reference")?);
        }
        Ok(out)
    }

    /// Persons by id: (uid, label, victim), victims by their first code in a readable case.
    async fn persons(&self, wanted: &[i64]) -> Result<BTreeMap<i64, (String, String, bool)>> {
        let mut out = BTreeMap::new();
        if wanted.is_empty() {
            return Ok(out);
        }
        let mut q = Q::new(&format!(
            "SELECT p.id, p.uid, p.name_enc, {PROTECTED} AS victim, \
             (SELECT MIN(cp.victim_code) FROM case_persons cp WHERE cp.person_id = p.id AND cp.role = 'victim') AS code \
             FROM persons p WHERE"
        ));
        q.push_in("p.id", wanted);
        let v = self.s.store().vault();
        for r in q.query().fetch_all(self.s.store().pool()).await? {
            let uid: String = r.try_get("uid")?;
            let victim = match r.try_get::<bool, _>("victim") {
                Ok(b) => b,
                Err(_) => r.try_get::<i64, _>("victim")? != 0,
            };
            let label = if victim {
                r.try_get::<Option<String>, _>("code")?
                    .map(|c| format!("Victim {c}"))
                    .unwrap_or_else(|| "Victim".into())
            } else {
                v.decrypt(
                    &format!("persons.name:{uid}"),
                    &r.try_get::<String, _>("name_enc")?,
                )?
            };
            out.insert(r.try_get("id")?, (uid, label, victim));
        }
        Ok(out)
    }

    async fn rows(&self, q: Q) -> Result<Vec<sqlx::any::AnyRow>> {
        Ok(q.query().fetch_all(self.s.store().pool()).await?)
    }

    /// Follows every node of `frontier` one hop; returns the new nodes.
    async fn expand(&mut self, frontier: Vec<Key>, hops: u8) -> Result<Vec<Key>> {
        let a = self.s.actor().clone();
        let by = |k: NodeKind| -> Vec<String> {
            frontier
                .iter()
                .filter(|f| f.0 == k)
                .map(|f| f.1.clone())
                .collect()
        };
        let (cases, persons, agents, returnees, entries, routes) = (
            ids(&by(NodeKind::Case)),
            ids(&by(NodeKind::Person)),
            ids(&by(NodeKind::Agent)),
            ids(&by(NodeKind::Returnee)),
            ids(&by(NodeKind::Entry)),
            by(NodeKind::Route),
        );
        let agents_seen = a.may(Action::ViewAgents) || a.may(Action::Returnees);
        let entries_seen = a.may(Action::ViewWatchlists);
        // (from, to-kind, to-id as i64 or text, relation)
        let mut found: Vec<(Key, NodeKind, String, String)> = Vec::new();
        let push_rows = |found: &mut Vec<(Key, NodeKind, String, String)>,
                         rows: &[sqlx::any::AnyRow],
                         from_kind: NodeKind,
                         from_col: &str,
                         to_kind: NodeKind,
                         to_col: &str,
                         relation: Option<&str>|
         -> Result<()> {
            for r in rows {
                let from: Option<i64> = r.try_get(from_col)?;
                let to: Option<i64> = r.try_get(to_col)?;
                if let (Some(f), Some(t)) = (from, to) {
                    let rel = match relation {
                        Some(x) => x.to_owned(),
                        None => r.try_get::<String, _>("role")?,
                    };
                    found.push(((from_kind, f.to_string()), to_kind, t.to_string(), rel));
                }
            }
            Ok(())
        };
        if !cases.is_empty() {
            let mut q = Q::new("SELECT case_id, person_id, role FROM case_persons WHERE");
            q.push_in("case_id", &cases);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Case,
                "case_id",
                NodeKind::Person,
                "person_id",
                None,
            )?;
            if agents_seen {
                let mut q = Q::new("SELECT case_id, agent_id FROM agent_cases WHERE");
                q.push_in("case_id", &cases);
                let rows = self.rows(q).await?;
                push_rows(
                    &mut found,
                    &rows,
                    NodeKind::Case,
                    "case_id",
                    NodeKind::Agent,
                    "agent_id",
                    Some("agent"),
                )?;
            }
            let mut q = Q::new("SELECT case_id, returnee_id FROM debriefings WHERE");
            q.push_in("case_id", &cases);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Case,
                "case_id",
                NodeKind::Returnee,
                "returnee_id",
                Some("debriefing"),
            )?;
            // The route each case took (origin → exit → first destination).
            let mut q = Q::new(
                "SELECT c.id, c.origin_district, c.exit_point, (SELECT MIN(d.country) FROM case_destinations d WHERE d.case_id = c.id) AS dest FROM cases c WHERE",
            );
            q.push_in("c.id", &cases);
            for r in self.rows(q).await? {
                let (o, e, d): (Option<String>, Option<String>, Option<String>) = (
                    r.try_get("origin_district")?,
                    r.try_get("exit_point")?,
                    r.try_get("dest")?,
                );
                if let (Some(o), Some(e), Some(d)) = (o, e, d) {
                    let id: i64 = r.try_get("id")?;
                    found.push((
                        (NodeKind::Case, id.to_string()),
                        NodeKind::Route,
                        format!("{o}|{e}|{d}"),
                        "route".into(),
                    ));
                }
            }
        }
        if !persons.is_empty() {
            let mut q = Q::new("SELECT case_id, person_id, role FROM case_persons WHERE");
            q.push_in("person_id", &persons);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Person,
                "person_id",
                NodeKind::Case,
                "case_id",
                None,
            )?;
            if agents_seen {
                let mut q = Q::new("SELECT person_id, agent_id FROM agent_persons WHERE");
                q.push_in("person_id", &persons);
                let rows = self.rows(q).await?;
                push_rows(
                    &mut found,
                    &rows,
                    NodeKind::Person,
                    "person_id",
                    NodeKind::Agent,
                    "agent_id",
                    Some("same_person"),
                )?;
            }
            let mut q = Q::new("SELECT person_id, id FROM returnees WHERE");
            q.push_in("person_id", &persons);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Person,
                "person_id",
                NodeKind::Returnee,
                "id",
                Some("same_person"),
            )?;
            if entries_seen {
                let mut q =
                    Q::new("SELECT person_id, id FROM watchlist_entries WHERE active = 1 AND");
                q.push_in("person_id", &persons);
                let rows = self.rows(q).await?;
                push_rows(
                    &mut found,
                    &rows,
                    NodeKind::Person,
                    "person_id",
                    NodeKind::Entry,
                    "id",
                    Some("listed"),
                )?;
            }
        }
        if !agents.is_empty() {
            let mut q = Q::new("SELECT agent_id, case_id FROM agent_cases WHERE");
            q.push_in("agent_id", &agents);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Agent,
                "agent_id",
                NodeKind::Case,
                "case_id",
                Some("agent"),
            )?;
            let mut q = Q::new("SELECT agent_id, person_id FROM agent_persons WHERE");
            q.push_in("agent_id", &agents);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Agent,
                "agent_id",
                NodeKind::Person,
                "person_id",
                Some("same_person"),
            )?;
            let mut q = Q::new("SELECT agent_id, returnee_id FROM debriefings WHERE");
            q.push_in("agent_id", &agents);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Agent,
                "agent_id",
                NodeKind::Returnee,
                "returnee_id",
                Some("named_in_debriefing"),
            )?;
        }
        if !returnees.is_empty() {
            let mut q = Q::new("SELECT returnee_id, case_id, agent_id FROM debriefings WHERE");
            q.push_in("returnee_id", &returnees);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Returnee,
                "returnee_id",
                NodeKind::Case,
                "case_id",
                Some("debriefing"),
            )?;
            if agents_seen {
                push_rows(
                    &mut found,
                    &rows,
                    NodeKind::Returnee,
                    "returnee_id",
                    NodeKind::Agent,
                    "agent_id",
                    Some("named_in_debriefing"),
                )?;
            }
            let mut q = Q::new("SELECT id, person_id FROM returnees WHERE");
            q.push_in("id", &returnees);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Returnee,
                "id",
                NodeKind::Person,
                "person_id",
                Some("same_person"),
            )?;
            if entries_seen {
                let mut q = Q::new("SELECT returnee_id, entry_id FROM screening_alerts WHERE status <> 'false_alarm' AND");
                q.push_in("returnee_id", &returnees);
                let rows = self.rows(q).await?;
                push_rows(
                    &mut found,
                    &rows,
                    NodeKind::Returnee,
                    "returnee_id",
                    NodeKind::Entry,
                    "entry_id",
                    Some("matched"),
                )?;
            }
        }
        if !entries.is_empty() {
            let mut q = Q::new("SELECT id, person_id FROM watchlist_entries WHERE");
            q.push_in("id", &entries);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Entry,
                "id",
                NodeKind::Person,
                "person_id",
                Some("listed"),
            )?;
            let mut q = Q::new("SELECT entry_id, returnee_id FROM screening_alerts WHERE status <> 'false_alarm' AND");
            q.push_in("entry_id", &entries);
            let rows = self.rows(q).await?;
            push_rows(
                &mut found,
                &rows,
                NodeKind::Entry,
                "entry_id",
                NodeKind::Returnee,
                "returnee_id",
                Some("matched"),
            )?;
        }
        // Records sharing a phone, account, wallet or address.
        for (kind, group) in [
            (NodeKind::Case, &cases),
            (NodeKind::Person, &persons),
            (NodeKind::Agent, &agents),
            (NodeKind::Returnee, &returnees),
        ] {
            let entity = match kind {
                NodeKind::Case => LinkedEntity::Case,
                NodeKind::Person => LinkedEntity::Person,
                NodeKind::Agent => LinkedEntity::Agent,
                _ => LinkedEntity::Returnee,
            };
            for (from, other, id) in sharing_identifiers(self.s.store(), entity, group).await? {
                let to = match other {
                    LinkedEntity::Case => NodeKind::Case,
                    LinkedEntity::Person => NodeKind::Person,
                    LinkedEntity::Agent if agents_seen => NodeKind::Agent,
                    LinkedEntity::Returnee => NodeKind::Returnee,
                    _ => continue,
                };
                found.push((
                    (kind, from.to_string()),
                    to,
                    id.to_string(),
                    "shared_identifier".into(),
                ));
            }
        }
        for route in &routes {
            let mut parts = route.splitn(3, '|');
            let (Some(o), Some(e), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let mut q = Q::new(
                "SELECT c.id FROM cases c WHERE EXISTS (SELECT 1 FROM case_destinations d WHERE d.case_id = c.id",
            );
            q.push_arg(" AND d.country = {})", d.to_owned());
            q.push_arg(" AND c.origin_district = {}", o.to_owned());
            q.push_arg(" AND c.exit_point = {}", e.to_owned());
            push_scope(&mut q, &a);
            q.push_arg(
                " ORDER BY c.reported_on DESC, c.id DESC LIMIT {}",
                ROUTE_FANOUT,
            );
            for r in self.rows(q).await? {
                let id: i64 = r.try_get("id")?;
                found.push((
                    (NodeKind::Route, route.clone()),
                    NodeKind::Case,
                    id.to_string(),
                    "route".into(),
                ));
            }
        }
        // Check what may be shown, then add.
        let case_ids: Vec<i64> = found
            .iter()
            .filter(|f| f.1 == NodeKind::Case)
            .filter_map(|f| f.2.parse().ok())
            .collect();
        let readable_cases = self.readable_cases(&case_ids).await?;
        let ret_ids: Vec<i64> = found
            .iter()
            .filter(|f| f.1 == NodeKind::Returnee)
            .filter_map(|f| f.2.parse().ok())
            .collect();
        let readable_returnees = self.readable_returnees(&ret_ids).await?;
        let person_ids: Vec<i64> = found
            .iter()
            .filter(|f| f.1 == NodeKind::Person)
            .filter_map(|f| f.2.parse().ok())
            .collect();
        let persons = self.persons(&person_ids).await?;
        let agent_ids: Vec<i64> = found
            .iter()
            .filter(|f| f.1 == NodeKind::Agent)
            .filter_map(|f| f.2.parse().ok())
            .collect();
        let agents = self
            .labels("SELECT id, name AS label FROM agents WHERE", &agent_ids)
            .await?;
        let entry_ids: Vec<i64> = found
            .iter()
            .filter(|f| f.1 == NodeKind::Entry)
            .filter_map(|f| f.2.parse().ok())
            .collect();
        let entries = self
            .labels(
                "SELECT id, COALESCE(reference, full_name) AS label FROM watchlist_entries WHERE",
                &entry_ids,
            )
            .await?;
        let may_agents_page = a.may(Action::ViewAgents);
        let mut next = Vec::new();
        for (from, kind, key, rel) in found {
            let n: i64 = key.parse().unwrap_or_default();
            let (label, href, victim) = match kind {
                NodeKind::Case => match readable_cases.get(&n) {
                    Some(r) => (r.clone(), Some(format!("/cases/{n}")), false),
                    None => continue,
                },
                NodeKind::Returnee => match readable_returnees.get(&n) {
                    Some(r) => (r.clone(), Some(format!("/returnees/{n}")), false),
                    None => continue,
                },
                NodeKind::Person => match persons.get(&n) {
                    Some((uid, label, victim)) => (
                        label.clone(),
                        (!victim && a.may(Action::SearchPersons))
                            .then(|| format!("/persons/{uid}")),
                        *victim,
                    ),
                    None => continue,
                },
                NodeKind::Agent => match agents.get(&n) {
                    Some(l) => (
                        l.clone(),
                        may_agents_page.then(|| format!("/agents/{n}")),
                        false,
                    ),
                    None => continue,
                },
                NodeKind::Entry => match entries.get(&n) {
                    Some(l) => (l.clone(), Some(format!("/watchlist/{n}")), false),
                    None => continue,
                },
                NodeKind::Route => (key.replace('|', " → "), None, false),
            };
            let to = (kind, key);
            if self.link(&from, to.clone(), (label, href, victim), hops, &rel) {
                next.push(to);
            }
        }
        Ok(next)
    }

    async fn labels(&self, sql: &str, wanted: &[i64]) -> Result<BTreeMap<i64, String>> {
        let mut out = BTreeMap::new();
        if wanted.is_empty() {
            return Ok(out);
        }
        let mut q = Q::new(sql);
        q.push_in("id", wanted);
        for r in self.rows(q).await? {
            out.insert(r.try_get("id")?, r.try_get("label")?);
        }
        Ok(out)
    }
}

impl Scoped<'_> {
    /// The graph around `kind`/`id` (a case's, agent's or returnee's id, a person's record id
    /// `uid`), `hops` deep (1 to 3), within the reader's scope; `NotFound` when the start is
    /// not readable. One row of the audit trail per graph.
    pub async fn network(&self, kind: NodeKind, id: &str, hops: u8) -> Result<Graph> {
        let a = self.actor();
        if !a.may(Action::ViewCases) && !a.may(Action::Returnees) {
            return Err(StoreError::Forbidden("this role does not see networks"));
        }
        let hops = hops.clamp(1, 3);
        let mut b = Builder {
            s: self,
            nodes: BTreeMap::new(),
            edges: BTreeSet::new(),
            hidden_cases: BTreeSet::new(),
            truncated: false,
        };
        // The start, checked like any node.
        let (key, label, href) = match kind {
            NodeKind::Case => {
                let n: i64 = id.parse().map_err(|_| StoreError::NotFound)?;
                let r = b.readable_cases(&[n]).await?;
                b.hidden_cases.clear();
                let l = r.get(&n).cloned().ok_or(StoreError::NotFound)?;
                (n.to_string(), l, Some(format!("/cases/{n}")))
            }
            NodeKind::Returnee => {
                let n: i64 = id.parse().map_err(|_| StoreError::NotFound)?;
                let l = b
                    .readable_returnees(&[n])
                    .await?
                    .get(&n)
                    .cloned()
                    .ok_or(StoreError::NotFound)?;
                (n.to_string(), l, Some(format!("/returnees/{n}")))
            }
            NodeKind::Agent if a.may(Action::ViewAgents) || a.may(Action::Returnees) => {
                let n: i64 = id.parse().map_err(|_| StoreError::NotFound)?;
                let l = b
                    .labels("SELECT id, name AS label FROM agents WHERE", &[n])
                    .await?
                    .get(&n)
                    .cloned()
                    .ok_or(StoreError::NotFound)?;
                (
                    n.to_string(),
                    l,
                    a.may(Action::ViewAgents).then(|| format!("/agents/{n}")),
                )
            }
            NodeKind::Person if a.may(Action::SearchPersons) => {
                // A person is a start when they are in a case the reader may read.
                let mut q = Q::new("SELECT p.id FROM persons p JOIN case_persons cp ON cp.person_id = p.id JOIN cases c ON c.id = cp.case_id WHERE");
                q.push_arg(" p.uid = {}", id.to_owned());
                push_scope(&mut q, a);
                let n: i64 = q
                    .query()
                    .fetch_optional(self.store().pool())
                    .await?
                    .ok_or(StoreError::NotFound)?
                    .try_get("id")?;
                let (_, l, victim) = b
                    .persons(&[n])
                    .await?
                    .remove(&n)
                    .ok_or(StoreError::NotFound)?;
                let href = (!victim).then(|| format!("/persons/{id}"));
                (n.to_string(), l, href)
            }
            _ => return Err(StoreError::NotFound),
        };
        let start: Key = (kind, key);
        b.nodes.insert(
            start.clone(),
            Node {
                id: id_of(&start),
                kind,
                label,
                href,
                hops: 0,
                victim: false,
            },
        );
        let mut frontier = vec![start.clone()];
        for h in 1..=hops {
            if frontier.is_empty() || b.truncated {
                break;
            }
            frontier = b.expand(frontier, h).await?;
        }
        let mut nodes: Vec<Node> = b.nodes.into_values().collect();
        nodes.sort_by(|x, y| {
            x.hops
                .cmp(&y.hops)
                .then(x.kind.cmp(&y.kind))
                .then(x.label.cmp(&y.label))
        });
        let g = Graph {
            start: id_of(&start),
            hops,
            nodes,
            edges: b.edges.into_iter().collect(),
            hidden_cases: b.hidden_cases.len() as i64,
            truncated: b.truncated,
        };
        let mut w = self.store().write().await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::View,
                entity: "network",
                entity_id: Some(g.start.clone()),
                case_id: None,
                detail: Some(format!(
                    "{} hops: {} nodes, {} links",
                    hops,
                    g.nodes.len(),
                    g.edges.len()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(g)
    }
}
