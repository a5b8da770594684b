//! Opening a database: upgrading one that already holds work (the practice answers of a
//! database at migration 0003 survive the rebuild of 0004 with their level, component, skills
//! and verdict …), and the size of the pool it is opened with.

mod common;

use annocert::db::Db;

/// id, level, component, skills, passed, seq, score
type Row = (String, i64, String, String, Option<i64>, i64, Option<f64>);

#[tokio::test]
async fn practice_answers_survive_the_progress_migration() {
    let (url, _dir) = common::fresh_database().await;
    let db = Db::connect(&url, None).await.unwrap();
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

/// A database as session 3 left it (0001 … 0005) with a center, a trainee, a handed-in mock exam
/// and an open one upgrades through the exam (0006) and certificate (0007) migrations: every row
/// stays, mock exams stay mock exams (no candidate, no extra time, no pause), their answers keep
/// their seq and answer and show no option order, and the new tables start empty.
#[tokio::test]
async fn mock_exams_and_answers_survive_the_exam_and_certificate_migrations() {
    let (url, _dir) = common::fresh_database().await;
    let db = Db::connect(&url, None).await.unwrap();
    let mut old = sqlx::migrate!("./migrations");
    old.migrations = std::borrow::Cow::Owned(old.migrations[..5].to_vec());
    old.run(&db.pool).await.unwrap();
    let paper = r#"[{"attempt":"a1","version":"v1","item_key":"shipped/T-1","kind":"true_false","function":"0.1","points":0.5}]"#;
    for sql in [
        "INSERT INTO centers (id, code, name, disabled, created_at) VALUES ('c1', 'hz01', '杭州', 0, 0)".to_string(),
        "INSERT INTO users (id, center_id, username, role, real_name, password_hash, must_change_password, disabled, created_at, updated_at)
         VALUES ('u1', 'c1', 'zhang', 'trainee', '张三', 'x', 0, 0, 0, 0)".to_string(),
        "INSERT INTO bank_items (key, item_id, level, kind, uses, skills, function_code, difficulty, current_version, created_at, updated_at)
         VALUES ('shipped/T-1', 'T-1', 5, 'true_false', 'practice,exam', '0.1.2', '0.1', 1, 'v1', 0, 0)".to_string(),
        "INSERT INTO item_versions (id, item_key, hash, content, created_at) VALUES ('v1', 'shipped/T-1', 'h', '{}', 0)".to_string(),
        format!("INSERT INTO mock_exams (id, user_id, level, component, paper, started_at, deadline_at, submitted_at, score, breakdown)
         VALUES ('m1', 'u1', 5, 'theory', '{paper}', 100, 5400100, 200, 0.5, '{{\"0.1\":[0.5,0.5]}}')"),
        "INSERT INTO mock_exams (id, user_id, level, component, paper, started_at, deadline_at)
         VALUES ('m2', 'u1', 5, 'theory', '[]', 300, 5400300)".to_string(),
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, level, component, skills, mock_id, answer, seq, submitted_at, score, passed, result, created_at)
         VALUES ('a1', 'u1', 'v1', 'shipped/T-1', 5, 'theory', '0.1.2', 'm1', '{\"answer\":true}', 4, 200, 1.0, 1, '{}', 100)".to_string(),
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, level, component, skills, answer, seq, created_at)
         VALUES ('a2', 'u1', 'v1', 'shipped/T-1', 5, 'theory', '0.1.2', '{\"answer\":false}', 2, 150)".to_string(),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&db.pool).await.unwrap();
    }
    db.migrate().await.unwrap();

    let mocks = annocert::store::mock::list(&db.pool, "u1").await.unwrap();
    assert_eq!(
        mocks.len(),
        2,
        "both mock exams are still the trainee's mock exams"
    );
    let m1 = mocks.iter().find(|m| m.id == "m1").unwrap();
    assert_eq!(m1.exam, None);
    assert_eq!(
        (m1.started_at, m1.deadline_at, m1.submitted_at, m1.score),
        (100, 5_400_100, Some(200), Some(0.5))
    );
    assert_eq!(m1.paper.len(), 1);
    assert_eq!(m1.breakdown.get("0.1"), Some(&(0.5, 0.5)));
    let m2 = mocks.iter().find(|m| m.id == "m2").unwrap();
    assert_eq!((m2.submitted_at, m2.deadline_at), (None, 5_400_300));
    let (extra, paused_ms, paused_at): (i64, i64, Option<i64>) =
        sqlx::query_as("SELECT extra_ms, paused_ms, paused_at FROM mock_exams WHERE id = 'm2'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((extra, paused_ms, paused_at), (0, 0, None));
    // The open mock's save guard still takes a save (no device is asked of a mock exam).
    assert!(
        annocert::store::attempts::hold_paper(&db.pool, "m2", 400, None)
            .await
            .unwrap()
    );

    let answers = annocert::store::attempts::of_mock(&db.pool, "m1")
        .await
        .unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].seq, 4);
    assert_eq!(answers[0].option_order, None);
    assert_eq!(answers[0].answer, Some(serde_json::json!({"answer": true})));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM practice_answers")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 2);
    for table in [
        "exam_sessions",
        "exam_candidates",
        "certificates",
        "counters",
    ] {
        let (n,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(n, 0, "{table}");
    }
}

/// A database as session 4 left it (0001 … 0007) with an exam session, its staff, a candidate,
/// a handed-in paper and its answer upgrades through the marking migration (0008): every row
/// stays, answers are marked as scored by the server (`marking` 0), the session gets the
/// default spread limit, and the new tables start empty.
#[tokio::test]
async fn exam_sessions_and_papers_survive_the_marking_migration() {
    let (url, _dir) = common::fresh_database().await;
    let db = Db::connect(&url, None).await.unwrap();
    let mut old = sqlx::migrate!("./migrations");
    old.migrations = std::borrow::Cow::Owned(old.migrations[..7].to_vec());
    old.run(&db.pool).await.unwrap();
    let paper = r#"[{"attempt":"a1","version":"v1","item_key":"shipped/T-1","kind":"true_false","function":"0.1","points":0.5}]"#;
    for sql in [
        "INSERT INTO centers (id, code, name, disabled, created_at) VALUES ('c1', 'hz01', '杭州', 0, 0)".to_string(),
        "INSERT INTO users (id, center_id, username, role, real_name, password_hash, must_change_password, disabled, created_at, updated_at)
         VALUES ('u1', 'c1', 'zhang', 'trainee', '张三', 'x', 0, 0, 0, 0)".to_string(),
        "INSERT INTO users (id, center_id, username, role, real_name, password_hash, must_change_password, disabled, created_at, updated_at)
         VALUES ('u2', 'c1', 'li', 'center_admin', '李四', 'x', 0, 0, 0, 0)".to_string(),
        "INSERT INTO bank_items (key, item_id, level, kind, uses, skills, function_code, difficulty, current_version, created_at, updated_at)
         VALUES ('shipped/T-1', 'T-1', 5, 'true_false', 'practice,exam', '0.1.2', '0.1', 1, 'v1', 0, 0)".to_string(),
        "INSERT INTO item_versions (id, item_key, hash, content, created_at) VALUES ('v1', 'shipped/T-1', 'h', '{}', 0)".to_string(),
        "INSERT INTO exam_sessions (id, center_id, code, name, level, job_type, components, starts_at, ends_at, rooms, pool, center_items, seed, created_by, created_at)
         VALUES ('s1', 'c1', '2612a', '五级理论', 5, 'data_annotator', 'theory', 0, 1000, '[\"A101\"]', 'open', 0, 7, 'u2', 0)".to_string(),
        "INSERT INTO exam_staff (session_id, user_id, role) VALUES ('s1', 'u2', 'examiner')".to_string(),
        "INSERT INTO exam_candidates (id, session_id, user_id, admission_no, room, seat, declaration, verdict, created_at)
         VALUES ('k1', 's1', 'u1', 'HZ01-2612A-0001', 'A101', 1, '{}', '{}', 0)".to_string(),
        format!("INSERT INTO mock_exams (id, user_id, level, component, paper, started_at, deadline_at, submitted_at, score, breakdown, candidate_id)
         VALUES ('m1', 'u1', 5, 'theory', '{paper}', 100, 900, 200, 0.5, '{{\"0.1\":[0.5,0.5]}}', 'k1')"),
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, level, component, skills, mock_id, answer, seq, submitted_at, score, passed, result, created_at)
         VALUES ('a1', 'u1', 'v1', 'shipped/T-1', 5, 'theory', '0.1.2', 'm1', '{\"answer\":true}', 4, 200, 1.0, 1, '{}', 100)".to_string(),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&db.pool).await.unwrap();
    }
    db.migrate().await.unwrap();

    let s = annocert::store::exams::session(&db.pool, None, "s1")
        .await
        .unwrap()
        .expect("the session stays");
    assert_eq!((s.code.as_str(), s.level.get(), s.seed), ("2612a", 5, 7));
    let spread = annocert::store::marking::spread_limit(&db.pool, "s1")
        .await
        .unwrap();
    assert_eq!(spread, annocert::exam::marking::DEFAULT_SPREAD);
    let staff = annocert::store::exams::staff(&db.pool, "s1").await.unwrap();
    assert_eq!(staff.len(), 1);
    let papers = annocert::store::exams::papers(&db.pool, "s1")
        .await
        .unwrap();
    assert_eq!(papers.len(), 1);
    assert_eq!((papers[0].score, papers[0].paper.len()), (Some(0.5), 1));
    let (seq, answer, score, marking): (i64, String, f64, i64) =
        sqlx::query_as("SELECT seq, answer, score, marking FROM practice_answers WHERE id = 'a1'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        (seq, answer.as_str(), score, marking),
        (4, "{\"answer\":true}", 1.0, 0)
    );
    // Nothing to mark: an answer of a theory paper is no script.
    assert!(
        annocert::store::marking::scripts(&db.pool, "s1")
            .await
            .unwrap()
            .is_empty()
    );
    for table in ["marks", "panel_decisions", "practice_reviews"] {
        let (n,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(n, 0, "{table}");
    }
}

/// The pool's size: the backend's default, a size asked for, and a size too small for the
/// save batchers' own connections raised to their count plus two.
#[tokio::test]
async fn the_pool_has_the_connections_asked_for_but_never_too_few() {
    let (url, _dir) = common::fresh_database().await;
    let size = |db: &Db| db.pool.options().get_max_connections();
    let least = Db::connect(&url, None)
        .await
        .unwrap()
        .backend
        .write_batchers()
        + 2;
    let default = Db::connect(&url, None).await.unwrap();
    match default.backend {
        annocert::db::Backend::Sqlite => assert_eq!(size(&default), 4),
        annocert::db::Backend::Postgres => {
            let cores = std::thread::available_parallelism().unwrap().get() as u32;
            assert_eq!(size(&default), least.max(4 + cores));
        }
    }
    assert_eq!(size(&Db::connect(&url, Some(9)).await.unwrap()), 9);
    assert_eq!(size(&Db::connect(&url, Some(2)).await.unwrap()), least);
}
