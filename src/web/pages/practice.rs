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
use crate::app::{App, practice};
use crate::error::AppResult;
use crate::web::ctx::Auth;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/practice", get(index))
        .route("/practice/next", get(next))
        .route("/practice/items/{version}", get(item))
}

pub struct LevelRow {
    pub level: i64,
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
}

async fn index(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<IndexPage> {
    let counts = practice::counts(&app, &actor).await?;
    let c = crate::curriculum::shipped();
    let zh = info.tr().is_zh();
    let mut levels: Vec<LevelRow> = vec![];
    for (level, function, n) in counts {
        let lv = level as u8;
        if levels.last().is_none_or(|l| l.level != level) {
            let name = c
                .level(lv)
                .map(|l| {
                    if zh {
                        l.name.clone()
                    } else {
                        l.name_en.clone()
                    }
                })
                .unwrap_or_default();
            levels.push(LevelRow {
                level,
                name,
                functions: vec![],
            });
        }
        let fname = c
            .function_name(lv, &function)
            .unwrap_or(&function)
            .to_string();
        if let Some(row) = levels.last_mut() {
            row.functions.push((function, fname, n));
        }
    }
    let empty = levels.is_empty();
    Ok(IndexPage {
        b: Base::new(&info, "practice.title"),
        levels,
        empty,
    })
}

#[derive(Deserialize)]
struct NextQuery {
    level: u8,
    #[serde(default)]
    function: Option<String>,
}

async fn next(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let function = q.function.as_deref().filter(|f| !f.is_empty());
    Ok(
        match practice::next(&app, &actor, q.level, function).await? {
            Some(v) => {
                let back = match function {
                    Some(f) => format!(
                        "level={}&function={}",
                        q.level,
                        form_urlencoded::byte_serialize(f.as_bytes()).collect::<String>()
                    ),
                    None => format!("level={}", q.level),
                };
                Redirect::to(&format!("/practice/items/{v}?{back}")).into_response()
            }
            None => Redirect::to("/practice?empty=1").into_response(),
        },
    )
}

#[derive(Deserialize)]
struct ItemQuery {
    #[serde(default)]
    again: Option<u8>,
    #[serde(default)]
    level: Option<u8>,
    #[serde(default)]
    function: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "practice/item.html")]
struct ItemPage {
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

async fn item(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(version): Path<String>,
    Query(q): Query<ItemQuery>,
) -> AppResult<ItemPage> {
    let opened = practice::open(&app, &actor, &version, q.again == Some(1)).await?;
    let level = q.level.unwrap_or(opened.item.level);
    let next_url = match q.function.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => format!(
            "/practice/next?level={level}&function={}",
            form_urlencoded::byte_serialize(f.as_bytes()).collect::<String>()
        ),
        None => format!("/practice/next?level={level}"),
    };
    let config = json!({
        "mode": "practice",
        "save_url": format!("/api/v1/practice/{}/answer", opened.version_id),
        "submit_url": format!("/api/v1/practice/{}/submit", opened.version_id),
        "next_url": next_url,
        "server_now_ms": app.now(),
    });
    let title = format!("{} · {}", info.tr().t("practice.title"), opened.item.id);
    Ok(ItemPage {
        b: Base::titled(&info, title).crumb(info.tr().t("practice.title"), "/practice"),
        task_json: script_json(&practice::task_view(&opened.item)),
        state_json: script_json(&practice::state(&opened.attempt, &opened.item, info.lang)),
        config_json: script_json(&config),
        i18n_json: script_json(&serde_json::Value::Object(crate::i18n::section(
            info.lang,
            "workbench",
        ))),
    })
}
