//! Accepting a notification of a route: render it, drop a duplicate, queue its
//! messages, and answer like the webhook path does (Chat's answer within `--wait`,
//! otherwise 202 with the queue position).

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chat_card::webhook::ReplyOption;
use serde_json::json;

use super::alerts::fnv64;
use super::{Headers, NotifyError, NotifyRoute, Rendering, template_headers};
use crate::incoming::{Credentials, Incoming, Op};
use crate::intake::{Pending, admit, answer, refuse, stopping};
use crate::queue::now_ms;
use crate::shared::Shared;
use crate::status::Status;

/// Where a route's messages go: the space and the webhook credentials
/// ([`Credentials::none`] when they go through the Chat API as the relay's Chat app).
#[derive(Clone, Debug)]
pub(crate) struct Target {
    /// The space ID (`AAAA…`), checked.
    pub(crate) space: String,
    /// The webhook's key and token, or none for the Chat API.
    pub(crate) credentials: Credentials,
}

/// The headers of a request as templates see them (see [`template_headers`]).
pub(crate) fn request_headers(headers: &axum::http::HeaderMap) -> Headers {
    template_headers(
        headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?))),
    )
}

/// Renders, de-duplicates and queues one notification of `route` for `target`, then
/// waits for Chat's answer like the webhook path. A duplicate within the route's
/// `dedup_window` is answered 200 `{"duplicate": true}` and queued once. Answers 400
/// (nothing queued) when the body is not what the route reads.
pub(crate) async fn accept_notification(
    shared: Arc<Shared>,
    target: Target,
    route: Arc<NotifyRoute>,
    body: Bytes,
    headers: Headers,
) -> Response {
    if let Some(r) = stopping(&shared) {
        return r;
    }
    let now = now_ms();
    let rendering = {
        let route = Arc::clone(&route);
        tokio::task::spawn_blocking(move || route.render(&body, &headers, now)).await
    };
    let rendering = match rendering {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return refuse(&shared, refusal(&e)),
        Err(e) => {
            tracing::error!(error = %e, "relay: rendering a notification failed");
            return Status::new(
                500,
                "INTERNAL",
                "the relay could not render this notification; nothing was queued: try again",
            )
            .into_response();
        }
    };
    let dedup = match (&rendering.dedup_key, route.options.dedup_window) {
        (Some(key), window) if !window.is_zero() => {
            let until = now.saturating_add(i64::try_from(window.as_millis()).unwrap_or(i64::MAX));
            let remembered = {
                let (shared, key) = (Arc::clone(&shared), key.clone());
                let superseded = rendering.superseded_key.clone();
                tokio::task::spawn_blocking(move || {
                    let new = shared.queue.remember_once(&key, until)?;
                    if let (true, Some(old)) = (new, superseded)
                        && let Err(e) = shared.queue.forget_key(&old)
                    {
                        // Only a quick flap back may be taken for a duplicate then.
                        tracing::warn!(error = %e, "relay: cannot forget the superseded de-duplication key");
                    }
                    Ok::<_, crate::queue::StoreError>(new)
                })
                .await
            };
            match remembered {
                Ok(Ok(true)) => Some(key.clone()),
                Ok(Ok(false)) => {
                    tracing::info!(route = %route.name, space = %target.space, "relay: duplicate notification; not queued again");
                    return (
                        StatusCode::OK,
                        axum::Json(json!({
                            "duplicate": true,
                            "message": "duplicate: the same notification was queued within the route's dedup_window; not queued again",
                        })),
                    )
                        .into_response();
                }
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "relay: cannot read the de-duplication state");
                    return Status::new(
                        503,
                        "UNAVAILABLE",
                        "the relay could not store the notification; nothing was queued: try again later",
                    )
                    .retry_after(shared.retry_after_secs())
                    .into_response();
                }
                Err(e) => {
                    tracing::error!(error = %e, "relay: the de-duplication task failed");
                    return Status::new(
                        503,
                        "UNAVAILABLE",
                        "the relay could not store the notification",
                    )
                    .into_response();
                }
            }
        }
        _ => None,
    };
    // Reported once per notification queued, not again for its duplicates.
    report(&shared, &route, &rendering, now);
    let pending = pending(&shared, &target, &route, &rendering, now);
    match admit(&shared, pending).await {
        Ok((id, rx)) => answer(shared, target.space, id, rx).await,
        Err(response) => {
            if let Some(key) = dedup {
                // Nothing (or not all) was queued: Alertmanager's retry is not a duplicate.
                let shared = Arc::clone(&shared);
                let forgot =
                    tokio::task::spawn_blocking(move || shared.queue.forget_key(&key)).await;
                if !matches!(forgot, Ok(Ok(()))) {
                    tracing::error!(
                        "relay: cannot forget the de-duplication key of a notification that was not queued"
                    );
                }
            }
            response
        }
    }
}

fn refusal(e: &NotifyError) -> Status {
    match e {
        NotifyError::Message(e) => e.answer(),
        other => Status::invalid_argument("", other.to_string()),
    }
}

/// Logs the warnings and a template failure; counts and lists the failure.
fn report(shared: &Shared, route: &NotifyRoute, rendering: &Rendering, now: i64) {
    for m in &rendering.messages {
        for w in &m.warnings {
            tracing::warn!(route = %route.name, path = %w.path, warning = %w.message, "relay: queued with a warning");
        }
    }
    if let Some(failure) = &rendering.fallback {
        tracing::error!(
            route = %route.name,
            template = %failure.template(),
            line = failure.line().unwrap_or(0),
            error = %failure.problem(),
            "relay: the route's template failed; the built-in layout was sent instead"
        );
        shared.metrics.template_failed(&route.name, failure, now);
    }
}

/// The queue entries of a rendering: webhook posts, or, for the Chat API, the first
/// message of each thread updates the thread's card in place and the others are new.
fn pending(
    shared: &Shared,
    target: &Target,
    route: &NotifyRoute,
    rendering: &Rendering,
    now: i64,
) -> Vec<Pending> {
    let api = shared.has_chat_api() && target.credentials.key.is_empty();
    let base = fnv64(format!("{}\n{}", route.name, target.space).as_bytes());
    let mut threads = std::collections::HashSet::new();
    rendering
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut message = Incoming {
                op: Op::Webhook,
                space: target.space.clone(),
                credentials: target.credentials.clone(),
                body: m.body.clone().into_bytes(),
                reply: ReplyOption::ReplyOrNewThread,
                message_id: None,
                request_id: uuid::Uuid::new_v4().to_string(),
            };
            let mut group = None;
            if api {
                match &m.thread_key {
                    // The first message of a thread keeps the thread's card.
                    Some(key) if threads.insert(key.clone()) => {
                        group = Some((key.clone(), m.resolved));
                    }
                    _ => {
                        message.op = Op::ApiCreate;
                        message.message_id =
                            Some(format!("client-am-{base:016x}-{}-{i}", now.max(0)));
                    }
                }
            }
            Pending { message, group }
        })
        .collect()
}
