//! Single-use, short-lived downloads (the one-time password sheet of an import).

use sqlx::{Any, Executor};

pub struct Download {
    pub filename: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

pub async fn insert<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    user_id: &str,
    d: &Download,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO downloads (id, user_id, filename, content_type, body, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(user_id)
    .bind(&d.filename)
    .bind(&d.content_type)
    .bind(&d.body)
    .bind(expires_at)
    .execute(e)
    .await?;
    Ok(())
}

/// Takes the download out: it is deleted in the same transaction, so it is served once.
pub async fn take(
    tx: &mut crate::db::Tx,
    id: &str,
    user_id: &str,
    now: i64,
) -> sqlx::Result<Option<Download>> {
    let row: Option<(String, String, Vec<u8>, i64)> = sqlx::query_as(
        "SELECT filename, content_type, body, expires_at FROM downloads WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM downloads WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(row
        .filter(|r| r.3 > now)
        .map(|(filename, content_type, body, _)| Download {
            filename,
            content_type,
            body,
        }))
}

pub async fn purge_expired<'e>(
    e: impl Executor<'e, Database = Any>,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM downloads WHERE expires_at <= $1")
        .bind(now)
        .execute(e)
        .await?
        .rows_affected())
}
