//! The case pages through the real server, on SQLite and PostgreSQL: the list pages with its
//! true total and keeps its filters, registration and the case page's forms come back with an
//! error summary (in Urdu too), dates are typed as day, month and year, a final step is
//! confirmed first, and each action says what happened. (Read-only access for prosecutors is
//! being added to the store on main: the templates show edit forms only with `chrome.edit`.)
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::both_engines;
use serde_json::json;

/// The case references linked on a list page.
fn references(page: &str) -> Vec<String> {
    page.split("class=\"code\">LHR-")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_owned())
        .collect()
}

async fn new_case(api: &Api) -> i64 {
    let (s, c) = api.post("/api/v1/cases", trafficking_case("LHR")).await;
    assert_eq!(s, 201, "{c}");
    c["id"].as_i64().unwrap()
}

both_engines! {
    async fn the_case_list_pages_with_its_true_total_and_keeps_its_filters(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let mut ids = Vec::new();
        for _ in 0..53 {
            ids.push(new_case(&io).await);
        }
        // Two of them move on to inquiry: a filter with its own total.
        for id in &ids[..2] {
            let (s, r) = io.post(&format!("/api/v1/cases/{id}/transitions"), json!({"to": "inquiry"})).await;
            assert_eq!(s, 200, "{r}");
        }
        let web = app.browser("io.lahore").await;
        let (s, p) = page(&web, app.url("/cases")).await;
        assert_eq!(s, 200);
        assert!(p.contains("53 cases") && p.contains("Showing 1–50 of 53"), "{p}");
        assert_eq!(rows(&p, "case-list"), 50);
        assert!(p.contains("class=\"list cards cases\"") && p.contains("data-label=\"Stage\""));
        assert!(p.contains("href=\"/cases?page=2\""), "{p}");
        let (_, p2) = page(&web, app.url("/cases?page=2")).await;
        assert_eq!(rows(&p2, "case-list"), 3);
        assert!(p2.contains("Showing 51–53 of 53"));
        let first: Vec<_> = references(&p);
        assert!(references(&p2).iter().all(|r| !first.contains(r)), "page 2 shows other cases");
        // A page past the end shows the last page.
        let (_, p9) = page(&web, app.url("/cases?page=9")).await;
        assert_eq!(rows(&p9, "case-list"), 3);
        // Filters are kept by the pager and the export link, and have their own total.
        let (_, f) = page(&web, app.url("/cases?stage=inquiry&district=LHR")).await;
        assert!(f.contains("2 cases") && rows(&f, "case-list") == 2, "{f}");
        assert!(f.contains("href=\"/cases.csv?stage=inquiry&#38;district=LHR\""), "{f}");
        let (_, o) = page(&web, app.url("/cases?open=true&district=LHR&page=2")).await;
        assert!(o.contains("href=\"/cases?district=LHR&#38;open=true&#38;page=1\"") || o.contains("href=\"/cases?district=LHR&#38;open=true\""), "{o}");
        let (_, none) = page(&web, app.url("/cases?stage=convicted")).await;
        assert!(none.contains("0 cases") && none.contains("No cases match these filters."), "{none}");
        // Dates are written out; the last activity in Pakistan time.
        assert!(!p.contains("T00:") && !p.contains("Z</td>"), "no raw timestamps");
        app.stop().await;
    }

    async fn forms_come_back_with_an_error_summary_in_the_pages_language(engine: Engine) {
        let app = TestApp::start(engine).await;
        let web = app.browser("io.lahore").await;
        let (_, p) = page(&web, app.url("/cases/new")).await;
        let csrf = csrf_of(&p);
        assert!(p.contains("name=\"reported_on-day\"") && p.contains("list=\"countries\""), "dates in three boxes, countries picked by name");
        // An empty form: a summary linking to each field, "Choose …" messages.
        let r = web.post(app.url("/cases")).form(&[("csrf", csrf.as_str()), ("scope", ""), ("district", "")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e = r.text().await.unwrap();
        assert!(e.contains("class=\"error-summary\""), "{e}");
        assert!(e.contains("href=\"#f-kind\"") && e.contains("Choose the kind of case"), "{e}");
        assert!(e.contains("href=\"#f-district\"") && e.contains("id=\"f-district\""), "{e}");
        // A bad date and an unknown country are refused, what was typed kept.
        let r = web.post(app.url("/cases")).form(&[("csrf", csrf.as_str()), ("kind", "undetermined"), ("scope", "cross_border"), ("district", "LHR"), ("fir_date-day", "31"), ("fir_date-month", "2"), ("fir_date-year", "2026"), ("destination_countries", "Atlantis")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e = r.text().await.unwrap();
        assert!(e.contains("Enter a real date") && e.contains("href=\"#f-fir_date\""), "{e}");
        assert!(e.contains("Choose each destination country from the list") && e.contains("value=\"Atlantis\""), "{e}");
        // A good form, with a destination picked by name: registered, and the page says what next.
        let r = web.post(app.url("/cases")).form(&[("csrf", csrf.as_str()), ("kind", "undetermined"), ("scope", "cross_border"), ("district", "LHR"), ("reported_on-day", "2"), ("reported_on-month", "1"), ("reported_on-year", "2026"), ("destination_countries", "Iran"), ("destination_countries", "")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.ends_with("?done=registered"), "{to}");
        let (_, c) = page(&web, app.url(&to)).await;
        assert!(c.contains("registered. Next, add the victims"), "{c}");
        assert!(c.contains("2 Jan 2026") && c.contains("→ Iran"), "{c}");

        // In Urdu: the same summary, in Urdu, with the domain's messages translated too.
        web.get(app.url("/language?to=ur&back=/cases/new")).send().await.unwrap();
        let r = web.post(app.url("/cases")).form(&[("csrf", csrf.as_str()), ("kind", "trafficking"), ("scope", "internal"), ("district", "LHR")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let u = r.text().await.unwrap();
        assert!(u.contains("lang=\"ur\"") && u.contains("class=\"error-summary\""), "{u}");
        assert!(u.contains("انسانی اسمگلنگ کے مقدمے میں کم از کم ایک عمل درج کریں"), "{u}");
        assert!(!u.contains("needs at least one act"), "no English message left on the Urdu page");
        let r = web.post(app.url("/cases")).form(&[("csrf", csrf.as_str()), ("scope", "internal")]).send().await.unwrap();
        let u = r.text().await.unwrap();
        assert!(u.contains("مقدمے کی قسم منتخب کریں") && u.contains("وہ ضلع منتخب کریں جہاں مقدمہ درج ہے"), "{u}");
        app.stop().await;
    }

    async fn actions_say_what_happened_and_final_steps_are_confirmed_first(engine: Engine) {
        let app = TestApp::start(engine).await;
        let io = app.api("io.lahore").await;
        let id = new_case(&io).await;
        let web = app.browser("io.lahore").await;
        let (_, p) = page(&web, app.url(&format!("/cases/{id}"))).await;
        let csrf = csrf_of(&p);
        // FIR registered needs its number and date, typed as three boxes.
        let url = app.url(&format!("/cases/{id}/transitions"));
        let r = web.post(&url).form(&[("csrf", csrf.as_str()), ("to", "fir_registered")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e = r.text().await.unwrap();
        assert!(e.contains("href=\"#f-fir_number\"") && e.contains("Enter the FIR number") && e.contains("Enter the date of the FIR"), "{e}");
        let r = web.post(&url).form(&[("csrf", csrf.as_str()), ("to", "fir_registered"), ("fir_number", "77/2026"), ("fir_date-day", "3"), ("fir_date-month", "1"), ("fir_date-year", "2026")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, c) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(c.contains("Stage changed to FIR registered") && c.contains("77/2026 of 3 Jan 2026"), "{c}");
        // A hearing: a missing date and court are asked for; then recorded, with what next.
        let hurl = app.url(&format!("/cases/{id}/hearings"));
        let r = web.post(&hurl).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        let e = r.text().await.unwrap();
        assert!(e.contains("Enter the date of the hearing") && e.contains("Enter the name of the court"), "{e}");
        let r = web.post(&hurl).form(&[("csrf", csrf.as_str()), ("hearing_date-day", "15"), ("hearing_date-month", "1"), ("hearing_date-year", "2027"), ("court", "Sessions Court Lahore")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, c) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(c.contains("Hearing recorded.") && c.contains("15 Jan 2027"), "{c}");
        // Closing (transferred) under investigation: the reason first, then a confirmation
        // page; nothing changes until it is confirmed.
        let r = web.post(&url).form(&[("csrf", csrf.as_str()), ("to", "under_investigation")]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let r = web.post(&url).form(&[("csrf", csrf.as_str()), ("to", "closed_transferred")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Enter why the case is moving to this stage"));
        let form = [("csrf", csrf.as_str()), ("to", "closed_transferred"), ("remark", "Sent to FIA Karachi")];
        let r = web.post(&url).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let confirm = r.text().await.unwrap();
        assert!(confirm.contains("Close case LHR-") && confirm.contains("name=\"confirm\" value=\"yes\""), "{confirm}");
        assert_eq!(io.get(&format!("/api/v1/cases/{id}")).await.1["stage"], "under_investigation", "not closed before the confirmation");
        let mut yes = form.to_vec();
        yes.push(("confirm", "yes"));
        let r = web.post(&url).form(&yes).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, c) = page(&web, app.url(r.headers()["location"].to_str().unwrap())).await;
        assert!(c.contains("The case is now Closed: transferred"), "{c}");
        assert!(!c.contains("id=\"transition-form\""), "a closed case has no next stage");
        // In Urdu, the confirmation message too.
        web.get(app.url("/language?to=ur&back=/")).send().await.unwrap();
        let (_, u) = page(&web, app.url(&format!("/cases/{id}?done=hearing"))).await;
        assert!(u.contains("سماعت درج ہو گئی") && u.contains("۱۵ جنوری ۲۰۲۷"), "{u}");
        app.stop().await;
    }
}
