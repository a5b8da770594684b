//! Examiner agreement (评分一致性) on scripts each marked by a subset of the examiners.
//!
//! Because not every examiner marks every script, the design is not fully crossed and ICC(2,1)
//! does not apply cleanly; Krippendorff's α does: it needs only the values each unit (script)
//! got, from however many raters, and it reads 1 for perfect agreement and 0 for agreement no
//! better than values drawn at random from all those given. Reference: K. Krippendorff (2011),
//! "Computing Krippendorff's Alpha-Reliability", University of Pennsylvania.

use std::collections::BTreeMap;

use serde::Serialize;

/// Krippendorff's α for interval data of `units`, each the `(rater, value)` pairs of one unit.
///
/// Values that are not finite are dropped; a unit left with fewer than 2 values is not pairable
/// and is ignored. With the coincidence matrix o_ck = Σᵤ (number of ordered pairs of values
/// (c, k) in unit u) / (mᵤ − 1) over the distinct values c, k, its marginals n_c = Σₖ o_ck and
/// n = Σ_c n_c (the number of pairable values), and the interval metric δ²(c, k) = (c − k)²:
///
/// - observed disagreement D_o = (1 / n) Σ_c Σₖ o_ck δ²(c, k),
/// - expected disagreement D_e = 1 / (n (n − 1)) · Σ_c Σₖ n_c nₖ δ²(c, k),
/// - α = 1 − D_o / D_e.
///
/// `None` when no unit is pairable, when all pairable values are equal (D_e = 0: nothing to
/// agree on) or when the arithmetic overflows (values beyond about 10¹⁵⁰). The rater ids are
/// not used: α depends on the values per unit only.
pub fn alpha_interval<R>(units: &[Vec<(R, f64)>]) -> Option<f64> {
    alpha_of(units.iter().map(|u| u.as_slice()))
}

fn alpha_of<'a, R: 'a>(units: impl Iterator<Item = &'a [(R, f64)]>) -> Option<f64> {
    // -0.0 + 0.0 = 0.0: one distinct value for both zeros.
    let units: Vec<Vec<f64>> = units
        .map(|u| {
            u.iter()
                .map(|(_, v)| v + 0.0)
                .filter(|v| v.is_finite())
                .collect::<Vec<_>>()
        })
        .filter(|u| u.len() >= 2)
        .collect();
    let mut values: Vec<f64> = units.iter().flatten().copied().collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    if values.len() < 2 {
        return None;
    }
    let index = |v: &f64| values.binary_search_by(|x| x.total_cmp(v)).unwrap_or(0);

    // The coincidence matrix, sparse: only pairs of values that met in a unit.
    let mut o: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for unit in &units {
        let share = 1.0 / (unit.len() - 1) as f64;
        let idx: Vec<usize> = unit.iter().map(index).collect();
        for (i, &c) in idx.iter().enumerate() {
            for (j, &k) in idx.iter().enumerate() {
                if i != j {
                    *o.entry((c, k)).or_default() += share;
                }
            }
        }
    }
    let mut n_c = vec![0.0; values.len()];
    for (&(c, _), o_ck) in &o {
        n_c[c] += o_ck;
    }
    let n: f64 = n_c.iter().sum();
    let d_o = o
        .iter()
        .map(|(&(c, k), o_ck)| o_ck * (values[c] - values[k]).powi(2))
        .sum::<f64>()
        / n;
    // Σ_c Σₖ n_c nₖ (c − k)² = 2n Σ_c n_c (c − c̄)² with c̄ = Σ_c n_c c / n: linear in the number
    // of distinct values instead of quadratic, and centred, so a large offset does not cancel.
    let centre = n_c.iter().zip(&values).map(|(w, v)| w * v).sum::<f64>() / n;
    let spread: f64 = n_c
        .iter()
        .zip(&values)
        .map(|(w, v)| w * (v - centre).powi(2))
        .sum();
    let d_e = 2.0 * n * spread / (n * (n - 1.0));
    let alpha = 1.0 - d_o / d_e;
    (d_e > 0.0 && alpha.is_finite()).then_some(alpha)
}

/// How one rater marked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaterStats {
    pub rater: String,
    /// Units (scripts) with at least one finite value from this rater.
    pub scripts: usize,
    /// [`alpha_interval`] over the units this rater scored (all raters' values on them): how
    /// well the panels this rater sat on agreed. Compare with the overall α.
    pub alpha: Option<f64>,
    /// Mean of (rater's value − the unit's final value) over the rater's values on units with a
    /// final value: positive for a lenient rater, negative for a severe one. `None` when there
    /// is no such value (or the arithmetic overflows).
    pub mean_signed_deviation: Option<f64>,
    /// Mean of |rater's value − final value| over the same values: how far off, either way.
    pub mean_absolute_deviation: Option<f64>,
    /// |mean signed deviation| or mean absolute deviation exceeds `stray_fraction` of the
    /// scale's range: the rater to talk to.
    pub strays: bool,
}

/// Per rater (sorted by id): scripts, α on their units and deviations from the final values.
///
/// `finals[u]` is the final (agreed) value of `units[u]`; units without one (`None`, a
/// non-finite value, or beyond `finals`) count for α but not for the deviations. A rater who
/// scored a unit twice has both values counted. `scale_range` is max − min of the marking scale
/// (100 for 0–100); `strays` is false unless both it and `stray_fraction` are positive and their
/// product is finite.
pub fn raters<R: AsRef<str>>(
    units: &[Vec<(R, f64)>],
    finals: &[Option<f64>],
    scale_range: f64,
    stray_fraction: f64,
) -> Vec<RaterStats> {
    let limit = (scale_range > 0.0 && stray_fraction > 0.0).then_some(scale_range * stray_fraction);
    // Per rater: the units they scored, and their deviations from the final values.
    let mut by_rater: BTreeMap<&str, (Vec<usize>, Vec<f64>)> = BTreeMap::new();
    for (u, unit) in units.iter().enumerate() {
        let fin = finals.get(u).copied().flatten().filter(|f| f.is_finite());
        for (rater, v) in unit.iter().filter(|(_, v)| v.is_finite()) {
            let (scripts, deviations) = by_rater.entry(rater.as_ref()).or_default();
            if scripts.last() != Some(&u) {
                scripts.push(u);
            }
            deviations.extend(fin.map(|f| v - f));
        }
    }
    by_rater
        .into_iter()
        .map(|(rater, (scripts, deviations))| {
            let finite = |x: &f64| x.is_finite();
            let msd = super::mean(&deviations).filter(finite);
            let abs: Vec<f64> = deviations.iter().map(|d| d.abs()).collect();
            let mad = super::mean(&abs).filter(finite);
            let strays = limit.is_some_and(|l| {
                l.is_finite() && msd.zip(mad).is_some_and(|(s, a)| s.abs() > l || a > l)
            });
            RaterStats {
                rater: rater.to_owned(),
                scripts: scripts.len(),
                alpha: alpha_of(scripts.iter().map(|&u| units[u].as_slice())),
                mean_signed_deviation: msd,
                mean_absolute_deviation: mad,
                strays,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::rng::Rng;
    use proptest::prelude::*;

    /// Units from rows of values per rater (`None`: the rater did not score that unit).
    fn units(rows: &[(&'static str, &[Option<f64>])]) -> Vec<Vec<(&'static str, f64)>> {
        let len = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        (0..len)
            .map(|u| {
                rows.iter()
                    .filter_map(|(r, vs)| Some((*r, vs.get(u).copied().flatten()?)))
                    .collect()
            })
            .collect()
    }

    /// α by its pairable-values definition, by brute force over every pair of values:
    /// α = 1 − (n − 1) · Σᵤ Σ_{i≠j in u} δ²ᵢⱼ / (mᵤ − 1) / Σ_{i≠j among all n values} δ²ᵢⱼ.
    fn alpha_by_pairs<R>(units: &[Vec<(R, f64)>]) -> Option<f64> {
        let units: Vec<Vec<f64>> = units
            .iter()
            .filter(|u| u.len() >= 2)
            .map(|u| u.iter().map(|p| p.1).collect())
            .collect();
        let squares = |xs: &[f64]| {
            let mut s = 0.0;
            for (i, a) in xs.iter().enumerate() {
                for (j, b) in xs.iter().enumerate() {
                    if i != j {
                        s += (a - b) * (a - b);
                    }
                }
            }
            s
        };
        let within: f64 = units
            .iter()
            .map(|u| squares(u) / (u.len() - 1) as f64)
            .sum();
        let all = units.concat();
        let between = squares(&all);
        (between > 0.0).then(|| 1.0 - (all.len() - 1) as f64 * within / between)
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn krippendorffs_worked_example() {
        // Krippendorff (2011), section C: 4 observers, 12 units, values 1–5, some missing. He
        // gives α = .743 nominal, .815 ordinal, .849 interval, .797 ratio; the `krippendorff`
        // Python package (0.9.0) gives interval 0.8491071428571428.
        let (a, b, c, d) = (Some(1.0), Some(2.0), Some(3.0), Some(4.0));
        let (e, x) = (Some(5.0), None);
        let data = units(&[
            ("A", &[a, b, c, c, b, a, d, a, b, x, x, x]),
            ("B", &[a, b, c, c, b, b, d, a, b, e, x, c]),
            ("C", &[x, c, c, c, b, c, d, b, b, e, a, x]),
            ("D", &[a, b, c, c, b, d, d, a, b, e, a, x]),
        ]);
        // Unit 12 has one value: not pairable. n = 40 pairable values. Within units, Σ δ² over
        // ordered pairs / (m − 1): unit 2 (2 2 3 2) 6 / 3 = 2; unit 6 (1 2 3 4)
        // 2 · (1 + 4 + 9 + 1 + 4 + 1) / 3 = 40/3; unit 8 (1 1 2 1) 6 / 3 = 2; the rest agree:
        // Σ = 52/3, D_o = 52/3 / 40. Values: n₁ = 9, n₂ = 13, n₃ = 10, n₄ = 5, n₅ = 3;
        // Σ_{c<k} n_c nₖ (c − k)² = 117 + 360 + 405 + 432 + 130 + 260 + 351 + 50 + 120 + 15
        // = 2240, so D_e = 2 · 2240 / (40 · 39). α = 1 − (52/3 · 39) / 4480 = 1 − 676/4480
        // = 3804/4480 = .849107.
        assert!(close(alpha_interval(&data), 3804.0 / 4480.0));
        assert!(close(alpha_by_pairs(&data), 3804.0 / 4480.0));
    }

    #[test]
    fn nothing_to_agree_on() {
        let none: Vec<Vec<(&str, f64)>> = vec![];
        assert_eq!(alpha_interval(&none), None);
        // Single values are not pairable; a NaN is dropped, leaving a single value.
        assert_eq!(alpha_interval(&[vec![("A", 1.0)], vec![("B", 2.0)]]), None);
        assert_eq!(
            alpha_interval(&[vec![("A", 1.0), ("B", f64::NAN)], vec![("B", 2.0)]]),
            None
        );
        // Every value equal: D_e = 0.
        assert_eq!(
            alpha_interval(&[vec![("A", 0.1), ("B", 0.1), ("C", 0.1)]]),
            None
        );
        assert_eq!(alpha_interval(&[vec![("A", 0.0), ("B", -0.0)]]), None);
        // Two units, each agreed: perfect agreement.
        let agreed = [vec![("A", 3.0), ("B", 3.0)], vec![("A", 7.0), ("C", 7.0)]];
        assert_eq!(alpha_interval(&agreed), Some(1.0));
    }

    #[test]
    fn raters_worked_example() {
        // Units (final value): u0 A 10 B 12 (11); u1 A 20 C 20 (20); u2 B 30 C 26 (28);
        // u3 A 5 B 9 C 7 (7); u4 C 15 (no final, and not pairable).
        // α over all: n = 9 values; within Σ δ² / (m − 1) = 8 + 0 + 32 + 48 / 2 = 64; values sum
        // to 139 with Σ v² = 2775, so Σ (v − v̄)² = 2775 − 139² / 9 = 5654/9 and Σ_{i≠j} δ² =
        // 2 · 9 · 5654/9 = 11308: α = 1 − 8 · 64 / 11308 = 2699/2827 = .9547.
        // A's units u0 u1 u3: n = 7, within 8 + 0 + 24 = 32; sum 83, Σ v² = 1199, Σ_{i≠j} δ² =
        // 2 · 7 · (1199 − 83² / 7) = 3008: α = 1 − 6 · 32 / 3008 = 44/47 = .9362.
        // Deviations: A −1 0 −2 (signed −1, absolute 1); B +1 +2 +2 (5/3, 5/3); C 0 −2 0 (−2/3,
        // 2/3). The limit is 4 % of a 40-point range = 1.6: only B strays.
        let u: Vec<Vec<(String, f64)>> = [
            &[("A", 10.0), ("B", 12.0)][..],
            &[("A", 20.0), ("C", 20.0)],
            &[("B", 30.0), ("C", 26.0)],
            &[("A", 5.0), ("B", 9.0), ("C", 7.0)],
            &[("C", 15.0)],
        ]
        .iter()
        .map(|u| u.iter().map(|(r, v)| (r.to_string(), *v)).collect())
        .collect();
        let finals = [Some(11.0), Some(20.0), Some(28.0), Some(7.0), None];
        assert!(close(alpha_interval(&u), 2699.0 / 2827.0));
        let stats = raters(&u, &finals, 40.0, 0.04);
        let got: Vec<_> = stats
            .iter()
            .map(|s| (s.rater.as_str(), s.scripts, s.strays))
            .collect();
        assert_eq!(got, [("A", 3, false), ("B", 3, true), ("C", 4, false)]);
        assert!(close(stats[0].alpha, 44.0 / 47.0));
        assert!(close(stats[0].mean_signed_deviation, -1.0));
        assert!(close(stats[0].mean_absolute_deviation, 1.0));
        assert!(close(stats[1].mean_signed_deviation, 5.0 / 3.0));
        assert!(close(stats[2].mean_signed_deviation, -2.0 / 3.0));
        assert!(close(stats[2].mean_absolute_deviation, 2.0 / 3.0));
        // No usable limit: nobody strays.
        assert!(
            raters(&u, &finals, 40.0, f64::NAN)
                .iter()
                .all(|s| !s.strays)
        );
        assert!(raters(&u, &finals, -40.0, -0.04).iter().all(|s| !s.strays));
    }

    type Unit = Vec<(String, f64)>;

    /// 60 scripts on a 0–20 scale, each marked by 3 of 7 examiners to the half point. True score
    /// uniform in [0, 20]; examiner biases −1, −.5, 0, 0, .5, 1 and +4 (r6, lenient); noise
    /// uniform in [−1.5, 1.5]. The final value is the true score to the half point.
    fn simulated_marking(seed: u64) -> (Vec<Unit>, Vec<Option<f64>>) {
        let mut rng = Rng::new("agreement", 0, seed);
        let bias = [-1.0, -0.5, 0.0, 0.0, 0.5, 1.0, 4.0];
        let half = |x: f64| (x * 2.0).round() / 2.0;
        (0..60)
            .map(|_| {
                let truth = rng.range(0.0, 20.0);
                let mut panel: Vec<usize> = (0..7).collect();
                rng.shuffle(&mut panel);
                let unit = panel[..3]
                    .iter()
                    .map(|&r| {
                        let v = half(truth + bias[r] + rng.range(-1.5, 1.5)).clamp(0.0, 20.0);
                        (format!("r{r}"), v)
                    })
                    .collect();
                (unit, Some(half(truth)))
            })
            .unzip()
    }

    #[test]
    fn simulated_marking_matches_the_pairwise_definition() {
        // Seed 3. The `krippendorff` Python package (0.9.0, interval) on the same data (printed
        // by `print_simulated_marking`): α = 0.9206936675; on r6's 28 units 0.875128.
        let (u, finals) = simulated_marking(3);
        let alpha = alpha_interval(&u).unwrap();
        assert!((alpha - alpha_by_pairs(&u).unwrap()).abs() < 1e-12);
        assert!((alpha - 0.9206936675).abs() < 1e-10, "{alpha}");
        let stats = raters(&u, &finals, 20.0, 0.1);
        assert_eq!(stats.len(), 7);
        assert_eq!(stats[6].scripts, 28);
        assert!((stats[6].alpha.unwrap() - 0.875128).abs() < 1e-6);
        assert_eq!(stats.iter().map(|s| s.scripts).sum::<usize>(), 180);
        for s in &stats {
            let theirs: Vec<_> = u
                .iter()
                .filter(|unit| unit.iter().any(|(r, _)| *r == s.rater))
                .cloned()
                .collect();
            assert_eq!(s.scripts, theirs.len());
            assert!((s.alpha.unwrap() - alpha_by_pairs(&theirs).unwrap()).abs() < 1e-12);
            let deviations: Vec<f64> = u
                .iter()
                .zip(&finals)
                .flat_map(|(unit, f)| {
                    let f = f.unwrap();
                    unit.iter()
                        .filter(|(r, _)| *r == s.rater)
                        .map(move |(_, v)| v - f)
                })
                .collect();
            let n = deviations.len() as f64;
            let msd = deviations.iter().sum::<f64>() / n;
            assert!((s.mean_signed_deviation.unwrap() - msd).abs() < 1e-12);
            // Only r6, 4 points lenient, strays beyond 10 % of the range (2 points).
            assert_eq!(s.strays, s.rater == "r6", "{s:?}");
        }
    }

    /// Prints the simulated marking as JSON, for a cross-check outside Rust:
    /// `cargo test --lib print_simulated_marking -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_simulated_marking() {
        println!("{}", serde_json::json!(simulated_marking(3).0));
    }

    fn arbitrary_units() -> impl Strategy<Value = Vec<Vec<(&'static str, f64)>>> {
        let value = prop_oneof![any::<f64>(), -10.0f64..10.0, Just(0.0)];
        let pair = (prop::sample::select(vec!["A", "B", "C", "D"]), value);
        prop::collection::vec(prop::collection::vec(pair, 0..5), 0..12)
    }

    /// Units of 1–4 integer values in [0, 10] (raters are irrelevant to α).
    fn integer_units() -> impl Strategy<Value = Vec<Vec<(&'static str, f64)>>> {
        let unit = prop::collection::vec((Just("R"), (0..=10).prop_map(f64::from)), 1..5);
        prop::collection::vec(unit, 1..15)
    }

    proptest! {
        #[test]
        fn never_panics(
            u in arbitrary_units(),
            finals in prop::collection::vec(prop::option::of(any::<f64>()), 0..12),
            range in any::<f64>(),
            fraction in any::<f64>(),
        ) {
            prop_assert!(alpha_interval(&u).is_none_or(|a| a <= 1.0));
            for s in raters(&u, &finals, range, fraction) {
                prop_assert!(s.alpha.is_none_or(|a| a <= 1.0));
                prop_assert!(s.mean_absolute_deviation.is_none_or(|d| d >= 0.0));
            }
        }

        #[test]
        fn agreement_on_varying_units_is_perfect(
            values in prop::collection::vec((0..=10).prop_map(f64::from), 2..10),
            sizes in prop::collection::vec(2usize..5, 10),
        ) {
            prop_assume!(values.iter().any(|v| *v != values[0]));
            let u: Vec<Vec<(&str, f64)>> = values
                .iter()
                .zip(&sizes)
                .map(|(&v, &m)| vec![("R", v); m])
                .collect();
            prop_assert_eq!(alpha_interval(&u), Some(1.0));
        }

        #[test]
        fn invariant_under_affine_transforms(
            u in integer_units(),
            scale in 0.1f64..10.0,
            negative in any::<bool>(),
            shift in -1000.0f64..1000.0,
        ) {
            let a = if negative { -scale } else { scale };
            let moved: Vec<Vec<(&str, f64)>> = u
                .iter()
                .map(|unit| unit.iter().map(|&(r, v)| (r, a * v + shift)).collect())
                .collect();
            match (alpha_interval(&u), alpha_interval(&moved)) {
                (None, None) => {}
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9, "{} vs {}", x, y),
                other => prop_assert!(false, "{:?}", other),
            }
            if let Some(x) = alpha_interval(&u) {
                prop_assert!((x - alpha_by_pairs(&u).unwrap()).abs() < 1e-9);
            }
        }
    }
}
