//! Practice reviews (练习评阅) on SQLite or PostgreSQL: a trainee's written answer waits
//! unscored for a trainer of the center, who scores each criterion with comments; the trainee
//! then reads the feedback and the attempt counts in progress.

mod common;

use common::exam::center;
use common::{person, version_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_trainer_reviews_a_written_answer_in_practice() {
    let c = center().await;
    let t = &c.t;
    let trainee = person(t, &c.admin, "trainee", "xue1").await;
    let trainer = person(t, &c.admin, "examiner", "peixun1").await;
    let v = version_of(t, "L4-P-RUB-001").await;

    // The written task is in practice now; an empty answer is refused.
    let page = trainee.get(&format!("/practice/items/{v}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let submit = format!("/api/v1/practice/{v}/submit");
    let r = trainee
        .post_json(&submit, &json!({"answer": {"text": "  "}, "seq": 1}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = trainee
        .post_json(
            &submit,
            &json!({"answer": {"text": "审核报告：抽检 100 张，正确率 91%，不合格，整批退回。"}, "seq": 2}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let v1: Value = r.json().await.unwrap();
    assert_eq!(v1["pending"], true, "{v1}");
    let (attempt, score): (String, Option<f64>) = sqlx::query_as(
        "SELECT p.id, p.score FROM practice_answers p JOIN users u ON u.id = p.user_id
         WHERE u.username = 'xue1'",
    )
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    assert_eq!(score, None, "no score before the review");

    // Who may review: the center's trainers, nobody else.
    let (s, _) = trainee.get_json("/reviews").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let platform = t.client().await;
    platform.login_ok("admin", "Platform-pass-2026").await;
    let (_, other_admin) = t.center_admin(&platform, "qt07").await;
    let stranger = person(t, &other_admin, "examiner", "peixun9").await;
    assert_eq!(
        stranger.get(&format!("/reviews/{attempt}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let q = trainer.get("/reviews").await;
    assert_eq!(q.status(), StatusCode::OK);
    assert!(q.text().await.unwrap().contains("xue1 同学"));
    assert_eq!(
        trainer.get(&format!("/reviews/{attempt}")).await.status(),
        StatusCode::OK
    );

    // The criteria of L4-P-RUB-001: c1 4, c2 6, c3 6, c4 4 points.
    let url = format!("/reviews/{attempt}");
    // Below full without a comment: refused, named on the form, nothing recorded.
    let r = trainer
        .post_form(
            &url,
            &[
                ("points.c1", "4"),
                ("points.c2", "3"),
                ("points.c3", "6"),
                ("points.c4", "4"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("field-error"));
    let r = trainer
        .post_form(
            &url,
            &[
                ("points.c1", "4"),
                ("points.c2", "3"),
                ("reason.c2", "只列出了错误类型，没有分析原因"),
                ("points.c3", "6"),
                ("points.c4", "2"),
                ("reason.c4", "缺少结构"),
                ("reason", "结论正确，分析还可以更深入。"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{:?}", r.text().await);
    // (4 + 3 + 6 + 2) / 20 = 0.75.
    let (score, result): (Option<f64>, String) =
        sqlx::query_as("SELECT score, result FROM practice_answers WHERE id = $1")
            .bind(&attempt)
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
    assert!((score.unwrap() - 0.75).abs() < 1e-12);
    let result: Value = serde_json::from_str(&result).unwrap();
    assert_eq!(
        result["review"]["comments"]["c2"],
        "只列出了错误类型，没有分析原因"
    );
    assert_eq!(result["review"]["comment"], "结论正确，分析还可以更深入。");
    // Given once.
    let again = trainer
        .post_form(&url, &[("points.c1", "0")])
        .await
        .text()
        .await
        .unwrap();
    assert!(again.contains("alert-error"), "{again}");

    // The trainee sees the feedback on the attempt, and the practice page lists it.
    let page = trainee
        .get(&format!("/practice/attempts/{attempt}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("只列出了错误类型"),
        "the comment on the attempt page"
    );
    let page = trainee.get("/practice").await.text().await.unwrap();
    assert!(page.contains(&attempt));
    // It counts in progress now: a scored answer of skill 2.2.1.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM practice_answers p JOIN users u ON u.id = p.user_id
         WHERE u.username = 'xue1' AND p.score IS NOT NULL AND p.passed IS NOT NULL",
    )
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    assert_eq!(n, 1);
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'practice_reviewed'")
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
    assert_eq!(n, 1);
}
