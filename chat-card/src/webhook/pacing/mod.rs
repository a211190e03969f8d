//! Per-space pacing: one lane per space ID, shared by every clone of a sender.
//!
//! A lane is held for the whole retry loop of one message (head-of-line blocking is
//! intended: order is kept, and while the space is rate limited every other message to
//! it would fail anyway). After each attempt the lane's next slot is one interval after
//! the attempt completed, so requests reach the server at least one interval apart; a
//! 429 pushes the slot further for every queued message.
//!
//! With the `redis` feature, a `SharedPacing` backend adds one schedule per space in
//! Redis, shared by every process that uses it; the lanes still order each process's own
//! messages underneath.

#[cfg(feature = "redis")]
mod connection;
#[cfg(feature = "redis")]
mod redis_url;
#[cfg(feature = "redis")]
mod scripts;
#[cfg(feature = "redis")]
mod shared;
mod turn;

#[cfg(feature = "redis")]
pub use redis_url::RedisUrlError;
#[cfg(feature = "redis")]
pub use shared::{PACING_LOG_TARGET, SharedPacing};
pub(crate) use turn::{Backend, Lane, MAX_SHARED_QUEUE, Paced};

use std::collections::HashMap;
use std::ops::Add;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Lanes unused for this long are dropped.
const IDLE_LANE: Duration = Duration::from_secs(600);

/// The pacing arithmetic of one lane, generic over the clock's instant type.
#[derive(Debug)]
pub(crate) struct LaneState<I> {
    next_slot: Option<I>,
}

impl<I> Default for LaneState<I> {
    fn default() -> Self {
        LaneState { next_slot: None }
    }
}

impl<I: Copy + Ord + Add<Duration, Output = I>> LaneState<I> {
    /// When the next request may start (`None`: now).
    pub(crate) fn ready_at(&self) -> Option<I> {
        self.next_slot
    }

    /// Records an attempt that completed at `now`.
    pub(crate) fn after_attempt(&mut self, now: I, interval: Duration) {
        self.push_until(now + interval);
    }

    /// Makes the lane wait at least `wait` from `now` (after a 429).
    pub(crate) fn push_back(&mut self, now: I, wait: Duration) {
        self.push_until(now + wait);
    }

    fn push_until(&mut self, at: I) {
        self.next_slot = Some(match self.next_slot {
            Some(slot) if slot > at => slot,
            _ => at,
        });
    }
}

/// The map from space ID to lane. `L` is the lane type of a sender flavour.
#[derive(Debug)]
pub(crate) struct Lanes<L> {
    map: Mutex<LaneMap<L>>,
}

#[derive(Debug)]
struct LaneMap<L> {
    lanes: HashMap<String, (Arc<L>, Instant)>,
    last_sweep: Instant,
}

impl<L: Default> Lanes<L> {
    pub(crate) fn new() -> Self {
        Lanes {
            map: Mutex::new(LaneMap {
                lanes: HashMap::new(),
                last_sweep: Instant::now(),
            }),
        }
    }

    /// The lane of a space, created on first use.
    pub(crate) fn lane(&self, space: &str) -> Arc<L> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if now.duration_since(map.last_sweep) > Duration::from_secs(60) {
            map.last_sweep = now;
            // Only lanes nobody holds or waits on (the map's reference is the last one).
            map.lanes.retain(|_, (lane, used)| {
                Arc::strong_count(lane) > 1 || now.duration_since(*used) < IDLE_LANE
            });
        }
        let entry = map
            .lanes
            .entry(space.to_owned())
            .or_insert_with(|| (Arc::new(L::default()), now));
        entry.1 = now;
        Arc::clone(&entry.0)
    }

    /// How many lanes exist (for tests).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .lanes
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_arithmetic() {
        let t0 = Instant::now();
        let mut lane = LaneState::default();
        assert!(lane.ready_at().is_none());
        lane.after_attempt(t0, Duration::from_secs(1));
        assert_eq!(lane.ready_at(), Some(t0 + Duration::from_secs(1)));
        lane.push_back(t0, Duration::from_secs(5));
        assert_eq!(lane.ready_at(), Some(t0 + Duration::from_secs(5)));
        // An earlier slot never overrides a later push.
        lane.after_attempt(t0 + Duration::from_secs(1), Duration::from_secs(1));
        assert_eq!(lane.ready_at(), Some(t0 + Duration::from_secs(5)));
    }

    #[test]
    fn lanes_are_per_space_and_shared() {
        let lanes: Lanes<Mutex<LaneState<Instant>>> = Lanes::new();
        let a1 = lanes.lane("A");
        let a2 = lanes.lane("A");
        let b = lanes.lane("B");
        assert!(Arc::ptr_eq(&a1, &a2));
        assert!(!Arc::ptr_eq(&a1, &b));
        assert_eq!(lanes.len(), 2);
    }
}
