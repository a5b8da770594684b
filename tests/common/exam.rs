//! Exam-session helpers shared by the exam and certificate tests: a center with its admin and a
//! proctor, a level-5 session in a window after T0, enrolment, proctor actions, starting a paper.
#![allow(dead_code)]

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Browser, T0, TestApp, person};

pub const MIN: i64 = 60_000;
pub const GRACE: i64 = annocert::exam::attempt::GRACE_MS;

/// The session's window: from an hour after T0, five hours long.
pub const OPENS: i64 = T0 + 60 * MIN;
pub const CLOSES: i64 = OPENS + 5 * 60 * MIN;

pub struct Center {
    pub t: TestApp,
    pub admin: Browser,
    pub proctor: Browser,
}

pub fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339()
}

pub async fn center() -> Center {
    let t = TestApp::spawn_limited(annocert::config::RateLimits {
        per_address: 0,
        per_client: 0,
    })
    .await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let platform = t.admin_browser().await;
    let (_, admin) = t.center_admin(&platform, "hz01").await;
    let proctor = person(&t, &admin, "examiner", "proctor1").await;
    Center { t, admin, proctor }
}

pub fn session_body(code: &str, pool: &str) -> Value {
    json!({
        "code": code, "name": "五级理论 12 月场", "level": 5, "job_type": "data_annotator",
        "components": ["theory"], "starts_at": iso(OPENS), "ends_at": iso(CLOSES),
        "rooms": ["A101", "A102"], "pool": pool,
    })
}

pub async fn create_session(c: &Center, code: &str) -> String {
    let r = c
        .admin
        .post_json("/api/v1/exam-sessions", &session_body(code, "open"))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let v: Value = r.json().await.unwrap();
    let id = v["id"].as_str().unwrap().to_string();
    let r = c
        .admin
        .http
        .put(c.admin.url(&format!("/api/v1/exam-sessions/{id}/staff")))
        .header("x-csrf-token", &c.admin.csrf)
        .json(&json!({ "proctors": ["proctor1"], "examiners": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    id
}

pub async fn enrol(c: &Center, id: &str, username: &str, years: u32) -> Value {
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": username, "years": years }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    r.json().await.unwrap()
}

pub async fn act(c: &Center, id: &str, cand: &str, body: Value) -> reqwest::Response {
    c.proctor
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates/{cand}/actions"),
            &body,
        )
        .await
}

/// Starts the theory paper; its id.
pub async fn start(b: &Browser, id: &str) -> String {
    let r = b
        .post_json(&format!("/api/v1/my/exams/{id}/theory/start"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let v: Value = r.json().await.unwrap();
    v["paper"].as_str().unwrap().to_string()
}

pub fn answer_url(attempt: &str) -> String {
    format!("/api/v1/practice/attempts/{attempt}/answer")
}

pub async fn deadline(b: &Browser, paper: &str) -> (i64, Value) {
    let (s, v) = b.get_json(&format!("/api/v1/exam-papers/{paper}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    (v["deadline_ms"].as_i64().unwrap(), v)
}

/// The gold answer of every question of a paper, in the candidate's own order of options.
pub async fn golds(t: &TestApp, paper: &str) -> Vec<(String, Value)> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.id, v.content, p.option_order FROM practice_answers p
         JOIN item_versions v ON v.id = p.version_id WHERE p.mock_id = $1",
    )
    .bind(paper)
    .fetch_all(&t.app().db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(id, content, order)| {
            let item: annocert::bank::Item = serde_json::from_str(&content).unwrap();
            let shown = match order.as_deref().and_then(annocert::exam::shuffle::parse) {
                Some(o) => annocert::exam::shuffle::present(&item, &o),
                None => item,
            };
            (id, shown.task.gold.unwrap())
        })
        .collect()
}

/// Sits the theory paper with every answer right (or none, `right = false`) and hands it in.
pub async fn sit(c: &Center, b: &Browser, id: &str, cand: &str, right: bool) {
    act(c, id, cand, json!({"action": "admit"})).await;
    let paper = start(b, id).await;
    if right {
        for (attempt, gold) in golds(&c.t, &paper).await {
            let r = b.put_answer(&answer_url(&attempt), gold, 1).await;
            assert_eq!(r.status(), StatusCode::OK);
        }
    }
    let r = b
        .post_json(&format!("/api/v1/exam-papers/{paper}/hand-in"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// A published session: cand1 passed, cand2 failed. Returns the session id.
pub async fn published(c: &Center, code: &str) -> (String, Browser) {
    let t = &c.t;
    let one = person(t, &c.admin, "trainee", "cand1").await;
    let two = person(t, &c.admin, "trainee", "cand2").await;
    let id = create_session(c, code).await;
    let e1 = enrol(c, &id, "cand1", 2).await;
    let e2 = enrol(c, &id, "cand2", 2).await;
    t.clock.set(OPENS);
    sit(c, &one, &id, e1["candidate"]["id"].as_str().unwrap(), true).await;
    sit(c, &two, &id, e2["candidate"]["id"].as_str().unwrap(), false).await;
    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    (id, one)
}
