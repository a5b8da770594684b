//! Marking (阅卷) as JSON: an examiner's queue, one script (blind: a code, never the candidate;
//! other examiners' marks only once all have submitted), saving and submitting marks, the
//! panel's decision, and a session's marking overview.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::App;
use crate::app::marking;
use crate::error::AppResult;
use crate::exam::marking::Mark;
use crate::web::ctx::Auth;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(script, save))
        .routes(routes!(decide))
        .routes(routes!(overview))
}

/// The scripts waiting for the actor (an examiner: to score; the chief: at the panel), and
/// those already scored, each by its blind code.
#[utoipa::path(get, path = "/api/v1/marking", responses((status = 200), (status = 403)))]
pub async fn queue(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<Json<Value>> {
    Ok(Json(json!(marking::queue(&app, &actor, info.lang).await?)))
}

/// One script: the task and rubric, the written answer, the actor's own mark (with the `seq` to
/// save under), and everyone's marks once all assigned examiners have submitted.
#[utoipa::path(get, path = "/api/v1/marking/{id}", responses((status = 200), (status = 404)))]
pub async fn script(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let s = marking::script(&app, &actor, &id, info.lang).await?;
    let mine = s.mine(&actor);
    let marks: Vec<&Mark> = if s.all_in() {
        marking::visible_marks(&s, &actor)
            .into_iter()
            .map(|a| &a.mark)
            .collect()
    } else {
        vec![]
    };
    Ok(Json(json!({
        "id": s.attempt.id,
        "code": s.code,
        "session_id": s.session.id,
        "item": {
            "id": s.item.id,
            "prompt": s.item.prompt,
            "spec": s.item.spec,
            "criteria": s.item.task.criteria,
        },
        "answer": s.answer(),
        "mine": mine.map(|m| json!({
            "mark": m.mark,
            "seq": m.seq,
            "saved_at": m.saved_at,
            "submitted_at": m.submitted_at,
        })),
        "status": s.status,
        "marks": marks,
        "decision": s.decision.as_ref().map(|d| json!({
            "mark": d.mark, "reason": d.reason, "decided_at": d.decided_at,
        })),
    })))
}

/// Marks as the examiner enters them: whole points per criterion id, and a reason per
/// criterion (required on submission below full points).
#[derive(Deserialize, ToSchema)]
pub struct MarkBody {
    /// The `seq` of the mark as last read: a save under an older one is refused (409 `stale`).
    pub seq: i64,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub points: BTreeMap<String, f64>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub reasons: BTreeMap<String, String>,
    /// Submit (final for this examiner) rather than save a draft.
    #[serde(default)]
    pub submit: bool,
}

/// Saves a draft or submits the actor's marks. 422 names each criterion with a problem; 409
/// `stale` (another window saved) or `submitted`.
#[utoipa::path(put, path = "/api/v1/marking/{id}", request_body = MarkBody,
    responses((status = 200), (status = 409), (status = 422)))]
pub async fn save(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Json(b): Json<MarkBody>,
) -> AppResult<Json<Value>> {
    let mark = Mark {
        points: b.points,
        reasons: b.reasons,
    };
    let seq = marking::save(&app, &actor, &id, b.seq, &mark, b.submit, info.lang).await?;
    Ok(Json(json!({ "seq": seq, "submitted": b.submit })))
}

/// The panel's agreed points on a script whose marks spread too far, and the reason.
#[derive(Deserialize, ToSchema)]
pub struct PanelBody {
    #[schema(value_type = Object)]
    pub points: BTreeMap<String, f64>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub reasons: BTreeMap<String, String>,
    pub reason: String,
}

/// Records the panel's decision (the session's chief examiner only); final.
#[utoipa::path(post, path = "/api/v1/marking/{id}/panel", request_body = PanelBody,
    responses((status = 200), (status = 403), (status = 409), (status = 422)))]
pub async fn decide(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Json(b): Json<PanelBody>,
) -> AppResult<Json<Value>> {
    let mark = Mark {
        points: b.points,
        reasons: b.reasons,
    };
    marking::decide(&app, &actor, &id, &mark, &b.reason, info.lang).await?;
    Ok(Json(json!({ "decided": true })))
}

/// A session's marking: every script's progress and state, every examiner's progress and
/// deviation from the final points (center admins and the chief examiner).
#[utoipa::path(get, path = "/api/v1/exam-sessions/{id}/marking",
    responses((status = 200), (status = 403), (status = 404)))]
pub async fn overview(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Value>> {
    let (_, o) = marking::overview(&app, &actor, &id, info.lang).await?;
    Ok(Json(json!(o)))
}
