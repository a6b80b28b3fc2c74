//! Red Book editions through the real server, on SQLite and PostgreSQL: an edition is the list
//! as it stood on its day (entries added later or removed earlier are not in it), it is drawn
//! again identically later, it never prints a person recorded as a victim, the PDF says what it
//! should (read back with poppler's `pdftotext`), and the offices that received it are
//! recorded; issuing, downloading and receipts are audited.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use chrono::{Duration, Utc};
use common::*;
use hifazat_store::both_engines;
use serde_json::json;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// The text of a PDF, read with `pdftotext` (Debian's poppler-utils).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("hifazat-edition-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.pdf", hifazat_vault::sha256_hex(pdf)));
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is needed for this test: apt-get install poppler-utils");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

both_engines! {
    async fn an_edition_is_the_red_book_as_it_stood_and_is_reproduced_exactly(engine: Engine) {
        // A clock that can be moved, in days, so that entries have their own dates.
        let shift = Arc::new(AtomicI64::new(-30));
        let s2 = shift.clone();
        let app = TestApp::start_with(engine, move |mut st| {
            st.store = st.store.with_clock(Arc::new(move || Utc::now() + Duration::days(s2.load(Ordering::SeqCst))));
            st
        })
        .await;
        let entry = |name: &str, reference: &str| json!({"list": "red_book", "full_name": name, "father_name": "Synthetic Father", "date_of_birth": "1979", "zone": "Lahore", "reference": reference, "reason": "Proclaimed offender in a smuggling case"});
        let national = app.api("national").await;
        // Thirty days ago: two entries; one of them is an accused who later turns out to be a
        // victim in another case.
        let (s, old) = national.post("/api/v1/watchlist", entry("Synthetic Early Absconder", "RB-1")).await;
        assert_eq!(s, 201, "{old}");
        let (_, case) = national.post("/api/v1/cases", trafficking_case("LHR")).await;
        let case = case["id"].as_i64().unwrap();
        let (s, p) = national.post(&format!("/api/v1/cases/{case}/persons"), json!({"role": "accused", "name": "Synthetic Turned Victim", "father_name": "Synthetic Father", "sex": "male", "age": 30, "cnic": "35202-5555555-5"})).await;
        assert_eq!(s, 201, "{p}");
        let uid = p["person_uid"].as_str().unwrap().to_owned();
        let (s, e) = national.post("/api/v1/watchlist", json!({"list": "red_book", "full_name": "Synthetic Turned Victim", "reference": "RB-2", "person_uid": uid})).await;
        assert_eq!(s, 201, "{e}");
        // Twenty days ago: a third entry, and the first removed ten days ago.
        shift.store(-20, Ordering::SeqCst);
        let national = app.api("national").await;
        assert_eq!(national.post("/api/v1/watchlist", entry("Synthetic Later Absconder", "RB-3")).await.0, 201);
        shift.store(-10, Ordering::SeqCst);
        let national = app.api("national").await;
        assert_eq!(national.post(&format!("/api/v1/watchlist/{}/remove", old["id"]), json!({})).await.0, 204);
        shift.store(0, Ordering::SeqCst);
        let national = app.api("national").await;
        // The accused is then recorded as a victim in another case: never printed again.
        let (_, case2) = national.post("/api/v1/cases", trafficking_case("LHR")).await;
        let case2 = case2["id"].as_i64().unwrap();
        let mut v = victim("Synthetic Turned Victim", "35202-5555555-5");
        v["link_existing"] = json!(true);
        v["sex"] = json!("male");
        let (s, r) = national.post(&format!("/api/v1/cases/{case2}/persons"), v).await;
        assert_eq!(s, 201, "{r}");

        // Issue an edition as of 25 days ago: only the first entry stood then.
        let web = app.browser("national").await;
        let (s, list) = page(&web, app.url("/redbook/editions")).await;
        assert_eq!(s, 200);
        let csrf = csrf_of(&list);
        // Days as in Pakistan (UTC+5), as editions count them.
        let day = |d: i64| (Utc::now() + Duration::hours(5) + Duration::days(d)).date_naive().to_string();
        let r = web.post(app.url("/redbook/editions")).form(&[("csrf", csrf.as_str()), ("as_of", day(-25).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let first = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(first.ends_with("?done=issued"), "{first}");
        let first = first.trim_end_matches("?done=issued").to_owned();
        let (_, shown) = page(&web, app.url(&format!("{first}?done=issued"))).await;
        assert!(shown.contains("Edition issued") && shown.contains("Edition 1"), "{shown}");
        let pdf = web.get(app.url(&format!("{first}/pdf"))).send().await.unwrap();
        assert_eq!(pdf.status(), 200);
        assert_eq!(pdf.headers()["x-hifazat-reproduced"], "exact");
        let bytes = pdf.bytes().await.unwrap();
        let text = pdf_text(&bytes);
        assert!(text.contains("RED BOOK") && text.contains("edition 1"), "{text}");
        assert!(text.contains("Synthetic Early Absconder"), "{text}");
        assert!(!text.contains("Synthetic Later Absconder"), "added after the edition's day");
        assert!(!text.contains("Synthetic Turned Victim"), "a victim is never printed");
        assert!(shown.contains(&hifazat_vault::sha256_hex(&bytes)), "the fingerprint shown is the file's");

        // An edition as of yesterday: the later entry, not the removed one, still no victim.
        let r = web.post(app.url("/redbook/editions")).form(&[("csrf", csrf.as_str()), ("as_of", day(-1).as_str())]).send().await.unwrap();
        let second = r.headers()["location"].to_str().unwrap().trim_end_matches("?done=issued").to_owned();
        let text = pdf_text(&web.get(app.url(&format!("{second}/pdf"))).send().await.unwrap().bytes().await.unwrap());
        assert!(text.contains("Synthetic Later Absconder") && !text.contains("Synthetic Early Absconder") && !text.contains("Synthetic Turned Victim"), "{text}");

        // Later changes do not change a past edition: still reproduced exactly.
        national.post("/api/v1/watchlist", entry("Synthetic Newest", "RB-4")).await;
        let again = web.get(app.url(&format!("{first}/pdf"))).send().await.unwrap();
        assert_eq!(again.headers()["x-hifazat-reproduced"], "exact");
        assert_eq!(again.bytes().await.unwrap(), bytes);

        // A day to come is refused, with the reason.
        let r = web.post(app.url("/redbook/editions")).form(&[("csrf", csrf.as_str()), ("as_of", day(3).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Enter a day that has come"));
        let r = web.post(app.url("/redbook/editions")).form(&[("csrf", csrf.as_str()), ("as_of", "someday")]).send().await.unwrap();
        assert_eq!(r.status(), 422);

        // Offices that received it, each once.
        let agency = app.store.admin(&hifazat_store::Ctx::system("test")).unwrap().create_agency(hifazat_store::admin::AgencyInput { name: "FIA Composite Circle, Gujranwala".into(), kind: "fia_circle".into(), province_code: Some("PK-PB".into()), district_code: None, parent_id: None }).await.unwrap();
        let rec = |a: String| web.post(app.url(&format!("{first}/recipients"))).form(&[("csrf", csrf.clone()), ("agency", a)]).send();
        assert_eq!(rec(agency.to_string()).await.unwrap().status(), 303);
        let dup = rec(agency.to_string()).await.unwrap();
        assert_eq!(dup.status(), 422);
        assert!(dup.text().await.unwrap().contains("already recorded"));
        let (_, shown) = page(&web, app.url(&first)).await;
        assert!(shown.contains("FIA Composite Circle, Gujranwala"));

        // The Gazette for this quarter: its two trafficking cases (a small count, shown "<5"),
        // the wanted person added today, never the victim; reproduced exactly.
        let (_, gz) = page(&web, app.url("/gazette")).await;
        assert!(gz.contains("id=\"f-quarter\""));
        let today = (Utc::now() + Duration::hours(5)).date_naive();
        let quarter = format!("{}-Q{}", chrono::Datelike::year(&today), (chrono::Datelike::month(&today) - 1) / 3 + 1);
        let r = web.post(app.url("/gazette")).form(&[("csrf", csrf.as_str()), ("quarter", quarter.as_str()), ("as_of", day(0).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let issue = r.headers()["location"].to_str().unwrap().trim_end_matches("?done=issued").to_owned();
        let g = web.get(app.url(&format!("{issue}/pdf"))).send().await.unwrap();
        assert_eq!(g.headers()["x-hifazat-reproduced"], "exact");
        let text = pdf_text(&g.bytes().await.unwrap());
        assert!(text.contains("HUMAN TRAFFICKING INTELLIGENCE GAZETTE") && text.contains("Trends") && text.contains("Modus operandi"), "{text}");
        assert!(text.contains("<5") && text.contains("Bonded labour"), "small counts marked, forms named: {text}");
        assert!(text.contains("Synthetic Newest") && !text.contains("Synthetic Turned Victim"), "{text}");
        // A province's Gazette counts the province's cases and is read by those whose
        // jurisdiction holds the province: the national coordinator reproduces it exactly, a
        // district officer neither sees nor opens it.
        let sup = app.browser("supervisor.punjab").await;
        let sup_csrf = csrf_of(&page(&sup, app.url("/gazette")).await.1);
        let r = sup.post(app.url("/gazette")).form(&[("csrf", sup_csrf.as_str()), ("quarter", quarter.as_str()), ("as_of", day(0).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let provincial = r.headers()["location"].to_str().unwrap().trim_end_matches("?done=issued").to_owned();
        let g = web.get(app.url(&format!("{provincial}/pdf"))).send().await.unwrap();
        assert_eq!(g.headers()["x-hifazat-reproduced"], "exact", "the same counts whoever downloads it");
        assert!(pdf_text(&g.bytes().await.unwrap()).contains("covering Punjab"));
        let io = app.browser("io.lahore").await;
        assert_eq!(page(&io, app.url(&provincial)).await.0, 403);
        assert!(!page(&io, app.url("/gazette")).await.1.contains(&provincial));
        let r = web.post(app.url("/gazette")).form(&[("csrf", csrf.as_str()), ("quarter", "2026-Q9"), ("as_of", day(0).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Choose a quarter from the list"));

        // Who may do what: immigration officers cannot see, analysts neither; an investigating
        // officer reads and downloads but does not issue.
        let io = app.browser("io.lahore").await;
        let (s, _) = page(&io, app.url(&first)).await;
        assert_eq!(s, 200);
        let io_csrf = csrf_of(&page(&io, app.url("/account")).await.1);
        let r = io.post(app.url("/redbook/editions")).form(&[("csrf", io_csrf.as_str()), ("as_of", day(-1).as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let (s, _) = page(&app.browser("analyst").await, app.url("/redbook/editions")).await;
        assert_eq!(s, 403);

        // Audited: two editions issued, the downloads as exports, the receipt.
        let (_, audit) = app.api("auditor").await.get("/api/v1/audit?per_page=500").await;
        let text = audit.to_string();
        assert!(text.contains("Red Book edition 1 as of") && text.contains("Red Book edition 2 as of") && text.contains("Gazette issue 1 as of"), "{text}");
        assert!(text.contains("reproduced exactly") && text.contains("received by FIA Composite Circle, Gujranwala"), "{text}");
        app.stop().await;
    }
}
