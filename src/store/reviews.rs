//! Trainers' reviews of written answers in practice (练习评阅): requested when a trainee
//! submits a rubric item, given once by a trainer of the trainee's center.

use sqlx::{Any, Executor};

use crate::exam::marking::Mark;

/// Asks for a review of a submitted attempt (nothing when asked already).
pub async fn request<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
    center_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO practice_reviews (attempt_id, center_id, requested_at) VALUES ($1, $2, $3)
         ON CONFLICT (attempt_id) DO NOTHING",
    )
    .bind(attempt_id)
    .bind(center_id)
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// One review as a list shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Row {
    pub attempt_id: String,
    pub center_id: String,
    pub requested_at: i64,
    pub reviewer_id: Option<String>,
    pub reviewer_name: Option<String>,
    pub mark: Option<String>,
    pub comment: Option<String>,
    pub reviewed_at: Option<i64>,
    pub user_id: String,
    pub real_name: String,
    pub item_key: String,
    pub level: crate::curriculum::Level,
}

impl Row {
    pub fn mark(&self) -> Mark {
        self.mark
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok())
            .unwrap_or_default()
    }
}

const SELECT: &str = "SELECT r.attempt_id, r.center_id, r.requested_at, r.reviewer_id,
        v.real_name AS reviewer_name, r.mark, r.comment, r.reviewed_at,
        p.user_id, u.real_name, p.item_key, p.level
     FROM practice_reviews r
     JOIN practice_answers p ON p.id = r.attempt_id
     JOIN users u ON u.id = p.user_id
     LEFT JOIN users v ON v.id = r.reviewer_id";

/// A center's reviews: waiting first (oldest first), then the latest given, at most `limit`.
pub async fn of_center<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<Row>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE r.center_id = $1
         ORDER BY CASE WHEN r.reviewed_at IS NULL THEN 0 ELSE 1 END, r.requested_at LIMIT $2"
    ));
    sqlx::query_as(sql)
        .bind(center_id)
        .bind(limit)
        .fetch_all(e)
        .await
}

/// A trainee's reviews, newest first.
pub async fn of_user<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<Row>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE p.user_id = $1 ORDER BY r.requested_at DESC LIMIT $2"
    ));
    sqlx::query_as(sql)
        .bind(user_id)
        .bind(limit)
        .fetch_all(e)
        .await
}

pub async fn get<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
) -> sqlx::Result<Option<Row>> {
    let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.attempt_id = $1"));
    sqlx::query_as(sql).bind(attempt_id).fetch_optional(e).await
}

/// Records the review, once: false when it was given already.
pub async fn record<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
    reviewer_id: &str,
    mark: &Mark,
    comment: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let mark = serde_json::to_string(mark).map_err(|e| sqlx::Error::Encode(e.into()))?;
    Ok(sqlx::query(
        "UPDATE practice_reviews SET reviewer_id = $2, mark = $3, comment = $4, reviewed_at = $5
         WHERE attempt_id = $1 AND reviewed_at IS NULL",
    )
    .bind(attempt_id)
    .bind(reviewer_id)
    .bind(mark)
    .bind(comment)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}
