//! Routes (issue 13, item 5): origin district → exit point → destination country, counted over
//! a period from the cases and the returnees' debriefings, compared with the period of the same
//! length just before, and drawn as a three-column flow chart (SVG, on the server).
//!
//! A route is the triple (origin, exit, destination); its transit points are kept as the
//! most-told sequences within it. A case with several destinations counts once on each of its
//! routes. Flags, for the Gazette:
//! - **new**: taken at least [`NEW_MIN`] times in the period, never in the period before (a
//!   single new journey is in the table, not flagged: one returnee's story is not yet a route);
//! - **rising**: at least [`RISING_MIN`] in the period and at least twice the period before;
//! - **falling**: at least [`RISING_MIN`] in the period before and at most half of it now.
//!
//! No I/O: the store reads the records, the pages and the Gazette show the result.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A route is flagged as rising or falling only from this many journeys in the larger period.
pub const RISING_MIN: i64 = 3;

/// A route never taken before is flagged new from this many journeys in the period.
pub const NEW_MIN: i64 = 2;

/// Where a journey was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteSource {
    /// A case's origin, transit points, exit point and destinations.
    Case,
    /// A returnee's debriefing (one that opened no case; a case's own route counts once).
    Debriefing,
}

/// One journey as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRecord {
    /// Case or debriefing.
    pub source: RouteSource,
    /// The day it was reported (a case) or told (a debriefing).
    pub on: NaiveDate,
    /// Origin district (code), when known.
    pub origin: Option<String>,
    /// Transit points in order.
    pub transit: Vec<String>,
    /// Exit point from Pakistan, when known.
    pub exit: Option<String>,
    /// Destination countries (ISO 3166-1 alpha-2); none when not known.
    pub destinations: Vec<String>,
}

/// How a route moved against the period before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteFlag {
    /// Not taken in the period before.
    New,
    /// At least doubled.
    Rising,
    /// At least halved.
    Falling,
}

impl RouteFlag {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            RouteFlag::New => "new",
            RouteFlag::Rising => "rising",
            RouteFlag::Falling => "falling",
        }
    }
}

/// One route with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RouteRow {
    /// Origin district (code), or `None` when not recorded.
    pub origin: Option<String>,
    /// Exit point, or `None`.
    pub exit: Option<String>,
    /// Destination country (alpha-2), or `None`.
    pub destination: Option<String>,
    /// Journeys in the period from cases.
    pub cases: i64,
    /// Journeys in the period from debriefings.
    pub debriefings: i64,
    /// Both.
    pub total: i64,
    /// Journeys in the period before.
    pub before: i64,
    /// The flag, if any.
    pub flag: Option<RouteFlag>,
    /// The most-told transit sequences within the route (`Quetta → Taftan`), with counts, most
    /// first (at most three).
    pub transit: Vec<(String, i64)>,
}

/// The routes of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RouteTable {
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
    /// The routes taken in the period, and those that fell out of use (total 0, flagged
    /// falling), most journeys first.
    pub rows: Vec<RouteRow>,
    /// Journeys counted in the period.
    pub journeys: i64,
}

type Key = (Option<String>, Option<String>, Option<String>);

fn keys(r: &RouteRecord) -> Vec<Key> {
    if r.destinations.is_empty() {
        vec![(r.origin.clone(), r.exit.clone(), None)]
    } else {
        r.destinations
            .iter()
            .map(|d| (r.origin.clone(), r.exit.clone(), Some(d.clone())))
            .collect()
    }
}

/// The period of the same length ending the day before `from`.
pub fn period_before(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = (to - from).num_days().max(0) + 1;
    let end = from - chrono::Duration::days(1);
    (end - chrono::Duration::days(days - 1), end)
}

/// Counts `records` into routes for `from..=to`, flagged against the period before (records
/// outside both periods are ignored). Routes without an origin, exit and destination are not
/// routes and are left out.
pub fn aggregate(records: &[RouteRecord], from: NaiveDate, to: NaiveDate) -> RouteTable {
    let (bfrom, bto) = period_before(from, to);
    #[derive(Default)]
    struct Acc {
        cases: i64,
        debriefings: i64,
        before: i64,
        transit: HashMap<String, i64>,
    }
    let mut acc: BTreeMap<Key, Acc> = BTreeMap::new();
    let mut journeys = 0;
    for r in records {
        let now = from <= r.on && r.on <= to;
        let earlier = bfrom <= r.on && r.on <= bto;
        if !now && !earlier {
            continue;
        }
        let ks: Vec<Key> = keys(r)
            .into_iter()
            .filter(|(o, e, d)| o.is_some() || e.is_some() || d.is_some())
            .collect();
        if now && !ks.is_empty() {
            journeys += 1;
        }
        for k in ks {
            let a = acc.entry(k).or_default();
            if now {
                match r.source {
                    RouteSource::Case => a.cases += 1,
                    RouteSource::Debriefing => a.debriefings += 1,
                }
                if !r.transit.is_empty() {
                    *a.transit.entry(r.transit.join(" → ")).or_default() += 1;
                }
            } else {
                a.before += 1;
            }
        }
    }
    let mut rows: Vec<RouteRow> = acc
        .into_iter()
        .map(|((origin, exit, destination), a)| {
            let total = a.cases + a.debriefings;
            let flag = if a.before == 0 {
                (total >= NEW_MIN).then_some(RouteFlag::New)
            } else if total >= RISING_MIN && total >= 2 * a.before {
                Some(RouteFlag::Rising)
            } else if a.before >= RISING_MIN && 2 * total <= a.before {
                Some(RouteFlag::Falling)
            } else {
                None
            };
            let mut transit: Vec<(String, i64)> = a.transit.into_iter().collect();
            transit.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            transit.truncate(3);
            RouteRow {
                origin,
                exit,
                destination,
                cases: a.cases,
                debriefings: a.debriefings,
                total,
                before: a.before,
                flag,
                transit,
            }
        })
        .filter(|r| r.total > 0 || r.flag == Some(RouteFlag::Falling))
        .collect();
    rows.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then(b.before.cmp(&a.before))
            .then(a.origin.cmp(&b.origin))
            .then(a.exit.cmp(&b.exit))
            .then(a.destination.cmp(&b.destination))
    });
    RouteTable {
        from,
        to,
        rows,
        journeys,
    }
}

/// The names the chart writes for codes, in the page's language.
pub struct FlowLabels<'a> {
    /// An origin district's name from its code (`None` = not recorded).
    pub origin: &'a dyn Fn(Option<&str>) -> String,
    /// An exit point's name.
    pub exit: &'a dyn Fn(Option<&str>) -> String,
    /// A destination country's name from its code.
    pub destination: &'a dyn Fn(Option<&str>) -> String,
    /// The chart's accessible title.
    pub title: String,
    /// Right to left (Urdu): the columns run from the right.
    pub rtl: bool,
}

/// How many nodes a column shows; the rest are merged into one ("others").
pub const NODES_PER_COLUMN: usize = 8;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The routes as a flow chart: origins on one side, exit points in the middle, destinations
/// on the other, each band as wide as its journeys. The biggest [`NODES_PER_COLUMN`] of each
/// column are drawn by name, the rest together as `other` (its label from the closures called
/// with `Some("")`). Deterministic: the same table gives the same bytes.
pub fn flow_svg(t: &RouteTable, labels: &FlowLabels) -> String {
    const W: f64 = 900.0;
    const NODE_W: f64 = 14.0;
    const GAP: f64 = 10.0;
    const H: f64 = 420.0;
    let live: Vec<&RouteRow> = t.rows.iter().filter(|r| r.total > 0).collect();
    let total: i64 = live.iter().map(|r| r.total).sum();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {}\" role=\"img\" aria-labelledby=\"routes-chart-title\" class=\"flow\"><title id=\"routes-chart-title\">{}</title>",
        H + 20.0,
        esc(&labels.title)
    );
    if total == 0 {
        out.push_str("</svg>");
        return out;
    }
    // Each column's nodes: the biggest by name, the rest as "other" (key Some("")).
    type Col = Vec<(Option<String>, i64)>;
    let column =
        |pick: &dyn Fn(&RouteRow) -> Option<String>| -> (Col, HashMap<Option<String>, usize>) {
            let mut sums: BTreeMap<Option<String>, i64> = BTreeMap::new();
            for r in &live {
                *sums.entry(pick(r)).or_default() += r.total;
            }
            let mut v: Vec<(Option<String>, i64)> = sums.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut index = HashMap::new();
            let mut col: Col = Vec::new();
            let mut other = 0;
            for (i, (k, n)) in v.into_iter().enumerate() {
                if i < NODES_PER_COLUMN {
                    index.insert(k.clone(), col.len());
                    col.push((k, n));
                } else {
                    other += n;
                    index.insert(k, NODES_PER_COLUMN);
                }
            }
            if other > 0 {
                col.push((Some(String::new()), other));
            }
            (col, index)
        };
    let (origins, oi) = column(&|r| r.origin.clone());
    let (exits, ei) = column(&|r| r.exit.clone());
    let (dests, di) = column(&|r| r.destination.clone());
    let scale = |col: &Col| (H - GAP * (col.len().saturating_sub(1)) as f64) / total as f64;
    let k = scale(&origins).min(scale(&exits)).min(scale(&dests));
    let xs = if labels.rtl {
        [W - 200.0 - NODE_W, (W - NODE_W) / 2.0, 200.0]
    } else {
        [200.0, (W - NODE_W) / 2.0, W - 200.0 - NODE_W]
    };
    // Node tops.
    let tops = |col: &Col| -> Vec<f64> {
        let mut y = 10.0;
        col.iter()
            .map(|(_, n)| {
                let top = y;
                y += *n as f64 * k + GAP;
                top
            })
            .collect()
    };
    let (ot, et, dt) = (tops(&origins), tops(&exits), tops(&dests));
    // Bands: origin → exit and exit → destination, stacked within each node in a fixed order.
    let mut left: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    let mut right: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for r in &live {
        let (o, e, d) = (oi[&r.origin], ei[&r.exit], di[&r.destination]);
        *left.entry((o, e)).or_default() += r.total;
        *right.entry((e, d)).or_default() += r.total;
    }
    let band = |out: &mut String, from_x: f64, to_x: f64, y0: f64, y1: f64, n: i64| {
        let w = n as f64 * k;
        let (a, b) = (y0 + w / 2.0, y1 + w / 2.0);
        let (sx, ex) = if labels.rtl {
            (from_x, to_x + NODE_W)
        } else {
            (from_x + NODE_W, to_x)
        };
        let mid = (sx + ex) / 2.0;
        out.push_str(&format!(
            "<path d=\"M{sx:.1} {a:.1} C{mid:.1} {a:.1} {mid:.1} {b:.1} {ex:.1} {b:.1}\" stroke-width=\"{:.1}\" class=\"band\"/>",
            w.max(1.0)
        ));
    };
    // Each pair of columns: the bands stacked within the node they leave and the one they reach.
    for (pairs, (from_tops, to_tops), (fx, tx)) in [
        (&left, (&ot, &et), (xs[0], xs[1])),
        (&right, (&et, &dt), (xs[1], xs[2])),
    ] {
        let mut out_off = vec![0.0; from_tops.len()];
        let mut in_off = vec![0.0; to_tops.len()];
        for ((a, b), n) in pairs {
            band(
                &mut out,
                fx,
                tx,
                from_tops[*a] + out_off[*a],
                to_tops[*b] + in_off[*b],
                *n,
            );
            out_off[*a] += *n as f64 * k;
            in_off[*b] += *n as f64 * k;
        }
    }
    // Nodes and their labels (outside the chart on the sides, beside the node in the middle).
    let name = |f: &dyn Fn(Option<&str>) -> String, key: &Option<String>| f(key.as_deref());
    let nodes = |out: &mut String,
                 col: &Col,
                 tops: &[f64],
                 x: f64,
                 f: &dyn Fn(Option<&str>) -> String,
                 side: i8| {
        for ((key, n), top) in col.iter().zip(tops) {
            let h = (*n as f64 * k).max(1.0);
            out.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{NODE_W}\" height=\"{h:.1}\" class=\"node\"><title>{}: {n}</title></rect>",
                esc(&name(f, key))
            ));
            let (tx, anchor) = match side {
                -1 => (x - 6.0, "end"),
                1 => (x + NODE_W + 6.0, "start"),
                _ => (x + NODE_W + 4.0, "start"),
            };
            out.push_str(&format!(
                "<text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{} ({n})</text>",
                top + h / 2.0,
                esc(&name(f, key))
            ));
        }
    };
    let (first, last) = if labels.rtl { (1, -1) } else { (-1, 1) };
    nodes(&mut out, &origins, &ot, xs[0], labels.origin, first);
    nodes(&mut out, &exits, &et, xs[1], labels.exit, 0);
    nodes(&mut out, &dests, &dt, xs[2], labels.destination, last);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rec(on: &str, origin: &str, exit: &str, dest: &str, source: RouteSource) -> RouteRecord {
        RouteRecord {
            source,
            on: d(on),
            origin: Some(origin.into()),
            transit: vec!["Quetta".into()],
            exit: Some(exit.into()),
            destinations: vec![dest.into()],
        }
    }

    #[test]
    fn routes_are_counted_and_flagged_against_the_period_before() {
        use RouteSource::*;
        let mut v = vec![
            // Gujranwala → Taftan → Iran: 1 before, 3 now: rising.
            rec("2026-05-10", "GRW", "Taftan", "IR", Case),
            rec("2026-08-01", "GRW", "Taftan", "IR", Case),
            rec("2026-08-02", "GRW", "Taftan", "IR", Debriefing),
            rec("2026-09-30", "GRW", "Taftan", "IR", Case),
            // Gujrat → Mand → Oman: new; Lahore → Wagah → India once: not yet a route.
            rec("2026-07-15", "GJT", "Mand", "OM", Debriefing),
            rec("2026-07-16", "GJT", "Mand", "OM", Case),
            rec("2026-08-16", "LHR", "Wagah", "IN", Case),
            // Sialkot → Gwadar → Oman: 4 before, none now: falling.
            rec("2026-04-02", "SKT", "Gwadar", "OM", Case),
            rec("2026-04-03", "SKT", "Gwadar", "OM", Case),
            rec("2026-05-03", "SKT", "Gwadar", "OM", Case),
            rec("2026-06-03", "SKT", "Gwadar", "OM", Case),
            // Outside both periods: ignored.
            rec("2025-01-01", "LHR", "Wagah", "IN", Case),
        ];
        // A case with two destinations counts on both routes, once as a journey.
        v.push(RouteRecord {
            destinations: vec!["IR".into(), "TR".into()],
            ..rec("2026-09-01", "MBD", "Taftan", "IR", Case)
        });
        let t = aggregate(&v, d("2026-07-01"), d("2026-09-30"));
        assert_eq!(
            period_before(d("2026-07-01"), d("2026-09-30")),
            (d("2026-03-31"), d("2026-06-30"))
        );
        let row = |o: &str, dst: &str| {
            t.rows
                .iter()
                .find(|r| r.origin.as_deref() == Some(o) && r.destination.as_deref() == Some(dst))
                .unwrap()
        };
        assert_eq!(t.journeys, 7);
        assert_eq!(row("LHR", "IN").flag, None);
        let g = row("GRW", "IR");
        assert_eq!((g.cases, g.debriefings, g.total, g.before), (2, 1, 3, 1));
        assert_eq!(g.flag, Some(RouteFlag::Rising));
        assert_eq!(g.transit, vec![("Quetta".to_owned(), 3)]);
        assert_eq!(row("GJT", "OM").flag, Some(RouteFlag::New));
        let s = row("SKT", "OM");
        assert_eq!(
            (s.total, s.before, s.flag),
            (0, 4, Some(RouteFlag::Falling))
        );
        assert_eq!(row("MBD", "TR").total, 1);
        assert_eq!(
            row("LHR", "IN").total,
            1,
            "the 2025 journey is outside both periods"
        );
        assert_eq!(
            t.rows[0].origin.as_deref(),
            Some("GRW"),
            "most journeys first"
        );
    }

    #[test]
    fn the_flow_chart_draws_every_route_and_escapes_names() {
        let v = vec![
            rec(
                "2026-08-01",
                "GRW",
                "Taftan <land>",
                "IR",
                RouteSource::Case,
            ),
            rec("2026-08-02", "GJT", "Mand", "OM", RouteSource::Debriefing),
        ];
        let t = aggregate(&v, d("2026-07-01"), d("2026-09-30"));
        let name = |s: Option<&str>| s.unwrap_or("not recorded").to_owned();
        let labels = FlowLabels {
            origin: &name,
            exit: &name,
            destination: &name,
            title: "Routes".into(),
            rtl: false,
        };
        let svg = flow_svg(&t, &labels);
        assert_eq!(svg.matches("class=\"band\"").count(), 4);
        assert_eq!(svg.matches("class=\"node\"").count(), 6);
        assert!(svg.contains("Taftan &lt;land&gt; (1)") && !svg.contains("<land>"));
        assert_eq!(svg, flow_svg(&t, &labels), "deterministic");
        let empty = aggregate(&[], d("2026-07-01"), d("2026-09-30"));
        assert!(!flow_svg(&empty, &labels).contains("class=\"band\""));
    }
}
