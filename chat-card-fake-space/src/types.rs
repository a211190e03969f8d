//! Public records and fault descriptions of the fake space.

use std::time::{Duration, Instant};

/// A message the fake space accepted (posted), as a test would want to inspect it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ReceivedMessage {
    /// The space ID.
    pub space: String,
    /// The message name it was given, `spaces/S/messages/M`.
    pub name: String,
    /// The thread it landed in, `spaces/S/threads/T`.
    pub thread_name: String,
    /// The thread key from the body, if any.
    pub thread_key: Option<String>,
    /// The `messageReplyOption` query parameter, if any.
    pub reply_option: Option<String>,
    /// The body as received.
    pub body: serde_json::Value,
    /// The body's size in bytes.
    pub bytes: usize,
    /// The `requestId` query parameter, if any.
    pub request_id: Option<String>,
    /// The `messageId` query parameter, if any.
    pub message_id: Option<String>,
    /// When the request arrived.
    pub received_at: Instant,
}

impl ReceivedMessage {
    /// The message `text`, or the first card's header title, for logs.
    pub fn summary(&self) -> String {
        if let Some(text) = self.body.get("text").and_then(|t| t.as_str()) {
            return text.to_owned();
        }
        self.body
            .pointer("/cardsV2/0/card/header/title")
            .and_then(|t| t.as_str())
            .map(|t| format!("card: {t}"))
            .unwrap_or_default()
    }
}

/// What happened to one request that reached a space's endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestRecord {
    /// The space ID from the path.
    pub space: String,
    /// The `requestId` query parameter, if any.
    pub request_id: Option<String>,
    /// When it arrived.
    pub arrived_at: Instant,
    /// The HTTP status answered, or `None` when the connection was dropped (by fault
    /// injection, or by the client before the answer).
    pub status: Option<u16>,
    /// Whether the answer came from an injected fault.
    pub injected: bool,
    /// Whether the server has finished with it (answered or dropped).
    pub completed: bool,
}

/// One injected misbehaviour, applied to the next request that passes the credential and
/// quota checks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this HTTP status and a typical Google error body for it (400 carries a
    /// `BadRequest.fieldViolations` detail, 429 an `ErrorInfo`).
    Status(u16),
    /// Answer 429 `RESOURCE_EXHAUSTED` with a `Retry-After` header (seconds or HTTP-date)
    /// and/or a `RetryInfo.retryDelay` detail.
    RateLimited {
        /// The `Retry-After` header value.
        retry_after: Option<String>,
        /// The `RetryInfo.retryDelay`.
        retry_delay: Option<Duration>,
    },
    /// Answer exactly this status and body (e.g. an HTML 404).
    Respond {
        /// HTTP status.
        status: u16,
        /// Body text.
        body: String,
    },
    /// Wait this long, then handle the request normally.
    Delay(Duration),
    /// Post the message, then wait this long before answering: a client that times out
    /// meanwhile cannot know the message arrived.
    SlowAnswer(Duration),
    /// Close the connection without processing or answering.
    Drop,
    /// Process the request (the message is posted), then close the connection without
    /// answering: the client cannot know the message arrived.
    DropAfterProcessing,
}

/// Random faults for every request (after queued faults are used up), drawn from a
/// seeded generator per space, so each space sees a reproducible sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultPlan {
    /// Share of requests answered 503 `UNAVAILABLE` (0.0 to 1.0).
    pub error_rate_503: f64,
    /// Share of requests whose connection is dropped without an answer; half of them
    /// before processing, half after (the message is then posted).
    pub drop_rate: f64,
    /// Delay added to every request.
    pub delay: Option<Duration>,
    /// Seed of the per-space generators.
    pub seed: u64,
}

impl Default for FaultPlan {
    fn default() -> Self {
        FaultPlan {
            error_rate_503: 0.0,
            drop_rate: 0.0,
            delay: None,
            seed: 0x5eed,
        }
    }
}

/// What the fake space reports as it works (see `FakeSpace::subscribe`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum FakeEvent {
    /// A message was posted.
    Delivered(ReceivedMessage),
    /// A repeated `requestId` returned an existing message.
    Duplicate {
        /// Space ID.
        space: String,
        /// The message returned.
        name: String,
    },
    /// A request was refused with an error answer.
    Refused {
        /// Space ID (empty for unknown paths).
        space: String,
        /// HTTP status.
        http: u16,
        /// Google status name.
        status: String,
        /// The error message.
        message: String,
    },
    /// A connection was dropped by fault injection.
    Dropped {
        /// Space ID.
        space: String,
    },
}
