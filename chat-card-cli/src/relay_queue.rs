//! `chat-card relay`'s queue flags: `--queue sqlite|redis` and what the Redis queue
//! promises (`--queue-durability`, `--queue-replicas`, `--queue-lease`). Each is also a
//! key of the config file (`queue`, `queue_durability`, `queue_replicas`, `queue_lease`);
//! a flag given on the command line wins.

use std::time::Duration;

use chat_card_relay::{QueueDurability, RedisQueueOptions, RelayBuilder, RelayConfig};

/// Where the relay keeps accepted messages.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueKind {
    /// A SQLite file in --state (one relay).
    #[default]
    Sqlite,
    /// Redis Streams on --redis, shared by several relays.
    Redis,
}

impl QueueKind {
    /// The name the flag and the config file use.
    fn as_str(self) -> &'static str {
        match self {
            QueueKind::Sqlite => "sqlite",
            QueueKind::Redis => "redis",
        }
    }
}

/// The queue flags. No `Debug`: nothing secret here, but it sits beside the Redis URL.
#[derive(clap::Args, Clone)]
pub struct QueueArgs {
    /// Where accepted messages wait: `sqlite` (a file in --state, one relay) or `redis`
    /// (Redis Streams on --redis, shared by several relays behind one load balancer)
    /// [default: sqlite].
    #[arg(long, value_enum, value_name = "KIND")]
    queue: Option<QueueKind>,
    /// With --queue redis, what an accepted message's answer waits for: `always` (synced
    /// to Redis's append-only file: WAITAOF on Redis 7.2+, `appendfsync always` before),
    /// `everysec` (accepts AOF everysec: a Redis crash may lose about a second), or `none`
    /// (Redis without persistence: a Redis restart loses the queue) [default: always].
    #[arg(long, value_name = "LEVEL", value_parser = durability)]
    queue_durability: Option<QueueDurability>,
    /// With --queue redis, how many Redis replicas must also hold each accepted message
    /// before it is answered (WAIT / WAITAOF) [default: 0].
    #[arg(long, value_name = "N")]
    queue_replicas: Option<u32>,
    /// With --queue redis, how long a space stays with a relay that stopped renewing it
    /// (killed, stopped, cut off), in seconds. Also the bound on each HTTP attempt to
    /// Chat, so a message is taken over only when no attempt can still be in flight
    /// [default: 15].
    #[arg(long, value_name = "SECONDS")]
    queue_lease: Option<f64>,
}

/// The default lease of a space.
const DEFAULT_LEASE: Duration = Duration::from_secs(15);

fn durability(text: &str) -> Result<QueueDurability, String> {
    QueueDurability::parse(text)
        .ok_or_else(|| format!("`{text}` is not a durability; use always, everysec or none"))
}

impl QueueArgs {
    /// Lays the queue flags given over `config`.
    pub fn overlay(&self, config: &mut RelayConfig) -> Result<(), String> {
        if let Some(kind) = self.queue {
            config.queue = Some(kind.as_str().to_owned());
        }
        if let Some(level) = self.queue_durability {
            config.queue_durability = Some(level.to_string());
        }
        if let Some(n) = self.queue_replicas {
            config.queue_replicas = Some(n);
        }
        if let Some(lease) = self.queue_lease {
            if !lease.is_finite() || !(1.0..=3600.0).contains(&lease) {
                return Err(format!(
                    "--queue-lease must be between 1 and 3600 seconds, got {lease}"
                ));
            }
            config.queue_lease = Some(Duration::from_secs_f64(lease));
        }
        Ok(())
    }
}

/// Whether the merged settings put the queue in Redis (its errors then name --redis
/// rather than --state).
pub fn is_redis(config: &RelayConfig) -> bool {
    config.queue.as_deref() == Some("redis")
}

/// Checks the merged queue settings; `in_file` words an error about a key of the file.
pub fn check(config: &RelayConfig, in_file: impl Fn(&str, &str) -> String) -> Result<(), String> {
    match config.queue.as_deref() {
        None | Some("sqlite") | Some("redis") => {}
        Some(other) => {
            return Err(in_file(
                "queue",
                &format!(
                    "\"{other}\" is not a queue backend; use \"sqlite\" (the default) or \"redis\""
                ),
            ));
        }
    }
    if let Some(level) = config.queue_durability.as_deref()
        && QueueDurability::parse(level).is_none()
    {
        return Err(in_file(
            "queue_durability",
            &format!("\"{level}\" is not a durability; use \"always\", \"everysec\" or \"none\""),
        ));
    }
    if let Some(lease) = config.queue_lease
        && !(Duration::from_secs(1)..=Duration::from_secs(3600)).contains(&lease)
    {
        return Err(in_file("queue_lease", "must be between 1s and 1h"));
    }
    if !is_redis(config) {
        let redis_only = [
            ("queue_durability", config.queue_durability.is_some()),
            ("queue_replicas", config.queue_replicas.is_some()),
            ("queue_lease", config.queue_lease.is_some()),
        ];
        if let Some((key, _)) = redis_only.iter().find(|(_, given)| *given) {
            return Err(in_file(
                key,
                "is read only with the Redis queue; add `queue = \"redis\"` (or --queue redis), \
                 or remove the key",
            ));
        }
    }
    Ok(())
}

/// `builder` with the chosen queue; the error names the flag or key to fix.
pub fn apply(builder: RelayBuilder, config: &RelayConfig) -> Result<RelayBuilder, String> {
    if !is_redis(config) {
        return Ok(builder);
    }
    let Some(url) = config
        .redis_url
        .as_ref()
        .map(|u| u.expose())
        .filter(|u| !u.trim().is_empty())
    else {
        return Err(
            "--queue redis needs the Redis to keep the queue in: give --redis URL, set \
             CHAT_CARD_REDIS_URL, or `redis_url_env` / `redis_url_file` in the config file (the \
             same Redis then paces the spaces for every relay)"
                .into(),
        );
    };
    if config.redis_cluster.unwrap_or(false) {
        return Err(
            "--queue redis runs on one Redis server (with replicas if wanted), not on a Redis \
             Cluster yet; drop --redis-cluster (or `redis_cluster`), or use --queue sqlite"
                .into(),
        );
    }
    let durability = config
        .queue_durability
        .as_deref()
        .and_then(QueueDurability::parse)
        .unwrap_or_default();
    let lease = config.queue_lease.unwrap_or(DEFAULT_LEASE);
    let options = RedisQueueOptions::new(url)
        .map_err(|e| format!("--redis / CHAT_CARD_REDIS_URL: {e}"))?
        .durability(durability)
        .replicas(config.queue_replicas.unwrap_or(0))
        .lease(lease)
        .attempt_timeout(lease.min(chat_card_relay::DEFAULT_QUEUE_ATTEMPT_TIMEOUT));
    Ok(builder.redis_queue(options))
}
