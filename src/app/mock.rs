//! Mock exams (模拟考试): the real theory paper of a level — its shape and its blueprint by the
//! theory weight table — drawn from `practice` items, timed by the server, scored at once when
//! handed in (or when time is up), with the breakdown per function.

use std::collections::{BTreeMap, BTreeSet};

use super::attempt::{self, Origin, Subject};
use super::{Actor, App};
use crate::curriculum::{Component, Level};
use crate::error::{AppError, AppResult};
use crate::exam::attempt::{Attempt, GRACE_MS};
use crate::exam::blueprint::{self, Blueprint, Part};
use crate::exam::paper::{Breakdown, Mock, PaperEntry};
use crate::exam::shuffle;
use crate::i18n::Lang;
use crate::store;
use crate::store::mock::Candidate;

/// Levels whose skill exam can be mocked online: at levels 5 and 4 it is labeling work scored
/// by the server; from level 3 up it is mostly design and report tasks that examiners score.
pub const SKILL_LEVELS: [Level; 2] = [Level::FIVE, Level::new(4).expect("4 is a level")];

/// Picks `count` items of one kind per function as `weights` apportions them (the same largest
/// remainder rule as `bank check` and the real papers), at most one per near-duplicate group.
/// When a function has too few, the rest comes from the other functions (a mock exam still
/// gives a full paper); the second value counts those substitutions. Pure: `candidates` is
/// already in random order.
pub fn pick(
    count: u32,
    weights: &BTreeMap<String, u32>,
    candidates: &[Candidate],
    groups: &mut BTreeSet<String>,
) -> (Vec<Candidate>, u32) {
    let quota = crate::bank::apportion(count, weights);
    let mut taken: Vec<Candidate> = vec![];
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let fits = |c: &Candidate, used: &BTreeSet<&str>, groups: &BTreeSet<String>| {
        !used.contains(c.key.as_str()) && c.group_id.as_ref().is_none_or(|g| !groups.contains(g))
    };
    for (function, &n) in &quota {
        let mut got = 0;
        for c in candidates.iter().filter(|c| &c.function_code == function) {
            if got == n {
                break;
            }
            if fits(c, &used, groups) {
                used.insert(&c.key);
                if let Some(g) = &c.group_id {
                    groups.insert(g.clone());
                }
                taken.push(c.clone());
                got += 1;
            }
        }
    }
    let mut substituted = 0;
    for c in candidates {
        if taken.len() as u32 >= count {
            break;
        }
        if weights.get(&c.function_code).copied().unwrap_or(0) > 0 && fits(c, &used, groups) {
            used.insert(&c.key);
            if let Some(g) = &c.group_id {
                groups.insert(g.clone());
            }
            taken.push(c.clone());
            substituted += 1;
        }
    }
    (taken, substituted)
}

fn shape(level: Level, component: Component) -> AppResult<Blueprint> {
    let c = crate::curriculum::shipped();
    let lv = c.level(level.get()).ok_or(AppError::NotFound)?;
    Blueprint::of(lv, component).ok_or(AppError::bad_request("mock.no_paper"))
}

/// The actor's open paper of this level and component, if any: a second click (or a second
/// tab) returns it instead of drawing another 200 questions.
async fn open_paper(
    app: &App,
    actor: &Actor,
    level: Level,
    component: Component,
    now: i64,
) -> AppResult<Option<String>> {
    Ok(store::mock::list(&app.db.pool, &actor.user.id)
        .await?
        .into_iter()
        .find(|m| {
            m.submitted_at.is_none()
                && m.level == level
                && m.component == component
                && now <= m.deadline_at + GRACE_MS
        })
        .map(|m| m.id))
}

/// The questions of a paper: (item, kind of its part, points), part by part.
async fn draw(
    app: &App,
    actor: &Actor,
    level: Level,
    shape: &Blueprint,
) -> AppResult<Vec<(Candidate, String, f64)>> {
    let mut groups = BTreeSet::new();
    let mut chosen = vec![];
    for Part {
        kind,
        count,
        points,
    } in &shape.parts
    {
        let candidates =
            store::mock::candidates(&app.db.pool, level, kind, actor.user.center_id.as_deref())
                .await?;
        let (taken, _) = pick(*count, &shape.weights, &candidates, &mut groups);
        if (taken.len() as u32) < *count {
            return Err(AppError::BadRequest {
                key: "mock.too_few_items",
                args: vec![("kind", kind.clone()), ("count", count.to_string())],
            });
        }
        let functions: Vec<&str> = taken.iter().map(|t| t.function_code.as_str()).collect();
        let points = blueprint::points(*points, &functions, &shape.weights);
        chosen.extend(
            taken
                .into_iter()
                .zip(points)
                .map(|(c, p)| (c, kind.clone(), p)),
        );
    }
    Ok(chosen)
}

/// Starts a mock exam of `level`: the theory paper, or the skill exam's tasks (practical items
/// scored online); the paper is drawn and every question gets its attempt in one transaction,
/// and the deadline is the exam's duration from now.
pub async fn start(
    app: &App,
    actor: &Actor,
    level: Level,
    component: Component,
) -> AppResult<String> {
    if component == Component::Review
        || (component == Component::Skill && !SKILL_LEVELS.contains(&level))
    {
        return Err(AppError::bad_request("mock.no_paper"));
    }
    let now = app.now();
    if let Some(open) = open_paper(app, actor, level, component, now).await? {
        return Ok(open);
    }
    let shape = shape(level, component)?;
    let chosen = draw(app, actor, level, &shape).await?;
    let exam_minutes = shape.minutes;
    let id = crate::db::new_id();
    let mut entries = vec![];
    let mut tx = app.db.begin_write().await?;
    let mock = Mock {
        id: id.clone(),
        user_id: actor.user.id.clone(),
        level,
        component,
        paper: vec![],
        started_at: now,
        deadline_at: now + i64::from(exam_minutes) * crate::clock::MINUTE,
        submitted_at: None,
        score: None,
        breakdown: Breakdown::new(),
        exam: None,
    };
    store::mock::insert(&mut *tx, &mock).await?;
    for (i, (cand, kind, points)) in chosen.iter().enumerate() {
        let p = store::practice::item_version(
            &mut *tx,
            &cand.current_version,
            actor.user.center_id.as_deref(),
            true,
        )
        .await?
        .ok_or(AppError::NotFound)?;
        let item = attempt::parse_item(&p)?;
        // The trainee's own order of a choice question's options, drawn once and stored.
        let order = shuffle::stored_order(&item, rand::random());
        // Created one millisecond apart so that creation order is paper order.
        let attempt = attempt::create(
            &mut *tx,
            actor,
            &item,
            Origin {
                version_id: Some(&p.version_id),
                item_key: &p.item_key,
                scene: None,
                option_order: order.as_deref(),
            },
            Some(&id),
            now + i as i64,
        )
        .await?;
        entries.push(PaperEntry {
            attempt,
            version: p.version_id,
            item_key: p.item_key,
            kind: if kind == blueprint::PRACTICAL {
                item.kind().as_str().to_string()
            } else {
                kind.clone()
            },
            function: cand.function_code.clone(),
            points: *points,
        });
    }
    store::mock::set_paper(&mut *tx, &id, &entries).await?;
    tx.commit().await?;
    Ok(id)
}

/// A mock exam with its attempts (in paper order).
pub struct MockView {
    pub mock: Mock,
    pub attempts: Vec<Attempt>,
}

impl MockView {
    pub fn is_open(&self) -> bool {
        self.mock.submitted_at.is_none()
    }

    /// Per function: (points scored, points possible), once handed in.
    pub fn breakdown(&self) -> &Breakdown {
        &self.mock.breakdown
    }

    pub fn paper(&self) -> &[PaperEntry] {
        &self.mock.paper
    }
}

/// The actor's mock exam; one whose time is up is handed in first (the server decides time).
pub async fn view(app: &App, actor: &Actor, id: &str, lang: Lang) -> AppResult<MockView> {
    let mut mock = store::mock::get(&app.db.pool, &actor.user.id, id)
        .await?
        .filter(|m| m.exam.is_none())
        .ok_or(AppError::NotFound)?;
    if mock.submitted_at.is_none() && app.now() > mock.deadline_at + GRACE_MS {
        hand_in(app, actor, id, lang).await?;
        mock = store::mock::get(&app.db.pool, &actor.user.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let attempts = store::attempts::of_mock(&app.db.pool, id).await?;
    Ok(MockView { mock, attempts })
}

/// The n-th question (1-based) of a mock exam, with its subject.
pub async fn question(
    app: &App,
    actor: &Actor,
    id: &str,
    n: usize,
    lang: Lang,
) -> AppResult<(MockView, Subject, Attempt)> {
    let v = view(app, actor, id, lang).await?;
    let entry = n
        .checked_sub(1)
        .and_then(|i| v.mock.paper.get(i))
        .ok_or(AppError::NotFound)?;
    let attempt = v
        .attempts
        .iter()
        .find(|a| a.id == entry.attempt)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let subject = attempt::subject(app, actor, &attempt, lang).await?;
    Ok((v, subject, attempt))
}

/// Hands the paper in: every question scored on the server (unanswered counts 0), the score and
/// per-function breakdown stored, the wrong answers entered into the wrong-answer book
/// (`attempt::hand_in`). Handing in twice changes nothing.
pub async fn hand_in(app: &App, actor: &Actor, id: &str, lang: Lang) -> AppResult<()> {
    let mock = store::mock::get(&app.db.pool, &actor.user.id, id)
        .await?
        .filter(|m| m.exam.is_none())
        .ok_or(AppError::NotFound)?;
    if mock.submitted_at.is_some() {
        return Ok(());
    }
    attempt::hand_in_paper(app, actor, &mock, lang).await?;
    Ok(())
}

/// The actor's mock exams, newest first.
pub async fn list(app: &App, actor: &Actor) -> AppResult<Vec<Mock>> {
    Ok(store::mock::list(&app.db.pool, &actor.user.id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(key: &str, f: &str, g: Option<&str>) -> Candidate {
        Candidate {
            key: key.into(),
            current_version: format!("v-{key}"),
            function_code: f.into(),
            group_id: g.map(str::to_string),
        }
    }

    #[test]
    fn pick_follows_the_blueprint_and_groups() {
        // 4 items over weights 1:50, 2:50 → 2 and 2. Function 1 has a group pair: only one.
        let w: BTreeMap<String, u32> = [("1".to_string(), 50), ("2".to_string(), 50)].into();
        let c = vec![
            cand("a", "1", Some("g")),
            cand("b", "1", Some("g")),
            cand("c", "1", None),
            cand("d", "2", None),
            cand("e", "2", None),
            cand("f", "2", None),
        ];
        let (taken, sub) = pick(4, &w, &c, &mut BTreeSet::new());
        let keys: Vec<&str> = taken.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["a", "c", "d", "e"]);
        assert_eq!(sub, 0);
    }

    #[test]
    fn pick_fills_a_short_function_from_the_others() {
        // 4 items, 2 + 2 wanted, function 1 has only one item: function 2 gives three.
        let w: BTreeMap<String, u32> = [("1".to_string(), 50), ("2".to_string(), 50)].into();
        let c = vec![
            cand("a", "1", None),
            cand("d", "2", None),
            cand("e", "2", None),
            cand("f", "2", None),
            cand("x", "9", None), // a function outside the table never fills in
        ];
        let (taken, sub) = pick(4, &w, &c, &mut BTreeSet::new());
        let keys: Vec<&str> = taken.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["a", "d", "e", "f"]);
        assert_eq!(sub, 1);
        // Too few anywhere: fewer than asked, and the caller refuses the paper.
        let (taken, _) = pick(9, &w, &c, &mut BTreeSet::new());
        assert_eq!(taken.len(), 4);
    }
}
