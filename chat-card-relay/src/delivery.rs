//! Delivery: one worker task per space takes the space's oldest waiting message, sends it
//! with the paced [`Sender`](chat_card::Sender) (same `requestId` on every attempt, across
//! restarts too), and only then removes it from the queue. Transient failures keep the
//! message at the head of its space's queue and retry it later; permanent ones move it to
//! the dead-letter list. Order per space is arrival order. A worker ends when its space
//! has nothing left, so idle spaces hold no memory.

use std::sync::Arc;
use std::time::Duration;

use std::sync::atomic::Ordering;

use super::incoming::Op;
use super::queue::{Queued, StoreError, now_ms};
use super::shared::{Answer, Lane, Shared};
use super::status::{self, Status};
use chat_card::webhook::{RequestId, SendOptions};

/// How often old dead letters are removed (also after each new dead letter).
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// The longest wait between two tries of a message Chat keeps refusing for now.
const MAX_REQUEUE_DELAY: Duration = Duration::from_secs(60);

/// How often a relay sharing its queue looks for spaces other relays accepted messages
/// for (nothing wakes it for those), and for spaces a lapsed relay left.
pub(crate) const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Makes sure the worker of `space` runs, and tells it a message arrived.
pub(crate) fn wake(shared: &Arc<Shared>, space: &str) {
    let mut lanes = shared.lock_lanes();
    if let Some(lane) = lanes.get(space) {
        lane.pending.store(true, Ordering::Release);
        return;
    }
    let lane = Arc::new(Lane::default());
    lanes.insert(space.to_owned(), Arc::clone(&lane));
    let task = tokio::spawn(worker(Arc::clone(shared), space.to_owned(), lane));
    let mut tasks = shared.lock_tasks();
    // Workers of idle spaces end: keep only the handles of running ones.
    tasks.retain(|t| !t.is_finished());
    tasks.push(task);
}

/// Ends the worker of an idle space, unless a message arrived meanwhile. Returns whether
/// it ended (its space left the map of running workers).
fn retire(shared: &Shared, space: &str, lane: &Arc<Lane>) -> bool {
    let mut lanes = shared.lock_lanes();
    if lane.pending.load(Ordering::Acquire) {
        return false;
    }
    if lanes.get(space).is_some_and(|l| Arc::ptr_eq(l, lane)) {
        lanes.remove(space);
    }
    true
}

async fn blocking<T: Send + 'static>(
    shared: &Arc<Shared>,
    f: impl FnOnce(&Shared) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let shared = Arc::clone(shared);
    match tokio::task::spawn_blocking(move || f(&shared)).await {
        Ok(result) => result,
        Err(e) => Err(StoreError::internal(format!("a queue task failed: {e}"))),
    }
}

/// Sleeps, unless the relay is stopping. Returns false when it is.
async fn pause(shared: &Shared, delay: Duration) -> bool {
    let mut stop = shared.stop.clone();
    if *stop.borrow() {
        return false;
    }
    tokio::select! {
        _ = tokio::time::sleep(delay) => true,
        _ = stop.changed() => false,
    }
}

async fn worker(shared: Arc<Shared>, space: String, lane: Arc<Lane>) {
    let mut failures: u32 = 0;
    loop {
        if *shared.stop.borrow() {
            return;
        }
        lane.pending.store(false, Ordering::Release);
        let next = {
            let space = space.clone();
            blocking(&shared, move |s| s.queue.next(&space)).await
        };
        match next {
            Err(e) => {
                tracing::error!(space = %space, error = %e, "relay: cannot read the queue");
                if !pause(&shared, Duration::from_secs(1)).await {
                    return;
                }
            }
            Ok(None) => {
                failures = 0;
                if shared.queue.shared() {
                    // Empty, or another relay delivers it: let it go (a no-op when another
                    // relay holds it), so any relay may take it at once.
                    let gone = space.clone();
                    if let Err(e) = blocking(&shared, move |s| s.queue.release(&gone)).await {
                        tracing::warn!(space = %space, error = %e, "relay: cannot release the space");
                    }
                }
                // The space is idle: its worker and its entry go, and come back with
                // the space's next message.
                if retire(&shared, &space, &lane) {
                    return;
                }
            }
            Ok(Some(row)) => match deliver(&shared, row).await {
                Done::Finished => failures = 0,
                Done::Later => {
                    failures = failures.saturating_add(1);
                    let delay = requeue_delay(failures, shared.settings.interval);
                    if !pause(&shared, delay).await {
                        return;
                    }
                }
            },
        }
    }
}

/// How long a message waits after its `n`-th failed send: doubling from the pacing
/// interval (at least 1 s), with jitter, at most a minute.
fn requeue_delay(n: u32, interval: Duration) -> Duration {
    let base = interval.max(Duration::from_secs(1));
    let d = base
        .saturating_mul(1 << n.saturating_sub(1).min(6))
        .min(MAX_REQUEUE_DELAY);
    d / 2 + d.mul_f64(fastrand::f64() / 2.0)
}

/// What became of one delivery.
enum Done {
    /// Delivered or dead-lettered: take the next message.
    Finished,
    /// Still queued: try again after a pause.
    Later,
}

/// How one try of a message ended.
enum Outcome {
    /// Chat accepted it; its answer.
    Posted {
        answer: serde_json::Value,
        name: String,
        attempts: u32,
    },
    /// It can never succeed: the answer for the waiting request and the log.
    Permanent {
        status: Status,
        http: Option<u16>,
        error: String,
        attempts: u32,
    },
    /// It may succeed later.
    Transient { error: String, attempts: u32 },
}

impl Outcome {
    fn permanent(error: String, attempts: u32) -> Self {
        Outcome::Permanent {
            status: Status::invalid_argument("message", error.clone()),
            http: None,
            error,
            attempts,
        }
    }

    fn attempts(&self) -> u32 {
        match self {
            Outcome::Posted { attempts, .. }
            | Outcome::Permanent { attempts, .. }
            | Outcome::Transient { attempts, .. } => *attempts,
        }
    }
}

/// One try through the incoming webhook.
async fn by_webhook(shared: &Shared, row: &Queued, message: &serde_json::Value) -> Outcome {
    let url = match row
        .message
        .credentials
        .webhook_url(&shared.settings.upstream, &row.message.space)
    {
        Ok(url) => url,
        Err(status) => {
            return Outcome::permanent(
                format!("the stored webhook URL is invalid: {}", status.message),
                0,
            );
        }
    };
    let mut options = SendOptions::new()
        .request_id(RequestId::Fixed(row.message.request_id.clone()))
        .reply(row.message.reply);
    if let Some(m) = &row.message.message_id {
        options = options.message_id(m.clone());
    }
    match shared.sender.send(&url, message, &options).await {
        Ok(d) => Outcome::Posted {
            name: d.name.clone(),
            attempts: d.attempts,
            answer: d.into_answer(),
        },
        Err(e) if e.is_permanent() => Outcome::Permanent {
            status: status::from_send_error(&e),
            http: e.http_status(),
            error: chat_card::error_chain(&e).to_string(),
            attempts: e.attempts(),
        },
        Err(e) => Outcome::Transient {
            error: chat_card::error_chain(&e).to_string(),
            attempts: e.attempts(),
        },
    }
}

/// One try through the Chat API, as the relay's Chat app.
async fn by_api(shared: &Shared, row: &Queued, message: &serde_json::Value) -> Outcome {
    use chat_card::chat_api::{ChatApiError, MessageName, MessageUpdate, SpaceName};
    let Some(api) = &shared.api else {
        return Outcome::permanent(
            "this message goes through the Chat API, but the relay runs without a Chat app's \
             key; restart it with one"
                .into(),
            0,
        );
    };
    let id = row.message.message_id.clone().unwrap_or_default();
    let result = match SpaceName::parse(&row.message.space) {
        Err(e) => Err(ChatApiError::from(e)),
        Ok(space) if row.message.op == Op::ApiCreate => {
            let options = SendOptions::new()
                .request_id(RequestId::Fixed(row.message.request_id.clone()))
                .reply(row.message.reply)
                .message_id(id);
            api.create(&space, message, &options).await
        }
        Ok(space) => match (
            MessageName::client_assigned(&space, &id),
            MessageUpdate::from_message(message),
        ) {
            (Ok(name), Ok(update)) => api.update(&name, &update.allow_missing(true)).await,
            (Err(e), _) => Err(e.into()),
            (_, Err(e)) => Err(e),
        },
    };
    let attempts = |e: &ChatApiError| match e {
        ChatApiError::Rejected { attempts, .. } => *attempts,
        ChatApiError::Send(e) => e.attempts(),
        _ => 0,
    };
    match result {
        Ok(m) => Outcome::Posted {
            answer: m.json,
            name: m.name,
            attempts: m.attempts,
        },
        Err(e) if e.is_permanent() => Outcome::Permanent {
            status: match &e {
                ChatApiError::Rejected { error, .. } => Status::from(&**error),
                ChatApiError::Send(s) => status::from_send_error(s),
                other => Status::new(400, "FAILED_PRECONDITION", other.to_string()),
            },
            http: e.http_status(),
            error: chat_card::error_chain(&e).to_string(),
            attempts: attempts(&e),
        },
        Err(e) => Outcome::Transient {
            error: chat_card::error_chain(&e).to_string(),
            attempts: attempts(&e),
        },
    }
}

/// Delivers one message; with a shared queue, only while this relay holds the space:
/// checked before the send, and renewed every third of the lease until it ends.
async fn deliver(shared: &Arc<Shared>, row: Queued) -> Done {
    let Some(period) = shared.queue.lease_period() else {
        return deliver_once(shared, row).await;
    };
    let space = row.message.space.clone();
    let id = row.id;
    let held = {
        let space = space.clone();
        blocking(shared, move |s| s.queue.hold(&space, Some(id))).await
    };
    match held {
        Ok(true) => {}
        Ok(false) => {
            tracing::info!(space = %space, id, "relay: another relay took this space over");
            return Done::Finished;
        }
        Err(e) => {
            tracing::error!(space = %space, error = %e, "relay: cannot renew the space's lease");
            return Done::Later;
        }
    }
    let renew = {
        let shared = Arc::clone(shared);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(period / 3).await;
                let s = space.clone();
                match blocking(&shared, move |sh| sh.queue.hold(&s, Some(id))).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(
                        space = %space,
                        id,
                        "relay: lost the space's lease during a delivery (it took longer than \
                         the lease); the other relay sends with the same requestId"
                    ),
                    Err(e) => {
                        tracing::warn!(space = %space, error = %e, "relay: cannot renew the space's lease")
                    }
                }
            }
        })
    };
    let done = deliver_once(shared, row).await;
    renew.abort();
    done
}

/// Looks, every [`LOOK_EVERY`], for spaces with waiting messages that have no worker
/// here: messages other relays accepted, or left when their lease lapsed.
pub(crate) async fn look_for_spaces(shared: Arc<Shared>) {
    loop {
        if !pause(&shared, LOOK_EVERY).await {
            return;
        }
        match blocking(&shared, |s| s.queue.unclaimed_spaces()).await {
            Ok(spaces) => {
                for space in spaces {
                    let idle = !shared.lock_lanes().contains_key(&space);
                    if idle {
                        wake(&shared, &space);
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "relay: cannot list the queue's spaces"),
        }
    }
}

async fn deliver_once(shared: &Arc<Shared>, row: Queued) -> Done {
    let id = row.id;
    let outcome = match serde_json::from_slice::<serde_json::Value>(&row.message.body) {
        Err(e) => Outcome::permanent(format!("the stored message is not JSON: {e}"), 0),
        Ok(message) if row.message.op == Op::Webhook => by_webhook(shared, &row, &message).await,
        Ok(message) => by_api(shared, &row, &message).await,
    };
    let before = row.attempts;
    let total = before.saturating_add(outcome.attempts());
    shared.metrics.retried.inc_by(u64::from(
        total.saturating_sub(1) - before.saturating_sub(1),
    ));
    match outcome {
        Outcome::Posted { answer, name, .. } => {
            if let Err(e) = blocking(shared, move |s| s.queue.complete(id)).await {
                // Posted, but still in the queue: the next try repeats the same requestId,
                // which Chat answers with this message instead of posting it again.
                tracing::error!(id, error = %e, "relay: posted, but cannot mark it delivered");
                return Done::Later;
            }
            shared.metrics.delivered.inc();
            tracing::info!(
                id,
                op = row.message.op.as_str(),
                space = %row.message.space,
                request_id = %row.message.request_id,
                attempts = total,
                waited_ms = now_ms().saturating_sub(row.accepted_ms),
                name = %name,
                "relay: delivered"
            );
            shared.answer(id, Answer::Posted(answer));
            Done::Finished
        }
        Outcome::Permanent {
            status,
            http,
            error,
            ..
        } => fail(shared, &row, total, http, error, status).await,
        Outcome::Transient { error, .. } => {
            tracing::warn!(
                id,
                space = %row.message.space,
                request_id = %row.message.request_id,
                attempts = total,
                error = %error,
                "relay: not delivered yet; it stays queued and is tried again"
            );
            if let Err(e) = blocking(shared, move |s| s.queue.retry_later(id, total, &error)).await
            {
                tracing::error!(id, error = %e, "relay: cannot record the attempt");
            }
            Done::Later
        }
    }
}

async fn fail(
    shared: &Arc<Shared>,
    row: &Queued,
    attempts: u32,
    http: Option<u16>,
    error: String,
    status: Status,
) -> Done {
    tracing::error!(
        id = row.id,
        space = %row.message.space,
        request_id = %row.message.request_id,
        attempts,
        error = %error,
        "relay: failed for good; moved to the dead-letter list (GET /relay/dead)"
    );
    let id = row.id;
    if let Err(e) = blocking(shared, move |s| s.queue.fail(id, attempts, http, &error)).await {
        tracing::error!(id, error = %e, "relay: cannot move the message to the dead-letter list");
        return Done::Later;
    }
    shared.metrics.failed.inc();
    shared.answer(id, Answer::Failed(status));
    prune(shared).await;
    Done::Finished
}

/// Removes the dead letters past their age or beyond their count.
async fn prune(shared: &Arc<Shared>) {
    let cutoff = now_ms().saturating_sub(
        i64::try_from(shared.settings.dead_max_age.as_millis()).unwrap_or(i64::MAX),
    );
    let keep = shared.settings.dead_max_count;
    match blocking(shared, move |s| s.queue.prune_dead(cutoff, keep)).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(removed = n, "relay: removed old dead letters"),
        Err(e) => tracing::error!(error = %e, "relay: cannot remove old dead letters"),
    }
}

/// Removes old dead letters at start and every few minutes, until the relay stops.
pub(crate) async fn prune_dead_letters(shared: Arc<Shared>) {
    loop {
        prune(&shared).await;
        if !pause(&shared, PRUNE_EVERY).await {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requeue_delays_grow_and_stay_bounded() {
        let i = Duration::from_millis(100);
        assert!(requeue_delay(1, i) >= Duration::from_millis(500));
        assert!(requeue_delay(1, i) <= Duration::from_secs(1));
        assert!(requeue_delay(3, i) >= Duration::from_secs(2));
        assert!(requeue_delay(30, i) <= MAX_REQUEUE_DELAY);
    }
}
