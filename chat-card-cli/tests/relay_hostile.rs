//! `chat-card relay` against a damaged or shared state directory and hostile load: it
//! refuses to start (exit 2, the file named, how to recover) on a queue that was emptied,
//! truncated, damaged or lost commits after `kill -9`, refuses a state directory open to
//! other users without changing it, and gives back the memory of 2,000 spaces once they
//! are idle.

mod relay_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use relay_support::*;
use serde_json::json;

/// Runs `chat-card relay --state STATE` expecting it to refuse to start: its exit code
/// and stderr.
fn refused(state: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(["relay", "--listen", "127.0.0.1:0", "--upstream"])
        .arg(closed_port_upstream())
        .arg("--state")
        .arg(state)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("relay runs");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the relay started instead of refusing {}", state.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("output");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Posts `n` messages to a relay whose upstream is closed (they stay queued).
async fn post_queued(relay: &RelayProcess, n: usize) {
    let client = client();
    for i in 0..n {
        let r = client
            .post(format!(
                "{}/v1/spaces/AAAA/messages?key=k&token=t",
                relay.base()
            ))
            .header("content-type", "application/json")
            .body(json!({ "text": format!("kept {i}") }).to_string())
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 202);
    }
}

/// Stops a relay with SIGTERM and waits for it to exit.
async fn stop(mut relay: RelayProcess) {
    let pid = relay.child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    let start = Instant::now();
    while relay.child.try_wait().expect("wait").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no exit after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A copy of the state directory `from` (mode 0700) at `to`.
fn copy_state(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o700)).expect("mode");
    for entry in std::fs::read_dir(from).expect("state") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
    }
}

fn assert_refused(state: &Path, expected: &[&str]) {
    let (code, stderr) = refused(state);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--state"), "{stderr}");
    for needle in expected {
        assert!(stderr.contains(needle), "`{needle}` missing in: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emptied_or_damaged_queue_stops_the_relay_with_how_to_recover() {
    let dir = temp_dir("hostile-damaged");
    let upstream = closed_port_upstream();
    let relay = RelayProcess::start(&dir, &upstream, &["--wait", "0"]);
    post_queued(&relay, 20).await;
    stop(relay).await;
    let state = dir.join("state");

    let damaged = dir.join("damaged");
    copy_state(&state, &damaged);
    let db = damaged.join("queue.sqlite3");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .expect("db");
    // Page 2 onwards: the tables' pages, not the header.
    std::os::unix::fs::FileExt::write_all_at(&file, &[0x5A; 4096], 4096).expect("damage");
    drop(file);
    assert_refused(
        &damaged,
        &["queue.sqlite3", "damaged", "to start with an empty queue"],
    );

    let emptied = dir.join("emptied");
    copy_state(&state, &emptied);
    std::fs::write(emptied.join("queue.sqlite3"), b"").expect("truncate");
    assert_refused(
        &emptied,
        &[
            "queue.sqlite3 is empty",
            "accepted 20 messages",
            "move queue.sqlite3",
        ],
    );

    // The intact queue still starts and keeps its messages.
    let relay = RelayProcess::start(&dir, &upstream, &["--wait", "0"]);
    assert_eq!(queued(&client(), &relay).await, 20);
    stop(relay).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_ahead_log_damaged_or_deleted_after_kill_9_is_found() {
    let dir = temp_dir("hostile-wal");
    let upstream = closed_port_upstream();
    let relay = RelayProcess::start(&dir, &upstream, &["--wait", "0"]);
    post_queued(&relay, 5).await;
    stop(relay).await;
    // These commits live only in the write-ahead log when the relay is killed.
    let relay = RelayProcess::start(&dir, &upstream, &["--wait", "0"]);
    post_queued(&relay, 5).await;
    relay.kill();
    let state = dir.join("state");
    let wal = state.join("queue.sqlite3-wal");
    let wal_len = std::fs::metadata(&wal).expect("a write-ahead log").len();
    assert!(wal_len > 0);

    // A relay directory of its own, to start a relay on this copy later.
    let deleted_dir = temp_dir("hostile-wal-deleted");
    let deleted = deleted_dir.join("state");
    copy_state(&state, &deleted);
    std::fs::remove_file(deleted.join("queue.sqlite3-wal")).expect("delete");
    let _ = std::fs::remove_file(deleted.join("queue.sqlite3-shm"));
    assert_refused(
        &deleted,
        &["the last 5 accepted messages were lost", "remove"],
    );

    let flipped = dir.join("flipped");
    copy_state(&state, &flipped);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(flipped.join("queue.sqlite3-wal"))
        .expect("wal");
    // A byte inside the log's frames (after its 32-byte header): SQLite drops the frame
    // whose checksum fails and every frame after it, silently.
    let at = 32 + 24 + 100;
    let mut byte = [0u8; 1];
    std::os::unix::fs::FileExt::read_exact_at(&file, &mut byte, at).expect("read");
    std::os::unix::fs::FileExt::write_all_at(&file, &[byte[0] ^ 0xFF], at).expect("flip");
    drop(file);
    assert_refused(&flipped, &["accepted messages were lost"]);

    // Removing the identity file accepts what the database holds (the 5 kept).
    std::fs::remove_file(deleted.join("queue.id")).expect("remove");
    let relay = RelayProcess::start(&deleted_dir, &upstream, &["--wait", "0"]);
    assert_eq!(queued(&client(), &relay).await, 5);
    assert!(
        relay.logs().contains("identity file was missing"),
        "{}",
        relay.logs()
    );
    stop(relay).await;
    let _ = std::fs::remove_dir_all(&deleted_dir);

    // The intact copy, with its log, keeps all ten.
    let relay = RelayProcess::start(&dir, &upstream, &["--wait", "0"]);
    assert_eq!(queued(&client(), &relay).await, 10);
    stop(relay).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_state_directory_open_to_other_users_is_refused_and_left_unchanged() {
    let dir = temp_dir("hostile-shared");
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).expect("dir");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).expect("mode");
    assert_refused(&shared, &["open to other users (mode 1777)", "chmod 700"]);
    let mode = std::fs::metadata(&shared)
        .expect("dir")
        .permissions()
        .mode();
    assert_eq!(mode & 0o7777, 0o1777);
    assert_eq!(std::fs::read_dir(&shared).expect("dir").count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The resident memory of a process, in kB (`VmRSS` of /proc/PID/status).
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_spaces_leave_no_workers_and_little_memory_once_idle() {
    let fake = chat_card_fake_space::FakeSpace::builder()
        .quota_interval(Duration::ZERO)
        .start()
        .await
        .expect("fake");
    let dir = temp_dir("hostile-spaces");
    let relay = RelayProcess::start(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--wait", "0", "--per-space-interval-ms", "1"],
    );
    let client = client();
    let warm = fake.webhook_url_with_credentials("WARM");
    for body in [r#"{"text":"first"}"#, r#"{"text":"second"}"#] {
        let r = client
            .post(format!("{}&requestId=reused-1", relay.url_for(&warm)))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("post");
        assert!(r.status().is_success());
    }
    wait_until(Duration::from_secs(20), "the warm-up delivery", || {
        !fake.deliveries().is_empty() && relay.logs().contains("came lately with another message")
    })
    .await;
    let before = rss_kb(relay.child.id());
    for i in 0..2000 {
        let webhook = fake.webhook_url_with_credentials(&format!("SPACE{i:05}"));
        let r = client
            .post(relay.url_for(&webhook))
            .header("content-type", "application/json")
            .body(r#"{"text":"hi"}"#)
            .send()
            .await
            .expect("post");
        assert!(r.status().is_success(), "{}", r.status());
    }
    wait_until(Duration::from_secs(120), "2,000 deliveries", || {
        fake.deliveries().len() >= 2001
    })
    .await;
    let start = Instant::now();
    loop {
        let m = metrics(&client, &relay).await;
        if m.contains("chat_card_relay_active_spaces 0") && m.contains("chat_card_relay_queued 0") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "workers left: {m}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = rss_kb(relay.child.id());
    eprintln!("relay RSS: {before} kB before 2,000 spaces, {after} kB after they went idle");
    assert!(
        after < before + 10 * 1024,
        "the relay kept {} kB after 2,000 idle spaces",
        after.saturating_sub(before)
    );
    let logs = relay.logs();
    assert!(!logs.contains("key=") && !logs.contains("token="), "{logs}");
    let _ = std::fs::remove_dir_all(&dir);
}
