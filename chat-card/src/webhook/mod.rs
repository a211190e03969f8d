//! Posting messages to a Google Chat incoming webhook: [`WebhookUrl`], the async
//! [`Sender`] (and the blocking `BlockingSender` with feature `blocking`),
//! [`SendOptions`], [`Delivery`] and the typed [`SendError`].
//!
//! What the sender does, in order, for each message:
//! 1. serialises it once, adds the thread (`thread.threadKey` / `thread.name` in the
//!    body), checks the 32,000-byte limit and validates it with the shared validator —
//!    errors here are returned before any network I/O;
//! 2. waits for its space's lane: one FIFO lane per space ID, one request per interval
//!    (1 s by default), shared by every clone of the sender; with `SharedPacing`
//!    (feature `redis`) it then takes a slot of the
//!    space's schedule in Redis, shared by every process that uses that Redis;
//! 3. posts it with `messageReplyOption`, `messageId` and `requestId` on the URL, and
//!    retries rate limits (429, pushing the whole lane back), 503/408 and connection
//!    failures; other 5xx and ambiguous timeouts only when a request id makes the retry
//!    idempotent. Backoff is exponential with equal jitter; `Retry-After` and
//!    `RetryInfo.retryDelay` are honoured up to a cap; attempts and total time are bounded.
//!
//! Nothing here logs or prints the webhook URL's `key` or `token`.

mod backoff;
#[cfg(feature = "blocking")]
mod blocking;
pub(crate) mod body;
pub(crate) mod classify;
pub(crate) mod client;
pub(crate) mod config;
pub(crate) mod drive;
mod error;
pub(crate) mod options;
pub(crate) mod pacing;
mod settings;
mod url;

use std::time::Duration;

pub use crate::google_status::{ApiError, FieldViolation};
#[cfg(feature = "blocking")]
pub use blocking::BlockingSender;
pub use body::MAX_MESSAGE_BYTES;
pub use client::Sender;
pub use config::SenderBuilder;
pub use error::{SendError, SenderBuildError, TransportError};
pub use options::{
    MAX_MESSAGE_ID_CHARS, MAX_THREAD_KEY_CHARS, OptionError, ReplyOption, RequestId, SendOptions,
    check_message_id, check_request_id, check_thread_key,
};
#[cfg(feature = "redis")]
pub use pacing::{PACING_LOG_TARGET, RedisUrlError, SharedPacing};
pub use url::{UrlError, WebhookUrl};

/// The most of a response body read (Chat's answers are small).
const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// A posted message: what a webhook answer carries, plus how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// The message's resource name, `spaces/SPACE/messages/MESSAGE` (empty if the answer
    /// was cut off after a success status).
    pub name: String,
    /// The thread's resource name, `spaces/SPACE/threads/THREAD`, to reply into later.
    pub thread_name: Option<String>,
    /// HTTP attempts made (1 when nothing was retried).
    pub attempts: u32,
    /// Time from the call to the answer, including waiting for the space's lane.
    pub elapsed: Duration,
    /// The request id sent on every attempt, if any.
    pub request_id: Option<String>,
    /// How many answers were 429 (the space's quota) before the message went through.
    pub rate_limited: u32,
    /// What the validator warned about: parts Chat accepts and ignores, deprecated
    /// fields. They were sent as they are (and logged at WARN); errors stop a message
    /// before it is sent instead.
    pub warnings: Vec<crate::check::Finding>,
    /// The whole answer as Chat sent it (see [`Delivery::answer`]).
    pub(crate) answer: RawAnswer,
}

impl Delivery {
    /// Chat's whole answer to the post, as Chat sent it: the created message resource
    /// (`Null` when the answer was not JSON or was cut off after a success status). A
    /// relay passes it on unchanged. It repeats the message, so it is not for logs.
    pub fn answer(&self) -> &serde_json::Value {
        &self.answer.0
    }

    /// Takes Chat's whole answer out of the delivery (see [`Delivery::answer`]).
    pub fn into_answer(self) -> serde_json::Value {
        self.answer.0
    }
}

/// Chat's whole answer to a post (`Null` when it was not JSON or was cut off). Its `Debug`
/// does not show it: it repeats the message, whose text is not for logs.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct RawAnswer(pub(crate) serde_json::Value);

impl std::fmt::Debug for RawAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RawAnswer(..)")
    }
}
