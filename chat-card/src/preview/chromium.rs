//! Headless Chromium: screenshots of preview pages and their DOM after loading.
//!
//! Chromium is found on `PATH` as `chromium`, `chromium-browser`, `google-chrome` or
//! `google-chrome-stable` (or at the path in `CHAT_CARD_CHROMIUM`). Each run gets a
//! fresh profile directory that is removed afterwards, and a time limit.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How to install Chromium, for error messages.
pub const INSTALL_HINT: &str = "install Chromium (Debian/Ubuntu: `apt-get install chromium`; \
     Fedora: `dnf install chromium`; macOS: `brew install --cask chromium`) or set \
     CHAT_CARD_CHROMIUM to the browser's path";

/// What went wrong running Chromium.
#[derive(Debug, thiserror::Error)]
pub enum ChromiumError {
    /// No Chromium on `PATH`.
    #[error(
        "no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH and at CHAT_CARD_CHROMIUM): {INSTALL_HINT}"
    )]
    NotInstalled,
    /// Chromium could not be started, or a file could not be prepared.
    #[error("could not run {what}; check that the path exists and is writable")]
    Io {
        /// What was being done.
        what: String,
        /// The underlying error: the error's `source`, left out of its message.
        source: std::io::Error,
    },
    /// Chromium ran longer than the time limit and was stopped.
    #[error(
        "Chromium did not finish within {0:?}; try again, or raise the limit with `Chromium::timeout`"
    )]
    Timeout(Duration),
    /// Chromium exited without producing what was asked.
    #[error(
        "Chromium failed ({status}): {stderr_tail}; run it by hand with the same flags to see why"
    )]
    Failed {
        /// Exit status.
        status: String,
        /// The last lines Chromium wrote to stderr.
        stderr_tail: String,
    },
}

/// What one Chromium run printed.
#[derive(Clone, Debug, Default)]
pub struct Run {
    /// Standard output (the DOM for [`Chromium::dump_dom`]).
    pub stdout: String,
    /// Standard error (Chromium's log, including console messages).
    pub stderr: String,
}

impl Run {
    /// Console messages and uncaught errors the page produced, from Chromium's log.
    /// A preview page has no script, so any entry here is a problem (for example a
    /// Content-Security-Policy violation).
    pub fn console_messages(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
            .collect()
    }
}

/// A located Chromium binary and how to run it.
#[derive(Clone, Debug)]
pub struct Chromium {
    path: PathBuf,
    offline: bool,
    timeout: Duration,
    window: (u32, u32),
}

/// The first Chromium-like browser on `PATH` (or `CHAT_CARD_CHROMIUM`).
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHAT_CARD_CHROMIUM") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let dirs = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|name| {
        std::env::split_paths(&dirs)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

impl Chromium {
    /// Finds Chromium; [`ChromiumError::NotInstalled`] (with install instructions)
    /// when there is none.
    pub fn locate() -> Result<Self, ChromiumError> {
        let path = find().ok_or(ChromiumError::NotInstalled)?;
        Ok(Chromium {
            path,
            offline: false,
            timeout: Duration::from_secs(60),
            window: (600, 900),
        })
    }

    /// The browser binary.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Blocks every host name but loopback, so a page cannot reach the internet
    /// (for tests).
    pub fn offline(mut self, offline: bool) -> Self {
        self.offline = offline;
        self
    }

    /// Time limit of one run (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Window size in CSS pixels (default 600 × 900): the screenshot's size.
    pub fn window_size(mut self, width: u32, height: u32) -> Self {
        self.window = (width.max(1), height.max(1));
        self
    }

    /// Loads `html` and writes a PNG screenshot of the window to `png`.
    pub fn screenshot(&self, html: &Path, png: &Path) -> Result<Run, ChromiumError> {
        let png = absolute(png)?;
        let run = self.run(html, &[format!("--screenshot={}", png.display())])?;
        if png.is_file() {
            Ok(run)
        } else {
            Err(ChromiumError::Failed {
                status: "no screenshot written".into(),
                stderr_tail: tail(&run.stderr),
            })
        }
    }

    /// Loads `html` and returns the DOM after loading (in [`Run::stdout`]).
    pub fn dump_dom(&self, html: &Path) -> Result<Run, ChromiumError> {
        self.run(html, &["--dump-dom".to_owned()])
    }

    fn run(&self, html: &Path, extra: &[String]) -> Result<Run, ChromiumError> {
        let html = absolute(html)?;
        let url = url::Url::from_file_path(&html).map_err(|()| ChromiumError::Io {
            what: format!("a file URL for {}", html.display()),
            source: std::io::Error::other("not an absolute path"),
        })?;
        let profile = Profile::create()?;
        let mut command = Command::new(&self.path);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--mute-audio",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.0.display()))
            .arg(format!("--window-size={},{}", self.window.0, self.window.1));
        if self.offline {
            command
                .arg("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");
        }
        command
            .args(extra)
            .arg(url.as_str())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().map_err(|source| ChromiumError::Io {
            what: self.path.display().to_string(),
            source,
        })?;
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(ChromiumError::Timeout(self.timeout));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(source) => {
                    return Err(ChromiumError::Io {
                        what: "waiting for Chromium".into(),
                        source,
                    });
                }
            }
        };
        let run = Run {
            stdout: collect(&stdout),
            stderr: collect(&stderr),
        };
        if status.success() {
            Ok(run)
        } else {
            Err(ChromiumError::Failed {
                status: status.to_string(),
                stderr_tail: tail(&run.stderr),
            })
        }
    }
}

fn absolute(path: &Path) -> Result<PathBuf, ChromiumError> {
    std::path::absolute(path).map_err(|source| ChromiumError::Io {
        what: format!("resolving {}", path.display()),
        source,
    })
}

/// Reads a pipe to the end on a thread; the text arrives on the returned channel.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = tx.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    rx
}

/// The drained text, waiting a bounded time (a helper process may hold the pipe).
fn collect(rx: &mpsc::Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(10)).unwrap_or_default()
}

fn tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

/// A fresh Chromium profile directory, removed on drop.
struct Profile(PathBuf);

impl Profile {
    fn create() -> Result<Self, ChromiumError> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "chat-card-chromium-{}-{nanos}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).map_err(|source| ChromiumError::Io {
            what: format!("creating the profile directory {}", dir.display()),
            source,
        })?;
        Ok(Profile(dir))
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
