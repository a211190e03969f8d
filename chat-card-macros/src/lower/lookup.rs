//! Lookups in the schema tables: which field a key names, where a block keyword goes,
//! shorthand paths, and the names used in messages.

use chat_card_core::schema::{
    CARD, CARD_WITH_ID, FieldDef, ListDef, ObjectDef, Scope, Ty, WIDGET, same_key, snake_case,
};
use chat_card_core::suggest::closest as nearest;
use chat_card_core::tree::Origin;

use super::{Layer, Lowerer};
use crate::diag::{article, in_macro_terms, with_help};
use crate::ir::{LKind, LMember, LNode};
use crate::parse::{Block, Body, Else, Entry, Field, IfEntry, ValueAst};

/// How a block keyword is resolved in an object.
pub(super) enum Dest {
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

pub(super) enum Shape {
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
    /// Resolves a block keyword in the layers of an object.
    pub(super) fn resolve(&mut self, layers: &[Layer], block: &Block) -> Option<Dest> {
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
            let help = self
                .runtime_positional_help(&kw)
                .unwrap_or_else(|| format!("write `{kw}: value`"));
            self.error(
                block.keyword.span(),
                with_help(
                    format!("`{kw}` is a field of {}, not a block", article(where_)),
                    help,
                ),
            );
            return None;
        }
        for layer in layers {
            if let Some(m) = layer.def.misplaced.iter().find(|m| same_key(m.key, &kw)) {
                self.error(
                    block.keyword.span(),
                    with_help(
                        format!(
                            "`{kw}` is not allowed in {}",
                            article(display_name(layer.def))
                        ),
                        in_macro_terms(m.reason),
                    ),
                );
                return None;
            }
        }
        let candidates: Vec<&str> = layers.iter().flat_map(|l| block_keywords(l.def)).collect();
        let message = format!("unknown widget or block `{kw}` in {}", article(where_));
        let is_widget = union_member(&WIDGET, &kw).is_some();
        let in_card = layers.iter().any(|l| std::ptr::eq(l.def, &CARD));
        let help = if let Some(help) = self.runtime_positional_help(&kw) {
            help
        } else if is_widget && candidates.contains(&"section") {
            format!("widgets go inside a section: `section {{ {kw} … }}`")
        } else if let Some(help) = super::field::message_only_help(layers, &kw) {
            help
        } else if kw == "param" {
            "parameters belong to an action: `on_click { action \"function\" { param \"key\" { value: … } } }`".to_owned()
        } else if kw == "section" && !in_card {
            "sections go directly in the card, not inside another section or widget: close this one first, then write `section { … }` next to it".to_owned()
        } else if let Some(alias) = widget_alias(&kw, &candidates) {
            format!("the widget is written `{alias}`")
        } else if let Some(near) = nearest(&kw, candidates.iter().copied()) {
            format!("did you mean `{near}`?")
        } else if !candidates.is_empty() {
            format!("{} holds: {}", article(where_), candidates.join(", "))
        } else {
            format!("{} holds only fields (`key: value`)", article(where_))
        };
        self.error(block.keyword.span(), with_help(message, help));
        None
    }
}

impl Lowerer {
    /// When the entry before this one was a keyword alone (`item c`, `section name { … }`),
    /// `kw` is probably a runtime value meant for it: say how to write that.
    /// The object the lone keyword made is marked tainted: its own problems (a section
    /// without widgets) would only repeat this one.
    pub(super) fn runtime_positional_help(&mut self, kw: &str) -> Option<String> {
        let before = self.bare_keyword.clone()?;
        let lowercase = kw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !lowercase {
            return None;
        }
        if let Some(origin) = self.bare_origin {
            self.tainted.insert(origin);
        }
        Some({
            format!(
                "if `{kw}` is a value for `{before}`, put it in parentheses: `{before} ({kw})`; a value known at runtime after a keyword is written `keyword (expr)`"
            )
        })
    }
}

/// The field a key names: its snake_case or JSON spelling.
pub(super) fn find_field(def: &'static ObjectDef, key: &str) -> Option<&'static FieldDef> {
    def.fields.iter().find(|f| same_key(f.json, key))
}

pub(super) fn field_keys(def: &'static ObjectDef) -> Vec<String> {
    def.fields
        .iter()
        .filter(|f| f.scope == Scope::Chat && f.keyword.is_none())
        .filter(|f| !matches!(f.ty, Ty::List(l) if matches!(l.item, Ty::Object(d) if d.holds_widget_kind())))
        .map(|f| snake_case(f.json))
        .chain(def.shorthands.iter().map(|s| s.name.to_owned()))
        .collect()
}

/// Every block keyword usable directly in an object of kind `def`.
pub(super) fn block_keywords(def: &'static ObjectDef) -> Vec<&'static str> {
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
                (None, Ty::Object(u)) if u.holds_widget_kind() => out.extend(union_keywords(u)),
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
pub(super) fn snake_keyword(json: &'static str) -> Option<&'static str> {
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

pub(super) fn union_keywords(union: &'static ObjectDef) -> Vec<&'static str> {
    union.fields.iter().filter_map(|f| f.keyword).collect()
}

pub(super) fn union_member(
    union: &'static ObjectDef,
    kw: &str,
) -> Option<(&'static FieldDef, &'static ObjectDef)> {
    union.fields.iter().find_map(|f| match (f.keyword, f.ty) {
        (Some(k), Ty::Object(d)) if k == kw => Some((f, d)),
        _ => None,
    })
}

pub(super) fn resolve_in(
    def: &'static ObjectDef,
    kw: &str,
    layer: usize,
    misplaced: bool,
) -> Option<Dest> {
    for field in def.fields {
        match field.ty {
            Ty::List(list) => match (field.keyword, list.item) {
                (Some(k), item) if k == kw && !misplaced => {
                    let shape = match item {
                        Ty::Object(d) if d.holds_widget_kind() => Shape::UnionBlock(d),
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
                (None, Ty::Object(union)) if union.holds_widget_kind() => {
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
pub(super) fn path_ty(def: &'static ObjectDef, path: &[&str]) -> Option<Ty> {
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
pub(super) fn insert_path(
    members: &mut Vec<LMember>,
    path: &[&str],
    key_origin: Origin,
    value: LNode,
) {
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
pub(super) fn static_field(body: &Body, key: &str) -> Option<String> {
    body.entries.iter().find_map(|e| match e {
        Entry::Field(Field {
            key: k,
            value: ValueAst::Str(s),
        }) if k == key && !s.value().contains('{') => Some(s.value()),
        _ => None,
    })
}

/// The `else` of an `if` as a body or a nested `if`.
pub(super) fn else_parts(e: &Else) -> (Option<&Body>, Option<&IfEntry>) {
    match e {
        Else::Body(b) => (Some(b), None),
        Else::If(i) => (None, Some(i)),
    }
}

/// The widget keyword a misremembered name stands for (`paragraph` -> `text`,
/// `button_list` -> `buttons`), from the JSON names of union members.
pub(super) fn widget_alias(kw: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let kw = snake_case(kw);
    WIDGET.fields.iter().find_map(|f| {
        let json = snake_case(f.json);
        let keyword = f.keyword?;
        let matches = json == kw || (kw.len() >= 4 && json.split('_').any(|part| part == kw));
        (matches && candidates.contains(&keyword)).then_some(keyword)
    })
}

/// The name of an object in messages (a card's wrapper is just "card").
pub(super) fn display_name(def: &'static ObjectDef) -> &'static str {
    if std::ptr::eq(def, &CARD_WITH_ID) {
        CARD.name
    } else {
        def.name
    }
}
