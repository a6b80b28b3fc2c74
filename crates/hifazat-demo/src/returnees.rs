//! The demo's returnees (issue 13, item 1): a daily list of deportees at Lahore airport for
//! each of the last five days, imported by `immigration.lahore` (one row refused each day, so
//! the refused-row report shows), one of them a Red Book agent deported from Oman whose
//! screening raises an alert, and some debriefed with their routes (Quetta–Taftan,
//! Quetta–Mand, by sea from Gwadar). Every name and number is made up.

use crate::people::{self, Faith};
use chrono::{Duration, NaiveDate};
use hifazat_domain::returnees::{
    Arrival, DocumentUsed, NewDebriefing, NewReturneeList, ReturneeKind, RouteLeg, Transport,
};
use hifazat_domain::Sex;
use hifazat_store::{Ctx, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HOMES: &[&str] = &["GRW", "GJT", "SKT", "MBD", "LHR", "FSD"];
const FROM: &[(&str, &str)] = &[
    ("OM", "illegal_entry"),
    ("AE", "overstay"),
    ("SA", "overstay"),
    ("IR", "illegal_entry"),
    ("TR", "illegal_entry"),
    ("GR", "asylum_refused"),
];

/// Routes as returnees tell them: (from, to, country, transport) leg by leg.
const ROUTES: &[&[(&str, &str, &str, Transport)]] = &[
    &[
        ("Gujranwala", "Quetta", "PK", Transport::Road),
        ("Quetta", "Taftan", "PK", Transport::Road),
        ("Taftan", "Zahedan", "IR", Transport::Road),
        ("Zahedan", "Tehran", "IR", Transport::Road),
        ("Tehran", "Van", "TR", Transport::Foot),
    ],
    &[
        ("Gujrat", "Quetta", "PK", Transport::Road),
        ("Quetta", "Mand", "PK", Transport::Road),
        ("Mand", "Kerman", "IR", Transport::Foot),
        ("Kerman", "Bandar Abbas", "IR", Transport::Road),
        ("Bandar Abbas", "Muscat", "OM", Transport::Boat),
    ],
    &[
        ("Sialkot", "Karachi", "PK", Transport::Road),
        ("Karachi", "Gwadar", "PK", Transport::Road),
        ("Gwadar", "Chabahar", "IR", Transport::Boat),
        ("Chabahar", "Muscat", "OM", Transport::Boat),
    ],
];

/// Imports the lists and records the debriefings; returns how many returnees were recorded.
pub(crate) async fn seed(
    store: &Store,
    today: NaiveDate,
    seed: u64,
    immigration: &Ctx,
) -> anyhow::Result<i64> {
    // The first of the recurring agents (the case generator's first draw) is on the Red Book.
    let wanted = people::agents(&mut StdRng::seed_from_u64(seed), 1).remove(0);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0072_7465);
    let imm = store.scoped(immigration.clone());
    let mut recorded = 0;
    for days_ago in (1..=5i64).rev() {
        let date = today - Duration::days(days_ago);
        let mut csv = String::from(
            "id,full_name,father_name,date_of_birth,cnic,passport,nationality,sex,flight,country,reason,home_district\n",
        );
        for row in 0..7 {
            let home = HOMES[rng.gen_range(0..HOMES.len())];
            let (country, reason) = FROM[rng.gen_range(0..FROM.len())];
            let (name, father, dob, cnic) = if days_ago == 1 && row == 0 {
                (
                    wanted.name.clone(),
                    wanted.father_name.clone(),
                    (2020 - wanted.age_in_2020).to_string(),
                    wanted.cnic.clone(),
                )
            } else {
                (
                    people::male_name(&mut rng, home, Faith::Unrecorded),
                    people::male_name(&mut rng, home, Faith::Unrecorded),
                    rng.gen_range(1985..2006).to_string(),
                    people::cnic(&mut rng, home, Sex::Male),
                )
            };
            // The last row of each list names a country that does not exist: refused.
            let country = if row == 6 { "Atlantis" } else { country };
            csv.push_str(&format!(
                "L{days_ago}-{row},{name},{father},{dob},{cnic},,PK,M,PK-{flight},{country},{reason},{home}\n",
                flight = 200 + rng.gen_range(0..40)
            ));
        }
        let report = imm
            .import_returnees(NewReturneeList {
                arrival: Arrival {
                    kind: ReturneeKind::Deportee,
                    point: "Allama Iqbal International Airport, Lahore".into(),
                    district: None,
                    date: Some(date),
                },
                source: "FIA Immigration, Allama Iqbal International Airport, morning list".into(),
                csv,
            })
            .await?;
        recorded += report.accepted;
        // Two of each day's deportees told their route.
        let page = imm
            .returnees(&hifazat_store::screening::returnees::ReturneeFilter {
                list: Some(report.id),
                ..Default::default()
            })
            .await?;
        for (i, r) in page.items.iter().take(2).enumerate() {
            let route = ROUTES[(days_ago as usize + i) % ROUTES.len()];
            imm.debrief(
                r.id,
                NewDebriefing {
                    interviewed_on: Some(date),
                    agent_id: None,
                    agent_name: Some(format!("{} (as the returnee names him)", wanted.name)),
                    sub_agents: vec!["A driver in Quetta".into()],
                    amount_paid_pkr: Some(rng.gen_range(8..30) * 100_000),
                    legs: route
                        .iter()
                        .map(|(from, to, country, transport)| RouteLeg {
                            from_place: (*from).into(),
                            to_place: (*to).into(),
                            country: (*country).into(),
                            transport: *transport,
                        })
                        .collect(),
                    documents_used: vec![DocumentUsed::NoDocuments],
                    exploitation: Vec::new(),
                    account: Some(
                        "Invented for the demo: crossed at night with a group of twenty.".into(),
                    ),
                },
            )
            .await?;
        }
    }
    Ok(recorded)
}
