//! HTML forms as posted (strings and checkbox lists), and their conversion into domain
//! requests with a message per field, so a form comes back with what the user typed.

use chrono::NaiveDate;
use hifazat_domain::case::{Act, LegalElements, Scope};
use hifazat_domain::person::{AccusedStatusChange, Relation};
use hifazat_domain::{
    AccusedStatus, CaseKind, FieldErrors, NewCase, NewPerson, PersonRole, Sex, Stage,
    TransitionRequest,
};
use hifazat_store::models::NewHearing;
use serde::Deserialize;

/// Trims a text field; empty becomes `None`.
pub(crate) fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn date(e: &mut FieldErrors, field: &str, s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            e.add(field, "write the date as YYYY-MM-DD");
            None
        }
    }
}

fn code<T: std::str::FromStr>(e: &mut FieldErrors, field: &str, s: &str, what: &str) -> Option<T> {
    match s.trim() {
        "" => {
            e.add(field, format!("choose {what}"));
            None
        }
        t => t.parse().ok().or_else(|| {
            e.add(field, format!("unknown {what}"));
            None
        }),
    }
}

/// The case registration form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaseForm {
    pub kind: String,
    pub acts: Vec<String>,
    pub means: Vec<String>,
    pub purposes: Vec<String>,
    pub child_victim: Option<String>,
    pub illegal_entry: Option<String>,
    pub financial_benefit: Option<String>,
    pub offences: Vec<String>,
    pub exploitation: Vec<String>,
    pub scope: String,
    pub district: String,
    pub agency_id: String,
    pub fir_number: String,
    pub fir_date: String,
    pub reported_on: String,
    pub origin_district: String,
    pub transit_points: String,
    pub exit_point: String,
    pub destination_countries: Vec<String>,
    pub summary: String,
}

impl CaseForm {
    /// True when `list` holds `code` (for ticking checkboxes again).
    pub fn has(list: &[String], code: &str) -> bool {
        list.iter().any(|c| c == code)
    }

    /// The domain request, or messages per field.
    pub fn to_new_case(&self) -> Result<NewCase, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = code::<CaseKind>(&mut e, "kind", &self.kind, "the kind of case");
        let scope = code::<Scope>(&mut e, "scope", &self.scope, "internal or cross-border");
        let mut acts = Vec::new();
        for a in &self.acts {
            match Act::from_code(a) {
                Some(a) => acts.push(a),
                None => e.add("elements.acts", format!("unknown act '{a}'")),
            }
        }
        let agency_id = match self.agency_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add(
                    "agency_id",
                    "choose a police station or circle from the list",
                );
                None
            }),
        };
        let fir_date = date(&mut e, "fir_date", &self.fir_date);
        let reported_on = date(&mut e, "reported_on", &self.reported_on);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewCase {
            kind: kind.expect("checked"),
            elements: LegalElements {
                acts,
                means: self.means.clone(),
                purposes: self.purposes.clone(),
                child_victim: self.child_victim.is_some(),
                illegal_entry: self.illegal_entry.is_some(),
                financial_benefit: self.financial_benefit.is_some(),
            },
            offences: self.offences.clone(),
            exploitation: self.exploitation.clone(),
            scope: scope.expect("checked"),
            district: self.district.trim().to_owned(),
            agency_id,
            fir_number: opt(&self.fir_number),
            fir_date,
            origin_district: opt(&self.origin_district),
            transit_points: self
                .transit_points
                .split([',', '\n'])
                .filter_map(opt)
                .collect(),
            exit_point: opt(&self.exit_point),
            destination_countries: self
                .destination_countries
                .iter()
                .filter_map(|c| opt(c))
                .collect(),
            summary: opt(&self.summary),
            reported_on,
        })
    }
}

/// The form that adds a person to a case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub role: String,
    pub name: String,
    pub father_name: String,
    pub relation: String,
    pub sex: String,
    pub date_of_birth: String,
    pub age: String,
    pub cnic: String,
    pub passport: String,
    pub nationality: String,
    pub phone: String,
    pub address: String,
    pub district: String,
    pub religion: String,
    pub disability: String,
    pub accused_status: String,
    pub link_existing: Option<String>,
}

impl PersonForm {
    /// The domain request, or messages per field.
    pub fn to_new_person(&self) -> Result<NewPerson, FieldErrors> {
        let mut e = FieldErrors::new();
        let role = code::<PersonRole>(&mut e, "role", &self.role, "a role");
        let sex = code::<Sex>(&mut e, "sex", &self.sex, "the sex");
        let relation = match self.relation.trim() {
            "" => None,
            t => Relation::from_code(t).or_else(|| {
                e.add("relation", "unknown relation");
                None
            }),
        };
        let date_of_birth = date(&mut e, "date_of_birth", &self.date_of_birth);
        let age = match self.age.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("age", "write the age in whole years");
                None
            }),
        };
        let accused_status = match self.accused_status.trim() {
            "" => None,
            t => AccusedStatus::from_code(t).or_else(|| {
                e.add("accused_status", "unknown status");
                None
            }),
        };
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewPerson {
            role: role.expect("checked"),
            name: self.name.clone(),
            father_name: opt(&self.father_name),
            relation,
            sex: sex.expect("checked"),
            date_of_birth,
            age,
            cnic: opt(&self.cnic),
            passport: opt(&self.passport),
            nationality: opt(&self.nationality),
            phone: opt(&self.phone),
            address: opt(&self.address),
            district: opt(&self.district),
            religion: opt(&self.religion),
            disability: opt(&self.disability),
            link_existing: self.link_existing.is_some(),
            accused_status: if role == Some(PersonRole::Accused) {
                accused_status
            } else {
                None
            },
        })
    }
}

/// The form that moves a case to another stage.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TransitionForm {
    pub to: String,
    pub remark: String,
    pub fir_number: String,
    pub fir_date: String,
}

impl TransitionForm {
    /// The domain request, or messages per field.
    pub fn to_request(&self) -> Result<TransitionRequest, FieldErrors> {
        let mut e = FieldErrors::new();
        let to = code::<Stage>(&mut e, "to", &self.to, "the next stage");
        let fir_date = date(&mut e, "fir_date", &self.fir_date);
        e.into_result(())?;
        Ok(TransitionRequest {
            to: to.expect("checked"),
            remark: opt(&self.remark),
            fir_number: opt(&self.fir_number),
            fir_date,
        })
    }
}

/// The form that records a hearing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HearingForm {
    pub hearing_date: String,
    pub court: String,
    pub purpose: String,
}

impl HearingForm {
    /// The request, or messages per field.
    pub fn to_request(&self) -> Result<NewHearing, FieldErrors> {
        let mut e = FieldErrors::new();
        let d = date(&mut e, "hearing_date", &self.hearing_date);
        if d.is_none() && e.is_empty() {
            e.add("hearing_date", "give the hearing date");
        }
        e.into_result(())?;
        Ok(NewHearing {
            hearing_date: d.expect("checked"),
            court: self.court.clone(),
            purpose: opt(&self.purpose),
        })
    }
}

/// The form that records an accused person's status.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    pub sentence: String,
    pub fine_pkr: String,
    pub remark: String,
}

impl StatusForm {
    /// The request, or messages per field.
    pub fn to_change(&self) -> Result<AccusedStatusChange, FieldErrors> {
        let mut e = FieldErrors::new();
        let status = code::<AccusedStatus>(&mut e, "status", &self.status, "a status");
        let fine_pkr = match self.fine_pkr.trim().replace(',', "").as_str() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("fine_pkr", "write the fine in whole rupees");
                None
            }),
        };
        e.into_result(())?;
        Ok(AccusedStatusChange {
            status: status.expect("checked"),
            sentence: opt(&self.sentence),
            fine_pkr,
            remark: opt(&self.remark),
        })
    }
}

/// The login form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub next: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_date_is_a_field_message_not_a_failure() {
        let f = CaseForm {
            kind: "undetermined".into(),
            scope: "internal".into(),
            district: "LHR".into(),
            fir_date: "23/11/2026".into(),
            ..Default::default()
        };
        let e = f.to_new_case().unwrap_err();
        assert_eq!(e.first("fir_date"), Some("write the date as YYYY-MM-DD"));
        let p = PersonForm {
            role: "victim".into(),
            sex: "".into(),
            age: "ten".into(),
            ..Default::default()
        };
        let e = p.to_new_person().unwrap_err();
        assert!(e.first("sex").is_some() && e.first("age").is_some());
    }

    #[test]
    fn checkbox_lists_and_comma_lists_become_vectors() {
        let f = CaseForm {
            kind: "smuggling".into(),
            scope: "cross_border".into(),
            district: "GRW".into(),
            illegal_entry: Some("on".into()),
            transit_points: "Quetta, Taftan".into(),
            destination_countries: vec!["IR".into(), "".into(), "TR".into()],
            ..Default::default()
        };
        let c = f.to_new_case().unwrap();
        assert!(c.elements.illegal_entry && !c.elements.financial_benefit);
        assert_eq!(c.transit_points, vec!["Quetta", "Taftan"]);
        assert_eq!(c.destination_countries, vec!["IR", "TR"]);
    }
}

/// The form that creates an account.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<String>,
    pub jurisdiction: String,
    pub agency_id: String,
}

impl UserForm {
    /// The request, or messages per field.
    pub fn to_new_user(&self) -> Result<hifazat_store::users::NewUser, FieldErrors> {
        use hifazat_domain::{Jurisdiction, UserRole};
        let mut e = FieldErrors::new();
        let mut roles = Vec::new();
        for r in &self.roles {
            match UserRole::from_code(r) {
                Some(r) => roles.push(r),
                None => e.add("roles", format!("unknown role '{r}'")),
            }
        }
        let jurisdiction = Jurisdiction::from_code(self.jurisdiction.trim()).or_else(|| {
            e.add(
                "jurisdiction",
                "choose the national level, a province or a district",
            );
            None
        });
        let agency_id = match self.agency_id.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                e.add("agency_id", "choose an agency from the list");
                None
            }),
        };
        e.into_result(())?;
        Ok(hifazat_store::users::NewUser {
            username: self.username.trim().to_owned(),
            display_name: self.display_name.trim().to_owned(),
            password: self.password.clone(),
            agency_id,
            jurisdiction: jurisdiction.expect("checked"),
            roles,
        })
    }
}

/// Parses an optional number field.
fn num(e: &mut FieldErrors, field: &str, s: &str) -> Option<i64> {
    match s.trim() {
        "" => None,
        t => t.parse().ok().or_else(|| {
            e.add(field, "write a whole number");
            None
        }),
    }
}

/// The identification form (a victim from a case, or found outside one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IdentifyForm {
    pub case_person_id: String,
    pub district: String,
    pub result: String,
    pub indicators: Vec<String>,
    pub circumstances: String,
    pub identified_on: String,
    pub name: String,
    pub father_name: String,
    pub sex: String,
    pub age: String,
    pub date_of_birth: String,
    pub cnic: String,
    pub phone: String,
    pub nationality: String,
}

impl IdentifyForm {
    /// The request, or messages per field.
    pub fn to_request(&self) -> Result<hifazat_domain::protection::NewIdentification, FieldErrors> {
        use hifazat_domain::protection::{IdentificationResult, NewIdentification};
        let mut e = FieldErrors::new();
        let result = code::<IdentificationResult>(&mut e, "result", &self.result, "the result");
        let case_person_id = num(&mut e, "case_person_id", &self.case_person_id);
        let identified_on = date(&mut e, "identified_on", &self.identified_on);
        let person = if case_person_id.is_none() {
            let p = PersonForm {
                role: "victim".into(),
                name: self.name.clone(),
                father_name: self.father_name.clone(),
                sex: self.sex.clone(),
                age: self.age.clone(),
                date_of_birth: self.date_of_birth.clone(),
                cnic: self.cnic.clone(),
                phone: self.phone.clone(),
                nationality: self.nationality.clone(),
                district: self.district.clone(),
                ..Default::default()
            };
            match p.to_new_person() {
                Ok(p) => Some(p),
                Err(pe) => {
                    for (f, ms) in pe.0 {
                        for m in ms {
                            e.add(format!("person.{f}"), m);
                        }
                    }
                    None
                }
            }
        } else {
            None
        };
        e.into_result(())?;
        Ok(NewIdentification {
            case_person_id,
            person,
            district: self.district.trim().to_owned(),
            indicators: self.indicators.clone(),
            result: result.expect("checked"),
            circumstances: opt(&self.circumstances),
            identified_on,
        })
    }
}

/// The consent form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConsentForm {
    pub purpose: String,
    pub method: String,
    pub given_on: String,
    pub guardian_name: String,
    pub guardian_relation: String,
}

impl ConsentForm {
    /// The request, or messages per field.
    pub fn to_request(&self) -> Result<hifazat_domain::protection::NewConsent, FieldErrors> {
        use hifazat_domain::protection::{ConsentMethod, ConsentPurpose, NewConsent};
        let mut e = FieldErrors::new();
        let purpose = code::<ConsentPurpose>(&mut e, "purpose", &self.purpose, "the purpose");
        let method = code::<ConsentMethod>(&mut e, "method", &self.method, "how consent was given");
        let given_on = date(&mut e, "given_on", &self.given_on);
        e.into_result(())?;
        Ok(NewConsent {
            purpose: purpose.expect("checked"),
            method: method.expect("checked"),
            given_on,
            guardian_name: opt(&self.guardian_name),
            guardian_relation: opt(&self.guardian_relation),
        })
    }
}

/// The referral form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReferForm {
    pub provider_id: String,
    pub services: Vec<String>,
    pub urgency: String,
    pub needs: String,
    pub contact_arrangements: String,
    pub consent_override_reason: String,
}

impl ReferForm {
    /// The request for `victim_id`, or messages per field.
    pub fn to_request(
        &self,
        victim_id: i64,
    ) -> Result<hifazat_domain::protection::NewReferral, FieldErrors> {
        use hifazat_domain::protection::{NewReferral, Service, Urgency};
        let mut e = FieldErrors::new();
        let provider_id = num(&mut e, "provider_id", &self.provider_id);
        if provider_id.is_none() && e.is_empty() {
            e.add("provider_id", "choose a provider");
        }
        let urgency = code::<Urgency>(&mut e, "urgency", &self.urgency, "the urgency");
        let mut services = Vec::new();
        for s in &self.services {
            match Service::from_code(s) {
                Some(s) => services.push(s),
                None => e.add("services", format!("unknown service '{s}'")),
            }
        }
        e.into_result(())?;
        Ok(NewReferral {
            victim_id,
            provider_id: provider_id.expect("checked"),
            services,
            urgency: urgency.expect("checked"),
            needs: opt(&self.needs),
            contact_arrangements: opt(&self.contact_arrangements),
            consent_override_reason: opt(&self.consent_override_reason),
        })
    }
}

/// A provider's answer, a closure, a service, an admission, a review, a discharge or a follow-up:
/// one form type with the fields each uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub status: String,
    pub reason: String,
    pub service: String,
    pub date: String,
    pub note: String,
    pub planned_days: String,
    pub victim_wishes: String,
    pub plan: String,
    pub to: String,
    pub outcome: String,
    pub back: String,
}

impl ActionForm {
    /// The optional date field.
    pub fn date(&self, e: &mut FieldErrors) -> Option<NaiveDate> {
        date(e, "date", &self.date)
    }

    /// A code field.
    pub fn code<T: std::str::FromStr>(
        &self,
        e: &mut FieldErrors,
        field: &str,
        value: &str,
        what: &str,
    ) -> Option<T> {
        code(e, field, value, what)
    }

    /// The planned days.
    pub fn planned_days(&self, e: &mut FieldErrors) -> Option<i64> {
        let n = num(e, "planned_days", &self.planned_days);
        if n.is_none() && e.is_empty() {
            e.add("planned_days", "give the planned duration in days");
        }
        n
    }

    /// Optional text.
    pub fn opt(s: &str) -> Option<String> {
        opt(s)
    }
}
