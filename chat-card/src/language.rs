//! The `card!` and `message!` language reference.
#![doc = include_str!("language.md")]
