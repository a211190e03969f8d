//! The `card!` and `message!` macros of [chat-card](https://docs.rs/chat-card). Use them
//! through the `chat-card` crate (`use chat_card::card;`); the language reference is the
//! `chat_card::language` module.
//!
//! # Layering
//!
//! The pipeline is a one-way line; each stage uses only the stages before it and the
//! leaves, never a later one (a unit test in `tests.rs` reads these files and holds them
//! to this order):
//!
//! 1. leaves, which use nothing else of this crate: `diag` (the wording of messages:
//!    "message + help", articles, JSON names in macro terms) and `ir` (the lowered tree
//!    and its span table, the data every later stage speaks);
//! 2. `parse`: tokens -> AST with spans;
//! 3. `lower`: AST -> `ir::Lowered`, keys and keywords resolved against the schema
//!    tables of `chat-card-core`, with control flow (`for` / `if` / `match`), field values
//!    and holes in strings inside it;
//! 4. `check`: the shared validator on the lowered tree, problems mapped back to spans
//!    through the span table, all reported together;
//! 5. `emit`: the lowered tree -> one `&'static str`, or a writer filling runtime holes.
//!
//! This file runs the line: parse, lower, check, emit.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;

mod check;
mod diag;
mod emit;
mod ir;
mod lower;
mod parse;
#[cfg(test)]
mod tests;

/// Builds a Chat message holding one card, checked at compile time.
///
/// Evaluates to `Result<chat_card::JsonMessage, chat_card::BuildError>`. The grammar,
/// with an example for every rule, is in the `chat_card::language` module.
///
/// ```ignore
/// let msg = card! {
///     header { title: "{host} unreachable" }
///     section "Details" {
///         text "<b>{host}</b> failed {failures} health checks"
///         buttons { button "Open dashboard" { link: "https://grafana.example.com/d/{host}" } }
///     }
/// }?;
/// ```
#[proc_macro]
pub fn card(input: TokenStream) -> TokenStream {
    expand(input.into(), Root::Card).into()
}

/// Builds a whole Chat message: text, cards, fallback text, thread key, checked at
/// compile time.
///
/// Evaluates to `Result<chat_card::JsonMessage, chat_card::BuildError>`. See the
/// `chat_card::language` module.
///
/// ```ignore
/// let msg = message! {
///     text: "Deploy of {service} finished",
///     thread_key: "deploy-{service}",
///     card "summary" { section { text "All checks passed" } }
/// }?;
/// ```
#[proc_macro]
pub fn message(input: TokenStream) -> TokenStream {
    expand(input.into(), Root::Message).into()
}

/// Builds the answer that opens a Chat dialog: its body is a card, where dialog-only
/// fields such as `fixed_footer` are valid (they stay errors in `card!` and `message!`).
///
/// Evaluates to `Result<chat_card::JsonMessage, chat_card::BuildError>` holding
/// `{"actionResponse": {"type": "DIALOG", "dialogAction": {"dialog": {"body": …}}}}`.
///
/// ```ignore
/// let answer = dialog! {
///     header "Add a contact"
///     section {
///         text_input "contactName" { label: "Name" }
///     }
///     fixed_footer { primary_button { text: "Review", color: "#1a73e8", action: "openConfirmation" } }
/// }?;
/// ```
#[proc_macro]
pub fn dialog(input: TokenStream) -> TokenStream {
    expand(input.into(), Root::Dialog).into()
}

#[derive(Clone, Copy)]
enum Root {
    Card,
    Message,
    Dialog,
}

fn expand(input: TokenStream2, root: Root) -> TokenStream2 {
    let body: parse::Body = match syn::parse2(input) {
        Ok(body) => body,
        Err(e) => return failed(vec![e]),
    };
    let lowered = match root {
        Root::Card => lower::card(&body),
        Root::Message => lower::message(&body),
        Root::Dialog => lower::dialog(&body),
    };
    let found = check::problems(&lowered.tree, &lowered.spans, &lowered.tainted);
    let mut errors = lowered.errors;
    errors.extend(found.errors);
    if !errors.is_empty() {
        return failed(errors);
    }
    match emit::emit(&lowered.tree) {
        Ok(tokens) if found.warnings.is_empty() => tokens,
        Ok(tokens) => {
            // Parts Chat accepts and ignores: compiler warnings on their tokens, so new
            // code sees them and `#![deny(warnings)]` can refuse them.
            let warnings = found
                .warnings
                .iter()
                .map(|(span, message)| emit::warning(*span, message));
            quote::quote! {{ #(#warnings)* #tokens }}
        }
        Err(errors) => failed(errors),
    }
}

fn failed(errors: Vec<syn::Error>) -> TokenStream2 {
    let mut iter = errors.into_iter();
    let Some(mut first) = iter.next() else {
        return emit::placeholder();
    };
    for e in iter {
        first.combine(e);
    }
    let errors = first.to_compile_error();
    let value = emit::placeholder();
    quote::quote! {{ #errors #value }}
}
