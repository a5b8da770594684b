//! `transcript` (转写): `{"text": "…"}`, scored by the character error rate (CER) after
//! normalisation (NFKC, lowercase, no whitespace, punctuation, symbols or invisible characters
//! except those in `params.keep`). Score 1 at CER ≤ `full_credit_cer` (0.05), 0 at CER ≥
//! `zero_credit_cer` (0.5), linear in between.

use serde_json::Value;

use super::detection::Graded;
use super::feedback::Feedback;
use super::input::{ANSWER, In, Path, R, TASK, TASK_ROOT, TaskCtx, fmt_num};
use super::text::{align, normalize, normalize_keep};
use super::{Metrics, TranscriptMetrics};

/// Most characters of a text after normalisation (the alignment needs gold × answer bytes).
const MAX_CHARS: usize = 4_000;
/// Most bytes of a raw text.
const MAX_BYTES: usize = 200_000;

fn read(r: In, v: &Value, p: &Path, keep: &[char], allow_null: bool) -> R<Vec<char>> {
    let o = r.obj(v, p)?;
    let tp = p.key("text");
    let tv = r.field(o, "text", p)?;
    if allow_null && tv.is_null() {
        return Ok(Vec::new());
    }
    let s = r.str(tv, &tp)?;
    if s.len() > MAX_BYTES {
        return Err(r
            .fail(&tp, "input_error.text_too_long_bytes")
            .arg("n", s.len())
            .arg("max", MAX_BYTES));
    }
    let n = normalize(s, keep);
    if n.len() > MAX_CHARS {
        return Err(r
            .fail(&tp, "input_error.text_too_long_chars")
            .arg("n", n.len())
            .arg("max", MAX_CHARS));
    }
    Ok(n)
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let full = ctx.params.non_negative("full_credit_cer", 0.05)?;
    let zero = ctx.params.positive("zero_credit_cer", 0.5, 1.0)?;
    if zero <= full {
        let pp = TASK_ROOT.key("params");
        return Err(TASK
            .fail(&pp.key("zero_credit_cer"), "input_error.cer_order")
            .arg("zero", fmt_num(zero))
            .arg("full", fmt_num(full)));
    }
    let keep = ctx
        .params
        .read("keep", |v, p| TASK.str(v, p).map(normalize_keep))?
        .unwrap_or_default();
    let gp = TASK_ROOT.key("gold");
    let gold = read(TASK, ctx.gold()?, &gp, &keep, false)?;
    if gold.is_empty() {
        return Err(TASK.fail(&gp.key("text"), "input_error.empty_after_normalising"));
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ans = read(ANSWER, answer, &Path::root("answer"), &keep, true)?;
    let (distance, runs) = align(&gold, &ans);
    let cer = distance as f64 / gold.len() as f64;
    let score = if cer <= full {
        1.0
    } else if cer >= zero {
        0.0
    } else {
        (zero - cer) / (zero - full)
    };
    Ok(Some(Graded {
        score,
        metrics: Metrics::Transcript(TranscriptMetrics {
            cer,
            edit_distance: distance,
        }),
        matches: Vec::new(),
        feedback: runs
            .into_iter()
            .map(|r| Feedback::CharDiff {
                op: r.op,
                at: r.at,
                expected: r.expected,
                got: r.got,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{CharOp, Feedback, Metrics, score};
    use serde_json::json;

    #[test]
    fn hand_computed() {
        // Gold 嗯，我想查一下明天的天气。 → 嗯我想查一下明天的天气 (11 chars).
        // Answer 我想查一下明天地天气 → missing 嗯 (deleted), 的→地 (substituted): distance 2.
        // CER = 2/11 = 0.1818; score = (0.5 − 0.1818) / (0.5 − 0.05) = 0.7071.
        let t = json!({"kind": "transcript", "gold": {"text": "嗯，我想查一下明天的天气。"}});
        let r = score(&t, &json!({"text": "我想查一下明天地天气"})).unwrap();
        let Metrics::Transcript(m) = &r.metrics else {
            panic!()
        };
        assert_eq!(m.edit_distance, 2);
        assert!((m.cer - 2.0 / 11.0).abs() < 1e-12);
        assert!((r.score - (0.5 - 2.0 / 11.0) / 0.45).abs() < 1e-12);
        assert_eq!(
            r.feedback,
            vec![
                Feedback::CharDiff {
                    op: CharOp::Deleted,
                    at: 0,
                    expected: "嗯".into(),
                    got: "".into()
                },
                Feedback::CharDiff {
                    op: CharOp::Substituted,
                    at: 8,
                    expected: "的".into(),
                    got: "地".into()
                },
            ]
        );
        // Punctuation, spaces and full-width forms do not count: CER 0 → 1.
        let r = score(&t, &json!({"text": " 嗯 我想查一下明天的天气!!"})).unwrap();
        assert_eq!(r.score, 1.0);
        // 1 error in 11: CER 0.0909 → (0.5 − 0.0909)/0.45 = 0.9091.
        let r = score(&t, &json!({"text": "嗯我想查一下明天的天汽"})).unwrap();
        assert!((r.score - (0.5 - 1.0 / 11.0) / 0.45).abs() < 1e-12);
        // Empty answer: CER 1 → 0.
        assert_eq!(score(&t, &json!({"text": ""})).unwrap().score, 0.0);
    }

    #[test]
    fn params_and_errors() {
        // keep "%": 50% ≠ 50 → 1 edit over 3 chars ("50%") → CER 1/3; with full 0, zero 1: score 2/3.
        let t = json!({"kind": "transcript", "params": {"keep": "%", "full_credit_cer": 0, "zero_credit_cer": 1}, "gold": {"text": "50%"}});
        let r = score(&t, &json!({"text": "50"})).unwrap();
        assert!((r.score - 2.0 / 3.0).abs() < 1e-12);
        let bad = json!({"kind": "transcript", "gold": {"text": "。！ "}});
        assert_eq!(
            score(&bad, &json!({"text": ""})).unwrap_err().to_string(),
            "task.gold.text: is empty after normalisation (no letters or digits)"
        );
        let bad = json!({"kind": "transcript", "params": {"full_credit_cer": 0.5, "zero_credit_cer": 0.5}, "gold": {"text": "a"}});
        assert!(
            score(&bad, &json!({"text": ""}))
                .unwrap_err()
                .is_task_error()
        );
        let t = json!({"kind": "transcript", "gold": {"text": "a"}});
        let long = "字".repeat(5000);
        assert!(
            score(&t, &json!({"text": long}))
                .unwrap_err()
                .is_answer_error()
        );
    }
}
