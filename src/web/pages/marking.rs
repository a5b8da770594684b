//! Examiner pages (阅卷): the queue, the scoring screen of one script (drafts autosaved by
//! `static/js/marking.js` through the API; the form works without it), the panel, and the
//! marking overview of a session for its chief examiner and center admin. Every page calls
//! `app::marking`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::Base;
use crate::app::App;
use crate::app::marking::{self, QueueEntry, Script};
use crate::error::{AppError, AppResult};
use crate::exam::marking::{Mark, Status};
use crate::i18n::{Tr, tf};
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/marking", get(queue))
        .route("/marking/{id}", get(script).post(save))
        .route("/marking/{id}/panel", post(decide))
        .route("/center/exams/{id}/marking", get(overview))
}

pub struct QueueRow {
    pub e: QueueEntry,
    pub waiting: String,
    pub mine: &'static str,
    pub state: &'static str,
    pub action: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "marking/queue.html")]
pub struct QueuePage {
    b: Base,
    rows: Vec<QueueRow>,
    todo: usize,
}

async fn queue(State(app): State<App>, Auth(actor, info): Auth) -> AppResult<QueuePage> {
    let tr = info.tr();
    let b = Base::new(&info, "marking.queue_title");
    let rows: Vec<QueueRow> = marking::queue(&app, &actor, info.lang)
        .await?
        .into_iter()
        .map(|e| QueueRow {
            waiting: b.fmt_time(&e.handed_in_at),
            mine: tr.t(&format!("marking.mine_{}", e.mine)),
            state: tr.t(&format!("marking.state_{}", e.state)),
            action: if e.mine == "submitted" && e.state == "panel" {
                tr.t("marking.open_panel")
            } else if e.mine == "submitted" || e.state == "final" {
                tr.t("marking.view")
            } else {
                tr.t("marking.open")
            },
            e,
        })
        .collect();
    Ok(QueuePage {
        todo: rows
            .iter()
            .filter(|r| matches!(r.e.mine, "todo" | "draft"))
            .count(),
        b,
        rows,
    })
}

/// One score band as shown.
pub struct BandView {
    pub range: String,
    pub text: String,
    pub max: f64,
}

/// One criterion on the scoring screen, with the actor's draft and everyone's marks once
/// visible.
pub struct CriterionView {
    pub id: String,
    pub text: String,
    pub max: String,
    pub max_n: f64,
    pub guide: String,
    pub bands: Vec<BandView>,
    pub points: String,
    pub reason: String,
    /// Everyone's points (shown once all have submitted), the mean, spread and flag.
    pub others: Vec<String>,
    /// Everyone's reasons, "考评员 n：…", once visible.
    pub other_reasons: Vec<String>,
    pub mean: String,
    pub spread: String,
    pub flagged: bool,
    pub final_points: String,
    pub error: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "marking/script.html")]
pub struct ScriptPage {
    b: Base,
    id: String,
    session_name: String,
    /// 综合评审: the candidate, whom the panel has in front of it.
    candidate: String,
    prompt_html: String,
    spec_html: String,
    answer: String,
    chars: String,
    criteria: Vec<CriterionView>,
    seq: i64,
    /// The actor scores this script and has not submitted.
    editable: bool,
    notes: Notes,
    /// Everyone's marks are visible: how many columns.
    marks_visible: bool,
    examiners: Vec<String>,
    /// The chief may settle it now.
    panel: bool,
    panel_intro: String,
    total_max: String,
    alert: String,
    panel_reason: String,
    panel_error: String,
}

/// A criterion on a scoring form (阅卷 and 练习评阅): what it is, its bands, the points and
/// reason as given, and the error of a refused form; the columns of everyone's marks empty.
pub(crate) fn criterion_view(
    c: &crate::bank::Criterion,
    mark: &Mark,
    errors: &[crate::error::FieldError],
    lang: crate::i18n::Lang,
) -> CriterionView {
    CriterionView {
        id: c.id.clone(),
        text: c.text.clone(),
        max: tf(lang, "marking.criterion_max", &[("max", num(c.max))]),
        max_n: c.max,
        guide: c.guide.clone(),
        bands: band_views(c),
        points: mark.points.get(&c.id).map(|p| num(*p)).unwrap_or_default(),
        reason: mark.reasons.get(&c.id).cloned().unwrap_or_default(),
        others: vec![],
        other_reasons: vec![],
        mean: String::new(),
        spread: String::new(),
        flagged: false,
        final_points: String::new(),
        error: errors
            .iter()
            .find(|e| e.field == format!("criteria.{}", c.id))
            .map(|e| e.message(lang))
            .unwrap_or_default(),
    }
}

/// A criterion's bands as shown: "8–16" and what an answer in the band contains.
pub(crate) fn band_views(c: &crate::bank::Criterion) -> Vec<BandView> {
    c.bands
        .iter()
        .map(|band| BandView {
            range: if band.min == band.max {
                num(band.min)
            } else {
                format!("{}–{}", num(band.min), num(band.max))
            },
            text: band.text.clone(),
            max: band.max,
        })
        .collect()
}

pub(crate) fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The scoring screen: `draft` overrides the stored mark (a refused form comes back as typed).
async fn script_page(
    app: &App,
    actor: &crate::app::Actor,
    info: &RequestInfo,
    id: &str,
    draft: Option<(&Mark, &[crate::error::FieldError])>,
    alert: String,
) -> AppResult<ScriptPage> {
    let tr = info.tr();
    let s: Script = marking::script(app, actor, id, info.lang).await?;
    let b = Base::titled(
        info,
        tf(
            info.lang,
            "marking.script_title",
            &[("code", s.code.clone())],
        ),
    )
    .crumb(tr.t("marking.queue_title"), "/marking");
    let mine = s.mine(actor);
    let stored = mine.map(|m| m.mark.clone()).unwrap_or_default();
    let (shown, errors): (&Mark, &[crate::error::FieldError]) = match draft {
        Some((m, e)) => (m, e),
        None => (&stored, &[]),
    };
    let visible = marking::visible_marks(&s, actor);
    let marks_visible = s.all_in();
    let panel = matches!(s.status, Status::Panel { .. })
        && marking::chairs(app, actor, &s.session.id).await?;
    let rubric = s.item.task.criteria.as_deref().unwrap_or(&[]);
    let criteria = rubric
        .iter()
        .map(|c| {
            with_marks(
                criterion_view(c, shown, errors, info.lang),
                &s,
                &visible,
                info.lang,
            )
        })
        .collect();
    let total_max: f64 = rubric.iter().map(|c| c.max).sum();
    Ok(ScriptPage {
        id: s.attempt.id.clone(),
        candidate: s.candidate.clone().unwrap_or_default(),
        session_name: s.session.name.clone(),
        prompt_html: crate::markdown::to_html(&s.item.prompt),
        spec_html: s
            .item
            .spec
            .as_deref()
            .map(crate::markdown::to_html)
            .unwrap_or_default(),
        answer: s.answer().to_string(),
        chars: tf(
            info.lang,
            "marking.chars",
            &[("count", s.answer().chars().count().to_string())],
        ),
        criteria,
        seq: mine.map_or(0, |m| m.seq),
        editable: mine.is_some_and(|m| m.submitted_at.is_none()),
        marks_visible,
        examiners: (1..=visible.len())
            .map(|n| tf(info.lang, "marking.examiner_n", &[("n", n.to_string())]))
            .collect(),
        panel,
        panel_intro: tf(
            info.lang,
            "marking.panel_intro",
            &[("limit", percent(s.spread_limit))],
        ),
        total_max: num(total_max),
        alert,
        panel_reason: String::new(),
        panel_error: String::new(),
        notes: notes(&s, actor, &b, info.lang),
        b,
    })
}

/// A criterion's columns of everyone's marks and reasons (once all have submitted), the mean,
/// spread and flag, and the final points once settled.
fn with_marks(
    mut v: CriterionView,
    s: &Script,
    visible: &[&crate::store::marking::Assignment],
    lang: crate::i18n::Lang,
) -> CriterionView {
    let outcomes = match &s.status {
        Status::Panel { criteria } | Status::Final { criteria, .. } => criteria.as_slice(),
        Status::Marking { .. } => &[],
    };
    let o = outcomes.iter().find(|o| o.id == v.id);
    let final_points = match (&s.status, &s.decision) {
        (_, Some(d)) => d.mark.points.get(&v.id).map(|p| num(*p)),
        (Status::Final { .. }, None) => o.map(|o| num(o.mean)),
        _ => None,
    };
    if s.all_in() {
        v.others = visible
            .iter()
            .map(|a| a.mark.points.get(&v.id).map_or("—".into(), |p| num(*p)))
            .collect();
        v.other_reasons = visible
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let r = a.mark.reasons.get(&v.id)?;
                Some(tf(
                    lang,
                    "marking.examiner_reason",
                    &[("n", (i + 1).to_string()), ("reason", r.clone())],
                ))
            })
            .collect();
    }
    v.mean = o.map(|o| num(o.mean)).unwrap_or_default();
    v.spread = o.map(|o| num(o.spread)).unwrap_or_default();
    v.flagged = o.is_some_and(|o| o.flagged);
    v.final_points = final_points.unwrap_or_default();
    v
}

/// Where the script stands for the actor, as notes on the page (empty when not so).
pub struct Notes {
    pub submitted: String,
    pub saved: String,
    /// Submitted, waiting for the other examiners.
    pub waiting: String,
    /// Settled by the panel.
    pub decided: String,
}

fn notes(s: &Script, actor: &crate::app::Actor, b: &Base, lang: crate::i18n::Lang) -> Notes {
    let mine = s.mine(actor);
    let done = s
        .assignments
        .iter()
        .filter(|a| a.submitted_at.is_some())
        .count();
    Notes {
        submitted: mine
            .and_then(|m| m.submitted_at)
            .map(|t| tf(lang, "marking.submitted_note", &[("time", b.fmt_time(&t))]))
            .unwrap_or_default(),
        saved: mine
            .filter(|m| m.submitted_at.is_none())
            .and_then(|m| m.saved_at)
            .map(|t| tf(lang, "marking.saved_at", &[("time", b.fmt_time(&t))]))
            .unwrap_or_default(),
        waiting: if mine.is_some_and(|m| m.submitted_at.is_some()) && !s.all_in() {
            tf(
                lang,
                "marking.waiting_others",
                &[("done", done.to_string()), ("needed", s.needed.to_string())],
            )
        } else {
            String::new()
        },
        decided: s
            .decision
            .as_ref()
            .map(|d| {
                tf(
                    lang,
                    "marking.decided_note",
                    &[
                        ("time", b.fmt_time(&d.decided_at)),
                        ("reason", d.reason.clone()),
                    ],
                )
            })
            .unwrap_or_default(),
    }
}

async fn script(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<ScriptPage> {
    script_page(&app, &actor, &info, &id, None, String::new()).await
}

/// The form's fields: `seq`, `action` (`draft` or `submit`), `points.<criterion>`,
/// `reason.<criterion>`; for the panel also `reason`.
pub(crate) fn read_form(body: &[u8]) -> (Mark, i64, bool, String) {
    let mut m = Mark::default();
    let mut seq = 0;
    let mut submit = false;
    let mut reason = String::new();
    for (k, v) in form_urlencoded::parse(body) {
        if let Some(c) = k.strip_prefix("points.") {
            let v = v.trim();
            if !v.is_empty() {
                // Not a number: kept out of range so the check names the criterion.
                m.points
                    .insert(c.to_string(), v.parse::<f64>().unwrap_or(f64::NAN));
            }
        } else if let Some(c) = k.strip_prefix("reason.") {
            m.reasons.insert(c.to_string(), v.into_owned());
        } else {
            match k.as_ref() {
                "seq" => seq = v.parse().unwrap_or(0),
                "action" => submit = v == "submit",
                "reason" => reason = v.into_owned(),
                _ => {}
            }
        }
    }
    (m, seq, submit, reason)
}

async fn save(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> AppResult<Response> {
    let (mark, seq, submit, _) = read_form(&body);
    match marking::save(&app, &actor, &id, seq, &mark, submit, info.lang).await {
        Ok(_) => Ok(Redirect::to(
            if submit {
                "/marking".to_string()
            } else {
                format!("/marking/{id}")
            }
            .as_str(),
        )
        .into_response()),
        Err(AppError::Validation(errs)) => Ok(script_page(
            &app,
            &actor,
            &info,
            &id,
            Some((&mark, &errs)),
            String::new(),
        )
        .await?
        .into_response()),
        Err(e @ AppError::Conflict { .. }) => {
            let alert = e.message(info.lang);
            Ok(script_page(&app, &actor, &info, &id, None, alert)
                .await?
                .into_response())
        }
        Err(e) => Err(e),
    }
}

async fn decide(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> AppResult<Response> {
    let (mark, _, _, reason) = read_form(&body);
    match marking::decide(&app, &actor, &id, &mark, &reason, info.lang).await {
        Ok(()) => Ok(Redirect::to(&format!("/marking/{id}")).into_response()),
        Err(AppError::Validation(errs)) => {
            let mut page = script_page(&app, &actor, &info, &id, None, String::new()).await?;
            for c in &mut page.criteria {
                c.final_points = mark.points.get(&c.id).map(|p| num(*p)).unwrap_or_default();
                if let Some(e) = errs
                    .iter()
                    .find(|e| e.field == format!("criteria.{}", c.id))
                {
                    c.error = e.message(info.lang);
                }
            }
            page.panel_reason = reason;
            page.panel_error = errs
                .iter()
                .find(|e| e.field == "reason")
                .map(|e| e.message(info.lang))
                .unwrap_or_default();
            Ok(page.into_response())
        }
        Err(e @ AppError::Conflict { .. }) => {
            let alert = e.message(info.lang);
            Ok(script_page(&app, &actor, &info, &id, None, alert)
                .await?
                .into_response())
        }
        Err(e) => Err(e),
    }
}

pub struct OverviewRow {
    pub attempt_id: String,
    pub code: String,
    pub item_id: String,
    pub waiting: String,
    pub progress: String,
    pub state: &'static str,
    pub state_key: &'static str,
    pub points: String,
    pub by_panel: bool,
}

pub struct ExaminerRow {
    pub name: String,
    pub alpha: String,
    pub username: String,
    pub assigned: usize,
    pub submitted: usize,
    pub deviation: String,
    pub abs_deviation: String,
    pub strays: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "marking/overview.html")]
pub struct OverviewPage {
    b: Base,
    intro: String,
    chief: String,
    short: String,
    alpha: String,
    scripts: Vec<OverviewRow>,
    examiners: Vec<ExaminerRow>,
    is_chief: bool,
}

fn signed_percent(x: Option<f64>) -> String {
    x.map_or("—".into(), |x| format!("{:+.1}%", x * 100.0))
}

async fn overview(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
) -> AppResult<OverviewPage> {
    let tr: Tr = info.tr();
    let (s, o) = marking::overview(&app, &actor, &id, info.lang).await?;
    let b = Base::titled(
        &info,
        format!("{} · {}", tr.t("marking.overview_title"), s.name),
    )
    .crumb(tr.t("nav.exams"), "/center/exams")
    .crumb(s.name.clone(), format!("/center/exams/{}", s.id));
    let is_chief = marking::chairs(&app, &actor, &s.id).await?;
    Ok(OverviewPage {
        intro: tf(
            info.lang,
            "marking.overview_intro",
            &[
                ("needed", o.needed.to_string()),
                ("limit", percent(o.spread_limit)),
            ],
        ),
        chief: match &o.chief {
            Some(n) => tf(info.lang, "marking.overview_chief", &[("name", n.clone())]),
            None => String::new(),
        },
        short: if o.examiners_staffed < o.needed {
            tf(
                info.lang,
                "marking.overview_short",
                &[
                    ("staffed", o.examiners_staffed.to_string()),
                    ("needed", o.needed.to_string()),
                ],
            )
        } else {
            String::new()
        },
        alpha: match o.alpha {
            Some(a) => tf(info.lang, "marking.alpha", &[("alpha", format!("{a:.2}"))]),
            None => tr.t("marking.alpha_none").to_string(),
        },
        scripts: o
            .scripts
            .iter()
            .map(|x| OverviewRow {
                attempt_id: x.attempt_id.clone(),
                code: x.code.clone(),
                item_id: x.item_id.clone(),
                waiting: b.fmt_time(&x.handed_in_at),
                progress: tf(
                    info.lang,
                    "marking.progress",
                    &[
                        ("done", x.done.to_string()),
                        ("needed", x.needed.to_string()),
                    ],
                ),
                state: tr.t(&format!("marking.state_{}", x.state)),
                state_key: x.state,
                points: x
                    .points
                    .map(|p| format!("{} / {}", num(p), num(x.max)))
                    .unwrap_or_default(),
                by_panel: x.by_panel,
            })
            .collect(),
        examiners: o
            .examiners
            .iter()
            .map(|x| ExaminerRow {
                name: x.real_name.clone(),
                alpha: x.alpha.map_or("—".into(), |a| format!("{a:.2}")),
                username: x.username.clone(),
                assigned: x.assigned,
                submitted: x.submitted,
                deviation: signed_percent(x.mean_deviation),
                abs_deviation: x
                    .mean_abs_deviation
                    .map_or("—".into(), |a| format!("{:.1}%", a * 100.0)),
                strays: x.strays,
            })
            .collect(),
        is_chief,
        b,
    })
}
