//! Statistics through the real server, on SQLite and PostgreSQL: the figures come from the
//! records (a person in two cases counted once, trafficking and smuggling apart); an analyst
//! gets whole past years only and never sees an exact count below five, in the API, the page,
//! the CSV or the XLSX, nor one that a row or column subtraction would give; a supervisor
//! sees their province only; the same query gives the same tables.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

mod common;

use common::*;
use hifazat_store::both_engines;
use serde_json::{json, Value};

/// A case reported on `day` in `district`, of `kind`, with the victims given as (name, CNIC,
/// sex, age); the same CNIC links the same person.
async fn case_with(
    app: &TestApp,
    kind: &str,
    day: &str,
    district: &str,
    victims: &[(&str, &str, &str, i64)],
) -> i64 {
    let io = app.api("io.lahore").await;
    let sup = app.api("supervisor.punjab").await;
    let mut body = trafficking_case(district);
    body["kind"] = json!(kind);
    body["reported_on"] = json!(day);
    if kind == "smuggling" {
        body["offences"] = json!(["PSMA-3"]);
        body["exploitation"] = json!([]);
        body["scope"] = json!("cross_border");
        body["elements"] = json!({"acts": [], "means": [], "purposes": [], "illegal_entry": true, "financial_benefit": true});
        body["destination_countries"] = json!(["IR"]);
    }
    let who = if district == "LHR" { &io } else { &sup };
    let (s, c) = who.post("/api/v1/cases", body).await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    for (name, cnic, sex, age) in victims {
        let mut v = victim(name, cnic);
        v["sex"] = json!(sex);
        v["age"] = json!(age);
        let (s, r) = who
            .post(&format!("/api/v1/cases/{id}/persons"), v.clone())
            .await;
        if s == 422 && r.to_string().contains("same person") {
            v["link_existing"] = json!(true);
            let (s, r) = who.post(&format!("/api/v1/cases/{id}/persons"), v).await;
            assert_eq!(s, 201, "{r}");
        } else {
            assert_eq!(s, 201, "{r}");
        }
    }
    id
}

fn cnic(i: usize) -> String {
    format!("35202-{:07}-{}", 1_000_000 + i, i % 10)
}

fn table<'a>(stats: &'a Value, id: &str) -> &'a Value {
    stats["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no table {id}"))
}

/// Every count of every table (cells, row totals, column totals).
fn counts(stats: &Value) -> Vec<Value> {
    let mut v = Vec::new();
    for t in stats["tables"].as_array().unwrap() {
        let rows = t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .chain(t["totals"].as_object().map(|_| &t["totals"]));
        for r in rows {
            v.extend(r["cells"].as_array().unwrap().iter().cloned());
            if !r["total"].is_null() {
                v.push(r["total"].clone());
            }
        }
    }
    v
}

/// Seeds 2025: 30 female and 12 male victims of trafficking in Lahore (one woman in two
/// cases), 3 transgender victims, 2 victims in Karachi, and 9 smuggled men in Gujranwala.
async fn seed(app: &TestApp) {
    let mut i = 0;
    let mut next = || {
        i += 1;
        cnic(i)
    };
    let women: Vec<String> = (0..30).map(|_| next()).collect();
    let men: Vec<String> = (0..12).map(|_| next()).collect();
    let trans: Vec<String> = (0..3).map(|_| next()).collect();
    let sindh: Vec<String> = (0..2).map(|_| next()).collect();
    let smuggled: Vec<String> = (0..9).map(|_| next()).collect();
    let v = |list: &[String],
             sex: &'static str,
             age: i64|
     -> Vec<(String, String, &'static str, i64)> {
        list.iter()
            .enumerate()
            .map(|(k, c)| (format!("Synthetic Person {c} {k}"), c.clone(), sex, age))
            .collect()
    };
    let all: Vec<_> = v(&women, "female", 22)
        .into_iter()
        .chain(v(&men, "male", 35))
        .chain(v(&trans, "transgender", 25))
        .collect();
    for chunk in all.chunks(9) {
        let refs: Vec<(&str, &str, &str, i64)> = chunk
            .iter()
            .map(|(n, c, s, a)| (n.as_str(), c.as_str(), *s, *a))
            .collect();
        case_with(app, "trafficking", "2025-04-10", "LHR", &refs).await;
    }
    // The first woman again, in a later case: still one person.
    let again = &v(&women[..1], "female", 22)[0];
    case_with(
        app,
        "trafficking",
        "2025-09-01",
        "LHR",
        &[(again.0.as_str(), again.1.as_str(), "female", 22)],
    )
    .await;
    let s = v(&sindh, "female", 15);
    let refs: Vec<_> = s
        .iter()
        .map(|(n, c, x, a)| (n.as_str(), c.as_str(), *x, *a))
        .collect();
    // Karachi is outside the Punjab supervisor's province: registered by the national account.
    let national = app.api("national").await;
    let mut body = trafficking_case("KHS");
    body["reported_on"] = json!("2025-06-01");
    let (st, c) = national.post("/api/v1/cases", body).await;
    assert_eq!(st, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    for (n, c, x, a) in refs {
        let mut p = victim(n, c);
        p["sex"] = json!(x);
        p["age"] = json!(a);
        let (st, r) = national
            .post(&format!("/api/v1/cases/{id}/persons"), p)
            .await;
        assert_eq!(st, 201, "{r}");
    }
    let m = v(&smuggled, "male", 24);
    let refs: Vec<_> = m
        .iter()
        .map(|(n, c, x, a)| (n.as_str(), c.as_str(), *x, *a))
        .collect();
    case_with(app, "smuggling", "2025-07-15", "GRW", &refs).await;
    // A case in another year stays out of 2025.
    case_with(
        app,
        "trafficking",
        "2024-12-31",
        "LHR",
        &[("Synthetic Other", &cnic(900), "female", 30)],
    )
    .await;
}

/// True when exactly one of `counts` is hidden: subtraction would give it away.
fn one_hidden<'a>(counts: impl IntoIterator<Item = &'a Value>) -> bool {
    counts.into_iter().filter(|c| c.is_string()).count() == 1
}

both_engines! {
    async fn figures_are_counted_from_the_records_and_protected_everywhere(engine: Engine) {
        let app = TestApp::start(engine).await;
        seed(&app).await;

        // The national coordinator's view of 2025.
        let national = app.api("national").await;
        let (s, stats) = national.get("/api/v1/statistics?year=2025").await;
        assert_eq!(s, 200, "{stats}");
        let sa = table(&stats, "tip-sex-age");
        // 30 + 12 + 3 + 2 trafficking victims; the woman in two cases counted once; the 2024
        // case left out; smuggled men not among them.
        assert_eq!(sa["totals"]["total"], 47, "{sa}");
        assert_eq!(table(&stats, "som-sex-age")["totals"]["total"], 9);
        let female = &sa["rows"][0];
        assert_eq!(female["code"], "female");
        assert_eq!(female["total"], 32, "{sa}");
        // The three transgender victims are hidden, and so is enough around them.
        assert_eq!(sa["rows"][2]["total"], "<5");
        // Nothing below five is shown exactly, anywhere in the release.
        for c in counts(&stats) {
            if let Some(n) = c.as_i64() {
                assert!(n == 0 || n >= 5, "{n} shown exactly");
            }
        }
        // No row or column of the sex × age table has a single hidden count.
        let hidden = |c: &Value| c.is_string();
        for r in sa["rows"].as_array().unwrap() {
            let h = r["cells"].as_array().unwrap().iter().chain([&r["total"]]).filter(|c| hidden(c)).count();
            assert_ne!(h, 1, "{r}");
        }
        for j in 0..6 {
            let h = sa["rows"].as_array().unwrap().iter().map(|r| &r["cells"][j]).chain([&sa["totals"]["cells"][j]]).filter(|c| hidden(c)).count();
            assert_ne!(h, 1, "column {j}");
        }
        // The funnel follows the cohort of 2025 cases.
        let cases = table(&stats, "tip-cases");
        assert_eq!(cases["rows"][0]["code"], "all");
        assert_eq!(cases["rows"][0]["cells"][0], 7);
        // The same query, the same tables.
        let (_, again) = national.get("/api/v1/statistics?year=2025").await;
        assert_eq!(stats, again);

        // The Punjab supervisor sees Punjab only: Karachi's victims are not counted.
        let (s, punjab) = app.api("supervisor.punjab").await.get("/api/v1/statistics?year=2025").await;
        assert_eq!(s, 200);
        assert_eq!(table(&punjab, "tip-sex-age")["totals"]["total"], 45);
        let prov = table(&punjab, "tip-prov");
        let sindh = prov["rows"].as_array().unwrap().iter().find(|r| r["code"] == "PK-SD").unwrap();
        assert_eq!(sindh["cells"][0], 0);

        // An analyst: whole past years only.
        let analyst = app.api("analyst").await;
        let this_year = chrono::Utc::now().format("%Y").to_string();
        let (s, e) = analyst.get(&format!("/api/v1/statistics?year={this_year}")).await;
        assert_eq!(s, 422, "{e}");
        let (s, e) = analyst.get("/api/v1/statistics?from=2025-01-01&to=2025-06-30").await;
        assert_eq!(s, 422, "{e}");
        let (s, a) = analyst.get("/api/v1/statistics?year=2025").await;
        assert_eq!(s, 200);
        assert_eq!(a["tables"], stats["tables"], "an analyst's national release is the coordinator's");

        // The page and the files say the same, and nothing exact below five.
        let web = app.browser("analyst").await;
        let (s, html) = page(&web, app.url("/statistics?year=2025")).await;
        assert_eq!(s, 200);
        assert!(html.contains("id=\"table-tip-sex-age\""));
        assert!(html.contains("&#60;5") || html.contains("&lt;5"), "hidden counts marked on the page");
        let (s, html) = page(&web, app.url(&format!("/statistics?year={this_year}"))).await;
        assert_eq!(s, 422);
        assert!(html.contains("error-summary"));
        let csv = web.get(app.url("/statistics.csv?year=2025")).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        let mut rd = csv::Reader::from_reader(csv.as_bytes());
        let mut lines = 0;
        for rec in rd.records() {
            let rec = rec.unwrap();
            lines += 1;
            if rec.get(6) == Some("rate_per_100000") {
                continue;
            }
            if let Ok(n) = rec.get(8).unwrap().parse::<i64>() {
                assert!(n == 0 || n >= 5, "{rec:?}");
            }
        }
        assert!(lines > 50, "{lines} lines");
        assert!(csv.contains("tip-sex-age,") && csv.contains("<5"));
        let x = web.get(app.url("/statistics.xlsx?year=2025")).send().await.unwrap();
        assert_eq!(x.status(), 200);
        let body = x.bytes().await.unwrap();
        assert_eq!(&body[..2], b"PK", "an XLSX is a zip file");
        // Downloads are recorded as exports in the audit trail.
        let (_, audit) = app.api("auditor").await.get("/api/v1/audit?action=export").await;
        let text = audit.to_string();
        assert!(text.contains("statistics.csv") && text.contains("statistics.xlsx"), "{text}");

        // Victim records in HTCDS 2.0: a record per victim record, persons numbered within the
        // file, no name, no CNIC; for case-handling roles only.
        let coordinator = app.browser("national").await;
        let f = coordinator.get(app.url("/statistics/htcds.csv?year=2025")).send().await.unwrap();
        assert_eq!(f.status(), 200);
        let f = f.text().await.unwrap();
        let mut rd = csv::Reader::from_reader(f.as_bytes());
        assert_eq!(rd.headers().unwrap().get(5), Some("vic_TraffickingStatus"));
        let numbers: Vec<i64> = rd.records().map(|r| r.unwrap()[0].parse().unwrap()).collect();
        assert_eq!(numbers.len(), 48, "47 persons, one of them in two cases");
        assert_eq!(numbers.iter().max(), Some(&47));
        assert!(!f.contains("Synthetic") && !f.contains("35202"), "no names or CNICs");
        assert!(f.contains("Feminine") && f.contains("NonConforming") && f.contains("ForcedLabour"));
        let refused = web.get(app.url("/statistics/htcds.csv?year=2025")).send().await.unwrap();
        assert_eq!(refused.status(), 403, "analysts get no record-level file");
        // The k-anonymised release: every combination at least 11 times.
        let k = web.get(app.url("/statistics/ctdc.csv?year=2025")).send().await.unwrap();
        assert_eq!(k.status(), 200);
        let k = k.text().await.unwrap();
        let mut classes = std::collections::BTreeMap::<String, usize>::new();
        for line in k.lines().skip(1) {
            *classes.entry(line.split(',').take(5).collect::<Vec<_>>().join(",")).or_default() += 1;
        }
        assert!(!classes.is_empty() && classes.values().all(|n| *n >= 11), "{classes:?}");

        // Roles without statistics are refused.
        let (s, _) = app.api("io.lahore").await.get("/api/v1/statistics?year=2025").await;
        assert_eq!(s, 403);
        app.stop().await;
    }

    async fn an_analysts_monitoring_page_cannot_be_subtracted(engine: Engine) {
        let app = TestApp::start(engine).await;
        seed(&app).await;
        let analyst = app.api("analyst").await;
        let (s, m) = analyst.get("/api/v1/monitoring").await;
        assert_eq!(s, 200, "{m}");
        assert_eq!(m["aggregates_only"], true);
        // The Karachi and Gujranwala districts have one or two cases: hidden.
        let districts = m["by_district"].as_array().unwrap();
        let khs = districts.iter().find(|d| d["code"] == "KHS").unwrap();
        assert_eq!(khs["total"], "<5");
        // Nothing exact below five; and no total beside parts with a single hidden one.
        let text = m.to_string();
        for n in 1..5 {
            assert!(!text.contains(&format!(":{n},")) && !text.contains(&format!(":{n}}}")), "{n} shown exactly: {text}");
        }
        let counts = |list: &str| m[list].as_array().unwrap().iter().map(|c| &c["count"]).collect::<Vec<_>>();
        for list in ["by_stage", "by_kind"] {
            assert!(!one_hidden(counts(list).into_iter().chain([&m["total"]])), "{list}: {text}");
        }
        assert!(!one_hidden(counts("open_age").into_iter().chain([&m["open"]])), "open_age");
        for col in ["total", "open"] {
            assert!(!one_hidden(districts.iter().map(|d| &d[col]).chain([&m[col]])), "districts' {col}");
        }
        // Filters do not make other releases for analysts: a district asked for is ignored.
        let (_, filtered) = analyst.get("/api/v1/monitoring?district=KHS&stalled_days=1").await;
        assert_eq!(filtered["total"], m["total"]);
        assert_eq!(filtered["stalled_days"], m["stalled_days"]);
        // A coordinator sees exact counts and may filter.
        let (_, c) = app.api("national").await.get("/api/v1/monitoring?district=KHS").await;
        assert_eq!(c["total"], 1);
        app.stop().await;
    }

    async fn reports_are_views_of_one_release_and_the_plan_matrix_reads_it(engine: Engine) {
        let app = TestApp::start(engine).await;
        seed(&app).await;
        let national = app.api("national").await;
        let (_, all) = national.get("/api/v1/statistics?year=2025").await;

        // UNODC's questionnaire: its tables only, the same counts as the full release.
        let (s, glotip) = national.get("/api/v1/statistics?year=2025&report=glotip").await;
        assert_eq!(s, 200, "{glotip}");
        let ids: Vec<&str> = glotip["tables"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["glotip-victims", "tip-nat", "tip-accused-sex", "tip-persons"]);
        let g = table(&glotip, "glotip-victims");
        assert_eq!(g, table(&all, "glotip-victims"));
        assert_eq!(g["totals"]["total"], 47, "every victim detected, smuggled men apart");
        let labour = g["rows"].as_array().unwrap().iter().find(|r| r["code"] == "labour").unwrap();
        assert_eq!(labour["total"], 47, "bonded labour is labour trafficking");
        // Women (18 and over) in the GLOTIP table are the sex × age table's adult women.
        assert_eq!(g["columns"][1]["code"], "female-adult");
        assert_eq!(g["columns"][1]["label"], "Women");
        // (30 women aged 18-29: withheld in both, beside the two girls of Karachi.)
        assert_eq!(g["totals"]["cells"][1], table(&all, "tip-sex-age")["rows"][0]["cells"][2]);
        for c in counts(&glotip) {
            if let Some(n) = c.as_i64() {
                assert!(n == 0 || n >= 5, "{n} shown exactly");
            }
        }
        // The US TIP report: victims identified add up to the protection table.
        let (s, us) = national.get("/api/v1/statistics?year=2025&report=us-tip").await;
        assert_eq!(s, 200);
        assert_eq!(
            table(&us, "ustip-victims")["totals"]["cells"],
            table(&all, "protection")["totals"]["cells"]
        );
        assert_eq!(
            table(&us, "ustip-law")["totals"]["cells"][1],
            table(&all, "tip-persons")["rows"][0]["cells"][2],
            "persons prosecuted are the persons table's challans"
        );
        let (s, e) = national.get("/api/v1/statistics?year=2025&report=made-up").await;
        assert_eq!(s, 422);
        assert!(e.to_string().contains("Choose a report"), "{e}");

        // The national coordinator enters an indicator of the plan in the form.
        let web = app.browser("national").await;
        let (s, form) = page(&web, app.url("/statistics/plan/new")).await;
        assert_eq!(s, 200);
        let csrf = csrf_of(&form);
        let bad = web.post(app.url("/statistics/plan")).form(&[("csrf", csrf.as_str()), ("plan", "NAP 2021-25"), ("code", ""), ("measure", "made-up"), ("baseline", "many")]).send().await.unwrap();
        assert_eq!(bad.status(), 422);
        let html = bad.text().await.unwrap();
        for m in ["error-summary", "Enter the indicator", "Choose what the value is computed from", "Enter a number, 0 or more", "Enter the agency responsible"] {
            assert!(html.contains(m), "{m}");
        }
        let (_, none) = national.get("/api/v1/statistics?year=2025&report=plan").await;
        assert_eq!(none["plan"], json!([]), "nothing half-written");
        let good = [("csrf", csrf.as_str()), ("plan", "NAP 2021-25"), ("code", "1.1"), ("indicator_en", "Victims of trafficking identified"), ("indicator_ur", ""), ("measure", "victims-detected"), ("baseline_year", "2021"), ("baseline", "30"), ("target_year", "2025"), ("target", "60"), ("agency", "FIA")];
        let r = web.post(app.url("/statistics/plan")).form(&good).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.contains("done=saved"), "{to}");
        let again = web.post(app.url("/statistics/plan")).form(&good).send().await.unwrap();
        assert_eq!(again.status(), 422, "one number per indicator of a plan");
        assert!(again.text().await.unwrap().contains("already has an indicator with this number"));
        // A share whose counts are hidden shows no value.
        let share = [("csrf", csrf.as_str()), ("plan", "NAP 2021-25"), ("code", "2.1"), ("indicator_en", "Share referred"), ("measure", "share-referred"), ("agency", "MoHR")];
        let r = web.post(app.url("/statistics/plan")).form(&share).send().await.unwrap();
        assert_eq!(r.status(), 303);

        // Everyone with statistics reads the matrix; the value comes from the records.
        let (_, p) = app.api("analyst").await.get("/api/v1/statistics?year=2025&report=plan").await;
        let rows = p["plan"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["code"], "1.1");
        assert_eq!(rows[0]["value"], "47");
        assert_eq!(rows[0]["baseline"], "30 (2021)");
        assert_eq!(rows[1]["value"], "—");
        assert_eq!(rows[1]["hidden"], true);
        assert!(p["tables"].as_array().unwrap().is_empty());
        let (s, html) = page(&web, app.url("/statistics?year=2025&report=plan&done=saved")).await;
        assert_eq!(s, 200);
        assert!(html.contains("Indicator saved") && html.contains("Victims of trafficking identified") && html.contains("id=\"table-plan\""));
        let (s, html) = page(&web, app.url("/statistics?year=2025&report=national")).await;
        assert_eq!(s, 200);
        assert!(html.contains("id=\"summary\"") && html.contains("id=\"table-plan\"") && html.contains("id=\"table-ustip-law\""));
        let f = web.get(app.url("/statistics/plan.csv?year=2025")).send().await.unwrap();
        assert_eq!(f.status(), 200);
        let f = f.text().await.unwrap();
        assert!(f.contains("Victims of trafficking identified") && f.contains(",47,"), "{f}");

        // Only the national coordinator keeps the matrix.
        let analyst = app.browser("analyst").await;
        let (s, _) = page(&analyst, app.url("/statistics/plan/new")).await;
        assert_eq!(s, 403);
        let (_, stats) = page(&analyst, app.url("/statistics?year=2025&report=plan")).await;
        assert!(!stats.contains("/statistics/plan/new"), "no link to a form they cannot use");
        let a_csrf = csrf_of(&page(&analyst, app.url("/account")).await.1);
        let r = analyst.post(app.url("/statistics/plan")).form(&[("csrf", a_csrf.as_str()), ("plan", "NAP 2021-25"), ("code", "9.9"), ("indicator_en", "x"), ("measure", "victims-detected"), ("agency", "x")]).send().await.unwrap();
        assert_eq!(r.status(), 403);

        // Changed and removed, each recorded in the audit trail.
        let id = rows[0]["id"].as_i64().unwrap();
        let mut changed = good.to_vec();
        changed.retain(|(k, _)| *k != "target");
        changed.push(("target", "80"));
        let r = web.post(app.url(&format!("/statistics/plan/{id}"))).form(&changed).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = national.get("/api/v1/statistics?year=2025&report=plan").await;
        assert_eq!(p["plan"][0]["target"], "80 (2025)");
        let r = web.post(app.url(&format!("/statistics/plan/{id}/remove"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (_, p) = national.get("/api/v1/statistics?year=2025&report=plan").await;
        assert_eq!(p["plan"].as_array().unwrap().len(), 1);
        let (_, audit) = app.api("auditor").await.get("/api/v1/audit?action=update&per_page=500").await;
        let text = audit.to_string();
        assert!(text.contains("removed NAP 2021-25 1.1") && text.contains("target Some(80.0)"), "{text}");
        app.stop().await;
    }

    async fn published_figures_are_imported_row_by_row_and_shown_beside_ours(engine: Engine) {
        let app = TestApp::start(engine).await;
        seed(&app).await;
        let web = app.browser("national").await;
        let (s, html) = page(&web, app.url("/statistics/published")).await;
        assert_eq!(s, 200);
        assert!(html.contains("No published figures have been imported yet"));
        let csrf = csrf_of(&html);
        let upload = |csv: &'static str, source: &'static str, csrf: String| {
            let form = reqwest::multipart::Form::new()
                .text("csrf", csrf)
                .text("source", source)
                .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("data_glotip.csv"));
            web.post(app.url("/statistics/published")).multipart(form).send()
        };
        let csv = "UNODC,,,,,,,,,,,,\n\
Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source\n\
PAK,Pakistan,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,2025,Counts,\"1,234\",NSO\n\
PAK,Pakistan,Asia,Southern Asia,Persons convicted,Total,Total,Total,Total,2025,Counts,<5,NSO\n\
IND,India,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,2025,Counts,2500,NSO\n\
NPL,Nepal,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,2025,Counts,many,NSO\n\
ITA,Italy,Europe,Southern Europe,Detected trafficking victims,Total,Total,Total,Total,2025,Counts,900,NSO\n";
        let r = upload(csv, "UNODC GLOTIP", csrf.clone()).await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("4 rows kept, 1 refused"), "every good row kept");
        assert!(html.contains("id=\"table-refused\"") && html.contains("<td class=\"num\">6</td>") && html.contains("published mark like"), "the bad row by its line");
        // Beside ours: Pakistan's published total, its neighbour, not Italy; our 47 on top.
        let (_, html) = page(&web, app.url("/statistics/published?year=2025")).await;
        let compare = html.split("id=\"table-compare\"").nth(1).unwrap().split("</table>").next().unwrap();
        assert!(compare.contains("Hifazat records") && compare.contains(">47<"), "{compare}");
        assert!(compare.contains("1,234") && compare.contains("India") && !compare.contains("Italy"), "{compare}");
        assert!(compare.contains("&#60;5") || compare.contains("&lt;5"), "the publisher's marks kept");
        // A newer edition replaces the figure it repeats; nothing is doubled.
        let r = upload("Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source\nPAK,Pakistan,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,2025,Counts,1300,NSO\n", "UNODC GLOTIP", csrf.clone()).await.unwrap();
        assert_eq!(r.status(), 200);
        let (_, html) = page(&web, app.url("/statistics/published?year=2025")).await;
        let compare = html.split("id=\"table-compare\"").nth(1).unwrap().split("</table>").next().unwrap();
        assert!(compare.contains("1,300") && !compare.contains("1,234"), "{compare}");
        assert_eq!(compare.matches("<tr").count(), 4, "heading, ours, Pakistan, India: {compare}");
        // A file that is not the export, or no file: nothing written, and said why.
        let r = upload("name,cnic\nA,1\n", "UNODC GLOTIP", csrf.clone()).await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("No line of the file has the export"));
        let r = upload("", "UNODC GLOTIP", csrf.clone()).await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Choose the file to import"));
        let r = upload(csv, "UNODC GLOTIP", "forged".into()).await.unwrap();
        assert_eq!(r.status(), 403);
        // An analyst compares but cannot import.
        let analyst = app.browser("analyst").await;
        let (s, html) = page(&analyst, app.url("/statistics/published?year=2025")).await;
        assert_eq!(s, 200);
        assert!(!html.contains("id=\"import-form\"") && html.contains("1,300"));
        let a_csrf = csrf_of(&html);
        let form = reqwest::multipart::Form::new().text("csrf", a_csrf).text("source", "X").part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("x.csv"));
        let r = analyst.post(app.url("/statistics/published")).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 403);
        // Each import is in the audit trail.
        let (_, audit) = app.api("auditor").await.get("/api/v1/audit?action=import").await;
        let text = audit.to_string();
        assert!(text.contains("UNODC GLOTIP: data_glotip.csv; 4 rows kept, 1 refused"), "{text}");
        app.stop().await;
    }
}
