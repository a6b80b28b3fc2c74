//! The demo's agencies: FIA headquarters, zones and Anti-Human Trafficking Circles, immigration
//! at the exit points, police stations, provincial departments, the Bureau of Emigration,
//! prosecution and a few NGOs. Names of NGOs are invented and marked "(synthetic)".

use hifazat_domain::reference::{self, District};
use hifazat_store::admin::AgencyInput;
use hifazat_store::{Ctx, Store};
use std::collections::HashMap;

/// FIA Headquarters (administrators, auditors).
pub const HQ: &str = "FIA Headquarters";
/// The national anti-trafficking cell at FIA HQ (national coordinators, analysts).
pub const HQ_CELL: &str = "FIA HQ Anti-Trafficking Cell";

/// The Bureau of Emigration and Overseas Employment (the emigration authority's account).
pub const BUREAU: &str = "Bureau of Emigration and Overseas Employment";

/// FIA zones: (city, district code of the zonal office).
const ZONES: &[(&str, &str)] = &[
    ("Lahore", "LHR"),
    ("Gujranwala", "GRW"),
    ("Faisalabad", "FSD"),
    ("Multan", "MUX"),
    ("Islamabad", "ISB"),
    ("Karachi", "KHS"),
    ("Quetta", "QTA"),
    ("Peshawar", "PEW"),
];

/// Anti-Human Trafficking Circles: (city, district code of the circle, zone city).
const CIRCLES: &[(&str, &str, &str)] = &[
    ("Lahore", "LHR", "Lahore"),
    ("Gujranwala", "GRW", "Gujranwala"),
    ("Sialkot", "SKT", "Gujranwala"),
    ("Gujrat", "GJT", "Gujranwala"),
    ("Faisalabad", "FSD", "Faisalabad"),
    ("Multan", "MUX", "Multan"),
    ("Islamabad", "ISB", "Islamabad"),
    ("Karachi", "KHS", "Karachi"),
    ("Quetta", "QTA", "Quetta"),
    ("Gwadar", "GWD", "Quetta"),
    ("Peshawar", "PEW", "Peshawar"),
    ("Kohat", "KHT", "Peshawar"),
];

/// FIA immigration posts: (exit point as in `reference::EXIT_POINTS`, district code).
const IMMIGRATION: &[(&str, &str)] = &[
    ("Allama Iqbal International Airport, Lahore", "LHR"),
    ("Islamabad International Airport", "ISB"),
    ("Jinnah International Airport, Karachi", "KHE"),
    ("Bacha Khan International Airport, Peshawar", "PEW"),
    ("Multan International Airport", "MUX"),
    ("Sialkot International Airport", "SKT"),
    ("Faisalabad International Airport", "FSD"),
    ("Quetta International Airport", "QTA"),
    ("Taftan (land border, Iran)", "CHG"),
    ("Chaman (land border, Afghanistan)", "KAL"),
    ("Torkham (land border, Afghanistan)", "KHY"),
    ("Wagah (land border, India)", "LHR"),
    ("Gwadar (sea)", "GWD"),
    ("Jiwani (sea)", "GWD"),
    ("Karachi (sea)", "KHS"),
    ("Mand (land border, Iran)", "KCH"),
];

/// Districts with several police stations in the demo: (district code, number of stations).
/// Every other district gets one ("Police Station City, …").
const BUSY_DISTRICTS: &[(&str, usize)] = &[
    ("LHR", 6),
    ("FSD", 4),
    ("GRW", 4),
    ("RWP", 4),
    ("KSR", 3),
    ("SHK", 3),
    ("MUX", 3),
    ("GJT", 3),
    ("SKT", 3),
    ("MBD", 2),
    ("OKR", 2),
    ("SGD", 2),
    ("RYK", 2),
    ("BWP", 2),
    ("ISB", 3),
    ("KHS", 3),
    ("KHC", 2),
    ("KHE", 2),
    ("HYD", 2),
    ("PEW", 3),
    ("QTA", 2),
];

/// Synthetic police station names, combined with the district name.
const STATION_NAMES: &[&str] = &[
    "City",
    "Civil Lines",
    "Saddar",
    "Cantt",
    "Model Town",
    "Kotwali",
    "Satellite Town",
    "Industrial Area",
    "Factory Area",
    "Railway Road",
    "Ghalla Mandi",
    "Township",
];

/// Provinces with their own departments: (ISO code, name used in agency names).
pub(crate) const PROVINCES: &[(&str, &str)] = &[
    ("PK-PB", "Punjab"),
    ("PK-SD", "Sindh"),
    ("PK-KP", "Khyber Pakhtunkhwa"),
    ("PK-BA", "Balochistan"),
    ("PK-IS", "Islamabad Capital Territory"),
];

/// Child protection bodies: (name, province, district, parent name).
const CHILD_PROTECTION: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    (
        "Child Protection and Welfare Bureau Punjab",
        "PK-PB",
        None,
        None,
    ),
    (
        "Child Protection Unit Lahore",
        "PK-PB",
        Some("LHR"),
        Some("Child Protection and Welfare Bureau Punjab"),
    ),
    (
        "Child Protection Unit Faisalabad",
        "PK-PB",
        Some("FSD"),
        Some("Child Protection and Welfare Bureau Punjab"),
    ),
    (
        "Child Protection Unit Multan",
        "PK-PB",
        Some("MUX"),
        Some("Child Protection and Welfare Bureau Punjab"),
    ),
    (
        "Child Protection Unit Rawalpindi",
        "PK-PB",
        Some("RWP"),
        Some("Child Protection and Welfare Bureau Punjab"),
    ),
    ("Sindh Child Protection Authority", "PK-SD", None, None),
    (
        "Child Protection and Welfare Commission Khyber Pakhtunkhwa",
        "PK-KP",
        None,
        None,
    ),
    ("Child Protection Unit Quetta", "PK-BA", Some("QTA"), None),
    (
        "Child Protection Unit Islamabad",
        "PK-IS",
        Some("ISB"),
        None,
    ),
];

/// Protectorates of Emigrants under the Bureau: (city, district code).
const PROTECTORATES: &[(&str, &str)] = &[
    ("Lahore", "LHR"),
    ("Rawalpindi", "RWP"),
    ("Karachi", "KHS"),
    ("Peshawar", "PEW"),
    ("Sialkot", "SKT"),
];

/// Non-governmental and international organisations: (name, kind, province, district).
const NGOS: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    (
        "Roshni Legal Aid Society (synthetic)",
        "ngo",
        Some("PK-PB"),
        Some("LHR"),
    ),
    (
        "Umeed Women's Shelter Trust (synthetic)",
        "ngo",
        Some("PK-PB"),
        Some("RWP"),
    ),
    (
        "Azad Bhatta Mazdoor Forum (synthetic)",
        "ngo",
        Some("PK-PB"),
        Some("KSR"),
    ),
    (
        "Saaya Child Rights Network (synthetic)",
        "ngo",
        Some("PK-SD"),
        Some("KHS"),
    ),
    (
        "Raasta Migrant Support Centre (synthetic)",
        "ngo",
        Some("PK-PB"),
        Some("GRW"),
    ),
    (
        "Hamqadam Returnee Welfare Society (synthetic)",
        "ngo",
        Some("PK-KP"),
        Some("PEW"),
    ),
    ("UNODC Country Office Pakistan", "international", None, None),
    ("IOM Pakistan", "international", None, None),
];

/// Forces that intercept migrants at the land border with Iran and Afghanistan and on the
/// Makran and Karachi coast: (name, kind, province, district). The units are invented.
pub(crate) const BORDER_FORCES: &[(&str, &str, &str, &str)] = &[
    (
        "Frontier Corps Balochistan, Mand wing",
        "frontier_corps",
        "PK-BA",
        "KCH",
    ),
    (
        "Frontier Corps Balochistan, Chagai wing",
        "frontier_corps",
        "PK-BA",
        "CHG",
    ),
    ("Chagai Levies, Taftan", "levies", "PK-BA", "CHG"),
    (
        "Pakistan Coast Guards, Jiwani",
        "coast_guards",
        "PK-BA",
        "GWD",
    ),
    (
        "Pakistan Coast Guards, Karachi",
        "coast_guards",
        "PK-SD",
        "KHS",
    ),
    (
        "Maritime Security Agency, Gwadar",
        "maritime_security_agency",
        "PK-BA",
        "GWD",
    ),
    (
        "Maritime Security Agency, Karachi",
        "maritime_security_agency",
        "PK-SD",
        "KHS",
    ),
];

/// District offices of the social welfare departments that refer victims in the pilot
/// districts: (district code, city).
pub(crate) const DISTRICT_WELFARE: &[(&str, &str)] = &[("LHR", "Lahore"), ("GRW", "Gujranwala")];

/// The name of a district social welfare office.
pub(crate) fn district_welfare_name(city: &str) -> String {
    format!("Social Welfare Department {city}")
}

/// An agency to create; `parent` names an agency created before it.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub name: String,
    pub kind: &'static str,
    pub province: Option<String>,
    pub district: Option<String>,
    pub parent: Option<String>,
}

pub(crate) fn planned(
    name: impl Into<String>,
    kind: &'static str,
    province: Option<&str>,
    district: Option<&str>,
    parent: Option<&str>,
) -> Planned {
    Planned {
        name: name.into(),
        kind,
        province: province.map(Into::into),
        district: district.map(Into::into),
        parent: parent.map(Into::into),
    }
}

pub(crate) fn province_of(district: &str) -> String {
    reference::district_by_code(district)
        .map(|d| d.province_code.clone())
        .unwrap_or_default()
}

/// The name of a zone.
pub(crate) fn zone_name(city: &str) -> String {
    format!("FIA {city} Zone")
}

/// The name of a circle.
pub(crate) fn circle_name(city: &str) -> String {
    format!("AHTC {city}")
}

/// The city of the circle that covers a district (FIA's territorial split, simplified).
pub(crate) fn circle_city(d: &District) -> &'static str {
    match (d.province_code.as_str(), d.code.as_str()) {
        (_, "SKT") => "Sialkot",
        (_, "GJT" | "MBD" | "JHL") => "Gujrat",
        ("PK-PB", _) => match d.division.as_str() {
            "Lahore" => "Lahore",
            "Gujranwala" => "Gujranwala",
            "Faisalabad" | "Sargodha" => "Faisalabad",
            "Rawalpindi" => "Islamabad",
            _ => "Multan",
        },
        ("PK-IS", _) => "Islamabad",
        ("PK-SD", _) => "Karachi",
        ("PK-BA", "GWD" | "KCH" | "PNJ" | "AWR" | "LSB") => "Gwadar",
        ("PK-BA", _) => "Quetta",
        // The southern former tribal districts (Khyber Pakhtunkhwa since 2018) go to Kohat.
        (_, "KRR" | "ORK" | "FKR" | "FBR" | "FLM" | "FDI" | "FTR" | "NWR" | "SWH") => "Kohat",
        ("PK-KP", _) => match d.division.as_str() {
            "Kohat" | "Bannu" | "Dera Ismail Khan" => "Kohat",
            "Hazara" => "Islamabad",
            _ => "Peshawar",
        },
        ("PK-JK" | "PK-GB", _) => "Islamabad",
        _ => "Peshawar",
    }
}

/// The zone a circle belongs to.
fn zone_of_circle(city: &str) -> &'static str {
    CIRCLES
        .iter()
        .find(|c| c.0 == city)
        .map(|c| c.2)
        .unwrap_or("Lahore")
}

/// The names of the police stations of a district, busiest first.
pub(crate) fn station_names(d: &District) -> Vec<String> {
    let n = BUSY_DISTRICTS
        .iter()
        .find(|b| b.0 == d.code)
        .map_or(1, |b| b.1);
    // Vary the names between districts, but always start with "City".
    let offset = d.code.bytes().map(usize::from).sum::<usize>();
    let mut names = vec![format!("Police Station City, {}", d.name)];
    let rest = &STATION_NAMES[1..];
    for i in 0..n.saturating_sub(1) {
        names.push(format!(
            "Police Station {}, {}",
            rest[(offset + i) % rest.len()],
            d.name
        ));
    }
    names
}

/// Every agency of the demo, parents before children.
pub(crate) fn plan() -> Vec<Planned> {
    let mut v = vec![
        planned(HQ, "fia_headquarters", None, Some("ISB"), None),
        planned(HQ_CELL, "fia_headquarters", None, Some("ISB"), Some(HQ)),
        planned(
            "FIA Anti-Human Smuggling Directorate",
            "fia_headquarters",
            None,
            Some("ISB"),
            Some(HQ),
        ),
    ];
    for (city, district) in ZONES {
        v.push(planned(
            zone_name(city),
            "fia_zone",
            Some(&province_of(district)),
            Some(district),
            Some(HQ),
        ));
    }
    for (city, district, zone) in CIRCLES {
        v.push(planned(
            circle_name(city),
            "fia_circle",
            Some(&province_of(district)),
            Some(district),
            Some(&zone_name(zone)),
        ));
    }
    for (exit, district) in IMMIGRATION {
        let d = reference::district_by_code(district).expect("known district");
        v.push(planned(
            format!("FIA Immigration, {exit}"),
            "immigration",
            Some(&d.province_code),
            Some(district),
            Some(&zone_name(zone_of_circle(circle_city(d)))),
        ));
    }
    for d in reference::districts() {
        for name in station_names(d) {
            v.push(planned(
                name,
                "police_station",
                Some(&d.province_code),
                Some(&d.code),
                None,
            ));
        }
    }
    for (code, name) in PROVINCES {
        v.push(planned(
            format!("Social Welfare Department {name}"),
            "social_welfare",
            Some(code),
            None,
            None,
        ));
        if *code != "PK-IS" {
            v.push(planned(
                format!("Women Development Department {name}"),
                "women_development",
                Some(code),
                None,
                None,
            ));
        }
        v.push(planned(
            format!("Labour Department {name}"),
            "labour",
            Some(code),
            None,
            None,
        ));
        v.push(planned(
            format!("Prosecution Department {name}"),
            "prosecution",
            Some(code),
            None,
            None,
        ));
    }
    for (name, province, district, parent) in CHILD_PROTECTION {
        v.push(planned(
            *name,
            "child_protection",
            Some(province),
            *district,
            *parent,
        ));
    }
    let bureau = BUREAU;
    v.push(planned(
        bureau,
        "bureau_emigration",
        None,
        Some("ISB"),
        None,
    ));
    for (city, district) in PROTECTORATES {
        v.push(planned(
            format!("Protector of Emigrants, {city}"),
            "bureau_emigration",
            Some(&province_of(district)),
            Some(district),
            Some(bureau),
        ));
    }
    for (name, kind, province, district) in BORDER_FORCES {
        v.push(planned(*name, kind, Some(province), Some(district), None));
    }
    for (name, kind, province, district) in NGOS {
        v.push(planned(*name, kind, *province, *district, None));
    }
    for (district, city) in DISTRICT_WELFARE {
        v.push(planned(
            district_welfare_name(city),
            "social_welfare",
            Some(&province_of(district)),
            Some(district),
            Some("Social Welfare Department Punjab"),
        ));
    }
    v.extend(crate::directory::agencies());
    v
}

/// Creates the agencies that do not exist yet; returns every agency's id by name and the
/// number created.
pub(crate) async fn create_all(store: &Store) -> anyhow::Result<(HashMap<String, i64>, usize)> {
    let admin = store.admin(&Ctx::system("demo"))?;
    let mut ids: HashMap<String, i64> = HashMap::new();
    let mut created = 0;
    for p in plan() {
        if let Some(id) = store.agency_id_by_name(&p.name).await? {
            ids.insert(p.name, id);
            continue;
        }
        let parent_id = p.parent.as_ref().and_then(|n| ids.get(n)).copied();
        let id = admin
            .create_agency(AgencyInput {
                name: p.name.clone(),
                kind: p.kind.into(),
                province_code: p.province,
                district_code: p.district,
                parent_id,
            })
            .await?;
        ids.insert(p.name, id);
        created += 1;
    }
    Ok((ids, created))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_consistent() {
        let plan = plan();
        let mut names: Vec<_> = plan.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "agency names are unique");
        for (i, p) in plan.iter().enumerate() {
            assert!(
                hifazat_store::admin::users::AGENCY_KINDS
                    .iter()
                    .any(|(k, _)| *k == p.kind),
                "{}",
                p.kind
            );
            if let Some(parent) = &p.parent {
                assert!(
                    plan[..i].iter().any(|q| &q.name == parent),
                    "{} comes after its parent {parent}",
                    p.name
                );
            }
        }
        for (exit, _) in IMMIGRATION {
            assert!(reference::EXIT_POINTS.contains(exit), "{exit}");
        }
        for d in reference::districts() {
            let circle = circle_name(circle_city(d));
            assert!(plan.iter().any(|p| p.name == circle), "{circle}");
        }
    }
}
