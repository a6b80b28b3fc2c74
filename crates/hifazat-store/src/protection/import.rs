//! Bulk import of case victims' protection records with their history (the demo at national
//! scale, and later legacy registers): the victims of imported cases, their consents,
//! referrals with every answer, services delivered, shelter stays with reviews, discharges and
//! follow-ups, written as entering them one by one through the protection API would leave
//! them (the same rows, events, sealed texts and codes), in batches: each batch one
//! transaction of multi-row statements with one audit row, as the case import writes cases.
//!
//! The caller gives each record's history already decided (what was answered, delivered and
//! admitted, and when). Consent is checked as entry checks it: a referral needs a consent to
//! referral given by the time it was sent and not yet withdrawn (no override in bulk). Beyond
//! that and each record's own validation, nothing is checked against the API's rules (a bed
//! free for an admission) besides the victim being a case's victim without a record yet.

use crate::cases::import::audit_batch;
use crate::field;
use crate::protection::codes;
use crate::sealed::seal;
use crate::sql::{insert_many, P, Q};
use crate::tx::Tx;
use crate::{ts, Engine, Result, Scoped, Store, StoreError};
use chrono::{DateTime, Utc};
use hifazat_domain::protection::{
    ConsentMethod, ConsentPurpose, DischargeTo, FollowUpOutcome, IdentificationResult,
    NewIdentification, NewReferral, ReferralStatus, Service, Urgency,
};
use hifazat_domain::reference;
use sqlx::Row;
use std::collections::{HashMap, HashSet};

/// Who did something and when.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    /// When.
    pub at: DateTime<Utc>,
    /// The user, if any.
    pub by: Option<i64>,
}

/// A case victim's protection record to import.
#[derive(Debug, Clone)]
pub struct ImportedVictim {
    /// The victim in the case (`case_persons.id`, role victim).
    pub case_person_id: i64,
    /// District code where identified.
    pub district: String,
    /// Result of the identification.
    pub result: IdentificationResult,
    /// Indicator codes.
    pub indicators: Vec<String>,
    /// Circumstances (sealed).
    pub circumstances: Option<String>,
    /// Identified when and by whom (the day is the identification's date).
    pub identified: Done,
    /// The identifying officer's agency.
    pub agency_id: Option<i64>,
    /// Consents, in order.
    pub consents: Vec<ImportedConsent>,
    /// Referrals, in order sent.
    pub referrals: Vec<ImportedReferral>,
}

/// A consent, perhaps withdrawn later.
#[derive(Debug, Clone)]
pub struct ImportedConsent {
    /// Purpose.
    pub purpose: ConsentPurpose,
    /// How it was given.
    pub method: ConsentMethod,
    /// For a child: the guardian's name (encrypted) and relation.
    pub guardian: Option<(String, String)>,
    /// Recorded when (the day it was given) and by whom.
    pub recorded: Done,
    /// Withdrawn when and by whom.
    pub withdrawn: Option<Done>,
}

/// A referral with what followed it.
#[derive(Debug, Clone)]
pub struct ImportedReferral {
    /// Provider (agency id).
    pub provider_id: i64,
    /// Services asked for.
    pub services: Vec<Service>,
    /// Urgency (sets the answer's due time).
    pub urgency: Urgency,
    /// Needs (sealed).
    pub needs: Option<String>,
    /// Contact arrangements (sealed).
    pub contact: Option<String>,
    /// Sent when and by whom.
    pub sent: Done,
    /// Answers and closing, in order: accepted or declined (with the reason), closed.
    pub answers: Vec<(ReferralStatus, Done, Option<String>)>,
    /// Services delivered, in order, with a note.
    pub delivered: Vec<(Service, Done, Option<String>)>,
    /// The shelter stay it led to.
    pub stay: Option<ImportedStay>,
}

/// A shelter stay.
#[derive(Debug, Clone)]
pub struct ImportedStay {
    /// Admitted when and by whom.
    pub admitted: Done,
    /// Planned length in days.
    pub planned_days: i64,
    /// The victim's wishes at admission.
    pub wishes: String,
    /// Later reviews: when, the victim's wishes, the plan.
    pub reviews: Vec<(Done, String, Option<String>)>,
    /// Discharged when, by whom, and where to (follow-ups are then due at 3, 6 and 12 months).
    pub discharged: Option<(Done, DischargeTo)>,
    /// The follow-ups recorded, in the order they fell due.
    pub follow_ups: Vec<(Done, FollowUpOutcome, Option<String>)>,
}

/// Whether `consents` hold a consent to referral to services given by `at` and not withdrawn
/// by then.
fn consented_at(consents: &[ImportedConsent], at: DateTime<Utc>) -> bool {
    consents.iter().any(|k| {
        k.purpose == ConsentPurpose::ReferServices
            && k.recorded.at <= at
            && k.withdrawn.is_none_or(|w| w.at > at)
    })
}

impl Scoped<'_> {
    /// Imports protection records in batches of `batch` victims (one transaction and one
    /// audit row each); calls `progress` with the number done after each batch. Returns the
    /// number imported. Only administrators and the system actor ([`crate::Ctx::system`])
    /// import registers.
    pub async fn import_victims(
        &self,
        victims: Vec<ImportedVictim>,
        batch: usize,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        let by = self.importer()?;
        self.store()
            .write_victims(by, victims, batch, progress)
            .await
    }
}

impl Store {
    /// The import itself, once the door has let the caller through.
    async fn write_victims(
        &self,
        by: &str,
        victims: Vec<ImportedVictim>,
        batch: usize,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        let mut done = 0;
        for chunk in victims.chunks(batch.max(1)) {
            let mut w = self.write().await?;
            let referrals = write_batch(self, &mut w.tx, chunk).await?;
            let detail = format!("{} victims, {referrals} referrals", chunk.len());
            audit_batch(self, &mut w.tx, by, "victim", detail).await?;
            w.commit().await?;
            done += chunk.len();
            progress(done);
        }
        if self.engine() == Engine::Postgres {
            // Fresh statistics for the planner (see `Scoped::import_cases`).
            sqlx::query("ANALYZE").execute(self.pool()).await?;
        }
        Ok(done)
    }
}

/// `n` new ids for `table`, taken as inserting would take them (the sequence on PostgreSQL;
/// past the highest ever used on SQLite, whose writer is alone in its transaction).
async fn new_ids(tx: &mut Tx, table: &str, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if tx.backend_name().eq_ignore_ascii_case("sqlite") {
        let first: i64 = sqlx::query(&format!(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), \
             COALESCE((SELECT MAX(id) FROM {table}), 0)) + 1 AS id"
        ))
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        Ok((first..first + n as i64).collect())
    } else {
        sqlx::query(&format!(
            "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id FROM generate_series(1, {n})"
        ))
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("id")?))
        .collect()
    }
}

fn next(ids: &mut std::vec::IntoIter<i64>) -> Result<i64> {
    ids.next()
        .ok_or_else(|| StoreError::Config("fewer ids than rows".into()))
}

/// What a case victim's record takes from the case.
struct CaseVictim {
    person_id: i64,
    code: String,
    sex: String,
    age: Option<i64>,
    is_child: i64,
    cnic_bidx: Option<String>,
}

/// Writes one batch; returns the number of referrals.
async fn write_batch(store: &Store, tx: &mut Tx, chunk: &[ImportedVictim]) -> Result<usize> {
    let v = store.vault();
    // The case victims, and the persons already identified (re-trafficking).
    let ids: Vec<i64> = chunk.iter().map(|x| x.case_person_id).collect();
    let mut from_case: HashMap<i64, CaseVictim> = HashMap::new();
    for part in ids.chunks(500) {
        let mut q = Q::new("SELECT cp.id, cp.person_id, cp.victim_code, cp.age_years, cp.is_child, p.sex, p.cnic_bidx \
            FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.role = 'victim' AND");
        q.push_in("cp.id", part);
        q.push(" AND NOT EXISTS (SELECT 1 FROM victims v WHERE v.case_person_id = cp.id)");
        for r in q.query().fetch_all(&mut **tx).await? {
            from_case.insert(
                r.try_get("id")?,
                CaseVictim {
                    person_id: r.try_get("person_id")?,
                    code: r.try_get("victim_code")?,
                    sex: r.try_get("sex")?,
                    age: r.try_get("age_years")?,
                    is_child: r.try_get("is_child")?,
                    cnic_bidx: r.try_get("cnic_bidx")?,
                },
            );
        }
    }
    let mut seen_persons: HashSet<i64> = HashSet::new();
    let mut seen_cnics: HashSet<String> = HashSet::new();
    let persons: Vec<i64> = from_case.values().map(|c| c.person_id).collect();
    let cnics: Vec<String> = from_case
        .values()
        .filter_map(|c| c.cnic_bidx.clone())
        .collect();
    for part in persons.chunks(500) {
        let mut q = Q::new("SELECT v.person_id FROM victims v WHERE");
        q.push_in("v.person_id", part);
        for r in q.query().fetch_all(&mut **tx).await? {
            seen_persons.insert(r.try_get("person_id")?);
        }
    }
    for part in cnics.chunks(500) {
        let mut q =
            Q::new("SELECT p.cnic_bidx FROM victims v JOIN persons p ON p.id = v.person_id WHERE");
        q.push_in("p.cnic_bidx", part);
        for r in q.query().fetch_all(&mut **tx).await? {
            seen_cnics.insert(r.try_get("cnic_bidx")?);
        }
    }

    // Ids for every row written, so that sealed texts can be bound to their rows.
    let count = |f: &dyn Fn(&ImportedVictim) -> usize| chunk.iter().map(f).sum::<usize>();
    let all_referrals = || chunk.iter().flat_map(|x| x.referrals.iter());
    let stays: Vec<&ImportedStay> = all_referrals().filter_map(|r| r.stay.as_ref()).collect();
    let mut victim_ids = new_ids(tx, "victims", chunk.len()).await?.into_iter();
    let mut consent_ids = new_ids(tx, "consents", count(&|x| x.consents.len()))
        .await?
        .into_iter();
    let mut referral_ids = new_ids(tx, "referrals", count(&|x| x.referrals.len()))
        .await?
        .into_iter();
    let events = all_referrals()
        .map(|r| 1 + r.answers.len() + usize::from(!r.delivered.is_empty()))
        .sum();
    let mut event_ids = new_ids(tx, "referral_events", events).await?.into_iter();
    let deliveries = all_referrals().map(|r| r.delivered.len()).sum();
    let mut delivery_ids = new_ids(tx, "services_delivered", deliveries)
        .await?
        .into_iter();
    let mut stay_ids = new_ids(tx, "shelter_stays", stays.len()).await?.into_iter();
    let reviews = stays.iter().map(|s| 1 + s.reviews.len()).sum();
    let mut review_ids = new_ids(tx, "stay_reviews", reviews).await?.into_iter();
    let follow_ups = stays.iter().filter(|s| s.discharged.is_some()).count() * 3;
    let mut follow_up_ids = new_ids(tx, "follow_ups", follow_ups).await?.into_iter();

    let (mut victim_rows, mut consent_rows, mut referral_rows, mut event_rows) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut delivery_rows, mut stay_rows, mut review_rows, mut follow_up_rows) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for x in chunk {
        // Each case victim once (and only one without a record yet: see the read above).
        let c = from_case.remove(&x.case_person_id).ok_or_else(|| {
            field(
                "case_person_id",
                "Choose a victim of a case without a protection record",
            )
        })?;
        // The identification's own checks, as entry makes them (indicators in order).
        let n = NewIdentification {
            case_person_id: Some(x.case_person_id),
            person: None,
            district: x.district.clone(),
            indicators: x.indicators.clone(),
            result: x.result,
            circumstances: x.circumstances.clone(),
            identified_on: None,
        }
        .validate(x.identified.at.date_naive())?;
        let district = reference::district_by_code(&n.district)
            .ok_or_else(|| field("district", "Choose a district"))?;
        let id = next(&mut victim_ids)?;
        // Re-trafficking: the same person (record, or CNIC) identified before, on record or
        // earlier in the batch, or found re-trafficked at a follow-up.
        let person_before = !seen_persons.insert(c.person_id);
        let cnic_before = c
            .cnic_bidx
            .as_ref()
            .is_some_and(|b| !seen_cnics.insert(b.clone()));
        let retrafficked = person_before
            || cnic_before
            || x.referrals.iter().any(|r| {
                r.stay.as_ref().is_some_and(|s| {
                    s.follow_ups
                        .iter()
                        .any(|f| f.1 == FollowUpOutcome::Retrafficked)
                })
            });
        let row: Vec<P> = vec![
            id.into(),
            c.code.clone().into(),
            c.person_id.into(),
            x.case_person_id.into(),
            district.code.clone().into(),
            district.province_code.clone().into(),
            c.sex.clone().into(),
            c.age.into(),
            c.is_child.into(),
            x.result.code().into(),
            n.indicators.join(",").into(),
            seal(
                v,
                "victims",
                "circumstances",
                id,
                n.circumstances.as_deref(),
            )
            .into(),
            x.identified.at.date_naive().to_string().into(),
            x.identified.by.into(),
            x.agency_id.into(),
            i64::from(retrafficked).into(),
            ts(x.identified.at).into(),
        ];
        victim_rows.push(row);
        for k in &x.consents {
            let guardian = k.guardian.as_ref();
            consent_rows.push(vec![
                next(&mut consent_ids)?.into(),
                id.into(),
                k.purpose.code().into(),
                k.method.code().into(),
                k.recorded.at.date_naive().to_string().into(),
                guardian
                    .map(|g| v.encrypt(&format!("consents.guardian_name:{id}"), &g.0))
                    .into(),
                guardian.map(|g| g.1.clone()).into(),
                k.recorded.by.into(),
                ts(k.recorded.at).into(),
                k.withdrawn.map(|w| w.at.date_naive().to_string()).into(),
                k.withdrawn.and_then(|w| w.by).into(),
            ]);
        }
        for r in &x.referrals {
            // Consent is checked here as where any referral is made: a consent to referral
            // given by the time it was sent and not withdrawn before. (Bulk records carry no
            // override: a referral without consent is entered through the API by a supervisor.)
            if !consented_at(&x.consents, r.sent.at) {
                return Err(field(
                    "consent",
                    "The victim had not consented to referral to services when the referral was sent: record the consent first",
                ));
            }
            let rid = next(&mut referral_ids)?;
            // The referral's own checks, as entry makes them (services in order).
            let n = NewReferral {
                victim_id: id,
                provider_id: r.provider_id,
                services: r.services.clone(),
                urgency: r.urgency,
                needs: r.needs.clone(),
                contact_arrangements: r.contact.clone(),
                consent_override_reason: None,
            }
            .validate()?;
            // The referral's life in time order, as the API would have moved it.
            let mut status = ReferralStatus::Sent;
            let mut event = |from: Option<ReferralStatus>,
                             to: ReferralStatus,
                             at: Done,
                             reason: Option<&str>|
             -> Result<Vec<P>> {
                let eid = next(&mut event_ids)?;
                Ok(vec![
                    eid.into(),
                    rid.into(),
                    from.map(|s| s.code()).into(),
                    to.code().into(),
                    seal(v, "referral_events", "reason", eid, reason).into(),
                    at.by.into(),
                    ts(at.at).into(),
                ])
            };
            event_rows.push(event(None, ReferralStatus::Sent, r.sent, None)?);
            let (mut responded, mut closed, mut declined) = (None, None, None);
            let first_service = r.delivered.first().map(|d| d.1);
            let mut changes: Vec<(DateTime<Utc>, Option<usize>)> = r
                .answers
                .iter()
                .enumerate()
                .map(|(i, a)| (a.1.at, Some(i)))
                .collect();
            if let Some(f) = first_service {
                changes.push((f.at, None));
            }
            changes.sort_by_key(|c| c.0);
            for (_, change) in changes {
                match change {
                    Some(i) => {
                        let (to, at, reason) = &r.answers[i];
                        match to {
                            ReferralStatus::Accepted | ReferralStatus::Declined => {
                                responded = Some(at.at)
                            }
                            ReferralStatus::Closed => closed = Some(at.at),
                            _ => {}
                        }
                        if *to == ReferralStatus::Declined {
                            declined = Some(reason.clone().unwrap_or_default());
                        }
                        event_rows.push(event(Some(status), *to, *at, reason.as_deref())?);
                        status = *to;
                    }
                    None => {
                        if let Some(f) = first_service {
                            if status == ReferralStatus::Accepted {
                                event_rows.push(event(
                                    Some(status),
                                    ReferralStatus::InService,
                                    f,
                                    None,
                                )?);
                            }
                            status = ReferralStatus::InService;
                        }
                    }
                }
            }
            referral_rows.push(vec![
                rid.into(),
                id.into(),
                r.provider_id.into(),
                codes(&n.services, Service::code).into(),
                r.urgency.code().into(),
                status.code().into(),
                seal(v, "referrals", "needs", rid, n.needs.as_deref()).into(),
                seal(
                    v,
                    "referrals",
                    "contact_arrangements",
                    rid,
                    n.contact_arrangements.as_deref(),
                )
                .into(),
                r.sent.by.into(),
                ts(r.sent.at).into(),
                ts(r.sent.at + chrono::Duration::hours(r.urgency.answer_hours())).into(),
                responded.map(ts).into(),
                seal(v, "referrals", "decline_reason", rid, declined.as_deref()).into(),
                first_service.map(|f| ts(f.at)).into(),
                closed.map(ts).into(),
            ]);
            for (service, at, note) in &r.delivered {
                let did = next(&mut delivery_ids)?;
                delivery_rows.push(vec![
                    did.into(),
                    rid.into(),
                    service.code().into(),
                    at.at.date_naive().to_string().into(),
                    seal(v, "services_delivered", "note", did, note.as_deref()).into(),
                    at.by.into(),
                    ts(at.at).into(),
                ]);
            }
            let Some(s) = &r.stay else { continue };
            let sid = next(&mut stay_ids)?;
            let (discharged, discharge_to) = s.discharged.unzip();
            stay_rows.push(vec![
                sid.into(),
                id.into(),
                r.provider_id.into(),
                rid.into(),
                s.admitted.at.date_naive().to_string().into(),
                s.planned_days.into(),
                discharged.map(|d| d.at.date_naive().to_string()).into(),
                discharge_to.map(|t| t.code()).into(),
                s.admitted.by.into(),
                ts(s.admitted.at).into(),
            ]);
            let admission = (s.admitted, s.wishes.clone(), Some("admission".to_owned()));
            for (at, wishes, plan) in std::iter::once(&admission).chain(&s.reviews) {
                let rv = next(&mut review_ids)?;
                review_rows.push(vec![
                    rv.into(),
                    sid.into(),
                    at.at.date_naive().to_string().into(),
                    seal(v, "stay_reviews", "victim_wishes", rv, Some(wishes.trim()))
                        .unwrap_or_default()
                        .into(),
                    seal(v, "stay_reviews", "plan", rv, plan.as_deref()).into(),
                    at.by.into(),
                    ts(at.at).into(),
                ]);
            }
            let Some(d) = discharged else { continue };
            let on = d.at.date_naive();
            for (nth, months) in [3u32, 6, 12].into_iter().enumerate() {
                let fid = next(&mut follow_up_ids)?;
                let due = on
                    .checked_add_months(chrono::Months::new(months))
                    .unwrap_or(on);
                let done = s.follow_ups.get(nth);
                follow_up_rows.push(vec![
                    fid.into(),
                    id.into(),
                    due.to_string().into(),
                    done.map(|f| f.0.at.date_naive().to_string()).into(),
                    done.map(|f| f.1.code()).into(),
                    seal(
                        v,
                        "follow_ups",
                        "note",
                        fid,
                        done.and_then(|f| f.2.as_deref()),
                    )
                    .into(),
                    done.and_then(|f| f.0.by).into(),
                ]);
            }
        }
    }
    let referrals = referral_rows.len();
    for (head, rows) in [
        ("INSERT INTO victims (id, code, person_id, case_person_id, district_code, province_code, sex, age_years, is_child, result, \
          indicators, circumstances, identified_on, identified_by, agency_id, retrafficked, created_at)", victim_rows),
        ("INSERT INTO consents (id, victim_id, purpose, method, given_on, guardian_name_enc, guardian_relation, recorded_by, \
          recorded_at, withdrawn_on, withdrawn_by)", consent_rows),
        ("INSERT INTO referrals (id, victim_id, provider_id, services, urgency, status, needs, contact_arrangements, sent_by, \
          sent_at, due_at, responded_at, decline_reason, first_service_at, closed_at)", referral_rows),
        ("INSERT INTO referral_events (id, referral_id, from_status, to_status, reason, user_id, at)", event_rows),
        ("INSERT INTO services_delivered (id, referral_id, service, delivered_on, note, recorded_by, recorded_at)", delivery_rows),
        ("INSERT INTO shelter_stays (id, victim_id, provider_id, referral_id, admitted_on, planned_days, discharged_on, \
          discharge_to, created_by, created_at)", stay_rows),
        ("INSERT INTO stay_reviews (id, stay_id, review_date, victim_wishes, plan, reviewed_by, created_at)", review_rows),
        ("INSERT INTO follow_ups (id, victim_id, due_on, done_on, outcome, note, recorded_by)", follow_up_rows),
    ] {
        insert_many(tx, head, rows, "").await?;
    }
    Ok(referrals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> Done {
        Done {
            at: Utc
                .with_ymd_and_hms(2026, 3, d, 10, 0, 0)
                .single()
                .unwrap_or_default(),
            by: None,
        }
    }

    fn consent(purpose: ConsentPurpose, given: u32, withdrawn: Option<u32>) -> ImportedConsent {
        ImportedConsent {
            purpose,
            method: ConsentMethod::Thumbprint,
            guardian: None,
            recorded: day(given),
            withdrawn: withdrawn.map(day),
        }
    }

    /// A bulk referral needs the consent entry needs: to referral, given by then, not yet
    /// withdrawn.
    #[test]
    fn a_referral_is_imported_only_with_consent_in_force_when_sent() {
        let sent = day(10).at;
        assert!(!consented_at(&[], sent));
        let refer = ConsentPurpose::ReferServices;
        assert!(consented_at(&[consent(refer, 10, None)], sent));
        assert!(consented_at(&[consent(refer, 2, Some(11))], sent));
        assert!(
            !consented_at(&[consent(refer, 11, None)], sent),
            "given after"
        );
        assert!(
            !consented_at(&[consent(refer, 2, Some(9))], sent),
            "withdrawn before"
        );
        let other = ConsentPurpose::ALL
            .iter()
            .copied()
            .find(|p| *p != refer)
            .expect("another purpose");
        assert!(
            !consented_at(&[consent(other, 2, None)], sent),
            "another purpose"
        );
    }
}
