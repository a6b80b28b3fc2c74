//! Figures published by others, read from their files so that national figures can be shown
//! beside regional ones: UNODC's GLOTIP data export (`data_glotip.xlsx`, or the same saved as
//! CSV) with its columns `Iso3_code, Country, Region, Subregion, Indicator, Dimension,
//! Category, Sex, Age, Year, Unit of measurement, txtVALUE, Source`. Title lines above the
//! heading are skipped; every row that cannot be read is reported with its line and why, and
//! every other row is kept.

use serde::Serialize;
use std::collections::BTreeMap;

/// One published figure.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Figure {
    /// ISO 3166 alpha-3 code of the country (empty for regional aggregates).
    pub iso3: String,
    /// Country or area as published.
    pub country: String,
    /// Region as published.
    pub region: String,
    /// Subregion as published.
    pub subregion: String,
    /// E.g. `Detected trafficking victims`, `Persons convicted`.
    pub indicator: String,
    /// E.g. `Total`, `by form of exploitation`.
    pub dimension: String,
    /// E.g. `Total`, `Forced labour`.
    pub category: String,
    /// `Female`, `Male`, `Total`…
    pub sex: String,
    /// `0 to 17 years`, `18 years or over`, `Total`…
    pub age: String,
    /// The year counted.
    pub year: i32,
    /// The value as published (`123`, `<5`).
    pub value: String,
    /// The value as a number, when it is one.
    pub number: Option<i64>,
    /// Unit as published.
    pub unit: String,
    /// The publisher's source note.
    pub source: String,
}

impl Figure {
    /// What makes a figure the same figure in two files.
    pub fn key(&self) -> (String, String, String, String, String, String, String, i32) {
        (
            if self.iso3.is_empty() {
                self.country.clone()
            } else {
                self.iso3.clone()
            },
            self.indicator.clone(),
            self.dimension.clone(),
            self.category.clone(),
            self.sex.clone(),
            self.age.clone(),
            self.unit.clone(),
            self.year,
        )
    }
}

/// A row that was not kept.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rejected {
    /// The line (CSV) or row (XLSX) number, counting from 1 as a spreadsheet does.
    pub line: usize,
    /// Why, in English (the pages translate it).
    pub message: String,
    /// For a repeated figure, the line it is first on.
    pub earlier: Option<usize>,
}

/// What a file gave.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Read {
    /// The figures kept.
    pub figures: Vec<Figure>,
    /// The rows refused.
    pub rejected: Vec<Rejected>,
}

/// Why a whole file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum FileError {
    /// Not a CSV or XLSX file, or a damaged one.
    Unreadable(String),
    /// No line with the columns of the export.
    NoHeading,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Unreadable(_) => {
                f.write_str("The file could not be read: choose the XLSX file as downloaded, or save it as CSV (UTF-8)")
            }
            FileError::NoHeading => f.write_str(
                "No line of the file has the export's columns (Country, Indicator, Year, txtVALUE…)",
            ),
        }
    }
}

const REQUIRED: &[&str] = &[
    "country",
    "indicator",
    "dimension",
    "category",
    "sex",
    "age",
    "year",
];
const OPTIONAL: &[&str] = &[
    "iso3_code",
    "region",
    "subregion",
    "unit of measurement",
    "source",
];

/// The lines of a file as text cells: XLSX (first sheet) when it starts as a zip, else CSV.
fn lines(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    if bytes.starts_with(b"PK") {
        use calamine::{Data, Reader, Xlsx};
        let mut book = Xlsx::new(std::io::Cursor::new(bytes))
            .map_err(|e| FileError::Unreadable(e.to_string()))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| FileError::Unreadable("the workbook has no sheet".into()))?
            .map_err(|e| FileError::Unreadable(e.to_string()))?;
        // Rows are numbered as the spreadsheet shows them, even when the range starts lower.
        let first = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        let mut out = vec![Vec::new(); first];
        for row in range.rows() {
            out.push(
                row.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                        other => other.to_string(),
                    })
                    .collect(),
            );
        }
        return Ok(out);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| FileError::Unreadable("not UTF-8".into()))?;
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| FileError::Unreadable(e.to_string()))?;
        // Blank lines are skipped by the reader (and may be counted into the next record's
        // start): number each record by the first non-blank byte it starts from.
        let line = rec
            .position()
            .map(|p| {
                let from = p.byte() as usize;
                let skip = text.as_bytes()[from..]
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
                text.as_bytes()[..from + skip]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1
            })
            .unwrap_or(out.len() + 1);
        while out.len() + 1 < line {
            out.push(Vec::new());
        }
        out.push(rec.iter().map(str::to_owned).collect());
    }
    Ok(out)
}

/// A published value: a whole number (with thousands separators), or a mark like `<5`.
fn value(s: &str) -> Option<(String, Option<i64>)> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('<') {
        return rest
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(|_| (s.replace(' ', ""), None));
    }
    let plain = s.replace([',', ' '], "");
    if let Ok(n) = plain.parse::<i64>() {
        return (n >= 0).then(|| (n.to_string(), Some(n)));
    }
    // A spreadsheet may hold 12.0 for 12.
    match plain.parse::<f64>() {
        Ok(f) if f >= 0.0 && f.fract() == 0.0 && f < 1e15 => {
            Some(((f as i64).to_string(), Some(f as i64)))
        }
        _ => None,
    }
}

/// Reads a GLOTIP export (XLSX or CSV).
pub fn read_glotip(bytes: &[u8]) -> Result<Read, FileError> {
    let lines = lines(bytes)?;
    let norm = |s: &str| s.trim().to_lowercase();
    let (head_at, columns) = lines
        .iter()
        .enumerate()
        .take(20)
        .find_map(|(i, l)| {
            let cols: Vec<String> = l.iter().map(|c| norm(c)).collect();
            let has = |n: &str| cols.iter().any(|c| c == n);
            (REQUIRED.iter().all(|n| has(n)) && (has("txtvalue") || has("value")))
                .then_some((i, cols))
        })
        .ok_or(FileError::NoHeading)?;
    let col = |n: &str| columns.iter().position(|c| c == n);
    let at: BTreeMap<&str, usize> = REQUIRED
        .iter()
        .chain(OPTIONAL)
        .filter_map(|n| col(n).map(|i| (*n, i)))
        .collect();
    let value_col = col("txtvalue").or_else(|| col("value")).unwrap_or(0);
    let mut read = Read::default();
    let mut seen: BTreeMap<_, usize> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate().skip(head_at + 1) {
        let line = i + 1;
        if l.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |n: &str| {
            at.get(n)
                .and_then(|&j| l.get(j))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        let reject = |m: &str| Rejected {
            line,
            message: m.to_owned(),
            earlier: None,
        };
        let iso3 = get("iso3_code").to_uppercase();
        if get("country").is_empty() && iso3.is_empty() {
            read.rejected
                .push(reject("The row names no country or area"));
            continue;
        }
        let three_letters = iso3.len() == 3 && iso3.chars().all(|c| c.is_ascii_uppercase());
        if !iso3.is_empty() && !three_letters {
            read.rejected
                .push(reject("The ISO code is not three letters (e.g. PAK)"));
            continue;
        }
        if get("indicator").is_empty() {
            read.rejected.push(reject("The row has no indicator"));
            continue;
        }
        let year = match get("year").parse::<i32>() {
            Ok(y) if (1990..=2100).contains(&y) => y,
            _ => {
                read.rejected
                    .push(reject("The year is not a year between 1990 and 2100"));
                continue;
            }
        };
        let Some((value, number)) = l.get(value_col).and_then(|v| value(v)) else {
            read.rejected.push(reject(
                "The value is not a whole number or a published mark like <5",
            ));
            continue;
        };
        let f = Figure {
            iso3,
            country: get("country"),
            region: get("region"),
            subregion: get("subregion"),
            indicator: get("indicator"),
            dimension: get("dimension"),
            category: get("category"),
            sex: get("sex"),
            age: get("age"),
            year,
            value,
            number,
            unit: get("unit of measurement"),
            source: get("source"),
        };
        if let Some(first) = seen.get(&f.key()) {
            read.rejected.push(Rejected {
                line,
                message: "The same figure is already on an earlier line".into(),
                earlier: Some(*first),
            });
            continue;
        }
        seen.insert(f.key(), line);
        read.figures.push(f);
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "\
United Nations Office on Drugs and Crime,,,,,,,,,,,,
Trafficking in persons,,,,,,,,,,,,
Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source
PAK,Pakistan,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,2022,Counts,\"1,234\",NSO
PAK,Pakistan,Asia,Southern Asia,Detected trafficking victims,by form of exploitation,Forced labour,Female,0 to 17 years,2022,Counts,<5,NSO
IND,India,Asia,Southern Asia,Persons convicted,Total,Total,Total,Total,twenty,Counts,12,NSO

NPL,Nepal,Asia,Southern Asia,Persons convicted,Total,Total,Total,Total,2022,Counts,many,NSO
PAK,Pakistan,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,2022,Counts,1300,NSO
XX,Nowhere,,,Persons convicted,Total,Total,Total,Total,2022,Counts,3,
";

    #[test]
    fn a_glotip_csv_keeps_good_rows_and_says_why_each_other_row_was_refused() {
        let r = read_glotip(CSV.as_bytes()).unwrap();
        assert_eq!(r.figures.len(), 2);
        assert_eq!(r.figures[0].number, Some(1234));
        assert_eq!(r.figures[0].subregion, "Southern Asia");
        assert_eq!(r.figures[1].value, "<5");
        assert_eq!(r.figures[1].number, None);
        let lines: Vec<(usize, &str)> = r
            .rejected
            .iter()
            .map(|x| (x.line, x.message.as_str()))
            .collect();
        assert_eq!(r.rejected[2].earlier, Some(4));
        assert_eq!(
            lines,
            [
                (6, "The year is not a year between 1990 and 2100"),
                (
                    8,
                    "The value is not a whole number or a published mark like <5"
                ),
                (9, "The same figure is already on an earlier line"),
                (10, "The ISO code is not three letters (e.g. PAK)"),
            ]
        );
    }

    #[test]
    fn the_same_figures_are_read_from_the_xlsx_export() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, line) in CSV.lines().enumerate() {
            let mut rd = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            if let Some(Ok(rec)) = rd.records().next() {
                for (c, cell) in rec.iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    // Years and plain numbers as numbers, as the export has them.
                    match cell.parse::<f64>() {
                        Ok(n) => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                        Err(_) => sheet.write_string(r as u32, c as u16, cell).map(|_| ()),
                    }
                    .unwrap();
                }
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        let x = read_glotip(&bytes).unwrap();
        let c = read_glotip(CSV.as_bytes()).unwrap();
        assert_eq!(x.figures, c.figures);
        assert_eq!(x.rejected, c.rejected);
    }

    #[test]
    fn a_file_without_the_columns_is_refused_whole() {
        assert_eq!(
            read_glotip(b"name,cnic\nA,1\n").unwrap_err(),
            FileError::NoHeading
        );
        assert!(matches!(
            read_glotip(b"PK\x03\x04 not really a zip").unwrap_err(),
            FileError::Unreadable(_)
        ));
    }
}
