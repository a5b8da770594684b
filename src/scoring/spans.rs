//! `spans` (文本片段): `{"label", "start", "end"}` over the task's `text`, offsets in Unicode
//! scalar values (Rust `char`s), end exclusive. A span is right only if start, end and label are
//! all equal. A span with the right range but another label is a wrong-label match.

use std::collections::HashMap;

use serde_json::Value;

use super::detection::{Graded, metrics, pick};
use super::feedback::Feedback;
use super::input::{ANSWER, In, MAX_ITEMS, Path, R, TASK, TASK_ROOT, TaskCtx, quote};
use super::{Match, Metrics};

struct Span<'v> {
    label: &'v str,
    start: usize,
    end: usize,
}

fn parse<'v>(r: In, v: &'v Value, p: &Path, ctx: &TaskCtx<'_>, len: usize) -> R<Vec<Span<'v>>> {
    let l = r.list_max(v, p, MAX_ITEMS)?;
    let mut out = Vec::with_capacity(l.len());
    for (i, x) in l.iter().enumerate() {
        let ip = p.at(i);
        let o = r.obj(x, &ip)?;
        let label = r.label(o, &ip, ctx)?;
        let start = r.index(r.field(o, "start", &ip)?, &ip.key("start"))?;
        let end = r.index(r.field(o, "end", &ip)?, &ip.key("end"))?;
        if end <= start {
            return Err(r
                .fail(&ip.key("end"), "input_error.end_not_after_start")
                .arg("end", end)
                .arg("start", start));
        }
        if end > len {
            return Err(r
                .fail(&ip, "input_error.span_out_of_range")
                .arg("start", start)
                .arg("end", end)
                .arg("len", len));
        }
        out.push(Span { label, start, end });
    }
    Ok(out)
}

pub(crate) fn run(ctx: &TaskCtx<'_>, answer: Option<&Value>) -> R<Option<Graded>> {
    let metric = ctx.params.metric()?;
    let text = TASK.str(
        TASK.field(ctx.obj, "text", &TASK_ROOT)?,
        &TASK_ROOT.key("text"),
    )?;
    // Byte offset of every char boundary, to cut span texts.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let len = bounds.len() - 1;
    let cut = |s: &Span<'_>| text[bounds[s.start]..bounds[s.end]].to_string();
    let gp = TASK_ROOT.key("gold");
    let gold = parse(TASK, ctx.gold()?, &gp, ctx, len)?;
    let mut exact: HashMap<(usize, usize, &str), usize> = HashMap::with_capacity(gold.len());
    for (i, g) in gold.iter().enumerate() {
        if let Some(j) = exact.insert((g.start, g.end, g.label), i) {
            return Err(TASK
                .fail(&gp.at(i), "input_error.duplicate_span")
                .arg("j", j)
                .arg("label", quote(g.label))
                .arg("start", g.start)
                .arg("end", g.end));
        }
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let ans = parse(ANSWER, answer, &Path::root("answer"), ctx, len)?;
    // Canonical order, so the answer list's order does not matter.
    let mut order: Vec<usize> = (0..ans.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&ans[a], &ans[b]);
        (x.start, x.end, x.label).cmp(&(y.start, y.end, y.label))
    });
    let mut gold_used = vec![false; gold.len()];
    let mut ans_used = vec![false; ans.len()];
    let mut matches = Vec::new();
    let mut fb: Vec<((usize, usize), Feedback)> = Vec::new();
    let mut tp = 0;
    for &a in &order {
        let s = &ans[a];
        if let Some(&g) = exact.get(&(s.start, s.end, s.label))
            && !gold_used[g]
        {
            gold_used[g] = true;
            ans_used[a] = true;
            tp += 1;
            matches.push(Match {
                gold: g,
                answer: a,
                similarity: 1.0,
                label_ok: true,
            });
        }
    }
    // Same range, other label.
    let mut by_range: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (g, s) in gold.iter().enumerate() {
        if !gold_used[g] {
            by_range.entry((s.start, s.end)).or_default().push(g);
        }
    }
    let mut mismatched = 0;
    for &a in &order {
        if ans_used[a] {
            continue;
        }
        let s = &ans[a];
        if let Some(list) = by_range.get_mut(&(s.start, s.end))
            && !list.is_empty()
        {
            let g = list.remove(0);
            gold_used[g] = true;
            ans_used[a] = true;
            mismatched += 1;
            matches.push(Match {
                gold: g,
                answer: a,
                similarity: 1.0,
                label_ok: false,
            });
            fb.push((
                (g, 0),
                Feedback::WrongLabel {
                    gold: g,
                    answer: a,
                    expected: gold[g].label.to_string(),
                    got: s.label.to_string(),
                },
            ));
        }
    }
    for (g, s) in gold.iter().enumerate() {
        if !gold_used[g] {
            fb.push((
                (g, 0),
                Feedback::MissedSpan {
                    gold: g,
                    label: s.label.to_string(),
                    start: s.start,
                    end: s.end,
                    text: cut(s),
                },
            ));
        }
    }
    for (a, s) in ans.iter().enumerate() {
        if !ans_used[a] {
            fb.push((
                (gold.len(), a),
                Feedback::ExtraSpan {
                    answer: a,
                    label: s.label.to_string(),
                    start: s.start,
                    end: s.end,
                    text: cut(s),
                },
            ));
        }
    }
    fb.sort_by_key(|(k, _)| *k);
    matches.sort_by_key(|m| m.gold);
    let fn_ = gold_used.iter().filter(|u| !**u).count();
    let fp = ans_used.iter().filter(|u| !**u).count();
    let m = metrics(tp, mismatched, fn_, fp, tp as f64);
    Ok(Some(Graded {
        score: pick(&m, metric),
        metrics: Metrics::Detection(m),
        matches,
        feedback: fb.into_iter().map(|(_, f)| f).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use crate::scoring::{Feedback, Metrics, score};
    use serde_json::json;

    #[test]
    fn hand_computed() {
        // 张三丰在北京工作 — chars: 张0 三1 丰2 在3 北4 京5 工6 作7.
        let t = json!({"kind": "spans", "text": "张三丰在北京工作", "labels": ["PER", "LOC", "ORG"], "gold": [
            {"label": "PER", "start": 0, "end": 3},
            {"label": "LOC", "start": 4, "end": 6}
        ]});
        // a0 exact PER: tp. a1 北京 as ORG: wrong label. a2 工作 as ORG: extra.
        let a = json!([
            {"label": "ORG", "start": 6, "end": 8},
            {"label": "PER", "start": 0, "end": 3},
            {"label": "ORG", "start": 4, "end": 6}
        ]);
        let r = score(&t, &a).unwrap();
        let Metrics::Detection(m) = &r.metrics else {
            panic!()
        };
        // tp 1, mismatched 1, fn 0, fp 1 → accuracy 1/3; precision 1/3; recall 1/2.
        assert_eq!((m.tp, m.mismatched, m.fn_, m.fp), (1, 1, 0, 1));
        assert!((r.score - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.matches.len(), 2);
        assert_eq!(
            (
                r.matches[0].gold,
                r.matches[0].answer,
                r.matches[0].label_ok
            ),
            (0, 1, true)
        );
        assert_eq!(
            (
                r.matches[1].gold,
                r.matches[1].answer,
                r.matches[1].label_ok
            ),
            (1, 2, false)
        );
        assert_eq!(
            r.feedback,
            vec![
                Feedback::WrongLabel {
                    gold: 1,
                    answer: 2,
                    expected: "LOC".into(),
                    got: "ORG".into()
                },
                Feedback::ExtraSpan {
                    answer: 0,
                    label: "ORG".into(),
                    start: 6,
                    end: 8,
                    text: "工作".into()
                },
            ]
        );
        // A boundary off by one: 张三 instead of 张三丰 → missed + extra; accuracy 1/3 (LOC right).
        let r = score(&t, &json!([{"label": "PER", "start": 0, "end": 2}, {"label": "LOC", "start": 4, "end": 6}])).unwrap();
        assert!((r.score - 1.0 / 3.0).abs() < 1e-12);
        assert!(matches!(&r.feedback[0], Feedback::MissedSpan { text, .. } if text == "张三丰"));
        assert!(matches!(&r.feedback[1], Feedback::ExtraSpan { text, .. } if text == "张三"));
    }

    #[test]
    fn span_errors() {
        let t = json!({"kind": "spans", "text": "abc", "gold": []});
        let e = score(&t, &json!([{"label": "X", "start": 1, "end": 4}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0]: span [1, 4) is out of range: the text has 3 characters"
        );
        let e = score(&t, &json!([{"label": "X", "start": 2, "end": 2}])).unwrap_err();
        assert_eq!(e.to_string(), "answer[0].end: must be after start (2 ≤ 2)");
        let e = score(&t, &json!([{"label": "X", "start": -1, "end": 2}])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answer[0].start: expected a whole number ≥ 0, got -1"
        );
        let e = score(&json!({"kind": "spans", "gold": []}), &json!([])).unwrap_err();
        assert_eq!(e.to_string(), "task: missing field \"text\"");
        let dup = json!({"kind": "spans", "text": "abc", "gold": [
            {"label": "X", "start": 0, "end": 1}, {"label": "X", "start": 0, "end": 1}]});
        assert!(score(&dup, &json!([])).unwrap_err().is_task_error());
        // Emoji and combining marks count as the chars they are.
        let t = json!({"kind": "spans", "text": "😀e\u{301}x", "gold": [{"label": "X", "start": 3, "end": 4}]});
        assert_eq!(
            score(&t, &json!([{"label": "X", "start": 3, "end": 4}]))
                .unwrap()
                .score,
            1.0
        );
    }
}
