//! Answers in Chat's error shape (`google.rpc.Status`, AIP-193):
//! `{"error": {"code", "message", "status", "details"}}`, so a tool that reads Chat's
//! errors reads the relay's the same way.

use chat_card::webhook::SendError;

/// An error answer of the relay (the crate's one builder of Google's error shape).
pub(crate) use chat_card::google_status::ErrorAnswer as Status;

/// The answer for a send that failed for good: Chat's own error when there was one,
/// otherwise a description of why the message could not be sent.
pub(crate) fn from_send_error(error: &SendError) -> Status {
    match error {
        SendError::Rejected { error, .. } => Status::from(&**error),
        SendError::TooLarge { .. } => Status::invalid_argument("message", error.to_string()),
        SendError::Invalid { findings } => Status::invalid_message(findings),
        other => Status::new(400, "INVALID_ARGUMENT", other.to_string()),
    }
}
