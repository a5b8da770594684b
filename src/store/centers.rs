use sqlx::{Any, Executor};

use crate::accounts::Center;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    code: String,
    name: String,
    disabled: i64,
    created_at: i64,
}

impl From<Row> for Center {
    fn from(r: Row) -> Self {
        Center {
            id: r.id,
            code: r.code,
            name: r.name,
            disabled: r.disabled != 0,
            created_at: r.created_at,
        }
    }
}

const COLS: &str = "id, code, name, disabled, created_at";

pub async fn insert<'e>(e: impl Executor<'e, Database = Any>, c: &Center) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO centers (id, code, name, disabled, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&c.id)
    .bind(&c.code)
    .bind(&c.name)
    .bind(super::flag(c.disabled))
    .bind(c.created_at)
    .execute(e)
    .await?;
    Ok(())
}

pub async fn get<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<Center>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM centers WHERE id = $1"));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(Into::into))
}

pub async fn by_code<'e>(
    e: impl Executor<'e, Database = Any>,
    code: &str,
) -> sqlx::Result<Option<Center>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM centers WHERE code = $1"));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(code)
        .fetch_optional(e)
        .await?
        .map(Into::into))
}

/// Centers with how many people each has, by code.
pub async fn list_with_counts<'e>(
    e: impl Executor<'e, Database = Any>,
) -> sqlx::Result<Vec<(Center, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        c: Row,
        people: i64,
    }
    let rows = sqlx::query_as::<_, Joined>(
        "SELECT c.id, c.code, c.name, c.disabled, c.created_at,
                (SELECT COUNT(*) FROM users u WHERE u.center_id = c.id) AS people
         FROM centers c ORDER BY c.code",
    )
    .fetch_all(e)
    .await?;
    Ok(rows.into_iter().map(|r| (r.c.into(), r.people)).collect())
}
