//! Code lists shipped with the product (see `data/README.md` for their sources): provinces,
//! the 135 census districts, countries, offences, forms of exploitation and indicators.
//!
//! They are parsed once from compiled-in CSV and then borrowed for the life of the program.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A census district (2017) with Hifazat's three-letter code.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct District {
    /// Three-letter code used in case references, e.g. `LHR`.
    pub code: String,
    /// ISO 3166-2 province code, e.g. `PK-PB`.
    pub province_code: String,
    /// Province name.
    pub province: String,
    /// Division, where the census names one.
    pub division: String,
    /// District name.
    #[serde(rename = "district")]
    pub name: String,
    /// Area in square kilometres.
    pub area_sq_km: f64,
    /// Census population, 2017.
    pub population: u64,
    /// Male population.
    pub male: u64,
    /// Female population.
    pub female: u64,
    /// Transgender population.
    pub transgender: u64,
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

/// Provinces and territories of the 2017 census tables. Azad Jammu & Kashmir and
/// Gilgit-Baltistan are not in those tables; an administrator adds their districts.
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
        code: "PK-TA",
        name: "Federally Administered Tribal Areas (2017)",
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

shipped!(districts, District, "districts.csv");
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

/// The name of a province code.
pub fn province_name(code: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|p| p.code == code).map(|p| p.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_totals_match_the_published_figure() {
        assert_eq!(districts().len(), 135);
        let total: u64 = districts().iter().map(|d| d.population).sum();
        assert_eq!(total, 207_684_626);
        let mut codes: Vec<_> = districts().iter().map(|d| d.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 135, "district codes are unique");
        assert_eq!(district_by_code("LHR").unwrap().name, "Lahore");
        for d in districts() {
            assert!(province_name(&d.province_code).is_some(), "{}", d.name);
        }
    }

    #[test]
    fn code_lists_load() {
        assert_eq!(countries().len(), 249);
        assert_eq!(country("ae").unwrap().alpha3, "ARE");
        assert!(offence("PTPA-3").is_some());
        assert!(offence("PPC-371B").is_some());
        assert!(exploitation_form("bonded_labour").is_some());
        assert!(exploitation_form("organ_removal").is_some());
        assert!(indicator("debt_bondage").is_some());
    }
}
