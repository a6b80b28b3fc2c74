//! The scorer: token alignment of names (order-insensitive), father's name, date of birth and
//! identifiers combined into one score in 0..1 with a written explanation.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::ident::{Cnic, DateMatch, PartialDate};
use crate::names::{self, NameParts, Token, TokenKind};
use crate::Record;

/// A short list kept on the stack (names have few tokens; scoring runs for every candidate,
/// so it should not allocate).
#[derive(Clone, Copy)]
pub(crate) struct Few<T: Copy, const N: usize> {
    items: [T; N],
    len: usize,
}

impl<T: Copy + Default, const N: usize> Default for Few<T, N> {
    fn default() -> Self {
        Few {
            items: [T::default(); N],
            len: 0,
        }
    }
}

impl<T: Copy + Default, const N: usize> Few<T, N> {
    /// Appends; items beyond the capacity are dropped.
    fn push(&mut self, x: T) {
        if self.len < N {
            self.items[self.len] = x;
            self.len += 1;
        }
    }
}

impl<T: Copy, const N: usize> std::ops::Deref for Few<T, N> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items[..self.len]
    }
}

impl<T: Copy + Default, const N: usize> FromIterator<T> for Few<T, N> {
    fn from_iter<I: IntoIterator<Item = T>>(it: I) -> Self {
        let mut f = Few::default();
        for x in it {
            f.push(x);
        }
        f
    }
}

/// How two name tokens matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenMatch {
    #[default]
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

thread_local! {
    /// Similarities of spelling pairs already compared on this thread: watchlists repeat the
    /// same names (Muhammad, Khan, Asif…) across entries, so most pairs recur.
    static SIMILARITIES: RefCell<FxHashMap<(u64, u64), (f32, TokenMatch)>> =
        RefCell::new(FxHashMap::default());
}
const SIMILARITY_CACHE: usize = 1 << 18;

/// Similarity of two name tokens in 0..1 and how they matched.
pub fn token_similarity(a: &Token, b: &Token) -> (f32, TokenMatch) {
    if a.text == b.text {
        return (1.0, TokenMatch::Exact);
    }
    let key = (a.key | u64::from(a.known), b.key | u64::from(b.known));
    if let Some(v) = SIMILARITIES.with(|c| c.borrow().get(&key).copied()) {
        return v;
    }
    let v = compare_tokens(a, b);
    SIMILARITIES.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= SIMILARITY_CACHE {
            c.clear();
        }
        c.insert(key, v);
    });
    v
}

fn compare_tokens(a: &Token, b: &Token) -> (f32, TokenMatch) {
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
    if a.kind == TokenKind::Initial || b.kind == TokenKind::Initial {
        if a.text.chars().next() == b.text.chars().next() {
            return (0.6, TokenMatch::Initial);
        }
        return (0.0, TokenMatch::Initial);
    }
    latin_similarity(a, b, shared_group)
}

/// Spelling similarity of two Latin tokens that are neither equal nor known variants: the
/// weighted edit distance ([`crate::edit`]) of their spellings or of their phonetic keys,
/// whichever is smaller, scaled by length. Two different well-known names ("Asif" / "Arif",
/// "Nida" / "Nadia") are two names, not a misspelling of one another.
fn latin_similarity(a: &Token, b: &Token, related: bool) -> (f32, TokenMatch) {
    let (la, lb) = (a.text.len(), b.text.len());
    let l = la.max(lb);
    // An abbreviation ("Rob" / "Robert", "Moh" / "Mohammad").
    let (short, long) = if la < lb { (a, b) } else { (b, a) };
    if short.text.len() >= 3
        && short.text.len() * 5 <= long.text.len() * 3
        && long.text.starts_with(&*short.text)
    {
        return (0.62, TokenMatch::Initial);
    }
    let allowed: f32 = match l {
        0..=3 => 0.75,
        4..=5 => 1.3,
        6..=7 => 1.75,
        8..=11 => 2.5,
        _ => 3.3,
    };
    // Quick bounds: a length difference costs at least a doubled letter per character, and
    // each edit alters the presence of at most two consonants at no less than 0.45.
    if la.abs_diff(lb) as f32 * 0.2 > allowed
        || (a.letters ^ b.letters)
            .count_ones()
            .min((a.sound_letters ^ b.sound_letters).count_ones()) as f32
            * 0.225
            > allowed
    {
        return (0.0, TokenMatch::Typo);
    }
    let by_sound = crate::edit::weighted_distance(&a.phon, &b.phon, allowed);
    let limit = by_sound.unwrap_or(allowed);
    let d = match crate::edit::weighted_distance(&a.text, &b.text, limit) {
        Some(x) => x.min(limit),
        None => match by_sound {
            Some(x) => x,
            None if a.text.is_ascii() && b.text.is_ascii() => return (0.0, TokenMatch::Typo),
            None => osa(&a.text, &b.text) as f32,
        },
    };
    if d > allowed {
        return (0.0, TokenMatch::Typo);
    }
    let mut sim = 0.95 - 0.6 * d / l as f32;
    // Typing errors seldom hit the first letter (unless it is a letter romanised two ways).
    if let (Some(&fa), Some(&fb)) = (a.phon.as_bytes().first(), b.phon.as_bytes().first()) {
        if crate::edit::hard_substitution(fa, fb) {
            sim *= 0.8;
        }
    }
    // Two different, well-known names are two names, not a misspelling; two different
    // families of the built-in table always are (Muhammad / Mehmood), whatever the broad
    // Wikidata groups say.
    let families_differ = a.family != 0 && b.family != 0;
    if families_differ || (a.known && b.known && !related) {
        sim *= 0.5;
    }
    let kind = if d < 0.9 {
        TokenMatch::Variant
    } else {
        TokenMatch::Typo
    };
    (sim, kind)
}

/// One aligned pair of tokens.
#[derive(Debug, Clone, Copy, Default)]
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
#[derive(Clone, Copy, Default)]
pub(crate) struct Alignment {
    pairs: Few<Pair, MAX_TOKENS>,
    pub(crate) score: f32,
    q_unmatched: Few<usize, MAX_TOKENS>,
    e_unmatched: Few<usize, MAX_TOKENS>,
    /// Matched pairs, counting 1 when neither token is a title and 0.5 otherwise.
    strong: f32,
}

const MIN_PAIR: f32 = 0.5;
/// A name match resting on a single name token that leaves a name of the other side unmatched
/// ("Nadia" / "Nadia Khan") cannot alert by itself: it needs the father's name, the date of
/// birth or an identifier to agree.
const SINGLE_TOKEN_CAP: f32 = 0.75;
/// Both names are one name that agrees, and nothing else is known of either ("Iqra" /
/// "Mst. Iqra"): the name alone cannot tell the two apart, so the pair alerts at the default
/// threshold, and anything that disagrees (father's name, date of birth, identifiers) drops it.
pub(crate) const ONE_NAME: f32 = 0.80;
/// Factor applied when each name has a name token the other lacks.
const CONFLICTING_NAMES: f32 = 0.88;
/// Share of an unmatched token's weight counted against the match when both names have
/// tokens the other lacks…
const UNMATCHED_PENALTY: f32 = 0.45;
/// …and when only one name has more tokens than the other (a family name left out).
const UNMATCHED_ONE_SIDED: f32 = 0.3;
const MAX_TOKENS: usize = 8;
/// What an exact, full date of birth adds: with a name that agrees in part, few things tell
/// two records of one person apart as surely.
const DOB_EXACT: f32 = 0.25;
/// How much the father's name (similarity in 0..1) moves the score, around this similarity.
const FATHER_WEIGHT: f32 = 0.35;
const FATHER_NEUTRAL: f32 = 0.7;
/// Below this similarity the fathers' names disagree.
const FATHER_CONFLICT: f32 = 0.45;

/// Aligns two token lists greedily by similarity, order-insensitive, and scores the alignment
/// as weighted matched similarity over matched weight plus a share of the unmatched weight.
pub(crate) fn align<T: Borrow<Token>>(q: &[T], e: &[T]) -> Alignment {
    let nq = q.len().min(MAX_TOKENS);
    let ne = e.len().min(MAX_TOKENS);
    let wq: Few<f32, MAX_TOKENS> = q.iter().map(|t| t.borrow().weight).collect();
    let we: Few<f32, MAX_TOKENS> = e.iter().map(|t| t.borrow().weight).collect();
    if nq == 0 || ne == 0 {
        return Alignment {
            pairs: Few::default(),
            score: 0.0,
            q_unmatched: (0..nq).collect(),
            e_unmatched: (0..ne).collect(),
            strong: 0.0,
        };
    }
    let mut sims = [[(0.0f32, TokenMatch::Exact); MAX_TOKENS]; MAX_TOKENS];
    let mut cand: Few<(f32, usize, usize), { MAX_TOKENS * MAX_TOKENS }> = Few::default();
    for i in 0..nq {
        for j in 0..ne {
            let s = token_similarity(q[i].borrow(), e[j].borrow());
            sims[i][j] = s;
            if s.0 >= MIN_PAIR {
                // Prefer heavier tokens on ties.
                cand.push((s.0 + 0.001 * (wq[i] + we[j]), i, j));
            }
        }
    }
    cand.items[..cand.len].sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut qu = [false; MAX_TOKENS];
    let mut eu = [false; MAX_TOKENS];
    let mut pairs: Few<Pair, MAX_TOKENS> = Few::default();
    for &(_, i, j) in cand.iter() {
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
    for p in pairs.iter() {
        let mut w = wq[p.q] + we[p.e];
        if let Some(x) = p.e2 {
            w += if p.joined_q { wq[x] } else { we[x] };
        }
        let w = w / 2.0;
        s += p.sim * w;
        m += w;
    }
    let q_unmatched: Few<usize, MAX_TOKENS> = (0..nq).filter(|&i| !qu[i]).collect();
    let e_unmatched: Few<usize, MAX_TOKENS> = (0..ne).filter(|&j| !eu[j]).collect();
    let uq: f32 = q_unmatched.iter().map(|&i| wq[i]).sum();
    let ue: f32 = e_unmatched.iter().map(|&j| we[j]).sum();
    let strong_left =
        |v: &[T], idx: &[usize]| idx.iter().any(|&i| v[i].borrow().kind != TokenKind::Weak);
    let penalty = if strong_left(q, &q_unmatched) && strong_left(e, &e_unmatched) {
        UNMATCHED_PENALTY
    } else {
        UNMATCHED_ONE_SIDED
    };
    let denom = m + penalty * (uq + ue);
    let score = if denom > 0.0 { s / denom } else { 0.0 };
    let strong: f32 = pairs
        .iter()
        .map(|p| {
            if q[p.q].borrow().kind != TokenKind::Weak && e[p.e].borrow().kind != TokenKind::Weak {
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

fn joined_pass<T: Borrow<Token>>(
    a: &[T],
    b: &[T],
    au: &mut [bool],
    bu: &mut [bool],
    pairs: &mut Few<Pair, MAX_TOKENS>,
    swapped: bool,
) {
    let na = a.len().min(MAX_TOKENS);
    let nb = b.len().min(MAX_TOKENS);
    for i in 0..na {
        if au[i] || a[i].borrow().arabic != b.first().map(|t| t.borrow().arabic).unwrap_or(false) {
            continue;
        }
        for j in 0..nb.saturating_sub(1) {
            if bu[j] || bu[j + 1] {
                continue;
            }
            let (b0, b1, ai) = (b[j].borrow(), b[j + 1].borrow(), a[i].borrow());
            let (x, y) = (&*b0.text, &*b1.text);
            let t = &*ai.text;
            let (sx, sy) = (&*b0.skel, &*b1.skel);
            let sk = &*ai.skel;
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

fn write_alignment<T: Borrow<Token>>(out: &mut String, a: &Alignment, q: &[T], e: &[T]) {
    let q: Vec<&Token> = q.iter().map(Borrow::borrow).collect();
    let e: Vec<&Token> = e.iter().map(Borrow::borrow).collect();
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let mut pairs = a.pairs;
    pairs.items[..pairs.len].sort_by_key(|p| if p.joined_q { p.e } else { p.q });
    for p in pairs.iter() {
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
    for &i in a.q_unmatched.iter() {
        sep(out);
        let _ = write!(out, "{} unmatched in query", q[i].text);
    }
    for &j in a.e_unmatched.iter() {
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
    let (qo, eo) = (&q.name.own[..], &e.name.own[..]);
    let own = align(qo, eo);
    let mut n = own.score;
    // Both names keep a name of their own that the other lacks (Ashraf Virk / Abbas Virk): a
    // sign of two people rather than one.
    let distinct = |v: &[Token], idx: &[usize]| {
        idx.iter()
            .any(|&i| matches!(v[i].kind, TokenKind::Normal | TokenKind::Common))
    };
    if distinct(qo, &own.q_unmatched) && distinct(eo, &own.e_unmatched) {
        n *= CONFLICTING_NAMES;
    }
    let mut one_name = false;
    if own.strong < 1.5 {
        let only_weak_left =
            |v: &[Token], idx: &[usize]| idx.iter().all(|&i| v[i].kind == TokenKind::Weak);
        let best = own.pairs.iter().map(|p| p.sim).fold(0.0f32, f32::max);
        if best >= 0.84
            && only_weak_left(qo, &own.q_unmatched)
            && only_weak_left(eo, &own.e_unmatched)
        {
            n = ONE_NAME;
            one_name = true;
        } else {
            n = n.min(SINGLE_TOKEN_CAP);
        }
    }
    let mut expl = String::new();
    let q_has_f = !q.name.father.is_empty();
    let e_has_f = !e.name.father.is_empty();
    let mut used_combined = false;

    // Whole name written together on one side ("Gulmuhammad" / "Gul Muhammad").
    let mut joined_whole = false;
    let strong_count = |v: &[Token]| v.iter().filter(|t| t.kind != TokenKind::Weak).count();
    if n < 0.9
        && q.joined.len() >= 5
        && strong_count(qo) != strong_count(eo)
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
            ub_n + FATHER_WEIGHT * (1.0 - FATHER_NEUTRAL)
        } else {
            ub_n
        };
        let ub = ub_f
            + if q.dob.is_some() && e.dob.is_some() {
                DOB_EXACT
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
        let all = align(&qa, &ea);
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
        write_alignment(&mut expl, &own, qo, eo);
        if one_name {
            expl.push_str(" (one name only)");
        }
    }

    let mut s = n;
    if q_has_f && e_has_f && !used_combined {
        let (qf, ef) = (&q.name.father[..], &e.name.father[..]);
        let f = align(qf, ef);
        // Each father's name keeps a name the other lacks (Niaz Jatoi / Sher Jatoi): two
        // fathers who share a family name, not one father.
        let strong_left = |v: &[Token], idx: &[usize]| {
            idx.iter()
                .any(|&i| matches!(v[i].kind, TokenKind::Normal | TokenKind::Common))
        };
        let fscore = if strong_left(qf, &f.q_unmatched) && strong_left(ef, &f.e_unmatched) {
            f.score.min(FATHER_CONFLICT - 0.01)
        } else {
            f.score
        };
        // The father's name moves the score up when it agrees and down when it does not; a
        // different father is a sign of another person.
        s = (n + FATHER_WEIGHT * (fscore - FATHER_NEUTRAL)).min(1.0);
        if fscore < FATHER_CONFLICT {
            s -= 0.12;
        }
        if explain {
            expl.push_str("; father: ");
            write_alignment(&mut expl, &f, qf, ef);
        }
    }

    if let (Some(a), Some(b)) = (q.dob, e.dob) {
        let m = a.compare(&b);
        let (delta, label) = match m {
            DateMatch::Exact => (DOB_EXACT, "exact"),
            DateMatch::Partial if a.common_precision(&b) >= 2 => (0.06, "partial"),
            DateMatch::Partial => (0.04, "partial"),
            DateMatch::Swapped => (0.06, "day/month swapped"),
            DateMatch::OnePart => (-0.03, "one part different"),
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
