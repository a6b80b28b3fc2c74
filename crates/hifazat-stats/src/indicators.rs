//! The indicators, computed from de-identified records handed over by the store, as one
//! protected [`Release`] per period and scope.
//!
//! Definitions (the pages show them beside every table, from the web crate's messages):
//! - **Victims of trafficking detected**: distinct persons in the person index who, in the
//!   period, were identified by a protection officer as a presumed or confirmed victim, or
//!   were recorded as a victim in a case of trafficking (or of both kinds) reported in the
//!   period. Counted once, with sex, age, nationality and district from their first record in
//!   the period.
//! - **Smuggled migrants**: distinct persons recorded as the victim (the smuggled person) in a
//!   case of smuggling (or of both kinds) reported in the period. Never counted as victims of
//!   trafficking unless a trafficking record of their own says so; the two figures are never
//!   added together.
//! - **Law-enforcement funnel**: the cases reported in the period (a cohort) and how far each
//!   has gone today; per case and per accused person, for all of them and for each law and
//!   section charged.
//! - **Identified → referred → served**: distinct persons identified as presumed or confirmed
//!   victims in the period; of them, those referred to a service provider, and those who
//!   received a first service.

use crate::release::{key, Protection, Release};
use chrono::NaiveDate;
use hifazat_domain::reference;
use hifazat_domain::stats::ShownCount;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Age groups of the figures (UNODC's bands, with adults split as the sources ask).
pub const AGE_GROUPS: &[&str] = &["0-11", "12-17", "18-29", "30-49", "50+", "unknown"];

/// The age group of an age in whole years.
pub fn age_group(age: Option<i64>) -> &'static str {
    match age {
        Some(a) if (0..=11).contains(&a) => "0-11",
        Some(a) if (12..=17).contains(&a) => "12-17",
        Some(a) if (18..=29).contains(&a) => "18-29",
        Some(a) if (30..=49).contains(&a) => "30-49",
        Some(a) if a >= 50 => "50+",
        _ => "unknown",
    }
}

/// Sexes as recorded (the CNIC's three).
pub const SEXES: &[&str] = &["female", "male", "transgender"];

/// The period of a release, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// A calendar year.
    pub fn year(y: i32) -> Option<Period> {
        Some(Period {
            from: NaiveDate::from_ymd_opt(y, 1, 1)?,
            to: NaiveDate::from_ymd_opt(y, 12, 31)?,
        })
    }

    /// True when `d` falls in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// True when the period is exactly one calendar year.
    pub fn is_calendar_year(&self) -> bool {
        Period::year(chrono::Datelike::year(&self.from)) == Some(*self)
    }
}

/// What a person was recorded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Universe {
    /// A victim of trafficking.
    Trafficking,
    /// A smuggled migrant.
    Smuggling,
}

impl Universe {
    fn code(self) -> &'static str {
        match self {
            Universe::Trafficking => "tip",
            Universe::Smuggling => "som",
        }
    }
}

/// One record of a person as a victim or smuggled migrant (no name, no identifier but the
/// person index's internal key).
#[derive(Debug, Clone)]
pub struct PersonRecord {
    /// The person index key (after merges, so one human has one key).
    pub person: i64,
    /// Trafficking or smuggling.
    pub universe: Universe,
    /// The day of the record (identification, or the case's report).
    pub date: NaiveDate,
    /// Sex code.
    pub sex: String,
    /// Age in years at the record, where known.
    pub age: Option<i64>,
    /// Nationality (ISO alpha-2), where known.
    pub nationality: Option<String>,
    /// District code where the record was made.
    pub district: Option<String>,
    /// Forms of exploitation recorded on the case.
    pub forms: Vec<String>,
}

/// One case reported, and how far it has gone.
#[derive(Debug, Clone, Default)]
pub struct CaseRecord {
    /// Case id.
    pub id: i64,
    /// The day the complaint was received.
    pub reported_on: Option<NaiveDate>,
    /// Trafficking (kind trafficking or both).
    pub trafficking: bool,
    /// Smuggling (kind smuggling or both).
    pub smuggling: bool,
    /// Offence codes charged.
    pub offences: Vec<String>,
    /// Forms of exploitation recorded on the case.
    pub forms: Vec<String>,
    /// The funnel steps the case has reached (codes of [`FUNNEL_STEPS`]).
    pub reached: BTreeSet<&'static str>,
}

/// One accused person in one case, and how far they have gone.
#[derive(Debug, Clone)]
pub struct AccusedRecord {
    /// The person index key.
    pub person: i64,
    /// The case.
    pub case_id: i64,
    /// Sex code.
    pub sex: String,
    /// The funnel steps reached for this person (codes of [`FUNNEL_STEPS`]).
    pub reached: BTreeSet<&'static str>,
}

/// One identified victim in protection, and what followed.
#[derive(Debug, Clone)]
pub struct ProtectionRecord {
    /// The person index key.
    pub person: i64,
    /// The day identified.
    pub date: NaiveDate,
    /// Sex code.
    pub sex: String,
    /// Referred to a service provider.
    pub referred: bool,
    /// Received a first service.
    pub served: bool,
    /// Forms of exploitation of the case the identification is linked to, if any.
    pub forms: Vec<String>,
}

/// The steps of the law-enforcement funnel, in order.
pub const FUNNEL_STEPS: &[&str] = &[
    "reported",
    "inquiry",
    "fir",
    "arrest",
    "challan",
    "prosecution",
    "convicted",
    "acquitted",
];

/// Steps that apply to accused persons (a person is not "reported" or "inquired").
pub const PERSON_STEPS: &[&str] = &[
    "accused",
    "arrest",
    "challan",
    "prosecution",
    "convicted",
    "acquitted",
];

/// The steps from identification to service.
pub const PROTECTION_STEPS: &[&str] = &["identified", "referred", "served"];

/// Everything a release is built from.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Victims and smuggled migrants.
    pub persons: Vec<PersonRecord>,
    /// Cases (all reported; the release keeps those in its period).
    pub cases: Vec<CaseRecord>,
    /// Accused persons in those cases.
    pub accused: Vec<AccusedRecord>,
    /// Identified victims in protection.
    pub protection: Vec<ProtectionRecord>,
}

/// A row or column heading: a code and its words.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Heading {
    /// Stable code.
    pub code: String,
    /// Words in the page's language.
    pub label: String,
}

/// One row of a shown table.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Row {
    /// The row's code and words.
    #[serde(flatten)]
    pub heading: Heading,
    /// One count per column: a number, `"<5"` or `"x"`.
    #[schema(value_type = Vec<serde_json::Value>)]
    pub cells: Vec<ShownCount>,
    /// The row's total, where the columns add up.
    #[schema(value_type = Option<serde_json::Value>)]
    pub total: Option<ShownCount>,
    /// Census population (2017) of the row's area, for rates.
    pub population: Option<u64>,
    /// Per 100,000 population, from the row's total (or its only cell) when shown exactly.
    pub rate: Option<f64>,
}

/// A table as shown: headings, protected counts, and what it counts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Table {
    /// Stable id, e.g. `tip-sex-age`.
    pub id: String,
    /// Title in the page's language.
    pub title: String,
    /// What is counted, and how.
    pub definition: String,
    /// What the rows are (e.g. "Sex").
    pub rows_are: String,
    /// Column headings.
    pub columns: Vec<Heading>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Column totals with the grand total, where the rows add up.
    pub totals: Option<Row>,
    /// True when the table has a rate column.
    pub rates: bool,
}

/// Words for codes and tables, in the reader's language. [`English`] is the default.
pub trait Labels {
    /// The words for `code` of dimension `dim` (`sex`, `age`, `form`, `nat`, `prov`, `dist`,
    /// `offence`, `step`, `universe`, or `table` / `definition` / `rows` for a table id).
    fn label(&self, dim: &str, code: &str) -> String;
}

/// The names in the shipped code lists (English): sexes, forms of exploitation, countries,
/// provinces, districts, offences. Table titles, definitions and other words of the interface
/// are the caller's (the web crate's Fluent messages, in Urdu and English); here they stay
/// codes.
pub struct English;

impl Labels for English {
    fn label(&self, dim: &str, code: &str) -> String {
        english(dim, code)
    }
}

/// A code's name from the shipped code lists (the code itself when there is none): the
/// fallback for every language where the lists have no translation (districts, offences).
pub fn english(dim: &str, code: &str) -> String {
    let s = |x: &str| x.to_owned();
    match (dim, code) {
        (_, "all") => s("All"),
        (_, "unknown") => s("Not recorded"),
        (_, "total") => s("Total"),
        ("sex", c) => hifazat_domain::Sex::ALL
            .iter()
            .find(|x| x.code() == c)
            .map(|x| x.label().to_owned())
            .unwrap_or_else(|| c.to_owned()),
        ("form", "several") => s("More than one form"),
        ("form", "none") => s("Not recorded"),
        ("form", c) => reference::exploitation_form(c)
            .map(|f| f.label.clone())
            .unwrap_or_else(|| c.to_owned()),
        ("nat", c) => reference::country(c)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| c.to_owned()),
        ("prov", c) => reference::province_name(c)
            .map(str::to_owned)
            .unwrap_or_else(|| c.to_owned()),
        ("dist", c) => reference::district_by_code(c)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| c.to_owned()),
        ("offence", c) => reference::offence(c)
            .map(|o| format!("{} s.{}: {}", o.law, o.section, o.title))
            .unwrap_or_else(|| c.to_owned()),
        (_, c) => c.to_owned(),
    }
}

/// The tables of a release, in the order pages show them.
pub const TABLES: &[&str] = &[
    "tip-sex-age",
    "tip-form",
    "tip-nat",
    "tip-prov",
    "tip-dist",
    "som-sex-age",
    "som-nat",
    "som-prov",
    "tip-cases",
    "tip-persons",
    "tip-accused-sex",
    "som-cases",
    "som-persons",
    "som-accused-sex",
    "protection",
    "glotip-victims",
    "ustip-law",
    "ustip-victims",
];

/// A table's layout before protection: headings and the key of each count.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) id: &'static str,
    pub(crate) row_dim: &'static str,
    pub(crate) col_dim: &'static str,
    pub(crate) rows: Vec<String>,
    pub(crate) cols: Vec<String>,
    pub(crate) cells: Vec<Vec<String>>,
    pub(crate) row_totals: Option<Vec<String>>,
    pub(crate) totals: Option<(Vec<String>, Option<String>)>,
    pub(crate) rates: bool,
}

/// A built release: the counts with their protection, and the tables' layouts.
#[derive(Debug, Clone)]
pub struct Built {
    /// The period.
    pub period: Period,
    release: Release,
    layouts: Vec<Layout>,
}

/// A protected release, ready to show in any language.
#[derive(Debug, Clone)]
pub struct Published {
    /// The period.
    pub period: Period,
    protection: Protection,
    layouts: Vec<Layout>,
}

/// The first record of each person of a universe in the period, with the union of their forms.
pub(crate) fn first_records(
    records: &[PersonRecord],
    u: Universe,
    p: Period,
) -> Vec<(PersonRecord, usize)> {
    let mut by_person: BTreeMap<i64, (PersonRecord, BTreeSet<String>)> = BTreeMap::new();
    for r in records
        .iter()
        .filter(|r| r.universe == u && p.contains(r.date))
    {
        let e = by_person
            .entry(r.person)
            .or_insert_with(|| (r.clone(), BTreeSet::new()));
        if (r.date, &r.district) < (e.0.date, &e.0.district) {
            e.0 = r.clone();
        }
        e.1.extend(r.forms.iter().cloned());
    }
    by_person
        .into_values()
        .map(|(r, forms)| {
            let n = forms.len();
            let mut r = r;
            r.forms = forms.into_iter().collect();
            (r, n)
        })
        .collect()
}

fn tally<'a>(m: &mut BTreeMap<String, i64>, k: impl Into<std::borrow::Cow<'a, str>>) {
    *m.entry(k.into().into_owned()).or_default() += 1;
}

/// A one-column table of a partition of the universe's total, with sums.
fn partition(
    rel: &mut Release,
    id: &'static str,
    u: &str,
    dim: &'static str,
    counts: &BTreeMap<String, i64>,
    rows: Vec<String>,
    rates: bool,
) -> Layout {
    let keys: Vec<String> = rows.iter().map(|c| key(u, &[(dim, c)])).collect();
    for (k, c) in keys.iter().zip(&rows) {
        rel.count(k.clone(), counts.get(c).copied().unwrap_or(0));
    }
    rel.sum(key(u, &[]), keys.clone());
    Layout {
        id,
        row_dim: dim,
        col_dim: "step",
        rows,
        cols: vec!["count".into()],
        cells: keys.into_iter().map(|k| vec![k]).collect(),
        row_totals: None,
        totals: Some((vec![key(u, &[])], None)),
        rates,
    }
}

/// Rows for the codes present, most first, then by code; `last` codes always at the end.
fn present_rows(counts: &BTreeMap<String, i64>, last: &[&str]) -> Vec<String> {
    let mut rows: Vec<(&String, i64)> = counts
        .iter()
        .filter(|(c, _)| !last.contains(&c.as_str()))
        .map(|(c, n)| (c, *n))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut v: Vec<String> = rows.into_iter().map(|(c, _)| c.clone()).collect();
    v.extend(
        last.iter()
            .filter(|c| counts.contains_key(**c))
            .map(|c| (*c).to_owned()),
    );
    v
}

fn province_of(district: Option<&str>) -> String {
    district
        .and_then(reference::district_by_code)
        .map(|d| reference::current_province_code(&d.province_code).to_owned())
        .unwrap_or_else(|| "unknown".into())
}

/// The victims' (or migrants') tables of one universe.
fn persons_tables(
    rel: &mut Release,
    layouts: &mut Vec<Layout>,
    r: &Records,
    u: Universe,
    p: Period,
) {
    let people = first_records(&r.persons, u, p);
    let uc = u.code();
    let total = people.len() as i64;
    rel.count(key(uc, &[]), total);

    // Sex × age with margins.
    let mut cell: BTreeMap<(String, &str), i64> = BTreeMap::new();
    for (x, _) in &people {
        *cell.entry((x.sex.clone(), age_group(x.age))).or_default() += 1;
    }
    let id_sa: &'static str = if u == Universe::Trafficking {
        "tip-sex-age"
    } else {
        "som-sex-age"
    };
    let mut cells = Vec::new();
    let mut row_totals = Vec::new();
    for s in SEXES {
        let mut line = Vec::new();
        for a in AGE_GROUPS {
            let k = key(uc, &[("sex", s), ("age", a)]);
            rel.count(
                k.clone(),
                cell.get(&(s.to_string(), *a)).copied().unwrap_or(0),
            );
            line.push(k);
        }
        let rk = key(uc, &[("sex", s)]);
        rel.count(rk.clone(), rel_sum(rel, &line));
        rel.sum(rk.clone(), line.clone());
        row_totals.push(rk);
        cells.push(line);
    }
    let mut col_totals = Vec::new();
    for (j, a) in AGE_GROUPS.iter().enumerate() {
        let ck = key(uc, &[("age", a)]);
        let parts: Vec<String> = cells.iter().map(|l: &Vec<String>| l[j].clone()).collect();
        rel.count(ck.clone(), rel_sum(rel, &parts));
        rel.sum(ck.clone(), parts);
        col_totals.push(ck);
    }
    rel.sum(key(uc, &[]), row_totals.clone());
    rel.sum(key(uc, &[]), col_totals.clone());
    layouts.push(Layout {
        id: id_sa,
        row_dim: "sex",
        col_dim: "age",
        rows: SEXES.iter().map(|s| s.to_string()).collect(),
        cols: AGE_GROUPS.iter().map(|s| s.to_string()).collect(),
        cells,
        row_totals: Some(row_totals),
        totals: Some((col_totals, Some(key(uc, &[])))),
        rates: false,
    });

    // Forms of exploitation (trafficking only): one row per person.
    if u == Universe::Trafficking {
        let mut forms = BTreeMap::new();
        for (x, n) in &people {
            match n {
                0 => tally(&mut forms, "none"),
                1 => tally(&mut forms, x.forms[0].as_str()),
                _ => tally(&mut forms, "several"),
            }
        }
        let mut rows: Vec<String> = reference::exploitation_forms()
            .iter()
            .map(|f| f.code.clone())
            .collect();
        rows.extend(["several".to_owned(), "none".to_owned()]);
        // Forms recorded but no longer in the catalogue keep their own rows.
        rows.extend(
            forms
                .keys()
                .filter(|k| !rows.contains(k))
                .cloned()
                .collect::<Vec<_>>(),
        );
        layouts.push(partition(rel, "tip-form", uc, "form", &forms, rows, false));
    }

    // Nationality.
    let mut nat = BTreeMap::new();
    for (x, _) in &people {
        tally(&mut nat, x.nationality.as_deref().unwrap_or("unknown"));
    }
    let rows = present_rows(&nat, &["unknown"]);
    let id_nat = if u == Universe::Trafficking {
        "tip-nat"
    } else {
        "som-nat"
    };
    layouts.push(partition(rel, id_nat, uc, "nat", &nat, rows, false));

    // Province, and district within province.
    let mut prov = BTreeMap::new();
    let mut dist: BTreeMap<String, i64> = BTreeMap::new();
    for (x, _) in &people {
        tally(&mut prov, province_of(x.district.as_deref()));
        tally(&mut dist, x.district.as_deref().unwrap_or("unknown"));
    }
    let mut prov_rows: Vec<String> = reference::PROVINCES
        .iter()
        .map(|p| p.code.to_owned())
        .collect();
    if prov.contains_key("unknown") {
        prov_rows.push("unknown".into());
    }
    let id_prov = if u == Universe::Trafficking {
        "tip-prov"
    } else {
        "som-prov"
    };
    layouts.push(partition(
        rel,
        id_prov,
        uc,
        "prov",
        &prov,
        prov_rows.clone(),
        true,
    ));
    if u == Universe::Trafficking {
        // Every district with victims, grouped by province; each province is the sum of its
        // districts (districts without victims are zero and left out).
        let mut rows = Vec::new();
        let mut cells = Vec::new();
        for pc in &prov_rows {
            let ds: Vec<&String> = dist
                .keys()
                .filter(|d| province_of(Some(d.as_str()).filter(|d| *d != "unknown")) == *pc)
                .collect();
            let keys: Vec<String> = ds.iter().map(|d| key(uc, &[("dist", d)])).collect();
            for (k, d) in keys.iter().zip(&ds) {
                rel.count(k.clone(), dist[*d]);
                rows.push((*d).clone());
                cells.push(vec![k.clone()]);
            }
            if !keys.is_empty() {
                rel.sum(key(uc, &[("prov", pc)]), keys);
            }
        }
        layouts.push(Layout {
            id: "tip-dist",
            row_dim: "dist",
            col_dim: "step",
            rows,
            cols: vec!["count".into()],
            cells,
            row_totals: None,
            totals: Some((vec![key(uc, &[])], None)),
            rates: true,
        });
    }
}

pub(crate) fn rel_sum(rel: &Release, keys: &[String]) -> i64 {
    keys.iter().map(|k| rel.value(k).unwrap_or(0)).sum()
}

/// The law-enforcement funnel for one universe: per case and per accused person.
fn funnel_tables(
    rel: &mut Release,
    layouts: &mut Vec<Layout>,
    r: &Records,
    u: Universe,
    p: Period,
) {
    let cases: Vec<&CaseRecord> = r
        .cases
        .iter()
        .filter(|c| c.reported_on.is_some_and(|d| p.contains(d)))
        .filter(|c| match u {
            Universe::Trafficking => c.trafficking,
            Universe::Smuggling => c.smuggling,
        })
        .collect();
    let mut offences: BTreeSet<&str> = BTreeSet::new();
    for c in &cases {
        offences.extend(c.offences.iter().map(String::as_str));
    }
    let mut rows = vec!["all".to_owned()];
    rows.extend(offences.iter().map(|o| o.to_string()));
    let uc = u.code();
    let (cid, pid) = match u {
        Universe::Trafficking => ("tip-cases", "tip-persons"),
        Universe::Smuggling => ("som-cases", "som-persons"),
    };
    let by_id: BTreeMap<i64, &CaseRecord> = cases.iter().map(|c| (c.id, *c)).collect();
    let mut case_cells = Vec::new();
    let mut person_cells = Vec::new();
    for row in &rows {
        let in_row = |c: &CaseRecord| row == "all" || c.offences.iter().any(|o| o == row);
        let mut line = Vec::new();
        for step in FUNNEL_STEPS {
            let n = cases
                .iter()
                .filter(|c| in_row(c) && (*step == "reported" || c.reached.contains(step)))
                .count() as i64;
            let k = key(&format!("{uc}-cases"), &[("offence", row), ("step", step)]);
            rel.count(k.clone(), n);
            line.push(k);
        }
        case_cells.push(line);
        let mut line = Vec::new();
        for step in PERSON_STEPS {
            let persons: BTreeSet<i64> = r
                .accused
                .iter()
                .filter(|a| by_id.get(&a.case_id).is_some_and(|c| in_row(c)))
                .filter(|a| *step == "accused" || a.reached.contains(step))
                .map(|a| a.person)
                .collect();
            let k = key(
                &format!("{uc}-persons"),
                &[("offence", row), ("step", step)],
            );
            rel.count(k.clone(), persons.len() as i64);
            line.push(k);
        }
        person_cells.push(line);
    }
    // Accused persons by sex (UNODC's persons prosecuted and convicted by sex): the column
    // totals are the persons table's "All" row, the same counts under the same keys.
    let sid = match u {
        Universe::Trafficking => "tip-accused-sex",
        Universe::Smuggling => "som-accused-sex",
    };
    let mut sex_cells = Vec::new();
    for sex in SEXES {
        let mut line = Vec::new();
        for step in PERSON_STEPS {
            let persons: BTreeSet<i64> = r
                .accused
                .iter()
                .filter(|a| a.sex == *sex && by_id.contains_key(&a.case_id))
                .filter(|a| *step == "accused" || a.reached.contains(step))
                .map(|a| a.person)
                .collect();
            let k = key(&format!("{uc}-persons"), &[("sex", sex), ("step", step)]);
            rel.count(k.clone(), persons.len() as i64);
            line.push(k);
        }
        sex_cells.push(line);
    }
    let sex_totals: Vec<String> = PERSON_STEPS
        .iter()
        .map(|step| {
            key(
                &format!("{uc}-persons"),
                &[("offence", "all"), ("step", step)],
            )
        })
        .collect();
    for (j, t) in sex_totals.iter().enumerate() {
        let parts: Vec<String> = sex_cells
            .iter()
            .map(|l: &Vec<String>| l[j].clone())
            .collect();
        // Only when every accused has one of the three sexes (always, as recorded) do the
        // rows add up to the total.
        if rel.value(t) == Some(rel_sum(rel, &parts)) {
            rel.sum(t.clone(), parts);
        }
    }
    for (id, steps, cells) in [
        (cid, FUNNEL_STEPS, case_cells),
        (pid, PERSON_STEPS, person_cells),
    ] {
        layouts.push(Layout {
            id,
            row_dim: "offence",
            col_dim: "step",
            rows: rows.clone(),
            cols: steps.iter().map(|s| s.to_string()).collect(),
            cells,
            row_totals: None,
            totals: None,
            rates: false,
        });
    }
    layouts.push(Layout {
        id: sid,
        row_dim: "sex",
        col_dim: "step",
        rows: SEXES.iter().map(|s| s.to_string()).collect(),
        cols: PERSON_STEPS.iter().map(|s| s.to_string()).collect(),
        cells: sex_cells,
        row_totals: None,
        totals: Some((sex_totals, None)),
        rates: false,
    });
}

/// Identified → referred → served, by sex.
fn protection_table(rel: &mut Release, layouts: &mut Vec<Layout>, r: &Records, p: Period) {
    let mut people: BTreeMap<i64, (String, bool, bool, NaiveDate)> = BTreeMap::new();
    for x in r.protection.iter().filter(|x| p.contains(x.date)) {
        let e = people
            .entry(x.person)
            .or_insert_with(|| (x.sex.clone(), false, false, x.date));
        if x.date < e.3 {
            e.0 = x.sex.clone();
            e.3 = x.date;
        }
        e.1 |= x.referred;
        e.2 |= x.served;
    }
    let u = "protection";
    let mut cells = Vec::new();
    for s in SEXES {
        let mut line = Vec::new();
        for step in PROTECTION_STEPS {
            let n = people
                .values()
                .filter(|(sex, referred, served, _)| {
                    sex == s
                        && match *step {
                            "referred" => *referred,
                            "served" => *served,
                            _ => true,
                        }
                })
                .count() as i64;
            let k = key(u, &[("sex", s), ("step", step)]);
            rel.count(k.clone(), n);
            line.push(k);
        }
        cells.push(line);
    }
    let mut totals = Vec::new();
    for (j, step) in PROTECTION_STEPS.iter().enumerate() {
        let k = key(u, &[("step", step)]);
        let parts: Vec<String> = cells.iter().map(|l: &Vec<String>| l[j].clone()).collect();
        rel.count(k.clone(), rel_sum(rel, &parts));
        rel.sum(k.clone(), parts);
        totals.push(k);
    }
    layouts.push(Layout {
        id: "protection",
        row_dim: "sex",
        col_dim: "step",
        rows: SEXES.iter().map(|s| s.to_string()).collect(),
        cols: PROTECTION_STEPS.iter().map(|s| s.to_string()).collect(),
        cells,
        row_totals: None,
        totals: Some((totals, None)),
        rates: false,
    });
}

/// Builds every table of the release for `period` from `records` (already limited to the
/// reader's scope by the store).
pub fn build(records: &Records, period: Period, threshold: i64) -> Built {
    build_with(records, period, threshold, true)
}

/// [`build`], with or without the reports' tables (tests compare the two).
pub(crate) fn build_with(
    records: &Records,
    period: Period,
    threshold: i64,
    reports: bool,
) -> Built {
    let mut release = Release::new(threshold);
    let mut layouts = Vec::new();
    persons_tables(
        &mut release,
        &mut layouts,
        records,
        Universe::Trafficking,
        period,
    );
    persons_tables(
        &mut release,
        &mut layouts,
        records,
        Universe::Smuggling,
        period,
    );
    funnel_tables(
        &mut release,
        &mut layouts,
        records,
        Universe::Trafficking,
        period,
    );
    funnel_tables(
        &mut release,
        &mut layouts,
        records,
        Universe::Smuggling,
        period,
    );
    protection_table(&mut release, &mut layouts, records, period);
    if reports {
        crate::reports::tables(&mut release, &mut layouts, records, period);
    }
    Built {
        period,
        release,
        layouts,
    }
}

impl Built {
    /// The exact value of a count before protection (for tests and building, never shown).
    pub fn value(&self, key: &str) -> Option<i64> {
        self.release.value(key)
    }

    /// Protects the release (CPU work: run it off the async runtime).
    pub fn protect(self) -> Published {
        Published {
            period: self.period,
            protection: self.release.protect(),
            layouts: self.layouts,
        }
    }
}

fn population(dim: &str, code: &str) -> Option<u64> {
    match dim {
        "dist" => reference::district_by_code(code).and_then(|d| d.population),
        "prov" => {
            let ds: Vec<_> = reference::districts()
                .iter()
                .filter(|d| reference::current_province_code(&d.province_code) == code)
                .collect();
            if ds.is_empty() || ds.iter().any(|d| d.population.is_none()) {
                None
            } else {
                Some(ds.iter().filter_map(|d| d.population).sum())
            }
        }
        _ => None,
    }
}

impl Published {
    /// The threshold below which counts are hidden.
    pub fn threshold(&self) -> i64 {
        self.protection.threshold()
    }

    /// The tables, in [`TABLES`] order, in the words of `labels`.
    pub fn tables(&self, labels: &dyn Labels) -> Vec<Table> {
        self.layouts.iter().map(|l| self.table(l, labels)).collect()
    }

    /// One table by id.
    pub fn table_by_id(&self, id: &str, labels: &dyn Labels) -> Option<Table> {
        self.layouts
            .iter()
            .find(|l| l.id == id)
            .map(|l| self.table(l, labels))
    }

    fn table(&self, l: &Layout, labels: &dyn Labels) -> Table {
        let get = |k: &String| self.protection.get(k);
        let rows = l
            .rows
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let cells: Vec<ShownCount> = l.cells[i].iter().map(get).collect();
                let total = l.row_totals.as_ref().map(|t| get(&t[i]));
                let population = if l.rates {
                    population(l.row_dim, code)
                } else {
                    None
                };
                let base = total.or_else(|| cells.first().copied());
                let rate = match (population, base.and_then(ShownCount::exact)) {
                    (Some(p), Some(n)) if p > 0 => Some(n as f64 * 100_000.0 / p as f64),
                    _ => None,
                };
                Row {
                    heading: Heading {
                        code: code.clone(),
                        label: labels.label(l.row_dim, code),
                    },
                    cells,
                    total,
                    population,
                    rate,
                }
            })
            .collect();
        let totals = l.totals.as_ref().map(|(cols, grand)| {
            let cells: Vec<ShownCount> = cols.iter().map(get).collect();
            let total = grand.as_ref().map(get);
            let population = if l.rates {
                let ps: Option<Vec<u64>> = reference::PROVINCES
                    .iter()
                    .map(|p| population("prov", p.code))
                    .filter(Option::is_some)
                    .collect();
                ps.map(|v| v.iter().sum())
            } else {
                None
            };
            let rate = match (population, cells.first().and_then(|c| c.exact())) {
                (Some(p), Some(n)) if p > 0 && l.cols.len() == 1 => {
                    Some(n as f64 * 100_000.0 / p as f64)
                }
                _ => None,
            };
            Row {
                heading: Heading {
                    code: "total".into(),
                    label: labels.label(l.row_dim, "total"),
                },
                cells,
                total,
                population,
                rate,
            }
        });
        Table {
            id: l.id.to_owned(),
            title: labels.label("table", l.id),
            definition: labels.label("definition", l.id),
            rows_are: labels.label("rows", l.id),
            columns: l
                .cols
                .iter()
                .map(|c| Heading {
                    code: c.clone(),
                    label: labels.label(l.col_dim, c),
                })
                .collect(),
            rows,
            totals,
            rates: l.rates,
        }
    }

    /// One count of the release as shown, by its key.
    pub fn count(&self, key: &str) -> ShownCount {
        self.protection.get(key)
    }

    /// Every shown count by key (for tests that attack the whole release).
    pub fn shown(&self) -> impl Iterator<Item = (&str, ShownCount)> {
        self.protection.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn victim(
        person: i64,
        u: Universe,
        date: &str,
        sex: &str,
        age: i64,
        district: &str,
    ) -> PersonRecord {
        PersonRecord {
            person,
            universe: u,
            date: day(date),
            sex: sex.into(),
            age: Some(age),
            nationality: Some("PK".into()),
            district: Some(district.into()),
            forms: vec!["forced_labour".into()],
        }
    }

    fn year() -> Period {
        Period::year(2025).unwrap()
    }

    fn value(t: &Table, row: &str, col: usize) -> ShownCount {
        t.rows.iter().find(|r| r.heading.code == row).unwrap().cells[col]
    }

    /// Many synthetic victims so that most cells are large, plus a few small ones.
    fn records() -> Records {
        let mut persons = Vec::new();
        let mut id = 0;
        for (sex, age, n) in [
            ("female", 15, 40),
            ("male", 25, 60),
            ("female", 35, 30),
            ("transgender", 20, 2),
            ("male", 8, 3),
        ] {
            for _ in 0..n {
                id += 1;
                persons.push(victim(
                    id,
                    Universe::Trafficking,
                    "2025-03-01",
                    sex,
                    age,
                    "LHR",
                ));
            }
        }
        for _ in 0..25 {
            id += 1;
            persons.push(victim(
                id,
                Universe::Smuggling,
                "2025-05-01",
                "male",
                24,
                "GRT",
            ));
        }
        Records {
            persons,
            ..Default::default()
        }
    }

    #[test]
    fn a_person_in_several_cases_is_counted_once() {
        let mut r = Records::default();
        for (date, district) in [
            ("2025-02-01", "KHI"),
            ("2025-06-01", "LHR"),
            ("2025-09-01", "LHR"),
        ] {
            r.persons.push(victim(
                7,
                Universe::Trafficking,
                date,
                "female",
                16,
                district,
            ));
        }
        let b = build(&r, year(), 1_000_000);
        assert_eq!(b.release.value("tip"), Some(1));
        // Attributes from the first record in the period.
        assert_eq!(b.release.value(&key("tip", &[("dist", "KHI")])), Some(1));
        assert_eq!(b.release.value(&key("tip", &[("dist", "LHR")])), None);
    }

    #[test]
    fn trafficking_and_smuggling_never_share_a_figure() {
        let mut r = Records::default();
        r.persons.push(victim(
            1,
            Universe::Trafficking,
            "2025-02-01",
            "female",
            16,
            "LHR",
        ));
        r.persons.push(victim(
            2,
            Universe::Smuggling,
            "2025-02-01",
            "male",
            30,
            "GRT",
        ));
        r.persons.push(victim(
            3,
            Universe::Smuggling,
            "2025-02-01",
            "male",
            30,
            "GRT",
        ));
        let b = build(&r, year(), 2);
        assert_eq!(b.release.value("tip"), Some(1));
        assert_eq!(b.release.value("som"), Some(2));
        // No key mixes the two populations.
        let p = b.protect();
        assert!(p
            .shown()
            .all(|(k, _)| !(k.starts_with("tip|") && k.contains("som"))));
    }

    #[test]
    fn records_outside_the_period_are_left_out() {
        let mut r = Records::default();
        r.persons.push(victim(
            1,
            Universe::Trafficking,
            "2024-12-31",
            "female",
            16,
            "LHR",
        ));
        r.persons.push(victim(
            2,
            Universe::Trafficking,
            "2026-01-01",
            "female",
            16,
            "LHR",
        ));
        assert_eq!(build(&r, year(), 5).release.value("tip"), Some(0));
    }

    #[test]
    fn no_count_below_the_threshold_is_shown_or_subtractable() {
        let p = build(&records(), year(), 5).protect();
        for (k, s) in p.shown() {
            if let ShownCount::Exact(n) = s {
                assert!(n == 0 || n >= 5, "{k} = {n}");
            }
        }
        let t = p.table_by_id("tip-sex-age", &English).unwrap();
        // Transgender 18-29 (2) and male 0-11 (3) are hidden, and so is enough around them.
        let col = AGE_GROUPS.iter().position(|a| *a == "18-29").unwrap();
        assert!(value(&t, "transgender", col).is_hidden());
        // Subtraction along every row and column of the shown table learns nothing hidden.
        let totals = t.totals.as_ref().unwrap();
        for r in &t.rows {
            let hidden = r
                .cells
                .iter()
                .chain(r.total.iter())
                .filter(|c| c.is_hidden())
                .count();
            assert_ne!(
                hidden, 1,
                "row {} gives away its hidden count",
                r.heading.code
            );
        }
        for j in 0..t.columns.len() {
            let hidden = t
                .rows
                .iter()
                .map(|r| r.cells[j])
                .chain([totals.cells[j]])
                .filter(|c| c.is_hidden())
                .count();
            assert_ne!(hidden, 1, "column {j} gives away its hidden count");
        }
        // The same for one-column tables against their total.
        for id in [
            "tip-form", "tip-nat", "tip-prov", "tip-dist", "som-nat", "som-prov",
        ] {
            let t = p.table_by_id(id, &English).unwrap();
            let hidden = t
                .rows
                .iter()
                .map(|r| r.cells[0])
                .chain(t.totals.iter().map(|r| r.cells[0]))
                .filter(|c| c.is_hidden())
                .count();
            assert_ne!(hidden, 1, "{id} gives away its hidden count");
        }
    }

    #[test]
    fn the_same_records_give_the_same_tables() {
        let a = serde_json::to_string(&build(&records(), year(), 5).protect().tables(&English))
            .unwrap();
        let b = serde_json::to_string(&build(&records(), year(), 5).protect().tables(&English))
            .unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn rates_are_per_100000_of_the_census_population_and_only_for_shown_counts() {
        let p = build(&records(), year(), 5).protect();
        let t = p.table_by_id("tip-prov", &English).unwrap();
        let punjab = t.rows.iter().find(|r| r.heading.code == "PK-PB").unwrap();
        let n = punjab.cells[0].exact().unwrap() as f64;
        let pop = punjab.population.unwrap() as f64;
        assert!((punjab.rate.unwrap() - n * 100_000.0 / pop).abs() < 1e-9);
        assert!(t
            .rows
            .iter()
            .all(|r| r.rate.is_none() || !r.cells[0].is_hidden()));
    }

    #[test]
    fn the_funnel_follows_cases_and_persons() {
        let mut r = Records::default();
        for id in 0..12 {
            let mut reached: BTreeSet<&'static str> = ["fir", "arrest"].into();
            if id < 6 {
                reached.insert("challan");
            }
            r.cases.push(CaseRecord {
                id,
                reported_on: Some(day("2025-04-01")),
                trafficking: true,
                smuggling: id == 0,
                offences: vec!["PTPA-3".into()],
                forms: vec![],
                reached: reached.clone(),
            });
            // The same accused in every case: one person.
            r.accused.push(AccusedRecord {
                person: 99,
                case_id: id,
                sex: "male".into(),
                reached,
            });
        }
        let b = build(&r, year(), 5);
        assert_eq!(
            b.release.value(&key(
                "tip-cases",
                &[("offence", "all"), ("step", "reported")]
            )),
            Some(12)
        );
        assert_eq!(
            b.release.value(&key(
                "tip-cases",
                &[("offence", "PTPA-3"), ("step", "challan")]
            )),
            Some(6)
        );
        assert_eq!(
            b.release.value(&key(
                "tip-persons",
                &[("offence", "all"), ("step", "accused")]
            )),
            Some(1)
        );
        // By sex, the same person once, adding up to the persons table's "All" row.
        assert_eq!(
            b.release
                .value(&key("tip-persons", &[("sex", "male"), ("step", "accused")])),
            Some(1)
        );
        assert_eq!(
            b.release.value(&key(
                "som-cases",
                &[("offence", "all"), ("step", "reported")]
            )),
            Some(1)
        );
    }
}
