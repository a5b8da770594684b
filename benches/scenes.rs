//! Scene benchmarks (criterion). Every iteration draws a new seed, so the figures are averages
//! over many scenes, not one lucky layout.
//!
//! Run: `cargo bench --bench scenes` (figures in docs/performance.md). The cases:
//! - `scenes/street_l3_svg`: generate a level-3 street scene and write its SVG (target < 5 ms);
//! - `scenes/street_l3_png`: the same, rendered to PNG with resvg (target < 50 ms);
//! - `scenes/street_l3_task`: generate and write the task JSON (gold included) and the masks;
//! - `scenes/{aerial,people,roads}_l3_png`, `scenes/text_l3_task`: the other kinds, for reference.

use std::hint::black_box;

use annocert::curriculum::Level;
use annocert::scenes::{SceneKind, generate, masks_json, masks_svg, render_png};
use criterion::{Criterion, criterion_group, criterion_main};

/// The level every case draws.
const THREE: Level = Level::new(3).expect("a level");

fn scenes(c: &mut Criterion) {
    let mut g = c.benchmark_group("scenes");
    let mut seed = 0u64;
    g.bench_function("street_l3_svg", |b| {
        b.iter(|| {
            seed += 1;
            let s = generate(SceneKind::Street, THREE, black_box(seed));
            black_box(s.svg())
        })
    });
    g.bench_function("street_l3_png", |b| {
        b.iter(|| {
            seed += 1;
            let s = generate(SceneKind::Street, THREE, black_box(seed));
            black_box(render_png(&s.svg().expect("svg")).expect("png"))
        })
    });
    g.bench_function("street_l3_task", |b| {
        b.iter(|| {
            seed += 1;
            let s = generate(SceneKind::Street, THREE, black_box(seed));
            black_box((s.task().to_string(), masks_svg(&s), masks_json(&s)))
        })
    });
    for (name, kind) in [
        ("aerial_l3_png", SceneKind::Aerial),
        ("people_l3_png", SceneKind::People),
        ("roads_l3_png", SceneKind::Roads),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                seed += 1;
                let s = generate(kind, THREE, black_box(seed));
                black_box(render_png(&s.svg().expect("svg")).expect("png"))
            })
        });
    }
    g.bench_function("text_l3_task", |b| {
        b.iter(|| {
            seed += 1;
            black_box(
                generate(SceneKind::Text, THREE, black_box(seed))
                    .task()
                    .to_string(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, scenes);
criterion_main!(benches);
