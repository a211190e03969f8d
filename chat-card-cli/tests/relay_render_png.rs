//! `chat-card relay render --png` as a process: a route's built-in sample drawn to a PNG
//! with headless Chromium (where Chromium is missing, outside CI, the test shows as
//! ignored; under `CI=true` its absence fails the test).

mod support;

use std::process::Command;

use support::BIN;

/// The eight bytes every PNG file starts with.
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

chat_card_test_support::needs_chromium! {
/// The firing sample of an Alertmanager route, drawn: exit 0, a PNG of the card.
#[test]
fn render_draws_a_routes_sample_as_a_png() {
    if !support::chromium_here() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("chat-card-render-png-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("relay.toml");
    // The webhook URL's variable is left unset: render reads no secret.
    std::fs::write(
        &config,
        "[spaces.ops]\nwebhook_url_env = \"CHAT_CARD_TEST_UNSET_PNG_WEBHOOK\"\n\n\
         [routes.alerts]\nkind = \"alertmanager\"\nspace = \"ops\"\ninbound_auth = \"none\"\n",
    )
    .expect("config");
    let png = dir.join("alerts.png");
    let out = Command::new(BIN)
        .args(["relay", "render", "--config"])
        .arg(&config)
        .args(["--route", "alerts", "--sample", "firing", "--png"])
        .arg(&png)
        .env_remove("CHAT_CARD_TEST_UNSET_PNG_WEBHOOK")
        .output()
        .expect("render runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // The message itself still goes to stdout.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("DiskFull"), "{stdout}");
    let bytes = std::fs::read(&png).expect("the PNG is written");
    assert!(bytes.starts_with(PNG_MAGIC), "not a PNG: {:?}", &bytes[..bytes.len().min(8)]);
    // A drawn card, not an empty page: kilobytes, well under the size of a 600x4000 shot
    // without compression.
    assert!(
        (5_000..20_000_000).contains(&bytes.len()),
        "implausible size: {} bytes",
        bytes.len()
    );
    let reader = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .expect("a PNG that decodes");
    let (width, height) = (reader.info().width, reader.info().height);
    assert!(width >= 600, "the window's width: {width}");
    assert!((100..4000).contains(&height), "cropped to the card: {height}");
    let _ = std::fs::remove_dir_all(&dir);
}
}
