//! The records behind the statistics, de-identified (a person's internal key, sex, age,
//! nationality, district; never a name, CNIC or victim code), read within the actor's
//! jurisdiction for one period. Counting and protection are `hifazat_stats`' work.
//!
//! Who may ask for what is decided here, where a page cannot skip it: aggregate-only users
//! (analysts) may ask only for whole calendar years that have ended. Overlapping periods would
//! let two releases be subtracted to reveal a small count (a year to date this month minus
//! the same last month); whole past years share no records and do not change.
//!
//! Beside it: the Red Book and Gazette editions, published figures imported beside ours, and the
//! national action plan's monitoring matrix.

pub mod editions;
pub mod plan;
pub mod published;

use crate::scoped::push_scope;
use crate::sql::Q;
use crate::{Result, Scoped, StoreError};
use chrono::{Datelike, NaiveDate};
use hifazat_domain::validation::FieldErrors;
use hifazat_domain::Action;
use hifazat_stats::htcds::VictimRow;
use hifazat_stats::indicators::{
    AccusedRecord, CaseRecord, Period, PersonRecord, ProtectionRecord, Records, Universe,
};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

fn date(s: &str) -> Option<NaiveDate> {
    s.get(..10).and_then(|d| d.parse().ok())
}

/// The age at a record: as recorded, or from the year of birth.
fn age_at(age: Option<i64>, birth_year: Option<i64>, on: NaiveDate) -> Option<i64> {
    age.or_else(|| birth_year.map(|y| on.year() as i64 - y))
        .filter(|a| (0..=120).contains(a))
}

/// `column` of `table` (`case_exploitation` forms, `case_destinations` countries) for the
/// cases `ids`, by case; read in chunks so that no statement has too many parameters.
pub(crate) async fn case_codes(
    pool: &sqlx::AnyPool,
    table: &str,
    column: &str,
    ids: &[i64],
) -> Result<BTreeMap<i64, Vec<String>>> {
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let mut q = Q::new(&format!("SELECT case_id, {column} AS v FROM {table} WHERE"));
        q.push_in("case_id", chunk);
        for r in q.query().fetch_all(pool).await? {
            out.entry(r.try_get("case_id")?)
                .or_default()
                .push(r.try_get("v")?);
        }
    }
    Ok(out)
}

impl Scoped<'_> {
    /// Checks that the actor may see statistics for `period`; aggregate-only users get whole
    /// calendar years that have ended.
    pub fn check_statistics_period(&self, period: &Period) -> Result<()> {
        self.require(Action::ViewStatistics, "this role has no statistics")?;
        let mut errors = FieldErrors::new();
        if period.from > period.to {
            errors.add("to", "Enter an end date on or after the start date");
        }
        if self.actor().aggregates_only()
            && (!period.is_calendar_year() || period.to >= self.store().today())
        {
            // Analysts get releases by whole past years, so that two can never be subtracted.
            errors.add("year", "Choose a whole calendar year that has ended");
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid(errors))
        }
    }

    /// The records for `period` within the actor's jurisdiction.
    pub async fn statistics_records(&self, period: &Period) -> Result<Records> {
        self.check_statistics_period(period)?;
        let pool = self.store().pool();
        let from = period.from.to_string();
        // Dates are stored as text (`YYYY-MM-DD`, or a timestamp that starts with the date):
        // everything on the last day sorts below the next day.
        let until = (period.to + chrono::Days::new(1)).to_string();
        let cases_in = |select: &str, extra: &str| {
            let mut q = Q::new(&format!("{select} WHERE 1 = 1{extra}"));
            push_scope(&mut q, self.actor());
            q.push_arg(" AND c.reported_on >= {}", from.clone());
            q.push_arg(" AND c.reported_on < {}", until.clone());
            q
        };

        // Forms of exploitation of the cases in the period and of cases linked to victims
        // identified in it.
        let mut forms: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        let q = cases_in(
            "SELECT ce.case_id, ce.form_code FROM case_exploitation ce JOIN cases c ON c.id = ce.case_id",
            "",
        );
        for r in q.query().fetch_all(pool).await? {
            forms
                .entry(r.try_get("case_id")?)
                .or_default()
                .push(r.try_get("form_code")?);
        }

        let mut records = Records::default();
        // Victims and smuggled persons recorded in cases.
        let q = cases_in(
            "SELECT cp.person_id, c.id AS case_id, c.kind, c.reported_on, c.district_code, \
             p.sex, cp.age_years, p.birth_year, p.nationality \
             FROM case_persons cp JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id",
            " AND cp.role = 'victim'",
        );
        for r in q.query().fetch_all(pool).await? {
            let kind: String = r.try_get("kind")?;
            let Some(on) = date(&r.try_get::<String, _>("reported_on")?) else {
                continue;
            };
            let case_id: i64 = r.try_get("case_id")?;
            let universes: &[Universe] = match kind.as_str() {
                "trafficking" => &[Universe::Trafficking],
                "smuggling" => &[Universe::Smuggling],
                "both" => &[Universe::Trafficking, Universe::Smuggling],
                _ => &[],
            };
            for &u in universes {
                records.persons.push(PersonRecord {
                    person: r.try_get("person_id")?,
                    universe: u,
                    date: on,
                    sex: r.try_get("sex")?,
                    age: age_at(r.try_get("age_years")?, r.try_get("birth_year")?, on),
                    nationality: r.try_get("nationality")?,
                    district: r.try_get("district_code")?,
                    forms: if u == Universe::Trafficking {
                        forms.get(&case_id).cloned().unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                });
            }
        }

        // Victims identified by protection officers.
        let mut q = Q::new(
            "SELECT v.person_id, v.sex, v.age_years, v.identified_on, v.district_code, \
             p.birth_year, p.nationality, cp.case_id, \
             (SELECT COUNT(*) FROM referrals r WHERE r.victim_id = v.id) AS referrals, \
             (SELECT COUNT(*) FROM referrals r WHERE r.victim_id = v.id AND r.first_service_at IS NOT NULL) AS served \
             FROM victims v JOIN persons p ON p.id = v.person_id \
             LEFT JOIN case_persons cp ON cp.id = v.case_person_id \
             WHERE v.result IN ('presumed', 'confirmed')",
        );
        q.push_jurisdiction("v", &self.actor().jurisdiction);
        q.push_arg(" AND v.identified_on >= {}", from.clone());
        q.push_arg(" AND v.identified_on < {}", until.clone());
        let rows = q.query().fetch_all(pool).await?;
        // Forms of linked cases reported outside the period.
        let linked: BTreeSet<i64> = rows
            .iter()
            .filter_map(|r| r.try_get::<Option<i64>, _>("case_id").ok().flatten())
            .filter(|id| !forms.contains_key(id))
            .collect();
        let linked: Vec<i64> = linked.into_iter().collect();
        forms.extend(case_codes(pool, "case_exploitation", "form_code", &linked).await?);
        for r in rows {
            let Some(on) = date(&r.try_get::<String, _>("identified_on")?) else {
                continue;
            };
            let person: i64 = r.try_get("person_id")?;
            let sex: String = r.try_get("sex")?;
            let case_id: Option<i64> = r.try_get("case_id")?;
            records.persons.push(PersonRecord {
                person,
                universe: Universe::Trafficking,
                date: on,
                sex: sex.clone(),
                age: age_at(r.try_get("age_years")?, r.try_get("birth_year")?, on),
                nationality: r.try_get("nationality")?,
                district: Some(r.try_get("district_code")?),
                forms: case_id
                    .and_then(|id| forms.get(&id).cloned())
                    .unwrap_or_default(),
            });
            records.protection.push(ProtectionRecord {
                person,
                date: on,
                sex,
                referred: r.try_get::<i64, _>("referrals")? > 0,
                served: r.try_get::<i64, _>("served")? > 0,
                forms: case_id
                    .and_then(|id| forms.get(&id).cloned())
                    .unwrap_or_default(),
            });
        }

        // The cohort of cases and how far each went.
        let mut cases: BTreeMap<i64, CaseRecord> = BTreeMap::new();
        let q = cases_in(
            "SELECT c.id, c.kind, c.reported_on, c.stage, c.fir_number FROM cases c",
            "",
        );
        for r in q.query().fetch_all(pool).await? {
            let kind: String = r.try_get("kind")?;
            let id: i64 = r.try_get("id")?;
            let stage: String = r.try_get("stage")?;
            let fir: Option<String> = r.try_get("fir_number")?;
            let mut c = CaseRecord {
                id,
                reported_on: date(&r.try_get::<String, _>("reported_on")?),
                trafficking: matches!(kind.as_str(), "trafficking" | "both"),
                smuggling: matches!(kind.as_str(), "smuggling" | "both"),
                forms: forms.get(&id).cloned().unwrap_or_default(),
                ..Default::default()
            };
            reach_stage(&mut c.reached, &stage);
            if fir.is_some() {
                c.reached.insert("fir");
            }
            cases.insert(id, c);
        }
        let q = cases_in(
            "SELECT e.case_id, e.to_stage FROM case_events e JOIN cases c ON c.id = e.case_id",
            "",
        );
        for r in q.query().fetch_all(pool).await? {
            if let Some(c) = cases.get_mut(&r.try_get::<i64, _>("case_id")?) {
                reach_stage(&mut c.reached, &r.try_get::<String, _>("to_stage")?);
            }
        }
        let q = cases_in(
            "SELECT o.case_id, o.offence_code FROM case_offences o JOIN cases c ON c.id = o.case_id",
            "",
        );
        for r in q.query().fetch_all(pool).await? {
            if let Some(c) = cases.get_mut(&r.try_get::<i64, _>("case_id")?) {
                c.offences.push(r.try_get("offence_code")?);
            }
        }
        // Accused persons: their current status and every status they have had.
        let mut accused: BTreeMap<i64, (i64, i64, String, BTreeSet<&'static str>)> =
            BTreeMap::new();
        let q = cases_in(
            "SELECT cp.id, cp.case_id, cp.person_id, cp.accused_status, p.sex \
             FROM case_persons cp JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id",
            " AND cp.role = 'accused'",
        );
        for r in q.query().fetch_all(pool).await? {
            let mut reached = BTreeSet::new();
            if let Some(s) = r.try_get::<Option<String>, _>("accused_status")? {
                reach_status(&mut reached, &s);
            }
            accused.insert(
                r.try_get("id")?,
                (
                    r.try_get("case_id")?,
                    r.try_get("person_id")?,
                    r.try_get("sex")?,
                    reached,
                ),
            );
        }
        let q = cases_in(
            "SELECT a.case_person_id, a.status FROM accused_status_events a \
             JOIN case_persons cp ON cp.id = a.case_person_id JOIN cases c ON c.id = cp.case_id",
            "",
        );
        for r in q.query().fetch_all(pool).await? {
            if let Some(a) = accused.get_mut(&r.try_get::<i64, _>("case_person_id")?) {
                reach_status(&mut a.3, &r.try_get::<String, _>("status")?);
            }
        }
        for (case_id, person, sex, mut reached) in accused.into_values() {
            let Some(c) = cases.get_mut(&case_id) else {
                continue;
            };
            if reached.contains("arrest") {
                c.reached.insert("arrest");
            }
            // A person goes as far as their case: sent up in its challan, tried in its trial.
            for step in ["challan", "prosecution"] {
                if c.reached.contains(step) {
                    reached.insert(step);
                }
            }
            records.accused.push(AccusedRecord {
                person,
                case_id,
                sex,
                reached,
            });
        }
        records.cases = cases.into_values().collect();
        Ok(records)
    }

    /// Victim records of trafficking for `period` within the actor's jurisdiction, de-identified,
    /// for the HTCDS file (`record_level`: case-handling roles only) or the k-anonymised
    /// release (anyone with statistics, analysts by whole past years).
    pub async fn htcds_rows(&self, period: &Period, record_level: bool) -> Result<Vec<VictimRow>> {
        self.check_statistics_period(period)?;
        if record_level && self.actor().aggregates_only() {
            return Err(StoreError::Forbidden(
                "record-level exports are for case-handling roles; analysts get the k-anonymised release",
            ));
        }
        let pool = self.store().pool();
        let from = period.from.to_string();
        let until = (period.to + chrono::Days::new(1)).to_string();
        let open: Vec<&str> = hifazat_domain::Stage::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.code())
            .collect();
        let mut rows = Vec::new();
        let mut q = Q::new(
            "SELECT cp.person_id, c.id AS case_id, c.stage, c.reported_on, p.sex, cp.age_years, p.birth_year, p.nationality, \
             cp.recruitment_methods, cp.relationship_to_trafficker \
             FROM case_persons cp JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id \
             WHERE cp.role = 'victim' AND c.kind IN ('trafficking', 'both')",
        );
        push_scope(&mut q, self.actor());
        q.push_arg(" AND c.reported_on >= {}", from.clone());
        q.push_arg(" AND c.reported_on < {}", until.clone());
        let mut case_ids = BTreeSet::new();
        for r in q.query().fetch_all(pool).await? {
            let Some(on) = date(&r.try_get::<String, _>("reported_on")?) else {
                continue;
            };
            let stage: String = r.try_get("stage")?;
            let case_id: i64 = r.try_get("case_id")?;
            case_ids.insert(case_id);
            rows.push((
                Some(case_id),
                VictimRow {
                    person: r.try_get("person_id")?,
                    year: on.year(),
                    sex: r.try_get("sex")?,
                    age: age_at(r.try_get("age_years")?, r.try_get("birth_year")?, on),
                    nationality: r.try_get("nationality")?,
                    confirmed: stage == "convicted",
                    by_protection: false,
                    exploitation: Vec::new(),
                    controls: Vec::new(),
                    destinations: Vec::new(),
                    active: open.contains(&stage.as_str()),
                    referred: false,
                    recruitment: recruitment_of(&r)?,
                    relationship: relationship_of(&r)?,
                },
            ));
        }
        let mut q = Q::new(
            "SELECT v.person_id, v.sex, v.age_years, v.identified_on, v.result, v.indicators, \
             p.birth_year, p.nationality, cp.case_id, c.stage, cp.recruitment_methods, cp.relationship_to_trafficker, \
             (SELECT COUNT(*) FROM referrals r WHERE r.victim_id = v.id) AS referrals \
             FROM victims v JOIN persons p ON p.id = v.person_id \
             LEFT JOIN case_persons cp ON cp.id = v.case_person_id LEFT JOIN cases c ON c.id = cp.case_id \
             WHERE v.result IN ('presumed', 'confirmed')",
        );
        q.push_jurisdiction("v", &self.actor().jurisdiction);
        q.push_arg(" AND v.identified_on >= {}", from);
        q.push_arg(" AND v.identified_on < {}", until);
        for r in q.query().fetch_all(pool).await? {
            let Some(on) = date(&r.try_get::<String, _>("identified_on")?) else {
                continue;
            };
            let case_id: Option<i64> = r.try_get("case_id")?;
            let stage: Option<String> = r.try_get("stage")?;
            case_ids.extend(case_id);
            let indicators: String = r.try_get("indicators")?;
            rows.push((
                case_id,
                VictimRow {
                    person: r.try_get("person_id")?,
                    year: on.year(),
                    sex: r.try_get("sex")?,
                    age: age_at(r.try_get("age_years")?, r.try_get("birth_year")?, on),
                    nationality: r.try_get("nationality")?,
                    confirmed: r.try_get::<String, _>("result")? == "confirmed",
                    by_protection: true,
                    exploitation: Vec::new(),
                    controls: indicators
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    destinations: Vec::new(),
                    // Open while its case is (or, with no case, while the record stands).
                    active: stage.is_none_or(|s| open.contains(&s.as_str())),
                    referred: r.try_get::<i64, _>("referrals")? > 0,
                    recruitment: recruitment_of(&r)?,
                    relationship: relationship_of(&r)?,
                },
            ));
        }
        // Forms (as HTCDS codes) and destinations of the cases the rows came from.
        let ids: Vec<i64> = case_ids.into_iter().collect();
        let forms: BTreeMap<i64, Vec<String>> =
            case_codes(pool, "case_exploitation", "form_code", &ids)
                .await?
                .into_iter()
                .map(|(id, codes)| {
                    let htcds = codes
                        .iter()
                        .map(|c| {
                            hifazat_domain::reference::exploitation_form(c)
                                .map(|f| f.htcds_code.clone())
                                .unwrap_or_else(|| "Other".into())
                        })
                        .collect();
                    (id, htcds)
                })
                .collect();
        let destinations = case_codes(pool, "case_destinations", "country", &ids).await?;
        Ok(rows
            .into_iter()
            .map(|(case_id, mut row)| {
                if let Some(id) = case_id {
                    row.exploitation = forms.get(&id).cloned().unwrap_or_default();
                    row.destinations = destinations.get(&id).cloned().unwrap_or_default();
                }
                row
            })
            .collect())
    }

    /// The calendar years for which the actor may ask statistics, latest first: years with
    /// cases in their jurisdiction, ended ones only for aggregate-only users.
    pub async fn statistics_years(&self) -> Result<Vec<i32>> {
        self.require(Action::ViewStatistics, "this role has no statistics")?;
        let mut q = Q::new("SELECT MIN(c.reported_on) AS first FROM cases c WHERE 1 = 1");
        push_scope(&mut q, self.actor());
        let first: Option<String> = q
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("first")?;
        let this_year = self.store().today().year();
        let last = if self.actor().aggregates_only() {
            this_year - 1
        } else {
            this_year
        };
        let first = first
            .as_deref()
            .and_then(date)
            .map(|d| d.year())
            .unwrap_or(last)
            .min(last);
        Ok((first..=last).rev().collect())
    }
}

/// The funnel steps a case at `stage` has passed (a later stage implies the earlier ones).
fn reach_stage(reached: &mut BTreeSet<&'static str>, stage: &str) {
    let steps: &[&'static str] = match stage {
        "inquiry" => &["inquiry"],
        "fir_registered" | "under_investigation" => &["fir"],
        "challan_submitted" => &["fir", "challan"],
        "under_trial" | "compounded" => &["fir", "challan", "prosecution"],
        "convicted" => &["fir", "challan", "prosecution", "convicted"],
        "acquitted" => &["fir", "challan", "prosecution", "acquitted"],
        _ => &[],
    };
    reached.extend(steps);
}

/// The steps an accused person with `status` has passed.
fn reach_status(reached: &mut BTreeSet<&'static str>, status: &str) {
    match status {
        "arrested" | "on_bail" => {
            reached.insert("arrest");
        }
        "convicted" => {
            reached.insert("convicted");
        }
        "acquitted" => {
            reached.insert("acquitted");
        }
        _ => {}
    }
}

/// A victim's recruitment methods (a JSON list of codes in `case_persons`) as HTCDS values.
fn recruitment_of(r: &sqlx::any::AnyRow) -> Result<Vec<String>> {
    let Some(json) = r.try_get::<Option<String>, _>("recruitment_methods")? else {
        return Ok(Vec::new());
    };
    let codes: Vec<String> = serde_json::from_str(&json)
        .map_err(|e| StoreError::Config(format!("recruitment methods: {e}")))?;
    Ok(codes
        .iter()
        .filter_map(|c| hifazat_domain::person::RecruitmentMethod::from_code(c))
        .map(|m| m.htcds())
        .collect())
}

/// A victim's relationship to the trafficker as the HTCDS value (`Familial`…).
fn relationship_of(r: &sqlx::any::AnyRow) -> Result<Option<String>> {
    Ok(
        r.try_get::<Option<String>, _>("relationship_to_trafficker")?
            .and_then(|c| hifazat_domain::person::RelationshipToTrafficker::from_code(&c))
            .map(|x| x.htcds().to_owned()),
    )
}
