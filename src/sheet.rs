//! Spreadsheets in and out (pure: bytes in, rows out; rows in, bytes out).
//!
//! - Reading: [`read_xlsx`] streams the cells of one worksheet and checks every cell against
//!   [`Limits`] before it keeps it. A sheet's declared range is never trusted: a 2 KB XLSX with
//!   cells at A1 and XFD1048576 "is" a million rows by 16,384 columns, and reading it as a dense
//!   range (calamine's `worksheet_range`) allocates hundreds of gigabytes.
//! - Writing: every file a person may open in Excel or WPS — CSV or XLSX — goes through
//!   [`to_csv`], [`to_xlsx`] or [`write_xlsx_text`], so that no cell is read as a formula
//!   (CSV/formula injection: `=HYPERLINK(…)`, `+1+cmd|…`, `@SUM(…)`, `-2+3`).

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

// ---------------------------------------------------------------------------------------------
// Writing

/// Whether a spreadsheet would read the text as a formula (or a command, in old Excel DDE): it
/// starts — possibly after spaces — with `=`, `+`, `-`, `@`, a tab, a carriage return or a line
/// feed.
pub fn looks_like_formula(s: &str) -> bool {
    s.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r', '\n'])
        || s.starts_with(['\t', '\r', '\n'])
}

/// A CSV cell as a spreadsheet must not read it as a formula: such text gets a `'` in front,
/// which Excel and WPS show as text (OWASP's advice for CSV injection).
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    if looks_like_formula(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The inverse of [`safe_cell`] for files we wrote and read back (the bank's CSV template): a
/// `'` that [`safe_cell`] would have added is dropped.
pub fn unquote_cell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => s,
    }
}

/// Rows as CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends, every cell through
/// [`safe_cell`].
pub fn to_csv<R, C>(rows: impl IntoIterator<Item = R>) -> Vec<u8>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in rows {
        let cells: Vec<String> = r
            .into_iter()
            .map(|c| safe_cell(c.as_ref()).into_owned())
            .collect();
        // Writing to a Vec<u8> cannot fail.
        let _ = w.write_record(&cells);
    }
    w.into_inner().unwrap_or_default()
}

/// Writes text into an XLSX cell: always a string, never a formula; text that looks like one
/// also gets Excel's quote prefix (shown nowhere, kept as text when the cell is edited).
pub fn write_xlsx_text(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: Option<&rust_xlsxwriter::Format>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let quoted;
    let format = if looks_like_formula(text) {
        quoted = format.cloned().unwrap_or_default().set_quote_prefix();
        Some(&quoted)
    } else {
        format
    };
    match format {
        Some(f) => ws.write_string_with_format(row, col, text, f)?,
        None => ws.write_string(row, col, text)?,
    };
    Ok(())
}

/// A one-sheet workbook: a bold, frozen header row and text cells (through
/// [`write_xlsx_text`]).
pub fn to_xlsx<R, C>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    for (i, h) in header.iter().enumerate() {
        write_xlsx_text(ws, 0, i as u16, h, Some(&bold))?;
        ws.set_column_width(i as u16, 14)?;
    }
    for (r, row) in rows.into_iter().enumerate() {
        for (c, v) in row.into_iter().enumerate() {
            write_xlsx_text(ws, r as u32 + 1, c as u16, v.as_ref(), None)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

// ---------------------------------------------------------------------------------------------
// Reading

/// How much of a worksheet a reader accepts. Empty cells do not count, wherever they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Rows, counted from row 1 (so a cell in row `rows + 1` is too far down).
    pub rows: u32,
    /// Columns, counted from column A.
    pub cols: u32,
    /// Cells holding something.
    pub cells: usize,
    /// Bytes of the workbook's parts once unpacked (the XML), as the archive declares them.
    pub unpacked_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("not a readable .xlsx workbook: {0}")]
    Unreadable(String),
    #[error("the workbook has no worksheet")]
    NoSheet,
    /// A cell (0-based row and column) lies beyond the limits.
    #[error("the sheet has data in cell {}, beyond row {} or column {}", cell_name(*row, *col), limits.rows, col_name(limits.cols - 1))]
    TooFar { row: u32, col: u32, limits: Limits },
    #[error("the sheet has more than {} filled cells", limits.cells)]
    TooManyCells { limits: Limits },
    #[error("the workbook unpacks to more than {} MB", limits.unpacked_bytes / (1024 * 1024))]
    TooBig { limits: Limits },
}

/// The column letters of a 0-based column (0 → A, 16383 → XFD).
pub fn col_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = vec![];
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's name from 0-based row and column ((0, 0) → A1).
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", col_name(col), row as u64 + 1)
}

/// The filled cells of one worksheet of an XLSX (or XLSM) workbook as rows: `rows[r][c]` is the
/// cell at 0-based row `r`, column `c`; a row holds as many cells as its last filled one needs,
/// and rows after the last filled row are absent. The sheet named `prefer` is read when there
/// is one, else the first. Each cell is checked against `limits` before it is kept, so memory
/// stays within about `rows × cols` cells whatever the file claims.
pub fn read_xlsx(
    bytes: &[u8],
    prefer: Option<&str>,
    limits: Limits,
) -> Result<Vec<Vec<Data>>, ReadError> {
    check_unpacked_size(bytes, limits)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReadError::Unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| Some(n.as_str()) == prefer)
        .or_else(|| names.first())
        .cloned()
        .ok_or(ReadError::NoSheet)?;
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let mut rows: Vec<Vec<Data>> = vec![];
    let mut filled = 0usize;
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| ReadError::Unreadable(e.to_string()))?
    {
        let value: Data = cell.get_value().clone().into();
        if matches!(&value, Data::Empty) || matches!(&value, Data::String(s) if s.is_empty()) {
            continue;
        }
        let (row, col) = cell.get_position();
        if row >= limits.rows || col >= limits.cols {
            return Err(ReadError::TooFar { row, col, limits });
        }
        filled += 1;
        if filled > limits.cells {
            return Err(ReadError::TooManyCells { limits });
        }
        // Both indices are bounded above, so these resizes are too.
        let (r, c) = (row as usize, col as usize);
        if rows.len() <= r {
            rows.resize(r + 1, vec![]);
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, Data::Empty);
        }
        rows[r][c] = value;
    }
    Ok(rows)
}

/// Refuses a workbook whose parts declare more than `limits.unpacked_bytes` in all (a zip bomb
/// in the shared strings, which calamine reads whole when it opens the book).
fn check_unpacked_size(bytes: &[u8], limits: Limits) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| ReadError::Unreadable(e.to_string()))?;
        total = total.saturating_add(f.size());
        if total > limits.unpacked_bytes {
            return Err(ReadError::TooBig { limits });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Limits = Limits {
        rows: 100,
        cols: 10,
        cells: 50,
        unpacked_bytes: 10 * 1024 * 1024,
    };

    fn book(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, c, v) in cells {
            ws.write_string(*r, *c, *v).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn formulas_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "-2+3",
            "\t=1",
            "\r=1",
            "  =1+1",
        ] {
            assert_eq!(safe_cell(bad), format!("'{bad}"), "{bad:?}");
            assert_eq!(unquote_cell(&safe_cell(bad)), bad);
        }
        for ok in ["张三", "hz01-0001", "a=b", "", "'quoted", "13800138000"] {
            assert_eq!(safe_cell(ok), ok);
            assert_eq!(unquote_cell(ok), ok);
        }
    }

    #[test]
    fn csv_is_bom_crlf_and_formula_safe() {
        let out = to_csv([["姓名", "班级"], ["=1+1", "@SUM(1+1)"]]);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\u{feff}姓名,班级\r\n'=1+1,'@SUM(1+1)\r\n");
    }

    #[test]
    fn xlsx_cells_are_text_with_a_quote_prefix() {
        let bytes = to_xlsx(&["a"], [["=1+1"], ["-2+3"], ["x"]]).unwrap();
        // Read back: the text is unchanged (the quote prefix is a style, not a character).
        let rows = read_xlsx(&bytes, None, SMALL).unwrap();
        let got: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
        assert_eq!(got, ["a", "=1+1", "-2+3", "x"]);
        // And no formula element is in the sheet's XML.
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(!xml.contains("<f>"), "{xml}");
    }

    #[test]
    fn a_far_cell_is_refused_before_allocating() {
        // A1 and XFD1048576: as a dense range, 2^20 × 2^14 cells.
        let bytes = book(&[(0, 0, "a"), (1_048_575, 16_383, "z")]);
        assert!(bytes.len() < 10_000);
        let e = read_xlsx(&bytes, None, SMALL).unwrap_err();
        assert_eq!(
            e,
            ReadError::TooFar {
                row: 1_048_575,
                col: 16_383,
                limits: SMALL
            }
        );
        assert!(e.to_string().contains("XFD1048576"), "{e}");
    }

    #[test]
    fn too_many_cells_and_rows_and_columns() {
        let cells: Vec<(u32, u16, &str)> = (0..60).map(|i| (i / 6, (i % 6) as u16, "x")).collect();
        assert!(matches!(
            read_xlsx(&book(&cells), None, SMALL),
            Err(ReadError::TooManyCells { .. })
        ));
        assert!(matches!(
            read_xlsx(&book(&[(100, 0, "x")]), None, SMALL),
            Err(ReadError::TooFar { row: 100, .. })
        ));
        assert!(matches!(
            read_xlsx(&book(&[(0, 10, "x")]), None, SMALL),
            Err(ReadError::TooFar { col: 10, .. })
        ));
        // Just inside: row 100 and column J.
        let rows = read_xlsx(&book(&[(99, 9, "x")]), None, SMALL).unwrap();
        assert_eq!(rows.len(), 100);
        assert_eq!(rows[99].len(), 10);
        assert!(rows[0].is_empty());
    }

    #[test]
    fn column_names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        // 16383 = XFD: (24·26 + 6)·26 + 4 − 1 with X=24, F=6, D=4.
        assert_eq!(col_name(16_383), "XFD");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn not_a_workbook() {
        assert!(matches!(
            read_xlsx(b"hello", None, SMALL),
            Err(ReadError::Unreadable(_))
        ));
    }
}
