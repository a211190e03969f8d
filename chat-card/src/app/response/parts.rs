//! The small typed parts of a reply: the message response type, dialog action statuses,
//! autocomplete suggestions.

use serde::Serialize;

/// `actionResponse.type` for replies that carry a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageResponse {
    /// Post the message as a new message (`NEW_MESSAGE`, what a plain message means).
    NewMessage,
    /// Update the message the user clicked in (`UPDATE_MESSAGE`, for `CARD_CLICKED`
    /// events on the app's own messages).
    UpdateMessage,
    /// Update the cards of a user's message (`UPDATE_USER_MESSAGE_CARDS`: link
    /// previews).
    UpdateUserMessageCards,
}

impl MessageResponse {
    /// The value as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageResponse::NewMessage => "NEW_MESSAGE",
            MessageResponse::UpdateMessage => "UPDATE_MESSAGE",
            MessageResponse::UpdateUserMessageCards => "UPDATE_USER_MESSAGE_CARDS",
        }
    }
}

/// The status code of a dialog's closing status (`google.rpc.Code`, by name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum StatusCode {
    Ok,
    Cancelled,
    Unknown,
    InvalidArgument,
    DeadlineExceeded,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Unauthenticated,
    ResourceExhausted,
    FailedPrecondition,
    Aborted,
    OutOfRange,
    Unimplemented,
    Internal,
    Unavailable,
    DataLoss,
}

/// What a dialog shows as it closes, or why it stays open
/// (`actionResponse.dialogAction.actionStatus`): `OK` closes the dialog and shows the
/// message; an error keeps it open with the message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionStatus {
    status_code: StatusCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_facing_message: Option<String>,
}

impl ActionStatus {
    /// A status with Chat's generic message for `code`.
    pub fn new(code: StatusCode) -> Self {
        ActionStatus {
            status_code: code,
            user_facing_message: None,
        }
    }

    /// `OK` with a message: closes the dialog.
    pub fn ok(message: impl Into<String>) -> Self {
        Self::new(StatusCode::Ok).message(message)
    }

    /// The message shown to the user (plain text).
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.user_facing_message = Some(message.into());
        self
    }
}

/// One autocomplete suggestion of a selection input (`updatedWidget.suggestions.items[]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    text: String,
    value: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    selected: bool,
}

impl Suggestion {
    /// A suggestion showing `text` whose value, when chosen, is `value`.
    pub fn new(text: impl Into<String>, value: impl Into<String>) -> Self {
        Suggestion {
            text: text.into(),
            value: value.into(),
            selected: false,
        }
    }

    /// Shows the suggestion as selected.
    pub fn selected(mut self) -> Self {
        self.selected = true;
        self
    }
}
