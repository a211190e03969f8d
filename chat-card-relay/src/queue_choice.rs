//! Which queue a relay keeps its accepted messages in: the embedded SQLite file in the
//! state directory (the default, for one relay), or Redis Streams shared by several
//! relays ([`RedisQueueOptions`]).

use std::fmt;
use std::time::Duration;

pub use super::queue::redis::durability::QueueDurability;
use super::queue::redis::{Settings, Target};

/// The default lease of a space: how long a space stays with a relay that stopped
/// renewing it (killed, stopped, cut off) before another relay takes it over.
pub const DEFAULT_QUEUE_LEASE: Duration = Duration::from_secs(15);

/// The default timeout of one HTTP attempt to Chat with the Redis queue. A message left
/// pending by a lapsed relay is reclaimed only after it has been idle this long plus the
/// pacing interval, so an attempt still in flight is never doubled by a second relay.
pub const DEFAULT_QUEUE_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a Redis queue URL was refused (the message never holds the URL).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid Redis URL for the queue: {0}")]
pub struct InvalidRedisUrl(String);

/// The shared queue: Redis Streams on one Redis server, for several relays behind one
/// load balancer. `Debug` and errors never show the URL's password.
///
/// ```
/// use chat_card_relay::{QueueDurability, RedisQueueOptions};
///
/// let options = RedisQueueOptions::new("redis://127.0.0.1:6379")?
///     .durability(QueueDurability::Always)
///     .replicas(0);
/// # Ok::<(), chat_card_relay::InvalidRedisUrl>(())
/// ```
#[derive(Clone)]
pub struct RedisQueueOptions {
    pub(crate) target: Target,
    pub(crate) durability: QueueDurability,
    pub(crate) replicas: u32,
    pub(crate) lease: Duration,
    pub(crate) attempt_timeout: Duration,
}

impl fmt::Debug for RedisQueueOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisQueueOptions")
            .field("redis", &self.target.to_string())
            .field("durability", &self.durability)
            .field("replicas", &self.replicas)
            .field("lease", &self.lease)
            .field("attempt_timeout", &self.attempt_timeout)
            .finish()
    }
}

impl RedisQueueOptions {
    /// The queue on the Redis at `url` (`redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]` or
    /// `redis+unix:///PATH`), with durability [`QueueDurability::Always`].
    pub fn new(url: &str) -> Result<Self, InvalidRedisUrl> {
        Ok(RedisQueueOptions {
            target: Target::parse(url).map_err(InvalidRedisUrl)?,
            durability: QueueDurability::default(),
            replicas: 0,
            lease: DEFAULT_QUEUE_LEASE,
            attempt_timeout: DEFAULT_QUEUE_ATTEMPT_TIMEOUT,
        })
    }

    /// What an accepted message's answer waits for (default: synced to Redis's
    /// append-only file). A server that cannot give it is refused at start.
    pub fn durability(mut self, durability: QueueDurability) -> Self {
        self.durability = durability;
        self
    }

    /// How many Redis replicas must also have each accepted message before it is
    /// answered (`WAITAOF` on Redis 7.2+, `WAIT` before; default 0).
    pub fn replicas(mut self, replicas: u32) -> Self {
        self.replicas = replicas;
        self
    }

    /// How long a space stays with a relay that stopped renewing its lease (default
    /// 15 s; at least 1 s). It is renewed every third of it while the relay delivers.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_secs(1));
        self
    }

    /// The timeout of one HTTP attempt to Chat (default 30 s; it replaces the sender's
    /// attempt timeout). Messages a lapsed relay left are reclaimed after this plus the
    /// pacing interval.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout.max(Duration::from_millis(100));
        self
    }

    /// The queue's settings, with the relay's pacing interval and dead-letter cap.
    pub(crate) fn settings(&self, interval: Duration, dead_cap: usize) -> Settings {
        Settings {
            target: self.target.clone(),
            durability: self.durability,
            replicas: self.replicas,
            lease: self.lease,
            reclaim_after: self.attempt_timeout + interval,
            dead_cap,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_not_in_debug_output() {
        let options = RedisQueueOptions::new("redis://:TOPSECRET@127.0.0.1:6390").expect("url");
        let shown = format!("{options:?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("redis://127.0.0.1:6390"), "{shown}");
        let e = RedisQueueOptions::new("rediss://:TOPSECRET@h").expect_err("no TLS");
        assert!(!e.to_string().contains("TOPSECRET"), "{e}");
    }
}
