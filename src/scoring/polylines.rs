//! `polylines` (折线): objects `{"label", "points": [[x, y], …], "attributes"}` (≥ 2 distinct
//! points), matched by resampled point similarity:
//! both lines are resampled by arc length to N = `params.resample` (64) points including both ends,
//! sim = mean_i exp(−d_i² / (2·A·(2r)²)), A = image width × height, r = `params.line_thickness`
//! (0.01). Unless `params.directed` is true the larger of the answer and its reverse counts. With
//! `directed`, a line that only matches reversed gets `reversed` feedback (it still counts as
//! missing + extra).

use geo::Coord;
use serde_json::Value;

use super::detection::{Graded, Item, Keyed, grade, parse_objects, read_rules};
use super::geometry::{dist2, resample};
use super::input::{ANSWER, In, Path, R, TASK, TaskCtx};
use super::keypoints::gauss;
use super::polygons::read_points;

/// A resampled line and its input numbers.
pub(crate) struct Line {
    key: Vec<f64>,
    pts: Vec<Coord<f64>>,
}

impl Keyed for Line {
    fn key(&self) -> &[f64] {
        &self.key
    }
}

fn parse<'v>(r: In, v: &'v Value, p: &Path, ctx: &TaskCtx<'_>, n: usize) -> R<Vec<Item<'v, Line>>> {
    parse_objects(r, v, p, ctx, |o, ip| {
        let (key, pts) = read_points(r, o, ip)?;
        let pp = ip.key("points");
        if pts.len() < 2 {
            return Err(r
                .fail(&pp, "input_error.polyline_points")
                .arg("n", pts.len()));
        }
        if pts.iter().all(|q| *q == pts[0]) {
            return Err(r.fail(&pp, "input_error.polyline_zero_length"));
        }
        Ok(Line {
            key,
            pts: resample(&pts, n),
        })
    })
}

/// Mean point similarity of two resampled lines (same length), `rev`: the answer reversed.
fn sim(g: &[Coord<f64>], a: &[Coord<f64>], denom: f64, rev: bool) -> f64 {
    let n = g.len().min(a.len());
    if n == 0 {
        return 0.0;
    }
    let mut s = 0.0;
    for i in 0..n {
        let q = if rev { a[a.len() - 1 - i] } else { a[i] };
        s += gauss(dist2(g[i], q), denom);
    }
    s / n as f64
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let rules = read_rules(ctx, "sim_threshold", "similarity")?;
    let n = ctx.params.count("resample", 64, 2, 10_000)?;
    let r = ctx.params.positive("line_thickness", 0.01, 1.0)?;
    let directed = ctx.params.flag("directed", false)?;
    let (w, h) = ctx.image(true)?.unwrap_or((1.0, 1.0));
    let denom = 2.0 * (w * h) * (2.0 * r) * (2.0 * r);
    let root = Path::root("task");
    let gold = parse(TASK, ctx.gold()?, &root.key("gold"), ctx, n)?;
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ans = parse(ANSWER, answer, &Path::root("answer"), ctx, n)?;
    let g = if directed {
        let rev = |g: &Line, a: &Line| sim(&g.pts, &a.pts, denom, true);
        grade(
            &gold,
            &ans,
            |g, a| sim(&g.pts, &a.pts, denom, false),
            Some(&rev),
            &rules,
        )
    } else {
        let both = |g: &Line, a: &Line| {
            sim(&g.pts, &a.pts, denom, false).max(sim(&g.pts, &a.pts, denom, true))
        };
        grade(&gold, &ans, both, None, &rules)
    };
    Ok(Some(g))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, Metrics, score};
    use serde_json::json;

    #[test]
    fn hand_computed() {
        // Image 100 × 100: A = 10000; r = 0.01: (2r)² = 0.0004; 2·A·(2r)² = 8.
        // Gold (0,0)→(30,0); answer (0,2)→(30,2): every resampled point is 2 px away: d² = 4,
        // sim = exp(−4/8) = exp(−0.5) = 0.60653 ≥ 0.5: tp.
        let t = json!({"kind": "polylines", "image": {"width": 100, "height": 100},
                       "gold": [{"label": "lane", "points": [[0, 0], [30, 0]]}]});
        let r = score(&t, &json!([{"label": "lane", "points": [[0, 2], [30, 2]]}])).unwrap();
        assert!((r.matches[0].similarity - (-0.5f64).exp()).abs() < 1e-12);
        assert_eq!(r.score, 1.0);
        // Drawn the other way round: undirected, the reverse counts → the same similarity.
        let r = score(&t, &json!([{"label": "lane", "points": [[30, 2], [0, 2]]}])).unwrap();
        assert!((r.matches[0].similarity - (-0.5f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn resampling_is_by_arc_length() {
        // Gold (0,0)→(0,10)→(10,10) (length 20), resample 3: (0,0), (0,10), (10,10).
        // Answer the same path with a middle point added at (0,5): resampled identically → sim 1.
        let t = json!({"kind": "polylines", "image": {"width": 100, "height": 100}, "params": {"resample": 3},
                       "gold": [{"label": "lane", "points": [[0, 0], [0, 10], [10, 10]]}]});
        let r = score(
            &t,
            &json!([{"label": "lane", "points": [[0, 0], [0, 5], [0, 10], [10, 10]]}]),
        )
        .unwrap();
        assert_eq!(r.matches[0].similarity, 1.0);
    }

    #[test]
    fn directed_lines_and_reversed_feedback() {
        let t = json!({"kind": "polylines", "image": {"width": 100, "height": 100}, "params": {"directed": true},
                       "gold": [{"label": "arrow", "points": [[0, 0], [30, 0]]}]});
        let r = score(
            &t,
            &json!([{"label": "arrow", "points": [[30, 0], [0, 0]]}]),
        )
        .unwrap();
        // Forward similarity: the resampled points run opposite ways, mostly far apart → no
        // match; reversed it is exact → `reversed` feedback; counts fn 1, fp 1 → score 0.
        let Metrics::Detection(m) = &r.metrics else {
            panic!()
        };
        assert_eq!((m.tp, m.fn_, m.fp), (0, 1, 1));
        assert_eq!(r.score, 0.0);
        assert_eq!(
            r.feedback,
            vec![Feedback::Reversed {
                gold: 0,
                answer: 0,
                label: "arrow".into(),
                similarity: 1.0
            }]
        );
    }

    #[test]
    fn polyline_errors() {
        let t = json!({"kind": "polylines", "image": {"width": 100, "height": 100}, "gold": []});
        let e = score(&t, &json!([{"label": "lane", "points": [[0, 0]]}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].points: a polyline needs at least 2 points, got 1"
        );
        let e = score(&t, &json!([{"label": "lane", "points": [[1, 1], [1, 1]]}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].points: zero length: all points are the same"
        );
        let e = score(&json!({"kind": "polylines", "gold": []}), &json!([])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "task: missing field \"image\" (kind polylines needs the image size)"
        );
    }
}
