//! Mock exams (模拟考试): a paper of practice items with a server deadline.

use sqlx::{Any, Executor};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Mock {
    pub id: String,
    pub user_id: String,
    pub level: i64,
    pub component: String,
    pub paper: String,
    pub started_at: i64,
    pub deadline_at: i64,
    pub submitted_at: Option<i64>,
    pub score: Option<f64>,
    pub breakdown: Option<String>,
}

const COLUMNS: &str =
    "id, user_id, level, component, paper, started_at, deadline_at, submitted_at, score, breakdown";

pub async fn insert<'e>(e: impl Executor<'e, Database = Any>, m: &Mock) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mock_exams (id, user_id, level, component, paper, started_at, deadline_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&m.id)
    .bind(&m.user_id)
    .bind(m.level)
    .bind(&m.component)
    .bind(&m.paper)
    .bind(m.started_at)
    .bind(m.deadline_at)
    .execute(e)
    .await?;
    Ok(())
}

/// A mock exam of a user (None when it is someone else's).
pub async fn get<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    id: &str,
) -> sqlx::Result<Option<Mock>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mock_exams WHERE id = $1 AND user_id = $2"
    ));
    sqlx::query_as(sql)
        .bind(id)
        .bind(user_id)
        .fetch_optional(e)
        .await
}

/// A user's mock exams, the newest first.
pub async fn list<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Mock>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mock_exams WHERE user_id = $1 ORDER BY started_at DESC, id DESC"
    ));
    sqlx::query_as(sql).bind(user_id).fetch_all(e).await
}

/// The paper drawn for a mock exam, written once its questions have their attempts.
pub async fn set_paper<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    paper: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE mock_exams SET paper = $2 WHERE id = $1")
        .bind(id)
        .bind(paper)
        .execute(e)
        .await?;
    Ok(())
}

/// Hands the paper in: from here on no save of its questions is taken. False when it was
/// already handed in. On PostgreSQL the row lock waits for a save that holds the paper
/// (`attempts::hold_paper`), so every save acknowledged before is in the graded answers.
pub async fn claim<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE mock_exams SET submitted_at = $2 WHERE id = $1 AND submitted_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The score of a handed-in paper and its breakdown per function.
pub async fn record_score<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    score: f64,
    breakdown: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE mock_exams SET score = $2, breakdown = $3 WHERE id = $1")
        .bind(id)
        .bind(score)
        .bind(breakdown)
        .execute(e)
        .await?;
    Ok(())
}

/// A candidate item for a paper.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Candidate {
    pub key: String,
    pub current_version: String,
    pub function_code: String,
    pub group_id: Option<String>,
}

/// Current practice items of a level and kind visible to a center, in random order. The kind
/// `"practical"` stands for every practical kind scored online (not `rubric`, which examiners
/// score, nor `segments`, which has no editor yet).
pub async fn candidates<'e>(
    e: impl Executor<'e, Database = Any>,
    level: i64,
    kind: &str,
    center_id: Option<&str>,
) -> sqlx::Result<Vec<Candidate>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT key, current_version, function_code, group_id FROM bank_items
         WHERE level = $1 AND retired = 0 AND uses LIKE '%practice%'
           AND (kind = $2 OR ($2 = 'practical' AND kind IN ({})))
           AND (center_id IS NULL OR center_id = $3)
         ORDER BY RANDOM()",
        super::practice::kind_list(|k| k.is_online() && !k.is_theory())
    ));
    sqlx::query_as(sql)
        .bind(level)
        .bind(kind)
        .bind(center_id.unwrap_or(""))
        .fetch_all(e)
        .await
}
