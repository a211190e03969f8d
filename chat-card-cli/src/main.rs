//! The `chat-card` command-line tool.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod api;
mod check;
mod crop;
mod delete;
mod exit;
mod fake_space;
mod import;
mod input;
mod limits;
mod logging;
mod pacing;
mod preview;
mod progress;
mod relay;
mod relay_args;
mod relay_flags;
mod relay_queue;
mod relay_render;
mod send;
mod terminal;
mod update;

/// Check, send and try Google Chat card messages.
#[derive(Parser)]
#[command(name = "chat-card", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    log: logging::LogArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Validate message or card JSON files against Google Chat's card rules.
    Check(check::Args),
    /// Send messages to a Google Chat incoming webhook (or, with --space, through the
    /// Chat API as a Chat app).
    Send(send::Args),
    /// Update a message in place through the Chat API (text, cards), by its name.
    Update(update::Args),
    /// Delete messages through the Chat API, by name.
    Delete(delete::Args),
    /// Run a fake Chat space on 127.0.0.1 to try messages without a real space.
    FakeSpace(fake_space::Args),
    /// Draw a message or card as an HTML page (and a PNG with headless Chromium).
    Preview(preview::Args),
    /// Print the `card!` or `message!` source that builds a JSON message or card.
    Import(import::Args),
    /// Run a webhook relay: tools post to it as to a webhook; it keeps every message on
    /// disk, paces each space under the quota and delivers with retries.
    Relay(relay::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The relay, a server, sets up its own logs (info by default, --log-json).
    if !matches!(cli.command, Command::Relay(_)) {
        logging::init(cli.log);
    }
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Send(args) => send::run(args),
        Command::Update(args) => update::run(args),
        Command::Delete(args) => delete::run(args),
        Command::FakeSpace(args) => fake_space::run(args),
        Command::Preview(args) => preview::run(args),
        Command::Import(args) => import::run(args),
        Command::Relay(args) => relay::run(args),
    }
}
