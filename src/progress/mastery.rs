//! Mastery of a skill (掌握度) as a Beta distribution over "the share of this skill's items the
//! trainee would get right now".
//!
//! Recent answers count more than old ones (half-life [`HALF_LIFE_DAYS`]), only the [`WINDOW`]
//! most recent answers count at all, and the prior Beta(1, 1) says "nothing known yet". The
//! spread of the Beta is the honest part: a 100 % after two answers is not a 100 % after forty.

use serde::{Deserialize, Serialize};

/// Age at which an answer counts half as much as one made now.
pub const HALF_LIFE_DAYS: f64 = 14.0;

/// The most recent answers per skill that count; older ones are dropped entirely.
pub const WINDOW: usize = 50;

const MS_PER_DAY: f64 = 86_400_000.0;

/// Shape parameters are kept in this range so that every function below stays finite and fast
/// (the continued fraction needs about √max(α, β) steps).
const MIN_SHAPE: f64 = 1e-3;
const MAX_SHAPE: f64 = 1e6;

/// One scored answer for one skill: when (ms) and the score in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub at_ms: i64,
    pub score: f64,
}

/// The mastery estimate: Beta(`alpha`, `beta`) plus how much evidence it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mastery {
    pub alpha: f64,
    pub beta: f64,
    /// Answers counted (at most [`WINDOW`] for one skill; the sum of the parts when pooled).
    pub n: usize,
    /// Sum of the answers' weights: "fresh answers' worth" (the average of the parts when pooled).
    pub effective_n: f64,
    /// Time of the newest answer counted.
    pub last_ms: Option<i64>,
}

/// How much evidence an estimate rests on, by `effective_n`:
/// `None` < 0.5 ≤ `Low` < 5 ≤ `Medium` < 15 ≤ `High`.
///
/// One answer made today weighs 1, so it gives `Low`; an answer older than one half-life (14 days)
/// weighs less than 0.5 and alone gives `None` again: evidence fades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    None,
    Low,
    Medium,
    High,
}

impl Mastery {
    /// Beta(1, 1): every mastery level equally likely; also stands for an unpractised skill.
    pub fn prior() -> Mastery {
        Mastery {
            alpha: 1.0,
            beta: 1.0,
            n: 0,
            effective_n: 0.0,
            last_ms: None,
        }
    }

    /// The shape parameters, made safe: NaN → 1, otherwise clamped to [1e-3, 1e6].
    fn shape(&self) -> (f64, f64) {
        (safe_shape(self.alpha), safe_shape(self.beta))
    }

    /// Expected mastery α / (α + β), in (0, 1).
    pub fn mean(&self) -> f64 {
        let (a, b) = self.shape();
        a / (a + b)
    }

    /// αβ / ((α + β)² (α + β + 1)).
    pub fn variance(&self) -> f64 {
        let (a, b) = self.shape();
        let s = a + b;
        a * b / (s * s * (s + 1.0))
    }

    /// The equal-tailed credible interval holding `mass` of the distribution (0.8: 10 % below,
    /// 10 % above). `mass` is clamped to [0, 1]; NaN means 0.8.
    ///
    /// The interval is widened to contain the mean if needed, which only happens for very skewed
    /// pooled estimates (a shape below 1), so that a chart's whisker always covers its bar end.
    pub fn interval(&self, mass: f64) -> (f64, f64) {
        let mass = if mass.is_nan() {
            0.8
        } else {
            mass.clamp(0.0, 1.0)
        };
        let (a, b) = self.shape();
        let mean = self.mean();
        let low = beta_quantile((1.0 - mass) / 2.0, a, b);
        let high = beta_quantile((1.0 + mass) / 2.0, a, b);
        (low.min(mean), high.max(mean))
    }

    /// See [`Confidence`].
    pub fn confidence(&self) -> Confidence {
        let e = self.effective_n;
        if e.is_nan() || e < 0.5 {
            Confidence::None
        } else if e < 5.0 {
            Confidence::Low
        } else if e < 15.0 {
            Confidence::Medium
        } else {
            Confidence::High
        }
    }
}

fn safe_shape(x: f64) -> f64 {
    if x.is_nan() {
        1.0
    } else {
        x.clamp(MIN_SHAPE, MAX_SHAPE)
    }
}

/// The mastery of one skill from its answers, as seen at `now_ms`.
///
/// Answers with a NaN or infinite score are ignored, scores are clamped to [0, 1], and only the
/// [`WINDOW`] newest answers count. Answer i weighs wᵢ = 0.5^(ageᵢ / [`HALF_LIFE_DAYS`]) with the
/// age in days (answers "from the future" have age 0); then α = 1 + Σ wᵢsᵢ and
/// β = 1 + Σ wᵢ(1 − sᵢ).
pub fn estimate(evidence: &[Evidence], now_ms: i64) -> Mastery {
    let mut answers: Vec<(i64, f64)> = evidence
        .iter()
        .filter(|e| e.score.is_finite())
        .map(|e| (e.at_ms, e.score.clamp(0.0, 1.0)))
        .collect();
    // Newest first; equal times by score, so that the input order never matters.
    answers.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.total_cmp(&x.1)));
    answers.truncate(WINDOW);

    let mut mastery = Mastery::prior();
    for &(at_ms, score) in &answers {
        // In f64: the difference of two arbitrary i64 may overflow.
        let age_days = ((now_ms as f64 - at_ms as f64) / MS_PER_DAY).max(0.0);
        let weight = 0.5f64.powf(age_days / HALF_LIFE_DAYS);
        mastery.alpha += weight * score;
        mastery.beta += weight * (1.0 - score);
        mastery.effective_n += weight;
    }
    mastery.n = answers.len();
    mastery.last_ms = answers.first().map(|&(at_ms, _)| at_ms);
    mastery
}

/// Combines skills into a work or function: the mean of the parts' means, with the variance of
/// the mean of independent parts (Σ varᵢ / k²), returned as the Beta with that mean and variance.
///
/// Pass unpractised skills as [`Mastery::prior`] so that they pull the mean towards 0.5 and keep
/// the estimate uncertain. `n` is the total of the parts, `effective_n` their average (so a
/// function's confidence says how much fresh evidence each of its skills has on average),
/// `last_ms` the newest. No parts: the prior.
pub fn pool(parts: &[Mastery]) -> Mastery {
    if parts.is_empty() {
        return Mastery::prior();
    }
    let k = parts.len() as f64;
    let mean = parts.iter().map(Mastery::mean).sum::<f64>() / k;
    let variance = parts.iter().map(Mastery::variance).sum::<f64>() / (k * k);

    // Moment matching: for Beta(α, β), var = m(1 − m) / (ν + 1) with ν = α + β. The variance of a
    // mean of Betas is always below m(1 − m) (x(1 − x) is concave), the clamp is only a guard.
    let spread = mean * (1.0 - mean);
    let nu = (spread / variance - 1.0).clamp(2.0 * MIN_SHAPE, 2.0 * MAX_SHAPE);
    let nu = if nu.is_nan() { 2.0 } else { nu };

    let effective_n = parts
        .iter()
        .map(|p| {
            if p.effective_n.is_finite() {
                p.effective_n.max(0.0)
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / k;
    Mastery {
        alpha: mean * nu,
        beta: (1.0 - mean) * nu,
        n: parts.iter().fold(0usize, |n, p| n.saturating_add(p.n)),
        effective_n,
        last_ms: parts.iter().filter_map(|p| p.last_ms).max(),
    }
}

// ---------------------------------------------------------------------------------------------
// Beta distribution: ln Γ, the regularized incomplete beta function and its inverse.

/// ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; relative error ~1e-15), with
/// the reflection formula below 0.5.
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x) Γ(1 − x) = π / sin(πx); sin(πx) > 0 for x in (0, 0.5).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The continued fraction of the incomplete beta function, by the modified Lentz method
/// (Numerical Recipes, `betacf`). Converges fast for x < (a + 1) / (a + b + 2).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const MAX_STEPS: usize = 5_000;
    const EPS: f64 = 1e-15;
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };

    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_STEPS {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b).
fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    // ln(1 − x) as ln_1p(−x): accurate for small x.
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p();
    let front = ln_front.exp();
    let p = if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    };
    if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) }
}

/// The q-quantile of Beta(a, b) by bisection on [`beta_cdf`] (to ~1e-12).
fn beta_quantile(q: f64, a: f64, b: f64) -> f64 {
    if q.is_nan() || q <= 0.0 {
        return 0.0;
    }
    if q >= 1.0 {
        return 1.0;
    }
    let (mut low, mut high) = (0.0f64, 1.0f64);
    for _ in 0..60 {
        let mid = 0.5 * (low + high);
        if beta_cdf(mid, a, b) < q {
            low = mid;
        } else {
            high = mid;
        }
        if high - low < 1e-12 {
            break;
        }
    }
    0.5 * (low + high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: i64 = 86_400_000;

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

    #[test]
    fn ln_gamma_known_values() {
        assert!(close(ln_gamma(1.0), 0.0, 1e-13));
        assert!(close(ln_gamma(2.0), 0.0, 1e-13));
        // Γ(0.5) = √π; Γ(10) = 9! = 362880; Γ(0.1) = 9.513507698668732.
        assert!(close(ln_gamma(0.5), 0.5 * std::f64::consts::PI.ln(), 1e-13));
        assert!(close(ln_gamma(10.0), 362_880f64.ln(), 1e-12));
        assert!(close(ln_gamma(0.1), 9.513_507_698_668_732f64.ln(), 1e-12));
    }

    #[test]
    fn beta_cdf_known_values() {
        // Beta(2, 2): I_x = 3x² − 2x³; at 0.25: 3/16 − 2/64 = 0.15625.
        assert!(close(beta_cdf(0.25, 2.0, 2.0), 0.15625, 1e-12));
        // Beta(1, 1) is uniform.
        assert!(close(beta_cdf(0.3, 1.0, 1.0), 0.3, 1e-12));
        // Beta(0.5, 0.5), the arcsine law: I_x = (2/π) asin(√x); at 0.5 → 0.5, at 0.1 → 0.204833.
        let arcsine = |x: f64| 2.0 / std::f64::consts::PI * x.sqrt().asin();
        assert!(close(beta_cdf(0.1, 0.5, 0.5), arcsine(0.1), 1e-10));
        assert!(close(beta_cdf(0.9, 0.5, 0.5), arcsine(0.9), 1e-10));
        assert_eq!(beta_cdf(0.0, 2.0, 3.0), 0.0);
        assert_eq!(beta_cdf(1.0, 2.0, 3.0), 1.0);
    }

    #[test]
    fn beta_quantile_known_values() {
        for q in [0.01, 0.1, 0.25, 0.5, 0.8, 0.9, 0.99] {
            // Beta(1, 1): uniform, the quantile is q.
            assert!(close(beta_quantile(q, 1.0, 1.0), q, 1e-9), "uniform {q}");
            // Beta(2, 1): I_x = x², so the quantile is √q.
            assert!(close(beta_quantile(q, 2.0, 1.0), q.sqrt(), 1e-9), "2,1 {q}");
            // Beta(1, 2): I_x = 1 − (1 − x)², so 1 − √(1 − q).
            let expected = 1.0 - (1.0 - q).sqrt();
            assert!(close(beta_quantile(q, 1.0, 2.0), expected, 1e-9), "1,2 {q}");
            // Beta(0.5, 0.5): the quantile is sin²(πq / 2).
            let expected = (std::f64::consts::FRAC_PI_2 * q).sin().powi(2);
            assert!(
                close(beta_quantile(q, 0.5, 0.5), expected, 1e-9),
                "arcsine {q}"
            );
        }
        // Symmetric: the median of Beta(2, 2) is 0.5.
        assert!(close(beta_quantile(0.5, 2.0, 2.0), 0.5, 1e-9));
        // Huge shapes are nearly normal: Beta(1e6, 1e6) has sd √(0.25 / 2000001) = 3.5355e-4, so
        // its 0.9-quantile is 0.5 + 1.28155 × 3.5355e-4 = 0.500453.
        assert!(close(beta_quantile(0.9, 1e6, 1e6), 0.500_453, 2e-6));
    }

    #[test]
    fn estimate_by_hand() {
        let now = 1_000 * DAY;
        // Today score 1 (w = 1); 14 days ago score 0 (w = 0.5^(14/14) = 0.5):
        // α = 1 + 1·1 = 2, β = 1 + 0.5·1 = 1.5, mean = 2 / 3.5 = 0.571428…
        let m = estimate(
            &[
                Evidence {
                    at_ms: now - 14 * DAY,
                    score: 0.0,
                },
                Evidence {
                    at_ms: now,
                    score: 1.0,
                },
            ],
            now,
        );
        assert!(close(m.alpha, 2.0, 1e-12) && close(m.beta, 1.5, 1e-12));
        assert!(close(m.mean(), 4.0 / 7.0, 1e-12));
        assert_eq!((m.n, m.last_ms), (2, Some(now)));
        assert!(close(m.effective_n, 1.5, 1e-12));
        assert_eq!(m.confidence(), Confidence::Low);
        // Var = αβ / ((α+β)²(α+β+1)) = 3 / (12.25 · 4.5) = 8/147.
        assert!(close(m.variance(), 8.0 / 147.0, 1e-12));

        // 28 days old, practical score 0.75: w = 0.25 → α = 1.1875, β = 1.0625.
        // A NaN score is ignored; 1.7 is clamped to 1 and, one day in the future, has w = 1.
        let m = estimate(
            &[
                Evidence {
                    at_ms: now - 28 * DAY,
                    score: 0.75,
                },
                Evidence {
                    at_ms: now,
                    score: f64::NAN,
                },
                Evidence {
                    at_ms: now + DAY,
                    score: 1.7,
                },
            ],
            now,
        );
        assert!(close(m.alpha, 1.0 + 0.1875 + 1.0, 1e-12));
        assert!(close(m.beta, 1.0625, 1e-12));
        assert_eq!((m.n, m.last_ms), (2, Some(now + DAY)));

        // No evidence: the prior.
        assert_eq!(estimate(&[], now), Mastery::prior());
        assert_eq!(Mastery::prior().confidence(), Confidence::None);
    }

    #[test]
    fn estimate_keeps_the_window() {
        let now = 500 * DAY;
        // 10 wrong answers 3 days ago, then 50 right ones today: only the 50 count.
        let mut evidence: Vec<Evidence> = (0..10)
            .map(|i| Evidence {
                at_ms: now - 3 * DAY + i,
                score: 0.0,
            })
            .collect();
        evidence.extend((0..WINDOW as i64).map(|i| Evidence {
            at_ms: now - i,
            score: 1.0,
        }));
        let m = estimate(&evidence, now);
        assert_eq!(m.n, WINDOW);
        assert!(close(m.beta, 1.0, 1e-12));
        assert!(close(m.alpha, 51.0, 1e-6));
        assert_eq!(m.confidence(), Confidence::High);
        let (low, high) = m.interval(0.8);
        // Beta(51, 1): I_x = x⁵¹, so the 10 % quantile is 0.1^(1/51) = 0.95588.
        assert!(close(low, 0.1f64.powf(1.0 / 51.0), 1e-6));
        assert!(high > 0.99 && high <= 1.0);
    }

    #[test]
    fn confidence_thresholds() {
        let c = |e: f64| {
            Mastery {
                effective_n: e,
                ..Mastery::prior()
            }
            .confidence()
        };
        assert_eq!(c(0.49), Confidence::None);
        assert_eq!(c(f64::NAN), Confidence::None);
        assert_eq!(c(0.5), Confidence::Low);
        assert_eq!(c(4.99), Confidence::Low);
        assert_eq!(c(5.0), Confidence::Medium);
        assert_eq!(c(15.0), Confidence::High);
        assert!(Confidence::Low > Confidence::None && Confidence::High > Confidence::Medium);
    }

    #[test]
    fn interval_by_hand() {
        // Beta(1, 1) at 80 %: [0.1, 0.9]; Beta(2, 2) at 0 %: the median 0.5.
        let (low, high) = Mastery::prior().interval(0.8);
        assert!(close(low, 0.1, 1e-9) && close(high, 0.9, 1e-9));
        let (low, high) = beta(2.0, 2.0, 2).interval(0.0);
        assert!(close(low, 0.5, 1e-9) && close(high, 0.5, 1e-9));
        // Beta(2, 1) at 80 %: [√0.1, √0.9].
        let (low, high) = beta(2.0, 1.0, 1).interval(0.8);
        assert!(close(low, 0.1f64.sqrt(), 1e-9) && close(high, 0.9f64.sqrt(), 1e-9));
        // Very skewed: Beta(0.01, 1) has mean 0.0099 above its 90 % quantile 0.9^100 = 2.7e-5;
        // the interval is widened to the mean.
        let m = beta(0.01, 1.0, 0);
        let (low, high) = m.interval(0.8);
        assert!(low <= m.mean() && close(high, m.mean(), 1e-15));
    }

    #[test]
    fn pool_by_hand() {
        // Beta(2, 1.5) (mean 4/7, var 8/147) with an unpractised skill Beta(1, 1) (1/2, 1/12):
        // mean = (4/7 + 1/2) / 2 = 15/28; var = (8/147 + 1/12) / 4 = (27/196) / 4 = 27/784;
        // ν = m(1 − m)/var − 1 = (195/784)/(27/784) − 1 = 65/9 − 1 = 56/9;
        // α = 15/28 · 56/9 = 10/3, β = 13/28 · 56/9 = 26/9.
        let a = Mastery {
            alpha: 2.0,
            beta: 1.5,
            n: 2,
            effective_n: 1.5,
            last_ms: Some(7),
        };
        let p = pool(&[a, Mastery::prior()]);
        assert!(close(p.alpha, 10.0 / 3.0, 1e-12), "{p:?}");
        assert!(close(p.beta, 26.0 / 9.0, 1e-12), "{p:?}");
        assert!(close(p.mean(), 15.0 / 28.0, 1e-12));
        assert!(close(p.variance(), 27.0 / 784.0, 1e-12));
        assert_eq!((p.n, p.last_ms), (2, Some(7)));
        assert!(close(p.effective_n, 0.75, 1e-12));

        // k unpractised skills: mean 1/2, var 1/(12k) → ν = 3k − 1, α = β = (3k − 1)/2.
        let p = pool(&[Mastery::prior(); 4]);
        assert!(close(p.alpha, 5.5, 1e-12) && close(p.beta, 5.5, 1e-12));
        assert_eq!(p.confidence(), Confidence::None);

        assert_eq!(pool(&[]), Mastery::prior());
    }

    fn evidence() -> impl Strategy<Value = Vec<Evidence>> {
        prop::collection::vec(
            (any::<i64>(), any::<f64>()).prop_map(|(at_ms, score)| Evidence { at_ms, score }),
            0..80,
        )
    }

    fn realistic() -> impl Strategy<Value = (Vec<Evidence>, i64)> {
        let now = 20_000 * DAY;
        prop::collection::vec(
            (0..400 * DAY, 0.0..=1.0f64).prop_map(move |(age, score)| Evidence {
                at_ms: now - age,
                score,
            }),
            0..80,
        )
        .prop_map(move |e| (e, now))
    }

    fn any_mastery() -> impl Strategy<Value = Mastery> {
        (any::<f64>(), any::<f64>(), any::<f64>()).prop_map(|(alpha, beta, effective_n)| Mastery {
            alpha,
            beta,
            n: 0,
            effective_n,
            last_ms: None,
        })
    }

    proptest! {
        #[test]
        fn estimate_never_panics(evidence in evidence(), now in any::<i64>(), mass in any::<f64>()) {
            let m = estimate(&evidence, now);
            prop_assert!(m.n <= WINDOW);
            prop_assert!(m.alpha >= 1.0 && m.beta >= 1.0);
            let mean = m.mean();
            prop_assert!((0.0..=1.0).contains(&mean));
            let (low, high) = m.interval(mass);
            prop_assert!(0.0 <= low && low <= mean && mean <= high && high <= 1.0);
            prop_assert!(m.variance() >= 0.0);
        }

        #[test]
        fn realistic_interval_is_ordered((evidence, now) in realistic(), mass in 0.5..0.99f64) {
            let m = estimate(&evidence, now);
            let (low, high) = m.interval(mass);
            prop_assert!(0.0 <= low && low <= m.mean() && m.mean() <= high && high <= 1.0);
            // A wider interval contains a narrower one.
            let (l2, h2) = m.interval(mass / 2.0);
            prop_assert!(low <= l2 + 1e-9 && h2 <= high + 1e-9);
            // The order of the evidence does not matter.
            let mut reversed = evidence.clone();
            reversed.reverse();
            prop_assert_eq!(estimate(&reversed, now), m);
        }

        #[test]
        fn any_mastery_is_safe(m in any_mastery(), mass in any::<f64>()) {
            let mean = m.mean();
            prop_assert!((0.0..=1.0).contains(&mean));
            let (low, high) = m.interval(mass);
            prop_assert!(0.0 <= low && low <= mean && mean <= high && high <= 1.0);
            prop_assert!(m.variance().is_finite());
            let _ = m.confidence();
        }

        #[test]
        fn pool_of_identical_parts_keeps_the_mean((evidence, now) in realistic(), k in 1usize..12) {
            let m = estimate(&evidence, now);
            let p = pool(&vec![m; k]);
            prop_assert!((p.mean() - m.mean()).abs() < 1e-9);
            // k independent copies: the variance of their mean is var / k.
            prop_assert!((p.variance() - m.variance() / k as f64).abs() < 1e-9);
        }

        #[test]
        fn pool_never_panics(parts in prop::collection::vec(any_mastery(), 0..10)) {
            let p = pool(&parts);
            prop_assert!((0.0..=1.0).contains(&p.mean()));
            let (low, high) = p.interval(0.8);
            prop_assert!(low <= p.mean() && p.mean() <= high);
            prop_assert!(p.effective_n.is_finite());
        }
    }
}
