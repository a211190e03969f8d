//! `chat-card preview` as a process: the page to a file and to stdout, bad input, the
//! Chromium hint, and the PNG cropped to the messages (with Chromium; under `CI=true` a
//! missing Chromium fails the test).

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use chat_card_test_support::preview::EVERY_WIDGET;

/// The alert card of the README screenshot.
const ALERT: &str = include_str!("../../tests/browser/alert.json");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chat-card"))
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chat-card-preview-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn writes_the_page_to_a_file_and_to_stdout() {
    let input = temp("card.json");
    std::fs::write(&input, EVERY_WIDGET).expect("writes");
    let page = temp("page.html");
    let status = bin()
        .args([
            "preview",
            input.to_str().expect("utf-8"),
            "-o",
            page.to_str().expect("utf-8"),
        ])
        .status()
        .expect("runs");
    assert!(status.success());
    let html = std::fs::read_to_string(&page).expect("page written");
    assert!(html.contains("data-widget=\"carousel\""));

    let mut child = bin()
        .args(["preview", "-", "--dark"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(br#"{"header":{"title":"From stdin"}}"#)
        .expect("writes");
    let out = child.wait_with_output().expect("finishes");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("From stdin") && html.contains("theme-dark"));
}

#[test]
fn bad_input_exits_2_with_a_location() {
    let input = temp("bad.json");
    std::fs::write(&input, "{\"text\": }").expect("writes");
    let out = bin()
        .args(["preview", input.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1, column 10"), "{err}");
}

#[test]
fn png_without_chromium_says_how_to_install_it() {
    let input = temp("ok.json");
    std::fs::write(&input, r#"{"text":"hi"}"#).expect("writes");
    let out = bin()
        .args([
            "preview",
            input.to_str().expect("utf-8"),
            "--png",
            temp("x.png").to_str().expect("utf-8"),
        ])
        .env("CHAT_CARD_CHROMIUM", "/nonexistent/chromium")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt-get install chromium"), "{err}");
}

chat_card_test_support::needs_chromium! {
/// `chat-card preview --png` crops the picture to the messages: a short card gives a
/// short picture, whatever the window height, and its last rows are page background.
#[test]
fn the_cli_screenshot_is_cropped_to_the_messages() {
    if !support::chromium_here() {
        return;
    }
    let card = temp("alert.json");
    std::fs::write(&card, ALERT).expect("writes");
    let png = temp("shot.png");
    let out = bin()
        .arg("preview")
        .arg(&card)
        .arg("--png")
        .arg(&png)
        .args(["--window-size", "600,2000", "--light"])
        .output()
        .expect("runs chat-card");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png).expect("screenshot exists"),
    ));
    let reader = decoder.read_info().expect("a PNG");
    let (width, height) = (reader.info().width, reader.info().height);
    assert!(width >= 600, "the width is kept: {width}");
    assert!(
        (100..1500).contains(&height),
        "cropped to the alert card, not the 2000-pixel window: {height}"
    );
}
}
