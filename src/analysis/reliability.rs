//! The reliability (信度) of a paper and the distribution of its total scores.

use serde::Serialize;

use super::items::{Item, Response};
use super::{is_constant, mean, variance};

/// Internal consistency of a paper, from the complete cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alpha {
    /// Complete cases: persons with a finite score on every item that carries points. Persons
    /// who met only part of the items (a paper drawn from a pool) are left out, as α needs the
    /// same items for everyone.
    pub persons: usize,
    /// k: the items that carry points (items worth 0 do not enter the total and are left out).
    pub items: usize,
    /// Cronbach's α = k / (k − 1) · (1 − Σ σ²ᵢ / σ²ₜ), with σ²ᵢ the variance of item i's points
    /// and σ²ₜ that of the total points, over the complete cases: the share of the total's
    /// variance that is not item-specific noise, a lower bound of reliability. At most 1 (it is
    /// clamped there against rounding); it can be negative when items contradict one another.
    /// `None` with fewer than 2 items or 2 persons, or when the totals are constant.
    pub alpha: Option<f64>,
    /// Every item score of the complete cases is 0 or full marks, so α here is exactly
    /// Kuder–Richardson's KR-20 = k / (k − 1) · (1 − Σ pᵢqᵢwᵢ² / σ²ₜ) (wᵢ the item's points).
    pub kr20: bool,
    /// σₜ: the population SD of the complete cases' total points.
    pub sd: Option<f64>,
    /// Standard error of measurement SEM = σₜ · √(1 − α), in the paper's points: the SD of the
    /// total a person would get over imagined repetitions. Multiply by 100 / (the paper's
    /// points) for a 0–100 scale.
    pub sem: Option<f64>,
}

/// Cronbach's α of a paper; `items` and `responses` as for [`super::items::analyse`]. Cells
/// with a non-finite score are missing; finite scores are clamped to [0, 1].
pub fn alpha(items: &[Item], responses: &[Vec<Option<Response>>]) -> Alpha {
    let weights: Vec<(usize, f64)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.points.is_finite() && i.points > 0.0)
        .map(|(n, i)| (n, i.points))
        .collect();
    // Item points of the complete cases, one row per person.
    let rows: Vec<Vec<f64>> = responses
        .iter()
        .filter_map(|row| {
            weights
                .iter()
                .map(|&(i, w)| {
                    let s = row.get(i)?.as_ref()?.score;
                    s.is_finite().then(|| s.clamp(0.0, 1.0) * w)
                })
                .collect()
        })
        .collect();
    let k = weights.len();
    let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
    let sd = variance(&totals).map(f64::sqrt);
    let alpha = (k >= 2 && rows.len() >= 2 && !is_constant(&totals))
        .then(|| {
            let item_var: f64 = (0..k)
                .filter_map(|i| variance(&rows.iter().map(|r| r[i]).collect::<Vec<_>>()))
                .sum();
            let a = k as f64 / (k - 1) as f64 * (1.0 - item_var / variance(&totals)?);
            a.is_finite().then(|| a.min(1.0))
        })
        .flatten();
    let kr20 = alpha.is_some()
        && rows.iter().all(|r| {
            r.iter()
                .zip(&weights)
                .all(|(x, (_, w))| *x == 0.0 || x == w)
        });
    Alpha {
        persons: rows.len(),
        items: k,
        alpha,
        kr20,
        sd,
        sem: alpha.zip(sd).map(|(a, sd)| sd * (1.0 - a).sqrt()),
    }
}

/// The distribution of a paper's totals on a 0–100 scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// Totals used: finite and within [0, 100].
    pub n: usize,
    /// Totals left out: non-finite or outside [0, 100].
    pub skipped: usize,
    /// Mean total; `None` when n = 0.
    pub mean: Option<f64>,
    /// Population SD √(Σ (x − x̄)² / n), as everywhere in [`super`]; `None` when n = 0.
    pub sd: Option<f64>,
    /// `bands[b]` counts totals in [10b, 10b + 10); the last band also holds 100.
    pub bands: [usize; 10],
    /// Totals at or above the pass mark.
    pub passed: usize,
    /// passed / n; `None` when n = 0 or the pass mark is not finite.
    pub pass_rate: Option<f64>,
}

/// Mean, SD, bands of ten points and pass rate of `totals` (0–100) for `pass_mark`.
pub fn distribution(totals: &[f64], pass_mark: f64) -> Distribution {
    let used: Vec<f64> = totals
        .iter()
        .copied()
        .filter(|t| (0.0..=100.0).contains(t))
        .collect();
    let mut bands = [0; 10];
    for t in &used {
        bands[((t / 10.0) as usize).min(9)] += 1;
    }
    let passed = if pass_mark.is_finite() {
        used.iter().filter(|&&t| t >= pass_mark).count()
    } else {
        0
    };
    Distribution {
        n: used.len(),
        skipped: totals.len() - used.len(),
        mean: mean(&used),
        sd: variance(&used).map(f64::sqrt),
        bands,
        passed,
        pass_rate: (pass_mark.is_finite() && !used.is_empty())
            .then(|| passed as f64 / used.len() as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sim;
    use proptest::prelude::*;

    fn paper(points: &[f64], rows: &[&[f64]]) -> (Vec<Item>, Vec<Vec<Option<Response>>>) {
        let items = points
            .iter()
            .map(|&points| Item {
                points,
                ..Item::default()
            })
            .collect();
        let cell = |&score| {
            Some(Response {
                score,
                chosen: vec![],
            })
        };
        (
            items,
            rows.iter().map(|r| r.iter().map(cell).collect()).collect(),
        )
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    const WORKED: [&[f64]; 5] = [
        &[1.0, 1.0, 1.0, 1.0],
        &[1.0, 1.0, 1.0, 0.0],
        &[1.0, 1.0, 0.0, 0.0],
        &[1.0, 0.0, 1.0, 0.0],
        &[0.0, 0.0, 0.0, 0.0],
    ];

    #[test]
    fn kr20_worked_example() {
        // The paper of the item analysis' worked example. p = .8, .6, .6, .2; Σ pq = .16 + .24 +
        // .24 + .16 = .8. Totals 4 3 2 2 0: mean 2.2, σ²ₜ = (3.24 + .64 + .04 + .04 + 4.84) / 5
        // = 1.76. KR-20 = 4/3 · (1 − .8 / 1.76) = 4/3 · 6/11 = 8/11 = .7273.
        // SEM = √1.76 · √(3/11) = √.48 = .6928.
        let (items, mut responses) = paper(&[1.0; 4], &WORKED);
        let a = alpha(&items, &responses);
        assert_eq!((a.persons, a.items, a.kr20), (5, 4, true));
        assert!(close(a.alpha, 8.0 / 11.0));
        assert!(close(a.sd, 1.76_f64.sqrt()));
        assert!(close(a.sem, 0.48_f64.sqrt()));
        // A sixth person who missed an item is not a complete case; an item worth 0 is left out.
        let mut sixth = responses[0].clone();
        sixth[2] = None;
        responses.push(sixth);
        let mut items = items;
        items.push(Item::default());
        let b = alpha(&items, &responses);
        assert_eq!(a, b);
    }

    #[test]
    fn alpha_with_partial_credit() {
        // Two 2-point items. Points: (2, 1), (1, 1), (0, 0); item variances 2/3 and 2/9; totals
        // 3 2 0, mean 5/3, σ²ₜ = (16 + 1 + 25) / 9 / 3 = 14/9.
        // α = 2 · (1 − (8/9) / (14/9)) = 2 · 6/14 = 6/7.
        let (items, responses) = paper(&[2.0, 2.0], &[&[1.0, 0.5], &[0.5, 0.5], &[0.0, 0.0]]);
        let a = alpha(&items, &responses);
        assert!(close(a.alpha, 6.0 / 7.0));
        assert!(!a.kr20);
    }

    #[test]
    fn alpha_needs_two_items_two_persons_and_spread() {
        let none = |points: &[f64], rows: &[&[f64]]| {
            let (items, responses) = paper(points, rows);
            alpha(&items, &responses).alpha.is_none()
        };
        assert!(none(&[], &[]));
        assert!(none(&[1.0], &[&[1.0], &[0.0]]));
        assert!(none(&[1.0, 1.0], &[&[1.0, 0.0]]));
        // Every total is 1: nothing to be consistent about.
        assert!(none(&[1.0, 1.0], &[&[1.0, 0.0], &[0.0, 1.0]]));
        assert!(none(&[1.0, 1.0], &[&[f64::NAN, 0.0], &[0.0, 1.0]]));
        let (items, responses) = paper(&[1.0, 1.0], &[&[1.0, 0.0], &[0.0, 1.0]]);
        assert_eq!(alpha(&items, &responses).sd, Some(0.0));
    }

    /// Population covariance matrix of the columns of `rows`.
    fn covariances(rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let (n, k) = (rows.len() as f64, rows[0].len());
        let means: Vec<f64> = (0..k)
            .map(|i| rows.iter().map(|r| r[i]).sum::<f64>() / n)
            .collect();
        (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| {
                        let d = |r: &Vec<f64>| (r[i] - means[i]) * (r[j] - means[j]);
                        rows.iter().map(d).sum::<f64>() / n
                    })
                    .collect()
            })
            .collect()
    }

    /// α = k / (k − 1) · (1 − tr C / Σ C) from the covariance matrix C of the item points.
    fn alpha_by_covariances(items: &[Item], responses: &[Vec<Option<Response>>]) -> f64 {
        let rows: Vec<Vec<f64>> = responses
            .iter()
            .filter_map(|r| {
                r.iter()
                    .zip(items)
                    .map(|(c, i)| Some(c.as_ref()?.score * i.points))
                    .collect()
            })
            .collect();
        let c = covariances(&rows);
        let k = c.len() as f64;
        let trace: f64 = (0..c.len()).map(|i| c[i][i]).sum();
        let all: f64 = c.iter().flatten().sum();
        k / (k - 1.0) * (1.0 - trace / all)
    }

    #[test]
    fn simulated_dichotomous_paper_kr20() {
        // Seed 11: 200 persons × 30 one-point items, complete. KR-20 from the item p's, α from
        // the covariance matrix and the production α agree. numpy on the same matrix (printed
        // by `print_simulated_papers`): α = 0.9118265125, σₜ = 7.040057, SEM = 2.090476.
        let (items, responses) = sim::paper(11, 200, 30, 30, false);
        let a = alpha(&items, &responses);
        assert!(a.kr20 && a.persons == 200 && a.items == 30);
        let n = 200.0;
        let totals: Vec<f64> = responses
            .iter()
            .map(|r| r.iter().map(|c| c.as_ref().unwrap().score).sum())
            .collect();
        let mean = totals.iter().sum::<f64>() / n;
        let var_t = totals.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / n;
        let pq: f64 = (0..30)
            .map(|i| {
                let p = responses
                    .iter()
                    .filter(|r| r[i].as_ref().unwrap().score == 1.0)
                    .count() as f64
                    / n;
                p * (1.0 - p)
            })
            .sum();
        let kr20 = 30.0 / 29.0 * (1.0 - pq / var_t);
        assert!(close(a.alpha, kr20), "{a:?} vs {kr20}");
        assert!(close(a.alpha, alpha_by_covariances(&items, &responses)));
        assert!(close(a.sem, var_t.sqrt() * (1.0 - kr20).sqrt()));
        assert!((a.alpha.unwrap() - 0.9118265125).abs() < 1e-10);
        assert!((a.sem.unwrap() - 2.090476).abs() < 1e-6);
    }

    #[test]
    fn simulated_mixed_paper_complete_cases() {
        // Seed 7: 20 choice items and 10 partial-credit items of 2–5 points; the last five items
        // miss 10 % of their cells, so only the complete cases count. numpy on the same data:
        // 126 complete cases, α = 0.9412787369, σₜ = 11.352121, SEM = 2.750899.
        let (items, responses) = sim::paper(7, 200, 30, 20, true);
        let a = alpha(&items, &responses);
        let complete = responses
            .iter()
            .filter(|r| r.iter().all(Option::is_some))
            .count();
        assert!(complete < 200 && complete > 100);
        assert_eq!(a.persons, complete);
        assert!(!a.kr20);
        assert!(close(a.alpha, alpha_by_covariances(&items, &responses)));
        assert!((a.alpha.unwrap() - 0.9412787369).abs() < 1e-10);
        assert!((a.sem.unwrap() - 2.750899).abs() < 1e-6);
    }

    /// Prints the simulated papers as JSON, for a cross-check outside Rust:
    /// `cargo test --lib print_simulated_papers -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_simulated_papers() {
        for (seed, choice, missing) in [(11, 30, false), (7, 20, true)] {
            let (items, responses) = sim::paper(seed, 200, 30, choice, missing);
            let scores: Vec<Vec<Option<f64>>> = responses
                .iter()
                .map(|r| r.iter().map(|c| c.as_ref().map(|c| c.score)).collect())
                .collect();
            let points: Vec<f64> = items.iter().map(|i| i.points).collect();
            println!(
                "{}",
                serde_json::json!({ "seed": seed, "points": points, "scores": scores })
            );
        }
    }

    #[test]
    fn distribution_of_totals() {
        // 20 40 60 80 100: mean 60, σ² = (1600 + 400 + 0 + 400 + 1600) / 5 = 800; three pass 60.
        let d = distribution(
            &[20.0, 40.0, 60.0, 80.0, 100.0, f64::NAN, -1.0, 100.5],
            60.0,
        );
        assert_eq!((d.n, d.skipped, d.passed), (5, 3, 3));
        assert_eq!(d.bands, [0, 0, 1, 0, 1, 0, 1, 0, 1, 1]);
        assert!(close(d.mean, 60.0) && close(d.sd, 800_f64.sqrt()) && close(d.pass_rate, 0.6));
        // Band edges: [0, 10) … [90, 100].
        let d = distribution(&[0.0, 9.999, 10.0, 89.99, 90.0, 100.0], f64::NAN);
        assert_eq!(d.bands, [2, 1, 0, 0, 0, 0, 0, 0, 1, 2]);
        assert_eq!((d.passed, d.pass_rate), (0, None));
        let d = distribution(&[], 60.0);
        assert_eq!((d.n, d.mean, d.sd, d.pass_rate), (0, None, None, None));
    }

    fn valid_paper() -> impl Strategy<Value = (Vec<Item>, Vec<Vec<Option<Response>>>)> {
        (2usize..6).prop_flat_map(|k| {
            let items = prop::collection::vec(0.5f64..10.0, k).prop_map(|p| {
                p.into_iter()
                    .map(|points| Item {
                        points,
                        ..Item::default()
                    })
                    .collect()
            });
            let cell = prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0].prop_map(|score| {
                Some(Response {
                    score,
                    chosen: vec![],
                })
            });
            let rows = prop::collection::vec(prop::collection::vec(cell, k), 2..30);
            (items, rows)
        })
    }

    proptest! {
        #[test]
        fn alpha_never_panics_nor_exceeds_one((items, responses) in sim::arbitrary_paper()) {
            let a = alpha(&items, &responses);
            prop_assert!(a.alpha.is_none_or(|a| a <= 1.0));
            prop_assert!(a.sem.is_none_or(|s| s >= 0.0));
            prop_assert!(a.persons <= responses.len());
        }

        #[test]
        fn alpha_is_at_most_one((items, responses) in valid_paper()) {
            let a = alpha(&items, &responses);
            prop_assert!(a.alpha.is_none_or(|a| a <= 1.0));
            // Where the totals barely vary, α is ill-conditioned (and hugely negative): compare
            // the two computations only where σₜ is not tiny.
            if let (Some(x), Some(sd)) = (a.alpha, a.sd) {
                let y = alpha_by_covariances(&items, &responses);
                prop_assert!(sd < 0.01 || (x - y).abs() <= 1e-9 * (1.0 + x.abs()), "{} {}", x, y);
            }
        }

        #[test]
        fn distribution_accounts_for_every_total(
            totals in prop::collection::vec(prop_oneof![any::<f64>(), 0.0f64..=100.0], 0..50),
            pass_mark in prop_oneof![any::<f64>(), 0.0f64..=100.0],
        ) {
            let d = distribution(&totals, pass_mark);
            prop_assert_eq!(d.n + d.skipped, totals.len());
            prop_assert_eq!(d.bands.iter().sum::<usize>(), d.n);
            prop_assert!(d.passed <= d.n);
            prop_assert!(d.pass_rate.is_none_or(|r| (0.0..=1.0).contains(&r)));
        }
    }
}
