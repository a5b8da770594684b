//! A trainee's progress at a level: forecasts, charts, skills, what to practise next, mock
//! exams. The trainee's own page and the teacher's view of it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use super::super::Base;
use crate::app::App;
use crate::app::progress::{self, Report};
use crate::curriculum::{self, Component, Level};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::progress::charts::{self, Bar, Point};
use crate::progress::mastery::Confidence;
use crate::web::ctx::{Auth, RequestInfo};

pub struct ForecastView {
    pub expected: String,
    pub range: String,
    pub pass_mark: String,
    pub probability: String,
    pub tone: &'static str,
}

fn forecast_view(f: &crate::progress::readiness::ComponentForecast) -> ForecastView {
    ForecastView {
        expected: format!("{:.0}", f.expected),
        range: format!("{:.0}–{:.0}", f.low, f.high),
        pass_mark: format!("{:.0}", f.pass_mark),
        probability: format!("{:.0}%", f.pass_probability * 100.0),
        tone: if f.pass_probability >= 0.8 {
            "ok"
        } else if f.pass_probability >= 0.5 {
            "warn"
        } else {
            "error"
        },
    }
}

pub struct SkillView {
    pub code: String,
    pub text: String,
    pub component_label: &'static str,
    pub confidence_label: &'static str,
    pub mean: String,
    pub interval: String,
    pub n: usize,
    pub confidence: &'static str,
    pub practice_url: String,
}

pub struct RecommendationView {
    pub code: String,
    pub text: String,
    pub component_label: &'static str,
    pub gain: String,
    pub practice_url: String,
}

pub struct MockRow {
    pub id: String,
    pub started: i64,
    pub level_name: String,
    pub score: Option<String>,
    pub passed: bool,
    pub open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "progress/index.html")]
pub(super) struct ProgressPage {
    b: Base,
    /// The trainee's own page (forms and practice links), not a teacher's view.
    own: bool,
    level: Level,
    /// (level, name, selected, is the target)
    levels: Vec<(Level, String, bool, bool)>,
    is_target: bool,
    readiness: &'static str,
    readiness_label: &'static str,
    readiness_hint: &'static str,
    theory: ForecastView,
    skill: ForecastView,
    theory_chart: String,
    skill_chart: String,
    scores_chart: String,
    activity_chart: String,
    answered: usize,
    streak: u32,
    longest_streak: u32,
    time: String,
    review_total: usize,
    review_due: usize,
    recommendations: Vec<RecommendationView>,
    skills: Vec<SkillView>,
    mocks: Vec<MockRow>,
    base_url: String,
}

fn confidence_key(c: Confidence) -> &'static str {
    match c {
        Confidence::None => "none",
        Confidence::Low => "low",
        Confidence::Medium => "medium",
        Confidence::High => "high",
    }
}

fn duration(tr: &Tr, ms: i64) -> String {
    let minutes = ms / crate::clock::MINUTE;
    crate::i18n::tf(
        tr.lang,
        "progress.duration",
        &[
            ("h", (minutes / 60).to_string()),
            ("m", (minutes % 60).to_string()),
        ],
    )
}

/// The local date of a day number, as `MM-DD`.
fn day_label(day: i64) -> String {
    chrono::NaiveDate::from_num_days_from_ce_opt((day + 719_163) as i32)
        .map(|d| d.format("%m-%d").to_string())
        .unwrap_or_default()
}

fn practice_url(level: Level, code: &str) -> String {
    format!("/practice/next?level={level}&skill={code}")
}

/// The four charts of the page, as SVG.
struct Charts {
    theory: String,
    skill: String,
    scores: String,
    activity: String,
}

fn charts(tr: &Tr, r: &Report) -> Charts {
    let c = curriculum::shipped();
    let level = r.level;
    let function_bars =
        |functions: &std::collections::BTreeMap<String, crate::progress::mastery::Mastery>| {
            functions
                .iter()
                .map(|(f, m)| {
                    let name = super::super::function_name(tr, level, f);
                    Bar::from_mastery(format!("{f} {name}"), m)
                })
                .collect::<Vec<_>>()
        };
    let empty = tr.t("progress.chart_empty");
    let a = &r.assessment;
    let recent: Vec<Point> = r
        .activity
        .daily_scores
        .iter()
        .rev()
        .take(30)
        .rev()
        .map(|(d, s)| Point {
            label: day_label(*d),
            value: s * 100.0,
        })
        .collect();
    Charts {
        theory: charts::mastery_bars(
            tr.t("progress.theory_mastery"),
            &function_bars(&a.theory_functions),
            c.pass_fraction(level.get(), Component::Theory),
            empty,
        ),
        skill: charts::mastery_bars(
            tr.t("progress.skill_mastery"),
            &function_bars(&a.skill_functions),
            c.pass_fraction(level.get(), Component::Skill),
            empty,
        ),
        scores: charts::line_chart(
            tr.t("progress.scores_over_time"),
            &recent,
            100.0,
            Some(c.pass_fraction(level.get(), Component::Skill) * 100.0),
            empty,
        ),
        activity: charts::day_strip(
            tr.t("progress.activity"),
            &r.activity.days,
            r.today,
            // 26 weeks: the calendar's natural width (about 450 px) fills a half-width card.
            182,
            &day_label,
        ),
    }
}

fn skill_text(tr: &Tr, level: Level, code: &str) -> String {
    curriculum::shipped()
        .skill(level.get(), code)
        .map(|s| s.text_in(tr.lang).to_string())
        .unwrap_or_default()
}

fn component_label(tr: &Tr, c: Component) -> &'static str {
    tr.t(if c == Component::Theory {
        "progress.component.theory"
    } else {
        "progress.component.skill"
    })
}

fn skill_views(tr: &Tr, r: &Report) -> Vec<SkillView> {
    r.assessment
        .skills
        .iter()
        .map(|s| {
            let (lo, hi) = s.mastery.interval(0.8);
            let confidence = confidence_key(s.mastery.confidence());
            SkillView {
                code: s.code.clone(),
                text: skill_text(tr, r.level, &s.code),
                component_label: component_label(tr, s.component),
                confidence_label: tr.t(&format!("progress.confidence.{confidence}")),
                mean: format!("{:.0}%", s.mastery.mean() * 100.0),
                interval: format!("{:.0}–{:.0}%", lo * 100.0, hi * 100.0),
                n: s.mastery.n,
                confidence,
                practice_url: practice_url(r.level, &s.code),
            }
        })
        .collect()
}

fn recommendation_views(tr: &Tr, r: &Report) -> Vec<RecommendationView> {
    r.assessment
        .recommendations
        .iter()
        .map(|x| RecommendationView {
            code: x.skill.clone(),
            text: skill_text(tr, r.level, &x.skill),
            component_label: component_label(tr, x.component),
            gain: format!("{:.1}", x.expected_gain),
            practice_url: practice_url(r.level, &x.skill),
        })
        .collect()
}

fn mock_rows(tr: &Tr, r: &Report) -> Vec<MockRow> {
    let c = curriculum::shipped();
    r.mocks
        .iter()
        .map(|m| {
            let lv = m.level;
            MockRow {
                id: m.id.clone(),
                started: m.started_at,
                level_name: super::super::level_name(tr, lv.get()),
                score: m.score.map(|s| format!("{s:.1}")),
                passed: m
                    .score
                    .is_some_and(|s| c.exam_passed(lv.get(), m.component, s)),
                open: m.submitted_at.is_none(),
            }
        })
        .collect()
}

fn page(info: &RequestInfo, r: Report, own: bool, base_url: String) -> ProgressPage {
    let tr = info.tr();
    let level = r.level;
    let target = r.target_level;
    let a = &r.assessment;
    let charts = charts(&tr, &r);
    let readiness = progress::readiness_key(a.readiness);
    ProgressPage {
        b: if own {
            Base::new(info, "progress.title")
        } else {
            Base::titled(
                info,
                format!("{} · {}", r.user.real_name, tr.t("progress.title")),
            )
            .crumb(tr.t("cohort.title"), "/center/progress")
        },
        own,
        level,
        levels: Level::ALL
            .into_iter()
            .map(|l| {
                (
                    l,
                    super::super::level_name(&tr, l.get()),
                    l == level,
                    target == Some(l),
                )
            })
            .collect(),
        is_target: target == Some(level),
        readiness,
        readiness_label: tr.t(&format!("progress.readiness.{readiness}")),
        readiness_hint: tr.t(&format!("progress.readiness_hint.{readiness}")),
        theory: forecast_view(&a.theory),
        skill: forecast_view(&a.skill),
        theory_chart: charts.theory,
        skill_chart: charts.skill,
        scores_chart: charts.scores,
        activity_chart: charts.activity,
        answered: r.activity.answered,
        streak: r.activity.streak,
        longest_streak: r.activity.longest_streak,
        time: duration(&tr, r.activity.time_ms),
        review_total: r.review.len(),
        review_due: r.review.iter().filter(|e| e.due_day <= r.today).count(),
        recommendations: recommendation_views(&tr, &r),
        skills: skill_views(&tr, &r),
        mocks: mock_rows(&tr, &r),
        base_url,
    }
}

#[derive(Deserialize)]
pub(super) struct LevelQuery {
    #[serde(default)]
    level: Option<u8>,
}

impl LevelQuery {
    /// The level asked for; a number that is no level asks for level 5 (as it always did).
    fn level(&self) -> Option<Level> {
        self.level.map(|l| Level::new(l).unwrap_or(Level::FIVE))
    }
}

pub(super) async fn mine(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(q): Query<LevelQuery>,
) -> AppResult<ProgressPage> {
    let r = progress::my_report(&app, &actor, q.level()).await?;
    Ok(page(&info, r, true, "/progress".into()))
}

pub(super) async fn trainee(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Query(q): Query<LevelQuery>,
) -> AppResult<ProgressPage> {
    let r = progress::trainee_report(&app, &actor, &id, q.level()).await?;
    Ok(page(
        &info,
        r,
        false,
        format!("/center/people/{id}/progress"),
    ))
}

#[derive(Deserialize)]
pub(super) struct TargetForm {
    level: u8,
}

pub(super) async fn set_target(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Form(f): Form<TargetForm>,
) -> AppResult<Redirect> {
    // Parsed here, where the number comes in: the app takes a `Level`.
    let level =
        Level::new(f.level).ok_or_else(|| AppError::field("level", "progress.bad_level"))?;
    progress::set_target_level(&app, &actor, level).await?;
    Ok(Redirect::to(&format!("/progress?level={level}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn day_labels() {
        // Day 20,785 since 1970-01-01 is 2026-11-28.
        assert_eq!(super::day_label(20_785), "11-28");
    }
}
