//! Bulk import of cases with their history (demo data, and later legacy registers): the same
//! validation and encryption as interactive entry, written in batches, each batch one
//! transaction with one audit row.

use crate::audit::{self, AuditAction, Entry};
use crate::cases::identifiers::PersonContacts;
use crate::field;
use crate::persons::NameKeys;
use crate::sealed::PERSON_IDENTITY;
use crate::sql::{insert_many, Q};
use crate::tx::Tx;
use crate::{ts, Result, Scoped, Store, StoreError};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hifazat_domain::trial::{AdjournedBy, AdjournmentReason, HearingOutcome};
use hifazat_domain::{
    codes, reference, AccusedStatus, Action, NewCase, NewPerson, PersonRole, Stage, UserRole,
};
use sqlx::Row;
use std::collections::HashMap;

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

impl Scoped<'_> {
    /// Imports cases in batches of `batch` (one transaction and one audit row each); calls
    /// `progress` with the number done after each batch. Returns the number imported. Only
    /// administrators and the system actor ([`crate::Ctx::system`]) import registers.
    ///
    /// Each batch is written table by table with multi-row statements (a few dozen statements
    /// for a thousand cases, not tens of thousands): references, victim codes, persons linked
    /// by CNIC or passport, identifiers, stages, hearings and verdicts come out as entering the
    /// cases one by one would make them.
    pub async fn import_cases(
        &self,
        cases: Vec<ImportedCase>,
        batch: usize,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        let by = self.importer()?;
        self.store().write_cases(by, cases, batch, progress).await
    }

    /// Who imports, in the audit trail: refused unless an administrator or the system actor.
    pub(crate) fn importer(&self) -> Result<&str> {
        self.require(
            Action::ImportRegisters,
            "only administrators import registers",
        )?;
        Ok(&self.actor().username)
    }
}

impl Store {
    /// The import itself, once the door has let the caller through.
    async fn write_cases(
        &self,
        by: &str,
        cases: Vec<ImportedCase>,
        batch: usize,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        let users: HashMap<String, (i64, bool)> = self
            .users()
            .await?
            .into_iter()
            .map(|u| {
                let io = u.roles.contains(&UserRole::InvestigatingOfficer);
                (u.username, (u.id, io))
            })
            .collect();
        let mut done = 0;
        // PostgreSQL plans each batch's lookups (persons by CNIC, identifiers) from table
        // statistics that autovacuum refreshes only some time later: into an empty database,
        // a demo batch was seen taking 6–8 s on plans made for near-empty tables, against well
        // under a second once analysed. So the tables are analysed as they grow, each time
        // they hold four times the cases of the last time (eight times for a million).
        let mut analyse_at = batch.max(1);
        for chunk in cases.chunks(batch.max(1)) {
            let mut w = self.write().await?;
            write_batch(self, &mut w.tx, chunk, &users).await?;
            audit_batch(
                self,
                &mut w.tx,
                by,
                "case",
                format!("{} cases", chunk.len()),
            )
            .await?;
            w.commit().await?;
            done += chunk.len();
            if self.engine() == crate::Engine::Postgres && done >= analyse_at {
                sqlx::query("ANALYZE").execute(self.pool()).await?;
                analyse_at = done.saturating_mul(4);
            }
            progress(done);
        }
        // PostgreSQL plans from table statistics that autovacuum refreshes only some time
        // later: measured after importing 100,000 cases, a case page's persons query took
        // 155 ms on a plan made for near-empty tables, 0.25 ms once analysed. Vacuuming the
        // cases also marks their pages all-visible, so counts over the indexes on open cases
        // read the indexes alone (at 1,000,000 cases, quiet open cases counted in 56 ms
        // instead of 617 ms). (A role that does not own the tables is told so in a warning,
        // and the import stands.)
        if self.engine() == crate::Engine::Postgres {
            sqlx::query("VACUUM (ANALYZE) cases")
                .execute(self.pool())
                .await?;
            sqlx::query("ANALYZE").execute(self.pool()).await?;
        }
        self.load_person_index().await?;
        Ok(done)
    }
}

impl Store {
    /// Number of cases (to tell whether demo data is already there).
    pub async fn case_count(&self) -> Result<i64> {
        use sqlx::Row;
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM cases")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }
}

/// The one audit row of an imported batch of `entity` rows, saying what it held.
pub(crate) async fn audit_batch(
    store: &Store,
    tx: &mut Tx,
    by: &str,
    entity: &'static str,
    detail: String,
) -> Result<()> {
    let e = Entry {
        action: AuditAction::Import,
        entity,
        entity_id: None,
        case_id: None,
        detail: Some(detail),
    };
    audit::record(store, tx, None, by, None, e).await
}

/// A stage move after registration: (from, to, remark, at).
type Move = (Stage, Stage, Option<String>, DateTime<Utc>);
/// A challan's scrutiny: (decision, court, objections, at).
type Scrutiny = (&'static str, Option<String>, Option<String>, DateTime<Utc>);

/// A case's stages as its history gives them.
struct History {
    /// The stage it was registered at.
    first: Stage,
    /// The stage it is at.
    stage: Stage,
    /// When it last moved (a move or a hearing held).
    last: DateTime<Utc>,
    /// The day it was judged, if it was.
    judged: Option<NaiveDate>,
    moves: Vec<Move>,
    scrutinies: Vec<Scrutiny>,
}

/// A case of a batch as it will be written: its reference and history.
struct Planned<'a> {
    c: &'a ImportedCase,
    reference: String,
    district: &'static hifazat_domain::reference::District,
    reported: NaiveDate,
    created_by: Option<i64>,
    officer: Option<i64>,
    h: History,
}

/// Works out a case's stages from its history (pure): the registration stage, each later move,
/// the challans' scrutiny as the history shows it, the day it was judged, and when it last moved.
fn plan_history(c: &ImportedCase, today: NaiveDate) -> History {
    let first = if c.case.fir_number.is_some() && c.events.is_empty() {
        Stage::FirRegistered
    } else {
        Stage::ComplaintReceived
    };
    let court = c.hearings.last().map(|h| h.court.clone());
    let mut h = History {
        first,
        stage: first,
        last: c.created_at,
        judged: None,
        moves: Vec::new(),
        scrutinies: Vec::new(),
    };
    for (to, at, remark) in &c.events {
        // The prosecution's scrutiny, as the history shows it: a challan taken to trial was
        // accepted, one sent back to investigation was returned.
        match (h.stage, to) {
            (Stage::ChallanSubmitted, Stage::UnderTrial) => {
                h.scrutinies.push(("accepted", court.clone(), None, *at))
            }
            (Stage::ChallanSubmitted, Stage::UnderInvestigation) => {
                h.scrutinies.push(("returned", None, remark.clone(), *at))
            }
            _ => {}
        }
        if matches!(to, Stage::Convicted | Stage::Acquitted) {
            h.judged = Some(at.date_naive());
        }
        h.moves.push((h.stage, *to, remark.clone(), *at));
        h.stage = *to;
        h.last = h.last.max(*at);
    }
    // A hearing that has taken place is activity on the case.
    for hearing in &c.hearings {
        if let Some(t) = hearing.date.and_hms_opt(10, 0, 0).map(|t| t.and_utc()) {
            if hearing.date <= today {
                h.last = h.last.max(t);
            }
        }
    }
    h
}

/// Writes one batch of cases inside `tx`.
async fn write_batch(
    store: &Store,
    tx: &mut Tx,
    chunk: &[ImportedCase],
    users: &HashMap<String, (i64, bool)>,
) -> Result<()> {
    let today = store.today();
    let v = store.vault();
    // References: the batch's counters read once, moved on in memory, written back once.
    let mut counters: HashMap<String, i64> = HashMap::new();
    for c in chunk {
        let district = reference::district_by_code(&c.case.district)
            .ok_or_else(|| field("district", "choose a district"))?;
        let reported = c.case.reported_on.unwrap_or(c.created_at.date_naive());
        counters.insert(format!("case:{}:{}", district.code, reported.year()), 0);
    }
    let names: Vec<String> = counters.keys().cloned().collect();
    let mut q = Q::new("SELECT name, value FROM counters WHERE");
    q.push_in("name", &names);
    for r in q.query().fetch_all(&mut **tx).await? {
        counters.insert(r.try_get("name")?, r.try_get("value")?);
    }
    let mut planned = Vec::with_capacity(chunk.len());
    for c in chunk {
        let district = reference::district_by_code(&c.case.district)
            .ok_or_else(|| field("district", "choose a district"))?;
        let reported = c.case.reported_on.unwrap_or(c.created_at.date_naive());
        let seq = counters
            .entry(format!("case:{}:{}", district.code, reported.year()))
            .or_insert(0);
        *seq += 1;
        let user = c.created_by.as_ref().and_then(|u| users.get(u)).copied();
        planned.push(Planned {
            c,
            reference: codes::case_reference(&district.code, reported.year(), *seq),
            district,
            reported,
            created_by: user.map(|u| u.0),
            // A case an investigating officer registers is theirs until a supervisor assigns it.
            officer: user.filter(|u| u.1).map(|u| u.0),
            h: plan_history(c, today),
        });
    }
    let rows = planned
        .iter()
        .map(|p| {
            let c = &p.c.case;
            vec![
                p.reference.clone().into(),
                c.kind.code().into(),
                c.scope.code().into(),
                p.h.stage.code().into(),
                p.district.code.clone().into(),
                p.district.province_code.clone().into(),
                c.agency_id.into(),
                c.fir_number.clone().into(),
                c.fir_date.map(|d| d.to_string()).into(),
                p.reported.to_string().into(),
                c.origin_district.clone().into(),
                c.exit_point.clone().into(),
                serde_json::to_string(&c.transit_points)
                    .unwrap_or_else(|_| "[]".into())
                    .into(),
                serde_json::to_string(&c.elements)
                    .unwrap_or_else(|_| "{}".into())
                    .into(),
                c.summary.clone().into(),
                p.created_by.into(),
                ts(p.c.created_at).into(),
                ts(p.h.last).into(),
                c.reported_via.map(|r| r.code()).into(),
                p.officer.into(),
                // The court the case is before: that of its last hearing.
                p.c.hearings.last().map(|h| h.court.clone()).into(),
            ]
        })
        .collect();
    let ids = insert_keyed(
        tx,
        "INSERT INTO cases (reference, kind, scope, stage, district_code, province_code, agency_id, fir_number, fir_date, \
         reported_on, origin_district, exit_point, transit_points, elements, summary, created_by, created_at, last_activity_at, \
         reported_via, investigating_officer_id, court)",
        rows,
        "reference",
    )
    .await?;
    let id_of = |p: &Planned<'_>| -> Result<i64> {
        ids.get(&p.reference)
            .copied()
            .ok_or_else(|| StoreError::Config(format!("case {} was not written", p.reference)))
    };
    // Offences, forms of exploitation, destinations; the history.
    let (mut offences, mut forms, mut destinations, mut events) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut scrutinies, mut hearings) = (Vec::new(), Vec::new());
    for p in &planned {
        let id = id_of(p)?;
        let c = &p.c.case;
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v.dedup();
            v
        };
        for o in sorted(c.offences.clone()) {
            offences.push(vec![id.into(), o.into()]);
        }
        let mut x = c.exploitation.clone();
        x.extend(c.elements.purposes.iter().cloned());
        for f in sorted(x) {
            forms.push(vec![id.into(), f.into()]);
        }
        for d in sorted(c.destination_countries.clone()) {
            destinations.push(vec![id.into(), d.into()]);
        }
        let registered = (
            None,
            p.h.first,
            Some("case registered".to_owned()),
            p.c.created_at,
        );
        for (from, to, remark, at) in std::iter::once(registered).chain(
            p.h.moves
                .iter()
                .map(|(f, t, r, a)| (Some(*f), *t, r.clone(), *a)),
        ) {
            events.push(vec![
                id.into(),
                from.map(|s| s.code()).into(),
                to.code().into(),
                remark.into(),
                p.created_by.into(),
                ts(at).into(),
            ]);
        }
        for (decision, court, objections, at) in &p.h.scrutinies {
            scrutinies.push(vec![
                id.into(),
                (*decision).into(),
                court.clone().into(),
                objections.clone().into(),
                ts(*at).into(),
            ]);
        }
        for h in &p.c.hearings {
            let held = h.date.and_hms_opt(10, 0, 0).map(|t| t.and_utc());
            let (outcome, reason, by) = match h.outcome {
                Some((o, r, b)) if h.date <= today => {
                    (Some(o.code()), r.map(|x| x.code()), b.map(|x| x.code()))
                }
                _ => (None, None, None),
            };
            hearings.push(vec![
                id.into(),
                h.date.to_string().into(),
                h.court.clone().into(),
                h.purpose.clone().into(),
                p.created_by.into(),
                ts(p.c.created_at).into(),
                outcome.into(),
                reason.into(),
                by.into(),
                outcome.and(p.created_by).into(),
                outcome.and(held.map(ts)).into(),
            ]);
        }
    }
    for (head, rows) in [
        ("INSERT INTO case_offences (case_id, offence_code)", offences),
        ("INSERT INTO case_exploitation (case_id, form_code)", forms),
        ("INSERT INTO case_destinations (case_id, country)", destinations),
        ("INSERT INTO case_events (case_id, from_stage, to_stage, remark, user_id, at)", events),
        ("INSERT INTO challan_scrutinies (case_id, decision, court, objections, decided_at)", scrutinies),
        ("INSERT INTO hearings (case_id, hearing_date, court, purpose, created_by, created_at, outcome, \
          adjournment_reason, adjourned_by, outcome_by, outcome_at)", hearings),
    ] {
        insert_many(tx, head, rows, "").await?;
    }
    // Persons: one already on record with the same CNIC (else passport) is linked when the
    // import says so, as `existing_person` would find it (the earliest record not merged).
    let key_of = |p: &NewPerson| match (&p.cnic, &p.passport) {
        (Some(c), _) => Some(("cnic", v.blind_index("cnic", c))),
        (None, Some(pp)) => Some(("passport", v.blind_index("passport", pp))),
        (None, None) => None,
    };
    let mut known: HashMap<(&str, String), Slot> = HashMap::new();
    let keys: Vec<String> = planned
        .iter()
        .flat_map(|p| p.c.persons.iter())
        .filter_map(|ip| key_of(&ip.person).map(|k| k.1))
        .collect();
    // (SQLite binds named parameters in quadratic time: lists of 500 at a time.)
    for chunk in keys.chunks(500) {
        let mut q = Q::new(
            "SELECT id, cnic_bidx, passport_bidx FROM persons WHERE merged_into IS NULL AND (",
        );
        q.push_in("cnic_bidx", chunk);
        q.push(" OR");
        q.push_in("passport_bidx", chunk);
        q.push(") ORDER BY id");
        for r in q.query().fetch_all(&mut **tx).await? {
            let id: i64 = r.try_get("id")?;
            for col in ["cnic", "passport"] {
                if let Some(h) = r.try_get::<Option<String>, _>(format!("{col}_bidx").as_str())? {
                    known.entry((col, h)).or_insert(Slot::Existing(id));
                }
            }
        }
    }
    let mut new_rows = Vec::new();
    let mut uids = Vec::new();
    // The person index's keys are stored with each record, so the first start after an
    // import reads them instead of decrypting every record and writing its keys back (at
    // 3.9 million persons that took about 20 minutes).
    let name_keys = NameKeys::new(v);
    // For each imported person, in order: (planned case, person, slot).
    let mut slots = Vec::new();
    for (i, p) in planned.iter().enumerate() {
        for ip in &p.c.persons {
            let person = &ip.person;
            let found = key_of(person).and_then(|k| known.get(&k).copied());
            let slot = match found {
                Some(s) if person.link_existing => s,
                _ => {
                    let uid = uuid::Uuid::new_v4().to_string();
                    let enc = |col: &str, val: Option<&str>| {
                        v.encrypt_opt(&format!("persons.{col}:{uid}"), val)
                    };
                    let [name, father_name, dob, cnic, passport] =
                        PERSON_IDENTITY.seal(v, uid.as_str(), &person.identity());
                    new_rows.push(vec![
                        uid.clone().into(),
                        name.into(),
                        father_name.into(),
                        person.relation.map(|r| r.code()).into(),
                        dob.into(),
                        cnic.into(),
                        passport.into(),
                        enc("phone", person.phone.as_deref()).into(),
                        enc("address", person.address.as_deref()).into(),
                        person
                            .cnic
                            .as_deref()
                            .map(|c| v.blind_index("cnic", c))
                            .into(),
                        person
                            .passport
                            .as_deref()
                            .map(|c| v.blind_index("passport", c))
                            .into(),
                        person.sex.code().into(),
                        person
                            .date_of_birth
                            .map(|d| d.year() as i64)
                            .or(person.age.map(|a| (p.reported.year() - a) as i64))
                            .into(),
                        person.nationality.clone().into(),
                        person.district.clone().into(),
                        person.religion.clone().into(),
                        person.disability.clone().into(),
                        p.created_by.into(),
                        ts(p.c.created_at).into(),
                        name_keys.of(person.identity()).into(),
                    ]);
                    let s = Slot::New(uids.len());
                    uids.push(uid);
                    for (col, val) in [("cnic", &person.cnic), ("passport", &person.passport)] {
                        if let Some(val) = val {
                            known.entry((col, v.blind_index(col, val))).or_insert(s);
                        }
                    }
                    s
                }
            };
            slots.push((i, ip, slot));
        }
    }
    let person_ids = insert_keyed(
        tx,
        "INSERT INTO persons (uid, name_enc, father_name_enc, relation, dob_enc, cnic_enc, passport_enc, phone_enc, address_enc, \
         cnic_bidx, passport_bidx, sex, birth_year, nationality, district_code, religion, disability, created_by, created_at, name_keys)",
        new_rows,
        "uid",
    )
    .await?;
    let person_id = |s: Slot| -> Result<i64> {
        match s {
            Slot::Existing(id) => Ok(id),
            Slot::New(n) => uids
                .get(n)
                .and_then(|u| person_ids.get(u))
                .copied()
                .ok_or_else(|| StoreError::Config("a person was not written".into())),
        }
    };
    // Roles in the cases, victims numbered within each case.
    let mut victims: HashMap<i64, i64> = HashMap::new();
    let mut roles = Vec::new();
    let mut contacts = Vec::new();
    for (i, ip, slot) in &slots {
        let p = &planned[*i];
        let (case_id, pid) = (id_of(p)?, person_id(*slot)?);
        let person = &ip.person;
        let age = person.age_on(p.reported);
        let victim_code = (person.role == PersonRole::Victim).then(|| {
            let n = victims.entry(case_id).or_insert(0);
            *n += 1;
            codes::victim_code(
                &p.district.code,
                p.reported.year(),
                seq_of(&p.reference),
                *n,
            )
        });
        roles.push(vec![
            case_id.into(),
            pid.into(),
            person.role.code().into(),
            victim_code.into(),
            age.map(i64::from).into(),
            i64::from(age.is_some_and(|a| a < 18)).into(),
            person.accused_status.map(|s| s.code()).into(),
            p.created_by.into(),
            ts(p.c.created_at).into(),
            ip.sentence.clone().into(),
            ip.fine_pkr.into(),
        ]);
        contacts.push(PersonContacts {
            person_id: pid,
            case_id,
            phone: person.phone.as_deref(),
            address: person.address.as_deref(),
            by: p.created_by,
        });
    }
    let role_ids: HashMap<(i64, i64), i64> = insert_many(
        tx,
        "INSERT INTO case_persons (case_id, person_id, role, victim_code, age_years, is_child, accused_status, \
         created_by, created_at, sentence, fine_pkr)",
        roles,
        "RETURNING id, case_id, person_id",
    )
    .await?
    .iter()
    .map(|r| Ok(((r.try_get("case_id")?, r.try_get("person_id")?), r.try_get("id")?)))
    .collect::<Result<_>>()?;
    crate::cases::identifiers::index_people(store, tx, &contacts).await?;
    // A judgment in the history: each accused's verdict on each offence of the case, as their
    // status says (a convict's term and fine on the first offence).
    let mut verdicts = Vec::new();
    for (i, ip, slot) in &slots {
        let p = &planned[*i];
        let (Some(day), Some(status)) = (p.h.judged, ip.person.accused_status) else {
            continue;
        };
        let outcome = match status {
            AccusedStatus::Convicted => "convicted",
            AccusedStatus::Acquitted => "acquitted",
            _ => continue,
        };
        let case_id = id_of(p)?;
        let Some(&cp) = role_ids.get(&(case_id, person_id(*slot)?)) else {
            continue;
        };
        let months = ip
            .sentence
            .as_deref()
            .and_then(|t| t.split(' ').next()?.parse::<i64>().ok())
            .map(|years| years * 12);
        let convicted = outcome == "convicted";
        let court = p.c.hearings.last().map(|h| h.court.clone());
        for (n, offence) in p.c.case.offences.iter().enumerate() {
            verdicts.push(vec![
                case_id.into(),
                cp.into(),
                offence.clone().into(),
                outcome.into(),
                day.to_string().into(),
                months.filter(|_| convicted).into(),
                ip.fine_pkr.filter(|_| convicted && n == 0).into(),
                court.clone().into(),
                ts(p.c.created_at).into(),
            ]);
        }
    }
    insert_many(
        tx,
        "INSERT INTO verdicts (case_id, case_person_id, offence_code, outcome, judgment_date, imprisonment_months, \
         fine_pkr, court, recorded_at)",
        verdicts,
        "",
    )
    .await?;
    // The counters, so that cases and victims entered later number on from here.
    let rows = counters
        .into_iter()
        .chain(
            victims
                .into_iter()
                .map(|(id, n)| (format!("victim:{id}"), n)),
        )
        .map(|(name, value)| vec![name.into(), value.into()])
        .collect();
    insert_many(
        tx,
        "INSERT INTO counters (name, value)",
        rows,
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .await?;
    Ok(())
}

/// Inserts `rows` with [`insert_many`] and answers each new row's id by its unique text
/// column `key` (a case's reference, a person's uid).
async fn insert_keyed(
    tx: &mut Tx,
    head: &str,
    rows: Vec<Vec<crate::sql::P>>,
    key: &str,
) -> Result<HashMap<String, i64>> {
    insert_many(tx, head, rows, &format!("RETURNING id, {key}"))
        .await?
        .iter()
        .map(|r| Ok((r.try_get(key)?, r.try_get("id")?)))
        .collect()
}

/// A person of a batch: on record already, or the n-th new row.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Existing(i64),
    New(usize),
}

/// The number at the end of a case reference (`LHR-2024-0042` → 42).
fn seq_of(reference: &str) -> i64 {
    reference
        .rsplit('-')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}
