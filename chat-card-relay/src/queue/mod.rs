//! The relay's queue interface: what delivery and the front need from storage, and
//! nothing about alerts, HTTP or Chat. A backend keeps, per space, the accepted messages
//! in arrival order until they are delivered or dead, the dead-letter list, and the
//! state of each message group (the card an Alertmanager group keeps in Chat).
//!
//! Calls block (a backend may do disk or network I/O): the relay makes them on Tokio's
//! blocking pool. The embedded backend is [`SqliteQueue`] (one file in the state
//! directory); a shared backend for several relays implements the same trait.

pub(crate) mod redis;
mod sqlite;

use std::time::Duration;

use serde::Serialize;

use super::incoming::{Incoming, Op};

pub(crate) use redis::RedisQueue;
pub(crate) use sqlite::SqliteQueue;

/// A failure of the queue's storage: which store and what went wrong.
#[derive(Debug, thiserror::Error)]
#[error("the relay's queue at {place}: {problem}")]
pub struct StoreError {
    place: String,
    problem: String,
}

impl StoreError {
    /// A failure of the store at `place` (a path or a server, without credentials).
    pub(crate) fn new(place: impl Into<String>, problem: impl Into<String>) -> Self {
        StoreError {
            place: place.into(),
            problem: problem.into(),
        }
    }

    /// A failure around the store rather than in it (a lost worker thread).
    pub(crate) fn internal(problem: String) -> Self {
        StoreError::new("(relay)", problem)
    }
}

/// One message the queue holds, as delivery reads it back.
#[derive(Clone, Debug)]
pub(crate) struct Queued {
    /// The queue's id for it: increasing in acceptance order.
    pub(crate) id: i64,
    /// When it was accepted (ms since the epoch).
    pub(crate) accepted_ms: i64,
    /// Attempts made so far (across restarts).
    pub(crate) attempts: u32,
    /// The message as accepted.
    pub(crate) message: Incoming,
}

/// An entry of the dead-letter list (no credentials).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DeadEntry {
    pub(crate) id: i64,
    pub(crate) space: String,
    pub(crate) request_id: String,
    pub(crate) accepted_ms: i64,
    pub(crate) failed_ms: i64,
    pub(crate) attempts: u32,
    pub(crate) http: Option<u16>,
    pub(crate) error: String,
    /// The message as it was to be posted.
    pub(crate) message: serde_json::Value,
}

/// Which dead letters to list: at most `limit`, with ids below `before` (all when
/// `None`), newest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DeadPage {
    pub(crate) limit: usize,
    pub(crate) before: Option<i64>,
}

/// What became of a message offered to the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Admit {
    /// Stored durably with this id.
    Queued(i64),
    /// The queue holds its maximum already; nothing was written.
    Full,
}

/// What the queue keeps for a group of messages that share one Chat message (the card
/// of an Alertmanager group, updated in place): which message, and whether it is closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GroupState {
    /// The Chat message's client-assigned id (`client-…`).
    pub(crate) message_id: String,
    /// Whether the group is closed (its next message starts a new Chat message).
    pub(crate) resolved: bool,
}

/// Decides, from a group's state before (none for a new group), how a message of the
/// group is delivered and the group's state after it.
pub(crate) type GroupPlan<'a> = &'a mut dyn FnMut(Option<GroupState>) -> (Op, GroupState);

/// What `/metrics` shows of one space of a shared queue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SpaceStats {
    pub(crate) space: String,
    /// Entries in the space's stream (waiting, and read but not finished).
    pub(crate) length: u64,
    /// Entries read by a relay and not finished yet.
    pub(crate) pending: u64,
    /// When the oldest entry was accepted (ms since the epoch).
    pub(crate) oldest_ms: Option<i64>,
    /// The relay holding the space's lease (`self` for this one).
    pub(crate) holder: Option<String>,
}

/// The queue. Every method is one atomic step of the store.
pub(crate) trait Queue: Send + Sync + 'static {
    /// Stores a message durably (on disk, or as the backend's durability promises)
    /// unless `max` messages wait already. `registered` runs with the new id before any
    /// reader can see the message.
    fn enqueue(
        &self,
        message: &Incoming,
        max: usize,
        registered: &mut dyn FnMut(i64),
    ) -> Result<Admit, StoreError>;

    /// Stores a message of the group `group` and the group's new state in one step:
    /// `plan` sees the group's state and sets the message's operation and
    /// client-assigned id.
    fn enqueue_in_group(
        &self,
        message: &mut Incoming,
        group: &str,
        plan: GroupPlan<'_>,
        max: usize,
        registered: &mut dyn FnMut(i64),
    ) -> Result<Admit, StoreError>;

    /// The oldest waiting message of a space (the one its deliverer works on).
    fn next(&self, space: &str) -> Result<Option<Queued>, StoreError>;

    /// Removes a delivered message.
    fn complete(&self, id: i64) -> Result<(), StoreError>;

    /// Records attempts made on a message that stays queued (it is tried again).
    fn retry_later(&self, id: i64, attempts: u32, error: &str) -> Result<(), StoreError>;

    /// Moves a message to the dead-letter list and forgets its credentials.
    fn fail(
        &self,
        id: i64,
        attempts: u32,
        http: Option<u16>,
        error: &str,
    ) -> Result<(), StoreError>;

    /// Spaces with waiting messages.
    fn spaces(&self) -> Result<Vec<String>, StoreError>;

    /// A waiting message's place in its space's queue (1 = next).
    fn position(&self, space: &str, id: i64) -> Result<usize, StoreError>;

    /// How many messages wait (cheap: no I/O).
    fn queued(&self) -> usize;

    /// When the oldest waiting message was accepted (ms since the epoch).
    fn oldest_ms(&self) -> Result<Option<i64>, StoreError>;

    /// One page of the dead-letter list, newest first.
    fn dead_letters(&self, page: DeadPage) -> Result<Vec<DeadEntry>, StoreError>;

    /// Removes the dead letters that failed before `failed_before_ms` (ms since the
    /// epoch), and the oldest beyond the newest `keep`. Returns how many went.
    fn prune_dead(&self, failed_before_ms: i64, keep: usize) -> Result<usize, StoreError>;

    /// Whether the store can be read and written now: `Err` after a failed read or write
    /// (until a later write succeeds) and for good after the store was found damaged.
    fn check(&self) -> Result<(), StoreError>;

    /// Leaves the store tidy on shutdown (e.g. folds a write-ahead log).
    fn close(&self) -> Result<(), StoreError>;

    /// Whether other relays share the queue: spaces they accepted messages for must be
    /// looked for, since nothing wakes this relay for them.
    fn shared(&self) -> bool {
        false
    }

    /// Renews this relay's hold on `space` while it delivers message `id` (or between
    /// messages); false when another relay holds the space now.
    fn hold(&self, _space: &str, _id: Option<i64>) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Gives `space` up (its worker found it empty), so another relay may take it at once.
    fn release(&self, _space: &str) -> Result<(), StoreError> {
        Ok(())
    }

    /// Spaces with waiting messages that no other relay holds now (all of them for a
    /// queue this relay alone uses).
    fn unclaimed_spaces(&self) -> Result<Vec<String>, StoreError> {
        self.spaces()
    }

    /// How long a hold lasts without renewal (none for a queue this relay alone uses).
    fn lease_period(&self) -> Option<Duration> {
        None
    }

    /// Per-space statistics of a shared queue (empty for the embedded one, whose
    /// spaces are not labels).
    fn space_stats(&self) -> Result<Vec<SpaceStats>, StoreError> {
        Ok(Vec::new())
    }

    /// Remembers `key` until `until_ms` (ms since the epoch) unless it is remembered already
    /// and not expired: true when newly remembered (the notification is new), false for a duplicate.
    fn remember_once(&self, key: &str, until_ms: i64) -> Result<bool, StoreError>;
    /// Forgets `key` (its notification could not be queued, so a retry is not a duplicate).
    fn forget_key(&self, key: &str) -> Result<(), StoreError>;
}

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
