//! Victim protection and referral: identification, consent, the service directory, referrals,
//! shelter stays, follow-ups and the protection dashboard.
//!
//! The rules live here, on the only path to the data: a referral without consent is refused
//! unless an authorised role records an override with its reason; a provider's users reach
//! only the referrals made to their own agency, and only the fields a referral needs; a
//! declined referral needs a reason and a declined or closed one never changes again.
//!
//! Beside it: the bulk import of protection records (`import`).

pub mod import;

use crate::audit::{AuditAction, Entry};
use crate::cases::insert_person_row;
use crate::cases::models::VictimIdentity;
use crate::sealed;
use crate::sql::Q;
use crate::tx::next_counter;
use crate::{ts, Result, Scoped, StoreError};
use chrono::{Duration, NaiveDate};
use hifazat_domain::protection::*;
use hifazat_domain::stats::ShownCount;
use hifazat_domain::{reference, Action, FieldErrors, Jurisdiction, Sex};
use hifazat_stats::release::Release;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

fn field(f: &str, m: impl Into<String>) -> StoreError {
    let mut e = FieldErrors::new();
    e.add(f, m);
    StoreError::Invalid(e)
}

pub(crate) fn codes<T: Copy>(items: &[T], code: fn(T) -> &'static str) -> String {
    items.iter().map(|i| code(*i)).collect::<Vec<_>>().join(",")
}

fn parse_list<T>(s: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    s.split(',').filter_map(|c| parse(c.trim())).collect()
}

fn parse<T: std::str::FromStr>(s: String) -> Result<T> {
    s.parse()
        .map_err(|_| StoreError::Config(format!("unknown code '{s}' in the database")))
}

/// Appends the jurisdiction condition for victims aliased `v`.
fn push_victim_scope(q: &mut Q, j: &Jurisdiction) {
    q.push_jurisdiction("v", j);
}

/// A provider in the directory.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Provider {
    /// Agency id (used to refer).
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind of agency.
    pub kind: String,
    /// District code.
    pub district_code: Option<String>,
    /// District name.
    pub district: Option<String>,
    /// Province code.
    pub province_code: Option<String>,
    /// Services offered.
    pub services: Vec<Service>,
    /// Who it accepts.
    pub accepts: Vec<Group>,
    /// Languages spoken.
    pub languages: String,
    /// Beds (0 when not residential).
    pub capacity: i64,
    /// Beds in use (current shelter stays).
    pub occupancy: i64,
    /// Phone.
    pub phone: Option<String>,
    /// District codes it serves besides its own (the district filter finds it there too).
    pub districts_served: Vec<String>,
}

/// A provider's details as seeding and tests give them, typed; an administrator's
/// [`crate::admin::Admin::set_provider`] takes them as a [`crate::admin::ProviderInput`].
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ProviderDetails {
    /// Services.
    pub services: Vec<Service>,
    /// Who it accepts.
    pub accepts: Vec<Group>,
    /// Languages.
    pub languages: String,
    /// Beds.
    pub capacity: i64,
    /// Phone.
    pub phone: Option<String>,
}

impl From<ProviderDetails> for crate::admin::ProviderInput {
    fn from(d: ProviderDetails) -> Self {
        crate::admin::ProviderInput {
            services: d.services.iter().map(|s| s.code().to_owned()).collect(),
            accepts: d.accepts.iter().map(|g| g.code().to_owned()).collect(),
            languages: d.languages,
            capacity: d.capacity,
            phone: d.phone,
            districts_served: Vec::new(),
        }
    }
}

/// Filters for the directory.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProviderFilter {
    /// District code.
    pub district: Option<String>,
    /// Province code.
    pub province: Option<String>,
    /// Offering this service.
    pub service: Option<Service>,
    /// Accepting this group.
    pub accepts: Option<Group>,
}

/// A victim's protection record in a list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VictimSummary {
    /// Id of the protection record.
    pub id: i64,
    /// The victim's code (the case's victim code, or `P-…` for a victim found outside a case).
    pub code: String,
    /// Sex.
    pub sex: Sex,
    /// Age in years at identification.
    pub age_years: Option<i64>,
    /// Under 18.
    pub is_child: bool,
    /// Identification result.
    pub result: IdentificationResult,
    /// District code.
    pub district_code: String,
    /// District name.
    pub district: String,
    /// Date identified.
    pub identified_on: String,
    /// Previously identified as a victim (re-trafficked).
    pub retrafficked: bool,
    /// Referrals made (a number; a victim's detail lists them under `referrals`).
    pub referral_count: i64,
    /// Consent to referral given and not withdrawn.
    pub consent_to_refer: bool,
}

/// A consent as recorded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Consent {
    /// Id.
    pub id: i64,
    /// Purpose.
    pub purpose: ConsentPurpose,
    /// How given.
    pub method: ConsentMethod,
    /// When given.
    pub given_on: String,
    /// Guardian's relation (the name is kept encrypted).
    pub guardian_relation: Option<String>,
    /// A guardian consented.
    pub with_guardian: bool,
    /// When withdrawn.
    pub withdrawn_on: Option<String>,
}

/// A service recorded as delivered.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Delivered {
    /// Service.
    pub service: Service,
    /// Date.
    pub delivered_on: String,
    /// Note.
    pub note: Option<String>,
}

/// A referral as either side sees it: the victim only by code, needs and contact arrangements.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Referral {
    /// Id.
    pub id: i64,
    /// Protection record id.
    pub victim_id: i64,
    /// The victim's code.
    pub victim_code: String,
    /// Sex.
    pub sex: Sex,
    /// Age in years.
    pub age_years: Option<i64>,
    /// A child.
    pub is_child: bool,
    /// Provider (agency id).
    pub provider_id: i64,
    /// Provider name.
    pub provider: String,
    /// Services asked for.
    pub services: Vec<Service>,
    /// Urgency.
    pub urgency: Urgency,
    /// Status.
    pub status: ReferralStatus,
    /// Needs.
    pub needs: Option<String>,
    /// Contact arrangements.
    pub contact_arrangements: Option<String>,
    /// Made without consent, on a recorded override.
    pub consent_override: bool,
    /// The override's reason (for the referring side only).
    pub consent_override_reason: Option<String>,
    /// Sent (UTC).
    pub sent_at: String,
    /// Answer due by (UTC).
    pub due_at: String,
    /// No answer and past due.
    pub overdue: bool,
    /// Answered (UTC).
    pub responded_at: Option<String>,
    /// Why declined.
    pub decline_reason: Option<String>,
    /// First service (UTC).
    pub first_service_at: Option<String>,
    /// Closed (UTC).
    pub closed_at: Option<String>,
    /// Services delivered.
    pub delivered: Vec<Delivered>,
}

/// A shelter stay with its reviews.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Stay {
    /// Id.
    pub id: i64,
    /// Shelter (agency id).
    pub provider_id: i64,
    /// Shelter name.
    pub provider: String,
    /// Admitted on.
    pub admitted_on: String,
    /// Planned duration in days.
    pub planned_days: i64,
    /// Discharged on.
    pub discharged_on: Option<String>,
    /// Discharged to.
    pub discharge_to: Option<DischargeTo>,
    /// Reviews: (date, the victim's wishes, plan).
    pub reviews: Vec<(String, String, Option<String>)>,
    /// Days since admission (or length of the stay).
    pub days: i64,
    /// Open for 60 days or more without a review in the last 60 days: a strategy is due.
    pub review_due: bool,
}

/// A follow-up after reintegration.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    /// Id.
    pub id: i64,
    /// Due.
    pub due_on: String,
    /// Done.
    pub done_on: Option<String>,
    /// Outcome.
    pub outcome: Option<FollowUpOutcome>,
    /// Note.
    pub note: Option<String>,
}

/// A victim's protection record in full.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VictimDetail {
    /// The list fields.
    #[serde(flatten)]
    pub victim: VictimSummary,
    /// Indicators observed.
    pub indicators: Vec<String>,
    /// Circumstances.
    pub circumstances: Option<String>,
    /// The case, when identified from one (id, reference), for users who may see cases.
    pub case: Option<(i64, String)>,
    /// Consents.
    pub consents: Vec<Consent>,
    /// Referrals.
    pub referrals: Vec<Referral>,
    /// Shelter stays.
    pub stays: Vec<Stay>,
    /// Follow-ups.
    pub follow_ups: Vec<FollowUp>,
}

/// Filters for victim lists.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VictimFilter {
    /// District code.
    pub district: Option<String>,
    /// Victim code.
    pub q: Option<String>,
    /// Only children.
    pub children: Option<bool>,
    /// Only children without a child protection referral (the dashboard's tile).
    pub no_child_protection: Option<bool>,
    /// Page, from 1.
    pub page: Option<i64>,
}

/// Rows on one page of the protection lists (victims, referrals, the service directory).
pub const PER_PAGE: i64 = 50;

/// Filters for a page of referrals.
#[derive(Debug, Clone, Default)]
pub struct ReferralListFilter {
    /// Only this status.
    pub status: Option<ReferralStatus>,
    /// Only referrals past their answer time without an answer.
    pub overdue: Option<bool>,
    /// Part of the victim's code.
    pub q: Option<String>,
    /// The victim's district (code).
    pub district: Option<String>,
    /// Page, from 1.
    pub page: Option<i64>,
}

/// A service delivered, as recorded by the provider.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewDelivery {
    /// Service.
    pub service: Service,
    /// Date; today when absent.
    pub delivered_on: Option<NaiveDate>,
    /// Note (no identifying details).
    pub note: Option<String>,
}

/// An admission to a shelter.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewStay {
    /// The referral that led to it.
    pub referral_id: i64,
    /// Date; today when absent.
    pub admitted_on: Option<NaiveDate>,
    /// Planned duration in days.
    pub planned_days: i64,
    /// The victim's own wishes at admission.
    pub victim_wishes: String,
}

/// A review of a stay.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewReview {
    /// Date; today when absent.
    pub review_date: Option<NaiveDate>,
    /// The victim's own wishes (required: a stay is never confinement).
    pub victim_wishes: String,
    /// The plan.
    pub plan: Option<String>,
}

/// A discharge.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewDischarge {
    /// Date; today when absent.
    pub discharged_on: Option<NaiveDate>,
    /// Where to.
    pub to: DischargeTo,
}

/// A follow-up's result.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct FollowUpResult {
    /// Outcome.
    pub outcome: FollowUpOutcome,
    /// Date; today when absent.
    pub done_on: Option<NaiveDate>,
    /// Note.
    pub note: Option<String>,
}

/// One place's numbers on the protection dashboard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProtectionDashboard {
    /// The jurisdiction shown.
    pub jurisdiction: String,
    /// Counts suppressed, no lists.
    pub aggregates_only: bool,
    /// Victims identified (possible, presumed, confirmed).
    #[schema(value_type = serde_json::Value)]
    pub identified: ShownCount,
    /// Victims with at least one referral.
    #[schema(value_type = serde_json::Value)]
    pub referred: ShownCount,
    /// Referred share in percent (one decimal), against the 4% baseline.
    pub referred_percent: Option<f64>,
    /// The baseline: 799 of 19,954 victims identified by police were referred (4%).
    pub baseline_percent: f64,
    /// Victims with an accepted referral.
    #[schema(value_type = serde_json::Value)]
    pub accepted: ShownCount,
    /// Victims who received at least one service.
    #[schema(value_type = serde_json::Value)]
    pub served: ShownCount,
    /// Median days from identification to first service.
    pub median_days_to_service: Option<i64>,
    /// Referrals past their answer time.
    #[schema(value_type = serde_json::Value)]
    pub overdue_referrals: ShownCount,
    /// Referrals made without consent, on an override.
    #[schema(value_type = serde_json::Value)]
    pub consent_overrides: ShownCount,
    /// Children without a child protection referral.
    #[schema(value_type = serde_json::Value)]
    pub children_without_child_protection: ShownCount,
    /// Identified victims by sex and age group: (sex, "child" | "adult" | "unknown", count).
    #[schema(value_type = Vec<serde_json::Value>)]
    pub by_sex_age: Vec<(String, String, ShownCount)>,
    /// Shelters: (name, district, capacity, occupancy; small occupancies hidden from
    /// aggregate-only users).
    #[schema(value_type = Vec<serde_json::Value>)]
    pub shelters: Vec<(String, String, i64, ShownCount)>,
    /// Overdue referrals (none for aggregate-only users).
    pub overdue: Vec<Referral>,
    /// Children without a child protection referral (codes; none for aggregate-only users).
    pub children_missing_cp: Vec<VictimSummary>,
}

/// Filters for the dashboard.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardFilter {
    /// District code.
    pub district: Option<String>,
    /// Province code.
    pub province: Option<String>,
}

const VICTIM_COLUMNS: &str = "v.id, v.code, v.sex, v.age_years, v.is_child, v.result, v.district_code, v.identified_on, v.retrafficked, \
    (SELECT COUNT(*) FROM referrals r WHERE r.victim_id = v.id) AS referral_count, \
    (SELECT COUNT(*) FROM consents k WHERE k.victim_id = v.id AND k.purpose = 'refer_services' AND k.withdrawn_on IS NULL) AS consent";

fn victim_from(r: &AnyRow) -> Result<VictimSummary> {
    let district_code: String = r.try_get("district_code")?;
    Ok(VictimSummary {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        sex: parse(r.try_get("sex")?)?,
        age_years: r.try_get("age_years")?,
        is_child: r.try_get::<i64, _>("is_child")? == 1,
        result: parse(r.try_get("result")?)?,
        district: reference::district_by_code(&district_code)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| district_code.clone()),
        district_code,
        identified_on: r.try_get("identified_on")?,
        retrafficked: r.try_get::<i64, _>("retrafficked")? == 1,
        referral_count: r.try_get("referral_count")?,
        consent_to_refer: r.try_get::<i64, _>("consent")? > 0,
    })
}

const REFERRAL_SQL: &str = "SELECT r.id, r.victim_id, v.code, v.sex, v.age_years, v.is_child, r.provider_id, a.name AS provider, r.services, r.urgency, \
    r.status, r.needs, r.contact_arrangements, r.consent_override_reason, r.sent_at, r.due_at, r.responded_at, r.decline_reason, \
    r.first_service_at, r.closed_at FROM referrals r JOIN victims v ON v.id = r.victim_id JOIN agencies a ON a.id = r.provider_id WHERE 1 = 1";

/// The count that goes with [`REFERRAL_SQL`] (same joins, so the same filters apply).
const REFERRAL_COUNT_SQL: &str =
    "SELECT COUNT(*) AS n FROM referrals r JOIN victims v ON v.id = r.victim_id \
    JOIN agencies a ON a.id = r.provider_id WHERE 1 = 1";

/// A child victim (aliased `v`) without a child protection referral that was not declined.
const NO_CHILD_PROTECTION: &str =
    " AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id \
    AND r.services LIKE '%child_protection%' AND r.status <> 'declined')";

/// A victim's age group on the dashboard (what `victim_counts.age_group` holds).
const AGE_GROUP: &str =
    "CASE WHEN v.age_years IS NULL THEN 'unknown' WHEN v.is_child = 1 THEN 'child' ELSE 'adult' END";

/// Where the protection dashboard's counts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    /// `victim_counts` and `victim_service_days` (migration 0028).
    Tallies,
    /// Every victim in scope and their referrals.
    Victims,
}

/// The median of `(value, how many)` in order of value: the middle one (the upper of the two
/// middle ones), or none when fewer than `at_least` are counted.
fn median(counts: &[(i64, i64)], at_least: i64) -> Option<i64> {
    let total: i64 = counts.iter().map(|c| c.1).sum();
    if total < at_least.max(1) {
        return None;
    }
    let mut seen = 0;
    counts.iter().find_map(|(v, n)| {
        seen += n;
        (seen > total / 2).then_some(*v)
    })
}

const PROVIDER_COLUMNS: &str = "a.id, a.name, a.kind, a.district_code, a.province_code, p.services, p.accepts, p.languages, p.capacity, p.phone, \
    (SELECT COUNT(*) FROM shelter_stays s WHERE s.provider_id = a.id AND s.discharged_on IS NULL) AS occupancy";

/// The directory's query selecting `columns`, with the filters in SQL (so that a page and its
/// total agree). A provider is found by its agency's district or province, or by a district it
/// serves besides (`provider_districts`, kept by the administrators); services and groups are
/// stored as comma lists of codes.
fn provider_query(columns: &str, f: &ProviderFilter) -> Q {
    let mut q = Q::new(&format!(
        "SELECT {columns} FROM providers p JOIN agencies a ON a.id = p.agency_id WHERE 1 = 1"
    ));
    if let Some(d) = f.district.as_deref().filter(|s| !s.is_empty()) {
        q.push_arg(" AND (a.district_code = {}", d);
        q.push_arg(" OR EXISTS (SELECT 1 FROM provider_districts pd WHERE pd.agency_id = a.id AND pd.district_code = {}))", d);
    }
    if let Some(p) = f.province.as_deref().filter(|s| !s.is_empty()) {
        let p = hifazat_domain::reference::current_province_code(p);
        q.push_arg(" AND (a.province_code = {}", p);
        q.push_arg(" OR EXISTS (SELECT 1 FROM provider_districts pd WHERE pd.agency_id = a.id AND pd.province_code = {}))", p);
    }
    if let Some(s) = f.service {
        q.push_arg(
            " AND (',' || p.services || ',') LIKE {}",
            format!("%,{},%", s.code()),
        );
    }
    if let Some(g) = f.accepts {
        q.push_arg(
            " AND (',' || p.accepts || ',') LIKE {}",
            format!("%,{},%", g.code()),
        );
    }
    q
}

impl Scoped<'_> {
    fn require_protect(&self) -> Result<()> {
        self.require(
            Action::Protect,
            "this role does not handle victim protection",
        )
    }

    /// Identifies a presumed victim, from a case or on their own; returns the protection record id.
    pub async fn identify(&self, n: NewIdentification) -> Result<i64> {
        let mut w = self.store().write().await?;
        let (id, _) = self.identify_in(&mut w.tx, n).await?;
        w.commit().await?;
        Ok(id)
    }

    /// [`Scoped::identify`] inside the caller's transaction: returns the protection record's id
    /// and its person's id.
    pub(crate) async fn identify_in(
        &self,
        tx: &mut crate::tx::Tx,
        n: NewIdentification,
    ) -> Result<(i64, i64)> {
        self.require_protect()?;
        let store = self.store();
        let today = store.today();
        let n = n.validate(today)?;
        // `validate` refuses a district not in the list.
        let Some(district) = reference::district_by_code(&n.district) else {
            return Err(field("district", "Choose a district"));
        };
        let j = &self.actor().jurisdiction;
        if !j.covers(&district.province_code, &district.code) {
            return Err(field("district", "Choose a district in your jurisdiction"));
        }
        let now = store.now();
        let identified_on = n.identified_on.unwrap_or(today);
        let (person_id, code, sex, age, is_child, case_person_id) = if let Some(cp) =
            n.case_person_id
        {
            if !self.actor().may(Action::ViewCases) {
                return Err(field(
                    "case_person_id",
                    "Only case officers identify victims from a case",
                ));
            }
            let mut q = Q::new("SELECT cp.person_id, cp.victim_code, cp.age_years, cp.is_child, p.sex FROM case_persons cp \
                JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id WHERE cp.role = 'victim'");
            q.push_arg(" AND cp.id = {}", cp);
            crate::scoped::push_scope(&mut q, self.actor());
            let r = q
                .query()
                .fetch_optional(&mut **tx)
                .await?
                .ok_or(StoreError::NotFound)?;
            if sqlx::query("SELECT id FROM victims WHERE case_person_id = $1")
                .bind(cp)
                .fetch_optional(&mut **tx)
                .await?
                .is_some()
            {
                return Err(field(
                    "case_person_id",
                    "This victim already has a protection record",
                ));
            }
            let is_child = r.try_get::<i64, _>("is_child")? == 1;
            (
                r.try_get::<i64, _>("person_id")?,
                r.try_get::<String, _>("victim_code")?,
                r.try_get::<String, _>("sex")?,
                r.try_get::<Option<i64>, _>("age_years")?,
                is_child,
                Some(cp),
            )
        } else {
            // `validate` asks for a case's victim or a person, one of the two.
            let Some(p) = n.person.as_ref() else {
                return Err(field(
                    "person",
                    "Choose a victim in a case, or enter the person found outside a case",
                ));
            };
            let (pid, _) =
                insert_person_row(store, tx, p, identified_on, Some(self.actor().user_id), now)
                    .await?;
            use chrono::Datelike;
            let seq = next_counter(
                tx,
                &format!("protection:{}:{}", district.code, identified_on.year()),
            )
            .await?;
            let age = p.age_on(identified_on).map(i64::from);
            (
                pid,
                format!("P-{}-{}-{seq:04}", identified_on.year(), district.code),
                p.sex.code().to_owned(),
                age,
                age.is_some_and(|a| a < 18),
                None,
            )
        };
        // Re-trafficking: the same person (record, or CNIC) was identified before.
        let earlier: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM victims v JOIN persons p ON p.id = v.person_id WHERE v.person_id = $1 \
             OR (p.cnic_bidx IS NOT NULL AND p.cnic_bidx = (SELECT cnic_bidx FROM persons WHERE id = $2))",
        )
        .bind(person_id)
        .bind(person_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
        let id: i64 = sqlx::query(
            "INSERT INTO victims (code, person_id, case_person_id, district_code, province_code, sex, age_years, is_child, result, indicators, \
             circumstances, identified_on, identified_by, agency_id, retrafficked, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(code.clone())
        .bind(person_id)
        .bind(case_person_id)
        .bind(district.code.clone())
        .bind(district.province_code.clone())
        .bind(sex)
        .bind(age)
        .bind(is_child as i64)
        .bind(n.result.code())
        .bind(n.indicators.join(","))
        .bind(None::<String>)
        .bind(identified_on.to_string())
        .bind(self.actor().user_id)
        .bind(self.actor().agency_id)
        .bind((earlier > 0) as i64)
        .bind(ts(now))
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        sealed::seal_into(
            self.store(),
            tx,
            "victims",
            id,
            &[("circumstances", n.circumstances.as_deref())],
        )
        .await?;
        self.entry(
            tx,
            Entry {
                action: AuditAction::Create,
                entity: "victim",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!("{code} {}", n.result.code())),
            },
        )
        .await?;
        Ok((id, person_id))
    }

    async fn victim_in_scope<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
        &self,
        ex: E,
        id: i64,
    ) -> Result<VictimSummary> {
        let mut q = Q::new(&format!("SELECT {VICTIM_COLUMNS} FROM victims v WHERE"));
        q.push_arg(" v.id = {}", id);
        push_victim_scope(&mut q, &self.actor().jurisdiction);
        let r = q
            .query()
            .fetch_optional(ex)
            .await?
            .ok_or(StoreError::NotFound)?;
        victim_from(&r)
    }

    /// Victims' protection records in the actor's jurisdiction, newest first.
    pub async fn list_victims(&self, f: &VictimFilter) -> Result<(Vec<VictimSummary>, i64)> {
        self.require_protect()?;
        let mut w = Q::new(" FROM victims v WHERE 1 = 1");
        push_victim_scope(&mut w, &self.actor().jurisdiction);
        if let Some(d) = f.district.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND v.district_code = {}", d);
        }
        if let Some(q) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            w.push_arg(
                " AND UPPER(v.code) LIKE {}",
                format!("%{}%", q.to_uppercase()),
            );
        }
        if f.children == Some(true) {
            w.push(" AND v.is_child = 1");
        }
        if f.no_child_protection == Some(true) {
            w.push(" AND v.is_child = 1 AND v.result <> 'not_a_victim'");
            w.push(NO_CHILD_PROTECTION);
        }
        let mut c = w.clone();
        c.sql = format!("SELECT COUNT(*) AS n{}", c.sql);
        let total: i64 = c
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let mut q = w;
        q.sql = format!(
            "SELECT {VICTIM_COLUMNS}{} ORDER BY v.identified_on DESC, v.id DESC LIMIT {PER_PAGE}",
            q.sql
        );
        q.push_arg(" OFFSET {}", (crate::page_number(f.page) - 1) * PER_PAGE);
        let rows = q.query().fetch_all(self.store().pool()).await?;
        Ok((rows.iter().map(victim_from).collect::<Result<_>>()?, total))
    }

    /// A victim's protection record with consents, referrals, stays and follow-ups; the read is
    /// audited.
    pub async fn get_victim(&self, id: i64) -> Result<VictimDetail> {
        let v = self.victim_detail(id).await?;
        self.audit_read("victim", id.to_string(), None, Some(v.victim.code.clone()))
            .await?;
        Ok(v)
    }

    /// The record in two rounds: the scoped read of the victim (the page's one scope check),
    /// then everything else side by side on the pool, none of it waiting for another.
    async fn victim_detail(&self, id: i64) -> Result<VictimDetail> {
        self.require_protect()?;
        let pool = self.store().pool();
        let victim = self.victim_in_scope(pool, id).await?;
        let more = async {
            Ok::<_, StoreError>(sqlx::query("SELECT v.indicators, v.circumstances, c.id AS case_id, c.reference FROM victims v \
                LEFT JOIN case_persons cp ON cp.id = v.case_person_id LEFT JOIN cases c ON c.id = cp.case_id WHERE v.id = $1")
                .bind(id)
                .fetch_one(pool)
                .await?)
        };
        let consents = async {
            sqlx::query("SELECT id, purpose, method, given_on, guardian_name_enc, guardian_relation, withdrawn_on FROM consents WHERE victim_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(Consent {
                        id: r.try_get("id")?,
                        purpose: parse(r.try_get("purpose")?)?,
                        method: parse(r.try_get("method")?)?,
                        given_on: r.try_get("given_on")?,
                        guardian_relation: r.try_get("guardian_relation")?,
                        with_guardian: r.try_get::<Option<String>, _>("guardian_name_enc")?.is_some(),
                        withdrawn_on: r.try_get("withdrawn_on")?,
                    })
                })
                .collect::<Result<Vec<_>>>()
        };
        let mut q = Q::new(REFERRAL_SQL);
        q.push_arg(" AND r.victim_id = {}", id);
        q.push(" ORDER BY r.id");
        let follow_ups = async {
            sqlx::query("SELECT id, due_on, done_on, outcome, note FROM follow_ups WHERE victim_id = $1 ORDER BY due_on")
                .bind(id)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(FollowUp {
                        id: r.try_get("id")?,
                        due_on: r.try_get("due_on")?,
                        done_on: r.try_get("done_on")?,
                        outcome: r.try_get::<Option<String>, _>("outcome")?.map(parse).transpose()?,
                        note: sealed::open(
                            self.store().vault(),
                            "follow_ups",
                            "note",
                            r.try_get::<i64, _>("id")?,
                            r.try_get::<Option<String>, _>("note")?.as_deref(),
                        )?,
                    })
                })
                .collect::<Result<Vec<_>>>()
        };
        let (r, consents, referrals, stays, follow_ups) = tokio::try_join!(
            more,
            consents,
            self.referrals_from(q, true),
            self.stays_of(id),
            follow_ups,
        )?;
        let case = match (
            r.try_get::<Option<i64>, _>("case_id")?,
            r.try_get::<Option<String>, _>("reference")?,
        ) {
            (Some(i), Some(rf)) if self.actor().may(Action::ViewCases) => Some((i, rf)),
            _ => None,
        };
        Ok(VictimDetail {
            victim,
            indicators: r
                .try_get::<String, _>("indicators")?
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            circumstances: sealed::open(
                self.store().vault(),
                "victims",
                "circumstances",
                id,
                r.try_get::<Option<String>, _>("circumstances")?.as_deref(),
            )?,
            case,
            consents,
            referrals,
            stays,
            follow_ups,
        })
    }

    /// A victim's shelter stays, each with its reviews (all the stays' reviews in one read).
    async fn stays_of(&self, victim_id: i64) -> Result<Vec<Stay>> {
        let pool = self.store().pool();
        let today = self.store().today();
        let rows = sqlx::query("SELECT s.id, s.provider_id, a.name, s.admitted_on, s.planned_days, s.discharged_on, s.discharge_to FROM shelter_stays s \
            JOIN agencies a ON a.id = s.provider_id WHERE s.victim_id = $1 ORDER BY s.id")
            .bind(victim_id)
            .fetch_all(pool)
            .await?;
        let ids = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let v = self.store().vault();
        // Each stay's reviews (date, the victim's wishes, the plan), by date.
        let mut reviews_of: std::collections::HashMap<i64, Vec<(String, String, Option<String>)>> =
            std::collections::HashMap::new();
        if !ids.is_empty() {
            let mut q = Q::new(
                "SELECT id, stay_id, review_date, victim_wishes, plan FROM stay_reviews WHERE",
            );
            q.push_in("stay_id", &ids);
            q.push(" ORDER BY review_date, id");
            for x in q.query().fetch_all(pool).await? {
                let rid: i64 = x.try_get("id")?;
                let wishes: String = x.try_get("victim_wishes")?;
                reviews_of.entry(x.try_get("stay_id")?).or_default().push((
                    x.try_get("review_date")?,
                    sealed::open(v, "stay_reviews", "victim_wishes", rid, Some(&wishes))?
                        .unwrap_or_default(),
                    sealed::open(
                        v,
                        "stay_reviews",
                        "plan",
                        rid,
                        x.try_get::<Option<String>, _>("plan")?.as_deref(),
                    )?,
                ));
            }
        }
        let mut out = Vec::new();
        for (r, id) in rows.iter().zip(ids) {
            let reviews = reviews_of.remove(&id).unwrap_or_default();
            let admitted: String = r.try_get("admitted_on")?;
            let discharged: Option<String> = r.try_get("discharged_on")?;
            let start = admitted.parse::<NaiveDate>().unwrap_or(today);
            let end = discharged
                .as_deref()
                .and_then(|d| d.parse().ok())
                .unwrap_or(today);
            let last_review = reviews
                .last()
                .and_then(|x| x.0.parse::<NaiveDate>().ok())
                .unwrap_or(start);
            out.push(Stay {
                id,
                provider_id: r.try_get("provider_id")?,
                provider: r.try_get("name")?,
                days: (end - start).num_days(),
                review_due: discharged.is_none()
                    && (today - start).num_days() >= 60
                    && (today - last_review).num_days() >= 60,
                admitted_on: admitted,
                planned_days: r.try_get("planned_days")?,
                discharged_on: discharged,
                discharge_to: r
                    .try_get::<Option<String>, _>("discharge_to")?
                    .map(parse)
                    .transpose()?,
                reviews,
            });
        }
        Ok(out)
    }

    /// A victim's identifying details from the protection record; audited.
    pub async fn protected_identity(&self, id: i64) -> Result<VictimIdentity> {
        self.require(
            Action::ViewVictimIdentity,
            "this role may not see victims' identities",
        )
        .or_else(|_| self.require_protect())?;
        let store = self.store();
        let v = self.victim_in_scope(store.pool(), id).await?;
        let r = sqlx::query("SELECT p.uid, p.name_enc, p.father_name_enc, p.relation, p.dob_enc, p.cnic_enc, p.passport_enc, p.phone_enc, p.address_enc, \
            p.religion, p.disability FROM victims v JOIN persons p ON p.id = v.person_id WHERE v.id = $1")
            .bind(id)
            .fetch_one(store.pool())
            .await?;
        let identity = crate::cases::decrypt_identity(store, &r, v.code.clone())?;
        let mut w = store.write().await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::ViewIdentity,
                entity: "victim_protection",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(v.code),
            },
        )
        .await?;
        w.commit().await?;
        Ok(identity)
    }

    /// Records consent for one purpose.
    pub async fn add_consent(&self, victim_id: i64, c: NewConsent) -> Result<i64> {
        self.require_protect()?;
        let store = self.store();
        let mut w = store.write().await?;
        let v = self.victim_in_scope(&mut *w.tx, victim_id).await?;
        let c = c.validate(v.is_child, store.today())?;
        let guardian = c.guardian_name.as_deref().map(|g| {
            store
                .vault()
                .encrypt(&format!("consents.guardian_name:{victim_id}"), g)
        });
        let id: i64 = sqlx::query("INSERT INTO consents (victim_id, purpose, method, given_on, guardian_name_enc, guardian_relation, recorded_by, recorded_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(victim_id)
            .bind(c.purpose.code())
            .bind(c.method.code())
            .bind(c.given_on.unwrap_or(store.today()).to_string())
            .bind(guardian)
            .bind(c.guardian_relation.clone())
            .bind(self.actor().user_id)
            .bind(ts(store.now()))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "consent",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!("{} {}", v.code, c.purpose.code())),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    /// Withdraws a consent (kept, with the date of withdrawal).
    pub async fn withdraw_consent(&self, victim_id: i64, consent_id: i64) -> Result<()> {
        self.require_protect()?;
        let store = self.store();
        let mut w = store.write().await?;
        let v = self.victim_in_scope(&mut *w.tx, victim_id).await?;
        let n = sqlx::query("UPDATE consents SET withdrawn_on = $1, withdrawn_by = $2 WHERE id = $3 AND victim_id = $4 AND withdrawn_on IS NULL")
            .bind(store.today().to_string())
            .bind(self.actor().user_id)
            .bind(consent_id)
            .bind(victim_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(StoreError::NotFound);
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "consent",
                entity_id: Some(consent_id.to_string()),
                case_id: None,
                detail: Some(format!("{} withdrawn", v.code)),
            },
        )
        .await?;
        w.commit().await
    }

    /// Refers a victim to a provider. Refused without consent to referral, unless an
    /// authorised role records an override with its reason (audited).
    pub async fn refer(&self, n: NewReferral) -> Result<i64> {
        self.require_protect()?;
        let n = n.validate()?;
        let store = self.store();
        let now = store.now();
        let mut w = store.write().await?;
        let v = self.victim_in_scope(&mut *w.tx, n.victim_id).await?;
        let provider =
            sqlx::query("SELECT p.services, p.accepts FROM providers p WHERE p.agency_id = $1")
                .bind(n.provider_id)
                .fetch_optional(&mut *w.tx)
                .await?;
        let Some(provider) = provider else {
            return Err(field("provider_id", "Choose a provider from the directory"));
        };
        let offered = parse_list(
            &provider.try_get::<String, _>("services")?,
            Service::from_code,
        );
        let mut e = FieldErrors::new();
        for s in &n.services {
            if !offered.contains(s) {
                e.add("services", "Choose only services that this provider offers");
            }
        }
        let accepts = parse_list(&provider.try_get::<String, _>("accepts")?, Group::from_code);
        let group = if v.is_child {
            Group::Children
        } else {
            match v.sex {
                Sex::Female => Group::Women,
                Sex::Male => Group::Men,
                Sex::Transgender => Group::Transgender,
            }
        };
        if !accepts.contains(&group) {
            e.add(
                "provider_id",
                "Choose a provider that accepts this victim (by sex and age)",
            );
        }
        if v.result == IdentificationResult::NotAVictim {
            e.add(
                "victim_id",
                "This person was screened as not a victim: they cannot be referred",
            );
        }
        if !v.consent_to_refer {
            match &n.consent_override_reason {
                None => e.add("consent", "The victim has not consented to referral to services: record their consent first (purpose: referral to services), or ask a supervisor to record an override with its reason"),
                Some(_) if !self.actor().may(Action::OverrideConsent) => e.add("consent_override_reason", "Only a supervisor or the national coordinator may refer without consent"),
                Some(_) => {}
            }
        } else if n.consent_override_reason.is_some() {
            e.add(
                "consent_override_reason",
                "Leave the override reason empty: the victim has consented",
            );
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let id: i64 = sqlx::query("INSERT INTO referrals (victim_id, provider_id, services, urgency, status, needs, contact_arrangements, consent_override_reason, \
            sent_by, sent_at, due_at) VALUES ($1, $2, $3, $4, 'sent', $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(n.victim_id)
            .bind(n.provider_id)
            .bind(codes(&n.services, Service::code))
            .bind(n.urgency.code())
            .bind(n.needs.clone())
            .bind(None::<String>)
            .bind(n.consent_override_reason.as_ref().map(|_| String::new()))
            .bind(self.actor().user_id)
            .bind(ts(now))
            .bind(ts(now + Duration::hours(n.urgency.answer_hours())))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        sealed::seal_into(
            self.store(),
            &mut w.tx,
            "referrals",
            id,
            &[
                ("needs", n.needs.as_deref()),
                ("contact_arrangements", n.contact_arrangements.as_deref()),
                (
                    "consent_override_reason",
                    n.consent_override_reason.as_deref(),
                ),
            ],
        )
        .await?;
        let event_id: i64 = sqlx::query("INSERT INTO referral_events (referral_id, from_status, to_status, reason, user_id, at) VALUES ($1, NULL, 'sent', NULL, $2, $3) RETURNING id")
            .bind(id)
            .bind(self.actor().user_id)
            .bind(ts(now))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        let override_note = n
            .consent_override_reason
            .as_ref()
            .map(|r| format!("consent override: {r}"));
        sealed::seal_into(
            self.store(),
            &mut w.tx,
            "referral_events",
            event_id,
            &[("reason", override_note.as_deref())],
        )
        .await?;
        // Auditors must be able to judge an override: its reason is in the audit trail (the
        // copy with the referral is encrypted).
        let detail = match &n.consent_override_reason {
            Some(r) => format!("{} CONSENT OVERRIDE: {r}", v.code),
            None => v.code.clone(),
        };
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "referral",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(detail),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    async fn referrals_from(&self, q: Q, referring_side: bool) -> Result<Vec<Referral>> {
        let pool = self.store().pool();
        let now = ts(self.store().now());
        let rows = q.query().fetch_all(pool).await?;
        let v = self.store().vault();
        let open = |id: i64, field: &str, r: &sqlx::any::AnyRow| -> Result<Option<String>> {
            sealed::open(
                v,
                "referrals",
                field,
                id,
                r.try_get::<Option<String>, _>(field)?.as_deref(),
            )
        };
        // The services delivered on all these referrals in one read, by date within each.
        let ids = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut delivered_on: std::collections::HashMap<i64, Vec<Delivered>> =
            std::collections::HashMap::new();
        if !ids.is_empty() {
            let mut dq = Q::new(
                "SELECT id, referral_id, service, delivered_on, note FROM services_delivered WHERE",
            );
            dq.push_in("referral_id", &ids);
            dq.push(" ORDER BY delivered_on, id");
            for x in dq.query().fetch_all(pool).await? {
                delivered_on
                    .entry(x.try_get("referral_id")?)
                    .or_default()
                    .push(Delivered {
                        service: parse(x.try_get("service")?)?,
                        delivered_on: x.try_get("delivered_on")?,
                        note: sealed::open(
                            v,
                            "services_delivered",
                            "note",
                            x.try_get::<i64, _>("id")?,
                            x.try_get::<Option<String>, _>("note")?.as_deref(),
                        )?,
                    });
            }
        }
        let mut out = Vec::new();
        for (r, id) in rows.iter().zip(ids) {
            let delivered = delivered_on.remove(&id).unwrap_or_default();
            let status: ReferralStatus = parse(r.try_get("status")?)?;
            let due_at: String = r.try_get("due_at")?;
            let override_reason = open(id, "consent_override_reason", r)?;
            out.push(Referral {
                id,
                victim_id: r.try_get("victim_id")?,
                victim_code: r.try_get("code")?,
                sex: parse(r.try_get("sex")?)?,
                age_years: r.try_get("age_years")?,
                is_child: r.try_get::<i64, _>("is_child")? == 1,
                provider_id: r.try_get("provider_id")?,
                provider: r.try_get("provider")?,
                services: parse_list(&r.try_get::<String, _>("services")?, Service::from_code),
                urgency: parse(r.try_get("urgency")?)?,
                overdue: status == ReferralStatus::Sent && due_at < now,
                status,
                needs: open(id, "needs", r)?,
                contact_arrangements: open(id, "contact_arrangements", r)?,
                consent_override: override_reason.is_some(),
                consent_override_reason: if referring_side {
                    override_reason
                } else {
                    None
                },
                sent_at: r.try_get("sent_at")?,
                due_at,
                responded_at: r.try_get("responded_at")?,
                decline_reason: open(id, "decline_reason", r)?,
                first_service_at: r.try_get("first_service_at")?,
                closed_at: r.try_get("closed_at")?,
                delivered,
            });
        }
        Ok(out)
    }

    /// Narrows `q` (over [`REFERRAL_SQL`] or [`REFERRAL_COUNT_SQL`]) to the referrals the actor
    /// may see: a provider's users those made to their agency, protection officers those of
    /// victims in their jurisdiction. True for the referring side.
    fn push_referral_scope(&self, q: &mut Q) -> Result<bool> {
        if self.actor().may(Action::ProvideServices) {
            q.push_arg(
                " AND r.provider_id = {}",
                self.actor().agency_id.unwrap_or(-1),
            );
            Ok(false)
        } else {
            self.require_protect()?;
            push_victim_scope(q, &self.actor().jurisdiction);
            Ok(true)
        }
    }

    /// Referrals the actor may see: a provider's users see those made to their agency; protection
    /// officers those of victims in their jurisdiction. `status` narrows the list (500 at most;
    /// pages use [`Scoped::referrals_page`]).
    pub async fn list_referrals(&self, status: Option<ReferralStatus>) -> Result<Vec<Referral>> {
        let mut q = Q::new(REFERRAL_SQL);
        let referring = self.push_referral_scope(&mut q)?;
        if let Some(s) = status {
            q.push_arg(" AND r.status = {}", s.code());
        }
        q.push(" ORDER BY r.sent_at DESC, r.id DESC LIMIT 500");
        self.referrals_from(q, referring).await
    }

    /// One page of the referrals the actor may see (newest first, [`PER_PAGE`] a page) and how
    /// many match the filters in all.
    pub async fn referrals_page(&self, f: &ReferralListFilter) -> Result<(Vec<Referral>, i64)> {
        let mut w = Q::new("");
        let referring = self.push_referral_scope(&mut w)?;
        if let Some(s) = f.status {
            w.push_arg(" AND r.status = {}", s.code());
        }
        if f.overdue == Some(true) {
            w.push(" AND r.status = 'sent'");
            w.push_arg(" AND r.due_at < {}", ts(self.store().now()));
        }
        if let Some(d) = f.district.as_deref().filter(|s| !s.is_empty()) {
            w.push_arg(" AND v.district_code = {}", d);
        }
        if let Some(code) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            w.push_arg(
                " AND UPPER(v.code) LIKE {}",
                format!("%{}%", code.to_uppercase()),
            );
        }
        let mut c = w.clone();
        c.sql = format!("{REFERRAL_COUNT_SQL}{}", c.sql);
        let total: i64 = c
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let mut q = w;
        q.sql = format!(
            "{REFERRAL_SQL}{} ORDER BY r.sent_at DESC, r.id DESC LIMIT {PER_PAGE}",
            q.sql
        );
        q.push_arg(" OFFSET {}", (crate::page_number(f.page) - 1) * PER_PAGE);
        Ok((self.referrals_from(q, referring).await?, total))
    }

    /// One referral, if the actor may see it (otherwise `NotFound`); the read is audited.
    pub async fn get_referral(&self, id: i64) -> Result<Referral> {
        let r = self.load_referral(id).await?;
        self.audit_read(
            "referral",
            id.to_string(),
            None,
            Some(r.victim_code.clone()),
        )
        .await?;
        Ok(r)
    }

    async fn load_referral(&self, id: i64) -> Result<Referral> {
        let mut q = Q::new(REFERRAL_SQL);
        q.push_arg(" AND r.id = {}", id);
        let referring = self.push_referral_scope(&mut q)?;
        self.referrals_from(q, referring)
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)
    }

    /// Accepts, declines, or closes a referral. The receiving provider answers; the referring
    /// side may close. Declining needs a reason; declined and closed referrals never change.
    pub async fn update_referral(&self, id: i64, u: ReferralUpdate) -> Result<ReferralStatus> {
        let r = self.load_referral(id).await?;
        let provider_side = self.actor().may(Action::ProvideServices);
        if !provider_side && u.status != ReferralStatus::Closed {
            return Err(field(
                "status",
                "Only the receiving provider accepts or declines a referral",
            ));
        }
        let reason = check_referral_update(r.status, &u)?;
        let store = self.store();
        let now = ts(store.now());
        let mut w = store.write().await?;
        let mut q = Q::new("UPDATE referrals SET");
        q.push_arg(" status = {}", u.status.code());
        match u.status {
            ReferralStatus::Accepted | ReferralStatus::Declined => {
                q.push_arg(", responded_at = {}", now.clone());
            }
            ReferralStatus::Closed => {
                q.push_arg(", closed_at = {}", now.clone());
            }
            _ => {}
        }
        if u.status == ReferralStatus::Declined {
            let sealed_reason = sealed::seal(
                self.store().vault(),
                "referrals",
                "decline_reason",
                id,
                Some(reason.as_deref().unwrap_or_default()),
            );
            q.push_arg(", decline_reason = {}", sealed_reason.unwrap_or_default());
        }
        q.push_arg(" WHERE id = {}", id);
        q.push_arg(" AND status = {}", r.status.code());
        if q.query().execute(&mut *w.tx).await?.rows_affected() != 1 {
            return Err(field(
                "status",
                "The referral changed meanwhile: reload the page and try again",
            ));
        }
        let event_id: i64 = sqlx::query("INSERT INTO referral_events (referral_id, from_status, to_status, reason, user_id, at) VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id")
            .bind(id)
            .bind(r.status.code())
            .bind(u.status.code())
            .bind(self.actor().user_id)
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        sealed::seal_into(
            self.store(),
            &mut w.tx,
            "referral_events",
            event_id,
            &[("reason", reason.as_deref())],
        )
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "referral",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!(
                    "{} {} -> {}",
                    r.victim_code,
                    r.status.code(),
                    u.status.code()
                )),
            },
        )
        .await?;
        w.commit().await?;
        Ok(u.status)
    }

    /// Records a service delivered on an accepted referral (the receiving provider only).
    pub async fn record_service(&self, id: i64, d: NewDelivery) -> Result<()> {
        self.require(
            Action::ProvideServices,
            "only the receiving provider records services",
        )?;
        let r = self.load_referral(id).await?;
        if !matches!(
            r.status,
            ReferralStatus::Accepted | ReferralStatus::InService
        ) {
            return Err(field("status", "Record services only on an accepted referral: accept it first, or make a new referral"));
        }
        let store = self.store();
        let today = store.today();
        let on = d.delivered_on.unwrap_or(today);
        if on > today {
            return Err(field(
                "delivered_on",
                "The date of the service must be today or in the past",
            ));
        }
        if Some(on.to_string().as_str()) < r.sent_at.get(..10) {
            return Err(field(
                "delivered_on",
                "The date must be on or after the day of the referral",
            ));
        }
        if !r.services.contains(&d.service) {
            return Err(field(
                "service",
                "Choose a service asked for in this referral, or make a new referral",
            ));
        }
        // The first service's time: now when delivered today, otherwise noon of that day.
        let first_at = if on == today {
            crate::ts(store.now())
        } else {
            format!("{on}T12:00:00Z")
        };
        let now = ts(store.now());
        let mut w = store.write().await?;
        let note = d
            .note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let delivered_id: i64 = sqlx::query("INSERT INTO services_delivered (referral_id, service, delivered_on, note, recorded_by, recorded_at) VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id")
            .bind(id)
            .bind(d.service.code())
            .bind(on.to_string())
            .bind(self.actor().user_id)
            .bind(now.clone())
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        sealed::seal_into(
            store,
            &mut w.tx,
            "services_delivered",
            delivered_id,
            &[("note", note.as_deref())],
        )
        .await?;
        sqlx::query("UPDATE referrals SET first_service_at = COALESCE(first_service_at, $1), status = 'in_service' WHERE id = $2")
            .bind(first_at)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        if r.status == ReferralStatus::Accepted {
            sqlx::query("INSERT INTO referral_events (referral_id, from_status, to_status, reason, user_id, at) VALUES ($1, 'accepted', 'in_service', NULL, $2, $3)")
                .bind(id)
                .bind(self.actor().user_id)
                .bind(now)
                .execute(&mut *w.tx)
                .await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "service_delivered",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(format!("{} {}", r.victim_code, d.service.code())),
            },
        )
        .await?;
        w.commit().await
    }

    /// Admits a victim to the shelter of an accepted referral (the shelter's users).
    pub async fn admit(&self, s: NewStay) -> Result<i64> {
        self.require(Action::ProvideServices, "Only the shelter admits")?;
        let r = self.load_referral(s.referral_id).await?;
        let mut e = FieldErrors::new();
        if !matches!(
            r.status,
            ReferralStatus::Accepted | ReferralStatus::InService
        ) || !r.services.contains(&Service::Shelter)
        {
            e.add(
                "referral_id",
                "Admit only on an accepted referral for shelter",
            );
        }
        if !(1..=730).contains(&s.planned_days) {
            e.add(
                "planned_days",
                "Enter the planned stay as a number of days from 1 to 730",
            );
        }
        if s.victim_wishes.trim().is_empty() {
            e.add(
                "victim_wishes",
                "Enter the victim's own wishes: a stay is never confinement",
            );
        }
        let store = self.store();
        let today = store.today();
        let admitted = s.admitted_on.unwrap_or(today);
        if admitted > today {
            e.add(
                "admitted_on",
                "The date of admission must be today or in the past",
            );
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let now = ts(store.now());
        let mut w = store.write().await?;
        let (capacity, occupied): (i64, i64) = {
            let c = sqlx::query("SELECT p.capacity, (SELECT COUNT(*) FROM shelter_stays s WHERE s.provider_id = p.agency_id AND s.discharged_on IS NULL) AS occ FROM providers p WHERE p.agency_id = $1")
                .bind(r.provider_id)
                .fetch_one(&mut *w.tx)
                .await?;
            (c.try_get("capacity")?, c.try_get("occ")?)
        };
        if occupied >= capacity {
            return Err(field(
                "planned_days",
                "The shelter is full: decline the referral, or discharge someone first",
            ));
        }
        if sqlx::query(
            "SELECT id FROM shelter_stays WHERE victim_id = $1 AND discharged_on IS NULL",
        )
        .bind(r.victim_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .is_some()
        {
            return Err(field(
                "referral_id",
                "The victim is already staying in a shelter",
            ));
        }
        let id: i64 = sqlx::query("INSERT INTO shelter_stays (victim_id, provider_id, referral_id, admitted_on, planned_days, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(r.victim_id)
            .bind(r.provider_id)
            .bind(r.id)
            .bind(admitted.to_string())
            .bind(s.planned_days)
            .bind(self.actor().user_id)
            .bind(now.clone())
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        let review_id: i64 = sqlx::query("INSERT INTO stay_reviews (stay_id, review_date, victim_wishes, plan, reviewed_by, created_at) VALUES ($1, $2, '', NULL, $3, $4) RETURNING id")
            .bind(id)
            .bind(admitted.to_string())
            .bind(self.actor().user_id)
            .bind(now)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        sealed::seal_into(
            self.store(),
            &mut w.tx,
            "stay_reviews",
            review_id,
            &[
                ("victim_wishes", Some(s.victim_wishes.trim())),
                ("plan", Some("admission")),
            ],
        )
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Create,
                entity: "shelter_stay",
                entity_id: Some(id.to_string()),
                case_id: None,
                detail: Some(r.victim_code),
            },
        )
        .await?;
        w.commit().await?;
        Ok(id)
    }

    async fn stay_for_actor(&self, stay_id: i64) -> Result<(i64, i64, String, bool)> {
        let r = sqlx::query("SELECT s.victim_id, s.provider_id, s.discharged_on, v.code FROM shelter_stays s JOIN victims v ON v.id = s.victim_id WHERE s.id = $1")
            .bind(stay_id)
            .fetch_optional(self.store().pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        let provider_id: i64 = r.try_get("provider_id")?;
        let victim_id: i64 = r.try_get("victim_id")?;
        if self.actor().may(Action::ProvideServices) {
            if self.actor().agency_id != Some(provider_id) {
                return Err(StoreError::NotFound);
            }
        } else {
            self.require_protect()?;
            self.victim_in_scope(self.store().pool(), victim_id).await?;
        }
        Ok((
            victim_id,
            provider_id,
            r.try_get("code")?,
            r.try_get::<Option<String>, _>("discharged_on")?.is_some(),
        ))
    }

    /// Checks a date on a stay: not in the future, not before the admission.
    async fn stay_date(
        &self,
        e: &mut FieldErrors,
        field_name: &str,
        stay_id: i64,
        d: NaiveDate,
        future: &'static str,
    ) -> Result<()> {
        let admitted: String = sqlx::query("SELECT admitted_on FROM shelter_stays WHERE id = $1")
            .bind(stay_id)
            .fetch_one(self.store().pool())
            .await?
            .try_get("admitted_on")?;
        if d > self.store().today() {
            e.add(field_name, future);
        } else if d.to_string() < admitted {
            e.add(
                field_name,
                "The date must be on or after the day of admission",
            );
        }
        Ok(())
    }

    /// Reviews a stay, recording the victim's wishes.
    pub async fn review_stay(&self, stay_id: i64, rv: NewReview) -> Result<()> {
        let (_, _, code, closed) = self.stay_for_actor(stay_id).await?;
        let mut e = FieldErrors::new();
        self.stay_date(
            &mut e,
            "review_date",
            stay_id,
            rv.review_date.unwrap_or(self.store().today()),
            "The date of the review must be today or in the past",
        )
        .await?;
        if closed {
            e.add("stay", "The stay has ended");
        }
        if rv.victim_wishes.trim().is_empty() {
            e.add(
                "victim_wishes",
                "Enter the victim's own wishes: a stay is never confinement",
            );
        }
        e.into_result(())?;
        let store = self.store();
        let mut w = store.write().await?;
        let review_id: i64 = sqlx::query("INSERT INTO stay_reviews (stay_id, review_date, victim_wishes, plan, reviewed_by, created_at) VALUES ($1, $2, '', NULL, $3, $4) RETURNING id")
            .bind(stay_id)
            .bind(rv.review_date.unwrap_or(store.today()).to_string())
            .bind(self.actor().user_id)
            .bind(ts(store.now()))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("id")?;
        let plan = rv
            .plan
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        sealed::seal_into(
            store,
            &mut w.tx,
            "stay_reviews",
            review_id,
            &[
                ("victim_wishes", Some(rv.victim_wishes.trim())),
                ("plan", plan.as_deref()),
            ],
        )
        .await?;
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "shelter_stay",
                entity_id: Some(stay_id.to_string()),
                case_id: None,
                detail: Some(format!("{code} review")),
            },
        )
        .await?;
        w.commit().await
    }

    /// Ends a stay and schedules follow-ups at 3, 6 and 12 months.
    pub async fn discharge(&self, stay_id: i64, d: NewDischarge) -> Result<()> {
        let (victim_id, _, code, closed) = self.stay_for_actor(stay_id).await?;
        if closed {
            return Err(field("stay", "The stay has already ended"));
        }
        let store = self.store();
        let on = d.discharged_on.unwrap_or(store.today());
        let mut e = FieldErrors::new();
        self.stay_date(
            &mut e,
            "discharged_on",
            stay_id,
            on,
            "The date the stay ends must be today or in the past",
        )
        .await?;
        e.into_result(())?;
        let mut w = store.write().await?;
        sqlx::query("UPDATE shelter_stays SET discharged_on = $1, discharge_to = $2 WHERE id = $3")
            .bind(on.to_string())
            .bind(d.to.code())
            .bind(stay_id)
            .execute(&mut *w.tx)
            .await?;
        for months in [3u32, 6, 12] {
            let due = on
                .checked_add_months(chrono::Months::new(months))
                .unwrap_or(on);
            sqlx::query("INSERT INTO follow_ups (victim_id, due_on) VALUES ($1, $2)")
                .bind(victim_id)
                .bind(due.to_string())
                .execute(&mut *w.tx)
                .await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "shelter_stay",
                entity_id: Some(stay_id.to_string()),
                case_id: None,
                detail: Some(format!("{code} discharged to {}", d.to.code())),
            },
        )
        .await?;
        w.commit().await
    }

    /// Records a follow-up's outcome; "re-trafficked" flags the victim.
    pub async fn record_follow_up(
        &self,
        victim_id: i64,
        follow_up_id: i64,
        f: FollowUpResult,
    ) -> Result<()> {
        self.require_protect()?;
        let store = self.store();
        if f.done_on.is_some_and(|d| d > store.today()) {
            return Err(field(
                "done_on",
                "The date of the follow-up must be today or in the past",
            ));
        }
        let mut w = store.write().await?;
        let v = self.victim_in_scope(&mut *w.tx, victim_id).await?;
        let n = sqlx::query("UPDATE follow_ups SET done_on = $1, outcome = $2, note = $3, recorded_by = $4 WHERE id = $5 AND victim_id = $6 AND done_on IS NULL")
            .bind(f.done_on.unwrap_or(store.today()).to_string())
            .bind(f.outcome.code())
            .bind(sealed::seal(
                store.vault(),
                "follow_ups",
                "note",
                follow_up_id,
                f.note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).as_deref(),
            ))
            .bind(self.actor().user_id)
            .bind(follow_up_id)
            .bind(victim_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Err(field("follow_up", "This follow-up is already recorded"));
        }
        if f.outcome == FollowUpOutcome::Retrafficked {
            sqlx::query("UPDATE victims SET retrafficked = 1 WHERE id = $1")
                .bind(victim_id)
                .execute(&mut *w.tx)
                .await?;
        }
        self.entry(
            &mut w.tx,
            Entry {
                action: AuditAction::Update,
                entity: "follow_up",
                entity_id: Some(follow_up_id.to_string()),
                case_id: None,
                detail: Some(format!("{} {}", v.code, f.outcome.code())),
            },
        )
        .await?;
        w.commit().await
    }

    /// The shelter stay that followed a referral, if the actor may see the referral.
    pub async fn stay_of_referral(&self, referral_id: i64) -> Result<Option<Stay>> {
        let r = self.load_referral(referral_id).await?;
        Ok(self
            .stays_of(r.victim_id)
            .await?
            .into_iter()
            .find(|s| s.provider_id == r.provider_id))
    }

    /// The service directory (any signed-in staff), with current shelter occupancy.
    pub async fn providers(&self, f: &ProviderFilter) -> Result<Vec<Provider>> {
        let mut q = provider_query(PROVIDER_COLUMNS, f);
        q.push(" ORDER BY a.province_code, a.district_code, a.name");
        self.providers_from(q).await
    }

    /// One page of the service directory ([`PER_PAGE`] a page) and how many providers match the
    /// filters in all.
    pub async fn providers_page(
        &self,
        f: &ProviderFilter,
        page: Option<i64>,
    ) -> Result<(Vec<Provider>, i64)> {
        let total: i64 = provider_query("COUNT(*) AS n", f)
            .query()
            .fetch_one(self.store().pool())
            .await?
            .try_get("n")?;
        let mut q = provider_query(PROVIDER_COLUMNS, f);
        q.push(&format!(
            " ORDER BY a.province_code, a.district_code, a.name, a.id LIMIT {PER_PAGE}"
        ));
        q.push_arg(" OFFSET {}", (crate::page_number(page) - 1) * PER_PAGE);
        Ok((self.providers_from(q).await?, total))
    }

    async fn providers_from(&self, q: Q) -> Result<Vec<Provider>> {
        let rows = q.query().fetch_all(self.store().pool()).await?;
        let ids = rows
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<Vec<i64>, _>>()?;
        let mut served =
            crate::admin::districts_served(&mut *self.store().pool().acquire().await?, &ids)
                .await?;
        let mut out = Vec::new();
        for r in rows {
            let services = parse_list(&r.try_get::<String, _>("services")?, Service::from_code);
            let accepts = parse_list(&r.try_get::<String, _>("accepts")?, Group::from_code);
            let district_code: Option<String> = r.try_get("district_code")?;
            out.push(Provider {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kind: r.try_get("kind")?,
                district: district_code
                    .as_deref()
                    .and_then(reference::district_by_code)
                    .map(|d| d.name.clone()),
                district_code,
                province_code: r.try_get("province_code")?,
                services,
                accepts,
                languages: r.try_get("languages")?,
                capacity: r.try_get("capacity")?,
                occupancy: r.try_get("occupancy")?,
                phone: r.try_get("phone")?,
                districts_served: served
                    .remove(&r.try_get::<i64, _>("id")?)
                    .unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The protection dashboard for the actor's jurisdiction (suppressed for analysts), its
    /// counts from the tallies the triggers of migration 0028 keep.
    pub async fn protection_dashboard(&self, f: &DashboardFilter) -> Result<ProtectionDashboard> {
        self.dashboard_from(f, Counted::Tallies).await
    }

    /// The same dashboard counted from every victim in scope (the way it was before the
    /// tallies): what the tests hold the tallies to.
    #[doc(hidden)]
    pub async fn protection_dashboard_recount(
        &self,
        f: &DashboardFilter,
    ) -> Result<ProtectionDashboard> {
        self.dashboard_from(f, Counted::Victims).await
    }

    async fn dashboard_from(
        &self,
        f: &DashboardFilter,
        from: Counted,
    ) -> Result<ProtectionDashboard> {
        self.require(
            Action::ViewProtection,
            "this role has no protection dashboard",
        )?;
        let suppress = !self.actor().may(Action::Protect);
        // Aggregate-only users see one release of their whole jurisdiction (filtered views
        // could be subtracted from one another).
        let unfiltered = DashboardFilter::default();
        let f = if suppress { &unfiltered } else { f };
        let pool = self.store().pool();
        // Rows aliased `v` with the victims' place columns: victims, or their tallies.
        let base = |sql: &str| {
            let mut q = Q::new(sql);
            push_victim_scope(&mut q, &self.actor().jurisdiction);
            if let Some(d) = f.district.as_deref().filter(|s| !s.is_empty()) {
                q.push_arg(" AND v.district_code = {}", d);
            }
            if let Some(p) = f.province.as_deref().filter(|s| !s.is_empty()) {
                q.push_province("v", p);
            }
            q
        };
        let count = |q: Q| async move {
            q.query()
                .fetch_one(pool)
                .await?
                .try_get::<i64, _>("n")
                .map_err(StoreError::from)
        };
        let ident = " FROM victims v WHERE v.result <> 'not_a_victim'";
        let (identified, referred, accepted, served, missing, missing_sql) = match from {
            Counted::Tallies => {
                let sum = |flag: &str| format!("CAST(COALESCE(SUM(v.n * v.{flag}), 0) AS BIGINT)");
                let r = base(&format!(
                    "SELECT CAST(COALESCE(SUM(v.n), 0) AS BIGINT) AS identified, {} AS referred, {} AS accepted, \
                     {} AS served, {} AS missing FROM victim_counts v WHERE v.identified = 1",
                    sum("referred"),
                    sum("accepted"),
                    sum("served"),
                    sum("child_without_cp"),
                ))
                .query()
                .fetch_one(pool)
                .await?;
                (
                    r.try_get::<i64, _>("identified")?,
                    r.try_get::<i64, _>("referred")?,
                    r.try_get::<i64, _>("accepted")?,
                    r.try_get::<i64, _>("served")?,
                    r.try_get::<i64, _>("missing")?,
                    format!("{ident} AND v.is_child = 1 AND v.child_protection_referred = 0"),
                )
            }
            Counted::Victims => {
                let missing_sql = format!("{ident} AND v.is_child = 1{NO_CHILD_PROTECTION}");
                (
                    count(base(&format!("SELECT COUNT(*) AS n{ident}"))).await?,
                    count(base(&format!("SELECT COUNT(*) AS n{ident} AND EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id)"))).await?,
                    count(base(&format!("SELECT COUNT(*) AS n{ident} AND EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id AND (r.status IN ('accepted', 'in_service') OR (r.status = 'closed' AND r.responded_at IS NOT NULL)))"))).await?,
                    count(base(&format!("SELECT COUNT(*) AS n{ident} AND EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id AND r.first_service_at IS NOT NULL)"))).await?,
                    count(base(&format!("SELECT COUNT(*) AS n{missing_sql}"))).await?,
                    missing_sql,
                )
            }
        };
        let mut oq = base("SELECT COUNT(*) AS n FROM referrals r JOIN victims v ON v.id = r.victim_id WHERE r.status = 'sent'");
        oq.push_arg(" AND r.due_at < {}", ts(self.store().now()));
        let overdue_n = count(oq.clone()).await?;
        let overrides = count(base("SELECT COUNT(*) AS n FROM referrals r JOIN victims v ON v.id = r.victim_id WHERE r.consent_override_reason IS NOT NULL")).await?;
        // Days from identification to first service: how many victims took each, in order.
        let days: Vec<(i64, i64)> = match from {
            Counted::Tallies => {
                let mut q = base("SELECT v.days AS d, CAST(SUM(v.n) AS BIGINT) AS n FROM victim_service_days v WHERE 1 = 1");
                q.push(" GROUP BY v.days HAVING SUM(v.n) > 0 ORDER BY v.days");
                q.query()
                    .fetch_all(pool)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get("d")?, r.try_get("n")?)))
                    .collect::<Result<_>>()?
            }
            Counted::Victims => {
                let rows = base(&format!("SELECT v.identified_on AS i, (SELECT MIN(r.first_service_at) FROM referrals r WHERE r.victim_id = v.id) AS f{ident}")).query().fetch_all(pool).await?;
                let mut days = std::collections::BTreeMap::<i64, i64>::new();
                for r in &rows {
                    let i: String = r.try_get("i")?;
                    let f: Option<String> = r.try_get("f")?;
                    let (Ok(i), Some(Ok(f))) = (
                        i.parse::<NaiveDate>(),
                        f.as_deref()
                            .and_then(|f| f.get(..10))
                            .map(str::parse::<NaiveDate>),
                    ) else {
                        continue;
                    };
                    *days.entry((f - i).num_days().max(0)).or_default() += 1;
                }
                days.into_iter().collect()
            }
        };
        let median_days_to_service = median(&days, if suppress { 5 } else { 1 });
        let mut by_q = base(&match from {
            Counted::Tallies => {
                "SELECT v.sex AS s, v.age_group AS g, CAST(SUM(v.n) AS BIGINT) AS n \
                FROM victim_counts v WHERE v.identified = 1"
                    .to_owned()
            }
            Counted::Victims => {
                format!("SELECT v.sex AS s, {AGE_GROUP} AS g, COUNT(*) AS n{ident}")
            }
        });
        by_q.push(&match from {
            Counted::Tallies => {
                " GROUP BY v.sex, v.age_group HAVING SUM(v.n) > 0 ORDER BY 1, 2".to_owned()
            }
            Counted::Victims => format!(" GROUP BY v.sex, {AGE_GROUP} ORDER BY 1, 2"),
        });
        let by = by_q
            .query()
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<String, _>("s")?,
                    r.try_get::<String, _>("g")?,
                    r.try_get::<i64, _>("n")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut shelters_q = Q::new("SELECT a.name, a.district_code, p.capacity, (SELECT COUNT(*) FROM shelter_stays s WHERE s.provider_id = a.id AND s.discharged_on IS NULL) AS occ \
            FROM providers p JOIN agencies a ON a.id = p.agency_id WHERE p.capacity > 0");
        shelters_q.push_jurisdiction("a", &self.actor().jurisdiction);
        if let Some(d) = f.district.as_deref().filter(|s| !s.is_empty()) {
            shelters_q.push_arg(" AND a.district_code = {}", d);
        }
        if let Some(p) = f.province.as_deref().filter(|s| !s.is_empty()) {
            shelters_q.push_province("a", p);
        }
        shelters_q.push(" ORDER BY a.name LIMIT 200");
        let shelters = shelters_q
            .query()
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                let d: Option<String> = r.try_get("district_code")?;
                Ok((
                    r.try_get("name")?,
                    d.as_deref()
                        .and_then(reference::district_by_code)
                        .map(|x| x.name.clone())
                        .unwrap_or_default(),
                    r.try_get("capacity")?,
                    r.try_get("occ")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        // The counts as one release: identified is the sum of its sex and age groups; the
        // other counts stand alone (each at most the identified, which shows nothing exact).
        let mut release = Release::new(self.store().small_count_threshold());
        release.count("identified".into(), identified);
        let group_keys: Vec<String> = by
            .iter()
            .map(|(s, g, _)| format!("sex={s}|group={g}"))
            .collect();
        for (k, (_, _, n)) in group_keys.iter().zip(&by) {
            release.count(k.clone(), *n);
        }
        release.sum("identified".into(), group_keys.clone());
        for (k, n) in [
            ("referred", referred),
            ("accepted", accepted),
            ("served", served),
            ("overdue", overdue_n),
            ("overrides", overrides),
            ("missing", missing),
        ] {
            release.count(k.into(), n);
        }
        for (i, (_, _, _, occ)) in shelters.iter().enumerate() {
            release.count(format!("shelter={i}"), *occ);
        }
        let protection = suppress.then(|| release.protect());
        let shown = |key: &str, n: i64| match &protection {
            Some(p) => p.get(key),
            None => ShownCount::Exact(n),
        };
        let by = by
            .iter()
            .zip(&group_keys)
            .map(|((s, g, n), k)| (s.clone(), g.clone(), shown(k, *n)))
            .collect();
        let shelters = shelters
            .into_iter()
            .enumerate()
            .map(|(i, (name, district, cap, occ))| {
                (name, district, cap, shown(&format!("shelter={i}"), occ))
            })
            .collect();
        let (overdue, children_missing_cp) = if suppress {
            (Vec::new(), Vec::new())
        } else {
            let mut lq = base(&format!("{REFERRAL_SQL} AND r.status = 'sent'"));
            lq.push_arg(" AND r.due_at < {}", ts(self.store().now()));
            lq.push(" ORDER BY r.due_at LIMIT 100");
            let overdue = self.referrals_from(lq, true).await?;
            let mut kq = base(&format!("SELECT {VICTIM_COLUMNS}{missing_sql}"));
            kq.push(" ORDER BY v.identified_on, v.id LIMIT 100");
            let kids = kq
                .query()
                .fetch_all(pool)
                .await?
                .iter()
                .map(victim_from)
                .collect::<Result<Vec<_>>>()?;
            (overdue, kids)
        };
        Ok(ProtectionDashboard {
            jurisdiction: self.actor().jurisdiction.label(),
            aggregates_only: suppress,
            identified: shown("identified", identified),
            referred: shown("referred", referred),
            // A share gives its count away (times the identified): only beside exact counts.
            referred_percent: (identified > 0
                && !shown("identified", identified).is_hidden()
                && !shown("referred", referred).is_hidden())
            .then(|| (referred as f64 * 1000.0 / identified as f64).round() / 10.0),
            baseline_percent: 4.0,
            accepted: shown("accepted", accepted),
            served: shown("served", served),
            median_days_to_service,
            overdue_referrals: shown("overdue", overdue_n),
            consent_overrides: shown("overrides", overrides),
            children_without_child_protection: shown("missing", missing),
            by_sex_age: by,
            shelters,
            overdue,
            children_missing_cp,
        })
    }
}
