//! The HTTP side of the fake space: routes and the request flow.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, RawQuery, State as AxState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::sync::broadcast;

use super::conn::ConnHandle;
use super::errors::GoogleError;
use super::state::{Query, State, Then, check_body};
use super::types::FakeEvent;

/// What every handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) events: broadcast::Sender<FakeEvent>,
    /// The Chat API side (never locked together with `state`).
    #[cfg(feature = "chat-api")]
    pub(crate) api: Mutex<super::api::ApiState>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[cfg(feature = "chat-api")]
    pub(crate) fn api(&self) -> MutexGuard<'_, super::api::ApiState> {
        self.api.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: FakeEvent) {
        // No subscriber is fine.
        let _ = self.events.send(event);
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let router = Router::new()
        .route("/", axum::routing::get(messages_page))
        .route("/v1/spaces/{space}/messages", post(create_message));
    #[cfg(feature = "chat-api")]
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
    let entries: Vec<crate::preview::PreviewEntry> = shared
        .lock()
        .deliveries
        .iter()
        .map(|m| crate::preview::PreviewEntry {
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
        crate::preview::messages_page(&entries),
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
    #[cfg_attr(not(feature = "chat-api"), allow(unused_mut))]
    let mut query = Query::parse(raw.as_deref());
    // A Chat app authenticates with a bearer token instead of the webhook key and token.
    #[cfg(feature = "chat-api")]
    if headers.contains_key(header::AUTHORIZATION) {
        if let Some(r) = super::api::refuse_bearer(&shared, &space, &headers, now) {
            return r;
        }
        query.app_auth = true;
    }
    #[cfg(not(feature = "chat-api"))]
    let _ = &headers;
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
            #[cfg(feature = "chat-api")]
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

/// A request let through the quota and the injected faults, up to its answer.
pub(crate) struct Admitted<'a> {
    shared: &'a Shared,
    space: &'a str,
    conn: &'a ConnHandle,
    index: usize,
    injected: bool,
    answer_delay: Option<Duration>,
    drop_after_processing: bool,
    _gone: Unfinished<'a>,
}

/// Records a request's arrival, applies the space's quota and any injected fault, and
/// waits out an injected delay. `Err` holds the answer when that ends the request.
pub(crate) async fn admit<'a>(
    shared: &'a Shared,
    space: &'a str,
    conn: &'a ConnHandle,
    query: &Query,
    now: Instant,
) -> Result<Admitted<'a>, Response> {
    let (index, action) = {
        let mut state = shared.lock();
        let index = state.arrive(space, query, now);
        (index, state.gate(space, query, now))
    };
    let injected = action.injected;
    // If the client goes away first, hyper drops this future: still mark the request done.
    let gone = Unfinished {
        shared,
        index,
        injected,
    };
    if let Some(delay) = action.delay {
        tokio::time::sleep(delay).await;
    }
    let admitted = Admitted {
        shared,
        space,
        conn,
        index,
        injected,
        answer_delay: action.answer_delay,
        drop_after_processing: matches!(action.then, Then::DropAfterProcessing),
        _gone: gone,
    };
    match action.then {
        Then::Normal | Then::DropAfterProcessing => Ok(admitted),
        Then::Error(e) => {
            admitted.finish(Some(e.http));
            Err(refuse(shared, space, e))
        }
        Then::Respond(status, text) => {
            admitted.finish(Some(status));
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Err((code, text).into_response())
        }
        Then::Drop => {
            admitted.finish(None);
            Err(drop_connection(shared, space, conn))
        }
    }
}

impl Admitted<'_> {
    /// Records the request's outcome (`None`: no answer).
    fn finish(&self, status: Option<u16>) {
        self.shared.lock().finish(self.index, status, self.injected);
    }

    /// Answers a processed request: a 200 with the JSON (after any injected answer delay,
    /// or a dropped connection if one was injected), or the error.
    pub(crate) async fn answer(self, result: Result<serde_json::Value, GoogleError>) -> Response {
        match result {
            Ok(answer) => {
                if let Some(delay) = self.answer_delay {
                    tokio::time::sleep(delay).await;
                }
                if self.drop_after_processing {
                    self.finish(None);
                    return drop_connection(self.shared, self.space, self.conn);
                }
                self.finish(Some(200));
                axum::Json(answer).into_response()
            }
            Err(e) => {
                self.finish(Some(e.http));
                refuse(self.shared, self.space, e)
            }
        }
    }
}

/// Marks a request as ended without an answer unless the handler recorded an outcome.
pub(crate) struct Unfinished<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) index: usize,
    pub(crate) injected: bool,
}

impl Drop for Unfinished<'_> {
    fn drop(&mut self) {
        self.shared.lock().finish_if_open(self.index, self.injected);
    }
}

pub(crate) fn refuse(shared: &Shared, space: &str, e: GoogleError) -> Response {
    shared.emit(FakeEvent::Refused {
        space: space.to_owned(),
        http: e.http,
        status: e.status.to_owned(),
        message: e.message.clone(),
    });
    e.into_response()
}

pub(crate) fn drop_connection(shared: &Shared, space: &str, conn: &ConnHandle) -> Response {
    shared.emit(FakeEvent::Dropped {
        space: space.to_owned(),
    });
    conn.kill();
    // Never written: the connection fails on the first write.
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
