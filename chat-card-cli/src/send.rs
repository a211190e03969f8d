//! `chat-card send`: validate messages, then post them to a webhook (or, with
//! `--space`, create them through the Chat API as a Chat app) in order.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chat_card::check::{DocumentKind, check_document};
use chat_card::{ReplyOption, RequestId, SendError, SendOptions, WebhookUrl};
use serde_json::value::RawValue;

use chat_card::error_chain as chain;

use crate::exit::{EXIT_INVALID, EXIT_NOT_DELIVERED, EXIT_REJECTED, fail};
use crate::input;
use crate::terminal::safe_finding;

const AFTER_HELP: &str = "\
Input: --text TEXT, or FILE... (`-` for stdin), each holding one JSON message or JSON Lines
(one message per line). Every message is validated before anything is sent: a message with
an error (something Chat refuses or cannot draw) stops the run before anything is sent;
warnings (parts Chat accepts and ignores) are printed to stderr and the message is sent.
--no-validate skips the check for the rare message the validator gets wrong. Messages are
then sent in order, at most one per second (Chat's per-space quota), with retries.

With --redis URL (or CHAT_CARD_REDIS_URL) every sender that uses the same Redis, in any
process on any machine, shares one schedule per space, so together they keep to the
quota. If Redis is down, messages are still sent, paced in this process only, with one
warning; Redis is used again when it is back.

With --space spaces/SPACE the messages are created through the Chat API as a Chat app
(service-account key from --credentials or GOOGLE_APPLICATION_CREDENTIALS) instead of a
webhook; their names can then be given to `chat-card update` and `chat-card delete`.

Output: one line per delivered message on stdout: its name and its thread name.

Exit codes:
  0  every message was delivered
  2  invalid input: bad URL, option, JSON or message (nothing was sent)
  3  Chat rejected a message permanently (e.g. 400, 403, 404); later ones were not sent,
     unless --keep-going was given (then every refused message is listed at the end)
  4  a message was not delivered after retries (rate limited, unavailable, timeout or
     network error); later ones were not sent";

/// Arguments of `chat-card send`.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The incoming-webhook URL of the space (secret: prefer the environment variable).
    #[arg(
        long,
        env = "CHAT_WEBHOOK_URL",
        hide_env_values = true,
        required_unless_present = "space"
    )]
    webhook: Option<String>,
    /// Create the messages in this space through the Chat API (spaces/SPACE) as a Chat
    /// app, instead of through the webhook.
    #[arg(long, value_name = "spaces/SPACE")]
    space: Option<String>,
    #[command(flatten)]
    api: crate::api::ApiArgs,
    /// Send this text as a message.
    #[arg(long, conflicts_with = "files")]
    text: Option<String>,
    /// Files holding one JSON message or JSON Lines; `-` reads stdin.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Post into the thread with this key (thread.threadKey); replies fall back to a new
    /// thread unless --reply-or-fail is given.
    #[arg(long, value_name = "KEY")]
    thread_key: Option<String>,
    /// Fail (HTTP 404) instead of starting a new thread when the thread does not exist.
    #[arg(long)]
    reply_or_fail: bool,
    /// Custom message id (client- + lowercase letters, digits, hyphens; one message only).
    #[arg(long, value_name = "ID")]
    message_id: Option<String>,
    /// Fixed request id, so a re-run does not post twice (one message only; default: a
    /// random id per message, reused on its retries).
    #[arg(long, value_name = "ID")]
    request_id: Option<String>,
    /// Maximum attempts per message.
    #[arg(long, default_value_t = 5, value_name = "N")]
    max_attempts: u32,
    /// Send without validating the messages first (Chat still refuses what it refuses).
    #[arg(long)]
    no_validate: bool,
    /// Go on past a message Chat refuses for good (4xx), and list every refused message
    /// at the end (exit 3). Without it, the first refusal stops the run.
    #[arg(long)]
    keep_going: bool,
    #[command(flatten)]
    pacing: crate::pacing::PacingArgs,
}

/// One message to send and where it came from.
struct Input {
    origin: String,
    json: Box<RawValue>,
}

/// Runs `chat-card send`.
pub fn run(args: Args) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

/// Where the messages go.
enum Target {
    Webhook(WebhookUrl),
    #[cfg(feature = "chat-api")]
    Space(chat_card::chat_api::SpaceName),
}

fn target(args: &Args) -> Result<Target, u8> {
    if let Some(space) = &args.space {
        #[cfg(feature = "chat-api")]
        return space
            .parse()
            .map(Target::Space)
            .map_err(|e| fail(EXIT_INVALID, chain(&e)));
        #[cfg(not(feature = "chat-api"))]
        {
            let _ = (space, &args.api);
            return Err(crate::api::not_built());
        }
    }
    let webhook = args.webhook.as_deref().ok_or_else(|| {
        fail(
            EXIT_INVALID,
            "give --webhook URL (or CHAT_WEBHOOK_URL), or --space spaces/SPACE with --credentials",
        )
    })?;
    webhook
        .parse()
        .map(Target::Webhook)
        .map_err(|e| fail(EXIT_INVALID, chain(&e)))
}

fn run_inner(args: Args) -> Result<(), u8> {
    let target = target(&args)?;
    let inputs = load(&args)?;
    if inputs.len() > 1 && (args.message_id.is_some() || args.request_id.is_some()) {
        return Err(fail(
            EXIT_INVALID,
            format!(
                "--message-id and --request-id apply to one message, but {} were given; send them one by one",
                inputs.len()
            ),
        ));
    }
    if !args.no_validate {
        validate(&inputs)?;
    }
    let mut options = SendOptions::new();
    if let Some(key) = &args.thread_key {
        options = options.thread_key(key.clone());
    }
    if args.reply_or_fail {
        options = options.reply(ReplyOption::ReplyOrFail);
    }
    if let Some(id) = &args.message_id {
        options = options.message_id(id.clone());
    }
    if let Some(id) = &args.request_id {
        options = options.request_id(RequestId::Fixed(id.clone()));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(1, format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(send_all(&args, &target, &inputs, &options))
}

/// A posted message's name and thread, and how it went.
struct Posted {
    name: String,
    thread_name: Option<String>,
    attempts: u32,
    rate_limited: u32,
}

/// A message Chat refused for good, kept for the report at the end (`--keep-going`).
struct Refused {
    origin: String,
    code: u8,
    error: String,
}

async fn send_all(
    args: &Args,
    target: &Target,
    inputs: &[Input],
    options: &SendOptions,
) -> Result<(), u8> {
    let sender = args
        .pacing
        .builder()?
        .max_attempts(args.max_attempts)
        .validate(!args.no_validate)
        .build()
        .map_err(|e| fail(1, chain(&e)))?;
    #[cfg(feature = "chat-api")]
    let api = match target {
        Target::Space(_) => Some(crate::api::client(&args.api, sender.clone())?),
        Target::Webhook(_) => None,
    };
    let bar = crate::progress::bar(inputs.len());
    let (mut retries, mut rate_limited) = (0u32, 0u32);
    let mut refused: Vec<Refused> = Vec::new();
    let mut stdout = std::io::stdout();
    for (i, input) in inputs.iter().enumerate() {
        bar.set_message(crate::progress::counts(rate_limited, retries));
        let result: Result<Posted, (u8, String)> = match target {
            Target::Webhook(url) => sender
                .send(url, &input.json, options)
                .await
                .map(|d| Posted {
                    name: d.name,
                    thread_name: d.thread_name,
                    attempts: d.attempts,
                    rate_limited: d.rate_limited,
                })
                .map_err(|e| (exit_code(&e), chain(&e).to_string())),
            #[cfg(feature = "chat-api")]
            Target::Space(space) => match &api {
                Some(api) => api
                    .create(space, &input.json, options)
                    .await
                    .map(|m| Posted {
                        name: m.name,
                        thread_name: m.thread_name,
                        attempts: m.attempts,
                        rate_limited: 0,
                    })
                    .map_err(|e| (crate::api::exit_code(&e), chain(&e).to_string())),
                None => Err((1, "the Chat API client is missing".to_owned())),
            },
        };
        match result {
            Ok(delivery) => {
                retries += delivery.attempts.saturating_sub(1);
                rate_limited += delivery.rate_limited;
                let _ = writeln!(
                    stdout,
                    "{}\t{}",
                    delivery.name,
                    delivery.thread_name.as_deref().unwrap_or("-")
                );
                let _ = stdout.flush();
            }
            Err((code, error)) if code == EXIT_REJECTED && args.keep_going => {
                bar.suspend(|| eprintln!("error: {}: {error}", input.origin));
                refused.push(Refused {
                    origin: input.origin.clone(),
                    code,
                    error,
                });
            }
            Err((code, e)) => {
                bar.finish_and_clear();
                eprintln!("error: {}: {e}", input.origin);
                if inputs.len() > 1 {
                    eprintln!(
                        "delivered {} of {} message(s); the rest were not sent",
                        i - refused.len(),
                        inputs.len()
                    );
                }
                report_refused(&refused);
                return Err(code);
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if refused.is_empty() {
        return Ok(());
    }
    report_refused(&refused);
    eprintln!(
        "delivered {} of {} message(s); {} refused by Chat",
        inputs.len() - refused.len(),
        inputs.len(),
        refused.len()
    );
    Err(refused.first().map_or(EXIT_REJECTED, |r| r.code))
}

/// Lists the messages Chat refused (with `--keep-going`), once all were tried.
fn report_refused(refused: &[Refused]) {
    if refused.is_empty() {
        return;
    }
    eprintln!("{} message(s) were refused by Chat:", refused.len());
    for r in refused {
        eprintln!("  {}: {}", r.origin, r.error);
    }
}

fn exit_code(e: &SendError) -> u8 {
    match e {
        SendError::Rejected { .. } => EXIT_REJECTED,
        e if e.is_permanent() => EXIT_INVALID,
        _ => EXIT_NOT_DELIVERED,
    }
}

fn load(args: &Args) -> Result<Vec<Input>, u8> {
    if let Some(text) = &args.text {
        let json = serde_json::to_string(&serde_json::json!({ "text": text }))
            .and_then(RawValue::from_string)
            .map_err(|e| fail(EXIT_INVALID, e))?;
        return Ok(vec![Input {
            origin: "--text".into(),
            json,
        }]);
    }
    if args.files.is_empty() {
        return Err(fail(
            EXIT_INVALID,
            "nothing to send: give --text TEXT, or FILE... (`-` reads stdin) holding JSON messages",
        ));
    }
    let mut inputs = Vec::new();
    for path in &args.files {
        let name = input::display_name(path);
        let text =
            input::read_text(path).map_err(|e| fail(EXIT_INVALID, format!("{name}: {e}")))?;
        split_messages(&name, &text, &mut inputs)?;
    }
    if inputs.is_empty() {
        return Err(fail(EXIT_INVALID, "the input holds no message"));
    }
    Ok(inputs)
}

/// One JSON document, or JSON Lines (one message per non-blank line).
fn split_messages(name: &str, text: &str, out: &mut Vec<Input>) -> Result<(), u8> {
    if let Ok(json) = serde_json::from_str::<Box<RawValue>>(text) {
        out.push(Input {
            origin: name.to_owned(),
            json,
        });
        return Ok(());
    }
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = format!("{name}:{}", i + 1);
        let json = serde_json::from_str::<Box<RawValue>>(line).map_err(|e| {
            fail(
                EXIT_INVALID,
                format!(
                    "{origin}: not JSON ({e}); a file holds one JSON message or one message per line"
                ),
            )
        })?;
        out.push(Input { origin, json });
    }
    Ok(())
}

fn validate(inputs: &[Input]) -> Result<(), u8> {
    let mut bad = 0;
    for input in inputs {
        match check_document(input.json.get()) {
            Ok(report) if report.kind == DocumentKind::Card => {
                eprintln!(
                    "{}: this is a bare card, not a message: wrap it as \
                     {{\"cardsV2\": [{{\"cardId\": \"card\", \"card\": CARD}}]}}",
                    input.origin
                );
                bad += 1;
            }
            Ok(report) => {
                for f in &report.findings {
                    eprintln!("{}: {}", input.origin, safe_finding(f));
                }
                if report.has_errors() {
                    bad += 1;
                }
            }
            Err(e) => {
                eprintln!("{}: not JSON: {}", input.origin, e.message);
                bad += 1;
            }
        }
    }
    if bad > 0 {
        return Err(fail(
            EXIT_INVALID,
            format!("{bad} message(s) are invalid; nothing was sent. Fix them and run again"),
        ));
    }
    Ok(())
}
