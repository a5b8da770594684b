//! 阅卷 — examiner scoring of rubric items (评分细则题) in exams: pure rules.
//!
//! Each answered rubric question of an exam paper (a *script*) is scored independently by
//! [`markers_needed`] examiners of the session, criterion by criterion in whole points within
//! the item's bands, with a reason for every criterion scored below full. Examiners see a blind
//! code, never the candidate, and never another's marks until every assigned examiner has
//! submitted. The final score of a criterion is the **mean** of the examiners' points (see
//! docs/marking.md for why the mean and not the median); when the examiners' points on any
//! criterion spread by more than the session's limit, the script goes to the panel, where the
//! chief examiner records the agreed points with a reason, and that decision is final.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bank::Criterion;

/// The longest reason an examiner or the chief may write, in characters.
pub const MAX_REASON: usize = 1000;

/// The default spread limit: a script goes to the panel when, on some criterion, the highest
/// and lowest examiner differ by more than this fraction of the criterion's maximum.
pub const DEFAULT_SPREAD: f64 = 0.25;

/// One examiner's marks on a script, or the panel's agreed marks: points and reasons per
/// criterion id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    #[serde(default)]
    pub points: BTreeMap<String, f64>,
    #[serde(default)]
    pub reasons: BTreeMap<String, String>,
}

/// Why a mark is refused; `criterion` names the criterion concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    /// A criterion the item does not have.
    UnknownCriterion { criterion: String },
    /// Not whole points, or outside 0 ..= max.
    BadPoints { criterion: String },
    /// Submitted without points for this criterion.
    NotScored { criterion: String },
    /// Below full points without a reason (on submission).
    ReasonMissing { criterion: String },
    /// A reason longer than [`MAX_REASON`] or with control characters.
    BadReason { criterion: String },
}

impl Problem {
    pub fn criterion(&self) -> &str {
        match self {
            Problem::UnknownCriterion { criterion }
            | Problem::BadPoints { criterion }
            | Problem::NotScored { criterion }
            | Problem::ReasonMissing { criterion }
            | Problem::BadReason { criterion } => criterion,
        }
    }

    /// The locale key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            Problem::UnknownCriterion { .. } => "marking.unknown_criterion",
            Problem::BadPoints { .. } => "marking.bad_points",
            Problem::NotScored { .. } => "marking.not_scored",
            Problem::ReasonMissing { .. } => "marking.reason_missing",
            Problem::BadReason { .. } => "marking.bad_reason",
        }
    }
}

/// Checks a mark against the criteria: a draft (`complete == false`) may leave criteria and
/// reasons out; a submitted mark scores every criterion and gives a reason below full points.
/// Reasons are trimmed and empty ones dropped. Returns every problem found, in criteria order.
pub fn check(criteria: &[Criterion], mark: &Mark, complete: bool) -> Result<Mark, Vec<Problem>> {
    let mut problems = vec![];
    for id in mark.points.keys().chain(mark.reasons.keys()) {
        if !criteria.iter().any(|c| &c.id == id)
            && !problems
                .iter()
                .any(|p: &Problem| p.criterion() == id.as_str())
        {
            problems.push(Problem::UnknownCriterion {
                criterion: id.clone(),
            });
        }
    }
    let mut clean = Mark::default();
    for c in criteria {
        let criterion = || c.id.clone();
        let reason = mark
            .reasons
            .get(&c.id)
            .map(|r| r.trim())
            .filter(|r| !r.is_empty());
        if let Some(r) = reason {
            if r.chars().count() > MAX_REASON
                || r.chars()
                    .any(|ch| ch.is_control() && ch != '\n' && ch != '\t')
                || r.chars().any(is_bidi_control)
            {
                problems.push(Problem::BadReason {
                    criterion: criterion(),
                });
            } else {
                clean.reasons.insert(c.id.clone(), r.to_string());
            }
        }
        match mark.points.get(&c.id) {
            Some(&p) if p.is_finite() && p.fract() == 0.0 && (0.0..=c.max).contains(&p) => {
                clean.points.insert(c.id.clone(), p);
                if complete && p < c.max && reason.is_none() {
                    problems.push(Problem::ReasonMissing {
                        criterion: criterion(),
                    });
                }
            }
            Some(_) => problems.push(Problem::BadPoints {
                criterion: criterion(),
            }),
            None if complete => problems.push(Problem::NotScored {
                criterion: criterion(),
            }),
            None => {}
        }
    }
    if problems.is_empty() {
        Ok(clean)
    } else {
        Err(problems)
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// How many examiners score each script: the staffing rule's minimum of the component, made
/// odd and at least 3.
pub fn markers_needed(min_staff: usize) -> usize {
    let n = min_staff.max(3);
    if n.is_multiple_of(2) { n + 1 } else { n }
}

/// One criterion of a script whose marks are all in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionOutcome {
    pub id: String,
    pub max: f64,
    /// The examiners' points, in the order of the marks given.
    pub points: Vec<f64>,
    pub mean: f64,
    /// Highest minus lowest.
    pub spread: f64,
    /// The spread is above the limit: the panel decides.
    pub flagged: bool,
}

/// Where a script stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// Waiting for marks: `done` of `needed` submitted.
    Marking { done: usize, needed: usize },
    /// Every mark is in, some criterion spreads too far, and the panel has not decided.
    Panel { criteria: Vec<CriterionOutcome> },
    /// The final points (sum over criteria) of `max`, from the mean or the panel.
    Final {
        points: f64,
        max: f64,
        by_panel: bool,
        criteria: Vec<CriterionOutcome>,
    },
}

impl Status {
    pub fn is_final(&self) -> bool {
        matches!(self, Status::Final { .. })
    }

    /// The score as a fraction of the item's points, once final.
    pub fn fraction(&self) -> Option<f64> {
        match self {
            Status::Final { points, max, .. } if *max > 0.0 => Some(points / max),
            _ => None,
        }
    }
}

/// The state of a script from its submitted marks (`needed` of them are wanted), the panel's
/// decision if any, and the spread limit as a fraction of each criterion's maximum.
pub fn status(
    criteria: &[Criterion],
    submitted: &[&Mark],
    needed: usize,
    panel: Option<&Mark>,
    spread_limit: f64,
) -> Status {
    if submitted.len() < needed {
        return Status::Marking {
            done: submitted.len(),
            needed,
        };
    }
    let outcomes: Vec<CriterionOutcome> = criteria
        .iter()
        .map(|c| {
            let points: Vec<f64> = submitted
                .iter()
                .map(|m| m.points.get(&c.id).copied().unwrap_or(0.0))
                .collect();
            let n = points.len().max(1) as f64;
            let mean = points.iter().sum::<f64>() / n;
            let hi = points.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lo = points.iter().copied().fold(f64::INFINITY, f64::min);
            let spread = if points.is_empty() { 0.0 } else { hi - lo };
            CriterionOutcome {
                id: c.id.clone(),
                max: c.max,
                points,
                mean,
                spread,
                flagged: spread > spread_limit * c.max + 1e-9,
            }
        })
        .collect();
    let max: f64 = criteria.iter().map(|c| c.max).sum();
    if let Some(p) = panel {
        let points = criteria
            .iter()
            .map(|c| p.points.get(&c.id).copied().unwrap_or(0.0))
            .sum();
        return Status::Final {
            points,
            max,
            by_panel: true,
            criteria: outcomes,
        };
    }
    if outcomes.iter().any(|o| o.flagged) {
        return Status::Panel { criteria: outcomes };
    }
    Status::Final {
        points: outcomes.iter().map(|o| o.mean).sum(),
        max,
        by_panel: false,
        criteria: outcomes,
    }
}

/// Chooses the examiners to add to a script that has `assigned` already: the least loaded of
/// `examiners` not yet on it (load = scripts assigned in the session), ties broken by a hash of
/// (script, examiner) so that equal loads do not always fall on the same person.
pub fn pick(
    examiners: &[String],
    load: &BTreeMap<String, usize>,
    assigned: &[String],
    needed: usize,
    script: &str,
) -> Vec<String> {
    let missing = needed.saturating_sub(assigned.len());
    let mut free: Vec<&String> = examiners.iter().filter(|e| !assigned.contains(e)).collect();
    free.sort_by_key(|e| (load.get(*e).copied().unwrap_or(0), tie(script, e)));
    free.dedup();
    free.into_iter().take(missing).cloned().collect()
}

fn tie(script: &str, examiner: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(format!("{script}\u{0}{examiner}").as_bytes());
    u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// The blind code examiners see instead of the candidate: a keyed hash of the script, so it
/// names nobody and differs between one candidate's scripts (no halo from one answer to the
/// next). `XXXX-XXXX` in hex capitals.
pub fn blind_code(secret: &[u8], script: &str) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"annocert-blind-code:");
    mac.update(script.as_bytes());
    let h = hex::encode_upper(&mac.finalize().into_bytes()[..4]);
    format!("{}-{}", &h[..4], &h[4..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Band, Criterion};
    use proptest::prelude::*;

    fn crit(id: &str, max: f64) -> Criterion {
        Criterion {
            id: id.into(),
            text: id.into(),
            max,
            guide: String::new(),
            bands: vec![
                Band {
                    min: 0.0,
                    max: 0.0,
                    text: "无".into(),
                },
                Band {
                    min: 1.0,
                    max,
                    text: "有".into(),
                },
            ],
        }
    }

    fn mark(points: &[(&str, f64)], reasons: &[(&str, &str)]) -> Mark {
        Mark {
            points: points.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            reasons: reasons
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn checks_points_and_reasons() {
        let c = [crit("c1", 10.0), crit("c2", 4.0)];
        // A draft may be partial; whole points within range only.
        assert!(check(&c, &mark(&[("c1", 7.0)], &[]), false).is_ok());
        assert_eq!(
            check(&c, &mark(&[("c1", 7.5), ("c9", 1.0)], &[]), false).unwrap_err(),
            vec![
                Problem::UnknownCriterion {
                    criterion: "c9".into()
                },
                Problem::BadPoints {
                    criterion: "c1".into()
                }
            ]
        );
        assert!(check(&c, &mark(&[("c1", 11.0)], &[]), false).is_err());
        assert!(check(&c, &mark(&[("c1", -1.0)], &[]), false).is_err());
        assert!(check(&c, &mark(&[("c1", f64::NAN)], &[]), false).is_err());
        // Submitted: everything scored, a reason below full (full needs none).
        assert_eq!(
            check(&c, &mark(&[("c1", 7.0)], &[]), true).unwrap_err(),
            vec![
                Problem::ReasonMissing {
                    criterion: "c1".into()
                },
                Problem::NotScored {
                    criterion: "c2".into()
                }
            ]
        );
        let ok = check(
            &c,
            &mark(
                &[("c1", 7.0), ("c2", 4.0)],
                &[("c1", "  缺少工期测算 "), ("c2", " ")],
            ),
            true,
        )
        .unwrap();
        assert_eq!(
            ok.reasons.len(),
            1,
            "reasons are trimmed, empty ones dropped"
        );
        assert_eq!(ok.reasons["c1"], "缺少工期测算");
        assert!(
            check(
                &c,
                &mark(&[("c1", 7.0), ("c2", 4.0)], &[("c1", "a\u{202E}b")]),
                true
            )
            .is_err()
        );
    }

    #[test]
    fn markers_are_odd_and_at_least_three() {
        assert_eq!(markers_needed(0), 3);
        assert_eq!(markers_needed(3), 3);
        assert_eq!(markers_needed(4), 5);
        assert_eq!(markers_needed(5), 5);
    }

    #[test]
    fn mean_spread_and_panel() {
        let c = [crit("c1", 20.0), crit("c2", 10.0)];
        let a = mark(&[("c1", 16.0), ("c2", 8.0)], &[]);
        let b = mark(&[("c1", 18.0), ("c2", 6.0)], &[]);
        let d = mark(&[("c1", 17.0), ("c2", 7.0)], &[]);
        assert_eq!(
            status(&c, &[&a, &b], 3, None, 0.25),
            Status::Marking { done: 2, needed: 3 }
        );
        // c1: mean (16 + 18 + 17) / 3 = 17, spread 2 ≤ 0.25 × 20 = 5;
        // c2: mean (8 + 6 + 7) / 3 = 7, spread 2 ≤ 2.5. Final 17 + 7 = 24 of 30.
        let s = status(&c, &[&a, &b, &d], 3, None, 0.25);
        let Status::Final {
            points,
            max,
            by_panel,
            ..
        } = s
        else {
            panic!("{s:?}")
        };
        assert!((points - 24.0).abs() < 1e-12 && max == 30.0 && !by_panel);
        assert!((s_fraction(&c, &[&a, &b, &d]) - 0.8).abs() < 1e-12);
        // c2 at 3 instead of 7: spread 8 − 3 = 5 > 2.5: the panel decides.
        let d2 = mark(&[("c1", 17.0), ("c2", 3.0)], &[]);
        let s = status(&c, &[&a, &b, &d2], 3, None, 0.25);
        let Status::Panel { criteria } = &s else {
            panic!("{s:?}")
        };
        assert_eq!(
            criteria.iter().map(|o| o.flagged).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(s.fraction(), None);
        // The panel's agreed points are final: 17 + 6 = 23.
        let panel = mark(&[("c1", 17.0), ("c2", 6.0)], &[("c2", "合议")]);
        let s = status(&c, &[&a, &b, &d2], 3, Some(&panel), 0.25);
        assert!(matches!(s, Status::Final { points, by_panel: true, .. } if points == 23.0));
    }

    fn s_fraction(c: &[Criterion], marks: &[&Mark]) -> f64 {
        status(c, marks, marks.len(), None, 1.0).fraction().unwrap()
    }

    #[test]
    fn pick_balances_load() {
        let ex: Vec<String> = ["e1", "e2", "e3", "e4"].map(String::from).to_vec();
        let load = BTreeMap::from([("e1".to_string(), 5), ("e2".to_string(), 1)]);
        let got = pick(&ex, &load, &["e3".to_string()], 3, "s1");
        assert_eq!(got.len(), 2);
        assert!(got.contains(&"e4".to_string()) && got.contains(&"e2".to_string()));
        assert!(pick(&ex, &load, &ex, 3, "s1").is_empty());
        // Fewer examiners than needed: all of them, no repeats.
        assert_eq!(pick(&ex[..2], &BTreeMap::new(), &[], 3, "s").len(), 2);
    }

    #[test]
    fn blind_codes_differ_per_script() {
        let a = blind_code(b"k", "s1");
        assert_eq!(a.len(), 9);
        assert_eq!(a, blind_code(b"k", "s1"));
        assert_ne!(a, blind_code(b"k", "s2"));
        assert_ne!(a, blind_code(b"other", "s1"));
    }

    proptest! {
        #[test]
        fn final_is_within_range(
            pts in proptest::collection::vec((0u8..=20, 0u8..=10), 1..6),
            limit in 0.0f64..1.0,
        ) {
            let c = [crit("c1", 20.0), crit("c2", 10.0)];
            let marks: Vec<Mark> = pts
                .iter()
                .map(|(a, b)| mark(&[("c1", f64::from(*a)), ("c2", f64::from(*b))], &[]))
                .collect();
            let refs: Vec<&Mark> = marks.iter().collect();
            match status(&c, &refs, refs.len(), None, limit) {
                Status::Final { points, max, .. } => {
                    prop_assert!((0.0..=max).contains(&points));
                }
                Status::Panel { criteria } => prop_assert!(criteria.iter().any(|o| o.flagged)),
                Status::Marking { .. } => prop_assert!(false),
            }
        }

        #[test]
        fn check_never_panics(points in proptest::collection::btree_map("[a-z0-9]{1,3}", proptest::num::f64::ANY, 0..5)) {
            let c = [crit("c1", 20.0)];
            let m = Mark { points, reasons: BTreeMap::new() };
            let _ = check(&c, &m, true);
        }
    }
}
