//! The shared model of [chat-card](https://docs.rs/chat-card): the Google Chat card
//! vocabulary as data ([`schema`]), the value tree checks run on ([`tree`]), the one
//! validator both the `card!` macro and the runtime use ([`validate`]), a JSON reader that
//! keeps positions ([`json`]) and finds their lines and columns ([`lines`]), the escaping
//! rules for text, markup and URLs ([`escape`]), and the wording every message shares
//! ([`wording`]).
//!
//! Users depend on `chat-card`, which re-exports what they need; this crate exists so that
//! the proc macro and the runtime apply the same rules from the same tables.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod escape;
pub mod json;
pub mod lines;
pub mod markup;
pub mod schema;
pub mod suggest;
pub mod tree;
pub mod validate;
pub mod wording;
