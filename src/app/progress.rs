//! Progress (学习进度): the wrong-answer book kept as answers are scored, and the assessment of
//! a trainee at a level — mastery per skill, the forecast of both exam components, readiness and
//! what to practise next (the model: `crate::progress`, docs/progress.md).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Actor, App};
use crate::accounts::{Role, User};
use crate::curriculum::{self, Component, Curriculum, Level};
use crate::error::{AppError, AppResult};
use crate::exam::attempt::Attempt;
use crate::progress::mastery::{self, Evidence, Mastery};
use crate::progress::readiness::{self, ComponentForecast, Readiness, Recommendation};
use crate::progress::review::{self, Change, Entry};
use crate::store;
use crate::store::mock::Mock;
use crate::store::progress::{Outcome, ReviewRow};

/// Moves the wrong-answer book along after a scored answer (inside the scoring transaction, so a
/// score is never stored without its effect on the book).
pub async fn record_outcome(
    tx: &mut crate::db::Tx,
    app: &App,
    a: &Attempt,
    passed: bool,
    now: i64,
) -> AppResult<()> {
    let day = crate::clock::local_day(now, app.config.tz);
    let key = a.item_key.to_string();
    let row = store::progress::review_get(&mut **tx, &a.user_id, &key).await?;
    let entry = row.as_ref().map(|r| Entry {
        added_day: r.added_day,
        due_day: r.due_day,
        rights: r.rights.clamp(0, 255) as u8,
        last_right_day: r.last_right_day,
        lapses: r.lapses.clamp(0, i64::from(u32::MAX)) as u32,
    });
    let put = |e: Entry| ReviewRow {
        user_id: a.user_id.clone(),
        item_key: key.clone(),
        version_id: a.version_id.clone(),
        scene_seed: a.scene_seed,
        level: a.level,
        added_day: e.added_day,
        due_day: e.due_day,
        rights: i64::from(e.rights),
        last_right_day: e.last_right_day,
        lapses: i64::from(e.lapses),
        updated_at: now,
    };
    match review::apply(entry.as_ref(), day, passed) {
        Change::Unchanged => {}
        Change::Enter(e) | Change::Update(e) => {
            store::progress::review_put(&mut **tx, &put(e)).await?
        }
        Change::Leave => store::progress::review_delete(&mut **tx, &a.user_id, &key).await?,
    }
    Ok(())
}

/// Scored answers the assessment reads: the most recent ones, enough for every skill's window.
const OUTCOME_LIMIT: i64 = 5000;

/// One skill's mastery in one exam component.
#[derive(Clone, Debug, Serialize)]
pub struct SkillMastery {
    pub code: String,
    pub function: String,
    pub component: Component,
    pub mastery: Mastery,
}

/// A trainee at a level: where they stand and what to do next.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub level: Level,
    /// Every skill weighed by a component's table, with its mastery (the prior when unpractised).
    pub skills: Vec<SkillMastery>,
    /// Pooled mastery per function, per component.
    pub theory_functions: BTreeMap<String, Mastery>,
    pub skill_functions: BTreeMap<String, Mastery>,
    pub theory: ComponentForecast,
    pub skill: ComponentForecast,
    pub readiness: Readiness,
    pub recommendations: Vec<Recommendation>,
}

/// The assessment at `level` from scored answers (any order, any level: others are ignored).
/// Pure: the caller passes the answers and the time.
pub fn assess(c: &Curriculum, level: Level, outcomes: &[Outcome], now: i64) -> Option<Assessment> {
    let lv = c.level(level.get())?;
    // Evidence per (component, skill), newest first as the store returns it.
    let mut evidence: BTreeMap<(Component, &str), Vec<Evidence>> = BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.level == level) {
        let component = if o.component == "theory" {
            Component::Theory
        } else {
            Component::Skill
        };
        for code in o.skills.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            evidence
                .entry((component, code))
                .or_default()
                .push(Evidence {
                    at_ms: o.submitted_at,
                    score: o.score,
                });
        }
    }
    let mut skills = vec![];
    let mut by_function: BTreeMap<(Component, String), Vec<Mastery>> = BTreeMap::new();
    for (component, table) in [
        (Component::Theory, &lv.theory_weights),
        (Component::Skill, &lv.skill_weights),
    ] {
        for s in c.all_skills(level.get()) {
            let function = curriculum::function_of(&s.code).to_string();
            if table.get(&function) == 0 {
                continue;
            }
            let m = evidence
                .get(&(component, s.code.as_str()))
                .map_or_else(Mastery::prior, |ev| mastery::estimate(ev, now));
            by_function
                .entry((component, function.clone()))
                .or_default()
                .push(m);
            skills.push(SkillMastery {
                code: s.code.clone(),
                function,
                component,
                mastery: m,
            });
        }
    }
    let pooled = |component: Component| -> BTreeMap<String, Mastery> {
        by_function
            .iter()
            .filter(|((c, _), _)| *c == component)
            .map(|((_, f), parts)| (f.clone(), mastery::pool(parts)))
            .collect()
    };
    let (theory_functions, skill_functions) = (pooled(Component::Theory), pooled(Component::Skill));
    let forecast = |component: Component, functions: &BTreeMap<String, Mastery>| {
        let exam = lv.exam(component);
        let (points, pass) = exam.map_or((100.0, 60.0), |e| {
            (f64::from(e.marks.points), f64::from(e.marks.pass_mark))
        });
        let items = exam.map_or(0, |e| match component {
            Component::Theory => e.paper.as_ref().map_or(0, |p| p.item_count()),
            _ => e.tasks.as_ref().map_or(0, |t| t.count),
        });
        let weights = match component {
            Component::Theory => &lv.theory_weights.percent,
            _ => &lv.skill_weights.percent,
        };
        readiness::forecast_exam(weights, functions, points, pass, items)
    };
    let theory = forecast(Component::Theory, &theory_functions);
    let skill = forecast(Component::Skill, &skill_functions);
    let list: Vec<(String, String, bool, Mastery)> = skills
        .iter()
        .map(|s| {
            (
                s.code.clone(),
                s.function.clone(),
                s.component == Component::Skill,
                s.mastery,
            )
        })
        .collect();
    let recommendations = readiness::recommend(
        &lv.theory_weights.percent,
        &lv.skill_weights.percent,
        &list,
        5,
    );
    Some(Assessment {
        level,
        readiness: readiness::readiness(&theory, &skill),
        skills,
        theory_functions,
        skill_functions,
        theory,
        skill,
        recommendations,
    })
}

/// A user's scored answers, newest first.
pub async fn outcomes(app: &App, user_id: &str) -> AppResult<Vec<Outcome>> {
    Ok(store::progress::outcomes(&app.db.pool, user_id, OUTCOME_LIMIT).await?)
}

/// A user's wrong-answer book, the earliest due first.
pub async fn review_book(app: &App, user_id: &str) -> AppResult<Vec<ReviewRow>> {
    Ok(store::progress::review_list(&app.db.pool, user_id).await?)
}

/// Time counted per practice answer at most: an item left open overnight is not ten hours of
/// study. Mock exams count from start to hand-in.
pub const MAX_ANSWER_MS: i64 = 10 * crate::clock::MINUTE;

/// Activity summary of scored answers (any level).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Activity {
    pub answered: usize,
    /// Answers per local day, oldest first.
    pub days: Vec<(i64, u32)>,
    /// Mean score (0..1) per local day, oldest first.
    pub daily_scores: Vec<(i64, f64)>,
    pub streak: u32,
    pub longest_streak: u32,
    pub time_ms: i64,
    pub last_active: Option<i64>,
}

/// Pure: the activity of `outcomes` and `mocks`, with days in `tz` and `today` as the current day.
pub fn activity(outcomes: &[Outcome], mocks: &[Mock], tz: chrono_tz::Tz, today: i64) -> Activity {
    let mut per_day: BTreeMap<i64, (u32, f64)> = BTreeMap::new();
    let mut time_ms = 0i64;
    for o in outcomes {
        let d = per_day
            .entry(crate::clock::local_day(o.submitted_at, tz))
            .or_default();
        d.0 += 1;
        d.1 += o.score.clamp(0.0, 1.0);
        if o.mock_id.is_none() {
            time_ms += (o.submitted_at - o.created_at).clamp(0, MAX_ANSWER_MS);
        }
    }
    for m in mocks {
        if let Some(end) = m.submitted_at {
            time_ms += (end.min(m.deadline_at) - m.started_at).max(0);
        }
    }
    let active: Vec<i64> = per_day.keys().copied().collect();
    let (streak, longest_streak) = crate::progress::streak(&active, today);
    Activity {
        answered: outcomes.len(),
        days: per_day.iter().map(|(d, (n, _))| (*d, *n)).collect(),
        daily_scores: per_day
            .iter()
            .map(|(d, (n, sum))| (*d, sum / f64::from((*n).max(1))))
            .collect(),
        streak,
        longest_streak,
        time_ms,
        last_active: outcomes.iter().map(|o| o.submitted_at).max(),
    }
}

/// Everything the progress page shows of one trainee at one level.
pub struct Report {
    pub user: User,
    pub level: Level,
    pub target_level: Option<Level>,
    pub assessment: Assessment,
    pub activity: Activity,
    pub mocks: Vec<Mock>,
    pub review: Vec<ReviewRow>,
    pub today: i64,
}

fn level_or(level: Option<Level>, target: Option<Level>) -> Level {
    level.or(target).unwrap_or(Level::FIVE)
}

async fn report_of(app: &App, user: User, level: Option<Level>) -> AppResult<Report> {
    let target_level = store::progress::target_level(&app.db.pool, &user.id).await?;
    let level = level_or(level, target_level);
    let now = app.now();
    let outcomes = outcomes(app, &user.id).await?;
    let mocks = store::mock::list(&app.db.pool, &user.id).await?;
    let review = review_book(app, &user.id).await?;
    let today = crate::clock::local_day(now, app.config.tz);
    let assessment =
        assess(crate::curriculum::shipped(), level, &outcomes, now).ok_or(AppError::NotFound)?;
    Ok(Report {
        activity: activity(&outcomes, &mocks, app.config.tz, today),
        user,
        level,
        target_level,
        assessment,
        mocks,
        review,
        today,
    })
}

/// The actor's own progress at `level` (default: their target level, else 5).
pub async fn my_report(app: &App, actor: &Actor, level: Option<Level>) -> AppResult<Report> {
    report_of(app, actor.user.clone(), level).await
}

/// A trainee's progress for their teachers (center staff of the trainee's center).
pub async fn trainee_report(
    app: &App,
    actor: &Actor,
    trainee_id: &str,
    level: Option<Level>,
) -> AppResult<Report> {
    let user = super::people::get(app, actor, trainee_id).await?;
    if user.role != Role::Trainee {
        return Err(AppError::NotFound);
    }
    report_of(app, user, level).await
}

/// Sets the actor's target level (目标等级).
pub async fn set_target_level(app: &App, actor: &Actor, level: Level) -> AppResult<()> {
    store::progress::set_target_level(&app.db.pool, &actor.user.id, level, app.now()).await?;
    Ok(())
}

/// One trainee in the cohort table.
#[derive(Clone, Debug, Serialize)]
pub struct CohortRow {
    pub user: User,
    pub level: Level,
    pub target_level: Option<Level>,
    pub theory: ComponentForecast,
    pub skill: ComponentForecast,
    pub readiness: Readiness,
    pub answered: usize,
    pub last_active: Option<i64>,
    pub mock_last: Option<f64>,
    pub mock_best: Option<f64>,
    pub mocks: usize,
    pub review_due: usize,
}

/// Filters of the cohort table.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct CohortQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub class: Option<String>,
    #[serde(default)]
    pub readiness: Option<String>,
    #[serde(default)]
    pub center: Option<String>,
}

/// Most trainees one cohort table reads (a center's whole roster, in practice).
pub const COHORT_LIMIT: u32 = 2000;

/// The trainees of the actor's center (a platform admin: of the center asked for, or all), each
/// assessed at their target level (5 when unset), filtered.
pub async fn cohort(app: &App, actor: &Actor, q: &CohortQuery) -> AppResult<Vec<CohortRow>> {
    let opt = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let center_id = super::centers::listing_scope(app, actor, q.center.as_deref()).await?;
    let mut rows = vec![];
    let mut page = 1;
    loop {
        let (users, total) = store::users::list(
            &app.db.pool,
            &store::users::ListQuery {
                center_id: center_id.clone(),
                role: Some(Role::Trainee),
                search: opt(&q.q),
                page,
                per_page: 200,
            },
        )
        .await?;
        let class = opt(&q.class);
        for u in users {
            if class.is_some() && u.class_name != class {
                continue;
            }
            let r = report_of(app, u, None).await?;
            let row = CohortRow {
                level: r.level,
                target_level: r.target_level,
                theory: r.assessment.theory,
                skill: r.assessment.skill,
                readiness: r.assessment.readiness,
                answered: r.activity.answered,
                last_active: r.activity.last_active,
                mock_last: r.mocks.iter().find_map(|m| m.score),
                mock_best: r
                    .mocks
                    .iter()
                    .filter_map(|m| m.score)
                    .max_by(f64::total_cmp),
                mocks: r.mocks.iter().filter(|m| m.submitted_at.is_some()).count(),
                review_due: r.review.iter().filter(|e| e.due_day <= r.today).count(),
                user: r.user,
            };
            let wanted = opt(&q.readiness);
            if wanted.is_none_or(|w| w == readiness_key(row.readiness)) {
                rows.push(row);
            }
        }
        if i64::from(page) * 200 >= total || page * 200 >= COHORT_LIMIT {
            break;
        }
        page += 1;
    }
    Ok(rows)
}

/// The stable name of a readiness verdict (filters, CSS, locale keys `progress.readiness.*`).
pub fn readiness_key(r: Readiness) -> &'static str {
    match r {
        Readiness::NotEnoughEvidence => "not_enough_evidence",
        Readiness::NotYet => "not_yet",
        Readiness::Borderline => "borderline",
        Readiness::Ready => "ready",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_881_600_000; // 2026-11-28T16:00Z = 2026-11-29 00:00 in Shanghai

    fn outcome(level: u8, component: &str, skills: &str, score: f64, at: i64) -> Outcome {
        Outcome {
            level: Level::new(level).expect("a level"),
            component: component.into(),
            skills: skills.into(),
            score,
            created_at: at - 60_000,
            submitted_at: at,
            mock_id: None,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn assessment_by_hand() {
        // Level 5: theory weights 0.1: 5, 0.2: 20, 1: 25, 2: 35, 3: 15; skill weights 1: 30,
        // 2: 50, 3: 20. Basic work 0.1 has skills 0.1.1 and 0.1.2; function 2 has four skills.
        let outcomes = [
            outcome(5, "theory", "0.1.2", 1.0, NOW),
            outcome(5, "skill", "2.1.2", 0.0, NOW),
            outcome(4, "theory", "0.1.1", 0.0, NOW), // another level: ignored
            outcome(5, "theory", "9.9.9", 0.0, NOW), // not a skill of the level: ignored
        ];
        let a = assess(crate::curriculum::shipped(), Level::FIVE, &outcomes, NOW).expect("level 5");
        // Theory 0.1.2: Beta(1 + 1, 1 + 0) = mean 2/3; 0.1 pooled = (2/3 + 1/2) / 2 = 7/12.
        assert!(close(a.theory_functions["0.1"].mean(), 7.0 / 12.0));
        // Theory forecast = 100 × (0.05 × 7/12 + 0.95 × 1/2) = 50.41666…
        assert!(close(
            a.theory.expected,
            100.0 * (0.05 * 7.0 / 12.0 + 0.95 * 0.5)
        ));
        // Skill 2.1.2: Beta(1, 2) = 1/3; function 2 = (1/3 + 3 × 1/2) / 4 = 11/24;
        // skill forecast = 100 × (0.5 × 11/24 + 0.5 × 1/2) = 47.91666…
        assert!(close(a.skill_functions["2"].mean(), 11.0 / 24.0));
        assert!(close(a.skill.expected, 100.0 * (0.5 * 11.0 / 24.0 + 0.25)));
        // Only 0.1 (5 % of the theory table) has evidence: far too little to judge.
        assert!(close(a.theory.evidence, 0.05));
        assert_eq!(a.readiness, Readiness::NotEnoughEvidence);
        // Most to gain: skill 2.1.2, 100 × 0.50 / 4 × (1 − 1/3) = 8.333…; then the other skills
        // of function 2 at 100 × 0.50 / 4 × 1/2 = 6.25.
        let r = &a.recommendations;
        assert_eq!(
            (r[0].component.as_str(), r[0].skill.as_str()),
            ("skill", "2.1.2")
        );
        assert!(close(r[0].expected_gain, 100.0 * 0.5 / 4.0 * (2.0 / 3.0)));
        assert!(close(r[1].expected_gain, 6.25));
        // Every skill of both tables is listed: 5 basic + 11 own for theory, 11 for skill.
        assert_eq!(a.skills.len(), 5 + 11 + 11);
    }

    #[test]
    fn activity_by_hand() {
        let tz = chrono_tz::Asia::Shanghai;
        let today = crate::clock::local_day(NOW, tz);
        let hour = crate::clock::HOUR;
        let mut o = vec![
            outcome(5, "theory", "0.1.2", 1.0, NOW + hour), // today, 1 min
            outcome(5, "theory", "0.1.2", 0.0, NOW + 2 * hour), // today, 1 min
            outcome(5, "theory", "0.1.2", 0.5, NOW - hour), // yesterday (23:00)
        ];
        // Opened the evening before and submitted now: counts 10 minutes, not a day.
        o[2].created_at = NOW - 30 * hour;
        let a = activity(&o, &[], tz, today);
        assert_eq!(a.answered, 3);
        assert_eq!(a.days, vec![(today - 1, 1), (today, 2)]);
        assert_eq!(a.daily_scores, vec![(today - 1, 0.5), (today, 0.5)]);
        assert_eq!((a.streak, a.longest_streak), (2, 2));
        assert_eq!(a.time_ms, 2 * 60_000 + MAX_ANSWER_MS);
        assert_eq!(a.last_active, Some(NOW + 2 * hour));
    }
}
