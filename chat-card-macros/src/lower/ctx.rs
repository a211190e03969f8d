//! The item contexts `for`, `if` and `match` feed: an object body (items go to one of
//! its lists) or a body of union members (`footer { … }`).

use chat_card_core::schema::{FieldDef, ListDef, ObjectDef, Ty, WIDGET};
use chat_card_core::suggest::closest as nearest;
use proc_macro2::Span;

use super::control::Ctx;
use super::lookup::{Dest, union_keywords, union_member, widget_alias};
use super::{Layer, Lowerer, SlotKey};
use crate::diag::{article, with_help};
use crate::ir::Item;
use crate::parse::{Block, Entry};

/// The item context of an object body (for `for` / `if` / `match`).
pub(super) struct ObjectCtx<'a> {
    pub(super) layers: &'a mut [Layer],
}

impl Ctx for ObjectCtx<'_> {
    fn block(&mut self, lw: &mut Lowerer, block: &Block) -> Option<(SlotKey, Vec<Item>)> {
        match lw.resolve(self.layers, block)? {
            Dest::Item {
                layer,
                field,
                shape,
                ..
            } => Some((
                SlotKey {
                    layer,
                    json: field.json,
                },
                lw.items_of(block, shape),
            )),
            Dest::Child { .. } => {
                lw.error(
                    block.keyword.span(),
                    with_help(
                        format!(
                            "`{}` is a single object, not a list item, so it cannot be produced by `for`, `if` or `match`",
                            block.keyword
                        ),
                        "choose its field values with expressions instead: `key: if cond { a } else { b }`",
                    ),
                );
                None
            }
        }
    }

    fn describe(&self, key: SlotKey) -> String {
        match slot_field(self.layers, key) {
            Some((field, _)) => field
                .keyword
                .map(|k| format!("`{k}` items"))
                .unwrap_or_else(|| "widgets".to_owned()),
            None => "items".to_owned(),
        }
    }
}

/// The item context of a body holding union members directly.
pub(super) struct UnionCtx {
    pub(super) union: &'static ObjectDef,
}

impl Ctx for UnionCtx {
    fn block(&mut self, lw: &mut Lowerer, block: &Block) -> Option<(SlotKey, Vec<Item>)> {
        let kw = block.keyword.to_string();
        let key = SlotKey { layer: 0, json: "" };
        let found = union_member(self.union, &kw).or_else(|| union_member(&WIDGET, &kw));
        match found {
            Some((member, def)) => Some((
                key,
                vec![Item::Node(lw.union_item(
                    self.union,
                    member,
                    def,
                    block.positional.as_ref(),
                    block.body.as_ref(),
                    block.keyword.span(),
                ))],
            )),
            None => {
                let candidates = union_keywords(self.union);
                let message = format!("unknown widget `{kw}` in {}", article(self.union.name));
                let help = match lw.runtime_positional_help(&kw) {
                    Some(help) => help,
                    None => match widget_alias(&kw, &candidates)
                        .or_else(|| nearest(&kw, candidates.iter().copied()))
                    {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("allowed here: {}", candidates.join(", ")),
                    },
                };
                lw.error(block.keyword.span(), with_help(message, help));
                None
            }
        }
    }

    fn describe(&self, _key: SlotKey) -> String {
        "widgets".to_owned()
    }
}

pub(super) fn slot_field(
    layers: &[Layer],
    key: SlotKey,
) -> Option<(&'static FieldDef, &'static ListDef)> {
    let layer = layers.get(key.layer)?;
    let field = layer.def.fields.iter().find(|f| f.json == key.json)?;
    match field.ty {
        Ty::List(list) => Some((field, list)),
        _ => None,
    }
}

/// The span an entry is reported at: its keyword, or its key for a field.
pub(super) fn entry_span(entry: &Entry) -> Span {
    match entry {
        Entry::For(f) => f.span,
        Entry::If(i) => i.span,
        Entry::Match(m) => m.span,
        Entry::Field(f) => f.key.span(),
        Entry::Block(b) => b.keyword.span(),
    }
}
