//! What the sending commands (`send`, `update`, `delete`) share: the sender's pacing,
//! in this process or shared with other senders through Redis.

use std::time::Duration;

use chat_card::{Sender, SenderBuilder};

use crate::exit::{EXIT_INVALID, fail};
use chat_card::error_chain as chain;

/// Pacing options. No `Debug`: the Redis URL is a secret.
#[derive(clap::Args, Clone)]
pub struct PacingArgs {
    /// Share pacing with every sender, in any process on any machine, that uses this
    /// Redis: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]. Secret: prefer the environment
    /// variable. If Redis cannot be reached, messages are still sent, paced in this
    /// process only, with one warning.
    #[arg(
        long,
        value_name = "URL",
        env = "CHAT_CARD_REDIS_URL",
        hide_env_values = true
    )]
    redis: Option<String>,
    /// --redis names the nodes of a Redis Cluster: one URL, or several separated by
    /// commas.
    #[arg(long, env = "CHAT_CARD_REDIS_CLUSTER", requires = "redis")]
    redis_cluster: bool,
    /// Minimum time between two requests to one space, in milliseconds (Chat allows one
    /// request per second per space).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    per_space_interval_ms: u64,
}

impl PacingArgs {
    /// The Redis URL of `--redis` (a secret: never print it), and whether it names a
    /// Redis Cluster.
    pub fn redis(&self) -> Option<(&str, bool)> {
        self.redis
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(|u| (u, self.redis_cluster))
    }

    /// A sender builder with these options.
    pub fn builder(&self) -> Result<SenderBuilder, u8> {
        let mut builder =
            Sender::builder().per_space_interval(Duration::from_millis(self.per_space_interval_ms));
        if let Some(url) = self.redis.as_deref().filter(|u| !u.trim().is_empty()) {
            let shared = if self.redis_cluster {
                chat_card::SharedPacing::redis_cluster(url.split(',').map(str::trim))
            } else {
                chat_card::SharedPacing::redis(url)
            }
            .map_err(|e| {
                fail(
                    EXIT_INVALID,
                    format!("--redis / CHAT_CARD_REDIS_URL: {}", chain(&e)),
                )
            })?;
            builder = builder.shared_pacing(shared);
        }
        Ok(builder)
    }

    /// A sender with these options that makes at most `max_attempts` attempts per
    /// request.
    #[cfg_attr(not(feature = "chat-api"), allow(dead_code))]
    pub fn sender(&self, max_attempts: u32) -> Result<Sender, u8> {
        self.builder()?
            .max_attempts(max_attempts)
            .build()
            .map_err(|e| fail(1, chain(&e)))
    }
}
