//! The JSON API under /api/v1, described at /api/v1/openapi.json.

pub mod accounts;
pub mod banks;
pub mod practice;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(accounts::routes())
        .merge(practice::routes())
        .merge(banks::routes())
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "annocert API",
        version = "1",
        description = "Training and certification for AI data annotators (人工智能训练师). Browser sessions send the CSRF token of GET /api/v1/csrf as X-CSRF-Token on every change; integrations use `Authorization: Bearer <token>` and need none. Errors are `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
    ),
    paths(
        accounts::csrf,
        accounts::login,
        accounts::logout,
        accounts::me,
        accounts::change_password,
        accounts::list_centers,
        accounts::create_center,
        accounts::get_center,
        accounts::list_users,
        accounts::create_user,
        accounts::get_user,
        accounts::disable_user,
        accounts::enable_user,
        accounts::reset_password,
        accounts::import_users,
        accounts::list_audit,
        accounts::list_tokens,
        accounts::create_token,
        accounts::revoke_token,
        practice::save,
        practice::submit,
        practice::save_attempt,
        practice::submit_attempt,
        banks::upload,
    ),
    components(schemas(
        crate::accounts::User,
        crate::accounts::Center,
        crate::accounts::Role,
        crate::app::people::NewPerson,
        crate::app::people::Created,
        crate::app::people::Imported,
        crate::store::audit::Entry,
        crate::store::tokens::ApiToken,
        accounts::LoginBody,
        accounts::PasswordBody,
        accounts::CenterBody,
        accounts::TokenBody,
        practice::AnswerBody,
        accounts::NewToken,
        accounts::CsrfToken,
        accounts::ErrorBody,
        accounts::ErrorDetail,
        accounts::UserPage,
        accounts::AuditPage,
    ))
)]
pub struct ApiDoc;
