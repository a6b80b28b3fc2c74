//! The demo's watchlists: a synthetic Red Book of 156 most wanted smugglers and traffickers
//! (the 60 recurring agents of the demo cases first, linked to their person records so that
//! screening finds persons who are in cases and the Red Book lists their cases), blacklisted
//! identity cards and passports, Interpol notices and blacklisted recruitment agents. All
//! names and numbers are invented.

use crate::people::{self, Faith};
use hifazat_domain::screening::{NewWatchlistEntry, WatchlistKind};
use hifazat_domain::Sex;
use hifazat_store::Scoped;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// FIA zones by district of the smuggling belt and the main cities.
const ZONES: &[(&str, &str)] = &[
    ("GRW", "Gujranwala"),
    ("GJT", "Gujranwala"),
    ("SKT", "Gujranwala"),
    ("MBD", "Gujranwala"),
    ("LHR", "Lahore"),
    ("FSD", "Faisalabad"),
    ("MUX", "Multan"),
    ("ISB", "Islamabad"),
    ("RWP", "Islamabad"),
    ("KHS", "Karachi"),
    ("QTA", "Quetta"),
    ("PEW", "Peshawar"),
];

fn zone(district: &str) -> &'static str {
    ZONES
        .iter()
        .find(|(d, _)| *d == district)
        .map(|(_, z)| *z)
        .unwrap_or("Islamabad")
}

fn entry(list: WatchlistKind, name: String, father: Option<String>) -> NewWatchlistEntry {
    NewWatchlistEntry {
        list,
        full_name: name,
        father_name: father,
        date_of_birth: None,
        cnic: None,
        passport: None,
        nationality: Some("PK".into()),
        zone: None,
        reference: None,
        reason: None,
        person_uid: None,
        expires_on: None,
        review_on: None,
    }
}

/// Adds the demo watchlists as the national coordinator (`national`) would; returns the
/// number of entries.
pub(crate) async fn seed(national: &Scoped<'_>, seed: u64) -> anyhow::Result<usize> {
    // The same first draw as the case generator, so these are the agents named in the cases.
    let mut rng = StdRng::seed_from_u64(seed);
    let agents = people::agents(&mut rng, 60);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x00ab_cdef);
    let mut entries = Vec::new();
    const WANTED_FOR: &[&str] = &[
        "Smuggling of migrants via Quetta–Taftan (PSMA 2018 s. 3); proclaimed offender",
        "Smuggling of migrants by sea from Gwadar; organised group (PSMA 2018 s. 4)",
        "Trafficking for forced labour abroad (PTPA 2018 s. 3); absconding",
        "Fake visas and fraudulent recruitment (Emigration Ordinance 1979 s. 22)",
        "Trafficking of women for sexual exploitation (PTPA 2018 s. 3, PPC 371-A)",
    ];
    for (i, a) in agents.iter().enumerate() {
        let mut e = entry(
            WatchlistKind::RedBook,
            a.name.clone(),
            Some(a.father_name.clone()),
        );
        e.date_of_birth = Some((2020 - a.age_in_2020).to_string());
        e.cnic = Some(a.cnic.clone());
        e.zone = Some(zone(a.district).into());
        e.reference = Some(format!("RB-12-{:03}", i + 1));
        e.reason = Some(WANTED_FOR[i % WANTED_FOR.len()].into());
        entries.push(e);
    }
    for i in agents.len()..156 {
        let (district, z) = ZONES[rng.gen_range(0..ZONES.len())];
        let mut e = entry(
            WatchlistKind::RedBook,
            people::male_name(&mut rng, district, Faith::Unrecorded),
            Some(people::male_name(&mut rng, district, Faith::Unrecorded)),
        );
        e.date_of_birth = Some(format!(
            "{}-{:02}-{:02}",
            rng.gen_range(1960..1995),
            rng.gen_range(1..13),
            rng.gen_range(1..29)
        ));
        e.cnic = Some(people::cnic(&mut rng, district, Sex::Male));
        if rng.gen_bool(0.6) {
            e.passport = Some(people::passport(&mut rng));
        }
        e.zone = Some(z.into());
        e.reference = Some(format!("RB-12-{:03}", i + 1));
        e.reason = Some(WANTED_FOR[rng.gen_range(0..WANTED_FOR.len())].into());
        entries.push(e);
    }
    for i in 0..40 {
        let (district, _) = ZONES[rng.gen_range(0..ZONES.len())];
        let mut e = entry(WatchlistKind::BlacklistedCnic, String::new(), None);
        e.cnic = Some(people::cnic(
            &mut rng,
            district,
            if i % 5 == 0 { Sex::Female } else { Sex::Male },
        ));
        e.reason = Some("Identity card blacklisted: forged travel documents".into());
        entries.push(e);
        let mut p = entry(WatchlistKind::BlacklistedPassport, String::new(), None);
        p.passport = Some(people::passport(&mut rng));
        p.reason = Some("Passport reported lost and used by a smuggling network".into());
        entries.push(p);
    }
    for i in 0..10 {
        let (district, _) = ZONES[rng.gen_range(0..ZONES.len())];
        let mut e = entry(
            WatchlistKind::Interpol,
            people::male_name(&mut rng, district, Faith::Unrecorded),
            Some(people::male_name(&mut rng, district, Faith::Unrecorded)),
        );
        e.date_of_birth = Some(rng.gen_range(1965..1990).to_string());
        e.passport = Some(people::passport(&mut rng));
        e.reference = Some(format!("Red Notice A-{}/2025 (synthetic)", 1000 + i));
        e.reason = Some("Wanted abroad for migrant smuggling".into());
        entries.push(e);
    }
    for i in 0..15 {
        let (district, _) = ZONES[rng.gen_range(0..ZONES.len())];
        let mut e = entry(
            WatchlistKind::RecruitmentAgent,
            people::male_name(&mut rng, district, Faith::Unrecorded),
            None,
        );
        e.cnic = Some(people::cnic(&mut rng, district, Sex::Male));
        e.reference = Some(format!(
            "Unlicensed promoter, {} (synthetic) #{}",
            crate::watchlists::zone(district),
            i + 1
        ));
        e.reason = Some("Recruitment without a Bureau of Emigration licence".into());
        entries.push(e);
    }
    let n = entries.len();
    for mut e in entries {
        // A Red Book person who is accused in the demo cases is linked to that person record,
        // so the entry shows the cases the person is wanted in.
        if let (WatchlistKind::RedBook, Some(c)) = (&e.list, &e.cnic) {
            e.person_uid = national.person_uid_by_cnic(c).await?;
        }
        national.add_watchlist_entry(e).await?;
    }
    Ok(n)
}
