//! Exam sessions (考试场次), their staff, candidates, papers and events. A candidate's paper is a
//! row of `mock_exams` with `candidate_id` set (see `store::mock`), so the attempt engine holds,
//! saves and hands it in like any paper.

use sqlx::{Any, Executor};

use crate::clock::Millis;
use crate::curriculum::{Component, Level};
use crate::exam::blueprint::PoolItem;
use crate::exam::paper::Mock;
use crate::exam::session::{Enrolment, ExamSession, Pool};
use crate::exam::timing::Timing;

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    center_id: String,
    code: String,
    name: String,
    level: Level,
    job_type: String,
    components: String,
    starts_at: i64,
    ends_at: i64,
    rooms: String,
    pool: String,
    center_items: i64,
    seed: i64,
    published_at: Option<i64>,
    created_at: i64,
}

impl From<SessionRow> for ExamSession {
    fn from(r: SessionRow) -> Self {
        ExamSession {
            level: r.level,
            components: r
                .components
                .split(',')
                .filter_map(Component::parse)
                .collect(),
            rooms: serde_json::from_str(&r.rooms).unwrap_or_default(),
            pool: Pool::parse(&r.pool).unwrap_or(Pool::Exam),
            center_items: r.center_items != 0,
            id: r.id,
            center_id: r.center_id,
            code: r.code,
            name: r.name,
            job_type: r.job_type,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            seed: r.seed,
            published_at: r.published_at,
            created_at: r.created_at,
        }
    }
}

const SESSION_COLUMNS: &str = "id, center_id, code, name, level, job_type, components, starts_at, ends_at, rooms, pool, center_items, seed, published_at, created_at";

pub async fn insert_session<'e>(
    e: impl Executor<'e, Database = Any>,
    s: &ExamSession,
    created_by: &str,
) -> sqlx::Result<()> {
    let components: Vec<&str> = s.components.iter().map(|c| c.as_str()).collect();
    let rooms = serde_json::to_string(&s.rooms).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO exam_sessions (id, center_id, code, name, level, job_type, components, starts_at,
             ends_at, rooms, pool, center_items, seed, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&s.id)
    .bind(&s.center_id)
    .bind(&s.code)
    .bind(&s.name)
    .bind(i64::from(s.level))
    .bind(&s.job_type)
    .bind(components.join(","))
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(rooms)
    .bind(s.pool.as_str())
    .bind(super::flag(s.center_items))
    .bind(s.seed)
    .bind(created_by)
    .bind(s.created_at)
    .execute(e)
    .await?;
    Ok(())
}

/// A session by id; with `center_id`, only when it is that center's.
pub async fn session<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: Option<&str>,
    id: &str,
) -> sqlx::Result<Option<ExamSession>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {SESSION_COLUMNS} FROM exam_sessions WHERE id = $1 AND ($2 = '' OR center_id = $2)"
    ));
    Ok(sqlx::query_as::<_, SessionRow>(sql)
        .bind(id)
        .bind(center_id.unwrap_or(""))
        .fetch_optional(e)
        .await?
        .map(ExamSession::from))
}

/// A center's sessions, the latest window first, with their number of candidates.
pub async fn sessions<'e>(
    e: impl Executor<'e, Database = Any>,
    center_id: &str,
) -> sqlx::Result<Vec<(ExamSession, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Counted {
        #[sqlx(flatten)]
        s: SessionRow,
        n: i64,
    }
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {SESSION_COLUMNS}, (SELECT COUNT(*) FROM exam_candidates c WHERE c.session_id = exam_sessions.id) AS n
         FROM exam_sessions WHERE center_id = $1 ORDER BY starts_at DESC, id DESC"
    ));
    Ok(sqlx::query_as::<_, Counted>(sql)
        .bind(center_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(|r| (ExamSession::from(r.s), r.n))
        .collect())
}

/// Replaces the session's staff of one role.
pub async fn set_staff(
    tx: &mut crate::db::Tx,
    session_id: &str,
    role: &str,
    user_ids: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM exam_staff WHERE session_id = $1 AND role = $2")
        .bind(session_id)
        .bind(role)
        .execute(&mut **tx)
        .await?;
    for u in user_ids {
        sqlx::query("INSERT INTO exam_staff (session_id, user_id, role) VALUES ($1, $2, $3)")
            .bind(session_id)
            .bind(u)
            .bind(role)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One member of a session's staff.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize)]
pub struct Staff {
    pub user_id: String,
    pub role: String,
    pub real_name: String,
    pub username: String,
}

pub async fn staff<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<Vec<Staff>> {
    sqlx::query_as(
        "SELECT s.user_id, s.role, u.real_name, u.username FROM exam_staff s
         JOIN users u ON u.id = s.user_id WHERE s.session_id = $1 ORDER BY s.role, u.real_name, u.id",
    )
    .bind(session_id)
    .fetch_all(e)
    .await
}

/// Whether the user is on the session's staff (any role).
pub async fn is_staff<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM exam_staff WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_one(e)
    .await?
        > 0)
}

#[derive(sqlx::FromRow)]
struct EnrolmentRow {
    id: String,
    session_id: String,
    user_id: String,
    admission_no: String,
    room: String,
    seat: i64,
    declaration: String,
    verdict: String,
    override_reason: Option<String>,
    admitted_at: Option<i64>,
    created_at: i64,
    real_name: String,
    username: String,
    id_last4: Option<String>,
}

impl From<EnrolmentRow> for Enrolment {
    fn from(r: EnrolmentRow) -> Self {
        Enrolment {
            declaration: serde_json::from_str(&r.declaration).unwrap_or_default(),
            verdict: serde_json::from_str(&r.verdict).unwrap_or_default(),
            id: r.id,
            session_id: r.session_id,
            user_id: r.user_id,
            admission_no: r.admission_no,
            room: r.room,
            seat: r.seat,
            override_reason: r.override_reason,
            admitted_at: r.admitted_at,
            created_at: r.created_at,
            real_name: r.real_name,
            username: r.username,
            id_last4: r.id_last4,
        }
    }
}

const ENROLMENT_SELECT: &str = "SELECT c.id, c.session_id, c.user_id, c.admission_no, c.room, c.seat, c.declaration,
        c.verdict, c.override_reason, c.admitted_at, c.created_at, u.real_name, u.username, u.id_last4
     FROM exam_candidates c JOIN users u ON u.id = c.user_id";

/// Enrols a candidate (the row's person fields are not stored: they come from `users`).
pub async fn enrol<'e>(e: impl Executor<'e, Database = Any>, c: &Enrolment) -> sqlx::Result<()> {
    let declaration =
        serde_json::to_string(&c.declaration).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO exam_candidates (id, session_id, user_id, admission_no, room, seat, declaration,
             verdict, override_reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&c.id)
    .bind(&c.session_id)
    .bind(&c.user_id)
    .bind(&c.admission_no)
    .bind(&c.room)
    .bind(c.seat)
    .bind(declaration)
    .bind(c.verdict.to_string())
    .bind(c.override_reason.as_deref())
    .bind(c.created_at)
    .execute(e)
    .await?;
    Ok(())
}

/// How many candidates a session has (the next one's number).
pub async fn count<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM exam_candidates WHERE session_id = $1")
        .bind(session_id)
        .fetch_one(e)
        .await
}

/// A session's candidates in admission-number order.
pub async fn enrolments<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<Vec<Enrolment>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{ENROLMENT_SELECT} WHERE c.session_id = $1 ORDER BY c.admission_no"
    ));
    Ok(sqlx::query_as::<_, EnrolmentRow>(sql)
        .bind(session_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Enrolment::from)
        .collect())
}

/// One enrolment by id, within a session.
pub async fn enrolment<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
    id: &str,
) -> sqlx::Result<Option<Enrolment>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{ENROLMENT_SELECT} WHERE c.session_id = $1 AND c.id = $2"
    ));
    Ok(sqlx::query_as::<_, EnrolmentRow>(sql)
        .bind(session_id)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(Enrolment::from))
}

/// One enrolment by id.
pub async fn candidate<'e>(
    e: impl Executor<'e, Database = Any>,
    id: &str,
) -> sqlx::Result<Option<Enrolment>> {
    let sql = sqlx::AssertSqlSafe(format!("{ENROLMENT_SELECT} WHERE c.id = $1"));
    Ok(sqlx::query_as::<_, EnrolmentRow>(sql)
        .bind(id)
        .fetch_optional(e)
        .await?
        .map(Enrolment::from))
}

/// A user's enrolments with their sessions, the latest window first.
pub async fn of_user<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<Enrolment>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{ENROLMENT_SELECT} JOIN exam_sessions s ON s.id = c.session_id
         WHERE c.user_id = $1 ORDER BY s.starts_at DESC, c.id"
    ));
    Ok(sqlx::query_as::<_, EnrolmentRow>(sql)
        .bind(user_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Enrolment::from)
        .collect())
}

/// Marks a candidate signed in by a proctor (once).
pub async fn admit<'e>(
    e: impl Executor<'e, Database = Any>,
    candidate_id: &str,
    now: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE exam_candidates SET admitted_at = $2 WHERE id = $1 AND admitted_at IS NULL",
    )
    .bind(candidate_id)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// A candidate's paper of one component.
pub async fn paper<'e>(
    e: impl Executor<'e, Database = Any>,
    candidate_id: &str,
    component: Component,
) -> sqlx::Result<Option<Mock>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM mock_exams WHERE candidate_id = $1 AND component = $2",
        super::mock::COLUMNS
    ));
    sqlx::query_as::<_, super::mock::Row>(sql)
        .bind(candidate_id)
        .bind(component.as_str())
        .fetch_optional(e)
        .await?
        .map(Mock::try_from)
        .transpose()
}

/// Every paper of a session's candidates.
pub async fn papers<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<Vec<Mock>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM mock_exams WHERE candidate_id IN
            (SELECT id FROM exam_candidates WHERE session_id = $1)
         ORDER BY candidate_id, component",
        super::mock::COLUMNS
    ));
    sqlx::query_as::<_, super::mock::Row>(sql)
        .bind(session_id)
        .fetch_all(e)
        .await?
        .into_iter()
        .map(Mock::try_from)
        .collect()
}

/// Per paper of a session: (questions, answered, last save).
pub async fn answered_counts<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<std::collections::HashMap<String, (i64, i64, Option<i64>)>> {
    let rows: Vec<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT p.mock_id, COUNT(*), COALESCE(SUM(CASE WHEN p.answer IS NOT NULL AND p.answer <> 'null' THEN 1 ELSE 0 END), 0),
                MAX(p.saved_at)
         FROM practice_answers p JOIN mock_exams m ON m.id = p.mock_id
         JOIN exam_candidates c ON c.id = m.candidate_id
         WHERE c.session_id = $1 GROUP BY p.mock_id",
    )
    .bind(session_id)
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, t, a, last)| (id, (t, a, last)))
        .collect())
}

/// (questions, answered) of one paper.
pub async fn paper_counts<'e>(
    e: impl Executor<'e, Database = Any>,
    paper_id: &str,
) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN answer IS NOT NULL AND answer <> 'null' THEN 1 ELSE 0 END), 0)
         FROM practice_answers WHERE mock_id = $1",
    )
    .bind(paper_id)
    .fetch_one(e)
    .await
}

/// Per candidate of a session: device refusals and reported irregularities.
pub async fn alert_counts<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
) -> sqlx::Result<std::collections::HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT candidate_id, COUNT(*) FROM exam_events
         WHERE session_id = $1 AND kind IN ('device_refused', 'irregularity') GROUP BY candidate_id",
    )
    .bind(session_id)
    .fetch_all(e)
    .await?;
    Ok(rows.into_iter().collect())
}

/// A paper's clock after a proctor's change (pause, resume, extra time), with the deadline it
/// gives; only while the paper is open.
pub async fn set_timing<'e>(
    e: impl Executor<'e, Database = Any>,
    paper_id: &str,
    t: &Timing,
    deadline: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE mock_exams SET extra_ms = $2, paused_ms = $3, paused_at = $4, deadline_at = $5
         WHERE id = $1 AND submitted_at IS NULL",
    )
    .bind(paper_id)
    .bind(t.extra_ms)
    .bind(t.paused_ms)
    .bind(t.paused_at)
    .bind(deadline)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// Records why a proctor ended a paper (it is then handed in as it stands).
pub async fn set_terminated<'e>(
    e: impl Executor<'e, Database = Any>,
    paper_id: &str,
    reason: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE mock_exams SET terminated = $2 WHERE id = $1")
        .bind(paper_id)
        .bind(reason)
        .execute(e)
        .await?;
    Ok(())
}

/// Binds the paper to a device, or confirms it is bound to this one; false when another
/// device holds it. Writes only when the binding is new or `last_seen_at` is a minute old (no
/// write per autosave).
pub async fn bind_device<'e>(
    e: impl Executor<'e, Database = Any>,
    paper_id: &str,
    device: &str,
    now: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE mock_exams SET device = $2, last_seen_at = $3
         WHERE id = $1 AND (device IS NULL OR device = $2)",
    )
    .bind(paper_id)
    .bind(device)
    .bind(now)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// Frees a paper's device binding (a proctor's unlock): the next browser to open it takes it.
pub async fn unbind_device<'e>(
    e: impl Executor<'e, Database = Any>,
    paper_id: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE mock_exams SET device = NULL WHERE id = $1")
        .bind(paper_id)
        .execute(e)
        .await?;
    Ok(())
}

/// Papers (mock or exam) whose time is up and which nobody handed in: (paper id, user id). A
/// paused exam paper waits for its proctor, unless the session's window has closed.
pub async fn overdue<'e>(
    e: impl Executor<'e, Database = Any>,
    now: Millis,
    grace: Millis,
    limit: i64,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT id, user_id FROM mock_exams
         WHERE submitted_at IS NULL
           AND ((paused_at IS NULL AND deadline_at + $2 < $1) OR window_end + $2 < $1)
         ORDER BY deadline_at LIMIT $3",
    )
    .bind(now)
    .bind(grace)
    .bind(limit)
    .fetch_all(e)
    .await
}

/// The item keys of a user's earlier exam papers (avoided by the next draw).
pub async fn seen_keys<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT DISTINCT p.item_key FROM practice_answers p JOIN mock_exams m ON m.id = p.mock_id
         WHERE p.user_id = $1 AND m.candidate_id IS NOT NULL",
    )
    .bind(user_id)
    .fetch_all(e)
    .await
}

/// The items a session's papers may draw: current, `exam`-use, of the level, scored on line
/// (examiner-scored rubric items wait for the examiner screens); only exam-only items for the
/// confidential pool; the center's own items when the session takes them.
pub async fn pool<'e>(
    e: impl Executor<'e, Database = Any>,
    level: Level,
    pool: Pool,
    center_id: Option<&str>,
) -> sqlx::Result<Vec<PoolItem>> {
    #[derive(sqlx::FromRow)]
    struct PoolRow {
        key: String,
        current_version: String,
        kind: String,
        function_code: String,
        group_id: Option<String>,
    }
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT key, current_version, kind, function_code, group_id FROM bank_items
         WHERE level = $1 AND retired = 0 AND uses LIKE '%exam%'
           AND ($2 = 'open' OR uses NOT LIKE '%practice%')
           AND (center_id IS NULL OR center_id = $3) AND kind IN ({})",
        super::practice::kind_list(crate::scoring::Kind::is_online)
    ));
    Ok(sqlx::query_as::<_, PoolRow>(sql)
        .bind(i64::from(level))
        .bind(pool.as_str())
        .bind(center_id.unwrap_or(""))
        .fetch_all(e)
        .await?
        .into_iter()
        .map(|r| PoolItem {
            key: r.key,
            version: r.current_version,
            kind: r.kind,
            function: r.function_code,
            group: r.group_id,
            first: false,
        })
        .collect())
}

/// One event of a candidate's exam (the attempt's history).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize)]
pub struct Event {
    pub at: i64,
    pub kind: String,
    pub detail: String,
    pub actor_name: Option<String>,
    pub paper_id: Option<String>,
}

pub struct NewEvent<'a> {
    pub session_id: &'a str,
    pub candidate_id: &'a str,
    pub paper_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub kind: &'a str,
    pub detail: &'a str,
}

pub async fn event<'e>(
    e: impl Executor<'e, Database = Any>,
    ev: &NewEvent<'_>,
    now: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO exam_events (id, session_id, candidate_id, paper_id, at, actor_id, kind, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(crate::db::new_id())
    .bind(ev.session_id)
    .bind(ev.candidate_id)
    .bind(ev.paper_id)
    .bind(now)
    .bind(ev.actor_id)
    .bind(ev.kind)
    .bind(ev.detail)
    .execute(e)
    .await?;
    Ok(())
}

/// A candidate's events, oldest first.
pub async fn events<'e>(
    e: impl Executor<'e, Database = Any>,
    candidate_id: &str,
) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(
        "SELECT e.at, e.kind, e.detail, u.real_name AS actor_name, e.paper_id FROM exam_events e
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.candidate_id = $1 ORDER BY e.at, e.id",
    )
    .bind(candidate_id)
    .fetch_all(e)
    .await
}

/// Publishes a session's results (once).
pub async fn publish<'e>(
    e: impl Executor<'e, Database = Any>,
    session_id: &str,
    by: &str,
    now: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE exam_sessions SET published_at = $2, published_by = $3
         WHERE id = $1 AND published_at IS NULL",
    )
    .bind(session_id)
    .bind(now)
    .bind(by)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// Whether the user has an exam or mock paper, open or with unpublished results, that holds
/// the item: practice and the review book keep away from it until then.
pub async fn item_held<'e>(
    e: impl Executor<'e, Database = Any>,
    user_id: &str,
    item_key: &str,
) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM practice_answers p JOIN mock_exams m ON m.id = p.mock_id
         LEFT JOIN exam_candidates c ON c.id = m.candidate_id
         LEFT JOIN exam_sessions s ON s.id = c.session_id
         WHERE p.user_id = $1 AND p.item_key = $2
           AND (m.submitted_at IS NULL OR (m.candidate_id IS NOT NULL AND s.published_at IS NULL))",
    )
    .bind(user_id)
    .bind(item_key)
    .fetch_one(e)
    .await?
        > 0)
}

/// The frozen subject of a generated scene in an exam paper: the task as the candidate got it
/// (with its gold) and its picture. Later generator versions never change it.
pub async fn insert_scene<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
    item: &str,
    svg: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO exam_scenes (attempt_id, item, svg) VALUES ($1, $2, $3)")
        .bind(attempt_id)
        .bind(item)
        .bind(svg)
        .execute(e)
        .await?;
    Ok(())
}

/// The frozen scene of an attempt: (item JSON, picture).
pub async fn scene<'e>(
    e: impl Executor<'e, Database = Any>,
    attempt_id: &str,
) -> sqlx::Result<Option<(String, Option<String>)>> {
    sqlx::query_as("SELECT item, svg FROM exam_scenes WHERE attempt_id = $1")
        .bind(attempt_id)
        .fetch_optional(e)
        .await
}

/// A regrade applied: the replaced and the new score of one paper, kept for the record.
pub struct Regrade<'a> {
    pub session_id: &'a str,
    pub paper_id: &'a str,
    pub old_score: Option<f64>,
    pub new_score: f64,
    pub old_breakdown: &'a str,
    pub new_breakdown: &'a str,
    pub by: &'a str,
}

pub async fn record_regrade<'e>(
    e: impl Executor<'e, Database = Any>,
    r: &Regrade<'_>,
    now: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO regrades (id, session_id, paper_id, old_score, new_score, old_breakdown,
             new_breakdown, applied_by, applied_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(crate::db::new_id())
    .bind(r.session_id)
    .bind(r.paper_id)
    .bind(r.old_score)
    .bind(r.new_score)
    .bind(r.old_breakdown)
    .bind(r.new_breakdown)
    .bind(r.by)
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}
