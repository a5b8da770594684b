//! A center's people: list, create, import, disable, reset password.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};

use super::{Base, FormErrors, Pager, form_errors};
use crate::accounts::{Center, Role, User, import};
use crate::app::people::{self, Created, NewPerson, PeopleQuery};
use crate::app::{Actor, App, centers};
use crate::error::{AppError, AppResult};
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/center/people", get(list).post(create))
        .route("/center/people/new", get(new_form))
        .route("/center/people/{id}", get(detail))
        .route("/center/people/{id}/disable", post(disable))
        .route("/center/people/{id}/enable", post(enable))
        .route("/center/people/{id}/reset-password", post(reset_password))
        .route("/center/people/import/template.csv", get(template_csv))
        .route("/center/people/import/template.xlsx", get(template_xlsx))
        .route("/downloads/{id}", get(download))
        .merge(
            Router::new()
                .route(
                    "/center/people/import",
                    get(import_form).post(import_upload),
                )
                .layer(DefaultBodyLimit::max(crate::web::MAX_UPLOAD)),
        )
}

/// Role choices a manager may give: platform admins any, center admins those of a center.
fn role_choices(actor: &Actor) -> Vec<Role> {
    if actor.is_platform_admin() {
        Role::ALL.to_vec()
    } else {
        vec![Role::Trainee, Role::Examiner, Role::CenterAdmin]
    }
}

async fn center_choices(app: &App, actor: &Actor) -> AppResult<Vec<Center>> {
    if actor.is_platform_admin() {
        Ok(centers::list(app, actor)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect())
    } else {
        Ok(vec![])
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "people/list.html")]
struct ListPage {
    b: Base,
    people: Vec<User>,
    pager: Pager,
    q: String,
    role: String,
    center: String,
    roles: Vec<Role>,
    centers: Vec<Center>,
}

async fn list(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(q): Query<PeopleQuery>,
) -> AppResult<ListPage> {
    let page = people::list(&app, &actor, &q).await?;
    let qs = q.q.clone().unwrap_or_default();
    let role = q.role.clone().unwrap_or_default();
    let center = q.center.clone().unwrap_or_default();
    let pager = Pager::new(&page, &[("q", &qs), ("role", &role), ("center", &center)]);
    Ok(ListPage {
        b: Base::new(&info, "people.title"),
        people: page.items,
        pager,
        q: qs,
        role,
        center,
        roles: role_choices(&actor),
        centers: center_choices(&app, &actor).await?,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "people/new.html")]
struct NewPage {
    b: Base,
    form: NewPerson,
    errors: FormErrors,
    roles: Vec<Role>,
    centers: Vec<Center>,
}

async fn new_page(
    app: &App,
    actor: &Actor,
    info: &RequestInfo,
    form: NewPerson,
    errors: FormErrors,
) -> AppResult<NewPage> {
    actor.managed_center()?;
    Ok(NewPage {
        b: Base::new(info, "people.new_title").crumb(info.tr().t("people.title"), "/center/people"),
        form,
        errors,
        roles: role_choices(actor),
        centers: center_choices(app, actor).await?,
    })
}

async fn new_form(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<NewPage> {
    let form = NewPerson {
        role: Role::Trainee.as_str().into(),
        ..Default::default()
    };
    new_page(&app, &actor, &info, form, FormErrors::default()).await
}

#[derive(Template, WebTemplate)]
#[template(path = "people/created.html")]
struct CreatedPage {
    b: Base,
    created: Created,
    reset: bool,
}

async fn create(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Form(f): Form<NewPerson>,
) -> AppResult<Response> {
    match people::create(&app, &actor, &f).await {
        Ok(created) => Ok(CreatedPage {
            b: Base::new(&info, "people.created_title")
                .crumb(info.tr().t("people.title"), "/center/people"),
            created,
            reset: false,
        }
        .into_response()),
        Err(e) => {
            let errors = form_errors(e, info.lang)?;
            let p = new_page(&app, &actor, &info, f, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "people/detail.html")]
struct DetailPage {
    b: Base,
    person: User,
    center: Option<Center>,
    is_self: bool,
}

async fn detail(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<DetailPage> {
    let person = people::get(&app, &actor, &id).await?;
    let center = match &person.center_id {
        // The person is the actor's center's (or the actor is the platform's admin).
        Some(c) => Some(crate::app::centers::get(&app, &actor, c).await?),
        None => None,
    };
    Ok(DetailPage {
        b: Base::titled(&info, person.real_name.clone())
            .crumb(info.tr().t("people.title"), "/center/people"),
        is_self: person.id == actor.user.id,
        person,
        center,
    })
}

async fn disable(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    people::set_disabled(&app, &actor, &id, true).await?;
    Ok(Redirect::to(&format!("/center/people/{id}")))
}

async fn enable(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    people::set_disabled(&app, &actor, &id, false).await?;
    Ok(Redirect::to(&format!("/center/people/{id}")))
}

async fn reset_password(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<CreatedPage> {
    let created = people::reset_password(&app, &actor, &id).await?;
    Ok(CreatedPage {
        b: Base::new(&info, "people.reset_title")
            .crumb(info.tr().t("people.title"), "/center/people"),
        created,
        reset: true,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "people/import.html")]
struct ImportPage {
    b: Base,
    centers: Vec<Center>,
    center: String,
    /// Problems of a rejected file: (row, column, message).
    problems: Vec<(String, String, String)>,
    imported: Option<people::Imported>,
}

async fn import_page(app: &App, actor: &Actor, info: &RequestInfo) -> AppResult<ImportPage> {
    actor.managed_center()?;
    Ok(ImportPage {
        b: Base::new(info, "import.title").crumb(info.tr().t("people.title"), "/center/people"),
        centers: center_choices(app, actor).await?,
        center: String::new(),
        problems: vec![],
        imported: None,
    })
}

async fn import_form(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<ImportPage> {
    import_page(&app, &actor, &info).await
}

async fn import_upload(
    State(app): State<App>,
    Auth(actor, info): Auth,
    mp: Multipart,
) -> AppResult<Response> {
    let mut page = import_page(&app, &actor, &info).await?;
    let up = crate::web::upload::read(mp, "upload.csv").await?;
    page.center = up.center.unwrap_or_default();
    let Some((name, bytes)) = up.file else {
        page.problems.push((
            String::new(),
            String::new(),
            info.tr().t("import.no_file").into(),
        ));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let center = Some(page.center.as_str()).filter(|c| !c.is_empty());
    match people::import_trainees(&app, &actor, center, &name, &bytes).await {
        Ok(done) => {
            page.imported = Some(done);
            Ok(page.into_response())
        }
        Err(AppError::Validation(errs)) => {
            page.problems = super::row_problems(&errs, info.lang);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A table as a download: `csv` (UTF-8 with BOM) or `xlsx`, both through the formula-safe
/// writer (`sheet`); any other format is missing. `stem` is the file name without extension.
pub(crate) fn table_file(
    stem: &str,
    format: &str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
) -> crate::error::AppResult<Response> {
    let name = format!("{stem}.{format}");
    match format {
        "csv" => Ok(attachment(
            &name,
            "text/csv; charset=utf-8",
            crate::sheet::to_csv(std::iter::once(header).chain(rows)),
        )),
        "xlsx" => {
            let h: Vec<&str> = header.iter().map(String::as_str).collect();
            Ok(attachment(
                &name,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                crate::sheet::to_xlsx(&h, rows)
                    .map_err(|e| crate::error::AppError::Internal(e.into()))?,
            ))
        }
        _ => Err(crate::error::AppError::NotFound),
    }
}

pub(crate) fn attachment(filename: &str, content_type: &str, body: Vec<u8>) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(filename.as_bytes()).collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"download\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn template_csv(Auth(actor, _): Auth) -> AppResult<Response> {
    actor.managed_center()?;
    Ok(attachment(
        "学员导入模板.csv",
        "text/csv; charset=utf-8",
        import::template_csv().into_bytes(),
    ))
}

async fn template_xlsx(Auth(actor, _): Auth) -> AppResult<Response> {
    actor.managed_center()?;
    Ok(attachment(
        "学员导入模板.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        import::template_xlsx(),
    ))
}

async fn download(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let d = people::take_download(&app, &actor, &id).await?;
    Ok(attachment(&d.filename, &d.content_type, d.body))
}
