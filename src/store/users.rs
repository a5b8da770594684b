use sqlx::{Any, Executor};

use crate::accounts::{Role, User};

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: String,
    center_id: Option<String>,
    username: String,
    role: String,
    real_name: String,
    phone: Option<String>,
    email: Option<String>,
    id_last4: Option<String>,
    class_name: Option<String>,
    must_change_password: i64,
    disabled: i64,
    created_at: i64,
}

impl From<Row> for User {
    fn from(r: Row) -> Self {
        User {
            id: r.id,
            center_id: r.center_id,
            username: r.username,
            // Only this module writes the column, always from Role::as_str.
            role: Role::parse(&r.role).unwrap_or(Role::Trainee),
            real_name: r.real_name,
            phone: r.phone,
            email: r.email,
            id_last4: r.id_last4,
            class_name: r.class_name,
            must_change_password: r.must_change_password != 0,
            disabled: r.disabled != 0,
            created_at: r.created_at,
        }
    }
}

const COLS: &str = "id, center_id, username, role, real_name, phone, email, id_last4, class_name, \
                    must_change_password, disabled, created_at";

/// A new account as the store receives it: the ID number already hashed.
pub struct NewUser<'a> {
    pub user: &'a User,
    pub id_hash: Option<&'a str>,
    pub password_hash: &'a str,
}

pub async fn insert<'e>(e: impl Executor<'e, Database = Any>, n: &NewUser<'_>) -> sqlx::Result<()> {
    let u = n.user;
    sqlx::query(
        "INSERT INTO users (id, center_id, username, role, real_name, phone, email, id_hash, id_last4,
                            class_name, password_hash, must_change_password, disabled, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(&u.id)
    .bind(&u.center_id)
    .bind(&u.username)
    .bind(u.role.as_str())
    .bind(&u.real_name)
    .bind(&u.phone)
    .bind(&u.email)
    .bind(n.id_hash)
    .bind(&u.id_last4)
    .bind(&u.class_name)
    .bind(n.password_hash)
    .bind(super::flag(u.must_change_password))
    .bind(super::flag(u.disabled))
    .bind(u.created_at)
    .execute(e)
    .await?;
    Ok(())
}

pub async fn get<'e>(e: impl Executor<'e, Database = Any>, id: &str) -> sqlx::Result<Option<User>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM users WHERE id = $1"));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(Into::into))
}

/// The account with this username (exactly).
pub async fn by_username<'e>(
    e: impl Executor<'e, Database = Any>,
    username: &str,
) -> sqlx::Result<Option<User>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM users WHERE username = $1"));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(username)
        .fetch_optional(e)
        .await?
        .map(Into::into))
}

/// The account a login name designates (username, phone or e-mail) with its password hash.
pub async fn for_login<'e>(
    e: impl Executor<'e, Database = Any>,
    login: &str,
) -> sqlx::Result<Option<(User, String)>> {
    #[derive(sqlx::FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        u: Row,
        password_hash: String,
    }
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLS}, password_hash FROM users WHERE username = $1 OR phone = $1 OR email = $1"
    ));
    let mut rows = sqlx::query_as::<_, Joined>(sql)
        .bind(login)
        .fetch_all(e)
        .await?;
    // Uniqueness of each column makes several rows possible only when one person's phone is
    // another's username; then the username wins.
    rows.sort_by_key(|r| r.u.username != login);
    Ok(rows
        .into_iter()
        .next()
        .map(|r| (r.u.into(), r.password_hash)))
}

pub async fn password_hash<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(e)
        .await
}

pub async fn set_password<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    hash: &str,
    must_change: bool,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(hash)
    .bind(super::flag(must_change))
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

pub async fn set_disabled<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    disabled: bool,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(super::flag(disabled))
        .bind(now)
        .execute(e)
        .await?;
    Ok(())
}

pub async fn count_role<'e>(e: impl Executor<'e, Database = Any>, role: Role) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1")
        .bind(role.as_str())
        .fetch_one(e)
        .await
}

pub async fn username_exists<'e>(
    e: impl Executor<'e, Database = Any>,
    username: &str,
) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(e)
        .await?;
    Ok(n > 0)
}

/// Which of these values are already taken in `column` (phone, email) — for import checks.
pub async fn taken<'e>(
    e: impl Executor<'e, Database = Any>,
    column: Unique,
    value: &str,
) -> sqlx::Result<bool> {
    let sql = match column {
        Unique::Phone => "SELECT COUNT(*) FROM users WHERE phone = $1",
        Unique::Email => "SELECT COUNT(*) FROM users WHERE email = $1",
        Unique::Username => "SELECT COUNT(*) FROM users WHERE username = $1",
    };
    let n: i64 = sqlx::query_scalar(sql).bind(value).fetch_one(e).await?;
    Ok(n > 0)
}

pub async fn id_hash_taken<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: &str,
    id_hash: &str,
) -> sqlx::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE center_id = $1 AND id_hash = $2")
            .bind(center_id)
            .bind(id_hash)
            .fetch_one(e)
            .await?;
    Ok(n > 0)
}

#[derive(Clone, Copy, Debug)]
pub enum Unique {
    Username,
    Phone,
    Email,
}

/// The highest numeric suffix of usernames `{prefix}NNNN` — for naming imported trainees.
pub async fn max_serial<'e>(
    e: impl Executor<'e, Database = Any>,
    prefix: &str,
) -> sqlx::Result<u32> {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT username FROM users WHERE username LIKE $1 ESCAPE '\\'")
            .bind(format!("{}%", super::escape_like(prefix)))
            .fetch_all(e)
            .await?;
    Ok(names
        .iter()
        .filter_map(|n| n.strip_prefix(prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0))
}

#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub center_id: Option<String>,
    pub role: Option<Role>,
    pub search: Option<String>,
    pub page: u32,
    pub per_page: u32,
}

/// One page of people, by name, and the total count.
pub async fn list(pool: &sqlx::AnyPool, q: &ListQuery) -> sqlx::Result<(Vec<User>, i64)> {
    let mut conds: Vec<String> = vec![];
    let mut binds: Vec<String> = vec![];
    if let Some(c) = &q.center_id {
        binds.push(c.clone());
        conds.push(format!("center_id = ${}", binds.len()));
    }
    if let Some(r) = q.role {
        binds.push(r.as_str().to_string());
        conds.push(format!("role = ${}", binds.len()));
    }
    if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        binds.push(super::like_pattern(&s.to_lowercase()));
        let n = binds.len();
        conds.push(format!(
            "(LOWER(real_name) LIKE ${n} ESCAPE '\\' OR username LIKE ${n} ESCAPE '\\' \
             OR phone LIKE ${n} ESCAPE '\\' OR email LIKE ${n} ESCAPE '\\' \
             OR LOWER(class_name) LIKE ${n} ESCAPE '\\')"
        ));
    }
    let where_ = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let count_sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM users {where_}"));
    let mut count = sqlx::query_scalar::<_, i64>(count_sql);
    for b in &binds {
        count = count.bind(b.clone());
    }
    let total = count.fetch_one(pool).await?;
    let per_page = q.per_page.clamp(1, 200) as i64;
    let offset = (q.page.max(1) as i64 - 1) * per_page;
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM users {where_} ORDER BY real_name, username LIMIT {per_page} OFFSET {offset}"
    ));
    let mut query = sqlx::query_as::<_, Row>(sql);
    for b in &binds {
        query = query.bind(b.clone());
    }
    let rows = query.fetch_all(pool).await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}
