//! The HTML preview: every widget is drawn, card text cannot inject markup, JSON input
//! and the fake-space page work, and the `chat-card preview` command.

#![cfg(feature = "preview")]

use chat_card::model::*;
use chat_card::preview::{self, PreviewEntry, PreviewError, Theme};
use proptest::prelude::*;

use chat_card_test_support::preview::{EVERY_WIDGET, INJECTION, WIDGET_KINDS, assert_inert, tags};

#[test]
fn every_widget_kind_is_drawn() {
    let html = preview::html_for_json(EVERY_WIDGET).expect("the fixture is a message");
    for kind in WIDGET_KINDS {
        assert!(
            html.contains(&format!("data-widget=\"{kind}\"")),
            "no {kind} in the page"
        );
    }
    for marker in [
        "data-card-header",
        "data-section",
        "data-collapsed",
        "data-carousel-card",
        "data-column",
        "data-accessory",
        "data-message-text",
        "data-icon=\"EMAIL\"",
        "data-material=\"rocket_launch\"",
        "class=\"switch\"",
        "<select",
        "<textarea",
        "type=\"radio\"",
        "<details class=\"overflow\"",
        "2023-11-14 22:13 UTC",
    ] {
        assert!(html.contains(marker), "no {marker} in the page");
    }
    // Every button type and the custom colour are distinguishable.
    for class in [
        "btn outlined",
        "btn filled",
        "btn tonal",
        "btn borderless",
        "btn filled custom",
        "disabled",
    ] {
        assert!(html.contains(class), "no {class}");
    }
    assert!(html.contains("style=\"background:#1a8033;color:#ffffff\""));
    // Form inputs are drawn disabled (the hidden "Show more" toggles are not form inputs).
    for tag in tags(&html) {
        let toggle = tag.attrs.iter().any(|(n, v)| n == "class" && v == "toggle");
        if matches!(tag.name.as_str(), "input" | "select" | "textarea") && !toggle {
            assert!(
                tag.attrs.iter().any(|(n, _)| n == "disabled"),
                "<{}> not disabled",
                tag.name
            );
        }
    }
    assert_inert(&html);
}

#[test]
fn the_page_is_self_contained_with_a_strict_policy() {
    let html = preview::html_for_json(EVERY_WIDGET).expect("renders");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'"
    ));
    for tag in tags(&html) {
        assert!(tag.name != "link" && tag.name != "script", "<{}>", tag.name);
    }
}

#[test]
fn injection_cases_are_neutralised() {
    let html = preview::html_for_json(INJECTION).expect("the fixture is a message");
    assert_inert(&html);
    assert!(!html.contains("<script"));
    assert!(!html.to_ascii_lowercase().contains("href=\"javascript"));
    // The text is still shown, escaped.
    assert!(html.contains("&lt;script&gt;alert(&#39;paragraph&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // The `javascript:` link keeps its text but loses its target.
    assert!(html.contains("class=\"link-removed\""));
    assert!(html.contains(">js link</a>"));
}

#[test]
fn card_html_subset_is_kept() {
    let card = Card {
        sections: vec![Section::new(vec![
            TextParagraph::new(
                "<b>b</b><i>i</i><u>u</u><s>s</s><font color=\"#d93025\">red</font>\
                 <a href=\"https://example.com/?a=1&amp;b=2\">link</a><time>2026-01-01 10:00</time>\
                 <br><code>c</code><pre>p</pre><ul><li>x</li></ul><ol><li>y</li></ol>",
            )
            .into(),
        ])],
        ..Default::default()
    };
    let html = preview::render_card(&card, Theme::Light);
    for fragment in [
        "<b>b</b>",
        "<i>i</i>",
        "<u>u</u>",
        "<s>s</s>",
        "<span class=\"font\" style=\"color:#d93025\">red</span>",
        "<a href=\"https://example.com/?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener noreferrer\">link</a>",
        "<time>2026-01-01 10:00</time>",
        "<br>",
        "<code>c</code>",
        "<pre>p</pre>",
        "<ul><li>x</li></ul>",
        "<ol><li>y</li></ol>",
    ] {
        assert!(html.contains(fragment), "missing {fragment}");
    }
    assert!(html.contains("class=\"theme-light\""));
}

#[test]
fn seed_card_renders_with_its_link_button() {
    let seed = r#"{"cardsV2":[{"cardId":"createCardMessage","card":{"header":{"title":"A card message!",
        "subtitle":"Created with the Chat API",
        "imageUrl":"https://developers.google.com/chat/images/chat-product-icon.png","imageType":"CIRCLE"},
        "sections":[{"widgets":[{"buttonList":{"buttons":[{"text":"Read the docs!",
        "onClick":{"openLink":{"url":"https://developers.google.com/chat"}}}]}}]}]}}]}"#;
    let html = preview::html_for_json_themed(seed, Theme::Dark).expect("renders");
    assert!(html.contains("class=\"theme-dark\""));
    assert!(html.contains("A card message!"));
    assert!(html.contains("avatar-img circle"));
    assert!(html.contains(
        "<a class=\"btn outlined\" href=\"https://developers.google.com/chat\" target=\"_blank\" rel=\"noopener noreferrer\"><span class=\"btn-text\">Read the docs!</span></a>"
    ));
}

#[test]
fn a_dialog_footer_is_drawn() {
    let card = Card {
        sections: vec![Section::new(vec![TextParagraph::new("body").into()])],
        fixed_footer: Some(CardFixedFooter {
            primary_button: Some(Button {
                color: Color::from_hex("#0b57d0"),
                ..Button::link("Save", "https://example.com/save")
            }),
            secondary_button: Some(Button::link("Cancel", "https://example.com/cancel")),
        }),
        ..Default::default()
    };
    let html = card.preview_html(Theme::Light);
    let footer = html.find("data-fixed-footer").expect("footer drawn");
    let cancel = html.find(">Cancel<").expect("secondary drawn");
    let save = html.find(">Save<").expect("primary drawn");
    assert!(
        footer < cancel && cancel < save,
        "secondary before primary, at the end"
    );
}

#[test]
fn message_text_chat_markup_is_rendered() {
    let message = Message {
        text: Some("*bold* _it_ ~gone~ `x` <https://example.com|site> <users/all>".into()),
        ..Default::default()
    };
    let html = message.preview_html(Theme::Auto);
    assert!(html.contains(
        "<b>bold</b> <i>it</i> <s>gone</s> <code>x</code> <a href=\"https://example.com\" target=\"_blank\" rel=\"noopener noreferrer\">site</a> <span class=\"mention\">@all</span>"
    ));
    assert!(html.contains("class=\"theme-auto\""));
}

#[test]
fn bare_cards_and_bad_json_are_handled() {
    let html = preview::html_for_json(
        r#"{"header":{"title":"Bare"},"sections":[{"widgets":[{"divider":{}}]}]}"#,
    )
    .expect("a bare card renders");
    assert!(html.contains("Bare") && html.contains("data-widget=\"divider\""));

    match preview::html_for_json("{\n  \"text\": \"x\",\n}") {
        Err(PreviewError::Syntax { line, column, .. }) => assert_eq!((line, column), (3, 1)),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    let shape = preview::html_for_json(r#"{"cardsV2": [{"card": {"sections": "no"}}]}"#);
    match shape {
        Err(e @ PreviewError::Shape { .. }) => {
            let text = e.to_string();
            assert!(text.contains("line 1"), "{text}");
            assert!(text.contains("chat-card check"), "says how to fix: {text}");
        }
        other => panic!("expected a shape error, got {other:?}"),
    }
    assert!(matches!(
        preview::html_for_json("[1, 2]"),
        Err(PreviewError::Shape { .. })
    ));
}

#[test]
fn every_golden_card_of_the_repository_renders() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden");
    let mut count = 0;
    for entry in std::fs::read_dir(dir)
        .expect("tests/golden exists")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let html = preview::html_for_json(&text)
            .unwrap_or_else(|e| panic!("{} does not render: {e}", path.display()));
        // Every widget kind named in the JSON is drawn.
        for kind in WIDGET_KINDS {
            if text.contains(&format!("\"{kind}\"")) {
                assert!(
                    html.contains(&format!("data-widget=\"{kind}\"")),
                    "{}: {kind} not drawn",
                    path.display()
                );
            }
        }
        assert_inert(&html);
        count += 1;
    }
    assert!(count >= 3, "expected golden cards, found {count}");
}

#[test]
fn messages_page_groups_by_space_and_thread() {
    let entry = |space: &str, thread: Option<&str>, text: &str| PreviewEntry {
        space: space.into(),
        thread: thread.map(Into::into),
        json: serde_json::json!({ "text": text }).to_string(),
    };
    let entries = vec![
        entry("spaces/AAA", Some("deploys"), "first deploy"),
        entry("spaces/BBB", None, "other space"),
        entry("spaces/AAA", Some("alerts"), "an alert"),
        entry("spaces/AAA", Some("deploys"), "second deploy"),
        PreviewEntry {
            space: "spaces/AAA".into(),
            thread: None,
            json: "{not json".into(),
        },
    ];
    let html = preview::messages_page(&entries);
    assert!(html.contains("<meta http-equiv=\"refresh\" content=\"2\">"));
    let pos = |s: &str| html.find(s).unwrap_or_else(|| panic!("no {s}"));
    // Spaces and threads in order of first appearance; a thread holds its messages in order.
    assert!(pos("data-space=\"spaces/AAA\"") < pos("data-space=\"spaces/BBB\""));
    assert!(pos("first deploy") < pos("second deploy"));
    assert!(
        pos("second deploy") < pos("an alert"),
        "second deploy is in the deploys thread"
    );
    assert!(pos("an alert") < pos("data-space=\"spaces/BBB\""));
    assert!(html.contains("Thread deploys · 2 messages"));
    assert!(html.contains("data-error"), "a bad entry shows its error");
    assert!(html.contains("5 messages"));
    assert_inert(&html);

    let empty = preview::messages_page(&[]);
    assert!(empty.contains("No messages yet"));
}

#[test]
fn pathological_text_neither_overflows_the_stack_nor_hangs() {
    let nested = format!("{}x{}", "*_~".repeat(20_000), "~_*".repeat(20_000));
    let texts = [
        nested.clone(),
        "<".repeat(40_000),
        "[".repeat(40_000),
        "`".repeat(40_001),
        "*a".repeat(20_000),
        "<b a='".repeat(6_000),
        "<b>".repeat(20_000),
        "&".repeat(40_000),
    ];
    for text in texts {
        let message = Message {
            text: Some(text.clone()),
            cards_v2: vec![CardWithId {
                card_id: None,
                card: Card {
                    sections: vec![Section::new(vec![
                        TextParagraph::new(text.clone()).into(),
                        TextParagraph {
                            text: Some(text),
                            text_syntax: Some(TextSyntax::Markdown),
                            ..Default::default()
                        }
                        .into(),
                    ])],
                    ..Default::default()
                },
            }],
            ..Default::default()
        };
        let html = preview::render_message(&message, Theme::Light);
        assert_inert(&html);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_card_text_stays_inert(
        text in r#"([<>/"'=&; a-z]|script|onerror|javascript:|href|<a |<b>|</b>|<font |color=|#fff|https://x.example){0,24}"#,
        header in ".{0,16}",
    ) {
        let card = Card {
            header: Some(CardHeader::new(header.clone())),
            sections: vec![Section {
                header: Some(text.clone()),
                widgets: vec![
                    TextParagraph::new(text.clone()).into(),
                    DecoratedText { top_label: Some(text.clone()), ..DecoratedText::new(text.clone()) }.into(),
                    TextParagraph { text: Some(text.clone()), text_syntax: Some(TextSyntax::Markdown), ..Default::default() }.into(),
                ],
                ..Default::default()
            }],
            ..Default::default()
        };
        let html = preview::render_card(&card, Theme::Light);
        assert_inert(&html);
        let message = Message { text: Some(text), ..Default::default() };
        assert_inert(&preview::render_message(&message, Theme::Dark));
    }

    #[test]
    fn arbitrary_json_text_never_panics(text in ".{0,64}") {
        let _ = preview::html_for_json(&text);
    }
}
