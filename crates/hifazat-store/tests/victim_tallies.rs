//! The victim tallies (migration 0028) that the protection dashboard reads instead of counting
//! every victim: triggers keep the victims' referral flags and the tallies in step on both
//! engines, whatever writes victims and referrals (the protection API, any UPDATE or DELETE),
//! and the dashboard shows the same as when it counted the victims, for every reader.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod support;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use hifazat_domain::protection::{
    ConsentMethod, ConsentPurpose, DischargeTo, Group, IdentificationResult, NewConsent,
    NewReferral, ReferralStatus, ReferralUpdate, Service, Urgency,
};
use hifazat_domain::{Actor, Jurisdiction, Sex, UserRole};
use hifazat_store::admin::AgencyInput;
use hifazat_store::both_engines;
use hifazat_store::protection::{
    DashboardFilter, NewDelivery, NewDischarge, NewStay, ProviderDetails,
};
use hifazat_store::{Ctx, Store};
use sqlx::Row;
use std::sync::Arc;
use support::*;

/// The day the test starts; the store's clock moves on from it.
fn start() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .unwrap()
        .and_hms_opt(6, 0, 0)
        .unwrap()
        .and_utc()
}

fn on_day(s: &Store, day: i64) -> Store {
    let at = start() + Duration::days(day);
    s.clone().with_clock(Arc::new(move || at))
}

/// The flags kept on victims and both tallies equal a count from victims and referrals, row
/// for row (tallies that fell to zero aside).
async fn check_tallies(pool: &sqlx::AnyPool, when: &str) {
    let flags = "CAST(CASE WHEN EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id) THEN 1 ELSE 0 END AS TEXT), \
        CAST(CASE WHEN EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id AND (r.status IN ('accepted', 'in_service') OR (r.status = 'closed' AND r.responded_at IS NOT NULL))) THEN 1 ELSE 0 END AS TEXT), \
        CAST(CASE WHEN EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id AND r.first_service_at IS NOT NULL) THEN 1 ELSE 0 END AS TEXT), \
        CAST(CASE WHEN v.is_child = 1 AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.victim_id = v.id AND r.services LIKE '%child_protection%' AND r.status <> 'declined') THEN 1 ELSE 0 END AS TEXT)";
    let counted = rows(
        pool,
        &format!(
            "SELECT v.district_code, v.province_code, v.sex, \
             CASE WHEN v.age_years IS NULL THEN 'unknown' WHEN v.is_child = 1 THEN 'child' ELSE 'adult' END, \
             CAST(CASE WHEN v.result <> 'not_a_victim' THEN 1 ELSE 0 END AS TEXT), {flags}, COUNT(*) AS n \
             FROM victims v GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
        ),
    )
    .await;
    let tallied = rows(
        pool,
        "SELECT district_code, province_code, sex, age_group, CAST(identified AS TEXT), CAST(referred AS TEXT), \
         CAST(accepted AS TEXT), CAST(served AS TEXT), CAST(child_without_cp AS TEXT), n FROM victim_counts WHERE n <> 0",
    )
    .await;
    assert!(!counted.is_empty());
    assert_eq!(tallied, counted, "victim_counts {when}");
    // Days to first service, per victim served, from the referrals.
    let served = sqlx::query(
        "SELECT v.district_code AS d, v.province_code AS p, v.identified_on AS i, \
         (SELECT MIN(r.first_service_at) FROM referrals r WHERE r.victim_id = v.id) AS f \
         FROM victims v WHERE v.result <> 'not_a_victim'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut counted = Tally::new();
    for r in served {
        let Some(f) = r.try_get::<Option<String>, _>("f").unwrap() else {
            continue;
        };
        let i: NaiveDate = r.try_get::<String, _>("i").unwrap().parse().unwrap();
        let f: NaiveDate = f[..10].parse().unwrap();
        let key = vec![
            r.try_get::<String, _>("d").unwrap(),
            r.try_get::<String, _>("p").unwrap(),
            (f - i).num_days().max(0).to_string(),
        ];
        *counted.entry(key).or_default() += 1;
    }
    let tallied = rows(
        pool,
        "SELECT district_code, province_code, CAST(days AS TEXT), n FROM victim_service_days WHERE n <> 0",
    )
    .await;
    assert_eq!(tallied, counted, "victim_service_days {when}");
}

/// Every reader's dashboard, whole and filtered, the same from the tallies as counted.
async fn check_dashboards(s: &Store, readers: &[Ctx], when: &str) {
    let filters = [
        DashboardFilter::default(),
        DashboardFilter {
            district: Some("LHR".into()),
            ..Default::default()
        },
        DashboardFilter {
            province: Some("PK-PB".into()),
            ..Default::default()
        },
        DashboardFilter {
            province: Some("PK-SD".into()),
            ..Default::default()
        },
    ];
    for r in readers {
        let scoped = s.scoped(r.clone());
        for f in &filters {
            let tallied = scoped.protection_dashboard(f).await.unwrap();
            let counted = scoped.protection_dashboard_recount(f).await.unwrap();
            assert_eq!(
                serde_json::to_value(&tallied).unwrap(),
                serde_json::to_value(&counted).unwrap(),
                "{} {f:?} {when}",
                r.actor.username
            );
        }
    }
}

async fn check(s: &Store, pool: &sqlx::AnyPool, readers: &[Ctx], when: &str) {
    check_tallies(pool, when).await;
    check_dashboards(s, readers, when).await;
}

/// A provider in `district` and a desk account answering for it.
async fn provider(
    s: &Store,
    by: &Ctx,
    name: &str,
    district: &str,
    services: Vec<Service>,
    accepts: Vec<Group>,
) -> (i64, Ctx) {
    let id = s
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_agency(AgencyInput {
            name: name.into(),
            kind: "social_welfare".into(),
            province_code: Some("PK-PB".into()),
            district_code: Some(district.into()),
            parent_id: None,
        })
        .await
        .unwrap();
    let details = ProviderDetails {
        services,
        accepts,
        languages: "Urdu, Punjabi".into(),
        capacity: 10,
        phone: None,
    };
    s.admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .set_provider(id, details.into())
        .await
        .unwrap();
    let desk = Ctx {
        actor: Actor {
            user_id: by.actor.user_id,
            username: format!("desk.{id}"),
            agency_id: Some(id),
            roles: vec![UserRole::ServiceProvider],
            jurisdiction: Jurisdiction::District(district.into()),
        },
        ip: None,
    };
    (id, desk)
}

fn consent(child: bool) -> NewConsent {
    NewConsent {
        purpose: ConsentPurpose::ReferServices,
        method: if child {
            ConsentMethod::Guardian
        } else {
            ConsentMethod::Written
        },
        given_on: None,
        guardian_name: child.then(|| "Synthetic Guardian".into()),
        guardian_relation: child.then(|| "mother".into()),
    }
}

fn referral(victim_id: i64, provider_id: i64, services: Vec<Service>) -> NewReferral {
    NewReferral {
        victim_id,
        provider_id,
        services,
        urgency: Urgency::Urgent,
        needs: Some("A safe place".into()),
        contact_arrangements: None,
        consent_override_reason: None,
    }
}

fn answer(status: ReferralStatus) -> ReferralUpdate {
    ReferralUpdate {
        status,
        reason: (status == ReferralStatus::Declined).then(|| "No beds tonight".into()),
    }
}

fn service(s: Service) -> NewDelivery {
    NewDelivery {
        service: s,
        delivered_on: None,
        note: None,
    }
}

both_engines! {
    async fn victim_tallies_follow_every_write_and_the_dashboard_counts_the_same(engine: Engine) {
        let (s, db) = store(engine).await;
        let pool = raw(&db.url).await;
        let national = actor(&s, UserRole::NationalCoordinator, Jurisdiction::National).await;
        let readers = vec![
            national.clone(),
            actor(&s, UserRole::ProtectionOfficer, Jurisdiction::District("LHR".into())).await,
            actor(&s, UserRole::Supervisor, supervisor_of("PK-PB")).await,
            // Aggregates only: small counts suppressed, no lists.
            actor(&s, UserRole::Analyst, Jurisdiction::National).await,
        ];
        let (cpu, cpu_desk) = provider(&s, &national, "Child Protection Unit Lahore", "LHR",
            vec![Service::ChildProtection, Service::Shelter, Service::FamilyTracing], vec![Group::Children]).await;
        let (shelter_id, shelter_desk) = provider(&s, &national, "Darul Aman Lahore", "LHR",
            vec![Service::Shelter, Service::Psychosocial], vec![Group::Women, Group::Men]).await;
        // Identified on the first day: children, adults, no age, a man, one not a victim, in
        // Lahore, Rawalpindi and Karachi.
        let day0 = on_day(&s, 0);
        let officer = day0.scoped(national.clone());
        let mut victims = Vec::new();
        for (i, (district, age, sex, result)) in [
            ("LHR", Some(15), Sex::Female, IdentificationResult::Presumed),
            ("LHR", Some(15), Sex::Female, IdentificationResult::Confirmed),
            ("LHR", Some(30), Sex::Female, IdentificationResult::Presumed),
            ("LHR", None, Sex::Female, IdentificationResult::Possible),
            ("LHR", Some(40), Sex::Male, IdentificationResult::Presumed),
            ("RWP", Some(12), Sex::Male, IdentificationResult::Presumed),
            ("RWP", Some(25), Sex::Female, IdentificationResult::Confirmed),
            ("KHS", Some(22), Sex::Female, IdentificationResult::Presumed),
            ("LHR", Some(33), Sex::Female, IdentificationResult::NotAVictim),
            ("RWP", Some(16), Sex::Female, IdentificationResult::Possible),
        ]
        .into_iter()
        .enumerate()
        {
            let mut n = identification(district, &format!("35202-12345{i:02}-2"));
            let p = n.person.as_mut().unwrap();
            p.age = age;
            p.sex = sex;
            n.result = result;
            if result == IdentificationResult::NotAVictim {
                n.indicators.clear();
            }
            let id = officer.identify(n).await.unwrap();
            if result != IdentificationResult::NotAVictim && i != 4 {
                officer.add_consent(id, consent(age.is_some_and(|a| a < 18))).await.unwrap();
            }
            victims.push(id);
        }
        check(&s, &pool, &readers, "after identification").await;

        // Referred on day 1: the children to the CPU, the women and the man to the shelter;
        // the man without consent, on a supervisor's override.
        let day1 = on_day(&s, 1);
        let officer = day1.scoped(national.clone());
        let to_cpu = |v| referral(v, cpu, vec![Service::ChildProtection, Service::Shelter]);
        let to_shelter = |v| referral(v, shelter_id, vec![Service::Shelter, Service::Psychosocial]);
        let r_child = officer.refer(to_cpu(victims[0])).await.unwrap();
        let r_child2 = officer.refer(to_cpu(victims[1])).await.unwrap();
        let r_boy = officer.refer(to_cpu(victims[5])).await.unwrap();
        let r_woman = officer.refer(to_shelter(victims[2])).await.unwrap();
        let r_noage = officer.refer(to_shelter(victims[3])).await.unwrap();
        let r_rwp = officer.refer(to_shelter(victims[6])).await.unwrap();
        let mut overridden = to_shelter(victims[4]);
        overridden.consent_override_reason = Some("In danger tonight; consent to follow".into());
        let r_man = officer.refer(overridden).await.unwrap();
        check(&s, &pool, &readers, "after referral").await;

        // Answered on day 2: accepted, declined (the second child is without a child
        // protection referral again), and one left unanswered past its time.
        let day2 = on_day(&s, 2);
        let cpu2 = day2.scoped(cpu_desk.clone());
        let shelter2 = day2.scoped(shelter_desk.clone());
        cpu2.update_referral(r_child, answer(ReferralStatus::Accepted)).await.unwrap();
        cpu2.update_referral(r_child2, answer(ReferralStatus::Declined)).await.unwrap();
        cpu2.update_referral(r_boy, answer(ReferralStatus::Accepted)).await.unwrap();
        shelter2.update_referral(r_woman, answer(ReferralStatus::Accepted)).await.unwrap();
        shelter2.update_referral(r_man, answer(ReferralStatus::Accepted)).await.unwrap();
        shelter2.update_referral(r_rwp, answer(ReferralStatus::Accepted)).await.unwrap();
        check(&s, &pool, &readers, "after answers").await;

        // Served on different days (0 to 9 days after identification), one admitted to the
        // shelter and later discharged.
        for (day, desk, r, sv) in [
            (2, &cpu_desk, r_child, Service::ChildProtection),
            (4, &shelter_desk, r_woman, Service::Psychosocial),
            (6, &cpu_desk, r_child, Service::Shelter),
            (9, &shelter_desk, r_man, Service::Psychosocial),
            (5, &cpu_desk, r_boy, Service::ChildProtection),
            (3, &shelter_desk, r_rwp, Service::Psychosocial),
        ] {
            on_day(&s, day).scoped(desk.clone()).record_service(r, service(sv)).await.unwrap();
            check(&s, &pool, &readers, &format!("after a service on day {day}")).await;
        }
        let stay = on_day(&s, 4)
            .scoped(shelter_desk.clone())
            .admit(NewStay { referral_id: r_woman, admitted_on: None, planned_days: 30, victim_wishes: "To be safe".into() })
            .await
            .unwrap();
        check(&s, &pool, &readers, "after admission").await;
        on_day(&s, 20)
            .scoped(shelter_desk.clone())
            .discharge(stay, NewDischarge { discharged_on: None, to: DischargeTo::Family })
            .await
            .unwrap();
        // Closed: after an answer (still accepted) and unanswered (never accepted).
        let day21 = on_day(&s, 21);
        day21.scoped(shelter_desk.clone()).update_referral(r_woman, answer(ReferralStatus::Closed)).await.unwrap();
        check(&s, &pool, &readers, "after discharge and closing").await;
        day21.scoped(national.clone()).update_referral(r_noage, answer(ReferralStatus::Closed)).await.unwrap();
        // And one sent late, never answered: overdue.
        day21.scoped(national.clone()).refer(to_shelter(victims[7])).await.unwrap();
        check(&s, &pool, &readers, "after closing unanswered").await;

        // By hand: each column the flags and tallies read, many rows at once, a referral moved
        // to another victim, a victim moved, one deleted, and a statement that changes nothing.
        let later = start() + Duration::days(30);
        let raw_sql = [
            format!("UPDATE referrals SET status = 'accepted', responded_at = '{}' WHERE id = {r_child2}", later.to_rfc3339()),
            format!("UPDATE referrals SET services = 'shelter' WHERE id = {r_boy}"),
            format!("UPDATE referrals SET first_service_at = NULL WHERE id = {r_rwp}"),
            format!("UPDATE referrals SET first_service_at = '{}' WHERE id = {r_noage}", later.to_rfc3339()),
            format!("UPDATE referrals SET victim_id = {} WHERE id = {r_man}", victims[3]),
            "UPDATE referrals SET status = 'in_service' WHERE status = 'accepted'".to_owned(),
            format!("UPDATE victims SET district_code = 'KHS', province_code = 'PK-SD' WHERE id = {}", victims[6]),
            format!("UPDATE victims SET identified_on = '2026-02-20' WHERE id = {}", victims[0]),
            format!("UPDATE victims SET age_years = NULL, is_child = 0 WHERE id = {}", victims[5]),
            format!("UPDATE victims SET result = 'not_a_victim' WHERE id = {}", victims[2]),
            format!("UPDATE victims SET result = 'presumed', sex = 'transgender' WHERE id = {}", victims[8]),
            "UPDATE victims SET retrafficked = 1".to_owned(),
            format!("DELETE FROM referral_events WHERE referral_id = {r_noage}"),
            format!("DELETE FROM services_delivered WHERE referral_id = {r_noage}"),
            format!("DELETE FROM referrals WHERE id = {r_noage}"),
            format!("DELETE FROM victims WHERE id = {}", victims[8]),
        ];
        for sql in raw_sql {
            sqlx::query(&sql).execute(&pool).await.unwrap();
            check(&s, &pool, &readers, &sql).await;
        }

        // What was counted is not nothing: the dashboard shows each kind of count.
        let d = on_day(&s, 30).scoped(national.clone()).protection_dashboard(&DashboardFilter::default()).await.unwrap();
        let v = serde_json::to_value(&d).unwrap();
        for k in ["identified", "referred", "accepted", "served", "consent_overrides", "overdue_referrals", "children_without_child_protection"] {
            assert!(v[k].as_i64().unwrap() > 0, "{k}: {v}");
        }
        assert!(d.median_days_to_service.unwrap() > 0, "{v}");
        assert!(!d.children_missing_cp.is_empty() && !d.overdue.is_empty());
        db.drop_db().await;
    }
}
