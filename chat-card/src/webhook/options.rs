//! Per-message options: thread, reply option, message id, request id, deadline.

use std::time::Duration;

pub use chat_card_core::schema::{MAX_MESSAGE_ID_CHARS, MAX_THREAD_KEY_CHARS};

/// How a message with a thread is placed (`messageReplyOption` on the request URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplyOption {
    /// Always start a new thread (`MESSAGE_REPLY_OPTION_UNSPECIFIED`, Chat's default): the
    /// thread key or name in the body is ignored. No parameter is sent.
    NewThread,
    /// Reply in the given thread, or start a new one when it does not exist
    /// (`REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`). The default when a thread is given.
    ReplyOrNewThread,
    /// Reply in the given thread, or fail with `NOT_FOUND` (`REPLY_MESSAGE_OR_FAIL`).
    ReplyOrFail,
}

impl ReplyOption {
    /// The value of the `messageReplyOption` query parameter, `None` for [`ReplyOption::NewThread`].
    pub fn as_query_value(self) -> Option<&'static str> {
        match self {
            ReplyOption::NewThread => None,
            ReplyOption::ReplyOrNewThread => Some("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"),
            ReplyOption::ReplyOrFail => Some("REPLY_MESSAGE_OR_FAIL"),
        }
    }
}

/// The `requestId` that makes a send idempotent: Chat returns the existing message for a
/// repeated id instead of posting again, so retries after an ambiguous failure are safe.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum RequestId {
    /// A random UUID v4, generated once per message and reused on every attempt (default).
    #[default]
    Auto,
    /// Your own id (e.g. an alert fingerprint): de-duplicates across processes and
    /// restarts. Reuse it only with the same message.
    Fixed(String),
    /// No request id: 5xx other than 503 and ambiguous timeouts are then not retried,
    /// because a retry could post the message twice.
    None,
}

/// Where the message goes in the space's threads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ThreadTarget {
    Key(String),
    Name(String),
}

/// Options for one message. The default posts a new thread with an automatic request id.
///
/// ```
/// use chat_card::{ReplyOption, SendOptions};
///
/// let options = SendOptions::new()
///     .thread_key("deploy-42")
///     .reply(ReplyOption::ReplyOrFail);
/// assert_eq!(options.reply_option(), ReplyOption::ReplyOrFail);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendOptions {
    pub(crate) thread: Option<ThreadTarget>,
    pub(crate) reply: Option<ReplyOption>,
    pub(crate) message_id: Option<String>,
    pub(crate) request_id: RequestId,
    pub(crate) deadline: Option<Duration>,
}

impl SendOptions {
    /// Default options: new thread, automatic request id, no deadline.
    pub fn new() -> Self {
        SendOptions::default()
    }

    /// Posts into the thread with this key (`thread.threadKey` in the body; at most 4,000
    /// characters). Replies default to [`ReplyOption::ReplyOrNewThread`].
    pub fn thread_key(mut self, key: impl Into<String>) -> Self {
        self.thread = Some(ThreadTarget::Key(key.into()));
        self
    }

    /// Posts into an existing thread by name (`spaces/SPACE/threads/THREAD`, as returned
    /// in [`Delivery::thread_name`](crate::Delivery::thread_name)).
    pub fn thread_name(mut self, name: impl Into<String>) -> Self {
        self.thread = Some(ThreadTarget::Name(name.into()));
        self
    }

    /// Sets how the thread is used. Without a thread (here or in the message body) this
    /// has no effect.
    pub fn reply(mut self, reply: ReplyOption) -> Self {
        self.reply = Some(reply);
        self
    }

    /// Sets a custom message id (`client-` followed by lowercase letters, digits and
    /// hyphens, at most 63 characters, unique in the space).
    pub fn message_id(mut self, id: impl Into<String>) -> Self {
        self.message_id = Some(id.into());
        self
    }

    /// Sets the request id policy (default [`RequestId::Auto`]).
    pub fn request_id(mut self, id: RequestId) -> Self {
        self.request_id = id;
        self
    }

    /// Bounds the whole send, including waiting for the space's lane behind other messages.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The reply option in effect when a thread is given.
    pub fn reply_option(&self) -> ReplyOption {
        self.reply.unwrap_or(ReplyOption::ReplyOrNewThread)
    }

    /// Checks the thread key / name, message id and request id.
    pub(crate) fn validate(&self) -> Result<(), OptionError> {
        match &self.thread {
            Some(ThreadTarget::Key(key)) => check_thread_key(key)?,
            Some(ThreadTarget::Name(name)) => check_thread_name(name)?,
            None => {}
        }
        if let Some(id) = &self.message_id {
            check_message_id(id)?;
        }
        if let RequestId::Fixed(id) = &self.request_id {
            check_request_id(id)?;
        }
        Ok(())
    }
}

/// A per-message option that Chat would refuse. The message says what is wrong and how
/// to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct OptionError {
    message: String,
}

impl OptionError {
    pub(crate) fn new(problem: impl std::fmt::Display, fix: &str) -> Self {
        OptionError {
            message: format!("{problem}; {fix}"),
        }
    }
}

/// Checks a thread key: non-empty, at most 4,000 characters (the shared rule of
/// `chat_card_core`).
pub fn check_thread_key(key: &str) -> Result<(), OptionError> {
    chat_card_core::validate::check_thread_key(key).map_err(|message| OptionError { message })
}

/// Checks a custom message id: `client-` + lowercase letters, digits and hyphens, at most
/// 63 characters (the shared rule of `chat_card_core`).
pub fn check_message_id(id: &str) -> Result<(), OptionError> {
    chat_card_core::validate::check_message_id(id).map_err(|message| OptionError { message })
}

fn check_thread_name(name: &str) -> Result<(), OptionError> {
    let ok = name
        .strip_prefix("spaces/")
        .and_then(|rest| rest.split_once("/threads/"))
        .is_some_and(|(space, thread)| {
            !space.is_empty() && !thread.is_empty() && !space.contains('/') && !thread.contains('/')
        });
    if ok {
        Ok(())
    } else {
        Err(OptionError::new(
            "the thread name is not of the form spaces/SPACE/threads/THREAD",
            "pass the thread name a previous delivery returned, or use a thread key",
        ))
    }
}

/// Checks a request id as the sender will send it (`requestId` on the URL, reused on
/// every attempt so that Chat posts the message once): not empty, at most 200 bytes, no
/// control characters. A relay that accepts ids from its clients checks them with this
/// before queueing.
///
/// ```
/// assert!(chat_card::webhook::check_request_id("4f6c0f0e-7d6a-4d8e-9a51-1b0c2f9d3e21").is_ok());
/// assert!(chat_card::webhook::check_request_id("").is_err());
/// ```
pub fn check_request_id(id: &str) -> Result<(), OptionError> {
    if id.is_empty() || id.len() > 200 || id.chars().any(char::is_control) {
        return Err(OptionError::new(
            "the request id is empty, longer than 200 bytes or holds control characters",
            "use a short printable id such as a UUID, or RequestId::Auto",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids() {
        assert!(check_message_id("client-abc-123").is_ok());
        for bad in [
            "abc",
            "client-ABC",
            "client-a_b",
            &format!("client-{}", "a".repeat(57)),
        ] {
            let e = check_message_id(bad).expect_err(bad);
            assert!(e.to_string().contains("client-"), "{e}");
        }
        assert!(check_message_id(&format!("client-{}", "a".repeat(56))).is_ok());
    }

    #[test]
    fn thread_checks() {
        assert!(check_thread_key("k").is_ok());
        assert!(check_thread_key("").is_err());
        assert!(check_thread_key(&"x".repeat(4001)).is_err());
        assert!(check_thread_key(&"é".repeat(4000)).is_ok());
        assert!(check_thread_name("spaces/A/threads/B").is_ok());
        assert!(check_thread_name("spaces/A/threads/").is_err());
        assert!(check_thread_name("threads/B").is_err());
    }

    #[test]
    fn reply_default_and_query_values() {
        assert_eq!(
            SendOptions::new().reply_option(),
            ReplyOption::ReplyOrNewThread
        );
        assert_eq!(ReplyOption::NewThread.as_query_value(), None);
        assert_eq!(
            ReplyOption::ReplyOrFail.as_query_value(),
            Some("REPLY_MESSAGE_OR_FAIL")
        );
    }
}
