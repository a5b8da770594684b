//! The attempt engine (作答): what an attempt answers, and its save, submit and hand-in — one
//! path for practice of bank items, generated scenes and mock exams (and exam sessions next).
//! The rules are `exam::attempt`'s (pure); every change is atomic in `store::attempts`: a save
//! is either in the graded answer or refused, never acknowledged and lost.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Actor, App};
use crate::bank::{self, Item};
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::attempt::{self as rules, Attempt, Facts, Refusal};
use crate::exam::key::SceneKey;
use crate::exam::paper::Breakdown;
use crate::i18n::{Lang, t, tf};
use crate::scenes::{self, Scene, SceneKind};
use crate::store;
use crate::store::attempts::Landed;
use crate::store::practice::PracticeItem;

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
    let kind = item.kind();
    let task = &item.task;
    let mut t = json!({
        "item_id": item.id,
        "kind": kind,
        "editor": kind.editor(),
        "theory": kind.is_theory(),
        "prompt_html": crate::markdown::to_html(&item.prompt),
    });
    let Some(o) = t.as_object_mut() else {
        return t;
    };
    let assets = AssetUrls {
        file: format!("level{}/item.toml", item.level),
        base: asset_base,
    };
    let image = item.assets.iter().find(|a| !is_audio(a));
    let audio = item.assets.iter().find(|a| is_audio(a));
    for (key, v) in [
        (
            "spec_html",
            item.spec
                .as_deref()
                .map(|s| json!(crate::markdown::to_html(s))),
        ),
        (
            "image",
            task.image
                .map(|i| json!({ "width": i.width, "height": i.height })),
        ),
        (
            "image_url",
            image.and_then(|a| assets.url(a)).map(Value::String),
        ),
        (
            "audio_url",
            audio.and_then(|a| assets.url(a)).map(Value::String),
        ),
        ("labels", task.labels.as_ref().map(|l| json!(l))),
        ("attributes", task.attributes.clone().map(Value::Object)),
        ("text", task.text.clone().map(Value::String)),
        ("options", task.options.as_ref().map(|x| json!(x))),
        (
            "fields",
            task.fields
                .as_ref()
                .and_then(|f| serde_json::to_value(f).ok()),
        ),
        (
            "given",
            task.given
                .as_ref()
                .map(|g| Value::Array(g.iter().cloned().map(Value::Object).collect())),
        ),
        (
            "entries",
            task.entries.as_ref().map(|e| entries_view(e, &assets)),
        ),
        // What a written answer is judged on: the criteria's names and points only (their
        // guides and bands describe good answers, which would answer the task).
        (
            "criteria",
            task.criteria.as_ref().map(|cs| {
                Value::Array(
                    cs.iter()
                        .map(|c| json!({"id": c.id, "text": c.text, "max": c.max}))
                        .collect(),
                )
            }),
        ),
    ] {
        if let Some(v) = v {
            o.insert(key.into(), v);
        }
    }
    t
}

/// Where an item's assets are served: bank paths resolved against its level folder.
struct AssetUrls<'a> {
    file: String,
    base: &'a str,
}

impl AssetUrls<'_> {
    fn url(&self, asset: &str) -> Option<String> {
        bank::resolve_asset(&self.file, asset)
            .ok()
            .map(|p| format!("{}/{p}", self.base))
    }
}

fn is_audio(asset: &str) -> bool {
    [".ogg", ".wav", ".mp3", ".m4a", ".opus"]
        .iter()
        .any(|x| asset.ends_with(x))
}

/// `classify` / `select` entries as the workbench shows them: id, text, and the asset's URL.
fn entries_view(entries: &[bank::Entry], assets: &AssetUrls<'_>) -> Value {
    entries
        .iter()
        .map(|e| {
            let mut m = json!({ "id": e.id });
            if let Some(t) = &e.text {
                m["text"] = Value::String(t.clone());
            }
            if let Some(u) = e.asset.as_deref().and_then(|a| assets.url(a)) {
                m["asset_url"] = Value::String(u);
            }
            m
        })
        .collect()
}

pub(crate) fn parse_item(p: &PracticeItem) -> AppResult<Item> {
    serde_json::from_str(&p.content)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored item {}: {e}", p.item_key)))
}

/// What an attempt answers: a bank item, or a generated scene dressed as one, with the URL of
/// its picture when that is not a bank asset.
pub struct Subject {
    pub item: Item,
    pub image_url: Option<String>,
    pub asset_base: String,
}

impl Subject {
    /// The task as the trainee sees it before answering (no gold, no explanation), with the
    /// display names of its labels and attribute values in `lang`.
    pub fn view(&self, lang: Lang) -> Value {
        let mut t = task_view(&self.item, &self.asset_base);
        if let Some(u) = &self.image_url {
            t["image_url"] = Value::String(u.clone());
        }
        t["names"] = Value::Object(display_names(&self.item, lang));
        t
    }
}

/// `{key: display name}` in `lang` of an item's labels, attribute keys and values
/// ([`bank::names`]).
pub fn display_names(item: &Item, lang: Lang) -> serde_json::Map<String, Value> {
    let keys = bank::names::word_keys(item.task.labels.as_deref(), item.task.attributes.as_ref());
    bank::names::display_names(&keys, item.names.as_ref(), lang)
}

/// The skill a generated scene trains at each level: labeling itself at level 5 (2.1.2), the
/// correction of labels in review at level 4 (2.2.2), labeling guidance at level 3 (4.2.2), gold
/// test sets at level 2 (2.1.2) and their standards at level 1 (2.1.2). An exact labeler is
/// what each of these asks for; the bank's practical items of those levels use the same codes.
pub fn scene_skill(level: Level) -> &'static str {
    match level.get() {
        4 => "2.2.2",
        3 => "4.2.2",
        _ => "2.1.2",
    }
}

/// The URL of a scene's picture; the generator version is in the query so that a new generator
/// never meets an old cached picture.
pub fn scene_image_url(kind: SceneKind, level: Level, seed: u64) -> String {
    format!("/scenes/{kind}/{level}/{seed}.svg?v={}", kind.version())
}

/// A generated scene as a practice item: the prompt in `lang`, the specification, gold and
/// parameters from the generator.
pub fn scene_item(scene: &Scene, lang: Lang) -> Item {
    let kind = scene.kind();
    let source = scene.task();
    let obj = |k: &str| source.get(k).and_then(|v| v.as_object()).cloned();
    let task = crate::scoring::Task {
        labels: Some(scene.labels().iter().map(|l| l.to_string()).collect()),
        attributes: obj("attributes"),
        image: scene
            .size()
            .map(|(width, height)| bank::ImageSize { width, height }),
        text: scene.text().map(str::to_string),
        gold: Some(scene.gold()),
        params: obj("params"),
        ..crate::scoring::Task::new(kind.scoring_kind())
    };
    Item {
        id: format!("scene-{kind}-{}-{}", scene.level(), scene.seed()),
        level: scene.level().get(),
        skills: vec![scene_skill(scene.level()).to_string()],
        difficulty: 6 - scene.level().get(),
        uses: vec![bank::Use::Practice],
        group: None,
        points: None,
        prompt: t(lang, &format!("scenes.prompt.{kind}")).to_string(),
        // The generator writes one rule per line; Markdown would join them into one paragraph.
        spec: Some(scene.spec().replace('\n', "\n\n")),
        shuffle: true,
        names: None,
        assets: vec![],
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
        task,
        file: String::new(),
        line: 0,
    }
}

/// An item version as cached: its item key, the item, and whether its options keep the
/// bank's order ([`crate::exam::shuffle::keeps_order`], which reads every option's text).
pub(crate) struct Version {
    pub key: String,
    pub item: Item,
    pub keeps_order: bool,
}

/// Parsed item versions, by id. A version never changes (a changed item is a new version), so
/// any instance may keep them: a paper of 200 questions is read once, not 200 queries and 200
/// JSON parses at every fetch and hand-in. Bounded: emptied when full.
type VersionCache = std::collections::HashMap<String, std::sync::Arc<Version>>;
static VERSIONS: std::sync::LazyLock<std::sync::Mutex<VersionCache>> =
    std::sync::LazyLock::new(Default::default);
const MAX_CACHED_VERSIONS: usize = 20_000;

/// An item version visible to the actor: shipped, or its center's.
async fn version(app: &App, actor: &Actor, id: &str) -> AppResult<std::sync::Arc<Version>> {
    version_of_center(app, actor.user.center_id.as_deref(), id).await
}

/// An item version that a center may use: shipped, or its own.
pub(crate) async fn version_of_center(
    app: &App,
    center: Option<&str>,
    id: &str,
) -> AppResult<std::sync::Arc<Version>> {
    let cached = VERSIONS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(id)
        .cloned();
    if let Some(v) = cached {
        return if visible_to(center, &v.key) {
            Ok(v)
        } else {
            Err(AppError::NotFound)
        };
    }
    let p = store::practice::item_version(&app.db.pool, id, center, false)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = parse_item(&p)?;
    let v = std::sync::Arc::new(Version {
        keeps_order: crate::exam::shuffle::keeps_order(&item),
        key: p.item_key,
        item,
    });
    let mut map = VERSIONS.lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= MAX_CACHED_VERSIONS {
        map.clear();
    }
    map.insert(id.to_string(), v.clone());
    Ok(v)
}

/// Whether a center's people may use the items of a key: shipped, or the center's own.
fn visible_to(center: Option<&str>, item_key: &str) -> bool {
    match item_key.split_once('/') {
        Some(("shipped", _)) => true,
        Some((owner, _)) => center == Some(owner),
        None => false,
    }
}

/// Task views of item versions in the bank's order of options, as [`Subject::view`] gives
/// them, by version and language (with the item key, for [`visible_to`]): a view is a pure
/// function of those, and a paper of 200 questions would otherwise render 200 Markdown
/// prompts at every fetch. A person's order of options is applied to a copy. Bounded like
/// [`VERSIONS`].
type ViewCache = std::collections::HashMap<(String, Lang), std::sync::Arc<(String, Value)>>;
static VIEWS: std::sync::LazyLock<std::sync::Mutex<ViewCache>> =
    std::sync::LazyLock::new(Default::default);

/// The task of an attempt as its trainee sees it before answering ([`Subject::view`]).
pub async fn view_of(app: &App, actor: &Actor, a: &Attempt, lang: Lang) -> AppResult<Value> {
    let Some(v) = &a.version_id else {
        return Ok(subject(app, actor, a, lang).await?.view(lang));
    };
    let key = (v.clone(), lang);
    let hit = VIEWS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&key)
        .cloned();
    let cached = match hit {
        Some(hit) if visible_to(actor.user.center_id.as_deref(), &hit.0) => hit,
        Some(_) => return Err(AppError::NotFound),
        None => {
            let v = version(app, actor, v).await?;
            let view = Subject {
                asset_base: asset_base(&v.key),
                item: v.item.clone(),
                image_url: None,
            }
            .view(lang);
            let entry = std::sync::Arc::new((v.key.clone(), view));
            let mut map = VIEWS.lock().unwrap_or_else(|p| p.into_inner());
            if map.len() >= MAX_CACHED_VERSIONS {
                map.clear();
            }
            map.insert(key, entry.clone());
            entry
        }
    };
    Ok(in_order(cached.1.clone(), a.option_order.as_deref()))
}

/// A task view in the bank's order of options, shown in a person's `order` as
/// [`crate::exam::shuffle::present`] shows the item.
fn in_order(mut view: Value, order: Option<&[u8]>) -> Value {
    if let (Some(order), Some(kind), Some(Value::Array(options))) = (
        order,
        view.get("kind")
            .and_then(Value::as_str)
            .and_then(crate::scoring::Kind::parse),
        view.get("options"),
    ) && let Some(shown) = crate::exam::shuffle::shown(kind, options, order)
    {
        view["options"] = Value::Array(shown);
    }
    view
}

/// The subject of an attempt, rebuilt exactly: the stored item version, or the scene of its seed.
pub async fn subject(app: &App, actor: &Actor, a: &Attempt, lang: Lang) -> AppResult<Subject> {
    if let Some(v) = &a.version_id {
        let v = version(app, actor, v).await?;
        return Ok(Subject {
            // Shown, answered and graded in the person's own order of options.
            item: match &a.option_order {
                Some(order) => crate::exam::shuffle::present(&v.item, order),
                None => v.item.clone(),
            },
            image_url: None,
            asset_base: asset_base(&v.key),
        });
    }
    let bad = || AppError::Internal(anyhow::anyhow!("attempt {} has no subject", a.id));
    if let Some(paper) = &a.mock_id
        && let Some((item, svg)) = store::exams::scene(&app.db.pool, &a.id).await?
    {
        // A scene of an exam paper, frozen when drawn, its picture under the paper's URL.
        let item: Item = serde_json::from_str(&item)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("frozen scene {}: {e}", a.id)))?;
        return Ok(Subject {
            item,
            image_url: svg.map(|_| format!("/exams/papers/{paper}/scenes/{}.svg", a.id)),
            asset_base: String::new(),
        });
    }
    let SceneKey { kind, level, seed } = a.item_key.scene().ok_or_else(bad)?;
    if a.scene_version != Some(i64::from(kind.version())) {
        // The generator changed since: the same seed draws another scene. Say so rather than
        // score an answer against a picture the trainee never saw.
        return Err(AppError::conflict("outdated", "scenes.outdated"));
    }
    let scene = scenes::generate(kind, level, seed);
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
    /// The shown order of a choice question's options (`exam::shuffle::to_text`).
    pub option_order: Option<&'a str>,
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
    let id = crate::db::new_id();
    store::attempts::insert(e, &new_attempt(&id, actor, item, origin, mock_id), now).await?;
    Ok(id)
}

/// The row of a new attempt `id` at a subject for the actor.
pub(crate) fn new_attempt<'a>(
    id: &'a str,
    actor: &'a Actor,
    item: &'a Item,
    origin: Origin<'a>,
    mock_id: Option<&'a str>,
) -> store::attempts::NewAttempt<'a> {
    let Origin {
        version_id,
        item_key,
        scene,
        option_order,
    } = origin;
    store::attempts::NewAttempt {
        id,
        user_id: &actor.user.id,
        version_id,
        item_key,
        scene,
        level: item.level,
        component: if item.is_theory() {
            Component::Theory
        } else {
            Component::Skill
        },
        skills: &item.skills,
        mock_id,
        option_order,
    }
}

/// What the page needs to restore the workbench: answer, seq, saved time, result. `item` is
/// the attempt's subject (in the attempt's order of options).
pub fn state(attempt: &Attempt, item: &Item, lang: Lang) -> Value {
    let order = attempt.option_order.as_deref();
    let result = attempt
        .result
        .clone()
        .map(|r| present(r, item, order, lang));
    json!({
        "answer": attempt.answer,
        "seq": attempt.seq,
        "saved_at": attempt.saved_at,
        "flagged": attempt.flagged,
        "result": result,
    })
}

/// A stored score result with the feedback messages in `lang`, the gold and the explanation.
/// `item` is the subject as shown (options in `order`, gold in the shown letters); the
/// explanation stays in the bank's letters, and when it names options by letter in a shuffled
/// attempt it starts with a line that maps them ([`letter_note`]).
pub fn present(mut result: Value, item: &Item, order: Option<&[u8]>, lang: Lang) -> Value {
    if let Some(list) = result.get_mut("feedback").and_then(|f| f.as_array_mut()) {
        let names = display_names(item, lang);
        for f in list.iter_mut() {
            if let Ok(fb) = serde_json::from_value::<crate::scoring::Feedback>(f.clone()) {
                let key = format!("feedback.{}", crate::scoring::feedback_key(&fb));
                let mut args = crate::scoring::feedback_args(&fb);
                bank::names::name_feedback_args(&mut args, &names);
                f["message"] = Value::String(tf(lang, &key, &args));
            }
        }
    }
    result["gold"] = item.task.gold.clone().unwrap_or(Value::Null);
    let mut html = crate::markdown::to_html(&item.explanation);
    if let Some(note) = order.and_then(|o| letter_note(&item.explanation, o, lang)) {
        html = format!(
            "<p class=\"wb-letter-map\">{}</p>\n{html}",
            escape_html(&note)
        );
    }
    result["explanation_html"] = Value::String(html);
    result
}

/// “解析中的选项字母按题库原顺序：题库 A = 你看到的 C，…” when the options were shown in
/// another order than the bank's and `explanation` names options by letter
/// (`shuffle::names_letters`); `None` otherwise.
pub fn letter_note(explanation: &str, order: &[u8], lang: Lang) -> Option<String> {
    use crate::exam::shuffle;
    if shuffle::is_identity(order) || !shuffle::names_letters(explanation, order.len()) {
        return None;
    }
    let pairs = shuffle::letter_map(order);
    if pairs.is_empty() {
        return None;
    }
    let pairs: Vec<String> = pairs
        .into_iter()
        .map(|(bank, shown)| {
            tf(
                lang,
                "practice.letter_pair",
                &[("bank", bank), ("shown", shown)],
            )
        })
        .collect();
    Some(tf(
        lang,
        "practice.letter_map",
        &[("pairs", pairs.join(t(lang, "practice.letter_sep")))],
    ))
}

/// Text as HTML text (`&`, `<`, `>`, `"`).
fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One attempt of the actor's (404 for anyone else's).
pub async fn get(app: &App, actor: &Actor, id: &str) -> AppResult<Attempt> {
    store::attempts::by_id(&app.db.pool, &actor.user.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The answer a save carries.
pub struct Change<'a> {
    pub answer: &'a Value,
    pub seq: i64,
    pub flagged: bool,
    /// The hash of the browser it comes from (exam papers take answers from one device only).
    pub device: Option<&'a str>,
}

/// What a save came to.
pub enum Saved {
    Ok {
        seq: i64,
        saved_at: i64,
    },
    /// The seq was stale: here is the current state, to adopt.
    Stale(Value),
}

/// What the attempt's own row tells: enough for a save, whose paper (deadline, hand-in) is
/// checked atomically by `store::attempts::hold_paper` instead of read here first.
fn own_facts(a: &Attempt) -> Facts {
    Facts {
        submitted_at: a.submitted_at,
        graded: a.score.is_some(),
        in_paper: a.mock_id.is_some(),
        ..Facts::default()
    }
}

/// The state of an attempt now, for a change from `device`, with the facts of its paper when
/// it has one.
async fn facts(app: &App, a: &Attempt, device: Option<&str>) -> AppResult<Facts> {
    let mut f = own_facts(a);
    if let Some(m) = &a.mock_id {
        let mock = store::mock::get(&app.db.pool, &a.user_id, m)
            .await?
            .ok_or(AppError::NotFound)?;
        f.in_paper = true;
        f.deadline = Some(mock.deadline_at);
        f.paper_closed = mock.submitted_at.is_some();
        if let Some(x) = &mock.exam {
            f.paused = x.timing.is_paused();
            f.foreign_device = x.device.as_deref() != device;
        }
    }
    Ok(f)
}

/// A refusal as the API answers it: 409 with a code that tells them apart (`stale` carries
/// the current state, see [`Saved::Stale`]), or 400 for a seq out of range.
fn refused(r: Refusal) -> AppError {
    match r {
        Refusal::Stale => AppError::conflict("stale", "attempt.stale"),
        Refusal::Closed => AppError::conflict("closed", "mock.closed"),
        Refusal::Submitted => AppError::conflict("submitted", "practice.already_submitted"),
        Refusal::BadSeq => AppError::bad_request("attempt.bad_seq"),
        Refusal::Paused => AppError::conflict("paused", "exam.paused"),
        Refusal::Device => AppError::conflict("device", "exam.device_locked"),
    }
}

/// Saves the answer of an open attempt when `seq` is newer than the stored one. A question of
/// a mock paper is saved while holding the paper, so that a hand-in either sees this save or
/// makes it fail: never both "saved" and lost. Saves arriving together are committed together
/// (`app::writes`).
pub async fn save(
    app: &App,
    actor: &Actor,
    id: &str,
    change: &Change<'_>,
    lang: Lang,
) -> AppResult<Saved> {
    let a = get(app, actor, id).await?;
    let now = app.now();
    // The hot path (an autosave a second) reads only the attempt; the paper is read when the
    // answer is not the plain "saved".
    match rules::check_change(&own_facts(&a), now, a.seq, change.seq) {
        Ok(()) => {}
        Err(Refusal::Stale) => {
            return refused_or_stale(app, actor, &a, change.device, now, lang).await;
        }
        Err(r) => return Err(refused(r)),
    }
    let landed = app
        .writes
        .save(store::attempts::NewSave {
            id: id.to_string(),
            mock_id: a.mock_id.clone(),
            device: change.device.map(str::to_string),
            answer: change.answer.to_string(),
            seq: change.seq,
            flagged: change.flagged,
            now,
        })
        .await?;
    match landed {
        Landed::Saved => {
            return Ok(Saved::Ok {
                seq: change.seq,
                saved_at: now,
            });
        }
        Landed::PaperClosed => {
            // Handed in, out of time, paused, or another browser's: say which.
            let f = facts(app, &a, change.device).await?;
            return Err(refused(Refusal::of(&f, now).unwrap_or(Refusal::Closed)));
        }
        Landed::NotSaved => {}
    }
    // Lost a race: another save (stale) or the submit (closed) got there first.
    let current = get(app, actor, id).await?;
    refused_or_stale(app, actor, &current, change.device, now, lang).await
}

/// A save that did not land: refused when the attempt (or its paper) is closed, otherwise
/// stale, with the current state to adopt.
async fn refused_or_stale(
    app: &App,
    actor: &Actor,
    a: &Attempt,
    device: Option<&str>,
    now: i64,
    lang: Lang,
) -> AppResult<Saved> {
    if let Some(r) = Refusal::of(&facts(app, a, device).await?, now) {
        return Err(refused(r));
    }
    let subject = subject(app, actor, a, lang).await?;
    Ok(Saved::Stale(state(a, &subject.item, lang)))
}

/// Scores an answer against a subject's gold, on the server.
/// A malformed answer is a 400 whose detail (with the JSON path) is in `lang`.
pub(crate) fn grade(
    item: &Item,
    answer: &Value,
    lang: Lang,
) -> AppResult<crate::scoring::ScoreResult> {
    crate::scoring::score_task(&item.task, &json!({ "answer": answer })).map_err(|e| {
        if e.is_answer_error() {
            AppError::BadRequest {
                key: "practice.bad_answer",
                args: vec![("detail", e.message(lang))],
            }
        } else {
            AppError::Internal(anyhow::anyhow!("item {}: {e}", item.id))
        }
    })
}

/// Whether a score counts as passed for the attempt's question (the wrong-answer book and
/// progress follow it): the curriculum's pass mark of its level and component.
pub fn passed(a: &Attempt, score: f64) -> bool {
    let fraction = curriculum::shipped().pass_fraction(a.level.get(), a.component);
    rules::item_passed(a.component, score, fraction)
}

/// Submits a free-practice attempt with its last answer: scored at once, entered into (or
/// moved along) the wrong-answer book, and returned with messages, gold and explanation.
pub async fn submit(
    app: &App,
    actor: &Actor,
    id: &str,
    change: &Change<'_>,
    lang: Lang,
) -> AppResult<Value> {
    let a = get(app, actor, id).await?;
    if a.mock_id.is_some() {
        // A mock exam is scored as a whole, when the paper is handed in.
        return Err(AppError::conflict("hand_in_required", "mock.submit_paper"));
    }
    super::practice::refuse_held(app, actor, &a.item_key.to_string()).await?;
    let now = app.now();
    rules::check_change(
        &facts(app, &a, change.device).await?,
        now,
        a.seq,
        change.seq,
    )
    .map_err(refused)?;
    let subject = subject(app, actor, &a, lang).await?;
    if subject.item.kind() == crate::scoring::Kind::Rubric {
        return submit_for_review(app, actor, &a, &subject.item, change, lang).await;
    }
    let result = grade(&subject.item, change.answer, lang)?;
    let stored = serde_json::to_value(&result).map_err(|e| AppError::Internal(e.into()))?;
    let passed = passed(&a, result.score);
    let mut tx = app.db.begin_write().await?;
    let submitted = store::attempts::Submitted {
        answer: &change.answer.to_string(),
        seq: change.seq,
        graded: store::attempts::Graded {
            score: result.score,
            passed,
            result: &stored.to_string(),
        },
    };
    if !store::attempts::submit(&mut *tx, id, &submitted, now).await? {
        drop(tx);
        let current = get(app, actor, id).await?;
        return Err(refused(if current.submitted_at.is_some() {
            Refusal::Submitted
        } else {
            Refusal::Stale
        }));
    }
    super::progress::record_outcome(&mut tx, app, &a, passed, now).await?;
    tx.commit().await?;
    Ok(present(
        stored,
        &subject.item,
        a.option_order.as_deref(),
        lang,
    ))
}

/// The longest written answer taken, in characters (as the workbench's written editor says).
pub const MAX_WRITTEN: usize = 20_000;

/// A written answer (rubric item) submitted in practice: no score now; a trainer of the
/// trainee's center reviews it (`app::reviews`), and its score counts in progress from then.
async fn submit_for_review(
    app: &App,
    actor: &Actor,
    a: &Attempt,
    item: &Item,
    change: &Change<'_>,
    lang: Lang,
) -> AppResult<Value> {
    let text = written_text(Some(change.answer))
        .ok_or_else(|| AppError::field("answer", "practice.written_empty"))?;
    if text.chars().count() > MAX_WRITTEN {
        return Err(AppError::field("answer", "practice.written_too_long"));
    }
    let center = actor
        .user
        .center_id
        .as_deref()
        .ok_or_else(|| AppError::conflict("no_trainers", "practice.no_trainers"))?;
    let result = json!({
        "kind": item.kind(),
        "pending": true,
        "feedback": [],
        "grader": item.kind().grader(),
    });
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    let done = store::attempts::submit_for_review(
        &mut *tx,
        &a.id,
        &change.answer.to_string(),
        change.seq,
        &result.to_string(),
        now,
    )
    .await?;
    if !done {
        drop(tx);
        let current = get(app, actor, &a.id).await?;
        return Err(refused(if current.submitted_at.is_some() {
            Refusal::Submitted
        } else {
            Refusal::Stale
        }));
    }
    store::reviews::request(&mut *tx, &a.id, center, now).await?;
    tx.commit().await?;
    Ok(present(result, item, None, lang))
}

/// The score of a paper's question on its stored answer, and the result to store. An
/// unanswered or malformed answer scores 0: it is graded as no answer at all.
pub(crate) fn score_stored(
    item: &Item,
    answer: Option<&Value>,
    lang: Lang,
) -> AppResult<(f64, Value)> {
    if item.kind() == crate::scoring::Kind::Rubric {
        // Examiners score it (app::marking): 0 until their marks are final.
        let written = written_text(answer).is_some();
        return Ok((
            0.0,
            json!({
                "kind": item.kind(),
                "score": 0.0,
                "feedback": [],
                "pending": written,
                "unanswered": !written,
                "grader": item.kind().grader(),
            }),
        ));
    }
    let result = answer.and_then(|answer| grade(item, answer, lang).ok());
    let score = result.as_ref().map_or(0.0, |r| r.score);
    let stored = match &result {
        Some(r) => serde_json::to_value(r).map_err(|e| AppError::Internal(e.into()))?,
        None => json!({
            "kind": item.kind(),
            "score": 0.0,
            "feedback": [],
            "unanswered": true,
            "grader": item.kind().grader(),
        }),
    };
    Ok((score, stored))
}

/// The written answer to a rubric item (`{"text": …}`), when there is one that is not blank.
pub fn written_text(answer: Option<&Value>) -> Option<&str> {
    answer
        .and_then(|a| a.get("text"))
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
}

/// Hands in a paper as [`hand_in`] does, its questions as the paper lists them; a mock exam
/// feeds progress and the wrong-answer book, an exam paper never does.
pub async fn hand_in_paper(
    app: &App,
    owner: &Actor,
    paper: &crate::exam::paper::Mock,
    lang: Lang,
) -> AppResult<Option<HandedIn>> {
    let questions: Vec<Question> = paper
        .paper
        .iter()
        .map(|e| Question {
            attempt: &e.attempt,
            points: e.points,
            function: &e.function,
        })
        .collect();
    hand_in(
        app,
        owner,
        &paper.id,
        &questions,
        paper.exam.is_none(),
        lang,
    )
    .await
}

/// One question of a paper to hand in: its attempt, its points and the function they count for.
pub struct Question<'a> {
    pub attempt: &'a str,
    pub points: f64,
    pub function: &'a str,
}

/// A handed-in paper: the total and, per function, (points scored, points possible).
pub struct HandedIn {
    pub total: f64,
    pub breakdown: Breakdown,
}

/// Hands a paper in, in one transaction: the paper is taken first (no save of its questions is
/// acknowledged after that), then every question is graded on the answer as stored
/// (unanswered counts 0); with `learn` (a mock exam) the wrong answers enter the wrong-answer
/// book and progress, which an exam paper never feeds. `None` when the paper was handed in
/// already.
pub async fn hand_in(
    app: &App,
    actor: &Actor,
    mock_id: &str,
    questions: &[Question<'_>],
    learn: bool,
    lang: Lang,
) -> AppResult<Option<HandedIn>> {
    // Graded before the write lock, on the answers as stored now: the subjects are immutable
    // (an item version, a scene seed), and a save that lands before the paper is claimed
    // moves its question's seq, so that question is read and graded again under the lock.
    // The lock is then held for the writes only.
    let mut marks = BTreeMap::new();
    for a in store::attempts::of_mock(&app.db.pool, mock_id).await? {
        let subject = subject(app, actor, &a, lang).await?;
        let (score, stored) = score_stored(&subject.item, a.answer.as_ref(), lang)?;
        marks.insert(a.id.clone(), (a, subject, score, stored));
    }
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    if !store::mock::claim(&mut *tx, mock_id, now).await? {
        return Ok(None);
    }
    for (id, seq) in store::attempts::seqs_of_mock(&mut *tx, mock_id).await? {
        let Some((a, subject, score, stored)) = marks.get_mut(&id).filter(|m| m.0.seq != seq)
        else {
            continue;
        };
        let Some(now_stored) = store::attempts::find(&mut *tx, &id).await? else {
            continue;
        };
        (*score, *stored) = score_stored(&subject.item, now_stored.answer.as_ref(), lang)?;
        *a = now_stored;
    }
    let mut out = HandedIn {
        total: 0.0,
        breakdown: Breakdown::new(),
    };
    let mut graded = Vec::with_capacity(questions.len());
    for q in questions {
        let Some((a, _, score, stored)) = marks.get(q.attempt) else {
            continue;
        };
        let got = q.points * score;
        out.total += got;
        let slot = out.breakdown.entry(q.function.to_string()).or_default();
        slot.0 += got;
        slot.1 += q.points;
        graded.push((a, *score, passed(a, *score), stored.to_string(), stored));
    }
    let rows: Vec<_> = graded
        .iter()
        .map(|(a, score, passed, result, _)| store::attempts::GradedAt {
            id: &a.id,
            seq: a.seq,
            graded: store::attempts::Graded {
                score: *score,
                passed: *passed,
                result,
            },
            blank: a.answer.is_none(),
        })
        .collect();
    if !store::attempts::grade_many(&mut tx, &rows, now).await? {
        // The paper is held: no save can move a seq now. Refuse rather than guess.
        return Err(AppError::Internal(anyhow::anyhow!(
            "a question changed during the hand-in of {mock_id}"
        )));
    }
    for (a, _, passed, _, stored) in &graded {
        if stored.get("pending") == Some(&Value::Bool(true)) {
            store::marking::await_marks(&mut *tx, &a.id).await?;
        }
        // A question left blank counts 0 in the paper, but says nothing about what the trainee
        // knows (time ran out, or the paper was abandoned): it is neither evidence of mastery
        // nor an entry of the wrong-answer book.
        if learn && a.answer.is_some() {
            super::progress::record_outcome(&mut tx, app, a, *passed, now).await?;
        }
    }
    store::mock::record_score(&mut *tx, mock_id, out.total, &out.breakdown).await?;
    tx.commit().await?;
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_note() {
        // Order [2, 0, 3, 1]: bank A is shown as B, B as D, C as A, D as C.
        let order = [2, 0, 3, 1];
        let explanation = "A 会引入系统性错误，C 违背诚实公正。";
        assert_eq!(
            letter_note(explanation, &order, Lang::Zh).as_deref(),
            Some(
                "解析中的选项字母按题库原顺序：题库 A = 你看到的 B，题库 B = 你看到的 D，\
                 题库 C = 你看到的 A，题库 D = 你看到的 C。"
            )
        );
        assert_eq!(
            letter_note(explanation, &order, Lang::En).as_deref(),
            Some(
                "The explanation names options by their letters in the bank: bank A = your B, \
                 bank B = your D, bank C = your A, bank D = your C."
            )
        );
        // No letters named, the bank's own order, or no order at all: no note.
        assert_eq!(
            letter_note("规范未覆盖时应记录并反馈。", &order, Lang::Zh),
            None
        );
        assert_eq!(letter_note(explanation, &[0, 1, 2, 3], Lang::Zh), None);
        assert_eq!(letter_note(explanation, &[], Lang::Zh), None);
        assert_eq!(letter_note(explanation, &[0, 0, 1, 2], Lang::Zh), None);
    }

    #[test]
    fn a_cached_view_in_a_persons_order_is_the_view_of_the_item_in_that_order() {
        let set =
            crate::app::bank::load_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/question_banks"))
                .unwrap();
        let mut choices = 0;
        for item in set.items() {
            let n = item.task.options.as_ref().map_or(0, Vec::len);
            // Reversed, and rotated by one: two orders that move every option of four.
            let orders: Vec<Vec<u8>> = vec![
                (0..n as u8).rev().collect(),
                (0..n as u8).map(|i| (i + 1) % n.max(1) as u8).collect(),
            ];
            for order in orders {
                for lang in [Lang::Zh, Lang::En] {
                    let view = |item: Item| {
                        Subject {
                            item,
                            image_url: None,
                            asset_base: "/bank-assets".into(),
                        }
                        .view(lang)
                    };
                    let direct = view(crate::exam::shuffle::present(item, &order));
                    assert_eq!(
                        in_order(view(item.clone()), Some(&order)),
                        direct,
                        "{}",
                        item.id
                    );
                    choices += usize::from(direct["options"] != view(item.clone())["options"]);
                }
            }
        }
        assert!(choices > 100, "only {choices} views were reordered");
    }

    #[test]
    fn the_note_starts_the_explanation() {
        let item: Item = serde_json::from_value(json!({
            "id": "T-1", "kind": "single_choice", "level": 5, "skills": ["0.1.2"],
            "difficulty": 1, "use": ["practice"], "prompt": "哪个对？",
            "options": ["甲", "乙"], "gold": {"choice": "A"},
            "explanation": "B <不对>。",
        }))
        .unwrap();
        let shown = present(json!({"score": 1.0}), &item, Some(&[1, 0]), Lang::Zh);
        let html = shown["explanation_html"].as_str().unwrap();
        assert!(
            html.starts_with(
                "<p class=\"wb-letter-map\">解析中的选项字母按题库原顺序：\
                 题库 A = 你看到的 B，题库 B = 你看到的 A。</p>"
            ),
            "{html}"
        );
        assert!(html.contains("&lt;不对&gt;"), "{html}");
        let plain = present(json!({"score": 1.0}), &item, None, Lang::Zh);
        assert!(
            !plain["explanation_html"]
                .as_str()
                .unwrap()
                .contains("wb-letter-map")
        );
    }
}
