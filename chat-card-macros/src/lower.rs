//! AST -> lowered card ([`LNode`]): keys, keywords, positional values and shorthands are
//! resolved against the schema tables of `chat-card-core`. Nothing here checks the rules
//! of a valid card (that is the shared validator's job); lowering only reports what it
//! cannot translate at all (an unknown keyword, a value of a form no field takes).

use std::collections::HashSet;

use chat_card_core::schema::{
    CARD, CARD_WITH_ID, FieldDef, ListDef, MESSAGE, ObjectDef, SECTION, Scope, Ty, WIDGET,
    same_key, snake_case,
};
use chat_card_core::tree::Origin;
use proc_macro2::Span;

use crate::ir::{Item, LKind, LMember, LNode, ListInfo, Spans};
use crate::parse::{Block, Body, Else, Entry, Field, ValueAst};
use chat_card_core::suggest::closest as nearest;

/// The lowering state: spans, errors, and where we are (for runtime messages).
pub struct Lowerer {
    /// The span table origins index.
    pub spans: Spans,
    /// Problems found while lowering.
    pub errors: Vec<syn::Error>,
    /// Objects whose body had a lowering error (validator problems about them are
    /// dropped: they would only repeat the lowering error).
    pub tainted: HashSet<Origin>,
    places: Vec<String>,
    cards: usize,
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
pub struct SlotKey {
    layer: usize,
    json: &'static str,
}

/// How a block keyword is resolved in an object.
enum Dest {
    /// An item of a list field.
    Item {
        layer: usize,
        field: &'static FieldDef,
        list: &'static ListDef,
        shape: Shape,
    },
    /// A nested object field (`header { … }`).
    Child {
        layer: usize,
        field: &'static FieldDef,
        def: &'static ObjectDef,
    },
}

enum Shape {
    /// The item is an object of this kind.
    Object(&'static ObjectDef),
    /// The item is a union wrapper holding one member.
    Member {
        union: &'static ObjectDef,
        member: &'static FieldDef,
        def: &'static ObjectDef,
    },
    /// The block's body holds union items (`footer { … }`).
    UnionBlock(&'static ObjectDef),
    /// The item is the positional value.
    Scalar(Ty),
}

impl Lowerer {
    /// A fresh lowerer.
    pub fn new() -> Self {
        Lowerer {
            spans: Spans::default(),
            errors: Vec::new(),
            tainted: HashSet::new(),
            places: Vec::new(),
            cards: 0,
        }
    }

    pub(crate) fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message.to_string()));
    }

    /// Lowers the input of `card!`: one card, wrapped in a message.
    pub fn card_message(&mut self, body: &Body) -> LNode {
        let root = self.spans.add(Span::call_site());
        self.places.push("the card".to_owned());
        let card = self.object(&CARD_WITH_ID, None, Some(body), Span::call_site());
        self.places.pop();
        LNode {
            origin: root,
            kind: LKind::Object {
                members: vec![LMember {
                    key: "cardsV2".to_owned(),
                    key_origin: root,
                    value: LNode {
                        origin: root,
                        kind: LKind::Array {
                            items: vec![Item::Node(card)],
                            check: ListInfo {
                                place: "the message".to_owned(),
                                what: "cards".to_owned(),
                                min: 0,
                                max: None,
                                why: String::new(),
                                widgets: false,
                            },
                        },
                    },
                    from_shorthand: false,
                }],
                card: None,
            },
        }
    }

    /// Lowers the input of `message!`.
    pub fn message(&mut self, body: &Body) -> LNode {
        self.object(&MESSAGE, None, Some(body), Span::call_site())
    }

    fn place(&self) -> String {
        let mut parts: Vec<&str> = self.places.iter().rev().map(String::as_str).collect();
        parts.dedup();
        parts.join(" of ")
    }

    /// Lowers `keyword [positional] [{ body }]` for an object of kind `def`.
    pub(crate) fn object(
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
        let errors_before = self.errors.len();
        if let Some(value) = positional {
            self.positional(&mut layers, value, keyword);
        }
        if let Some(body) = body {
            for entry in &body.entries {
                self.entry(&mut layers, entry);
            }
        }
        if self.errors.len() > errors_before {
            self.tainted.insert(origin);
        }
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
        let errors_before = self.errors.len();
        if let Some(value) = positional {
            self.positional(&mut layers, value, keyword);
        }
        if let Some(body) = body {
            for entry in &body.entries {
                self.entry(&mut layers, entry);
            }
        }
        if self.errors.len() > errors_before {
            self.tainted.insert(origin);
        }
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
        outer
    }

    fn positional(&mut self, layers: &mut [Layer], value: &ValueAst, _keyword: Span) {
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
                    format!(
                        "{} takes no value and has no fields\nhelp: write the keyword alone",
                        article(name)
                    ),
                );
            }
            None => {
                let name = layers.first().map(|l| l.def.name).unwrap_or("object");
                self.error(
                    value.span(),
                    format!(
                        "a {name} takes no value after its keyword\nhelp: put its fields in braces: `keyword {{ key: value }}`"
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
        let is_union = matches!(list.item, Ty::Object(d) if is_union(d));
        let what = match field.keyword {
            Some(k) if !is_union => format!("{k}s"),
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
                if let Some((key, item)) = crate::control::control(self, &mut ctx, entry) {
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
    pub(crate) fn union_body(&mut self, union: &'static ObjectDef, body: &Body) -> Vec<Item> {
        let mut items = Vec::new();
        for entry in &body.entries {
            let mut ctx = UnionCtx { union };
            let produced = match entry {
                Entry::Block(block) => {
                    crate::control::Ctx::block(&mut ctx, self, block).map(|(_, i)| i)
                }
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
                _ => crate::control::control(self, &mut ctx, entry).map(|(_, i)| vec![i]),
            };
            items.extend(produced.unwrap_or_default());
        }
        items
    }

    fn field(&mut self, layers: &mut [Layer], field: &Field) {
        let key = field.key.to_string();
        let key_origin = self.spans.add(field.key.span());
        for layer in layers.iter_mut() {
            if let Some(fd) = find_field(layer.def, &key) {
                let value = self.value(&field.value, fd.ty, &key);
                layer.members.push(LMember {
                    key: fd.json.to_owned(),
                    key_origin,
                    value,
                    from_shorthand: false,
                });
                return;
            }
        }
        for layer in layers.iter_mut() {
            if let Some(sh) = layer.def.shorthands.iter().find(|s| s.name == key) {
                let Some(ty) = path_ty(layer.def, sh.path) else {
                    self.error(
                        field.key.span(),
                        format!("internal: shorthand `{key}` has no target"),
                    );
                    return;
                };
                let value = self.value(&field.value, ty, &key);
                insert_path(&mut layer.members, sh.path, key_origin, value);
                return;
            }
        }
        for layer in layers.iter_mut() {
            if let Some(m) = layer.def.misplaced.iter().find(|m| same_key(m.key, &key)) {
                let value = self.value(
                    &field.value,
                    Ty::Text(chat_card_core::schema::TextKind::Plain),
                    &key,
                );
                layer.members.push(LMember {
                    key: m.key.to_owned(),
                    key_origin,
                    value,
                    from_shorthand: false,
                });
                return;
            }
        }
        let is_block = layers
            .iter()
            .any(|l| block_keywords(l.def).iter().any(|k| *k == key));
        let where_ = layers
            .first()
            .map(|l| display_name(l.def))
            .unwrap_or("object");
        let candidates: Vec<String> = layers.iter().flat_map(|l| field_keys(l.def)).collect();
        let mut message = format!("unknown field `{key}` in {}", article(where_));
        if is_block {
            message.push_str(&format!(
                "\nhelp: `{key}` is written as a block: `{key} {{ … }}`"
            ));
        } else if let Some(near) = nearest(&key, candidates.iter().map(String::as_str)) {
            message.push_str(&format!("\nhelp: did you mean `{near}`?"));
        } else {
            message.push_str(&format!(
                "\nhelp: the fields of {} are: {}",
                article(where_),
                candidates.join(", ")
            ));
        }
        self.error(field.key.span(), message);
        let value_span = field.value.span();
        let _ = value_span;
    }

    /// Resolves a block keyword in the layers of an object.
    fn resolve(&mut self, layers: &[Layer], block: &Block) -> Option<Dest> {
        let kw = block.keyword.to_string();
        for (i, layer) in layers.iter().enumerate() {
            if let Some(dest) = resolve_in(layer.def, &kw, i, false) {
                return Some(dest);
            }
        }
        // A widget that exists but is not allowed in this union: pass it through so the
        // validator explains why.
        for (i, layer) in layers.iter().enumerate() {
            if let Some(dest) = resolve_in(layer.def, &kw, i, true) {
                return Some(dest);
            }
        }
        let where_ = layers
            .first()
            .map(|l| display_name(l.def))
            .unwrap_or("object");
        if layers.iter().any(|l| {
            find_field(l.def, &kw).is_some_and(|f| !matches!(f.ty, Ty::Object(_) | Ty::List(_)))
        }) {
            self.error(
                block.keyword.span(),
                format!(
                    "`{kw}` is a field of {}, not a block\nhelp: write `{kw}: value`",
                    article(where_)
                ),
            );
            return None;
        }
        for layer in layers {
            if let Some(m) = layer.def.misplaced.iter().find(|m| same_key(m.key, &kw)) {
                self.error(
                    block.keyword.span(),
                    format!(
                        "`{kw}` is not allowed in {}\nhelp: {}",
                        article(display_name(layer.def)),
                        crate::check::in_macro_terms(m.reason)
                    ),
                );
                return None;
            }
        }
        let candidates: Vec<&str> = layers.iter().flat_map(|l| block_keywords(l.def)).collect();
        let mut message = format!("unknown widget or block `{kw}` in {}", article(where_));
        let is_widget = union_member(&WIDGET, &kw).is_some();
        if is_widget && candidates.contains(&"section") {
            message.push_str(&format!(
                "\nhelp: widgets go inside a section: `section {{ {kw} … }}`"
            ));
        } else if let Some(alias) = widget_alias(&kw, &candidates) {
            message.push_str(&format!("\nhelp: the widget is written `{alias}`"));
        } else if let Some(near) = nearest(&kw, candidates.iter().copied()) {
            message.push_str(&format!("\nhelp: did you mean `{near}`?"));
        } else if !candidates.is_empty() {
            message.push_str(&format!(
                "\nhelp: {} holds: {}",
                article(where_),
                candidates.join(", ")
            ));
        } else {
            message.push_str(&format!(
                "\nhelp: {} holds only fields (`key: value`)",
                article(where_)
            ));
        }
        self.error(block.keyword.span(), message);
        None
    }
}

impl Default for Lowerer {
    fn default() -> Self {
        Lowerer::new()
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

/// The item context of an object body (for `for` / `if` / `match`).
pub(crate) struct ObjectCtx<'a> {
    layers: &'a mut [Layer],
}

impl crate::control::Ctx for ObjectCtx<'_> {
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
                    format!(
                        "`{}` is a single object, not a list item, so it cannot be produced by `for`, `if` or `match`\nhelp: choose its field values with expressions instead: `key: if cond {{ a }} else {{ b }}`",
                        block.keyword
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
pub(crate) struct UnionCtx {
    union: &'static ObjectDef,
}

impl crate::control::Ctx for UnionCtx {
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
                let mut message = format!("unknown widget `{kw}` in {}", article(self.union.name));
                match widget_alias(&kw, &candidates)
                    .or_else(|| nearest(&kw, candidates.iter().copied()))
                {
                    Some(near) => message.push_str(&format!("\nhelp: did you mean `{near}`?")),
                    None => message
                        .push_str(&format!("\nhelp: allowed here: {}", candidates.join(", "))),
                }
                lw.error(block.keyword.span(), message);
                None
            }
        }
    }

    fn describe(&self, _key: SlotKey) -> String {
        "widgets".to_owned()
    }
}

fn slot_field(layers: &[Layer], key: SlotKey) -> Option<(&'static FieldDef, &'static ListDef)> {
    let layer = layers.get(key.layer)?;
    let field = layer.def.fields.iter().find(|f| f.json == key.json)?;
    match field.ty {
        Ty::List(list) => Some((field, list)),
        _ => None,
    }
}

fn entry_span(entry: &Entry) -> Span {
    match entry {
        Entry::For(f) => f.span,
        Entry::If(i) => i.span,
        Entry::Match(m) => m.span,
        Entry::Field(f) => f.key.span(),
        Entry::Block(b) => b.keyword.span(),
    }
}

/// The field a key names: its snake_case or JSON spelling.
fn find_field(def: &'static ObjectDef, key: &str) -> Option<&'static FieldDef> {
    def.fields.iter().find(|f| same_key(f.json, key))
}

fn field_keys(def: &'static ObjectDef) -> Vec<String> {
    def.fields
        .iter()
        .filter(|f| f.scope == Scope::Chat && f.keyword.is_none())
        .filter(|f| !matches!(f.ty, Ty::List(l) if matches!(l.item, Ty::Object(d) if is_union(d))))
        .map(|f| snake_case(f.json))
        .chain(def.shorthands.iter().map(|s| s.name.to_owned()))
        .collect()
}

/// Every block keyword usable directly in an object of kind `def`.
fn block_keywords(def: &'static ObjectDef) -> Vec<&'static str> {
    let mut out = Vec::new();
    let flattened = std::ptr::eq(def, &CARD_WITH_ID);
    for f in def
        .fields
        .iter()
        .filter(|f| f.scope == Scope::Chat && !(flattened && f.json == "card"))
    {
        match f.ty {
            Ty::List(l) => match (f.keyword, l.item) {
                (Some(k), _) => out.push(k),
                (None, Ty::Object(u)) if is_union(u) => out.extend(union_keywords(u)),
                _ => {}
            },
            Ty::Object(_) if f.keyword.is_none() => {
                if let Some(k) = snake_keyword(f.json) {
                    out.push(k);
                }
            }
            _ => {}
        }
    }
    out
}

/// The snake_case of a JSON key as a `&'static str` (leaked once per distinct name; the
/// proc macro process is short-lived and the set of names is the fixed vocabulary).
fn snake_keyword(json: &'static str) -> Option<&'static str> {
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<Vec<&'static str>>> = OnceLock::new();
    let snake = snake_case(json);
    if snake == json {
        return Some(json);
    }
    let mut names = NAMES.get_or_init(|| Mutex::new(Vec::new())).lock().ok()?;
    if let Some(found) = names.iter().find(|n| **n == snake) {
        return Some(found);
    }
    let leaked: &'static str = Box::leak(snake.into_boxed_str());
    names.push(leaked);
    Some(leaked)
}

fn union_keywords(union: &'static ObjectDef) -> Vec<&'static str> {
    union.fields.iter().filter_map(|f| f.keyword).collect()
}

fn union_member(
    union: &'static ObjectDef,
    kw: &str,
) -> Option<(&'static FieldDef, &'static ObjectDef)> {
    union.fields.iter().find_map(|f| match (f.keyword, f.ty) {
        (Some(k), Ty::Object(d)) if k == kw => Some((f, d)),
        _ => None,
    })
}

fn resolve_in(def: &'static ObjectDef, kw: &str, layer: usize, misplaced: bool) -> Option<Dest> {
    for field in def.fields {
        match field.ty {
            Ty::List(list) => match (field.keyword, list.item) {
                (Some(k), item) if k == kw && !misplaced => {
                    let shape = match item {
                        Ty::Object(d) if is_union(d) => Shape::UnionBlock(d),
                        Ty::Object(d) => Shape::Object(d),
                        other => Shape::Scalar(other),
                    };
                    return Some(Dest::Item {
                        layer,
                        field,
                        list,
                        shape,
                    });
                }
                (None, Ty::Object(union)) if is_union(union) => {
                    let found = if misplaced {
                        union_member(&WIDGET, kw)
                    } else {
                        union_member(union, kw)
                    };
                    if let Some((member, d)) = found {
                        return Some(Dest::Item {
                            layer,
                            field,
                            list,
                            shape: Shape::Member {
                                union,
                                member,
                                def: d,
                            },
                        });
                    }
                }
                _ => {}
            },
            Ty::Object(d)
                if !misplaced && field.keyword.is_none() && snake_case(field.json) == kw =>
            {
                return Some(Dest::Child {
                    layer,
                    field,
                    def: d,
                });
            }
            _ => {}
        }
    }
    None
}

/// The type at the end of a shorthand's path.
fn path_ty(def: &'static ObjectDef, path: &[&str]) -> Option<Ty> {
    let (last, init) = path.split_last()?;
    let mut d = def;
    for key in init {
        match d.field(key)?.ty {
            Ty::Object(next) => d = next,
            _ => return None,
        }
    }
    Some(d.field(last)?.ty)
}

/// Inserts a value at a nested path, merging into objects earlier shorthands created.
fn insert_path(members: &mut Vec<LMember>, path: &[&str], key_origin: Origin, value: LNode) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        members.push(LMember {
            key: (*first).to_owned(),
            key_origin,
            value,
            from_shorthand: true,
        });
        return;
    }
    let existing = members.iter_mut().find(|m| {
        m.from_shorthand && m.key == *first && matches!(m.value.kind, LKind::Object { .. })
    });
    let member = match existing {
        Some(m) => m,
        None => {
            members.push(LMember {
                key: (*first).to_owned(),
                key_origin,
                value: LNode {
                    origin: key_origin,
                    kind: LKind::Object {
                        members: Vec::new(),
                        card: None,
                    },
                },
                from_shorthand: true,
            });
            match members.last_mut() {
                Some(m) => m,
                None => return,
            }
        }
    };
    if let LKind::Object { members: inner, .. } = &mut member.value.kind {
        insert_path(inner, rest, key_origin, value);
    }
}

/// A field's literal string value in a body, if written as `key: "…"` without holes.
fn static_field(body: &Body, key: &str) -> Option<String> {
    body.entries.iter().find_map(|e| match e {
        Entry::Field(Field {
            key: k,
            value: ValueAst::Str(s),
        }) if k == key && !s.value().contains('{') => Some(s.value()),
        _ => None,
    })
}

/// The `else` of an `if` as a body or a nested `if`.
pub(crate) fn else_parts(e: &Else) -> (Option<&Body>, Option<&crate::parse::IfEntry>) {
    match e {
        Else::Body(b) => (Some(b), None),
        Else::If(i) => (None, Some(i)),
    }
}

/// Whether an object is a union of widget kinds: its members carry widget keywords
/// (`Widget`, a column widget, a carousel widget, an accessory widget with its one kind).
pub(crate) fn is_union(def: &'static ObjectDef) -> bool {
    def.is_union()
        || def
            .fields
            .iter()
            .any(|f| f.keyword.is_some() && matches!(f.ty, Ty::Object(_)))
}

/// "a" or "an" before a name.
pub(crate) fn article(name: &str) -> String {
    let an = name.starts_with(|c: char| "aeiouAEIOU".contains(c));
    format!("{} {name}", if an { "an" } else { "a" })
}

/// The widget keyword a misremembered name stands for (`paragraph` -> `text`,
/// `button_list` -> `buttons`), from the JSON names of union members.
fn widget_alias(kw: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let kw = snake_case(kw);
    WIDGET.fields.iter().find_map(|f| {
        let json = snake_case(f.json);
        let keyword = f.keyword?;
        let matches = json == kw || (kw.len() >= 4 && json.split('_').any(|part| part == kw));
        (matches && candidates.contains(&keyword)).then_some(keyword)
    })
}

/// The name of an object in messages (a card's wrapper is just "card").
fn display_name(def: &'static ObjectDef) -> &'static str {
    if std::ptr::eq(def, &CARD_WITH_ID) {
        CARD.name
    } else {
        def.name
    }
}
