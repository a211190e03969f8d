//! One Chat API call through the sender's delivery driver: the space's lane (for
//! writes), the bearer token with its one refresh after a 401, and the shared
//! classification.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;
use tracing::Instrument;

use super::error::{ChatApiError, Operation};
use super::token::{AccessToken, TokenSource};
use crate::webhook::classify::{Judge, Outcome, Scrub};
use crate::webhook::client::execute;
use crate::webhook::drive::{Attempt, Driver, Pacing, Stopped};
use crate::webhook::{SendError, Sender};

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

/// Runs one call with retries through the delivery driver. Writes hold the space's lane
/// for the whole call, like the webhook sender's sends, so both kinds of message to a
/// space share one quota.
pub(crate) async fn run(
    sender: &Sender,
    tokens: &TokenSource,
    call: Call,
) -> Result<Answer, ChatApiError> {
    let span = tracing::info_span!(
        "chat_card.api",
        operation = ?call.operation,
        space = call.space.as_str(),
        request_id = call.request_id.as_deref().unwrap_or(""),
    );
    run_inner(sender, tokens, call).instrument(span).await
}

async fn run_inner(
    sender: &Sender,
    tokens: &TokenSource,
    call: Call,
) -> Result<Answer, ChatApiError> {
    let deadline = call.deadline.map(|d| Instant::now() + d);
    let scrub = TokenScrub::default();
    let mut judge = Judge::new(&scrub, call.request_id.clone());
    if call.idempotent {
        judge = judge.idempotent();
    }
    // The first token is fetched before queueing, so a slow token endpoint never holds
    // the space's lane.
    tokens.token().await?;
    let lane = call.paced.then(|| sender.lane(&call.space));
    let mut driver = Driver::new(sender.config()).deadline(deadline);
    if let Some(lane) = &lane {
        driver = driver.paced(Pacing {
            lane,
            backend: sender.pacing(),
            space: &call.space,
        });
    }
    let refreshed = AtomicBool::new(false);
    let driven = driver
        .run(|attempt, timeout| {
            let (judge, scrub, call, refreshed) = (&judge, &scrub, &call, &refreshed);
            async move {
                let token = match tokens.token().await {
                    Ok(token) => token,
                    Err(e) => return Attempt::Permanent(e.into()),
                };
                scrub.add(&token);
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
                let refused = matches!(outcome, Outcome::Response { http: 401, .. });
                if let Outcome::Response { http, .. } = &outcome {
                    tracing::debug!(attempt, http = *http, "chat-card: answer");
                }
                let judged = judge
                    .judge(outcome, attempt)
                    .map_err(|e| api_error(call.operation, e));
                match judged {
                    // A refused token (revoked, or expired early): one fresh token, once.
                    Attempt::Permanent(e)
                        if refused && !refreshed.swap(true, Ordering::Relaxed) =>
                    {
                        tokens.invalidate(&token).await;
                        Attempt::Again(e)
                    }
                    judged => judged,
                }
            }
        })
        .await
        .map_err(|stopped| match stopped {
            Stopped::Failed(e) => e,
            Stopped::OutOfTime { attempts } => {
                ChatApiError::from(judge.stopped(Stopped::OutOfTime { attempts }))
            }
        })?;
    Ok(Answer {
        body: driven.value.body,
        attempts: driven.attempts,
        request_id: judge.request_id().map(str::to_owned),
    })
}

/// The Chat API's error for a webhook-shaped one: a rejection names the operation.
fn api_error(operation: Operation, error: SendError) -> ChatApiError {
    match error {
        SendError::Rejected {
            error,
            attempts,
            request_id,
        } => ChatApiError::Rejected {
            operation,
            error,
            attempts,
            request_id,
        },
        e => e.into(),
    }
}
