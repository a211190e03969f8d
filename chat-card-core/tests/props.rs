//! Property tests: the JSON reader and the validator never panic, and the reader agrees
//! with serde_json on valid JSON.

mod common;

use chat_card_core::json::{line_col, parse, parse_bytes, write_compact};
use chat_card_core::lines::LineIndex;
use chat_card_core::schema::{ALL_OBJECTS, same_key, snake_case};
use chat_card_core::tree::{Array, Dynamic, Member, Node, Number, Origin, Template, Value};
use chat_card_core::validate::{RootKind, validate};
use proptest::prelude::*;

/// The number of cases: `default`, or `PROPTEST_CASES` from the environment when set (to
/// run longer campaigns: `PROPTEST_CASES=100000 cargo test -p chat-card-core --test props`).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Converts our tree into a serde_json value (for comparisons).
fn to_serde(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null | Value::Dynamic(_) => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            let text = n.as_str();
            if let Ok(i) = text.parse::<i64>() {
                serde_json::json!(i)
            } else if let Ok(u) = text.parse::<u64>() {
                serde_json::json!(u)
            } else {
                // Rust's float parser is exact; serde_json's default one may be off by an ulp.
                serde_json::Number::from_f64(text.parse().unwrap_or(f64::NAN))
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Template(t) => serde_json::Value::String(t.sample.clone()),
        Value::Array(a) => serde_json::Value::Array(a.items.iter().map(to_serde).collect()),
        Value::Object(ms) => serde_json::Value::Object(
            ms.iter()
                .map(|m| (m.key.clone(), to_serde(&m.value)))
                .collect(),
        ),
    }
}

/// Any JSON value (serde_json's model), up to a modest size.
fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<u64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(6, 128, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Every field name of the tables, plus a few near misses.
fn vocabulary() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ALL_OBJECTS
        .iter()
        .flat_map(|d| d.fields.iter().map(|f| f.json))
        .collect();
    names.extend([
        "x",
        "Text",
        "top_label",
        "image_url",
        "widget",
        "button",
        "link",
    ]);
    names.sort_unstable();
    names.dedup();
    names
}

/// Strings that exercise the text rules.
fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "https://e.com/a",
            "http://e.com",
            "/rel",
            "javascript:x",
            "e.com/x",
            "//e.com",
            "https://",
            "<b>x</b>",
            "<b>x",
            "</i>",
            "**x**",
            "__x__",
            "[a](https://e.com)",
            "<strong>x</strong>",
            "<a href='/x'>y</a>",
            "<font color=\"#fff\">x</font>",
            "<users/all>",
            "CIRCLE",
            "STAR",
            "MARKDOWN",
            "MARKUP_SYNTAX_MARKDOWN",
            "#d93025",
            "client-x",
            "1700000000000",
            "<",
            "<<>>",
            "é<é>",
            "\u{0}",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ]
}

/// Card-shaped JSON: objects keyed by real field names, values of every type.
fn arb_card_json() -> impl Strategy<Value = serde_json::Value> {
    let vocab = vocabulary();
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        (-300i64..300).prop_map(|n| serde_json::json!(n)),
        (-2.0f64..300.0).prop_map(|f| serde_json::json!(f)),
        arb_text().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(10, 256, 6, move |inner| {
        let vocab = vocab.clone();
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::vec((prop::sample::select(vocab), inner), 0..6).prop_map(|kv| {
                // Keep duplicates: build the text by hand below when needed; a map drops them.
                serde_json::Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// Trees with runtime parts: templates (with valid or odd hole ranges), runtime values,
/// open arrays and duplicate keys.
fn arb_node() -> impl Strategy<Value = Node> {
    let vocab = vocabulary();
    let dynamic = prop::sample::select(vec![
        Dynamic::Text,
        Dynamic::TrustedMarkup,
        Dynamic::Bool,
        Dynamic::Integer,
        Dynamic::Float,
        Dynamic::Url,
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-300i64..300).prop_map(|n| Value::Number(Number::from_json_text(n.to_string()))),
        arb_text().prop_map(Value::String),
        (
            arb_text(),
            prop::collection::vec((0usize..40, 0usize..40), 0..3)
        )
            .prop_map(|(sample, holes)| {
                Value::Template(Template {
                    sample,
                    holes: holes.into_iter().map(|(a, b)| a..b).collect(),
                })
            }),
        dynamic.prop_map(Value::Dynamic),
    ];
    let leaf = (leaf, any::<u16>()).prop_map(|(v, o)| Node::new(v, Origin(u32::from(o))));
    leaf.prop_recursive(10, 256, 6, move |inner| {
        let vocab = vocab.clone();
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..5), any::<bool>()).prop_map(
                |(items, open)| Node::new(Value::Array(Array { items, open }), Origin(0))
            ),
            prop::collection::vec((prop::sample::select(vocab), inner), 0..6).prop_map(|kv| {
                Node::new(
                    Value::Object(
                        kv.into_iter()
                            .map(|(k, v)| Member {
                                key: k.to_string(),
                                key_origin: Origin(1),
                                value: v,
                            })
                            .collect(),
                    ),
                    Origin(2),
                )
            }),
        ]
    })
}

/// Wraps a card-shaped value where the validator looks: as a card, and as a message.
fn placements(value: serde_json::Value) -> Vec<serde_json::Value> {
    vec![
        value.clone(),
        serde_json::json!({"sections": [{"widgets": [value.clone()]}]}),
        serde_json::json!({"cardsV2": [{"cardId": "a", "card": value.clone()}, {"card": value}]}),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(10_000), .. ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_strings(text in any::<String>(), offset in any::<usize>()) {
        let _ = parse(&text);
        let _ = line_col(&text, offset);
    }

    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_bytes(&bytes);
    }

    #[test]
    fn parse_never_panics_on_json_like_text(
        text in prop::collection::vec(
            prop::sample::select(vec!["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "d800", "1", "-", ".", "e", "true", "null", " ", "\"a\"", "é"]),
            0..64,
        )
    ) {
        let text = text.concat();
        let ours = parse(&text).is_ok();
        let theirs = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        prop_assert_eq!(ours, theirs, "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(2_000), .. ProptestConfig::default() })]

    #[test]
    fn parse_agrees_with_serde_json(value in arb_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap_or_default()
        } else {
            value.to_string()
        };
        let node = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(to_serde(&node), value);
        // And our compact writer writes JSON serde reads back to the same value.
        let mut out = String::new();
        write_compact(&node, &mut out);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{}", out);
        let back = parse(&out).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        prop_assert_eq!(to_serde(&back), to_serde(&node));
    }

    #[test]
    fn one_byte_changes_are_judged_like_serde_json(value in arb_json(), at in any::<prop::sample::Index>(), byte in prop::sample::select(b"{}[],:\"\\ 0-.eEtfnu/'x\t".to_vec())) {
        let text = value.to_string();
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let theirs = serde_json::from_slice::<serde_json::Value>(&bytes).is_ok();
        let ours = parse_bytes(&bytes).is_ok();
        prop_assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(3_000), .. ProptestConfig::default() })]

    #[test]
    fn validator_never_panics_on_card_shaped_json(value in arb_card_json()) {
        for placed in placements(value) {
            let text = placed.to_string();
            if let Ok(node) = parse(&text) {
                let _ = validate(&node, RootKind::Message);
                let _ = validate(&node, RootKind::Card);
            }
        }
    }

    #[test]
    fn validator_never_panics_on_any_json(value in arb_json()) {
        for placed in placements(value) {
            if let Ok(node) = parse(&placed.to_string()) {
                let _ = common::problems_of(&node);
            }
        }
    }

    #[test]
    fn validator_never_panics_on_runtime_trees(node in arb_node()) {
        let _ = validate(&node, RootKind::Message);
        let _ = validate(&node, RootKind::Card);
        let card = Node::new(Value::Object(vec![Member {
            key: "sections".into(),
            key_origin: Origin(0),
            value: Node::new(Value::Array(Array { items: vec![node], open: false }), Origin(0)),
        }]), Origin(0));
        let _ = validate(&card, RootKind::Card);
    }

    #[test]
    fn every_problem_has_a_message_and_help(value in arb_card_json()) {
        for placed in placements(value) {
            if let Ok(node) = parse(&placed.to_string()) {
                for p in validate(&node, RootKind::Card) {
                    prop_assert!(!p.message.is_empty());
                    prop_assert!(p.help.as_deref().is_some_and(|h| !h.is_empty()), "{:?}", p);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(5_000), .. ProptestConfig::default() })]

    /// The line index gives every offset the position the scan from the start gives: on
    /// text mixing newlines (`\n`, `\r\n`), ASCII and multi-byte characters, at offsets
    /// inside characters and past the end.
    #[test]
    fn line_index_agrees_with_the_scan(
        text in "(\n|\r\n|[a-z ]{1,70}|é|😀|\u{7ff}|\u{800}){0,40}",
        offsets in proptest::collection::vec(0usize..400, 1..20),
    ) {
        let index = LineIndex::new(&text);
        for offset in offsets.into_iter().chain([0, text.len(), text.len() + 1]) {
            prop_assert_eq!(index.line_col(offset), line_col(&text, offset), "offset {}", offset);
        }
    }

    /// Two keys are the same field (`imageType` and `image_type`) exactly when their
    /// snake_case spellings are equal: the validator finds duplicate keys by the latter.
    #[test]
    fn same_key_is_equal_snake_case(a in "[aAbB_]{0,6}", b in "[aAbB_]{0,6}") {
        prop_assert_eq!(same_key(&a, &b), snake_case(&a) == snake_case(&b), "{:?} {:?}", a, b);
    }
}
