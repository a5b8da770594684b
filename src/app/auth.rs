//! Signing in and out, sessions, API tokens and password changes.

use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::audit::{self, By};
use super::writes::Write;
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

fn too_many(ms: i64) -> AppError {
    AppError::TooManyRequests {
        retry_after_secs: (ms + 999) / 1000,
    }
}

/// argon2 takes tens of milliseconds of CPU: keep it off the async workers.
async fn verify_off_thread(pw: &str, hash: &str) -> AppResult<bool> {
    let (pw, hash) = (pw.to_string(), hash.to_string());
    password::on_hashing_pool(move || password::verify(&pw, &hash))
        .await
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the hashing pool failed")))
}

/// The longest login name looked up (an e-mail address has at most 254 characters).
pub const MAX_LOGIN_CHARS: usize = 254;
/// The longest password checked: the rules allow 128 characters; anything longer simply fails,
/// without spending the hash on it.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// The longest client address kept (an IPv6 address has at most 45 characters).
const MAX_IP_CHARS: usize = 64;

/// The throttling key of an account: its id when the login name designates one, else the name
/// (a long name by its hash, so that no key is longer than about 260 characters).
pub fn account_key(user_id: Option<&str>, login: &str) -> String {
    match user_id {
        Some(id) => format!("acct:{id}"),
        None if login.chars().count() > MAX_LOGIN_CHARS => {
            format!("acct:#{}", secret_hash(login))
        }
        None => format!("acct:{login}"),
    }
}

/// A typed login name as the audit log keeps it: at most 64 characters (then `…`), with
/// control and invisible characters shown as `\u{fffd}`.
fn name_for_log(login: &str) -> String {
    let mut out: String = login
        .chars()
        .take(64)
        .map(|c| {
            if crate::accounts::forbidden_char(c.encode_utf8(&mut [0; 4])).is_some() {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    if login.chars().count() > 64 {
        out.push('…');
    }
    out
}

pub struct LoggedIn {
    pub user: User,
    /// The new session's id, for the cookie.
    pub session_id: String,
}

/// Signs in. Every input is bounded before it is used: a login name longer than any account's
/// is simply a failed login (counted under a hashed key, logged truncated), and so is a
/// password longer than the rules allow. The attempt is counted against the account before
/// the password is checked, so that parallel guesses cannot exceed the budget.
pub async fn login(
    app: &App,
    login: &str,
    pw: &str,
    ip: &str,
    user_agent: &str,
) -> AppResult<LoggedIn> {
    let login = login.trim().to_lowercase();
    let ip: String = ip.chars().take(MAX_IP_CHARS).collect();
    let ip = ip.as_str();
    let now = app.now();
    let pool = &app.db.pool;
    let plausible = !login.is_empty() && login.chars().count() <= MAX_LOGIN_CHARS;
    let found = if plausible {
        store::users::for_login(pool, &login).await?
    } else {
        None
    };
    let ip_key = format!("ip:{ip}");
    // One counter per account, whether it is named by username, phone or e-mail.
    let acct_key = account_key(found.as_ref().map(|(u, _)| u.id.as_str()), &login);
    if let Some(ms) = throttle::locked_for(store::throttle::get(pool, &ip_key).await?, now) {
        return Err(too_many(ms));
    }
    let acct = store::throttle::count(pool, &acct_key, throttle::PER_ACCOUNT.window, now).await?;
    if let Err(ms) = throttle::admit(throttle::PER_ACCOUNT, acct, now) {
        return Err(too_many(ms));
    }
    // Verify even when there is no such account, so timing does not tell which names exist.
    let hash = found.as_ref().map(|(_, h)| h.clone());
    let found_center = found.as_ref().and_then(|(u, _)| u.center_id.clone());
    let ok = pw.len() <= MAX_PASSWORD_BYTES
        && verify_off_thread(pw, hash.as_deref().unwrap_or(password::dummy_hash())).await?
        && hash.is_some();
    let Some((user, _)) = found.filter(|_| ok) else {
        let center = found_center;
        record_failure(
            app,
            &login,
            center.as_deref(),
            (&ip_key, &acct_key),
            acct,
            ip,
        )
        .await?;
        return Err(AppError::BadCredentials);
    };
    if user.disabled {
        return Err(AppError::AccountDisabled);
    }
    let session_id = open_session(app, &user, &acct_key, ip, user_agent).await?;
    Ok(LoggedIn { user, session_id })
}

/// A failed sign-in: the address's counter (failures only, so that a room of candidates signing
/// in behind one address does not lock itself out; the account's attempt is counted already),
/// the locks either counter earned, and the audit entry.
async fn record_failure(
    app: &App,
    login: &str,
    center: Option<&str>,
    (ip_key, acct_key): (&str, &str),
    acct: throttle::Counter,
    ip: &str,
) -> AppResult<()> {
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    let ip_c = store::throttle::count(&mut *tx, ip_key, throttle::PER_IP.window, now).await?;
    if throttle::locks(throttle::PER_IP, ip_c) {
        store::throttle::put(&mut *tx, ip_key, throttle::locked(throttle::PER_IP, now)).await?;
    }
    if throttle::locks(throttle::PER_ACCOUNT, acct) {
        let c = throttle::locked(throttle::PER_ACCOUNT, now);
        store::throttle::put(&mut *tx, acct_key, c).await?;
    }
    let name = name_for_log(login);
    audit::record(
        &mut *tx,
        now,
        By::Anonymous { ip, name: &name },
        center,
        "login_failed",
        &name,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new session for a signed-in user (its id, for the cookie); the account's failures are
/// forgotten.
async fn open_session(
    app: &App,
    user: &User,
    acct_key: &str,
    ip: &str,
    user_agent: &str,
) -> AppResult<String> {
    let now = app.now();
    let session_id = random_secret();
    let mut tx = app.db.begin_write().await?;
    store::throttle::clear(&mut *tx, acct_key).await?;
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
    Ok(session_id)
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
        app.writes
            .apply(Write::SessionSeen {
                id_hash: id_hash.clone(),
                now,
            })
            .await?;
    }
    Ok(Some((found.user, id_hash)))
}

/// The user of a live API token (`Authorization: Bearer …`).
pub async fn token_user(app: &App, token: &str) -> AppResult<Option<User>> {
    let Some((token_id, user_id, last_used)) =
        store::tokens::user_for_hash(&app.db.pool, &secret_hash(token)).await?
    else {
        return Ok(None);
    };
    let user = store::users::get(&app.db.pool, &user_id).await?;
    let Some(user) = user.filter(|u| !u.disabled) else {
        return Ok(None);
    };
    // Like sessions: the last use is written at most once a minute, not on every request.
    let now = app.now();
    if last_used.is_none_or(|t| now - t > crate::clock::MINUTE) {
        app.writes
            .apply(Write::TokenUsed { id: token_id, now })
            .await?;
    }
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

/// Changes one's own password; every other session of the account ends, and with
/// `revoke_tokens` every API token too (the form's default: a password changed because it
/// leaked should not leave the tokens made with it).
pub async fn change_password(
    app: &App,
    actor: &Actor,
    current: &str,
    new: &str,
    confirm: &str,
    revoke_tokens: bool,
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
    let new_hash = password::on_hashing_pool(move || password::hash(&new_pw))
        .await
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the hashing pool failed")))?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    store::users::set_password(&mut *tx, &actor.user.id, &new_hash, false, now).await?;
    store::sessions::delete_for_user(&mut *tx, &actor.user.id, actor.session.as_deref()).await?;
    let tokens = if revoke_tokens {
        store::tokens::revoke_all_for_user(&mut *tx, &actor.user.id, now).await?
    } else {
        0
    };
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        actor.user.center_id.as_deref(),
        "password_changed",
        &actor.user.username,
        json!({ "tokens_revoked": tokens }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
