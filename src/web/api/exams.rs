//! Exam sessions as JSON: what a center does (sessions, staff, roster, monitor, proctor
//! actions, publication, results and exports) and what a candidate does (my exams, start, the
//! paper, hand-in). Answers are saved through the attempt engine's
//! `PUT /api/v1/practice/attempts/{id}/answer`, like every attempt.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::App;
use crate::app::exams::{self, EnrolInput, ProctorAction};
use crate::curriculum::{Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::eligibility::{CertSource, Declaration, HeldCertificate};
use crate::exam::session::{Pool, SessionInput};
use crate::web::ctx::Auth;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions, create_session))
        .routes(routes!(get_session))
        .routes(routes!(set_staff))
        .routes(routes!(enrol))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(import_roster))
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_UPLOAD)),
        )
        .routes(routes!(monitor))
        .routes(routes!(act))
        .routes(routes!(history))
        .routes(routes!(publish))
        .routes(routes!(results))
        .routes(routes!(export))
        .routes(routes!(regrade_preview, regrade_apply))
        .routes(routes!(my_exams))
        .routes(routes!(start))
        .routes(routes!(paper))
        .routes(routes!(hand_in))
}

/// A new exam session. Times are RFC 3339 (`2026-12-20T09:00:00+08:00`).
#[derive(Deserialize, ToSchema)]
pub struct SessionBody {
    /// Short code, unique in the center (2–12 letters, digits or `-`): part of admission numbers.
    pub code: String,
    pub name: String,
    /// 5 (五级) … 1 (一级).
    pub level: u8,
    /// `data_annotator` or `algorithm_tester`.
    pub job_type: String,
    /// `theory`, `skill`, and `review` (综合评审, levels 2 and 1).
    #[schema(value_type = Vec<String>)]
    pub components: Vec<Component>,
    #[schema(value_type = String)]
    pub starts_at: DateTime<FixedOffset>,
    #[schema(value_type = String)]
    pub ends_at: DateTime<FixedOffset>,
    pub rooms: Vec<String>,
    /// `exam` (default: the confidential exam-only items) or `open` (every exam-use item).
    #[serde(default)]
    pub pool: Option<String>,
    /// Draw the center's own items too.
    #[serde(default)]
    pub center_items: bool,
}

fn ms(t: &DateTime<FixedOffset>) -> i64 {
    t.timestamp_millis()
}

/// The sessions of the actor's center (an examiner: those it staffs), with candidate counts.
#[utoipa::path(get, path = "/api/v1/exam-sessions", responses((status = 200), (status = 403)))]
pub async fn list_sessions(State(app): State<App>, Auth(actor, _): Auth) -> AppResult<Json<Value>> {
    let list = exams::list(&app, &actor).await?;
    Ok(Json(json!(
        list.into_iter()
            .map(|(s, n)| json!({"session": s, "candidates": n}))
            .collect::<Vec<_>>()
    )))
}

/// Creates a session (center admins). 409 `paper_short` when the bank cannot fill a paper,
/// naming each short function and kind; 422 for a bad field.
#[utoipa::path(post, path = "/api/v1/exam-sessions", request_body = SessionBody,
    responses((status = 201), (status = 409), (status = 422)))]
pub async fn create_session(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Json(b): Json<SessionBody>,
) -> AppResult<(axum::http::StatusCode, Json<Value>)> {
    let pool = match b.pool.as_deref() {
        None => None,
        Some(p) => Some(Pool::parse(p).ok_or(AppError::field("pool", "exam.bad_pool"))?),
    };
    // Parsed here, where the number comes in: the same field error as every other bad field.
    let level = Level::new(b.level).ok_or(AppError::field("level", "exam.bad_level"))?;
    let input = SessionInput {
        code: b.code,
        name: b.name,
        level,
        job_type: b.job_type,
        components: b.components,
        starts_at: ms(&b.starts_at),
        ends_at: ms(&b.ends_at),
        rooms: b.rooms,
        pool,
        center_items: b.center_items,
    };
    let id = exams::create(&app, &actor, &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// A session with its staff and the staffing rules it does not meet.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}", responses((status = 200), (status = 404)))]
pub async fn get_session(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    session_json(&app, &actor, &id).await
}

async fn session_json(app: &App, actor: &crate::app::Actor, id: &str) -> AppResult<Json<Value>> {
    let (s, _) = exams::managed(app, actor, id).await?;
    let rows = exams::roster(app, &s).await?;
    let (staff, warnings) = exams::staffing(app, &s, &rows).await?;
    Ok(Json(json!({
        "session": s,
        "candidates": rows.len(),
        "staff": staff,
        "staffing_warnings": warnings,
    })))
}

#[derive(Deserialize, ToSchema)]
pub struct StaffBody {
    /// Usernames of the proctors (监考).
    #[serde(default)]
    pub proctors: Vec<String>,
    /// Usernames of the examiners (考评).
    #[serde(default)]
    pub examiners: Vec<String>,
    /// Username of the chief examiner (考评组长), one of the examiners: settles disagreements
    /// at the panel.
    #[serde(default)]
    pub chief: Option<String>,
}

/// Sets the session's proctors and examiners (center admins).
#[utoipa::path(put, path = "/api/v1/exam-sessions/{id}/staff", request_body = StaffBody,
    responses((status = 200), (status = 422)))]
pub async fn set_staff(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
    Json(b): Json<StaffBody>,
) -> AppResult<Json<Value>> {
    exams::set_staff(
        &app,
        &actor,
        &id,
        &b.proctors,
        &b.examiners,
        b.chief.as_deref(),
    )
    .await?;
    session_json(&app, &actor, &id).await
}

#[derive(Deserialize, ToSchema)]
pub struct CertificateBody {
    /// 5 … 1.
    pub level: u8,
    #[serde(default)]
    pub number: String,
}

#[derive(Deserialize, ToSchema)]
pub struct EnrolBody {
    pub username: String,
    /// Years of work in the occupation or a related one (申报材料).
    #[serde(default)]
    pub years: u32,
    /// Holds the school diploma or completed apprenticeship a route names.
    #[serde(default)]
    pub schooling: bool,
    #[serde(default)]
    pub certificates: Vec<CertificateBody>,
    /// Enrol although the rules are not met: the reason, kept in the audit log.
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Enrols a trainee (center admins): 201 with the admission number; 409 `not_eligible` with
/// what each route of the level's eligibility rules lacks, unless `override_reason` is given.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/candidates", request_body = EnrolBody,
    responses((status = 201), (status = 409), (status = 422)))]
pub async fn enrol(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Json(b): Json<EnrolBody>,
) -> AppResult<(axum::http::StatusCode, Json<Value>)> {
    let input = EnrolInput {
        username: &b.username,
        declaration: Declaration {
            years: b.years,
            schooling: b.schooling,
            certificates: b
                .certificates
                .iter()
                .map(|c| {
                    Ok(HeldCertificate {
                        level: Level::new(c.level)
                            .ok_or(AppError::field("certificates", "exam.bad_level"))?,
                        source: CertSource::Declared,
                        number: c.number.clone(),
                    })
                })
                .collect::<AppResult<_>>()?,
        },
        override_reason: b.override_reason.as_deref(),
    };
    let e = exams::enrol(&app, &actor, &id, &input, info.lang).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({ "candidate": e, "verdict": e.verdict })),
    ))
}

/// Enrols a roster file (`file`: CSV or XLSX with 用户名, 工作年限, 学历或学徒证明, 证书等级,
/// 证书编号, 破格原因): all rows or none; 422 lists every problem with its row.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/candidates/import",
    request_body(content_type = "multipart/form-data", content = String),
    responses((status = 201), (status = 422)))]
pub async fn import_roster(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    mp: axum::extract::Multipart,
) -> AppResult<(axum::http::StatusCode, Json<Value>)> {
    let up = crate::web::upload::read(mp, "roster.csv").await?;
    let (name, bytes) = up
        .file
        .ok_or_else(|| AppError::field("file", "import.no_file"))?;
    let done = exams::import_roster(&app, &actor, &id, &name, &bytes, info.lang).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({ "enrolled": done.len(), "candidates": done })),
    ))
}

/// The live monitor: every candidate with, per component, status, progress, time left, last
/// seen, device and alerts.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/monitor", responses((status = 200), (status = 404)))]
pub async fn monitor(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let (s, _) = exams::managed(&app, &actor, &id).await?;
    let rows = exams::roster(&app, &s).await?;
    Ok(Json(
        json!({ "server_now_ms": app.now(), "candidates": rows }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionBody {
    /// `admit`, `pause`, `resume`, `extra_time`, `unlock`, `terminate` or `irregularity`.
    pub action: String,
    /// The paper's component, for every action but `admit` and `irregularity`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub component: Option<Component>,
    /// Extra time in minutes.
    #[serde(default)]
    pub minutes: Option<i64>,
    /// Required for `terminate` and `irregularity`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A proctor's action on a candidate (the session's staff and center admins); logged in the
/// candidate's history and the audit log.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/candidates/{candidate}/actions",
    request_body = ActionBody, responses((status = 200), (status = 409), (status = 422)))]
pub async fn act(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, candidate)): Path<(String, String)>,
    Json(b): Json<ActionBody>,
) -> AppResult<Json<Value>> {
    let action = parse_action(&b.action, b.minutes, b.reason)?;
    exams::proctor(
        &app,
        &actor,
        &id,
        &candidate,
        b.component,
        action,
        info.lang,
    )
    .await?;
    Ok(Json(json!({ "ok": true })))
}

/// A proctor's action from its name and parameters (the API's and the monitor form's).
pub fn parse_action(
    action: &str,
    minutes: Option<i64>,
    reason: Option<String>,
) -> AppResult<ProctorAction> {
    Ok(match action {
        "admit" => ProctorAction::Admit,
        "pause" => ProctorAction::Pause,
        "resume" => ProctorAction::Resume,
        "extra_time" => {
            ProctorAction::Extra(minutes.ok_or(AppError::field("minutes", "exam.bad_extra"))?)
        }
        "unlock" => ProctorAction::Unlock,
        "terminate" => ProctorAction::Terminate(reason.unwrap_or_default()),
        "irregularity" => ProctorAction::Irregularity(reason.unwrap_or_default()),
        _ => return Err(AppError::field("action", "exam.bad_action")),
    })
}

/// A candidate's history: every event of its exam, with who did it.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/candidates/{candidate}/history",
    responses((status = 200), (status = 404)))]
pub async fn history(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path((id, candidate)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    let (_, e, events) = exams::history(&app, &actor, &id, &candidate).await?;
    Ok(Json(json!({ "candidate": e, "events": events })))
}

/// Publishes the results (center admins): 409 `not_finished` while a paper is open or a
/// candidate may still sit one.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/publish", responses((status = 200), (status = 409)))]
pub async fn publish(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    exams::publish(&app, &actor, &id).await?;
    Ok(Json(json!({ "ok": true })))
}

/// The results (center admins): per candidate and component the score, the level's pass, and
/// per component the distribution of scores in bands of ten.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/results", responses((status = 200), (status = 404)))]
pub async fn results(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let r = exams::results(&app, &actor, &id).await?;
    Ok(Json(json!({
        "session": r.session,
        "candidates": r.rows,
        "distribution": r.distribution.iter().map(|(c, d)| json!({"component": c, "bands": d})).collect::<Vec<_>>(),
    })))
}

/// The results as a file: `csv` (UTF-8 with BOM) or `xlsx`; every cell formula-safe.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/export/{format}",
    responses((status = 200), (status = 404)))]
pub async fn export(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, format)): Path<(String, String)>,
) -> AppResult<Response> {
    let r = exams::results(&app, &actor, &id).await?;
    results_file(&r, &format, &info)
}

/// The results file of a session in `format` (`csv` or `xlsx`), for the API and the page.
pub fn results_file(
    r: &exams::Results,
    format: &str,
    info: &crate::web::ctx::RequestInfo,
) -> AppResult<Response> {
    let (header, rows) = exams::results_table(r, info.lang, info.tz);
    let stem = format!(
        "{}-{}",
        crate::i18n::t(info.lang, "exam.results"),
        r.session.code
    );
    crate::web::pages::people::table_file(&stem, format, header, rows)
}

/// Papers scored by an older grader version, each with its score now and under the current
/// graders (center admins). Nothing changes until `POST` confirms.
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/regrade", responses((status = 200), (status = 404)))]
pub async fn regrade_preview(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let (_, rows) = exams::regrade_preview(&app, &actor, &id, info.lang).await?;
    Ok(Json(json!({ "papers": rows })))
}

/// Applies the regrade: the new scores replace the old, which are kept in the history.
#[utoipa::path(post, path = "/api/v1/exam-sessions/{id}/regrade", responses((status = 200), (status = 404)))]
pub async fn regrade_apply(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let n = exams::regrade_apply(&app, &actor, &id, info.lang).await?;
    Ok(Json(json!({ "regraded": n })))
}

/// The candidate's exams: each session with admission number, room, seat and, per component,
/// status (and the score once published).
#[utoipa::path(get, path = "/api/v1/my/exams", responses((status = 200)))]
pub async fn my_exams(State(app): State<App>, Auth(actor, _): Auth) -> AppResult<Json<Value>> {
    let mine = exams::mine(&app, &actor).await?;
    Ok(Json(json!(
        mine.iter()
            .map(|m| json!({
                "session": m.session,
                "admission_no": m.enrolment.admission_no,
                "room": m.enrolment.room,
                "seat": m.enrolment.seat,
                "admitted": m.enrolment.admitted_at.is_some(),
                "sittings": m.sittings,
            }))
            .collect::<Vec<_>>()
    )))
}

/// Starts (or reopens, on the same device) the candidate's paper of a component: 200
/// `{paper}`; 409 `not_admitted`, `not_open`, `over`, `device` (another browser holds it).
/// API clients send their device id as `X-Device-Id`.
#[utoipa::path(post, path = "/api/v1/my/exams/{id}/{component}/start",
    responses((status = 200), (status = 409)))]
pub async fn start(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, component)): Path<(String, String)>,
) -> AppResult<Json<Value>> {
    let c = Component::parse(&component).ok_or(AppError::NotFound)?;
    let _turn = exams::paper_turn().await;
    let paper = exams::start(&app, &actor, &id, c, info.device.as_deref(), info.lang).await?;
    Ok(Json(json!({ "paper": paper })))
}

/// The candidate's paper: the server's clock (deadline, time left, warning at 15 and 5
/// minutes) and every question with its task and saved answer, never gold or a score before
/// publication.
#[utoipa::path(get, path = "/api/v1/exam-papers/{id}", responses((status = 200), (status = 404), (status = 409)))]
pub async fn paper(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let _turn = exams::paper_turn().await;
    let v = exams::paper(&app, &actor, &id, info.device.as_deref(), info.lang).await?;
    Ok(Json(exams::paper_json(&app, &actor, &v, info.lang).await?))
}

/// Hands the paper in; handing in twice changes nothing.
#[utoipa::path(post, path = "/api/v1/exam-papers/{id}/hand-in", responses((status = 200), (status = 404)))]
pub async fn hand_in(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let _turn = exams::paper_turn().await;
    exams::hand_in(&app, &actor, &id, info.lang).await?;
    Ok(Json(json!({ "ok": true })))
}
