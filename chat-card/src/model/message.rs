//! The message envelope: [`Message`], [`CardWithId`], [`Thread`], [`AccessoryWidget`].

use serde::{Deserialize, Serialize};

use super::{ButtonList, Card, JsonMap, MarkupSyntax, QuoteType};

/// A Chat message: the body of a webhook POST or of `spaces.messages.create`, and
/// what the API answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Resource name `spaces/{space}/messages/{message}` (assigned by the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Plain text in Chat markup (`*bold*`, `<https://x|label>`, `<users/all>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The cards of the message.
    #[serde(default, alias = "cards_v2", skip_serializing_if = "Vec::is_empty")]
    pub cards_v2: Vec<CardWithId>,
    /// Deprecated v1 cards, kept as raw JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<serde_json::Value>,
    /// Plain-text stand-in for the cards (notifications).
    #[serde(alias = "fallback_text", skip_serializing_if = "Option::is_none")]
    pub fallback_text: Option<String>,
    /// The thread to post into or the thread the message is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread: Option<Thread>,
    /// Button lists shown under the text and cards.
    #[serde(
        default,
        alias = "accessory_widgets",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub accessory_widgets: Vec<AccessoryWidget>,
    /// Makes the message visible to this user only.
    #[serde(
        alias = "private_message_viewer",
        skip_serializing_if = "Option::is_none"
    )]
    pub private_message_viewer: Option<User>,
    /// The message this one quotes.
    #[serde(
        alias = "quoted_message_metadata",
        skip_serializing_if = "Option::is_none"
    )]
    pub quoted_message_metadata: Option<QuotedMessageMetadata>,
    /// How `text` is read (Chat markup or Markdown).
    #[serde(alias = "markup_syntax", skip_serializing_if = "Option::is_none")]
    pub markup_syntax: Option<MarkupSyntax>,
    /// Creation time (RFC 3339); settable only in import mode.
    #[serde(alias = "create_time", skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// The `messageId` the message was created with.
    #[serde(
        alias = "client_assigned_message_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_assigned_message_id: Option<String>,
    /// Attachments (media upload flow), kept as raw JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<serde_json::Value>,
    /// Answer to an interaction event, kept as raw JSON.
    #[serde(alias = "action_response", skip_serializing_if = "Option::is_none")]
    pub action_response: Option<serde_json::Value>,
    /// Every other field (output-only ones such as `sender`, `space`,
    /// `formattedText`), kept as raw JSON.
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// A card with the id that identifies it inside its message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardWithId {
    /// Card id; required when a message has several cards.
    #[serde(alias = "card_id", skip_serializing_if = "Option::is_none")]
    pub card_id: Option<String>,
    /// The card.
    #[serde(default)]
    pub card: Card,
}

/// The thread of a message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    /// Thread resource name `spaces/{space}/threads/{thread}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Caller-chosen thread key (at most 4,000 characters).
    #[serde(alias = "thread_key", skip_serializing_if = "Option::is_none")]
    pub thread_key: Option<String>,
}

/// Interactive widgets under a message: a button list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessoryWidget {
    /// The buttons.
    #[serde(alias = "button_list", skip_serializing_if = "Option::is_none")]
    pub button_list: Option<ButtonList>,
}

/// A Chat user (`privateMessageViewer`, `sender`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Resource name `users/{user}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Other fields (`displayName`, `type`, ...), kept as raw JSON.
    #[serde(flatten)]
    pub extra: JsonMap,
}

/// The message a message quotes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotedMessageMetadata {
    /// Resource name of the quoted message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Last update time of the quoted message (RFC 3339).
    #[serde(alias = "last_update_time", skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<String>,
    /// Reply or forward.
    #[serde(alias = "quote_type", skip_serializing_if = "Option::is_none")]
    pub quote_type: Option<QuoteType>,
    /// Output-only fields, kept as raw JSON.
    #[serde(flatten)]
    pub extra: JsonMap,
}
