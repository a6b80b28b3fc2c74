//! The protection pages through the real server, on SQLite and PostgreSQL: lists page with true
//! totals and keep their filters, dashboard tiles agree with the lists behind them, a referral
//! refused for lack of consent leads to the consent form with the right purpose, final steps
//! ask first, dates are typed as day, month and year, and each role starts on its own page.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use chrono::{Duration, Utc};
use common::*;
use hifazat_domain::protection::{Group, Service};
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::admin::users::NewUser;
use hifazat_store::admin::AgencyInput;
use hifazat_store::both_engines;
use hifazat_store::protection::ProviderDetails;
use serde_json::json;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// A shelter in Lahore with its user `shelter.lahore`, and a protection officer `welfare.lahore`.
async fn shelter_and_officer(app: &TestApp) -> i64 {
    let s = &app.store;
    let id = s
        .admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .create_agency(AgencyInput {
            name: "Darul Aman Lahore".into(),
            kind: "social_welfare".into(),
            province_code: Some("PK-PB".into()),
            district_code: Some("LHR".into()),
            parent_id: None,
        })
        .await
        .unwrap();
    s.admin(&hifazat_store::Ctx::system("test"))
        .unwrap()
        .set_provider(
            id,
            ProviderDetails {
                services: vec![Service::Shelter, Service::Psychosocial],
                accepts: vec![Group::Women, Group::Children],
                languages: "Urdu, Punjabi".into(),
                capacity: 30,
                phone: None,
            }
            .into(),
        )
        .await
        .unwrap();
    for (u, roles, agency) in [
        ("shelter.lahore", vec![UserRole::ServiceProvider], Some(id)),
        ("welfare.lahore", vec![UserRole::ProtectionOfficer], None),
    ] {
        s.admin(&hifazat_store::Ctx::system("test"))
            .unwrap()
            .create_user(NewUser {
                username: u.into(),
                display_name: u.into(),
                password: PASSWORD.into(),
                agency_id: agency,
                jurisdiction: Jurisdiction::District("LHR".into()),
                roles,
            })
            .await
            .unwrap();
    }
    id
}

async fn identify(api: &Api, age: i64) -> i64 {
    let (s, v) = api
        .post(
            "/api/v1/victims",
            json!({
                "district": "LHR", "result": "presumed", "indicators": ["debt_bondage"],
                "person": {"role": "victim", "name": "Synthetic Person", "sex": "female", "age": age}
            }),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    v["id"].as_i64().unwrap()
}

both_engines! {
    async fn lists_page_with_their_true_total_and_keep_their_filters(engine: Engine) {
        let app = TestApp::start(engine).await;
        let shelter = shelter_and_officer(&app).await;
        let welfare = app.api("welfare.lahore").await;
        let mut first = 0;
        for i in 0..53 {
            let id = identify(&welfare, if i < 3 { 12 } else { 30 }).await;
            if i == 3 {
                first = id;
            }
        }
        let web = app.browser("welfare.lahore").await;
        // "Victims says 53 and shows 50": the page says how many there are and pages the rest.
        let (s, p) = page(&web, app.url("/victims")).await;
        assert_eq!(s, 200);
        assert!(p.contains("53 victims"), "{p}");
        assert!(p.contains("Showing 1–50 of 53"), "{p}");
        assert_eq!(rows(&p, "victim-list"), 50);
        assert!(p.contains("href=\"/victims?page=2\""), "{p}");
        let (_, p2) = page(&web, app.url("/victims?page=2")).await;
        assert_eq!(rows(&p2, "victim-list"), 3);
        assert!(p2.contains("Showing 51–53 of 53"));
        // A filter is kept across pages, and its total is its own.
        let (_, c) = page(&web, app.url("/victims?children=true")).await;
        assert!(c.contains("3 victims") && rows(&c, "victim-list") == 3, "{c}");
        let (_, q) = page(&web, app.url("/victims?q=LHR")).await;
        assert!(q.contains("href=\"/victims?q=LHR&#38;page=2\""), "{q}");

        // Referrals: one victim with consent, referred 52 times.
        welfare.post(&format!("/api/v1/victims/{first}/consents"), json!({"purpose": "refer_services", "method": "written"})).await;
        for _ in 0..52 {
            let (s, r) = welfare.post("/api/v1/referrals", json!({"victim_id": first, "provider_id": shelter, "services": ["psychosocial"], "urgency": "routine"})).await;
            assert_eq!(s, 201, "{r}");
        }
        let (_, r) = page(&web, app.url("/referrals?status=sent")).await;
        assert!(r.contains("52 referrals") && r.contains("Showing 1–50 of 52"), "{r}");
        assert_eq!(rows(&r, "referral-list"), 50);
        assert!(r.contains("href=\"/referrals?status=sent&#38;page=2\""), "{r}");
        let (_, r2) = page(&web, app.url("/referrals?status=sent&page=2")).await;
        assert_eq!(rows(&r2, "referral-list"), 2);
        let (_, none) = page(&web, app.url("/referrals?status=closed")).await;
        assert!(none.contains("0 referrals") && none.contains("No referrals match these filters."), "{none}");
        // The provider's queue pages the same referrals, and sees only its own.
        let provider = app.browser("shelter.lahore").await;
        let (_, q) = page(&provider, app.url("/referrals")).await;
        assert!(q.contains("52 referrals") && rows(&q, "referral-list") == 50, "{q}");
        assert!(!q.contains(&format!("/victims/{first}")), "providers are not sent to the protection record");

        // The directory: 51 more providers in Lahore offering shelter to women.
        for i in 0..51 {
            let id = app.store.admin(&hifazat_store::Ctx::system("test")).unwrap().create_agency(AgencyInput { name: format!("Synthetic Shelter {i:02}"), kind: "ngo".into(), province_code: Some("PK-PB".into()), district_code: Some("LHR".into()), parent_id: None }).await.unwrap();
            app.store.admin(&hifazat_store::Ctx::system("test")).unwrap().set_provider(id, ProviderDetails { services: vec![Service::Shelter], accepts: vec![Group::Women], languages: "Urdu".into(), capacity: 5, phone: None }.into()).await.unwrap();
        }
        let (_, d) = page(&web, app.url("/providers?district=LHR&service=shelter&group=women")).await;
        assert!(d.contains("52 providers") && d.contains("Showing 1–50 of 52"), "{d}");
        assert_eq!(rows(&d, "providers"), 50);
        assert!(d.contains("href=\"/providers?district=LHR&#38;service=shelter&#38;group=women&#38;page=2\""), "{d}");
        let (_, g) = page(&web, app.url("/providers?group=children")).await;
        assert!(g.contains("1 provider<") && rows(&g, "providers") == 1, "{g}");
        let (_, api) = welfare.get("/api/v1/providers?service=psychosocial").await;
        assert_eq!(api.as_array().unwrap().len(), 1, "the API filters in SQL too");
        app.stop().await;
    }

    async fn dashboard_tiles_agree_with_the_lists_behind_them(engine: Engine) {
        // A clock that can be moved on, so that referrals become overdue.
        let shift = Arc::new(AtomicI64::new(0));
        let s2 = shift.clone();
        let app = TestApp::start_with(engine, move |mut st| {
            st.store = st.store.with_clock(Arc::new(move || {
                Utc::now() + Duration::hours(s2.load(Ordering::SeqCst))
            }));
            st
        })
        .await;
        let shelter = shelter_and_officer(&app).await;
        let welfare = app.api("welfare.lahore").await;
        for _ in 0..4 {
            identify(&welfare, 10).await;
        }
        let adult = identify(&welfare, 40).await;
        welfare.post(&format!("/api/v1/victims/{adult}/consents"), json!({"purpose": "refer_services", "method": "written"})).await;
        for _ in 0..3 {
            welfare.post("/api/v1/referrals", json!({"victim_id": adult, "provider_id": shelter, "services": ["shelter"], "urgency": "emergency"})).await;
        }
        shift.store(5, Ordering::SeqCst);
        let web = app.browser("welfare.lahore").await;
        let (_, d) = page(&web, app.url("/protection")).await;
        let tile = |id: &str| -> String {
            d.split(&format!("id=\"{id}\">")).nth(1).unwrap().split('<').next().unwrap().to_owned()
        };
        assert_eq!(tile("identified"), "5");
        // The funnel chart draws the same counts, one bar per step, without script.
        let chart = d.split("id=\"protection-funnel\"").nth(1).unwrap().split("</svg>").next().unwrap();
        assert_eq!(chart.matches("<rect").count(), 4);
        assert!(chart.contains("victims identified: 5") || chart.contains(": 5</title>"), "{chart}");
        assert_eq!(tile("referred"), "1");
        assert_eq!(tile("overdue-count"), "3");
        assert_eq!(tile("children-missing"), "4");
        // Each warning tile opens the list it counts, and that list says the same total.
        assert!(d.contains("href=\"/referrals?overdue=true\""), "{d}");
        let (_, o) = page(&web, app.url("/referrals?overdue=true")).await;
        assert!(o.contains("3 referrals") && rows(&o, "referral-list") == 3, "{o}");
        let (_, c) = page(&web, app.url("/victims?no_cp=true")).await;
        assert!(c.contains("4 victims") && rows(&c, "victim-list") == 4, "{c}");
        let (_, c) = page(&web, app.url("/victims?no_cp=true&district=GRW")).await;
        assert!(c.contains("0 victims"), "{c}");
        app.stop().await;
    }

    async fn a_referral_refused_for_lack_of_consent_leads_to_the_consent_form(engine: Engine) {
        let app = TestApp::start(engine).await;
        let shelter = shelter_and_officer(&app).await;
        let welfare = app.api("welfare.lahore").await;
        let victim = identify(&welfare, 28).await;
        let web = app.browser("welfare.lahore").await;
        let (_, p) = page(&web, app.url(&format!("/victims/{victim}"))).await;
        // The consent form proposes what a referral needs.
        assert!(p.contains("<option value=\"refer_services\" selected>"), "{p}");
        let csrf = csrf_of(&p);
        let r = web.post(app.url(&format!("/victims/{victim}/referrals"))).form(&[("csrf", csrf.as_str()), ("provider_id", &shelter.to_string()), ("services", "shelter"), ("urgency", "urgent"), ("needs", "A safe place tonight")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let p = r.text().await.unwrap();
        assert!(p.contains("class=\"error-summary\"") && p.contains("href=\"#f-consent\""), "{p}");
        assert!(p.contains("id=\"f-consent\"") && p.contains("id=\"consent-needed\""), "{p}");
        assert!(p.contains("<option value=\"refer_services\" selected>"), "{p}");
        assert!(p.contains("A safe place tonight"), "the referral keeps what was typed");
        // Following the message with the form's defaults records the consent the referral needs.
        let r = web.post(app.url(&format!("/victims/{victim}/consents"))).form(&[("csrf", csrf.as_str()), ("purpose", "refer_services"), ("method", "written"), ("given_on-day", ""), ("given_on-month", ""), ("given_on-year", "")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], format!("/victims/{victim}?done=consent").as_str());
        let r = web.post(app.url(&format!("/victims/{victim}/referrals"))).form(&[("csrf", csrf.as_str()), ("provider_id", &shelter.to_string()), ("services", "shelter"), ("urgency", "urgent")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, done) = page(&web, app.url(&format!("/victims/{victim}?done=referred"))).await;
        assert!(done.contains("Referral sent to Darul Aman Lahore. They are to answer by"), "{done}");
        // A date typed in the future is refused with a message that links to its boxes.
        let r = web.post(app.url(&format!("/victims/{victim}/consents"))).form(&[("csrf", csrf.as_str()), ("purpose", "contact_later"), ("method", "written"), ("given_on-day", "1"), ("given_on-month", "1"), ("given_on-year", "2099")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let p = r.text().await.unwrap();
        assert!(p.contains("href=\"#f-given_on\"") && p.contains("The date consent was given must be today or in the past"), "{p}");
        assert!(p.contains("name=\"given_on-year\" value=\"2099\""), "what was typed is kept");
        let r = web.post(app.url(&format!("/victims/{victim}/consents"))).form(&[("csrf", csrf.as_str()), ("purpose", "contact_later"), ("method", "written"), ("given_on-day", "31"), ("given_on-month", "2"), ("given_on-year", "2025")]).send().await.unwrap();
        assert!(r.text().await.unwrap().contains("Enter a real date"));
        app.stop().await;
    }

    async fn final_steps_are_confirmed_first_and_each_action_says_what_next(engine: Engine) {
        let app = TestApp::start(engine).await;
        let shelter = shelter_and_officer(&app).await;
        let welfare = app.api("welfare.lahore").await;
        let victim = identify(&welfare, 25).await;
        let (_, c) = welfare.post(&format!("/api/v1/victims/{victim}/consents"), json!({"purpose": "refer_services", "method": "written"})).await;
        let consent = c["id"].as_i64().unwrap();
        let (_, r) = welfare.post("/api/v1/referrals", json!({"victim_id": victim, "provider_id": shelter, "services": ["shelter", "psychosocial"], "urgency": "urgent"})).await;
        let rid = r["id"].as_i64().unwrap();
        let provider = app.browser("shelter.lahore").await;
        // Declining asks for the reason on its own page first; without one, it says what to enter.
        let (s, d) = page(&provider, app.url(&format!("/referrals/{rid}/decline"))).await;
        assert_eq!(s, 200);
        assert!(d.contains("Decline the referral of P-") && d.contains("This cannot be undone"), "{d}");
        let csrf = csrf_of(&d);
        let r = provider.post(app.url(&format!("/referrals/{rid}/status"))).form(&[("csrf", csrf.as_str()), ("status", "declined"), ("reason", " ")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let d = r.text().await.unwrap();
        assert!(d.contains("href=\"#f-reason\"") && d.contains("Enter why the referral is declined") && d.contains("id=\"confirm-form\""), "{d}");
        // Accepting, admitting, and ending the stay (after its confirmation page).
        let r = provider.post(app.url(&format!("/referrals/{rid}/status"))).form(&[("csrf", csrf.as_str()), ("status", "accepted")]).send().await.unwrap();
        assert_eq!(r.headers()["location"], format!("/referrals/{rid}?done=accepted").as_str());
        let (_, p) = page(&provider, app.url(&format!("/referrals/{rid}?done=accepted"))).await;
        assert!(p.contains("Referral accepted. Next, admit the victim to the shelter below"), "{p}");
        let r = provider.post(app.url(&format!("/referrals/{rid}/admission"))).form(&[("csrf", csrf.as_str()), ("planned_days", "60"), ("victim_wishes", "Wants to stay until her family is traced"), ("admitted_on-day", ""), ("admitted_on-month", ""), ("admitted_on-year", "")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&provider, app.url(&format!("/referrals/{rid}?done=admitted"))).await;
        assert!(p.contains("Review the stay with them within 60 days"), "{p}");
        let stay: i64 = p.split(&format!("/referrals/{rid}/stays/")).nth(1).unwrap().split('/').next().unwrap().parse().unwrap();
        let (s, d) = page(&provider, app.url(&format!("/referrals/{rid}/stays/{stay}/discharge"))).await;
        assert_eq!(s, 200);
        assert!(d.contains("End the shelter stay of P-") && d.contains("name=\"discharged_on-day\""), "{d}");
        let r = provider.post(app.url(&format!("/referrals/{rid}/stays/{stay}/discharge"))).form(&[("csrf", csrf.as_str()), ("to", "")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Choose where the stay ends"));
        let r = provider.post(app.url(&format!("/referrals/{rid}/stays/{stay}/discharge"))).form(&[("csrf", csrf.as_str()), ("to", "family")]).send().await.unwrap();
        assert_eq!(r.headers()["location"], format!("/referrals/{rid}?done=discharged").as_str());
        // Closing: a confirmation page, then the POST, then a message that says what next.
        let (s, c) = page(&provider, app.url(&format!("/referrals/{rid}/close"))).await;
        assert_eq!(s, 200);
        assert!(c.contains("Close the referral of P-") && c.contains("name=\"status\" value=\"closed\""), "{c}");
        let r = provider.post(app.url(&format!("/referrals/{rid}/status"))).form(&[("csrf", csrf.as_str()), ("status", "closed")]).send().await.unwrap();
        assert_eq!(r.headers()["location"], format!("/referrals/{rid}?done=closed").as_str());
        let (_, p) = page(&provider, app.url(&format!("/referrals/{rid}?done=closed"))).await;
        assert!(p.contains("Referral closed. It can no longer change") && !p.contains("/close\""), "{p}");
        // Withdrawing consent is confirmed first too.
        let officer = app.browser("welfare.lahore").await;
        let (_, w) = page(&officer, app.url(&format!("/victims/{victim}/consents/{consent}/withdraw"))).await;
        assert!(w.contains("Withdraw the consent of P-") && w.contains("Referral to services"), "{w}");
        let csrf = csrf_of(&w);
        let r = officer.post(app.url(&format!("/victims/{victim}/consents/{consent}/withdraw"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.headers()["location"], format!("/victims/{victim}?done=withdrawn").as_str());
        let (s, _) = page(&officer, app.url(&format!("/victims/{victim}/consents/{consent}/withdraw"))).await;
        assert_eq!(s, 404, "a withdrawn consent has nothing left to confirm");
        let (s, _) = page(&provider, app.url(&format!("/victims/{victim}/consents/{consent}/withdraw"))).await;
        assert_eq!(s, 403, "providers never reach the protection record");
        app.stop().await;
    }

    async fn each_role_starts_on_its_own_page_which_says_what_will_appear(engine: Engine) {
        let app = TestApp::start(engine).await;
        shelter_and_officer(&app).await;
        for (user, home, empty) in [
            ("welfare.lahore", "/protection", "No victims have been identified here yet."),
            ("shelter.lahore", "/referrals", "No referrals to your agency yet."),
        ] {
            let web = app.browser(user).await;
            let r = web.get(app.url("/")).send().await.unwrap();
            assert_eq!(r.headers()["location"], home, "{user}");
            let (s, p) = page(&web, app.url(home)).await;
            assert_eq!(s, 200);
            assert!(p.contains(empty), "{user}: {p}");
        }
        // In Urdu, the same pages speak Urdu with Urdu digits.
        let web = app.browser("welfare.lahore").await;
        web.get(app.url("/language?to=ur&back=/victims")).send().await.unwrap();
        let (_, p) = page(&web, app.url("/victims")).await;
        assert!(p.contains("lang=\"ur\"") && p.contains("متاثرین") && p.contains("۰"), "{p}");
        app.stop().await;
    }
}
