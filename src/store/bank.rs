//! Question-bank items and their immutable versions.

use sqlx::{Any, Executor};

use crate::curriculum::Level;

pub struct Current {
    pub current_version: String,
    pub current_hash: String,
    pub retired: bool,
}

/// The current version (id and hash) of every item of a scope, by key.
pub async fn current_of_scope<'e>(
    e: impl Executor<'e, Database = Any>,
    prefix: &str,
) -> sqlx::Result<Vec<(String, Current)>> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT i.key, i.current_version, v.hash, i.retired FROM bank_items i
         JOIN item_versions v ON v.id = i.current_version WHERE i.key LIKE $1 ESCAPE '\\'",
    )
    .bind(format!("{}%", super::escape_like(prefix)))
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, current_version, current_hash, retired)| {
            (
                key,
                Current {
                    current_version,
                    current_hash,
                    retired: retired != 0,
                },
            )
        })
        .collect())
}

/// The version of an item with this content, if it was ever imported.
pub async fn version_by_hash<'e>(
    e: impl Executor<'e, Database = Any>,
    key: &str,
    hash: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT id FROM item_versions WHERE item_key = $1 AND hash = $2")
        .bind(key)
        .bind(hash)
        .fetch_optional(e)
        .await
}

pub struct ItemRow<'a> {
    pub key: &'a str,
    pub item_id: &'a str,
    pub center_id: Option<&'a str>,
    pub level: i64,
    pub kind: &'a str,
    pub uses: &'a str,
    pub skills: &'a str,
    pub function_code: &'a str,
    pub difficulty: i64,
    pub group_id: Option<&'a str>,
    pub version: &'a str,
    pub now: i64,
}

/// Inserts an item or points it at `version` with fresh metadata (un-retiring it).
pub async fn upsert_item<'e>(
    e: impl Executor<'e, Database = Any>,
    r: &ItemRow<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO bank_items (key, item_id, center_id, level, kind, uses, skills, function_code, difficulty,
                                 group_id, current_version, retired, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $12)
         ON CONFLICT (key) DO UPDATE SET level = $4, kind = $5, uses = $6, skills = $7, function_code = $8,
             difficulty = $9, group_id = $10, current_version = $11, retired = 0, updated_at = $12",
    )
    .bind(r.key)
    .bind(r.item_id)
    .bind(r.center_id)
    .bind(r.level)
    .bind(r.kind)
    .bind(r.uses)
    .bind(r.skills)
    .bind(r.function_code)
    .bind(r.difficulty)
    .bind(r.group_id)
    .bind(r.version)
    .bind(r.now)
    .execute(e)
    .await?;
    Ok(())
}

/// Adds a version. Versions are never updated or deleted.
pub async fn insert_version<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    key: &str,
    hash: &str,
    content: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO item_versions (id, item_key, hash, content, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(key)
        .bind(hash)
        .bind(content)
        .bind(now)
        .execute(e)
        .await?;
    Ok(())
}

/// Items no longer in their bank stay (papers may use them) but are no longer drawn.
pub async fn retire<'e>(
    e: impl Executor<'e, Database = Any>,
    key: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE bank_items SET retired = 1, updated_at = $2 WHERE key = $1")
        .bind(key)
        .bind(now)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn count_versions<'e>(e: impl Executor<'e, Database = Any>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM item_versions")
        .fetch_one(e)
        .await
}

pub async fn setting<'e>(
    e: impl Executor<'e, Database = Any>,
    key: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(e)
        .await
}

pub async fn set_setting<'e>(
    e: impl Executor<'e, Database = Any>,
    key: &str,
    value: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2")
        .bind(key)
        .bind(value)
        .execute(e)
        .await?;
    Ok(())
}

/// Stores (or replaces) one asset of a center's bank.
pub async fn put_asset<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: &str,
    path: &str,
    hash: &str,
    data: &[u8],
    now: i64,
) -> sqlx::Result<()> {
    use base64::Engine as _;
    sqlx::query(
        "INSERT INTO bank_assets (center_id, path, hash, size, data, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (center_id, path) DO UPDATE SET hash = $3, size = $4, data = $5, updated_at = $6",
    )
    .bind(center_id)
    .bind(path)
    .bind(hash)
    .bind(data.len() as i64)
    .bind(base64::engine::general_purpose::STANDARD.encode(data))
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// The bytes of a center's asset.
pub async fn asset<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: &str,
    path: &str,
) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    use base64::Engine as _;
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT hash, data FROM bank_assets WHERE center_id = $1 AND path = $2")
            .bind(center_id)
            .bind(path)
            .fetch_optional(e)
            .await?;
    Ok(row.and_then(|(hash, data)| {
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .ok()
            .map(|d| (hash, d))
    }))
}

/// A center's current items: (level, kind, count, of which retired).
pub async fn center_counts<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: &str,
) -> sqlx::Result<Vec<(Level, String, i64, i64)>> {
    sqlx::query_as(
        "SELECT level, kind, COUNT(*), SUM(retired) FROM bank_items WHERE center_id = $1
         GROUP BY level, kind ORDER BY level DESC, kind",
    )
    .bind(center_id)
    .fetch_all(e)
    .await
}
