//! Validation with the shared validator of `chat-card-core`, mapped back to spans.

use chat_card_core::validate::{RootKind, validate};

use crate::ir::{LNode, to_node};
use crate::lower::Lowerer;

/// Every problem the shared validator finds in the lowered message, as errors at the
/// tokens they came from. Problems about objects whose lowering already failed are
/// left out (they would repeat the lowering error, e.g. a missing `title` after an
/// unknown `titel`).
pub fn problems(lw: &Lowerer, root: &LNode) -> Vec<syn::Error> {
    let tree = to_node(root);
    let mut seen = std::collections::HashSet::new();
    validate(&tree, RootKind::Message)
        .into_iter()
        .filter(|p| !lw.tainted.contains(&p.origin))
        .filter(|p| seen.insert((p.origin, p.message.clone())))
        .map(|p| {
            let message = match &p.help {
                Some(help) => format!("{}\nhelp: {help}", p.message),
                None => p.message.clone(),
            };
            syn::Error::new(lw.spans.get(p.origin), message)
        })
        .collect()
}
