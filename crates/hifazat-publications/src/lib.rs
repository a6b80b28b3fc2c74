//! Publications drawn from the records: the Red Book (the list of wanted persons and
//! absconders that FIA circles and immigration counters work from) and the quarterly Human
//! Trafficking Intelligence Gazette, as dated PDF editions.
//!
//! The crate does no database I/O: the store hands it the entries as they stood on the
//! edition's date. Rendering is deterministic (the document's date and identifier come from
//! the edition, fonts are embedded as subsets chosen by the text), so the same entries give the
//! same bytes and an edition issued in the past can be reproduced and checked against the
//! SHA-256 recorded when it was issued (by the caller: `hifazat_vault::sha256_hex`).

use chrono::{Datelike, NaiveDate};
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;

pub mod gazette;
pub use gazette::{gazette, Gazette, Section};

const REGULAR: &[u8] = include_bytes!("../data/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../data/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 48.0;
const SIZE: f32 = 9.5;
const LEAD: f32 = 13.0;

/// One person of the Red Book as printed (never a victim: the store leaves them out).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RedBookEntry {
    /// Serial or notice number.
    pub reference: String,
    /// Name.
    pub name: String,
    /// Father's name.
    pub father_name: String,
    /// Date of birth as recorded (possibly partial).
    pub date_of_birth: String,
    /// CNIC.
    pub cnic: String,
    /// Passport.
    pub passport: String,
    /// Nationality (name).
    pub nationality: String,
    /// FIA zone.
    pub zone: String,
    /// Why listed.
    pub reason: String,
    /// Listed on (`YYYY-MM-DD`).
    pub listed_on: String,
}

/// What an edition is.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// Its number (1, 2, …).
    pub number: i64,
    /// The day the list is as of.
    pub as_of: NaiveDate,
    /// The office issuing it.
    pub issued_by: String,
}

/// Why a document could not be drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the PDF could not be drawn: {}", self.0)
    }
}

/// A day as printed: `6 December 2026`.
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Lines of at most `width` points (a character counted at 0.6 of the size: DejaVu Sans'
/// widest common letters), broken between words.
fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let max = ((width / (size * 0.6)) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word: String = word.chars().take(max).collect();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A piece of text placed on a page.
pub(crate) struct Text {
    x: f32,
    y: f32,
    bold: bool,
    size: f32,
    text: String,
}

/// Pages of placed text, a new page when the next block does not fit above the footer.
pub(crate) struct Pages {
    pages: Vec<Vec<Text>>,
    /// Where the next line goes.
    pub(crate) y: f32,
}

impl Pages {
    /// One empty page, writing from `top`.
    pub(crate) fn new(top: f32) -> Self {
        Pages {
            pages: vec![Vec::new()],
            y: top,
        }
    }

    /// Starts a new page unless `h` points still fit on this one.
    pub(crate) fn room(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN - 24.0 {
            self.pages.push(Vec::new());
            self.y = MARGIN + 36.0;
        }
    }

    /// Places `text` at `x` on the current line.
    pub(crate) fn put(&mut self, x: f32, bold: bool, size: f32, text: impl Into<String>) {
        let y = self.y;
        let text = Text {
            x,
            y,
            bold,
            size,
            text: text.into(),
        };
        // There is always a page (the first is made with the document); were there none,
        // this text would start one.
        match self.pages.last_mut() {
            Some(page) => page.push(text),
            None => self.pages.push(vec![text]),
        }
    }

    /// How many pages.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.pages.len()
    }

    /// Draws the pages into a PDF: `title` atop every page after the first, `footer` and the
    /// page number at the foot of each, the document dated `as_of` and identified by `id`.
    pub(crate) fn render(
        &self,
        title: &str,
        id: &str,
        as_of: NaiveDate,
        footer: &str,
    ) -> Result<Vec<u8>, PdfError> {
        let regular =
            Font::new(REGULAR.to_vec().into(), 0).ok_or_else(|| PdfError("font".into()))?;
        let bold = Font::new(BOLD.to_vec().into(), 0).ok_or_else(|| PdfError("font".into()))?;
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .creator("Hifazat".into())
                .document_id(id.to_owned())
                .creation_date(
                    DateTime::new(as_of.year() as u16)
                        .month(as_of.month() as u8)
                        .day(as_of.day() as u8),
                ),
        );
        let n = self.pages.len();
        for (i, texts) in self.pages.iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
                .ok_or_else(|| PdfError("page size".into()))?;
            let mut page = doc.start_page_with(settings);
            let mut s = page.surface();
            let mut draw = |x: f32, y: f32, b: bool, size: f32, t: &str| {
                s.draw_text(
                    Point::from_xy(x, y),
                    if b { bold.clone() } else { regular.clone() },
                    size,
                    t,
                    false,
                    TextDirection::Auto,
                );
            };
            if i > 0 {
                draw(MARGIN, MARGIN + 12.0, true, 9.0, title);
            }
            for t in texts {
                draw(t.x, t.y, t.bold, t.size, &t.text);
            }
            draw(
                MARGIN,
                PAGE_H - MARGIN,
                false,
                8.0,
                &format!("{footer} Page {} of {n}", i + 1),
            );
            s.finish();
            page.finish();
        }
        doc.finish().map_err(|e| PdfError(format!("{e:?}")))
    }
}

/// The lines of one entry.
fn entry_lines(e: &RedBookEntry) -> Vec<(bool, String)> {
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_owned()
        } else {
            s.trim().to_owned()
        }
    };
    let mut v = vec![(
        true,
        format!(
            "{}{}",
            if e.reference.is_empty() {
                String::new()
            } else {
                format!("{}  ", e.reference)
            },
            e.name
        ),
    )];
    v.push((
        false,
        format!(
            "Father: {}   Born: {}   Nationality: {}",
            or_dash(&e.father_name),
            or_dash(&e.date_of_birth),
            or_dash(&e.nationality)
        ),
    ));
    v.push((
        false,
        format!(
            "CNIC: {}   Passport: {}   Zone: {}   Listed: {}",
            or_dash(&e.cnic),
            or_dash(&e.passport),
            or_dash(&e.zone),
            or_dash(&e.listed_on)
        ),
    ));
    if !e.reason.trim().is_empty() {
        for l in wrap(
            &format!("Reason: {}", e.reason.trim()),
            PAGE_W - 2.0 * MARGIN,
            SIZE,
        ) {
            v.push((false, l));
        }
    }
    v
}

/// Lays the title block and the entries out on pages.
fn layout(edition: &Edition, title: &str, entries: &[RedBookEntry]) -> Pages {
    let mut p = Pages::new(MARGIN + 14.0);
    p.put(MARGIN, true, 18.0, "RED BOOK");
    p.y += 20.0;
    p.put(MARGIN, false, 11.0, title);
    p.y += 16.0;
    p.put(
        MARGIN,
        false,
        SIZE,
        format!(
            "Issued by {}. {} persons listed on that day.",
            edition.issued_by,
            entries.len()
        ),
    );
    p.y += 14.0;
    p.put(
        MARGIN,
        false,
        SIZE,
        "Wanted persons and absconders. Check identity against NADRA before acting on a name.",
    );
    p.y += 28.0;
    if entries.is_empty() {
        p.put(
            MARGIN,
            false,
            SIZE,
            "No person was on the Red Book on that day.",
        );
    }
    for e in entries {
        let lines = entry_lines(e);
        p.room(lines.len() as f32 * LEAD + 10.0);
        for (bold, text) in lines {
            p.put(MARGIN, bold, SIZE, text);
            p.y += LEAD;
        }
        p.y += 10.0;
    }
    p
}

/// The Red Book as of `edition.as_of`, as a PDF.
pub fn red_book(edition: &Edition, entries: &[RedBookEntry]) -> Result<Vec<u8>, PdfError> {
    let title = format!(
        "Red Book, edition {}, as of {}",
        edition.number,
        day(edition.as_of)
    );
    layout(edition, &title, entries).render(
        &title,
        &format!("hifazat-red-book-{}-{}", edition.number, edition.as_of),
        edition.as_of,
        "Restricted: for FIA and immigration use only. Holds no victim's details.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: usize) -> RedBookEntry {
        RedBookEntry {
            reference: format!("RB-{i:04}"),
            name: format!("Synthetic Wanted {i}"),
            father_name: "Synthetic Father".into(),
            date_of_birth: "1980".into(),
            cnic: format!("35202-{:07}-1", 1_000_000 + i),
            nationality: "Pakistan".into(),
            zone: "Lahore".into(),
            reason: "Absconding in a case of human smuggling; proclaimed offender by the court of the area magistrate, long reason to wrap across the width of the page and onto a second line".into(),
            listed_on: "2026-01-05".into(),
            ..Default::default()
        }
    }

    fn edition() -> Edition {
        Edition {
            number: 3,
            as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            issued_by: "FIA Headquarters".into(),
        }
    }

    #[test]
    fn the_same_entries_give_the_same_bytes() {
        let entries: Vec<_> = (0..60).map(entry).collect();
        let a = red_book(&edition(), &entries).unwrap();
        let b = red_book(&edition(), &entries).unwrap();
        assert!(a.starts_with(b"%PDF-"));
        assert_eq!(a, b);
        let fewer = red_book(&edition(), &entries[1..]).unwrap();
        assert_ne!(a, fewer);
    }

    #[test]
    fn entries_run_over_pages_and_long_reasons_wrap() {
        let entries: Vec<_> = (0..60).map(entry).collect();
        let pages = layout(&edition(), "t", &entries);
        assert!(pages.len() > 2, "{} pages", pages.len());
        for p in &pages.pages {
            assert!(p.iter().all(|l| l.y < PAGE_H - MARGIN - 20.0));
        }
        let lines = entry_lines(&entries[0]);
        assert!(lines.len() >= 5, "the reason runs onto a second line");
        assert!(red_book(&edition(), &[]).unwrap().starts_with(b"%PDF-"));
    }
}
