//! Login, logout, password change, language switch.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{Base, FormErrors, form_errors};
use crate::app::{App, auth};
use crate::error::{AppError, AppResult};
use crate::web::ctx::{Auth, Ctx, LANG_COOKIE, SESSION_COOKIE, set_cookie};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route(
            "/account/password",
            get(password_page).post(change_password),
        )
        .route("/lang", post(set_lang))
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
struct LoginPage {
    b: Base,
    login: String,
    next: String,
    error: String,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: Option<String>,
}

/// Where `/login` and `/lang` send the browser afterwards: only a same-origin path, so that
/// neither can be made to send people elsewhere; anything else goes home.
///
/// A same-origin path starts with one `/` followed by neither `/` nor `\`, and holds no
/// backslash, whitespace or control character anywhere: browsers drop tabs and line breaks
/// from URLs and read `\` as `/`, so `/\t/evil.example` and `/\evil.example` are
/// `//evil.example`, another host. Control characters would also make an invalid `Location`
/// header. Non-ASCII text is percent-encoded, so the header is plain ASCII.
pub fn safe_next(next: Option<&str>) -> String {
    const MAX: usize = 2048;
    let Some(n) = next else {
        return "/".to_string();
    };
    let mut chars = n.chars();
    let ok = n.len() <= MAX
        && chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !n
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control() || is_format_char(c));
    if !ok {
        return "/".to_string();
    }
    let mut out = String::with_capacity(n.len());
    for c in n.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Invisible format characters (Unicode Cf: bidi overrides, zero-width spaces …).
fn is_format_char(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    get_general_category(c) == GeneralCategory::Format
}

async fn login_page(Ctx(info): Ctx, Query(q): Query<NextQuery>) -> Response {
    if info.actor.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    LoginPage {
        b: Base::new(&info, "login.title"),
        login: String::new(),
        next: safe_next(q.next.as_deref()),
        error: String::new(),
    }
    .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

async fn login(
    State(app): State<App>,
    Ctx(info): Ctx,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(f.next.as_deref());
    match auth::login(&app, &f.login, &f.password, &info.ip, &info.user_agent).await {
        Ok(done) => {
            let to = if done.user.must_change_password {
                "/account/password".to_string()
            } else {
                next
            };
            let mut res = Redirect::to(&to).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    SESSION_COOKIE,
                    &done.session_id,
                    "Lax",
                    app.config.secure_cookies,
                    None,
                ),
            );
            Ok(res)
        }
        Err(
            e @ (AppError::BadCredentials
            | AppError::TooManyRequests { .. }
            | AppError::AccountDisabled),
        ) => {
            let status = e.status();
            let page = LoginPage {
                b: Base::new(&info, "login.title"),
                login: f.login,
                next,
                error: e.message(info.lang),
            };
            let mut res = (status, page).into_response();
            if let AppError::TooManyRequests { retry_after_secs } = e
                && let Ok(v) = retry_after_secs.to_string().parse()
            {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn logout(State(app): State<App>, Auth(actor, _): Auth) -> AppResult<Response> {
    auth::logout(&app, &actor).await?;
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            "",
            "Lax",
            app.config.secure_cookies,
            Some(0),
        ),
    );
    Ok(res)
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    b: Base,
    forced: bool,
    errors: FormErrors,
    revoke_tokens: bool,
}

async fn password_page(Auth(actor, info): Auth) -> PasswordPage {
    PasswordPage {
        b: Base::new(&info, "password.title"),
        forced: actor.user.must_change_password,
        errors: FormErrors::default(),
        revoke_tokens: true,
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
    /// The checkbox (checked by default): present when ticked.
    #[serde(default)]
    revoke_tokens: Option<String>,
}

async fn change_password(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    let revoke_tokens = f.revoke_tokens.is_some();
    match auth::change_password(&app, &actor, &f.current, &f.new, &f.confirm, revoke_tokens).await {
        Ok(()) => Ok(Redirect::to("/account?notice=password_changed").into_response()),
        Err(e) => {
            let errors = form_errors(e, info.lang)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                PasswordPage {
                    b: Base::new(&info, "password.title"),
                    forced: actor.user.must_change_password,
                    errors,
                    revoke_tokens,
                },
            )
                .into_response())
        }
    }
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
    #[serde(default)]
    next: Option<String>,
}

async fn set_lang(State(app): State<App>, Form(f): Form<LangForm>) -> Response {
    let lang = crate::i18n::Lang::from_code(&f.lang).unwrap_or_default();
    let mut res = Redirect::to(&safe_next(f.next.as_deref())).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            lang.code(),
            "Lax",
            app.config.secure_cookies,
            Some(365 * 24 * 3600),
        ),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_local() {
        assert_eq!(safe_next(Some("/center/people?q=1")), "/center/people?q=1");
        assert_eq!(safe_next(Some("/a/b?c=d#e")), "/a/b?c=d#e");
        assert_eq!(safe_next(Some("/")), "/");
        assert_eq!(safe_next(Some("/中")), "/%E4%B8%AD");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "\t//evil.example",
            "/x\\y",
            "/x y",
            "/\r\nSet-Cookie: a=b",
            "/\0",
            "/a\u{202e}b",
            "/a\u{200b}b",
            "/a\u{3000}b",
            "",
            "evil",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), "/");
        assert_eq!(safe_next(None), "/");
    }
}
