//! The tables against the Chat API discovery document (revision 20260405, saved in
//! `tests/data/chat-v1-discovery.json`): every object with a discovery name has exactly
//! the document's properties, with compatible JSON types and the same enum values.

use std::collections::BTreeSet;

use chat_card_core::schema::{ALL_OBJECTS, EnumDef, ObjectDef, Ty};
use serde_json::Value;

/// Fields newer than the discovery revision (from `message.proto`, Aug 2026).
const NEWER_THAN_DISCOVERY: &[(&str, &str)] = &[
    ("Message", "markupSyntax"),
    ("Message", "silent"),
    // In `google.chat.v1.User` of the current protos (the `google-apps-chat` types).
    ("User", "avatarUrl"),
    ("User", "email"),
];

/// Legacy fields: once in the document, gone from it now, still accepted by Chat
/// (`previewText` was in revisions 2018 to about 2021; Grafana still sends it).
const REMOVED_FROM_DISCOVERY: &[(&str, &str)] = &[("Message", "previewText")];

/// Enum values newer than the discovery revision.
const NEWER_ENUM_VALUES: &[(&str, &str)] = &[("quote type", "FORWARD")];

fn discovery() -> Value {
    let text = include_str!("data/chat-v1-discovery.json");
    serde_json::from_str(text).unwrap_or_else(|e| panic!("discovery document: {e}"))
}

fn enum_ok(def: &EnumDef, schema: &Value, where_: &str, errors: &mut Vec<String>) {
    let Some(values) = schema.get("enum").and_then(Value::as_array) else {
        // A free-form string in the document (`knownIcon`): our list is stricter.
        return;
    };
    let theirs: BTreeSet<&str> = values.iter().filter_map(Value::as_str).collect();
    let ours: BTreeSet<&str> = def
        .values
        .iter()
        .copied()
        .filter(|v| !NEWER_ENUM_VALUES.contains(&(def.name, v)))
        .collect();
    // Numbered enums list their values in protobuf number order, as the document does,
    // so a value's index is its number (ProtoJSON accepts numbers for enums).
    if def.numbered {
        let theirs_in_order: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        let ours_in_order: Vec<&str> = def
            .values
            .iter()
            .copied()
            .filter(|v| !NEWER_ENUM_VALUES.contains(&(def.name, v)))
            .collect();
        if theirs_in_order != ours_in_order {
            errors.push(format!(
                "{where_}: enum {} is in the order {ours_in_order:?}, discovery {theirs_in_order:?}",
                def.name
            ));
        }
    }
    if theirs != ours {
        errors.push(format!(
            "{where_}: enum {} has {ours:?}, discovery {theirs:?}",
            def.name
        ));
    }
}

fn type_ok(ty: Ty, schema: &Value, where_: &str, errors: &mut Vec<String>) {
    let json_type = schema.get("type").and_then(Value::as_str);
    let reference = schema.get("$ref").and_then(Value::as_str);
    let ok = match ty {
        Ty::Text(_) => {
            json_type == Some("string") && schema.get("format").is_none_or(|f| f != "int64")
        }
        Ty::Bool => json_type == Some("boolean"),
        Ty::Int(_) => json_type == Some("integer"),
        Ty::Int64 => {
            json_type == Some("string")
                && schema.get("format").and_then(Value::as_str) == Some("int64")
        }
        Ty::Float(_) => json_type == Some("number"),
        Ty::Enum(def) => {
            enum_ok(def, schema, where_, errors);
            json_type == Some("string")
        }
        Ty::Color => reference == Some("Color"),
        Ty::Object(def) => match def.discovery {
            Some(name) => reference == Some(name),
            // Our narrower variants (`MENU_ITEM_ON_CLICK`) and opaque objects.
            None => reference.is_some(),
        },
        Ty::List(list) => {
            if json_type == Some("array") {
                match schema.get("items") {
                    Some(items) => type_ok(list.item, items, &format!("{where_}[]"), errors),
                    None => errors.push(format!("{where_}: array without items")),
                }
                true
            } else {
                false
            }
        }
    };
    if !ok {
        errors.push(format!(
            "{where_}: our type {ty:?} does not match discovery {schema}"
        ));
    }
}

fn check_object(def: &ObjectDef, doc: &Value, errors: &mut Vec<String>) {
    let Some(name) = def.discovery else { return };
    let Some(schema) = doc["schemas"].get(name) else {
        errors.push(format!("{name}: not in the discovery document"));
        return;
    };
    let empty = serde_json::Map::new();
    let props = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for field in def.fields {
        if NEWER_THAN_DISCOVERY.contains(&(name, field.json)) {
            assert!(
                props.get(field.json).is_none(),
                "{name}.{} is in discovery now: drop the exception",
                field.json
            );
            continue;
        }
        if REMOVED_FROM_DISCOVERY.contains(&(name, field.json)) {
            assert!(
                props.get(field.json).is_none(),
                "{name}.{} is in discovery again: drop the exception",
                field.json
            );
            continue;
        }
        match props.get(field.json) {
            None => errors.push(format!(
                "{name}.{}: in our table, not in discovery",
                field.json
            )),
            Some(p) => type_ok(field.ty, p, &format!("{name}.{}", field.json), errors),
        }
    }
    for key in props.keys() {
        if def.fields.iter().all(|f| f.json != key) {
            errors.push(format!("{name}.{key}: in discovery, not in our table"));
        }
    }
}

#[test]
fn tables_match_the_discovery_document() {
    let doc = discovery();
    let mut errors = Vec::new();
    let mut checked = 0;
    for def in ALL_OBJECTS {
        if def.discovery.is_some() {
            checked += 1;
        }
        check_object(def, &doc, &mut errors);
    }
    assert!(
        errors.is_empty(),
        "{} mismatches:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(checked >= 65, "only {checked} objects checked");
}

#[test]
fn every_card_schema_of_the_document_is_in_the_tables() {
    let doc = discovery();
    let ours: BTreeSet<&str> = ALL_OBJECTS.iter().filter_map(|d| d.discovery).collect();
    let missing: Vec<&String> = doc["schemas"]
        .as_object()
        .map(|m| {
            m.keys()
                .filter(|k| k.starts_with("GoogleAppsCardV1") && !ours.contains(k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        missing.is_empty(),
        "card schemas without a table: {missing:?}"
    );
    for name in [
        "Message",
        "CardWithId",
        "Thread",
        "AccessoryWidget",
        "User",
        "QuotedMessageMetadata",
    ] {
        assert!(ours.contains(name), "{name} has no table");
    }
}

#[test]
fn table_names_are_unique() {
    let mut names = BTreeSet::new();
    for def in ALL_OBJECTS {
        if let Some(d) = def.discovery {
            assert!(names.insert(d), "{d} has two tables");
        }
    }
}
