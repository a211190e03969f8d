//! `chat-card relay --config` as a process, on 127.0.0.1 only: the listeners' limits
//! (`max_connections`, `header_read_timeout`, …) and `log_json` from the config file, a
//! flag winning over the file's key, and a bad value refused with its place.

mod relay_support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use relay_support::*;
use serde_json::Value;

/// The environment variable holding the space's webhook URL (never posted to: the
/// upstream refuses every connection).
const URL_ENV: &str = "CHAT_CARD_TEST_LISTENER_WEBHOOK";
const WEBHOOK: &str = "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t";

/// A config file with the given global keys and one open route (its warning is logged at
/// start).
fn write_config(dir: &Path, globals: &str) -> std::path::PathBuf {
    let config = dir.join("relay.toml");
    std::fs::write(
        &config,
        format!(
            "{globals}\n[spaces.ops]\nwebhook_url_env = \"{URL_ENV}\"\n\n\
             [routes.alerts]\nkind = \"alertmanager\"\nspace = \"ops\"\n"
        ),
    )
    .expect("config");
    config
}

/// Sends `GET /healthz` on a new connection and reads the answer until the server
/// closes it (at most 10 s).
fn healthz(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("writes");
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let start = Instant::now();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < Duration::from_secs(10) {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn the_files_listener_limits_and_log_json_take_effect_and_flags_win() {
    let dir = temp_dir("listener-keys");
    // A long header timeout keeps the idle connection below open while the second one is
    // answered.
    let config = write_config(
        &dir,
        "max_connections = 1\nheader_read_timeout = \"60s\"\nbody_read_timeout = \"5s\"\n\
         request_timeout = \"20s\"\nidle_timeout = \"60s\"\nlog_json = true",
    );
    let config_arg = config.to_str().expect("utf-8");
    let relay = RelayProcess::start_with_env(
        &dir,
        &closed_port_upstream(),
        &["--config", config_arg],
        &[(URL_ENV, WEBHOOK)],
    );
    // One connection held open takes the only place: the next is refused with 503.
    let held = TcpStream::connect(&relay.addr).expect("connects");
    let answer = healthz(&relay.addr);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    drop(held);
    // The logs are JSON lines: the start and the open route's warning among them.
    let logs = relay.logs();
    let lines: Vec<Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "relay: listening"),
        "{logs}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["level"] == "WARN" && l["fields"]["route"] == "alerts"),
        "{logs}"
    );
    drop(relay);
    // The flags win over the file: the second connection is served, the logs are text.
    let relay = RelayProcess::start_with_env(
        &dir,
        &closed_port_upstream(),
        &[
            "--config",
            config_arg,
            "--max-connections",
            "2",
            "--log-json=false",
        ],
        &[(URL_ENV, WEBHOOK)],
    );
    let held = TcpStream::connect(&relay.addr).expect("connects");
    let answer = healthz(&relay.addr);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(held);
    let logs = relay.logs();
    let listening = logs
        .lines()
        .find(|l| l.contains("relay: listening"))
        .unwrap_or_else(|| panic!("no start line: {logs}"));
    assert!(
        serde_json::from_str::<Value>(listening).is_err(),
        "{listening}"
    );
    assert!(listening.contains(" INFO "), "{listening}");
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_limit_in_the_file_is_refused_with_its_place_and_a_good_flag_does_not_hide_it() {
    let dir = temp_dir("listener-bad");
    let config = write_config(&dir, "max_connections = 8\nheader_read_timeout = \"0s\"");
    let run = |extra: &[&str]| {
        Command::new(BIN)
            .args(["relay", "--listen", "127.0.0.1:0", "--config"])
            .arg(&config)
            .arg("--state")
            .arg(dir.join("state"))
            .args(extra)
            .env(URL_ENV, WEBHOOK)
            .env_remove("RUST_LOG")
            .output()
            .expect("runs")
    };
    for extra in [&[][..], &["--header-read-timeout", "5"][..]] {
        let out = run(extra);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("relay.toml:2:23: `header_read_timeout`: must be more than 0"),
            "{stderr}"
        );
    }
    // A bad flag is refused naming the flag.
    std::fs::write(&config, "max_connections = 8\n").expect("config");
    let out = run(&["--idle-timeout", "0"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--idle-timeout must be more than 0 and at most 3600 seconds"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
