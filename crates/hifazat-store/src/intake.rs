//! The front door (issue 11): public reports and helpline records in one queue per district,
//! their triage, the duty officer to whom immediate danger is escalated, and the public
//! portal's own protections.
//!
//! The public side ([`Store::submit_public_report`], [`Store::public_report`],
//! [`Store::add_to_public_report`]) has no actor: a reporter reaches only their own report, by
//! its unguessable reference *and* the secret given once when it was made (only the secret's
//! SHA-256 is kept); a wrong pair is `NotFound`, whichever half is wrong, and answers with the
//! report's coarse status only — never its text, another report, or a case.
//!
//! Staff reach items through [`Scoped`]: supervisors and the national coordinator triage the
//! items of their jurisdiction (an item with no district is in the national queue); a helpline
//! operator reads the items they recorded; a duty officer reads the items escalated to them.
//! What a caller said and how to reach them are sealed at rest and every showing is audited as
//! an identity view. An item is *overdue* when nobody has acted on it (triage, or the duty
//! officer's acknowledgement) by the time its urgency allows; the queue, "My work" and the
//! monitoring page count those in SQL with the same condition ([`overdue_sql`]).

use crate::audit::{self, AuditAction, Entry};
use crate::field;
use crate::rows::parse;
use crate::sealed;
use crate::sql::Q;
use crate::tx::Tx;
use crate::{ts, Result, Scoped, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use hifazat_domain::case::{CaseKind, NewCase};
use hifazat_domain::intake::{
    CallerKind, Channel, EscalationAck, Finding, IntakeLanguage, IntakeSource, IntakeStatus,
    IntakeUrgency, NewAddition, NewHelplineRecord, NewPublicReport, Triage, TriageAction,
};
use hifazat_domain::{reference, Action, Actor, Jurisdiction, Stage, UserRole};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Crockford's base32: no I, L, O or U, so a reference read over the phone is not misheard.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `n` random characters of [`ALPHABET`] from the operating system's generator, in groups of
/// `group`.
fn random_code(n: usize, group: usize) -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: Vec<char> = (0..n)
        .map(|_| ALPHABET[rng.gen_range(0..32)] as char)
        .collect();
    chars
        .chunks(group)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A reference or secret as typed: upper case, spaces and dashes dropped, and the letters a
/// reader confuses with digits read as those digits.
pub fn normalise_code(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// The stored form of a reference: `R-` or `H-` and four groups of four.
fn stored_reference(s: &str) -> Option<String> {
    let n = normalise_code(s);
    // Only ASCII can be a reference: anything else (typed or sent) is not one, and slicing by
    // bytes below is safe.
    if !n.is_ascii() || n.is_empty() {
        return None;
    }
    let (kind, rest) = n.split_at(1);
    if !matches!(kind, "R" | "H")
        || rest.len() != 16
        || !rest.bytes().all(|b| ALPHABET.contains(&b))
    {
        return None;
    }
    let groups: Vec<&str> = (0..4).map(|i| &rest[i * 4..i * 4 + 4]).collect();
    Some(format!("{kind}-{}", groups.join("-")))
}

fn secret_hash(secret: &str) -> String {
    hifazat_vault::sha256_hex(format!("intake-secret:{}", normalise_code(secret)).as_bytes())
}

/// What a reporter takes away: the reference and the secret (shown once, never stored).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicReceipt {
    /// The report's row (for the server's own use; never shown to the reporter).
    #[serde(skip)]
    pub id: i64,
    /// The report's reference.
    pub reference: String,
    /// The secret that, with the reference, lets the reporter add information later.
    pub secret: String,
}

/// Where a public report stands, as its reporter may know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatus {
    /// Received, not yet looked at.
    Received,
    /// Looked at and passed to the officers who act on it.
    PassedOn,
    /// Looked at: no action by the anti-trafficking units (it may have gone elsewhere).
    Closed,
}

impl PublicStatus {
    /// The code.
    pub fn code(self) -> &'static str {
        match self {
            PublicStatus::Received => "received",
            PublicStatus::PassedOn => "passed_on",
            PublicStatus::Closed => "closed",
        }
    }
}

/// A public report as its reporter sees it with the secret: nothing of what it says, nothing of
/// what it led to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicView {
    /// The reference.
    pub reference: String,
    /// When it was received (UTC timestamp).
    pub received_at: String,
    /// Where it stands.
    pub status: PublicStatus,
    /// How many times the reporter has added to it.
    pub additions: i64,
}

/// An item in a queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IntakeSummary {
    /// Id.
    pub id: i64,
    /// Reference.
    pub reference: String,
    /// Public portal or helpline.
    pub source: IntakeSource,
    /// How it came in.
    pub channel: Channel,
    /// The district (code), or none: the national queue.
    pub district_code: Option<String>,
    /// How fast someone must act.
    pub urgency: IntakeUrgency,
    /// A woman officer was asked for.
    pub woman_officer: bool,
    /// When it was received (UTC timestamp).
    pub received_at: String,
    /// When the first action is due (UTC timestamp).
    pub due_at: String,
    /// When someone first acted on it.
    pub first_action_at: Option<String>,
    /// Nobody has acted on it and its time is up.
    pub overdue: bool,
    /// Awaiting triage, or triaged.
    pub status: IntakeStatus,
    /// What triage found.
    pub classification: Option<Finding>,
    /// What triage did.
    pub triage_action: Option<TriageAction>,
    /// The duty officer it was escalated to (login name).
    pub escalated_to: Option<String>,
    /// When the duty officer acknowledged it.
    pub acknowledged_at: Option<String>,
    /// The linked or opened case's reference (when the reader may see the case).
    pub case_reference: Option<String>,
    /// Signs of trafficking (codes).
    pub indicators: Vec<String>,
}

/// Something added to an item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IntakeAddition {
    /// When (UTC timestamp).
    pub added_at: String,
    /// By whom (login name); none for the reporter.
    pub added_by: Option<String>,
    /// The text.
    pub text: String,
}

/// An item as staff read it: the summary, what was said and how to reach the caller (each
/// showing audited), and what was done.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IntakeItem {
    /// The queue's fields.
    #[serde(flatten)]
    pub summary: IntakeSummary,
    /// The language used.
    pub language: IntakeLanguage,
    /// Who called or wrote.
    pub caller_kind: CallerKind,
    /// They agreed to be contacted.
    pub contact_consent: bool,
    /// Their name, when given.
    pub contact_name: Option<String>,
    /// Their number, when given.
    pub contact_phone: Option<String>,
    /// What they said.
    pub narrative: String,
    /// What was added later, oldest first.
    pub additions: Vec<IntakeAddition>,
    /// Who recorded it (a helpline operator's login name; none for the portal).
    pub recorded_by: Option<String>,
    /// The duty officer's account of what is being done.
    pub acknowledgement: Option<String>,
    /// The report it repeats (reference).
    pub duplicate_of: Option<String>,
    /// The linked person record (uid).
    pub person_uid: Option<String>,
    /// The triage note.
    pub triage_note: Option<String>,
    /// Who triaged it.
    pub triaged_by: Option<String>,
    /// When.
    pub triaged_at: Option<String>,
    /// The districts it was routed through (codes, in order).
    pub routes: Vec<String>,
    /// The recruitment agents it names.
    pub agents: Vec<LinkedAgent>,
}

/// A recruitment agent a report names.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkedAgent {
    /// The agent's id (`/agents/{id}`).
    pub id: i64,
    /// Name.
    pub name: String,
    /// Licence number, for a licensed promoter.
    pub licence_number: Option<String>,
}

/// Which items a queue shows.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IntakeFilter {
    /// `new` (the default), `triaged` or `all`.
    pub status: Option<String>,
    /// Only items whose time is up and nobody has acted on.
    pub overdue: Option<bool>,
    /// One district (code); `none` for items with no district.
    pub district: Option<String>,
    /// `public` or `helpline`.
    pub source: Option<String>,
    /// Page (1-based).
    pub page: Option<i64>,
}

/// A page of a queue with its true total.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IntakePage {
    /// The items, most urgent first (overdue, then by due time).
    pub items: Vec<IntakeSummary>,
    /// How many match.
    pub total: i64,
    /// Page size.
    pub per_page: i64,
}

/// The counts "My work" and the monitoring page show.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct IntakeCounts {
    /// Awaiting triage.
    pub untriaged: i64,
    /// Nobody has acted on them and their time is up.
    pub overdue: i64,
    /// Immediate danger, not yet acknowledged or triaged.
    pub immediate: i64,
}

/// A district's duty officer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DutyOfficer {
    /// District (code).
    pub district_code: String,
    /// Login name.
    pub username: String,
    /// Name.
    pub display_name: String,
    /// Since (UTC timestamp).
    pub set_at: String,
}

/// One row of the dashboard: items of one channel with one outcome.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChannelOutcome {
    /// Channel.
    pub channel: Channel,
    /// The triage's classification, or none while awaiting triage.
    pub outcome: Option<Finding>,
    /// How many.
    pub items: i64,
}

/// Times to first action for one urgency.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResponseTimes {
    /// Urgency.
    pub urgency: IntakeUrgency,
    /// Items received.
    pub items: i64,
    /// Items acted on.
    pub acted_on: i64,
    /// Items acted on within the limit.
    pub within_limit: i64,
    /// Items not acted on whose time is up.
    pub overdue: i64,
    /// Median minutes to the first action, of those acted on.
    pub median_minutes: Option<i64>,
    /// 90th percentile of minutes to the first action.
    pub p90_minutes: Option<i64>,
}

/// The front door's dashboard for a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IntakeDashboard {
    /// From (UTC timestamp, inclusive).
    pub from: String,
    /// To (UTC timestamp, inclusive).
    pub to: String,
    /// Items by channel and outcome.
    pub by_channel: Vec<ChannelOutcome>,
    /// Times to first action by urgency.
    pub response: Vec<ResponseTimes>,
}

/// What a new helpline record led to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Recorded {
    /// Id.
    pub id: i64,
    /// Reference.
    pub reference: String,
    /// The duty officer it was escalated to (login name), for immediate danger.
    pub escalated_to: Option<String>,
}

/// The SQL condition (items aliased `i`) that an item is overdue at `now` (a timestamp
/// parameter placeholder): nobody has acted and its time is up.
pub(crate) fn overdue_sql(now: &str) -> String {
    format!("(i.first_action_at IS NULL AND i.due_at < {now})")
}

const SUMMARY_COLUMNS: &str = "i.id, i.reference, i.source, i.channel, i.district_code, i.urgency, i.woman_officer, \
    i.received_at, i.due_at, i.first_action_at, i.status, i.classification, i.triage_action, \
    eu.username AS escalated_to, i.acknowledged_at, c.reference AS case_reference, c.district_code AS case_district, \
    c.province_code AS case_province, i.indicators";

const SUMMARY_FROM: &str = " FROM intake_items i LEFT JOIN users eu ON eu.id = i.escalated_to \
    LEFT JOIN cases c ON c.id = i.case_id";

/// True when the actor may triage (and so read every item of their jurisdiction).
fn triages(a: &Actor) -> bool {
    a.may(Action::TriageIntake)
}

impl Store {
    /// Counts a request from `address` of `kind` and says whether it is within `limit` per
    /// `window` (one upsert, inside a write, so parallel requests cannot all slip through).
    pub async fn public_allowance(
        &self,
        kind: &str,
        address: &str,
        limit: i64,
        window: Duration,
    ) -> Result<bool> {
        let now = self.now();
        let key = format!("{kind}:{address}");
        let mut w = self.write().await?;
        let hits: i64 = sqlx::query(
            "INSERT INTO public_throttle (throttle_key, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (throttle_key) DO UPDATE SET \
               hits = CASE WHEN public_throttle.window_start < $3 THEN 1 ELSE public_throttle.hits + 1 END, \
               window_start = CASE WHEN public_throttle.window_start < $3 THEN $2 ELSE public_throttle.window_start END \
             RETURNING hits",
        )
        .bind(key)
        .bind(ts(now))
        .bind(ts(now - window))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("hits")?;
        w.commit().await?;
        Ok(hits <= limit)
    }

    /// Marks a portal form's nonce as used; false when it already was (a form is good once).
    /// Forget nonces older than a day (forms expire sooner).
    pub async fn use_public_form(&self, nonce: &str) -> Result<bool> {
        let now = self.now();
        let mut w = self.write().await?;
        sqlx::query("DELETE FROM public_forms_used WHERE used_at < $1")
            .bind(ts(now - Duration::days(1)))
            .execute(&mut *w.tx)
            .await?;
        let n = sqlx::query(
            "INSERT INTO public_forms_used (nonce, used_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING",
        )
        .bind(nonce.to_owned())
        .bind(ts(now))
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        w.commit().await?;
        Ok(n == 1)
    }

    /// Takes a report from the public portal: checks it, keeps it with an unguessable
    /// reference and the hash of a secret, escalates immediate danger to the district's duty
    /// officer, audits it (as "public", with the address). It never becomes a case by itself.
    pub async fn submit_public_report(
        &self,
        r: NewPublicReport,
        ip: Option<&str>,
    ) -> Result<PublicReceipt> {
        let r = r.validate()?;
        let secret = random_code(20, 5);
        let contact = contact_text(r.name.as_deref(), r.phone.as_deref());
        let item = NewItem {
            prefix: 'R',
            source: IntakeSource::Public,
            channel: Channel::Web,
            language: r.language.unwrap_or(IntakeLanguage::Urdu),
            caller_kind: if r.anonymous() {
                CallerKind::Anonymous
            } else {
                CallerKind::Other
            },
            contact_consent: r.callback,
            woman_officer: r.woman_officer,
            district: r.district.clone(),
            urgency: r.urgency(),
            indicators: r.indicators.clone(),
            narrative: r.what_happened.clone().unwrap_or_default(),
            contact,
            secret_hash: Some(secret_hash(&secret)),
            recorded_by: None,
        };
        let mut w = self.write().await?;
        let (id, reference, escalated) = insert_item(self, &mut w.tx, &item).await?;
        audit::record(
            self,
            &mut w.tx,
            None,
            "public",
            ip,
            created_entry(
                id,
                format!("public report {reference}"),
                item.urgency,
                &escalated,
            ),
        )
        .await?;
        w.commit().await?;
        Ok(PublicReceipt {
            id,
            reference,
            secret,
        })
    }

    /// The item id of a public report, if `reference` and `secret` go together.
    async fn public_item(&self, reference: &str, secret: &str) -> Result<(i64, String)> {
        let reference = stored_reference(reference).ok_or(StoreError::NotFound)?;
        let r = sqlx::query(
            "SELECT id, secret_hash FROM intake_items WHERE reference = $1 AND source = 'public'",
        )
        .bind(reference.clone())
        .fetch_optional(self.pool())
        .await?;
        // Compare against a hash either way, so a wrong reference and a wrong secret take the
        // same path.
        let want = secret_hash(secret);
        let (id, have) = match &r {
            Some(r) => (
                r.try_get::<i64, _>("id")?,
                r.try_get::<Option<String>, _>("secret_hash")?
                    .unwrap_or_default(),
            ),
            None => (0, String::new()),
        };
        if r.is_none() || !hifazat_vault::constant_time_eq(&have, &want) {
            return Err(StoreError::NotFound);
        }
        Ok((id, reference))
    }

    /// A public report as its reporter may see it: reference, when, a coarse status, how many
    /// additions. `NotFound` unless the reference and the secret go together.
    pub async fn public_report(&self, reference: &str, secret: &str) -> Result<PublicView> {
        let (id, reference) = self.public_item(reference, secret).await?;
        let r = sqlx::query(
            "SELECT received_at, status, triage_action, (SELECT COUNT(*) FROM intake_additions a WHERE a.item_id = i.id) AS additions \
             FROM intake_items i WHERE i.id = $1",
        )
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        let status = match (
            r.try_get::<String, _>("status")?.as_str(),
            r.try_get::<Option<String>, _>("triage_action")?.as_deref(),
        ) {
            ("new", _) => PublicStatus::Received,
            (_, Some("close")) => PublicStatus::Closed,
            _ => PublicStatus::PassedOn,
        };
        Ok(PublicView {
            reference,
            received_at: r.try_get("received_at")?,
            status,
            additions: r.try_get("additions")?,
        })
    }

    /// Adds the reporter's further information to their report (sealed, audited as "public").
    pub async fn add_to_public_report(
        &self,
        reference: &str,
        secret: &str,
        a: NewAddition,
        ip: Option<&str>,
    ) -> Result<()> {
        let text = a.validate()?;
        let (id, reference) = self.public_item(reference, secret).await?;
        let mut w = self.write().await?;
        let aid = insert_addition(self, &mut w.tx, id, &text, None).await?;
        audit::record(
            self,
            &mut w.tx,
            None,
            "public",
            ip,
            Entry {
                action: AuditAction::Update,
                entity: "intake_addition",
                entity_id: Some(aid.to_string()),
                case_id: None,
                detail: Some(format!("the reporter added to {reference}")),
            },
        )
        .await?;
        w.commit().await
    }
}

/// The audit row of a new item: what it is, its urgency and the duty officer it went to.
fn created_entry(
    id: i64,
    what: String,
    urgency: IntakeUrgency,
    escalated_to: &Option<String>,
) -> Entry<'static> {
    let to = escalated_to
        .as_deref()
        .map(|u| format!(", escalated to {u}"))
        .unwrap_or_default();
    Entry {
        action: AuditAction::Create,
        entity: "intake_item",
        entity_id: Some(id.to_string()),
        case_id: None,
        detail: Some(format!("{what} ({}{to})", urgency.code())),
    }
}

/// The sealed contact: name and number on two lines.
fn contact_text(name: Option<&str>, phone: Option<&str>) -> Option<String> {
    if name.is_none() && phone.is_none() {
        return None;
    }
    Some(format!(
        "{}\n{}",
        name.unwrap_or_default(),
        phone.unwrap_or_default()
    ))
}

fn contact_parts(s: Option<String>) -> (Option<String>, Option<String>) {
    match s {
        None => (None, None),
        Some(s) => {
            let mut it = s.splitn(2, '\n');
            let name = it.next().filter(|x| !x.is_empty()).map(str::to_owned);
            let phone = it.next().filter(|x| !x.is_empty()).map(str::to_owned);
            (name, phone)
        }
    }
}

struct NewItem {
    prefix: char,
    source: IntakeSource,
    channel: Channel,
    language: IntakeLanguage,
    caller_kind: CallerKind,
    contact_consent: bool,
    woman_officer: bool,
    district: Option<String>,
    urgency: IntakeUrgency,
    indicators: Vec<String>,
    narrative: String,
    contact: Option<String>,
    secret_hash: Option<String>,
    recorded_by: Option<i64>,
}

/// The district's duty officer, if one is named and their account is active.
async fn duty_officer_of(tx: &mut Tx, district: &str) -> Result<Option<(i64, String)>> {
    let r = sqlx::query(
        "SELECT u.id, u.username FROM duty_officers d JOIN users u ON u.id = d.user_id \
         WHERE d.district_code = $1 AND u.active = 1 AND u.disabled_at IS NULL",
    )
    .bind(district.to_owned())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match r {
        Some(r) => Some((r.try_get("id")?, r.try_get("username")?)),
        None => None,
    })
}

/// Writes an item (sealing what was said and the contact) and, for immediate danger,
/// escalates it to the district's duty officer. Returns id, reference and the duty officer.
async fn insert_item(
    store: &Store,
    tx: &mut Tx,
    item: &NewItem,
) -> Result<(i64, String, Option<String>)> {
    let now = store.now();
    let province = item
        .district
        .as_deref()
        .and_then(reference::district_by_code)
        .map(|d| d.province_code.to_string());
    let duty = match (&item.district, item.urgency) {
        (Some(d), IntakeUrgency::Immediate) => duty_officer_of(tx, d).await?,
        _ => None,
    };
    // 80 random bits: a clash is all but impossible, but the UNIQUE constraint would refuse it
    // rather than mix two reports, so draw again rather than fail the reporter.
    let mut reference = String::new();
    for _ in 0..3 {
        let candidate = format!("{}-{}", item.prefix, random_code(16, 4));
        let taken = sqlx::query("SELECT id FROM intake_items WHERE reference = $1")
            .bind(candidate.clone())
            .fetch_optional(&mut **tx)
            .await?
            .is_some();
        if !taken {
            reference = candidate;
            break;
        }
    }
    let id: i64 = sqlx::query(
        "INSERT INTO intake_items (reference, secret_hash, source, channel, language, caller_kind, contact_consent, \
         woman_officer, province_code, district_code, urgency, indicators, received_at, due_at, recorded_by, \
         escalated_to, escalated_at, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'new') RETURNING id",
    )
    .bind(reference.clone())
    .bind(item.secret_hash.clone())
    .bind(item.source.code())
    .bind(item.channel.code())
    .bind(item.language.code())
    .bind(item.caller_kind.code())
    .bind(item.contact_consent as i64)
    .bind(item.woman_officer as i64)
    .bind(province)
    .bind(item.district.clone())
    .bind(item.urgency.code())
    .bind(item.indicators.join(","))
    .bind(ts(now))
    .bind(ts(item.urgency.due(now)))
    .bind(item.recorded_by)
    .bind(duty.as_ref().map(|d| d.0))
    .bind(duty.as_ref().map(|_| ts(now)))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    sealed::seal_into(
        store,
        tx,
        "intake_items",
        id,
        &[
            ("narrative", Some(&item.narrative)),
            ("contact", item.contact.as_deref()),
        ],
    )
    .await?;
    if let (_, Some(phone)) = contact_parts(item.contact.clone()) {
        crate::cases::identifiers::index_phone(
            store,
            tx,
            &phone,
            hifazat_domain::identifiers::LinkedEntity::IntakeItem,
            id,
            None,
            item.recorded_by,
        )
        .await?;
    }
    Ok((id, reference, duty.map(|d| d.1)))
}

async fn insert_addition(
    store: &Store,
    tx: &mut Tx,
    item_id: i64,
    text: &str,
    by: Option<i64>,
) -> Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO intake_additions (item_id, added_by, added_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(item_id)
    .bind(by)
    .bind(ts(store.now()))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    sealed::seal_into(store, tx, "intake_additions", id, &[("body", Some(text))]).await?;
    Ok(id)
}

/// Appends the condition that the actor may read item `i`: triage roles within their
/// jurisdiction (items with no district only nationally), the operator who recorded it, the
/// duty officer it was escalated to.
pub(crate) fn push_reader(q: &mut Q, a: &Actor) {
    let me = q.arg(a.user_id);
    let mut alts = vec![
        format!("i.recorded_by = {me}"),
        format!("i.escalated_to = {me}"),
    ];
    if triages(a) {
        alts.push(match &a.jurisdiction {
            Jurisdiction::National => "1 = 1".to_owned(),
            Jurisdiction::Province(p) => format!(
                "i.province_code = {}",
                q.arg(reference::current_province_code(p).to_owned())
            ),
            Jurisdiction::District(d) => format!("i.district_code = {}", q.arg(d.clone())),
        });
    }
    q.push(&format!(" AND ({})", alts.join(" OR ")));
}

/// Appends the condition that item `i` is in the actor's triage queue (their jurisdiction).
fn push_queue(q: &mut Q, a: &Actor) {
    match &a.jurisdiction {
        Jurisdiction::National => {}
        Jurisdiction::Province(p) => {
            q.push_arg(
                " AND i.province_code = {}",
                reference::current_province_code(p).to_owned(),
            );
        }
        Jurisdiction::District(d) => {
            q.push_arg(" AND i.district_code = {}", d.clone());
        }
    }
}

impl Scoped<'_> {
    fn summary_from(&self, r: &AnyRow) -> Result<IntakeSummary> {
        let now = self.store().now();
        let due: String = r.try_get("due_at")?;
        let first: Option<String> = r.try_get("first_action_at")?;
        let case_reference: Option<String> = r.try_get("case_reference")?;
        // A linked case is named only to those whose jurisdiction covers it.
        let case_reference = match (
            case_reference,
            r.try_get::<Option<String>, _>("case_province")?,
            r.try_get::<Option<String>, _>("case_district")?,
        ) {
            (Some(c), Some(p), Some(d))
                if self.actor().may(Action::ViewCases)
                    && self.actor().jurisdiction.covers(&p, &d) =>
            {
                Some(c)
            }
            _ => None,
        };
        Ok(IntakeSummary {
            id: r.try_get("id")?,
            reference: r.try_get("reference")?,
            source: parse(r.try_get("source")?)?,
            channel: parse(r.try_get("channel")?)?,
            district_code: r.try_get("district_code")?,
            urgency: parse(r.try_get("urgency")?)?,
            woman_officer: r.try_get::<i64, _>("woman_officer")? == 1,
            received_at: r.try_get("received_at")?,
            overdue: first.is_none() && due < ts(now),
            due_at: due,
            first_action_at: first,
            status: parse(r.try_get("status")?)?,
            classification: r
                .try_get::<Option<String>, _>("classification")?
                .map(parse)
                .transpose()?,
            triage_action: r
                .try_get::<Option<String>, _>("triage_action")?
                .map(parse)
                .transpose()?,
            escalated_to: r.try_get("escalated_to")?,
            acknowledged_at: r.try_get("acknowledged_at")?,
            case_reference,
            indicators: r
                .try_get::<String, _>("indicators")?
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    }

    fn require_intake(&self) -> Result<()> {
        let a = self.actor();
        if a.may(Action::RecordIntake) || a.may(Action::TriageIntake) || a.may(Action::EditCases) {
            Ok(())
        } else {
            Err(StoreError::Forbidden(
                "this role does not handle reports and helpline calls",
            ))
        }
    }

    /// Records a call or message to the helpline (operators, supervisors, the national
    /// coordinator). Immediate danger is escalated at once to the district's duty officer.
    pub async fn record_helpline(&self, r: NewHelplineRecord) -> Result<Recorded> {
        self.require(
            Action::RecordIntake,
            "this role does not take helpline calls",
        )?;
        let r = r.validate()?;
        let item = NewItem {
            prefix: 'H',
            source: IntakeSource::Helpline,
            channel: r.channel,
            language: r.language,
            caller_kind: r.caller_kind,
            contact_consent: r.contact_consent,
            woman_officer: r.woman_officer,
            district: r.district.clone(),
            urgency: r.urgency,
            indicators: r.indicators.clone(),
            narrative: r.situation.clone().unwrap_or_default(),
            contact: contact_text(r.caller_name.as_deref(), r.caller_phone.as_deref()),
            secret_hash: None,
            recorded_by: Some(self.actor().user_id),
        };
        let mut w = self.store().write().await?;
        let (id, reference, escalated_to) = insert_item(self.store(), &mut w.tx, &item).await?;
        self.entry(
            &mut w.tx,
            created_entry(
                id,
                format!("helpline {} {reference}", r.channel.code()),
                r.urgency,
                &escalated_to,
            ),
        )
        .await?;
        w.commit().await?;
        Ok(Recorded {
            id,
            reference,
            escalated_to,
        })
    }

    /// A queue: the items the actor may read matching `f`, overdue first, then by due time,
    /// with the true total. Triage roles see their jurisdiction's queue; an operator the
    /// items they recorded; a duty officer those escalated to them.
    pub async fn intake_queue(&self, f: &IntakeFilter) -> Result<IntakePage> {
        self.require_intake()?;
        let now = ts(self.store().now());
        let mut w = Q::new(" WHERE 1 = 1");
        push_reader(&mut w, self.actor());
        match f.status.as_deref().unwrap_or("new") {
            "all" => {}
            s => {
                let s = IntakeStatus::from_code(s).unwrap_or(IntakeStatus::New);
                w.push_arg(" AND i.status = {}", s.code().to_owned());
            }
        }
        if f.overdue == Some(true) {
            let p = w.arg(now.clone());
            w.push(&format!(" AND {}", overdue_sql(&p)));
        }
        match f.district.as_deref().map(str::trim) {
            None | Some("") => {}
            Some("none") => {
                w.push(" AND i.district_code IS NULL");
            }
            Some(d) => {
                w.push_arg(" AND i.district_code = {}", d.to_ascii_uppercase());
            }
        }
        if let Some(s) = f.source.as_deref().and_then(IntakeSource::from_code) {
            w.push_arg(" AND i.source = {}", s.code().to_owned());
        }
        let mut count = w.clone();
        count.sql = format!("SELECT COUNT(*) AS n FROM intake_items i{}", w.sql);
        let total: i64 = count
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let per_page = 50;
        let page = crate::page_number(f.page);
        let mut q = w;
        let p = q.arg(now);
        q.sql = format!(
            "SELECT {SUMMARY_COLUMNS}{SUMMARY_FROM}{} ORDER BY CASE WHEN {} THEN 0 ELSE 1 END, i.due_at, i.id LIMIT {per_page} OFFSET {}",
            q.sql,
            overdue_sql(&p),
            (page - 1) * per_page
        );
        let items = q
            .query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| self.summary_from(r))
            .collect::<Result<Vec<_>>>()?;
        Ok(IntakePage {
            items,
            total,
            per_page,
        })
    }

    /// Items in immediate danger that nobody has acknowledged or triaged, for the actor: those
    /// escalated to them, and, for triage roles, those of their jurisdiction (whether or not a
    /// duty officer was named). Oldest first.
    pub async fn intake_alerts(&self) -> Result<Vec<IntakeSummary>> {
        let a = self.actor();
        let mut q = Q::new(&format!(
            "SELECT {SUMMARY_COLUMNS}{SUMMARY_FROM} WHERE i.urgency = 'immediate' AND i.first_action_at IS NULL"
        ));
        let me = q.arg(a.user_id);
        if triages(a) {
            q.push(&format!(" AND (i.escalated_to = {me} OR (1 = 1"));
            push_queue(&mut q, a);
            q.push("))");
        } else {
            q.push(&format!(" AND i.escalated_to = {me}"));
        }
        q.push(" ORDER BY i.received_at, i.id");
        q.query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| self.summary_from(r))
            .collect()
    }

    /// The counts of the actor's queue: awaiting triage, overdue, immediate danger open.
    pub async fn intake_counts(&self) -> Result<IntakeCounts> {
        if !triages(self.actor()) {
            return Ok(IntakeCounts::default());
        }
        let mut q = Q::new("");
        let now = q.arg(ts(self.store().now()));
        q.push(&format!(
            "SELECT CAST(COALESCE(SUM(CASE WHEN i.status = 'new' THEN 1 ELSE 0 END), 0) AS BIGINT) AS untriaged, \
             CAST(COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) AS BIGINT) AS overdue, \
             CAST(COALESCE(SUM(CASE WHEN i.urgency = 'immediate' AND i.first_action_at IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS immediate \
             FROM intake_items i WHERE 1 = 1",
            overdue_sql(&now)
        ));
        push_queue(&mut q, self.actor());
        let r = q.query().fetch_one(self.store().pool()).await?;
        Ok(IntakeCounts {
            untriaged: r.try_get("untriaged")?,
            overdue: r.try_get("overdue")?,
            immediate: r.try_get("immediate")?,
        })
    }

    /// Overdue items per district (code; none for the national queue) in the actor's
    /// jurisdiction, most first: the monitoring page's table.
    pub async fn intake_overdue_by_district(&self) -> Result<Vec<(Option<String>, i64)>> {
        if !triages(self.actor()) {
            return Ok(Vec::new());
        }
        let mut q = Q::new("");
        let now = q.arg(ts(self.store().now()));
        q.push(&format!(
            "SELECT i.district_code, COUNT(*) AS n FROM intake_items i WHERE {}",
            overdue_sql(&now)
        ));
        push_queue(&mut q, self.actor());
        q.push(" GROUP BY i.district_code ORDER BY n DESC, i.district_code");
        q.query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("district_code")?, r.try_get("n")?)))
            .collect()
    }

    /// Loads an item the actor may read, or `NotFound`.
    async fn readable(&self, c: &mut sqlx::AnyConnection, id: i64) -> Result<AnyRow> {
        let mut q = Q::new(&format!(
            "SELECT {SUMMARY_COLUMNS}, i.language, i.caller_kind, i.contact_consent, i.narrative, i.contact, \
             rb.username AS recorded_by, i.acknowledgement, d.reference AS duplicate_ref, p.uid AS person_uid, \
             i.triage_note, tb.username AS triaged_by, i.triaged_at, i.recorded_by AS recorder_id, i.escalated_to AS escalated_id{SUMMARY_FROM} \
             LEFT JOIN users rb ON rb.id = i.recorded_by LEFT JOIN users tb ON tb.id = i.triaged_by \
             LEFT JOIN intake_items d ON d.id = i.duplicate_of LEFT JOIN persons p ON p.id = i.person_id WHERE"
        ));
        q.push_arg(" i.id = {}", id);
        push_reader(&mut q, self.actor());
        q.query()
            .fetch_optional(&mut *c)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// An item, with what was said and how to reach the caller: the showing is audited as an
    /// identity view.
    pub async fn intake_item(&self, id: i64) -> Result<IntakeItem> {
        self.require_intake()?;
        let mut w = self.store().write().await?;
        let r = self.readable(&mut w.tx, id).await?;
        let v = self.store().vault();
        let narrative = sealed::open(
            v,
            "intake_items",
            "narrative",
            id,
            r.try_get::<Option<String>, _>("narrative")?.as_deref(),
        )?
        .unwrap_or_default();
        let contact = sealed::open(
            v,
            "intake_items",
            "contact",
            id,
            r.try_get::<Option<String>, _>("contact")?.as_deref(),
        )?;
        let (contact_name, contact_phone) = contact_parts(contact);
        let mut additions = Vec::new();
        for a in sqlx::query(
            "SELECT a.id, a.body, a.added_at, u.username FROM intake_additions a LEFT JOIN users u ON u.id = a.added_by \
             WHERE a.item_id = $1 ORDER BY a.id",
        )
        .bind(id)
        .fetch_all(&mut *w.tx)
        .await?
        {
            let aid: i64 = a.try_get("id")?;
            additions.push(IntakeAddition {
                added_at: a.try_get("added_at")?,
                added_by: a.try_get("username")?,
                text: sealed::open(
                    v,
                    "intake_additions",
                    "body",
                    aid,
                    a.try_get::<Option<String>, _>("body")?.as_deref(),
                )?
                .unwrap_or_default(),
            });
        }
        let routes =
            sqlx::query("SELECT to_district FROM intake_routes WHERE item_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&mut *w.tx)
                .await?
                .iter()
                .map(|r| r.try_get("to_district"))
                .collect::<std::result::Result<Vec<String>, _>>()?;
        let agents = sqlx::query(
            "SELECT a.id, a.name, a.licence_number FROM agent_reports ar JOIN agents a ON a.id = ar.agent_id \
             WHERE ar.item_id = $1 ORDER BY ar.id",
        )
        .bind(id)
        .fetch_all(&mut *w.tx)
        .await?
        .iter()
        .map(|r| {
            Ok(LinkedAgent {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                licence_number: r.try_get("licence_number")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let item = IntakeItem {
            agents,
            summary: self.summary_from(&r)?,
            language: parse(r.try_get("language")?)?,
            caller_kind: parse(r.try_get("caller_kind")?)?,
            contact_consent: r.try_get::<i64, _>("contact_consent")? == 1,
            contact_name,
            contact_phone,
            narrative,
            additions,
            recorded_by: r.try_get("recorded_by")?,
            acknowledgement: r.try_get("acknowledgement")?,
            duplicate_of: r.try_get("duplicate_ref")?,
            person_uid: r.try_get("person_uid")?,
            triage_note: r.try_get("triage_note")?,
            triaged_by: r.try_get("triaged_by")?,
            triaged_at: r.try_get("triaged_at")?,
            routes,
        };
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::ViewIdentity,
                entity: "intake_item",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!("what was said in {}", item.summary.reference)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(item)
    }

    /// Loads an item for a triage write: the actor triages, and the item is in their queue.
    async fn for_triage(&self, tx: &mut Tx, id: i64) -> Result<AnyRow> {
        self.require(Action::TriageIntake, "only supervisors triage reports")?;
        let mut q = Q::new(
            "SELECT i.id, i.reference, i.status, i.district_code, i.first_action_at, i.urgency, i.received_at FROM intake_items i WHERE",
        );
        q.push_arg(" i.id = {}", id);
        push_queue(&mut q, self.actor());
        q.query()
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Triages an item: classifies it and links it to a case or a person, routes it to another
    /// district's queue (where it awaits triage again), or closes it; all in one transaction
    /// with its audit row. An inquiry is opened with [`Scoped::open_inquiry`].
    pub async fn triage(&self, id: i64, t: Triage) -> Result<()> {
        self.require(Action::TriageIntake, "only supervisors triage reports")?;
        let t = t.validate()?;
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let r = self.for_triage(&mut w.tx, id).await?;
        if r.try_get::<String, _>("status")? != "new" {
            return Err(field("classification", "This report is already triaged"));
        }
        let reference: String = r.try_get("reference")?;
        let mut duplicate_of = None;
        if let Some(d) = &t.duplicate_of {
            let other =
                sqlx::query("SELECT id FROM intake_items WHERE reference = $1 AND id <> $2")
                    .bind(stored_reference(d).unwrap_or_default())
                    .bind(id)
                    .fetch_optional(&mut *w.tx)
                    .await?;
            match other {
                Some(o) => duplicate_of = Some(o.try_get::<i64, _>("id")?),
                None => {
                    return Err(field(
                        "duplicate_of",
                        "There is no other report with this reference",
                    ))
                }
            }
        }
        let mut case_id = None;
        if let (TriageAction::LinkCase, Some(c)) = (t.action, &t.case_reference) {
            let mut q = Q::new("SELECT c.id FROM cases c WHERE");
            q.push_arg(" c.reference = {}", c.trim().to_ascii_uppercase());
            crate::scoped::push_scope(&mut q, self.actor());
            case_id = Some(
                q.query()
                    .fetch_optional(&mut *w.tx)
                    .await?
                    .ok_or_else(|| {
                        field(
                            "case_reference",
                            "There is no case with this reference in your jurisdiction",
                        )
                    })?
                    .try_get::<i64, _>("id")?,
            );
        }
        let mut person_id = None;
        if let (TriageAction::LinkPerson, Some(uid)) = (t.action, &t.person_uid) {
            let found = self
                .visible_person(&mut w.tx, uid.trim())
                .await
                .map_err(|e| match e {
                    StoreError::NotFound => field(
                        "person_uid",
                        "There is no person record with this number that you can see",
                    ),
                    e => e,
                })?;
            person_id = Some(found.merged_into.unwrap_or(found.id));
        }
        if t.action == TriageAction::Route {
            // `validate` refuses a routing without a district of the list.
            let Some(to) = t.route_to.clone() else {
                return Err(field("route_to", "Choose the district to route it to"));
            };
            let from: Option<String> = r.try_get("district_code")?;
            if from.as_deref() == Some(to.as_str()) {
                return Err(field("route_to", "It is already in this district's queue"));
            }
            let Some(d) = reference::district_by_code(&to) else {
                return Err(field("route_to", "Choose a district from the list"));
            };
            // Routed: the item waits in the other district's queue, still untriaged, keeping
            // its time limit; the first action is taken now.
            sqlx::query(
                "UPDATE intake_items SET district_code = $1, province_code = $2, classification = $3, triage_note = $4, \
                 urgency = COALESCE($5, urgency), first_action_at = COALESCE(first_action_at, $6) WHERE id = $7",
            )
            .bind(to.clone())
            .bind(d.province_code.to_string())
            .bind(t.classification.code())
            .bind(t.note.clone())
            .bind(t.urgency.map(|u| u.code()))
            .bind(ts(now))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            sqlx::query(
                "INSERT INTO intake_routes (item_id, from_district, to_district, routed_by, routed_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(from.clone())
            .bind(to.clone())
            .bind(self.actor().user_id)
            .bind(ts(now))
            .execute(&mut *w.tx)
            .await?;
            self.entry(
                &mut w.tx,
                Entry {
                    action: AuditAction::Update,
                    entity: "intake_item",
                    entity_id: Some(id.to_string()),
                    case_id: None,
                    detail: Some(format!(
                        "{reference} routed from {} to {to} ({})",
                        from.as_deref().unwrap_or("the national queue"),
                        t.classification.code()
                    )),
                },
            )
            .await?;
            return w.commit().await;
        }
        sqlx::query(
            "UPDATE intake_items SET status = 'triaged', classification = $1, triage_action = $2, duplicate_of = $3, \
             case_id = $4, person_id = $5, triage_note = $6, triaged_by = $7, triaged_at = $8, \
             urgency = COALESCE($9, urgency), first_action_at = COALESCE(first_action_at, $8) WHERE id = $10 AND status = 'new'",
        )
        .bind(t.classification.code())
        .bind(t.action.code())
        .bind(duplicate_of)
        .bind(case_id)
        .bind(person_id)
        .bind(t.note.clone())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(t.urgency.map(|u| u.code()))
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        if let Some(c) = case_id {
            crate::cases::touch(&mut w.tx, c, now).await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "intake_item",
                entity_id: Some(id.to_string()),
                case_id,
                detail: Some(format!(
                    "{reference} triaged: {}, {}",
                    t.classification.code(),
                    t.action.code()
                )),
            },
        )
        .await?;
        w.commit().await
    }

    /// The case form's first values for an inquiry opened from item `id`: its district, the
    /// kind its classification suggests, how it came, the signs heard. Nothing the caller said
    /// is copied: the officer writes the summary (no victim names).
    pub async fn inquiry_draft(&self, id: i64) -> Result<InquiryDraft> {
        self.require(Action::TriageIntake, "only supervisors triage reports")?;
        self.require(Action::EditCases, "this role cannot register cases")?;
        let mut c = self.store().pool().acquire().await?;
        let mut q = Q::new(
            "SELECT i.reference, i.source, i.district_code, i.received_at, i.indicators, i.status FROM intake_items i WHERE",
        );
        q.push_arg(" i.id = {}", id);
        push_queue(&mut q, self.actor());
        let r = q
            .query()
            .fetch_optional(&mut *c)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(InquiryDraft {
            item_id: id,
            reference: r.try_get("reference")?,
            source: parse(r.try_get("source")?)?,
            district: r.try_get("district_code")?,
            reported_on: r
                .try_get::<String, _>("received_at")?
                .get(..10)
                .unwrap_or_default()
                .to_owned(),
            indicators: r
                .try_get::<String, _>("indicators")?
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            already_triaged: r.try_get::<String, _>("status")? != "new",
        })
    }

    /// Opens an inquiry from an item: registers the case at the "inquiry" stage and marks the
    /// item triaged and linked to it, in one transaction (either both or neither).
    pub async fn open_inquiry(&self, id: i64, classification: Finding, c: NewCase) -> Result<i64> {
        self.require(Action::TriageIntake, "only supervisors triage reports")?;
        self.require(Action::EditCases, "this role cannot register cases")?;
        if matches!(classification, Finding::NotTrafficking | Finding::Duplicate) {
            return Err(field(
                "classification",
                "An inquiry is opened for possible trafficking, smuggling or a labour complaint",
            ));
        }
        let c = c.validate(self.store().today())?;
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let r = self.for_triage(&mut w.tx, id).await?;
        if r.try_get::<String, _>("status")? != "new" {
            return Err(field("classification", "This report is already triaged"));
        }
        let reference: String = r.try_get("reference")?;
        let (case_id, case_reference) = self
            .register_case(&mut w.tx, &c, Some(Stage::Inquiry))
            .await?;
        sqlx::query(
            "UPDATE intake_items SET status = 'triaged', classification = $1, triage_action = 'open_inquiry', case_id = $2, \
             triaged_by = $3, triaged_at = $4, first_action_at = COALESCE(first_action_at, $4) WHERE id = $5",
        )
        .bind(classification.code())
        .bind(case_id)
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "intake_item",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{reference} triaged: {}, inquiry {case_reference} opened",
                    classification.code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(case_id)
    }

    /// Writes the audit row of a change to item `id` and commits the write.
    async fn item_updated(&self, mut w: crate::WriteTx<'_>, id: i64, detail: String) -> Result<()> {
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "intake_item",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(detail),
            },
        )
        .await?;
        w.commit().await
    }

    /// Links an item in the actor's queue to the recruitment agent it names (a supervisor, at
    /// or after triage): `agent` is the agent's number or a licence number. The agent's page
    /// then lists it among the agent's complaints.
    pub async fn link_report_agent(&self, id: i64, agent: &str) -> Result<()> {
        self.require(Action::TriageIntake, "only supervisors triage reports")?;
        let agent = agent.trim();
        if agent.is_empty() {
            return Err(field("agent", "Enter the agent's number or licence number"));
        }
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let r = self.for_triage(&mut w.tx, id).await?;
        let found = match agent.parse::<i64>() {
            Ok(n) => {
                sqlx::query("SELECT id, name FROM agents WHERE id = $1")
                    .bind(n)
                    .fetch_optional(&mut *w.tx)
                    .await?
            }
            Err(_) => {
                sqlx::query("SELECT id, name FROM agents WHERE licence_key = $1")
                    .bind(hifazat_domain::agents::licence_key(agent))
                    .fetch_optional(&mut *w.tx)
                    .await?
            }
        }
        .ok_or_else(|| field("agent", "There is no agent with this number or licence"))?;
        let agent_id: i64 = found.try_get("id")?;
        let n = sqlx::query(
            "INSERT INTO agent_reports (agent_id, item_id, linked_by, linked_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (agent_id, item_id) DO NOTHING",
        )
        .bind(agent_id)
        .bind(id)
        .bind(self.actor().user_id)
        .bind(ts(now))
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(field(
                "agent",
                "This report is already linked to this agent",
            ));
        }
        let detail = format!(
            "{} names agent {agent_id} ({})",
            r.try_get::<String, _>("reference")?,
            found.try_get::<String, _>("name")?
        );
        self.item_updated(w, id, detail).await
    }

    /// The duty officer (or a supervisor of the district) acknowledges an item in immediate
    /// danger with what is being done: the first action.
    pub async fn acknowledge_escalation(&self, id: i64, a: EscalationAck) -> Result<()> {
        self.require_intake()?;
        let text = a.validate()?;
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let r = self.readable(&mut w.tx, id).await?;
        let escalated_to: Option<i64> = r.try_get("escalated_id")?;
        if escalated_to != Some(self.actor().user_id) && !triages(self.actor()) {
            return Err(StoreError::NotFound);
        }
        let n = sqlx::query(
            "UPDATE intake_items SET acknowledged_at = $1, acknowledgement = $2, first_action_at = COALESCE(first_action_at, $1) \
             WHERE id = $3 AND acknowledged_at IS NULL AND urgency = 'immediate'",
        )
        .bind(ts(now))
        .bind(text)
        .bind(id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(field(
                "action_taken",
                "This report is not awaiting an acknowledgement",
            ));
        }
        let detail = format!(
            "{} acknowledged by the duty officer",
            r.try_get::<String, _>("reference")?
        );
        self.item_updated(w, id, detail).await
    }

    /// Adds a note to an item the actor may read (sealed like what the caller said).
    pub async fn add_intake_note(&self, id: i64, a: NewAddition) -> Result<()> {
        self.require_intake()?;
        let text = a.validate()?;
        let mut w = self.store().write().await?;
        let r = self.readable(&mut w.tx, id).await?;
        let aid = insert_addition(
            self.store(),
            &mut w.tx,
            id,
            &text,
            Some(self.actor().user_id),
        )
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "intake_addition",
                entity_id: Some(aid.to_string()),
                case_id: None,
                detail: Some(format!(
                    "note added to {}",
                    r.try_get::<String, _>("reference")?
                )),
            },
        )
        .await?;
        w.commit().await
    }

    /// Names the duty officer of a district in the actor's jurisdiction: an active
    /// investigating officer or supervisor whose jurisdiction covers it.
    pub async fn set_duty_officer(&self, district: &str, username: &str) -> Result<()> {
        self.require(Action::TriageIntake, "only supervisors name duty officers")?;
        let district = district.trim().to_ascii_uppercase();
        let d = reference::district_by_code(&district)
            .ok_or_else(|| field("district", "Choose a district from the list"))?;
        if !self.actor().jurisdiction.covers(&d.province_code, &d.code) {
            return Err(field("district", "Choose a district in your jurisdiction"));
        }
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let u = sqlx::query(
            "SELECT id, roles, jurisdiction FROM users WHERE username = $1 AND active = 1 AND disabled_at IS NULL",
        )
        .bind(username.trim().to_owned())
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or_else(|| field("username", "Choose an officer from the list"))?;
        let roles = crate::admin::auth::roles_from(&u.try_get::<String, _>("roles")?);
        let covers = Jurisdiction::from_code(&u.try_get::<String, _>("jurisdiction")?)
            .is_some_and(|j| j.covers(&d.province_code, &d.code));
        if !covers
            || !roles
                .iter()
                .any(|r| matches!(r, UserRole::InvestigatingOfficer | UserRole::Supervisor))
        {
            return Err(field(
                "username",
                "Choose an officer who works in this district",
            ));
        }
        let uid: i64 = u.try_get("id")?;
        sqlx::query(
            "INSERT INTO duty_officers (district_code, user_id, set_by, set_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (district_code) DO UPDATE SET user_id = $2, set_by = $3, set_at = $4",
        )
        .bind(district.clone())
        .bind(uid)
        .bind(self.actor().user_id)
        .bind(ts(now))
        .execute(&mut *w.tx)
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "duty_officer",
                entity_id: Some(district.clone()),
                case_id: None,
                detail: Some(format!("{username} is the duty officer of {district}")),
            },
        )
        .await?;
        w.commit().await
    }

    /// The duty officers of the districts in the actor's jurisdiction, and the officers who
    /// could be named (login name, name, districts they cover are the caller's to check).
    pub async fn duty_officers(&self) -> Result<Vec<DutyOfficer>> {
        self.require(Action::TriageIntake, "only supervisors name duty officers")?;
        let rows = sqlx::query(
            "SELECT d.district_code, u.username, u.display_name, d.set_at FROM duty_officers d JOIN users u ON u.id = d.user_id ORDER BY d.district_code",
        )
        .fetch_all(self.store().pool())
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let district: String = r.try_get("district_code")?;
            let Some(d) = reference::district_by_code(&district) else {
                continue;
            };
            if self.actor().jurisdiction.covers(&d.province_code, &d.code) {
                out.push(DutyOfficer {
                    district_code: district,
                    username: r.try_get("username")?,
                    display_name: r.try_get("display_name")?,
                    set_at: r.try_get("set_at")?,
                });
            }
        }
        Ok(out)
    }

    /// Officers who may be named duty officer somewhere in the actor's jurisdiction (active
    /// investigating officers and supervisors whose own jurisdiction lies inside it or covers
    /// part of it): login name and name.
    pub async fn duty_candidates(&self) -> Result<Vec<(String, String)>> {
        self.require(Action::TriageIntake, "only supervisors name duty officers")?;
        let rows = sqlx::query(
            "SELECT username, display_name, roles, jurisdiction FROM users WHERE active = 1 AND disabled_at IS NULL ORDER BY display_name",
        )
        .fetch_all(self.store().pool())
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let roles = crate::admin::auth::roles_from(&r.try_get::<String, _>("roles")?);
            if !roles
                .iter()
                .any(|r| matches!(r, UserRole::InvestigatingOfficer | UserRole::Supervisor))
            {
                continue;
            }
            let Some(j) = Jurisdiction::from_code(&r.try_get::<String, _>("jurisdiction")?) else {
                continue;
            };
            if self.actor().jurisdiction.contains(&j) || j.contains(&self.actor().jurisdiction) {
                out.push((r.try_get("username")?, r.try_get("display_name")?));
            }
        }
        Ok(out)
    }

    /// The dashboard of the actor's queue for items received in `[from, to]`: items by channel
    /// and outcome, and times to first action by urgency.
    pub async fn intake_dashboard(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<IntakeDashboard> {
        self.require(
            Action::TriageIntake,
            "only supervisors see the front door's dashboard",
        )?;
        let mut q = Q::new(
            "SELECT i.channel, i.classification, i.urgency, i.received_at, i.due_at, i.first_action_at FROM intake_items i WHERE",
        );
        q.push_arg(" i.received_at >= {}", ts(from));
        q.push_arg(" AND i.received_at <= {}", ts(to));
        push_queue(&mut q, self.actor());
        let rows = q.query().fetch_all(self.store().pool()).await?;
        let now = ts(self.store().now());
        let mut by: std::collections::BTreeMap<(String, Option<String>), i64> = Default::default();
        let mut times: std::collections::BTreeMap<&'static str, (i64, i64, i64, Vec<i64>)> =
            Default::default();
        for r in &rows {
            let channel: String = r.try_get("channel")?;
            let class: Option<String> = r.try_get("classification")?;
            *by.entry((channel, class)).or_default() += 1;
            let urgency: IntakeUrgency = parse(r.try_get("urgency")?)?;
            let received = crate::parse_ts(&r.try_get::<String, _>("received_at")?);
            let due: String = r.try_get("due_at")?;
            let first: Option<String> = r.try_get("first_action_at")?;
            let e = times.entry(urgency.code()).or_default();
            e.0 += 1;
            match first {
                Some(f) => {
                    if let (Some(a), Some(b)) = (received, crate::parse_ts(&f)) {
                        e.3.push((b - a).num_minutes());
                    }
                    if f <= due {
                        e.1 += 1;
                    }
                }
                None if due < now => e.2 += 1,
                None => {}
            }
        }
        let pct = |v: &[i64], p: usize| -> Option<i64> {
            if v.is_empty() {
                None
            } else {
                Some(v[((v.len() - 1) * p) / 100])
            }
        };
        let response = IntakeUrgency::ALL
            .iter()
            .map(|u| {
                let (items, within, overdue, mut mins) =
                    times.get(u.code()).cloned().unwrap_or_default();
                mins.sort_unstable();
                ResponseTimes {
                    urgency: *u,
                    items,
                    acted_on: mins.len() as i64,
                    within_limit: within,
                    overdue,
                    median_minutes: pct(&mins, 50),
                    p90_minutes: pct(&mins, 90),
                }
            })
            .collect();
        let by_channel = by
            .into_iter()
            .map(|((c, o), n)| {
                Ok(ChannelOutcome {
                    channel: parse(c)?,
                    outcome: o.map(parse).transpose()?,
                    items: n,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(IntakeDashboard {
            from: ts(from),
            to: ts(to),
            by_channel,
            response,
        })
    }
}

/// The first values of a case form for an inquiry opened from an item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InquiryDraft {
    /// The item.
    pub item_id: i64,
    /// Its reference.
    pub reference: String,
    /// Public portal or helpline.
    pub source: IntakeSource,
    /// Its district (code).
    pub district: Option<String>,
    /// The day it was received (`YYYY-MM-DD`).
    pub reported_on: String,
    /// Signs heard (codes).
    pub indicators: Vec<String>,
    /// It has been triaged already (no inquiry can be opened from it).
    pub already_triaged: bool,
}

impl InquiryDraft {
    /// The case kind a classification suggests.
    pub fn kind_for(c: Finding) -> CaseKind {
        match c {
            Finding::PossibleSom => CaseKind::Smuggling,
            Finding::PossibleTip => CaseKind::Trafficking,
            _ => CaseKind::Undetermined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_long_random_and_read_back_however_typed() {
        let a = format!("R-{}", random_code(16, 4));
        let b = format!("R-{}", random_code(16, 4));
        assert_ne!(a, b);
        assert_eq!(a.len(), 2 + 16 + 3);
        assert_eq!(
            stored_reference(&a.to_lowercase()).as_deref(),
            Some(a.as_str())
        );
        let spaced = a.replace('-', " ");
        assert_eq!(stored_reference(&spaced).as_deref(), Some(a.as_str()));
        assert_eq!(stored_reference("R-1234"), None);
        // Not a reference, and no panic: a first character of several bytes, nothing at all.
        assert_eq!(
            stored_reference("\u{95}\u{1F600}-0000-0000-0000-0000"),
            None
        );
        assert_eq!(stored_reference("é"), None);
        assert_eq!(stored_reference(""), None);
        assert_eq!(stored_reference("X-0000-0000-0000-0000"), None);
        assert_eq!(normalise_code("ab-cd o i l"), "ABCD011");
        assert_eq!(secret_hash("abcde-fghjk"), secret_hash("ABCDE FGHJK"));
    }
}
