//! `chat-card update`: change a message's text or cards in place through the Chat API.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::api::ApiArgs;
use crate::exit::{EXIT_INVALID, fail};
use crate::input;

const AFTER_HELP: &str = "\
NAME is spaces/SPACE/messages/ID (as printed by `chat-card send --space`) or
spaces/SPACE/messages/client-ID (the --message-id given at creation).

The new content is --text TEXT and/or FILE (`-` for stdin) holding one JSON message; its
text, cardsV2 and accessoryWidgets replace the message's (the update mask is computed from
what is given, or set with --mask). It is validated before anything is sent.

Output: the message's name on stdout.

Exit codes: 0 updated; 2 invalid input; 3 refused (e.g. 404: no such message, 403: not
the app's message); 4 not done after retries.";

/// Arguments of `chat-card update`.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The message: spaces/SPACE/messages/ID or spaces/SPACE/messages/client-ID.
    #[arg(value_name = "NAME")]
    name: String,
    /// New text (with a FILE too, replaces the file's text).
    #[arg(long)]
    text: Option<String>,
    /// A file holding one JSON message with the new text / cards; `-` reads stdin.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// The update mask (e.g. `text,cards_v2`; `text` alone with no text clears it).
    #[arg(long, value_name = "PATHS")]
    mask: Option<String>,
    /// Create the message when it does not exist (client-assigned names only).
    #[arg(long)]
    allow_missing: bool,
    /// Maximum attempts.
    #[arg(long, default_value_t = 5, value_name = "N")]
    max_attempts: u32,
    #[command(flatten)]
    api: ApiArgs,
    #[command(flatten)]
    pacing: crate::pacing::PacingArgs,
}

/// Runs `chat-card update`.
pub fn run(args: Args) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

/// The JSON message of FILE (or stdin), if given.
fn read_file(file: Option<&PathBuf>) -> Result<Option<serde_json::Value>, u8> {
    let Some(path) = file else {
        return Ok(None);
    };
    let name = input::display_name(path);
    let text = input::read_text(path).map_err(|e| fail(EXIT_INVALID, format!("{name}: {e}")))?;
    serde_json::from_str(&text).map(Some).map_err(|e| {
        fail(
            EXIT_INVALID,
            format!("{name}: not JSON ({e}); give one JSON message such as {{\"text\": \"…\"}}"),
        )
    })
}

#[cfg(feature = "chat-api")]
fn run_inner(args: Args) -> Result<(), u8> {
    use chat_card::chat_api::{MessageName, MessageUpdate};

    use crate::api::{exit_code, with_client};
    use chat_card::error_chain as chain;

    let name: MessageName = args
        .name
        .parse()
        .map_err(|e| fail(EXIT_INVALID, chain(&e)))?;
    let mut update = match read_file(args.file.as_ref())? {
        Some(message) => {
            MessageUpdate::from_message(&message).map_err(|e| fail(EXIT_INVALID, chain(&e)))?
        }
        None => MessageUpdate::new(),
    };
    if let Some(text) = &args.text {
        update = update.text(text.clone());
    }
    if let Some(mask) = &args.mask {
        update = update.update_mask(mask.clone());
    }
    update = update.allow_missing(args.allow_missing);
    if update.mask().is_empty() {
        return Err(fail(
            EXIT_INVALID,
            "nothing to update: give --text TEXT and/or FILE (`-` for stdin) with the new content",
        ));
    }
    with_client(
        &args.api,
        &args.pacing,
        args.max_attempts,
        async |api| match api.update(&name, &update).await {
            Ok(message) => {
                println!("{}", message.name);
                Ok(())
            }
            Err(e) => Err(fail(exit_code(&e), chain(&e))),
        },
    )
}

#[cfg(not(feature = "chat-api"))]
fn run_inner(args: Args) -> Result<(), u8> {
    let _ = (
        &args.name,
        &args.text,
        &args.mask,
        args.allow_missing,
        args.max_attempts,
        &args.api,
        &args.pacing,
    );
    read_file(args.file.as_ref())?;
    Err(crate::api::not_built())
}
