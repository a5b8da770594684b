//! Request rate limits: per client address, and per API token or browser session.
//!
//! A fixed one-minute window per key, opened by the key's first request: at most `limit`
//! requests in it, then 429 with `Retry-After` (the seconds until the window closes) and the
//! usual error body. Counters live in this process (a `Mutex<HashMap>` of bounded size): no
//! database write per request. With several instances behind a load balancer each instance
//! enforces its own share, so the effective limit is up to the number of instances times the
//! configured one. Login throttling (failed passwords) is separate and lives in the database.
//!
//! Not counted: `/static/…` (the versioned, cached assets a page pulls in) and the probes
//! `/healthz`, `/readyz` (a load balancer calls them from one address all day).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::ctx::RequestInfo;
use super::pages::{Base, ErrorPage};
use crate::i18n::t;

/// Keys kept at most; past this, keys whose window has closed are dropped, and if that is not
/// enough every counter starts over (the limiter fails open rather than grow without bound).
const MAX_KEYS: usize = 100_000;

const WINDOW: Duration = Duration::from_secs(60);

/// Public certificate verification (no login: anybody can script it) from one address, a
/// minute: an employer checks a few numbers, or one bulk file of up to 1,000; enumerating the
/// number space is what this stops. Off with the address limit (`--rate-limit-address 0`).
pub const VERIFY_PER_ADDRESS: u32 = 120;

/// Whether a path is public verification (counted against [`VERIFY_PER_ADDRESS`] too).
pub fn is_verification(path: &str) -> bool {
    path == "/verify" || path.starts_with("/verify/") || path.starts_with("/api/v1/verify")
}

pub use crate::config::RateLimits as Limits;

struct Counter {
    opened: Instant,
    count: u32,
}

pub struct Limiter {
    limits: Limits,
    counters: Mutex<HashMap<String, Counter>>,
}

impl Limiter {
    pub fn new(limits: Limits) -> Arc<Limiter> {
        Arc::new(Limiter {
            limits,
            counters: Mutex::new(HashMap::new()),
        })
    }

    /// Counts a request on `key`; `Err(seconds to wait)` when it is one too many.
    fn hit(&self, key: String, limit: u32, now: Instant) -> Result<(), u64> {
        if limit == 0 {
            return Ok(());
        }
        let mut map = self
            .counters
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() >= MAX_KEYS && !map.contains_key(&key) {
            map.retain(|_, c| now.duration_since(c.opened) < WINDOW);
            if map.len() >= MAX_KEYS {
                tracing::warn!(
                    keys = map.len(),
                    "rate limiter full: all counters start over"
                );
                map.clear();
            }
        }
        let c = map.entry(key).or_insert(Counter {
            opened: now,
            count: 0,
        });
        if now.duration_since(c.opened) >= WINDOW {
            c.opened = now;
            c.count = 0;
        }
        if c.count >= limit {
            let left = WINDOW.saturating_sub(now.duration_since(c.opened));
            return Err(left.as_secs().max(1));
        }
        c.count += 1;
        Ok(())
    }

    /// Counts a request against the address and, when it has one, the token or session.
    fn check(&self, info: &RequestInfo, bearer: Option<&str>, now: Instant) -> Result<(), u64> {
        let ip: String = info.ip.chars().take(64).collect();
        let addr = self.hit(format!("ip:{ip}"), self.limits.per_address, now);
        let client = match (bearer, info.actor.as_ref().and_then(|a| a.session.as_ref())) {
            // The token's hash, whether or not the token is valid: guessing is limited too.
            (Some(token), _) => Some(format!("tok:{}", crate::app::auth::secret_hash(token))),
            (None, Some(session_hash)) => Some(format!("ses:{session_hash}")),
            (None, None) => None,
        };
        let client = match client {
            Some(key) => self.hit(key, self.limits.per_client, now),
            None => Ok(()),
        };
        match (addr, client) {
            (Ok(()), Ok(())) => Ok(()),
            (a, c) => Err(a.err().unwrap_or(0).max(c.err().unwrap_or(0))),
        }
    }
}

/// The middleware: inside `ctx::auth_layer` (it reads the address and the session that layer
/// found) and inside `errors::layer`.
pub async fn layer(State(limiter): State<Arc<Limiter>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/static/") || path == "/healthz" || path == "/readyz" {
        return next.run(req).await;
    }
    let Some(info) = req.extensions().get::<RequestInfo>().cloned() else {
        return next.run(req).await;
    };
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let now = Instant::now();
    if is_verification(path) && limiter.limits.per_address > 0 {
        let ip: String = info.ip.chars().take(64).collect();
        if let Err(secs) = limiter.hit(format!("verify:{ip}"), VERIFY_PER_ADDRESS, now) {
            let message = crate::i18n::tf(
                info.lang,
                "verify.too_many",
                &[("seconds", secs.to_string())],
            );
            return too_many(&info, path.starts_with("/api/"), secs, message);
        }
    }
    match limiter.check(&info, bearer, now) {
        Ok(()) => next.run(req).await,
        Err(secs) => {
            let message = t(info.lang, "error.too_many_requests").to_string();
            too_many(&info, path.starts_with("/api/"), secs, message)
        }
    }
}

/// 429 with `Retry-After`: the API's usual error body, or the error page.
fn too_many(info: &RequestInfo, api: bool, secs: u64, message: String) -> Response {
    let mut res = if api {
        (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({ "error": {
                "code": "too_many_requests",
                "message": message,
                "retry_after_secs": secs,
            }})),
        )
            .into_response()
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            ErrorPage {
                b: Base::new(info, "error.title"),
                status: 429,
                message,
                fields: vec![],
            },
        )
            .into_response()
    };
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_admits_the_limit_then_refuses_until_it_closes() {
        let l = Limiter::new(Limits {
            per_address: 3,
            per_client: 0,
        });
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.hit("k".into(), 3, t0), Ok(()));
        }
        // 20 s into the window: 40 s to wait.
        assert_eq!(l.hit("k".into(), 3, t0 + Duration::from_secs(20)), Err(40));
        // Another key has its own window.
        assert_eq!(l.hit("other".into(), 3, t0), Ok(()));
        // A new window after a minute.
        assert_eq!(l.hit("k".into(), 3, t0 + WINDOW), Ok(()));
        // No limit: never refused.
        assert_eq!(l.hit("k".into(), 0, t0 + WINDOW), Ok(()));
    }

    #[test]
    fn the_map_stays_bounded() {
        let l = Limiter::new(Limits {
            per_address: 10,
            per_client: 10,
        });
        let len = || l.counters.lock().unwrap().len();
        let t0 = Instant::now();
        for i in 0..MAX_KEYS {
            let _ = l.hit(format!("k{i}"), 10, t0);
        }
        assert_eq!(len(), MAX_KEYS);
        // A minute later the closed windows are dropped to make room.
        let t1 = t0 + WINDOW;
        let _ = l.hit("new".into(), 10, t1);
        assert_eq!(len(), 1);
        // Full of open windows: everything starts over rather than grow.
        for i in 0..MAX_KEYS + 5 {
            let _ = l.hit(format!("j{i}"), 10, t1);
        }
        assert!(len() <= MAX_KEYS);
    }
}
