//! The async [`Sender`].

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Mutex;
use tokio::time::Instant;
use tracing::Instrument;

use super::backoff::retry_after;
use super::body::{Prepared, attempt_url, prepare};
use super::classify::{Next, Outcome, RetryState};
use super::config::{Config, SenderBuilder};
use super::error::SendError;
use super::options::SendOptions;
use super::pacing::{Backend, LaneState, Lanes, MAX_SHARED_QUEUE, Paced};
use super::url::WebhookUrl;
use super::{Delivery, MAX_RESPONSE_BYTES};

/// One space's lane: its pacing state behind a FIFO async mutex.
pub(crate) type Lane = Mutex<LaneState<Instant>>;

/// Posts messages to Google Chat incoming webhooks, with per-space pacing and retries.
///
/// Cheap to clone: clones share the HTTP connection pool and the per-space lanes, so
/// every message to one space, from any clone, is sent in order at most once per
/// interval. Different spaces proceed in parallel. To share the pacing with other
/// processes, build it with `SenderBuilder::shared_pacing` (feature `redis`).
///
/// ```no_run
/// use chat_card::{SendOptions, Sender, WebhookUrl};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let url: WebhookUrl = std::env::var("CHAT_WEBHOOK_URL")?.parse()?;
/// let sender = Sender::new()?;
/// let delivery = sender
///     .send_text(&url, "Deploy finished", &SendOptions::new().thread_key("deploy-42"))
///     .await?;
/// println!("posted {} in {:?}", delivery.name, delivery.thread_name);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Sender {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: reqwest::Client,
    config: Config,
    lanes: Lanes<Lane>,
    pacing: Backend,
}

impl Sender {
    /// A sender with the default settings (see [`SenderBuilder`]).
    pub fn new() -> Result<Self, super::SenderBuildError> {
        SenderBuilder::default().build()
    }

    /// Starts building a sender with custom settings.
    pub fn builder() -> SenderBuilder {
        SenderBuilder::default()
    }

    pub(crate) fn from_parts(client: reqwest::Client, config: Config, pacing: Backend) -> Self {
        Sender {
            inner: Arc::new(Inner {
                client,
                config,
                lanes: Lanes::new(),
                pacing,
            }),
        }
    }

    /// The HTTP client, settings and the lane of a space, for the Chat API client
    /// (which shares this sender's lanes).
    #[cfg(feature = "chat-api")]
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.client
    }

    /// The settings (see [`Sender::http`]).
    #[cfg(feature = "chat-api")]
    pub(crate) fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The lane of a space, shared with every send to it (see [`Sender::http`]).
    #[cfg(feature = "chat-api")]
    pub(crate) fn lane(&self, space: &str) -> Arc<Lane> {
        self.inner.lanes.lane(space)
    }

    /// The pacing backend under the lanes (see [`Sender::http`]).
    #[cfg(feature = "chat-api")]
    pub(crate) fn pacing(&self) -> &Backend {
        &self.inner.pacing
    }

    /// Sends a message: a [`JsonMessage`](crate::JsonMessage) from `card!`, the typed
    /// model, a `serde_json::Value`, or anything else that serialises to a message object.
    ///
    /// The message is serialised once, size-checked (32,000 bytes) and validated before
    /// any network I/O; then it waits for its space's lane and is posted with retries.
    pub async fn send<M: Serialize + ?Sized>(
        &self,
        url: &WebhookUrl,
        message: &M,
        options: &SendOptions,
    ) -> Result<Delivery, SendError> {
        let started = Instant::now();
        let mut prepared = prepare(message, options, self.inner.config.validate)?;
        let span = prepared.span(url);
        let warnings = prepared.take_warnings(&span);
        let deadline = options.deadline.map(|d| started + d);
        let delivery = self
            .deliver(url, prepared, started, deadline)
            .instrument(span)
            .await?;
        Ok(Delivery {
            warnings,
            ..delivery
        })
    }

    /// Sends a plain text message (`{"text": text}`).
    pub async fn send_text(
        &self,
        url: &WebhookUrl,
        text: &str,
        options: &SendOptions,
    ) -> Result<Delivery, SendError> {
        self.send(url, &serde_json::json!({ "text": text }), options)
            .await
    }

    async fn deliver(
        &self,
        url: &WebhookUrl,
        prepared: Prepared,
        started: Instant,
        deadline: Option<Instant>,
    ) -> Result<Delivery, SendError> {
        let config = &self.inner.config;
        let mut state = RetryState::new(config, url, prepared.request_id.clone());
        let lane = self.inner.lanes.lane(url.space_id());
        let mut waiting_since = Instant::now();
        let guard = match deadline {
            Some(d) => tokio::time::timeout_at(d, lane.lock())
                .await
                .map_err(|_| state.deadline_error(false))?,
            None => lane.lock().await,
        };
        let mut paced = Paced::new(guard, &self.inner.pacing, url.space_id(), config.interval);
        let mut budget_end = {
            let end = Instant::now() + config.total_budget;
            deadline.map_or(end, |d| d.min(end))
        };
        // Waiting for the first shared slot is queueing behind other processes'
        // messages: bounded by the caller's deadline, not counted in the budget.
        let queue_end = deadline.unwrap_or_else(|| Instant::now() + MAX_SHARED_QUEUE);
        let full_url = attempt_url(url, &prepared);
        loop {
            let first = state.attempts() == 0;
            let shared_limit = if first { queue_end } else { budget_end };
            let queued = paced
                .wait_turn(budget_end, shared_limit)
                .await
                .map_err(|_| state.deadline_error(false))?;
            if first {
                budget_end = extend(budget_end, queued, deadline);
            }
            let now = Instant::now();
            tracing::debug!(
                attempt = state.attempts() + 1,
                waited_ms = now.saturating_duration_since(waiting_since).as_millis() as u64,
                "chat-card: the space's lane is free"
            );
            if now >= budget_end {
                return Err(state.deadline_error(false));
            }
            let attempt = state.begin_attempt();
            let timeout = config.attempt_timeout.min(budget_end - now);
            tracing::debug!(attempt, "chat-card: posting");
            // Reserve the slot first: if this future is dropped mid-request, the next
            // message still waits an interval.
            paced.attempt_at(now);
            let outcome = self.attempt(&full_url, &prepared.body, timeout).await;
            let done = Instant::now();
            paced.attempt_at(done);
            if let Outcome::Response { http, .. } = &outcome {
                tracing::debug!(attempt, http = *http, "chat-card: answer");
                if let Some(hook) = &config.on_answer {
                    (hook.0)(*http);
                }
            }
            let remaining = budget_end.saturating_duration_since(done);
            match state.after(outcome, remaining) {
                Next::Done(result) => {
                    return result.map(|posted| state.delivery(posted, started.elapsed()));
                }
                Next::Retry { delay, push_lane } => {
                    if push_lane {
                        paced.push_back(done, delay).await;
                    }
                    waiting_since = Instant::now();
                    tokio::time::sleep_until(done + delay).await;
                }
            }
        }
    }

    async fn attempt(&self, url: &url::Url, body: &[u8], timeout: Duration) -> Outcome {
        let request = self
            .inner
            .client
            .post(url.clone())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/json; charset=UTF-8",
            )
            .body(body.to_vec())
            .timeout(timeout);
        execute(request).await
    }
}

/// The budget's end moved later by the time queued for a shared slot, but never past
/// the caller's deadline.
pub(crate) fn extend(budget_end: Instant, queued: Duration, deadline: Option<Instant>) -> Instant {
    let end = budget_end + queued;
    deadline.map_or(end, |d| d.min(end))
}

/// Runs one HTTP attempt and reads its answer (at most 64 KB of body).
pub(crate) async fn execute(request: reqwest::RequestBuilder) -> Outcome {
    let mut response = match request.send().await {
        Ok(r) => r,
        Err(e) => return Outcome::Transport(e),
    };
    let http = response.status().as_u16();
    let retry_after = retry_after(response.headers());
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() < MAX_RESPONSE_BYTES {
                    body.extend_from_slice(&chunk);
                }
            }
            Ok(None) => break,
            // The status arrived; a 2xx means the message was posted even if the
            // rest of the answer was lost.
            Err(_) if (200..300).contains(&http) => break,
            Err(e) => return Outcome::Transport(e),
        }
    }
    Outcome::Response {
        http,
        retry_after,
        body,
    }
}
