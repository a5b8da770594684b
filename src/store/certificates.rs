//! Certificates: issue, look up, list, revoke; the counters that number them.

use sqlx::{Any, Executor};

use crate::certify::certificate::{Certificate, Revocation};
use crate::clock::Millis;
use crate::curriculum::{Component, Level};

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    number: String,
    user_id: String,
    center_id: String,
    center_name: String,
    session_id: Option<String>,
    level: Level,
    job_type: String,
    holder_name: String,
    id_last4: Option<String>,
    scores: String,
    issued_at: i64,
    status_index: i64,
    supersedes: Option<String>,
    revoked_at: Option<i64>,
    revoked_reason: Option<String>,
    credential: Option<String>,
}

impl From<Row> for Certificate {
    fn from(r: Row) -> Self {
        let scores: Vec<(String, f64)> = serde_json::from_str(&r.scores).unwrap_or_default();
        Certificate {
            scores: scores
                .into_iter()
                .filter_map(|(c, s)| Some((Component::parse(&c)?, s)))
                .collect(),
            level: r.level,
            revoked: r.revoked_at.map(|at| Revocation {
                at,
                reason: r.revoked_reason.unwrap_or_default(),
            }),
            credential: r
                .credential
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok()),
            id: r.id,
            number: r.number,
            user_id: r.user_id,
            center_id: r.center_id,
            center_name: r.center_name,
            session_id: r.session_id,
            job_type: r.job_type,
            holder_name: r.holder_name,
            id_last4: r.id_last4,
            issued_at: r.issued_at,
            status_index: r.status_index,
            supersedes: r.supersedes,
        }
    }
}

const SELECT: &str =
    "SELECT c.id, c.number, c.user_id, c.center_id, n.name AS center_name, c.session_id, c.level,
        c.job_type, c.holder_name, c.id_last4, c.scores, c.issued_at, c.status_index, c.supersedes,
        c.revoked_at, c.revoked_reason, c.credential
     FROM certificates c JOIN centers n ON n.id = c.center_id";

/// A new certificate, before its credential is signed.
pub struct NewCertificate<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub user_id: &'a str,
    pub center_id: &'a str,
    pub session_id: Option<&'a str>,
    pub candidate_id: Option<&'a str>,
    pub level: Level,
    pub job_type: &'a str,
    pub holder_name: &'a str,
    pub id_last4: Option<&'a str>,
    pub scores: &'a [(Component, f64)],
    pub issued_at: Millis,
    pub status_index: i64,
    pub supersedes: Option<&'a str>,
    pub credential: &'a str,
}

pub async fn insert<'e>(
    e: impl Executor<'e, Database = Any>,
    c: &NewCertificate<'_>,
) -> sqlx::Result<()> {
    let scores: Vec<(&str, f64)> = c.scores.iter().map(|(k, s)| (k.as_str(), *s)).collect();
    let scores = serde_json::to_string(&scores).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO certificates (id, number, user_id, center_id, session_id, candidate_id, level, job_type,
             holder_name, id_last4, scores, issued_at, status_index, supersedes, credential)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(c.id)
    .bind(c.number)
    .bind(c.user_id)
    .bind(c.center_id)
    .bind(c.session_id)
    .bind(c.candidate_id)
    .bind(i64::from(c.level))
    .bind(c.job_type)
    .bind(c.holder_name)
    .bind(c.id_last4)
    .bind(scores)
    .bind(c.issued_at)
    .bind(c.status_index)
    .bind(c.supersedes)
    .bind(c.credential)
    .execute(e)
    .await?;
    Ok(())
}

async fn many<'e>(
    e: impl Executor<'e, Database = Any>,
    where_: &str,
    bind: &str,
) -> sqlx::Result<Vec<Certificate>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE {where_} ORDER BY c.issued_at DESC, c.id"
    ));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(bind)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Certificate::from)
        .collect())
}

pub async fn by_number<'e>(
    e: impl Executor<'e, Database = Any>,
    number: &str,
) -> sqlx::Result<Option<Certificate>> {
    Ok(many(e, "c.number = $1", number).await?.into_iter().next())
}

pub async fn by_id<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<Certificate>> {
    Ok(many(e, "c.id = $1", id).await?.into_iter().next())
}

/// The numbers of many certificates at once (bulk verification), by compact number.
pub async fn by_numbers(
    pool: &sqlx::AnyPool,
    numbers: &[String],
) -> sqlx::Result<Vec<Certificate>> {
    let mut out = vec![];
    // Chunks keep every statement's bind count small on both databases.
    for chunk in numbers.chunks(200) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.number IN ({})", marks.join(", ")));
        let mut q = sqlx::query_as::<_, Row>(sql);
        for n in chunk {
            q = q.bind(n.as_str());
        }
        out.extend(q.fetch_all(pool).await?.into_iter().map(Certificate::from));
    }
    Ok(out)
}

pub async fn of_user<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Certificate>> {
    many(e, "c.user_id = $1", user_id).await
}

pub async fn of_center<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: &str,
) -> sqlx::Result<Vec<Certificate>> {
    many(e, "c.center_id = $1", center_id).await
}

/// Every revoked certificate's status-list index.
pub async fn revoked_indices<'e>(e: impl Executor<'e, Database = Any>) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT status_index FROM certificates WHERE revoked_at IS NOT NULL")
        .fetch_all(e)
        .await
}

/// Revokes a certificate (once): false when it was revoked already.
pub async fn revoke<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    by: Option<&str>,
    reason: &str,
    now: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE certificates SET revoked_at = $2, revoked_by = $3, revoked_reason = $4
         WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .bind(by)
    .bind(reason)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The next value of a named counter (1 the first time), atomically across instances.
pub async fn next<'e>(e: impl Executor<'e, Database = Any>, name: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO counters (name, value) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
    )
    .bind(name)
    .fetch_one(e)
    .await
}

/// The highest status-list index handed out (-1 when none): the list's length.
pub async fn max_status_index<'e>(e: impl Executor<'e, Database = Any>) -> sqlx::Result<i64> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(status_index) FROM certificates")
            .fetch_one(e)
            .await?
            .unwrap_or(-1),
    )
}

/// Publishes an issuer key (once).
pub async fn publish_key<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    public_multibase: &str,
    now: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO signing_keys (id, public_multibase, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (public_multibase) DO NOTHING",
    )
    .bind(id)
    .bind(public_multibase)
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// Every published issuer key: (fragment, public multibase), oldest first.
pub async fn keys<'e>(e: impl Executor<'e, Database = Any>) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT id, public_multibase FROM signing_keys ORDER BY created_at, id")
        .fetch_all(e)
        .await
}
