//! The last step of every rendered message: the shared validator, then the thread key.

use chat_card::check::{BodyError, Finding, check_message_body};
use chat_card::webhook::{MAX_MESSAGE_BYTES, check_thread_key};
use serde_json::{Map, Value};

/// Checks a rendered message with the shared validator (the gate the relay puts every
/// queued message through) and adds `thread.threadKey` when a thread key is given and
/// the message names no thread. Returns the body as it is queued and the warnings.
pub fn finish(text: &str, thread_key: Option<&str>) -> Result<(String, Vec<Finding>), BodyError> {
    let checked = check_message_body(text.as_bytes())?;
    let Some(key) = thread_key else {
        return Ok((text.to_owned(), checked.warnings));
    };
    let mut object = checked.object;
    if object.get("thread").is_some_and(|t| !t.is_null()) {
        return Ok((text.to_owned(), checked.warnings));
    }
    if let Err(e) = check_thread_key(key) {
        return Err(BodyError::NotJson {
            detail: format!("the thread key is refused: {e}"),
        });
    }
    let mut thread = Map::new();
    thread.insert("threadKey".into(), Value::String(key.to_owned()));
    object.insert("thread".into(), Value::Object(thread));
    let body = serde_json::to_string(&object).map_err(|e| BodyError::NotJson {
        detail: e.to_string(),
    })?;
    if body.len() > MAX_MESSAGE_BYTES {
        return Err(BodyError::TooLarge { bytes: body.len() });
    }
    Ok((body, checked.warnings))
}
