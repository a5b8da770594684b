//! Practice attempts and the items they are drawn from.

use sqlx::{Any, Executor};

use crate::curriculum::Level;
use crate::scoring::Kind;

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

/// The kinds that pass `keep`, as an SQL list of literals (`'boxes','polygons'`): made from
/// [`Kind::ALL`], whose names are fixed identifiers, so nothing outside reaches the SQL.
pub(crate) fn kind_list(keep: impl Fn(Kind) -> bool) -> String {
    Kind::ALL
        .into_iter()
        .filter(|k| keep(*k))
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(",")
}

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
    level: Level,
    f: Filter<'_>,
    center_id: Option<&str>,
    user_id: &str,
) -> sqlx::Result<Option<String>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT i.current_version FROM bank_items i
         WHERE i.level = $1 AND i.retired = 0 AND i.uses LIKE '%practice%' AND i.kind IN ({})
           AND ($2 = '' OR i.function_code = $2) AND (i.center_id IS NULL OR i.center_id = $3)
           AND ($5 = '' OR (',' || i.skills || ',') LIKE ('%,' || $5 || ',%'))
           AND ($6 = '' OR (',' || i.skills) LIKE ('%,' || $6 || '.%'))
           AND NOT EXISTS (SELECT 1 FROM practice_answers h JOIN mock_exams m ON m.id = h.mock_id
                 LEFT JOIN exam_candidates c ON c.id = m.candidate_id
                 LEFT JOIN exam_sessions s ON s.id = c.session_id
                 WHERE h.user_id = $4 AND h.item_key = i.key
                   AND (m.submitted_at IS NULL OR (m.candidate_id IS NOT NULL AND s.published_at IS NULL)))
         ORDER BY (SELECT COUNT(*) FROM practice_answers p
                   WHERE p.user_id = $4 AND p.item_key = i.key AND p.submitted_at IS NOT NULL), RANDOM()
         LIMIT 1",
        kind_list(Kind::is_online)
    ));
    sqlx::query_scalar(sql)
        .bind(i64::from(level))
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
) -> sqlx::Result<Vec<(Level, String, i64)>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT level, function_code, COUNT(*) FROM bank_items
         WHERE retired = 0 AND uses LIKE '%practice%' AND kind IN ({})
           AND (center_id IS NULL OR center_id = $1)
         GROUP BY level, function_code ORDER BY level DESC, function_code",
        kind_list(Kind::is_online)
    ));
    sqlx::query_as(sql)
        .bind(center_id.unwrap_or(""))
        .fetch_all(e)
        .await
}
