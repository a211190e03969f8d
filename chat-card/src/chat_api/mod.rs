//! The Google Chat API with app authentication (feature `chat-api`): create messages,
//! then get, update and delete them by name — what an incoming webhook cannot do.
//!
//! - [`ServiceAccountKey`] reads the service account's JSON key (a path, or
//!   `GOOGLE_APPLICATION_CREDENTIALS`). Its `Debug` never shows the private key.
//! - The client signs a JWT grant (RS256, scope `chat.bot`, audience the key's
//!   `token_uri`, one hour) and exchanges it for an access token, which it caches and
//!   refreshes 60 s before expiry; concurrent calls share one refresh. A token Chat
//!   refuses (401) is replaced once. Tokens are never logged or printed.
//! - [`ChatApi`] is built on a [`Sender`](crate::Sender) and shares its per-space lanes,
//!   retries, backoff and error classification: one quota lane per space whichever way
//!   a message is sent.
//! - Messages are addressed by [`MessageName`]: `spaces/S/messages/M` with Chat's id, or
//!   `spaces/S/messages/client-…` with the id given at creation.
//!
//! ```no_run
//! use chat_card::chat_api::{ChatApi, MessageName, MessageUpdate};
//! use chat_card::{SendOptions, Sender, card};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let api = ChatApi::from_env(Sender::new()?)?;
//! let space = "spaces/AAAA".parse()?;
//! let alert = card! { header { title: "db-1 is down" } section { text "since 10:04" } }?;
//! api.create(&space, &alert, &SendOptions::new().message_id("client-db-1")).await?;
//! // later, in place:
//! let name = MessageName::client_assigned(&space, "client-db-1")?;
//! let resolved = card! { header { title: "db-1 is back" } section { text "resolved" } }?;
//! api.update(&name, &MessageUpdate::from_message(&resolved)?).await?;
//! # Ok(())
//! # }
//! ```

mod base;
mod call;
mod client;
mod credentials;
mod error;
mod message;
mod names;
mod token;

pub use base::DEFAULT_API_BASE;
pub use client::{ChatApi, ChatApiBuilder};
pub use credentials::{CREDENTIALS_ENV, DEFAULT_TOKEN_URI, ServiceAccountKey};
pub use error::{ChatApiError, CredentialsError, NameError, Operation, TokenError};
pub use message::{ChatMessage, MessageUpdate};
pub use names::{MessageName, SpaceName};
pub use token::{AccessToken, CHAT_BOT_SCOPE, JWT_BEARER_GRANT};
