//! One served connection: hyper with its header timeout, the router behind tower-http's
//! body and request timeouts, and a watchdog that closes the connection when it idles.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::http::{Request, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;
use tower::ServiceExt;
use tower_http::timeout::{RequestBodyTimeout, Timeout};

use super::ServeLimits;

/// What a connection task needs.
pub(super) struct Connection {
    pub(super) router: Router,
    pub(super) limits: Arc<ServeLimits>,
    /// Turns `true` when the server shuts down.
    pub(super) stopping: watch::Receiver<bool>,
}

impl Connection {
    /// Serves the connection until it ends, idles, or the server shuts down.
    pub(super) async fn run(mut self, stream: TcpStream) {
        let limits = self.limits.clone();
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Watched {
            inner: stream,
            activity: activity.clone(),
        });
        let app = Timeout::with_status_code(
            RequestBodyTimeout::new(self.router, limits.body_read_timeout),
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        );
        let busy = activity.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let in_flight = InFlight::enter(busy.clone());
            let app = app.clone();
            async move {
                let answer = app.oneshot(request).await;
                drop(in_flight);
                answer
            }
        });
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout);
        builder.http2().timer(TokioTimer::new());
        let connection = builder.serve_connection_with_upgrades(io, service);
        tokio::pin!(connection);

        let idle = limits.idle_timeout;
        let mut check_idle_at = activity.last() + idle;
        let mut closing_until: Option<Instant> = None;
        loop {
            tokio::select! {
                ended = connection.as_mut() => {
                    if let Err(e) = ended {
                        tracing::debug!(error = %e, "serve: connection closed");
                    }
                    return;
                }
                () = tokio::time::sleep_until(check_idle_at), if closing_until.is_none() => {
                    let now = Instant::now();
                    if activity.in_flight() > 0 {
                        check_idle_at = now + idle;
                    } else if now.duration_since(activity.last()) >= idle {
                        tracing::debug!("serve: closing an idle connection");
                        connection.as_mut().graceful_shutdown();
                        closing_until = Some(now + limits.request_timeout);
                    } else {
                        check_idle_at = activity.last() + idle;
                    }
                }
                _ = self.stopping.changed(), if closing_until.is_none() => {
                    connection.as_mut().graceful_shutdown();
                    closing_until = Some(Instant::now() + limits.request_timeout);
                }
                () = sleep_until_some(closing_until) => {
                    // The request in flight outlived its own timeout: drop the connection.
                    return;
                }
            }
        }
    }
}

/// Sleeps until the instant, or forever without one.
async fn sleep_until_some(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// When a connection last read or wrote a byte, and how many requests it is serving.
struct Activity {
    start: Instant,
    /// Milliseconds from `start` to the last byte read or written.
    last_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }

    fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }
}

/// A request being served; counted until dropped.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn enter(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A stream that records when bytes pass.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &polled
            && *n > 0
        {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = &polled
            && *n > 0
        {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
