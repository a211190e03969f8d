//! Building the request once per message: body bytes (with the thread), size check,
//! validation, and the per-attempt URL.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::check::{DocumentKind, Finding, check_document};

use super::error::SendError;
use super::options::{ReplyOption, RequestId, SendOptions, ThreadTarget};
use super::url::WebhookUrl;

/// The largest message Chat accepts, in bytes of JSON (32,000), from the shared schema tables.
pub use chat_card_core::schema::MAX_MESSAGE_BYTES;

/// A message ready to post: the same bytes and ids are used on every attempt.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) body: Vec<u8>,
    pub(crate) reply: Option<ReplyOption>,
    pub(crate) message_id: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) thread_key_present: bool,
    /// What the validator warned about (Chat accepts it; the message is sent).
    pub(crate) warnings: Vec<Finding>,
}

impl Prepared {
    /// Takes the validator's warnings, logging each at WARN inside `span`.
    pub(crate) fn take_warnings(&mut self, span: &tracing::Span) -> Vec<Finding> {
        let warnings = std::mem::take(&mut self.warnings);
        span.in_scope(|| {
            for w in &warnings {
                tracing::warn!(
                    path = %w.path,
                    rule = w.rule.map_or("", |r| r.code()),
                    help = w.help.as_deref().unwrap_or(""),
                    "chat-card: sent with a warning: {}",
                    w.message
                );
            }
        });
        warnings
    }

    /// The `chat_card.send` span of one send (never the URL), the same for the async and
    /// the blocking sender.
    pub(crate) fn span(&self, url: &WebhookUrl) -> tracing::Span {
        tracing::info_span!(
            "chat_card.send",
            space = url.space_id(),
            request_id = self.request_id.as_deref().unwrap_or(""),
            thread_key_present = self.thread_key_present,
            bytes = self.body.len(),
        )
    }
}

/// Serialises, threads, size-checks and validates a message. Nothing here does I/O.
pub(crate) fn prepare<M: Serialize + ?Sized>(
    message: &M,
    options: &SendOptions,
    validate: bool,
) -> Result<Prepared, SendError> {
    options.validate()?;
    let value = serde_json::to_value(message).map_err(|e| SendError::Invalid {
        findings: vec![Finding::error(format!(
            "the message could not be serialised to JSON: {e}"
        ))],
    })?;
    let Value::Object(mut object) = value else {
        return Err(SendError::Invalid {
            findings: vec![Finding::error(
                "a message must be a JSON object such as {\"text\": \"hello\"}".to_owned(),
            )],
        });
    };
    let body_thread = object.get("thread").is_some_and(|t| !t.is_null());
    if let Some(target) = &options.thread {
        if body_thread {
            return Err(SendError::InvalidOption(thread_twice()));
        }
        object.insert("thread".into(), thread_value(target));
    }
    let has_thread = body_thread || options.thread.is_some();
    let thread_key_present = object
        .get("thread")
        .and_then(|t| t.get("threadKey"))
        .is_some();
    let body = serde_json::to_vec(&object).map_err(|e| SendError::Invalid {
        findings: vec![Finding::error(format!(
            "the message could not be serialised: {e}"
        ))],
    })?;
    if body.len() > MAX_MESSAGE_BYTES {
        return Err(SendError::TooLarge {
            bytes: body.len(),
            limit: MAX_MESSAGE_BYTES,
        });
    }
    let mut warnings = Vec::new();
    if validate {
        let text = std::str::from_utf8(&body).map_err(|_| SendError::Invalid {
            findings: vec![Finding::error("the message is not UTF-8".to_owned())],
        })?;
        match check_document(text) {
            Ok(report) if report.kind == DocumentKind::Card => {
                return Err(SendError::Invalid {
                    findings: vec![Finding::error(BARE_CARD.to_owned())],
                });
            }
            Ok(report) if report.has_errors() => {
                return Err(SendError::Invalid {
                    findings: report.errors().cloned().collect(),
                });
            }
            Ok(report) => warnings = report.findings,
            Err(syntax) => {
                return Err(SendError::Invalid {
                    findings: vec![Finding::error(format!("not JSON: {}", syntax.message))],
                });
            }
        }
    }
    Ok(Prepared {
        warnings,
        ..ready(body, options, has_thread, thread_key_present)
    })
}

/// Prepares a message that is already JSON and already checked ([`Sender::send_json`](
/// super::Sender::send_json)): reads only its top-level keys (no tree, no validator),
/// splices the options' thread in after the opening brace, checks the options and the
/// size.
pub(crate) fn prepare_json(json: &str, options: &SendOptions) -> Result<Prepared, SendError> {
    options.validate()?;
    let keys: HashMap<String, &RawValue> =
        serde_json::from_str(json).map_err(|e| SendError::Invalid {
            findings: vec![Finding::error(format!(
                "the message must be a JSON object such as {{\"text\": \"hello\"}}: {e}"
            ))],
        })?;
    let body_thread = keys.get("thread").filter(|t| t.get() != "null");
    let thread_key_present = match (&options.thread, body_thread) {
        (Some(_), Some(_)) => return Err(SendError::InvalidOption(thread_twice())),
        (Some(target), None) => matches!(target, ThreadTarget::Key(_)),
        (None, Some(thread)) => serde_json::from_str::<HashMap<String, &RawValue>>(thread.get())
            .is_ok_and(|t| t.contains_key("threadKey")),
        (None, None) => false,
    };
    let has_thread = body_thread.is_some() || options.thread.is_some();
    let body = match &options.thread {
        Some(target) => {
            // The object parsed, so its first non-blank byte is its opening brace.
            let rest = json.trim_start().strip_prefix('{').unwrap_or(json);
            let comma = if keys.is_empty() { "" } else { "," };
            let thread = serde_json::to_string(&thread_value(target)).unwrap_or_default();
            format!("{{\"thread\":{thread}{comma}{rest}").into_bytes()
        }
        None => json.as_bytes().to_vec(),
    };
    if body.len() > MAX_MESSAGE_BYTES {
        return Err(SendError::TooLarge {
            bytes: body.len(),
            limit: MAX_MESSAGE_BYTES,
        });
    }
    Ok(ready(body, options, has_thread, thread_key_present))
}

/// The error for a thread given both in the message and in the options.
fn thread_twice() -> super::options::OptionError {
    super::options::OptionError::new(
        "the message already names a thread and the send options give one too",
        "set the thread either in the message or in the send options, not both",
    )
}

/// The `thread` object for the options' thread target.
fn thread_value(target: &ThreadTarget) -> Value {
    let mut thread = Map::new();
    match target {
        ThreadTarget::Key(k) => thread.insert("threadKey".into(), Value::String(k.clone())),
        ThreadTarget::Name(n) => thread.insert("name".into(), Value::String(n.clone())),
    };
    Value::Object(thread)
}

/// The prepared message for these final body bytes: the options' reply option, message
/// id and request id (a fresh one for `RequestId::Auto`).
fn ready(body: Vec<u8>, options: &SendOptions, has_thread: bool, thread_key: bool) -> Prepared {
    let request_id = match &options.request_id {
        RequestId::Auto => Some(uuid::Uuid::new_v4().to_string()),
        RequestId::Fixed(id) => Some(id.clone()),
        RequestId::None => None,
    };
    Prepared {
        body,
        reply: has_thread.then(|| options.reply_option()),
        message_id: options.message_id.clone(),
        request_id,
        thread_key_present: thread_key,
        warnings: Vec::new(),
    }
}

/// The finding for a bare card where a message is needed.
pub(crate) const BARE_CARD: &str = "this is a bare card, not a message: wrap it as \
     {\"cardsV2\": [{\"cardId\": \"card\", \"card\": CARD}]}";

/// The URL of one attempt: the webhook URL plus `messageReplyOption`, `messageId` and
/// `requestId`. Contains the credentials: never log it.
pub(crate) fn attempt_url(url: &WebhookUrl, prepared: &Prepared) -> url::Url {
    let mut full = url.raw().clone();
    append_create_query(&mut full, prepared);
    full
}

/// Appends a create request's `messageReplyOption`, `messageId` and `requestId` (those
/// that are set) to `url`'s query. Shared by the webhook sender and the Chat API client.
pub(crate) fn append_create_query(url: &mut url::Url, prepared: &Prepared) {
    let mut query = url.query_pairs_mut();
    if let Some(reply) = prepared.reply.and_then(ReplyOption::as_query_value) {
        query.append_pair("messageReplyOption", reply);
    }
    if let Some(id) = &prepared.message_id {
        query.append_pair("messageId", id);
    }
    if let Some(id) = &prepared.request_id {
        query.append_pair("requestId", id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> WebhookUrl {
        WebhookUrl::parse("http://127.0.0.1:1/v1/spaces/S/messages?key=k&token=t").expect("url")
    }

    #[test]
    fn thread_key_goes_into_the_body_and_reply_option_into_the_url() {
        let p = prepare(
            &serde_json::json!({"text": "hi"}),
            &SendOptions::new().thread_key("k1"),
            true,
        )
        .expect("prepared");
        let body: Value = serde_json::from_slice(&p.body).expect("json");
        assert_eq!(body["thread"]["threadKey"], "k1");
        let u = attempt_url(&url(), &p);
        let q: Vec<(String, String)> = u.query_pairs().into_owned().collect();
        assert!(q.contains(&(
            "messageReplyOption".into(),
            "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD".into()
        )));
        assert!(!q.iter().any(|(k, _)| k == "threadKey"));
        assert!(q.iter().any(|(k, _)| k == "requestId"));
    }

    #[test]
    fn no_thread_no_reply_option() {
        let p = prepare(
            &serde_json::json!({"text": "hi"}),
            &SendOptions::new(),
            true,
        )
        .expect("prepared");
        assert!(p.reply.is_none());
        assert!(p.request_id.is_some());
        let p = prepare(
            &serde_json::json!({"text": "hi"}),
            &SendOptions::new().request_id(RequestId::None),
            true,
        )
        .expect("prepared");
        assert!(p.request_id.is_none());
    }

    #[test]
    fn thread_in_body_counts() {
        let p = prepare(
            &serde_json::json!({"text": "hi", "thread": {"threadKey": "x"}}),
            &SendOptions::new().reply(ReplyOption::ReplyOrFail),
            true,
        )
        .expect("prepared");
        assert_eq!(p.reply, Some(ReplyOption::ReplyOrFail));
        let clash = prepare(
            &serde_json::json!({"text": "hi", "thread": {"threadKey": "x"}}),
            &SendOptions::new().thread_key("y"),
            true,
        );
        assert!(matches!(clash, Err(SendError::InvalidOption(_))));
    }

    #[test]
    fn size_limit() {
        // {"text":"..."} is 11 bytes of envelope.
        let ok = "a".repeat(MAX_MESSAGE_BYTES - 11);
        assert!(
            prepare(
                &serde_json::json!({ "text": ok }),
                &SendOptions::new(),
                true
            )
            .is_ok()
        );
        let big = "a".repeat(MAX_MESSAGE_BYTES - 10);
        match prepare(
            &serde_json::json!({ "text": big }),
            &SendOptions::new(),
            true,
        ) {
            Err(SendError::TooLarge { bytes, limit }) => {
                assert_eq!(bytes, MAX_MESSAGE_BYTES + 1);
                assert_eq!(limit, MAX_MESSAGE_BYTES);
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }

    #[test]
    fn not_an_object() {
        assert!(matches!(
            prepare(&serde_json::json!([1]), &SendOptions::new(), true),
            Err(SendError::Invalid { .. })
        ));
    }

    #[test]
    fn bare_cards_are_refused_with_a_hint() {
        let card = serde_json::json!({"header": {"title": "x"}, "sections": [{"widgets": [{"divider": {}}]}]});
        match prepare(&card, &SendOptions::new(), true) {
            Err(SendError::Invalid { findings }) => {
                assert!(findings[0].message.contains("cardsV2"), "{findings:?}");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn json_message_is_accepted() {
        let m = crate::JsonMessage::__from_static(r#"{"text":"x"}"#);
        let p = prepare(&m, &SendOptions::new(), true).expect("prepared");
        assert_eq!(p.body, br#"{"text":"x"}"#);
    }
}
