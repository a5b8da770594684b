//! The JSON API under /api/v1, described at /api/v1/openapi.json.

pub mod accounts;
pub mod analysis;
pub mod banks;
pub mod certificates;
pub mod exams;
pub mod marking;
pub mod practice;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::app::App;

fn documented() -> OpenApiRouter<App> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::routes())
        .merge(practice::routes())
        .merge(banks::routes())
        .merge(exams::routes())
        .merge(marking::routes())
        .merge(analysis::routes())
        .merge(certificates::routes())
}

/// Every route under /api/v1, built from the documented handlers: a route exists only with its
/// `#[utoipa::path]`, so the OpenAPI document at /api/v1/openapi.json lists all of them (each
/// module registers with `routes!`, never with axum's own `route`).
pub fn router() -> Router<App> {
    let (router, doc) = documented().split_for_parts();
    // Serialised once: the document never changes while the process runs.
    let body = doc.to_json().unwrap_or_else(|_| "{}".into());
    router.route(
        "/api/v1/openapi.json",
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    )
}

/// The OpenAPI document, as served.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented().into_openapi()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "annocert API",
        version = "1",
        description = "Training and certification for AI data annotators (人工智能训练师). Browser sessions send the CSRF token of GET /api/v1/csrf as X-CSRF-Token on every change; integrations use `Authorization: Bearer <token>` and need none. Errors are `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
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
        exams::SessionBody,
        exams::StaffBody,
        exams::EnrolBody,
        exams::CertificateBody,
        exams::ActionBody,
        certificates::ReasonBody,
    ))
)]
pub struct ApiDoc;

#[cfg(test)]
mod tests {
    /// The API modules register routes only through `routes!` (documented handlers): a plain
    /// axum `.route(` there would serve a path the OpenAPI document does not list.
    #[test]
    fn api_routes_are_all_documented() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/api");
        for entry in std::fs::read_dir(&dir).expect("src/web/api") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("source");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            // mod.rs adds one: the document itself.
            let allowed = usize::from(path.ends_with("mod.rs"));
            assert_eq!(
                code.matches(".route(").count(),
                allowed,
                "{} registers a route outside routes!()",
                path.display()
            );
        }
        let doc = super::openapi();
        let paths: Vec<&String> = doc.paths.paths.keys().collect();
        for p in [
            "/api/v1/session",
            "/api/v1/users/import",
            "/api/v1/practice/attempts/{id}/answer",
            "/api/v1/banks",
            "/api/v1/exam-sessions",
            "/api/v1/exam-sessions/{id}/monitor",
            "/api/v1/exam-sessions/{id}/export/{format}",
            "/api/v1/my/exams/{id}/{component}/start",
            "/api/v1/exam-papers/{id}",
            "/api/v1/verify/{number}",
            "/api/v1/verify/bulk",
        ] {
            assert!(paths.iter().any(|x| *x == p), "{p} not in {paths:?}");
        }
    }
}
