//! `chat-card relay`: run the webhook relay until SIGTERM or Ctrl-C.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use chat_card::SenderBuilder;
use chat_card_relay::{Relay, RelayBuilder, RelayConfig, RelayError};
use tokio::signal::unix::SignalKind;

use crate::limits::ServeArgs;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// Arguments of `chat-card relay`. Every setting can also come from the config file
/// (`--config`); a flag given here wins over the file.
#[derive(clap::Args)]
pub struct Args {
    /// What to do instead of running the relay.
    #[command(subcommand)]
    pub(crate) command: Option<RelayCommand>,
    /// The relay's config file (TOML): settings, named spaces and routes
    /// (`POST /hooks/NAME`). SIGHUP re-reads it and the templates.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free one; the address is printed)
    /// [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    pub(crate) listen: Option<SocketAddr>,
    /// Directory of the message queue (created mode 0700 when missing; an existing one
    /// must be private to the relay's user: it holds webhook credentials). Required here
    /// or as `state` in the config file, except with --queue redis (which keeps nothing
    /// on disk).
    #[arg(long, value_name = "DIR")]
    pub(crate) state: Option<PathBuf>,
    /// Serve /metrics and /relay/dead on this address instead of --listen (which keeps
    /// /healthz).
    #[arg(long, value_name = "ADDR")]
    pub(crate) ops_listen: Option<SocketAddr>,
    /// A file holding a token that /metrics and /relay/dead then need
    /// (`Authorization: Bearer TOKEN`); also from CHAT_CARD_RELAY_OPS_TOKEN. Without a
    /// token or --ops-listen, /relay/dead (message bodies) is not served.
    #[arg(long, value_name = "FILE")]
    pub(crate) ops_token_file: Option<PathBuf>,
    /// Timeouts and the connection cap of both listeners.
    #[command(flatten)]
    pub(crate) serve: ServeArgs,
    /// How long dead letters are kept after they failed, in days [default: 30].
    #[arg(long, value_name = "DAYS")]
    pub(crate) dead_max_age_days: Option<f64>,
    /// How many dead letters are kept (the newest) [default: 10000].
    #[arg(long, value_name = "N")]
    pub(crate) dead_max_count: Option<usize>,
    /// Where messages go. Plain http only for loopback hosts (a fake space)
    /// [default: https://chat.googleapis.com].
    #[arg(long, value_name = "URL")]
    pub(crate) upstream: Option<String>,
    /// How long a request waits for Chat's answer before it gets 202 with its place in
    /// the queue, in seconds [default: 10].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) wait: Option<f64>,
    /// How many messages may wait before new posts get 429 with Retry-After
    /// [default: 10000].
    #[arg(long, value_name = "N")]
    pub(crate) max_queue: Option<usize>,
    /// Pacing: --redis shares each space's schedule with other relays and senders.
    #[command(flatten)]
    pub(crate) pacing: RelayPacingArgs,
    /// The queue: SQLite in --state, or Redis Streams shared by several relays.
    #[command(flatten)]
    pub(crate) queue: crate::relay_queue::QueueArgs,
    /// A Chat app's service-account key (JSON): Alertmanager cards are then posted as
    /// the app through the Chat API and updated in place (to "resolved") instead of
    /// replied to, and config spaces may name `space = "spaces/…"`. Needs the
    /// `chat-api` feature.
    #[arg(long, value_name = "KEY.json")]
    pub(crate) credentials: Option<PathBuf>,
    /// The Chat API endpoint for --credentials (default https://chat.googleapis.com;
    /// plain http only for 127.0.0.1 / localhost, e.g. a fake space).
    #[arg(long, value_name = "URL")]
    pub(crate) api_base: Option<String>,
    /// Write the logs as JSON lines (one object per event, its fields as keys) instead of
    /// text.
    #[arg(long)]
    pub(crate) log_json: bool,
}

/// The relay's subcommands.
#[derive(clap::Subcommand)]
pub(crate) enum RelayCommand {
    /// Print exactly the message(s) a route would send for a payload (stdout), and its
    /// findings (stderr); exit 1 when the route's template would fall back to the
    /// built-in layout.
    Render(Box<crate::relay_render::RenderArgs>),
    /// Print a built-in template, to start a custom one from.
    Template(crate::relay_render::TemplateArgs),
}

/// The relay's pacing options. No `Debug`: the Redis URL is a secret.
#[derive(clap::Args, Clone)]
pub struct RelayPacingArgs {
    /// Share pacing with every sender, in any process on any machine, that uses this
    /// Redis: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]. Secret: prefer the environment
    /// variable (or `redis_url_env` in the config file). If Redis cannot be reached,
    /// messages are still sent, paced in this process only, with one warning.
    #[arg(
        long,
        value_name = "URL",
        env = "CHAT_CARD_REDIS_URL",
        hide_env_values = true
    )]
    pub(crate) redis: Option<String>,
    /// --redis names the nodes of a Redis Cluster: one URL, or several separated by
    /// commas.
    #[arg(long, env = "CHAT_CARD_REDIS_CLUSTER")]
    pub(crate) redis_cluster: bool,
    /// Minimum time between two requests to one space, in milliseconds (Chat allows one
    /// request per second per space) [default: 1000].
    #[arg(long, value_name = "MS")]
    pub(crate) per_space_interval_ms: Option<u64>,
}

/// The environment variable holding the operations token (instead of
/// `--ops-token-file`).
const OPS_TOKEN_ENV: &str = "CHAT_CARD_RELAY_OPS_TOKEN";

/// The operations token from `--ops-token-file` or the environment, if any.
pub(crate) fn ops_token(args: &Args) -> Result<Option<String>, String> {
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

/// Runs `chat-card relay`, or one of its subcommands.
pub fn run(mut args: Args) -> ExitCode {
    match args.command.take() {
        Some(RelayCommand::Render(render)) => return crate::relay_render::render(*render),
        Some(RelayCommand::Template(template)) => return crate::relay_render::template(template),
        None => {}
    }
    init_logs(args.log_json);
    let config = match settings(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
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
    runtime.block_on(serve(args, config))
}

/// The config file (if any) with the flags laid over it, checked.
fn settings(args: &Args) -> Result<RelayConfig, String> {
    let mut config = match &args.config {
        Some(path) => RelayConfig::load(path).map_err(|e| e.to_string())?,
        None => RelayConfig::default(),
    };
    crate::relay_flags::overlay(&mut config, args)?;
    Ok(config)
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

fn with_chat_api(builder: RelayBuilder, config: &RelayConfig) -> Result<RelayBuilder, String> {
    let Some(path) = &config.credentials else {
        return Ok(builder);
    };
    let key = chat_card::chat_api::ServiceAccountKey::from_file(path)
        .map_err(|e| format!("--credentials {}: {e}", path.display()))?;
    Ok(builder.chat_api(key, config.api_base.clone()))
}

/// A relay's start-up error, led by the setting it is about: the library speaks of the
/// upstream, the listen address and the state directory; the tool names `--upstream`,
/// `--listen` and `--state` (or the config file's keys of the same names).
fn with_flag(e: &RelayError, config: &RelayConfig) -> String {
    let error = chat_card::error_chain(e);
    match e {
        RelayError::InvalidUpstream { .. } => format!("--upstream: {error}"),
        RelayError::Listen { addr, .. } if Some(*addr) == config.ops_listen => {
            format!("--ops-listen {addr}: {error}")
        }
        RelayError::Listen { addr, .. } => format!("--listen {addr}: {error}"),
        RelayError::Store(_) if crate::relay_queue::is_redis(config) => {
            format!("--queue redis (--redis / CHAT_CARD_REDIS_URL / redis_url_env): {error}")
        }
        RelayError::Store(_) => match &config.state {
            Some(state) => format!("--state {}: {error}", state.display()),
            None => format!("--state: {error}"),
        },
        RelayError::ChatApi(_) => format!("--credentials / --api-base: {error}"),
        _ => error.to_string(),
    }
}

/// The relay's sender: pacing interval and Redis from the flags or the config file.
fn sender(config: &RelayConfig) -> Result<SenderBuilder, String> {
    let mut builder = chat_card::Sender::builder();
    if let Some(url) = config
        .redis_url
        .as_ref()
        .map(|u| u.expose())
        .filter(|u| !u.trim().is_empty())
    {
        let shared = if config.redis_cluster.unwrap_or(false) {
            chat_card::SharedPacing::redis_cluster(url.split(',').map(str::trim))
        } else {
            chat_card::SharedPacing::redis(url)
        }
        .map_err(|e| {
            format!(
                "--redis / CHAT_CARD_REDIS_URL / redis_url_env: {}",
                chat_card::error_chain(&e)
            )
        })?;
        builder = builder.shared_pacing(shared);
    }
    Ok(builder)
}

async fn serve(args: Args, config: RelayConfig) -> ExitCode {
    let limits = match args.serve.limits() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let redis_queue = crate::relay_queue::is_redis(&config);
    // The Redis queue keeps nothing on disk: its relays need no state directory.
    let Some(state) = config
        .state
        .clone()
        .or_else(|| redis_queue.then(PathBuf::new))
    else {
        eprintln!(
            "error: the relay needs a state directory: give --state DIR, or `state = \"DIR\"` \
             in the config file"
        );
        return ExitCode::from(2);
    };
    let sender = match sender(&config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let builder = Relay::builder(&state).serve_limits(limits).sender(sender);
    let builder = match crate::relay_queue::apply(builder, &config) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let builder = match with_chat_api(builder, &config) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let relay = match builder.config(config.clone()).start().await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", with_flag(&e, &config));
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
    for route in relay.routes() {
        let _ = writeln!(
            out,
            "Route {route}: http://{}/hooks/{route}",
            relay.local_addr()
        );
    }
    if let Some(ops) = relay.ops_addr() {
        let _ = writeln!(out, "Operations (/metrics, /relay/dead) on http://{ops}");
    }
    let _ = out.flush();
    let signals = tokio::signal::unix::signal(SignalKind::terminate())
        .and_then(|term| Ok((term, tokio::signal::unix::signal(SignalKind::hangup())?)));
    let (mut term, mut hangup) = match signals {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot watch for SIGTERM and SIGHUP: {e}");
            relay.shutdown().await;
            return ExitCode::FAILURE;
        }
    };
    loop {
        tokio::select! {
            _ = term.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
            _ = hangup.recv() => reload(&relay, &args),
        }
    }
    relay.shutdown().await;
    ExitCode::SUCCESS
}

/// SIGHUP: re-reads the config file and its templates, and serves them when they are
/// valid; otherwise logs why and keeps the running config.
fn reload(relay: &Relay, args: &Args) {
    let Some(path) = &args.config else {
        tracing::warn!("relay: SIGHUP: there is no config file to reload (start with --config)");
        return;
    };
    tracing::info!(file = %path.display(), "relay: SIGHUP: reloading the config");
    let refused = |error: &str| {
        tracing::error!(
            file = %path.display(),
            error,
            "relay: the new config is refused; the running config stays"
        );
    };
    match settings(args) {
        Ok(config) => {
            if let Err(e) = relay.reload(config) {
                refused(&e.to_string());
            }
        }
        Err(e) => refused(&e),
    }
}
