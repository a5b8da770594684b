//! Practice (练习): open an item, save the answer as it is made, submit for an instant score
//! with the mistakes explained. Scores are computed here, on the server, never in the browser.

use serde_json::{Value, json};

use super::{Actor, App};
use crate::bank::{self, Item};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, t, tf};
use crate::scenes::{self, Scene, SceneKind};
use crate::store;
use crate::store::practice::{Attempt, PracticeItem};

/// Where the assets of an item key are served: the shipped banks' under `/bank-assets`, a
/// center's under `/center-assets/<center id>` (for that center's users only).
pub fn asset_base(item_key: &str) -> String {
    match item_key.split_once('/') {
        Some(("shipped", _)) | None => "/bank-assets".into(),
        Some((center, _)) => format!("/center-assets/{center}"),
    }
}

/// An item as a trainee sees it before answering: everything but the gold and explanation.
/// `asset_base` is [`asset_base`] of its key.
pub fn task_view(item: &Item, asset_base: &str) -> Value {
    let file = format!("level{}/item.toml", item.level);
    let url = |asset: &str| -> Option<String> {
        bank::resolve_asset(&file, asset)
            .ok()
            .map(|p| format!("{asset_base}/{p}"))
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

pub(crate) fn parse_item(p: &PracticeItem) -> AppResult<Item> {
    serde_json::from_str(&p.content)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored item {}: {e}", p.item_key)))
}

/// Practical answers at or above this score count as passed (the wrong-answer book keeps the
/// others): the exams' pass mark, 60 of 100.
pub const PASS_LINE: f64 = 0.6;

/// The theory kinds (理论知识); everything else is a practical (技能) task.
pub fn is_theory(kind: &str) -> bool {
    matches!(kind, "single_choice" | "multi_choice" | "true_false")
}

/// Whether a score passes: theory items must be fully right, practical tasks reach [`PASS_LINE`].
pub fn passes(kind: &str, score: f64) -> bool {
    if is_theory(kind) {
        score >= 1.0 - 1e-9
    } else {
        score >= PASS_LINE
    }
}

/// What an attempt answers: a bank item, or a generated scene dressed as one, with the URL of
/// its picture when that is not a bank asset.
pub struct Subject {
    pub item: Item,
    pub image_url: Option<String>,
    pub asset_base: String,
}

impl Subject {
    /// The task as the trainee sees it before answering (no gold, no explanation).
    pub fn view(&self) -> Value {
        let mut t = task_view(&self.item, &self.asset_base);
        if let Some(u) = &self.image_url {
            t["image_url"] = Value::String(u.clone());
        }
        t
    }
}

/// The skill a generated scene trains at each level: labeling itself at level 5 (2.1.2), the
/// correction of labels in review at level 4 (2.2.2), labeling guidance at level 3 (4.2.2), gold
/// test sets at level 2 (2.1.2) and their standards at level 1 (2.1.2). An exact labeler is
/// what each of these asks for; the bank's practical items of those levels use the same codes.
pub fn scene_skill(level: u8) -> &'static str {
    match level {
        4 => "2.2.2",
        3 => "4.2.2",
        _ => "2.1.2",
    }
}

/// The item key of a scene attempt: `scene/<kind>/<level>/<seed>`.
pub fn scene_key(kind: SceneKind, level: u8, seed: u64) -> String {
    format!("scene/{kind}/{level}/{seed}")
}

/// The URL of a scene's picture; the generator version is in the query so that a new generator
/// never meets an old cached picture.
pub fn scene_image_url(kind: SceneKind, level: u8, seed: u64) -> String {
    format!("/scenes/{kind}/{level}/{seed}.svg?v={}", kind.version())
}

/// A generated scene as a practice item: the prompt in `lang`, the specification, gold and
/// parameters from the generator.
pub fn scene_item(scene: &Scene, lang: Lang) -> Item {
    let kind = scene.kind();
    let task = scene.task();
    let obj = |k: &str| task.get(k).and_then(|v| v.as_object()).cloned();
    Item {
        id: format!("scene-{kind}-{}-{}", scene.level(), scene.seed()),
        kind: kind.task_kind().to_string(),
        level: scene.level(),
        skills: vec![scene_skill(scene.level()).to_string()],
        difficulty: 6 - scene.level(),
        uses: vec![bank::Use::Practice],
        group: None,
        points: None,
        prompt: t(lang, &format!("scenes.prompt.{kind}")).to_string(),
        // The generator writes one rule per line; Markdown would join them into one paragraph.
        spec: Some(scene.spec().replace('\n', "\n\n")),
        options: None,
        labels: Some(scene.labels().iter().map(|l| l.to_string()).collect()),
        attributes: obj("attributes"),
        image: scene
            .size()
            .map(|(width, height)| bank::ImageSize { width, height }),
        assets: vec![],
        text: scene.text().map(str::to_string),
        entries: None,
        fields: None,
        given: None,
        criteria: None,
        gold: Some(scene.gold()),
        params: obj("params"),
        explanation: tf(
            lang,
            "scenes.explanation",
            &[
                ("kind", t(lang, &format!("scenes.kind.{kind}")).to_string()),
                ("level", scene.level().to_string()),
                ("seed", scene.seed().to_string()),
                ("version", scene.version().to_string()),
            ],
        ),
        file: String::new(),
        line: 0,
    }
}

/// The subject of an attempt, rebuilt exactly: the stored item version, or the scene of its seed.
pub async fn subject(app: &App, actor: &Actor, a: &Attempt, lang: Lang) -> AppResult<Subject> {
    if let Some(v) = &a.version_id {
        let p =
            store::practice::item_version(&app.db.pool, v, actor.user.center_id.as_deref(), false)
                .await?
                .ok_or(AppError::NotFound)?;
        return Ok(Subject {
            item: parse_item(&p)?,
            image_url: None,
            asset_base: asset_base(&p.item_key),
        });
    }
    let bad = || AppError::Internal(anyhow::anyhow!("attempt {} has no subject", a.id));
    let mut parts = a.item_key.split('/');
    let (Some("scene"), Some(kind), Some(level), Some(seed)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let kind = SceneKind::parse(kind).ok_or_else(bad)?;
    let level: u8 = level.parse().map_err(|_| bad())?;
    let seed: u64 = seed.parse().map_err(|_| bad())?;
    if a.scene_version != Some(i64::from(kind.version())) {
        // The generator changed since: the same seed draws another scene. Say so rather than
        // score an answer against a picture the trainee never saw.
        return Err(AppError::conflict("scenes.outdated"));
    }
    let scene = scenes::generate(kind, level, seed).map_err(|_| bad())?;
    Ok(Subject {
        asset_base: String::new(),
        image_url: scene
            .kind()
            .is_image()
            .then(|| scene_image_url(kind, level, seed)),
        item: scene_item(&scene, lang),
    })
}

/// Where an attempt's subject comes from: a bank item version, or a scene's seed and version.
pub(crate) struct Origin<'a> {
    pub version_id: Option<&'a str>,
    pub item_key: &'a str,
    pub scene: Option<(i64, i64)>,
}

/// A new attempt at a subject for the actor (free practice, or part of a mock exam).
pub(crate) async fn create<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    actor: &Actor,
    item: &Item,
    origin: Origin<'_>,
    mock_id: Option<&str>,
    now: i64,
) -> AppResult<String> {
    let Origin {
        version_id,
        item_key,
        scene,
    } = origin;
    let id = crate::db::new_id();
    let skills = item.skills.join(",");
    store::practice::insert(
        e,
        &store::practice::NewAttempt {
            id: &id,
            user_id: &actor.user.id,
            version_id,
            item_key,
            scene,
            level: i64::from(item.level),
            component: if is_theory(&item.kind) {
                "theory"
            } else {
                "skill"
            },
            skills: &skills,
            mock_id,
        },
        now,
    )
    .await?;
    Ok(id)
}

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
    let item = parse_item(&p)?;
    Ok((p, item))
}

async fn attempt(app: &App, actor: &Actor, id: &str) -> AppResult<Attempt> {
    store::practice::by_id(&app.db.pool, &actor.user.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The user's current attempt at a version (a new one when there is none, or when `again` and
/// the last one was submitted).
pub async fn open(app: &App, actor: &Actor, version_id: &str, again: bool) -> AppResult<Opened> {
    let (p, item) = load(app, actor, version_id).await?;
    let latest = store::practice::latest(&app.db.pool, &actor.user.id, version_id).await?;
    let attempt = match latest {
        Some(a) if !(again && a.submitted_at.is_some()) => a,
        _ => {
            let id = create(
                &app.db.pool,
                actor,
                &item,
                Origin {
                    version_id: Some(&p.version_id),
                    item_key: &p.item_key,
                    scene: None,
                },
                None,
                app.now(),
            )
            .await?;
            self::attempt(app, actor, &id).await?
        }
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
    level: u8,
    again: bool,
    lang: Lang,
) -> AppResult<String> {
    if !(1..=5).contains(&level) {
        return Err(AppError::NotFound);
    }
    let prefix = format!("scene/{kind}/{level}/");
    let latest = store::practice::latest_with_prefix(&app.db.pool, &actor.user.id, &prefix).await?;
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
    level: u8,
    seed: u64,
    lang: Lang,
) -> AppResult<String> {
    let scene = scenes::generate(kind, level, seed).map_err(|_| AppError::NotFound)?;
    create(
        &app.db.pool,
        actor,
        &scene_item(&scene, lang),
        Origin {
            version_id: None,
            item_key: &scene_key(kind, level, seed),
            scene: Some((seed as i64, i64::from(kind.version()))),
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
    level: u8,
    seed: u64,
    lang: Lang,
) -> AppResult<String> {
    let key = scene_key(kind, level, seed);
    store::progress::review_get(&app.db.pool, &actor.user.id, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(a) = store::practice::latest_by_key(&app.db.pool, &actor.user.id, &key).await?
        && a.submitted_at.is_none()
        && a.scene_version == Some(i64::from(kind.version()))
    {
        return Ok(a.id);
    }
    create_scene(app, actor, kind, level, seed, lang).await
}

/// One attempt of the actor's, with its subject.
pub async fn open_attempt(app: &App, actor: &Actor, id: &str, lang: Lang) -> AppResult<Opened> {
    let attempt = attempt(app, actor, id).await?;
    let subject = subject(app, actor, &attempt, lang).await?;
    Ok(Opened { subject, attempt })
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

/// The version's current practice attempt (the one its page opened).
async fn current_of_version(app: &App, actor: &Actor, version_id: &str) -> AppResult<String> {
    load(app, actor, version_id).await?;
    Ok(
        store::practice::latest(&app.db.pool, &actor.user.id, version_id)
            .await?
            .ok_or(AppError::NotFound)?
            .id,
    )
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
    let id = current_of_version(app, actor, version_id).await?;
    save_attempt(app, actor, &id, answer, seq, flagged, lang).await
}

/// Saves the answer of an open attempt when `seq` is newer than the stored one.
pub async fn save_attempt(
    app: &App,
    actor: &Actor,
    id: &str,
    answer: &Value,
    seq: i64,
    flagged: bool,
    lang: Lang,
) -> AppResult<Saved> {
    let a = attempt(app, actor, id).await?;
    if let Some(m) = &a.mock_id {
        super::mock::ensure_open(app, m).await?;
    }
    let now = app.now();
    if store::practice::save(&app.db.pool, id, &answer.to_string(), seq, flagged, now).await? {
        Ok(Saved::Ok { seq, saved_at: now })
    } else {
        let current = self::attempt(app, actor, id).await?;
        let subject = subject(app, actor, &current, lang).await?;
        Ok(Saved::Stale(state(&current, &subject.item, lang)))
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
    let id = current_of_version(app, actor, version_id).await?;
    submit_attempt(app, actor, &id, answer, seq, lang).await
}

/// Scores an answer against a subject's gold, on the server.
pub(crate) fn grade(item: &Item, answer: &Value) -> AppResult<crate::scoring::ScoreResult> {
    let task = bank::to_task(item);
    crate::scoring::score(&task, &json!({ "answer": answer })).map_err(|e| {
        if e.is_answer_error() {
            AppError::BadRequest {
                key: "practice.bad_answer",
                args: vec![("detail", e.to_string())],
            }
        } else {
            AppError::Internal(anyhow::anyhow!("item {}: {e}", item.id))
        }
    })
}

/// Submits a free-practice attempt: scored at once, entered into (or moved along) the
/// wrong-answer book, and returned with messages, gold and explanation.
pub async fn submit_attempt(
    app: &App,
    actor: &Actor,
    id: &str,
    answer: &Value,
    seq: i64,
    lang: Lang,
) -> AppResult<Value> {
    let a = attempt(app, actor, id).await?;
    if a.mock_id.is_some() {
        // A mock exam is scored as a whole, when the paper is handed in.
        return Err(AppError::conflict("mock.submit_paper"));
    }
    if a.submitted_at.is_some() {
        return Err(AppError::conflict("practice.already_submitted"));
    }
    let subject = subject(app, actor, &a, lang).await?;
    let result = grade(&subject.item, answer)?;
    let stored = serde_json::to_value(&result).map_err(|e| AppError::Internal(e.into()))?;
    let now = app.now();
    let passed = passes(&subject.item.kind, result.score);
    let mut tx = app.db.begin_write().await?;
    let scored = store::practice::Scored {
        answer: Some(&answer.to_string()),
        seq,
        score: result.score,
        passed,
        result: &stored.to_string(),
    };
    if !store::practice::submit(&mut *tx, id, &scored, now).await? {
        return Err(AppError::conflict("practice.already_submitted"));
    }
    super::progress::record_outcome(&mut tx, app, &a, passed, now).await?;
    tx.commit().await?;
    Ok(present(stored, &subject.item, lang))
}

/// The next item to practise at a level (narrowed to a function, work content or skill), or
/// None when there is none.
pub async fn next(
    app: &App,
    actor: &Actor,
    level: u8,
    filter: store::practice::Filter<'_>,
) -> AppResult<Option<String>> {
    Ok(store::practice::pick_next(
        &app.db.pool,
        level as i64,
        filter,
        actor.user.center_id.as_deref(),
        &actor.user.id,
    )
    .await?)
}

/// Practice items per level and function, for the index page.
pub async fn counts(app: &App, actor: &Actor) -> AppResult<Vec<(i64, String, i64)>> {
    Ok(store::practice::counts(&app.db.pool, actor.user.center_id.as_deref()).await?)
}
