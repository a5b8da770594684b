//! Recording and reading the audit log.

use serde_json::Value;
use sqlx::{Any, Executor};

use super::{Actor, App, Page, Paging};
use crate::error::AppResult;
use crate::store::audit::{self, Entry};

/// Who did it, for the log: an actor, or a named system process (the CLI, first start).
#[derive(Clone, Copy)]
pub enum By<'a> {
    Actor(&'a Actor),
    System(&'a str),
    /// Someone not signed in (a failed login), by IP.
    Anonymous {
        ip: &'a str,
        name: &'a str,
    },
}

pub async fn record<'e>(
    e: impl Executor<'e, Database = Any>,
    now: i64,
    by: By<'_>,
    center_id: Option<&str>,
    action: &str,
    target: &str,
    detail: Value,
) -> AppResult<()> {
    let (actor_id, actor_name, ip) = match by {
        By::Actor(a) => (
            Some(a.user.id.clone()),
            a.user.username.clone(),
            a.ip.clone(),
        ),
        By::System(name) => (None, name.to_string(), "-".to_string()),
        By::Anonymous { ip, name } => (None, name.to_string(), ip.to_string()),
    };
    audit::insert(
        e,
        &Entry {
            id: crate::db::new_id(),
            at: now,
            actor_id,
            actor_name,
            center_id: center_id.map(str::to_string),
            ip,
            action: action.to_string(),
            target: target.to_string(),
            detail: detail.to_string(),
        },
    )
    .await?;
    Ok(())
}

/// The log a manager may read: center admins their center's entries, platform admins all.
pub async fn list(
    app: &App,
    actor: &Actor,
    action: Option<&str>,
    paging: Paging,
) -> AppResult<Page<Entry>> {
    let center = actor.managed_center()?;
    let action = action.map(str::trim).filter(|a| !a.is_empty());
    let (items, total) =
        audit::list(&app.db.pool, center, action, paging.page, paging.per_page).await?;
    Ok(Page {
        items,
        total,
        page: paging.page.max(1),
        per_page: paging.per_page,
    })
}

/// The actions the log knows, for the filter.
pub const ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "logout",
    "password_changed",
    "password_reset",
    "center_created",
    "user_created",
    "user_disabled",
    "user_enabled",
    "trainees_imported",
    "token_created",
    "token_revoked",
];
