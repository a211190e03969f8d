//! The embedded queue backend: one SQLite database (WAL mode, `synchronous=FULL`) in the
//! state directory. A message is committed before the relay answers its request, stays
//! until it is delivered (then it is removed) or fails for good (then it moves to the
//! dead-letter list and its credentials are wiped).
//!
//! The directory is created mode 0700 and the database files mode 0600: they hold
//! webhook credentials.

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, OptionalExtension, params};

use super::super::incoming::{Credentials, Incoming, Op};
use super::{Admit, DeadEntry, GroupPlan, GroupState, Queue, Queued, StoreError, now_ms};
use chat_card::webhook::ReplyOption;

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
}

struct Inner {
    conn: Connection,
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
    /// Opens (or creates) the queue in `dir`, tightening the permissions of the
    /// directory (0700) and of its database files (0600).
    pub(crate) fn open(dir: &Path) -> Result<SqliteQueue, StoreError> {
        let path = dir.join(DB_FILE);
        let fail = |problem: String| StoreError::new(path.display().to_string(), problem);
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| {
                fail(format!(
                    "cannot create the state directory: {e}; give the relay a writable state directory"
                ))
            })?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| {
            fail(format!(
                "cannot make the state directory private (0700): {e}"
            ))
        })?;
        // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the
        // same mode.
        OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| fail(format!("cannot create the database file: {e}")))?;
        let conn = Connection::open(&path).map_err(|e| fail(format!("cannot open: {e}")))?;
        let sql = |e: rusqlite::Error| {
            fail(format!(
                "{e}; if the file is damaged, move it away to start an empty queue"
            ))
        };
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(sql)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(fail(format!(
                "SQLite refused WAL mode (got `{mode}`); put the state directory on a local file system"
            )));
        }
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;")
            .map_err(sql)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        if version > SCHEMA_VERSION {
            return Err(fail(format!(
                "the queue was written by a newer relay (format {version}; this relay reads up \
                 to {SCHEMA_VERSION}); run that version, or drain the queue with it first"
            )));
        }
        conn.execute_batch(SCHEMA).map_err(sql)?;
        conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))
            .map_err(sql)?;
        for file in [DB_FILE, "queue.sqlite3-wal", "queue.sqlite3-shm"] {
            let p = dir.join(file);
            if p.exists() {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).map_err(
                    |e| fail(format!("cannot make {} private (0600): {e}", p.display())),
                )?;
            }
        }
        let queued: i64 = conn
            .query_row("SELECT COUNT(*) FROM messages WHERE dead = 0", [], |r| {
                r.get(0)
            })
            .map_err(sql)?;
        Ok(SqliteQueue {
            path,
            inner: Mutex::new(Inner { conn }),
            queued: AtomicUsize::new(usize::try_from(queued).unwrap_or(0)),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn error(&self, e: rusqlite::Error) -> StoreError {
        StoreError::new(self.path.display().to_string(), e.to_string())
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
        let inner = self.lock();
        if self.queued.load(Ordering::Acquire) >= max {
            return Ok(Admit::Full);
        }
        insert_row(&inner.conn, message).map_err(|e| self.error(e))?;
        let id = inner.conn.last_insert_rowid();
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
        tx.commit().map_err(|e| self.error(e))?;
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
        self.forget(n);
        Ok(())
    }

    fn retry_later(&self, id: i64, attempts: u32, error: &str) -> Result<(), StoreError> {
        self.lock()
            .conn
            .execute(
                "UPDATE messages SET attempts = ?2, error = ?3 WHERE id = ?1",
                params![id, attempts, error],
            )
            .map(drop)
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
        self.forget(n);
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

    fn dead_letters(&self, limit: usize) -> Result<Vec<DeadEntry>, StoreError> {
        let inner = self.lock();
        let mut stmt = inner
            .conn
            .prepare(
                "SELECT id, space, request_id, accepted_ms, failed_ms, attempts, http, error, body
                 FROM messages WHERE dead = 1 ORDER BY id DESC LIMIT ?1",
            )
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
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

    /// Folds the write-ahead log into the database.
    fn close(&self) -> Result<(), StoreError> {
        self.lock()
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| self.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "chat-card-store-{name}-{}-{}",
            std::process::id(),
            now_ms()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn message(space: &str, text: &str) -> Incoming {
        Incoming::parse(
            space,
            Some("key=KEY&token=TOKEN&threadKey=t"),
            format!(r#"{{"text":"{text}"}}"#).as_bytes(),
        )
        .expect("valid")
    }

    #[test]
    fn fifo_per_space_survives_reopen_and_is_private() {
        let dir = temp_dir("fifo");
        let store = SqliteQueue::open(&dir).expect("open");
        let mut ids = Vec::new();
        for (space, text) in [("A", "a1"), ("B", "b1"), ("A", "a2")] {
            let mut seen = None;
            let admit = store
                .enqueue(&message(space, text), 10, &mut |id| seen = Some(id))
                .expect("insert");
            assert_eq!(admit, Admit::Queued(seen.expect("registered")));
            ids.push(seen.expect("id"));
        }
        assert_eq!(store.queued(), 3);
        assert_eq!(store.position("A", ids[2]).expect("pos"), 2);
        drop(store);
        let store = SqliteQueue::open(&dir).expect("reopen");
        assert_eq!(store.queued(), 3);
        let mut spaces = store.spaces().expect("spaces");
        spaces.sort();
        assert_eq!(spaces, ["A", "B"]);
        let first = store.next("A").expect("next").expect("row");
        assert_eq!(first.id, ids[0]);
        assert_eq!(first.message.reply, ReplyOption::ReplyOrNewThread);
        assert_eq!(first.message.credentials.token, "TOKEN");
        store.complete(first.id).expect("delivered");
        assert_eq!(store.next("A").expect("next").expect("row").id, ids[2]);
        assert_eq!(store.queued(), 2);
        for f in [DB_FILE, "queue.sqlite3-wal", "queue.sqlite3-shm"] {
            let mode = std::fs::metadata(dir.join(f))
                .expect("file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{f}");
        }
        let mode = std::fs::metadata(&dir).expect("dir").permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn full_queue_writes_nothing_and_dead_letters_lose_credentials() {
        let dir = temp_dir("full");
        let store = SqliteQueue::open(&dir).expect("open");
        let mut id = 0;
        store
            .enqueue(&message("A", "one"), 1, &mut |i| id = i)
            .expect("insert");
        assert_eq!(
            store
                .enqueue(&message("A", "two"), 1, &mut |_| {})
                .expect("insert"),
            Admit::Full
        );
        store.fail(id, 1, Some(404), "gone").expect("dead");
        assert_eq!(store.queued(), 0);
        let dead = store.dead_letters(10).expect("dead");
        assert_eq!(dead.len(), 1);
        assert_eq!(dead[0].http, Some(404));
        assert_eq!(dead[0].message["text"], "one");
        let json = serde_json::to_string(&dead).expect("json");
        assert!(!json.contains("TOKEN") && !json.contains("KEY"), "{json}");
        let conn = Connection::open(dir.join(DB_FILE)).expect("open");
        let token: String = conn
            .query_row("SELECT token FROM messages WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("row");
        assert!(token.is_empty());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    /// The tables as a relay wrote them before the format had a version.
    const UNVERSIONED: &str = "
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT, op TEXT NOT NULL DEFAULT 'webhook',
            space TEXT NOT NULL, key TEXT NOT NULL, token TEXT NOT NULL, body BLOB NOT NULL,
            reply TEXT, message_id TEXT, request_id TEXT NOT NULL, accepted_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, dead INTEGER NOT NULL DEFAULT 0,
            failed_ms INTEGER, http INTEGER, error TEXT);
        CREATE INDEX queued_by_space ON messages (dead, space, id);
        CREATE TABLE alert_groups (
            thread_key TEXT PRIMARY KEY, message_id TEXT NOT NULL, resolved INTEGER NOT NULL);
        INSERT INTO messages (space, key, token, body, request_id, accepted_ms)
            VALUES ('A', 'KEY', 'TOKEN', CAST('{\"text\":\"old\"}' AS BLOB), 'r-1', 1);
    ";

    #[test]
    fn an_older_database_is_upgraded_and_keeps_its_messages() {
        let dir = temp_dir("older");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).expect("mode");
        let conn = Connection::open(dir.join(DB_FILE)).expect("create");
        conn.execute_batch(UNVERSIONED).expect("old tables");
        drop(conn);
        let store = SqliteQueue::open(&dir).expect("open an older queue");
        assert_eq!(store.queued(), 1);
        let old = store.next("A").expect("next").expect("the old message");
        assert_eq!(old.message.request_id, "r-1");
        assert_eq!(old.message.op, Op::Webhook);
        assert_eq!(old.message.body, br#"{"text":"old"}"#);
        drop(store);
        let conn = Connection::open(dir.join(DB_FILE)).expect("open");
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn a_newer_database_is_refused_not_misread() {
        let dir = temp_dir("newer");
        drop(SqliteQueue::open(&dir).expect("create"));
        let conn = Connection::open(dir.join(DB_FILE)).expect("open");
        conn.execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
            .expect("bump");
        drop(conn);
        let e = SqliteQueue::open(&dir).err().expect("refused");
        assert!(e.to_string().contains("newer relay"), "{e}");
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
