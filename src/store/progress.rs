//! What the progress model reads and the wrong-answer book (错题本) it keeps.

use sqlx::{Any, Executor};

use crate::curriculum::Level;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReviewRow {
    pub user_id: String,
    pub item_key: String,
    pub version_id: Option<String>,
    pub scene_seed: Option<i64>,
    pub level: Level,
    pub added_day: i64,
    pub due_day: i64,
    pub rights: i64,
    pub last_right_day: Option<i64>,
    pub lapses: i64,
    pub updated_at: i64,
}

impl ReviewRow {
    /// What the entry is of.
    pub fn key(&self) -> crate::exam::key::ItemKey {
        crate::exam::key::ItemKey::parse(&self.item_key)
    }
}

const REVIEW_COLUMNS: &str = "user_id, item_key, version_id, scene_seed, level, added_day, due_day, rights, last_right_day, lapses, updated_at";

pub async fn review_get<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    item_key: &str,
) -> sqlx::Result<Option<ReviewRow>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {REVIEW_COLUMNS} FROM review_book WHERE user_id = $1 AND item_key = $2"
    ));
    sqlx::query_as(sql)
        .bind(user_id)
        .bind(item_key)
        .fetch_optional(e)
        .await
}

/// Inserts or replaces the entry of (user, item).
pub async fn review_put<'e>(
    e: impl Executor<'e, Database = Any>,
    r: &ReviewRow,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO review_book (user_id, item_key, version_id, scene_seed, level, added_day, due_day, rights, last_right_day, lapses, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (user_id, item_key) DO UPDATE SET version_id = $3, scene_seed = $4, level = $5,
             added_day = $6, due_day = $7, rights = $8, last_right_day = $9, lapses = $10, updated_at = $11",
    )
    .bind(&r.user_id)
    .bind(&r.item_key)
    .bind(&r.version_id)
    .bind(r.scene_seed)
    .bind(i64::from(r.level))
    .bind(r.added_day)
    .bind(r.due_day)
    .bind(r.rights)
    .bind(r.last_right_day)
    .bind(r.lapses)
    .bind(r.updated_at)
    .execute(e)
    .await?;
    Ok(())
}

pub async fn review_delete<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    item_key: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM review_book WHERE user_id = $1 AND item_key = $2")
        .bind(user_id)
        .bind(item_key)
        .execute(e)
        .await?;
    Ok(())
}

/// The user's book, the earliest due first.
pub async fn review_list<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<ReviewRow>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {REVIEW_COLUMNS} FROM review_book WHERE user_id = $1 ORDER BY due_day, added_day, item_key"
    ));
    sqlx::query_as(sql).bind(user_id).fetch_all(e).await
}

/// One scored answer, as the progress model reads it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Outcome {
    pub level: Level,
    pub component: String,
    pub skills: String,
    pub score: f64,
    pub created_at: i64,
    pub submitted_at: i64,
    pub mock_id: Option<String>,
}

/// The user's scored answers (practice and mock exams; not mock questions left blank, and never
/// exam papers, whose scores are the center's to publish), newest first, at most `limit`.
pub async fn outcomes<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<Outcome>> {
    sqlx::query_as(
        "SELECT level, component, skills, score, created_at, submitted_at, mock_id FROM practice_answers
         WHERE user_id = $1 AND submitted_at IS NOT NULL AND score IS NOT NULL AND answer IS NOT NULL
           AND (mock_id IS NULL OR mock_id IN (SELECT id FROM mock_exams WHERE candidate_id IS NULL))
         ORDER BY submitted_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(e)
    .await
}

pub async fn target_level<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Option<Level>> {
    Ok(
        sqlx::query_scalar::<_, Option<Level>>("SELECT target_level FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(e)
            .await?
            .flatten(),
    )
}

pub async fn set_target_level<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    level: Level,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET target_level = $2, updated_at = $3 WHERE id = $1")
        .bind(user_id)
        .bind(i64::from(level))
        .bind(now)
        .execute(e)
        .await?;
    Ok(())
}
