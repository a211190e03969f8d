//! Answers in Chat's error shape (`google.rpc.Status`, AIP-193):
//! `{"error": {"code", "message", "status", "details"}}`, so a tool that reads Chat's
//! errors reads the relay's the same way.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::check::Finding;
use crate::webhook::{ApiError, SendError};

/// An error answer of the relay.
#[derive(Clone, Debug)]
pub(crate) struct Status {
    pub(crate) http: u16,
    pub(crate) status: String,
    pub(crate) message: String,
    pub(crate) details: Vec<Value>,
    pub(crate) retry_after: Option<u64>,
}

impl Status {
    pub(crate) fn new(http: u16, status: &str, message: impl Into<String>) -> Self {
        Status {
            http,
            status: status.to_owned(),
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
        }
    }

    /// 400 `INVALID_ARGUMENT` with one `BadRequest` field violation.
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Status::new(400, "INVALID_ARGUMENT", message.clone())
            .field_violations(&[(field.to_owned(), message)])
    }

    /// 400 `INVALID_ARGUMENT` listing the validator's findings as field violations.
    pub(crate) fn findings(findings: &[Finding]) -> Self {
        let list: Vec<(String, String)> = findings
            .iter()
            .map(|f| {
                let mut d = f.message.clone();
                if let Some(h) = &f.help {
                    d.push_str(&format!(" ({h})"));
                }
                (f.path.clone(), d)
            })
            .collect();
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
        Status::new(
            400,
            "INVALID_ARGUMENT",
            format!("Invalid message, not queued: {first}{more}"),
        )
        .field_violations(&list)
    }

    /// Adds a `google.rpc.BadRequest` with `(field, description)` violations.
    pub(crate) fn field_violations(mut self, list: &[(String, String)]) -> Self {
        let violations: Vec<Value> = list
            .iter()
            .map(|(f, d)| json!({"field": f, "description": d}))
            .collect();
        self.details.push(json!({
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": violations,
        }));
        self
    }

    /// Adds a `Retry-After` header (seconds) and a matching `RetryInfo`.
    pub(crate) fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self.details.push(json!({
            "@type": "type.googleapis.com/google.rpc.RetryInfo",
            "retryDelay": format!("{seconds}s"),
        }));
        self
    }

    /// Chat's error as the sender parsed it (the message is already scrubbed of the
    /// webhook's credentials), in Chat's shape again.
    pub(crate) fn from_api(error: &ApiError) -> Self {
        Status {
            http: error.http,
            status: error.status.clone().unwrap_or_else(|| "UNKNOWN".into()),
            message: error.message.clone(),
            details: error.details.clone(),
            retry_after: None,
        }
    }

    /// The answer for a send that failed for good: Chat's own error when there was one,
    /// otherwise a description of why the message could not be sent.
    pub(crate) fn from_send_error(error: &SendError) -> Self {
        match error {
            SendError::Rejected { error, .. } => Status::from_api(error),
            SendError::TooLarge { .. } => Status::invalid("message", error.to_string()),
            SendError::Invalid { findings } => Status::findings(findings),
            other => Status::new(400, "INVALID_ARGUMENT", other.to_string()),
        }
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
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

impl IntoResponse for Status {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (code, axum::Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_and_retry_after() {
        let s = Status::new(429, "RESOURCE_EXHAUSTED", "queue full").retry_after(3);
        let body = s.body();
        assert_eq!(body["error"]["code"], 429);
        assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
        assert_eq!(body["error"]["details"][0]["retryDelay"], "3s");
        let response = s.into_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()[header::RETRY_AFTER], "3");
    }

    #[test]
    fn findings_become_field_violations() {
        let mut f = Finding::error("HTML is not allowed in message text");
        f.path = "text".into();
        f.help = Some("use *bold*".into());
        let body = Status::findings(&[f]).body();
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
}
