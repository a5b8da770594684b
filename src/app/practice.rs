//! Practice (练习): open an item, save the answer as it is made, submit for an instant score
//! with the mistakes explained. Scores are computed here, on the server, never in the browser.

use serde_json::{Value, json};

use super::{Actor, App};
use crate::bank::{self, Item};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, tf};
use crate::store;
use crate::store::practice::{Attempt, PracticeItem};

/// An item as a trainee sees it before answering: everything but the gold and explanation.
pub fn task_view(item: &Item) -> Value {
    let file = format!("level{}/item.toml", item.level);
    let url = |asset: &str| -> Option<String> {
        bank::resolve_asset(&file, asset)
            .ok()
            .map(|p| format!("/bank-assets/{p}"))
    };
    let is_audio = |a: &str| {
        [".ogg", ".wav", ".mp3", ".m4a", ".opus"]
            .iter()
            .any(|x| a.ends_with(x))
    };
    let mut t = json!({
        "item_id": item.id,
        "kind": item.kind,
        "prompt_html": crate::markdown::to_html(&item.prompt),
    });
    let o = t.as_object_mut().expect("an object");
    if let Some(s) = &item.spec {
        o.insert(
            "spec_html".into(),
            Value::String(crate::markdown::to_html(s)),
        );
    }
    if let Some(i) = item.image {
        o.insert(
            "image".into(),
            json!({ "width": i.width, "height": i.height }),
        );
    }
    if let Some(img) = item
        .assets
        .iter()
        .find(|a| !is_audio(a))
        .and_then(|a| url(a))
    {
        o.insert("image_url".into(), Value::String(img));
    }
    if let Some(audio) = item
        .assets
        .iter()
        .find(|a| is_audio(a))
        .and_then(|a| url(a))
    {
        o.insert("audio_url".into(), Value::String(audio));
    }
    for (key, v) in [
        ("labels", item.labels.as_ref().map(|l| json!(l))),
        ("attributes", item.attributes.clone().map(Value::Object)),
        ("text", item.text.clone().map(Value::String)),
        ("options", item.options.as_ref().map(|x| json!(x))),
        (
            "fields",
            item.fields
                .as_ref()
                .and_then(|f| serde_json::to_value(f).ok()),
        ),
        (
            "given",
            item.given
                .as_ref()
                .map(|g| Value::Array(g.iter().cloned().map(Value::Object).collect())),
        ),
    ] {
        if let Some(v) = v {
            o.insert(key.into(), v);
        }
    }
    if let Some(entries) = &item.entries {
        let list: Vec<Value> = entries
            .iter()
            .map(|e| {
                let mut m = json!({ "id": e.id });
                if let Some(t) = &e.text {
                    m["text"] = Value::String(t.clone());
                }
                if let Some(u) = e.asset.as_deref().and_then(url) {
                    m["asset_url"] = Value::String(u);
                }
                m
            })
            .collect();
        o.insert("entries".into(), Value::Array(list));
    }
    t
}

fn parse_item(p: &PracticeItem) -> AppResult<Item> {
    serde_json::from_str(&p.content)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored item {}: {e}", p.item_key)))
}

pub struct Opened {
    pub item: Item,
    pub version_id: String,
    pub attempt: Attempt,
}

async fn load(app: &App, actor: &Actor, version_id: &str) -> AppResult<(PracticeItem, Item)> {
    let p =
        store::practice::item_version(&app.db.pool, version_id, actor.user.center_id.as_deref())
            .await?
            .ok_or(AppError::NotFound)?;
    let item = parse_item(&p)?;
    Ok((p, item))
}

/// The user's current attempt at a version (a new one when there is none, or when `again` and
/// the last one was submitted).
pub async fn open(app: &App, actor: &Actor, version_id: &str, again: bool) -> AppResult<Opened> {
    let (p, item) = load(app, actor, version_id).await?;
    let latest = store::practice::latest(&app.db.pool, &actor.user.id, version_id).await?;
    let attempt = match latest {
        Some(a) if !(again && a.submitted_at.is_some()) => a,
        _ => {
            let id = crate::db::new_id();
            store::practice::insert(&app.db.pool, &id, &actor.user.id, &p, app.now()).await?;
            store::practice::latest(&app.db.pool, &actor.user.id, version_id)
                .await?
                .ok_or(AppError::NotFound)?
        }
    };
    Ok(Opened {
        item,
        version_id: p.version_id,
        attempt,
    })
}

/// What the page needs to restore the workbench: answer, seq, saved time, result.
pub fn state(attempt: &Attempt, item: &Item, lang: Lang) -> Value {
    let answer = attempt
        .answer
        .as_deref()
        .and_then(|a| serde_json::from_str::<Value>(a).ok());
    let result = attempt
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str::<Value>(r).ok())
        .map(|r| present(r, item, lang));
    json!({
        "answer": answer,
        "seq": attempt.seq,
        "saved_at": attempt.saved_at,
        "flagged": attempt.flagged != 0,
        "result": result,
    })
}

/// A stored score result with the feedback messages in `lang`, the gold and the explanation.
pub fn present(mut result: Value, item: &Item, lang: Lang) -> Value {
    if let Some(list) = result.get_mut("feedback").and_then(|f| f.as_array_mut()) {
        for f in list.iter_mut() {
            if let Ok(fb) = serde_json::from_value::<crate::scoring::Feedback>(f.clone()) {
                let key = format!("feedback.{}", crate::scoring::feedback_key(&fb));
                f["message"] = Value::String(tf(lang, &key, &crate::scoring::feedback_args(&fb)));
            }
        }
    }
    result["gold"] = item.gold.clone().unwrap_or(Value::Null);
    result["explanation_html"] = Value::String(crate::markdown::to_html(&item.explanation));
    result
}

pub enum Saved {
    Ok {
        seq: i64,
        saved_at: i64,
    },
    /// The seq was stale or the attempt already submitted: here is the current state.
    Stale(Value),
}

async fn open_attempt(app: &App, actor: &Actor, version_id: &str) -> AppResult<(Item, Attempt)> {
    let (_, item) = load(app, actor, version_id).await?;
    let attempt = store::practice::latest(&app.db.pool, &actor.user.id, version_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((item, attempt))
}

pub async fn save(
    app: &App,
    actor: &Actor,
    version_id: &str,
    answer: &Value,
    seq: i64,
    flagged: bool,
    lang: Lang,
) -> AppResult<Saved> {
    let (item, attempt) = open_attempt(app, actor, version_id).await?;
    let now = app.now();
    let text = answer.to_string();
    if store::practice::save(&app.db.pool, &attempt.id, &text, seq, flagged, now).await? {
        Ok(Saved::Ok { seq, saved_at: now })
    } else {
        let current = store::practice::latest(&app.db.pool, &actor.user.id, version_id)
            .await?
            .unwrap_or(attempt);
        Ok(Saved::Stale(state(&current, &item, lang)))
    }
}

/// Scores the answer, stores the result, and returns it with messages, gold and explanation.
pub async fn submit(
    app: &App,
    actor: &Actor,
    version_id: &str,
    answer: &Value,
    seq: i64,
    lang: Lang,
) -> AppResult<Value> {
    let (item, attempt) = open_attempt(app, actor, version_id).await?;
    if attempt.submitted_at.is_some() {
        return Err(AppError::conflict("practice.already_submitted"));
    }
    let task = bank::to_task(&item);
    let result = crate::scoring::score(&task, &json!({ "answer": answer })).map_err(|e| {
        if e.is_answer_error() {
            AppError::BadRequest {
                key: "practice.bad_answer",
                args: vec![("detail", e.to_string())],
            }
        } else {
            AppError::Internal(anyhow::anyhow!("item {}: {e}", item.id))
        }
    })?;
    let stored = serde_json::to_value(&result).map_err(|e| AppError::Internal(e.into()))?;
    let now = app.now();
    if !store::practice::submit(
        &app.db.pool,
        &attempt.id,
        &answer.to_string(),
        seq,
        result.score,
        &stored.to_string(),
        now,
    )
    .await?
    {
        return Err(AppError::conflict("practice.already_submitted"));
    }
    Ok(present(stored, &item, lang))
}

/// The next item to practise at a level (and function), or None when there is none.
pub async fn next(
    app: &App,
    actor: &Actor,
    level: u8,
    function: Option<&str>,
) -> AppResult<Option<String>> {
    Ok(store::practice::pick_next(
        &app.db.pool,
        level as i64,
        function.unwrap_or(""),
        actor.user.center_id.as_deref(),
        &actor.user.id,
    )
    .await?)
}

/// Practice items per level and function, for the index page.
pub async fn counts(app: &App, actor: &Actor) -> AppResult<Vec<(i64, String, i64)>> {
    Ok(store::practice::counts(&app.db.pool, actor.user.center_id.as_deref()).await?)
}
