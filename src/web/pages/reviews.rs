//! Practice review pages (练习评阅): a center's trainers see the written answers waiting for
//! feedback and give it; every page calls `app::reviews`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::Base;
use super::marking::num;
use crate::app::App;
use crate::app::reviews;
use crate::error::{AppError, AppResult, FieldError};
use crate::exam::marking::Mark;
use crate::i18n::tf;
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/reviews", get(queue))
        .route("/reviews/{id}", get(page).post(record))
}

pub struct QueueRow {
    pub attempt_id: String,
    pub trainee: String,
    pub item: String,
    pub level: String,
    pub requested: String,
    pub reviewed: bool,
    pub reviewer: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "reviews/queue.html")]
pub struct QueuePage {
    b: Base,
    waiting: Vec<QueueRow>,
    done: Vec<QueueRow>,
}

async fn queue(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<QueuePage> {
    let tr = info.tr();
    let b = Base::new(&info, "review_queue.title");
    let rows: Vec<QueueRow> = reviews::queue(&app, &actor)
        .await?
        .into_iter()
        .map(|r| QueueRow {
            attempt_id: r.attempt_id.clone(),
            trainee: r.real_name.clone(),
            item: r
                .item_key
                .split_once('/')
                .map_or(r.item_key.clone(), |(_, id)| id.to_string()),
            level: super::level_name(&tr, r.level.get()),
            requested: b.fmt_time(&r.requested_at),
            reviewed: r.reviewed_at.is_some(),
            reviewer: r.reviewer_name.clone().unwrap_or_default(),
        })
        .collect();
    let (done, waiting) = rows.into_iter().partition(|r| r.reviewed);
    Ok(QueuePage { b, waiting, done })
}

#[derive(Template, WebTemplate)]
#[template(path = "reviews/review.html")]
pub struct ReviewPage {
    b: Base,
    id: String,
    prompt_html: String,
    spec_html: String,
    answer: String,
    chars: String,
    criteria: Vec<super::marking::CriterionView>,
    total_max: String,
    comment: String,
    comment_error: String,
    reviewed_note: String,
    alert: String,
}

async fn review_page(
    app: &App,
    actor: &crate::app::Actor,
    info: &RequestInfo,
    id: &str,
    typed: Option<(&Mark, &str, &[FieldError])>,
    alert: String,
) -> AppResult<ReviewPage> {
    let tr = info.tr();
    let r = reviews::get(app, actor, id, info.lang).await?;
    let b = Base::titled(
        info,
        tf(
            info.lang,
            "review_queue.review_title",
            &[("name", r.row.real_name.clone())],
        ),
    )
    .crumb(tr.t("review_queue.title"), "/reviews");
    let stored = r.row.mark();
    let (mark, comment, errors): (&Mark, String, &[FieldError]) = match typed {
        Some((m, c, e)) => (m, c.to_string(), e),
        None => (&stored, r.row.comment.clone().unwrap_or_default(), &[]),
    };
    let criteria = r.item.task.criteria.as_deref().unwrap_or(&[]);
    Ok(ReviewPage {
        id: r.attempt.id.clone(),
        prompt_html: crate::markdown::to_html(&r.item.prompt),
        spec_html: r
            .item
            .spec
            .as_deref()
            .map(crate::markdown::to_html)
            .unwrap_or_default(),
        answer: r.answer().to_string(),
        chars: tf(
            info.lang,
            "marking.chars",
            &[("count", r.answer().chars().count().to_string())],
        ),
        criteria: criteria
            .iter()
            .map(|c| super::marking::criterion_view(c, mark, errors, info.lang))
            .collect(),
        total_max: num(criteria.iter().map(|c| c.max).sum()),
        comment_error: errors
            .iter()
            .find(|e| e.field == "comment")
            .map(|e| e.message(info.lang))
            .unwrap_or_default(),
        comment,
        reviewed_note: match (r.row.reviewed_at, &r.row.reviewer_name) {
            (Some(t), name) => tf(
                info.lang,
                "review_queue.reviewed_note",
                &[
                    ("time", b.fmt_time(&t)),
                    ("name", name.clone().unwrap_or_default()),
                ],
            ),
            _ => String::new(),
        },
        alert,
        b,
    })
}

async fn page(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<ReviewPage> {
    review_page(&app, &actor, &info, &id, None, String::new()).await
}

async fn record(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> AppResult<Response> {
    let (mark, _, _, comment) = super::marking::read_form(&body);
    match reviews::record(&app, &actor, &id, &mark, &comment, info.lang).await {
        Ok(()) => Ok(Redirect::to("/reviews").into_response()),
        Err(AppError::Validation(errs)) => Ok(review_page(
            &app,
            &actor,
            &info,
            &id,
            Some((&mark, &comment, &errs)),
            String::new(),
        )
        .await?
        .into_response()),
        Err(e @ AppError::Conflict { .. }) => {
            let alert = e.message(info.lang);
            Ok(review_page(&app, &actor, &info, &id, None, alert)
                .await?
                .into_response())
        }
        Err(e) => Err(e),
    }
}
