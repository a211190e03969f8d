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
pub mod config;
mod delivery;
mod front;
mod hooks;
mod incoming;
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

/// How often old dead letters are removed (also after each new dead letter).
const PRUNE_EVERY: Duration = Duration::from_secs(600);

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

/// Settings of a relay (see [`Relay::builder`]).
#[derive(Debug)]
pub struct RelayBuilder {
    state_dir: PathBuf,
    listen: SocketAddr,
    upstream: String,
    wait: Duration,
    max_queue: usize,
    sender: SenderBuilder,
    chat_api: Option<(chat_card::chat_api::ServiceAccountKey, Option<String>)>,
    ops: OpsSettings,
    dead_max_age: Duration,
    dead_max_count: usize,
    limits: ServeLimits,
    config: Option<RelayConfig>,
    redis_queue: Option<RedisQueueOptions>,
}

impl RelayBuilder {
    /// Keeps the queue in Redis Streams, shared with other relays, instead of the SQLite
    /// file in the state directory (which is then not used). Any relay accepts for any
    /// space; one at a time delivers each space; a relay lost with its disk loses
    /// nothing. Use the same Redis for [`SenderBuilder::shared_pacing`] so a space's
    /// pacing holds across a takeover.
    pub fn redis_queue(mut self, options: RedisQueueOptions) -> Self {
        self.redis_queue = Some(options);
        self
    }

    /// Serves `/metrics` and `/relay/dead` on this address instead of the public one
    /// (which keeps `/healthz`); port 0 picks a free one ([`Relay::ops_addr`]).
    pub fn ops_listen(mut self, addr: SocketAddr) -> Self {
        self.ops.listen = Some(addr);
        self
    }

    /// Makes `/metrics` and `/relay/dead` need `Authorization: Bearer TOKEN`. Without a
    /// token and without [`ops_listen`](Self::ops_listen), `/relay/dead` (it shows
    /// message bodies) is not served. Surrounding white space is dropped; an empty token
    /// sets none.
    pub fn ops_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into().trim().to_owned();
        self.ops.token = (!token.is_empty()).then_some(OpsToken(token));
        self
    }

    /// How long a dead letter is kept after it failed (default 30 days).
    pub fn dead_letter_max_age(mut self, age: Duration) -> Self {
        self.dead_max_age = age;
        self
    }

    /// How many dead letters are kept, the newest (default 10,000).
    pub fn dead_letter_max_count(mut self, count: usize) -> Self {
        self.dead_max_count = count;
        self
    }

    /// Posts Alertmanager cards as this Chat app through the Chat API instead of the
    /// webhook, and updates each group's card in place (to "resolved", or with the
    /// current alerts) instead of replying. `api_base` is the endpoint (default
    /// `https://chat.googleapis.com`; plain `http` only for loopback, e.g. a fake space).
    pub fn chat_api(
        mut self,
        key: chat_card::chat_api::ServiceAccountKey,
        api_base: Option<String>,
    ) -> Self {
        self.chat_api = Some((key, api_base));
        self
    }

    /// The limits of both listeners (header, body, request and idle timeouts, and the
    /// cap on concurrent connections; see [`ServeLimits`] for the defaults). The request
    /// timeout is raised to the [`wait`](Self::wait) plus 5 s when it is shorter, so a
    /// request that waits for Chat's answer is not cut off.
    pub fn serve_limits(mut self, limits: ServeLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The address to listen on (default `127.0.0.1:8080`; port 0 picks a free one).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Where messages go (default `https://chat.googleapis.com`). Plain `http` only
    /// for loopback hosts, such as a fake space.
    pub fn upstream(mut self, upstream: impl Into<String>) -> Self {
        self.upstream = upstream.into();
        self
    }

    /// How long a request waits for Chat's answer before it gets 202 (default 10 s).
    pub fn wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    /// How many messages may wait before new posts get 429 (default 10,000; at least 1).
    pub fn max_queue(mut self, max: usize) -> Self {
        self.max_queue = max.max(1);
        self
    }

    /// Minimum time between two requests to one space (default 1 s, Chat's quota).
    pub fn per_space_interval(mut self, interval: Duration) -> Self {
        self.sender = self.sender.per_space_interval(interval);
        self
    }

    /// The sender's settings: pacing interval, pacing shared with other relays and
    /// senders through Redis ([`SenderBuilder::shared_pacing`], feature `redis`), retries
    /// and timeouts. The relay validates messages itself when it accepts them, and counts
    /// the answers for its metrics.
    pub fn sender(mut self, sender: SenderBuilder) -> Self {
        self.sender = sender;
        self
    }

    /// Opens the queue, binds the address and starts serving and delivering (messages
    /// left in the queue by an earlier run are delivered first).
    pub async fn start(mut self) -> Result<Relay, RelayError> {
        let upstream = check_upstream(&self.upstream)?;
        let hooks = hooks::HookTable::new(self.hooks()?);
        let interval = self.sender.interval();
        let dir = self.state_dir.clone();
        let dead_cap = self.dead_max_count;
        let redis = self
            .redis_queue
            .as_ref()
            .map(|r| r.settings(interval, dead_cap));
        let queue: Box<dyn Queue> = tokio::task::spawn_blocking(move || match redis {
            Some(settings) => RedisQueue::open(settings).map(|q| Box::new(q) as Box<dyn Queue>),
            None => SqliteQueue::open(&dir).map(|q| Box::new(q) as Box<dyn Queue>),
        })
        .await
        .map_err(|e| StoreError::internal(format!("opening the queue failed: {e}")))??;
        let metrics = Metrics::new();
        let rate_limited = metrics.upstream_429.clone();
        let mut sender = self.sender;
        if let Some(r) = &self.redis_queue {
            sender = sender.attempt_timeout(r.attempt_timeout);
        }
        let sender = sender
            // Checked when accepted, with the relay's own severity filter.
            .validate(false)
            .on_answer(move |http| {
                if http == 429 {
                    rate_limited.inc();
                }
            })
            .build()?;
        let api = match self.chat_api {
            Some((key, base)) => {
                let mut builder = chat_card::chat_api::ChatApi::builder(key).sender(sender.clone());
                if let Some(base) = base {
                    builder = builder.api_base(base);
                }
                Some(builder.build()?)
            }
            None => None,
        };
        let listener = tokio::net::TcpListener::bind(self.listen)
            .await
            .map_err(|source| RelayError::Listen {
                addr: self.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| RelayError::Listen {
            addr: self.listen,
            source,
        })?;
        let ops_listener = match self.ops.listen {
            Some(addr) => {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .map_err(|source| RelayError::Listen { addr, source })?;
                let bound = listener
                    .local_addr()
                    .map_err(|source| RelayError::Listen { addr, source })?;
                Some((listener, bound))
            }
            None => None,
        };
        let (stop_tx, stop) = watch::channel(false);
        let shared = Arc::new(Shared {
            settings: Settings {
                upstream,
                wait: self.wait,
                max_queue: self.max_queue,
                interval,
                ops: self.ops,
                dead_max_age: self.dead_max_age,
                dead_max_count: self.dead_max_count,
            },
            queue,
            sender,
            api,
            metrics,
            request_ids: request_ids::RequestIds::default(),
            waiters: Mutex::new(HashMap::new()),
            lanes: Mutex::new(HashMap::new()),
            tasks: Mutex::new(Vec::new()),
            stop: stop.clone(),
            hooks,
        });
        let left = {
            let shared = Arc::clone(&shared);
            tokio::task::spawn_blocking(move || shared.queue.spaces())
                .await
                .map_err(|e| StoreError::internal(format!("reading the queue failed: {e}")))??
        };
        if !left.is_empty() {
            tracing::info!(
                queued = shared.queue.queued(),
                spaces = left.len(),
                "relay: delivering messages left from the last run"
            );
        }
        for space in &left {
            delivery::wake(&shared, space);
        }
        let mut limits = self.limits.clone();
        limits.request_timeout = limits
            .request_timeout
            .max(self.wait + Duration::from_secs(5));
        let server = serve(
            listener,
            front::router(Arc::clone(&shared)),
            limits.clone(),
            stop.clone(),
        );
        let ops_addr = ops_listener.as_ref().map(|(_, addr)| *addr);
        let ops_server = ops_listener.map(|(listener, addr)| {
            tracing::info!(addr = %addr, "relay: operations endpoints listening");
            serve(
                listener,
                front::ops_router(Arc::clone(&shared)),
                limits.clone(),
                stop.clone(),
            )
        });
        shared
            .lock_tasks()
            .push(tokio::spawn(delivery::prune_dead_letters(Arc::clone(
                &shared,
            ))));
        if shared.queue.shared() {
            shared
                .lock_tasks()
                .push(tokio::spawn(delivery::look_for_spaces(Arc::clone(&shared))));
        }
        tracing::info!(
            addr = %addr,
            upstream = %shared.settings.upstream,
            queued = shared.queue.queued(),
            "relay: listening"
        );
        Ok(Relay {
            addr,
            ops_addr,
            shared,
            stop: stop_tx,
            server,
            ops_server,
        })
    }
}

/// Serves `app` on `listener` with `limits` until the relay stops.
fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: ServeLimits,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let served = chat_card::serve::serve(listener, app, limits, async move {
            let _ = stopped.wait_for(|s| *s).await;
        });
        if let Err(e) = served.await {
            tracing::error!(error = %e, "relay: the server stopped");
        }
    })
}

/// Checks the upstream base URL: `https`, or `http` for loopback hosts; no path, query
/// or credentials; and a host a webhook URL may name.
fn check_upstream(raw: &str) -> Result<url::Url, RelayError> {
    let fail = |problem: &str| RelayError::InvalidUpstream {
        upstream: raw.to_owned(),
        problem: problem.to_owned(),
    };
    let url = url::Url::parse(raw.trim()).map_err(|e| fail(&format!("not a URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail("it must not carry a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() || !matches!(url.path(), "" | "/") {
        return Err(fail(
            "give only the scheme and host (and port), without a path or query",
        ));
    }
    let probe = format!(
        "{}/v1/spaces/PROBE/messages?key=k&token=t",
        url.as_str().trim_end_matches('/')
    );
    WebhookUrl::parse(&probe).map_err(|e| fail(e.problem()))?;
    Ok(url)
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
        RelayBuilder {
            state_dir: state_dir.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            upstream: DEFAULT_UPSTREAM.to_owned(),
            wait: DEFAULT_WAIT,
            max_queue: DEFAULT_MAX_QUEUE,
            sender: SenderBuilder::default(),
            chat_api: None,
            ops: OpsSettings::default(),
            dead_max_age: DEFAULT_DEAD_LETTER_MAX_AGE,
            dead_max_count: DEFAULT_DEAD_LETTER_MAX_COUNT,
            limits: ServeLimits::default(),
            config: None,
            redis_queue: None,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_operations_token_is_not_in_debug_output() {
        let builder = Relay::builder("/tmp/unused").ops_token("TOPSECRET-OPS");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }

    #[test]
    fn upstream_checks() {
        assert!(check_upstream("https://chat.googleapis.com").is_ok());
        assert!(check_upstream("https://chat.googleapis.com/").is_ok());
        assert!(check_upstream("http://127.0.0.1:9999").is_ok());
        for bad in [
            "http://chat.googleapis.com",
            "https://example.com",
            "https://chat.googleapis.com/v1",
            "https://u:p@chat.googleapis.com",
            "ftp://127.0.0.1",
            "nonsense",
        ] {
            let e = check_upstream(bad).expect_err(bad);
            assert!(e.to_string().contains("invalid upstream"), "{e}");
        }
    }
}
