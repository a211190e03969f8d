//! The request flow every fake-space handler goes through, webhook and Chat API alike:
//! the shared state, admission (arrival, quota, injected faults and delays) and the
//! answer (refusals, dropped connections). The handlers call it; it calls no handler.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

use super::conn::ConnHandle;
use super::errors::GoogleError;
use super::state::{Query, State, Then};
use super::types::FakeEvent;

/// What every handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) events: broadcast::Sender<FakeEvent>,
    /// The Chat API side (never locked together with `state`).
    pub(crate) api: Mutex<super::api::state::ApiState>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn api(&self) -> MutexGuard<'_, super::api::state::ApiState> {
        self.api.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn emit(&self, event: FakeEvent) {
        // No subscriber is fine.
        let _ = self.events.send(event);
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

#[cfg(test)]
mod tests {
    /// The webhook handler (`handler.rs`) and the Chat API handlers (`api/`) both call
    /// this module; neither this module nor the API handlers call the webhook handler.
    #[test]
    fn the_handlers_do_not_import_each_other() {
        let webhook = concat!("handler", "::");
        for (file, text) in [
            ("flow.rs", include_str!("flow.rs")),
            ("api/mod.rs", include_str!("api/mod.rs")),
        ] {
            assert!(!text.contains(webhook), "{file} uses the webhook handler");
        }
        let api = concat!("api", "::");
        let flow = include_str!("flow.rs");
        assert!(
            flow.lines()
                .filter(|l| l.contains(api))
                .all(|l| l.contains(concat!("api", "::state"))),
            "flow.rs uses the API handlers (only their state is shared)"
        );
    }
}
