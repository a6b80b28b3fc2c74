//! The CSV batch path: alerts written in order, bad rows reported by line and never dropped.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use hifazat_matching::{screen_csv, Progress, ScreenOptions, Source, Stage};

const WATCHLIST: &str = "\
id,full_name,father_name,date_of_birth,cnic,passport,nationality
W1,Muhammad Asif,Ghulam Rasool,1980-05-01,35202-1234567-1,AB1234567,Pakistan
W2,Shazia Bibi,Abdul Karim,1990,,,
,No Id Person,,,,,
W3,Bad Date,,1980-13-01,,,
W4,Short Cnic,,,35202-123456-1,,
W1,Duplicate Of W1,,,,,
W5,Zia ul Haq,Ihsan ul Haq,1975,,,
";

const INPUT: &str = "\
id,full_name,father_name,date_of_birth,cnic,passport,nationality
Q1,Mohd Asif s/o Ghulam Rasool,,1980,3520212345671,,
Q2,Someone Unrelated,,,,,
Q3,محمد آصف,غلام رسول,,,,
Q4,Passenger,,05/01/1980,,,
Q5,Ziaulhaq s/o Ihsan-ul-Haq,,,,,
Q6,Traveller,,,,AB 123456 7,
";

#[test]
fn csv_screening_reports_bad_rows_and_writes_sorted_alerts() {
    let mut out = Vec::new();
    let mut events: Vec<Progress> = Vec::new();
    let report = screen_csv(
        WATCHLIST.as_bytes(),
        INPUT.as_bytes(),
        &mut out,
        &ScreenOptions::default(),
        &mut |p| events.push(p),
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    eprintln!("{text}\n{report:#?}");

    // Bad rows, with their lines and reasons.
    let bad: Vec<(Source, u64, String)> = report
        .bad_rows
        .iter()
        .map(|b| (b.source, b.line, b.reason.clone()))
        .collect();
    assert_eq!(bad.len(), 5, "{bad:?}");
    assert_eq!((bad[0].0, bad[0].1), (Source::Watchlist, 4));
    assert!(bad[0].2.contains("missing id"));
    assert_eq!(bad[1].1, 5);
    assert!(bad[1].2.contains("date_of_birth"));
    assert_eq!(bad[2].1, 6);
    assert!(bad[2].2.contains("13 digits"));
    assert_eq!(bad[3].1, 7);
    assert!(bad[3].2.contains("duplicate"));
    assert_eq!((bad[4].0, bad[4].1), (Source::Input, 5));
    assert!(bad[4].2.contains("date_of_birth"));

    assert_eq!(report.watchlist_rows, 7);
    assert_eq!(report.watchlist_indexed, 3);
    assert_eq!(report.input_rows, 6);
    assert_eq!(report.screened, 5);

    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("query_id,watchlist_id,score,explanation")
    );
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(|s| s.to_string()).collect())
        .collect();
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        pairs,
        vec![("Q1", "W1"), ("Q3", "W1"), ("Q5", "W5"), ("Q6", "W1")]
    );
    for r in &rows {
        // three decimals
        assert_eq!(r[2].split('.').nth(1).map(|d| d.len()), Some(3), "{r:?}");
    }
    assert!(rows[0][3].contains("cnic: exact"));
    assert!(rows[3][3].contains("passport: exact"));
    assert_eq!(report.alerts, 4);

    assert!(events.iter().any(|p| p.stage == Stage::Indexing));
    let last = events.last().unwrap();
    assert_eq!(
        (last.stage, last.done, last.total),
        (Stage::Screening, 5, 5)
    );
}

#[test]
fn missing_required_column_is_an_error() {
    let err = screen_csv(
        "name\nx\n".as_bytes(),
        INPUT.as_bytes(),
        Vec::new(),
        &ScreenOptions::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("watchlist: Enter the column names on the first line"),
        "{err}"
    );
}
