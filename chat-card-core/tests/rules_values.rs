//! Rules of design §4: colours, numbers, runtime placeholders, and how problems are reported.

mod common;

use chat_card_core::json::parse;
use chat_card_core::tree::{Array, Dynamic, Template, Value};
use chat_card_core::validate::{RootKind, validate};
use common::*;

// --- colours, numbers ------------------------------------------------------------------

#[test]
fn colour_channels_are_0_to_1() {
    let button = |color: &str| {
        card_with(&format!(
            r#"{{"buttonList": {{"buttons": [{{"text": "x", "color": {color}, "onClick": {{"openLink": {{"url": "https://e.com"}}}}}}]}}}}"#
        ))
    };
    let path = "sections[0].widgets[0].buttonList.buttons[0].color";
    assert_one(
        &button(r#"{"red": 217, "green": 0.2, "blue": 0}"#),
        &format!("{path}.red"),
        "outside 0 to 1",
        "0.851",
    );
    assert_one(
        &button(r##""#d93025""##),
        path,
        "object in JSON",
        "\"red\": 0.851",
    );
    assert_one(
        &button(r#"{"red": 1, "gren": 0}"#),
        &format!("{path}.gren"),
        "unknown field",
        "`green`",
    );
    assert_valid(&button(
        r#"{"red": 0.85, "green": 0.19, "blue": 0.15, "alpha": 1}"#,
    ));
}

#[test]
fn integer_rules() {
    assert_one(
        &card_with(
            r#"{"decoratedText": {"text": "x", "startIcon": {"materialIcon": {"name": "check", "weight": 450}}}}"#,
        ),
        "sections[0].widgets[0].decoratedText.startIcon.materialIcon.weight",
        "not an accepted value",
        "100, 200, 300, 400, 500, 600, 700",
    );
    assert_one(
        &card_with(r#"{"textParagraph": {"text": "x", "maxLines": 1.5}}"#),
        "sections[0].widgets[0].textParagraph.maxLines",
        "expected an integer",
        "whole number",
    );
    assert_valid(&card_with(
        r#"{"dateTimePicker": {"name": "d", "valueMsEpoch": "1700000000000"}}"#,
    ));
    assert_one(
        &card_with(r#"{"dateTimePicker": {"name": "d", "valueMsEpoch": "soon"}}"#),
        "sections[0].widgets[0].dateTimePicker.valueMsEpoch",
        "expected an integer",
        "",
    );
}

// --- runtime placeholders ---------------------------------------------------------------

fn seed_card() -> chat_card_core::tree::Node {
    parse(&card_with(
        r#"{"decoratedText": {"text": "x", "topLabel": "t", "wrapText": true}}, {"buttonList": {"buttons": [{"text": "Open", "onClick": {"openLink": {"url": "https://e.com"}}}]}}"#,
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

const URL_PATH: [&str; 10] = [
    "sections",
    "0",
    "widgets",
    "1",
    "buttonList",
    "buttons",
    "0",
    "onClick",
    "openLink",
    "url",
];

#[test]
fn runtime_text_is_not_a_url() {
    let mut node = seed_card();
    at(&mut node, &URL_PATH).value = Value::Dynamic(Dynamic::Text);
    let found = validate(&node, RootKind::Card);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("chat_card::WebUrl")
    );
    at(&mut node, &URL_PATH).value = Value::Dynamic(Dynamic::Url);
    assert!(validate(&node, RootKind::Card).is_empty());
}

#[test]
fn runtime_kinds_must_fit_the_field() {
    let text = ["sections", "0", "widgets", "0", "decoratedText", "text"];
    let wrap = ["sections", "0", "widgets", "0", "decoratedText", "wrapText"];
    let mut node = seed_card();
    at(&mut node, &text).value = Value::Dynamic(Dynamic::TrustedMarkup);
    at(&mut node, &wrap).value = Value::Dynamic(Dynamic::Bool);
    assert!(validate(&node, RootKind::Card).is_empty());
    at(&mut node, &wrap).value = Value::Dynamic(Dynamic::Text);
    let found = validate(&node, RootKind::Card);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("found runtime text"),
        "{found:#?}"
    );
    // Trusted markup in a plain-text field.
    let mut node = seed_card();
    at(&mut node, &["header", "title"]).value = Value::Dynamic(Dynamic::TrustedMarkup);
    let found = validate(&node, RootKind::Card);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("trusted markup"));
}

fn template(s: &str, holes: &[(usize, usize)]) -> Value {
    Value::Template(Template {
        sample: s.to_string(),
        holes: holes.iter().map(|(a, b)| *a..*b).collect(),
    })
}

#[test]
fn url_templates_fix_scheme_and_host() {
    let mut node = seed_card();
    at(&mut node, &URL_PATH).value = template("https://e.com/d/x", &[(16, 17)]);
    assert!(validate(&node, RootKind::Card).is_empty());
    at(&mut node, &URL_PATH).value = template("https://x.e.com/d", &[(8, 9)]);
    let found = validate(&node, RootKind::Card);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("scheme or host"), "{found:#?}");
    at(&mut node, &URL_PATH).value = template("x/path", &[(0, 1)]);
    assert_eq!(validate(&node, RootKind::Card).len(), 1);
}

#[test]
fn template_markup_is_checked_on_the_sample() {
    let text = ["sections", "0", "widgets", "0", "decoratedText", "text"];
    let mut node = seed_card();
    at(&mut node, &text).value = template("<b>x</b> is down", &[(3, 4)]);
    assert!(validate(&node, RootKind::Card).is_empty());
    at(&mut node, &text).value = template("<b>x is down", &[(3, 4)]);
    assert_eq!(validate(&node, RootKind::Card).len(), 1);
}

#[test]
fn open_arrays_skip_count_and_size_limits() {
    let mut node = parse(r#"{"sections": [{"widgets": []}]}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(validate(&node, RootKind::Card).len(), 1);
    at(&mut node, &["sections", "0", "widgets"]).value = Value::Array(Array {
        items: Vec::new(),
        open: true,
    });
    assert!(validate(&node, RootKind::Card).is_empty());
    // A huge open card: the size is only known at runtime.
    let big = "x".repeat(40_000);
    let mut node = parse(&card_with(&format!(
        r#"{{"textParagraph": {{"text": "{big}"}}}}"#
    )))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(validate(&node, RootKind::Card).len(), 1);
    if let Value::Array(a) = &mut at(&mut node, &["sections", "0", "widgets"]).value {
        a.open = true;
    }
    assert!(validate(&node, RootKind::Card).is_empty());
}

// --- reporting ---------------------------------------------------------------------------

#[test]
fn paths_start_at_the_message_or_the_card() {
    let card = r#"{"header": {"title": "x", "imageUrl": "a.png"}}"#;
    assert_one(card, "header.imageUrl", "relative", "");
    assert_one(
        &format!(r#"{{"cardsV2": [{{"cardId": "c", "card": {card}}}]}}"#),
        "cardsV2[0].card.header.imageUrl",
        "relative",
        "",
    );
}

#[test]
fn all_problems_in_document_order() {
    let json = card_with(
        r#"{"image": {"imageUrl": "a.png"}}, {"decoratedText": {"qqq": "x"}}, {"buttonList": {"buttons": [{"text": "b", "onClick": {"openLink": {"url": "javascript:x"}}}]}}"#,
    );
    let found = problems(&json);
    let paths: Vec<&str> = found.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "sections[0].widgets[0].image.imageUrl",
            "sections[0].widgets[1].decoratedText.qqq",
            "sections[0].widgets[1].decoratedText",
            "sections[0].widgets[2].buttonList.buttons[0].onClick.openLink.url",
        ]
    );
    // Members come in document order; an object's missing field right after its members.
    assert!(found[1].origin > found[2].origin && found[2].origin > found[0].origin);
}

#[test]
fn the_seed_card_passes() {
    let card = r#"{
      "header": {"title": "A card message!", "subtitle": "Created with the Chat API",
                 "imageUrl": "https://developers.google.com/chat/images/chat-product-icon.png",
                 "imageType": "CIRCLE"},
      "sections": [{"widgets": [{"buttonList": {"buttons": [{"text": "Read the docs!",
        "onClick": {"openLink": {"url": "https://developers.google.com/chat"}}}]}}]}]}"#;
    assert_valid(card);
    assert_valid(&format!(
        r#"{{"cardsV2": [{{"cardId": "createCardMessage", "card": {card}}}]}}"#
    ));
}

#[test]
fn null_means_default() {
    assert_valid(r#"{"header": {"title": "x", "subtitle": null, "imageType": null}}"#);
}
