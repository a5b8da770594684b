//! The small writes of every request — autosaves, and when a session or token was last
//! used — committed together (group commit).
//!
//! Every such write is answered only once its transaction is durable, and a durable commit
//! costs a sync of the database's log. One commit per write made that sync the limit of an
//! exam room autosaving at once, and on SQLite each write also waited its own turn for the
//! single write lock behind every paper being started or handed in. Here writes that arrive
//! while a batch commits wait for the next one and are committed together, each still applied
//! and guarded exactly as alone ([`store::attempts::save_each`]), so a hundred waiting saves
//! cost one turn and one sync instead of a hundred. With one write at a time nothing waits:
//! the batch is that write.

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection};
use std::sync::Arc;

use tokio::sync::{Mutex, mpsc, oneshot};

use crate::db::Db;
use crate::store;
use crate::store::attempts::{Landed, NewSave};

/// How many writes one transaction takes at most: enough to drain a burst, small enough that
/// a batch holds SQLite's write lock for a few milliseconds only.
const MAX_BATCH: usize = 256;

/// Writes waiting beyond this make their senders wait (back pressure, not unbounded memory).
const QUEUE: usize = 4096;

/// One small write.
#[derive(Debug)]
pub enum Write {
    Save(NewSave),
    /// A session (by its id's hash) was used at `now`.
    SessionSeen {
        id_hash: String,
        now: i64,
    },
    /// An API token (by its id) was used at `now`.
    TokenUsed {
        id: String,
        now: i64,
    },
}

#[derive(Debug)]
struct Pending {
    write: Write,
    reply: oneshot::Sender<sqlx::Result<Landed>>,
}

/// The way in to the batcher of one database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Writes(mpsc::Sender<Pending>);

impl Writes {
    /// Starts the batcher (a task of the current runtime, ending when the last `Writes` is
    /// dropped).
    pub fn start(db: Db) -> Writes {
        let (tx, rx) = mpsc::channel(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..db.backend.write_batchers() {
            tokio::spawn(run(db.clone(), rx.clone()));
        }
        Writes(tx)
    }

    /// Applies `write` and answers once it is durable (or, a save, was not applied: `Landed`
    /// says why; the other writes always land).
    pub async fn apply(&self, write: Write) -> sqlx::Result<Landed> {
        let (reply, answer) = oneshot::channel();
        self.0
            .send(Pending { write, reply })
            .await
            .map_err(|_| sqlx::Error::WorkerCrashed)?;
        answer.await.map_err(|_| sqlx::Error::WorkerCrashed)?
    }

    pub async fn save(&self, save: NewSave) -> sqlx::Result<Landed> {
        self.apply(Write::Save(save)).await
    }
}

async fn run(db: Db, rx: Arc<Mutex<mpsc::Receiver<Pending>>>) {
    // A connection of its own, kept between batches: saves never wait for the pool behind a
    // storm of paper reads. Given back after an error (it may be broken) and taken anew.
    let mut conn = None;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // The receiver is held only while taking a batch, so the next batcher takes the writes
    // that arrive while this one commits.
    while rx.lock().await.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (writes, replies): (Vec<Write>, Vec<_>) =
            batch.drain(..).map(|p| (p.write, p.reply)).unzip();
        match commit(&db, &mut conn, &writes).await {
            Ok(landed) => {
                for (reply, l) in replies.into_iter().zip(landed) {
                    let _ = reply.send(Ok(l));
                }
            }
            // One failing write must not fail the others: apply each alone, each answered
            // with its own outcome or error. (None was acknowledged. Should the commit have
            // landed after all, a save applied again finds its own seq stored: stale, with
            // its own answer as the state to adopt.)
            Err(e) => {
                tracing::warn!(error = %e, writes = writes.len(), "a batch of writes failed; applying them one by one");
                for (write, reply) in writes.into_iter().zip(replies) {
                    let alone = commit(&db, &mut conn, std::slice::from_ref(&write)).await;
                    let _ = reply.send(alone.map(|l| l[0]));
                }
            }
        }
    }
}

async fn commit(
    db: &Db,
    conn: &mut Option<PoolConnection<Any>>,
    writes: &[Write],
) -> sqlx::Result<Vec<Landed>> {
    let c = match conn {
        Some(c) => c,
        None => conn.insert(db.pool.acquire().await?),
    };
    let done = apply(db, c, writes).await;
    if done.is_err() {
        *conn = None;
    }
    done
}

async fn apply(db: &Db, conn: &mut AnyConnection, writes: &[Write]) -> sqlx::Result<Vec<Landed>> {
    let mut tx = db.begin_write_on(conn).await?;
    // The saves in one call, which orders them by paper; the rest as they come.
    let (at, saves): (Vec<usize>, Vec<&NewSave>) = writes
        .iter()
        .enumerate()
        .filter_map(|(i, w)| match w {
            Write::Save(s) => Some((i, s)),
            _ => None,
        })
        .unzip();
    let mut landed = vec![Landed::Saved; writes.len()];
    for (i, l) in at
        .into_iter()
        .zip(store::attempts::save_each(&mut tx, &saves).await?)
    {
        landed[i] = l;
    }
    // In the order of their rows, as the saves (two batches at once must lock rows in one
    // order, or PostgreSQL could find them waiting for each other).
    let mut rest: Vec<&Write> = writes
        .iter()
        .filter(|w| !matches!(w, Write::Save(_)))
        .collect();
    rest.sort_by_key(|w| match w {
        Write::Save(_) => (0, ""),
        Write::SessionSeen { id_hash, .. } => (1, id_hash.as_str()),
        Write::TokenUsed { id, .. } => (2, id.as_str()),
    });
    for w in rest {
        match w {
            Write::Save(_) => {}
            Write::SessionSeen { id_hash, now } => {
                store::sessions::touch(&mut *tx, id_hash, *now).await?
            }
            Write::TokenUsed { id, now } => store::tokens::mark_used(&mut *tx, id, *now).await?,
        }
    }
    tx.commit().await?;
    Ok(landed)
}
