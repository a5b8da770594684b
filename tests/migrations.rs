//! Upgrading a database that already holds work: the practice answers of a database at
//! migration 0003 survive the rebuild of 0004 with their level, component, skills and verdict.

mod common;

use annocert::db::Db;

/// id, level, component, skills, passed, seq, score
type Row = (String, i64, String, String, Option<i64>, i64, Option<f64>);

#[tokio::test]
async fn practice_answers_survive_the_progress_migration() {
    let (url, _dir) = common::fresh_database().await;
    let db = Db::connect(&url).await.unwrap();
    // The database as session 1 left it: migrations 0001 … 0003 only.
    let mut old = sqlx::migrate!("./migrations");
    old.migrations = std::borrow::Cow::Owned(old.migrations[..3].to_vec());
    old.run(&db.pool).await.unwrap();
    for sql in [
        "INSERT INTO users (id, username, role, real_name, password_hash, must_change_password, disabled, created_at, updated_at)
         VALUES ('u1', 'zhang', 'trainee', '张三', 'x', 0, 0, 0, 0)",
        "INSERT INTO bank_items (key, item_id, level, kind, uses, skills, function_code, difficulty, current_version, created_at, updated_at)
         VALUES ('shipped/T-1', 'T-1', 4, 'true_false', 'practice', '0.1.2,0.2.1', '0.1', 1, 'v1', 0, 0)",
        "INSERT INTO item_versions (id, item_key, hash, content, created_at) VALUES ('v1', 'shipped/T-1', 'h', '{}', 0)",
        "INSERT INTO bank_items (key, item_id, level, kind, uses, skills, function_code, difficulty, current_version, created_at, updated_at)
         VALUES ('shipped/B-1', 'B-1', 5, 'boxes', 'practice', '2.1.2', '2', 1, 'v2', 0, 0)",
        "INSERT INTO item_versions (id, item_key, hash, content, created_at) VALUES ('v2', 'shipped/B-1', 'h', '{}', 0)",
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, answer, seq, submitted_at, score, result, created_at)
         VALUES ('a1', 'u1', 'v1', 'shipped/T-1', '{\"answer\":true}', 3, 10, 1.0, '{}', 5)",
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, answer, seq, submitted_at, score, result, created_at)
         VALUES ('a2', 'u1', 'v2', 'shipped/B-1', '[]', 1, 20, 0.55, '{}', 6)",
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, answer, seq, created_at)
         VALUES ('a3', 'u1', 'v2', 'shipped/B-1', NULL, 0, 7)",
    ] {
        sqlx::query(sql).execute(&db.pool).await.unwrap();
    }
    db.migrate().await.unwrap();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, level, component, skills, passed, seq, score FROM practice_answers ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                "a1".into(),
                4,
                "theory".into(),
                "0.1.2,0.2.1".into(),
                Some(1),
                3,
                Some(1.0)
            ),
            // A practical score of 0.55 is below the pass line 0.6.
            (
                "a2".into(),
                5,
                "skill".into(),
                "2.1.2".into(),
                Some(0),
                1,
                Some(0.55)
            ),
            // Not submitted: no verdict yet.
            (
                "a3".into(),
                5,
                "skill".into(),
                "2.1.2".into(),
                None,
                0,
                None
            ),
        ]
    );
}
