//! Exam pages: a candidate's "my exams", admission ticket, paper and questions; a center's
//! sessions, session page (staff, roster, enrolment), live monitor, candidate history with the
//! proctor's actions, sign-in sheet and results. Every page calls `app::exams`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use super::{Base, FormErrors};
use crate::app::exams::{self, EnrolInput, MyExam, PaperView, RosterRow, Sitting};
use crate::app::{App, attempt};
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::eligibility::{CertSource, Declaration, HeldCertificate};
use crate::exam::session::{ExamSession, Pool, SessionInput};
use crate::i18n::Tr;
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/exams", get(my_exams))
        .route("/exams/{id}/ticket", get(ticket))
        .route("/exams/{id}/{component}/start", post(start))
        .route("/exams/papers/{id}", get(paper))
        .route("/exams/papers/{id}/hand-in", post(hand_in))
        .route("/exams/papers/{id}/q/{n}", get(question))
        .route("/exams/papers/{id}/scenes/{file}", get(scene_picture))
        .route("/center/exams", get(sessions))
        .route("/center/exams/new", get(new_form).post(create))
        .route("/center/exams/{id}", get(session_page))
        .route("/center/exams/{id}/staff", post(set_staff))
        .route("/center/exams/{id}/candidates", post(enrol))
        .merge(
            Router::new()
                .route("/center/exams/{id}/candidates/import", post(import_roster))
                .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_UPLOAD)),
        )
        .route("/center/exams/{id}/monitor", get(monitor))
        .route("/center/exams/{id}/candidates/{cand}", get(candidate))
        .route("/center/exams/{id}/candidates/{cand}/act", post(act))
        .route("/center/exams/{id}/signin", get(signin))
        .route("/center/exams/{id}/results", get(results))
        .route("/center/exams/{id}/results/{format}", get(export))
        .route("/center/exams/{id}/publish", post(publish))
        .route(
            "/center/exams/{id}/regrade",
            get(regrade).post(regrade_apply),
        )
}

/// Minutes and seconds left, as the monitor and the paper show them.
fn left_text(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A sitting as a row cell: the status tag's tone and text, progress, time left.
pub struct SittingView {
    pub component: Component,
    pub name: &'static str,
    pub status: &'static str,
    pub status_text: &'static str,
    pub tone: &'static str,
    pub progress: String,
    pub left: String,
    pub remaining_ms: i64,
    pub paper_id: String,
    pub score: String,
    pub device_bound: bool,
    pub last_seen: Option<i64>,
}

fn sitting_view(tr: &Tr, x: &Sitting) -> SittingView {
    SittingView {
        component: x.component,
        name: super::component_name(tr, x.component),
        status: x.status,
        status_text: tr.t(&format!("exam.status.{}", x.status)),
        tone: match x.status {
            "in_progress" => "warn",
            "paused" => "muted",
            "handed_in" => "ok",
            "terminated" => "error",
            _ => "muted",
        },
        progress: if x.total > 0 {
            format!("{} / {}", x.answered, x.total)
        } else {
            "—".into()
        },
        left: x.remaining_ms.map(left_text).unwrap_or_else(|| "—".into()),
        remaining_ms: x.remaining_ms.unwrap_or(-1),
        paper_id: x.paper_id.clone().unwrap_or_default(),
        score: x.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        device_bound: x.device_bound,
        last_seen: x.last_seen_at,
    }
}

// ─── The candidate ───────────────────────────────────────────────────────────────────────────

pub struct MyExamView {
    pub id: String,
    pub name: String,
    pub level: String,
    pub job: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub admission_no: String,
    pub room: String,
    pub seat: i64,
    pub admitted: bool,
    pub published: bool,
    pub open_now: bool,
    pub sittings: Vec<SittingView>,
}

fn my_exam_view(tr: &Tr, m: &MyExam, now: i64) -> MyExamView {
    let s = &m.session;
    MyExamView {
        id: s.id.clone(),
        name: s.name.clone(),
        level: super::level_name(tr, s.level.get()),
        job: crate::app::exams::job_label(tr.lang, &s.job_type),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        admission_no: m.enrolment.admission_no.clone(),
        room: m.enrolment.room.clone(),
        seat: m.enrolment.seat,
        admitted: m.enrolment.admitted_at.is_some(),
        published: s.published_at.is_some(),
        open_now: (s.starts_at..s.ends_at).contains(&now),
        sittings: m.sittings.iter().map(|x| sitting_view(tr, x)).collect(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/mine.html")]
pub struct MinePage {
    b: Base,
    exams: Vec<MyExamView>,
}

async fn my_exams(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<MinePage> {
    let tr = info.tr();
    let now = app.now();
    let exams = exams::mine(&app, &actor)
        .await?
        .iter()
        .map(|m| my_exam_view(&tr, m, now))
        .collect();
    Ok(MinePage {
        b: Base::new(&info, "exam.mine_title"),
        exams,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/ticket.html")]
pub struct TicketPage {
    b: Base,
    e: MyExamView,
    real_name: String,
    id_last4: String,
    center: String,
    minutes: Vec<(&'static str, u32)>,
}

async fn ticket(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<TicketPage> {
    let tr = info.tr();
    let m = exams::my_enrolment(&app, &actor, &id).await?;
    let lv = curriculum::shipped().level(m.session.level.get());
    let minutes = m
        .session
        .papers()
        .map(|c| {
            (
                super::component_name(&tr, c),
                lv.and_then(|l| l.exam(c)).map_or(0, |e| e.duration.minutes),
            )
        })
        .collect();
    let center = exams::center_name(&app, &m.session).await?;
    Ok(TicketPage {
        b: Base::new(&info, "exam.ticket_title").crumb(tr.t("exam.mine_title"), "/exams"),
        e: my_exam_view(&tr, &m, app.now()),
        real_name: m.enrolment.real_name.clone(),
        id_last4: m.enrolment.id_last4.clone().unwrap_or_default(),
        center,
        minutes,
    })
}

async fn start(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, component)): Path<(String, String)>,
) -> AppResult<Response> {
    let c = Component::parse(&component).ok_or(AppError::NotFound)?;
    let _turn = exams::paper_turn().await;
    let paper = exams::start(&app, &actor, &id, c, info.device.as_deref(), info.lang).await?;
    Ok(Redirect::to(&format!("/exams/papers/{paper}")).into_response())
}

/// One cell of the answer sheet.
pub struct Cell {
    pub n: usize,
    pub state: &'static str,
    pub label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/paper.html")]
pub struct PaperPage {
    b: Base,
    id: String,
    open: bool,
    paused: bool,
    published: bool,
    terminated: Option<String>,
    remaining_ms: i64,
    deadline_ms: i64,
    cells: Vec<Cell>,
    answered: usize,
    flagged: usize,
    unanswered: usize,
    score: String,
    passed: bool,
    pass_mark: String,
    functions: Vec<super::mock::FunctionResult>,
}

fn cells(tr: &Tr, v: &PaperView) -> Vec<Cell> {
    v.paper
        .paper
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let state = match v.attempt_of(e) {
                Some(a) if a.flagged => "flagged",
                Some(a) if a.answer.is_some() => "answered",
                _ => "empty",
            };
            Cell {
                n: i + 1,
                state,
                label: tr.t(&format!("mock.state.{state}")),
            }
        })
        .collect()
}

async fn paper(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<PaperPage> {
    let tr = info.tr();
    let _turn = exams::paper_turn().await;
    let v = exams::paper(&app, &actor, &id, info.device.as_deref(), info.lang).await?;
    let now = app.now();
    let t = v.timing();
    let cells = cells(&tr, &v);
    let count = |s: &str| cells.iter().filter(|c| c.state == s).count();
    let level = v.session.level;
    let (_, pass) = curriculum::shipped().marks(level.get(), v.paper.component);
    let functions = if v.published() {
        super::mock::function_results(&tr, level, &v.paper.breakdown)
    } else {
        vec![]
    };
    let score = v.paper.score.filter(|_| v.published());
    Ok(PaperPage {
        b: Base::titled(
            &info,
            format!(
                "{} · {}",
                v.session.name,
                super::component_name(&tr, v.paper.component)
            ),
        )
        .crumb(tr.t("exam.mine_title"), "/exams"),
        open: v.is_open(),
        paused: t.is_paused(),
        published: v.published(),
        terminated: v.paper.exam.as_ref().and_then(|x| x.terminated.clone()),
        remaining_ms: if v.is_open() { t.remaining(now) } else { 0 },
        deadline_ms: t.deadline(now),
        answered: count("answered") + count("flagged"),
        flagged: count("flagged"),
        unanswered: count("empty"),
        cells,
        score: score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        passed: score.is_some_and(|s| s >= pass),
        pass_mark: format!("{pass:.0}"),
        functions,
        id,
    })
}

/// `GET /exams/papers/{id}/scenes/{attempt}.svg`: a generated scene's picture, for the paper's
/// candidate only (its URL names no seed).
async fn scene_picture(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path((id, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let attempt = file.strip_suffix(".svg").ok_or(AppError::NotFound)?;
    let svg = exams::scene_svg(&app, &actor, &id, attempt).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        svg,
    )
        .into_response())
}

async fn hand_in(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    let _turn = exams::paper_turn().await;
    exams::hand_in(&app, &actor, &id, info.lang).await?;
    Ok(Redirect::to(&format!("/exams/papers/{id}")))
}

async fn question(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, n)): Path<(String, usize)>,
) -> AppResult<Response> {
    let tr = info.tr();
    let _turn = exams::paper_turn().await;
    let v = exams::paper(&app, &actor, &id, info.device.as_deref(), info.lang).await?;
    if !v.is_open() {
        // A handed-in exam paper is not reviewed question by question: its items stay
        // confidential (the bank reuses them).
        return Ok(Redirect::to(&format!("/exams/papers/{id}")).into_response());
    }
    let total = v.paper.paper.len();
    let entry = n
        .checked_sub(1)
        .and_then(|i| v.paper.paper.get(i))
        .ok_or(AppError::NotFound)?;
    let a = v.attempt_of(entry).ok_or(AppError::NotFound)?;
    let subject = attempt::subject(&app, &actor, a, info.lang).await?;
    let now = app.now();
    let t = v.timing();
    let next_url = if n < total {
        format!("/exams/papers/{id}/q/{}", n + 1)
    } else {
        format!("/exams/papers/{id}")
    };
    let config = json!({
        "mode": "exam",
        "save_url": format!("/api/v1/practice/attempts/{}/answer", a.id),
        "submit_url": "",
        "next_url": next_url,
        "paper_url": format!("/exams/papers/{id}"),
        "deadline_ms": t.deadline(now),
        "server_now_ms": now,
        "warn_minutes": [15, 5],
    });
    let b = Base::titled(
        &info,
        crate::i18n::tf(
            tr.lang,
            "mock.question_of",
            &[("n", format!("{n} / {total}"))],
        ),
    )
    .crumb(tr.t("exam.mine_title"), "/exams")
    .crumb(v.session.name.clone(), format!("/exams/papers/{id}"));
    let state = exams::answer_state(a);
    Ok(super::practice::workbench_with(&info, b, &subject, &state, config).into_response())
}

// ─── The center ──────────────────────────────────────────────────────────────────────────────

pub struct SessionRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: String,
    pub components: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub candidates: i64,
    pub status: &'static str,
    pub status_text: &'static str,
}

fn session_status(s: &ExamSession, now: i64) -> &'static str {
    if s.published_at.is_some() {
        "published"
    } else if now < s.starts_at {
        "upcoming"
    } else if now < s.ends_at {
        "running"
    } else {
        "closed"
    }
}

fn session_row(tr: &Tr, s: &ExamSession, n: i64, now: i64) -> SessionRow {
    let status = session_status(s, now);
    SessionRow {
        id: s.id.clone(),
        code: s.code.to_ascii_uppercase(),
        name: s.name.clone(),
        level: super::level_name(tr, s.level.get()),
        components: s
            .components
            .iter()
            .map(|c| super::component_name(tr, *c))
            .collect::<Vec<_>>()
            .join(" · "),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        candidates: n,
        status,
        status_text: tr.t(&format!("exam.session_status.{status}")),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/sessions.html")]
pub struct SessionsPage {
    b: Base,
    rows: Vec<SessionRow>,
    can_create: bool,
}

async fn sessions(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<SessionsPage> {
    let tr = info.tr();
    let now = app.now();
    let rows = exams::list(&app, &actor)
        .await?
        .iter()
        .map(|(s, n)| session_row(&tr, s, *n, now))
        .collect();
    Ok(SessionsPage {
        b: Base::new(&info, "exam.sessions_title"),
        rows,
        can_create: actor.role() == crate::accounts::Role::CenterAdmin,
    })
}

/// The new-session form as typed (re-shown with its errors).
#[derive(Default, Deserialize)]
pub struct SessionForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    job_type: String,
    #[serde(default)]
    theory: Option<String>,
    #[serde(default)]
    skill: Option<String>,
    #[serde(default)]
    review: Option<String>,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    rooms: String,
    #[serde(default)]
    pool: String,
    #[serde(default)]
    center_items: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/new.html")]
pub struct NewPage {
    b: Base,
    form: SessionForm,
    errors: FormErrors,
    alert: String,
    levels: Vec<(u8, String)>,
    jobs: Vec<(String, String)>,
}

fn new_page(info: &RequestInfo, form: SessionForm, errors: FormErrors, alert: String) -> NewPage {
    let tr = info.tr();
    let cur = curriculum::shipped();
    NewPage {
        b: Base::new(info, "exam.new_title").crumb(tr.t("exam.sessions_title"), "/center/exams"),
        form,
        errors,
        alert,
        levels: cur
            .levels
            .iter()
            .map(|l| (l.number, super::level_name(&tr, l.number)))
            .collect(),
        jobs: cur
            .job_types
            .iter()
            .map(|j| {
                (
                    j.code.clone(),
                    crate::app::exams::job_label(tr.lang, &j.code),
                )
            })
            .collect(),
    }
}

async fn new_form(Auth(actor, info): Auth) -> AppResult<NewPage> {
    actor.managed_center()?;
    Ok(new_page(
        &info,
        SessionForm {
            theory: Some("on".into()),
            pool: "exam".into(),
            ..SessionForm::default()
        },
        FormErrors::default(),
        String::new(),
    ))
}

/// A `datetime-local` value (`2026-12-20T09:00`) in the display zone, as UTC milliseconds.
fn local_ms(s: &str, tz: chrono_tz::Tz) -> Option<i64> {
    let naive = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok()?;
    naive
        .and_local_timezone(tz)
        .earliest()
        .map(|t| t.timestamp_millis())
}

/// Splits a form failure: field errors and conflicts are shown on the form, anything else is
/// an error page.
fn on_form(e: AppError, info: &RequestInfo) -> Result<(FormErrors, String), AppError> {
    match e {
        AppError::Validation(errs) => Ok((FormErrors::from(&errs, info.lang), String::new())),
        e @ (AppError::Conflict { .. } | AppError::BadRequest { .. }) => {
            Ok((FormErrors::default(), e.message(info.lang)))
        }
        e => Err(e),
    }
}

async fn create(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Form(f): Form<SessionForm>,
) -> AppResult<Response> {
    let components = [
        (Component::Theory, f.theory.is_some()),
        (Component::Skill, f.skill.is_some()),
        (Component::Review, f.review.is_some()),
    ]
    .into_iter()
    .filter_map(|(c, on)| on.then_some(c))
    .collect();
    let times = (
        local_ms(&f.starts_at, info.tz),
        local_ms(&f.ends_at, info.tz),
    );
    // The level is parsed here, where the number comes in: a bad one is the form's field error.
    let level = Level::parse(&f.level).ok_or(AppError::field("level", "exam.bad_level"));
    let result = match (times, level) {
        ((Some(_), Some(_)), Err(e)) => Err(e),
        ((Some(starts_at), Some(ends_at)), Ok(level)) => {
            let input = SessionInput {
                code: f.code.clone(),
                name: f.name.clone(),
                level,
                job_type: f.job_type.clone(),
                components,
                starts_at,
                ends_at,
                rooms: f
                    .rooms
                    .split(['\n', ',', '，', '、'])
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .collect(),
                pool: Pool::parse(&f.pool),
                center_items: f.center_items.is_some(),
            };
            exams::create(&app, &actor, &input).await
        }
        _ => Err(AppError::field("starts_at", "exam.bad_time")),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/center/exams/{id}")).into_response()),
        Err(e) => {
            let (errors, alert) = on_form(e, &info)?;
            Ok(new_page(&info, f, errors, alert).into_response())
        }
    }
}

pub struct RosterView {
    pub id: String,
    pub admission_no: String,
    pub real_name: String,
    pub username: String,
    pub id_last4: String,
    pub room: String,
    pub seat: i64,
    pub eligible: bool,
    pub override_reason: String,
    pub declared: String,
    pub admitted: bool,
    pub alerts: i64,
    pub sittings: Vec<SittingView>,
    pub result: &'static str,
    pub result_tone: &'static str,
}

fn roster_view(tr: &Tr, r: &RosterRow) -> RosterView {
    let e = &r.enrolment;
    let d = &e.declaration;
    let mut declared = crate::i18n::tf(
        tr.lang,
        "exam.declared_years",
        &[("n", d.years.to_string())],
    );
    if d.schooling {
        declared.push_str(" · ");
        declared.push_str(tr.t("exam.declared_schooling"));
    }
    for c in &d.certificates {
        declared.push_str(" · ");
        declared.push_str(&super::level_name(tr, c.level.get()));
    }
    let (result, result_tone) = match r.passed {
        Some(true) => ("exam.passed", "ok"),
        Some(false) => ("exam.failed", "muted"),
        None => ("exam.pending", "warn"),
    };
    RosterView {
        id: e.id.clone(),
        admission_no: e.admission_no.clone(),
        real_name: e.real_name.clone(),
        username: e.username.clone(),
        id_last4: e.id_last4.clone().unwrap_or_default(),
        room: e.room.clone(),
        seat: e.seat,
        eligible: r.eligible,
        override_reason: e.override_reason.clone().unwrap_or_default(),
        declared,
        admitted: e.admitted_at.is_some(),
        alerts: r.alerts,
        sittings: r.sittings.iter().map(|x| sitting_view(tr, x)).collect(),
        result: tr.t(result),
        result_tone,
    }
}

pub struct StaffOption {
    pub username: String,
    pub name: String,
    pub proctor: bool,
    pub examiner: bool,
    pub chief: bool,
}

#[derive(Default, Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    years: String,
    #[serde(default)]
    schooling: Option<String>,
    #[serde(default)]
    cert_level: String,
    #[serde(default)]
    cert_number: String,
    #[serde(default)]
    override_reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/session.html")]
pub struct SessionPage {
    b: Base,
    s: SessionRow,
    admin: bool,
    pool: &'static str,
    rooms: String,
    published: bool,
    roster: Vec<RosterView>,
    staff: Vec<StaffOption>,
    has_chief: bool,
    /// The session has written answers for examiners: link the marking overview.
    marking: bool,
    warnings: Vec<String>,
    form: EnrolForm,
    errors: FormErrors,
    alert: String,
    levels: Vec<(u8, String)>,
    rules: Vec<String>,
    /// A refused roster file: (row, column, problem).
    problems: Vec<(String, String, String)>,
}

/// The center's people who may staff the session, by name, each with the roles they hold in it.
async fn staff_options(
    app: &App,
    s: &ExamSession,
    staff: &[crate::store::exams::Staff],
) -> AppResult<Vec<StaffOption>> {
    let holds = |id: &str, role: &str| staff.iter().any(|x| x.user_id == id && x.role == role);
    let mut options: Vec<StaffOption> = exams::staff_candidates(app, s)
        .await?
        .into_iter()
        .map(|u| StaffOption {
            proctor: holds(&u.id, "proctor"),
            examiner: holds(&u.id, "examiner"),
            chief: holds(&u.id, "chief"),
            username: u.username,
            name: u.real_name,
        })
        .collect();
    options.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(options)
}

/// A staffing rule the session falls short of ("理论知识：…需要 2 名监考人员，目前安排 1 名"), in the
/// page's language.
fn staffing_warning(tr: &Tr, w: &crate::exam::session::StaffingWarning) -> String {
    crate::i18n::tf(
        tr.lang,
        "exam.staffing_warning",
        &[
            (
                "component",
                super::component_name(tr, w.component).to_string(),
            ),
            (
                "role",
                tr.t(&format!("exam.staff_role.{}", w.role)).to_string(),
            ),
            ("required", w.required.to_string()),
            ("assigned", w.assigned.to_string()),
        ],
    )
}

async fn session_page_with(
    app: &App,
    actor: &crate::app::Actor,
    info: &RequestInfo,
    id: &str,
    form: EnrolForm,
    errors: FormErrors,
    alert: String,
) -> AppResult<SessionPage> {
    let tr = info.tr();
    let (s, access) = exams::managed(app, actor, id).await?;
    let rows = exams::roster(app, &s).await?;
    let (staff, warnings) = exams::staffing(app, &s, &rows).await?;
    let admin = access == exams::Access::Admin;
    let options = if admin {
        staff_options(app, &s, &staff).await?
    } else {
        vec![]
    };
    let marking = s.components.contains(&crate::curriculum::Component::Skill)
        && crate::app::marking::has_scripts(app, &s).await?;
    let warnings = warnings.iter().map(|w| staffing_warning(&tr, w)).collect();
    let cur = curriculum::shipped();
    let rules = cur
        .level(s.level.get())
        .map(|l| l.eligibility.iter().map(|r| r.text.clone()).collect())
        .unwrap_or_default();
    Ok(SessionPage {
        b: Base::titled(info, s.name.clone()).crumb(tr.t("exam.sessions_title"), "/center/exams"),
        s: session_row(&tr, &s, rows.len() as i64, app.now()),
        admin,
        pool: tr.t(&format!("exam.pool.{}", s.pool.as_str())),
        rooms: s.rooms.join("、"),
        published: s.published_at.is_some(),
        roster: rows.iter().map(|r| roster_view(&tr, r)).collect(),
        has_chief: options.iter().any(|o| o.chief),
        staff: options,
        marking,
        warnings,
        form,
        errors,
        alert,
        levels: cur
            .levels
            .iter()
            .filter(|l| l.number > s.level.get())
            .map(|l| (l.number, super::level_name(&tr, l.number)))
            .collect(),
        rules,
        problems: vec![],
    })
}

async fn session_page(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<SessionPage> {
    session_page_with(
        &app,
        &actor,
        &info,
        &id,
        EnrolForm::default(),
        FormErrors::default(),
        String::new(),
    )
    .await
}

async fn set_staff(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> AppResult<Response> {
    // Checkbox lists: `proctor=a&proctor=b&examiner=c`.
    let mut proctors = vec![];
    let mut examiners = vec![];
    let mut chief = None;
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "proctor" => proctors.push(v.into_owned()),
            "examiner" => examiners.push(v.into_owned()),
            "chief" => chief = Some(v.into_owned()),
            _ => {}
        }
    }
    match exams::set_staff(&app, &actor, &id, &proctors, &examiners, chief.as_deref()).await {
        Ok(()) => Ok(Redirect::to(&format!("/center/exams/{id}#staff")).into_response()),
        Err(e) => {
            let (errors, alert) = on_form(e, &info)?;
            Ok(session_page_with(
                &app,
                &actor,
                &info,
                &id,
                EnrolForm::default(),
                errors,
                alert,
            )
            .await?
            .into_response())
        }
    }
}

async fn import_roster(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let up = crate::web::upload::read(mp, "roster.csv").await?;
    let result = match up.file {
        Some((name, bytes)) => {
            exams::import_roster(&app, &actor, &id, &name, &bytes, info.lang).await
        }
        None => Err(AppError::Validation(vec![crate::error::FieldError::new(
            "file",
            "import.no_file",
        )])),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/center/exams/{id}#roster")).into_response()),
        Err(AppError::Validation(errs)) => {
            let mut page = session_page_with(
                &app,
                &actor,
                &info,
                &id,
                EnrolForm::default(),
                FormErrors::default(),
                String::new(),
            )
            .await?;
            page.problems = super::row_problems(&errs, info.lang);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn enrol(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Form(f): Form<EnrolForm>,
) -> AppResult<Response> {
    let years = match f.years.trim() {
        "" => Ok(0),
        y => y
            .parse::<u32>()
            .map_err(|_| AppError::field("years", "exam.bad_years")),
    };
    let result = match years {
        Ok(years) => {
            let certificates = Level::parse(&f.cert_level)
                .map(|level| HeldCertificate {
                    level,
                    source: CertSource::Declared,
                    number: f.cert_number.trim().to_string(),
                })
                .into_iter()
                .collect();
            let input = EnrolInput {
                username: &f.username,
                declaration: Declaration {
                    years,
                    schooling: f.schooling.is_some(),
                    certificates,
                },
                override_reason: Some(f.override_reason.as_str()),
            };
            exams::enrol(&app, &actor, &id, &input, info.lang)
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/center/exams/{id}#roster")).into_response()),
        Err(e) => {
            let (errors, alert) = on_form(e, &info)?;
            Ok(
                session_page_with(&app, &actor, &info, &id, f, errors, alert)
                    .await?
                    .into_response(),
            )
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/monitor.html")]
pub struct MonitorPage {
    b: Base,
    s: SessionRow,
    roster: Vec<RosterView>,
    in_progress: usize,
    handed_in: usize,
    not_started: usize,
    alerts: i64,
}

async fn monitor(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<MonitorPage> {
    let tr = info.tr();
    let (s, _) = exams::managed(&app, &actor, &id).await?;
    let rows = exams::roster(&app, &s).await?;
    let all = || rows.iter().flat_map(|r| &r.sittings);
    let count = |st: &[&str]| all().filter(|x| st.contains(&x.status)).count();
    Ok(MonitorPage {
        b: Base::titled(
            &info,
            format!("{} · {}", tr.t("exam.monitor_title"), s.name),
        )
        .crumb(tr.t("exam.sessions_title"), "/center/exams")
        .crumb(s.name.clone(), format!("/center/exams/{id}")),
        s: session_row(&tr, &s, rows.len() as i64, app.now()),
        in_progress: count(&["in_progress", "paused"]),
        handed_in: count(&["handed_in", "terminated"]),
        not_started: count(&["not_started"]),
        alerts: rows.iter().map(|r| r.alerts).sum(),
        roster: rows.iter().map(|r| roster_view(&tr, r)).collect(),
    })
}

pub struct EventView {
    pub at: i64,
    pub kind: &'static str,
    pub detail: String,
    pub actor: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/candidate.html")]
pub struct CandidatePage {
    b: Base,
    session_id: String,
    c: RosterView,
    events: Vec<EventView>,
}

async fn candidate(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, cand)): Path<(String, String)>,
) -> AppResult<CandidatePage> {
    let tr = info.tr();
    let (s, _, events) = exams::history(&app, &actor, &id, &cand).await?;
    let rows = exams::roster(&app, &s).await?;
    let row = rows
        .iter()
        .find(|r| r.enrolment.id == cand)
        .ok_or(AppError::NotFound)?;
    Ok(CandidatePage {
        b: Base::titled(
            &info,
            format!(
                "{} · {}",
                row.enrolment.real_name, row.enrolment.admission_no
            ),
        )
        .crumb(tr.t("exam.sessions_title"), "/center/exams")
        .crumb(s.name.clone(), format!("/center/exams/{id}"))
        .crumb(
            tr.t("exam.monitor_title"),
            format!("/center/exams/{id}/monitor"),
        ),
        session_id: id,
        c: roster_view(&tr, row),
        events: events
            .into_iter()
            .map(|e| EventView {
                at: e.at,
                kind: tr.t(&format!("exam.event.{}", e.kind)),
                detail: match e.kind.as_str() {
                    "extra_time" => crate::i18n::tf(tr.lang, "exam.minutes", &[("n", e.detail)]),
                    "started" => Component::parse(&e.detail)
                        .map(|c| super::component_name(&tr, c).to_string())
                        .unwrap_or(e.detail),
                    _ => e.detail,
                },
                actor: e.actor_name.unwrap_or_default(),
            })
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct ActForm {
    action: String,
    #[serde(default)]
    component: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    reason: String,
    /// Where to go back to: the monitor or the candidate page.
    #[serde(default)]
    back: String,
}

async fn act(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, cand)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> AppResult<Response> {
    let minutes = f.minutes.trim().parse::<i64>().ok();
    let action = crate::web::api::exams::parse_action(&f.action, minutes, Some(f.reason))?;
    exams::proctor(
        &app,
        &actor,
        &id,
        &cand,
        Component::parse(&f.component),
        action,
        info.lang,
    )
    .await?;
    let back = if f.back == "candidate" {
        format!("/center/exams/{id}/candidates/{cand}")
    } else {
        format!("/center/exams/{id}/monitor#c-{cand}")
    };
    Ok(Redirect::to(&back).into_response())
}

pub struct RoomSheet {
    pub room: String,
    pub rows: Vec<RosterView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/signin.html")]
pub struct SigninPage {
    b: Base,
    s: SessionRow,
    center: String,
    rooms: Vec<RoomSheet>,
}

async fn signin(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<SigninPage> {
    let tr = info.tr();
    let (s, _) = exams::managed(&app, &actor, &id).await?;
    let rows = exams::roster(&app, &s).await?;
    let center = exams::center_name(&app, &s).await?;
    let rooms = s
        .rooms
        .iter()
        .map(|room| {
            let mut rows: Vec<RosterView> = rows
                .iter()
                .filter(|r| &r.enrolment.room == room)
                .map(|r| roster_view(&tr, r))
                .collect();
            rows.sort_by_key(|r| r.seat);
            RoomSheet {
                room: room.clone(),
                rows,
            }
        })
        .filter(|r| !r.rows.is_empty())
        .collect();
    Ok(SigninPage {
        b: Base::titled(&info, format!("{} · {}", tr.t("exam.signin_title"), s.name))
            .crumb(tr.t("exam.sessions_title"), "/center/exams")
            .crumb(s.name.clone(), format!("/center/exams/{id}")),
        s: session_row(&tr, &s, rows.len() as i64, app.now()),
        center,
        rooms,
    })
}

pub struct Band {
    pub label: String,
    pub count: u32,
    pub percent: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/results.html")]
pub struct ResultsPage {
    b: Base,
    s: SessionRow,
    published: bool,
    roster: Vec<RosterView>,
    distributions: Vec<(&'static str, Vec<Band>)>,
    passed: usize,
    alert: String,
}

async fn results_page(
    app: &App,
    actor: &crate::app::Actor,
    info: &RequestInfo,
    id: &str,
    alert: String,
) -> AppResult<ResultsPage> {
    let tr = info.tr();
    let r = exams::results(app, actor, id).await?;
    let distributions = r
        .distribution
        .iter()
        .map(|(c, bands)| {
            let max = bands.iter().copied().max().unwrap_or(0).max(1);
            (
                super::component_name(&tr, *c),
                bands
                    .iter()
                    .enumerate()
                    .map(|(i, n)| Band {
                        label: if i == 9 {
                            "90–100".into()
                        } else {
                            format!("{}–{}", i * 10, i * 10 + 9)
                        },
                        count: *n,
                        percent: n * 100 / max,
                    })
                    .collect(),
            )
        })
        .collect();
    Ok(ResultsPage {
        b: Base::titled(
            info,
            format!("{} · {}", tr.t("exam.results"), r.session.name),
        )
        .crumb(tr.t("exam.sessions_title"), "/center/exams")
        .crumb(r.session.name.clone(), format!("/center/exams/{id}")),
        s: session_row(&tr, &r.session, r.rows.len() as i64, app.now()),
        published: r.session.published_at.is_some(),
        passed: r.rows.iter().filter(|x| x.passed == Some(true)).count(),
        roster: r.rows.iter().map(|x| roster_view(&tr, x)).collect(),
        distributions,
        alert,
    })
}

async fn results(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<ResultsPage> {
    results_page(&app, &actor, &info, &id, String::new()).await
}

async fn export(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, format)): Path<(String, String)>,
) -> AppResult<Response> {
    let r = exams::results(&app, &actor, &id).await?;
    crate::web::api::exams::results_file(&r, &format, &info)
}

async fn publish(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    match exams::publish(&app, &actor, &id).await {
        Ok(()) => Ok(Redirect::to(&format!("/center/exams/{id}/results")).into_response()),
        Err(e @ AppError::Conflict { .. }) => {
            let alert = e.message(info.lang);
            Ok(results_page(&app, &actor, &info, &id, alert)
                .await?
                .into_response())
        }
        Err(e) => Err(e),
    }
}

pub struct RegradeView {
    pub candidate_id: String,
    pub admission_no: String,
    pub real_name: String,
    pub component: &'static str,
    pub old_score: String,
    pub new_score: String,
    pub diff: String,
    pub changed: usize,
    pub graders: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "exams/regrade.html")]
pub struct RegradePage {
    b: Base,
    id: String,
    rows: Vec<RegradeView>,
}

async fn regrade(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<RegradePage> {
    let tr = info.tr();
    let (s, rows) = exams::regrade_preview(&app, &actor, &id, info.lang).await?;
    Ok(RegradePage {
        b: Base::titled(
            &info,
            format!("{} · {}", tr.t("exam.regrade_title"), s.name),
        )
        .crumb(tr.t("exam.sessions_title"), "/center/exams")
        .crumb(s.name.clone(), format!("/center/exams/{id}"))
        .crumb(tr.t("exam.results"), format!("/center/exams/{id}/results")),
        rows: rows
            .iter()
            .map(|r| RegradeView {
                candidate_id: r.candidate_id.clone(),
                admission_no: r.admission_no.clone(),
                real_name: r.real_name.clone(),
                component: super::component_name(&tr, r.component),
                old_score: r.old_score.map_or("—".into(), |s| format!("{s:.1}")),
                new_score: format!("{:.1}", r.new_score),
                diff: format!("{:+.1}", r.new_score - r.old_score.unwrap_or(0.0)),
                changed: r.changed,
                graders: r.graders.join(", "),
            })
            .collect(),
        id,
    })
}

async fn regrade_apply(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    exams::regrade_apply(&app, &actor, &id, info.lang).await?;
    Ok(Redirect::to(&format!("/center/exams/{id}/results")))
}
