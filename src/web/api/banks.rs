//! A center's own question bank over the API (the same checks and import as /center/banks).

use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::App;
use crate::app::bank::{self, CenterUpload};
use crate::error::{AppError, AppResult};
use crate::web::ctx::Auth;

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_UPLOAD))
}

/// Uploads a center's bank as a zip (`file`; platform admins also `center`, a center code).
/// 200 `{added, changed, unchanged, retired}`; 422 `{"problems": [{file, line, item_id, code,
/// args, message, path?}]}` when anything is wrong (nothing imported), or 422 `{"error": {"code":
/// "unreadable_zip", "message", "detail": {code, args, message}}}` when the archive cannot be
/// read. `code` is stable (`bank_problem.skill_unknown`, `zip.bad_path` …); `message` is in the
/// request's language.
#[utoipa::path(post, path = "/api/v1/banks", request_body(content_type = "multipart/form-data", content = String),
    responses((status = 200), (status = 422)))]
pub async fn upload(
    State(app): State<App>,
    Auth(actor, info): Auth,
    mp: Multipart,
) -> AppResult<Response> {
    let up = crate::web::upload::read(mp, "bank.zip").await?;
    let (name, bytes) = up
        .file
        .ok_or_else(|| AppError::field("file", "import.no_file"))?;
    let center = up.center;
    Ok(
        match bank::import_center_zip(&app, &actor, center.as_deref(), &name, &bytes).await? {
            CenterUpload::Imported(r) => Json(r).into_response(),
            CenterUpload::Unreadable(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"error": {
                    "code": "unreadable_zip",
                    "message": crate::i18n::tf(info.lang, "banks.unreadable", &[("detail", e.message(info.lang))]),
                    "detail": e.to_json(info.lang),
                }})),
            )
                .into_response(),
            CenterUpload::Problems(p) => {
                let problems: Vec<serde_json::Value> = p.iter().map(|p| p.to_json(info.lang)).collect();
                (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "problems": problems }))).into_response()
            }
        },
    )
}
