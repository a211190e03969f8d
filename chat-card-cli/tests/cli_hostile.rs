//! Hostile input to the CLI, run as a process: endless files, huge documents, and
//! names, keys and values that hold terminal escape sequences.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::{BIN, stderr, stdout};

/// Runs `chat-card ARGS` in `dir`, killed (and the test failed) after `limit`.
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    // Output of these runs is small (the cap on findings), so the pipes cannot fill up.
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("chat-card {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chat-card-hostile-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The bound on the endless-input runs: the cap is reached in well under a second; the
/// margin is for a loaded test machine.
const ENDLESS: Duration = Duration::from_secs(30);

#[test]
fn endless_files_end_with_a_clear_error() {
    let dir = std::env::temp_dir();
    for device in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(device).exists() {
            continue;
        }
        for command in [
            vec!["check", device],
            vec!["import", device],
            vec!["preview", device],
        ] {
            let out = run_within(&dir, &command, ENDLESS);
            assert_eq!(out.status.code(), Some(2), "{command:?}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(
                err.contains(device) && err.contains("holds more than 16 MiB"),
                "{command:?}: {err}"
            );
            assert!(
                err.contains("a Chat message is at most 32,000 bytes"),
                "{err}"
            );
        }
    }
}

#[test]
fn json_output_reports_the_cap_as_the_file_error() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let out = run_within(
        &std::env::temp_dir(),
        &["check", "--json", "/dev/zero"],
        ENDLESS,
    );
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let message = doc["files"][0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("more than 16 MiB"), "{message}");
}

#[test]
fn escape_sequences_in_names_keys_and_values_print_escaped() {
    let dir = scratch("escapes");
    // The name recolours the terminal; the key sets the window title; the value (echoed
    // in the message about it) clears the screen; DEL and a C1 CSI follow.
    let name = "bad\u{1b}[31mname.json";
    std::fs::write(
        dir.join(name),
        r#"{"text": 5, "\u001b]0;pwned\u0007": 1, "cardsV2": [{"cardId": "c", "card": {"header": {"title": "t", "imageType": "\u001b[2J\u007f\u009b"}}}]}"#,
    )
    .unwrap();
    for command in [vec!["check", name], vec!["import", name]] {
        let out = run_within(&dir, &command, Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for raw in ['\u{1b}', '\u{7}', '\u{7f}', '\u{9b}'] {
            assert!(!all.contains(raw), "{command:?} printed {raw:?}: {all:?}");
        }
        assert!(all.contains("bad\\u{1b}[31mname.json:"), "{all}");
        assert!(all.contains("\\u{1b}]0;pwned\\u{7}"), "{all}");
        assert!(all.contains("\\u{1b}[2J\\u{7f}\\u{9b}"), "{all}");
    }
    // JSON output keeps names and keys exact, as JSON escapes.
    let out = run_within(&dir, &["check", "--json", name], Duration::from_secs(60));
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{9b}'),
        "{text:?}"
    );
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["files"][0]["file"], name);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn twenty_thousand_unknown_keys_list_a_hundred_problems_and_count_the_rest() {
    let dir = scratch("many-keys");
    let keys: Vec<String> = (0..20_000)
        .map(|i| format!("\"unknownKey{i}\": {i}"))
        .collect();
    std::fs::write(
        dir.join("many.json"),
        format!("{{\"text\": \"hi\",\n{}}}", keys.join(",\n")),
    )
    .unwrap();
    // Generous: the check takes a fraction of a second with a release build.
    let limit = Duration::from_secs(120);
    let out = run_within(&dir, &["check", "many.json"], limit);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // The message size comes first (at the start), then 99 of the keys.
    assert!(text.contains("many.json:1:1: the message is "), "{text}");
    assert_eq!(text.matches("unknown field `unknownKey").count(), 99);
    assert!(
        text.contains("many.json:2:1: unknownKey0: unknown field"),
        "{text}"
    );
    assert!(
        text.contains(
            "many.json:101:1: and 19901 more problems not listed (19901 errors, 0 warnings)"
        ),
        "{text}"
    );
    assert!(
        text.contains("many.json: 20001 problems (message)"),
        "{text}"
    );

    let out = run_within(&dir, &["check", "--json", "many.json"], limit);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let file = &doc["files"][0];
    assert_eq!(file["problems"].as_array().unwrap().len(), 101);
    assert_eq!(file["problems"][100]["rule"], serde_json::Value::Null);
    assert_eq!(file["omitted"]["errors"], 19_901);
    assert_eq!(file["omitted"]["warnings"], 0);
    let _ = std::fs::remove_dir_all(&dir);
}
