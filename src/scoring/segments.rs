//! `segments` (时间段): objects `{"label", "start", "end"}` in seconds, matched by temporal IoU.

use serde_json::Value;

use super::detection::{Graded, Item, grade, parse_objects, read_rules};
use super::geometry::interval_iou;
use super::input::{ANSWER, In, Path, R, TASK, TaskCtx, fmt_num};

fn parse<'v>(r: In, v: &'v Value, p: &Path, ctx: &TaskCtx<'_>) -> R<Vec<Item<'v, [f64; 2]>>> {
    parse_objects(r, v, p, ctx, |o, ip| {
        let s = r.coord(r.field(o, "start", ip)?, &ip.key("start"))?;
        let e = r.coord(r.field(o, "end", ip)?, &ip.key("end"))?;
        if e <= s {
            return Err(r
                .fail(&ip.key("end"), "input_error.end_not_after_start")
                .arg("end", fmt_num(e))
                .arg("start", fmt_num(s)));
        }
        Ok([s, e])
    })
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let rules = read_rules(ctx, "iou_threshold", "IoU")?;
    let root = Path::root("task");
    let gold = parse(TASK, ctx.gold()?, &root.key("gold"), ctx)?;
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ans = parse(ANSWER, answer, &Path::root("answer"), ctx)?;
    Ok(Some(grade(
        &gold,
        &ans,
        |a, b| interval_iou((a[0], a[1]), (b[0], b[1])),
        None,
        &rules,
    )))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, Metrics, score};
    use serde_json::json;

    #[test]
    fn hand_computed() {
        let t = json!({"kind": "segments", "labels": ["speech", "music"], "gold": [
            {"label": "speech", "start": 0.4, "end": 2.1},
            {"label": "music", "start": 3.0, "end": 5.0},
            {"label": "speech", "start": 6.0, "end": 7.0}
        ]});
        let a = json!([
            // vs g0: overlap [0.5, 2.0] = 1.5, union 1.7 + 1.5 − 1.5 = 1.7, IoU 0.882: tp.
            {"label": "speech", "start": 0.5, "end": 2.0},
            // vs g1: same time, wrong label: mismatched.
            {"label": "speech", "start": 3.0, "end": 5.0},
            // vs g2: overlap [6.5, 7.0] = 0.5, union 1 + 1 − 0.5 = 1.5, IoU 1/3: low overlap.
            {"label": "speech", "start": 6.5, "end": 7.5}
        ]);
        let r = score(&t, &a).unwrap();
        let Metrics::Detection(m) = &r.metrics else {
            panic!()
        };
        // tp 1, mismatched 1, fn 1, fp 1 → accuracy 1/4.
        assert_eq!((m.tp, m.mismatched, m.fn_, m.fp), (1, 1, 1, 1));
        assert_eq!(r.score, 0.25);
        assert!((r.matches[0].similarity - 1.5 / 1.7).abs() < 1e-12);
        assert!(matches!(
            r.feedback[0],
            Feedback::WrongLabel {
                gold: 1,
                answer: 1,
                ..
            }
        ));
        assert!(matches!(
            r.feedback[1],
            Feedback::LowOverlap {
                gold: 2,
                answer: 2,
                ..
            }
        ));
        let e = score(&t, &json!([{"label": "speech", "start": 2, "end": 2}])).unwrap_err();
        assert_eq!(e.to_string(), "answer[0].end: must be after start (2 ≤ 2)");
    }
}
