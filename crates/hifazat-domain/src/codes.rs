//! Case references and victim codes: how a case and a victim are named wherever a name must
//! not appear (lists, exports, publications).

/// A case reference: district code, year and the district's running number for that year,
/// e.g. `LHR-2024-0042`.
pub fn case_reference(district_code: &str, year: i32, seq: i64) -> String {
    format!("{district_code}-{year}-{seq:04}")
}

/// A victim's case-scoped code: `V-` then the case's year, district and number, then the
/// victim's number within the case, e.g. `V-2024-LHR-0042-1`. It carries nothing about the
/// person.
pub fn victim_code(district_code: &str, year: i32, seq: i64, n: i64) -> String {
    format!("V-{year}-{district_code}-{seq:04}-{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_the_documented_shape() {
        assert_eq!(case_reference("LHR", 2024, 42), "LHR-2024-0042");
        assert_eq!(victim_code("LHR", 2024, 42, 1), "V-2024-LHR-0042-1");
        assert_eq!(victim_code("GRW", 2025, 12345, 3), "V-2025-GRW-12345-3");
    }
}
