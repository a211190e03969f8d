//! `chat-card check` run as a process, on the fixture files, as a new user would.

use std::process::{Command, Output};

mod support;
use support::{fixture, run_in, stderr, stdout};

/// Runs `chat-card check` in the fixtures directory (so file names print short).
fn check(args: &[&str]) -> Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run_in(&fixture(""), &all, b"")
}

/// Runs `chat-card check ARGS… -` with `input` on standard input.
fn check_stdin(input: &[u8], args: &[&str]) -> Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.push("-");
    run_in(&fixture(""), &all, input)
}

#[test]
fn the_seed_card_passes_as_message_and_as_bare_card() {
    let out = check(&["seed-message.json", "seed-card.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.contains("seed-message.json: ok (message)"), "{text}");
    assert!(text.contains("seed-card.json: ok (card)"), "{text}");
}

#[test]
fn broken_card_fails_with_lines_paths_and_help() {
    let out = check(&["broken-card.json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let expected = [
        "broken-card.json:4:17: header.imageUrl: relative URLs do not work in Chat cards",
        "broken-card.json:5:18: header.imageType: `ROUND` is not an image type",
        "broken-card.json:12:13: sections[0].widgets[0].decoratedText.topLable: unknown field `topLable`",
        "broken-card.json:13:21: warning: sections[0].widgets[0].decoratedText.text: Markdown",
        "broken-card.json:23:28: sections[0].widgets[1].buttonList.buttons[0].onClick.openLink.url: `javascript:`",
    ];
    let problems: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("broken-card.json:"))
        .collect();
    assert_eq!(problems.len(), expected.len() + 1, "{text}");
    for (line, want) in problems.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "{line:?} does not start with {want:?}"
        );
    }
    // Each problem is followed by its help.
    assert!(
        lines[1].starts_with("    help: write an absolute URL"),
        "{text}"
    );
    assert!(
        text.contains("    help: did you mean `topLabel`?"),
        "{text}"
    );
    assert!(
        text.contains("    help: valid values: SQUARE, CIRCLE"),
        "{text}"
    );
    assert!(
        text.contains("broken-card.json: 4 problems, 1 warning (card)"),
        "{text}"
    );
}

#[test]
fn broken_message_reports_every_problem() {
    let out = check(&["broken-message.json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for want in [
        "broken-message.json:2:11: warning: text: HTML `<b>` is shown literally in message text",
        "broken-message.json:12:58: cardsV2[0].card.sections[0].widgets[0].columns.columnItems[0].widgets[0].divider: `divider` is not allowed in a column widget",
        "broken-message.json:18:5: cardsV2[1]: this card has no `cardId`",
        "broken-message.json:20:34: cardsV2[1].card.sections[0].widgets: 0 items here",
        "broken-message.json:21:9: cardsV2[1].card.fixedFooter: `fixedFooter` only works in Chat dialogs",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(text.contains("help: for bold write `*bold*`"), "{text}");
}

#[test]
fn not_json_exits_2_with_the_parser_position() {
    let out = check(&["not-json.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not-json.json:4:20: not valid JSON: trailing comma"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unreadable_file_exits_2_even_next_to_invalid_ones() {
    let out = check(&["broken-card.json", "no-such-file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no-such-file.json: cannot read the file"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("broken-card.json:4:17"));
}

#[test]
fn valid_and_invalid_files_exit_1() {
    let out = check(&["seed-card.json", "broken-card.json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let good = std::fs::read(fixture("seed-message.json")).unwrap_or_default();
    let out = check_stdin(&good, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("<stdin>: ok (message)"));
    let out = check_stdin(b"{\"text\": 5}", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("<stdin>:1:10: text: expected a string, found a number"));
    let out = check_stdin(b"{\"text\": \"\xff\"}", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("<stdin>:1:11: not valid JSON: the file is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_output_for_machines() {
    let out = check(&[
        "--json",
        "seed-card.json",
        "broken-card.json",
        "not-json.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    assert_eq!(doc["valid"], false);
    let files = doc["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["file"], "seed-card.json");
    assert_eq!(files[0]["kind"], "card");
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[0]["problems"], serde_json::json!([]));
    assert_eq!(files[1]["valid"], false);
    let first = &files[1]["problems"][0];
    assert_eq!(first["path"], "header.imageUrl");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 17);
    assert!(first["message"].as_str().unwrap_or("").contains("relative"));
    assert!(first["help"].as_str().unwrap_or("").contains("https://"));
    assert_eq!(files[1]["problems"].as_array().map(Vec::len), Some(5));
    assert_eq!(files[2]["kind"], serde_json::Value::Null);
    assert_eq!(files[2]["error"]["line"], 4);
    assert_eq!(files[2]["error"]["column"], 20);
}

#[test]
fn help_documents_the_json_shape_and_exit_codes() {
    let out = Command::new(env!("CARGO_BIN_EXE_chat-card"))
        .args(["check", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("--json"), "{text}");
    assert!(text.contains("\"problems\""), "{text}");
    assert!(text.contains("Exit status: 0"), "{text}");
}

#[test]
fn no_files_is_a_usage_error() {
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("FILE"), "{}", stderr(&out));
}

#[test]
fn warnings_print_as_warnings_and_exit_0_unless_denied() {
    // Google's avatar sample sets the card's add-on `name` and the deprecated
    // `decoratedText.icon`: Chat accepts both.
    let out = check(&["warnings-only.json"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("warnings-only.json:6:9: warning: cardsV2[0].card.name: `name` is ignored"),
        "{text}"
    );
    assert!(
        text.contains("warning: cardsV2[0].card.sections[0].widgets[0].decoratedText.icon: `icon` is deprecated"),
        "{text}"
    );
    assert!(
        text.contains("warnings-only.json: ok with 2 warnings (message)"),
        "{text}"
    );

    let out = check(&["--deny-warnings", "warnings-only.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));

    // Errors and warnings in one run: exit 1, and the summary counts both.
    let out = check(&["warnings-only.json", "broken-card.json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_output_gives_each_finding_a_severity_and_rule() {
    let out = check(&["--json", "warnings-only.json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    assert_eq!(doc["valid"], true);
    let file = &doc["files"][0];
    assert_eq!(file["valid"], true);
    let problems = file["problems"].as_array().cloned().unwrap_or_default();
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["rule"], "ignored-field");
    assert_eq!(problems[1]["rule"], "deprecated-field");

    let out = check(&["--json", "--deny-warnings", "warnings-only.json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["valid"], false);

    let out = check(&["--json", "broken-card.json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["files"][0]["problems"][0]["severity"], "error");
    assert_eq!(doc["files"][0]["problems"][0]["rule"], "bad-url");
}

#[test]
fn help_describes_severities() {
    let out = Command::new(env!("CARGO_BIN_EXE_chat-card"))
        .args(["check", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = stdout(&out);
    assert!(text.contains("--deny-warnings"), "{text}");
    assert!(text.contains("A warning is something Chat"), "{text}");
}

/// The real messages Google's front end accepts although strict ProtoJSON parsers refuse
/// them: each passes with its warning.
#[test]
fn real_messages_chat_accepts_pass_with_their_warnings() {
    let corpus = fixture("../../../tests/corpus");
    for (file, warning) in [
        (
            "grafana-alerting-legacy-card.json",
            ":2:3: warning: previewText: `previewText` is a legacy field",
        ),
        (
            "gatus-v5-http-endpoint.json",
            ":11:37: warning: cards[0].sections[0].widgets[0].keyValue.contentMultiline: a boolean written as the string \"true\"",
        ),
        (
            "google-github-actions-cardsv2-object.json",
            ":2:14: warning: cardsV2: expected an array of card with id objects, found an object",
        ),
    ] {
        let out = run_in(&corpus, &["check", file], b"");
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{file}: {text}{}", stderr(&out));
        assert!(text.contains(&format!("{file}{warning}")), "{text}");
        assert!(text.contains(&format!("{file}: ok with ")), "{text}");
    }
}

/// What the front end refuses stays an error: an unknown field, a number for a bool.
#[test]
fn an_unknown_field_and_a_number_for_a_bool_are_errors() {
    let json = br#"{"text": "deploy", "previewTxt": "x",
        "cardsV2": [{"cardId": "c", "card": {"sections": [{"collapsible": 1,
        "widgets": [{"divider": {}}]}]}}]}"#;
    let out = check_stdin(json, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("<stdin>:1:20: previewTxt: unknown field `previewTxt` in a message"),
        "{text}"
    );
    assert!(
        text.contains(
            "cardsV2[0].card.sections[0].collapsible: expected `true` or `false`, found a number"
        ),
        "{text}"
    );
    assert!(text.contains("<stdin>: 2 problems (message)"), "{text}");
}
