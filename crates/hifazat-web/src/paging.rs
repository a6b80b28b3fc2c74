//! Paging with true totals for every list page, and the day/month/year date input.

use chrono::NaiveDate;

/// One page of a list: which page, how many per page, how many in all, and the address of the
/// list with its filters (without `page`), so that previous and next keep them.
#[derive(Debug, Clone)]
pub struct Pager {
    /// The page shown, from 1.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
    /// Rows matching the filters, all pages.
    pub total: i64,
    /// The list's address with its filters, e.g. `/cases?stage=inquiry`.
    pub base: String,
}

impl Pager {
    /// A pager; the page is kept within 1 and the last page.
    pub fn new(page: i64, per_page: i64, total: i64, base: impl Into<String>) -> Pager {
        let per_page = per_page.max(1);
        let pages = ((total + per_page - 1) / per_page).max(1);
        Pager {
            page: page.clamp(1, pages),
            per_page,
            total,
            base: base.into(),
        }
    }

    /// Number of pages (at least 1).
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    /// The first row shown, from 1.
    pub fn from(&self) -> i64 {
        if self.total == 0 {
            0
        } else {
            (self.page - 1) * self.per_page + 1
        }
    }

    /// The last row shown.
    pub fn to(&self) -> i64 {
        (self.page * self.per_page).min(self.total)
    }

    /// The address of another page.
    pub fn href(&self, page: i64) -> String {
        let base = self.base.trim_end_matches(['?', '&']);
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}page={page}")
    }
}

/// `path?filters` with only the filters that are set (the pager adds `page`).
pub fn address(path: &str, filters: &[(&str, &str)]) -> String {
    let set: Vec<(&str, &str)> = filters
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .copied()
        .collect();
    if set.is_empty() {
        return path.to_owned();
    }
    format!(
        "{path}?{}",
        serde_html_form::to_string(&set).unwrap_or_default()
    )
}

/// A date typed as day, month and year (GOV.UK's date input), kept as typed so that a form
/// shown again with a message keeps what the user wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    /// Day, as typed.
    pub day: String,
    /// Month, as typed.
    pub month: String,
    /// Year, as typed.
    pub year: String,
}

impl DateParts {
    /// The parts of a date (to fill the form).
    pub fn of(d: Option<NaiveDate>) -> DateParts {
        match d {
            Some(d) => {
                use chrono::Datelike;
                DateParts {
                    day: d.day().to_string(),
                    month: d.month().to_string(),
                    year: d.year().to_string(),
                }
            }
            None => DateParts::default(),
        }
    }

    /// The parts as typed.
    pub fn typed(day: &str, month: &str, year: &str) -> DateParts {
        DateParts {
            day: day.to_owned(),
            month: month.to_owned(),
            year: year.to_owned(),
        }
    }

    /// True when nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.day.trim().is_empty() && self.month.trim().is_empty() && self.year.trim().is_empty()
    }

    /// The date, `None` when nothing was typed, or the message to show (in English, translated
    /// by the page like every other field message).
    pub fn date(&self) -> Result<Option<NaiveDate>, &'static str> {
        if self.is_empty() {
            return Ok(None);
        }
        let num = |s: &str| s.trim().parse::<u32>().ok();
        let (Some(d), Some(m), Some(y)) = (num(&self.day), num(&self.month), num(&self.year))
        else {
            return Err("Enter the date as a day, a month and a year, in numbers");
        };
        if !(1900..=2100).contains(&y) {
            return Err("Enter the year as four digits, for example 2026");
        }
        NaiveDate::from_ymd_opt(y as i32, m, d)
            .map(Some)
            .ok_or("Enter a real date")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pager_counts_and_keeps_filters() {
        let p = Pager::new(2, 50, 2129, "/audit?action=login");
        assert_eq!((p.from(), p.to(), p.pages()), (51, 100, 43));
        assert_eq!(p.href(3), "/audit?action=login&page=3");
        assert_eq!(Pager::new(99, 50, 10, "/x").page, 1);
        assert_eq!(Pager::new(1, 50, 0, "/x").from(), 0);
        assert_eq!(Pager::new(1, 50, 0, "/x?").href(2), "/x?page=2");
    }

    #[test]
    fn dates_are_read_from_three_boxes() {
        let d = |day: &str, month: &str, year: &str| DateParts {
            day: day.into(),
            month: month.into(),
            year: year.into(),
        };
        assert_eq!(
            d("5", "1", "2026").date(),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 5))
        );
        assert_eq!(d("", "", "").date(), Ok(None));
        assert!(d("31", "2", "2026").date().is_err());
        assert!(d("5", "x", "2026").date().is_err());
        assert!(d("5", "1", "26").date().is_err());
        assert_eq!(
            DateParts::of(NaiveDate::from_ymd_opt(2026, 1, 5)),
            d("5", "1", "2026")
        );
    }
}
