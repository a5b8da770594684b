//! My account: who I am, my center, my API tokens.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{Base, FormErrors, form_errors};
use crate::accounts::Center;
use crate::app::{App, centers, tokens};
use crate::error::AppResult;
use crate::store::tokens::ApiToken;
use crate::web::ctx::Auth;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/account", get(account))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}

#[derive(Template, WebTemplate)]
#[template(path = "account/account.html")]
struct AccountPage {
    b: Base,
    center: Option<Center>,
    tokens: Vec<ApiToken>,
    notice: String,
    new_token: String,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct NoticeQuery {
    #[serde(default)]
    notice: Option<String>,
}

/// Only known notices are shown, so a link cannot put arbitrary words on the page.
fn notice_text(b: &Base, key: Option<&str>) -> String {
    match key {
        Some(k @ ("password_changed" | "token_revoked")) => b.t(&format!("notice.{k}")).to_string(),
        _ => String::new(),
    }
}

async fn page(
    app: &App,
    actor: &crate::app::Actor,
    info: &crate::web::ctx::RequestInfo,
) -> AppResult<AccountPage> {
    let center = match &actor.user.center_id {
        Some(id) => Some(centers::get(app, actor, id).await?),
        None => None,
    };
    let b = Base::new(info, "account.title");
    Ok(AccountPage {
        b,
        center,
        tokens: tokens::list(app, actor).await?,
        notice: String::new(),
        new_token: String::new(),
        errors: FormErrors::default(),
    })
}

async fn account(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(q): Query<NoticeQuery>,
) -> AppResult<AccountPage> {
    let mut p = page(&app, &actor, &info).await?;
    p.notice = notice_text(&p.b, q.notice.as_deref());
    Ok(p)
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Form(f): Form<TokenForm>,
) -> AppResult<Response> {
    match tokens::create(&app, &actor, &f.name).await {
        Ok((_, secret)) => {
            // Shown once, on this response only; the store keeps just its hash.
            let mut p = page(&app, &actor, &info).await?;
            p.new_token = secret;
            Ok(p.into_response())
        }
        Err(e) => {
            let errors = form_errors(e, info.lang)?;
            let mut p = page(&app, &actor, &info).await?;
            p.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

async fn revoke_token(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    tokens::revoke(&app, &actor, &id).await?;
    Ok(Redirect::to("/account?notice=token_revoked"))
}
