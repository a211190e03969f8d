//! The language reference (`chat-card/src/language.md`) is held to the schema tables:
//! its tables of list keywords, positional values and shorthands are generated here from
//! `chat_card_core::schema`, and the test fails when the reference holds a different
//! table (the failure prints the table to paste). Every documented shorthand is then
//! built on every object its row names.

use chat_card::card;
use chat_card_core::schema::{CARD_WITH_ID, FieldDef, MESSAGE, ObjectDef, Scope, Ty, snake_case};

const REFERENCE: &str = include_str!("../chat-card/src/language.md");

/// The `card!` name of an object: the widget keyword objects are known by in messages.
fn name(def: &ObjectDef) -> &'static str {
    if std::ptr::eq(def, &CARD_WITH_ID) {
        "card"
    } else {
        def.name
    }
}

/// The fields a Chat message or dialog may use.
fn chat_fields(def: &'static ObjectDef) -> impl Iterator<Item = &'static FieldDef> {
    def.fields
        .iter()
        .filter(|f| f.scope == Scope::Chat || matches!(f.scope, Scope::DialogOnly(_)))
}

/// Every object a message reaches, in a stable order (breadth first from the message).
fn objects() -> Vec<&'static ObjectDef> {
    let mut out: Vec<&'static ObjectDef> = vec![&MESSAGE];
    let mut i = 0;
    while let Some(def) = out.get(i).copied() {
        i += 1;
        for field in chat_fields(def) {
            let child = match field.ty {
                Ty::Object(d) => Some(d),
                Ty::List(list) => match list.item {
                    Ty::Object(d) => Some(d),
                    _ => None,
                },
                _ => None,
            };
            if let Some(d) = child
                && !out.iter().any(|o| std::ptr::eq(*o, d))
            {
                out.push(d);
            }
        }
    }
    out
}

/// What a list keyword writes.
#[derive(Clone, Copy)]
enum Item {
    /// One object.
    Object(&'static ObjectDef),
    /// A block of widgets of this union.
    Widgets(&'static ObjectDef),
    /// A scalar.
    Value,
}

impl Item {
    fn describe(self) -> String {
        match self {
            Item::Object(def) => name(def).to_owned(),
            Item::Widgets(union) => {
                let keywords: Vec<String> = chat_fields(union)
                    .filter_map(|f| f.keyword)
                    .map(|k| format!("`{k}`"))
                    .collect();
                format!("a block of {}", keywords.join(", "))
            }
            Item::Value => "a value".to_owned(),
        }
    }
}

/// Every keyword that writes an item of a list, with the object it writes (`None` for a
/// scalar item), per object holding the list.
fn list_keywords() -> Vec<(&'static str, &'static str, Item)> {
    let mut out = Vec::new();
    for def in objects() {
        for field in chat_fields(def) {
            let Ty::List(list) = field.ty else { continue };
            match (field.keyword, list.item) {
                (Some(k), Ty::Object(item)) if !item.holds_widget_kind() => {
                    out.push((name(def), k, Item::Object(item)))
                }
                (Some(k), Ty::Object(union)) => out.push((name(def), k, Item::Widgets(union))),
                (Some(k), _) => out.push((name(def), k, Item::Value)),
                (None, Ty::Object(union)) if union.holds_widget_kind() => {
                    for member in chat_fields(union) {
                        if let (Some(k), Ty::Object(item)) = (member.keyword, member.ty) {
                            out.push((name(def), k, Item::Object(item)));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn keyword_table() -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    for (owner, keyword, item) in list_keywords() {
        let cell = format!("`{keyword}` ({})", item.describe());
        match rows.iter_mut().find(|(o, _)| o == owner) {
            Some((_, cells)) => {
                cells.push_str(", ");
                cells.push_str(&cell);
            }
            None => rows.push((owner.to_owned(), cell)),
        }
    }
    let mut table = String::from("| In | Keywords (and what each writes) |\n|---|---|\n");
    for (owner, cells) in rows {
        table.push_str(&format!("| {owner} | {cells} |\n"));
    }
    table
}

fn positional_table() -> String {
    let mut rows: Vec<(&str, String)> = Vec::new();
    for (_, keyword, item) in list_keywords() {
        let Item::Object(item) = item else { continue };
        let Some(positional) = item.positional else {
            continue;
        };
        let fills = format!("`{}` of the {}", snake_case(positional), name(item));
        if !rows.iter().any(|(k, f)| *k == keyword && *f == fills) {
            rows.push((keyword, fills));
        }
    }
    for def in objects() {
        for field in chat_fields(def) {
            if let (Ty::Object(child), None) = (field.ty, field.keyword)
                && let Some(positional) = child.positional
            {
                let keyword = snake_case(field.json);
                let fills = format!("`{}` of the {}", snake_case(positional), name(child));
                if !rows.iter().any(|(k, f)| *k == keyword && *f == fills) {
                    rows.push((Box::leak(keyword.into_boxed_str()), fills));
                }
            }
        }
    }
    let mut table = String::from("| Keyword | The value after it fills |\n|---|---|\n");
    for (keyword, fills) in rows {
        table.push_str(&format!("| `{keyword}` | {fills} |\n"));
    }
    table
}

/// `on_click { open_link { url: … } }` for a path of JSON keys.
fn nested(path: &[&str]) -> String {
    match path {
        [] => String::new(),
        [last] => format!("{}: …", snake_case(last)),
        [first, rest @ ..] => format!("{} {{ {} }}", snake_case(first), nested(rest)),
    }
}

/// (shorthand, what it stands for, objects that have it).
fn shorthands() -> Vec<(&'static str, String, Vec<&'static str>)> {
    let mut rows: Vec<(&'static str, String, Vec<&'static str>)> = Vec::new();
    for def in objects() {
        for short in def.shorthands {
            let stands_for = nested(short.path);
            match rows
                .iter_mut()
                .find(|(n, s, _)| *n == short.name && *s == stands_for)
            {
                Some((_, _, on)) => {
                    if !on.contains(&name(def)) {
                        on.push(name(def));
                    }
                }
                None => rows.push((short.name, stands_for, vec![name(def)])),
            }
        }
    }
    rows
}

fn shorthand_table() -> String {
    let mut table = String::from("| Shorthand | On | Stands for |\n|---|---|---|\n");
    for (short, stands_for, on) in shorthands() {
        table.push_str(&format!(
            "| `{short}` | {} | `{stands_for}` |\n",
            on.join(", ")
        ));
    }
    table
}

#[test]
fn the_reference_tables_are_the_schema_tables() {
    let mut wrong = String::new();
    for (what, table) in [
        ("list keywords", keyword_table()),
        ("positional values", positional_table()),
        ("shorthands", shorthand_table()),
    ] {
        if !REFERENCE.contains(&table) {
            wrong.push_str(&format!(
                "the table of {what} in chat-card/src/language.md differs from the schema; replace it with:\n\n{table}\n"
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong}");
}

/// Every (shorthand, object) pair the test below builds.
const BUILT: &[(&str, &str)] = &[
    ("link", "image"),
    ("action", "image"),
    ("alt", "image"),
    ("link", "decorated text"),
    ("action", "decorated text"),
    ("top", "decorated text"),
    ("bottom", "decorated text"),
    ("wrap", "decorated text"),
    ("link", "button"),
    ("action", "button"),
    ("link", "chip"),
    ("action", "chip"),
    ("alt", "chip"),
    ("link", "grid"),
    ("action", "grid"),
    ("link", "overflow menu item"),
    ("action", "overflow menu item"),
    ("alt", "icon"),
    ("alt", "image component"),
    ("image", "card header"),
    ("image_alt", "card header"),
    ("uncollapsible", "section"),
    ("id", "card"),
    ("thread_key", "message"),
];

#[test]
fn every_documented_shorthand_builds_on_every_object_of_its_row() {
    let mut expected: Vec<(&str, &str)> = shorthands()
        .into_iter()
        .flat_map(|(short, _, on)| on.into_iter().map(move |o| (short, o)))
        .collect();
    expected.sort();
    let mut built = BUILT.to_vec();
    built.sort();
    assert_eq!(
        built, expected,
        "the schema's shorthands and the ones built here differ: build the new ones below"
    );
    let url = "https://example.com/a";
    let msg = card! {
        id: "every-shorthand",
        header { title: "t", image: "https://example.com/i.png", image_alt: "logo" }
        section {
            collapsible: true, uncollapsible: 1,
            image "https://example.com/i.png" { link: "https://example.com/a", alt: "a" }
            image "https://example.com/i.png" { action: "open", alt: "a" }
            decorated { text: "x", top: "t", bottom: "b", wrap: true, link: "https://example.com/a" }
            decorated { text: "x", action: "open" }
            buttons {
                button "a" { link: "https://example.com/a" }
                button "b" { action: "ack" }
                button { icon { known_icon: STAR, alt: "star" }, link: "https://example.com/a" }
            }
            chips {
                chip "a" { link: "https://example.com/a", alt: "a" }
                chip "b" { action: "pick" }
            }
            grid { column_count: 2, link: "https://example.com/a", item "a" }
            grid {
                column_count: 1, action: "open",
                item "c" { image { image_uri: "https://example.com/i.png", alt: "c" } }
            }
            decorated {
                text: "menu",
                button { text: "more", on_click { overflow_menu {
                    item "a" { link: "https://example.com/a" }
                    item "b" { action: "open" }
                } } }
            }
        }
    };
    let msg = msg.unwrap_or_else(|e| panic!("{e}"));
    assert!(msg.as_str().contains(url), "{}", msg.as_str());
    let with_thread = chat_card::message! { text: "x", thread_key: "k" }.unwrap();
    assert!(with_thread.as_str().contains(r#""threadKey":"k""#));
}
