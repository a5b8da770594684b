//! Question banks (题库): the item format of docs/question-banks.md as types, the checker behind
//! `annocert bank check`, counts for `annocert bank stats`, content hashes for versioned import,
//! the spreadsheet template (题库模板) for theory items and COCO import for image gold.
//!
//! Pure core: data in, data out, no file access. A [`BankSet`] is built from texts
//! ([`BankSet::add_file`]): from a folder by the shell (`app::bank::load_dir`), from a center's
//! uploaded zip, or from the banks embedded in the binary — all checked alike.
//!
//! Entry points: [`check`], [`stats`], [`content_hash`], [`to_task`],
//! [`theory_to_csv`], [`theory_to_xlsx`], [`theory_from_table`], [`coco_to_gold`].

mod check;
mod coco;
pub mod cues;
pub mod names;
mod table;
mod zipped;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};

use crate::curriculum;
use crate::i18n::{Lang, Msg, tf};
pub use crate::scoring::{Band, Criterion, Entry, ImageSize, TableField};
use crate::scoring::{InputError, Kind, Task};

pub use check::{apportion, check, check_center, match_units};
pub use coco::{coco_gold_for_kind, coco_to_gold};
pub use names::DisplayName;
pub use table::{COLUMNS, items_to_toml, theory_from_table, theory_to_csv, theory_to_xlsx};
pub use zipped::{ZipError, ZippedBank, read_zip};

/// The largest asset a bank may ship: 2 MiB.
pub const MAX_ASSET_BYTES: u64 = 2 * 1024 * 1024;

/// Where an item may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Use {
    /// 练习: shown with its explanation after answering.
    Practice,
    /// 考试: may be drawn into an exam paper.
    Exam,
}

impl Use {
    pub fn as_str(self) -> &'static str {
        match self {
            Use::Practice => "practice",
            Use::Exam => "exam",
        }
    }
}

/// One bank item: every field of the format (docs/question-banks.md). Unknown fields are
/// refused. `file` and `line` say where it was read; they are not part of its content.
///
/// The item's metadata are its own fields; its scoring task (kind, material, gold, parameters)
/// is a [`Task`], flattened, so a file and the stored JSON keep one flat table per item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id, `[A-Za-z0-9_.-]+`, unique over all banks.
    pub id: String,
    /// 5 … 1, equal to the folder's level.
    pub level: u8,
    /// Skill codes of the curriculum at this level; the first one decides the function.
    pub skills: Vec<String>,
    /// 1 (easy) … 5 (hard).
    pub difficulty: u8,
    /// `practice`, `exam` or both.
    #[serde(rename = "use")]
    pub uses: Vec<Use>,
    /// Near-duplicate group: a paper takes at most one item of a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The item's weight in a paper; default from the paper shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// Markdown question text.
    pub prompt: String,
    /// 标注规范 of a practical item (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    /// `shuffle = false`: the options keep their order wherever the item is shown (ordered by
    /// nature: 1–3 天 / 4–7 天 / …, 以上都对 the check cannot see). Absent means true, and is
    /// left out of the content, so that items without it keep their hash.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub shuffle: bool,
    /// Display names of label keys, attribute keys and values (`names.car = { zh, en }`),
    /// where the shared glossary has none or the item means something else ([`names`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<BTreeMap<String, DisplayName>>,
    /// Paths relative to the bank file; the first image asset is the stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    /// Why the answer is right; shown after answering in practice, never in an exam.
    pub explanation: String,
    /// The scoring task: `kind`, `options`, `labels`, `attributes`, `image`, `text`, `entries`,
    /// `fields`, `given`, `criteria`, `gold`, `params`.
    #[serde(flatten)]
    pub task: Task,
    /// The bank file, relative to the bank root (`level5/theory-ethics.toml`); not content.
    #[serde(skip)]
    pub file: String,
    /// The line of the item's `[[items]]` header (1-based); not content.
    #[serde(skip)]
    pub line: usize,
}

/// An item reads as its task (`item.gold`, `item.options` …), so code that only reads the
/// material need not spell out `item.task`; changes go through `item.task`.
impl std::ops::Deref for Item {
    type Target = Task;

    fn deref(&self) -> &Task {
        &self.task
    }
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

impl Criterion {
    /// What is wrong with the bands, as a locale key and its arguments; `None` when they cover
    /// 0 ..= `max` in whole points, ascending, without gap or overlap.
    pub fn band_problem(&self) -> Option<(&'static str, Vec<(&'static str, String)>)> {
        let whole = |x: f64| x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= 1e6;
        if !whole(self.max) {
            return Some(("bank_problem.criterion_max_whole", vec![]));
        }
        if self.bands.len() < 2 {
            return Some(("bank_problem.bands_missing", vec![]));
        }
        let mut next = 0.0;
        for b in &self.bands {
            if !whole(b.min) || !whole(b.max) || b.min > b.max || b.text.trim().is_empty() {
                return Some((
                    "bank_problem.band_invalid",
                    vec![("min", fmt_points(b.min)), ("max", fmt_points(b.max))],
                ));
            }
            if b.min != next {
                let key = if b.min > next {
                    "bank_problem.band_gap"
                } else {
                    "bank_problem.band_overlap"
                };
                return Some((
                    key,
                    vec![("at", fmt_points(next)), ("min", fmt_points(b.min))],
                ));
            }
            next = b.max + 1.0;
        }
        (next - 1.0 != self.max).then(|| {
            (
                "bank_problem.band_end",
                vec![
                    ("end", fmt_points(next - 1.0)),
                    ("max", fmt_points(self.max)),
                ],
            )
        })
    }

    /// The band holding `points`, if any.
    pub fn band_of(&self, points: f64) -> Option<&Band> {
        self.bands
            .iter()
            .find(|b| b.min <= points && points <= b.max)
    }
}

fn fmt_points(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

impl Item {
    /// The scoring kind.
    pub fn kind(&self) -> Kind {
        self.task.kind
    }

    /// single_choice, multi_choice or true_false.
    pub fn is_theory(&self) -> bool {
        self.task.kind.is_theory()
    }

    pub fn has_use(&self, u: Use) -> bool {
        self.uses.contains(&u)
    }

    /// The weight-table key of the item's first skill (`"0.1"`, `"2"` …).
    pub fn function(&self) -> Option<&str> {
        self.skills.first().map(|s| curriculum::function_of(s))
    }

    /// The option keys A, B, C … of `options` (empty without options).
    pub fn option_keys(&self) -> Vec<String> {
        let n = self.task.options.as_ref().map_or(0, Vec::len);
        (0..n.min(26)).map(option_key).collect()
    }

    /// Every asset path the item names (`assets`, then `entries[].asset`), as written.
    pub fn asset_refs(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.assets.iter().map(String::as_str).collect();
        if let Some(entries) = &self.task.entries {
            out.extend(entries.iter().filter_map(|e| e.asset.as_deref()));
        }
        out
    }

    /// `file:line`, for messages.
    pub fn place(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// The option key of position `i` (0 → "A").
pub fn option_key(i: usize) -> String {
    char::from(b'A' + (i % 26) as u8).to_string()
}

/// One bank file.
#[derive(Debug, Clone, PartialEq)]
pub struct BankFile {
    /// Relative to the bank root, `/`-separated (`level5/theory-ethics.toml`).
    pub path: String,
    /// The level of the folder the file is in, if it is in `level5` … `level1`.
    pub folder_level: Option<u8>,
    /// The topic, shown in the bank browser.
    pub title: String,
    /// The items that parsed; items with schema errors are left out (and reported).
    pub items: Vec<Item>,
}

/// A whole bank folder: its files, the problems met while parsing them, and the sizes of the
/// assets its items name (assets not found are absent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BankSet {
    pub files: Vec<BankFile>,
    /// TOML syntax and schema problems, found while parsing.
    pub parse_problems: Vec<Problem>,
    /// Size in bytes of each asset found, keyed by its path relative to the bank root.
    pub asset_sizes: BTreeMap<String, u64>,
}

impl BankSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses one bank file (`path` relative to the bank root, e.g. `level5/x.toml`) and adds it;
    /// syntax and schema problems go to [`BankSet::parse_problems`].
    pub fn add_file(&mut self, path: &str, text: &str) {
        let (file, problems) = parse_file(path, text);
        self.parse_problems.extend(problems);
        if let Some(file) = file {
            self.files.push(file);
        }
    }

    /// Every item, in file order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.files.iter().flat_map(|f| &f.items)
    }

    /// The levels that have a file in this set (from the folders), highest first.
    pub fn levels(&self) -> Vec<u8> {
        let set: BTreeSet<u8> = self.files.iter().filter_map(|f| f.folder_level).collect();
        set.into_iter().rev().collect()
    }

    /// Every asset the items name that resolves inside the bank, as paths relative to the root
    /// (what `app::bank::load_dir` looks up, and what a zip importer must fill into `asset_sizes`).
    pub fn referenced_assets(&self) -> BTreeSet<String> {
        self.items()
            .flat_map(|it| {
                it.asset_refs()
                    .into_iter()
                    .filter_map(|a| resolve_asset(&it.file, a).ok())
            })
            .collect()
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The bank is wrong: `bank check` fails and an import or upload is refused.
    #[default]
    Error,
    /// A cue a test-wise candidate could use ([`cues`]): printed, but the check passes and the
    /// bank is imported.
    Warning,
}

/// One problem: `file:line: item-id: message`. File-level problems have item id `-`; level-wide
/// problems (paper shapes, cue figures) have file `level{N}/` and line 0.
///
/// The message is a stable code and its arguments ([`Msg`]): a key of `[bank_problem]` in
/// `locales/*.toml`, or of `[input_error]` when the scoring engine's own check of the item's task
/// failed (then `path` is the place in the task). [`Problem::message`] renders it in a language;
/// `Display` gives the line `annocert bank check` prints, in English.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub item_id: String,
    /// The place in the item's scoring task (`task.gold[0].bbox`, `given[1].bbox`), for the
    /// scoring engine's checks.
    pub path: Option<String>,
    pub msg: Msg,
    /// Errors fail the check; warnings (the cue checker's) do not.
    pub severity: Severity,
}

impl Problem {
    /// An error.
    pub fn new(file: &str, line: usize, item_id: &str, msg: Msg) -> Self {
        Problem {
            file: file.to_string(),
            line,
            item_id: item_id.to_string(),
            path: None,
            msg,
            severity: Severity::Error,
        }
    }

    /// A warning: shown, but it neither fails `bank check` nor refuses an import.
    pub fn warning(file: &str, line: usize, item_id: &str, msg: Msg) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::new(file, line, item_id, msg)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The scoring engine's verdict on the item's task, at its place in the task.
    pub fn task(file: &str, line: usize, item_id: &str, e: &InputError) -> Self {
        Problem {
            path: Some(e.path().to_string()).filter(|p| !p.is_empty()),
            ..Problem::new(file, line, item_id, e.msg().clone())
        }
    }

    /// The stable code, e.g. `bank_problem.skill_unknown` or `input_error.box_size`.
    pub fn code(&self) -> &'static str {
        self.msg.key
    }

    /// The problem in `lang` (with its place in the task first, when it has one).
    pub fn message(&self, lang: Lang) -> String {
        let text = self.msg.render(lang);
        match &self.path {
            Some(path) => tf(
                lang,
                "input_error.at",
                &[("path", path.clone()), ("problem", text)],
            ),
            None => text,
        }
    }

    /// `{file, line, item_id, code, severity, args, message}` (and `path` when there is one),
    /// the message in `lang`: what the API answers for a refused bank.
    pub fn to_json(&self, lang: Lang) -> Value {
        let mut v = json!({
            "file": self.file,
            "line": self.line,
            "item_id": self.item_id,
            "code": self.code(),
            "severity": self.severity,
            "args": self.msg.args_json(lang),
            "message": self.message(lang),
        });
        if let Some(path) = &self.path {
            v["path"] = json!(path);
        }
        v
    }
}

/// The line `annocert bank check` prints: `file:line: item-id: problem`, in English (a warning:
/// `file:line: item-id: warning: problem`).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let warning = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        write!(
            f,
            "{}:{}: {}: {warning}{}",
            self.file,
            self.line,
            self.item_id,
            self.message(Lang::En)
        )
    }
}

/// Why a bank folder could not be read at all (problems in its content are [`Problem`]s).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} has none of the folders level5 … level1")]
    NoLevels(PathBuf),
}

/// The level of a bank path's folder: `level5/x.toml` → 5.
pub fn folder_level(path: &str) -> Option<u8> {
    let dir = path.split('/').next()?;
    match dir.strip_prefix("level")?.as_bytes() {
        [d @ b'1'..=b'5'] => Some(d - b'0'),
        _ => None,
    }
}

/// Resolves an asset path written in the bank file `file` (both relative) to a path relative to
/// the bank root. Refuses absolute paths, backslashes, empty segments and paths leaving the root.
pub fn resolve_asset(file: &str, asset: &str) -> Result<String, Msg> {
    let bad = |key| Msg::new(key).arg("asset", format!("{asset:?}"));
    if asset.is_empty() {
        return Err(Msg::new("bank_problem.asset_path_empty"));
    }
    if asset.starts_with('/') || asset.contains('\\') || asset.contains(':') {
        return Err(bad("bank_problem.asset_path_form"));
    }
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop(); // the file name
    for seg in asset.split('/') {
        match seg {
            "" => return Err(bad("bank_problem.asset_path_empty_segment")),
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(bad("bank_problem.asset_path_outside"));
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A TOML type's name (what `DeValue::type_str` says) as a message.
fn toml_type(name: &str) -> Msg {
    Msg::new(match name {
        "string" => "bank_problem.type_string",
        "integer" => "bank_problem.type_integer",
        "float" => "bank_problem.type_float",
        "boolean" => "bank_problem.type_boolean",
        "datetime" => "bank_problem.type_datetime",
        "array" => "bank_problem.type_array",
        "table" => "bank_problem.type_table",
        other => return Msg::new("bank_problem.type_other").arg("name", other),
    })
}

/// What serde expected, in TOML's terms, when it is one of the types an item uses.
fn expected_type(expected: &str) -> Option<Msg> {
    let name = match expected {
        "a string" | "string" => "string",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i64" | "an integer" => "integer",
        "f64" | "f32" | "a number" => "float",
        "a boolean" | "bool" => "boolean",
        "a sequence" | "an array" => "array",
        e if e == "a map" || e.starts_with("struct ") => "table",
        _ => return None,
    };
    Some(toml_type(name))
}

/// serde's message on an item's fields as a code: unknown field, missing field, unknown value
/// (of `use`), wrong type; anything else keeps serde's own words.
fn schema_message(msg: &str) -> Msg {
    let msg = msg.trim();
    let ticked = |rest: &str| {
        rest.strip_prefix('`')
            .and_then(|r| r.split_once('`'))
            .map(|(name, _)| name.to_string())
    };
    if let Some(field) = msg.strip_prefix("unknown field ").and_then(ticked) {
        return Msg::new("bank_problem.unknown_field").arg("field", field);
    }
    if let Some(field) = msg.strip_prefix("missing field ").and_then(ticked) {
        return Msg::new("bank_problem.missing_field").arg("field", field);
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ")
        && let Some(value) = ticked(rest)
    {
        // "unknown variant `x`, expected `a` or `b`" / "expected one of `a`, `b`, `c`"
        let allowed: Vec<&str> = rest
            .split_once(", expected")
            .map(|(_, e)| e.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return Msg::new("bank_problem.unknown_value")
            .arg("value", value)
            .arg("allowed", allowed.join(", "));
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ")
        && let Some((got, expected)) = rest.rsplit_once(", expected ")
        && let Some(expected) = expected_type(expected)
    {
        return Msg::new("bank_problem.invalid_type")
            .arg("got", got)
            .arg_msg("expected", expected);
    }
    Msg::new("bank_problem.schema").arg("detail", msg)
}

/// The task's keys in an item table ([`Task`]'s fields).
const TASK_KEYS: [&str; 12] = [
    "kind",
    "options",
    "labels",
    "attributes",
    "image",
    "text",
    "entries",
    "fields",
    "given",
    "criteria",
    "gold",
    "params",
];

/// The problem of an item that did not deserialize, at the line of its cause.
///
/// serde reads the flattened task after the item's own fields, from a buffer that has lost the
/// places in the file: an error in the task, or an unknown field, would point at the item's
/// header. The task's keys are read again on their own to find the error at its line, and an
/// unknown field is looked up by name. An unknown `kind` is the check's `unknown_kind`.
fn item_schema_problem(
    path: &str,
    text: &str,
    element: &toml::Spanned<DeValue<'_>>,
    item_line: usize,
    id: &str,
    e: toml::de::Error,
) -> Problem {
    let mut e = e;
    let table = element.get_ref().as_table();
    if e.span().is_none_or(|s| s == element.span()) {
        let mut task = element.clone();
        if let DeValue::Table(t) = task.get_mut() {
            *t = t
                .iter()
                .filter(|(k, _)| TASK_KEYS.contains(&&**k.get_ref()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
        }
        if let Err(task_error) = Task::deserialize(toml::de::ValueDeserializer::from(task)) {
            e = task_error;
        }
    }
    let kind = table
        .and_then(|t| t.get("kind"))
        .and_then(|v| v.get_ref().as_str());
    if let Some(kind) = kind
        && Kind::parse(kind).is_none()
        && e.message().starts_with("unknown variant ")
    {
        return Problem::new(
            path,
            item_line,
            id,
            Msg::new("bank_problem.unknown_kind")
                .arg("kind", format!("{kind:?}"))
                .arg("known", crate::scoring::KINDS.join(", ")),
        );
    }
    let msg = schema_message(e.message());
    let mut span = e.span().filter(|s| *s != element.span());
    if span.is_none()
        && let Some(field) = e
            .message()
            .strip_prefix("unknown field `")
            .and_then(|r| r.split_once('`'))
            .map(|(field, _)| field)
    {
        span = table
            .and_then(|t| t.get_key_value(field))
            .map(|(k, _)| k.span());
    }
    let line = span.map_or(item_line, |s| line_of(text, s.start));
    Problem::new(path, line, id, msg)
}

/// Parses one bank file: TOML syntax, the top-level fields, then each item on its own, so that
/// one bad item does not hide the others.
fn parse_file(path: &str, text: &str) -> (Option<BankFile>, Vec<Problem>) {
    let mut problems = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = match DeTable::parse(text) {
        Ok(t) => t.into_inner(),
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            problems.push(Problem::new(
                path,
                line,
                "-",
                Msg::new("bank_problem.toml_syntax").arg("detail", e.message().trim()),
            ));
            return (None, problems);
        }
    };
    let folder = folder_level(path);
    if folder.is_none() {
        problems.push(Problem::new(
            path,
            1,
            "-",
            Msg::new("bank_problem.outside_level_folder"),
        ));
    }
    let mut title = None;
    let mut items = Vec::new();
    let mut saw_items = false;
    for (key, value) in root.iter() {
        let line = line_of(text, key.span().start);
        match &**key.get_ref() {
            "title" => match value.get_ref().as_str() {
                Some(s) if !s.trim().is_empty() => title = Some(s.to_string()),
                Some(_) => problems.push(Problem::new(
                    path,
                    line,
                    "-",
                    Msg::new("bank_problem.title_empty"),
                )),
                None => problems.push(Problem::new(
                    path,
                    line,
                    "-",
                    Msg::new("bank_problem.title_type")
                        .arg_msg("got", toml_type(value.get_ref().type_str())),
                )),
            },
            "items" => {
                saw_items = true;
                let Some(array) = value.get_ref().as_array() else {
                    problems.push(Problem::new(
                        path,
                        line,
                        "-",
                        Msg::new("bank_problem.items_type")
                            .arg_msg("got", toml_type(value.get_ref().type_str())),
                    ));
                    continue;
                };
                for element in array.iter() {
                    let item_line = line_of(text, element.span().start);
                    let id = element
                        .get_ref()
                        .as_table()
                        .and_then(|t| t.get("id"))
                        .and_then(|v| v.get_ref().as_str())
                        .filter(|s| !s.is_empty())
                        .unwrap_or("-")
                        .to_string();
                    if !matches!(element.get_ref(), DeValue::Table(_)) {
                        problems.push(Problem::new(
                            path,
                            item_line,
                            &id,
                            Msg::new("bank_problem.item_type")
                                .arg_msg("got", toml_type(element.get_ref().type_str())),
                        ));
                        continue;
                    }
                    let de = toml::de::ValueDeserializer::from(element.clone());
                    match Item::deserialize(de) {
                        Ok(mut item) => {
                            item.file = path.to_string();
                            item.line = item_line;
                            items.push(item);
                        }
                        Err(e) => problems
                            .push(item_schema_problem(path, text, element, item_line, &id, e)),
                    }
                }
            }
            other => problems.push(Problem::new(
                path,
                line,
                "-",
                Msg::new("bank_problem.unknown_top_level").arg("field", other),
            )),
        }
    }
    let title_reported = problems.iter().any(|p| {
        matches!(
            p.code(),
            "bank_problem.title_empty" | "bank_problem.title_type"
        )
    });
    if title.is_none() && !title_reported {
        problems.push(Problem::new(
            path,
            1,
            "-",
            Msg::new("bank_problem.missing_field").arg("field", "title"),
        ));
    }
    if !saw_items {
        problems.push(Problem::new(
            path,
            1,
            "-",
            Msg::new("bank_problem.no_items"),
        ));
    }
    let file = BankFile {
        path: path.to_string(),
        folder_level: folder,
        title: title.unwrap_or_default(),
        items,
    };
    (Some(file), problems)
}

/// The scoring task of an item as the JSON task object of docs/scoring.md: `kind`, and
/// whichever of `image`, `text`, `labels`, `attributes`, `options`, `entries`, `given`,
/// `fields`, `criteria`, `gold`, `params` the item has ([`Task::to_value`]).
pub fn to_task(item: &Item) -> Value {
    item.task.to_value()
}

/// SHA-256 (hex) of the item's content: a canonical JSON of every field but `file` and `line`
/// (object keys sorted, no whitespace, whole floats written as integers), so the hash does not
/// change with field order, TOML layout or `1` vs `1.0`, and changes with any real edit.
pub fn content_hash(item: &Item) -> String {
    let v = serde_json::to_value(item).unwrap_or(Value::Null);
    let mut out = String::new();
    canonical_json(&v, &mut out);
    hex::encode(Sha256::digest(out.as_bytes()))
}

/// Writes `v` as canonical JSON: keys in code-point order, no whitespace, numbers that are whole
/// and exactly representable as integers.
pub fn canonical_json(v: &Value, out: &mut String) {
    match v {
        Value::Null | Value::Bool(_) | Value::String(_) => out.push_str(&v.to_string()),
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64())
                && f.fract() == 0.0
                && f.abs() < 9.007_199_254_740_992e15
            {
                out.push_str(&format!("{}", f as i64));
            } else {
                out.push_str(&n.to_string());
            }
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(x, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical_json(&m[k], out);
            }
            out.push('}');
        }
    }
}

/// Counts for `annocert bank stats`: totals and, per level, counts by kind, by function (of the
/// first skill) and by use (an item with both uses counts under both), plus theory/practical,
/// and the cue figures of the level's exam-use theory items (`cues`, [`cues::LevelCues`], with
/// the test-wise candidate's score on a paper of `curriculum`'s shape); `cues_cross_level` lists
/// the near-duplicate exam-use items of different levels.
pub fn stats(set: &BankSet, curriculum: &curriculum::Curriculum) -> Value {
    #[derive(Default)]
    struct Counts {
        items: u64,
        kind: BTreeMap<String, u64>,
        function: BTreeMap<String, u64>,
        uses: BTreeMap<String, u64>,
        theory: u64,
        practical: u64,
    }
    impl Counts {
        fn add(&mut self, it: &Item) {
            self.items += 1;
            *self.kind.entry(it.kind().as_str().to_string()).or_default() += 1;
            *self
                .function
                .entry(it.function().unwrap_or("-").to_string())
                .or_default() += 1;
            for u in it.uses.iter().collect::<BTreeSet<_>>() {
                *self.uses.entry(u.as_str().to_string()).or_default() += 1;
            }
            if it.is_theory() {
                self.theory += 1;
            } else {
                self.practical += 1;
            }
        }
        fn json(&self, with_function: bool) -> Value {
            let mut v = json!({
                "items": self.items,
                "theory": self.theory,
                "practical": self.practical,
                "by_kind": self.kind,
                "by_use": self.uses,
            });
            if with_function {
                v["by_function"] = json!(self.function);
            }
            v
        }
    }
    let mut total = Counts::default();
    let mut levels: BTreeMap<u8, Counts> = BTreeMap::new();
    for it in set.items() {
        total.add(it);
        levels.entry(it.level).or_default().add(it);
    }
    let items: Vec<&Item> = set.items().collect();
    let cues = cues::analyse(&items, curriculum);
    let mut by_level = Map::new();
    for (level, c) in levels.iter().rev() {
        let mut v = c.json(true);
        v["cues"] = cues
            .levels
            .get(level)
            .and_then(|c| serde_json::to_value(c).ok())
            .unwrap_or(Value::Null);
        by_level.insert(level.to_string(), v);
    }
    let mut v = total.json(false);
    v["files"] = json!(set.files.len());
    v["by_level"] = Value::Object(by_level);
    v["cues_cross_level"] = serde_json::to_value(&cues.cross_level).unwrap_or(Value::Null);
    v
}
