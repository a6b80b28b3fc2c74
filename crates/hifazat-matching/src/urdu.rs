//! Urdu/Arabic script: letter unification, a rule-based transliteration to a Latin consonant
//! skeleton, and the embedded table of Latin ↔ Arabic-script name groups.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Maps Arabic letter variants to the Urdu letter (ي/ى→ی, ك→ک, ه/ة→ہ, Arabic-Indic digits →
/// ASCII, أ/إ/ٱ→ا) so that Arabic and Urdu spellings of a name compare equal.
pub fn unify_letter(c: char) -> char {
    match c {
        'ي' | 'ى' | 'ې' | 'ۍ' => 'ی',
        'ك' => 'ک',
        'ه' | 'ة' | 'ۀ' | 'ۂ' | 'ۃ' => 'ہ',
        'أ' | 'إ' | 'ٱ' | 'آ' => 'ا',
        'ؤ' => 'و',
        'ۓ' => 'ے',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        _ => c,
    }
}

fn is_long_vowel_letter(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ی' | 'ے')
}

/// Rule-based transliteration of an Arabic-script word (after [`unify_letter`]) to the same
/// consonant skeleton that [`crate::names::skeleton_from_phon`] makes from Latin spellings:
/// a leading alif or ain becomes `a`; و and ی are consonants (w, y) at the start of a word or
/// before a vowel letter, vowels (dropped) otherwise; ہ at the end of a word is a vowel;
/// do-chashmi ھ (aspiration) and hamza are dropped; ث/ص→s, ذ/ض/ظ→z, ط/ٹ→t, خ→k, غ→g, ق→k, ش→s.
pub fn skeleton(word: &str) -> String {
    let cs: Vec<char> = word.chars().collect();
    let n = cs.len();
    let mut out = String::with_capacity(n);
    let mut prev: char = '\0';
    for (i, &c) in cs.iter().enumerate() {
        let next = cs.get(i + 1).copied();
        let before = if i > 0 { Some(cs[i - 1]) } else { None };
        let m: Option<char> = match c {
            'ا' | 'ع' => {
                if i == 0 {
                    Some('a')
                } else {
                    None
                }
            }
            'ب' => Some('b'),
            'پ' => Some('p'),
            'ت' | 'ٹ' | 'ط' => Some('t'),
            'ث' | 'س' | 'ص' | 'ش' => Some('s'),
            'ج' => Some('j'),
            'چ' => Some('c'),
            'ح' => Some('h'),
            'خ' | 'ک' | 'ق' => Some('k'),
            'د' | 'ڈ' => Some('d'),
            'ذ' | 'ز' | 'ژ' | 'ض' | 'ظ' => Some('z'),
            'ر' | 'ڑ' => Some('r'),
            'غ' | 'گ' => Some('g'),
            'ف' => Some('f'),
            'ل' => Some('l'),
            'م' => Some('m'),
            'ن' | 'ں' => Some('n'),
            'و' => {
                let consonant = i == 0
                    || next.is_some_and(|x| matches!(x, 'ا' | 'ی' | 'ے'))
                    || before.is_some_and(|b| b == 'ا');
                if consonant && (i == 0 || next.is_none_or(|x| x != 'و')) {
                    Some('w')
                } else {
                    None
                }
            }
            'ی' => {
                // Only a leading ی is kept (as y); a medial one is dropped like a Latin medial y.
                if i == 0 {
                    Some('y')
                } else {
                    None
                }
            }
            'ے' => None,
            'ہ' => {
                if i + 1 == n && i > 0 {
                    None
                } else {
                    Some('h')
                }
            }
            'ھ' | 'ء' | 'ئ' => None,
            _ if c.is_alphanumeric() && !super::names::is_arabic_char(c) => Some(c),
            _ => None,
        };
        if i == 0 && m.is_none() && is_long_vowel_letter(c) {
            out.push('a');
            prev = 'a';
            continue;
        }
        if let Some(m) = m {
            if m != prev {
                out.push(m);
            }
            prev = m;
        } else {
            prev = '\0';
        }
    }
    out
}

struct NameTable {
    /// Folded form (Latin or Arabic script) → group ids.
    groups: FxHashMap<Box<str>, Vec<u32>>,
    /// Group id → Latin spellings of the group.
    #[allow(dead_code)]
    latin: Vec<Vec<Box<str>>>,
    /// Group id → distinct skeletons of all spellings of the group (both scripts).
    skels: Vec<Vec<Box<str>>>,
}

static DATA: &str = include_str!("../data/names_latin_arabic.txt");

fn table() -> &'static NameTable {
    static T: OnceLock<NameTable> = OnceLock::new();
    T.get_or_init(|| {
        let mut groups: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
        let mut latin = Vec::new();
        let mut skels = Vec::new();
        for (gid, line) in DATA.lines().enumerate() {
            let mut lat = Vec::new();
            let mut sk: Vec<Box<str>> = Vec::new();
            for form in line.split(',') {
                let f = super::names::fold(form.trim());
                let f: String = f
                    .chars()
                    .filter(|c| !matches!(c, '\'' | '-' | ' '))
                    .collect();
                if f.is_empty() {
                    continue;
                }
                let skel = if f.chars().any(super::names::is_arabic_char) {
                    skeleton(&f)
                } else {
                    lat.push(f.clone().into_boxed_str());
                    super::names::skeleton_from_phon(&super::names::phonetic(&f))
                };
                if !skel.is_empty() && !sk.iter().any(|x| **x == *skel) {
                    sk.push(skel.into_boxed_str());
                }
                let v = groups.entry(f.into_boxed_str()).or_default();
                if v.last() != Some(&(gid as u32)) {
                    v.push(gid as u32);
                }
            }
            latin.push(lat);
            skels.push(sk);
        }
        NameTable {
            groups,
            latin,
            skels,
        }
    })
}

/// Group ids of the embedded name table that contain this folded spelling.
pub fn groups_of(form: &str) -> &'static [u32] {
    table()
        .groups
        .get(form)
        .map(|v| v.as_slice())
        .unwrap_or(&[])
}

/// Distinct consonant skeletons of all spellings of a group.
pub fn group_skeletons(group: u32) -> &'static [Box<str>] {
    table()
        .skels
        .get(group as usize)
        .map(|v| v.as_slice())
        .unwrap_or(&[])
}

/// Latin spellings of a group of the embedded name table.
#[allow(dead_code)]
pub fn latin_forms(group: u32) -> &'static [Box<str>] {
    table()
        .latin
        .get(group as usize)
        .map(|v| v.as_slice())
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{fold, phonetic, skeleton_from_phon};

    fn lat(s: &str) -> String {
        skeleton_from_phon(&phonetic(s))
    }
    fn ur(s: &str) -> String {
        skeleton(&fold(s))
    }

    #[test]
    fn urdu_skeleton_meets_latin_skeleton() {
        for (u, l) in [
            ("محمد", "muhammad"),
            ("آصف", "asif"),
            ("احمد", "ahmed"),
            ("عثمان", "usman"),
            ("وسیم", "waseem"),
            ("جاوید", "javed"),
            ("ریاض", "riaz"),
            ("خان", "khan"),
            ("حسین", "hussain"),
            ("شاہ", "shah"),
            ("رحمان", "rehman"),
            ("نواز", "nawaz"),
            ("عمران", "imran"),
            ("یاسر", "yasir"),
            ("اعجاز", "ejaz"),
            ("محمود", "mahmood"),
            ("داؤد", "dawood"),
            ("عائشہ", "ayesha"),
        ] {
            assert_eq!(ur(u), lat(l), "{u} vs {l}");
        }
    }

    #[test]
    fn table_links_scripts() {
        let g1 = groups_of("asif");
        let g2 = groups_of(&fold("آصف"));
        assert!(g1.iter().any(|g| g2.contains(g)));
    }
}
