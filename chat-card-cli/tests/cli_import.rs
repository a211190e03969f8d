//! `chat-card import` run as a process: files and standard input, `--fn`, warnings, and
//! the exit status of each kind of failure.

mod support;
use support::{fixture, run_in, stderr, stdout};

/// Runs `chat-card import ARGS…` in the fixtures directory, with `input` on standard input.
fn import(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run_in(&fixture(""), &all, input)
}

#[test]
fn a_bare_card_file_prints_card_source() {
    let out = import(&["seed-card.json"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        r#"card! {
    header "A card message!" {
        subtitle: "Created with the Chat API",
        image: "https://developers.google.com/chat/images/chat-product-icon.png",
        image_type: CIRCLE,
    }
    section {
        buttons {
            button "Read the docs!" { link: "https://developers.google.com/chat" }
        }
    }
}
"#
    );
    assert_eq!(stderr(&out), "");
}

#[test]
fn standard_input_and_fn_wrap_a_message() {
    let json = br#"{"text": "Deploy of *api* {done}", "thread": {"threadKey": "deploy-api"}}"#;
    let out = import(&["--fn", "deploy_notice", "-"], json);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        r#"fn deploy_notice() -> Result<chat_card::JsonMessage, chat_card::BuildError> {
    chat_card::message! {
        text: "Deploy of *api* {{done}}",
        thread_key: "deploy-api",
    }
}
"#
    );
}

#[test]
fn warnings_are_printed_and_the_source_still_comes_out() {
    let json = br#"{"name": "addon-card", "sections": [{"widgets": [{"textParagraph": {"text": "hi"}}]}]}"#;
    let out = import(&["-"], json);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("name: \"addon-card\","),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("<stdin>:1:2: warning: name:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_message_with_errors_is_refused_with_exit_1_and_its_findings() {
    let out = import(&["broken-card.json"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.starts_with("error: broken-card.json: the message has"),
        "{err}"
    );
    assert!(err.contains("broken-card.json:"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn what_the_language_cannot_write_is_refused_with_its_path() {
    // An empty widget is only a warning for Chat, but it has no keyword in the language.
    let json = br#"{"sections": [{"widgets": [{}, {"textParagraph": {"text": "hi"}}]}]}"#;
    let out = import(&["-"], json);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: <stdin>: cannot import `sections[0].widgets[0]`: a widget with no kind"
        ),
        "{err}"
    );
}

#[test]
fn unreadable_input_and_bad_names_exit_2() {
    let out = import(&["not-json.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not valid JSON"), "{}", stderr(&out));

    let out = import(&["no-such-file.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no-such-file.json: cannot read the file"),
        "{}",
        stderr(&out)
    );

    let out = import(&["--fn", "2fast", "seed-card.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`2fast` is not a Rust function name"),
        "{}",
        stderr(&out)
    );
}

/// A message in a form only Google's front end accepts is imported in its proper form (a
/// list, a real bool), and the import says so: in the source and in the warnings.
#[test]
fn forms_only_the_front_end_accepts_are_imported_corrected() {
    let corpus = fixture("../../../tests/corpus");
    let out = run_in(
        &corpus,
        &["import", "google-github-actions-cardsv2-object.json"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let source = stdout(&out);
    assert!(
        source.starts_with(
            "message! {\n    // `cardsV2` was one item, not a list: written as a list of one (as Chat reads it)\n    card \"createCardMessage\" {\n"
        ),
        "{source}"
    );
    assert!(
        stderr(&out).contains("warning: cardsV2: expected an array of card with id objects"),
        "{}",
        stderr(&out)
    );

    let json = br#"{"text": "deploy", "previewText": "deploy", "cardsV2": [{"cardId": "c",
        "card": {"sections": [{"collapsible": "yes", "widgets": [{"divider": {}}]}]}}]}"#;
    let out = import(&["-"], json);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        r#"message! {
    text: "deploy",
    // `previewText` left out: a legacy field; Chat ignores it; use `fallbackText` for the text of notifications
    card "c" {
        section {
            // `collapsible: "yes"` written as the bool `true` (Chat reads the string so)
            collapsible: true,
            divider
        }
    }
}
"#
    );
    let err = stderr(&out);
    assert!(err.contains("warning: previewText"), "{err}");
    assert!(
        err.contains("warning: cardsV2[0].card.sections[0].collapsible"),
        "{err}"
    );
}
