//! Files imported from CSV (the service-provider directory, the register of licensed
//! recruitment agents): the header read into known column names, every data row kept with the
//! line it starts on, so that a refused row is reported by line, column and message.

use crate::validation::FieldErrors;
use serde::Serialize;

/// One problem with one row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RowError {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Column (`agency`, `services`…), or `row` for an unreadable row.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// A data row that could be read: the line it starts on and its cells by column name.
#[derive(Debug, Clone)]
pub struct CsvRow {
    /// The line the row starts on (the header is line 1).
    pub line: u64,
    cells: Vec<(&'static str, String)>,
}

impl CsvRow {
    /// The cell of `column`, trimmed; empty when the file has no such column.
    pub fn get(&self, column: &str) -> String {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, s)| s.trim().to_owned())
            .unwrap_or_default()
    }

    /// Every message of `e` as this row's problems.
    pub fn problems(&self, e: FieldErrors) -> Vec<RowError> {
        let mut out = Vec::new();
        for (field, msgs) in e.0 {
            for message in msgs {
                out.push(RowError {
                    line: self.line,
                    field: field.clone(),
                    message,
                });
            }
        }
        out
    }
}

/// A data row that is not readable as CSV (a cell that is not UTF-8 text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRow {
    /// The line it ends on (where the reader stopped).
    pub line: u64,
    /// The reader's words.
    pub error: String,
}

/// A file read row by row.
#[derive(Debug, Default)]
pub struct CsvFile {
    /// Data rows (blank lines not counted), readable or not.
    pub rows: usize,
    /// The rows that could be read, in order.
    pub readable: Vec<CsvRow>,
    /// The rows that could not be read.
    pub errors: Vec<RowError>,
}

/// How a file of one kind is laid out.
#[derive(Debug, Clone, Copy)]
pub struct CsvLayout {
    /// The column names, in the order documented.
    pub columns: &'static [&'static str],
    /// Other names accepted in the header for a column (`(alias, column)`).
    pub aliases: &'static [(&'static str, &'static str)],
    /// Columns the header must name.
    pub required: &'static [&'static str],
    /// The most data rows accepted in one file.
    pub max_rows: usize,
    /// A column the layout does not know is ignored (a list exported with more columns than
    /// are read) rather than refused.
    pub ignore_unknown: bool,
}

/// Why a file is refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// The first line is not readable as CSV (the reader's words).
    NotCsv(String),
    /// The header names a column the layout does not know (as read: lower case, `_` for
    /// spaces and dashes).
    UnknownColumn(String),
    /// The header lacks a required column.
    MissingColumn(&'static str),
    /// More data rows than the layout accepts.
    TooManyRows,
}

impl FileError {
    /// The message under `csv`, as [`read_csv`] words it for a file laid out as `layout`.
    pub fn errors(&self, layout: &CsvLayout) -> FieldErrors {
        let columns = layout.columns.join(",");
        let mut e = FieldErrors::new();
        e.add(
            "csv",
            match self {
                FileError::NotCsv(err) => format!("The file is not CSV: {err}"),
                FileError::UnknownColumn(h) => {
                    format!("Unknown column '{h}': the columns are {columns}")
                }
                FileError::MissingColumn(c) => {
                    format!("The first line must name the columns ({columns}); '{c}' is missing")
                }
                FileError::TooManyRows => format!(
                    "The file has more than {} rows: split it into smaller files",
                    layout.max_rows
                ),
            },
        );
        e
    }
}

/// Reads `text` laid out as `layout`. The file as a whole is refused (messages under `csv`)
/// when it is not CSV, names an unknown column, lacks a required one or has too many rows.
pub fn read_csv(text: impl AsRef<[u8]>, layout: &CsvLayout) -> Result<CsvFile, FieldErrors> {
    let mut readable = Vec::new();
    let mut errors = Vec::new();
    let rows = read_rows(text.as_ref(), layout, |row| match row {
        Ok(r) => readable.push(r),
        Err(u) => errors.push(RowError {
            line: u.line,
            field: "row".into(),
            message: format!("The row cannot be read: {}", u.error),
        }),
    })
    .map_err(|e| e.errors(layout))?;
    Ok(CsvFile {
        rows,
        readable,
        errors,
    })
}

/// Reads `text` (UTF-8, a leading byte-order mark skipped) laid out as `layout`, handing each
/// data row to `each` in file order, blank rows skipped; returns how many data rows there
/// were. The header's names are trimmed, lower-cased, with `_` for spaces and dashes, and
/// aliases read as their column. One pass over the file, so a file of a million rows reads as
/// fast per row as one of ten.
pub fn read_rows(
    text: &[u8],
    layout: &CsvLayout,
    mut each: impl FnMut(Result<CsvRow, UnreadableRow>),
) -> Result<usize, FileError> {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    let mut text = text;
    while let Some(rest) = text.strip_prefix(BOM) {
        text = rest;
    }
    // Not trimmed by the reader: its positions are unreliable, so a record's line is worked
    // out from where it ends and the line breaks inside its fields (see `Lines::start`).
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| FileError::NotCsv(e.to_string()))?
        .clone();
    let mut cols: Vec<(&'static str, usize)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_lowercase().replace([' ', '-'], "_");
        let canonical = match layout.aliases.iter().find(|(a, _)| *a == h) {
            Some((_, c)) => *c,
            None => match layout.columns.iter().find(|c| **c == h) {
                Some(c) => *c,
                None if h.is_empty() || layout.ignore_unknown => continue,
                None => return Err(FileError::UnknownColumn(h)),
            },
        };
        // A column named twice is read from its last place.
        cols.retain(|(c, _)| *c != canonical);
        cols.push((canonical, i));
    }
    if let Some(missing) = layout
        .required
        .iter()
        .find(|r| !cols.iter().any(|(c, _)| c == *r))
    {
        return Err(FileError::MissingColumn(missing));
    }
    let mut lines = Lines {
        text,
        pos: 0,
        breaks: 0,
    };
    let mut rows = 0;
    let mut record = csv::StringRecord::new();
    loop {
        let row = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) if record.iter().all(|f| f.trim().is_empty()) => continue,
            Ok(true) => Ok(CsvRow {
                line: lines.start(reader.position().byte(), &record),
                cells: cols
                    .iter()
                    .map(|(c, i)| (*c, record.get(*i).unwrap_or("").to_owned()))
                    .collect(),
            }),
            Err(e) => Err(UnreadableRow {
                // Approximate: the line where the reader stopped.
                line: lines.start(reader.position().byte(), &csv::StringRecord::new()),
                error: e.to_string(),
            }),
        };
        rows += 1;
        if rows > layout.max_rows {
            return Err(FileError::TooManyRows);
        }
        each(row);
    }
    Ok(rows)
}

/// A `;`-separated list, each item trimmed, empty items dropped.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The line breaks of a file counted as the reader moves through it.
struct Lines<'a> {
    text: &'a [u8],
    /// How far the breaks are counted.
    pos: usize,
    /// The line breaks before `pos`.
    breaks: usize,
}

impl Lines<'_> {
    /// The line a record starts on, from the byte just after it (which the CSV reader reports
    /// exactly, unlike a record's start when blank lines or CRLF precede it): the line of its
    /// last character less the line breaks inside its fields.
    fn start(&mut self, end: u64, record: &csv::StringRecord) -> u64 {
        let end = usize::try_from(end).map_or(self.text.len(), |e| e.min(self.text.len()));
        if end < self.pos {
            (self.pos, self.breaks) = (0, 0);
        }
        let newlines = |b: &[u8]| b.iter().filter(|c| **c == b'\n').count();
        self.breaks += newlines(&self.text[self.pos..end]);
        self.pos = end;
        let trailing = self.text[..end]
            .iter()
            .rev()
            .take_while(|c| matches!(c, b'\r' | b'\n'))
            .filter(|c| **c == b'\n')
            .count();
        let last = 1 + self.breaks - trailing;
        let inner: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        (last.saturating_sub(inner)).max(2) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: CsvLayout = CsvLayout {
        columns: &["name", "kind"],
        aliases: &[("title", "name")],
        required: &["name"],
        max_rows: 3,
        ignore_unknown: false,
    };

    #[test]
    fn rows_keep_their_lines_and_cells() {
        let f = read_csv(
            "\u{feff}Title,Kind\r\n\r\n\"A\r\nB\",x\r\n  ,\r\nC,y\r\n",
            &LAYOUT,
        )
        .unwrap();
        assert_eq!(f.rows, 2);
        let got: Vec<(u64, String, String)> = f
            .readable
            .iter()
            .map(|r| (r.line, r.get("name"), r.get("kind")))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, "A\r\nB".to_owned(), "x".to_owned()),
                (6, "C".into(), "y".into())
            ]
        );
        assert_eq!(f.readable[0].get("missing"), "");
    }

    #[test]
    fn a_file_is_refused_whole_for_its_header_or_its_size() {
        for bad in [
            "",
            "kind\nx\n",
            "name,colour\nA,red\n",
            "name\na\nb\nc\nd\n",
        ] {
            let e = read_csv(bad, &LAYOUT).unwrap_err();
            assert!(e.first("csv").is_some(), "{bad:?}");
        }
    }

    #[test]
    fn unknown_columns_may_be_ignored_and_a_row_that_is_not_text_is_reported() {
        let layout = CsvLayout {
            ignore_unknown: true,
            max_rows: 10,
            ..LAYOUT
        };
        let mut text = b"name,colour\nA,red\n".to_vec();
        text.extend_from_slice(b"B\xff,blue\nC,green\n");
        let f = read_csv(&text, &layout).unwrap();
        assert_eq!(f.rows, 3);
        let got: Vec<(u64, String)> = f.readable.iter().map(|r| (r.line, r.get("name"))).collect();
        assert_eq!(got, vec![(2, "A".to_owned()), (4, "C".to_owned())]);
        assert_eq!(f.errors.len(), 1);
        assert_eq!((f.errors[0].line, f.errors[0].field.as_str()), (3, "row"));
        assert!(f.errors[0].message.starts_with("The row cannot be read"));
        assert!(
            read_csv(&text, &LAYOUT).is_err(),
            "refused where unknown columns are"
        );
    }
}
