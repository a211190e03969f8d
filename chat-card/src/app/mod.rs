//! Chat apps (feature `app`): check that a request comes from Google Chat, read its
//! interaction event, and answer it.
//!
//! - [`Verifier`] checks Chat's bearer token (signature, issuer, audience, expiry)
//!   against Google's published keys, for either authentication audience
//!   ([`Audience::ProjectNumber`] or [`Audience::EndpointUrl`]). Failures mean 401.
//! - [`Event`] is the interaction event, typed: `MESSAGE`, `ADDED_TO_SPACE`,
//!   `REMOVED_FROM_SPACE`, `CARD_CLICKED`, `APP_COMMAND`, slash commands, dialog steps,
//!   with accessors for the invoked function, its parameters and the form inputs.
//! - [`Reply`] is the answer: a message from `card!`/`message!` (new, updating,
//!   private), a dialog, a dialog's closing [`ActionStatus`], a configuration request,
//!   or autocomplete suggestions.
//! - With feature `app-axum`, [`endpoint::ChatEvent`] is an axum extractor that
//!   verifies and parses in one step, and [`Reply`] is an axum response.
//!
//! ```no_run
//! # #[cfg(feature = "app-axum")]
//! # mod demo {
//! use axum::{Router, routing::post};
//! use chat_card::app::endpoint::ChatEvent;
//! use chat_card::app::{Audience, EventType, Reply, Verifier};
//! use chat_card::message;
//!
//! async fn on_event(ChatEvent { event, .. }: ChatEvent) -> Result<Reply, String> {
//!     Ok(match event.kind {
//!         EventType::AddedToSpace => Reply::message(message! { text: "Thanks for adding me!" }.map_err(|e| e.to_string())?),
//!         _ => Reply::empty(),
//!     })
//! }
//!
//! # async fn serve() -> Result<(), Box<dyn std::error::Error>> {
//! let verifier = Verifier::new(Audience::project_number("1234567890")?)?;
//! let app = Router::new().route("/", post(on_event)).with_state(verifier);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! # }
//! ```

pub mod event;
pub mod response;
pub mod verify;

#[cfg(feature = "app-axum")]
pub mod endpoint;

pub use event::{DialogEventType, Event, EventError, EventType};
pub use response::{ActionStatus, MessageResponse, Reply, ReplyError, StatusCode, Suggestion};
pub use verify::{
    Audience, ChatClaims, ConfigError, Verified, Verifier, VerifierBuilder, VerifyError,
};
