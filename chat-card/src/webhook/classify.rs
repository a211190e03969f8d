//! What one attempt's outcome means, and what to do next: shared by both senders.

use std::time::Duration;

use super::Delivery;
use super::backoff::backoff_delay;
use super::config::Config;
use super::error::{SendError, TransportError};
use super::url::WebhookUrl;
use crate::google_status::ApiError;

/// What came back from one HTTP attempt.
pub(crate) enum Outcome {
    /// An HTTP answer (any status).
    Response {
        http: u16,
        /// The `Retry-After` header, already parsed.
        retry_after: Option<Duration>,
        body: Vec<u8>,
    },
    /// No HTTP answer.
    Transport(reqwest::Error),
}

/// The name and thread name of a posted message, and the whole answer.
pub(crate) struct Posted {
    pub(crate) name: String,
    pub(crate) thread_name: Option<String>,
    /// The answer's JSON (`Null` when it was not JSON or was cut off).
    pub(crate) body: serde_json::Value,
}

/// Removes credentials from text kept in an error (a webhook URL's key and token, an
/// access token).
pub(crate) trait Scrub: Sync {
    /// The text with every secret replaced.
    fn scrub(&self, text: &str) -> String;
}

impl Scrub for WebhookUrl {
    fn scrub(&self, text: &str) -> String {
        WebhookUrl::scrub(self, text)
    }
}

/// A failure that could be retried.
enum Failure {
    RateLimited {
        hint: Option<Duration>,
        last: Option<ApiError>,
    },
    Unavailable {
        hint: Option<Duration>,
        last: ApiError,
    },
    Timeout {
        ambiguous: bool,
    },
    Transport {
        ambiguous: bool,
        error: TransportError,
    },
}

/// What one outcome is.
enum Verdict {
    Posted(Posted),
    Permanent(ApiError),
    /// `safe`: retrying cannot post the message twice (or the caller made it idempotent).
    Retryable {
        failure: Failure,
        safe: bool,
    },
}

/// What the driver does next.
pub(crate) enum Next {
    /// Stop with this result.
    Done(Result<Posted, SendError>),
    /// Wait `delay`, then try again. With `push_lane`, the whole space's lane waits too.
    Retry { delay: Duration, push_lane: bool },
}

const RATE_LIMIT_REASONS: [&str; 3] = [
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "RATE_LIMIT_EXCEEDED",
];

fn classify(outcome: Outcome, url: &dyn Scrub, idempotent: bool) -> Verdict {
    match outcome {
        Outcome::Response {
            http,
            retry_after,
            body,
        } => {
            if (200..300).contains(&http) {
                return Verdict::Posted(parse_posted(&body));
            }
            let api = ApiError::parse(http, &body, |s| url.scrub(s));
            let hint = retry_after.or(api.retry_delay);
            let rate_limited = http == 429
                || api.status.as_deref() == Some("RESOURCE_EXHAUSTED")
                || (http == 403
                    && api
                        .reason
                        .as_deref()
                        .is_some_and(|r| RATE_LIMIT_REASONS.contains(&r)));
            if rate_limited {
                return Verdict::Retryable {
                    failure: Failure::RateLimited {
                        hint,
                        last: Some(api),
                    },
                    safe: true,
                };
            }
            match http {
                // The request was not processed: safe to repeat (AIP-194: UNAVAILABLE).
                408 | 503 => Verdict::Retryable {
                    failure: Failure::Unavailable { hint, last: api },
                    safe: true,
                },
                501 => Verdict::Permanent(api),
                500..=599 => Verdict::Retryable {
                    failure: Failure::Unavailable { hint, last: api },
                    safe: idempotent,
                },
                _ => Verdict::Permanent(api),
            }
        }
        Outcome::Transport(error) => {
            let connect = error.is_connect();
            if error.is_timeout() {
                Verdict::Retryable {
                    failure: Failure::Timeout {
                        ambiguous: !connect,
                    },
                    safe: connect || idempotent,
                }
            } else {
                Verdict::Retryable {
                    failure: Failure::Transport {
                        ambiguous: !connect,
                        error: TransportError::new(error),
                    },
                    safe: connect || idempotent,
                }
            }
        }
    }
}

fn parse_posted(body: &[u8]) -> Posted {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let text = |v: Option<&serde_json::Value>| v.and_then(|s| s.as_str()).map(str::to_owned);
    Posted {
        name: text(value.get("name")).unwrap_or_default(),
        thread_name: text(value.get("thread").and_then(|t| t.get("name"))),
        body: value,
    }
}

/// The retry loop's state for one message: counts attempts and decides what follows each.
pub(crate) struct RetryState<'a> {
    config: &'a Config,
    url: &'a dyn Scrub,
    request_id: Option<String>,
    idempotent: bool,
    attempts: u32,
    /// Answers that were 429 (the space's quota), retried or not.
    rate_limited: std::cell::Cell<u32>,
}

impl<'a> RetryState<'a> {
    pub(crate) fn new(config: &'a Config, url: &'a dyn Scrub, request_id: Option<String>) -> Self {
        RetryState {
            config,
            url,
            idempotent: request_id.is_some(),
            request_id,
            attempts: 0,
            rate_limited: std::cell::Cell::new(0),
        }
    }

    /// Marks the request as safe to repeat without a request id (get, update, delete).
    #[cfg(feature = "chat-api")]
    pub(crate) fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Counts an attempt about to be made; returns its number (1-based).
    pub(crate) fn begin_attempt(&mut self) -> u32 {
        self.attempts += 1;
        self.attempts
    }

    /// Attempts made so far.
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The request id sent on every attempt.
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The error for running out of time before (or between) attempts.
    pub(crate) fn deadline_error(&self, ambiguous: bool) -> SendError {
        SendError::Timeout {
            attempts: self.attempts,
            ambiguous,
            request_id: self.request_id.clone(),
        }
    }

    /// The delivery report for a posted message, `elapsed` after the call began.
    pub(crate) fn delivery(&self, posted: Posted, elapsed: Duration) -> Delivery {
        Delivery {
            name: posted.name,
            thread_name: posted.thread_name,
            attempts: self.attempts(),
            elapsed,
            request_id: self.request_id().map(str::to_owned),
            rate_limited: self.rate_limited.get(),
            warnings: Vec::new(),
            answer: super::RawAnswer(posted.body),
        }
    }

    /// Decides what follows an outcome. `remaining` is the time left in the budget.
    pub(crate) fn after(&self, outcome: Outcome, remaining: Duration) -> Next {
        let verdict = classify(outcome, self.url, self.idempotent);
        if matches!(
            verdict,
            Verdict::Retryable {
                failure: Failure::RateLimited { .. },
                ..
            }
        ) {
            self.rate_limited.set(self.rate_limited.get() + 1);
        }
        let (failure, safe) = match verdict {
            Verdict::Posted(p) => return Next::Done(Ok(p)),
            Verdict::Permanent(error) => {
                return Next::Done(Err(SendError::Rejected {
                    error: Box::new(error),
                    attempts: self.attempts,
                    request_id: self.request_id.clone(),
                }));
            }
            Verdict::Retryable { failure, safe } => (failure, safe),
        };
        if !safe || self.attempts >= self.config.max_attempts {
            return Next::Done(Err(self.exhausted(failure)));
        }
        let mut delay = backoff_delay(
            self.config.backoff_base,
            self.config.backoff_cap,
            self.attempts,
            fastrand::f64(),
        );
        let push_lane = matches!(failure, Failure::RateLimited { .. });
        let hint = match &failure {
            Failure::RateLimited { hint, .. } | Failure::Unavailable { hint, .. } => *hint,
            _ => None,
        };
        if let Some(hint) = hint {
            if hint > self.config.max_server_wait {
                return Next::Done(Err(self.exhausted(failure)));
            }
            delay = delay.max(hint);
        }
        if push_lane {
            // A per-second quota cannot recover faster than one interval.
            delay = delay.max(self.config.interval).max(Duration::from_secs(1));
        }
        if delay > remaining {
            return Next::Done(Err(self.exhausted(failure)));
        }
        tracing::warn!(
            attempt = self.attempts,
            delay_ms = delay.as_millis() as u64,
            cause = failure_name(&failure),
            "chat-card: retrying"
        );
        Next::Retry { delay, push_lane }
    }

    fn exhausted(&self, failure: Failure) -> SendError {
        let attempts = self.attempts;
        let request_id = self.request_id.clone();
        match failure {
            Failure::RateLimited { hint, last } => SendError::RateLimited {
                attempts,
                last_retry_after: hint,
                last: last.map(Box::new),
                request_id,
            },
            Failure::Unavailable { last, .. } => SendError::Unavailable {
                attempts,
                last: Box::new(last),
                request_id,
            },
            Failure::Timeout { ambiguous } => SendError::Timeout {
                attempts,
                ambiguous,
                request_id,
            },
            Failure::Transport { ambiguous, error } => SendError::Transport {
                attempts,
                ambiguous,
                source: error,
                request_id,
            },
        }
    }
}

fn failure_name(f: &Failure) -> &'static str {
    match f {
        Failure::RateLimited { .. } => "rate limited",
        Failure::Unavailable { .. } => "server error",
        Failure::Timeout { .. } => "timeout",
        Failure::Transport { .. } => "transport",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> WebhookUrl {
        WebhookUrl::parse("http://127.0.0.1:1/v1/spaces/S/messages?key=k&token=t").expect("url")
    }

    fn response(http: u16, body: &str) -> Outcome {
        Outcome::Response {
            http,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    fn next(state: &RetryState<'_>, outcome: Outcome) -> Next {
        state.after(outcome, Duration::from_secs(60))
    }

    #[test]
    fn success_reads_names() {
        let cfg = Config::default();
        let url = url();
        let mut s = RetryState::new(&cfg, &url, None);
        s.begin_attempt();
        match next(
            &s,
            response(
                200,
                r#"{"name":"spaces/S/messages/M","thread":{"name":"spaces/S/threads/T"}}"#,
            ),
        ) {
            Next::Done(Ok(p)) => {
                assert_eq!(p.name, "spaces/S/messages/M");
                assert_eq!(p.thread_name.as_deref(), Some("spaces/S/threads/T"));
            }
            _ => panic!("expected success"),
        }
    }

    #[test]
    fn four_xx_permanent_429_and_503_retried() {
        let cfg = Config::default();
        let url = url();
        let mut s = RetryState::new(&cfg, &url, None);
        s.begin_attempt();
        for http in [400, 401, 403, 404, 409, 413, 501] {
            assert!(
                matches!(
                    next(&s, response(http, "")),
                    Next::Done(Err(SendError::Rejected { .. }))
                ),
                "{http}"
            );
        }
        match next(&s, response(429, "")) {
            Next::Retry { delay, push_lane } => {
                assert!(push_lane);
                assert!(delay >= Duration::from_secs(1));
            }
            _ => panic!("429 must be retried"),
        }
        assert!(matches!(
            next(&s, response(503, "")),
            Next::Retry {
                push_lane: false,
                ..
            }
        ));
        assert!(matches!(next(&s, response(408, "")), Next::Retry { .. }));
        // Without a request id a 500 is not retried...
        assert!(matches!(
            next(&s, response(500, "")),
            Next::Done(Err(SendError::Unavailable { attempts: 1, .. }))
        ));
        // ... with one it is.
        let s2 = {
            let mut s2 = RetryState::new(&cfg, &url, Some("r".into()));
            s2.begin_attempt();
            s2
        };
        assert!(matches!(next(&s2, response(500, "")), Next::Retry { .. }));
    }

    #[test]
    fn rate_limit_403_reason_retried() {
        let cfg = Config::default();
        let url = url();
        let mut s = RetryState::new(&cfg, &url, None);
        s.begin_attempt();
        let body = r#"{"error":{"code":403,"status":"PERMISSION_DENIED","message":"m","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED"}]}}"#;
        assert!(matches!(
            next(&s, response(403, body)),
            Next::Retry {
                push_lane: true,
                ..
            }
        ));
    }

    #[test]
    fn hints_honoured_and_capped() {
        let cfg = Config::default();
        let url = url();
        let mut s = RetryState::new(&cfg, &url, None);
        s.begin_attempt();
        let with_hint = |secs| Outcome::Response {
            http: 429,
            retry_after: Some(Duration::from_secs(secs)),
            body: Vec::new(),
        };
        match next(&s, with_hint(7)) {
            Next::Retry { delay, .. } => assert_eq!(delay, Duration::from_secs(7)),
            _ => panic!("retry expected"),
        }
        match next(&s, with_hint(3600)) {
            Next::Done(Err(SendError::RateLimited {
                last_retry_after, ..
            })) => {
                assert_eq!(last_retry_after, Some(Duration::from_secs(3600)));
            }
            _ => panic!("rate limited expected"),
        }
        // Not enough budget left for the wait.
        assert!(matches!(
            s.after(with_hint(7), Duration::from_secs(5)),
            Next::Done(Err(SendError::RateLimited { .. }))
        ));
    }

    #[test]
    fn attempts_bounded() {
        let cfg = Config::default();
        let url = url();
        let mut s = RetryState::new(&cfg, &url, None);
        for _ in 0..5 {
            s.begin_attempt();
        }
        assert!(matches!(
            next(&s, response(503, "")),
            Next::Done(Err(SendError::Unavailable { attempts: 5, .. }))
        ));
    }
}
