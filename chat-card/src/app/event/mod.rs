//! Chat interaction events, typed: what Chat POSTs to an app's endpoint.
//!
//! The field names are those of the Chat API's `Event` (the discovery document's
//! `DeprecatedEvent`, `CommonEventObject`, `Inputs`, …). Parsing is lenient where Google
//! evolves: unknown fields are ignored, unknown enum values (new event types) are kept
//! as `Other(String)`, and missing objects default to empty. The legacy verification
//! `token` field is not read, so it can never end up in a log.
//!
//! ```
//! use chat_card::app::{DialogEventType, Event, EventType};
//!
//! let event = Event::from_json(r#"{
//!   "type": "CARD_CLICKED",
//!   "isDialogEvent": true,
//!   "dialogEventType": "SUBMIT_DIALOG",
//!   "user": {"name": "users/123", "displayName": "Ana"},
//!   "common": {
//!     "invokedFunction": "submitForm",
//!     "formInputs": {"contactName": {"stringInputs": {"value": ["Bo"]}}}
//!   }
//! }"#).unwrap();
//! assert_eq!(event.kind, EventType::CardClicked);
//! assert_eq!(event.dialog_event_type, Some(DialogEventType::SubmitDialog));
//! assert_eq!(event.invoked_function(), Some("submitForm"));
//! assert_eq!(event.string_input("contactName"), Some("Bo"));
//! ```

#[macro_use]
mod kinds;
mod inputs;

use std::fmt;

use serde::Deserialize;

pub use inputs::{
    CommonEventObject, DateInput, DateTimeInput, Inputs, StringInputs, TimeInput, TimeZone,
};
pub use kinds::{AnnotationType, AppCommandType, DialogEventType, EventType, UserType};

/// An interaction event.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Event {
    /// What the user did (`type`).
    #[serde(rename = "type")]
    pub kind: EventType,
    /// When (`eventTime`, RFC 3339).
    pub event_time: Option<String>,
    /// The message that triggered the event (`MESSAGE`, `ADDED_TO_SPACE` with a
    /// message, `CARD_CLICKED`).
    pub message: Option<Message>,
    /// Who.
    pub user: Option<User>,
    /// Where.
    pub space: Option<Space>,
    /// The thread, when there is one.
    pub thread: Option<Thread>,
    /// The app-defined thread key (`threadKey`).
    pub thread_key: Option<String>,
    /// The clicked action of a `CARD_CLICKED` event (legacy form of
    /// `common.invokedFunction` and `common.parameters`).
    pub action: Option<FormAction>,
    /// Where to send the user after a configuration flow (`configCompleteRedirectUrl`).
    pub config_complete_redirect_url: Option<String>,
    /// Whether the user is interacting with a dialog (`isDialogEvent`).
    pub is_dialog_event: bool,
    /// The dialog step (`dialogEventType`).
    pub dialog_event_type: Option<DialogEventType>,
    /// Function, parameters and form inputs (`common`).
    pub common: CommonEventObject,
    /// The command of an `APP_COMMAND` event (`appCommandMetadata`).
    pub app_command_metadata: Option<AppCommandMetadata>,
}

/// A message of an event.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Message {
    /// `spaces/{space}/messages/{message}`.
    pub name: Option<String>,
    /// Who sent it.
    pub sender: Option<User>,
    /// When (RFC 3339).
    pub create_time: Option<String>,
    /// The text as typed, with @mentions.
    pub text: Option<String>,
    /// The text without the app's @mention or the slash command (`argumentText`).
    pub argument_text: Option<String>,
    /// The thread.
    pub thread: Option<Thread>,
    /// The space.
    pub space: Option<Space>,
    /// The slash command the message used (`slashCommand`).
    pub slash_command: Option<SlashCommand>,
    /// Mentions, slash commands and links in the text.
    pub annotations: Vec<Annotation>,
}

/// A user (`user`, `message.sender`).
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct User {
    /// `users/{user}`: what `privateMessageViewer` takes.
    pub name: String,
    /// The display name.
    pub display_name: String,
    /// `HUMAN` or `BOT`.
    #[serde(rename = "type")]
    pub kind: Option<UserType>,
    /// The user's email (sent to apps with the right scopes).
    pub email: Option<String>,
    /// The avatar URL.
    pub avatar_url: Option<String>,
    /// The Workspace customer id of the user's domain.
    pub domain_id: Option<String>,
    /// Whether the user is deleted or hidden.
    pub is_anonymous: bool,
}

impl fmt::Debug for User {
    /// Name, display name and kind: no email, which is personal data for logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("name", &self.name)
            .field("display_name", &self.display_name)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// A space (`space`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Space {
    /// `spaces/{space}`.
    pub name: String,
    /// The display name (empty for direct messages).
    pub display_name: String,
    /// `SPACE`, `GROUP_CHAT` or `DIRECT_MESSAGE` (`spaceType`).
    pub space_type: Option<String>,
    /// Legacy `ROOM` or `DM` (`type`).
    #[serde(rename = "type")]
    pub legacy_type: Option<String>,
    /// Whether it is a direct message between one user and the app.
    pub single_user_bot_dm: bool,
}

/// A thread (`thread`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Thread {
    /// `spaces/{space}/threads/{thread}`.
    pub name: Option<String>,
    /// The app-defined thread key.
    pub thread_key: Option<String>,
}

/// The clicked action (`action`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct FormAction {
    /// The function name (`actionMethodName`).
    pub action_method_name: Option<String>,
    /// Its parameters.
    pub parameters: Vec<ActionParameter>,
}

/// One action parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ActionParameter {
    /// The name.
    pub key: String,
    /// The value.
    pub value: String,
}

/// The slash command of a message (`message.slashCommand`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SlashCommand {
    /// The command's id, as configured in the Chat API configuration (`commandId`).
    #[serde(deserialize_with = "id_text")]
    pub command_id: String,
}

/// An annotation of a message's text.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Annotation {
    /// The kind.
    #[serde(rename = "type")]
    pub kind: AnnotationType,
    /// Where it starts in the text (UTF-16 code units).
    pub start_index: Option<i64>,
    /// Its length.
    pub length: Option<i64>,
    /// The slash command, for `SLASH_COMMAND`.
    pub slash_command: Option<SlashCommandMetadata>,
}

/// The slash command of an annotation (`annotations[].slashCommand`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SlashCommandMetadata {
    /// The command's id.
    #[serde(deserialize_with = "id_text")]
    pub command_id: String,
    /// The command's name, like `/addContact`.
    pub command_name: String,
    /// Whether the command opens a dialog.
    pub triggers_dialog: bool,
}

/// The command of an `APP_COMMAND` event (`appCommandMetadata`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct AppCommandMetadata {
    /// The command's id, as configured in the Chat API configuration.
    #[serde(deserialize_with = "id_number")]
    pub app_command_id: i64,
    /// Slash or quick command.
    pub app_command_type: AppCommandType,
}

/// Why an event body could not be read. The message includes what the JSON parser
/// said, so the error has no `source`.
#[derive(Debug)]
pub struct EventError {
    inner: serde_json::Error,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the request body is not a Chat interaction event: {} (Chat sends a JSON object with a `type` field)",
            self.inner
        )
    }
}

impl std::error::Error for EventError {}

impl Event {
    /// Reads an event from JSON text.
    pub fn from_json(json: &str) -> Result<Event, EventError> {
        Self::from_slice(json.as_bytes())
    }

    /// Reads an event from JSON bytes (a request body).
    pub fn from_slice(json: &[u8]) -> Result<Event, EventError> {
        // serde would also read a struct from a JSON array; an event is an object.
        if json.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(EventError {
                inner: serde::de::Error::custom("expected a JSON object, found an array"),
            });
        }
        serde_json::from_slice(json).map_err(|inner| EventError { inner })
    }

    /// The function a card or dialog action invoked: `common.invokedFunction`, else the
    /// legacy `action.actionMethodName`.
    pub fn invoked_function(&self) -> Option<&str> {
        self.common.invoked_function.as_deref().or_else(|| {
            self.action
                .as_ref()
                .and_then(|a| a.action_method_name.as_deref())
        })
    }

    /// The action parameter `key`: from `common.parameters`, else the legacy
    /// `action.parameters`.
    pub fn parameter(&self, key: &str) -> Option<&str> {
        self.common
            .parameters
            .get(key)
            .map(String::as_str)
            .or_else(|| {
                self.action.as_ref().and_then(|a| {
                    a.parameters
                        .iter()
                        .find(|p| p.key == key)
                        .map(|p| p.value.as_str())
                })
            })
    }

    /// The id of the command the user used: `appCommandMetadata.appCommandId` for
    /// `APP_COMMAND` events, else the message's `slashCommand.commandId`.
    pub fn command_id(&self) -> Option<i64> {
        if let Some(meta) = &self.app_command_metadata {
            return Some(meta.app_command_id);
        }
        let slash = self.message.as_ref()?.slash_command.as_ref()?;
        slash.command_id.trim().parse().ok()
    }

    /// The message text without the app's @mention or slash command (`argumentText`),
    /// else the whole text; trimmed.
    pub fn argument_text(&self) -> Option<&str> {
        let message = self.message.as_ref()?;
        message
            .argument_text
            .as_deref()
            .or(message.text.as_deref())
            .map(str::trim)
    }

    /// The user's resource name (`users/…`), what a private reply is addressed to.
    pub fn user_name(&self) -> Option<&str> {
        self.user
            .as_ref()
            .map(|u| u.name.as_str())
            .filter(|n| !n.is_empty())
    }

    /// The first value of the text or selection input `name`.
    pub fn string_input(&self, name: &str) -> Option<&str> {
        self.common.string_input(name)
    }

    /// Every selected value of the selection input `name` (empty when absent).
    pub fn string_inputs(&self, name: &str) -> &[String] {
        self.common.string_inputs(name)
    }

    /// The date input `name`, in milliseconds since the Unix epoch.
    pub fn date_input(&self, name: &str) -> Option<i64> {
        self.common.date_input(name)
    }

    /// The time input `name`, as `(hours, minutes)`.
    pub fn time_input(&self, name: &str) -> Option<(i64, i64)> {
        self.common.time_input(name)
    }

    /// The date-and-time input `name`.
    pub fn date_time_input(&self, name: &str) -> Option<DateTimeInput> {
        self.common.date_time_input(name)
    }
}

/// An id sent as a string or a number, kept as text.
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
        Id::Other(_) => String::new(),
    })
}

/// An id sent as a number or a string of digits; 0 when it is neither.
fn id_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    id_text(d).map(|s| s.trim().parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_types_and_fields_parse() {
        let event = Event::from_json(
            r#"{"type": "SOMETHING_NEW", "brandNew": {"x": 1}, "token": "s3cret"}"#,
        )
        .unwrap();
        assert_eq!(event.kind, EventType::Other("SOMETHING_NEW".into()));
        assert_eq!(event.kind.as_str(), "SOMETHING_NEW");
        assert!(!format!("{event:?}").contains("s3cret"));
        let empty = Event::from_json("{}").unwrap();
        assert_eq!(empty.kind, EventType::Other(String::new()));
        assert!(
            Event::from_json("[]")
                .unwrap_err()
                .to_string()
                .contains("`type` field")
        );
        assert!(Event::from_json("5").is_err());
        assert!(Event::from_json(r#"{"type": 5}"#).is_err());
    }

    #[test]
    fn legacy_action_fields_back_the_accessors() {
        let event = Event::from_json(
            r#"{"type": "CARD_CLICKED", "action": {"actionMethodName": "ack", "parameters": [{"key": "host", "value": "db-1"}]}}"#,
        )
        .unwrap();
        assert_eq!(event.invoked_function(), Some("ack"));
        assert_eq!(event.parameter("host"), Some("db-1"));
        assert_eq!(event.parameter("other"), None);
    }

    #[test]
    fn command_ids_come_from_either_place() {
        let slash = Event::from_json(
            r#"{"type": "MESSAGE", "message": {"text": "/about", "slashCommand": {"commandId": "1"}}}"#,
        )
        .unwrap();
        assert_eq!(slash.command_id(), Some(1));
        let app = Event::from_json(
            r#"{"type": "APP_COMMAND", "appCommandMetadata": {"appCommandId": 2, "appCommandType": "SLASH_COMMAND"}}"#,
        )
        .unwrap();
        assert_eq!(app.kind, EventType::AppCommand);
        assert_eq!(app.command_id(), Some(2));
        assert_eq!(
            app.app_command_metadata.unwrap().app_command_type,
            AppCommandType::SlashCommand
        );
    }

    #[test]
    fn user_debug_hides_the_email() {
        let event =
            Event::from_json(r#"{"user": {"name": "users/1", "email": "ana@example.com"}}"#)
                .unwrap();
        let user = event.user.unwrap();
        assert_eq!(user.email.as_deref(), Some("ana@example.com"));
        assert!(!format!("{user:?}").contains("ana@"));
    }
}
