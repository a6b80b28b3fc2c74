//! Urdu and English. Every string of the interface is a Fluent message in
//! `locales/{en,ur}/*.ftl` (compiled into the binary); a page asks its [`Tr`] for it by key.
//! The language is the `hifazat_lang` cookie (set by the switch in the page header, kept a
//! year), else the browser's `Accept-Language`, else English. Numbers and dates are written
//! the way each language writes them: Urdu with Urdu digits and month names, right to left.

use axum::http::{header, HeaderMap};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: the pages set `dir` themselves.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

tokio::task_local! {
    /// The language of the request being answered (set by [`with_language`] for every
    /// request), for responses made without a request at hand, such as error pages.
    static CURRENT: Lang;
}

/// The language of the request being answered (English outside a request).
pub fn current() -> Lang {
    CURRENT.try_with(|l| *l).unwrap_or_default()
}

/// Middleware: answers the request within its language (see [`current`]).
pub async fn with_language(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let lang = Lang::of_request(req.headers());
    CURRENT.scope(lang, next.run(req)).await
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Tr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Tr(Lang::of_request(&parts.headers)))
    }
}

/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "hifazat_lang";

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Urdu.
    Ur,
}

impl Lang {
    /// Every language, in the order the switch offers them.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Ur];

    /// The BCP 47 code (`lang` attribute, cookie value).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ur => "ur",
        }
    }

    /// Writing direction (`dir` attribute).
    pub fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Ur => "rtl",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ur => "اردو",
        }
    }

    /// The other language (the switch offers it).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ur,
            Lang::Ur => Lang::En,
        }
    }

    /// Parses a code.
    pub fn from_code(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ur" => Some(Lang::Ur),
            _ => None,
        }
    }

    /// The language of a request: the cookie, else the browser's first known preference.
    pub fn of_request(headers: &HeaderMap) -> Lang {
        let jar = axum_extra::extract::cookie::CookieJar::from_headers(headers);
        if let Some(l) = jar
            .get(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
        {
            return l;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(',')
                    .map(|p| p.split(';').next().unwrap_or("").trim())
                    .find_map(|tag| Lang::from_code(tag.split('-').next().unwrap_or("")))
            })
            .unwrap_or_default()
    }

    #[allow(clippy::expect_used)] // Parses two constant, valid language tags.
    fn id(self) -> &'static LanguageIdentifier {
        static EN: OnceLock<LanguageIdentifier> = OnceLock::new();
        static UR: OnceLock<LanguageIdentifier> = OnceLock::new();
        match self {
            Lang::En => EN.get_or_init(|| "en".parse().expect("valid language id")),
            Lang::Ur => UR.get_or_init(|| "ur".parse().expect("valid language id")),
        }
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_UR: [&str; 12] = [
    "جنوری",
    "فروری",
    "مارچ",
    "اپریل",
    "مئی",
    "جون",
    "جولائی",
    "اگست",
    "ستمبر",
    "اکتوبر",
    "نومبر",
    "دسمبر",
];

/// Pakistan Standard Time (UTC+5, no daylight saving).
fn pkt() -> FixedOffset {
    // Evaluated when compiling, so it cannot fail at run time.
    const PKT: FixedOffset = match FixedOffset::east_opt(5 * 3600) {
        Some(o) => o,
        None => panic!("UTC+5 is a valid offset"),
    };
    PKT
}

/// A number that can be counted in a message (templates pass fields by reference).
pub trait Count {
    /// The number.
    fn count(&self) -> i64;
}

macro_rules! count_for {
    ($($t:ty),*) => { $(impl Count for $t { fn count(&self) -> i64 { *self as i64 } })* };
}
count_for!(i64, i32, u32, usize, u64);

impl<T: Count + ?Sized> Count for &T {
    fn count(&self) -> i64 {
        (**self).count()
    }
}

/// The translator of one page: messages, numbers and dates in its language.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    /// The language.
    pub fn lang(&self) -> Lang {
        self.0
    }

    /// The message `key`. A missing key is a bug (a test checks every key used exists in both
    /// languages); it shows as the key itself.
    pub fn t(&self, key: impl AsRef<str>) -> String {
        self.lookup(key.as_ref(), None)
    }

    /// A count as a page shows it: the number, or in words when it is hidden from an
    /// aggregate-only user ("fewer than 5" at the installation's threshold, "withheld" for a
    /// count hidden so that a small one cannot be worked out). The statistics tables write the
    /// same as the marks `<5` and `x` (`pages_statistics::mark`).
    pub fn shown(&self, c: &hifazat_domain::stats::ShownCount) -> String {
        use hifazat_domain::stats::ShownCount;
        match c {
            ShownCount::Exact(n) => self.n(*n),
            ShownCount::Small(t) => self.n1("suppressed-count", "threshold", *t),
            ShownCount::Withheld => self.t("withheld-count"),
        }
    }

    /// The name of a role.
    pub fn role(&self, role: &hifazat_domain::UserRole) -> String {
        self.t(format!("role-{}", role.code()))
    }

    /// A relation before a father's or husband's name (`s/o`, `d/o`, `w/o`) in words:
    /// "son of" / "ولد".
    pub fn relation(&self, code: &str) -> String {
        match code {
            "s/o" | "d/o" | "w/o" => self.t(format!("cases-relation-{}", code.replace('/', "-"))),
            other => other.to_owned(),
        }
    }

    /// A jurisdiction in words, from its stored form (`national`, `province:PK-PB`,
    /// `district:LHR`).
    pub fn jurisdiction(&self, code: impl AsRef<str>) -> String {
        match code.as_ref().split_once(':') {
            Some(("province", p)) => self.t(format!(
                "province-{}",
                hifazat_domain::reference::current_province_code(p)
            )),
            Some(("district", d)) => {
                let name = hifazat_domain::reference::district_by_code(d)
                    .map(|x| x.name.as_str())
                    .unwrap_or(d);
                self.s1("jurisdiction-district", "name", name)
            }
            _ => self.t("jurisdiction-national"),
        }
    }

    /// The message `key` with one number argument `name` (plurals: `{ $count -> … }`); the
    /// number is formatted for the language.
    pub fn n1(&self, key: &str, name: &str, value: impl Count) -> String {
        let mut args = HashMap::new();
        args.insert(
            Cow::Owned(name.to_owned()),
            FluentValue::from(value.count()),
        );
        let text = self.lookup(key, Some(&args));
        self.digits(&text)
    }

    /// The message `key` with one text argument.
    pub fn s1(&self, key: &str, name: &str, value: impl AsRef<str>) -> String {
        let mut args = HashMap::new();
        args.insert(
            Cow::Owned(name.to_owned()),
            FluentValue::from(value.as_ref().to_owned()),
        );
        self.lookup(key, Some(&args))
    }

    /// The message `key` with text arguments.
    pub fn args(&self, key: &str, args: &[(&str, &str)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.to_string())))
            .collect();
        self.lookup(key, Some(&map))
    }

    fn lookup(&self, key: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        match LOCALES.try_lookup_complete(self.0.id(), key, args) {
            Some(s) => s,
            None => {
                tracing::warn!(key, lang = self.0.code(), "missing message");
                key.to_owned()
            }
        }
    }

    /// A message written in English by the domain or the store (a field's validation message,
    /// a refusal), in this page's language. Such messages are their own keys, as in gettext:
    /// the Urdu text is the Fluent message [`message_key`] of the English one (a test checks
    /// that every such message in the source has one).
    pub fn msg(&self, english: &str) -> String {
        match self.0 {
            Lang::En => english.to_owned(),
            Lang::Ur => LOCALES
                .try_lookup(self.0.id(), &message_key(english))
                .filter(|t| !t.is_empty())
                .or_else(|| self.with_values(english))
                .unwrap_or_else(|| english.to_owned()),
        }
    }

    /// A message built with quoted values ("'Under trial' needs a supervisor's approval"):
    /// its key is the message with each quoted value written `x`
    /// (`m-x-needs-a-supervisor-s-approval`), and the values are its arguments `$a`, `$b`…,
    /// a stage's name in the page's language. `None` when there is no such message.
    fn with_values(&self, english: &str) -> Option<String> {
        let (shape, values) = quoted_values(english)?;
        let mut args = HashMap::new();
        for (name, v) in ["a", "b", "c", "d"].iter().zip(&values) {
            let word = hifazat_domain::Stage::ALL
                .iter()
                .find(|s| s.label().eq_ignore_ascii_case(v))
                .map(|s| self.t(format!("cases-stage-{}", s.code().replace('_', "-"))))
                .unwrap_or_else(|| v.clone());
            args.insert(Cow::Borrowed(*name), FluentValue::from(word));
        }
        LOCALES
            .try_lookup_complete(self.0.id(), &message_key(&shape), Some(&args))
            .filter(|t| !t.is_empty())
    }

    /// Digits as the language writes them (Urdu: ۰۱۲۳۴۵۶۷۸۹).
    pub fn digits(&self, text: &str) -> String {
        match self.0 {
            Lang::En => text.to_owned(),
            Lang::Ur => text
                .chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
                    _ => c,
                })
                .collect(),
        }
    }

    /// A count with thousands separators: `12,345` / `۱۲٬۳۴۵`.
    pub fn n(&self, n: impl Count) -> String {
        let n = n.count();
        let raw = n.unsigned_abs().to_string();
        let mut out = String::new();
        let sep = match self.0 {
            Lang::En => ',',
            Lang::Ur => '٬',
        };
        for (i, c) in raw.chars().enumerate() {
            if i > 0 && (raw.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        if n < 0 {
            out.insert(0, '-');
        }
        self.digits(&out)
    }

    /// A date (`YYYY-MM-DD`, or the date part of a stored time) as `3 Dec 2026` /
    /// `۳ دسمبر ۲۰۲۶`; anything else as it is.
    pub fn date(&self, s: &str) -> String {
        match s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) {
            Some(d) => self.date_of(d),
            None => s.to_owned(),
        }
    }

    fn date_of(&self, d: NaiveDate) -> String {
        let m = d.month0() as usize;
        let text = match self.0 {
            Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
            Lang::Ur => format!("{} {} {}", d.day(), MONTHS_UR[m], d.year()),
        };
        self.digits(&text)
    }

    /// A stored UTC time as Pakistan time: `3 Dec 2026, 17:42` / `۳ دسمبر ۲۰۲۶، ۱۷:۴۲`.
    pub fn when(&self, stored: &str) -> String {
        match DateTime::parse_from_rfc3339(stored) {
            Ok(t) => {
                let t = t.with_timezone(&Utc).with_timezone(&pkt());
                let date = self.date_of(t.date_naive());
                let sep = match self.0 {
                    Lang::En => ", ",
                    Lang::Ur => "، ",
                };
                format!(
                    "{date}{sep}{}",
                    self.digits(&format!("{:02}:{:02}", t.hour(), t.minute()))
                )
            }
            Err(_) => self.date(stored),
        }
    }

    /// An optional stored time, or a dash.
    pub fn when_opt(&self, stored: &Option<String>) -> String {
        stored
            .as_deref()
            .map(|s| self.when(s))
            .unwrap_or_else(|| "—".into())
    }
}

/// The message with each value in single quotes replaced by `x`, and the values, in order; `None`
/// when nothing is quoted. An apostrophe inside a word ("supervisor's") is not a quote.
fn quoted_values(english: &str) -> Option<(String, Vec<String>)> {
    let chars: Vec<char> = english.chars().collect();
    let mut shape = String::new();
    let mut values = Vec::new();
    let mut open: Option<String> = None;
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = c == '\''
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        match (&mut open, c == '\'' && !inside_word) {
            (None, true) => open = Some(String::new()),
            (Some(v), true) => {
                values.push(std::mem::take(v));
                open = None;
                shape.push('x');
            }
            (Some(v), false) => v.push(c),
            (None, false) => shape.push(c),
        }
    }
    (open.is_none() && !values.is_empty()).then_some((shape, values))
}

/// The Fluent key of an English message: `m-` and its words, lower case, joined by `-`
/// ("Enter the FIR number" → `m-enter-the-fir-number`).
pub fn message_key(english: &str) -> String {
    let mut key = String::from("m");
    let mut dash = true;
    for c in english.chars() {
        if c.is_ascii_alphanumeric() {
            if dash {
                key.push('-');
            }
            key.push(c.to_ascii_lowercase());
            dash = false;
        } else {
            dash = true;
        }
    }
    key
}

/// Checks that every code of each list has its words in both languages under
/// `{prefix}-{list}-{code}` (underscores written as dashes): such keys are built at run time,
/// so the general check of keys used cannot see them.
#[cfg(test)]
pub(crate) fn assert_code_words(prefix: &str, lists: &[(&str, Vec<&str>)]) {
    let wanted: Vec<String> = lists
        .iter()
        .flat_map(|(list, codes)| {
            codes
                .iter()
                .map(move |c| format!("{prefix}-{list}-{}", c.replace('_', "-")))
        })
        .collect();
    for lang in Lang::ALL {
        let have = keys(*lang);
        let missing: Vec<_> = wanted.iter().filter(|k| !have.contains(k)).collect();
        assert!(missing.is_empty(), "{}: {missing:?}", lang.code());
    }
}

/// Every message key of a language (for the completeness test).
pub fn keys(lang: Lang) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang.code());
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines() {
            if let Some((key, _)) = line.split_once(" =") {
                let key = key.trim();
                if !key.is_empty()
                    && !key.starts_with('#')
                    && !line.starts_with(char::is_whitespace)
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    out.push(key.to_owned());
                }
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_message_is_defined_twice() {
        for lang in Lang::ALL {
            let keys = keys(*lang);
            let mut seen = std::collections::HashSet::new();
            let twice: Vec<_> = keys.iter().filter(|k| !seen.insert(*k)).collect();
            assert!(
                twice.is_empty(),
                "{}: defined twice: {twice:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        // `m-` keys translate English messages from the code; they exist in Urdu only.
        let en = keys(Lang::En);
        let ur: Vec<String> = keys(Lang::Ur)
            .into_iter()
            .filter(|k| !k.starts_with("m-"))
            .collect();
        assert!(!en.is_empty());
        let missing_ur: Vec<_> = en.iter().filter(|k| !ur.contains(k)).collect();
        let missing_en: Vec<_> = ur.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_ur.is_empty(), "not in Urdu: {missing_ur:?}");
        assert!(missing_en.is_empty(), "not in English: {missing_en:?}");
    }

    #[test]
    fn every_key_a_template_or_handler_uses_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let en = keys(Lang::En);
        let mut unknown = Vec::new();
        for dir in ["templates", "src"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                for call in [".t(\"", ".n1(\"", ".s1(\"", ".args(\""] {
                    for part in text.split(call).skip(1) {
                        let key = part.split('"').next().unwrap_or("");
                        if !key.is_empty() && !en.iter().any(|k| k == key) {
                            unknown.push(format!("{}: {key}", entry.path().display()));
                        }
                    }
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "keys used but not defined: {unknown:#?}"
        );
    }

    /// Every English message the domain, the store and the vault can put before a user
    /// (`e.add(field, "…")`, `field("…", "…")`, `Forbidden("…")`) has its Urdu text.
    #[test]
    fn every_message_shown_to_users_has_its_urdu() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let ur = keys(Lang::Ur);
        let mut missing = std::collections::BTreeSet::new();
        for krate in [
            "hifazat-domain",
            "hifazat-store",
            "hifazat-vault",
            "hifazat-web",
        ] {
            for m in source_messages(&root.join(krate).join("src")) {
                let key = message_key(&m);
                if !ur.contains(&key) {
                    missing.insert(format!("{key} = {m}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "messages without Urdu ({}):\n{}",
            missing.len(),
            missing.into_iter().collect::<Vec<_>>().join("\n")
        );
    }

    /// The string literals passed as messages in the Rust files under `dir`.
    fn source_messages(dir: &std::path::Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                if p.extension().is_none_or(|x| x != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                // Only the code before the tests.
                let text = text.split("#[cfg(test)]").next().unwrap_or("");
                let flat: String = text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace("( \"", "(\"");
                for start in [
                    ".add(\"",
                    "field(\"",
                    "Forbidden(\"",
                    "PageError(StatusCode::",
                ] {
                    for part in flat.split(start).skip(1) {
                        // .add("field", "message") / field("field", "message"): the second literal.
                        let rest = if start == "Forbidden(\"" {
                            Some(part)
                        } else if start == "PageError(StatusCode::" {
                            // PageError(StatusCode::X, "message"…
                            part.split_once(", \"")
                                .filter(|(code, _)| {
                                    code.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                                })
                                .map(|(_, m)| m)
                        } else {
                            part.split_once('"')
                                .and_then(|(_, after)| after.strip_prefix(", \""))
                        };
                        if let Some(m) = rest.and_then(|r| r.split('"').next()) {
                            if m.chars().any(|c| c.is_ascii_alphabetic()) && !m.contains('{') {
                                out.push(m.to_owned());
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn messages_with_quoted_values_are_translated_with_their_values() {
        assert_eq!(
            quoted_values("'Under trial' needs a supervisor's approval"),
            Some((
                "x needs a supervisor's approval".to_owned(),
                vec!["Under trial".to_owned()]
            ))
        );
        assert_eq!(quoted_values("a supervisor's approval"), None);
        let ur = Tr(Lang::Ur);
        let t = ur.msg("'Decided: convicted' needs a supervisor's approval");
        assert!(t.contains("فیصلہ: سزا") && !t.contains("needs"), "{t}");
        let t = ur.msg("Say why the case is moving to 'Closed: cancelled'");
        assert!(t.contains("بند: منسوخ") && !t.contains("Say why"), "{t}");
        assert_eq!(
            Tr(Lang::En).msg("'Under trial' needs a supervisor's approval"),
            "'Under trial' needs a supervisor's approval"
        );
    }

    #[test]
    fn relations_read_as_words() {
        assert_eq!(Tr(Lang::En).relation("s/o"), "son of");
        assert_eq!(Tr(Lang::Ur).relation("w/o"), "زوجہ");
        assert_eq!(Tr(Lang::Ur).relation("other"), "other");
    }

    #[test]
    fn numbers_and_dates_per_language() {
        let en = Tr(Lang::En);
        let ur = Tr(Lang::Ur);
        assert_eq!(en.n(1234567), "1,234,567");
        assert_eq!(ur.n(1234567), "۱٬۲۳۴٬۵۶۷");
        assert_eq!(en.date("2026-12-03"), "3 Dec 2026");
        assert_eq!(ur.date("2026-12-03"), "۳ دسمبر ۲۰۲۶");
        assert_eq!(en.when("2026-12-03T20:42:25Z"), "4 Dec 2026, 01:42");
        assert_eq!(ur.when("2026-12-03T20:42:25Z"), "۴ دسمبر ۲۰۲۶، ۰۱:۴۲");
        assert_eq!(en.date("soon"), "soon");
    }

    #[test]
    fn plurals_follow_the_language() {
        let en = Tr(Lang::En);
        assert_eq!(en.n1("count-cases", "count", 1), "1 case");
        assert_eq!(en.n1("count-cases", "count", 2), "2 cases");
        assert!(Tr(Lang::Ur).n1("count-cases", "count", 2).contains('۲'));
    }

    #[test]
    fn the_language_comes_from_the_cookie_then_the_browser() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::of_request(&h), Lang::En);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "ur-PK,ur;q=0.9,en;q=0.8".parse().unwrap(),
        );
        assert_eq!(Lang::of_request(&h), Lang::Ur);
        h.insert(header::COOKIE, "hifazat_lang=en".parse().unwrap());
        assert_eq!(Lang::of_request(&h), Lang::En);
    }
}
