//! Typed errors of the sender. None of them contains the webhook URL, its key or its token.

use std::fmt;
use std::time::Duration;

use crate::check::Finding;
use crate::google_status::ApiError;

use super::options::OptionError;
use super::url::UrlError;

impl ApiError {
    /// How to fix the cause of this answer to an incoming webhook, by status: what
    /// [`SendError::Rejected`] says after Chat's answer.
    ///
    /// ```
    /// # use chat_card::ApiError;
    /// fn explain(e: &ApiError) -> String {
    ///     format!("{e} — {}", e.webhook_hint())
    /// }
    /// ```
    pub fn webhook_hint(&self) -> &'static str {
        match (self.http, self.reason.as_deref()) {
            (400, Some("API_KEY_INVALID")) => {
                "the webhook URL's key is wrong: copy the webhook URL again from the space"
            }
            (400, _) => "fix the message (see the field details); it was not retried",
            (401 | 403, _) => {
                "the webhook token is invalid or revoked, or apps are not allowed in the space: \
                 create a new webhook and use its URL"
            }
            (404, _) => {
                "the space or webhook no longer exists, or REPLY_MESSAGE_OR_FAIL found no thread: \
                 check the URL and the thread key"
            }
            (409, _) => "the message id is already used in this space: choose another one",
            (413, _) => "the message is too large: send less text or fewer cards",
            (429, _) => "the space's quota (1 request per second) is exhausted: send less often",
            (500..=599, _) => "Chat had a server error: try again later",
            _ => "see Chat's message above",
        }
    }
}

/// A transport failure (connection refused, reset, TLS, ...). The request URL has been
/// removed from the underlying `reqwest::Error`.
///
/// `Display` is reqwest's own message (such as `error sending request`); what lies
/// under it (the connection error, the OS error) is its [`source`](std::error::Error::source)
/// chain.
#[derive(Debug)]
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(err: reqwest::Error) -> Self {
        TransportError {
            inner: err.without_url(),
        }
    }

    /// The connection could not be established (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }

    /// The attempt timed out.
    pub fn is_timeout(&self) -> bool {
        self.inner.is_timeout()
    }

    /// The message followed by each cause's (`error sending request: client error
    /// (Connect): …`), for an error that keeps the failure as text rather than as its
    /// `source`.
    #[cfg_attr(not(any(feature = "chat-api", feature = "app")), allow(dead_code))]
    pub(crate) fn with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner)
    }
}

/// Why a message was not delivered.
///
/// Never contains the webhook URL. [`is_permanent`](SendError::is_permanent) tells a
/// rejection (do not send the same message again) from a failure that may succeed later.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// Chat refused the message with a status that is not retried (4xx other than 429,
    /// 501, ...). Sending the same message again will fail the same way.
    #[error("Chat rejected the message: {error} — {}", error.webhook_hint())]
    Rejected {
        /// Chat's answer.
        error: Box<ApiError>,
        /// Attempts made (the last one was refused).
        attempts: u32,
        /// The request id sent, if any.
        request_id: Option<String>,
    },
    /// The space stayed rate limited (429) through every attempt, or asked for a wait
    /// longer than the sender's cap.
    #[error(
        "the space is rate limited (HTTP 429) after {attempts} attempt(s){}; \
         send less often to this space or raise the retry budget",
        fmt_retry_after(*last_retry_after)
    )]
    RateLimited {
        /// Attempts made.
        attempts: u32,
        /// The last wait the server asked for (`Retry-After` or `RetryInfo`), if any.
        last_retry_after: Option<Duration>,
        /// The last 429 answer.
        last: Option<Box<ApiError>>,
        /// The request id sent, if any.
        request_id: Option<String>,
    },
    /// Chat kept answering with a server error (5xx or 408), or answered one that is not
    /// safe to retry without a request id. The message may or may not have been posted
    /// if no request id was used.
    #[error(
        "Chat is unavailable after {attempts} attempt(s): {last}; try again later \
         (with a request id, retrying is safe)"
    )]
    Unavailable {
        /// Attempts made.
        attempts: u32,
        /// The last answer.
        last: Box<ApiError>,
        /// The request id sent, if any.
        request_id: Option<String>,
    },
    /// An attempt or the deadline timed out.
    #[error(
        "timed out after {attempts} attempt(s){}; raise the attempt timeout or deadline, \
         or check the network",
        if *ambiguous { " (the message may have been posted)" } else { "" }
    )]
    Timeout {
        /// Attempts made.
        attempts: u32,
        /// Whether the request may have reached Chat (the message may have been posted).
        ambiguous: bool,
        /// The request id sent, if any.
        request_id: Option<String>,
    },
    /// The connection failed after every attempt, or failed after the request was sent
    /// without a request id to make a retry safe.
    #[error(
        "could not reach Chat after {attempts} attempt(s); check the network and proxy \
         settings"
    )]
    Transport {
        /// Attempts made.
        attempts: u32,
        /// Whether the request may have reached Chat.
        ambiguous: bool,
        /// The last transport error (its URL removed): the error's
        /// [`source`](std::error::Error::source), left out of its message.
        #[source]
        source: TransportError,
        /// The request id sent, if any.
        request_id: Option<String>,
    },
    /// The serialised message is larger than Chat accepts. Nothing was sent.
    #[error(
        "the message is {bytes} bytes, more than Chat's limit of {limit} bytes; \
         shorten the text or send fewer cards/widgets"
    )]
    TooLarge {
        /// Size of the JSON body in bytes.
        bytes: usize,
        /// The limit (32,000).
        limit: usize,
    },
    /// The message failed validation. Nothing was sent.
    #[error("the message is invalid: {}", fmt_findings(findings))]
    Invalid {
        /// What the validator found.
        findings: Vec<Finding>,
    },
    /// The webhook URL was refused.
    #[error(transparent)]
    InvalidUrl(#[from] UrlError),
    /// A send option (thread key, message id, request id) is invalid. Nothing was sent.
    /// The message includes the option's problem, so it is not the error's `source`.
    #[error("invalid send option: {0}")]
    InvalidOption(OptionError),
}

impl From<OptionError> for SendError {
    fn from(e: OptionError) -> Self {
        SendError::InvalidOption(e)
    }
}

fn fmt_retry_after(d: Option<Duration>) -> String {
    match d {
        Some(d) => format!(" (last asked to wait {:.1} s)", d.as_secs_f64()),
        None => String::new(),
    }
}

fn fmt_findings(findings: &[Finding]) -> String {
    let mut out = String::new();
    for (i, f) in findings.iter().take(10).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        if f.path.is_empty() {
            out.push_str(&f.message);
        } else {
            out.push_str(&format!("{}: {}", f.path, f.message));
        }
        if let Some(help) = &f.help {
            out.push_str(&format!(" ({help})"));
        }
    }
    if findings.len() > 10 {
        out.push_str(&format!("; and {} more", findings.len() - 10));
    }
    out
}

impl SendError {
    /// Whether sending the same message again cannot succeed (rejected, too large,
    /// invalid, bad URL or option). Rate limits, unavailability, timeouts and transport
    /// errors are not permanent.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            SendError::Rejected { .. }
                | SendError::TooLarge { .. }
                | SendError::Invalid { .. }
                | SendError::InvalidUrl(_)
                | SendError::InvalidOption(_)
        )
    }

    /// The HTTP status of the last answer, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            SendError::Rejected { error, .. } => Some(error.http),
            SendError::Unavailable { last, .. } => Some(last.http),
            SendError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// The canonical Google status name of the last answer, if there was one.
    pub fn google_status(&self) -> Option<&str> {
        match self {
            SendError::Rejected { error, .. } => error.status.as_deref(),
            SendError::Unavailable { last, .. } => last.status.as_deref(),
            SendError::RateLimited { last, .. } => last.as_ref().and_then(|l| l.status.as_deref()),
            _ => None,
        }
    }

    /// The request id sent with the message, to correlate with a later retry.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SendError::Rejected { request_id, .. }
            | SendError::RateLimited { request_id, .. }
            | SendError::Unavailable { request_id, .. }
            | SendError::Timeout { request_id, .. }
            | SendError::Transport { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How many HTTP attempts were made (0 when the message was refused before sending).
    pub fn attempts(&self) -> u32 {
        match self {
            SendError::Rejected { attempts, .. }
            | SendError::RateLimited { attempts, .. }
            | SendError::Unavailable { attempts, .. }
            | SendError::Timeout { attempts, .. }
            | SendError::Transport { attempts, .. } => *attempts,
            _ => 0,
        }
    }
}

/// The sender could not be built: the HTTP client could not be (e.g. TLS initialisation
/// failed), or the settings do not fit the kind of sender.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct SenderBuildError(pub(crate) BuildProblem);

/// What went wrong building a sender.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BuildProblem {
    /// The cause is the `source`, left out of the message.
    #[error("could not build the HTTP client; check the TLS setup of this machine")]
    Http(#[source] TransportError),
    /// The cause is the `source`, left out of the message.
    #[cfg(feature = "blocking")]
    #[error(
        "could not start the blocking sender's runtime thread; check the process's \
         thread and file descriptor limits"
    )]
    Runtime(#[source] std::io::Error),
    #[cfg(all(feature = "blocking", feature = "redis"))]
    #[error(
        "shared pacing (Redis) works with the async `Sender` only; build one with \
         `SenderBuilder::build`, or leave out `shared_pacing` for the `BlockingSender`"
    )]
    SharedPacingBlocking,
}

impl SenderBuildError {
    pub(crate) fn http(e: reqwest::Error) -> Self {
        SenderBuildError(BuildProblem::Http(TransportError::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(http: u16, body: &str) -> ApiError {
        ApiError::parse(http, body.as_bytes(), |s| s.to_owned())
    }

    #[test]
    fn webhook_hints_follow_the_status_and_reason() {
        let key = answer(
            400,
            r#"{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"m","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}"#,
        );
        assert!(key.webhook_hint().contains("key is wrong"));
        assert!(answer(400, "{}").webhook_hint().contains("fix the message"));
        assert!(answer(403, "").webhook_hint().contains("new webhook"));
        assert!(answer(503, "").webhook_hint().contains("try again later"));
    }

    #[test]
    fn a_rejection_says_chats_answer_then_the_hint_once() {
        let error = answer(
            400,
            r#"{"error":{"code":400,"status":"INVALID_ARGUMENT","message":"Invalid JSON payload received."}}"#,
        );
        let hint = error.webhook_hint();
        let e = SendError::Rejected {
            error: Box::new(error),
            attempts: 1,
            request_id: None,
        };
        assert_eq!(
            e.to_string(),
            format!(
                "Chat rejected the message: HTTP 400 INVALID_ARGUMENT: Invalid JSON payload \
                 received. — {hint}"
            )
        );
        assert!(std::error::Error::source(&e).is_none());
    }
}
