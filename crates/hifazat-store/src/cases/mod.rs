//! Cases: registering, reading, listing and moving a case through its stages, its persons,
//! hearings and officers, as [`Scoped`] methods (the door carries the actor's jurisdiction into
//! every query, checks the role before each action, and writes the audit row inside each write
//! transaction). One file per aggregate beside it: the trial, witnesses, transfers between
//! agencies, documents, identifiers (phones, accounts, vehicles), the bulk import, monitoring
//! and the case tallies that keep its counts.

pub mod documents;
pub mod identifiers;
pub mod import;
pub mod models;
pub mod monitoring;
pub(crate) mod tallies;
pub mod transfers;
pub mod trial;
pub mod witnesses;

use crate::audit::{AuditAction, Entry};
use crate::cases::models::*;
use crate::rows::{json_text, parse};
use crate::scoped::{push_scope, PROTECTED};
use crate::sealed::decrypt_column;
use crate::sql::Q;
use crate::tx::{next_counter, Tx};
use crate::{field, Scoped};
use crate::{ts, Result, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use hifazat_domain::case::{
    check_transition, CaseAmendment, Change, Classification, LegalElements, Registration,
};
use hifazat_domain::person::{
    normalize_cnic, normalize_passport, AccusedStatusChange, PersonFacts,
};
use hifazat_domain::{
    codes, reference, Action, Actor, FieldErrors, Jurisdiction, NewCase, NewPerson, PersonRole,
    Sex, Stage, TransitionRequest,
};
use sqlx::any::AnyRow;
use sqlx::Row;

const SUMMARY_COLUMNS: &str = "c.id, c.reference, c.kind, c.scope, c.stage, c.district_code, c.province_code, \
    c.fir_number, c.fir_date, c.reported_on, c.last_activity_at, a.name AS agency, \
    (SELECT COUNT(*) FROM case_persons cp WHERE cp.case_id = c.id AND cp.role = 'accused') AS accused_count";

fn summary_from(r: &AnyRow) -> Result<CaseSummary> {
    let district_code: String = r.try_get("district_code")?;
    Ok(CaseSummary {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        kind: parse(r.try_get("kind")?)?,
        scope: parse(r.try_get("scope")?)?,
        stage: parse(r.try_get("stage")?)?,
        district: reference::district_by_code(&district_code)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| district_code.clone()),
        district_code,
        province_code: r.try_get("province_code")?,
        agency: r.try_get("agency")?,
        fir_number: r.try_get("fir_number")?,
        fir_date: r.try_get("fir_date")?,
        reported_on: r.try_get("reported_on")?,
        last_activity_at: r.try_get("last_activity_at")?,
        victim_codes: Vec::new(),
        accused_count: r.try_get("accused_count")?,
    })
}

/// What a case's page reads: the record and what the page offers beside it
/// (`Scoped::case_page`).
#[derive(Debug, Clone)]
pub struct CasePageRecord {
    /// The record, as `Scoped::get_case` gives it.
    pub detail: CaseDetail,
    /// Investigating officers and supervisors who may be named on the case: for one who
    /// assigns cases, and none when it is read through a transfer.
    pub officers: (Vec<Officer>, Vec<Officer>),
    /// Recruitment agents linked to it (for those who read the register; none through a
    /// transfer).
    pub agents: Vec<crate::agents::AgentSummary>,
    /// Returnees whose debriefing opened it: (id, reference) (none through a transfer).
    pub returnees: Vec<(i64, String)>,
    /// All agencies by name, when the page asked for them.
    pub agencies: Vec<crate::admin::users::Agency>,
}

/// How the search text of a case list matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextMatch {
    /// A whole reference, FIR number, victim code, CNIC or passport: every test an index
    /// lookup.
    Whole,
    /// Also a part of a reference or an FIR number (which reads every case in scope).
    Part,
}

/// Appends the list filters for cases aliased `c`, for `actor` (whose own cases `mine` picks),
/// the search text matching in part.
pub(crate) fn push_filters(q: &mut Q, f: &CaseFilter, store: &Store, actor: &Actor) {
    push_case_filters(q, f, store, actor, TextMatch::Part)
}

/// Appends the list filters, the search text matching as `text` says.
fn push_case_filters(q: &mut Q, f: &CaseFilter, store: &Store, actor: &Actor, text: TextMatch) {
    if f.mine == Some(true) {
        let me = q.arg(actor.user_id);
        q.push(&format!(
            " AND (c.investigating_officer_id = {me} OR c.supervisor_id = {me})"
        ));
    }
    let open_codes = || -> Vec<&str> {
        Stage::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.code())
            .collect()
    };
    if let Some(days) = f.quiet_days {
        let cutoff = crate::ts(store.now() - chrono::Duration::days(days.clamp(1, 3650)));
        q.push(" AND");
        q.push_in("c.stage", &open_codes());
        q.push_arg(" AND c.last_activity_at < {}", cutoff);
    }
    if f.without_fir == Some(true) {
        q.push(" AND c.fir_number IS NULL AND");
        q.push_in("c.stage", &open_codes());
    }
    if let Some(k) = f.kind {
        q.push_arg(" AND c.kind = {}", k.code());
    }
    if let Some(s) = f.stage {
        q.push_arg(" AND c.stage = {}", s.code());
    }
    if let Some(d) = f.district.as_deref().filter(|s| !s.is_empty()) {
        q.push_arg(" AND c.district_code = {}", d);
    }
    if let Some(p) = f.province.as_deref().filter(|s| !s.is_empty()) {
        q.push_province("c", p);
    }
    if let Some(open) = f.open {
        q.push(if open { " AND" } else { " AND NOT" });
        q.push_in("c.stage", &open_codes());
    }
    if let Some(t) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        push_text(q, t, store, text);
    }
}

/// Appends the search text's condition: the cases whose reference, FIR number or victim code it
/// is (or, matching in part, is in), or with a person of that CNIC or passport. Written as one
/// list of case ids from indexed lookups, so that a whole reference finds its case without
/// reading the others.
fn push_text(q: &mut Q, text: &str, store: &Store, how: TextMatch) {
    let upper = text.to_uppercase();
    let mut ids = match how {
        TextMatch::Whole => {
            let (r, fir) = (q.arg(upper.clone()), q.arg(text));
            format!(
                "SELECT r.id FROM cases r WHERE r.reference = {r} \
                 UNION SELECT r.id FROM cases r WHERE r.fir_number = {fir}"
            )
        }
        TextMatch::Part => {
            let like = q.arg(format!("%{upper}%"));
            format!(
                "SELECT r.id FROM cases r WHERE UPPER(r.reference) LIKE {like} OR UPPER(r.fir_number) LIKE {like}"
            )
        }
    };
    let code = q.arg(upper);
    ids.push_str(&format!(
        " UNION SELECT v.case_id FROM case_persons v WHERE v.victim_code = {code}"
    ));
    let blind = if let Ok(cnic) = normalize_cnic(text) {
        Some(("cnic", store.vault().blind_index("cnic", &cnic)))
    } else if let Ok(pp) = normalize_passport(text) {
        Some(("passport", store.vault().blind_index("passport", &pp)))
    } else {
        None
    };
    if let Some((kind, h)) = blind {
        let h = q.arg(h);
        ids.push_str(&format!(
            " UNION SELECT x.case_id FROM case_persons x JOIN persons p ON p.id = x.person_id WHERE p.{kind}_bidx = {h}"
        ));
    }
    q.push(&format!(" AND c.id IN ({ids})"));
}

/// A case as stored, before decoration.
pub(crate) struct CaseRow {
    pub(crate) id: i64,
    reference: String,
    pub(crate) stage: Stage,
    has_fir: bool,
    reported_on: NaiveDate,
    elements: LegalElements,
}

/// The reference parts for victim codes: (district code, year, number).
fn reference_parts(reference: &str) -> (String, i32, i64) {
    let mut it = reference.rsplitn(3, '-');
    let seq = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let year = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let district = it.next().unwrap_or("").to_owned();
    (district, year, seq)
}

/// Inserts a validated case with its first stage; returns (id, reference).
pub(crate) async fn insert_case(
    tx: &mut Tx,
    c: &NewCase,
    stage: Stage,
    created_by: Option<i64>,
    at: DateTime<Utc>,
    reported_on: NaiveDate,
) -> Result<(i64, String)> {
    use chrono::Datelike;
    let district = reference::district_by_code(&c.district)
        .ok_or_else(|| field("district", "choose a district"))?;
    let year = reported_on.year();
    let seq = next_counter(tx, &format!("case:{}:{year}", district.code)).await?;
    let reference = codes::case_reference(&district.code, year, seq);
    let now = ts(at);
    let id: i64 = sqlx::query(
        "INSERT INTO cases (reference, kind, scope, stage, district_code, province_code, agency_id, fir_number, fir_date, \
         reported_on, origin_district, exit_point, transit_points, elements, summary, created_by, created_at, last_activity_at, reported_via) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    )
    .bind(reference.clone())
    .bind(c.kind.code())
    .bind(c.scope.code())
    .bind(stage.code())
    .bind(district.code.clone())
    .bind(district.province_code.clone())
    .bind(c.agency_id)
    .bind(c.fir_number.clone())
    .bind(c.fir_date.map(|d| d.to_string()))
    .bind(reported_on.to_string())
    .bind(c.origin_district.clone())
    .bind(c.exit_point.clone())
    .bind(json_text(&c.transit_points))
    .bind(json_text(&c.elements))
    .bind(c.summary.clone())
    .bind(created_by)
    .bind(now.clone())
    .bind(now.clone())
    .bind(c.reported_via.map(|r| r.code()))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    // A case an investigating officer registers is theirs until a supervisor assigns it.
    sqlx::query(
        "UPDATE cases SET investigating_officer_id = created_by WHERE id = $1 \
         AND created_by IN (SELECT id FROM users WHERE roles LIKE '%investigating_officer%')",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let mut offences = c.offences.clone();
    offences.sort();
    offences.dedup();
    for o in offences {
        sqlx::query("INSERT INTO case_offences (case_id, offence_code) VALUES ($1, $2)")
            .bind(id)
            .bind(o)
            .execute(&mut **tx)
            .await?;
    }
    let mut forms = c.exploitation.clone();
    forms.extend(c.elements.purposes.iter().cloned());
    forms.sort();
    forms.dedup();
    for x in forms {
        sqlx::query("INSERT INTO case_exploitation (case_id, form_code) VALUES ($1, $2)")
            .bind(id)
            .bind(x)
            .execute(&mut **tx)
            .await?;
    }
    let mut dest = c.destination_countries.clone();
    dest.sort();
    dest.dedup();
    for d in dest {
        sqlx::query("INSERT INTO case_destinations (case_id, country) VALUES ($1, $2)")
            .bind(id)
            .bind(d)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("INSERT INTO case_events (case_id, from_stage, to_stage, remark, user_id, at) VALUES ($1, NULL, $2, $3, $4, $5)")
        .bind(id)
        .bind(stage.code())
        .bind(Some("case registered".to_owned()))
        .bind(created_by)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok((id, reference))
}

/// Inserts a validated person's record (identity encrypted); returns (person id, uid).
pub(crate) async fn insert_person_row(
    store: &Store,
    tx: &mut Tx,
    p: &NewPerson,
    case_date: NaiveDate,
    created_by: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(i64, String)> {
    use chrono::Datelike;
    let v = store.vault();
    let uid = uuid::Uuid::new_v4().to_string();
    let enc = |col: &str, val: Option<&str>| v.encrypt_opt(&format!("persons.{col}:{uid}"), val);
    let [name, father_name, dob, cnic, passport] =
        crate::sealed::PERSON_IDENTITY.seal(v, uid.as_str(), &p.identity());
    let person_id: i64 = sqlx::query(
        "INSERT INTO persons (uid, name_enc, father_name_enc, relation, dob_enc, cnic_enc, passport_enc, phone_enc, address_enc, \
         cnic_bidx, passport_bidx, sex, birth_year, nationality, district_code, religion, disability, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    )
    .bind(uid.clone())
    .bind(name)
    .bind(father_name)
    .bind(p.relation.map(|r| r.code()))
    .bind(dob)
    .bind(cnic)
    .bind(passport)
    .bind(enc("phone", p.phone.as_deref()))
    .bind(enc("address", p.address.as_deref()))
    .bind(p.cnic.as_deref().map(|c| v.blind_index("cnic", c)))
    .bind(p.passport.as_deref().map(|c| v.blind_index("passport", c)))
    .bind(p.sex.code())
    .bind(p.date_of_birth.map(|d| d.year() as i64).or(p.age.map(|a| (case_date.year() - a) as i64)))
    .bind(p.nationality.clone())
    .bind(p.district.clone())
    .bind(p.religion.clone())
    .bind(p.disability.clone())
    .bind(created_by)
    .bind(ts(at))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    Ok((person_id, uid))
}

/// Decrypts a victim's identity from a row holding `uid`, the persons' `*_enc` columns,
/// `relation`, `religion` and `disability`.
pub(crate) fn decrypt_identity(
    store: &Store,
    r: &AnyRow,
    victim_code: String,
) -> Result<VictimIdentity> {
    let uid: String = r.try_get("uid")?;
    let dec = |col: &str| decrypt_column(store, r, &uid, col);
    let identity = crate::sealed::PERSON_IDENTITY.open(store.vault(), r, uid.as_str())?;
    Ok(VictimIdentity {
        victim_code,
        name: identity.full_name,
        father_name: identity.father_name,
        relation: r.try_get("relation")?,
        date_of_birth: identity.date_of_birth,
        cnic: identity.cnic,
        passport: identity.passport,
        phone: dec("phone")?,
        address: dec("address")?,
        religion: r.try_get("religion")?,
        disability: r.try_get("disability")?,
    })
}

/// The person already on record with this person's CNIC (or passport), if any.
pub(crate) async fn existing_person(
    store: &Store,
    tx: &mut Tx,
    p: &NewPerson,
) -> Result<Option<i64>> {
    let v = store.vault();
    let (col, hash) = match (&p.cnic, &p.passport) {
        (Some(c), _) => ("cnic_bidx", v.blind_index("cnic", c)),
        (None, Some(pp)) => ("passport_bidx", v.blind_index("passport", pp)),
        (None, None) => return Ok(None),
    };
    Ok(sqlx::query(&format!(
        "SELECT id FROM persons WHERE {col} = $1 AND merged_into IS NULL ORDER BY id LIMIT 1"
    ))
    .bind(hash)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?)
}

/// Inserts a validated person into a case (or links the person already on record when
/// `link_existing` is set); returns the role id, victim code and whether a child.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_person(
    store: &Store,
    tx: &mut Tx,
    case_id: i64,
    case_reference: &str,
    case_date: NaiveDate,
    p: &NewPerson,
    created_by: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(i64, Option<String>, bool)> {
    let person_id = match existing_person(store, tx, p).await? {
        Some(id) if p.link_existing => id,
        _ => {
            insert_person_row(store, tx, p, case_date, created_by, at)
                .await?
                .0
        }
    };
    let now = ts(at);
    let age = p.age_on(case_date);
    let is_child = age.is_some_and(|a| a < 18);
    let victim_code = if p.role == PersonRole::Victim {
        let n = next_counter(tx, &format!("victim:{case_id}")).await?;
        let (d, y, s) = reference_parts(case_reference);
        Some(codes::victim_code(&d, y, s, n))
    } else {
        None
    };
    let id: i64 = sqlx::query(
        "INSERT INTO case_persons (case_id, person_id, role, victim_code, age_years, is_child, accused_status, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(case_id)
    .bind(person_id)
    .bind(p.role.code())
    .bind(victim_code.clone())
    .bind(age.map(i64::from))
    .bind(is_child as i64)
    .bind(p.accused_status.map(|s| s.code()))
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    crate::cases::identifiers::index_person(
        store,
        tx,
        person_id,
        case_id,
        p.phone.as_deref(),
        p.address.as_deref(),
        created_by,
    )
    .await?;
    Ok((id, victim_code, is_child))
}

/// The codes a case has in one of its code tables (`case_offences`, `case_exploitation`,
/// `case_destinations`), sorted.
pub(crate) async fn codes_of(
    tx: &mut Tx,
    table: &str,
    column: &str,
    case_id: i64,
) -> Result<Vec<String>> {
    sqlx::query(&format!(
        "SELECT {column} FROM {table} WHERE case_id = $1 ORDER BY {column}"
    ))
    .bind(case_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>(0).map_err(StoreError::from))
    .collect()
}

/// Replaces a case's codes in one of its code tables.
async fn replace_codes(
    tx: &mut Tx,
    table: &str,
    column: &str,
    case_id: i64,
    codes: &[String],
) -> Result<()> {
    sqlx::query(&format!("DELETE FROM {table} WHERE case_id = $1"))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    for c in codes {
        sqlx::query(&format!(
            "INSERT INTO {table} (case_id, {column}) VALUES ($1, $2)"
        ))
        .bind(case_id)
        .bind(c.clone())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A case's classification and registration facts as they stand.
async fn classification_of(tx: &mut Tx, case_id: i64) -> Result<(Classification, Registration)> {
    let r = sqlx::query(
        "SELECT kind, scope, elements, origin_district, transit_points, exit_point, summary, \
         district_code, fir_number, fir_date, reported_on, reported_via FROM cases WHERE id = $1",
    )
    .bind(case_id)
    .fetch_one(&mut **tx)
    .await?;
    let day = |d: String| -> Result<NaiveDate> {
        d.get(..10)
            .and_then(|d| d.parse().ok())
            .ok_or_else(|| StoreError::Config(format!("bad date {d}")))
    };
    let date = |s: Option<String>| -> Result<Option<NaiveDate>> { s.map(day).transpose() };
    let registration = Registration {
        district: r.try_get("district_code")?,
        fir_number: r.try_get("fir_number")?,
        fir_date: date(r.try_get("fir_date")?)?,
        reported_on: day(r.try_get("reported_on")?)?,
    };
    let classification = Classification {
        kind: parse(r.try_get("kind")?)?,
        elements: serde_json::from_str(&r.try_get::<String, _>("elements")?).unwrap_or_default(),
        offences: codes_of(tx, "case_offences", "offence_code", case_id).await?,
        exploitation: codes_of(tx, "case_exploitation", "form_code", case_id).await?,
        scope: parse(r.try_get("scope")?)?,
        origin_district: r.try_get("origin_district")?,
        transit_points: serde_json::from_str(&r.try_get::<String, _>("transit_points")?)
            .unwrap_or_default(),
        exit_point: r.try_get("exit_point")?,
        destination_countries: codes_of(tx, "case_destinations", "country", case_id).await?,
        summary: r.try_get("summary")?,
        reported_via: r
            .try_get::<Option<String>, _>("reported_via")?
            .map(parse)
            .transpose()?,
    }
    .normalized();
    Ok((classification, registration))
}

/// The facts columns of a `case_persons` row.
fn facts_from(r: &AnyRow) -> Result<PersonFacts> {
    let code = |c: &str| r.try_get::<Option<String>, _>(c);
    Ok(PersonFacts {
        public_official: r.try_get::<i64, _>("public_official")? == 1,
        official_agency: code("official_agency")?,
        paid_amount: r.try_get("paid_amount")?,
        paid_currency: code("paid_currency")?,
        paid_method: code("paid_method")?.map(parse).transpose()?,
        recruitment_methods: match code("recruitment_methods")? {
            None => Vec::new(),
            Some(j) => serde_json::from_str::<Vec<String>>(&j)
                .map_err(|e| StoreError::Config(format!("recruitment methods: {e}")))?
                .into_iter()
                .map(parse)
                .collect::<Result<_>>()?,
        },
        recruitment_place: code("recruitment_place")?,
        relationship_to_trafficker: code("relationship_to_trafficker")?.map(parse).transpose()?,
    })
}

pub(crate) async fn touch(tx: &mut Tx, case_id: i64, at: DateTime<Utc>) -> Result<()> {
    sqlx::query("UPDATE cases SET last_activity_at = $1 WHERE id = $2")
        .bind(ts(at))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl<'s> Scoped<'s> {
    /// Loads a case inside the actor's jurisdiction, or `NotFound`.
    pub(crate) async fn case_row<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
        &self,
        ex: E,
        id: i64,
    ) -> Result<CaseRow> {
        let mut q = Q::new("SELECT c.id, c.reference, c.stage, c.fir_number, c.reported_on, c.elements FROM cases c WHERE");
        q.push_arg(" c.id = {}", id);
        push_scope(&mut q, &self.ctx.actor);
        let r = q
            .query()
            .fetch_optional(ex)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(CaseRow {
            id: r.try_get("id")?,
            reference: r.try_get("reference")?,
            stage: parse(r.try_get("stage")?)?,
            has_fir: r.try_get::<Option<String>, _>("fir_number")?.is_some(),
            reported_on: r
                .try_get::<String, _>("reported_on")?
                .parse()
                .map_err(|_| StoreError::Config("bad date".into()))?,
            elements: serde_json::from_str(&r.try_get::<String, _>("elements")?)
                .unwrap_or_default(),
        })
    }

    /// The place and stage of a case inside the actor's jurisdiction, read inside `tx` (for a
    /// write that moves it), or `NotFound`.
    pub(crate) async fn case_for_update(&self, tx: &mut Tx, id: i64) -> Result<AnyRow> {
        let mut q = Q::new(
            "SELECT c.stage, c.district_code, c.province_code, c.agency_id FROM cases c WHERE",
        );
        q.push_arg(" c.id = {}", id);
        push_scope(&mut q, &self.ctx.actor);
        q.query()
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Cases in the actor's jurisdiction matching `f`, newest first, with the total count.
    pub async fn list_cases(&self, f: &CaseFilter) -> Result<(Vec<CaseSummary>, i64)> {
        self.require(Action::ViewCases, "this role sees aggregates only")?;
        let filtered = |from: &str, text: TextMatch| {
            let mut q = Q::new(from);
            push_scope(&mut q, &self.ctx.actor);
            push_case_filters(&mut q, f, self.store, &self.ctx.actor, text);
            q
        };
        // The true total from the tallies where they hold the filter (they are kept in step
        // with the cases in the same transaction), else by counting.
        let source = crate::cases::tallies::Source::stages(f);
        let count = |text: TextMatch| {
            let mut q = filtered(source.stages_from(), text);
            q.sql = format!("SELECT {} AS n{}", source.n(), q.sql);
            async move {
                Ok::<i64, StoreError>(q.query().fetch_one(self.store.pool()).await?.try_get("n")?)
            }
        };
        // Search text is first taken whole (a reference, an FIR number, a code); only when
        // nothing is found so is it looked for inside references and FIR numbers.
        let mut text = TextMatch::Whole;
        let mut total = count(text).await?;
        if total == 0 && f.q.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            text = TextMatch::Part;
            total = count(text).await?;
        }
        let per_page = f.page_size();
        let page = crate::page_number(f.page);
        let mut q = filtered(" WHERE 1 = 1", text);
        let after = f.after.as_deref().map(str::trim).filter(|a| !a.is_empty());
        if let Some(after) = after {
            let (day, id) = after
                .split_once(',')
                .and_then(|(d, i)| Some((d.parse::<NaiveDate>().ok()?, i.parse::<i64>().ok()?)))
                .ok_or_else(|| field("after", "Use the next value of the previous page"))?;
            let (d1, d2, i) = (q.arg(day.to_string()), q.arg(day.to_string()), q.arg(id));
            q.push(&format!(
                " AND (c.reported_on < {d1} OR (c.reported_on = {d2} AND c.id < {i}))"
            ));
        }
        q.sql = format!("SELECT {SUMMARY_COLUMNS} FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id{} ORDER BY c.reported_on DESC, c.id DESC", q.sql);
        q.push_arg(" LIMIT {}", per_page);
        if after.is_none() {
            q.push_arg(" OFFSET {}", (page - 1) * per_page);
        }
        let rows = q.query().fetch_all(self.store.pool()).await?;
        let mut items = rows.iter().map(summary_from).collect::<Result<Vec<_>>>()?;
        self.attach_victim_codes(&mut items).await?;
        Ok((items, total))
    }

    /// The summaries of these cases (those in the actor's jurisdiction).
    pub(crate) async fn list_cases_by_ids(&self, ids: &[i64]) -> Result<Vec<CaseSummary>> {
        let mut q = Q::new(&format!("SELECT {SUMMARY_COLUMNS} FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id WHERE"));
        q.push_in("c.id", ids);
        push_scope(&mut q, &self.ctx.actor);
        let rows = q.query().fetch_all(self.store.pool()).await?;
        let mut items = rows.iter().map(summary_from).collect::<Result<Vec<_>>>()?;
        self.attach_victim_codes(&mut items).await?;
        Ok(items)
    }

    pub(crate) async fn attach_victim_codes(&self, items: &mut [CaseSummary]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = items.iter().map(|c| c.id).collect();
        let mut q =
            Q::new("SELECT case_id, victim_code FROM case_persons WHERE role = 'victim' AND");
        q.push_in("case_id", &ids);
        q.push(" ORDER BY id");
        for r in q.query().fetch_all(self.store.pool()).await? {
            let case_id: i64 = r.try_get("case_id")?;
            if let (Some(c), Some(code)) = (
                items.iter_mut().find(|c| c.id == case_id),
                r.try_get::<Option<String>, _>("victim_code")?,
            ) {
                c.victim_codes.push(code);
            }
        }
        Ok(())
    }

    /// One case with its persons (victims by code), history and hearings; the read is audited.
    pub async fn get_case(&self, id: i64) -> Result<CaseDetail> {
        let c = self.case_detail(id).await?;
        self.audit_case_read(&c).await?;
        Ok(c)
    }

    /// The audit row of a case read.
    async fn audit_case_read(&self, c: &CaseDetail) -> Result<()> {
        let id = c.case.id;
        self.audit_read(
            "case",
            id.to_string(),
            Some(id),
            Some(c.case.reference.clone()),
        )
        .await
    }

    /// A case's page: the record as `get_case` gives it (audited the same way), then in one
    /// round beside the audit row the staff who may be named on it, its recruitment agents,
    /// the returnees whose debriefing opened it, and the agencies when `agencies_if` says the
    /// page wants them. The record's read is the page's one scope check: whether the case is
    /// in the actor's own scope and where it is come from it, so nothing after it looks the
    /// case up again, and a case read through a transfer gets none of these (they are its new
    /// jurisdiction's). The checks stay here, inside the scoped door: a caller cannot hand in a
    /// case it says it has checked.
    pub async fn case_page(
        &self,
        id: i64,
        agencies_if: impl FnOnce(&CaseDetail) -> bool,
    ) -> Result<CasePageRecord> {
        let detail = self.case_detail(id).await?;
        let own = !detail.read_only;
        let officers = async {
            if own && self.ctx.actor.may(Action::AssignCases) {
                self.officers_covering(&detail.case.province_code, &detail.case.district_code)
                    .await
            } else {
                Ok((Vec::new(), Vec::new()))
            }
        };
        let agents = async {
            if own {
                self.agents_of_case(id).await
            } else {
                Ok(Vec::new())
            }
        };
        let returnees = async {
            if own {
                self.case_returnees(id).await
            } else {
                Ok(Vec::new())
            }
        };
        let want_agencies = agencies_if(&detail);
        let agencies = async {
            if want_agencies {
                self.store.agencies().await
            } else {
                Ok(Vec::new())
            }
        };
        let ((), officers, agents, returnees, agencies) = tokio::try_join!(
            self.audit_case_read(&detail),
            officers,
            agents,
            returnees,
            agencies
        )?;
        Ok(CasePageRecord {
            detail,
            officers,
            agents,
            returnees,
            agencies,
        })
    }

    /// The case page in two rounds of reads run side by side on the pool, however much the case
    /// holds: the case row (with whether it is in the actor's own scope) and its transfers,
    /// which give the cutoff; then the rest of the record (the codes, persons, history,
    /// hearings, amendments and documents), up to the day the case left the actor's
    /// jurisdiction when it is read through a transfer. No read holds a connection while it
    /// waits for another, so the pool cannot deadlock on a page.
    async fn case_detail(&self, id: i64) -> Result<CaseDetail> {
        self.require(Action::ViewCases, "this role sees aggregates only")?;
        let actor = &self.ctx.actor;
        // The row when it is in the actor's own scope or readable through a transfer, and
        // which of the two: one read where a check and then the read were two.
        let mut q = Q::new(&format!(
            "SELECT {SUMMARY_COLUMNS}, c.elements, c.origin_district, c.exit_point, c.transit_points, c.summary, c.reported_via, \
             io.username AS io_username, io.display_name AS io_name, sv.username AS sv_username, sv.display_name AS sv_name, \
             CASE WHEN 1 = 1"
        ));
        push_scope(&mut q, actor);
        q.push(
            " THEN 1 ELSE 0 END AS own \
             FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id \
             LEFT JOIN users io ON io.id = c.investigating_officer_id LEFT JOIN users sv ON sv.id = c.supervisor_id WHERE",
        );
        q.push_arg(" c.id = {}", id);
        q.push(" AND ((1 = 1");
        push_scope(&mut q, actor);
        q.push(") OR (1 = 1");
        crate::cases::transfers::push_transferred(&mut q, actor);
        q.push("))");
        let pool = self.store.pool();
        let (r, transfers) = tokio::try_join!(
            async { Ok(q.query().fetch_optional(pool).await?) },
            self.transfers_of(id),
        )?;
        let r = r.ok_or(StoreError::NotFound)?;
        let own = r.try_get::<i64, _>("own")? == 1;
        // Read through a transfer: the sending side sees the record up to the day it left;
        // a supervisor deciding an offered case sees it all.
        let cutoff: Option<String> = if own {
            None
        } else {
            transfers
                .iter()
                .rev()
                .find(|t| {
                    t.status == "accepted"
                        && reference::district_by_code(&t.from_district)
                            .is_some_and(|d| actor.jurisdiction.covers(&d.province_code, &d.code))
                })
                .and_then(|t| t.decided_at.clone())
        };
        let until = cutoff.clone().unwrap_or_else(|| "9999".into());
        let until = until.as_str();
        // The three code lists in one read, told apart by `list`.
        let codes = async {
            let rows = sqlx::query(
                "SELECT 'o' AS list, offence_code AS code FROM case_offences WHERE case_id = $1 \
                 UNION ALL SELECT 'e', form_code FROM case_exploitation WHERE case_id = $1 \
                 UNION ALL SELECT 'd', country FROM case_destinations WHERE case_id = $1 \
                 ORDER BY list, code",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let (mut offences, mut exploitation, mut destinations) =
                (Vec::new(), Vec::new(), Vec::new());
            for r in &rows {
                let code: String = r.try_get("code")?;
                match r.try_get::<String, _>("list")?.as_str() {
                    "o" => offences.push(code),
                    "e" => exploitation.push(code),
                    "d" => destinations.push(code),
                    other => {
                        return Err(StoreError::Config(format!("unknown code list '{other}'")))
                    }
                }
            }
            Ok((offences, exploitation, destinations))
        };
        let events = async {
            sqlx::query(
                "SELECT e.from_stage, e.to_stage, e.remark, e.at, u.username FROM case_events e LEFT JOIN users u ON u.id = e.user_id \
                 WHERE e.case_id = $1 AND e.at <= $2 ORDER BY e.at, e.id",
            )
            .bind(id)
            .bind(until)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                Ok(StageEvent {
                    from_stage: r.try_get::<Option<String>, _>("from_stage")?.map(parse).transpose()?,
                    to_stage: parse(r.try_get("to_stage")?)?,
                    remark: r.try_get("remark")?,
                    at: r.try_get("at")?,
                    by: r.try_get("username")?,
                })
            })
            .collect::<Result<Vec<_>>>()
        };
        let hearings = async {
            sqlx::query("SELECT id, hearing_date, court, purpose, outcome, adjournment_reason, adjourned_by, outcome_note FROM hearings WHERE case_id = $1 AND created_at <= $2 ORDER BY hearing_date, id")
                .bind(id)
                .bind(until)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| {
                    let code = |c: &str| -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(c)?) };
                    Ok(Hearing {
                        id: r.try_get("id")?,
                        hearing_date: r.try_get("hearing_date")?,
                        court: r.try_get("court")?,
                        purpose: r.try_get("purpose")?,
                        outcome: code("outcome")?.map(parse).transpose()?,
                        adjournment_reason: code("adjournment_reason")?.map(parse).transpose()?,
                        adjourned_by: code("adjourned_by")?.map(parse).transpose()?,
                        outcome_note: code("outcome_note")?,
                    })
                })
                .collect::<Result<Vec<_>>>()
        };
        let amendments = async {
            sqlx::query(
                "SELECT m.previous, m.amended, m.reason, m.at, u.username FROM case_amendments m \
                 LEFT JOIN users u ON u.id = m.user_id WHERE m.case_id = $1 AND m.at <= $2 ORDER BY m.at, m.id",
            )
            .bind(id)
            .bind(until)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                let json = |c: &str| -> Result<Classification> {
                    serde_json::from_str(&r.try_get::<String, _>(c)?)
                        .map_err(|e| StoreError::Config(format!("amendment {c}: {e}")))
                };
                Ok(Amendment {
                    changes: json("previous")?.changes(&json("amended")?),
                    at: r.try_get("at")?,
                    by: r.try_get("username")?,
                    reason: r.try_get("reason")?,
                })
            })
            .collect::<Result<Vec<_>>>()
        };
        // Documents go with the case: none for a reader through a transfer.
        let documents = async {
            if own {
                self.documents_of(id).await
            } else {
                Ok(Vec::new())
            }
        };
        let (
            (offences, exploitation, destination_countries),
            persons,
            events,
            hearings,
            amendments,
            documents,
        ) = tokio::try_join!(
            codes,
            self.persons_of(id, until),
            events,
            hearings,
            amendments,
            documents,
        )?;
        let mut summary = summary_from(&r)?;
        summary.victim_codes = persons
            .iter()
            .filter_map(|p| p.victim_code.clone())
            .collect();
        let officer = |u: &str, n: &str| -> Result<Option<Officer>> {
            Ok(
                match (
                    r.try_get::<Option<String>, _>(u)?,
                    r.try_get::<Option<String>, _>(n)?,
                ) {
                    (Some(username), Some(display_name)) => Some(Officer {
                        username,
                        display_name,
                    }),
                    _ => None,
                },
            )
        };
        let investigating_officer = officer("io_username", "io_name")?;
        let supervisor = officer("sv_username", "sv_name")?;
        Ok(CaseDetail {
            amendments,
            documents,
            read_only: !own,
            left_at: cutoff,
            transfers,
            reported_via: r
                .try_get::<Option<String>, _>("reported_via")?
                .map(parse)
                .transpose()?,
            investigating_officer,
            supervisor,
            allowed_next: summary.stage.next().to_vec(),
            case: summary,
            elements: serde_json::from_str(&r.try_get::<String, _>("elements")?)
                .unwrap_or_default(),
            offences,
            exploitation,
            origin_district: r.try_get("origin_district")?,
            transit_points: serde_json::from_str(&r.try_get::<String, _>("transit_points")?)
                .unwrap_or_default(),
            exit_point: r.try_get("exit_point")?,
            destination_countries,
            summary: r.try_get("summary")?,
            persons,
            events,
            hearings,
        })
    }

    /// Persons of a case already known to be in scope. Names are decrypted for accused,
    /// witnesses and complainants, never for victims.
    pub(crate) async fn persons_of(&self, case_id: i64, until: &str) -> Result<Vec<CasePerson>> {
        let sql = format!(
            "SELECT cp.id, cp.role, cp.victim_code, cp.age_years, cp.is_child, cp.accused_status, cp.sentence, cp.fine_pkr, \
             p.uid, p.sex, p.relation, p.nationality, p.district_code, p.name_enc, p.father_name_enc, p.cnic_enc, \
             CASE WHEN {PROTECTED} THEN 1 ELSE 0 END AS protected, \
             (SELECT MAX(w.id) FROM watchlist_entries w WHERE w.case_person_id = cp.id AND w.active = 1) AS exit_entry, \
             cp.public_official, cp.official_agency, cp.paid_amount, cp.paid_currency, cp.paid_method, \
             cp.recruitment_methods, cp.recruitment_place, cp.relationship_to_trafficker \
             FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = $1 AND cp.created_at <= $2 ORDER BY cp.id"
        );
        let rows = sqlx::query(&sql)
            .bind(case_id)
            .bind(until.to_owned())
            .fetch_all(self.store.pool())
            .await?;
        let v = self.store.vault();
        rows.iter()
            .map(|r| {
                let role: PersonRole = parse(r.try_get("role")?)?;
                let uid: String = r.try_get("uid")?;
                // A person who is a victim anywhere is never shown by name, whatever the role here.
                let protected = r.try_get::<i64, _>("protected")? == 1;
                let (name, father_name, cnic, relation) = if role == PersonRole::Victim || protected
                {
                    (None, None, None, None)
                } else {
                    (
                        Some(v.decrypt(
                            &format!("persons.name:{uid}"),
                            &r.try_get::<String, _>("name_enc")?,
                        )?),
                        v.decrypt_opt(
                            &format!("persons.father_name:{uid}"),
                            r.try_get::<Option<String>, _>("father_name_enc")?
                                .as_deref(),
                        )?,
                        v.decrypt_opt(
                            &format!("persons.cnic:{uid}"),
                            r.try_get::<Option<String>, _>("cnic_enc")?.as_deref(),
                        )?,
                        r.try_get::<Option<String>, _>("relation")?,
                    )
                };
                Ok(CasePerson {
                    possible_duplicates: Vec::new(),
                    relation,
                    id: r.try_get("id")?,
                    person_uid: uid,
                    role,
                    victim_code: r.try_get("victim_code")?,
                    name,
                    father_name,
                    cnic,
                    sex: parse::<Sex>(r.try_get("sex")?)?,
                    age_years: r.try_get("age_years")?,
                    is_child: r.try_get::<i64, _>("is_child")? == 1,
                    nationality: r.try_get("nationality")?,
                    district_code: r.try_get("district_code")?,
                    accused_status: r
                        .try_get::<Option<String>, _>("accused_status")?
                        .map(parse)
                        .transpose()?,
                    sentence: r.try_get("sentence")?,
                    fine_pkr: r.try_get("fine_pkr")?,
                    exit_entry: r.try_get("exit_entry")?,
                    facts: facts_from(r)?,
                })
            })
            .collect()
    }

    /// Registers a case in the actor's jurisdiction; returns its id.
    pub async fn create_case(&self, c: NewCase) -> Result<i64> {
        self.require(Action::EditCases, "this role cannot register cases")?;
        let c = c.validate(self.store.today())?;
        let mut w = self.store.write().await?;
        let (id, _) = self.register_case(&mut w.tx, &c, None).await?;
        w.commit().await?;
        Ok(id)
    }

    /// Registers a validated case inside `tx` (the caller holds the write): checks the
    /// district against the jurisdiction, the station, the consent rule; writes the case at
    /// `stage` (else "FIR registered" with an FIR, "complaint received" without) and its audit
    /// row. Returns its id and reference.
    pub(crate) async fn register_case(
        &self,
        tx: &mut Tx,
        c: &NewCase,
        stage: Option<Stage>,
    ) -> Result<(i64, String)> {
        let today = self.store.today();
        // `NewCase::validate` refuses a district not in the list.
        let Some(district) = reference::district_by_code(&c.district) else {
            return Err(field("district", "choose a district"));
        };
        if !self
            .ctx
            .actor
            .jurisdiction
            .covers(&district.province_code, &district.code)
        {
            return Err(field(
                "district",
                format!(
                    "you can register cases only in your jurisdiction ({})",
                    self.ctx.actor.jurisdiction.label()
                ),
            ));
        }
        if let Some(agency) = c.agency_id {
            if !self.store.agencies().await?.iter().any(|a| a.id == agency) {
                return Err(field("agency_id", "unknown police station or circle"));
            }
        }
        if c.fir_number.is_some()
            && self
                .store
                .registration_consent_required(&district.province_code)
        {
            return Err(field(
                "fir_number",
                "Consent is required here: register the complaint without its FIR, record each victim's consent, then register the FIR",
            ));
        }
        let stage = match stage {
            Some(s) if c.fir_number.is_none() => s,
            _ if c.fir_number.is_some() => Stage::FirRegistered,
            _ => Stage::ComplaintReceived,
        };
        let now = self.store.now();
        let (id, reference) = insert_case(
            tx,
            c,
            stage,
            Some(self.ctx.actor.user_id),
            now,
            c.reported_on.unwrap_or(today),
        )
        .await?;
        self.entry(
            tx,
            Entry {
                action: AuditAction::Create,
                entity: "case",
                entity_id: Some(id.to_string()),
                case_id: Some(id),
                detail: Some(format!("{reference} ({}, {})", c.kind.code(), stage.code())),
            },
        )
        .await?;
        Ok((id, reference))
    }

    /// Adds a person to a case in the actor's jurisdiction; a victim gets a code.
    pub async fn add_person(&self, case_id: i64, p: NewPerson) -> Result<CasePerson> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let p = p.validate(self.store.today())?;
        let now = self.store.now();
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        let what = if p.cnic.is_some() { "cnic" } else { "passport" };
        match existing_person(self.store, &mut w.tx, &p).await? {
            Some(_) if !p.link_existing => {
                return Err(field(
                    what,
                    format!("a person with this {} is already on record: if this is the same person, tick \"same person\" to link the existing record; otherwise check the number", what.to_uppercase()),
                ));
            }
            Some(pid) => {
                let dup = sqlx::query("SELECT id FROM case_persons WHERE case_id = $1 AND person_id = $2 AND role = $3")
                    .bind(case.id)
                    .bind(pid)
                    .bind(p.role.code())
                    .fetch_optional(&mut *w.tx)
                    .await?;
                if dup.is_some() {
                    return Err(field(
                        "role",
                        format!(
                            "this person is already in the case as {}",
                            p.role.label().to_lowercase()
                        ),
                    ));
                }
            }
            None if p.link_existing => {
                return Err(field(
                    "link_existing",
                    "no person is on record with this CNIC or passport: untick \"same person\"",
                ));
            }
            None => {}
        }
        let (cp_id, code, is_child) = insert_person(
            self.store,
            &mut w.tx,
            case.id,
            &case.reference,
            case.reported_on,
            &p,
            Some(self.ctx.actor.user_id),
            now,
        )
        .await?;
        if is_child && p.role == PersonRole::Victim && !case.elements.child_victim {
            let mut el = case.elements.clone();
            el.child_victim = true;
            sqlx::query("UPDATE cases SET elements = $1 WHERE id = $2")
                .bind(json_text(&el))
                .bind(case.id)
                .execute(&mut *w.tx)
                .await?;
        }
        // Re-trafficking: a victim already known to protection reappears in a new case.
        if p.role == PersonRole::Victim {
            if let Some(cnic) = p.cnic.as_deref() {
                let bidx = self.store.vault().blind_index("cnic", cnic);
                let flagged = sqlx::query(
                    "UPDATE victims SET retrafficked = 1 WHERE retrafficked = 0 AND person_id IN \
                     (SELECT id FROM persons WHERE cnic_bidx = $1)",
                )
                .bind(bidx)
                .execute(&mut *w.tx)
                .await?
                .rows_affected();
                if flagged > 0 {
                    self.entry(
                        &mut w.tx,
                        Entry {
                            action: AuditAction::Update,
                            entity: "victim",
                            entity_id: None,
                            case_id: Some(case.id),
                            detail: Some(format!(
                                "re-trafficking flag on {flagged} earlier protection record(s)"
                            )),
                        },
                    )
                    .await?;
                }
            }
        }
        touch(&mut w.tx, case.id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "case_person",
                entity_id: Some(cp_id.to_string()),
                case_id: Some(case.id),
                detail: Some(match &code {
                    Some(c) => format!("victim {c}"),
                    None => p.role.code().to_owned(),
                }),
            },
        )
        .await?;
        w.commit().await?;
        let person_id: i64 = sqlx::query("SELECT person_id FROM case_persons WHERE id = $1")
            .bind(cp_id)
            .fetch_one(self.store.pool())
            .await?
            .try_get("person_id")?;
        self.store.index_person(person_id, &p);
        let mut added = self
            .persons_of(case.id, "9999")
            .await?
            .into_iter()
            .find(|x| x.id == cp_id)
            .ok_or(StoreError::NotFound)?;
        added.possible_duplicates = self.possible_duplicates(person_id, &p).await?;
        Ok(added)
    }

    /// A victim's identifying details, for users with a need to know; the view is audited
    /// (the audit row commits before the details are returned).
    pub async fn victim_identity(
        &self,
        case_id: i64,
        case_person_id: i64,
    ) -> Result<VictimIdentity> {
        self.require(
            Action::ViewVictimIdentity,
            "this role may not see victims' identities",
        )?;
        let case = self.case_row(self.store.pool(), case_id).await?;
        let r = sqlx::query(
            "SELECT cp.victim_code, p.uid, p.name_enc, p.father_name_enc, p.relation, p.dob_enc, p.cnic_enc, p.passport_enc, \
             p.phone_enc, p.address_enc, p.religion, p.disability \
             FROM case_persons cp JOIN persons p ON p.id = cp.person_id WHERE cp.id = $1 AND cp.case_id = $2 AND cp.role = 'victim'",
        )
        .bind(case_person_id)
        .bind(case.id)
        .fetch_optional(self.store.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let identity = decrypt_identity(self.store, &r, r.try_get("victim_code")?)?;
        let mut w = self.store.write().await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::ViewIdentity,
                entity: "victim",
                entity_id: Some(case_person_id.to_string()),
                case_id: Some(case.id),
                detail: Some(identity.victim_code.clone()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(identity)
    }

    /// Moves a case to another stage along an allowed transition.
    pub async fn transition(&self, case_id: i64, req: TransitionRequest) -> Result<Stage> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let now = self.store.now();
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        let offences = codes_of(&mut w.tx, "case_offences", "offence_code", case.id).await?;
        if req.to == Stage::FirRegistered {
            self.check_registration_consent(&mut w.tx, case.id).await?;
        }
        let remark = check_transition(
            &self.ctx.actor,
            case.stage,
            &req,
            case.has_fir,
            &offences,
            self.store.today(),
        )?;
        let mut q = Q::new("UPDATE cases SET");
        q.push_arg(" stage = {}", req.to.code());
        q.push_arg(", last_activity_at = {}", ts(now));
        if req.to == Stage::FirRegistered && !case.has_fir {
            q.push_arg(
                ", fir_number = {}",
                req.fir_number.as_deref().unwrap_or_default().trim(),
            );
            q.push_arg(
                ", fir_date = {}",
                req.fir_date.map(|d| d.to_string()).unwrap_or_default(),
            );
        }
        q.push_arg(" WHERE id = {}", case.id);
        q.push_arg(" AND stage = {}", case.stage.code());
        if q.query().execute(&mut *w.tx).await?.rows_affected() != 1 {
            return Err(field(
                "to",
                "the case changed meanwhile: reload it and try again",
            ));
        }
        self.stage_event(&mut w.tx, case.id, case.stage, req.to, remark, now)
            .await?;
        w.commit().await?;
        Ok(req.to)
    }

    /// Appends a move of the case's stage to its history and the audit trail (the case row
    /// was updated by the caller).
    async fn stage_event(
        &self,
        tx: &mut Tx,
        case_id: i64,
        from: Stage,
        to: Stage,
        remark: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO case_events (case_id, from_stage, to_stage, remark, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(case_id)
            .bind(from.code())
            .bind(to.code())
            .bind(remark)
            .bind(self.ctx.actor.user_id)
            .bind(ts(now))
            .execute(&mut **tx)
            .await?;
        self.entry(
            tx,
            Entry {
                action: AuditAction::Transition,
                entity: "case",
                entity_id: Some(case_id.to_string()),
                case_id: Some(case_id),
                detail: Some(format!("{} -> {}", from.code(), to.code())),
            },
        )
        .await
    }

    /// Moves a case from `from` to `to` as a consequence of another record (a challan's
    /// scrutiny, a judgment), with its history and audit; refused if the case moved meanwhile.
    pub(crate) async fn move_stage(
        &self,
        tx: &mut Tx,
        case_id: i64,
        from: Stage,
        to: Stage,
        remark: String,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE cases SET stage = $1, last_activity_at = $2 WHERE id = $3 AND stage = $4",
        )
        .bind(to.code())
        .bind(ts(now))
        .bind(case_id)
        .bind(from.code())
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(field(
                "to",
                "the case changed meanwhile: reload it and try again",
            ));
        }
        self.stage_event(tx, case_id, from, to, Some(remark), now)
            .await
    }

    /// Amends a case's classification (kind, legal elements, offences, forms, route, summary)
    /// with a reason: checked by the rules a new case meets, the previous classification kept
    /// in the case's history, audited with what changed. A case that is decided or closed is
    /// amended only by a supervisor or the national coordinator. Returns what changed.
    pub async fn amend_case(&self, case_id: i64, a: CaseAmendment) -> Result<Vec<Change>> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let mut e = FieldErrors::new();
        let reason = a.reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
        match reason {
            None => e.add("reason", "Enter why the case is amended"),
            Some(r) if r.chars().count() > 2000 => {
                e.add("reason", "Keep the reason under 2,000 characters")
            }
            Some(_) => {}
        }
        let now = self.store.now();
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        if !case.stage.is_open()
            && !self.ctx.actor.has_any(&[
                hifazat_domain::UserRole::Supervisor,
                hifazat_domain::UserRole::NationalCoordinator,
            ])
        {
            return Err(StoreError::Forbidden(
                "a decided or closed case is amended only by a supervisor",
            ));
        }
        let (before, registration) = classification_of(&mut w.tx, case.id).await?;
        let after = match a.classification.validate(&registration, self.store.today()) {
            Ok(c) => Some(c),
            Err(v) => {
                e.extend(v);
                None
            }
        };
        let changes = after
            .as_ref()
            .map(|after| before.changes(after))
            .unwrap_or_default();
        if after.is_some() && changes.is_empty() {
            e.add(
                "kind",
                "Nothing was changed: change the kind, elements, offences, forms or route, or go back to the case",
            );
        }
        // A check that gives `None` has recorded its message in `e`.
        let (Some(after), Some(reason)) = (after, reason) else {
            return Err(e.into());
        };
        if !e.is_empty() {
            return Err(e.into());
        }
        sqlx::query(
            "UPDATE cases SET kind = $1, scope = $2, elements = $3, origin_district = $4, transit_points = $5, \
             exit_point = $6, summary = $7, last_activity_at = $8, reported_via = $9 WHERE id = $10",
        )
        .bind(after.kind.code())
        .bind(after.scope.code())
        .bind(json_text(&after.elements))
        .bind(after.origin_district.clone())
        .bind(json_text(&after.transit_points))
        .bind(after.exit_point.clone())
        .bind(after.summary.clone())
        .bind(ts(now))
        .bind(after.reported_via.map(|r| r.code()))
        .bind(case.id)
        .execute(&mut *w.tx)
        .await?;
        replace_codes(
            &mut w.tx,
            "case_offences",
            "offence_code",
            case.id,
            &after.offences,
        )
        .await?;
        replace_codes(
            &mut w.tx,
            "case_exploitation",
            "form_code",
            case.id,
            &after.exploitation,
        )
        .await?;
        replace_codes(
            &mut w.tx,
            "case_destinations",
            "country",
            case.id,
            &after.destination_countries,
        )
        .await?;
        sqlx::query(
            "INSERT INTO case_amendments (case_id, previous, amended, reason, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(case.id)
        .bind(json_text(&before))
        .bind(json_text(&after))
        .bind(reason.to_owned())
        .bind(self.ctx.actor.user_id)
        .bind(ts(now))
        .execute(&mut *w.tx)
        .await?;
        let detail = changes
            .iter()
            .map(|c| {
                let mut s = c.field.to_owned();
                for r in &c.removed {
                    s.push_str(&format!(" -{r}"));
                }
                for a in &c.added {
                    s.push_str(&format!(" +{a}"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; ");
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "case_classification",
                entity_id: Some(case.id.to_string()),
                case_id: Some(case.id),
                detail: Some(detail),
            },
        )
        .await?;
        w.commit().await?;
        Ok(changes)
    }

    /// Records an accused person's new status (kept with its history).
    pub async fn set_accused_status(
        &self,
        case_id: i64,
        case_person_id: i64,
        change: AccusedStatusChange,
    ) -> Result<()> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let change = change.validate()?;
        let now = self.store.now();
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        let lifted = self
            .apply_accused_status(&mut w.tx, case.id, case_person_id, change, now)
            .await?;
        w.commit().await?;
        self.store.unindex_watchlist_entries(&lifted);
        Ok(())
    }

    /// Sets an accused's status in the transaction `tx`, with its history and audit; an accused
    /// put on the exit blacklist from this case while free comes off it once no longer free.
    /// Returns the watchlist entries lifted, to take out of the screening index after commit.
    pub(crate) async fn apply_accused_status(
        &self,
        tx: &mut Tx,
        case_id: i64,
        case_person_id: i64,
        change: AccusedStatusChange,
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        let n = sqlx::query("UPDATE case_persons SET accused_status = $1, sentence = $2, fine_pkr = $3 WHERE id = $4 AND case_id = $5 AND role = 'accused'")
            .bind(change.status.code())
            .bind(change.sentence.clone())
            .bind(change.fine_pkr)
            .bind(case_person_id)
            .bind(case_id)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("INSERT INTO accused_status_events (case_person_id, status, sentence, fine_pkr, remark, user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(case_person_id)
            .bind(change.status.code())
            .bind(change.sentence)
            .bind(change.fine_pkr)
            .bind(change.remark)
            .bind(self.ctx.actor.user_id)
            .bind(ts(now))
            .execute(&mut **tx)
            .await?;
        touch(tx, case_id, now).await?;
        let mut lifted = Vec::new();
        if !change.status.exit_controlled() {
            lifted = sqlx::query(
                "SELECT id FROM watchlist_entries WHERE case_person_id = $1 AND active = 1",
            )
            .bind(case_person_id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
            for id in &lifted {
                sqlx::query("UPDATE watchlist_entries SET active = 0, removed_by = $1, removed_at = $2 WHERE id = $3")
                    .bind(self.ctx.actor.user_id)
                    .bind(ts(now))
                    .bind(*id)
                    .execute(&mut **tx)
                    .await?;
                self.entry(
                    tx,
                    Entry {
                        action: AuditAction::Update,
                        entity: "watchlist_entry",
                        entity_id: Some(id.to_string()),
                        case_id: Some(case_id),
                        detail: Some(format!(
                            "removed: the accused is now {}",
                            change.status.code()
                        )),
                    },
                )
                .await?;
            }
        }
        self.entry(
            tx,
            Entry {
                action: AuditAction::Update,
                entity: "accused_status",
                entity_id: Some(case_person_id.to_string()),
                case_id: Some(case_id),
                detail: Some(change.status.code().to_owned()),
            },
        )
        .await?;
        Ok(lifted)
    }

    /// Records the facts about a person in a case (an accused's complicity as a public official;
    /// a victim's payment to agents and recruitment), replacing those recorded before; checked
    /// against the person's role, audited with the facts that changed.
    pub async fn set_person_facts(
        &self,
        case_id: i64,
        case_person_id: i64,
        facts: PersonFacts,
    ) -> Result<()> {
        self.require(Action::EditCases, "this role cannot change cases")?;
        let now = self.store.now();
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        let row = sqlx::query(
            "SELECT cp.role, cp.public_official, cp.official_agency, cp.paid_amount, cp.paid_currency, cp.paid_method, \
             cp.recruitment_methods, cp.recruitment_place, cp.relationship_to_trafficker \
             FROM case_persons cp WHERE cp.id = $1 AND cp.case_id = $2",
        )
        .bind(case_person_id)
        .bind(case.id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let role: PersonRole = parse(row.try_get("role")?)?;
        let before = facts_from(&row)?;
        let f = facts.validate(role)?;
        if f == before {
            return Ok(());
        }
        let methods = (!f.recruitment_methods.is_empty()).then(|| {
            json_text(
                &f.recruitment_methods
                    .iter()
                    .map(|m| m.code())
                    .collect::<Vec<_>>(),
            )
        });
        sqlx::query(
            "UPDATE case_persons SET public_official = $1, official_agency = $2, paid_amount = $3, paid_currency = $4, \
             paid_method = $5, recruitment_methods = $6, recruitment_place = $7, relationship_to_trafficker = $8 WHERE id = $9",
        )
        .bind(f.public_official as i64)
        .bind(f.official_agency.clone())
        .bind(f.paid_amount)
        .bind(f.paid_currency.clone())
        .bind(f.paid_method.map(|m| m.code()))
        .bind(methods)
        .bind(f.recruitment_place.clone())
        .bind(f.relationship_to_trafficker.map(|r| r.code()))
        .bind(case_person_id)
        .execute(&mut *w.tx)
        .await?;
        touch(&mut w.tx, case.id, now).await?;
        let mut changed = Vec::new();
        if (f.public_official, &f.official_agency)
            != (before.public_official, &before.official_agency)
        {
            changed.push("public official");
        }
        if (f.paid_amount, &f.paid_currency, f.paid_method)
            != (
                before.paid_amount,
                &before.paid_currency,
                before.paid_method,
            )
        {
            changed.push("money paid");
        }
        if (
            &f.recruitment_methods,
            &f.recruitment_place,
            f.relationship_to_trafficker,
        ) != (
            &before.recruitment_methods,
            &before.recruitment_place,
            before.relationship_to_trafficker,
        ) {
            changed.push("recruitment");
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "person_facts",
                entity_id: Some(case_person_id.to_string()),
                case_id: Some(case.id),
                detail: Some(changed.join(", ")),
            },
        )
        .await?;
        w.commit().await
    }

    /// Puts an accused who is free (at large, on bail, a proclaimed offender) on the exit
    /// blacklist in one step, from their identity documents on record, linked to their person
    /// record and to the case; the entry is removed when their status changes. Supervisors
    /// and the national coordinator (who keep the watchlists). Returns the entry's id.
    pub async fn blacklist_accused(
        &self,
        case_id: i64,
        case_person_id: i64,
        reason: Option<String>,
    ) -> Result<i64> {
        self.require(
            Action::ManageWatchlists,
            "only the national coordinator and supervisors change watchlists",
        )?;
        self.require(Action::ViewCases, "this role sees aggregates only")?;
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        let r = sqlx::query(&format!(
            "SELECT cp.accused_status, p.id AS person_id, p.uid, p.name_enc, p.father_name_enc, p.dob_enc, p.cnic_enc, \
             p.passport_enc, p.nationality, p.merged_into, CASE WHEN {PROTECTED} THEN 1 ELSE 0 END AS protected, \
             (SELECT MAX(w.id) FROM watchlist_entries w WHERE w.case_person_id = cp.id AND w.active = 1) AS listed \
             FROM case_persons cp JOIN persons p ON p.id = cp.person_id \
             WHERE cp.id = $1 AND cp.case_id = $2 AND cp.role = 'accused'"
        ))
        .bind(case_person_id)
        .bind(case.id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if r.try_get::<Option<i64>, _>("listed")?.is_some() {
            return Err(field(
                "exit",
                "This accused is already on the exit blacklist",
            ));
        }
        if r.try_get::<i64, _>("protected")? == 1 {
            return Err(field(
                "exit",
                "This person is a victim in a case: a victim is never put on a watchlist",
            ));
        }
        let status: Option<hifazat_domain::AccusedStatus> = r
            .try_get::<Option<String>, _>("accused_status")?
            .map(parse)
            .transpose()?;
        let Some(status) = status.filter(|s| s.exit_controlled()) else {
            return Err(field(
                "exit",
                "Only an accused at large, on bail or declared a proclaimed offender is put on the exit blacklist",
            ));
        };
        let uid: String = r.try_get("uid")?;
        let person = crate::sealed::PERSON_IDENTITY.open(self.store.vault(), &r, uid.as_str())?;
        let list = match (&person.cnic, &person.passport) {
            (Some(_), _) => hifazat_domain::screening::WatchlistKind::BlacklistedCnic,
            (None, Some(_)) => hifazat_domain::screening::WatchlistKind::BlacklistedPassport,
            (None, None) => {
                return Err(field(
                    "exit",
                    "Record the accused's CNIC or passport number first: the exit blacklist checks documents",
                ))
            }
        };
        let offences = codes_of(&mut w.tx, "case_offences", "offence_code", case.id).await?;
        let mut why = format!(
            "Accused in case {} ({}){}",
            case.reference,
            status.label().to_lowercase(),
            if offences.is_empty() {
                String::new()
            } else {
                format!(", {}", offences.join(", "))
            }
        );
        if let Some(r) = reason.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if r.chars().count() > 1000 {
                return Err(field("reason", "Keep the reason under 1,000 characters"));
            }
            why.push_str(&format!(": {r}"));
        }
        let entry = hifazat_domain::screening::NewWatchlistEntry {
            list,
            full_name: person.full_name,
            father_name: person.father_name,
            date_of_birth: person.date_of_birth,
            cnic: person.cnic,
            passport: person.passport,
            nationality: r.try_get("nationality")?,
            zone: None,
            reference: Some(case.reference.clone()),
            reason: Some(why),
            person_uid: None,
            expires_on: None,
            review_on: None,
        }
        .validate_on(self.store.today(), true)?;
        let person_id: i64 = r.try_get("person_id")?;
        let person_id = match r.try_get::<Option<i64>, _>("merged_into")? {
            Some(into) => into,
            None => person_id,
        };
        let a = &self.ctx.actor;
        let id = self
            .store
            .insert_watchlist_entry(
                &mut w.tx,
                (Some(a.user_id), &a.username, self.ctx.ip.as_deref()),
                &entry,
                crate::screening::EntryLinks {
                    person_id: Some(person_id),
                    case_person_id: Some(case_person_id),
                    case_id: Some(case.id),
                },
            )
            .await?;
        touch(&mut w.tx, case.id, self.store.now()).await?;
        w.commit().await?;
        self.store.index_watchlist_entry(id, &entry);
        Ok(id)
    }

    /// The staff who may be named on the case: active investigating officers and supervisors
    /// whose jurisdiction covers its district, by name.
    pub async fn officers_for(&self, case_id: i64) -> Result<(Vec<Officer>, Vec<Officer>)> {
        self.require(Action::AssignCases, "only supervisors assign cases")?;
        let (province, district) = self.case_place(case_id).await?;
        self.officers_covering(&province, &district).await
    }

    /// The active investigating officers and supervisors whose jurisdiction covers this place,
    /// by name. The caller has found the case in the actor's scope (private: the place must
    /// come from a scoped read, never from the caller's word).
    async fn officers_covering(
        &self,
        province: &str,
        district: &str,
    ) -> Result<(Vec<Officer>, Vec<Officer>)> {
        let rows = sqlx::query(
            "SELECT username, display_name, roles, jurisdiction FROM users WHERE active = 1 ORDER BY display_name",
        )
        .fetch_all(self.store.pool())
        .await?;
        let (mut ios, mut sups) = (Vec::new(), Vec::new());
        for r in rows {
            let covers = Jurisdiction::from_code(&r.try_get::<String, _>("jurisdiction")?)
                .is_some_and(|j| j.covers(province, district));
            if !covers {
                continue;
            }
            let roles = crate::admin::auth::roles_from(&r.try_get::<String, _>("roles")?);
            let o = Officer {
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
            };
            if roles.contains(&hifazat_domain::UserRole::InvestigatingOfficer) {
                ios.push(o.clone());
            }
            if roles.contains(&hifazat_domain::UserRole::Supervisor) {
                sups.push(o);
            }
        }
        Ok((ios, sups))
    }

    /// The province and district of a case inside the actor's scope.
    async fn case_place(&self, case_id: i64) -> Result<(String, String)> {
        let mut q = Q::new("SELECT c.province_code, c.district_code FROM cases c WHERE");
        q.push_arg(" c.id = {}", case_id);
        push_scope(&mut q, &self.ctx.actor);
        let r = q
            .query()
            .fetch_optional(self.store.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((r.try_get("province_code")?, r.try_get("district_code")?))
    }

    /// Names the case's investigating officer and supervising officer (a supervisor's or the
    /// national coordinator's decision): each must be an active account with that role whose
    /// jurisdiction covers the case; replacing someone needs a reason. Audited with the
    /// previous names; the case counts as active.
    pub async fn assign(&self, case_id: i64, a: Assignment) -> Result<()> {
        self.require(Action::AssignCases, "only supervisors assign cases")?;
        let (ios, sups) = self.officers_for(case_id).await?;
        fn pick(name: &Option<String>) -> Option<&str> {
            name.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        let mut e = FieldErrors::new();
        let io = pick(&a.investigating_officer);
        let sv = pick(&a.supervisor);
        if io.is_some_and(|u| !ios.iter().any(|o| o.username == u)) {
            e.add(
                "investigating_officer",
                "Choose an investigating officer who works in the case's district",
            );
        }
        if sv.is_some_and(|u| !sups.iter().any(|o| o.username == u)) {
            e.add(
                "supervisor",
                "Choose a supervisor who works in the case's district",
            );
        }
        let reason = a.reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if reason.is_some_and(|r| r.chars().count() > 1000) {
            e.add("reason", "Keep the reason under 1,000 characters");
        }
        let now = self.store.now();
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        let before = sqlx::query(
            "SELECT io.username AS io, sv.username AS sv FROM cases c \
             LEFT JOIN users io ON io.id = c.investigating_officer_id \
             LEFT JOIN users sv ON sv.id = c.supervisor_id WHERE c.id = $1",
        )
        .bind(case.id)
        .fetch_one(&mut *w.tx)
        .await?;
        let (old_io, old_sv): (Option<String>, Option<String>) =
            (before.try_get("io")?, before.try_get("sv")?);
        let replaced = |old: &Option<String>, new: Option<&str>| {
            old.as_deref().is_some_and(|o| Some(o) != new)
        };
        if reason.is_none() && (replaced(&old_io, io) || replaced(&old_sv, sv)) {
            e.add("reason", "Enter why the case changes hands");
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        if old_io.as_deref() == io && old_sv.as_deref() == sv {
            return Ok(());
        }
        sqlx::query(
            "UPDATE cases SET investigating_officer_id = (SELECT id FROM users WHERE username = $1), \
             supervisor_id = (SELECT id FROM users WHERE username = $2) WHERE id = $3",
        )
        .bind(io.map(str::to_owned))
        .bind(sv.map(str::to_owned))
        .bind(case.id)
        .execute(&mut *w.tx)
        .await?;
        touch(&mut w.tx, case.id, now).await?;
        let name = |o: Option<&str>| o.unwrap_or("nobody").to_owned();
        let mut detail = format!(
            "investigating officer: {} -> {}; supervisor: {} -> {}",
            name(old_io.as_deref()),
            name(io),
            name(old_sv.as_deref()),
            name(sv)
        );
        if let Some(r) = reason {
            detail.push_str(&format!("; reason: {r}"));
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "case_assignment",
                entity_id: Some(case.id.to_string()),
                case_id: Some(case.id),
                detail: Some(detail),
            },
        )
        .await?;
        w.commit().await
    }

    /// Records a hearing date.
    pub async fn add_hearing(&self, case_id: i64, h: NewHearing) -> Result<i64> {
        self.require(Action::RecordTrial, "this role cannot record hearings")?;
        let mut e = FieldErrors::new();
        let court = h.court.trim().to_owned();
        if court.is_empty() {
            e.add("court", "name the court");
        }
        let today = self.store.today();
        if (h.hearing_date - today).num_days() > 5 * 366 {
            e.add(
                "hearing_date",
                "a hearing more than five years ahead is surely a typing error",
            );
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let now = self.store.now();
        let mut w = self.store.write().await?;
        let case = self.case_row(&mut *w.tx, case_id).await?;
        let id: i64 = sqlx::query("INSERT INTO hearings (case_id, hearing_date, court, purpose, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(case.id)
            .bind(h.hearing_date.to_string())
            .bind(court)
            .bind(h.purpose.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()))
            .bind(self.ctx.actor.user_id)
            .bind(ts(now))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        touch(&mut w.tx, case.id, now).await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "hearing",
                entity_id: Some(id.to_string()),
                case_id: Some(case.id),
                detail: Some(h.hearing_date.to_string()),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }
}
