//! The Human Trafficking Intelligence Gazette: a quarter's trends, routes and modus operandi as
//! counts (protected by the caller, as every aggregate), and the wanted persons added to the Red
//! Book in the quarter. Deterministic like the Red Book: the same sections give the same bytes.

use crate::{day, wrap, Pages, PdfError, MARGIN, PAGE_W};
use chrono::NaiveDate;

/// One table of the Gazette: a title, what it counts, column headings and rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Title.
    pub title: String,
    /// What it counts, and how.
    pub note: String,
    /// Column headings (the first is the rows' heading).
    pub columns: Vec<String>,
    /// Rows: a label and one value per further column, as they are to be read.
    pub rows: Vec<(String, Vec<String>)>,
}

/// An issue of the Gazette.
#[derive(Debug, Clone, PartialEq)]
pub struct Gazette {
    /// Its number.
    pub number: i64,
    /// The quarter, as read (`July–September 2026`).
    pub quarter: String,
    /// The day the records are as of.
    pub as_of: NaiveDate,
    /// The office issuing it.
    pub issued_by: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

const SIZE: f32 = 9.5;
const LEAD: f32 = 13.0;

/// The Gazette as a PDF.
pub fn gazette(g: &Gazette) -> Result<Vec<u8>, PdfError> {
    let title = format!(
        "Human Trafficking Intelligence Gazette, issue {}: {}",
        g.number, g.quarter
    );
    let mut p = Pages::new(MARGIN + 14.0);
    p.put(MARGIN, true, 16.0, "HUMAN TRAFFICKING INTELLIGENCE GAZETTE");
    p.y += 20.0;
    p.put(
        MARGIN,
        false,
        11.0,
        format!("Issue {}: {}", g.number, g.quarter),
    );
    p.y += 16.0;
    p.put(
        MARGIN,
        false,
        SIZE,
        format!(
            "Issued by {}. From the records as they stood on {}.",
            g.issued_by,
            day(g.as_of)
        ),
    );
    p.y += 26.0;
    let width = PAGE_W - 2.0 * MARGIN;
    for s in &g.sections {
        let note = wrap(&s.note, width, SIZE);
        p.room(LEAD * (note.len() as f32 + 3.0));
        p.put(MARGIN, true, 11.0, &s.title);
        p.y += LEAD + 2.0;
        for l in note {
            p.put(MARGIN, false, SIZE, l);
            p.y += LEAD;
        }
        p.y += 4.0;
        // The label column takes what the value columns leave.
        let cols = s.columns.len().saturating_sub(1);
        let value_w = 70.0;
        let label_w = width - value_w * cols as f32;
        let heading_and_rows = std::iter::once((
            true,
            s.columns.first().cloned().unwrap_or_default(),
            s.columns.iter().skip(1).cloned().collect::<Vec<_>>(),
        ))
        .chain(s.rows.iter().map(|(l, v)| (false, l.clone(), v.clone())));
        for (head, label, values) in heading_and_rows {
            let lines = wrap(&label, label_w - 8.0, SIZE);
            p.room(LEAD * lines.len().max(1) as f32);
            let top = p.y;
            for l in &lines {
                p.put(MARGIN, head, SIZE, l.clone());
                p.y += LEAD;
            }
            let after = p.y;
            p.y = top;
            for (j, v) in values.iter().enumerate() {
                // Right-aligned by an estimate of the text's width.
                let w = v.chars().count() as f32 * SIZE * 0.55;
                let x = MARGIN + label_w + value_w * (j as f32 + 1.0) - w;
                p.put(x, head, SIZE, v.clone());
            }
            p.y = after.max(top + LEAD);
        }
        if s.rows.is_empty() {
            p.put(MARGIN, false, SIZE, "Nothing recorded in the quarter.");
            p.y += LEAD;
        }
        p.y += 14.0;
    }

    p.render(
        &title,
        &format!("hifazat-gazette-{}-{}", g.number, g.as_of),
        g.as_of,
        "Restricted: for law-enforcement use. Counts from 1 to 4 shown as <5; holds no victim's details.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(rows: usize) -> Gazette {
        Gazette {
            number: 2,
            quarter: "July–September 2026".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 10, 5).unwrap(),
            issued_by: "FIA Headquarters".into(),
            sections: vec![
                Section {
                    title: "Trends".into(),
                    note: "Cases reported in each month of the quarter.".into(),
                    columns: vec!["Month".into(), "Trafficking".into(), "Smuggling".into()],
                    rows: vec![("July 2026".into(), vec!["12".into(), "<5".into()])],
                },
                Section {
                    title: "Routes".into(),
                    note: "Countries of destination.".into(),
                    columns: vec!["Country".into(), "Cases".into()],
                    rows: (0..rows)
                        .map(|i| (format!("Country {i}"), vec![format!("{}", 5 + i)]))
                        .collect(),
                },
            ],
        }
    }

    #[test]
    fn the_same_sections_give_the_same_bytes_over_as_many_pages_as_needed() {
        let a = gazette(&sample(150)).unwrap();
        assert!(a.starts_with(b"%PDF-"));
        assert_eq!(a, gazette(&sample(150)).unwrap());
        assert_ne!(a, gazette(&sample(149)).unwrap());
    }
}
