//! De-duplication keys in the SQLite queue: a key is remembered until its expiry, in
//! the same database (so a restart keeps them).

use rusqlite::{Connection, params};

use super::super::now_ms;

/// Remembers `key` until `until_ms` unless a live entry exists: true when new.
pub(super) fn remember_once(conn: &Connection, key: &str, until_ms: i64) -> rusqlite::Result<bool> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS seen_keys (key TEXT PRIMARY KEY, until_ms INTEGER NOT NULL)",
    )?;
    conn.execute(
        "DELETE FROM seen_keys WHERE key = ?1 AND until_ms <= ?2",
        params![key, now_ms()],
    )?;
    let n = conn.execute(
        "INSERT OR IGNORE INTO seen_keys (key, until_ms) VALUES (?1, ?2)",
        params![key, until_ms],
    )?;
    Ok(n == 1)
}

/// Forgets `key`.
pub(super) fn forget_key(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS seen_keys (key TEXT PRIMARY KEY, until_ms INTEGER NOT NULL)",
    )?;
    conn.execute("DELETE FROM seen_keys WHERE key = ?1", params![key])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_new_once_until_it_expires_or_is_forgotten() {
        let conn = Connection::open_in_memory().expect("db");
        let later = now_ms() + 60_000;
        assert!(remember_once(&conn, "k", later).expect("remember"));
        assert!(!remember_once(&conn, "k", later).expect("remember"));
        forget_key(&conn, "k").expect("forget");
        assert!(remember_once(&conn, "k", later).expect("remember"));
        assert!(remember_once(&conn, "old", now_ms() - 1).expect("remember"));
        assert!(remember_once(&conn, "old", later).expect("expired, so new"));
    }
}
