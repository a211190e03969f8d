//! `chat-card relay`'s queue flags: `--queue sqlite|redis` and what the Redis queue
//! promises (`--queue-durability`, `--queue-replicas`, `--queue-lease`).

use std::time::Duration;

use chat_card_relay::{QueueDurability, RedisQueueOptions, RelayBuilder};

use crate::pacing::PacingArgs;

/// Where the relay keeps accepted messages.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueKind {
    /// A SQLite file in --state (one relay).
    #[default]
    Sqlite,
    /// Redis Streams on --redis, shared by several relays.
    Redis,
}

/// The queue options. No `Debug`: nothing secret here, but it sits beside the Redis URL.
#[derive(clap::Args, Clone)]
pub struct QueueArgs {
    /// Where accepted messages wait: `sqlite` (a file in --state, one relay) or `redis`
    /// (Redis Streams on --redis, shared by several relays behind one load balancer).
    #[arg(long, value_enum, value_name = "KIND", default_value = "sqlite")]
    queue: QueueKind,
    /// With --queue redis, what an accepted message's answer waits for: `always` (synced
    /// to Redis's append-only file: WAITAOF on Redis 7.2+, `appendfsync always` before),
    /// `everysec` (accepts AOF everysec: a Redis crash may lose about a second), or `none`
    /// (Redis without persistence: a Redis restart loses the queue).
    #[arg(long, value_name = "LEVEL", default_value = "always", value_parser = durability)]
    queue_durability: QueueDurability,
    /// With --queue redis, how many Redis replicas must also hold each accepted message
    /// before it is answered (WAIT / WAITAOF).
    #[arg(long, value_name = "N", default_value_t = 0)]
    queue_replicas: u32,
    /// With --queue redis, how long a space stays with a relay that stopped renewing it
    /// (killed, stopped, cut off), in seconds. Also the bound on each HTTP attempt to
    /// Chat, so a message is taken over only when no attempt can still be in flight.
    #[arg(long, value_name = "SECONDS", default_value_t = 15.0)]
    queue_lease: f64,
}

fn durability(text: &str) -> Result<QueueDurability, String> {
    QueueDurability::parse(text)
        .ok_or_else(|| format!("`{text}` is not a durability; use always, everysec or none"))
}

impl QueueArgs {
    /// `builder` with the chosen queue; the error names the flag to fix.
    pub fn apply(
        &self,
        builder: RelayBuilder,
        pacing: &PacingArgs,
    ) -> Result<RelayBuilder, String> {
        if self.queue == QueueKind::Sqlite {
            return Ok(builder);
        }
        let Some((url, cluster)) = pacing.redis() else {
            return Err(
                "--queue redis needs the Redis to keep the queue in: give --redis URL or set \
                 CHAT_CARD_REDIS_URL (the same Redis then paces the spaces for every relay)"
                    .into(),
            );
        };
        if cluster {
            return Err(
                "--queue redis runs on one Redis server (with replicas if wanted), not on a \
                 Redis Cluster yet; drop --redis-cluster, or use --queue sqlite"
                    .into(),
            );
        }
        if !self.queue_lease.is_finite() || self.queue_lease < 1.0 || self.queue_lease > 3600.0 {
            return Err(format!(
                "--queue-lease must be between 1 and 3600 seconds, got {}",
                self.queue_lease
            ));
        }
        let lease = Duration::from_secs_f64(self.queue_lease);
        let options = RedisQueueOptions::new(url)
            .map_err(|e| format!("--redis / CHAT_CARD_REDIS_URL: {e}"))?
            .durability(self.queue_durability)
            .replicas(self.queue_replicas)
            .lease(lease)
            .attempt_timeout(lease.min(chat_card_relay::DEFAULT_QUEUE_ATTEMPT_TIMEOUT));
        Ok(builder.redis_queue(options))
    }

    /// Whether the queue is in Redis (its errors name --redis rather than --state).
    pub fn is_redis(&self) -> bool {
        self.queue == QueueKind::Redis
    }
}
