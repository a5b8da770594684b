//! Mock exams (模拟考试): a paper of practice items with a server deadline.

use sqlx::{Any, Executor};

use crate::curriculum::{Component, Level};
pub use crate::exam::paper::Mock;
use crate::exam::paper::{Breakdown, ExamPaper, PaperEntry};
use crate::exam::timing::Timing;

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: String,
    user_id: String,
    level: Level,
    component: String,
    paper: String,
    started_at: i64,
    deadline_at: i64,
    submitted_at: Option<i64>,
    score: Option<f64>,
    breakdown: Option<String>,
    candidate_id: Option<String>,
    duration_ms: Option<i64>,
    window_end: Option<i64>,
    extra_ms: i64,
    paused_ms: i64,
    paused_at: Option<i64>,
    device: Option<String>,
    last_seen_at: Option<i64>,
    terminated: Option<String>,
}

impl TryFrom<Row> for Mock {
    type Error = sqlx::Error;
    fn try_from(r: Row) -> sqlx::Result<Mock> {
        let decode = |what: &str, e: serde_json::Error| {
            sqlx::Error::Decode(format!("mock exam {} {what}: {e}", r.id).into())
        };
        Ok(Mock {
            level: r.level,
            component: Component::parse(&r.component).unwrap_or(Component::Theory),
            paper: serde_json::from_str(&r.paper).map_err(|e| decode("paper", e))?,
            breakdown: match r.breakdown.as_deref() {
                Some(b) => serde_json::from_str(b).map_err(|e| decode("breakdown", e))?,
                None => Default::default(),
            },
            exam: r.candidate_id.map(|candidate_id| ExamPaper {
                candidate_id,
                timing: Timing {
                    started_at: r.started_at,
                    duration_ms: r.duration_ms.unwrap_or(0),
                    extra_ms: r.extra_ms,
                    paused_ms: r.paused_ms,
                    paused_at: r.paused_at,
                    window_end: r.window_end.unwrap_or(r.deadline_at),
                },
                device: r.device,
                last_seen_at: r.last_seen_at,
                terminated: r.terminated,
            }),
            id: r.id,
            user_id: r.user_id,
            started_at: r.started_at,
            deadline_at: r.deadline_at,
            submitted_at: r.submitted_at,
            score: r.score,
        })
    }
}

pub(crate) const COLUMNS: &str = "id, user_id, level, component, paper, started_at, deadline_at, submitted_at, score, breakdown,
     candidate_id, duration_ms, window_end, extra_ms, paused_ms, paused_at, device, last_seen_at, terminated";

/// A new paper (a mock exam, or a candidate's exam paper), its questions still empty
/// ([`set_paper`] fills them in the same transaction).
pub async fn insert<'e>(e: impl Executor<'e, Database = Any>, m: &Mock) -> sqlx::Result<()> {
    let x = m.exam.as_ref();
    sqlx::query(
        "INSERT INTO mock_exams (id, user_id, level, component, paper, started_at, deadline_at,
                                 candidate_id, duration_ms, window_end, device, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&m.id)
    .bind(&m.user_id)
    .bind(i64::from(m.level))
    .bind(m.component.as_str())
    .bind("[]")
    .bind(m.started_at)
    .bind(m.deadline_at)
    .bind(x.map(|x| x.candidate_id.as_str()))
    .bind(x.map(|x| x.timing.duration_ms))
    .bind(x.map(|x| x.timing.window_end))
    .bind(x.and_then(|x| x.device.as_deref()))
    .bind(x.and_then(|x| x.last_seen_at))
    .execute(e)
    .await?;
    Ok(())
}

/// A paper of a user, a mock exam or an exam paper (None when it is someone else's).
pub async fn get<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    id: &str,
) -> sqlx::Result<Option<Mock>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mock_exams WHERE id = $1 AND user_id = $2"
    ));
    sqlx::query_as::<_, Row>(sql)
        .bind(id)
        .bind(user_id)
        .fetch_optional(e)
        .await?
        .map(Mock::try_from)
        .transpose()
}

/// A user's mock exams (not exam papers), the newest first.
pub async fn list<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Mock>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mock_exams WHERE user_id = $1 AND candidate_id IS NULL
         ORDER BY started_at DESC, id DESC"
    ));
    sqlx::query_as::<_, Row>(sql)
        .bind(user_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Mock::try_from)
        .collect()
}

/// The paper drawn for a mock exam, written once its questions have their attempts.
pub async fn set_paper<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    paper: &[PaperEntry],
) -> sqlx::Result<()> {
    let paper = serde_json::to_string(paper).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query("UPDATE mock_exams SET paper = $2 WHERE id = $1")
        .bind(id)
        .bind(paper)
        .execute(e)
        .await?;
    Ok(())
}

/// Hands the paper in: from here on no save of its questions is taken. False when it was
/// already handed in. On PostgreSQL the row lock waits for a save that holds the paper
/// (`attempts::hold_paper`), so every save acknowledged before is in the graded answers.
pub async fn claim<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE mock_exams SET submitted_at = $2 WHERE id = $1 AND submitted_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// A paper by id, whoever's it is (the caller has decided who may see it).
pub async fn by_id<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<Mock>> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM mock_exams WHERE id = $1"));
    sqlx::query_as::<_, Row>(sql)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(Mock::try_from)
        .transpose()
}

/// The score of a handed-in paper and its breakdown per function.
pub async fn record_score<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    score: f64,
    breakdown: &Breakdown,
) -> sqlx::Result<()> {
    let breakdown = serde_json::to_string(breakdown).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query("UPDATE mock_exams SET score = $2, breakdown = $3 WHERE id = $1")
        .bind(id)
        .bind(score)
        .bind(breakdown)
        .execute(e)
        .await?;
    Ok(())
}

/// A candidate item for a paper.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Candidate {
    pub key: String,
    pub current_version: String,
    pub function_code: String,
    pub group_id: Option<String>,
}

/// Current practice items of a level and kind visible to a center, in random order. The kind
/// `"practical"` stands for every practical kind scored online (not `rubric`, which examiners
/// score, nor `segments`, which has no editor yet).
pub async fn candidates<'e>(
    e: impl Executor<'e, Database = Any>,
    level: Level,
    kind: &str,
    center_id: Option<&str>,
) -> sqlx::Result<Vec<Candidate>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT key, current_version, function_code, group_id FROM bank_items
         WHERE level = $1 AND retired = 0 AND uses LIKE '%practice%'
           AND (kind = $2 OR ($2 = 'practical' AND kind IN ({})))
           AND (center_id IS NULL OR center_id = $3)
         ORDER BY RANDOM()",
        super::practice::kind_list(|k| k.is_auto_scored() && !k.is_theory())
    ));
    sqlx::query_as(sql)
        .bind(i64::from(level))
        .bind(kind)
        .bind(center_id.unwrap_or(""))
        .fetch_all(e)
        .await
}
