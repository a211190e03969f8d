//! Error answers in Google's AIP-193 shape: `{"error": {"code", "message", "status", "details"}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answer the fake sends.
#[derive(Clone, Debug)]
pub(crate) struct GoogleError {
    pub(crate) http: u16,
    pub(crate) status: &'static str,
    pub(crate) message: String,
    pub(crate) details: Vec<Value>,
    pub(crate) retry_after: Option<String>,
}

impl GoogleError {
    pub(crate) fn new(http: u16, status: &'static str, message: impl Into<String>) -> Self {
        GoogleError {
            http,
            status,
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
        }
    }

    /// Adds a `google.rpc.BadRequest` with field violations `(field, description)`.
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

    /// Adds a `google.rpc.ErrorInfo`.
    pub(crate) fn reason(mut self, reason: &str) -> Self {
        self.details.push(json!({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": reason,
            "domain": "googleapis.com",
        }));
        self
    }

    /// A typical answer for an HTTP status (used by injected faults).
    pub(crate) fn canned(http: u16) -> Self {
        match http {
            400 => GoogleError::new(
                400,
                "INVALID_ARGUMENT",
                "Invalid JSON payload received. Unknown name \"body\" at 'message': Cannot find field.",
            )
            .field_violations(&[(
                "message".into(),
                "Invalid JSON payload received. Unknown name \"body\" at 'message': Cannot find field."
                    .into(),
            )]),
            401 => GoogleError::new(
                401,
                "UNAUTHENTICATED",
                "Request is missing required authentication credential.",
            ),
            403 => token_denied(),
            404 => GoogleError::new(404, "NOT_FOUND", "Requested entity was not found."),
            408 => GoogleError::new(408, "DEADLINE_EXCEEDED", "Request timed out."),
            409 => GoogleError::new(409, "ALREADY_EXISTS", "Requested entity already exists."),
            429 => quota_exhausted(),
            500 => GoogleError::new(500, "INTERNAL", "Internal error encountered."),
            501 => GoogleError::new(501, "UNIMPLEMENTED", "Operation is not implemented."),
            503 => GoogleError::new(503, "UNAVAILABLE", "The service is currently unavailable."),
            504 => GoogleError::new(504, "DEADLINE_EXCEEDED", "The deadline expired."),
            other => GoogleError::new(other, "UNKNOWN", "Unknown error."),
        }
    }

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

/// 403 for a wrong or missing token, as Chat words it.
pub(crate) fn token_denied() -> GoogleError {
    GoogleError::new(
        403,
        "PERMISSION_DENIED",
        "The API is called without a valid token. Instructions on how to use incoming webhooks \
         can be found at https://developers.google.com/chat/how-tos/webhooks",
    )
}

/// 429 for the per-space quota.
pub(crate) fn quota_exhausted() -> GoogleError {
    GoogleError::new(
        429,
        "RESOURCE_EXHAUSTED",
        "Resource has been exhausted (e.g. check quota). This space accepts one request per second.",
    )
    .reason("RATE_LIMIT_EXCEEDED")
}

impl IntoResponse for GoogleError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self.body())).into_response();
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
