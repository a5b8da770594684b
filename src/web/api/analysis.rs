//! Item analysis as JSON (center and platform admins): a session's, and a level's over exam
//! sessions or mock exams (docs/item-analysis.md).

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::App;
use crate::app::analysis::{self, Source};
use crate::curriculum::{Component, Level};
use crate::error::{AppError, AppResult};
use crate::web::ctx::Auth;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(session))
        .routes(routes!(level))
}

fn component(c: Option<&str>) -> AppResult<Component> {
    match c.unwrap_or("theory") {
        "theory" => Ok(Component::Theory),
        "skill" => Ok(Component::Skill),
        _ => Err(AppError::field("component", "analysis.bad_component")),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct SessionQuery {
    /// `theory` (default) or `skill`.
    component: Option<String>,
}

/// Item analysis of a session's papers of one component (the session's center admin).
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/analysis", params(SessionQuery),
    responses((status = 200), (status = 403), (status = 404)))]
pub async fn session(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
    Query(q): Query<SessionQuery>,
) -> AppResult<Json<Value>> {
    let (_, r) = analysis::session(&app, &actor, &id, component(q.component.as_deref())?).await?;
    Ok(Json(json!(r)))
}

#[derive(Deserialize, IntoParams)]
pub struct LevelQuery {
    /// 5 … 1.
    level: u8,
    /// `exams` (default) or `mocks`.
    source: Option<String>,
    /// `theory` (default) or `skill`.
    component: Option<String>,
    /// Papers handed in from this time (ms since the epoch).
    from: Option<i64>,
    /// … until before this time (ms).
    to: Option<i64>,
    /// Platform admins: one center, by its code (default: every center).
    center: Option<String>,
}

/// Item analysis of a level: the actor's center's exam sessions or mock exams (a platform
/// admin: every center's).
#[utoipa::path(get, path = "/api/v1/analysis", params(LevelQuery),
    responses((status = 200), (status = 403), (status = 404), (status = 422)))]
pub async fn level(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Query(q): Query<LevelQuery>,
) -> AppResult<Json<Value>> {
    let source = match q.source.as_deref() {
        None => Source::Exams,
        Some(s) => Source::parse(s).ok_or(AppError::field("source", "analysis.bad_source"))?,
    };
    let component = component(q.component.as_deref())?;
    // Parsed here, where the number comes in: no such level has no report.
    let level = Level::new(q.level).ok_or(AppError::NotFound)?;
    let r = analysis::level(
        &app,
        &actor,
        &analysis::LevelQuery {
            level,
            source,
            component,
            from: q.from.unwrap_or(0),
            to: q.to.unwrap_or(i64::MAX),
            center_code: q.center.as_deref().filter(|c| c.len() <= 32),
        },
    )
    .await?;
    Ok(Json(json!(r)))
}
