//! `classify` (分类): `{"labels": {item_id: label}}`. Each gold item is right or wrong; an item
//! the answer leaves out (or sets to null) is wrong. Score = correct ÷ total.

use serde_json::Value;

use super::detection::Graded;
use super::feedback::Feedback;
use super::input::{ANSWER, MAX_ITEMS, Path, R, TASK, TASK_ROOT, TaskCtx, quote};
use super::{CountMetrics, Metrics};

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let gp = TASK_ROOT.key("gold");
    let go = TASK.obj(ctx.gold()?, &gp)?;
    let lp = gp.key("labels");
    let gl = TASK.obj(TASK.field(go, "labels", &gp)?, &lp)?;
    if gl.is_empty() {
        return Err(TASK.fail(&lp, "input_error.empty"));
    }
    if gl.len() > MAX_ITEMS {
        return Err(TASK
            .fail(&lp, "input_error.too_many_items")
            .arg("n", gl.len())
            .arg("max", MAX_ITEMS));
    }
    let mut gold: Vec<(&str, &str)> = Vec::with_capacity(gl.len());
    for (id, v) in gl {
        let ip = lp.key(id);
        let label = TASK.name(v, &ip)?;
        ctx.check_label(TASK, label, &ip)?;
        gold.push((id.as_str(), label));
    }
    if let Some(entries) = ctx.entry_ids()? {
        let set: std::collections::HashSet<&str> = entries.iter().copied().collect();
        for (id, _) in &gold {
            if !set.contains(id) {
                return Err(TASK
                    .fail(&lp.key(id), "input_error.not_an_entry")
                    .arg("id", quote(id)));
            }
        }
        for id in &entries {
            if !gl.contains_key(*id) {
                return Err(TASK
                    .fail(&lp, "input_error.entry_without_gold")
                    .arg("id", quote(id)));
            }
        }
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ap = Path::root("answer");
    let ao = ANSWER.obj(answer, &ap)?;
    let alp = ap.key("labels");
    let al = ANSWER.obj(ANSWER.field(ao, "labels", &ap)?, &alp)?;
    for (id, v) in al {
        let ip = alp.key(id);
        if !gl.contains_key(id) {
            return Err(ANSWER
                .fail(&ip, "input_error.unknown_item")
                .arg("id", quote(id)));
        }
        if !v.is_null() {
            let label = ANSWER.name(v, &ip)?;
            ctx.check_label(ANSWER, label, &ip)?;
        }
    }
    let mut correct = 0;
    let mut fb = Vec::new();
    for (id, expected) in &gold {
        let got = al.get(*id).and_then(|v| v.as_str());
        if got == Some(*expected) {
            correct += 1;
        } else {
            fb.push(Feedback::WrongItem {
                id: id.to_string(),
                expected: expected.to_string(),
                got: got.map(str::to_string),
            });
        }
    }
    let total = gold.len();
    Ok(Some(Graded {
        score: correct as f64 / total as f64,
        metrics: Metrics::Count(CountMetrics { correct, total }),
        matches: Vec::new(),
        feedback: fb,
    }))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, score};
    use serde_json::json;

    #[test]
    fn hand_computed() {
        let t = json!({"kind": "classify", "labels": ["positive", "negative", "neutral"],
                       "entries": [{"id": "e1", "text": "好"}, {"id": "e2", "text": "差"}, {"id": "e3", "text": "一般"}, {"id": "e4", "text": "很好"}],
                       "gold": {"labels": {"e1": "positive", "e2": "negative", "e3": "neutral", "e4": "positive"}}});
        // e1 right, e2 wrong, e3 unanswered (null), e4 missing: 1 / 4 = 0.25.
        let r = score(
            &t,
            &json!({"labels": {"e1": "positive", "e2": "neutral", "e3": null}}),
        )
        .unwrap();
        assert_eq!(r.score, 0.25);
        assert_eq!(
            serde_json::to_value(&r.metrics).unwrap(),
            json!({"correct": 1, "total": 4})
        );
        assert_eq!(r.feedback.len(), 3);
        assert_eq!(
            r.feedback[0],
            Feedback::WrongItem {
                id: "e2".into(),
                expected: "negative".into(),
                got: Some("neutral".into())
            }
        );
        assert_eq!(
            r.feedback[1],
            Feedback::WrongItem {
                id: "e3".into(),
                expected: "neutral".into(),
                got: None
            }
        );
    }

    #[test]
    fn classify_errors() {
        let t = json!({"kind": "classify", "labels": ["a", "b"], "gold": {"labels": {"e1": "a"}}});
        assert_eq!(
            score(&t, &json!({"labels": {"e9": "a"}}))
                .unwrap_err()
                .to_string(),
            "answer.labels.e9: unknown item \"e9\""
        );
        assert_eq!(
            score(&t, &json!({"labels": {"e1": "c"}}))
                .unwrap_err()
                .to_string(),
            "answer.labels.e1: \"c\" is not one of the task's labels (a, b)"
        );
        let bad = json!({"kind": "classify", "entries": [{"id": "e1"}, {"id": "e2"}], "gold": {"labels": {"e1": "a"}}});
        assert_eq!(
            score(&bad, &json!({"labels": {}})).unwrap_err().to_string(),
            "task.gold.labels: entry \"e2\" has no gold label"
        );
        let empty = json!({"kind": "classify", "gold": {"labels": {}}});
        assert!(
            score(&empty, &json!({"labels": {}}))
                .unwrap_err()
                .is_task_error()
        );
    }
}
