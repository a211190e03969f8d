//! The blocking [`BlockingSender`] (feature `blocking`): the async [`Sender`]'s delivery
//! driver, run on a current-thread runtime on a thread of its own (as reqwest's blocking
//! client runs its async client). Every clone shares that thread and the sender's lanes,
//! so messages to one space go out in the order their calls began, paced as by
//! [`Sender`].

use std::future::Future;
use std::io::Read;
use std::pin::Pin;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;
use tracing::Instrument;

use super::backoff::retry_after;
use super::body::{Prepared, prepare, prepare_json};
use super::classify::Outcome;
use super::client::Sender;
use super::config::SenderBuilder;
use super::error::{BuildProblem, SendError, SenderBuildError};
use super::options::SendOptions;
use super::url::WebhookUrl;
use super::{Delivery, MAX_RESPONSE_BYTES};

/// A send handed to the runtime thread.
type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The blocking twin of [`Sender`]: same options, pacing, retries and errors, for
/// scripts and non-async code. Each call blocks the calling thread until the message is
/// posted or has failed; the work runs on the sender's own runtime thread.
///
/// Do not use it inside an async runtime (it would block that runtime's thread); use
/// [`Sender`] in async code.
///
/// ```no_run
/// use chat_card::{BlockingSender, SendOptions, WebhookUrl};
///
/// let url: WebhookUrl = std::env::var("CHAT_WEBHOOK_URL")?.parse()?;
/// let sender = BlockingSender::new()?;
/// let delivery = sender.send_text(&url, "Backup done", &SendOptions::new())?;
/// println!("{}", delivery.name);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct BlockingSender {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    sender: Sender,
    /// A caller's blocking client ([`SenderBuilder::blocking_http_client`]); `None`:
    /// the async sender's own client.
    client: Option<reqwest::blocking::Client>,
    jobs: Option<tokio::sync::mpsc::UnboundedSender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the queue ends the runtime thread's loop; no send is in flight, since
        // every send holds a clone.
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl SenderBuilder {
    /// Builds the blocking sender (and starts its runtime thread).
    ///
    /// The blocking sender paces in-process only: with `shared_pacing` set (feature
    /// `redis`) this returns an error.
    pub fn build_blocking(mut self) -> Result<BlockingSender, SenderBuildError> {
        #[cfg(feature = "redis")]
        if self.shared.is_some() {
            return Err(SenderBuildError(BuildProblem::SharedPacingBlocking));
        }
        let client = self.blocking_client.take();
        let sender = self.build()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| SenderBuildError(BuildProblem::Runtime(e)))?;
        let (jobs, mut queue) = tokio::sync::mpsc::unbounded_channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("chat-card-blocking-sender".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    // Spawned in arrival order: each send asks for its lane in that order.
                    while let Some(job) = queue.recv().await {
                        tokio::spawn(job);
                    }
                });
            })
            .map_err(|e| SenderBuildError(BuildProblem::Runtime(e)))?;
        Ok(BlockingSender {
            inner: Arc::new(Inner {
                sender,
                client,
                jobs: Some(jobs),
                thread: Some(thread),
            }),
        })
    }
}

impl BlockingSender {
    /// A blocking sender with the default settings.
    pub fn new() -> Result<Self, SenderBuildError> {
        SenderBuilder::default().build_blocking()
    }

    /// Starts building a sender (finish with [`SenderBuilder::build_blocking`]).
    pub fn builder() -> SenderBuilder {
        SenderBuilder::default()
    }

    /// Sends a message; see [`Sender::send`].
    pub fn send<M: Serialize + ?Sized>(
        &self,
        url: &WebhookUrl,
        message: &M,
        options: &SendOptions,
    ) -> Result<Delivery, SendError> {
        let started = Instant::now();
        let mut prepared = prepare(message, options, self.inner.sender.validates())?;
        let span = prepared.span(url);
        let warnings = prepared.take_warnings(&span);
        let delivery = self.deliver(url, prepared, started, options, span)?;
        Ok(Delivery {
            warnings,
            ..delivery
        })
    }

    /// Sends a plain text message (`{"text": text}`).
    pub fn send_text(
        &self,
        url: &WebhookUrl,
        text: &str,
        options: &SendOptions,
    ) -> Result<Delivery, SendError> {
        self.send(url, &serde_json::json!({ "text": text }), options)
    }

    /// Sends a message that is already JSON and already checked, without parsing or
    /// validating it again; see [`Sender::send_json`].
    pub fn send_json(
        &self,
        url: &WebhookUrl,
        json: &str,
        options: &SendOptions,
    ) -> Result<Delivery, SendError> {
        let started = Instant::now();
        let prepared = prepare_json(json, options)?;
        let span = prepared.span(url);
        self.deliver(url, prepared, started, options, span)
    }

    /// Runs the delivery on the runtime thread and waits for its result.
    fn deliver(
        &self,
        url: &WebhookUrl,
        prepared: Prepared,
        started: Instant,
        options: &SendOptions,
        span: tracing::Span,
    ) -> Result<Delivery, SendError> {
        let deadline = options.deadline.map(|d| started + d);
        let (reply, result) = mpsc::sync_channel(1);
        let sender = self.inner.sender.clone();
        let client = self.inner.client.clone();
        let url = url.clone();
        let job: Job = Box::pin(
            async move {
                let delivered = match client {
                    Some(client) => {
                        let post = |full_url, body, timeout| {
                            post_blocking(client.clone(), full_url, body, timeout)
                        };
                        sender
                            .deliver_with(&url, &prepared, started, deadline, post)
                            .await
                    }
                    None => sender.deliver(&url, &prepared, started, deadline).await,
                };
                let _ = reply.send(delivered);
            }
            .instrument(span),
        );
        let queued = self
            .inner
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(job).is_ok());
        match result.recv() {
            Ok(delivered) if queued => delivered,
            // The runtime thread only stops early by a panic in it (reqwest's blocking
            // client does the same).
            _ => panic!("chat-card: the blocking sender's runtime thread stopped"),
        }
    }
}

/// One attempt with a caller's blocking client, on the runtime's blocking pool.
async fn post_blocking(
    client: reqwest::blocking::Client,
    url: url::Url,
    body: Vec<u8>,
    timeout: Duration,
) -> Outcome {
    let attempt = tokio::task::spawn_blocking(move || {
        let request = client
            .post(url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/json; charset=UTF-8",
            )
            .body(body)
            .timeout(timeout);
        let response = match request.send() {
            Ok(r) => r,
            Err(e) => return Outcome::Transport(e),
        };
        let http = response.status().as_u16();
        let retry_after = retry_after(response.headers());
        let mut body = Vec::new();
        let read = response
            .take(MAX_RESPONSE_BYTES as u64)
            .read_to_end(&mut body);
        if read.is_err() && !(200..300).contains(&http) {
            // The error answer was cut off: classify it on its status alone.
            body.clear();
        }
        Outcome::Response {
            http,
            retry_after,
            body,
        }
    });
    match attempt.await {
        Ok(outcome) => outcome,
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(_) => panic!("chat-card: the blocking sender's runtime stopped mid-attempt"),
        },
    }
}
