//! `keypoints` (关键点): objects `{"label", "keypoints": [[x, y, v], …], "bbox": [x, y, w, h]}`
//! (COCO visibility v: 0 not labeled, 1 labeled but occluded, 2 visible), matched by OKS.
//!
//! OKS = Σ over i with v_gold > 0 of exp(−d_i² / (2·s²·(2σ_i)²)) ÷ #{i : v_gold > 0}, with
//! s² = area of the gold bbox; an answer point left at v = 0 adds 0. Objects whose keypoint
//! counts differ have OKS 0. The answer's `bbox` is optional (OKS uses the gold's).

use std::collections::HashMap;

use serde_json::Value;

use super::detection::{Graded, Item, Keyed, grade, parse_objects, read_rules};
use super::input::{ANSWER, In, Path, R, TASK, TaskCtx, fmt_num, quote};

/// The 17 COCO person keypoint sigmas.
pub const COCO_SIGMAS: [f64; 17] = [
    0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107,
    0.087, 0.087, 0.089, 0.089,
];

const MAX_KEYPOINTS: usize = 1000;

pub(crate) struct Skeleton {
    /// The input numbers x, y, v, …
    key: Vec<f64>,
    /// (x, y, v)
    pts: Vec<(f64, f64, u8)>,
    /// w·h of the bbox (the gold's is required).
    area: Option<f64>,
}

fn parse<'v>(r: In, v: &'v Value, p: &Path, ctx: &TaskCtx<'_>) -> R<Vec<Item<'v, Skeleton>>> {
    parse_objects(r, v, p, ctx, |o, ip| {
        let kp = ip.key("keypoints");
        let l = r.list_max(r.field(o, "keypoints", ip)?, &kp, MAX_KEYPOINTS)?;
        if l.is_empty() {
            return Err(r.fail(&kp, "input_error.empty"));
        }
        let mut key = Vec::with_capacity(l.len() * 3);
        let mut pts = Vec::with_capacity(l.len());
        for (i, t) in l.iter().enumerate() {
            let pp = kp.at(i);
            let tl = r.list(t, &pp)?;
            if tl.len() != 3 {
                return Err(r
                    .fail(&pp, "input_error.keypoint_triple")
                    .arg("n", tl.len()));
            }
            let x = r.coord(&tl[0], &pp.at(0))?;
            let y = r.coord(&tl[1], &pp.at(1))?;
            let vis = r
                .index(&tl[2], &pp.at(2))
                .ok()
                .filter(|v| *v <= 2)
                .ok_or_else(|| r.fail(&pp.at(2), "input_error.visibility"))?;
            key.extend([x, y, vis as f64]);
            pts.push((x, y, vis as u8));
        }
        let area = match o.get("bbox").filter(|b| !b.is_null()) {
            Some(b) => {
                let bp = ip.key("bbox");
                let bb = r.coords::<4>(b, &bp)?;
                if !(bb[2] > 0.0 && bb[3] > 0.0) {
                    return Err(r
                        .fail(&bp, "input_error.box_size")
                        .arg("width", fmt_num(bb[2]))
                        .arg("height", fmt_num(bb[3])));
                }
                Some(bb[2] * bb[3])
            }
            None => None,
        };
        Ok(Skeleton { key, pts, area })
    })
}

impl Keyed for Skeleton {
    fn key(&self) -> &[f64] {
        &self.key
    }
}

/// exp(−d² / denom), robust to a zero or underflowed denominator.
pub(crate) fn gauss(d2: f64, denom: f64) -> f64 {
    if d2 <= 0.0 {
        1.0
    } else if denom > 0.0 {
        (-d2 / denom).exp()
    } else {
        0.0
    }
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let rules = read_rules(ctx, "oks_threshold", "OKS")?;
    ctx.image(false)?;
    let oks_sigma = ctx.params.positive("oks_sigma", 0.09, 10.0)?;
    let sigmas: Option<Vec<f64>> = ctx.params.read("sigmas", |v, p| {
        let l = TASK.list_max(v, p, MAX_KEYPOINTS)?;
        l.iter()
            .enumerate()
            .map(|(i, x)| {
                let s = TASK.num(x, &p.at(i))?;
                if s > 0.0 && s <= 10.0 {
                    Ok(s)
                } else {
                    Err(TASK
                        .fail(&p.at(i), "input_error.not_in_range")
                        .arg("max", 10)
                        .arg("value", fmt_num(s)))
                }
            })
            .collect()
    })?;
    let root = Path::root("task");
    let gp = root.key("gold");
    let gold = parse(TASK, ctx.gold()?, &gp, ctx)?;
    // Gold checks: a bbox, at least one labeled point, one count per label, sigmas to match.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (i, g) in gold.iter().enumerate() {
        let ip = gp.at(i);
        if g.geom.area.is_none() {
            return Err(TASK.fail(&ip, "input_error.oks_needs_bbox"));
        }
        if g.geom.pts.iter().all(|p| p.2 == 0) {
            return Err(TASK.fail(&ip.key("keypoints"), "input_error.no_labeled_point"));
        }
        let n = g.geom.pts.len();
        if let Some(&c) = counts.get(g.meta.label)
            && c != n
        {
            return Err(TASK
                .fail(&ip.key("keypoints"), "input_error.keypoint_count_gold")
                .arg("n", n)
                .arg("label", quote(g.meta.label))
                .arg("count", c));
        }
        counts.insert(g.meta.label, n);
        if let Some(s) = &sigmas
            && s.len() != n
        {
            let pp = root.key("params");
            return Err(TASK
                .fail(&pp.key("sigmas"), "input_error.sigmas_count")
                .arg("n", s.len())
                .arg("i", i)
                .arg("points", n));
        }
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ap = Path::root("answer");
    let ans = parse(ANSWER, answer, &ap, ctx)?;
    for (i, a) in ans.iter().enumerate() {
        if let Some(&c) = counts.get(a.meta.label)
            && c != a.geom.pts.len()
        {
            let ip = ap.at(i);
            return Err(ANSWER
                .fail(&ip.key("keypoints"), "input_error.keypoint_count_answer")
                .arg("count", c)
                .arg("label", quote(a.meta.label))
                .arg("n", a.geom.pts.len()));
        }
    }
    let sigma = |i: usize, n: usize| -> f64 {
        match &sigmas {
            Some(s) => s.get(i).copied().unwrap_or(oks_sigma),
            None if n == 17 => COCO_SIGMAS[i],
            None => oks_sigma,
        }
    };
    let oks = |g: &Skeleton, a: &Skeleton| -> f64 {
        let n = g.pts.len();
        if a.pts.len() != n {
            return 0.0;
        }
        let s2 = g.area.unwrap_or(0.0);
        let mut sum = 0.0;
        let mut labeled = 0usize;
        for (i, (gp, ap)) in g.pts.iter().zip(&a.pts).enumerate() {
            if gp.2 == 0 {
                continue;
            }
            labeled += 1;
            if ap.2 == 0 {
                continue;
            }
            let k = 2.0 * sigma(i, n);
            let (dx, dy) = (gp.0 - ap.0, gp.1 - ap.1);
            sum += gauss(dx * dx + dy * dy, 2.0 * s2 * k * k);
        }
        if labeled == 0 {
            0.0
        } else {
            sum / labeled as f64
        }
    };
    Ok(Some(grade(&gold, &ans, oks, None, &rules)))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, Metrics, score};
    use serde_json::json;

    #[test]
    fn hand_computed_oks() {
        // 2 points, σ = 0.09 (default for ≠ 17 points): k = 0.18, k² = 0.0324.
        // Gold bbox 100 × 100: s² = 10000; 2·s²·k² = 648.
        // Point 0 off by (18, 0): d² = 324 → exp(−0.5) = 0.60653; point 1 exact → 1.
        // OKS = (0.60653 + 1) / 2 = 0.80327.
        let t = json!({"kind": "keypoints", "gold": [
            {"label": "hand", "bbox": [0, 0, 100, 100], "keypoints": [[10, 10, 2], [50, 50, 1]]}]});
        let r = score(
            &t,
            &json!([{"label": "hand", "keypoints": [[28, 10, 2], [50, 50, 2]]}]),
        )
        .unwrap();
        let expected = ((-0.5f64).exp() + 1.0) / 2.0;
        assert!((r.matches[0].similarity - expected).abs() < 1e-12);
        assert_eq!(r.score, 1.0);
        // The answer leaves point 1 at v = 0: it adds 0 → OKS = 0.60653 / 2 = 0.30327 < 0.5.
        let r = score(
            &t,
            &json!([{"label": "hand", "keypoints": [[28, 10, 2], [0, 0, 0]]}]),
        )
        .unwrap();
        assert!(r.matches.is_empty());
        match &r.feedback[0] {
            Feedback::LowOverlap {
                similarity,
                measure,
                ..
            } => {
                assert!((similarity - (-0.5f64).exp() / 2.0).abs() < 1e-12);
                assert_eq!(measure, "OKS");
            }
            f => panic!("{f:?}"),
        }
        // A gold point with v = 0 is not counted: only point 0 → OKS = 0.60653.
        let t2 = json!({"kind": "keypoints", "gold": [
            {"label": "hand", "bbox": [0, 0, 100, 100], "keypoints": [[10, 10, 2], [0, 0, 0]]}]});
        let r = score(
            &t2,
            &json!([{"label": "hand", "keypoints": [[28, 10, 2], [99, 99, 2]]}]),
        )
        .unwrap();
        assert!((r.matches[0].similarity - (-0.5f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn coco_sigmas_for_17_points() {
        // 17 points, all exact but the nose (σ 0.026, k = 0.052) off by (1, 0) with s² = 100:
        // d² / (2·100·0.052²) = 1 / 0.5408 = 1.84911 → exp = 0.15738; OKS = (16 + 0.15738) / 17.
        let pts: Vec<_> = (0..17).map(|i| json!([i * 2, 5, 2])).collect();
        let mut ans = pts.clone();
        ans[0] = json!([1, 5, 2]);
        let t = json!({"kind": "keypoints", "gold": [{"label": "person", "bbox": [0, 0, 10, 10], "keypoints": pts}]});
        let r = score(&t, &json!([{"label": "person", "keypoints": ans}])).unwrap();
        let expected = (16.0 + (-1.0f64 / 0.5408).exp()) / 17.0;
        assert!((r.matches[0].similarity - expected).abs() < 1e-12);
        let Metrics::Detection(m) = r.metrics else {
            panic!()
        };
        assert_eq!(m.tp, 1);
    }

    #[test]
    fn keypoint_errors() {
        let t = json!({"kind": "keypoints", "gold": [
            {"label": "hand", "bbox": [0, 0, 100, 100], "keypoints": [[10, 10, 2], [50, 50, 1]]}]});
        let e = score(&t, &json!([{"label": "hand", "keypoints": [[1, 1, 2]]}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].keypoints: expected 2 points for label \"hand\" (as in the gold), got 1"
        );
        let e = score(
            &t,
            &json!([{"label": "hand", "keypoints": [[1, 1, 3], [1, 1, 2]]}]),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].keypoints[0][2]: visibility must be 0 (not labeled), 1 (occluded) or 2 (visible)"
        );
        let bad =
            json!({"kind": "keypoints", "gold": [{"label": "hand", "keypoints": [[1, 1, 2]]}]});
        assert!(score(&bad, &json!([])).unwrap_err().is_task_error());
        let bad = json!({"kind": "keypoints", "params": {"sigmas": [0.1]}, "gold": [
            {"label": "hand", "bbox": [0, 0, 1, 1], "keypoints": [[1, 1, 2], [0, 0, 2]]}]});
        assert_eq!(
            score(&bad, &json!([])).unwrap_err().to_string(),
            "task.params.sigmas: has 1 values, but gold[0] has 2 points"
        );
        let bad = json!({"kind": "keypoints", "gold": [{"label": "hand", "bbox": [0, 0, 1, 1], "keypoints": [[1, 1, 0]]}]});
        assert_eq!(
            score(&bad, &json!([])).unwrap_err().to_string(),
            "task.gold[0].keypoints: needs at least one labeled point (v > 0)"
        );
    }
}
