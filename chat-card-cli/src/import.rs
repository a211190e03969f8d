//! `chat-card import FILE | -`: print the `card!` / `message!` source of a JSON message or
//! card.

use std::path::PathBuf;
use std::process::ExitCode;

use chat_card::check::Finding;
use chat_card::import::{ImportError, ImportOptions, to_source};

use chat_card::error_chain as chain;

use crate::input;
use crate::terminal::{safe, safe_finding};

const AFTER_HELP: &str = "\
A bare card (`{\"header\": …, \"sections\": […]}`) becomes `card! { … }`, a message
`message! { … }`. The source uses the language's short forms (widget keywords, positional
values, `link:` and the other shorthands, enum names, colours as \"#rrggbb\") and builds the
same JSON; see the `chat_card::import` documentation for the few normalisations (snake_case
keys become camelCase, enum numbers become names).

A message with warnings is imported (they are printed on standard error, and the macro
repeats them as compiler warnings). Forms only Google's front end accepts are written in
their proper form, with a comment saying so: a bool written as a string becomes the bool,
one object where a list belongs a list of one; the legacy `previewText` is left out. A
message with errors is refused.

Exit status: 0 when the source was printed, 1 when the message has errors or holds
something the language cannot write (the JSON path and the reason are printed), 2 when
the file cannot be read or is not JSON, or --fn is not a Rust identifier.";

/// Print the `card!` or `message!` source that builds a JSON message or card.
#[derive(clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct Args {
    /// A JSON file holding a message or a bare card; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Wrap the source in `fn NAME() -> Result<chat_card::JsonMessage, chat_card::BuildError>`.
    #[arg(long = "fn", value_name = "NAME")]
    function: Option<String>,
}

/// Runs `chat-card import`.
pub fn run(args: Args) -> ExitCode {
    let name = input::display_name(&args.file);
    let text = match input::read_text(&args.file) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {name}: {message}");
            return ExitCode::from(2);
        }
    };
    let options = ImportOptions {
        function: args.function,
    };
    match to_source(&text, &options) {
        Ok(source) => {
            if let Ok(report) = chat_card::check::check_document(&text) {
                for warning in report.warnings() {
                    print_finding(&name, warning);
                }
            }
            print!("{source}");
            ExitCode::SUCCESS
        }
        Err(ImportError::Invalid(findings)) => {
            let errors = findings.iter().filter(|f| f.is_error()).count();
            eprintln!(
                "error: {name}: the message has {errors} error{}; fix {} (see `chat-card check`) and import again",
                if errors == 1 { "" } else { "s" },
                if errors == 1 { "it" } else { "them" }
            );
            for finding in &findings {
                print_finding(&name, finding);
            }
            ExitCode::from(1)
        }
        Err(e @ ImportError::Inexpressible { .. }) => {
            eprintln!("error: {name}: {}", safe(&chain(&e).to_string()));
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {name}: {}", safe(&chain(&e).to_string()));
            ExitCode::from(2)
        }
    }
}

fn print_finding(name: &str, finding: &Finding) {
    eprintln!("{name}:{}", safe_finding(finding));
}
