//! Serving an axum [`Router`] with limits a public endpoint needs (feature `serve`):
//! timeouts on slow and idle connections and a cap on concurrent connections, so a few
//! clients that connect and stall cannot take a Chat app, the relay or the fake space
//! down. `axum::serve` has none of these.
//!
//! ```no_run
//! use axum::Router;
//! use axum::routing::get;
//! use chat_card::serve::{ServeLimits, serve};
//!
//! # async fn demo() -> std::io::Result<()> {
//! let app = Router::new().route("/", get(|| async { "ok" }));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let limits = ServeLimits {
//!     max_connections: 64,
//!     ..ServeLimits::default()
//! };
//! // Serves until Ctrl-C, then lets the requests in flight finish.
//! serve(listener, app, limits, async {
//!     let _ = tokio::signal::ctrl_c().await;
//! })
//! .await
//! # }
//! ```
//!
//! What each limit does, with the crate that enforces it:
//!
//! | limit | on | enforced by |
//! |---|---|---|
//! | [`header_read_timeout`](ServeLimits::header_read_timeout) | request line and headers not complete in time: the connection is closed | hyper's HTTP/1 `header_read_timeout` |
//! | [`body_read_timeout`](ServeLimits::body_read_timeout) | a request body that stalls between two chunks: reading it fails, the handler answers (axum's extractors: 400) | tower-http's `RequestBodyTimeoutLayer` |
//! | [`request_timeout`](ServeLimits::request_timeout) | a request not answered in time (a body sent slowly in small chunks, a slow handler): `408 Request Timeout` | tower-http's `TimeoutLayer` |
//! | [`idle_timeout`](ServeLimits::idle_timeout) | a connection with no request in flight and no byte read or written for this long: closed | this module (hyper has no idle timeout) |
//! | [`max_connections`](ServeLimits::max_connections) | one connection more: answered `503 Service Unavailable` with `Retry-After: 1` and closed, without reaching the router | this module (a semaphore around accept) |
//!
//! For HTTP/1, hyper starts the header clock as soon as it waits for a request, so a
//! keep-alive connection waiting for its next request is also closed after
//! `header_read_timeout`: an idle HTTP/1 connection lasts the shorter of the two. Behind
//! a load balancer that keeps backend connections open longer (Google Cloud's keeps them
//! 600 s), raise both above its keep-alive, or the balancer may reuse a connection the
//! server has just closed.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

mod connection;
mod refuse;

/// The limits [`serve`] applies. Every field has a documented default
/// ([`ServeLimits::default`]); change some with `ServeLimits { field: …, ..Default::default() }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeLimits {
    /// The most time a client has to send a request's line and headers, counted from
    /// when the server starts waiting for them. Default 10 s.
    pub header_read_timeout: Duration,
    /// The most time a request body may stall between two chunks. Default 10 s.
    pub body_read_timeout: Duration,
    /// The most time from a request's headers to its answer (reading the body included);
    /// then `408 Request Timeout`. Default 30 s, the time Chat waits for an app's answer.
    pub request_timeout: Duration,
    /// How long a connection may stay open with no request in flight and nothing read or
    /// written. Default 30 s (for HTTP/1, see the module documentation).
    pub idle_timeout: Duration,
    /// The most connections served at once (at least 1); one more is answered `503` and
    /// closed. Default 512.
    pub max_connections: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
            max_connections: 512,
        }
    }
}

/// The most refusals (`503` answers beyond [`ServeLimits::max_connections`]) written at
/// once; a connection beyond those is closed without an answer.
const MAX_REFUSALS_IN_FLIGHT: usize = 64;

/// Serves `router` on `listener` with `limits` until `shutdown` completes, then stops
/// accepting, lets each connection finish its request in flight (each is still bounded
/// by the limits) and returns.
///
/// An error accepting a connection (too many open files, a connection reset before it
/// was accepted) is logged and the loop goes on after a short pause; `serve` itself
/// does not fail once it runs.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    // At least one connection, and no more than a semaphore counts.
    let cap = limits.max_connections.clamp(1, u32::MAX as usize);
    let limits = Arc::new(limits);
    let slots = Arc::new(Semaphore::new(cap));
    let refusals = Arc::new(Semaphore::new(MAX_REFUSALS_IN_FLIGHT));
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!(error = %e, "serve: cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                let task = connection::Connection {
                    router: router.clone(),
                    limits: limits.clone(),
                    stopping: stopping.clone(),
                };
                tokio::spawn(async move {
                    task.run(stream).await;
                    drop(slot);
                });
            }
            Err(_) => {
                tracing::warn!(
                    %peer,
                    max_connections = cap,
                    "serve: refused a connection: the server is at its connection cap"
                );
                if let Ok(refusal) = refusals.clone().try_acquire_owned() {
                    tokio::spawn(async move {
                        refuse::unavailable(stream).await;
                        drop(refusal);
                    });
                }
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a slot until it ends.
    let _ = slots.acquire_many(cap as u32).await;
    Ok(())
}
