//! Validation with the shared validator of `chat-card-core`, mapped back to spans.
//!
//! Takes what lowering produced (the tree and its span table), never the lowering state.

use std::collections::HashSet;

use chat_card_core::tree::Origin;
use chat_card_core::validate::{RootKind, Rule, validate};

use crate::diag::{in_macro_terms, with_help};
use crate::ir::{LNode, Spans, branches, to_node};

/// What the shared validator found, at the tokens it came from.
#[derive(Default)]
pub struct Found {
    /// Problems Chat would refuse or draw broken: compile errors.
    pub errors: Vec<syn::Error>,
    /// Parts Chat accepts and ignores: compiler warnings on the tokens they came from.
    pub warnings: Vec<(proc_macro2::Span, String)>,
}

/// Every problem the shared validator finds in the lowered message `root`: errors and
/// warnings at the tokens (`spans`) they came from. Each alternative of an `if` /
/// `match` is validated (see [`to_node`]), and a problem found in several trees is
/// reported once. Problems about the `tainted` objects, whose lowering already failed,
/// are left out (they would repeat the lowering error, e.g. a missing `title` after an
/// unknown `titel`).
pub fn problems(root: &LNode, spans: &Spans, tainted: &HashSet<Origin>) -> Found {
    let mut seen = HashSet::new();
    let mut found = Found::default();
    let problems = (0..branches(root))
        .flat_map(|choice| validate(&to_node(root, choice), RootKind::Message))
        .filter(|p| !tainted.contains(&p.origin))
        .filter(|p| seen.insert((p.origin, p.message.clone())));
    for p in problems {
        let message = match &p.help {
            Some(help) => with_help(in_macro_terms(&p.message), in_macro_terms(help)),
            None => in_macro_terms(&p.message),
        };
        let span = spans.get(p.origin);
        if p.is_error() || writes_json_itself(p.rule) {
            found.errors.push(syn::Error::new(span, message));
        } else {
            found.warnings.push((span, message));
        }
    }
    found
}

/// Rules the macro enforces as errors although Chat only warns: Google's front end
/// tolerates a bool written as a string and one item for a list in JSON that others
/// wrote, but the macro writes the JSON itself, so it writes a real bool and a real list.
fn writes_json_itself(rule: Rule) -> bool {
    matches!(rule, Rule::BoolAsString | Rule::SingleForList)
}
