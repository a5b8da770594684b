//! Examiners' marks on exam scripts and the panel's decisions (阅卷). The rules are
//! `exam::marking`'s; a submitted mark never changes, a draft only under its seq.

use sqlx::{Any, Executor};

use crate::curriculum::Level;
use crate::exam::marking::Mark;

/// One examiner's assignment to a script, with the mark as it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub attempt_id: String,
    pub examiner_id: String,
    pub session_id: String,
    pub mark: Mark,
    pub seq: i64,
    pub assigned_at: i64,
    pub saved_at: Option<i64>,
    pub submitted_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    attempt_id: String,
    examiner_id: String,
    session_id: String,
    mark: Option<String>,
    seq: i64,
    assigned_at: i64,
    saved_at: Option<i64>,
    submitted_at: Option<i64>,
}

impl From<Row> for Assignment {
    fn from(r: Row) -> Self {
        Assignment {
            mark: r
                .mark
                .as_deref()
                .and_then(|m| serde_json::from_str(m).ok())
                .unwrap_or_default(),
            attempt_id: r.attempt_id,
            examiner_id: r.examiner_id,
            session_id: r.session_id,
            seq: r.seq,
            assigned_at: r.assigned_at,
            saved_at: r.saved_at,
            submitted_at: r.submitted_at,
        }
    }
}

const COLUMNS: &str =
    "attempt_id, examiner_id, session_id, mark, seq, assigned_at, saved_at, submitted_at";

fn json(m: &Mark) -> sqlx::Result<String> {
    serde_json::to_string(m).map_err(|e| sqlx::Error::Encode(e.into()))
}

/// Every assignment of a session.
pub async fn of_session<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<Vec<Assignment>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM marks WHERE session_id = $1 ORDER BY attempt_id, assigned_at, examiner_id"
    ));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(session_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Assignment::from)
        .collect())
}

/// Every assignment of one script.
pub async fn of_script<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
) -> sqlx::Result<Vec<Assignment>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM marks WHERE attempt_id = $1 ORDER BY assigned_at, examiner_id"
    ));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(attempt_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Assignment::from)
        .collect())
}

/// Every assignment of an examiner, newest sessions first.
pub async fn of_examiner<'e>(
    e: impl Executor<'e, Database = Any>,
    examiner_id: &str,
) -> sqlx::Result<Vec<Assignment>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM marks WHERE examiner_id = $1 ORDER BY assigned_at, attempt_id"
    ));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(examiner_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Assignment::from)
        .collect())
}

/// Assigns a script to an examiner (nothing when already assigned).
pub async fn assign<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
    attempt_id: &str,
    examiner_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO marks (attempt_id, examiner_id, session_id, assigned_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (attempt_id, examiner_id) DO NOTHING",
    )
    .bind(attempt_id)
    .bind(examiner_id)
    .bind(session_id)
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// Takes an unsubmitted script back from an examiner (its draft goes with it).
pub async fn release<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
    examiner_id: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM marks WHERE attempt_id = $1 AND examiner_id = $2 AND submitted_at IS NULL",
    )
    .bind(attempt_id)
    .bind(examiner_id)
    .execute(e)
    .await?;
    Ok(())
}

/// Saves a draft or submits (`submit`) a mark, only while the stored seq is `seq` and the mark
/// is not submitted: false otherwise (a stale page, or submitted already).
pub async fn save<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
    examiner_id: &str,
    seq: i64,
    mark: &Mark,
    submit: bool,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE marks SET mark = $4, seq = seq + 1, saved_at = $5,
                submitted_at = CASE WHEN $6 = 1 THEN $5 ELSE NULL END
         WHERE attempt_id = $1 AND examiner_id = $2 AND seq = $3 AND submitted_at IS NULL",
    )
    .bind(attempt_id)
    .bind(examiner_id)
    .bind(seq)
    .bind(json(mark)?)
    .bind(now)
    .bind(super::flag(submit))
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The panel's decision on a script.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub mark: Mark,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: i64,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    mark: String,
    reason: String,
    decided_by: String,
    decided_at: i64,
}

pub async fn decision<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
) -> sqlx::Result<Option<Decision>> {
    Ok(sqlx::query_as::<_, DecisionRow>(
        "SELECT mark, reason, decided_by, decided_at FROM panel_decisions WHERE attempt_id = $1",
    )
    .bind(attempt_id)
    .fetch_optional(e)
    .await?
    .map(|r| Decision {
        mark: serde_json::from_str(&r.mark).unwrap_or_default(),
        reason: r.reason,
        decided_by: r.decided_by,
        decided_at: r.decided_at,
    }))
}

/// The scripts of a session that have a panel decision.
pub async fn decided<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT attempt_id FROM panel_decisions WHERE session_id = $1")
        .bind(session_id)
        .fetch_all(e)
        .await
}

/// Records the panel's decision; false when the script has one already.
pub async fn decide<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
    attempt_id: &str,
    d: &Decision,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO panel_decisions (attempt_id, session_id, mark, reason, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (attempt_id) DO NOTHING",
    )
    .bind(attempt_id)
    .bind(session_id)
    .bind(json(&d.mark)?)
    .bind(&d.reason)
    .bind(&d.decided_by)
    .bind(d.decided_at)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The session's spread limit (a fraction of each criterion's maximum).
pub async fn spread_limit<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<f64> {
    Ok(
        sqlx::query_scalar::<_, f64>("SELECT mark_spread FROM exam_sessions WHERE id = $1")
            .bind(session_id)
            .fetch_optional(e)
            .await?
            .unwrap_or(crate::exam::marking::DEFAULT_SPREAD),
    )
}

/// Marks a handed-in rubric question as waiting for the examiners.
pub async fn await_marks<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE practice_answers SET marking = 1 WHERE id = $1 AND marking = 0")
        .bind(attempt_id)
        .execute(e)
        .await?;
    Ok(())
}

/// One script of a session: an answered rubric question of a handed-in paper.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ScriptRow {
    pub attempt_id: String,
    pub paper_id: String,
    /// None for a 综合评审 script (its rubric is the curriculum's).
    pub version_id: Option<String>,
    pub handed_in_at: i64,
    /// 1 awaiting marks, 2 marked.
    pub marking: i64,
}

/// Every script of a session, the earliest handed in first.
pub async fn scripts<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<Vec<ScriptRow>> {
    sqlx::query_as(
        "SELECT p.id AS attempt_id, m.id AS paper_id, p.version_id, m.submitted_at AS handed_in_at,
                p.marking
         FROM practice_answers p
         JOIN mock_exams m ON m.id = p.mock_id
         JOIN exam_candidates c ON c.id = m.candidate_id
         WHERE c.session_id = $1 AND p.marking > 0 AND m.submitted_at IS NOT NULL
         ORDER BY m.submitted_at, p.id",
    )
    .bind(session_id)
    .fetch_all(e)
    .await
}

/// The final score of a script, once: false when it was marked already.
pub async fn finish<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
    g: &super::attempts::Graded<'_>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET score = $2, result = $3, passed = $4, marking = 2
         WHERE id = $1 AND marking = 1",
    )
    .bind(attempt_id)
    .bind(g.score)
    .bind(g.result)
    .bind(super::flag(g.passed))
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The sessions a user examines or chairs, with the role.
pub async fn roles<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT session_id, role FROM exam_staff WHERE user_id = $1 AND role IN ('examiner', 'chief')",
    )
    .bind(user_id)
    .fetch_all(e)
    .await
}

/// The exam session of a candidate's paper (None for a mock exam).
pub async fn session_of_paper<'e>(
    e: impl Executor<'e, Database = Any>,
    paper_id: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT c.session_id FROM mock_exams m JOIN exam_candidates c ON c.id = m.candidate_id
         WHERE m.id = $1",
    )
    .bind(paper_id)
    .fetch_optional(e)
    .await
}

/// The item key of a level's 综合评审 script (its rubric is the curriculum's).
pub fn review_key(level: Level) -> String {
    format!("review/L{level}")
}

/// Opens a candidate's 综合评审: a paper of component `review` holding one script (100 points,
/// the curriculum's rubric), handed in and waiting for the panel. Nothing when it exists.
pub async fn open_review(
    tx: &mut crate::db::Tx,
    candidate_id: &str,
    user_id: &str,
    level: Level,
    now: i64,
) -> sqlx::Result<bool> {
    let exists: Option<String> = sqlx::query_scalar(
        "SELECT id FROM mock_exams WHERE candidate_id = $1 AND component = 'review'",
    )
    .bind(candidate_id)
    .fetch_optional(&mut **tx)
    .await?;
    if exists.is_some() {
        return Ok(false);
    }
    let paper_id = crate::db::new_id();
    let attempt_id = crate::db::new_id();
    let key = review_key(level);
    let paper = serde_json::json!([{
        "attempt": attempt_id, "version": "", "item_key": key, "kind": "rubric",
        "function": "review", "points": 100.0,
    }]);
    sqlx::query(
        "INSERT INTO mock_exams (id, user_id, level, component, paper, started_at, deadline_at,
                                 submitted_at, score, breakdown, candidate_id, duration_ms, window_end)
         VALUES ($1, $2, $3, 'review', $4, $5, $5, $5, 0, '{}', $6, 0, $5)",
    )
    .bind(&paper_id)
    .bind(user_id)
    .bind(i64::from(level))
    .bind(paper.to_string())
    .bind(now)
    .bind(candidate_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, level, component, skills,
                                       mock_id, seq, submitted_at, score, result, created_at, marking)
         VALUES ($1, $2, NULL, $3, $4, 'review', '', $5, 0, $6, 0, $7, $6, 1)",
    )
    .bind(&attempt_id)
    .bind(user_id)
    .bind(&key)
    .bind(i64::from(level))
    .bind(&paper_id)
    .bind(now)
    .bind(r#"{"kind":"rubric","pending":true,"feedback":[],"grader":"rubric@1"}"#)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}
