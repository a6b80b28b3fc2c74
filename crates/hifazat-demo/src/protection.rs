//! Victims' protection records for the demo, written through the store's protection API as the
//! officers and providers of the demo accounts, each action at its own time.
//!
//! * Victims identified from the cases of the last year, by the case officers (investigating
//!   officers in Lahore, Gujranwala and Quetta, the provincial supervisors, the national
//!   coordinator elsewhere), and victims found outside a case by social welfare and labour
//!   officers (brick-kiln families in Punjab and lower Sindh, women who came through the
//!   helpline, children begging, deportees returning through Taftan, foreign women in Karachi).
//! * Far fewer are referred than identified: the sources' baseline is 4% (799 of 19,954); the
//!   demo shows an improved but still low share nationally, and a much higher one in Lahore where
//!   the referral mechanism is piloted (the social welfare officer refers, the *Darul Aman* and the
//!   Child Protection Unit answer in the system). Elsewhere most referrals go to the providers
//!   that answer in the system (IOM, the Punjab legal aid society, the Gujranwala and Karachi
//!   shelters); a few recent ones to providers that do not yet answer sit past their answer time.
//! * A scripted set in Lahore shows every state a referral can be in, a shelter stay with
//!   reviews of the victim's wishes, a discharge to family with follow-ups, consent overrides by
//!   the Punjab supervisor, a withdrawn consent and a child without a child protection referral.
//!
//! Everything is planned first (from one random stream, so the same seed gives the same plan),
//! then executed in time order with the store's clock set to each event's time, so the audit
//! trail runs forward and the times from identification to first service are real. Demos
//! larger than the default write the victims of cases in bulk instead ([`bulk`]: the same
//! records, one audit row per batch), which takes seconds where the API took minutes.

use crate::directory::{self, Listing};
use crate::people::{self, Faith, Spec};
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use hifazat_domain::protection::*;
use hifazat_domain::{reference, CaseKind, PersonRole, Sex};
use hifazat_store::cases::models::CaseFilter;
use hifazat_store::protection::{FollowUpResult, NewDelivery, NewDischarge, NewReview, NewStay};
use hifazat_store::{Ctx, Scoped, Store, StoreError};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::sync::Arc;

mod bulk;

/// What [`seed`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Report {
    pub victims: usize,
    pub referrals: usize,
}

/// The kind of exploitation behind a victim's story (chooses indicators, needs and providers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    Kiln,
    Sexual,
    Domestic,
    Begging,
    Marriage,
    Abroad,
    Smuggled,
    SmuggledTrafficked,
    CamelJockey,
    Organ,
    Other,
}

impl Theme {
    /// Indicators that fit, with weights.
    fn indicators(self) -> &'static [(&'static str, u32)] {
        match self {
            Theme::Kiln => &[
                ("debt_bondage", 10),
                ("excessive_hours", 7),
                ("takes_earnings", 6),
                ("restricted_movement", 5),
                ("threatens_family", 4),
                ("withholds_documents", 3),
                ("physical_threats", 3),
            ],
            Theme::Sexual => &[
                ("sexual_abuse", 10),
                ("restricted_movement", 7),
                ("psychological_abuse", 6),
                ("physical_threats", 5),
                ("takes_earnings", 4),
                ("isolation", 4),
                ("psychoactive_substance", 3),
                ("threatens_family", 3),
                ("false_promises", 3),
            ],
            Theme::Domestic => &[
                ("excessive_hours", 9),
                ("takes_earnings", 7),
                ("isolation", 6),
                ("physical_abuse", 6),
                ("restricted_movement", 5),
                ("withholds_necessities", 4),
                ("psychological_abuse", 3),
            ],
            Theme::Begging => &[
                ("takes_earnings", 9),
                ("physical_abuse", 6),
                ("restricted_movement", 5),
                ("withholds_necessities", 5),
                ("physical_threats", 4),
                ("isolation", 3),
            ],
            Theme::Marriage => &[
                ("false_promises", 8),
                ("isolation", 7),
                ("sexual_abuse", 5),
                ("restricted_movement", 5),
                ("psychological_abuse", 5),
                ("withholds_documents", 4),
                ("physical_abuse", 3),
            ],
            Theme::Abroad => &[
                ("false_promises", 10),
                ("withholds_documents", 9),
                ("excessive_hours", 6),
                ("takes_earnings", 6),
                ("debt_bondage", 5),
                ("restricted_movement", 4),
                ("threats_law_enforcement", 4),
                ("isolation", 3),
            ],
            Theme::Smuggled => &[
                ("false_promises", 6),
                ("withholds_documents", 5),
                ("threats_law_enforcement", 3),
                ("physical_threats", 2),
            ],
            Theme::SmuggledTrafficked => &[
                ("restricted_movement", 9),
                ("threatens_family", 8),
                ("physical_abuse", 7),
                ("withholds_documents", 6),
                ("withholds_necessities", 5),
                ("threats_law_enforcement", 4),
                ("false_promises", 4),
            ],
            Theme::CamelJockey => &[
                ("withholds_necessities", 8),
                ("physical_abuse", 6),
                ("isolation", 6),
                ("withholds_documents", 5),
                ("excessive_hours", 4),
            ],
            Theme::Organ => &[
                ("false_promises", 8),
                ("debt_bondage", 6),
                ("physical_threats", 5),
                ("withholds_necessities", 3),
            ],
            Theme::Other => &[
                ("false_promises", 5),
                ("restricted_movement", 4),
                ("psychological_abuse", 4),
                ("physical_threats", 3),
                ("takes_earnings", 3),
            ],
        }
    }

    /// The victim was exploited abroad (or is a foreign national): IOM's work.
    fn abroad(self) -> bool {
        matches!(
            self,
            Theme::Abroad | Theme::Smuggled | Theme::SmuggledTrafficked | Theme::CamelJockey
        )
    }

    fn needs(self) -> &'static str {
        match self {
            Theme::Kiln => "Release from debt bondage: legal advice on the advance the kiln owner claims, and identity cards for the family.",
            Theme::Sexual => "A safe place away from where she was held; medical examination; counselling.",
            Theme::Domestic => "A safe place to stay; counselling; help to contact the family.",
            Theme::Begging => "Care and protection; tracing of the family. The adults found with the child are suspected.",
            Theme::Marriage => "Safety from the husband's family; legal advice on dissolving the marriage.",
            Theme::Abroad => "Reintegration after return: counselling and training to find work; the family owes the agent.",
            Theme::Smuggled => "Counselling after detention abroad; help to find work at home.",
            Theme::SmuggledTrafficked => "Held for ransom on the route; counselling and reintegration support.",
            Theme::CamelJockey => "Tracing and reunification with the family; schooling.",
            Theme::Organ => "Medical follow-up after the kidney removal; legal advice.",
            Theme::Other => "Counselling and advice; needs to be assessed with the provider.",
        }
    }

    /// How a victim from a case came to be identified.
    fn case_circumstances(self) -> &'static [&'static str] {
        match self {
            Theme::Smuggled => &[
                "Screened on return as a deportee in a smuggling case.",
                "Screened by the investigating officer after interception at the exit point.",
            ],
            Theme::SmuggledTrafficked | Theme::Abroad | Theme::CamelJockey => &[
                "Identified from the case after return to Pakistan; interviewed by the investigating officer.",
                "Identified when the family's complaint was registered; interviewed on return.",
            ],
            Theme::Kiln => &["Identified in the raid on the brick kiln that led to the case."],
            _ => &[
                "Identified from the case: interviewed by the investigating officer after recovery.",
                "Identified during the investigation; statement recorded with a woman officer present.",
            ],
        }
    }
}

/// One action of the plan.
#[derive(Debug, Clone)]
enum Step {
    Identify(Box<NewIdentification>),
    Consent {
        purpose: ConsentPurpose,
        method: ConsentMethod,
        guardian: Option<(String, String)>,
        slot: usize,
    },
    Withdraw {
        consent: usize,
    },
    Refer {
        slot: usize,
        provider: i64,
        services: Vec<Service>,
        urgency: Urgency,
        needs: String,
        contact: String,
        override_reason: Option<String>,
    },
    Answer {
        referral: usize,
        status: ReferralStatus,
        reason: Option<String>,
    },
    Serve {
        referral: usize,
        service: Service,
        note: &'static str,
    },
    Admit {
        referral: usize,
        stay: usize,
        planned_days: i64,
        wishes: &'static str,
    },
    Review {
        stay: usize,
        wishes: &'static str,
        plan: Option<&'static str>,
    },
    Discharge {
        stay: usize,
        to: DischargeTo,
    },
    FollowUp {
        nth: usize,
        outcome: FollowUpOutcome,
        note: &'static str,
    },
}

impl Step {
    fn name(&self) -> &'static str {
        match self {
            Step::Identify(_) => "identify",
            Step::Consent { .. } => "consent",
            Step::Withdraw { .. } => "withdraw consent",
            Step::Refer { .. } => "refer",
            Step::Answer { .. } => "update referral",
            Step::Serve { .. } => "record service",
            Step::Admit { .. } => "admit",
            Step::Review { .. } => "review stay",
            Step::Discharge { .. } => "discharge",
            Step::FollowUp { .. } => "record follow-up",
        }
    }
}

#[derive(Debug, Clone)]
struct Event {
    at: DateTime<Utc>,
    seq: usize,
    victim: usize,
    who: &'static str,
    step: Step,
}

/// A victim as the planner sees them.
#[derive(Debug, Clone)]
struct Subject {
    slot: usize,
    district: &'static str,
    sex: Sex,
    child: bool,
    theme: Theme,
    foreign: Option<&'static str>,
    identified_at: DateTime<Utc>,
    referrer: &'static str,
}

impl Subject {
    fn group(&self) -> Group {
        if self.child {
            return Group::Children;
        }
        match self.sex {
            Sex::Female => Group::Women,
            Sex::Male => Group::Men,
            Sex::Transgender => Group::Transgender,
        }
    }
}

/// A referral to make.
#[derive(Debug, Clone)]
struct Choice {
    provider: String,
    services: Vec<Service>,
    urgency: Urgency,
    /// The provider's account, when it answers in the system.
    desk: Option<&'static str>,
}

/// The provider accounts of the demo: (agency, username).
const DESKS: &[(&str, &str)] = &[
    (directory::SHELTER_LAHORE, "shelter.lahore"),
    (directory::CPU_LAHORE, "cpu.lahore"),
    (directory::SHELTER_GUJRANWALA, "shelter.gujranwala"),
    (directory::SHELTER_KARACHI, "shelter.karachi"),
    (directory::IOM, "iom.pakistan"),
    (directory::LEGAL_AID_PUNJAB, "legalaid.punjab"),
];

/// Districts served by the Lahore, Gujranwala and Karachi shelters and units.
const LAHORE_AREA: &[&str] = &["LHR", "KSR", "SHK", "NSN"];
const GUJRANWALA_AREA: &[&str] = &["GRW", "GJT", "SKT", "HFZ", "NRW", "MBD"];
const KARACHI_AREA: &[&str] = &["KHS", "KHE", "KHC", "KHW", "KOR", "MLR", "THT", "JMS"];

/// Brick-kiln districts of Punjab where labour inspectors find bonded families.
const KILN_PUNJAB: &[(&str, u32)] = &[
    ("KSR", 4),
    ("SHK", 3),
    ("LHR", 2),
    ("FSD", 2),
    ("OKR", 2),
    ("NSN", 1),
    ("GRW", 1),
    ("SKT", 1),
    ("RYK", 1),
    ("MUX", 1),
];
/// Lower Sindh, where bonded families are released from farms and kilns.
const BONDED_SINDH: &[(&str, u32)] = &[
    ("SNG", 3),
    ("MKR", 3),
    ("THR", 2),
    ("UKM", 2),
    ("BDN", 2),
    ("TAN", 2),
    ("HYD", 1),
    ("TMK", 1),
];
const KARACHI_DISTRICTS: &[(&str, u32)] =
    &[("KHS", 3), ("KHE", 2), ("KHC", 2), ("KHW", 2), ("KOR", 1)];

const ADMISSION_WISHES: &[&str] = &[
    "Wants a safe place to stay for now.",
    "Wants to rest and think about what to do next.",
    "Wants to be kept away from the people who held her.",
    "Wants to stay until she can speak to her family.",
];
const REVIEW_WISHES: &[(&str, Option<&str>)] = &[
    (
        "Wants to stay until she feels safe.",
        Some("Continue counselling"),
    ),
    (
        "Wants to contact her family before deciding.",
        Some("Family assessment by the welfare officer"),
    ),
    (
        "Wants to learn a trade before leaving.",
        Some("Enrol in vocational training"),
    ),
    (
        "Wants to stay until the case is heard.",
        Some("Support for the statement in court"),
    ),
    (
        "Wants to go home; the family has agreed to support her.",
        Some("Prepare for discharge; follow-ups at 3, 6 and 12 months"),
    ),
];
const CHILD_ADMISSION_WISHES: &[&str] = &[
    "Wants to go home to the family.",
    "Wants to stay until the family is found.",
];

fn decline_reasons(desk: &str) -> &'static [&'static str] {
    match desk {
        "cpu.lahore" => &["The child was returned to the family by the police before our team arrived; the district unit follows up."],
        "iom.pakistan" => &[
            "The person could not be reached through the agreed arrangement after three attempts.",
            "Not eligible for this year's reintegration programme; advised to contact the vocational training centre.",
        ],
        "legalaid.punjab" => &[
            "Our lawyer represents another party in the same matter: conflict of interest.",
            "The person asked to wait until the family decides; refer again when ready.",
        ],
        _ => &[
            "No bed free: every bed is in use this week; please re-refer in a few days.",
            "She did not wish to stay in a shelter when our staff met her; she is staying with her sister.",
            "The accused lives in the same street as the shelter; refer to another district's shelter.",
        ],
    }
}

fn service_note(s: Service) -> &'static str {
    match s {
        Service::Shelter => "Admitted; bed, meals and basic needs provided.",
        Service::Medical => "Medical examination and treatment.",
        Service::Psychosocial => "Counselling sessions started.",
        Service::LegalAid => "Legal advice given; statement prepared with the lawyer.",
        Service::Vocational => "Enrolled in a three-month course.",
        Service::Repatriation => "Travel document requested through the embassy.",
        Service::FamilyTracing => "Family traced; first contact made.",
        Service::ChildProtection => "Child protection assessment; care plan agreed.",
    }
}

fn follow_up_note(o: FollowUpOutcome) -> &'static str {
    match o {
        FollowUpOutcome::Reintegrated => {
            "Living with the family; working or in training; no contact from the exploiters."
        }
        FollowUpOutcome::NeedsSupport => {
            "Back home but without income; referred for vocational training."
        }
        FollowUpOutcome::AtRisk => {
            "The family is again in debt to the same employer; visit again next month."
        }
        FollowUpOutcome::LostContact => "Phone switched off; the family has moved.",
        FollowUpOutcome::Retrafficked => {
            "Found again in the same kind of work; new identification recorded."
        }
    }
}

fn static_district(code: &str) -> Option<&'static str> {
    reference::district_by_code(code).map(|d| d.code.as_str())
}

fn province(code: &str) -> &'static str {
    reference::district_by_code(code)
        .map(|d| d.province_code.as_str())
        .unwrap_or("")
}

/// The case officer who identifies victims in a case registered in `district`.
fn case_identifier(district: &str) -> &'static str {
    match (district, province(district)) {
        ("LHR", _) => "io.lahore",
        ("GRW", _) => "io.gujranwala",
        ("QTA", _) => "io.quetta",
        (_, "PK-PB") => "supervisor.punjab",
        (_, "PK-SD") => "supervisor.sindh",
        _ => "national",
    }
}

/// Who records consent and refers a victim identified in `district`.
fn referrer_for(district: &str, theme: Theme, identifier: &'static str) -> &'static str {
    match (district, province(district)) {
        ("LHR", _) => "welfare.lahore",
        ("GRW", _) => "welfare.gujranwala",
        (_, "PK-SD") => "welfare.sindh",
        (_, "PK-PB") if theme == Theme::Kiln => "labour.punjab",
        _ => identifier,
    }
}

/// The share of identified victims referred, by place: highest in the Lahore pilot.
fn referral_rate(district: &str) -> f64 {
    match district {
        "LHR" => 0.6,
        "GRW" => 0.42,
        d if LAHORE_AREA.contains(&d) || GUJRANWALA_AREA.contains(&d) => 0.25,
        d if KARACHI_AREA.contains(&d) => 0.25,
        d if province(d) == "PK-PB" => 0.14,
        d if province(d) == "PK-SD" => 0.12,
        _ => 0.1,
    }
}

fn theme_of(kind: CaseKind, exploitation: &[String], abroad: bool) -> Theme {
    let has = |c: &str| exploitation.iter().any(|e| e == c);
    match kind {
        CaseKind::Smuggling => return Theme::Smuggled,
        CaseKind::Both => return Theme::SmuggledTrafficked,
        _ => {}
    }
    if has("bonded_labour") {
        Theme::Kiln
    } else if has("child_domestic_labour") {
        Theme::Domestic
    } else if has("forced_begging") {
        Theme::Begging
    } else if has("camel_jockeying") {
        Theme::CamelJockey
    } else if has("organ_removal") {
        Theme::Organ
    } else if has("fake_marriage") || has("forced_marriage") {
        Theme::Marriage
    } else if abroad && (has("forced_labour") || has("servitude") || has("sexual_exploitation")) {
        Theme::Abroad
    } else if has("sexual_exploitation") || has("cyber_sexual_exploitation") {
        Theme::Sexual
    } else if has("servitude") || has("forced_labour") {
        Theme::Domestic
    } else {
        Theme::Other
    }
}

struct Planner<'a> {
    rng: StdRng,
    /// Nothing generated happens at or after this time (the start of `today`).
    horizon: DateTime<Utc>,
    today: NaiveDate,
    ids: &'a HashMap<String, i64>,
    listings: Vec<Listing>,
    agency_of: HashMap<&'static str, &'static str>,
    events: Vec<Event>,
    victims: usize,
    consents: usize,
    referrals: usize,
    stays: usize,
}

impl<'a> Planner<'a> {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p.clamp(0.0, 1.0))
    }

    fn range(&mut self, r: std::ops::RangeInclusive<i64>) -> i64 {
        self.rng.gen_range(r)
    }

    fn one<T: Copy>(&mut self, v: &[T]) -> T {
        *v.choose(&mut self.rng).expect("not empty")
    }

    fn weighted<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u32 = table.iter().map(|t| t.1).sum();
        let mut x = self.rng.gen_range(0..total.max(1));
        for (v, w) in table {
            if x < *w {
                return *v;
            }
            x -= w;
        }
        table[0].0
    }

    /// `n` distinct indicators, weighted.
    fn indicators(&mut self, theme: Theme, n: usize) -> Vec<String> {
        let mut pool: Vec<(&str, u32)> = theme.indicators().to_vec();
        let mut out = Vec::new();
        while out.len() < n && !pool.is_empty() {
            let pick = self.weighted(&pool);
            pool.retain(|(c, _)| *c != pick);
            out.push(pick.to_owned());
        }
        out
    }

    fn result_and_indicators(&mut self, theme: Theme) -> (IdentificationResult, Vec<String>) {
        use IdentificationResult::*;
        let result = if theme == Theme::Smuggled {
            self.weighted(&[(NotAVictim, 45), (Possible, 40), (Presumed, 15)])
        } else {
            self.weighted(&[
                (Confirmed, 38),
                (Presumed, 48),
                (Possible, 11),
                (NotAVictim, 3),
            ])
        };
        let n = match result {
            NotAVictim => 0,
            Possible => self.range(1..=2),
            _ => self.range(2..=5),
        } as usize;
        (result, self.indicators(theme, n))
    }

    /// A time during office hours (Pakistan, UTC+5) on `day`.
    fn office(&mut self, day: NaiveDate) -> DateTime<Utc> {
        day.and_hms_opt(
            self.rng.gen_range(4..12),
            self.rng.gen_range(0..60),
            self.rng.gen_range(0..60),
        )
        .expect("a valid time")
        .and_utc()
    }

    fn minutes(&mut self, r: std::ops::RangeInclusive<i64>) -> Duration {
        Duration::minutes(self.range(r))
    }

    /// Adds an event if it happens before the horizon; false otherwise (the story stops).
    fn add(&mut self, at: DateTime<Utc>, victim: usize, who: &'static str, step: Step) -> bool {
        self.add_until(self.horizon, at, victim, who, step)
    }

    fn add_until(
        &mut self,
        until: DateTime<Utc>,
        at: DateTime<Utc>,
        victim: usize,
        who: &'static str,
        step: Step,
    ) -> bool {
        if at >= until {
            return false;
        }
        self.events.push(Event {
            at,
            seq: self.events.len(),
            victim,
            who,
            step,
        });
        true
    }

    fn provider_id(&self, name: &str) -> anyhow::Result<i64> {
        self.ids
            .get(name)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("directory provider '{name}' is missing"))
    }

    fn listing(&self, name: &str) -> Option<&Listing> {
        self.listings.iter().find(|l| l.name == name)
    }

    /// A provider in the victim's own district offering `service` to the victim's group.
    fn local(&self, s: &Subject, service: Service) -> Option<String> {
        self.listings
            .iter()
            .find(|l| {
                l.district == Some(s.district)
                    && l.serves(service, s.group())
                    && !DESKS.iter().any(|d| d.0 == l.name)
            })
            .map(|l| l.name.clone())
    }

    fn new_victim(&mut self) -> usize {
        self.victims += 1;
        self.victims - 1
    }

    fn guardian(&mut self, s: &Subject) -> (String, String) {
        let faith = Faith::Unrecorded;
        if s.theme == Theme::Begging {
            let name = people::female_name(&mut self.rng, s.district, faith);
            return (
                name,
                "guardian appointed by the child protection court".into(),
            );
        }
        match self.range(0..=4) {
            0 | 1 => (
                people::female_name(&mut self.rng, s.district, faith),
                "mother".into(),
            ),
            2 | 3 => (
                people::male_name(&mut self.rng, s.district, faith),
                "father".into(),
            ),
            _ => (
                people::male_name(&mut self.rng, s.district, faith),
                "paternal uncle".into(),
            ),
        }
    }

    fn consent(
        &mut self,
        s: &Subject,
        at: DateTime<Utc>,
        purpose: ConsentPurpose,
    ) -> Option<usize> {
        let (method, guardian) = if s.child {
            (ConsentMethod::Guardian, Some(self.guardian(s)))
        } else if s.theme == Theme::Kiln && self.chance(0.6) {
            (ConsentMethod::Thumbprint, None)
        } else if self.chance(0.55) {
            (ConsentMethod::Written, None)
        } else {
            (ConsentMethod::OralWitnessed, None)
        };
        let slot = self.consents;
        self.consents += 1;
        self.add(
            at,
            s.slot,
            s.referrer,
            Step::Consent {
                purpose,
                method,
                guardian,
                slot,
            },
        )
        .then_some(slot)
    }

    fn contact(&self, referrer: &str) -> String {
        match self.agency_of.get(referrer) {
            Some(a) => format!("Through the referring officer ({a})."),
            None => "Through the referring officer.".into(),
        }
    }

    /// Where a victim is referred, if anywhere the referrer can reach.
    fn choose(&mut self, s: &Subject, recent: bool) -> Option<Choice> {
        use Service::*;
        let desk = |p: &str| DESKS.iter().find(|d| d.0 == p).map(|d| d.1);
        let mk = |provider: &str, services: Vec<Service>, urgency: Urgency| Choice {
            provider: provider.into(),
            services,
            urgency,
            desk: desk(provider),
        };
        let urgency = match s.theme {
            Theme::Sexual | Theme::Begging => self.weighted(&[
                (Urgency::Emergency, 2),
                (Urgency::Urgent, 5),
                (Urgency::Routine, 3),
            ]),
            _ => self.weighted(&[(Urgency::Urgent, 3), (Urgency::Routine, 7)]),
        };
        let d = s.district;
        if s.foreign.is_some() {
            return Some(mk(
                directory::IOM,
                vec![Repatriation, Psychosocial],
                Urgency::Urgent,
            ));
        }
        let local_provider =
            |this: &mut Self, service: Service, services: Vec<Service>| -> Option<Choice> {
                // Providers that do not answer in the system yet: only for recent victims.
                if !recent || !this.chance(0.5) {
                    return None;
                }
                this.local(s, service).map(|p| Choice {
                    provider: p,
                    services,
                    urgency,
                    desk: None,
                })
            };
        match s.group() {
            Group::Children => {
                if s.theme.abroad() {
                    Some(mk(
                        directory::IOM,
                        vec![FamilyTracing, Psychosocial],
                        urgency,
                    ))
                } else if LAHORE_AREA.contains(&d) && (d != "LHR" || self.chance(0.9)) {
                    let mut services = vec![ChildProtection, FamilyTracing];
                    if self.chance(0.5) {
                        services.push(Shelter);
                    }
                    Some(mk(directory::CPU_LAHORE, services, urgency))
                } else if LAHORE_AREA.contains(&d) {
                    Some(mk(
                        directory::SHELTER_LAHORE,
                        vec![Shelter, Psychosocial],
                        urgency,
                    ))
                } else if GUJRANWALA_AREA.contains(&d) {
                    Some(mk(
                        directory::SHELTER_GUJRANWALA,
                        vec![Shelter, Psychosocial],
                        urgency,
                    ))
                } else if KARACHI_AREA.contains(&d) {
                    Some(mk(
                        directory::SHELTER_KARACHI,
                        vec![Shelter, Psychosocial],
                        urgency,
                    ))
                } else {
                    local_provider(self, ChildProtection, vec![ChildProtection])
                }
            }
            Group::Women => {
                let mut shelter = vec![Shelter, Psychosocial];
                if self.chance(0.4) {
                    shelter.push(LegalAid);
                }
                if LAHORE_AREA.contains(&d) {
                    if s.theme == Theme::Sexual && self.chance(0.5) {
                        shelter.push(Medical);
                    }
                    if s.theme == Theme::Kiln {
                        return Some(mk(directory::LEGAL_AID_PUNJAB, vec![LegalAid], urgency));
                    }
                    Some(mk(directory::SHELTER_LAHORE, shelter, urgency))
                } else if GUJRANWALA_AREA.contains(&d) && !s.theme.abroad() {
                    Some(mk(directory::SHELTER_GUJRANWALA, shelter, urgency))
                } else if KARACHI_AREA.contains(&d) && !s.theme.abroad() {
                    if s.theme == Theme::Sexual && self.chance(0.5) {
                        shelter.push(Medical);
                    }
                    Some(mk(directory::SHELTER_KARACHI, shelter, urgency))
                } else if s.theme.abroad() {
                    Some(mk(
                        directory::IOM,
                        vec![Psychosocial, Vocational],
                        Urgency::Routine,
                    ))
                } else if province(d) == "PK-PB" && self.chance(0.6) {
                    Some(mk(directory::LEGAL_AID_PUNJAB, vec![LegalAid], urgency))
                } else {
                    local_provider(self, Shelter, shelter)
                }
            }
            Group::Men | Group::Transgender => {
                if s.theme.abroad() && s.group() == Group::Men {
                    Some(mk(
                        directory::IOM,
                        vec![Psychosocial, Vocational],
                        Urgency::Routine,
                    ))
                } else if province(d) == "PK-PB" {
                    let mut services = vec![LegalAid];
                    if self.chance(0.3) {
                        services.push(Psychosocial);
                    }
                    Some(mk(directory::LEGAL_AID_PUNJAB, services, urgency))
                } else {
                    None
                }
            }
        }
    }

    /// The full story after identification: consents, perhaps a referral and what follows.
    fn after_identification(&mut self, s: &Subject, in_case: bool) -> anyhow::Result<()> {
        let recent = self.horizon - s.identified_at < Duration::days(30);
        let refer = self.chance(referral_rate(s.district));
        let choice = if refer { self.choose(s, recent) } else { None };
        let mut t = s.identified_at + self.minutes(20..=180);
        match &choice {
            Some(_) => {
                if self.consent(s, t, ConsentPurpose::ReferServices).is_none() {
                    return Ok(());
                }
                if !in_case && self.chance(0.3) {
                    t += Duration::minutes(5);
                    if let Some(c) = self.consent(s, t, ConsentPurpose::RegisterCase) {
                        // Now and then a victim withdraws consent to a case, fearing reprisals.
                        if self.chance(0.05) {
                            let at = t + Duration::days(self.range(3..=20));
                            self.add(at, s.slot, s.referrer, Step::Withdraw { consent: c });
                        }
                    }
                }
                if self.chance(0.4) {
                    t += Duration::minutes(5);
                    self.consent(s, t, ConsentPurpose::ContactLater);
                }
            }
            None => {
                // Most victims who are not referred gave no consent at all; some agreed to be
                // contacted later, a few consented to referral that never came.
                if self.chance(0.3) {
                    self.consent(s, t, ConsentPurpose::ContactLater);
                } else if self.chance(0.1) {
                    self.consent(s, t, ConsentPurpose::ReferServices);
                }
            }
        }
        if let Some(c) = choice {
            let delay = if LAHORE_AREA.contains(&s.district) {
                self.minutes(30..=600)
            } else {
                self.minutes(60..=4 * 24 * 60)
            };
            self.referral(s, c, t + delay, true)?;
        }
        Ok(())
    }

    /// A referral and, when the provider answers in the system, its answer, services, stay,
    /// discharge, follow-ups and closing.
    fn referral(
        &mut self,
        s: &Subject,
        c: Choice,
        at: DateTime<Utc>,
        may_decline: bool,
    ) -> anyhow::Result<()> {
        let provider = self.provider_id(&c.provider)?;
        if let Some(l) = self.listing(&c.provider) {
            for sv in &c.services {
                anyhow::ensure!(
                    l.serves(*sv, s.group()),
                    "{} does not offer {sv:?} to {:?}",
                    l.name,
                    s.group()
                );
            }
        }
        let slot = self.referrals;
        self.referrals += 1;
        let needs =
            match s.foreign {
                Some(country) => format!(
                "Repatriation to {}: travel documents through the embassy; a safe place meanwhile.",
                reference::country(country).map(|c| c.name.as_str()).unwrap_or("her country")
            ),
                None => s.theme.needs().to_owned(),
            };
        let contact = self.contact(s.referrer);
        let step = Step::Refer {
            slot,
            provider,
            services: c.services.clone(),
            urgency: c.urgency,
            needs,
            contact,
            override_reason: None,
        };
        if !self.add(at, s.slot, s.referrer, step) {
            return Ok(());
        }
        let Some(desk) = c.desk else {
            return Ok(());
        };
        let due = c.urgency.answer_hours() * 60;
        let late = self.chance(0.12);
        let answer = if late {
            self.minutes(due + 30..=due * 3)
        } else {
            self.minutes(due / 10..=due * 9 / 10)
        };
        let ta = at + answer;
        if may_decline && self.chance(0.09) {
            let reason = self.one(decline_reasons(desk)).to_owned();
            if self.add(
                ta,
                s.slot,
                desk,
                Step::Answer {
                    referral: slot,
                    status: ReferralStatus::Declined,
                    reason: Some(reason),
                },
            ) && self.chance(0.5)
            {
                // A new referral follows a declined one.
                let again = ta + Duration::days(self.range(2..=8));
                return self.referral(s, c, again, false);
            }
            return Ok(());
        }
        if !self.add(
            ta,
            s.slot,
            desk,
            Step::Answer {
                referral: slot,
                status: ReferralStatus::Accepted,
                reason: None,
            },
        ) {
            return Ok(());
        }
        // First service: within days in the pilot, longer elsewhere.
        let pilot = matches!(desk, "shelter.lahore" | "cpu.lahore");
        let first = if pilot {
            self.range(0..=2)
        } else {
            let (a, b, c) = (self.range(0..=3), self.range(4..=14), self.range(15..=45));
            self.weighted(&[(a, 5), (b, 4), (c, 2)])
        };
        let mut t = ta + Duration::days(first) + self.minutes(10..=240);
        let mut stay = None;
        let mut last = t;
        for (i, sv) in c.services.iter().enumerate() {
            if i > 0 {
                t += Duration::days(self.range(0..=10)) + self.minutes(10..=300);
            }
            if *sv == Service::Shelter && stay.is_none() {
                let st = self.stays;
                self.stays += 1;
                let wishes = if s.child {
                    self.one(CHILD_ADMISSION_WISHES)
                } else {
                    self.one(ADMISSION_WISHES)
                };
                let planned_days = self.one(&[30, 60, 90, 120, 180]);
                if !self.add(
                    t,
                    s.slot,
                    desk,
                    Step::Admit {
                        referral: slot,
                        stay: st,
                        planned_days,
                        wishes,
                    },
                ) {
                    break;
                }
                stay = Some((st, t));
            }
            if !self.add(
                t + Duration::minutes(5),
                s.slot,
                desk,
                Step::Serve {
                    referral: slot,
                    service: *sv,
                    note: service_note(*sv),
                },
            ) {
                break;
            }
            last = t + Duration::minutes(5);
        }
        if let Some((st, admitted)) = stay {
            let length = Duration::days(self.range(35..=200));
            let discharge_at = admitted + length;
            let mut r = admitted + Duration::days(self.range(30..=55));
            while r < discharge_at.min(self.horizon) {
                let (wishes, plan) = self.one(REVIEW_WISHES);
                self.add(
                    r,
                    s.slot,
                    desk,
                    Step::Review {
                        stay: st,
                        wishes,
                        plan,
                    },
                );
                r += Duration::days(self.range(30..=60));
            }
            let to = self.weighted(&[
                (DischargeTo::Family, 50),
                (DischargeTo::IndependentLiving, 12),
                (DischargeTo::OtherProvider, 8),
                (DischargeTo::LeftOwnChoice, 15),
            ]);
            if self.add(discharge_at, s.slot, desk, Step::Discharge { stay: st, to }) {
                let close = discharge_at + self.minutes(60..=3 * 24 * 60);
                self.add(
                    close,
                    s.slot,
                    desk,
                    Step::Answer {
                        referral: slot,
                        status: ReferralStatus::Closed,
                        reason: None,
                    },
                );
                self.follow_ups(s, discharge_at.date_naive());
            }
        } else if self.chance(0.6) {
            let close = last + Duration::days(self.range(14..=75));
            self.add(
                close,
                s.slot,
                desk,
                Step::Answer {
                    referral: slot,
                    status: ReferralStatus::Closed,
                    reason: None,
                },
            );
        }
        Ok(())
    }

    /// Follow-ups at 3, 6 and 12 months after a discharge on `on` (scheduled by the store),
    /// recorded by the referring officer when due.
    fn follow_ups(&mut self, s: &Subject, on: NaiveDate) {
        for (nth, months) in [3u32, 6, 12].into_iter().enumerate() {
            let due = on.checked_add_months(Months::new(months)).unwrap_or(on);
            let late = Duration::days(self.range(0..=10));
            let at = self.office(due + late);
            if at >= self.horizon || !self.chance(0.8) {
                return;
            }
            let outcome = self.weighted(&[
                (FollowUpOutcome::Reintegrated, 55),
                (FollowUpOutcome::NeedsSupport, 25),
                (FollowUpOutcome::AtRisk, 8),
                (FollowUpOutcome::LostContact, 10),
                (FollowUpOutcome::Retrafficked, 2),
            ]);
            self.add(
                at,
                s.slot,
                s.referrer,
                Step::FollowUp {
                    nth,
                    outcome,
                    note: follow_up_note(outcome),
                },
            );
        }
    }

    /// A victim found outside a case.
    #[allow(clippy::too_many_arguments)]
    fn outside(
        &mut self,
        identifier: &'static str,
        spec: Spec,
        theme: Theme,
        on: NaiveDate,
        circumstances: &str,
        result: Option<(IdentificationResult, Vec<String>)>,
    ) -> Option<Subject> {
        let at = self.office(on);
        if at >= self.horizon {
            return None;
        }
        let person = people::person(&mut self.rng, &spec, on);
        let (result, indicators) = result.unwrap_or_else(|| self.result_and_indicators(theme));
        let slot = self.new_victim();
        let n = NewIdentification {
            case_person_id: None,
            person: Some(person),
            district: spec.district.into(),
            indicators,
            result,
            circumstances: Some(circumstances.into()),
            identified_on: None,
        };
        self.add(at, slot, identifier, Step::Identify(Box::new(n)));
        let s = Subject {
            slot,
            district: spec.district,
            sex: spec.sex,
            child: spec.age < 18,
            theme,
            foreign: spec.nationality,
            identified_at: at,
            referrer: referrer_for(spec.district, theme, identifier),
        };
        (result != IdentificationResult::NotAVictim).then_some(s)
    }

    fn day_in_last_year(&mut self) -> NaiveDate {
        self.today - Duration::days(self.range(1..=365))
    }

    /// Victims found outside cases by social welfare and labour officers.
    fn found_outside(&mut self, n: usize) -> anyhow::Result<()> {
        #[derive(Clone, Copy)]
        enum Kind {
            KilnPunjab,
            BondedSindh,
            WomenLahore,
            ChildrenLahore,
            ReturneesGujranwala,
            WomenGujranwala,
            WomenKarachi,
        }
        let mut made = 0;
        while made < n {
            let kind = self.weighted(&[
                (Kind::KilnPunjab, 30),
                (Kind::BondedSindh, 20),
                (Kind::WomenLahore, 14),
                (Kind::ChildrenLahore, 8),
                (Kind::ReturneesGujranwala, 12),
                (Kind::WomenGujranwala, 6),
                (Kind::WomenKarachi, 10),
            ]);
            let on = self.day_in_last_year();
            let mut found: Vec<(Spec, Theme, &'static str, &'static str)> = Vec::new();
            match kind {
                Kind::KilnPunjab | Kind::BondedSindh => {
                    let (district, faith, who, why) = if matches!(kind, Kind::KilnPunjab) {
                        let f = if self.chance(0.6) {
                            Faith::Christian
                        } else {
                            Faith::Unrecorded
                        };
                        (self.weighted(KILN_PUNJAB), f, "labour.punjab", "Found during a labour inspection of a brick kiln; the family owed an advance to the kiln owner.")
                    } else {
                        let f = if self.chance(0.7) {
                            Faith::Hindu
                        } else {
                            Faith::Unrecorded
                        };
                        (self.weighted(BONDED_SINDH), f, "welfare.sindh", "Family released from a landlord's private jail after a court petition; screened at the district social welfare office.")
                    };
                    let mut family = vec![Spec::new(
                        PersonRole::Victim,
                        Sex::Male,
                        self.range(25..=50) as i32,
                        district,
                    )];
                    if self.chance(0.8) {
                        family.push(Spec::new(
                            PersonRole::Victim,
                            Sex::Female,
                            self.range(22..=45) as i32,
                            district,
                        ));
                    }
                    for _ in 0..self.range(0..=2) {
                        let sex = if self.chance(0.5) {
                            Sex::Female
                        } else {
                            Sex::Male
                        };
                        family.push(Spec::new(
                            PersonRole::Victim,
                            sex,
                            self.range(8..=16) as i32,
                            district,
                        ));
                    }
                    for mut p in family {
                        p.faith = faith;
                        found.push((p, Theme::Kiln, who, why));
                    }
                }
                Kind::WomenLahore | Kind::WomenGujranwala => {
                    let (district, who) = if matches!(kind, Kind::WomenLahore) {
                        ("LHR", "welfare.lahore")
                    } else {
                        ("GRW", "welfare.gujranwala")
                    };
                    let (theme, why) = self.one(&[
                        (Theme::Sexual, "Came to the Darul Aman through the women's helpline."),
                        (Theme::Domestic, "Reported by neighbours through the helpline; found working in a house without pay."),
                        (Theme::Marriage, "Came to the social welfare office with her brother after escaping her in-laws."),
                    ]);
                    let age = if self.chance(0.12) {
                        self.range(15..=17)
                    } else {
                        self.range(18..=35)
                    } as i32;
                    found.push((
                        Spec::new(PersonRole::Victim, Sex::Female, age, district),
                        theme,
                        who,
                        why,
                    ));
                }
                Kind::ChildrenLahore => {
                    let sex = if self.chance(0.6) {
                        Sex::Male
                    } else {
                        Sex::Female
                    };
                    let age = self.range(7..=14) as i32;
                    found.push((
                        Spec::new(PersonRole::Victim, sex, age, "LHR"),
                        Theme::Begging,
                        "welfare.lahore",
                        "Found begging at a traffic junction by a child protection team.",
                    ));
                }
                Kind::ReturneesGujranwala => {
                    let district = self.weighted(&[("GRW", 5), ("GJT", 2), ("SKT", 2), ("MBD", 1)]);
                    let who = if district == "GRW" {
                        "welfare.gujranwala"
                    } else {
                        "labour.punjab"
                    };
                    let theme = if self.chance(0.6) {
                        Theme::SmuggledTrafficked
                    } else {
                        Theme::Abroad
                    };
                    let mut p = Spec::new(
                        PersonRole::Victim,
                        Sex::Male,
                        self.range(19..=35) as i32,
                        district,
                    );
                    p.passport = true;
                    found.push((p, theme, who, "Deported from Iran through Taftan; screened at the district office on return."));
                }
                Kind::WomenKarachi => {
                    let district = self.weighted(KARACHI_DISTRICTS);
                    let mut p = Spec::new(
                        PersonRole::Victim,
                        Sex::Female,
                        self.range(17..=30) as i32,
                        district,
                    );
                    let why = if self.chance(0.4) {
                        p.nationality = Some(self.one(&["BD", "BD", "MM"]));
                        "Found in a police raid on a house in Karachi; speaks little Urdu; no documents."
                    } else {
                        "Came to the Darul Aman through the women's helpline."
                    };
                    found.push((p, Theme::Sexual, "welfare.sindh", why));
                }
            }
            for (spec, theme, who, why) in found {
                made += 1;
                if let Some(s) = self.outside(who, spec, theme, on, why, None) {
                    self.after_identification(&s, false)?;
                }
            }
        }
        Ok(())
    }

    /// The scripted Lahore pilot: every state of a referral, a stay with reviews, a discharge to
    /// family with follow-ups, consent overrides, a withdrawn consent, a child without a child
    /// protection referral.
    fn lahore_pilot(&mut self, now: DateTime<Utc>) -> anyhow::Result<()> {
        use Service::*;
        let shelter = self.provider_id(directory::SHELTER_LAHORE)?;
        let cpu = self.provider_id(directory::CPU_LAHORE)?;
        let legal = self.provider_id(directory::LEGAL_AID_PUNJAB)?;
        let welfare = "welfare.lahore";
        let contact = self.contact(welfare);
        let today = self.today;
        let at = move |days_ago: i64, h: u32, m: u32| -> DateTime<Utc> {
            (today - Duration::days(days_ago))
                .and_hms_opt(h, m, 0)
                .expect("a valid time")
                .and_utc()
        };
        let woman = |age: i32| Spec::new(PersonRole::Victim, Sex::Female, age, "LHR");
        let ind = |v: &[&str]| {
            Some((
                IdentificationResult::Presumed,
                v.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ))
        };
        let confirmed = |v: &[&str]| {
            Some((
                IdentificationResult::Confirmed,
                v.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ))
        };

        // Each scripted victim: identify at a fixed day, then explicit steps.
        let script = |this: &mut Self,
                      who: &'static str,
                      spec: Spec,
                      theme: Theme,
                      day: NaiveDate,
                      why: &str,
                      r: Option<(IdentificationResult, Vec<String>)>|
         -> Option<Subject> {
            let mut s = this.outside(who, spec, theme, day, why, r)?;
            s.referrer = welfare;
            Some(s)
        };
        let refer = |this: &mut Self,
                     s: &Subject,
                     t: DateTime<Utc>,
                     who: &'static str,
                     provider: i64,
                     services: Vec<Service>,
                     urgency: Urgency,
                     override_reason: Option<&str>|
         -> usize {
            let slot = this.referrals;
            this.referrals += 1;
            let step = Step::Refer {
                slot,
                provider,
                services,
                urgency,
                needs: s.theme.needs().into(),
                contact: contact.clone(),
                override_reason: override_reason.map(Into::into),
            };
            this.add_until(now, t, s.slot, who, step);
            slot
        };
        let step = |this: &mut Self, s: &Subject, t: DateTime<Utc>, who: &'static str, st: Step| {
            this.add_until(now, t, s.slot, who, st);
        };
        let consent = |this: &mut Self,
                       s: &Subject,
                       t: DateTime<Utc>,
                       purpose: ConsentPurpose,
                       method: ConsentMethod,
                       guardian: Option<(&str, &str)>|
         -> usize {
            let slot = this.consents;
            this.consents += 1;
            let guardian = guardian.map(|(n, r)| (n.to_owned(), r.to_owned()));
            this.add_until(
                now,
                t,
                s.slot,
                welfare,
                Step::Consent {
                    purpose,
                    method,
                    guardian,
                    slot,
                },
            );
            slot
        };
        let serve = |this: &mut Self,
                     s: &Subject,
                     t: DateTime<Utc>,
                     who: &'static str,
                     referral: usize,
                     service: Service| {
            this.add_until(
                now,
                t,
                s.slot,
                who,
                Step::Serve {
                    referral,
                    service,
                    note: service_note(service),
                },
            );
        };
        let answer = |status: ReferralStatus, referral: usize| Step::Answer {
            referral,
            status,
            reason: None,
        };
        use ConsentMethod::*;
        use ConsentPurpose::*;
        use ReferralStatus::*;
        let sh = "shelter.lahore";

        // 1. Sheltered, reviewed, discharged to her family; the 3-month follow-up recorded.
        let d = move |n: i64| today - Duration::days(n);
        if let Some(s) = script(
            self,
            welfare,
            woman(23),
            Theme::Sexual,
            d(215),
            "Came to the Darul Aman through the women's helpline.",
            confirmed(&[
                "sexual_abuse",
                "restricted_movement",
                "physical_threats",
                "takes_earnings",
            ]),
        ) {
            let t0 = s.identified_at;
            consent(
                self,
                &s,
                t0 + Duration::minutes(40),
                ReferServices,
                Written,
                None,
            );
            consent(
                self,
                &s,
                t0 + Duration::minutes(45),
                RegisterCase,
                Written,
                None,
            );
            consent(
                self,
                &s,
                t0 + Duration::minutes(50),
                ContactLater,
                Written,
                None,
            );
            let r = refer(
                self,
                &s,
                t0 + Duration::minutes(90),
                welfare,
                shelter,
                vec![Shelter, Psychosocial, Medical, LegalAid],
                Urgency::Urgent,
                None,
            );
            step(self, &s, t0 + Duration::hours(4), sh, answer(Accepted, r));
            let st = self.stays;
            self.stays += 1;
            step(self, &s, t0 + Duration::hours(5), sh, Step::Admit { referral: r, stay: st, planned_days: 120, wishes: "Wants a safe place away from the house where she was held; not ready to decide about going home." });
            serve(
                self,
                &s,
                t0 + Duration::hours(5) + Duration::minutes(5),
                sh,
                r,
                Shelter,
            );
            serve(self, &s, at(214, 6, 0), sh, r, Medical);
            serve(self, &s, at(212, 7, 0), sh, r, Psychosocial);
            serve(self, &s, at(200, 8, 0), sh, r, LegalAid);
            step(self, &s, at(170, 7, 30), sh, Step::Review { stay: st, wishes: "Wants to contact her mother in her home district; agrees to a family assessment by the welfare officer.", plan: Some("Family assessment; continue counselling") });
            step(self, &s, at(125, 7, 30), sh, Step::Review { stay: st, wishes: "Wants to go home to her mother; the family has agreed to support her.", plan: Some("Discharge to family after the assessment; follow-ups at 3, 6 and 12 months") });
            step(
                self,
                &s,
                at(118, 9, 0),
                sh,
                Step::Discharge {
                    stay: st,
                    to: DischargeTo::Family,
                },
            );
            step(self, &s, at(117, 6, 0), sh, answer(Closed, r));
            let due = d(118).checked_add_months(Months::new(3)).unwrap_or(d(118));
            let done = (due + Duration::days(3))
                .and_hms_opt(7, 0, 0)
                .expect("time")
                .and_utc();
            step(self, &s, done, welfare, Step::FollowUp { nth: 0, outcome: FollowUpOutcome::Reintegrated, note: "Living with her mother; attends a tailoring course; no contact from the people who held her." });
        }

        // 2. Staying in the shelter, services under way, a recent review of her wishes.
        if let Some(s) = script(
            self,
            welfare,
            woman(19),
            Theme::Domestic,
            d(75),
            "Reported by neighbours through the helpline; found working in a house without pay.",
            ind(&[
                "excessive_hours",
                "takes_earnings",
                "isolation",
                "physical_abuse",
            ]),
        ) {
            let t0 = s.identified_at;
            consent(
                self,
                &s,
                t0 + Duration::minutes(30),
                ReferServices,
                Written,
                None,
            );
            let r = refer(
                self,
                &s,
                t0 + Duration::hours(2),
                welfare,
                shelter,
                vec![Shelter, Psychosocial, LegalAid],
                Urgency::Routine,
                None,
            );
            step(self, &s, at(74, 6, 0), sh, answer(Accepted, r));
            let st = self.stays;
            self.stays += 1;
            step(
                self,
                &s,
                at(73, 5, 0),
                sh,
                Step::Admit {
                    referral: r,
                    stay: st,
                    planned_days: 90,
                    wishes: "Wants to stay until her case is heard; wants to continue her studies.",
                },
            );
            serve(self, &s, at(73, 5, 10), sh, r, Shelter);
            serve(self, &s, at(70, 6, 0), sh, r, Psychosocial);
            serve(self, &s, at(60, 6, 0), sh, r, LegalAid);
            step(
                self,
                &s,
                at(14, 7, 0),
                sh,
                Step::Review {
                    stay: st,
                    wishes:
                        "Wants to stay; asks for help to sit her matriculation exams privately.",
                    plan: Some("Enrol with the board for private candidates; continue counselling"),
                },
            );
        }

        // 3. A girl of 16 referred to the shelter only: accepted, no child protection referral.
        if let Some(s) = script(
            self,
            welfare,
            woman(16),
            Theme::Sexual,
            d(3),
            "Came to the Darul Aman with her mother through the women's helpline.",
            ind(&["sexual_abuse", "false_promises", "psychological_abuse"]),
        ) {
            let t0 = s.identified_at;
            let mother = people::female_name(&mut self.rng, "LHR", Faith::Unrecorded);
            consent(
                self,
                &s,
                t0 + Duration::minutes(30),
                ReferServices,
                Guardian,
                Some((&mother, "mother")),
            );
            let r = refer(
                self,
                &s,
                at(2, 4, 0),
                welfare,
                shelter,
                vec![Shelter, Psychosocial],
                Urgency::Urgent,
                None,
            );
            step(self, &s, at(2, 9, 0), sh, answer(Accepted, r));
        }

        // 4. Declined for want of a bed, then referred again and sheltered; legal aid alongside.
        if let Some(s) = script(
            self,
            welfare,
            woman(31),
            Theme::Marriage,
            d(40),
            "Came to the social welfare office with her brother after escaping her in-laws.",
            ind(&[
                "false_promises",
                "isolation",
                "restricted_movement",
                "psychological_abuse",
            ]),
        ) {
            let t0 = s.identified_at;
            consent(
                self,
                &s,
                t0 + Duration::minutes(20),
                ReferServices,
                Written,
                None,
            );
            let r1 = refer(
                self,
                &s,
                t0 + Duration::hours(1),
                welfare,
                shelter,
                vec![Shelter],
                Urgency::Urgent,
                None,
            );
            step(self, &s, t0 + Duration::hours(5), sh, Step::Answer { referral: r1, status: Declined, reason: Some("No bed free today: every bed is in use. A bed frees on Friday; please re-refer then.".into()) });
            let r2 = refer(
                self,
                &s,
                at(36, 5, 0),
                welfare,
                shelter,
                vec![Shelter, Psychosocial],
                Urgency::Routine,
                None,
            );
            step(self, &s, at(35, 6, 0), sh, answer(Accepted, r2));
            let st = self.stays;
            self.stays += 1;
            step(self, &s, at(35, 9, 0), sh, Step::Admit { referral: r2, stay: st, planned_days: 60, wishes: "Wants to be safe from her husband's family while her lawyer files for khula." });
            serve(self, &s, at(35, 9, 5), sh, r2, Shelter);
            serve(self, &s, at(30, 6, 0), sh, r2, Psychosocial);
            let r3 = refer(
                self,
                &s,
                at(34, 6, 0),
                welfare,
                legal,
                vec![LegalAid],
                Urgency::Routine,
                None,
            );
            step(
                self,
                &s,
                at(33, 7, 0),
                "legalaid.punjab",
                answer(Accepted, r3),
            );
            self.add_until(
                now,
                at(28, 8, 0),
                s.slot,
                "legalaid.punjab",
                Step::Serve {
                    referral: r3,
                    service: LegalAid,
                    note: "Khula petition filed in the family court.",
                },
            );
        }

        // 5. Sent five days ago as urgent and not answered: overdue.
        if let Some(s) = script(
            self,
            welfare,
            woman(27),
            Theme::Sexual,
            d(6),
            "Came to the Darul Aman through the women's helpline.",
            ind(&["sexual_abuse", "restricted_movement", "takes_earnings"]),
        ) {
            consent(
                self,
                &s,
                s.identified_at + Duration::minutes(30),
                ReferServices,
                OralWitnessed,
                None,
            );
            refer(
                self,
                &s,
                at(5, 5, 0),
                welfare,
                shelter,
                vec![Shelter, Medical],
                Urgency::Urgent,
                None,
            );
        }

        // 6. Sent three hours ago: awaiting an answer, not yet due.
        {
            let sent = now - Duration::hours(3);
            let spec = woman(21);
            let person = people::person(&mut self.rng, &spec, sent.date_naive());
            let slot = self.new_victim();
            let n = NewIdentification {
                case_person_id: None,
                person: Some(person),
                district: "LHR".into(),
                indicators: vec!["excessive_hours".into(), "takes_earnings".into(), "isolation".into()],
                result: IdentificationResult::Presumed,
                circumstances: Some("Reported by neighbours through the helpline; found working in a house without pay.".into()),
                identified_on: None,
            };
            let t0 = sent - Duration::minutes(90);
            self.add_until(now, t0, slot, welfare, Step::Identify(Box::new(n)));
            let s = Subject {
                slot,
                district: "LHR",
                sex: Sex::Female,
                child: false,
                theme: Theme::Domestic,
                foreign: None,
                identified_at: t0,
                referrer: welfare,
            };
            consent(
                self,
                &s,
                t0 + Duration::minutes(30),
                ReferServices,
                Written,
                None,
            );
            refer(
                self,
                &s,
                sent,
                welfare,
                shelter,
                vec![Shelter, Psychosocial],
                Urgency::Routine,
                None,
            );
        }

        // 7. Drugged and unable to consent: the Punjab supervisor refers on an override; she
        //    consents once she has recovered.
        if let Some(s) = script(
            self,
            welfare,
            woman(20),
            Theme::Sexual,
            d(18),
            "Recovered in a police raid on a house; drugged and unable to speak at the time.",
            confirmed(&[
                "psychoactive_substance",
                "sexual_abuse",
                "restricted_movement",
            ]),
        ) {
            let t0 = s.identified_at;
            let r = refer(self, &s, t0 + Duration::minutes(45), "supervisor.punjab", shelter, vec![Shelter, Medical], Urgency::Emergency, Some("She was drugged and cannot consent now; emergency shelter and medical care keep her safe. Consent to be sought when she recovers."));
            step(self, &s, t0 + Duration::hours(2), sh, answer(Accepted, r));
            let st = self.stays;
            self.stays += 1;
            step(
                self,
                &s,
                t0 + Duration::hours(2) + Duration::minutes(30),
                sh,
                Step::Admit {
                    referral: r,
                    stay: st,
                    planned_days: 30,
                    wishes:
                        "Too unwell to talk at admission; asked not to be sent back to the house.",
                },
            );
            serve(
                self,
                &s,
                t0 + Duration::hours(2) + Duration::minutes(35),
                sh,
                r,
                Medical,
            );
            serve(
                self,
                &s,
                t0 + Duration::hours(2) + Duration::minutes(40),
                sh,
                r,
                Shelter,
            );
            consent(self, &s, at(15, 6, 0), ReferServices, Written, None);
            step(self, &s, at(4, 6, 0), sh, Step::Review { stay: st, wishes: "Wants to stay and to make a statement against the people who held her.", plan: Some("Statement to be recorded online with the investigating officer; continue medical care") });
        }

        // 8. A transgender woman's legal aid referral: served and closed.
        if let Some(s) = script(
            self,
            welfare,
            Spec::new(PersonRole::Victim, Sex::Transgender, 24, "LHR"),
            Theme::Sexual,
            d(120),
            "Came to the social welfare office with a community organisation.",
            ind(&["sexual_abuse", "takes_earnings", "physical_threats"]),
        ) {
            let t0 = s.identified_at;
            consent(
                self,
                &s,
                t0 + Duration::minutes(30),
                ReferServices,
                Written,
                None,
            );
            let r = refer(
                self,
                &s,
                t0 + Duration::hours(2),
                welfare,
                legal,
                vec![LegalAid, Psychosocial],
                Urgency::Routine,
                None,
            );
            step(
                self,
                &s,
                at(119, 7, 0),
                "legalaid.punjab",
                answer(Accepted, r),
            );
            serve(self, &s, at(110, 7, 0), "legalaid.punjab", r, LegalAid);
            serve(self, &s, at(100, 7, 0), "legalaid.punjab", r, Psychosocial);
            step(self, &s, at(60, 7, 0), "legalaid.punjab", answer(Closed, r));
        }

        // 9. A bonded kiln worker withdraws consent to a case, fearing reprisals; legal aid goes on.
        let kiln = Spec {
            faith: Faith::Christian,
            ..Spec::new(PersonRole::Victim, Sex::Male, 35, "LHR")
        };
        if let Some(s) = script(self, "labour.punjab", kiln, Theme::Kiln, d(50), "Found during a labour inspection of a brick kiln; the family owed an advance to the kiln owner.", confirmed(&["debt_bondage", "excessive_hours", "threatens_family"])) {
            let t0 = s.identified_at;
            consent(self, &s, t0 + Duration::minutes(30), ReferServices, Thumbprint, None);
            let c = consent(self, &s, t0 + Duration::minutes(35), RegisterCase, Thumbprint, None);
            let r = refer(self, &s, at(49, 6, 0), welfare, legal, vec![LegalAid], Urgency::Routine, None);
            step(self, &s, at(48, 7, 0), "legalaid.punjab", answer(Accepted, r));
            step(self, &s, at(45, 8, 0), welfare, Step::Withdraw { consent: c });
            self.add_until(now, at(44, 8, 0), s.slot, "legalaid.punjab", Step::Serve { referral: r, service: LegalAid, note: "Application to the District Vigilance Committee for release from bondage." });
        }

        // 10. A boy found begging with adults suspected of exploiting him: no one can consent
        //     for him; the supervisor refers him to the Child Protection Unit on an override.
        let boy = Spec::new(PersonRole::Victim, Sex::Male, 11, "LHR");
        if let Some(s) = script(
            self,
            welfare,
            boy,
            Theme::Begging,
            d(28),
            "Found begging at a traffic junction by a child protection team.",
            confirmed(&["takes_earnings", "physical_abuse", "withholds_necessities"]),
        ) {
            let t0 = s.identified_at;
            let r = refer(self, &s, t0 + Duration::hours(1), "supervisor.punjab", cpu, vec![ChildProtection, Shelter, FamilyTracing], Urgency::Emergency, Some("The adults with the child are suspected of exploiting him and no guardian can consent; referral in the child's best interests."));
            step(
                self,
                &s,
                t0 + Duration::hours(3),
                "cpu.lahore",
                answer(Accepted, r),
            );
            let st = self.stays;
            self.stays += 1;
            step(self, &s, t0 + Duration::hours(4), "cpu.lahore", Step::Admit { referral: r, stay: st, planned_days: 60, wishes: "Wants to go home to his mother; afraid of the man who brought him to Lahore." });
            serve(
                self,
                &s,
                t0 + Duration::hours(4) + Duration::minutes(5),
                "cpu.lahore",
                r,
                ChildProtection,
            );
            serve(
                self,
                &s,
                t0 + Duration::hours(4) + Duration::minutes(10),
                "cpu.lahore",
                r,
                Shelter,
            );
            self.add_until(now, at(20, 7, 0), s.slot, "cpu.lahore", Step::Serve { referral: r, service: FamilyTracing, note: "Mother traced in her home district through the district child protection officer." });
        }

        // 11. A girl in domestic work: the Child Protection Unit reunites her with her family.
        let girl = Spec::new(PersonRole::Victim, Sex::Female, 13, "LHR");
        if let Some(s) = script(self, welfare, girl, Theme::Domestic, d(100), "Reported by a teacher through the helpline; found working in a house instead of going to school.", confirmed(&["excessive_hours", "isolation", "physical_abuse", "takes_earnings"])) {
            let t0 = s.identified_at;
            let father = people::male_name(&mut self.rng, "LHR", Faith::Unrecorded);
            consent(self, &s, t0 + Duration::minutes(40), ReferServices, Guardian, Some((&father, "father")));
            let r = refer(self, &s, at(99, 5, 0), welfare, cpu, vec![ChildProtection, FamilyTracing], Urgency::Routine, None);
            step(self, &s, at(98, 6, 0), "cpu.lahore", answer(Accepted, r));
            serve(self, &s, at(97, 6, 0), "cpu.lahore", r, ChildProtection);
            self.add_until(now, at(90, 6, 0), s.slot, "cpu.lahore", Step::Serve { referral: r, service: FamilyTracing, note: "Reunited with her parents; school re-admission arranged." });
            step(self, &s, at(70, 6, 0), "cpu.lahore", answer(Closed, r));
        }
        Ok(())
    }
}

/// Victims identified from the cases of the last year.
async fn from_cases(p: &mut Planner<'_>, store: &Store, national: &Ctx) -> anyhow::Result<()> {
    let scoped = store.scoped(national.clone());
    let since = p.today - Duration::days(365);
    // The last year's cases, newest first, a keyset page at a time (a million cases deep).
    let mut cases = Vec::new();
    let mut f = CaseFilter {
        per_page: Some(500),
        ..Default::default()
    };
    loop {
        let (items, _) = scoped.list_cases(&f).await?;
        f.after = f.next_after(&items);
        let older = items
            .last()
            .and_then(|c| c.reported_on.parse::<NaiveDate>().ok())
            .is_some_and(|d| d < since);
        cases.extend(items);
        if f.after.is_none() || older {
            break;
        }
    }
    cases.sort_by(|a, b| a.reference.cmp(&b.reference));
    for c in cases {
        let Ok(reported) = c.reported_on.parse::<NaiveDate>() else {
            continue;
        };
        if reported < since {
            continue;
        }
        let chance = match c.kind {
            CaseKind::Trafficking | CaseKind::Both => 0.3,
            CaseKind::Smuggling => 0.05,
            CaseKind::Undetermined => 0.1,
        };
        if !p.chance(chance) {
            continue;
        }
        let Some(district) = static_district(&c.district_code) else {
            continue;
        };
        let detail = scoped.get_case(c.id).await?;
        let theme = theme_of(
            c.kind,
            &detail.exploitation,
            !detail.destination_countries.is_empty(),
        );
        let identifier = case_identifier(district);
        let victims: Vec<_> = detail
            .persons
            .iter()
            .filter(|x| x.role == PersonRole::Victim)
            .take(4)
            .collect();
        for v in victims {
            if !p.chance(0.85) {
                continue;
            }
            let on = (reported + Duration::days(p.range(0..=10))).max(since);
            let at = p.office(on);
            if at >= p.horizon {
                continue;
            }
            let (result, indicators) = p.result_and_indicators(theme);
            let circumstances = p.one(theme.case_circumstances());
            let slot = p.new_victim();
            let n = NewIdentification {
                case_person_id: Some(v.id),
                person: None,
                district: district.into(),
                indicators,
                result,
                circumstances: Some(circumstances.into()),
                identified_on: None,
            };
            p.add(at, slot, identifier, Step::Identify(Box::new(n)));
            if result == IdentificationResult::NotAVictim {
                continue;
            }
            let foreign = v
                .nationality
                .as_deref()
                .filter(|n| *n != "PK")
                .and_then(|n| reference::country(n))
                .map(|c| c.alpha2.as_str());
            let s = Subject {
                slot,
                district,
                sex: v.sex,
                child: v.is_child,
                theme,
                foreign,
                identified_at: at,
                referrer: referrer_for(district, theme, identifier),
            };
            p.after_identification(&s, true)?;
        }
    }
    Ok(())
}

/// The ids of what the plan created so far, by slot.
struct State {
    victims: Vec<Option<i64>>,
    consents: Vec<Option<i64>>,
    referrals: Vec<Option<i64>>,
    stays: Vec<Option<i64>>,
    /// Admissions a full shelter refused (demos far larger than the directory's beds): the
    /// victim is served without a stay, and the stay's later steps are left out.
    refused_stays: std::collections::HashSet<usize>,
    report: Report,
}

fn id(v: &[Option<i64>], slot: usize) -> anyhow::Result<i64> {
    v.get(slot)
        .copied()
        .flatten()
        .ok_or_else(|| anyhow::anyhow!("an earlier step of the plan is missing"))
}

impl State {
    async fn execute(
        &mut self,
        scoped: &Scoped<'_>,
        victim: usize,
        step: Step,
    ) -> anyhow::Result<()> {
        match step {
            Step::Identify(n) => {
                self.victims[victim] = Some(scoped.identify(*n).await?);
                self.report.victims += 1;
            }
            Step::Consent {
                purpose,
                method,
                guardian,
                slot,
            } => {
                let (guardian_name, guardian_relation) = guardian.unzip();
                let c = NewConsent {
                    purpose,
                    method,
                    given_on: None,
                    guardian_name,
                    guardian_relation,
                };
                self.consents[slot] =
                    Some(scoped.add_consent(id(&self.victims, victim)?, c).await?);
            }
            Step::Withdraw { consent } => {
                scoped
                    .withdraw_consent(id(&self.victims, victim)?, id(&self.consents, consent)?)
                    .await?;
            }
            Step::Refer {
                slot,
                provider,
                services,
                urgency,
                needs,
                contact,
                override_reason,
            } => {
                let n = NewReferral {
                    victim_id: id(&self.victims, victim)?,
                    provider_id: provider,
                    services,
                    urgency,
                    needs: Some(needs),
                    contact_arrangements: Some(contact),
                    consent_override_reason: override_reason,
                };
                self.referrals[slot] = Some(scoped.refer(n).await?);
                self.report.referrals += 1;
            }
            Step::Answer {
                referral,
                status,
                reason,
            } => {
                scoped
                    .update_referral(
                        id(&self.referrals, referral)?,
                        ReferralUpdate { status, reason },
                    )
                    .await?;
            }
            Step::Serve {
                referral,
                service,
                note,
            } => {
                let d = NewDelivery {
                    service,
                    delivered_on: None,
                    note: Some(note.into()),
                };
                scoped
                    .record_service(id(&self.referrals, referral)?, d)
                    .await?;
            }
            Step::Admit {
                referral,
                stay,
                planned_days,
                wishes,
            } => {
                let n = NewStay {
                    referral_id: id(&self.referrals, referral)?,
                    admitted_on: None,
                    planned_days,
                    victim_wishes: wishes.into(),
                };
                match scoped.admit(n).await {
                    Ok(id) => self.stays[stay] = Some(id),
                    Err(StoreError::Invalid(e)) if e.first("planned_days").is_some() => {
                        self.refused_stays.insert(stay);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Step::Review { stay, .. } | Step::Discharge { stay, .. }
                if self.refused_stays.contains(&stay) => {}
            Step::Review { stay, wishes, plan } => {
                let r = NewReview {
                    review_date: None,
                    victim_wishes: wishes.into(),
                    plan: plan.map(Into::into),
                };
                scoped.review_stay(id(&self.stays, stay)?, r).await?;
            }
            Step::Discharge { stay, to } => {
                scoped
                    .discharge(
                        id(&self.stays, stay)?,
                        NewDischarge {
                            discharged_on: None,
                            to,
                        },
                    )
                    .await?;
            }
            Step::FollowUp { nth, outcome, note } => {
                let v = id(&self.victims, victim)?;
                let detail = scoped.get_victim(v).await?;
                if detail.follow_ups.is_empty() {
                    // Never discharged: the shelter was full when the plan admitted the victim
                    // (a large demo fills the shelters from its bulk-written victims), so the
                    // stay, its discharge and its follow-ups did not happen.
                    return Ok(());
                }
                let f = detail
                    .follow_ups
                    .get(nth)
                    .ok_or_else(|| anyhow::anyhow!("no follow-up #{nth} scheduled"))?;
                scoped
                    .record_follow_up(
                        v,
                        f.id,
                        FollowUpResult {
                            outcome,
                            done_on: None,
                            note: Some(note.into()),
                        },
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

fn store_at(store: &Store, at: DateTime<Utc>) -> Store {
    store.clone().with_clock(Arc::new(move || at))
}

/// Plans and writes the protection records; see the module documentation. With `in_bulk`,
/// the victims of cases are written in bulk ([`bulk`]).
pub(crate) async fn seed(
    store: &Store,
    today: NaiveDate,
    seed: u64,
    cases: usize,
    in_bulk: bool,
    ids: &HashMap<String, i64>,
    actors: &HashMap<&'static str, Ctx>,
) -> anyhow::Result<Report> {
    let horizon = today.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    // "Now" for the few scripted events of the last hours: the store's clock when seeding today.
    let now = if store.today() == today {
        store.now()
    } else {
        horizon
    };
    let agency_of = crate::demo_accounts()
        .into_iter()
        .map(|a| (a.username, a.agency))
        .collect();
    let mut p = Planner {
        rng: StdRng::seed_from_u64(seed ^ 0x5052_4f54_4543_5431),
        horizon,
        today,
        ids,
        listings: directory::listings(),
        agency_of,
        events: Vec::new(),
        victims: 0,
        consents: 0,
        referrals: 0,
        stays: 0,
    };
    let ctx = |u: &str| {
        actors
            .get(u)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("demo account '{u}' is missing"))
    };
    from_cases(&mut p, store, &ctx("national")?).await?;
    // The victims of cases take the first slots.
    let case_victims = p.victims;
    // Enough of them that the scripted Lahore set does not dominate small demos.
    p.found_outside((cases / 40).clamp(40, 125))?;
    p.lahore_pilot(now)?;
    let mut events = std::mem::take(&mut p.events);
    events.sort_by_key(|e| (e.at, e.seq));
    let mut written = Report::default();
    if in_bulk {
        let (bulk_events, rest): (Vec<Event>, Vec<Event>) =
            events.into_iter().partition(|e| e.victim < case_victims);
        events = rest;
        let capacity = p
            .listings
            .iter()
            .filter_map(|l| Some((*ids.get(&l.name)?, l.capacity)))
            .collect();
        written = bulk::write(store, bulk_events, actors, &capacity).await?;
    }

    let mut state = State {
        victims: vec![None; p.victims],
        consents: vec![None; p.consents],
        referrals: vec![None; p.referrals],
        stays: vec![None; p.stays],
        refused_stays: Default::default(),
        report: written,
    };
    for e in events {
        let s = store_at(store, e.at);
        let scoped = s.scoped(ctx(e.who)?);
        let what = e.step.name();
        state
            .execute(&scoped, e.victim, e.step)
            .await
            .map_err(|err| {
                anyhow::anyhow!(
                    "protection demo: {} at {}: {what} for victim #{}: {err}",
                    e.who,
                    e.at,
                    e.victim
                )
            })?;
    }
    let report = state.report;
    Ok(report)
}
