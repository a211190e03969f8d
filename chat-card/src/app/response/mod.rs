//! Answers to interaction events: a message (new, updating, private), a dialog, a
//! dialog's closing status, a configuration request, or autocomplete suggestions.
//!
//! A [`Reply`] is the JSON body of the HTTP response. Messages come from `card!` and
//! `message!` ([`JsonMessage`]); the reply splices the `actionResponse` (and
//! `privateMessageViewer`) members into the message's JSON text in one buffer, without
//! re-serialising it. Parts that were not validated when they were built (dialog bodies
//! from elsewhere, suggestions, status messages) are checked with the runtime validator
//! ([`crate::check`]), in the dialog context where it applies; its errors refuse the
//! reply, its warnings (what Chat accepts) do not.
//!
//! ```
//! use chat_card::app::{ActionStatus, Reply, StatusCode};
//! use chat_card::card;
//!
//! let form = card! {
//!     section "Add new contact" {
//!         text_input "contactName" { label: "First and last name" }
//!         buttons { button "Review and submit" { action: "openConfirmation" } }
//!     }
//! }?;
//! let open = Reply::dialog(&form)?;
//! assert!(open.as_str().starts_with(r#"{"actionResponse":{"type":"DIALOG","dialogAction":{"dialog":{"body":{"#));
//!
//! let done = Reply::dialog_status(ActionStatus::new(StatusCode::Ok).message("Contact added"))?;
//! assert_eq!(
//!     done.as_str(),
//!     r#"{"actionResponse":{"type":"DIALOG","dialogAction":{"actionStatus":{"statusCode":"OK","userFacingMessage":"Contact added"}}}}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod parts;
mod splice;

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::check::{self, Finding};
use crate::{JsonMessage, WebUrl};
pub use error::ReplyError;
pub use parts::{ActionStatus, MessageResponse, StatusCode, Suggestion};
use splice::{json_string, single_card, splice};

/// The body of the HTTP response to one interaction event.
#[derive(Clone, PartialEq, Eq)]
pub struct Reply {
    body: Body,
    kind: Kind,
}

/// The JSON text: built here, or a message as `card!`/`message!` built it (a static
/// message stays a `&'static str`).
#[derive(Clone, PartialEq, Eq)]
enum Body {
    Text(Cow<'static, str>),
    Message(JsonMessage),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Empty,
    Message,
    Dialog,
    Config,
    Widget,
}

impl Reply {
    /// `{}`: nothing to say (Chat shows nothing).
    pub fn empty() -> Self {
        Reply {
            body: Body::Text(Cow::Borrowed("{}")),
            kind: Kind::Empty,
        }
    }

    /// The message as it is: posted as a new message (the reply without
    /// `actionResponse`). No copy of a static message.
    pub fn message(message: JsonMessage) -> Self {
        Reply {
            body: Body::Message(message),
            kind: Kind::Message,
        }
    }

    /// The message with `actionResponse.type` set to `response`.
    pub fn message_as(
        message: &JsonMessage,
        response: MessageResponse,
    ) -> Result<Self, ReplyError> {
        let prefix = format!(r#""actionResponse":{{"type":"{}"}}"#, response.as_str());
        Ok(Reply {
            body: Body::Text(Cow::Owned(splice(&prefix, message.as_str())?)),
            kind: Kind::Message,
        })
    }

    /// `NEW_MESSAGE`: posts the message.
    pub fn new_message(message: &JsonMessage) -> Result<Self, ReplyError> {
        Self::message_as(message, MessageResponse::NewMessage)
    }

    /// `UPDATE_MESSAGE`: replaces the message whose card the user clicked.
    pub fn update_message(message: &JsonMessage) -> Result<Self, ReplyError> {
        Self::message_as(message, MessageResponse::UpdateMessage)
    }

    /// `UPDATE_USER_MESSAGE_CARDS`: replaces the cards of the user's message (link
    /// previews).
    pub fn update_user_message_cards(message: &JsonMessage) -> Result<Self, ReplyError> {
        Self::message_as(message, MessageResponse::UpdateUserMessageCards)
    }

    /// `REQUEST_CONFIG`: asks the user to authenticate or configure the app at `url`;
    /// Chat shows the prompt privately.
    pub fn request_config(url: &WebUrl) -> Result<Self, ReplyError> {
        let url = json_string(url.as_str());
        let json = format!(r#"{{"actionResponse":{{"type":"REQUEST_CONFIG","url":{url}}}}}"#);
        validated(json, Kind::Config)
    }

    /// `DIALOG`: opens (or replaces) a dialog whose body is the single card of `card`
    /// (what `card! { … }` builds). The card's JSON is copied once into the reply.
    pub fn dialog(card: &JsonMessage) -> Result<Self, ReplyError> {
        let body = single_card(card.as_str())?;
        Self::dialog_json(body.get())
    }

    /// `DIALOG` with a body given as bare card JSON (`{"sections": […], "fixedFooter":
    /// …}`), checked with the validator in the dialog context, where dialog-only fields
    /// such as `fixedFooter` are allowed.
    pub fn dialog_json(card_json: &str) -> Result<Self, ReplyError> {
        const HEAD: &str =
            r#"{"actionResponse":{"type":"DIALOG","dialogAction":{"dialog":{"body":"#;
        const TAIL: &str = "}}}}";
        let mut json = String::with_capacity(HEAD.len() + card_json.len() + TAIL.len());
        json.push_str(HEAD);
        json.push_str(card_json.trim());
        json.push_str(TAIL);
        validated(json, Kind::Dialog)
    }

    /// `DIALOG` with an action status: closes the dialog (`OK`) or keeps it open with an
    /// error message.
    pub fn dialog_status(status: ActionStatus) -> Result<Self, ReplyError> {
        let status = serde_json::to_string(&status)
            .map_err(|e| ReplyError::new(format!("cannot write the action status: {e}")))?;
        let json = format!(
            r#"{{"actionResponse":{{"type":"DIALOG","dialogAction":{{"actionStatus":{status}}}}}}}"#
        );
        validated(json, Kind::Dialog)
    }

    /// Closes the dialog with Chat's generic success message.
    pub fn close_dialog() -> Self {
        Reply {
            body: Body::Text(Cow::Borrowed(
                r#"{"actionResponse":{"type":"DIALOG","dialogAction":{"actionStatus":{"statusCode":"OK"}}}}"#,
            )),
            kind: Kind::Dialog,
        }
    }

    /// `UPDATE_WIDGET`: autocomplete suggestions for the selection input `widget`.
    pub fn update_widget(widget: &str, suggestions: &[Suggestion]) -> Result<Self, ReplyError> {
        #[derive(Serialize)]
        struct Items<'a> {
            items: &'a [Suggestion],
        }
        let items = serde_json::to_string(&Items { items: suggestions })
            .map_err(|e| ReplyError::new(format!("cannot write the suggestions: {e}")))?;
        let widget = json_string(widget);
        let json = format!(
            r#"{{"actionResponse":{{"type":"UPDATE_WIDGET","updatedWidget":{{"widget":{widget},"suggestions":{items}}}}}}}"#
        );
        validated(json, Kind::Widget)
    }

    /// Shows a message reply only to the user named `user_name` (`users/…`, the event's
    /// [`user_name`](crate::app::Event::user_name)): `privateMessageViewer`.
    pub fn private_to(self, user_name: &str) -> Result<Self, ReplyError> {
        if !matches!(self.kind, Kind::Message) {
            return Err(ReplyError::new(
                "only a message can be private (privateMessageViewer); dialogs, statuses and configuration requests are always shown to the acting user only",
            ));
        }
        let id = user_name.strip_prefix("users/").unwrap_or_default();
        if id.is_empty() || id.contains('/') || id.chars().any(char::is_whitespace) {
            return Err(ReplyError::new(format!(
                "`{user_name}` is not a user name; use the event's `user.name`, like `users/123456789`"
            )));
        }
        let prefix = format!(
            r#""privateMessageViewer":{{"name":{}}}"#,
            json_string(user_name)
        );
        Ok(Reply {
            body: Body::Text(Cow::Owned(splice(&prefix, self.as_str())?)),
            kind: Kind::Message,
        })
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        match &self.body {
            Body::Text(text) => text,
            Body::Message(message) => message.as_str(),
        }
    }

    /// The JSON text, still borrowed when it is static.
    #[cfg_attr(not(feature = "app-axum"), allow(dead_code))]
    pub(crate) fn into_cow(self) -> Cow<'static, str> {
        match self.body {
            Body::Text(text) => text,
            Body::Message(message) => message.into_cow(),
        }
    }

    /// The JSON text, owned.
    pub fn into_string(self) -> String {
        match self.body {
            Body::Text(text) => text.into_owned(),
            Body::Message(message) => message.into_string(),
        }
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Reply").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<JsonMessage> for Reply {
    fn from(message: JsonMessage) -> Self {
        Reply::message(message)
    }
}

fn validated(json: String, kind: Kind) -> Result<Reply, ReplyError> {
    let findings = check::check_message_text(&json).map_err(|e| {
        ReplyError::new(format!(
            "the reply is not valid JSON at {}:{}: {}",
            e.line, e.column, e.message
        ))
    })?;
    // Warnings are what Chat accepts (see `check::Severity`): only errors refuse.
    let errors: Vec<Finding> = findings.into_iter().filter(Finding::is_error).collect();
    if !errors.is_empty() {
        return Err(ReplyError {
            message: "the reply breaks the card rules:".into(),
            findings: errors,
        });
    }
    Ok(Reply {
        body: Body::Text(Cow::Owned(json)),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(json: &str) -> JsonMessage {
        JsonMessage::from_json(json).unwrap()
    }

    #[test]
    fn message_replies_splice_the_action_response() {
        let msg = msg(r#"{"text":"hi"}"#);
        let reply = Reply::update_message(&msg).unwrap();
        assert_eq!(
            reply.as_str(),
            r#"{"actionResponse":{"type":"UPDATE_MESSAGE"},"text":"hi"}"#
        );
        let private = Reply::new_message(&msg)
            .unwrap()
            .private_to("users/42")
            .unwrap();
        assert_eq!(
            private.as_str(),
            r#"{"privateMessageViewer":{"name":"users/42"},"actionResponse":{"type":"NEW_MESSAGE"},"text":"hi"}"#
        );
        assert!(
            check::check_message_text(private.as_str())
                .unwrap()
                .is_empty()
        );
        let err = private.clone().private_to("users/42").unwrap_err();
        assert!(err.to_string().contains("already has"));
        assert!(Reply::update_message(&JsonMessage::from_json(private.as_str()).unwrap()).is_err());
    }

    #[test]
    fn a_static_message_reply_is_not_copied() {
        let reply = Reply::message(JsonMessage::__from_static(r#"{"text":"hi"}"#));
        assert!(matches!(reply.clone().into_cow(), Cow::Borrowed(_)));
        assert_eq!(reply.into_string(), r#"{"text":"hi"}"#);
    }

    #[test]
    fn private_to_needs_a_user_name_and_a_message() {
        let msg = msg(r#"{"text":"hi"}"#);
        let err = Reply::message(msg).private_to("Ana").unwrap_err();
        assert!(err.to_string().contains("users/123456789"), "{err}");
        let err = Reply::close_dialog().private_to("users/1").unwrap_err();
        assert!(err.to_string().contains("only a message"));
    }

    #[test]
    fn dialogs_take_exactly_one_card() {
        let two = msg(
            r#"{"cardsV2":[{"cardId":"a","card":{"sections":[{"widgets":[{"textParagraph":{"text":"one"}}]}]}},{"cardId":"b","card":{"sections":[{"widgets":[{"textParagraph":{"text":"two"}}]}]}}]}"#,
        );
        assert!(
            Reply::dialog(&two)
                .unwrap_err()
                .to_string()
                .contains("has 2")
        );
        let with_text = msg(
            r#"{"text":"hi","cardsV2":[{"cardId":"a","card":{"sections":[{"widgets":[{"textParagraph":{"text":"one"}}]}]}}]}"#,
        );
        assert!(
            Reply::dialog(&with_text)
                .unwrap_err()
                .to_string()
                .contains("`text`")
        );
        let one = msg(
            r#"{"cardsV2":[{"cardId":"a","card":{"sections":[{"widgets":[{"textParagraph":{"text":"one"}}]}]}}]}"#,
        );
        let reply = Reply::dialog(&one).unwrap();
        let value: serde_json::Value = serde_json::from_str(reply.as_str()).unwrap();
        assert_eq!(
            value.pointer(
                "/actionResponse/dialogAction/dialog/body/sections/0/widgets/0/textParagraph/text"
            ),
            Some(&serde_json::json!("one"))
        );
    }

    #[test]
    fn dialog_json_allows_dialog_fields_and_checks_the_rest() {
        let footer = r#"{"sections": [{"widgets": [{"textParagraph": {"text": "x"}}]}],
            "fixedFooter": {"primaryButton": {"text": "Submit", "onClick": {"action": {"function": "submit"}}}}}"#;
        assert!(Reply::dialog_json(footer).is_ok());
        let bad = r#"{"sections": [{"widgets": [{"textParagraph": {"txt": "x"}}]}]}"#;
        let err = Reply::dialog_json(bad).unwrap_err();
        assert!(!err.findings().is_empty(), "{err}");
    }

    #[test]
    fn other_replies_are_valid() {
        let url = WebUrl::parse("https://example.com/configure?state=a\"b").unwrap();
        let config = Reply::request_config(&url).unwrap();
        assert!(
            config
                .as_str()
                .contains(r#""type":"REQUEST_CONFIG","url":"https://example.com/configure"#)
        );
        let widget = Reply::update_widget(
            "contactType",
            &[
                Suggestion::new("Work", "work").selected(),
                Suggestion::new("Personal", "personal"),
            ],
        )
        .unwrap();
        assert_eq!(
            widget.as_str(),
            r#"{"actionResponse":{"type":"UPDATE_WIDGET","updatedWidget":{"widget":"contactType","suggestions":{"items":[{"text":"Work","value":"work","selected":true},{"text":"Personal","value":"personal"}]}}}}"#
        );
        let status = Reply::dialog_status(
            ActionStatus::new(StatusCode::InvalidArgument).message("Name \"missing\""),
        )
        .unwrap();
        assert!(
            status.as_str().contains(
                r#""statusCode":"INVALID_ARGUMENT","userFacingMessage":"Name \"missing\"""#
            )
        );
        assert!(
            check::check_message_text(Reply::close_dialog().as_str())
                .unwrap()
                .is_empty()
        );
        assert_eq!(Reply::empty().as_str(), "{}");
    }
}
