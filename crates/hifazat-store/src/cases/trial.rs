//! Prosecution and trial (issue 10, item 4): the prosecution's scrutiny of a challan, the
//! court and judge, each hearing's outcome, the verdict per accused and per offence, appeals,
//! and compensation ordered to victims and paid.
//!
//! The case moves with these records, in the same transaction: an accepted challan puts the
//! case under trial and a returned one sends it back to investigation; once every accused
//! (except a proclaimed offender, whose trial is split off) has a verdict the case is decided,
//! convicted if any accused was, and stays so as later verdicts come in. An accused's status,
//! sentence and fine follow their verdicts, so the statistics count them. Every write is
//! audited; victims appear by their code only.

use crate::audit::{AuditAction, Entry};
use crate::cases::{codes_of, touch, CaseRow};
use crate::field;
use crate::rows::parse;
use crate::tx::Tx;
use crate::{ts, Result, Scoped, StoreError, WriteTx};
use chrono::{DateTime, Utc};
use hifazat_domain::person::AccusedStatusChange;
use hifazat_domain::trial::{
    imprisonment_words, AppealDecision, AppealFiledBy, AppealOutcome, ChallanScrutiny,
    CompensationLaw, CompensationPayment, CourtAssignment, HearingResult, NewAppeal,
    NewCompensation, NewVerdict, ScrutinyDecision, VerdictOutcome,
};
use hifazat_domain::{AccusedStatus, Action, Stage};
use serde::Serialize;
use sqlx::Row;

/// The prosecution's decision on a challan, as recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Scrutiny {
    /// Id.
    pub id: i64,
    /// Accepted or returned.
    pub decision: ScrutinyDecision,
    /// The court it was sent to.
    pub court: Option<String>,
    /// The judge named then.
    pub judge: Option<String>,
    /// The objections, for a returned challan.
    pub objections: Option<String>,
    /// Who decided (login name).
    pub decided_by: Option<String>,
    /// When (UTC timestamp).
    pub decided_at: String,
}

/// A verdict on one accused for one offence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Verdict {
    /// Id.
    pub id: i64,
    /// The accused (their id in the case).
    pub case_person_id: i64,
    /// The offence's code.
    pub offence_code: String,
    /// Convicted or acquitted.
    pub outcome: VerdictOutcome,
    /// The day of the judgment.
    pub judgment_date: String,
    /// Imprisonment in months.
    pub imprisonment_months: Option<i64>,
    /// Fine in rupees.
    pub fine_pkr: Option<i64>,
    /// The court that judged.
    pub court: Option<String>,
}

/// An appeal against a judgment.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Appeal {
    /// Id.
    pub id: i64,
    /// The accused whose verdict is appealed against (none: the judgment as a whole).
    pub case_person_id: Option<i64>,
    /// Who filed it.
    pub filed_by: AppealFiledBy,
    /// The appellate court.
    pub court: String,
    /// The day it was filed.
    pub filed_on: String,
    /// How it was decided (none while pending).
    pub outcome: Option<AppealOutcome>,
    /// The day it was decided.
    pub decided_on: Option<String>,
    /// The decision's remark.
    pub remark: Option<String>,
}

/// Compensation ordered to a victim, and what of it was paid.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Compensation {
    /// Id.
    pub id: i64,
    /// The victim (their id in the case).
    pub case_person_id: i64,
    /// The victim's code.
    pub victim_code: Option<String>,
    /// The law it was ordered under.
    pub law: CompensationLaw,
    /// Amount ordered, in rupees.
    pub amount_pkr: i64,
    /// The day it was ordered.
    pub ordered_on: String,
    /// Paid so far, in rupees.
    pub paid_pkr: i64,
    /// The day of the last payment.
    pub paid_on: Option<String>,
}

/// A case's prosecution and trial (its hearings are with the case itself).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Trial {
    /// The court the case is before.
    pub court: Option<String>,
    /// The presiding judge.
    pub judge: Option<String>,
    /// The prosecution's decisions on the challan, oldest first.
    pub scrutinies: Vec<Scrutiny>,
    /// Verdicts per accused and offence.
    pub verdicts: Vec<Verdict>,
    /// Appeals, oldest first.
    pub appeals: Vec<Appeal>,
    /// Compensation ordered to victims.
    pub compensation: Vec<Compensation>,
}

impl Scoped<'_> {
    /// The case's prosecution and trial, for whoever reads the case (nothing here identifies a
    /// victim: they appear by code).
    pub async fn trial(&self, case_id: i64) -> Result<Trial> {
        self.require(Action::ViewCases, "this role sees aggregates only")?;
        let pool = self.store().pool();
        let case = self.case_row(pool, case_id).await?;
        let head = sqlx::query("SELECT court, judge FROM cases WHERE id = $1")
            .bind(case.id)
            .fetch_one(pool)
            .await?;
        let scrutinies = sqlx::query(
            "SELECT s.id, s.decision, s.court, s.judge, s.objections, u.username, s.decided_at \
             FROM challan_scrutinies s LEFT JOIN users u ON u.id = s.decided_by WHERE s.case_id = $1 ORDER BY s.id",
        )
        .bind(case.id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Scrutiny {
                id: r.try_get("id")?,
                decision: parse(r.try_get("decision")?)?,
                court: r.try_get("court")?,
                judge: r.try_get("judge")?,
                objections: r.try_get("objections")?,
                decided_by: r.try_get("username")?,
                decided_at: r.try_get("decided_at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let verdicts = sqlx::query(
            "SELECT id, case_person_id, offence_code, outcome, judgment_date, imprisonment_months, fine_pkr, court \
             FROM verdicts WHERE case_id = $1 ORDER BY case_person_id, offence_code",
        )
        .bind(case.id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Verdict {
                id: r.try_get("id")?,
                case_person_id: r.try_get("case_person_id")?,
                offence_code: r.try_get("offence_code")?,
                outcome: parse(r.try_get("outcome")?)?,
                judgment_date: r.try_get("judgment_date")?,
                imprisonment_months: r.try_get("imprisonment_months")?,
                fine_pkr: r.try_get("fine_pkr")?,
                court: r.try_get("court")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let appeals = sqlx::query(
            "SELECT id, case_person_id, filed_by, court, filed_on, outcome, decided_on, remark \
             FROM appeals WHERE case_id = $1 ORDER BY filed_on, id",
        )
        .bind(case.id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Appeal {
                id: r.try_get("id")?,
                case_person_id: r.try_get("case_person_id")?,
                filed_by: parse(r.try_get("filed_by")?)?,
                court: r.try_get("court")?,
                filed_on: r.try_get("filed_on")?,
                outcome: r
                    .try_get::<Option<String>, _>("outcome")?
                    .map(parse)
                    .transpose()?,
                decided_on: r.try_get("decided_on")?,
                remark: r.try_get("remark")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let compensation = sqlx::query(
            "SELECT o.id, o.case_person_id, cp.victim_code, o.law, o.amount_pkr, o.ordered_on, o.paid_pkr, o.paid_on \
             FROM compensation_orders o JOIN case_persons cp ON cp.id = o.case_person_id WHERE o.case_id = $1 ORDER BY o.id",
        )
        .bind(case.id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Compensation {
                id: r.try_get("id")?,
                case_person_id: r.try_get("case_person_id")?,
                victim_code: r.try_get("victim_code")?,
                law: parse(r.try_get("law")?)?,
                amount_pkr: r.try_get("amount_pkr")?,
                ordered_on: r.try_get("ordered_on")?,
                paid_pkr: r.try_get("paid_pkr")?,
                paid_on: r.try_get("paid_on")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Trial {
            court: head.try_get("court")?,
            judge: head.try_get("judge")?,
            scrutinies,
            verdicts,
            appeals,
            compensation,
        })
    }

    /// The prosecution accepts a submitted challan for the court (the case goes under trial
    /// before that court) or returns it to the police with objections (back to investigation).
    pub async fn scrutinise_challan(&self, case_id: i64, s: ChallanScrutiny) -> Result<Stage> {
        self.require(
            Action::ScrutiniseChallan,
            "only the prosecution scrutinises a challan",
        )?;
        let s = s.validate()?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        if case.stage != Stage::ChallanSubmitted {
            return Err(field(
                "decision",
                format!(
                    "Only a submitted challan is scrutinised: this case is '{}'",
                    case.stage.label()
                ),
            ));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO challan_scrutinies (case_id, decision, court, judge, objections, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case.id)
        .bind(s.decision.code())
        .bind(s.court.clone())
        .bind(s.judge.clone())
        .bind(s.objections.clone())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        let (to, remark) = match s.decision {
            ScrutinyDecision::Accepted => {
                let court = s.court.clone().unwrap_or_default();
                sqlx::query("UPDATE cases SET court = $1, judge = $2 WHERE id = $3")
                    .bind(court.clone())
                    .bind(s.judge.clone())
                    .bind(case.id)
                    .execute(&mut *w.tx)
                    .await?;
                (
                    Stage::UnderTrial,
                    format!("Challan accepted by the prosecution and sent to {court}"),
                )
            }
            ScrutinyDecision::Returned => (
                Stage::UnderInvestigation,
                format!(
                    "Challan returned by the prosecution: {}",
                    s.objections.clone().unwrap_or_default()
                ),
            ),
        };
        self.move_stage(&mut w.tx, case.id, case.stage, to, remark, now)
            .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "challan_scrutiny",
                entity_id: Some(id.to_string()),
                case_id: Some(case.id),
                detail: Some(s.decision.code().to_owned()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(to)
    }

    /// Names the court and judge of a case before the court (a case moves between courts,
    /// judges are posted away).
    pub async fn set_court(&self, case_id: i64, c: CourtAssignment) -> Result<()> {
        self.require(Action::RecordTrial, "this role cannot record the trial")?;
        let (court, judge) = c.validate()?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        if !matches!(case.stage, Stage::ChallanSubmitted | Stage::UnderTrial) {
            return Err(field(
                "court",
                format!(
                    "The court is named while the case is before it: this case is '{}'",
                    case.stage.label()
                ),
            ));
        }
        sqlx::query("UPDATE cases SET court = $1, judge = $2, last_activity_at = $3 WHERE id = $4")
            .bind(court.clone())
            .bind(judge)
            .bind(ts(now))
            .bind(case.id)
            .execute(&mut *w.tx)
            .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "case_court",
                entity_id: Some(case.id.to_string()),
                case_id: Some(case.id),
                detail: Some(court),
            },
        )
        .await?;
        w.commit().await
    }

    /// Records what happened at a hearing (once), and the next hearing if the court fixed
    /// one; returns the next hearing's id.
    pub async fn record_hearing_outcome(
        &self,
        case_id: i64,
        hearing_id: i64,
        h: HearingResult,
    ) -> Result<Option<i64>> {
        self.require(Action::RecordTrial, "this role cannot record the trial")?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        let row = sqlx::query(
            "SELECT hearing_date, court, outcome FROM hearings WHERE id = $1 AND case_id = $2",
        )
        .bind(hearing_id)
        .bind(case.id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if row.try_get::<Option<String>, _>("outcome")?.is_some() {
            return Err(field(
                "outcome",
                "The outcome of this hearing is already recorded",
            ));
        }
        let held_on: chrono::NaiveDate = row
            .try_get::<String, _>("hearing_date")?
            .parse()
            .map_err(|_| StoreError::Config("bad hearing date".into()))?;
        let h = h.validate(held_on, self.store().today())?;
        sqlx::query(
            "UPDATE hearings SET outcome = $1, adjournment_reason = $2, adjourned_by = $3, outcome_note = $4, \
             outcome_by = $5, outcome_at = $6 WHERE id = $7",
        )
        .bind(h.outcome.code())
        .bind(h.adjournment_reason.map(|r| r.code()))
        .bind(h.adjourned_by.map(|b| b.code()))
        .bind(h.note.clone())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(hearing_id)
        .execute(&mut *w.tx)
        .await?;
        let mut next = None;
        if let Some(d) = h.next_hearing_date {
            let court: String = row.try_get("court")?;
            next = Some(
                sqlx::query(
                    "INSERT INTO hearings (case_id, hearing_date, court, purpose, created_by, created_at) \
                     VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id",
                )
                .bind(case.id)
                .bind(d.to_string())
                .bind(court)
                .bind(self.actor().user_id)
                .bind(ts(now))
                .fetch_one(&mut *w.tx)
                .await?
                .try_get::<i64, _>("id")?,
            );
        }
        let detail = match h.next_hearing_date {
            Some(d) => format!("{}; next {d}", h.outcome.code()),
            None => h.outcome.code().to_owned(),
        };
        self.touched(
            &mut w.tx,
            case.id,
            now,
            AuditAction::Update,
            "hearing",
            hearing_id,
            &detail,
        )
        .await?;
        w.commit().await?;
        Ok(next)
    }

    /// Records the verdict on one accused for one offence of the case. The accused's status,
    /// sentence and fine follow their verdicts; once every accused but a proclaimed offender
    /// has one, the case is decided (convicted if any accused was).
    pub async fn add_verdict(&self, case_id: i64, v: NewVerdict) -> Result<i64> {
        self.require(Action::RecordTrial, "this role cannot record the trial")?;
        let v = v.validate(self.store().today())?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        if !matches!(
            case.stage,
            Stage::UnderTrial | Stage::Convicted | Stage::Acquitted
        ) {
            return Err(field(
                "outcome",
                format!(
                    "A verdict is recorded for a case under trial or decided: this case is '{}'",
                    case.stage.label()
                ),
            ));
        }
        self.party(&mut w.tx, case.id, v.case_person_id, "accused")
            .await?;
        let offences = codes_of(&mut w.tx, "case_offences", "offence_code", case.id).await?;
        if !offences.contains(&v.offence_code) {
            return Err(field("offence_code", "Choose one of the case's offences"));
        }
        let exists =
            sqlx::query("SELECT id FROM verdicts WHERE case_person_id = $1 AND offence_code = $2")
                .bind(v.case_person_id)
                .bind(v.offence_code.clone())
                .fetch_optional(&mut *w.tx)
                .await?;
        if exists.is_some() {
            return Err(field(
                "offence_code",
                "The verdict on this accused for this offence is already recorded",
            ));
        }
        let court: Option<String> = sqlx::query("SELECT court FROM cases WHERE id = $1")
            .bind(case.id)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("court")?;
        let id: i64 = sqlx::query(
            "INSERT INTO verdicts (case_id, case_person_id, offence_code, outcome, judgment_date, imprisonment_months, \
             fine_pkr, court, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(case.id)
        .bind(v.case_person_id)
        .bind(v.offence_code.clone())
        .bind(v.outcome.code())
        .bind(v.judgment_date.map(|d| d.to_string()).unwrap_or_default())
        .bind(v.imprisonment_months)
        .bind(v.fine_pkr)
        .bind(court)
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "verdict",
                entity_id: Some(id.to_string()),
                case_id: Some(case.id),
                detail: Some(format!("{} {}", v.offence_code, v.outcome.code())),
            },
        )
        .await?;
        // The accused's status, sentence and fine, from all their verdicts: convicted of any
        // offence is convicted; sentences run concurrently (the longest), fines add up.
        let theirs = sqlx::query(
            "SELECT outcome, imprisonment_months, fine_pkr FROM verdicts WHERE case_person_id = $1",
        )
        .bind(v.case_person_id)
        .fetch_all(&mut *w.tx)
        .await?;
        let mut convicted = false;
        let (mut months, mut fine) = (None::<i64>, None::<i64>);
        for r in &theirs {
            if r.try_get::<String, _>("outcome")? == VerdictOutcome::Convicted.code() {
                convicted = true;
                if let Some(m) = r.try_get::<Option<i64>, _>("imprisonment_months")? {
                    months = Some(months.unwrap_or(0).max(m));
                }
                if let Some(f) = r.try_get::<Option<i64>, _>("fine_pkr")? {
                    fine = Some(fine.unwrap_or(0) + f);
                }
            }
        }
        let change = AccusedStatusChange {
            status: if convicted {
                AccusedStatus::Convicted
            } else {
                AccusedStatus::Acquitted
            },
            sentence: months.map(imprisonment_words),
            fine_pkr: fine,
            remark: Some(format!("Verdict: {} {}", v.offence_code, v.outcome.code())),
        };
        let lifted = self
            .apply_accused_status(&mut w.tx, case.id, v.case_person_id, change, now)
            .await?;
        // The case's decision follows its verdicts.
        let accused = sqlx::query(
            "SELECT cp.accused_status, (SELECT COUNT(*) FROM verdicts v WHERE v.case_person_id = cp.id) AS judged, \
             (SELECT COUNT(*) FROM verdicts v WHERE v.case_person_id = cp.id AND v.outcome = 'convicted') AS convictions \
             FROM case_persons cp WHERE cp.case_id = $1 AND cp.role = 'accused'",
        )
        .bind(case.id)
        .fetch_all(&mut *w.tx)
        .await?;
        let (mut complete, mut n_convicted, mut n_acquitted) = (true, 0, 0);
        for r in &accused {
            let judged: i64 = r.try_get("judged")?;
            let status: Option<String> = r.try_get("accused_status")?;
            if judged == 0 {
                if status.as_deref() != Some(AccusedStatus::ProclaimedOffender.code()) {
                    complete = false;
                }
            } else if r.try_get::<i64, _>("convictions")? > 0 {
                n_convicted += 1;
            } else {
                n_acquitted += 1;
            }
        }
        if complete {
            let decided = if n_convicted > 0 {
                Stage::Convicted
            } else {
                Stage::Acquitted
            };
            if decided != case.stage {
                self.move_stage(
                    &mut w.tx,
                    case.id,
                    case.stage,
                    decided,
                    format!("Judgment: {n_convicted} accused convicted, {n_acquitted} acquitted"),
                    now,
                )
                .await?;
            }
        }
        w.commit().await?;
        self.store().unindex_watchlist_entries(&lifted);
        Ok(id)
    }

    /// Records an appeal against a decided case's judgment.
    pub async fn file_appeal(&self, case_id: i64, a: NewAppeal) -> Result<i64> {
        self.require(Action::RecordTrial, "this role cannot record the trial")?;
        let a = a.validate(self.store().today())?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        if !matches!(case.stage, Stage::Convicted | Stage::Acquitted) {
            return Err(field(
                "filed_by",
                format!(
                    "An appeal is against a judgment: this case is '{}'",
                    case.stage.label()
                ),
            ));
        }
        if let Some(p) = a.case_person_id {
            self.party(&mut w.tx, case.id, p, "accused").await?;
        }
        let id: i64 = sqlx::query(
            "INSERT INTO appeals (case_id, case_person_id, filed_by, court, filed_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case.id)
        .bind(a.case_person_id)
        .bind(a.filed_by.code())
        .bind(a.court.clone())
        .bind(a.filed_on.map(|d| d.to_string()).unwrap_or_default())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        self.touched(
            &mut w.tx,
            case.id,
            now,
            AuditAction::Create,
            "appeal",
            id,
            a.filed_by.code(),
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Records how an appeal was decided (once).
    pub async fn decide_appeal(
        &self,
        case_id: i64,
        appeal_id: i64,
        d: AppealDecision,
    ) -> Result<()> {
        self.require(Action::RecordTrial, "this role cannot record the trial")?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        let row =
            sqlx::query("SELECT filed_on, outcome FROM appeals WHERE id = $1 AND case_id = $2")
                .bind(appeal_id)
                .bind(case.id)
                .fetch_optional(&mut *w.tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        if row.try_get::<Option<String>, _>("outcome")?.is_some() {
            return Err(field("outcome", "This appeal is already decided"));
        }
        let filed_on = row
            .try_get::<String, _>("filed_on")?
            .parse()
            .map_err(|_| StoreError::Config("bad appeal date".into()))?;
        let d = d.validate(filed_on, self.store().today())?;
        sqlx::query(
            "UPDATE appeals SET outcome = $1, decided_on = $2, remark = $3, decided_by = $4, decided_at = $5 WHERE id = $6",
        )
        .bind(d.outcome.code())
        .bind(d.decided_on.map(|x| x.to_string()))
        .bind(d.remark.clone())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(appeal_id)
        .execute(&mut *w.tx)
        .await?;
        self.touched(
            &mut w.tx,
            case.id,
            now,
            AuditAction::Update,
            "appeal",
            appeal_id,
            d.outcome.code(),
        )
        .await?;
        w.commit().await
    }

    /// Records compensation a court ordered to a victim of a convicted case.
    pub async fn order_compensation(&self, case_id: i64, c: NewCompensation) -> Result<i64> {
        self.require(Action::RecordTrial, "this role cannot record the trial")?;
        let c = c.validate(self.store().today())?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        if case.stage != Stage::Convicted {
            return Err(field(
                "amount_pkr",
                format!(
                    "Compensation is ordered with a conviction: this case is '{}'",
                    case.stage.label()
                ),
            ));
        }
        self.party(&mut w.tx, case.id, c.case_person_id, "victim")
            .await?;
        let id: i64 = sqlx::query(
            "INSERT INTO compensation_orders (case_id, case_person_id, law, amount_pkr, ordered_on, paid_pkr, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, 0, $6, $7) RETURNING id",
        )
        .bind(case.id)
        .bind(c.case_person_id)
        .bind(c.law.code())
        .bind(c.amount_pkr)
        .bind(c.ordered_on.map(|d| d.to_string()).unwrap_or_default())
        .bind(self.actor().user_id)
        .bind(ts(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
        self.touched(
            &mut w.tx,
            case.id,
            now,
            AuditAction::Create,
            "compensation",
            id,
            c.law.code(),
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Records a payment towards a compensation order (never beyond what was ordered).
    pub async fn pay_compensation(
        &self,
        case_id: i64,
        order_id: i64,
        p: CompensationPayment,
    ) -> Result<()> {
        self.require(Action::RecordTrial, "this role cannot record the trial")?;
        let (mut w, case, now) = self.open_case(case_id).await?;
        let row = sqlx::query(
            "SELECT amount_pkr, paid_pkr, ordered_on FROM compensation_orders WHERE id = $1 AND case_id = $2",
        )
        .bind(order_id)
        .bind(case.id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let (amount, paid): (i64, i64) = (row.try_get("amount_pkr")?, row.try_get("paid_pkr")?);
        let ordered_on = row
            .try_get::<String, _>("ordered_on")?
            .parse()
            .map_err(|_| StoreError::Config("bad order date".into()))?;
        let p = p.validate(amount, paid, ordered_on, self.store().today())?;
        let now_paid = p.paid_pkr.unwrap_or_default();
        // The amount is checked again in the update, so two payments at once cannot overpay.
        let n = sqlx::query(
            "UPDATE compensation_orders SET paid_pkr = paid_pkr + $1, paid_on = $2, updated_by = $3, updated_at = $4 \
             WHERE id = $5 AND paid_pkr + $1 <= amount_pkr",
        )
        .bind(now_paid)
        .bind(p.paid_on.map(|d| d.to_string()))
        .bind(self.actor().user_id)
        .bind(ts(now))
        .bind(order_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(field(
                "paid_pkr",
                "The order changed meanwhile: reload the page and try again",
            ));
        }
        self.touched(
            &mut w.tx,
            case.id,
            now,
            AuditAction::Update,
            "compensation",
            order_id,
            &format!("paid {now_paid}"),
        )
        .await?;
        w.commit().await
    }

    /// Opens a write on a case in the actor's scope: the transaction, the case, the time.
    async fn open_case(&self, case_id: i64) -> Result<(WriteTx<'_>, CaseRow, DateTime<Utc>)> {
        let now = self.store().now();
        let mut w = self.store().write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        Ok((w, case, now))
    }

    /// Checks that `case_person_id` is a person of `role` in the case (a field error on
    /// `case_person_id` otherwise).
    async fn party(
        &self,
        tx: &mut Tx,
        case_id: i64,
        case_person_id: i64,
        role: &str,
    ) -> Result<()> {
        let found =
            sqlx::query("SELECT id FROM case_persons WHERE id = $1 AND case_id = $2 AND role = $3")
                .bind(case_person_id)
                .bind(case_id)
                .bind(role.to_owned())
                .fetch_optional(&mut **tx)
                .await?;
        match found {
            Some(_) => Ok(()),
            None if role == "victim" => {
                Err(field("case_person_id", "Choose a victim of this case"))
            }
            None => Err(field("case_person_id", "Choose an accused of this case")),
        }
    }

    /// Marks the case active and audits a trial record's write.
    #[allow(clippy::too_many_arguments)]
    async fn touched(
        &self,
        tx: &mut Tx,
        case_id: i64,
        now: DateTime<Utc>,
        action: AuditAction,
        entity: &'static str,
        id: i64,
        detail: &str,
    ) -> Result<()> {
        touch(tx, case_id, now).await?;
        self.entry(
            tx,
            Entry {
                action,
                entity,
                entity_id: Some(id.to_string()),
                case_id: Some(case_id),
                detail: Some(detail.to_owned()),
            },
        )
        .await
    }
}
