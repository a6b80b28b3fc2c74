//! The scorer: token alignment of names (order-insensitive), father's name, date of birth and
//! identifiers combined into one score in 0..1 with a written explanation.

use std::fmt::Write as _;

use crate::ident::{Cnic, DateMatch, PartialDate};
use crate::names::{self, NameParts, Token, TokenKind};
use crate::Record;

/// How two name tokens matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMatch {
    /// Same normalised spelling.
    Exact,
    /// A known spelling variant, or the same phonetic key (Mohd / Muhammad, Rehman / Rahman).
    Variant,
    /// Across scripts: an Urdu/Arabic spelling and a Latin one.
    Translit,
    /// Close spelling, probably a typing error.
    Typo,
    /// An initial against a full name ("M." and "Maryam").
    Initial,
    /// One side writes as one word what the other writes as two.
    Joined,
}

impl TokenMatch {
    fn label(self) -> &'static str {
        match self {
            TokenMatch::Exact => "exact",
            TokenMatch::Variant => "variant",
            TokenMatch::Translit => "transliteration",
            TokenMatch::Typo => "typo",
            TokenMatch::Initial => "initial",
            TokenMatch::Joined => "joined",
        }
    }
}

/// A record prepared for comparison (parsed name, keys, identifiers).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(crate) name: NameParts,
    pub(crate) dob: Option<PartialDate>,
    pub(crate) cnic: Option<Cnic>,
    pub(crate) passport: Option<Box<str>>,
    pub(crate) nationality: Option<Box<str>>,
    pub(crate) joined: Box<str>,
}

impl Prepared {
    /// Parses and normalises a record.
    pub fn new(r: &Record) -> Prepared {
        let name = names::parse_name(&r.full_name, &r.father_name);
        let joined: String = name
            .own
            .iter()
            .filter(|t| t.kind != TokenKind::Weak)
            .map(|t| if t.arabic { &*t.skel } else { &*t.phon })
            .collect();
        let nat = names::fold(r.nationality.trim());
        Prepared {
            name,
            dob: r.date_of_birth,
            cnic: r.cnic,
            passport: r
                .passport
                .as_deref()
                .map(crate::ident::passport_key)
                .filter(|p| !p.is_empty())
                .map(String::into_boxed_str),
            nationality: if nat.is_empty() {
                None
            } else {
                Some(nat.into_boxed_str())
            },
            joined: joined.into_boxed_str(),
        }
    }
}

fn intersects(a: &[u32], b: &[u32]) -> bool {
    // Both sorted.
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Similarity of two name tokens in 0..1 and how they matched.
pub fn token_similarity(a: &Token, b: &Token) -> (f32, TokenMatch) {
    if a.text == b.text {
        return (1.0, TokenMatch::Exact);
    }
    if a.family != 0 && a.family == b.family {
        let s = if a.text.len() == 1 || b.text.len() == 1 {
            0.85
        } else {
            0.97
        };
        return (s, TokenMatch::Variant);
    }
    let shared_group = intersects(&a.groups, &b.groups);
    if a.arabic || b.arabic {
        if shared_group {
            return (0.95, TokenMatch::Translit);
        }
        if a.skel == b.skel && !a.skel.is_empty() {
            let s = if a.skel.len() >= 3 { 0.92 } else { 0.85 };
            return (s, TokenMatch::Translit);
        }
        let (x, y): (&str, &str) = if a.arabic && b.arabic {
            (&a.text, &b.text)
        } else {
            (&a.skel, &b.skel)
        };
        let l = char_len(x).max(char_len(y));
        if l >= 4 && osa(x, y) == 1 {
            return (0.72, TokenMatch::Typo);
        }
        return (0.0, TokenMatch::Typo);
    }
    if a.phon == b.phon && !a.phon.is_empty() {
        return (0.96, TokenMatch::Variant);
    }
    // Name groups from Wikidata are broad (one holds both Mehmood and Muhammad): a group
    // counts for two Latin spellings only when they are also close in sound.
    if shared_group && osa(&a.phon, &b.phon) <= (a.phon.len().max(b.phon.len()) / 3).max(1) {
        return (0.94, TokenMatch::Variant);
    }
    // Same consonants, vowels written differently (Nida / Neda, Malik / Malak, Jabir / Jaber),
    // unless both are known, different names (Hassan / Hussain), or one is the feminine of the
    // other (Tahir / Tahira).
    if a.skel == b.skel
        && a.skel.len() >= 2
        && !(a.family != 0 && b.family != 0)
        && a.phon.as_bytes().first() == b.phon.as_bytes().first()
        && ends_in_vowel(&a.phon) == ends_in_vowel(&b.phon)
        && a.kind != TokenKind::Initial
        && b.kind != TokenKind::Initial
    {
        return (0.84, TokenMatch::Variant);
    }
    if a.kind == TokenKind::Initial || b.kind == TokenKind::Initial {
        if a.text.chars().next() == b.text.chars().next() {
            return (0.6, TokenMatch::Initial);
        }
        return (0.0, TokenMatch::Initial);
    }
    let l = a.text.len().max(b.text.len());
    let allowed = match l {
        0..=3 => 0,
        4..=7 => 1,
        8..=11 => 2,
        _ => 3,
    };
    if allowed == 0 || a.text.len().abs_diff(b.text.len()) > allowed {
        return (0.0, TokenMatch::Typo);
    }
    // Each edit changes the presence of at most two letters.
    if (a.letters ^ b.letters).count_ones() as usize > 4 * allowed {
        return (0.0, TokenMatch::Typo);
    }
    if bag_distance(&a.phon, &b.phon) > allowed && bag_distance(&a.text, &b.text) > allowed {
        return (0.0, TokenMatch::Typo);
    }
    let d = osa(&a.text, &b.text).min(osa(&a.phon, &b.phon));
    if d > allowed {
        // A joined name against its own prefix ("Ziaulhaq" / "Zia").
        return (0.0, TokenMatch::Typo);
    }
    let mut sim = 0.9 - 0.6 * (d as f32 / l as f32);
    // Typing errors seldom hit the first letter.
    if a.phon.as_bytes().first() != b.phon.as_bytes().first() {
        sim *= 0.7;
    }
    // Two different, well-known names one letter apart (Asif / Arif) are two names, not a typo.
    if a.known && b.known {
        sim *= 0.5;
    }
    (sim, TokenMatch::Typo)
}

fn ends_in_vowel(p: &str) -> bool {
    matches!(p.as_bytes().last(), Some(b'a' | b'i' | b'u'))
}

/// One aligned pair of tokens.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    q: usize,
    e: usize,
    /// Second entry token for a [`TokenMatch::Joined`] match (or second query token when
    /// `joined_q`).
    e2: Option<usize>,
    joined_q: bool,
    sim: f32,
    kind: TokenMatch,
}

/// Result of aligning two token lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct Alignment {
    pairs: Vec<Pair>,
    pub(crate) score: f32,
    q_unmatched: Vec<usize>,
    e_unmatched: Vec<usize>,
    /// Matched pairs, counting 1 when neither token is a title and 0.5 otherwise.
    strong: f32,
}

const MIN_PAIR: f32 = 0.5;
/// A name match resting on a single name token ("Nadia" / "Nadia Bibi Sheikh") cannot alert by
/// itself: it needs the father's name, the date of birth or an identifier to agree.
const SINGLE_TOKEN_CAP: f32 = 0.75;
/// Factor applied when each name has a name token the other lacks.
const CONFLICTING_NAMES: f32 = 0.88;
const UNMATCHED_PENALTY: f32 = 0.45;
const MAX_TOKENS: usize = 8;

/// Aligns two token lists greedily by similarity, order-insensitive, and scores the alignment
/// as weighted matched similarity over matched weight plus a share of the unmatched weight.
pub(crate) fn align(q: &[&Token], e: &[&Token], wq: &[f32], we: &[f32]) -> Alignment {
    let nq = q.len().min(MAX_TOKENS);
    let ne = e.len().min(MAX_TOKENS);
    if nq == 0 || ne == 0 {
        return Alignment {
            pairs: Vec::new(),
            score: 0.0,
            q_unmatched: (0..nq).collect(),
            e_unmatched: (0..ne).collect(),
            strong: 0.0,
        };
    }
    let mut sims = [[(0.0f32, TokenMatch::Exact); MAX_TOKENS]; MAX_TOKENS];
    let mut cand: Vec<(f32, usize, usize)> = Vec::with_capacity(nq * ne);
    for i in 0..nq {
        for j in 0..ne {
            let s = token_similarity(q[i], e[j]);
            sims[i][j] = s;
            if s.0 >= MIN_PAIR {
                // Prefer heavier tokens on ties.
                cand.push((s.0 + 0.001 * (wq[i] + we[j]), i, j));
            }
        }
    }
    cand.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut qu = [false; MAX_TOKENS];
    let mut eu = [false; MAX_TOKENS];
    let mut pairs = Vec::with_capacity(nq.min(ne));
    for (_, i, j) in cand {
        if qu[i] || eu[j] {
            continue;
        }
        qu[i] = true;
        eu[j] = true;
        pairs.push(Pair {
            q: i,
            e: j,
            e2: None,
            joined_q: false,
            sim: sims[i][j].0,
            kind: sims[i][j].1,
        });
    }
    // One side writes as one word what the other writes as two adjacent words.
    joined_pass(q, e, &mut qu, &mut eu, &mut pairs, false);
    joined_pass(e, q, &mut eu, &mut qu, &mut pairs, true);

    let mut s = 0.0f32;
    let mut m = 0.0f32;
    for p in &pairs {
        let mut w = wq[p.q] + we[p.e];
        if let Some(x) = p.e2 {
            w += if p.joined_q { wq[x] } else { we[x] };
        }
        let w = w / 2.0;
        s += p.sim * w;
        m += w;
    }
    let q_unmatched: Vec<usize> = (0..nq).filter(|&i| !qu[i]).collect();
    let e_unmatched: Vec<usize> = (0..ne).filter(|&j| !eu[j]).collect();
    let u: f32 = q_unmatched.iter().map(|&i| wq[i]).sum::<f32>()
        + e_unmatched.iter().map(|&j| we[j]).sum::<f32>();
    let denom = m + UNMATCHED_PENALTY * u;
    let score = if denom > 0.0 { s / denom } else { 0.0 };
    let strong: f32 = pairs
        .iter()
        .map(|p| {
            if q[p.q].kind != TokenKind::Weak && e[p.e].kind != TokenKind::Weak {
                1.0
            } else {
                0.5
            }
        })
        .sum();
    Alignment {
        pairs,
        score,
        q_unmatched,
        e_unmatched,
        strong,
    }
}

fn joined_pass(
    a: &[&Token],
    b: &[&Token],
    au: &mut [bool],
    bu: &mut [bool],
    pairs: &mut Vec<Pair>,
    swapped: bool,
) {
    let na = a.len().min(MAX_TOKENS);
    let nb = b.len().min(MAX_TOKENS);
    for i in 0..na {
        if au[i] || a[i].arabic != b.first().map(|t| t.arabic).unwrap_or(false) {
            continue;
        }
        for j in 0..nb.saturating_sub(1) {
            if bu[j] || bu[j + 1] {
                continue;
            }
            let (x, y) = (&*b[j].text, &*b[j + 1].text);
            let t = &*a[i].text;
            let (sx, sy) = (&*b[j].skel, &*b[j + 1].skel);
            let sk = &*a[i].skel;
            let hit = (t.len() == x.len() + y.len() && t.starts_with(x) && t.ends_with(y))
                || (sk.len() >= 4
                    && sk.len() == sx.len() + sy.len()
                    && sk.starts_with(sx)
                    && sk.ends_with(sy))
                || (t.len() >= 7
                    && t.len().abs_diff(x.len() + y.len()) <= 1
                    && osa(t, &format!("{x}{y}")) == 1);
            if hit {
                au[i] = true;
                bu[j] = true;
                bu[j + 1] = true;
                let (q, e) = if swapped { (j, i) } else { (i, j) };
                pairs.push(Pair {
                    q,
                    e,
                    e2: Some(j + 1),
                    joined_q: swapped,
                    sim: 0.9,
                    kind: TokenMatch::Joined,
                });
                break;
            }
        }
    }
}

fn write_alignment(out: &mut String, a: &Alignment, q: &[&Token], e: &[&Token]) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let mut pairs = a.pairs.clone();
    pairs.sort_by_key(|p| if p.joined_q { p.e } else { p.q });
    for p in &pairs {
        sep(out);
        let (qs, es) = match (p.e2, p.joined_q) {
            (Some(x), false) => (
                q[p.q].text.to_string(),
                format!("{} {}", e[p.e].text, e[x].text),
            ),
            (Some(x), true) => (
                format!("{} {}", q[p.q].text, q[x].text),
                e[p.e].text.to_string(),
            ),
            _ => (q[p.q].text.to_string(), e[p.e].text.to_string()),
        };
        if p.kind == TokenMatch::Exact {
            let _ = write!(out, "{qs}={es}");
        } else {
            let _ = write!(out, "{qs}~{es} ({})", p.kind.label());
        }
    }
    for &i in &a.q_unmatched {
        sep(out);
        let _ = write!(out, "{} unmatched in query", q[i].text);
    }
    for &j in &a.e_unmatched {
        sep(out);
        let _ = write!(out, "{} unmatched in watchlist", e[j].text);
    }
}

/// Token weights: kind-based prior times an inverse-frequency factor supplied by the caller.
pub(crate) fn base_weight(kind: TokenKind) -> f32 {
    match kind {
        TokenKind::Normal => 1.0,
        TokenKind::Common => 0.45,
        TokenKind::Weak => 0.12,
        TokenKind::Initial => 0.3,
    }
}

/// Score of a comparison with its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Score in 0..1.
    pub score: f64,
    /// Which parts matched how, e.g.
    /// `name: muhammad~mohd (variant), asif=asif; father: ghulam=ghulam, rasool=rasool; cnic: exact`.
    pub explanation: String,
}

/// Compares a query with a watchlist entry, using the tokens' weights. The explanation is only written when `explain` is true.
pub(crate) fn score_prepared(q: &Prepared, e: &Prepared, explain: bool) -> Scored {
    score_prepared_min(q, e, explain, 0.0)
}

/// As [`score_prepared`], but may stop early and return a score below `min_score` (not the
/// exact score) as soon as an upper bound shows the pair cannot reach `min_score`.
pub(crate) fn score_prepared_min(
    q: &Prepared,
    e: &Prepared,
    explain: bool,
    min_score: f64,
) -> Scored {
    let qo: Vec<&Token> = q.name.own.iter().collect();
    let eo: Vec<&Token> = e.name.own.iter().collect();
    let wq: Vec<f32> = qo.iter().map(|t| t.weight).collect();
    let we: Vec<f32> = eo.iter().map(|t| t.weight).collect();
    let own = align(&qo, &eo, &wq, &we);
    let mut n = own.score;
    // Both names keep a name of their own that the other lacks (Ashraf Virk / Abbas Virk): a
    // sign of two people rather than one.
    let distinct = |v: &[&Token], idx: &[usize]| {
        idx.iter()
            .any(|&i| matches!(v[i].kind, TokenKind::Normal | TokenKind::Common))
    };
    if distinct(&qo, &own.q_unmatched) && distinct(&eo, &own.e_unmatched) {
        n *= CONFLICTING_NAMES;
    }
    if own.strong < 1.5 {
        n = n.min(SINGLE_TOKEN_CAP);
    }
    let mut expl = String::new();
    let q_has_f = !q.name.father.is_empty();
    let e_has_f = !e.name.father.is_empty();
    let mut used_combined = false;

    // Whole name written together on one side ("Gulmuhammad" / "Gul Muhammad").
    let mut joined_whole = false;
    let strong_count = |v: &[&Token]| v.iter().filter(|t| t.kind != TokenKind::Weak).count();
    if n < 0.9
        && q.joined.len() >= 5
        && strong_count(&qo) != strong_count(&eo)
        && q.joined == e.joined
    {
        n = 0.9;
        joined_whole = true;
    }

    // When only one side separates a father's name, the other may carry it inside the name
    // ("Mohammed bin Salman" / "Mohammed Salman").
    // Only when the side without a father's name has more name tokens than the other side's
    // own name, i.e. it may be carrying the father's name.
    let (q_own_n, e_own_n) = (q.name.own.len(), e.name.own.len());
    let plausible = (q_has_f && e_own_n > q_own_n) || (e_has_f && q_own_n > e_own_n);
    if min_score > 0.0 && !explain {
        let ids_meet = (q.cnic.is_some() && q.cnic == e.cnic)
            || (q.passport.is_some() && q.passport == e.passport)
            || q.cnic.zip(e.cnic).is_some_and(|(a, b)| a.distance(&b) == 1);
        let ub_n = if q_has_f != e_has_f && plausible {
            n.max(0.9)
        } else {
            n
        };
        let ub_f = if q_has_f && e_has_f {
            0.72 * ub_n + 0.28
        } else {
            ub_n
        };
        let ub = ub_f
            + if q.dob.is_some() && e.dob.is_some() {
                0.1
            } else {
                0.0
            };
        if !ids_meet && (ub as f64) < min_score {
            return Scored {
                score: 0.0,
                explanation: String::new(),
            };
        }
    }
    if q_has_f != e_has_f && n < 0.95 && plausible {
        let qa: Vec<&Token> = q.name.own.iter().chain(q.name.father.iter()).collect();
        let ea: Vec<&Token> = e.name.own.iter().chain(e.name.father.iter()).collect();
        let wqa: Vec<f32> = qa.iter().map(|t| t.weight).collect();
        let wea: Vec<f32> = ea.iter().map(|t| t.weight).collect();
        let all = align(&qa, &ea, &wqa, &wea);
        // Only when the person's own names meet: otherwise a father's name that happens to be
        // a watchlisted person's name would alert.
        let (nqo, neo) = (qo.len(), eo.len());
        let own_meets = all
            .pairs
            .iter()
            .any(|p| p.q < nqo && p.e < neo && p.e2.is_none());
        let alt = if !own_meets {
            0.0
        } else if all.strong < 1.5 {
            all.score.min(SINGLE_TOKEN_CAP)
        } else {
            all.score
        } * 0.9;
        if alt > n {
            n = alt;
            used_combined = true;
            if explain {
                expl.push_str("name+father: ");
                write_alignment(&mut expl, &all, &qa, &ea);
            }
        }
    }
    if !used_combined && explain {
        expl.push_str("name: ");
        if joined_whole {
            expl.push_str("written together; ");
        }
        write_alignment(&mut expl, &own, &qo, &eo);
    }

    let mut s = n;
    if q_has_f && e_has_f && !used_combined {
        let qf: Vec<&Token> = q.name.father.iter().collect();
        let ef: Vec<&Token> = e.name.father.iter().collect();
        let wqf: Vec<f32> = qf.iter().map(|t| t.weight).collect();
        let wef: Vec<f32> = ef.iter().map(|t| t.weight).collect();
        let f = align(&qf, &ef, &wqf, &wef);
        s = 0.72 * n + 0.28 * f.score;
        if f.score < 0.45 {
            s -= 0.12;
        }
        if explain {
            expl.push_str("; father: ");
            write_alignment(&mut expl, &f, &qf, &ef);
        }
    }

    if let (Some(a), Some(b)) = (q.dob, e.dob) {
        let m = a.compare(&b);
        let (delta, label) = match m {
            DateMatch::Exact => (0.10, "exact"),
            DateMatch::Partial => (0.02, "partial"),
            DateMatch::Swapped => (0.06, "day/month swapped"),
            DateMatch::Near => (-0.15, "close but different"),
            DateMatch::Conflict => (-0.25, "conflict"),
        };
        s += delta;
        if explain {
            let _ = write!(expl, "; dob: {label} ({a} vs {b})");
        }
    }

    let mut note = |s: &str| {
        if explain {
            expl.push_str(s);
        }
    };
    if let (Some(a), Some(b)) = (q.cnic, e.cnic) {
        if a == b {
            s = (s + 0.3).max(0.9 + 0.1 * n);
            note("; cnic: exact");
        } else if a.distance(&b) == 1 {
            s += 0.05;
            note("; cnic: one digit off");
        } else {
            s -= 0.3;
            note("; cnic: conflict");
        }
    }
    if let (Some(a), Some(b)) = (&q.passport, &e.passport) {
        if a == b {
            s = (s + 0.25).max(0.85 + 0.1 * n);
            note("; passport: exact");
        } else {
            s -= 0.05;
            note("; passport: different");
        }
    }
    if let (Some(a), Some(b)) = (&q.nationality, &e.nationality) {
        if a != b {
            s -= 0.05;
            if explain {
                let _ = write!(expl, "; nationality: different ({a} vs {b})");
            }
        }
    }
    Scored {
        score: (s.clamp(0.0, 1.0) as f64 * 1000.0).round() / 1000.0,
        explanation: expl,
    }
}

/// Compares two records without a watchlist index, with built-in token weights only (no
/// rarity information).
pub fn score_records(query: &Record, entry: &Record) -> Scored {
    let q = Prepared::new(query);
    let e = Prepared::new(entry);
    score_prepared(&q, &e, true)
}

/// Compares two names (each may contain `s/o …`) and returns the score in 0..1.
pub fn compare_names(a: &str, b: &str) -> f64 {
    score_records(&Record::new("a", a), &Record::new("b", b)).score
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions); a fast path for
/// short ASCII strings, `strsim` otherwise.
pub(crate) fn osa(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 31 || b.len() > 31 || !a.is_ascii() || !b.is_ascii() {
        return strsim::osa_distance(
            std::str::from_utf8(a).unwrap_or(""),
            std::str::from_utf8(b).unwrap_or(""),
        );
    }
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return n.max(m);
    }
    let mut prev2 = [0usize; 32];
    let mut prev: [usize; 32] = std::array::from_fn(|j| j);
    let mut cur = [0usize; 32];
    for i in 1..=n {
        cur[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        prev2 = prev;
        prev = cur;
    }
    prev[m]
}

/// Lower bound of the edit distance from letter counts (ASCII; 0 otherwise, i.e. no bound).
fn bag_distance(a: &str, b: &str) -> usize {
    let mut h = [0i16; 64];
    for &c in a.as_bytes() {
        h[(c & 63) as usize] += 1;
    }
    for &c in b.as_bytes() {
        h[(c & 63) as usize] -= 1;
    }
    let (mut pos, mut neg) = (0usize, 0usize);
    for v in h {
        if v > 0 {
            pos += v as usize;
        } else {
            neg += (-v) as usize;
        }
    }
    pos.max(neg)
}
