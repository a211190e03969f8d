//! Splicing reply members into a message's JSON text, and taking the one card out of a
//! `card!` message, without re-serialising either.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::error::ReplyError;

/// `text` as a JSON string literal.
pub(super) fn json_string(text: &str) -> String {
    // Serialising a &str cannot fail.
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Inserts `members` (JSON object members, without braces) at the start of the object
/// `object`, refusing members the object already has.
pub(super) fn splice(members: &str, object: &str) -> Result<String, ReplyError> {
    #[derive(serde::Deserialize)]
    struct Taken {
        #[serde(rename = "actionResponse")]
        action_response: Option<IgnoredAny>,
        #[serde(rename = "privateMessageViewer")]
        private_message_viewer: Option<IgnoredAny>,
    }
    let taken: Taken = serde_json::from_str(object)
        .map_err(|e| ReplyError::new(format!("the message is not a JSON object: {e}")))?;
    let adds_action = members.starts_with(r#""actionResponse""#);
    if adds_action && taken.action_response.is_some() {
        return Err(ReplyError::new(
            "the message already has an `actionResponse`; build it without one and choose the response type here",
        ));
    }
    if !adds_action && taken.private_message_viewer.is_some() {
        return Err(ReplyError::new(
            "the message already has a `privateMessageViewer`",
        ));
    }
    let inner = object.trim().strip_prefix('{').unwrap_or(object);
    let mut out = String::with_capacity(object.len() + members.len() + 2);
    out.push('{');
    out.push_str(members);
    if !inner.trim_start().starts_with('}') {
        out.push(',');
    }
    out.push_str(inner);
    Ok(out)
}

/// The `card` of the one entry of `cardsV2`, borrowed from the message text.
pub(super) fn single_card(message: &str) -> Result<&RawValue, ReplyError> {
    #[derive(serde::Deserialize)]
    struct Entry<'a> {
        #[serde(borrow)]
        card: &'a RawValue,
    }
    let members: BTreeMap<String, &RawValue> = serde_json::from_str(message)
        .map_err(|e| ReplyError::new(format!("the card is not a JSON object: {e}")))?;
    if let Some(extra) = members.keys().find(|k| *k != "cardsV2") {
        return Err(ReplyError::new(format!(
            "a dialog shows one card; the message field `{extra}` has no place in it (build the body with `card! {{ … }}`, without text or other message fields)"
        )));
    }
    let cards: Vec<Entry<'_>> = match members.get("cardsV2") {
        Some(raw) => serde_json::from_str(raw.get())
            .map_err(|e| ReplyError::new(format!("`cardsV2` is not a list of cards: {e}")))?,
        None => Vec::new(),
    };
    match cards.as_slice() {
        [one] => Ok(one.card),
        _ => Err(ReplyError::new(format!(
            "a dialog shows exactly one card, this message has {}",
            cards.len()
        ))),
    }
}
