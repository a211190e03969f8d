//! The fake Chat API (features `fake-space` + `chat-api`): a token endpoint that verifies
//! service-account grants, bearer-token checks, and get / patch / delete of the messages
//! the space holds.
//!
//! - `POST /token`: verifies the JWT grant's RS256 signature against a public key
//!   registered with [`FakeSpace::add_service_account`](super::FakeSpace::add_service_account),
//!   its `iss`, `aud` (this endpoint's URL), `scope` (`chat.bot`) and times; issues a
//!   bearer token that lives [`FakeSpaceBuilder::token_lifetime`](super::FakeSpaceBuilder::token_lifetime).
//! - `POST /v1/spaces/{space}/messages` with `Authorization: Bearer …` instead of
//!   `key`/`token`: the webhook flow (quota, faults, validation, threads, `requestId`,
//!   `messageId`); any space is joined on first use.
//! - `GET`, `PATCH` (`updateMask`, `allowMissing`) and `DELETE`
//!   `/v1/spaces/{space}/messages/{message}`, by Chat's id or the client-assigned id:
//!   404 `NOT_FOUND` for unknown names. Writes share the space's quota with creates.

pub(crate) mod state;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

pub(crate) use state::ApiState;
pub use state::{MessageDeleteRecord, MessageUpdateRecord, TokenGrant};

use super::conn::ConnHandle;
use super::errors::GoogleError;
use super::flow::{Shared, admit, refuse};
use super::state::{Query, check_body};

/// The `Authorization` header's value.
pub(crate) fn authorization(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
}

/// `POST /token`.
pub(crate) async fn token(AxState(shared): AxState<Arc<Shared>>, body: Bytes) -> Response {
    let result = shared.api().grant(&body);
    match result {
        Ok((token, expires_in)) => axum::Json(json!({
            "access_token": token,
            "expires_in": expires_in,
            "token_type": "Bearer",
        }))
        .into_response(),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({ "error": e.error, "error_description": e.description })),
        )
            .into_response(),
    }
}

/// The bearer check of an API request: `Some(answer)` when refused. Refusals are
/// recorded as requests.
pub(crate) fn refuse_bearer(
    shared: &Shared,
    space: &str,
    headers: &HeaderMap,
    now: Instant,
) -> Option<Response> {
    let checked = shared.api().check_bearer(authorization(headers), now);
    let e = checked.err()?;
    let mut state = shared.lock();
    let index = state.arrive(space, &Query::default(), now);
    state.finish(index, Some(e.http), false);
    drop(state);
    Some(refuse(shared, space, e))
}

/// `GET /v1/spaces/{space}/messages/{message}` (reads are not paced).
pub(crate) async fn get_message(
    AxState(shared): AxState<Arc<Shared>>,
    Path((space, message)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let now = Instant::now();
    if let Some(r) = refuse_bearer(&shared, &space, &headers, now) {
        return r;
    }
    let requested = format!("spaces/{space}/messages/{message}");
    let found = shared.api().message(&requested);
    match found {
        Some(m) => axum::Json(m).into_response(),
        None => refuse(&shared, &space, state::not_found(&requested)),
    }
}

/// What a write does once through the gate.
enum Write {
    Patch { mask: String, allow_missing: bool },
    Delete,
}

/// `PATCH /v1/spaces/{space}/messages/{message}`.
pub(crate) async fn patch_message(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    Path((space, message)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut mask = String::new();
    let mut allow_missing = false;
    for (k, v) in url::form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        match k.as_ref() {
            "updateMask" => mask = v.into_owned(),
            "allowMissing" => allow_missing = v == "true",
            _ => {}
        }
    }
    let write = Write::Patch {
        mask,
        allow_missing,
    };
    write_message(&shared, &conn, &space, &message, &headers, write, &body).await
}

/// `DELETE /v1/spaces/{space}/messages/{message}`.
pub(crate) async fn delete_message(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    Path((space, message)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    write_message(
        &shared,
        &conn,
        &space,
        &message,
        &headers,
        Write::Delete,
        &[],
    )
    .await
}

async fn write_message(
    shared: &Shared,
    conn: &ConnHandle,
    space: &str,
    message: &str,
    headers: &HeaderMap,
    write: Write,
    body: &[u8],
) -> Response {
    let now = Instant::now();
    if let Some(r) = refuse_bearer(shared, space, headers, now) {
        return r;
    }
    let query = Query {
        app_auth: true,
        ..Query::default()
    };
    let admitted = match admit(shared, space, conn, &query, now).await {
        Ok(a) => a,
        Err(response) => return response,
    };
    let requested = format!("spaces/{space}/messages/{message}");
    let result = match write {
        Write::Delete => shared.api().delete(&requested).map(|()| json!({})),
        Write::Patch {
            mask,
            allow_missing,
        } => patch(
            shared,
            space,
            message,
            &requested,
            &mask,
            allow_missing,
            body,
            now,
        ),
    };
    admitted.answer(result).await
}

#[allow(clippy::too_many_arguments)]
fn patch(
    shared: &Shared,
    space: &str,
    message: &str,
    requested: &str,
    mask: &str,
    allow_missing: bool,
    body: &[u8],
    now: Instant,
) -> Result<Value, GoogleError> {
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) if o.is_empty() => o,
        Ok(Value::Object(_)) => check_body(body)?,
        _ => {
            return Err(GoogleError::new(
                400,
                "INVALID_ARGUMENT",
                "Invalid JSON payload received: the body must be a Message object.",
            ));
        }
    };
    let exists = shared.api().resolve(requested).is_some();
    if !exists && allow_missing {
        if !message.starts_with("client-") {
            return Err(GoogleError::new(
                400,
                "INVALID_ARGUMENT",
                "allowMissing needs a client-assigned message id (spaces/SPACE/messages/client-…).",
            ));
        }
        let query = Query {
            app_auth: true,
            message_id: Some(message.to_owned()),
            ..Query::default()
        };
        let checked = check_body(body)?;
        let posted = shared.lock().post(space, &query, checked, body.len(), now);
        let (answer, _) = posted?;
        shared
            .api()
            .record_created_by_patch(&answer, requested, mask, &object);
        return Ok(answer);
    }
    shared.api().patch(requested, mask, &object)
}
