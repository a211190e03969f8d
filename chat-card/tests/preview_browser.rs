//! Drives headless Chromium over rendered preview pages: each widget is in the DOM after
//! loading, no injected script or handler survives, the page logs no console message,
//! and the screenshot is not blank. Skipped (with a notice) when Chromium is missing.
//!
//! Chromium runs offline (every host but 127.0.0.1 is unresolvable); the fixtures' images
//! are `data:` URLs or `http://127.0.0.1:9/...`, which fails at once and shows the
//! placeholder.

#![cfg(feature = "preview")]

use std::path::{Path, PathBuf};

use chat_card::preview::chromium::{Chromium, INSTALL_HINT, Run};
use chat_card::preview::{self, PreviewEntry, Theme};

use chat_card_test_support::preview::{EVERY_WIDGET, INJECTION, WIDGET_KINDS, assert_inert, tags};

/// The alert card of the README screenshot.
const ALERT: &str = include_str!("../../tests/browser/alert.json");

fn chromium() -> Option<Chromium> {
    match Chromium::locate() {
        Ok(chromium) => Some(chromium.offline(true)),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("Chromium is required under CI (CI=true): {e}; {INSTALL_HINT}")
        }
        Err(_) => {
            eprintln!(
                "SKIPPED preview_browser: no Chromium on PATH, so the browser checks did not run; {INSTALL_HINT}"
            );
            None
        }
    }
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("chat-card-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creates the temp dir");
        TempDir(dir)
    }

    fn write(&self, name: &str, html: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, html).expect("writes the page");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Console messages other than the expected failures of the deliberately unreachable
/// images.
fn unexpected_console(run: &Run) -> Vec<String> {
    run.console_messages()
        .into_iter()
        .filter(|l| !l.contains("Failed to load resource"))
        .map(str::to_owned)
        .collect()
}

fn load_dom(chromium: &Chromium, page: &Path) -> String {
    let run = chromium
        .dump_dom(page)
        .unwrap_or_else(|e| panic!("chromium --dump-dom {}: {e}", page.display()));
    let console = unexpected_console(&run);
    assert!(
        console.is_empty(),
        "{}: console messages: {console:#?}",
        page.display()
    );
    assert!(
        run.stdout.contains("</html>"),
        "no DOM dumped for {}",
        page.display()
    );
    run.stdout
}

/// Decodes a PNG and checks it is not blank: many colours, and a good share of pixels
/// differing from the most common (background) colour.
fn assert_not_blank(png: &Path) {
    let file = std::fs::File::open(png).expect("screenshot exists");
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("decodes");
    let channels = info.color_type.samples();
    assert!(
        channels >= 3,
        "unexpected PNG colour type {:?}",
        info.color_type
    );
    let pixels: Vec<[u8; 3]> = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    assert!(
        pixels.len() >= 100 * 100,
        "screenshot too small: {}x{}",
        info.width,
        info.height
    );
    let mut counts = std::collections::HashMap::new();
    for p in &pixels {
        *counts.entry(*p).or_insert(0usize) += 1;
    }
    let background = counts.values().copied().max().unwrap_or(0);
    let other = pixels.len() - background;
    assert!(
        counts.len() > 50,
        "{}: only {} colours",
        png.display(),
        counts.len()
    );
    assert!(
        other * 20 > pixels.len(),
        "{}: {other} of {} pixels differ from the background",
        png.display(),
        pixels.len()
    );
}

chat_card_test_support::needs_chromium! {
#[test]
fn rendered_pages_load_cleanly_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = TempDir::new("preview-browser");

    // Every widget kind, light and dark.
    for (name, theme) in [
        ("every-light.html", Theme::Light),
        ("every-dark.html", Theme::Dark),
    ] {
        let html = preview::html_for_json_themed(EVERY_WIDGET, theme).expect("renders");
        let page = dir.write(name, &html);
        let dom = load_dom(&chromium, &page);
        for kind in WIDGET_KINDS {
            assert!(
                dom.contains(&format!("data-widget=\"{kind}\"")),
                "{name}: no {kind} in the DOM"
            );
        }
        for marker in [
            "data-card-header",
            "data-section",
            "data-accessory",
            "data-carousel-card",
        ] {
            assert!(dom.contains(marker), "{name}: no {marker} in the DOM");
        }
        assert_inert(&dom);
        let png = dir.0.join(name.replace(".html", ".png"));
        chromium.screenshot(&page, &png).expect("screenshot");
        assert_not_blank(&png);
    }

    // The injection cases: nothing executable survives parsing by a real browser.
    let html = preview::html_for_json(INJECTION).expect("renders");
    let page = dir.write("injection.html", &html);
    let dom = load_dom(&chromium, &page);
    assert_inert(&dom);
    let scripts = tags(&dom).iter().filter(|t| t.name == "script").count();
    assert_eq!(scripts, 0, "a <script> element survived");
    assert!(dom.contains("alert(&#39;paragraph&#39;)") || dom.contains("alert('paragraph')"));
    let png = dir.0.join("injection.png");
    chromium.screenshot(&page, &png).expect("screenshot");
    assert_not_blank(&png);

    // The fake-space page.
    let entries = [
        PreviewEntry {
            space: "spaces/AAA".into(),
            thread: Some("alerts".into()),
            json: ALERT.into(),
        },
        PreviewEntry {
            space: "spaces/AAA".into(),
            thread: Some("alerts".into()),
            json: r#"{"text": "*resolved*: db-1 is back"}"#.into(),
        },
        PreviewEntry {
            space: "spaces/BBB".into(),
            thread: None,
            json: INJECTION.into(),
        },
    ];
    let page = dir.write("space.html", &preview::messages_page(&entries));
    let dom = load_dom(&chromium, &page);
    assert!(dom.contains("data-space=\"spaces/AAA\"") && dom.contains("data-space=\"spaces/BBB\""));
    assert!(dom.contains("data-thread=\"alerts\""));
    assert_inert(&dom);
    let png = dir.0.join("space.png");
    chromium.screenshot(&page, &png).expect("screenshot");
    assert_not_blank(&png);
}
}

chat_card_test_support::needs_chromium! {
/// The checks above can fail: a page with a blocked inline script logs a console
/// message, and an empty page's screenshot counts as blank.
#[test]
fn the_browser_checks_detect_problems() {
    let Some(chromium) = chromium() else { return };
    let dir = TempDir::new("preview-browser-controls");
    let bad = dir.write(
        "bad.html",
        &format!(
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\
             </head><body><script>document.title = 'ran'</script>x</body></html>",
            "default-src 'none'"
        ),
    );
    let run = chromium.dump_dom(&bad).expect("runs");
    assert!(
        !unexpected_console(&run).is_empty(),
        "a CSP violation must show up as a console message"
    );
    let empty = dir.write("empty.html", "<!DOCTYPE html><html><body></body></html>");
    let png = dir.0.join("empty.png");
    chromium.screenshot(&empty, &png).expect("screenshot");
    let blank = std::panic::catch_unwind(|| assert_not_blank(&png));
    assert!(blank.is_err(), "an empty page must count as blank");
}
}
