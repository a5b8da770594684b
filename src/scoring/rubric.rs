//! `rubric` (评分细则): not auto-scored. The answer is the examiner's points
//! `{"criteria": {criterion_id: points}}`, each checked against the task's `criteria`
//! `[{id, text, max, guide}]` (0 ≤ points ≤ max, every criterion scored). Score = Σ points ÷ Σ max.

use serde_json::Value;

use super::detection::Graded;
use super::feedback::Feedback;
use super::input::{ANSWER, MAX_ITEMS, Path, R, TASK, TASK_ROOT, TaskCtx, fmt_num, quote};
use super::{Metrics, RubricMetrics};

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    if ctx.obj.get("gold").is_some_and(|g| !g.is_null()) {
        return Err(TASK.fail(&TASK_ROOT.key("gold"), "input_error.rubric_gold"));
    }
    let cp = TASK_ROOT.key("criteria");
    let l = TASK.list_max(TASK.field(ctx.obj, "criteria", &TASK_ROOT)?, &cp, MAX_ITEMS)?;
    if l.is_empty() {
        return Err(TASK.fail(&cp, "input_error.empty"));
    }
    let mut criteria: Vec<(&str, f64)> = Vec::with_capacity(l.len());
    for (i, c) in l.iter().enumerate() {
        let ip = cp.at(i);
        let o = TASK.obj(c, &ip)?;
        let id = TASK.name(TASK.field(o, "id", &ip)?, &ip.key("id"))?;
        if criteria.iter().any(|(x, _)| *x == id) {
            return Err(TASK
                .fail(&ip.key("id"), "input_error.duplicate_criterion")
                .arg("id", quote(id)));
        }
        TASK.name(TASK.field(o, "text", &ip)?, &ip.key("text"))?;
        TASK.str(TASK.field(o, "guide", &ip)?, &ip.key("guide"))?;
        let max = TASK.num(TASK.field(o, "max", &ip)?, &ip.key("max"))?;
        if !(max > 0.0 && max <= 1e6) {
            return Err(TASK
                .fail(&ip.key("max"), "input_error.not_in_range")
                .arg("max", 1_000_000)
                .arg("value", fmt_num(max)));
        }
        criteria.push((id, max));
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ap = Path::root("answer");
    let ao = ANSWER.obj(answer, &ap)?;
    let acp = ap.key("criteria");
    let ac = ANSWER.obj(ANSWER.field(ao, "criteria", &ap)?, &acp)?;
    for k in ac.keys() {
        if !criteria.iter().any(|(id, _)| id == k) {
            return Err(ANSWER
                .fail(&acp.key(k), "input_error.unknown_criterion")
                .arg("id", quote(k)));
        }
    }
    let mut points = 0.0;
    let mut max_points = 0.0;
    let mut fb = Vec::new();
    for (id, max) in &criteria {
        let kp = acp.key(id);
        let v = ac.get(*id).ok_or_else(|| {
            ANSWER
                .fail(&acp, "input_error.criterion_not_scored")
                .arg("id", quote(id))
        })?;
        let p = ANSWER.num(v, &kp)?;
        if !(0.0..=*max).contains(&p) {
            return Err(ANSWER
                .fail(&kp, "input_error.points_range")
                .arg("points", fmt_num(p))
                .arg("max", fmt_num(*max)));
        }
        points += p;
        max_points += max;
        if p < *max {
            fb.push(Feedback::CriterionPoints {
                criterion: id.to_string(),
                points: p,
                max: *max,
            });
        }
    }
    Ok(Some(Graded {
        score: points / max_points,
        metrics: Metrics::Rubric(RubricMetrics { points, max_points }),
        matches: Vec::new(),
        feedback: fb,
    }))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, score, validate_task};
    use serde_json::json;

    fn task() -> serde_json::Value {
        json!({"kind": "rubric", "criteria": [
            {"id": "c1", "text": "标注规范完整", "max": 10, "guide": "…"},
            {"id": "c2", "text": "质检流程合理", "max": 6, "guide": "…"},
            {"id": "c3", "text": "表述清楚", "max": 4, "guide": "…"}
        ]})
    }

    #[test]
    fn hand_computed() {
        // (8 + 6 + 2.5) / (10 + 6 + 4) = 16.5 / 20 = 0.825.
        let r = score(&task(), &json!({"criteria": {"c1": 8, "c2": 6, "c3": 2.5}})).unwrap();
        assert!((r.score - 0.825).abs() < 1e-12);
        assert_eq!(
            serde_json::to_value(&r.metrics).unwrap(),
            json!({"points": 16.5, "max_points": 20.0})
        );
        assert_eq!(
            r.feedback,
            vec![
                Feedback::CriterionPoints {
                    criterion: "c1".into(),
                    points: 8.0,
                    max: 10.0
                },
                Feedback::CriterionPoints {
                    criterion: "c3".into(),
                    points: 2.5,
                    max: 4.0
                },
            ]
        );
        assert!(validate_task(&task()).is_ok());
    }

    #[test]
    fn rubric_errors() {
        let e = score(&task(), &json!({"criteria": {"c1": 11, "c2": 6, "c3": 4}})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer.criteria.c1: 11 points is outside 0 – 10"
        );
        let e = score(&task(), &json!({"criteria": {"c1": 1, "c2": 6}})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer.criteria: criterion \"c3\" is not scored"
        );
        let e = score(
            &task(),
            &json!({"criteria": {"c1": 1, "c2": 6, "c3": 1, "c4": 0}}),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer.criteria.c4: unknown criterion \"c4\""
        );
        let e = score(&task(), &json!({"criteria": {"c1": -1, "c2": 6, "c3": 1}})).unwrap_err();
        assert!(e.is_answer_error());
        let bad = json!({"kind": "rubric", "criteria": [{"id": "c1", "text": "t", "max": 0, "guide": ""}]});
        assert_eq!(
            validate_task(&bad).unwrap_err().to_string(),
            "task.criteria[0].max: must be a number in (0, 1000000], got 0"
        );
        let bad = json!({"kind": "rubric", "criteria": [{"id": "c1", "max": 5, "guide": ""}]});
        assert_eq!(
            validate_task(&bad).unwrap_err().to_string(),
            "task.criteria[0]: missing field \"text\""
        );
    }
}
