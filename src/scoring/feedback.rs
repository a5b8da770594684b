//! Feedback (讲评): each mistake of an answer as data the practice page draws and explains.
//!
//! Serialised as a JSON object tagged by `"type"`, e.g.
//! `{"type":"missing","gold":3,"label":"car"}` or
//! `{"type":"low_overlap","gold":1,"answer":2,"label":"car","measure":"IoU","similarity":0.42,"threshold":0.5}`.
//! `gold` and `answer` are positions (from 0) in the gold and answer lists.
//!
//! The web layer renders a message with [`feedback_key`] (a key of the `[feedback]` table in
//! `locales/*.toml`) and [`feedback_args`] (its `{placeholders}`).

use serde::{Deserialize, Serialize};

use super::input::fmt_num;

/// One edit of the transcript alignment, seen from the gold text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharOp {
    /// The answer has characters the gold does not have (多字).
    Inserted,
    /// The answer lacks characters of the gold (漏字).
    Deleted,
    /// The answer has other characters in their place (错字).
    Substituted,
}

/// One mistake.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Feedback {
    /// 漏标: a gold object nothing matched.
    Missing { gold: usize, label: String },
    /// 多标: an answer object that matches no gold object.
    Extra { answer: usize, label: String },
    /// 类别错误: matched by position, but the label differs.
    WrongLabel {
        gold: usize,
        answer: usize,
        expected: String,
        got: String,
    },
    /// 重叠不足: same label and some overlap, but the similarity (`measure`: IoU, OKS, …) is below
    /// the threshold. Counted as a missing gold object and an extra answer object.
    LowOverlap {
        gold: usize,
        answer: usize,
        label: String,
        measure: String,
        similarity: f64,
        threshold: f64,
    },
    /// 属性错误: a same-label match whose attribute `key` differs (`None`: not set).
    WrongAttribute {
        gold: usize,
        answer: usize,
        label: String,
        key: String,
        expected: Option<String>,
        got: Option<String>,
    },
    /// 方向相反: a directed polyline drawn the wrong way round (it would match reversed).
    Reversed {
        gold: usize,
        answer: usize,
        label: String,
        similarity: f64,
    },
    /// A gold span not found in the answer (`text` is the span's text; offsets in characters).
    MissedSpan {
        gold: usize,
        label: String,
        start: usize,
        end: usize,
        text: String,
    },
    /// An answer span not in the gold.
    ExtraSpan {
        answer: usize,
        label: String,
        start: usize,
        end: usize,
        text: String,
    },
    /// `select`: an id that should have been selected.
    MissedItem { gold: usize, id: String },
    /// `select`: an id selected that should not have been.
    ExtraItem { answer: usize, id: String },
    /// `classify`: item `id` should be `expected` (`got`: the answer's label, `None`: unanswered).
    WrongItem {
        id: String,
        expected: String,
        got: Option<String>,
    },
    /// `transcript`: a run of edits at position `at` (from 0) of the normalised gold text.
    CharDiff {
        op: CharOp,
        at: usize,
        expected: String,
        got: String,
    },
    /// `table`: cell `key` should be `expected` (± `tolerance`); `got: None` is an empty cell.
    WrongCell {
        key: String,
        expected: f64,
        got: Option<f64>,
        tolerance: f64,
    },
    /// `single_choice`, `multi_choice`: the right keys and the answer's keys (empty: unanswered).
    WrongChoice {
        expected: Vec<String>,
        got: Vec<String>,
    },
    /// `true_false`: the right answer and the answer's (`None`: unanswered).
    WrongTrueFalse { expected: bool, got: Option<bool> },
    /// `rubric`: a criterion scored below its maximum.
    CriterionPoints {
        criterion: String,
        points: f64,
        max: f64,
    },
}

/// Every message key [`feedback_key`] can return (each needs a line in `[feedback]` of every locale).
pub const FEEDBACK_KEYS: &[&str] = &[
    "missing",
    "extra",
    "wrong_label",
    "low_overlap",
    "wrong_attribute",
    "missing_attribute",
    "extra_attribute",
    "reversed",
    "missed_span",
    "extra_span",
    "missed_item",
    "extra_item",
    "wrong_item",
    "unanswered_item",
    "char_inserted",
    "char_deleted",
    "char_substituted",
    "wrong_cell",
    "unanswered_cell",
    "wrong_choice",
    "unanswered",
    "should_be_true",
    "should_be_false",
    "criterion_points",
];

/// The message key of a feedback entry (in the `[feedback]` table of `locales/*.toml`).
pub fn feedback_key(f: &Feedback) -> &'static str {
    match f {
        Feedback::Missing { .. } => "missing",
        Feedback::Extra { .. } => "extra",
        Feedback::WrongLabel { .. } => "wrong_label",
        Feedback::LowOverlap { .. } => "low_overlap",
        Feedback::WrongAttribute { expected: None, .. } => "extra_attribute",
        Feedback::WrongAttribute { got: None, .. } => "missing_attribute",
        Feedback::WrongAttribute { .. } => "wrong_attribute",
        Feedback::Reversed { .. } => "reversed",
        Feedback::MissedSpan { .. } => "missed_span",
        Feedback::ExtraSpan { .. } => "extra_span",
        Feedback::MissedItem { .. } => "missed_item",
        Feedback::ExtraItem { .. } => "extra_item",
        Feedback::WrongItem { got: None, .. } => "unanswered_item",
        Feedback::WrongItem { .. } => "wrong_item",
        Feedback::CharDiff {
            op: CharOp::Inserted,
            ..
        } => "char_inserted",
        Feedback::CharDiff {
            op: CharOp::Deleted,
            ..
        } => "char_deleted",
        Feedback::CharDiff {
            op: CharOp::Substituted,
            ..
        } => "char_substituted",
        Feedback::WrongCell { got: None, .. } => "unanswered_cell",
        Feedback::WrongCell { .. } => "wrong_cell",
        Feedback::WrongChoice { got, .. } if got.is_empty() => "unanswered",
        Feedback::WrongChoice { .. } => "wrong_choice",
        Feedback::WrongTrueFalse { expected: true, .. } => "should_be_true",
        Feedback::WrongTrueFalse {
            expected: false, ..
        } => "should_be_false",
        Feedback::CriterionPoints { .. } => "criterion_points",
    }
}

fn no(i: usize) -> String {
    (i + 1).to_string()
}

fn two(x: f64) -> String {
    format!("{x:.2}")
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The placeholders of a feedback message, already formatted.
///
/// Positions are given from 1 for people: `gold_no`, `answer_no`, `at_no` (character position in
/// the normalised gold text). Similarities and thresholds have two decimals (`0.42`, `0.50`);
/// other numbers their shortest form. Missing values are empty strings.
pub fn feedback_args(f: &Feedback) -> Vec<(&'static str, String)> {
    match f {
        Feedback::Missing { gold, label } => vec![("gold_no", no(*gold)), ("label", label.clone())],
        Feedback::Extra { answer, label } => {
            vec![("answer_no", no(*answer)), ("label", label.clone())]
        }
        Feedback::WrongLabel {
            gold,
            answer,
            expected,
            got,
        } => vec![
            ("gold_no", no(*gold)),
            ("answer_no", no(*answer)),
            ("expected", expected.clone()),
            ("got", got.clone()),
        ],
        Feedback::LowOverlap {
            gold,
            answer,
            label,
            measure,
            similarity,
            threshold,
        } => vec![
            ("gold_no", no(*gold)),
            ("answer_no", no(*answer)),
            ("label", label.clone()),
            ("measure", measure.clone()),
            ("similarity", two(*similarity)),
            ("threshold", two(*threshold)),
        ],
        Feedback::WrongAttribute {
            gold,
            answer,
            label,
            key,
            expected,
            got,
        } => vec![
            ("gold_no", no(*gold)),
            ("answer_no", no(*answer)),
            ("label", label.clone()),
            ("key", key.clone()),
            ("expected", opt(expected)),
            ("got", opt(got)),
        ],
        Feedback::Reversed {
            gold,
            answer,
            label,
            similarity,
        } => vec![
            ("gold_no", no(*gold)),
            ("answer_no", no(*answer)),
            ("label", label.clone()),
            ("similarity", two(*similarity)),
        ],
        Feedback::MissedSpan {
            gold,
            label,
            start,
            end,
            text,
        } => vec![
            ("gold_no", no(*gold)),
            ("label", label.clone()),
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("text", text.clone()),
        ],
        Feedback::ExtraSpan {
            answer,
            label,
            start,
            end,
            text,
        } => vec![
            ("answer_no", no(*answer)),
            ("label", label.clone()),
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("text", text.clone()),
        ],
        Feedback::MissedItem { gold, id } => vec![("gold_no", no(*gold)), ("id", id.clone())],
        Feedback::ExtraItem { answer, id } => vec![("answer_no", no(*answer)), ("id", id.clone())],
        Feedback::WrongItem { id, expected, got } => {
            vec![
                ("id", id.clone()),
                ("expected", expected.clone()),
                ("got", opt(got)),
            ]
        }
        Feedback::CharDiff {
            at, expected, got, ..
        } => {
            vec![
                ("at_no", no(*at)),
                ("expected", expected.clone()),
                ("got", got.clone()),
            ]
        }
        Feedback::WrongCell {
            key,
            expected,
            got,
            tolerance,
        } => vec![
            ("key", key.clone()),
            ("expected", fmt_num(*expected)),
            ("got", got.map(fmt_num).unwrap_or_default()),
            ("tolerance", fmt_num(*tolerance)),
        ],
        Feedback::WrongChoice { expected, got } => {
            vec![("expected", expected.join(", ")), ("got", got.join(", "))]
        }
        Feedback::WrongTrueFalse { .. } => vec![],
        Feedback::CriterionPoints {
            criterion,
            points,
            max,
        } => vec![
            ("criterion", criterion.clone()),
            ("points", fmt_num(*points)),
            ("max", fmt_num(*max)),
        ],
    }
}

#[cfg(test)]
pub(crate) fn all_examples() -> Vec<Feedback> {
    let s = |x: &str| x.to_string();
    vec![
        Feedback::Missing {
            gold: 3,
            label: s("car"),
        },
        Feedback::Extra {
            answer: 0,
            label: s("car"),
        },
        Feedback::WrongLabel {
            gold: 0,
            answer: 1,
            expected: s("car"),
            got: s("bus"),
        },
        Feedback::LowOverlap {
            gold: 1,
            answer: 2,
            label: s("car"),
            measure: s("IoU"),
            similarity: 0.42,
            threshold: 0.5,
        },
        Feedback::WrongAttribute {
            gold: 0,
            answer: 0,
            label: s("light"),
            key: s("state"),
            expected: Some(s("red")),
            got: Some(s("green")),
        },
        Feedback::WrongAttribute {
            gold: 0,
            answer: 0,
            label: s("light"),
            key: s("state"),
            expected: Some(s("red")),
            got: None,
        },
        Feedback::WrongAttribute {
            gold: 0,
            answer: 0,
            label: s("light"),
            key: s("state"),
            expected: None,
            got: Some(s("red")),
        },
        Feedback::Reversed {
            gold: 0,
            answer: 0,
            label: s("lane"),
            similarity: 0.9,
        },
        Feedback::MissedSpan {
            gold: 0,
            label: s("PER"),
            start: 0,
            end: 3,
            text: s("张三丰"),
        },
        Feedback::ExtraSpan {
            answer: 0,
            label: s("LOC"),
            start: 4,
            end: 6,
            text: s("北京"),
        },
        Feedback::MissedItem {
            gold: 0,
            id: s("e2"),
        },
        Feedback::ExtraItem {
            answer: 1,
            id: s("e5"),
        },
        Feedback::WrongItem {
            id: s("e1"),
            expected: s("positive"),
            got: Some(s("negative")),
        },
        Feedback::WrongItem {
            id: s("e1"),
            expected: s("positive"),
            got: None,
        },
        Feedback::CharDiff {
            op: CharOp::Inserted,
            at: 3,
            expected: s(""),
            got: s("的"),
        },
        Feedback::CharDiff {
            op: CharOp::Deleted,
            at: 3,
            expected: s("天"),
            got: s(""),
        },
        Feedback::CharDiff {
            op: CharOp::Substituted,
            at: 3,
            expected: s("天"),
            got: s("夭"),
        },
        Feedback::WrongCell {
            key: s("cars"),
            expected: 12.0,
            got: Some(11.0),
            tolerance: 0.0,
        },
        Feedback::WrongCell {
            key: s("cars"),
            expected: 12.0,
            got: None,
            tolerance: 0.0,
        },
        Feedback::WrongChoice {
            expected: vec![s("B")],
            got: vec![s("A")],
        },
        Feedback::WrongChoice {
            expected: vec![s("B")],
            got: vec![],
        },
        Feedback::WrongTrueFalse {
            expected: true,
            got: Some(false),
        },
        Feedback::WrongTrueFalse {
            expected: false,
            got: None,
        },
        Feedback::CriterionPoints {
            criterion: s("c1"),
            points: 6.0,
            max: 10.0,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serialises_tagged_by_type() {
        let f = Feedback::Missing {
            gold: 3,
            label: "car".into(),
        };
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"type": "missing", "gold": 3, "label": "car"})
        );
        let f = Feedback::LowOverlap {
            gold: 1,
            answer: 2,
            label: "car".into(),
            measure: "IoU".into(),
            similarity: 0.42,
            threshold: 0.5,
        };
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"type": "low_overlap", "gold": 1, "answer": 2, "label": "car", "measure": "IoU", "similarity": 0.42, "threshold": 0.5})
        );
        let f = Feedback::CharDiff {
            op: CharOp::Substituted,
            at: 3,
            expected: "天".into(),
            got: "夭".into(),
        };
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"type": "char_diff", "op": "substituted", "at": 3, "expected": "天", "got": "夭"})
        );
    }

    #[test]
    fn every_variant_has_a_known_key_and_round_trips() {
        let mut seen = std::collections::BTreeSet::new();
        for f in all_examples() {
            let k = feedback_key(&f);
            assert!(FEEDBACK_KEYS.contains(&k), "{k}");
            seen.insert(k);
            let back: Feedback = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
            assert_eq!(back, f);
        }
        assert_eq!(seen.len(), FEEDBACK_KEYS.len(), "every key has an example");
    }

    #[test]
    fn args_are_formatted_for_people() {
        let f = Feedback::LowOverlap {
            gold: 1,
            answer: 2,
            label: "car".into(),
            measure: "IoU".into(),
            similarity: 0.42,
            threshold: 0.5,
        };
        let a = feedback_args(&f);
        assert!(a.contains(&("gold_no", "2".to_string())));
        assert!(a.contains(&("answer_no", "3".to_string())));
        assert!(a.contains(&("similarity", "0.42".to_string())));
        assert!(a.contains(&("threshold", "0.50".to_string())));
        let f = Feedback::WrongCell {
            key: "cars".into(),
            expected: 12.0,
            got: None,
            tolerance: 0.5,
        };
        assert_eq!(
            feedback_args(&f),
            vec![
                ("key", "cars".into()),
                ("expected", "12".into()),
                ("got", "".into()),
                ("tolerance", "0.5".into())
            ]
        );
    }
}
