//! The demo's recruitment agents: a synthetic register of about 150 licensed Overseas
//! Employment Promoters, imported by the emigration authority's account from CSV (most valid,
//! some lapsed, a few suspended or cancelled with the actions that did it, a sanction to
//! prosecute and referrals), and the recurring agents of the demo cases recorded as unlicensed
//! agents, linked to the cases where they are accused and to their person records. A few
//! promoters whose licences were acted on are linked to cases too. All names and numbers are
//! invented.

use crate::people;
use chrono::{Days, NaiveDate};
use hifazat_domain::agents::{CaseLink, LicenceActionKind, NewAgent, NewLicenceAction, PersonLink};
use hifazat_store::agents::AgentFilter;
use hifazat_store::cases::models::CaseFilter;
use hifazat_store::{Ctx, Store};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// Licence suffixes the Bureau uses, with the district of the office: (suffix, district code).
const OFFICES: &[(&str, &str)] = &[
    ("RWP", "RWP"),
    ("RWP", "RWP"),
    ("ISB", "ISB"),
    ("LHR", "LHR"),
    ("LHR", "LHR"),
    ("KHI", "KHS"),
    ("PEW", "PEW"),
    ("MLN", "MUX"),
    ("FSD", "FSD"),
    ("SKT", "SKT"),
    ("GRW", "GRW"),
    ("GJT", "GJT"),
    ("MBD", "MBD"),
    ("QTA", "QTA"),
];

const FIRST: &[&str] = &[
    "Al-Noor",
    "Al-Madina",
    "Al-Faisal",
    "Al-Rehman",
    "Bright Future",
    "Crescent",
    "Green Valley",
    "Gulf Link",
    "Khyber",
    "Indus",
    "Mehran",
    "Pak Gulf",
    "Star",
    "Sunrise",
    "Silver Line",
    "Royal",
    "Sapphire",
    "Al-Hamd",
    "Shaheen",
    "Zamzam",
    "Margalla",
    "Ravi",
    "Chenab",
    "Jhelum",
];

const SECOND: &[&str] = &[
    "Overseas Employment Promoters",
    "Manpower Services",
    "Recruiting Agency",
    "Overseas Employment Corporation (Pvt) Ltd",
    "Human Resource Consultants",
    "Travel and Manpower",
    "International Recruiters",
    "Employment Services",
];

const STREETS: &[&str] = &[
    "Saddar",
    "Blue Area",
    "Mall Road",
    "Shahrah-e-Faisal",
    "G.T. Road",
    "Murree Road",
    "University Road",
    "Jail Road",
];

const REASONS: &[&str] = &[
    "Complaints of visas that were never issued after fees were taken",
    "Workers sent on visit visas for jobs that did not exist",
    "Fees above the limit of the Emigration Rules taken from emigrants",
    "Sub-agents recruiting in its name without registration",
];

/// How many promoters the register holds.
const PROMOTERS: usize = 150;
/// How many of the cases' recurring agents are recorded as unlicensed agents.
const UNLICENSED: usize = 24;

/// What [`seed`] did.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AgentsSeeded {
    pub promoters: usize,
    pub unlicensed: usize,
    pub links: usize,
}

/// The register's CSV file, deterministically from `rng`; and the licence numbers whose
/// licences are to be acted on, with the action.
fn register(rng: &mut StdRng, today: NaiveDate) -> (String, Vec<(String, LicenceActionKind)>) {
    let mut csv =
        String::from("licence_number,name,status,issued_on,expires_on,districts,address\n");
    let mut acted = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    let mut numbers = std::collections::BTreeSet::new();
    while names.len() < PROMOTERS {
        let name = format!(
            "{} {}",
            FIRST.choose(rng).expect("not empty"),
            SECOND.choose(rng).expect("not empty")
        );
        if !names.insert(name.clone()) {
            continue;
        }
        let (suffix, district) = *OFFICES.choose(rng).expect("not empty");
        let number = loop {
            let n = rng.gen_range(1000..6000);
            if numbers.insert(n) {
                break n;
            }
        };
        let licence = format!("OEP {number}/{suffix}");
        // Licences run three years; some were not renewed.
        let issued = today - Days::new(rng.gen_range(30..1400));
        let expires = issued.checked_add_days(Days::new(3 * 365)).unwrap_or(today);
        let mut districts = vec![district];
        if rng.gen_bool(0.2) {
            let (_, other) = *OFFICES.choose(rng).expect("not empty");
            if other != district {
                districts.push(other);
            }
        }
        let address = format!(
            "Office {}, {} ",
            rng.gen_range(1..40),
            STREETS.choose(rng).expect("not empty")
        );
        csv.push_str(&format!(
            "{licence},{name},valid,{issued},{expires},{},\"{}\"\n",
            districts.join(";"),
            address.trim()
        ));
        let i = names.len();
        if expires > today {
            match i % 19 {
                3 => acted.push((licence, LicenceActionKind::Suspension)),
                7 => acted.push((licence, LicenceActionKind::Cancellation)),
                11 => acted.push((licence, LicenceActionKind::Warning)),
                _ => {}
            }
        }
    }
    (csv, acted)
}

/// Seeds the register as `emigration` and the unlicensed agents as `national`.
pub(crate) async fn seed(
    store: &Store,
    today: NaiveDate,
    seed: u64,
    emigration: &Ctx,
    national: &Ctx,
) -> anyhow::Result<AgentsSeeded> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0e0e_0e0e);
    let em = store.scoped(emigration.clone());
    let nc = store.scoped(national.clone());
    let mut out = AgentsSeeded::default();
    let (csv, acted) = register(&mut rng, today);
    let report = em.import_promoters(csv).await?;
    anyhow::ensure!(
        report.rejected == 0,
        "demo register refused: {:?}",
        report.errors
    );
    out.promoters = report.created;

    // Actions on some licences, each at its own date, with the case work that followed.
    let trafficking = nc
        .list_cases(&CaseFilter {
            kind: Some(hifazat_domain::CaseKind::Trafficking),
            per_page: Some(50),
            ..Default::default()
        })
        .await?
        .0;
    for (i, (licence, kind)) in acted.iter().enumerate() {
        let found = em
            .agents(&AgentFilter {
                q: Some(licence.clone()),
                ..Default::default()
            })
            .await?;
        let Some(p) = found.items.first() else {
            continue;
        };
        let on = today - Days::new(rng.gen_range(20..300));
        let reason = REASONS[i % REASONS.len()].to_owned();
        let mut steps = vec![*kind];
        if *kind == LicenceActionKind::Suspension && i % 2 == 0 {
            steps.push(LicenceActionKind::ProsecutionSanction);
        }
        if *kind == LicenceActionKind::Cancellation {
            steps.insert(0, LicenceActionKind::Suspension);
            steps.push(LicenceActionKind::ReferralFia);
        }
        if *kind == LicenceActionKind::Warning && i % 2 == 1 {
            steps.push(LicenceActionKind::ReferralLabourMinistry);
        }
        for (n, step) in steps.into_iter().enumerate() {
            em.record_licence_action(
                p.id,
                NewLicenceAction {
                    kind: step,
                    taken_on: (on + Days::new(n as u64 * 20)).min(today),
                    reason: reason.clone(),
                    order_reference: Some(format!("BE&OE/Lic/{}/{:03}", on.format("%Y"), i + 1)),
                },
            )
            .await?;
        }
        // A licence acted on after complaints: the promoter is met in a case.
        if *kind != LicenceActionKind::Warning {
            if let Some(c) = trafficking.get(i % trafficking.len().max(1)) {
                nc.link_case(
                    p.id,
                    CaseLink {
                        case_reference: c.reference.clone(),
                        note: Some("Victims recruited through this promoter's office".into()),
                    },
                )
                .await?;
                out.links += 1;
            }
        }
    }

    // The cases' recurring agents (the same first draw as the case generator), as the police
    // know them: unlicensed, linked to the cases where they are accused and to their records.
    let mut case_rng = StdRng::seed_from_u64(seed);
    let recurring = people::agents(&mut case_rng, 60);
    for a in recurring.iter().take(UNLICENSED) {
        let cases = nc
            .list_cases(&CaseFilter {
                q: Some(a.cnic.clone()),
                per_page: Some(100),
                ..Default::default()
            })
            .await?
            .0;
        if cases.is_empty() {
            continue;
        }
        let nickname = format!(
            "{} {}",
            a.name.split_whitespace().next().unwrap_or("Agent"),
            ["Dubai wala", "Saudi wala", "Greece wala", "Doctor", "Bhai"][out.unlicensed % 5]
        );
        let id = nc
            .add_agent(NewAgent {
                name: a.name.clone(),
                aliases: vec![nickname],
                phones: vec![a.phone.clone()],
                district: Some(a.district.into()),
                notes: Some(
                    "Recruits young men for work abroad for an advance; no licence from the Bureau"
                        .into(),
                ),
            })
            .await?;
        out.unlicensed += 1;
        for c in &cases {
            nc.link_case(
                id,
                CaseLink {
                    case_reference: c.reference.clone(),
                    note: Some("Accused as the recruiting agent".into()),
                },
            )
            .await?;
            out.links += 1;
        }
        if let Some(p) = nc
            .linkable_persons(id)
            .await?
            .into_iter()
            .find(|p| p.name == a.name)
        {
            nc.link_person(
                id,
                PersonLink {
                    person_uid: p.uid,
                    note: Some("The agent's own record, found by CNIC".into()),
                },
            )
            .await?;
        }
    }
    Ok(out)
}
