//! The blocking [`BlockingSender`] (feature `blocking`): the same behaviour as
//! [`Sender`](crate::Sender) for scripts and non-async code.

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::backoff::retry_after;
use super::body::{Prepared, attempt_url, prepare};
use super::classify::{Next, Outcome, RetryState};
use super::config::{Config, SenderBuilder};
use super::error::{SendError, SenderBuildError};
use super::options::SendOptions;
use super::pacing::{LaneState, Lanes};
use super::url::WebhookUrl;
use super::{Delivery, MAX_RESPONSE_BYTES};

/// A FIFO lane: threads are served in the order they asked (ticket lock).
#[derive(Debug, Default)]
struct FairLane {
    state: Mutex<Tickets>,
    turn: Condvar,
}

#[derive(Debug, Default)]
struct Tickets {
    next_ticket: u64,
    serving: u64,
    abandoned: BTreeSet<u64>,
    lane: LaneState<Instant>,
}

struct LaneGuard<'a> {
    lane: &'a FairLane,
}

impl FairLane {
    /// Waits for this caller's turn; `None` if `deadline` passed first.
    fn acquire(&self, deadline: Option<Instant>) -> Option<LaneGuard<'_>> {
        let mut t = self.lock();
        let ticket = t.next_ticket;
        t.next_ticket += 1;
        while t.serving != ticket {
            match deadline {
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        // Give up the place; whoever advances `serving` skips it.
                        t.abandoned.insert(ticket);
                        return None;
                    }
                    t = self
                        .turn
                        .wait_timeout(t, d - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
                None => t = self.turn.wait(t).unwrap_or_else(PoisonError::into_inner),
            }
        }
        Some(LaneGuard { lane: self })
    }

    fn lock(&self) -> MutexGuard<'_, Tickets> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl LaneGuard<'_> {
    fn with<R>(&self, f: impl FnOnce(&mut LaneState<Instant>) -> R) -> R {
        f(&mut self.lane.lock().lane)
    }
}

impl Drop for LaneGuard<'_> {
    fn drop(&mut self) {
        let mut t = self.lane.lock();
        t.serving += 1;
        loop {
            let next = t.serving;
            if !t.abandoned.remove(&next) {
                break;
            }
            t.serving += 1;
        }
        self.lane.turn.notify_all();
    }
}

/// The blocking twin of [`Sender`](crate::Sender): same options, pacing, retries and
/// errors, built on `reqwest::blocking` and `std::thread::sleep`.
///
/// Do not create or use it inside an async runtime (reqwest's blocking client panics
/// there); use [`Sender`](crate::Sender) in async code.
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
    client: reqwest::blocking::Client,
    config: Config,
    lanes: Lanes<FairLane>,
}

impl SenderBuilder {
    /// Builds the blocking sender.
    ///
    /// The blocking sender paces in-process only: with `shared_pacing` set (feature
    /// `redis`) this returns an error.
    pub fn build_blocking(self) -> Result<BlockingSender, SenderBuildError> {
        #[cfg(feature = "redis")]
        if self.shared.is_some() {
            return Err(SenderBuildError(
                super::error::BuildProblem::SharedPacingBlocking,
            ));
        }
        let client = match self.blocking_client {
            Some(c) => c,
            None => reqwest::blocking::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.config.connect_timeout)
                .user_agent(self.config.user_agent.clone())
                .build()
                .map_err(SenderBuildError::http)?,
        };
        Ok(BlockingSender {
            inner: Arc::new(Inner {
                client,
                config: self.config,
                lanes: Lanes::new(),
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

    /// Sends a message; see [`Sender::send`](crate::Sender::send).
    pub fn send<M: Serialize + ?Sized>(
        &self,
        url: &WebhookUrl,
        message: &M,
        options: &SendOptions,
    ) -> Result<Delivery, SendError> {
        let started = Instant::now();
        let mut prepared = prepare(message, options, self.inner.config.validate)?;
        let span = prepared.span(url);
        let warnings = prepared.take_warnings(&span);
        let _entered = span.enter();
        let deadline = options.deadline.map(|d| started + d);
        let delivery = self.deliver(url, prepared, started, deadline)?;
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

    fn deliver(
        &self,
        url: &WebhookUrl,
        prepared: Prepared,
        started: Instant,
        deadline: Option<Instant>,
    ) -> Result<Delivery, SendError> {
        let config = &self.inner.config;
        let mut state = RetryState::new(config, url, prepared.request_id.clone());
        let lane = self.inner.lanes.lane(url.space_id());
        let guard = lane
            .acquire(deadline)
            .ok_or_else(|| state.deadline_error(false))?;
        let budget_end = {
            let end = Instant::now() + config.total_budget;
            deadline.map_or(end, |d| d.min(end))
        };
        let full_url = attempt_url(url, &prepared);
        loop {
            if let Some(ready) = guard.with(|l| l.ready_at()) {
                if ready >= budget_end {
                    return Err(state.deadline_error(false));
                }
                sleep_until(ready);
            }
            let now = Instant::now();
            if now >= budget_end {
                return Err(state.deadline_error(false));
            }
            let attempt = state.begin_attempt();
            let timeout = config.attempt_timeout.min(budget_end - now);
            tracing::debug!(attempt, "chat-card: posting");
            guard.with(|l| l.after_attempt(now, config.interval));
            let outcome = self.attempt(&full_url, &prepared.body, timeout);
            let done = Instant::now();
            guard.with(|l| l.after_attempt(done, config.interval));
            let remaining = budget_end.saturating_duration_since(done);
            match state.after(outcome, remaining) {
                Next::Done(result) => {
                    return result.map(|posted| state.delivery(posted, started.elapsed()));
                }
                Next::Retry { delay, push_lane } => {
                    if push_lane {
                        guard.with(|l| l.push_back(done, delay));
                    }
                    sleep_until(done + delay);
                }
            }
        }
    }

    fn attempt(&self, url: &url::Url, body: &[u8], timeout: Duration) -> Outcome {
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
    }
}

fn sleep_until(at: Instant) {
    let now = Instant::now();
    if at > now {
        std::thread::sleep(at - now);
    }
}
