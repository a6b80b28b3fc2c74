//! The outlines of Pakistan's districts, for choropleth maps drawn as SVG on the server.
//!
//! Each [`Shape`] is one district, keyed by Hifazat's three-letter code, with its outline as
//! the `d` of an SVG `<path>`: absolute `M`/`L`/`Z` commands, one subpath per polygon, in the
//! coordinates of [`VIEW_BOX`] (equirectangular projection scaled by cos 30°, north up, y
//! downwards, 600 units wide). A page colours each path by the district's value; districts
//! share borders, so drawing every shape gives the whole country.
//!
//! The outlines come from a public-domain district map (see `data/README.md` for the source,
//! its licence, how `data/district_shapes.csv` was made and which districts were merged or
//! left out). The source predates some splits after the 2017 census: a few districts have no
//! shape of their own and are drawn inside the district they were split from (for instance
//! Sujawal within Thatta; the six districts of Karachi are one outline, keyed `MLR`). Callers
//! must not assume that every district code has a shape: [`shape`] returns `None` for those,
//! and a map should list their values beside it rather than drop them.

use serde::Deserialize;
use std::sync::OnceLock;

/// The `viewBox` of an SVG that draws the shapes: every coordinate lies inside it.
pub const VIEW_BOX: &str = "0 0 600 569";

/// Credit to show with a map drawn from these shapes. The sources are in the public domain,
/// so this is a courtesy rather than a licence condition.
pub const ATTRIBUTION: &str = "District boundaries: @svg-maps/pakistan.districts (Unlicense), \
     after Schajee's Pakistan districts map on Wikimedia Commons (public domain), \
     georeferenced to Natural Earth.";

/// One district's outline.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Shape {
    /// Hifazat's three-letter district code, e.g. `LHR`.
    pub code: String,
    /// The outline as an SVG path `d` string in the coordinates of [`VIEW_BOX`].
    pub path: String,
}

/// Every district that has a shape, ordered by code; parsed once from the compiled-in CSV.
#[allow(clippy::expect_used)] // Compiled-in data, parsed by this module's tests.
pub fn district_shapes() -> &'static [Shape] {
    static CELL: OnceLock<Vec<Shape>> = OnceLock::new();
    CELL.get_or_init(|| {
        csv::Reader::from_reader(include_str!("../data/district_shapes.csv").as_bytes())
            .deserialize()
            .collect::<Result<Vec<Shape>, _>>()
            .expect("data/district_shapes.csv is valid: checked by the tests of this module")
    })
}

/// The shape of the district with this code, if it has one.
pub fn shape(code: &str) -> Option<&'static Shape> {
    let shapes = district_shapes();
    shapes
        .binary_search_by(|s| s.code.as_str().cmp(code))
        .ok()
        .map(|i| &shapes[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use hifazat_domain::reference::districts;
    use std::collections::BTreeSet;

    fn view_box() -> [f64; 4] {
        let v: Vec<f64> = VIEW_BOX
            .split(' ')
            .map(|n| n.parse().expect("a number"))
            .collect();
        [v[0], v[1], v[2], v[3]]
    }

    #[test]
    fn every_code_is_a_known_district() {
        let known: BTreeSet<&str> = districts().iter().map(|d| d.code.as_str()).collect();
        for s in district_shapes() {
            assert!(
                known.contains(s.code.as_str()),
                "unknown district code {}",
                s.code
            );
        }
    }

    #[test]
    fn codes_are_unique_and_sorted() {
        let shapes = district_shapes();
        assert!(!shapes.is_empty());
        for pair in shapes.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} then {}: codes must be unique and in order",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn paths_are_absolute_closed_and_inside_the_view_box() {
        let [x0, y0, w, h] = view_box();
        for s in district_shapes() {
            assert!(
                s.path.starts_with('M'),
                "{}: path must start with M",
                s.code
            );
            assert!(s.path.ends_with('Z'), "{}: path must end with Z", s.code);
            assert!(
                s.path
                    .chars()
                    .all(|c| matches!(c, 'M' | 'L' | 'Z' | ',' | '.' | '-' | '0'..='9')),
                "{}: only absolute M, L and Z commands",
                s.code
            );
            for subpath in s.path.split('M').skip(1) {
                let points: Vec<&str> = subpath.trim_end_matches('Z').split('L').collect();
                assert!(
                    points.len() >= 3,
                    "{}: a subpath has fewer than 3 points",
                    s.code
                );
                for p in points {
                    let (x, y) = p.split_once(',').expect("x,y");
                    let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                    assert!(
                        (x0..=x0 + w).contains(&x) && (y0..=y0 + h).contains(&y),
                        "{}: point {x},{y} outside the view box",
                        s.code
                    );
                }
            }
        }
    }

    #[test]
    fn lookup_by_code() {
        assert_eq!(shape("LHR").map(|s| s.code.as_str()), Some("LHR"));
        assert!(shape("QTA").is_some());
        assert!(shape("MZD").is_some(), "Azad Jammu and Kashmir is drawn");
        assert!(
            shape("KHC").is_none(),
            "Karachi Central is drawn within MLR"
        );
        assert!(shape("XXX").is_none());
    }

    #[test]
    fn census_districts_with_a_shape() {
        let census: Vec<_> = districts()
            .iter()
            .filter(|d| d.census_province_code.is_some())
            .collect();
        assert_eq!(census.len(), 135);
        let drawn = census.iter().filter(|d| shape(&d.code).is_some()).count();
        println!("{drawn} of the 135 census districts have a shape");
        assert!(
            drawn >= 127,
            "only {drawn} of the 135 census districts have a shape"
        );
        let all = districts()
            .iter()
            .filter(|d| shape(&d.code).is_some())
            .count();
        assert_eq!(all, district_shapes().len());
    }
}
