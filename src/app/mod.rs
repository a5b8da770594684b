//! Use cases: one function per thing a user does. Authorization, transactions and the clock
//! are decided here; SQL stays in `store`, pure rules in the core modules.

pub mod analysis;
pub mod attempt;
pub mod audit;
pub mod auth;
pub mod bank;
pub mod bootstrap;
pub mod centers;
pub mod certificates;
pub mod demo;
pub mod exams;
pub mod marking;
pub mod mock;
pub mod people;
pub mod practice;
pub mod progress;
pub mod reviews;
pub mod tokens;
pub mod writes;

use std::sync::Arc;

use crate::accounts::{Role, User};
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Everything a use case needs from the outside world.
#[derive(Clone, Debug)]
pub struct App {
    pub db: Db,
    pub clock: Clock,
    pub config: Arc<Config>,
    /// Autosaves and other small writes, committed in batches.
    pub writes: writes::Writes,
}

impl App {
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// The server's date in the configured time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::clock::local_date(self.now(), self.config.tz)
    }
}

/// Who is asking: a signed-in user (by session or API token) and where from.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user: User,
    pub ip: String,
    /// The session's id hash when signed in through the browser.
    pub session: Option<String>,
}

impl Actor {
    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn is_platform_admin(&self) -> bool {
        self.user.role == Role::PlatformAdmin
    }

    /// The centers whose people and records this actor may manage: `Ok(None)` for every center
    /// (platform admin), `Ok(Some(id))` for one (center admin), else forbidden.
    pub fn managed_center(&self) -> AppResult<Option<&str>> {
        match self.user.role {
            Role::PlatformAdmin => Ok(None),
            Role::CenterAdmin => Ok(Some(
                self.user.center_id.as_deref().ok_or(AppError::Forbidden)?,
            )),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Whether a record of `center_id` is visible to this manager. Records of another center
    /// are reported as missing (404), never as forbidden, so that ids cannot be probed.
    pub fn check_center(&self, center_id: Option<&str>) -> AppResult<()> {
        match self.managed_center()? {
            None => Ok(()),
            Some(own) if center_id == Some(own) => Ok(()),
            Some(_) => Err(AppError::NotFound),
        }
    }

    pub fn require_platform_admin(&self) -> AppResult<()> {
        if self.is_platform_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Page and size of a listing, as asked for.
#[derive(Clone, Copy, Debug)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Default for Paging {
    fn default() -> Self {
        Paging {
            page: 1,
            per_page: 20,
        }
    }
}

/// One page of a listing.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        (((self.total.max(0) as u64) + self.per_page as u64 - 1) / self.per_page.max(1) as u64)
            .max(1) as u32
    }
}
