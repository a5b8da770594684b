//! Item analysis and examiner agreement (试题分析与评分一致性): the classical statistics that tell
//! the bank's maintainers which questions work and the chief examiner which examiners stray.
//!
//! Pure: data in, data out. No I/O, no database, no clock. The caller gathers first attempts,
//! maps shuffled option letters back to the bank's indices and chooses the thresholds; every
//! figure here can be recomputed offline from the same input.
//!
//! Nothing panics: empty data, one person, zero variance or non-finite numbers give `None` or are
//! skipped, as each function says. Variances and SDs are population figures (divided by n, not
//! n − 1) throughout: the papers analysed are the whole cohort, not a sample of it, and ratios such
//! as α and r are the same either way.
//!
//! - [`items`]: facility, item–rest discrimination, option counts and flags per item;
//! - [`reliability`]: Cronbach's α (KR-20), the SEM and the score distribution of a paper;
//! - [`agreement`]: Krippendorff's α for interval scores and per-examiner deviations.

pub mod agreement;
pub mod items;
pub mod reliability;

/// The arithmetic mean; `None` when `xs` is empty.
fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The population variance Σ (x − x̄)² / n (two passes, so a large offset does not cancel the
/// spread away); `None` when `xs` is empty.
fn variance(xs: &[f64]) -> Option<f64> {
    let m = mean(xs)?;
    Some(xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64)
}

/// Whether `xs` has no spread beyond rounding: SD ≤ 10⁻⁹ · max |x| (so also when all are 0, or
/// when `xs` is empty). Sums of the same scores added in another order may differ in the last
/// bit; such a "variance" must count as zero, not give a correlation of rounding noise.
fn is_constant(xs: &[f64]) -> bool {
    let scale = xs.iter().fold(0.0_f64, |a, x| a.max(x.abs()));
    variance(xs).is_none_or(|v| v.sqrt() <= 1e-9 * scale)
}

/// Pearson's r = cov(x, y) / (sd_x sd_y), clamped to [−1, 1] against rounding. `None` when the
/// lengths differ, n < 3 (two points always lie on a line), either variable is constant (see
/// [`is_constant`]) or the arithmetic overflows.
fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 3 || is_constant(xs) || is_constant(ys) {
        return None;
    }
    let (mx, my) = (mean(xs)?, mean(ys)?);
    let cov = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum::<f64>()
        / xs.len() as f64;
    let r = cov / (variance(xs)? * variance(ys)?).sqrt();
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// Simulated papers for the tests of the submodules.
#[cfg(test)]
pub(crate) mod sim {
    use super::items::{Item, Response};
    use crate::scenes::rng::Rng;
    use proptest::prelude::*;

    /// A seeded paper of `persons` × `items`. Person ability θ and item difficulty b are uniform
    /// in [−2, 2]; the chance of success is 0.5 + (θ − b) / 4 clamped to [0.02, 0.98] (a
    /// logistic would need the platform's `exp`). The first `choice` items are single-answer,
    /// worth 1 point, with four options and key `i % 4`; a wrong answer picks one of the three
    /// distractors, the first twice as often as the others. The other items are worth 2–5 points
    /// and scored in quarters (four trials at the person's chance). With `missing`, each cell of
    /// the last five items is absent with chance 0.1, as for items drawn from a pool.
    pub(crate) fn paper(
        seed: u64,
        persons: usize,
        items: usize,
        choice: usize,
        missing: bool,
    ) -> (Vec<Item>, Vec<Vec<Option<Response>>>) {
        let mut rng = Rng::new("analysis", 0, seed);
        let bank: Vec<Item> = (0..items)
            .map(|i| Item {
                points: if i < choice {
                    1.0
                } else {
                    2.0 + rng.index(4) as f64
                },
                key: if i < choice { vec![i % 4] } else { vec![] },
                options: if i < choice { 4 } else { 0 },
            })
            .collect();
        let difficulty: Vec<f64> = (0..items).map(|_| rng.range(-2.0, 2.0)).collect();
        let responses = (0..persons)
            .map(|_| {
                let theta = rng.range(-2.0, 2.0);
                (0..items)
                    .map(|i| {
                        let p = (0.5 + (theta - difficulty[i]) / 4.0).clamp(0.02, 0.98);
                        if missing && i + 5 >= items && rng.chance(0.1) {
                            return None;
                        }
                        Some(if i < choice {
                            let right = rng.chance(p);
                            let wrong = (i + 1 + [0, 0, 1, 2][rng.index(4)]) % 4;
                            Response {
                                score: f64::from(u8::from(right)),
                                chosen: vec![if right { i % 4 } else { wrong }],
                            }
                        } else {
                            let quarters = (0..4).filter(|_| rng.chance(p)).count();
                            Response {
                                score: quarters as f64 / 4.0,
                                chosen: vec![],
                            }
                        })
                    })
                    .collect()
            })
            .collect();
        (bank, responses)
    }

    /// Any paper at all: NaN, infinite and negative points and scores, keys and choices out of
    /// range, ragged rows.
    pub(crate) fn arbitrary_paper() -> impl Strategy<Value = (Vec<Item>, Vec<Vec<Option<Response>>>)>
    {
        let number = prop_oneof![any::<f64>(), 0.0..=1.0, Just(0.0), Just(1.0)];
        let item = (
            number.clone(),
            prop::collection::vec(0usize..6, 0..3),
            0usize..6,
        )
            .prop_map(|(points, key, options)| Item {
                points,
                key,
                options,
            });
        let cell = prop::option::of((number, prop::collection::vec(0usize..7, 0..3)))
            .prop_map(|c| c.map(|(score, chosen)| Response { score, chosen }));
        (
            prop::collection::vec(item, 0..6),
            prop::collection::vec(prop::collection::vec(cell, 0..7), 0..40),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(mean(&[]), None);
        assert_eq!(variance(&[1.0, 2.0, 3.0, 4.0]), Some(1.25));
        // 0.1 three times: the mean is 0.10000000000000002, not 0.1, yet the values are constant.
        assert!(is_constant(&[0.1, 0.1, 0.1]));
        assert!(is_constant(&[]));
        assert!(!is_constant(&[1e6, 1e6 + 1.0]));
        assert_eq!(pearson(&[1.0, 2.0], &[2.0, 4.0]), None);
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), None);
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[1.0, 2.0]), None);
        assert!((pearson(&[1.0, 2.0, 3.0], &[6.0, 4.0, 2.0]).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 2.0, f64::NAN], &[1.0, 2.0, 3.0]), None);
    }
}
