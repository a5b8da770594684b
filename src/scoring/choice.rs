//! Theory kinds: `single_choice` (单选) `{"choice": "B"}`, `multi_choice` (多选)
//! `{"choices": ["A", "C"]}` and `true_false` (判断) `{"answer": true}`.
//! Option keys are A, B, C … by position in the task's `options` (when it has them).

use serde_json::Value;

use super::detection::Graded;
use super::feedback::Feedback;
use super::input::{ANSWER, In, Path, R, TASK, TASK_ROOT, TaskCtx, quote};
use super::{CountMetrics, Metrics};

/// The option keys A, B, C … of the task's `options`, or `None` when it has none.
fn option_keys(ctx: &TaskCtx<'_>) -> R<Option<Vec<String>>> {
    let Some(v) = ctx.obj.get("options").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let op = TASK_ROOT.key("options");
    let l = TASK.list_max(v, &op, 26)?;
    if l.len() < 2 {
        return Err(TASK
            .fail(&op, "input_error.too_few_options")
            .arg("n", l.len()));
    }
    for (i, o) in l.iter().enumerate() {
        TASK.name(o, &op.at(i))?;
    }
    Ok(Some(
        (0..l.len())
            .map(|i| char::from(b'A' + i as u8).to_string())
            .collect(),
    ))
}

fn key<'v>(r: In, v: &'v Value, p: &Path, keys: Option<&[String]>) -> R<&'v str> {
    let k = r.name(v, p)?;
    if let Some(keys) = keys
        && !keys.iter().any(|x| x == k)
    {
        return Err(r
            .fail(p, "input_error.not_an_option")
            .arg("key", quote(k))
            .arg("keys", keys.join(", ")));
    }
    Ok(k)
}

fn result(correct: bool, score: f64, fb: Option<Feedback>) -> Graded {
    Graded {
        score,
        metrics: Metrics::Count(CountMetrics {
            correct: usize::from(correct),
            total: 1,
        }),
        matches: Vec::new(),
        feedback: fb.into_iter().collect(),
    }
}

pub(crate) fn run_single(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let keys = option_keys(ctx)?;
    let gp = TASK_ROOT.key("gold");
    let go = TASK.obj(ctx.gold()?, &gp)?;
    let gold = key(
        TASK,
        TASK.field(go, "choice", &gp)?,
        &gp.key("choice"),
        keys.as_deref(),
    )?;
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ap = Path::root("answer");
    let ao = ANSWER.obj(answer, &ap)?;
    let got = match ANSWER.field(ao, "choice", &ap)? {
        Value::Null => None,
        v => Some(key(ANSWER, v, &ap.key("choice"), keys.as_deref())?),
    };
    let ok = got == Some(gold);
    let fb = (!ok).then(|| Feedback::WrongChoice {
        expected: vec![gold.to_string()],
        got: got.map(|g| vec![g.to_string()]).unwrap_or_default(),
    });
    Ok(Some(result(ok, if ok { 1.0 } else { 0.0 }, fb)))
}

fn key_list<'v>(r: In, v: &'v Value, p: &Path, keys: Option<&[String]>) -> R<Vec<&'v str>> {
    if r.side == super::Side::Answer && v.is_null() {
        return Ok(Vec::new());
    }
    let l = r.list_max(v, p, 26)?;
    let mut out: Vec<&str> = Vec::with_capacity(l.len());
    for (i, x) in l.iter().enumerate() {
        let k = key(r, x, &p.at(i), keys)?;
        if out.contains(&k) {
            return Err(r
                .fail(&p.at(i), "input_error.duplicate_choice")
                .arg("key", quote(k)));
        }
        out.push(k);
    }
    out.sort_unstable();
    Ok(out)
}

pub(crate) fn run_multi(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let partial = ctx.params.flag("partial", false)?;
    let keys = option_keys(ctx)?;
    let gp = TASK_ROOT.key("gold");
    let go = TASK.obj(ctx.gold()?, &gp)?;
    let cp = gp.key("choices");
    let gold = key_list(TASK, TASK.field(go, "choices", &gp)?, &cp, keys.as_deref())?;
    if gold.is_empty() {
        return Err(TASK.fail(&cp, "input_error.empty"));
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ap = Path::root("answer");
    let ao = ANSWER.obj(answer, &ap)?;
    let got = key_list(
        ANSWER,
        ANSWER.field(ao, "choices", &ap)?,
        &ap.key("choices"),
        keys.as_deref(),
    )?;
    let right = got.iter().filter(|k| gold.contains(k)).count();
    let wrong = got.len() - right;
    let ok = got == gold;
    let score = if ok {
        1.0
    } else if partial {
        ((right as f64 - wrong as f64) / gold.len() as f64).max(0.0)
    } else {
        0.0
    };
    let fb = (!ok).then(|| Feedback::WrongChoice {
        expected: gold.iter().map(|s| s.to_string()).collect(),
        got: got.iter().map(|s| s.to_string()).collect(),
    });
    Ok(Some(result(ok, score, fb)))
}

pub(crate) fn run_true_false(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let gp = TASK_ROOT.key("gold");
    let go = TASK.obj(ctx.gold()?, &gp)?;
    let gold = TASK.bool(TASK.field(go, "answer", &gp)?, &gp.key("answer"))?;
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ap = Path::root("answer");
    let ao = ANSWER.obj(answer, &ap)?;
    let got = match ANSWER.field(ao, "answer", &ap)? {
        Value::Null => None,
        v => Some(ANSWER.bool(v, &ap.key("answer"))?),
    };
    let ok = got == Some(gold);
    let fb = (!ok).then_some(Feedback::WrongTrueFalse {
        expected: gold,
        got,
    });
    Ok(Some(result(ok, if ok { 1.0 } else { 0.0 }, fb)))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, score, validate_task};
    use serde_json::json;

    #[test]
    fn single_choice() {
        let t = json!({"kind": "single_choice", "options": ["a", "b", "c", "d"], "gold": {"choice": "B"}});
        assert_eq!(score(&t, &json!({"choice": "B"})).unwrap().score, 1.0);
        let r = score(&t, &json!({"choice": "A"})).unwrap();
        assert_eq!(r.score, 0.0);
        assert_eq!(
            r.feedback,
            vec![Feedback::WrongChoice {
                expected: vec!["B".into()],
                got: vec!["A".into()]
            }]
        );
        let r = score(&t, &json!({"choice": null})).unwrap();
        assert_eq!(
            r.feedback,
            vec![Feedback::WrongChoice {
                expected: vec!["B".into()],
                got: vec![]
            }]
        );
        assert_eq!(
            score(&t, &json!({"choice": "E"})).unwrap_err().to_string(),
            "answer.choice: \"E\" is not an option (options: A, B, C, D)"
        );
        let bad = json!({"kind": "single_choice", "options": ["a", "b"], "gold": {"choice": "C"}});
        assert!(validate_task(&bad).unwrap_err().is_task_error());
    }

    #[test]
    fn multi_choice() {
        let t = json!({"kind": "multi_choice", "options": ["a", "b", "c", "d"], "gold": {"choices": ["A", "C"]}});
        // All-or-nothing: exact set (any order) 1, else 0.
        assert_eq!(
            score(&t, &json!({"choices": ["C", "A"]})).unwrap().score,
            1.0
        );
        assert_eq!(score(&t, &json!({"choices": ["A"]})).unwrap().score, 0.0);
        let mut p = t.clone();
        p["params"] = json!({"partial": true});
        // Partial: A (right) → (1 − 0)/2 = 0.5; A, B → (1 − 1)/2 = 0; A, C, D → (2 − 1)/2 = 0.5;
        // B, D → max(0, (0 − 2)/2) = 0.
        assert_eq!(score(&p, &json!({"choices": ["A"]})).unwrap().score, 0.5);
        assert_eq!(
            score(&p, &json!({"choices": ["A", "B"]})).unwrap().score,
            0.0
        );
        assert_eq!(
            score(&p, &json!({"choices": ["A", "C", "D"]}))
                .unwrap()
                .score,
            0.5
        );
        assert_eq!(
            score(&p, &json!({"choices": ["B", "D"]})).unwrap().score,
            0.0
        );
        let r = score(&p, &json!({"choices": ["A"]})).unwrap();
        assert_eq!(
            serde_json::to_value(&r.metrics).unwrap(),
            json!({"correct": 0, "total": 1})
        );
        assert_eq!(
            score(&t, &json!({"choices": ["A", "A"]}))
                .unwrap_err()
                .to_string(),
            "answer.choices[1]: duplicate choice \"A\""
        );
    }

    #[test]
    fn true_false() {
        let t = json!({"kind": "true_false", "gold": {"answer": false}});
        assert_eq!(score(&t, &json!({"answer": false})).unwrap().score, 1.0);
        let r = score(&t, &json!({"answer": true})).unwrap();
        assert_eq!(
            r.feedback,
            vec![Feedback::WrongTrueFalse {
                expected: false,
                got: Some(true)
            }]
        );
        assert_eq!(score(&t, &json!({"answer": null})).unwrap().score, 0.0);
        assert_eq!(
            score(&t, &json!({"answer": "yes"}))
                .unwrap_err()
                .to_string(),
            "answer.answer: expected true or false, got the string \"yes\""
        );
    }
}
