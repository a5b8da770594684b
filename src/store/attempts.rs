//! Attempts (作答): one row per try of an item version or a generated scene, alone (practice) or
//! as a question of a paper (a mock exam). The rules they follow are `exam::attempt`'s; here
//! they are applied atomically, so that a save and a hand-in never both win.

use sqlx::{Any, Executor};

use crate::curriculum::{Component, Level};
use crate::exam::attempt::{Attempt, GRACE_MS};
use crate::exam::key::ItemKey;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    user_id: String,
    version_id: Option<String>,
    item_key: String,
    scene_seed: Option<i64>,
    scene_version: Option<i64>,
    level: Level,
    component: String,
    skills: String,
    mock_id: Option<String>,
    option_order: Option<String>,
    answer: Option<String>,
    seq: i64,
    flagged: i64,
    saved_at: Option<i64>,
    submitted_at: Option<i64>,
    score: Option<f64>,
    result: Option<String>,
    created_at: i64,
}

impl From<Row> for Attempt {
    fn from(r: Row) -> Self {
        Attempt {
            answer: crate::exam::attempt::answer_of(r.answer.as_deref()),
            result: r
                .result
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok()),
            id: r.id,
            user_id: r.user_id,
            version_id: r.version_id,
            item_key: ItemKey::parse(&r.item_key),
            scene_seed: r.scene_seed,
            scene_version: r.scene_version,
            level: r.level,
            component: if r.component == "theory" {
                Component::Theory
            } else {
                Component::Skill
            },
            skills: r
                .skills
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            mock_id: r.mock_id,
            option_order: r
                .option_order
                .as_deref()
                .and_then(crate::exam::shuffle::parse),
            seq: r.seq,
            flagged: r.flagged != 0,
            saved_at: r.saved_at,
            submitted_at: r.submitted_at,
            score: r.score,
            created_at: r.created_at,
        }
    }
}

const COLUMNS: &str = "id, user_id, version_id, item_key, scene_seed, scene_version, level, component, skills, mock_id, option_order, answer, seq, flagged, saved_at, submitted_at, score, result, created_at";

async fn one<'e>(
    e: impl Executor<'e, Database = Any>,
    sql: String,
    binds: &[&str],
) -> sqlx::Result<Option<Attempt>> {
    let sql = sqlx::AssertSqlSafe(sql);
    let mut q = sqlx::query_as::<_, Row>(sql);
    for b in binds {
        q = q.bind(*b);
    }
    Ok(q.fetch_optional(e).await?.map(Attempt::from))
}

/// The user's latest free-practice attempt (not part of a mock exam) at an item version.
pub async fn latest<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    version_id: &str,
) -> sqlx::Result<Option<Attempt>> {
    one(
        e,
        format!(
            "SELECT {COLUMNS} FROM practice_answers
             WHERE user_id = $1 AND version_id = $2 AND mock_id IS NULL ORDER BY created_at DESC, id DESC LIMIT 1"
        ),
        &[user_id, version_id],
    )
    .await
}

/// The user's latest free-practice attempt whose item key starts with `prefix` (a scene kind and
/// level: `scene/street/3/`).
pub async fn latest_with_prefix<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    prefix: &str,
) -> sqlx::Result<Option<Attempt>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM practice_answers
         WHERE user_id = $1 AND substr(item_key, 1, CAST($3 AS INTEGER)) = $2 AND mock_id IS NULL
         ORDER BY created_at DESC, id DESC LIMIT 1"
    ));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(user_id)
        .bind(prefix)
        .bind(prefix.chars().count() as i64)
        .fetch_optional(e)
        .await?
        .map(Attempt::from))
}

/// The user's latest free-practice attempt at exactly this item key.
pub async fn latest_by_key<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    item_key: &str,
) -> sqlx::Result<Option<Attempt>> {
    one(
        e,
        format!(
            "SELECT {COLUMNS} FROM practice_answers
             WHERE user_id = $1 AND item_key = $2 AND mock_id IS NULL
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ),
        &[user_id, item_key],
    )
    .await
}

/// One attempt of one user (None when it is someone else's).
pub async fn by_id<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    id: &str,
) -> sqlx::Result<Option<Attempt>> {
    one(
        e,
        format!("SELECT {COLUMNS} FROM practice_answers WHERE id = $1 AND user_id = $2"),
        &[id, user_id],
    )
    .await
}

/// One attempt, whoever's it is (the caller has decided who may see it: examiners marking).
pub async fn find<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<Attempt>> {
    one(
        e,
        format!("SELECT {COLUMNS} FROM practice_answers WHERE id = $1"),
        &[id],
    )
    .await
}

/// The attempts of a mock exam, in paper order.
pub async fn of_mock<'e>(
    e: impl Executor<'e, Database = Any>,
    mock_id: &str,
) -> sqlx::Result<Vec<Attempt>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM practice_answers WHERE mock_id = $1 ORDER BY created_at, id"
    ));
    Ok(sqlx::query_as::<_, Row>(sql)
        .bind(mock_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Attempt::from)
        .collect())
}

/// (id, seq) of each attempt of a mock exam: what a hand-in compares with the seqs it graded.
pub async fn seqs_of_mock<'e>(
    e: impl Executor<'e, Database = Any>,
    mock_id: &str,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as("SELECT id, seq FROM practice_answers WHERE mock_id = $1")
        .bind(mock_id)
        .fetch_all(e)
        .await
}

/// What a new attempt is of.
pub struct NewAttempt<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub version_id: Option<&'a str>,
    pub item_key: &'a str,
    /// (seed, generator version) of a generated scene.
    pub scene: Option<(i64, i64)>,
    pub level: u8,
    pub component: Component,
    pub skills: &'a [String],
    pub mock_id: Option<&'a str>,
    /// The shown order of a choice question's options ("2,0,3,1").
    pub option_order: Option<&'a str>,
}

pub async fn insert<'e>(
    e: impl Executor<'e, Database = Any>,
    a: &NewAttempt<'_>,
    now: i64,
) -> sqlx::Result<()> {
    let sql = sqlx::AssertSqlSafe(format!("{INSERT} VALUES {}", insert_row(0)));
    bind_new(sqlx::query(sql), a, now).execute(e).await?;
    Ok(())
}

/// The columns a new attempt sets; `seq` starts at 0.
const INSERT: &str = "INSERT INTO practice_answers (id, user_id, version_id, item_key, scene_seed, scene_version, level, component, skills, mock_id, option_order, created_at, seq)";
/// The values a new attempt binds, per row ([`bind_new`]).
const INSERT_BINDS: usize = 12;

/// The placeholders of the `r`-th row of an [`INSERT`].
fn insert_row(r: usize) -> String {
    let binds: Vec<String> = (1..=INSERT_BINDS)
        .map(|k| format!("${}", r * INSERT_BINDS + k))
        .collect();
    format!("({}, 0)", binds.join(", "))
}

/// Binds a new attempt's values, in [`INSERT`]'s order.
fn bind_new<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    a: &NewAttempt<'q>,
    created_at: i64,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    q.bind(a.id)
        .bind(a.user_id)
        .bind(a.version_id)
        .bind(a.item_key)
        .bind(a.scene.map(|s| s.0))
        .bind(a.scene.map(|s| s.1))
        .bind(i64::from(a.level))
        .bind(a.component.as_str())
        .bind(a.skills.join(","))
        .bind(a.mock_id)
        .bind(a.option_order)
        .bind(created_at)
}

/// Rows a multi-row statement writes ([`insert_many`], [`grade_many`]).
const ROWS_A_STATEMENT: usize = 25;

/// Inserts a paper's attempts with a few multi-row statements instead of one per question: a
/// paper of 200 is written in a fraction of the time SQLite's write lock was held for 200
/// inserts. The i-th gets `created_at = first + i`, so they list in paper order.
pub async fn insert_many(
    conn: &mut sqlx::AnyConnection,
    rows: &[NewAttempt<'_>],
    first: i64,
) -> sqlx::Result<()> {
    // SQLite finds each numbered parameter by a linear search of the statement's names, so
    // binding is quadratic in their number: 25 rows (300 values) a statement.
    for (c, chunk) in rows.chunks(ROWS_A_STATEMENT).enumerate() {
        let values: Vec<String> = (0..chunk.len()).map(insert_row).collect();
        let sql = sqlx::AssertSqlSafe(format!("{INSERT} VALUES {}", values.join(", ")));
        let mut q = sqlx::query(sql);
        for (i, a) in chunk.iter().enumerate() {
            q = bind_new(q, a, first + (c * ROWS_A_STATEMENT + i) as i64);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Holds the paper of a mock exam or exam while one of its answers is saved: the row lock
/// (PostgreSQL) or the write lock (SQLite) orders the save against a hand-in, which locks the
/// same row first. False when the paper is handed in, paused by a proctor, its time (with the
/// grace) is up, or (an exam paper) `device` is not the browser it is bound to.
pub async fn hold_paper<'e>(
    e: impl Executor<'e, Database = Any>,
    mock_id: &str,
    now: i64,
    device: Option<&str>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE mock_exams SET deadline_at = deadline_at
         WHERE id = $1 AND submitted_at IS NULL AND deadline_at + $3 >= $2 AND paused_at IS NULL
           AND (candidate_id IS NULL OR device = $4)",
    )
    .bind(mock_id)
    .bind(now)
    .bind(GRACE_MS)
    .bind(device.unwrap_or(""))
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// Saves when `seq` is newer than the stored one and the attempt is still open.
pub async fn save<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    answer: &str,
    seq: i64,
    flagged: bool,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET answer = $2, seq = $3, flagged = $4, saved_at = $5
         WHERE id = $1 AND seq < $3 AND submitted_at IS NULL",
    )
    .bind(id)
    .bind(answer)
    .bind(seq)
    .bind(flagged as i64)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// One autosave, as [`save`] (and [`hold_paper`] when it is a paper's question) would apply it.
#[derive(Debug)]
pub struct NewSave {
    pub id: String,
    pub mock_id: Option<String>,
    pub device: Option<String>,
    pub answer: String,
    pub seq: i64,
    pub flagged: bool,
    pub now: i64,
}

/// What became of one save of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landed {
    Saved,
    /// Its paper was not open for it (handed in, paused, out of time, another browser's).
    PaperClosed,
    /// Stale (a newer seq is stored) or the attempt is submitted.
    NotSaved,
}

/// Applies several saves in one write transaction, each exactly as alone, in order of paper
/// and attempt (so that two transactions lock rows in the same order on PostgreSQL and cannot
/// deadlock), and in the given order within an attempt (so the seq guard decides as it would
/// have one by one). The results are in the order of `saves`.
pub async fn save_each(
    conn: &mut sqlx::AnyConnection,
    saves: &[&NewSave],
) -> sqlx::Result<Vec<Landed>> {
    let mut order: Vec<usize> = (0..saves.len()).collect();
    order.sort_by_key(|&i| (&saves[i].mock_id, &saves[i].id));
    let mut landed = vec![Landed::NotSaved; saves.len()];
    for i in order {
        let s = &saves[i];
        if let Some(m) = &s.mock_id
            && !hold_paper(&mut *conn, m, s.now, s.device.as_deref()).await?
        {
            landed[i] = Landed::PaperClosed;
            continue;
        }
        if save(&mut *conn, &s.id, &s.answer, s.seq, s.flagged, s.now).await? {
            landed[i] = Landed::Saved;
        }
    }
    Ok(landed)
}

/// A practice submit: the last answer with its score, when `seq` is newer than the stored one
/// and the attempt is still open (false otherwise: stale, or submitted already).
pub struct Submitted<'a> {
    pub answer: &'a str,
    pub seq: i64,
    pub graded: Graded<'a>,
}

/// The score of one attempt.
pub struct Graded<'a> {
    pub score: f64,
    pub passed: bool,
    pub result: &'a str,
}

pub async fn submit<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    s: &Submitted<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET answer = $2, seq = $3, saved_at = $6, submitted_at = $6, score = $4, result = $5, passed = $7
         WHERE id = $1 AND submitted_at IS NULL AND seq < $3",
    )
    .bind(id)
    .bind(s.answer)
    .bind(s.seq)
    .bind(s.graded.score)
    .bind(s.graded.result)
    .bind(now)
    .bind(s.graded.passed as i64)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// Submits a free-practice written answer for a trainer's review: no score until the review
/// (`reviewed`). False when stale or submitted already.
pub async fn submit_for_review<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    answer: &str,
    seq: i64,
    result: &str,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET answer = $2, seq = $3, saved_at = $5, submitted_at = $5,
                score = NULL, result = $4
         WHERE id = $1 AND submitted_at IS NULL AND seq < $3",
    )
    .bind(id)
    .bind(answer)
    .bind(seq)
    .bind(result)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The score a trainer's review gives a submitted written answer, once.
pub async fn reviewed<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    g: &Graded<'_>,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE practice_answers SET score = $2, result = $3, passed = $4
         WHERE id = $1 AND submitted_at IS NOT NULL AND score IS NULL",
    )
    .bind(id)
    .bind(g.score)
    .bind(g.result)
    .bind(g.passed as i64)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// One question of a handed-in paper for [`grade_many`]: its grade at the seq graded.
pub struct GradedAt<'a> {
    pub id: &'a str,
    pub seq: i64,
    pub graded: Graded<'a>,
    pub blank: bool,
}

/// Grades the questions of a handed-in paper as they stand, a few rows a statement (the
/// hand-in holds SQLite's write lock for these writes): each answer is kept (cleared when it
/// was blank: a saved `null`), and only while the stored seq is still the one graded. False
/// when any of them is not at its graded seq any more, or not open.
pub async fn grade_many(
    conn: &mut sqlx::AnyConnection,
    rows: &[GradedAt<'_>],
    now: i64,
) -> sqlx::Result<bool> {
    const COLS: usize = 6;
    let mut done = 0;
    for chunk in rows.chunks(ROWS_A_STATEMENT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                let p = |k: usize| r * COLS + k + 1;
                format!(
                    "(${}, CAST(${} AS BIGINT), CAST(${} AS DOUBLE PRECISION), ${}, CAST(${} AS BIGINT), CAST(${} AS BIGINT))",
                    p(1), p(2), p(3), p(4), p(5), p(6)
                )
            })
            .collect();
        let sql = sqlx::AssertSqlSafe(format!(
            "WITH g (id, seq, score, result, passed, blank) AS (VALUES {})
             UPDATE practice_answers SET submitted_at = $1, score = g.score, result = g.result,
                    passed = g.passed, answer = CASE WHEN g.blank = 1 THEN NULL ELSE answer END
             FROM g
             WHERE practice_answers.id = g.id AND practice_answers.seq = g.seq
               AND practice_answers.submitted_at IS NULL",
            values.join(", ")
        ));
        let mut q = sqlx::query(sql).bind(now);
        for r in chunk {
            q = q
                .bind(r.id)
                .bind(r.seq)
                .bind(r.graded.score)
                .bind(r.graded.result)
                .bind(r.graded.passed as i64)
                .bind(r.blank as i64);
        }
        done += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(done == rows.len() as u64)
}

/// Replaces the grade of a handed-in question (a regrade under a newer grader version).
pub async fn regrade<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
    g: &Graded<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE practice_answers SET score = $2, result = $3, passed = $4
         WHERE id = $1 AND submitted_at IS NOT NULL",
    )
    .bind(id)
    .bind(g.score)
    .bind(g.result)
    .bind(g.passed as i64)
    .execute(e)
    .await?;
    Ok(())
}
