//! The one gate a message body passes before it is sent, queued or accepted: the size
//! limit, UTF-8 JSON, one object, a message rather than a bare card, some content, and the
//! shared validator (errors refuse; warnings pass). The sender, the relay and the fake
//! space all call it, so they refuse the same bodies with the same words.

use std::fmt;

use serde_json::{Map, Value};

use super::{DocumentKind, Finding, check_document};
use crate::google_status::{ErrorAnswer, violations};

/// The largest message Chat accepts, in bytes of JSON.
use chat_card_core::schema::MAX_MESSAGE_BYTES;

/// A body that passed the gate: the message as a JSON object and what the validator
/// warned about (Chat accepts it).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct MessageBody {
    /// The message.
    pub object: Map<String, Value>,
    /// Warnings: parts Chat accepts and ignores, deprecated or legacy fields.
    pub warnings: Vec<Finding>,
}

/// Why a body is refused. `Display` says what is wrong and how to fix it;
/// [`BodyError::answer`] is the same in Google's error shape.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum BodyError {
    /// More than 32,000 bytes.
    TooLarge {
        /// The body's size.
        bytes: usize,
    },
    /// Not UTF-8 text.
    NotUtf8,
    /// Not JSON.
    NotJson {
        /// The parser's words.
        detail: String,
    },
    /// JSON, but not one object.
    NotObject,
    /// A bare card (`{"header": …, "sections": …}`), not a message.
    BareCard,
    /// No `text`, `cardsV2` or `cards`.
    Empty,
    /// The validator found errors (Chat refuses them).
    Refused {
        /// The errors (warnings are left out).
        findings: Vec<Finding>,
    },
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::TooLarge { bytes } => write!(
                f,
                "Message is too large: {bytes} bytes; the maximum message size, including text \
                 and cards, is {MAX_MESSAGE_BYTES} bytes. Shorten the text or send fewer cards."
            ),
            BodyError::NotUtf8 => f.write_str(
                "Invalid JSON payload received: the body is not UTF-8 text; send the message \
                 as UTF-8 JSON",
            ),
            BodyError::NotJson { detail } => write!(
                f,
                "Invalid JSON payload received: {detail}; send one JSON object such as \
                 {{\"text\": \"hello\"}}"
            ),
            BodyError::NotObject => f.write_str(
                "Invalid JSON payload received: a message must be a JSON object such as \
                 {\"text\": \"hello\"}",
            ),
            BodyError::BareCard => f.write_str(
                "this is a bare card, not a message: wrap it as \
                 {\"cardsV2\": [{\"cardId\": \"card\", \"card\": CARD}]}",
            ),
            BodyError::Empty => {
                f.write_str("Message cannot be empty: give it a `text` or `cardsV2`")
            }
            BodyError::Refused { findings } => {
                let list = violations(findings);
                match list.first() {
                    Some((path, description)) if path.is_empty() => {
                        write!(f, "Invalid message: {description}")?
                    }
                    Some((path, description)) => {
                        write!(f, "Invalid message: {path}: {description}")?
                    }
                    None => f.write_str("Invalid message")?,
                }
                if list.len() > 1 {
                    write!(f, " (and {} more problem(s))", list.len() - 1)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BodyError {}

impl BodyError {
    /// The refusal in Google's error shape: 400 `INVALID_ARGUMENT` with field violations.
    pub fn answer(&self) -> ErrorAnswer {
        match self {
            BodyError::Refused { findings } => ErrorAnswer::invalid_message(findings),
            BodyError::TooLarge { .. } | BodyError::Empty => {
                ErrorAnswer::invalid_argument("message", self.to_string())
            }
            _ => ErrorAnswer::invalid_argument("", self.to_string()),
        }
    }
}

/// Passes a message body through the gate.
///
/// ```
/// use chat_card::check::{BodyError, check_message_body};
///
/// let ok = check_message_body(br#"{"text": "deploy done"}"#)?;
/// assert!(ok.warnings.is_empty());
/// let refused = check_message_body(br#"{"header": {"title": "x"}, "sections": []}"#);
/// assert_eq!(refused.unwrap_err(), BodyError::BareCard);
/// # Ok::<(), BodyError>(())
/// ```
pub fn check_message_body(bytes: &[u8]) -> Result<MessageBody, BodyError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(BodyError::TooLarge { bytes: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| BodyError::NotUtf8)?;
    let report = check_document(text).map_err(|e| BodyError::NotJson {
        detail: e.to_string(),
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| BodyError::NotJson {
        detail: e.to_string(),
    })?;
    let Value::Object(object) = value else {
        return Err(BodyError::NotObject);
    };
    if report.kind == DocumentKind::Card {
        return Err(BodyError::BareCard);
    }
    let has_content = ["text", "cardsV2", "cards"]
        .iter()
        .any(|k| object.get(*k).is_some_and(|v| !v.is_null()));
    if !has_content {
        return Err(BodyError::Empty);
    }
    let (errors, warnings): (Vec<Finding>, Vec<Finding>) =
        report.findings.into_iter().partition(Finding::is_error);
    if !errors.is_empty() {
        return Err(BodyError::Refused { findings: errors });
    }
    Ok(MessageBody { object, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_says_what_is_wrong() {
        let big = format!(r#"{{"text":"{}"}}"#, "a".repeat(MAX_MESSAGE_BYTES));
        let cases: [(&[u8], &str); 6] = [
            (big.as_bytes(), "32000 bytes"),
            (b"\xff", "UTF-8"),
            (b"{", "JSON payload"),
            (b"[1]", "JSON object"),
            (br#"{"thread": {"threadKey": "t"}}"#, "cannot be empty"),
            (br#"{"text": 3}"#, "text"),
        ];
        for (body, words) in cases {
            let e = check_message_body(body).expect_err(words);
            assert!(e.to_string().contains(words), "{e}");
            assert_eq!(e.answer().http, 400);
        }
    }

    #[test]
    fn warnings_pass() {
        let warned = br#"{"cardsV2":[{"cardId":"c","card":{"name":"n","header":{"title":"Hi"},"sections":[{"widgets":[{"textParagraph":{"text":"x"}}]}]}}]}"#;
        let body = check_message_body(warned).expect("passes");
        assert!(!body.warnings.is_empty());
        assert!(body.object.contains_key("cardsV2"));
    }
}
