//! The demo's interceptions at borders (issue 13, item 2): a handful over the last months on
//! the routes the sources name (Quetta–Mand, Quetta–Taftan, by sea from Karachi, Gwadar and
//! Jiwani), by the Frontier Corps, the Levies, the Coast Guards and the Maritime Security
//! Agency. Every count is made up.

use crate::agencies::BORDER_FORCES;
use chrono::{Duration, NaiveDate};
use hifazat_domain::interceptions::{
    AgeGroup, BorderKind, Direction, MigrantGroup, MigrantSex, NewInterception, VehicleCount,
    VehicleKind,
};
use hifazat_store::{Ctx, Store};
use std::collections::HashMap;

/// One made-up interception: agency (an entry of [`BORDER_FORCES`]), days ago, border, place,
/// migrants (nationality, sex, age group, count), smugglers, vehicles.
type Planned = (
    &'static str,
    i64,
    BorderKind,
    &'static str,
    &'static [(&'static str, MigrantSex, AgeGroup, i64)],
    i64,
    &'static [(VehicleKind, i64)],
);

const PLANNED: &[Planned] = &[
    (
        "Frontier Corps Balochistan, Mand wing",
        12,
        BorderKind::Land,
        "Mand, near the Iran border",
        &[
            ("PK", MigrantSex::Male, AgeGroup::Adult, 34),
            ("PK", MigrantSex::Male, AgeGroup::Child, 6),
            ("AF", MigrantSex::Male, AgeGroup::Adult, 11),
        ],
        3,
        &[(VehicleKind::Pickup, 3)],
    ),
    (
        "Chagai Levies, Taftan",
        20,
        BorderKind::Land,
        "Taftan, on the road from Quetta",
        &[
            ("PK", MigrantSex::Male, AgeGroup::Adult, 52),
            ("BD", MigrantSex::Male, AgeGroup::Adult, 9),
        ],
        4,
        &[(VehicleKind::Bus, 1), (VehicleKind::Car, 2)],
    ),
    (
        "Frontier Corps Balochistan, Chagai wing",
        41,
        BorderKind::Land,
        "Desert track west of Nok Kundi",
        &[
            ("PK", MigrantSex::Male, AgeGroup::Adult, 27),
            ("AF", MigrantSex::Female, AgeGroup::Adult, 5),
            ("AF", MigrantSex::Female, AgeGroup::Child, 7),
        ],
        2,
        &[(VehicleKind::Truck, 1)],
    ),
    (
        "Pakistan Coast Guards, Jiwani",
        33,
        BorderKind::Sea,
        "Off Jiwani, Gwadar Bay",
        &[("PK", MigrantSex::Male, AgeGroup::Adult, 18)],
        2,
        &[(VehicleKind::Boat, 1)],
    ),
    (
        "Maritime Security Agency, Gwadar",
        64,
        BorderKind::Sea,
        "Off Pishukan",
        &[
            ("PK", MigrantSex::Male, AgeGroup::Adult, 23),
            ("PK", MigrantSex::Male, AgeGroup::Child, 4),
        ],
        1,
        &[(VehicleKind::Boat, 2)],
    ),
    (
        "Pakistan Coast Guards, Karachi",
        8,
        BorderKind::Sea,
        "Mubarak Village jetty",
        &[
            ("PK", MigrantSex::Male, AgeGroup::Adult, 15),
            ("BD", MigrantSex::Male, AgeGroup::Adult, 6),
        ],
        3,
        &[(VehicleKind::Boat, 1), (VehicleKind::Pickup, 1)],
    ),
    (
        "Maritime Security Agency, Karachi",
        90,
        BorderKind::Sea,
        "Off Manora",
        &[],
        5,
        &[(VehicleKind::Boat, 1)],
    ),
];

/// Records the demo's interceptions as the national coordinator; returns how many.
pub(crate) async fn seed(
    store: &Store,
    today: NaiveDate,
    agency_ids: &HashMap<String, i64>,
    national: &Ctx,
) -> anyhow::Result<usize> {
    let scoped = store.scoped(national.clone());
    for (agency, days, border, place, migrants, smugglers, vehicles) in PLANNED {
        let (_, _, _, district) = BORDER_FORCES
            .iter()
            .find(|(n, ..)| n == agency)
            .ok_or_else(|| anyhow::anyhow!("demo agency '{agency}' is not planned"))?;
        let agency_id = agency_ids
            .get(*agency)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo agency '{agency}' is missing"))?;
        scoped
            .record_interception(NewInterception {
                agency_id: Some(agency_id),
                border: Some(*border),
                place: (*place).into(),
                district: (*district).into(),
                intercepted_on: Some(today - Duration::days(*days)),
                direction: Some(Direction::Leaving),
                migrants: migrants
                    .iter()
                    .map(|(n, sex, age, count)| MigrantGroup {
                        nationality: (*n).into(),
                        sex: *sex,
                        age_group: *age,
                        count: *count,
                    })
                    .collect(),
                smugglers_arrested: *smugglers,
                vehicles: vehicles
                    .iter()
                    .map(|(kind, count)| VehicleCount {
                        kind: *kind,
                        count: *count,
                    })
                    .collect(),
                note: None,
            })
            .await?;
    }
    Ok(PLANNED.len())
}
