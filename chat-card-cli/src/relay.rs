//! `chat-card relay`: run the webhook relay until SIGTERM or Ctrl-C.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chat_card_relay::{
    DEFAULT_DEAD_LETTER_MAX_COUNT, DEFAULT_MAX_QUEUE, DEFAULT_UPSTREAM, Relay, RelayBuilder,
    RelayError,
};

use crate::limits::ServeArgs;
use crate::pacing::PacingArgs;
use crate::relay_queue::QueueArgs;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// Arguments of `chat-card relay`.
#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0 picks a free one; the address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Directory of the message queue (created mode 0700 when missing; an existing one
    /// must be private to the relay's user: it holds webhook credentials). Not used with
    /// --queue redis.
    #[arg(long, value_name = "DIR")]
    state: PathBuf,
    /// Serve /metrics and /relay/dead on this address instead of --listen (which keeps
    /// /healthz).
    #[arg(long, value_name = "ADDR")]
    ops_listen: Option<SocketAddr>,
    /// A file holding a token that /metrics and /relay/dead then need
    /// (`Authorization: Bearer TOKEN`); also from CHAT_CARD_RELAY_OPS_TOKEN. Without a
    /// token or --ops-listen, /relay/dead (message bodies) is not served.
    #[arg(long, value_name = "FILE")]
    ops_token_file: Option<PathBuf>,
    /// Timeouts and the connection cap of both listeners.
    #[command(flatten)]
    serve: ServeArgs,
    /// How long dead letters are kept after they failed, in days.
    #[arg(long, value_name = "DAYS", default_value_t = 30.0)]
    dead_max_age_days: f64,
    /// How many dead letters are kept (the newest).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEAD_LETTER_MAX_COUNT)]
    dead_max_count: usize,
    /// Where messages go. Plain http only for loopback hosts (a fake space).
    #[arg(long, value_name = "URL", default_value = DEFAULT_UPSTREAM)]
    upstream: String,
    /// How long a request waits for Chat's answer before it gets 202 with its place in
    /// the queue, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    wait: f64,
    /// How many messages may wait before new posts get 429 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_QUEUE)]
    max_queue: usize,
    /// Pacing: --redis shares each space's schedule with other relays and senders.
    #[command(flatten)]
    pacing: PacingArgs,
    /// The queue: SQLite in --state, or Redis Streams shared by several relays.
    #[command(flatten)]
    queue: QueueArgs,
    /// A Chat app's service-account key (JSON): Alertmanager cards are then posted as
    /// the app through the Chat API and updated in place (to "resolved") instead of
    /// replied to. Needs the `chat-api` feature.
    #[arg(long, value_name = "KEY.json")]
    credentials: Option<PathBuf>,
    /// The Chat API endpoint for --credentials (default https://chat.googleapis.com;
    /// plain http only for 127.0.0.1 / localhost, e.g. a fake space).
    #[arg(long, value_name = "URL", requires = "credentials")]
    api_base: Option<String>,
    /// Write the logs as JSON lines (one object per event, its fields as keys) instead of
    /// text.
    #[arg(long)]
    log_json: bool,
}

/// The environment variable holding the operations token (instead of
/// `--ops-token-file`).
const OPS_TOKEN_ENV: &str = "CHAT_CARD_RELAY_OPS_TOKEN";

/// The operations token from `--ops-token-file` or the environment, if any.
fn ops_token(args: &Args) -> Result<Option<String>, String> {
    let token = match &args.ops_token_file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            format!(
                "--ops-token-file {}: cannot read the token: {e}",
                path.display()
            )
        })?,
        None => match std::env::var(OPS_TOKEN_ENV) {
            Ok(t) => t,
            Err(_) => return Ok(None),
        },
    };
    let token = token.trim().to_owned();
    if token.is_empty() {
        return Err(format!(
            "the operations token (--ops-token-file or {OPS_TOKEN_ENV}) is empty; put a long \
             random token in it, e.g. from `openssl rand -hex 32`"
        ));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "the operations token (--ops-token-file or {OPS_TOKEN_ENV}) must be one word \
             without spaces or line breaks, as sent in `Authorization: Bearer TOKEN`"
        ));
    }
    Ok(Some(token))
}

/// Runs `chat-card relay`.
pub fn run(args: Args) -> ExitCode {
    init_logs(args.log_json);
    if !args.wait.is_finite() || args.wait < 0.0 || args.wait > 3600.0 {
        eprintln!(
            "error: --wait must be between 0 and 3600 seconds, got {}",
            args.wait
        );
        return ExitCode::from(2);
    }
    if !args.dead_max_age_days.is_finite()
        || args.dead_max_age_days < 0.0
        || args.dead_max_age_days > 36_500.0
    {
        eprintln!(
            "error: --dead-max-age-days must be between 0 and 36500 days, got {}",
            args.dead_max_age_days
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(args))
}

/// Logs to stderr, as text or JSON lines; `RUST_LOG` chooses the level (default info).
/// The HTTP libraries stay at info or quieter whatever `RUST_LOG` says: their trace output
/// could show request lines.
fn init_logs(json: bool) {
    let mut filter = EnvFilter::builder()
        .with_default_directive(LevelFilter::INFO.into())
        .from_env_lossy();
    for quiet in [
        "hyper",
        "hyper_util",
        "h2",
        "reqwest",
        "rustls",
        "axum",
        "tower",
        "tower_http",
    ] {
        if let Ok(d) = format!("{quiet}=info").parse() {
            filter = filter.add_directive(d);
        }
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

fn with_chat_api(builder: RelayBuilder, args: &Args) -> Result<RelayBuilder, String> {
    let Some(path) = &args.credentials else {
        return Ok(builder);
    };
    let key = chat_card::chat_api::ServiceAccountKey::from_file(path)
        .map_err(|e| format!("--credentials {}: {e}", path.display()))?;
    Ok(builder.chat_api(key, args.api_base.clone()))
}

/// A relay's start-up error, led by the flag that set what it is about: the library
/// speaks of the upstream, the listen address and the state directory; the tool names
/// `--upstream`, `--listen` and `--state`.
fn with_flag(e: &RelayError, args: &Args) -> String {
    let error = chat_card::error_chain(e);
    match e {
        RelayError::InvalidUpstream { .. } => format!("--upstream: {error}"),
        RelayError::Listen { addr, .. } if Some(*addr) == args.ops_listen => {
            format!("--ops-listen {addr}: {error}")
        }
        RelayError::Listen { .. } => format!("--listen {}: {error}", args.listen),
        RelayError::Store(_) if args.queue.is_redis() => {
            format!("--queue redis (--redis / CHAT_CARD_REDIS_URL): {error}")
        }
        RelayError::Store(_) => format!("--state {}: {error}", args.state.display()),
        RelayError::ChatApi(_) => format!("--credentials / --api-base: {error}"),
        _ => error.to_string(),
    }
}

async fn serve(args: Args) -> ExitCode {
    let limits = match args.serve.limits() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let sender = match args.pacing.builder() {
        Ok(s) => s,
        Err(code) => return ExitCode::from(code),
    };
    let builder = Relay::builder(&args.state)
        .listen(args.listen)
        .upstream(args.upstream.clone())
        .wait(Duration::from_secs_f64(args.wait))
        .max_queue(args.max_queue)
        .dead_letter_max_age(Duration::from_secs_f64(args.dead_max_age_days * 86_400.0))
        .dead_letter_max_count(args.dead_max_count)
        .serve_limits(limits)
        .sender(sender);
    let builder = match ops_token(&args) {
        Ok(Some(token)) => builder.ops_token(token),
        Ok(None) => builder,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let builder = match args.ops_listen {
        Some(addr) => builder.ops_listen(addr),
        None => builder,
    };
    let builder = match args.queue.apply(builder, &args.pacing) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let builder = match with_chat_api(builder, &args) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let relay = builder.start().await;
    let relay = match relay {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", with_flag(&e, &args));
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "chat-card relay listening on http://{}\n\
         Point a tool at it by changing only the host of its webhook URL:\n  \
         http://{}/v1/spaces/SPACE/messages?key=KEY&token=TOKEN\n\
         Alertmanager: http://{}/alertmanager/SPACE?key=KEY&token=TOKEN",
        relay.local_addr(),
        relay.local_addr(),
        relay.local_addr()
    );
    if let Some(ops) = relay.ops_addr() {
        let _ = writeln!(out, "Operations (/metrics, /relay/dead) on http://{ops}");
    }
    let _ = out.flush();
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot watch for SIGTERM: {e}");
            relay.shutdown().await;
            return ExitCode::FAILURE;
        }
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    relay.shutdown().await;
    ExitCode::SUCCESS
}
