//! Bulk import of cases with their history (demo data, and later legacy registers): the same
//! validation and encryption as interactive entry, written in batches, each batch one
//! transaction with one audit row.

use crate::audit::{self, AuditAction, Entry};
use crate::cases::{insert_case, insert_person};
use crate::{ts, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use hifazat_domain::trial::{AdjournedBy, AdjournmentReason, HearingOutcome};
use hifazat_domain::{AccusedStatus, NewCase, NewPerson, Stage};

/// A person to import, with an accused's outcome.
#[derive(Debug, Clone)]
pub struct ImportedPerson {
    /// The person (validated).
    pub person: NewPerson,
    /// Sentence, for a convicted accused.
    pub sentence: Option<String>,
    /// Fine, for a convicted accused.
    pub fine_pkr: Option<i64>,
}

/// A case to import with its history.
#[derive(Debug, Clone)]
pub struct ImportedCase {
    /// The case (validated).
    pub case: NewCase,
    /// Registering user (by name), if any.
    pub created_by: Option<String>,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// Persons.
    pub persons: Vec<ImportedPerson>,
    /// Later stage changes, in order, with time and remark.
    pub events: Vec<(Stage, DateTime<Utc>, Option<String>)>,
    /// Hearings, with what happened at those held.
    pub hearings: Vec<ImportedHearing>,
}

/// A hearing of an imported case.
#[derive(Debug, Clone)]
pub struct ImportedHearing {
    /// The day.
    pub date: NaiveDate,
    /// The court.
    pub court: String,
    /// What it was fixed for.
    pub purpose: Option<String>,
    /// What happened (for one held), why and at whose request it was adjourned.
    pub outcome: Option<(
        HearingOutcome,
        Option<AdjournmentReason>,
        Option<AdjournedBy>,
    )>,
}

impl Store {
    /// Imports cases in batches of `batch` (one transaction and one audit row each); calls
    /// `progress` with the number done after each batch. Returns the number imported.
    pub async fn import_cases(
        &self,
        by: &str,
        cases: Vec<ImportedCase>,
        batch: usize,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        let users: std::collections::HashMap<String, i64> = self
            .users()
            .await?
            .into_iter()
            .map(|u| (u.username, u.id))
            .collect();
        let mut done = 0;
        for chunk in cases.chunks(batch.max(1)) {
            let mut w = self.write().await?;
            for c in chunk {
                let uid = c.created_by.as_ref().and_then(|u| users.get(u)).copied();
                let first = if c.case.fir_number.is_some() && c.events.is_empty() {
                    Stage::FirRegistered
                } else {
                    Stage::ComplaintReceived
                };
                let reported = c.case.reported_on.unwrap_or(c.created_at.date_naive());
                let (id, reference) =
                    insert_case(&mut w.tx, &c.case, first, uid, c.created_at, reported).await?;
                let mut accused = Vec::new();
                for p in &c.persons {
                    let (cp, _, _) = insert_person(
                        self,
                        &mut w.tx,
                        id,
                        &reference,
                        reported,
                        &p.person,
                        uid,
                        c.created_at,
                    )
                    .await?;
                    if let Some(status) = p.person.accused_status {
                        accused.push((cp, status, p));
                    }
                    if p.sentence.is_some() || p.fine_pkr.is_some() {
                        sqlx::query(
                            "UPDATE case_persons SET sentence = $1, fine_pkr = $2 WHERE id = $3",
                        )
                        .bind(p.sentence.clone())
                        .bind(p.fine_pkr)
                        .bind(cp)
                        .execute(&mut *w.tx)
                        .await?;
                    }
                }
                let mut stage = first;
                let mut last = c.created_at;
                let court = c.hearings.last().map(|h| h.court.clone());
                let mut judged = None;
                for (to, at, remark) in &c.events {
                    // The prosecution's scrutiny, as the history shows it: a challan taken to
                    // trial was accepted, one sent back to investigation was returned.
                    let scrutiny = match (stage, to) {
                        (Stage::ChallanSubmitted, Stage::UnderTrial) => {
                            Some(("accepted", court.clone(), None))
                        }
                        (Stage::ChallanSubmitted, Stage::UnderInvestigation) => {
                            Some(("returned", None, remark.clone()))
                        }
                        _ => None,
                    };
                    if let Some((decision, court, objections)) = scrutiny {
                        sqlx::query("INSERT INTO challan_scrutinies (case_id, decision, court, objections, decided_at) VALUES ($1, $2, $3, $4, $5)")
                            .bind(id)
                            .bind(decision)
                            .bind(court)
                            .bind(objections)
                            .bind(ts(*at))
                            .execute(&mut *w.tx)
                            .await?;
                    }
                    if matches!(to, Stage::Convicted | Stage::Acquitted) {
                        judged = Some(at.date_naive());
                    }
                    sqlx::query("INSERT INTO case_events (case_id, from_stage, to_stage, remark, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)")
                        .bind(id)
                        .bind(stage.code())
                        .bind(to.code())
                        .bind(remark.clone())
                        .bind(uid)
                        .bind(ts(*at))
                        .execute(&mut *w.tx)
                        .await?;
                    stage = *to;
                    last = last.max(*at);
                }
                let today = self.today();
                for h in &c.hearings {
                    // A hearing that has taken place is activity on the case.
                    let held = h.date.and_hms_opt(10, 0, 0).map(|t| t.and_utc());
                    if h.date <= today {
                        if let Some(t) = held {
                            last = last.max(t);
                        }
                    }
                    let (outcome, reason, by) = match h.outcome {
                        Some((o, r, b)) if h.date <= today => {
                            (Some(o.code()), r.map(|x| x.code()), b.map(|x| x.code()))
                        }
                        _ => (None, None, None),
                    };
                    sqlx::query("INSERT INTO hearings (case_id, hearing_date, court, purpose, created_by, created_at, outcome, adjournment_reason, adjourned_by, outcome_by, outcome_at) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                        .bind(id)
                        .bind(h.date.to_string())
                        .bind(h.court.clone())
                        .bind(h.purpose.clone())
                        .bind(uid)
                        .bind(ts(c.created_at))
                        .bind(outcome)
                        .bind(reason)
                        .bind(by)
                        .bind(outcome.and(uid))
                        .bind(outcome.and(held.map(ts)))
                        .execute(&mut *w.tx)
                        .await?;
                }
                // A judgment in the history: each accused's verdict on each offence of the case,
                // as their status says (a convict's term and fine on the first offence).
                if let Some(day) = judged {
                    for (cp, status, p) in &accused {
                        let outcome = match status {
                            AccusedStatus::Convicted => "convicted",
                            AccusedStatus::Acquitted => "acquitted",
                            _ => continue,
                        };
                        let months = p
                            .sentence
                            .as_deref()
                            .and_then(|t| t.split(' ').next()?.parse::<i64>().ok())
                            .map(|years| years * 12);
                        for (i, offence) in c.case.offences.iter().enumerate() {
                            let convicted = outcome == "convicted";
                            sqlx::query("INSERT INTO verdicts (case_id, case_person_id, offence_code, outcome, judgment_date, imprisonment_months, fine_pkr, court, recorded_at) \
                                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                                .bind(id)
                                .bind(*cp)
                                .bind(offence.clone())
                                .bind(outcome)
                                .bind(day.to_string())
                                .bind(months.filter(|_| convicted))
                                .bind(p.fine_pkr.filter(|_| convicted && i == 0))
                                .bind(court.clone())
                                .bind(ts(c.created_at))
                                .execute(&mut *w.tx)
                                .await?;
                        }
                    }
                }
                // The court the case is before: that of its last hearing.
                if let Some(h) = c.hearings.last() {
                    sqlx::query("UPDATE cases SET court = $1 WHERE id = $2")
                        .bind(h.court.clone())
                        .bind(id)
                        .execute(&mut *w.tx)
                        .await?;
                }
                sqlx::query("UPDATE cases SET stage = $1, last_activity_at = $2 WHERE id = $3")
                    .bind(stage.code())
                    .bind(ts(last))
                    .bind(id)
                    .execute(&mut *w.tx)
                    .await?;
            }
            audit::record(
                self,
                &mut w.tx,
                None,
                by,
                None,
                Entry {
                    action: AuditAction::Import,
                    entity: "case",
                    entity_id: None,
                    case_id: None,
                    detail: Some(format!("{} cases", chunk.len())),
                },
            )
            .await?;
            w.commit().await?;
            done += chunk.len();
            progress(done);
        }
        self.load_person_index().await?;
        Ok(done)
    }

    /// Number of cases (to tell whether demo data is already there).
    pub async fn case_count(&self) -> Result<i64> {
        use sqlx::Row;
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM cases")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }
}
