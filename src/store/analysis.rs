//! The papers and answers an item analysis reads (`app::analysis`): handed-in papers of one
//! component in a scope (an exam session; a level's exam sessions, of one center or all; a
//! level's mock exams), with their questions' answers.

use sqlx::{Any, Executor};

use crate::curriculum::{Component, Level};
use crate::exam::paper::Mock;

/// Which handed-in papers: always one component, optionally a time window (handed in from
/// `from` until before `to`, ms).
#[derive(Clone, Debug)]
pub enum Scope<'a> {
    Session(&'a str),
    /// Exam papers of a level, of one center's sessions (or every center's).
    Exams {
        level: Level,
        center: Option<&'a str>,
    },
    /// Mock exams of a level, of one center's trainees (or everyone's).
    Mocks {
        level: Level,
        center: Option<&'a str>,
    },
}

/// A bind value of a scope's condition.
enum Bind {
    Int(i64),
    Text(String),
}

/// The WHERE clause over `mock_exams m` and its binds after `$1` (component), `$2` (from),
/// `$3` (to). Fixed SQL: only binds vary.
fn condition(scope: &Scope<'_>) -> (&'static str, Vec<Bind>) {
    match scope {
        Scope::Session(id) => (
            "m.candidate_id IN (SELECT id FROM exam_candidates WHERE session_id = $4)",
            vec![Bind::Text(id.to_string())],
        ),
        Scope::Exams { level, center } => (
            "m.level = $4 AND m.candidate_id IN (SELECT c.id FROM exam_candidates c
                JOIN exam_sessions s ON s.id = c.session_id WHERE ($5 = '' OR s.center_id = $5))",
            vec![
                Bind::Int(i64::from(*level)),
                Bind::Text(center.unwrap_or("").to_string()),
            ],
        ),
        Scope::Mocks { level, center } => (
            "m.level = $4 AND m.candidate_id IS NULL
             AND ($5 = '' OR m.user_id IN (SELECT id FROM users WHERE center_id = $5))",
            vec![
                Bind::Int(i64::from(*level)),
                Bind::Text(center.unwrap_or("").to_string()),
            ],
        ),
    }
}

/// Binds the component, the window and the scope's values, in the order of the placeholders.
macro_rules! bind_scope {
    ($q:expr, $component:expr, $from:expr, $to:expr, $binds:expr) => {{
        let mut q = $q.bind($component.as_str()).bind($from).bind($to);
        for b in $binds {
            q = match b {
                Bind::Int(i) => q.bind(i),
                Bind::Text(t) => q.bind(t),
            };
        }
        q
    }};
}

const PAPERS: &str = "m.component = $1 AND m.submitted_at IS NOT NULL AND m.score IS NOT NULL
    AND m.submitted_at >= $2 AND m.submitted_at < $3";

/// The handed-in, scored papers of the scope, oldest first.
pub async fn papers<'e>(
    e: impl Executor<'e, Database = Any>,
    scope: &Scope<'_>,
    component: Component,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<Mock>> {
    let (cond, binds) = condition(scope);
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM mock_exams m WHERE {PAPERS} AND {cond} ORDER BY m.submitted_at, m.id",
        super::mock::COLUMNS
            .split(',')
            .map(|c| format!("m.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    bind_scope!(
        sqlx::query_as::<_, super::mock::Row>(sql),
        component,
        from,
        to,
        binds
    )
    .fetch_all(e)
    .await?
    .into_iter()
    .map(Mock::try_from)
    .collect()
}

/// One question's answer on a paper of the scope.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Answer {
    pub id: String,
    pub mock_id: String,
    pub user_id: String,
    pub version_id: Option<String>,
    pub answer: Option<String>,
    pub option_order: Option<String>,
    pub score: Option<f64>,
    pub created_at: i64,
}

/// Every answer on the scope's papers.
pub async fn answers<'e>(
    e: impl Executor<'e, Database = Any>,
    scope: &Scope<'_>,
    component: Component,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<Answer>> {
    let (cond, binds) = condition(scope);
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT p.id, p.mock_id, p.user_id, p.version_id, p.answer, p.option_order, p.score,
                p.created_at
         FROM practice_answers p
         WHERE p.mock_id IN (SELECT m.id FROM mock_exams m WHERE {PAPERS} AND {cond})"
    ));
    bind_scope!(sqlx::query_as::<_, Answer>(sql), component, from, to, binds)
        .fetch_all(e)
        .await
}

/// The stored content (JSON) of item versions, by id, whoever's they are (the scope decided).
pub async fn versions<'e>(
    e: impl Executor<'e, Database = Any>,
    ids: &[String],
) -> sqlx::Result<Vec<super::practice::PracticeItem>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    // Bound ids, one placeholder each: a report reads at most a few thousand versions.
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT id, item_key, content FROM item_versions WHERE id IN ({})",
        marks.join(", ")
    ));
    let mut q = sqlx::query_as::<_, (String, String, String)>(sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(e)
        .await?
        .into_iter()
        .map(
            |(version_id, item_key, content)| super::practice::PracticeItem {
                version_id,
                item_key,
                content,
            },
        )
        .collect())
}
