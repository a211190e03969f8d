//! The delivery driver: the one loop behind every sender (the async webhook sender, the
//! blocking sender, the Chat API client). It holds the space's lane, keeps the time
//! budget, paces attempts, backs off between them, honours server waits
//! (`Retry-After`, `RetryInfo`) and pushes the lane back after a rate limit.
//!
//! It knows nothing of HTTP: each sender hands it one attempt, `attempt(n, timeout)`, whose
//! answer is already judged as an [`Attempt`]: done, permanent, or retryable (with the
//! server's wait hint and whether it was a rate limit). The driver decides whether, and
//! when, the next attempt runs.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::backoff::backoff_delay;
use super::pacing::{Backend, Lane, MAX_SHARED_QUEUE, Paced};
use super::settings::Config;

#[cfg(test)]
mod tests;

/// One attempt's result, as the driver needs to know it.
#[derive(Debug)]
pub(crate) enum Attempt<T, E> {
    /// Delivered: stop with this value.
    Done(T),
    /// Failed for good (or not safe to repeat): stop with this error.
    Permanent(E),
    /// Failed in a way worth repeating. `error` is the result if no retry is left.
    Retry {
        error: E,
        /// The server's requested wait (`Retry-After`, `RetryInfo.retryDelay`).
        hint: Option<Duration>,
        /// A rate limit: the whole lane waits, at least one interval (and 1 s).
        rate_limited: bool,
        /// What failed, for the log.
        cause: &'static str,
    },
    /// Repeat at the lane's next turn, without backoff (the Chat API's one token
    /// refresh); if no attempt is left, stop with this error.
    #[cfg_attr(not(feature = "chat-api"), allow(dead_code))]
    // the webhook never repeats at once
    Again(E),
}

impl<T, E> Attempt<T, E> {
    /// The same result with its error mapped.
    #[cfg_attr(not(feature = "chat-api"), allow(dead_code))] // the webhook keeps `SendError`
    pub(crate) fn map_err<F>(self, f: impl FnOnce(E) -> F) -> Attempt<T, F> {
        match self {
            Attempt::Done(value) => Attempt::Done(value),
            Attempt::Permanent(e) => Attempt::Permanent(f(e)),
            Attempt::Retry {
                error,
                hint,
                rate_limited,
                cause,
            } => Attempt::Retry {
                error: f(error),
                hint,
                rate_limited,
                cause,
            },
            Attempt::Again(e) => Attempt::Again(f(e)),
        }
    }
}

/// Why the driver stopped without a value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Stopped<E> {
    /// The last attempt's error.
    Failed(E),
    /// The deadline or the budget ran out before (or between) attempts.
    OutOfTime {
        /// Attempts made.
        attempts: u32,
    },
}

/// A delivered value and how it went.
#[derive(Debug)]
pub(crate) struct Driven<T> {
    pub(crate) value: T,
    /// Attempts made (1 when nothing was retried).
    pub(crate) attempts: u32,
    /// Attempts answered with a rate limit.
    pub(crate) rate_limited: u32,
}

/// The lane a driven call is paced on: a space's lane and the schedule backend.
#[derive(Clone, Copy)]
pub(crate) struct Pacing<'a> {
    pub(crate) lane: &'a Lane,
    pub(crate) backend: &'a Backend,
    pub(crate) space: &'a str,
}

/// One call's driver: the settings, its pacing (none for unpaced reads), and the
/// caller's deadline.
pub(crate) struct Driver<'a> {
    config: &'a Config,
    pacing: Option<Pacing<'a>>,
    deadline: Option<Instant>,
    jitter: fn() -> f64,
}

impl<'a> Driver<'a> {
    /// A driver with these settings, unpaced, without a deadline, with random jitter.
    pub(crate) fn new(config: &'a Config) -> Self {
        Driver {
            config,
            pacing: None,
            deadline: None,
            jitter: fastrand::f64,
        }
    }

    /// Waits for this lane (FIFO with every other call on it) and paces attempts on it.
    pub(crate) fn paced(mut self, pacing: Pacing<'a>) -> Self {
        self.pacing = Some(pacing);
        self
    }

    /// The caller's deadline: bounds the wait for the lane and every attempt.
    pub(crate) fn deadline(mut self, deadline: Option<Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    /// The jitter source (a number in `[0, 1]` per backoff; tests fix it).
    #[cfg(test)]
    pub(crate) fn jitter(mut self, jitter: fn() -> f64) -> Self {
        self.jitter = jitter;
        self
    }

    /// Runs attempts until one is done, fails for good, or time or attempts run out.
    /// `attempt(n, timeout)` makes attempt number `n` (from 1), which may take at most
    /// `timeout`.
    ///
    /// The lane is held from the first attempt to the last (order is kept, and while
    /// the space is rate limited every message behind would fail anyway). The budget
    /// (`total_budget`, never past the deadline) starts when the lane is acquired; the
    /// wait for a first shared slot (feature `redis`) is queueing, bounded by the
    /// deadline, and moves the budget's end later.
    pub(crate) async fn run<T, E, F, Fut>(&self, mut attempt: F) -> Result<Driven<T>, Stopped<E>>
    where
        F: FnMut(u32, Duration) -> Fut,
        Fut: Future<Output = Attempt<T, E>>,
    {
        let config = self.config;
        let deadline = self.deadline;
        let mut attempts = 0u32;
        let mut rate_limited = 0u32;
        let mut waiting_since = Instant::now();
        let mut paced = match self.pacing {
            Some(p) => {
                let guard = match deadline {
                    Some(d) => tokio::time::timeout_at(d, p.lane.lock())
                        .await
                        .map_err(|_| Stopped::OutOfTime { attempts })?,
                    None => p.lane.lock().await,
                };
                Some(Paced::new(guard, p.backend, p.space, config.interval))
            }
            None => None,
        };
        let mut budget_end = {
            let end = Instant::now() + config.total_budget;
            deadline.map_or(end, |d| d.min(end))
        };
        let queue_end = deadline.unwrap_or_else(|| Instant::now() + MAX_SHARED_QUEUE);
        loop {
            if let Some(p) = paced.as_mut() {
                let first = attempts == 0;
                let shared_limit = if first { queue_end } else { budget_end };
                let queued = p
                    .wait_turn(budget_end, shared_limit)
                    .await
                    .map_err(|_| Stopped::OutOfTime { attempts })?;
                if first {
                    budget_end = extend(budget_end, queued, deadline);
                }
            }
            let now = Instant::now();
            tracing::debug!(
                attempt = attempts + 1,
                waited_ms = now.saturating_duration_since(waiting_since).as_millis() as u64,
                "chat-card: the space's lane is free"
            );
            if now >= budget_end {
                return Err(Stopped::OutOfTime { attempts });
            }
            attempts += 1;
            let timeout = config.attempt_timeout.min(budget_end - now);
            // Reserve the slot first: if this future is dropped mid-request, the next
            // message still waits an interval.
            if let Some(p) = paced.as_mut() {
                p.attempt_at(now);
            }
            let result = attempt(attempts, timeout).await;
            let done = Instant::now();
            if let Some(p) = paced.as_mut() {
                p.attempt_at(done);
            }
            let (error, hint, push_lane, cause) = match result {
                Attempt::Done(value) => {
                    return Ok(Driven {
                        value,
                        attempts,
                        rate_limited,
                    });
                }
                Attempt::Permanent(error) => return Err(Stopped::Failed(error)),
                Attempt::Again(error) if attempts >= config.max_attempts => {
                    return Err(Stopped::Failed(error));
                }
                Attempt::Again(_) => {
                    waiting_since = done;
                    continue;
                }
                Attempt::Retry {
                    error,
                    hint,
                    rate_limited: limited,
                    cause,
                } => {
                    rate_limited += u32::from(limited);
                    (error, hint, limited, cause)
                }
            };
            let remaining = budget_end.saturating_duration_since(done);
            let Some(delay) = self.delay(attempts, hint, push_lane, remaining) else {
                return Err(Stopped::Failed(error));
            };
            tracing::warn!(
                attempt = attempts,
                delay_ms = delay.as_millis() as u64,
                cause,
                "chat-card: retrying"
            );
            if push_lane && let Some(p) = paced.as_mut() {
                p.push_back(done, delay).await;
            }
            waiting_since = Instant::now();
            tokio::time::sleep_until(done + delay).await;
        }
    }

    /// The wait before the next attempt after `attempts` attempts, or `None` when no
    /// retry is left: attempts used up, a server wait longer than allowed, or a wait past
    /// the budget (`remaining`).
    fn delay(
        &self,
        attempts: u32,
        hint: Option<Duration>,
        rate_limited: bool,
        remaining: Duration,
    ) -> Option<Duration> {
        let config = self.config;
        if attempts >= config.max_attempts {
            return None;
        }
        let mut delay = backoff_delay(
            config.backoff_base,
            config.backoff_cap,
            attempts,
            (self.jitter)(),
        );
        if let Some(hint) = hint {
            if hint > config.max_server_wait {
                return None;
            }
            delay = delay.max(hint);
        }
        if rate_limited {
            // A per-second quota cannot recover faster than one interval.
            delay = delay.max(config.interval).max(Duration::from_secs(1));
        }
        (delay <= remaining).then_some(delay)
    }
}

/// The budget's end moved later by the time queued for a shared slot, but never past
/// the caller's deadline.
fn extend(budget_end: Instant, queued: Duration, deadline: Option<Instant>) -> Instant {
    let end = budget_end + queued;
    deadline.map_or(end, |d| d.min(end))
}
