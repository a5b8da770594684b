//! Scoring engine (评分引擎): grades an answer to any task kind against the task's gold labels
//! (金标准) — exactly, explainably, fast.
//!
//! Pure: data in, data out. No I/O, no clock, no randomness; the same input always gives the same
//! output, so centres can grade offline and anyone can check the arithmetic (`annocert score`).
//! The rules are in `docs/scoring.md`; every grader has a version string ([`grader_version`])
//! that changes whenever its rules change.
//!
//! Entry points: [`score`], [`validate_task`], [`batch_line`], [`grader_version`],
//! [`feedback_key`] / [`feedback_args`].

mod boxes;
mod choice;
mod classify;
mod detection;
mod error;
mod feedback;
pub mod geometry;
mod input;
mod keypoints;
pub mod matching;
mod polygons;
mod polylines;
mod rubric;
mod segments;
mod select;
mod spans;
mod table;
mod task;
pub mod text;
mod transcript;

#[cfg(test)]
mod props;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use error::{InputError, Side};
pub use feedback::{CharOp, FEEDBACK_KEYS, Feedback, feedback_args, feedback_key};
pub use task::{Band, Criterion, Entry, ImageSize, TableField, Task};

use detection::Graded;
use input::{R, TaskCtx};

/// The task kinds, in the order of docs/scoring.md: the names of [`Kind::ALL`].
pub const KINDS: [&str; Kind::ALL.len()] = {
    let mut names = [""; Kind::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Kind::ALL[i].as_str();
        i += 1;
    }
    names
};

/// A task kind (题型); in JSON and TOML its name ([`Kind::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Boxes,
    Polygons,
    Keypoints,
    Polylines,
    Segments,
    Spans,
    Classify,
    Select,
    Transcript,
    Table,
    SingleChoice,
    MultiChoice,
    TrueFalse,
    Rubric,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::Boxes,
        Kind::Polygons,
        Kind::Keypoints,
        Kind::Polylines,
        Kind::Segments,
        Kind::Spans,
        Kind::Classify,
        Kind::Select,
        Kind::Transcript,
        Kind::Table,
        Kind::SingleChoice,
        Kind::MultiChoice,
        Kind::TrueFalse,
        Kind::Rubric,
    ];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Boxes => "boxes",
            Kind::Polygons => "polygons",
            Kind::Keypoints => "keypoints",
            Kind::Polylines => "polylines",
            Kind::Segments => "segments",
            Kind::Spans => "spans",
            Kind::Classify => "classify",
            Kind::Select => "select",
            Kind::Transcript => "transcript",
            Kind::Table => "table",
            Kind::SingleChoice => "single_choice",
            Kind::MultiChoice => "multi_choice",
            Kind::TrueFalse => "true_false",
            Kind::Rubric => "rubric",
        }
    }

    /// 判断, 单选, 多选: the theory exam's kinds; every other kind is a practical task.
    pub fn is_theory(self) -> bool {
        matches!(
            self,
            Kind::SingleChoice | Kind::MultiChoice | Kind::TrueFalse
        )
    }

    /// The workbench module that edits answers of this kind (`static/js/workbench/kinds/<editor>.js`),
    /// sent to the page in the task: the workbench keeps no list of kinds of its own. `rubric`
    /// answers are written text that examiners score (`written`); `segments` has no editor yet.
    pub fn editor(self) -> Option<&'static str> {
        match self {
            Kind::Boxes | Kind::Polygons | Kind::Keypoints | Kind::Polylines => Some("image"),
            Kind::Spans => Some("spans"),
            Kind::Classify => Some("classify"),
            Kind::Select => Some("select"),
            Kind::Transcript => Some("transcript"),
            Kind::Table => Some("table"),
            Kind::SingleChoice | Kind::MultiChoice | Kind::TrueFalse => Some("theory"),
            Kind::Rubric => Some("written"),
            Kind::Segments => None,
        }
    }

    /// Answered in the workbench (scored by the server, or by examiners for `rubric`).
    pub fn is_online(self) -> bool {
        self.editor().is_some()
    }

    /// Answered in the workbench and scored by the server at once.
    pub fn is_auto_scored(self) -> bool {
        self.is_online() && self != Kind::Rubric
    }

    /// The grader version: bumped whenever a rule of this kind changes.
    pub fn grader(self) -> &'static str {
        match self {
            Kind::Boxes => "boxes@1",
            Kind::Polygons => "polygons@1",
            Kind::Keypoints => "keypoints@1",
            Kind::Polylines => "polylines@1",
            Kind::Segments => "segments@1",
            Kind::Spans => "spans@1",
            Kind::Classify => "classify@1",
            Kind::Select => "select@1",
            Kind::Transcript => "transcript@1",
            Kind::Table => "table@1",
            Kind::SingleChoice => "single_choice@1",
            Kind::MultiChoice => "multi_choice@1",
            Kind::TrueFalse => "true_false@1",
            Kind::Rubric => "rubric@1",
        }
    }

    /// The `params` this kind accepts (any other key is a task error).
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Kind::Boxes | Kind::Polygons | Kind::Segments => {
                &["iou_threshold", "compare_attributes", "metric"]
            }
            Kind::Keypoints => &[
                "oks_threshold",
                "sigmas",
                "oks_sigma",
                "compare_attributes",
                "metric",
            ],
            Kind::Polylines => &[
                "sim_threshold",
                "resample",
                "line_thickness",
                "directed",
                "compare_attributes",
                "metric",
            ],
            Kind::Spans | Kind::Select => &["metric"],
            Kind::Table => &["tolerance"],
            Kind::Transcript => &["full_credit_cer", "zero_credit_cer", "keep"],
            Kind::MultiChoice => &["partial"],
            Kind::Classify | Kind::SingleChoice | Kind::TrueFalse | Kind::Rubric => &[],
        }
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Read as a string first, so that a kind of the wrong type is "invalid type: …, expected a
/// string" and an unknown name is serde's "unknown variant" with the list of kinds.
impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Kind::parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, &KINDS))
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The grader version string of a kind (`"boxes@1"` …), `None` for an unknown kind.
pub fn grader_version(kind: &str) -> Option<&'static str> {
    Kind::parse(kind).map(Kind::grader)
}

/// One matched pair: positions in the gold and answer lists, the similarity (IoU, OKS, polyline
/// similarity; 1 for spans and select) and whether the labels agree.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub gold: usize,
    pub answer: usize,
    pub similarity: f64,
    pub label_ok: bool,
}

/// Metrics of the matching kinds, spans and select.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetectionMetrics {
    /// Correct matches: same label (and, with `compare_attributes`, same attributes).
    pub tp: usize,
    /// Answer objects matched to nothing.
    pub fp: usize,
    /// Gold objects matched to nothing.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Matches with a wrong label or wrong attributes.
    pub mismatched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub mean_similarity: f64,
}

/// Metrics of `transcript`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TranscriptMetrics {
    pub cer: f64,
    pub edit_distance: usize,
}

/// Metrics of `rubric`: the examiner's points and the maximum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RubricMetrics {
    pub points: f64,
    pub max_points: f64,
}

/// Metrics of classify, table and the theory kinds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountMetrics {
    pub correct: usize,
    pub total: usize,
}

/// The `metrics` object; its fields depend on the kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Metrics {
    Detection(DetectionMetrics),
    Transcript(TranscriptMetrics),
    Rubric(RubricMetrics),
    Count(CountMetrics),
}

/// The result of scoring one answer; serialises to the JSON `annocert score` prints:
/// `{"kind", "score", "metrics", "matches", "feedback", "grader"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    pub kind: String,
    /// 0.0 – 1.0.
    pub score: f64,
    pub metrics: Metrics,
    pub matches: Vec<Match>,
    pub feedback: Vec<Feedback>,
    /// The grader version that made this result, e.g. `"boxes@1"`.
    pub grader: String,
}

/// The answer value of a kind: `{"answer": X}` (an object whose only key is `answer`) is unwrapped
/// to `X`, except for `true_false` when `X` is not an object (`{"answer": true}` is itself a
/// true_false answer; its wrapped form is `{"answer": {"answer": true}}`).
fn unwrap_answer(kind: Kind, v: &Value) -> &Value {
    if let Value::Object(m) = v
        && m.len() == 1
        && let Some(inner) = m.get("answer")
    {
        if kind == Kind::TrueFalse && !inner.is_object() {
            return v;
        }
        return inner;
    }
    v
}

fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    match ctx.kind {
        Kind::Boxes => boxes::run(ctx, answer),
        Kind::Polygons => polygons::run(ctx, answer),
        Kind::Keypoints => keypoints::run(ctx, answer),
        Kind::Polylines => polylines::run(ctx, answer),
        Kind::Segments => segments::run(ctx, answer),
        Kind::Spans => spans::run(ctx, answer),
        Kind::Classify => classify::run(ctx, answer),
        Kind::Select => select::run(ctx, answer),
        Kind::Transcript => transcript::run(ctx, answer),
        Kind::Table => table::run(ctx, answer),
        Kind::SingleChoice => choice::run_single(ctx, answer),
        Kind::MultiChoice => choice::run_multi(ctx, answer),
        Kind::TrueFalse => choice::run_true_false(ctx, answer),
        Kind::Rubric => rubric::run(ctx, answer),
    }
}

/// Scores `answer` against `task`.
///
/// `task` is the task object (`{"kind", "image", "text", "labels", "gold", "params", …}`; other
/// fields such as a bank item's `id` or `prompt` are ignored). `answer` is either the answer value
/// itself (same shape as `gold`) or the whole `{"answer": …}` object (see the rule for
/// `true_false` in docs/scoring.md). The task is checked first, so a bad task is reported even
/// with a bad answer.
pub fn score(task: &Value, answer: &Value) -> Result<ScoreResult, InputError> {
    let ctx = TaskCtx::new(task)?;
    let answer = unwrap_answer(ctx.kind, answer);
    let Some(g) = run(&ctx, Some(answer))? else {
        // Unreachable: every grader returns a result when given an answer.
        return Err(InputError::new(
            Side::Answer,
            "answer".into(),
            "input_error.not_graded",
        ));
    };
    Ok(ScoreResult {
        kind: ctx.kind.as_str().to_string(),
        score: if g.score.is_finite() {
            g.score.clamp(0.0, 1.0)
        } else {
            0.0
        },
        metrics: g.metrics,
        matches: g.matches,
        feedback: g.feedback,
        grader: ctx.kind.grader().to_string(),
    })
}

/// Scores `answer` against a typed task: the same as [`score`] on the task's JSON
/// ([`Task::to_value`]), with the same errors.
pub fn score_task(task: &Task, answer: &Value) -> Result<ScoreResult, InputError> {
    score(&task.to_value(), answer)
}

/// Checks a typed task as [`validate_task`] checks its JSON.
pub fn validate(task: &Task) -> Result<(), InputError> {
    validate_task(&task.to_value())
}

/// Checks a task (kind, params, material and gold) without an answer: what bank validation runs
/// on every item. Errors are task errors ([`InputError::is_task_error`]).
pub fn validate_task(task: &Value) -> Result<(), InputError> {
    let ctx = TaskCtx::new(task)?;
    run(&ctx, None).map(|_| ())
}

/// One line of `annocert score --batch`: the input line is `{"task": …, "answer": …}`; the output
/// is the result JSON on one line, or `{"error": "…"}` for an invalid line (with `"code"`, e.g.
/// `input_error.edges_cross`, when the task or answer is at fault).
pub fn batch_line(line: &str) -> String {
    #[derive(Deserialize)]
    struct Line {
        task: Value,
        answer: Value,
    }
    fn error(msg: &str) -> String {
        serde_json::json!({ "error": msg }).to_string()
    }
    let line = line.trim_start_matches('\u{feff}').trim();
    if line.is_empty() {
        return error("empty line");
    }
    let l: Line = match serde_json::from_str(line) {
        Ok(l) => l,
        Err(e) if e.is_data() => {
            return error(&format!(
                "expected an object {{\"task\": …, \"answer\": …}}: {e}"
            ));
        }
        Err(e) => return error(&format!("invalid JSON: {e}")),
    };
    match score(&l.task, &l.answer) {
        Ok(r) => {
            let mut out = Vec::with_capacity(1024);
            match serde_json::to_writer(&mut out, &r) {
                Ok(()) => {
                    String::from_utf8(out).unwrap_or_else(|_| error("cannot write the result"))
                }
                Err(e) => error(&format!("cannot write the result: {e}")),
            }
        }
        Err(e) => serde_json::json!({ "error": e.to_string(), "code": e.code() }).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use serde_json::json;

    #[test]
    fn kinds_and_versions() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert!(KINDS.contains(&k.as_str()));
            assert_eq!(grader_version(k.as_str()), Some(k.grader()));
            assert!(k.grader().starts_with(k.as_str()) && k.grader().ends_with("@1"));
        }
        assert_eq!(grader_version("boxes"), Some("boxes@1"));
        assert_eq!(grader_version("nope"), None);
    }

    #[test]
    fn result_json_shape() {
        let task = json!({"kind": "single_choice", "gold": {"choice": "B"}});
        let r = score(&task, &json!({"answer": {"choice": "B"}})).unwrap();
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            json!({"kind": "single_choice", "score": 1.0, "metrics": {"correct": 1, "total": 1},
                   "matches": [], "feedback": [], "grader": "single_choice@1"})
        );
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys.len(), 6);
        let back: ScoreResult = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn detection_metrics_json_and_round_trip() {
        let task = json!({"kind": "boxes", "gold": [{"label": "car", "bbox": [0, 0, 10, 10]}]});
        let r = score(&task, &json!([{"label": "car", "bbox": [0, 0, 10, 10]}])).unwrap();
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v["metrics"],
            json!({"tp": 1, "fp": 0, "fn": 0, "mismatched": 0, "precision": 1.0, "recall": 1.0,
                   "f1": 1.0, "accuracy": 1.0, "mean_similarity": 1.0})
        );
        assert_eq!(
            v["matches"],
            json!([{"gold": 0, "answer": 0, "similarity": 1.0, "label_ok": true}])
        );
        let back: ScoreResult = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn answer_wrapper_is_optional() {
        let task = json!({"kind": "select", "gold": {"ids": ["a"]}});
        let inner = json!({"ids": ["a"]});
        let wrapped = json!({"answer": {"ids": ["a"]}});
        assert_eq!(
            score(&task, &inner).unwrap(),
            score(&task, &wrapped).unwrap()
        );
        // true_false: {"answer": true} is the inner value; {"answer": {"answer": true}} the wrapper.
        let tf = json!({"kind": "true_false", "gold": {"answer": true}});
        assert_eq!(score(&tf, &json!({"answer": true})).unwrap().score, 1.0);
        assert_eq!(
            score(&tf, &json!({"answer": {"answer": true}}))
                .unwrap()
                .score,
            1.0
        );
        assert_eq!(
            score(&tf, &json!({"answer": {"answer": false}}))
                .unwrap()
                .score,
            0.0
        );
    }

    #[test]
    fn task_errors_and_answer_errors() {
        let e = score(&json!({"kind": "boxess", "gold": []}), &json!([])).unwrap_err();
        assert!(e.is_task_error());
        assert!(
            e.to_string()
                .starts_with("task.kind: unknown kind \"boxess\""),
            "{e}"
        );
        let e = score(&json!([1]), &json!([])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "task: expected an object, got a list of 1 items"
        );
        let e = score(&json!({"gold": []}), &json!([])).unwrap_err();
        assert_eq!(e.to_string(), "task: missing field \"kind\"");
        let e = score(&json!({"kind": "boxes"}), &json!([])).unwrap_err();
        assert_eq!(e.to_string(), "task: missing field \"gold\"");
        // The task is checked before the answer.
        let e = score(
            &json!({"kind": "boxes", "gold": [{"label": "car"}]}),
            &json!(7),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "task.gold[0]: missing field \"bbox\"");
        let e = score(&json!({"kind": "boxes", "gold": []}), &json!(7)).unwrap_err();
        assert!(e.is_answer_error());
        assert_eq!(e.to_string(), "answer: expected a list, got the number 7");
        assert_eq!(e.code(), "input_error.expected");
        assert_eq!(e.path(), "answer");
        assert_eq!(e.message(Lang::Zh), "answer：应为列表，实际为数字 7");
        assert!(validate_task(&json!({"kind": "boxes", "gold": []})).is_ok());
    }

    #[test]
    fn batch_lines() {
        let ok = batch_line(
            r#"{"task": {"kind": "true_false", "gold": {"answer": false}}, "answer": {"answer": false}}"#,
        );
        let v: Value = serde_json::from_str(&ok).unwrap();
        assert_eq!(v["score"], json!(1.0));
        assert!(!ok.contains('\n'));
        let bad = batch_line(
            r#"{"task": {"kind": "boxes", "gold": []}, "answer": [{"label": "car", "bbox": [0, 0, -1, 5]}]}"#,
        );
        assert_eq!(
            serde_json::from_str::<Value>(&bad).unwrap(),
            json!({"error": "answer[0].bbox: width and height must be positive, got -1 × 5",
                   "code": "input_error.box_size"})
        );
        for line in [
            "",
            "   ",
            "{",
            "[]",
            "{\"task\": 1}",
            "\u{feff}{\"task\": {}, \"answer\": 1}",
            "null",
        ] {
            let out = batch_line(line);
            let v: Value = serde_json::from_str(&out).unwrap();
            assert!(v["error"].is_string(), "{line:?} → {out}");
        }
    }

    /// One bad input per kind of error a trainee's answer or a bank's task can have: the stable
    /// code, the path, and the message in both languages with every placeholder filled.
    #[test]
    fn input_errors_have_codes_and_both_languages() {
        let boxes = json!({"kind": "boxes", "labels": ["car"], "gold": []});
        let poly = json!({"kind": "polygons", "gold": []});
        let cases: Vec<(Value, Value, &str, &str, &str)> = vec![
            (
                boxes.clone(),
                json!([{"label": "bus", "bbox": [0, 0, 1, 1]}]),
                "input_error.not_a_label",
                "answer[0].label",
                "answer[0].label：\"bus\" 不是本题的标签（可用：car）",
            ),
            (
                boxes.clone(),
                json!([{"label": "car", "bbox": [0, 0, 0, 1]}]),
                "input_error.box_size",
                "answer[0].bbox",
                "answer[0].bbox：宽和高必须为正数，实际为 0 × 1",
            ),
            (
                boxes.clone(),
                json!([{"label": "car", "bbox": [0, 0, 1]}]),
                "input_error.count_numbers",
                "answer[0].bbox",
                "answer[0].bbox：应为 4 个数，实际为 3 个",
            ),
            (
                boxes.clone(),
                json!([{"label": "car", "bbox": [0, 2e9, 1, 1]}]),
                "input_error.coord_range",
                "answer[0].bbox[1]",
                "answer[0].bbox[1]：2000000000 超出范围（|x| ≤ 1e9）",
            ),
            (
                boxes.clone(),
                json!([{"bbox": [0, 0, 1, 1]}]),
                "input_error.missing_field",
                "answer[0]",
                "answer[0]：缺少字段 \"label\"",
            ),
            (
                boxes.clone(),
                json!([{"label": "car", "bbox": "x"}]),
                "input_error.expected",
                "answer[0].bbox",
                "answer[0].bbox：应为列表，实际为字符串 \"x\"",
            ),
            (
                poly.clone(),
                json!([{"label": "a", "points": [[0, 0], [10, 10], [10, 0], [0, 10]]}]),
                "input_error.edges_cross",
                "answer[0].points",
                "answer[0].points：边 0 与边 2 在 (5.0, 5.0) 处交叉",
            ),
            (
                poly.clone(),
                json!([{"label": "a", "points": [[0, 0], [1, 1], [2, 2]]}]),
                "input_error.polygon_zero_area",
                "answer[0].points",
                "answer[0].points：面积为零：所有点都在一条直线上",
            ),
            (
                json!({"kind": "polylines", "image": {"width": 10, "height": 10}, "gold": []}),
                json!([{"label": "l", "points": [[0, 0]]}]),
                "input_error.polyline_points",
                "answer[0].points",
                "answer[0].points：折线至少需要 2 个点，实际为 1 个",
            ),
            (
                json!({"kind": "spans", "text": "abc", "gold": []}),
                json!([{"label": "X", "start": 1, "end": 9}]),
                "input_error.span_out_of_range",
                "answer[0]",
                "answer[0]：片段 [1, 9) 超出范围：文本只有 3 个字符",
            ),
            (
                json!({"kind": "single_choice", "options": ["a", "b"], "gold": {"choice": "A"}}),
                json!({"choice": "C"}),
                "input_error.not_an_option",
                "answer.choice",
                "answer.choice：\"C\" 不是选项（选项为：A, B）",
            ),
            (
                json!({"kind": "boxes", "gold": [], "params": {"iou_threshold": 1.5}}),
                json!([]),
                "input_error.not_in_range",
                "task.params.iou_threshold",
                "task.params.iou_threshold：必须是 (0, 1] 内的数，实际为 1.5",
            ),
            (
                json!({"kind": "boxes", "gold": [], "params": {"iou": 1}}),
                json!([]),
                "input_error.unknown_param",
                "task.params.iou",
                "task.params.iou：题型 boxes 没有此参数（可用：iou_threshold, compare_attributes, metric）",
            ),
            (
                json!({"kind": "boxez", "gold": []}),
                json!([]),
                "input_error.unknown_kind",
                "task.kind",
                "",
            ),
        ];
        for (task, answer, code, path, zh) in cases {
            let e = score(&task, &answer).unwrap_err();
            assert_eq!((e.code(), e.path()), (code, path), "{e}");
            if !zh.is_empty() {
                assert_eq!(e.message(Lang::Zh), zh);
            }
            for lang in [Lang::Zh, Lang::En] {
                let text = e.message(lang);
                assert!(crate::i18n::placeholders(&text).is_empty(), "{text}");
            }
            assert_ne!(e.message(Lang::Zh), e.message(Lang::En));
            assert_eq!(e.to_string(), e.message(Lang::En));
        }
    }
}
