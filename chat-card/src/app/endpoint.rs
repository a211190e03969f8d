//! The Chat app endpoint as axum parts (feature `app-axum`): [`ChatEvent`] verifies the
//! bearer token and parses the event; [`Reply`] answers with JSON.
//!
//! A request whose token does not verify, or that has more than one `Authorization`
//! header, gets `401` with a short JSON error
//! (`{"error": {"code": 401, "status": "UNAUTHENTICATED", "message": "token expired"}}`)
//! before its body is read; a verified request whose body is not an event gets `400`.
//! The router's state must provide a [`Verifier`] (`FromRef`).

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Event, Reply, Verified, Verifier, VerifyError};

/// A verified interaction event: the extractor of a Chat app handler.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ChatEvent {
    /// The event.
    pub event: Event,
    /// What verification found (the token's claims).
    pub verified: Verified,
}

/// Why a request was refused: 401 for verification, 400 for the body.
#[derive(Debug)]
pub enum Rejection {
    /// The token did not verify (401).
    Unverified(VerifyError),
    /// The body is not an interaction event (400).
    BadEvent(String),
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            Rejection::Unverified(e) => (
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                e.reason().to_owned(),
            ),
            Rejection::BadEvent(why) => (StatusCode::BAD_REQUEST, "INVALID_ARGUMENT", why.clone()),
        };
        let body = serde_json::json!({
            "error": {"code": status.as_u16(), "status": code, "message": message}
        });
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl<S> FromRequest<S> for ChatEvent
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        // Two `Authorization` headers are refused whether or not tokens are verified:
        // which one counts would depend on the reader.
        if req
            .headers()
            .get_all(header::AUTHORIZATION)
            .iter()
            .nth(1)
            .is_some()
        {
            let e = VerifyError::AmbiguousToken;
            tracing::info!("refused a Chat request: {e}");
            return Err(Rejection::Unverified(e));
        }
        let authorization = match req.headers().get(header::AUTHORIZATION) {
            None => None,
            Some(value) => Some(value.to_str().map_err(|_| {
                Rejection::Unverified(VerifyError::Malformed(
                    "the Authorization header is not ASCII",
                ))
            })?),
        };
        let verified = match verifier.verify_authorization(authorization).await {
            Ok(v) => v,
            Err(e) => {
                tracing::info!("refused a Chat request: {e}");
                return Err(Rejection::Unverified(e));
            }
        };
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|e| Rejection::BadEvent(format!("cannot read the body: {e}")))?;
        let event = Event::from_slice(&body).map_err(|e| Rejection::BadEvent(e.to_string()))?;
        Ok(ChatEvent { event, verified })
    }
}

impl IntoResponse for Reply {
    /// 200 with the JSON body (a static message is sent without a copy).
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "application/json")],
            axum::body::Body::from(self.into_cow()),
        )
            .into_response()
    }
}
