//! The audit log page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde::Deserialize;

use super::{Base, Pager};
use crate::app::{App, Paging, audit};
use crate::error::AppResult;
use crate::store::audit::Entry;
use crate::web::ctx::Auth;

pub fn routes() -> Router<App> {
    Router::new().route("/audit", get(page))
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    page: Option<u32>,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
struct AuditPage {
    b: Base,
    entries: Vec<Entry>,
    pager: Pager,
    action: String,
    actions: &'static [&'static str],
}

impl AuditPage {
    fn action_label(&self, action: &str) -> &'static str {
        self.b.tr.t(&format!("audit.action.{action}"))
    }
}

async fn page(
    State(app): State<App>,
    Auth(actor, info): Auth,
    Query(q): Query<AuditQuery>,
) -> AppResult<AuditPage> {
    let paging = Paging {
        page: q.page.unwrap_or(1).max(1),
        per_page: 50,
    };
    let list = audit::list(&app, &actor, q.action.as_deref(), paging).await?;
    let action = q.action.unwrap_or_default();
    let pager = Pager::new(&list, &[("action", &action)]);
    Ok(AuditPage {
        b: Base::new(&info, "audit.title"),
        entries: list.items,
        pager,
        action,
        actions: audit::ACTIONS,
    })
}
