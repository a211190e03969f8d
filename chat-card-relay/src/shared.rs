//! What the HTTP handlers and the delivery workers share: the settings, the queue, the
//! sender, the metrics, the requests waiting for their message's answer and the running
//! worker of each space. A leaf of the crate: the front, delivery and operations read it;
//! it calls none of them.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chat_card::webhook::Sender;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use super::metrics::Metrics;
use super::queue::Queue;
use super::request_ids;
use super::settings::Settings;
use super::status::Status;

/// What the request that brought a message is told, if it still waits.
#[derive(Debug)]
pub(crate) enum Answer {
    /// Chat's answer to the post, as it came.
    Posted(serde_json::Value),
    /// The message failed for good.
    Failed(Status),
}

/// The worker of one space, as the map of running workers holds it.
#[derive(Debug, Default)]
pub(crate) struct Lane {
    /// Set (with the map locked) when a message arrived since the worker last looked at
    /// the queue: a worker that found its space empty ends only when this is clear.
    pub(crate) pending: AtomicBool,
}

/// What the HTTP handlers and the delivery workers share.
pub(crate) struct Shared {
    pub(crate) settings: Settings,
    /// The queue (SQLite in the state directory, or Redis Streams shared with other
    /// relays).
    pub(crate) queue: Box<dyn Queue>,
    pub(crate) sender: Sender,
    /// The Chat API as the relay's Chat app, for Alertmanager cards updated in place.
    pub(crate) api: Option<chat_card::chat_api::ChatApi>,
    pub(crate) metrics: Metrics,
    /// The caller-given `requestId`s seen lately, to warn when one comes back with
    /// another body.
    pub(crate) request_ids: request_ids::RequestIds,
    /// Requests waiting for their message's answer, by queue id.
    pub(crate) waiters: Mutex<HashMap<i64, oneshot::Sender<Answer>>>,
    /// The running worker of each space with waiting messages.
    pub(crate) lanes: Mutex<HashMap<String, Arc<Lane>>>,
    pub(crate) tasks: Mutex<Vec<JoinHandle<()>>>,
    /// `true` once the relay is stopping.
    pub(crate) stop: watch::Receiver<bool>,
    /// The routes of the config file (`POST /hooks/{route}`), swapped on reload.
    pub(crate) hooks: super::hook_table::HookTable,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub(crate) fn lock_lanes(&self) -> MutexGuard<'_, HashMap<String, Arc<Lane>>> {
        lock(&self.lanes)
    }

    /// How many spaces have a running worker.
    pub(crate) fn active_spaces(&self) -> usize {
        lock(&self.lanes).len()
    }

    pub(crate) fn lock_tasks(&self) -> MutexGuard<'_, Vec<JoinHandle<()>>> {
        lock(&self.tasks)
    }

    /// Registers the request waiting for message `id`.
    pub(crate) fn wait_for(&self, id: i64, tx: oneshot::Sender<Answer>) {
        lock(&self.waiters).insert(id, tx);
    }

    /// Drops the waiting request of message `id` (it was answered 202).
    pub(crate) fn forget(&self, id: i64) {
        lock(&self.waiters).remove(&id);
    }

    /// Tells the request waiting for message `id`, if any, how it went.
    pub(crate) fn answer(&self, id: i64, answer: Answer) {
        if let Some(tx) = lock(&self.waiters).remove(&id) {
            let _ = tx.send(answer);
        }
    }

    /// Whether Alertmanager cards go through the Chat API (and are updated in place).
    pub(crate) fn has_chat_api(&self) -> bool {
        self.api.is_some()
    }

    /// The `Retry-After` of a refused post: one pacing interval, at least 1 s.
    pub(crate) fn retry_after_secs(&self) -> u64 {
        self.settings.interval.as_secs_f64().ceil().max(1.0) as u64
    }
}
