//! Logs on stderr through `tracing-subscriber`: `-v` shows chat-card's debug events, `-vv`
//! its trace events, `-q` nothing; `RUST_LOG`, when set, wins. Without flags only the
//! pacing warnings show (Redis unavailable): the commands print what they report
//! themselves. No event of the library carries a webhook key or token, an access token,
//! a private key or a Redis password.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use tracing::Level;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

static QUIET: AtomicBool = AtomicBool::new(false);

/// The logging flags, global to every command.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct LogArgs {
    /// Show what chat-card does: -v for debug events (lane waits, attempts, answers), -vv
    /// for trace. RUST_LOG, when set, takes precedence.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Print no logs and no progress bar (results and errors still print).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
}

/// Whether `-q` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Installs the subscriber for these flags.
pub fn init(args: LogArgs) {
    QUIET.store(args.quiet, Ordering::Relaxed);
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(args.verbose > 0);
    let from_env = std::env::var("RUST_LOG").is_ok_and(|v| !v.trim().is_empty());
    if from_env {
        tracing_subscriber::registry()
            .with(fmt)
            .with(EnvFilter::from_default_env())
            .init();
        return;
    }
    let targets = match (args.quiet, args.verbose) {
        (true, _) => Targets::new(),
        (false, 0) => Targets::new().with_target(chat_card::PACING_LOG_TARGET, Level::WARN),
        (false, 1) => Targets::new()
            .with_target("chat_card", Level::DEBUG)
            .with_default(Level::WARN),
        (false, _) => Targets::new()
            .with_target("chat_card", Level::TRACE)
            .with_default(Level::WARN),
    };
    tracing_subscriber::registry()
        .with(fmt)
        .with(targets)
        .init();
}
