//! The database: one code path for SQLite and PostgreSQL through sqlx's Any driver.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// A write transaction (from [`Db::begin_write`]). It derefs to the connection, so `&mut *tx`
/// is an executor; on SQLite it also holds this process's turn at the write lock until it ends.
pub type Tx = TxOn<'static>;

/// A write transaction on a connection borrowed for `'c` ([`Db::begin_write_on`]).
pub struct TxOn<'c> {
    inner: sqlx::Transaction<'c, sqlx::Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl TxOn<'_> {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.inner.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.inner.rollback().await
    }
}

impl std::ops::Deref for TxOn<'_> {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl std::ops::DerefMut for TxOn<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// How many batchers `app::writes` runs, each keeping a pool connection of its own.
    /// SQLite has one writer at a time: one batcher. PostgreSQL locks rows, not the database,
    /// so batches can commit side by side: one pipeline made every save wait behind each
    /// commit (and behind a save waiting for its paper's row while that paper is handed in).
    pub fn write_batchers(self) -> u32 {
        match self {
            Backend::Sqlite => 1,
            Backend::Postgres => 4,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite's one write lock, taken in turn inside this process (see [`Db::begin_write`]).
    writers: Arc<Mutex<()>>,
}

/// How long a SQLite writer waits for the write lock (`busy_timeout`).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    /// Connects (creating a SQLite file when missing) and configures each connection; the pool
    /// holds `connections` (at least the save batchers' own and two more), or the backend's
    /// default.
    pub async fn connect(url: &str, connections: Option<u32>) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            anyhow::bail!("unsupported DATABASE_URL {url:?}: use sqlite://… or postgres://…");
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                if let Some(parent) = std::path::Path::new(url.trim_start_matches("sqlite://"))
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("creating {}", parent.display()))?;
                }
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).context("parsing DATABASE_URL")?;
        // Fewer than the batchers' connections and two more would let writers wait on each
        // other for the pool.
        let least = backend.write_batchers() + 2;
        let size = match connections {
            Some(n) if n < least => {
                tracing::warn!("{n} database connections are too few here; using {least}");
                least
            }
            Some(n) => n,
            // SQLite: few connections. Each is a thread of sqlx's driver, and on a small
            // machine more of them only add thread switches: with 8, 2,000 candidates saved
            // with a p99 of 180-233 ms, with 4 of 69-73 ms (docs/performance.md). Only the
            // writer holding the write turn may wait for a connection while holding one (a
            // read beside its transaction), so four, one kept by `app::writes`, leave it room.
            None if backend == Backend::Sqlite => 4,
            // PostgreSQL: the batchers' connections and one per core. Its server processes
            // share the cores with this one; with 16 connections on two cores, two instances
            // saved with a p99 of 258-806 ms, with 6 of 82-124 ms (docs/performance.md).
            None => {
                let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
                least.max(backend.write_batchers() + cores)
            }
        };
        let mut pool = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(30))
            .max_connections(size);
        if backend == Backend::Sqlite {
            pool = pool.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers go on while one writer commits; synchronous=FULL makes an
                    // acknowledged commit survive a killed process and a power cut.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?; // BUSY_TIMEOUT
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            });
        }
        let pool = pool
            .connect_with(options)
            .await
            .with_context(|| format!("connecting to the database {}", redact(&url)))?;
        Ok(Db {
            pool,
            backend,
            writers: Arc::default(),
        })
    }

    /// Applies the migrations. Safe when several instances start at once: on PostgreSQL
    /// sqlx's migrator holds an advisory lock (keyed by the database name) while it works. On
    /// SQLite it takes none: two processes opening a new file together both read "nothing
    /// applied", and the second's first migration then fails on the tables the first made (its
    /// transaction rolls back). Run again, it reads what is applied now and goes on, so a
    /// failure there is retried twice before it counts.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let mut tries = 0;
        loop {
            tries += 1;
            match MIGRATOR.run(&self.pool).await {
                Ok(()) => return Ok(()),
                Err(e) if self.backend == Backend::Sqlite && tries < 3 => {
                    tracing::info!(error = %e, "migrations raced another process; trying again");
                    tokio::time::sleep(Duration::from_millis(200 * tries)).await;
                }
                Err(e) => return Err(e).context("running database migrations"),
            }
        }
    }

    /// A transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`) so that a read-then-write cannot fail half way with SQLITE_BUSY.
    ///
    /// SQLite lets a writer that finds the lock taken sleep in its busy handler (1, 2, 5 … 100
    /// ms) and retry, so under load a short autosave could wait out several long sleeps behind
    /// a paper's start or hand-in. This process's writers therefore queue in turn (a fair
    /// async mutex, woken the moment the previous one ends) and meet the busy handler only
    /// against another process. A writer that waits more than the busy timeout goes on
    /// without its turn, as before, rather than wait for ever.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        let turn = self.write_turn().await;
        let inner = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(TxOn { inner, _turn: turn })
    }

    /// [`Db::begin_write`] on a connection the caller keeps (a writer that must not wait for
    /// the pool behind readers).
    pub async fn begin_write_on<'c>(
        &self,
        conn: &'c mut sqlx::AnyConnection,
    ) -> Result<TxOn<'c>, sqlx::Error> {
        let turn = self.write_turn().await;
        let inner = match self.backend {
            Backend::Sqlite => sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?,
            Backend::Postgres => sqlx::Connection::begin(conn).await?,
        };
        Ok(TxOn { inner, _turn: turn })
    }

    /// This process's turn at SQLite's write lock (none on PostgreSQL, whose writers lock
    /// rows, not the database). Given up after the busy timeout, going on without it.
    async fn write_turn(&self) -> Option<OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => {
                tokio::time::timeout(BUSY_TIMEOUT, self.writers.clone().lock_owned())
                    .await
                    .ok()
            }
            Backend::Postgres => None,
        }
    }

    /// Waits until no other instance runs its start-up work (first-start bootstrap, the
    /// shipped bank import) and holds that right until the lock is released or dropped.
    ///
    /// On PostgreSQL: a transaction-scoped advisory lock, `pg_advisory_xact_lock`, in a
    /// transaction of its own that does nothing else; rolling it back — also when the lock is
    /// dropped, or when the process dies and its connection closes — frees the lock. The work
    /// itself runs on other connections. On SQLite nothing is needed: each write transaction
    /// takes the database's write lock (`BEGIN IMMEDIATE`) and re-checks inside it.
    pub async fn startup_lock(&self) -> Result<StartupLock, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => Ok(StartupLock(None)),
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                // Wrapped in a select, as the Any driver cannot decode PostgreSQL's `void`.
                sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                    .bind(STARTUP_LOCK)
                    .execute(&mut *tx)
                    .await?;
                Ok(StartupLock(Some(tx)))
            }
        }
    }

    /// Serialises the transactions that take the same named lock, until they end: for a
    /// check-then-insert on PostgreSQL, whose checks see only committed rows (a concurrent
    /// transaction could insert the same value between our check and our insert).
    /// `pg_advisory_xact_lock` on PostgreSQL; nothing on SQLite, where a write transaction
    /// (`BEGIN IMMEDIATE`) already holds the database's only write lock.
    pub async fn lock_in(&self, tx: &mut Tx, name: &str) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(name.as_bytes());
            let key = i64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// The advisory lock key of start-up work: "annocert" in ASCII, as a number.
const STARTUP_LOCK: i64 = 0x616e_6e6f_6365_7274;

/// The right to run start-up work, from [`Db::startup_lock`]; freed by [`StartupLock::release`]
/// or when dropped.
pub struct StartupLock(Option<sqlx::Transaction<'static, sqlx::Any>>);

impl StartupLock {
    pub async fn release(self) {
        if let Some(tx) = self.0
            && let Err(e) = tx.rollback().await
        {
            // The connection goes back to the pool or is closed: either frees the lock.
            tracing::warn!(error = %e, "releasing the start-up lock");
        }
    }
}

/// A new UUID v7 (time-ordered) id as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_password() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(super::redact("sqlite://x.db"), "sqlite://x.db");
    }
}
