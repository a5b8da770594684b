//! The spreadsheet template for theory items (题库模板): centers author 单选 / 多选 / 判断 items in
//! Excel or any CSV editor, one item per row, with the Chinese column names of [`COLUMNS`]
//! (documented in docs/question-banks.md).

use calamine::Data;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Workbook,
};
use serde::Serialize;
use serde_json::{Value, json};

use super::check::valid_name;
use super::{Item, Problem, Use, option_key};
use crate::i18n::Msg;
use crate::scoring::{Kind, Task};
use crate::sheet::{ReadError, write_xlsx_text};

/// The template's columns, in order.
pub const COLUMNS: [&str; 16] = [
    "题号",
    "题型",
    "等级",
    "技能代码",
    "难度",
    "用途",
    "分组",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "答案",
    "解析",
];

const NCOL: usize = COLUMNS.len();
const REQUIRED: [&str; 9] = [
    "题号",
    "题型",
    "等级",
    "技能代码",
    "难度",
    "用途",
    "题干",
    "答案",
    "解析",
];
const OPTION_COLS: usize = 6;
const SEPARATORS: [char; 8] = [',', '，', '、', ';', '；', ' ', '\t', '\n'];

fn columns() -> &'static [&'static str] {
    &COLUMNS
}

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "single_choice" => "单选",
        "multi_choice" => "多选",
        "true_false" => "判断",
        _ => "",
    }
}

/// The 答案 cell of an item: `B`, `A,C`, `对` / `错`.
fn answer_text(item: &Item) -> String {
    let gold = item.task.gold.as_ref().unwrap_or(&Value::Null);
    match item.kind().as_str() {
        "single_choice" => gold
            .get("choice")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        "multi_choice" => gold
            .get("choices")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default(),
        "true_false" => match gold.get("answer").and_then(Value::as_bool) {
            Some(true) => "对".into(),
            Some(false) => "错".into(),
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// One row of the template for a theory item.
fn row(item: &Item) -> Vec<String> {
    let uses: Vec<&str> = item
        .uses
        .iter()
        .map(|u| match u {
            Use::Practice => "练习",
            Use::Exam => "考试",
        })
        .collect();
    let mut r = vec![
        item.id.clone(),
        kind_zh(item.kind().as_str()).to_string(),
        item.level.to_string(),
        item.skills.join(","),
        item.difficulty.to_string(),
        uses.join(","),
        item.group.clone().unwrap_or_default(),
        item.prompt.clone(),
    ];
    let options = item.task.options.as_deref().unwrap_or(&[]);
    for i in 0..OPTION_COLS {
        r.push(options.get(i).cloned().unwrap_or_default());
    }
    r.push(answer_text(item));
    r.push(item.explanation.clone());
    r
}

/// The theory items (单选, 多选, 判断) among `items` as a CSV file in UTF-8 with a byte-order mark
/// (so that Excel shows the Chinese correctly). Other kinds are left out, and so are fields the
/// template has no column for (`params`, `points`, `assets`).
pub fn theory_to_csv<'a>(items: impl IntoIterator<Item = &'a Item>) -> String {
    // The shared formula-safe writer: a stem or option such as `-2+3` or `=A1` gets a `'`
    // in front, which `theory_from_table` drops again.
    let rows = std::iter::once(columns().iter().map(|c| c.to_string()).collect::<Vec<_>>())
        .chain(items.into_iter().filter(|i| i.is_theory()).map(row));
    String::from_utf8(crate::sheet::to_csv(rows)).unwrap_or_default()
}

/// The theory items among `items` as an XLSX workbook: sheet 题库 (header row frozen, lists for
/// 题型, whole numbers 1–5 for 等级 and 难度) and sheet 说明 explaining each column.
pub fn theory_to_xlsx<'a>(items: impl IntoIterator<Item = &'a Item>) -> Result<Vec<u8>, String> {
    build_xlsx(items).map_err(|e| format!("cannot write the workbook: {e}"))
}

fn build_xlsx<'a>(
    items: impl IntoIterator<Item = &'a Item>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name("题库")?;
    let widths = [
        14.0, 6.0, 6.0, 14.0, 6.0, 11.0, 12.0, 48.0, 22.0, 22.0, 22.0, 22.0, 16.0, 16.0, 8.0, 48.0,
    ];
    for (c, name) in columns().iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &header)?;
        ws.set_column_width(c as u16, widths[c])?;
    }
    ws.set_freeze_panes(1, 1)?;
    let mut r: u32 = 1;
    for item in items.into_iter().filter(|i| i.is_theory()) {
        for (c, cell) in row(item).into_iter().enumerate() {
            let c16 = c as u16;
            match c {
                2 => {
                    ws.write_number_with_format(r, c16, f64::from(item.level), &top)?;
                }
                4 => {
                    ws.write_number_with_format(r, c16, f64::from(item.difficulty), &top)?;
                }
                7..=13 | 15 => write_xlsx_text(ws, r, c16, &cell, Some(&wrap))?,
                _ => write_xlsx_text(ws, r, c16, &cell, Some(&top))?,
            }
        }
        r += 1;
    }
    let last = 10_000.max(r + 1000);
    let kinds = DataValidation::new()
        .allow_list_strings(&["单选", "多选", "判断"])?
        .set_error_message("题型只能是 单选、多选 或 判断")?;
    ws.add_data_validation(1, 1, last, 1, &kinds)?;
    let one_to_five = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(1, 5))
        .set_error_message("请填写 1 到 5 的整数")?;
    ws.add_data_validation(1, 2, last, 2, &one_to_five)?;
    ws.add_data_validation(1, 4, last, 4, &one_to_five)?;

    let help = wb.add_worksheet();
    help.set_name("说明")?;
    help.write_string_with_format(0, 0, "列", &header)?;
    help.write_string_with_format(0, 1, "必填", &header)?;
    help.write_string_with_format(0, 2, "填写说明", &header)?;
    help.set_column_width(0, 10)?;
    help.set_column_width(1, 6)?;
    help.set_column_width(2, 90)?;
    for (i, (col, required, text)) in HELP.iter().enumerate() {
        let r = i as u32 + 1;
        help.write_string_with_format(r, 0, *col, &top)?;
        help.write_string_with_format(r, 1, *required, &top)?;
        help.write_string_with_format(r, 2, *text, &wrap)?;
    }
    wb.save_to_buffer()
}

/// The column help of the template (also in docs/question-banks.md).
const HELP: [(&str, &str, &str); 12] = [
    (
        "题号",
        "是",
        "唯一编号，只用字母、数字、_ . -，如 C5-ETH-001；发布后不再改动，不重复使用",
    ),
    ("题型", "是", "单选、多选 或 判断"),
    ("等级", "是", "5、4、3、2、1（也可写 五级 … 一级）"),
    (
        "技能代码",
        "是",
        "本等级的技能代码，多个用逗号或顿号分隔，如 2.1.1、0.1.2；第一个决定所属职业功能",
    ),
    ("难度", "是", "1（易）到 5（难）的整数"),
    ("用途", "是", "练习、考试，或 练习,考试"),
    ("分组", "否", "近似题的组号；同组的题一份试卷最多抽一道"),
    ("题干", "是", "题目文字（可用 Markdown）"),
    (
        "选项A … 选项F",
        "单选、多选必填",
        "按顺序填写，中间不留空：单选 2–6 个，多选 3–6 个；判断题不填",
    ),
    (
        "答案",
        "是",
        "单选填一个字母（B）；多选填两个以上字母（A,C 或 AC）；判断填 对 或 错",
    ),
    (
        "解析",
        "是",
        "说明为什么这样答，练习时答完显示，考试时不显示",
    ),
    ("（其他列）", "", "不允许：请勿增加其他列；空行会被忽略"),
];

/// One cell as text. Whole numbers lose their `.0`; dates are refused (Excel turned a code into a
/// date: format the column as text).
fn cell_text(cell: &Data) -> Result<String, Msg> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            return Err(Msg::new("bank_problem.cell_date"));
        }
        Data::Error(e) => return Err(Msg::new("bank_problem.cell_error").arg("error", e)),
    })
}

type Rows = Vec<(usize, Vec<Result<String, Msg>>)>;

fn is_spreadsheet(filename: &str, bytes: &[u8]) -> bool {
    let lower = filename.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// What a bank sheet may hold: far more items than anyone writes in one file, 16 columns with
/// room for a few notes, and 64 MB of XML once unpacked.
pub const SHEET_LIMITS: crate::sheet::Limits = crate::sheet::Limits {
    rows: 20_000,
    cols: 40,
    cells: 20_000 * 20,
    unpacked_bytes: 64 * 1024 * 1024,
};

/// The file goes beyond [`SHEET_LIMITS`].
fn sheet_too_large() -> Msg {
    Msg::new("bank_problem.sheet_too_large")
        .arg("rows", SHEET_LIMITS.rows)
        .arg("cols", SHEET_LIMITS.cols)
        .arg("cells", SHEET_LIMITS.cells)
        .arg("mb", SHEET_LIMITS.unpacked_bytes / (1024 * 1024))
}

fn read_workbook(filename: &str, bytes: &[u8]) -> Result<Rows, Box<Problem>> {
    let fail = |m: Msg| Box::new(Problem::new(filename, 0, "-", m));
    // Only XLSX (and XLSM) are read, cell by cell with bounds: the older formats (.xls, .xlsb,
    // .ods) are read whole into their declared range, which a small file can make enormous.
    if !bytes.starts_with(b"PK\x03\x04") || filename.to_ascii_lowercase().ends_with(".ods") {
        return Err(fail(Msg::new("bank_problem.only_xlsx")));
    }
    let sheet = crate::sheet::read_xlsx(bytes, Some("题库"), SHEET_LIMITS).map_err(|e| {
        fail(match e {
            ReadError::Unreadable(detail) => {
                Msg::new("bank_problem.not_a_spreadsheet").arg("detail", detail)
            }
            ReadError::NoSheet => Msg::new("bank_problem.no_sheet"),
            ReadError::TooFar { row, col, .. } => Msg::new("bank_problem.sheet_cell_too_far")
                .arg("cell", crate::sheet::cell_name(row, col))
                .arg("rows", SHEET_LIMITS.rows)
                .arg("col", crate::sheet::col_name(SHEET_LIMITS.cols - 1)),
            ReadError::TooManyCells { .. } | ReadError::TooBig { .. } => sheet_too_large(),
        })
    })?;
    Ok(sheet
        .iter()
        .enumerate()
        .map(|(i, cells)| (i + 1, cells.iter().map(cell_text).collect()))
        .collect())
}

fn read_csv(filename: &str, bytes: &[u8]) -> Result<Rows, Box<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(Box::new(Problem::new(
                    filename,
                    0,
                    "-",
                    Msg::new("bank_problem.csv_encoding"),
                )));
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            Box::new(Problem::new(
                filename,
                i + 1,
                "-",
                Msg::new("bank_problem.csv_syntax").arg("detail", e),
            ))
        })?;
        if i >= SHEET_LIMITS.rows as usize || rec.len() > SHEET_LIMITS.cols as usize {
            return Err(Box::new(Problem::new(
                filename,
                i + 1,
                "-",
                sheet_too_large(),
            )));
        }
        // A `'` that the export put before formula-like text is dropped again.
        rows.push((
            i + 1,
            rec.iter()
                .map(|s| Ok(crate::sheet::unquote_cell(s).to_string()))
                .collect(),
        ));
    }
    Ok(rows)
}

/// Reads theory items from a filled-in template: XLSX (or another format calamine reads; the
/// sheet 题库, else the first) when the name or the bytes say so, otherwise CSV in UTF-8 (with or
/// without BOM) or GBK. Each item's `file` is `filename` and its `line` the spreadsheet row.
/// Every problem is reported, by row (`line`) and column (in the message); the items still have
/// to pass [`super::check`] (skill codes, paper shapes) like any bank item.
pub fn theory_from_table(filename: &str, bytes: &[u8]) -> Result<Vec<Item>, Vec<Problem>> {
    let rows = if is_spreadsheet(filename, bytes) {
        read_workbook(filename, bytes)
    } else {
        read_csv(filename, bytes)
    }
    .map_err(|p| vec![*p])?;
    let blank = |cells: &[Result<String, Msg>]| {
        cells
            .iter()
            .all(|c| c.as_ref().is_ok_and(|s| s.trim().is_empty()))
    };
    let mut rows = rows.into_iter().filter(|(_, cells)| !blank(cells));
    let Some((header_row, header)) = rows.next() else {
        return Err(vec![Problem::new(
            filename,
            0,
            "-",
            Msg::new("bank_problem.table_empty"),
        )]);
    };

    // Header: column name → position.
    let mut problems = Vec::new();
    let mut pos: Vec<Option<usize>> = vec![None; NCOL];
    for (c, cell) in header.iter().enumerate() {
        let name: String = cell
            .clone()
            .unwrap_or_default()
            .chars()
            .filter(|ch| !ch.is_whitespace() && *ch != '*')
            .collect();
        if name.is_empty() {
            continue;
        }
        match columns().iter().position(|n| *n == name) {
            Some(k) if pos[k].is_some() => {
                problems.push(Problem::new(
                    filename,
                    header_row,
                    "-",
                    Msg::new("bank_problem.column_twice").arg("column", &name),
                ));
            }
            Some(k) => pos[k] = Some(c),
            None => problems.push(Problem::new(
                filename,
                header_row,
                "-",
                Msg::new("bank_problem.column_unknown")
                    .arg("column", format!("{name:?}"))
                    .arg("columns", columns().join(", ")),
            )),
        }
    }
    for name in REQUIRED {
        let k = columns().iter().position(|n| *n == name).unwrap_or(0);
        if pos[k].is_none() {
            problems.push(Problem::new(
                filename,
                header_row,
                "-",
                Msg::new("bank_problem.column_missing").arg("column", name),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut items = Vec::new();
    for (r, cells) in rows {
        let get = |name: &str| -> Result<String, Msg> {
            let k = columns().iter().position(|n| *n == name).unwrap_or(0);
            match pos[k].and_then(|c| cells.get(c)) {
                None => Ok(String::new()),
                Some(Ok(s)) => Ok(s.replace("\r\n", "\n").replace('\r', "\n")),
                Some(Err(e)) => Err(Msg::new("bank_problem.cell")
                    .arg("column", name)
                    .arg_msg("problem", e.clone())),
            }
        };
        match item_from_row(filename, r, &get) {
            Ok(item) => items.push(item),
            Err((id, messages)) => {
                problems.extend(
                    messages
                        .into_iter()
                        .map(|m| Problem::new(filename, r, &id, m)),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}

fn split_list(s: &str) -> Vec<&str> {
    s.split(SEPARATORS)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

fn parse_level(s: &str) -> Option<u8> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u8>() {
        return Some(n);
    }
    let first = s.trim_start_matches(['L', 'l']).chars().next()?;
    let n = match first {
        '五' | '5' => 5,
        '四' | '4' => 4,
        '三' | '3' => 3,
        '二' | '2' => 2,
        '一' | '1' => 1,
        _ => return None,
    };
    let rest: String = s.trim_start_matches(['L', 'l']).chars().skip(1).collect();
    (rest.is_empty() || rest.starts_with('级')).then_some(n)
}

fn parse_small_int(s: &str) -> Option<u8> {
    let s = s.trim();
    s.parse::<u8>().ok().or_else(|| {
        s.parse::<f64>()
            .ok()
            .filter(|f| f.fract() == 0.0 && (0.0..=255.0).contains(f))
            .map(|f| f as u8)
    })
}

fn parse_true_false(s: &str) -> Option<bool> {
    match s.trim().to_uppercase().as_str() {
        "对" | "正确" | "是" | "√" | "✓" | "✔" | "T" | "TRUE" | "Y" | "YES" => Some(true),
        "错" | "错误" | "否" | "×" | "✗" | "✘" | "X" | "F" | "FALSE" | "N" | "NO" => {
            Some(false)
        }
        _ => None,
    }
}

/// One data row → an item, or (the id, the problems).
fn item_from_row(
    filename: &str,
    r: usize,
    get: &dyn Fn(&str) -> Result<String, Msg>,
) -> Result<Item, (String, Vec<Msg>)> {
    let mut bad: Vec<Msg> = Vec::new();
    let mut cell = |name: &str| match get(name) {
        Ok(s) => s,
        Err(e) => {
            bad.push(e);
            String::new()
        }
    };
    let id = cell("题号").trim().to_string();
    let kind_cell = cell("题型");
    let level_cell = cell("等级");
    let skills_cell = cell("技能代码");
    let difficulty_cell = cell("难度");
    let use_cell = cell("用途");
    let group_cell = cell("分组");
    let prompt = cell("题干");
    let options_cells: Vec<String> = (0..OPTION_COLS)
        .map(|i| cell(&format!("选项{}", option_key(i))))
        .collect();
    let answer_cell = cell("答案");
    let explanation = cell("解析");
    // "column 列名: problem"
    let in_column = |column: &str, problem: Msg| {
        Msg::new("bank_problem.cell")
            .arg("column", column)
            .arg_msg("problem", problem)
    };
    let empty = |column: &str| Msg::new("bank_problem.column_empty").arg("column", column);
    let value = |key, v: &str| Msg::new(key).arg("value", format!("{v:?}"));

    if id.is_empty() {
        bad.push(empty("题号"));
    } else if !valid_name(&id) {
        bad.push(in_column("题号", value("bank_problem.name_chars", &id)));
    }
    let kind = match kind_cell.trim().trim_end_matches('题') {
        "单选" | "single_choice" => "single_choice",
        "多选" | "multi_choice" => "multi_choice",
        "判断" | "true_false" => "true_false",
        other => {
            bad.push(in_column("题型", value("bank_problem.kind_cell", other)));
            ""
        }
    };
    let level = parse_level(&level_cell)
        .filter(|l| (1..=5).contains(l))
        .unwrap_or_else(|| {
            bad.push(in_column(
                "等级",
                value("bank_problem.level_cell", level_cell.trim()),
            ));
            0
        });
    let skills: Vec<String> = split_list(&skills_cell)
        .into_iter()
        .map(String::from)
        .collect();
    if skills.is_empty() {
        bad.push(empty("技能代码"));
    }
    let difficulty = parse_small_int(&difficulty_cell)
        .filter(|d| (1..=5).contains(d))
        .unwrap_or_else(|| {
            bad.push(in_column(
                "难度",
                value("bank_problem.difficulty_cell", difficulty_cell.trim()),
            ));
            0
        });
    let mut uses = Vec::new();
    for u in split_list(&use_cell) {
        let parsed = match u.to_lowercase().as_str() {
            "练习" | "practice" => Use::Practice,
            "考试" | "exam" => Use::Exam,
            other => {
                bad.push(in_column("用途", value("bank_problem.use_cell", other)));
                continue;
            }
        };
        if uses.contains(&parsed) {
            bad.push(in_column(
                "用途",
                Msg::new("bank_problem.value_twice").arg("value", u),
            ));
        } else {
            uses.push(parsed);
        }
    }
    if use_cell.trim().is_empty() {
        bad.push(Msg::new("bank_problem.use_cell_empty"));
    }
    if prompt.trim().is_empty() {
        bad.push(empty("题干"));
    }
    if explanation.trim().is_empty() {
        bad.push(empty("解析"));
    }

    // Options: contiguous from A.
    let last = options_cells.iter().rposition(|o| !o.trim().is_empty());
    let options: Vec<String> = match last {
        None => Vec::new(),
        Some(l) => options_cells[..=l].to_vec(),
    };
    for (i, o) in options.iter().enumerate() {
        if o.trim().is_empty() {
            bad.push(
                Msg::new("bank_problem.option_gap").arg("column", format!("选项{}", option_key(i))),
            );
        }
    }
    let keys: Vec<String> = (0..options.len()).map(option_key).collect();
    let not_an_option = |letter: &str| {
        let msg = value("bank_problem.letter_not_option", letter);
        in_column(
            "答案",
            if keys.is_empty() {
                msg.arg_msg("keys", Msg::new("bank_problem.no_options"))
            } else {
                msg.arg("keys", keys.join(", "))
            },
        )
    };
    let answer = answer_cell.trim();
    let gold = match kind {
        "single_choice" | "multi_choice" => {
            let min = if kind == "single_choice" { 2 } else { 3 };
            if options.len() < min {
                bad.push(
                    Msg::new("bank_problem.option_cells_count")
                        .arg("kind", kind_zh(kind))
                        .arg("min", min)
                        .arg("n", options.len()),
                );
            }
            let letters: Vec<String> = answer
                .chars()
                .filter(|c| !SEPARATORS.contains(c) && !c.is_whitespace())
                .map(|c| c.to_uppercase().collect())
                .collect();
            for l in &letters {
                if !keys.contains(l) {
                    bad.push(not_an_option(l));
                }
            }
            let mut distinct = letters.clone();
            distinct.sort();
            distinct.dedup();
            if distinct.len() != letters.len() {
                bad.push(in_column("答案", Msg::new("bank_problem.letter_twice")));
            }
            if kind == "single_choice" {
                if letters.len() != 1 {
                    bad.push(in_column(
                        "答案",
                        value("bank_problem.single_choice_cell", answer),
                    ));
                }
                json!({ "choice": letters.first().cloned().unwrap_or_default() })
            } else {
                if letters.len() < 2 {
                    bad.push(in_column(
                        "答案",
                        value("bank_problem.multi_choice_cell", answer),
                    ));
                }
                json!({ "choices": letters })
            }
        }
        "true_false" => {
            if !options.is_empty() {
                bad.push(Msg::new("bank_problem.true_false_options"));
            }
            match parse_true_false(answer) {
                Some(b) => json!({ "answer": b }),
                None => {
                    bad.push(in_column(
                        "答案",
                        value("bank_problem.true_false_cell", answer),
                    ));
                    Value::Null
                }
            }
        }
        _ => Value::Null,
    };

    // An unknown kind cell is in `bad` already.
    let Some(kind) = Kind::parse(kind).filter(|_| bad.is_empty()) else {
        return Err((if id.is_empty() { "-".into() } else { id }, bad));
    };
    Ok(Item {
        id,
        level,
        skills,
        difficulty,
        uses,
        group: Some(group_cell.trim().to_string()).filter(|g| !g.is_empty()),
        prompt,
        shuffle: true,
        points: None,
        explanation,
        spec: None,
        names: None,
        assets: Vec::new(),
        task: Task {
            options: (kind != Kind::TrueFalse).then_some(options),
            gold: Some(gold),
            ..Task::new(kind)
        },
        file: filename.to_string(),
        line: r,
    })
}

/// Writes items as a bank file (`title` and `[[items]]`), e.g. to turn an imported spreadsheet
/// into `level5/center-xyz.toml`. Reading it back gives the same items.
pub fn items_to_toml<'a>(
    title: &str,
    items: impl IntoIterator<Item = &'a Item>,
) -> Result<String, String> {
    #[derive(Serialize)]
    struct Out<'a> {
        title: &'a str,
        items: Vec<&'a Item>,
    }
    let out = Out {
        title,
        items: items.into_iter().collect(),
    };
    toml::to_string(&out).map_err(|e| format!("cannot write TOML: {e}"))
}
