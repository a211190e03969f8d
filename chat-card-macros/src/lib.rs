//! The `card!` and `message!` macros of chat-card. Use them through the `chat-card` crate.

use proc_macro::TokenStream;

/// Builds a Chat message holding one card.
#[proc_macro]
pub fn card(input: TokenStream) -> TokenStream {
    let _ = input;
    "::core::compile_error!(\"card! is being written\")".parse().unwrap_or_default()
}

/// Builds a whole Chat message: text, cards, fallback text, thread key.
#[proc_macro]
pub fn message(input: TokenStream) -> TokenStream {
    let _ = input;
    "::core::compile_error!(\"message! is being written\")".parse().unwrap_or_default()
}
