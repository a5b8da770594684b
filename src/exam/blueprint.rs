//! 组卷 — paper assembly, pure: a level's exam definition in the curriculum (the paper's shape
//! and the weight table) is a [`Blueprint`]; [`assemble`] draws a paper from a pool of items
//! for one candidate, seeded so that the same (session, candidate) rebuilds the same paper.
//!
//! The draw is a maximum matching of items to the paper's cells (kind × function), taken in a
//! seeded order with the items the candidate has not seen first: it fills every cell whenever
//! the pool can (at most one item per near-duplicate group, across the whole paper), prefers
//! unseen items while the pool allows, and otherwise names each short cell and by how many.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::curriculum::{Component, LevelSpec};
use crate::scenes::rng::Rng;

/// `kind` of a skill part: any practical kind the exam presents.
pub const PRACTICAL: &str = "practical";

/// Points of each question of a part.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Points {
    /// Fixed per item (theory: 0.5 or 1 point).
    Each(f64),
    /// The function's share of the skill weight table, split over its tasks (按技能比重表分配分值).
    ByWeight,
}

/// One part of a paper: `count` items of `kind`.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// A theory kind (`true_false`, `single_choice`, `multi_choice`) or [`PRACTICAL`].
    pub kind: String,
    pub count: u32,
    pub points: Points,
}

/// 试卷结构: what a paper of a level's component asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Blueprint {
    pub component: Component,
    pub parts: Vec<Part>,
    /// Percent per function code (the theory or skill weight table).
    pub weights: BTreeMap<String, u32>,
    pub minutes: u32,
}

impl Blueprint {
    /// The blueprint of a level's theory paper or skill exam; `None` for a component the level
    /// has no paper for (综合评审 has none: the panel reviews the candidate instead).
    pub fn of(level: &LevelSpec, component: Component) -> Option<Blueprint> {
        let exam = level.exam(component)?;
        let (parts, weights) = match component {
            Component::Theory => (
                exam.paper
                    .as_ref()?
                    .parts
                    .iter()
                    .map(|p| Part {
                        kind: p.kind.as_str().to_string(),
                        count: p.count,
                        points: Points::Each(p.points),
                    })
                    .collect(),
                level.theory_weights.percent.clone(),
            ),
            Component::Skill => (
                vec![Part {
                    kind: PRACTICAL.to_string(),
                    count: exam.tasks.as_ref()?.count,
                    points: Points::ByWeight,
                }],
                level.skill_weights.percent.clone(),
            ),
            Component::Review => return None,
        };
        Some(Blueprint {
            component,
            parts,
            weights,
            minutes: exam.duration.minutes,
        })
    }

    /// The cells of the paper: (part index, function, how many), in part and function order.
    fn cells(&self) -> Vec<(usize, String, u32)> {
        let mut out = vec![];
        for (i, p) in self.parts.iter().enumerate() {
            for (f, n) in crate::bank::apportion(p.count, &self.weights) {
                if n > 0 {
                    out.push((i, f, n));
                }
            }
        }
        out
    }
}

/// An item that may be drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolItem {
    pub key: String,
    /// The current version: what the paper freezes.
    pub version: String,
    pub kind: String,
    pub function: String,
    pub group: Option<String>,
    /// Drawn before the others while its cells have room (a generated scene: a task unique to
    /// the candidate in every skill paper).
    pub first: bool,
}

/// One question of a drawn paper, in paper order.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    pub key: String,
    pub version: String,
    pub kind: String,
    pub function: String,
    pub points: f64,
}

/// A cell the pool cannot fill: `need` items of `kind` for `function`, only `got` drawable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Shortage {
    pub kind: String,
    pub function: String,
    pub need: u32,
    pub got: u32,
}

/// Whether `item` can serve a part of `kind`.
fn serves(kind: &str, item: &PoolItem) -> bool {
    if kind == PRACTICAL {
        !crate::scoring::Kind::parse(&item.kind).is_some_and(crate::scoring::Kind::is_theory)
    } else {
        item.kind == kind
    }
}

/// Draws the paper of `bp` from `pool` for one candidate: `seen` are the item keys of the
/// candidate's earlier exam papers, avoided while the pool allows; `seed` fixes every random
/// choice (the order of items within a part included). The pool's own order does not matter.
pub fn assemble(
    bp: &Blueprint,
    pool: &[PoolItem],
    seen: &BTreeSet<String>,
    seed: u64,
) -> Result<Vec<Drawn>, Vec<Shortage>> {
    let cells = bp.cells();
    let mut rng = Rng::new("paper", 0, seed);
    // Units: a near-duplicate group, or an item of none; each serves the cells its items fit.
    let mut sorted: Vec<&PoolItem> = pool.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    sorted.dedup_by(|a, b| a.key == b.key);
    let mut units: BTreeMap<String, Vec<&PoolItem>> = BTreeMap::new();
    for it in sorted {
        let unit = match &it.group {
            Some(g) => format!("g:{g}"),
            None => format!("i:{}", it.key),
        };
        units.entry(unit).or_default().push(it);
    }
    let mut units: Vec<Vec<&PoolItem>> = units.into_values().collect();
    rng.shuffle(&mut units);
    for u in &mut units {
        rng.shuffle(u);
    }
    // Unseen first (a unit is unseen when none of its items was seen), then the units to draw
    // first, then the seeded order.
    units.sort_by_key(|u| {
        (
            u.iter().any(|i| seen.contains(&i.key)),
            !u.iter().any(|i| i.first),
        )
    });
    let serve: Vec<BTreeSet<usize>> = units
        .iter()
        .map(|u| {
            cells
                .iter()
                .enumerate()
                .filter(|(_, (p, f, _))| {
                    u.iter()
                        .any(|i| &i.function == f && serves(&bp.parts[*p].kind, i))
                })
                .map(|(c, _)| c)
                .collect()
        })
        .collect();
    let caps: Vec<u32> = cells.iter().map(|c| c.2).collect();
    let assigned = crate::bank::match_units(&caps, &serve);
    let short: Vec<Shortage> = cells
        .iter()
        .zip(&assigned)
        .filter(|((_, _, need), got)| (got.len() as u32) < *need)
        .map(|((p, f, need), got)| Shortage {
            kind: bp.parts[*p].kind.clone(),
            function: f.clone(),
            need: *need,
            got: got.len() as u32,
        })
        .collect();
    if !short.is_empty() {
        return Err(short);
    }
    let mut paper = vec![];
    for (pi, part) in bp.parts.iter().enumerate() {
        let mut drawn: Vec<&PoolItem> = vec![];
        for (c, (p, f, _)) in cells.iter().enumerate() {
            if *p != pi {
                continue;
            }
            for &u in &assigned[c] {
                // The unit's first item (in its seeded order) that fits the cell.
                if let Some(it) = units[u]
                    .iter()
                    .find(|i| &i.function == f && serves(&part.kind, i))
                {
                    drawn.push(it);
                }
            }
        }
        // Cells come in function order: the candidate's own order of the part's questions.
        rng.shuffle(&mut drawn);
        let functions: Vec<&str> = drawn.iter().map(|i| i.function.as_str()).collect();
        let points = points(part.points, &functions, &bp.weights);
        paper.extend(drawn.into_iter().zip(points).map(|(it, points)| Drawn {
            key: it.key.clone(),
            version: it.version.clone(),
            kind: it.kind.clone(),
            function: it.function.clone(),
            points,
        }));
    }
    Ok(paper)
}

/// The points of each question of a part: fixed per item, or each function's share of the
/// weights split over its tasks, scaled so that the part totals 100 when a function with a
/// weight got no task (4 tasks cannot carry 5 functions).
/// `functions` are the questions' function codes, in paper order.
pub fn points(p: Points, functions: &[&str], weights: &BTreeMap<String, u32>) -> Vec<f64> {
    let per_function = |f: &str| functions.iter().filter(|t| **t == f).count().max(1);
    let raw: Vec<f64> = functions
        .iter()
        .map(|f| match p {
            Points::Each(p) => p,
            Points::ByWeight => {
                f64::from(weights.get(*f).copied().unwrap_or(0)) / per_function(f) as f64
            }
        })
        .collect();
    let total: f64 = raw.iter().sum();
    let scale = match p {
        Points::ByWeight if total > 0.0 => 100.0 / total,
        _ => 1.0,
    };
    raw.into_iter().map(|p| p * scale).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(key: &str, kind: &str, f: &str, g: Option<&str>) -> PoolItem {
        PoolItem {
            key: key.into(),
            version: format!("v-{key}"),
            kind: kind.into(),
            function: f.into(),
            group: g.map(str::to_string),
            first: false,
        }
    }

    fn bp(parts: Vec<Part>, weights: &[(&str, u32)]) -> Blueprint {
        Blueprint {
            component: Component::Theory,
            parts,
            weights: weights.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            minutes: 90,
        }
    }

    fn tf(count: u32) -> Part {
        Part {
            kind: "true_false".into(),
            count,
            points: Points::Each(1.0),
        }
    }

    fn keys(p: &[Drawn]) -> BTreeSet<&str> {
        p.iter().map(|d| d.key.as_str()).collect()
    }

    #[test]
    fn the_shipped_blueprints() {
        let c = crate::curriculum::shipped();
        let b = Blueprint::of(c.level(5).unwrap(), Component::Theory).unwrap();
        // 五级: 50 判断 + 150 单选 at 0.5 points = 100 points, 90 minutes.
        assert_eq!(b.parts.len(), 2);
        assert_eq!(b.parts.iter().map(|p| p.count).sum::<u32>(), 200);
        assert_eq!(b.minutes, 90);
        let s = Blueprint::of(c.level(5).unwrap(), Component::Skill).unwrap();
        assert_eq!(s.parts[0].kind, PRACTICAL);
        assert_eq!(s.parts[0].count, 4);
        assert!(Blueprint::of(c.level(2).unwrap(), Component::Review).is_none());
    }

    #[test]
    fn fills_each_cell_by_weight_and_one_per_group() {
        // 4 true/false over 1:50, 2:50 → 2 + 2. Function 1 has a group pair (a, b): one of them.
        let b = bp(vec![tf(4)], &[("1", 50), ("2", 50)]);
        let pool = vec![
            item("a", "true_false", "1", Some("g")),
            item("b", "true_false", "1", Some("g")),
            item("c", "true_false", "1", None),
            item("d", "true_false", "2", None),
            item("e", "true_false", "2", None),
            item("x", "single_choice", "1", None),
        ];
        let p = assemble(&b, &pool, &BTreeSet::new(), 7).unwrap();
        assert_eq!(p.len(), 4);
        let k = keys(&p);
        assert!(k.contains("c") && k.contains("d") && k.contains("e"));
        assert!(k.contains("a") ^ k.contains("b"));
        assert!(p.iter().all(|d| d.points == 1.0 && d.kind == "true_false"));
    }

    #[test]
    fn a_group_spanning_two_cells_is_used_once_and_placed_where_it_fits() {
        // Function 1 needs 1 and can only take group g's item "a"; function 2 needs 1 and has
        // g's "b" and the ungrouped "c". A greedy draw taking "b" for function 2 would leave
        // function 1 empty; the matching puts g in function 1 and "c" in function 2.
        let b = bp(vec![tf(2)], &[("1", 50), ("2", 50)]);
        let pool = vec![
            item("a", "true_false", "1", Some("g")),
            item("b", "true_false", "2", Some("g")),
            item("c", "true_false", "2", None),
        ];
        for seed in 0..20 {
            let p = assemble(&b, &pool, &BTreeSet::new(), seed).unwrap();
            assert_eq!(keys(&p), BTreeSet::from(["a", "c"]));
        }
    }

    #[test]
    fn names_each_short_cell() {
        // 10 single choice over 1:50, 2:50 → 5 + 5; function 2 has 3, function 1 has 6.
        let b = bp(
            vec![Part {
                kind: "single_choice".into(),
                count: 10,
                points: Points::Each(1.0),
            }],
            &[("1", 50), ("2", 50)],
        );
        let mut pool: Vec<PoolItem> = (0..6)
            .map(|i| item(&format!("a{i}"), "single_choice", "1", None))
            .collect();
        pool.extend((0..3).map(|i| item(&format!("b{i}"), "single_choice", "2", None)));
        assert_eq!(
            assemble(&b, &pool, &BTreeSet::new(), 1),
            Err(vec![Shortage {
                kind: "single_choice".into(),
                function: "2".into(),
                need: 5,
                got: 3,
            }])
        );
    }

    #[test]
    fn unseen_items_first_while_the_pool_allows() {
        // 2 items wanted from 4; a and b seen: c and d, whatever the seed.
        let b = bp(vec![tf(2)], &[("1", 100)]);
        let pool: Vec<PoolItem> = ["a", "b", "c", "d"]
            .iter()
            .map(|k| item(k, "true_false", "1", None))
            .collect();
        let seen: BTreeSet<String> = ["a".to_string(), "b".to_string()].into();
        for seed in 0..20 {
            let p = assemble(&b, &pool, &seen, seed).unwrap();
            assert_eq!(keys(&p), BTreeSet::from(["c", "d"]));
        }
        // 3 wanted: one seen item is needed, and allowed.
        let b3 = bp(vec![tf(3)], &[("1", 100)]);
        let p = assemble(&b3, &pool, &seen, 3).unwrap();
        assert!(keys(&p).is_superset(&BTreeSet::from(["c", "d"])));
    }

    #[test]
    fn skill_points_follow_the_weights() {
        // 4 tasks over 1:30, 2:50, 3:20 → apportion 1.2, 2, 0.8 → 1, 2, 1; points 30, 25, 25, 20.
        let b = Blueprint {
            component: Component::Skill,
            parts: vec![Part {
                kind: PRACTICAL.into(),
                count: 4,
                points: Points::ByWeight,
            }],
            weights: [("1", 30), ("2", 50), ("3", 20)]
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            minutes: 120,
        };
        let pool = vec![
            item("p1", "table", "1", None),
            item("p2", "boxes", "2", None),
            item("p3", "spans", "2", None),
            item("p4", "classify", "3", None),
            item("t1", "single_choice", "2", None), // theory never serves a practical part
        ];
        let p = assemble(&b, &pool, &BTreeSet::new(), 5).unwrap();
        let by: BTreeMap<&str, f64> = p.iter().map(|d| (d.key.as_str(), d.points)).collect();
        assert_eq!(by.len(), 4);
        assert_eq!(by["p1"], 30.0);
        assert_eq!(by["p2"], 25.0);
        assert_eq!(by["p3"], 25.0);
        assert_eq!(by["p4"], 20.0);
        // 2 tasks over the same weights → 1, 1, 0: 30 and 50 scale to 37.5 and 62.5.
        assert_eq!(
            points(Points::ByWeight, &["1", "2"], &b.weights),
            [37.5, 62.5]
        );
        // Theory: fixed points per item, never scaled.
        assert_eq!(
            points(Points::Each(0.5), &["1", "2"], &b.weights),
            [0.5, 0.5]
        );
    }

    #[test]
    fn units_to_draw_first_are_drawn_while_they_fit() {
        // 2 tasks of function 2; the scene unit (two kinds, one group) comes first: exactly one
        // scene, whatever the seed.
        let b = bp(
            vec![Part {
                kind: PRACTICAL.into(),
                count: 2,
                points: Points::ByWeight,
            }],
            &[("2", 100)],
        );
        let mut pool: Vec<PoolItem> = (0..6)
            .map(|i| item(&format!("b{i}"), "boxes", "2", None))
            .collect();
        for k in ["scene/street/5/9", "scene/text/5/9"] {
            pool.push(PoolItem {
                first: true,
                ..item(k, "boxes", "2", Some("scene"))
            });
        }
        for seed in 0..20 {
            let p = assemble(&b, &pool, &BTreeSet::new(), seed).unwrap();
            assert_eq!(p.iter().filter(|d| d.key.starts_with("scene/")).count(), 1);
        }
    }

    proptest! {
        /// Same seed, same paper; the paper fills its shape with distinct items, one per group,
        /// each of the right kind and function; the pool's order never matters.
        #[test]
        fn papers_are_exact_and_rebuildable(
            n in 1u32..12,
            items in proptest::collection::vec((0u8..3, 0u8..2, proptest::option::of(0u8..6)), 0..40),
            seed in any::<u64>(),
        ) {
            let b = bp(vec![tf(n)], &[("1", 60), ("2", 40)]);
            let pool: Vec<PoolItem> = items
                .iter()
                .enumerate()
                .map(|(i, (f, k, g))| item(
                    &format!("k{i}"),
                    if *k == 0 { "true_false" } else { "single_choice" },
                    &(f + 1).to_string(),
                    g.map(|g| format!("g{g}")).as_deref(),
                ))
                .collect();
            let first = assemble(&b, &pool, &BTreeSet::new(), seed);
            let mut reversed = pool.clone();
            reversed.reverse();
            prop_assert_eq!(&first, &assemble(&b, &reversed, &BTreeSet::new(), seed));
            if let Ok(p) = first {
                prop_assert_eq!(p.len() as u32, n);
                prop_assert_eq!(keys(&p).len(), p.len());
                let mut groups = BTreeSet::new();
                for d in &p {
                    let it = pool.iter().find(|i| i.key == d.key).unwrap();
                    prop_assert_eq!(&it.kind, "true_false");
                    prop_assert_eq!(&it.function, &d.function);
                    if let Some(g) = &it.group {
                        prop_assert!(groups.insert(g.clone()));
                    }
                }
            }
        }
    }
}
