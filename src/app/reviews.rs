//! 练习评阅 — trainers review written answers in practice: a trainee submits a rubric item
//! (`attempt::submit` keeps it unscored and asks for a review), a trainer of the trainee's
//! center (an examiner or the center admin) scores each criterion within its bands with a
//! comment below full points, and the trainee reads the feedback on the attempt. From then the
//! attempt counts in progress and the wrong-answer book like any scored practice.

use serde_json::{Value, json};

use super::audit::{self, By};
use super::{Actor, App};
use crate::accounts::Role;
use crate::bank::Item;
use crate::error::{AppError, AppResult};
use crate::exam::attempt::Attempt;
use crate::exam::marking::{self, Mark};
use crate::i18n::Lang;
use crate::store;
use crate::store::reviews::Row;

/// How many reviews a list shows.
const LIST: i64 = 200;

/// The center whose trainees' answers the actor reviews: an examiner's or a center admin's own.
fn center(actor: &Actor) -> AppResult<&str> {
    match actor.role() {
        Role::Examiner | Role::CenterAdmin => {
            actor.user.center_id.as_deref().ok_or(AppError::Forbidden)
        }
        _ => Err(AppError::Forbidden),
    }
}

/// The center's reviews: those waiting first, oldest first, then those given.
pub async fn queue(app: &App, actor: &Actor) -> AppResult<Vec<Row>> {
    let c = center(actor)?;
    Ok(store::reviews::of_center(&app.db.pool, c, LIST).await?)
}

/// A trainee's own reviews, newest first.
pub async fn mine(app: &App, actor: &Actor) -> AppResult<Vec<Row>> {
    Ok(store::reviews::of_user(&app.db.pool, &actor.user.id, LIST).await?)
}

/// One answer to review, with what the review screen shows.
pub struct Review {
    pub row: Row,
    pub attempt: Attempt,
    pub item: Item,
}

impl Review {
    pub fn answer(&self) -> &str {
        super::attempt::written_text(self.attempt.answer.as_ref()).unwrap_or("")
    }
}

/// An answer of the actor's center to review (another center's is missing).
pub async fn get(app: &App, actor: &Actor, attempt_id: &str, lang: Lang) -> AppResult<Review> {
    let c = center(actor)?;
    let row = store::reviews::get(&app.db.pool, attempt_id)
        .await?
        .filter(|r| r.center_id == c)
        .ok_or(AppError::NotFound)?;
    let attempt = store::attempts::find(&app.db.pool, attempt_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = super::attempt::subject(app, actor, &attempt, lang)
        .await?
        .item;
    Ok(Review { row, attempt, item })
}

/// The longest overall comment, in characters.
const MAX_COMMENT: usize = 2000;

/// Records the review: every criterion's points with a comment below full points, and an
/// overall comment (optional). The attempt gets its score and counts in progress.
pub async fn record(
    app: &App,
    actor: &Actor,
    attempt_id: &str,
    mark: &Mark,
    comment: &str,
    lang: Lang,
) -> AppResult<()> {
    let r = get(app, actor, attempt_id, lang).await?;
    if r.row.reviewed_at.is_some() {
        return Err(AppError::conflict("reviewed", "review_queue.reviewed"));
    }
    let criteria = r.item.task.criteria.as_deref().unwrap_or(&[]);
    let clean = marking::check(criteria, mark, true).map_err(super::marking::refused)?;
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT
        || comment
            .chars()
            .any(|c| c != '\n' && crate::accounts::forbidden_char(&c.to_string()).is_some())
    {
        return Err(AppError::field("comment", "review_queue.bad_comment"));
    }
    let points: serde_json::Map<String, Value> = clean
        .points
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    let graded = super::attempt::grade(&r.item, &json!({ "criteria": points }), lang)?;
    let mut result = serde_json::to_value(&graded).map_err(|e| AppError::Internal(e.into()))?;
    result["grader"] = json!(r.item.kind().grader());
    result["review"] = json!({
        "points": clean.points,
        "comments": clean.reasons,
        "comment": comment,
        "reviewer": actor.user.real_name,
        "reviewed_at": app.now(),
    });
    let passed = super::attempt::passed(&r.attempt, graded.score);
    let now = app.now();
    let stored = result.to_string();
    let mut tx = app.db.begin_write().await?;
    if !store::reviews::record(&mut *tx, attempt_id, &actor.user.id, &clean, comment, now).await? {
        return Err(AppError::conflict("reviewed", "review_queue.reviewed"));
    }
    let g = store::attempts::Graded {
        score: graded.score,
        passed,
        result: &stored,
    };
    if store::attempts::reviewed(&mut *tx, attempt_id, &g).await? {
        super::progress::record_outcome(&mut tx, app, &r.attempt, passed, now).await?;
    }
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        Some(&r.row.center_id),
        "practice_reviewed",
        attempt_id,
        json!({"trainee": r.row.user_id, "item": r.row.item_key, "score": graded.score}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
