//! The demo's front door (issue 11): Lahore's and Karachi's duty officers, and about sixty
//! public reports and helpline calls over the last sixty days, each written at its own time,
//! most triaged (classified, linked, routed or closed) some minutes or hours later; the most
//! recent wait in the queues, among them a call in immediate danger in Lahore that nobody has
//! acted on for three hours, so the overdue alert shows. All words are invented.

use chrono::{DateTime, Duration, Utc};
use hifazat_domain::intake::{
    CallerKind, Channel, Classification, IntakeLanguage, IntakeUrgency, NewHelplineRecord,
    NewPublicReport, Triage, TriageAction,
};
use hifazat_store::{Ctx, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::sync::Arc;

fn store_at(store: &Store, at: DateTime<Utc>) -> Store {
    store.clone().with_clock(Arc::new(move || at))
}

/// What callers and reporters say (invented), by what triage will find.
const STORIES: &[(&str, Classification, &[&str])] = &[
    (
        "An agent in the bazaar is taking money from young men to send them to Greece through Iran by road.",
        Classification::PossibleSom,
        &["false_promises"],
    ),
    (
        "My brother went to Libya with an agent; the agent now asks for more money and we cannot reach my brother.",
        Classification::PossibleSom,
        &["isolation", "threatens_family"],
    ),
    (
        "A girl of about twelve works in a house on our street, never goes to school and is beaten.",
        Classification::PossibleTip,
        &["physical_abuse", "restricted_movement"],
    ),
    (
        "Families at a brick kiln owe the owner money they can never repay; they are not allowed to leave.",
        Classification::PossibleTip,
        &["debt_bondage", "restricted_movement"],
    ),
    (
        "A woman was promised work as a nurse abroad; her passport was taken when she arrived.",
        Classification::PossibleTip,
        &["withholds_documents", "false_promises"],
    ),
    (
        "Workers at a factory have not been paid for three months.",
        Classification::LabourComplaint,
        &["takes_earnings"],
    ),
    (
        "A neighbour's quarrel over a rented shop.",
        Classification::NotTrafficking,
        &[],
    ),
];

const DISTRICTS: &[&str] = &[
    "LHR", "LHR", "LHR", "GRW", "GRW", "KHS", "KHS", "QTA", "SKT",
];

/// Names Lahore's and Karachi's duty officers and writes the reports and calls.
pub(crate) async fn seed(
    store: &Store,
    now: DateTime<Utc>,
    seed: u64,
    actors: &HashMap<&'static str, Ctx>,
) -> anyhow::Result<usize> {
    let get = |u: &str| {
        actors
            .get(u)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("demo account '{u}' is missing"))
    };
    let (helpline, punjab, sindh) = (
        get("helpline")?,
        get("supervisor.punjab")?,
        get("supervisor.sindh")?,
    );
    let start = now - Duration::days(60);
    store_at(store, start)
        .scoped(punjab.clone())
        .set_duty_officer("LHR", "io.lahore")
        .await?;
    let mut rng = StdRng::seed_from_u64(seed ^ 0x494e_5441_4b45);
    let mut written = 0;
    for i in 0..60 {
        // Spread over sixty days, the last few within the last hours.
        let at = if i < 56 {
            start + Duration::minutes(i * 60 * 24 + rng.gen_range(0..600))
        } else {
            now - Duration::minutes((60 - i) * 45 + 30)
        };
        let (words, class, signs) = STORIES[rng.gen_range(0..STORIES.len())];
        let district = DISTRICTS[rng.gen_range(0..DISTRICTS.len())];
        let immediate = matches!(class, Classification::PossibleTip) && rng.gen_bool(0.3);
        let urgency = if immediate {
            IntakeUrgency::Immediate
        } else if rng.gen_bool(0.3) {
            IntakeUrgency::Urgent
        } else {
            IntakeUrgency::Routine
        };
        let signs: Vec<String> = signs.iter().map(|s| (*s).to_owned()).collect();
        let s = store_at(store, at);
        let id = if rng.gen_bool(0.4) {
            let r = NewPublicReport {
                what_happened: Some(format!("Synthetic demo report: {words}")),
                district: Some(district.into()),
                in_danger: immediate,
                indicators: signs,
                callback: false,
                woman_officer: rng.gen_bool(0.3),
                language: Some(if rng.gen_bool(0.7) {
                    IntakeLanguage::Urdu
                } else {
                    IntakeLanguage::English
                }),
                ..Default::default()
            };
            s.submit_public_report(r, None).await?.id
        } else {
            let r = NewHelplineRecord {
                channel: [
                    Channel::Call,
                    Channel::Call,
                    Channel::WhatsApp,
                    Channel::Sms,
                ][rng.gen_range(0..4)],
                language: [
                    IntakeLanguage::Urdu,
                    IntakeLanguage::Punjabi,
                    IntakeLanguage::Sindhi,
                    IntakeLanguage::Pashto,
                ][rng.gen_range(0..4)],
                caller_kind: [CallerKind::Family, CallerKind::Witness, CallerKind::Victim]
                    [rng.gen_range(0..3)],
                contact_consent: false,
                caller_name: None,
                caller_phone: None,
                situation: Some(format!("Synthetic demo call: {words}")),
                indicators: signs,
                district: Some(district.into()),
                urgency,
                woman_officer: rng.gen_bool(0.2),
            };
            s.scoped(helpline.clone()).record_helpline(r).await?.id
        };
        written += 1;
        // The last few wait for triage (the very last, in Lahore, in immediate danger).
        if i >= 56 {
            continue;
        }
        let sup = if matches!(district, "KHS") {
            &sindh
        } else {
            &punjab
        };
        if district == "QTA" {
            // Nobody triages Balochistan's queue in the demo but the national coordinator.
            continue;
        }
        let later = at + Duration::minutes(rng.gen_range(20..(urgency.limit_hours() * 60 + 240)));
        let at_triage = store_at(store, later);
        let s = at_triage.scoped(sup.clone());
        let (action, route_to) = match class {
            Classification::NotTrafficking | Classification::LabourComplaint => {
                (TriageAction::Close, None)
            }
            _ if rng.gen_bool(0.15) && district == "SKT" => {
                (TriageAction::Route, Some("GRW".to_owned()))
            }
            _ => (TriageAction::Close, None),
        };
        let note = match (class, action) {
            (Classification::LabourComplaint, _) => "Passed to the Labour Department",
            (Classification::NotTrafficking, _) => "Not for the anti-trafficking units",
            (_, TriageAction::Route) => "The agent works from Gujranwala",
            _ => "Facts checked with the caller; passed to the circle's inquiry officer",
        };
        s.triage(
            id,
            Triage {
                classification: class,
                action,
                duplicate_of: None,
                case_reference: None,
                person_uid: None,
                route_to,
                urgency: None,
                note: Some(note.into()),
            },
        )
        .await?;
    }
    // One call in immediate danger, three hours old, that nobody has acted on.
    let s = store_at(store, now - Duration::hours(3));
    s.scoped(helpline)
        .record_helpline(NewHelplineRecord {
            channel: Channel::Call,
            language: IntakeLanguage::Punjabi,
            caller_kind: CallerKind::Family,
            contact_consent: false,
            caller_name: None,
            caller_phone: None,
            situation: Some(
                "Synthetic demo call: a mother says her daughter is locked in a house and beaten."
                    .into(),
            ),
            indicators: vec!["restricted_movement".into(), "physical_abuse".into()],
            district: Some("LHR".into()),
            urgency: IntakeUrgency::Immediate,
            woman_officer: true,
        })
        .await?;
    Ok(written + 1)
}
