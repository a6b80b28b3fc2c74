//! Synthetic cases with patterns that can be explained from the sources:
//!
//! * smuggling of migrants from the source districts of upper Punjab (Gujranwala, Gujrat,
//!   Sialkot, Mandi Bahauddin) by road through Quetta and Taftan or Mand into Iran and on to
//!   Turkey, Greece and Italy, by sea from the Makran coast, or by air with forged documents,
//!   registered by FIA circles, with a surge in the year after the June 2023 shipwreck off Greece;
//! * smuggling that turned into trafficking on the way (held for ransom in Iran, forced labour in
//!   Libya): "both";
//! * internal trafficking registered by police stations, mostly in Punjab: bonded labour in brick
//!   kilns (Punjab and lower Sindh), child domestic labour, forced begging, sexual exploitation,
//!   fake marriages (also to foreign nationals), a few camel-jockey and organ-removal cases;
//! * fraudulent recruitment for work abroad, registered by FIA circles;
//! * recent complaints whose kind is not yet determined.
//!
//! Each case walks along `Stage::next()` from the complaint with plausible delays; whatever
//! would happen after `today` has not happened yet, so recent cases are early in the chain and
//! older ones decided or closed. The odds at each step follow the attrition the sources report
//! (about one prosecution in nine ends in a conviction).

use crate::people::{self, Agent, Faith, Spec};
use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, Utc};
use hifazat_domain::case::{Act, LegalElements, ReportedVia, Scope};
use hifazat_domain::reference;
use hifazat_domain::{AccusedStatus, CaseKind, NewCase, NewPerson, PersonRole, Sex, Stage};
use hifazat_store::cases::import::{ImportedCase, ImportedHearing, ImportedPerson};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

/// The kinds of story the demo tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Pattern {
    /// Smuggling by road: Quetta – Nushki/Dalbandin – Taftan (or Panjgur – Mand) into Iran.
    SmuggleOverland,
    /// Smuggling by sea from the Makran coast (Turbat, Gwadar, Jiwani).
    SmuggleSea,
    /// Smuggling by air with forged documents.
    SmuggleAir,
    /// Smuggling that turned into trafficking on the way.
    SmuggledThenTrafficked,
    /// Fraudulent recruitment for work abroad ending in forced labour or servitude.
    JobFraudAbroad,
    /// Bonded labour in brick kilns.
    BrickKiln,
    /// Child domestic labour.
    ChildDomestic,
    /// Forced begging.
    ForcedBegging,
    /// Sexual exploitation.
    SexualExploitation,
    /// Fake marriage, also to foreign nationals.
    FakeMarriage,
    /// Children taken abroad as camel jockeys.
    CamelJockey,
    /// Kidney removal.
    OrganRemoval,
    /// A recent complaint not yet classified.
    Undetermined,
}

/// How often each story occurs (per mille, roughly).
const PATTERNS: &[(Pattern, u32)] = &[
    (Pattern::SmuggleOverland, 200),
    (Pattern::SmuggleSea, 50),
    (Pattern::SmuggleAir, 90),
    (Pattern::SmuggledThenTrafficked, 60),
    (Pattern::JobFraudAbroad, 70),
    (Pattern::BrickKiln, 160),
    (Pattern::ChildDomestic, 80),
    (Pattern::ForcedBegging, 50),
    (Pattern::SexualExploitation, 100),
    (Pattern::FakeMarriage, 45),
    (Pattern::CamelJockey, 5),
    (Pattern::OrganRemoval, 12),
    (Pattern::Undetermined, 40),
];

type Weighted = &'static [(&'static str, u32)];

/// Where smuggling cases are registered: the source districts of upper Punjab first, and
/// Mirpur and Kotli across the border in Azad Jammu and Kashmir; Quetta for migrants
/// intercepted on the way.
const SMUGGLING_DISTRICTS: Weighted = &[
    ("GRW", 22),
    ("GJT", 18),
    ("SKT", 14),
    ("MBD", 12),
    ("LHR", 8),
    ("ISB", 6),
    ("KHS", 5),
    ("HFZ", 3),
    ("NRW", 3),
    ("QTA", 4),
    ("JHL", 2),
    ("RWP", 2),
    ("FSD", 2),
    ("MPR", 2),
    ("KTL", 1),
];
/// Where the migrants intercepted in Quetta come from.
const SOURCE_DISTRICTS: Weighted = &[("GRW", 5), ("GJT", 4), ("SKT", 3), ("MBD", 3), ("HFZ", 1)];
const SEA_DISTRICTS: Weighted = &[
    ("GRW", 15),
    ("GJT", 12),
    ("SKT", 10),
    ("MBD", 8),
    ("LHR", 5),
    ("KHS", 8),
    ("KHW", 4),
    ("KCH", 5),
    ("GWD", 4),
];
const AIR_DISTRICTS: Weighted = &[
    ("LHR", 15),
    ("ISB", 12),
    ("KHS", 10),
    ("SKT", 10),
    ("GRW", 10),
    ("GJT", 8),
    ("MBD", 4),
    ("FSD", 6),
    ("MUX", 5),
    ("PEW", 6),
    ("RWP", 5),
];
const JOB_DISTRICTS: Weighted = &[
    ("SKT", 5),
    ("GRW", 6),
    ("GJT", 4),
    ("LHR", 6),
    ("FSD", 5),
    ("RWP", 4),
    ("PEW", 5),
    ("MRD", 3),
    ("SWT", 3),
    ("DIK", 2),
    ("KHS", 5),
    ("MUX", 3),
    ("ISB", 3),
];
/// Brick kilns: central Punjab and lower Sindh.
const KILN_DISTRICTS: Weighted = &[
    ("KSR", 12),
    ("SHK", 10),
    ("LHR", 6),
    ("FSD", 8),
    ("GRW", 6),
    ("OKR", 6),
    ("SHW", 4),
    ("NSN", 5),
    ("SGD", 4),
    ("RYK", 4),
    ("BWP", 3),
    ("MUX", 4),
    ("VHR", 3),
    ("SKT", 3),
    ("HYD", 3),
    ("MKR", 4),
    ("SNG", 4),
    ("UKM", 3),
    ("THR", 2),
    ("BDN", 3),
    ("TAN", 2),
    ("MTR", 2),
    ("SBH", 3),
];
/// Cities where children work in households.
const CITY_DISTRICTS: Weighted = &[
    ("LHR", 20),
    ("RWP", 8),
    ("ISB", 8),
    ("FSD", 6),
    ("GRW", 4),
    ("MUX", 4),
    ("SGD", 2),
    ("KHS", 5),
    ("KHC", 4),
    ("KHE", 3),
    ("HYD", 2),
    ("PEW", 3),
];
/// Poor rural districts that children are taken from.
const POOR_ORIGINS: Weighted = &[
    ("MZF", 6),
    ("RJN", 5),
    ("DGK", 5),
    ("BWP", 4),
    ("RYK", 5),
    ("LYY", 3),
    ("OKR", 2),
    ("KSR", 2),
    ("SWT", 2),
    ("THR", 2),
    ("KSH", 2),
    ("JCB", 2),
];
const BEGGING_DISTRICTS: Weighted = &[
    ("LHR", 10),
    ("KHS", 8),
    ("KHC", 5),
    ("RWP", 6),
    ("MUX", 5),
    ("HYD", 4),
    ("PEW", 4),
    ("FSD", 4),
    ("ISB", 3),
    ("SKZ", 3),
];
const SEX_DISTRICTS: Weighted = &[
    ("LHR", 20),
    ("FSD", 6),
    ("RWP", 8),
    ("ISB", 8),
    ("KHS", 6),
    ("KHC", 5),
    ("KHE", 4),
    ("MUX", 5),
    ("GRW", 4),
    ("HYD", 3),
    ("PEW", 3),
    ("SGD", 2),
    ("BWP", 2),
];
const MARRIAGE_DISTRICTS: Weighted = &[
    ("FSD", 10),
    ("GJT", 6),
    ("GRW", 6),
    ("LHR", 10),
    ("SKT", 5),
    ("ISB", 5),
    ("RWP", 4),
    ("SGD", 3),
    ("OKR", 3),
    ("KHS", 2),
];
const CAMEL_DISTRICTS: Weighted = &[("RYK", 5), ("RJN", 4), ("DGK", 3), ("MZF", 2), ("BWP", 2)];
const ORGAN_DISTRICTS: Weighted = &[
    ("LHR", 4),
    ("RWP", 4),
    ("ISB", 2),
    ("MUX", 2),
    ("SGD", 2),
    ("FSD", 2),
    ("PEW", 1),
];
const ANY_BUSY_DISTRICT: Weighted = &[
    ("LHR", 10),
    ("GRW", 6),
    ("GJT", 5),
    ("SKT", 5),
    ("FSD", 5),
    ("RWP", 4),
    ("ISB", 4),
    ("MUX", 4),
    ("KHS", 4),
    ("PEW", 3),
    ("QTA", 2),
    ("KSR", 3),
];

/// Overland destinations, in the order the migrants travel.
const OVERLAND_DESTINATIONS: &[(&[&str], u32)] = &[
    (&["IR"], 15),
    (&["IR", "TR"], 35),
    (&["IR", "TR", "GR"], 30),
    (&["IR", "TR", "GR", "IT"], 20),
];
const SEA_DESTINATIONS: &[(&[&str], u32)] = &[
    (&["OM"], 45),
    (&["OM", "AE"], 25),
    (&["IR"], 20),
    (&["IR", "TR"], 10),
];
const AIR_DESTINATIONS: &[(&[&str], u32)] = &[
    (&["AE"], 20),
    (&["SA"], 15),
    (&["GB"], 12),
    (&["ES"], 10),
    (&["AE", "LY"], 15),
    (&["AE", "EG", "LY", "IT"], 15),
    (&["LY", "IT"], 13),
];
const GULF: &[&str] = &["SA", "AE", "OM", "QA", "MY", "IQ"];

/// Smuggling peaked in the year after the June 2023 shipwreck off Greece.
const SURGE: (u32, u32, u32) = (2023, 6, 14);

/// Remarks for each step, chosen at random.
const R_INQUIRY: &[&str] = &[
    "Complaint verified; inquiry ordered",
    "Inquiry entrusted to an inquiry officer of the circle",
    "Preliminary inquiry started; complainant's statement recorded",
];
const R_FIR_AFTER_INQUIRY: &[&str] = &[
    "Inquiry found a cognisable offence; FIR registered",
    "FIR registered on the inquiry officer's report",
];
const R_FIR_DIRECT: &[&str] = &[
    "FIR registered on the complainant's statement",
    "FIR registered after recovery of the victims",
];
const R_INVESTIGATION: &[&str] = &[
    "Investigation entrusted to the investigating officer",
    "Investigation assigned; raids planned to arrest the accused",
    "Investigation started; victims' statements to be recorded",
];
const R_CHALLAN: &[&str] = &[
    "Complete challan submitted to the court under section 173 CrPC",
    "Interim challan submitted; absconding accused to be proceeded against under section 512 CrPC",
    "Challan submitted after the accused's arrest",
];
const R_RETURNED: &[&str] = &[
    "Court returned the challan for further investigation",
    "Prosecution returned the challan: victims' statements missing",
];
const R_TRIAL: &[&str] = &[
    "Charge framed against the accused",
    "Copies supplied under section 265-C CrPC; charge framed",
];
const R_CONVICTED: &[&str] = &[
    "Accused convicted; sentence and fine recorded",
    "Convicted on the victims' and recovery witnesses' evidence",
];
const R_ACQUITTED: &[&str] = &[
    "Acquitted: prosecution witnesses resiled",
    "Acquitted: benefit of the doubt",
    "Acquitted: the victim did not support the prosecution",
    "Acquitted: complainant not produced for evidence",
];
const R_COMPOUNDED: &[&str] = &[
    "Compromise between the parties; offence compounded with the court's permission",
    "Complainant compounded the offence after the money was returned",
];
const R_UNTRACED: &[&str] = &[
    "Accused abroad and not traced; filed as untraced with the supervisor's approval",
    "Accused not traced despite raids; filed as untraced with the supervisor's approval",
];
const R_REOPENED: &[&str] = &[
    "Accused arrested by immigration on return; case reopened",
    "Accused traced through a mobile number; case reopened",
];
const R_CANCELLED: &[&str] = &[
    "Allegation not substantiated; cancellation approved by the supervisor",
    "Complainant did not pursue the matter; cancellation approved by the supervisor",
    "Dispute found to be a civil matter over money; cancellation approved",
];
const R_TRANSFERRED: &[&str] = &[
    "Transferred to the police: falls in their jurisdiction",
    "Transferred to another circle on territorial jurisdiction",
    "Transferred to the Labour Department's District Vigilance Committee",
];
const HEARING_PURPOSES: &[&str] = &[
    "Prosecution evidence",
    "Prosecution evidence",
    "Cross-examination of prosecution witnesses",
    "Bail application",
    "Statement of accused under section 342 CrPC",
    "Final arguments",
];

/// A hearing on `date` for `purpose`, with what happened at it (the store keeps it only once
/// the day has passed). Drawn from the date, not the random stream, so the cases stay as they
/// were: two hearings in five are adjourned, as in the sources' courts, mostly for an absent
/// counsel or witness.
fn hearing(date: NaiveDate, court: &str, purpose: &str) -> ImportedHearing {
    use hifazat_domain::trial::{AdjournedBy, AdjournmentReason as R, HearingOutcome as O};
    let n = date.ordinal() as usize;
    let reasons = [
        (R::DefenceCounselAbsent, AdjournedBy::Defence),
        (R::WitnessAbsent, AdjournedBy::Prosecution),
        (R::ProsecutionNotReady, AdjournedBy::Prosecution),
        (R::DefenceCounselAbsent, AdjournedBy::Defence),
        (R::AccusedNotProduced, AdjournedBy::Court),
        (R::JudgeOnLeave, AdjournedBy::Court),
        (R::LawyersStrike, AdjournedBy::Court),
    ];
    let outcome = match purpose {
        "Judgment" => Some((O::Judgment, None, None)),
        "Framing of charge" => Some((O::ChargeFramed, None, None)),
        "Bail application" => None,
        _ if n % 5 < 2 => {
            let (r, by) = reasons[n % reasons.len()];
            Some((O::Adjourned, Some(r), Some(by)))
        }
        "Final arguments" => Some((O::ArgumentsHeard, None, None)),
        _ => Some((O::EvidenceRecorded, None, None)),
    };
    ImportedHearing {
        date,
        court: court.to_owned(),
        purpose: Some(purpose.to_owned()),
        outcome,
    }
}

/// The demo's generator: one random stream, so the same seed gives the same cases.
pub(crate) struct Gen<'a> {
    rng: StdRng,
    today: NaiveDate,
    /// Nothing happens after this day (yesterday), so no event is in the future.
    last_day: NaiveDate,
    start: NaiveDate,
    agencies: &'a HashMap<String, i64>,
    agents: Vec<Agent>,
}

/// An accused to add: a new person or one of the recurring agents.
enum Accused {
    New(Spec),
    Agent(usize),
}

/// The substance of a case before its history is written.
struct Shape {
    kind: CaseKind,
    scope: Scope,
    district: &'static str,
    /// Registered by an FIA circle (otherwise a police station).
    fia: bool,
    elements: LegalElements,
    offences: Vec<&'static str>,
    origin: Option<&'static str>,
    transit: Vec<&'static str>,
    exit: Option<&'static str>,
    destinations: Vec<&'static str>,
    summary: String,
    victims: Vec<Spec>,
    accused: Vec<Accused>,
    others: Vec<Spec>,
}

impl Shape {
    fn new(kind: CaseKind, scope: Scope, district: &'static str, fia: bool) -> Shape {
        Shape {
            kind,
            scope,
            district,
            fia,
            elements: LegalElements::default(),
            offences: vec![],
            origin: Some(district),
            transit: vec![],
            exit: None,
            destinations: vec![],
            summary: String::new(),
            victims: vec![],
            accused: vec![],
            others: vec![],
        }
    }

    fn smuggling(&mut self) {
        self.elements.illegal_entry = true;
        self.elements.financial_benefit = true;
    }

    fn trafficking(&mut self, acts: &[Act], means: &[&str], purposes: &[&str]) {
        self.elements.acts = acts.to_vec();
        self.elements.means = means.iter().map(|s| s.to_string()).collect();
        self.elements.purposes = purposes.iter().map(|s| s.to_string()).collect();
    }
}

/// A case's history.
struct Life {
    created_at: DateTime<Utc>,
    events: Vec<(Stage, DateTime<Utc>, Option<String>)>,
    stage: Stage,
    fir_date: Option<NaiveDate>,
    trial_start: Option<NaiveDate>,
    decided_on: Option<NaiveDate>,
}

fn district_name(code: &str) -> &'static str {
    reference::district_by_code(code)
        .map(|d| d.name.as_str())
        .unwrap_or("Pakistan")
}

fn country_name(code: &str) -> &'static str {
    reference::country(code)
        .map(|c| c.name.as_str())
        .unwrap_or("abroad")
}

/// "Iran, Turkey and Greece".
fn route_names(codes: &[&str]) -> String {
    let names: Vec<_> = codes.iter().map(|c| country_name(c)).collect();
    match names.split_last() {
        None => "abroad".into(),
        Some((last, [])) => (*last).into(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// "PKR 2,500,000".
fn pkr(n: i64) -> String {
    let digits = n.to_string();
    let head = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    let mut out = digits[..head].to_owned();
    for group in digits.as_bytes()[head..].chunks(3) {
        out.push(',');
        out.push_str(std::str::from_utf8(group).expect("ASCII digits"));
    }
    format!("PKR {out}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{n} {many}")
    }
}

impl<'a> Gen<'a> {
    pub(crate) fn new(today: NaiveDate, seed: u64, agencies: &'a HashMap<String, i64>) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let agents = people::agents(&mut rng, 60);
        Gen {
            rng,
            today,
            last_day: today - Days::new(1),
            start: today.checked_sub_months(Months::new(60)).unwrap_or(today),
            agencies,
            agents,
        }
    }

    // ---- small random helpers -------------------------------------------------------------

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

    fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    fn range(&mut self, r: std::ops::RangeInclusive<i64>) -> i64 {
        self.rng.gen_range(r)
    }

    fn one<T: Copy>(&mut self, v: &[T]) -> T {
        *v.choose(&mut self.rng).expect("not empty")
    }

    fn remark(&mut self, v: &[&str]) -> Option<String> {
        Some(self.one(v).to_owned())
    }

    fn amount(&mut self, lakh: std::ops::RangeInclusive<i64>) -> i64 {
        self.range(lakh) * 100_000
    }

    fn stamp(&mut self, day: NaiveDate) -> DateTime<Utc> {
        // Office hours in Pakistan (UTC+5).
        day.and_hms_opt(
            self.rng.gen_range(4..12),
            self.rng.gen_range(0..60),
            self.rng.gen_range(0..60),
        )
        .expect("a valid time")
        .and_utc()
    }

    fn agency(&self, name: &str) -> anyhow::Result<i64> {
        self.agencies
            .get(name)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo agency '{name}' is missing"))
    }

    /// The FIA circle covering a district, or one of its police stations.
    fn registering_agency(&mut self, district: &str, fia: bool) -> anyhow::Result<i64> {
        let d = reference::district_by_code(district)
            .ok_or_else(|| anyhow::anyhow!("unknown district {district}"))?;
        if fia {
            self.agency(&crate::agencies::circle_name(crate::agencies::circle_city(
                d,
            )))
        } else {
            let names = crate::agencies::station_names(d);
            // The first stations of a district get most of the cases.
            let i = (0..names.len())
                .map(|i| (i, (names.len() - i) as u32))
                .collect::<Vec<_>>();
            let i = self.weighted(&i);
            self.agency(&names[i])
        }
    }

    /// The day a complaint was received: more cases in recent years (better reporting), a
    /// surge of smuggling after June 2023, and undetermined complaints only recently.
    fn reported_on(&mut self, pattern: Pattern) -> NaiveDate {
        if pattern == Pattern::Undetermined {
            return self.last_day - Days::new(self.range(0..=150) as u64);
        }
        let span = (self.last_day - self.start).num_days().max(1);
        let surge_start = NaiveDate::from_ymd_opt(SURGE.0 as i32, SURGE.1, SURGE.2).expect("date");
        let surge_end = surge_start + Days::new(365);
        let smuggling = matches!(
            pattern,
            Pattern::SmuggleOverland
                | Pattern::SmuggleSea
                | Pattern::SmuggleAir
                | Pattern::SmuggledThenTrafficked
        );
        loop {
            let offset = self.range(0..=span);
            let day = self.start + Days::new(offset as u64);
            let mut w = 0.6 + 0.4 * offset as f64 / span as f64;
            if smuggling && day >= surge_start && day < surge_end {
                w *= 1.6;
            }
            if self.rng.gen::<f64>() * 1.6 < w {
                return day;
            }
        }
    }

    // ---- people -----------------------------------------------------------------------------

    fn young_men(&mut self, n: usize, district: &'static str) -> Vec<Spec> {
        (0..n)
            .map(|_| {
                let age = if self.chance(0.08) {
                    self.range(15..=17)
                } else {
                    self.range(18..=35)
                } as i32;
                let mut s = Spec::new(PersonRole::Victim, Sex::Male, age, district);
                s.passport = self.chance(0.45);
                s
            })
            .collect()
    }

    fn man(
        &mut self,
        role: PersonRole,
        ages: std::ops::RangeInclusive<i64>,
        district: &'static str,
    ) -> Spec {
        let age = self.range(ages) as i32;
        Spec::new(role, Sex::Male, age, district)
    }

    fn woman(
        &mut self,
        role: PersonRole,
        ages: std::ops::RangeInclusive<i64>,
        district: &'static str,
    ) -> Spec {
        let age = self.range(ages) as i32;
        Spec::new(role, Sex::Female, age, district)
    }

    fn child(
        &mut self,
        ages: std::ops::RangeInclusive<i64>,
        girls: f64,
        district: &'static str,
    ) -> Spec {
        let sex = if self.chance(girls) {
            Sex::Female
        } else {
            Sex::Male
        };
        let age = self.range(ages) as i32;
        Spec::new(PersonRole::Victim, sex, age, district)
    }

    /// A father, brother or mother who complains on the victims' behalf.
    fn relative_complainant(&mut self, district: &'static str, faith: Faith) -> Spec {
        let mut s = match self.range(0..=9) {
            0..=4 => self.man(PersonRole::Complainant, 42..=68, district),
            5..=7 => self.man(PersonRole::Complainant, 20..=40, district),
            _ => self.woman(PersonRole::Complainant, 38..=65, district),
        };
        s.faith = faith;
        s
    }

    /// Agents and sub-agents: sometimes a recurring agent from the pool (the most wanted
    /// appear most often), sometimes an unnamed facilitator abroad.
    fn smugglers(&mut self, district: &'static str, abroad: Option<&'static str>) -> Vec<Accused> {
        let n = self.weighted(&[(1usize, 45), (2, 35), (3, 20)]);
        let mut v = Vec::new();
        for i in 0..n {
            if i == 0 && self.chance(0.35) {
                // Skewed towards the first agents: a few names recur in many cases.
                let a = self.rng.gen_range(0..self.agents.len());
                let b = self.rng.gen_range(0..=a);
                v.push(Accused::Agent(b));
            } else if i > 0 && abroad.is_some() && self.chance(0.25) {
                let mut s = self.man(PersonRole::Accused, 30..=50, district);
                s.nationality = abroad;
                v.push(Accused::New(s));
            } else {
                let home = if i > 0 && self.chance(0.3) {
                    "QTA"
                } else {
                    district
                };
                let mut s = self.man(PersonRole::Accused, 24..=58, home);
                s.passport = self.chance(0.3);
                v.push(Accused::New(s));
            }
        }
        v
    }

    fn victim_count(&mut self, table: &[(usize, u32)]) -> usize {
        self.weighted(table)
    }

    // ---- the stories ------------------------------------------------------------------------

    fn smuggle_overland(&mut self) -> Shape {
        let district = self.weighted(SMUGGLING_DISTRICTS);
        let mut s = Shape::new(CaseKind::Smuggling, Scope::CrossBorder, district, true);
        s.smuggling();
        let origin = if district == "QTA" {
            self.weighted(SOURCE_DISTRICTS)
        } else {
            district
        };
        s.origin = Some(origin);
        let dest: &[&str] = if self.chance(0.8) {
            let mid = self.one(&["Nushki", "Dalbandin"]);
            s.transit = vec!["Quetta", mid, "Taftan"];
            s.exit = Some("Taftan (land border, Iran)");
            self.weighted(OVERLAND_DESTINATIONS)
        } else {
            s.transit = vec!["Quetta", "Panjgur", "Mand"];
            s.exit = Some("Mand (land border, Iran)");
            self.weighted(&OVERLAND_DESTINATIONS[..3])
        };
        s.destinations = dest.to_vec();
        let n = self.victim_count(&[(1, 55), (2, 25), (3, 15), (4, 5)]);
        s.victims = self.young_men(n, origin);
        s.accused = self.smugglers(origin, Some("IR"));
        if self.chance(0.55) {
            s.others
                .push(self.relative_complainant(origin, Faith::Unrecorded));
        }
        s.offences = vec!["PSMA-3"];
        for (o, p) in [
            ("EO-17", 0.5),
            ("EO-22", 0.4),
            ("PSMA-4", 0.1),
            ("PA-6", 0.1),
        ] {
            if self.chance(p) {
                s.offences.push(o);
            }
        }
        let europe = dest.len() >= 3;
        let paid = if europe {
            self.amount(18..=35)
        } else {
            self.amount(4..=12)
        };
        let outcome = self.one(&[
            "Deported from Iran and handed over to FIA at Taftan.",
            "Intercepted by FIA immigration before the border.",
            "The family lost contact after the crossing into Iran.",
            "The agent demands more money for the onward journey.",
            "Deported from Turkey after months in detention.",
        ]);
        s.summary = format!(
            "Complaint that an agent took {} to send {} from {} to {}; taken by road via {} and across the border at {}. {outcome}",
            pkr(paid),
            plural(n, "young man", "young men"),
            district_name(origin),
            route_names(dest),
            s.transit[..s.transit.len() - 1].join(" and "),
            s.transit.last().copied().unwrap_or("the border"),
        );
        s
    }

    fn smuggle_sea(&mut self) -> Shape {
        let district = self.weighted(SEA_DISTRICTS);
        let mut s = Shape::new(CaseKind::Smuggling, Scope::CrossBorder, district, true);
        s.smuggling();
        let (port, exit) = if self.chance(0.6) {
            ("Gwadar", "Gwadar (sea)")
        } else {
            ("Jiwani", "Jiwani (sea)")
        };
        s.transit = if matches!(district, "KCH" | "GWD") {
            vec!["Turbat", port]
        } else {
            vec!["Karachi", "Turbat", port]
        };
        s.exit = Some(exit);
        let dest = self.weighted(SEA_DESTINATIONS);
        s.destinations = dest.to_vec();
        let n = self.victim_count(&[(1, 45), (2, 30), (3, 15), (4, 10)]);
        s.victims = self.young_men(n, district);
        s.accused = self.smugglers(district, Some(dest[0]));
        if self.chance(0.5) {
            s.others
                .push(self.relative_complainant(district, Faith::Unrecorded));
        }
        s.offences = vec!["PSMA-3"];
        for (o, p) in [("EO-17", 0.5), ("PSMA-4", 0.2)] {
            if self.chance(p) {
                s.offences.push(o);
            }
        }
        let paid = self.amount(3..=9);
        s.summary = format!(
            "An agent took {} from {} to reach {}; taken by road via {} and put on a boat from {} at night. {}",
            pkr(paid),
            plural(n, "migrant", "migrants"),
            route_names(dest),
            s.transit[..s.transit.len() - 1].join(" and "),
            port,
            self.one(&[
                "The boat was intercepted by the Maritime Security Agency.",
                "They were arrested on landing and deported.",
                "The family has had no news since the boat left.",
            ])
        );
        s
    }

    fn smuggle_air(&mut self) -> Shape {
        let district = self.weighted(AIR_DISTRICTS);
        let mut s = Shape::new(CaseKind::Smuggling, Scope::CrossBorder, district, true);
        s.smuggling();
        let airport = match district {
            "LHR" => "Allama Iqbal International Airport, Lahore",
            "ISB" | "RWP" | "JHL" => "Islamabad International Airport",
            "KHS" | "KHE" | "KHC" => "Jinnah International Airport, Karachi",
            "FSD" => "Faisalabad International Airport",
            "MUX" => "Multan International Airport",
            "PEW" => "Bacha Khan International Airport, Peshawar",
            _ => {
                if self.chance(0.6) {
                    "Sialkot International Airport"
                } else {
                    "Allama Iqbal International Airport, Lahore"
                }
            }
        };
        s.exit = Some(airport);
        let dest = self.weighted(AIR_DESTINATIONS);
        s.destinations = dest.to_vec();
        if dest.contains(&"LY") {
            s.transit = vec!["Dubai"];
        }
        let n = self.victim_count(&[(1, 65), (2, 25), (3, 10)]);
        s.victims = self.young_men(n, district);
        for v in &mut s.victims {
            v.passport = true;
        }
        s.accused = self.smugglers(district, None);
        if self.chance(0.4) {
            s.others
                .push(self.relative_complainant(district, Faith::Unrecorded));
        }
        s.offences = vec!["PSMA-3"];
        for (o, p) in [("PA-6", 0.7), ("EO-17", 0.5), ("EO-22", 0.3)] {
            if self.chance(p) {
                s.offences.push(o);
            }
        }
        let document = self.one(&[
            "a forged visa",
            "a forged work permit",
            "a fake protector stamp",
            "another person's passport",
        ]);
        let outcome = self.one(&[
            "Off-loaded by FIA immigration at departure.",
            "Refused entry and deported on arrival.",
            "Reached the destination; the agent keeps demanding money.",
        ]);
        s.summary = format!(
            "Agent charged {} to send {} to {} with {document}, departing from {airport}. {outcome}",
            pkr(self.amount(8..=30)),
            plural(n, "man", "men"),
            route_names(dest),
        );
        s
    }

    fn smuggled_then_trafficked(&mut self) -> Shape {
        let district = self.weighted(SMUGGLING_DISTRICTS);
        let mut s = Shape::new(CaseKind::Both, Scope::CrossBorder, district, true);
        s.smuggling();
        let libya = self.chance(0.55);
        let n = self.victim_count(&[(1, 40), (2, 30), (3, 20), (4, 10)]);
        s.victims = self.young_men(n, district);
        let means: &[&str] = self.one(&[
            &["fraud", "force", "debt_bondage"][..],
            &["deception", "threat", "withholds_documents"][..],
            &["fraud", "abduction", "force"][..],
        ]);
        let purpose = self.one(&["forced_labour", "forced_labour", "servitude"]);
        s.trafficking(
            &[Act::Recruiting, Act::Transporting, Act::Harbouring],
            means,
            &[purpose],
        );
        s.offences = vec!["PTPA-3", "PSMA-3"];
        for (o, p) in [("PSMA-4", 0.4), ("EO-22", 0.4)] {
            if self.chance(p) {
                s.offences.push(o);
            }
        }
        let ransom = pkr(self.amount(5..=25));
        if libya {
            s.exit = Some(self.one(&[
                "Allama Iqbal International Airport, Lahore",
                "Islamabad International Airport",
                "Sialkot International Airport",
            ]));
            s.transit = vec!["Dubai"];
            s.destinations = vec!["AE", "EG", "LY", "IT"];
            s.accused = self.smugglers(district, Some("LY"));
            s.summary = format!(
                "Promised a passage to Italy for {}; flown via Dubai and Egypt to Libya, held in a warehouse and made to work without pay; the family was made to pay a further {ransom} for their release.",
                pkr(self.amount(20..=35)),
            );
        } else {
            s.transit = vec!["Quetta", "Taftan"];
            s.exit = Some("Taftan (land border, Iran)");
            s.destinations = vec!["IR", "TR"];
            s.accused = self.smugglers(district, Some("IR"));
            s.summary = format!(
                "Sent by road via Quetta and Taftan to reach Turkey; held by a gang across the border in Iran and made to work; the family received calls demanding {ransom}.",
            );
        }
        s.others
            .push(self.relative_complainant(district, Faith::Unrecorded));
        s
    }

    fn job_fraud_abroad(&mut self) -> Shape {
        let district = self.weighted(JOB_DISTRICTS);
        let mut s = Shape::new(CaseKind::Trafficking, Scope::CrossBorder, district, true);
        let country = self.one(GULF);
        s.destinations = vec![country];
        s.exit = Some(match district {
            "LHR" | "GRW" | "FSD" => "Allama Iqbal International Airport, Lahore",
            "SKT" | "GJT" => "Sialkot International Airport",
            "PEW" | "MRD" | "SWT" | "DIK" => "Bacha Khan International Airport, Peshawar",
            "KHS" => "Jinnah International Airport, Karachi",
            "MUX" => "Multan International Airport",
            _ => "Islamabad International Airport",
        });
        let women = self.chance(0.25);
        let (job, purpose, n) = if women {
            let p = if self.chance(0.3) {
                "sexual_exploitation"
            } else {
                "servitude"
            };
            let job = if p == "servitude" {
                "domestic worker"
            } else {
                "salon worker"
            };
            s.victims = vec![self.woman(PersonRole::Victim, 22..=40, district)];
            s.victims[0].passport = true;
            (job, p, 1)
        } else {
            let n = self.victim_count(&[(1, 50), (2, 30), (3, 20)]);
            s.victims = (0..n)
                .map(|_| {
                    let mut v = self.man(PersonRole::Victim, 20..=45, district);
                    v.passport = true;
                    v
                })
                .collect();
            let job = self.one(&[
                "labourer",
                "driver",
                "cleaner",
                "security guard",
                "farm worker",
            ]);
            (job, "forced_labour", n)
        };
        let mut means = vec!["fraud", "deception"];
        if self.chance(0.6) {
            means.push("withholds_documents");
        }
        if self.chance(0.4) {
            means.push("takes_earnings");
        }
        let mut acts = vec![Act::Recruiting];
        if self.chance(0.5) {
            acts.push(Act::Transporting);
        }
        s.trafficking(&acts, &means, &[purpose]);
        s.offences = vec!["PTPA-3", "EO-22"];
        if self.chance(0.4) {
            s.offences.push("EO-18");
        }
        if women {
            s.offences.push("PTPA-4");
        }
        s.accused = (0..self.range(1..=2))
            .map(|_| Accused::New(self.man(PersonRole::Accused, 28..=60, district)))
            .collect();
        if self.chance(0.6) {
            s.others
                .push(self.relative_complainant(district, Faith::Unrecorded));
        }
        s.summary = format!(
            "{} recruited by an unlicensed agent for {} to work as {job} in {}; passports taken on arrival and made to work {}.",
            if n == 1 { "Victim".to_owned() } else { format!("{n} victims") },
            pkr(self.amount(2..=8)),
            country_name(country),
            if purpose == "sexual_exploitation" {
                "in prostitution"
            } else {
                "without pay, not allowed to leave"
            },
        );
        s
    }

    fn brick_kiln(&mut self) -> Shape {
        let district = self.weighted(KILN_DISTRICTS);
        let fia = false;
        let mut s = Shape::new(CaseKind::Trafficking, Scope::Internal, district, fia);
        let sindh =
            reference::district_by_code(district).is_some_and(|d| d.province_code == "PK-SD");
        let faith = match (sindh, self.rng.gen::<f64>()) {
            (true, x) if x < 0.6 => Faith::Hindu,
            (false, x) if x < 0.45 => Faith::Christian,
            _ => Faith::Unrecorded,
        };
        // Origin: the same district, or families brought from the south.
        let origin = if self.chance(0.7) {
            district
        } else {
            self.weighted(POOR_ORIGINS)
        };
        s.origin = Some(origin);
        let mut victims = vec![self.man(PersonRole::Victim, 25..=50, origin)];
        if self.chance(0.7) {
            victims.push(self.woman(PersonRole::Victim, 22..=45, origin));
            for _ in 0..self.range(0..=2) {
                victims.push(self.child(6..=16, 0.5, origin));
            }
        }
        for v in &mut victims {
            v.faith = faith;
            v.phone = v.age >= 18 && self.chance(0.3);
        }
        let children = victims.iter().any(|v| v.age < 18);
        s.victims = victims;
        let mut means = vec!["debt_bondage"];
        if self.chance(0.4) {
            means.push(self.one(&["threat", "force", "withholds_documents"]));
        }
        let mut purposes = vec!["bonded_labour"];
        if children {
            purposes.push("child_labour");
        }
        s.trafficking(
            &[Act::Recruiting, Act::Harbouring, Act::Obtaining],
            &means,
            &purposes,
        );
        s.offences = vec!["BLSA-11"];
        for (o, p) in [("PTPA-3", 0.6), ("BLSA-12", 0.3)] {
            if self.chance(p) {
                s.offences.push(o);
            }
        }
        if children && self.chance(0.5) {
            s.offences.push("PTPA-4");
        }
        s.accused.push(Accused::New(self.man(
            PersonRole::Accused,
            35..=65,
            district,
        )));
        if self.chance(0.6) {
            s.accused.push(Accused::New(self.man(
                PersonRole::Accused,
                25..=50,
                district,
            )));
        }
        if self.chance(0.4) {
            s.others.push(self.relative_complainant(origin, faith));
        }
        if self.chance(0.2) {
            let w = self.man(PersonRole::Witness, 25..=55, district);
            s.others.push(w);
        }
        let n = s.victims.len();
        s.summary = format!(
            "{} held at a brick kiln near {} against an advance (peshgi) of {}; not allowed to leave until the debt is repaid. {}",
            if n == 1 { "Labourer".to_owned() } else { format!("Family of {n}") },
            district_name(district),
            pkr(self.range(8..=40) * 10_000),
            self.one(&[
                "Recovered in a raid with the District Vigilance Committee.",
                "Recovered on a habeas petition.",
                "Complaint through the helpline; recovered by police.",
                "Recovered in a Labour Department inspection.",
            ])
        );
        s
    }

    fn child_domestic(&mut self) -> Shape {
        let district = self.weighted(CITY_DISTRICTS);
        let mut s = Shape::new(CaseKind::Trafficking, Scope::Internal, district, false);
        let origin = self.weighted(POOR_ORIGINS);
        s.origin = Some(origin);
        let n = if self.chance(0.1) { 2 } else { 1 };
        s.victims = (0..n).map(|_| self.child(8..=15, 0.7, origin)).collect();
        let means: &[&str] = if self.chance(0.5) {
            &[]
        } else {
            self.one(&[
                &["abuse_of_power"][..],
                &["force", "abuse_of_power"][..],
                &["payment_to_controller"][..],
            ])
        };
        s.trafficking(
            &[Act::Recruiting, Act::Obtaining, Act::Harbouring],
            means,
            &["child_domestic_labour"],
        );
        s.offences = vec!["PTPA-3"];
        if self.chance(0.7) {
            s.offences.push("PTPA-4");
        }
        if self.chance(0.1) {
            s.offences.push("PPC-370");
        }
        s.accused.push(Accused::New(self.man(
            PersonRole::Accused,
            30..=60,
            district,
        )));
        if self.chance(0.6) {
            s.accused.push(Accused::New(self.woman(
                PersonRole::Accused,
                28..=55,
                district,
            )));
        }
        if self.chance(0.4) {
            s.accused
                .push(Accused::New(self.man(PersonRole::Accused, 30..=60, origin)));
        }
        if self.chance(0.7) {
            let f = self.man(PersonRole::Complainant, 30..=55, origin);
            s.others.push(f);
        }
        s.summary = format!(
            "{} from {} employed as domestic worker in a household in {} through a middleman for {} a month paid to the parents; {}.",
            if n == 1 { "Child" } else { "Two children" },
            district_name(origin),
            district_name(district),
            pkr(self.range(3..=10) * 1_000),
            self.one(&[
                "found with injuries after a neighbour called the helpline",
                "not allowed to visit the family for over a year",
                "recovered by the Child Protection Bureau",
            ])
        );
        s
    }

    fn forced_begging(&mut self) -> Shape {
        let district = self.weighted(BEGGING_DISTRICTS);
        let mut s = Shape::new(CaseKind::Trafficking, Scope::Internal, district, false);
        let origin = self.weighted(POOR_ORIGINS);
        s.origin = Some(origin);
        let n = self.range(2..=4) as usize;
        s.victims = (0..n).map(|_| self.child(5..=14, 0.45, origin)).collect();
        let means: &[&str] = if self.chance(0.5) {
            &[]
        } else {
            &["coercion", "takes_earnings"]
        };
        s.trafficking(
            &[Act::Recruiting, Act::Transporting, Act::Harbouring],
            means,
            &["forced_begging"],
        );
        s.offences = vec!["PTPA-3", "PTPA-4"];
        if s.victims.iter().any(|v| v.age < 10) && self.chance(0.5) {
            s.offences.push("PPC-369");
        }
        for _ in 0..self.range(1..=2) {
            let a = if self.chance(0.6) {
                self.man(PersonRole::Accused, 30..=55, origin)
            } else {
                self.woman(PersonRole::Accused, 30..=55, origin)
            };
            s.accused.push(Accused::New(a));
        }
        s.summary = format!(
            "{n} children brought from {} and made to beg at traffic signals in {}; earnings taken by the accused every evening.",
            district_name(origin),
            district_name(district),
        );
        s
    }

    fn sexual_exploitation(&mut self) -> Shape {
        let district = self.weighted(SEX_DISTRICTS);
        let abroad = self.chance(0.2);
        let scope = if abroad {
            Scope::CrossBorder
        } else {
            Scope::Internal
        };
        let mut s = Shape::new(CaseKind::Trafficking, scope, district, abroad);
        let n = self.victim_count(&[(1, 70), (2, 30)]);
        s.victims = (0..n)
            .map(|_| match self.range(0..=99) {
                0..=79 => self.woman(PersonRole::Victim, 18..=30, district),
                80..=91 => self.child(14..=17, 1.0, district),
                _ => Spec::new(
                    PersonRole::Victim,
                    Sex::Transgender,
                    self.range(18..=30) as i32,
                    district,
                ),
            })
            .collect();
        let minors = s.victims.iter().all(|v| v.age < 18);
        let all_means = [
            "deception",
            "coercion",
            "force",
            "abuse_of_power",
            "psychoactive_substance",
        ];
        let k = self.range(1..=3) as usize;
        let mut means: Vec<&str> = all_means
            .choose_multiple(&mut self.rng, k)
            .copied()
            .collect();
        if minors && self.chance(0.5) {
            means.clear();
        }
        let purpose = if !abroad && self.chance(0.15) {
            "cyber_sexual_exploitation"
        } else {
            "sexual_exploitation"
        };
        s.trafficking(
            &[Act::Recruiting, Act::Harbouring, Act::Providing],
            &means,
            &[purpose],
        );
        s.offences = vec!["PTPA-3", "PPC-371A"];
        if self.chance(0.4) {
            s.offences.push("PPC-371B");
        }
        if self.chance(0.7) {
            s.offences.push("PTPA-4");
        }
        if s.victims.iter().any(|v| v.age < 18 && v.sex == Sex::Female) && self.chance(0.5) {
            s.offences.push("PPC-366A");
        }
        for _ in 0..self.range(1..=3) {
            let a = if self.chance(0.3) {
                self.woman(PersonRole::Accused, 35..=55, district)
            } else {
                self.man(PersonRole::Accused, 25..=55, district)
            };
            s.accused.push(Accused::New(a));
        }
        if self.chance(0.5) {
            s.others
                .push(self.relative_complainant(district, Faith::Unrecorded));
        }
        if abroad {
            let country = self.one(&["AE", "OM", "MY", "BH"]);
            s.destinations = vec![country];
            s.exit = Some(match district {
                "KHS" | "KHC" | "KHE" | "HYD" => "Jinnah International Airport, Karachi",
                "LHR" | "FSD" | "GRW" | "SGD" => "Allama Iqbal International Airport, Lahore",
                _ => "Islamabad International Airport",
            });
            s.summary = format!(
                "Sent to {} on a visit visa with the promise of a job in a salon; passport taken and forced into prostitution. Returned with the embassy's help.",
                country_name(country)
            );
        } else if purpose == "cyber_sexual_exploitation" {
            s.summary = "Victim befriended online, filmed under a false promise of marriage and coerced into sex work with threats to publish the videos.".into();
        } else {
            s.summary = format!(
                "Victim lured to {} with the promise of a job; confined in a house and forced into prostitution. Recovered in a police raid.",
                district_name(district)
            );
        }
        s
    }

    fn fake_marriage(&mut self) -> Shape {
        let district = self.weighted(MARRIAGE_DISTRICTS);
        let abroad = self.chance(0.55);
        let scope = if abroad {
            Scope::CrossBorder
        } else {
            Scope::Internal
        };
        let mut s = Shape::new(CaseKind::Trafficking, scope, district, abroad);
        let mut v = self.woman(PersonRole::Victim, 15..=24, district);
        if self.chance(0.25) {
            v.faith = Faith::Christian;
        }
        let faith = v.faith;
        s.victims = vec![v];
        let sexual = self.chance(0.4);
        let purposes: &[&str] = if sexual {
            &["fake_marriage", "sexual_exploitation"]
        } else {
            &["fake_marriage"]
        };
        s.trafficking(
            &[Act::Recruiting, Act::Providing, Act::Obtaining],
            &["fraud", "deception", "payment_to_controller"],
            purposes,
        );
        s.offences = vec!["PTPA-3"];
        if self.chance(0.7) {
            s.offences.push("PTPA-4");
        }
        if sexual || self.chance(0.3) {
            s.offences.push("PPC-371A");
        }
        s.accused.push(Accused::New(self.man(
            PersonRole::Accused,
            30..=60,
            district,
        )));
        if self.chance(0.5) {
            s.accused.push(Accused::New(self.woman(
                PersonRole::Accused,
                30..=55,
                district,
            )));
        }
        let paid = pkr(self.range(2..=10) * 100_000);
        if abroad {
            let country = self.one(&["CN", "CN", "CN", "AE", "GB"]);
            s.destinations = vec![country];
            s.exit = Some("Islamabad International Airport");
            let mut groom = self.man(PersonRole::Accused, 25..=50, district);
            groom.nationality = Some(country);
            s.accused.push(Accused::New(groom));
            if self.chance(0.4) {
                s.offences.push("EO-22");
            }
            s.summary = format!(
                "Marriage to a foreign national arranged through a marriage bureau; the family was paid {paid} and given false information about the groom; the victim was to be taken to {}.",
                country_name(country)
            );
        } else {
            s.summary = format!(
                "Victim 'married' for {paid} paid to a middleman and then kept by the 'husband' for exploitation in {}.",
                district_name(district)
            );
        }
        if self.chance(0.8) {
            s.others.push(self.relative_complainant(district, faith));
        }
        s
    }

    fn camel_jockey(&mut self) -> Shape {
        let district = self.weighted(CAMEL_DISTRICTS);
        let mut s = Shape::new(CaseKind::Trafficking, Scope::CrossBorder, district, true);
        let country = self.one(&["AE", "QA"]);
        s.destinations = vec![country];
        s.exit = Some("Jinnah International Airport, Karachi");
        let n = self.victim_count(&[(1, 70), (2, 30)]);
        s.victims = (0..n).map(|_| self.child(5..=12, 0.0, district)).collect();
        let means: &[&str] = if self.chance(0.6) {
            &[]
        } else {
            &["deception", "payment_to_controller"]
        };
        s.trafficking(
            &[Act::Recruiting, Act::Transporting],
            means,
            &["camel_jockeying"],
        );
        s.offences = vec!["PTPA-3", "PTPA-4"];
        if s.victims.iter().any(|v| v.age < 10) {
            s.offences.push("PPC-369");
        }
        s.accused.push(Accused::New(self.man(
            PersonRole::Accused,
            30..=55,
            district,
        )));
        if self.chance(0.5) {
            s.others
                .push(self.man(PersonRole::Complainant, 30..=55, district));
        }
        s.summary = format!(
            "{} taken to {} on a relative's passport by an agent to ride camels in races.",
            if n == 1 { "Boy" } else { "Two boys" },
            country_name(country)
        );
        s
    }

    fn organ_removal(&mut self) -> Shape {
        let district = self.weighted(ORGAN_DISTRICTS);
        let mut s = Shape::new(CaseKind::Trafficking, Scope::Internal, district, false);
        let origin = self.weighted(KILN_DISTRICTS);
        s.origin = Some(origin);
        let faith = if self.chance(0.3) {
            Faith::Christian
        } else {
            Faith::Unrecorded
        };
        let n = self.victim_count(&[(1, 75), (2, 25)]);
        s.victims = (0..n)
            .map(|_| {
                let mut v = if self.chance(0.7) {
                    self.man(PersonRole::Victim, 20..=45, origin)
                } else {
                    self.woman(PersonRole::Victim, 20..=45, origin)
                };
                v.faith = faith;
                v
            })
            .collect();
        s.trafficking(
            &[Act::Recruiting, Act::Transporting, Act::Obtaining],
            &["deception", "abuse_of_power", "payment_to_controller"],
            &["organ_removal"],
        );
        s.offences = vec!["PTPA-3"];
        if s.victims.iter().any(|v| v.sex == Sex::Female) {
            s.offences.push("PTPA-4");
        }
        for _ in 0..self.range(2..=3) {
            s.accused.push(Accused::New(self.man(
                PersonRole::Accused,
                30..=60,
                district,
            )));
        }
        s.summary = format!(
            "{} brought from {} to {} for work; a kidney removed at a private clinic without informed consent; paid {}.",
            if n == 1 { "Labourer" } else { "Two labourers" },
            district_name(origin),
            district_name(district),
            pkr(self.range(1..=3) * 100_000),
        );
        s
    }

    fn undetermined(&mut self) -> Shape {
        let district = self.weighted(ANY_BUSY_DISTRICT);
        let abroad = self.chance(0.7);
        let scope = if abroad {
            Scope::CrossBorder
        } else {
            Scope::Internal
        };
        let mut s = Shape::new(
            CaseKind::Undetermined,
            scope,
            district,
            abroad || self.chance(0.3),
        );
        s.victims = vec![if self.chance(0.75) {
            self.man(PersonRole::Victim, 18..=35, district)
        } else {
            self.woman(PersonRole::Victim, 16..=30, district)
        }];
        s.others
            .push(self.relative_complainant(district, Faith::Unrecorded));
        if abroad {
            let c = self.one(&["IR", "TR", "GR", "LY", "AE", "SA", "OM"]);
            s.destinations = vec![c];
            s.summary = format!(
                "Helpline complaint: a relative went to {} through an agent and has not been heard from; facts being verified.",
                country_name(c)
            );
        } else {
            s.summary = "Helpline complaint about a relative kept by an employer and not allowed to return home; facts being verified.".into();
        }
        s.accused.push(Accused::New(self.man(
            PersonRole::Accused,
            25..=60,
            district,
        )));
        s
    }

    // ---- history ----------------------------------------------------------------------------

    /// Walks the case from the complaint along `Stage::next()`; a step that would fall after
    /// yesterday has not happened yet.
    fn lifecycle(&mut self, reported: NaiveDate, shape: &Shape, pattern: Pattern) -> Life {
        let created_at = self.stamp(reported);
        let mut w = Walk {
            day: reported,
            at: created_at,
            stage: Stage::ComplaintReceived,
            events: vec![],
            fir_date: None,
            trial_start: None,
        };
        let fia = shape.fia;
        let abroad = shape.scope == Scope::CrossBorder;
        'walk: {
            if pattern == Pattern::Undetermined {
                if self.chance(0.5) {
                    let r = self.remark(R_INQUIRY);
                    let d = self.range(1..=15);
                    self.go(&mut w, Stage::Inquiry, d, r);
                }
                if self.chance(0.08) {
                    let r = self.remark(R_TRANSFERRED);
                    let d = self.range(5..=30);
                    self.go(&mut w, Stage::ClosedTransferred, d, r);
                }
                break 'walk;
            }
            let x: f64 = self.rng.gen();
            if x < 0.03 {
                let (r, d) = (self.remark(R_CANCELLED), self.range(5..=45));
                self.go(&mut w, Stage::ClosedCancelled, d, r);
                break 'walk;
            }
            if x < 0.05 {
                let (r, d) = (self.remark(R_TRANSFERRED), self.range(3..=30));
                self.go(&mut w, Stage::ClosedTransferred, d, r);
                break 'walk;
            }
            if self.chance(if fia { 0.8 } else { 0.15 }) {
                let (r, d) = (self.remark(R_INQUIRY), self.range(1..=10));
                if !self.go(&mut w, Stage::Inquiry, d, r) {
                    break 'walk;
                }
                let y: f64 = self.rng.gen();
                if y < 0.09 {
                    let (r, d) = (self.remark(R_CANCELLED), self.range(20..=150));
                    self.go(&mut w, Stage::ClosedCancelled, d, r);
                    break 'walk;
                }
                if y < 0.12 {
                    let (r, d) = (self.remark(R_TRANSFERRED), self.range(10..=90));
                    self.go(&mut w, Stage::ClosedTransferred, d, r);
                    break 'walk;
                }
                let d = if self.chance(0.85) {
                    self.range(10..=90)
                } else {
                    self.range(90..=300)
                };
                let r = self.remark(R_FIR_AFTER_INQUIRY);
                if !self.go(&mut w, Stage::FirRegistered, d, r) {
                    break 'walk;
                }
            } else {
                let (r, d) = (self.remark(R_FIR_DIRECT), self.range(0..=3));
                if !self.go(&mut w, Stage::FirRegistered, d, r) {
                    break 'walk;
                }
            }
            w.fir_date = Some(w.day);
            let (r, d) = (self.remark(R_INVESTIGATION), self.range(0..=6));
            if !self.go(&mut w, Stage::UnderInvestigation, d, r) {
                break 'walk;
            }
            // Accused abroad are more often untraced.
            let untraced = if abroad { 0.22 } else { 0.10 };
            loop {
                let d = if self.chance(0.85) {
                    self.range(30..=240)
                } else {
                    self.range(240..=700)
                };
                let z: f64 = self.rng.gen();
                if z < untraced {
                    let r = self.remark(R_UNTRACED);
                    if !self.go(&mut w, Stage::ClosedUntraced, d, r) {
                        break 'walk;
                    }
                    let (r, d) = (self.remark(R_REOPENED), self.range(90..=720));
                    if self.chance(0.15) && self.go(&mut w, Stage::UnderInvestigation, d, r) {
                        continue;
                    }
                    break 'walk;
                }
                if z < untraced + 0.06 {
                    let r = self.remark(R_CANCELLED);
                    self.go(&mut w, Stage::ClosedCancelled, d, r);
                    break 'walk;
                }
                if z < untraced + 0.09 {
                    let r = self.remark(R_TRANSFERRED);
                    self.go(&mut w, Stage::ClosedTransferred, d, r);
                    break 'walk;
                }
                let r = self.remark(R_CHALLAN);
                if !self.go(&mut w, Stage::ChallanSubmitted, d, r) {
                    break 'walk;
                }
                if self.chance(0.07) {
                    let (r, d) = (self.remark(R_RETURNED), self.range(20..=90));
                    if !self.go(&mut w, Stage::UnderInvestigation, d, r) {
                        break 'walk;
                    }
                    continue;
                }
                break;
            }
            let (r, d) = (self.remark(R_TRIAL), self.range(7..=60));
            if !self.go(&mut w, Stage::UnderTrial, d, r) {
                break 'walk;
            }
            w.trial_start = Some(w.day);
            let (convicted, acquitted) = match pattern {
                Pattern::BrickKiln => (13, 40),
                Pattern::SexualExploitation | Pattern::FakeMarriage => (18, 60),
                Pattern::SmuggleOverland | Pattern::SmuggleSea | Pattern::SmuggleAir => (22, 50),
                _ => (20, 50),
            };
            // Trafficking and smuggling offences cannot be compounded: where any is charged,
            // what would have been a compromise ends, in court, in an acquittal.
            let offences: Vec<String> = shape.offences.iter().map(|o| o.to_string()).collect();
            let compoundable = hifazat_domain::case::compounding_refused(&offences).is_none();
            let decision = self.weighted(&[
                (Stage::Convicted, convicted),
                (Stage::Acquitted, acquitted),
                (
                    if compoundable {
                        Stage::Compounded
                    } else {
                        Stage::Acquitted
                    },
                    100 - convicted - acquitted,
                ),
            ]);
            let remark = match decision {
                Stage::Convicted => self.remark(R_CONVICTED),
                Stage::Acquitted => self.remark(R_ACQUITTED),
                _ => self.remark(R_COMPOUNDED),
            };
            let d = if self.chance(0.8) {
                self.range(150..=700)
            } else {
                self.range(700..=1200)
            };
            self.go(&mut w, decision, d, remark);
        }
        let decided_on = w.stage.is_decided().then_some(w.day);
        Life {
            created_at,
            stage: w.stage,
            events: w.events,
            fir_date: w.fir_date,
            trial_start: w.trial_start,
            decided_on,
        }
    }

    /// Moves the walk to `to` after `days`, unless that is after yesterday.
    fn go(&mut self, w: &mut Walk, to: Stage, days: i64, remark: Option<String>) -> bool {
        let day = w.day + Days::new(days.max(0) as u64);
        if day > self.last_day {
            return false;
        }
        debug_assert!(w.stage.can_move_to(to), "{:?} -> {:?}", w.stage, to);
        let stamped = self.stamp(day);
        let at = stamped.max(w.at + Duration::minutes(self.range(20..=180)));
        if at.date_naive() > self.last_day {
            return false;
        }
        w.events.push((to, at, remark));
        w.stage = to;
        w.day = at.date_naive();
        w.at = at;
        true
    }

    /// Hearings of a trial: past ones (the last few) and, for a trial still running, usually
    /// the next one within six weeks.
    fn hearings(&mut self, life: &Life, court: &str) -> Vec<ImportedHearing> {
        let Some(start) = life.trial_start else {
            return vec![];
        };
        let end = life.decided_on.unwrap_or(self.today);
        let mut dates = vec![];
        let mut d = start + Days::new(self.range(10..=30) as u64);
        while d < end {
            dates.push(d);
            d = d + Days::new(self.range(14..=50) as u64);
        }
        let skipped = dates.len().saturating_sub(6);
        let mut out: Vec<_> = dates
            .into_iter()
            .enumerate()
            .skip(skipped)
            .map(|(i, d)| {
                let purpose = if i == 0 {
                    "Framing of charge"
                } else {
                    self.one(HEARING_PURPOSES)
                };
                hearing(d, court, purpose)
            })
            .collect();
        match life.decided_on {
            Some(day) => out.push(hearing(day, court, "Judgment")),
            None if life.stage == Stage::UnderTrial && self.chance(0.9) => {
                let next = self.today + Days::new(self.range(1..=45) as u64);
                let purpose = self.one(HEARING_PURPOSES);
                out.push(hearing(next, court, purpose));
            }
            None => {}
        }
        out
    }

    fn accused_status(
        &mut self,
        stage: Stage,
        first: bool,
        foreign: bool,
        fir_age_days: i64,
    ) -> AccusedStatus {
        use AccusedStatus::*;
        if foreign {
            return if stage == Stage::ComplaintReceived
                || stage == Stage::Inquiry
                || fir_age_days < 90
            {
                AtLarge
            } else {
                ProclaimedOffender
            };
        }
        match stage {
            Stage::ComplaintReceived | Stage::Inquiry | Stage::ClosedCancelled => AtLarge,
            Stage::FirRegistered | Stage::UnderInvestigation => {
                let s = self.weighted(&[
                    (AtLarge, 35),
                    (Arrested, 25),
                    (OnBail, 25),
                    (ProclaimedOffender, 15),
                ]);
                if s == ProclaimedOffender && fir_age_days < 90 {
                    AtLarge
                } else {
                    s
                }
            }
            Stage::ChallanSubmitted | Stage::UnderTrial => {
                self.weighted(&[(Arrested, 30), (OnBail, 55), (ProclaimedOffender, 15)])
            }
            Stage::Convicted if first => Convicted,
            Stage::Convicted => {
                self.weighted(&[(Convicted, 60), (Acquitted, 25), (ProclaimedOffender, 15)])
            }
            Stage::Acquitted | Stage::Compounded => {
                self.weighted(&[(Acquitted, 90), (ProclaimedOffender, 10)])
            }
            Stage::ClosedUntraced => self.weighted(&[(ProclaimedOffender, 60), (AtLarge, 40)]),
            Stage::ClosedTransferred => self.weighted(&[(AtLarge, 70), (Arrested, 30)]),
        }
    }

    /// A sentence and fine in line with the gravest offence charged.
    fn sentence(&mut self, offences: &[&str]) -> (String, i64) {
        let has = |o: &str| offences.contains(&o);
        let (years, fine) = if has("PPC-371A") || has("PPC-371B") {
            (7..=14, 1..=10)
        } else if has("PTPA-4") || has("PSMA-4") {
            (5..=10, 4..=20)
        } else if has("PTPA-3") || has("PACHTO-3") {
            (3..=7, 2..=20)
        } else if has("PSMA-3") {
            (2..=5, 2..=20)
        } else if has("BLSA-11") || has("BLSA-12") {
            (2..=5, 1..=4)
        } else {
            (1..=5, 1..=6)
        };
        let y = self.range(years);
        let mut s = format!("{y} years rigorous imprisonment");
        if self.chance(0.5) {
            s.push_str("; in default of the fine, six months simple imprisonment");
        }
        (s, self.range(fine) * 50_000)
    }

    // ---- one case, all cases ------------------------------------------------------------------

    fn one_case(&mut self) -> anyhow::Result<(ImportedCase, bool)> {
        let pattern = self.weighted(PATTERNS);
        let reported = self.reported_on(pattern);
        let mut shape = match pattern {
            Pattern::SmuggleOverland => self.smuggle_overland(),
            Pattern::SmuggleSea => self.smuggle_sea(),
            Pattern::SmuggleAir => self.smuggle_air(),
            Pattern::SmuggledThenTrafficked => self.smuggled_then_trafficked(),
            Pattern::JobFraudAbroad => self.job_fraud_abroad(),
            Pattern::BrickKiln => self.brick_kiln(),
            Pattern::ChildDomestic => self.child_domestic(),
            Pattern::ForcedBegging => self.forced_begging(),
            Pattern::SexualExploitation => self.sexual_exploitation(),
            Pattern::FakeMarriage => self.fake_marriage(),
            Pattern::CamelJockey => self.camel_jockey(),
            Pattern::OrganRemoval => self.organ_removal(),
            Pattern::Undetermined => self.undetermined(),
        };
        shape.elements.child_victim = shape.victims.iter().any(|v| v.age < 18);
        // Before PTPA and PSMA (June 2018), trafficking and smuggling were charged under PACHTO.
        if reported < NaiveDate::from_ymd_opt(2018, 6, 1).expect("date") {
            for o in &mut shape.offences {
                if o.starts_with("PTPA") || o.starts_with("PSMA") {
                    *o = "PACHTO-3";
                }
            }
            shape.offences.sort();
            shape.offences.dedup();
        }
        let agency_id = self.registering_agency(shape.district, shape.fia)?;
        let life = self.lifecycle(reported, &shape, pattern);
        let fir_age = life.fir_date.map_or(0, |d| (self.today - d).num_days());

        let mut persons = Vec::new();
        for v in &shape.victims {
            persons.push(ImportedPerson {
                person: people::person(&mut self.rng, v, reported),
                sentence: None,
                fine_pkr: None,
            });
        }
        let accused = std::mem::take(&mut shape.accused);
        for (i, a) in accused.iter().enumerate() {
            let foreign = matches!(a, Accused::New(s) if s.nationality.is_some());
            let status = self.accused_status(life.stage, i == 0, foreign, fir_age);
            let person: NewPerson = match a {
                // Now and then an agent is written down in another spelling and without his
                // CNIC: a second record of him, for the person index to flag and an officer
                // to merge.
                Accused::Agent(k) if (reported.ordinal() + *k as u32 * 7).is_multiple_of(11) => {
                    self.agents[*k].as_unrecognised_accused(reported, status, reported.ordinal())
                }
                Accused::Agent(k) => self.agents[*k].as_accused(reported, status),
                Accused::New(spec) => {
                    let mut spec = spec.clone();
                    spec.accused_status = Some(status);
                    people::person(&mut self.rng, &spec, reported)
                }
            };
            let (sentence, fine_pkr) = if status == AccusedStatus::Convicted {
                let (s, f) = self.sentence(&shape.offences);
                (Some(s), Some(f))
            } else {
                (None, None)
            };
            persons.push(ImportedPerson {
                person,
                sentence,
                fine_pkr,
            });
        }
        for o in &shape.others {
            persons.push(ImportedPerson {
                person: people::person(&mut self.rng, o, reported),
                sentence: None,
                fine_pkr: None,
            });
        }

        let sessions = shape
            .offences
            .iter()
            .any(|o| !(o.starts_with("EO") || o.starts_with("PA-")));
        let court = if sessions {
            format!(
                "Court of Additional Sessions Judge, {}",
                district_name(shape.district)
            )
        } else {
            format!(
                "Court of Judicial Magistrate, {}",
                district_name(shape.district)
            )
        };
        let hearings = self.hearings(&life, &court);
        let exploitation = shape.elements.purposes.clone();
        let case = NewCase {
            kind: shape.kind,
            elements: shape.elements,
            offences: shape.offences.iter().map(|s| s.to_string()).collect(),
            exploitation,
            scope: shape.scope,
            district: shape.district.into(),
            agency_id: Some(agency_id),
            fir_number: None,
            fir_date: life.fir_date,
            origin_district: shape.origin.map(Into::into),
            transit_points: shape.transit.iter().map(|s| s.to_string()).collect(),
            exit_point: shape.exit.map(Into::into),
            destination_countries: shape.destinations.iter().map(|s| s.to_string()).collect(),
            // How it came in, read from the story (no random draw, so the rest stays as it was).
            reported_via: Some({
                let t = shape.summary.to_lowercase();
                if t.contains("intercept") || t.contains("off-load") || t.contains("deport") {
                    ReportedVia::Immigration
                } else if t.contains("helpline") {
                    ReportedVia::Helpline
                } else if t.contains("ngo") {
                    ReportedVia::Ngo
                } else if t.contains("raid") || shape.fia {
                    ReportedVia::PoliceStation
                } else {
                    ReportedVia::Family
                }
            }),
            summary: Some(shape.summary),
            reported_on: Some(reported),
        };
        let created_by = match (shape.fia, shape.district) {
            (true, "LHR") => Some("io.lahore"),
            (true, "GRW") => Some("io.gujranwala"),
            (true, "QTA") => Some("io.quetta"),
            _ => None,
        };
        Ok((
            ImportedCase {
                case,
                created_by: created_by.map(Into::into),
                created_at: life.created_at,
                persons,
                events: life.events,
                hearings,
            },
            shape.fia,
        ))
    }

    /// Gives each FIR a number `NNN/YYYY` that grows through the year at the registering
    /// agency's pace (police stations register FIRs for every crime, circles far fewer).
    fn number_firs(&mut self, cases: &mut [(ImportedCase, bool)]) {
        let mut order: Vec<usize> = (0..cases.len())
            .filter(|&i| cases[i].0.case.fir_date.is_some())
            .collect();
        order.sort_by_key(|&i| (cases[i].0.case.agency_id, cases[i].0.case.fir_date, i));
        let mut books: HashMap<(Option<i64>, i32), (f64, i64)> = HashMap::new();
        for i in order {
            let fia = cases[i].1;
            let c = &mut cases[i].0.case;
            let date = c.fir_date.expect("filtered");
            let key = (c.agency_id, date.year());
            let rate = if fia {
                self.rng.gen_range(0.1..0.4)
            } else {
                self.rng.gen_range(0.8..3.0)
            };
            let book = books.entry(key).or_insert((rate, 0));
            let estimate = (f64::from(date.ordinal()) * book.0) as i64 + 1;
            let n = estimate.max(book.1 + 1);
            book.1 = n;
            c.fir_number = Some(format!("{n:03}/{}", date.year()));
        }
    }

    /// `n` cases, validated, in the order they were reported.
    pub(crate) fn cases(&mut self, n: usize) -> anyhow::Result<Vec<ImportedCase>> {
        let mut cases = Vec::with_capacity(n);
        for _ in 0..n {
            cases.push(self.one_case()?);
        }
        self.number_firs(&mut cases);
        cases.sort_by_key(|(c, _)| (c.case.reported_on, c.created_at));
        let today = self.today;
        cases
            .into_iter()
            .map(|(mut c, _)| {
                c.case = c
                    .case
                    .validate(today)
                    .map_err(|e| anyhow::anyhow!("generated case is invalid: {e}"))?;
                for p in &mut c.persons {
                    p.person = p
                        .person
                        .clone()
                        .validate(today)
                        .map_err(|e| anyhow::anyhow!("generated person is invalid: {e}"))?;
                }
                Ok(c)
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(cap_caseloads)
    }
}

/// Cases one demo investigating officer holds at most: their newest. A demo of a million cases
/// would otherwise give `io.lahore` some 64,000, where an officer carries a few hundred; the
/// others were registered by officers who have no demo account. The default demo's officers
/// hold fewer than this, so it is unchanged.
const CASELOAD: usize = 500;

/// Keeps each demo officer's newest [`CASELOAD`] cases theirs (`cases` in the order reported).
fn cap_caseloads(mut cases: Vec<ImportedCase>) -> Vec<ImportedCase> {
    let mut held: std::collections::HashMap<String, usize> = Default::default();
    for c in cases.iter_mut().rev() {
        if let Some(officer) = &c.created_by {
            let n = held.entry(officer.clone()).or_default();
            *n += 1;
            if *n > CASELOAD {
                c.created_by = None;
            }
        }
    }
    cases
}

/// A case's walk through the stages.
struct Walk {
    day: NaiveDate,
    at: DateTime<Utc>,
    stage: Stage,
    events: Vec<(Stage, DateTime<Utc>, Option<String>)>,
    fir_date: Option<NaiveDate>,
    trial_start: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agencies() -> HashMap<String, i64> {
        crate::agencies::plan()
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p.name, i as i64 + 1))
            .collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, 20).unwrap()
    }

    #[test]
    fn a_window_reaching_before_june_2018_has_historic_pachto_cases() {
        let a = agencies();
        let today = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
        let cutoff = NaiveDate::from_ymd_opt(2018, 6, 1).unwrap();
        let cases = Gen::new(today, 5, &a).cases(400).unwrap();
        let pachto: Vec<_> = cases
            .iter()
            .filter(|c| c.case.offences.iter().any(|o| o == "PACHTO-3"))
            .collect();
        assert!(!pachto.is_empty());
        assert!(pachto.iter().all(|c| c.case.reported_on.unwrap() < cutoff));
        assert!(cases
            .iter()
            .filter(|c| c.case.reported_on.unwrap() < cutoff)
            .all(|c| !c
                .case
                .offences
                .iter()
                .any(|o| o.starts_with("PTPA") || o.starts_with("PSMA"))));
    }

    #[test]
    fn a_demo_officer_holds_their_newest_cases_up_to_a_caseload() {
        let a = agencies();
        let held = |cases: &[ImportedCase]| {
            cases
                .iter()
                .filter(|c| c.created_by.as_deref() == Some("io.lahore"))
                .count()
        };
        // The default demo is under the cap: nothing changes there.
        let cases = Gen::new(today(), 2018, &a).cases(5_000).unwrap();
        assert!((1..CASELOAD).contains(&held(&cases)), "{}", held(&cases));
        // Four times as many cases: the officer keeps their newest CASELOAD, and the older
        // ones were registered by officers without a demo account.
        let cases = Gen::new(today(), 2018, &a).cases(20_000).unwrap();
        assert_eq!(held(&cases), CASELOAD);
        let first = cases
            .iter()
            .position(|c| c.created_by.as_deref() == Some("io.lahore"))
            .unwrap();
        assert!(cases[..first]
            .iter()
            .all(|c| c.created_by.as_deref() != Some("io.lahore")));
        assert!(cases[..first]
            .iter()
            .any(|c| c.case.district == "LHR" && c.created_by.is_none()));
    }

    #[test]
    fn amounts_are_written_with_thousands_separators() {
        assert_eq!(pkr(2_500_000), "PKR 2,500,000");
        assert_eq!(pkr(400_000), "PKR 400,000");
        assert_eq!(pkr(50_000), "PKR 50,000");
        assert_eq!(pkr(7), "PKR 7");
    }

    #[test]
    fn histories_follow_the_stage_rules() {
        let a = agencies();
        let cases = Gen::new(today(), 7, &a).cases(2000).unwrap();
        let mut stalled = 0;
        let mut open = 0;
        let mut prosecutions = 0;
        let mut convictions = 0;
        let mut upcoming = 0;
        for c in &cases {
            let mut stage = Stage::ComplaintReceived;
            let mut last = c.created_at;
            for (to, at, remark) in &c.events {
                assert!(stage.can_move_to(*to), "{stage:?} -> {to:?}");
                assert!(*at >= last, "events in order");
                assert!(at.date_naive() < today());
                if to.needs_remark() {
                    assert!(remark.is_some());
                }
                if *to == Stage::FirRegistered {
                    assert_eq!(c.case.fir_date, Some(at.date_naive()));
                }
                stage = *to;
                last = *at;
            }
            assert_eq!(c.case.fir_number.is_some(), c.case.fir_date.is_some());
            if c.events.iter().any(|e| e.0 == Stage::UnderTrial) {
                prosecutions += 1;
            }
            if stage == Stage::Convicted {
                convictions += 1;
                assert!(c.persons.iter().any(|p| p.sentence.is_some()));
            }
            if stage.is_open() {
                open += 1;
                if (today() - last.date_naive()).num_days() > 90 {
                    stalled += 1;
                }
            }
            if c.hearings
                .iter()
                .any(|h| h.date > today() && h.date <= today() + Days::new(30))
            {
                upcoming += 1;
            }
        }
        let rate = convictions as f64 / prosecutions as f64;
        assert!((0.07..0.16).contains(&rate), "conviction rate {rate}");
        assert!(stalled * 5 > open, "stalled {stalled} of {open}");
        assert!(upcoming > 20, "{upcoming}");
    }
}
