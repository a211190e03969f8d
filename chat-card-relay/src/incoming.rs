//! Reading one incoming webhook request: the query parameters Chat accepts, the body
//! checked like the sender checks it, and the upstream webhook URL it will go to.
//! Nothing here does I/O.

use std::fmt;

use serde_json::{Map, Value};

use super::status::Status;
use chat_card::check::check_message_body;
use chat_card::webhook::{
    MAX_MESSAGE_BYTES, ReplyOption, WebhookUrl, check_message_id, check_thread_key,
};

/// The webhook credentials of a request (`key` and `token`). Never printed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub(crate) key: String,
    pub(crate) token: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials { key: <redacted>, token: <redacted> }")
    }
}

impl Credentials {
    /// No credentials: a message that goes through the Chat API.
    pub(crate) fn none() -> Self {
        Credentials {
            key: String::new(),
            token: String::new(),
        }
    }

    /// The upstream webhook URL of `space` with these credentials. Checked like every
    /// webhook URL (space ID characters; the upstream base was checked at start).
    pub(crate) fn webhook_url(
        &self,
        upstream: &url::Url,
        space: &str,
    ) -> Result<WebhookUrl, Status> {
        let mut url = upstream.clone();
        url.set_path(&format!("/v1/spaces/{space}/messages"));
        url.set_query(None);
        url.query_pairs_mut()
            .append_pair("key", &self.key)
            .append_pair("token", &self.token);
        WebhookUrl::parse(url.as_str())
            .map_err(|e| Status::invalid_argument("space", e.problem().to_owned()))
    }
}

/// How a queued message is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// Posted to the space's incoming webhook with the request's key and token.
    Webhook,
    /// Created through the Chat API as the relay's Chat app, with a client-assigned id.
    ApiCreate,
    /// The message with that client-assigned id updated in place through the Chat API
    /// (created if missing).
    ApiUpdate,
}

impl Op {
    /// The name stored in the queue.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Op::Webhook => "webhook",
            Op::ApiCreate => "api-create",
            Op::ApiUpdate => "api-update",
        }
    }

    /// Reads a stored name (unknown names are webhook posts, the only kind there was).
    pub(crate) fn parse(text: &str) -> Op {
        match text {
            "api-create" => Op::ApiCreate,
            "api-update" => Op::ApiUpdate,
            _ => Op::Webhook,
        }
    }
}

/// A message accepted for the queue: everything the delivery needs, checked.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Incoming {
    pub(crate) op: Op,
    pub(crate) space: String,
    pub(crate) credentials: Credentials,
    /// The body as it will be posted (with `thread.threadKey` when the request gave the
    /// deprecated `threadKey` parameter).
    pub(crate) body: Vec<u8>,
    /// How the thread is used.
    pub(crate) reply: ReplyOption,
    pub(crate) message_id: Option<String>,
    /// The caller's `requestId`, or one made up here: the same on every attempt.
    pub(crate) request_id: String,
}

impl fmt::Debug for Incoming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Incoming")
            .field("op", &self.op)
            .field("space", &self.space)
            .field("bytes", &self.body.len())
            .field("reply", &self.reply)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// The query parameters of a create request.
#[derive(Default)]
struct Query {
    key: Option<String>,
    token: Option<String>,
    thread_key: Option<String>,
    reply: Option<String>,
    message_id: Option<String>,
    request_id: Option<String>,
}

/// Reads the query. `allowed` lists the parameters besides `key` and `token`.
fn parse_query(raw: Option<&str>, allowed: &[&str]) -> Result<Query, Status> {
    let mut q = Query::default();
    for (name, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let slot = match name.as_ref() {
            "key" => &mut q.key,
            "token" => &mut q.token,
            n if !allowed.contains(&n) => {
                // Only known names are echoed: a mangled URL could put a secret there.
                return Err(Status::invalid_argument(
                    "",
                    format!(
                        "unknown query parameter; this endpoint takes key, token{}{}",
                        if allowed.is_empty() { "" } else { ", " },
                        allowed.join(", ")
                    ),
                ));
            }
            "threadKey" => &mut q.thread_key,
            "messageReplyOption" => &mut q.reply,
            "messageId" => &mut q.message_id,
            _ => &mut q.request_id,
        };
        if slot.is_some() {
            let shown =
                if ["key", "token"].contains(&name.as_ref()) || allowed.contains(&name.as_ref()) {
                    name.into_owned()
                } else {
                    "a parameter".into()
                };
            return Err(Status::invalid_argument(
                &shown,
                format!("`{shown}` appears twice in the query"),
            ));
        }
        *slot = Some(value.into_owned());
    }
    Ok(q)
}

/// Reads the `key` and `token` of a request that takes no other parameter.
pub(crate) fn credentials_only(raw_query: Option<&str>) -> Result<Credentials, Status> {
    let q = parse_query(raw_query, &[])?;
    credentials(q.key, q.token)
}

fn credentials(key: Option<String>, token: Option<String>) -> Result<Credentials, Status> {
    match (key, token) {
        (Some(key), Some(token)) if !key.is_empty() && !token.is_empty() => {
            Ok(Credentials { key, token })
        }
        _ => Err(Status::new(
            403,
            "PERMISSION_DENIED",
            "the request has no webhook key and token: use the space's whole webhook URL \
             (…/v1/spaces/SPACE/messages?key=KEY&token=TOKEN) and change only its scheme and host \
             to the relay's",
        )),
    }
}

/// Checks a space ID from a path: letters, digits, `-` and `_`, as in webhook URLs.
pub(crate) fn check_space(space: &str) -> Result<(), Status> {
    let ok = !space.is_empty()
        && space.len() <= 200
        && space
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Status::invalid_argument(
            "space",
            "the space ID may only hold letters, digits, `-` and `_` (the SPACE of \
             /v1/spaces/SPACE/messages)",
        ))
    }
}

/// The parameters a webhook create request may carry besides `key` and `token`.
const CREATE_PARAMS: [&str; 4] = ["threadKey", "messageReplyOption", "messageId", "requestId"];

impl Incoming {
    /// Reads and checks a webhook create request. `Err` is the answer (400 or 403 in
    /// Chat's shape); nothing is queued then.
    pub(crate) fn parse(
        space: &str,
        raw_query: Option<&str>,
        body: &[u8],
    ) -> Result<Incoming, Status> {
        let q = parse_query(raw_query, &CREATE_PARAMS)?;
        let credentials = credentials(q.key, q.token)?;
        if let Some(id) = &q.message_id {
            check_message_id(id)
                .map_err(|e| Status::invalid_argument("message_id", e.to_string()))?;
        }
        let request_id = match q.request_id {
            Some(id) => {
                chat_card::webhook::check_request_id(&id)
                    .map_err(|e| Status::invalid_argument("request_id", e.to_string()))?;
                id
            }
            None => uuid::Uuid::new_v4().to_string(),
        };
        let reply = match q.reply.as_deref() {
            Some("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD") => ReplyOption::ReplyOrNewThread,
            Some("REPLY_MESSAGE_OR_FAIL") => ReplyOption::ReplyOrFail,
            Some("MESSAGE_REPLY_OPTION_UNSPECIFIED") => ReplyOption::NewThread,
            // The deprecated `threadKey` parameter always replied in its thread.
            None if q.thread_key.is_some() => ReplyOption::ReplyOrNewThread,
            None => ReplyOption::NewThread,
            Some(_) => {
                return Err(Status::invalid_argument(
                    "message_reply_option",
                    "messageReplyOption must be REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD, \
                     REPLY_MESSAGE_OR_FAIL or MESSAGE_REPLY_OPTION_UNSPECIFIED",
                ));
            }
        };
        let body = check_body(body, q.thread_key.as_deref())?;
        Ok(Incoming {
            op: Op::Webhook,
            space: space.to_owned(),
            credentials,
            body,
            reply,
            message_id: q.message_id,
            request_id,
        })
    }
}

/// Checks a message body (size, JSON object, a message rather than a bare card, content,
/// the shared validator) and adds the deprecated `threadKey` parameter as
/// `thread.threadKey` when the body names no thread. Returns the bytes to post.
pub(crate) fn check_body(body: &[u8], thread_key: Option<&str>) -> Result<Vec<u8>, Status> {
    let checked = check_message_body(body).map_err(|e| e.answer())?;
    // Warnings (rules Chat accepts and ignores) pass, and are logged.
    for w in &checked.warnings {
        tracing::warn!(path = %w.path, warning = %w.message, "relay: queued with a warning");
    }
    let mut object = checked.object;
    let Some(key) = thread_key else {
        return Ok(body.to_vec());
    };
    if object.get("thread").is_some_and(|t| !t.is_null()) {
        // The body's thread wins over the deprecated parameter, as in Chat.
        return Ok(body.to_vec());
    }
    check_thread_key(key).map_err(|e| Status::invalid_argument("thread_key", e.to_string()))?;
    let mut thread = Map::new();
    thread.insert("threadKey".into(), Value::String(key.to_owned()));
    object.insert("thread".into(), Value::Object(thread));
    let bytes = serde_json::to_vec(&object).map_err(|e| {
        Status::invalid_argument("", format!("the message could not be written: {e}"))
    })?;
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(too_large(bytes.len()));
    }
    Ok(bytes)
}

fn too_large(bytes: usize) -> Status {
    Status::invalid_argument(
        "message",
        format!(
            "Message is too large: {bytes} bytes; the maximum message size, including text and \
             cards, is {MAX_MESSAGE_BYTES} bytes. Shorten the text or send fewer cards. Not queued."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str, body: &str) -> Result<Incoming, Status> {
        Incoming::parse("AAAA", Some(query), body.as_bytes())
    }

    #[test]
    fn reads_parameters_and_makes_a_request_id() {
        let m = parse(
            "key=k&token=t&messageReplyOption=REPLY_MESSAGE_OR_FAIL&messageId=client-a-1",
            r#"{"text":"hi","thread":{"threadKey":"x"}}"#,
        )
        .expect("valid");
        assert_eq!(m.reply, ReplyOption::ReplyOrFail);
        assert_eq!(m.message_id.as_deref(), Some("client-a-1"));
        assert_eq!(m.request_id.len(), 36);
        assert_eq!(m.body, br#"{"text":"hi","thread":{"threadKey":"x"}}"#);
        let given = parse("key=k&token=t&requestId=r-1", r#"{"text":"hi"}"#).expect("valid");
        assert_eq!(given.request_id, "r-1");
        assert_eq!(given.reply, ReplyOption::NewThread);
    }

    #[test]
    fn warnings_pass_errors_do_not() {
        // Chat ignores a card's add-on `name`: a warning.
        let warned = r#"{"cardsV2":[{"cardId":"c","card":{"name":"n","header":{"title":"Hi"}}}]}"#;
        let findings = chat_card::check::check_text(warned).expect("json");
        assert!(!findings.is_empty() && findings.iter().all(|f| !f.is_error()));
        assert!(parse("key=k&token=t", warned).is_ok());
        assert!(parse("key=k&token=t", r#"{"text":"<b>x</b>"}"#).is_ok());
        assert!(parse("key=k&token=t", r#"{"text":"x","txt":"y"}"#).is_err());
    }

    #[test]
    fn deprecated_thread_key_goes_into_the_body() {
        let m = parse("key=k&token=t&threadKey=incident-7", r#"{"text":"hi"}"#).expect("valid");
        let body: Value = serde_json::from_slice(&m.body).expect("json");
        assert_eq!(body["thread"]["threadKey"], "incident-7");
        assert_eq!(m.reply, ReplyOption::ReplyOrNewThread);
    }

    #[test]
    fn refusals() {
        let code = |q: &str, b: &str| parse(q, b).expect_err("refused").http;
        assert_eq!(code("token=t", r#"{"text":"hi"}"#), 403);
        assert_eq!(code("key=k&token=t&secret=1", r#"{"text":"hi"}"#), 400);
        assert_eq!(code("key=k&key=k&token=t", r#"{"text":"hi"}"#), 400);
        assert_eq!(code("key=k&token=t&messageId=bad", r#"{"text":"hi"}"#), 400);
        assert_eq!(
            code("key=k&token=t&messageReplyOption=X", r#"{"text":"hi"}"#),
            400
        );
        assert_eq!(code("key=k&token=t", "{oops"), 400);
        assert_eq!(code("key=k&token=t", "[1]"), 400);
        assert_eq!(code("key=k&token=t", "{}"), 400);
        assert_eq!(code("key=k&token=t", r#"{"text":"x","txt":"y"}"#), 400);
        assert_eq!(
            code(
                "key=k&token=t",
                r#"{"header":{"title":"x"},"sections":[{"widgets":[{"divider":{}}]}]}"#
            ),
            400
        );
        let big = format!(r#"{{"text":"{}"}}"#, "a".repeat(MAX_MESSAGE_BYTES));
        assert_eq!(code("key=k&token=t", &big), 400);
    }

    #[test]
    fn secrets_are_not_in_debug_or_errors() {
        let m = parse("key=SECRETKEY&token=SECRETTOKEN", r#"{"text":"hi"}"#).expect("valid");
        assert!(!format!("{m:?}").contains("SECRET"));
        let e = parse(
            "key=SECRETKEY&token=SECRETTOKEN&SECRETNAME=1",
            r#"{"text":"hi"}"#,
        )
        .expect_err("unknown parameter");
        assert!(!e.body().to_string().contains("SECRET"));
    }

    #[test]
    fn webhook_url_is_built_from_the_upstream() {
        let m = parse("key=k&token=t", r#"{"text":"hi"}"#).expect("valid");
        let upstream = url::Url::parse("http://127.0.0.1:9").expect("url");
        let url = m.credentials.webhook_url(&upstream, "AAAA").expect("url");
        assert_eq!(url.space_id(), "AAAA");
        assert!(m.credentials.webhook_url(&upstream, "A/B").is_err());
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_request_is_answered_without_panic(
            space in "\\PC{0,12}",
            query in "[a-zA-Z=&%0-9_-]{0,60}",
            body in proptest::collection::vec(any::<u8>(), 0..200),
        ) {
            match Incoming::parse(&space, Some(&query), &body) {
                Ok(m) => prop_assert!(!m.request_id.is_empty()),
                Err(status) => prop_assert!(matches!(status.http, 400 | 403)),
            }
        }

        #[test]
        fn json_shaped_bodies_and_thread_keys_never_panic(
            text in "\\PC{0,40}",
            key in "\\PC{0,20}",
            reply in prop_oneof![
                Just("REPLY_MESSAGE_OR_FAIL"),
                Just("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"),
                Just("X"),
            ],
        ) {
            let body = serde_json::json!({ "text": text }).to_string();
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("key", "k")
                .append_pair("token", "t")
                .append_pair("threadKey", &key)
                .append_pair("messageReplyOption", reply)
                .finish();
            if let Ok(m) = Incoming::parse("AAAA", Some(&query), body.as_bytes()) {
                let v: Value = serde_json::from_slice(&m.body).expect("the body stays JSON");
                prop_assert!(v.get("text").is_some());
            }
        }
    }
}
