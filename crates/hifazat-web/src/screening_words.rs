//! Words of the screening and person index pages, in the page's language: score bands, why two
//! records match (the matcher's explanation written out as sentences), the names of lists,
//! decisions, stages, roles and countries, and dates of birth typed as day, month and year
//! where the day and month may be unknown.
//!
//! Score bands. The matcher raises an alert from [`hifazat_matching::DEFAULT_THRESHOLD`]
//! (0.80). A score from [`STRONG_FROM`] (0.90) up is a **strong match**: the names agree and
//! at least one more thing does (the father's name, the date of birth or a document), or a
//! document number is the same. From 0.80 to 0.90 it is a **possible match**: the names agree
//! closely but little else was compared or something disagrees: an officer must look. Below
//! 0.80 (shown only by person search and "possibly the same person") it is **weak**: worth a
//! look only with other evidence.

use crate::i18n::{Lang, Tr};
use crate::paging::DateParts;
use hifazat_domain::reference;
use hifazat_domain::screening::{AlertDecision, WatchlistKind};
use hifazat_domain::{PersonRole, Sex, Stage};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Scores from this up are strong matches.
pub const STRONG_FROM: f64 = 0.90;
/// Scores from this up (the alert threshold) are possible matches; below, weak.
pub const POSSIBLE_FROM: f64 = hifazat_matching::DEFAULT_THRESHOLD;

/// How strongly two records match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// From [`STRONG_FROM`].
    Strong,
    /// From [`POSSIBLE_FROM`].
    Possible,
    /// Below.
    Weak,
}

impl Band {
    /// The band of a score.
    pub fn of(score: f64) -> Band {
        if score >= STRONG_FROM {
            Band::Strong
        } else if score >= POSSIBLE_FROM {
            Band::Possible
        } else {
            Band::Weak
        }
    }

    /// A code for CSS classes and message keys.
    pub fn code(self) -> &'static str {
        match self {
            Band::Strong => "strong",
            Band::Possible => "possible",
            Band::Weak => "weak",
        }
    }
}

/// Where an explanation is shown, which names its two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A traveller against a watchlist entry.
    Alert,
    /// A search against a person record.
    Search,
    /// One person record against another.
    Duplicate,
}

impl Side {
    fn code(self) -> &'static str {
        match self {
            Side::Alert => "alert",
            Side::Search => "search",
            Side::Duplicate => "duplicate",
        }
    }
}

/// The words of a page, in its language.
#[derive(Debug, Clone, Copy)]
pub struct Words(pub Tr);

/// Puts a name or a number between Unicode isolates, so that a Latin word in an Urdu sentence
/// (or the other way round) keeps its own direction.
fn iso(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

impl Words {
    /// The translator.
    pub fn tr(&self) -> Tr {
        self.0
    }

    /// The band of a score in words: "Strong match".
    pub fn band(&self, score: &f64) -> String {
        self.0
            .t(format!("screening-band-{}", Band::of(*score).code()))
    }

    /// The CSS class of a score's band.
    pub fn band_class(&self, score: &f64) -> &'static str {
        match Band::of(*score) {
            Band::Strong => "band strong",
            Band::Possible => "band possible",
            Band::Weak => "band weak",
        }
    }

    /// A score as a number with two decimals: `0.93` / `۰.۹۳`.
    pub fn score(&self, score: &f64) -> String {
        self.0.digits(&format!("{score:.2}"))
    }

    /// A list's name.
    pub fn list(&self, k: &WatchlistKind) -> String {
        self.0
            .t(format!("screening-list-{}", k.code().replace('_', "-")))
    }

    /// What names a watchlist entry: its name, else its CNIC or passport number.
    pub fn entry_name(&self, e: &hifazat_store::screening::WatchlistEntry) -> String {
        first_of(&e.full_name, &[&e.cnic, &e.passport])
    }

    /// What names the traveller of an alert: the name, else the CNIC or passport number.
    pub fn traveller(&self, a: &hifazat_store::screening::ScreeningAlert) -> String {
        first_of(&a.query_name, &[&a.query_cnic, &a.query_passport])
    }

    /// A list's short name: "Red Book".
    pub fn list_short(&self, k: &WatchlistKind) -> String {
        self.0.t(format!(
            "screening-list-short-{}",
            k.code().replace('_', "-")
        ))
    }

    /// A decision's name.
    pub fn decision(&self, d: &AlertDecision) -> String {
        self.0
            .t(format!("screening-decision-{}", d.code().replace('_', "-")))
    }

    /// A case stage's name.
    pub fn stage(&self, s: &Stage) -> String {
        self.0
            .t(format!("cases-stage-{}", s.code().replace('_', "-")))
    }

    /// An accused's status: "On bail".
    pub fn accused_status(&self, s: &hifazat_domain::AccusedStatus) -> String {
        self.0
            .t(format!("cases-status-{}", s.code().replace('_', "-")))
    }

    /// A review's decision: "Kept".
    pub fn review_decision(&self, d: &hifazat_domain::screening::ReviewDecision) -> String {
        self.0.t(format!("screening-review-decision-{}", d.code()))
    }

    /// A role's name.
    pub fn role(&self, r: &PersonRole) -> String {
        self.0.t(format!("screening-role-{}", r.code()))
    }

    /// A sex's name.
    pub fn sex(&self, s: &Sex) -> String {
        self.0.t(format!("screening-sex-{}", s.code()))
    }

    /// A country's name from its code (the code itself if unknown).
    pub fn country(&self, code: &str) -> String {
        let c = code.trim();
        if reference::country(c).is_some() {
            self.0
                .t(format!("screening-country-{}", c.to_ascii_lowercase()))
        } else {
            c.to_owned()
        }
    }

    /// Every country as (code, name in this language), by name.
    pub fn countries(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = reference::countries()
            .iter()
            .map(|c| (c.alpha2.clone(), self.country(&c.alpha2)))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    }

    /// A district's name with its code: "Lahore (LHR)".
    pub fn district(&self, code: &str) -> String {
        match reference::district_by_code(code) {
            Some(d) => format!("{} ({})", d.name, d.code),
            None => code.to_owned(),
        }
    }

    /// A date of birth as stored (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), written out.
    pub fn dob(&self, d: &str) -> String {
        match d.len() {
            10 => self.0.date(d),
            7 => {
                let m: usize = d[5..7].parse().unwrap_or(0);
                match m {
                    1..=12 => {
                        let month = self.0.t(format!("screening-month-{m}"));
                        self.0.digits(&format!("{month} {}", &d[..4]))
                    }
                    _ => d.to_owned(),
                }
            }
            _ => self.0.digits(d),
        }
    }

    /// Why two records match, as sentences: the matcher's explanation
    /// (`name: mohd~muhammad (variant), asif=asif; father: …; dob: exact (1980 vs 1980);
    /// cnic: exact`) read part by part. A part it does not know is given as written.
    /// `side` names the two sides: `alert` (traveller, listed person), `search` (your search,
    /// the record) or `duplicate` (this record, the other record).
    pub fn why(&self, explanation: &str, side: &str) -> Vec<String> {
        let side = match side {
            "search" => Side::Search,
            "duplicate" => Side::Duplicate,
            _ => Side::Alert,
        };
        let side = &side;
        let tr = self.0;
        let mut out = Vec::new();
        // "name: written together; asif=asif": the name's alignment goes on after the note.
        let explanation = explanation.replace("written together; ", "written together, ");
        for part in explanation.split("; ").filter(|p| !p.trim().is_empty()) {
            let (head, rest) = match part.split_once(": ") {
                Some((h, r))
                    if matches!(
                        h,
                        "name"
                            | "name+father"
                            | "father"
                            | "dob"
                            | "cnic"
                            | "passport"
                            | "nationality"
                    ) =>
                {
                    (h, r)
                }
                _ => {
                    out.push(part.to_owned());
                    continue;
                }
            };
            match head {
                "name" | "name+father" | "father" => {
                    let mut rest = rest;
                    let mut sentences = Vec::new();
                    if head == "name+father" {
                        sentences.push(tr.t("screening-why-father-inside"));
                    }
                    if let Some(r) = rest.strip_prefix("written together") {
                        sentences.push(tr.t("screening-why-written-together"));
                        rest = r;
                    }
                    let (rest, one_name) = match rest.strip_suffix(" (one name only)") {
                        Some(r) => (r, true),
                        None => (rest, false),
                    };
                    sentences.extend(self.alignment(rest, side));
                    if one_name {
                        sentences.push(tr.t("screening-why-one-name"));
                    }
                    out.push(self.sentence(head, &sentences));
                }
                "dob" => {
                    let (label, dates) = match rest.split_once(" (") {
                        Some((l, d)) => (l, d.trim_end_matches(')')),
                        None => (rest, ""),
                    };
                    let (a, b) = dates.split_once(" vs ").unwrap_or((dates, ""));
                    let key = match label {
                        "exact" => "screening-why-dob-exact",
                        "partial" => "screening-why-dob-partial",
                        "day/month swapped" => "screening-why-dob-swapped",
                        "one part different" => "screening-why-dob-one-part",
                        "close but different" => "screening-why-dob-near",
                        "conflict" => "screening-why-dob-conflict",
                        _ => {
                            out.push(part.to_owned());
                            continue;
                        }
                    };
                    let s = tr.args(key, &[("a", &iso(&self.dob(a))), ("b", &iso(&self.dob(b)))]);
                    out.push(self.sentence("dob", &[s]));
                }
                "cnic" | "passport" => {
                    let key = match (head, rest) {
                        ("cnic", "exact") => "screening-why-cnic-exact",
                        ("cnic", "one digit off") => "screening-why-cnic-one-digit",
                        ("cnic", "conflict") => "screening-why-cnic-conflict",
                        ("passport", "exact") => "screening-why-passport-exact",
                        ("passport", "different") => "screening-why-passport-different",
                        _ => {
                            out.push(part.to_owned());
                            continue;
                        }
                    };
                    out.push(self.sentence(head, &[tr.t(key)]));
                }
                _ => {
                    // nationality: different (PK vs AF)
                    let inner = rest
                        .strip_prefix("different (")
                        .and_then(|r| r.strip_suffix(')'))
                        .and_then(|r| r.split_once(" vs "));
                    match inner {
                        Some((a, b)) => {
                            let s = tr.args(
                                "screening-why-nationality-different",
                                &[
                                    ("a", &iso(&self.country(&a.to_uppercase()))),
                                    ("b", &iso(&self.country(&b.to_uppercase()))),
                                ],
                            );
                            out.push(self.sentence("nationality", &[s]));
                        }
                        None => out.push(part.to_owned()),
                    }
                }
            }
        }
        out
    }

    /// "Name: a; b." from a part's head and its sentences.
    fn sentence(&self, head: &str, parts: &[String]) -> String {
        let label = match head {
            "name" | "name+father" => self.0.t("screening-why-name"),
            "father" => self.0.t("screening-why-father"),
            "dob" => self.0.t("screening-why-dob"),
            "cnic" => self.0.t("screening-why-cnic"),
            "passport" => self.0.t("screening-why-passport"),
            _ => self.0.t("screening-why-nationality"),
        };
        let (sep, stop) = match self.0.lang() {
            Lang::En => ("; ", "."),
            Lang::Ur => ("؛ ", "۔"),
        };
        format!("{label}: {}{stop}", parts.join(sep))
    }

    /// The pairs of an alignment (`mohd~muhammad (variant), asif=asif, khan unmatched in query`)
    /// as phrases.
    fn alignment(&self, text: &str, side: &Side) -> Vec<String> {
        let tr = self.0;
        let mut same = Vec::new();
        let mut out = Vec::new();
        for item in text.split(", ").map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(w) = item.strip_suffix(" unmatched in query") {
                let key = format!("screening-why-only-query-{}", side.code());
                out.push(tr.s1(&key, "word", iso(w)));
            } else if let Some(w) = item.strip_suffix(" unmatched in watchlist") {
                let key = format!("screening-why-only-entry-{}", side.code());
                out.push(tr.s1(&key, "word", iso(w)));
            } else if let Some((a, b)) = item.split_once('=') {
                if a == b {
                    same.push(a.to_owned());
                } else {
                    out.push(tr.args("screening-why-same-word", &[("a", &iso(a)), ("b", &iso(b))]));
                }
            } else if let Some((a, rest)) = item.split_once('~') {
                let (b, kind) = match rest.rsplit_once(" (") {
                    Some((b, k)) => (b, k.trim_end_matches(')')),
                    None => (rest, ""),
                };
                let key = match kind {
                    "variant" => "screening-why-variant",
                    "transliteration" => "screening-why-translit",
                    "typo" => "screening-why-typo",
                    "initial" => "screening-why-initial",
                    "joined" => "screening-why-joined",
                    _ => "screening-why-close",
                };
                out.push(tr.args(key, &[("a", &iso(a)), ("b", &iso(b))]));
            } else {
                out.push(item.to_owned());
            }
        }
        if !same.is_empty() {
            out.insert(
                0,
                tr.s1("screening-why-same", "words", iso(&same.join(" "))),
            );
        }
        out
    }
}

/// `name`, else the first of `others` that is given, else a dash.
fn first_of(name: &str, others: &[&Option<String>]) -> String {
    if !name.trim().is_empty() {
        return name.to_owned();
    }
    others
        .iter()
        .find_map(|o| o.as_deref().filter(|s| !s.trim().is_empty()))
        .unwrap_or("—")
        .to_owned()
}

/// The message for a date of birth that cannot be read; each has its Urdu in
/// `messages-screening.ftl`.
pub const DOB_MESSAGES: &[&str] = &[
    "Enter the year of birth as four digits, for example 1985",
    "Enter the month as a number from 1 to 12",
    "Enter the day as a number from 1 to 31",
    "Enter the month of birth as well as the day",
    "Enter a real date of birth",
    "Enter a date of birth in the past",
];

/// A date of birth from day, month and year boxes where the day, or the day and the month,
/// may be left empty: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` when nothing was typed.
pub fn partial_dob(
    d: &DateParts,
    today: chrono::NaiveDate,
) -> Result<Option<String>, &'static str> {
    use chrono::Datelike;
    if d.is_empty() {
        return Ok(None);
    }
    let num = |s: &str| -> Option<Option<u32>> {
        let t = s.trim();
        if t.is_empty() {
            Some(None)
        } else {
            t.parse::<u32>().ok().map(Some)
        }
    };
    let year = match num(&d.year) {
        Some(Some(y)) if (1900..=2100).contains(&y) && d.year.trim().len() == 4 => y,
        _ => return Err(DOB_MESSAGES[0]),
    };
    let month = match num(&d.month) {
        Some(Some(m)) if (1..=12).contains(&m) => Some(m),
        Some(None) => None,
        _ => return Err(DOB_MESSAGES[1]),
    };
    let day = match num(&d.day) {
        Some(Some(x)) if (1..=31).contains(&x) => Some(x),
        Some(None) => None,
        _ => return Err(DOB_MESSAGES[2]),
    };
    let s = match (month, day) {
        (None, Some(_)) => return Err(DOB_MESSAGES[3]),
        (None, None) => format!("{year:04}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        (Some(m), Some(x)) => {
            let date = chrono::NaiveDate::from_ymd_opt(year as i32, m, x).ok_or(DOB_MESSAGES[4])?;
            if date > today {
                return Err(DOB_MESSAGES[5]);
            }
            date.to_string()
        }
    };
    if year as i32 > today.year() {
        return Err(DOB_MESSAGES[5]);
    }
    Ok(Some(s))
}

/// The boxes of a stored date of birth (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
pub fn dob_parts(s: &str) -> DateParts {
    let mut p = s.trim().split('-');
    let year = p.next().unwrap_or("").to_owned();
    let strip = |x: &str| x.trim_start_matches('0').to_owned();
    let month = p.next().map(strip).unwrap_or_default();
    let day = p.next().map(strip).unwrap_or_default();
    DateParts { day, month, year }
}

/// The message when a nationality is not one of the list's.
pub const COUNTRY_MESSAGE: &str = "Choose the nationality from the list, or leave it empty";

/// A nationality as typed or picked: a two-letter code, or a country's name in English or
/// Urdu (any case). `Ok(None)` when empty.
pub fn country_code(input: &str) -> Result<Option<String>, &'static str> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() == 2 {
        if let Some(c) = reference::country(t) {
            return Ok(Some(c.alpha2.clone()));
        }
    }
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut m = HashMap::new();
        for lang in Lang::ALL {
            let w = Words(Tr(*lang));
            for c in reference::countries() {
                m.insert(w.country(&c.alpha2).to_lowercase(), c.alpha2.clone());
                m.insert(c.alpha3.to_lowercase(), c.alpha2.clone());
            }
        }
        m
    });
    names
        .get(&t.to_lowercase())
        .cloned()
        .map(Some)
        .ok_or(COUNTRY_MESSAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_have_documented_cut_offs() {
        assert_eq!(Band::of(1.0), Band::Strong);
        assert_eq!(Band::of(0.90), Band::Strong);
        assert_eq!(Band::of(0.899), Band::Possible);
        assert_eq!(Band::of(0.80), Band::Possible);
        assert_eq!(Band::of(0.79), Band::Weak);
        let w = Words(Tr(Lang::En));
        assert_eq!(w.band(&0.93), "Strong match");
        assert_eq!(w.band(&0.85), "Possible match");
        assert_eq!(w.band(&0.7), "Weak match");
        assert_eq!(Words(Tr(Lang::Ur)).score(&0.93), "۰.۹۳");
    }

    #[test]
    fn every_code_has_its_words_in_both_languages() {
        for lang in Lang::ALL {
            let w = Words(Tr(*lang));
            let tr = Tr(*lang);
            let known = |s: String| !s.starts_with("screening-");
            for k in WatchlistKind::ALL {
                assert!(known(w.list(k)), "{k:?}");
                let key = format!("screening-list-short-{}", k.code().replace('_', "-"));
                assert!(known(tr.t(&key)), "{key}");
            }
            for d in AlertDecision::ALL {
                assert!(known(w.decision(d)), "{d:?}");
            }
            for s in Stage::ALL {
                assert!(known(w.stage(s)), "{s:?}");
            }
            for r in PersonRole::ALL {
                assert!(known(w.role(r)), "{r:?}");
            }
            for s in Sex::ALL {
                assert!(known(w.sex(s)), "{s:?}");
            }
            for c in reference::countries() {
                assert!(known(w.country(&c.alpha2)), "{}", c.alpha2);
            }
            for b in ["strong", "possible", "weak"] {
                assert!(known(tr.t(format!("screening-band-{b}"))));
            }
            for m in 1..=12 {
                assert!(known(tr.t(format!("screening-month-{m}"))));
            }
            for side in ["alert", "search", "duplicate"] {
                for end in ["query", "entry"] {
                    let key = format!("screening-why-only-{end}-{side}");
                    assert!(known(tr.s1(&key, "word", "x")), "{key}");
                }
            }
        }
    }

    #[test]
    fn messages_of_this_module_have_their_urdu() {
        let ur = Tr(Lang::Ur);
        for m in DOB_MESSAGES.iter().chain([&COUNTRY_MESSAGE]) {
            assert_ne!(ur.msg(m), *m, "no Urdu for {m}");
        }
    }

    #[test]
    fn an_explanation_is_written_out_as_sentences() {
        let en = Words(Tr(Lang::En));
        let e = "name: muhammad~mohd (variant), asif=asif; father: ghulam=ghulam, rasool=rasool; dob: partial (1980 vs 1980-05-01); cnic: exact; nationality: different (PK vs AF)";
        let s: Vec<String> = en
            .why(e, "alert")
            .iter()
            .map(|x| x.replace(['\u{2068}', '\u{2069}'], ""))
            .collect();
        assert_eq!(s.len(), 5, "{s:?}");
        assert_eq!(
            s[0],
            "Name: the same: asif; muhammad and mohd are spellings of one name."
        );
        assert_eq!(s[1], "Father's name: the same: ghulam rasool.");
        assert!(
            s[2].starts_with("Date of birth:") && s[2].contains("May 1980"),
            "{s:?}"
        );
        assert_eq!(s[3], "CNIC: the same number.");
        assert!(
            s[4].contains("Pakistan") && s[4].contains("Afghanistan"),
            "{s:?}"
        );
        let s = en.why(
            "name: written together; gulmuhammad~gul muhammad (joined), khan unmatched in watchlist (one name only)",
            "search",
        );
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(
            s[0].contains("one word") && s[0].contains("only in the record"),
            "{s:?}"
        );
        // Something it does not know is kept as written.
        assert_eq!(en.why("shoe size: 9", "alert"), vec!["shoe size: 9"]);
        let ur = Words(Tr(Lang::Ur)).why(e, "alert");
        assert!(ur[3].contains("شناختی"), "{ur:?}");
    }

    #[test]
    fn partial_dates_of_birth_are_read_from_boxes() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let d = |day: &str, month: &str, year: &str| DateParts {
            day: day.into(),
            month: month.into(),
            year: year.into(),
        };
        assert_eq!(partial_dob(&d("", "", ""), today), Ok(None));
        assert_eq!(
            partial_dob(&d("", "", "1980"), today),
            Ok(Some("1980".into()))
        );
        assert_eq!(
            partial_dob(&d("", "7", "1980"), today),
            Ok(Some("1980-07".into()))
        );
        assert_eq!(
            partial_dob(&d("4", "7", "1980"), today),
            Ok(Some("1980-07-04".into()))
        );
        assert!(partial_dob(&d("4", "", "1980"), today).is_err());
        assert!(partial_dob(&d("31", "2", "1980"), today).is_err());
        assert!(partial_dob(&d("", "", "80"), today).is_err());
        assert!(partial_dob(&d("1", "1", "2027"), today).is_err());
        assert_eq!(dob_parts("1980-07-04"), d("4", "7", "1980"));
        assert_eq!(dob_parts("1980"), d("", "", "1980"));
    }

    #[test]
    fn nationalities_are_read_by_name_or_code() {
        assert_eq!(country_code("pk"), Ok(Some("PK".into())));
        assert_eq!(country_code("Pakistan"), Ok(Some("PK".into())));
        assert_eq!(
            country_code("  united arab emirates "),
            Ok(Some("AE".into()))
        );
        assert_eq!(country_code("پاکستان"), Ok(Some("PK".into())));
        assert_eq!(country_code(""), Ok(None));
        assert!(country_code("Atlantis").is_err());
        assert_eq!(Words(Tr(Lang::En)).country("AE"), "United Arab Emirates");
    }
}
