//! The arguments of `chat-card relay`: its flags and subcommands, and the operations
//! token they name.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::limits::ServeArgs;

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
    /// text (also `log_json = true` in the config file; `--log-json=false` writes text
    /// whatever the file says).
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub(crate) log_json: Option<bool>,
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
