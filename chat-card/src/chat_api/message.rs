//! [`ChatMessage`] (what Chat answers) and [`MessageUpdate`] (what a patch changes).

use serde::Serialize;
use serde_json::{Map, Value};

use super::error::ChatApiError;
use crate::webhook::SendError;

/// A message as Chat returned it from create, get or update.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ChatMessage {
    /// Its resource name, `spaces/SPACE/messages/MESSAGE` (Chat's id, even when a
    /// client-assigned id was given).
    pub name: String,
    /// Its thread, `spaces/SPACE/threads/THREAD`, to reply into later.
    pub thread_name: Option<String>,
    /// The `client-…` id given at creation (`messageId`), if any: it addresses the
    /// message too (`spaces/SPACE/messages/client-…`).
    pub client_assigned_message_id: Option<String>,
    /// The message text, if any.
    pub text: Option<String>,
    /// The whole answer (a `Message` resource).
    pub json: Value,
    /// HTTP attempts made.
    pub attempts: u32,
    /// The request id sent on every attempt, if any.
    pub request_id: Option<String>,
    /// What the validator warned about in the message sent (Chat accepts and ignores
    /// it); empty for reads and deletes.
    pub warnings: Vec<crate::check::Finding>,
}

impl ChatMessage {
    /// The answer as the typed model ([`model::Message`](crate::model::Message)), e.g. to
    /// read its cards. Fails only if Chat answered fields of an unexpected type.
    pub fn to_model(&self) -> Result<crate::model::Message, serde_json::Error> {
        serde_json::from_value(self.json.clone())
    }

    pub(crate) fn from_answer(json: Value, attempts: u32, request_id: Option<String>) -> Self {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        ChatMessage {
            name: text(json.get("name")).unwrap_or_default(),
            thread_name: text(json.pointer("/thread/name")),
            client_assigned_message_id: text(json.get("clientAssignedMessageId")),
            text: text(json.get("text")),
            json,
            attempts,
            request_id,
            warnings: Vec::new(),
        }
    }
}

/// The message fields an update can change, with their `updateMask` paths.
const UPDATABLE: [(&str, &str); 5] = [
    ("text", "text"),
    ("cardsV2", "cards_v2"),
    ("accessoryWidgets", "accessory_widgets"),
    ("attachment", "attachment"),
    ("cards", "cards"),
];

/// What an update (`spaces.messages.patch`) changes. The `updateMask` is computed from
/// the fields given, or set explicitly (e.g. `"text"` with no text clears it).
///
/// ```
/// use chat_card::chat_api::MessageUpdate;
///
/// let resolved = serde_json::json!({
///     "text": "resolved",
///     "cardsV2": [{"cardId": "a", "card": {"header": {"title": "db-1 is back"}}}],
/// });
/// let update = MessageUpdate::from_message(&resolved)?;
/// assert_eq!(update.mask(), "text,cards_v2");
/// assert_eq!(MessageUpdate::new().text("hi").mask(), "text");
/// # Ok::<(), chat_card::chat_api::ChatApiError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MessageUpdate {
    fields: Map<String, Value>,
    mask: Option<String>,
    allow_missing: bool,
}

impl MessageUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        MessageUpdate::default()
    }

    /// Takes the updatable fields of a message (`text`, `cardsV2`, `accessoryWidgets`,
    /// `attachment`, `cards`): a [`JsonMessage`](crate::JsonMessage) from `card!`, the
    /// typed model or JSON. Other fields (`thread`, `fallbackText`, ...) cannot be
    /// updated and are left out.
    pub fn from_message<M: Serialize + ?Sized>(message: &M) -> Result<Self, ChatApiError> {
        let value = serde_json::to_value(message).map_err(|e| {
            ChatApiError::Send(SendError::Invalid {
                findings: vec![crate::check::Finding::error(format!(
                    "the message could not be serialised: {e}"
                ))],
            })
        })?;
        let Value::Object(object) = value else {
            return Err(ChatApiError::Send(SendError::Invalid {
                findings: vec![crate::check::Finding::error(
                    "a message must be a JSON object such as {\"text\": \"hello\"}",
                )],
            }));
        };
        let mut update = MessageUpdate::new();
        for (field, _) in UPDATABLE {
            if let Some(v) = object.get(field).filter(|v| !v.is_null()) {
                update.fields.insert(field.to_owned(), v.clone());
            }
        }
        Ok(update)
    }

    /// Sets the text.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.fields
            .insert("text".into(), Value::String(text.into()));
        self
    }

    /// Sets the `updateMask` explicitly (comma-separated paths such as
    /// `text,cards_v2`, or `*`), instead of computing it from the fields given.
    pub fn update_mask(mut self, mask: impl Into<String>) -> Self {
        self.mask = Some(mask.into());
        self
    }

    /// With `true`, a missing message with a client-assigned name is created instead
    /// (`allowMissing`; the mask is then ignored by Chat).
    pub fn allow_missing(mut self, allow: bool) -> Self {
        self.allow_missing = allow;
        self
    }

    /// The `updateMask` that will be sent.
    pub fn mask(&self) -> String {
        if let Some(mask) = &self.mask {
            return mask.clone();
        }
        UPDATABLE
            .iter()
            .filter(|(field, _)| self.fields.contains_key(*field))
            .map(|(_, path)| *path)
            .collect::<Vec<_>>()
            .join(",")
    }

    pub(crate) fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    pub(crate) fn allows_missing(&self) -> bool {
        self.allow_missing
    }
}
