//! Persons in cases: roles, sex, accused status, and the validation of identifiers (CNIC,
//! passport, phone) and dates of birth.

use crate::code_list;
use crate::reference;
use crate::validation::{clean, FieldErrors};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

code_list! {
    /// The role a person has in one case; the same person can have other roles in other cases.
    PersonRole {
        Victim = "victim": "Victim",
        Accused = "accused": "Accused",
        Witness = "witness": "Witness",
        Complainant = "complainant": "Complainant",
    }
}

code_list! {
    /// Sex as recorded on the CNIC.
    Sex {
        Male = "male": "Male",
        Female = "female": "Female",
        Transgender = "transgender": "Transgender",
    }
}

code_list! {
    /// Where an accused person stands.
    AccusedStatus {
        AtLarge = "at_large": "At large",
        Arrested = "arrested": "Arrested",
        OnBail = "on_bail": "On bail",
        ProclaimedOffender = "proclaimed_offender": "Proclaimed offender",
        Convicted = "convicted": "Convicted",
        Acquitted = "acquitted": "Acquitted",
    }
}

impl AccusedStatus {
    /// An accused who is free and may try to leave the country (at large, on bail, a
    /// proclaimed offender): they may be put on the exit blacklist from the case.
    pub fn exit_controlled(self) -> bool {
        matches!(
            self,
            AccusedStatus::AtLarge | AccusedStatus::OnBail | AccusedStatus::ProclaimedOffender
        )
    }
}

code_list! {
    /// The relation given with the father's or husband's name.
    Relation {
        SonOf = "s/o": "son of",
        DaughterOf = "d/o": "daughter of",
        WifeOf = "w/o": "wife of",
    }
}

/// Normalises a CNIC to `12345-1234567-1`; accepts dashes, spaces or none.
pub fn normalize_cnic(input: &str) -> Result<String, String> {
    let digits: String = input.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if digits.len() != 13 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("a CNIC has 13 digits, written 12345-1234567-1".into());
    }
    Ok(format!(
        "{}-{}-{}",
        &digits[..5],
        &digits[5..12],
        &digits[12..]
    ))
}

/// Normalises a passport number: upper case, no spaces; 5 to 12 letters and digits.
pub fn normalize_passport(input: &str) -> Result<String, String> {
    let p: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if !(5..=12).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("a passport number has 5 to 12 letters and digits".into());
    }
    Ok(p)
}

/// Normalises a phone number to international form; Pakistani numbers become `+92…`.
pub fn normalize_phone(input: &str) -> Result<String, String> {
    let plus = input.trim_start().starts_with('+');
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    if input
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')')))
    {
        return Err("a phone number has only digits, spaces, dashes and a leading +".into());
    }
    let e164 = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("92{rest}")
    } else {
        digits
    };
    if !(8..=15).contains(&e164.len()) {
        return Err("a phone number has 8 to 15 digits with its country code".into());
    }
    Ok(format!("+{e164}"))
}

/// Age in whole years on `on`.
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// A person as submitted to a case.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewPerson {
    /// Role in this case.
    pub role: PersonRole,
    /// Full name, in Latin or Urdu script.
    pub name: String,
    /// Father's or husband's name.
    pub father_name: Option<String>,
    /// How the father's or husband's name relates (s/o, d/o, w/o).
    pub relation: Option<Relation>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth, when known.
    pub date_of_birth: Option<NaiveDate>,
    /// Age in years, when the date of birth is not known.
    pub age: Option<i32>,
    /// CNIC, `12345-1234567-1` (dashes optional).
    pub cnic: Option<String>,
    /// Passport number.
    pub passport: Option<String>,
    /// Nationality (ISO 3166-1 alpha-2); Pakistan when absent.
    pub nationality: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// District of residence (code).
    pub district: Option<String>,
    /// Religion (optional, for disaggregated statistics on minorities).
    pub religion: Option<String>,
    /// Disability (optional).
    pub disability: Option<String>,
    /// For an accused: status (at large when absent).
    pub accused_status: Option<AccusedStatus>,
    /// The CNIC or passport belongs to a person already on record, and this is that person:
    /// link the existing record instead of creating a second one.
    #[serde(default)]
    pub link_existing: bool,
}

impl NewPerson {
    /// Validates and normalises; `today` bounds the date of birth.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewPerson, FieldErrors> {
        let mut e = FieldErrors::new();
        self.name = self.name.trim().to_owned();
        if self.name.is_empty() {
            e.add(
                "name",
                "give the person's name (\"unknown\" if it is not known)",
            );
        } else if self.name.chars().count() > 200 {
            e.add("name", "a name has at most 200 characters");
        }
        self.father_name = clean(self.father_name.as_deref());
        if self
            .father_name
            .as_ref()
            .is_some_and(|n| n.chars().count() > 200)
        {
            e.add("father_name", "a name has at most 200 characters");
        }
        if let Some(dob) = self.date_of_birth {
            if dob > today {
                e.add("date_of_birth", "the date of birth is in the future");
            } else if dob.year() < 1900 {
                e.add("date_of_birth", "the date of birth is before 1900");
            }
        }
        if let Some(age) = self.age {
            if !(0..=120).contains(&age) {
                e.add("age", "an age is between 0 and 120 years");
            } else if let Some(dob) = self.date_of_birth {
                if dob <= today && (age_on(dob, today) - age).abs() > 1 {
                    e.add("age", "the age does not agree with the date of birth");
                }
            }
        }
        self.cnic = match clean(self.cnic.as_deref()) {
            None => None,
            Some(c) => match normalize_cnic(&c) {
                Ok(c) => Some(c),
                Err(m) => {
                    e.add("cnic", m);
                    None
                }
            },
        };
        self.passport = match clean(self.passport.as_deref()) {
            None => None,
            Some(p) => match normalize_passport(&p) {
                Ok(p) => Some(p),
                Err(m) => {
                    e.add("passport", m);
                    None
                }
            },
        };
        self.phone = match clean(self.phone.as_deref()) {
            None => None,
            Some(p) => match normalize_phone(&p) {
                Ok(p) => Some(p),
                Err(m) => {
                    e.add("phone", m);
                    None
                }
            },
        };
        self.nationality = match clean(self.nationality.as_deref()) {
            None => Some("PK".into()),
            Some(n) => match reference::country(&n) {
                Some(c) => Some(c.alpha2.clone()),
                None => {
                    e.add("nationality", format!("unknown country code '{n}'"));
                    None
                }
            },
        };
        self.district = clean(self.district.as_deref());
        if let Some(d) = &self.district {
            if reference::district_by_code(d).is_none() {
                e.add("district", format!("unknown district '{d}'"));
            }
        }
        self.address = clean(self.address.as_deref());
        self.religion = clean(self.religion.as_deref());
        self.disability = clean(self.disability.as_deref());
        if self.accused_status.is_some() && self.role != PersonRole::Accused {
            e.add(
                "accused_status",
                "only an accused person has an accused status",
            );
        }
        if self.role == PersonRole::Accused && self.accused_status.is_none() {
            self.accused_status = Some(AccusedStatus::AtLarge);
        }
        e.into_result(self)
    }

    /// The age in years on `on`, from the date of birth or the stated age.
    pub fn age_on(&self, on: NaiveDate) -> Option<i32> {
        self.date_of_birth.map(|d| age_on(d, on)).or(self.age)
    }
}

/// A change of an accused person's status.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AccusedStatusChange {
    /// The new status.
    pub status: AccusedStatus,
    /// Sentence, for a conviction (e.g. "7 years rigorous imprisonment").
    pub sentence: Option<String>,
    /// Fine in rupees, for a conviction.
    pub fine_pkr: Option<i64>,
    /// Remark.
    pub remark: Option<String>,
}

impl AccusedStatusChange {
    /// Checks that a sentence or fine goes only with a conviction.
    pub fn validate(mut self) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::new();
        self.sentence = clean(self.sentence.as_deref());
        self.remark = clean(self.remark.as_deref());
        if self.status != AccusedStatus::Convicted
            && (self.sentence.is_some() || self.fine_pkr.is_some())
        {
            e.add(
                "sentence",
                "a sentence or fine is recorded only with a conviction",
            );
        }
        if self.status == AccusedStatus::Convicted
            && self.sentence.is_none()
            && self.fine_pkr.is_none()
        {
            e.add("sentence", "record the sentence or the fine");
        }
        if self.fine_pkr.is_some_and(|f| f < 0) {
            e.add("fine_pkr", "a fine cannot be negative");
        }
        e.into_result(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn person() -> NewPerson {
        NewPerson {
            role: PersonRole::Victim,
            name: "Test Victim".into(),
            father_name: None,
            relation: None,
            sex: Sex::Female,
            date_of_birth: None,
            age: None,
            cnic: None,
            passport: None,
            nationality: None,
            phone: None,
            address: None,
            district: None,
            religion: None,
            disability: None,
            accused_status: None,
            link_existing: false,
        }
    }

    #[test]
    fn an_absurd_age_is_refused_without_overflowing() {
        for age in [i32::MIN, i32::MAX, -1, 121] {
            let mut p = person();
            p.age = Some(age);
            p.date_of_birth = NaiveDate::from_ymd_opt(2000, 1, 1);
            let e = p.validate(today()).unwrap_err();
            assert!(
                e.first("age").unwrap().contains("between 0 and 120"),
                "{age}"
            );
        }
    }

    #[test]
    fn cnic_is_normalised_or_refused() {
        assert_eq!(normalize_cnic("3520212345671").unwrap(), "35202-1234567-1");
        assert_eq!(
            normalize_cnic("35202-1234567-1").unwrap(),
            "35202-1234567-1"
        );
        assert!(normalize_cnic("35202-123456-1").is_err());
        assert!(normalize_cnic("3520A123456711").is_err());
    }

    #[test]
    fn phone_and_passport_are_normalised() {
        assert_eq!(normalize_phone("0300 1234567").unwrap(), "+923001234567");
        assert_eq!(
            normalize_phone("0092-300-1234567").unwrap(),
            "+923001234567"
        );
        assert_eq!(normalize_phone("+92 300 1234567").unwrap(), "+923001234567");
        assert!(normalize_phone("call me").is_err());
        assert_eq!(normalize_passport("ab 1234567").unwrap(), "AB1234567");
        assert!(normalize_passport("A1").is_err());
    }

    #[test]
    fn bad_person_fields_each_get_a_message() {
        let mut p = person();
        p.name = "  ".into();
        p.cnic = Some("123".into());
        p.date_of_birth = NaiveDate::from_ymd_opt(2030, 1, 1);
        p.nationality = Some("QQ".into());
        p.accused_status = Some(AccusedStatus::Arrested);
        let e = p.validate(today()).unwrap_err();
        for f in [
            "name",
            "cnic",
            "date_of_birth",
            "nationality",
            "accused_status",
        ] {
            assert!(e.first(f).is_some(), "{f}");
        }
    }

    #[test]
    fn accused_default_to_at_large_and_nationality_to_pakistan() {
        let mut p = person();
        p.role = PersonRole::Accused;
        let p = p.validate(today()).unwrap();
        assert_eq!(p.accused_status, Some(AccusedStatus::AtLarge));
        assert_eq!(p.nationality.as_deref(), Some("PK"));
    }

    #[test]
    fn age_follows_the_birthday() {
        let dob = NaiveDate::from_ymd_opt(2008, 11, 24).unwrap();
        assert_eq!(age_on(dob, today()), 17);
        assert_eq!(
            age_on(dob, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()),
            18
        );
    }

    #[test]
    fn sentence_only_with_conviction() {
        let c = AccusedStatusChange {
            status: AccusedStatus::OnBail,
            sentence: Some("5 years".into()),
            fine_pkr: None,
            remark: None,
        };
        assert!(c.validate().is_err());
        let c = AccusedStatusChange {
            status: AccusedStatus::Convicted,
            sentence: None,
            fine_pkr: Some(500_000),
            remark: None,
        };
        assert!(c.validate().is_ok());
    }
}
