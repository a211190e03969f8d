//! `POST /hooks/{route}`: the routes of the config file. Each request is checked by the
//! route's inbound check first (401 in Chat's error shape, nothing queued), then read as
//! the route's kind says and queued for the route's space. The table of routes is swapped
//! whole when the config is reloaded, so a request sees one config from start to end.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::hook_table::ActiveRoute;
use super::incoming::{Incoming, Op};
use super::intake;
use super::notify::accept::{Target, accept_notification};
use super::notify::template_headers;
use super::shared::Shared;
use super::status::Status;
use crate::auth;
use crate::route::RouteKind;

/// The routes of the public listener.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/hooks/{route}", post(hook))
}

async fn hook(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Some(r) = intake::stopping(&shared) {
        return r;
    }
    let Some(route) = shared.hooks.current().routes.get(&name).cloned() else {
        return Status::new(
            404,
            "NOT_FOUND",
            "no such route: the routes are the [routes.NAME] tables of the relay's config \
             file, posted to /hooks/NAME",
        )
        .into_response();
    };
    let body = match intake::body_or_refusal(body) {
        Ok(b) => b,
        Err(status) => return intake::refuse(&shared, status),
    };
    if let Err(refused) = auth::check(&route.config.auth, &headers, &body) {
        tracing::warn!(
            route = %route.name,
            check = route.config.auth.as_str(),
            reason = ?refused,
            "relay: refused a post to a route: its inbound check failed (answered 401)"
        );
        return Status::new(401, "UNAUTHENTICATED", refused.explain()).into_response();
    }
    match route.config.kind {
        RouteKind::Webhook => chat_message(shared, &route, query, body).await,
        _ => notification(shared, route, headers, body).await,
    }
}

/// A `webhook` route: the body is a Chat message, taken as the drop-in path takes it
/// (with its `threadKey`, `messageReplyOption`, `messageId` and `requestId` parameters).
async fn chat_message(
    shared: Arc<Shared>,
    route: &ActiveRoute,
    query: Option<String>,
    body: Bytes,
) -> Response {
    let (space, credentials, api) = route.target();
    let checking = tokio::task::spawn_blocking(move || {
        // The route's space gives the credentials: the query must not.
        let mut with_credentials = query.unwrap_or_default();
        if !with_credentials.is_empty() {
            with_credentials.push('&');
        }
        with_credentials.push_str("key=-&token=-");
        Incoming::parse(&space, Some(&with_credentials), &body).map(|mut m| {
            m.credentials = credentials;
            if api {
                m.op = Op::ApiCreate;
                m.message_id
                    .get_or_insert_with(|| format!("client-hook-{}", uuid::Uuid::new_v4()));
            }
            m
        })
    });
    match checking
        .await
        .unwrap_or_else(|e| Err(intake::check_failed(&e)))
    {
        Ok(m) => intake::accept(shared, m).await,
        Err(status) => intake::refuse(&shared, status),
    }
}

/// An `alertmanager` or `json` route: the body is rendered by the route's template (or
/// the built-in layout), de-duplicated, and its messages queued.
async fn notification(
    shared: Arc<Shared>,
    route: Arc<ActiveRoute>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (space, credentials, _) = route.target();
    // Names lower-cased, credential headers dropped: the template sees the rest.
    let headers = template_headers(
        headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))),
    );
    let target = Target { space, credentials };
    accept_notification(shared, target, Arc::clone(&route.notify), body, headers).await
}
