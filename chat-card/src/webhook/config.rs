//! The sender's builder, shared by the async and the blocking sender (each flavour's
//! `build` lives beside its sender, so this file needs neither).

use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "redis")]
use super::pacing::SharedPacing;
use super::settings::{AnswerHook, Config};

/// Builds a [`Sender`](crate::Sender) (or a `BlockingSender` with the `blocking` feature).
///
/// Defaults follow Google's guidance for Chat: one request per second per space, at most
/// 5 attempts within 60 s, 30 s per attempt, 10 s to connect, backoff 1 s doubling to at
/// most 32 s with equal jitter, server waits (`Retry-After`, `RetryInfo`) honoured up to
/// 60 s, messages validated before sending.
///
/// ```
/// use std::time::Duration;
/// use chat_card::Sender;
///
/// let sender = Sender::builder()
///     .per_space_interval(Duration::from_millis(1500))
///     .max_attempts(3)
///     .build()?;
/// # let _ = sender;
/// # Ok::<(), chat_card::SenderBuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct SenderBuilder {
    pub(crate) config: Config,
    pub(crate) client: Option<reqwest::Client>,
    #[cfg(feature = "blocking")]
    pub(crate) blocking_client: Option<reqwest::blocking::Client>,
    #[cfg(feature = "redis")]
    pub(crate) shared: Option<SharedPacing>,
}

impl SenderBuilder {
    /// Minimum time between two requests to the same space (default 1 s; Chat allows one
    /// request per second per space, shared by every webhook of the space).
    pub fn per_space_interval(mut self, interval: Duration) -> Self {
        self.config.interval = interval;
        self
    }

    /// Maximum HTTP attempts per message, at least 1 (default 5).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.config.max_attempts = attempts.max(1);
        self
    }

    /// Time budget for all attempts of one message, counted from when the space's lane
    /// is acquired (default 60 s). Use [`SendOptions::deadline`](crate::SendOptions::deadline)
    /// to bound the wait in the queue too.
    pub fn total_budget(mut self, budget: Duration) -> Self {
        self.config.total_budget = budget;
        self
    }

    /// Timeout of one HTTP attempt (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// Timeout to establish a connection (default 10 s). Ignored with a custom client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// First backoff step (default 1 s) and cap (default 32 s).
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.config.backoff_base = base;
        self.config.backoff_cap = cap.max(base);
        self
    }

    /// The longest server-requested wait honoured (default 60 s); a longer
    /// `Retry-After` ends the send with [`SendError::RateLimited`](crate::SendError::RateLimited)
    /// at once.
    pub fn max_server_wait(mut self, wait: Duration) -> Self {
        self.config.max_server_wait = wait;
        self
    }

    /// The `User-Agent` header (default `chat-card/VERSION`). Ignored with a custom client.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.config.user_agent = agent.into();
        self
    }

    /// Whether messages are checked with the shared validator before sending (default
    /// true). Turn off only to let Chat itself judge a message.
    pub fn validate(mut self, validate: bool) -> Self {
        self.config.validate = validate;
        self
    }

    /// Shares each space's schedule through Redis with every other sender, in any
    /// process on any machine, that uses the same Redis (see [`SharedPacing`]). The
    /// in-process lanes stay underneath: they order this sender's messages, and pace
    /// alone while Redis is unreachable. The Chat API client built on this sender shares
    /// the schedule too. Async [`Sender`](crate::Sender) only.
    ///
    /// ```
    /// use std::time::Duration;
    /// use chat_card::{Sender, SharedPacing};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let url = std::env::var("CHAT_CARD_REDIS_URL")
    ///     .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    /// let sender = Sender::builder()
    ///     .shared_pacing(SharedPacing::redis(&url)?.timeout(Duration::from_millis(250)))
    ///     .build()?;
    /// # let _ = sender;
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "redis")]
    pub fn shared_pacing(mut self, pacing: SharedPacing) -> Self {
        self.shared = Some(pacing);
        self
    }

    /// Calls `hook` with the HTTP status of every answer Chat gives a webhook post
    /// (every attempt, retried or not), e.g. for a relay to count upstream rate limits
    /// (429). The hook runs on the sending task: keep it short and non-blocking.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use chat_card::Sender;
    ///
    /// let rate_limited = Arc::new(AtomicU64::new(0));
    /// let counter = Arc::clone(&rate_limited);
    /// let sender = Sender::builder()
    ///     .on_answer(move |http| {
    ///         if http == 429 {
    ///             counter.fetch_add(1, Ordering::Relaxed);
    ///         }
    ///     })
    ///     .build()?;
    /// # let _ = sender;
    /// # Ok::<(), chat_card::SenderBuildError>(())
    /// ```
    pub fn on_answer(mut self, hook: impl Fn(u16) + Send + Sync + 'static) -> Self {
        self.config.on_answer = Some(AnswerHook(Arc::new(hook)));
        self
    }

    /// The minimum time between two requests to one space that this builder will give
    /// its sender (see [`per_space_interval`](Self::per_space_interval)), e.g. for a
    /// relay's `Retry-After`.
    pub fn interval(&self) -> Duration {
        self.config.interval
    }

    /// Uses your own HTTP client (proxy, TLS roots, ...), for the async sender and for a
    /// `BlockingSender` without a [`blocking_http_client`](Self::blocking_http_client).
    /// Disable redirects on it (`reqwest::redirect::Policy::none()`): a redirect would
    /// carry the token elsewhere.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Uses your own blocking HTTP client for [`BlockingSender`](crate::BlockingSender):
    /// its attempts then run on the sender's blocking pool. Disable redirects on it too.
    #[cfg(feature = "blocking")]
    pub fn blocking_http_client(mut self, client: reqwest::blocking::Client) -> Self {
        self.blocking_client = Some(client);
        self
    }
}
