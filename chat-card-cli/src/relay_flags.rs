//! The relay's flags laid over its config file: a flag given on the command line wins,
//! a key of the file fills in a flag left out, and the defaults fill the rest. The
//! merged values are checked here (ranges the library leaves to the tool).

use std::time::Duration;

use chat_card_relay::RelayConfig;
use chat_card_relay::config::Secret;

use crate::relay_args::{Args, ops_token};

/// The longest `wait` the relay takes (an hour).
const MAX_WAIT: Duration = Duration::from_secs(3600);

/// The longest dead-letter age the relay takes (100 years).
const MAX_DEAD_AGE: Duration = Duration::from_secs(36_500 * 86_400);

/// Lays the flags given in `args` over `config` and checks the result.
pub fn overlay(config: &mut RelayConfig, args: &Args) -> Result<(), String> {
    if let Some(wait) = args.wait {
        if !wait.is_finite() || !(0.0..=3600.0).contains(&wait) {
            return Err(format!(
                "--wait must be between 0 and 3600 seconds, got {wait}"
            ));
        }
        config.wait = Some(Duration::from_secs_f64(wait));
    }
    if config.wait.is_some_and(|w| w > MAX_WAIT) {
        return Err(in_file(config, "wait", "must be at most 1h"));
    }
    if let Some(days) = args.dead_max_age_days {
        if !days.is_finite() || !(0.0..=36_500.0).contains(&days) {
            return Err(format!(
                "--dead-max-age-days must be between 0 and 36500 days, got {days}"
            ));
        }
        config.dead_letter_max_age = Some(Duration::from_secs_f64(days * 86_400.0));
    }
    if config.dead_letter_max_age.is_some_and(|a| a > MAX_DEAD_AGE) {
        return Err(in_file(
            config,
            "dead_letter_max_age",
            "must be at most 36500 days",
        ));
    }
    set(&mut config.listen, args.listen);
    set(&mut config.state, args.state.clone());
    set(&mut config.ops_listen, args.ops_listen);
    set(&mut config.dead_letter_max_count, args.dead_max_count);
    set(&mut config.upstream, args.upstream.clone());
    set(&mut config.max_queue, args.max_queue);
    set(&mut config.credentials, args.credentials.clone());
    set(&mut config.api_base, args.api_base.clone());
    if let Some(ms) = args.pacing.per_space_interval_ms {
        config.per_space_interval = Some(Duration::from_millis(ms));
    }
    if let Some(url) = &args.pacing.redis {
        config.redis_url = Some(Secret::new(url.clone()));
    }
    if args.pacing.redis_cluster {
        config.redis_cluster = Some(true);
    }
    args.serve.overlay(config)?;
    set(&mut config.log_json, args.log_json);
    if let Some(token) = ops_token(args)? {
        config.ops_token = Some(Secret::new(token));
    }
    if config.api_base.is_some() && config.credentials.is_none() {
        return Err(
            "--api-base (or `api_base`) needs --credentials (or `credentials`): the Chat API \
             endpoint is only used by a Chat app"
                .into(),
        );
    }
    args.queue.overlay(config)?;
    crate::relay_queue::check(config, |key, problem| in_file(config, key, problem))
}

fn set<T>(slot: &mut Option<T>, flag: Option<T>) {
    if flag.is_some() {
        *slot = flag;
    }
}

/// An error about a key of the config file, naming the file.
fn in_file(config: &RelayConfig, key: &str, problem: &str) -> String {
    match &config.file {
        Some(file) => format!("{}: `{key}` {problem}", file.display()),
        None => format!("`{key}` {problem}"),
    }
}
