//! Signing in and out, sessions, API tokens and password changes.

use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::audit::{self, By};
use super::{Actor, App};
use crate::accounts::{User, password, throttle};
use crate::error::{AppError, AppResult, FieldError};
use crate::store;

/// A random secret (session id, API token) of 32 bytes, base64url.
pub fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret: its SHA-256, hex.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// argon2 takes tens of milliseconds of CPU: keep it off the async workers.
async fn verify_off_thread(pw: &str, hash: &str) -> AppResult<bool> {
    let (pw, hash) = (pw.to_string(), hash.to_string());
    tokio::task::spawn_blocking(move || password::verify(&pw, &hash))
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// The throttling key of an account: its id when the login name designates one, else the name.
pub fn account_key(user_id: Option<&str>, login: &str) -> String {
    match user_id {
        Some(id) => format!("acct:{id}"),
        None => format!("acct:{login}"),
    }
}

pub struct LoggedIn {
    pub user: User,
    /// The new session's id, for the cookie.
    pub session_id: String,
}

pub async fn login(
    app: &App,
    login: &str,
    pw: &str,
    ip: &str,
    user_agent: &str,
) -> AppResult<LoggedIn> {
    let login = login.trim().to_lowercase();
    let now = app.now();
    let pool = &app.db.pool;
    let found = if login.is_empty() {
        None
    } else {
        store::users::for_login(pool, &login).await?
    };
    let ip_key = format!("ip:{ip}");
    // One counter per account, whether it is named by username, phone or e-mail.
    let acct_key = account_key(found.as_ref().map(|(u, _)| u.id.as_str()), &login);
    let wait = [
        throttle::locked_for(store::throttle::get(pool, &ip_key).await?, now),
        throttle::locked_for(store::throttle::get(pool, &acct_key).await?, now),
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(ms) = wait {
        return Err(AppError::TooManyRequests {
            retry_after_secs: (ms + 999) / 1000,
        });
    }
    // Verify even when there is no such account, so timing does not tell which names exist.
    let hash = found.as_ref().map(|(_, h)| h.clone());
    let ok = verify_off_thread(pw, hash.as_deref().unwrap_or(password::dummy_hash())).await?
        && hash.is_some();
    if !ok {
        let mut tx = app.db.begin_write().await?;
        for (key, policy) in [
            (&ip_key, throttle::PER_IP),
            (&acct_key, throttle::PER_ACCOUNT),
        ] {
            let c = store::throttle::get(&mut *tx, key).await?;
            store::throttle::put(&mut *tx, key, throttle::after_failure(policy, c, now)).await?;
        }
        let center = found.as_ref().and_then(|(u, _)| u.center_id.clone());
        audit::record(
            &mut *tx,
            now,
            By::Anonymous { ip, name: &login },
            center.as_deref(),
            "login_failed",
            &login,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::BadCredentials);
    }
    let (user, _) = found.expect("verified above");
    if user.disabled {
        return Err(AppError::AccountDisabled);
    }
    let session_id = random_secret();
    let mut tx = app.db.begin_write().await?;
    store::throttle::clear(&mut *tx, &acct_key).await?;
    store::sessions::insert(
        &mut *tx,
        &store::sessions::NewSession {
            id_hash: &secret_hash(&session_id),
            user_id: &user.id,
            now,
            expires_at: now + app.config.session_absolute_ms,
            ip,
            user_agent: &user_agent.chars().take(200).collect::<String>(),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        now,
        By::Anonymous {
            ip,
            name: &user.username,
        },
        user.center_id.as_deref(),
        "login",
        &user.username,
        json!({ "user_id": user.id }),
    )
    .await?;
    tx.commit().await?;
    Ok(LoggedIn { user, session_id })
}

/// The user of a live session; an expired one (idle or absolute) is removed.
pub async fn session_user(app: &App, session_id: &str) -> AppResult<Option<(User, String)>> {
    let id_hash = secret_hash(session_id);
    let now = app.now();
    let Some(found) = store::sessions::find(&app.db.pool, &id_hash).await? else {
        return Ok(None);
    };
    if now >= found.expires_at
        || now - found.last_seen_at >= app.config.session_idle_ms
        || found.user.disabled
    {
        store::sessions::delete(&app.db.pool, &id_hash).await?;
        return Ok(None);
    }
    // Write the last-seen time at most once a minute, not on every request.
    if now - found.last_seen_at > crate::clock::MINUTE {
        store::sessions::touch(&app.db.pool, &id_hash, now).await?;
    }
    Ok(Some((found.user, id_hash)))
}

/// The user of a live API token (`Authorization: Bearer …`).
pub async fn token_user(app: &App, token: &str) -> AppResult<Option<User>> {
    let Some((token_id, user_id)) =
        store::tokens::user_for_hash(&app.db.pool, &secret_hash(token)).await?
    else {
        return Ok(None);
    };
    let user = store::users::get(&app.db.pool, &user_id).await?;
    let Some(user) = user.filter(|u| !u.disabled) else {
        return Ok(None);
    };
    store::tokens::mark_used(&app.db.pool, &token_id, app.now()).await?;
    Ok(Some(user))
}

pub async fn logout(app: &App, actor: &Actor) -> AppResult<()> {
    if let Some(s) = &actor.session {
        let mut tx = app.db.begin_write().await?;
        store::sessions::delete(&mut *tx, s).await?;
        audit::record(
            &mut *tx,
            app.now(),
            By::Actor(actor),
            actor.user.center_id.as_deref(),
            "logout",
            &actor.user.username,
            json!({}),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Changes one's own password; every other session of the account ends.
pub async fn change_password(
    app: &App,
    actor: &Actor,
    current: &str,
    new: &str,
    confirm: &str,
) -> AppResult<()> {
    let hash = store::users::password_hash(&app.db.pool, &actor.user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = vec![];
    if !verify_off_thread(current, &hash).await? {
        errors.push(FieldError::new("current", "password.wrong_current"));
    }
    if let Err(key) = password::check_rules(new, &actor.user.username) {
        errors.push(FieldError::new("new", key));
    } else if new == current {
        errors.push(FieldError::new("new", "password.same_as_old"));
    }
    if new != confirm {
        errors.push(FieldError::new("confirm", "password.mismatch"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let new_pw = new.to_string();
    let new_hash = tokio::task::spawn_blocking(move || password::hash(&new_pw))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    store::users::set_password(&mut *tx, &actor.user.id, &new_hash, false, now).await?;
    store::sessions::delete_for_user(&mut *tx, &actor.user.id, actor.session.as_deref()).await?;
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        actor.user.center_id.as_deref(),
        "password_changed",
        &actor.user.username,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
