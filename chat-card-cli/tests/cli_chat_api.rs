//! `chat-card send --space`, `chat-card update` and `chat-card delete` as processes,
//! against the fake space's Chat API on 127.0.0.1, with a key pair generated here.

#![cfg(feature = "chat-api")]

use std::path::Path;
use std::process::Output;

mod support;
use chat_card_fake_space::TestKeyPair;
use support::{ApiSetup as Setup, EMAIL, api_setup as setup};

/// Runs the CLI with a time limit; `env_key` is given as GOOGLE_APPLICATION_CREDENTIALS.
fn run(args: &[&str], env_key: Option<&Path>) -> Output {
    match env_key {
        Some(key) => support::run(
            args,
            &[(
                "GOOGLE_APPLICATION_CREDENTIALS",
                key.to_str().expect("utf-8 path"),
            )],
        ),
        None => support::run(args, &[]),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_no_secret(s: &Setup, out: &Output) {
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    let pem_line = s.pair.private_pem.lines().nth(1).expect("pem body");
    assert!(!all.contains(pem_line), "private key in output");
    assert!(!all.contains("ya29."), "access token in output: {all}");
}

#[test]
fn send_update_delete_by_name() {
    let s = setup("flow");
    let key = s.key_file.to_str().expect("utf-8 path");
    let base = s.fake.chat_api().api_base();
    let out = run(
        &[
            "send",
            "--space",
            "spaces/CLI",
            "--credentials",
            key,
            "--api-base",
            &base,
            "--text",
            "deploy started",
            "--message-id",
            "client-deploy-7",
            "--thread-key",
            "deploy",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_no_secret(&s, &out);
    let line = text(&out.stdout);
    let name = line.split('\t').next().expect("name").trim().to_owned();
    assert!(name.starts_with("spaces/CLI/messages/"), "{line}");
    assert_eq!(s.fake.deliveries_in("CLI").len(), 1);

    // Update by client-assigned id, key from the environment, card from a file.
    let card_file = s.key_file.with_file_name("resolved.json");
    std::fs::write(
        &card_file,
        r#"{"text": "deploy done", "cardsV2": [{"cardId": "d", "card": {"header": {"title": "Deploy 7"}, "sections": [{"widgets": [{"textParagraph": {"text": "done"}}]}]}}]}"#,
    )
    .expect("card file");
    let out = run(
        &[
            "update",
            "spaces/CLI/messages/client-deploy-7",
            card_file.to_str().expect("utf-8"),
            "--api-base",
            &base,
        ],
        Some(&s.key_file),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), name);
    let held = s.fake.chat_api().message(&name).expect("held");
    assert_eq!(held["text"], "deploy done");
    assert_eq!(held["cardsV2"][0]["card"]["header"]["title"], "Deploy 7");
    assert_eq!(s.fake.chat_api().updates()[0].update_mask, "text,cards_v2");

    // Text only, by Chat's name.
    let out = run(
        &[
            "update",
            &name,
            "--text",
            "deploy done (7 min)",
            "--credentials",
            key,
            "--api-base",
            &base,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        s.fake.chat_api().message(&name).expect("held")["text"],
        "deploy done (7 min)"
    );

    let out = run(
        &["delete", &name, "--credentials", key, "--api-base", &base],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(s.fake.chat_api().message(&name).is_none());
    // Deleting again is refused: exit 3 with the reason and the fix.
    let out = run(
        &[
            "delete",
            "spaces/CLI/messages/client-deploy-7",
            "--credentials",
            key,
            "--api-base",
            &base,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("no such message"),
        "{}",
        text(&out.stderr)
    );
    assert_no_secret(&s, &out);
    assert_eq!(
        s.fake.chat_api().token_grants().len(),
        5,
        "one token per process"
    );
    s.fake.shutdown_blocking();
}

#[test]
fn bad_input_exits_2_before_any_request() {
    let s = setup("bad");
    let key = s.key_file.to_str().expect("utf-8 path");
    let base = s.fake.chat_api().api_base();
    // No credentials at all.
    let out = run(
        &["delete", "spaces/A/messages/M", "--api-base", &base],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("GOOGLE_APPLICATION_CREDENTIALS"),
        "{}",
        text(&out.stderr)
    );
    // A bad name, an empty update, a non-loopback http base, a bad space name.
    for args in [
        vec![
            "delete",
            "spaces/A/threads/T",
            "--credentials",
            key,
            "--api-base",
            &base,
        ],
        vec![
            "update",
            "spaces/A/messages/M",
            "--credentials",
            key,
            "--api-base",
            &base,
        ],
        vec![
            "send",
            "--space",
            "spaces/A",
            "--credentials",
            key,
            "--api-base",
            "http://example.com",
            "--text",
            "x",
        ],
        vec![
            "send",
            "--space",
            "not a space",
            "--credentials",
            key,
            "--text",
            "x",
        ],
    ] {
        let out = run(&args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("error:"), "{args:?}");
    }
    // A token refused (key not trusted): exit 3, no secret.
    let stranger = TestKeyPair::generate().expect("pair");
    let other_key = s.key_file.with_file_name("other.json");
    std::fs::write(
        &other_key,
        stranger.key_file_json(EMAIL, "kid", &s.fake.chat_api().token_uri()),
    )
    .expect("written");
    let out = run(
        &[
            "send",
            "--space",
            "spaces/A",
            "--api-base",
            &base,
            "--text",
            "x",
        ],
        Some(&other_key),
    );
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("refused the service account"),
        "{}",
        text(&out.stderr)
    );
    let pem_line = stranger.private_pem.lines().nth(1).expect("pem");
    assert!(!text(&out.stderr).contains(pem_line));
    assert!(s.fake.deliveries().is_empty());
    assert!(s.fake.requests().is_empty(), "nothing reached the space");
    s.fake.shutdown_blocking();
}
