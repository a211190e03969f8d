//! JSON objects as entries of the language, read off the schema tables the `card!` macro
//! lowers with: keywords for list items and widgets, positional values, shorthands
//! (`link`, `top`, `thread_key`, …), bare values (`start_icon: DESCRIPTION`) and
//! `key: value` for everything else.

use chat_card_core::schema::{
    CARD, CARD_WITH_ID, FieldDef, ObjectDef, SECTION, Scope, Ty, same_key, snake_case,
};
use chat_card_core::tree::{Member, Node, Value};
use chat_card_core::validate::bool_from_string;

use super::ImportError;
use super::layout::{Entry, Val};
use super::scalar;
use super::values::value;

/// One object being written by one block; a block may fill two (a card and its
/// `cardsV2` entry, a widget kind and its widget).
pub(super) struct Layer<'a> {
    /// The kind of object.
    pub def: &'static ObjectDef,
    /// Its members in the JSON.
    pub members: Vec<&'a Member>,
    /// The JSON path of the object.
    pub path: String,
}

type Result<T> = std::result::Result<T, ImportError>;

/// `path.key`, or `key` at the root.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether items of this kind are written by their kind's keyword (`text`, `buttons`)
/// rather than as objects: the widget unions and the accessory widget, as the macro sees
/// them (one definition, in the schema tables).
fn is_union(def: &'static ObjectDef) -> bool {
    def.holds_widget_kind()
}

fn members_of(node: &Node) -> Option<Vec<&Member>> {
    node.as_object().map(|m| m.iter().collect())
}

/// The layers of an object of kind `def` (a card also fills its `cardsV2` entry).
pub(super) fn layers_of<'a>(
    def: &'static ObjectDef,
    node: &'a Node,
    path: &str,
) -> Result<Vec<Layer<'a>>> {
    let members = members_of(node).ok_or_else(|| {
        ImportError::inexpressible(path, format!("{} must be a JSON object", article(def.name)))
    })?;
    if !std::ptr::eq(def, &CARD_WITH_ID) {
        return Ok(vec![Layer {
            def,
            members,
            path: path.to_owned(),
        }]);
    }
    let (card, outer): (Vec<&Member>, Vec<&Member>) =
        members.into_iter().partition(|m| m.key == "card");
    let mut layers = vec![Layer {
        def,
        members: outer,
        path: path.to_owned(),
    }];
    if let Some(card) = card.first() {
        let card_path = join(path, "card");
        let inner = members_of(&card.value).ok_or_else(|| {
            ImportError::inexpressible(&card_path, "a card must be a JSON object")
        })?;
        layers.push(Layer {
            def: &CARD,
            members: inner,
            path: card_path,
        });
    }
    Ok(layers)
}

/// The body of a block over `layers`: its positional value (when `positional` allows one)
/// and its entries in JSON order.
pub(super) fn body(layers: &[Layer<'_>], positional: bool) -> Result<(Option<String>, Vec<Entry>)> {
    let positional_layer = layers.iter().position(|l| l.def.positional.is_some());
    let mut first = None;
    let mut entries = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        for member in &layer.members {
            if let Value::Null = member.value.value {
                entries.push(Entry::Comment(format!(
                    "`{}: null` left out: null is the field's default",
                    member.key
                )));
                continue;
            }
            let field = layer.def.field(&member.key).ok_or_else(|| {
                ImportError::inexpressible(
                    &join(&layer.path, &member.key),
                    format!(
                        "`{}` is not a field of {}; remove it",
                        member.key,
                        article(layer.def.name)
                    ),
                )
            })?;
            if let Scope::Legacy(instead) = field.scope {
                entries.push(Entry::Comment(format!(
                    "`{}` left out: a legacy field; {instead}",
                    member.key
                )));
                continue;
            }
            if positional
                && first.is_none()
                && positional_layer == Some(i)
                && layer.def.positional == Some(field.json)
                && matches!(field.ty, Ty::Text(_))
                && let Value::String(s) = &member.value.value
            {
                first = Some(scalar::text(s));
                continue;
            }
            member_entries(layers, i, field, member, &mut entries)?;
        }
    }
    // Like hand-written source: the object's own values first, then its blocks and
    // items (the macro does not care about the order). A comment stays with the entry
    // after it; comments at the end close the values.
    let mut values = Vec::new();
    let mut blocks = Vec::new();
    let mut comments = Vec::new();
    for entry in entries {
        let into = match &entry {
            Entry::Comment(_) => {
                comments.push(entry);
                continue;
            }
            Entry::Field { value, .. }
                if !matches!(value, Val::Object(_)) && !has_objects(value) =>
            {
                &mut values
            }
            Entry::Field { .. } | Entry::Block { .. } => &mut blocks,
        };
        into.append(&mut comments);
        into.push(entry);
    }
    values.append(&mut comments);
    values.extend(blocks);
    Ok((first, values))
}

fn has_objects(value: &Val) -> bool {
    match value {
        Val::Scalar(_) => false,
        Val::Object(_) => true,
        Val::List(items) => items.iter().any(has_objects),
    }
}

/// The entries one member becomes: usually one, none or several for a list of widgets.
fn member_entries(
    layers: &[Layer<'_>],
    i: usize,
    field: &'static FieldDef,
    member: &Member,
    out: &mut Vec<Entry>,
) -> Result<()> {
    let layer = &layers[i];
    let path = join(&layer.path, &member.key);
    let node = &member.value;
    if let Some(entry) = shorthand(layers, i, field, node)? {
        out.push(entry);
        return Ok(());
    }
    let key = snake_case(field.json);
    if let Some(note) = front_end_correction(field.ty, member) {
        out.push(Entry::Comment(note));
    }
    if layers[..i].iter().any(|l| l.def.field(&key).is_some()) {
        return Err(ImportError::inexpressible(
            &path,
            format!(
                "`{key}` would name a field of the enclosing object; the language cannot write it here"
            ),
        ));
    }
    match field.ty {
        Ty::Object(def) => out.push(object_field(def, field, key, node, &path)?),
        Ty::List(list) => {
            let items = match &node.value {
                Value::Array(array) => array.items.as_slice(),
                // One item where the list belongs (a list of one for Google's front end).
                _ => std::slice::from_ref(node),
            };
            if items.is_empty() {
                out.push(Entry::Field {
                    key,
                    value: Val::List(Vec::new()),
                });
                return Ok(());
            }
            match (field.keyword, list.item) {
                (Some(kw), Ty::Object(def)) if is_union(def) => {
                    let body = union_items(def, items, &path)?;
                    out.push(Entry::Block {
                        keyword: kw.to_owned(),
                        positional: None,
                        body: Some(body),
                        tall: false,
                    });
                }
                (Some(kw), Ty::Object(def)) => {
                    for (n, item) in items.iter().enumerate() {
                        out.push(block(kw, def, item, &format!("{path}[{n}]"))?);
                    }
                }
                (Some(kw), ty) => {
                    for (n, item) in items.iter().enumerate() {
                        let Val::Scalar(s) = value(ty, item, &format!("{path}[{n}]"))? else {
                            return Err(ImportError::inexpressible(
                                &format!("{path}[{n}]"),
                                "a list item here is a single value",
                            ));
                        };
                        out.push(Entry::Block {
                            keyword: kw.to_owned(),
                            positional: Some(s),
                            body: None,
                            tall: false,
                        });
                    }
                }
                (None, Ty::Object(def)) if is_union(def) => {
                    out.extend(union_items(def, items, &path)?);
                }
                (None, _) => out.push(Entry::Field {
                    key,
                    value: value(field.ty, node, &path)?,
                }),
            }
        }
        ty => out.push(Entry::Field {
            key,
            value: value(ty, node, &path)?,
        }),
    }
    Ok(())
}

/// What the source writes differently from the JSON because the JSON uses a form only
/// Google's front end tolerates: a bool written as a string, one item for a list. The
/// source writes the real bool and the list, and says so in a comment.
fn front_end_correction(ty: Ty, member: &Member) -> Option<String> {
    match (ty, &member.value.value) {
        (Ty::Bool, Value::String(s)) => bool_from_string(s).map(|b| {
            format!(
                "`{}: \"{s}\"` written as the bool `{b}` (Chat reads the string so)",
                member.key
            )
        }),
        (Ty::List(_), Value::Array(_) | Value::Null) => None,
        (Ty::List(_), _) => Some(format!(
            "`{}` was one item, not a list: written as a list of one (as Chat reads it)",
            member.key
        )),
        _ => None,
    }
}

/// A shorthand for the member when its whole value is the shorthand's path
/// (`onClick: {openLink: {url: U}}` is `link: U`).
fn shorthand(
    layers: &[Layer<'_>],
    i: usize,
    field: &'static FieldDef,
    node: &Node,
) -> Result<Option<Entry>> {
    let def = layers[i].def;
    for short in def.shorthands {
        let Some((first, rest)) = short.path.split_first() else {
            continue;
        };
        if *first != field.json {
            continue;
        }
        // The macro looks a key up as a field of every layer first, then as a shorthand.
        let shadowed = layers.iter().any(|l| l.def.field(short.name).is_some())
            || layers[..i]
                .iter()
                .any(|l| l.def.shorthands.iter().any(|s| s.name == short.name));
        if shadowed {
            continue;
        }
        let mut leaf = node;
        let mut ty = field.ty;
        let mut fits = true;
        for key in rest {
            let (Ty::Object(d), Some(members)) = (ty, leaf.as_object()) else {
                fits = false;
                break;
            };
            match (members, d.field(key)) {
                ([only], Some(f)) if same_key(&only.key, f.json) => {
                    leaf = &only.value;
                    ty = f.ty;
                }
                _ => {
                    fits = false;
                    break;
                }
            }
        }
        let scalar_leaf = matches!(
            leaf.value,
            Value::String(_) | Value::Number(_) | Value::Bool(_)
        );
        if fits && scalar_leaf && !matches!(ty, Ty::Object(_) | Ty::List(_) | Ty::Color) {
            return Ok(Some(Entry::Field {
                key: short.name.to_owned(),
                value: value(ty, leaf, "")?,
            }));
        }
    }
    Ok(None)
}

/// A nested object field: a bare value (`start_icon: DESCRIPTION`), a block
/// (`header "Title" { … }`), or `key: { … }`.
fn object_field(
    def: &'static ObjectDef,
    field: &'static FieldDef,
    key: String,
    node: &Node,
    path: &str,
) -> Result<Entry> {
    if let Some(bare) = bare_value(def, node)? {
        return Ok(Entry::Field {
            key,
            value: Val::Scalar(bare),
        });
    }
    if field.keyword.is_none() {
        return block(&key, def, node, path);
    }
    Ok(Entry::Field {
        key,
        value: value(field.ty, node, path)?,
    })
}

/// The bare value standing for an object with one member, when the macro would fill that
/// member from it (an enum name fills the first enum field of `bare_value`, a string the
/// first text field).
fn bare_value(def: &'static ObjectDef, node: &Node) -> Result<Option<String>> {
    let Some([only]) = node.as_object() else {
        return Ok(None);
    };
    let Value::String(s) = &only.value.value else {
        return Ok(None);
    };
    let as_enum = scalar::is_enum_name(s);
    let picked = def
        .bare_value
        .iter()
        .filter_map(|k| def.field(k))
        .find(|f| {
            if as_enum {
                matches!(f.ty, Ty::Enum(_))
            } else {
                matches!(f.ty, Ty::Text(_))
            }
        });
    match picked {
        Some(f) if same_key(f.json, &only.key) => match value(f.ty, &only.value, "")? {
            Val::Scalar(s) => Ok(Some(s)),
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

/// `keyword [positional] [{ body }]` for an object of kind `def`.
fn block(keyword: &str, def: &'static ObjectDef, node: &Node, path: &str) -> Result<Entry> {
    let layers = layers_of(def, node, path)?;
    let (positional, entries) = body(&layers, true)?;
    let tall = std::ptr::eq(def, &SECTION) || std::ptr::eq(def, &CARD_WITH_ID);
    Ok(Entry::Block {
        keyword: keyword.to_owned(),
        positional,
        // `keyword` and `keyword {}` build the same object.
        body: (!entries.is_empty()).then_some(entries),
        tall,
    })
}

/// The widget entries of a list of union items (`text "…"`, `buttons { … }`).
fn union_items(union: &'static ObjectDef, items: &[Node], path: &str) -> Result<Vec<Entry>> {
    items
        .iter()
        .enumerate()
        .map(|(n, item)| union_item(union, item, &format!("{path}[{n}]")))
        .collect()
}

/// One widget: the block of its kind, holding the kind's fields and the widget's own
/// (`horizontal_alignment`).
fn union_item(union: &'static ObjectDef, node: &Node, path: &str) -> Result<Entry> {
    let members = members_of(node)
        .ok_or_else(|| ImportError::inexpressible(path, "a widget must be a JSON object"))?;
    let kinds: Vec<(&Member, &'static FieldDef)> = members
        .iter()
        .filter_map(|m| union.field(&m.key).map(|f| (*m, f)))
        .filter(|(_, f)| f.keyword.is_some() && matches!(f.ty, Ty::Object(_)))
        .collect();
    let [(kind, field)] = kinds.as_slice() else {
        let names: Vec<&str> = union.fields.iter().filter_map(|f| f.keyword).collect();
        let what = if kinds.is_empty() {
            format!("{} with no kind (Chat shows nothing)", article(union.name))
        } else {
            let keys: Vec<String> = kinds.iter().map(|(m, _)| format!("`{}`", m.key)).collect();
            format!(
                "{} with {} kinds ({})",
                article(union.name),
                kinds.len(),
                keys.join(", ")
            )
        };
        return Err(ImportError::inexpressible(
            path,
            format!(
                "{what} cannot be written: the language writes each {} by its one kind ({}); remove it or keep one kind",
                union.name,
                names.join(", ")
            ),
        ));
    };
    let (Ty::Object(def), Some(keyword)) = (field.ty, field.keyword) else {
        return Err(ImportError::inexpressible(path, "not a widget kind"));
    };
    let kind_path = join(path, &kind.key);
    let inner = members_of(&kind.value).ok_or_else(|| {
        ImportError::inexpressible(
            &kind_path,
            format!("{} must be a JSON object", article(def.name)),
        )
    })?;
    let outer: Vec<&Member> = members
        .iter()
        .copied()
        .filter(|m| !std::ptr::eq(*m, *kind))
        .collect();
    let layers = [
        Layer {
            def,
            members: inner,
            path: kind_path,
        },
        Layer {
            def: union,
            members: outer,
            path: path.to_owned(),
        },
    ];
    let (positional, entries) = body(&layers, true)?;
    Ok(Entry::Block {
        keyword: keyword.to_owned(),
        positional,
        body: (!entries.is_empty()).then_some(entries),
        tall: false,
    })
}

/// "a" or "an" before a name.
fn article(name: &str) -> String {
    let an = name.starts_with(|c: char| "aeiouAEIOU".contains(c));
    format!("{} {name}", if an { "an" } else { "a" })
}
