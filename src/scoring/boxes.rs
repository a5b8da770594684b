//! `boxes` (矩形框): objects `{"label", "bbox": [x, y, w, h], "attributes"}`, matched by IoU.

use serde_json::Value;

use super::detection::{Graded, Item, grade, parse_objects, read_rules};
use super::geometry::box_iou;
use super::input::{ANSWER, In, Path, R, TASK, TaskCtx, fmt_num};

fn parse<'v>(r: In, v: &'v Value, p: &Path, ctx: &TaskCtx<'_>) -> R<Vec<Item<'v, [f64; 4]>>> {
    parse_objects(r, v, p, ctx, |o, ip| {
        let bp = ip.key("bbox");
        let b = r.coords::<4>(r.field(o, "bbox", ip)?, &bp)?;
        if !(b[2] > 0.0 && b[3] > 0.0) {
            return Err(r
                .fail(&bp, "input_error.box_size")
                .arg("width", fmt_num(b[2]))
                .arg("height", fmt_num(b[3])));
        }
        Ok(b)
    })
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let rules = read_rules(ctx, "iou_threshold", "IoU")?;
    ctx.image(false)?;
    let root = Path::root("task");
    let gold = parse(TASK, ctx.gold()?, &root.key("gold"), ctx)?;
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ans = parse(ANSWER, answer, &Path::root("answer"), ctx)?;
    Ok(Some(grade(&gold, &ans, box_iou, None, &rules)))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, Metrics, score};
    use serde_json::json;

    fn task() -> serde_json::Value {
        json!({
            "kind": "boxes",
            "image": {"width": 640, "height": 480},
            "labels": ["car", "bus", "light"],
            "attributes": {"state": ["red", "green"]},
            "gold": [
                {"label": "car", "bbox": [0, 0, 10, 10]},
                {"label": "car", "bbox": [100, 100, 20, 20]},
                {"label": "bus", "bbox": [200, 200, 40, 20]},
                {"label": "light", "bbox": [300, 0, 10, 30], "attributes": {"state": "red"}},
                {"label": "car", "bbox": [400, 400, 10, 10]}
            ]
        })
    }

    #[test]
    fn hand_computed() {
        let answer = json!([
            // a0 vs g0: shifted by 2 → overlap 8×10 = 80, union 100 + 100 − 80 = 120, IoU 2/3 ≥ 0.5: tp.
            {"label": "car", "bbox": [2, 0, 10, 10]},
            // a1 vs g1: [105,105,20,20] → overlap 15×15 = 225, union 400 + 400 − 225 = 575,
            // IoU 0.3913 < 0.5: not matched → low_overlap (≥ 0.1), counted fn + fp.
            {"label": "car", "bbox": [105, 105, 20, 20]},
            // a2 vs g2 (bus): same box but labelled car → pass 2: wrong label (mismatched).
            {"label": "car", "bbox": [200, 200, 40, 20]},
            // a3 vs g3: same box, attribute green ≠ red → mismatched (wrong attribute).
            {"label": "light", "bbox": [300, 0, 10, 30], "attributes": {"state": "green"}},
            // a4: nothing there → extra. g4 is missing.
            {"label": "bus", "bbox": [500, 0, 10, 10]}
        ]);
        let r = score(&task(), &answer).unwrap();
        // tp 1; mismatched 2 (label, attribute); fn 2 (g1, g4); fp 2 (a1, a4).
        // accuracy = 1 / (1 + 2 + 2 + 2) = 1/7; precision 1/5; recall 1/5; f1 = 0.2.
        let Metrics::Detection(m) = &r.metrics else {
            panic!()
        };
        assert_eq!((m.tp, m.mismatched, m.fn_, m.fp), (1, 2, 2, 2));
        assert!((r.score - 1.0 / 7.0).abs() < 1e-12);
        assert!((m.precision - 0.2).abs() < 1e-12 && (m.recall - 0.2).abs() < 1e-12);
        assert!((m.f1 - 0.2).abs() < 1e-12);
        // mean similarity = (2/3) / 7.
        assert!((m.mean_similarity - 2.0 / 21.0).abs() < 1e-12);
        assert_eq!(r.matches.len(), 3);
        assert_eq!(
            (
                r.matches[0].gold,
                r.matches[0].answer,
                r.matches[0].label_ok
            ),
            (0, 0, true)
        );
        assert!((r.matches[0].similarity - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            (
                r.matches[1].gold,
                r.matches[1].answer,
                r.matches[1].label_ok
            ),
            (2, 2, false)
        );
        assert_eq!(
            (
                r.matches[2].gold,
                r.matches[2].answer,
                r.matches[2].label_ok
            ),
            (3, 3, true)
        );
        assert_eq!(r.feedback.len(), 5);
        match &r.feedback[0] {
            Feedback::LowOverlap {
                gold: 1,
                answer: 1,
                similarity,
                threshold,
                measure,
                ..
            } => {
                assert!((similarity - 225.0 / 575.0).abs() < 1e-12);
                assert_eq!(*threshold, 0.5);
                assert_eq!(measure, "IoU");
            }
            f => panic!("{f:?}"),
        }
        assert_eq!(
            r.feedback[1],
            Feedback::WrongLabel {
                gold: 2,
                answer: 2,
                expected: "bus".into(),
                got: "car".into()
            }
        );
        assert_eq!(
            r.feedback[2],
            Feedback::WrongAttribute {
                gold: 3,
                answer: 3,
                label: "light".into(),
                key: "state".into(),
                expected: Some("red".into()),
                got: Some("green".into())
            }
        );
        assert_eq!(
            r.feedback[3],
            Feedback::Missing {
                gold: 4,
                label: "car".into()
            }
        );
        assert_eq!(
            r.feedback[4],
            Feedback::Extra {
                answer: 4,
                label: "bus".into()
            }
        );
    }

    #[test]
    fn params_change_the_rules() {
        let mut t = task();
        // IoU threshold 0.35: a1 (IoU 0.391) now matches; attributes ignored: a3 correct.
        t["params"] = json!({"iou_threshold": 0.35, "compare_attributes": false, "metric": "f1"});
        let answer = json!([
            {"label": "car", "bbox": [2, 0, 10, 10]},
            {"label": "car", "bbox": [105, 105, 20, 20]},
            {"label": "light", "bbox": [300, 0, 10, 30], "attributes": {"state": "green"}}
        ]);
        let r = score(&t, &answer).unwrap();
        // tp 3, fn 2 (g2, g4), fp 0: precision 3/3 = 1, recall 3/5 = 0.6, f1 = 1.2/1.6 = 0.75.
        assert!((r.score - 0.75).abs() < 1e-12);
    }

    #[test]
    fn optimal_not_greedy() {
        // Gold g0 [0,0,10,10], g1 [6,0,10,10]; answers a0 [3,0,10,10], a1 [-3,0,10,10].
        // IoU(g0,a0) = 70/130 = 0.538, IoU(g1,a0) = 70/130 = 0.538, IoU(g0,a1) = 70/130 = 0.538,
        // IoU(g1,a1) = 10/190 = 0.05. Greedy on g0 could take a0 and leave g1 unmatched;
        // the optimal assignment is g0–a1, g1–a0: 2 tp, accuracy 1.
        let t = json!({"kind": "boxes", "gold": [
            {"label": "car", "bbox": [0, 0, 10, 10]}, {"label": "car", "bbox": [6, 0, 10, 10]}]});
        let a = json!([{"label": "car", "bbox": [3, 0, 10, 10]}, {"label": "car", "bbox": [-3, 0, 10, 10]}]);
        let r = score(&t, &a).unwrap();
        assert_eq!(r.score, 1.0);
        assert_eq!((r.matches[0].answer, r.matches[1].answer), (1, 0));
    }

    #[test]
    fn identical_boxes_differing_in_attributes() {
        // Two gold lights at the same place, red and green. The answer copies them in the other
        // order: both pairings have IoU 1, the attribute tie-break pairs red with red → score 1.
        let t = json!({"kind": "boxes", "gold": [
            {"label": "light", "bbox": [0, 0, 10, 10], "attributes": {"state": "red"}},
            {"label": "light", "bbox": [0, 0, 10, 10], "attributes": {"state": "green"}}]});
        let a = json!([
            {"label": "light", "bbox": [0, 0, 10, 10], "attributes": {"state": "green"}},
            {"label": "light", "bbox": [0, 0, 10, 10], "attributes": {"state": "red"}}]);
        let r = score(&t, &a).unwrap();
        assert_eq!(r.score, 1.0);
        assert_eq!((r.matches[0].answer, r.matches[1].answer), (1, 0));
        assert_eq!(r.matches[0].similarity, 1.0);
    }

    #[test]
    fn bad_boxes() {
        let t = json!({"kind": "boxes", "labels": ["car"], "gold": []});
        let e = score(&t, &json!([{"label": "truck", "bbox": [0, 0, 1, 1]}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].label: \"truck\" is not one of the task's labels (car)"
        );
        let e = score(&t, &json!([{"label": "car", "bbox": [0, 0, 1]}])).unwrap_err();
        assert_eq!(e.to_string(), "answer[0].bbox: expected 4 numbers, got 3");
        let e = score(&t, &json!([{"label": "car", "bbox": [0, null, 1, 1]}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].bbox[1]: expected a number, got null"
        );
        let e = score(&t, &json!([{"label": "car", "bbox": [0, 0, 0, 1]}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].bbox: width and height must be positive, got 0 × 1"
        );
        let t2 = json!({"kind": "boxes", "attributes": {"state": ["red"]}, "gold": [
            {"label": "car", "bbox": [0, 0, 1, 1], "attributes": {"colour": "red"}}]});
        let e = score(&t2, &json!([])).unwrap_err();
        assert!(e.is_task_error());
        assert_eq!(
            e.to_string(),
            "task.gold[0].attributes.colour: \"colour\" is not an attribute of this task"
        );
        let t3 = json!({"kind": "boxes", "image": {"width": 0, "height": 10}, "gold": []});
        assert_eq!(
            score(&t3, &json!([])).unwrap_err().to_string(),
            "task.image.width: must be positive, got 0"
        );
    }
}
