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

/// Who a person is, in the fields that travel together from a form, a list or a record to the
/// matcher and into sealed columns: name, father's (or husband's) name, date of birth (possibly
/// partial: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`), CNIC, passport and nationality, as written
/// (checked where they came in). The API types keep their own fields, so that their JSON and
/// OpenAPI schemas stay as published; each gives its identity with an `identity()` method.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// Full name, in Latin or Urdu script.
    pub full_name: String,
    /// Father's or husband's name.
    pub father_name: Option<String>,
    /// Date of birth, possibly partial.
    pub date_of_birth: Option<String>,
    /// CNIC.
    pub cnic: Option<String>,
    /// Passport number.
    pub passport: Option<String>,
    /// Nationality.
    pub nationality: Option<String>,
}

/// The [`Identity`] of any value with its six fields under the same names (the API types that
/// keep their own fields, for their `identity()` methods).
#[macro_export]
macro_rules! identity_of {
    ($v:expr) => {
        $crate::Identity {
            full_name: $v.full_name.clone(),
            father_name: $v.father_name.clone(),
            date_of_birth: $v.date_of_birth.clone(),
            cnic: $v.cnic.clone(),
            passport: $v.passport.clone(),
            nationality: $v.nationality.clone(),
        }
    };
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
    /// The person's identity (the date of birth written `YYYY-MM-DD`).
    pub fn identity(&self) -> Identity {
        Identity {
            full_name: self.name.clone(),
            father_name: self.father_name.clone(),
            date_of_birth: self.date_of_birth.map(|d| d.to_string()),
            cnic: self.cnic.clone(),
            passport: self.passport.clone(),
            nationality: self.nationality.clone(),
        }
    }

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

code_list! {
    /// How a victim paid the agent or smuggler.
    PaymentMethod {
        Cash = "cash": "Cash",
        BankTransfer = "bank_transfer": "Bank transfer",
        Hawala = "hawala": "Hawala or hundi",
        MobileWallet = "mobile_wallet": "Mobile wallet",
        PropertyOrGoods = "property_or_goods": "Land, jewellery or goods",
        Other = "other": "Other",
    }
}

code_list! {
    /// How a victim was recruited: HTCDS 2.0 `vic_MethodOfRecruitment`.
    RecruitmentMethod {
        AtAPlaceOfBusiness = "at_a_place_of_business": "At a place of business",
        AtAnEducationalInstitution = "at_an_educational_institution": "At an educational institution",
        AtWork = "at_work": "At work",
        ThroughOnlineSocialNetworks = "through_online_social_networks": "Through online social networks",
        ThroughAnOnlineAdvertisement = "through_an_online_advertisement": "Through an online advertisement",
        ThroughATelevisionAdvert = "through_a_television_advert": "Through a television advert",
        ThroughANewspaperAdvert = "through_a_newspaper_advert": "Through a newspaper advert",
        ThroughFamilyOrFamilyEvents = "through_family_or_family_events": "Through family or family events",
        ThroughFriendsOrSocialEvents = "through_friends_or_social_events": "Through friends or social events",
        Other = "other": "Other",
    }
}

impl RecruitmentMethod {
    /// The HTCDS 2.0 value name (`ThroughFamilyOrFamilyEvents`).
    pub fn htcds(self) -> String {
        self.code()
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect()
    }
}

code_list! {
    /// A victim's relationship to the trafficker: HTCDS 2.0 `vic_RelationshipToTrafficker`.
    RelationshipToTrafficker {
        Familial = "familial": "Family",
        Acquainted = "acquainted": "Known to the victim",
        Unacquainted = "unacquainted": "A stranger",
    }
}

impl RelationshipToTrafficker {
    /// The HTCDS 2.0 value name, spelt as the standard spells it (`Unaquainted`).
    pub fn htcds(self) -> &'static str {
        match self {
            RelationshipToTrafficker::Familial => "Familial",
            RelationshipToTrafficker::Acquainted => "Acquainted",
            RelationshipToTrafficker::Unacquainted => "Unaquainted",
        }
    }
}

/// Facts the sources ask for about a person in a case, recorded as they become known: for an
/// accused, whether a public official (complicity); for a victim, the money paid to agents and
/// how, where and by whom they were recruited. Facts of the other role must be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PersonFacts {
    /// Accused: a public official (police, FIA, another government office).
    pub public_official: bool,
    /// Accused: the official's agency, e.g. "Punjab Police" (required with `public_official`).
    pub official_agency: Option<String>,
    /// Victim: money paid to agents or smugglers, in `paid_currency`.
    pub paid_amount: Option<i64>,
    /// Victim: ISO 4217 currency of the amount; rupees (`PKR`) when absent.
    pub paid_currency: Option<String>,
    /// Victim: how it was paid.
    pub paid_method: Option<PaymentMethod>,
    /// Victim: how they were recruited (HTCDS `vic_MethodOfRecruitment`).
    pub recruitment_methods: Vec<RecruitmentMethod>,
    /// Victim: where they were recruited: a district code (`GJT`) or a country (`AE`).
    pub recruitment_place: Option<String>,
    /// Victim: relationship to the trafficker (HTCDS `vic_RelationshipToTrafficker`).
    pub relationship_to_trafficker: Option<RelationshipToTrafficker>,
}

impl PersonFacts {
    /// Checks the facts for a person with `role`; returns them cleaned.
    pub fn validate(mut self, role: PersonRole) -> Result<PersonFacts, FieldErrors> {
        let mut e = FieldErrors::new();
        self.official_agency = clean(self.official_agency.as_deref());
        self.paid_currency = clean(self.paid_currency.as_deref()).map(|c| c.to_uppercase());
        self.recruitment_place = clean(self.recruitment_place.as_deref());
        self.recruitment_methods.sort_by_key(|m| m.code());
        self.recruitment_methods.dedup();
        let victim_facts = self.paid_amount.is_some()
            || self.paid_method.is_some()
            || !self.recruitment_methods.is_empty()
            || self.recruitment_place.is_some()
            || self.relationship_to_trafficker.is_some();
        if role != PersonRole::Accused && (self.public_official || self.official_agency.is_some()) {
            e.add(
                "public_official",
                "Only an accused is recorded as a public official",
            );
        }
        if role != PersonRole::Victim && victim_facts {
            e.add(
                "paid_amount",
                "Money paid and recruitment are recorded for victims",
            );
        }
        if self.public_official && self.official_agency.is_none() {
            e.add(
                "official_agency",
                "Enter the official's agency, e.g. Punjab Police",
            );
        }
        if !self.public_official && self.official_agency.is_some() {
            e.add(
                "official_agency",
                "Tick the box for a public official, or leave the agency empty",
            );
        }
        if self
            .official_agency
            .as_ref()
            .is_some_and(|a| a.chars().count() > 200)
        {
            e.add("official_agency", "Keep the agency under 200 characters");
        }
        match self.paid_amount {
            Some(a) if a <= 0 => e.add("paid_amount", "Enter the amount paid as a number above 0"),
            Some(a) if a > 1_000_000_000 => e.add(
                "paid_amount",
                "An amount over 1,000,000,000 is surely a typing error",
            ),
            Some(_) => {
                let c = self.paid_currency.get_or_insert_with(|| "PKR".into());
                if c.len() != 3 || !c.chars().all(|x| x.is_ascii_uppercase()) {
                    e.add(
                        "paid_currency",
                        "Enter the currency as three letters, e.g. PKR, AED, EUR",
                    );
                }
            }
            None => {
                if self.paid_currency.is_some() || self.paid_method.is_some() {
                    e.add(
                        "paid_amount",
                        "Enter the amount paid, or leave the currency and method empty",
                    );
                }
            }
        }
        if let Some(p) = &self.recruitment_place {
            let up = p.to_uppercase();
            if reference::district_by_code(&up).is_some()
                || (up.len() == 2 && reference::country(&up).is_some())
            {
                self.recruitment_place = Some(up);
            } else {
                e.add(
                    "recruitment_place",
                    "Choose the district or country where the victim was recruited",
                );
            }
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
    fn facts_belong_to_their_role_and_are_checked() {
        let official = PersonFacts {
            public_official: true,
            ..Default::default()
        };
        let e = official.clone().validate(PersonRole::Accused).unwrap_err();
        assert!(e.first("official_agency").is_some());
        let e = official.validate(PersonRole::Victim).unwrap_err();
        assert!(e.first("public_official").is_some());
        let paid = PersonFacts {
            paid_amount: Some(1_200_000),
            paid_method: Some(PaymentMethod::Hawala),
            recruitment_methods: vec![
                RecruitmentMethod::ThroughFriendsOrSocialEvents,
                RecruitmentMethod::ThroughFamilyOrFamilyEvents,
                RecruitmentMethod::ThroughFamilyOrFamilyEvents,
            ],
            recruitment_place: Some("gjt".into()),
            ..Default::default()
        };
        let ok = paid.clone().validate(PersonRole::Victim).unwrap();
        assert_eq!(
            ok.paid_currency.as_deref(),
            Some("PKR"),
            "rupees by default"
        );
        assert_eq!(ok.recruitment_place.as_deref(), Some("GJT"));
        assert_eq!(ok.recruitment_methods.len(), 2);
        assert!(paid
            .validate(PersonRole::Accused)
            .unwrap_err()
            .first("paid_amount")
            .is_some());
        let bad = PersonFacts {
            paid_amount: Some(0),
            recruitment_place: Some("Atlantis".into()),
            ..Default::default()
        };
        let e = bad.validate(PersonRole::Victim).unwrap_err();
        assert!(e.first("paid_amount").is_some() && e.first("recruitment_place").is_some());
        assert_eq!(
            RecruitmentMethod::ThroughFamilyOrFamilyEvents.htcds(),
            "ThroughFamilyOrFamilyEvents"
        );
        assert_eq!(
            RecruitmentMethod::AtAPlaceOfBusiness.htcds(),
            "AtAPlaceOfBusiness"
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
