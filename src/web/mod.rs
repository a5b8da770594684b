//! HTTP: pages (askama HTML) and the JSON API, two faces of the same `app` functions.

pub mod api;
pub mod assets;
pub mod csrf;
pub mod ctx;
pub mod errors;
pub mod pages;
pub mod ratelimit;
pub mod upload;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::middleware;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::app::App;

/// Largest request body accepted anywhere (an XLSX import); ordinary routes take far less.
pub const MAX_UPLOAD: usize = 10 * 1024 * 1024;
pub const MAX_BODY: usize = 256 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A CSP with no inline script or style: everything comes from our own origin.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   media-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn router(app: App) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
        let id = req
            .headers()
            .get(&REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
    });
    Router::new()
        .merge(pages::routes())
        .merge(api::router())
        .merge(assets::routes())
        .fallback(|| async { crate::error::AppError::NotFound })
        // Inner to outer: the guard (CSRF, forced password change) answers with errors that
        // the error layer renders, in the language and with the user that auth_layer found.
        .layer(middleware::from_fn_with_state(app.clone(), csrf::guard))
        // A panic becomes an ordinary internal error, rendered as a friendly 500 page.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(crate::error::AppError::Internal(
                anyhow::anyhow!("handler panicked"),
            ))
        }))
        // Request limits per address and per token or session, with what auth_layer found.
        .layer(middleware::from_fn_with_state(
            ratelimit::Limiter::new(app.config.rate_limits),
            ratelimit::layer,
        ))
        .layer(middleware::from_fn(errors::layer))
        .layer(middleware::from_fn_with_state(app.clone(), ctx::auth_layer))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(trace)
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(120),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CSP),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                )),
        )
        .with_state(app)
}
