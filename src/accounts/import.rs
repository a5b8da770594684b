//! Bulk trainee import from CSV or XLSX (pure: bytes in, rows or row errors out).
//!
//! Columns: 姓名, 身份证号, 手机, 邮箱, 班级 (English headers name, id_number, phone, email, class
//! also work). Every problem is reported with its row (as the spreadsheet numbers it, the
//! header being row 1) and column; one bad row means nothing is imported.

use crate::error::FieldError;

use super::{code_point, forbidden_char, idcard, normalize_email, normalize_phone};

#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    pub row: usize,
    pub name: String,
    /// The validated, normalised ID number; hashed before it reaches the store.
    pub id_number: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub class_name: Option<String>,
}

pub const MAX_ROWS: usize = 5000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Name,
    Id,
    Phone,
    Email,
    Class,
}

impl Col {
    fn from_header(h: &str) -> Option<Col> {
        match h
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase()
            .as_str()
        {
            "姓名" | "name" => Some(Col::Name),
            "身份证号" | "身份证号码" | "id_number" | "id number" => Some(Col::Id),
            "手机" | "手机号" | "phone" => Some(Col::Phone),
            "邮箱" | "电子邮箱" | "email" => Some(Col::Email),
            "班级" | "class" => Some(Col::Class),
            _ => None,
        }
    }
    /// The column's name as the template spells it, for messages.
    fn header(self) -> &'static str {
        match self {
            Col::Name => "姓名",
            Col::Id => "身份证号",
            Col::Phone => "手机",
            Col::Email => "邮箱",
            Col::Class => "班级",
        }
    }
}

/// A cell as read: its text, or a number (which an ID column must not be: Excel rounds
/// 18-digit numbers).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(String),
}

impl Cell {
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Number(s) => s.trim(),
        }
    }
}

/// Reads a file's rows. `filename` decides the format (.xlsx, else CSV).
pub fn read_table(filename: &str, bytes: &[u8]) -> Result<Vec<Vec<Cell>>, FieldError> {
    if filename.to_lowercase().ends_with(".xlsx") {
        read_xlsx(bytes)
    } else if filename.to_lowercase().ends_with(".xls") {
        Err(FieldError::new("file", "import.xls_unsupported"))
    } else {
        read_csv(bytes)
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, FieldError> {
    // Excel on Chinese Windows saves CSV as GBK; UTF-8 (with or without BOM) is tried first.
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => {
            let (s, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err(FieldError::new("file", "import.encoding"));
            }
            s.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = vec![];
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            FieldError::new("file", "import.csv_error").arg(
                "detail",
                e.position().map(|p| p.line()).unwrap_or(0).to_string(),
            )
        })?;
        if rows.len() >= LIMITS.rows as usize || rec.len() > LIMITS.cols as usize {
            let col = if rec.len() > LIMITS.cols as usize {
                LIMITS.cols
            } else {
                0
            };
            return Err(too_large().arg("cell", crate::sheet::cell_name(rows.len() as u32, col)));
        }
        rows.push(rec.iter().map(|s| Cell::Text(s.to_string())).collect());
    }
    Ok(rows)
}

/// What a roster file may hold: [`MAX_ROWS`] trainees with room for title and blank rows,
/// the template's columns with room for notes, and about 10 MB of XML once unpacked.
pub const LIMITS: crate::sheet::Limits = crate::sheet::Limits {
    rows: MAX_ROWS as u32 + 1000,
    cols: 50,
    cells: (MAX_ROWS + 1000) * 20,
    unpacked_bytes: 64 * 1024 * 1024,
};

fn too_large() -> FieldError {
    FieldError::new("file", "import.sheet_too_large")
        .arg("rows", LIMITS.rows)
        .arg("cols", LIMITS.cols)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, FieldError> {
    use crate::sheet::ReadError;
    use calamine::Data;
    // Streamed cell by cell and bounded before anything is allocated: the sheet's declared
    // range is not to be trusted.
    let sheet = crate::sheet::read_xlsx(bytes, None, LIMITS).map_err(|e| match e {
        ReadError::TooFar { row, col, .. } => {
            too_large().arg("cell", crate::sheet::cell_name(row, col))
        }
        ReadError::TooManyCells { .. } | ReadError::TooBig { .. } => too_large().arg("cell", "-"),
        ReadError::Unreadable(_) | ReadError::NoSheet => {
            FieldError::new("file", "import.xlsx_error")
        }
    })?;
    Ok(sheet
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match c {
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
                    Data::Int(i) => Cell::Number(i.to_string()),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        Cell::Number(format!("{}", f as i64))
                    }
                    Data::Float(f) => Cell::Number(f.to_string()),
                    Data::Bool(b) => Cell::Text(b.to_string()),
                    Data::DateTime(d) => Cell::Text(d.to_string()),
                    Data::Error(_) | Data::Empty => Cell::Text(String::new()),
                })
                .collect()
        })
        .collect())
}

/// Validates the rows; returns every problem found, not just the first.
pub fn parse_rows(
    rows: &[Vec<Cell>],
    today: chrono::NaiveDate,
) -> Result<Vec<ImportRow>, Vec<FieldError>> {
    let Some(header_idx) = rows
        .iter()
        .position(|r| r.iter().any(|c| !c.text().is_empty()))
    else {
        return Err(vec![FieldError::new("file", "import.empty")]);
    };
    let header = &rows[header_idx];
    let mut cols: Vec<Option<Col>> = vec![];
    let mut errors = vec![];
    for (i, h) in header.iter().enumerate() {
        let col = Col::from_header(h.text());
        if let Some(c) = col
            && cols.contains(&Some(c))
        {
            errors.push(
                FieldError::new(c.header(), "import.duplicate_column")
                    .arg("col", i + 1)
                    .at_row(header_idx + 1),
            );
        }
        cols.push(col);
    }
    for required in [Col::Name, Col::Id] {
        if !cols.contains(&Some(required)) {
            errors.push(
                FieldError::new(required.header(), "import.missing_column").at_row(header_idx + 1),
            );
        }
    }
    if !cols.contains(&Some(Col::Phone)) && !cols.contains(&Some(Col::Email)) {
        errors
            .push(FieldError::new("手机", "import.missing_contact_column").at_row(header_idx + 1));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let data: Vec<(usize, &Vec<Cell>)> = rows
        .iter()
        .enumerate()
        .skip(header_idx + 1)
        .filter(|(_, r)| r.iter().any(|c| !c.text().is_empty()))
        .map(|(i, r)| (i + 1, r))
        .collect();
    if data.is_empty() {
        return Err(vec![FieldError::new("file", "import.no_rows")]);
    }
    if data.len() > MAX_ROWS {
        return Err(vec![
            FieldError::new("file", "import.too_many_rows").arg("max", MAX_ROWS),
        ]);
    }
    let mut out = vec![];
    let mut seen_id = std::collections::HashMap::new();
    let mut seen_phone = std::collections::HashMap::new();
    let mut seen_email = std::collections::HashMap::new();
    for (rowno, r) in data {
        let get = |col: Col| -> Option<&Cell> {
            cols.iter()
                .position(|c| *c == Some(col))
                .and_then(|i| r.get(i))
                .filter(|c| !c.text().is_empty())
        };
        let name = get(Col::Name).map(|c| c.text().to_string());
        match &name {
            None => errors.push(FieldError::new("姓名", "import.required").at_row(rowno)),
            Some(n) if n.chars().count() > 50 => {
                errors.push(FieldError::new("姓名", "import.name_too_long").at_row(rowno))
            }
            Some(n) => {
                if let Some(c) = forbidden_char(n) {
                    errors.push(
                        FieldError::new("姓名", "import.bad_chars")
                            .arg("char", code_point(c))
                            .at_row(rowno),
                    );
                }
            }
        }
        let id = match get(Col::Id) {
            None => {
                errors.push(FieldError::new("身份证号", "import.required").at_row(rowno));
                None
            }
            Some(Cell::Number(_)) => {
                errors.push(FieldError::new("身份证号", "import.id_as_number").at_row(rowno));
                None
            }
            Some(Cell::Text(t)) => match idcard::validate(t, today) {
                Ok(id) => {
                    if let Some(first) = seen_id.insert(id.clone(), rowno) {
                        errors.push(
                            FieldError::new("身份证号", "import.duplicate_in_file")
                                .arg("other", first)
                                .at_row(rowno),
                        );
                    }
                    Some(id)
                }
                Err(e) => {
                    let (key, args) = e.message();
                    let mut fe = FieldError::new("身份证号", key).at_row(rowno);
                    fe.args = args;
                    errors.push(fe);
                    None
                }
            },
        };
        let phone = get(Col::Phone).and_then(|c| match normalize_phone(c.text()) {
            Some(p) => {
                if let Some(first) = seen_phone.insert(p.clone(), rowno) {
                    errors.push(
                        FieldError::new("手机", "import.duplicate_in_file")
                            .arg("other", first)
                            .at_row(rowno),
                    );
                }
                Some(p)
            }
            None => {
                errors.push(FieldError::new("手机", "import.bad_phone").at_row(rowno));
                None
            }
        });
        let email = get(Col::Email).and_then(|c| match normalize_email(c.text()) {
            Some(e) => {
                if let Some(first) = seen_email.insert(e.clone(), rowno) {
                    errors.push(
                        FieldError::new("邮箱", "import.duplicate_in_file")
                            .arg("other", first)
                            .at_row(rowno),
                    );
                }
                Some(e)
            }
            None => {
                errors.push(FieldError::new("邮箱", "import.bad_email").at_row(rowno));
                None
            }
        });
        if get(Col::Phone).is_none() && get(Col::Email).is_none() {
            errors.push(FieldError::new("手机", "import.need_contact").at_row(rowno));
        }
        let class_name = get(Col::Class).map(|c| c.text().chars().take(50).collect::<String>());
        if let Some(c) = class_name.as_deref().and_then(forbidden_char) {
            errors.push(
                FieldError::new("班级", "import.bad_chars")
                    .arg("char", code_point(c))
                    .at_row(rowno),
            );
        }
        if let (Some(name), Some(id_number)) = (name, id) {
            out.push(ImportRow {
                row: rowno,
                name,
                id_number,
                phone,
                email,
                class_name,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|e| e.row);
        Err(errors)
    }
}

/// The 题库-style template a center fills in: header and one example row.
pub fn template_csv() -> String {
    "\u{feff}姓名,身份证号,手机,邮箱,班级\n张三,11010519491231002X,13800138000,zhangsan@example.com,2026春季五级1班\n".to_string()
}

/// The same template as XLSX, with the ID column formatted as text so Excel keeps all digits.
pub fn template_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    for (i, h) in ["姓名", "身份证号", "手机", "邮箱", "班级"]
        .iter()
        .enumerate()
    {
        let _ = ws.write_string_with_format(0, i as u16, *h, &bold);
        let _ = ws.set_column_format(i as u16, &text);
        let _ = ws.set_column_width(i as u16, if i == 1 { 22 } else { 16 });
    }
    for (i, v) in [
        "张三",
        "11010519491231002X",
        "13800138000",
        "zhangsan@example.com",
        "2026春季五级1班",
    ]
    .iter()
    .enumerate()
    {
        let _ = ws.write_string_with_format(1, i as u16, *v, &text);
    }
    wb.save_to_buffer().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date")
    }

    fn csv(s: &str) -> Vec<Vec<Cell>> {
        read_table("x.csv", s.as_bytes()).unwrap()
    }

    #[test]
    fn reads_a_good_file() {
        let rows = csv(
            "姓名,身份证号,手机,邮箱,班级\n张三,11010519491231002X,13800138000,,一班\n李四,440524199001010018,,li@example.com,\n",
        );
        let got = parse_rows(&rows, today()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].row, 2);
        assert_eq!(got[0].phone.as_deref(), Some("13800138000"));
        assert_eq!(got[1].email.as_deref(), Some("li@example.com"));
        assert_eq!(got[1].class_name, None);
    }

    #[test]
    fn reports_every_bad_row_with_row_and_column() {
        let rows = csv(
            "姓名,身份证号,手机\n张三,110105194912310021,13800138000\n,11010519491231002X,12\n王五,11010519491231002X,13800138001\n",
        );
        let errs = parse_rows(&rows, today()).unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|e| (e.row.unwrap(), e.field.as_str(), e.key))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "身份证号", "idcard.check_digit"),
                (3, "姓名", "import.required"),
                (3, "手机", "import.bad_phone"),
                (4, "身份证号", "import.duplicate_in_file"),
            ]
        );
    }

    #[test]
    fn missing_columns_and_gbk() {
        let errs = parse_rows(&csv("名字,手机\n张三,13800138000\n"), today()).unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.key == "import.missing_column" && e.field == "姓名")
        );
        let (gbk, _, _) =
            encoding_rs::GBK.encode("姓名,身份证号,手机\n张三,11010519491231002X,13800138000\n");
        let rows = read_table("a.csv", &gbk).unwrap();
        assert_eq!(parse_rows(&rows, today()).unwrap()[0].name, "张三");
    }

    #[test]
    fn xlsx_template_round_trips() {
        let rows = read_table("t.xlsx", &template_xlsx()).unwrap();
        let got = parse_rows(&rows, today()).unwrap();
        assert_eq!(got[0].id_number, "11010519491231002X");
        assert_eq!(got[0].class_name.as_deref(), Some("2026春季五级1班"));
    }
}
