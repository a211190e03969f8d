//! AST -> lowered card ([`Lowered`]): keys, keywords, positional values and shorthands
//! are resolved against the schema tables of `chat-card-core`. Nothing here checks the
//! rules of a valid card (that is the shared validator's job); lowering only reports what
//! it cannot translate at all (an unknown keyword, a value of a form no field takes).
//!
//! Inside: [`lookup`] (where a key or keyword goes in the tables), [`field`] (a
//! `key: value` entry), [`ctx`] and [`control`] (`for` / `if` / `match` and the list
//! they feed), [`value`] (field values), [`hole`] (holes in string literals) and [`roots`]
//! (the card, dialog and message each macro starts from). The [`Lowerer`] state stays in
//! here: later stages get the [`Lowered`] result.

use std::collections::HashSet;

use chat_card_core::schema::{
    CARD, CARD_WITH_ID, FieldDef, ListDef, MESSAGE, ObjectDef, SECTION, Ty, snake_case,
};
use chat_card_core::tree::Origin;
use proc_macro2::Span;

use crate::diag::{article, with_help};
use crate::ir::{Item, LKind, LMember, LNode, ListInfo, Lowered, Spans};
use crate::parse::{Block, Body, Entry, ValueAst};

mod control;
mod ctx;
mod field;
mod hole;
mod lookup;
mod roots;
mod value;

use ctx::{ObjectCtx, UnionCtx, entry_span, slot_field};
use lookup::*;

pub use roots::{card, dialog, message};

#[cfg(test)]
pub(crate) use hole::split;

/// The lowering state: spans, errors, and where we are (for runtime messages).
struct Lowerer {
    /// The span table origins index.
    spans: Spans,
    /// Problems found while lowering.
    errors: Vec<syn::Error>,
    /// Objects whose body had a lowering error.
    tainted: HashSet<Origin>,
    places: Vec<String>,
    cards: usize,
    /// The keyword of the entry before the one being lowered, when it stood alone
    /// (`item` in `item c`): for the hint about runtime positional values.
    bare_keyword: Option<String>,
    /// The object that lone keyword made.
    bare_origin: Option<Origin>,
    /// The object lowered last (by `object` or `union_item`).
    last_origin: Option<Origin>,
}

/// One object being built; a block may fill two (a card and its `CardWithId`, a widget
/// and its union wrapper).
struct Layer {
    def: &'static ObjectDef,
    members: Vec<LMember>,
    lists: Vec<Slot>,
}

/// The items going to one list field.
struct Slot {
    field: &'static FieldDef,
    list: &'static ListDef,
    key_origin: Origin,
    items: Vec<Item>,
}

/// Which list of which layer an item goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
struct SlotKey {
    layer: usize,
    json: &'static str,
}

impl Lowerer {
    /// A fresh lowerer.
    fn new() -> Self {
        Lowerer {
            spans: Spans::default(),
            errors: Vec::new(),
            tainted: HashSet::new(),
            places: Vec::new(),
            cards: 0,
            bare_keyword: None,
            bare_origin: None,
            last_origin: None,
        }
    }

    /// The result, handed to the later stages.
    fn finish(self, tree: LNode) -> Lowered {
        Lowered {
            tree,
            spans: self.spans,
            errors: self.errors,
            tainted: self.tainted,
        }
    }

    fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message.to_string()));
    }

    fn place(&self) -> String {
        let mut parts: Vec<&str> = self.places.iter().rev().map(String::as_str).collect();
        parts.dedup();
        parts.join(" of ")
    }

    /// Lowers `keyword [positional] [{ body }]` for an object of kind `def`.
    fn object(
        &mut self,
        def: &'static ObjectDef,
        positional: Option<&ValueAst>,
        body: Option<&Body>,
        keyword: Span,
    ) -> LNode {
        let origin = self.spans.add(keyword);
        let mut layers = vec![Layer::new(def)];
        let is_card = std::ptr::eq(def, &CARD_WITH_ID);
        let is_section = std::ptr::eq(def, &SECTION);
        if is_card {
            layers.push(Layer::new(&CARD));
        }
        let mut pushed = false;
        if is_card && !self.places.iter().any(|p| p == "the card") {
            self.cards += 1;
            let name = match positional {
                Some(ValueAst::Str(s)) if !s.value().contains('{') => {
                    format!("card \"{}\"", s.value())
                }
                _ => match body.and_then(|b| static_field(b, "id")) {
                    Some(id) => format!("card \"{id}\""),
                    None => format!("card {}", self.cards),
                },
            };
            self.places.push(name);
            pushed = true;
        } else if is_section {
            let name = match positional {
                Some(ValueAst::Str(s)) if !s.value().contains('{') => {
                    format!("section \"{}\"", s.value())
                }
                _ => "a section".to_owned(),
            };
            self.places.push(name);
            pushed = true;
        }
        let card_name = if is_card {
            self.places.last().cloned()
        } else {
            None
        };
        self.fill(&mut layers, origin, positional, body);
        let node = if is_card {
            let mut outer = self.assemble(layers.remove(0), origin, None);
            let inner = self.assemble(layers.remove(0), origin, card_name);
            if let LKind::Object { members, .. } = &mut outer.kind {
                members.push(LMember {
                    key: "card".to_owned(),
                    key_origin: origin,
                    value: inner,
                    from_shorthand: false,
                });
            }
            outer
        } else {
            let layer = layers.remove(0);
            self.assemble(layer, origin, None)
        };
        if pushed {
            self.places.pop();
        }
        self.last_origin = Some(origin);
        node
    }

    /// Lowers a union item: a widget keyword and its body, wrapped in the union object.
    fn union_item(
        &mut self,
        union: &'static ObjectDef,
        member: &'static FieldDef,
        def: &'static ObjectDef,
        positional: Option<&ValueAst>,
        body: Option<&Body>,
        keyword: Span,
    ) -> LNode {
        let origin = self.spans.add(keyword);
        let mut layers = vec![Layer::new(def), Layer::new(union)];
        self.fill(&mut layers, origin, positional, body);
        let outer_layer = layers.remove(1);
        let inner = self.assemble(layers.remove(0), origin, None);
        let mut outer = self.assemble(outer_layer, origin, None);
        if let LKind::Object { members, .. } = &mut outer.kind {
            members.insert(
                0,
                LMember {
                    key: member.json.to_owned(),
                    key_origin: origin,
                    value: inner,
                    from_shorthand: false,
                },
            );
        }
        self.last_origin = Some(origin);
        outer
    }

    /// Fills an item's layers from its positional value and its body; marks `origin`
    /// tainted when that reported an error.
    fn fill(
        &mut self,
        layers: &mut [Layer],
        origin: Origin,
        positional: Option<&ValueAst>,
        body: Option<&Body>,
    ) {
        let errors_before = self.errors.len();
        if let Some(value) = positional {
            self.positional(layers, value);
        }
        if let Some(body) = body {
            let mut made = None;
            for (i, entry) in body.entries.iter().enumerate() {
                self.note_bare(&body.entries, i, made);
                self.entry(layers, entry);
                made = self.last_origin.take();
            }
        }
        if self.errors.len() > errors_before {
            self.tainted.insert(origin);
        }
    }

    fn positional(&mut self, layers: &mut [Layer], value: &ValueAst) {
        let found = layers.iter().enumerate().find_map(|(i, l)| {
            l.def
                .positional
                .and_then(|p| l.def.field(p))
                .map(|f| (i, f))
        });
        match found {
            Some((i, field)) => {
                let key_origin = self.spans.add(value.span());
                let node = self.value(value, field.ty, &snake_case(field.json));
                layers[i].members.push(LMember {
                    key: field.json.to_owned(),
                    key_origin,
                    value: node,
                    from_shorthand: false,
                });
            }
            None if layers.first().is_some_and(|l| l.def.fields.is_empty()) => {
                let name = layers.first().map(|l| l.def.name).unwrap_or("object");
                self.error(
                    value.span(),
                    with_help(
                        format!("{} takes no value and has no fields", article(name)),
                        "write the keyword alone",
                    ),
                );
            }
            None => {
                let name = layers.first().map(|l| l.def.name).unwrap_or("object");
                self.error(
                    value.span(),
                    with_help(
                        format!("a {name} takes no value after its keyword"),
                        "put its fields in braces: `keyword { key: value }`",
                    ),
                );
            }
        }
    }

    fn assemble(&mut self, layer: Layer, origin: Origin, card: Option<String>) -> LNode {
        let mut members = layer.members;
        let place = self.place();
        for slot in layer.lists {
            let check = self.list_info(layer.def, slot.field, slot.list, &place);
            members.push(LMember {
                key: slot.field.json.to_owned(),
                key_origin: slot.key_origin,
                value: LNode {
                    origin: slot.key_origin,
                    kind: LKind::Array {
                        items: slot.items,
                        check,
                    },
                },
                from_shorthand: false,
            });
        }
        LNode {
            origin,
            kind: LKind::Object { members, card },
        }
    }

    fn list_info(
        &self,
        owner: &'static ObjectDef,
        field: &FieldDef,
        list: &ListDef,
        place: &str,
    ) -> ListInfo {
        let of_widgets = matches!(list.item, Ty::Object(d) if d.holds_widget_kind());
        let what = match field.keyword {
            Some(k) if !of_widgets => format!("{k}s"),
            _ => snake_case(field.json).replace('_', " "),
        };
        let section_like = std::ptr::eq(owner, &SECTION)
            || std::ptr::eq(owner, &CARD)
            || std::ptr::eq(owner, &MESSAGE);
        let place = if place.is_empty() {
            "the message".to_owned()
        } else if section_like {
            place.to_owned()
        } else {
            format!("the {} in {place}", owner.name)
        };
        ListInfo {
            place,
            what,
            min: list.min,
            max: list.max,
            why: list.why.to_owned(),
            widgets: std::ptr::eq(owner, &SECTION) && field.json == "widgets",
        }
    }

    fn entry(&mut self, layers: &mut [Layer], entry: &Entry) {
        match entry {
            Entry::Field(field) => self.field(layers, field),
            Entry::Block(block) => {
                let Some(dest) = self.resolve(layers, block) else {
                    return;
                };
                match dest {
                    Dest::Child { layer, field, def } => {
                        let key_origin = self.spans.add(block.keyword.span());
                        let node = self.object(
                            def,
                            block.positional.as_ref(),
                            block.body.as_ref(),
                            block.keyword.span(),
                        );
                        layers[layer].members.push(LMember {
                            key: field.json.to_owned(),
                            key_origin,
                            value: node,
                            from_shorthand: false,
                        });
                    }
                    Dest::Item {
                        layer,
                        field,
                        list,
                        shape,
                    } => {
                        let items = self.items_of(block, shape);
                        self.push_items(
                            layers,
                            SlotKey {
                                layer,
                                json: field.json,
                            },
                            field,
                            list,
                            block.keyword.span(),
                            items,
                        );
                    }
                }
            }
            Entry::For(_) | Entry::If(_) | Entry::Match(_) => {
                let mut ctx = ObjectCtx {
                    layers: &mut *layers,
                };
                if let Some((key, item)) = control::control(self, &mut ctx, entry) {
                    let Some((field, list)) = slot_field(layers, key) else {
                        return;
                    };
                    self.push_items(layers, key, field, list, entry_span(entry), vec![item]);
                }
            }
        }
    }

    fn push_items(
        &mut self,
        layers: &mut [Layer],
        key: SlotKey,
        field: &'static FieldDef,
        list: &'static ListDef,
        span: Span,
        items: Vec<Item>,
    ) {
        let Some(layer) = layers.get_mut(key.layer) else {
            return;
        };
        if let Some(slot) = layer.lists.iter_mut().find(|s| s.field.json == key.json) {
            slot.items.extend(items);
        } else {
            let key_origin = self.spans.add(span);
            layer.lists.push(Slot {
                field,
                list,
                key_origin,
                items,
            });
        }
    }

    /// The items a resolved block produces.
    fn items_of(&mut self, block: &Block, shape: Shape) -> Vec<Item> {
        let span = block.keyword.span();
        match shape {
            Shape::Object(def) => vec![Item::Node(self.object(
                def,
                block.positional.as_ref(),
                block.body.as_ref(),
                span,
            ))],
            Shape::Member { union, member, def } => vec![Item::Node(self.union_item(
                union,
                member,
                def,
                block.positional.as_ref(),
                block.body.as_ref(),
                span,
            ))],
            Shape::UnionBlock(union) => {
                if let Some(p) = &block.positional {
                    self.error(p.span(), format!("`{}` takes no value after its keyword, only a body `{{ … }}` of widgets", block.keyword));
                }
                match &block.body {
                    Some(body) => self.union_body(union, body),
                    None => {
                        self.error(
                            span,
                            format!(
                                "`{}` needs a body with its widgets: `{} {{ text \"…\" }}`",
                                block.keyword, block.keyword
                            ),
                        );
                        Vec::new()
                    }
                }
            }
            Shape::Scalar(ty) => match &block.positional {
                Some(value) => vec![Item::Node(self.value(
                    value,
                    ty,
                    &block.keyword.to_string(),
                ))],
                None => {
                    self.error(
                        span,
                        format!(
                            "`{}` needs a value after it: `{} \"…\"`",
                            block.keyword, block.keyword
                        ),
                    );
                    Vec::new()
                }
            },
        }
    }

    /// The items of a body that holds union members directly (`footer { text "…" }`).
    fn union_body(&mut self, union: &'static ObjectDef, body: &Body) -> Vec<Item> {
        let mut items = Vec::new();
        let mut made = None;
        for (i, entry) in body.entries.iter().enumerate() {
            self.note_bare(&body.entries, i, made);
            let mut ctx = UnionCtx { union };
            let produced = match entry {
                Entry::Block(block) => control::Ctx::block(&mut ctx, self, block).map(|(_, i)| i),
                Entry::Field(field) => {
                    self.error(
                        field.key.span(),
                        format!(
                            "`{}:` is a field, but this block holds only widgets ({})",
                            field.key,
                            union_keywords(union).join(", ")
                        ),
                    );
                    None
                }
                _ => control::control(self, &mut ctx, entry).map(|(_, i)| vec![i]),
            };
            items.extend(produced.unwrap_or_default());
            made = self.last_origin.take();
        }
        items
    }

    /// Notes entry `i - 1` when it is a keyword alone, with the object it made.
    fn note_bare(&mut self, entries: &[Entry], i: usize, made: Option<Origin>) {
        self.bare_keyword = bare_before(entries, i);
        self.bare_origin = self.bare_keyword.as_ref().and(made);
    }
}

/// The keyword of entry `i - 1` when it stands alone, without value or body.
fn bare_before(entries: &[Entry], i: usize) -> Option<String> {
    match entries.get(i.checked_sub(1)?)? {
        Entry::Block(Block {
            keyword,
            positional: None,
            body: None,
            ..
        }) => Some(keyword.to_string()),
        _ => None,
    }
}

impl Layer {
    fn new(def: &'static ObjectDef) -> Self {
        Layer {
            def,
            members: Vec::new(),
            lists: Vec::new(),
        }
    }
}
