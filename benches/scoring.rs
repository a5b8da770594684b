//! Scoring benchmarks (criterion). Inputs are generated deterministically (a fixed LCG), so every
//! run measures the same work.
//!
//! Run: `cargo bench --bench scoring` (figures in docs/performance.md). The cases:
//! - `score/boxes_100x100`: 100 gold × 100 answer boxes (target < 200 µs);
//! - `score/polygons_50x50_32v`: 50 × 50 polygons of 32 vertices (target < 5 ms);
//! - `score/keypoints_20x20_17p`: 20 × 20 COCO skeletons;
//! - `score/transcript_500`: a 500-character transcript with ~5 % errors;
//! - `batch/boxes_10k`: `batch_line` over 10,000 box tasks (target > 50,000 lines/s);
//! - `batch/mixed_100k`: `batch_line` over 100,000 tasks of every kind (1 % invalid lines).

use std::hint::black_box;

use annocert::scoring::{batch_line, score};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

/// A small deterministic generator (Knuth's MMIX LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 11
    }
    /// Uniform in [0, 1).
    fn f(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    fn int(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.int(i + 1);
            v.swap(i, j);
        }
    }
}

const LABELS: [&str; 4] = ["car", "bus", "person", "bike"];

fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `n` gold boxes spread over a 1920 × 1080 image (one per grid cell), and an answer: most boxes
/// redrawn a few pixels off, some relabelled, some missed, some extra; in shuffled order.
fn boxes(rng: &mut Lcg, n: usize) -> (Value, Value) {
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    let rows = n.div_ceil(cols).max(1);
    let (cw, ch) = (1920.0 / cols as f64, 1080.0 / rows as f64);
    let mut gold = Vec::with_capacity(n);
    let mut ans = Vec::with_capacity(n + n / 10);
    for k in 0..n {
        let (cx, cy) = ((k % cols) as f64 * cw, (k / cols) as f64 * ch);
        let w = rng.range(0.3, 0.8) * cw;
        let h = rng.range(0.3, 0.8) * ch;
        let x = cx + rng.range(0.0, cw - w);
        let y = cy + rng.range(0.0, ch - h);
        let label = LABELS[rng.int(4)];
        gold.push(json!({"label": label, "bbox": [r1(x), r1(y), r1(w), r1(h)]}));
        if rng.chance(0.9) {
            let l = if rng.chance(0.05) {
                LABELS[rng.int(4)]
            } else {
                label
            };
            let j = |rng: &mut Lcg| rng.range(-6.0, 6.0);
            ans.push(json!({"label": l, "bbox": [r1(x + j(rng)), r1(y + j(rng)), r1(w + j(rng)), r1(h + j(rng))]}));
        }
    }
    for _ in 0..n / 10 {
        ans.push(json!({"label": LABELS[rng.int(4)], "bbox": [r1(rng.range(0.0, 1800.0)), r1(rng.range(0.0, 1000.0)), 60, 40]}));
    }
    rng.shuffle(&mut ans);
    let task = json!({"kind": "boxes", "image": {"width": 1920, "height": 1080}, "labels": LABELS, "gold": gold});
    (task, json!({"answer": ans}))
}

/// A star-shaped polygon of `v` vertices around (cx, cy).
fn star(rng: &mut Lcg, cx: f64, cy: f64, r: f64, v: usize) -> Vec<(f64, f64)> {
    (0..v)
        .map(|k| {
            let t = k as f64 / v as f64 * std::f64::consts::TAU;
            let rad = r * rng.range(0.75, 1.0);
            (cx + rad * t.cos(), cy + rad * t.sin())
        })
        .collect()
}

fn pts(p: &[(f64, f64)]) -> Value {
    json!(
        p.iter()
            .map(|(x, y)| json!([r1(*x), r1(*y)]))
            .collect::<Vec<_>>()
    )
}

/// `n` gold polygons of `v` vertices on a grid, answers with every vertex moved a little.
fn polygons(rng: &mut Lcg, n: usize, v: usize) -> (Value, Value) {
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    let rows = n.div_ceil(cols).max(1);
    let (cw, ch) = (1920.0 / cols as f64, 1080.0 / rows as f64);
    let mut gold = Vec::new();
    let mut ans = Vec::new();
    for k in 0..n {
        let cx = (k % cols) as f64 * cw + cw / 2.0;
        let cy = (k / cols) as f64 * ch + ch / 2.0;
        let r = cw.min(ch) * 0.4;
        let g = star(rng, cx, cy, r, v);
        let label = LABELS[rng.int(4)];
        gold.push(json!({"label": label, "points": pts(&g)}));
        if rng.chance(0.9) {
            let a: Vec<(f64, f64)> = g
                .iter()
                .map(|(x, y)| (x + rng.range(-3.0, 3.0), y + rng.range(-3.0, 3.0)))
                .collect();
            ans.push(json!({"label": label, "points": pts(&a)}));
        }
    }
    rng.shuffle(&mut ans);
    (
        json!({"kind": "polygons", "image": {"width": 1920, "height": 1080}, "gold": gold}),
        json!(ans),
    )
}

/// `n` 17-point person skeletons, answers with points a few pixels off and some left unlabeled.
fn keypoints(rng: &mut Lcg, n: usize) -> (Value, Value) {
    let mut gold = Vec::new();
    let mut ans = Vec::new();
    for k in 0..n {
        let (x, y) = ((k % 5) as f64 * 380.0 + 20.0, (k / 5) as f64 * 260.0 + 20.0);
        let (w, h) = (rng.range(80.0, 150.0), rng.range(150.0, 230.0));
        let g: Vec<(f64, f64, u8)> = (0..17)
            .map(|_| {
                (
                    x + rng.range(0.0, w),
                    y + rng.range(0.0, h),
                    if rng.chance(0.1) { 0 } else { 2 },
                )
            })
            .collect();
        let a: Vec<Value> = g
            .iter()
            .map(|(px, py, v)| {
                if rng.chance(0.05) {
                    json!([0, 0, 0])
                } else {
                    json!([
                        r1(px + rng.range(-4.0, 4.0)),
                        r1(py + rng.range(-4.0, 4.0)),
                        v
                    ])
                }
            })
            .collect();
        let gk: Vec<Value> = g
            .iter()
            .map(|(px, py, v)| json!([r1(*px), r1(*py), v]))
            .collect();
        gold.push(
            json!({"label": "person", "bbox": [r1(x), r1(y), r1(w), r1(h)], "keypoints": gk}),
        );
        ans.push(json!({"label": "person", "bbox": [r1(x), r1(y), r1(w), r1(h)], "keypoints": a}));
    }
    rng.shuffle(&mut ans);
    (
        json!({"kind": "keypoints", "image": {"width": 1920, "height": 1080}, "gold": gold}),
        json!(ans),
    )
}

const HANZI: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理";

/// A transcript of `n` characters (Chinese, with punctuation every 12–20 characters) and an answer
/// with ~5 % of characters substituted, deleted or inserted.
fn transcript(rng: &mut Lcg, n: usize) -> (Value, Value) {
    let pool: Vec<char> = HANZI.chars().collect();
    let mut gold = String::new();
    let mut ans = String::new();
    let mut since = 0;
    let mut count = 0;
    while count < n {
        if since > 12 && rng.chance(0.15) {
            gold.push('，');
            ans.push(',');
            since = 0;
            continue;
        }
        let c = pool[rng.int(pool.len())];
        gold.push(c);
        count += 1;
        since += 1;
        let p = rng.f();
        if p < 0.03 {
            ans.push(pool[rng.int(pool.len())]);
        } else if p < 0.04 {
        } else if p < 0.05 {
            ans.push(c);
            ans.push(pool[rng.int(pool.len())]);
        } else {
            ans.push(c);
        }
    }
    (
        json!({"kind": "transcript", "gold": {"text": gold}}),
        json!({"text": ans}),
    )
}

/// One small task of kind number `k` (0–13) with a plausible answer, as a `--batch` line.
fn mixed_line(rng: &mut Lcg, k: usize) -> String {
    let (task, answer) = match k % 14 {
        0 => {
            let n = 3 + rng.int(8);
            boxes(rng, n)
        }
        1 => {
            let n = 2 + rng.int(3);
            polygons(rng, n, 8)
        }
        2 => {
            let n = 1 + rng.int(2);
            keypoints(rng, n)
        }
        3 => {
            let l = |rng: &mut Lcg| -> Vec<(f64, f64)> {
                (0..4)
                    .map(|i| {
                        (
                            i as f64 * 100.0 + rng.range(0.0, 5.0),
                            rng.range(300.0, 320.0),
                        )
                    })
                    .collect()
            };
            let g = l(rng);
            let a = l(rng);
            (
                json!({"kind": "polylines", "image": {"width": 640, "height": 480}, "gold": [{"label": "lane", "points": pts(&g)}]}),
                json!([{"label": "lane", "points": pts(&a)}]),
            )
        }
        4 => {
            let segs = |rng: &mut Lcg| -> Vec<Value> {
                (0..5)
                    .map(|i| {
                        let s = i as f64 * 3.0 + rng.range(0.0, 0.3);
                        json!({"label": "speech", "start": r1(s), "end": r1(s + 2.0)})
                    })
                    .collect()
            };
            (
                json!({"kind": "segments", "gold": segs(rng)}),
                json!(segs(rng)),
            )
        }
        5 => {
            let text = "张三在北京的清华大学工作，李四住在上海。";
            let a = if rng.chance(0.5) {
                json!([{"label": "PER", "start": 0, "end": 2}, {"label": "LOC", "start": 3, "end": 5}])
            } else {
                json!([{"label": "PER", "start": 0, "end": 2}])
            };
            (
                json!({"kind": "spans", "text": text, "labels": ["PER", "LOC", "ORG"], "gold": [
                {"label": "PER", "start": 0, "end": 2}, {"label": "LOC", "start": 3, "end": 5},
                {"label": "ORG", "start": 6, "end": 10}, {"label": "PER", "start": 13, "end": 15}, {"label": "LOC", "start": 17, "end": 19}]}),
                a,
            )
        }
        6 => {
            let l = |rng: &mut Lcg| {
                if rng.chance(0.7) {
                    "positive"
                } else {
                    "negative"
                }
            };
            (
                json!({"kind": "classify", "labels": ["positive", "negative"], "gold": {"labels": {"e1": "positive", "e2": "negative", "e3": "positive", "e4": "negative"}}}),
                json!({"labels": {"e1": l(rng), "e2": l(rng), "e3": l(rng), "e4": l(rng)}}),
            )
        }
        7 => (
            json!({"kind": "select", "gold": {"ids": ["e2", "e5", "e7"]}}),
            json!({"ids": if rng.chance(0.5) { json!(["e5", "e2", "e7"]) } else { json!(["e2", "e3"]) }}),
        ),
        8 => transcript(rng, 30),
        9 => (
            json!({"kind": "table", "gold": {"cells": {"cars": 12, "buses": 3, "people": 7}}}),
            json!({"cells": {"cars": 12, "buses": rng.int(5), "people": 7}}),
        ),
        10 => (
            json!({"kind": "single_choice", "options": ["a", "b", "c", "d"], "gold": {"choice": "B"}}),
            json!({"choice": (["A", "B", "C", "D"])[rng.int(4)]}),
        ),
        11 => (
            json!({"kind": "multi_choice", "options": ["a", "b", "c", "d"], "params": {"partial": true}, "gold": {"choices": ["A", "C"]}}),
            json!({"choices": ["A", "D"]}),
        ),
        12 => (
            json!({"kind": "true_false", "gold": {"answer": true}}),
            json!({"answer": rng.chance(0.5)}),
        ),
        _ => (
            json!({"kind": "rubric", "criteria": [{"id": "c1", "text": "t", "max": 10, "guide": "g"}, {"id": "c2", "text": "t", "max": 5, "guide": "g"}]}),
            json!({"criteria": {"c1": rng.int(11), "c2": rng.int(6)}}),
        ),
    };
    if rng.chance(0.01) {
        // An invalid line: it gives {"error": …} and the batch goes on.
        return json!({"task": task, "answer": 42}).to_string();
    }
    json!({"task": task, "answer": answer}).to_string()
}

fn bench_score(c: &mut Criterion) {
    let mut rng = Lcg(20260101);
    let mut g = c.benchmark_group("score");
    let (t, a) = boxes(&mut rng, 100);
    g.bench_function("boxes_100x100", |b| {
        b.iter(|| score(black_box(&t), black_box(&a)).unwrap())
    });
    let (t, a) = polygons(&mut rng, 50, 32);
    g.bench_function("polygons_50x50_32v", |b| {
        b.iter(|| score(black_box(&t), black_box(&a)).unwrap())
    });
    let (t, a) = keypoints(&mut rng, 20);
    g.bench_function("keypoints_20x20_17p", |b| {
        b.iter(|| score(black_box(&t), black_box(&a)).unwrap())
    });
    let (t, a) = transcript(&mut rng, 500);
    g.bench_function("transcript_500", |b| {
        b.iter(|| score(black_box(&t), black_box(&a)).unwrap())
    });
    g.finish();
}

fn bench_batch_boxes(c: &mut Criterion) {
    let mut rng = Lcg(7);
    let lines: Vec<String> = (0..10_000)
        .map(|_| {
            let n = 3 + rng.int(8);
            let (t, a) = boxes(&mut rng, n);
            json!({"task": t, "answer": a}).to_string()
        })
        .collect();
    // Sanity: every box line scores.
    assert!(
        lines
            .iter()
            .all(|l| !batch_line(l).starts_with("{\"error\""))
    );
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function("boxes_10k", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(batch_line(black_box(l)));
            }
        })
    });
    g.finish();
}

fn bench_batch_mixed(c: &mut Criterion) {
    let mut rng = Lcg(11);
    let lines: Vec<String> = (0..100_000).map(|k| mixed_line(&mut rng, k)).collect();
    // Sanity: about 1 % of the lines are (deliberately) invalid.
    let errors = lines
        .iter()
        .filter(|l| {
            // An error line is {"code": …, "error": …}.
            serde_json::from_str::<Value>(&batch_line(l)).is_ok_and(|v| v.get("error").is_some())
        })
        .count();
    assert!(
        errors > 500 && errors < 1500,
        "{errors} invalid mixed lines"
    );
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function("mixed_100k", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(batch_line(black_box(l)));
            }
        })
    });
    g.finish();
}

/// What the typed entry point ([`annocert::scoring::score_task`], used by the app) adds to the
/// JSON one: the task's round trip through its JSON form, for a choice question and a 20-box
/// image.
fn bench_typed(c: &mut Criterion) {
    use annocert::scoring::{Task, score_task};
    let mut rng = Lcg(20261207);
    let mut g = c.benchmark_group("typed");
    let choice = (
        json!({"kind": "single_choice", "options": ["a", "b", "c", "d"], "gold": {"choice": "B"}}),
        json!({"choice": "C"}),
    );
    for (name, (t, a)) in [
        ("single_choice", choice),
        ("boxes_20x20", boxes(&mut rng, 20)),
    ] {
        let typed: Task = serde_json::from_value(t.clone()).unwrap();
        g.bench_function(format!("{name}_json"), |b| {
            b.iter(|| score(black_box(&t), black_box(&a)).unwrap())
        });
        g.bench_function(format!("{name}_typed"), |b| {
            b.iter(|| score_task(black_box(&typed), black_box(&a)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_score,
    bench_typed,
    bench_batch_boxes,
    bench_batch_mixed
);
criterion_main!(benches);
