//! `for`, `if` and `match` wherever list items go: they produce items of one list.

use proc_macro2::Span;

use super::{Lowerer, SlotKey, else_parts, entry_span};
use crate::diag::with_help;
use crate::ir::Item;
use crate::parse::{Block, Body, Entry, IfEntry};

/// Where items go: an object body (several lists) or a body of union members.
pub(super) trait Ctx {
    /// Resolves a block to its list and lowers its items; `None` after reporting an error.
    fn block(&mut self, lw: &mut Lowerer, block: &Block) -> Option<(SlotKey, Vec<Item>)>;
    /// Names a list for messages.
    fn describe(&self, key: SlotKey) -> String;
}

/// Lowers one control-flow entry to the list it feeds and its item.
pub(super) fn control<C: Ctx>(
    lw: &mut Lowerer,
    ctx: &mut C,
    entry: &Entry,
) -> Option<(SlotKey, Item)> {
    match entry {
        Entry::For(f) => {
            let (key, body) = items(lw, ctx, &f.body, "for")?;
            let key = key.or_else(|| {
                lw.error(
                    f.span,
                    with_help(
                        "this `for` produces no items",
                        "put the widgets (or buttons, sections, …) to repeat inside its braces",
                    ),
                );
                None
            })?;
            Some((
                key,
                Item::For {
                    pat: f.pat.clone(),
                    expr: f.expr.clone(),
                    body,
                },
            ))
        }
        Entry::If(i) => {
            let (key, item) = if_item(lw, ctx, i)?;
            let key = key.or_else(|| {
                lw.error(
                    i.span,
                    with_help(
                        "this `if` produces no items",
                        "put the widgets (or buttons, sections, …) inside its braces",
                    ),
                );
                None
            })?;
            Some((key, item))
        }
        Entry::Match(m) => {
            let mut key: Option<SlotKey> = None;
            let mut arms = Vec::new();
            let mut ok = true;
            for arm in &m.arms {
                match items(lw, ctx, &arm.body, "match") {
                    Some((k, body)) => {
                        if !merge(lw, ctx, &mut key, k, arm.body.span, "match") {
                            ok = false;
                        }
                        arms.push((arm.pat.clone(), arm.guard.clone(), body));
                    }
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            let key = key.or_else(|| {
                lw.error(
                    m.span,
                    with_help(
                        "this `match` produces no items",
                        "put the widgets (or buttons, sections, …) inside its arms",
                    ),
                );
                None
            })?;
            Some((
                key,
                Item::Match {
                    expr: m.expr.clone(),
                    arms,
                },
            ))
        }
        Entry::Field(_) | Entry::Block(_) => None,
    }
}

fn if_item<C: Ctx>(lw: &mut Lowerer, ctx: &mut C, i: &IfEntry) -> Option<(Option<SlotKey>, Item)> {
    let (mut key, then) = items(lw, ctx, &i.then, "if")?;
    let otherwise = match &i.otherwise {
        None => None,
        Some(e) => {
            let (body, nested) = else_parts(e);
            let (k, its) = match (body, nested) {
                (Some(b), _) => items(lw, ctx, b, "if")?,
                (None, Some(n)) => {
                    let (k, item) = if_item(lw, ctx, n)?;
                    (k, vec![item])
                }
                (None, None) => (None, Vec::new()),
            };
            if !merge(lw, ctx, &mut key, k, i.span, "if") {
                return None;
            }
            Some(its)
        }
    };
    Some((
        key,
        Item::If {
            cond: i.cond.clone(),
            then,
            otherwise,
        },
    ))
}

/// Merges the list of a branch into the list of the whole construct.
fn merge<C: Ctx>(
    lw: &mut Lowerer,
    ctx: &C,
    key: &mut Option<SlotKey>,
    new: Option<SlotKey>,
    span: Span,
    what: &str,
) -> bool {
    match (*key, new) {
        (_, None) => true,
        (None, Some(k)) => {
            *key = Some(k);
            true
        }
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => {
            lw.error(
                span,
                with_help(
                    format!(
                        "all branches of one `{what}` must produce items of the same list, but this one produces {} and another {}",
                        ctx.describe(b),
                        ctx.describe(a)
                    ),
                    format!("use one `{what}` per list"),
                ),
            );
            false
        }
    }
}

/// The items of a control-flow body and the list they feed (`None` for an empty body).
fn items<C: Ctx>(
    lw: &mut Lowerer,
    ctx: &mut C,
    body: &Body,
    what: &str,
) -> Option<(Option<SlotKey>, Vec<Item>)> {
    let mut key: Option<SlotKey> = None;
    let mut out = Vec::new();
    let mut ok = true;
    let mut made = None;
    for (i, entry) in body.entries.iter().enumerate() {
        lw.note_bare(&body.entries, i, made);
        let produced = match entry {
            Entry::Field(field) => {
                lw.error(
                    field.key.span(),
                    with_help(
                        format!(
                            "a `{what}` can only produce list items (widgets, buttons, sections, …), not the field `{}:`",
                            field.key
                        ),
                        format!(
                            "write the field outside, with an expression for its value: `{}: if cond {{ a }} else {{ b }}`",
                            field.key
                        ),
                    ),
                );
                None
            }
            Entry::Block(block) => ctx.block(lw, block),
            _ => control(lw, ctx, entry).map(|(k, item)| (k, vec![item])),
        };
        match produced {
            Some((k, items)) => {
                if !merge(lw, ctx, &mut key, Some(k), entry_span(entry), what) {
                    ok = false;
                }
                out.extend(items);
            }
            None => ok = false,
        }
        made = lw.last_origin.take();
    }
    ok.then_some((key, out))
}
