//! Item analysis pages (试题分析): a session's, and a level's over exam sessions or mock exams,
//! with CSV/XLSX exports. Every page calls `app::analysis`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::Base;
use crate::app::App;
use crate::app::analysis::{self, Report, Source};
use crate::curriculum::{Component, Level};
use crate::error::AppResult;
use crate::i18n::{Lang, Tr, tf};
use crate::web::ctx::{Auth, RequestInfo};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/center/analysis", get(level_page))
        .route("/center/analysis/export/{format}", get(level_export))
        .route("/center/exams/{id}/analysis", get(session_page))
        .route(
            "/center/exams/{id}/analysis/export/{format}",
            get(session_export),
        )
}

/// What a report is asked for; every field optional, bounded when parsed.
#[derive(Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    component: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    source: Option<String>,
    /// A platform admin's choice of one center, by code.
    #[serde(default)]
    center: Option<String>,
    /// `YYYY-MM-DD`, in the display zone.
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

impl ReportQuery {
    fn component(&self) -> Component {
        match self.component.as_deref() {
            Some("skill") => Component::Skill,
            _ => Component::Theory,
        }
    }

    fn level(&self) -> Level {
        self.level
            .as_deref()
            .and_then(Level::parse)
            .unwrap_or(Level::FIVE)
    }

    fn source(&self) -> Source {
        self.source
            .as_deref()
            .and_then(Source::parse)
            .unwrap_or(Source::Exams)
    }

    /// The window in ms: from the start of `from` until the end of `to`, in the display zone.
    fn window(&self, tz: chrono_tz::Tz) -> (i64, i64) {
        let day = |s: &Option<String>| {
            s.as_deref()
                .filter(|s| s.len() <= 10)
                .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        };
        let start = |d: chrono::NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(tz).earliest())
                .map(|t| t.timestamp_millis())
        };
        let from = day(&self.from).and_then(start).unwrap_or(0);
        let to = day(&self.to)
            .and_then(|d| d.succ_opt())
            .and_then(start)
            .unwrap_or(i64::MAX);
        (from, to)
    }

    fn center(&self) -> Option<&str> {
        self.center
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty() && c.len() <= 32)
    }

    fn level_query(&self, tz: chrono_tz::Tz) -> analysis::LevelQuery<'_> {
        let (from, to) = self.window(tz);
        analysis::LevelQuery {
            level: self.level(),
            source: self.source(),
            component: self.component(),
            from,
            to,
            center_code: self.center(),
        }
    }

    /// The query string of a level report, for the export links.
    fn query_string(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("level", &self.level().to_string());
        q.append_pair("source", self.source().as_str());
        q.append_pair("component", self.component().as_str());
        if let Some(f) = self.from.as_deref() {
            q.append_pair("from", f);
        }
        if let Some(t) = self.to.as_deref() {
            q.append_pair("to", t);
        }
        if let Some(c) = self.center() {
            q.append_pair("center", c);
        }
        q.finish()
    }
}

pub struct ItemView {
    pub item_id: String,
    pub kind: String,
    pub n: usize,
    pub p: String,
    pub r: String,
    pub options: Vec<OptionView>,
    pub flags: Vec<&'static str>,
    pub tone: &'static str,
}

pub struct OptionView {
    pub letter: String,
    pub key: bool,
    pub chosen: usize,
    pub upper: usize,
    pub lower: usize,
    pub text: String,
    pub flagged: bool,
}

pub struct Summary {
    pub papers: usize,
    pub alpha: String,
    pub sem: String,
    pub mean: String,
    pub sd: String,
    pub pass_rate: String,
    /// (band label, count), and the largest count (the bars' scale).
    pub bands: Vec<(String, usize)>,
    pub most: usize,
    pub flagged: usize,
}

fn fmt(x: Option<f64>, digits: usize) -> String {
    x.map_or("—".into(), |x| format!("{x:.digits$}"))
}

fn views(tr: &Tr, r: &Report) -> (Summary, Vec<ItemView>) {
    let d = &r.distribution;
    let most = d.bands.iter().copied().max().unwrap_or(0).max(1);
    let summary = Summary {
        papers: r.papers,
        alpha: match (r.reliability.alpha, r.reliability.kr20) {
            (Some(a), true) => format!("KR-20 = {a:.3}"),
            (Some(a), false) => format!("α = {a:.3}"),
            (None, _) => "—".into(),
        },
        sem: fmt(r.reliability.sem, 2),
        mean: fmt(d.mean, 1),
        sd: fmt(d.sd, 1),
        pass_rate: d
            .pass_rate
            .map_or("—".into(), |p| format!("{:.0}%", p * 100.0)),
        bands: d
            .bands
            .iter()
            .enumerate()
            .map(|(i, n)| {
                (
                    format!("{}–{}", i * 10, if i == 9 { 100 } else { i * 10 + 9 }),
                    *n,
                )
            })
            .collect(),
        flagged: r.items.iter().filter(|i| i.flagged()).count(),
        most,
    };
    let mut items: Vec<ItemView> = r
        .items
        .iter()
        .map(|i| {
            let f = &i.stats.flags;
            let flags: Vec<&'static str> = analysis::flag_keys(i).iter().map(|k| tr.t(k)).collect();
            ItemView {
                item_id: i.item_id.clone(),
                kind: tr.t(&format!("workbench.kind_{}", i.kind)).to_string(),
                n: i.stats.n,
                p: fmt(i.stats.facility, 2),
                r: fmt(i.stats.discrimination, 2),
                options: i
                    .stats
                    .options
                    .iter()
                    .map(|o| OptionView {
                        letter: crate::bank::option_key(o.index),
                        key: o.key,
                        chosen: o.chosen,
                        upper: o.upper,
                        lower: o.lower,
                        text: i.options.get(o.index).cloned().unwrap_or_default(),
                        flagged: f.never_chosen.contains(&o.index)
                            || f.strong_pick_distractor.contains(&o.index),
                    })
                    .collect(),
                tone: if f.negative_discrimination || !f.strong_pick_distractor.is_empty() {
                    "error"
                } else if flags.is_empty() {
                    "ok"
                } else {
                    "warn"
                },
                flags,
            }
        })
        .collect();
    // What needs reading first: the worst discrimination at the top.
    items.sort_by(|a, b| {
        let rank = |v: &ItemView| match v.tone {
            "error" => 0,
            "warn" => 1,
            _ => 2,
        };
        rank(a).cmp(&rank(b)).then(a.item_id.cmp(&b.item_id))
    });
    (summary, items)
}

#[derive(Template, WebTemplate)]
#[template(path = "analysis/report.html")]
pub struct ReportPage {
    b: Base,
    intro: String,
    summary: Summary,
    items: Vec<ItemView>,
    export: String,
    /// The level report's filter form (none on a session's page).
    filter: bool,
    level: Level,
    source: &'static str,
    component: &'static str,
    from: String,
    to: String,
    /// Platform admins narrow a level report to one center (its code).
    center: String,
    choose_center: bool,
    session_id: String,
}

fn intro(lang: Lang, r: &Report) -> String {
    tf(
        lang,
        match r.source {
            Source::Exams => "analysis.intro_exams",
            Source::Mocks => "analysis.intro_mocks",
        },
        &[("papers", r.papers.to_string())],
    )
}

async fn session_page(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> AppResult<ReportPage> {
    let tr = info.tr();
    let component = q.component();
    let (s, r) = analysis::session(&app, &actor, &id, component).await?;
    let b = Base::titled(&info, format!("{} · {}", tr.t("analysis.title"), s.name))
        .crumb(tr.t("nav.exams"), "/center/exams")
        .crumb(s.name.clone(), format!("/center/exams/{}", s.id));
    let (summary, items) = views(&tr, &r);
    Ok(ReportPage {
        intro: intro(info.lang, &r),
        export: format!(
            "/center/exams/{}/analysis/export/{{format}}?component={}",
            s.id,
            component.as_str()
        ),
        filter: false,
        level: s.level,
        source: Source::Exams.as_str(),
        component: component.as_str(),
        from: String::new(),
        to: String::new(),
        center: String::new(),
        choose_center: false,
        session_id: s.id.clone(),
        summary,
        items,
        b,
    })
}

async fn level_page(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(q): Query<ReportQuery>,
) -> AppResult<ReportPage> {
    let tr = info.tr();
    let r = analysis::level(&app, &actor, &q.level_query(info.tz)).await?;
    let b = Base::new(&info, "analysis.title");
    let (summary, items) = views(&tr, &r);
    Ok(ReportPage {
        intro: intro(info.lang, &r),
        export: format!("/center/analysis/export/{{format}}?{}", q.query_string()),
        filter: true,
        level: q.level(),
        source: q.source().as_str(),
        component: q.component().as_str(),
        from: q.from.clone().filter(|s| s.len() <= 10).unwrap_or_default(),
        to: q.to.clone().filter(|s| s.len() <= 10).unwrap_or_default(),
        center: q.center().unwrap_or_default().to_string(),
        choose_center: actor.is_platform_admin(),
        session_id: String::new(),
        summary,
        items,
        b,
    })
}

fn file(r: &Report, name: &str, format: &str, info: &RequestInfo) -> AppResult<Response> {
    let (header, rows) = analysis::table(r, info.lang);
    let stem = format!("{}-{name}", crate::i18n::t(info.lang, "analysis.title"));
    super::people::table_file(&stem, format, header, rows)
}

async fn session_export(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path((id, format)): Path<(String, String)>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (s, r) = analysis::session(&app, &actor, &id, q.component()).await?;
    file(
        &r,
        &format!("{}-{}", s.code, q.component().as_str()),
        &format,
        &info,
    )
}

async fn level_export(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Path(format): Path<String>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let r = analysis::level(&app, &actor, &q.level_query(info.tz)).await?;
    let name = format!(
        "L{}-{}-{}",
        q.level(),
        q.source().as_str(),
        q.component().as_str()
    );
    file(&r, &name, &format, &info)
}
