//! One Chat API call through the sender's machinery: the space's lane (for writes), the
//! bearer token, the retry loop and the shared classification.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;
use tracing::Instrument;

use super::client::ChatApi;
use super::error::{ChatApiError, Operation};
use super::token::AccessToken;
use crate::webhook::SendError;
use crate::webhook::classify::{Next, Outcome, RetryState, Scrub};
use crate::webhook::client::{execute, extend};
use crate::webhook::pacing::{MAX_SHARED_QUEUE, Paced};

/// What to send.
pub(crate) struct Call {
    pub(crate) operation: Operation,
    pub(crate) method: reqwest::Method,
    /// The full URL (base, path, query). Holds no secret.
    pub(crate) url: url::Url,
    pub(crate) body: Option<Vec<u8>>,
    /// The space id: the lane's key.
    pub(crate) space: String,
    /// Writes wait for the space's lane (1 per second); reads do not.
    pub(crate) paced: bool,
    pub(crate) request_id: Option<String>,
    /// Safe to repeat after an ambiguous failure.
    pub(crate) idempotent: bool,
    pub(crate) deadline: Option<Duration>,
}

/// A successful answer.
pub(crate) struct Answer {
    pub(crate) body: serde_json::Value,
    pub(crate) attempts: u32,
    pub(crate) request_id: Option<String>,
}

/// Replaces every access token used by a call in text kept for errors.
#[derive(Default)]
struct TokenScrub(Mutex<Vec<String>>);

impl TokenScrub {
    fn add(&self, token: &AccessToken) {
        let mut list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !list.iter().any(|t| t == token.secret()) {
            list.push(token.secret().to_owned());
        }
    }
}

impl Scrub for TokenScrub {
    fn scrub(&self, text: &str) -> String {
        let list = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut out = text.to_owned();
        for secret in list.iter().filter(|s| !s.is_empty()) {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), "<redacted>");
            }
        }
        out
    }
}

impl ChatApi {
    /// Runs one call with retries. Writes hold the space's lane for the whole loop, like
    /// the webhook sender's sends, so both kinds of message to a space share one quota.
    pub(crate) async fn run(&self, call: Call) -> Result<Answer, ChatApiError> {
        let span = tracing::info_span!(
            "chat_card.api",
            operation = ?call.operation,
            space = call.space.as_str(),
            request_id = call.request_id.as_deref().unwrap_or(""),
        );
        self.run_inner(call).instrument(span).await
    }

    async fn run_inner(&self, call: Call) -> Result<Answer, ChatApiError> {
        let started = Instant::now();
        let deadline = call.deadline.map(|d| started + d);
        let sender = self.sender();
        let config = sender.config();
        let scrub = TokenScrub::default();
        let mut state = RetryState::new(config, &scrub, call.request_id.clone());
        if call.idempotent {
            state = state.idempotent();
        }
        // The first token is fetched before queueing, so a slow token endpoint never
        // holds the space's lane.
        self.tokens().token().await?;
        let lane = call.paced.then(|| sender.lane(&call.space));
        let mut paced = match &lane {
            Some(lane) => Some(Paced::new(
                match deadline {
                    Some(d) => tokio::time::timeout_at(d, lane.lock())
                        .await
                        .map_err(|_| state.deadline_error(false))?,
                    None => lane.lock().await,
                },
                sender.pacing(),
                &call.space,
                config.interval,
            )),
            None => None,
        };
        let mut budget_end = {
            let end = Instant::now() + config.total_budget;
            deadline.map_or(end, |d| d.min(end))
        };
        // As in the webhook sender: queueing for the first shared slot is bounded by the
        // caller's deadline, not counted in the budget.
        let queue_end = deadline.unwrap_or_else(|| Instant::now() + MAX_SHARED_QUEUE);
        let mut refreshed = false;
        loop {
            if let Some(p) = paced.as_mut() {
                let first = state.attempts() == 0;
                let shared_limit = if first { queue_end } else { budget_end };
                let queued = p
                    .wait_turn(budget_end, shared_limit)
                    .await
                    .map_err(|_| state.deadline_error(false))?;
                if first {
                    budget_end = extend(budget_end, queued, deadline);
                }
            }
            let token = self.tokens().token().await?;
            scrub.add(&token);
            let now = Instant::now();
            if now >= budget_end {
                return Err(state.deadline_error(false).into());
            }
            let attempt = state.begin_attempt();
            let timeout = config.attempt_timeout.min(budget_end - now);
            if let Some(p) = paced.as_mut() {
                // Reserve the slot first, as the sender does.
                p.attempt_at(now);
            }
            tracing::debug!(attempt, "chat-card: calling the Chat API");
            let mut request = sender
                .http()
                .request(call.method.clone(), call.url.clone())
                .bearer_auth(token.secret())
                .timeout(timeout);
            if let Some(body) = &call.body {
                request = request
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/json; charset=UTF-8",
                    )
                    .body(body.clone());
            }
            let outcome = execute(request).await;
            let done = Instant::now();
            if let Some(p) = paced.as_mut() {
                p.attempt_at(done);
            }
            if let Outcome::Response { http, .. } = &outcome {
                tracing::debug!(attempt, http = *http, "chat-card: answer");
                // A refused token (revoked, or expired early): one fresh token, once.
                if *http == 401 && !refreshed && state.attempts() < config.max_attempts {
                    refreshed = true;
                    self.tokens().invalidate(&token).await;
                    continue;
                }
            }
            let remaining = budget_end.saturating_duration_since(done);
            match state.after(outcome, remaining) {
                Next::Done(Ok(posted)) => {
                    return Ok(Answer {
                        body: posted.body,
                        attempts: state.attempts(),
                        request_id: state.request_id().map(str::to_owned),
                    });
                }
                Next::Done(Err(SendError::Rejected {
                    error,
                    attempts,
                    request_id,
                })) => {
                    return Err(ChatApiError::Rejected {
                        operation: call.operation,
                        error,
                        attempts,
                        request_id,
                    });
                }
                Next::Done(Err(e)) => return Err(e.into()),
                Next::Retry { delay, push_lane } => {
                    if push_lane && let Some(p) = paced.as_mut() {
                        p.push_back(done, delay).await;
                    }
                    tokio::time::sleep_until(done + delay).await;
                }
            }
        }
    }
}
