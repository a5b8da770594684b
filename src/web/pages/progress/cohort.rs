//! The cohort table for center staff: readiness, forecasts and mock scores per trainee, with
//! CSV and Excel export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::Base;
use crate::app::App;
use crate::app::progress::{self, CohortQuery, CohortRow};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::web::ctx::Auth;

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
pub(super) struct CohortPage {
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
pub(super) struct CohortParams {
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
                super::super::level_name(tr, r.level.get()),
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

/// One row of the table on the page.
fn cohort_view(tr: &Tr, r: &CohortRow) -> CohortView {
    CohortView {
        id: r.user.id.clone(),
        name: r.user.real_name.clone(),
        username: r.user.username.clone(),
        class: r.user.class_name.clone().unwrap_or_else(|| "—".into()),
        level_name: super::super::level_name(tr, r.level.get()),
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
    }
}

pub(super) async fn cohort(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(p): Query<CohortParams>,
) -> AppResult<Response> {
    let tr = info.tr();
    let rows = progress::cohort(&app, &actor, &p.q).await?;
    match p.format.as_deref() {
        Some("csv") => {
            let (h, body) = cohort_table(&tr, info.tz, &rows);
            return Ok(super::super::people::attachment(
                &format!("{}.csv", tr.t("cohort.title")),
                "text/csv; charset=utf-8",
                crate::sheet::to_csv(
                    std::iter::once(h.iter().map(|c| c.to_string()).collect()).chain(body),
                ),
            ));
        }
        Some("xlsx") => {
            let (h, body) = cohort_table(&tr, info.tz, &rows);
            return Ok(super::super::people::attachment(
                &format!("{}.xlsx", tr.t("cohort.title")),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                crate::sheet::to_xlsx(&h, body).map_err(|e| AppError::Internal(e.into()))?,
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
    let views: Vec<CohortView> = rows.iter().map(|r| cohort_view(&tr, r)).collect();
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
