//! Centers (培训/评价机构): the tenants, managed by platform admins.

use serde_json::json;

use super::audit::{self, By};
use super::{Actor, App};
use crate::accounts::{Center, code_point, forbidden_char, normalize_center_code};
use crate::error::{AppError, AppResult, FieldError};
use crate::store;

/// Whose records a manager lists: a center admin's own center; for a platform admin the center
/// named by `code`, or every center when none is named. An unknown code is "not found".
pub async fn listing_scope(
    app: &App,
    actor: &Actor,
    code: Option<&str>,
) -> AppResult<Option<String>> {
    Ok(match actor.managed_center()? {
        Some(own) => Some(own.to_string()),
        None => match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => Some(
                store::centers::by_code(&app.db.pool, &code.to_lowercase())
                    .await?
                    .ok_or(AppError::NotFound)?
                    .id,
            ),
            None => None,
        },
    })
}

pub async fn create(app: &App, actor: &Actor, code: &str, name: &str) -> AppResult<Center> {
    actor.require_platform_admin()?;
    create_by(app, By::Actor(actor), code, name).await
}

/// Creates a center from the command line (no signed-in actor).
pub async fn create_system(app: &App, code: &str, name: &str) -> AppResult<Center> {
    create_by(app, By::System("cli"), code, name).await
}

async fn create_by(app: &App, by: By<'_>, code: &str, name: &str) -> AppResult<Center> {
    let center = validate(code, name, app.now())?;
    // A concurrent creation of the same code gets the same field error as a sequential one.
    super::people::retry_on_unique(|| insert_checked(app, by, &center)).await
}

async fn insert_checked(app: &App, by: By<'_>, center: &Center) -> AppResult<Center> {
    let mut tx = app.db.begin_write().await?;
    app.db.lock_in(&mut tx, "centers").await?;
    if store::centers::by_code(&mut *tx, &center.code)
        .await?
        .is_some()
    {
        return Err(AppError::Validation(vec![FieldError::new(
            "code",
            "center.code_taken",
        )]));
    }
    store::centers::insert(&mut *tx, center).await?;
    audit::record(
        &mut *tx,
        center.created_at,
        by,
        Some(&center.id),
        "center_created",
        &center.code,
        json!({ "name": center.name }),
    )
    .await?;
    tx.commit().await?;
    Ok(center.clone())
}

fn validate(code: &str, name: &str, now: i64) -> AppResult<Center> {
    let mut errors = vec![];
    let code = normalize_center_code(code);
    if code.is_none() {
        errors.push(FieldError::new("code", "center.bad_code"));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "center.bad_name"));
    } else if let Some(c) = forbidden_char(name) {
        errors.push(FieldError::new("name", "center.bad_chars").arg("char", code_point(c)));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(Center {
        id: crate::db::new_id(),
        code: code.expect("checked"),
        name: name.to_string(),
        disabled: false,
        created_at: now,
    })
}

pub async fn list(app: &App, actor: &Actor) -> AppResult<Vec<(Center, i64)>> {
    actor.require_platform_admin()?;
    Ok(store::centers::list_with_counts(&app.db.pool).await?)
}

/// A center as seen by a platform admin or a member of it.
pub async fn get(app: &App, actor: &Actor, id: &str) -> AppResult<Center> {
    if !actor.is_platform_admin() && actor.user.center_id.as_deref() != Some(id) {
        return Err(AppError::NotFound);
    }
    store::centers::get(&app.db.pool, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn by_code(app: &App, code: &str) -> AppResult<Option<Center>> {
    Ok(store::centers::by_code(&app.db.pool, &code.trim().to_lowercase()).await?)
}
