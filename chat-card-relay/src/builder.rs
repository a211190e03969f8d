//! [`RelayBuilder`]: a relay's settings, and its start: the queue opened, the
//! listeners bound, the routes and the delivery workers running.

use super::*;

/// Settings of a relay (see [`Relay::builder`]).
#[derive(Debug)]
pub struct RelayBuilder {
    pub(crate) state_dir: PathBuf,
    pub(crate) listen: SocketAddr,
    pub(crate) upstream: String,
    pub(crate) wait: Duration,
    pub(crate) max_queue: usize,
    pub(crate) sender: SenderBuilder,
    pub(crate) chat_api: Option<(chat_card::chat_api::ServiceAccountKey, Option<String>)>,
    pub(crate) ops: OpsSettings,
    pub(crate) dead_max_age: Duration,
    pub(crate) dead_max_count: usize,
    pub(crate) limits: ServeLimits,
    pub(crate) config: Option<RelayConfig>,
    pub(crate) redis_queue: Option<RedisQueueOptions>,
}

impl RelayBuilder {
    /// The defaults, with the queue in `state_dir` (see [`Relay::builder`]).
    pub(crate) fn new(state_dir: PathBuf) -> Self {
        RelayBuilder {
            state_dir,
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
        let hooks = hook_table::HookTable::new(self.hooks()?);
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
