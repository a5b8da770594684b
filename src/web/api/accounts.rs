//! Accounts, centers, people, tokens and the audit log as JSON.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::{Center, User};
use crate::app::people::{self, Created, Imported, NewPerson, PeopleQuery};
use crate::app::{App, Paging, audit, auth, centers, tokens};
use crate::error::{AppError, AppResult};
use crate::store::audit::Entry;
use crate::store::tokens::ApiToken;
use crate::web::ctx::{Auth, Ctx, SESSION_COOKIE, set_cookie};

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(csrf))
        .routes(routes!(login, logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(list_centers, create_center))
        .routes(routes!(get_center))
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user))
        .routes(routes!(disable_user))
        .routes(routes!(enable_user))
        .routes(routes!(reset_password))
        .routes(routes!(list_audit))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(import_users))
                .layer(DefaultBodyLimit::max(crate::web::MAX_UPLOAD)),
        )
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

/// Every error: `{"error": {"code", "message"}}`, plus `fields` for validation errors.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct CsrfToken {
    pub token: String,
}

/// The CSRF token for this browser (also sets its cookie when missing).
#[utoipa::path(get, path = "/api/v1/csrf", responses((status = 200, body = CsrfToken)))]
pub async fn csrf(Ctx(info): Ctx) -> Json<CsrfToken> {
    Json(CsrfToken { token: info.csrf })
}

#[derive(Deserialize, ToSchema)]
pub struct LoginBody {
    /// Username, phone or e-mail.
    pub login: String,
    pub password: String,
}

/// Signs in; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", request_body = LoginBody,
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(app): State<App>,
    Ctx(info): Ctx,
    Json(b): Json<LoginBody>,
) -> AppResult<Response> {
    let done = auth::login(&app, &b.login, &b.password, &info.ip, &info.user_agent).await?;
    let mut res = Json(done.user).into_response();
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

/// Signs out: the session is destroyed.
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204)))]
pub async fn logout(State(app): State<App>, Auth(actor, _): Auth) -> AppResult<Response> {
    auth::logout(&app, &actor).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
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

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn me(Auth(actor, _): Auth) -> Json<User> {
    Json(actor.user)
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordBody {
    pub current: String,
    pub new: String,
    pub confirm: String,
    /// Also revoke every API token of the account (default true, as on the form). A token
    /// used to make this very call is revoked too.
    #[serde(default)]
    pub revoke_tokens: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/me/password", request_body = PasswordBody,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Json(b): Json<PasswordBody>,
) -> AppResult<StatusCode> {
    auth::change_password(
        &app,
        &actor,
        &b.current,
        &b.new,
        &b.confirm,
        b.revoke_tokens.unwrap_or(true),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct CenterWithCount {
    #[serde(flatten)]
    pub center: Center,
    pub people: i64,
}

#[utoipa::path(get, path = "/api/v1/centers", responses((status = 200, body = Vec<Center>), (status = 403, body = ErrorBody)))]
pub async fn list_centers(
    State(app): State<App>,
    Auth(actor, _): Auth,
) -> AppResult<Json<Vec<CenterWithCount>>> {
    Ok(Json(
        centers::list(&app, &actor)
            .await?
            .into_iter()
            .map(|(center, people)| CenterWithCount { center, people })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CenterBody {
    pub code: String,
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/centers", request_body = CenterBody,
    responses((status = 201, body = Center), (status = 422, body = ErrorBody)))]
pub async fn create_center(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Json(b): Json<CenterBody>,
) -> AppResult<(StatusCode, Json<Center>)> {
    Ok((
        StatusCode::CREATED,
        Json(centers::create(&app, &actor, &b.code, &b.name).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/centers/{id}", responses((status = 200, body = Center), (status = 404, body = ErrorBody)))]
pub async fn get_center(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Center>> {
    Ok(Json(centers::get(&app, &actor, &id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct UserPage {
    pub items: Vec<User>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// People the caller manages: a center admin's own center, or any (platform admin, `center`).
#[utoipa::path(get, path = "/api/v1/users",
    params(("q" = Option<String>, Query, description = "search name, username, phone, e-mail, class"),
           ("role" = Option<String>, Query), ("center" = Option<String>, Query, description = "center code (platform admins)"),
           ("page" = Option<u32>, Query)),
    responses((status = 200, body = UserPage)))]
pub async fn list_users(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Query(q): Query<PeopleQuery>,
) -> AppResult<Json<UserPage>> {
    let p = people::list(&app, &actor, &q).await?;
    Ok(Json(UserPage {
        items: p.items,
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(post, path = "/api/v1/users", request_body = NewPerson,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Json(b): Json<NewPerson>,
) -> AppResult<(StatusCode, Json<Created>)> {
    Ok((
        StatusCode::CREATED,
        Json(people::create(&app, &actor, &b).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
pub async fn get_user(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<User>> {
    Ok(Json(people::get(&app, &actor, &id).await?))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/disable", responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
pub async fn disable_user(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<User>> {
    Ok(Json(people::set_disabled(&app, &actor, &id, true).await?))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/enable", responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
pub async fn enable_user(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<User>> {
    Ok(Json(people::set_disabled(&app, &actor, &id, false).await?))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/reset-password", responses((status = 200, body = Created), (status = 404, body = ErrorBody)))]
pub async fn reset_password(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Json<Created>> {
    Ok(Json(people::reset_password(&app, &actor, &id).await?))
}

/// Imports trainees from a CSV or XLSX file (`file`; platform admins also `center`): all rows
/// or none. 422 lists every problem with its row and column.
#[utoipa::path(post, path = "/api/v1/users/import", request_body(content_type = "multipart/form-data", content = String),
    responses((status = 201, body = Imported), (status = 422, body = ErrorBody)))]
pub async fn import_users(
    State(app): State<App>,
    Auth(actor, _): Auth,
    mp: Multipart,
) -> AppResult<(StatusCode, Json<Imported>)> {
    let up = crate::web::upload::read(mp, "upload.csv").await?;
    let (name, bytes) = up
        .file
        .ok_or_else(|| AppError::field("file", "import.no_file"))?;
    let center = up.center;
    let done = people::import_trainees(
        &app,
        &actor,
        center.as_deref().filter(|c| !c.is_empty()),
        &name,
        &bytes,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<Entry>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

#[utoipa::path(get, path = "/api/v1/audit", params(("action" = Option<String>, Query), ("page" = Option<u32>, Query)),
    responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody)))]
pub async fn list_audit(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<AuditPage>> {
    let p = audit::list(
        &app,
        &actor,
        q.action.as_deref(),
        Paging {
            page: q.page.unwrap_or(1).max(1),
            per_page: 50,
        },
    )
    .await?;
    Ok(Json(AuditPage {
        items: p.items,
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }))
}

#[utoipa::path(get, path = "/api/v1/tokens", responses((status = 200, body = Vec<ApiToken>)))]
pub async fn list_tokens(
    State(app): State<App>,
    Auth(actor, _): Auth,
) -> AppResult<Json<Vec<ApiToken>>> {
    Ok(Json(tokens::list(&app, &actor).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct TokenBody {
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct NewToken {
    pub token: ApiToken,
    /// The secret, shown this once: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", request_body = TokenBody, responses((status = 201, body = NewToken)))]
pub async fn create_token(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Json(b): Json<TokenBody>,
) -> AppResult<(StatusCode, Json<NewToken>)> {
    let (token, secret) = tokens::create(&app, &actor, &b.name).await?;
    Ok((StatusCode::CREATED, Json(NewToken { token, secret })))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    tokens::revoke(&app, &actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
