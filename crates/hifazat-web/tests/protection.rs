//! Victim protection and referral through the real HTTP server, on SQLite and PostgreSQL:
//! consent, provider scope, referral statuses, children, audit.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_domain::protection::{Group, Service};
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::admin::AgencyInput;
use hifazat_store::both_engines;
use hifazat_store::protection::ProviderDetails;
use serde_json::{json, Value};

/// Adds two shelters, a child protection unit, and their users plus protection officers.
async fn directory(app: &TestApp) -> (i64, i64, i64) {
    let s = &app.store;
    let mut ids = Vec::new();
    for (name, kind, district, services, accepts, user) in [
        (
            "Darul Aman Lahore",
            "social_welfare",
            "LHR",
            vec![Service::Shelter, Service::Psychosocial, Service::LegalAid],
            vec![Group::Women],
            "shelter.lahore",
        ),
        (
            "Darul Aman Gujranwala",
            "social_welfare",
            "GRW",
            vec![Service::Shelter],
            vec![Group::Women],
            "shelter.gujranwala",
        ),
        (
            "Child Protection Unit Lahore",
            "child_protection",
            "LHR",
            vec![Service::ChildProtection, Service::Shelter],
            vec![Group::Children],
            "cpu.lahore",
        ),
    ] {
        let id = s
            .admin(&hifazat_store::Ctx::system("test"))
            .unwrap()
            .create_agency(AgencyInput {
                name: name.into(),
                kind: kind.into(),
                province_code: Some("PK-PB".into()),
                district_code: Some(district.into()),
                parent_id: None,
            })
            .await
            .unwrap();
        s.admin(&hifazat_store::Ctx::system("test"))
            .unwrap()
            .set_provider(
                id,
                ProviderDetails {
                    services,
                    accepts,
                    languages: "Urdu, Punjabi".into(),
                    capacity: 20,
                    phone: None,
                }
                .into(),
            )
            .await
            .unwrap();
        s.admin(&hifazat_store::Ctx::system("test"))
            .unwrap()
            .create_user(NewUser {
                username: user.into(),
                display_name: name.into(),
                password: PASSWORD.into(),
                agency_id: Some(id),
                jurisdiction: Jurisdiction::District(district.into()),
                roles: vec![UserRole::ServiceProvider],
            })
            .await
            .unwrap();
        ids.push(id);
    }
    for (u, d) in [("welfare.lahore", "LHR"), ("welfare.gujranwala", "GRW")] {
        s.admin(&hifazat_store::Ctx::system("test"))
            .unwrap()
            .create_user(NewUser {
                username: u.into(),
                display_name: u.into(),
                password: PASSWORD.into(),
                agency_id: None,
                jurisdiction: Jurisdiction::District(d.into()),
                roles: vec![UserRole::ProtectionOfficer],
            })
            .await
            .unwrap();
    }
    (ids[0], ids[1], ids[2])
}

async fn identify(api: &Api, name: &str, age: i64) -> (i64, String) {
    let (s, v) = api
        .post("/api/v1/victims", json!({
            "district": "LHR", "result": "presumed", "indicators": ["debt_bondage", "withholds_documents"],
            "circumstances": "Found by a labour inspector at a brick kiln",
            "person": {"role": "victim", "name": name, "sex": "female", "age": age, "cnic": if age >= 18 { json!("35202-5555555-4") } else { Value::Null }}
        }))
        .await;
    assert_eq!(s, 201, "{v}");
    (
        v["id"].as_i64().unwrap(),
        v["code"].as_str().unwrap().to_owned(),
    )
}

fn referral(victim: i64, provider: i64, services: &[&str]) -> Value {
    json!({"victim_id": victim, "provider_id": provider, "services": services, "urgency": "urgent", "needs": "Safe accommodation and counselling", "contact_arrangements": "Through Social Welfare Lahore"})
}

both_engines! {
    async fn no_referral_without_consent_or_a_recorded_override(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (shelter, _, _) = directory(&app).await;
        let welfare = app.api("welfare.lahore").await;
        let (victim, code) = identify(&welfare, "Rukhsana Syntheticbibi", 24).await;
        assert!(code.starts_with("P-") && code.contains("-LHR-"), "{code}");
        let (s, e) = welfare.post("/api/v1/referrals", referral(victim, shelter, &["shelter"])).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["consent"][0].as_str().unwrap().contains("consent"), "{e}");
        // A protection officer may not override.
        let mut with_reason = referral(victim, shelter, &["shelter"]);
        with_reason["consent_override_reason"] = json!("immediate danger, victim unconscious");
        let (s, e) = welfare.post("/api/v1/referrals", with_reason.clone()).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["consent_override_reason"].is_array(), "{e}");
        // A supervisor may, with a reason, and it is audited.
        let sup = app.api("supervisor.punjab").await;
        let (s, r) = sup.post("/api/v1/referrals", with_reason).await;
        assert_eq!(s, 201, "{r}");
        assert_eq!(r["consent_override"], true);
        let (_, audit) = app.api("auditor").await.get("/api/v1/audit?action=create").await;
        assert!(audit.to_string().contains("CONSENT OVERRIDE: immediate danger"), "override audited");
        let (_, d) = welfare.get("/api/v1/protection/dashboard").await;
        assert_eq!(d["consent_overrides"], 1);
        // With consent recorded, no override is needed.
        let (s, _) = welfare.post(&format!("/api/v1/victims/{victim}/consents"), json!({"purpose": "refer_services", "method": "written"})).await;
        assert_eq!(s, 201);
        let (s, r) = welfare.post("/api/v1/referrals", referral(victim, shelter, &["psychosocial"])).await;
        assert_eq!(s, 201, "{r}");
        assert_eq!(r["consent_override"], false);
        // Withdrawn consent stops further referrals.
        let (_, v) = welfare.get(&format!("/api/v1/victims/{victim}")).await;
        let consent = v["consents"][0]["id"].as_i64().unwrap();
        assert_eq!(welfare.post(&format!("/api/v1/victims/{victim}/consents/{consent}/withdraw"), json!({})).await.0, 204);
        assert_eq!(welfare.post("/api/v1/referrals", referral(victim, shelter, &["legal_aid"])).await.0, 422);
        app.stop().await;
    }

    async fn a_provider_sees_only_its_own_referrals_and_only_what_they_need(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (shelter, _, _) = directory(&app).await;
        let welfare = app.api("welfare.lahore").await;
        let (victim, code) = identify(&welfare, "Parveen Syntheticbibi", 30).await;
        welfare.post(&format!("/api/v1/victims/{victim}/consents"), json!({"purpose": "refer_services", "method": "thumbprint"})).await;
        let (_, r) = welfare.post("/api/v1/referrals", referral(victim, shelter, &["shelter", "psychosocial"])).await;
        let rid = r["id"].as_i64().unwrap();
        let lahore = app.api("shelter.lahore").await;
        let (s, page) = lahore.get("/api/v1/referrals").await;
        assert_eq!(s, 200);
        assert_eq!(page["total"], 1, "{page}");
        let list = &page["items"];
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["victim_code"], code.as_str());
        assert_eq!(list[0]["needs"], "Safe accommodation and counselling");
        let text = list.to_string();
        assert!(!text.contains("Parveen") && !text.contains("5555555"), "no identity for providers: {text}");
        // Another shelter sees nothing of it.
        let grw = app.api("shelter.gujranwala").await;
        assert_eq!(grw.get("/api/v1/referrals").await.1["items"], json!([]));
        assert_eq!(grw.get(&format!("/api/v1/referrals/{rid}")).await.0, 404);
        assert_eq!(grw.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "accepted"})).await.0, 404);
        // No case file, no victim record, no identity for providers.
        for path in ["/api/v1/cases".to_string(), format!("/api/v1/victims/{victim}"), format!("/api/v1/victims/{victim}/identity"), "/api/v1/victims".into()] {
            assert_eq!(lahore.get(&path).await.0, 403, "{path}");
        }
        // Another district's protection officer gets 404.
        let wg = app.api("welfare.gujranwala").await;
        assert_eq!(wg.get(&format!("/api/v1/victims/{victim}")).await.0, 404);
        assert_eq!(wg.get(&format!("/api/v1/referrals/{rid}")).await.0, 404);
        // The protection officer's view of the identity is audited.
        let (s, ident) = welfare.get(&format!("/api/v1/victims/{victim}/identity")).await;
        assert_eq!((s, ident["name"].as_str()), (200, Some("Parveen Syntheticbibi")));
        let (_, audit) = app.api("auditor").await.get("/api/v1/audit?action=view_identity").await;
        assert_eq!(audit["items"][0]["username"], "welfare.lahore");
        assert_eq!(audit["items"][0]["detail"], code.as_str());
        app.stop().await;
    }

    async fn referrals_move_along_their_statuses_and_closed_ones_never_change(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (shelter, _, _) = directory(&app).await;
        let welfare = app.api("welfare.lahore").await;
        let (victim, _) = identify(&welfare, "Sadia Syntheticbibi", 22).await;
        welfare.post(&format!("/api/v1/victims/{victim}/consents"), json!({"purpose": "refer_services", "method": "written"})).await;
        let shelter_api = app.api("shelter.lahore").await;
        let (_, r) = welfare.post("/api/v1/referrals", referral(victim, shelter, &["shelter"])).await;
        let rid = r["id"].as_i64().unwrap();
        // Declining needs a reason; the sender cannot accept on the provider's behalf.
        let (s, e) = shelter_api.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "declined"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["reason"].is_array());
        assert_eq!(welfare.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "accepted"})).await.0, 422);
        let (s, _) = shelter_api.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "declined", "reason": "No bed free tonight"})).await;
        assert_eq!(s, 200);
        let (s, e) = shelter_api.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "accepted"})).await;
        assert_eq!(s, 422, "a declined referral is final: {e}");
        // A new referral follows: accepted, services recorded, admission with the victim's wishes, closed.
        let (_, r) = welfare.post("/api/v1/referrals", referral(victim, shelter, &["shelter", "psychosocial"])).await;
        let rid = r["id"].as_i64().unwrap();
        assert_eq!(shelter_api.post(&format!("/api/v1/referrals/{rid}/services"), json!({"service": "psychosocial"})).await.0, 422, "accept first");
        assert_eq!(shelter_api.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "accepted"})).await.0, 200);
        assert_eq!(shelter_api.post(&format!("/api/v1/referrals/{rid}/services"), json!({"service": "psychosocial", "note": "first session"})).await.0, 204);
        let (s, e) = shelter_api.post("/api/v1/stays", json!({"referral_id": rid, "planned_days": 60, "victim_wishes": "  "})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["victim_wishes"].is_array());
        let (s, stay) = shelter_api.post("/api/v1/stays", json!({"referral_id": rid, "planned_days": 60, "victim_wishes": "Wants to stay until her mother is traced"})).await;
        assert_eq!(s, 201, "{stay}");
        let stay = stay["id"].as_i64().unwrap();
        assert_eq!(shelter_api.post(&format!("/api/v1/stays/{stay}/discharge"), json!({"to": "family"})).await.0, 204);
        let (_, v) = welfare.get(&format!("/api/v1/victims/{victim}")).await;
        assert_eq!(v["follow_ups"].as_array().unwrap().len(), 3, "follow-ups at 3, 6, 12 months");
        assert_eq!(v["referrals"][1]["status"], "in_service");
        assert_eq!(v["referral_count"], 2);
        let raw = reqwest::Client::new().get(app.url(&format!("/api/v1/victims/{victim}"))).bearer_auth(&welfare.token).send().await.unwrap().text().await.unwrap();
        assert_eq!(raw.matches("\"referrals\":").count(), 1, "one key per field: {raw}");
        assert_eq!(shelter_api.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "closed"})).await.0, 200);
        assert_eq!(shelter_api.post(&format!("/api/v1/referrals/{rid}/services"), json!({"service": "shelter"})).await.0, 422);
        assert_eq!(shelter_api.post(&format!("/api/v1/referrals/{rid}/status"), json!({"status": "in_service"})).await.0, 422);
        let (_, d) = welfare.get("/api/v1/protection/dashboard").await;
        assert_eq!((d["identified"].as_i64(), d["referred"].as_i64(), d["served"].as_i64()), (Some(1), Some(1), Some(1)), "{d}");
        app.stop().await;
    }

    async fn children_need_a_guardian_and_a_child_protection_referral(engine: Engine) {
        let app = TestApp::start(engine).await;
        let (_, _, cpu) = directory(&app).await;
        let welfare = app.api("welfare.lahore").await;
        let (child, _) = identify(&welfare, "Child Synthetic", 12).await;
        let (s, d) = welfare.get("/api/v1/protection/dashboard").await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["children_without_child_protection"], 1);
        assert_eq!(d["children_missing_cp"].as_array().unwrap().len(), 1);
        let (s, e) = welfare.post(&format!("/api/v1/victims/{child}/consents"), json!({"purpose": "refer_services", "method": "oral_witnessed"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["guardian_name"].is_array());
        let (s, _) = welfare.post(&format!("/api/v1/victims/{child}/consents"), json!({"purpose": "refer_services", "method": "guardian", "guardian_name": "Synthetic Mother", "guardian_relation": "mother"})).await;
        assert_eq!(s, 201);
        let (s, r) = welfare.post("/api/v1/referrals", referral(child, cpu, &["child_protection"])).await;
        assert_eq!(s, 201, "{r}");
        let (_, d) = welfare.get("/api/v1/protection/dashboard").await;
        assert_eq!(d["children_without_child_protection"], 0);
        // An adult victim who reappears in a new case is flagged as re-trafficked.
        let (adult, _) = identify(&welfare, "Adult Synthetic", 30).await;
        let io = app.api("io.lahore").await;
        let (_, case) = io.post("/api/v1/cases", trafficking_case("LHR")).await;
        let cid = case["id"].as_i64().unwrap();
        let mut again = victim("Adult Synthetic", "35202-5555555-4");
        assert_eq!(io.post(&format!("/api/v1/cases/{cid}/persons"), again.clone()).await.0, 422, "the CNIC is on record");
        again["link_existing"] = serde_json::json!(true);
        let (s, _) = io.post(&format!("/api/v1/cases/{cid}/persons"), again).await;
        assert_eq!(s, 201);
        let (_, v) = welfare.get(&format!("/api/v1/victims/{adult}")).await;
        assert_eq!(v["retrafficked"], true, "{v}");
        // Analysts see the dashboard with small counts suppressed and no lists.
        let (s, a) = app.api("analyst").await.get("/api/v1/protection/dashboard").await;
        assert_eq!(s, 200);
        assert_eq!(a["identified"], "<5");
        // No share beside a hidden count (a share times the total gives the count back), no
        // single hidden group beside the total, no small shelter occupancy.
        assert!(a["referred_percent"].is_null(), "{a}");
        let groups: Vec<&serde_json::Value> = a["by_sex_age"].as_array().unwrap().iter().map(|g| &g[2]).chain([&a["identified"]]).collect();
        assert_ne!(groups.iter().filter(|c| c.is_string()).count(), 1, "{a}");
        for s in a["shelters"].as_array().unwrap() {
            if let Some(n) = s[3].as_i64() {
                assert!(n == 0 || n >= 5, "shelter occupancy {n} shown to an analyst");
            }
        }
        assert_eq!(a["children_missing_cp"], json!([]));
        assert_eq!(a["overdue"], json!([]));
        app.stop().await;
    }
}
