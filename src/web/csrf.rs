//! CSRF protection and the forced password change, checked before any handler runs.
//!
//! The token is HMAC(server secret, the random `annocert_csrf` cookie): stateless, shared by
//! every instance, and unknowable to another site, which can neither read the cookie nor
//! compute the HMAC. Forms send it as `_csrf` (multipart forms in the query string, so that
//! the upload need not be buffered twice), fetch calls as `X-CSRF-Token`. Only a request
//! authenticated by a valid API token skips the check: it carries no ambient credential. Any
//! other `Authorization` header does not (the session cookie would still be read), and an
//! invalid bearer token is answered 401.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::ctx::{RequestInfo, Via};
use crate::app::App;
use crate::error::AppError;

pub fn token_for(secret: &[u8], seed: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"annocert-csrf:");
    mac.update(seed.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Paths reachable while a password change is pending.
fn allowed_during_forced_change(path: &str) -> bool {
    matches!(
        path,
        "/account/password"
            | "/logout"
            | "/lang"
            | "/healthz"
            | "/readyz"
            | "/api/v1/me"
            | "/api/v1/me/password"
            | "/api/v1/session"
            | "/api/v1/csrf"
    ) || path.starts_with("/static/")
}

pub async fn guard(State(_app): State<App>, req: Request, next: Next) -> Response {
    let Some(info) = req.extensions().get::<RequestInfo>().cloned() else {
        return AppError::Internal(anyhow::anyhow!("auth_layer missing")).into_response();
    };
    if let Some(a) = &info.actor
        && a.user.must_change_password
        && !allowed_during_forced_change(&info.path)
    {
        return AppError::PasswordChangeRequired.into_response();
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if info.via == Via::BadToken {
        return AppError::Unauthorized.into_response();
    }
    if !unsafe_method || info.via == Via::Token {
        return next.run(req).await;
    }
    let expected = info.csrf.clone();
    if let Some(h) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if same(h, &expected) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    let from_query = req.uri().query().and_then(|q| url_param(q, "_csrf"));
    if let Some(t) = from_query {
        return if same(&t, &expected) {
            next.run(req).await
        } else {
            AppError::Csrf.into_response()
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return AppError::Csrf.into_response();
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, super::MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return AppError::TooLarge.into_response(),
    };
    let ok = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|s| url_param(s, "_csrf"))
        .is_some_and(|t| same(&t, &expected));
    if !ok {
        return AppError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn url_param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_secret_and_seed() {
        let a = token_for(b"s1", "seed");
        assert_eq!(a, token_for(b"s1", "seed"));
        assert_ne!(a, token_for(b"s2", "seed"));
        assert_ne!(a, token_for(b"s1", "seed2"));
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, "x"));
    }

    #[test]
    fn finds_form_fields() {
        assert_eq!(
            url_param("a=1&_csrf=ab%2Bc&b=2", "_csrf").as_deref(),
            Some("ab+c")
        );
        assert_eq!(url_param("a=%E4%B8%AD", "a").as_deref(), Some("中"));
        assert_eq!(url_param("b=1", "_csrf"), None);
    }
}
