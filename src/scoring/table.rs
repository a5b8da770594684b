//! `table` (表格): `{"cells": {key: number}}`. A cell is right when |answer − gold| ≤
//! `params.tolerance` (default 0, with an allowance of a few ulps for decimal rounding); an empty
//! (missing or null) cell is wrong. Score = correct ÷ total.

use serde_json::Value;

use super::detection::Graded;
use super::feedback::Feedback;
use super::input::{ANSWER, MAX_ITEMS, Path, R, TASK, TASK_ROOT, TaskCtx, quote};
use super::{CountMetrics, Metrics};

/// True when `got` is within `tol` of `expected`, allowing for binary rounding of decimals
/// (|1.3 − 1.2| = 0.10000000000000009 is within 0.1).
pub(crate) fn within(expected: f64, got: f64, tol: f64) -> bool {
    let slack = 8.0 * f64::EPSILON * expected.abs().max(got.abs()).max(tol).max(1.0);
    (got - expected).abs() <= tol + slack
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let tol = ctx.params.non_negative("tolerance", 0.0)?;
    let gp = TASK_ROOT.key("gold");
    let go = TASK.obj(ctx.gold()?, &gp)?;
    let cp = gp.key("cells");
    let gc = TASK.obj(TASK.field(go, "cells", &gp)?, &cp)?;
    if gc.is_empty() {
        return Err(TASK.fail(&cp, "input_error.empty"));
    }
    if gc.len() > MAX_ITEMS {
        return Err(TASK
            .fail(&cp, "input_error.too_many_cells")
            .arg("n", gc.len())
            .arg("max", MAX_ITEMS));
    }
    let mut gold: Vec<(&str, f64)> = Vec::with_capacity(gc.len());
    for (k, v) in gc {
        gold.push((k.as_str(), TASK.num(v, &cp.key(k))?));
    }
    if let Some(fields) = ctx.obj.get("fields").filter(|f| !f.is_null()) {
        let fp = TASK_ROOT.key("fields");
        let l = TASK.list_max(fields, &fp, MAX_ITEMS)?;
        let mut keys: Vec<&str> = Vec::with_capacity(l.len());
        for (i, f) in l.iter().enumerate() {
            let ip = fp.at(i);
            let o = TASK.obj(f, &ip)?;
            let k = TASK.name(TASK.field(o, "key", &ip)?, &ip.key("key"))?;
            if keys.contains(&k) {
                return Err(TASK
                    .fail(&ip.key("key"), "input_error.duplicate_key")
                    .arg("key", quote(k)));
            }
            if !gc.contains_key(k) {
                return Err(TASK
                    .fail(&cp, "input_error.field_without_gold")
                    .arg("key", quote(k)));
            }
            keys.push(k);
        }
        for (k, _) in &gold {
            if !keys.contains(k) {
                return Err(TASK
                    .fail(&cp.key(k), "input_error.not_a_field")
                    .arg("key", quote(k)));
            }
        }
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ap = Path::root("answer");
    let ao = ANSWER.obj(answer, &ap)?;
    let acp = ap.key("cells");
    let ac = ANSWER.obj(ANSWER.field(ao, "cells", &ap)?, &acp)?;
    for (k, v) in ac {
        if !gc.contains_key(k) {
            return Err(ANSWER
                .fail(&acp.key(k), "input_error.unknown_cell")
                .arg("key", quote(k)));
        }
        if !v.is_null() {
            ANSWER.num(v, &acp.key(k))?;
        }
    }
    let mut correct = 0;
    let mut fb = Vec::new();
    for (k, expected) in &gold {
        let got = ac.get(*k).and_then(|v| v.as_f64());
        match got {
            Some(x) if within(*expected, x, tol) => correct += 1,
            _ => fb.push(Feedback::WrongCell {
                key: k.to_string(),
                expected: *expected,
                got,
                tolerance: tol,
            }),
        }
    }
    let total = gold.len();
    Ok(Some(Graded {
        score: correct as f64 / total as f64,
        metrics: Metrics::Count(CountMetrics { correct, total }),
        matches: Vec::new(),
        feedback: fb,
    }))
}

#[cfg(test)]
mod tests {
    use super::within;
    use crate::scoring::{Feedback, score};
    use serde_json::json;

    #[test]
    fn hand_computed() {
        let t = json!({"kind": "table", "fields": [{"key": "cars", "label": "小汽车数量"}, {"key": "buses"}, {"key": "people"}],
                       "gold": {"cells": {"cars": 12, "buses": 3, "people": 7}}});
        // cars right, buses 4 ≠ 3, people empty: 1/3.
        let r = score(
            &t,
            &json!({"cells": {"cars": 12.0, "buses": 4, "people": null}}),
        )
        .unwrap();
        assert!((r.score - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            serde_json::to_value(&r.metrics).unwrap(),
            json!({"correct": 1, "total": 3})
        );
        assert_eq!(
            r.feedback[0],
            Feedback::WrongCell {
                key: "buses".into(),
                expected: 3.0,
                got: Some(4.0),
                tolerance: 0.0
            }
        );
        assert_eq!(
            r.feedback[1],
            Feedback::WrongCell {
                key: "people".into(),
                expected: 7.0,
                got: None,
                tolerance: 0.0
            }
        );
        // Tolerance 1: buses 4 is within 1 of 3 → 2/3.
        let mut t1 = t.clone();
        t1["params"] = json!({"tolerance": 1});
        assert!(
            (score(&t1, &json!({"cells": {"cars": 12, "buses": 4}}))
                .unwrap()
                .score
                - 2.0 / 3.0)
                .abs()
                < 1e-12
        );
    }

    #[test]
    fn decimal_rounding_and_errors() {
        assert!(within(1.2, 1.3, 0.1));
        assert!(!within(1.2, 1.31, 0.1));
        assert!(within(3.0, 3.0, 0.0));
        assert!(!within(3.0, 3.0000001, 0.0));
        assert!(!within(1e12, 1e12 + 1.0, 0.0));
        assert!(!within(1e308, -1e308, 0.0));
        let t = json!({"kind": "table", "gold": {"cells": {"a": 1}}});
        assert_eq!(
            score(&t, &json!({"cells": {"b": 1}}))
                .unwrap_err()
                .to_string(),
            "answer.cells.b: unknown cell \"b\""
        );
        assert_eq!(
            score(&t, &json!({"cells": {"a": "1"}}))
                .unwrap_err()
                .to_string(),
            "answer.cells.a: expected a number, got the string \"1\""
        );
    }
}
