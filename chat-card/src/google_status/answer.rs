//! Error answers in Google's AIP-193 shape, `{"error": {"code", "message", "status",
//! "details"}}`, as servers that speak Chat's protocol send them: the fake Chat space (as
//! Chat would), the relay (so a tool that reads Chat's errors reads the relay's the same
//! way) and a Chat app's endpoint. Reading such answers is [`ApiError`](crate::ApiError);
//! both live in [`crate::google_status`].

#[cfg(feature = "axum")]
use axum::http::{HeaderValue, StatusCode, header};
#[cfg(feature = "axum")]
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::check::Finding;

/// The most field violations an answer lists; the rest are counted in one last violation.
pub const MAX_VIOLATIONS: usize = 50;

/// The most characters of a message, a field path or a description in an answer; longer
/// ones (a huge key quoted in a finding) are cut, with `…` at the end.
pub const MAX_TEXT_CHARS: usize = 1000;

/// `text` cut to [`MAX_TEXT_CHARS`] characters.
fn bounded(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// An error answer to write: HTTP status, canonical code, message, details and
/// `Retry-After`. With the `axum` feature it is an axum response.
///
/// ```
/// use chat_card::google_status::ErrorAnswer;
///
/// let answer = ErrorAnswer::new(429, "RESOURCE_EXHAUSTED", "queue full").retry_after(3);
/// assert_eq!(answer.body()["error"]["status"], "RESOURCE_EXHAUSTED");
/// assert_eq!(answer.retry_after_header(), Some("3"));
/// ```
///
/// Its size is bounded whatever it is built from: the message and each violation's field
/// and description are cut to [`MAX_TEXT_CHARS`] characters, and at most
/// [`MAX_VIOLATIONS`] violations are listed, then one that counts the rest.
#[derive(Clone, Debug)]
pub struct ErrorAnswer {
    /// The HTTP status.
    pub http: u16,
    /// The canonical code (`INVALID_ARGUMENT`, `RESOURCE_EXHAUSTED`, …).
    pub status: String,
    /// The message for people.
    pub message: String,
    /// `google.rpc` detail objects (`BadRequest`, `ErrorInfo`, `RetryInfo`).
    pub details: Vec<Value>,
    /// The `Retry-After` header, as sent (seconds, or anything an injected fault sets).
    pub retry_after: Option<String>,
}

impl ErrorAnswer {
    /// An answer with no details.
    pub fn new(http: u16, status: &str, message: impl Into<String>) -> Self {
        ErrorAnswer {
            http,
            status: status.to_owned(),
            message: bounded(&message.into()),
            details: Vec::new(),
            retry_after: None,
        }
    }

    /// 400 `INVALID_ARGUMENT` with one `BadRequest` field violation (`field` may be empty
    /// for the whole request).
    pub fn invalid_argument(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ErrorAnswer::new(400, "INVALID_ARGUMENT", message.clone())
            .field_violations(&[(field.to_owned(), message)])
    }

    /// 400 `INVALID_ARGUMENT` for a message the validator refused: the first finding in
    /// the message, every finding as a field violation.
    pub fn invalid_message(findings: &[Finding]) -> Self {
        let list = violations(findings);
        let first = list
            .first()
            .map(|(p, d)| {
                if p.is_empty() {
                    d.clone()
                } else {
                    format!("{p}: {d}")
                }
            })
            .unwrap_or_default();
        let more = if list.len() > 1 {
            format!(" (and {} more problem(s), see details)", list.len() - 1)
        } else {
            String::new()
        };
        ErrorAnswer::new(
            400,
            "INVALID_ARGUMENT",
            format!("Invalid message, not queued: {first}{more}"),
        )
        .field_violations(&list)
    }

    /// Adds a `google.rpc.BadRequest` with `(field, description)` violations: the first
    /// [`MAX_VIOLATIONS`], then one that says how many more there are.
    pub fn field_violations(mut self, list: &[(String, String)]) -> Self {
        let mut violations: Vec<Value> = list
            .iter()
            .take(MAX_VIOLATIONS)
            .map(|(f, d)| json!({"field": bounded(f), "description": bounded(d)}))
            .collect();
        if list.len() > MAX_VIOLATIONS {
            let more = list.len() - MAX_VIOLATIONS;
            violations.push(json!({
                "field": "",
                "description": format!(
                    "and {more} more violation{} not listed; only the first {MAX_VIOLATIONS} are",
                    if more == 1 { "" } else { "s" }
                ),
            }));
        }
        self.details.push(json!({
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": violations,
        }));
        self
    }

    /// Adds a `google.rpc.ErrorInfo`.
    pub fn reason(mut self, reason: &str) -> Self {
        self.details.push(json!({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": reason,
            "domain": "googleapis.com",
        }));
        self
    }

    /// Adds a `Retry-After` header (seconds) and a matching `google.rpc.RetryInfo`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.to_string());
        self.details.push(json!({
            "@type": "type.googleapis.com/google.rpc.RetryInfo",
            "retryDelay": format!("{seconds}s"),
        }));
        self
    }

    /// The `Retry-After` header's value, if any.
    pub fn retry_after_header(&self) -> Option<&str> {
        self.retry_after.as_deref()
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        let mut error = json!({
            "code": self.http,
            "message": self.message,
            "status": self.status,
        });
        if !self.details.is_empty() {
            error["details"] = Value::Array(self.details.clone());
        }
        json!({ "error": error })
    }
}

/// Chat's error as a client read it, in Chat's shape again (a relay passes it on). The
/// message was already scrubbed of credentials when it was read.
impl From<&super::ApiError> for ErrorAnswer {
    fn from(error: &super::ApiError) -> Self {
        ErrorAnswer {
            http: error.http,
            status: error.status.clone().unwrap_or_else(|| "UNKNOWN".into()),
            message: error.message.clone(),
            details: error.details.clone(),
            retry_after: None,
        }
    }
}

#[cfg(feature = "axum")]
impl IntoResponse for ErrorAnswer {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (code, axum::Json(self.body())).into_response();
        if let Some(value) = self
            .retry_after
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// Validator findings as `(field, description)` violations: the JSON path, and the
/// message with its help in parentheses (for [`ErrorAnswer::field_violations`]).
pub fn violations<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<(String, String)> {
    findings
        .into_iter()
        .map(|f| {
            let mut description = f.message.clone();
            if let Some(help) = &f.help {
                description.push_str(&format!(" ({help})"));
            }
            (f.path.clone(), description)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_retry_after_and_violations() {
        let mut finding = Finding::error("HTML is not allowed in message text");
        finding.path = "text".into();
        finding.help = Some("use *bold*".into());
        let answer = ErrorAnswer::new(429, "RESOURCE_EXHAUSTED", "queue full")
            .retry_after(3)
            .field_violations(&violations([&finding]));
        let body = answer.body();
        assert_eq!(body["error"]["code"], 429);
        assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
        assert_eq!(body["error"]["details"][0]["retryDelay"], "3s");
        let v = &body["error"]["details"][1]["fieldViolations"][0];
        assert_eq!(v["field"], "text");
        assert_eq!(
            v["description"],
            "HTML is not allowed in message text (use *bold*)"
        );
        #[cfg(feature = "axum")]
        {
            let response = answer.into_response();
            assert_eq!(response.status(), 429);
            assert_eq!(response.headers()[header::RETRY_AFTER], "3");
        }
    }

    #[test]
    fn an_invalid_message_names_its_first_finding_and_lists_them_all() {
        let mut f = Finding::error("HTML is not allowed in message text");
        f.path = "text".into();
        f.help = Some("use *bold*".into());
        let body = ErrorAnswer::invalid_message(&[f]).body();
        assert_eq!(body["error"]["code"], 400);
        let v = &body["error"]["details"][0]["fieldViolations"][0];
        assert_eq!(v["field"], "text");
        assert!(v["description"].as_str().unwrap().contains("use *bold*"));
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("Invalid message, not queued: text:")
        );
    }

    #[test]
    fn answers_stay_small_whatever_they_are_built_from() {
        let huge_key = "k".repeat(100_000);
        let list: Vec<(String, String)> = (0..10_000)
            .map(|i| {
                (
                    format!("{huge_key}{i}"),
                    format!("unknown field `{huge_key}{i}`"),
                )
            })
            .collect();
        let body = ErrorAnswer::new(400, "INVALID_ARGUMENT", "x".repeat(50_000))
            .field_violations(&list)
            .body();
        let size = body.to_string().len();
        // Message, then 50 violations of two cut texts, then the count of the rest.
        assert!(size < 120_000, "{size} bytes");
        assert!(body["error"]["message"].as_str().unwrap().ends_with('…'));
        let violations = body["error"]["details"][0]["fieldViolations"]
            .as_array()
            .unwrap();
        assert_eq!(violations.len(), MAX_VIOLATIONS + 1);
        assert_eq!(
            violations[0]["field"].as_str().unwrap().chars().count(),
            MAX_TEXT_CHARS + 1
        );
        assert_eq!(
            violations[MAX_VIOLATIONS]["description"],
            "and 9950 more violations not listed; only the first 50 are"
        );
    }
}
