//! Runs every example as a process: once in its default, no-setup mode (it must exit 0
//! on its own), and once with `CHAT_WEBHOOK_URL` pointing at a fake space this test owns,
//! checking what arrived there. `cargo test` builds the examples before running this.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chat_card_fake_space::{FakeSpace, ReceivedMessage};

/// The most one example may take before it counts as hung.
const LIMIT: Duration = Duration::from_secs(90);

use chat_card_test_support::example_path;

/// Runs an example with a time limit, returning its output.
fn run(name: &str, args: &[&str], webhook: Option<&str>) -> Output {
    run_with_env(name, args, webhook, &[])
}

/// [`run`] with extra environment variables.
fn run_with_env(name: &str, args: &[&str], webhook: Option<&str>, env: &[(&str, &str)]) -> Output {
    let path = example_path(name);
    assert!(
        path.exists(),
        "{} is missing: run the tests with `cargo test`, which builds the examples",
        path.display()
    );
    let mut command = Command::new(&path);
    command
        .args(args)
        .env_remove("CHAT_WEBHOOK_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "GOOGLE_APPLICATION_CREDENTIALS",
        "CHAT_SPACE",
        "CHAT_API_BASE",
        "CI_STATUS",
        "CI_BRANCH",
        "CI_PULL_REQUEST",
        "CI_FAILED_TESTS",
        "CHAT_APP_PROJECT_NUMBER",
        "CHAT_APP_ENDPOINT_URL",
    ] {
        command.env_remove(var);
    }
    if let Some(url) = webhook {
        command.env("CHAT_WEBHOOK_URL", url);
    }
    for (var, value) in env {
        command.env(var, value);
    }
    let mut child = command.spawn().expect("the example starts");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waiting works").is_some() {
            break;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("example {name} ran longer than {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("output is readable");
    assert!(
        output.status.success(),
        "example {name} failed: {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs an example against a fresh fake space and returns what it received.
fn run_against_fake(name: &str, args: &[&str]) -> (Vec<ReceivedMessage>, String) {
    let fake = FakeSpace::start_blocking().expect("the fake space starts");
    let url = fake.webhook_url_with_credentials("EXAMPLES");
    let output = run(name, args, Some(&url));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        !stdout.contains(url.split("key=").nth(1).unwrap_or("?")),
        "the example printed the webhook credentials"
    );
    assert_eq!(fake.quota_rejections(), 0, "the example caused 429s");
    let received = fake.deliveries();
    for m in &received {
        let text = m.body.to_string();
        let findings = chat_card::check::check_text(&text).expect("bodies are JSON");
        assert!(
            findings.is_empty(),
            "{name} posted an invalid message: {findings:?}"
        );
    }
    (received, stdout)
}

fn card_title(m: &ReceivedMessage) -> Option<&str> {
    m.body.pointer("/cardsV2/0/card/header/title")?.as_str()
}

#[test]
fn quickstart_sends_text_card_and_threaded_reply() {
    let default_run = run("quickstart", &[], None);
    assert!(String::from_utf8_lossy(&default_run.stdout).contains("received 3 message(s)"));

    let (received, stdout) = run_against_fake("quickstart", &[]);
    assert_eq!(received.len(), 3, "{stdout}");
    assert_eq!(received[0].body["text"], "Hello from *chat-card*!");
    assert_eq!(card_title(&received[1]), Some("A card message!"));
    assert_eq!(
        received[1].body.pointer(
            "/cardsV2/0/card/sections/0/widgets/1/buttonList/buttons/0/onClick/openLink/url"
        ),
        Some(&serde_json::json!("https://developers.google.com/chat"))
    );
    // The reply landed in the card's thread.
    assert_eq!(received[2].thread_name, received[1].thread_name);
    assert_ne!(received[0].thread_name, received[1].thread_name);
    for m in &received {
        assert!(
            stdout.contains(&m.name),
            "the example prints each message name"
        );
    }
}

#[test]
fn server_down_alerts_then_resolves_in_one_thread() {
    run("server_down", &[], None);
    let (received, _) = run_against_fake("server_down", &[]);
    assert_eq!(received.len(), 2);
    assert_eq!(card_title(&received[0]), Some("demo-api is down"));
    let widgets = received[0]
        .body
        .pointer("/cardsV2/0/card/sections/0/widgets")
        .and_then(|w| w.as_array())
        .expect("the alert lists widgets");
    // target + summary + one row per failed check (threshold 3)
    assert_eq!(widgets.len(), 2 + 3);
    let resolved = received[1].body["text"].as_str().unwrap_or_default();
    assert!(resolved.contains("resolved"), "{resolved}");
    assert_eq!(received[0].thread_name, received[1].thread_name);
    assert_eq!(received[1].thread_key.as_deref(), Some("endpoint-demo-api"));
}

#[test]
fn server_down_updates_the_alert_in_place_with_the_chat_api() {
    let fake = FakeSpace::start_blocking().expect("the fake space starts");
    let key = fake
        .chat_api()
        .service_account_key_json("monitoring@example-project.iam.gserviceaccount.com")
        .expect("a key pair for the fake");
    let dir = std::env::temp_dir().join(format!("chat-card-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let key_file = dir.join("server_down_key.json");
    std::fs::write(&key_file, &key).expect("key file");
    let output = run_with_env(
        "server_down",
        &[],
        None,
        &[
            (
                "GOOGLE_APPLICATION_CREDENTIALS",
                key_file.to_str().expect("utf-8"),
            ),
            ("CHAT_SPACE", "spaces/EXAMPLES"),
            ("CHAT_API_BASE", &fake.chat_api().api_base()),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let received = fake.deliveries();
    assert_eq!(received.len(), 2, "{stdout}");
    let alert = &received[0];
    assert_eq!(card_title(alert), Some("demo-api is down"));
    let id = alert
        .message_id
        .clone()
        .expect("the alert has a client-assigned id");
    assert!(id.starts_with("client-down-demo-api-"), "{id}");
    // The alert card itself now says resolved, updated by its client-assigned name.
    let updates = fake.chat_api().updates();
    assert_eq!(updates.len(), 1, "{stdout}");
    assert_eq!(
        updates[0].requested_as,
        format!("spaces/EXAMPLES/messages/{id}")
    );
    assert_eq!(updates[0].name, alert.name);
    let now = fake
        .chat_api()
        .message(&alert.name)
        .expect("the alert still exists");
    assert_eq!(
        now.pointer("/cardsV2/0/card/header/title"),
        Some(&serde_json::json!("demo-api is back"))
    );
    // And the reply is in the alert's thread.
    assert!(
        received[1].body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("resolved")
    );
    assert_eq!(received[1].thread_name, alert.thread_name);
    assert_eq!(fake.chat_api().token_grants().len(), 1);
    assert_eq!(fake.quota_rejections(), 0);
    assert!(!stdout.contains("PRIVATE KEY") && !stdout.contains("ya29."));
    fake.shutdown_blocking();
}

#[test]
fn ci_status_posts_a_threaded_build_card() {
    run("ci_status", &[], None);
    let (received, _) = run_against_fake("ci_status", &[]);
    assert_eq!(received.len(), 1);
    let body = received[0].body.to_string();
    assert_eq!(
        received[0].thread_key.as_deref(),
        Some("ci-acme/shop-pr-118")
    );
    assert!(body.contains("Failed"));
    // The test name with markup characters arrives escaped, not as markup.
    assert!(
        body.contains("api::&lt;rate_limit&gt; &amp; retries"),
        "{body}"
    );
}

#[test]
fn digest_splits_instead_of_losing_items() {
    run("digest", &[], None);
    let (received, _) = run_against_fake("digest", &[]);
    assert!(received.len() > 1, "240 long tickets need several messages");
    let mut ids = Vec::new();
    for m in &received {
        assert!(m.bytes <= 32_000);
        assert_eq!(
            m.thread_name, received[0].thread_name,
            "all parts in one thread"
        );
        let widgets = m
            .body
            .pointer("/cardsV2/0/card/sections/0/widgets")
            .and_then(|w| w.as_array())
            .expect("each part lists tickets");
        assert!(widgets.len() <= 100);
        for w in widgets {
            let top = w
                .pointer("/decoratedText/topLabel")
                .and_then(|t| t.as_str());
            ids.push(
                top.unwrap_or_default()
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
    }
    let expected: Vec<String> = (1..=240).map(|n| format!("OPS-{n}")).collect();
    assert_eq!(ids, expected, "every ticket exactly once, in order");
}

#[test]
fn chat_app_answers_both_event_kinds_and_refuses_unsigned_requests() {
    let output = run("chat_app", &[], None);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("valid:  true").count(), 2, "{stdout}");
    assert!(stdout.contains("\"cardId\":\"welcome\""));
    assert!(stdout.contains("\"cardId\":\"status\""));
    assert_eq!(stdout.matches("answer: 401").count(), 2, "{stdout}");
    assert!(stdout.contains("missing bearer token"));
    assert!(stdout.contains("invalid token signature"));
}

#[test]
fn chat_app_will_not_serve_without_an_audience() {
    let path = example_path("chat_app");
    let mut child = Command::new(&path)
        .args(["--serve", "0"])
        .env_remove("CHAT_APP_PROJECT_NUMBER")
        .env_remove("CHAT_APP_ENDPOINT_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let started = Instant::now();
    while child.try_wait().expect("waiting works").is_none() {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("chat_app served without a verification audience");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("output is readable");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("CHAT_APP_PROJECT_NUMBER"), "{stderr}");
}

#[test]
fn contact_form_walks_the_dialog_flow() {
    let output = run("contact_form", &[], None);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches("valid:  true").count(), 9, "{stdout}");
    // The slash command opens the dialog with the three inputs.
    assert!(stdout.contains(r#"{"actionResponse":{"type":"DIALOG","dialogAction":{"dialog":{"body":{"header":{"title":"Add a contact"}"#));
    for input in ["textInput", "dateTimePicker", "selectionInput"] {
        assert!(
            stdout.contains(&format!(r#"{{"{input}":{{"name":"contact"#)),
            "{input}"
        );
    }
    // The review shows the entries, the date as a date.
    assert!(stdout.contains("<b>Birthday:</b> September 14, 2001"));
    // Submitting answers with action statuses.
    assert!(stdout.contains(r#""actionStatus":{"statusCode":"INVALID_ARGUMENT","userFacingMessage":"Don't forget to name your new contact!"}"#));
    assert!(
        stdout
            .contains(r#""actionStatus":{"statusCode":"OK","userFacingMessage":"Success Kai O"}"#)
    );
    // Outside the dialog: private messages, updated in place.
    assert!(stdout.contains(r#"{"privateMessageViewer":{"name":"users/1234567890"},"actionResponse":{"type":"UPDATE_MESSAGE"}"#));
    // Unsigned and forged requests are refused.
    assert_eq!(stdout.matches("answer: 401").count(), 2, "{stdout}");
}

#[test]
fn relay_forwards_tool_posts_and_threads_the_alert_pair() {
    let default_run = run("relay", &[], None);
    assert!(String::from_utf8_lossy(&default_run.stdout).contains("received 4 message(s)"));

    let (received, stdout) = run_against_fake("relay", &[]);
    assert_eq!(received.len(), 4, "{stdout}");
    assert_eq!(received[0].body["text"], "Backup finished in 4 min");
    // The deprecated threadKey parameter went into the body, replying in its thread.
    assert_eq!(received[1].thread_key.as_deref(), Some("deploy-42"));
    assert_eq!(card_title(&received[2]), Some("[FIRING:1] DiskFull"));
    assert_eq!(card_title(&received[3]), Some("[RESOLVED:1] DiskFull"));
    assert_eq!(received[2].thread_name, received[3].thread_name);
    assert!(stdout.contains("200, posted"), "{stdout}");
}
