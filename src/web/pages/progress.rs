//! Progress pages: a trainee's own progress, the wrong-answer book, the cohort table for center
//! staff (with CSV/XLSX export) and a trainee's progress for their teachers.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Base;
use crate::app::App;
use crate::app::progress::{self, CohortQuery, CohortRow, Report};
use crate::curriculum::{self, Component};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::progress::charts::{self, Bar, Point};
use crate::progress::mastery::Confidence;
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/progress", get(mine))
        .route("/progress/target", post(set_target))
        .route("/review", get(review))
        .route("/review/next", get(review_next))
        .route("/center/progress", get(cohort))
        .route("/center/people/{id}/progress", get(trainee))
}

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
struct ProgressPage {
    b: Base,
    /// The trainee's own page (forms and practice links), not a teacher's view.
    own: bool,
    level: u8,
    /// (level, name, selected, is the target)
    levels: Vec<(u8, String, bool, bool)>,
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

fn practice_url(level: u8, code: &str) -> String {
    format!("/practice/next?level={level}&skill={code}")
}

fn page(info: &RequestInfo, r: Report, own: bool, base_url: String) -> ProgressPage {
    let tr = info.tr();
    let c = curriculum::shipped();
    let a = &r.assessment;
    let level = r.level;
    let skill_text = |code: &str| {
        c.skill(level, code)
            .map(|s| s.text.clone())
            .unwrap_or_default()
    };
    let function_bars =
        |functions: &std::collections::BTreeMap<String, crate::progress::mastery::Mastery>| {
            functions
                .iter()
                .map(|(f, m)| {
                    let name = super::function_name(&tr, level, f);
                    Bar::from_mastery(format!("{f} {name}"), m)
                })
                .collect::<Vec<_>>()
        };
    let empty = tr.t("progress.chart_empty");
    let theory_chart = charts::mastery_bars(
        tr.t("progress.theory_mastery"),
        &function_bars(&a.theory_functions),
        c.pass_fraction(level, Component::Theory),
        empty,
    );
    let skill_chart = charts::mastery_bars(
        tr.t("progress.skill_mastery"),
        &function_bars(&a.skill_functions),
        c.pass_fraction(level, Component::Skill),
        empty,
    );
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
    let scores_chart = charts::line_chart(
        tr.t("progress.scores_over_time"),
        &recent,
        100.0,
        Some(c.pass_fraction(level, Component::Skill) * 100.0),
        empty,
    );
    let activity_chart = charts::day_strip(
        tr.t("progress.activity"),
        &r.activity.days,
        r.today,
        // 26 weeks: the calendar's natural width (about 450 px) fills a half-width card.
        182,
        &day_label,
    );
    let component_key = |c: Component| {
        if c == Component::Theory {
            "theory"
        } else {
            "skill"
        }
    };
    let skills = a
        .skills
        .iter()
        .map(|s| {
            let (lo, hi) = s.mastery.interval(0.8);
            let confidence = confidence_key(s.mastery.confidence());
            SkillView {
                code: s.code.clone(),
                text: skill_text(&s.code),
                component_label: tr.t(&format!(
                    "progress.component.{}",
                    component_key(s.component)
                )),
                confidence_label: tr.t(&format!("progress.confidence.{confidence}")),
                mean: format!("{:.0}%", s.mastery.mean() * 100.0),
                interval: format!("{:.0}–{:.0}%", lo * 100.0, hi * 100.0),
                n: s.mastery.n,
                confidence,
                practice_url: practice_url(level, &s.code),
            }
        })
        .collect();
    let recommendations = a
        .recommendations
        .iter()
        .map(|x| RecommendationView {
            code: x.skill.clone(),
            text: skill_text(&x.skill),
            component_label: tr.t(if x.component == "theory" {
                "progress.component.theory"
            } else {
                "progress.component.skill"
            }),
            gain: format!("{:.1}", x.expected_gain),
            practice_url: practice_url(level, &x.skill),
        })
        .collect();
    let mocks = r
        .mocks
        .iter()
        .map(|m| {
            let lv = u8::try_from(m.level).unwrap_or(5);
            let component = Component::parse(&m.component).unwrap_or(Component::Theory);
            MockRow {
                id: m.id.clone(),
                started: m.started_at,
                level_name: super::level_name(&tr, lv),
                score: m.score.map(|s| format!("{s:.1}")),
                passed: m.score.is_some_and(|s| c.exam_passed(lv, component, s)),
                open: m.submitted_at.is_none(),
            }
        })
        .collect();
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
        levels: (1..=5u8)
            .rev()
            .map(|l| {
                (
                    l,
                    super::level_name(&tr, l),
                    l == level,
                    r.target_level == Some(l),
                )
            })
            .collect(),
        is_target: r.target_level == Some(level),
        readiness: progress::readiness_key(a.readiness),
        readiness_label: tr.t(&format!(
            "progress.readiness.{}",
            progress::readiness_key(a.readiness)
        )),
        readiness_hint: tr.t(&format!(
            "progress.readiness_hint.{}",
            progress::readiness_key(a.readiness)
        )),
        theory: forecast_view(&a.theory),
        skill: forecast_view(&a.skill),
        theory_chart,
        skill_chart,
        scores_chart,
        activity_chart,
        answered: r.activity.answered,
        streak: r.activity.streak,
        longest_streak: r.activity.longest_streak,
        time: duration(&tr, r.activity.time_ms),
        review_total: r.review.len(),
        review_due: r.review.iter().filter(|e| e.due_day <= r.today).count(),
        recommendations,
        skills,
        mocks,
        base_url,
    }
}

#[derive(Deserialize)]
struct LevelQuery {
    #[serde(default)]
    level: Option<u8>,
}

async fn mine(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(q): Query<LevelQuery>,
) -> AppResult<ProgressPage> {
    let r = progress::my_report(&app, &actor, q.level).await?;
    Ok(page(&info, r, true, "/progress".into()))
}

async fn trainee(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Query(q): Query<LevelQuery>,
) -> AppResult<ProgressPage> {
    let r = progress::trainee_report(&app, &actor, &id, q.level).await?;
    Ok(page(
        &info,
        r,
        false,
        format!("/center/people/{id}/progress"),
    ))
}

#[derive(Deserialize)]
struct TargetForm {
    level: u8,
}

async fn set_target(
    State(app): State<App>,
    Auth(actor, _): Auth,
    Form(f): Form<TargetForm>,
) -> AppResult<Redirect> {
    progress::set_target_level(&app, &actor, f.level).await?;
    Ok(Redirect::to(&format!("/progress?level={}", f.level)))
}

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
struct ReviewPage {
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

async fn review(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<ReviewPage> {
    let tr = info.tr();
    let today = crate::clock::local_day(app.now(), app.config.tz);
    let book = progress::review_book(&app, &actor.user.id).await?;
    let entries: Vec<ReviewView> = book
        .iter()
        .map(|e| ReviewView {
            title: review_title(&tr, e),
            level_name: super::level_name(&tr, u8::try_from(e.level).unwrap_or(5)),
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
async fn review_next(State(app): State<App>, Auth(actor, _): Auth) -> AppResult<Redirect> {
    let today = crate::clock::local_day(app.now(), app.config.tz);
    let book = progress::review_book(&app, &actor.user.id).await?;
    Ok(match book.iter().find(|e| e.due_day <= today) {
        Some(e) => Redirect::to(&review_url(e)),
        None => Redirect::to("/review"),
    })
}

pub struct CohortView {
    pub id: String,
    pub name: String,
    pub username: String,
    pub class: String,
    pub level_name: String,
    pub theory: String,
    pub skill: String,
    pub readiness: &'static str,
    pub readiness_label: &'static str,
    pub answered: usize,
    pub last_active: Option<i64>,
    pub mock_last: String,
    pub mock_best: String,
    pub review_due: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "progress/cohort.html")]
struct CohortPage {
    b: Base,
    rows: Vec<CohortView>,
    q: String,
    class: String,
    center: String,
    classes: Vec<String>,
    /// (key, label, selected)
    readiness_options: Vec<(&'static str, &'static str, bool)>,
    ready: usize,
    export_query: String,
}

#[derive(Deserialize)]
struct CohortParams {
    #[serde(flatten)]
    q: CohortQuery,
    #[serde(default)]
    format: Option<String>,
}

fn score_text(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |s| format!("{s:.1}"))
}

/// The table as exported: header and rows of text, in the page's language.
pub fn cohort_table(
    tr: &Tr,
    tz: chrono_tz::Tz,
    rows: &[CohortRow],
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = [
        "person.real_name",
        "person.username",
        "person.class",
        "cohort.level",
        "cohort.theory_expected",
        "cohort.theory_probability",
        "cohort.skill_expected",
        "cohort.skill_probability",
        "cohort.readiness",
        "cohort.answered",
        "cohort.last_active",
        "cohort.mock_last",
        "cohort.mock_best",
        "cohort.review_due",
    ]
    .iter()
    .map(|k| tr.t(k))
    .collect();
    let body = rows
        .iter()
        .map(|r| {
            vec![
                r.user.real_name.clone(),
                r.user.username.clone(),
                r.user.class_name.clone().unwrap_or_default(),
                super::level_name(tr, r.level),
                format!("{:.0}", r.theory.expected),
                format!("{:.0}%", r.theory.pass_probability * 100.0),
                format!("{:.0}", r.skill.expected),
                format!("{:.0}%", r.skill.pass_probability * 100.0),
                tr.t(&format!(
                    "progress.readiness.{}",
                    progress::readiness_key(r.readiness)
                ))
                .to_string(),
                r.answered.to_string(),
                r.last_active
                    .map(|t| crate::clock::format_local(t, tz))
                    .unwrap_or_default(),
                r.mock_last.map(|s| format!("{s:.1}")).unwrap_or_default(),
                r.mock_best.map(|s| format!("{s:.1}")).unwrap_or_default(),
                r.review_due.to_string(),
            ]
        })
        .collect();
    (header, body)
}

/// A cell as a spreadsheet must not read it as a formula (CSV injection): a leading `=`, `+`,
/// `-`, `@`, tab or carriage return gets a `'` in front.
fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn cohort_csv(header: &[&str], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    // A BOM so that Excel opens the UTF-8 file as UTF-8.
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(header)
        .map_err(|e| AppError::Internal(e.into()))?;
    for r in rows {
        w.write_record(r.iter().map(|c| safe_cell(c)))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
}

fn cohort_xlsx(header: &[&str], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.into());
    for (i, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)
            .map_err(err)?;
        ws.set_column_width(i as u16, 14).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // Strings throughout: write_string never makes a formula of the text.
            ws.write_string(r as u32 + 1, c as u16, v).map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

async fn cohort(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(p): Query<CohortParams>,
) -> AppResult<Response> {
    let tr = info.tr();
    let rows = progress::cohort(&app, &actor, &p.q).await?;
    match p.format.as_deref() {
        Some("csv") => {
            let (h, body) = cohort_table(&tr, info.tz, &rows);
            return Ok(super::people::attachment(
                &format!("{}.csv", tr.t("cohort.title")),
                "text/csv; charset=utf-8",
                cohort_csv(&h, &body)?,
            ));
        }
        Some("xlsx") => {
            let (h, body) = cohort_table(&tr, info.tz, &rows);
            return Ok(super::people::attachment(
                &format!("{}.xlsx", tr.t("cohort.title")),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                cohort_xlsx(&h, &body)?,
            ));
        }
        Some(_) => return Err(AppError::NotFound),
        None => {}
    }
    let mut classes: Vec<String> = rows
        .iter()
        .filter_map(|r| r.user.class_name.clone())
        .collect();
    classes.sort();
    classes.dedup();
    let get = |s: &Option<String>| s.clone().unwrap_or_default();
    let export_query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &get(&p.q.q))
        .append_pair("class", &get(&p.q.class))
        .append_pair("readiness", &get(&p.q.readiness))
        .append_pair("center", &get(&p.q.center))
        .finish();
    let views = rows
        .iter()
        .map(|r| CohortView {
            id: r.user.id.clone(),
            name: r.user.real_name.clone(),
            username: r.user.username.clone(),
            class: r.user.class_name.clone().unwrap_or_else(|| "—".into()),
            level_name: super::level_name(&tr, r.level),
            theory: format!(
                "{:.0} ({:.0}%)",
                r.theory.expected,
                r.theory.pass_probability * 100.0
            ),
            skill: format!(
                "{:.0} ({:.0}%)",
                r.skill.expected,
                r.skill.pass_probability * 100.0
            ),
            readiness: progress::readiness_key(r.readiness),
            readiness_label: tr.t(&format!(
                "progress.readiness.{}",
                progress::readiness_key(r.readiness)
            )),
            answered: r.answered,
            last_active: r.last_active,
            mock_last: score_text(r.mock_last),
            mock_best: score_text(r.mock_best),
            review_due: r.review_due,
        })
        .collect::<Vec<_>>();
    Ok(CohortPage {
        b: Base::new(&info, "cohort.title"),
        ready: views.iter().filter(|v| v.readiness == "ready").count(),
        rows: views,
        q: get(&p.q.q),
        class: get(&p.q.class),
        center: get(&p.q.center),
        classes,
        readiness_options: ["ready", "borderline", "not_yet", "not_enough_evidence"]
            .into_iter()
            .map(|k| {
                (
                    k,
                    tr.t(&format!("progress.readiness.{k}")),
                    p.q.readiness.as_deref() == Some(k),
                )
            })
            .collect(),
        export_query,
    }
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_cells_are_never_formulas() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("-1"), "'-1");
        assert_eq!(safe_cell("张三"), "张三");
        let csv = cohort_csv(&["a"], &[vec!["@SUM(A1)".into()]]).expect("csv");
        assert_eq!(
            String::from_utf8(csv).expect("utf-8"),
            "\u{feff}a\n'@SUM(A1)\n"
        );
    }

    #[test]
    fn day_labels() {
        // Day 20,785 since 1970-01-01 is 2026-11-28.
        assert_eq!(day_label(20_785), "11-28");
        assert_eq!(day_date(0), "1970-01-01");
    }
}
