//! `polygons` (多边形): objects `{"label", "points": [[x, y], …], "attributes"}`, matched by the
//! exact area IoU of the two polygons. Each polygon must be simple: at least 3 distinct points,
//! non-zero area, no crossing or touching edges.

use geo::Coord;
use serde_json::Value;

use super::detection::{Graded, Item, Keyed, grade, parse_objects, read_rules};
use super::geometry::{Ring, polygon_iou, validate_ring};
use super::input::{ANSWER, In, MAX_COORD, MAX_VERTICES, Path, R, TASK, TaskCtx};

/// Reads `points` of object `o` (at `ip`) as coordinates, and the flattened key.
pub(crate) fn read_points(
    r: In,
    o: &serde_json::Map<String, Value>,
    ip: &Path,
) -> R<(Vec<f64>, Vec<Coord<f64>>)> {
    let pp = ip.key("points");
    let l = r.list_max(r.field(o, "points", ip)?, &pp, MAX_VERTICES)?;
    let mut key = Vec::with_capacity(l.len() * 2);
    let mut pts = Vec::with_capacity(l.len());
    for (i, v) in l.iter().enumerate() {
        // The common case, two numbers in range, read directly; anything else goes the checked
        // way, which names the problem (the same numbers either way).
        let plain = match v.as_array().map(Vec::as_slice) {
            Some([x, y]) => x.as_f64().zip(y.as_f64()),
            _ => None,
        };
        let [x, y] = match plain {
            Some((x, y)) if x.abs() <= MAX_COORD && y.abs() <= MAX_COORD => [x, y],
            _ => r.coords::<2>(v, &pp.at(i))?,
        };
        key.push(x);
        key.push(y);
        pts.push(Coord { x, y });
    }
    Ok((key, pts))
}

/// A polygon and its input numbers.
pub(crate) struct Shape {
    key: Vec<f64>,
    ring: Ring,
}

impl Keyed for Shape {
    fn key(&self) -> &[f64] {
        &self.key
    }
}

fn parse<'v>(r: In, v: &'v Value, p: &Path, ctx: &TaskCtx<'_>) -> R<Vec<Item<'v, Shape>>> {
    parse_objects(r, v, p, ctx, |o, ip| {
        let (key, pts) = read_points(r, o, ip)?;
        let ring = validate_ring(&pts).map_err(|e| r.fail_with(&ip.key("points"), e.msg()))?;
        Ok(Shape { key, ring })
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
    Ok(Some(grade(
        &gold,
        &ans,
        |a, b| polygon_iou(&a.ring, &b.ring),
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
        let t = json!({"kind": "polygons", "image": {"width": 100, "height": 100}, "gold": [
            // g0: square [10,30]² (area 400).
            {"label": "pond", "points": [[10, 10], [30, 10], [30, 30], [10, 30]]},
            // g1: right triangle (50,50),(70,50),(50,70), area 200.
            {"label": "pond", "points": [[50, 50], [70, 50], [50, 70]]}
        ]});
        let a = json!([
            // a0 vs g1: the square [50,70]² (area 400) contains the triangle: inter 200,
            // union 400 + 200 − 200 = 400, IoU 0.5 → reaches 0.5: tp.
            {"label": "pond", "points": [[50, 50], [70, 50], [70, 70], [50, 70]]},
            // a1 vs g0: the square shifted right by 10: [20,40]×[10,30], inter 10×20 = 200,
            // union 400 + 400 − 200 = 600, IoU 1/3 < 0.5 → low overlap; fn 1, fp 1.
            {"label": "pond", "points": [[20, 10], [40, 10], [40, 30], [20, 30]]}
        ]);
        let r = score(&t, &a).unwrap();
        let Metrics::Detection(m) = &r.metrics else {
            panic!()
        };
        // tp 1, fn 1, fp 1: accuracy 1/3.
        assert_eq!((m.tp, m.mismatched, m.fn_, m.fp), (1, 0, 1, 1));
        assert!((r.score - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!((r.matches[0].gold, r.matches[0].answer), (1, 0));
        assert!((r.matches[0].similarity - 0.5).abs() < 1e-9);
        match &r.feedback[0] {
            Feedback::LowOverlap {
                gold: 0,
                answer: 1,
                similarity,
                ..
            } => assert!((similarity - 1.0 / 3.0).abs() < 1e-9),
            f => panic!("{f:?}"),
        }
    }

    #[test]
    fn invalid_polygons_name_the_place() {
        let t = json!({"kind": "polygons", "gold": []});
        let e = score(&t, &json!([
            {"label": "a", "points": [[0, 0], [10, 0], [10, 10]]},
            {"label": "a", "points": [[0, 0], [10, 0], [10, 10]]},
            // Edge 1 (100,88)→(140,88) and edge 4 (120.5,60)→(120.5,120) cross at (120.5, 88).
            {"label": "a", "points": [[0, 0], [100, 88], [140, 88], [160, 40], [120.5, 60], [120.5, 120]]}
        ]))
        .unwrap_err();
        assert!(e.is_answer_error());
        assert_eq!(
            e.to_string(),
            "answer[2].points: edges 1 and 4 cross at (120.5, 88.0)"
        );
        let e = score(
            &t,
            &json!([{"label": "a", "points": [[0, 0], [1, 1], [2, 2]]}]),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].points: zero area: all points lie on one line"
        );
        let e = score(
            &t,
            &json!([{"label": "a", "points": [[0, 0], [0, 0], [1, 1]]}]),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].points: a polygon needs at least 3 distinct points, got 2"
        );
        let e = score(
            &t,
            &json!([{"label": "a", "points": [[0, 0], [10, 10], [10, 0], [0, 10]]}]),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].points: edges 0 and 2 cross at (5.0, 5.0)"
        );
        let e = score(
            &t,
            &json!([{"label": "a", "points": [[0, 0], [1, 0, 3], [1, 1]]}]),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].points[1]: expected 2 numbers, got 3"
        );
    }
}
