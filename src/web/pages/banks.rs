//! A center's own question bank: upload a zip in the shipped banks' format, see what it holds,
//! and every problem as `bank check` prints it when it is refused.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::Base;
use crate::app::App;
use crate::app::bank::{self, CenterUpload, ImportReport};
use crate::error::AppResult;
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new().route(
        "/center/banks",
        get(page)
            .post(upload)
            .layer(axum::extract::DefaultBodyLimit::max(crate::web::MAX_UPLOAD)),
    )
}

/// One problem of a refused bank, in the request's language.
pub struct ProblemRow {
    pub file: String,
    pub line: usize,
    pub item_id: String,
    /// The stable code (`bank_problem.skill_unknown`), shown on hover.
    pub code: &'static str,
    pub message: String,
}

pub struct CountRow {
    pub level_name: String,
    pub kind: String,
    pub current: i64,
    pub retired: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "banks/index.html")]
struct BanksPage {
    b: Base,
    /// Platform admins choose the center by code.
    choose_center: bool,
    center: String,
    counts: Vec<CountRow>,
    report: Option<ImportReport>,
    error: Option<String>,
    problems: Vec<ProblemRow>,
    /// The center's own items that its exams' item analysis flags: (item id, level, p, r, flags).
    flagged: Vec<FlaggedRow>,
}

pub struct FlaggedRow {
    pub item_id: String,
    pub level_name: String,
    pub level: crate::curriculum::Level,
    pub component: &'static str,
    pub p: String,
    pub r: String,
    pub flags: Vec<&'static str>,
}

async fn load(app: &App, actor: &crate::app::Actor, info: &RequestInfo) -> AppResult<BanksPage> {
    let own = actor.managed_center()?;
    let tr = info.tr();
    let counts = match own {
        Some(center) => bank::center_counts(app, center)
            .await?
            .into_iter()
            .map(|(level, kind, n, retired)| CountRow {
                level_name: super::level_name(&tr, level.get()),
                kind: tr.t(&format!("workbench.kind_{kind}")).to_string(),
                current: n - retired,
                retired,
            })
            .collect(),
        None => vec![],
    };
    Ok(BanksPage {
        b: Base::new(info, "banks.title"),
        choose_center: own.is_none(),
        center: String::new(),
        report: None,
        error: None,
        problems: vec![],
        // Only a center with items of its own has anything to review (10 reports otherwise
        // computed for nothing).
        flagged: if counts.is_empty() {
            vec![]
        } else {
            crate::app::analysis::flagged_own_items(app, actor).await?
        }
        .into_iter()
        .map(|f| FlaggedRow {
            item_id: f.row.item_id.clone(),
            level_name: super::level_name(&tr, f.level.get()),
            level: f.level,
            component: f.component.as_str(),
            p: f.row
                .stats
                .facility
                .map_or("—".into(), |p| format!("{p:.2}")),
            r: f.row
                .stats
                .discrimination
                .map_or("—".into(), |r| format!("{r:.2}")),
            flags: crate::app::analysis::flag_keys(&f.row)
                .iter()
                .map(|k| tr.t(k))
                .collect(),
        })
        .collect(),
        counts,
    })
}

async fn page(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<BanksPage> {
    load(&app, &actor, &info).await
}

async fn upload(
    State(app): State<App>,
    Auth(actor, info): Auth,
    mp: Multipart,
) -> AppResult<Response> {
    let mut page = load(&app, &actor, &info).await?;
    let up = crate::web::upload::read(mp, "bank.zip").await?;
    page.center = up.center.unwrap_or_default();
    let tr = info.tr();
    let Some((name, bytes)) = up.file else {
        page.error = Some(tr.t("import.no_file").into());
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let outcome =
        bank::import_center_zip(&app, &actor, Some(page.center.as_str()), &name, &bytes).await?;
    Ok(match outcome {
        CenterUpload::Imported(r) => {
            let mut fresh = load(&app, &actor, &info).await?;
            fresh.report = Some(r);
            fresh.into_response()
        }
        CenterUpload::Unreadable(e) => {
            page.error = Some(crate::i18n::tf(
                tr.lang,
                "banks.unreadable",
                &[("detail", e.message(tr.lang))],
            ));
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
        }
        CenterUpload::Problems(p) => {
            page.problems = p
                .into_iter()
                .map(|p| ProblemRow {
                    code: p.code(),
                    message: p.message(tr.lang),
                    file: p.file,
                    line: p.line,
                    item_id: p.item_id,
                })
                .collect();
            (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
        }
    })
}
