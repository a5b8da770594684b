//! Practice pages: pick a level and function, answer in the workbench, see the score.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use super::Base;
use crate::app::{App, attempt, practice};
use crate::curriculum::Level;
use crate::error::AppResult;
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/practice", get(index))
        .route("/practice/next", get(next))
        .route("/practice/items/{version}", get(item))
        .route("/practice/scenes/{kind}/{level}", get(scene))
        .route("/practice/attempts/{id}", get(attempt))
}

pub struct LevelRow {
    pub level: Level,
    pub name: String,
    /// (function code, function name, items)
    pub functions: Vec<(String, String, i64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "practice/index.html")]
struct IndexPage {
    b: Base,
    levels: Vec<LevelRow>,
    empty: bool,
    /// Sent back from a narrowed practice that has no item.
    none_left: bool,
    /// Generated practice: (level, name) and (kind, name).
    scene_levels: Vec<(Level, String)>,
    scene_kinds: Vec<(&'static str, &'static str)>,
    /// The trainee's written answers sent for review: (attempt, item id, submitted, reviewed).
    reviews: Vec<(String, String, String, bool)>,
}

#[derive(Deserialize)]
struct IndexQuery {
    #[serde(default)]
    empty: Option<u8>,
}

async fn index(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(iq): Query<IndexQuery>,
) -> AppResult<IndexPage> {
    let counts = practice::counts(&app, &actor).await?;
    let mut levels: Vec<LevelRow> = vec![];
    for (level, function, n) in counts {
        if levels.last().is_none_or(|l| l.level != level) {
            let name = super::level_name(&info.tr(), level.get());
            levels.push(LevelRow {
                level,
                name,
                functions: vec![],
            });
        }
        let fname = super::function_name(&info.tr(), level, &function);
        if let Some(row) = levels.last_mut() {
            row.functions.push((function, fname, n));
        }
    }
    let empty = levels.is_empty();
    let tr = info.tr();
    let b = Base::new(&info, "practice.title");
    let reviews = crate::app::reviews::mine(&app, &actor)
        .await?
        .into_iter()
        .take(10)
        .map(|r| {
            let item = r
                .item_key
                .split_once('/')
                .map_or(r.item_key.clone(), |(_, id)| id.to_string());
            (
                r.attempt_id,
                item,
                b.fmt_time(&r.requested_at),
                r.reviewed_at.is_some(),
            )
        })
        .collect();
    Ok(IndexPage {
        reviews,
        b,
        levels,
        empty,
        none_left: iq.empty == Some(1),
        scene_levels: Level::ALL
            .into_iter()
            .map(|l| (l, super::level_name(&tr, l.get())))
            .collect(),
        scene_kinds: crate::scenes::SceneKind::ALL
            .iter()
            .map(|k| (k.as_str(), tr.t(&format!("scenes.kind.{k}"))))
            .collect(),
    })
}

#[derive(Deserialize)]
struct NextQuery {
    level: u8,
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    work: Option<String>,
    #[serde(default)]
    skill: Option<String>,
}

/// What a practice session is narrowed to (function, work content or skill), as the query
/// string carries it.
struct Narrow<'a> {
    function: &'a str,
    work: &'a str,
    skill: &'a str,
}

impl<'a> Narrow<'a> {
    fn of(
        function: &'a Option<String>,
        work: &'a Option<String>,
        skill: &'a Option<String>,
    ) -> Self {
        let get = |v: &'a Option<String>| v.as_deref().map(str::trim).unwrap_or("");
        Narrow {
            function: get(function),
            work: get(work),
            skill: get(skill),
        }
    }

    fn filter(&self) -> crate::store::practice::Filter<'a> {
        crate::store::practice::Filter {
            function: self.function,
            work: self.work,
            skill: self.skill,
        }
    }

    /// The query that brings the trainee back to the same kind of practice.
    fn query(&self, level: u8) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("level", &level.to_string());
        for (k, v) in [
            ("function", self.function),
            ("work", self.work),
            ("skill", self.skill),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }
}

async fn next(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let narrow = Narrow::of(&q.function, &q.work, &q.skill);
    // Parsed here, where the number comes in: a number that is no level has no items.
    let next = match Level::new(q.level) {
        Some(level) => practice::next(&app, &actor, level, narrow.filter()).await?,
        None => None,
    };
    Ok(match next {
        Some(v) => {
            Redirect::to(&format!("/practice/items/{v}?{}", narrow.query(q.level))).into_response()
        }
        None => Redirect::to("/practice?empty=1").into_response(),
    })
}

#[derive(Deserialize)]
struct ItemQuery {
    #[serde(default)]
    again: Option<u8>,
    #[serde(default)]
    level: Option<u8>,
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    work: Option<String>,
    #[serde(default)]
    skill: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "practice/item.html")]
pub(crate) struct ItemPage {
    b: Base,
    task_json: String,
    state_json: String,
    config_json: String,
    i18n_json: String,
}

/// JSON for a `<script type="application/json">` block: `</` cannot end the element early.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

/// The workbench page of an attempt; `config` says where answers go and what "next" is.
pub(crate) fn workbench_page(
    info: &RequestInfo,
    b: Base,
    subject: &attempt::Subject,
    attempt: &crate::exam::attempt::Attempt,
    config: serde_json::Value,
) -> ItemPage {
    let state = attempt::state(attempt, &subject.item, info.lang);
    workbench_with(info, b, subject, &state, config)
}

/// The workbench page with the given saved state (an exam question's has no result).
pub(crate) fn workbench_with(
    info: &RequestInfo,
    b: Base,
    subject: &attempt::Subject,
    state: &serde_json::Value,
    mut config: serde_json::Value,
) -> ItemPage {
    // Times on the workbench (saved at …, the deadline) in the configured zone.
    config["time_zone"] = json!(info.tz.name());
    ItemPage {
        b,
        task_json: script_json(&subject.view(info.lang)),
        state_json: script_json(state),
        config_json: script_json(&config),
        i18n_json: script_json(&serde_json::Value::Object(crate::i18n::section(
            info.lang,
            "workbench",
        ))),
    }
}

async fn item(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(version): Path<String>,
    Query(q): Query<ItemQuery>,
) -> AppResult<ItemPage> {
    let opened = practice::open(&app, &actor, &version, q.again == Some(1)).await?;
    let item = &opened.subject.item;
    let level = q.level.unwrap_or(item.level);
    let next_url = format!(
        "/practice/next?{}",
        Narrow::of(&q.function, &q.work, &q.skill).query(level)
    );
    let config = json!({
        "mode": "practice",
        "save_url": format!("/api/v1/practice/{version}/answer"),
        "submit_url": format!("/api/v1/practice/{version}/submit"),
        "next_url": next_url,
        "server_now_ms": app.now(),
    });
    let title = format!("{} · {}", info.tr().t("practice.title"), item.id);
    let b = Base::titled(&info, title).crumb(info.tr().t("practice.title"), "/practice");
    Ok(workbench_page(
        &info,
        b,
        &opened.subject,
        &opened.attempt,
        config,
    ))
}

#[derive(Deserialize)]
struct SceneQuery {
    #[serde(default)]
    again: Option<u8>,
    /// Re-practise a scene of the wrong-answer book.
    #[serde(default)]
    seed: Option<u64>,
}

/// A generated scene to practise: the open attempt of that kind and level, or a fresh seed.
async fn scene(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((kind, level)): Path<(String, u8)>,
    Query(q): Query<SceneQuery>,
) -> AppResult<Response> {
    let kind = crate::scenes::SceneKind::parse(&kind).ok_or(crate::error::AppError::NotFound)?;
    let level = Level::new(level).ok_or(crate::error::AppError::NotFound)?;
    let id = match q.seed {
        Some(seed) => practice::open_scene_seed(&app, &actor, kind, level, seed, info.lang).await?,
        None => {
            practice::open_scene(&app, &actor, kind, level, q.again == Some(1), info.lang).await?
        }
    };
    Ok(Redirect::to(&format!("/practice/attempts/{id}")).into_response())
}

/// Any practice attempt of the user's by id (generated scenes, the wrong-answer book).
async fn attempt(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let opened = practice::open_attempt(&app, &actor, &id, info.lang).await?;
    let a = &opened.attempt;
    if let Some(m) = &a.mock_id {
        let to = if crate::app::exams::is_exam_paper(&app, &actor, m).await? {
            format!("/exams/papers/{m}")
        } else {
            format!("/mock/{m}")
        };
        return Ok(Redirect::to(&to).into_response());
    }
    let item = &opened.subject.item;
    let scene = a.item_key.scene();
    let next_url = match scene {
        Some(k) => format!("/practice/scenes/{}/{}?again=1", k.kind, k.level),
        None => format!("/practice/next?level={}", item.level),
    };
    let config = json!({
        "mode": "practice",
        "save_url": format!("/api/v1/practice/attempts/{id}/answer"),
        "submit_url": format!("/api/v1/practice/attempts/{id}/submit"),
        "next_url": next_url,
        "server_now_ms": app.now(),
    });
    let title = match scene {
        Some(k) => format!(
            "{} · {}",
            info.tr().t(&format!("scenes.kind.{}", k.kind)),
            super::level_name(&info.tr(), item.level)
        ),
        None => format!("{} · {}", info.tr().t("practice.title"), item.id),
    };
    let b = Base::titled(&info, title).crumb(info.tr().t("practice.title"), "/practice");
    Ok(workbench_page(&info, b, &opened.subject, a, config).into_response())
}
