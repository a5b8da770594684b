//! 阅卷 — examiners score the rubric questions of exam papers (docs/marking.md): the queue of
//! each examiner, the scoring of one script (drafts autosaved, then submitted), the panel where
//! the chief examiner settles scripts whose marks spread too far, and the chief's overview. The
//! rules are `exam::marking`'s (pure); SQL is `store::marking`'s.
//!
//! Blindness: an examiner sees a script's blind code, never the candidate, and another
//! examiner's marks only once every assigned examiner has submitted.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::audit::{self, By};
use super::{Actor, App};
use crate::accounts::Role;
use crate::analysis;
use crate::bank::{Criterion, Item};
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult, FieldError};
use crate::exam::attempt::Attempt;
use crate::exam::marking::{self, Mark, Status};
use crate::exam::paper::Breakdown;
use crate::exam::session::ExamSession;
use crate::i18n::Lang;
use crate::store;
use crate::store::marking::{Assignment, ScriptRow};

/// How many examiners score each script of a session's skill exam.
fn needed(level: Level) -> usize {
    let min = curriculum::shipped()
        .level(level.get())
        .and_then(|l| l.exam(Component::Skill))
        .map_or(3, |e| e.staffing.min_staff as usize);
    marking::markers_needed(min)
}

/// A level's 综合评审 as an item: the curriculum's method as the task, its rubric as criteria.
fn review_item(level: Level, lang: Lang) -> Option<Item> {
    let e = curriculum::shipped()
        .level(level.get())?
        .exam(Component::Review)?;
    let method = e
        .method
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    let v = serde_json::json!({
        "id": store::marking::review_key(level),
        "kind": "rubric",
        "level": level,
        "skills": [],
        "difficulty": 3,
        "use": ["exam"],
        "points": f64::from(e.marks.points),
        "prompt": format!("**{}**\n\n{method}", if lang == Lang::En { &e.name_en } else { &e.name }),
        "criteria": e.rubric,
        "explanation": "",
    });
    serde_json::from_value(v).ok()
}

/// The rubric of an item: its criteria (empty for any other kind).
fn criteria(item: &Item) -> &[Criterion] {
    item.task.criteria.as_deref().unwrap_or(&[])
}

/// A script with everything its screens need.
pub struct Script {
    /// 综合评审 only: the candidate (admission number and name), whom the panel sees anyway.
    pub candidate: Option<String>,
    pub session: ExamSession,
    pub attempt: Attempt,
    pub item: Item,
    pub code: String,
    pub handed_in_at: i64,
    pub assignments: Vec<Assignment>,
    pub decision: Option<store::marking::Decision>,
    pub status: Status,
    pub needed: usize,
    /// The session's spread limit (a fraction of each criterion's maximum).
    pub spread_limit: f64,
}

impl Script {
    /// The written answer.
    pub fn answer(&self) -> &str {
        super::attempt::written_text(self.attempt.answer.as_ref()).unwrap_or("")
    }

    pub fn mine(&self, actor: &Actor) -> Option<&Assignment> {
        self.assignments
            .iter()
            .find(|a| a.examiner_id == actor.user.id)
    }

    /// Every assigned examiner has submitted: marks may be shown to the examiners.
    pub fn all_in(&self) -> bool {
        self.submitted().len() >= self.needed
    }

    fn submitted(&self) -> Vec<&Assignment> {
        self.assignments
            .iter()
            .filter(|a| a.submitted_at.is_some())
            .collect()
    }
}

/// How the actor stands to a session's marking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seat {
    /// The center's administrator: the overview, names of examiners, no scoring.
    Admin,
    /// The chief examiner (考评组长): the overview and the panel.
    Chief,
    /// An examiner: their own scripts.
    Examiner,
}

/// Whether the actor chairs the marking of the session (its chief examiner).
pub async fn chairs(app: &App, actor: &Actor, session_id: &str) -> AppResult<bool> {
    Ok(store::marking::roles(&app.db.pool, &actor.user.id)
        .await?
        .iter()
        .any(|(sid, role)| sid == session_id && role == "chief"))
}

async fn seat(app: &App, actor: &Actor, s: &ExamSession) -> AppResult<Seat> {
    let (_, access) = super::exams::managed(app, actor, &s.id).await?;
    let roles = store::marking::roles(&app.db.pool, &actor.user.id).await?;
    let has = |r: &str| roles.iter().any(|(sid, role)| sid == &s.id && role == r);
    if has("chief") {
        Ok(Seat::Chief)
    } else if access == super::exams::Access::Admin {
        Ok(Seat::Admin)
    } else if has("examiner") {
        Ok(Seat::Examiner)
    } else {
        // A proctor of the session: scripts are none of their business, and not even there.
        Err(AppError::NotFound)
    }
}

async fn load(app: &App, actor: &Actor, attempt_id: &str, lang: Lang) -> AppResult<Script> {
    let a = store::attempts::find(&app.db.pool, attempt_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let paper_id = a.mock_id.clone().ok_or(AppError::NotFound)?;
    let session_id = store::marking::session_of_paper(&app.db.pool, &paper_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (s, _) = super::exams::managed(app, actor, &session_id).await?;
    let row = store::marking::scripts(&app.db.pool, &s.id)
        .await?
        .into_iter()
        .find(|r| r.attempt_id == a.id)
        .ok_or(AppError::NotFound)?;
    build(app, actor, s, a, &row, lang).await
}

async fn build(
    app: &App,
    actor: &Actor,
    session: ExamSession,
    attempt: Attempt,
    row: &ScriptRow,
    lang: Lang,
) -> AppResult<Script> {
    let (item, candidate) =
        if attempt.item_key.to_string() == store::marking::review_key(session.level) {
            // 综合评审: the panel sees the candidate (it is a defence), the rubric is the level's.
            let e = store::exams::enrolments(&app.db.pool, &session.id)
                .await?
                .into_iter()
                .find(|e| e.user_id == attempt.user_id);
            (
                review_item(session.level, lang).ok_or(AppError::NotFound)?,
                e.map(|e| format!("{} {}", e.admission_no, e.real_name)),
            )
        } else {
            (
                super::attempt::subject(app, actor, &attempt, lang)
                    .await?
                    .item,
                None,
            )
        };
    let assignments = store::marking::of_script(&app.db.pool, &attempt.id).await?;
    let decision = store::marking::decision(&app.db.pool, &attempt.id).await?;
    let spread = store::marking::spread_limit(&app.db.pool, &session.id).await?;
    let needed = needed(session.level);
    let submitted: Vec<&Mark> = assignments
        .iter()
        .filter(|a| a.submitted_at.is_some())
        .map(|a| &a.mark)
        .collect();
    let status = marking::status(
        criteria(&item),
        &submitted,
        needed,
        decision.as_ref().map(|d| &d.mark),
        spread,
    );
    Ok(Script {
        candidate,
        code: marking::blind_code(&app.config.secret, &attempt.id),
        handed_in_at: row.handed_in_at,
        session,
        attempt,
        item,
        assignments,
        decision,
        status,
        needed,
        spread_limit: spread,
    })
}

/// Gives every script of the session that lacks examiners its share of the session's
/// examiners, least loaded first, after taking back the unsubmitted scripts of examiners no
/// longer on the staff. Idempotent; serialised per session.
pub async fn assign(app: &App, s: &ExamSession) -> AppResult<usize> {
    super::exams::open_reviews(app, s).await?;
    let scripts = store::marking::scripts(&app.db.pool, &s.id).await?;
    let waiting: Vec<&ScriptRow> = scripts.iter().filter(|r| r.marking == 1).collect();
    if waiting.is_empty() {
        return Ok(0);
    }
    let examiners: Vec<String> = store::exams::staff(&app.db.pool, &s.id)
        .await?
        .into_iter()
        .filter(|x| x.role == "examiner")
        .map(|x| x.user_id)
        .collect();
    let needed = needed(s.level);
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    app.db
        .lock_in(&mut tx, &format!("marking:{}", s.id))
        .await?;
    let mut existing = store::marking::of_session(&mut *tx, &s.id).await?;
    // An examiner taken off the session's staff (ill on the day, say) hands back the scripts
    // not yet submitted: they go to the others below. Submitted marks stay, as given.
    let mut kept = Vec::with_capacity(existing.len());
    for a in existing.drain(..) {
        if a.submitted_at.is_none() && !examiners.contains(&a.examiner_id) {
            store::marking::release(&mut *tx, &a.attempt_id, &a.examiner_id).await?;
        } else {
            kept.push(a);
        }
    }
    let existing = kept;
    let mut load: BTreeMap<String, usize> = BTreeMap::new();
    let mut on: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for a in &existing {
        *load.entry(a.examiner_id.clone()).or_default() += 1;
        on.entry(a.attempt_id.as_str())
            .or_default()
            .push(a.examiner_id.clone());
    }
    let mut added = 0;
    for r in waiting {
        let assigned = on.get(r.attempt_id.as_str()).cloned().unwrap_or_default();
        for e in marking::pick(&examiners, &load, &assigned, needed, &r.attempt_id) {
            store::marking::assign(&mut *tx, &s.id, &r.attempt_id, &e, now).await?;
            *load.entry(e).or_default() += 1;
            added += 1;
        }
    }
    tx.commit().await?;
    Ok(added)
}

/// One line of an examiner's queue.
#[derive(Clone, Debug, Serialize)]
pub struct QueueEntry {
    pub attempt_id: String,
    pub session_id: String,
    pub session_name: String,
    pub code: String,
    pub item_id: String,
    pub title: String,
    pub handed_in_at: i64,
    /// `todo`, `draft` or `submitted` (mine).
    pub mine: &'static str,
    /// Submitted marks of all assigned examiners, and how many are needed.
    pub done: usize,
    pub needed: usize,
    /// `marking`, `panel` or `final`.
    pub state: &'static str,
}

fn state_of(s: &Status) -> &'static str {
    match s {
        Status::Marking { .. } => "marking",
        Status::Panel { .. } => "panel",
        Status::Final { .. } => "final",
    }
}

fn mine_of(a: Option<&Assignment>) -> &'static str {
    match a {
        Some(a) if a.submitted_at.is_some() => "submitted",
        Some(a) if a.saved_at.is_some() => "draft",
        _ => "todo",
    }
}

/// The scripts of the actor's sessions that the actor scores (an examiner) or settles (the
/// chief: the panel's), the oldest first; what waits for the actor comes first.
pub async fn queue(app: &App, actor: &Actor, lang: Lang) -> AppResult<Vec<QueueEntry>> {
    if !matches!(actor.role(), Role::Examiner | Role::CenterAdmin) {
        return Err(AppError::Forbidden);
    }
    let roles = store::marking::roles(&app.db.pool, &actor.user.id).await?;
    let mut out = vec![];
    let mut seen = std::collections::BTreeSet::new();
    for (session_id, _) in &roles {
        if !seen.insert(session_id.clone()) {
            continue;
        }
        let Some(s) = store::exams::session(&app.db.pool, None, session_id).await? else {
            continue;
        };
        assign(app, &s).await?;
        let chief = roles
            .iter()
            .any(|(sid, r)| sid == session_id && r == "chief");
        for row in store::marking::scripts(&app.db.pool, &s.id).await? {
            let Some(a) = store::attempts::find(&app.db.pool, &row.attempt_id).await? else {
                continue;
            };
            let script = build(app, actor, s.clone(), a, &row, lang).await?;
            let mine = script.mine(actor);
            let panel = matches!(script.status, Status::Panel { .. });
            if mine.is_none() && !(chief && panel) {
                continue;
            }
            out.push(QueueEntry {
                attempt_id: script.attempt.id.clone(),
                session_id: s.id.clone(),
                session_name: s.name.clone(),
                code: script.code.clone(),
                item_id: script.item.id.clone(),
                title: title(&script.item),
                handed_in_at: script.handed_in_at,
                mine: mine_of(mine),
                done: script.submitted().len(),
                needed: script.needed,
                state: state_of(&script.status),
            });
        }
    }
    // What waits for me first (to score, then panel), then the rest; oldest first within.
    let rank = |e: &QueueEntry| match (e.mine, e.state) {
        ("todo" | "draft", _) => 0,
        (_, "panel") => 1,
        _ => 2,
    };
    out.sort_by_key(|e| (rank(e), e.handed_in_at));
    Ok(out)
}

/// The first line of the prompt, as a title.
fn title(item: &Item) -> String {
    let line = item
        .prompt
        .lines()
        .map(|l| l.trim().trim_start_matches(['#', '*', '-', ' ']).trim())
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let short: String = line.replace("**", "").chars().take(60).collect();
    short
}

/// One script as the actor may see it: an examiner assigned to it, or the chief.
pub async fn script(app: &App, actor: &Actor, attempt_id: &str, lang: Lang) -> AppResult<Script> {
    let script = load(app, actor, attempt_id, lang).await?;
    match seat(app, actor, &script.session).await? {
        Seat::Examiner if script.mine(actor).is_none() => Err(AppError::NotFound),
        Seat::Admin => Err(AppError::Forbidden),
        _ => Ok(script),
    }
}

/// The marks on a script the actor may read: all of them once every assigned examiner has
/// submitted (or to the chief when the panel decides), else only the actor's own.
pub fn visible_marks<'a>(script: &'a Script, actor: &Actor) -> Vec<&'a Assignment> {
    if script.all_in() {
        script.submitted()
    } else {
        script.mine(actor).into_iter().collect()
    }
}

/// A refused mark as field errors, one per criterion (`criteria.<id>`).
pub(crate) fn refused(problems: Vec<marking::Problem>) -> AppError {
    AppError::Validation(
        problems
            .iter()
            .map(|p| FieldError::new(format!("criteria.{}", p.criterion()), p.key()))
            .collect(),
    )
}

/// Saves a draft (`submit == false`) or submits the actor's mark on a script, under the seq the
/// page had. A submission completing the script settles it.
pub async fn save(
    app: &App,
    actor: &Actor,
    attempt_id: &str,
    seq: i64,
    mark: &Mark,
    submit: bool,
    lang: Lang,
) -> AppResult<i64> {
    let script = script(app, actor, attempt_id, lang).await?;
    let mine = script.mine(actor).ok_or(AppError::NotFound)?;
    if mine.submitted_at.is_some() {
        return Err(AppError::conflict("submitted", "marking.submitted"));
    }
    let clean = marking::check(criteria(&script.item), mark, submit).map_err(refused)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    if !store::marking::save(
        &mut *tx,
        attempt_id,
        &actor.user.id,
        seq,
        &clean,
        submit,
        now,
    )
    .await?
    {
        return Err(AppError::conflict("stale", "marking.stale"));
    }
    if submit {
        audit::record(
            &mut *tx,
            now,
            By::Actor(actor),
            Some(&script.session.center_id),
            "mark_submitted",
            attempt_id,
            json!({"code": script.code, "mark": clean}),
        )
        .await?;
    }
    tx.commit().await?;
    if submit {
        settle(app, actor, attempt_id, lang).await?;
    }
    Ok(seq + 1)
}

/// The chief examiner's decision on a script at the panel: every criterion's agreed points,
/// and the reason. Final.
pub async fn decide(
    app: &App,
    actor: &Actor,
    attempt_id: &str,
    mark: &Mark,
    reason: &str,
    lang: Lang,
) -> AppResult<()> {
    let script = load(app, actor, attempt_id, lang).await?;
    if seat(app, actor, &script.session).await? != Seat::Chief {
        return Err(AppError::Forbidden);
    }
    if !matches!(script.status, Status::Panel { .. }) {
        return Err(AppError::conflict("not_at_panel", "marking.not_at_panel"));
    }
    let reason = reason.trim();
    if reason.is_empty()
        || reason.chars().count() > marking::MAX_REASON
        || reason
            .chars()
            .any(|c| c != '\n' && crate::accounts::forbidden_char(&c.to_string()).is_some())
    {
        return Err(AppError::field("reason", "marking.panel_reason"));
    }
    // Agreed points for every criterion; reasons per criterion are optional at the panel.
    let mut with_reasons = mark.clone();
    for c in criteria(&script.item) {
        with_reasons
            .reasons
            .entry(c.id.clone())
            .or_insert_with(|| reason.to_string());
    }
    let clean = marking::check(criteria(&script.item), &with_reasons, true).map_err(refused)?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    let d = store::marking::Decision {
        mark: clean.clone(),
        reason: reason.to_string(),
        decided_by: actor.user.id.clone(),
        decided_at: now,
    };
    if !store::marking::decide(&mut *tx, &script.session.id, attempt_id, &d).await? {
        return Err(AppError::conflict("decided", "marking.decided"));
    }
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        Some(&script.session.center_id),
        "panel_decided",
        attempt_id,
        json!({"code": script.code, "points": clean.points, "reason": reason}),
    )
    .await?;
    tx.commit().await?;
    settle(app, actor, attempt_id, lang).await
}

/// Writes a script's final score once its status is final, and the paper's new total.
async fn settle(app: &App, actor: &Actor, attempt_id: &str, lang: Lang) -> AppResult<()> {
    let script = load(app, actor, attempt_id, lang).await?;
    let Status::Final {
        criteria: outcomes,
        by_panel,
        ..
    } = &script.status
    else {
        return Ok(());
    };
    // The final points per criterion (the mean, or the panel's) scored by the rubric grader,
    // so the stored result has the form of every other graded question.
    let points: serde_json::Map<String, serde_json::Value> = match &script.decision {
        Some(d) => d
            .mark
            .points
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect(),
        None => outcomes
            .iter()
            .map(|o| (o.id.clone(), json!(o.mean)))
            .collect(),
    };
    let graded = super::attempt::grade(&script.item, &json!({ "criteria": points }), lang)?;
    let mut result = serde_json::to_value(&graded).map_err(|e| AppError::Internal(e.into()))?;
    result["grader"] = json!(script.item.kind().grader());
    result["marked"] = json!({"by_panel": by_panel, "examiners": script.submitted().len()});
    let passed = super::attempt::passed(&script.attempt, graded.score);
    let paper_id = script.attempt.mock_id.clone().unwrap_or_default();
    let mut tx = app.db.begin_write().await?;
    let stored = result.to_string();
    let g = store::attempts::Graded {
        score: graded.score,
        passed,
        result: &stored,
    };
    if store::marking::finish(&mut *tx, attempt_id, &g).await? {
        retotal(&mut tx, &paper_id).await?;
        audit::record(
            &mut *tx,
            app.now(),
            By::Actor(actor),
            Some(&script.session.center_id),
            "script_marked",
            attempt_id,
            json!({"code": script.code, "score": graded.score, "by_panel": by_panel}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds a paper up again from its questions' stored scores (after a script is marked).
async fn retotal(tx: &mut crate::db::Tx, paper_id: &str) -> AppResult<()> {
    let Some(paper) = store::mock::by_id(&mut **tx, paper_id).await? else {
        return Ok(());
    };
    let attempts = store::attempts::of_mock(&mut **tx, paper_id).await?;
    let score = |id: &str| {
        attempts
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.score)
            .unwrap_or(0.0)
    };
    let (total, breakdown): (f64, Breakdown) = crate::exam::paper::tally(&paper.paper, score);
    store::mock::record_score(&mut **tx, paper_id, total, &breakdown).await?;
    Ok(())
}

/// Whether the session has any script for examiners.
pub async fn has_scripts(app: &App, s: &ExamSession) -> AppResult<bool> {
    Ok(!store::marking::scripts(&app.db.pool, &s.id)
        .await?
        .is_empty())
}

/// One script on the overview.
#[derive(Clone, Debug, Serialize)]
pub struct OverviewScript {
    pub attempt_id: String,
    pub code: String,
    pub item_id: String,
    pub handed_in_at: i64,
    pub done: usize,
    pub needed: usize,
    pub state: &'static str,
    /// The final points of the item's maximum, once final.
    pub points: Option<f64>,
    pub max: f64,
    pub by_panel: bool,
}

/// One examiner on the overview: progress and agreement.
#[derive(Clone, Debug, Serialize)]
pub struct OverviewExaminer {
    pub user_id: String,
    pub real_name: String,
    pub username: String,
    pub assigned: usize,
    pub submitted: usize,
    /// Krippendorff's α (interval) over the criteria of the scripts this examiner scored.
    pub alpha: Option<f64>,
    /// Mean signed and absolute deviation of the examiner's points from the final points,
    /// as a fraction of the criterion's maximum, over final scripts.
    pub mean_deviation: Option<f64>,
    pub mean_abs_deviation: Option<f64>,
    /// The deviation is above the session's spread limit on average: worth a talk.
    pub strays: bool,
}

/// The chief's and the center admin's view of a session's marking.
#[derive(Clone, Debug, Serialize)]
pub struct Overview {
    pub needed: usize,
    pub examiners_staffed: usize,
    pub spread_limit: f64,
    /// Krippendorff's α for interval data over every criterion of every final script, each
    /// examiner's points as a fraction of the criterion's maximum (docs/marking.md).
    pub alpha: Option<f64>,
    pub scripts: Vec<OverviewScript>,
    pub examiners: Vec<OverviewExaminer>,
    pub chief: Option<String>,
}

pub async fn overview(
    app: &App,
    actor: &Actor,
    session_id: &str,
    lang: Lang,
) -> AppResult<(ExamSession, Overview)> {
    let (s, _) = super::exams::managed(app, actor, session_id).await?;
    if seat(app, actor, &s).await? == Seat::Examiner {
        return Err(AppError::Forbidden);
    }
    assign(app, &s).await?;
    let staff = store::exams::staff(&app.db.pool, &s.id).await?;
    let spread = store::marking::spread_limit(&app.db.pool, &s.id).await?;
    let mut tally = Tally::default();
    let mut scripts = vec![];
    for row in store::marking::scripts(&app.db.pool, &s.id).await? {
        let Some(a) = store::attempts::find(&app.db.pool, &row.attempt_id).await? else {
            continue;
        };
        let script = build(app, actor, s.clone(), a, &row, lang).await?;
        scripts.push(tally.add(&script));
    }
    // Stray: on average more than half the spread limit away from the final points.
    let agreement = analysis::agreement::raters(&tally.units, &tally.finals, 1.0, spread / 2.0);
    let examiners = staff
        .iter()
        .filter(|x| x.role == "examiner")
        .map(|x| {
            let a = agreement.iter().find(|r| r.rater == x.user_id);
            let (assigned, submitted) = tally.counts.get(&x.user_id).copied().unwrap_or((0, 0));
            OverviewExaminer {
                user_id: x.user_id.clone(),
                real_name: x.real_name.clone(),
                username: x.username.clone(),
                assigned,
                submitted,
                alpha: a.and_then(|a| a.alpha),
                mean_deviation: a.and_then(|a| a.mean_signed_deviation),
                mean_abs_deviation: a.and_then(|a| a.mean_absolute_deviation),
                strays: a.is_some_and(|a| a.strays),
            }
        })
        .collect::<Vec<_>>();
    let chief = staff
        .iter()
        .find(|x| x.role == "chief")
        .map(|x| x.real_name.clone());
    let needed = needed(s.level);
    Ok((
        s,
        Overview {
            needed,
            examiners_staffed: examiners.len(),
            spread_limit: spread,
            alpha: analysis::agreement::alpha_interval(&tally.units),
            scripts,
            examiners,
            chief,
        },
    ))
}

/// What the overview gathers over a session's scripts: each examiner's assigned and submitted
/// scripts, and the agreement units of the final scripts.
#[derive(Default)]
struct Tally {
    /// Examiner → (assigned, submitted).
    counts: BTreeMap<String, (usize, usize)>,
    /// One unit per criterion of a final script: each examiner's points as a fraction of the
    /// criterion's maximum (so criteria of any size compare).
    units: Vec<Vec<(String, f64)>>,
    /// The final points of each unit, as the same fraction.
    finals: Vec<Option<f64>>,
}

impl Tally {
    /// Counts a script in and returns its overview row.
    fn add(&mut self, script: &Script) -> OverviewScript {
        for asg in &script.assignments {
            let c = self.counts.entry(asg.examiner_id.clone()).or_default();
            c.0 += 1;
            c.1 += usize::from(asg.submitted_at.is_some());
        }
        let max: f64 = criteria(&script.item).iter().map(|c| c.max).sum();
        let (points, by_panel) = match &script.status {
            Status::Final {
                points,
                by_panel,
                criteria: outcomes,
                ..
            } => {
                for o in outcomes.iter().filter(|o| o.max > 0.0) {
                    let fin = script
                        .decision
                        .as_ref()
                        .and_then(|d| d.mark.points.get(&o.id).copied())
                        .unwrap_or(o.mean);
                    self.units.push(
                        script
                            .submitted()
                            .iter()
                            .map(|asg| {
                                let own = asg.mark.points.get(&o.id).copied().unwrap_or(0.0);
                                (asg.examiner_id.clone(), own / o.max)
                            })
                            .collect(),
                    );
                    self.finals.push(Some(fin / o.max));
                }
                (Some(*points), *by_panel)
            }
            _ => (None, false),
        };
        OverviewScript {
            attempt_id: script.attempt.id.clone(),
            code: script.code.clone(),
            item_id: script.item.id.clone(),
            handed_in_at: script.handed_in_at,
            done: script.submitted().len(),
            needed: script.needed,
            state: state_of(&script.status),
            points,
            max,
            by_panel,
        }
    }
}
