//! Platform administration: centers and their administrators.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::{Base, FormErrors, form_errors};
use crate::accounts::{Center, Role, User};
use crate::app::people::{self, NewPerson, PeopleQuery};
use crate::app::{App, centers};
use crate::error::AppResult;
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/admin/centers", get(list).post(create))
        .route("/admin/centers/{id}", get(detail))
        .route("/admin/centers/{id}/admins", post(create_admin))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/centers.html")]
struct CentersPage {
    b: Base,
    centers: Vec<(Center, i64)>,
    code: String,
    name: String,
    errors: FormErrors,
}

async fn centers_page(
    app: &App,
    actor: &crate::app::Actor,
    info: &RequestInfo,
) -> AppResult<CentersPage> {
    Ok(CentersPage {
        b: Base::new(info, "centers.title"),
        centers: centers::list(app, actor).await?,
        code: String::new(),
        name: String::new(),
        errors: FormErrors::default(),
    })
}

async fn list(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<CentersPage> {
    centers_page(&app, &actor, &info).await
}

#[derive(Deserialize)]
struct CenterForm {
    code: String,
    name: String,
}

async fn create(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Form(f): Form<CenterForm>,
) -> AppResult<Response> {
    match centers::create(&app, &actor, &f.code, &f.name).await {
        Ok(c) => Ok(Redirect::to(&format!("/admin/centers/{}", c.id)).into_response()),
        Err(e) => {
            let errors = form_errors(e, info.lang)?;
            let mut p = centers_page(&app, &actor, &info).await?;
            p.errors = errors;
            p.code = f.code;
            p.name = f.name;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/center.html")]
struct CenterPage {
    b: Base,
    center: Center,
    admins: Vec<User>,
    form: NewPerson,
    errors: FormErrors,
    created: Option<people::Created>,
}

async fn center_page(
    app: &App,
    actor: &crate::app::Actor,
    info: &RequestInfo,
    id: &str,
) -> AppResult<CenterPage> {
    actor.require_platform_admin()?;
    let center = centers::get(app, actor, id).await?;
    let admins = people::list(
        app,
        actor,
        &PeopleQuery {
            center: Some(center.code.clone()),
            role: Some(Role::CenterAdmin.as_str().into()),
            ..Default::default()
        },
    )
    .await?
    .items;
    let b = Base::titled(info, center.name.clone())
        .crumb(info.tr().t("centers.title"), "/admin/centers");
    Ok(CenterPage {
        b,
        center,
        admins,
        form: NewPerson::default(),
        errors: FormErrors::default(),
        created: None,
    })
}

async fn detail(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<CenterPage> {
    center_page(&app, &actor, &info, &id).await
}

async fn create_admin(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Form(mut f): Form<NewPerson>,
) -> AppResult<Response> {
    let mut p = center_page(&app, &actor, &info, &id).await?;
    f.role = Role::CenterAdmin.as_str().into();
    f.center_code = Some(p.center.code.clone());
    match people::create(&app, &actor, &f).await {
        Ok(created) => {
            p.admins.push(created.user.clone());
            p.created = Some(created);
            Ok(p.into_response())
        }
        Err(e) => {
            p.errors = form_errors(e, info.lang)?;
            p.form = f;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}
