//! Code lists shipped with the product (see `data/README.md` for their sources): provinces,
//! the districts (the 135 of the 2017 census, and those of Azad Jammu and Kashmir and
//! Gilgit-Baltistan), countries, offences, forms of exploitation and indicators.
//!
//! They are parsed once from compiled-in CSV and then borrowed for the life of the program.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A district with Hifazat's three-letter code: one of the 135 districts of the 2017 census
/// tables, or a district of Azad Jammu and Kashmir or Gilgit-Baltistan (not in those tables).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct District {
    /// Three-letter code used in case references, e.g. `LHR`.
    pub code: String,
    /// ISO 3166-2 code of the province or territory the district lies in today, e.g. `PK-PB`.
    /// The former tribal agencies and frontier regions are `PK-KP`: the 25th Amendment (2018)
    /// merged them into Khyber Pakhtunkhwa.
    pub province_code: String,
    /// Name of that province or territory.
    pub province: String,
    /// The province code in the 2017 census tables (`PK-TA` for the former tribal areas);
    /// `None` for a district that is not in those tables.
    pub census_province_code: Option<String>,
    /// Division, where the source names one.
    pub division: String,
    /// District name.
    #[serde(rename = "district")]
    pub name: String,
    /// Area in square kilometres, where known.
    pub area_sq_km: Option<f64>,
    /// Census population (2017), where known.
    pub population: Option<u64>,
    /// Male population, where known.
    pub male: Option<u64>,
    /// Female population, where known.
    pub female: Option<u64>,
    /// Transgender population, where known.
    pub transgender: Option<u64>,
}

/// One row of a district file, as written (see `data/README.md`).
#[derive(Deserialize)]
struct DistrictRow {
    code: String,
    province_code: String,
    province: String,
    division: String,
    district: String,
    area_sq_km: Option<f64>,
    population: Option<u64>,
    male: Option<u64>,
    female: Option<u64>,
    transgender: Option<u64>,
}

impl DistrictRow {
    /// The district as it is today; `census` when the row comes from the 2017 census tables.
    fn into_district(self, census: bool) -> District {
        let province_code = current_province_code(&self.province_code).to_owned();
        let province = match province_name(&province_code) {
            Some(name) => name.to_owned(),
            None => self.province,
        };
        District {
            code: self.code,
            census_province_code: census.then_some(self.province_code),
            province_code,
            province,
            division: self.division,
            name: self.district,
            area_sq_km: self.area_sq_km,
            population: self.population,
            male: self.male,
            female: self.female,
            transgender: self.transgender,
        }
    }
}

/// A country from ISO 3166-1.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Country {
    /// Two-letter code, e.g. `AE`.
    pub alpha2: String,
    /// Three-letter code, e.g. `ARE`.
    pub alpha3: String,
    /// English name.
    pub name: String,
}

/// An offence that a case can be registered under.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Offence {
    /// Stable code, e.g. `PTPA-3`.
    pub code: String,
    /// The law.
    pub law: String,
    /// Section of the law.
    pub section: String,
    /// Abridged title.
    pub title: String,
    /// `trafficking` or `smuggling`: which side of the TIP / SOM distinction it belongs to.
    pub applies_to: String,
    /// 1 for repealed laws kept for historic cases (PACHTO 2002).
    pub historic: u8,
    /// 1 when the police may arrest without a warrant and register an FIR (CrPC Schedule II, or
    /// the law's own section).
    pub cognizable: u8,
    /// 1 when bail is a right.
    pub bailable: u8,
    /// 1 when the offence may be compounded (CrPC s.345, with the court's permission where it
    /// says so); a case is decided as compounded only when every offence in it is.
    pub compoundable: u8,
}

impl Offence {
    /// "Cognizable · non-bailable · non-compoundable", in English (the law's words).
    pub fn procedure(&self) -> String {
        format!(
            "{} · {} · {}",
            if self.cognizable == 1 {
                "cognizable"
            } else {
                "non-cognizable"
            },
            if self.bailable == 1 {
                "bailable"
            } else {
                "non-bailable"
            },
            if self.compoundable == 1 {
                "compoundable"
            } else {
                "non-compoundable"
            },
        )
    }
}

/// A form of exploitation (HTCDS 2.0 list plus Pakistan-specific forms).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExploitationForm {
    /// Stable code, e.g. `bonded_labour`.
    pub code: String,
    /// Label shown to users.
    pub label: String,
    /// The nearest HTCDS 2.0 `vic_TypeOfExploitation` value, for export.
    pub htcds_code: String,
    /// Where the entry comes from.
    pub source: String,
}

/// A means of trafficking or method of control (PTPA means, HTCDS methods of control).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Indicator {
    /// Stable code, e.g. `debt_bondage`.
    pub code: String,
    /// Label shown to users.
    pub label: String,
    /// The HTCDS 2.0 `vic_MethodsOfControl` value, where one fits.
    pub htcds_code: String,
}

/// A province or territory (ISO 3166-2).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Province {
    /// ISO 3166-2 code, e.g. `PK-PB`.
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
}

/// Provinces and territories as they are today: the four provinces, Islamabad Capital
/// Territory, Gilgit-Baltistan and Azad Jammu and Kashmir. The former tribal areas (`PK-TA`)
/// are not among them: see [`FORMER_PROVINCES`].
pub const PROVINCES: &[Province] = &[
    Province {
        code: "PK-BA",
        name: "Balochistan",
    },
    Province {
        code: "PK-IS",
        name: "Islamabad Capital Territory",
    },
    Province {
        code: "PK-KP",
        name: "Khyber Pakhtunkhwa",
    },
    Province {
        code: "PK-PB",
        name: "Punjab",
    },
    Province {
        code: "PK-SD",
        name: "Sindh",
    },
    Province {
        code: "PK-GB",
        name: "Gilgit-Baltistan",
    },
    Province {
        code: "PK-JK",
        name: "Azad Jammu and Kashmir",
    },
];

/// A province or territory that no longer exists, and the one it is part of now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FormerProvince {
    /// Its ISO 3166-2 code as it was, e.g. `PK-TA`.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The code of the province it was merged into.
    pub merged_into: &'static str,
    /// The year of the merger.
    pub merged_in: u16,
}

/// The Federally Administered Tribal Areas, kept as `PK-TA` in the 2017 census tables, merged
/// into Khyber Pakhtunkhwa by the 25th Amendment (2018).
pub const FORMER_PROVINCES: &[FormerProvince] = &[FormerProvince {
    code: "PK-TA",
    name: "Federally Administered Tribal Areas",
    merged_into: "PK-KP",
    merged_in: 2018,
}];

/// A province code as it stands today: `PK-TA` becomes `PK-KP`; any other code is returned
/// as given. Every comparison of province codes goes through this, so that a Khyber
/// Pakhtunkhwa scope covers the former tribal districts however a code was written.
pub fn current_province_code(code: &str) -> &str {
    FORMER_PROVINCES
        .iter()
        .find(|f| f.code == code)
        .map_or(code, |f| f.merged_into)
}

/// Exit points where immigration screens departures.
pub const EXIT_POINTS: &[&str] = &[
    "Allama Iqbal International Airport, Lahore",
    "Islamabad International Airport",
    "Jinnah International Airport, Karachi",
    "Bacha Khan International Airport, Peshawar",
    "Multan International Airport",
    "Sialkot International Airport",
    "Faisalabad International Airport",
    "Quetta International Airport",
    "Taftan (land border, Iran)",
    "Chaman (land border, Afghanistan)",
    "Torkham (land border, Afghanistan)",
    "Wagah (land border, India)",
    "Gwadar (sea)",
    "Jiwani (sea)",
    "Karachi (sea)",
    "Mand (land border, Iran)",
    "Other or unofficial crossing",
];

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .unwrap_or_else(|e| panic!("shipped reference file {name} is malformed: {e}"))
}

macro_rules! shipped {
    ($fn:ident, $ty:ty, $file:literal) => {
        #[doc = concat!("The shipped `", $file, "`, parsed once.")]
        pub fn $fn() -> &'static [$ty] {
            static CELL: OnceLock<Vec<$ty>> = OnceLock::new();
            CELL.get_or_init(|| parse($file, include_str!(concat!("../data/", $file))))
        }
    };
}

/// Every district: the 2017 census districts (`districts.csv`), then those of Azad Jammu and
/// Kashmir and Gilgit-Baltistan (`districts_ajk_gb.csv`), each with its current province.
pub fn districts() -> &'static [District] {
    static CELL: OnceLock<Vec<District>> = OnceLock::new();
    CELL.get_or_init(|| {
        let census = parse::<DistrictRow>("districts.csv", include_str!("../data/districts.csv"));
        let others = parse::<DistrictRow>(
            "districts_ajk_gb.csv",
            include_str!("../data/districts_ajk_gb.csv"),
        );
        census
            .into_iter()
            .map(|r| r.into_district(true))
            .chain(others.into_iter().map(|r| r.into_district(false)))
            .collect()
    })
}

shipped!(countries, Country, "countries.csv");
shipped!(offences, Offence, "offences.csv");
shipped!(
    exploitation_forms,
    ExploitationForm,
    "exploitation_forms.csv"
);
shipped!(indicators, Indicator, "indicators.csv");

/// Looks up a district by its code.
pub fn district_by_code(code: &str) -> Option<&'static District> {
    districts().iter().find(|d| d.code == code)
}

/// Looks up a district by its name (case-insensitive).
pub fn district_by_name(name: &str) -> Option<&'static District> {
    districts()
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(name))
}

/// Looks up a district by its code or its name, as typed in an imported file (either
/// case).
pub fn district_by_code_or_name(s: &str) -> Option<&'static District> {
    let s = s.trim();
    district_by_code(&s.to_uppercase()).or_else(|| district_by_name(s))
}

/// Looks up a country by its two-letter code (case-insensitive).
pub fn country(alpha2: &str) -> Option<&'static Country> {
    countries()
        .iter()
        .find(|c| c.alpha2.eq_ignore_ascii_case(alpha2))
}

/// Looks up an offence by its code.
pub fn offence(code: &str) -> Option<&'static Offence> {
    offences().iter().find(|o| o.code == code)
}

/// Looks up a form of exploitation by its code.
pub fn exploitation_form(code: &str) -> Option<&'static ExploitationForm> {
    exploitation_forms().iter().find(|o| o.code == code)
}

/// Looks up an indicator by its code.
pub fn indicator(code: &str) -> Option<&'static Indicator> {
    indicators().iter().find(|o| o.code == code)
}

/// The name of a current province or territory's code (`None` for `PK-TA`, which is no longer
/// one: see [`current_province_code`]).
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|p| p.code == code).map(|p| p.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn census() -> impl Iterator<Item = &'static District> {
        districts()
            .iter()
            .filter(|d| d.census_province_code.is_some())
    }

    #[test]
    fn census_totals_match_the_published_figure() {
        assert_eq!(census().count(), 135);
        let total: u64 = census().map(|d| d.population.expect("census row")).sum();
        assert_eq!(total, 207_684_626);
        for d in census() {
            let sexes = d.male.unwrap() + d.female.unwrap() + d.transgender.unwrap();
            assert_eq!(sexes, d.population.unwrap(), "{}", d.name);
        }
        assert_eq!(district_by_code("LHR").unwrap().name, "Lahore");
    }

    #[test]
    fn every_district_has_a_unique_code_and_a_current_province() {
        assert_eq!(districts().len(), 135 + 10 + 14);
        let mut codes: Vec<_> = districts().iter().map(|d| d.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), districts().len(), "district codes are unique");
        let mut names: Vec<_> = districts().iter().map(|d| d.name.to_lowercase()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), districts().len(), "district names are unique");
        for d in districts() {
            assert!(
                d.code.len() == 3 && d.code.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                d.code
            );
            assert_eq!(province_name(&d.province_code), Some(d.province.as_str()));
            assert_eq!(district_by_code(&d.code).unwrap().name, d.name);
            assert_eq!(district_by_name(&d.name).unwrap().code, d.code);
        }
        // Every current province or territory has districts, and nothing else does.
        for p in PROVINCES {
            assert!(
                districts().iter().any(|d| d.province_code == p.code),
                "{}",
                p.code
            );
        }
    }

    #[test]
    fn the_former_tribal_areas_are_districts_of_khyber_pakhtunkhwa() {
        assert_eq!(current_province_code("PK-TA"), "PK-KP");
        assert_eq!(current_province_code("PK-PB"), "PK-PB");
        assert!(
            province_name("PK-TA").is_none(),
            "no longer offered as a province"
        );
        assert!(PROVINCES.iter().all(|p| p.code != "PK-TA"));
        let tribal: Vec<_> = districts()
            .iter()
            .filter(|d| d.census_province_code.as_deref() == Some("PK-TA"))
            .collect();
        assert_eq!(tribal.len(), 13);
        for d in &tribal {
            assert_eq!(d.province_code, "PK-KP", "{}", d.name);
            assert_eq!(d.province, "Khyber Pakhtunkhwa");
        }
        let bajaur = district_by_code("BJR").unwrap();
        assert_eq!(
            bajaur.population,
            Some(1_090_987),
            "census figures are kept"
        );
        assert!(districts().iter().all(|d| d.province_code != "PK-TA"));
        let kp = districts().iter().filter(|d| d.province_code == "PK-KP");
        assert_eq!(kp.count(), 25 + 13);
    }

    #[test]
    fn azad_kashmir_and_gilgit_baltistan_have_their_notified_districts() {
        let of = |p: &str, division: &str| -> Vec<&str> {
            districts()
                .iter()
                .filter(|d| d.province_code == p && d.division == division)
                .map(|d| d.name.as_str())
                .collect()
        };
        assert_eq!(
            of("PK-JK", "Muzaffarabad"),
            ["Muzaffarabad", "Neelum", "Jhelum Valley"]
        );
        assert_eq!(
            of("PK-JK", "Poonch"),
            ["Poonch", "Bagh", "Haveli", "Sudhnoti"]
        );
        assert_eq!(of("PK-JK", "Mirpur"), ["Mirpur", "Kotli", "Bhimber"]);
        assert_eq!(
            of("PK-GB", "Gilgit"),
            ["Gilgit", "Hunza", "Nagar", "Ghizer", "Gupis-Yasin"]
        );
        assert_eq!(
            of("PK-GB", "Baltistan"),
            ["Skardu", "Shigar", "Kharmang", "Ghanche", "Roundu"]
        );
        assert_eq!(
            of("PK-GB", "Diamer-Astore"),
            ["Diamer", "Astore", "Darel", "Tangir"]
        );
        for p in ["PK-JK", "PK-GB"] {
            let n = districts().iter().filter(|d| d.province_code == p).count();
            assert_eq!(n, if p == "PK-JK" { 10 } else { 14 });
        }
        // No census figures are claimed for them.
        for d in districts()
            .iter()
            .filter(|d| d.census_province_code.is_none())
        {
            assert!(
                matches!(d.province_code.as_str(), "PK-JK" | "PK-GB"),
                "{}",
                d.name
            );
            assert!(d.population.is_none() && d.male.is_none() && d.area_sq_km.is_none());
        }
    }

    #[test]
    fn code_lists_load() {
        assert_eq!(countries().len(), 249);
        assert_eq!(country("ae").unwrap().alpha3, "ARE");
        assert!(offence("PTPA-3").is_some());
        assert!(offence("PPC-371B").is_some());
        // The Emigration Ordinance 1979 as the law states its sections.
        assert_eq!(
            offence("EO-18").unwrap().title,
            "Fraudulently inducing to emigrate"
        );
        assert_eq!(
            offence("EO-19").unwrap().title,
            "False representation of Government authority"
        );
        assert!(offence("EO-22")
            .unwrap()
            .title
            .starts_with("Receiving money"));
        assert!(
            offence("EO-21").is_none(),
            "s.21 recovers money as land revenue: not an offence"
        );
        assert!(offences()
            .iter()
            .all(|o| o.compoundable == 0 || o.code == "PPC-420"));
        assert_eq!(
            offence("PTPA-3").unwrap().procedure(),
            "cognizable · non-bailable · non-compoundable"
        );
        assert!(exploitation_form("bonded_labour").is_some());
        assert!(exploitation_form("organ_removal").is_some());
        assert!(indicator("debt_bondage").is_some());
    }
}
