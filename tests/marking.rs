//! Marking (阅卷) of written answers in exams, through the API on SQLite or PostgreSQL
//! (`ANNOCERT_TEST_POSTGRES_URL`): blind independent scoring by three examiners, the mean, the
//! panel for a spread, and publication waiting for all of it (docs/marking.md).

mod common;

use common::exam::{CLOSES, OPENS, act, center, iso};
use common::{Browser, person};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn put_json(b: &Browser, path: &str, body: &Value) -> reqwest::Response {
    b.http
        .put(b.url(path))
        .header("x-csrf-token", &b.csrf)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A level-2 session of one component (`skill`: written tasks; `review`: 综合评审), staffed
/// by exam1…exam3 with exam1 as chief.
async fn session_of(c: &common::exam::Center, component: &str) -> String {
    let body = json!({
        "code": format!("mk-{component}"), "name": "二级 12 月场", "level": 2,
        "job_type": "data_annotator", "components": [component], "starts_at": iso(OPENS),
        "ends_at": iso(CLOSES), "rooms": ["B201"], "pool": "open",
    });
    let r = c.admin.post_json("/api/v1/exam-sessions", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The chief must be one of the examiners.
    let r = put_json(
        &c.admin,
        &format!("/api/v1/exam-sessions/{id}/staff"),
        &json!({"proctors": ["proctor1"], "examiners": ["exam1", "exam2"], "chief": "exam3"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = put_json(
        &c.admin,
        &format!("/api/v1/exam-sessions/{id}/staff"),
        &json!({"proctors": ["proctor1"], "examiners": ["exam1", "exam2", "exam3"], "chief": "exam1"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    id
}

/// Sits the skill paper writing `text` into its first written task; the attempt of that task.
async fn sit(
    c: &common::exam::Center,
    b: &Browser,
    id: &str,
    username: &str,
    text: &str,
) -> String {
    let r = c
        .admin
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({"username": username, "years": 10, "override_reason": "测试：跨级报名"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let cand = r.json::<Value>().await.unwrap()["candidate"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    act(c, id, &cand, json!({"action": "admit"})).await;
    let r = b
        .post_json(&format!("/api/v1/my/exams/{id}/skill/start"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let paper = r.json::<Value>().await.unwrap()["paper"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, v) = b.get_json(&format!("/api/v1/exam-papers/{paper}")).await;
    let written = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["task"]["editor"] == "written")
        .unwrap_or_else(|| panic!("a level-2 skill paper has a written task: {v}"));
    let attempt = written["attempt"].as_str().unwrap().to_string();
    let r = b
        .put_answer(
            &common::exam::answer_url(&attempt),
            json!({ "text": text }),
            1,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let r = b
        .post_json(&format!("/api/v1/exam-papers/{paper}/hand-in"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    attempt
}

/// Every criterion at `points(max)`, with a reason below full.
fn marks(criteria: &Value, seq: i64, points: impl Fn(f64) -> f64, reason: &str) -> Value {
    let mut p = serde_json::Map::new();
    let mut r = serde_json::Map::new();
    for c in criteria.as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let max = c["max"].as_f64().unwrap();
        let x = points(max);
        p.insert(id.into(), json!(x));
        if x < max {
            r.insert(id.into(), json!(reason));
        }
    }
    json!({"seq": seq, "points": p, "reasons": r, "submit": true})
}

#[tokio::test]
async fn written_answers_are_marked_blind_then_settled_and_published() {
    let c = center().await;
    let t = &c.t;
    let ex: Vec<Browser> = vec![
        person(t, &c.admin, "examiner", "exam1").await,
        person(t, &c.admin, "examiner", "exam2").await,
        person(t, &c.admin, "examiner", "exam3").await,
    ];
    let one = person(t, &c.admin, "trainee", "cand1").await;
    let two = person(t, &c.admin, "trainee", "cand2").await;
    let id = session_of(&c, "skill").await;
    t.clock.set(OPENS);
    let s1 = sit(&c, &one, &id, "cand1", "第一位考生的方案：分三阶段实施……").await;
    let s2 = sit(&c, &two, &id, "cand2", "第二位考生的方案：先试点后推广……").await;

    // Publication waits for the examiners (everyone has sat: no need to wait for the window).
    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(common::error_code(r).await, "marking_pending");

    // Each examiner has both scripts, by blind code, never by name.
    for b in &ex {
        let (s, q) = b.get_json("/api/v1/marking").await;
        assert_eq!(s, StatusCode::OK, "{q}");
        let ids: Vec<&str> = q
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["attempt_id"].as_str().unwrap())
            .collect();
        assert!(
            ids.contains(&s1.as_str()) && ids.contains(&s2.as_str()),
            "{q}"
        );
        let text = q.to_string();
        assert!(!text.contains("cand1") && !text.contains("cand2"), "{text}");
    }
    // Someone not on the session's examiners cannot open a script.
    let (s, _) = c.proctor.get_json(&format!("/api/v1/marking/{s1}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (_, v) = ex[0].get_json(&format!("/api/v1/marking/{s1}")).await;
    let criteria = v["item"]["criteria"].clone();
    assert!(v["answer"].as_str().unwrap().starts_with("第一位考生"));
    assert!(!v.to_string().contains("cand1"), "{v}");
    assert_eq!(v["marks"], json!([]));

    // A mark below full without a reason, or in half points, is refused with the criterion.
    let mut bad = marks(&criteria, 0, |m| m - 1.0, "");
    bad["reasons"] = json!({});
    let r = put_json(&ex[0], &format!("/api/v1/marking/{s1}"), &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = put_json(
        &ex[0],
        &format!("/api/v1/marking/{s1}"),
        &marks(&criteria, 0, |m| m - 0.5, "半分"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A draft, then a stale draft from another window.
    let mut draft = marks(&criteria, 0, |m| m - 1.0, "草稿理由");
    draft["submit"] = json!(false);
    let r = put_json(&ex[0], &format!("/api/v1/marking/{s1}"), &draft).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = put_json(&ex[0], &format!("/api/v1/marking/{s1}"), &draft).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(common::error_code(r).await, "stale");

    // Script 1: the three agree within the limit → the mean is final.
    let secret = "考评员一的理由：缺少工期测算";
    let r = put_json(
        &ex[0],
        &format!("/api/v1/marking/{s1}"),
        &marks(&criteria, 1, |m| m - 1.0, secret),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    // Blind: the second examiner sees nothing of the first's marks before all have submitted.
    let (_, v2) = ex[1].get_json(&format!("/api/v1/marking/{s1}")).await;
    assert!(!v2.to_string().contains(secret), "{v2}");
    assert_eq!(v2["marks"], json!([]));
    assert_eq!(v2["mine"]["mark"]["points"], json!({}));
    let r = put_json(
        &ex[1],
        &format!("/api/v1/marking/{s1}"),
        &marks(&criteria, 0, |m| m - 1.0, "同上"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (_, v3) = ex[2].get_json(&format!("/api/v1/marking/{s1}")).await;
    assert!(!v3.to_string().contains(secret), "{v3}");
    let r = put_json(
        &ex[2],
        &format!("/api/v1/marking/{s1}"),
        &marks(&criteria, 0, |m| m, ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    // Submitted marks are final for their examiner.
    let r = put_json(
        &ex[2],
        &format!("/api/v1/marking/{s1}"),
        &marks(&criteria, 1, |m| m, ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (_, v) = ex[1].get_json(&format!("/api/v1/marking/{s1}")).await;
    assert_eq!(v["status"]["state"], "final", "{v}");
    assert_eq!(v["marks"].as_array().unwrap().len(), 3);
    // Final = Σ mean = Σ (max − 2/3): each criterion loses (1 + 1 + 0) / 3 points.
    let max: f64 = criteria
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["max"].as_f64().unwrap())
        .sum();
    let n = criteria.as_array().unwrap().len() as f64;
    let want = (max - n * 2.0 / 3.0) / max;
    let (score,): (f64,) = sqlx::query_as("SELECT score FROM practice_answers WHERE id = $1")
        .bind(&s1)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    assert!((score - want).abs() < 1e-9, "{score} vs {want}");

    // Script 2: the third examiner gives 0 everywhere → the spread goes to the panel.
    let (_, v) = ex[0].get_json(&format!("/api/v1/marking/{s2}")).await;
    let criteria2 = v["item"]["criteria"].clone();
    for (b, f) in [(&ex[0], 1.0_f64), (&ex[1], 1.0), (&ex[2], 0.0)] {
        let r = put_json(
            b,
            &format!("/api/v1/marking/{s2}"),
            &marks(&criteria2, 0, |m| (m * f).floor(), "不完整"),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    }
    let (_, v) = ex[0].get_json(&format!("/api/v1/marking/{s2}")).await;
    assert_eq!(v["status"]["state"], "panel", "{v}");
    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(common::error_code(r).await, "marking_pending");
    // Only the chief decides, with a reason.
    let agreed = {
        let mut p = serde_json::Map::new();
        for c in criteria2.as_array().unwrap() {
            p.insert(
                c["id"].as_str().unwrap().into(),
                json!((c["max"].as_f64().unwrap() / 2.0).floor()),
            );
        }
        Value::Object(p)
    };
    let url = format!("/api/v1/marking/{s2}/panel");
    let r = ex[1]
        .post_json(&url, &json!({"points": agreed, "reason": "合议"}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = ex[0]
        .post_json(&url, &json!({"points": agreed, "reason": " "}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = ex[0]
        .post_json(
            &url,
            &json!({"points": agreed, "reason": "评审组合议：方案缺少风险分析"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let r = ex[0]
        .post_json(&url, &json!({"points": agreed, "reason": "再次"}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (_, v) = ex[2].get_json(&format!("/api/v1/marking/{s2}")).await;
    assert_eq!(v["status"]["state"], "final");
    assert_eq!(v["status"]["by_panel"], true);

    // The overview: every script final, examiner 3 strays (0 everywhere on script 2).
    let (s, o) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}/marking"))
        .await;
    assert_eq!(s, StatusCode::OK, "{o}");
    assert!(
        o["scripts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["state"] == "final"),
        "{o}"
    );
    let exam3 = o["examiners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["username"] == "exam3")
        .unwrap();
    assert_eq!(exam3["strays"], true, "{o}");
    // Agreement: exam3's zeros on script 2 pull Krippendorff's α well below 1.
    let alpha = o["alpha"].as_f64().unwrap();
    assert!(alpha < 0.9, "{o}");
    // Examiners do not see the overview.
    let (s, _) = ex[1]
        .get_json(&format!("/api/v1/exam-sessions/{id}/marking"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Every submission and decision is in the audit log.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('mark_submitted', 'panel_decided', 'script_marked')",
    )
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    assert_eq!(n, 6 + 1 + 2);

    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
}

/// 综合评审 (levels 2 and 1): every admitted candidate gets a script scored by the panel on the
/// level's rubric from the curriculum; the panel sees the candidate; the level's pass needs it.
#[tokio::test]
async fn the_comprehensive_review_is_scored_by_the_panel_and_published() {
    let c = center().await;
    let t = &c.t;
    let ex: Vec<Browser> = vec![
        person(t, &c.admin, "examiner", "exam1").await,
        person(t, &c.admin, "examiner", "exam2").await,
        person(t, &c.admin, "examiner", "exam3").await,
    ];
    person(t, &c.admin, "trainee", "rev1").await;
    person(t, &c.admin, "trainee", "rev2").await;
    let id = session_of(&c, "review").await;
    t.clock.set(OPENS);
    let mut cands = vec![];
    for name in ["rev1", "rev2"] {
        let r = c
            .admin
            .post_json(
                &format!("/api/v1/exam-sessions/{id}/candidates"),
                &json!({"username": name, "years": 10, "override_reason": "测试：综合评审"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
        let cand = r.json::<Value>().await.unwrap()["candidate"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        act(&c, &id, &cand, json!({"action": "admit"})).await;
        cands.push(cand);
    }
    // Each admitted candidate has a script, for every examiner of the panel.
    let (_, q) = ex[1].get_json("/api/v1/marking").await;
    let scripts: Vec<String> = q
        .as_array()
        .unwrap_or_else(|| panic!("{q}"))
        .iter()
        .map(|e| e["attempt_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(scripts.len(), 2, "{q}");
    let (_, v) = ex[1]
        .get_json(&format!("/api/v1/marking/{}", scripts[0]))
        .await;
    let criteria = v["item"]["criteria"].clone();
    let total: f64 = criteria
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["max"].as_f64().unwrap())
        .sum();
    assert_eq!(total, 100.0, "the curriculum's review rubric: {v}");
    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(common::error_code(r).await, "marking_pending");
    // Script 1 at full points, script 2 at about half: one passes, one does not.
    for (s, half) in [(&scripts[0], false), (&scripts[1], true)] {
        for b in &ex {
            let r = put_json(
                b,
                &format!("/api/v1/marking/{s}"),
                &marks(
                    &criteria,
                    0,
                    |m| if half { (m / 2.0).floor() } else { m },
                    "不足",
                ),
            )
            .await;
            assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
        }
    }
    let r = c
        .admin
        .post_json(&format!("/api/v1/exam-sessions/{id}/publish"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let (_, res) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}/results"))
        .await;
    let text = res.to_string();
    assert!(text.contains("review"), "{text}");
    let passed: Vec<bool> = res["candidates"]
        .as_array()
        .or_else(|| res["rows"].as_array())
        .unwrap_or_else(|| panic!("{res}"))
        .iter()
        .map(|r| r["passed"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(passed.iter().filter(|p| **p).count(), 1, "{res}");
}

/// An examiner taken off the staff hands back the scripts not yet submitted; the others get
/// them, and marks already submitted stay.
#[tokio::test]
async fn an_examiner_taken_off_the_staff_hands_back_unsubmitted_scripts() {
    let c = center().await;
    let t = &c.t;
    let mut ex = vec![];
    for name in ["exam1", "exam2", "exam3", "exam4"] {
        ex.push(person(t, &c.admin, "examiner", name).await);
    }
    let one = person(t, &c.admin, "trainee", "cand1").await;
    let id = session_of(&c, "skill").await;
    t.clock.set(OPENS);
    let s1 = sit(&c, &one, &id, "cand1", "考生的方案……").await;
    // Staffed with exam1…exam3 by `session`; exam4 joins: three of the four hold the script.
    let staff =
        |names: &[&str]| json!({"proctors": ["proctor1"], "examiners": names, "chief": "exam1"});
    let r = put_json(
        &c.admin,
        &format!("/api/v1/exam-sessions/{id}/staff"),
        &staff(&["exam1", "exam2", "exam3", "exam4"]),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let holders = |t: &common::TestApp| {
        let pool = t.app().db.pool.clone();
        let s1 = s1.clone();
        async move {
            let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
                "SELECT u.username, m.submitted_at FROM marks m JOIN users u ON u.id = m.examiner_id
                 WHERE m.attempt_id = $1 ORDER BY u.username",
            )
            .bind(&s1)
            .fetch_all(&pool)
            .await
            .unwrap();
            rows
        }
    };
    let (s, _) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}/marking"))
        .await;
    assert_eq!(s, StatusCode::OK);
    let before = holders(t).await;
    assert_eq!(before.len(), 3, "{before:?}");
    // One holder submits; another holder then leaves the staff.
    let by_name = |u: &str| {
        &ex[["exam1", "exam2", "exam3", "exam4"]
            .iter()
            .position(|n| *n == u)
            .unwrap()]
    };
    let submitter = before[0].0.clone();
    let (_, v) = by_name(&submitter)
        .get_json(&format!("/api/v1/marking/{s1}"))
        .await;
    let criteria = v["item"]["criteria"].clone();
    let r = put_json(
        by_name(&submitter),
        &format!("/api/v1/marking/{s1}"),
        &marks(&criteria, 0, |m| m, ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let before = holders(t).await;
    assert!(before.iter().any(|(u, at)| *u == submitter && at.is_some()));
    let leaving = before[1].0.clone();
    let stay: Vec<&str> = ["exam1", "exam2", "exam3", "exam4"]
        .into_iter()
        .filter(|u| *u != leaving)
        .collect();
    let r = put_json(
        &c.admin,
        &format!("/api/v1/exam-sessions/{id}/staff"),
        &staff(&stay),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (s, _) = c
        .admin
        .get_json(&format!("/api/v1/exam-sessions/{id}/marking"))
        .await;
    assert_eq!(s, StatusCode::OK);
    let after = holders(t).await;
    assert_eq!(after.len(), 3, "{after:?}");
    assert!(after.iter().all(|(u, _)| *u != leaving), "{after:?}");
    // The submitted mark stays where it was.
    assert!(
        after.iter().any(|(u, at)| *u == submitter && at.is_some()),
        "{after:?}"
    );
}
