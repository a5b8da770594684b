//! People of a center: trainees (学员), examiners (考评员) and center admins (机构管理员).

use serde::Deserialize;
use serde_json::json;

use super::audit::{self, By};
use super::{Actor, App, Page, Paging};
use crate::accounts::import::{self, ImportRow};
use crate::accounts::{
    Center, CheckedPerson, PersonInput, Role, User, check_person, idcard, password,
};
use crate::db::Tx;
use crate::error::{AppError, AppResult, FieldError};
use crate::store;
use crate::store::users::Unique;

/// A person to create, as a form or JSON body gives it. Empty strings count as absent.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct NewPerson {
    #[serde(default)]
    pub username: Option<String>,
    pub real_name: String,
    pub role: String,
    /// Platform admins name the center; a center admin's own center is used otherwise.
    #[serde(default)]
    pub center_code: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// 身份证号: validated, then stored only as a keyed hash and its last four characters.
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub class_name: Option<String>,
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A created account and its one-time password (shown once).
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Created {
    pub user: User,
    pub one_time_password: String,
}

pub async fn create(app: &App, actor: &Actor, p: &NewPerson) -> AppResult<Created> {
    let role =
        Role::parse(p.role.trim()).ok_or_else(|| AppError::field("role", "person.bad_role"))?;
    let center = match actor.managed_center()? {
        Some(own) => {
            if role == Role::PlatformAdmin {
                return Err(AppError::Forbidden);
            }
            Some(
                store::centers::get(&app.db.pool, own)
                    .await?
                    .ok_or(AppError::NotFound)?,
            )
        }
        None => resolve_center(app, role, opt(&p.center_code)).await?,
    };
    create_in(app, By::Actor(actor), center.as_ref(), role, p).await
}

/// Creates an account from the command line (`annocert admin create-user`).
pub async fn create_system(app: &App, p: &NewPerson) -> AppResult<Created> {
    let role =
        Role::parse(p.role.trim()).ok_or_else(|| AppError::field("role", "person.bad_role"))?;
    let center = resolve_center(app, role, opt(&p.center_code)).await?;
    create_in(app, By::System("cli"), center.as_ref(), role, p).await
}

async fn resolve_center(app: &App, role: Role, code: Option<&str>) -> AppResult<Option<Center>> {
    match (role.needs_center(), code) {
        (false, _) => Ok(None),
        (true, None) => Err(AppError::field("center_code", "person.center_required")),
        (true, Some(code)) => store::centers::by_code(&app.db.pool, &code.to_lowercase())
            .await?
            .map(Some)
            .ok_or_else(|| AppError::field("center_code", "person.no_such_center")),
    }
}

async fn create_in(
    app: &App,
    by: By<'_>,
    center: Option<&Center>,
    role: Role,
    p: &NewPerson,
) -> AppResult<Created> {
    let input = PersonInput {
        username: p.username.as_deref(),
        real_name: &p.real_name,
        phone: p.phone.as_deref(),
        email: p.email.as_deref(),
        id_number: p.id_number.as_deref(),
        class_name: p.class_name.as_deref(),
    };
    let CheckedPerson {
        username,
        real_name,
        phone,
        email,
        id_number,
        class_name,
    } = check_person(&input, role, center.is_some(), app.today()).map_err(AppError::Validation)?;
    let id_hash = id_number
        .as_deref()
        .map(|n| idcard::keyed_hash(&app.config.secret, n));
    let pw = password::one_time();
    let pw_hash = hash_generated(pw.clone()).await?;
    let now = app.now();
    let template = User {
        id: String::new(),
        center_id: center.map(|c| c.id.clone()),
        username: username.clone().unwrap_or_default(),
        role,
        real_name,
        phone,
        email,
        id_last4: id_number.as_deref().map(idcard::last4),
        class_name,
        must_change_password: true,
        disabled: false,
        created_at: now,
    };
    let new = NewAccount {
        center,
        generate_username: username.is_none(),
        user: &template,
        id_hash: id_hash.as_deref(),
        pw_hash: &pw_hash,
    };
    let user = retry_on_unique(|| insert_checked(app, by, &new)).await?;
    Ok(Created {
        user,
        one_time_password: pw,
    })
}

/// Whether an error is a unique index refusing a row (a concurrent insert of the same value).
pub(super) fn is_unique(e: &AppError) -> bool {
    matches!(e, AppError::Internal(err)
        if err.downcast_ref::<sqlx::Error>().is_some_and(crate::db::is_unique_violation))
}

/// Runs a check-then-insert transaction again when a unique index refused its insert.
///
/// The checks see only committed rows: on PostgreSQL a concurrent request may insert the same
/// username, phone, e-mail, ID number or center code between our check and our insert, and
/// the unique index then refuses ours (SQLite's `BEGIN IMMEDIATE` serialises the two). The
/// creations here take a lock for that ([`crate::db::Db::lock_in`]); this is the net behind it
/// for any writer that does not (the first-start admin, a manual insert). Run again, the checks
/// see the other row and answer the same field error (422) as if it had come first; a generated
/// username taken meanwhile is generated again. Three tries, then 409.
pub(super) async fn retry_on_unique<T, F, Fut>(mut attempt: F) -> AppResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = AppResult<T>>,
{
    for _ in 0..2 {
        match attempt().await {
            Err(e) if is_unique(&e) => {
                tracing::info!("a concurrent insert took a unique value; checking again");
            }
            other => return other,
        }
    }
    match attempt().await {
        Err(e) if is_unique(&e) => Err(AppError::conflict("conflict", "error.conflict")),
        other => other,
    }
}

/// The lock that account creations take (see [`crate::db::Db::lock_in`]).
const ACCOUNTS_LOCK: &str = "accounts";

/// One account to insert once its values are checked.
struct NewAccount<'a> {
    center: Option<&'a Center>,
    /// No username was given: `{center code}-{serial}` is generated.
    generate_username: bool,
    user: &'a User,
    id_hash: Option<&'a str>,
    pw_hash: &'a str,
}

/// Checks that no other account uses the new one's unique values, then inserts it, in one
/// transaction.
async fn insert_checked(app: &App, by: By<'_>, n: &NewAccount<'_>) -> AppResult<User> {
    let mut tx = app.db.begin_write().await?;
    // Account creations take turns, so that the checks below see any account another request
    // is creating, and generated usernames do not collide.
    app.db.lock_in(&mut tx, ACCOUNTS_LOCK).await?;
    let mut conflicts = vec![];
    if !n.generate_username
        && store::users::taken(&mut *tx, Unique::Username, &n.user.username).await?
    {
        conflicts.push(FieldError::new("username", "person.username_taken"));
    }
    check_unique(
        &mut tx,
        n.center,
        n.user.phone.as_deref(),
        n.user.email.as_deref(),
        n.id_hash,
        None,
        &mut conflicts,
    )
    .await?;
    if !conflicts.is_empty() {
        return Err(AppError::Validation(conflicts));
    }
    let mut user = n.user.clone();
    user.id = crate::db::new_id();
    if n.generate_username {
        let center = n
            .center
            // check_person requires a username outside a center: never met, but no panic.
            .ok_or_else(|| AppError::field("username", "person.username_required"))?;
        user.username = next_usernames(&mut tx, center, 1).await?.remove(0);
    }
    store::users::insert(
        &mut *tx,
        &store::users::NewUser {
            user: &user,
            id_hash: n.id_hash,
            password_hash: n.pw_hash,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        user.created_at,
        by,
        user.center_id.as_deref(),
        "user_created",
        &user.username,
        json!({ "role": user.role.as_str(), "user_id": user.id }),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

async fn hash_generated(pw: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || password::hash_generated(&pw))
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// Adds a conflict for each value some other account already uses.
async fn check_unique(
    tx: &mut Tx,
    center: Option<&Center>,
    phone: Option<&str>,
    email: Option<&str>,
    id_hash: Option<&str>,
    row: Option<usize>,
    out: &mut Vec<FieldError>,
) -> AppResult<()> {
    let at = |e: FieldError| match row {
        Some(r) => e.at_row(r),
        None => e,
    };
    if let Some(p) = phone
        && store::users::taken(&mut **tx, Unique::Phone, p).await?
    {
        out.push(at(FieldError::new(
            if row.is_some() { "手机" } else { "phone" },
            "person.phone_taken",
        )));
    }
    if let Some(e) = email
        && store::users::taken(&mut **tx, Unique::Email, e).await?
    {
        out.push(at(FieldError::new(
            if row.is_some() { "邮箱" } else { "email" },
            "person.email_taken",
        )));
    }
    if let (Some(c), Some(h)) = (center, id_hash)
        && store::users::id_hash_taken(&mut **tx, &c.id, h).await?
    {
        out.push(at(FieldError::new(
            if row.is_some() {
                "身份证号"
            } else {
                "id_number"
            },
            "person.id_taken",
        )));
    }
    Ok(())
}

/// `count` fresh usernames `{center code}-{serial}` for a center's new accounts.
async fn next_usernames(tx: &mut Tx, center: &Center, count: usize) -> AppResult<Vec<String>> {
    let prefix = format!("{}-", center.code);
    let start = store::users::max_serial(&mut **tx, &prefix).await?;
    Ok((1..=count as u32)
        .map(|i| format!("{prefix}{:04}", start + i))
        .collect())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct PeopleQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    /// Platform admins may narrow to one center.
    #[serde(default)]
    pub center: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
}

pub async fn list(app: &App, actor: &Actor, q: &PeopleQuery) -> AppResult<Page<User>> {
    let center_id = super::centers::listing_scope(app, actor, opt(&q.center)).await?;
    let paging = Paging {
        page: q.page.unwrap_or(1).max(1),
        ..Paging::default()
    };
    let (items, total) = store::users::list(
        &app.db.pool,
        &store::users::ListQuery {
            center_id,
            role: opt(&q.role).and_then(Role::parse),
            search: opt(&q.q).map(str::to_string),
            page: paging.page,
            per_page: paging.per_page,
        },
    )
    .await?;
    Ok(Page {
        items,
        total,
        page: paging.page,
        per_page: paging.per_page,
    })
}

/// A person the actor may manage; another center's person is "not found".
pub async fn get(app: &App, actor: &Actor, id: &str) -> AppResult<User> {
    let user = store::users::get(&app.db.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    actor.check_center(user.center_id.as_deref())?;
    if user.role == Role::PlatformAdmin && !actor.is_platform_admin() {
        return Err(AppError::NotFound);
    }
    Ok(user)
}

pub async fn set_disabled(app: &App, actor: &Actor, id: &str, disabled: bool) -> AppResult<User> {
    let mut user = get(app, actor, id).await?;
    if user.id == actor.user.id {
        return Err(AppError::bad_request("person.not_yourself"));
    }
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    store::users::set_disabled(&mut *tx, &user.id, disabled, now).await?;
    if disabled {
        store::sessions::delete_for_user(&mut *tx, &user.id, None).await?;
    }
    let action = if disabled {
        "user_disabled"
    } else {
        "user_enabled"
    };
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        user.center_id.as_deref(),
        action,
        &user.username,
        json!({ "user_id": user.id }),
    )
    .await?;
    tx.commit().await?;
    user.disabled = disabled;
    Ok(user)
}

/// A new one-time password; the person must change it at next login, is signed out, and
/// loses every API token.
pub async fn reset_password(app: &App, actor: &Actor, id: &str) -> AppResult<Created> {
    let user = get(app, actor, id).await?;
    reset(app, By::Actor(actor), user).await
}

/// `annocert admin reset-password USER` (also lifts a login lock).
pub async fn reset_password_system(app: &App, username: &str) -> AppResult<Created> {
    let (user, _) = store::users::for_login(&app.db.pool, &username.trim().to_lowercase())
        .await?
        .ok_or(AppError::NotFound)?;
    let key = super::auth::account_key(Some(&user.id), &user.username);
    store::throttle::clear(&app.db.pool, &key).await?;
    reset(app, By::System("cli"), user).await
}

async fn reset(app: &App, by: By<'_>, mut user: User) -> AppResult<Created> {
    let pw = password::one_time();
    let hash = hash_generated(pw.clone()).await?;
    let now = app.now();
    let mut tx = app.db.begin_write().await?;
    store::users::set_password(&mut *tx, &user.id, &hash, true, now).await?;
    store::sessions::delete_for_user(&mut *tx, &user.id, None).await?;
    // Whoever had the old password may have made tokens with it: they go too.
    let tokens = store::tokens::revoke_all_for_user(&mut *tx, &user.id, now).await?;
    audit::record(
        &mut *tx,
        now,
        by,
        user.center_id.as_deref(),
        "password_reset",
        &user.username,
        json!({ "user_id": user.id, "tokens_revoked": tokens }),
    )
    .await?;
    tx.commit().await?;
    user.must_change_password = true;
    Ok(Created {
        user,
        one_time_password: pw,
    })
}

/// The outcome of a successful import: the accounts, and the id of the one-time download of
/// their password sheet.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Imported {
    pub created: Vec<Created>,
    pub download_id: String,
}

/// Imports trainees from a CSV or XLSX file: all rows or none.
pub async fn import_trainees(
    app: &App,
    actor: &Actor,
    center_code: Option<&str>,
    filename: &str,
    bytes: &[u8],
) -> AppResult<Imported> {
    let center = match actor.managed_center()? {
        Some(own) => store::centers::get(&app.db.pool, own)
            .await?
            .ok_or(AppError::NotFound)?,
        None => resolve_center(app, Role::Trainee, center_code)
            .await?
            .expect("trainees need a center"),
    };
    let table = import::read_table(filename, bytes).map_err(|e| AppError::Validation(vec![e]))?;
    let rows: Vec<ImportRow> =
        import::parse_rows(&table, app.today()).map_err(AppError::Validation)?;
    let secret = app.config.secret.clone();
    // Hashing is CPU work: keep it off the async workers.
    let prepared = tokio::task::spawn_blocking(move || {
        rows.into_iter()
            .map(|r| {
                let pw = password::one_time();
                let hash = password::hash_generated(&pw);
                let id_hash = idcard::keyed_hash(&secret, &r.id_number);
                (r, pw, hash, id_hash)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let now = app.now();
    retry_on_unique(|| import_checked(app, actor, &center, filename, &prepared, now)).await
}

/// Inserts the checked rows of an import as trainees of `center`, with the usernames drawn for
/// them; each with its one-time password, for the sheet.
async fn insert_trainees(
    tx: &mut crate::db::Tx,
    center: &Center,
    prepared: &[(ImportRow, String, String, String)],
    usernames: Vec<String>,
    now: i64,
) -> AppResult<Vec<Created>> {
    let mut created = Vec::with_capacity(prepared.len());
    for ((r, pw, hash, id_hash), username) in prepared.iter().zip(usernames) {
        let user = User {
            id: crate::db::new_id(),
            center_id: Some(center.id.clone()),
            username,
            role: Role::Trainee,
            real_name: r.name.clone(),
            phone: r.phone.clone(),
            email: r.email.clone(),
            id_last4: Some(idcard::last4(&r.id_number)),
            class_name: r.class_name.clone(),
            must_change_password: true,
            disabled: false,
            created_at: now,
        };
        store::users::insert(
            &mut **tx,
            &store::users::NewUser {
                user: &user,
                id_hash: Some(id_hash),
                password_hash: hash,
            },
        )
        .await?;
        created.push(Created {
            user,
            one_time_password: pw.clone(),
        });
    }
    Ok(created)
}

/// Checks and inserts the accounts of an import, the password sheet and the audit entry in
/// one transaction (all or none).
async fn import_checked(
    app: &App,
    actor: &Actor,
    center: &Center,
    filename: &str,
    prepared: &[(ImportRow, String, String, String)],
    now: i64,
) -> AppResult<Imported> {
    let mut tx = app.db.begin_write().await?;
    app.db.lock_in(&mut tx, ACCOUNTS_LOCK).await?;
    let mut conflicts = vec![];
    for (r, _, _, id_hash) in prepared {
        check_unique(
            &mut tx,
            Some(center),
            r.phone.as_deref(),
            r.email.as_deref(),
            Some(id_hash),
            Some(r.row),
            &mut conflicts,
        )
        .await?;
    }
    if !conflicts.is_empty() {
        return Err(AppError::Validation(conflicts));
    }
    let usernames = next_usernames(&mut tx, center, prepared.len()).await?;
    let created = insert_trainees(&mut tx, center, prepared, usernames, now).await?;
    let download_id = crate::db::new_id();
    store::downloads::insert(
        &mut *tx,
        &download_id,
        &actor.user.id,
        &store::downloads::Download {
            // Named by the server's clock, in the configured time zone.
            filename: format!(
                "{}-accounts-{}.csv",
                center.code,
                crate::clock::format_compact(now, app.config.tz)
            ),
            content_type: "text/csv; charset=utf-8".into(),
            body: password_sheet(&created),
        },
        now + 30 * crate::clock::MINUTE,
    )
    .await?;
    audit::record(
        &mut *tx,
        now,
        By::Actor(actor),
        Some(&center.id),
        "trainees_imported",
        &filename.chars().take(200).collect::<String>(),
        json!({ "count": created.len(), "center": center.code }),
    )
    .await?;
    tx.commit().await?;
    Ok(Imported {
        created,
        download_id,
    })
}

/// The CSV a center prints or mails to its new trainees, through the shared formula-safe
/// writer: names and classes come from an uploaded file and may start with `=`, `+`, `-` or `@`.
pub fn password_sheet(created: &[Created]) -> Vec<u8> {
    let header = ["姓名", "用户名", "一次性密码", "手机", "邮箱", "班级"].map(String::from);
    let rows = created.iter().map(|c| {
        let u = &c.user;
        [
            u.real_name.clone(),
            u.username.clone(),
            c.one_time_password.clone(),
            u.phone.clone().unwrap_or_default(),
            u.email.clone().unwrap_or_default(),
            u.class_name.clone().unwrap_or_default(),
        ]
    });
    crate::sheet::to_csv(std::iter::once(header).chain(rows))
}

/// Hands out a one-time download once, to the user it was made for.
pub async fn take_download(
    app: &App,
    actor: &Actor,
    id: &str,
) -> AppResult<store::downloads::Download> {
    let mut tx = app.db.begin_write().await?;
    let d = store::downloads::take(&mut tx, id, &actor.user.id, app.now()).await?;
    tx.commit().await?;
    d.ok_or(AppError::NotFound)
}
