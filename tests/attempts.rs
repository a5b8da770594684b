//! The attempt engine over HTTP: saves racing a hand-in, sequence numbers, conflict codes, and
//! the CSRF rule for requests that carry an `Authorization` header.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{TestApp, error_code};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A signed-in trainee (password changed), with the shipped banks imported.
async fn trainee(t: &TestApp) -> common::Browser {
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let (login, otp) = common::make_trainee(t, "at").await;
    let b = t.client().await;
    b.login_ok(&login, &otp).await;
    b.change_password(&otp, "Trainee-pass-2026").await;
    b
}

/// Starts a level-5 theory mock exam; its id and paper.
async fn start_mock(t: &TestApp, b: &common::Browser) -> (String, Vec<Value>) {
    let r = b.post_form("/mock", &[("level", "5")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let id = to.split('/').nth(2).unwrap().to_string();
    let (paper,): (String,) = sqlx::query_as("SELECT paper FROM mock_exams WHERE id = $1")
        .bind(&id)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    (id, serde_json::from_str(&paper).unwrap())
}

fn answer_url(attempt: &str) -> String {
    format!("/api/v1/practice/attempts/{attempt}/answer")
}

/// The k-th answer a racing writer sends to a true/false question.
fn nth_answer(k: i64) -> Value {
    json!({ "answer": k % 2 == 0 })
}

#[tokio::test]
async fn saves_racing_a_hand_in_are_either_graded_or_refused() {
    // Eight writers on one session save far faster than a person: no request limit here.
    let t = TestApp::spawn_limited(annocert::config::RateLimits {
        per_address: 0,
        per_client: 0,
    })
    .await;
    let b = trainee(&t).await;
    for round in 0..3 {
        let (mock_id, paper) = start_mock(&t, &b).await;
        // Eight true/false questions, each written by its own task as fast as the server takes
        // it, while the paper is handed in.
        let questions: Vec<(String, String)> = paper
            .iter()
            .filter(|e| e["kind"] == "true_false")
            .take(8)
            .map(|e| {
                (
                    e["attempt"].as_str().unwrap().to_string(),
                    e["version"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(questions.len(), 8);
        let mut writers = vec![];
        let landed = Arc::new(AtomicUsize::new(0));
        for (attempt, _) in &questions {
            let (http, base, csrf, attempt) = (
                b.http.clone(),
                b.base.clone(),
                b.csrf.clone(),
                attempt.clone(),
            );
            let landed = landed.clone();
            writers.push(tokio::spawn(async move {
                let mut acked = 0i64;
                // Until the hand-in refuses a save (bounded, should it never come).
                for seq in 1..=100_000i64 {
                    let r = http
                        .put(format!("{base}{}", answer_url(&attempt)))
                        .header("x-csrf-token", &csrf)
                        .json(&json!({ "answer": nth_answer(seq), "seq": seq }))
                        .send()
                        .await
                        .unwrap();
                    match r.status() {
                        StatusCode::OK => {
                            let v: Value = r.json().await.unwrap();
                            assert_eq!(v["seq"], seq);
                            acked = seq;
                            landed.fetch_add(1, Ordering::SeqCst);
                        }
                        StatusCode::CONFLICT => {
                            let v: Value = r.json().await.unwrap();
                            assert_eq!(v["error"]["code"], "closed", "{v}");
                            return (attempt, acked, true);
                        }
                        s => panic!("save answered {s}"),
                    }
                }
                (attempt, acked, false)
            }));
        }
        // Hand in once the writers are going: after 16 acknowledged saves (more in later rounds),
        // a condition rather than a time, so a slow machine races just the same.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while landed.load(Ordering::SeqCst) < 16 * (round + 1) {
            assert!(
                std::time::Instant::now() < deadline,
                "the writers never got going"
            );
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        let r = b.post_form(&format!("/mock/{mock_id}/submit"), &[]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let mut acked: BTreeMap<String, i64> = BTreeMap::new();
        for w in writers {
            let (attempt, seq, closed) = w.await.unwrap();
            // Every writer was still saving when the paper was handed in: a real race.
            assert!(
                closed,
                "round {round}: a writer finished before the hand-in"
            );
            acked.insert(attempt, seq);
        }
        for (attempt, version) in &questions {
            let (seq, answer, score, submitted): (i64, Option<String>, Option<f64>, Option<i64>) =
                sqlx::query_as(
                    "SELECT seq, answer, score, submitted_at FROM practice_answers WHERE id = $1",
                )
                .bind(attempt)
                .fetch_one(&t.app().db.pool)
                .await
                .unwrap();
            let last = acked[attempt];
            // Every acknowledged save is in the graded answer, and nothing refused is.
            assert_eq!(seq, last, "round {round}: stored seq vs last acknowledged");
            assert!(submitted.is_some());
            let (content,): (String,) =
                sqlx::query_as("SELECT content FROM item_versions WHERE id = $1")
                    .bind(version)
                    .fetch_one(&t.app().db.pool)
                    .await
                    .unwrap();
            let gold: Value = serde_json::from_str::<Value>(&content).unwrap()["gold"].clone();
            if last == 0 {
                assert_eq!(answer, None);
                assert_eq!(score, Some(0.0));
            } else {
                let stored: Value = serde_json::from_str(answer.as_deref().unwrap()).unwrap();
                assert_eq!(stored, nth_answer(last));
                // …and the score is that answer's.
                let right = stored == gold;
                assert_eq!(score, Some(if right { 1.0 } else { 0.0 }));
            }
        }
    }
}

#[tokio::test]
async fn stale_closed_and_absurd_saves_are_told_apart() {
    let t = TestApp::spawn().await;
    let b = trainee(&t).await;
    let (mock_id, paper) = start_mock(&t, &b).await;
    let url = answer_url(paper[0]["attempt"].as_str().unwrap());
    let r = b.put_answer(&url, json!({"answer": true}), 1).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Stale: 409 "stale" with the current state to adopt.
    let r = b.put_answer(&url, json!({"answer": false}), 1).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "stale");
    assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    assert_eq!(v["seq"], 1);
    assert_eq!(v["answer"], json!({"answer": true}));
    // An absurd seq is refused and does not lock the attempt.
    let r = b.put_answer(&url, json!({"answer": false}), i64::MAX).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = b.put_answer(&url, json!({"answer": false}), 2).await;
    assert_eq!(r.status(), StatusCode::OK);
    // A mock question cannot be submitted alone.
    let r = b
        .post_json(
            &format!(
                "/api/v1/practice/attempts/{}/submit",
                paper[0]["attempt"].as_str().unwrap()
            ),
            &json!({"answer": {"answer": true}, "seq": 3}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "hand_in_required");
    // Closed: handed in.
    let r = b.post_form(&format!("/mock/{mock_id}/submit"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b.put_answer(&url, json!({"answer": true}), 3).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "closed");
}

/// A stored answer and seq, read directly.
async fn stored(t: &TestApp, attempt: &str) -> (Option<String>, i64) {
    sqlx::query_as("SELECT answer, seq FROM practice_answers WHERE id = $1")
        .bind(attempt)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn saves_committed_together_land_as_each_would_alone() {
    use annocert::store::attempts::{Landed, NewSave, save_each};
    let t = TestApp::spawn().await;
    let b = trainee(&t).await;
    let (mock_id, paper) = start_mock(&t, &b).await;
    let attempt = |k: usize| paper[k]["attempt"].as_str().unwrap().to_string();
    let now = t.app().now();
    let save = |k: usize, seq: i64, at: i64| NewSave {
        id: attempt(k),
        mock_id: Some(mock_id.clone()),
        device: None,
        answer: format!("{{\"answer\":{}}}", seq % 2 == 0),
        seq,
        flagged: false,
        now: at,
    };
    let mut practice = save(2, 1, now);
    practice.mock_id = None;
    practice.id = "no-such-attempt".into();
    let batch = [
        save(0, 3, now),
        // Older than the save before it in the same batch: stale, as it would be alone.
        save(0, 2, now),
        save(1, 1, now),
        practice,
        // Long past the paper's deadline and grace.
        save(2, 1, now + 10 * 86_400_000),
    ];
    let mut tx = t.app().db.begin_write().await.unwrap();
    let landed = save_each(&mut tx, &batch.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        landed,
        [
            Landed::Saved,
            Landed::NotSaved,
            Landed::Saved,
            Landed::NotSaved,
            Landed::PaperClosed
        ]
    );
    assert_eq!(
        stored(&t, &attempt(0)).await,
        (Some(r#"{"answer":false}"#.into()), 3)
    );
    assert_eq!(stored(&t, &attempt(1)).await.1, 1);
    assert_eq!(stored(&t, &attempt(2)).await.1, 0);

    // Through the queue, many at once: one save the database refuses (PostgreSQL does not
    // store NUL in text; SQLite does) fails alone, every other lands.
    let writes = annocert::app::writes::Writes::start(t.app().db.clone());
    let mut calls = vec![];
    for k in 3..33 {
        let mut s = save(k, 5, now);
        if k == 7 {
            s.answer = "\0".into();
        }
        let writes = writes.clone();
        calls.push(tokio::spawn(async move { writes.save(s).await }));
    }
    let postgres = t.app().db.backend == annocert::db::Backend::Postgres;
    for (k, call) in (3..33).zip(calls) {
        match call.await.unwrap() {
            Ok(l) => {
                assert!(k != 7 || !postgres, "PostgreSQL stored a NUL");
                assert_eq!(l, Landed::Saved);
                assert_eq!(stored(&t, &attempt(k)).await.1, 5);
            }
            Err(e) => {
                assert!(k == 7 && postgres, "save {k} failed: {e}");
                assert_eq!(stored(&t, &attempt(k)).await.1, 0);
            }
        }
    }
}

#[tokio::test]
async fn a_practice_submit_never_overwrites_a_newer_save() {
    let t = TestApp::spawn().await;
    let b = trainee(&t).await;
    let version = common::version_of(&t, "L5-T-AIB-002").await;
    let page = b.get(&format!("/practice/items/{version}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let save = format!("/api/v1/practice/{version}/answer");
    let submit = format!("/api/v1/practice/{version}/submit");
    let r = b.put_answer(&save, json!({"answer": true}), 5).await;
    assert_eq!(r.status(), StatusCode::OK);
    // A submit built on an older seq is stale: the newer save stays.
    let r = b
        .post_json(&submit, &json!({"answer": {"answer": false}, "seq": 3}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "stale");
    let r = b
        .post_json(&submit, &json!({"answer": {"answer": false}, "seq": 6}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let r = b
        .post_json(&submit, &json!({"answer": {"answer": true}, "seq": 7}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "submitted");
    let r = b.put_answer(&save, json!({"answer": true}), 8).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(r).await, "submitted");
}

#[tokio::test]
async fn only_a_valid_api_token_skips_the_csrf_check() {
    let t = TestApp::spawn().await;
    let b = trainee(&t).await;
    let version = common::version_of(&t, "L5-T-AIB-002").await;
    b.get(&format!("/practice/items/{version}")).await;
    let save = b.url(&format!("/api/v1/practice/{version}/answer"));
    let body = json!({"answer": {"answer": true}, "seq": 1});
    // The session cookie authenticates this request: another scheme in Authorization does not
    // make it exempt.
    let r = b
        .http
        .put(&save)
        .header("authorization", "Basic Zm9vOmJhcg==")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "csrf");
    // An unknown bearer token is 401, whatever cookie comes with it.
    let r = b
        .http
        .put(&save)
        .header("authorization", "Bearer not-a-token")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A real token needs no CSRF token.
    let r = b.post_json("/api/v1/tokens", &json!({"name": "ci"})).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let token: Value = r.json().await.unwrap();
    let r = reqwest::Client::new()
        .put(&save)
        .bearer_auth(token["secret"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
}
