//! The embedded queue backend: one SQLite database (WAL mode, `synchronous=FULL`,
//! `secure_delete`) in the state directory. A message is committed before the relay
//! answers its request, stays until it is delivered (then it is removed and its bytes
//! overwritten) or fails for good (then it moves to the dead-letter list and its
//! credentials are wiped).
//!
//! The directory is created mode 0700 (an existing one must be private already) and the
//! database files mode 0600: they hold webhook credentials. When the queue runs empty the
//! write-ahead log is folded into the database and truncated, so delivered messages leave
//! no credentials on disk. The database is checked at start (see [`open`]) and its
//! identity kept beside it (see [`identity`]).

mod identity;
mod open;
mod seen;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use super::super::incoming::{Credentials, Incoming, Op};
use super::{Admit, DeadEntry, DeadPage, GroupPlan, GroupState, Queue, Queued, StoreError, now_ms};
use chat_card::webhook::ReplyOption;
use identity::{IdFile, Identity};

/// The database file's name in the state directory.
pub(crate) const DB_FILE: &str = "queue.sqlite3";

/// The version of the on-disk format this relay writes (`PRAGMA user_version`). Version
/// 0 is a database from before the version was recorded: the same tables, upgraded by
/// recording the version. A newer version is refused rather than misread.
pub(crate) const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    op          TEXT    NOT NULL DEFAULT 'webhook',
    space       TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    token       TEXT    NOT NULL,
    body        BLOB    NOT NULL,
    reply       TEXT,
    message_id  TEXT,
    request_id  TEXT    NOT NULL,
    accepted_ms INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    dead        INTEGER NOT NULL DEFAULT 0,
    failed_ms   INTEGER,
    http        INTEGER,
    error       TEXT
);
CREATE INDEX IF NOT EXISTS queued_by_space ON messages (dead, space, id);
CREATE INDEX IF NOT EXISTS dead_by_failure ON messages (dead, failed_ms);
CREATE TABLE IF NOT EXISTS meta (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    db_id       TEXT    NOT NULL,
    accepted    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_groups (
    thread_key  TEXT    PRIMARY KEY,
    message_id  TEXT    NOT NULL,
    resolved    INTEGER NOT NULL
);
";

/// The queue in one SQLite file.
pub(crate) struct SqliteQueue {
    path: PathBuf,
    inner: Mutex<Inner>,
    /// Messages waiting (not delivered, not dead): changed only with `inner` locked,
    /// read without it.
    queued: AtomicUsize,
    /// The last read or write failed (cleared by the next write that succeeds).
    failing: AtomicBool,
    /// Why the database is known to be damaged (for good: it needs a restart and repair).
    damaged: Mutex<Option<String>>,
}

struct Inner {
    conn: Connection,
    /// The database's identity, with its count of accepted messages.
    identity: Identity,
    /// The identity file beside the database, kept at the same count.
    id_file: IdFile,
}

/// Counts an accepted message in the database, in the transaction that stores it.
fn count_accepted(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "UPDATE meta SET accepted = accepted + 1 WHERE one = 1 RETURNING accepted",
        [],
        |r| r.get(0),
    )
}

fn insert_row(conn: &Connection, message: &Incoming) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO messages (op, space, key, token, body, reply, message_id, request_id, accepted_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            message.op.as_str(),
            message.space,
            message.credentials.key,
            message.credentials.token,
            message.body,
            reply_text(message.reply),
            message.message_id,
            message.request_id,
            now_ms(),
        ],
    )
}

fn reply_text(reply: ReplyOption) -> Option<&'static str> {
    reply.as_query_value()
}

fn reply_from(text: Option<String>) -> ReplyOption {
    match text.as_deref() {
        Some("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD") => ReplyOption::ReplyOrNewThread,
        Some("REPLY_MESSAGE_OR_FAIL") => ReplyOption::ReplyOrFail,
        _ => ReplyOption::NewThread,
    }
}

impl SqliteQueue {
    /// Opens (or creates) the queue in `dir` after checking it (see [`open`]): a
    /// damaged, emptied, replaced or incomplete queue is refused, with how to recover.
    pub(crate) fn open(dir: &Path) -> Result<SqliteQueue, StoreError> {
        let path = dir.join(DB_FILE);
        let fail = |problem: String| StoreError::new(dir.display().to_string(), problem);
        open::state_dir(dir).map_err(fail)?;
        let recorded = IdFile::read(dir).map_err(fail)?;
        open::check_present(dir, recorded.as_ref()).map_err(fail)?;
        let conn = open::connect(dir).map_err(fail)?;
        open::schema(&conn, &path).map_err(fail)?;
        let (identity, id_file) = open::identity(&conn, dir, recorded).map_err(fail)?;
        let queued: i64 = conn
            .query_row("SELECT COUNT(*) FROM messages WHERE dead = 0", [], |r| {
                r.get(0)
            })
            .map_err(|e| fail(format!("{}: {e}", path.display())))?;
        Ok(SqliteQueue {
            path,
            inner: Mutex::new(Inner {
                conn,
                identity,
                id_file,
            }),
            queued: AtomicUsize::new(usize::try_from(queued).unwrap_or(0)),
            failing: AtomicBool::new(false),
            damaged: Mutex::new(None),
        })
    }

    /// When the last waiting message just left (`left` rows changed), folds the log into
    /// the database (where `secure_delete` zeroed the removed rows) and empties it, so no
    /// delivered or dead message's credentials stay on disk.
    fn fold_if_empty(&self, inner: &Inner, left: usize) {
        if left == 0 || self.queued.load(Ordering::Acquire) != 0 {
            return;
        }
        if let Err(e) = inner.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
            tracing::warn!(error = %self.error(e), "relay: could not fold the write-ahead log");
        }
    }

    /// Records that a write succeeded: the store works again.
    fn wrote(&self) {
        self.failing.store(false, Ordering::Release);
    }

    /// Records a committed accept in the identity file.
    fn accepted(&self, inner: &mut Inner, count: i64) {
        inner.identity.accepted = count;
        if let Err(e) = inner.id_file.update(&inner.identity) {
            tracing::warn!(error = %e, "relay: cannot update the queue's identity file");
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The error of a failed read or write; a damaged database is remembered.
    fn error(&self, e: rusqlite::Error) -> StoreError {
        self.failing.store(true, Ordering::Release);
        let damaged = matches!(
            e.sqlite_error_code(),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
        );
        let problem = if damaged {
            let problem = format!(
                "{e}: the database is damaged; stop the relay, keep a copy of the state \
                 directory, and restart it (the damage is described at start)"
            );
            *self.damaged.lock().unwrap_or_else(PoisonError::into_inner) = Some(problem.clone());
            problem
        } else {
            e.to_string()
        };
        StoreError::new(self.path.display().to_string(), problem)
    }

    /// Counts `n` messages that no longer wait (with `inner` locked).
    fn forget(&self, n: usize) {
        let _ = self
            .queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |q| {
                Some(q.saturating_sub(n))
            });
    }
}

impl Queue for SqliteQueue {
    /// Commits a message (synced to disk before this returns) unless `max` messages wait
    /// already. `registered` runs with the new id before any reader can see the row.
    fn enqueue(
        &self,
        message: &Incoming,
        max: usize,
        registered: &mut dyn FnMut(i64),
    ) -> Result<Admit, StoreError> {
        let mut inner = self.lock();
        if self.queued.load(Ordering::Acquire) >= max {
            return Ok(Admit::Full);
        }
        let tx = inner.conn.transaction().map_err(|e| self.error(e))?;
        insert_row(&tx, message).map_err(|e| self.error(e))?;
        let id = tx.last_insert_rowid();
        let count = count_accepted(&tx).map_err(|e| self.error(e))?;
        tx.commit().map_err(|e| self.error(e))?;
        self.wrote();
        self.accepted(&mut inner, count);
        self.queued.fetch_add(1, Ordering::AcqRel);
        registered(id);
        Ok(Admit::Queued(id))
    }

    /// Commits a message of the group `group` and the group's new state in one
    /// transaction.
    fn enqueue_in_group(
        &self,
        message: &mut Incoming,
        group: &str,
        plan: GroupPlan<'_>,
        max: usize,
        registered: &mut dyn FnMut(i64),
    ) -> Result<Admit, StoreError> {
        let mut inner = self.lock();
        if self.queued.load(Ordering::Acquire) >= max {
            return Ok(Admit::Full);
        }
        let tx = inner.conn.transaction().map_err(|e| self.error(e))?;
        let before: Option<GroupState> = tx
            .query_row(
                "SELECT message_id, resolved FROM alert_groups WHERE thread_key = ?1",
                params![group],
                |r| {
                    Ok(GroupState {
                        message_id: r.get(0)?,
                        resolved: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.error(e))?;
        let (op, card) = plan(before);
        message.op = op;
        message.message_id = Some(card.message_id.clone());
        insert_row(&tx, message).map_err(|e| self.error(e))?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO alert_groups (thread_key, message_id, resolved) VALUES (?1, ?2, ?3)
             ON CONFLICT (thread_key) DO UPDATE SET message_id = ?2, resolved = ?3",
            params![group, card.message_id, card.resolved],
        )
        .map_err(|e| self.error(e))?;
        let count = count_accepted(&tx).map_err(|e| self.error(e))?;
        tx.commit().map_err(|e| self.error(e))?;
        self.wrote();
        self.accepted(&mut inner, count);
        self.queued.fetch_add(1, Ordering::AcqRel);
        registered(id);
        Ok(Admit::Queued(id))
    }

    fn next(&self, space: &str) -> Result<Option<Queued>, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .query_row(
                "SELECT id, space, key, token, body, reply, message_id, request_id, accepted_ms, attempts, op
                 FROM messages WHERE dead = 0 AND space = ?1 ORDER BY id LIMIT 1",
                params![space],
                |r| {
                    Ok(Queued {
                        id: r.get(0)?,
                        accepted_ms: r.get(8)?,
                        attempts: r.get(9)?,
                        message: Incoming {
                            op: Op::parse(&r.get::<_, String>(10)?),
                            space: r.get(1)?,
                            credentials: Credentials {
                                key: r.get(2)?,
                                token: r.get(3)?,
                            },
                            body: r.get(4)?,
                            reply: reply_from(r.get(5)?),
                            message_id: r.get(6)?,
                            request_id: r.get(7)?,
                        },
                    })
                },
            )
            .optional()
            .map_err(|e| self.error(e))
    }

    fn complete(&self, id: i64) -> Result<(), StoreError> {
        let inner = self.lock();
        let n = inner
            .conn
            .execute(
                "DELETE FROM messages WHERE id = ?1 AND dead = 0",
                params![id],
            )
            .map_err(|e| self.error(e))?;
        self.wrote();
        self.forget(n);
        self.fold_if_empty(&inner, n);
        Ok(())
    }

    fn retry_later(&self, id: i64, attempts: u32, error: &str) -> Result<(), StoreError> {
        self.lock()
            .conn
            .execute(
                "UPDATE messages SET attempts = ?2, error = ?3 WHERE id = ?1",
                params![id, attempts, error],
            )
            .map(|_| self.wrote())
            .map_err(|e| self.error(e))
    }

    fn fail(
        &self,
        id: i64,
        attempts: u32,
        http: Option<u16>,
        error: &str,
    ) -> Result<(), StoreError> {
        let inner = self.lock();
        let n = inner
            .conn
            .execute(
                "UPDATE messages SET dead = 1, key = '', token = '', attempts = ?2, http = ?3,
                 error = ?4, failed_ms = ?5 WHERE id = ?1 AND dead = 0",
                params![id, attempts, http, error, now_ms()],
            )
            .map_err(|e| self.error(e))?;
        self.wrote();
        self.forget(n);
        self.fold_if_empty(&inner, n);
        Ok(())
    }

    fn spaces(&self) -> Result<Vec<String>, StoreError> {
        let inner = self.lock();
        let mut stmt = inner
            .conn
            .prepare("SELECT DISTINCT space FROM messages WHERE dead = 0")
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], |r| r.get(0))
            .map_err(|e| self.error(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.error(e))
    }

    fn position(&self, space: &str, id: i64) -> Result<usize, StoreError> {
        let n: i64 = self
            .lock()
            .conn
            .query_row(
                "SELECT COUNT(*) FROM messages WHERE dead = 0 AND space = ?1 AND id <= ?2",
                params![space, id],
                |r| r.get(0),
            )
            .map_err(|e| self.error(e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn queued(&self) -> usize {
        self.queued.load(Ordering::Acquire)
    }

    fn oldest_ms(&self) -> Result<Option<i64>, StoreError> {
        self.lock()
            .conn
            .query_row(
                "SELECT MIN(accepted_ms) FROM messages WHERE dead = 0",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.error(e))
    }

    fn dead_letters(&self, page: DeadPage) -> Result<Vec<DeadEntry>, StoreError> {
        let inner = self.lock();
        let mut stmt = inner
            .conn
            .prepare(
                "SELECT id, space, request_id, accepted_ms, failed_ms, attempts, http, error, body
                 FROM messages WHERE dead = 1 AND id < ?2 ORDER BY id DESC LIMIT ?1",
            )
            .map_err(|e| self.error(e))?;
        let limit = i64::try_from(page.limit).unwrap_or(i64::MAX);
        let before = page.before.unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![limit, before], |r| {
                let body: Vec<u8> = r.get(8)?;
                Ok(DeadEntry {
                    id: r.get(0)?,
                    space: r.get(1)?,
                    request_id: r.get(2)?,
                    accepted_ms: r.get(3)?,
                    failed_ms: r.get::<_, Option<i64>>(4)?.unwrap_or(0),
                    attempts: r.get(5)?,
                    http: r.get(6)?,
                    error: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    message: serde_json::from_slice(&body).unwrap_or_default(),
                })
            })
            .map_err(|e| self.error(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.error(e))
    }

    fn prune_dead(&self, failed_before_ms: i64, keep: usize) -> Result<usize, StoreError> {
        let inner = self.lock();
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        let n = inner
            .conn
            .execute(
                "DELETE FROM messages WHERE dead = 1 AND (failed_ms < ?1 OR id NOT IN
                 (SELECT id FROM messages WHERE dead = 1 ORDER BY id DESC LIMIT ?2))",
                params![failed_before_ms, keep],
            )
            .map_err(|e| self.error(e))?;
        self.wrote();
        Ok(n)
    }

    /// `Err` when the database was found damaged, cannot be read or written now (after a
    /// failure, a write is tried), or no longer holds the identity it was opened with.
    fn check(&self) -> Result<(), StoreError> {
        let place = || self.path.display().to_string();
        if let Some(problem) = self
            .damaged
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Err(StoreError::new(place(), problem));
        }
        let inner = self.lock();
        let stored: (String, i64) = inner
            .conn
            .query_row("SELECT db_id, accepted FROM meta WHERE one = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| self.error(e))?;
        if stored.0 != inner.identity.id || stored.1 < inner.identity.accepted {
            return Err(StoreError::new(
                place(),
                "the database no longer holds what this relay wrote; restart the relay to \
                 have it checked",
            ));
        }
        if self.failing.load(Ordering::Acquire) {
            // A read or write failed since the last write that worked: try one.
            inner
                .conn
                .execute("UPDATE meta SET accepted = accepted WHERE one = 1", [])
                .map_err(|e| self.error(e))?;
            self.wrote();
        }
        Ok(())
    }

    /// Folds the write-ahead log into the database and syncs the identity file.
    fn close(&self) -> Result<(), StoreError> {
        let inner = self.lock();
        if let Err(e) = inner.id_file.sync() {
            tracing::warn!(error = %e, "relay: cannot sync the queue's identity file");
        }
        inner
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| self.error(e))
    }

    fn remember_once(&self, key: &str, until_ms: i64) -> Result<bool, StoreError> {
        let inner = self.lock();
        seen::remember_once(&inner.conn, key, until_ms).map_err(|e| self.error(e))
    }

    fn forget_key(&self, key: &str) -> Result<(), StoreError> {
        let inner = self.lock();
        seen::forget_key(&inner.conn, key).map_err(|e| self.error(e))
    }
}

#[cfg(test)]
mod tests;
