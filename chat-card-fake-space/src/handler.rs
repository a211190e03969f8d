//! The HTTP side of the fake space: routes and the request flow.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, RawQuery, State as AxState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::conn::ConnHandle;
use super::flow::{Shared, admit};
use super::state::{Query, check_body};
use super::types::FakeEvent;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let router = Router::new()
        .route("/", axum::routing::get(messages_page))
        .route("/v1/spaces/{space}/messages", post(create_message));
    let router = router.route("/token", post(super::api::token)).route(
        "/v1/spaces/{space}/messages/{message}",
        axum::routing::get(super::api::get_message)
            .patch(super::api::patch_message)
            .delete(super::api::delete_message),
    );
    router
        .fallback(not_found)
        // Bigger than Chat's limit, so oversize bodies get Chat's answer, not axum's.
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .with_state(shared)
}

/// The page at the root: every message received so far, grouped by space and thread and
/// drawn with the card preview; it refreshes itself as new ones arrive.
async fn messages_page(AxState(shared): AxState<Arc<Shared>>) -> Response {
    let entries: Vec<chat_card::preview::PreviewEntry> = shared
        .lock()
        .deliveries
        .iter()
        .map(|m| chat_card::preview::PreviewEntry {
            space: format!("spaces/{}", m.space),
            thread: Some(m.thread_name.clone()),
            json: m.body.to_string(),
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=UTF-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        chat_card::preview::messages_page(&entries),
    )
        .into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
        "<!DOCTYPE html><html><body><h1>Not Found</h1><p>The requested URL was not found on this \
         server. Webhook URLs look like /v1/spaces/SPACE/messages?key=KEY&amp;token=TOKEN.</p></body></html>",
    )
        .into_response()
}

async fn create_message(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    Path(space): Path<String>,
    RawQuery(raw): RawQuery,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let now = Instant::now();
    let mut query = Query::parse(raw.as_deref());
    // A Chat app authenticates with a bearer token instead of the webhook key and token.
    if headers.contains_key(header::AUTHORIZATION) {
        if let Some(r) = super::api::refuse_bearer(&shared, &space, &headers, now) {
            return r;
        }
        query.app_auth = true;
    }
    let admitted = match admit(&shared, &space, &conn, &query, now).await {
        Ok(a) => a,
        Err(response) => return response,
    };
    let object = match check_body(&body) {
        Ok(o) => o,
        Err(e) => return admitted.answer(Err(e)).await,
    };
    let posted = shared.lock().post(&space, &query, object, body.len(), now);
    match posted {
        Ok((answer, record)) => {
            shared.api().store(&answer);
            match record {
                Some(r) => shared.emit(FakeEvent::Delivered(r)),
                None => shared.emit(FakeEvent::Duplicate {
                    space: space.clone(),
                    name: answer
                        .get("name")
                        .and_then(|n| n.as_str())
                        .unwrap_or_default()
                        .to_owned(),
                }),
            }
            admitted.answer(Ok(answer)).await
        }
        Err(e) => admitted.answer(Err(e)).await,
    }
}
