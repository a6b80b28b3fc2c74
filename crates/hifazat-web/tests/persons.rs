//! The national person index through the real HTTP server, on SQLite and PostgreSQL: a
//! person's record, merging two records of one person and undoing it (with the audit trail),
//! what may not be merged, watchlist entries linked to person records, and search beyond the
//! best ten nationally.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::both_engines;
use serde_json::{json, Value};

fn accused(name: &str, father: &str) -> Value {
    json!({"role": "accused", "name": name, "father_name": father, "sex": "male", "age": 45, "accused_status": "at_large"})
}

/// Adds a person to a new Lahore case; returns (case id, person record uid).
async fn in_new_case(io: &Api, district: &str, person: Value) -> (i64, String) {
    let (s, c) = io.post("/api/v1/cases", trafficking_case(district)).await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    let (s, p) = io
        .post(&format!("/api/v1/cases/{id}/persons"), person)
        .await;
    assert_eq!(s, 201, "{p}");
    (id, p["person_uid"].as_str().unwrap().to_owned())
}

fn case_uids(case: &Value) -> Vec<String> {
    case["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["person_uid"].as_str().unwrap().to_owned())
        .collect()
}

fn refs(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_id"].as_i64().unwrap())
        .collect()
}

both_engines! {
    async fn two_records_of_one_person_are_merged_and_the_merge_undone(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (c1, keep) = in_new_case(&io, "LHR", accused("Muhammad Asif", "Ghulam Rasool")).await;
        let (c2, dup) = in_new_case(&io, "LHR", accused("Mohd Asif", "Ghulam Rasool")).await;

        // The person's record lists its cases and the other record as a possible duplicate.
        let (s, p) = io.get(&format!("/api/v1/persons/{keep}")).await;
        assert_eq!(s, 200, "{p}");
        assert_eq!(p["name"], "Muhammad Asif");
        assert_eq!(refs(&p["cases"]), vec![c1]);
        assert_eq!(p["possible_duplicates"][0]["person_uid"], dup.as_str(), "{p}");

        // A merge needs a reason; refused, it changes nothing.
        let (s, e) = io.post(&format!("/api/v1/persons/{keep}/merge"), json!({"duplicate": dup})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["reason"].is_array(), "{e}");
        assert_eq!(case_uids(&io.get(&format!("/api/v1/cases/{c2}")).await.1), vec![dup.clone()]);
        // Another district cannot see either record.
        let grw = app.api("io.gujranwala").await;
        assert_eq!(grw.get(&format!("/api/v1/persons/{keep}")).await.0, 404);
        assert_eq!(grw.post(&format!("/api/v1/persons/{keep}/merge"), json!({"duplicate": dup, "reason": "x"})).await.0, 404);

        let (s, m) = io.post(&format!("/api/v1/persons/{keep}/merge"), json!({"duplicate": dup, "reason": "Same father and village; the FIR copies agree"})).await;
        assert_eq!(s, 201, "{m}");
        let merge = m["id"].as_i64().unwrap();
        // One record now: both cases show it, the other record is kept, retired, and says where it went.
        assert_eq!(case_uids(&io.get(&format!("/api/v1/cases/{c2}")).await.1), vec![keep.clone()]);
        let (_, p) = io.get(&format!("/api/v1/persons/{keep}")).await;
        let mut cases = refs(&p["cases"]);
        cases.sort();
        assert_eq!(cases, vec![c1, c2]);
        assert_eq!(p["merges"][0]["merged_uid"], dup.as_str());
        assert_eq!(p["merges"][0]["merged_name"], "Mohd Asif");
        assert_eq!(p["merges"][0]["moved"], 1);
        let (s, old) = io.get(&format!("/api/v1/persons/{dup}")).await;
        assert_eq!(s, 200, "{old}");
        assert_eq!(old["merged_into"], keep.as_str());
        let (_, hits) = io.post("/api/v1/persons/search", json!({"name": "Mohd Asif", "father_name": "Ghulam Rasool"})).await;
        let found: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["person_uid"].as_str().unwrap()).collect();
        assert_eq!(found, vec![keep.as_str()], "the retired record is not found: {hits}");
        let (s, e) = io.post(&format!("/api/v1/persons/{keep}/merge"), json!({"duplicate": dup, "reason": "again"})).await;
        assert_eq!(s, 422, "{e}");

        // Undoing needs a reason too, then puts back exactly what moved.
        assert_eq!(io.post(&format!("/api/v1/persons/merges/{merge}/unmerge"), json!({})).await.0, 422);
        assert_eq!(grw.post(&format!("/api/v1/persons/merges/{merge}/unmerge"), json!({"reason": "x"})).await.0, 404);
        assert_eq!(io.post(&format!("/api/v1/persons/merges/{merge}/unmerge"), json!({"reason": "CNIC came back: two brothers"})).await.0, 204);
        assert_eq!(case_uids(&io.get(&format!("/api/v1/cases/{c2}")).await.1), vec![dup.clone()]);
        let (_, p) = io.get(&format!("/api/v1/persons/{keep}")).await;
        assert_eq!(refs(&p["cases"]), vec![c1]);
        assert_eq!(p["merges"][0]["unmerge_reason"], "CNIC came back: two brothers");
        assert!(io.get(&format!("/api/v1/persons/{dup}")).await.1["merged_into"].is_null());
        assert_eq!(io.post(&format!("/api/v1/persons/merges/{merge}/unmerge"), json!({"reason": "twice"})).await.0, 422);
        let (_, hits) = io.post("/api/v1/persons/search", json!({"name": "Mohd Asif", "father_name": "Ghulam Rasool"})).await;
        assert_eq!(hits.as_array().unwrap().len(), 2, "both records are found again: {hits}");

        // Both steps are in the audit trail, for the person and in each case moved.
        let auditor = app.api("auditor").await;
        let (_, merged) = auditor.get("/api/v1/audit?action=merge").await;
        let rows = merged["items"].as_array().unwrap();
        assert!(rows.iter().any(|r| r["entity"] == "person" && r["entity_id"] == dup.as_str()), "{merged}");
        assert!(rows.iter().any(|r| r["case_id"] == c2), "{merged}");
        let (_, unmerged) = auditor.get("/api/v1/audit?action=unmerge").await;
        assert_eq!(unmerged["items"].as_array().unwrap().len(), 2, "{unmerged}");
        app.stop().await;
    }

    async fn victims_other_cnics_and_double_roles_are_not_merged(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (c1, a) = in_new_case(&io, "LHR", accused("Tariq Synthetic", "Rafiq")).await;
        // A victim's record is never a person page, nor merged.
        let (s, v) = io.post(&format!("/api/v1/cases/{c1}/persons"), victim("Tariq Syntheticbibi", "35202-1212121-2")).await;
        assert_eq!(s, 201);
        let victim_uid = v["person_uid"].as_str().unwrap();
        assert_eq!(io.get(&format!("/api/v1/persons/{victim_uid}")).await.0, 404);
        assert_eq!(io.post(&format!("/api/v1/persons/{a}/merge"), json!({"duplicate": victim_uid, "reason": "same"})).await.0, 404);
        // Records with different CNICs are two people (or one number is wrong).
        let mut with_cnic = accused("Tariq Synthetic", "Rafiq");
        with_cnic["cnic"] = json!("35202-3030303-3");
        let (_, b) = in_new_case(&io, "LHR", with_cnic.clone()).await;
        with_cnic["cnic"] = json!("35202-4040404-3");
        let (_, c) = in_new_case(&io, "LHR", with_cnic).await;
        let (s, e) = io.post(&format!("/api/v1/persons/{b}/merge"), json!({"duplicate": c, "reason": "same name"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["duplicate"][0].as_str().unwrap().contains("different CNICs"), "{e}");
        // The same person twice as accused in one case: a role is held once per case.
        let (s, d) = io.post(&format!("/api/v1/cases/{c1}/persons"), accused("Tariq Synthetik", "Rafiq")).await;
        assert_eq!(s, 201);
        let (s, e) = io.post(&format!("/api/v1/persons/{a}/merge"), json!({"duplicate": d["person_uid"], "reason": "typo"})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["duplicate"][0].as_str().unwrap().contains("Both records hold the same role"), "{e}");
        assert_eq!(io.post(&format!("/api/v1/persons/{a}/merge"), json!({"duplicate": a, "reason": "self"})).await.0, 422);
        // Only case-handling roles merge.
        assert_eq!(app.api("analyst").await.post(&format!("/api/v1/persons/{a}/merge"), json!({"duplicate": b, "reason": "x"})).await.0, 403);
        app.stop().await;
    }

    async fn watchlist_entries_name_person_records_and_list_their_cases(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let mut agent = accused("Shahid Synthetic", "Anwar");
        agent["cnic"] = json!("35202-5151515-1");
        let (c1, uid) = in_new_case(&io, "LHR", agent).await;
        let national = app.api("national").await;
        let (s, e) = national.post("/api/v1/watchlist", json!({"list": "red_book", "full_name": "Shahid Synthetic", "father_name": "Anwar", "cnic": "35202-5151515-1", "zone": "Lahore", "reference": "RB-12-001", "person_uid": uid})).await;
        assert_eq!(s, 201, "{e}");
        let book = national.get("/api/v1/watchlist?list=red_book").await.1["items"].clone();
        assert_eq!(book[0]["person_uid"], uid.as_str());
        assert_eq!(refs(&book[0]["cases"]), vec![c1]);
        let (_, p) = io.get(&format!("/api/v1/persons/{uid}")).await;
        assert_eq!(p["watchlist"][0]["reference"], "RB-12-001");
        // The printed Red Book names the case.
        let reference = book[0]["cases"][0]["reference"].as_str().unwrap().to_owned();
        assert!(reference.starts_with("LHR-"), "{reference}");
        let page = app.browser("national").await.get(app.url("/redbook")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&reference), "the Red Book lists the case");
        let (_, exports) = app.api("auditor").await.get("/api/v1/audit?action=export").await;
        assert_eq!(exports["items"][0]["entity_id"], "redbook", "printing the Red Book is an audited export");
        // A victim's record, or one unknown, cannot be listed.
        let (_, v) = io.post(&format!("/api/v1/cases/{c1}/persons"), victim("Listed Syntheticbibi", "35202-6161616-2")).await;
        let (s, e) = national.post("/api/v1/watchlist", json!({"list": "red_book", "full_name": "Anyone", "person_uid": v["person_uid"]})).await;
        assert_eq!(s, 422);
        assert!(e["fields"]["person_uid"].is_array(), "{e}");
        assert_eq!(national.post("/api/v1/watchlist", json!({"list": "red_book", "full_name": "Anyone", "person_uid": "no-such-record"})).await.0, 422);

        // A merge carries the entry to the kept record; undoing it brings it back.
        let (c2, other) = in_new_case(&io, "LHR", accused("Shahid Synthetic", "Anwar Ali")).await;
        let (s, m) = io.post(&format!("/api/v1/persons/{other}/merge"), json!({"duplicate": uid, "reason": "one agent, two FIRs"})).await;
        assert_eq!(s, 201, "{m}");
        let book = national.get("/api/v1/watchlist?list=red_book").await.1["items"].clone();
        assert_eq!(book[0]["person_uid"], other.as_str());
        let mut cases = refs(&book[0]["cases"]);
        cases.sort();
        assert_eq!(cases, vec![c1, c2]);
        let merge = m["id"].as_i64().unwrap();
        assert_eq!(io.post(&format!("/api/v1/persons/merges/{merge}/unmerge"), json!({"reason": "not the same"})).await.0, 204);
        let book = national.get("/api/v1/watchlist?list=red_book").await.1["items"].clone();
        assert_eq!(book[0]["person_uid"], uid.as_str());
        app.stop().await;
    }

    async fn search_looks_past_the_best_matches_of_other_districts(engine: Engine) {
        let app = TestApp::start(engine).await;
        // Many namesakes in Gujranwala, entered first...
        let grw = app.api("io.gujranwala").await;
        let (s, c) = grw.post("/api/v1/cases", trafficking_case("GRW")).await;
        assert_eq!(s, 201);
        let g = c["id"].as_i64().unwrap();
        for i in 0..25 {
            let (s, _) = grw.post(&format!("/api/v1/cases/{g}/persons"), json!({"role": "witness", "name": "Muhammad Asif", "father_name": format!("Ghulam Rasool {i}"), "sex": "male"})).await;
            assert_eq!(s, 201);
        }
        // ...and one in Lahore: a Lahore officer finds theirs.
        let io = app.api("io.lahore").await;
        let (_, uid) = in_new_case(&io, "LHR", accused("Muhammad Asif", "Ghulam Rasool")).await;
        let (s, hits) = io.post("/api/v1/persons/search", json!({"name": "Muhammad Asif"})).await;
        assert_eq!(s, 200);
        let found: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["person_uid"].as_str().unwrap()).collect();
        assert_eq!(found, vec![uid.as_str()], "{hits}");
        app.stop().await;
    }

    async fn the_person_page_merges_with_a_reason_and_warns_of_one_name_entries(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let (_, keep) = in_new_case(&io, "LHR", accused("Muhammad Asif", "Ghulam Rasool")).await;
        let (c2, dup) = in_new_case(&io, "LHR", accused("Mohd Asif", "Ghulam Rasool")).await;
        let web = app.browser("io.lahore").await;
        let page = web.get(app.url(&format!("/persons/{keep}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Possibly the same person") && page.contains(&dup), "{page}");
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        // Without a reason: the page again, 422, nothing merged.
        let r = web.post(app.url(&format!("/persons/{keep}/merge"))).form(&[("csrf", csrf.as_str()), ("duplicate", dup.as_str()), ("reason", " ")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert!(page.contains("Enter why the two records are one person") && page.contains("href=\"#f-reason\""), "an error summary links to the field");
        // With a reason: both records are shown and the merge asked for once more; nothing merged yet.
        let r = web.post(app.url(&format!("/persons/{keep}/merge"))).form(&[("csrf", csrf.as_str()), ("duplicate", dup.as_str()), ("reason", "Same FIR details")]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert!(page.contains("Merge these two records?") && page.contains(&dup) && page.contains("name=\"confirm\" value=\"yes\""), "{page}");
        let case = web.get(app.url(&format!("/cases/{c2}"))).send().await.unwrap().text().await.unwrap();
        assert!(case.contains(&format!("/persons/{dup}")), "not merged before the confirmation");
        let r = web.post(app.url(&format!("/persons/{keep}/merge"))).form(&[("csrf", csrf.as_str()), ("duplicate", dup.as_str()), ("reason", "Same FIR details"), ("confirm", "yes")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let page = web.get(app.url(&format!("/persons/{keep}?done=merged"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("The two records were merged."), "a confirmation says what happened");
        let case = web.get(app.url(&format!("/cases/{c2}"))).send().await.unwrap().text().await.unwrap();
        assert!(case.contains(&format!("/persons/{keep}")), "the case links the kept record");

        // A watchlist entry with one name and nothing else is added, with a warning.
        let nat = app.browser("national").await;
        let page = nat.get(app.url("/watchlist")).send().await.unwrap().text().await.unwrap();
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let r = nat.post(app.url("/watchlist")).form(&[("csrf", csrf.as_str()), ("list", "red_book"), ("full_name", "Haji Iqbal")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.contains("warn=one_name"), "{to}");
        let page = nat.get(app.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("every traveller of that name will alert"));
        // From a person's page, the form starts from the record.
        let r = nat.get(app.url(&format!("/watchlist?person={keep}"))).send().await.unwrap();
        assert_eq!(r.headers()["location"].to_str().unwrap(), format!("/watchlist/new?person={keep}"), "the old address leads to the form");
        let page = nat.get(app.url(&format!("/watchlist/new?person={keep}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("value=\"{keep}\"")) && page.contains("value=\"Muhammad Asif\""));
        app.stop().await;
    }
}
