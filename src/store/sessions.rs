use sqlx::{Any, Executor};

use crate::accounts::User;

pub struct NewSession<'a> {
    pub id_hash: &'a str,
    pub user_id: &'a str,
    pub now: i64,
    pub expires_at: i64,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

pub async fn insert<'e>(
    e: impl Executor<'e, Database = Any>,
    s: &NewSession<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(s.id_hash)
    .bind(s.user_id)
    .bind(s.now)
    .bind(s.expires_at)
    .bind(s.ip)
    .bind(s.user_agent)
    .execute(e)
    .await?;
    Ok(())
}

/// A live session's user, with when it was last seen and when it ends.
pub struct Found {
    pub user: User,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

pub async fn find<'e>(
    e: impl Executor<'e, Database = Any>,
    id_hash: &str,
) -> sqlx::Result<Option<Found>> {
    #[derive(sqlx::FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        u: super::users::Row,
        last_seen_at: i64,
        expires_at: i64,
    }
    let row = sqlx::query_as::<_, Joined>(
        "SELECT u.id, u.center_id, u.username, u.role, u.real_name, u.phone, u.email, u.id_last4,
                u.class_name, u.must_change_password, u.disabled, u.created_at,
                s.last_seen_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
    )
    .bind(id_hash)
    .fetch_optional(e)
    .await?;
    Ok(row.map(|r| Found {
        user: r.u.into(),
        last_seen_at: r.last_seen_at,
        expires_at: r.expires_at,
    }))
}

pub async fn touch<'e>(
    e: impl Executor<'e, Database = Any>,
    id_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(id_hash)
        .bind(now)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn delete<'e>(e: impl Executor<'e, Database = Any>, id_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(e)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change or reset, or disabling).
pub async fn delete_for_user<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    keep: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(e)
        .await?;
    Ok(())
}

/// Removes sessions past their absolute or idle expiry.
pub async fn purge_expired<'e>(
    e: impl Executor<'e, Database = Any>,
    now: i64,
    idle_ms: i64,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now)
            .bind(now - idle_ms)
            .execute(e)
            .await?
            .rows_affected(),
    )
}
