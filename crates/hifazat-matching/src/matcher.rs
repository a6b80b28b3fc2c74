//! The watchlist index: candidate generation by keys (name skeletons and their one-deletion
//! neighbours, identifiers) so that the cost of a query grows with its candidates, not with the
//! size of the watchlist; then full scoring of the best candidates.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

use crate::names::{Token, TokenKind};
use crate::score::{base_weight, score_prepared, score_prepared_min, Prepared, Scored};
use crate::urdu;
use crate::Record;

/// Default alert threshold. Chosen on the generated Pakistani screening benchmark
/// (`bench/matching/RESULTS.md`): best F1 lies at 0.82; 0.80 keeps recall a little higher
/// (0.935; 0.97 on queries with more than one name token or any supporting field) at under one
/// false alert per 1,000 clean queries. Lower it (e.g. 0.5–0.7) for deduplication of noisy
/// records, where recall matters more than false alerts.
pub const DEFAULT_THRESHOLD: f64 = 0.80;

/// Tuning of a [`Matcher`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatchOptions {
    /// Alerts are raised at or above this score (0..1).
    pub threshold: f64,
    /// At most this many alerts per query, best first.
    pub max_alerts: usize,
    /// How many pre-ranked candidates are fully scored per query.
    pub candidates: usize,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            threshold: DEFAULT_THRESHOLD,
            max_alerts: 10,
            candidates: 12,
        }
    }
}

/// One possible match of a query against the watchlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Id of the watchlist entry.
    pub watchlist_id: String,
    /// Score in 0..1 (three decimals).
    pub score: f64,
    /// Which parts matched how.
    pub explanation: String,
}

/// Error when adding to the index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// Every entry needs an id.
    #[error("entry has no id")]
    MissingId,
    /// The id is already in the index (use [`Matcher::upsert`] to replace).
    #[error("duplicate watchlist id {0:?}")]
    DuplicateId(String),
    /// The entry has neither a name nor an identifier to match on.
    #[error("entry {0:?} has no name and no identifier")]
    Empty(String),
    /// A [`crate::KeyIndex`] names its entries by number.
    #[error("entry id {0:?} is not a number")]
    NotNumeric(String),
    /// A [`crate::KeyIndex`] holds at most 2^31 slots (until rebuilt).
    #[error("the index is full")]
    Full,
}

struct Entry {
    id: Box<str>,
    prep: Prepared,
    keys: Box<[u64]>,
    skel_keys: Box<[u64]>,
}

/// A live watchlist index and scorer. Entries can be added and removed at any time (wrap it in
/// an `RwLock` to share it); `Matcher` is `Send + Sync` and [`Matcher::screen`] takes `&self`.
#[derive(Default)]
pub struct Matcher {
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
    ids: FxHashMap<Box<str>, u32>,
    postings: FxHashMap<u64, Vec<u32>>,
    fig: Figures,
    weighed_at: usize,
    opts: MatchOptions,
}

pub(crate) fn key_hash(tag: u8, s: &str) -> u64 {
    let mut h = FxHasher::default();
    tag.hash(&mut h);
    s.hash(&mut h);
    h.finish()
}

pub(crate) fn skel_key(skel: &str) -> u64 {
    key_hash(b'N', skel)
}

/// Calls `f` with each skeleton one consonant shorter than `skel` (doubled letters collapsed
/// again, each distinct form once), for skeletons of three letters or more: a query and an
/// entry one spelling slip apart share one of these keys (symmetric deletion, as in SymSpell).
fn deletions(skel: &str, mut f: impl FnMut(&str)) {
    let b = skel.as_bytes();
    if !skel.is_ascii() {
        // Arabic-script skeletons are rare in the index; build them with chars.
        let cs: Vec<char> = skel.chars().collect();
        if cs.len() < 3 {
            return;
        }
        for skip in 0..cs.len() {
            let mut buf = String::with_capacity(skel.len());
            let mut prev = '\0';
            for (i, c) in cs.iter().enumerate() {
                if i != skip && *c != prev {
                    buf.push(*c);
                    prev = *c;
                }
            }
            f(&buf);
        }
        return;
    }
    if b.len() < 3 || b.len() > 32 {
        return;
    }
    let mut buf = [0u8; 32];
    for skip in 0..b.len() {
        // Removing one of two equal letters in a row gives the same form twice.
        if skip > 0 && b[skip] == b[skip - 1] {
            continue;
        }
        let mut n = 0;
        for (i, &c) in b.iter().enumerate() {
            if i != skip && (n == 0 || buf[n - 1] != c) {
                buf[n] = c;
                n += 1;
            }
        }
        f(std::str::from_utf8(&buf[..n]).unwrap_or(""));
    }
}

/// A coarser skeleton for candidate generation only: `z` written as `s` and a non-initial `h`
/// dropped, the two slips that romanisations make most (Fayyaz / Fayyas, Mazhar / Mazar).
fn coarse(skel: &str) -> Option<String> {
    let mut out = String::with_capacity(skel.len());
    let mut prev = '\0';
    for (i, c) in skel.chars().enumerate() {
        let c = match c {
            'z' => 's',
            'h' if i > 0 => continue,
            c => c,
        };
        if c != prev {
            out.push(c);
        }
        prev = c;
    }
    (out != skel && !out.is_empty()).then_some(out)
}

/// Tags of the key spaces: exact skeletons, their deletions and their coarse forms, for the
/// person's own name and for the father's.
const OWN: [u8; 3] = [b'N', b'n', b'K'];
const FATHER: [u8; 3] = [b'F', b'f', b'G'];

/// Keys of pairs of name tokens (own × own, own × father), order-insensitive: far more
/// selective than single tokens when names are common (Muhammad + Asif, Asif + Rasool).
fn pair_keys(p: &Prepared, out: &mut Vec<u64>) {
    let mut own: Vec<&str> = indexable(&p.name.own)
        .filter(|t| !t.skel.is_empty())
        .map(|t| &*t.ikey)
        .take(6)
        .collect();
    own.sort_unstable();
    own.dedup();
    let father: Vec<&str> = indexable(&p.name.father)
        .filter(|t| !t.skel.is_empty())
        .map(|t| &*t.ikey)
        .take(4)
        .collect();
    let mut buf = String::with_capacity(32);
    for i in 0..own.len() {
        for j in i + 1..own.len() {
            buf.clear();
            buf.push_str(own[i]);
            buf.push('|');
            buf.push_str(own[j]);
            out.push(key_hash(b'2', &buf));
        }
        for f in &father {
            buf.clear();
            buf.push_str(own[i]);
            buf.push('|');
            buf.push_str(f);
            out.push(key_hash(b'3', &buf));
        }
    }
}

/// Key of the whole own name: its tokens' index keys, sorted (order-insensitive).
fn whole_name_key(toks: &[Token]) -> Option<u64> {
    let mut sk: Vec<&str> = indexable(toks)
        .filter(|t| !t.skel.is_empty())
        .map(|t| &*t.ikey)
        .collect();
    if sk.len() < 2 {
        return None;
    }
    sk.sort_unstable();
    Some(key_hash(b'X', &sk.join("|")))
}

/// Key of a full date of birth: a few entries share one, so it finds the person whose name is
/// misspelt beyond the name keys (the date is then checked by the scorer like any other).
fn dob_key(d: &crate::PartialDate) -> Option<u64> {
    d.day?;
    Some(key_hash(b'D', &d.to_string()))
}

/// Keys of the titles in a name (Begum, Malik, Sheikh…), which tell namesakes apart a little:
/// among forty entries called Tasleem, the one called Tasleem Begum ranks first.
fn weak_keys(toks: &[Token]) -> impl Iterator<Item = u64> + '_ {
    toks.iter()
        .filter(|t| t.kind == TokenKind::Weak)
        .map(|t| key_hash(b'W', &t.text))
}

pub(crate) fn indexable(toks: &[Token]) -> impl Iterator<Item = &Token> {
    let all_weak = toks
        .iter()
        .all(|t| t.kind == TokenKind::Weak || t.kind == TokenKind::Initial);
    toks.iter()
        .filter(move |t| all_weak || !matches!(t.kind, TokenKind::Weak | TokenKind::Initial))
}

const POSTING_CAP: usize = 1200;
/// Scratch mask bit marking an entry as touched by the current query.
const TOUCHED: u32 = 1 << 31;
/// Token bit of the whole-name key, and of the date-of-birth keys (query tokens use bits 0–28).
const WHOLE_BIT: u32 = 1 << 30;
const DOB_BIT: u32 = 1 << 29;
const MAX_TOUCHED: usize = 1500;
/// Lists worth less than this share of the query's best list add no new candidates.
const WEAK_LIST: f32 = 0.35;

/// A spelling carried by at least this many watchlist entries counts as a known name.
const KNOWN_MIN_COUNT: u32 = 3;

pub(crate) fn text_keys(p: &Prepared) -> Vec<u64> {
    let mut v: Vec<u64> = p
        .name
        .own
        .iter()
        .chain(p.name.father.iter())
        .map(|t| key_hash(b'T', &t.text))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub(crate) fn entry_keys(p: &Prepared) -> (Vec<u64>, Vec<u64>) {
    let mut keys = Vec::new();
    let mut skels = Vec::new();
    for (tags, toks) in [(OWN, &p.name.own), (FATHER, &p.name.father)] {
        for t in indexable(toks) {
            if t.skel.is_empty() {
                continue;
            }
            keys.push(key_hash(tags[0], &t.ikey));
            if t.family != 0 {
                // Also under the skeleton, where a misspelling outside the family finds it.
                keys.push(key_hash(tags[0], &t.skel));
            }
            skels.push(skel_key(&t.ikey));
            deletions(&t.skel, |d| keys.push(key_hash(tags[1], d)));
            if let Some(c) = coarse(&t.skel) {
                keys.push(key_hash(tags[2], &c));
            } else {
                keys.push(key_hash(tags[2], &t.skel));
            }
        }
    }
    if let Some(k) = whole_name_key(&p.name.own) {
        keys.push(k);
    }
    keys.extend(weak_keys(&p.name.own));
    pair_keys(p, &mut keys);
    if let Some(c) = p.cnic {
        keys.push(key_hash(b'C', &c.raw().to_string()));
    }
    if let Some(pp) = &p.passport {
        keys.push(key_hash(b'P', pp));
    }
    if let Some(k) = p.dob.and_then(|d| dob_key(&d)) {
        keys.push(k);
    }
    keys.sort_unstable();
    keys.dedup();
    skels.sort_unstable();
    skels.dedup();
    (keys, skels)
}

/// 1/√(number of indexed own-name tokens): the length normalisation of an entry's pre-rank.
pub(crate) fn norm_of(p: &Prepared) -> f32 {
    1.0 / (indexable(&p.name.own).count().max(1) as f32).sqrt()
}

/// Year of birth of an entry, 0 when unknown.
pub(crate) fn year_of(p: &Prepared) -> u16 {
    p.dob.map(|d| d.year).unwrap_or(0)
}

/// True when an entry has neither a name nor an identifier to be found by.
pub(crate) fn nothing_to_match(p: &Prepared) -> bool {
    p.name.own.is_empty() && p.name.father.is_empty() && p.cnic.is_none() && p.passport.is_none()
}

/// Skeletons of the other spellings of a token in the embedded name table.
fn group_skeletons(tag: u8, t: &Token, out: &mut Vec<u64>) {
    let own = key_hash(tag, &t.skel);
    for &g in t.groups.iter().take(2) {
        for s in urdu::group_skeletons(g).iter().take(4) {
            let k = key_hash(tag, s);
            if !out.contains(&k) && k != own {
                out.push(k);
            }
        }
    }
}

/// Credits an entry with a list's value, once per query token.
fn credit(cell: &mut (f32, u32), b: u32, add: f32) {
    if b == 0 || cell.1 & b == 0 {
        cell.1 |= b;
        cell.0 += add;
    }
}

/// What both indexes keep per slot and per name, besides their posting lists.
#[derive(Default)]
pub(crate) struct Figures {
    /// Per slot: 1/√(number of indexed own-name tokens), the length normalisation of the
    /// pre-rank; 0 for a dead slot of a [`crate::KeyIndex`].
    pub(crate) norm: Vec<f32>,
    /// Per slot: year of birth, 0 when unknown.
    pub(crate) year: Vec<u16>,
    /// Number of entries carrying each name skeleton ([`skel_key`]).
    pub(crate) df: FxHashMap<u64, u32>,
    /// Number of entries carrying each exact token spelling.
    pub(crate) text_df: FxHashMap<u64, u32>,
    /// Entries indexed.
    pub(crate) live: usize,
}

impl Figures {
    /// Counts a new entry in `slot`: its pre-rank normalisation and year of birth, and the keys
    /// of its name skeletons and exact spellings.
    pub(crate) fn add(&mut self, slot: u32, norm: f32, year: u16, skels: &[u64], texts: &[u64]) {
        let i = slot as usize;
        if self.norm.len() <= i {
            self.norm.resize(i + 1, 1.0);
            self.year.resize(i + 1, 0);
        }
        self.norm[i] = norm;
        self.year[i] = year;
        for k in skels {
            *self.df.entry(*k).or_insert(0) += 1;
        }
        for k in texts {
            *self.text_df.entry(*k).or_insert(0) += 1;
        }
        self.live += 1;
    }
}

/// What candidate generation and weighting read from an index: posting lists by key and a few
/// figures per slot. Implemented by the full [`Matcher`] and the compact
/// [`crate::KeyIndex`], so that both find the same candidates for the same entries.
pub(crate) trait Lists {
    /// The slots carrying key `k` (ascending), if any.
    fn list(&self, k: u64) -> Option<&[u32]>;
    /// Slots in use or free (scratch size).
    fn slots(&self) -> usize;
    /// Whether a slot holds an entry (a removed one may still appear in lists).
    fn alive(&self, _slot: u32) -> bool {
        true
    }
    /// The per-slot and per-name figures.
    fn figures(&self) -> &Figures;
    /// Entries indexed.
    fn live(&self) -> usize {
        self.figures().live
    }
    /// Length normalisation of a slot's pre-rank.
    fn norm(&self, slot: usize) -> f32 {
        self.figures().norm[slot]
    }
    /// Year of birth of a slot, 0 when unknown.
    fn year(&self, slot: usize) -> u16 {
        self.figures().year[slot]
    }
    /// Entries carrying a name skeleton ([`skel_key`]).
    fn df(&self, k: u64) -> u32 {
        self.figures().df.get(&k).copied().unwrap_or(0)
    }
    /// Entries carrying an exact token spelling (`key_hash(b'T', text)`).
    fn text_df(&self, k: u64) -> u32 {
        self.figures().text_df.get(&k).copied().unwrap_or(0)
    }
}

impl Lists for Matcher {
    fn list(&self, k: u64) -> Option<&[u32]> {
        self.postings.get(&k).map(Vec::as_slice)
    }
    fn slots(&self) -> usize {
        self.entries.len()
    }
    fn figures(&self) -> &Figures {
        &self.fig
    }
}

/// Weight of a token: kind prior times a rarity factor from the index (tokens carried by a
/// large share of the entries, such as Muhammad, weigh less).
fn weight<L: Lists>(ix: &L, t: &Token) -> f32 {
    let base = base_weight(t.kind);
    let live = ix.live();
    if live < 1000 || t.skel.is_empty() {
        return base;
    }
    let df = ix.df(skel_key(&t.ikey)) as f32;
    let p = (df + 1.0) / (live as f32 + 1.0);
    let f = ((1.0 / p).ln() / 200f32.ln()).clamp(0.25, 1.0);
    base * f
}

/// Sets each token's weight from its rarity in the index, and whether its spelling is a known
/// name there.
pub(crate) fn weigh<L: Lists>(ix: &L, p: &mut Prepared) {
    for t in p.name.own.iter_mut().chain(p.name.father.iter_mut()) {
        t.weight = weight(ix, t);
        if !t.known {
            t.known = ix.text_df(key_hash(b'T', &t.text)) >= KNOWN_MIN_COUNT;
        }
    }
}

/// Scores candidates (id, prepared entry) against a weighed query: alerts at or above
/// `threshold`, best first (then by id), at most `max_alerts`.
pub(crate) fn score_candidates<'a>(
    q: &Prepared,
    cands: impl Iterator<Item = (&'a str, &'a Prepared)>,
    threshold: f64,
    max_alerts: usize,
) -> Vec<Alert> {
    let mut alerts: Vec<Alert> = Vec::new();
    for (id, e) in cands {
        let s = score_prepared_min(q, e, false, threshold);
        if s.score >= threshold {
            let s = score_prepared(q, e, true);
            alerts.push(Alert {
                watchlist_id: id.to_string(),
                score: s.score,
                explanation: s.explanation,
            });
        }
    }
    alerts.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.watchlist_id.cmp(&b.watchlist_id))
    });
    alerts.truncate(max_alerts);
    alerts
}

#[derive(Default)]
struct Scratch {
    /// Per slot: pre-rank score and the mask of query tokens already credited.
    cells: Vec<(f32, u32)>,
    touched: Vec<u32>,
    ranked: Vec<(f32, u32)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Matcher {
    /// An empty index with the given options.
    pub fn new(opts: MatchOptions) -> Matcher {
        Matcher {
            opts,
            ..Default::default()
        }
    }

    /// The options in force.
    pub fn options(&self) -> &MatchOptions {
        &self.opts
    }

    /// Changes the options (threshold, number of alerts…).
    pub fn set_options(&mut self, opts: MatchOptions) {
        self.opts = opts;
    }

    /// Number of entries in the index.
    pub fn len(&self) -> usize {
        self.fig.live
    }

    /// True when the index has no entry.
    pub fn is_empty(&self) -> bool {
        self.fig.live == 0
    }

    /// True when an entry with this id is in the index.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Adds a watchlist entry; refuses a duplicate id or an entry with nothing to match on.
    pub fn insert(&mut self, rec: &Record) -> Result<(), IndexError> {
        let id = rec.id.trim();
        if id.is_empty() {
            return Err(IndexError::MissingId);
        }
        if self.ids.contains_key(id) {
            return Err(IndexError::DuplicateId(id.to_string()));
        }
        let mut prep = Prepared::new(rec);
        self.weigh(&mut prep);
        if nothing_to_match(&prep) {
            return Err(IndexError::Empty(id.to_string()));
        }
        let (keys, skels) = entry_keys(&prep);
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.entries.push(None);
                (self.entries.len() - 1) as u32
            }
        };
        for k in &keys {
            // Posting lists stay sorted by slot (new slots come last; a reused one is put in
            // its place), so that a long list can be probed for the entries already found.
            let p = self.postings.entry(*k).or_default();
            if p.last().is_none_or(|&l| l < slot) {
                p.push(slot);
            } else if let Err(pos) = p.binary_search(&slot) {
                p.insert(pos, slot);
            }
        }
        self.fig.add(
            slot,
            norm_of(&prep),
            year_of(&prep),
            &skels,
            &text_keys(&prep),
        );
        self.entries[slot as usize] = Some(Entry {
            id: id.into(),
            prep,
            keys: keys.into_boxed_slice(),
            skel_keys: skels.into_boxed_slice(),
        });
        self.ids.insert(id.into(), slot);
        self.maybe_refresh_weights();
        Ok(())
    }

    /// Adds an entry or replaces the entry with the same id.
    pub fn upsert(&mut self, rec: &Record) -> Result<(), IndexError> {
        self.remove(rec.id.trim());
        self.insert(rec)
    }

    /// Removes the entry with this id; returns whether there was one.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.ids.remove(id) else {
            return false;
        };
        if let Some(e) = self.entries[slot as usize].take() {
            for k in e.keys.iter() {
                if let Some(p) = self.postings.get_mut(k) {
                    if let Ok(pos) = p.binary_search(&slot) {
                        p.remove(pos);
                    }
                    if p.is_empty() {
                        self.postings.remove(k);
                    }
                }
            }
            for k in text_keys(&e.prep) {
                if let Some(c) = self.fig.text_df.get_mut(&k) {
                    *c -= 1;
                    if *c == 0 {
                        self.fig.text_df.remove(&k);
                    }
                }
            }
            for k in e.skel_keys.iter() {
                if let Some(c) = self.fig.df.get_mut(k) {
                    *c -= 1;
                    if *c == 0 {
                        self.fig.df.remove(k);
                    }
                }
            }
        }
        self.free.push(slot);
        self.fig.live -= 1;
        self.maybe_refresh_weights();
        true
    }

    /// Compares a query with one indexed entry.
    pub fn score_against(&self, query: &Record, watchlist_id: &str) -> Option<Scored> {
        let slot = *self.ids.get(watchlist_id)?;
        let e = self.entries[slot as usize].as_ref()?;
        let mut q = Prepared::new(query);
        self.weigh(&mut q);
        Some(score_prepared(&q, &e.prep, true))
    }

    /// Screens one record against the watchlist with the matcher's threshold.
    pub fn screen(&self, query: &Record) -> Vec<Alert> {
        self.screen_with_threshold(query, self.opts.threshold)
    }

    /// Screens one record against the watchlist; alerts at or above `threshold`, best first.
    pub fn screen_with_threshold(&self, query: &Record, threshold: f64) -> Vec<Alert> {
        self.screen_prepared(
            Prepared::new(query),
            threshold,
            self.opts.candidates,
            self.opts.max_alerts,
        )
    }

    /// Like [`Matcher::screen_with_threshold`], but returns up to `limit` matches (best first)
    /// and scores proportionately more candidates: for searches whose results are filtered
    /// afterwards (by jurisdiction, say), where the best ten nationally may all be filtered out.
    pub fn search(&self, query: &Record, threshold: f64, limit: usize) -> Vec<Alert> {
        let limit = limit.max(1);
        self.screen_prepared(
            Prepared::new(query),
            threshold,
            self.opts.candidates.max(limit + limit / 4),
            limit,
        )
    }

    /// Sets each token's weight from its rarity in the index.
    fn weigh(&self, p: &mut Prepared) {
        weigh(self, p);
    }

    /// Weighs every entry again from the index's current counts, as the index does by itself
    /// each time it grows or shrinks by a quarter (for comparisons in tests).
    #[doc(hidden)]
    pub fn reweigh_all(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        for e in entries.iter_mut().flatten() {
            self.weigh(&mut e.prep);
        }
        self.entries = entries;
        self.weighed_at = self.fig.live;
    }

    /// Recomputes the weights of all entries when the index has grown or shrunk by a quarter
    /// since the last time (amortised constant cost per insert).
    fn maybe_refresh_weights(&mut self) {
        let n = self.fig.live;
        let last = self.weighed_at;
        if n < 1000 && last < 1000 {
            return;
        }
        if (n as f64) < last as f64 * 1.25 && (n as f64) > last as f64 * 0.8 {
            return;
        }
        self.reweigh_all();
    }

    pub(crate) fn screen_prepared(
        &self,
        mut q: Prepared,
        threshold: f64,
        candidates: usize,
        max_alerts: usize,
    ) -> Vec<Alert> {
        self.weigh(&mut q);
        let cands = self::candidates(self, &q, candidates);
        let entries = cands.into_iter().filter_map(|slot| {
            self.entries[slot as usize]
                .as_ref()
                .map(|e| (&*e.id, &e.prep))
        });
        score_candidates(&q, entries, threshold, max_alerts)
    }
}

/// Candidate slots for a query: identifier hits, then the entries sharing the most and
/// rarest name keys.
pub(crate) fn candidates<L: Lists>(ix: &L, q: &Prepared, k: usize) -> Vec<u32> {
    // (key, token bit, weight)
    let mut keys: Vec<(u64, u32, f32)> = Vec::with_capacity(32);
    let mut bit = 0u32;
    let mut alts = Vec::new();
    // Own-name tokens look first among entries' own names, father's tokens among fathers';
    // each also looks, with less weight, in the other field.
    for (tags, other, field_w, toks) in [
        (OWN, b'F', 1.0f32, &q.name.own),
        (FATHER, b'N', 0.6f32, &q.name.father),
    ] {
        for t in indexable(toks) {
            if bit >= 29 {
                break;
            }
            let b = 1u32 << bit;
            bit += 1;
            if !t.skel.is_empty() {
                let [exact, del, co] = tags;
                keys.push((key_hash(exact, &t.ikey), b, field_w));
                keys.push((key_hash(other, &t.ikey), b, 0.3));
                if t.family != 0 {
                    keys.push((key_hash(exact, &t.skel), b, field_w * 0.5));
                }
                // The entry one consonant longer, shorter, or one different.
                keys.push((key_hash(del, &t.skel), b, field_w * 0.7));
                deletions(&t.skel, |d| {
                    keys.push((key_hash(exact, d), b, field_w * 0.7));
                    keys.push((key_hash(del, d), b, field_w * 0.5));
                });
                let c = coarse(&t.skel);
                keys.push((
                    key_hash(co, c.as_deref().unwrap_or(&t.skel)),
                    b,
                    field_w * 0.8,
                ));
            }
            alts.clear();
            group_skeletons(tags[0], t, &mut alts);
            for k in &alts {
                keys.push((*k, b, field_w * 0.95));
            }
        }
    }
    if let Some(k) = whole_name_key(&q.name.own) {
        keys.push((k, WHOLE_BIT, 2.5));
    }
    keys.extend(weak_keys(&q.name.own).map(|k| (k, 0u32, 0.15f32)));
    let mut pk = Vec::new();
    pair_keys(q, &mut pk);
    let has_pairs = pk.iter().any(|&k| ix.list(k).is_some());
    if let Some(d) = q.dob {
        // The date as written, and with day and month swapped.
        keys.extend(dob_key(&d).map(|k| (k, DOB_BIT, 0.8)));
        if let (Some(m), Some(day)) = (d.month, d.day) {
            if day <= 12 && day != m {
                let sw = crate::PartialDate {
                    year: d.year,
                    month: Some(day),
                    day: Some(m),
                };
                keys.extend(dob_key(&sw).map(|k| (k, DOB_BIT, 0.6)));
            }
        }
    }
    // Pair keys carry no token bit (0): each adds once.
    keys.extend(pk.into_iter().map(|k| (k, 0u32, 1.0f32)));
    let mut forced: Vec<u32> = Vec::new();
    if let Some(c) = q.cnic {
        if let Some(p) = ix.list(key_hash(b'C', &c.raw().to_string())) {
            forced.extend(p.iter().filter(|&&s| ix.alive(s)));
        }
    }
    if let Some(pp) = &q.passport {
        if let Some(p) = ix.list(key_hash(b'P', pp)) {
            forced.extend(p.iter().filter(|&&s| ix.alive(s)));
        }
    }
    let mut lists: Vec<(&[u32], u32, f32)> = keys
        .iter()
        .filter_map(|&(k, b, w)| ix.list(k).map(|p| (p, b, w)))
        .collect();
    let n = ix.live() as f32 + 1.0;
    let value = |l: &(&[u32], u32, f32)| l.2 * ((n / l.0.len() as f32).ln() + 0.1);
    // The most telling lists first (weight times rarity): for each query token the first
    // list that reaches an entry gives its credit, so the best key of a token counts.
    lists.sort_unstable_by(|a, b| value(b).total_cmp(&value(a)));
    // Posting lists longer than this are skipped (after the first), and once this many
    // entries have been touched, further lists only add to those already touched: the
    // work per query is bounded whatever the size of the watchlist.
    // When a pair of the query's tokens is found in the index, single-token lists matter
    // less: the cap is lowered.
    let cap = if has_pairs {
        POSTING_CAP / 4
    } else {
        POSTING_CAP
    };
    SCRATCH.with(|sc| {
        let mut sc = sc.borrow_mut();
        let sc = &mut *sc;
        if sc.cells.len() < ix.slots() {
            sc.cells.resize(ix.slots(), (0.0, 0));
        }
        let mut processed = 0usize;
        let top = lists.first().map(value).unwrap_or(0.0);
        // The best list of each query token (the first met: lists come best first).
        let mut best = [0f32; 32];
        for l in lists.iter() {
            let (list, b) = (l.0, l.1);
            let add = value(l);
            let bi = b.trailing_zeros() as usize;
            let reference = if b == 0 || bi >= 32 {
                top
            } else {
                if best[bi] == 0.0 {
                    best[bi] = add;
                }
                best[bi]
            };
            // An oversized list is read only when nothing else was.
            if list.len() > cap && processed >= 1 {
                continue;
            }
            processed += 1;
            // A list worth much less than the best one of its token only adds to entries
            // already found, once there are enough of them: an entry it alone reaches
            // cannot rank first.
            let may_insert = sc.touched.len() < MAX_TOUCHED
                && (add >= WEAK_LIST * reference || sc.touched.len() < 4 * k);
            for &slot in list.iter() {
                let cell = &mut sc.cells[slot as usize];
                if cell.1 & TOUCHED == 0 {
                    if !may_insert || !ix.alive(slot) {
                        continue;
                    }
                    sc.touched.push(slot);
                    cell.1 |= TOUCHED;
                }
                credit(cell, b, add);
            }
        }
        let qyear = q.dob.map(|d| d.year).unwrap_or(0);
        let Scratch {
            cells,
            touched,
            ranked,
        } = sc;
        let rank = |cells: &[(f32, u32)], s: u32| {
            let i = s as usize;
            let mut v = cells[i].0 * ix.norm(i);
            let y = ix.year(i);
            if qyear != 0 && y != 0 {
                if y == qyear {
                    v *= 1.3;
                } else if y.abs_diff(qyear) > 1 {
                    v *= 0.7;
                }
            }
            v
        };
        ranked.clear();
        ranked.extend(touched.iter().map(|&s| (rank(cells, s), s)));
        let by_value = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0);
        for &s in touched.iter() {
            cells[s as usize] = (0.0, 0);
        }
        touched.clear();
        if ranked.len() > k {
            ranked.select_nth_unstable_by(k, by_value);
        }
        let mut out: Vec<u32> = forced;
        out.extend(ranked.iter().take(k).map(|r| r.1));
        out.sort_unstable();
        out.dedup();
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn matcher_is_send_and_sync() {
        assert_send_sync::<Matcher>();
    }
}
