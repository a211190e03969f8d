//! Answers in Chat's error shape (`google.rpc.Status`, AIP-193):
//! `{"error": {"code", "message", "status", "details"}}`, so a tool that reads Chat's
//! errors reads the relay's the same way.

use crate::check::Finding;
use crate::error_answer::violations;
use crate::webhook::{ApiError, SendError};

/// An error answer of the relay (the crate's one builder of Google's error shape).
pub(crate) use crate::error_answer::ErrorAnswer as Status;

impl Status {
    /// 400 `INVALID_ARGUMENT` with one `BadRequest` field violation.
    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Status::new(400, "INVALID_ARGUMENT", message.clone())
            .field_violations(&[(field.to_owned(), message)])
    }

    /// 400 `INVALID_ARGUMENT` listing the validator's findings as field violations.
    pub(crate) fn findings(findings: &[Finding]) -> Self {
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
        Status::new(
            400,
            "INVALID_ARGUMENT",
            format!("Invalid message, not queued: {first}{more}"),
        )
        .field_violations(&list)
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
