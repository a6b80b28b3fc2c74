//! A weighted edit distance for romanised names: the edits that romanisation makes freely
//! (vowels written differently, an `h` added or dropped, a doubled letter, `s`/`z`, `k`/`q`,
//! `w`/`v`) cost less than a different consonant. It is the Levenshtein distance with adjacent
//! transpositions (optimal string alignment) under these costs, in the spirit of Zobel and
//! Dart's Editex, with letter groups chosen for Urdu names written in Latin letters.

// Costs are in twentieths of an edit, so that the dynamic programme runs on small integers.
/// Cost of one substitution, insertion or deletion of an ordinary letter.
const HARD: u16 = 20;
const VOWEL_SUB: u16 = 6;
const SEMI_SUB: u16 = 7;
const NEAR_SUB: u16 = 9;
const VOWEL_INDEL: u16 = 8;
const H_INDEL: u16 = 8;
const SEMI_INDEL: u16 = 10;
const DOUBLE_INDEL: u16 = 4;
const TRANSPOSE: u16 = 16;
const UNIT: f32 = 20.0;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn is_semi(c: u8) -> bool {
    matches!(c, b'y' | b'w' | b'Y')
}

/// Letters that romanisations of one Urdu letter alternate between (`$` is `sh` and `x` is
/// `kh` in [`crate::names::phonetic`] keys).
fn near(a: u8, b: u8) -> bool {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    matches!(
        (a, b),
        (b'$', b's')
            | (b's', b'z')
            | (b'$', b'z')
            | (b'c', b'k')
            | (b'k', b'q')
            | (b'c', b's')
            | (b'v', b'w')
            | (b'f', b'p')
            | (b'k', b'x')
            | (b'h', b'x')
            | (b'j', b'z')
    )
}

fn sub_cost(a: u8, b: u8) -> u16 {
    if a == b {
        0
    } else if is_vowel(a) && is_vowel(b) {
        VOWEL_SUB
    } else if (is_vowel(a) && is_semi(b)) || (is_semi(a) && is_vowel(b)) {
        SEMI_SUB
    } else if near(a, b) {
        NEAR_SUB
    } else {
        HARD
    }
}

/// True when writing letter `b` where `a` was meant costs a full edit (not a romanisation
/// variant).
pub(crate) fn hard_substitution(a: u8, b: u8) -> bool {
    sub_cost(a, b) >= HARD
}

/// Cost of inserting or deleting `s[i]`.
fn indel_cost(s: &[u8], i: usize) -> u16 {
    let c = s[i];
    if (i > 0 && s[i - 1] == c) || s.get(i + 1) == Some(&c) {
        DOUBLE_INDEL
    } else if is_vowel(c) {
        VOWEL_INDEL
    } else if c == b'h' {
        H_INDEL
    } else if is_semi(c) {
        SEMI_INDEL
    } else {
        HARD
    }
}

/// The weighted distance (in edits) between two lower-case ASCII strings of at most 31
/// bytes, or `None` when it exceeds `limit` (or the strings are longer or not ASCII: the
/// caller falls back to another measure).
pub(crate) fn weighted_distance(a: &str, b: &str, limit: f32) -> Option<f32> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 31 || b.len() > 31 || !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let limit = (limit * UNIT).round() as u16;
    let (n, m) = (a.len(), b.len());
    let mut ca = [0u16; 32];
    let mut cb = [0u16; 32];
    for (i, c) in ca.iter_mut().enumerate().take(n) {
        *c = indel_cost(a, i);
    }
    for (j, c) in cb.iter_mut().enumerate().take(m) {
        *c = indel_cost(b, j);
    }
    // Rows i-2, i-1 and i of the table.
    let mut r2 = [0u16; 32];
    let mut r1 = [0u16; 32];
    let mut r0 = [0u16; 32];
    for j in 1..=m {
        r1[j] = r1[j - 1] + cb[j - 1];
    }
    for i in 1..=n {
        r0[0] = r1[0] + ca[i - 1];
        let mut row_min = r0[0];
        for j in 1..=m {
            let mut v = (r1[j] + ca[i - 1])
                .min(r0[j - 1] + cb[j - 1])
                .min(r1[j - 1] + sub_cost(a[i - 1], b[j - 1]));
            if i > 1
                && j > 1
                && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1]
                && a[i - 1] != a[i - 2]
            {
                v = v.min(r2[j - 2] + TRANSPOSE);
            }
            r0[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        r2 = r1;
        r1 = r0;
    }
    (r1[m] <= limit).then(|| r1[m] as f32 / UNIT)
}

/// Consonants present (bit per letter a–z), for a quick lower bound of the distance: each
/// hard edit changes the presence of at most two consonants.
pub(crate) fn consonant_mask(s: &str) -> u32 {
    s.bytes()
        .filter(|b| {
            b.is_ascii_lowercase() && !is_vowel(*b) && *b != b'h' && *b != b'y' && *b != b'w'
        })
        .fold(0u32, |m, b| m | 1 << (b - b'a'))
}

#[cfg(test)]
mod tests {
    use super::weighted_distance as wd;

    fn d(a: &str, b: &str) -> f32 {
        wd(a, b, 10.0).unwrap()
    }

    #[test]
    fn romanisation_edits_cost_less_than_other_letters() {
        assert_eq!(d("asif", "asif"), 0.0);
        assert!(d("saba", "seba") < 0.5);
        assert!(d("fayyaz", "fayyas") < 0.5);
        assert!(d("khattak", "kattek") < 1.0);
        assert!(d("naila", "naeele") < 1.0);
        // One different consonant costs a full edit.
        assert!(d("asif", "arif") >= 1.0);
        assert!(d("hina", "hiba") >= 1.0);
        // A transposition costs less than two substitutions.
        assert!(d("abid", "abdi") < 1.0);
        assert!(wd("محمد", "muhammad", 10.0).is_none());
        assert_eq!(wd("asif", "tariq", 1.0), None, "over the limit");
    }
}
