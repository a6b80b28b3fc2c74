//! Files imported from CSV (the service-provider directory, the register of licensed
//! recruitment agents): the header read into known column names, every data row kept with the
//! line it starts on, so that a refused row is reported by line, column and message.

use crate::validation::FieldErrors;
use serde::Serialize;
use std::collections::HashMap;

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
    cells: HashMap<&'static str, String>,
}

impl CsvRow {
    /// The cell of `column`, trimmed; empty when the file has no such column.
    pub fn get(&self, column: &str) -> String {
        self.cells
            .get(column)
            .map(|s| s.trim().to_owned())
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
}

fn whole(m: impl Into<String>) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add("csv", m);
    e
}

/// Reads `text` laid out as `layout`. The file as a whole is refused (messages under `csv`)
/// when it is not CSV, names an unknown column, lacks a required one or has too many rows.
pub fn read_csv(text: &str, layout: &CsvLayout) -> Result<CsvFile, FieldErrors> {
    // Not trimmed by the reader: its positions are unreliable, so a record's line is worked
    // out from where it ends and the line breaks inside its fields (see `line_of`).
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| whole(format!("The file is not CSV: {e}")))?
        .clone();
    let mut cols: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_lowercase().replace([' ', '-'], "_");
        let canonical = match layout.aliases.iter().find(|(a, _)| *a == h) {
            Some((_, c)) => *c,
            None => match layout.columns.iter().find(|c| **c == h) {
                Some(c) => *c,
                None if h.is_empty() => continue,
                None => {
                    return Err(whole(format!(
                        "Unknown column '{}': the columns are {}",
                        h,
                        layout.columns.join(",")
                    )))
                }
            },
        };
        cols.insert(canonical, i);
    }
    for required in layout.required {
        if !cols.contains_key(required) {
            return Err(whole(format!(
                "The first line must name the columns ({}); '{required}' is missing",
                layout.columns.join(",")
            )));
        }
    }
    let mut out = CsvFile::default();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                out.rows += 1;
                out.errors.push(RowError {
                    // Approximate: the line where the reader stopped.
                    line: line_of(text, reader.position().byte(), &csv::StringRecord::new()),
                    field: "row".into(),
                    message: format!("The row cannot be read: {e}"),
                });
                continue;
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        out.rows += 1;
        if out.rows > layout.max_rows {
            return Err(whole(format!(
                "The file has more than {} rows: split it into smaller files",
                layout.max_rows
            )));
        }
        let line = line_of(text, reader.position().byte(), &record);
        let cells = cols
            .iter()
            .map(|(c, i)| (*c, record.get(*i).unwrap_or("").to_owned()))
            .collect();
        out.readable.push(CsvRow { line, cells });
    }
    Ok(out)
}

/// A `;`-separated list, each item trimmed, empty items dropped.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The line a record starts on, from the byte just after it (which the CSV reader reports
/// exactly, unlike a record's start when blank lines or CRLF precede it): the line of its last
/// character less the line breaks inside its fields.
fn line_of(text: &str, end: u64, record: &csv::StringRecord) -> u64 {
    let upto = text.get(..end as usize).unwrap_or(text);
    let last = 1 + upto.trim_end_matches(['\r', '\n']).matches('\n').count();
    let inner: usize = record.iter().map(|f| f.matches('\n').count()).sum();
    (last.saturating_sub(inner)).max(2) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: CsvLayout = CsvLayout {
        columns: &["name", "kind"],
        aliases: &[("title", "name")],
        required: &["name"],
        max_rows: 3,
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
}
