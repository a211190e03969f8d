//! Typed errors of the sender. None of them contains the webhook URL, its key or its token.

use std::fmt;
use std::time::Duration;

use crate::check::Finding;

use super::options::OptionError;
use super::url::UrlError;

/// The most of an error body kept in an [`ApiError`].
const MAX_KEPT_BODY: usize = 2048;

/// One `google.rpc.BadRequest.FieldViolation`: which field of the request was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldViolation {
    /// The field path as Chat names it (e.g. `message`, `cards_v2[0].card.header`).
    pub field: String,
    /// What is wrong with it.
    pub description: String,
}

/// An error answer from Chat: the parsed `google.rpc.Status` (AIP-193 shape
/// `{"error": {"code", "message", "status", "details"}}`), or the status line alone when
/// the body was not JSON.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub http: u16,
    /// The canonical code name (`INVALID_ARGUMENT`, `PERMISSION_DENIED`, ...), if the body had one.
    pub status: Option<String>,
    /// The developer-facing message (or the start of a non-JSON body), at most ~2 KB.
    pub message: String,
    /// `ErrorInfo.reason` (e.g. `API_KEY_INVALID`), or a legacy `errors[].reason`.
    pub reason: Option<String>,
    /// `ErrorInfo.domain` (e.g. `googleapis.com`).
    pub domain: Option<String>,
    /// `BadRequest.fieldViolations`.
    pub field_violations: Vec<FieldViolation>,
    /// `RetryInfo.retryDelay`, when the server suggested one.
    pub retry_delay: Option<Duration>,
    /// Every `details` entry as received.
    pub details: Vec<serde_json::Value>,
}

impl ApiError {
    /// Parses an error response. `scrub` removes credentials from any text kept.
    pub(crate) fn parse(http: u16, body: &[u8], scrub: impl Fn(&str) -> String) -> ApiError {
        let mut err = ApiError {
            http,
            status: None,
            message: String::new(),
            reason: None,
            domain: None,
            field_violations: Vec::new(),
            retry_delay: None,
            details: Vec::new(),
        };
        let value: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let object = value.as_ref().and_then(|v| match v.get("error") {
            Some(inner) if inner.is_object() => Some(inner),
            _ if v.get("code").is_some() || v.get("status").is_some() => Some(v),
            _ => None,
        });
        let Some(object) = object else {
            let text = String::from_utf8_lossy(body);
            err.message = truncate(&scrub(text.trim()));
            return err;
        };
        err.status = object
            .get("status")
            .and_then(|s| s.as_str())
            .map(|s| truncate(&scrub(s)));
        err.message = object
            .get("message")
            .and_then(|s| s.as_str())
            .map(|s| truncate(&scrub(s)))
            .unwrap_or_default();
        if let Some(details) = object.get("details").and_then(|d| d.as_array()) {
            for detail in details.iter().take(16) {
                err.read_detail(detail, &scrub);
                err.details.push(detail.clone());
            }
        }
        if err.reason.is_none() {
            err.reason = object
                .get("errors")
                .and_then(|e| e.as_array())
                .and_then(|a| a.first())
                .and_then(|e| e.get("reason"))
                .and_then(|r| r.as_str())
                .map(|s| truncate(&scrub(s)));
        }
        err
    }

    fn read_detail(&mut self, detail: &serde_json::Value, scrub: &impl Fn(&str) -> String) {
        let kind = detail.get("@type").and_then(|t| t.as_str()).unwrap_or("");
        let text = |key: &str| {
            detail
                .get(key)
                .and_then(|v| v.as_str())
                .map(|s| truncate(&scrub(s)))
        };
        if kind.ends_with("google.rpc.ErrorInfo") {
            self.reason = text("reason");
            self.domain = text("domain");
        } else if kind.ends_with("google.rpc.RetryInfo") {
            self.retry_delay = detail
                .get("retryDelay")
                .and_then(|d| d.as_str())
                .and_then(parse_proto_duration);
        } else if kind.ends_with("google.rpc.BadRequest")
            && let Some(list) = detail.get("fieldViolations").and_then(|f| f.as_array())
        {
            for v in list.iter().take(64) {
                let get = |k: &str| {
                    v.get(k)
                        .and_then(|s| s.as_str())
                        .map(|s| truncate(&scrub(s)))
                        .unwrap_or_default()
                };
                self.field_violations.push(FieldViolation {
                    field: get("field"),
                    description: get("description"),
                });
            }
        }
    }

    /// How to fix the cause, by status.
    fn hint(&self) -> &'static str {
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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.http)?;
        if let Some(status) = &self.status {
            write!(f, " {status}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(reason) = &self.reason {
            write!(f, " (reason {reason})")?;
        }
        for v in &self.field_violations {
            write!(f, "; field `{}`: {}", v.field, v.description)?;
        }
        write!(f, " — {}", self.hint())
    }
}

fn truncate(s: &str) -> String {
    if s.len() <= MAX_KEPT_BODY {
        return s.to_owned();
    }
    let mut end = MAX_KEPT_BODY;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Parses a protobuf JSON duration such as `"2.5s"`.
pub(crate) fn parse_proto_duration(s: &str) -> Option<Duration> {
    let secs: f64 = s.trim().strip_suffix('s')?.parse().ok()?;
    Duration::try_from_secs_f64(secs).ok()
}

/// A transport failure (connection refused, reset, TLS, ...). The request URL has been
/// removed from the underlying `reqwest::Error`.
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
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.inner)?;
        let mut source = std::error::Error::source(&self.inner);
        let mut depth = 0;
        while let Some(s) = source {
            if depth >= 4 {
                break;
            }
            write!(f, ": {s}")?;
            source = s.source();
            depth += 1;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// Why a message was not delivered.
///
/// Never contains the webhook URL. [`is_permanent`](SendError::is_permanent) tells a
/// rejection (do not send the same message again) from a failure that may succeed later.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// Chat refused the message with a status that is not retried (4xx other than 429,
    /// 501, ...). Sending the same message again will fail the same way.
    #[error("Chat rejected the message: {error}")]
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
        "could not reach Chat after {attempts} attempt(s): {source}; check the network \
         and proxy settings"
    )]
    Transport {
        /// Attempts made.
        attempts: u32,
        /// Whether the request may have reached Chat.
        ambiguous: bool,
        /// The last transport error (its URL removed).
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
    #[error("invalid send option: {0}")]
    InvalidOption(#[from] OptionError),
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
    #[error("could not build the HTTP client: {0}; check the TLS setup of this machine")]
    Http(TransportError),
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

    fn keep(s: &str) -> String {
        s.to_owned()
    }

    #[test]
    fn parses_bad_request_with_field_violations() {
        let body = br#"{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"body\" at 'message': Cannot find field.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"message","description":"Invalid JSON payload received. Unknown name \"body\" at 'message': Cannot find field."}]}]}}"#;
        let e = ApiError::parse(400, body, keep);
        assert_eq!(e.status.as_deref(), Some("INVALID_ARGUMENT"));
        assert_eq!(e.field_violations.len(), 1);
        assert_eq!(e.field_violations[0].field, "message");
        assert!(e.to_string().contains("field `message`"));
        assert!(e.to_string().contains("fix the message"));
    }

    #[test]
    fn parses_error_info_and_retry_info() {
        let body = br#"{"error":{"code":429,"message":"x","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com"},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2.5s"}]}}"#;
        let e = ApiError::parse(429, body, keep);
        assert_eq!(e.reason.as_deref(), Some("RATE_LIMIT_EXCEEDED"));
        assert_eq!(e.domain.as_deref(), Some("googleapis.com"));
        assert_eq!(e.retry_delay, Some(Duration::from_millis(2500)));
    }

    #[test]
    fn non_json_body_kept_truncated_and_scrubbed() {
        let body = format!("<h1>Not Found</h1> SECRET {}", "x".repeat(5000));
        let e = ApiError::parse(404, body.as_bytes(), |s| s.replace("SECRET", "<redacted>"));
        assert!(e.status.is_none());
        assert!(e.message.starts_with("<h1>Not Found</h1> <redacted>"));
        assert!(e.message.len() < 2100);
    }

    #[test]
    fn bare_status_shape() {
        let e = ApiError::parse(
            503,
            br#"{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}"#,
            keep,
        );
        assert_eq!(e.status.as_deref(), Some("UNAVAILABLE"));
    }

    #[test]
    fn proto_durations() {
        assert_eq!(parse_proto_duration("58s"), Some(Duration::from_secs(58)));
        assert_eq!(
            parse_proto_duration("0.1s"),
            Some(Duration::from_millis(100))
        );
        assert_eq!(parse_proto_duration("-1s"), None);
        assert_eq!(parse_proto_duration("1e400s"), None);
        assert_eq!(parse_proto_duration("abc"), None);
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn error_bodies_never_panic(http in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..300)) {
            let e = ApiError::parse(http, &body, |s| s.to_owned());
            let _ = e.to_string();
        }

        #[test]
        fn json_shaped_bodies_never_panic(
            status in "[A-Z_]{0,20}",
            delay in "[0-9.e-]{0,8}s?",
            field in "\\PC{0,20}",
        ) {
            let body = serde_json::json!({"error": {"code": 400, "status": status, "message": field, "details": [
                {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay},
                {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": field}, 3, null]},
                {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": 7},
                "not an object"
            ]}});
            let e = ApiError::parse(400, body.to_string().as_bytes(), |s| s.to_owned());
            prop_assert_eq!(e.field_violations.len(), 3);
            let _ = e.to_string();
        }
    }
}
