//! `select` (选择): `{"ids": [item_id, …]}`, e.g. the images to discard when cleaning a data set,
//! or the wrong annotations of a review task. Compared as sets.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::detection::{Graded, metrics, pick};
use super::feedback::Feedback;
use super::input::{ANSWER, In, MAX_ITEMS, Path, R, TASK, TASK_ROOT, quote};
use super::{Match, Metrics, TaskCtx};

fn parse<'v>(r: In, v: &'v Value, p: &Path, known: Option<&HashSet<&str>>) -> R<Vec<&'v str>> {
    let o = r.obj(v, p)?;
    let ip = p.key("ids");
    let l = r.list_max(r.field(o, "ids", p)?, &ip, MAX_ITEMS)?;
    let mut out: Vec<&str> = Vec::with_capacity(l.len());
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(l.len());
    for (i, x) in l.iter().enumerate() {
        let id = r.name(x, &ip.at(i))?;
        if let Some(k) = known
            && !k.contains(&id)
        {
            return Err(r
                .fail(&ip.at(i), "input_error.unknown_id")
                .arg("id", quote(id)));
        }
        if seen.insert(id, i).is_some() {
            return Err(r
                .fail(&ip.at(i), "input_error.duplicate_id")
                .arg("id", quote(id)));
        }
        out.push(id);
    }
    Ok(out)
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let metric = ctx.params.metric()?;
    let known: Option<HashSet<&str>> = ctx.entry_ids()?.map(|v| v.into_iter().collect());
    let gold = parse(TASK, ctx.gold()?, &TASK_ROOT.key("gold"), known.as_ref())?;
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ans = parse(ANSWER, answer, &Path::root("answer"), known.as_ref())?;
    let pos: HashMap<&str, usize> = ans.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut matches = Vec::new();
    let mut fb = Vec::new();
    let mut hit = vec![false; ans.len()];
    for (g, id) in gold.iter().enumerate() {
        match pos.get(id) {
            Some(&a) => {
                hit[a] = true;
                matches.push(Match {
                    gold: g,
                    answer: a,
                    similarity: 1.0,
                    label_ok: true,
                });
            }
            None => fb.push(Feedback::MissedItem {
                gold: g,
                id: id.to_string(),
            }),
        }
    }
    for (a, id) in ans.iter().enumerate() {
        if !hit[a] {
            fb.push(Feedback::ExtraItem {
                answer: a,
                id: id.to_string(),
            });
        }
    }
    let tp = matches.len();
    let m = metrics(tp, 0, gold.len() - tp, ans.len() - tp, tp as f64);
    Ok(Some(Graded {
        score: pick(&m, metric),
        metrics: Metrics::Detection(m),
        matches,
        feedback: fb,
    }))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, Metrics, score};
    use serde_json::json;

    #[test]
    fn hand_computed() {
        let t = json!({"kind": "select", "entries": [{"id": "e1"}, {"id": "e2"}, {"id": "e3"}, {"id": "e4"}, {"id": "e5"}],
                       "gold": {"ids": ["e2", "e5"]}});
        // Answer e5, e1: tp 1 (e5), fn 1 (e2), fp 1 (e1): accuracy 1/3, precision 1/2, recall 1/2.
        let r = score(&t, &json!({"ids": ["e5", "e1"]})).unwrap();
        assert!((r.score - 1.0 / 3.0).abs() < 1e-12);
        let Metrics::Detection(m) = &r.metrics else {
            panic!()
        };
        assert_eq!((m.precision, m.recall, m.f1), (0.5, 0.5, 0.5));
        assert_eq!((r.matches[0].gold, r.matches[0].answer), (1, 0));
        assert_eq!(
            r.feedback,
            vec![
                Feedback::MissedItem {
                    gold: 0,
                    id: "e2".into()
                },
                Feedback::ExtraItem {
                    answer: 1,
                    id: "e1".into()
                }
            ]
        );
        let mut t2 = t.clone();
        t2["params"] = json!({"metric": "recall"});
        assert_eq!(
            score(&t2, &json!({"ids": ["e5", "e1"]})).unwrap().score,
            0.5
        );
        // Nothing to select, nothing selected: 1.
        let none = json!({"kind": "select", "gold": {"ids": []}});
        assert_eq!(score(&none, &json!({"ids": []})).unwrap().score, 1.0);
        assert_eq!(score(&none, &json!({"ids": ["x"]})).unwrap().score, 0.0);
    }

    #[test]
    fn select_errors() {
        let t = json!({"kind": "select", "given": [{"id": "a1", "label": "car", "bbox": [0, 0, 1, 1]}], "gold": {"ids": ["a1"]}});
        assert_eq!(
            score(&t, &json!({"ids": ["a2"]})).unwrap_err().to_string(),
            "answer.ids[0]: unknown id \"a2\""
        );
        assert_eq!(
            score(&t, &json!({"ids": ["a1", "a1"]}))
                .unwrap_err()
                .to_string(),
            "answer.ids[1]: duplicate id \"a1\""
        );
        let bad = json!({"kind": "select", "entries": [{"id": "e1"}], "gold": {"ids": ["e9"]}});
        assert_eq!(
            score(&bad, &json!({"ids": []})).unwrap_err().to_string(),
            "task.gold.ids[0]: unknown id \"e9\""
        );
    }
}
