//! Who is asking, in which language: resolved once per request by `auth_layer`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::accounts::User;
use crate::app::{Actor, App, auth};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};

pub const SESSION_COOKIE: &str = "annocert_session";
pub const CSRF_COOKIE: &str = "annocert_csrf";
pub const LANG_COOKIE: &str = "annocert_lang";
/// A random id per browser: an exam paper takes answers from one device only.
pub const DEVICE_COOKIE: &str = "annocert_device";
/// The same for API clients, which may not keep cookies.
pub const DEVICE_HEADER: &str = "x-device-id";

/// What every handler and template may know of the request.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    pub lang: Lang,
    pub actor: Option<Actor>,
    /// How the request authenticated (whether it carries ambient credentials).
    pub via: Via,
    /// The display time zone (`--tz`).
    pub tz: chrono_tz::Tz,
    /// The CSRF token forms and fetch calls must send back.
    pub csrf: String,
    pub path: String,
    pub ip: String,
    pub user_agent: String,
    /// A hash of the browser's device id (cookie, or `X-Device-Id` for API clients).
    pub device: Option<String>,
}

/// How a request authenticated. Only a cookie is an ambient credential that another site can
/// make a browser send: such requests, and anonymous ones, must carry the CSRF token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Anonymous,
    Session,
    /// A valid API token (`Authorization: Bearer …`): the session cookie is not consulted.
    Token,
    /// A bearer token that is unknown, revoked or expired: answered 401 before any handler.
    BadToken,
}

impl RequestInfo {
    pub fn tr(&self) -> Tr {
        Tr::new(self.lang)
    }
    pub fn user(&self) -> Option<&User> {
        self.actor.as_ref().map(|a| &a.user)
    }
}

/// Extracts the request's [`RequestInfo`].
pub struct Ctx(pub RequestInfo);

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestInfo>()
            .cloned()
            .map(Ctx)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("auth_layer missing")))
    }
}

/// A signed-in user, or 401 (pages: a redirect to the login page).
pub struct Auth(pub Actor, pub RequestInfo);

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let Ctx(info) = Ctx::from_request_parts(parts, s).await?;
        match info.actor.clone() {
            Some(a) => Ok(Auth(a, info)),
            None => Err(AppError::Unauthorized),
        }
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A Set-Cookie value: HttpOnly, Path=/, SameSite as given, Secure behind https.
pub fn set_cookie(
    name: &str,
    value: &str,
    same_site: &str,
    secure: bool,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut s = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if secure {
        s.push_str("; Secure");
    }
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn client_ip(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(xff) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
        && let Some(last) = xff.split(',').next_back()
    {
        // The proxy appends the address it saw; the right-most entry is the one we trust.
        return last.trim().to_string();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_code)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// Who the request is: a valid bearer token (the session cookie is then not read), else the
/// session cookie; and whether a stale session cookie should be cleared.
async fn resolve(
    app: &App,
    headers: &HeaderMap,
    ip: &str,
) -> Result<(Option<Actor>, Via, bool), AppError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    if let Some(token) = bearer {
        return Ok(match auth::token_user(app, &token).await? {
            Some(user) => (
                Some(Actor {
                    user,
                    ip: ip.to_string(),
                    session: None,
                }),
                Via::Token,
                false,
            ),
            None => (None, Via::BadToken, false),
        });
    }
    let Some(sid) = cookie(headers, SESSION_COOKIE) else {
        return Ok((None, Via::Anonymous, false));
    };
    Ok(match auth::session_user(app, sid).await? {
        Some((user, id_hash)) => (
            Some(Actor {
                user,
                ip: ip.to_string(),
                session: Some(id_hash),
            }),
            Via::Session,
            false,
        ),
        None => (None, Via::Anonymous, true),
    })
}

/// Resolves language, CSRF cookie and user (session cookie or bearer token) for every request.
pub async fn auth_layer(State(app): State<App>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let lang = lang_of(headers);
    let ip = client_ip(&req, app.config.trust_proxy);
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (csrf_seed, new_csrf) = match cookie(headers, CSRF_COOKIE).filter(|v| v.len() >= 32) {
        Some(v) => (v.to_string(), false),
        None => (auth::random_secret(), true),
    };
    // Bounded before it is hashed: an id is 8–128 visible ASCII characters.
    let device_of = |v: &str| {
        ((8..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic())).then(|| {
            use sha2::Digest;
            // Random already: a plain digest keeps the raw id out of the database.
            hex::encode(sha2::Sha256::digest(v.as_bytes()))[..32].to_string()
        })
    };
    let (device_seed, new_device) = match cookie(headers, DEVICE_COOKIE).and_then(device_of) {
        Some(d) => (Some(d), None),
        None => match headers
            .get(DEVICE_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(device_of)
        {
            Some(d) => (Some(d), None),
            None => {
                let fresh = auth::random_secret();
                (device_of(&fresh), Some(fresh))
            }
        },
    };
    let (actor, via, clear_session) = match resolve(&app, headers, &ip).await {
        Ok(r) => r,
        Err(e) => return axum::response::IntoResponse::into_response(e),
    };
    let info = RequestInfo {
        lang,
        actor,
        via,
        tz: app.config.tz,
        csrf: super::csrf::token_for(&app.config.secret, &csrf_seed),
        path: req.uri().path().to_string(),
        ip,
        user_agent,
        device: device_seed,
    };
    req.extensions_mut().insert(info);
    let mut res = next.run(req).await;
    let secure = app.config.secure_cookies;
    let sets_session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(SESSION_COOKIE.as_bytes()));
    if new_csrf {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(CSRF_COOKIE, &csrf_seed, "Lax", secure, None),
        );
    }
    if let Some(d) = new_device {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(DEVICE_COOKIE, &d, "Lax", secure, Some(400 * 24 * 3600)),
        );
    }
    if clear_session && !sets_session {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(SESSION_COOKIE, "", "Lax", secure, Some(0)),
        );
    }
    res
}
