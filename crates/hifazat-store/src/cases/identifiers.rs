//! Phones, accounts and places as searchable identifiers (issue 13, item 3): "where else does
//! this number appear?", within the reader's scope.
//!
//! An identifier (a phone, a bank account, a mobile wallet, an address) is kept once per kind
//! and canonical value ([`hifazat_domain::identifiers`]): sealed, with a keyed hash of the value
//! (keyed with its kind) for look-ups; the value never reaches the database in clear. It is
//! linked to where it appears: a person in a case, a case, a report or helpline record, a
//! returnee, a recruitment agent.
//!
//! Links come two ways. What the product already holds is indexed in the write paths that hold
//! it, inside their transactions: a person's phone and address when added to a case
//! (`cases::insert_person`), a caller's or reporter's number (`intake::insert_item`), an
//! unlicensed agent's phones (`Scoped::add_agent`); rows written before this existed are
//! indexed once at start-up ([`backfill`]). Officers link the rest themselves
//! ([`Scoped::link_identifier`]) to a record they may read.
//!
//! A search ([`Scoped::where_else`]) lists every occurrence the reader may read, grouped by what
//! it is (a victim by their case-scoped code, never by name), and counts those outside their
//! scope without saying where. It is audited by kind and the identifier's id, never the value.

use crate::audit::{AuditAction, Entry};
use crate::field;
use crate::rows::parse;
use crate::scoped::{push_scope, PROTECTED};
use crate::sealed;
use crate::sql::Q;
use crate::tx::Tx;
use crate::{ts, Result, Scoped, Store};
use hifazat_domain::identifiers::{
    display, normalise_address, IdentifierInput, IdentifierKind, LinkedEntity,
};
use hifazat_domain::person::normalize_phone;
use hifazat_domain::{Action, Actor, PersonRole};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeSet;

/// Occurrences listed per group; the group's total is always the true count.
pub const GROUP_LIMIT: i64 = 50;

/// One place where an identifier appears, as the reader may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IdentifierOccurrence {
    /// What it is linked to.
    pub entity: LinkedEntity,
    /// The record's id (a person's record id is not given: persons are shown in their case).
    pub entity_id: Option<i64>,
    /// Phone or wallet, when a search covered both.
    pub kind: IdentifierKind,
    /// The case, report or returnee reference, or the agent's name.
    pub reference: String,
    /// The case to open (a case, or the case a person is in).
    pub case_id: Option<i64>,
    /// A person's role in that case.
    pub role: Option<PersonRole>,
    /// A victim's case-scoped code (victims are never named here).
    pub victim_code: Option<String>,
    /// A person's name, for persons who are not victims anywhere.
    pub name: Option<String>,
    /// An officer linked it (otherwise it is what the record itself holds).
    pub linked_by_officer: bool,
    /// The officer's note.
    pub note: Option<String>,
    /// When it was linked or indexed.
    pub linked_at: String,
}

/// The occurrences of one kind of record.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OccurrenceGroup {
    /// What they are.
    pub entity: LinkedEntity,
    /// How many the reader may read (the true count; at most [`GROUP_LIMIT`] are listed).
    pub total: i64,
    /// The occurrences, newest first.
    pub items: Vec<IdentifierOccurrence>,
}

/// The answer to "where else does this appear?".
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WhereElse {
    /// The kind searched.
    pub kind: IdentifierKind,
    /// The value in canonical form (as the searcher typed it, normalised).
    pub value: String,
    /// Occurrences the reader may read, by kind of record (only kinds with some).
    pub groups: Vec<OccurrenceGroup>,
    /// Occurrences the reader may read.
    pub visible: i64,
    /// Occurrences outside the reader's scope: counted, never shown.
    pub outside: i64,
}

/// An officer's link of an identifier to a record.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewIdentifierLink {
    /// The identifier.
    #[serde(flatten)]
    pub identifier: IdentifierInput,
    /// What it is linked to.
    pub entity: LinkedEntity,
    /// The record: a case's reference, a victim's code or a person's record id, a report's
    /// reference, a returnee's reference, or an agent's number.
    pub reference: String,
    /// Why (sealed).
    #[serde(default)]
    pub note: Option<String>,
}

/// A link made.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IdentifierLinkSaved {
    /// The link's id.
    pub id: i64,
    /// The value linked, in canonical form.
    pub value: String,
    /// The case to go back to (a case, or the case of the person linked).
    pub case_id: Option<i64>,
}

/// Who recorded a link: the record itself, or an officer.
const FROM_RECORD: &str = "record";
const FROM_OFFICER: &str = "officer";

/// One mention to index: `value` is already canonical.
pub(crate) struct Mention<'a> {
    pub kind: IdentifierKind,
    pub value: &'a str,
    pub entity: LinkedEntity,
    pub entity_id: i64,
    pub case_id: Option<i64>,
    pub note: Option<&'a str>,
    pub by: Option<i64>,
}

/// The identifier's id for `kind` and canonical `value`, created (sealed) if new, inside `tx`.
async fn identifier_id(
    store: &Store,
    tx: &mut Tx,
    kind: IdentifierKind,
    value: &str,
) -> Result<i64> {
    let bidx = store.vault().blind_index(kind.code(), value);
    let inserted = sqlx::query(
        "INSERT INTO identifiers (kind, value_bidx, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (kind, value_bidx) DO NOTHING RETURNING id",
    )
    .bind(kind.code())
    .bind(bidx.clone())
    .bind(ts(store.now()))
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(r) = inserted {
        let id: i64 = r.try_get("id")?;
        sealed::seal_into(store, tx, "identifiers", id, &[("value", Some(value))]).await?;
        return Ok(id);
    }
    Ok(
        sqlx::query("SELECT id FROM identifiers WHERE kind = $1 AND value_bidx = $2")
            .bind(kind.code())
            .bind(bidx)
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?,
    )
}

/// Links a mention inside `tx`; `None` when that record already had it.
async fn record(store: &Store, tx: &mut Tx, m: &Mention<'_>, source: &str) -> Result<Option<i64>> {
    let ident = identifier_id(store, tx, m.kind, m.value).await?;
    let row = sqlx::query(
        "INSERT INTO identifier_links (identifier_id, entity_kind, entity_id, case_id, source, linked_by, linked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (identifier_id, entity_kind, entity_id) DO NOTHING RETURNING id",
    )
    .bind(ident)
    .bind(m.entity.code())
    .bind(m.entity_id)
    .bind(m.case_id)
    .bind(source.to_owned())
    .bind(m.by)
    .bind(ts(store.now()))
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get("id")?;
    sealed::seal_into(store, tx, "identifier_links", id, &[("note", m.note)]).await?;
    Ok(Some(id))
}

/// Indexes a phone number the record holds (as typed; a number that does not read as a phone
/// number is left out), inside the write's transaction.
pub(crate) async fn index_phone(
    store: &Store,
    tx: &mut Tx,
    phone: &str,
    entity: LinkedEntity,
    entity_id: i64,
    case_id: Option<i64>,
    by: Option<i64>,
) -> Result<()> {
    if let Ok(value) = normalize_phone(phone) {
        let m = Mention {
            kind: IdentifierKind::Phone,
            value: &value,
            entity,
            entity_id,
            case_id,
            note: None,
            by,
        };
        record(store, tx, &m, FROM_RECORD).await?;
    }
    Ok(())
}

/// Indexes a person's phone and address when they are added to a case (inside its
/// transaction).
pub(crate) async fn index_person(
    store: &Store,
    tx: &mut Tx,
    person_id: i64,
    case_id: i64,
    phone: Option<&str>,
    address: Option<&str>,
    by: Option<i64>,
) -> Result<()> {
    if let Some(p) = phone {
        index_phone(
            store,
            tx,
            p,
            LinkedEntity::Person,
            person_id,
            Some(case_id),
            by,
        )
        .await?;
    }
    let address = address
        .map(normalise_address)
        .filter(|a| a.chars().count() >= 5);
    if let Some(a) = address {
        let m = Mention {
            kind: IdentifierKind::Address,
            value: &a,
            entity: LinkedEntity::Person,
            entity_id: person_id,
            case_id: Some(case_id),
            note: None,
            by,
        };
        record(store, tx, &m, FROM_RECORD).await?;
    }
    Ok(())
}

/// A person's phone and address as a case holds them, for [`index_people`].
pub(crate) struct PersonContacts<'a> {
    pub(crate) person_id: i64,
    pub(crate) case_id: i64,
    pub(crate) phone: Option<&'a str>,
    pub(crate) address: Option<&'a str>,
    pub(crate) by: Option<i64>,
}

/// [`index_person`] for many persons at once (the bulk import): the same identifiers and
/// links, written with a handful of statements instead of several per person.
pub(crate) async fn index_people(
    store: &Store,
    tx: &mut Tx,
    people: &[PersonContacts<'_>],
) -> Result<()> {
    let v = store.vault();
    // The mentions, in the order index_person would make them.
    let mut mentions: Vec<(IdentifierKind, String, &PersonContacts<'_>)> = Vec::new();
    for p in people {
        if let Some(value) = p.phone.and_then(|ph| normalize_phone(ph).ok()) {
            mentions.push((IdentifierKind::Phone, value, p));
        }
        if let Some(a) = p
            .address
            .map(normalise_address)
            .filter(|a| a.chars().count() >= 5)
        {
            mentions.push((IdentifierKind::Address, a, p));
        }
    }
    if mentions.is_empty() {
        return Ok(());
    }
    let key = |kind: IdentifierKind, value: &str| (kind.code(), v.blind_index(kind.code(), value));
    let mut ids: std::collections::HashMap<(&str, String), i64> = std::collections::HashMap::new();
    let mut wanted: std::collections::HashMap<(&str, String), &str> =
        std::collections::HashMap::new();
    for (k, val, _) in &mentions {
        wanted.entry(key(*k, val)).or_insert(val.as_str());
    }
    // New identifiers are inserted (each probe through the unique index on (kind, value_bidx),
    // whatever the planner's statistics say in the middle of a bulk load), then sealed under
    // their ids; those already on record are read after.
    let now = ts(store.now());
    let rows = wanted
        .keys()
        .map(|(kind, bidx)| vec![(*kind).into(), bidx.clone().into(), now.clone().into()])
        .collect();
    let inserted = crate::sql::insert_many(
        tx,
        "INSERT INTO identifiers (kind, value_bidx, created_at)",
        rows,
        "ON CONFLICT (kind, value_bidx) DO NOTHING RETURNING id, kind, value_bidx",
    )
    .await?;
    let mut sealed_values = Vec::new();
    for r in &inserted {
        let kind: String = r.try_get("kind")?;
        let bidx: String = r.try_get("value_bidx")?;
        let id: i64 = r.try_get("id")?;
        let kind = [IdentifierKind::Phone, IdentifierKind::Address]
            .into_iter()
            .map(IdentifierKind::code)
            .find(|k| *k == kind);
        if let Some(kk) = kind.map(|k| (k, bidx)) {
            if let Some(val) = wanted.get(&kk) {
                sealed_values.push((id, sealed::seal(v, "identifiers", "value", id, Some(val))));
            }
            ids.insert(kk, id);
        }
    }
    for kind in [IdentifierKind::Phone, IdentifierKind::Address] {
        let known: Vec<String> = wanted
            .keys()
            .filter(|kk| kk.0 == kind.code() && !ids.contains_key(*kk))
            .map(|kk| kk.1.clone())
            .collect();
        for chunk in known.chunks(500) {
            let mut q = Q::new("SELECT id, value_bidx FROM identifiers WHERE");
            q.push_arg(" kind = {} AND", kind.code());
            q.push_in("value_bidx", chunk);
            for r in q.query().fetch_all(&mut **tx).await? {
                ids.insert((kind.code(), r.try_get("value_bidx")?), r.try_get("id")?);
            }
        }
    }
    for chunk in sealed_values.chunks(500) {
        let mut q = Q::new("UPDATE identifiers SET value = t.column2 FROM (VALUES ");
        for (i, (id, value)) in chunk.iter().enumerate() {
            let (a, b) = (q.arg(*id), q.arg(value.clone()));
            q.push(&format!("{}({a}, {b})", if i > 0 { ", " } else { "" }));
        }
        q.push(") AS t WHERE identifiers.id = t.column1");
        q.query().execute(&mut **tx).await?;
    }
    let mut links = Vec::new();
    let mut linked = std::collections::HashSet::new();
    for (k, val, p) in &mentions {
        let Some(&ident) = ids.get(&key(*k, val)) else {
            continue;
        };
        if linked.insert((ident, p.person_id)) {
            links.push(vec![
                ident.into(),
                LinkedEntity::Person.code().into(),
                p.person_id.into(),
                Some(p.case_id).into(),
                FROM_RECORD.into(),
                p.by.into(),
                now.clone().into(),
            ]);
        }
    }
    crate::sql::insert_many(
        tx,
        "INSERT INTO identifier_links (identifier_id, entity_kind, entity_id, case_id, source, linked_by, linked_at)",
        links,
        "ON CONFLICT (identifier_id, entity_kind, entity_id) DO NOTHING",
    )
    .await?;
    Ok(())
}

const BACKFILL_STEP: &str = "index_identifiers_v1";

/// Indexes, once, the phones and addresses that rows written before identifiers existed hold
/// (persons in cases, reports and helpline records, agents); recorded in `data_steps`. A link
/// already there is left alone, so an interrupted run can simply run again.
pub(crate) async fn backfill(store: &Store) -> Result<()> {
    if sealed::step_done(store, BACKFILL_STEP).await? {
        return Ok(());
    }
    let v = store.vault();
    let batches: [(&str, &str); 3] = [
        (
            "persons",
            "SELECT p.id, p.uid, p.phone_enc, p.address_enc, p.created_by, \
             (SELECT MIN(cp.case_id) FROM case_persons cp WHERE cp.person_id = p.id) AS case_id \
             FROM persons p WHERE p.id > $1 AND (p.phone_enc IS NOT NULL OR p.address_enc IS NOT NULL) ORDER BY p.id LIMIT 500",
        ),
        (
            "intake_items",
            "SELECT id, contact, recorded_by FROM intake_items WHERE id > $1 AND contact IS NOT NULL ORDER BY id LIMIT 500",
        ),
        (
            "agents",
            "SELECT id, phones, created_by FROM agents WHERE id > $1 AND phones IS NOT NULL ORDER BY id LIMIT 500",
        ),
    ];
    for (table, sql) in batches {
        let mut last = 0i64;
        loop {
            let mut w = store.write().await?;
            let rows = sqlx::query(sql).bind(last).fetch_all(&mut *w.tx).await?;
            let Some(end) = rows.last() else { break };
            last = end.try_get("id")?;
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                match table {
                    "persons" => {
                        let Some(case_id) = r.try_get::<Option<i64>, _>("case_id")? else {
                            continue;
                        };
                        let uid: String = r.try_get("uid")?;
                        let dec = |col: &str| -> Result<Option<String>> {
                            Ok(v.decrypt_opt(
                                &format!("persons.{col}:{uid}"),
                                r.try_get::<Option<String>, _>(format!("{col}_enc").as_str())?
                                    .as_deref(),
                            )?)
                        };
                        let (phone, address) = (dec("phone")?, dec("address")?);
                        let by = r.try_get("created_by")?;
                        index_person(
                            store,
                            &mut w.tx,
                            id,
                            case_id,
                            phone.as_deref(),
                            address.as_deref(),
                            by,
                        )
                        .await?;
                    }
                    "intake_items" => {
                        let contact = sealed::open(
                            v,
                            "intake_items",
                            "contact",
                            id,
                            r.try_get::<Option<String>, _>("contact")?.as_deref(),
                        )?;
                        let phone = contact
                            .as_deref()
                            .and_then(|c| c.split_once('\n'))
                            .map(|(_, p)| p.to_owned());
                        if let Some(p) = phone.filter(|p| !p.is_empty()) {
                            let by = r.try_get("recorded_by")?;
                            index_phone(
                                store,
                                &mut w.tx,
                                &p,
                                LinkedEntity::IntakeItem,
                                id,
                                None,
                                by,
                            )
                            .await?;
                        }
                    }
                    _ => {
                        let phones: Vec<String> = r
                            .try_get::<Option<String>, _>("phones")?
                            .and_then(|s| serde_json::from_str(&s).ok())
                            .unwrap_or_default();
                        let by = r.try_get("created_by")?;
                        for p in &phones {
                            index_phone(store, &mut w.tx, p, LinkedEntity::Agent, id, None, by)
                                .await?;
                        }
                    }
                }
            }
            w.commit().await?;
        }
    }
    sealed::mark_step(store, BACKFILL_STEP).await
}

/// The other records sharing an identifier with the records `ids` of kind `entity`: (record
/// id among `ids`, kind of the other record, its id), each once, with no scope applied and
/// nothing audited. For the network view, which applies its reader's scope to what it shows; a
/// person is given by their person id.
pub(crate) async fn sharing_identifiers(
    store: &Store,
    entity: LinkedEntity,
    ids: &[i64],
) -> Result<Vec<(i64, LinkedEntity, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = crate::sql::Q::new(
        "SELECT DISTINCT l.entity_id AS from_id, o.entity_kind, o.entity_id FROM identifier_links l \
         JOIN identifier_links o ON o.identifier_id = l.identifier_id WHERE",
    );
    let kind = q.arg(entity.code());
    q.push(&format!(" l.entity_kind = {kind} AND"));
    q.push_in("l.entity_id", ids);
    q.push(&format!(
        " AND NOT (o.entity_kind = {kind} AND o.entity_id = l.entity_id) ORDER BY l.entity_id, o.entity_kind, o.entity_id"
    ));
    q.query()
        .fetch_all(store.pool())
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("from_id")?,
                parse(r.try_get("entity_kind")?)?,
                r.try_get("entity_id")?,
            ))
        })
        .collect()
}

/// The actor may search and link identifiers (the case roles; for the navigation).
pub fn may_search_identifiers(a: &Actor) -> bool {
    a.may(Action::SearchPersons)
}

/// Columns every group reads from the link `l` and identifier `x`.
const LINK_COLUMNS: &str = "l.id AS link_id, l.entity_id, l.case_id AS link_case, l.source, l.note, l.linked_at, x.kind AS ident_kind";

impl Scoped<'_> {
    fn require_identifiers(&self) -> Result<()> {
        self.require(
            Action::SearchPersons,
            "only case officers search phones, accounts and addresses",
        )
    }

    /// Every occurrence of the identifier the actor may read, grouped by kind of record, and
    /// the count of those outside their scope. A phone number is also looked for among mobile
    /// wallets and the other way round. Audited (a victim among the results makes it an
    /// identity view) by kind and identifier id, never by value.
    pub async fn where_else(&self, input: &IdentifierInput) -> Result<WhereElse> {
        self.require_identifiers()?;
        let value = input.normalise()?;
        let v = self.store().vault();
        let mut ids: Vec<i64> = Vec::new();
        for k in input.kind.searched_with() {
            if let Some(r) =
                sqlx::query("SELECT id FROM identifiers WHERE kind = $1 AND value_bidx = $2")
                    .bind(k.code())
                    .bind(v.blind_index(k.code(), &value))
                    .fetch_optional(self.store().pool())
                    .await?
            {
                ids.push(r.try_get("id")?);
            }
        }
        let mut groups = Vec::new();
        let mut readable: BTreeSet<i64> = BTreeSet::new();
        let mut outside = 0;
        if !ids.is_empty() {
            for entity in LinkedEntity::ALL {
                if let Some(g) = self.group(*entity, &ids, &mut readable).await? {
                    groups.push(g);
                }
            }
            let mut q = Q::new("SELECT COUNT(*) AS n FROM identifier_links l WHERE");
            q.push_in("l.identifier_id", &ids);
            let total: i64 = q
                .query()
                .fetch_one(self.store().pool())
                .await?
                .try_get("n")?;
            outside = total - readable.len() as i64;
        }
        let victims = groups
            .iter()
            .flat_map(|g| &g.items)
            .any(|o| o.victim_code.is_some());
        let visible = readable.len() as i64;
        let mut w = self.store().write().await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: if victims {
                    AuditAction::ViewIdentity
                } else {
                    AuditAction::View
                },
                entity: "identifier",
                entity_id: ids.first().map(|i| i.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{} searched: {visible} occurrence(s) shown, {outside} outside scope",
                    input.kind.code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(WhereElse {
            kind: input.kind,
            value: display(input.kind, &value),
            groups,
            visible,
            outside,
        })
    }

    /// The readable occurrences among records of one kind, adding their link ids to
    /// `readable`; `None` when there are none (or the actor may not read such records).
    async fn group(
        &self,
        entity: LinkedEntity,
        ids: &[i64],
        readable: &mut BTreeSet<i64>,
    ) -> Result<Option<OccurrenceGroup>> {
        let a = self.actor();
        let (select, from) = match entity {
            LinkedEntity::Person => (
                format!(
                    "cp.case_id, c.reference, cp.role, cp.victim_code, p.uid, p.name_enc, \
                     CASE WHEN {PROTECTED} THEN CAST(1 AS BIGINT) ELSE CAST(0 AS BIGINT) END AS protected"
                ),
                "JOIN case_persons cp ON cp.person_id = l.entity_id JOIN cases c ON c.id = cp.case_id \
                 JOIN persons p ON p.id = l.entity_id",
            ),
            LinkedEntity::Case => ("c.id AS case_id, c.reference".to_owned(), "JOIN cases c ON c.id = l.entity_id"),
            LinkedEntity::IntakeItem => (
                "i.reference".to_owned(),
                "JOIN intake_items i ON i.id = l.entity_id",
            ),
            LinkedEntity::Returnee => ("r.reference".to_owned(), "JOIN returnees r ON r.id = l.entity_id"),
            LinkedEntity::Agent => ("a.name AS reference".to_owned(), "JOIN agents a ON a.id = l.entity_id"),
        };
        let mut where_ = Q::new("");
        where_.push(" AND");
        where_.push_in("l.identifier_id", ids);
        where_.push_arg(" AND l.entity_kind = {}", entity.code());
        match entity {
            LinkedEntity::Person | LinkedEntity::Case => {
                if !a.may(Action::ViewCases) {
                    return Ok(None);
                }
                push_scope(&mut where_, a);
            }
            LinkedEntity::IntakeItem => crate::intake::push_reader(&mut where_, a),
            LinkedEntity::Returnee => {
                if !a.may(Action::Returnees) {
                    return Ok(None);
                }
                crate::screening::returnees::push_returnee_scope(&mut where_, &a.jurisdiction);
            }
            LinkedEntity::Agent => {
                if !a.may(Action::ViewAgents) {
                    return Ok(None);
                }
            }
        }
        let head = format!("FROM identifier_links l JOIN identifiers x ON x.id = l.identifier_id {from} WHERE 1 = 1");
        let pool = self.store().pool();
        let link_ids = Q::prefixed(&format!("SELECT DISTINCT l.id {head}"), &where_)
            .query()
            .fetch_all(pool)
            .await?;
        if link_ids.is_empty() {
            return Ok(None);
        }
        for r in &link_ids {
            readable.insert(r.try_get("id")?);
        }
        let total_rows = Q::prefixed(&format!("SELECT COUNT(*) AS n {head}"), &where_)
            .query()
            .fetch_one(pool)
            .await?
            .try_get("n")?;
        let mut q = Q::prefixed(&format!("SELECT {LINK_COLUMNS}, {select} {head}"), &where_);
        q.push_arg(
            " ORDER BY l.linked_at DESC, l.id DESC LIMIT {}",
            GROUP_LIMIT,
        );
        let rows = q.query().fetch_all(pool).await?;
        let items = rows
            .iter()
            .map(|r| self.occurrence(entity, r))
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(OccurrenceGroup {
            entity,
            total: total_rows,
            items,
        }))
    }

    fn occurrence(&self, entity: LinkedEntity, r: &AnyRow) -> Result<IdentifierOccurrence> {
        let v = self.store().vault();
        let link_id: i64 = r.try_get("link_id")?;
        let person = entity == LinkedEntity::Person;
        let role: Option<PersonRole> = if person {
            Some(parse(r.try_get("role")?)?)
        } else {
            None
        };
        let name =
            if person && role != Some(PersonRole::Victim) && r.try_get::<i64, _>("protected")? == 0
            {
                let uid: String = r.try_get("uid")?;
                v.decrypt_opt(
                    &format!("persons.name:{uid}"),
                    r.try_get::<Option<String>, _>("name_enc")?.as_deref(),
                )?
            } else {
                None
            };
        let case_id = match entity {
            LinkedEntity::Person | LinkedEntity::Case => Some(r.try_get("case_id")?),
            _ => None,
        };
        Ok(IdentifierOccurrence {
            entity,
            entity_id: if person {
                None
            } else {
                Some(r.try_get("entity_id")?)
            },
            kind: parse(r.try_get("ident_kind")?)?,
            reference: r.try_get("reference")?,
            case_id,
            role,
            victim_code: if person {
                r.try_get("victim_code")?
            } else {
                None
            },
            name,
            linked_by_officer: r.try_get::<String, _>("source")? == FROM_OFFICER,
            note: sealed::open(
                v,
                "identifier_links",
                "note",
                link_id,
                r.try_get::<Option<String>, _>("note")?.as_deref(),
            )?,
            linked_at: r.try_get("linked_at")?,
        })
    }

    /// Finds the record an officer names, within what they may read: (entity id, case id).
    async fn linkable(
        &self,
        tx: &mut Tx,
        entity: LinkedEntity,
        reference: &str,
    ) -> Result<(i64, Option<i64>)> {
        let a = self.actor();
        let reference = reference.trim();
        let row = match entity {
            LinkedEntity::Case => {
                let mut q = Q::new("SELECT c.id, c.id AS case_id FROM cases c WHERE");
                q.push_arg(" c.reference = {}", reference.to_uppercase());
                push_scope(&mut q, a);
                q.query().fetch_optional(&mut **tx).await?
            }
            LinkedEntity::Person => {
                // A victim's code, or a person's record id.
                let mut q = Q::new(
                    "SELECT cp.person_id AS id, cp.case_id FROM case_persons cp JOIN cases c ON c.id = cp.case_id \
                     JOIN persons p ON p.id = cp.person_id WHERE",
                );
                let r = q.arg(reference.to_owned());
                let up = q.arg(reference.to_uppercase());
                q.push(&format!(" (p.uid = {r} OR cp.victim_code = {up})"));
                push_scope(&mut q, a);
                q.push(" ORDER BY cp.case_id LIMIT 1");
                q.query().fetch_optional(&mut **tx).await?
            }
            LinkedEntity::IntakeItem => {
                let mut q = Q::new(
                    "SELECT i.id, CAST(NULL AS BIGINT) AS case_id FROM intake_items i WHERE",
                );
                q.push_arg(" i.reference = {}", reference.to_uppercase());
                crate::intake::push_reader(&mut q, a);
                q.query().fetch_optional(&mut **tx).await?
            }
            LinkedEntity::Returnee if a.may(Action::Returnees) => {
                let mut q =
                    Q::new("SELECT r.id, CAST(NULL AS BIGINT) AS case_id FROM returnees r WHERE");
                q.push_arg(" r.reference = {}", reference.to_uppercase());
                crate::screening::returnees::push_returnee_scope(&mut q, &a.jurisdiction);
                q.query().fetch_optional(&mut **tx).await?
            }
            LinkedEntity::Agent if a.may(Action::ViewAgents) => match reference.parse::<i64>() {
                Ok(id) => {
                    sqlx::query(
                        "SELECT id, CAST(NULL AS BIGINT) AS case_id FROM agents WHERE id = $1",
                    )
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?
                }
                Err(_) => None,
            },
            _ => None,
        };
        let Some(row) = row else {
            return Err(field(
                "reference",
                "Enter the reference of a record you may read",
            ));
        };
        Ok((row.try_get("id")?, row.try_get("case_id")?))
    }

    /// Links an identifier to a record the actor may read (a case in scope, a person in a
    /// readable case, a report they may read, a returnee in scope, an agent). Audited without
    /// the value.
    pub async fn link_identifier(&self, l: NewIdentifierLink) -> Result<IdentifierLinkSaved> {
        self.require(
            Action::EditCases,
            "only case officers link phones, accounts and addresses",
        )?;
        let mut e = hifazat_domain::FieldErrors::new();
        let value = match l.identifier.normalise() {
            Ok(v) => Some(v),
            Err(x) => {
                e.extend(x);
                None
            }
        };
        if l.reference.trim().is_empty() {
            e.add("reference", "Enter the reference of the record");
        }
        let note = hifazat_domain::validation::clean(l.note.as_deref());
        if note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
            e.add("note", "Enter a note of at most 1000 characters");
        }
        let value = e.into_result(value)?.unwrap_or_default();
        let mut w = self.store().write().await?;
        let (entity_id, case_id) = self.linkable(&mut w.tx, l.entity, &l.reference).await?;
        let m = Mention {
            kind: l.identifier.kind,
            value: &value,
            entity: l.entity,
            entity_id,
            case_id,
            note: note.as_deref(),
            by: Some(self.actor().user_id),
        };
        let Some(id) = record(self.store(), &mut w.tx, &m, FROM_OFFICER).await? else {
            return Err(field("value", "This is already linked to that record"));
        };
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "identifier_link",
                entity_id: Some(id.to_string()),
                case_id,
                detail: Some(format!(
                    "{} linked to {} {entity_id}",
                    l.identifier.kind.code(),
                    l.entity.code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(IdentifierLinkSaved {
            id,
            value: display(l.identifier.kind, &value),
            case_id,
        })
    }
}
