//! Opening the queue: the private state directory, the database checked before it is
//! trusted (`PRAGMA quick_check` and its identity, see [`identity`](super::identity)),
//! and the settings every connection uses. Every refusal names the file and how to
//! recover; nothing here starts an empty queue in place of a damaged one.

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::identity::{ID_FILE, IdFile, Identity};
use super::{DB_FILE, SCHEMA, SCHEMA_VERSION};

/// The state directory: created 0700 when missing; an existing one must already be
/// private to the relay's user (it is never changed).
pub(super) fn state_dir(dir: &Path) -> Result<(), String> {
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(format!(
            "{} is not a directory; give the relay a directory of its own",
            dir.display()
        )),
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o7777;
            if mode & 0o077 != 0 {
                return Err(format!(
                    "the state directory {} is open to other users (mode {mode:04o}); it holds \
                     webhook credentials, so the relay does not use it: give it a directory of \
                     its own (a missing one is created mode 0700), or make this one private \
                     with `chmod 700 {}` if no one else uses it",
                    dir.display(),
                    dir.display()
                ));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| {
                format!(
                    "cannot create the state directory {}: {e}; give the relay a writable \
                     state directory",
                    dir.display()
                )
            }),
        Err(e) => Err(format!(
            "cannot read the state directory {}: {e}",
            dir.display()
        )),
    }
}

/// How to start over, said the same way in every refusal.
fn start_empty(dir: &Path) -> String {
    format!(
        "restore the state directory from a backup, or move {db}, {db}-wal, {db}-shm and \
         {ID_FILE} out of {dir} to start with an empty queue (the messages it held are then \
         lost: keep the moved files to inspect them)",
        db = DB_FILE,
        dir = dir.display()
    )
}

/// Refuses a database file that is missing or empty while the identity file says a
/// database existed.
pub(super) fn check_present(dir: &Path, recorded: Option<&Identity>) -> Result<(), String> {
    let Some(recorded) = recorded else {
        return Ok(());
    };
    let path = dir.join(DB_FILE);
    let what = match std::fs::metadata(&path) {
        Ok(m) if m.len() == 0 => "is empty (truncated to 0 bytes)",
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "is missing",
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    Err(format!(
        "the queue database {} {what}, but {} records a queue that accepted {} messages: the \
         messages waiting in it are gone; {}",
        path.display(),
        ID_FILE,
        recorded.accepted,
        start_empty(dir)
    ))
}

/// Creates the database file mode 0600 (before SQLite opens it; SQLite gives its -wal
/// and -shm files the same mode), opens it, and sets WAL mode, full sync and secure
/// delete (deleted rows, and the credentials in them, are overwritten with zeros).
pub(super) fn connect(dir: &Path) -> Result<Connection, String> {
    let path = dir.join(DB_FILE);
    OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let damaged = |e: rusqlite::Error| {
        format!(
            "{} cannot be read ({e}); it is damaged or not a queue database: {}",
            path.display(),
            start_empty(dir)
        )
    };
    let conn = Connection::open(&path).map_err(damaged)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(damaged)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(format!(
            "SQLite refused WAL mode for {} (got `{mode}`); put the state directory on a local \
             file system",
            path.display()
        ));
    }
    conn.execute_batch(
        "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;",
    )
    .map_err(damaged)?;
    let problems: Vec<String> = conn
        .prepare("PRAGMA quick_check(5)")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(damaged)?;
    if problems.first().map(String::as_str) != Some("ok") {
        return Err(format!(
            "{} is damaged (SQLite's quick_check: {}): {}",
            path.display(),
            problems.join("; "),
            start_empty(dir)
        ));
    }
    Ok(conn)
}

/// Creates or upgrades the tables, refusing a format newer than this relay's.
pub(super) fn schema(conn: &Connection, path: &Path) -> Result<(), String> {
    let sql = |e: rusqlite::Error| format!("{}: {e}", path.display());
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "{}: the queue was written by a newer relay (format {version}; this relay reads up \
             to {SCHEMA_VERSION}); run that version, or drain the queue with it first",
            path.display()
        ));
    }
    conn.execute_batch(SCHEMA).map_err(sql)?;
    conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))
        .map_err(sql)
}

/// Compares the database's identity with the identity file's, and returns the identity
/// and the open file to keep up to date. A database without an identity (new, or from a
/// relay before identities) gets one.
pub(super) fn identity(
    conn: &Connection,
    dir: &Path,
    recorded: Option<Identity>,
) -> Result<(Identity, IdFile), String> {
    let path = dir.join(DB_FILE);
    let sql = |e: rusqlite::Error| format!("{}: {e}", path.display());
    let stored: Option<Identity> = conn
        .query_row("SELECT db_id, accepted FROM meta WHERE one = 1", [], |r| {
            Ok(Identity {
                id: r.get(0)?,
                accepted: r.get(1)?,
            })
        })
        .optional()
        .map_err(sql)?;
    let identity = match (stored, recorded) {
        (None, None) => {
            let fresh = Identity::fresh();
            conn.execute(
                "INSERT INTO meta (one, db_id, accepted) VALUES (1, ?1, 0)",
                params![fresh.id],
            )
            .map_err(sql)?;
            fresh
        }
        (None, Some(recorded)) => {
            return Err(format!(
                "{} is not the queue recorded in {ID_FILE} (database {}, which accepted {} \
                 messages): it was emptied or replaced, and the messages waiting in the \
                 recorded queue are gone; {}",
                path.display(),
                recorded.id,
                recorded.accepted,
                start_empty(dir)
            ));
        }
        (Some(stored), None) => {
            tracing::warn!(
                file = %dir.join(ID_FILE).display(),
                "relay: the queue's identity file was missing; written again from the database"
            );
            stored
        }
        (Some(stored), Some(recorded)) if stored.id != recorded.id => {
            return Err(format!(
                "{} is database {}, but {ID_FILE} records database {}: the file was replaced; \
                 put the right database back, or {}",
                path.display(),
                stored.id,
                recorded.id,
                start_empty(dir)
            ));
        }
        (Some(stored), Some(recorded)) if stored.accepted < recorded.accepted => {
            return Err(format!(
                "{} holds the first {} messages this queue accepted, but the relay accepted {}: \
                 the last {} accepted messages were lost (the write-ahead log {DB_FILE}-wal was \
                 damaged or deleted after a crash). The messages still in the database are \
                 intact: to deliver them and go on, remove {} (it is written again from the \
                 database); keep a copy of the state directory first to investigate",
                path.display(),
                stored.accepted,
                recorded.accepted,
                recorded.accepted - stored.accepted,
                dir.join(ID_FILE).display()
            ));
        }
        (Some(stored), Some(_)) => stored,
    };
    let file = IdFile::create(dir, &identity)?;
    Ok((identity, file))
}
