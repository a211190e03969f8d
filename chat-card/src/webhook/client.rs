//! The async [`Sender`], its `build`, and the HTTP half of one webhook attempt.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;
use tracing::Instrument;

use super::backoff::retry_after;
use super::body::{Prepared, attempt_url, prepare, prepare_json};
use super::classify::{Judge, Outcome, Posted};
use super::config::SenderBuilder;
use super::drive::{Driven, Driver, Pacing};
use super::error::{SendError, SenderBuildError};
use super::options::SendOptions;
use super::pacing::{Backend, Lane, Lanes};
use super::settings::Config;
use super::url::WebhookUrl;
use super::{Delivery, MAX_RESPONSE_BYTES, RawAnswer};

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
    pub fn new() -> Result<Self, SenderBuildError> {
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
            .deliver(url, &prepared, started, deadline)
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

    /// Sends a message that is already JSON and already checked: the output of `card!` /
    /// `message!` ([`JsonMessage::as_str`](crate::JsonMessage::as_str)), or a body a queue
    /// validated when it accepted it. It is not parsed into a tree, re-serialised or
    /// validated again, so [`Delivery::warnings`] stays empty:
    ///
    /// - it must be a JSON object (only its top-level keys are read, to place the
    ///   thread); anything else is refused as [`SendError::Invalid`];
    /// - the options are checked, and the 32,000-byte limit is kept, as by [`send`](Self::send);
    /// - the validator is skipped whatever [`SenderBuilder::validate`] says: use
    ///   [`send`](Self::send) for messages built at run time from untrusted parts.
    ///
    /// A thread from the options is spliced in before the message's own keys; the rest
    /// of the bytes go out as given.
    ///
    /// ```no_run
    /// use chat_card::{SendOptions, Sender, WebhookUrl, card};
    ///
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let url: WebhookUrl = std::env::var("CHAT_WEBHOOK_URL")?.parse()?;
    /// let message = card! { header { title: "Deploy finished" } section { text "v1.2" } }?;
    /// Sender::new()?
    ///     .send_json(&url, message.as_str(), &SendOptions::new().thread_key("deploy"))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_json(
        &self,
        url: &WebhookUrl,
        json: &str,
        options: &SendOptions,
    ) -> Result<Delivery, SendError> {
        let started = Instant::now();
        let prepared = prepare_json(json, options)?;
        let span = prepared.span(url);
        let deadline = options.deadline.map(|d| started + d);
        self.deliver(url, &prepared, started, deadline)
            .instrument(span)
            .await
    }

    /// The minimum time between two requests to one space (see
    /// [`SenderBuilder::per_space_interval`]).
    pub fn interval(&self) -> Duration {
        self.inner.config.interval
    }

    /// Whether messages are validated before sending.
    #[cfg(feature = "blocking")]
    pub(crate) fn validates(&self) -> bool {
        self.inner.config.validate
    }

    /// Posts a prepared message with this sender's HTTP client.
    pub(crate) async fn deliver(
        &self,
        url: &WebhookUrl,
        prepared: &Prepared,
        started: Instant,
        deadline: Option<Instant>,
    ) -> Result<Delivery, SendError> {
        let client = &self.inner.client;
        self.deliver_with(
            url,
            prepared,
            started,
            deadline,
            |full_url, body, timeout| {
                let request = client
                    .post(full_url)
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/json; charset=UTF-8",
                    )
                    .body(body)
                    .timeout(timeout);
                execute(request)
            },
        )
        .await
    }

    /// Posts a prepared message through the delivery driver; `post(url, body, timeout)`
    /// makes one HTTP attempt (the blocking sender brings its own client).
    pub(crate) async fn deliver_with<F, Fut>(
        &self,
        url: &WebhookUrl,
        prepared: &Prepared,
        started: Instant,
        deadline: Option<Instant>,
        post: F,
    ) -> Result<Delivery, SendError>
    where
        F: Fn(url::Url, Vec<u8>, Duration) -> Fut,
        Fut: Future<Output = Outcome>,
    {
        let config = &self.inner.config;
        let judge = Judge::new(url, prepared.request_id.clone());
        let lane = self.inner.lanes.lane(url.space_id());
        let full_url = attempt_url(url, prepared);
        let driven = Driver::new(config)
            .paced(Pacing {
                lane: &lane,
                backend: &self.inner.pacing,
                space: url.space_id(),
            })
            .deadline(deadline)
            .run(|attempt, timeout| {
                tracing::debug!(attempt, "chat-card: posting");
                let outcome = post(full_url.clone(), prepared.body.clone(), timeout);
                let judge = &judge;
                async move {
                    let outcome = outcome.await;
                    if let Outcome::Response { http, .. } = &outcome {
                        tracing::debug!(attempt, http = *http, "chat-card: answer");
                        if let Some(hook) = &config.on_answer {
                            (hook.0)(*http);
                        }
                    }
                    judge.judge(outcome, attempt)
                }
            })
            .await
            .map_err(|stopped| judge.stopped(stopped))?;
        Ok(delivery(driven, &judge, started.elapsed()))
    }
}

/// The delivery report of a posted message, `elapsed` after the call began.
fn delivery(driven: Driven<Posted>, judge: &Judge<'_>, elapsed: Duration) -> Delivery {
    let Driven {
        value: posted,
        attempts,
        rate_limited,
    } = driven;
    Delivery {
        name: posted.name,
        thread_name: posted.thread_name,
        attempts,
        elapsed,
        request_id: judge.request_id().map(str::to_owned),
        rate_limited,
        warnings: Vec::new(),
        answer: RawAnswer(posted.body),
    }
}

impl SenderBuilder {
    /// Builds the async sender.
    pub fn build(self) -> Result<Sender, SenderBuildError> {
        let client = match self.client {
            Some(c) => c,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.config.connect_timeout)
                .user_agent(self.config.user_agent.clone())
                .build()
                .map_err(SenderBuildError::http)?,
        };
        #[cfg(feature = "redis")]
        let backend = self.shared.map_or(Backend::Local, Backend::Shared);
        #[cfg(not(feature = "redis"))]
        let backend = Backend::Local;
        Ok(Sender::from_parts(client, self.config, backend))
    }
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
