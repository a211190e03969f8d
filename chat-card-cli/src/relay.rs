//! `chat-card relay`: run the webhook relay until SIGTERM or Ctrl-C.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chat_card::SenderBuilder;
use chat_card_relay::{Relay, RelayBuilder, RelayConfig, RelayError};
use tokio::signal::unix::SignalKind;

pub use crate::relay_args::Args;
use crate::relay_args::RelayCommand;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

/// Runs `chat-card relay`, or one of its subcommands.
pub fn run(mut args: Args) -> ExitCode {
    match args.command.take() {
        Some(RelayCommand::Render(render)) => return crate::relay_render::render(*render),
        Some(RelayCommand::Template(template)) => return crate::relay_render::template(template),
        None => {}
    }
    let config = match settings(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // After the settings: `log_json` may come from the config file.
    init_logs(config.log_json.unwrap_or(false));
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
    // The listeners' limits come with the config (flags laid over the file's keys).
    let builder = Relay::builder(&state).sender(sender);
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
