//! The settings of a sender: what the builder sets and the delivery driver reads. A leaf
//! file, so that the driver, the classification and both senders can read the settings
//! without reaching into the builder.

use std::sync::Arc;
use std::time::Duration;

/// Settings of a sender (see [`SenderBuilder`](super::SenderBuilder) for the defaults and
/// their reasons).
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
    /// Told the HTTP status of every answer (a relay counts upstream 429s with it).
    pub(crate) on_answer: Option<AnswerHook>,
}

/// A callback told the HTTP status of every answer a sender receives.
#[derive(Clone)]
pub(crate) struct AnswerHook(pub(crate) Arc<dyn Fn(u16) + Send + Sync>);

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
