//! Personal API tokens for center integrations: shown once, stored hashed, revocable.

use serde_json::json;

use super::audit::{self, By};
use super::auth::{random_secret, secret_hash};
use super::{Actor, App};
use crate::error::{AppError, AppResult, FieldError};
use crate::store;
use crate::store::tokens::ApiToken;

pub const PREFIX: &str = "ac_";

pub async fn create(app: &App, actor: &Actor, name: &str) -> AppResult<(ApiToken, String)> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > 60
        || crate::accounts::forbidden_char(name).is_some()
    {
        return Err(AppError::Validation(vec![FieldError::new(
            "name",
            "token.bad_name",
        )]));
    }
    let secret = format!("{PREFIX}{}", random_secret());
    let now = app.now();
    let token = ApiToken {
        id: crate::db::new_id(),
        name: name.to_string(),
        prefix: secret.chars().take(PREFIX.len() + 6).collect(),
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    let mut tx = app.db.begin_write().await?;
    store::tokens::insert(
        &mut *tx,
        &store::tokens::NewToken {
            id: &token.id,
            user_id: &actor.user.id,
            name: &token.name,
            token_hash: &secret_hash(&secret),
            prefix: &token.prefix,
            now,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        actor.user.center_id.as_deref(),
        "token_created",
        &token.prefix,
        json!({ "name": token.name }),
    )
    .await?;
    tx.commit().await?;
    Ok((token, secret))
}

pub async fn list(app: &App, actor: &Actor) -> AppResult<Vec<ApiToken>> {
    Ok(store::tokens::list_for_user(&app.db.pool, &actor.user.id).await?)
}

pub async fn revoke(app: &App, actor: &Actor, id: &str) -> AppResult<()> {
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    if !store::tokens::revoke(&mut *tx, &actor.user.id, id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        actor.user.center_id.as_deref(),
        "token_revoked",
        id,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
