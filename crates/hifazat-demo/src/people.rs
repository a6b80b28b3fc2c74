//! Synthetic persons: invented names from common Pakistani given and family names, random but
//! well-formed CNICs (first digit by province, last digit odd for men and even for women),
//! mobile numbers and passport numbers. Nothing here describes a real person.

use chrono::{Datelike, Days, NaiveDate};
use hifazat_domain::person::Relation;
use hifazat_domain::reference;
use hifazat_domain::{AccusedStatus, NewPerson, PersonRole, Sex};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

const MALE: &[&str] = &[
    "Muhammad Ali",
    "Muhammad Asif",
    "Ahmed",
    "Bilal",
    "Usman",
    "Imran",
    "Kashif",
    "Tariq",
    "Zahid",
    "Naveed",
    "Shahid",
    "Sajid",
    "Waqas",
    "Adnan",
    "Faisal",
    "Hamza",
    "Umar",
    "Abdul Rehman",
    "Irfan",
    "Rizwan",
    "Shahbaz",
    "Nadeem",
    "Arshad",
    "Javed",
    "Khalid",
    "Zubair",
    "Aamir",
    "Fahad",
    "Haider",
    "Danish",
    "Saleem",
    "Rashid",
    "Ghulam Mustafa",
    "Ghulam Abbas",
    "Allah Ditta",
    "Allah Rakha",
    "Manzoor",
    "Nazir",
    "Bashir",
    "Yousaf",
    "Akram",
    "Aslam",
    "Riaz",
    "Sher Ali",
    "Noor Muhammad",
    "Qasim",
    "Ehsan",
    "Mohsin",
];

const FEMALE: &[&str] = &[
    "Ayesha", "Fatima", "Zainab", "Maryam", "Sana", "Nadia", "Rubina", "Shazia", "Nasreen",
    "Parveen", "Samina", "Kiran", "Sadia", "Hina", "Iqra", "Amna", "Rukhsana", "Bushra", "Shabana",
    "Naseem", "Razia", "Kulsoom", "Sughran", "Mehwish", "Farzana", "Tahira", "Asma", "Saima",
    "Uzma", "Noreen",
];

const FAMILY_PUNJAB: &[&str] = &[
    "Ahmed", "Butt", "Chaudhry", "Malik", "Qureshi", "Sheikh", "Baig", "Mirza", "Raja", "Awan",
    "Gondal", "Cheema", "Warraich", "Bajwa", "Gujjar", "Arain", "Rajput", "Bhatti", "Hussain",
    "Iqbal", "Javed", "Akhtar", "Tarar", "Virk", "Sandhu",
];
const FAMILY_SINDH: &[&str] = &[
    "Soomro", "Memon", "Jamali", "Chandio", "Shah", "Abbasi", "Siddiqui", "Qureshi", "Ansari",
    "Khoso", "Junejo", "Mahar",
];
const FAMILY_KP: &[&str] = &[
    "Khan",
    "Khattak",
    "Yousafzai",
    "Afridi",
    "Shinwari",
    "Mohmand",
    "Swati",
    "Jadoon",
    "Bangash",
    "Orakzai",
];
const FAMILY_BALOCHISTAN: &[&str] = &[
    "Baloch", "Rind", "Magsi", "Kakar", "Achakzai", "Marri", "Bugti", "Mengal", "Zehri",
];

const CHRISTIAN_MALE: &[&str] = &[
    "Pervaiz", "Yousaf", "Emmanuel", "Shahzad", "Arif", "Boota", "Nasir", "Younis", "Saleem",
    "Javed",
];
const CHRISTIAN_FEMALE: &[&str] = &[
    "Shamim", "Razia", "Sonia", "Nasreen", "Parveen", "Rani", "Sumera",
];
const CHRISTIAN_FAMILY: &[&str] = &["Masih", "Gill", "Bhatti", "Sadiq", "Khokhar"];

const HINDU_MALE: &[&str] = &[
    "Ramesh",
    "Mukesh",
    "Dileep",
    "Kishore",
    "Lal Chand",
    "Prem",
    "Bhagchand",
];
const HINDU_FEMALE: &[&str] = &["Sita", "Kamla", "Lakshmi", "Meena", "Parvati", "Radha"];
const HINDU_FAMILY: &[&str] = &["Kolhi", "Bheel", "Meghwar", "Oad"];

/// Synthetic street and village parts of addresses.
const LOCALITIES: &[&str] = &[
    "Mohallah Islamabad",
    "Mohallah Rehmanpura",
    "Ghousia Colony",
    "Madina Town",
    "Christian Colony",
    "Bilal Town",
    "Chak No. 42",
    "Chak No. 117",
    "Basti Nau",
    "Mauza Kotla",
    "Village Dhok Syedan",
    "Mohallah Qasimabad",
];

/// The faith a synthetic person's names are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Faith {
    /// Most names; religion is not recorded.
    Unrecorded,
    /// Christian names (brick-kiln families in Punjab); religion recorded.
    Christian,
    /// Hindu names (bonded families in lower Sindh); religion recorded.
    Hindu,
}

/// What kind of person to make.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub role: PersonRole,
    pub sex: Sex,
    /// Age in whole years on the day the case was reported.
    pub age: i32,
    /// District of residence (code).
    pub district: &'static str,
    pub faith: Faith,
    /// Give a passport number.
    pub passport: bool,
    /// Give a phone number (adults).
    pub phone: bool,
    /// Nationality when not Pakistani.
    pub nationality: Option<&'static str>,
    pub accused_status: Option<AccusedStatus>,
}

impl Spec {
    pub fn new(role: PersonRole, sex: Sex, age: i32, district: &'static str) -> Spec {
        Spec {
            role,
            sex,
            age,
            district,
            faith: Faith::Unrecorded,
            passport: false,
            phone: age >= 18,
            nationality: None,
            accused_status: None,
        }
    }
}

fn family_names(district: &str) -> &'static [&'static str] {
    match reference::district_by_code(district).map(|d| d.province_code.as_str()) {
        Some("PK-SD") => FAMILY_SINDH,
        Some("PK-KP") => FAMILY_KP,
        Some("PK-BA") => FAMILY_BALOCHISTAN,
        _ => FAMILY_PUNJAB,
    }
}

fn pick<'a>(rng: &mut StdRng, v: &'a [&'a str]) -> &'a str {
    v.choose(rng).copied().unwrap_or("Unknown")
}

/// A male name (given and family name) for the district and faith.
pub(crate) fn male_name(rng: &mut StdRng, district: &str, faith: Faith) -> String {
    let (given, family) = match faith {
        Faith::Christian => (CHRISTIAN_MALE, CHRISTIAN_FAMILY),
        Faith::Hindu => (HINDU_MALE, HINDU_FAMILY),
        Faith::Unrecorded => (MALE, family_names(district)),
    };
    format!("{} {}", pick(rng, given), pick(rng, family))
}

pub(crate) fn female_name(rng: &mut StdRng, district: &str, faith: Faith) -> String {
    let (given, family) = match faith {
        Faith::Christian => (CHRISTIAN_FEMALE, CHRISTIAN_FAMILY),
        Faith::Hindu => (HINDU_FEMALE, HINDU_FAMILY),
        Faith::Unrecorded => (FEMALE, family_names(district)),
    };
    if faith == Faith::Unrecorded && rng.gen_bool(0.3) {
        format!("{} Bibi", pick(rng, given))
    } else {
        format!("{} {}", pick(rng, given), pick(rng, family))
    }
}

/// A random, well-formed CNIC: the first digit follows the province of residence, the last is
/// odd for men and even for women.
pub(crate) fn cnic(rng: &mut StdRng, district: &str, sex: Sex) -> String {
    let first = match reference::district_by_code(district).map(|d| d.province_code.as_str()) {
        Some("PK-KP") => 1,
        Some("PK-SD") => 4,
        Some("PK-BA") => 5,
        Some("PK-IS") => 6,
        Some("PK-GB") => 7,
        Some("PK-JK") => 8,
        _ => 3,
    };
    let last = match sex {
        Sex::Female => rng.gen_range(0..5) * 2,
        _ => rng.gen_range(0..5) * 2 + 1,
    };
    format!(
        "{first}{:04}-{:07}-{last}",
        rng.gen_range(1000..10000),
        rng.gen_range(0..10_000_000)
    )
}

/// A random Pakistani mobile number, `03xx…`.
pub(crate) fn phone(rng: &mut StdRng) -> String {
    format!(
        "03{}{}{:07}",
        rng.gen_range(0..5),
        rng.gen_range(0..10),
        rng.gen_range(0..10_000_000)
    )
}

/// A random passport number: two letters and seven digits.
pub(crate) fn passport(rng: &mut StdRng) -> String {
    let letter = |rng: &mut StdRng| char::from(b'A' + rng.gen_range(0..26u8));
    format!(
        "{}{}{:07}",
        letter(rng),
        letter(rng),
        rng.gen_range(0..10_000_000)
    )
}

fn address(rng: &mut StdRng, district: &str) -> Option<String> {
    let name = reference::district_by_code(district)?.name.as_str();
    Some(if rng.gen_bool(0.5) {
        format!(
            "House {}, Street {}, {}, {name}",
            rng.gen_range(1..400),
            rng.gen_range(1..30),
            pick(rng, LOCALITIES)
        )
    } else {
        format!("{}, Tehsil {name}, District {name}", pick(rng, LOCALITIES))
    })
}

/// A date of birth that gives `age` on `on`.
fn dob_for(rng: &mut StdRng, age: i32, on: NaiveDate) -> NaiveDate {
    let birthday = NaiveDate::from_ymd_opt(on.year() - age, on.month(), on.day().min(28))
        .expect("a valid date");
    birthday - Days::new(rng.gen_range(1..364))
}

/// Builds the person described by `spec` for a case reported on `reported_on`.
pub(crate) fn person(rng: &mut StdRng, spec: &Spec, reported_on: NaiveDate) -> NewPerson {
    let foreign = spec.nationality.is_some();
    let name = match (spec.sex, foreign) {
        (_, true) => "Unknown (foreign national)".to_owned(),
        (Sex::Female, _) => female_name(rng, spec.district, spec.faith),
        _ => male_name(rng, spec.district, spec.faith),
    };
    let married = spec.sex == Sex::Female && spec.age >= 22 && rng.gen_bool(0.6);
    let (father_name, relation) = if foreign {
        (None, None)
    } else if married {
        (
            Some(male_name(rng, spec.district, spec.faith)),
            Some(Relation::WifeOf),
        )
    } else {
        let rel = if spec.sex == Sex::Female {
            Relation::DaughterOf
        } else {
            Relation::SonOf
        };
        (Some(male_name(rng, spec.district, spec.faith)), Some(rel))
    };
    let adult = spec.age >= 18;
    // Adults with a CNIC have a date of birth on record; children and others only an age.
    let has_cnic = adult && !foreign && rng.gen_bool(0.85);
    let (date_of_birth, age) = if has_cnic {
        (Some(dob_for(rng, spec.age, reported_on)), None)
    } else {
        (None, Some(spec.age))
    };
    NewPerson {
        role: spec.role,
        name,
        father_name,
        relation,
        sex: spec.sex,
        date_of_birth,
        age,
        cnic: has_cnic.then(|| cnic(rng, spec.district, spec.sex)),
        passport: (spec.passport && !foreign).then(|| passport(rng)),
        nationality: spec.nationality.map(Into::into),
        phone: (spec.phone && adult && !foreign).then(|| phone(rng)),
        address: if foreign {
            None
        } else {
            address(rng, spec.district)
        },
        district: (!foreign).then(|| spec.district.to_owned()),
        religion: match spec.faith {
            Faith::Unrecorded => None,
            Faith::Christian => Some("Christian".into()),
            Faith::Hindu => Some("Hindu".into()),
        },
        disability: None,
        accused_status: spec.accused_status,
        link_existing: false,
    }
}

/// A known agent who turns up in several smuggling cases (for matching and the Red Book).
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    pub name: String,
    pub father_name: String,
    pub cnic: String,
    pub phone: String,
    pub district: &'static str,
    pub age_in_2020: i32,
}

/// Districts the recurring agents operate from.
const AGENT_DISTRICTS: &[&str] = &["GRW", "GJT", "SKT", "MBD", "LHR", "QTA", "KHS"];

/// A pool of recurring agents, made from the same seed.
pub(crate) fn agents(rng: &mut StdRng, n: usize) -> Vec<Agent> {
    (0..n)
        .map(|_| {
            let district = *AGENT_DISTRICTS.choose(rng).expect("not empty");
            Agent {
                name: male_name(rng, district, Faith::Unrecorded),
                father_name: male_name(rng, district, Faith::Unrecorded),
                cnic: cnic(rng, district, Sex::Male),
                phone: phone(rng),
                district,
                age_in_2020: rng.gen_range(28..55),
            }
        })
        .collect()
}

impl Agent {
    /// This agent as an accused in a case reported on `reported_on`.
    pub fn as_accused(&self, reported_on: NaiveDate, status: AccusedStatus) -> NewPerson {
        let age = self.age_in_2020 + (reported_on.year() - 2020);
        NewPerson {
            role: PersonRole::Accused,
            name: self.name.clone(),
            father_name: Some(self.father_name.clone()),
            relation: Some(Relation::SonOf),
            sex: Sex::Male,
            date_of_birth: None,
            age: Some(age),
            cnic: Some(self.cnic.clone()),
            passport: None,
            nationality: None,
            phone: Some(self.phone.clone()),
            address: None,
            district: Some(self.district.to_owned()),
            religion: None,
            disability: None,
            accused_status: Some(status),
            // The same agent in every case: one person record, linked by CNIC.
            link_existing: true,
        }
    }
}

impl Agent {
    /// This agent as a second officer would write him down without his CNIC: another
    /// spelling (variant `n`), no identity card, so a separate person record that the person
    /// index flags as possibly the same and an officer can merge.
    pub fn as_unrecognised_accused(
        &self,
        reported_on: NaiveDate,
        status: AccusedStatus,
        n: u32,
    ) -> NewPerson {
        let mut p = self.as_accused(reported_on, status);
        p.name = respelt(&self.name, n);
        p.cnic = None;
        p.phone = None;
        p.link_existing = false;
        p
    }
}

/// Another way of writing a name: Muhammad as Mohd, a doubled vowel, the family name first.
pub fn respelt(name: &str, n: u32) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let swap = |w: &str| -> String {
        match w {
            "Muhammad" => ["Mohd", "Muhammed", "Mohammad"][(n % 3) as usize].to_owned(),
            "Chaudhry" => "Ch.".to_owned(),
            "Hussain" => "Husain".to_owned(),
            "Ahmed" => "Ahmad".to_owned(),
            _ if w.contains("ee") => w.replacen("ee", "i", 1),
            _ if w.contains("oo") => w.replacen("oo", "u", 1),
            _ => w.to_owned(),
        }
    };
    let mut out: Vec<String> = words.iter().map(|w| swap(w)).collect();
    if out.join(" ") == name && out.len() > 1 {
        // Nothing to respell: write the family name first, as registers do.
        out.rotate_right(1);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hifazat_domain::person::{normalize_cnic, normalize_phone};
    use rand::SeedableRng;

    #[test]
    fn respelt_names_differ_but_match() {
        assert_eq!(respelt("Muhammad Asif Butt", 0), "Mohd Asif Butt");
        assert_eq!(respelt("Saleem Akhtar", 0), "Salim Akhtar");
        assert_eq!(respelt("Asif Butt", 0), "Butt Asif");
    }

    #[test]
    fn identifiers_are_well_formed() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..200 {
            let c = cnic(&mut rng, "QTA", Sex::Female);
            assert_eq!(normalize_cnic(&c).unwrap(), c);
            assert!(c.starts_with('5'));
            assert_eq!(c.as_bytes()[14] % 2, 0, "{c}");
            let c = cnic(&mut rng, "LHR", Sex::Male);
            assert!(c.starts_with('3') && c.as_bytes()[14] % 2 == 1, "{c}");
            let p = phone(&mut rng);
            assert!(p.starts_with("03") && p.len() == 11, "{p}");
            assert!(normalize_phone(&p).unwrap().starts_with("+923"));
        }
    }
}
