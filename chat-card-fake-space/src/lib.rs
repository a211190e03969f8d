//! A fake Google Chat space for tests, packaged the way wiremock is: a real HTTP server on 127.0.0.1 that behaves like Google Chat's
//! incoming-webhook endpoint, for tests, examples and trying cards without a real space.
//!
//! What it does for `POST /v1/spaces/{space}/messages?key=…&token=…`, in order:
//! - checks the key (400 `API_KEY_INVALID` when wrong, 403 when missing) and the space's
//!   token (403 `PERMISSION_DENIED`); unknown spaces get 404 `NOT_FOUND`;
//! - enforces the per-space quota of one request per second (429 `RESOURCE_EXHAUSTED`,
//!   counted in [`FakeSpace::quota_rejections`]);
//! - applies injected faults ([`FakeSpace::fail_next`], [`FakeSpace::push_fault`],
//!   [`FakeSpace::inject`]): error statuses, delays, dropped connections;
//! - checks the body: at most 32,000 bytes, JSON object, text or cards, and the shared
//!   validator (`chat_card::check`); failures get 400 `INVALID_ARGUMENT` with
//!   `BadRequest.fieldViolations`;
//! - returns the existing message for a repeated `requestId` (not recorded twice);
//!   refuses a repeated `messageId` (409 `ALREADY_EXISTS`);
//! - places the message in a thread: `thread.threadKey` or `thread.name` with
//!   `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` replies in the known thread
//!   or starts one; `REPLY_MESSAGE_OR_FAIL` with an unknown thread answers 404; no option
//!   always starts a new thread;
//! - answers the message with `name` (`spaces/S/messages/M`) and `thread.name`, and
//!   records it ([`FakeSpace::deliveries`]).
//!
//! Errors use Google's shape: `{"error": {"code", "message", "status", "details"}}`.
//!
//! It also serves the Chat API of a Chat app, through one handle, [`FakeSpace::chat_api`]:
//! a token endpoint (`POST /token`) that verifies service-account grants against public
//! keys registered with [`FakeChatApi::add_service_account`], bearer-token checks on
//! create, and `GET` / `PATCH` / `DELETE /v1/spaces/{space}/messages/{message}` over the
//! messages it holds (by Chat's name or the client-assigned name), recorded in
//! [`FakeChatApi::updates`] and [`FakeChatApi::deletes`]. Chat assigns every message's name;
//! a `messageId` becomes `clientAssignedMessageId`.
//!
//! ```
//! use chat_card_fake_space::FakeSpace;
//! use chat_card::{SendOptions, Sender};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let fake = FakeSpace::start().await?;
//! let url = fake.webhook_url("AAAA")?;
//! let delivery = Sender::new()?.send_text(&url, "hello", &SendOptions::new()).await?;
//! assert_eq!(fake.deliveries()[0].name, delivery.name);
//! fake.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod api;
mod conn;
mod errors;
mod flow;
mod handler;
mod issuer;
mod keys;
mod state;
mod types;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{broadcast, oneshot};

pub use api::{MessageDeleteRecord, MessageUpdateRecord, TokenGrant};
pub use issuer::FakeChatIssuer;
pub use keys::TestKeyPair;
pub use types::{FakeEvent, Fault, FaultPlan, ReceivedMessage, RequestRecord};

use chat_card::webhook::{UrlError, WebhookUrl};
use conn::{ConnHandle, KillListener};
use flow::Shared;
use state::State;

/// How long shutdown waits for in-flight requests.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Settings of a fake space (see [`FakeSpace::builder`]).
#[derive(Clone, Debug)]
pub struct FakeSpaceBuilder {
    port: u16,
    quota_interval: Duration,
    token_lifetime: Duration,
}

impl Default for FakeSpaceBuilder {
    fn default() -> Self {
        FakeSpaceBuilder {
            port: 0,
            quota_interval: Duration::from_secs(1),
            token_lifetime: Duration::from_secs(3600),
        }
    }
}

impl FakeSpaceBuilder {
    /// The port on 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The per-space quota: minimum time between two accepted requests to one space
    /// (default 1 s, like Chat), less 50 ms for clock and scheduling jitter between the
    /// client and this server. `Duration::ZERO` turns the quota off.
    pub fn quota_interval(mut self, interval: Duration) -> Self {
        self.quota_interval = interval;
        self
    }

    /// How long the access tokens of the fake token endpoint live (default 1 hour, like
    /// Google's; at least 1 s). Short lifetimes make clients refresh.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    fn bind(&self) -> std::io::Result<std::net::TcpListener> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", self.port))?;
        listener.set_nonblocking(true)?;
        Ok(listener)
    }

    fn shared(&self, addr: SocketAddr) -> Arc<Shared> {
        let (events, _) = broadcast::channel(1024);
        let api = {
            let mut api = api::ApiState::new(self.token_lifetime);
            api.token_uri = format!("http://{addr}/token");
            Mutex::new(api)
        };
        Arc::new(Shared {
            state: Mutex::new(State::new(self.quota_interval)),
            events,
            api,
        })
    }

    /// Starts the server on the current Tokio runtime.
    pub async fn start(self) -> std::io::Result<FakeSpace> {
        let listener = tokio::net::TcpListener::from_std(self.bind()?)?;
        let addr = listener.local_addr()?;
        let shared = self.shared(addr);
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, Arc::clone(&shared), stopped));
        Ok(FakeSpace {
            shared,
            addr,
            stop: Some(stop),
            runner: Runner::Task(Some(task)),
        })
    }

    /// Starts the server on its own thread with its own runtime, for code without a Tokio
    /// runtime (the blocking sender, examples, scripts).
    pub fn start_blocking(self) -> std::io::Result<FakeSpace> {
        let std_listener = self.bind()?;
        let addr = std_listener.local_addr()?;
        let shared = self.shared(addr);
        let (stop, stopped) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("chat-card-fake-space".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(std_listener) {
                        Ok(listener) => serve(listener, thread_shared, stopped).await,
                        Err(e) => tracing::error!("fake space: cannot listen: {e}"),
                    }
                });
            })?;
        Ok(FakeSpace {
            shared,
            addr,
            stop: Some(stop),
            runner: Runner::Thread(Some(thread)),
        })
    }
}

async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    stopped: oneshot::Receiver<()>,
) {
    // Its own listener keeps the kill switch that drops connections for injected faults,
    // so requests get chat_card::serve's timeouts as layers; header-read and idle
    // timeouts and a connection cap are the real servers' (the relay's, an app's).
    let limits = chat_card::serve::ServeLimits::default();
    let app = handler::router(shared)
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            limits.body_read_timeout,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .into_make_service_with_connect_info::<ConnHandle>();
    let server =
        axum::serve(KillListener { inner: listener }, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
    if let Err(e) = server.await {
        tracing::error!("fake space stopped: {e}");
    }
}

#[derive(Debug)]
enum Runner {
    Task(Option<tokio::task::JoinHandle<()>>),
    Thread(Option<std::thread::JoinHandle<()>>),
}

/// A running fake Chat space. Stops when dropped (or with [`FakeSpace::shutdown`]).
///
/// Its `Debug` shows the address and counts, never the (fake) key or tokens.
pub struct FakeSpace {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    runner: Runner,
}

impl FakeSpace {
    /// Settings: port and quota.
    pub fn builder() -> FakeSpaceBuilder {
        FakeSpaceBuilder::default()
    }

    /// Starts a fake space on a free port of 127.0.0.1, on the current Tokio runtime.
    pub async fn start() -> std::io::Result<FakeSpace> {
        FakeSpaceBuilder::default().start().await
    }

    /// Starts a fake space on its own thread (no Tokio runtime needed).
    pub fn start_blocking() -> std::io::Result<FakeSpace> {
        FakeSpaceBuilder::default().start_blocking()
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The webhook URL of a space (registered on first call, with its own token).
    pub fn webhook_url(&self, space: &str) -> Result<WebhookUrl, UrlError> {
        WebhookUrl::parse(&self.webhook_url_with_credentials(space))
    }

    /// The webhook URL as text, with the fake key and token in clear (they protect
    /// nothing), for printing. Registers the space.
    pub fn webhook_url_with_credentials(&self, space: &str) -> String {
        let mut state = self.shared.lock();
        let token = state.token_for(space);
        let space: String = url::form_urlencoded::byte_serialize(space.as_bytes()).collect();
        format!(
            "http://{}/v1/spaces/{space}/messages?key={}&token={token}",
            self.addr, state.key
        )
    }

    /// The Chat API half of this fake space: its token endpoint, the service accounts
    /// it trusts, and the messages it holds for `GET` / `PATCH` / `DELETE`.
    pub fn chat_api(&self) -> FakeChatApi<'_> {
        FakeChatApi { space: self }
    }

    /// Every message posted so far, in arrival order.
    pub fn deliveries(&self) -> Vec<ReceivedMessage> {
        self.shared.lock().deliveries.clone()
    }

    /// Messages posted to one space.
    pub fn deliveries_in(&self, space: &str) -> Vec<ReceivedMessage> {
        self.shared
            .lock()
            .deliveries
            .iter()
            .filter(|d| d.space == space)
            .cloned()
            .collect()
    }

    /// Every request that reached a space endpoint, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().requests.clone()
    }

    /// How many 429s the per-space quota sent (injected 429s are not counted).
    pub fn quota_rejections(&self) -> usize {
        self.shared.lock().quota_rejections
    }

    /// How many answers had this status (injected or not).
    pub fn count_status(&self, status: u16) -> usize {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.status == Some(status))
            .count()
    }

    /// Answers the next `n` requests (that pass credentials and quota) with `status`.
    pub fn fail_next(&self, n: usize, status: u16) {
        let mut state = self.shared.lock();
        for _ in 0..n {
            state.push_fault(Fault::Status(status));
        }
    }

    /// Queues one fault for the next request that passes credentials and quota.
    pub fn push_fault(&self, fault: Fault) {
        self.shared.lock().push_fault(fault);
    }

    /// Applies random faults to every later request (after queued ones).
    pub fn inject(&self, plan: FaultPlan) {
        self.shared.lock().set_plan(plan);
    }

    /// Removes queued faults and the random plan.
    pub fn clear_faults(&self) {
        self.shared.lock().clear_faults();
    }

    /// Events as they happen (deliveries, refusals, drops). Slow readers miss events.
    pub fn subscribe(&self) -> broadcast::Receiver<FakeEvent> {
        self.shared.events.subscribe()
    }

    /// Stops the server, waiting up to 5 s for requests in flight.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match &mut self.runner {
            Runner::Task(task) => {
                if let Some(mut task) = task.take()
                    && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                        .await
                        .is_err()
                {
                    task.abort();
                }
            }
            Runner::Thread(thread) => {
                if let Some(thread) = thread.take() {
                    let _ = tokio::task::spawn_blocking(move || thread.join()).await;
                }
            }
        }
    }

    /// Stops a server started with [`FakeSpace::start_blocking`] and waits for its thread.
    /// On a server started with [`FakeSpace::start`] it only signals the stop.
    pub fn shutdown_blocking(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Runner::Thread(thread) = &mut self.runner
            && let Some(thread) = thread.take()
        {
            let _ = thread.join();
        }
    }
}

/// The Chat API half of a [`FakeSpace`] (from [`FakeSpace::chat_api`]): the token endpoint
/// (`POST /token`), the service accounts it trusts, and the messages it holds.
#[derive(Clone, Copy)]
pub struct FakeChatApi<'a> {
    space: &'a FakeSpace,
}

impl FakeChatApi<'_> {
    /// The token endpoint's URL (`http://127.0.0.1:PORT/token`): the `token_uri` of key
    /// files for this fake space.
    pub fn token_uri(&self) -> String {
        format!("http://{}/token", self.space.addr)
    }

    /// The Chat API base URL of this fake space (`http://127.0.0.1:PORT`), for
    /// [`ChatApiBuilder::api_base`](chat_card::chat_api::ChatApiBuilder::api_base) (with the `chat-api` feature of `chat-card`).
    pub fn api_base(&self) -> String {
        format!("http://{}", self.space.addr)
    }

    /// Trusts token grants of `client_email` signed with the private half of
    /// `public_key_pem` (an RSA public key, `-----BEGIN PUBLIC KEY-----` or
    /// `-----BEGIN RSA PUBLIC KEY-----`).
    pub fn add_service_account(
        &self,
        client_email: &str,
        public_key_pem: &str,
    ) -> Result<(), String> {
        self.space
            .shared
            .api()
            .add_account(client_email, public_key_pem)
    }

    /// Generates a key pair, trusts it for `client_email`, and returns the JSON of a
    /// service-account key file whose `token_uri` is this fake space (for examples and
    /// the CLI; tests may generate their own pair with [`TestKeyPair::generate`]).
    pub fn service_account_key_json(&self, client_email: &str) -> Result<String, String> {
        let pair = TestKeyPair::generate()?;
        self.add_service_account(client_email, &pair.public_pem)?;
        Ok(pair.key_file_json(client_email, "fake-key-1", &self.token_uri()))
    }

    /// Revokes every access token issued so far: the next API request with one gets
    /// 401 `UNAUTHENTICATED`.
    pub fn revoke_tokens(&self) {
        self.space.shared.api().revoke_tokens();
    }

    /// Every request to the token endpoint, in order.
    pub fn token_grants(&self) -> Vec<TokenGrant> {
        self.space.shared.api().grants.clone()
    }

    /// How many API requests were refused for a missing, unknown or expired bearer token.
    pub fn bearer_refusals(&self) -> usize {
        self.space.shared.api().bearer_refusals
    }

    /// The message as the space holds it now, by Chat's name or the client-assigned
    /// name (`None` when unknown or deleted).
    pub fn message(&self, name: &str) -> Option<serde_json::Value> {
        self.space.shared.api().message(name)
    }

    /// Every update applied, in order.
    pub fn updates(&self) -> Vec<MessageUpdateRecord> {
        self.space.shared.api().updates.clone()
    }

    /// Every delete applied, in order.
    pub fn deletes(&self) -> Vec<MessageDeleteRecord> {
        self.space.shared.api().deletes.clone()
    }
}

impl std::fmt::Debug for FakeChatApi<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeChatApi")
            .field("addr", &self.space.addr)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for FakeSpace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("FakeSpace")
            .field("addr", &self.addr)
            .field("requests", &state.requests.len())
            .field("deliveries", &state.deliveries.len())
            .field("quota_rejections", &state.quota_rejections)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeSpace {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
