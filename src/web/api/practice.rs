//! Practice answers: autosave and submit (the workbench's save.js speaks this). Every kind of
//! attempt (a bank item, a generated scene, a mock exam question) goes through the one attempt
//! engine, `app::attempt`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::attempt::{self, Change, Saved};
use crate::app::{App, practice};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::web::ctx::Auth;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(save))
        .routes(routes!(submit))
        .routes(routes!(save_attempt))
        .routes(routes!(submit_attempt))
}

/// 200 `{seq, saved_at}`; a stale seq is answered 409 with the error code `stale` and the
/// current state beside it (`answer`, `seq`, `saved_at`, `flagged`, `result`) to adopt.
fn saved(s: Saved, lang: Lang) -> Response {
    match s {
        Saved::Ok { seq, saved_at } => {
            Json(serde_json::json!({ "seq": seq, "saved_at": saved_at })).into_response()
        }
        Saved::Stale(mut state) => {
            let err = AppError::conflict("stale", "attempt.stale");
            state["error"] = crate::web::errors::body(&err, lang)["error"].take();
            (StatusCode::CONFLICT, Json(state)).into_response()
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    /// The answer in the scoring format of the item's kind.
    #[schema(value_type = Object)]
    pub answer: Value,
    /// The last confirmed seq + 1. A stale seq is answered 409 `stale` with the current state;
    /// one more than 1,000 ahead of the stored seq is refused (400).
    pub seq: i64,
    #[serde(default)]
    pub flagged: bool,
}

impl AnswerBody {
    pub(crate) fn change<'a>(&'a self, device: Option<&'a str>) -> Change<'a> {
        Change {
            answer: &self.answer,
            seq: self.seq,
            flagged: self.flagged,
            device,
        }
    }
}

/// Saves the answer of an attempt (a generated scene, a mock exam question …) as it is made.
/// 200 `{seq, saved_at}`; 409 `stale` with the current state, `closed` when the mock paper is
/// handed in or its time is up, `submitted` when the attempt was submitted.
#[utoipa::path(put, path = "/api/v1/practice/attempts/{id}/answer", request_body = AnswerBody,
    responses((status = 200), (status = 400), (status = 409), (status = 404)))]
pub async fn save_attempt(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Json(b): Json<AnswerBody>,
) -> AppResult<Response> {
    let s = attempt::save(
        &app,
        &actor,
        &id,
        &b.change(info.device.as_deref()),
        info.lang,
    )
    .await?;
    Ok(saved(s, info.lang))
}

/// Scores a free-practice attempt on the server (mock exam questions are scored when the paper
/// is handed in: 409 `hand_in_required`).
#[utoipa::path(post, path = "/api/v1/practice/attempts/{id}/submit", request_body = AnswerBody,
    responses((status = 200), (status = 400), (status = 409)))]
pub async fn submit_attempt(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Json(b): Json<AnswerBody>,
) -> AppResult<Json<Value>> {
    Ok(Json(
        attempt::submit(
            &app,
            &actor,
            &id,
            &b.change(info.device.as_deref()),
            info.lang,
        )
        .await?,
    ))
}

/// Saves the answer as it is made. 200 `{seq, saved_at}`; 409 `stale` with the current state.
#[utoipa::path(put, path = "/api/v1/practice/{version}/answer", request_body = AnswerBody,
    responses((status = 200), (status = 400), (status = 409), (status = 404)))]
pub async fn save(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(version): Path<String>,
    Json(b): Json<AnswerBody>,
) -> AppResult<Response> {
    let s = practice::save(
        &app,
        &actor,
        &version,
        &b.change(info.device.as_deref()),
        info.lang,
    )
    .await?;
    Ok(saved(s, info.lang))
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
        practice::submit(
            &app,
            &actor,
            &version,
            &b.change(info.device.as_deref()),
            info.lang,
        )
        .await?,
    ))
}
