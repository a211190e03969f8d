//! The operations endpoints: `GET /healthz` (open everywhere), `GET /metrics`,
//! `GET /relay/dead` (the dead letters, message bodies included, a page at a time) and
//! `GET /relay/template-failures` (route templates that failed; served like the dead
//! letters).
//!
//! Where they are served: with [`ops_listen`](crate::RelayBuilder::ops_listen), on that
//! address only (the public listener keeps `/healthz`); otherwise on the public listener,
//! where `/relay/dead` is served only when an operations token is set. With a token
//! ([`ops_token`](crate::RelayBuilder::ops_token)), `/metrics` and `/relay/dead` need
//! `Authorization: Bearer TOKEN` wherever they are served.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::metrics::CONTENT_TYPE;
use super::queue::{DeadPage, now_ms};
use super::shared::Shared;
use super::status::Status;

/// The page size of `GET /relay/dead` without `limit`.
pub const DEFAULT_DEAD_PAGE: usize = 100;

/// The largest page `GET /relay/dead?limit=N` returns.
pub const MAX_DEAD_PAGE: usize = 1000;

/// Which listener a router serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Listener {
    /// The public listener (webhooks and Alertmanager).
    Public,
    /// The separate operations listener.
    Ops,
}

/// The operations routes of `listener`.
pub(crate) fn routes(shared: &Shared, listener: Listener) -> Router<Arc<Shared>> {
    let router = Router::new().route("/healthz", get(healthz));
    let separate = shared.settings.ops.listen.is_some();
    match listener {
        Listener::Public if separate => router,
        Listener::Public if shared.settings.ops.token.is_none() => router
            .route("/metrics", get(metrics))
            .route("/relay/dead", get(dead_not_served))
            .route("/relay/template-failures", get(dead_not_served)),
        _ => router
            .route("/metrics", get(metrics))
            .route("/relay/dead", get(dead))
            .route("/relay/template-failures", get(template_failures)),
    }
}

/// `None` when the request may read the protected endpoints, otherwise the 401 answer.
fn refuse_unauthorized(shared: &Shared, headers: &HeaderMap) -> Option<Response> {
    let token = shared.settings.ops.token.as_ref()?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if same_secret(given.as_bytes(), token.as_bytes()) {
        return None;
    }
    let mut response = Status::new(
        401,
        "UNAUTHENTICATED",
        "this endpoint needs the relay's operations token: send `Authorization: Bearer TOKEN` \
         with the token of --ops-token-file",
    )
    .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer"),
    );
    Some(response)
}

/// Compares two secrets in time that depends on their lengths only.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn healthz(State(shared): State<Arc<Shared>>) -> Response {
    let stopping = *shared.stop.borrow();
    let checked = {
        let shared = Arc::clone(&shared);
        tokio::task::spawn_blocking(move || shared.queue.check()).await
    };
    let problem = match checked {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e.to_string()),
        Err(e) => Some(format!("the queue check failed: {e}")),
    };
    if let Some(problem) = &problem {
        tracing::error!(error = %problem, "relay: unhealthy: the queue cannot be used");
    }
    let status = match (&problem, stopping) {
        (Some(_), _) => "queue-unavailable",
        (None, true) => "stopping",
        (None, false) => "ok",
    };
    let code = if status == "ok" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut body = json!({ "status": status, "queued": shared.queue.queued() });
    if let Some(problem) = problem {
        body["error"] = json!(problem);
    }
    (code, axum::Json(body)).into_response()
}

async fn metrics(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(r) = refuse_unauthorized(&shared, &headers) {
        return r;
    }
    let (queued, oldest) = {
        let shared = Arc::clone(&shared);
        tokio::task::spawn_blocking(move || {
            if shared.queue.shared() {
                match shared.queue.space_stats() {
                    Ok(stats) => shared.metrics.set_spaces(stats, now_ms()),
                    Err(e) => tracing::warn!(error = %e, "relay: cannot read the spaces' queues"),
                }
            }
            (shared.queue.queued(), shared.queue.oldest_ms())
        })
        .await
        .unwrap_or((0, Ok(None)))
    };
    let age = match oldest {
        Ok(Some(ms)) => {
            Duration::from_millis(u64::try_from(now_ms().saturating_sub(ms)).unwrap_or(0))
                .as_secs_f64()
        }
        _ => 0.0,
    };
    (
        [(header::CONTENT_TYPE, CONTENT_TYPE)],
        shared.metrics.render(queued, age, shared.active_spaces()),
    )
        .into_response()
}

async fn dead_not_served() -> Response {
    Status::new(
        404,
        "NOT_FOUND",
        "the dead-letter list holds message bodies and is not served on this listener without \
         an operations token: start the relay with --ops-token-file (then send \
         `Authorization: Bearer TOKEN`) or --ops-listen (a separate address for /metrics and \
         /relay/dead)",
    )
    .into_response()
}

/// Reads `limit` and `before` of `GET /relay/dead`.
fn dead_page(query: Option<&str>) -> Result<DeadPage, Status> {
    let mut page = DeadPage {
        limit: DEFAULT_DEAD_PAGE,
        before: None,
    };
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let id = || {
            Status::invalid_argument(
                "before",
                format!(
                    "`before` must be a dead letter's id (a whole number from 1 to {}), e.g. \
                     the `nextBefore` of the previous page",
                    i64::MAX
                ),
            )
        };
        match name.as_ref() {
            "limit" => {
                let n = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_DEAD_PAGE).contains(n))
                    .ok_or_else(|| {
                        Status::invalid_argument(
                            "limit",
                            format!("`limit` must be a whole number from 1 to {MAX_DEAD_PAGE}"),
                        )
                    })?;
                page.limit = n;
            }
            "before" => {
                let before = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(id)?;
                page.before = Some(before);
            }
            _ => {
                return Err(Status::invalid_argument(
                    "",
                    "unknown query parameter; /relay/dead takes limit and before",
                ));
            }
        }
    }
    Ok(page)
}

/// `GET /relay/template-failures`: the latest route templates that failed (the built-in
/// layout was sent instead), newest first, served beside the dead letters.
async fn template_failures(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(r) = refuse_unauthorized(&shared, &headers) {
        return r;
    }
    axum::Json(json!({ "failures": shared.metrics.template_failures() })).into_response()
}

async fn dead(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(r) = refuse_unauthorized(&shared, &headers) {
        return r;
    }
    let page = match dead_page(query.as_deref()) {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let list = {
        let shared = Arc::clone(&shared);
        tokio::task::spawn_blocking(move || shared.queue.dead_letters(page)).await
    };
    match list {
        Ok(Ok(list)) => {
            let mut body = json!({ "deadLetters": list });
            if let Some(last) = list.last().filter(|_| list.len() == page.limit) {
                body["nextBefore"] = json!(last.id);
            }
            axum::Json(body).into_response()
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "relay: cannot read the dead-letter list");
            Status::new(503, "UNAVAILABLE", "the dead-letter list could not be read")
                .into_response()
        }
        Err(_) => Status::new(503, "UNAVAILABLE", "the dead-letter list could not be read")
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_and_bounded() {
        assert_eq!(
            dead_page(Some("limit=5&before=9")).expect("valid"),
            DeadPage {
                limit: 5,
                before: Some(9)
            }
        );
        assert_eq!(dead_page(None).expect("valid").limit, DEFAULT_DEAD_PAGE);
        for bad in [
            "limit=0",
            "limit=1001",
            "limit=-1",
            "limit=18446744073709551616",
            "before=0",
            "before=x",
            "other=1",
        ] {
            assert_eq!(dead_page(Some(bad)).expect_err(bad).http, 400, "{bad}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"ab", b"abc"));
    }
}
