//! Write Google Chat card messages in a compact syntax checked by the compiler, and
//! deliver them to a Chat space through an incoming webhook, reliably.
//!
//! See the crate README for a tour.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Lets `card!` (which names `::chat_card`) build cards inside this crate too.
extern crate self as chat_card;

// --- the card! and message! macros ---
pub use chat_card_macros::{card, dialog, message};
#[doc(hidden)]
pub mod __private;
mod build_error;
pub use build_error::BuildError;
mod web_url;
pub use web_url::{WebUrl, WebUrlError};
mod trusted;
pub use trusted::TrustedHtml;
pub mod language;
pub mod value;

// --- messages as validated JSON ---
mod json_message;
pub use json_message::JsonMessage;

// --- the typed serde model ---
pub mod model;

// --- checking JSON at runtime with the shared validator ---
pub mod check;

#[cfg(feature = "import")]
pub mod import;

// --- Google's error answers: read by the sender and the Chat API client, written by
// servers that speak Chat's protocol (the relay, the fake space, Chat-app endpoints) ---
pub mod google_status;

// --- serving a router with timeouts and a connection cap ---
#[cfg(feature = "serve")]
pub mod serve;

// --- errors shown with their causes ---
mod error_chain;
pub use error_chain::{Chain, error_chain};

// --- sending ---
pub mod webhook;
#[cfg(feature = "blocking")]
pub use webhook::BlockingSender;
pub use webhook::{
    ApiError, Delivery, FieldViolation, ReplyOption, RequestId, SendError, SendOptions, Sender,
    SenderBuildError, SenderBuilder, UrlError, WebhookUrl,
};
#[cfg(feature = "redis")]
pub use webhook::{PACING_LOG_TARGET, RedisUrlError, SharedPacing};

// --- the Chat API with app authentication ---
#[cfg(feature = "chat-api")]
pub mod chat_api;

// --- Chat apps: verified requests, typed events, replies ---
#[cfg(feature = "app")]
pub mod app;

// --- HTML preview of cards ---
#[cfg(feature = "preview")]
pub mod preview;
