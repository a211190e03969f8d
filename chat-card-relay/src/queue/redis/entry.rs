//! A queued message as stream fields, and back. The whole accepted message is kept,
//! its `requestId` included, so any relay that takes the entry over sends it with the
//! same `requestId`.

use redis::Value;

use super::super::super::incoming::{Credentials, Incoming, Op};
use super::super::{DeadEntry, Queued};
use chat_card::webhook::ReplyOption;

/// The fields of a message to store.
pub(super) fn fields(message: &Incoming, accepted_ms: i64) -> Vec<(&'static str, Vec<u8>)> {
    let mut f: Vec<(&'static str, Vec<u8>)> = vec![
        ("op", message.op.as_str().into()),
        ("space", message.space.clone().into_bytes()),
        ("key", message.credentials.key.clone().into_bytes()),
        ("token", message.credentials.token.clone().into_bytes()),
        ("body", message.body.clone()),
        (
            "reply",
            message
                .reply
                .as_query_value()
                .unwrap_or("")
                .as_bytes()
                .to_vec(),
        ),
        ("request_id", message.request_id.clone().into_bytes()),
        ("accepted_ms", accepted_ms.to_string().into_bytes()),
    ];
    if let Some(id) = &message.message_id {
        f.push(("message_id", id.clone().into_bytes()));
    }
    f
}

/// A reply's bytes (bulk or simple string).
pub(super) fn bytes(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::BulkString(b) => Some(b.clone()),
        Value::SimpleString(s) => Some(s.clone().into_bytes()),
        Value::Int(n) => Some(n.to_string().into_bytes()),
        Value::VerbatimString { text, .. } => Some(text.clone().into_bytes()),
        _ => None,
    }
}

/// A reply's text.
pub(super) fn text(v: &Value) -> Option<String> {
    bytes(v).and_then(|b| String::from_utf8(b).ok())
}

/// The field map of a flat `[name, value, …]` reply.
pub(super) struct Fields(Vec<(String, Vec<u8>)>);

impl Fields {
    pub(super) fn read(v: &Value) -> Fields {
        let mut out = Vec::new();
        if let Value::Array(items) = v {
            for pair in items.chunks(2) {
                if let [k, v] = pair
                    && let (Some(k), Some(v)) = (text(k), bytes(v))
                {
                    out.push((k, v));
                }
            }
        }
        Fields(out)
    }

    pub(super) fn get(&self, name: &str) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
    }

    pub(super) fn string(&self, name: &str) -> String {
        self.get(name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    pub(super) fn int(&self, name: &str) -> i64 {
        self.string(name).parse().unwrap_or(0)
    }
}

fn reply_from(text: &str) -> ReplyOption {
    match text {
        "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD" => ReplyOption::ReplyOrNewThread,
        "REPLY_MESSAGE_OR_FAIL" => ReplyOption::ReplyOrFail,
        _ => ReplyOption::NewThread,
    }
}

/// The message of a stream entry.
pub(super) fn queued(id: i64, f: &Fields, attempts: u32) -> Queued {
    let message_id = f.get("message_id").map(|_| f.string("message_id"));
    Queued {
        id,
        accepted_ms: f.int("accepted_ms"),
        attempts,
        message: Incoming {
            op: Op::parse(&f.string("op")),
            space: f.string("space"),
            credentials: Credentials {
                key: f.string("key"),
                token: f.string("token"),
            },
            body: f.get("body").map(<[u8]>::to_vec).unwrap_or_default(),
            reply: reply_from(&f.string("reply")),
            message_id,
            request_id: f.string("request_id"),
        },
    }
}

/// The fields of a dead letter (no credentials).
pub(super) fn dead_fields(
    row: &Queued,
    attempts: u32,
    http: Option<u16>,
    error: &str,
    failed_ms: i64,
) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("id", row.id.to_string().into_bytes()),
        ("space", row.message.space.clone().into_bytes()),
        ("request_id", row.message.request_id.clone().into_bytes()),
        ("accepted_ms", row.accepted_ms.to_string().into_bytes()),
        ("failed_ms", failed_ms.to_string().into_bytes()),
        ("attempts", attempts.to_string().into_bytes()),
        (
            "http",
            http.map(|h| h.to_string()).unwrap_or_default().into_bytes(),
        ),
        ("error", error.as_bytes().to_vec()),
        ("body", row.message.body.clone()),
    ]
}

/// A dead letter read back.
pub(super) fn dead_entry(f: &Fields) -> DeadEntry {
    DeadEntry {
        id: f.int("id"),
        space: f.string("space"),
        request_id: f.string("request_id"),
        accepted_ms: f.int("accepted_ms"),
        failed_ms: f.int("failed_ms"),
        attempts: u32::try_from(f.int("attempts")).unwrap_or(0),
        http: f.string("http").parse().ok(),
        error: f.string("error"),
        message: f
            .get("body")
            .and_then(|b| serde_json::from_slice(b).ok())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_survives_the_round_trip() {
        let message = Incoming {
            op: Op::ApiUpdate,
            space: "AAAA".into(),
            credentials: Credentials {
                key: "k".into(),
                token: "t".into(),
            },
            body: br#"{"text":"hi"}"#.to_vec(),
            reply: ReplyOption::ReplyOrNewThread,
            message_id: Some("client-x".into()),
            request_id: "r-1".into(),
        };
        let flat = Value::Array(
            fields(&message, 77)
                .into_iter()
                .flat_map(|(k, v)| [Value::BulkString(k.into()), Value::BulkString(v)])
                .collect(),
        );
        let back = queued(5, &Fields::read(&flat), 2);
        assert!(back.message == message);
        assert_eq!((back.id, back.accepted_ms, back.attempts), (5, 77, 2));
    }
}
