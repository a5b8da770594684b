//! The national standard as trainees and centers plan with it: public pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Path;
use axum::routing::get;

use super::Base;
use crate::app::App;
use crate::curriculum::{self, Curriculum, LevelSpec, Source};
use crate::error::{AppError, AppResult};
use crate::web::ctx::Ctx;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/curriculum", get(overview))
        .route("/curriculum/{level}", get(level))
}

/// Helpers the curriculum templates share.
pub struct View {
    pub c: &'static Curriculum,
}

impl View {
    pub fn source_key(&self, s: &Source) -> &'static str {
        match s {
            Source::Verbatim => "curriculum.source.verbatim",
            Source::OfficialOutline => "curriculum.source.official-outline",
            Source::Derived => "curriculum.source.derived",
            Source::Assumed => "curriculum.source.assumed",
        }
    }
    pub fn is_assumed(&self, s: &Source) -> bool {
        matches!(s, Source::Assumed)
    }
    /// The name of a weight-table key (function code, or 0.1/0.2) at a level.
    pub fn weight_name(&self, level: &u8, key: &str) -> String {
        self.c.function_name(*level, key).unwrap_or(key).to_string()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "curriculum/overview.html")]
struct OverviewPage {
    b: Base,
    v: View,
}

async fn overview(Ctx(info): Ctx) -> OverviewPage {
    OverviewPage {
        b: Base::new(&info, "curriculum.title"),
        v: View {
            c: curriculum::shipped(),
        },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "curriculum/level.html")]
struct LevelPage {
    b: Base,
    v: View,
    l: &'static LevelSpec,
}

async fn level(Ctx(info): Ctx, Path(n): Path<String>) -> AppResult<LevelPage> {
    let c = curriculum::shipped();
    let l = n
        .parse::<u8>()
        .ok()
        .and_then(|n| c.level(n))
        .ok_or(AppError::NotFound)?;
    let title = super::level_name(&info.tr(), l.number);
    Ok(LevelPage {
        b: Base::titled(&info, title).crumb(info.tr().t("curriculum.title"), "/curriculum"),
        v: View { c },
        l,
    })
}

impl LevelPage {
    fn kind_key(&self, kind: &str) -> &'static str {
        match kind {
            "true_false" => "curriculum.kind.true_false",
            "single_choice" => "curriculum.kind.single_choice",
            _ => "curriculum.kind.multi_choice",
        }
    }
}
