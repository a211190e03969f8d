//! The validator: every rule of a Chat card message over a [`Node`] tree.
//!
//! It reports every problem at once. Each [`Problem`] carries the JSON path of the
//! offending value, the [`Origin`] of the smallest offending token, what is wrong and
//! how to fix it. The rules come from the tables of [`crate::schema`]; only a few
//! cross-field rules (widget counts, card ids, collapse controls, sizes) are spelled out
//! here, in `rules`.

use crate::schema::{self, same_key};
use crate::tree::{Node, Origin};

mod ids;
mod rule;
mod rules;
mod scalar;
pub mod url;
mod walk;

pub use ids::{check_message_id, check_thread_key};
pub use rule::{Rule, RuleInfo, Severity};

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
    /// The rule that was broken (its code, severity and source are in [`Rule::info`]).
    pub rule: Rule,
    /// How bad it is: errors stop a message from being sent, warnings do not.
    pub severity: Severity,
    /// The JSON path of the offending value, like
    /// `cardsV2[0].card.sections[1].widgets[0].buttonList.buttons[0].onClick.openLink.url`.
    /// Empty for the root itself.
    pub path: String,
    /// Where the smallest offending token came from.
    pub origin: Origin,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it: a suggestion, the valid values, the right form.
    pub help: Option<String>,
}

/// Validates a whole message or a bare card, reporting every problem in the order the
/// checks meet them (members in document order; an object's missing fields after its
/// members).
///
/// ```
/// use chat_card_core::json::parse;
/// use chat_card_core::validate::{validate, RootKind};
/// let card = parse(r#"{"header": {"title": "Hi", "imageUrl": "/logo.png"}}"#).unwrap();
/// let problems = validate(&card, RootKind::Card);
/// assert_eq!(problems.len(), 1);
/// assert_eq!(problems[0].path, "header.imageUrl");
/// ```
pub fn validate(root: &Node, kind: RootKind) -> Vec<Problem> {
    let mut walker = walk::Walker::default();
    let def = match kind {
        RootKind::Message => &schema::MESSAGE,
        RootKind::Card => &schema::CARD,
    };
    walker.object(root, def, "");
    walker.problems
}

/// Guesses whether a tree is a whole message or a bare card: a card when it has card
/// keys (`header`, `sections`, ...) and no message keys (`text`, `cardsV2`, ...).
///
/// ```
/// use chat_card_core::json::parse;
/// use chat_card_core::validate::{detect_root, RootKind};
/// assert_eq!(detect_root(&parse(r#"{"sections": []}"#).unwrap()), RootKind::Card);
/// assert_eq!(detect_root(&parse(r#"{"text": "hi"}"#).unwrap()), RootKind::Message);
/// ```
pub fn detect_root(root: &Node) -> RootKind {
    let Some(members) = root.as_object() else {
        return RootKind::Message;
    };
    let in_card = |k: &str| schema::CARD.field(k).is_some();
    let in_message = |k: &str| schema::MESSAGE.field(k).is_some();
    let card_keys = members
        .iter()
        .filter(|m| in_card(&m.key) && !in_message(&m.key))
        .count();
    let message_keys = members
        .iter()
        .filter(|m| in_message(&m.key) && !in_card(&m.key))
        .count();
    if card_keys > 0 && message_keys == 0 {
        RootKind::Card
    } else {
        RootKind::Message
    }
}

impl Problem {
    /// Whether this problem stops the message (Chat would refuse it or show it broken).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The bool Google's front end reads from a string, as its C++ JSON parser does with
/// its legacy behaviour on (`absl::SimpleAtob`; `safe_strtob` in the older converter):
/// `true`, `t`, `yes`, `y`, `1` and `false`, `f`, `no`, `n`, `0`, in any case. `""` and
/// other words are refused.
///
/// ```
/// use chat_card_core::validate::bool_from_string;
/// assert_eq!(bool_from_string("Yes"), Some(true));
/// assert_eq!(bool_from_string("0"), Some(false));
/// assert_eq!(bool_from_string(""), None);
/// ```
pub fn bool_from_string(s: &str) -> Option<bool> {
    const TRUE: [&str; 5] = ["true", "t", "yes", "y", "1"];
    const FALSE: [&str; 5] = ["false", "f", "no", "n", "0"];
    if TRUE.iter().any(|t| t.eq_ignore_ascii_case(s)) {
        Some(true)
    } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(s)) {
        Some(false)
    } else {
        None
    }
}

/// `path.key`, or `key` at the root.
/// Records a problem of `rule` at `path`, with the rule's severity.
fn report(
    out: &mut Vec<Problem>,
    rule: Rule,
    path: &str,
    origin: Origin,
    message: impl Into<String>,
    help: Option<String>,
) {
    out.push(Problem {
        rule,
        severity: rule.severity(),
        path: path.to_string(),
        origin,
        message: message.into(),
        help,
    });
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether an object has a non-null member with this key (either spelling).
fn present(members: &[crate::tree::Member], key: &str) -> bool {
    members
        .iter()
        .any(|m| same_key(&m.key, key) && !matches!(m.value.value, crate::tree::Value::Null))
}
