//! Returnees (issue 13, item 1) through the real server, on SQLite and PostgreSQL: a daily
//! list imported through the page (the refused rows reported, the rest kept), the form's error
//! summary with nothing written, the scope of the list and of one returnee, a debriefing with
//! its route through the form, the case form prefilled from it, and the JSON API.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_domain::{Jurisdiction, UserRole};
use hifazat_store::both_engines;
use serde_json::json;

const LIST: &str = "id,full_name,father_name,date_of_birth,cnic,passport,nationality,sex,flight,country,reason,home_district\n\
P1,Waqas Syntheticreturnee,Rafiq Ahmad,1998,,,PK,M,PK-212,OM,illegal_entry,GRW\n\
P2,Bilal Syntheticreturnee,Nazir Ahmad,2000,,,PK,M,PK-212,Atlantis,overstay,\n\
P3,Imran Syntheticreturnee,Sadiq Ali,1990,,,PK,M,PK-212,AE,overstay,\n";

both_engines! {
    async fn a_list_is_imported_debriefed_and_opens_a_case(engine: Engine) {
        let app = TestApp::start(engine).await;
        add_account(&app, "immigration.isb", UserRole::ImmigrationOfficer, Jurisdiction::District("ISB".into())).await;
        let imm = app.browser("immigration.isb").await;
        let (s, f) = page(&imm, app.url("/returnees/lists")).await;
        assert_eq!(s, 200, "{f}");
        let csrf = csrf_of(&f);
        let today = app.store.today();
        let (d, m, y) = (today.format("%-d").to_string(), today.format("%-m").to_string(), today.format("%Y").to_string());
        let mut form = vec![
            ("csrf", csrf.as_str()), ("kind", "deportee"), ("point", "Islamabad International Airport"),
            ("date-day", d.as_str()), ("date-month", m.as_str()), ("date-year", y.as_str()),
            ("source", ""), ("csv", ""),
        ];
        // Nothing said: the error summary names both fields, nothing is written.
        let r = imm.post(app.url("/returnees/lists")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("href=\"#f-source\"") && body.contains("href=\"#f-csv\""), "{body}");
        let api = app.api("immigration.isb").await;
        assert_eq!(api.get("/api/v1/returnee-lists").await.1["total"], 0);
        form[6] = ("source", "FIA Immigration, Islamabad airport, morning list");
        form[7] = ("csv", LIST);
        let r = imm.post(app.url("/returnees/lists")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.contains("done=imported"), "{to}");
        let (_, report) = page(&imm, app.url(&to)).await;
        assert!(report.contains("id=\"done\""));
        assert_eq!(rows(&report, "import-errors"), 1, "the row from Atlantis is refused");
        assert!(report.contains("Choose the country returned from"));

        // Gujranwala reads its own returnee only; the page shows the name, audited.
        let grw = app.api("io.gujranwala").await;
        let (s, list) = grw.get("/api/v1/returnees").await;
        assert_eq!(s, 200);
        assert_eq!(list["total"], 1, "{list}");
        let id = list["items"][0]["id"].as_i64().unwrap();
        assert_eq!(api.get("/api/v1/returnees").await.1["total"], 2);
        let lahore = app.api("io.lahore").await;
        assert_eq!(lahore.get(&format!("/api/v1/returnees/{id}")).await.0, 404);
        assert_eq!(app.api("analyst").await.get("/api/v1/returnees").await.0, 403);

        // The debriefing through the form: a leg without its end is named by row.
        let web = app.browser("io.gujranwala").await;
        let (s, p) = page(&web, app.url(&format!("/returnees/{id}"))).await;
        assert_eq!(s, 200);
        assert!(p.contains("Waqas Syntheticreturnee"));
        let csrf = csrf_of(&p);
        let mut debrief = vec![
            ("csrf", csrf.as_str()), ("interviewed_on-day", d.as_str()), ("interviewed_on-month", m.as_str()), ("interviewed_on-year", y.as_str()),
            ("agent_name", "Chaudhry Synthetic"), ("amount_paid_pkr", "1,800,000"), ("sub_agents", "Gul Synthetic\nBaloch Synthetic"),
            ("leg_from", "Gujranwala"), ("leg_to", "Quetta"), ("leg_country", "PK"), ("leg_transport", "road"),
            ("leg_from", "Quetta"), ("leg_to", ""), ("leg_country", "PK"), ("leg_transport", "road"),
            ("documents_used", "none"), ("account", "Synthetic: held in Kerman for three weeks."),
        ];
        let r = web.post(app.url(&format!("/returnees/{id}/debriefings"))).form(&debrief).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("href=\"#f-legs.1\""));
        debrief[12] = ("leg_to", "Mand");
        debrief.extend([("leg_from", "Mand"), ("leg_to", "Muscat"), ("leg_country", "OM"), ("leg_transport", "boat")]);
        let r = web.post(app.url(&format!("/returnees/{id}/debriefings"))).form(&debrief).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&web, app.url(&format!("/returnees/{id}?done=debriefed"))).await;
        assert!(p.contains("id=\"done\"") && p.contains("Mand") && p.contains("Baloch Synthetic"));
        let (_, one) = grw.get(&format!("/api/v1/returnees/{id}")).await;
        let did = one["debriefing_list"][0]["id"].as_i64().unwrap();
        assert_eq!(one["debriefing_list"][0]["amount_paid_pkr"], 1_800_000);

        // The route appears on Gujranwala's routes, on the page and in the API.
        let (s, r) = grw.get("/api/v1/routes").await;
        assert_eq!(s, 200, "{r}");
        let told = r["rows"].as_array().unwrap().iter().find(|x| x["exit"] == "Mand (land border, Iran)").expect("the route told");
        assert_eq!((told["origin"].as_str(), told["destination"].as_str(), told["debriefings"].as_i64()), (Some("GRW"), Some("OM"), Some(1)));
        let (s, p) = page(&web, app.url("/routes")).await;
        assert_eq!(s, 200);
        assert!(p.contains("Mand (land border, Iran)") && p.contains("class=\"band\""));
        let (s, _) = page(&web, app.url("/routes?from-day=2&from-month=1&from-year=2026&to-day=1&to-month=1&to-year=2026")).await;
        assert_eq!(s, 422, "a period that ends before it starts");
        assert_eq!(app.api("analyst").await.get("/api/v1/routes").await.0, 403);

        // The case form comes prefilled from it, and the case opens at inquiry.
        let (s, c) = page(&web, app.url(&format!("/cases/new?from_debriefing={did}"))).await;
        assert_eq!(s, 200, "{c}");
        assert!(c.contains("id=\"from-debriefing\"") && c.contains(&format!("name=\"debriefing_id\" value=\"{did}\"")));
        assert!(c.contains("<option selected>Mand (land border, Iran)</option>"), "the exit point is prefilled");
        let (s, made) = grw.post(&format!("/api/v1/debriefings/{did}/case"), trafficking_case("GRW")).await;
        assert_eq!(s, 201, "{made}");
        // The case's network shows the returnee whose debriefing opened it.
        let case_id = made["id"].as_i64().unwrap();
        let (s, g) = grw.get(&format!("/api/v1/network?start=case:{case_id}&hops=2")).await;
        assert_eq!(s, 200, "{g}");
        assert!(g["nodes"].as_array().unwrap().iter().any(|n| n["id"] == format!("returnee:{id}")), "{g}");
        let (s, p) = page(&web, app.url(&format!("/network?start=case:{case_id}"))).await;
        assert_eq!(s, 200);
        assert!(p.contains("class=\"network\"") && p.contains(&format!("/returnees/{id}")));
        assert_eq!(lahore.get(&format!("/api/v1/network?start=case:{case_id}")).await.0, 404);
        let (s, again) = grw.post(&format!("/api/v1/debriefings/{did}/case"), trafficking_case("GRW")).await;
        assert_eq!(s, 422, "{again}");
        let (s, _) = page(&web, app.url(&format!("/cases/new?from_debriefing={did}"))).await;
        assert_eq!(s, 409);

        // Identified as a victim from the returnee's page: the form comes filled in.
        let (s, f) = page(&web, app.url(&format!("/victims/new?returnee={id}"))).await;
        assert_eq!(s, 200, "{f}");
        assert!(f.contains("id=\"from-returnee\"") && f.contains("value=\"Waqas Syntheticreturnee\""));
        let csrf = csrf_of(&f);
        let form = [
            ("csrf", csrf.as_str()), ("returnee_id", &id.to_string()), ("district", "GRW"), ("result", "presumed"),
            ("indicators", "debt_bondage"), ("identified_on-day", d.as_str()), ("identified_on-month", m.as_str()), ("identified_on-year", y.as_str()),
            ("name", "Waqas Syntheticreturnee"), ("sex", "male"), ("age", "28"), ("nationality", "Pakistan"),
        ];
        let r = web.post(app.url("/victims")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = page(&web, app.url(&format!("/returnees/{id}"))).await;
        assert!(p.contains("id=\"returnee-victim\""));
        let r = web.post(app.url("/victims")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 422, "once only");
        app.stop().await;
    }

    async fn the_api_records_one_returnee_and_names_every_bad_field(engine: Engine) {
        let app = TestApp::start(engine).await;
        add_account(&app, "immigration.isb", UserRole::ImmigrationOfficer, Jurisdiction::District("ISB".into())).await;
        let api = app.api("immigration.isb").await;
        let today = app.store.today().to_string();
        let arrival = json!({"kind": "offloaded", "point": "Islamabad International Airport", "date": today});
        let (s, e) = api.post("/api/v1/returnees", json!({"arrival": arrival, "full_name": "", "flight": "", "country": "PK", "reason": "suspected_trafficking", "cnic": "123"})).await;
        assert_eq!(s, 422, "{e}");
        let text = e.to_string();
        for f in ["full_name", "flight", "country", "cnic"] {
            assert!(text.contains(f), "{f}: {text}");
        }
        let (s, saved) = api.post("/api/v1/returnees", json!({"arrival": arrival, "full_name": "Sana Syntheticoffloaded", "flight": "EK-615", "country": "AE", "reason": "suspected_trafficking", "sex": "female", "home_district": "SKT"})).await;
        assert_eq!(s, 201, "{saved}");
        assert!(saved["reference"].as_str().unwrap().starts_with("RT-"));
        // Another airport is not theirs to record.
        let lahore = json!({"kind": "offloaded", "point": "Allama Iqbal International Airport, Lahore", "date": today});
        let (s, _) = api.post("/api/v1/returnees", json!({"arrival": lahore, "full_name": "X Synthetic", "flight": "PK-1", "country": "AE", "reason": "other"})).await;
        assert_eq!(s, 422);
        app.stop().await;
    }
}
