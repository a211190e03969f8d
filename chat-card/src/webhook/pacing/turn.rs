//! The pacing of one message's retry loop in the async senders (webhook and Chat API):
//! the space's lane, held for the whole loop, and the backend's schedule on top.

use std::time::Duration;

use tokio::sync::{Mutex, MutexGuard};
use tokio::time::Instant;

use super::LaneState;
#[cfg(feature = "redis")]
use super::shared::{SharedPacing, Slot};

/// One space's lane in the async driver: its pacing state behind a FIFO async mutex.
pub(crate) type Lane = Mutex<LaneState<Instant>>;

/// Without a caller deadline, the longest a first attempt waits for a shared slot (the
/// queue of other processes' messages), before it fails as timed out.
pub(crate) const MAX_SHARED_QUEUE: Duration = Duration::from_secs(600);

/// Where the schedule of a space lives.
#[derive(Clone, Debug, Default)]
pub(crate) enum Backend {
    /// In this process only: the lanes.
    #[default]
    Local,
    /// In Redis, shared with every sender that uses it (the lanes still order this
    /// process's messages).
    #[cfg(feature = "redis")]
    Shared(SharedPacing),
}

/// The next slot would come after the time allowed.
#[derive(Debug)]
pub(crate) struct OutOfTime;

/// A held lane with its backend: what the retry loop asks before, during and after
/// each attempt.
pub(crate) struct Paced<'a> {
    lane: MutexGuard<'a, LaneState<Instant>>,
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    backend: &'a Backend,
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    space: &'a str,
    interval: Duration,
}

impl<'a> Paced<'a> {
    pub(crate) fn new(
        lane: MutexGuard<'a, LaneState<Instant>>,
        backend: &'a Backend,
        space: &'a str,
        interval: Duration,
    ) -> Self {
        Paced {
            lane,
            backend,
            space,
            interval,
        }
    }

    /// Waits for the next attempt's turn: first the lane's slot (refused when it comes
    /// at or after `budget_end`), then, with shared pacing, a slot of the shared schedule
    /// (refused when it would start after `shared_limit`). Returns the time spent waiting
    /// for the shared slot.
    #[cfg_attr(not(feature = "redis"), allow(unused_variables))]
    pub(crate) async fn wait_turn(
        &mut self,
        budget_end: Instant,
        shared_limit: Instant,
    ) -> Result<Duration, OutOfTime> {
        if let Some(ready) = self.lane.ready_at() {
            if ready >= budget_end {
                return Err(OutOfTime);
            }
            tokio::time::sleep_until(ready).await;
        }
        match self.backend {
            Backend::Local => Ok(Duration::ZERO),
            #[cfg(feature = "redis")]
            Backend::Shared(shared) => {
                let max_wait = shared_limit.saturating_duration_since(Instant::now());
                match shared.reserve(self.space, self.interval, max_wait).await {
                    Slot::Granted(wait) => {
                        if !wait.is_zero() {
                            tokio::time::sleep(wait).await;
                        }
                        Ok(wait)
                    }
                    Slot::TooLate(_) => Err(OutOfTime),
                    Slot::Local => Ok(Duration::ZERO),
                }
            }
        }
    }

    /// Records an attempt starting or completing at `at`: the lane's next slot is an
    /// interval later. Called before the request (so a cancelled send still leaves the
    /// gap) and after it.
    pub(crate) fn attempt_at(&mut self, at: Instant) {
        self.lane.after_attempt(at, self.interval);
    }

    /// After a 429: nothing to this space for `wait` from `at`, in this process and,
    /// with shared pacing, in every process.
    pub(crate) async fn push_back(&mut self, at: Instant, wait: Duration) {
        self.lane.push_back(at, wait);
        #[cfg(feature = "redis")]
        if let Backend::Shared(shared) = self.backend {
            let left = (at + wait).saturating_duration_since(Instant::now());
            shared.push_back(self.space, left).await;
        }
    }
}
