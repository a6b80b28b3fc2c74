//! A release: every count published together, the sums that tie them (a total is the sum of
//! its parts), and their protection decided as one.
//!
//! Protection has two steps. **Primary suppression** hides every count from 1 to the threshold
//! less one (`<5`); zero is shown, since it points at no one. **Complementary suppression** then
//! withholds other counts (`x`) until no hidden count can be worked out from what is shown: for
//! each hidden count, a linear programme finds the least and the greatest value it can take
//! given every shown count, every sum in the release (across all its tables, since a count
//! that appears in two tables is one count, keyed alike) and what the marks say (`<5` means 1
//! to 4, `x` means at least 5). A hidden count is protected when those two differ by at least
//! one; otherwise the smallest shown count that shares a sum with it is withheld too, and the
//! audit runs again. Decisions are deterministic (ties broken by key), so the same data gives
//! the same tables.
//!
//! What the audit does not model, and the release therefore avoids: differences between
//! overlapping periods (aggregate-only users are given whole calendar years, which share no
//! records) and relations that are not sums (a funnel's later step is at most its earlier one).
//! The continuous relaxation can in rare non-tabular layouts report an interval wider than the
//! integer one; the tables built here are two-way with margins, for which the two coincide.

use hifazat_domain::stats::ShownCount;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::{BTreeMap, BTreeSet};

/// The key of a count: the population counted and the categories fixed, e.g.
/// `victims|sex=female|age=12-17`. The same quantity must get the same key in every table.
pub fn key(universe: &str, parts: &[(&str, &str)]) -> String {
    let mut k = universe.to_owned();
    for (dim, code) in parts {
        k.push('|');
        k.push_str(dim);
        k.push('=');
        k.push_str(code);
    }
    k
}

/// Counts and the sums that tie them, before protection.
#[derive(Debug, Clone)]
pub struct Release {
    threshold: i64,
    values: BTreeMap<String, i64>,
    sums: Vec<(String, Vec<String>)>,
    latent: BTreeSet<String>,
    secondary: BTreeSet<String>,
}

/// What withholding a count costs: how many sums it totals, and whether it is the whole of a
/// total that several sums end in.
struct Cost<'a> {
    totalness: BTreeMap<&'a str, usize>,
    twins: BTreeSet<&'a str>,
}

/// How each count of a release may be shown.
#[derive(Debug, Clone)]
pub struct Protection {
    threshold: i64,
    shown: BTreeMap<String, ShownCount>,
}

impl Release {
    /// An empty release; counts below `threshold` (at least 2) are hidden.
    pub fn new(threshold: i64) -> Self {
        Release {
            threshold: threshold.max(2),
            values: BTreeMap::new(),
            sums: Vec::new(),
            latent: BTreeSet::new(),
            secondary: BTreeSet::new(),
        }
    }

    /// The threshold.
    pub fn threshold(&self) -> i64 {
        self.threshold
    }

    /// Records the count under `key`. A key counted twice must carry the same value: it is the
    /// same quantity seen from two tables.
    pub fn count(&mut self, key: String, value: i64) {
        let old = self.values.insert(key.clone(), value);
        assert!(
            old.is_none_or(|o| o == value),
            "{key} counted twice with different values"
        );
    }

    /// Records a count that is never shown but that sums go through (a district's cases of
    /// one kind, when the page shows only trafficking and smuggling): the audit treats it as
    /// unknown (0 or more), never withholds it, and never asks that it be protected.
    pub fn latent(&mut self, key: String, value: i64) {
        self.count(key.clone(), value);
        self.latent.insert(key);
    }

    /// Marks `key` as a count of a secondary table (a report's regrouping of figures other
    /// tables already show): when a count must be withheld to protect another, secondary
    /// counts are chosen first, so the main tables keep as much as they can.
    pub fn secondary(&mut self, key: &str) {
        self.secondary.insert(key.to_owned());
    }

    /// The recorded value of `key` (exact, for building tables; never for showing).
    pub fn value(&self, key: &str) -> Option<i64> {
        self.values.get(key).copied()
    }

    /// Records that `total` is the sum of `parts` (each counted with [`Release::count`]).
    pub fn sum(&mut self, total: String, parts: Vec<String>) {
        debug_assert_eq!(
            self.values.get(&total).copied(),
            Some(parts.iter().map(|p| self.values[p]).sum::<i64>()),
            "{total} is not the sum of its parts"
        );
        self.sums.push((total, parts));
    }

    /// Decides what is shown: primary suppression, then complementary suppression until the
    /// audit finds no hidden count that could be worked out.
    pub fn protect(&self) -> Protection {
        let t = self.threshold;
        let mut status: BTreeMap<&str, ShownCount> = self
            .values
            .iter()
            .map(|(k, &v)| {
                let s = if self.latent.contains(k) {
                    ShownCount::Withheld
                } else if (1..t).contains(&v) {
                    ShownCount::Small(t)
                } else {
                    ShownCount::Exact(v)
                };
                (k.as_str(), s)
            })
            .collect();
        // How often each key is the total of a sum: margins are withheld last.
        let mut twins: BTreeSet<&str> = BTreeSet::new();
        let mut totalness: BTreeMap<&str, usize> = BTreeMap::new();
        for (total, _) in &self.sums {
            *totalness.entry(total.as_str()).or_default() += 1;
        }
        // A part that is the whole of a total that three or more sums end in (every other part
        // zero: everyone in one form, one nationality) costs as much as that total: withholding
        // it withholds the total with it.
        for (total, parts) in &self.sums {
            let v = self.values[total];
            if v > 0 && totalness.get(total.as_str()).copied().unwrap_or(0) >= 3 {
                for p in parts.iter().filter(|p| self.values[p.as_str()] == v) {
                    twins.insert(p.as_str());
                }
            }
        }
        let totalness = Cost { totalness, twins };
        loop {
            self.lines_of_one(&mut status, &totalness);
            let weak = self.audit(&status);
            if weak.is_empty() {
                break;
            }
            let mut added = false;
            let mut touched: BTreeSet<&str> = BTreeSet::new();
            for (k, part) in weak {
                // One partner per connected group a round: a partner chosen for one weak count
                // often protects the others tied to it, which the next audit will tell.
                if touched.contains(k) {
                    continue;
                }
                touched.extend(part);
                if let Some(c) = self.candidate(k, &status, &totalness) {
                    status.insert(c, ShownCount::Withheld);
                    added = true;
                }
            }
            if !added {
                // Nothing left to withhold beside them: every neighbour is zero or hidden. The
                // audit's weak counts are then pinned by zeros alone; withhold the whole release
                // rather than publish a derivable count.
                for (k, s) in status.iter_mut() {
                    if self.values[*k] != 0 {
                        *s = ShownCount::Withheld;
                    }
                }
                break;
            }
        }
        Protection {
            threshold: t,
            shown: status.into_iter().map(|(k, s)| (k.to_owned(), s)).collect(),
        }
    }

    /// The members of a sum, the total first.
    fn members(sum: &(String, Vec<String>)) -> impl Iterator<Item = &str> {
        std::iter::once(sum.0.as_str()).chain(sum.1.iter().map(String::as_str))
    }

    /// The cheap rule first: a sum with exactly one hidden non-zero member gives it away by
    /// subtraction, so withhold a second one. Repeats until no sum has a single hidden member.
    fn lines_of_one<'a>(
        &'a self,
        status: &mut BTreeMap<&'a str, ShownCount>,
        totalness: &Cost<'a>,
    ) {
        loop {
            let mut changed = false;
            for sum in &self.sums {
                let hidden: Vec<&str> = Self::members(sum)
                    .filter(|k| status[k].is_hidden())
                    .collect();
                if hidden.len() == 1 && !self.latent.contains(hidden[0]) {
                    if let Some(c) = self.pick(Self::members(sum), status, totalness) {
                        status.insert(c, ShownCount::Withheld);
                        changed = true;
                    }
                }
            }
            if !changed {
                return;
            }
        }
    }

    /// The shown, non-zero count among `keys` whose withholding costs least: secondary counts
    /// before others, parts before totals, smaller before larger, then by key.
    fn pick<'a>(
        &'a self,
        keys: impl Iterator<Item = &'a str>,
        status: &BTreeMap<&'a str, ShownCount>,
        totalness: &Cost<'a>,
    ) -> Option<&'a str> {
        keys.filter(|k| matches!(status[k], ShownCount::Exact(v) if v > 0))
            .filter(|k| !self.latent.contains(*k))
            .min_by_key(|k| {
                (
                    totalness.twins.contains(*k),
                    !self.secondary.contains(*k),
                    totalness.totalness.get(k).copied().unwrap_or(0),
                    self.values[*k],
                    *k,
                )
            })
    }

    /// A count to withhold so that `weak` stops being derivable: from the sums it is in first,
    /// then from the sums of the other hidden counts it is tied to.
    fn candidate<'a>(
        &'a self,
        weak: &'a str,
        status: &BTreeMap<&'a str, ShownCount>,
        totalness: &Cost<'a>,
    ) -> Option<&'a str> {
        // Walk outwards from the weak count through the hidden counts that share a sum with
        // it, a ring at a time (its own sums first). A cell or a simple margin in the nearest
        // ring is taken at once; a count that totals several sums (a table's grand total) only
        // when no cheaper one is found within a few rings, since withholding it drags every
        // table it totals along.
        let mut best: Option<(bool, bool, usize, usize, i64, &str)> = None;
        let mut seen: BTreeSet<&str> = BTreeSet::from([weak]);
        let mut ring = vec![weak];
        for depth in 0..4 {
            if ring.is_empty() {
                break;
            }
            let sums: Vec<&(String, Vec<String>)> = self
                .sums
                .iter()
                .filter(|s| Self::members(s).any(|m| ring.contains(&m)))
                .collect();
            if let Some(c) = self.pick(
                sums.iter().flat_map(|s| Self::members(s)),
                status,
                totalness,
            ) {
                let t = totalness.totalness.get(c).copied().unwrap_or(0);
                let primary = !self.secondary.contains(c);
                let found = (
                    totalness.twins.contains(c),
                    primary,
                    t,
                    depth,
                    self.values[c],
                    c,
                );
                if best.is_none_or(|b| found < b) {
                    best = Some(found);
                }
                if !primary && !totalness.twins.contains(c) {
                    break;
                }
            }
            let mut next = Vec::new();
            for s in sums {
                for m in Self::members(s) {
                    if status[m].is_hidden() && seen.insert(m) {
                        next.push(m);
                    }
                }
            }
            ring = next;
        }
        best.map(|b| b.5)
    }

    /// The hidden counts whose least and greatest possible values, given everything shown,
    /// differ by less than one.
    /// Each comes with the hidden counts tied to it.
    #[allow(clippy::type_complexity)]
    fn audit<'a>(
        &'a self,
        status: &BTreeMap<&'a str, ShownCount>,
    ) -> Vec<(&'a str, BTreeSet<&'a str>)> {
        let hidden: Vec<&str> = status
            .iter()
            .filter(|(k, s)| s.is_hidden() && !self.latent.contains(**k))
            .map(|(k, _)| *k)
            .collect();
        if hidden.is_empty() {
            return Vec::new();
        }
        // Only the sums that involve a hidden count constrain anything.
        let sums: Vec<&(String, Vec<String>)> = self
            .sums
            .iter()
            .filter(|s| Self::members(s).any(|k| status[k].is_hidden()))
            .collect();
        let mut weak = Vec::new();
        for &target in &hidden {
            // Only the hidden counts tied to the target through sums matter; solving the
            // connected part alone keeps each programme small.
            let part = self.component(target, &sums, status);
            let low = self.bound(
                target,
                &part,
                &sums,
                status,
                OptimizationDirection::Minimize,
            );
            let high = self.bound(
                target,
                &part,
                &sums,
                status,
                OptimizationDirection::Maximize,
            );
            match (low, high) {
                (Some(l), Some(h)) if h - l < 1.0 - 1e-6 => weak.push((target, part)),
                (Some(_), None) | (None, _) => {}
                _ => {}
            }
        }
        weak
    }

    /// The hidden counts connected to `target` through sums with hidden members.
    fn component<'a>(
        &self,
        target: &'a str,
        sums: &[&'a (String, Vec<String>)],
        status: &BTreeMap<&'a str, ShownCount>,
    ) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::from([target]);
        let mut frontier = vec![target];
        while let Some(k) = frontier.pop() {
            for s in sums.iter().filter(|s| Self::members(s).any(|m| m == k)) {
                for m in Self::members(s) {
                    if status[m].is_hidden() && seen.insert(m) {
                        frontier.push(m);
                    }
                }
            }
        }
        seen
    }

    /// The least (or greatest) value `target` can take; `None` when unbounded above.
    fn bound(
        &self,
        target: &str,
        part: &BTreeSet<&str>,
        sums: &[&(String, Vec<String>)],
        status: &BTreeMap<&str, ShownCount>,
        direction: OptimizationDirection,
    ) -> Option<f64> {
        let t = self.threshold as f64;
        let mut problem = Problem::new(direction);
        let vars: BTreeMap<&str, microlp::Variable> = part
            .iter()
            .map(|&k| {
                let range = match status[k] {
                    _ if self.latent.contains(k) => (0.0, f64::INFINITY),
                    ShownCount::Small(_) => (1.0, t - 1.0),
                    _ => (t, f64::INFINITY),
                };
                let objective = if k == target { 1.0 } else { 0.0 };
                (k, problem.add_var(objective, range))
            })
            .collect();
        for s in sums {
            if !Self::members(s).any(|m| part.contains(m)) {
                continue;
            }
            // parts − total = 0, with shown counts moved to the right-hand side.
            let mut terms = Vec::new();
            let mut rhs = 0.0;
            for (i, m) in Self::members(s).enumerate() {
                let sign = if i == 0 { -1.0 } else { 1.0 };
                match vars.get(m) {
                    Some(&v) => terms.push((v, sign)),
                    None => rhs -= sign * self.values[m] as f64,
                }
            }
            problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, rhs);
        }
        match problem.solve() {
            Ok(microlp::SolveOutcome::Solution(solution)) => Some(solution.objective()),
            // No limits are set, so the solver is never interrupted; if it were, treat the
            // count as unprotected (the safe side).
            Ok(microlp::SolveOutcome::Interrupted(_)) => Some(0.0),
            Err(microlp::Error::Unbounded) => None,
            // Infeasible cannot happen with the true values; treat it as unprotected.
            Err(_) => Some(0.0),
        }
    }
}

impl Protection {
    /// How the count under `key` is shown. A key the release never counted is a programming
    /// error and is withheld rather than shown.
    pub fn get(&self, key: &str) -> ShownCount {
        self.shown.get(key).copied().unwrap_or(ShownCount::Withheld)
    }

    /// The threshold below which counts are hidden.
    pub fn threshold(&self) -> i64 {
        self.threshold
    }

    /// Every key and how it is shown.
    pub fn iter(&self) -> impl Iterator<Item = (&str, ShownCount)> {
        self.shown.iter().map(|(k, s)| (k.as_str(), *s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-way table with margins as a release: `cells[r][c]`, row totals, column totals, grand.
    fn two_way(cells: &[&[i64]]) -> Release {
        let mut r = Release::new(5);
        let rows = cells.len();
        let cols = cells[0].len();
        let cell = |i: usize, j: usize| key("t", &[("r", &i.to_string()), ("c", &j.to_string())]);
        let row = |i: usize| key("t", &[("r", &i.to_string())]);
        let col = |j: usize| key("t", &[("c", &j.to_string())]);
        for (i, line) in cells.iter().enumerate() {
            for (j, &v) in line.iter().enumerate() {
                r.count(cell(i, j), v);
            }
            r.count(row(i), line.iter().sum());
        }
        for j in 0..cols {
            r.count(col(j), cells.iter().map(|l| l[j]).sum());
        }
        r.count("t".into(), cells.iter().flat_map(|l| l.iter()).sum());
        for i in 0..rows {
            r.sum(row(i), (0..cols).map(|j| cell(i, j)).collect());
        }
        for j in 0..cols {
            r.sum(col(j), (0..rows).map(|i| cell(i, j)).collect());
        }
        r.sum("t".into(), (0..rows).map(row).collect());
        r.sum("t".into(), (0..cols).map(col).collect());
        r
    }

    #[test]
    fn a_small_count_beside_its_total_takes_a_partner() {
        let mut r = Release::new(5);
        r.count("all".into(), 30);
        r.count("all|sex=female".into(), 2);
        r.count("all|sex=male".into(), 20);
        r.count("all|sex=transgender".into(), 8);
        r.sum(
            "all".into(),
            vec![
                "all|sex=female".into(),
                "all|sex=male".into(),
                "all|sex=transgender".into(),
            ],
        );
        let p = r.protect();
        assert_eq!(p.get("all|sex=female"), ShownCount::Small(5));
        // The smallest other part is withheld, the total stays.
        assert_eq!(p.get("all|sex=transgender"), ShownCount::Withheld);
        assert_eq!(p.get("all|sex=male"), ShownCount::Exact(20));
        assert_eq!(p.get("all"), ShownCount::Exact(30));
    }

    #[test]
    fn zeros_and_large_counts_are_shown() {
        let r = two_way(&[&[0, 10], &[12, 7]]);
        let p = r.protect();
        assert!(p.iter().all(|(_, s)| !s.is_hidden()));
    }

    #[test]
    fn the_same_data_gives_the_same_protection() {
        let r = two_way(&[&[1, 9, 14], &[6, 2, 30], &[8, 8, 3]]);
        let a: Vec<_> = r.protect().iter().map(|(k, s)| (k.to_owned(), s)).collect();
        let b: Vec<_> = r.protect().iter().map(|(k, s)| (k.to_owned(), s)).collect();
        assert_eq!(a, b);
    }
}
