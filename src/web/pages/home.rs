//! The home page: what annocert is, or the signed-in user's starting points; health probes.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use super::Base;
use crate::app::App;
use crate::web::ctx::Ctx;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(home))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    b: Base,
}

async fn home(Ctx(info): Ctx) -> HomePage {
    HomePage {
        b: Base::new(&info, "home.title"),
    }
}

async fn ready(State(app): State<App>) -> (StatusCode, &'static str) {
    if app.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}
