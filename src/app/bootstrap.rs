//! First start: a platform administrator must exist.

use serde_json::json;

use super::App;
use super::audit::{self, By};
use crate::accounts::{Role, User, password};
use crate::error::AppResult;
use crate::store;

/// Creates `admin` with a one-time password when there is no platform admin; returns the
/// password to print once.
pub async fn ensure_admin(app: &App) -> AppResult<Option<String>> {
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
