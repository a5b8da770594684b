//! Practice (练习): open an item, save the answer as it is made, submit for an instant score
//! with the mistakes explained. Scores are computed here, on the server, never in the browser.

use serde_json::Value;

use super::attempt::{self, Change, Origin, Saved, Subject, asset_base, parse_item};
use super::{Actor, App};
use crate::bank::Item;
use crate::curriculum::Level;
use crate::error::{AppError, AppResult};
use crate::exam::attempt::Attempt;
use crate::exam::key::SceneKey;
use crate::exam::shuffle;
use crate::i18n::Lang;
use crate::scenes::{self, SceneKind};
use crate::store;
use crate::store::practice::PracticeItem;

/// What a practice page shows: the subject, and the attempt at it.
pub struct Opened {
    pub subject: Subject,
    pub attempt: Attempt,
}

async fn load(app: &App, actor: &Actor, version_id: &str) -> AppResult<(PracticeItem, Item)> {
    let p = store::practice::item_version(
        &app.db.pool,
        version_id,
        actor.user.center_id.as_deref(),
        true,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    refuse_held(app, actor, &p.item_key).await?;
    let item = parse_item(&p)?;
    Ok((p, item))
}

/// Practice keeps away from an item that is a question of the person's open mock exam or of
/// an exam paper whose results are not published: its gold would answer the paper.
pub(crate) async fn refuse_held(app: &App, actor: &Actor, item_key: &str) -> AppResult<()> {
    if store::exams::item_held(&app.db.pool, &actor.user.id, item_key).await? {
        return Err(AppError::conflict("held", "practice.item_in_paper"));
    }
    Ok(())
}

/// The user's current attempt at a version (a new one when there is none, or when `again` and
/// the last one was submitted).
pub async fn open(app: &App, actor: &Actor, version_id: &str, again: bool) -> AppResult<Opened> {
    let (p, item) = load(app, actor, version_id).await?;
    let latest = store::attempts::latest(&app.db.pool, &actor.user.id, version_id).await?;
    let attempt = match latest {
        Some(a) if !(again && a.submitted_at.is_some()) => a,
        _ => {
            // Each attempt its own order of options (practising again shuffles anew), drawn
            // by the server and stored: a reload shows the same order.
            let order = shuffle::stored_order(&item, rand::random());
            let id = attempt::create(
                &app.db.pool,
                actor,
                &item,
                Origin {
                    version_id: Some(&p.version_id),
                    item_key: &p.item_key,
                    scene: None,
                    option_order: order.as_deref(),
                },
                None,
                app.now(),
            )
            .await?;
            attempt::get(app, actor, &id).await?
        }
    };
    // Shown in the attempt's order, as `attempt::subject` shows it everywhere after.
    let item = match &attempt.option_order {
        Some(order) => shuffle::present(&item, order),
        None => item,
    };
    Ok(Opened {
        subject: Subject {
            item,
            image_url: None,
            asset_base: asset_base(&p.item_key),
        },
        attempt,
    })
}

/// The attempt to show for a scene kind and level: the open one, or a new one with a fresh
/// seed drawn by the server (also when `again`).
pub async fn open_scene(
    app: &App,
    actor: &Actor,
    kind: SceneKind,
    level: Level,
    again: bool,
    lang: Lang,
) -> AppResult<String> {
    let prefix = format!("scene/{kind}/{level}/");
    let latest = store::attempts::latest_with_prefix(&app.db.pool, &actor.user.id, &prefix).await?;
    if let Some(a) = latest
        && a.submitted_at.is_none()
        && !again
        && a.scene_version == Some(i64::from(kind.version()))
    {
        return Ok(a.id);
    }
    // Seeds stay below 2^53 so that they survive JSON numbers in every browser.
    create_scene(app, actor, kind, level, rand::random::<u64>() >> 11, lang).await
}

/// A new free-practice attempt at the scene `(kind, level, seed)`.
async fn create_scene(
    app: &App,
    actor: &Actor,
    kind: SceneKind,
    level: Level,
    seed: u64,
    lang: Lang,
) -> AppResult<String> {
    let scene = scenes::generate(kind, level, seed);
    attempt::create(
        &app.db.pool,
        actor,
        &attempt::scene_item(&scene, lang),
        Origin {
            version_id: None,
            item_key: &SceneKey { kind, level, seed }.to_string(),
            scene: Some((seed as i64, i64::from(kind.version()))),
            option_order: None,
        },
        None,
        app.now(),
    )
    .await
}

/// A new attempt at a scene of the actor's wrong-answer book. Only seeds in the book: an exam
/// paper's seed must never open in practice, where the gold is shown after submitting.
pub async fn open_scene_seed(
    app: &App,
    actor: &Actor,
    kind: SceneKind,
    level: Level,
    seed: u64,
    lang: Lang,
) -> AppResult<String> {
    let key = SceneKey { kind, level, seed }.to_string();
    store::progress::review_get(&app.db.pool, &actor.user.id, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(a) = store::attempts::latest_by_key(&app.db.pool, &actor.user.id, &key).await?
        && a.submitted_at.is_none()
        && a.scene_version == Some(i64::from(kind.version()))
    {
        return Ok(a.id);
    }
    create_scene(app, actor, kind, level, seed, lang).await
}

/// One attempt of the actor's, with its subject.
pub async fn open_attempt(app: &App, actor: &Actor, id: &str, lang: Lang) -> AppResult<Opened> {
    let attempt = attempt::get(app, actor, id).await?;
    let subject = attempt::subject(app, actor, &attempt, lang).await?;
    Ok(Opened { subject, attempt })
}

/// The version's current practice attempt (the one its page opened).
async fn current_of_version(app: &App, actor: &Actor, version_id: &str) -> AppResult<String> {
    load(app, actor, version_id).await?;
    Ok(
        store::attempts::latest(&app.db.pool, &actor.user.id, version_id)
            .await?
            .ok_or(AppError::NotFound)?
            .id,
    )
}

/// Saves the answer of the version's current attempt (the page of a bank item).
pub async fn save(
    app: &App,
    actor: &Actor,
    version_id: &str,
    change: &Change<'_>,
    lang: Lang,
) -> AppResult<Saved> {
    let id = current_of_version(app, actor, version_id).await?;
    attempt::save(app, actor, &id, change, lang).await
}

/// Submits the version's current attempt: the score, each mistake explained, gold and
/// explanation.
pub async fn submit(
    app: &App,
    actor: &Actor,
    version_id: &str,
    change: &Change<'_>,
    lang: Lang,
) -> AppResult<Value> {
    let id = current_of_version(app, actor, version_id).await?;
    attempt::submit(app, actor, &id, change, lang).await
}

/// The next item to practise at a level (narrowed to a function, work content or skill), or
/// None when there is none.
pub async fn next(
    app: &App,
    actor: &Actor,
    level: Level,
    filter: store::practice::Filter<'_>,
) -> AppResult<Option<String>> {
    Ok(store::practice::pick_next(
        &app.db.pool,
        level,
        filter,
        actor.user.center_id.as_deref(),
        &actor.user.id,
    )
    .await?)
}

/// Practice items per level and function, for the index page.
pub async fn counts(app: &App, actor: &Actor) -> AppResult<Vec<(Level, String, i64)>> {
    Ok(store::practice::counts(&app.db.pool, actor.user.center_id.as_deref()).await?)
}
