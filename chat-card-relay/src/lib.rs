//! The webhook relay behind `chat-card relay`: a server that speaks Google Chat's
//! incoming-webhook protocol, keeps every message it accepted on disk, paces each space
//! under the quota and delivers with the [`Sender`](chat_card::Sender).
//!
//! A tool that posts to a webhook (Grafana, an uptime monitor, a CI job, `curl`) changes
//! only the scheme and host of its webhook URL:
//! `https://chat.googleapis.com/v1/spaces/S/messages?key=K&token=T` becomes
//! `http://127.0.0.1:8080/v1/spaces/S/messages?key=K&token=T`.
//!
//! For each `POST /v1/spaces/{space}/messages?key=…&token=…` (with the optional
//! `threadKey`, `messageReplyOption`, `messageId` and `requestId` parameters):
//! - the body is checked like the sender checks it (at most 32,000 bytes, a message, the
//!   shared validator); a refused message gets 400 in Chat's `google.rpc.Status` shape
//!   and is not queued;
//! - the message gets a `requestId` unless it has one, and is committed to a SQLite
//!   queue in the state directory (WAL, `synchronous=FULL`) before anything is answered;
//!   when the queue holds `max_queue` messages, the answer is 429 with `Retry-After`;
//! - one worker per space delivers the space's messages in arrival order through the
//!   paced sender, reusing the `requestId` on every attempt and after a restart, and
//!   removes a message only once Chat accepted it; permanent failures go to the
//!   dead-letter list (`GET /relay/dead`);
//! - the request waits up to `wait` for Chat's answer and gets it as it came (200 with
//!   the message, or Chat's error); otherwise 202 `{"queued", "position", "etaSeconds"}`.
//!
//! `POST /hooks/{route}` serves the routes of a config file ([`RelayConfig`], given with
//! [`RelayBuilder::config`]): named spaces whose webhook URLs come from the environment
//! or files, an inbound check per route (bearer token, basic auth, GitHub's signature,
//! GitLab's token; 401 and nothing queued on a failure), and a template per route.
//! [`Relay::reload`] swaps the routes, spaces and templates of a new config at once.
//!
//! `POST /alertmanager/{space}?key=…&token=…` takes Alertmanager's webhook JSON and posts
//! an alert card, one thread per alert group. With a Chat app's key
//! ([`RelayBuilder::chat_api`], feature `chat-api`) the cards go through the Chat API as
//! the app, and each group's card is updated in place instead of replied to. `GET /healthz`
//! (503 when the queue cannot be read or written), `GET /metrics` (Prometheus text) and
//! `GET /relay/dead` (paginated) serve operations; the last two can have their own address
//! ([`RelayBuilder::ops_listen`]) or need a token ([`RelayBuilder::ops_token`]), and the
//! dead letters (message bodies) are served only with one of the two. Webhook keys and
//! tokens are never logged, listed or counted.
//!
//! Several relays behind one load balancer can share one queue in Redis Streams instead
//! ([`RelayBuilder::redis_queue`]): any relay accepts for any space, one at a time
//! delivers each space under a lease, and a relay lost with its disk loses nothing.
//!
//! The queue is checked at start: a damaged, emptied, truncated or replaced database, or
//! accepted messages lost from its write-ahead log, stop the relay with the file's name
//! and how to recover, instead of starting empty. An existing state directory open to
//! other users is refused, never changed.
//!
//! ```no_run
//! use chat_card_relay::Relay;
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let relay = Relay::builder("/var/lib/chat-card-relay")
//!     .listen("127.0.0.1:8080".parse()?)
//!     .start()
//!     .await?;
//! println!("relay on http://{}", relay.local_addr());
//! tokio::signal::ctrl_c().await?;
//! relay.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod alertmanager;
mod auth;
mod builder;
pub mod config;
mod delivery;
mod front;
mod hook_table;
mod hooks;
mod incoming;
mod intake;
mod metrics;
pub mod notify;
mod ops;
mod queue;
mod queue_choice;
mod request_ids;
pub mod route;
mod settings;
mod shared;
mod status;
pub mod template;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use builder::RelayBuilder;
pub use config::{ConfigError, RelayConfig, Reloaded};
pub use queue::StoreError;
pub use queue_choice::{
    DEFAULT_QUEUE_ATTEMPT_TIMEOUT, DEFAULT_QUEUE_LEASE, InvalidRedisUrl, QueueDurability,
    RedisQueueOptions,
};

use chat_card::serve::ServeLimits;
use chat_card::webhook::{SenderBuildError, SenderBuilder, WebhookUrl};
use metrics::Metrics;
use queue::{Queue, RedisQueue, SqliteQueue};
use settings::{OpsSettings, OpsToken, Settings};
use shared::Shared;

/// Chat's endpoint, the default upstream.
pub const DEFAULT_UPSTREAM: &str = "https://chat.googleapis.com";

/// The default longest wait for Chat's answer before a request gets 202.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// The default most messages waiting before new posts get 429: at one message per
/// second per space, 10,000 messages are almost three hours of one space's quota.
pub const DEFAULT_MAX_QUEUE: usize = 10_000;

/// How long dead letters are kept by default: 30 days after they failed.
pub const DEFAULT_DEAD_LETTER_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

/// How many dead letters are kept by default (the oldest go first).
pub const DEFAULT_DEAD_LETTER_MAX_COUNT: usize = 10_000;

pub use ops::{DEFAULT_DEAD_PAGE, MAX_DEAD_PAGE};

/// Why a relay could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RelayError {
    /// The upstream URL is not usable.
    #[error(
        "invalid upstream `{upstream}`: {problem}; use https://chat.googleapis.com (the default) \
         or http://127.0.0.1:PORT for a local fake space"
    )]
    InvalidUpstream {
        /// The URL as given (it holds no credentials).
        upstream: String,
        /// What is wrong.
        problem: String,
    },
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}; pick another address or port")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The queue could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Sender(#[from] SenderBuildError),
    /// The Chat API client could not be built (key or endpoint).
    #[error(transparent)]
    ChatApi(#[from] chat_card::chat_api::ChatApiError),
    /// The config cannot be served (an open route on a public address, a Chat API space
    /// without a Chat app).
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// A running relay. Stop it with [`Relay::shutdown`]; messages still queued then are
/// delivered by the next relay started on the same state directory.
pub struct Relay {
    addr: SocketAddr,
    ops_addr: Option<SocketAddr>,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
    ops_server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("addr", &self.addr)
            .field("queued", &self.shared.queue.queued())
            .finish_non_exhaustive()
    }
}

impl Relay {
    /// Starts configuring a relay whose queue lives in `state_dir` (created mode 0700 if
    /// missing; an existing one open to other users is refused: it holds webhook
    /// credentials).
    pub fn builder(state_dir: impl Into<PathBuf>) -> RelayBuilder {
        RelayBuilder::new(state_dir.into())
    }

    /// The address of the operations endpoints, when they have their own
    /// ([`RelayBuilder::ops_listen`]).
    pub fn ops_addr(&self) -> Option<SocketAddr> {
        self.ops_addr
    }

    /// How many spaces have a running delivery worker (those with waiting messages or a
    /// delivery in flight; idle spaces hold none). Also the `active_spaces` gauge.
    pub fn active_spaces(&self) -> usize {
        self.shared.active_spaces()
    }

    /// The address the relay listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many messages wait in the queue.
    pub fn queued(&self) -> usize {
        self.shared.queue.queued()
    }

    /// Stops accepting, answers the requests in flight (202 for those still waiting),
    /// lets a delivery in flight finish (up to the `wait` setting), and closes the queue.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let grace = self.shared.settings.wait + Duration::from_secs(5);
        let mut server = self.server;
        if tokio::time::timeout(grace, &mut server).await.is_err() {
            server.abort();
        }
        if let Some(mut ops) = self.ops_server
            && tokio::time::timeout(grace, &mut ops).await.is_err()
        {
            ops.abort();
        }
        let tasks: Vec<JoinHandle<()>> = self.shared.lock_tasks().drain(..).collect();
        let deadline = tokio::time::Instant::now() + self.shared.settings.wait;
        for mut task in tasks {
            if tokio::time::timeout_at(deadline, &mut task).await.is_err() {
                task.abort();
            }
        }
        let shared = Arc::clone(&self.shared);
        let closed = tokio::task::spawn_blocking(move || shared.queue.close()).await;
        if let Ok(Err(e)) = closed {
            tracing::warn!(error = %e, "relay: could not close the queue tidily");
        }
        tracing::info!(queued = self.shared.queue.queued(), "relay: stopped");
    }
}
