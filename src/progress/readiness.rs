//! Exam forecast (考试预测): the expected score of each exam component (theory, skill) from the
//! pooled mastery of its functions and the weight table, the chance of reaching the pass mark,
//! readiness for the exam and what to practise next.
//!
//! The forecast is a normal approximation: every function's mastery is treated as independent
//! (see the limits in `docs/progress.md`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::mastery::{Confidence, Mastery};
use crate::curriculum::Component;

/// The z of the two-sided 80 % interval of the normal distribution (Φ(1.2816) = 0.9).
const Z80: f64 = 1.2816;

/// Points of each exam component, used by [`recommend`].
const COMPONENT_POINTS: f64 = 100.0;

/// [`readiness`]: pass probability needed in both components for `Ready`.
pub const READY_PROBABILITY: f64 = 0.8;
/// [`readiness`]: evidence needed in both components for `Ready`.
pub const READY_EVIDENCE: f64 = 0.6;
/// [`readiness`]: pass probability needed in both components for `Borderline`.
pub const BORDERLINE_PROBABILITY: f64 = 0.5;
/// [`readiness`]: below this evidence in either component, `NotEnoughEvidence`.
pub const MIN_EVIDENCE: f64 = 0.3;

/// The forecast of one exam component.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComponentForecast {
    /// Expected score, 0..=`points`.
    pub expected: f64,
    /// About 80 % of the forecast lies in [`low`, `high`] (clamped to 0..=`points`).
    pub low: f64,
    pub high: f64,
    pub pass_mark: f64,
    pub points: f64,
    /// P(score ≥ `pass_mark`), normal approximation.
    pub pass_probability: f64,
    /// Share of the weight whose function has [`Confidence::Low`] or more, 0..=1.
    pub evidence: f64,
}

/// Forecast of a component from the weight table (percent per function code, summing to 100) and
/// the pooled mastery of each function (a missing function counts as [`Mastery::prior`]).
///
/// expected = points × Σ (w_f / 100) mean_f; variance = points² Σ (w_f / 100)² var_f: the
/// uncertainty about the trainee's mastery only, not the luck of which questions come up (see
/// [`forecast_exam`]). A non-finite or negative `points` counts as 0, a non-finite `pass_mark` as
/// `points`.
pub fn forecast(
    weights: &BTreeMap<String, u32>,
    functions: &BTreeMap<String, Mastery>,
    points: f64,
    pass_mark: f64,
) -> ComponentForecast {
    forecast_exam(weights, functions, points, pass_mark, 0)
}

/// [`forecast`], plus the luck of the draw on exam day with `items` questions or tasks spread over
/// the functions by weight (0: none, same as [`forecast`]).
///
/// Function f gets items·w_f of the items, each answered right with the trainee's unknown
/// mastery p_f; by the law of total variance this adds points² Σ w_f (m_f(1 − m_f) − var_f) /
/// items. For practical tasks with fractional scores it is an upper bound (a score in [0, 1] with
/// mean m varies at most m(1 − m)).
pub fn forecast_exam(
    weights: &BTreeMap<String, u32>,
    functions: &BTreeMap<String, Mastery>,
    points: f64,
    pass_mark: f64,
    items: u32,
) -> ComponentForecast {
    let points = if points.is_finite() && points > 0.0 {
        points
    } else {
        0.0
    };
    let pass_mark = if pass_mark.is_finite() {
        pass_mark
    } else {
        points
    };

    let (mut share, mut variance, mut draw) = (0.0, 0.0, 0.0);
    let (mut total_weight, mut known_weight) = (0.0, 0.0);
    for (code, &percent) in weights {
        let m = functions.get(code).copied().unwrap_or_else(Mastery::prior);
        let w = f64::from(percent) / 100.0;
        let (mean, var) = (m.mean(), m.variance());
        share += w * mean;
        variance += w * w * var;
        draw += w * (mean * (1.0 - mean) - var).max(0.0);
        total_weight += f64::from(percent);
        if m.confidence() >= Confidence::Low {
            known_weight += f64::from(percent);
        }
    }
    if items > 0 {
        variance += draw / f64::from(items);
    }

    let expected = (points * share).clamp(0.0, points);
    let sd = points * variance.sqrt();
    let sd = if sd.is_finite() { sd } else { 0.0 };
    let pass_probability = if sd > 1e-9 {
        // P(X ≥ pass) = 1 − Φ(z) = ½ erfc(z / √2) with z = (pass − expected) / sd.
        0.5 * (1.0 - erf((pass_mark - expected) / (sd * std::f64::consts::SQRT_2)))
    } else if expected >= pass_mark {
        1.0
    } else {
        0.0
    };
    ComponentForecast {
        expected,
        low: (expected - Z80 * sd).clamp(0.0, points),
        high: (expected + Z80 * sd).clamp(0.0, points),
        pass_mark,
        points,
        pass_probability: pass_probability.clamp(0.0, 1.0),
        evidence: if total_weight > 0.0 {
            (known_weight / total_weight).clamp(0.0, 1.0)
        } else {
            0.0
        },
    }
}

/// The error function by Abramowitz & Stegun 7.1.26: absolute error below 1.5 × 10⁻⁷, far finer
/// than the model it serves. Odd: erf(−x) = −erf(x); NaN gives NaN.
pub fn erf(x: f64) -> f64 {
    const P: f64 = 0.327_591_1;
    const A: [f64; 5] = [
        0.254_829_592,
        -0.284_496_736,
        1.421_413_741,
        -1.453_152_027,
        1.061_405_429,
    ];
    let t = 1.0 / (1.0 + P * x.abs());
    let poly = A.iter().rev().fold(0.0, |acc, a| acc * t + a) * t;
    let y = 1.0 - poly * (-x * x).exp();
    if x < 0.0 { -y } else { y }
}

/// Whether to sit the exam, from both components' forecasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    /// Too little of the syllabus has been practised recently to say.
    NotEnoughEvidence,
    NotYet,
    /// Could go either way.
    Borderline,
    Ready,
}

/// In this order:
/// 1. either component's `evidence` < [`MIN_EVIDENCE`] (0.3) → `NotEnoughEvidence`;
/// 2. both pass probabilities ≥ [`READY_PROBABILITY`] (0.8) and both evidences ≥
///    [`READY_EVIDENCE`] (0.6) → `Ready`;
/// 3. both pass probabilities ≥ [`BORDERLINE_PROBABILITY`] (0.5) → `Borderline` (including
///    "likely to pass but too little evidence to be sure");
/// 4. otherwise `NotYet`.
///
/// NaN never counts as enough.
pub fn readiness(theory: &ComponentForecast, skill: &ComponentForecast) -> Readiness {
    let both = |f: &dyn Fn(&ComponentForecast) -> bool| f(theory) && f(skill);
    if !both(&|c| c.evidence >= MIN_EVIDENCE) {
        Readiness::NotEnoughEvidence
    } else if both(&|c| c.pass_probability >= READY_PROBABILITY && c.evidence >= READY_EVIDENCE) {
        Readiness::Ready
    } else if both(&|c| c.pass_probability >= BORDERLINE_PROBABILITY) {
        Readiness::Borderline
    } else {
        Readiness::NotYet
    }
}

/// A skill worth practising next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub component: Component,
    /// The skill code, e.g. `"2.1.1"`.
    pub skill: String,
    /// Points (of 100) the component's expected score would gain at full mastery of this skill.
    pub expected_gain: f64,
}

/// The skills whose mastery would raise the expected exam score most: for each
/// `(skill code, function, is_skill_component, mastery)`,
/// gain = 100 × (w_f / 100) / (skills of that function and component in the list) × (1 − mean),
/// with w_f from the component's weight table.
///
/// Skills of a function absent from (or 0 in) the table are left out. Order: gain descending,
/// then fewer answers (`n`), then skill code, then theory before skill; at most `limit`.
pub fn recommend(
    weights_theory: &BTreeMap<String, u32>,
    weights_skill: &BTreeMap<String, u32>,
    skills: &[(String, String, bool, Mastery)],
    limit: usize,
) -> Vec<Recommendation> {
    let mut per_function: BTreeMap<(bool, &str), usize> = BTreeMap::new();
    for (_, function, is_skill, _) in skills {
        *per_function
            .entry((*is_skill, function.as_str()))
            .or_default() += 1;
    }

    let mut candidates: Vec<(f64, usize, &str, bool)> = skills
        .iter()
        .filter_map(|(code, function, is_skill, mastery)| {
            let table = if *is_skill {
                weights_skill
            } else {
                weights_theory
            };
            let percent = table.get(function).copied().unwrap_or(0);
            let count = per_function
                .get(&(*is_skill, function.as_str()))
                .copied()
                .unwrap_or(1);
            (percent > 0).then(|| {
                let gain = COMPONENT_POINTS * f64::from(percent) / 100.0 / count as f64
                    * (1.0 - mastery.mean());
                (gain, mastery.n, code.as_str(), *is_skill)
            })
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(b.2))
            .then(a.3.cmp(&b.3))
    });
    candidates
        .into_iter()
        .take(limit)
        .map(|(gain, _, code, is_skill)| Recommendation {
            component: if is_skill {
                Component::Skill
            } else {
                Component::Theory
            },
            skill: code.to_string(),
            expected_gain: gain,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn beta(alpha: f64, beta: f64, n: usize) -> Mastery {
        Mastery {
            alpha,
            beta,
            n,
            effective_n: n as f64,
            last_ms: None,
        }
    }

    fn table(entries: &[(&str, u32)]) -> BTreeMap<String, u32> {
        entries.iter().map(|&(k, v)| (k.to_string(), v)).collect()
    }

    #[test]
    fn erf_known_values() {
        // Reference values of erf; A&S 7.1.26 is within 1.5e-7.
        for (x, e) in [
            (0.0, 0.0),
            (0.5, 0.520_499_877_813_046_5),
            (1.0, 0.842_700_792_949_714_9),
            (2.0, 0.995_322_265_018_952_7),
            (3.0, 0.999_977_909_503_001_4),
        ] {
            assert!(close(erf(x), e, 1.5e-7), "erf({x}) = {}", erf(x));
            assert!(close(erf(-x), -e, 1.5e-7));
        }
        assert!(close(erf(f64::INFINITY), 1.0, 0.0));
        assert!(close(erf(f64::NEG_INFINITY), -1.0, 0.0));
        assert!(erf(f64::NAN).is_nan());
    }

    #[test]
    fn forecast_by_hand() {
        // Function "1" (60 %): Beta(8, 2), mean 0.8, var 16/(100·11) = 0.0145455, 8 answers.
        // Function "2" (40 %): never practised → prior, mean 0.5, var 1/12.
        // expected = 100 (0.6·0.8 + 0.4·0.5) = 68;
        // variance = 100² (0.36·0.0145455 + 0.16·0.0833333) = 10⁴ · 0.0185697 = 185.697,
        // sd = 13.6271; P(X ≥ 60) = Φ(8 / 13.6271) = Φ(0.58707) = 0.72142;
        // 80 % interval = 68 ∓ 1.2816·13.6271 = [50.536, 85.464]; evidence = 60 %.
        let weights = table(&[("1", 60), ("2", 40)]);
        let functions: BTreeMap<String, Mastery> = [("1".to_string(), beta(8.0, 2.0, 8))].into();
        let f = forecast(&weights, &functions, 100.0, 60.0);
        assert!(close(f.expected, 68.0, 1e-9), "{f:?}");
        let sd = 185.697_f64.sqrt();
        assert!(close(f.low, 68.0 - 1.2816 * sd, 1e-3), "{f:?}");
        assert!(close(f.high, 68.0 + 1.2816 * sd, 1e-3), "{f:?}");
        assert!(close(f.pass_probability, 0.72142, 2e-4), "{f:?}");
        assert!(close(f.evidence, 0.6, 1e-12));
        assert_eq!((f.points, f.pass_mark), (100.0, 60.0));

        // With 100 exam items the luck of the draw adds
        // 10⁴ (0.6 (0.16 − 0.0145455) + 0.4 (0.25 − 0.0833333)) / 100 = 15.394 to the variance.
        let g = forecast_exam(&weights, &functions, 100.0, 60.0, 100);
        let sd = (185.697_f64 + 15.394).sqrt();
        assert!(close(g.expected, 68.0, 1e-9));
        assert!(close(g.high, 68.0 + 1.2816 * sd, 1e-3), "{g:?}");
        assert!(g.pass_probability < f.pass_probability);
    }

    #[test]
    fn forecast_edges() {
        let empty = forecast(&BTreeMap::new(), &BTreeMap::new(), 100.0, 60.0);
        assert_eq!(
            (empty.expected, empty.pass_probability, empty.evidence),
            (0.0, 0.0, 0.0)
        );
        // No spread: a certain score at the pass mark passes.
        let weights = table(&[("1", 100)]);
        let f = forecast(&weights, &BTreeMap::new(), 0.0, 0.0);
        assert_eq!(f.pass_probability, 1.0);
        let f = forecast(&weights, &BTreeMap::new(), f64::NAN, f64::NAN);
        assert_eq!((f.points, f.pass_mark, f.expected), (0.0, 0.0, 0.0));
    }

    fn component(pass_probability: f64, evidence: f64) -> ComponentForecast {
        ComponentForecast {
            expected: 70.0,
            low: 60.0,
            high: 80.0,
            pass_mark: 60.0,
            points: 100.0,
            pass_probability,
            evidence,
        }
    }

    #[test]
    fn readiness_rules() {
        let r =
            |t: (f64, f64), s: (f64, f64)| readiness(&component(t.0, t.1), &component(s.0, s.1));
        assert_eq!(r((0.9, 0.7), (0.85, 0.6)), Readiness::Ready);
        assert_eq!(r((0.99, 0.7), (0.99, 0.29)), Readiness::NotEnoughEvidence);
        assert_eq!(r((0.9, 0.5), (0.9, 0.9)), Readiness::Borderline);
        assert_eq!(r((0.79, 0.9), (0.9, 0.9)), Readiness::Borderline);
        assert_eq!(r((0.5, 0.9), (0.5, 0.9)), Readiness::Borderline);
        assert_eq!(r((0.49, 0.9), (0.99, 0.9)), Readiness::NotYet);
        assert_eq!(r((f64::NAN, 0.9), (0.99, 0.9)), Readiness::NotYet);
        assert_eq!(
            r((0.99, f64::NAN), (0.99, 0.9)),
            Readiness::NotEnoughEvidence
        );
    }

    #[test]
    fn recommend_order_by_hand() {
        let theory = table(&[("1", 40), ("2", 60)]);
        let skill = table(&[("1", 50), ("2", 50)]);
        let s = |code: &str, f: &str, is_skill: bool, m: Mastery| {
            (code.to_string(), f.to_string(), is_skill, m)
        };
        let skills = vec![
            // Theory, function 1 (40 %), 3 skills: 100 · 0.4 / 3 · (1 − 0.5) = 6.667 each.
            s("1.2.1", "1", false, beta(2.0, 2.0, 2)),
            s("1.1.2", "1", false, Mastery::prior()),
            s("1.1.1", "1", false, Mastery::prior()),
            // Theory, function 2 (60 %), 1 skill: 100 · 0.6 · (1 − 0.5) = 30.
            s("2.1.1", "2", false, beta(2.0, 2.0, 2)),
            // Skill, function 2 (50 %), 1 skill, mean 0.25: 100 · 0.5 · 0.75 = 37.5.
            s("2.1.1", "2", true, beta(1.0, 3.0, 2)),
            // Skill component has no "0.1" → left out.
            s("0.1.1", "0.1", true, Mastery::prior()),
        ];
        let got = recommend(&theory, &skill, &skills, 10);
        let order: Vec<(&str, &str)> = got
            .iter()
            .map(|r| (r.component.as_str(), r.skill.as_str()))
            .collect();
        // Equal gains: fewer answers first (1.1.x before 1.2.1), then by code.
        assert_eq!(
            order,
            [
                ("skill", "2.1.1"),
                ("theory", "2.1.1"),
                ("theory", "1.1.1"),
                ("theory", "1.1.2"),
                ("theory", "1.2.1"),
            ]
        );
        assert!(close(got[0].expected_gain, 37.5, 1e-9));
        assert!(close(got[1].expected_gain, 30.0, 1e-9));
        assert!(close(got[2].expected_gain, 20.0 / 3.0, 1e-9));
        assert_eq!(recommend(&theory, &skill, &skills, 2).len(), 2);
        assert!(recommend(&theory, &skill, &[], 5).is_empty());
    }

    fn any_mastery() -> impl Strategy<Value = Mastery> {
        (any::<f64>(), any::<f64>(), any::<f64>(), any::<usize>()).prop_map(
            |(alpha, beta, effective_n, n)| Mastery {
                alpha,
                beta,
                n,
                effective_n,
                last_ms: None,
            },
        )
    }

    proptest! {
        #[test]
        fn forecast_never_panics(
            weights in prop::collection::btree_map("[0-9]", any::<u32>(), 0..6),
            functions in prop::collection::btree_map("[0-9]", any_mastery(), 0..6),
            points in any::<f64>(),
            pass_mark in any::<f64>(),
            items in any::<u32>(),
        ) {
            let f = forecast_exam(&weights, &functions, points, pass_mark, items);
            prop_assert!((0.0..=1.0).contains(&f.pass_probability));
            prop_assert!((0.0..=1.0).contains(&f.evidence));
            prop_assert!(0.0 <= f.low && f.low <= f.expected && f.expected <= f.high && f.high <= f.points);
            let _ = readiness(&f, &f);
        }

        #[test]
        fn recommend_is_sorted(
            skills in prop::collection::vec(("[0-3]\\.[1-3]", "[0-3]", any::<bool>(), any_mastery()), 0..12),
            limit in 0usize..20,
        ) {
            let theory = table(&[("1", 30), ("2", 30), ("3", 40)]);
            let skill = table(&[("1", 50), ("2", 50)]);
            let got = recommend(&theory, &skill, &skills, limit);
            prop_assert!(got.len() <= limit);
            for pair in got.windows(2) {
                prop_assert!(pair[0].expected_gain >= pair[1].expected_gain);
            }
            prop_assert!(got.iter().all(|r| r.expected_gain.is_finite() && r.expected_gain >= 0.0));
        }
    }
}
