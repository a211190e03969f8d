//! The SQLite queue against real files in a temporary directory.

use std::os::unix::fs::PermissionsExt;

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
    let dead = store
        .dead_letters(DeadPage {
            limit: 10,
            before: None,
        })
        .expect("dead");
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

/// Opens `dir` expecting a refusal; its message.
fn refused(dir: &Path) -> String {
    let e = SqliteQueue::open(dir).err().expect("refused");
    e.to_string()
}

/// A queue in `dir` holding one waiting message, closed.
fn one_message(dir: &Path) {
    let store = SqliteQueue::open(dir).expect("open");
    store
        .enqueue(&message("A", "kept"), 10, &mut |_| {})
        .expect("insert");
    store.close().expect("close");
}

#[test]
fn an_emptied_truncated_or_replaced_database_is_refused_not_started_empty() {
    let dir = temp_dir("emptied");
    one_message(&dir);
    let db = dir.join(DB_FILE);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .expect("db")
        .set_len(0)
        .expect("truncate");
    let e = refused(&dir);
    assert!(e.contains("is empty") && e.contains("queue.sqlite3"), "{e}");
    assert!(e.contains("move") && e.contains("lost"), "{e}");

    one_message(&temp_dir_keep(&dir, "missing"));
    let other = temp_dir_keep(&dir, "missing");
    std::fs::remove_file(other.join(DB_FILE)).expect("remove");
    assert!(refused(&other).contains("is missing"));

    let half = temp_dir_keep(&dir, "half");
    one_message(&half);
    let len = std::fs::metadata(half.join(DB_FILE)).expect("db").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(half.join(DB_FILE))
        .expect("db")
        .set_len(len / 2)
        .expect("truncate");
    let e = refused(&half);
    assert!(e.contains("damaged") || e.contains("cannot be read"), "{e}");

    // Another relay's database put in its place.
    let replaced = temp_dir_keep(&dir, "replaced");
    let elsewhere = temp_dir_keep(&dir, "elsewhere");
    one_message(&replaced);
    one_message(&elsewhere);
    std::fs::copy(elsewhere.join(DB_FILE), replaced.join(DB_FILE)).expect("copy");
    assert!(refused(&replaced).contains("was replaced"));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// A directory inside `parent` (which is removed with it).
fn temp_dir_keep(parent: &Path, name: &str) -> PathBuf {
    parent.join(name)
}

#[test]
fn lost_commits_are_found_and_removing_the_identity_file_accepts_what_is_left() {
    let dir = temp_dir("lost");
    one_message(&dir);
    // The identity file says two messages were accepted; the database holds one.
    let mut recorded = IdFile::read(&dir).expect("read").expect("identity");
    recorded.accepted += 1;
    drop(IdFile::create(&dir, &recorded).expect("write"));
    let e = refused(&dir);
    assert!(e.contains("the last 1 accepted messages were lost"), "{e}");
    std::fs::remove_file(dir.join(identity::ID_FILE)).expect("remove");
    let store = SqliteQueue::open(&dir).expect("accepted as it is");
    assert_eq!(store.queued(), 1);
    store.check().expect("healthy");
    drop(store);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_shared_state_directory_is_refused_and_left_as_it_is() {
    let dir = temp_dir("shared");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o1777)).expect("mode");
    let e = refused(&dir);
    assert!(e.contains("open to other users (mode 1777)"), "{e}");
    assert!(e.contains("chmod 700"), "{e}");
    let mode = std::fs::metadata(&dir).expect("dir").permissions().mode();
    assert_eq!(mode & 0o7777, 0o1777, "left unchanged");
    assert!(!dir.join(DB_FILE).exists());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn dead_letters_page_and_prune_by_age_and_count() {
    let dir = temp_dir("prune");
    let store = SqliteQueue::open(&dir).expect("open");
    let mut ids = Vec::new();
    for i in 0..5 {
        let mut id = 0;
        store
            .enqueue(&message("A", &format!("m{i}")), 10, &mut |x| id = x)
            .expect("insert");
        store.fail(id, 1, Some(400), "refused").expect("dead");
        ids.push(id);
    }
    let page = |before| DeadPage { limit: 2, before };
    let first = store.dead_letters(page(None)).expect("page");
    assert_eq!(
        first.iter().map(|d| d.id).collect::<Vec<_>>(),
        [ids[4], ids[3]]
    );
    let second = store.dead_letters(page(Some(ids[3]))).expect("page");
    assert_eq!(
        second.iter().map(|d| d.id).collect::<Vec<_>>(),
        [ids[2], ids[1]]
    );
    assert_eq!(store.prune_dead(0, 3).expect("by count"), 2);
    let all = DeadPage {
        limit: 10,
        before: None,
    };
    assert_eq!(store.dead_letters(all).expect("list").len(), 3);
    assert_eq!(store.prune_dead(now_ms() + 1, 100).expect("by age"), 3);
    assert!(store.dead_letters(all).expect("list").is_empty());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn dedup_keys_are_remembered_once_forgotten_and_survive_reopen() {
    let dir = temp_dir("dedup");
    let store = SqliteQueue::open(&dir).expect("open");
    let later = now_ms() + 300_000;
    assert!(store.remember_once("am-1", later).expect("remember"));
    assert!(!store.remember_once("am-1", later).expect("duplicate"));
    store.forget_key("am-1").expect("forget");
    assert!(store.remember_once("am-1", later).expect("new again"));
    // An expired key is pruned and counts as new.
    assert!(
        store
            .remember_once("am-old", now_ms() - 1)
            .expect("remember")
    );
    assert!(
        store
            .remember_once("am-old", later)
            .expect("expired, so new")
    );
    store
        .forget_key("never-seen")
        .expect("forgetting an unknown key is fine");
    drop(store);
    let store = SqliteQueue::open(&dir).expect("reopen");
    assert!(
        !store
            .remember_once("am-1", later)
            .expect("still a duplicate after a restart")
    );
    assert!(
        !store
            .remember_once("am-old", later)
            .expect("still a duplicate")
    );
    drop(store);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_version_1_database_is_upgraded_with_the_dedup_table() {
    let dir = temp_dir("v1");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).expect("mode");
    let conn = Connection::open(dir.join(DB_FILE)).expect("create");
    conn.execute_batch(UNVERSIONED).expect("old tables");
    conn.execute_batch("PRAGMA user_version = 1;")
        .expect("version 1");
    drop(conn);
    let store = SqliteQueue::open(&dir).expect("open a version 1 queue");
    assert_eq!(store.queued(), 1, "its messages are kept");
    assert!(
        store
            .remember_once("am-1", now_ms() + 1000)
            .expect("the new table works")
    );
    drop(store);
    let conn = Connection::open(dir.join(DB_FILE)).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 2);
    let keys: i64 = conn
        .query_row("SELECT count(*) FROM dedup_keys", [], |r| r.get(0))
        .expect("the table");
    assert_eq!(keys, 1);
    std::fs::remove_dir_all(&dir).expect("clean up");
}
