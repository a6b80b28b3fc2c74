//! Interceptions at land and sea borders and at airports (issue 13, item 2): the FIA, the
//! police, the Frontier Corps, the Levies, the Coast Guards and the Maritime Security Agency
//! stop migrants being smuggled (Quetta–Taftan, Quetta–Mand, by sea from Karachi, Gwadar and
//! Jiwani) and arrest their smugglers. An interception counts people; it names no one. Code
//! lists and the checks of what is submitted; the store enforces who and where.

use crate::code_list;
use crate::reference::{country, district_by_code_or_name};
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kinds of agency (see the store's `AGENCY_KINDS`) that intercept at borders.
pub const INTERCEPTING_AGENCY_KINDS: &[&str] = &[
    "immigration",
    "fia_zone",
    "fia_circle",
    "police_station",
    "frontier_corps",
    "levies",
    "coast_guards",
    "maritime_security_agency",
];

/// The longest place accepted.
pub const MAX_PLACE: usize = 200;
/// The longest note accepted.
pub const MAX_NOTE: usize = 2000;
/// The largest count accepted in one row (a typing slip beyond it).
pub const MAX_COUNT: i64 = 100_000;
/// The most rows of migrants or of vehicles in one interception.
pub const MAX_ROWS: usize = 100;

code_list! {
    /// Where the interception took place.
    BorderKind {
        Land = "land": "Land border",
        Sea = "sea": "Sea",
        Airport = "airport": "Airport",
    }
}

code_list! {
    /// Which way the migrants were going.
    Direction {
        Leaving = "leaving": "Leaving Pakistan",
        Entering = "entering": "Entering Pakistan",
    }
}

code_list! {
    /// A group of migrants' sex, as counted at the interception.
    MigrantSex {
        Male = "male": "Male",
        Female = "female": "Female",
        Transgender = "transgender": "Transgender",
        Unknown = "unknown": "Not known",
    }
}

code_list! {
    /// A group of migrants' age group.
    AgeGroup {
        Child = "child": "Child (under 18)",
        Adult = "adult": "Adult",
        Unknown = "unknown": "Not known",
    }
}

code_list! {
    /// A vehicle or boat seized or stopped.
    VehicleKind {
        Car = "car": "Car",
        Pickup = "pickup": "Pickup",
        Bus = "bus": "Bus or coach",
        Truck = "truck": "Truck",
        Motorcycle = "motorcycle": "Motorcycle",
        Boat = "boat": "Boat",
        Other = "other": "Other",
    }
}

/// Migrants of one nationality, sex and age group, and how many.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
pub struct MigrantGroup {
    /// Nationality: ISO 3166-1 two-letter code, e.g. `AF`.
    pub nationality: String,
    /// Sex.
    pub sex: MigrantSex,
    /// Age group.
    pub age_group: AgeGroup,
    /// How many (1 or more).
    pub count: i64,
}

/// Vehicles or boats of one kind, and how many.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
pub struct VehicleCount {
    /// Kind.
    pub kind: VehicleKind,
    /// How many (1 or more).
    pub count: i64,
}

/// An interception as recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct NewInterception {
    /// The intercepting agency (its id; an FIA, police, Frontier Corps, Levies, Coast Guards or
    /// Maritime Security Agency unit).
    #[serde(default)]
    pub agency_id: Option<i64>,
    /// Land border, sea or airport.
    #[serde(default)]
    pub border: Option<BorderKind>,
    /// Where, in words, e.g. "Mand, near the Iran border".
    #[serde(default)]
    pub place: String,
    /// The district (code, e.g. `CHG`): it decides who sees the record.
    #[serde(default)]
    pub district: String,
    /// The day (not in the future).
    #[serde(default)]
    pub intercepted_on: Option<NaiveDate>,
    /// Leaving or entering Pakistan.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The migrants, by nationality, sex and age group.
    #[serde(default)]
    pub migrants: Vec<MigrantGroup>,
    /// Smugglers arrested.
    #[serde(default)]
    pub smugglers_arrested: i64,
    /// Vehicles and boats, by kind.
    #[serde(default)]
    pub vehicles: Vec<VehicleCount>,
    /// A short note (at most 2,000 characters; no names of migrants).
    #[serde(default)]
    pub note: Option<String>,
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

impl NewInterception {
    /// Checks every field, given `today` and the intercepting agency's kind (`None` when there
    /// is no agency with that id). Writes the district and nationalities as codes, merges rows
    /// of the same nationality, sex and age group (and of the same kind of vehicle).
    pub fn validate(
        mut self,
        today: NaiveDate,
        agency_kind: Option<&str>,
    ) -> Result<NewInterception, FieldErrors> {
        let mut e = FieldErrors::new();
        match (self.agency_id, agency_kind) {
            (None, _) => e.add("agency_id", "Choose the intercepting agency"),
            (Some(_), None) => e.add("agency_id", "Choose the intercepting agency from the list"),
            (Some(_), Some(k)) if !INTERCEPTING_AGENCY_KINDS.contains(&k) => e.add(
                "agency_id",
                "Choose an agency that intercepts at borders: the FIA, the police, the Frontier Corps, the Levies, the Coast Guards or the Maritime Security Agency",
            ),
            _ => {}
        }
        if self.border.is_none() {
            e.add("border", "Choose where the interception took place");
        }
        self.place = self.place.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.place.is_empty() {
            e.add("place", "Enter the place of the interception");
        } else if too_long(&self.place, MAX_PLACE) {
            e.add("place", "Keep the place under 200 characters");
        }
        if self.district.trim().is_empty() {
            e.add("district", "Choose the district");
        } else {
            match district_by_code_or_name(&self.district) {
                Some(d) => self.district = d.code.clone(),
                None => e.add("district", "Choose the district from the list"),
            }
        }
        match self.intercepted_on {
            None => e.add("intercepted_on", "Enter the date of the interception"),
            Some(d) if d > today => {
                e.add("intercepted_on", "Enter a date that is not in the future")
            }
            _ => {}
        }
        if self.direction.is_none() {
            e.add(
                "direction",
                "Choose whether the migrants were leaving or entering Pakistan",
            );
        }
        self.migrants = self.checked_migrants(&mut e);
        self.vehicles = self.checked_vehicles(&mut e);
        if !(0..=MAX_COUNT).contains(&self.smugglers_arrested) {
            e.add(
                "smugglers_arrested",
                "Enter the number of smugglers arrested, from 0 to 100,000",
            );
        } else if self.migrants.is_empty()
            && self.smugglers_arrested == 0
            && e.first("migrants").is_none()
        {
            e.add(
                "migrants",
                "Enter at least one group of migrants, or the number of smugglers arrested",
            );
        }
        self.note = clean(self.note.as_deref());
        if self.note.as_deref().is_some_and(|n| too_long(n, MAX_NOTE)) {
            e.add("note", "Keep the note under 2,000 characters");
        }
        e.into_result(self)
    }

    fn checked_migrants(&self, e: &mut FieldErrors) -> Vec<MigrantGroup> {
        if self.migrants.len() > MAX_ROWS {
            e.add("migrants", "Enter at most 100 groups of migrants");
        }
        let mut out: Vec<MigrantGroup> = Vec::new();
        for g in &self.migrants {
            let Some(c) = country(g.nationality.trim()) else {
                e.add("migrants", "Choose each group's nationality from the list");
                continue;
            };
            if !(1..=MAX_COUNT).contains(&g.count) {
                e.add(
                    "migrants",
                    "Enter the number of migrants in each group, from 1 to 100,000",
                );
                continue;
            }
            let nationality = c.alpha2.clone();
            match out.iter_mut().find(|x| {
                x.nationality == nationality && x.sex == g.sex && x.age_group == g.age_group
            }) {
                Some(x) => x.count += g.count,
                None => out.push(MigrantGroup {
                    nationality,
                    ..g.clone()
                }),
            }
        }
        out
    }

    fn checked_vehicles(&self, e: &mut FieldErrors) -> Vec<VehicleCount> {
        let mut out: Vec<VehicleCount> = Vec::new();
        for v in &self.vehicles {
            if !(1..=MAX_COUNT).contains(&v.count) {
                e.add(
                    "vehicles",
                    "Enter the number of each kind of vehicle or boat, from 1 to 100,000",
                );
                continue;
            }
            match out.iter_mut().find(|x| x.kind == v.kind) {
                Some(x) => x.count += v.count,
                None => out.push(v.clone()),
            }
        }
        out
    }

    /// All the migrants counted.
    pub fn migrants_total(&self) -> i64 {
        self.migrants.iter().map(|g| g.count).sum()
    }

    /// All the vehicles and boats counted.
    pub fn vehicles_total(&self) -> i64 {
        self.vehicles.iter().map(|v| v.count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    fn mand() -> NewInterception {
        NewInterception {
            agency_id: Some(7),
            border: Some(BorderKind::Land),
            place: "  Mand,   near the Iran border ".into(),
            district: "kch".into(),
            intercepted_on: NaiveDate::from_ymd_opt(2026, 2, 20),
            direction: Some(Direction::Leaving),
            migrants: vec![
                MigrantGroup {
                    nationality: "pk".into(),
                    sex: MigrantSex::Male,
                    age_group: AgeGroup::Adult,
                    count: 12,
                },
                MigrantGroup {
                    nationality: "AF".into(),
                    sex: MigrantSex::Male,
                    age_group: AgeGroup::Child,
                    count: 2,
                },
                MigrantGroup {
                    nationality: "PK".into(),
                    sex: MigrantSex::Male,
                    age_group: AgeGroup::Adult,
                    count: 3,
                },
            ],
            smugglers_arrested: 2,
            vehicles: vec![VehicleCount {
                kind: VehicleKind::Pickup,
                count: 2,
            }],
            note: Some("  ".into()),
        }
    }

    #[test]
    fn a_good_interception_is_written_as_codes_with_its_rows_merged() {
        let i = mand().validate(today(), Some("frontier_corps")).unwrap();
        assert_eq!(i.place, "Mand, near the Iran border");
        assert_eq!(i.district, "KCH");
        assert_eq!(i.migrants.len(), 2);
        assert_eq!(i.migrants[0].nationality, "PK");
        assert_eq!(i.migrants[0].count, 15);
        assert_eq!(i.migrants_total(), 17);
        assert_eq!(i.vehicles_total(), 2);
        assert_eq!(i.note, None);
    }

    #[test]
    fn every_missing_field_has_its_message() {
        let e = NewInterception::default()
            .validate(today(), None)
            .unwrap_err();
        for (f, m) in [
            ("agency_id", "Choose the intercepting agency"),
            ("border", "Choose where the interception took place"),
            ("place", "Enter the place of the interception"),
            ("district", "Choose the district"),
            ("intercepted_on", "Enter the date of the interception"),
            (
                "direction",
                "Choose whether the migrants were leaving or entering Pakistan",
            ),
            (
                "migrants",
                "Enter at least one group of migrants, or the number of smugglers arrested",
            ),
        ] {
            assert_eq!(e.first(f), Some(m), "{f}");
        }
    }

    #[test]
    fn only_border_agencies_intercept() {
        for k in ["frontier_corps", "levies", "coast_guards", "immigration"] {
            assert!(mand().validate(today(), Some(k)).is_ok(), "{k}");
        }
        for k in ["ngo", "social_welfare", "bureau_emigration"] {
            let e = mand().validate(today(), Some(k)).unwrap_err();
            assert!(e.first("agency_id").is_some(), "{k}");
        }
        let e = mand().validate(today(), None).unwrap_err();
        assert_eq!(
            e.first("agency_id"),
            Some("Choose the intercepting agency from the list")
        );
    }

    #[test]
    fn dates_counts_and_codes_are_checked() {
        let mut i = mand();
        i.intercepted_on = NaiveDate::from_ymd_opt(2026, 3, 2);
        i.district = "Nowhere".into();
        i.migrants[1].nationality = "ZZ".into();
        i.migrants[0].count = 0;
        i.vehicles[0].count = -1;
        i.smugglers_arrested = -3;
        let e = i.validate(today(), Some("levies")).unwrap_err();
        assert_eq!(
            e.first("intercepted_on"),
            Some("Enter a date that is not in the future")
        );
        assert_eq!(
            e.first("district"),
            Some("Choose the district from the list")
        );
        assert_eq!(e.0["migrants"].len(), 2);
        assert!(e.first("vehicles").is_some());
        assert!(e.first("smugglers_arrested").is_some());
    }

    #[test]
    fn smugglers_alone_are_enough() {
        let mut i = mand();
        i.migrants.clear();
        assert!(i.clone().validate(today(), Some("levies")).is_ok());
        i.smugglers_arrested = 0;
        let e = i.validate(today(), Some("levies")).unwrap_err();
        assert!(e.first("migrants").is_some());
    }

    #[test]
    fn a_name_or_a_code_finds_the_district() {
        let mut i = mand();
        i.district = "Gwadar".into();
        let i = i.validate(today(), Some("coast_guards")).unwrap();
        assert_eq!(i.district, "GWD");
    }
}
