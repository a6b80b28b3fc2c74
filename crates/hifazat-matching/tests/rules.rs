//! Rules a screening officer would rely on, checked end to end through the public API.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use hifazat_matching::{
    compare_names, score_records, Cnic, MatchOptions, Matcher, PartialDate, Record,
    DEFAULT_THRESHOLD,
};

/// What the matcher gives two records that agree on one name and nothing else.
const ONE_NAME_SCORE: f64 = 0.80;

fn alerts(a: &str, b: &str) -> bool {
    let s = compare_names(a, b);
    eprintln!("{a:?} vs {b:?}: {s}");
    s >= DEFAULT_THRESHOLD
}

#[test]
fn spelling_variants_of_muhammad_match() {
    assert!(alerts("Muhammad Asif s/o Ghulam Rasool", "Mohd Asif"));
    assert!(alerts("Mohammed Asif", "Muhammad Asif"));
    assert!(alerts("M. Asif", "Muhammad Asif"));
    assert!(alerts("Md Asif", "Muhammed Asif"));
}

#[test]
fn urdu_script_matches_latin_spelling() {
    assert!(alerts("محمد آصف", "Muhammad Asif"));
    assert!(alerts(
        "Muhammad Asif s/o Ghulam Rasool",
        "محمد آصف ولد غلام رسول"
    ));
    assert!(alerts("چوہدری محمد اقبال", "Ch. Muhammad Iqbal"));
    assert!(alerts("عمران خان", "Imran Khan"));
    assert!(alerts("وسیم اکرم", "Waseem Akram"));
    assert!(!alerts("محمد آصف", "Muhammad Tariq"));
}

#[test]
fn shared_common_first_name_does_not_alert() {
    assert!(!alerts("Muhammad Asif", "Muhammad Arif"));
    assert!(!alerts("Muhammad Asif", "Muhammad Tariq"));
    assert!(!alerts("Muhammad Asif Khan", "Muhammad Imran Khan"));
    assert!(!alerts("Ghulam Rasool", "Ghulam Mustafa"));
}

#[test]
fn brothers_with_the_same_father_do_not_alert() {
    assert!(!alerts(
        "Muhammad Asif s/o Ghulam Rasool",
        "Muhammad Tariq s/o Ghulam Rasool"
    ));
}

#[test]
fn same_name_different_father_does_not_alert() {
    assert!(!alerts(
        "Muhammad Asif s/o Ghulam Rasool",
        "Muhammad Asif s/o Abdul Majeed"
    ));
}

#[test]
fn titles_are_weak() {
    assert!(alerts("Haji Muhammad Asif", "Muhammad Asif"));
    assert!(alerts("Mst. Shazia Parveen", "Shazia Parveen"));
    assert!(alerts("Ch. Nadeem Akhtar", "Chaudhry Nadeem Akhtar"));
    assert!(alerts("Dr Farooq Ahmed", "Farooq Ahmad"));
    // A title alone is not a name match.
    assert!(!alerts("Haji Abdul Sattar", "Haji Nawaz Sharif"));
}

#[test]
fn particles_joined_or_split() {
    assert!(alerts("Zia-ul-Haq Khan", "Ziaulhaq Khan"));
    assert!(alerts("Zia ul Haq Khan", "Zia-ul-Haq Khan"));
    assert!(alerts("Noor ud Din Ahmed", "Nooruddin Ahmed"));
    assert!(alerts("Abdul Rehman Butt", "Abdulrahman Butt"));
    assert!(alerts("Abdur Rehman Malik", "Abdul Rahman Malik"));
}

#[test]
fn order_does_not_matter() {
    assert!(alerts("Khan Imran Ahmed", "Imran Ahmed Khan"));
}

#[test]
fn spelling_families() {
    assert!(alerts("Hasan Raza", "Hassan Raza"));
    assert!(alerts("Hussein Shah", "Hussain Shah"));
    assert!(alerts("Qasim Ali", "Kasim Aly"));
    assert!(alerts("Iqbal Rehman", "Ikbal Rahman"));
    assert!(alerts("Waseem Akram", "Wasim Akram"));
    assert!(alerts("Javed Iqbal Chaudhary", "Javaid Iqbal Choudhry"));
    assert!(!alerts("Hassan Raza", "Hussain Raza"));
}

#[test]
fn typos_still_match() {
    assert!(alerts("Shahzad Akhtar Butt", "Shahzaad Akhter Butt"));
    assert!(alerts("Nadeem Abbas Qureshi", "Nadeem Abbas Qurshi"));
}

#[test]
fn cnic_exact_match_is_very_strong() {
    let q = Record::new("q", "M Asif").with_cnic(Cnic::parse("3520212345671").unwrap());
    let e =
        Record::new("e", "Muhammad Asif Khan").with_cnic(Cnic::parse("35202-1234567-1").unwrap());
    let s = score_records(&q, &e);
    assert!(s.score >= 0.95, "{s:?}");
    assert!(s.explanation.contains("cnic: exact"));
    // Even with a poorly matching name, a shared CNIC alerts.
    let q2 = Record::new("q2", "Tariq Mehmood").with_cnic(Cnic::parse("3520212345671").unwrap());
    assert!(score_records(&q2, &e).score >= DEFAULT_THRESHOLD);
}

#[test]
fn conflicting_cnic_or_dob_lowers_the_score() {
    let base = Record::new("e", "Muhammad Asif").with_father("Ghulam Rasool");
    let plain = score_records(&Record::new("q", "Muhammad Asif s/o Ghulam Rasool"), &base).score;
    let e = base
        .clone()
        .with_cnic(Cnic::parse("35202-1234567-1").unwrap())
        .with_dob(PartialDate::parse("1980-05-01").unwrap());
    let q_cnic = Record::new("q", "Muhammad Asif s/o Ghulam Rasool")
        .with_cnic(Cnic::parse("61101-7654321-3").unwrap());
    let q_dob = Record::new("q", "Muhammad Asif s/o Ghulam Rasool")
        .with_dob(PartialDate::parse("1995-01-01").unwrap());
    let s_cnic = score_records(&q_cnic, &e);
    let s_dob = score_records(&q_dob, &e);
    assert!(
        s_cnic.score < plain && s_cnic.score < DEFAULT_THRESHOLD,
        "{s_cnic:?}"
    );
    assert!(s_dob.score < plain, "{s_dob:?}");
    assert!(s_cnic.explanation.contains("cnic: conflict"));
    assert!(s_dob.explanation.contains("dob: conflict"));
}

#[test]
fn partial_and_swapped_dates() {
    let e = Record::new("e", "Nasreen Akhtar").with_dob(PartialDate::parse("1985-03-07").unwrap());
    let exact = score_records(
        &Record::new("q", "Nasreen Akhtar").with_dob(PartialDate::parse("1985-03-07").unwrap()),
        &e,
    );
    let year = score_records(
        &Record::new("q", "Nasreen Akhtar").with_dob(PartialDate::parse("1985").unwrap()),
        &e,
    );
    let swapped = score_records(
        &Record::new("q", "Nasreen Akhtar").with_dob(PartialDate::parse("1985-07-03").unwrap()),
        &e,
    );
    assert!(exact.score >= year.score && year.score >= swapped.score);
    assert!(swapped.score >= DEFAULT_THRESHOLD);
    assert!(swapped.explanation.contains("swapped"), "{swapped:?}");
}

#[test]
fn explanation_names_every_part() {
    let q = Record::new("q", "Muhammad Asif s/o Ghulam Rasool")
        .with_cnic(Cnic::parse("35202-1234567-1").unwrap());
    let e = Record::new("e", "Mohd Asif")
        .with_father("Ghulam Rasool")
        .with_cnic(Cnic::parse("3520212345671").unwrap());
    let s = score_records(&q, &e);
    assert_eq!(s.explanation, "name: muhammad~mohd (variant), asif=asif; father: ghulam=ghulam, rasool=rasool; cnic: exact");
}

#[test]
fn index_finds_variants_and_supports_add_remove() {
    let mut m = Matcher::new(MatchOptions::default());
    m.insert(&Record::new("W1", "Muhammad Asif").with_father("Ghulam Rasool"))
        .unwrap();
    m.insert(&Record::new("W2", "Muhammad Tariq").with_father("Ghulam Rasool"))
        .unwrap();
    m.insert(&Record::new("W3", "Shazia Bibi").with_cnic(Cnic::parse("35202-1234567-1").unwrap()))
        .unwrap();
    assert!(
        m.insert(&Record::new("W1", "Someone Else")).is_err(),
        "duplicate id refused"
    );
    let a = m.screen(&Record::new("q", "محمد آصف ولد غلام رسول"));
    assert_eq!(
        a.iter()
            .map(|a| a.watchlist_id.as_str())
            .collect::<Vec<_>>(),
        vec!["W1"]
    );
    let a = m.screen(
        &Record::new("q", "Unknown Woman").with_cnic(Cnic::parse("3520212345671").unwrap()),
    );
    assert_eq!(a[0].watchlist_id, "W3");
    assert!(m.remove("W1"));
    assert!(!m.remove("W1"));
    assert!(m
        .screen(&Record::new("q", "Mohd Asif s/o Ghulam Rasool"))
        .is_empty());
    m.upsert(&Record::new("W1", "Asif Mehmood")).unwrap();
    assert_eq!(m.len(), 3);
    assert_eq!(
        m.screen(&Record::new("q", "Asif Mahmood"))[0].watchlist_id,
        "W1"
    );
}

#[test]
fn a_single_shared_name_token_needs_support() {
    // "Nadia" on a watchlist is not enough to stop every Nadia Khan...
    assert!(!alerts("Nadia Khan", "Nadia"));
    assert!(!alerts("Ziaulhaq", "Zia ul Haq Qureshi"));
    // ...but with the father's name or a date of birth agreeing, it alerts.
    assert!(alerts(
        "Ziaulhaq s/o Ihsan ul Haq",
        "Zia-ul-Haq s/o Ihsan-ul-Haq"
    ));
    let q = Record::new("q", "Nadia").with_dob(PartialDate::parse("1990-04-02").unwrap());
    let e = Record::new("e", "Nadia Khan").with_dob(PartialDate::parse("1990-04-02").unwrap());
    assert!(score_records(&q, &e).score >= DEFAULT_THRESHOLD);
}

#[test]
fn one_name_against_one_name_alerts_unless_something_disagrees() {
    // Both sides know the person by one name only (titles aside): nothing tells them apart,
    // so the officer must look; the explanation says why the alert is weak.
    let s = score_records(&Record::new("q", "Iqra"), &Record::new("e", "Mst. Iqra"));
    assert!(s.score >= DEFAULT_THRESHOLD, "{s:?}");
    assert!(s.explanation.contains("one name only"), "{s:?}");
    assert!(alerts("Sheikh Bashir", "Bashir"));
    assert!(alerts("تنویر", "Tanveer"));
    // Anything that disagrees drops it below the threshold.
    let e = Record::new("e", "Iqra")
        .with_father("Aslam")
        .with_dob(PartialDate::parse("1975").unwrap());
    let other_year = Record::new("q", "Iqra").with_dob(PartialDate::parse("1992-01-01").unwrap());
    let other_father = Record::new("q", "Iqra").with_father("Bashir Ahmed");
    assert!(score_records(&other_year, &e).score < DEFAULT_THRESHOLD);
    assert!(score_records(&other_father, &e).score < DEFAULT_THRESHOLD);
    // And one agreeing detail makes it a strong alert.
    let same_father = Record::new("q", "Iqra").with_father("Muhammad Aslam");
    assert!(score_records(&same_father, &e).score > ONE_NAME_SCORE);
}

#[test]
fn different_known_names_are_not_spellings_of_each_other() {
    assert!(!alerts("Nida Sharif", "Nadia Sharif"));
    assert!(!alerts("Muhammad Shahid", "Shahid Mehmood"));
    assert!(!alerts("Hina Baloch", "Hiba Baloch"));
    // Romanisation variants still meet.
    assert!(alerts("Fayyas Rahim", "Fayyaz Rahim"));
    assert!(alerts("Kattek Qadir", "Qadir Khattak"));
}
