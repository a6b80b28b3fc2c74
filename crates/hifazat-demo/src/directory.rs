//! The demo's service directory: the providers victims are referred to.
//!
//! * a women's shelter (*Darul Aman*) in each of Punjab's 36 districts, far fewer elsewhere
//!   (six in Sindh, four in Khyber Pakhtunkhwa, one in Balochistan, one in Islamabad), as the
//!   sources describe;
//! * child protection units in the large cities;
//! * district hospitals for medical care, legal aid and psychosocial NGOs, vocational training
//!   centres, support for returning migrants, and IOM for repatriation and family tracing.
//!
//! Public bodies carry generic names ("Darul Aman Multan"); NGOs are invented and marked
//! "(synthetic)". Phone numbers are random.

use crate::agencies::{planned, province_of, Planned};
use hifazat_domain::protection::{Group, Service};
use hifazat_domain::reference;
use hifazat_store::protection::ProviderDetails;
use hifazat_store::{Ctx, Store};
use std::collections::HashMap;

/// The women's shelter of the Lahore pilot.
pub(crate) const SHELTER_LAHORE: &str = "Darul Aman Lahore";
/// The women's shelter in Gujranwala.
pub(crate) const SHELTER_GUJRANWALA: &str = "Darul Aman Gujranwala";
/// The women's shelter in Karachi.
pub(crate) const SHELTER_KARACHI: &str = "Darul Aman Karachi";
/// The child protection unit of the Lahore pilot.
pub(crate) const CPU_LAHORE: &str = "Child Protection Unit Lahore";
/// Repatriation, family tracing and reintegration of returning migrants (national).
pub(crate) const IOM: &str = "IOM Pakistan";
/// Legal aid across Punjab.
pub(crate) const LEGAL_AID_PUNJAB: &str = "Roshni Legal Aid Society (synthetic)";

/// Shelters outside Punjab: (district code, city used in the name).
const OTHER_SHELTERS: &[(&str, &str)] = &[
    ("KHS", "Karachi"),
    ("HYD", "Hyderabad"),
    ("SKZ", "Sukkur"),
    ("LRK", "Larkana"),
    ("MKR", "Mirpur Khas"),
    ("SBH", "Shaheed Benazirabad"),
    ("PEW", "Peshawar"),
    ("MRD", "Mardan"),
    ("ABB", "Abbottabad"),
    ("DIK", "Dera Ismail Khan"),
    ("QTA", "Quetta"),
    ("ISB", "Islamabad"),
];

/// Shelters that also take children (with their mothers, or girls on their own).
const SHELTERS_FOR_CHILDREN: &[&str] = &[
    "LHR", "GRW", "FSD", "MUX", "RWP", "BWP", "DGK", "SGD", "SHW", "KHS", "HYD", "PEW", "QTA",
];

/// Shelters with a doctor or nurse on site.
const SHELTERS_WITH_MEDICAL: &[&str] = &[
    "LHR", "FSD", "MUX", "RWP", "BWP", "SKT", "KHS", "PEW", "QTA", "ISB",
];

/// Child protection units that are new in the directory: (name, district, parent).
const NEW_CHILD_PROTECTION: &[(&str, &str, &str)] = &[
    (
        "Child Protection Unit Gujranwala",
        "GRW",
        "Child Protection and Welfare Bureau Punjab",
    ),
    (
        "Child Protection Unit Karachi",
        "KHS",
        "Sindh Child Protection Authority",
    ),
    (
        "Child Protection Unit Peshawar",
        "PEW",
        "Child Protection and Welfare Commission Khyber Pakhtunkhwa",
    ),
];

/// Child protection units in the directory: (name, district, beds).
const CHILD_PROTECTION_UNITS: &[(&str, &str, i64)] = &[
    (CPU_LAHORE, "LHR", 80),
    ("Child Protection Unit Gujranwala", "GRW", 25),
    ("Child Protection Unit Faisalabad", "FSD", 30),
    ("Child Protection Unit Multan", "MUX", 30),
    ("Child Protection Unit Rawalpindi", "RWP", 25),
    ("Child Protection Unit Karachi", "KHS", 40),
    ("Child Protection Unit Peshawar", "PEW", 30),
    ("Child Protection Unit Quetta", "QTA", 15),
    ("Child Protection Unit Islamabad", "ISB", 15),
];

/// District hospitals with a medico-legal and women's health desk: (district, city).
const HOSPITALS: &[(&str, &str)] = &[
    ("LHR", "Lahore"),
    ("GRW", "Gujranwala"),
    ("FSD", "Faisalabad"),
    ("MUX", "Multan"),
    ("RWP", "Rawalpindi"),
    ("KHS", "Karachi"),
    ("HYD", "Hyderabad"),
    ("PEW", "Peshawar"),
    ("QTA", "Quetta"),
];

/// Vocational training centres of the labour departments: (district, city).
const VOCATIONAL: &[(&str, &str)] = &[
    ("LHR", "Lahore"),
    ("GRW", "Gujranwala"),
    ("FSD", "Faisalabad"),
    ("MUX", "Multan"),
    ("KHS", "Karachi"),
    ("PEW", "Peshawar"),
];

/// NGOs that are new in the directory: (name, district, services, accepts).
const NEW_NGOS: &[(&str, &str, &[Service], &[Group])] = &[
    (
        "Insaf Legal Aid Centre (synthetic)",
        "KHS",
        &[Service::LegalAid],
        &[Group::Women, Group::Men, Group::Transgender],
    ),
    (
        "Haq Legal Aid Forum (synthetic)",
        "PEW",
        &[Service::LegalAid],
        &[Group::Women, Group::Men],
    ),
    (
        "Adl Legal Aid Cell (synthetic)",
        "QTA",
        &[Service::LegalAid],
        &[Group::Women, Group::Men],
    ),
    (
        "Sukoon Psychosocial Support Centre (synthetic)",
        "LHR",
        &[Service::Psychosocial],
        &[
            Group::Women,
            Group::Men,
            Group::Children,
            Group::Transgender,
        ],
    ),
    (
        "Dilasa Counselling Service (synthetic)",
        "ISB",
        &[Service::Psychosocial],
        &[Group::Women, Group::Men, Group::Children],
    ),
    (
        "Sahara Trauma Support Network (synthetic)",
        "KHS",
        &[Service::Psychosocial],
        &[Group::Women, Group::Children, Group::Transgender],
    ),
];

/// An entry of the directory: an agency and what it offers.
#[derive(Debug, Clone)]
pub(crate) struct Listing {
    pub name: String,
    pub district: Option<&'static str>,
    pub services: Vec<Service>,
    pub accepts: Vec<Group>,
    pub languages: &'static str,
    pub capacity: i64,
}

impl Listing {
    /// True when the provider offers `service` to `group`.
    pub fn serves(&self, service: Service, group: Group) -> bool {
        self.services.contains(&service) && self.accepts.contains(&group)
    }
}

fn district(code: &str) -> &'static reference::District {
    reference::district_by_code(code).expect("a district of the reference list")
}

fn languages(code: &str) -> &'static str {
    let d = district(code);
    match (d.province_code.as_str(), d.division.as_str(), code) {
        (_, _, "ABB") => "Urdu, Hindko",
        (_, _, "ISB") => "Urdu, English, Punjabi",
        (_, _, "KHS") => "Urdu, Sindhi, English",
        ("PK-PB", "Multan" | "Bahawalpur" | "D.G.Khan", _) => "Urdu, Saraiki, Punjabi",
        ("PK-PB", "Rawalpindi", _) => "Urdu, Punjabi, Pothwari",
        ("PK-PB", _, _) => "Urdu, Punjabi",
        ("PK-SD", _, _) => "Urdu, Sindhi",
        ("PK-KP", _, _) => "Urdu, Pashto",
        ("PK-BA", _, _) => "Urdu, Balochi, Pashto, Brahui",
        _ => "Urdu",
    }
}

/// The women's shelters: (name, district code).
fn shelters() -> Vec<(String, &'static str)> {
    let mut v: Vec<(String, &'static str)> = reference::districts()
        .iter()
        .filter(|d| d.province_code == "PK-PB")
        .map(|d| (format!("Darul Aman {}", d.name), d.code.as_str()))
        .collect();
    v.extend(
        OTHER_SHELTERS
            .iter()
            .map(|(code, city)| (format!("Darul Aman {city}"), *code)),
    );
    v
}

/// Beds in a shelter: more in populous districts, between 15 and 60 (Karachi's one shelter
/// serves the whole city).
fn shelter_beds(code: &str) -> i64 {
    match code {
        "KHS" => 50,
        // A district without census figures gets the smallest shelter.
        _ => district(code)
            .population
            .map_or(15, |n| (15 + n as i64 / 240_000).clamp(15, 60)),
    }
}

/// Agencies of the directory that the base plan does not have yet, parents first.
pub(crate) fn agencies() -> Vec<Planned> {
    let mut v = Vec::new();
    for (name, code) in shelters() {
        let province = province_of(code);
        let parent = crate::agencies::PROVINCES
            .iter()
            .find(|p| p.0 == province)
            .map(|p| format!("Social Welfare Department {}", p.1));
        v.push(planned(
            name,
            "social_welfare",
            Some(&province),
            Some(code),
            parent.as_deref(),
        ));
    }
    for (name, code, parent) in NEW_CHILD_PROTECTION {
        v.push(planned(
            *name,
            "child_protection",
            Some(&province_of(code)),
            Some(code),
            Some(parent),
        ));
    }
    for (code, city) in HOSPITALS {
        v.push(planned(
            format!("District Headquarters Hospital {city}"),
            "other",
            Some(&province_of(code)),
            Some(code),
            None,
        ));
    }
    for (code, city) in VOCATIONAL {
        let province = province_of(code);
        let parent = crate::agencies::PROVINCES
            .iter()
            .find(|p| p.0 == province)
            .map(|p| format!("Labour Department {}", p.1));
        v.push(planned(
            format!("Vocational Training Centre {city}"),
            "labour",
            Some(&province),
            Some(code),
            parent.as_deref(),
        ));
    }
    for (name, code, _, _) in NEW_NGOS {
        v.push(planned(
            *name,
            "ngo",
            Some(&province_of(code)),
            Some(code),
            None,
        ));
    }
    v
}

/// Every entry of the directory, in a fixed order.
pub(crate) fn listings() -> Vec<Listing> {
    use Group::*;
    use Service::*;
    let mut v = Vec::new();
    for (name, code) in shelters() {
        let mut services = vec![Shelter, Psychosocial, LegalAid];
        if SHELTERS_WITH_MEDICAL.contains(&code) {
            services.push(Medical);
        }
        let mut accepts = vec![Women];
        if SHELTERS_FOR_CHILDREN.contains(&code) {
            accepts.push(Children);
        }
        v.push(Listing {
            name,
            district: Some(code),
            services,
            accepts,
            languages: languages(code),
            capacity: shelter_beds(code),
        });
    }
    for (name, code, beds) in CHILD_PROTECTION_UNITS {
        let mut services = vec![ChildProtection, Shelter, FamilyTracing, Psychosocial];
        if *code == "LHR" {
            services.push(Medical);
        }
        v.push(Listing {
            name: (*name).into(),
            district: Some(code),
            services,
            accepts: vec![Children],
            languages: languages(code),
            capacity: *beds,
        });
    }
    for (code, city) in HOSPITALS {
        let mut services = vec![Medical];
        if matches!(*code, "LHR" | "KHS" | "PEW") {
            services.push(Psychosocial);
        }
        v.push(Listing {
            name: format!("District Headquarters Hospital {city}"),
            district: Some(code),
            services,
            accepts: vec![Women, Men, Children, Transgender],
            languages: languages(code),
            capacity: 0,
        });
    }
    for (code, city) in VOCATIONAL {
        v.push(Listing {
            name: format!("Vocational Training Centre {city}"),
            district: Some(code),
            services: vec![Vocational],
            accepts: vec![Women, Men, Transgender],
            languages: languages(code),
            capacity: 0,
        });
    }
    for (name, code, services, accepts) in NEW_NGOS {
        v.push(Listing {
            name: (*name).into(),
            district: Some(code),
            services: services.to_vec(),
            accepts: accepts.to_vec(),
            languages: languages(code),
            capacity: 0,
        });
    }
    let ngo =
        |name: &str, code: &'static str, services: &[Service], accepts: &[Group], capacity: i64| {
            Listing {
                name: name.into(),
                district: Some(code),
                services: services.to_vec(),
                accepts: accepts.to_vec(),
                languages: languages(code),
                capacity,
            }
        };
    v.push(ngo(
        LEGAL_AID_PUNJAB,
        "LHR",
        &[LegalAid, Psychosocial],
        &[Women, Men, Transgender],
        0,
    ));
    v.push(ngo(
        "Umeed Women's Shelter Trust (synthetic)",
        "RWP",
        &[Shelter, Psychosocial, Vocational],
        &[Women, Children],
        25,
    ));
    v.push(ngo(
        "Azad Bhatta Mazdoor Forum (synthetic)",
        "KSR",
        &[LegalAid, Vocational],
        &[Women, Men, Children],
        0,
    ));
    v.push(ngo(
        "Saaya Child Rights Network (synthetic)",
        "KHS",
        &[ChildProtection, Psychosocial, FamilyTracing],
        &[Children],
        0,
    ));
    v.push(ngo(
        "Raasta Migrant Support Centre (synthetic)",
        "GRW",
        &[Psychosocial, LegalAid, Vocational],
        &[Women, Men],
        0,
    ));
    v.push(ngo(
        "Hamqadam Returnee Welfare Society (synthetic)",
        "PEW",
        &[Psychosocial, Vocational, FamilyTracing],
        &[Women, Men],
        0,
    ));
    v.push(Listing {
        name: IOM.into(),
        district: None,
        services: vec![Repatriation, FamilyTracing, Psychosocial, Vocational],
        accepts: vec![Women, Men, Children, Transgender],
        languages: "Urdu, English, Pashto, Dari, Persian, Bengali",
        capacity: 0,
    });
    v
}

/// A made-up phone number, the same for the same name.
fn phone(name: &str) -> String {
    // FNV-1a: stable across runs and platforms.
    let h = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("03{}{}{:07}", h % 5, (h / 5) % 10, (h / 50) % 10_000_000)
}

/// Registers every listing; returns their number.
pub(crate) async fn register(store: &Store, ids: &HashMap<String, i64>) -> anyhow::Result<usize> {
    let admin = store.admin(&Ctx::system("demo"))?;
    let all = listings();
    for l in &all {
        let id = *ids
            .get(&l.name)
            .ok_or_else(|| anyhow::anyhow!("directory agency '{}' is missing", l.name))?;
        let details = ProviderDetails {
            services: l.services.clone(),
            accepts: l.accepts.clone(),
            languages: l.languages.into(),
            capacity: l.capacity,
            phone: Some(phone(&l.name)),
        };
        admin.set_provider(id, details.into()).await?;
    }
    Ok(all.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_punjab_district_has_a_shelter_and_the_pilot_providers_fit() {
        let all = listings();
        let plan = crate::agencies::plan();
        for l in &all {
            assert!(
                plan.iter().any(|p| p.name == l.name),
                "{} is planned",
                l.name
            );
            assert!(
                !l.services.is_empty() && !l.accepts.is_empty(),
                "{}",
                l.name
            );
        }
        let shelters: Vec<_> = all
            .iter()
            .filter(|l| l.name.starts_with("Darul Aman"))
            .collect();
        let punjab = shelters
            .iter()
            .filter(|l| l.district.is_some_and(|d| province_of(d) == "PK-PB"))
            .count();
        assert_eq!(punjab, 36);
        let province = |p: &str| {
            shelters
                .iter()
                .filter(|l| l.district.is_some_and(|d| province_of(d) == p))
                .count()
        };
        assert_eq!(
            (
                province("PK-SD"),
                province("PK-KP"),
                province("PK-BA"),
                province("PK-IS")
            ),
            (6, 4, 1, 1)
        );
        assert!(shelters
            .iter()
            .all(|l| (15..=60).contains(&l.capacity) && l.serves(Service::Shelter, Group::Women)));
        let get = |n: &str| all.iter().find(|l| l.name == n).unwrap();
        assert!(get(SHELTER_LAHORE).serves(Service::Shelter, Group::Children));
        assert!(get(SHELTER_LAHORE).serves(Service::Medical, Group::Women));
        assert!(get(SHELTER_GUJRANWALA).serves(Service::LegalAid, Group::Women));
        assert!(get(SHELTER_KARACHI).serves(Service::Medical, Group::Children));
        assert!(get(CPU_LAHORE).serves(Service::ChildProtection, Group::Children));
        assert!(get(IOM).serves(Service::Repatriation, Group::Transgender));
        assert!(get(LEGAL_AID_PUNJAB).serves(Service::LegalAid, Group::Men));
    }
}
