//! Victim records in IOM's Human Trafficking Case Data Standard 2.0 (HTCDS; CC BY 4.0), and a
//! k-anonymised release of them in the style of the Counter Trafficking Data Collaborative
//! (CTDC), for sharing figures beyond the agencies.
//!
//! The record-level file carries no name, no identifier and no free text: a person is a number
//! that holds within one file only, and dates are reduced to the year. The k-anonymised release
//! goes further: its quasi-identifiers (year, gender, age band, citizenship, country of
//! exploitation) are generalised (age to bands, rare citizenships and countries to "Other"),
//! and records whose combination still occurs fewer than `k` times are left out (CTDC uses
//! k = 11).

use std::collections::{BTreeMap, BTreeSet};

/// One victim record, de-identified, as the store hands it over.
#[derive(Debug, Clone)]
pub struct VictimRow {
    /// The person index key (only to number persons within one file; never written).
    pub person: i64,
    /// Year of identification or of the case's report.
    pub year: i32,
    /// Sex code (`female`, `male`, `transgender`).
    pub sex: String,
    /// Age at the record.
    pub age: Option<i64>,
    /// Citizenship (ISO 3166-1 alpha-2).
    pub nationality: Option<String>,
    /// `confirmed` (a court's conviction or a confirmed identification) or `presumed`.
    pub confirmed: bool,
    /// Identified by a protection officer (`true`) or recorded by the police in a case.
    pub by_protection: bool,
    /// HTCDS `vic_TypeOfExploitation` values.
    pub exploitation: Vec<String>,
    /// Hifazat's screening indicator codes (methods of control).
    pub controls: Vec<String>,
    /// Countries of destination (ISO alpha-2), where recorded.
    pub destinations: Vec<String>,
    /// The case or protection record is still open.
    pub active: bool,
    /// Referred to a service provider.
    pub referred: bool,
    /// HTCDS `vic_MethodOfRecruitment` values, where recorded.
    pub recruitment: Vec<String>,
    /// HTCDS `vic_RelationshipToTrafficker` value, where recorded.
    pub relationship: Option<String>,
}

/// HTCDS `vic_MethodsOfControl` for a Hifazat screening indicator; `Other` when the standard
/// has none (restricted movement and isolation are described in its prose but not its list).
pub fn method_of_control(code: &str) -> &'static str {
    match code {
        "physical_threats" => "PhysicalThreats",
        "threats_law_enforcement" => "ThreatsLawEnforcement",
        "threatens_family" => "ThreatensChildrenFamily",
        "debt_bondage" => "DebtBondage",
        "false_promises" => "FalsePromises",
        "physical_abuse" => "PhysicalAbuse",
        "sexual_abuse" => "SexualAbuse",
        "takes_earnings" => "TakesEarnings",
        "withholds_necessities" => "WithholdsNecessities",
        "psychological_abuse" => "PsychologicalAbuse",
        "psychoactive_substance" => "PsychoactiveSubstance",
        "excessive_hours" => "ExcessiveWorkingHours",
        "withholds_documents" => "WithholdsDocuments",
        _ => "Other",
    }
}

/// HTCDS `prs_Gender`. The CNIC records a third sex without saying which transgender identity,
/// so it is written `NonConforming`.
pub fn gender(sex: &str) -> &'static str {
    match sex {
        "female" => "Feminine",
        "male" => "Masculine",
        "transgender" => "NonConforming",
        _ => "NonSpecifiedUnknown",
    }
}

/// CTDC's age bands.
pub fn age_band(age: Option<i64>) -> &'static str {
    match age {
        Some(a) if a <= 8 => "0--8",
        Some(a) if a <= 17 => "9--17",
        Some(a) if a <= 20 => "18--20",
        Some(a) if a <= 29 => "21--29",
        Some(a) if a <= 38 => "30--38",
        Some(a) if a <= 47 => "39--47",
        Some(_) => "48+",
        None => "unknown",
    }
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let set: BTreeSet<&str> = items.into_iter().collect();
    set.into_iter().collect::<Vec<_>>().join(";")
}

/// The HTCDS fields written, in order.
pub const HTCDS_FIELDS: &[&str] = &[
    "prs_PersonNumber",
    "cas_Year",
    "prs_Gender",
    "vic_AgeWhenTrafficked",
    "prs_Citizenship",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_TypeOfExploitation",
    "vic_MethodsOfControl",
    "hte_Country",
    "cas_Status",
    "cas_OutgoingReferral",
    "vic_MethodOfRecruitment",
    "vic_RelationshipToTrafficker",
];

/// The records as HTCDS 2.0 CSV: one line per record, multi-select values joined with `;`.
pub fn htcds_csv(rows: &[VictimRow]) -> Result<Vec<u8>, csv::Error> {
    let mut numbers: BTreeMap<i64, usize> = BTreeMap::new();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HTCDS_FIELDS)?;
    for r in rows {
        let next = numbers.len() + 1;
        let n = *numbers.entry(r.person).or_insert(next);
        w.write_record([
            n.to_string(),
            r.year.to_string(),
            gender(&r.sex).to_owned(),
            r.age.map(|a| a.to_string()).unwrap_or_default(),
            r.nationality.clone().unwrap_or_default(),
            if r.confirmed {
                "ActualVictimOfTrafficking"
            } else {
                "PossibleVictimOfTrafficking"
            }
            .to_owned(),
            if r.by_protection {
                "NonPoliceGovernmentalOrganization"
            } else {
                "Police"
            }
            .to_owned(),
            join(r.exploitation.iter().map(String::as_str)),
            join(r.controls.iter().map(|c| method_of_control(c))),
            join(r.destinations.iter().map(String::as_str)),
            if r.active { "Active" } else { "Closed" }.to_owned(),
            if r.referred { "true" } else { "false" }.to_owned(),
            join(r.recruitment.iter().map(String::as_str)),
            r.relationship.clone().unwrap_or_default(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// What the k-anonymised release kept and left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KAnonymous {
    /// The CSV.
    pub csv: Vec<u8>,
    /// Records written.
    pub kept: usize,
    /// Records left out because their combination stayed rarer than `k`.
    pub left_out: usize,
}

/// The quasi-identifiers of a record after generalisation.
fn quasi(
    r: &VictimRow,
    common_nat: &BTreeSet<String>,
    common_dest: &BTreeSet<String>,
) -> [String; 5] {
    let keep = |v: Option<&String>, common: &BTreeSet<String>| match v {
        None => "unknown".to_owned(),
        Some(c) if common.contains(c) => c.clone(),
        Some(_) => "Other".to_owned(),
    };
    let dest = if r.destinations.len() == 1 {
        keep(r.destinations.first(), common_dest)
    } else if r.destinations.is_empty() {
        "unknown".to_owned()
    } else {
        "Several".to_owned()
    };
    [
        r.year.to_string(),
        gender(&r.sex).to_owned(),
        age_band(r.age).to_owned(),
        keep(r.nationality.as_ref(), common_nat),
        dest,
    ]
}

/// A CTDC-style release: the quasi-identifiers generalised, then every record whose
/// combination occurs fewer than `k` times left out; each kept record carries one flag per
/// form of exploitation and method of control (no free text, no dates beyond the year).
pub fn k_anonymous_csv(rows: &[VictimRow], k: usize) -> Result<KAnonymous, csv::Error> {
    let k = k.max(2);
    // Citizenships and countries held by fewer than k records become "Other".
    let common = |values: Vec<&String>| {
        let mut n: BTreeMap<&String, usize> = BTreeMap::new();
        for v in values {
            *n.entry(v).or_default() += 1;
        }
        n.into_iter()
            .filter(|(_, c)| *c >= k)
            .map(|(v, _)| v.clone())
            .collect::<BTreeSet<String>>()
    };
    let common_nat = common(rows.iter().filter_map(|r| r.nationality.as_ref()).collect());
    let common_dest = common(
        rows.iter()
            .filter(|r| r.destinations.len() == 1)
            .map(|r| &r.destinations[0])
            .collect(),
    );
    let keys: Vec<[String; 5]> = rows
        .iter()
        .map(|r| quasi(r, &common_nat, &common_dest))
        .collect();
    let mut classes: BTreeMap<&[String; 5], usize> = BTreeMap::new();
    for q in &keys {
        *classes.entry(q).or_default() += 1;
    }
    let forms: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r.exploitation.iter().map(String::as_str))
        .collect();
    let controls: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| r.controls.iter().map(|c| method_of_control(c)))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = [
        "yearOfRegistration",
        "gender",
        "ageBroad",
        "citizenship",
        "countryOfExploitation",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(forms.iter().map(|f| format!("isTypeOfExploitation{f}")));
    head.extend(controls.iter().map(|c| format!("meansOfControl{c}")));
    w.write_record(&head)?;
    let (mut kept, mut left_out) = (0, 0);
    // Kept records in a stable order that says nothing of the order of entry.
    let mut out: Vec<Vec<String>> = Vec::new();
    for (r, q) in rows.iter().zip(&keys) {
        if classes[q] < k {
            left_out += 1;
            continue;
        }
        kept += 1;
        let mut line: Vec<String> = q.to_vec();
        let mine: BTreeSet<&str> = r.exploitation.iter().map(String::as_str).collect();
        line.extend(forms.iter().map(|f| u8::from(mine.contains(f)).to_string()));
        let mine: BTreeSet<&str> = r.controls.iter().map(|c| method_of_control(c)).collect();
        line.extend(
            controls
                .iter()
                .map(|c| u8::from(mine.contains(c)).to_string()),
        );
        out.push(line);
    }
    out.sort();
    for line in out {
        w.write_record(&line)?;
    }
    Ok(KAnonymous {
        csv: w
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?,
        kept,
        left_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(person: i64, sex: &str, age: i64, nat: &str) -> VictimRow {
        VictimRow {
            person,
            year: 2025,
            sex: sex.into(),
            age: Some(age),
            nationality: Some(nat.into()),
            confirmed: false,
            by_protection: true,
            exploitation: vec!["ForcedLabour".into()],
            controls: vec!["debt_bondage".into(), "restricted_movement".into()],
            destinations: vec![],
            active: true,
            referred: false,
            recruitment: vec!["ThroughFamilyOrFamilyEvents".into()],
            relationship: Some("Familial".into()),
        }
    }

    #[test]
    fn htcds_rows_use_the_standards_codes_and_number_persons_within_the_file() {
        let csv = String::from_utf8(
            htcds_csv(&[
                row(40, "female", 16, "PK"),
                row(40, "female", 16, "PK"),
                row(7, "transgender", 30, "AF"),
            ])
            .unwrap(),
        )
        .unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], HTCDS_FIELDS.join(","));
        assert!(lines[1].starts_with("1,2025,Feminine,16,PK,PossibleVictimOfTrafficking,NonPoliceGovernmentalOrganization,ForcedLabour,DebtBondage;Other,"));
        assert!(
            lines[2].starts_with("1,"),
            "the same person keeps their number"
        );
        assert!(lines[3].starts_with("2,2025,NonConforming,30,AF,"));
        assert!(!csv.contains("40"), "the person index key is never written");
        assert!(
            lines[1].ends_with(",ThroughFamilyOrFamilyEvents,Familial"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn every_combination_in_the_release_occurs_at_least_k_times() {
        let mut rows = Vec::new();
        for i in 0..30 {
            rows.push(row(i, "female", 16, "PK"));
        }
        for i in 30..42 {
            rows.push(row(i, "male", 25, "PK"));
        }
        // Rare: three Afghan women (their citizenship becomes "Other"), one man of 60.
        for i in 42..45 {
            rows.push(row(i, "female", 16, "AF"));
        }
        rows.push(row(45, "male", 60, "PK"));
        let r = k_anonymous_csv(&rows, 11).unwrap();
        assert_eq!(r.kept + r.left_out, rows.len());
        let text = String::from_utf8(r.csv).unwrap();
        let mut classes: BTreeMap<String, usize> = BTreeMap::new();
        for line in text.lines().skip(1) {
            let q: Vec<&str> = line.split(',').take(5).collect();
            *classes.entry(q.join(",")).or_default() += 1;
        }
        assert!(classes.values().all(|n| *n >= 11), "{classes:?}");
        assert!(!text.contains(",AF,"), "a rare citizenship is generalised");
        assert_eq!(r.left_out, 4);
        assert!(text
            .lines()
            .next()
            .unwrap()
            .contains("meansOfControlDebtBondage"));
    }
}
