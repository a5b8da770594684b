//! The national standard 《人工智能训练师》(occupation 4-04-05-05, 2021) as data: the occupation,
//! its job types (工种), the five levels with their 职业功能 → 工作内容 → 技能要求 and 相关知识, the
//! theory and skill weight tables (比重表), the exam components and their rules, eligibility
//! (申报条件) and standard training hours.
//!
//! The data lives in `question_banks/curriculum.toml` (documented in docs/curriculum.md). Every
//! entry carries its provenance ([`Source`]) so that an evaluation center can see what is quoted
//! from the standard and what is assumed.
//!
//! Pure core: no I/O beyond `include_str!`, no async, no web. [`load`] parses *and* validates;
//! [`shipped`] is the validated copy compiled into the binary.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

mod validate;

#[cfg(test)]
mod tests;

/// The curriculum shipped with annocert, compiled in.
pub const SHIPPED_TOML: &str = include_str!("../../question_banks/curriculum.toml");

/// The `format` value this loader understands.
pub const FORMAT: u32 = 1;

/// The levels of the standard, from 五级/初级工 down to 一级/高级技师.
pub const LEVELS: [u8; 5] = [5, 4, 3, 2, 1];

/// A level of the standard (等级): 5 = 五级/初级工 … 1 = 一级/高级技师. Only these five exist, so
/// a `Level` is checked once where a number comes in (a URL, a form, a spreadsheet cell, a
/// database row) and never again. In JSON it is the number. Ordered by number: `Level::ONE` is
/// the highest level and the smallest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Level(u8);

impl Level {
    /// 一级/高级技师.
    pub const ONE: Level = Level(1);
    /// 五级/初级工, the entry level.
    pub const FIVE: Level = Level(5);
    /// Every level, from 五级 down to 一级 (the order of [`LEVELS`]).
    pub const ALL: [Level; 5] = [Level(5), Level(4), Level(3), Level(2), Level(1)];

    /// The level `n`, if `n` is 1 … 5.
    pub const fn new(n: u8) -> Option<Level> {
        if n >= 1 && n <= 5 {
            Some(Level(n))
        } else {
            None
        }
    }

    /// The level written as its number (`"3"`), as in URLs and forms.
    pub fn parse(s: &str) -> Option<Level> {
        s.parse::<u8>().ok().and_then(Level::new)
    }

    /// The number, 1 … 5.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Level {
    type Error = String;

    fn try_from(n: u8) -> Result<Level, String> {
        Level::new(n).ok_or_else(|| format!("level {n} is not one of 5 … 1"))
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l.0
    }
}

impl From<Level> for i64 {
    fn from(l: Level) -> i64 {
        i64::from(l.0)
    }
}

impl std::str::FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Level, String> {
        Level::parse(s).ok_or_else(|| format!("{s:?} is not a level 5 … 1"))
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The shipped curriculum, parsed and validated once.
///
/// # Panics
/// Only if the compiled-in `curriculum.toml` is invalid, which the unit tests rule out.
pub fn shipped() -> &'static Curriculum {
    static SHIPPED: OnceLock<Curriculum> = OnceLock::new();
    SHIPPED.get_or_init(|| match load(SHIPPED_TOML) {
        Ok(curriculum) => curriculum,
        Err(err) => panic!("the shipped question_banks/curriculum.toml is invalid: {err}"),
    })
}

/// Parses and validates a curriculum file. Every validation problem is reported, not just the
/// first one.
pub fn load(toml_text: &str) -> Result<Curriculum, CurriculumError> {
    let curriculum: Curriculum =
        toml::from_str(toml_text).map_err(|e| CurriculumError::Parse(Box::new(e)))?;
    let problems = validate::validate(&curriculum);
    if problems.is_empty() {
        Ok(curriculum)
    } else {
        Err(CurriculumError::Invalid(problems))
    }
}

/// The function a skill, work or function code belongs to, as the weight tables name it:
/// `"0.1"` / `"0.2"` for the basic requirements (`"0.1.2"` → `"0.1"`), otherwise the first
/// segment (`"2.1.1"` → `"2"`, `"2.1"` → `"2"`, `"2"` → `"2"`). Works on the text alone.
pub fn function_of(code: &str) -> &str {
    if let Some(rest) = code.strip_prefix("0.") {
        match rest.find('.') {
            Some(i) => &code[..2 + i],
            None => code,
        }
    } else {
        code.split_once('.').map_or(code, |(function, _)| function)
    }
}

/// Why a curriculum file was refused.
#[derive(Debug, thiserror::Error)]
pub enum CurriculumError {
    /// Not TOML, or not the shape of a curriculum (unknown field, unknown `source`, wrong type …).
    /// The message carries the line and column.
    #[error("curriculum.toml does not parse: {0}")]
    Parse(Box<toml::de::Error>),
    /// Parsed, but breaks one or more rules; each entry is one problem in plain words.
    #[error("curriculum.toml is invalid ({} problem(s)):\n{}", .0.len(), bullet_list(.0))]
    Invalid(Vec<String>),
}

fn bullet_list(problems: &[String]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Provenance of an entry (see shared/STANDARD.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Quoted from copies of the standard.
    Verbatim,
    /// From the 2025 assessment-element tables (认定要素细目表).
    OfficialOutline,
    /// Computed from official material.
    Derived,
    /// A common value of other national standards or our own choice; a center must confirm it.
    Assumed,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Verbatim,
        Source::OfficialOutline,
        Source::Derived,
        Source::Assumed,
    ];

    /// The value as written in curriculum.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Verbatim => "verbatim",
            Source::OfficialOutline => "official-outline",
            Source::Derived => "derived",
            Source::Assumed => "assumed",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The whole standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curriculum {
    /// File format version; must equal [`FORMAT`].
    pub format: u32,
    pub occupation: Occupation,
    pub job_types: Vec<JobType>,
    /// 基本要求 (0.1 职业道德, 0.2 基础知识): the same at every level.
    pub basic: Basic,
    pub levels: Vec<LevelSpec>,
}

/// 职业.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occupation {
    /// 职业编码, `4-04-05-05`.
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// The standard's title.
    pub standard: String,
    pub year: u16,
    pub issuers: Vec<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 职业定义.
    pub definition: Fact,
    /// 职业能力特征.
    pub abilities: Fact,
    /// 普通受教育程度.
    pub education: Fact,
    /// 职业守则.
    pub code_of_conduct: CodeOfConduct,
}

/// One sourced statement: a definition, a line of 相关知识, an exam method …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 职业守则.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeOfConduct {
    pub items: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items_en: Vec<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 工种.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobType {
    /// Stable identifier, e.g. `data_annotator`.
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 基本要求: works `0.1` (职业道德) and `0.2` (基础知识) with skills `0.x.y`, valid at every level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basic {
    pub name: String,
    pub name_en: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub works: Vec<Work>,
}

/// One level (等级), 5 = 五级/初级工 … 1 = 一级/高级技师.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSpec {
    pub number: u8,
    /// e.g. `五级/初级工`.
    pub name: String,
    pub name_en: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 培训参考学时 (standard training hours).
    pub training_hours: TrainingHours,
    /// 理论知识比重表: keys `"0.1"`, `"0.2"` and every function code; percent, sums to 100.
    pub theory_weights: WeightTable,
    /// 技能要求比重表: keys are every function code; percent, sums to 100.
    pub skill_weights: WeightTable,
    /// 申报条件: alternative routes, any one of which suffices.
    pub eligibility: Vec<EligibilityRule>,
    /// 鉴定方式: theory, skill and (levels 2 and 1) review.
    pub exams: Vec<ExamComponent>,
    /// 职业功能.
    pub functions: Vec<Function>,
}

/// 职业功能, e.g. `2 数据标注`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub works: Vec<Work>,
}

/// 工作内容, e.g. `2.1 原始数据清洗与标注`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Work {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 技能要求.
    pub skills: Vec<Skill>,
    /// 相关知识要求.
    #[serde(default)]
    pub knowledge: Vec<Fact>,
}

/// 技能要求, e.g. `2.1.1 能根据标注规范和要求，完成文本、视觉、语音数据清洗`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub code: String,
    pub text: String,
    /// Our English rendering of `text` (derived: `source` is the Chinese text's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Skill {
    /// The text in `lang`: the English one when asked for and present, else the Chinese.
    pub fn text_in(&self, lang: crate::i18n::Lang) -> &str {
        match (lang, &self.text_en) {
            (crate::i18n::Lang::En, Some(en)) => en,
            _ => &self.text,
        }
    }
}

impl Fact {
    /// The text in `lang`: the English one when asked for and present, else the Chinese.
    pub fn text_in(&self, lang: crate::i18n::Lang) -> &str {
        match (lang, &self.text_en) {
            (crate::i18n::Lang::En, Some(en)) => en,
            _ => &self.text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingHours {
    pub hours: u32,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A 比重表: percent per function code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightTable {
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub percent: BTreeMap<String, u32>,
}

impl WeightTable {
    /// The percent for a function code (`"0.1"`, `"2"` …), 0 if absent.
    pub fn get(&self, function: &str) -> u32 {
        self.percent.get(function).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u32 {
        self.percent.values().sum()
    }
}

/// 申报条件: one route to eligibility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityRule {
    /// The rule as a center would print it.
    pub text: String,
    /// Level of the certificate this route requires (a lower level: 5 for level 4 …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_level: Option<Level>,
    /// Years of work in the occupation or a related one this route requires, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 理论知识考试 / 技能考核 / 综合评审.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    Theory,
    Skill,
    Review,
}

impl Component {
    pub fn parse(s: &str) -> Option<Component> {
        [Component::Theory, Component::Skill, Component::Review]
            .into_iter()
            .find(|c| c.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Component::Theory => "theory",
            Component::Skill => "skill",
            Component::Review => "review",
        }
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One exam component of a level and its rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamComponent {
    pub component: Component,
    pub name: String,
    pub name_en: String,
    /// Provenance of the component's existence at this level.
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How it is held (笔试/机考, 现场操作, 答辩 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Fact>,
    pub marks: Marks,
    pub duration: ExamDuration,
    /// Theory only: the paper shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<TheoryPaper>,
    /// Skill only: the number of practical tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<SkillTasks>,
    pub staffing: Staffing,
    /// 综合评审 only: what the panel scores, with bands (as a rubric item's criteria).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rubric: Vec<crate::bank::Criterion>,
}

/// Full marks and pass mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    pub points: u32,
    pub pass_mark: u32,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Marks {
    /// A score passes when it reaches the pass mark (60 分（含）以上).
    pub fn passed(&self, score: f64) -> bool {
        score >= f64::from(self.pass_mark)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamDuration {
    pub minutes: u32,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The shape of a theory paper: parts of `count` items of one kind, `points` each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TheoryPaper {
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub parts: Vec<PaperPart>,
}

impl TheoryPaper {
    pub fn total_points(&self) -> f64 {
        self.parts.iter().map(PaperPart::total_points).sum()
    }

    pub fn item_count(&self) -> u32 {
        self.parts.iter().map(|p| p.count).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperPart {
    pub kind: TheoryKind,
    pub count: u32,
    /// Points per item.
    pub points: f64,
}

impl PaperPart {
    pub fn total_points(&self) -> f64 {
        f64::from(self.count) * self.points
    }
}

/// Item kinds of a theory paper (the scoring kinds of the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TheoryKind {
    /// 判断题.
    TrueFalse,
    /// 单选题.
    SingleChoice,
    /// 多选题.
    MultiChoice,
}

impl TheoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TheoryKind::TrueFalse => "true_false",
            TheoryKind::SingleChoice => "single_choice",
            TheoryKind::MultiChoice => "multi_choice",
        }
    }
}

/// The skill exam's number of practical tasks; their points follow the level's skill weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillTasks {
    pub count: u32,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 监考员 / 考评员 / 综合评审委员.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    Proctor,
    Examiner,
    Panel,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Proctor => "proctor",
            StaffRole::Examiner => "examiner",
            StaffRole::Panel => "panel",
        }
    }
}

/// Staffing rule: at most `max_candidates_per_staff` candidates per staff member (1:N), at
/// least `min_staff` (per exam room for proctors, per candidate group for examiners and the
/// review panel), and an odd number when `odd`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    pub role: StaffRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_candidates_per_staff: Option<u32>,
    pub min_staff: u32,
    #[serde(default)]
    pub odd: bool,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Staffing {
    /// The smallest number of staff this rule allows for `candidates` candidates in one room or
    /// group (0 when there are no candidates).
    pub fn required(&self, candidates: u32) -> u32 {
        if candidates == 0 {
            return 0;
        }
        let by_ratio = self
            .max_candidates_per_staff
            .map_or(0, |per| candidates.div_ceil(per.max(1)));
        let n = by_ratio.max(self.min_staff).max(1);
        if self.odd && n.is_multiple_of(2) {
            n + 1
        } else {
            n
        }
    }
}

/// Full marks and pass mark where a level has no such exam component: 60 of 100, the rule of
/// every component of the standard.
const DEFAULT_MARKS: (f64, f64) = (100.0, 60.0);

impl Curriculum {
    /// (full marks, pass mark) of a level's exam component: the one place pass marks are read.
    pub fn marks(&self, level: u8, component: Component) -> (f64, f64) {
        self.level(level)
            .and_then(|l| l.exam(component))
            .map_or(DEFAULT_MARKS, |e| {
                (f64::from(e.marks.points), f64::from(e.marks.pass_mark))
            })
    }

    /// Whether a score (in points) passes a level's exam component.
    pub fn exam_passed(&self, level: u8, component: Component, score: f64) -> bool {
        score >= self.marks(level, component).1
    }

    /// The share of its points a question must score to count as passed: the component's pass
    /// mark over its full marks (60 / 100).
    pub fn pass_fraction(&self, level: u8, component: Component) -> f64 {
        let (points, pass) = self.marks(level, component);
        if points > 0.0 {
            pass / points
        } else {
            DEFAULT_MARKS.1 / DEFAULT_MARKS.0
        }
    }

    /// A level by number (5 … 1).
    pub fn level(&self, number: u8) -> Option<&LevelSpec> {
        self.levels.iter().find(|l| l.number == number)
    }

    /// A skill of a level; basic codes (`0.1.1` …) are found at every level.
    pub fn skill(&self, level: u8, code: &str) -> Option<&Skill> {
        let level = self.level(level)?;
        if code.starts_with("0.") {
            self.basic
                .works
                .iter()
                .flat_map(|w| &w.skills)
                .find(|s| s.code == code)
        } else {
            level.skill(code)
        }
    }

    /// A work content of a level; basic works (`0.1`, `0.2`) are found at every level.
    pub fn work(&self, level: u8, code: &str) -> Option<&Work> {
        let level = self.level(level)?;
        if code.starts_with("0.") {
            self.basic_work(code)
        } else {
            level.work(code)
        }
    }

    /// A basic work (`0.1` 职业道德 or `0.2` 基础知识).
    pub fn basic_work(&self, code: &str) -> Option<&Work> {
        self.basic.works.iter().find(|w| w.code == code)
    }

    /// Every skill of a level: the basic skills first, then the level's own in file order.
    /// Empty for an unknown level.
    pub fn all_skills(&self, level: u8) -> Vec<&Skill> {
        match self.level(level) {
            Some(level) => self
                .basic
                .works
                .iter()
                .flat_map(|w| &w.skills)
                .chain(level.skills())
                .collect(),
            None => Vec::new(),
        }
    }

    /// The Chinese name of a weight-table key at a level: `"0.1"` → 职业道德, `"2"` → the
    /// function's name.
    pub fn function_name(&self, level: u8, key: &str) -> Option<&str> {
        if key.starts_with("0.") {
            self.level(level)?;
            self.basic_work(key).map(|w| w.name.as_str())
        } else {
            self.level(level)?.function(key).map(|f| f.name.as_str())
        }
    }

    /// [`Curriculum::function_name`] in English (`"0.1"` → Professional ethics …).
    pub fn function_name_en(&self, level: u8, key: &str) -> Option<&str> {
        if key.starts_with("0.") {
            self.level(level)?;
            self.basic_work(key).map(|w| w.name_en.as_str())
        } else {
            self.level(level)?.function(key).map(|f| f.name_en.as_str())
        }
    }

    /// The basic knowledge (基础知识) of the occupation: the knowledge lines of basic work 0.2.
    pub fn basic_knowledge(&self) -> &[Fact] {
        self.basic_work("0.2")
            .map_or(&[], |w| w.knowledge.as_slice())
    }
}

impl LevelSpec {
    pub fn function(&self, code: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.code == code)
    }

    /// A work content of this level (not the basic works).
    pub fn work(&self, code: &str) -> Option<&Work> {
        self.functions
            .iter()
            .flat_map(|f| &f.works)
            .find(|w| w.code == code)
    }

    /// A skill of this level (not the basic skills; see [`Curriculum::skill`]).
    pub fn skill(&self, code: &str) -> Option<&Skill> {
        self.skills().find(|s| s.code == code)
    }

    /// This level's own skills in file order (without the basic skills).
    pub fn skills(&self) -> impl Iterator<Item = &Skill> {
        self.functions
            .iter()
            .flat_map(|f| &f.works)
            .flat_map(|w| &w.skills)
    }

    pub fn exam(&self, component: Component) -> Option<&ExamComponent> {
        self.exams.iter().find(|e| e.component == component)
    }
}
