//! What one HTTP attempt's outcome means for the delivery driver: shared by the webhook
//! senders and the Chat API client.

use std::time::Duration;

use super::drive::{Attempt, Stopped};
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

/// Judges the outcomes of one message's attempts: what is done, what is permanent, what
/// may be retried (and whether a retry is safe), with the errors to report.
pub(crate) struct Judge<'a> {
    url: &'a dyn Scrub,
    request_id: Option<String>,
    idempotent: bool,
}

impl<'a> Judge<'a> {
    /// A judge for a message sent with `request_id` (a request id makes retries after
    /// ambiguous failures safe).
    pub(crate) fn new(url: &'a dyn Scrub, request_id: Option<String>) -> Self {
        Judge {
            url,
            idempotent: request_id.is_some(),
            request_id,
        }
    }

    /// Marks the request as safe to repeat without a request id (get, update, delete).
    #[cfg(feature = "chat-api")]
    pub(crate) fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// The request id sent on every attempt.
    pub(crate) fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What the outcome of attempt number `attempts` means.
    pub(crate) fn judge(&self, outcome: Outcome, attempts: u32) -> Attempt<Posted, SendError> {
        match classify(outcome, self.url, self.idempotent) {
            Verdict::Posted(p) => Attempt::Done(p),
            Verdict::Permanent(error) => Attempt::Permanent(SendError::Rejected {
                error: Box::new(error),
                attempts,
                request_id: self.request_id.clone(),
            }),
            Verdict::Retryable { failure, safe } => {
                let hint = match &failure {
                    Failure::RateLimited { hint, .. } | Failure::Unavailable { hint, .. } => *hint,
                    _ => None,
                };
                let rate_limited = matches!(failure, Failure::RateLimited { .. });
                let cause = failure_name(&failure);
                let error = self.exhausted(failure, attempts);
                if safe {
                    Attempt::Retry {
                        error,
                        hint,
                        rate_limited,
                        cause,
                    }
                } else {
                    Attempt::Permanent(error)
                }
            }
        }
    }

    /// The error for the driver's stop: the last attempt's error, or a timeout when time
    /// ran out before (or between) attempts.
    pub(crate) fn stopped(&self, stopped: Stopped<SendError>) -> SendError {
        match stopped {
            Stopped::Failed(error) => error,
            Stopped::OutOfTime { attempts } => SendError::Timeout {
                attempts,
                ambiguous: false,
                request_id: self.request_id.clone(),
            },
        }
    }

    fn exhausted(&self, failure: Failure, attempts: u32) -> SendError {
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

    #[test]
    fn success_reads_names() {
        let url = url();
        let judge = Judge::new(&url, None);
        let body = r#"{"name":"spaces/S/messages/M","thread":{"name":"spaces/S/threads/T"}}"#;
        match judge.judge(response(200, body), 1) {
            Attempt::Done(p) => {
                assert_eq!(p.name, "spaces/S/messages/M");
                assert_eq!(p.thread_name.as_deref(), Some("spaces/S/threads/T"));
            }
            _ => panic!("expected success"),
        }
    }

    #[test]
    fn four_xx_permanent_429_and_503_retried() {
        let url = url();
        let judge = Judge::new(&url, None);
        for http in [400, 401, 403, 404, 409, 413, 501] {
            assert!(
                matches!(
                    judge.judge(response(http, ""), 1),
                    Attempt::Permanent(SendError::Rejected { attempts: 1, .. })
                ),
                "{http}"
            );
        }
        assert!(matches!(
            judge.judge(response(429, ""), 1),
            Attempt::Retry {
                rate_limited: true,
                error: SendError::RateLimited { .. },
                ..
            }
        ));
        for http in [503, 408] {
            assert!(matches!(
                judge.judge(response(http, ""), 2),
                Attempt::Retry {
                    rate_limited: false,
                    error: SendError::Unavailable { attempts: 2, .. },
                    ..
                }
            ));
        }
        // Without a request id a 500 is not retried...
        assert!(matches!(
            judge.judge(response(500, ""), 1),
            Attempt::Permanent(SendError::Unavailable { attempts: 1, .. })
        ));
        // ... with one it is.
        let with_id = Judge::new(&url, Some("r".into()));
        assert!(matches!(
            with_id.judge(response(500, ""), 1),
            Attempt::Retry { .. }
        ));
    }

    #[test]
    fn rate_limit_403_reason_retried() {
        let url = url();
        let judge = Judge::new(&url, None);
        let body = r#"{"error":{"code":403,"status":"PERMISSION_DENIED","message":"m","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED"}]}}"#;
        assert!(matches!(
            judge.judge(response(403, body), 1),
            Attempt::Retry {
                rate_limited: true,
                ..
            }
        ));
    }

    #[test]
    fn server_hints_are_passed_on() {
        let url = url();
        let judge = Judge::new(&url, None);
        let outcome = Outcome::Response {
            http: 429,
            retry_after: Some(Duration::from_secs(7)),
            body: Vec::new(),
        };
        match judge.judge(outcome, 1) {
            Attempt::Retry { hint, error, .. } => {
                assert_eq!(hint, Some(Duration::from_secs(7)));
                assert!(matches!(
                    error,
                    SendError::RateLimited {
                        last_retry_after: Some(d),
                        ..
                    } if d == Duration::from_secs(7)
                ));
            }
            _ => panic!("retry expected"),
        }
        let body = r#"{"error":{"code":503,"status":"UNAVAILABLE","message":"m","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"}]}}"#;
        assert!(matches!(
            judge.judge(response(503, body), 1),
            Attempt::Retry { hint: Some(d), .. } if d == Duration::from_secs(3)
        ));
    }

    #[test]
    fn running_out_of_time_is_a_timeout_with_the_request_id() {
        let url = url();
        let judge = Judge::new(&url, Some("r-1".into()));
        assert!(matches!(
            judge.stopped(Stopped::OutOfTime { attempts: 2 }),
            SendError::Timeout { attempts: 2, ambiguous: false, request_id: Some(id) } if id == "r-1"
        ));
    }
}
