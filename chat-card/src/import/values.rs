//! Values after `key:`: scalars, enum names, colours, lists of scalars and nested
//! objects, in the forms the language writes.

use chat_card_core::schema::Ty;
use chat_card_core::tree::{Member, Node, Value};
use chat_card_core::validate::bool_from_string;

use super::ImportError;
use super::emit::{body, join, layers_of};
use super::layout::{Entry, Val};
use super::scalar;

type Result<T> = std::result::Result<T, ImportError>;

/// A value after `key:` for a field of type `ty`.
pub(super) fn value(ty: Ty, node: &Node, path: &str) -> Result<Val> {
    let mismatch = |what: &str| {
        ImportError::inexpressible(
            path,
            format!("{what} where the field takes {}", describe(ty)),
        )
    };
    match (&node.value, ty) {
        // One scalar where a list of scalars belongs: a list of one, as Chat reads it.
        (Value::String(_) | Value::Number(_) | Value::Bool(_), Ty::List(list))
            if !matches!(list.item, Ty::Object(_) | Ty::Color | Ty::List(_)) =>
        {
            Ok(Val::List(vec![value(list.item, node, path)?]))
        }
        (Value::Bool(_), Ty::Object(_) | Ty::List(_) | Ty::Color) => Err(mismatch("a boolean")),
        (Value::Bool(b), _) => Ok(Val::Scalar(b.to_string())),
        (Value::Number(_), Ty::Object(_) | Ty::List(_) | Ty::Color) => Err(mismatch("a number")),
        (Value::Number(n), Ty::Enum(e)) => Ok(Val::Scalar(
            n.as_i64()
                .and_then(|i| e.by_number(i))
                .map(str::to_owned)
                .unwrap_or_else(|| scalar::number(n)),
        )),
        (Value::Number(n), _) => Ok(Val::Scalar(scalar::number(n))),
        (Value::String(s), Ty::Text(_)) => Ok(Val::Scalar(scalar::text(s))),
        // A bool Google's front end reads from a string: the source writes the bool.
        (Value::String(s), Ty::Bool) => Ok(Val::Scalar(
            bool_from_string(s).map_or_else(|| scalar::string(s), |b| b.to_string()),
        )),
        // The language writes a 64-bit integer as a number and builds Google's string form.
        (Value::String(s), Ty::Int64) if s.parse::<i64>().is_ok_and(|n| n.to_string() == *s) => {
            Ok(Val::Scalar(s.clone()))
        }
        (Value::String(s), Ty::Enum(_)) if scalar::is_enum_name(s) => Ok(Val::Scalar(s.clone())),
        (Value::String(_), Ty::Object(_) | Ty::List(_) | Ty::Color) => Err(mismatch("a string")),
        (Value::String(s), _) => Ok(Val::Scalar(scalar::string(s))),
        (Value::Array(array), Ty::List(list))
            if matches!(list.item, Ty::Object(_)) && !array.items.is_empty() =>
        {
            Err(ImportError::inexpressible(
                path,
                "a list of objects with no item keyword cannot be written: the language writes list items as keyword blocks, and `[…]` holds only scalars",
            ))
        }
        (Value::Array(array), Ty::List(list)) => array
            .items
            .iter()
            .enumerate()
            .map(|(n, item)| value(list.item, item, &format!("{path}[{n}]")))
            .collect::<Result<Vec<_>>>()
            .map(Val::List),
        (Value::Array(_), _) => Err(mismatch("a list")),
        (Value::Object(members), Ty::Color) => color(members, path),
        (Value::Object(_), Ty::Object(def)) => {
            let layers = layers_of(def, node, path)?;
            Ok(Val::Object(body(&layers, false)?.1))
        }
        (Value::Object(_), _) => Err(mismatch("an object")),
        (Value::Null, _) => Err(ImportError::inexpressible(
            path,
            "`null` cannot be written in a list; remove the item",
        )),
        (Value::Template(_) | Value::Dynamic(_), _) => {
            Err(ImportError::inexpressible(path, "not a JSON value"))
        }
    }
}

/// `"#rrggbb"` when exact, else `{ red: …, green: …, blue: … }`.
fn color(members: &[Member], path: &str) -> Result<Val> {
    let number = |key: &str| {
        members
            .iter()
            .find(|m| m.key == key)
            .and_then(|m| match &m.value.value {
                Value::Number(n) => Some(n),
                _ => None,
            })
    };
    let only_rgb = members.len() == 3
        || (members.len() == 4 && number("alpha").is_some_and(|a| a.as_f64() == 1.0));
    if only_rgb
        && let (Some(r), Some(g), Some(b)) = (number("red"), number("green"), number("blue"))
        && let Some(hex) = scalar::hex_color(r, g, b)
    {
        return Ok(Val::Scalar(hex));
    }
    let mut entries = Vec::new();
    for m in members {
        let Value::Number(n) = &m.value.value else {
            return Err(ImportError::inexpressible(
                &join(path, &m.key),
                "a colour channel is a number from 0 to 1",
            ));
        };
        if !["red", "green", "blue", "alpha"].contains(&m.key.as_str()) {
            return Err(ImportError::inexpressible(
                &join(path, &m.key),
                "a colour has only `red`, `green`, `blue` and `alpha`",
            ));
        }
        entries.push(Entry::Field {
            key: m.key.clone(),
            value: Val::Scalar(scalar::number(n)),
        });
    }
    Ok(Val::Object(entries))
}

fn describe(ty: Ty) -> &'static str {
    match ty {
        Ty::Text(_) => "text",
        Ty::Bool => "a boolean",
        Ty::Int(_) | Ty::Int64 => "an integer",
        Ty::Float(_) => "a number",
        Ty::Enum(_) => "an enum name",
        Ty::Color => "a colour object",
        Ty::Object(_) => "an object",
        Ty::List(_) => "a list",
    }
}
