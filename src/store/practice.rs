//! Practice attempts and the items they are drawn from.

use sqlx::{Any, Executor};

/// An item version a user may practise: shipped, or their own center's.
pub struct PracticeItem {
    pub version_id: String,
    pub item_key: String,
    pub content: String,
}

/// An item version visible to a user of `center_id` (shipped, or that center's). With
/// `practice_only`, only while the item is a practice item (opening a new attempt); without, any
/// use (an attempt made earlier, which must stay readable).
pub async fn item_version<'e>(
    e: impl Executor<'e, Database = Any>,
    version_id: &str,
    center_id: Option<&str>,
    practice_only: bool,
) -> sqlx::Result<Option<PracticeItem>> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT v.id, v.item_key, v.content FROM item_versions v JOIN bank_items i ON i.key = v.item_key
         WHERE v.id = $1 AND (i.center_id IS NULL OR i.center_id = $2) AND ($3 = 0 OR i.uses LIKE '%practice%')",
    )
    .bind(version_id)
    .bind(center_id.unwrap_or(""))
    .bind(practice_only as i64)
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

/// Narrows practice to a function (`"2"`, `"0.1"`), a work content (`"2.1"`) or a skill
/// (`"2.1.2"`); `""` for any.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter<'a> {
    pub function: &'a str,
    pub work: &'a str,
    pub skill: &'a str,
}

/// A random current practice item of a level (narrowed by `f`), preferring ones the user has
/// not submitted yet.
pub async fn pick_next<'e>(
    e: impl Executor<'e, Database = Any>,
    level: i64,
    f: Filter<'_>,
    center_id: Option<&str>,
    user_id: &str,
) -> sqlx::Result<Option<String>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT i.current_version FROM bank_items i
         WHERE i.level = $1 AND i.retired = 0 AND i.uses LIKE '%practice%' AND i.kind IN ({ONLINE_KINDS})
           AND ($2 = '' OR i.function_code = $2) AND (i.center_id IS NULL OR i.center_id = $3)
           AND ($5 = '' OR (',' || i.skills || ',') LIKE ('%,' || $5 || ',%'))
           AND ($6 = '' OR (',' || i.skills) LIKE ('%,' || $6 || '.%'))
         ORDER BY (SELECT COUNT(*) FROM practice_answers p
                   WHERE p.user_id = $4 AND p.item_key = i.key AND p.submitted_at IS NOT NULL), RANDOM()
         LIMIT 1"
    ));
    sqlx::query_scalar(sql)
        .bind(level)
        .bind(f.function)
        .bind(center_id.unwrap_or(""))
        .bind(user_id)
        .bind(f.skill)
        .bind(f.work)
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
    pub user_id: String,
    pub version_id: Option<String>,
    pub item_key: String,
    pub scene_seed: Option<i64>,
    pub scene_version: Option<i64>,
    pub level: i64,
    pub component: String,
    pub skills: String,
    pub mock_id: Option<String>,
    pub answer: Option<String>,
    pub seq: i64,
    pub flagged: i64,
    pub saved_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub score: Option<f64>,
    pub result: Option<String>,
    pub created_at: i64,
}

const ATTEMPT_COLUMNS: &str = "id, user_id, version_id, item_key, scene_seed, scene_version, level, component, skills, mock_id, answer, seq, flagged, saved_at, submitted_at, score, result, created_at";

/// The user's latest free-practice attempt (not part of a mock exam) at an item version.
pub async fn latest<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    version_id: &str,
) -> sqlx::Result<Option<Attempt>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM practice_answers
         WHERE user_id = $1 AND version_id = $2 AND mock_id IS NULL ORDER BY created_at DESC, id DESC LIMIT 1"
    ));
    sqlx::query_as(sql)
        .bind(user_id)
        .bind(version_id)
        .fetch_optional(e)
        .await
}

/// The user's latest free-practice attempt whose item key starts with `prefix` (a scene kind and
/// level: `scene/street/3/`).
pub async fn latest_with_prefix<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    prefix: &str,
) -> sqlx::Result<Option<Attempt>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM practice_answers
         WHERE user_id = $1 AND substr(item_key, 1, CAST($3 AS INTEGER)) = $2 AND mock_id IS NULL
         ORDER BY created_at DESC, id DESC LIMIT 1"
    ));
    sqlx::query_as(sql)
        .bind(user_id)
        .bind(prefix)
        .bind(prefix.chars().count() as i64)
        .fetch_optional(e)
        .await
}

/// The user's latest free-practice attempt at exactly this item key.
pub async fn latest_by_key<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    item_key: &str,
) -> sqlx::Result<Option<Attempt>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM practice_answers
         WHERE user_id = $1 AND item_key = $2 AND mock_id IS NULL
         ORDER BY created_at DESC, id DESC LIMIT 1"
    ));
    sqlx::query_as(sql)
        .bind(user_id)
        .bind(item_key)
        .fetch_optional(e)
        .await
}

/// One attempt of one user (None when it is someone else's).
pub async fn by_id<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    id: &str,
) -> sqlx::Result<Option<Attempt>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM practice_answers WHERE id = $1 AND user_id = $2"
    ));
    sqlx::query_as(sql)
        .bind(id)
        .bind(user_id)
        .fetch_optional(e)
        .await
}

/// The attempts of a mock exam, in paper order.
pub async fn of_mock<'e>(
    e: impl Executor<'e, Database = Any>,
    mock_id: &str,
) -> sqlx::Result<Vec<Attempt>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM practice_answers WHERE mock_id = $1 ORDER BY created_at, id"
    ));
    sqlx::query_as(sql).bind(mock_id).fetch_all(e).await
}

/// What a new attempt is of.
pub struct NewAttempt<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub version_id: Option<&'a str>,
    pub item_key: &'a str,
    /// (seed, generator version) of a generated scene.
    pub scene: Option<(i64, i64)>,
    pub level: i64,
    pub component: &'a str,
    pub skills: &'a str,
    pub mock_id: Option<&'a str>,
}

pub async fn insert<'e>(
    e: impl Executor<'e, Database = Any>,
    a: &NewAttempt<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO practice_answers (id, user_id, version_id, item_key, scene_seed, scene_version, level, component, skills, mock_id, seq, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11)",
    )
    .bind(a.id)
    .bind(a.user_id)
    .bind(a.version_id)
    .bind(a.item_key)
    .bind(a.scene.map(|s| s.0))
    .bind(a.scene.map(|s| s.1))
    .bind(a.level)
    .bind(a.component)
    .bind(a.skills)
    .bind(a.mock_id)
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

/// The scored answer of an attempt; false when it was already submitted.
pub struct Scored<'a> {
    /// None: unanswered (a mock exam question left blank).
    pub answer: Option<&'a str>,
    pub seq: i64,
    pub score: f64,
    pub passed: bool,
    pub result: &'a str,
}

pub async fn submit<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    s: &Scored<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET answer = $2, seq = $3, saved_at = $6, submitted_at = $6, score = $4, result = $5, passed = $7
         WHERE id = $1 AND submitted_at IS NULL",
    )
    .bind(id)
    .bind(s.answer)
    .bind(s.seq)
    .bind(s.score)
    .bind(s.result)
    .bind(now)
    .bind(s.passed as i64)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}
