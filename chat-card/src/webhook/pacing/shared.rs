//! [`SharedPacing`]: one schedule per space in Redis, shared by every sender, in any
//! process on any machine, that points at the same Redis.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::connection::{Conn, Target};
use super::redis_url::{RedisUrl, RedisUrlError};
use super::scripts::{IDLE_GRACE_MS, PUSH_BACK, RESERVE, space_key};

/// The `tracing` target of what shared pacing logs (one WARN per Redis outage, one INFO
/// when Redis is back), so an application can show these and nothing else.
pub const PACING_LOG_TARGET: &str = "chat_card::pacing";

/// How long one Redis call (a connection attempt included) may take by default.
const DEFAULT_TIMEOUT: Duration = Duration::from_millis(500);
/// After a failed call, Redis is tried again after this long, doubling per failure...
const FIRST_PROBE: Duration = Duration::from_millis(500);
/// ...up to this.
const MAX_PROBE: Duration = Duration::from_secs(10);

/// Pacing shared through Redis: every sender that points at the same Redis takes its
/// turns from one schedule per space, so any number of processes on any number of
/// machines keep together to Chat's quota of one request per second per space.
///
/// Give it to [`SenderBuilder::shared_pacing`](crate::SenderBuilder::shared_pacing); the
/// Chat API client built on that sender shares it too.
///
/// - Each attempt reserves its slot with one atomic round trip (a Lua script): it reads
///   the space's next free time, reserves the slot and returns how long to wait. Times
///   come from Redis's clock (`TIME`), never from the machines' clocks. Slots go out in
///   the order the reservations reach Redis.
/// - A 429 from Chat pushes the space's schedule back for every sender, by the wait the
///   answer asks for (`Retry-After`) or the backoff.
/// - Within one process, messages to a space still queue in order in the space's lane;
///   the lane's own pacing keeps working underneath.
/// - Keys (`chat-card:{SPACE}:next`, the space in a hash tag) expire shortly after a
///   space goes idle.
/// - If Redis cannot be reached (or answers with an error, or not within the timeout),
///   the sender paces in-process only and logs one warning per outage; it tries Redis
///   again after a short back-off (0.5 s doubling to 10 s) and logs when it is back.
///   Both are logged with the `tracing` target [`PACING_LOG_TARGET`] (`chat_card::pacing`).
///   Reservations never send or drop a message: a lost one only wastes a slot.
///
/// The URL is a secret: `Debug`, `Display`, errors and logs show at most the scheme, host
/// and port.
///
/// ```
/// use chat_card::{Sender, SharedPacing};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let pacing = SharedPacing::redis("redis://:password@127.0.0.1:6379")?;
/// assert_eq!(pacing.to_string(), "redis://127.0.0.1:6379");
/// // Nothing connects before the first message: building never fails on Redis.
/// let sender = Sender::builder().shared_pacing(pacing).build()?;
/// # let _ = sender;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct SharedPacing {
    inner: Arc<Inner>,
    timeout: Duration,
}

struct Inner {
    target: Target,
    /// The connection, created on first use; dropped after an error so the next probe
    /// connects afresh.
    connection: Mutex<Option<Conn>>,
    outage: Mutex<Option<Outage>>,
    reserve: redis::Script,
    push_back: redis::Script,
}

/// Redis could not be used: when to try again.
struct Outage {
    next_probe: Instant,
    backoff: Duration,
}

/// The answer to a reservation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The slot is reserved; it starts after this wait.
    Granted(Duration),
    /// The next slot starts after this wait, later than acceptable; nothing was reserved.
    TooLate(Duration),
    /// Redis is unavailable: pace in-process only.
    Local,
}

impl SharedPacing {
    /// Pacing shared through the Redis at `url` (`redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`,
    /// or `redis+unix:///PATH`). Nothing connects yet: the first message does, and a
    /// Redis that cannot be reached then only means in-process pacing.
    pub fn redis(url: &str) -> Result<SharedPacing, RedisUrlError> {
        Ok(Self::on(Target::Single(RedisUrl::parse(url)?)))
    }

    /// Pacing shared through a Redis Cluster, reached through any of these seed nodes
    /// (`redis://[[USER]:PASSWORD@]HOST[:PORT]`, the same credentials for all). Each
    /// space's key carries the space as a hash tag, so every reservation is one round
    /// trip to the node that owns the space. Nothing connects yet.
    ///
    /// ```
    /// use chat_card::SharedPacing;
    ///
    /// let pacing = SharedPacing::redis_cluster(["redis://10.0.0.1:7000", "redis://10.0.0.2:7000"])?;
    /// assert_eq!(pacing.to_string(), "cluster redis://10.0.0.1:7000, redis://10.0.0.2:7000");
    /// # Ok::<(), chat_card::RedisUrlError>(())
    /// ```
    pub fn redis_cluster<S: AsRef<str>>(
        nodes: impl IntoIterator<Item = S>,
    ) -> Result<SharedPacing, RedisUrlError> {
        Ok(Self::on(Target::cluster(nodes)?))
    }

    fn on(target: Target) -> SharedPacing {
        SharedPacing {
            inner: Arc::new(Inner {
                target,
                connection: Mutex::new(None),
                outage: Mutex::new(None),
                reserve: redis::Script::new(RESERVE),
                push_back: redis::Script::new(PUSH_BACK),
            }),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// How long one Redis call, connecting included, may take before the sender paces
    /// in-process instead (default 500 ms).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// Whether the last use of Redis failed, so senders pace in-process only for now.
    pub fn is_degraded(&self) -> bool {
        lock(&self.inner.outage).is_some()
    }

    /// Reserves the next slot of `space`, if it starts within `max_wait`.
    pub(crate) async fn reserve(
        &self,
        space: &str,
        interval: Duration,
        max_wait: Duration,
    ) -> Slot {
        if !self.may_try() {
            return Slot::Local;
        }
        let mut invocation = self.inner.reserve.prepare_invoke();
        invocation
            .key(space_key(space))
            .arg(micros(interval))
            .arg(micros(max_wait))
            .arg(IDLE_GRACE_MS);
        let result = self
            .call(async |conn| invocation.invoke_async::<(i64, i64)>(conn).await)
            .await;
        match result {
            Ok((granted, wait)) => {
                let wait = Duration::from_micros(wait.max(0).unsigned_abs());
                if granted == 1 {
                    Slot::Granted(wait)
                } else {
                    Slot::TooLate(wait)
                }
            }
            Err(()) => Slot::Local,
        }
    }

    /// Pushes the schedule of `space` back: no sender starts a request to it for `wait`.
    pub(crate) async fn push_back(&self, space: &str, wait: Duration) {
        if !self.may_try() {
            return;
        }
        let mut invocation = self.inner.push_back.prepare_invoke();
        invocation
            .key(space_key(space))
            .arg(micros(wait))
            .arg(IDLE_GRACE_MS);
        let _ = self
            .call(async |conn| invocation.invoke_async::<i64>(conn).await)
            .await;
    }

    /// Whether Redis may be used now: always, unless an outage's back-off is running.
    fn may_try(&self) -> bool {
        lock(&self.inner.outage)
            .as_ref()
            .is_none_or(|o| Instant::now() >= o.next_probe)
    }

    /// Runs one Redis call within the timeout, and records how it went.
    async fn call<T>(
        &self,
        work: impl AsyncFnOnce(&mut Conn) -> redis::RedisResult<T>,
    ) -> Result<T, ()> {
        let attempt = async {
            let mut conn = self.connection().await?;
            work(&mut conn).await
        };
        let outcome = match tokio::time::timeout(self.timeout, attempt).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(self.inner.target.scrub(&e.to_string())),
            Err(_) => Err(format!("no answer within {} ms", self.timeout.as_millis())),
        };
        match outcome {
            Ok(value) => {
                self.succeeded();
                Ok(value)
            }
            Err(error) => {
                self.failed(&error);
                Err(())
            }
        }
    }

    /// The connection, created if needed.
    async fn connection(&self) -> redis::RedisResult<Conn> {
        if let Some(conn) = lock(&self.inner.connection).as_ref() {
            return Ok(conn.clone());
        }
        let conn = self.inner.target.connect(self.timeout).await?;
        *lock(&self.inner.connection) = Some(conn.clone());
        Ok(conn)
    }

    fn succeeded(&self) {
        if lock(&self.inner.outage).take().is_some() {
            tracing::info!(
                target: PACING_LOG_TARGET,
                redis = %self.inner.target,
                "chat-card: Redis is reachable again; pacing is shared again"
            );
        }
    }

    fn failed(&self, error: &str) {
        // The next probe connects afresh.
        lock(&self.inner.connection).take();
        let mut outage = lock(&self.inner.outage);
        match outage.as_mut() {
            Some(o) => {
                o.backoff = (o.backoff * 2).min(MAX_PROBE);
                o.next_probe = Instant::now() + o.backoff;
                tracing::debug!(
                    target: PACING_LOG_TARGET,
                    redis = %self.inner.target,
                    error,
                    "chat-card: Redis still unavailable"
                );
            }
            None => {
                *outage = Some(Outage {
                    next_probe: Instant::now() + FIRST_PROBE,
                    backoff: FIRST_PROBE,
                });
                tracing::warn!(
                    target: PACING_LOG_TARGET,
                    redis = %self.inner.target,
                    error,
                    "chat-card: Redis is unavailable, so pacing is not shared with other \
                     senders; pacing in this process only until Redis is back"
                );
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl fmt::Display for SharedPacing {
    /// The Redis address, without user or password (`redis://HOST:PORT`, or
    /// `cluster redis://HOST:PORT, …`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner.target, f)
    }
}

impl fmt::Debug for SharedPacing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedPacing")
            .field("redis", &format_args!("{}", self.inner.target))
            .field("timeout", &self.timeout)
            .field("degraded", &self.is_degraded())
            .finish()
    }
}
