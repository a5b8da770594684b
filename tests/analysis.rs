//! Item analysis (试题分析) through the API on SQLite or PostgreSQL: a session's report agrees
//! with an independent computation from the stored answers; level reports, exports and who
//! may see them.

mod common;

use std::collections::BTreeMap;

use common::exam::{OPENS, act, answer_url, center, create_session, enrol, golds, start};
use common::person;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A wrong answer of the same kind as `gold`.
fn wrong(gold: &Value) -> Value {
    if let Some(c) = gold.get("choice").and_then(Value::as_str) {
        json!({ "choice": if c == "A" { "B" } else { "A" } })
    } else if let Some(b) = gold.get("answer").and_then(Value::as_bool) {
        json!({ "answer": !b })
    } else {
        json!(null)
    }
}

/// Pearson's r, written out (the production code is `analysis::pearson`).
fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    (sxx > 1e-12 && syy > 1e-12).then(|| sxy / (sxx * syy).sqrt())
}

#[tokio::test]
async fn a_sessions_item_analysis_matches_an_independent_computation() {
    let c = center().await;
    let t = &c.t;
    let id = create_session(&c, "an1").await;
    t.clock.set(OPENS);
    // Four candidates: all right; every second right; every third right; nothing answered.
    for (k, name) in ["ana1", "ana2", "ana3", "ana4"].iter().enumerate() {
        let b = person(t, &c.admin, "trainee", name).await;
        let e = enrol(&c, &id, name, 2).await;
        act(
            &c,
            &id,
            e["candidate"]["id"].as_str().unwrap(),
            json!({"action": "admit"}),
        )
        .await;
        let paper = start(&b, &id).await;
        if k < 3 {
            for (j, (attempt, gold)) in golds(t, &paper).await.into_iter().enumerate() {
                let answer = if j % (k + 1) == 0 { gold } else { wrong(&gold) };
                let r = b.put_answer(&answer_url(&attempt), answer, 1).await;
                assert_eq!(r.status(), StatusCode::OK);
            }
        }
        let r = b
            .post_json(&format!("/api/v1/exam-papers/{paper}/hand-in"), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }

    let (s, r) = c
        .admin
        .get_json(&format!(
            "/api/v1/exam-sessions/{id}/analysis?component=theory"
        ))
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["papers"], 4);

    // The independent computation, straight from the stored papers and answers.
    let rows: Vec<(String, String, String, f64, f64)> = sqlx::query_as(
        "SELECT m.id, p.id, p.version_id, p.score, m.score FROM practice_answers p
         JOIN mock_exams m ON m.id = p.mock_id WHERE m.candidate_id IS NOT NULL",
    )
    .fetch_all(&t.app().db.pool)
    .await
    .unwrap();
    // Theory items are worth 0.5 points each at level 5 (200 questions, 100 points).
    let points: BTreeMap<String, f64> = {
        let papers: Vec<(String, String)> =
            sqlx::query_as("SELECT id, paper FROM mock_exams WHERE candidate_id IS NOT NULL")
                .fetch_all(&t.app().db.pool)
                .await
                .unwrap();
        let mut m = BTreeMap::new();
        for (_, paper) in papers {
            for e in serde_json::from_str::<Vec<Value>>(&paper).unwrap() {
                m.insert(
                    e["attempt"].as_str().unwrap().to_string(),
                    e["points"].as_f64().unwrap(),
                );
            }
        }
        m
    };
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for (paper, attempt, _, score, _) in &rows {
        *totals.entry(paper.as_str()).or_default() += score * points[attempt];
    }
    let mut by_version: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
    for (paper, attempt, version, score, _) in &rows {
        let rest = totals[paper.as_str()] - score * points[attempt];
        by_version
            .entry(version.as_str())
            .or_default()
            .push((*score, rest));
    }
    let items = r["items"].as_array().unwrap();
    assert_eq!(items.len(), by_version.len());
    let mut checked = 0;
    for i in items {
        let v = i["version_id"].as_str().unwrap();
        let xs: Vec<f64> = by_version[v].iter().map(|p| p.0).collect();
        let rests: Vec<f64> = by_version[v].iter().map(|p| p.1).collect();
        assert_eq!(i["n"].as_u64().unwrap() as usize, xs.len());
        let p = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((i["facility"].as_f64().unwrap() - p).abs() < 1e-9, "{i}");
        if xs.len() >= 3 {
            match (pearson(&xs, &rests), i["discrimination"].as_f64()) {
                (Some(want), Some(got)) => {
                    assert!((want - got).abs() < 1e-9, "{v}: {want} vs {got}");
                    checked += 1;
                }
                (None, None) => {}
                (want, got) => panic!("{v}: {want:?} vs {got:?}"),
            }
        }
        // Option counts add up to the answers that chose something.
        if let Some(opts) = i["options"].as_array().filter(|o| !o.is_empty()) {
            let chosen: u64 = opts.iter().map(|o| o["chosen"].as_u64().unwrap()).sum();
            assert!(chosen <= xs.len() as u64, "{i}");
            assert_eq!(opts.iter().filter(|o| o["key"] == true).count(), 1, "{i}");
        }
    }
    assert!(checked > 10, "only {checked} items with r");
    // The paper: mean of the four totals; the last candidate scored 0.
    let mean = rows
        .iter()
        .map(|r| (r.0.as_str(), r.4))
        .collect::<BTreeMap<_, _>>()
        .values()
        .sum::<f64>()
        / 4.0;
    assert!(
        (r["distribution"]["mean"].as_f64().unwrap() - mean).abs() < 1e-9,
        "{r}"
    );
    assert!(r["reliability"]["alpha"].as_f64().is_some(), "{r}");

    // Exports: CSV with a BOM and the header; XLSX.
    let res = c
        .admin
        .get(&format!(
            "/center/exams/{id}/analysis/export/csv?component=theory"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"));
    let res = c
        .admin
        .get(&format!(
            "/center/exams/{id}/analysis/export/xlsx?component=theory"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));
    // The pages.
    let res = c.admin.get(&format!("/center/exams/{id}/analysis")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = c.admin.get("/center/analysis?level=5&source=exams").await;
    assert_eq!(res.status(), StatusCode::OK);

    // The level report of the center sees the same four papers; mock exams none.
    let (s, l) = c.admin.get_json("/api/v1/analysis?level=5").await;
    assert_eq!(s, StatusCode::OK, "{l}");
    assert_eq!(l["papers"], 4);
    let (_, m) = c
        .admin
        .get_json("/api/v1/analysis?level=5&source=mocks")
        .await;
    assert_eq!(m["papers"], 0);
    let (s, _) = c
        .admin
        .get_json("/api/v1/analysis?level=5&source=nope")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // A number that is no level has no report.
    let (s, _) = c.admin.get_json("/api/v1/analysis?level=9").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Who may see it: not the proctor, not a trainee, not another center.
    let (s, _) = c
        .proctor
        .get_json(&format!("/api/v1/exam-sessions/{id}/analysis"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = c.proctor.get_json("/api/v1/analysis?level=5").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let platform = t.client().await;
    platform.login_ok("admin", "Platform-pass-2026").await;
    let (_, other) = t.center_admin(&platform, "zz09").await;
    let (s, _) = other
        .get_json(&format!("/api/v1/exam-sessions/{id}/analysis"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, o) = other.get_json("/api/v1/analysis?level=5").await;
    assert_eq!(o["papers"], 0);
    // The platform admin sees every center's.
    let (_, p) = platform.get_json("/api/v1/analysis?level=5").await;
    assert_eq!(p["papers"], 4);
    // … or one center's, by code; an unknown code is missing.
    let (_, p) = platform
        .get_json("/api/v1/analysis?level=5&center=zz09")
        .await;
    assert_eq!(p["papers"], 0);
    let (s, _) = platform
        .get_json("/api/v1/analysis?level=5&center=nope")
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
