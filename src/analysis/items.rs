//! Classical item analysis (经典试题分析) of one paper: how easy each item was, whether it
//! separates the stronger candidates from the weaker, and how its options drew choices.
//!
//! The input is a response matrix of first attempts: one row per person, one cell per item of the
//! paper, `None` where the item was not on that person's paper (drawn from a pool) — such cells are
//! skipped, never counted as 0. The analysis of an item uses the persons who answered it.

use serde::Serialize;

use super::{mean, pearson};

/// The share of the persons who answered an item that make up each of its upper and lower groups
/// (Kelley's 27 %: the split that makes the two groups most different while still large).
pub const GROUP_FRACTION: f64 = 0.27;
/// Option flags ([`Flags::never_chosen`], [`Flags::strong_pick_distractor`]) need this many
/// persons: with fewer, a distractor nobody chose, or one stronger candidate's slip, is chance.
pub const MIN_N_FOR_OPTION_FLAGS: usize = 20;
/// Below this many answers an item's p and r say too little to flag it (one candidate makes an
/// item "too hard"): no flag at all.
pub const MIN_N_FOR_FLAGS: usize = 10;
/// Discrimination below this (but not negative) is low: the usual rule of thumb (Ebel) calls
/// r < 0.2 poor, an item to revise or drop.
pub const LOW_DISCRIMINATION: f64 = 0.2;
/// Facility above this: nearly everyone scores; the item tells candidates apart hardly at all.
pub const TOO_EASY: f64 = 0.95;
/// Facility below this: nearly nobody scores; often a wrong key or an unclear stem.
pub const TOO_HARD: f64 = 0.05;

/// One person's answer to one item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Response {
    /// The fraction of the item's points scored, in [0, 1] (0 or 1 for a dichotomous item).
    /// Finite values outside [0, 1] are clamped; a non-finite score makes the cell missing.
    pub score: f64,
    /// The options chosen, as indices in the bank's order (not the shuffled letters the person
    /// saw). Empty for an omitted answer or a non-choice item; indices ≥ [`Item::options`] and
    /// repeats are ignored.
    pub chosen: Vec<usize>,
}

/// An item of the paper.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// The item's points on the paper; what its score fraction is weighted by in totals. A
    /// non-finite or negative value counts as 0.
    pub points: f64,
    /// The correct options (bank indices); several for a multiple-answer item.
    pub key: Vec<usize>,
    /// The number of options; 0 for a non-choice item.
    pub options: usize,
}

/// The analysis of one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    /// Persons who answered the item (cells that are present with a finite score).
    pub n: usize,
    /// Facility p = mean score fraction of the n persons, in [0, 1]; for a dichotomous item the
    /// share who got it right. `None` when n = 0.
    pub facility: Option<f64>,
    /// Discrimination: the corrected item–rest point-biserial, Pearson's r between the item's
    /// score fraction and the rest score (the points scored on the paper's OTHER items) over the
    /// n persons. "Corrected": the item is left out of the total it is correlated with, so it
    /// does not correlate with itself. `None` when n < 3 or either variable is constant.
    pub discrimination: Option<f64>,
    /// Size of each of the upper and lower groups: round([`GROUP_FRACTION`] · n) persons with
    /// the highest and the lowest rest scores (ties at a boundary go by order in the matrix).
    pub group_size: usize,
    /// Per option, in bank order; empty for a non-choice item.
    pub options: Vec<OptionCount>,
    pub flags: Flags,
}

/// How often an option was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionCount {
    /// The option's bank index.
    pub index: usize,
    /// Whether it is (one of) the key.
    pub key: bool,
    /// Persons who chose it, of the n who answered.
    pub chosen: usize,
    /// Of them, in the upper group.
    pub upper: usize,
    /// Of them, in the lower group.
    pub lower: usize,
}

/// What to look at in an item. Each flag is a reason to read the item again, not a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Flags {
    /// Distractors (non-key options) chosen by nobody, when n ≥ [`MIN_N_FOR_OPTION_FLAGS`]: they
    /// do not distract, and the item has fewer real options than it seems.
    pub never_chosen: Vec<usize>,
    /// Distractors that the upper group chose more often than the key (for a multiple-answer
    /// item: than its least chosen key option), or more often than the lower group did, when
    /// n ≥ [`MIN_N_FOR_OPTION_FLAGS`]: often a second defensible answer or a wrong key.
    pub strong_pick_distractor: Vec<usize>,
    /// r < 0: those who do worse on the rest of the paper do better on this item.
    pub negative_discrimination: bool,
    /// 0 ≤ r < [`LOW_DISCRIMINATION`].
    pub low_discrimination: bool,
    /// p > [`TOO_EASY`].
    pub too_easy: bool,
    /// p < [`TOO_HARD`].
    pub too_hard: bool,
}

/// Analyses every item of a paper: `responses[person][item]` answers `items[item]`. Rows shorter
/// than `items` are missing their last cells; cells beyond `items` are ignored.
pub fn analyse(items: &[Item], responses: &[Vec<Option<Response>>]) -> Vec<ItemStats> {
    let points: Vec<f64> = items.iter().map(|i| weight(i.points)).collect();
    let cell = |p: usize, i: usize| {
        let r = responses[p].get(i)?.as_ref()?;
        r.score.is_finite().then(|| (r.score.clamp(0.0, 1.0), r))
    };
    let totals: Vec<f64> = (0..responses.len())
        .map(|p| {
            (0..items.len())
                .filter_map(|i| Some(cell(p, i)?.0 * points[i]))
                .sum()
        })
        .collect();

    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            // (score fraction, rest score, response) of those who answered.
            let mut answered: Vec<_> = (0..responses.len())
                .filter_map(|p| {
                    let (score, r) = cell(p, i)?;
                    Some((score, totals[p] - score * points[i], r))
                })
                .collect();
            let scores: Vec<f64> = answered.iter().map(|a| a.0).collect();
            let rests: Vec<f64> = answered.iter().map(|a| a.1).collect();
            let n = answered.len();
            let facility = mean(&scores);
            let discrimination = pearson(&scores, &rests);

            answered.sort_by(|a, b| a.1.total_cmp(&b.1));
            let group_size = (GROUP_FRACTION * n as f64).round() as usize;
            let options = option_counts(item, &answered, group_size);
            let flags = flags(n, facility, discrimination, &options);
            ItemStats {
                n,
                facility,
                discrimination,
                group_size,
                options,
                flags,
            }
        })
        .collect()
}

/// An item's points as a weight: non-finite or negative points count as 0.
fn weight(points: f64) -> f64 {
    if points.is_finite() && points > 0.0 {
        points
    } else {
        0.0
    }
}

/// Choice counts per option; `answered` is sorted by rest score, ascending.
fn option_counts(
    item: &Item,
    answered: &[(f64, f64, &Response)],
    group_size: usize,
) -> Vec<OptionCount> {
    let mut counts: Vec<OptionCount> = (0..item.options)
        .map(|index| OptionCount {
            index,
            key: item.key.contains(&index),
            chosen: 0,
            upper: 0,
            lower: 0,
        })
        .collect();
    let n = answered.len();
    for (rank, (_, _, response)) in answered.iter().enumerate() {
        for (o, count) in counts.iter_mut().enumerate() {
            if response.chosen.contains(&o) {
                count.chosen += 1;
                count.lower += usize::from(rank < group_size);
                count.upper += usize::from(rank >= n - group_size);
            }
        }
    }
    counts
}

fn flags(
    n: usize,
    facility: Option<f64>,
    discrimination: Option<f64>,
    options: &[OptionCount],
) -> Flags {
    if n < MIN_N_FOR_FLAGS {
        return Flags::default();
    }
    let mut flags = Flags {
        negative_discrimination: discrimination.is_some_and(|r| r < 0.0),
        low_discrimination: discrimination.is_some_and(|r| (0.0..LOW_DISCRIMINATION).contains(&r)),
        too_easy: facility.is_some_and(|p| p > TOO_EASY),
        too_hard: facility.is_some_and(|p| p < TOO_HARD),
        ..Flags::default()
    };
    if n >= MIN_N_FOR_OPTION_FLAGS {
        let key_upper = options.iter().filter(|o| o.key).map(|o| o.upper).min();
        for d in options.iter().filter(|o| !o.key) {
            if d.chosen == 0 {
                flags.never_chosen.push(d.index);
            }
            if key_upper.is_some_and(|k| d.upper > k) || d.upper > d.lower {
                flags.strong_pick_distractor.push(d.index);
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sim;
    use proptest::prelude::*;

    fn right(score: f64) -> Option<Response> {
        Some(Response {
            score,
            chosen: vec![],
        })
    }

    fn choice(option: usize) -> Option<Response> {
        Some(Response {
            score: f64::from(u8::from(option == 0)),
            chosen: vec![option],
        })
    }

    /// Four one-point items; item 0 has four options, key 0.
    fn worked() -> (Vec<Item>, Vec<Vec<Option<Response>>>) {
        let mut items = vec![
            Item {
                points: 1.0,
                ..Item::default()
            };
            4
        ];
        items[0].key = vec![0];
        items[0].options = 4;
        let rows = [
            [1.0, 1.0, 1.0, 1.0],
            [1.0, 1.0, 1.0, 0.0],
            [1.0, 1.0, 0.0, 0.0],
        ];
        let mut responses: Vec<Vec<Option<Response>>> = rows
            .iter()
            .map(|r| vec![choice(0), right(r[1]), right(r[2]), right(r[3])])
            .collect();
        responses.push(vec![choice(0), right(0.0), right(1.0), right(0.0)]);
        responses.push(vec![choice(2), right(0.0), right(0.0), right(0.0)]);
        (items, responses)
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn worked_example() {
        // Persons × items, totals:      Item 0: rest = total − item = 3, 2, 1, 1, 0.
        //   P1  1 1 1 1  4              mean rest 1.4, deviations 1.6 .6 −.4 −.4 −1.4;
        //   P2  1 1 1 0  3              item mean .8, deviations .2 .2 .2 .2 −.8.
        //   P3  1 1 0 0  2              cov = (.32 + .12 − .08 − .08 + 1.12) / 5 = .28,
        //   P4  1 0 1 0  2              var rest = (2.56 + .36 + .16 + .16 + 1.96) / 5 = 1.04,
        //   P5  0 0 0 0  0              var item = .8 · .2 = .16; r = .28 / √(.16 · 1.04) = .6864.
        // Textbook: (M1 − M0) / s · √(pq) = (7/4 − 0) / √1.04 · √.16 = 1.75 · .4 / 1.0198 = .6864.
        // Item 1 (1 1 1 0 0): rest 3 2 1 2 0, mean 1.6, deviations 1.4 .4 −.6 .4 −1.6; item
        //   deviations .4 .4 .4 −.6 −.6: cov = (.56 + .16 − .24 − .24 + .96) / 5 = .24, var rest
        //   = (1.96 + .16 + .36 + .16 + 2.56) / 5 = 1.04, var item .24: r = √(.24 / 1.04) = .4804.
        // Item 2 (1 1 0 1 0): rest 3 2 2 1 0, the same figures mirrored: r = .4804.
        // Item 3 (1 0 0 0 0): rest 3 3 2 2 0, mean 2, deviations 1 1 0 0 −2; item .8 −.2 −.2 −.2
        //   −.2: cov = (.8 − .2 + .4) / 5 = .2, var rest 6 / 5 = 1.2, var item .16:
        //   r = .2 / √.192 = .4564.
        let (items, responses) = worked();
        let stats = analyse(&items, &responses);
        let expect = [
            (0.8, 0.28 / (0.16_f64 * 1.04).sqrt()),
            (0.6, (0.24_f64 / 1.04).sqrt()),
            (0.6, (0.24_f64 / 1.04).sqrt()),
            (0.2, 0.2 / 0.192_f64.sqrt()),
        ];
        for (s, (p, r)) in stats.iter().zip(expect) {
            assert_eq!(s.n, 5);
            assert!(close(s.facility, p), "{s:?}");
            assert!(close(s.discrimination, r), "{s:?}");
            // round(.27 · 5) = 1 person in each group; no flag: r ≥ .2, .05 ≤ p ≤ .95, n < 20.
            assert_eq!(s.group_size, 1);
            assert_eq!(s.flags, Flags::default());
        }
        assert!((stats[0].discrimination.unwrap() - 0.686406).abs() < 1e-6);
        // Item 0: the upper group is P1 (rest 3), the lower P5 (rest 0), who chose option 2.
        let counts: Vec<_> = stats[0]
            .options
            .iter()
            .map(|o| (o.key, o.chosen, o.upper, o.lower))
            .collect();
        let none = (false, 0, 0, 0);
        assert_eq!(counts, [(true, 4, 1, 0), none, (false, 1, 0, 1), none]);
        assert!(stats[1].options.is_empty());
    }

    #[test]
    fn missing_cells_are_skipped_not_zero() {
        let (items, mut responses) = worked();
        let five = analyse(&items, &responses);
        // P6 met only item 3 (and got it right); P7 met none of the items (an empty row).
        responses.push(vec![None, None, None, right(1.0)]);
        responses.push(vec![]);
        let seven = analyse(&items, &responses);
        assert_eq!(five[..3], seven[..3]);
        assert_eq!(seven[3].n, 6);
        assert!(close(seven[3].facility, 2.0 / 6.0));
        // Had P6 scored 0 on items 0–2 instead, they would count.
        responses[5] = vec![choice(1), right(0.0), right(0.0), right(1.0)];
        assert_eq!(analyse(&items, &responses)[0].n, 6);
    }

    #[test]
    fn flags() {
        // 20 persons; item 1 (20 points, score p / 19) orders them: person p has rest ≈ p on
        // item 0, so the lower group (round(.27 · 20) = 5) is persons 0–4, the upper 15–19.
        // Item 0 (key 0): person 0 chooses 2, persons 15–17 choose 1, the others the key; nobody
        // chooses 3. Item 2: only person 0 scores, p = 1/20 = .05, not below .05 (not too hard),
        // and r = −.41. Item 3: all but person 9 score, p = .95, not above (not too easy), and
        // r = .013 (numpy). Items 2 and 3 are worth .01 point so as not to reorder the groups.
        // Item 4: everyone scores.
        let items = vec![
            Item {
                points: 1.0,
                key: vec![0],
                options: 4,
            },
            Item {
                points: 20.0,
                ..Item::default()
            },
            Item {
                points: 0.01,
                ..Item::default()
            },
            Item {
                points: 0.01,
                ..Item::default()
            },
            Item {
                points: 1.0,
                ..Item::default()
            },
        ];
        let responses: Vec<Vec<Option<Response>>> = (0..20)
            .map(|p| {
                let option = match p {
                    0 => 2,
                    15..=17 => 1,
                    _ => 0,
                };
                vec![
                    choice(option),
                    right(p as f64 / 19.0),
                    right(f64::from(u8::from(p == 0))),
                    right(f64::from(u8::from(p != 9))),
                    right(1.0),
                ]
            })
            .collect();
        let stats = analyse(&items, &responses);
        let counts: Vec<_> = stats[0]
            .options
            .iter()
            .map(|o| (o.chosen, o.upper, o.lower))
            .collect();
        assert_eq!(counts, [(16, 2, 4), (3, 3, 0), (1, 0, 1), (0, 0, 0)]);
        assert_eq!(stats[0].flags.never_chosen, [3]);
        // Option 1: 3 of the upper group against the key's 2; option 2: 0 upper, 1 lower.
        assert_eq!(stats[0].flags.strong_pick_distractor, [1]);
        // The upper group's liking for option 1 costs the item its discrimination: r = −.217.
        assert!((stats[0].discrimination.unwrap() + 0.217).abs() < 1e-3);
        assert!(stats[0].flags.negative_discrimination);
        let f = &stats[2].flags;
        assert!(f.negative_discrimination && !f.low_discrimination && !f.too_hard);
        let f = &stats[3].flags;
        assert!(f.low_discrimination && !f.negative_discrimination && !f.too_easy);
        // Everyone scored item 4: too easy, and no discrimination (the item score is constant).
        assert!(stats[4].flags.too_easy && stats[4].discrimination.is_none());
        // With 19 persons there are too few for option flags.
        let stats = analyse(&items, &responses[1..]);
        assert!(stats[0].flags.never_chosen.is_empty());
        assert!(stats[0].flags.strong_pick_distractor.is_empty());
    }

    #[test]
    fn simulated_paper_matches_the_textbook_formulas() {
        // Seed 7: 200 persons × 30 items, 20 of them one-point choice items, 10 partial credit;
        // 10 % of the cells of the last five items are missing. numpy's corrcoef on the same data
        // (printed by `reliability::tests::print_simulated_papers`): r = 0.4866626441 for item 0,
        // 0.7959055457 for item 29 (partial credit, with missing cells).
        let (items, responses) = sim::paper(7, 200, 30, 20, true);
        let stats = analyse(&items, &responses);
        for (i, s) in stats.iter().enumerate() {
            // (score, rest) of those who answered; the rest summed afresh over the other items.
            let pairs: Vec<(f64, f64)> = responses
                .iter()
                .filter_map(|row| {
                    let x = row[i].as_ref()?.score;
                    let rest = (0..items.len())
                        .filter(|&j| j != i)
                        .filter_map(|j| Some(row[j].as_ref()?.score * items[j].points))
                        .sum();
                    Some((x, rest))
                })
                .collect();
            let n = pairs.len() as f64;
            assert_eq!(s.n, pairs.len());
            let rest_mean = pairs.iter().map(|p| p.1).sum::<f64>() / n;
            let s_rest = (pairs.iter().map(|p| (p.1 - rest_mean).powi(2)).sum::<f64>() / n).sqrt();
            let r = if i < 20 {
                // Point-biserial: (M1 − M0) / s · √(pq), M1 and M0 the mean rest of those
                // who got the item right and wrong, s the SD of the rest of all n.
                let (ones, zeros): (Vec<_>, Vec<_>) = pairs.iter().partition(|p| p.0 == 1.0);
                let m = |g: &[&(f64, f64)]| g.iter().map(|p| p.1).sum::<f64>() / g.len() as f64;
                let p = ones.len() as f64 / n;
                assert!(close(s.facility, p));
                (m(&ones) - m(&zeros)) / s_rest * (p * (1.0 - p)).sqrt()
            } else {
                // Pearson by raw sums: (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
                let sum = |f: &dyn Fn(&(f64, f64)) -> f64| pairs.iter().map(f).sum::<f64>();
                let (sx, sy) = (sum(&|p| p.0), sum(&|p| p.1));
                let (sxx, syy, sxy) = (
                    sum(&|p| p.0 * p.0),
                    sum(&|p| p.1 * p.1),
                    sum(&|p| p.0 * p.1),
                );
                (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy)).sqrt()
            };
            let d = s.discrimination.unwrap();
            assert!((d - r).abs() < 1e-9, "item {i}: {d} vs {r}");
            assert!(d > 0.2, "item {i}: {d}");
            if i < 20 {
                // Everyone chose one option; the groups have group_size persons each.
                let o = &s.options;
                assert_eq!(o.iter().map(|o| o.chosen).sum::<usize>(), s.n);
                assert_eq!(o.iter().map(|o| o.upper).sum::<usize>(), s.group_size);
                assert_eq!(o.iter().map(|o| o.lower).sum::<usize>(), s.group_size);
                assert!(close(s.facility, o[i % 4].chosen as f64 / n));
            }
        }
        assert!((stats[0].discrimination.unwrap() - 0.4866626441).abs() < 1e-10);
        assert!((stats[29].discrimination.unwrap() - 0.7959055457).abs() < 1e-10);
        assert_eq!(
            stats[29].group_size,
            (0.27 * stats[29].n as f64).round() as usize
        );
        assert!(stats[29].n < 200 && stats[0].n == 200);
    }

    proptest! {
        /// Whatever the input: no panic, p in [0, 1], r in [−1, 1], consistent counts.
        #[test]
        fn never_panics_and_stays_in_range((items, responses) in sim::arbitrary_paper()) {
            let stats = analyse(&items, &responses);
            prop_assert_eq!(stats.len(), items.len());
            for (s, item) in stats.iter().zip(&items) {
                prop_assert!(s.n <= responses.len());
                prop_assert!(s.facility.is_none_or(|p| (0.0..=1.0).contains(&p)));
                prop_assert!(s.discrimination.is_none_or(|r| (-1.0..=1.0).contains(&r)));
                prop_assert_eq!(s.options.len(), item.options);
                prop_assert!(2 * s.group_size <= s.n);
                for o in &s.options {
                    prop_assert!(o.chosen <= s.n && o.upper + o.lower <= o.chosen);
                    prop_assert!(o.upper <= s.group_size && o.lower <= s.group_size);
                }
            }
        }
    }
}
