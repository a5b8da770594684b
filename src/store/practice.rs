//! Practice attempts and the items they are drawn from.

use sqlx::{Any, Executor};

/// An item version a user may practise: shipped, or their own center's.
pub struct PracticeItem {
    pub version_id: String,
    pub item_key: String,
    pub content: String,
}

pub async fn item_version<'e>(
    e: impl Executor<'e, Database = Any>,
    version_id: &str,
    center_id: Option<&str>,
) -> sqlx::Result<Option<PracticeItem>> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT v.id, v.item_key, v.content FROM item_versions v JOIN bank_items i ON i.key = v.item_key
         WHERE v.id = $1 AND (i.center_id IS NULL OR i.center_id = $2) AND i.uses LIKE '%practice%'",
    )
    .bind(version_id)
    .bind(center_id.unwrap_or(""))
    .fetch_optional(e)
    .await?;
    Ok(row.map(|(version_id, item_key, content)| PracticeItem {
        version_id,
        item_key,
        content,
    }))
}

/// Kinds a trainee answers online (rubric items are examiner-scored, segments have no editor).
pub const ONLINE_KINDS: &str = "'boxes','polygons','keypoints','polylines','spans','classify','select','transcript','table','single_choice','multi_choice','true_false'";

/// A random current practice item of a level (and function), preferring ones the user has not
/// submitted yet.
pub async fn pick_next<'e>(
    e: impl Executor<'e, Database = Any>,
    level: i64,
    function: &str,
    center_id: Option<&str>,
    user_id: &str,
) -> sqlx::Result<Option<String>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT i.current_version FROM bank_items i
         WHERE i.level = $1 AND i.retired = 0 AND i.uses LIKE '%practice%' AND i.kind IN ({ONLINE_KINDS})
           AND ($2 = '' OR i.function_code = $2) AND (i.center_id IS NULL OR i.center_id = $3)
         ORDER BY (SELECT COUNT(*) FROM practice_answers p
                   WHERE p.user_id = $4 AND p.item_key = i.key AND p.submitted_at IS NOT NULL), RANDOM()
         LIMIT 1"
    ));
    sqlx::query_scalar(sql)
        .bind(level)
        .bind(function)
        .bind(center_id.unwrap_or(""))
        .bind(user_id)
        .fetch_optional(e)
        .await
}

/// Practice items per level and function (for the practice index).
pub async fn counts<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: Option<&str>,
) -> sqlx::Result<Vec<(i64, String, i64)>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT level, function_code, COUNT(*) FROM bank_items
         WHERE retired = 0 AND uses LIKE '%practice%' AND kind IN ({ONLINE_KINDS})
           AND (center_id IS NULL OR center_id = $1)
         GROUP BY level, function_code ORDER BY level DESC, function_code"
    ));
    sqlx::query_as(sql)
        .bind(center_id.unwrap_or(""))
        .fetch_all(e)
        .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Attempt {
    pub id: String,
    pub answer: Option<String>,
    pub seq: i64,
    pub flagged: i64,
    pub saved_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub result: Option<String>,
}

pub async fn latest<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    version_id: &str,
) -> sqlx::Result<Option<Attempt>> {
    sqlx::query_as(
        "SELECT id, answer, seq, flagged, saved_at, submitted_at, result FROM practice_answers
         WHERE user_id = $1 AND version_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(version_id)
    .fetch_optional(e)
    .await
}

pub async fn insert<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    user_id: &str,
    item: &PracticeItem,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, seq, created_at) VALUES ($1, $2, $3, $4, 0, $5)",
    )
    .bind(id)
    .bind(user_id)
    .bind(&item.version_id)
    .bind(&item.item_key)
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// Saves when `seq` is newer than the stored one and the attempt is still open.
pub async fn save<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    answer: &str,
    seq: i64,
    flagged: bool,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET answer = $2, seq = $3, flagged = $4, saved_at = $5
         WHERE id = $1 AND seq < $3 AND submitted_at IS NULL",
    )
    .bind(id)
    .bind(answer)
    .bind(seq)
    .bind(flagged as i64)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

pub async fn submit<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    answer: &str,
    seq: i64,
    score: f64,
    result: &str,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET answer = $2, seq = $3, saved_at = $6, submitted_at = $6, score = $4, result = $5
         WHERE id = $1 AND submitted_at IS NULL",
    )
    .bind(id)
    .bind(answer)
    .bind(seq)
    .bind(score)
    .bind(result)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}
