//! `chat-card delete`: delete messages through the Chat API.

use std::process::ExitCode;

use crate::api::ApiArgs;

const AFTER_HELP: &str = "\
NAME is spaces/SPACE/messages/ID (as printed by `chat-card send --space`) or
spaces/SPACE/messages/client-ID (the --message-id given at creation). Several names are
deleted in order; the first failure stops.

Exit codes: 0 deleted; 2 invalid input; 3 refused (e.g. 404: no such message); 4 not
done after retries.";

/// Arguments of `chat-card delete`.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The messages: spaces/SPACE/messages/ID or spaces/SPACE/messages/client-ID.
    #[arg(value_name = "NAME", required = true)]
    names: Vec<String>,
    /// Maximum attempts per message.
    #[arg(long, default_value_t = 5, value_name = "N")]
    max_attempts: u32,
    #[command(flatten)]
    api: ApiArgs,
    #[command(flatten)]
    pacing: crate::pacing::PacingArgs,
}

/// Runs `chat-card delete`.
pub fn run(args: Args) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

#[cfg(feature = "chat-api")]
fn run_inner(args: Args) -> Result<(), u8> {
    use chat_card::chat_api::MessageName;

    use crate::api::{exit_code, with_client};
    use crate::exit::{EXIT_INVALID, fail};
    use chat_card::error_chain as chain;

    let names = args
        .names
        .iter()
        .map(|n| n.parse::<MessageName>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(EXIT_INVALID, chain(&e)))?;
    with_client(&args.api, &args.pacing, args.max_attempts, async |api| {
        for name in &names {
            if let Err(e) = api.delete(name).await {
                return Err(fail(exit_code(&e), format!("{name}: {}", chain(&e))));
            }
            println!("deleted {name}");
        }
        Ok(())
    })
}

#[cfg(not(feature = "chat-api"))]
fn run_inner(args: Args) -> Result<(), u8> {
    let _ = (&args.names, args.max_attempts, &args.api, &args.pacing);
    Err(crate::api::not_built())
}
