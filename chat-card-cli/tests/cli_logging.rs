//! The CLI's logs: `-v`/`-vv` show the sender's debug events, `RUST_LOG` wins, `-q` is
//! silent, and at trace level nothing secret is printed: not the webhook key and token,
//! nor the access token, nor the service account's private key.

#![cfg(feature = "chat-api")]

use std::time::Duration;

use chat_card_fake_space::FakeSpace;

mod support;
use support::{all_output, api_setup, run};

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
    let setup = api_setup("logs");
    let (fake, pair) = (&setup.fake, &setup.pair);
    let key_path = setup.key_file.to_str().expect("path");
    let api_base = fake.chat_api().api_base();
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
            fake.chat_api().token_grants().iter().any(|g| g.accepted),
            "a token was issued"
        );
        // The fake space's access tokens start like Google's: `ya29.`.
        assert!(!text.contains("ya29."), "access token in {text}");
        let pem_line = pair.private_pem.lines().nth(1).expect("pem body");
        assert!(!text.contains(pem_line), "private key in output");
        assert!(!text.contains("PRIVATE KEY"), "{text}");
    }
}
