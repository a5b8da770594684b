//! Exam sessions over HTTP, on SQLite and (with ANNOCERT_TEST_POSTGRES_URL) PostgreSQL: the
//! whole flow from session to publication, eligibility refusals and overrides, the device lock,
//! pause and extra-time arithmetic, deadline edges, two hand-ins at once, the sweeper on two
//! instances, and a leak test over every response a candidate receives.

mod common;

use common::{TestApp, error_code, person};
use reqwest::StatusCode;
use serde_json::{Value, json};

use common::exam::*;

#[tokio::test]
async fn a_session_from_creation_to_publication() {
    let c = center().await;
    let t = &c.t;
    let cand = person(t, &c.admin, "trainee", "cand1").await;
    let other = person(t, &c.admin, "trainee", "cand2").await;

    // A pool that cannot fill the paper (here: every level-5 判断 retired) is refused at once,
    // naming the function and kind that are short and by how many.
    sqlx::query("UPDATE bank_items SET retired = 1 WHERE level = 5 AND kind = 'true_false'")
        .execute(&t.app().db.pool)
        .await
        .unwrap();
    let r = c
        .admin
        .post_json("/api/v1/exam-sessions", &session_body("bad", "open"))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "paper_short");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("true_false"),
        "{v}"
    );
    sqlx::query("UPDATE bank_items SET retired = 0 WHERE level = 5 AND kind = 'true_false'")
        .execute(&t.app().db.pool)
        .await
        .unwrap();

    let id = create_session(&c, "2612a").await;
    // Staffing: two rooms need 2 proctors each by the curriculum; one is assigned.
    let (_, s) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}"))
        .await;
    assert_eq!(s["staffing_warnings"][0]["role"], "proctor", "{s}");

    // Eligibility: level 5 needs a year of work (or an apprenticeship).
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "cand1", "years": 0 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "not_eligible");
    // A declared certificate of no level is a field error, not silently dropped.
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "cand1", "years": 0,
                     "certificates": [{"level": 9, "number": "X"}] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["fields"][0]["field"], "certificates", "{v}");
    let e1 = enrol(&c, &id, "cand1", 2).await;
    assert_eq!(e1["candidate"]["admission_no"], "HZ01-2612A-0001");
    assert_eq!(e1["verdict"]["status"], "eligible");
    // An override with a reason enrols, and is in the audit log.
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "cand2", "years": 0, "override_reason": "学徒期满证明已核验（纸质）" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let e2: Value = r.json().await.unwrap();
    assert_eq!(e2["candidate"]["room"], "A102");
    let (_, audit) = c.admin.get_json("/api/v1/audit?per_page=50").await;
    assert!(
        audit.to_string().contains("exam_enrolled_override"),
        "{audit}"
    );
    // Twice: refused.
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "cand1", "years": 2 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Before the window: refused; in it but not signed in: refused; then the paper.
    let start_url = format!("/api/v1/my/exams/{id}/theory/start");
    let r = cand.post_json(&start_url, &json!({})).await;
    assert_eq!(error_code(r).await, "not_open");
    t.clock.set(OPENS + MIN);
    let r = cand.post_json(&start_url, &json!({})).await;
    assert_eq!(error_code(r).await, "not_admitted");
    let cand_id = e1["candidate"]["id"].as_str().unwrap();
    let r = act(&c, &id, cand_id, json!({"action": "admit"})).await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let paper = start(&cand, &id).await;
    // A second click returns the same paper.
    assert_eq!(start(&cand, &id).await, paper);

    let (d0, v) = deadline(&cand, &paper).await;
    // 90 minutes from the start.
    assert_eq!(d0, OPENS + MIN + 90 * MIN);
    let questions = v["questions"].as_array().unwrap().clone();
    assert_eq!(questions.len(), 200);
    assert!(v["score"].is_null());
    let q1 = questions[0]["attempt"].as_str().unwrap().to_string();
    let tf_answer = |q: &Value| match q["kind"].as_str().unwrap() {
        "true_false" => json!({ "answer": true }),
        _ => json!({ "choice": "A" }),
    };
    let r = cand
        .put_answer(&answer_url(&q1), tf_answer(&questions[0]), 1)
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);

    // One device: another browser of the same person is refused, and logged.
    let second = t.client().await;
    second.login_ok("cand1", "Person-pass-2026").await;
    let (s, v) = second
        .get_json(&format!("/api/v1/exam-papers/{paper}"))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(v["error"]["code"], "device");
    let r = second
        .put_answer(&answer_url(&q1), tf_answer(&questions[0]), 2)
        .await;
    assert_eq!(error_code(r).await, "device");
    // The proctor unlocks: the second browser takes the paper, the first is refused.
    let r = act(
        &c,
        &id,
        cand_id,
        json!({"action": "unlock", "component": "theory"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (s, _) = second
        .get_json(&format!("/api/v1/exam-papers/{paper}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    let r = cand
        .put_answer(&answer_url(&q1), tf_answer(&questions[0]), 2)
        .await;
    assert_eq!(error_code(r).await, "device");
    let cand = second;

    // Pause for 10 minutes: no save meanwhile, and the deadline moves by 10 minutes.
    let r = act(
        &c,
        &id,
        cand_id,
        json!({"action": "pause", "component": "theory"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = cand
        .put_answer(&answer_url(&q1), tf_answer(&questions[0]), 2)
        .await;
    assert_eq!(error_code(r).await, "paused");
    t.clock.advance(10 * MIN);
    let r = act(
        &c,
        &id,
        cand_id,
        json!({"action": "resume", "component": "theory"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (d1, _) = deadline(&cand, &paper).await;
    assert_eq!(d1, d0 + 10 * MIN);
    // Five minutes extra: 5 more.
    let r = act(
        &c,
        &id,
        cand_id,
        json!({"action": "extra_time", "component": "theory", "minutes": 5}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (d2, _) = deadline(&cand, &paper).await;
    assert_eq!(d2, d1 + 5 * MIN);
    let r = act(
        &c,
        &id,
        cand_id,
        json!({"action": "extra_time", "component": "theory", "minutes": -5}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Deadline edges: 1 ms inside the grace a save lands, 1 ms after it is refused.
    t.clock.set(d2 + GRACE - 1);
    let r = cand
        .put_answer(&answer_url(&q1), tf_answer(&questions[0]), 2)
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    t.clock.set(d2 + GRACE + 1);
    let r = cand
        .put_answer(&answer_url(&q1), tf_answer(&questions[0]), 3)
        .await;
    assert_eq!(error_code(r).await, "closed");

    // The sweeper hands the overdue paper in, once.
    annocert::app::exams::sweep(t.app()).await.unwrap();
    annocert::app::exams::sweep(t.app()).await.unwrap();
    let (_, h) = c
        .proctor
        .get_json(&format!(
            "/api/v1/exam-sessions/{id}/candidates/{cand_id}/history"
        ))
        .await;
    let kinds: Vec<&str> = h["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| matches!(**k, "swept" | "handed_in"))
            .count(),
        1,
        "{kinds:?}"
    );
    for k in [
        "admitted",
        "started",
        "device_refused",
        "unlocked",
        "paused",
        "resumed",
        "extra_time",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }

    // The candidate sees no score before publication.
    let (_, mine) = cand.get_json("/api/v1/my/exams").await;
    assert_eq!(mine[0]["sittings"][0]["status"], "handed_in");
    assert!(mine[0]["sittings"][0]["score"].is_null(), "{mine}");

    // Sessions idle out after two hours: the exam day went on for longer.
    c.admin.login_ok("hz01-admin", "Center-admin-2026").await;
    c.proctor.login_ok("proctor1", "Person-pass-2026").await;
    // cand2 has not sat the paper and the window is open: not yet.
    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(error_code(r).await, "not_finished");
    // Proctors cannot publish.
    let r = c
        .proctor
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    t.clock.set(CLOSES + 1);
    for (b, login, pw) in [
        (&c.admin, "hz01-admin", "Center-admin-2026"),
        (&other, "cand2", "Person-pass-2026"),
        (&cand, "cand1", "Person-pass-2026"),
    ] {
        b.login_ok(login, pw).await;
    }
    let r = other
        .post_json(&format!("/api/v1/my/exams/{id}/theory/start"), &json!({}))
        .await;
    assert_eq!(error_code(r).await, "over");
    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);

    // After publication: the score, and the absent candidate failed.
    let (_, mine) = cand.get_json("/api/v1/my/exams").await;
    let score = mine[0]["sittings"][0]["score"].as_f64().unwrap();
    assert!(
        (0.0..=1.0).contains(&score),
        "one answer of 200 at most: {score}"
    );
    let (_, res) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}/results"))
        .await;
    let rows = res["candidates"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["passed"] == false), "{res}");
    let bands: u32 = res["distribution"][0]["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_u64().unwrap() as u32)
        .sum();
    assert_eq!(bands, 1);
    // Exports: UTF-8 CSV with a BOM, and XLSX.
    let r = c
        .admin
        .get(&format!("/api/v1/exam-sessions/{id}/export/csv"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.bytes().await.unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains("HZ01-2612A-0001") && text.contains("缺考"),
        "{text}"
    );
    let r = c
        .admin
        .get(&format!("/api/v1/exam-sessions/{id}/export/xlsx"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn other_centers_and_candidates_see_nothing() {
    let c = center().await;
    let t = &c.t;
    let id = create_session(&c, "2612b").await;
    let platform = t.client().await;
    platform.login_ok("admin", "Platform-pass-2026").await;
    let (_, other_admin) = t.center_admin(&platform, "sh02").await;
    for path in [
        format!("/api/v1/exam-sessions/{id}"),
        format!("/api/v1/exam-sessions/{id}/monitor"),
        format!("/api/v1/exam-sessions/{id}/results"),
    ] {
        let (s, _) = other_admin.get_json(&path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }
    let r = other_admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "x", "years": 3 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // A trainee of the center is no staff.
    let trainee = person(t, &c.admin, "trainee", "cand9").await;
    let (s, _) = trainee
        .get_json(&format!("/api/v1/exam-sessions/{id}/monitor"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // An examiner who is not on the session's staff neither.
    let stranger = person(t, &c.admin, "examiner", "proctor9").await;
    let (s, _) = stranger
        .get_json(&format!("/api/v1/exam-sessions/{id}/monitor"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = c
        .proctor
        .get_json(&format!("/api/v1/exam-sessions/{id}/monitor"))
        .await;
    assert_eq!(s, StatusCode::OK);
}

/// Every response a candidate receives during a whole exam, searched for the gold and the
/// explanations of the paper's items: none may be there before publication.
#[tokio::test]
async fn no_gold_reaches_a_candidate() {
    let c = center().await;
    let t = &c.t;
    let cand = person(t, &c.admin, "trainee", "cand1").await;
    let id = create_session(&c, "2612c").await;
    let e = enrol(&c, &id, "cand1", 3).await;
    let cand_id = e["candidate"]["id"].as_str().unwrap();
    t.clock.set(OPENS);
    act(&c, &id, cand_id, json!({"action": "admit"})).await;
    let mut seen: Vec<String> = vec![];
    let paper = start(&cand, &id).await;
    let (_, v) = cand.get_json(&format!("/api/v1/exam-papers/{paper}")).await;
    seen.push(v.to_string());
    let questions = v["questions"].as_array().unwrap().clone();
    let mut held = 0;
    for q in questions.iter().take(20) {
        let a = q["attempt"].as_str().unwrap();
        let answer = if q["kind"] == "true_false" {
            json!({"answer": false})
        } else {
            json!({"choice": "B"})
        };
        let r = cand.put_answer(&answer_url(a), answer, 1).await;
        seen.push(r.text().await.unwrap());
        // Practice keeps away from the paper's items while it is open.
        let version: (String,) =
            sqlx::query_as("SELECT version_id FROM practice_answers WHERE id = $1")
                .bind(a)
                .fetch_one(&t.app().db.pool)
                .await
                .unwrap();
        let r = cand.get(&format!("/practice/items/{}", version.0)).await;
        let status = r.status();
        seen.push(r.text().await.unwrap());
        // A practice item of the open paper is held (409); an exam-only one is no practice
        // item at all (404).
        assert!(
            status == StatusCode::CONFLICT || status == StatusCode::NOT_FOUND,
            "practice of an open exam item: {status}"
        );
        held += usize::from(status == StatusCode::CONFLICT);
        let r = cand
            .post_json(
                &format!("/api/v1/practice/{}/submit", version.0),
                &json!({"answer": {"answer": true}, "seq": 1}),
            )
            .await;
        seen.push(r.text().await.unwrap());
    }
    assert!(held > 0, "no practice item among the first 20 questions");
    for path in [
        "/api/v1/my/exams".to_string(),
        format!("/api/v1/exam-papers/{paper}"),
        "/exams".to_string(),
        format!("/exams/papers/{paper}"),
        format!("/exams/papers/{paper}/q/1"),
        format!("/exams/papers/{paper}/q/2"),
        "/progress".to_string(),
        "/review".to_string(),
        format!("/mock/{paper}"),
        format!("/mock/{paper}/q/1"),
    ] {
        seen.push(cand.get(&path).await.text().await.unwrap());
    }
    let r = cand
        .post_json(&format!("/api/v1/exam-papers/{paper}/hand-in"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    seen.push(r.text().await.unwrap());
    for path in [
        "/api/v1/my/exams".to_string(),
        format!("/api/v1/exam-papers/{paper}"),
        "/exams".to_string(),
        format!("/exams/papers/{paper}"),
        format!("/exams/papers/{paper}/q/1"),
        "/progress".to_string(),
        "/review".to_string(),
    ] {
        seen.push(cand.get(&path).await.text().await.unwrap());
    }
    let (_, after) = cand.get_json(&format!("/api/v1/exam-papers/{paper}")).await;
    assert!(
        after["score"].is_null() && after["breakdown"].is_null(),
        "{after}"
    );
    // The explanations of the paper's items, and any "gold" field.
    let contents: Vec<(String,)> = sqlx::query_as(
        "SELECT v.content FROM practice_answers p JOIN item_versions v ON v.id = p.version_id
         WHERE p.mock_id = $1",
    )
    .bind(&paper)
    .fetch_all(&t.app().db.pool)
    .await
    .unwrap();
    assert_eq!(contents.len(), 200);
    let all = seen.join("\n");
    assert!(
        !all.contains("\"gold\""),
        "a gold field reached the candidate"
    );
    assert!(
        !all.contains("explanation_html"),
        "an explanation reached the candidate"
    );
    let mut checked = 0;
    for (c,) in &contents {
        let item: Value = serde_json::from_str(c).unwrap();
        let expl = item["explanation"].as_str().unwrap_or("");
        // Long explanation sentences are distinctive: none may appear.
        for sentence in expl.split(['。', '\n']).filter(|s| s.chars().count() >= 12) {
            assert!(
                !all.contains(sentence.trim()),
                "explanation leaked: {sentence}"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "only {checked} explanation sentences checked"
    );
}

#[tokio::test]
async fn two_hand_ins_at_once_grade_once() {
    let c = center().await;
    let t = &c.t;
    let cand = person(t, &c.admin, "trainee", "cand1").await;
    let id = create_session(&c, "2612d").await;
    let e = enrol(&c, &id, "cand1", 3).await;
    let cand_id = e["candidate"]["id"].as_str().unwrap().to_string();
    t.clock.set(OPENS);
    act(&c, &id, &cand_id, json!({"action": "admit"})).await;
    let paper = start(&cand, &id).await;
    let url = format!("/api/v1/exam-papers/{paper}/hand-in");
    let empty = json!({});
    let (a, b) = tokio::join!(cand.post_json(&url, &empty), cand.post_json(&url, &empty));
    assert_eq!(a.status(), StatusCode::OK);
    assert_eq!(b.status(), StatusCode::OK);
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM exam_events WHERE paper_id = $1 AND kind IN ('handed_in', 'swept')",
    )
    .bind(&paper)
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    assert_eq!(n, 1);
    // A terminated paper ends with the proctor's reason; terminating twice is refused.
    let r = act(
        &c,
        &id,
        &cand_id,
        json!({"action": "terminate", "component": "theory", "reason": "x"}),
    )
    .await;
    assert_eq!(error_code(r).await, "closed");
}

#[tokio::test]
async fn the_sweeper_on_two_instances_hands_in_each_paper_once() {
    let c = center().await;
    let t = &c.t;
    let id = create_session(&c, "2612e").await;
    let mut papers = vec![];
    for i in 0..6 {
        let name = format!("sw{i}");
        let b = person(t, &c.admin, "trainee", &name).await;
        let e = enrol(&c, &id, &name, 3).await;
        t.clock.set(OPENS);
        act(
            &c,
            &id,
            e["candidate"]["id"].as_str().unwrap(),
            json!({"action": "admit"}),
        )
        .await;
        papers.push(start(&b, &id).await);
    }
    let second = TestApp::spawn_on(&t.database_url, t.secret.clone()).await;
    let late = OPENS + 91 * MIN + GRACE;
    t.clock.set(late);
    second.clock.set(late);
    let (a, b) = tokio::join!(
        annocert::app::exams::sweep(t.app()),
        annocert::app::exams::sweep(second.app())
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a + b <= papers.len(), "{a} + {b}");
    for p in &papers {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM exam_events WHERE paper_id = $1 AND kind IN ('handed_in', 'swept')",
        )
        .bind(p)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "paper {p} handed in {n} times");
        let (submitted,): (Option<i64>,) =
            sqlx::query_as("SELECT submitted_at FROM mock_exams WHERE id = $1")
                .bind(p)
                .fetch_one(&t.app().db.pool)
                .await
                .unwrap();
        assert!(submitted.is_some());
    }
    second.server.stop().await;
}

/// A grader updated after the hand-in: the regrade shows each paper's difference first, applies
/// only when confirmed, and keeps the old score in the history.
#[tokio::test]
async fn a_regrade_shows_the_difference_then_applies_and_keeps_the_old() {
    let c = center().await;
    let t = &c.t;
    let cand = person(t, &c.admin, "trainee", "cand1").await;
    let id = create_session(&c, "2612f").await;
    let e = enrol(&c, &id, "cand1", 3).await;
    let cand_id = e["candidate"]["id"].as_str().unwrap().to_string();
    t.clock.set(OPENS);
    act(&c, &id, &cand_id, json!({"action": "admit"})).await;
    let paper = start(&cand, &id).await;
    let r = cand
        .post_json(&format!("/api/v1/exam-papers/{paper}/hand-in"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let url = format!("/api/v1/exam-sessions/{id}/regrade");
    let (_, v) = c.admin.get_json(&url).await;
    assert_eq!(v["papers"], json!([]), "graded by the current versions");
    // As if question 1 had been scored full marks by an older true/false grader.
    let pool = &t.app().db.pool;
    let (attempt,): (String,) = sqlx::query_as(
        "SELECT id FROM practice_answers WHERE mock_id = $1 ORDER BY created_at LIMIT 1",
    )
    .bind(&paper)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("UPDATE practice_answers SET score = 1.0, result = $2 WHERE id = $1")
        .bind(&attempt)
        .bind(r#"{"kind":"true_false","score":1.0,"feedback":[],"grader":"true_false@0"}"#)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE mock_exams SET score = 0.5 WHERE id = $1")
        .bind(&paper)
        .execute(pool)
        .await
        .unwrap();
    let (_, v) = c.admin.get_json(&url).await;
    let rows = v["papers"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{v}");
    assert_eq!(rows[0]["old_score"], 0.5);
    assert_eq!(rows[0]["new_score"], 0.0);
    assert_eq!(rows[0]["changed"], 1);
    assert!(
        rows[0]["graders"][0]
            .as_str()
            .unwrap()
            .starts_with("true_false@0 → ")
    );
    // Nothing changed by looking; proctors may not regrade.
    let (score,): (Option<f64>,) = sqlx::query_as("SELECT score FROM mock_exams WHERE id = $1")
        .bind(&paper)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(score, Some(0.5));
    let r = c.proctor.post_json(&url, &json!({})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c.admin.post_json(&url, &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let (score,): (Option<f64>,) = sqlx::query_as("SELECT score FROM mock_exams WHERE id = $1")
        .bind(&paper)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(score, Some(0.0));
    let (old, new): (Option<f64>, f64) =
        sqlx::query_as("SELECT old_score, new_score FROM regrades WHERE paper_id = $1")
            .bind(&paper)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!((old, new), (Some(0.5), 0.0));
    let (_, v) = c.admin.get_json(&url).await;
    assert_eq!(v["papers"], json!([]), "nothing left to regrade");
    let (_, h) = c
        .admin
        .get_json(&format!(
            "/api/v1/exam-sessions/{id}/candidates/{cand_id}/history"
        ))
        .await;
    assert!(h.to_string().contains("regraded"), "{h}");
}

/// A roster file enrols every row or none, naming each problem with its row.
#[tokio::test]
async fn a_roster_file_enrols_all_or_none() {
    let c = center().await;
    let t = &c.t;
    for u in ["ros1", "ros2"] {
        person(t, &c.admin, "trainee", u).await;
    }
    let id = create_session(&c, "2612g").await;
    let url = format!("/api/v1/exam-sessions/{id}/candidates/import");
    let csv = "用户名,工作年限,学历或学徒证明,证书等级\nros1,2,否,\nros2,0,否,\nnobody,1,否,\n";
    let r = c
        .admin
        .upload(&url, "名单.csv", csv.as_bytes().to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    let rows: Vec<u64> = v["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, [3, 4], "{v}");
    let (_, s) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}"))
        .await;
    assert_eq!(s["candidates"], 0, "nothing enrolled");
    // r2 by exception, with the reason; the unknown row removed.
    let csv = "username,years,schooling,certificate_level,override_reason\nros1,2,no,,\nros2,0,no,,学徒期满证明已核验\n";
    let r = c
        .admin
        .upload(&url, "roster.csv", csv.as_bytes().to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let (_, s) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}"))
        .await;
    assert_eq!(s["candidates"], 2);
    // Again: both are enrolled already.
    let r = c
        .admin
        .upload(&url, "roster.csv", csv.as_bytes().to_vec())
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Skill exams at every level: labeling scored on line at level 5, written tasks scored by
/// examiners at level 1.
#[tokio::test]
async fn skill_sessions_at_levels_5_and_1() {
    let c = center().await;
    let mut body = session_body("sk5", "open");
    body["components"] = json!(["theory", "skill"]);
    let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let mut body = session_body("sk1", "open");
    body["level"] = json!(1);
    body["components"] = json!(["skill"]);
    let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    // A number that is no level is the level field's error, like any bad field.
    for bad in [0, 6] {
        let mut body = session_body("sk9", "open");
        body["level"] = json!(bad);
        let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"]["fields"][0]["field"], "level", "{v}");
        assert_eq!(v["error"]["fields"][0]["code"], "exam.bad_level", "{v}");
    }
}

/// A skill paper draws one generated scene, frozen and served under the paper's own URL: the
/// candidate never learns its seed (which would give the gold away), others cannot fetch it.
#[tokio::test]
async fn a_generated_scene_in_a_skill_paper_stays_opaque() {
    let c = center().await;
    let t = &c.t;
    let cand = person(t, &c.admin, "trainee", "cand1").await;
    let other = person(t, &c.admin, "trainee", "cand2").await;
    let mut body = session_body("2612h", "open");
    body["components"] = json!(["skill"]);
    let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c
        .admin
        .http
        .put(c.admin.url(&format!("/api/v1/exam-sessions/{id}/staff")))
        .header("x-csrf-token", &c.admin.csrf)
        .json(&json!({ "proctors": ["proctor1"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let mut papers = vec![];
    t.clock.set(OPENS);
    for (b, name) in [(&cand, "cand1"), (&other, "cand2")] {
        let e = enrol(&c, &id, name, 3).await;
        act(
            &c,
            &id,
            e["candidate"]["id"].as_str().unwrap(),
            json!({"action": "admit"}),
        )
        .await;
        let r = b
            .post_json(&format!("/api/v1/my/exams/{id}/skill/start"), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
        papers.push(
            r.json::<Value>().await.unwrap()["paper"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let (_, v) = cand
        .get_json(&format!("/api/v1/exam-papers/{}", papers[0]))
        .await;
    let questions = v["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 4);
    let scenes: Vec<&Value> = questions
        .iter()
        .filter(|q| q["task"]["item_id"].as_str().unwrap().contains("SCENE"))
        .collect();
    assert_eq!(scenes.len(), 1, "one generated scene: {v}");
    let text = v.to_string();
    assert!(
        !text.contains("/scenes/street") && !text.contains("/scenes/aerial"),
        "{text}"
    );
    let (seed,): (i64,) = sqlx::query_as(
        "SELECT scene_seed FROM practice_answers WHERE mock_id = $1 AND scene_seed IS NOT NULL",
    )
    .bind(&papers[0])
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    assert!(
        !text.contains(&seed.to_string()),
        "the seed reached the candidate"
    );
    // The picture (text scenes have none) for the candidate only.
    if let Some(url) = scenes[0]["task"]["image_url"].as_str() {
        assert!(
            url.starts_with(&format!("/exams/papers/{}/scenes/", papers[0])),
            "{url}"
        );
        let r = cand.get(url).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.unwrap().starts_with("<svg"));
        assert_eq!(other.get(url).await.status(), StatusCode::NOT_FOUND);
    }
    // Answered empty and handed in: graded from the frozen task.
    let r = cand
        .post_json(
            &format!("/api/v1/exam-papers/{}/hand-in", papers[0]),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (graded,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM practice_answers WHERE mock_id = $1 AND score IS NOT NULL",
    )
    .bind(&papers[0])
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    assert_eq!(graded, 4);
}

/// The confidential pool also fills the skill paper of every level (issue 15): levels 5 and 4
/// draw their practical tasks from exam-only items too (level*/exam-practical.toml).
#[tokio::test]
async fn the_confidential_pool_fills_skill_papers() {
    let c = center().await;
    for level in [5, 4, 3, 2, 1] {
        let mut body = session_body(&format!("cs{level}"), "exam");
        body["level"] = json!(level);
        body["components"] = json!(["skill"]);
        let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "level {level}: {:?}",
            r.text().await
        );
    }
}

/// The confidential pool (exam-only items, never seen in practice) fills the theory paper of
/// every level (issue 15), so real exams need not use the open bank.
#[tokio::test]
async fn the_confidential_pool_fills_theory_papers() {
    let c = center().await;
    for level in [5, 4, 3, 2, 1] {
        let mut body = session_body(&format!("cf{level}"), "exam");
        body["level"] = json!(level);
        let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "level {level}: {:?}",
            r.text().await
        );
    }
}
