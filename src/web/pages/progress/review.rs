//! 错题本: the trainee's wrong-answer book and the next due entry.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;

use super::super::Base;
use crate::app::App;
use crate::app::progress;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::web::ctx::Auth;

pub struct ReviewView {
    pub title: String,
    pub level_name: String,
    pub added: String,
    pub due: String,
    pub is_due: bool,
    pub rights: i64,
    pub lapses: i64,
    pub url: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "progress/review.html")]
pub(super) struct ReviewPage {
    b: Base,
    entries: Vec<ReviewView>,
    due: usize,
}

/// Where an entry of the book is practised again.
fn review_url(e: &crate::store::progress::ReviewRow) -> String {
    match (&e.version_id, e.key().scene()) {
        (Some(v), _) => format!("/practice/items/{v}?again=1"),
        (None, Some(k)) => format!("/practice/scenes/{}/{}?seed={}", k.kind, k.level, k.seed),
        (None, None) => "/practice".into(),
    }
}

fn review_title(tr: &Tr, e: &crate::store::progress::ReviewRow) -> String {
    let key = e.key();
    match (key.scene(), key.item_id()) {
        (Some(k), _) => format!(
            "{} · {} {}",
            tr.t(&format!("scenes.kind.{}", k.kind)),
            tr.t("scenes.seed"),
            k.seed
        ),
        (None, id) => id.unwrap_or_default().to_string(),
    }
}

fn day_date(day: i64) -> String {
    chrono::NaiveDate::from_num_days_from_ce_opt((day + 719_163) as i32)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

pub(super) async fn review(
    State(app): State<App>,
    Auth(actor, info): Auth,
) -> AppResult<ReviewPage> {
    let tr = info.tr();
    let today = crate::clock::local_day(app.now(), app.config.tz);
    let book = progress::review_book(&app, &actor.user.id).await?;
    let entries: Vec<ReviewView> = book
        .iter()
        .map(|e| ReviewView {
            title: review_title(&tr, e),
            level_name: super::super::level_name(&tr, e.level.get()),
            added: day_date(e.added_day),
            due: day_date(e.due_day),
            is_due: e.due_day <= today,
            rights: e.rights,
            lapses: e.lapses,
            url: review_url(e),
        })
        .collect();
    Ok(ReviewPage {
        b: Base::new(&info, "review.title"),
        due: entries.iter().filter(|e| e.is_due).count(),
        entries,
    })
}

/// The first due entry of the book, or the book itself when nothing is due.
pub(super) async fn review_next(
    State(app): State<App>,
    Auth(actor, _): Auth,
) -> AppResult<Redirect> {
    let today = crate::clock::local_day(app.now(), app.config.tz);
    let book = progress::review_book(&app, &actor.user.id).await?;
    Ok(match book.iter().find(|e| e.due_day <= today) {
        Some(e) => Redirect::to(&review_url(e)),
        None => Redirect::to("/review"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn day_labels() {
        // Day 20,785 since 1970-01-01 is 2026-11-28.
        assert_eq!(super::day_date(20_785), "2026-11-28");
    }
}
