//! The HTTP side: the webhook endpoint and the Alertmanager receiver, with the
//! operations endpoints of [`ops`](super::ops) merged in.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::incoming::{Credentials, Incoming, check_space, credentials_only};
use super::intake::{MAX_READ, accept, body_or_refusal, check_failed, refuse, stopping};
use super::notify::NotifyRoute;
use super::notify::accept::{Target, accept_notification, request_headers};
use super::ops::{self, Listener};
use super::route::RouteKind;
use super::shared::Shared;
use super::status::Status;

/// The public listener's routes: the webhook, the Alertmanager receiver, and the
/// operations endpoints served there (see [`ops`](super::ops)).
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/spaces/{space}/messages", post(create))
        .route("/alertmanager/{space}", post(alertmanager))
        .merge(super::hooks::routes())
        .merge(ops::routes(&shared, Listener::Public))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_READ))
        .with_state(shared)
}

/// The separate operations listener's routes.
pub(crate) fn ops_router(shared: Arc<Shared>) -> Router {
    ops::routes(&shared, Listener::Ops)
        .fallback(not_found)
        .with_state(shared)
}

async fn not_found() -> Response {
    Status::new(
        404,
        "NOT_FOUND",
        "unknown path: post messages to /v1/spaces/SPACE/messages?key=KEY&token=TOKEN (the \
         webhook URL with the relay's host), Alertmanager notifications to \
         /alertmanager/SPACE?key=KEY&token=TOKEN",
    )
    .into_response()
}

async fn create(
    State(shared): State<Arc<Shared>>,
    Path(space): Path<String>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Some(r) = stopping(&shared) {
        return r;
    }
    // Reading and validating the body is CPU work: it runs on the blocking pool, so a
    // burst of large bodies does not hold up `/healthz` or other requests.
    let checking = {
        let shared = Arc::clone(&shared);
        let (space, query) = (space.clone(), query.clone());
        tokio::task::spawn_blocking(move || {
            check_space(&space)
                .and_then(|()| body_or_refusal(body))
                .and_then(|body| Incoming::parse(&space, query.as_deref(), &body))
                .and_then(|m| {
                    m.credentials
                        .webhook_url(&shared.settings.upstream, &m.space)
                        .map(|_| m)
                })
        })
    };
    let incoming = checking.await.unwrap_or_else(|e| Err(check_failed(&e)));
    match incoming {
        Ok(m) => {
            let given = url::form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
                .any(|(name, _)| name == "requestId");
            if given
                && shared
                    .request_ids
                    .conflicts(&m.space, &m.request_id, &m.body)
            {
                tracing::warn!(
                    space = %m.space,
                    request_id = %m.request_id,
                    "relay: this requestId came lately with another message: Chat answers it \
                     with the first message and does not post this one; give each message its \
                     own requestId"
                );
            }
            accept(shared, m).await
        }
        Err(status) => refuse(&shared, status),
    }
}

async fn alertmanager(
    State(shared): State<Arc<Shared>>,
    Path(space): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Some(r) = stopping(&shared) {
        return r;
    }
    let target = body_or_refusal(body)
        .and_then(|body| alert_target(&shared, &space, query.as_deref()).map(|t| (t, body)));
    match target {
        Ok((target, body)) => {
            let headers = request_headers(&headers);
            let route = Arc::new(NotifyRoute::new("alertmanager", RouteKind::Alertmanager));
            accept_notification(shared, target, route, body, headers).await
        }
        Err(status) => refuse(&shared, status),
    }
}

/// Where the drop-in Alertmanager path's messages go: the space of the path with the
/// query's webhook credentials, or, with a Chat app, through the Chat API.
fn alert_target(shared: &Shared, space: &str, query: Option<&str>) -> Result<Target, Status> {
    let api = shared.has_chat_api();
    check_space(space)?;
    let credentials = match credentials_only(query) {
        Ok(c) if !api => {
            c.webhook_url(&shared.settings.upstream, space)?;
            c
        }
        // Posted as the relay's Chat app: webhook credentials are not needed.
        Ok(_) => Credentials::none(),
        Err(s) if api && s.http == 403 => Credentials::none(),
        Err(s) => return Err(s),
    };
    Ok(Target {
        space: space.to_owned(),
        credentials,
    })
}
