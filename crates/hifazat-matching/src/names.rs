//! Name normalisation: Unicode folding, tokenisation, titles, particles, relation markers
//! (`s/o`, `d/o`, `w/o`, `bin`, `ولد`…), spelling families and the phonetic and skeleton keys
//! that let Latin and Urdu-script spellings meet.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::urdu;

/// What kind of token this is; it decides the token's weight in a name comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// An ordinary name token.
    Normal,
    /// A very common name (Muhammad, Khan, Ali, Bibi…): it matches like any other token but
    /// tells little about who the person is.
    Common,
    /// An honorific or title (Mr, Mst., Haji, Ch., Syed…): kept, with a low weight.
    Weak,
    /// A single letter, such as the "M." of "M. Asif".
    Initial,
}

/// One normalised name token with its comparison keys.
#[derive(Debug, Clone)]
pub struct Token {
    /// Folded text (lower case, no diacritics); Arabic-script tokens keep their script.
    pub text: Box<str>,
    /// True when the token is written in Arabic script (Urdu, Arabic, Persian letters).
    pub arabic: bool,
    /// Phonetic key with vowel classes (Latin tokens only; empty for Arabic script).
    pub phon: Box<str>,
    /// Consonant skeleton, comparable across scripts.
    pub skel: Box<str>,
    /// Spelling-family id from the built-in table (0 = none).
    pub family: u16,
    /// What the watchlist index files the token under: its family (`#1` for every spelling
    /// of Muhammad, in either script) or else its skeleton. Muhammad and Mahmood share the
    /// skeleton `mhmd`; their families keep them apart.
    pub ikey: Box<str>,
    /// Ids of name groups (from the embedded Latin/Arabic table) this spelling belongs to.
    pub groups: Box<[u32]>,
    /// Kind of token.
    pub kind: TokenKind,
    /// Weight in a name comparison: a prior from the kind, times a rarity factor when the
    /// token sits in (or is compared with) a watchlist index.
    pub weight: f32,
    /// True when the spelling is a known name (the built-in lists, or seen on several entries
    /// of the watchlist): two different known names that do not sound the same are two names,
    /// not a spelling of one another (Asif / Arif, Nida / Nadia).
    pub known: bool,
    /// Consonants a–z present in the spelling (bit i = letter i), for quick distance bounds.
    pub letters: u32,
    /// The same for the phonetic key.
    pub sound_letters: u32,
    /// A hash of the spelling (lowest bit clear), to remember comparisons.
    pub key: u64,
}

/// A person's name split into the person's own tokens and the father's/husband's tokens.
#[derive(Debug, Clone, Default)]
pub struct NameParts {
    /// The person's own name tokens, in written order.
    pub own: Vec<Token>,
    /// Tokens of the father's or husband's name (from `s/o`, `d/o`, `w/o`, `bin`… or the
    /// separate father column).
    pub father: Vec<Token>,
}

/// Honorifics and titles, kept as weak tokens.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mst",
    "mstt",
    "mosammat",
    "musammat",
    "mussammat",
    "dr",
    "haji",
    "hajji",
    "alhaj",
    "alhajj",
    "hafiz",
    "hafez",
    "rana",
    "ch",
    "chaudhry",
    "chaudhary",
    "choudhry",
    "choudhary",
    "chaudhri",
    "chowdhury",
    "chaudry",
    "syed",
    "sayed",
    "sayyid",
    "sayyed",
    "sheikh",
    "shaikh",
    "shaykh",
    "sh",
    "malik",
    "mian",
    "mirza",
    "qazi",
    "kazi",
    "maulana",
    "molana",
    "moulana",
    "maulvi",
    "molvi",
    "mufti",
    "allama",
    "begum",
    "bibi",
    "bi",
    "sahib",
    "sahab",
    "sb",
    "janab",
    "mohtarma",
    "khawaja",
    "khwaja",
    "khwaj",
    "pir",
    "sardar",
    "nawab",
    "raja",
    "prof",
    "engr",
    "capt",
    "col",
    "maj",
    "gen",
    "brig",
    "sir",
    "jr",
    "sr",
    "late",
    // Legal forms of organisations (recruitment agencies, companies), kept as weak tokens.
    "ltd",
    "limited",
    "llc",
    "llp",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "pvt",
    "private",
    "jsc",
    "ojsc",
    "pjsc",
    "cjsc",
    "oao",
    "ooo",
    "zao",
    "pao",
    "srl",
    "sa",
    "sas",
    "gmbh",
    "ag",
    "bv",
    "nv",
    "spa",
    "lp",
    "joint",
    "stock",
    "liability",
    "smc",
    "intl",
    "international",
    "mrs.",
    "sufi",
    "al",
    "el",
    "sayyada",
    "syeda",
    "hakeem",
    "hakim",
    "master",
    "ustad",
    "حاجی",
    "حافظ",
    "سید",
    "شیخ",
    "ملک",
    "میاں",
    "مرزا",
    "قاضی",
    "مولانا",
    "بیگم",
    "بی بی",
    "بیبی",
    "چوہدری",
    "چودھری",
    "رانا",
    "مسمات",
    "ڈاکٹر",
    "سیدہ",
    "خواجہ",
    "پیر",
    "سردار",
    "راجہ",
];

/// Very common given and family names: they match normally but carry less weight.
const COMMON: &[&str] = &[
    "muhammad", "ahmad", "ali", "khan", "hussain", "hassan", "shah", "bibi", "begum", "abdul",
    "ghulam", "allah", "ullah", "din", "noor", "gul", "iqbal", "akhtar", "butt", "rehman",
    "fatima", "akbar", "mehmood", "javed", "aslam", "afzal", "ashraf", "anwar", "baig", "bano",
    "kausar", "parveen", "nasreen", "shahzad", "qureshi", "ansari", "awan", "bhatti", "raza",
    "abbas", "haider", "naz", "jan", "mir", "zaman",
];

/// Spelling families: every spelling of one line is the same name. The first is canonical.
const FAMILIES: &[&[&str]] = &[
    &[
        "muhammad", "mohammad", "mohammed", "muhammed", "mohamed", "mohamad", "muhamad", "mohd",
        "muhd", "md", "mhd", "mohamud", "muhammod", "mohammod", "mahomed", "mahammad", "muhmmad",
        "mohmmad", "muhamed", "m",
    ],
    &[
        "chaudhry",
        "chaudhary",
        "choudhry",
        "choudhary",
        "chaudhri",
        "chaudry",
        "chowdhury",
        "chowdhry",
        "choudhury",
        "chaudhari",
        "chodhry",
        "chohdry",
        "ch",
    ],
    &["hassan", "hasan", "hasen"],
    &[
        "hussain", "hussein", "husain", "husein", "hossain", "hosain", "husayn", "hussan",
    ],
    &["khan", "khaan", "kahn"],
    &["ali", "aly", "alee"],
    &["rehman", "rahman", "rehmaan", "rahmaan", "rahmān", "rehmān"],
    &["iqbal", "ikbal", "iqbaal", "eqbal"],
    &["qasim", "kasim", "qaasim", "kassim", "qassim"],
    &["ahmad", "ahmed", "ahmet", "ahamed", "ahemad"],
    &[
        "mehmood", "mahmood", "mahmud", "mahmoud", "mehmud", "mehmod",
    ],
    &["usman", "osman", "uthman", "othman", "usmaan"],
    &["umar", "omar", "omer", "umer"],
    &[
        "yousaf", "yusuf", "yousuf", "yusaf", "yousef", "yosuf", "yousif", "yusef",
    ],
    &["ejaz", "ijaz", "aijaz", "ejaaz"],
    &["zia", "ziya", "ziaa"],
    &["haq", "haque", "huq", "hak"],
    &["sheikh", "shaikh", "shaykh", "shiekh", "sh"],
    &["syed", "sayed", "sayyid", "sayyed", "saiyed", "sayid"],
    &["bibi", "bi", "beebi"],
    &["mst", "mosammat", "musammat", "mussammat", "mstt"],
    &["abdullah", "abdulla", "abdallah"],
    &["ghulam", "gulam", "golam", "gholam"],
    &["rasool", "rasul", "rasoul"],
    &["aisha", "ayesha", "aysha", "ayisha", "aesha"],
    &["zainab", "zaynab", "zenab", "zeynab"],
    &["fatima", "fatimah", "fatema", "fatma"],
    &["younis", "yunus", "younas", "yonus", "yunis"],
    &["yaqoob", "yakub", "yaqub", "yaqoub", "yakoob", "yaqob"],
    &["ayub", "ayoub", "ayyub", "ayoob"],
    &["ilyas", "elias", "ilias", "ilyaas"],
    &["ismail", "ismael", "esmail"],
    &["ibrahim", "ebrahim", "ibraheem"],
    &["riaz", "riyaz", "riyaaz"],
    &["daud", "dawood", "dawud", "daood", "dawud"],
    &["shafiq", "shafique", "shafeeq"],
    &["rafiq", "rafique", "rafeeq"],
    &["sadiq", "sadique", "sadeeq"],
    &["farooq", "farook", "faruq", "farouk", "farooque"],
    &["tariq", "tarik", "tareq"],
    &["mian", "miyan", "meean"],
    &["qazi", "kazi", "qadhi"],
    &["maulana", "molana", "moulana"],
    &["khawaja", "khwaja", "khwaj", "khaja"],
    &["noor", "nur", "noer"],
    &["din", "deen"],
    &["ullah", "ulla", "allah"],
];

/// Urdu spellings of names of the families above, each with one Latin member of its family.
const URDU_FAMILIES: &[(&str, &str)] = &[
    ("محمد", "muhammad"),
    ("چوہدری", "chaudhry"),
    ("چودھری", "chaudhry"),
    ("حسن", "hassan"),
    ("حسین", "hussain"),
    ("خان", "khan"),
    ("علی", "ali"),
    ("رحمان", "rehman"),
    ("رحمن", "rehman"),
    ("اقبال", "iqbal"),
    ("قاسم", "qasim"),
    ("احمد", "ahmad"),
    ("محمود", "mehmood"),
    ("عثمان", "usman"),
    ("عمر", "umar"),
    ("یوسف", "yousaf"),
    ("اعجاز", "ejaz"),
    ("شیخ", "sheikh"),
    ("سید", "syed"),
    ("غلام", "ghulam"),
    ("رسول", "rasool"),
    ("عائشہ", "aisha"),
    ("زینب", "zainab"),
    ("فاطمہ", "fatima"),
    ("یونس", "younis"),
    ("یعقوب", "yaqoob"),
    ("ایوب", "ayub"),
    ("الیاس", "ilyas"),
    ("اسماعیل", "ismail"),
    ("ابراہیم", "ibrahim"),
    ("ریاض", "riaz"),
    ("فاروق", "farooq"),
    ("طارق", "tariq"),
    ("نور", "noor"),
    ("دین", "din"),
    ("اللہ", "ullah"),
];

/// Particles joined to their neighbours: "Zia-ul-Haq" = "Zia ul Haq" = "Ziaulhaq".
const PARTICLES: &[&str] = &["ul", "ud", "ur", "us", "un", "ut", "uz", "ush", "uh", "e"];

/// Prefixes joined to the next token: "Abdul Rehman" = "Abdulrehman".
const JOIN_NEXT: &[&str] = &[
    "abdul", "abdur", "abdus", "abd", "abdal", "abdel", "abdu", "عبد",
];

/// Common Pakistani names, one spelling each (see the file's header).
static KNOWN_NAMES: &str = include_str!("../data/known_names.txt");

struct Tables {
    titles: FxHashMap<&'static str, ()>,
    common: FxHashMap<&'static str, ()>,
    known: FxHashMap<&'static str, ()>,
    family: FxHashMap<&'static str, u16>,
    canonical: Vec<&'static str>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut family = FxHashMap::default();
        let mut canonical = vec![""];
        for (i, fam) in FAMILIES.iter().enumerate() {
            let id = (i + 1) as u16;
            canonical.push(fam[0]);
            for s in fam.iter() {
                family.entry(*s).or_insert(id);
            }
        }
        for (urdu, latin) in URDU_FAMILIES {
            if let Some(&id) = family.get(latin) {
                family.insert(urdu, id);
            }
        }
        Tables {
            titles: TITLES.iter().map(|s| (*s, ())).collect(),
            common: COMMON.iter().map(|s| (*s, ())).collect(),
            known: KNOWN_NAMES
                .lines()
                .filter(|l| !l.starts_with('#'))
                .flat_map(str::split_whitespace)
                .map(|s| (s, ()))
                .collect(),
            family,
            canonical,
        }
    })
}

/// True for letters of the Arabic script blocks (Arabic, Arabic Supplement, presentation forms).
pub fn is_arabic_char(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

fn is_latin(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// Unicode folding: NFKD, combining marks removed (Latin accents, Arabic short vowels), lower
/// case, a few Latin letters without decompositions mapped to ASCII, Arabic letter variants
/// mapped to their Urdu forms.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if is_combining_mark(c) || c == '\u{0640}' || c == '\u{200c}' || c == '\u{200d}' {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ø' | 'Ø' => out.push('o'),
            'ı' => out.push('i'),
            'đ' | 'Đ' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'œ' | 'Œ' => out.push_str("oe"),
            '’' | '‘' | '`' | 'ʼ' | 'ʻ' | '´' => out.push('\''),
            _ if is_arabic_char(c) => out.push(urdu::unify_letter(c)),
            // Other scripts (Cyrillic, Greek, Armenian, Devanagari, Han…): transliterated to
            // ASCII so that they can at least meet their Latin spellings.
            _ if !c.is_ascii() && c.is_alphabetic() && !is_latin(c) => {
                let t = deunicode::deunicode_char(c).unwrap_or("");
                out.extend(t.chars().flat_map(char::to_lowercase));
            }
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn is_relation_word(w: &str) -> bool {
    matches!(
        w,
        "s/o"
            | "d/o"
            | "w/o"
            | "s\\o"
            | "d\\o"
            | "w\\o"
            | "s/0"
            | "d/0"
            | "w/0"
            | "so/"
            | "bin"
            | "binte"
            | "bint"
            | "binti"
            | "walad"
            | "wald"
            | "ولد"
            | "بنت"
            | "زوجہ"
            | "بن"
            | "دختر"
            | "زوجه"
    )
}

/// Splits a name into words (still containing hyphens and dots), recognising relation markers.
/// Returns `(own words, father words)`.
fn split_relation(folded: &str) -> (Vec<String>, Vec<String>) {
    let words: Vec<String> = folded
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '"' | ':' | '|'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_string())
        .collect();
    let n = words.len();
    let mut i = 0;
    while i < n {
        let w = words[i].trim_end_matches('.');
        let two =
            i + 1 < n && matches!(w, "son" | "daughter" | "wife" | "widow") && words[i + 1] == "of";
        if two {
            return (words[..i].to_vec(), words[i + 2..].to_vec());
        }
        // "s/o" may also arrive as "s", "/", "o" or "s/", "o"; only the plain forms are handled
        // here, plus "s/o." and "s/o:".
        if i > 0 && is_relation_word(w) {
            return (words[..i].to_vec(), words[i + 1..].to_vec());
        }
        // "S/O" glued to the next word: "s/oghulam".
        if i > 0 {
            for m in ["s/o", "d/o", "w/o"] {
                if let Some(rest) = w.strip_prefix(m) {
                    if !rest.is_empty() {
                        let mut father = vec![rest.to_string()];
                        father.extend_from_slice(&words[i + 1..]);
                        return (words[..i].to_vec(), father);
                    }
                }
            }
        }
        i += 1;
    }
    (words, Vec::new())
}

/// Turns words into raw token strings: splits on hyphens, dots and other punctuation, drops
/// apostrophes inside words, joins particles and `abdul`-type prefixes.
fn raw_tokens(words: &[String]) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for w in words {
        for p in w.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
            let p: String = p
                .chars()
                .filter(|c| *c != '\'' && !c.is_ascii_digit())
                .collect();
            if !p.is_empty() {
                pieces.push(p);
            }
        }
    }
    // Join particles with both neighbours.
    let mut joined: Vec<String> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let p = &pieces[i];
        if PARTICLES.contains(&p.as_str()) && !joined.is_empty() && i + 1 < pieces.len() {
            let prev = joined.pop().unwrap_or_default();
            joined.push(format!("{prev}{p}{}", pieces[i + 1]));
            i += 2;
            continue;
        }
        joined.push(p.clone());
        i += 1;
    }
    // Join "abdul X" and "abd al X".
    let mut out: Vec<String> = Vec::with_capacity(joined.len());
    let mut i = 0;
    while i < joined.len() {
        let t = &joined[i];
        if JOIN_NEXT.contains(&t.as_str()) && i + 1 < joined.len() {
            let mut s = t.clone();
            let mut j = i + 1;
            if matches!(joined[j].as_str(), "al" | "el" | "ul" | "ur" | "us" | "ال")
                && j + 1 < joined.len()
            {
                s.push_str(&joined[j]);
                j += 1;
            }
            s.push_str(&joined[j]);
            out.push(s);
            i = j + 1;
            continue;
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

/// Builds the comparison token for one raw token string.
pub fn make_token(raw: &str) -> Token {
    let t = tables();
    let arabic = raw.chars().any(is_arabic_char);
    let family = t.family.get(raw).copied().unwrap_or(0);
    let base: &str = if family != 0 {
        t.canonical[family as usize]
    } else {
        raw
    };
    let (phon, skel) = if arabic {
        (String::new(), urdu::skeleton(raw))
    } else {
        let p = phonetic(base);
        let s = skeleton_from_phon(&p);
        (p, s)
    };
    let kind = if t.titles.contains_key(raw) {
        TokenKind::Weak
    } else if raw.chars().count() == 1 && family == 0 {
        TokenKind::Initial
    } else if t.common.contains_key(base) {
        TokenKind::Common
    } else {
        TokenKind::Normal
    };
    let mut groups: Vec<u32> = urdu::groups_of(raw).to_vec();
    if family != 0 && base != raw {
        groups.extend_from_slice(urdu::groups_of(base));
    }
    groups.sort_unstable();
    groups.dedup();
    let letters = crate::edit::consonant_mask(raw);
    let sound_letters = crate::edit::consonant_mask(&phon);
    let ikey = if family != 0 {
        format!("#{family}")
    } else {
        skel.clone()
    };
    Token {
        text: raw.into(),
        arabic,
        phon: phon.into(),
        skel: skel.into(),
        family,
        ikey: ikey.into(),
        groups: groups.into_boxed_slice(),
        kind,
        weight: crate::score::base_weight(kind),
        known: family != 0
            || t.common.contains_key(raw)
            || t.known.contains_key(raw)
            || t.known.contains_key(base),
        letters,
        sound_letters,
        key: spelling_key(raw),
    }
}

fn spelling_key(raw: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    raw.hash(&mut h);
    h.finish() & !1
}

/// Tokenises a bare name (no relation split): used for the father column.
pub fn tokens(name: &str) -> Vec<Token> {
    let folded = fold(name);
    let words: Vec<String> = folded.split_whitespace().map(|s| s.to_string()).collect();
    raw_tokens(&words).iter().map(|r| make_token(r)).collect()
}

/// Parses a full name, separating the father's/husband's name after `s/o`, `d/o`, `w/o`,
/// `son of`, `bin`, `binte`, `ولد`…; `father` (the separate column, may be empty) is used when
/// present and the name itself carries none.
pub fn parse_name(full_name: &str, father: &str) -> NameParts {
    let folded = fold(full_name);
    let (own_w, fath_w) = split_relation(&folded);
    let own: Vec<Token> = raw_tokens(&own_w).iter().map(|r| make_token(r)).collect();
    let mut father_toks: Vec<Token> = raw_tokens(&fath_w).iter().map(|r| make_token(r)).collect();
    if !father.trim().is_empty() {
        let f = tokens(father);
        if !f.is_empty() {
            father_toks = f;
        }
    }
    NameParts {
        own,
        father: father_toks,
    }
}

/// The canonical spelling of a token's family, if it has one.
pub fn family_name(id: u16) -> Option<&'static str> {
    if id == 0 {
        None
    } else {
        tables().canonical.get(id as usize).copied()
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Phonetic key for a Latin-script token, tuned to romanised South Asian names: digraphs
/// folded (`kh`→x, `sh`→$, `ph`→f, `th`/`dh`/`bh`/`gh` lose the `h`), `q`→k, `v`→w, `c`→k,
/// vowel runs reduced to three classes (a, i, u), doubled letters collapsed, a final `h` after a
/// vowel dropped.
pub fn phonetic(s: &str) -> String {
    let b: Vec<u8> = s
        .bytes()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut cons: Vec<u8> = Vec::with_capacity(b.len());
    // First pass: consonant digraphs; vowels passed through.
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let two = |x: u8| next == Some(x);
        let out: &[u8] = match c {
            b's' if two(b'h') => {
                i += 1;
                b"$"
            }
            b's' if two(b'c') && b.get(i + 2) == Some(&b'h') => {
                i += 2;
                b"$"
            }
            b'k' if two(b'h') => {
                i += 1;
                b"x"
            }
            b'c' if two(b'h') => {
                i += 1;
                b"c"
            }
            b'p' if two(b'h') => {
                i += 1;
                b"f"
            }
            b't' | b'd' | b'b' | b'g' | b'j' | b'r' if two(b'h') => {
                i += 1;
                std::slice::from_ref(&b[i - 1])
            }
            b'c' if two(b'k') || two(b'q') => {
                i += 1;
                b"k"
            }
            b'q' if two(b'u') && b.get(i + 2) == Some(&b'e') && i + 3 == b.len() => {
                i += 2;
                b"k"
            }
            b'q' | b'c' => b"k",
            b'v' => b"w",
            b'x' => b"ks",
            b'y' => {
                // A 'y' at the start or before a vowel is a consonant (Yasir, Fayyaz, Ilyas).
                let mut j = i + 1;
                while j < b.len() && b[j] == b'y' {
                    j += 1;
                }
                if i == 0 || (j < b.len() && matches!(b[j], b'a' | b'e' | b'i' | b'o' | b'u')) {
                    i = j - 1;
                    b"Y"
                } else {
                    b"y"
                }
            }
            _ => std::slice::from_ref(&b[i]),
        };
        cons.extend_from_slice(out);
        i += 1;
    }
    // Second pass: vowel runs.
    let mut out = String::with_capacity(cons.len());
    let n = cons.len();
    let mut i = 0;
    while i < n {
        let c = cons[i];
        if is_vowel(c) {
            let start = i;
            while i < n && is_vowel(cons[i]) {
                i += 1;
            }
            let run = &cons[start..i];
            let at_start = start == 0;
            let at_end = i == n;
            // A 'y' that starts the word or sits before a vowel is a consonant.
            if run[0] == b'y' && (at_start || run.len() > 1) {
                out.push('y');
                if run.len() > 1 {
                    out.push(vowel_class(&run[1..], false, at_end));
                }
                continue;
            }
            // "ia" → "iya" (Riaz = Riyaz).
            if run == b"ia" || run == b"iya" {
                out.push('i');
                out.push('y');
                out.push('a');
                continue;
            }
            // A short 'e' in a closed final syllable is usually a long i written short
            // (Javed = Javaid, Khaled = Khalid), except before r (Akhter = Akhtar).
            if run == b"e" && !at_start && i + 1 == n && cons[i] != b'r' {
                out.push('i');
                continue;
            }
            out.push(vowel_class(run, at_start, at_end));
        } else {
            out.push(c as char);
            i += 1;
        }
    }
    // Collapse doubles and drop a final 'h' after a vowel.
    let mut res = String::with_capacity(out.len());
    let mut prev = '\0';
    for c in out.chars() {
        if c != prev {
            res.push(c);
        }
        prev = c;
    }
    let mut res = res.replace('Y', "y");
    if res.len() > 2 && res.ends_with('h') {
        let before = res.as_bytes()[res.len() - 2];
        if matches!(before, b'a' | b'i' | b'u') {
            res.pop();
        }
    }
    res
}

fn vowel_class(run: &[u8], at_start: bool, at_end: bool) -> char {
    let has = |x: u8| run.contains(&x);
    if run == b"e" {
        return if at_start || at_end { 'i' } else { 'a' };
    }
    if run.len() == 1 {
        return match run[0] {
            b'a' => 'a',
            b'i' | b'y' => 'i',
            b'o' | b'u' => 'u',
            _ => 'a',
        };
    }
    if run.iter().all(|&c| c == b'a') {
        return 'a';
    }
    if has(b'o') || has(b'u') || (has(b'w') && !at_end) {
        return 'u';
    }
    if has(b'i') || has(b'y') || run == b"ee" || run == b"ea" || run == b"ae" {
        return 'i';
    }
    if at_end {
        'a'
    } else {
        'i'
    }
}

/// Consonant skeleton from a phonetic key: vowels dropped except a leading vowel (kept as `a`),
/// `$`→s, `x`→k, doubled letters collapsed. Comparable with the Urdu skeleton.
pub fn skeleton_from_phon(p: &str) -> String {
    let mut s = String::with_capacity(p.len());
    let mut prev = '\0';
    for (i, c) in p.chars().enumerate() {
        let m = match c {
            'a' | 'i' | 'u' | 'e' | 'o' => {
                if i == 0 {
                    'a'
                } else {
                    prev = '\0';
                    continue;
                }
            }
            // A medial y is dropped: romanisations add and drop it freely (Riaz / Riyaz).
            'y' if i > 0 => {
                continue;
            }
            '$' => 's',
            'x' => 'k',
            'w' => 'w',
            _ => c,
        };
        if m != prev {
            s.push(m);
        }
        prev = m;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ph(s: &str) -> String {
        phonetic(s)
    }

    #[test]
    fn spelling_variants_share_phonetic_key() {
        for (a, b) in [
            ("waseem", "wasim"),
            ("farooq", "farook"),
            ("rehman", "rahman"),
            ("hussain", "hussein"),
            ("hussain", "husain"),
            ("javed", "javaid"),
            ("riaz", "riyaz"),
            ("qasim", "kasim"),
            ("iqbal", "ikbal"),
            ("shafique", "shafiq"),
            ("usman", "osman"),
            ("khan", "khaan"),
        ] {
            assert_eq!(ph(a), ph(b), "{a} vs {b}");
        }
        assert_ne!(ph("hassan"), ph("hussain"));
        assert_ne!(ph("asif"), ph("arif"));
    }

    #[test]
    fn relation_markers_split_father() {
        let n = parse_name("Muhammad Asif s/o Ghulam Rasool", "");
        assert_eq!(n.own.len(), 2);
        assert_eq!(n.father.len(), 2);
        let n = parse_name("Fatima d/o Abdul Karim", "");
        assert_eq!(n.own.len(), 1);
        assert_eq!(n.father.len(), 1, "abdul joins karim");
        let n = parse_name("Ali son of Akbar", "");
        assert_eq!(n.father.len(), 1);
        let n = parse_name("Mohammed bin Salman", "");
        assert_eq!(n.father[0].text.as_ref(), "salman");
        let n = parse_name("Amna binte Tariq", "");
        assert_eq!(n.father[0].text.as_ref(), "tariq");
        let n = parse_name("Shazia w/o Naveed Akhtar", "");
        assert_eq!(n.father.len(), 2);
        let n = parse_name("محمد آصف ولد غلام رسول", "");
        assert_eq!(n.own.len(), 2);
        assert_eq!(n.father.len(), 2);
    }

    #[test]
    fn particles_join() {
        let a = parse_name("Zia-ul-Haq", "");
        let b = parse_name("Zia ul Haq", "");
        let c = parse_name("Ziaulhaq", "");
        assert_eq!(a.own.len(), 1);
        assert_eq!(a.own[0].text, b.own[0].text);
        assert_eq!(a.own[0].text, c.own[0].text);
        let d = parse_name("Abdul Rehman", "");
        let e = parse_name("Abdulrehman", "");
        assert_eq!(d.own[0].text, e.own[0].text);
    }

    #[test]
    fn titles_are_weak_not_dropped() {
        let n = parse_name("Haji Mst. Bibi Dr Ch. Rasheed", "");
        let kinds: Vec<TokenKind> = n.own.iter().map(|t| t.kind).collect();
        assert_eq!(n.own.len(), 6);
        assert_eq!(kinds[0], TokenKind::Weak);
        assert_eq!(kinds[5], TokenKind::Normal);
    }

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("MUḤAMMAD Āsif"), "muhammad asif");
        assert_eq!(fold("ﻣﺤﻤﺪ"), "محمد"); // presentation forms → letters
    }

    #[test]
    fn families_canonicalise() {
        let a = make_token("mohd");
        let b = make_token("muhammad");
        assert_eq!(a.family, b.family);
        assert_eq!(a.skel, b.skel);
        let c = make_token("ch");
        assert_eq!(c.family, make_token("chaudhry").family);
    }
}
