//! The CLI's logs: `-v`/`-vv` show the sender's debug events, `RUST_LOG` wins, `-q` is
//! silent, and at trace level nothing secret is printed: not the webhook key and token,
//! nor the access token, nor the service account's private key.

#![cfg(feature = "chat-api")]

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chat_card::fake_space::{FakeSpace, TestKeyPair};

const BIN: &str = env!("CARGO_BIN_EXE_chat-card");
const EMAIL: &str = "log-bot@fake-project.iam.gserviceaccount.com";

/// Runs the CLI with a time limit and the given environment.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_remove("CHAT_WEBHOOK_URL")
        .env_remove("GOOGLE_APPLICATION_CREDENTIALS")
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("starts");
    let started = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chat-card {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn verbose_logs_show_the_sender_at_work_and_no_secret() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(50))
        .start_blocking()
        .expect("fake starts");
    let url = fake.webhook_url_with_credentials("LOGS");
    let query: std::collections::HashMap<String, String> = url::Url::parse(&url)
        .expect("url")
        .query_pairs()
        .into_owned()
        .collect();
    let (key, token) = (&query["key"], &query["token"]);

    // -vv: the lane wait, the attempt and the answer, with the space but no credentials.
    let out = run(
        &["-vv", "send", "--text", "hi"],
        &[("CHAT_WEBHOOK_URL", &url)],
    );
    assert!(out.status.success(), "{}", all_output(&out));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for event in ["the space's lane is free", "posting", "answer", "http=200"] {
        assert!(stderr.contains(event), "no `{event}` in {stderr}");
    }
    assert!(stderr.contains("LOGS"), "the space is named: {stderr}");
    for secret in [key, token] {
        assert!(
            !all_output(&out).contains(secret.as_str()),
            "secret in {stderr}"
        );
    }
    // stdout still holds just the name.
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("spaces/LOGS/messages/"));

    // RUST_LOG=trace wins, and covers every crate: still nothing secret.
    let out = run(
        &["send", "--text", "hi"],
        &[("CHAT_WEBHOOK_URL", &url), ("RUST_LOG", "trace")],
    );
    assert!(out.status.success(), "{}", all_output(&out));
    let text = all_output(&out);
    assert!(text.contains("posting"), "RUST_LOG=trace logs: {text}");
    for secret in [key, token] {
        assert!(
            !text.contains(secret.as_str()),
            "secret at trace level: {text}"
        );
    }

    // -q: nothing on stderr.
    let out = run(
        &["-q", "send", "--text", "hi"],
        &[("CHAT_WEBHOOK_URL", &url)],
    );
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn trace_logs_of_the_chat_api_hold_no_token_or_private_key() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(50))
        .start_blocking()
        .expect("fake starts");
    let pair = TestKeyPair::generate().expect("key pair");
    fake.add_service_account(EMAIL, &pair.public_pem)
        .expect("key trusted");
    let dir = std::env::temp_dir().join(format!("chat-card-cli-logs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let key_file = dir.join("key.json");
    std::fs::write(
        &key_file,
        pair.key_file_json(EMAIL, "kid", &fake.token_uri()),
    )
    .expect("key written");
    let key_path = key_file.to_str().expect("path");
    let api_base = fake.api_base();
    for (flags, env) in [(vec!["-vv"], vec![]), (vec![], vec![("RUST_LOG", "trace")])] {
        let mut args = flags.clone();
        args.extend([
            "send",
            "--space",
            "spaces/API",
            "--api-base",
            &api_base,
            "--credentials",
            key_path,
            "--text",
            "hi",
        ]);
        let out = run(&args, &env);
        let text = all_output(&out);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("requesting an access token"), "{text}");
        assert!(
            fake.token_grants().iter().any(|g| g.accepted),
            "a token was issued"
        );
        // The fake space's access tokens start like Google's: `ya29.`.
        assert!(!text.contains("ya29."), "access token in {text}");
        let pem_line = pair.private_pem.lines().nth(1).expect("pem body");
        assert!(!text.contains(pem_line), "private key in output");
        assert!(!text.contains("PRIVATE KEY"), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
