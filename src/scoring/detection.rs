//! The matching engine shared by boxes, polygons, keypoints, polylines and segments, and the
//! counts and metrics shared with spans and select.
//!
//! Matching is CVAT's two passes, each an optimal assignment (Hungarian), never greedy:
//! 1. same-label pairs whose similarity reaches the threshold, maximising total similarity;
//! 2. among what is left, any-label pairs reaching the threshold: wrong-label matches.
//!
//! Then, for feedback only (counts are unchanged): directed polylines that would match reversed,
//! and same-label pairs left over with some overlap (similarity ≥ threshold ÷ 5): low overlap.
//!
//! Answers are matched in a canonical order (sorted by content), so the result does not depend on
//! the order of the answer list; indices in the output are positions in the input lists.

use serde_json::Value;

use super::feedback::Feedback;
use super::input::{
    Attrs, In, MAX_OBJECTS, Metric, Obj, Path, R, TaskCtx, cmp_attrs, cmp_nums, parse_attrs,
};
use super::matching::max_weight_matching;
use super::{DetectionMetrics, Match};

/// Similarities within this below the threshold count as reaching it: it absorbs floating-point
/// rounding (and the fine integer grid of the polygon boolean operations), nothing a person sees.
pub(crate) const EPS: f64 = 1e-6;

/// Label and attributes of one object.
pub(crate) struct Meta<'v> {
    pub label: &'v str,
    pub attrs: Attrs<'v>,
}

/// A geometry with a key for the canonical order of answers: its input numbers.
pub(crate) trait Keyed {
    fn key(&self) -> &[f64];
}

impl<const N: usize> Keyed for [f64; N] {
    fn key(&self) -> &[f64] {
        self
    }
}

/// One parsed object of a matching kind: its label etc. and its geometry.
pub(crate) struct Item<'v, G> {
    pub meta: Meta<'v>,
    pub geom: G,
}

impl<G: Keyed> Item<'_, G> {
    /// The canonical order: label, then the numbers, then the attributes.
    fn cmp(&self, other: &Item<'_, G>) -> std::cmp::Ordering {
        self.meta
            .label
            .cmp(other.meta.label)
            .then_with(|| cmp_nums(self.geom.key(), other.geom.key()))
            .then_with(|| cmp_attrs(&self.meta.attrs, &other.meta.attrs))
    }
}

/// Parses a list of objects `{"label", …, "attributes"}`; `f` reads the geometry of one object.
pub(crate) fn parse_objects<'v, G>(
    r: In,
    v: &'v Value,
    p: &Path,
    ctx: &TaskCtx<'_>,
    mut f: impl FnMut(&'v Obj, &Path) -> R<G>,
) -> R<Vec<Item<'v, G>>> {
    let l = r.list_max(v, p, MAX_OBJECTS)?;
    let mut out = Vec::with_capacity(l.len());
    for (i, x) in l.iter().enumerate() {
        let ip = p.at(i);
        let o = r.obj(x, &ip)?;
        let label = r.label(o, &ip, ctx)?;
        let geom = f(o, &ip)?;
        let attrs = parse_attrs(r, o, &ip, ctx)?;
        out.push(Item {
            meta: Meta { label, attrs },
            geom,
        });
    }
    Ok(out)
}

/// The matching rules of a task: `params.<threshold_key>` (default 0.5), `compare_attributes`
/// (default true) and `metric` (default accuracy).
pub(crate) fn read_rules(
    ctx: &TaskCtx<'_>,
    threshold_key: &str,
    measure: &'static str,
) -> R<Rules> {
    Ok(Rules {
        threshold: ctx.params.unit(threshold_key, 0.5)?,
        compare_attributes: ctx.params.flag("compare_attributes", true)?,
        metric: ctx.params.metric()?,
        measure,
    })
}

/// A similarity function of two geometries.
pub(crate) type SimFn<'a, G> = &'a dyn Fn(&G, &G) -> f64;

/// Grades parsed answers against parsed gold with similarity `sim` (and, for directed
/// polylines, `reversed` for the feedback-only reversed pass).
pub(crate) fn grade<G: Keyed>(
    gold: &[Item<'_, G>],
    answer: &[Item<'_, G>],
    sim: impl Fn(&G, &G) -> f64,
    reversed: Option<SimFn<'_, G>>,
    rules: &Rules,
) -> Graded {
    let order = canonical_order(answer.len(), |a, b| answer[a].cmp(&answer[b]));
    let sorted: Vec<&Item<'_, G>> = order.iter().map(|&i| &answer[i]).collect();
    let (n, m) = (gold.len(), answer.len());
    let sims = Sims::build(n, m, |g, a| sim(&gold[g].geom, &sorted[a].geom));
    let rev = reversed.map(|f| Sims::build(n, m, |g, a| f(&gold[g].geom, &sorted[a].geom)));
    let gm: Vec<&Meta<'_>> = gold.iter().map(|x| &x.meta).collect();
    let am: Vec<&Meta<'_>> = sorted.iter().map(|x| &x.meta).collect();
    evaluate(&gm, &am, &order, &sims, rev.as_ref(), rules)
}

/// A dense gold × answer similarity matrix, row-major, answers in canonical order.
pub(crate) struct Sims {
    pub m: usize,
    pub data: Vec<f64>,
}

impl Sims {
    pub(crate) fn build(n: usize, m: usize, f: impl Fn(usize, usize) -> f64) -> Sims {
        let mut data = Vec::with_capacity(n * m);
        for g in 0..n {
            for a in 0..m {
                let s = f(g, a);
                data.push(if s.is_finite() {
                    s.clamp(0.0, 1.0)
                } else {
                    0.0
                });
            }
        }
        Sims { m, data }
    }

    #[inline]
    pub(crate) fn get(&self, g: usize, a: usize) -> f64 {
        self.data[g * self.m + a]
    }
}

/// The rules of one matching task.
pub(crate) struct Rules {
    pub threshold: f64,
    pub compare_attributes: bool,
    pub metric: Metric,
    /// Name of the similarity in feedback: "IoU", "OKS", "similarity".
    pub measure: &'static str,
}

/// Score, metrics, matches and feedback of one graded answer.
pub(crate) struct Graded {
    pub score: f64,
    pub metrics: super::Metrics,
    pub matches: Vec<Match>,
    pub feedback: Vec<Feedback>,
}

/// Counts → metrics. `tp_sim` is the sum of the similarities of the correct matches.
pub(crate) fn metrics(
    tp: usize,
    mismatched: usize,
    fn_: usize,
    fp: usize,
    tp_sim: f64,
) -> DetectionMetrics {
    let n_gold = tp + mismatched + fn_;
    let n_answer = tp + mismatched + fp;
    let all = tp + mismatched + fn_ + fp;
    let frac = |num: f64, den: usize, empty: f64| if den == 0 { empty } else { num / den as f64 };
    let both_empty = if n_gold == 0 && n_answer == 0 {
        1.0
    } else {
        0.0
    };
    let precision = frac(tp as f64, n_answer, both_empty);
    let recall = frac(tp as f64, n_gold, both_empty);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    DetectionMetrics {
        tp,
        fp,
        fn_,
        mismatched,
        precision,
        recall,
        f1,
        accuracy: frac(tp as f64, all, 1.0),
        mean_similarity: frac(tp_sim, all, 1.0).clamp(0.0, 1.0),
    }
}

pub(crate) fn pick(m: &DetectionMetrics, metric: Metric) -> f64 {
    let x = match metric {
        Metric::Accuracy => m.accuracy,
        Metric::F1 => m.f1,
        Metric::Precision => m.precision,
        Metric::Recall => m.recall,
        Metric::MeanSimilarity => m.mean_similarity,
    };
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Matches gold against answers. `answer[k]` and the columns of `sims` (and `reversed`) are in
/// canonical order; `orig[k]` is the input position of canonical answer `k`.
pub(crate) fn evaluate(
    gold: &[&Meta<'_>],
    answer: &[&Meta<'_>],
    orig: &[usize],
    sims: &Sims,
    reversed: Option<&Sims>,
    rules: &Rules,
) -> Graded {
    let (n, m) = (gold.len(), answer.len());
    let thr = rules.threshold;
    let reaches = |s: f64| s > 0.0 && s >= thr - EPS;

    // Pass 1: same label, similarity ≥ threshold.
    let mut edges = Vec::new();
    for (g, gm) in gold.iter().enumerate() {
        for (a, am) in answer.iter().enumerate() {
            let s = sims.get(g, a);
            if reaches(s) && gm.label == am.label {
                // Among equally good assignments, prefer pairs whose attributes agree (e.g. two
                // identical boxes that differ only in an attribute).
                let bonus = if rules.compare_attributes && same_attrs(&gm.attrs, &am.attrs) {
                    TIE
                } else {
                    0.0
                };
                edges.push((g, a, s + bonus));
            }
        }
    }
    let pass1 = max_weight_matching(n, m, &edges);
    let mut gold_used = vec![false; n];
    let mut ans_used = vec![false; m];
    for &(g, a) in &pass1 {
        gold_used[g] = true;
        ans_used[a] = true;
    }

    // Pass 2: labels ignored, among what is left.
    edges.clear();
    for g in (0..n).filter(|&g| !gold_used[g]) {
        for a in (0..m).filter(|&a| !ans_used[a]) {
            let s = sims.get(g, a);
            if reaches(s) {
                edges.push((g, a, s));
            }
        }
    }
    let pass2 = max_weight_matching(n, m, &edges);
    for &(g, a) in &pass2 {
        gold_used[g] = true;
        ans_used[a] = true;
    }

    // Feedback-only passes on the leftovers (same label).
    let mut fb_used_g = gold_used.clone();
    let mut fb_used_a = ans_used.clone();
    let leftover_pass =
        |sim: &Sims, ok: &dyn Fn(f64) -> bool, used_g: &mut [bool], used_a: &mut [bool]| {
            let mut e = Vec::new();
            for g in (0..n).filter(|&g| !used_g[g]) {
                for a in (0..m).filter(|&a| !used_a[a]) {
                    let s = sim.get(g, a);
                    if s > 0.0 && ok(s) && gold[g].label == answer[a].label {
                        e.push((g, a, s));
                    }
                }
            }
            let pairs = max_weight_matching(n, m, &e);
            for &(g, a) in &pairs {
                used_g[g] = true;
                used_a[a] = true;
            }
            pairs
        };
    let reversed_pairs = match reversed {
        Some(r) => leftover_pass(r, &|s| s >= thr - EPS, &mut fb_used_g, &mut fb_used_a),
        None => Vec::new(),
    };
    let floor = thr / 5.0;
    let low_pairs = leftover_pass(
        sims,
        &|s| s >= floor && s < thr - EPS,
        &mut fb_used_g,
        &mut fb_used_a,
    );

    // Counts, matches and feedback. Feedback is ordered by gold position, then extras by answer
    // position.
    let mut tp = 0usize;
    let mut mismatched = 0usize;
    let mut tp_sim = 0.0f64;
    let mut matches = Vec::with_capacity(pass1.len() + pass2.len());
    let mut fb: Vec<((usize, usize), Feedback)> = Vec::new();
    for &(g, a) in &pass1 {
        let s = sims.get(g, a);
        matches.push(Match {
            gold: g,
            answer: orig[a],
            similarity: s,
            label_ok: true,
        });
        let diffs = if rules.compare_attributes {
            attr_diffs(&gold[g].attrs, &answer[a].attrs)
        } else {
            Vec::new()
        };
        if diffs.is_empty() {
            tp += 1;
            tp_sim += s;
        } else {
            mismatched += 1;
            for (key, expected, got) in diffs {
                fb.push((
                    (g, 0),
                    Feedback::WrongAttribute {
                        gold: g,
                        answer: orig[a],
                        label: gold[g].label.to_string(),
                        key,
                        expected,
                        got,
                    },
                ));
            }
        }
    }
    for &(g, a) in &pass2 {
        mismatched += 1;
        matches.push(Match {
            gold: g,
            answer: orig[a],
            similarity: sims.get(g, a),
            label_ok: false,
        });
        fb.push((
            (g, 0),
            Feedback::WrongLabel {
                gold: g,
                answer: orig[a],
                expected: gold[g].label.to_string(),
                got: answer[a].label.to_string(),
            },
        ));
    }
    let mut explained_g = vec![false; n];
    let mut explained_a = vec![false; m];
    if let Some(r) = reversed {
        for &(g, a) in &reversed_pairs {
            explained_g[g] = true;
            explained_a[a] = true;
            fb.push((
                (g, 0),
                Feedback::Reversed {
                    gold: g,
                    answer: orig[a],
                    label: gold[g].label.to_string(),
                    similarity: r.get(g, a),
                },
            ));
        }
    }
    for &(g, a) in &low_pairs {
        explained_g[g] = true;
        explained_a[a] = true;
        fb.push((
            (g, 0),
            Feedback::LowOverlap {
                gold: g,
                answer: orig[a],
                label: gold[g].label.to_string(),
                measure: rules.measure.to_string(),
                similarity: sims.get(g, a),
                threshold: thr,
            },
        ));
    }
    let fn_ = gold_used.iter().filter(|u| !**u).count();
    let fp = ans_used.iter().filter(|u| !**u).count();
    for g in 0..n {
        if !gold_used[g] && !explained_g[g] {
            fb.push((
                (g, 0),
                Feedback::Missing {
                    gold: g,
                    label: gold[g].label.to_string(),
                },
            ));
        }
    }
    for a in 0..m {
        if !ans_used[a] && !explained_a[a] {
            fb.push((
                (n, orig[a]),
                Feedback::Extra {
                    answer: orig[a],
                    label: answer[a].label.to_string(),
                },
            ));
        }
    }
    fb.sort_by_key(|(k, _)| *k);
    matches.sort_by_key(|x| x.gold);
    let met = metrics(tp, mismatched, fn_, fp, tp_sim);
    Graded {
        score: pick(&met, rules.metric),
        metrics: super::Metrics::Detection(met),
        matches,
        feedback: fb.into_iter().map(|(_, f)| f).collect(),
    }
}

/// Tie-break weight for attribute agreement in pass 1 (far below any visible similarity).
const TIE: f64 = 1e-9;

fn same_attrs(a: &Attrs<'_>, b: &Attrs<'_>) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && va.same(vb))
}

/// Attribute differences over the union of keys: (key, expected, got).
fn attr_diffs(
    gold: &Attrs<'_>,
    answer: &Attrs<'_>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for (k, gv) in gold {
        match answer.iter().find(|(ak, _)| ak == k) {
            Some((_, av)) if av.same(gv) => {}
            Some((_, av)) => out.push((k.to_string(), Some(gv.display()), Some(av.display()))),
            None => out.push((k.to_string(), Some(gv.display()), None)),
        }
    }
    for (k, av) in answer {
        if !gold.iter().any(|(gk, _)| gk == k) {
            out.push((k.to_string(), None, Some(av.display())));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The canonical order of `m` answers under `cmp` (stable, so equal answers keep input order).
pub(crate) fn canonical_order(
    m: usize,
    cmp: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_by_hand() {
        // tp 3, mismatched 1, fn 1, fp 2: #gold 5, #answer 6.
        // accuracy 3/7; precision 3/6 = 0.5; recall 3/5 = 0.6; f1 = 2·0.5·0.6/1.1 = 0.5454…
        let m = metrics(3, 1, 1, 2, 2.7);
        assert!((m.accuracy - 3.0 / 7.0).abs() < 1e-15);
        assert_eq!(m.precision, 0.5);
        assert_eq!(m.recall, 0.6);
        assert!((m.f1 - 0.6 / 1.1).abs() < 1e-15);
        // mean similarity: 2.7 / 7.
        assert!((m.mean_similarity - 2.7 / 7.0).abs() < 1e-15);
        // Empty both: 1 everywhere.
        let e = metrics(0, 0, 0, 0, 0.0);
        assert_eq!(
            (e.accuracy, e.precision, e.recall, e.f1, e.mean_similarity),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
        // Empty answer, gold of 2: 0 everywhere.
        let z = metrics(0, 0, 2, 0, 0.0);
        assert_eq!(
            (z.accuracy, z.precision, z.recall, z.f1, z.mean_similarity),
            (0.0, 0.0, 0.0, 0.0, 0.0)
        );
        // Empty gold, one answer: 0 everywhere.
        let z = metrics(0, 0, 0, 1, 0.0);
        assert_eq!(
            (z.accuracy, z.precision, z.recall, z.f1),
            (0.0, 0.0, 0.0, 0.0)
        );
    }
}
