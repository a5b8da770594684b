//! Login throttling counters, in the database so that every instance shares them.

use sqlx::{Any, Executor};

pub use crate::accounts::throttle::Counter;

pub async fn get<'e>(
    e: impl Executor<'e, Database = Any>,
    key: &str,
) -> sqlx::Result<Option<Counter>> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(e)
    .await?;
    Ok(row.map(|(failures, window_start, locked_until)| Counter {
        failures,
        window_start,
        locked_until,
    }))
}

pub async fn put<'e>(
    e: impl Executor<'e, Database = Any>,
    key: &str,
    c: Counter,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET failures = $2, window_start = $3, locked_until = $4",
    )
    .bind(key)
    .bind(c.failures)
    .bind(c.window_start)
    .bind(c.locked_until)
    .execute(e)
    .await?;
    Ok(())
}

pub async fn clear<'e>(e: impl Executor<'e, Database = Any>, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(e)
        .await?;
    Ok(())
}

/// Counts one attempt on `key` atomically and returns the counter after it — the SQL form of
/// `accounts::throttle::after_attempt`: a locked key is not counted, a key whose window
/// (`window` ms) has passed starts over at 1. One statement, so parallel attempts each see
/// their own count (the row is locked by the upsert on PostgreSQL, the database on SQLite).
pub async fn count<'e>(
    e: impl Executor<'e, Database = Any>,
    key: &str,
    window: i64,
    now: i64,
) -> sqlx::Result<Counter> {
    let (failures, window_start, locked_until): (i64, i64, i64) = sqlx::query_as(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE
             WHEN login_throttle.locked_until > $2 THEN login_throttle.failures
             WHEN $2 - login_throttle.window_start >= $3 THEN 1
             ELSE login_throttle.failures + 1 END,
           window_start = CASE
             WHEN login_throttle.locked_until > $2 THEN login_throttle.window_start
             WHEN $2 - login_throttle.window_start >= $3 THEN $2
             ELSE login_throttle.window_start END
         RETURNING failures, window_start, locked_until",
    )
    .bind(key)
    .bind(now)
    .bind(window)
    .fetch_one(e)
    .await?;
    Ok(Counter {
        failures,
        window_start,
        locked_until,
    })
}
