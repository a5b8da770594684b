//! The progress model's cost per trainee (criterion): what the progress page and each row of the
//! cohort table compute from a trainee's answers.
//!
//! Run: `cargo bench --bench progress` (figures in docs/performance.md).

use std::hint::black_box;

use annocert::app::progress::{activity, assess};
use annocert::curriculum::Level;
use annocert::store::progress::Outcome;
use criterion::{Criterion, criterion_group, criterion_main};

const NOW: i64 = 1_795_881_600_000;

/// `n` answers over 90 days on the level-5 skills, scores spread deterministically.
fn outcomes(n: usize) -> Vec<Outcome> {
    let skills = [
        "0.1.1", "0.1.2", "0.2.1", "0.2.2", "0.2.3", "1.1.1", "1.1.2", "1.2.1", "1.2.2", "2.1.1",
        "2.1.2", "2.2.1", "2.2.2", "3.1.1", "3.1.2", "3.2.1",
    ];
    (0..n)
        .map(|i| {
            let at = NOW - (i as i64 % 90) * 86_400_000 - (i as i64 % 600) * 1000;
            Outcome {
                level: Level::FIVE,
                component: if i % 3 == 0 { "skill" } else { "theory" }.into(),
                skills: skills[i % skills.len()].into(),
                score: ((i * 37) % 101) as f64 / 100.0,
                created_at: at - 45_000,
                submitted_at: at,
                mock_id: None,
            }
        })
        .collect()
}

fn progress(c: &mut Criterion) {
    let curriculum = annocert::curriculum::shipped();
    let mut g = c.benchmark_group("progress");
    for n in [200, 5000] {
        let o = outcomes(n);
        g.bench_function(format!("assess_{n}"), |b| {
            b.iter(|| black_box(assess(curriculum, Level::FIVE, black_box(&o), NOW)))
        });
        g.bench_function(format!("activity_{n}"), |b| {
            b.iter(|| {
                black_box(activity(
                    black_box(&o),
                    &[],
                    chrono_tz::Asia::Shanghai,
                    20_786,
                ))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, progress);
criterion_main!(benches);
