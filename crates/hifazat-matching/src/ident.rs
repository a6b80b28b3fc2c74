//! Identifier normalisation: CNIC, passport numbers, phone numbers and partial dates of birth.

use std::fmt;

use serde::{Deserialize, Serialize};

fn ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '٠'..='٩' => Some((c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => Some((c as u32 - '۰' as u32) as u8),
        _ => None,
    }
}

/// Why an identifier or date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    /// A CNIC must have exactly 13 digits.
    #[error("CNIC must have 13 digits, found {0}")]
    CnicLength(usize),
    /// A CNIC may only contain digits, dashes, dots and spaces.
    #[error("CNIC contains a character that is not a digit, dash or space: {0:?}")]
    CnicChar(char),
    /// Dates are `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[error("date must be YYYY-MM-DD, YYYY-MM or YYYY: {0:?}")]
    DateFormat(String),
    /// The date has a month or day that does not exist.
    #[error("date does not exist: {0:?}")]
    DateRange(String),
}

/// A Pakistani Computerised National Identity Card number: 13 digits, written
/// `12345-1234567-1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cnic(u64);

impl Cnic {
    /// Parses a CNIC written with or without dashes, spaces or dots (Urdu/Arabic digits
    /// accepted). Anything but 13 digits is refused.
    pub fn parse(s: &str) -> Result<Cnic, IdentError> {
        let mut v: u64 = 0;
        let mut n = 0usize;
        for c in s.chars() {
            if let Some(d) = ascii_digit(c) {
                v = v * 10 + d as u64;
                n += 1;
                if n > 13 {
                    // Keep counting for the message.
                    let total = s.chars().filter(|c| ascii_digit(*c).is_some()).count();
                    return Err(IdentError::CnicLength(total));
                }
            } else if c == '-' || c == ' ' || c == '.' || c == '\u{2010}' || c == '\u{2013}' {
                continue;
            } else {
                return Err(IdentError::CnicChar(c));
            }
        }
        if n != 13 {
            return Err(IdentError::CnicLength(n));
        }
        Ok(Cnic(v))
    }

    /// The 13 digits without separators.
    pub fn digits(&self) -> String {
        format!("{:013}", self.0)
    }

    /// Number of differing digit positions, or 1 for a swap of two adjacent digits.
    pub fn distance(&self, other: &Cnic) -> u32 {
        let a = self.digits();
        let b = other.digits();
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let diff: Vec<usize> = (0..13).filter(|&i| a[i] != b[i]).collect();
        if diff.len() == 2
            && diff[1] == diff[0] + 1
            && a[diff[0]] == b[diff[1]]
            && a[diff[1]] == b[diff[0]]
        {
            return 1;
        }
        diff.len() as u32
    }

    pub(crate) fn raw(&self) -> u64 {
        self.0
    }
}

impl fmt::Display for Cnic {
    /// Formats as `12345-1234567-1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{}-{}-{}", &d[..5], &d[5..12], &d[12..])
    }
}

/// Normalises a passport number for display and storage: upper case, without spaces, dashes or
/// other punctuation.
pub fn normalize_passport(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_uppercase())
        .map(|c| ascii_digit(c).map(|d| (b'0' + d) as char).unwrap_or(c))
        .collect()
}

/// Comparison key of a passport number: [`normalize_passport`] with the letters O and I folded
/// into the digits 0 and 1, which are confused when numbers are typed from a document.
pub fn passport_key(s: &str) -> String {
    normalize_passport(s)
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' => '1',
            _ => c,
        })
        .collect()
}

/// Normalises a phone number to one international form. Pakistani numbers written
/// `03001234567`, `0300-1234567`, `+92 300 1234567`, `0092 300 1234567`, `92300…` or
/// `300 1234567` become `+923001234567`; other numbers with a `+` or `00` prefix keep their
/// country code; a number that cannot be read returns `None`.
pub fn normalize_phone(s: &str) -> Option<String> {
    let t = s.trim();
    let plus = t.starts_with('+');
    let digits: String = t
        .chars()
        .filter_map(ascii_digit)
        .map(|d| (b'0' + d) as char)
        .collect();
    if digits.is_empty() {
        return None;
    }
    let intl: String = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if digits.len() == 11 && digits.starts_with('0') {
        format!("92{}", &digits[1..])
    } else if digits.len() == 10 && digits.starts_with('3') {
        format!("92{digits}")
    } else if digits.len() == 12 && digits.starts_with("92") {
        digits
    } else {
        return None;
    };
    if intl.starts_with("92") && intl.len() != 12 && intl.starts_with("923") {
        return None;
    }
    if !(8..=15).contains(&intl.len()) {
        return None;
    }
    Some(format!("+{intl}"))
}

/// A date of birth that may be known only to the year or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartialDate {
    /// Year, e.g. 1985.
    pub year: u16,
    /// Month 1–12, or `None` when unknown.
    pub month: Option<u8>,
    /// Day 1–31, or `None` when unknown.
    pub day: Option<u8>,
}

/// How two dates of birth compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateMatch {
    /// Same year, month and day.
    Exact,
    /// Equal as far as both are known (e.g. one side gives the year only).
    Partial,
    /// Day and month swapped (`1985-03-07` vs `1985-07-03`): a weaker match.
    Swapped,
    /// Full dates that differ in one part only: the day, the month, or one digit of the year
    /// (`1985-03-07` vs `1985-03-17`, `1975-03-07`): a slip of the pen more often than another
    /// person.
    OnePart,
    /// Same year and month, or same year, but a different day or month; or years one apart.
    Near,
    /// Different years.
    Conflict,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl PartialDate {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (ISO order); checks that the day exists.
    pub fn parse(s: &str) -> Result<PartialDate, IdentError> {
        let t = s.trim();
        let bad = || IdentError::DateFormat(t.to_string());
        let parts: Vec<&str> = t.split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, IdentError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse::<u32>().map_err(|_| bad())
        };
        if parts.is_empty() || parts.len() > 3 {
            return Err(bad());
        }
        let year = num(parts[0], 4)? as u16;
        let month = if parts.len() >= 2 {
            Some(num(parts[1], 2)? as u8)
        } else {
            None
        };
        let day = if parts.len() == 3 {
            Some(num(parts[2], 2)? as u8)
        } else {
            None
        };
        if year < 1800 {
            return Err(IdentError::DateRange(t.to_string()));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(IdentError::DateRange(t.to_string()));
            }
            if let Some(d) = day {
                if d == 0 || d > days_in_month(year, m) {
                    return Err(IdentError::DateRange(t.to_string()));
                }
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// A year-only date.
    pub fn year(year: u16) -> PartialDate {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// Compares two dates of birth.
    pub fn compare(&self, other: &PartialDate) -> DateMatch {
        if let (Some(m1), Some(d1), Some(m2), Some(d2)) =
            (self.month, self.day, other.month, other.day)
        {
            let same_year = self.year == other.year;
            let year_slip = !same_year && year_slip(self.year, other.year);
            return match (same_year, year_slip, m1 == m2, d1 == d2) {
                (true, _, true, true) => DateMatch::Exact,
                (true, _, _, _) if m1 == d2 && d1 == m2 => DateMatch::Swapped,
                (true, _, true, false) | (true, _, false, true) | (false, true, true, true) => {
                    DateMatch::OnePart
                }
                (true, _, false, false) => DateMatch::Near,
                _ => DateMatch::Conflict,
            };
        }
        if self.year != other.year {
            if self.year.abs_diff(other.year) > 1 {
                return DateMatch::Conflict;
            }
            return DateMatch::Near;
        }
        match (self.month, other.month) {
            (Some(m1), Some(m2)) if m1 != m2 => DateMatch::Near,
            _ => DateMatch::Partial,
        }
    }

    /// How many of year, month and day both dates give.
    pub fn common_precision(&self, other: &PartialDate) -> u8 {
        1 + u8::from(self.month.is_some() && other.month.is_some())
            + u8::from(self.day.is_some() && other.day.is_some())
    }
}

/// Two years one apart, or written with one digit different (1975 / 1985).
fn year_slip(a: u16, b: u16) -> bool {
    if a.abs_diff(b) == 1 {
        return true;
    }
    let (a, b) = (a.to_string(), b.to_string());
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cnic_with_and_without_dashes() {
        let a = Cnic::parse("35202-1234567-1").unwrap();
        let b = Cnic::parse("3520212345671").unwrap();
        let c = Cnic::parse(" 35202 1234567 1 ").unwrap();
        let d = Cnic::parse("۳۵۲۰۲-۱۲۳۴۵۶۷-۱").unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a, d);
        assert_eq!(a.to_string(), "35202-1234567-1");
        assert_eq!(a.digits(), "3520212345671");
        assert_eq!(
            Cnic::parse("35202-1234567"),
            Err(IdentError::CnicLength(12))
        );
        assert_eq!(
            Cnic::parse("35202-1234567-12"),
            Err(IdentError::CnicLength(14))
        );
        assert!(Cnic::parse("35202-12345X7-1").is_err());
        assert_eq!(
            Cnic::parse("0520212345671").unwrap().digits(),
            "0520212345671"
        );
    }

    #[test]
    fn cnic_typo_distance() {
        let a = Cnic::parse("3520212345671").unwrap();
        assert_eq!(a.distance(&Cnic::parse("3520212345672").unwrap()), 1);
        assert_eq!(a.distance(&Cnic::parse("3520221345671").unwrap()), 1);
        assert_eq!(a.distance(&Cnic::parse("9999912345671").unwrap()), 5);
    }

    #[test]
    fn passport_folds_o_and_i() {
        assert_eq!(normalize_passport(" ab 123-4567 "), "AB1234567");
        assert_eq!(passport_key("AO1I23"), passport_key("A01123"));
        assert_ne!(passport_key("AB1234567"), passport_key("AB1234568"));
    }

    #[test]
    fn phones_to_one_form() {
        for p in [
            "03001234567",
            "0300-1234567",
            "+92 300 1234567",
            "0092 300 1234567",
            "923001234567",
            "300 1234567",
        ] {
            assert_eq!(normalize_phone(p).as_deref(), Some("+923001234567"), "{p}");
        }
        assert_eq!(
            normalize_phone("+44 20 7946 0958").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(normalize_phone("12"), None);
        assert_eq!(normalize_phone(""), None);
    }

    #[test]
    fn partial_dates() {
        let full = PartialDate::parse("1985-03-07").unwrap();
        let year = PartialDate::parse("1985").unwrap();
        let swapped = PartialDate::parse("1985-07-03").unwrap();
        let other = PartialDate::parse("1990-03-07").unwrap();
        assert_eq!(full.compare(&full), DateMatch::Exact);
        assert_eq!(full.compare(&year), DateMatch::Partial);
        assert_eq!(full.compare(&swapped), DateMatch::Swapped);
        assert_eq!(full.compare(&other), DateMatch::Conflict);
        let d = |s: &str| full.compare(&PartialDate::parse(s).unwrap());
        assert_eq!(d("1986-03-07"), DateMatch::OnePart, "a year one apart");
        assert_eq!(d("1975-03-07"), DateMatch::OnePart, "one digit of the year");
        assert_eq!(d("1985-03-17"), DateMatch::OnePart, "the day");
        assert_eq!(d("1985-04-07"), DateMatch::OnePart, "the month");
        assert_eq!(d("1985-04-17"), DateMatch::Near, "month and day");
        assert_eq!(d("1986-04-07"), DateMatch::Conflict, "year and month");
        assert_eq!(
            year.compare(&PartialDate::parse("1986-03-07").unwrap()),
            DateMatch::Near
        );
        assert!(PartialDate::parse("1985-02-30").is_err());
        assert!(PartialDate::parse("07/03/1985").is_err());
        assert!(PartialDate::parse("85").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        assert_eq!(full.to_string(), "1985-03-07");
    }
}
