//! Sender settings and their builder, shared by the async and the blocking sender.

use std::time::Duration;

use super::client::Sender;
use super::error::SenderBuildError;
use super::pacing::Backend;
#[cfg(feature = "redis")]
use super::pacing::SharedPacing;

/// Settings of a sender (see [`SenderBuilder`] for the defaults and their reasons).
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) interval: Duration,
    pub(crate) max_attempts: u32,
    pub(crate) total_budget: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) backoff_base: Duration,
    pub(crate) backoff_cap: Duration,
    pub(crate) max_server_wait: Duration,
    pub(crate) user_agent: String,
    pub(crate) validate: bool,
    /// Told the HTTP status of every answer (the relay counts upstream 429s with it).
    pub(crate) on_answer: Option<AnswerHook>,
}

/// A callback told the HTTP status of every answer a sender receives.
#[derive(Clone)]
pub(crate) struct AnswerHook(pub(crate) std::sync::Arc<dyn Fn(u16) + Send + Sync>);

impl std::fmt::Debug for AnswerHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AnswerHook")
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            interval: Duration::from_secs(1),
            max_attempts: 5,
            total_budget: Duration::from_secs(60),
            attempt_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(32),
            max_server_wait: Duration::from_secs(60),
            user_agent: concat!("chat-card/", env!("CARGO_PKG_VERSION")).to_owned(),
            validate: true,
            on_answer: None,
        }
    }
}

/// Builds a [`Sender`] (or a `BlockingSender` with the `blocking` feature).
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

    /// The minimum time between two requests to the same space, as set (see
    /// [`SenderBuilder::per_space_interval`]).
    pub fn interval(&self) -> Duration {
        self.config.interval
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
    /// the schedule too. Async [`Sender`] only.
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

    /// Calls `hook` with the HTTP status of every answer (every attempt), e.g. to count
    /// rate limits.
    pub fn on_answer(mut self, hook: impl Fn(u16) + Send + Sync + 'static) -> Self {
        self.config.on_answer = Some(AnswerHook(std::sync::Arc::new(hook)));
        self
    }

    /// Uses your own HTTP client (proxy, TLS roots, ...). Disable redirects on it
    /// (`reqwest::redirect::Policy::none()`): a redirect would carry the token elsewhere.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Uses your own blocking HTTP client for [`BlockingSender`](crate::BlockingSender).
    #[cfg(feature = "blocking")]
    pub fn blocking_http_client(mut self, client: reqwest::blocking::Client) -> Self {
        self.blocking_client = Some(client);
        self
    }

    /// Builds the async sender.
    pub fn build(self) -> Result<Sender, SenderBuildError> {
        let client = match self.client {
            Some(c) => c,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.config.connect_timeout)
                .user_agent(self.config.user_agent.clone())
                .build()
                .map_err(SenderBuildError::http)?,
        };
        #[cfg(feature = "redis")]
        let backend = self.shared.map_or(Backend::Local, Backend::Shared);
        #[cfg(not(feature = "redis"))]
        let backend = Backend::Local;
        Ok(Sender::from_parts(client, self.config, backend))
    }
}
