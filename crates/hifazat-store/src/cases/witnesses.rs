//! Victims and witnesses at trial (issue 10, item 5): testimony, protection measures asked of
//! the court and its decisions, threats and pressure reported, and each victim's consent to the
//! case being registered.
//!
//! Writes go through the case's own scope ([`Scoped::case_for_update`]: a prosecutor reaches
//! only cases before the court in their jurisdiction), each in one transaction with its audit
//! row, and touch the case's last activity. A threat report is an alert: it stays `open` on the
//! "My work" page of the supervisors and national coordinator whose jurisdiction covers the
//! case, and on the protection page of the protection officers of its district, until one of
//! them acknowledges it with the action taken. Its description is sealed at rest like a
//! victim's identity (`sealed.rs`) and every showing of it is audited as an identity view.
//!
//! Consent to registration is enforced where the store is configured to
//! ([`crate::Store::with_registration_consent`]): a case of such a province moves to "FIR
//! registered" only when every adult victim's consent is recorded as given. Children are
//! exempt: a child's case is registered in the child's interest whatever the answer.

use crate::audit::{AuditAction, Entry};
use crate::cases::touch;
use crate::field;
use crate::rows::parse;
use crate::scoped::push_scope;
use crate::sealed;
use crate::sql::Q;
use crate::tx::Tx;
use crate::{ts, Result, Scoped, StoreError};
use hifazat_domain::witnesses::{
    ConsentUpdate, MeasureDecision, MeasureKind, MeasureOutcome, MeasureRequester, MeasureStatus,
    NewMeasure, NewTestimony, NewThreat, RegistrationConsent, TestimonyMode, ThreatAcknowledgement,
    ThreatKind, ThreatSource, ThreatStatus,
};
use hifazat_domain::{Action, Actor, PersonRole, Stage, UserRole};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A victim or witness of a case, as the trial pages list them: a victim by code, never by
/// name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WitnessPerson {
    /// Their id in the case (`case_persons`).
    pub case_person_id: i64,
    /// Victim or witness.
    pub role: PersonRole,
    /// A victim's code.
    pub victim_code: Option<String>,
    /// A witness's name (never a victim's, nor that of anyone who is a victim elsewhere).
    pub name: Option<String>,
    /// Under 18.
    pub is_child: bool,
    /// A victim's consent to the case being registered, when recorded.
    pub registration_consent: Option<RegistrationConsent>,
}

/// A testimony given at trial.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Testimony {
    /// Id.
    pub id: i64,
    /// The victim or witness (`case_persons` id).
    pub case_person_id: i64,
    /// The day (`YYYY-MM-DD`).
    pub testified_on: String,
    /// How.
    pub mode: TestimonyMode,
    /// Remark.
    pub remark: Option<String>,
    /// Who recorded it (login name).
    pub recorded_by: Option<String>,
    /// When (UTC timestamp).
    pub recorded_at: String,
}

/// A protection measure asked of the court, and its decision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProtectionMeasure {
    /// Id.
    pub id: i64,
    /// The victim or witness protected (`case_persons` id).
    pub case_person_id: i64,
    /// What.
    pub measure: MeasureKind,
    /// The day it was asked for (`YYYY-MM-DD`).
    pub requested_on: String,
    /// Who asked.
    pub requested_by: MeasureRequester,
    /// Requested, granted or refused.
    pub status: MeasureStatus,
    /// The day the court decided.
    pub decided_on: Option<String>,
    /// The court's reasons or conditions.
    pub decision_remark: Option<String>,
    /// Who recorded the request (login name).
    pub recorded_by: Option<String>,
    /// When (UTC timestamp).
    pub recorded_at: String,
    /// Who recorded the decision.
    pub decided_by: Option<String>,
    /// When (UTC timestamp).
    pub decided_at: Option<String>,
}

/// A threat or pressure reported: an alert until acknowledged.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThreatReport {
    /// Id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// The case's reference.
    pub reference: String,
    /// The case's district (code).
    pub district_code: String,
    /// The victim or witness threatened (`case_persons` id).
    pub case_person_id: i64,
    /// Their role in the case.
    pub role: PersonRole,
    /// A victim's code.
    pub victim_code: Option<String>,
    /// What happened.
    pub kind: ThreatKind,
    /// From whom.
    pub from_whom: ThreatSource,
    /// The day it was reported (`YYYY-MM-DD`).
    pub reported_on: String,
    /// What happened, in words (shown only to those who may read it; every showing audited).
    pub description: Option<String>,
    /// Open (an alert) or acknowledged.
    pub status: ThreatStatus,
    /// Who recorded the report (login name).
    pub reported_by: Option<String>,
    /// When (UTC timestamp).
    pub reported_at: String,
    /// Who acknowledged it.
    pub acknowledged_by: Option<String>,
    /// When (UTC timestamp).
    pub acknowledged_at: Option<String>,
    /// The action taken.
    pub action_taken: Option<String>,
}

/// A case's victims and witnesses at trial.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseWitnesses {
    /// The case.
    pub case_id: i64,
    /// Its reference.
    pub reference: String,
    /// Its stage.
    pub stage: Stage,
    /// Testimony may be recorded (the challan is before the court, or later).
    pub testimony_open: bool,
    /// The case's province requires victims' consent before an FIR is registered.
    pub registration_consent_required: bool,
    /// Its victims and witnesses.
    pub persons: Vec<WitnessPerson>,
    /// Testimonies, oldest first.
    pub testimonies: Vec<Testimony>,
    /// Protection measures, oldest first.
    pub measures: Vec<ProtectionMeasure>,
    /// Threat reports, newest first.
    pub threats: Vec<ThreatReport>,
}

/// True when the actor receives threat alerts: a supervisor, the national coordinator or a
/// protection officer (each within their jurisdiction).
pub fn receives_threat_alerts(actor: &Actor) -> bool {
    actor.has_any(&[
        UserRole::Supervisor,
        UserRole::NationalCoordinator,
        UserRole::ProtectionOfficer,
    ])
}

/// True when the actor may read a threat's description.
fn reads_descriptions(actor: &Actor) -> bool {
    actor.may(Action::RecordTrial)
        || actor.may(Action::ViewVictimIdentity)
        || receives_threat_alerts(actor)
}

const THREAT_COLUMNS: &str = "t.id, t.case_id, c.reference, c.district_code, t.case_person_id, cp.role, cp.victim_code, \
    t.kind, t.from_whom, t.reported_on, t.description, t.status, rb.username AS reported_by, t.created_at, \
    ab.username AS acknowledged_by, t.acknowledged_at, t.action_taken \
    FROM threat_reports t JOIN cases c ON c.id = t.case_id JOIN case_persons cp ON cp.id = t.case_person_id \
    LEFT JOIN users rb ON rb.id = t.created_by LEFT JOIN users ab ON ab.id = t.acknowledged_by";

fn consent_of(s: Option<String>) -> Result<Option<RegistrationConsent>> {
    s.map(parse).transpose()
}

impl Scoped<'_> {
    fn threat_from(&self, r: &AnyRow) -> Result<ThreatReport> {
        let id: i64 = r.try_get("id")?;
        let description = if reads_descriptions(self.actor()) {
            sealed::open(
                self.store().vault(),
                "threat_reports",
                "description",
                id,
                r.try_get::<Option<String>, _>("description")?.as_deref(),
            )?
        } else {
            None
        };
        Ok(ThreatReport {
            id,
            case_id: r.try_get("case_id")?,
            reference: r.try_get("reference")?,
            district_code: r.try_get("district_code")?,
            case_person_id: r.try_get("case_person_id")?,
            role: parse(r.try_get("role")?)?,
            victim_code: r.try_get("victim_code")?,
            kind: parse(r.try_get("kind")?)?,
            from_whom: parse(r.try_get("from_whom")?)?,
            reported_on: r.try_get("reported_on")?,
            description,
            status: parse(r.try_get("status")?)?,
            reported_by: r.try_get("reported_by")?,
            reported_at: r.try_get("created_at")?,
            acknowledged_by: r.try_get("acknowledged_by")?,
            acknowledged_at: r.try_get("acknowledged_at")?,
            action_taken: r.try_get("action_taken")?,
        })
    }

    /// Writes, in `tx`, one identity-view audit row per threat whose description is shown.
    async fn audit_descriptions(&self, tx: &mut Tx, threats: &[ThreatReport]) -> Result<()> {
        for t in threats.iter().filter(|t| t.description.is_some()) {
            self.entry(
                tx,
                Entry {
                    action: AuditAction::ViewIdentity,
                    entity: "threat_report",
                    entity_id: Some(t.id.to_string()),
                    case_id: Some(t.case_id),
                    detail: Some(format!(
                        "description of a threat to {}",
                        t.victim_code.as_deref().unwrap_or("a witness")
                    )),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Checks, in `tx`, that `case_person_id` is a victim or witness of `case_id`; returns their
    /// role and victim code.
    async fn witness_of(
        &self,
        tx: &mut Tx,
        case_id: i64,
        case_person_id: i64,
    ) -> Result<(PersonRole, Option<String>)> {
        let r = sqlx::query(
            "SELECT role, victim_code FROM case_persons WHERE id = $1 AND case_id = $2 AND role IN ('victim', 'witness')",
        )
        .bind(case_person_id)
        .bind(case_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| field("case_person_id", "Choose a victim or witness of this case"))?;
        Ok((parse(r.try_get("role")?)?, r.try_get("victim_code")?))
    }

    /// Opens a write on a case in the actor's own scope for recording the trial: the role is
    /// checked, the case locked in scope (or `NotFound`); returns the transaction and stage.
    async fn trial_write(&self, case_id: i64) -> Result<(crate::WriteTx<'_>, Stage)> {
        self.require(Action::RecordTrial, "this role does not record trials")?;
        let mut w = self.store().write().await?;
        let row = self.case_for_update(&mut w.tx, case_id).await?;
        let stage = parse(row.try_get("stage")?)?;
        Ok((w, stage))
    }

    /// Records that a victim or witness testified, and how (the prosecutor of the court's
    /// district or the case's officers): once the challan is before the court. Returns its id.
    pub async fn add_testimony(&self, case_id: i64, t: NewTestimony) -> Result<i64> {
        self.require(Action::RecordTrial, "this role does not record trials")?;
        let t = t.validate(self.store().today())?;
        let now = self.store().now();
        let (mut w, stage) = self.trial_write(case_id).await?;
        if !hifazat_domain::access::PROSECUTION_STAGES.contains(&stage) {
            return Err(field(
                "case_person_id",
                "Testimony is recorded once the challan is before the court",
            ));
        }
        let (_, code) = self
            .witness_of(&mut w.tx, case_id, t.case_person_id)
            .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO testimonies (case_id, case_person_id, testified_on, mode, remark, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(t.case_person_id)
        .bind(t.testified_on.to_string())
        .bind(t.mode.code())
        .bind(t.remark.clone())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "testimony",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{} on {} ({})",
                    code.as_deref().unwrap_or("witness"),
                    t.testified_on,
                    t.mode.code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Records a protection measure asked of the court for a victim or witness. Returns its id.
    pub async fn request_measure(&self, case_id: i64, m: NewMeasure) -> Result<i64> {
        self.require(Action::RecordTrial, "this role does not record trials")?;
        let m = m.validate(self.store().today())?;
        let now = self.store().now();
        let (mut w, _) = self.trial_write(case_id).await?;
        let (_, code) = self
            .witness_of(&mut w.tx, case_id, m.case_person_id)
            .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO protection_measures (case_id, case_person_id, measure, requested_on, requested_by, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(m.case_person_id)
        .bind(m.measure.code())
        .bind(m.requested_on.to_string())
        .bind(m.requested_by.code())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "protection_measure",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{} for {} (asked by {})",
                    m.measure.code(),
                    code.as_deref().unwrap_or("witness"),
                    m.requested_by.code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Records the court's decision on a requested protection measure.
    pub async fn decide_measure(
        &self,
        case_id: i64,
        measure_id: i64,
        d: MeasureDecision,
    ) -> Result<()> {
        self.require(Action::RecordTrial, "this role does not record trials")?;
        let now = self.store().now();
        let (mut w, _) = self.trial_write(case_id).await?;
        let r = sqlx::query(
            "SELECT requested_on, status, measure FROM protection_measures WHERE id = $1 AND case_id = $2",
        )
        .bind(measure_id)
        .bind(case_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let requested_on = r
            .try_get::<String, _>("requested_on")?
            .parse()
            .map_err(|_| StoreError::Config("bad date".into()))?;
        let d = d.validate(requested_on, self.store().today())?;
        let status = match d.outcome {
            MeasureOutcome::Granted => MeasureStatus::Granted,
            MeasureOutcome::Refused => MeasureStatus::Refused,
        };
        let n = sqlx::query(
            "UPDATE protection_measures SET status = $1, decided_on = $2, decision_remark = $3, decided_by = $4, decided_at = $5 \
             WHERE id = $6 AND status = 'requested'",
        )
        .bind(status.code())
        .bind(d.decided_on.to_string())
        .bind(d.remark.clone())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(measure_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(field(
                "outcome",
                "The court's decision on this measure is already recorded",
            ));
        }
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "protection_measure",
                entity_id: Some(measure_id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{}: {} on {}",
                    r.try_get::<String, _>("measure")?,
                    status.code(),
                    d.decided_on
                )),
            },
        )
        .await?;
        w.commit().await
    }

    /// Records a threat or pressure reported by or about a victim or witness. The report is
    /// an open alert for the supervisors and protection officers of the case's jurisdiction
    /// until acknowledged. The description is sealed. Returns its id.
    pub async fn report_threat(&self, case_id: i64, t: NewThreat) -> Result<i64> {
        self.require(Action::RecordTrial, "this role does not record trials")?;
        let t = t.validate(self.store().today())?;
        let now = self.store().now();
        let (mut w, _) = self.trial_write(case_id).await?;
        let (_, code) = self
            .witness_of(&mut w.tx, case_id, t.case_person_id)
            .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO threat_reports (case_id, case_person_id, kind, from_whom, reported_on, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(t.case_person_id)
        .bind(t.kind.code())
        .bind(t.from_whom.code())
        .bind(t.reported_on.to_string())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        sealed::seal_into(
            self.store(),
            &mut w.tx,
            "threat_reports",
            id,
            &[("description", Some(&t.description))],
        )
        .await?;
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "threat_report",
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{} from {} against {}: alert raised",
                    t.kind.code(),
                    t.from_whom.code(),
                    code.as_deref().unwrap_or("a witness")
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Open threat reports in the actor's jurisdiction (supervisors, the national coordinator,
    /// protection officers), oldest first; each description shown is audited.
    pub async fn open_threats(&self) -> Result<Vec<ThreatReport>> {
        if !receives_threat_alerts(self.actor()) {
            return Err(StoreError::Forbidden(
                "only supervisors and protection officers receive threat alerts",
            ));
        }
        let mut q = Q::new(&format!("SELECT {THREAT_COLUMNS} WHERE t.status = 'open'"));
        q.push_jurisdiction("c", &self.actor().jurisdiction);
        q.push(" ORDER BY t.created_at, t.id");
        let threats = q
            .query()
            .fetch_all(self.store().pool())
            .await?
            .iter()
            .map(|r| self.threat_from(r))
            .collect::<Result<Vec<_>>>()?;
        if threats.iter().any(|t| t.description.is_some()) {
            let mut w = self.store().write().await?;
            self.audit_descriptions(&mut w.tx, &threats).await?;
            w.commit().await?;
        }
        Ok(threats)
    }

    /// Acknowledges a threat report with the action taken (a supervisor, the national
    /// coordinator or a protection officer whose jurisdiction covers the case): the alert is
    /// cleared.
    pub async fn acknowledge_threat(&self, threat_id: i64, a: ThreatAcknowledgement) -> Result<()> {
        if !receives_threat_alerts(self.actor()) {
            return Err(StoreError::Forbidden(
                "only supervisors and protection officers acknowledge threat reports",
            ));
        }
        let a = a.validate()?;
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let r = sqlx::query(
            "SELECT t.case_id, t.status, c.district_code, c.province_code FROM threat_reports t \
             JOIN cases c ON c.id = t.case_id WHERE t.id = $1",
        )
        .bind(threat_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let (case_id, district, province): (i64, String, String) = (
            r.try_get("case_id")?,
            r.try_get("district_code")?,
            r.try_get("province_code")?,
        );
        if !self.actor().jurisdiction.covers(&province, &district) {
            return Err(StoreError::NotFound);
        }
        let n = sqlx::query(
            "UPDATE threat_reports SET status = 'acknowledged', acknowledged_by = $1, acknowledged_at = $2, action_taken = $3 \
             WHERE id = $4 AND status = 'open'",
        )
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(a.action_taken.clone())
        .bind(threat_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(field(
                "action_taken",
                "This threat report is already acknowledged",
            ));
        }
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "threat_report",
                entity_id: Some(threat_id.to_string()),
                case_id: Some(case_id),
                detail: Some("acknowledged with the action taken".into()),
            },
        )
        .await?;
        w.commit().await
    }

    /// Records a victim's answer when asked to consent to the case being registered (the
    /// police, who register it: whoever edits cases).
    pub async fn set_registration_consent(
        &self,
        case_id: i64,
        case_person_id: i64,
        c: ConsentUpdate,
    ) -> Result<()> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let now = self.store().now();
        let mut w = self.store().write().await?;
        self.case_for_update(&mut w.tx, case_id).await?;
        let r = sqlx::query(
            "SELECT victim_code, registration_consent FROM case_persons WHERE id = $1 AND case_id = $2 AND role = 'victim'",
        )
        .bind(case_person_id)
        .bind(case_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let before: Option<String> = r.try_get("registration_consent")?;
        sqlx::query("UPDATE case_persons SET registration_consent = $1 WHERE id = $2")
            .bind(c.consent.code())
            .bind(case_person_id)
            .execute(&mut *w.tx)
            .await?;
        touch(&mut w.tx, case_id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "registration_consent",
                entity_id: Some(case_person_id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!(
                    "{}: {} -> {}",
                    r.try_get::<Option<String>, _>("victim_code")?
                        .unwrap_or_default(),
                    before.as_deref().unwrap_or("none"),
                    c.consent.code()
                )),
            },
        )
        .await?;
        w.commit().await
    }

    /// Refuses, inside the transaction that would register a case's FIR, when the case's
    /// province requires victims' consent and an adult victim's is not recorded as given
    /// (children are exempt). The message names the victims.
    pub(crate) async fn check_registration_consent(&self, tx: &mut Tx, case_id: i64) -> Result<()> {
        let province: String = sqlx::query("SELECT province_code FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_one(&mut **tx)
            .await?
            .try_get("province_code")?;
        if !self.store().registration_consent_required(&province) {
            return Ok(());
        }
        let missing: Vec<String> = sqlx::query(
            "SELECT victim_code FROM case_persons WHERE case_id = $1 AND role = 'victim' AND is_child = 0 \
             AND (registration_consent IS NULL OR registration_consent <> 'given') ORDER BY id",
        )
        .bind(case_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get::<Option<String>, _>("victim_code"))
        .collect::<std::result::Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(field(
                "to",
                format!(
                    "Record the consent to registration of victim '{}' first",
                    missing.join(", ")
                ),
            ))
        }
    }

    /// A case's victims and witnesses at trial: testimonies, protection measures, threat
    /// reports (descriptions for those who may read them, each showing audited) and victims'
    /// consent to registration. For those who record trials, on a case in their own scope.
    pub async fn case_witnesses(&self, case_id: i64) -> Result<CaseWitnesses> {
        self.require(Action::RecordTrial, "this role does not record trials")?;
        let pool = self.store().pool();
        let mut q = Q::new("SELECT c.id, c.reference, c.stage, c.province_code FROM cases c WHERE");
        q.push_arg(" c.id = {}", case_id);
        push_scope(&mut q, self.actor());
        let c = q
            .query()
            .fetch_optional(pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let stage: Stage = parse(c.try_get("stage")?)?;
        let consents: Vec<(i64, Option<String>)> =
            sqlx::query("SELECT id, registration_consent FROM case_persons WHERE case_id = $1")
                .bind(case_id)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| Ok((r.try_get("id")?, r.try_get("registration_consent")?)))
                .collect::<Result<_>>()?;
        let mut persons = Vec::new();
        for p in self.persons_of(case_id, "9999").await? {
            if !matches!(p.role, PersonRole::Victim | PersonRole::Witness) {
                continue;
            }
            let consent = consents
                .iter()
                .find(|(id, _)| *id == p.id)
                .and_then(|(_, c)| c.clone());
            persons.push(WitnessPerson {
                case_person_id: p.id,
                role: p.role,
                victim_code: p.victim_code,
                name: p.name,
                is_child: p.is_child,
                registration_consent: if p.role == PersonRole::Victim {
                    consent_of(consent)?
                } else {
                    None
                },
            });
        }
        let testimonies = sqlx::query(
            "SELECT t.id, t.case_person_id, t.testified_on, t.mode, t.remark, u.username, t.created_at \
             FROM testimonies t LEFT JOIN users u ON u.id = t.created_by WHERE t.case_id = $1 ORDER BY t.testified_on, t.id",
        )
        .bind(case_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Testimony {
                id: r.try_get("id")?,
                case_person_id: r.try_get("case_person_id")?,
                testified_on: r.try_get("testified_on")?,
                mode: parse(r.try_get("mode")?)?,
                remark: r.try_get("remark")?,
                recorded_by: r.try_get("username")?,
                recorded_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let measures = sqlx::query(
            "SELECT m.id, m.case_person_id, m.measure, m.requested_on, m.requested_by, m.status, m.decided_on, \
             m.decision_remark, cu.username AS recorded_by, m.created_at, du.username AS decided_by, m.decided_at \
             FROM protection_measures m LEFT JOIN users cu ON cu.id = m.created_by LEFT JOIN users du ON du.id = m.decided_by \
             WHERE m.case_id = $1 ORDER BY m.requested_on, m.id",
        )
        .bind(case_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ProtectionMeasure {
                id: r.try_get("id")?,
                case_person_id: r.try_get("case_person_id")?,
                measure: parse(r.try_get("measure")?)?,
                requested_on: r.try_get("requested_on")?,
                requested_by: parse(r.try_get("requested_by")?)?,
                status: parse(r.try_get("status")?)?,
                decided_on: r.try_get("decided_on")?,
                decision_remark: r.try_get("decision_remark")?,
                recorded_by: r.try_get("recorded_by")?,
                recorded_at: r.try_get("created_at")?,
                decided_by: r.try_get("decided_by")?,
                decided_at: r.try_get("decided_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let threats = sqlx::query(&format!(
            "SELECT {THREAT_COLUMNS} WHERE t.case_id = $1 ORDER BY t.created_at DESC, t.id DESC"
        ))
        .bind(case_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| self.threat_from(r))
        .collect::<Result<Vec<_>>>()?;
        if threats.iter().any(|t| t.description.is_some()) {
            let mut w = self.store().write().await?;
            self.audit_descriptions(&mut w.tx, &threats).await?;
            w.commit().await?;
        }
        Ok(CaseWitnesses {
            case_id,
            reference: c.try_get("reference")?,
            stage,
            testimony_open: hifazat_domain::access::PROSECUTION_STAGES.contains(&stage),
            registration_consent_required: self
                .store()
                .registration_consent_required(&c.try_get::<String, _>("province_code")?),
            persons,
            testimonies,
            measures,
            threats,
        })
    }
}
