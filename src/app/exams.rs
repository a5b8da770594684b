//! Exam sessions (考试场次): what a center admin sets up (session, staff, roster with
//! eligibility), what a candidate does (start, answer, hand in, read the published results),
//! what a proctor does (admit, pause, resume, extra time, unlock a device, terminate, report),
//! the sweeper that hands in overdue papers, and publication. The papers are attempts of the
//! one attempt engine (`app::attempt`); the rules are `exam::{blueprint, session, timing,
//! eligibility, shuffle}` (pure).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::json;

use super::attempt::{self, HandedIn, Origin};
use super::audit::{self, By};
use super::{Actor, App};
use crate::accounts::Role;
use crate::clock::Millis;
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::attempt::{Attempt, GRACE_MS};
use crate::exam::blueprint::{self, Blueprint, Shortage};
use crate::exam::eligibility::{self, Declaration, Verdict};
use crate::exam::key::SceneKey;
use crate::exam::paper::{Breakdown, ExamPaper, Mock, PaperEntry};
use crate::exam::session::{self, Enrolment, ExamSession, Pool, SessionInput, SessionProblem};
use crate::exam::shuffle;
use crate::exam::timing::Timing;
use crate::i18n::Lang;
use crate::store;
use crate::store::exams::NewEvent;

/// How the actor stands to a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The center's administrator (or a platform administrator): everything.
    Admin,
    /// A proctor or examiner assigned to the session: the monitor and proctor actions.
    Staff,
}

/// A session the actor manages or staffs. Another center's session is reported missing.
pub async fn managed(app: &App, actor: &Actor, id: &str) -> AppResult<(ExamSession, Access)> {
    let s = store::exams::session(&app.db.pool, None, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let own_center = actor.user.center_id.as_deref() == Some(s.center_id.as_str());
    match actor.role() {
        Role::PlatformAdmin => Ok((s, Access::Admin)),
        Role::CenterAdmin if own_center => Ok((s, Access::Admin)),
        Role::Examiner if own_center => {
            if store::exams::is_staff(&app.db.pool, &s.id, &actor.user.id).await? {
                Ok((s, Access::Staff))
            } else {
                Err(AppError::NotFound)
            }
        }
        _ => Err(AppError::NotFound),
    }
}

async fn admin_of(app: &App, actor: &Actor, id: &str) -> AppResult<ExamSession> {
    match managed(app, actor, id).await? {
        (s, Access::Admin) => Ok(s),
        _ => Err(AppError::Forbidden),
    }
}

/// The sessions the actor sees: a center admin its center's, an examiner those it staffs.
pub async fn list(app: &App, actor: &Actor) -> AppResult<Vec<(ExamSession, i64)>> {
    let center = match actor.role() {
        Role::CenterAdmin | Role::Examiner => {
            actor.user.center_id.as_deref().ok_or(AppError::Forbidden)?
        }
        _ => return Err(AppError::Forbidden),
    };
    let all = store::exams::sessions(&app.db.pool, center).await?;
    if actor.role() == Role::CenterAdmin {
        return Ok(all);
    }
    let mut mine = vec![];
    for (s, n) in all {
        if store::exams::is_staff(&app.db.pool, &s.id, &actor.user.id).await? {
            mine.push((s, n));
        }
    }
    Ok(mine)
}

fn problem(p: SessionProblem) -> AppError {
    let (field, key) = match p {
        SessionProblem::NoLevel => ("level", "exam.bad_level"),
        SessionProblem::NoJobType => ("job_type", "exam.bad_job_type"),
        SessionProblem::NoComponent => ("components", "exam.no_component"),
        SessionProblem::Component(_) => ("components", "exam.bad_component"),
        SessionProblem::Window => ("ends_at", "exam.bad_window"),
        SessionProblem::NoRoom => ("rooms", "exam.no_room"),
        SessionProblem::Code => ("code", "exam.bad_code"),
        SessionProblem::Name => ("name", "exam.bad_name"),
    };
    AppError::field(field, key)
}

/// Every cell the pool cannot fill, as one 409 that names the component, kind and function
/// and how many are short (`exam.paper_short`).
fn short(component: Component, s: &[Shortage], level: Level) -> AppError {
    let cur = curriculum::shipped();
    let list = s
        .iter()
        .map(|s| {
            format!(
                "{} · {} {} · {}: {} / {}",
                component.as_str(),
                s.function,
                cur.function_name(level.get(), &s.function).unwrap_or(""),
                s.kind,
                s.got,
                s.need
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    AppError::Conflict {
        code: "paper_short",
        key: "exam.paper_short",
        args: vec![("list", list)],
    }
}

/// The items a session's papers draw from, and the blueprint of each of its papers.
async fn pool_of(app: &App, s: &ExamSession) -> AppResult<Vec<blueprint::PoolItem>> {
    let center = s.center_items.then_some(s.center_id.as_str());
    Ok(store::exams::pool(&app.db.pool, s.level, s.pool, center).await?)
}

fn blueprint_of(level: Level, component: Component) -> AppResult<Blueprint> {
    curriculum::shipped()
        .level(level.get())
        .and_then(|l| Blueprint::of(l, component))
        .ok_or(AppError::bad_request("exam.bad_component"))
}

/// Creates a session (center admins). Refused when the bank cannot fill one of its papers:
/// the admin learns it now, not on exam day.
pub async fn create(app: &App, actor: &Actor, input: &SessionInput) -> AppResult<String> {
    let center_id = match actor.role() {
        Role::CenterAdmin => actor.user.center_id.clone().ok_or(AppError::Forbidden)?,
        _ => return Err(AppError::Forbidden),
    };
    let cur = curriculum::shipped();
    session::check_input(cur, input).map_err(problem)?;
    let now = app.now();
    let s = ExamSession {
        id: crate::db::new_id(),
        center_id: center_id.clone(),
        code: input.code.trim().to_ascii_lowercase(),
        name: input.name.trim().to_string(),
        level: input.level,
        job_type: input.job_type.clone(),
        components: input.components.clone(),
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        rooms: input.rooms.iter().map(|r| r.trim().to_string()).collect(),
        pool: input.pool.unwrap_or(Pool::Exam),
        center_items: input.center_items,
        seed: rand::random::<i64>(),
        published_at: None,
        created_at: now,
    };
    let pool = pool_of(app, &s).await?;
    for c in s.papers() {
        if let Err(sh) = blueprint::assemble(&blueprint_of(s.level, c)?, &pool, &BTreeSet::new(), 0)
        {
            return Err(short(c, &sh, s.level));
        }
    }
    let mut tx = app.db.begin_write().await?;
    if let Err(e) = store::exams::insert_session(&mut *tx, &s, &actor.user.id).await {
        if crate::db::is_unique_violation(&e) {
            return Err(AppError::field("code", "exam.code_taken"));
        }
        return Err(e.into());
    }
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        Some(&center_id),
        "exam_created",
        &s.id,
        json!({"code": s.code, "level": s.level, "pool": s.pool.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(s.id)
}

/// Sets the session's proctors and examiners, by username: people of the center with the
/// examiner or center-admin role; and the chief examiner (考评组长), one of the examiners, who
/// settles at the panel the scripts whose marks spread too far (app::marking).
pub async fn set_staff(
    app: &App,
    actor: &Actor,
    id: &str,
    proctors: &[String],
    examiners: &[String],
    chief: Option<&str>,
) -> AppResult<()> {
    let s = admin_of(app, actor, id).await?;
    if proctors.len() + examiners.len() > 200 {
        return Err(AppError::field("staff", "exam.bad_staff"));
    }
    let proctor_ids = staff_ids(app, &s, proctors).await?;
    let examiner_ids = staff_ids(app, &s, examiners).await?;
    let chief = chief.map(str::trim).filter(|c| !c.is_empty());
    if let Some(c) = chief
        && !examiners.iter().any(|e| e.trim() == c)
    {
        return Err(AppError::field("chief", "exam.chief_not_examiner"));
    }
    let chief_ids = match chief {
        Some(c) => staff_ids(app, &s, &[c.to_string()]).await?,
        None => vec![],
    };
    let mut tx = app.db.begin_write().await?;
    store::exams::set_staff(&mut tx, id, "proctor", &proctor_ids).await?;
    store::exams::set_staff(&mut tx, id, "examiner", &examiner_ids).await?;
    store::exams::set_staff(&mut tx, id, "chief", &chief_ids).await?;
    audit::record(
        &mut *tx,
        app.now(),
        By::Actor(actor),
        Some(&s.center_id),
        "exam_staff_set",
        id,
        json!({"proctors": proctors, "examiners": examiners, "chief": chief}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The user ids of staff named by username; a name that is not an active examiner or admin of
/// the session's center is a field error that names it.
async fn staff_ids(app: &App, s: &ExamSession, names: &[String]) -> AppResult<Vec<String>> {
    let names: BTreeSet<&str> = names.iter().map(|n| n.trim()).collect();
    let mut out = vec![];
    for n in names {
        let user = store::users::by_username(&app.db.pool, n)
            .await?
            .filter(|p| p.center_id.as_deref() == Some(s.center_id.as_str()))
            .filter(|p| matches!(p.role, Role::Examiner | Role::CenterAdmin) && !p.disabled)
            .ok_or_else(|| {
                AppError::Validation(vec![
                    crate::error::FieldError::new("staff", "exam.bad_staff").arg("name", n),
                ])
            })?;
        out.push(user.id);
    }
    Ok(out)
}

/// What a center admin asks to enrol one candidate with.
pub struct EnrolInput<'a> {
    /// The candidate's login name.
    pub username: &'a str,
    pub declaration: Declaration,
    /// Enrol although the declaration does not meet the rules: the reason, for the audit log.
    pub override_reason: Option<&'a str>,
}

/// The longest override reason kept.
const MAX_REASON: usize = 500;

fn reason(r: Option<&str>) -> AppResult<Option<String>> {
    match r.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r)
            if r.chars().count() > MAX_REASON
                || r.chars().any(|c| {
                    c != '\n' && crate::accounts::forbidden_char(&c.to_string()).is_some()
                }) =>
        {
            Err(AppError::field("reason", "exam.bad_reason"))
        }
        Some(r) => Ok(Some(r.to_string())),
    }
}

/// Enrols a trainee of the center: the eligibility rules of the level are checked against the
/// declaration and the certificates this service issued to the person; a refusal says
/// what each route lacks, and an admin may override it with a reason (kept in the audit log).
pub async fn enrol(
    app: &App,
    actor: &Actor,
    id: &str,
    input: &EnrolInput<'_>,
    lang: Lang,
) -> AppResult<Enrolment> {
    let s = admin_of(app, actor, id).await?;
    let p = prepare(app, &s, input, lang).await?;
    Ok(insert_enrolments(app, actor, &s, vec![p]).await?.remove(0))
}

/// An enrolment checked and ready to be numbered.
struct Prepared {
    user: crate::accounts::User,
    declaration: Declaration,
    verdict: Verdict,
    override_reason: Option<String>,
}

/// Checks one enrolment: the trainee is the center's, the declaration is bounded, and the
/// eligibility rules are met or overridden with a reason.
async fn prepare(
    app: &App,
    s: &ExamSession,
    input: &EnrolInput<'_>,
    lang: Lang,
) -> AppResult<Prepared> {
    if s.published_at.is_some() {
        return Err(AppError::conflict("published", "exam.published_already"));
    }
    let user = store::users::by_username(&app.db.pool, input.username.trim())
        .await?
        .filter(|u| u.center_id.as_deref() == Some(s.center_id.as_str()))
        .filter(|u| u.role == Role::Trainee)
        .ok_or(AppError::field("username", "exam.no_such_trainee"))?;
    let mut d = input.declaration.clone();
    d.certificates.truncate(10);
    for c in &mut d.certificates {
        c.number = c.number.chars().take(40).collect();
        // What the candidate declares is declared; the service's own come from its records.
        c.source = eligibility::CertSource::Declared;
    }
    // Certificates issued by this service count without being declared (revoked ones not).
    for c in store::certificates::of_user(&app.db.pool, &user.id).await? {
        if c.revoked.is_none() {
            d.certificates.push(eligibility::HeldCertificate {
                level: c.level,
                source: eligibility::CertSource::Service,
                number: crate::certify::number::display(&c.number),
            });
        }
    }
    d.years = d.years.min(80);
    let rules = curriculum::shipped()
        .level(s.level.get())
        .map(|l| l.eligibility.clone())
        .unwrap_or_default();
    let verdict = eligibility::check(&rules, &d);
    let override_reason = reason(input.override_reason)?;
    if let Verdict::NotEligible { unmet } = &verdict
        && override_reason.is_none()
    {
        return Err(AppError::Conflict {
            code: "not_eligible",
            key: "exam.not_eligible",
            args: vec![("detail", describe_unmet(lang, unmet))],
        });
    }
    Ok(Prepared {
        user,
        declaration: d,
        verdict,
        override_reason,
    })
}

/// Numbers and stores checked enrolments in one transaction (all or none).
async fn insert_enrolments(
    app: &App,
    actor: &Actor,
    s: &ExamSession,
    all: Vec<Prepared>,
) -> AppResult<Vec<Enrolment>> {
    let center = store::centers::get(&app.db.pool, &s.center_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    // Admission numbers count up per session: one enrolment at a time.
    app.db.lock_in(&mut tx, &format!("enrol:{}", s.id)).await?;
    let first = store::exams::count(&mut *tx, &s.id).await? as u32;
    let mut out = vec![];
    for (i, p) in all.into_iter().enumerate() {
        let n = first + i as u32;
        let (room, seat) = session::seat(&s.rooms, n);
        let e = Enrolment {
            id: crate::db::new_id(),
            session_id: s.id.clone(),
            user_id: p.user.id.clone(),
            admission_no: session::admission_no(&center.code, &s.code, n + 1),
            room,
            seat,
            declaration: p.declaration,
            verdict: serde_json::to_value(&p.verdict).unwrap_or_default(),
            override_reason: p.override_reason.clone(),
            admitted_at: None,
            created_at: now,
            real_name: p.user.real_name.clone(),
            username: p.user.username.clone(),
            id_last4: p.user.id_last4.clone(),
        };
        if let Err(err) = store::exams::enrol(&mut *tx, &e).await {
            if crate::db::is_unique_violation(&err) {
                return Err(AppError::Validation(vec![
                    crate::error::FieldError::new("username", "exam.enrolled_already")
                        .arg("name", &e.username),
                ]));
            }
            return Err(err.into());
        }
        let overridden = matches!(p.verdict, Verdict::NotEligible { .. });
        audit::record(
            &mut *tx,
            now,
            By::Actor(actor),
            Some(&s.center_id),
            if overridden {
                "exam_enrolled_override"
            } else {
                "exam_enrolled"
            },
            &e.id,
            json!({"session": s.id, "user": p.user.id, "verdict": p.verdict, "reason": p.override_reason}),
        )
        .await?;
        out.push(e);
    }
    tx.commit().await?;
    Ok(out)
}

/// Enrols a roster file (CSV or XLSX: 用户名, 工作年限, 学历或学徒证明, 证书等级, 证书编号, 破格原因):
/// every row is checked first and every problem reported with its row; one bad row means
/// nobody is enrolled.
pub async fn import_roster(
    app: &App,
    actor: &Actor,
    id: &str,
    filename: &str,
    bytes: &[u8],
    lang: Lang,
) -> AppResult<Vec<Enrolment>> {
    let s = admin_of(app, actor, id).await?;
    let table = crate::accounts::import::read_table(filename, bytes)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let lines = crate::exam::roster::parse(&table).map_err(AppError::Validation)?;
    let mut prepared = vec![];
    let mut problems = vec![];
    let mut seen = BTreeSet::new();
    for l in &lines {
        if !seen.insert(l.username.clone()) {
            problems.push(
                crate::error::FieldError::new("username", "exam.roster_duplicate").at_row(l.row),
            );
            continue;
        }
        let input = EnrolInput {
            username: &l.username,
            declaration: l.declaration.clone(),
            override_reason: l.override_reason.as_deref(),
        };
        match prepare(app, &s, &input, lang).await {
            Ok(p) => prepared.push((l.row, p)),
            Err(AppError::Validation(v)) => {
                problems.extend(v.into_iter().map(|e| e.at_row(l.row)));
            }
            Err(e @ (AppError::Conflict { .. } | AppError::BadRequest { .. })) => {
                problems.push(
                    crate::error::FieldError::new("row", "exam.roster_row")
                        .arg("message", e.message(lang))
                        .at_row(l.row),
                );
            }
            Err(e) => return Err(e),
        }
    }
    let enrolled = store::exams::enrolments(&app.db.pool, &s.id).await?;
    for (row, p) in &prepared {
        if enrolled.iter().any(|e| e.user_id == p.user.id) {
            problems.push(
                crate::error::FieldError::new("username", "exam.enrolled_already")
                    .arg("name", &p.user.username)
                    .at_row(*row),
            );
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|e| e.row);
        return Err(AppError::Validation(problems));
    }
    insert_enrolments(
        app,
        actor,
        &s,
        prepared.into_iter().map(|(_, p)| p).collect(),
    )
    .await
}

/// A level's name in `lang` (四级/中级工, Level 4 / Intermediate worker).
pub fn level_label(lang: Lang, n: Level) -> String {
    curriculum::shipped()
        .level(n.get())
        .map(|l| match lang {
            Lang::Zh => l.name.clone(),
            _ => l.name_en.clone(),
        })
        .unwrap_or_else(|| n.to_string())
}

/// A job type's name in `lang` (数据标注员, Data annotator); the code when unknown.
pub fn job_label(lang: Lang, code: &str) -> String {
    curriculum::shipped()
        .job_types
        .iter()
        .find(|j| j.code == code)
        .map(|j| match lang {
            Lang::Zh => j.name.clone(),
            _ => j.name_en.clone(),
        })
        .unwrap_or_else(|| code.to_string())
}

/// What each route of the eligibility rules lacks, in `lang`: "路线 1：…；路线 2：…".
pub fn describe_unmet(lang: Lang, unmet: &[Vec<eligibility::Unmet>]) -> String {
    use crate::i18n::tf;
    use eligibility::Unmet;
    let level = |n: Level| level_label(lang, n);
    unmet
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let list = u
                .iter()
                .map(|x| match x {
                    Unmet::Certificate { level: l } => {
                        tf(lang, "exam.unmet.certificate", &[("level", level(*l))])
                    }
                    Unmet::Years { required, declared } => tf(
                        lang,
                        "exam.unmet.years",
                        &[
                            ("required", required.to_string()),
                            ("declared", declared.to_string()),
                        ],
                    ),
                    Unmet::Schooling => crate::i18n::t(lang, "exam.unmet.schooling").to_string(),
                })
                .collect::<Vec<_>>()
                .join(crate::i18n::t(lang, "exam.list_sep"));
            tf(
                lang,
                "exam.unmet.route",
                &[("n", (i + 1).to_string()), ("list", list)],
            )
        })
        .collect::<Vec<_>>()
        .join(crate::i18n::t(lang, "exam.route_sep"))
}

/// One candidate's sitting of one component, as the monitor and the candidate see it.
#[derive(Clone, Debug, Serialize)]
pub struct Sitting {
    pub component: Component,
    pub paper_id: Option<String>,
    /// not_started · in_progress · paused · handed_in · terminated
    pub status: &'static str,
    pub answered: i64,
    pub total: i64,
    pub remaining_ms: Option<i64>,
    pub deadline_at: Option<Millis>,
    pub last_seen_at: Option<Millis>,
    pub device_bound: bool,
    /// Points out of 100 once handed in (shown to candidates only after publication).
    pub score: Option<f64>,
    pub handed_in_at: Option<Millis>,
}

/// `counts`: (questions, answered, last save).
fn sitting(
    component: Component,
    paper: Option<&Mock>,
    counts: (i64, i64, Option<Millis>),
    now: Millis,
) -> Sitting {
    let Some(p) = paper else {
        return Sitting {
            component,
            paper_id: None,
            status: "not_started",
            answered: 0,
            total: 0,
            remaining_ms: None,
            deadline_at: None,
            last_seen_at: None,
            device_bound: false,
            score: None,
            handed_in_at: None,
        };
    };
    let x = p.exam.as_ref();
    let status = match (p.submitted_at, x) {
        (Some(_), Some(x)) if x.terminated.is_some() => "terminated",
        (Some(_), _) => "handed_in",
        (None, Some(x)) if x.timing.is_paused() => "paused",
        _ => "in_progress",
    };
    Sitting {
        component,
        paper_id: Some(p.id.clone()),
        status,
        answered: counts.1,
        total: counts.0,
        remaining_ms: match (p.submitted_at, x) {
            (None, Some(x)) => Some(x.timing.remaining(now)),
            _ => None,
        },
        deadline_at: x.map(|x| x.timing.deadline(now)),
        // The later of the last page load and the last autosave.
        last_seen_at: x.and_then(|x| x.last_seen_at).max(counts.2),
        device_bound: x.is_some_and(|x| x.device.is_some()),
        score: p.score,
        handed_in_at: p.submitted_at,
    }
}

/// A row of the roster and the live monitor.
#[derive(Clone, Debug, Serialize)]
pub struct RosterRow {
    pub enrolment: Enrolment,
    pub eligible: bool,
    pub sittings: Vec<Sitting>,
    /// Device refusals and reported irregularities.
    pub alerts: i64,
    /// Whether every component is passed (once every score is in).
    pub passed: Option<bool>,
}

/// The roster with each candidate's sittings: the session page, the monitor and the results.
pub async fn roster(app: &App, s: &ExamSession) -> AppResult<Vec<RosterRow>> {
    let enrolments = store::exams::enrolments(&app.db.pool, &s.id).await?;
    let papers = store::exams::papers(&app.db.pool, &s.id).await?;
    let counts = store::exams::answered_counts(&app.db.pool, &s.id).await?;
    let alerts = store::exams::alert_counts(&app.db.pool, &s.id).await?;
    let now = app.now();
    let cur = curriculum::shipped();
    Ok(enrolments
        .into_iter()
        .map(|e| {
            let sittings: Vec<Sitting> = s
                .components
                .iter()
                .copied()
                .map(|c| {
                    let p = papers.iter().find(|p| {
                        p.component == c && p.exam.as_ref().is_some_and(|x| x.candidate_id == e.id)
                    });
                    let n = p
                        .and_then(|p| counts.get(&p.id).copied())
                        .unwrap_or((0, 0, None));
                    sitting(c, p, n, now)
                })
                .collect();
            let scores: Vec<(Component, Option<f64>)> = sittings
                .iter()
                .map(|x| {
                    (
                        x.component,
                        x.score.or((x.status == "not_started").then_some(0.0)),
                    )
                })
                .collect();
            RosterRow {
                eligible: e.verdict.get("status").and_then(|v| v.as_str()) != Some("not_eligible"),
                alerts: alerts.get(&e.id).copied().unwrap_or(0),
                passed: session::level_passed(cur, s.level, &scores),
                sittings,
                enrolment: e,
            }
        })
        .collect())
}

/// Staff and the warnings of the staffing rules.
pub async fn staffing(
    app: &App,
    s: &ExamSession,
    rows: &[RosterRow],
) -> AppResult<(Vec<store::exams::Staff>, Vec<session::StaffingWarning>)> {
    let staff = store::exams::staff(&app.db.pool, &s.id).await?;
    let mut per_room: BTreeMap<String, u32> = BTreeMap::new();
    for r in rows {
        *per_room.entry(r.enrolment.room.clone()).or_default() += 1;
    }
    let n = |role: &str| staff.iter().filter(|x| x.role == role).count() as u32;
    let warnings = session::staffing_warnings(
        curriculum::shipped(),
        s,
        &per_room,
        n("proctor"),
        n("examiner"),
    );
    Ok((staff, warnings))
}

/// A candidate's own enrolments, each with its session and sittings.
pub struct MyExam {
    pub session: ExamSession,
    pub enrolment: Enrolment,
    pub sittings: Vec<Sitting>,
}

pub async fn mine(app: &App, actor: &Actor) -> AppResult<Vec<MyExam>> {
    let mut out = vec![];
    let now = app.now();
    for e in store::exams::of_user(&app.db.pool, &actor.user.id).await? {
        let Some(s) = store::exams::session(&app.db.pool, None, &e.session_id).await? else {
            continue;
        };
        let mut sittings = vec![];
        for c in s.papers() {
            let p = store::exams::paper(&app.db.pool, &e.id, c).await?;
            let counts = match &p {
                Some(p) => {
                    let (total, answered) = store::exams::paper_counts(&app.db.pool, &p.id).await?;
                    (total, answered, None)
                }
                None => (0, 0, None),
            };
            let mut x = sitting(c, p.as_ref(), counts, now);
            if s.published_at.is_none() {
                // No score reaches a candidate before publication.
                x.score = None;
            }
            sittings.push(x);
        }
        out.push(MyExam {
            session: s,
            enrolment: e,
            sittings,
        });
    }
    Ok(out)
}

/// The actor's enrolment in a session.
pub async fn my_enrolment(app: &App, actor: &Actor, id: &str) -> AppResult<MyExam> {
    mine(app, actor)
        .await?
        .into_iter()
        .find(|m| m.session.id == id)
        .ok_or(AppError::NotFound)
}

/// Whose history an event enters: a candidate of a session, and the paper when it is about one.
struct On<'a> {
    s: &'a ExamSession,
    candidate: &'a str,
    paper: Option<&'a str>,
}

async fn event(
    e: impl sqlx::Executor<'_, Database = sqlx::Any>,
    app: &App,
    on: On<'_>,
    actor: Option<&Actor>,
    kind: &str,
    detail: &str,
) -> AppResult<()> {
    store::exams::event(
        e,
        &NewEvent {
            session_id: &on.s.id,
            candidate_id: on.candidate,
            paper_id: on.paper,
            actor_id: actor.map(|a| a.user.id.as_str()),
            kind,
            detail,
        },
        app.now(),
    )
    .await?;
    Ok(())
}

/// Turns for the work that reads or writes a whole paper (a start draws and writes 200
/// questions, a fetch builds 200 views, a hand-in grades 200): at most one per core at once
/// (twice that gave autosaves a p99 of 286 ms instead of 257 ms and no faster exam phase,
/// docs/performance.md). The rest wait their turn instead of each holding a database connection
/// and a paper's worth of memory, so that autosaves (one short write) keep flowing while a
/// thousand candidates start or hand in at the same minute. Taken by the web handlers, never
/// while holding one.
pub async fn paper_turn() -> Option<tokio::sync::SemaphorePermit<'static>> {
    static TURNS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        tokio::sync::Semaphore::new(cores)
    });
    // Never closed, so never None.
    TURNS.acquire().await.ok()
}

/// Starts (or reopens) the candidate's paper of a component, on this device: inside the
/// session's window, once admitted by a proctor. The paper is drawn from the session's pool for
/// this candidate (seeded by session and candidate, so it can be rebuilt), frozen as item
/// versions, each choice question with the candidate's own order of options. Another browser
/// is refused (`device`) until a proctor unlocks the paper.
pub async fn start(
    app: &App,
    actor: &Actor,
    id: &str,
    component: Component,
    device: Option<&str>,
    lang: Lang,
) -> AppResult<String> {
    let device = device.ok_or(AppError::bad_request("exam.no_device"))?;
    let me = my_enrolment(app, actor, id).await?;
    let (s, e) = (&me.session, &me.enrolment);
    if !s.papers().any(|c| c == component) {
        return Err(AppError::NotFound);
    }
    if let Some(p) = store::exams::paper(&app.db.pool, &e.id, component).await? {
        return reopen(app, actor, s, e, &p, device).await;
    }
    let now = app.now();
    may_start(s, e, now)?;
    let seed = s.paper_seed(&e.id, component);
    let (bp, drawn) = draw(app, actor, s, component, seed).await?;
    let paper = new_paper(actor, s, e, component, &bp, device, now);
    // Everything the paper holds is made before the write lock, which a start then holds for
    // a few statements: the drawn versions (immutable, cached), the scenes and their
    // pictures, each choice question's order of options.
    let mut questions = Vec::with_capacity(drawn.len());
    for (i, d) in drawn.iter().enumerate() {
        questions.push(prepare_question(app, s, d, seed, i, lang).await?);
    }
    if !store_new_paper(app, actor, s, e, &paper, questions, now).await? {
        // Two clicks at once: the other one drew the paper.
        let p = store::exams::paper(&app.db.pool, &e.id, component)
            .await?
            .ok_or(AppError::NotFound)?;
        return reopen(app, actor, s, e, &p, device).await;
    }
    Ok(paper.id)
}

/// Whether a new paper may be drawn at `now`: inside the session's window, once admitted.
fn may_start(s: &ExamSession, e: &Enrolment, now: Millis) -> AppResult<()> {
    if now < s.starts_at {
        return Err(AppError::conflict("not_open", "exam.not_open_yet"));
    }
    if now >= s.ends_at {
        return Err(AppError::conflict("over", "exam.window_over"));
    }
    if e.admitted_at.is_none() {
        return Err(AppError::conflict("not_admitted", "exam.not_admitted"));
    }
    Ok(())
}

/// The blueprint of the component and the questions drawn for the paper of `seed`: from the
/// session's pool (plus generated scenes for a skill paper), avoiding what the candidate has
/// already seen where the pool allows.
async fn draw(
    app: &App,
    actor: &Actor,
    s: &ExamSession,
    component: Component,
    seed: u64,
) -> AppResult<(Blueprint, Vec<blueprint::Drawn>)> {
    let bp = blueprint_of(s.level, component)?;
    let mut pool = pool_of(app, s).await?;
    if component == Component::Skill {
        pool.extend(scene_pool(s.level, seed));
    }
    let seen: BTreeSet<String> = store::exams::seen_keys(&app.db.pool, &actor.user.id)
        .await?
        .into_iter()
        .collect();
    let drawn = blueprint::assemble(&bp, &pool, &seen, seed)
        .map_err(|sh| short(component, &sh, s.level))?;
    Ok((bp, drawn))
}

/// A new exam paper of `component` started at `now` on `device`, its questions not yet set.
fn new_paper(
    actor: &Actor,
    s: &ExamSession,
    e: &Enrolment,
    component: Component,
    bp: &Blueprint,
    device: &str,
    now: Millis,
) -> Mock {
    let timing = Timing {
        started_at: now,
        duration_ms: i64::from(bp.minutes) * crate::clock::MINUTE,
        extra_ms: 0,
        paused_ms: 0,
        paused_at: None,
        window_end: s.ends_at,
    };
    Mock {
        id: crate::db::new_id(),
        user_id: actor.user.id.clone(),
        level: s.level,
        component,
        paper: vec![],
        started_at: now,
        deadline_at: timing.deadline(now),
        submitted_at: None,
        score: None,
        breakdown: Breakdown::new(),
        exam: Some(ExamPaper {
            candidate_id: e.id.clone(),
            timing,
            device: Some(device.to_string()),
            last_seen_at: Some(now),
            terminated: None,
        }),
    }
}

/// Stores a new paper with its questions, their attempts and frozen scenes, and logs the
/// start, in one transaction. False when the candidate's paper of this component already
/// exists (another request drew it first); nothing is stored then.
async fn store_new_paper(
    app: &App,
    actor: &Actor,
    s: &ExamSession,
    e: &Enrolment,
    paper: &Mock,
    questions: Vec<NewQuestion>,
    now: Millis,
) -> AppResult<bool> {
    let rows: Vec<_> = questions
        .iter()
        .map(|q| {
            attempt::new_attempt(
                &q.entry.attempt,
                actor,
                q.item.item(),
                Origin {
                    version_id: (!q.entry.version.is_empty()).then_some(q.entry.version.as_str()),
                    item_key: &q.entry.item_key,
                    scene: q.scene,
                    option_order: q.option_order.as_deref(),
                },
                Some(&paper.id),
            )
        })
        .collect();
    let mut tx = app.db.begin_write().await?;
    if let Err(err) = store::mock::insert(&mut *tx, paper).await {
        drop(tx);
        if crate::db::is_unique_violation(&err) {
            return Ok(false);
        }
        return Err(err.into());
    }
    store::attempts::insert_many(&mut tx, &rows, now).await?;
    for q in &questions {
        if let Some((item, svg)) = &q.frozen {
            store::exams::insert_scene(&mut *tx, &q.entry.attempt, item, svg.as_deref()).await?;
        }
    }
    let entries: Vec<PaperEntry> = questions.into_iter().map(|q| q.entry).collect();
    store::mock::set_paper(&mut *tx, &paper.id, &entries).await?;
    event(
        &mut *tx,
        app,
        On {
            s,
            candidate: &e.id,
            paper: Some(&paper.id),
        },
        Some(actor),
        "started",
        paper.component.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The generated scenes a skill paper may draw, one unit (at most one scene a paper) drawn
/// first: a labeling task no other candidate has, in the function its level trains. Each kind
/// has its own seed from the paper's, so the paper rebuilds exactly.
fn scene_pool(level: Level, paper_seed: u64) -> Vec<blueprint::PoolItem> {
    let function = curriculum::function_of(attempt::scene_skill(level)).to_string();
    crate::scenes::SceneKind::ALL
        .into_iter()
        .map(|kind| {
            // A JavaScript-safe integer: seeds travel as JSON numbers.
            let seed = (paper_seed ^ u64::from(kind.version()).rotate_left(17))
                .wrapping_add(kind as u64)
                % (1 << 53);
            blueprint::PoolItem {
                key: SceneKey { kind, level, seed }.to_string(),
                version: String::new(),
                kind: kind.task_kind().to_string(),
                function: function.clone(),
                group: Some("generated-scene".into()),
                first: true,
            }
        })
        .collect()
}

/// A question of a new exam paper, ready to insert: its attempt's entry in the paper, the item
/// it answers, and (a generated scene) the task and picture frozen beside it (`exam_scenes`):
/// the page never names the seed, which would give the gold away, and a later generator
/// version cannot change what the candidate answered.
struct NewQuestion {
    entry: PaperEntry,
    item: Source,
    scene: Option<(i64, i64)>,
    option_order: Option<String>,
    frozen: Option<(String, Option<String>)>,
}

/// What a new question answers: a cached item version (shared, not copied: a thousand
/// candidates may start at once) or a generated scene.
enum Source {
    Version(std::sync::Arc<attempt::Version>),
    Scene(Box<crate::bank::Item>),
}

impl Source {
    fn item(&self) -> &crate::bank::Item {
        match self {
            Source::Version(v) => &v.item,
            Source::Scene(item) => item,
        }
    }
}

/// Prepares the `n`-th drawn question of a paper of `seed`: a bank item version (shipped or
/// the session's center's) or a generated scene.
async fn prepare_question(
    app: &App,
    s: &ExamSession,
    d: &blueprint::Drawn,
    seed: u64,
    n: usize,
    lang: Lang,
) -> AppResult<NewQuestion> {
    let entry = |version: &str, item_key: String| PaperEntry {
        attempt: crate::db::new_id(),
        version: version.to_string(),
        item_key,
        kind: d.kind.clone(),
        function: d.function.clone(),
        points: d.points,
    };
    if let Some(k) = SceneKey::parse(&d.key) {
        let generated = crate::scenes::generate(k.kind, k.level, k.seed);
        let mut item = attempt::scene_item(&generated, lang);
        item.id = format!("L{}-SCENE-{}", k.level, n + 1);
        let json = serde_json::to_string(&item).map_err(|e| AppError::Internal(e.into()))?;
        return Ok(NewQuestion {
            entry: entry("", k.to_string()),
            item: Source::Scene(Box::new(item)),
            scene: Some((k.seed as i64, i64::from(k.kind.version()))),
            option_order: None,
            frozen: Some((json, generated.svg())),
        });
    }
    let v = attempt::version_of_center(app, Some(&s.center_id), &d.version).await?;
    let option_order = shuffle::stored_order_kept(
        &v.item,
        v.keeps_order,
        seed ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    );
    Ok(NewQuestion {
        entry: entry(&d.version, v.key.clone()),
        item: Source::Version(v),
        scene: None,
        option_order,
        frozen: None,
    })
}

/// The picture of a generated scene of the actor's own exam paper.
pub async fn scene_svg(
    app: &App,
    actor: &Actor,
    paper_id: &str,
    attempt_id: &str,
) -> AppResult<String> {
    // The actor's own exam paper, holding this attempt (a paper of someone else is "missing").
    store::mock::get(&app.db.pool, &actor.user.id, paper_id)
        .await?
        .filter(|p| p.exam.is_some() && p.paper.iter().any(|e| e.attempt == attempt_id))
        .ok_or(AppError::NotFound)?;
    store::exams::scene(&app.db.pool, attempt_id)
        .await?
        .and_then(|(_, svg)| svg)
        .ok_or(AppError::NotFound)
}

/// The candidate's existing paper on this device: bound to it, or refused (and logged) when
/// another browser holds it.
async fn reopen(
    app: &App,
    actor: &Actor,
    s: &ExamSession,
    e: &Enrolment,
    p: &Mock,
    device: &str,
) -> AppResult<String> {
    if p.submitted_at.is_some() {
        return Ok(p.id.clone());
    }
    let now = app.now();
    let x = p.exam.as_ref().ok_or(AppError::NotFound)?;
    let fresh = x.device.as_deref() != Some(device)
        || x.last_seen_at
            .is_none_or(|t| now - t > crate::clock::MINUTE / 2);
    if fresh && !store::exams::bind_device(&app.db.pool, &p.id, device, now).await? {
        event(
            &app.db.pool,
            app,
            On {
                s,
                candidate: &e.id,
                paper: Some(&p.id),
            },
            Some(actor),
            "device_refused",
            "",
        )
        .await?;
        return Err(AppError::conflict("device", "exam.device_locked"));
    }
    if x.device.as_deref() != Some(device) {
        event(
            &app.db.pool,
            app,
            On {
                s,
                candidate: &e.id,
                paper: Some(&p.id),
            },
            Some(actor),
            "device_bound",
            "",
        )
        .await?;
    }
    Ok(p.id.clone())
}

/// An exam paper of the actor's with its session, enrolment and attempts (in paper order).
pub struct PaperView {
    pub session: ExamSession,
    pub enrolment: Enrolment,
    pub paper: Mock,
    pub attempts: Vec<Attempt>,
}

impl PaperView {
    pub fn is_open(&self) -> bool {
        self.paper.submitted_at.is_none()
    }

    pub fn timing(&self) -> Timing {
        self.paper
            .exam
            .as_ref()
            .map(|x| x.timing)
            .unwrap_or_default()
    }

    /// Results (scores, right and wrong, gold) are shown only once published.
    pub fn published(&self) -> bool {
        self.session.published_at.is_some()
    }

    pub fn attempt_of(&self, e: &PaperEntry) -> Option<&Attempt> {
        self.attempts.iter().find(|a| a.id == e.attempt)
    }
}

/// The actor's paper, opened on `device` (refused on another); a paper whose time is up is
/// handed in first.
pub async fn paper(
    app: &App,
    actor: &Actor,
    paper_id: &str,
    device: Option<&str>,
    lang: Lang,
) -> AppResult<PaperView> {
    let mut p = store::mock::get(&app.db.pool, &actor.user.id, paper_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cand = p
        .exam
        .as_ref()
        .map(|x| x.candidate_id.clone())
        .ok_or(AppError::NotFound)?;
    let e = store::exams::of_user(&app.db.pool, &actor.user.id)
        .await?
        .into_iter()
        .find(|e| e.id == cand)
        .ok_or(AppError::NotFound)?;
    let s = store::exams::session(&app.db.pool, None, &e.session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.submitted_at.is_none() {
        let device = device.ok_or(AppError::bad_request("exam.no_device"))?;
        reopen(app, actor, &s, &e, &p, device).await?;
        if overdue(&p, app.now()) {
            hand_in_paper(app, actor, &p, HandIn::TimeUp, lang).await?;
        }
        p = store::mock::get(&app.db.pool, &actor.user.id, paper_id)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let attempts = store::attempts::of_mock(&app.db.pool, paper_id).await?;
    Ok(PaperView {
        session: s,
        enrolment: e,
        paper: p,
        attempts,
    })
}

/// Whether a paper's time is up (a paused exam paper waits, unless its window has closed).
fn overdue(p: &Mock, now: Millis) -> bool {
    if p.submitted_at.is_some() {
        return false;
    }
    match &p.exam {
        Some(x) => {
            now > x.timing.window_end.saturating_add(GRACE_MS)
                || (!x.timing.is_paused() && now > x.timing.deadline(now).saturating_add(GRACE_MS))
        }
        None => now > p.deadline_at.saturating_add(GRACE_MS),
    }
}

/// Hands an exam paper in (the candidate, the sweeper, or a proctor terminating it): graded
/// on the answers saved before, never feeding progress or the wrong-answer book. Handing in
/// twice changes nothing.
/// Why a paper is handed in: its history says so.
#[derive(Clone, Copy)]
enum HandIn<'a> {
    /// The candidate handed it in.
    Candidate,
    /// Its time was up (the sweeper, or the candidate's next look at it).
    TimeUp,
    /// A proctor ended it, with the reason.
    Terminated(&'a Actor, &'a str),
}

async fn hand_in_paper(
    app: &App,
    owner: &Actor,
    p: &Mock,
    why: HandIn<'_>,
    lang: Lang,
) -> AppResult<Option<HandedIn>> {
    let out = attempt::hand_in_paper(app, owner, p, lang).await?;
    if out.is_some()
        && let Some(x) = &p.exam
        && let Some(e) = store::exams::candidate(&app.db.pool, &x.candidate_id).await?
        && let Some(s) = store::exams::session(&app.db.pool, None, &e.session_id).await?
    {
        let (kind, actor, detail) = match why {
            HandIn::Terminated(proctor, reason) => ("terminated", Some(proctor), reason),
            HandIn::TimeUp => ("swept", None, ""),
            HandIn::Candidate => ("handed_in", Some(owner), ""),
        };
        event(
            &app.db.pool,
            app,
            On {
                s: &s,
                candidate: &e.id,
                paper: Some(&p.id),
            },
            actor,
            kind,
            detail,
        )
        .await?;
    }
    Ok(out)
}

/// The candidate hands the paper in.
pub async fn hand_in(app: &App, actor: &Actor, paper_id: &str, lang: Lang) -> AppResult<()> {
    let p = store::mock::get(&app.db.pool, &actor.user.id, paper_id)
        .await?
        .filter(|p| p.exam.is_some())
        .ok_or(AppError::NotFound)?;
    hand_in_paper(app, actor, &p, HandIn::Candidate, lang).await?;
    Ok(())
}

/// The `ip` of the actor the server acts as on a paper's owner's behalf (the sweeper, a regrade):
/// what the audit log shows for it.
const SERVER: &str = "server";

/// Hands in every overdue paper (mock exams and exam papers) with the answers saved before the
/// deadline. Safe with several instances: the hand-in claims each paper with a conditional
/// update, so each is graded exactly once. Returns how many this call handed in.
pub async fn sweep(app: &App) -> AppResult<usize> {
    let now = app.now();
    let due = store::exams::overdue(&app.db.pool, now, GRACE_MS, 200).await?;
    let mut n = 0;
    for (paper_id, user_id) in due {
        let Some(user) = store::users::get(&app.db.pool, &user_id).await? else {
            continue;
        };
        let owner = Actor {
            user,
            ip: SERVER.into(),
            session: None,
        };
        let Some(p) = store::mock::get(&app.db.pool, &user_id, &paper_id).await? else {
            continue;
        };
        if hand_in_paper(app, &owner, &p, HandIn::TimeUp, Lang::Zh)
            .await?
            .is_some()
        {
            n += 1;
        }
    }
    Ok(n)
}

/// Runs [`sweep`] every `every` until the process ends; errors are logged, never fatal.
pub async fn sweeper(app: App, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match sweep(&app).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(handed_in = n, "sweeper handed in overdue papers"),
            Err(e) => tracing::warn!(error = %e, "sweeper failed"),
        }
    }
}

/// What a proctor does.
#[derive(Clone, Debug)]
pub enum ProctorAction {
    /// Signs the candidate in (checked identity and ticket): the candidate may start.
    Admit,
    Pause,
    Resume,
    /// Extra time, in minutes.
    Extra(i64),
    /// Frees the paper from its browser: the next one to open it takes it.
    Unlock,
    /// Ends the paper now (handed in as it stands), with the reason.
    Terminate(String),
    /// Records an irregularity (违纪/异常) without changing anything.
    Irregularity(String),
}

impl ProctorAction {
    pub fn kind(&self) -> &'static str {
        match self {
            ProctorAction::Admit => "admitted",
            ProctorAction::Pause => "paused",
            ProctorAction::Resume => "resumed",
            ProctorAction::Extra(_) => "extra_time",
            ProctorAction::Unlock => "unlocked",
            ProctorAction::Terminate(_) => "terminated",
            ProctorAction::Irregularity(_) => "irregularity",
        }
    }
}

/// A proctor's action on one candidate (and, for the paper actions, one component's paper):
/// applied, entered in the candidate's history and in the audit log.
pub async fn proctor(
    app: &App,
    actor: &Actor,
    id: &str,
    candidate_id: &str,
    component: Option<Component>,
    action: ProctorAction,
    lang: Lang,
) -> AppResult<()> {
    let (s, _) = managed(app, actor, id).await?;
    let e = store::exams::enrolment(&app.db.pool, &s.id, candidate_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = app.now();
    let detail = match &action {
        ProctorAction::Extra(m) => m.to_string(),
        ProctorAction::Terminate(r) | ProctorAction::Irregularity(r) => {
            reason(Some(r))?.ok_or(AppError::field("reason", "exam.reason_required"))?
        }
        _ => String::new(),
    };
    let paper = match (&action, component) {
        (ProctorAction::Admit | ProctorAction::Irregularity(_), _) => None,
        (_, Some(c)) => Some(
            store::exams::paper(&app.db.pool, &e.id, c)
                .await?
                .ok_or(AppError::conflict("not_started", "exam.not_started"))?,
        ),
        (_, None) => return Err(AppError::bad_request("exam.component_required")),
    };
    let paper_id = paper.as_ref().map(|p| p.id.clone());
    match &action {
        ProctorAction::Admit => {
            if !store::exams::admit(&app.db.pool, &e.id, now).await? {
                return Ok(());
            }
        }
        ProctorAction::Irregularity(_) => {}
        ProctorAction::Terminate(r) => {
            let p = paper.as_ref().ok_or(AppError::NotFound)?;
            terminate(app, actor, p, r, lang).await?;
            // The hand-in logged the event.
            return audit_proctor(app, actor, &s, &e, &action, &detail).await;
        }
        ProctorAction::Unlock => {
            store::exams::unbind_device(&app.db.pool, paper_id.as_deref().unwrap_or("")).await?;
        }
        ProctorAction::Pause | ProctorAction::Resume | ProctorAction::Extra(_) => {
            let p = paper.as_ref().ok_or(AppError::NotFound)?;
            retime(app, p, &action, now).await?;
        }
    }
    event(
        &app.db.pool,
        app,
        On {
            s: &s,
            candidate: &e.id,
            paper: paper_id.as_deref(),
        },
        Some(actor),
        action.kind(),
        &detail,
    )
    .await?;
    audit_proctor(app, actor, &s, &e, &action, &detail).await
}

/// Ends a candidate's running paper for a reason the proctor gives: handed in as it stands,
/// marked terminated.
async fn terminate(
    app: &App,
    proctor: &Actor,
    p: &Mock,
    reason: &str,
    lang: Lang,
) -> AppResult<()> {
    if p.submitted_at.is_some() {
        return Err(AppError::conflict("closed", "exam.handed_in_already"));
    }
    let owner_user = store::users::get(&app.db.pool, &p.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = Actor {
        user: owner_user,
        ip: proctor.ip.clone(),
        session: None,
    };
    store::exams::set_terminated(&app.db.pool, &p.id, reason).await?;
    hand_in_paper(app, &owner, p, HandIn::Terminated(proctor, reason), lang).await?;
    Ok(())
}

/// Pauses, resumes or extends a running paper's time.
async fn retime(app: &App, p: &Mock, action: &ProctorAction, now: Millis) -> AppResult<()> {
    let x = p.exam.as_ref().ok_or(AppError::NotFound)?;
    if p.submitted_at.is_some() {
        return Err(AppError::conflict("closed", "exam.handed_in_already"));
    }
    let t = match action {
        ProctorAction::Pause => x.timing.pause(now),
        ProctorAction::Resume => x.timing.resume(now),
        ProctorAction::Extra(m) => x
            .timing
            .grant_extra(*m)
            .map_err(|_| AppError::field("minutes", "exam.bad_extra"))?,
        _ => x.timing,
    };
    // The stored deadline is what the save guard compares with: while paused no save is taken
    // at all, so it only matters once running again.
    if !store::exams::set_timing(&app.db.pool, &p.id, &t, t.deadline(now)).await? {
        return Err(AppError::conflict("closed", "exam.handed_in_already"));
    }
    Ok(())
}

async fn audit_proctor(
    app: &App,
    actor: &Actor,
    s: &ExamSession,
    e: &Enrolment,
    action: &ProctorAction,
    detail: &str,
) -> AppResult<()> {
    audit::record(
        &app.db.pool,
        app.now(),
        By::Actor(actor),
        Some(&s.center_id),
        &format!("exam_{}", action.kind()),
        &e.id,
        json!({"session": s.id, "admission_no": e.admission_no, "detail": detail}),
    )
    .await
}

/// A candidate's history (events), for the proctor's candidate page.
pub async fn history(
    app: &App,
    actor: &Actor,
    id: &str,
    candidate_id: &str,
) -> AppResult<(ExamSession, Enrolment, Vec<store::exams::Event>)> {
    let (s, _) = managed(app, actor, id).await?;
    let e = store::exams::enrolment(&app.db.pool, &s.id, candidate_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ev = store::exams::events(&app.db.pool, &e.id).await?;
    Ok((s, e, ev))
}

/// Opens the 综合评审 of every admitted candidate of a session that has one (a script for the
/// panel, scored like a written answer by the session's examiners: app::marking). Idempotent.
pub async fn open_reviews(app: &App, s: &ExamSession) -> AppResult<usize> {
    if !s.components.contains(&Component::Review) {
        return Ok(0);
    }
    let admitted: Vec<Enrolment> = store::exams::enrolments(&app.db.pool, &s.id)
        .await?
        .into_iter()
        .filter(|e| e.admitted_at.is_some())
        .collect();
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    app.db
        .lock_in(&mut tx, &format!("reviews:{}", s.id))
        .await?;
    let mut opened = 0;
    for e in &admitted {
        if store::marking::open_review(&mut tx, &e.id, &e.user_id, s.level, now).await? {
            opened += 1;
        }
    }
    tx.commit().await?;
    Ok(opened)
}

/// Publishes the results: refused while a paper is open or a candidate may still sit one.
/// A candidate who never started a component is absent (缺考) and scores 0 in it.
pub async fn publish(app: &App, actor: &Actor, id: &str) -> AppResult<()> {
    let s = admin_of(app, actor, id).await?;
    if s.published_at.is_some() {
        return Ok(());
    }
    // Papers whose time is up are handed in first (the sweeper may not have passed yet), and
    // every admitted candidate's 综合评审 is open for the panel.
    sweep(app).await?;
    open_reviews(app, &s).await?;
    let now = app.now();
    let rows = roster(app, &s).await?;
    let unmarked = store::marking::scripts(&app.db.pool, &s.id)
        .await?
        .iter()
        .filter(|r| r.marking == 1)
        .count();
    ready_to_publish(&rows, unmarked, now < s.ends_at)?;
    // Who passed, read before the write lock (people do not change under a publication).
    let mut passed = vec![];
    for r in rows.iter().filter(|r| r.passed == Some(true)) {
        if let Some(u) = store::users::get(&app.db.pool, &r.enrolment.user_id).await? {
            let scores: Vec<(Component, f64)> = r
                .sittings
                .iter()
                .map(|x| (x.component, x.score.unwrap_or(0.0)))
                .collect();
            passed.push((u, r.enrolment.id.clone(), scores));
        }
    }
    let passes: Vec<super::certificates::Pass> = passed
        .iter()
        .map(|(u, cand, scores)| super::certificates::Pass {
            user: u,
            candidate_id: Some(cand),
            scores: scores.clone(),
        })
        .collect();
    let mut tx = app.db.begin_write().await?;
    // Only the publisher that flips the session issues: a second instance publishing at the
    // same moment finds it published and issues nothing (and the unique index on the pass
    // would refuse a second certificate anyway).
    if store::exams::publish(&mut *tx, &s.id, &actor.user.id, now).await? {
        let issued =
            super::certificates::issue_for_publication(&mut tx, app, &s, &passes, now).await?;
        audit::record(
            &mut *tx,
            now,
            By::Actor(actor),
            Some(&s.center_id),
            "exam_published",
            &s.id,
            json!({"candidates": rows.len(), "certificates": issued}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether a session's results may be published: no paper still running or unscored, no
/// candidate still to start while the window is open (`in_window`), no script waiting for its
/// examiners. The refusal says how many of each.
fn ready_to_publish(rows: &[RosterRow], unmarked: usize, in_window: bool) -> AppResult<()> {
    let open = rows
        .iter()
        .flat_map(|r| &r.sittings)
        .filter(|x| matches!(x.status, "in_progress" | "paused"))
        .count();
    let waiting = rows
        .iter()
        .flat_map(|r| &r.sittings)
        .filter(|x| x.status == "not_started")
        .count();
    let unscored = rows
        .iter()
        .flat_map(|r| &r.sittings)
        .filter(|x| x.paper_id.is_some() && x.status != "in_progress" && x.score.is_none())
        .count();
    if unmarked > 0 && open == 0 {
        // Examiners (and the panel) have scripts to score: the scores are not final yet.
        return Err(AppError::Conflict {
            code: "marking_pending",
            key: "exam.marking_pending",
            args: vec![("scripts", unmarked.to_string())],
        });
    }
    if open > 0 || unscored > 0 || (waiting > 0 && in_window) {
        return Err(AppError::Conflict {
            code: "not_finished",
            key: "exam.not_finished",
            args: vec![
                ("open", open.to_string()),
                ("waiting", if in_window { waiting } else { 0 }.to_string()),
                ("unscored", unscored.to_string()),
            ],
        });
    }
    Ok(())
}

/// An attempt's saved state as a candidate may see it: the answer and seq, never a result
/// (exam items keep their gold and scores to themselves, also after publication: the bank
/// reuses them).
pub fn answer_state(a: &Attempt) -> serde_json::Value {
    json!({
        "answer": a.answer,
        "seq": a.seq,
        "saved_at": a.saved_at,
        "flagged": a.flagged,
        "result": null,
    })
}

/// The paper as the API gives it to its candidate: the clock as the server sees it, and every
/// question with its task (no gold) and saved state, in the candidate's order.
pub async fn paper_json(
    app: &App,
    actor: &Actor,
    v: &PaperView,
    lang: Lang,
) -> AppResult<serde_json::Value> {
    let now = app.now();
    let t = v.timing();
    let mut questions = vec![];
    for (i, e) in v.paper.paper.iter().enumerate() {
        let Some(a) = v.attempt_of(e) else { continue };
        questions.push(json!({
            "n": i + 1,
            "attempt": a.id,
            "kind": e.kind,
            "function": e.function,
            "points": e.points,
            "task": attempt::view_of(app, actor, a, lang).await?,
            "state": answer_state(a),
        }));
    }
    Ok(json!({
        "id": v.paper.id,
        "session": v.session.id,
        "component": v.paper.component,
        "open": v.is_open(),
        "paused": t.is_paused(),
        "server_now_ms": now,
        "deadline_ms": t.deadline(now),
        "remaining_ms": if v.is_open() { t.remaining(now) } else { 0 },
        "warning_minutes": if v.is_open() { t.warning(now) } else { None },
        "score": if v.published() { v.paper.score } else { None },
        "breakdown": if v.published() { Some(&v.paper.breakdown) } else { None },
        "questions": questions,
    }))
}

/// Results of a session, one row per candidate: for the results page and the exports.
pub struct Results {
    pub session: ExamSession,
    pub rows: Vec<RosterRow>,
    /// Per component: the score distribution in bands of ten.
    pub distribution: Vec<(Component, [u32; 10])>,
}

pub async fn results(app: &App, actor: &Actor, id: &str) -> AppResult<Results> {
    let s = admin_of(app, actor, id).await?;
    let rows = roster(app, &s).await?;
    let distribution = s
        .papers()
        .map(|c| {
            let scores: Vec<f64> = rows
                .iter()
                .flat_map(|r| &r.sittings)
                .filter(|x| x.component == c)
                .filter_map(|x| x.score)
                .collect();
            (c, session::distribution(&scores))
        })
        .collect();
    Ok(Results {
        session: s,
        rows,
        distribution,
    })
}

/// The results as a table (header, rows) for CSV and XLSX, in `lang`.
pub fn results_table(
    r: &Results,
    lang: Lang,
    tz: chrono_tz::Tz,
) -> (Vec<String>, Vec<Vec<String>>) {
    use crate::i18n::t;
    let mut header: Vec<String> = [
        "exam.admission_no",
        "person.real_name",
        "person.username",
        "person.id_number",
        "exam.room",
        "exam.seat",
    ]
    .iter()
    .map(|k| t(lang, k).to_string())
    .collect();
    for c in r.session.papers() {
        header.push(t(lang, &format!("progress.component.{}", c.as_str())).to_string());
    }
    header.push(t(lang, "exam.result").to_string());
    header.push(t(lang, "exam.handed_in_at").to_string());
    let rows = r
        .rows
        .iter()
        .map(|row| {
            let e = &row.enrolment;
            let mut cells = vec![
                e.admission_no.clone(),
                e.real_name.clone(),
                e.username.clone(),
                e.id_last4
                    .as_deref()
                    .map(|l| format!("…{l}"))
                    .unwrap_or_default(),
                e.room.clone(),
                e.seat.to_string(),
            ];
            for x in &row.sittings {
                cells.push(match (x.status, x.score) {
                    ("not_started", _) => t(lang, "exam.absent").to_string(),
                    (_, Some(s)) => format!("{s:.1}"),
                    _ => t(lang, "exam.pending").to_string(),
                });
            }
            cells.push(
                match row.passed {
                    Some(true) => t(lang, "exam.passed"),
                    Some(false) => t(lang, "exam.failed"),
                    None => t(lang, "exam.pending"),
                }
                .to_string(),
            );
            cells.push(
                row.sittings
                    .iter()
                    .filter_map(|x| x.handed_in_at)
                    .max()
                    .map(|ms| crate::clock::format_compact(ms, tz))
                    .unwrap_or_default(),
            );
            cells
        })
        .collect();
    (header, rows)
}

/// Whether the actor's paper `id` is an exam paper (not a mock exam).
pub async fn is_exam_paper(app: &App, actor: &Actor, id: &str) -> AppResult<bool> {
    Ok(store::mock::get(&app.db.pool, &actor.user.id, id)
        .await?
        .is_some_and(|p| p.exam.is_some()))
}

/// The name of the session's center (tickets and sign-in sheets print it).
pub async fn center_name(app: &App, s: &ExamSession) -> AppResult<String> {
    Ok(store::centers::get(&app.db.pool, &s.center_id)
        .await?
        .map(|c| c.name)
        .unwrap_or_default())
}

/// The people who may staff a session: the center's active examiners and administrators.
pub async fn staff_candidates(app: &App, s: &ExamSession) -> AppResult<Vec<crate::accounts::User>> {
    let mut out = vec![];
    for role in [Role::Examiner, Role::CenterAdmin] {
        let (users, _) = store::users::list(
            &app.db.pool,
            &store::users::ListQuery {
                center_id: Some(s.center_id.clone()),
                role: Some(role),
                search: None,
                page: 1,
                per_page: 200,
            },
        )
        .await?;
        out.extend(users.into_iter().filter(|u| !u.disabled));
    }
    Ok(out)
}

/// A handed-in paper graded (some of it) by an older grader version, graded again.
#[derive(Clone, Debug, Serialize)]
pub struct RegradeRow {
    pub paper_id: String,
    pub candidate_id: String,
    pub admission_no: String,
    pub real_name: String,
    pub component: Component,
    pub old_score: Option<f64>,
    pub new_score: f64,
    /// Questions whose score changes.
    pub changed: usize,
    /// The grader versions replaced (`true_false@1 → true_false@2`).
    pub graders: Vec<String>,
}

/// A paper's new grades: per attempt (id, score, passed, result), the total and breakdown.
struct Regraded {
    row: RegradeRow,
    attempts: Vec<(String, f64, bool, serde_json::Value)>,
    old: serde_json::Value,
    breakdown: Breakdown,
}

/// The grader an attempt was scored with (`boxes@1` …), if it was.
fn grader_of(a: &Attempt) -> Option<String> {
    a.result
        .as_ref()
        .and_then(|r| r.get("grader"))
        .and_then(|g| g.as_str())
        .map(str::to_string)
}

/// The graders of a paper's questions that are not the current ones, as "old → new".
fn stale_graders(p: &Mock, attempts: &[Attempt]) -> BTreeSet<String> {
    attempts
        .iter()
        .filter_map(|a| {
            let kind = &p.paper.iter().find(|e| e.attempt == a.id)?.kind;
            let now = crate::scoring::grader_version(kind)?;
            match grader_of(a) {
                Some(v) if v == now => None,
                v => Some(format!("{} → {now}", v.unwrap_or_else(|| "?".into()))),
            }
        })
        .collect()
}

/// Every handed-in paper of the session that an older grader version scored, graded again on
/// its stored answers with the current graders (pure scoring; nothing is written).
async fn regrade_all(app: &App, s: &ExamSession, lang: Lang) -> AppResult<Vec<Regraded>> {
    let enrolments = store::exams::enrolments(&app.db.pool, &s.id).await?;
    let mut out = vec![];
    for p in store::exams::papers(&app.db.pool, &s.id).await? {
        if p.submitted_at.is_none() {
            continue;
        }
        let attempts = store::attempts::of_mock(&app.db.pool, &p.id).await?;
        let stale = stale_graders(&p, &attempts);
        if stale.is_empty() {
            continue;
        }
        let Some(user) = store::users::get(&app.db.pool, &p.user_id).await? else {
            continue;
        };
        let owner = Actor {
            user,
            ip: SERVER.into(),
            session: None,
        };
        let mut total = 0.0;
        let mut breakdown = Breakdown::new();
        let mut graded = vec![];
        let mut changed = 0;
        let mut old_questions = vec![];
        for e in &p.paper {
            let Some(a) = attempts.iter().find(|a| a.id == e.attempt) else {
                continue;
            };
            let (score, stored) = if e.kind == "rubric" {
                // Scored by examiners, not by a grader: kept as it is.
                (
                    a.score.unwrap_or(0.0),
                    a.result.clone().unwrap_or(serde_json::Value::Null),
                )
            } else {
                let subject = attempt::subject(app, &owner, a, lang).await?;
                attempt::score_stored(&subject.item, a.answer.as_ref(), lang)?
            };
            if a.score.is_none_or(|old| (old - score).abs() > 1e-9) {
                changed += 1;
            }
            old_questions.push(json!({"attempt": a.id, "score": a.score, "grader": grader_of(a)}));
            total += e.points * score;
            let slot = breakdown.entry(e.function.clone()).or_default();
            slot.0 += e.points * score;
            slot.1 += e.points;
            graded.push((a.id.clone(), score, attempt::passed(a, score), stored));
        }
        let e = p
            .exam
            .as_ref()
            .and_then(|x| enrolments.iter().find(|e| e.id == x.candidate_id));
        out.push(Regraded {
            row: RegradeRow {
                paper_id: p.id.clone(),
                candidate_id: e.map(|e| e.id.clone()).unwrap_or_default(),
                admission_no: e.map(|e| e.admission_no.clone()).unwrap_or_default(),
                real_name: e.map(|e| e.real_name.clone()).unwrap_or_default(),
                component: p.component,
                old_score: p.score,
                new_score: total,
                changed,
                graders: stale.into_iter().collect(),
            },
            attempts: graded,
            old: json!({"breakdown": p.breakdown, "questions": old_questions}),
            breakdown,
        });
    }
    Ok(out)
}

/// What a regrade under the current grader versions would change, per paper (admins).
pub async fn regrade_preview(
    app: &App,
    actor: &Actor,
    id: &str,
    lang: Lang,
) -> AppResult<(ExamSession, Vec<RegradeRow>)> {
    let s = admin_of(app, actor, id).await?;
    let rows = regrade_all(app, &s, lang).await?;
    Ok((s, rows.into_iter().map(|r| r.row).collect()))
}

/// Applies the regrade after an admin has seen it: every paper's questions, total and breakdown
/// replaced, the replaced ones kept in `regrades`, in the candidate's history and the audit log.
/// Returns how many papers changed.
pub async fn regrade_apply(app: &App, actor: &Actor, id: &str, lang: Lang) -> AppResult<usize> {
    let s = admin_of(app, actor, id).await?;
    let all = regrade_all(app, &s, lang).await?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    for r in &all {
        for (attempt_id, score, passed, result) in &r.attempts {
            store::attempts::regrade(
                &mut *tx,
                attempt_id,
                &store::attempts::Graded {
                    score: *score,
                    passed: *passed,
                    result: &result.to_string(),
                },
            )
            .await?;
        }
        store::mock::record_score(&mut *tx, &r.row.paper_id, r.row.new_score, &r.breakdown).await?;
        store::exams::record_regrade(
            &mut *tx,
            &store::exams::Regrade {
                session_id: &s.id,
                paper_id: &r.row.paper_id,
                old_score: r.row.old_score,
                new_score: r.row.new_score,
                old_breakdown: &r.old.to_string(),
                new_breakdown: &serde_json::to_string(&r.breakdown).unwrap_or_default(),
                by: &actor.user.id,
            },
            now,
        )
        .await?;
        let detail = format!(
            "{} → {:.1}; {}",
            r.row.old_score.map_or("—".into(), |s| format!("{s:.1}")),
            r.row.new_score,
            r.row.graders.join(", ")
        );
        event(
            &mut *tx,
            app,
            On {
                s: &s,
                candidate: &r.row.candidate_id,
                paper: Some(&r.row.paper_id),
            },
            Some(actor),
            "regraded",
            &detail,
        )
        .await?;
    }
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        Some(&s.center_id),
        "exam_regraded",
        &s.id,
        json!({"papers": all.iter().map(|r| &r.row).collect::<Vec<_>>()}),
    )
    .await?;
    tx.commit().await?;
    Ok(all.len())
}
