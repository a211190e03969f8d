//! The lowered card: JSON with JSON keys, plus what only the emitter needs (runtime
//! expressions, control flow, runtime checks). [`to_node`] turns it into the shared
//! [`Node`] tree the validator reads. Data only: the stages after parsing all speak it,
//! and it uses nothing else of this crate.

use std::collections::HashSet;

use chat_card_core::schema::{FloatRule, IntRule, TextKind};
use chat_card_core::tree::{Array, Dynamic, Member, Node, Number, Origin, Template, Value};
use proc_macro2::Span;
use syn::{Expr, Pat};

/// Spans of the tokens nodes came from; an [`Origin`] is an index into it.
#[derive(Default)]
pub struct Spans {
    spans: Vec<Span>,
}

impl Spans {
    /// Records a span and returns its origin.
    pub fn add(&mut self, span: Span) -> Origin {
        let index = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
        if index < u32::MAX {
            self.spans.push(span);
        }
        Origin(index)
    }

    /// The span of an origin (the call site for unknown origins).
    pub fn get(&self, origin: Origin) -> Span {
        usize::try_from(origin.0)
            .ok()
            .and_then(|i| self.spans.get(i).copied())
            .unwrap_or_else(Span::call_site)
    }
}

/// What lowering hands to the later stages.
pub struct Lowered {
    /// The lowered message.
    pub tree: LNode,
    /// The span table the tree's origins index.
    pub spans: Spans,
    /// What could not be lowered at all (an unknown keyword, a value of a form no field
    /// takes).
    pub errors: Vec<syn::Error>,
    /// Objects whose body had a lowering error (validator problems about them are
    /// dropped: they would only repeat the lowering error).
    pub tainted: HashSet<Origin>,
}

/// A lowered value.
pub struct LNode {
    /// Where it came from.
    pub origin: Origin,
    /// What it is.
    pub kind: LKind,
}

/// A lowered value's kind.
pub enum LKind {
    /// `null` (used for values that failed to lower; never emitted).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (JSON text); `quoted` for int64 fields, written as JSON strings.
    Num {
        /// JSON text.
        text: String,
        /// Whether it is written as a string.
        quoted: bool,
    },
    /// A fully known string.
    Str(String),
    /// A string with holes.
    Template {
        /// The pieces.
        parts: Vec<Part>,
        /// How the holes are escaped.
        text: TextKind,
    },
    /// A whole value only known at runtime.
    Dyn {
        /// The expression.
        expr: Expr,
        /// Its kind.
        kind: DynKind,
        /// Where it is, for runtime messages.
        place: String,
    },
    /// An object.
    Object {
        /// Members in order.
        members: Vec<LMember>,
        /// Set on the card object of a `CardWithId`.
        card: Option<String>,
    },
    /// An array.
    Array {
        /// The items.
        items: Vec<Item>,
        /// The runtime check, when the list has control flow.
        check: ListInfo,
    },
}

/// A member of an object.
pub struct LMember {
    /// The JSON key.
    pub key: String,
    /// Where the key came from.
    pub key_origin: Origin,
    /// The value.
    pub value: LNode,
    /// Whether a shorthand created it (later shorthands merge into it).
    pub from_shorthand: bool,
}

/// A piece of a string literal with `format!`-style holes (see `lower::hole`).
pub enum Part {
    /// Literal text (braces already unescaped, JSON not yet escaped).
    Text(String),
    /// A hole: `{expr}` or `{expr:spec}`.
    Hole {
        /// The expression, its tokens spanned at the literal.
        expr: Expr,
        /// The format spec after `:` (`.1` in `{ratio:.1}`), if any.
        spec: Option<String>,
        /// The literal's span.
        span: Span,
        /// Where in a Chat-markup link the hole is (message text only).
        link: LinkPart,
    },
}

/// Where a hole of message text sits relative to Chat's `<…>` markup.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum LinkPart {
    /// Outside any `<…>`: plain message text.
    #[default]
    Outside,
    /// In the target of a link or mention, before `|` (`<https://x/{id}|…>`,
    /// `<users/{id}>`).
    Target,
    /// In the label of a link, after `|` (`<https://x|{label}>`).
    Label,
}

/// What a runtime value is.
#[derive(Clone, Copy, Debug)]
pub enum DynKind {
    /// Text escaped for its field.
    Text(TextKind),
    /// `trusted(…)` markup.
    Trusted,
    /// A whole `WebUrl`.
    Url,
    /// `bool`.
    Bool,
    /// An int32 field (any integer type; range checked when built).
    Int(IntRule),
    /// An int64 field, written as a JSON string.
    Int64,
    /// A float field (`f64` or `f32`; range checked when built).
    Float(FloatRule),
}

/// An item of an array.
pub enum Item {
    /// One value.
    Node(LNode),
    /// `for PAT in EXPR { items }`.
    For {
        /// The pattern.
        pat: Pat,
        /// The iterated expression.
        expr: Expr,
        /// The items of one iteration.
        body: Vec<Item>,
    },
    /// `if COND { items } else { items }`.
    If {
        /// The condition.
        cond: Expr,
        /// The items when true.
        then: Vec<Item>,
        /// The items when false.
        otherwise: Option<Vec<Item>>,
    },
    /// `match EXPR { PAT [if GUARD] => { items } }`.
    Match {
        /// The scrutinee.
        expr: Expr,
        /// The arms.
        arms: Vec<(Pat, Option<Expr>, Vec<Item>)>,
    },
}

/// What the runtime checks on a list with control flow.
#[derive(Clone, Debug)]
pub struct ListInfo {
    /// Where it is, for messages.
    pub place: String,
    /// What its items are.
    pub what: String,
    /// Fewest items.
    pub min: usize,
    /// Most items.
    pub max: Option<usize>,
    /// Why.
    pub why: String,
    /// Whether the items count as the card's widgets.
    pub widgets: bool,
}

impl Item {
    /// Whether the item is control flow.
    pub fn is_control(&self) -> bool {
        !matches!(self, Item::Node(_))
    }
}

/// Whether an array has control flow (its length is only known at runtime).
pub fn is_open(items: &[Item]) -> bool {
    items.iter().any(Item::is_control)
}

/// Converts to the validator's tree. Branches of `if` / `match` are alternatives, so one
/// tree holds one branch of each: branch `choice` (or the last one, when a construct has
/// fewer). Validating the trees for `choice` in `0..branches(node)` covers every branch
/// without ever putting two alternatives of one construct side by side.
pub fn to_node(node: &LNode, choice: usize) -> Node {
    let value = match &node.kind {
        LKind::Null => Value::Null,
        LKind::Bool(b) => Value::Bool(*b),
        LKind::Num {
            text,
            quoted: false,
        } => Value::Number(Number::from_json_text(text.clone())),
        LKind::Num { text, quoted: true } => Value::String(text.clone()),
        LKind::Str(s) => Value::String(s.clone()),
        LKind::Template { parts, .. } => {
            let mut sample = String::new();
            let mut holes = Vec::new();
            for part in parts {
                match part {
                    Part::Text(t) => sample.push_str(t),
                    Part::Hole { .. } => {
                        let start = sample.len();
                        sample.push('x');
                        holes.push(start..sample.len());
                    }
                }
            }
            Value::Template(Template { sample, holes })
        }
        LKind::Dyn { kind, .. } => Value::Dynamic(match kind {
            DynKind::Text(TextKind::Url) | DynKind::Url => Dynamic::Url,
            DynKind::Text(_) => Dynamic::Text,
            DynKind::Trusted => Dynamic::TrustedMarkup,
            DynKind::Bool => Dynamic::Bool,
            DynKind::Int(_) | DynKind::Int64 => Dynamic::Integer,
            DynKind::Float(_) => Dynamic::Float,
        }),
        LKind::Object { members, .. } => Value::Object(
            members
                .iter()
                .map(|m| Member {
                    key: m.key.clone(),
                    key_origin: m.key_origin,
                    value: to_node(&m.value, choice),
                })
                .collect(),
        ),
        LKind::Array { items, .. } => {
            let mut out = Vec::new();
            flatten(items, choice, &mut out);
            Value::Array(Array {
                items: out,
                open: is_open(items),
            })
        }
    };
    Node::new(value, node.origin)
}

fn flatten(items: &[Item], choice: usize, out: &mut Vec<Node>) {
    for item in items {
        match item {
            Item::Node(n) => out.push(to_node(n, choice)),
            Item::For { body, .. } => flatten(body, choice, out),
            Item::If { .. } | Item::Match { .. } => {
                let branches = branches_of(item);
                if let Some(branch) = branches.get(choice.min(branches.len().saturating_sub(1))) {
                    flatten(branch, choice, out);
                }
            }
        }
    }
}

/// The alternative item lists of an `if` chain (with an empty `else` when there is none)
/// or of a `match`.
fn branches_of(item: &Item) -> Vec<&[Item]> {
    let mut out: Vec<&[Item]> = Vec::new();
    match item {
        Item::If {
            then, otherwise, ..
        } => {
            out.push(then);
            match otherwise.as_deref() {
                None => out.push(&[]),
                Some([nested @ Item::If { .. }]) => out.extend(branches_of(nested)),
                Some(other) => out.push(other),
            }
        }
        Item::Match { arms, .. } => out.extend(arms.iter().map(|(_, _, body)| body.as_slice())),
        Item::Node(_) | Item::For { .. } => {}
    }
    out
}

/// How many trees [`to_node`] must build to cover every branch (at least 1).
pub fn branches(node: &LNode) -> usize {
    match &node.kind {
        LKind::Object { members, .. } => members
            .iter()
            .map(|m| branches(&m.value))
            .max()
            .unwrap_or(1),
        LKind::Array { items, .. } => items_branches(items),
        _ => 1,
    }
}

fn items_branches(items: &[Item]) -> usize {
    items
        .iter()
        .map(|item| match item {
            Item::Node(n) => branches(n),
            Item::For { body, .. } => items_branches(body),
            Item::If { .. } | Item::Match { .. } => {
                let alternatives = branches_of(item);
                let inner = alternatives
                    .iter()
                    .map(|b| items_branches(b))
                    .max()
                    .unwrap_or(1);
                alternatives.len().max(inner)
            }
        })
        .max()
        .unwrap_or(1)
        .max(1)
}
