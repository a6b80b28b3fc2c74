//! Helpers shared by the store's integration tests: a fresh store on either engine, accounts
//! by role, a case, a victim, raw SQL access.

#![allow(dead_code)]

use hifazat_domain::case::{Act, LegalElements, Scope};
use hifazat_domain::protection::{Group, IdentificationResult, NewIdentification, Service};
use hifazat_domain::{
    Actor, CaseKind, Jurisdiction, NewCase, NewPerson, PersonRole, Sex, UserRole,
};
use hifazat_store::admin::AgencyInput;
use hifazat_store::protection::ProviderDetails;
use hifazat_store::testing::TestDb;
use hifazat_store::{Ctx, Engine, Store, Vault};
use sqlx::Row;

pub async fn store(engine: Engine) -> (Store, TestDb) {
    let db = TestDb::new(engine).await;
    let store = db
        .connect(Vault::new([3u8; 32]))
        .await
        .expect("connect and migrate");
    (store, db)
}

/// A real account (cases reference their creator) and its context.
pub async fn actor(s: &Store, role: UserRole, j: Jurisdiction) -> Ctx {
    let username = format!(
        "{}.{}",
        role.code().replace('_', "-"),
        j.to_code().replace([':', '_'], "-").to_lowercase()
    );
    let user_id = match s
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == username)
    {
        Some(u) => u.id,
        None => s
            .admin(&hifazat_store::Ctx::system("test"))
            .unwrap()
            .create_user(hifazat_store::admin::users::NewUser {
                username: username.clone(),
                display_name: "Test user".into(),
                password: "test-password-long".into(),
                agency_id: None,
                jurisdiction: j.clone(),
                roles: vec![role],
            })
            .await
            .unwrap(),
    };
    Ctx {
        actor: Actor {
            user_id,
            username,
            agency_id: None,
            roles: vec![role],
            jurisdiction: j,
        },
        ip: Some("127.0.0.1".into()),
    }
}

pub async fn io(s: &Store, district: &str) -> Ctx {
    actor(
        s,
        UserRole::InvestigatingOfficer,
        Jurisdiction::District(district.into()),
    )
    .await
}

pub fn new_case(district: &str) -> NewCase {
    NewCase {
        kind: CaseKind::Trafficking,
        elements: LegalElements {
            acts: vec![Act::Recruiting],
            means: vec!["deception".into()],
            purposes: vec!["forced_labour".into()],
            ..Default::default()
        },
        offences: vec!["PTPA-3".into()],
        exploitation: vec!["bonded_labour".into()],
        scope: Scope::Internal,
        district: district.into(),
        agency_id: None,
        fir_number: None,
        fir_date: None,
        origin_district: None,
        transit_points: vec![],
        exit_point: None,
        destination_countries: vec![],
        summary: Some("Brick kiln workers held for a debt".into()),
        reported_on: None,
        reported_via: None,
    }
}

pub fn victim(name: &str, cnic: &str) -> NewPerson {
    NewPerson {
        role: PersonRole::Victim,
        name: name.into(),
        father_name: Some("Synthetic Father".into()),
        relation: None,
        sex: Sex::Female,
        date_of_birth: None,
        age: Some(15),
        cnic: Some(cnic.into()),
        passport: None,
        nationality: None,
        phone: Some("0300 1234567".into()),
        address: None,
        district: Some("LHR".into()),
        religion: None,
        disability: None,
        accused_status: None,
        link_existing: false,
    }
}

pub async fn raw(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}

pub fn supervisor_of(province: &str) -> Jurisdiction {
    Jurisdiction::Province(province.into())
}

/// A victim found outside a case, identified in `district`.
pub fn identification(district: &str, cnic: &str) -> NewIdentification {
    let mut person = victim("Gul Syntheticbibi", cnic);
    person.district = Some(district.into());
    NewIdentification {
        case_person_id: None,
        person: Some(person),
        district: district.into(),
        indicators: vec!["debt_bondage".into()],
        result: IdentificationResult::Presumed,
        circumstances: None,
        identified_on: None,
    }
}

/// A shelter in `district`, registered with the province code given.
pub async fn shelter(s: &Store, name: &str, province: &str, district: &str) -> i64 {
    let id = s
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_agency(AgencyInput {
            name: name.into(),
            kind: "social_welfare".into(),
            province_code: Some(province.into()),
            district_code: Some(district.into()),
            parent_id: None,
        })
        .await
        .unwrap();
    let details = ProviderDetails {
        services: vec![Service::Shelter],
        accepts: vec![Group::Women],
        languages: "Urdu, Pashto".into(),
        capacity: 10,
        phone: None,
    };
    s.admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .set_provider(id, details.into())
        .await
        .unwrap();
    id
}

pub async fn count(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Rows of a tally query (key columns as text, then a count), by key.
pub type Tally = std::collections::BTreeMap<Vec<String>, i64>;

/// Runs a query whose last column is a count and whose other columns are text: its rows by key.
pub async fn rows(pool: &sqlx::AnyPool, sql: &str) -> Tally {
    sqlx::query(sql)
        .fetch_all(pool)
        .await
        .expect("tally query")
        .iter()
        .map(|r| {
            let key = (0..r.len() - 1)
                .map(|i| r.try_get::<String, _>(i).expect("text key"))
                .collect();
            (key, r.try_get::<i64, _>(r.len() - 1).expect("count"))
        })
        .collect()
}
