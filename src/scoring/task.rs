//! The task (题目): a kind, the material the annotator is shown, the gold and the scoring
//! parameters. One type for the bank (an item is its metadata plus a task, flattened), the
//! scorer ([`super::score_task`]) and the page contract.
//!
//! The shape is a struct with a typed [`Kind`] and optional material rather than one enum variant
//! per kind, because the bank must say *which* material field a kind does not use, or lacks, and
//! still check the rest of the item (`bank check`'s `field_not_used` / `needs_*` rules, with the
//! per-kind table in `bank::check`); a variant per kind would turn those into bare schema errors.
//! Serialised, a task is exactly the task object of docs/scoring.md: `kind` is the tag, as a
//! serde-tagged enum would write it, so the wire format does not depend on this choice.
//!
//! The graders read a task through one validating reader of its JSON form (`input::TaskCtx`),
//! whether it comes from a bank item, the app or a line of `annocert score --batch`: the same
//! checks, paths (`task.gold[3].bbox`) and messages for every source, and a task a batch line
//! may send but a typed task cannot express (a label that is not a string) is refused by the
//! same code that refuses a bad answer. [`super::score_task`] and [`super::validate`] are the
//! typed entry points; the round trip costs 0.5 µs for a choice question and 6 µs for twenty
//! boxes (`cargo bench --bench scoring -- typed`), next to a hand-in's milliseconds.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Kind;

/// The material, gold and parameters of one task; every field but `kind` is optional and left
/// out of the JSON when absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The scoring kind.
    pub kind: Kind,
    /// single_choice / multi_choice: option texts, keys A, B, C … by position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    /// The label set, in picker order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    /// Allowed values per attribute key (image kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Map<String, Value>>,
    /// Pixel size of the image (image kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageSize>,
    /// The text to annotate (`spans`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The things to sort or pick (`classify`, `select`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entries: Option<Vec<Entry>>,
    /// The cells to fill (`table`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<TableField>>,
    /// Someone else's labels drawn on the image (review and correction tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<Vec<Map<String, Value>>>,
    /// What the examiner scores (`rubric`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Vec<Criterion>>,
    /// The right answer in the scoring format of the kind (none for `rubric`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold: Option<Value>,
    /// Scoring parameters of the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Map<String, Value>>,
}

impl Task {
    /// A task of `kind` with no material, gold or parameters.
    pub fn new(kind: Kind) -> Self {
        Task {
            kind,
            options: None,
            labels: None,
            attributes: None,
            image: None,
            text: None,
            entries: None,
            fields: None,
            given: None,
            criteria: None,
            gold: None,
            params: None,
        }
    }

    /// The task object of docs/scoring.md, what [`super::score`] reads.
    pub fn to_value(&self) -> Value {
        // Serialising plain data (strings, numbers, maps with string keys) cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// `image = { width = 640, height = 480 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
}

/// One thing to sort or pick: `{ id = "e1", text = "…" }` or `{ id = "e1", asset = "assets/x.svg" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
}

/// One cell of a `table` item: `{ key = "cars", label = "小汽车数量" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableField {
    pub key: String,
    pub label: String,
}

/// One scoring criterion of a `rubric` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    pub max: f64,
    /// The scoring guide for examiners: what a full answer contains.
    pub guide: String,
    /// The score bands, ascending, covering 0 ..= `max` in whole points without gap or overlap
    /// (`bank check` refuses anything else), so every answer has a defined score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
}

/// One score band of a rubric criterion: `min ..= max` whole points, and what an answer in it
/// contains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: f64,
    pub max: f64,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::canonical_json;
    use crate::scoring::{KINDS, score, score_task, validate, validate_task};
    use serde_json::json;

    /// A valid task of every kind, as the JSON of docs/scoring.md.
    fn one_of_each() -> Vec<Value> {
        vec![
            json!({"kind": "boxes", "image": {"width": 640, "height": 480}, "labels": ["car", "light"],
                   "attributes": {"state": ["red", "green"]},
                   "given": [{"id": "a1", "label": "car", "bbox": [1, 1, 5, 5]}],
                   "gold": [{"label": "light", "bbox": [0, 0, 10.5, 10], "attributes": {"state": "red"}}],
                   "params": {"iou_threshold": 0.6, "metric": "f1"}}),
            json!({"kind": "polygons", "labels": ["a"], "gold": [{"label": "a", "points": [[0, 0], [10, 0], [10, 10]]}]}),
            json!({"kind": "keypoints", "gold": [{"label": "hand", "bbox": [0, 0, 100, 100], "keypoints": [[10, 10, 2], [50, 50, 1]]}]}),
            json!({"kind": "polylines", "image": {"width": 100, "height": 100},
                   "gold": [{"label": "lane", "points": [[0, 0], [30, 0]]}]}),
            json!({"kind": "segments", "labels": ["speech", "music"], "gold": [{"label": "speech", "start": 0.4, "end": 2.1}]}),
            json!({"kind": "spans", "text": "张三在北京", "labels": ["PER", "LOC"],
                   "gold": [{"label": "PER", "start": 0, "end": 2}, {"label": "LOC", "start": 3, "end": 5}]}),
            json!({"kind": "classify", "labels": ["positive", "negative"],
                   "entries": [{"id": "e1", "text": "好"}, {"id": "e2", "asset": "assets/e2.svg"}],
                   "gold": {"labels": {"e1": "positive", "e2": "negative"}}}),
            json!({"kind": "select", "entries": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}], "gold": {"ids": ["a"]}}),
            json!({"kind": "transcript", "gold": {"text": "嗯，我想查一下明天的天气。"}, "params": {"keep": "，。"}}),
            json!({"kind": "table", "fields": [{"key": "cars", "label": "小汽车数量"}], "gold": {"cells": {"cars": 12}},
                   "params": {"tolerance": 0.5}}),
            json!({"kind": "single_choice", "options": ["a", "b"], "gold": {"choice": "B"}}),
            json!({"kind": "multi_choice", "options": ["a", "b", "c"], "gold": {"choices": ["A", "C"]},
                   "params": {"partial": true}}),
            json!({"kind": "true_false", "gold": {"answer": false}}),
            json!({"kind": "rubric", "criteria": [{"id": "c1", "text": "完整", "max": 2, "guide": "…",
                   "bands": [{"min": 0, "max": 1, "text": "缺"}, {"min": 2, "max": 2, "text": "全"}]}]}),
        ]
    }

    fn canonical(v: &Value) -> String {
        let mut s = String::new();
        canonical_json(v, &mut s);
        s
    }

    #[test]
    fn a_task_of_each_kind_round_trips_and_scores_as_its_json() {
        let tasks = one_of_each();
        let kinds: Vec<&str> = tasks.iter().map(|t| t["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, KINDS, "one task per kind, in order");
        for json in tasks {
            let task: Task = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(task.kind.as_str(), json["kind"]);
            assert_eq!(canonical(&task.to_value()), canonical(&json));
            let back: Task = serde_json::from_value(task.to_value()).unwrap();
            assert_eq!(back, task);
            assert!(validate_task(&json).is_ok(), "{json}");
            assert!(validate(&task).is_ok(), "{json}");
            let answer = if task.kind == Kind::Rubric {
                json!({"criteria": {"c1": 2}})
            } else {
                task.gold.clone().unwrap()
            };
            assert_eq!(
                score_task(&task, &answer).unwrap(),
                score(&json, &answer).unwrap(),
                "{json}"
            );
        }
    }

    #[test]
    fn an_unknown_kind_and_a_missing_gold_are_the_errors_they_were() {
        let e = serde_json::from_value::<Task>(json!({"kind": "boxess", "gold": []})).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("unknown variant `boxess`, expected one of `boxes`"),
            "{e}"
        );
        let e = serde_json::from_value::<Task>(json!({"kind": 3})).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid type: integer `3`, expected a string"),
            "{e}"
        );
        // The scorer's own messages for the same faults are unchanged.
        let e = score(&json!({"kind": "boxess", "gold": []}), &json!([])).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("input_error.unknown_kind", "task.kind")
        );
        assert!(
            e.to_string()
                .starts_with("task.kind: unknown kind \"boxess\""),
            "{e}"
        );
        // A typed task without gold fails as its JSON does.
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Rubric) {
            let task = Task::new(kind);
            let typed = score_task(&task, &json!(null)).unwrap_err();
            let json = score(&json!({"kind": kind.as_str()}), &json!(null)).unwrap_err();
            assert_eq!(typed, json, "{kind}");
            assert_eq!(validate(&task).unwrap_err(), json, "{kind}");
            if kind != Kind::TrueFalse && kind != Kind::SingleChoice && kind != Kind::MultiChoice {
                continue;
            }
            assert_eq!(typed.to_string(), "task: missing field \"gold\"");
        }
    }
}
