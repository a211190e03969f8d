//! Google's error answers (`google.rpc.Status`, [AIP-193]) as Chat sends them to both the
//! incoming webhook and the Chat API: [`ApiError`] and its [`FieldViolation`]s to read
//! them, and [`ErrorAnswer`] to write them (the relay, the fake space and Chat-app
//! endpoints answer in the same shape).
//!
//! The same types are re-exported as `chat_card::ApiError`, `chat_card::FieldViolation`
//! and under `chat_card::webhook`. Text kept from an answer is scrubbed of credentials
//! before it is stored.
//!
//! [AIP-193]: https://google.aip.dev/193

use std::fmt;
use std::time::Duration;

mod answer;
pub use answer::{ErrorAnswer, MAX_TEXT_CHARS, MAX_VIOLATIONS, violations};

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
///
/// Its `Display` is Chat's answer only: the status, Chat's message, the reason and the
/// field violations, such as ``HTTP 400 INVALID_ARGUMENT: Invalid JSON payload received.
/// (reason R); field `message`: …``. How to fix it depends on who asked, so the errors
/// that hold an `ApiError` add their own hint: [`ApiError::webhook_hint`], and with
/// feature `chat-api` `ApiError::chat_api_hint`.
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
        Ok(())
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
    fn display_is_chats_answer_without_a_hint() {
        let body = br#"{"error":{"code":404,"message":"Space not found.","status":"NOT_FOUND","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SPACE_GONE"}]}}"#;
        let e = ApiError::parse(404, body, keep);
        assert_eq!(
            e.to_string(),
            "HTTP 404 NOT_FOUND: Space not found. (reason SPACE_GONE)"
        );
        assert_eq!(ApiError::parse(502, b"", keep).to_string(), "HTTP 502");
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
