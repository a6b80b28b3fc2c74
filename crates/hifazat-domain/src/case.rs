//! Cases: their kind (trafficking, smuggling, both), the legal elements that decide the kind,
//! their stages and the transitions allowed between them.

use crate::access::{Actor, UserRole};
use crate::code_list;
use crate::reference;
use crate::validation::{clean, FieldErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Offences repealed in 2018 are for cases reported before this day (checked when compiling).
const HISTORIC_UNTIL: NaiveDate = match NaiveDate::from_ymd_opt(2018, 6, 1) {
    Some(d) => d,
    None => panic!("1 June 2018 is a date"),
};

code_list! {
    /// What a case is about. "Not every violation is trafficking": smuggling is kept apart.
    CaseKind {
        Trafficking = "trafficking": "Trafficking in persons (PTPA 2018)",
        Smuggling = "smuggling": "Smuggling of migrants (PSMA 2018)",
        Both = "both": "Both trafficking and smuggling",
        Undetermined = "undetermined": "Not yet determined",
    }
}

code_list! {
    /// How the case came to the authorities.
    ReportedVia {
        PoliceStation = "police_station": "Complaint at a police station or FIA circle",
        Helpline = "helpline": "Helpline",
        PublicReport = "public_report": "Report through the public portal",
        Media = "media": "Media report",
        Family = "family": "The victim's family",
        Ngo = "ngo": "An NGO",
        Immigration = "immigration": "Immigration (at the border or on deportation)",
        Victim = "victim": "The victim",
        Other = "other": "Other",
    }
}

code_list! {
    /// Whether the movement stayed inside Pakistan.
    Scope {
        Internal = "internal": "Internal",
        CrossBorder = "cross_border": "Cross-border",
    }
}

code_list! {
    /// The trafficking *act* under PTPA 2018.
    Act {
        Recruiting = "recruiting": "Recruiting",
        Harbouring = "harbouring": "Harbouring",
        Transporting = "transporting": "Transporting",
        Providing = "providing": "Providing",
        Obtaining = "obtaining": "Obtaining",
    }
}

code_list! {
    /// Where a case stands. `Convicted`, `Acquitted` and `Compounded` are the decided stages;
    /// the three `Closed*` stages close a case without a decision.
    Stage {
        ComplaintReceived = "complaint_received": "Complaint received",
        Inquiry = "inquiry": "Inquiry",
        FirRegistered = "fir_registered": "FIR registered",
        UnderInvestigation = "under_investigation": "Under investigation",
        ChallanSubmitted = "challan_submitted": "Challan submitted",
        UnderTrial = "under_trial": "Under trial",
        Convicted = "convicted": "Decided: convicted",
        Acquitted = "acquitted": "Decided: acquitted",
        Compounded = "compounded": "Decided: compounded",
        ClosedUntraced = "closed_untraced": "Closed: untraced",
        ClosedCancelled = "closed_cancelled": "Closed: cancelled",
        ClosedTransferred = "closed_transferred": "Closed: transferred",
    }
}

impl Stage {
    /// Stages a case may move to from this one.
    pub fn next(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            ComplaintReceived => &[Inquiry, FirRegistered, ClosedCancelled, ClosedTransferred],
            Inquiry => &[FirRegistered, ClosedCancelled, ClosedTransferred],
            FirRegistered => &[UnderInvestigation, ClosedCancelled, ClosedTransferred],
            UnderInvestigation => &[
                ChallanSubmitted,
                ClosedUntraced,
                ClosedCancelled,
                ClosedTransferred,
            ],
            // A court may return a challan for further investigation.
            ChallanSubmitted => &[UnderTrial, UnderInvestigation],
            UnderTrial => &[Convicted, Acquitted, Compounded],
            // An untraced case is reopened when the accused is traced.
            ClosedUntraced => &[UnderInvestigation],
            Convicted | Acquitted | Compounded | ClosedCancelled | ClosedTransferred => &[],
        }
    }

    /// True when `to` may follow this stage.
    pub fn can_move_to(self, to: Stage) -> bool {
        self.next().contains(&to)
    }

    /// True for stages in which the case still needs work.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Stage::Convicted
                | Stage::Acquitted
                | Stage::Compounded
                | Stage::ClosedUntraced
                | Stage::ClosedCancelled
                | Stage::ClosedTransferred
        )
    }

    /// True for the decided stages.
    pub fn is_decided(self) -> bool {
        matches!(
            self,
            Stage::Convicted | Stage::Acquitted | Stage::Compounded
        )
    }

    /// Closing a case without a decision (untraced, cancelled) needs a supervisor's approval.
    pub fn needs_supervisor(self) -> bool {
        matches!(self, Stage::ClosedUntraced | Stage::ClosedCancelled)
    }

    /// Stages that are only entered with a remark explaining why.
    pub fn needs_remark(self) -> bool {
        !self.is_open() || self == Stage::UnderInvestigation
    }
}

/// The legal elements recorded with a case; they guide (and check) its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LegalElements {
    /// Trafficking acts.
    #[serde(default)]
    pub acts: Vec<Act>,
    /// Means (codes from the indicators list); not required when a victim is a child.
    #[serde(default)]
    pub means: Vec<String>,
    /// Purposes: forms of exploitation (codes from the exploitation list).
    #[serde(default)]
    pub purposes: Vec<String>,
    /// At least one victim is a child (under 18): means are then not required.
    #[serde(default)]
    pub child_victim: bool,
    /// Smuggling: the illegal entry of a person into a country was procured.
    #[serde(default)]
    pub illegal_entry: bool,
    /// Smuggling: for a financial or other material benefit.
    #[serde(default)]
    pub financial_benefit: bool,
}

impl LegalElements {
    /// The trafficking elements are all present (act, purpose, and means unless a child).
    pub fn trafficking_complete(&self) -> bool {
        !self.acts.is_empty()
            && !self.purposes.is_empty()
            && (self.child_victim || !self.means.is_empty())
    }

    /// The smuggling elements are all present.
    pub fn smuggling_complete(&self) -> bool {
        self.illegal_entry && self.financial_benefit
    }

    /// The kind the elements point to.
    pub fn suggested_kind(&self) -> CaseKind {
        match (self.trafficking_complete(), self.smuggling_complete()) {
            (true, true) => CaseKind::Both,
            (true, false) => CaseKind::Trafficking,
            (false, true) => CaseKind::Smuggling,
            (false, false) => CaseKind::Undetermined,
        }
    }
}

/// A case as submitted for registration.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewCase {
    /// Kind of case.
    pub kind: CaseKind,
    /// Legal elements.
    #[serde(default)]
    pub elements: LegalElements,
    /// Offence codes from the catalogue.
    #[serde(default)]
    pub offences: Vec<String>,
    /// Forms of exploitation (codes).
    #[serde(default)]
    pub exploitation: Vec<String>,
    /// Internal or cross-border.
    pub scope: Scope,
    /// District where the case is registered (three-letter code, e.g. `LHR`).
    pub district: String,
    /// Police station or circle that registers the case (agency id).
    pub agency_id: Option<i64>,
    /// FIR number, once an FIR is registered.
    pub fir_number: Option<String>,
    /// FIR date.
    pub fir_date: Option<NaiveDate>,
    /// District of origin of the victims (code).
    pub origin_district: Option<String>,
    /// Transit points, in order.
    #[serde(default)]
    pub transit_points: Vec<String>,
    /// Exit point from Pakistan.
    pub exit_point: Option<String>,
    /// Destination countries (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub destination_countries: Vec<String>,
    /// Short summary of the allegation (no names of victims).
    pub summary: Option<String>,
    /// Date the complaint was received; today when absent.
    pub reported_on: Option<NaiveDate>,
    /// How the case came to the authorities.
    #[serde(default)]
    pub reported_via: Option<ReportedVia>,
}

impl NewCase {
    /// Checks the case against the code lists and the legal elements; `today` bounds dates.
    /// Returns the cleaned case or a message per field.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewCase, FieldErrors> {
        let mut e = FieldErrors::new();
        let el = &self.elements;
        let tip = matches!(self.kind, CaseKind::Trafficking | CaseKind::Both);
        let som = matches!(self.kind, CaseKind::Smuggling | CaseKind::Both);
        if tip {
            if el.acts.is_empty() {
                e.add("elements.acts", "a trafficking case needs at least one act (recruiting, harbouring, transporting, providing or obtaining)");
            }
            if el.purposes.is_empty() {
                e.add(
                    "elements.purposes",
                    "a trafficking case needs a purpose of exploitation",
                );
            }
            if el.means.is_empty() && !el.child_victim {
                e.add("elements.means", "a trafficking case needs the means used (force, fraud, coercion…) unless the victim is a child");
            }
        }
        if som {
            if !el.illegal_entry {
                e.add(
                    "elements.illegal_entry",
                    "smuggling means procuring a person's illegal entry into a country",
                );
            }
            if !el.financial_benefit {
                e.add(
                    "elements.financial_benefit",
                    "smuggling needs a financial or other material benefit",
                );
            }
        }
        for m in &el.means {
            if reference::indicator(m).is_none() {
                e.add("elements.means", format!("unknown means '{m}'"));
            }
        }
        for p in &el.purposes {
            if reference::exploitation_form(p).is_none() {
                e.add(
                    "elements.purposes",
                    format!("unknown form of exploitation '{p}'"),
                );
            }
        }
        for o in &self.offences {
            match reference::offence(o) {
                None => e.add("offences", format!("unknown offence '{o}'")),
                Some(off) if off.historic == 1 && self.reported_on.is_none_or(|d| d >= HISTORIC_UNTIL) => {
                    e.add("offences", format!("{} was repealed in 2018: use it only for historic cases reported before June 2018", off.code))
                }
                Some(_) => {}
            }
        }
        for x in &self.exploitation {
            if reference::exploitation_form(x).is_none() {
                e.add(
                    "exploitation",
                    format!("unknown form of exploitation '{x}'"),
                );
            }
        }
        if reference::district_by_code(&self.district).is_none() {
            e.add("district", "choose a district");
        }
        if let Some(o) = &self.origin_district {
            if !o.is_empty() && reference::district_by_code(o).is_none() {
                e.add("origin_district", format!("unknown district '{o}'"));
            }
        }
        self.origin_district = clean(self.origin_district.as_deref());
        self.fir_number = clean(self.fir_number.as_deref());
        self.exit_point = clean(self.exit_point.as_deref());
        self.summary = clean(self.summary.as_deref());
        self.transit_points = self
            .transit_points
            .iter()
            .filter_map(|t| clean(Some(t)))
            .collect();
        if let Some(f) = &self.fir_number {
            if f.chars().count() > 40 {
                e.add("fir_number", "an FIR number has at most 40 characters");
            }
        }
        if self.fir_number.is_some() != self.fir_date.is_some() {
            e.add(
                "fir_date",
                "give both the FIR number and the FIR date, or neither",
            );
        }
        if let Some(d) = self.fir_date {
            if d > today {
                e.add("fir_date", "the FIR date is in the future");
            }
        }
        if let Some(d) = self.reported_on {
            if d > today {
                e.add("reported_on", "the date reported is in the future");
            }
        }
        if let (Some(r), Some(f)) = (self.reported_on, self.fir_date) {
            if f < r {
                e.add("fir_date", "the FIR cannot precede the complaint");
            }
        }
        let mut dest = Vec::new();
        for c in &self.destination_countries {
            match reference::country(c.trim()) {
                Some(country) if country.alpha2 == "PK" && self.scope == Scope::CrossBorder => e
                    .add(
                        "destination_countries",
                        "a cross-border destination is outside Pakistan",
                    ),
                Some(country) => dest.push(country.alpha2.clone()),
                None => e.add(
                    "destination_countries",
                    format!("unknown country code '{c}'"),
                ),
            }
        }
        self.destination_countries = dest;
        if self.scope == Scope::Internal && !self.destination_countries.is_empty() {
            e.add(
                "destination_countries",
                "an internal case has no destination country",
            );
        }
        if som && self.scope == Scope::Internal {
            e.add("scope", "smuggling of migrants is always cross-border");
        }
        if self
            .summary
            .as_ref()
            .is_some_and(|s| s.chars().count() > 4000)
        {
            e.add("summary", "keep the summary under 4,000 characters");
        }
        e.into_result(self)
    }
}

/// The part of a registered case an amendment may change: its kind and the legal elements that
/// decide it, its offences, forms of exploitation, route and summary. (Where and when it was
/// registered, and its FIR, are not amended: a case changes district by transfer.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Classification {
    /// Kind of case.
    pub kind: CaseKind,
    /// Legal elements.
    #[serde(default)]
    pub elements: LegalElements,
    /// Offence codes from the catalogue.
    #[serde(default)]
    pub offences: Vec<String>,
    /// Forms of exploitation (codes); the purposes among the elements are always included.
    #[serde(default)]
    pub exploitation: Vec<String>,
    /// Internal or cross-border.
    pub scope: Scope,
    /// District of origin of the victims (code).
    pub origin_district: Option<String>,
    /// Transit points, in order.
    #[serde(default)]
    pub transit_points: Vec<String>,
    /// Exit point from Pakistan.
    pub exit_point: Option<String>,
    /// Destination countries (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub destination_countries: Vec<String>,
    /// Short summary of the allegation (no names of victims).
    pub summary: Option<String>,
    /// How the case came to the authorities.
    #[serde(default)]
    pub reported_via: Option<ReportedVia>,
}

/// What an amendment changed in one field: the codes or values it removed and added (for a
/// single value, the old one and the new one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Change {
    /// The field, as in [`Classification`] (`kind`, `offences`, `elements.acts`…).
    pub field: &'static str,
    /// Codes or values no longer there.
    pub removed: Vec<String>,
    /// Codes or values added.
    pub added: Vec<String>,
}

/// An amendment as submitted: the case's classification as it should now stand, and why.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CaseAmendment {
    /// The classification in full (what is left out is removed).
    pub classification: Classification,
    /// Why the case is amended (required; kept with the history).
    pub reason: Option<String>,
}

/// The fixed facts of a registered case that an amendment is checked against.
#[derive(Debug, Clone)]
pub struct Registration {
    /// District code.
    pub district: String,
    /// FIR number.
    pub fir_number: Option<String>,
    /// FIR date.
    pub fir_date: Option<NaiveDate>,
    /// Day the complaint was received.
    pub reported_on: NaiveDate,
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

impl Classification {
    /// The classification of a case as submitted for registration.
    pub fn of(c: &NewCase) -> Classification {
        Classification {
            kind: c.kind,
            elements: c.elements.clone(),
            offences: c.offences.clone(),
            exploitation: c.exploitation.clone(),
            scope: c.scope,
            origin_district: c.origin_district.clone(),
            transit_points: c.transit_points.clone(),
            exit_point: c.exit_point.clone(),
            destination_countries: c.destination_countries.clone(),
            summary: c.summary.clone(),
            reported_via: c.reported_via,
        }
        .normalized()
    }

    /// Lists in a canonical order, the purposes among the forms (as the case stores them).
    pub fn normalized(mut self) -> Classification {
        self.offences = sorted(self.offences);
        let mut forms = self.exploitation;
        forms.extend(self.elements.purposes.iter().cloned());
        self.exploitation = sorted(forms);
        self.destination_countries = sorted(self.destination_countries);
        self.elements.acts.sort_by_key(|a| a.code());
        self.elements.acts.dedup();
        self.elements.means = sorted(self.elements.means);
        self.elements.purposes = sorted(self.elements.purposes);
        self
    }

    /// Checks the amended classification by the rules a new case meets, on the case's own
    /// registration facts. Returns it cleaned and normalised, or a message per field.
    pub fn validate(
        self,
        on: &Registration,
        today: NaiveDate,
    ) -> Result<Classification, FieldErrors> {
        let c = NewCase {
            kind: self.kind,
            elements: self.elements,
            offences: self.offences,
            exploitation: self.exploitation,
            scope: self.scope,
            district: on.district.clone(),
            agency_id: None,
            fir_number: on.fir_number.clone(),
            fir_date: on.fir_date,
            origin_district: self.origin_district,
            transit_points: self.transit_points,
            exit_point: self.exit_point,
            destination_countries: self.destination_countries,
            summary: self.summary,
            reported_on: Some(on.reported_on),
            reported_via: self.reported_via,
        }
        .validate(today)?;
        Ok(Classification::of(&c))
    }

    /// What changes from this classification to `after`, field by field (empty: nothing).
    pub fn changes(&self, after: &Classification) -> Vec<Change> {
        let mut out = Vec::new();
        let mut set = |field: &'static str, a: Vec<String>, b: Vec<String>| {
            let removed: Vec<String> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
            let added: Vec<String> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
            if !removed.is_empty() || !added.is_empty() {
                out.push(Change {
                    field,
                    removed,
                    added,
                });
            }
        };
        let one = |v: Option<&str>| v.map(|s| vec![s.to_owned()]).unwrap_or_default();
        let flag = |b: bool| vec![if b { "yes" } else { "no" }.to_owned()];
        let codes = |v: &[Act]| v.iter().map(|a| a.code().to_owned()).collect::<Vec<_>>();
        let (x, y) = (&self.elements, &after.elements);
        set(
            "kind",
            one(Some(self.kind.code())),
            one(Some(after.kind.code())),
        );
        set("elements.acts", codes(&x.acts), codes(&y.acts));
        set("elements.means", x.means.clone(), y.means.clone());
        set("elements.purposes", x.purposes.clone(), y.purposes.clone());
        set(
            "elements.child_victim",
            flag(x.child_victim),
            flag(y.child_victim),
        );
        set(
            "elements.illegal_entry",
            flag(x.illegal_entry),
            flag(y.illegal_entry),
        );
        set(
            "elements.financial_benefit",
            flag(x.financial_benefit),
            flag(y.financial_benefit),
        );
        set("offences", self.offences.clone(), after.offences.clone());
        set(
            "exploitation",
            self.exploitation.clone(),
            after.exploitation.clone(),
        );
        set(
            "scope",
            one(Some(self.scope.code())),
            one(Some(after.scope.code())),
        );
        set(
            "origin_district",
            one(self.origin_district.as_deref()),
            one(after.origin_district.as_deref()),
        );
        // The route's order matters: a change of order is a change.
        let route = |v: &[String]| {
            one(Some(&v.join(" → "))
                .filter(|s| !s.is_empty())
                .map(|s| s.as_str()))
        };
        set(
            "transit_points",
            route(&self.transit_points),
            route(&after.transit_points),
        );
        set(
            "exit_point",
            one(self.exit_point.as_deref()),
            one(after.exit_point.as_deref()),
        );
        set(
            "destination_countries",
            self.destination_countries.clone(),
            after.destination_countries.clone(),
        );
        set(
            "summary",
            one(self.summary.as_deref()),
            one(after.summary.as_deref()),
        );
        set(
            "reported_via",
            one(self.reported_via.map(|r| r.code())),
            one(after.reported_via.map(|r| r.code())),
        );
        out
    }
}

/// A request to move a case to another stage.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct TransitionRequest {
    /// The stage to move to.
    pub to: Stage,
    /// Why (required when closing, deciding or returning a case).
    pub remark: Option<String>,
    /// FIR number, when moving to `fir_registered` and the case has none.
    pub fir_number: Option<String>,
    /// FIR date, with the number.
    pub fir_date: Option<NaiveDate>,
}

/// Why a case with these offences cannot be decided as compounded, if it cannot: compounding
/// needs every offence in the case to be compoundable (trafficking and smuggling offences are
/// not), and at least one offence on record.
pub fn compounding_refused(offences: &[String]) -> Option<String> {
    if offences.is_empty() {
        return Some("record the offences before deciding the case as compounded".into());
    }
    let not: Vec<&str> = offences
        .iter()
        .filter(|o| reference::offence(o).is_none_or(|x| x.compoundable == 0))
        .map(String::as_str)
        .collect();
    (!not.is_empty()).then(|| {
        format!(
            "{} cannot be compounded: record the verdict as convicted or acquitted",
            not.join(", ")
        )
    })
}

/// Checks a transition from `from` for `actor`; `has_fir` tells whether the case already has
/// an FIR number, `offences` are the case's offence codes. Returns the cleaned remark.
pub fn check_transition(
    actor: &Actor,
    from: Stage,
    req: &TransitionRequest,
    has_fir: bool,
    offences: &[String],
    today: NaiveDate,
) -> Result<Option<String>, FieldErrors> {
    let mut e = FieldErrors::new();
    if req.to == Stage::Compounded {
        if let Some(why) = compounding_refused(offences) {
            e.add("to", why);
        }
    }
    if !from.can_move_to(req.to) {
        let allowed: Vec<_> = from.next().iter().map(|s| s.label()).collect();
        e.add(
            "to",
            if allowed.is_empty() {
                format!(
                    "a case that is '{}' cannot move to another stage",
                    from.label()
                )
            } else {
                format!(
                    "a case that is '{}' cannot move to '{}'; allowed: {}",
                    from.label(),
                    req.to.label(),
                    allowed.join(", ")
                )
            },
        );
    }
    if req.to.needs_supervisor()
        && !actor.has_any(&[UserRole::Supervisor, UserRole::NationalCoordinator])
    {
        e.add(
            "to",
            format!("'{}' needs a supervisor's approval", req.to.label()),
        );
    }
    let remark = clean(req.remark.as_deref());
    if req.to.needs_remark() && remark.is_none() && from != Stage::FirRegistered {
        e.add(
            "remark",
            format!("say why the case is moving to '{}'", req.to.label()),
        );
    }
    if remark.as_ref().is_some_and(|r| r.chars().count() > 2000) {
        e.add("remark", "keep the remark under 2,000 characters");
    }
    if req.to == Stage::FirRegistered && !has_fir {
        if clean(req.fir_number.as_deref()).is_none() {
            e.add("fir_number", "give the FIR number");
        }
        match req.fir_date {
            None => e.add("fir_date", "give the FIR date"),
            Some(d) if d > today => e.add("fir_date", "the FIR date is in the future"),
            Some(_) => {}
        }
    }
    e.into_result(remark)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Jurisdiction;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn case(kind: CaseKind) -> NewCase {
        NewCase {
            kind,
            elements: LegalElements::default(),
            offences: vec![],
            exploitation: vec![],
            scope: Scope::CrossBorder,
            district: "LHR".into(),
            agency_id: None,
            fir_number: None,
            fir_date: None,
            origin_district: None,
            transit_points: vec![],
            exit_point: None,
            destination_countries: vec![],
            summary: None,
            reported_on: None,
            reported_via: None,
        }
    }

    fn officer(role: UserRole) -> Actor {
        Actor {
            user_id: 1,
            username: "x".into(),
            agency_id: None,
            roles: vec![role],
            jurisdiction: Jurisdiction::National,
        }
    }

    #[test]
    fn trafficking_needs_act_means_and_purpose() {
        let e = case(CaseKind::Trafficking).validate(today()).unwrap_err();
        assert!(e.first("elements.acts").is_some());
        assert!(e.first("elements.means").is_some());
        assert!(e.first("elements.purposes").is_some());
    }

    #[test]
    fn means_are_not_required_for_a_child() {
        let mut c = case(CaseKind::Trafficking);
        c.elements.acts = vec![Act::Recruiting];
        c.elements.purposes = vec!["camel_jockeying".into()];
        c.elements.child_victim = true;
        assert!(c.clone().validate(today()).is_ok());
        c.elements.child_victim = false;
        let e = c.validate(today()).unwrap_err();
        assert!(e.first("elements.means").is_some());
    }

    #[test]
    fn smuggling_needs_illegal_entry_and_benefit_and_a_border() {
        let mut c = case(CaseKind::Smuggling);
        let e = c.clone().validate(today()).unwrap_err();
        assert!(e.first("elements.illegal_entry").is_some());
        assert!(e.first("elements.financial_benefit").is_some());
        c.elements.illegal_entry = true;
        c.elements.financial_benefit = true;
        c.destination_countries = vec!["ir".into(), "TR".into()];
        let ok = c.clone().validate(today()).unwrap();
        assert_eq!(ok.destination_countries, vec!["IR", "TR"]);
        c.scope = Scope::Internal;
        assert!(c.validate(today()).unwrap_err().first("scope").is_some());
    }

    #[test]
    fn undetermined_needs_no_elements_and_elements_suggest_a_kind() {
        assert!(case(CaseKind::Undetermined).validate(today()).is_ok());
        let el = LegalElements {
            illegal_entry: true,
            financial_benefit: true,
            ..Default::default()
        };
        assert_eq!(el.suggested_kind(), CaseKind::Smuggling);
    }

    #[test]
    fn unknown_codes_and_future_dates_are_refused() {
        let mut c = case(CaseKind::Undetermined);
        c.offences = vec!["PPC-999".into()];
        c.district = "XXX".into();
        c.fir_number = Some("12/24".into());
        c.fir_date = NaiveDate::from_ymd_opt(2027, 1, 1);
        c.destination_countries = vec!["ZZ".into()];
        let e = c.validate(today()).unwrap_err();
        for f in ["offences", "district", "fir_date", "destination_countries"] {
            assert!(e.first(f).is_some(), "{f}: {e}");
        }
    }

    #[test]
    fn every_district_can_register_a_case() {
        for d in crate::reference::districts() {
            let mut c = case(CaseKind::Undetermined);
            c.district = d.code.clone();
            c.origin_district = Some(d.code.clone());
            assert!(c.validate(today()).is_ok(), "{}", d.name);
        }
        // Azad Jammu and Kashmir (Kotli) and Gilgit-Baltistan (Gilgit) among them.
        for code in ["KTL", "GLT"] {
            let mut c = case(CaseKind::Undetermined);
            c.district = code.into();
            assert_eq!(c.validate(today()).unwrap().district, code);
        }
    }

    #[test]
    fn pachto_only_for_historic_cases() {
        let mut c = case(CaseKind::Undetermined);
        c.offences = vec!["PACHTO-3".into()];
        assert!(c.clone().validate(today()).is_err());
        c.reported_on = NaiveDate::from_ymd_opt(2015, 3, 1);
        assert!(c.validate(today()).is_ok());
    }

    #[test]
    fn every_stage_reaches_a_closed_stage_and_closed_stages_stay_closed() {
        for s in Stage::ALL {
            if s.is_open() {
                assert!(!s.next().is_empty(), "{s:?} is a dead end");
            }
        }
        assert!(Stage::Convicted.next().is_empty());
        assert!(!Stage::ComplaintReceived.can_move_to(Stage::UnderTrial));
        assert!(Stage::UnderTrial.can_move_to(Stage::Convicted));
    }

    #[test]
    fn an_amendment_is_checked_like_a_new_case_and_lists_its_changes() {
        let on = Registration {
            district: "LHR".into(),
            fir_number: None,
            fir_date: None,
            reported_on: today(),
        };
        let mut som = case(CaseKind::Smuggling);
        som.elements.illegal_entry = true;
        som.elements.financial_benefit = true;
        som.offences = vec!["PSMA-3".into(), "EO-17".into()];
        som.destination_countries = vec!["IR".into()];
        let before = Classification::of(&som.validate(today()).unwrap());
        // Reclassified as trafficking without the elements: refused, field by field.
        let mut tip = before.clone();
        tip.kind = CaseKind::Trafficking;
        let e = tip.clone().validate(&on, today()).unwrap_err();
        assert!(e.first("elements.acts").is_some() && e.first("elements.purposes").is_some());
        tip.elements.acts = vec![Act::Recruiting];
        tip.elements.means = vec!["deception".into()];
        tip.elements.purposes = vec!["forced_labour".into()];
        tip.offences = vec!["PTPA-3".into(), "EO-17".into()];
        let after = tip.validate(&on, today()).unwrap();
        assert_eq!(
            after.exploitation,
            vec!["forced_labour"],
            "purposes are forms"
        );
        let changes = before.changes(&after);
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                "kind",
                "elements.acts",
                "elements.means",
                "elements.purposes",
                "offences",
                "exploitation"
            ]
        );
        assert_eq!(changes[0].removed, ["smuggling"]);
        assert_eq!(changes[0].added, ["trafficking"]);
        assert_eq!(changes[4].removed, ["PSMA-3"]);
        assert_eq!(changes[4].added, ["PTPA-3"]);
        assert!(after.changes(&after).is_empty());
    }

    #[test]
    fn only_compoundable_offences_are_compounded() {
        let sup = officer(UserRole::Supervisor);
        let req = TransitionRequest {
            to: Stage::Compounded,
            remark: Some("parties compromised".into()),
            fir_number: None,
            fir_date: None,
        };
        let check = |offences: &[&str]| {
            let o: Vec<String> = offences.iter().map(|s| s.to_string()).collect();
            check_transition(&sup, Stage::UnderTrial, &req, true, &o, today())
        };
        let e = check(&["PSMA-3", "PPC-420"]).unwrap_err();
        assert!(
            e.first("to")
                .unwrap()
                .starts_with("PSMA-3 cannot be compounded"),
            "{e}"
        );
        assert!(check(&[])
            .unwrap_err()
            .first("to")
            .unwrap()
            .contains("record the offences"));
        assert!(check(&["PPC-420"]).is_ok());
    }

    #[test]
    fn transitions_are_checked() {
        let io = officer(UserRole::InvestigatingOfficer);
        let sup = officer(UserRole::Supervisor);
        let req = |to, remark: Option<&str>| TransitionRequest {
            to,
            remark: remark.map(Into::into),
            fir_number: None,
            fir_date: None,
        };
        // Not allowed from this stage.
        let e = check_transition(
            &io,
            Stage::ComplaintReceived,
            &req(Stage::UnderTrial, None),
            false,
            &[],
            today(),
        )
        .unwrap_err();
        assert!(e.first("to").unwrap().contains("cannot move"));
        // FIR registration needs the FIR number and date.
        let e = check_transition(
            &io,
            Stage::Inquiry,
            &req(Stage::FirRegistered, None),
            false,
            &[],
            today(),
        )
        .unwrap_err();
        assert!(e.first("fir_number").is_some() && e.first("fir_date").is_some());
        assert!(check_transition(
            &io,
            Stage::Inquiry,
            &req(Stage::FirRegistered, None),
            true,
            &[],
            today()
        )
        .is_ok());
        // Closing as untraced needs a supervisor and a remark.
        let e = check_transition(
            &io,
            Stage::UnderInvestigation,
            &req(Stage::ClosedUntraced, Some("accused not traced")),
            true,
            &[],
            today(),
        )
        .unwrap_err();
        assert!(e.first("to").unwrap().contains("supervisor"));
        let e = check_transition(
            &sup,
            Stage::UnderInvestigation,
            &req(Stage::ClosedUntraced, None),
            true,
            &[],
            today(),
        )
        .unwrap_err();
        assert!(e.first("remark").is_some());
        assert!(check_transition(
            &sup,
            Stage::UnderInvestigation,
            &req(Stage::ClosedUntraced, Some("accused abroad")),
            true,
            &[],
            today()
        )
        .is_ok());
    }
}
