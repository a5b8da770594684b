//! Property tests over every kind (proptest):
//! - the score is in [0, 1] and the result serialises;
//! - a perfect answer scores 1;
//! - an empty answer against non-empty gold scores 0 (whatever the metric);
//! - shuffling the answer list changes nothing (score and metrics);
//! - translating gold and answer together changes nothing for the geometric kinds;
//! - scaling an image task and its `image` size together changes nothing for boxes, polygons and
//!   keypoints;
//! - no input ever panics: arbitrary JSON, NaN and infinities (JSON has neither: serde_json turns
//!   them into null, and a JSON text holding them does not parse), 1e308, empty lists,
//!   10,000-vertex polygons, duplicate points, any Unicode.

use proptest::prelude::*;
use proptest::sample::SizeRange;
use serde_json::{Value, json};

use super::{KINDS, Metrics, ScoreResult, batch_line, score, validate_task};

// ---------------------------------------------------------------------------------------------
// Generators

fn label() -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![Just("a"), Just("b"), Just("c")]
}

fn attrs() -> impl Strategy<Value = Option<Value>> + Clone {
    prop_oneof![2 => Just(None), 1 => Just(Some(json!({"s": "x"}))), 1 => Just(Some(json!({"s": "y"})))]
}

fn metric() -> impl Strategy<Value = Option<&'static str>> + Clone {
    prop_oneof![
        Just(None),
        Just(Some("accuracy")),
        Just(Some("f1")),
        Just(Some("precision")),
        Just(Some("recall")),
        Just(Some("mean_similarity")),
    ]
}

fn with_attrs(mut o: Value, a: Option<Value>) -> Value {
    if let Some(a) = a {
        o["attributes"] = a;
    }
    o
}

/// Gold objects, and answers made of jittered (maybe relabelled) gold copies plus random extras.
/// `shift` moves an object by (dx, dy).
fn objects<S: Strategy<Value = Value> + Clone>(
    obj: S,
    shift: fn(&Value, f64, f64) -> Value,
    jitter: i32,
    n: impl Into<SizeRange>,
) -> impl Strategy<Value = (Vec<Value>, Vec<Value>)> {
    let n: SizeRange = n.into();
    (
        proptest::collection::vec(obj.clone(), n.clone()),
        proptest::collection::vec(
            (
                0usize..16,
                -jitter..=jitter,
                -jitter..=jitter,
                proptest::option::of(label()),
            ),
            0..10,
        ),
        proptest::collection::vec(obj, 0..3),
    )
        .prop_map(move |(gold, moves, extra)| {
            let mut ans = Vec::new();
            if !gold.is_empty() {
                for (k, dx, dy, relabel) in moves {
                    let mut o = shift(&gold[k % gold.len()], dx as f64, dy as f64);
                    if let Some(l) = relabel {
                        o["label"] = json!(l);
                    }
                    ans.push(o);
                }
            }
            ans.extend(extra);
            (gold, ans)
        })
}

fn box_obj() -> impl Strategy<Value = Value> + Clone {
    (label(), -50i32..50, -50i32..50, 1i32..40, 1i32..40, attrs())
        .prop_map(|(l, x, y, w, h, a)| with_attrs(json!({"label": l, "bbox": [x, y, w, h]}), a))
}

fn shift_box(o: &Value, dx: f64, dy: f64) -> Value {
    let mut o = o.clone();
    let b: Vec<f64> = o["bbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    o["bbox"] = json!([b[0] + dx, b[1] + dy, b[2], b[3]]);
    o
}

/// A star-shaped polygon (always simple) around (cx, cy).
fn polygon_obj() -> impl Strategy<Value = Value> + Clone {
    (
        label(),
        -60i32..60,
        -60i32..60,
        proptest::collection::vec(5.0f64..40.0, 3..12),
        attrs(),
    )
        .prop_map(|(l, cx, cy, radii, a)| {
            let n = radii.len();
            let pts: Vec<Value> = radii
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let t = k as f64 / n as f64 * std::f64::consts::TAU;
                    json!([cx as f64 + r * t.cos(), cy as f64 + r * t.sin()])
                })
                .collect();
            with_attrs(json!({"label": l, "points": pts}), a)
        })
}

fn shift_points(o: &Value, dx: f64, dy: f64) -> Value {
    let mut o = o.clone();
    let pts: Vec<Value> = o["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!([p[0].as_f64().unwrap() + dx, p[1].as_f64().unwrap() + dy]))
        .collect();
    o["points"] = json!(pts);
    o
}

fn keypoint_obj() -> impl Strategy<Value = Value> + Clone {
    (
        label(),
        -50i32..50,
        -50i32..50,
        5i32..60,
        5i32..60,
        proptest::collection::vec((0i32..60, 0i32..60, 0u8..3), 3),
    )
        .prop_map(|(l, x, y, w, h, mut pts)| {
            if pts.iter().all(|p| p.2 == 0) {
                pts[0].2 = 2;
            }
            let kps: Vec<Value> = pts
                .iter()
                .map(|&(px, py, v)| json!([x + px % w, y + py % h, v]))
                .collect();
            json!({"label": l, "bbox": [x, y, w, h], "keypoints": kps})
        })
}

fn shift_keypoints(o: &Value, dx: f64, dy: f64) -> Value {
    let mut o = shift_box(o, dx, dy);
    let kps: Vec<Value> = o["keypoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            json!([
                p[0].as_f64().unwrap() + dx,
                p[1].as_f64().unwrap() + dy,
                p[2]
            ])
        })
        .collect();
    o["keypoints"] = json!(kps);
    o
}

fn polyline_obj() -> impl Strategy<Value = Value> + Clone {
    (label(), proptest::collection::vec((-80i32..80, -80i32..80), 2..6), attrs()).prop_map(|(l, mut pts, a)| {
        if pts.iter().all(|p| *p == pts[0]) {
            pts[1].0 += 7;
        }
        with_attrs(json!({"label": l, "points": pts.iter().map(|p| json!([p.0, p.1])).collect::<Vec<_>>()}), a)
    })
}

fn segment_obj() -> impl Strategy<Value = Value> + Clone {
    (label(), 0i32..100, 1i32..30, attrs()).prop_map(|(l, s, len, a)| {
        with_attrs(
            json!({"label": l, "start": s as f64 / 4.0, "end": (s + len) as f64 / 4.0}),
            a,
        )
    })
}

fn shift_segment(o: &Value, dx: f64, _dy: f64) -> Value {
    let mut o = o.clone();
    o["start"] = json!(o["start"].as_f64().unwrap() + dx / 4.0);
    o["end"] = json!(o["end"].as_f64().unwrap() + dx / 4.0);
    o
}

/// The matching kinds: (kind, task without gold, gold list, answer list).
fn matching_case() -> impl Strategy<Value = (&'static str, Value, Vec<Value>, Vec<Value>)> {
    let image = json!({"width": 200, "height": 150});
    prop_oneof![
        (objects(box_obj(), shift_box, 8, 0..8), metric(), 0.2f64..0.9).prop_map({
            let image = image.clone();
            move |((g, a), m, thr)| ("boxes", json!({"kind": "boxes", "image": image, "params": params(m, "iou_threshold", thr)}), g, a)
        }),
        (objects(polygon_obj(), shift_points, 8, 0..6), metric(), 0.2f64..0.9).prop_map({
            let image = image.clone();
            move |((g, a), m, thr)| ("polygons", json!({"kind": "polygons", "image": image, "params": params(m, "iou_threshold", thr)}), g, a)
        }),
        (objects(keypoint_obj(), shift_keypoints, 4, 0..6), metric(), 0.2f64..0.9).prop_map({
            let image = image.clone();
            move |((g, a), m, thr)| ("keypoints", json!({"kind": "keypoints", "image": image, "params": params(m, "oks_threshold", thr)}), g, a)
        }),
        (objects(polyline_obj(), shift_points, 4, 0..6), metric(), 0.2f64..0.9, any::<bool>()).prop_map({
            let image = image.clone();
            move |((g, a), m, thr, directed)| {
                let mut p = params(m, "sim_threshold", thr);
                p["directed"] = json!(directed);
                ("polylines", json!({"kind": "polylines", "image": image, "params": p}), g, a)
            }
        }),
        (objects(segment_obj(), shift_segment, 6, 0..8), metric(), 0.2f64..0.9).prop_map(|((g, a), m, thr)| {
            ("segments", json!({"kind": "segments", "params": params(m, "iou_threshold", thr)}), g, a)
        }),
    ]
}

fn params(metric: Option<&str>, key: &str, thr: f64) -> Value {
    let mut p = json!({ key: thr });
    if let Some(m) = metric {
        p["metric"] = json!(m);
    }
    p
}

fn with_gold(task: &Value, gold: Value) -> Value {
    let mut t = task.clone();
    t["gold"] = gold;
    t
}

/// Spans over a random text: (task, gold spans (distinct), answer spans).
fn spans_case() -> impl Strategy<Value = (Value, Vec<Value>, Vec<Value>)> {
    (
        "\\PC{1,30}",
        proptest::collection::vec((0usize..40, 1usize..6, label()), 0..8),
        proptest::collection::vec((0usize..40, 1usize..6, label()), 0..8),
        metric(),
    )
        .prop_map(|(text, g, a, m)| {
            let len = text.chars().count();
            let mk = |v: Vec<(usize, usize, &str)>| -> Vec<Value> {
                let mut seen = Vec::new();
                let mut out = Vec::new();
                for (s, l, lab) in v {
                    let s = s % len;
                    let e = (s + l).min(len);
                    if !seen.contains(&(s, e, lab)) {
                        seen.push((s, e, lab));
                        out.push(json!({"label": lab, "start": s, "end": e}));
                    }
                }
                out
            };
            let mut task = json!({"kind": "spans", "text": text});
            if let Some(m) = m {
                task["params"] = json!({"metric": m});
            }
            let gold = mk(g);
            // Answers: some gold copies and some random ones.
            let mut ans: Vec<Value> = gold.iter().take(gold.len() / 2 + 1).cloned().collect();
            ans.extend(mk(a));
            (task, gold, ans)
        })
}

/// Every other kind: (task, a perfect answer, a random answer, an empty answer).
fn other_case() -> impl Strategy<Value = (Value, Value, Value, Value)> {
    let ids =
        || proptest::sample::subsequence((0..8).map(|i| format!("e{i}")).collect::<Vec<_>>(), 0..8);
    prop_oneof![
        (ids(), ids(), metric()).prop_map(|(g, a, m)| {
            let mut t = json!({"kind": "select", "entries": (0..8).map(|i| json!({"id": format!("e{i}")})).collect::<Vec<_>>(), "gold": {"ids": g}});
            if let Some(m) = m {
                t["params"] = json!({"metric": m});
            }
            (t, json!({"ids": g}), json!({"ids": a}), json!({"ids": []}))
        }),
        (proptest::collection::vec(label(), 1..6), proptest::collection::vec(proptest::option::of(label()), 0..6)).prop_map(|(g, a)| {
            let gold: serde_json::Map<String, Value> = g.iter().enumerate().map(|(i, l)| (format!("e{i}"), json!(l))).collect();
            let ans: serde_json::Map<String, Value> =
                a.iter().enumerate().take(g.len()).map(|(i, l)| (format!("e{i}"), json!(l))).collect();
            (json!({"kind": "classify", "labels": ["a", "b", "c"], "gold": {"labels": gold}}), json!({"labels": gold}), json!({"labels": ans}), json!({"labels": {}}))
        }),
        ("[a-c天气 ,。!]{0,20}[a-c天气]", "[a-c天气 ,。!]{0,25}", 0.0f64..0.3, 0.31f64..=1.0).prop_map(|(g, a, full, zero)| {
            (
                json!({"kind": "transcript", "params": {"full_credit_cer": full, "zero_credit_cer": zero}, "gold": {"text": g}}),
                json!({"text": g}),
                json!({"text": a}),
                json!({"text": ""}),
            )
        }),
        (proptest::collection::vec(-1000i32..1000, 1..6), proptest::collection::vec(proptest::option::of(-1000i32..1000), 0..6), 0.0f64..3.0).prop_map(|(g, a, tol)| {
            let gold: serde_json::Map<String, Value> = g.iter().enumerate().map(|(i, x)| (format!("c{i}"), json!(*x as f64 / 4.0))).collect();
            let ans: serde_json::Map<String, Value> = a.iter().enumerate().take(g.len()).map(|(i, x)| (format!("c{i}"), json!(x.map(|x| x as f64 / 4.0)))).collect();
            (json!({"kind": "table", "params": {"tolerance": tol}, "gold": {"cells": gold}}), json!({"cells": gold}), json!({"cells": ans}), json!({"cells": {}}))
        }),
        (0usize..4, proptest::option::of(0usize..4)).prop_map(|(g, a)| {
            let k = |i: usize| ["A", "B", "C", "D"][i];
            (
                json!({"kind": "single_choice", "options": ["w", "x", "y", "z"], "gold": {"choice": k(g)}}),
                json!({"choice": k(g)}),
                json!({"choice": a.map(k)}),
                json!({"choice": null}),
            )
        }),
        (proptest::sample::subsequence(vec!["A", "B", "C", "D", "E"], 1..5), proptest::sample::subsequence(vec!["A", "B", "C", "D", "E"], 0..5), any::<bool>())
            .prop_map(|(g, a, partial)| {
                (
                    json!({"kind": "multi_choice", "options": ["v", "w", "x", "y", "z"], "params": {"partial": partial}, "gold": {"choices": g}}),
                    json!({"choices": g}),
                    json!({"choices": a}),
                    json!({"choices": []}),
                )
            }),
        (any::<bool>(), proptest::option::of(any::<bool>())).prop_map(|(g, a)| {
            (json!({"kind": "true_false", "gold": {"answer": g}}), json!({"answer": g}), json!({"answer": a}), json!({"answer": null}))
        }),
    ]
}

fn rubric_case() -> impl Strategy<Value = (Value, Value, Value)> {
    proptest::collection::vec((1u32..20, 0.0f64..1.0), 1..5).prop_map(|cs| {
        let criteria: Vec<Value> = cs
            .iter()
            .enumerate()
            .map(|(i, (max, _))| json!({"id": format!("c{i}"), "text": "t", "max": max, "guide": "g"}))
            .collect();
        let full: serde_json::Map<String, Value> = cs.iter().enumerate().map(|(i, (max, _))| (format!("c{i}"), json!(max))).collect();
        let some: serde_json::Map<String, Value> =
            cs.iter().enumerate().map(|(i, (max, f))| (format!("c{i}"), json!((*max as f64 * f).floor()))).collect();
        (json!({"kind": "rubric", "criteria": criteria}), json!({"criteria": full}), json!({"criteria": some}))
    })
}

// ---------------------------------------------------------------------------------------------
// Checks

fn check_sane(r: &ScoreResult) -> Result<(), TestCaseError> {
    prop_assert!((0.0..=1.0).contains(&r.score), "score {}", r.score);
    let v = serde_json::to_value(r).unwrap();
    for m in &r.matches {
        prop_assert!((0.0..=1.0).contains(&m.similarity));
    }
    if let Metrics::Detection(d) = &r.metrics {
        for x in [d.precision, d.recall, d.f1, d.accuracy, d.mean_similarity] {
            prop_assert!((0.0..=1.0).contains(&x), "{x}");
        }
    }
    let back: ScoreResult = serde_json::from_value(v).unwrap();
    prop_assert_eq!(&back, r);
    Ok(())
}

fn close(a: &ScoreResult, b: &ScoreResult) -> Result<(), TestCaseError> {
    prop_assert!(
        (a.score - b.score).abs() < 1e-6,
        "{} vs {}",
        a.score,
        b.score
    );
    match (&a.metrics, &b.metrics) {
        (Metrics::Detection(x), Metrics::Detection(y)) => {
            prop_assert_eq!(
                (x.tp, x.fp, x.fn_, x.mismatched),
                (y.tp, y.fp, y.fn_, y.mismatched)
            );
            prop_assert!((x.mean_similarity - y.mean_similarity).abs() < 1e-6);
        }
        (x, y) => prop_assert_eq!(x, y),
    }
    Ok(())
}

/// Applies `f` to every coordinate pair of a matching kind's objects; `s` scales sizes.
fn transform(kind: &str, objs: &[Value], f: &dyn Fn(f64, f64) -> (f64, f64), s: f64) -> Vec<Value> {
    objs.iter()
        .map(|o| {
            let mut o = o.clone();
            let num = |v: &Value| v.as_f64().unwrap();
            match kind {
                "boxes" | "keypoints" => {
                    let b = o["bbox"].clone();
                    let (x, y) = f(num(&b[0]), num(&b[1]));
                    o["bbox"] = json!([x, y, num(&b[2]) * s, num(&b[3]) * s]);
                    if kind == "keypoints" {
                        let k: Vec<Value> = o["keypoints"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|p| {
                                let (x, y) = f(num(&p[0]), num(&p[1]));
                                json!([x, y, p[2]])
                            })
                            .collect();
                        o["keypoints"] = json!(k);
                    }
                }
                "polygons" | "polylines" => {
                    let k: Vec<Value> = o["points"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| {
                            let (x, y) = f(num(&p[0]), num(&p[1]));
                            json!([x, y])
                        })
                        .collect();
                    o["points"] = json!(k);
                }
                "segments" => {
                    o["start"] = json!(f(num(&o["start"]), 0.0).0);
                    o["end"] = json!(f(num(&o["end"]), 0.0).0);
                }
                _ => unreachable!(),
            }
            o
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn matching_kinds_properties(
        (kind, task, gold, ans) in matching_case(),
        perm_seed in any::<u64>(),
        (dx, dy) in (-300i32..300, -300i32..300),
    ) {
        let t = with_gold(&task, json!(gold));
        prop_assert!(validate_task(&t).is_ok(), "{}", validate_task(&t).unwrap_err());
        let r = score(&t, &json!(ans)).unwrap();
        check_sane(&r)?;
        prop_assert_eq!(r.grader.as_str(), super::grader_version(kind).unwrap());

        // A perfect answer scores 1.
        let p = score(&t, &json!({"answer": gold})).unwrap();
        prop_assert_eq!(p.score, 1.0, "{:?}", p);

        // An empty answer against non-empty gold scores 0.
        if !gold.is_empty() {
            prop_assert_eq!(score(&t, &json!([])).unwrap().score, 0.0);
        }

        // Shuffling the answer list changes nothing.
        let mut shuffled = ans.clone();
        let mut s = perm_seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let rs = score(&t, &json!(shuffled)).unwrap();
        prop_assert_eq!(rs.score, r.score);
        prop_assert_eq!(&rs.metrics, &r.metrics);
        let mut a: Vec<f64> = r.matches.iter().map(|m| m.similarity).collect();
        let mut b: Vec<f64> = rs.matches.iter().map(|m| m.similarity).collect();
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        prop_assert_eq!(a, b);

        // Translating gold and answer together changes nothing.
        let (dx, dy) = (dx as f64, dy as f64);
        let mv = |x: f64, y: f64| (x + dx, y + dy);
        let tt = with_gold(&task, json!(transform(kind, &gold, &mv, 1.0)));
        let rt = score(&tt, &json!(transform(kind, &ans, &mv, 1.0))).unwrap();
        close(&r, &rt)?;

        // Scaling the task, its image and the answer together changes nothing (boxes, polygons,
        // keypoints).
        if matches!(kind, "boxes" | "polygons" | "keypoints") {
            let sc = |x: f64, y: f64| (x * 2.0, y * 2.0);
            let mut ts = with_gold(&task, json!(transform(kind, &gold, &sc, 2.0)));
            ts["image"] = json!({"width": 400, "height": 300});
            let r2 = score(&ts, &json!(transform(kind, &ans, &sc, 2.0))).unwrap();
            close(&r, &r2)?;
        }
    }

    #[test]
    fn spans_properties((task, gold, ans) in spans_case(), perm_seed in any::<u64>()) {
        let t = with_gold(&task, json!(gold));
        let r = score(&t, &json!(ans)).unwrap();
        check_sane(&r)?;
        prop_assert_eq!(score(&t, &json!(gold)).unwrap().score, 1.0);
        if !gold.is_empty() {
            prop_assert_eq!(score(&t, &json!([])).unwrap().score, 0.0);
        }
        let mut shuffled = ans.clone();
        let mut s = perm_seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let rs = score(&t, &json!(shuffled)).unwrap();
        prop_assert_eq!(rs.score, r.score);
        prop_assert_eq!(rs.metrics, r.metrics);
    }

    #[test]
    fn other_kinds_properties((task, perfect, answer, empty) in other_case()) {
        prop_assert!(validate_task(&task).is_ok(), "{}", validate_task(&task).unwrap_err());
        let r = score(&task, &answer).unwrap();
        check_sane(&r)?;
        prop_assert_eq!(score(&task, &perfect).unwrap().score, 1.0);
        let e = score(&task, &empty).unwrap();
        let gold_empty = task["gold"]["ids"].as_array().is_some_and(|a| a.is_empty());
        if !gold_empty {
            prop_assert_eq!(e.score, 0.0, "{:?}", e);
        }
        // Reordering a select answer changes nothing.
        if let Some(ids) = answer["ids"].as_array() {
            let mut rev = ids.clone();
            rev.reverse();
            let rr = score(&task, &json!({"ids": rev})).unwrap();
            prop_assert_eq!(rr.score, r.score);
            prop_assert_eq!(rr.metrics, r.metrics);
        }
    }

    #[test]
    fn rubric_properties((task, full, some) in rubric_case()) {
        prop_assert_eq!(score(&task, &full).unwrap().score, 1.0);
        check_sane(&score(&task, &some).unwrap())?;
    }
}

// ---------------------------------------------------------------------------------------------
// No input ever panics

fn key_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(vec![
            "kind", "gold", "answer", "task", "label", "labels", "bbox", "points", "keypoints", "start", "end",
            "text", "ids", "choice", "choices", "cells", "criteria", "params", "image", "width", "height",
            "attributes", "entries", "given", "fields", "options", "id", "max", "guide", "key",
            "iou_threshold", "metric", "sigmas", "resample", "directed", "keep", "tolerance", "partial",
        ]).prop_map(str::to_string),
        2 => proptest::sample::select(KINDS.to_vec()).prop_map(str::to_string),
        1 => "\\PC{0,8}",
    ]
}

fn weird_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(1e308)),
        Just(json!(-1e308)),
        Just(json!(f64::MAX)),
        Just(json!(f64::MIN_POSITIVE)),
        Just(json!(5e-324)),
        Just(json!(f64::NAN)),      // becomes null
        Just(json!(f64::INFINITY)), // becomes null
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(0)),
        Just(json!(-0.0)),
        Just(json!(1e9)),
        Just(json!(1e9 + 1.0)),
        any::<f64>().prop_map(|x| json!(x)),
        (-3i64..20).prop_map(|x| json!(x)),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        weird_number(),
        key_name().prop_map(Value::String),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((key_name(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Replaces the `k`-th leaf (in a depth-first walk, modulo the number of leaves) by `new`.
fn replace_leaf(v: &mut Value, k: usize, new: &Value) {
    fn count(v: &Value) -> usize {
        match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 1,
        }
    }
    fn go(v: &mut Value, k: &mut usize, new: &Value) -> bool {
        match v {
            Value::Array(a) => a.iter_mut().any(|x| go(x, k, new)),
            Value::Object(o) => o.values_mut().any(|x| go(x, k, new)),
            leaf => {
                if *k == 0 {
                    *leaf = new.clone();
                    true
                } else {
                    *k -= 1;
                    false
                }
            }
        }
    }
    let n = count(v);
    if n > 0 {
        let mut k = k % n;
        go(v, &mut k, new);
    }
}

fn never_panics(task: &Value, answer: &Value) {
    let r = score(task, answer);
    let _ = validate_task(task);
    if let Ok(r) = &r {
        assert!((0.0..=1.0).contains(&r.score));
        serde_json::to_string(r).unwrap();
    }
    if let Err(e) = &r {
        let s = e.to_string();
        assert!(!s.contains('\n'), "{s}");
    }
    let line = json!({"task": task, "answer": answer}).to_string();
    let out = batch_line(&line);
    assert!(!out.contains('\n'));
    serde_json::from_str::<Value>(&out).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_json_never_panics(task in arb_json(), answer in arb_json(), kind in proptest::sample::select(KINDS.to_vec())) {
        never_panics(&task, &answer);
        // The same junk under a real kind reaches the graders.
        let mut t = task.clone();
        if let Value::Object(o) = &mut t {
            o.insert("kind".into(), json!(kind));
        } else {
            t = json!({"kind": kind, "gold": task});
        }
        never_panics(&t, &answer);
        never_panics(&t, &json!({"answer": answer}));
    }

    #[test]
    fn mutated_valid_input_never_panics(
        (task, perfect, answer, _) in other_case(),
        (kind, mtask, gold, ans) in matching_case(),
        k in any::<usize>(),
        which in 0usize..4,
        new in prop_oneof![weird_number(), "\\PC{0,6}".prop_map(Value::String), Just(json!([])), Just(json!({})), Just(Value::Null)],
    ) {
        let _ = kind;
        let mut cases = [
            (task.clone(), perfect.clone()),
            (task, answer),
            (with_gold(&mtask, json!(gold)), json!(ans)),
        ];
        for (t, a) in cases.iter_mut() {
            let mut t2 = t.clone();
            let mut a2 = a.clone();
            match which {
                0 => replace_leaf(&mut t2, k, &new),
                1 => replace_leaf(&mut a2, k, &new),
                2 => { replace_leaf(&mut t2, k, &new); replace_leaf(&mut a2, k / 3, &new); }
                _ => { t2["params"] = json!({"metric": new.clone()}); }
            }
            never_panics(&t2, &a2);
        }
    }

    #[test]
    fn any_unicode_never_panics(s in "\\PC*", s2 in "\\PC*") {
        never_panics(&json!({"kind": "transcript", "gold": {"text": s}, "params": {"keep": s2}}), &json!({"text": s2}));
        let len = s.chars().count();
        never_panics(&json!({"kind": "spans", "text": s, "labels": [s2.clone()], "gold": [{"label": s2, "start": 0, "end": len}]}),
                     &json!([{"label": s2, "start": len / 2, "end": len}]));
        never_panics(&json!({"kind": "classify", "gold": {"labels": {s.clone(): s2.clone()}}}), &json!({"labels": {s2.clone(): s}}));
        never_panics(&json!({"kind": "boxes", "gold": [{"label": s2, "bbox": [0, 0, 1, 1], "attributes": {s.clone(): s.clone()}}]}), &json!([]));
        let _ = batch_line(&s);
    }

    #[test]
    fn random_polygons_never_panic(pts in proptest::collection::vec((-1e3f64..1e3, -1e3f64..1e3), 0..60),
                                   dup in proptest::collection::vec(0usize..60, 0..10)) {
        let mut p: Vec<Value> = pts.iter().map(|(x, y)| json!([x, y])).collect();
        for d in dup {
            if !p.is_empty() {
                let q = p[d % p.len()].clone();
                p.insert(d % p.len(), q);
            }
        }
        let t = json!({"kind": "polygons", "gold": [{"label": "a", "points": [[0, 0], [500, 0], [500, 500], [0, 500]]}]});
        never_panics(&t, &json!([{"label": "a", "points": p}]));
        let t = json!({"kind": "polylines", "image": {"width": 1000, "height": 1000}, "gold": [{"label": "a", "points": [[0, 0], [500, 0]]}]});
        never_panics(&t, &json!([{"label": "a", "points": p}]));
    }
}

#[test]
fn extreme_numbers_are_input_errors_not_panics() {
    let t = json!({"kind": "boxes", "gold": [{"label": "a", "bbox": [0, 0, 10, 10]}]});
    for bad in [
        json!(1e308),
        json!(-1e308),
        json!(f64::NAN),
        json!(f64::INFINITY),
        json!(1e10),
    ] {
        let e = score(&t, &json!([{"label": "a", "bbox": [bad, 0, 10, 10]}])).unwrap_err();
        assert!(e.is_answer_error());
        assert!(e.path() == "answer[0].bbox[0]", "{e}");
    }
    // Tiny but positive sizes work.
    let r = score(&t, &json!([{"label": "a", "bbox": [0, 0, 5e-324, 5e-324]}])).unwrap();
    assert_eq!(r.score, 0.0);
    // JSON text with NaN, Infinity or out-of-range numbers does not parse: an error line.
    for line in [
        r#"{"task": {"kind": "boxes", "gold": []}, "answer": [{"label": "a", "bbox": [NaN, 0, 1, 1]}]}"#,
        r#"{"task": {"kind": "boxes", "gold": []}, "answer": [{"label": "a", "bbox": [Infinity, 0, 1, 1]}]}"#,
        r#"{"task": {"kind": "boxes", "gold": []}, "answer": [{"label": "a", "bbox": [1e400, 0, 1, 1]}]}"#,
    ] {
        let v: Value = serde_json::from_str(&batch_line(line)).unwrap();
        assert!(
            v["error"].as_str().unwrap().starts_with("invalid JSON"),
            "{v}"
        );
    }
}

#[test]
fn ten_thousand_vertex_polygons() {
    let n = 10_000;
    let circle = |cx: f64, r: f64| -> Vec<Value> {
        (0..n)
            .map(|k| {
                let t = k as f64 / n as f64 * std::f64::consts::TAU;
                json!([cx + r * t.cos(), 500.0 + r * t.sin()])
            })
            .collect()
    };
    let t = json!({"kind": "polygons", "gold": [{"label": "a", "points": circle(500.0, 400.0)}]});
    // Shifted by 10 px: IoU of two discs of radius 400 at distance 10 ≈ 0.969 (lens area formula:
    // 2r²·acos(d/2r) − (d/2)·√(4r² − d²) over 2πr² − that).
    let r = score(&t, &json!([{"label": "a", "points": circle(510.0, 400.0)}])).unwrap();
    let (rr, d) = (400.0f64, 10.0f64);
    let lens = 2.0 * rr * rr * (d / (2.0 * rr)).acos() - d / 2.0 * (4.0 * rr * rr - d * d).sqrt();
    let iou = lens / (2.0 * std::f64::consts::PI * rr * rr - lens);
    assert!(
        (r.matches[0].similarity - iou).abs() < 1e-3,
        "{} vs {iou}",
        r.matches[0].similarity
    );
    // 10,000 random points: an error (crossing edges), quickly and without a panic.
    let mut s = 12345u64;
    let mut rnd = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64 * 1000.0
    };
    let pts: Vec<Value> = (0..n).map(|_| json!([rnd(), rnd()])).collect();
    let e = score(&t, &json!([{"label": "a", "points": pts}])).unwrap_err();
    assert!(e.to_string().starts_with("answer[0].points: edges "), "{e}");
    // 10,001 points: over the limit.
    let mut big = circle(500.0, 400.0);
    big.push(json!([0, 0]));
    let e = score(&t, &json!([{"label": "a", "points": big}])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "answer[0].points: too many items (10001; the limit is 10000)"
    );
}

#[test]
fn all_kinds_validate_their_examples() {
    // One valid task per kind, as a bank would hold it (docs/question-banks.md).
    let tasks = [
        json!({"kind": "boxes", "image": {"width": 640, "height": 480}, "labels": ["car"], "attributes": {"occluded": ["false", "true"]},
               "gold": [{"label": "car", "bbox": [120, 80, 60, 40], "attributes": {"occluded": "false"}}]}),
        json!({"kind": "polygons", "gold": [{"label": "pond", "points": [[10, 10], [60, 12], [55, 50], [12, 45]]}]}),
        json!({"kind": "keypoints", "gold": [{"label": "person", "bbox": [100, 50, 80, 200], "keypoints": [[140, 60, 2], [0, 0, 0]]}]}),
        json!({"kind": "polylines", "image": {"width": 640, "height": 480}, "gold": [{"label": "lane", "points": [[0, 400], [320, 240]], "attributes": {"style": "dashed"}}]}),
        json!({"kind": "segments", "gold": [{"label": "speech", "start": 0.4, "end": 2.1}]}),
        json!({"kind": "spans", "text": "张三丰", "gold": [{"label": "PER", "start": 0, "end": 3}]}),
        json!({"kind": "classify", "gold": {"labels": {"e1": "positive", "e2": "negative"}}}),
        json!({"kind": "select", "gold": {"ids": ["e2", "e5"]}}),
        json!({"kind": "transcript", "gold": {"text": "嗯，我想查一下明天的天气。"}}),
        json!({"kind": "table", "gold": {"cells": {"cars": 12, "buses": 3}}, "params": {"tolerance": 0}}),
        json!({"kind": "single_choice", "options": ["a", "b", "c", "d"], "gold": {"choice": "B"}}),
        json!({"kind": "multi_choice", "options": ["a", "b", "c"], "gold": {"choices": ["A", "C"]}, "params": {"partial": true}}),
        json!({"kind": "true_false", "gold": {"answer": true}}),
        json!({"kind": "rubric", "criteria": [{"id": "c1", "text": "t", "max": 10, "guide": "g"}]}),
    ];
    for (t, k) in tasks.iter().zip(KINDS) {
        assert_eq!(t["kind"], json!(k));
        assert!(
            validate_task(t).is_ok(),
            "{k}: {}",
            validate_task(t).unwrap_err()
        );
    }
}
