//! The append-only audit log: this module inserts and reads, and nothing updates or deletes.

use sqlx::{Any, Executor};

#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Entry {
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub center_id: Option<String>,
    pub ip: String,
    pub action: String,
    pub target: String,
    /// JSON text with the particulars.
    pub detail: String,
}

pub async fn insert<'e>(e: impl Executor<'e, Database = Any>, x: &Entry) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, actor_name, center_id, ip, action, target, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&x.id)
    .bind(x.at)
    .bind(&x.actor_id)
    .bind(&x.actor_name)
    .bind(&x.center_id)
    .bind(&x.ip)
    .bind(&x.action)
    .bind(&x.target)
    .bind(&x.detail)
    .execute(e)
    .await?;
    Ok(())
}

/// Newest first; `center_id` None means every center (platform admins).
pub async fn list(
    pool: &sqlx::AnyPool,
    center_id: Option<&str>,
    action: Option<&str>,
    page: u32,
    per_page: u32,
) -> sqlx::Result<(Vec<Entry>, i64)> {
    let per_page = per_page.clamp(1, 200) as i64;
    let offset = (page.max(1) as i64 - 1) * per_page;
    // Empty strings stand for "any", so one statement serves every filter.
    let center = center_id.unwrap_or("");
    let action = action.unwrap_or("");
    const WHERE: &str = "WHERE ($1 = '' OR center_id = $1) AND ($2 = '' OR action = $2)";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM audit_log {WHERE}"
    )))
    .bind(center)
    .bind(action)
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, at, actor_id, actor_name, center_id, ip, action, target, detail FROM audit_log
         {WHERE} ORDER BY at DESC, id DESC LIMIT {per_page} OFFSET {offset}"
    )))
    .bind(center)
    .bind(action)
    .fetch_all(pool)
    .await?;
    Ok((rows, total))
}
