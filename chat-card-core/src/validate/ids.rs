//! Checks of the ids a sender passes next to the message: `messageId` and thread keys.

use crate::schema::{MAX_MESSAGE_ID_CHARS, MAX_THREAD_KEY_CHARS};

/// Checks a custom message id (the `messageId` query parameter): `client-` followed by
/// lowercase letters, digits and hyphens, at most 63 characters in all.
///
/// ```
/// use chat_card_core::validate::check_message_id;
/// assert!(check_message_id("client-deploy-42").is_ok());
/// assert!(check_message_id("deploy-42").is_err());
/// assert!(check_message_id("client-Deploy").is_err());
/// ```
pub fn check_message_id(id: &str) -> Result<(), String> {
    let Some(rest) = id.strip_prefix("client-") else {
        return Err(format!(
            "message id `{id}` must start with `client-`: write `client-{}`",
            id.to_ascii_lowercase()
        ));
    };
    if let Some(c) = rest
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!(
            "message id `{id}` contains {c:?}; only lowercase letters, digits and hyphens are allowed after `client-`"
        ));
    }
    let len = id.chars().count();
    if len > MAX_MESSAGE_ID_CHARS {
        return Err(format!(
            "message id is {len} characters long; at most {MAX_MESSAGE_ID_CHARS} are allowed (including `client-`)"
        ));
    }
    Ok(())
}

/// Checks a thread key: at most 4,000 characters.
///
/// ```
/// use chat_card_core::validate::check_thread_key;
/// assert!(check_thread_key("deploy-42").is_ok());
/// assert!(check_thread_key(&"x".repeat(4_001)).is_err());
/// ```
pub fn check_thread_key(key: &str) -> Result<(), String> {
    let len = key.chars().count();
    if len > MAX_THREAD_KEY_CHARS {
        return Err(format!(
            "thread key is {len} characters long; at most {MAX_THREAD_KEY_CHARS} are allowed: use a shorter key (a hash of the long one works)"
        ));
    }
    if key.is_empty() {
        return Err(
            "thread key is empty: give a key, or leave the thread out to start a new one"
                .to_string(),
        );
    }
    Ok(())
}
