//! Who may do what, and where. The rules are pure functions of the [`Actor`]; the store turns
//! the jurisdiction into a filter baked into every query it runs for that actor.

use crate::case::Stage;
use crate::code_list;
use serde::{Deserialize, Serialize};

code_list! {
    /// A role held by a staff account; an account can hold several.
    UserRole {
        Administrator = "administrator": "Administrator",
        NationalCoordinator = "national_coordinator": "National coordinator",
        Supervisor = "supervisor": "Supervisor",
        InvestigatingOfficer = "investigating_officer": "Investigating officer",
        Prosecutor = "prosecutor": "Prosecutor",
        ProtectionOfficer = "protection_officer": "Protection / referral officer",
        ServiceProvider = "service_provider": "Service provider",
        ImmigrationOfficer = "immigration_officer": "Immigration officer",
        EmigrationOfficer = "emigration_officer": "Emigration authority (Bureau of Emigration)",
        HelplineOperator = "helpline_operator": "Helpline operator",
        Analyst = "analyst": "Analyst",
        Auditor = "auditor": "Auditor",
    }
}

/// The territory an account works in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "level", content = "code", rename_all = "snake_case")]
pub enum Jurisdiction {
    /// The whole country.
    National,
    /// One province or territory (ISO 3166-2 code, e.g. `PK-PB`; Khyber Pakhtunkhwa includes
    /// the former tribal districts, see [`crate::reference::current_province_code`]).
    Province(String),
    /// One district (three-letter code, e.g. `LHR`).
    District(String),
}

impl Jurisdiction {
    /// The stored form: `national`, `province:PK-PB` or `district:LHR`.
    pub fn to_code(&self) -> String {
        match self {
            Jurisdiction::National => "national".into(),
            Jurisdiction::Province(p) => format!("province:{p}"),
            Jurisdiction::District(d) => format!("district:{d}"),
        }
    }

    /// Parses the stored form. A former province is read as the one it is part of today
    /// (`province:PK-TA` is Khyber Pakhtunkhwa).
    pub fn from_code(s: &str) -> Option<Jurisdiction> {
        match s.split_once(':') {
            None if s == "national" => Some(Jurisdiction::National),
            Some(("province", p)) => {
                let p = crate::reference::current_province_code(p);
                crate::reference::province_name(p).map(|_| Jurisdiction::Province(p.into()))
            }
            Some(("district", d)) if crate::reference::district_by_code(d).is_some() => {
                Some(Jurisdiction::District(d.into()))
            }
            _ => None,
        }
    }

    /// True when a case registered in `district` (of `province`) lies inside. Province codes
    /// are compared as they stand today, so Khyber Pakhtunkhwa covers a district recorded
    /// under the former tribal areas' `PK-TA`.
    pub fn covers(&self, province: &str, district: &str) -> bool {
        use crate::reference::current_province_code as current;
        match self {
            Jurisdiction::National => true,
            Jurisdiction::Province(p) => current(p) == current(province),
            Jurisdiction::District(d) => d == district,
        }
    }

    /// True when every case `other` covers lies inside this jurisdiction too.
    pub fn contains(&self, other: &Jurisdiction) -> bool {
        use crate::reference::current_province_code as current;
        match (self, other) {
            (Jurisdiction::National, _) => true,
            (Jurisdiction::Province(p), Jurisdiction::Province(q)) => current(p) == current(q),
            (Jurisdiction::Province(p), Jurisdiction::District(d)) => {
                crate::reference::district_by_code(d)
                    .is_some_and(|x| current(&x.province_code) == current(p))
            }
            (Jurisdiction::District(a), Jurisdiction::District(b)) => a == b,
            _ => false,
        }
    }

    /// A label for the interface, e.g. "Lahore district".
    pub fn label(&self) -> String {
        match self {
            Jurisdiction::National => "National".into(),
            Jurisdiction::Province(p) => {
                crate::reference::province_name(crate::reference::current_province_code(p))
                    .unwrap_or(p)
                    .to_owned()
            }
            Jurisdiction::District(d) => match crate::reference::district_by_code(d) {
                Some(x) => format!("{} district", x.name),
                None => d.clone(),
            },
        }
    }
}

/// Something a user may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read cases (and the non-identifying data of persons in them) in one's jurisdiction; a
    /// prosecutor reads only the cases at prosecution stages ([`Actor::case_stages`]).
    ViewCases,
    /// Search the national person index and read person records.
    SearchPersons,
    /// Choose a case's investigating officer and supervising officer.
    AssignCases,
    /// Register cases, add persons, move stages, record hearings.
    EditCases,
    /// See a victim's identifying details (audited every time).
    ViewVictimIdentity,
    /// See the monitoring page (aggregates; case lists for case-handling roles).
    ViewMonitoring,
    /// See the statistics: protected tables for publication, in one's jurisdiction.
    ViewStatistics,
    /// Keep the plan's monitoring matrix and the published figures imported beside ours.
    ManageStatistics,
    /// Read the audit trail.
    ViewAudit,
    /// Manage accounts.
    ManageUsers,
    /// Identify victims, record consent, refer, follow up (in one's jurisdiction).
    Protect,
    /// Refer without consent, with a recorded reason.
    OverrideConsent,
    /// Answer referrals and record services (a provider's own referrals only).
    ProvideServices,
    /// See the protection dashboard.
    ViewProtection,
    /// Screen travellers and decide alerts.
    Screen,
    /// See the watchlists (the Red Book, blacklists).
    ViewWatchlists,
    /// Add and remove watchlist entries.
    ManageWatchlists,
    /// Record a case's trial: court and judge, hearing outcomes, verdicts, appeals,
    /// compensation, and the victims and witnesses at trial (testimony, protection measures,
    /// threats). The prosecutor of the court's district and the case's own officers.
    RecordTrial,
    /// Scrutinise a challan (accept it for the court or return it with objections): the
    /// prosecution's call alone.
    ScrutiniseChallan,
    /// Read the register of recruitment agents (licensed promoters and unlicensed agents) and
    /// what is linked to them: the case roles and the emigration authority.
    ViewAgents,
    /// Keep the register of licensed promoters (import it, record actions on a licence): the
    /// emigration authority and the national coordinator.
    ManageAgents,
    /// Record a call or message to the helpline (helpline operators; supervisors and the
    /// national coordinator, who also take calls).
    RecordIntake,
    /// Triage the reports and helpline records of one's jurisdiction: classify, link, open an
    /// inquiry, route; name a district's duty officer.
    TriageIntake,
    /// Record returnees (deportees, off-loaded passengers, returning migrants), import their
    /// daily lists, debrief them, and read those who arrived in or come from one's
    /// jurisdiction: immigration and the case roles.
    Returnees,
    /// Record interceptions at borders and link them to cases (immigration officers, case
    /// officers, supervisors, the national coordinator), and read them one by one.
    RecordInterceptions,
    /// See the totals of interceptions: those who record them, and analysts (totals only, small
    /// counts suppressed).
    ViewInterceptions,
    /// Import whole registers in bulk (cases with their history, victims with their protection
    /// records): administrators, and the system actor on the server's command line and seeder.
    ImportRegisters,
}

/// The signed-in user as the rules see them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Actor {
    /// Account id.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// The agency the account belongs to.
    pub agency_id: Option<i64>,
    /// Roles held.
    pub roles: Vec<UserRole>,
    /// Territory.
    pub jurisdiction: Jurisdiction,
}

const CASE_ROLES: &[UserRole] = &[
    UserRole::NationalCoordinator,
    UserRole::Supervisor,
    UserRole::InvestigatingOfficer,
];

/// The stages at which a case is before the prosecution and the court.
pub const PROSECUTION_STAGES: &[Stage] = &[
    Stage::ChallanSubmitted,
    Stage::UnderTrial,
    Stage::Convicted,
    Stage::Acquitted,
    Stage::Compounded,
];

impl Actor {
    /// True when the actor holds one of `roles`.
    pub fn has_any(&self, roles: &[UserRole]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }

    /// True when the actor may do `action` (within their jurisdiction).
    pub fn may(&self, action: Action) -> bool {
        use UserRole::*;
        match action {
            Action::ViewCases => self.has_any(CASE_ROLES) || self.has_any(&[Prosecutor]),
            Action::SearchPersons | Action::EditCases | Action::ViewVictimIdentity => {
                self.has_any(CASE_ROLES)
            }
            Action::ViewMonitoring => self.has_any(&[
                NationalCoordinator,
                Supervisor,
                InvestigatingOfficer,
                Analyst,
            ]),
            Action::ViewStatistics => self.has_any(&[NationalCoordinator, Supervisor, Analyst]),
            Action::ManageStatistics => self.has_any(&[NationalCoordinator]),
            Action::ViewAudit => self.has_any(&[Auditor]),
            Action::ManageUsers | Action::ImportRegisters => self.has_any(&[Administrator]),
            Action::Protect => self.has_any(&[
                ProtectionOfficer,
                InvestigatingOfficer,
                Supervisor,
                NationalCoordinator,
            ]),
            Action::OverrideConsent | Action::AssignCases => {
                self.has_any(&[Supervisor, NationalCoordinator])
            }
            Action::ProvideServices => self.has_any(&[ServiceProvider]),
            Action::ViewProtection => {
                self.has_any(&[ProtectionOfficer, Supervisor, NationalCoordinator, Analyst])
            }
            Action::Screen => self.has_any(&[ImmigrationOfficer, NationalCoordinator]),
            Action::ViewWatchlists => self.has_any(&[
                ImmigrationOfficer,
                NationalCoordinator,
                Supervisor,
                InvestigatingOfficer,
            ]),
            Action::ManageWatchlists => self.has_any(&[NationalCoordinator, Supervisor]),
            Action::RecordTrial => self.has_any(CASE_ROLES) || self.has_any(&[Prosecutor]),
            Action::ScrutiniseChallan => self.has_any(&[Prosecutor]),
            Action::ViewAgents => self.has_any(CASE_ROLES) || self.has_any(&[EmigrationOfficer]),
            Action::ManageAgents => self.has_any(&[EmigrationOfficer, NationalCoordinator]),
            Action::RecordIntake => {
                self.has_any(&[HelplineOperator, Supervisor, NationalCoordinator])
            }
            Action::TriageIntake => self.has_any(&[Supervisor, NationalCoordinator]),
            Action::Returnees => self.has_any(&[
                ImmigrationOfficer,
                InvestigatingOfficer,
                Supervisor,
                NationalCoordinator,
            ]),
            Action::RecordInterceptions => {
                self.has_any(CASE_ROLES) || self.has_any(&[ImmigrationOfficer])
            }
            Action::ViewInterceptions => {
                self.may(Action::RecordInterceptions) || self.has_any(&[Analyst])
            }
        }
    }

    /// The stages of the cases the actor may read or count: the prosecution stages for an
    /// account whose only case role is prosecutor (a case reaches the prosecutor with its
    /// challan, and stays readable through the verdict); `None`, every stage, for case officers
    /// and for the aggregate-only roles (whose counts cover every stage).
    pub fn case_stages(&self) -> Option<&'static [Stage]> {
        if self.has_any(&[UserRole::Prosecutor]) && !self.has_any(CASE_ROLES) {
            Some(PROSECUTION_STAGES)
        } else {
            None
        }
    }

    /// True when the actor sees only aggregates (no case lists, small counts suppressed).
    pub fn aggregates_only(&self) -> bool {
        !self.may(Action::ViewCases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference;

    fn actor(role: UserRole, j: Jurisdiction) -> Actor {
        Actor {
            user_id: 1,
            username: "u".into(),
            agency_id: None,
            roles: vec![role],
            jurisdiction: j,
        }
    }

    #[test]
    fn a_jurisdiction_contains_the_smaller_ones_inside_it() {
        let p = |c: &str| Jurisdiction::Province(c.into());
        let d = |c: &str| Jurisdiction::District(c.into());
        assert!(Jurisdiction::National.contains(&p("PK-SD")));
        assert!(p("PK-PB").contains(&d("LHR")));
        assert!(!p("PK-SD").contains(&d("LHR")));
        assert!(!d("LHR").contains(&p("PK-PB")));
        assert!(!p("PK-PB").contains(&Jurisdiction::National));
        assert!(d("LHR").contains(&d("LHR")));
    }

    #[test]
    fn a_prosecutor_reads_cases_at_prosecution_stages_and_changes_nothing() {
        let p = actor(UserRole::Prosecutor, Jurisdiction::District("LHR".into()));
        assert!(p.may(Action::ViewCases));
        for a in [
            Action::EditCases,
            Action::ViewVictimIdentity,
            Action::SearchPersons,
            Action::ViewMonitoring,
            Action::Protect,
        ] {
            assert!(!p.may(a), "{a:?}");
        }
        assert_eq!(p.case_stages(), Some(PROSECUTION_STAGES));
        assert!(!p.may(Action::AssignCases));
        assert!(p.may(Action::RecordTrial) && p.may(Action::ScrutiniseChallan));
        assert!(!PROSECUTION_STAGES.contains(&Stage::UnderInvestigation));
        let io = actor(
            UserRole::InvestigatingOfficer,
            Jurisdiction::District("LHR".into()),
        );
        assert_eq!(io.case_stages(), None);
        assert!(io.may(Action::SearchPersons));
        assert!(
            !io.may(Action::AssignCases),
            "an officer does not assign cases to themselves"
        );
        let sup = actor(UserRole::Supervisor, Jurisdiction::Province("PK-PB".into()));
        assert!(sup.may(Action::AssignCases));
        assert!(
            sup.may(Action::RecordTrial) && !sup.may(Action::ScrutiniseChallan),
            "the police do not scrutinise their own challan"
        );
        let mut both = p.clone();
        both.roles.push(UserRole::Supervisor);
        assert_eq!(both.case_stages(), None);
        // An analyst's aggregates count every stage.
        assert_eq!(
            actor(UserRole::Analyst, Jurisdiction::National).case_stages(),
            None
        );
    }

    #[test]
    fn jurisdictions_cover_their_own_territory_only() {
        let lhr = Jurisdiction::District("LHR".into());
        assert!(lhr.covers("PK-PB", "LHR"));
        assert!(!lhr.covers("PK-PB", "GRW"));
        let pb = Jurisdiction::Province("PK-PB".into());
        assert!(pb.covers("PK-PB", "GRW"));
        assert!(!pb.covers("PK-SD", "KHS"));
        assert!(Jurisdiction::National.covers("PK-SD", "KHS"));
        for j in [lhr, pb, Jurisdiction::National] {
            assert_eq!(Jurisdiction::from_code(&j.to_code()), Some(j));
        }
        assert_eq!(Jurisdiction::from_code("district:ZZZ"), None);
        assert_eq!(Jurisdiction::from_code("province:PK-ZZ"), None);
    }

    #[test]
    fn khyber_pakhtunkhwa_covers_the_former_tribal_districts() {
        let kp = Jurisdiction::Province("PK-KP".into());
        for d in reference::districts()
            .iter()
            .filter(|d| d.census_province_code.as_deref() == Some("PK-TA"))
        {
            assert!(kp.covers(&d.province_code, &d.code), "{}", d.name);
            // Also when a record still carries the census-time code.
            assert!(kp.covers("PK-TA", &d.code), "{}", d.name);
            assert!(!Jurisdiction::Province("PK-PB".into()).covers(&d.province_code, &d.code));
        }
        // A stored `province:PK-TA` (before migration 0007) reads as Khyber Pakhtunkhwa.
        assert_eq!(Jurisdiction::from_code("province:PK-TA"), Some(kp.clone()));
        assert_eq!(
            Jurisdiction::Province("PK-TA".into()).label(),
            "Khyber Pakhtunkhwa"
        );
        assert!(Jurisdiction::Province("PK-TA".into()).covers("PK-KP", "BJR"));
        assert!(!kp.covers("PK-PB", "LHR"));
    }

    #[test]
    fn districts_of_azad_kashmir_and_gilgit_baltistan_are_jurisdictions() {
        for (code, province, name) in [
            ("MZD", "PK-JK", "Muzaffarabad"),
            ("MPR", "PK-JK", "Mirpur"),
            ("KTL", "PK-JK", "Kotli"),
            ("GLT", "PK-GB", "Gilgit"),
            ("SKD", "PK-GB", "Skardu"),
            ("TGR", "PK-GB", "Tangir"),
        ] {
            let j = Jurisdiction::from_code(&format!("district:{code}")).expect(code);
            assert_eq!(j, Jurisdiction::District(code.into()));
            assert_eq!(j.label(), format!("{name} district"));
            assert!(j.covers(province, code));
            let p = Jurisdiction::from_code(&format!("province:{province}")).expect(province);
            assert!(p.covers(province, code));
            assert!(!Jurisdiction::Province("PK-KP".into()).covers(province, code));
        }
        assert_eq!(
            Jurisdiction::from_code("province:PK-JK").unwrap().label(),
            "Azad Jammu and Kashmir"
        );
    }

    #[test]
    fn the_emigration_authority_keeps_the_register_of_agents_and_sees_no_cases() {
        let em = actor(UserRole::EmigrationOfficer, Jurisdiction::National);
        assert!(em.may(Action::ViewAgents) && em.may(Action::ManageAgents));
        assert!(!em.may(Action::ViewCases) && !em.may(Action::SearchPersons));
        let io = actor(
            UserRole::InvestigatingOfficer,
            Jurisdiction::District("GRW".into()),
        );
        assert!(io.may(Action::ViewAgents) && !io.may(Action::ManageAgents));
        let nc = actor(UserRole::NationalCoordinator, Jurisdiction::National);
        assert!(nc.may(Action::ManageAgents));
        for r in [
            UserRole::Analyst,
            UserRole::Prosecutor,
            UserRole::ServiceProvider,
        ] {
            assert!(
                !actor(r, Jurisdiction::National).may(Action::ViewAgents),
                "{r:?}"
            );
        }
    }

    #[test]
    fn border_staff_record_interceptions_and_analysts_see_their_totals() {
        for r in [
            UserRole::ImmigrationOfficer,
            UserRole::InvestigatingOfficer,
            UserRole::Supervisor,
            UserRole::NationalCoordinator,
        ] {
            let a = actor(r, Jurisdiction::National);
            assert!(
                a.may(Action::RecordInterceptions) && a.may(Action::ViewInterceptions),
                "{r:?}"
            );
        }
        let an = actor(UserRole::Analyst, Jurisdiction::National);
        assert!(an.may(Action::ViewInterceptions) && !an.may(Action::RecordInterceptions));
        for r in [
            UserRole::Prosecutor,
            UserRole::HelplineOperator,
            UserRole::ServiceProvider,
            UserRole::Auditor,
        ] {
            assert!(
                !actor(r, Jurisdiction::National).may(Action::ViewInterceptions),
                "{r:?}"
            );
        }
    }

    #[test]
    fn analysts_and_auditors_see_no_cases() {
        let a = actor(UserRole::Analyst, Jurisdiction::National);
        assert!(!a.may(Action::ViewCases) && !a.may(Action::ViewVictimIdentity));
        assert!(a.may(Action::ViewMonitoring) && a.aggregates_only());
        let au = actor(UserRole::Auditor, Jurisdiction::National);
        assert!(au.may(Action::ViewAudit) && !au.may(Action::ViewCases));
        let admin = actor(UserRole::Administrator, Jurisdiction::National);
        assert!(!admin.may(Action::ViewVictimIdentity) && admin.may(Action::ManageUsers));
        let io = actor(
            UserRole::InvestigatingOfficer,
            Jurisdiction::District("LHR".into()),
        );
        assert!(io.may(Action::EditCases) && !io.may(Action::ViewAudit));
    }
}
