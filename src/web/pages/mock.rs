//! Mock exam pages: start a paper, answer it question by question in the workbench (exam mode:
//! no score, no gold), hand it in, and read the result per function and per question.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use super::Base;
use crate::app::{App, mock};
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult};
use crate::web::ctx::Auth;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/mock", get(index).post(start))
        .route("/mock/{id}", get(paper))
        .route("/mock/{id}/submit", post(submit))
        .route("/mock/{id}/q/{n}", get(question))
}

pub struct LevelOption {
    pub level: Level,
    pub name: String,
    pub shape: String,
    pub minutes: u32,
    /// The skill exam: its number of tasks and minutes, when offered as a mock.
    pub skill: Option<(u32, u32)>,
}

pub struct History {
    pub id: String,
    pub started: i64,
    pub level_name: String,
    pub component: &'static str,
    pub score: Option<String>,
    pub passed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "mock/index.html")]
struct IndexPage {
    b: Base,
    levels: Vec<LevelOption>,
    history: Vec<History>,
}

fn pass_mark(level: Level, component: Component) -> f64 {
    curriculum::shipped().marks(level.get(), component).1
}

fn component_label(tr: &crate::i18n::Tr, component: Component) -> &'static str {
    tr.t(if component == Component::Skill {
        "progress.component.skill"
    } else {
        "progress.component.theory"
    })
}

async fn index(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<IndexPage> {
    let tr = info.tr();
    let c = curriculum::shipped();
    let levels = Level::ALL
        .into_iter()
        .filter_map(|l| {
            let e = c.level(l.get())?.exam(Component::Theory)?;
            let paper = e.paper.as_ref()?;
            let shape = paper
                .parts
                .iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        p.count,
                        tr.t(&format!("curriculum.kind.{}", p.kind.as_str()))
                    )
                })
                .collect::<Vec<_>>()
                .join(" + ");
            let skill = c
                .level(l.get())?
                .exam(Component::Skill)
                .and_then(|s| Some((s.tasks.as_ref()?.count, s.duration.minutes)))
                .filter(|_| mock::SKILL_LEVELS.contains(&l));
            Some(LevelOption {
                level: l,
                name: super::level_name(&tr, l.get()),
                shape,
                minutes: e.duration.minutes,
                skill,
            })
        })
        .collect();
    let history = mock::list(&app, &actor)
        .await?
        .into_iter()
        .map(|m| {
            let l = m.level;
            History {
                passed: m.score.is_some_and(|s| s >= pass_mark(l, m.component)),
                score: m.score.map(|s| format!("{s:.1}")),
                level_name: super::level_name(&tr, l.get()),
                component: component_label(&tr, m.component),
                started: m.started_at,
                id: m.id,
            }
        })
        .collect();
    Ok(IndexPage {
        b: Base::new(&info, "mock.title"),
        levels,
        history,
    })
}

#[derive(Deserialize)]
struct StartForm {
    level: u8,
    #[serde(default)]
    component: Option<String>,
}

async fn start(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Form(f): Form<StartForm>,
) -> AppResult<Redirect> {
    let component = match f.component.as_deref() {
        Some("skill") => Component::Skill,
        _ => Component::Theory,
    };
    // Parsed here, where the number comes in. No such level has no skill exam to mock (400,
    // as for levels 3 … 1) and no theory paper (404), as before it was a type.
    let level = match Level::new(f.level) {
        Some(level) => level,
        None if component == Component::Skill => {
            return Err(AppError::bad_request("mock.no_paper"));
        }
        None => return Err(AppError::NotFound),
    };
    let id = mock::start(&app, &actor, level, component).await?;
    Ok(Redirect::to(&format!("/mock/{id}/q/1")))
}

pub struct Cell {
    pub n: usize,
    /// answered, flagged, empty — or right, wrong once handed in.
    pub state: &'static str,
    pub label: &'static str,
}

pub struct FunctionResult {
    pub name: String,
    pub got: String,
    pub max: String,
    pub percent: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "mock/paper.html")]
struct PaperPage {
    b: Base,
    id: String,
    open: bool,
    deadline_ms: i64,
    cells: Vec<Cell>,
    answered_text: String,
    legend: Vec<(&'static str, &'static str)>,
    score: String,
    passed: bool,
    pass_mark: String,
    functions: Vec<FunctionResult>,
}

/// One cell of the answer sheet per question: answered, flagged, empty; right or wrong once
/// handed in.
fn cells(tr: &crate::i18n::Tr, v: &mock::MockView) -> Vec<Cell> {
    let open = v.is_open();
    v.paper()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let a = v.attempts.iter().find(|a| a.id == e.attempt);
            let state = match a {
                // A blank question of a handed-in paper counts 0 but was not answered wrong.
                Some(a) if !open && a.answer.is_none() => "empty",
                Some(a) if !open => {
                    if a.score.is_some_and(|s| crate::app::attempt::passed(a, s)) {
                        "right"
                    } else {
                        "wrong"
                    }
                }
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

/// Points per function of a handed-in paper (mock or exam): name, points and rate.
pub(crate) fn function_results(
    tr: &crate::i18n::Tr,
    level: Level,
    breakdown: &crate::exam::paper::Breakdown,
) -> Vec<FunctionResult> {
    breakdown
        .iter()
        .map(|(f, &(got, max))| FunctionResult {
            name: format!("{f} {}", super::function_name(tr, level, f)),
            got: format!("{got:.1}"),
            max: format!("{max:.1}"),
            percent: if max > 0.0 {
                (got / max * 100.0).round() as u32
            } else {
                0
            },
        })
        .collect()
}

async fn paper(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<PaperPage> {
    let tr = info.tr();
    let v = mock::view(&app, &actor, &id, info.lang).await?;
    let level = v.mock.level;
    let open = v.is_open();
    let cells = cells(&tr, &v);
    let functions = function_results(&tr, level, v.breakdown());
    let pass = pass_mark(level, v.mock.component);
    Ok(PaperPage {
        b: Base::titled(
            &info,
            format!(
                "{} · {} · {}",
                tr.t("mock.title"),
                super::level_name(&tr, level.get()),
                component_label(&tr, v.mock.component)
            ),
        )
        .crumb(tr.t("mock.title"), "/mock"),
        answered_text: crate::i18n::tf(
            tr.lang,
            "mock.answered_of",
            &[(
                "n",
                format!(
                    "{} / {}",
                    cells
                        .iter()
                        .filter(|c| c.state == "answered" || c.state == "flagged")
                        .count(),
                    cells.len()
                ),
            )],
        ),
        legend: if open {
            &["empty", "answered", "flagged"][..]
        } else {
            &["right", "wrong", "empty"][..]
        }
        .iter()
        .map(|s| (*s, tr.t(&format!("mock.state.{s}"))))
        .collect(),
        id,
        open,
        deadline_ms: v.mock.deadline_at,
        cells,
        score: v.mock.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
        passed: v.mock.score.is_some_and(|s| s >= pass),
        pass_mark: format!("{pass:.0}"),
        functions,
    })
}

async fn submit(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    mock::hand_in(&app, &actor, &id, info.lang).await?;
    Ok(Redirect::to(&format!("/mock/{id}")))
}

async fn question(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, n)): Path<(String, usize)>,
) -> AppResult<Response> {
    let tr = info.tr();
    let (v, subject, attempt) = mock::question(&app, &actor, &id, n, info.lang).await?;
    let total = v.paper().len();
    let next_url = if n < total {
        format!("/mock/{id}/q/{}", n + 1)
    } else {
        format!("/mock/{id}")
    };
    let config = if v.is_open() {
        json!({
            "mode": "exam",
            "save_url": format!("/api/v1/practice/attempts/{}/answer", attempt.id),
            "submit_url": "",
            "next_url": next_url,
            "deadline_ms": v.mock.deadline_at,
            "server_now_ms": app.now(),
        })
    } else {
        // Handed in: the question with its result, gold and explanation, read-only.
        json!({
            "mode": "practice",
            "save_url": "",
            "submit_url": "",
            "next_url": next_url,
            "server_now_ms": app.now(),
        })
    };
    let b = Base::titled(
        &info,
        crate::i18n::tf(
            tr.lang,
            "mock.question_of",
            &[("n", format!("{n} / {total}"))],
        ),
    )
    .crumb(tr.t("mock.title"), "/mock")
    .crumb(
        super::level_name(&tr, v.mock.level.get()),
        format!("/mock/{id}"),
    );
    Ok(super::practice::workbench_page(&info, b, &subject, &attempt, config).into_response())
}
