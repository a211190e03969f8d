//! What every path does with a request once it is read: the refusals (stopping, an
//! unreadable body, a lost check), queueing one request's messages all or none, and
//! waiting for Chat's answer (or 202 with the message's place in its space's queue).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::oneshot;

use crate::alertmanager::plan_card;
use crate::delivery::wake;
use crate::incoming::Incoming;
use crate::metrics::Refusal;
use crate::queue::{Admit, now_ms};
use crate::shared::{Answer, Shared};
use crate::status::Status;

/// The largest body read at all; larger ones get the same 400 as anything over Chat's
/// 32,000-byte limit.
pub(crate) const MAX_READ: usize = 1024 * 1024;

/// The response header naming the queue id of an accepted message (on 200, 202 and
/// Chat's errors alike), to match answers with the log and the dead-letter list.
pub(crate) const QUEUE_ID_HEADER: &str = "x-chat-card-relay-id";

pub(crate) fn refuse(shared: &Shared, status: Status) -> Response {
    shared.metrics.refused(Refusal::Invalid);
    status.into_response()
}

pub(crate) fn body_or_refusal(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Status> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Status::invalid_argument(
                "message",
                format!(
                    "Message is too large: more than {MAX_READ} bytes; the maximum message size is \
                     32000 bytes. Not queued."
                ),
            )
        } else {
            Status::invalid_argument("", format!("the body could not be read: {e}"))
        }
    })
}

pub(crate) fn stopping(shared: &Shared) -> Option<Response> {
    (*shared.stop.borrow()).then(|| {
        Status::new(
            503,
            "UNAVAILABLE",
            "the relay is stopping and accepts no new messages; try again shortly",
        )
        .retry_after(1)
        .into_response()
    })
}

/// The answer when the task that checked a request was lost (it panicked or the runtime
/// is stopping): nothing was queued.
pub(crate) fn check_failed(e: &tokio::task::JoinError) -> Status {
    tracing::error!(error = %e, "relay: checking a request failed");
    Status::new(
        500,
        "INTERNAL",
        "the relay could not check this message; nothing was queued: try again",
    )
}

/// A checked message ready to queue, with its group's thread key and state when it
/// goes through the Chat API as a card updated in place.
pub(crate) struct Pending {
    pub(crate) message: Incoming,
    pub(crate) group: Option<(String, bool)>,
}

/// Queues a checked message, then waits up to `--wait` for Chat's answer.
pub(crate) async fn accept(shared: Arc<Shared>, message: Incoming) -> Response {
    let space = message.space.clone();
    match admit(
        &shared,
        vec![Pending {
            message,
            group: None,
        }],
    )
    .await
    {
        Ok((id, rx)) => answer(shared, space, id, rx).await,
        Err(response) => response,
    }
}

/// Queues the messages of one request in order, all or (when the queue is full or
/// failing at the first) none: once the first is in, the others may exceed
/// `max_queue` by the request's size. Returns the last message's id and the receiver
/// of its answer, or the refusal.
pub(crate) async fn admit(
    shared: &Arc<Shared>,
    pending: Vec<Pending>,
) -> Result<(i64, oneshot::Receiver<Answer>), Response> {
    let (tx, rx) = oneshot::channel();
    let space = pending
        .first()
        .map(|p| p.message.space.clone())
        .unwrap_or_default();
    let admit = {
        let shared = Arc::clone(shared);
        tokio::task::spawn_blocking(move || {
            let max = shared.settings.max_queue;
            let mut tx = Some(tx);
            let last = pending.len().saturating_sub(1);
            let mut queued = None;
            for (i, Pending { mut message, group }) in pending.into_iter().enumerate() {
                let mut registered = |id| {
                    if i == last
                        && let Some(tx) = tx.take()
                    {
                        shared.wait_for(id, tx);
                    }
                };
                let max = max.saturating_add(i);
                let admitted = match &group {
                    Some((group, resolved)) => {
                        let now = now_ms();
                        let mut plan = |before| plan_card(before, group, *resolved, now);
                        shared.queue.enqueue_in_group(
                            &mut message,
                            group,
                            &mut plan,
                            max,
                            &mut registered,
                        )
                    }
                    None => shared.queue.enqueue(&message, max, &mut registered),
                };
                match admitted {
                    Ok(Admit::Queued(id)) => {
                        shared.metrics.accepted.inc();
                        tracing::info!(id, space = %message.space, request_id = %message.request_id, "relay: queued");
                        queued = Some(id);
                    }
                    other => return (queued, other),
                }
            }
            (queued, queued.map(Admit::Queued).ok_or_else(|| {
                crate::queue::StoreError::internal("a request with no message".into())
            }))
        })
        .await
    };
    let (queued, result) = match admit {
        Ok(pair) => pair,
        Err(e) => {
            tracing::error!(error = %e, "relay: the queue task failed");
            return Err(
                Status::new(503, "UNAVAILABLE", "the relay could not store the message")
                    .into_response(),
            );
        }
    };
    if queued.is_some() {
        wake(shared, &space);
    }
    match result {
        Ok(Admit::Queued(id)) => Ok((id, rx)),
        Ok(Admit::Full) => {
            shared.metrics.refused(Refusal::QueueFull);
            tracing::warn!(space = %space, "relay: queue full; answered 429");
            Err(Status::new(
                429,
                "RESOURCE_EXHAUSTED",
                format!(
                    "the relay's queue is full ({} messages wait); nothing was queued: try again \
                     after the Retry-After delay",
                    shared.settings.max_queue
                ),
            )
            .retry_after(shared.retry_after_secs())
            .into_response())
        }
        Err(e) => {
            tracing::error!(error = %e, "relay: cannot write the queue");
            Err(Status::new(
                503,
                "UNAVAILABLE",
                "the relay could not store the message; nothing was queued: try again later",
            )
            .retry_after(shared.retry_after_secs())
            .into_response())
        }
    }
}

/// Waits up to `--wait` for the answer of message `id` (the last of its request) and
/// answers the request: Chat's answer as it came, or 202 with the queue position.
pub(crate) async fn answer(
    shared: Arc<Shared>,
    space: String,
    id: i64,
    rx: oneshot::Receiver<Answer>,
) -> Response {
    let mut stop = shared.stop.clone();
    let answer = tokio::select! {
        answer = rx => answer.ok(),
        _ = tokio::time::sleep(shared.settings.wait) => None,
        _ = stop.changed() => None,
    };
    let mut response = match answer {
        Some(Answer::Posted(body)) => (StatusCode::OK, axum::Json(body)).into_response(),
        Some(Answer::Failed(status)) => status.into_response(),
        None => {
            shared.forget(id);
            queued_answer(&shared, &space, id).await
        }
    };
    response
        .headers_mut()
        .insert(QUEUE_ID_HEADER, header::HeaderValue::from(id));
    response
}

/// 202 with the message's place in its space's queue.
async fn queued_answer(shared: &Arc<Shared>, space: &str, id: i64) -> Response {
    let position = {
        let shared = Arc::clone(shared);
        let space = space.to_owned();
        tokio::task::spawn_blocking(move || shared.queue.position(&space, id))
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or(0)
            // It may have gone out between the end of the wait and this count: it was
            // next, so report it as next rather than as position 0.
            .max(1)
    };
    let eta = shared.settings.interval.as_secs_f64() * position as f64;
    (
        StatusCode::ACCEPTED,
        axum::Json(json!({
            "queued": id,
            "position": position,
            "etaSeconds": eta.ceil() as u64,
        })),
    )
        .into_response()
}
