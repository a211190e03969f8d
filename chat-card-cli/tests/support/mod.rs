//! What the CLI process tests share: running `chat-card` with a time limit and a clean
//! environment, and a fake space that trusts a service-account key written to a file.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chat_card_fake_space::{FakeSpace, TestKeyPair};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_chat-card");

/// The service account the fake space trusts in [`api_setup`].
pub const EMAIL: &str = "cli-bot@fake-project.iam.gserviceaccount.com";

/// Runs `chat-card ARGS` with at most 60 s, no stdin, and an environment without the
/// variables the CLI reads (webhook, credentials, `RUST_LOG`) except those in `env`.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
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

/// A fixture file of the library's tests (`chat-card/tests/fixtures/NAME`; `""` for the
/// directory).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../chat-card/tests/fixtures")
        .join(name)
}

/// Runs `chat-card ARGS` in `dir` with `input` on standard input.
pub fn run_in(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run chat-card: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input)
            .unwrap_or_else(|e| panic!("stdin: {e}"));
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("chat-card: {e}"))
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output and standard error together.
pub fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A fake space with a fast quota whose Chat API trusts [`EMAIL`], and that account's
/// key file.
pub struct ApiSetup {
    /// The fake space.
    pub fake: FakeSpace,
    /// The service-account key file, pointing at the fake's token endpoint.
    pub key_file: PathBuf,
    /// The key pair (to check the private key never shows).
    pub pair: TestKeyPair,
}

/// Starts an [`ApiSetup`]; `tag` keeps the key files of tests apart.
pub fn api_setup(tag: &str) -> ApiSetup {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(50))
        .start_blocking()
        .expect("fake starts");
    let pair = TestKeyPair::generate().expect("key pair");
    fake.chat_api()
        .add_service_account(EMAIL, &pair.public_pem)
        .expect("key trusted");
    let dir = std::env::temp_dir().join(format!("chat-card-cli-api-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let key_file = dir.join("key.json");
    std::fs::write(
        &key_file,
        pair.key_file_json(EMAIL, "kid", &fake.chat_api().token_uri()),
    )
    .expect("key written");
    ApiSetup {
        fake,
        key_file,
        pair,
    }
}

/// Whether Chromium can be found; under CI its absence fails the test.
pub fn chromium_here() -> bool {
    match chat_card::preview::chromium::Chromium::locate() {
        Ok(_) => true,
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("Chromium is required under CI (CI=true): {e}")
        }
        Err(_) => {
            eprintln!("SKIPPED: no Chromium on PATH, so the screenshot was not taken");
            false
        }
    }
}
