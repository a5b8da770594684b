//! Practice answers: autosave and submit (the workbench's save.js speaks this).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{App, practice};
use crate::error::AppResult;
use crate::web::ctx::Auth;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/practice/{version}/answer", put(save))
        .route("/practice/{version}/submit", post(submit))
        .route("/practice/attempts/{id}/answer", put(save_attempt))
        .route("/practice/attempts/{id}/submit", post(submit_attempt))
}

fn saved(s: practice::Saved) -> Response {
    match s {
        practice::Saved::Ok { seq, saved_at } => {
            Json(json!({ "seq": seq, "saved_at": saved_at })).into_response()
        }
        practice::Saved::Stale(state) => (StatusCode::CONFLICT, Json(state)).into_response(),
    }
}

/// Saves the answer of an attempt (a generated scene, a mock exam question …) as it is made.
/// 200 `{seq, saved_at}`; 409 with the current state, or when a mock exam is closed.
#[utoipa::path(put, path = "/api/v1/practice/attempts/{id}/answer", request_body = AnswerBody,
    responses((status = 200), (status = 409), (status = 404)))]
pub async fn save_attempt(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Json(b): Json<AnswerBody>,
) -> AppResult<Response> {
    Ok(saved(
        practice::save_attempt(&app, &actor, &id, &b.answer, b.seq, b.flagged, info.lang).await?,
    ))
}

/// Scores a free-practice attempt on the server (mock exam questions are scored when the paper
/// is handed in: 409).
#[utoipa::path(post, path = "/api/v1/practice/attempts/{id}/submit", request_body = AnswerBody,
    responses((status = 200), (status = 400), (status = 409)))]
pub async fn submit_attempt(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Json(b): Json<AnswerBody>,
) -> AppResult<Json<Value>> {
    Ok(Json(
        practice::submit_attempt(&app, &actor, &id, &b.answer, b.seq, info.lang).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    /// The answer in the scoring format of the item's kind.
    #[schema(value_type = Object)]
    pub answer: Value,
    /// Greater than the last confirmed seq; a stale seq is answered 409 with the current state.
    pub seq: i64,
    #[serde(default)]
    pub flagged: bool,
}

/// Saves the answer as it is made. 200 `{seq, saved_at}`; 409 with the current state.
#[utoipa::path(put, path = "/api/v1/practice/{version}/answer", request_body = AnswerBody,
    responses((status = 200), (status = 409), (status = 404)))]
pub async fn save(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(version): Path<String>,
    Json(b): Json<AnswerBody>,
) -> AppResult<Response> {
    Ok(saved(
        practice::save(
            &app, &actor, &version, &b.answer, b.seq, b.flagged, info.lang,
        )
        .await?,
    ))
}

/// Scores the answer on the server: the score, each mistake with its message, the gold and
/// the explanation.
#[utoipa::path(post, path = "/api/v1/practice/{version}/submit", request_body = AnswerBody,
    responses((status = 200), (status = 400), (status = 409)))]
pub async fn submit(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(version): Path<String>,
    Json(b): Json<AnswerBody>,
) -> AppResult<Json<Value>> {
    Ok(Json(
        practice::submit(&app, &actor, &version, &b.answer, b.seq, info.lang).await?,
    ))
}
