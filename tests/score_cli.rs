//! `annocert score`: one result as JSON; exit status 2 and one stderr line on bad input;
//! `--batch FILE.jsonl`, one output line per input line. (Rules: docs/scoring.md.)

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{Value, json};

/// Writes `content` to a fresh file under the temp dir and returns its path.
fn temp_file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("annocert-score-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn annocert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annocert"))
        .args(args)
        .output()
        .expect("run annocert")
}

fn score_files(test: &str, task: &Value, answer: &Value) -> Output {
    let t = temp_file(&format!("{test}-task.json"), &task.to_string());
    let a = temp_file(&format!("{test}-answer.json"), &answer.to_string());
    annocert(&[
        "score",
        "--task",
        t.to_str().unwrap(),
        "--answer",
        a.to_str().unwrap(),
    ])
}

fn boxes_task() -> Value {
    json!({
        "kind": "boxes",
        "image": {"width": 640, "height": 480},
        "labels": ["car", "bus"],
        "gold": [
            {"label": "car", "bbox": [0, 0, 10, 10]},
            {"label": "car", "bbox": [100, 100, 20, 20]},
            {"label": "bus", "bbox": [200, 200, 40, 20]}
        ]
    })
}

#[test]
fn prints_the_result_json() {
    let answer = json!({"answer": [
        {"label": "car", "bbox": [2, 0, 10, 10]},
        {"label": "car", "bbox": [105, 105, 20, 20]},
        {"label": "car", "bbox": [200, 200, 40, 20]}
    ]});
    let out = score_files("ok", &boxes_task(), &answer);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    // docs/scoring.md §3.1: tp 1, mismatched 1, fn 1, fp 1 → accuracy 1/4.
    assert_eq!(v["kind"], json!("boxes"));
    assert_eq!(v["score"], json!(0.25));
    assert_eq!(v["grader"], json!("boxes@1"));
    assert_eq!(v["metrics"]["tp"], json!(1));
    assert_eq!(v["metrics"]["mismatched"], json!(1));
    assert_eq!(v["metrics"]["fn"], json!(1));
    assert_eq!(v["metrics"]["fp"], json!(1));
    assert_eq!(v["matches"].as_array().unwrap().len(), 2);
    assert_eq!(v["feedback"][0]["type"], json!("low_overlap"));
    assert_eq!(v["feedback"][1]["type"], json!("wrong_label"));
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    for k in ["kind", "score", "metrics", "matches", "feedback", "grader"] {
        assert!(v.get(k).is_some(), "missing {k} in {keys:?}");
    }
}

#[test]
fn bad_answer_exits_2_with_one_line() {
    let task = json!({"kind": "polygons", "gold": []});
    let answer = json!({"answer": [
        {"label": "a", "points": [[0, 0], [10, 0], [10, 10]]},
        {"label": "a", "points": [[0, 0], [10, 0], [10, 10]]},
        {"label": "a", "points": [[0, 0], [100, 88], [140, 88], [160, 40], [120.5, 60], [120.5, 120]]}
    ]});
    let out = score_files("bad-answer", &task, &answer);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
    assert!(
        err.contains("answer[2].points: edges 1 and 4 cross at (120.5, 88.0)"),
        "stderr: {err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_task_exits_2_with_one_line() {
    let out = score_files(
        "bad-task",
        &json!({"kind": "boxez", "gold": []}),
        &json!({"answer": []}),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
    assert!(
        err.contains("task.kind: unknown kind \"boxez\""),
        "stderr: {err}"
    );
}

#[test]
fn unreadable_input_exits_2() {
    let t = temp_file("unreadable-task.json", "{ not json");
    let a = temp_file("unreadable-answer.json", "{\"answer\": []}");
    let out = annocert(&[
        "score",
        "--task",
        t.to_str().unwrap(),
        "--answer",
        a.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr)
            .trim_end()
            .lines()
            .count(),
        1
    );
}

#[test]
fn batch_gives_one_line_per_input_line() {
    let lines = [
        json!({"task": {"kind": "true_false", "gold": {"answer": true}}, "answer": {"answer": true}}).to_string(),
        "this is not JSON".to_string(),
        json!({"task": boxes_task(), "answer": [{"label": "truck", "bbox": [0, 0, 1, 1]}]}).to_string(),
        json!({"task": {"kind": "select", "gold": {"ids": ["e2", "e5"]}}, "answer": {"ids": ["e5", "e1"]}}).to_string(),
    ];
    let f = temp_file("batch.jsonl", &(lines.join("\n") + "\n"));
    let out = annocert(&["score", "--batch", f.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let results: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 4, "{stdout}");
    assert_eq!(results[0]["score"], json!(1.0));
    assert!(results[1]["error"].is_string());
    assert_eq!(
        results[2]["error"],
        json!("answer[0].label: \"truck\" is not one of the task's labels (car, bus)")
    );
    assert_eq!(results[2]["code"], json!("input_error.not_a_label"));
    // select: tp 1, fn 1, fp 1 → accuracy 1/3.
    assert_eq!(results[3]["kind"], json!("select"));
    assert!((results[3]["score"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn batch_keeps_input_order_across_blocks_and_cores() {
    // 10,001 lines: more than two blocks of 4,096, scored in parallel. Line i is right exactly
    // when i is a multiple of 3, so every output line can be told from its neighbours.
    let n = 10_001;
    let lines: Vec<String> = (0..n)
        .map(|i| {
            json!({"task": {"kind": "true_false", "gold": {"answer": i % 3 == 0}}, "answer": {"answer": true}})
                .to_string()
        })
        .collect();
    let f = temp_file("order.jsonl", &(lines.join("\n") + "\n"));
    let out = annocert(&["score", "--batch", f.to_str().unwrap()]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let scores: Vec<f64> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["score"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(scores.len(), n);
    for (i, s) in scores.iter().enumerate() {
        assert_eq!(*s, if i % 3 == 0 { 1.0 } else { 0.0 }, "line {i}");
    }
}
