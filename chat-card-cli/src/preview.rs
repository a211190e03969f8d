//! `chat-card preview FILE|- [-o page.html] [--png shot.png] [--dark]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chat_card::preview::{self, Theme, chromium::Chromium};

use chat_card::error_chain as chain;

use crate::input;
use crate::terminal::safe;

/// Draw a message or card JSON as an HTML page (and optionally a PNG screenshot).
#[derive(clap::Args)]
pub struct Args {
    /// The JSON file (a message or a bare card), or `-` for standard input.
    input: String,
    /// Write the page here instead of to standard output.
    #[arg(short, long, value_name = "PAGE.html")]
    output: Option<PathBuf>,
    /// Also take a screenshot with headless Chromium and write it here.
    #[arg(long, value_name = "SHOT.png")]
    png: Option<PathBuf>,
    /// Use the dark theme (default: follow the viewer's colour scheme; light in screenshots).
    #[arg(long)]
    dark: bool,
    /// Use the light theme.
    #[arg(long, conflicts_with = "dark")]
    light: bool,
    /// Browser window size for --png, as WIDTH,HEIGHT; the picture is then cropped to the
    /// messages, so the height only needs to fit them.
    #[arg(long, value_name = "W,H", default_value = "600,4000", value_parser = parse_size)]
    window_size: (u32, u32),
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let parsed = text
        .split_once([',', 'x'])
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)));
    match parsed {
        Some((w, h)) if (100..=10_000).contains(&w) && (100..=20_000).contains(&h) => Ok((w, h)),
        _ => Err(format!(
            "`{text}` is not a window size: write WIDTH,HEIGHT in pixels, like 600,900"
        )),
    }
}

pub fn run(args: Args) -> ExitCode {
    let name = input::display_name(Path::new(&args.input));
    let text = match input::read_text(Path::new(&args.input)) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("chat-card preview: {name}: {e}");
            return ExitCode::from(2);
        }
    };
    let theme = if args.dark {
        Theme::Dark
    } else if args.light {
        Theme::Light
    } else {
        Theme::Auto
    };
    let page = match preview::html_for_json_themed(&text, theme) {
        Ok(page) => page,
        Err(e) => {
            eprintln!(
                "chat-card preview: {name}: {}",
                safe(&chain(&e).to_string())
            );
            return ExitCode::from(2);
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &page) {
                eprintln!(
                    "chat-card preview: cannot write {}: {e}; check that the directory exists",
                    safe(&path.display().to_string())
                );
                return ExitCode::from(2);
            }
        }
        None if args.png.is_none() => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(page.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
        }
        None => {}
    }
    match &args.png {
        Some(png) => screenshot(&page, args.output.as_deref(), png, args.window_size),
        None => ExitCode::SUCCESS,
    }
}

/// Screenshots the page: from the `-o` file when there is one, else from a temporary copy.
pub(crate) fn screenshot(
    page: &str,
    written: Option<&Path>,
    png: &Path,
    size: (u32, u32),
) -> ExitCode {
    let chromium = match Chromium::locate() {
        Ok(chromium) => chromium.window_size(size.0, size.1),
        Err(e) => {
            eprintln!(
                "chat-card preview: cannot take the screenshot: {}",
                chain(&e)
            );
            return ExitCode::from(3);
        }
    };
    let temp;
    let html = match written {
        Some(path) => path.to_path_buf(),
        None => {
            temp = TempPage::write(page);
            match &temp {
                Ok(t) => t.0.clone(),
                Err(e) => {
                    eprintln!(
                        "chat-card preview: cannot write a temporary page: {e}; use -o page.html"
                    );
                    return ExitCode::from(2);
                }
            }
        }
    };
    match chromium.screenshot(&html, png) {
        Ok(_) => {
            if let Err(e) = crate::crop::crop_to_content(png) {
                eprintln!(
                    "chat-card preview: the screenshot was written uncropped ({e}): {}",
                    png.display()
                );
                return ExitCode::SUCCESS;
            }
            eprintln!("chat-card preview: wrote {}", png.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "chat-card preview: cannot take the screenshot: {}",
                chain(&e)
            );
            ExitCode::from(3)
        }
    }
}

/// A page written to the temporary directory, removed on drop.
struct TempPage(PathBuf);

impl TempPage {
    fn write(page: &str) -> std::io::Result<Self> {
        let path = std::env::temp_dir().join(format!(
            "chat-card-preview-{}-{}.html",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        ));
        std::fs::write(&path, page)?;
        Ok(TempPage(path))
    }
}

impl Drop for TempPage {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
