//! First start: a platform administrator must exist.

use serde_json::json;

use super::App;
use super::audit::{self, By};
use crate::accounts::{Role, User, password};
use crate::error::{AppError, AppResult};
use crate::store;

/// What the first start of an instance did.
#[derive(Debug, Default)]
pub struct StartUp {
    /// The one-time password of the platform admin just created, to print once.
    pub admin_password: Option<String>,
    /// The shipped banks' import, when they differed from the last import; or why it failed
    /// (the service runs on with the banks it has).
    pub banks: Option<Result<super::bank::ImportReport, AppError>>,
}

/// The start-up work of `annocert serve`, after the migrations: the platform admin on first
/// start, and the shipped banks when they changed. Several instances may start at the same
/// moment on one PostgreSQL database: they take turns (a database lock, see
/// [`crate::db::Db::startup_lock`]), so the second finds the admin and the banks already there
/// instead of inserting them again.
pub async fn first_start(app: &App) -> AppResult<StartUp> {
    let lock = app.db.startup_lock().await?;
    let admin_password = ensure_admin_locked(app).await;
    let banks = match admin_password {
        Ok(_) => super::bank::import_shipped_if_changed(app)
            .await
            .transpose(),
        Err(_) => None,
    };
    lock.release().await;
    Ok(StartUp {
        admin_password: admin_password?,
        banks,
    })
}

/// Creates `admin` with a one-time password when there is no platform admin; returns the
/// password to print once. Takes the start-up lock, so concurrent calls create one admin.
pub async fn ensure_admin(app: &App) -> AppResult<Option<String>> {
    let lock = app.db.startup_lock().await?;
    let res = ensure_admin_locked(app).await;
    lock.release().await;
    res
}

async fn ensure_admin_locked(app: &App) -> AppResult<Option<String>> {
    let mut tx = app.db.begin_write().await?;
    if store::users::count_role(&mut *tx, Role::PlatformAdmin).await? > 0 {
        return Ok(None);
    }
    let mut username = "admin".to_string();
    let mut n = 1;
    while store::users::username_exists(&mut *tx, &username).await? {
        n += 1;
        username = format!("admin{n}");
    }
    let pw = password::one_time();
    let now = app.now();
    let user = User {
        id: crate::db::new_id(),
        center_id: None,
        username,
        role: Role::PlatformAdmin,
        real_name: "平台管理员".into(),
        phone: None,
        email: None,
        id_last4: None,
        class_name: None,
        must_change_password: true,
        disabled: false,
        created_at: now,
    };
    store::users::insert(
        &mut *tx,
        &store::users::NewUser {
            user: &user,
            id_hash: None,
            password_hash: &password::hash(&pw),
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        now,
        By::System("first start"),
        None,
        "user_created",
        &user.username,
        json!({ "role": "platform_admin" }),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(pw))
}
