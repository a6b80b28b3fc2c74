//! A release's tables as CSV (one long table, one line per count) and XLSX (a sheet per table,
//! each stating its period, scope and definition). Both write only what the page shows: the
//! protected counts, never the values behind `<5` or `x`.

use crate::indicators::{Row, Table};
use hifazat_domain::stats::ShownCount;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// What every export states beside its numbers.
#[derive(Debug, Clone)]
pub struct Heading<'a> {
    /// The report's title.
    pub title: &'a str,
    /// The period in words.
    pub period: &'a str,
    /// The scope (jurisdiction) in words.
    pub scope: &'a str,
    /// How hidden counts are marked, in words.
    pub note: &'a str,
    /// Column names for the CSV and the words "Total" and "Per 100,000".
    pub words: Words<'a>,
}

/// Fixed words of the exports, in the reader's language.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    /// "Period".
    pub period: &'a str,
    /// "Scope".
    pub scope: &'a str,
    /// "Definition".
    pub definition: &'a str,
    /// "Total".
    pub total: &'a str,
    /// "Per 100,000".
    pub rate: &'a str,
}

fn lines(t: &Table) -> impl Iterator<Item = &Row> {
    t.rows.iter().chain(t.totals.iter())
}

/// Every count of `tables` as CSV: table, title, row, column and the shown value.
pub fn csv(tables: &[Table], h: &Heading) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "table",
        "title",
        "period",
        "scope",
        "row_code",
        "row",
        "column_code",
        "column",
        "value",
    ])?;
    for t in tables {
        for r in lines(t) {
            let mut put = |code: &str, label: &str, value: String| {
                w.write_record([
                    t.id.as_str(),
                    t.title.as_str(),
                    h.period,
                    h.scope,
                    r.heading.code.as_str(),
                    r.heading.label.as_str(),
                    code,
                    label,
                    value.as_str(),
                ])
            };
            for (c, v) in t.columns.iter().zip(&r.cells) {
                put(&c.code, &c.label, v.to_string())?;
            }
            if let Some(v) = r.total {
                put("total", h.words.total, v.to_string())?;
            }
            if let Some(rate) = r.rate {
                put("rate_per_100000", h.words.rate, format!("{rate:.2}"))?;
            }
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The tables as an XLSX workbook: an "About" sheet, then a sheet per table.
pub fn xlsx(tables: &[Table], h: &Heading) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let about = book.add_worksheet();
    about.set_name("About")?;
    about.set_column_width(0, 18)?;
    about.set_column_width(1, 90)?;
    about.write_string_with_format(0, 0, h.title, &bold)?;
    about.write_string(1, 0, h.words.period)?;
    about.write_string(1, 1, h.period)?;
    about.write_string(2, 0, h.words.scope)?;
    about.write_string(2, 1, h.scope)?;
    about.write_string_with_format(3, 1, h.note, &wrap)?;
    for (i, t) in tables.iter().enumerate() {
        let row = 5 + i as u32;
        about.write_string(row, 0, &t.id)?;
        about.write_string(row, 1, &t.title)?;
    }
    for t in tables {
        let s = book.add_worksheet();
        // Sheet names are at most 31 characters; table ids are short and unique.
        s.set_name(&t.id)?;
        s.set_column_width(0, 40)?;
        s.write_string_with_format(0, 0, &t.title, &bold)?;
        s.write_string(1, 0, format!("{}: {}", h.words.period, h.period))?;
        s.write_string(2, 0, format!("{}: {}", h.words.scope, h.scope))?;
        s.write_string(3, 0, format!("{}: {}", h.words.definition, t.definition))?;
        s.write_string(4, 0, h.note)?;
        let head = 6;
        s.write_string_with_format(head, 0, &t.rows_are, &bold)?;
        let mut col = 1u16;
        for c in &t.columns {
            s.write_string_with_format(head, col, &c.label, &bold)?;
            col += 1;
        }
        let has_total = t.rows.iter().any(|r| r.total.is_some());
        if has_total {
            s.write_string_with_format(head, col, h.words.total, &bold)?;
            col += 1;
        }
        if t.rates {
            s.write_string_with_format(head, col, h.words.rate, &bold)?;
        }
        for (i, r) in lines(t).enumerate() {
            let y = head + 1 + i as u32;
            s.write_string(y, 0, &r.heading.label)?;
            let mut x = 1u16;
            let mut put = |x: u16, v: ShownCount| match v {
                ShownCount::Exact(n) => s.write_number(y, x, n as f64).map(|_| ()),
                other => s.write_string(y, x, other.to_string()).map(|_| ()),
            };
            for v in &r.cells {
                put(x, *v)?;
                x += 1;
            }
            if has_total {
                if let Some(v) = r.total {
                    put(x, v)?;
                }
                x += 1;
            }
            if let Some(rate) = r.rate {
                s.write_number(y, x, (rate * 100.0).round() / 100.0)?;
            }
        }
    }
    book.save_to_buffer()
}
