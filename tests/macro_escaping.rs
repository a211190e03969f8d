//! Property tests: whatever runtime values go into the holes, the message is valid JSON,
//! passes the runtime validator, and the values cannot inject markup.

use chat_card::{card, message};
use proptest::prelude::*;
use serde_json::Value;

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON: {e}\n{json}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn card_text_holes_cannot_inject_html(value in any::<String>()) {
        let msg = card! {
            header { title: "{value}" }
            section "{value}" {
                text "<b>{value}</b>"
                decorated { top: value, text: "{value}" }
                buttons { button "{value}" { link: "https://example.com/q/{value}" } }
            }
        }.unwrap_or_else(|e| panic!("{e}"));
        let findings = chat_card::check::check_text(msg.as_str()).unwrap_or_else(|e| panic!("{e:?}"));
        prop_assert!(findings.is_empty(), "{findings:?}");
        let v = parse(msg.as_str());
        let widgets = &v["cardsV2"][0]["card"]["sections"][0]["widgets"];
        let text = widgets[0]["textParagraph"]["text"].as_str().unwrap_or_default();
        let inner = &text[3..text.len() - 4];
        prop_assert!(!inner.contains('<') && !inner.contains('>') && !inner.contains('"'));
        let url = widgets[2]["buttonList"]["buttons"][0]["onClick"]["openLink"]["url"].as_str().unwrap_or_default();
        let tail = &url["https://example.com/q/".len()..];
        prop_assert!(tail.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{url}");
        // The plain-text title keeps the value exactly.
        prop_assert_eq!(v["cardsV2"][0]["card"]["header"]["title"].as_str(), Some(value.as_str()));
    }

    #[test]
    fn message_text_holes_cannot_inject_chat_markup(value in "[<>*_~`a-z/|@ :]{0,40}") {
        let msg = message! { text: "Alert: {value}", thread_key: "k-{value}" }.unwrap_or_else(|e| panic!("{e}"));
        let v = parse(msg.as_str());
        let text = v["text"].as_str().unwrap_or_default();
        for open in ['<', '*', '_', '~', '`'] {
            for (i, _) in text.match_indices(open) {
                prop_assert!(text[i + open.len_utf8()..].starts_with('\u{200B}'), "{text:?}");
            }
        }
        prop_assert_eq!(text.replace('\u{200B}', ""), format!("Alert: {value}"));
        prop_assert_eq!(v["thread"]["threadKey"].as_str().map(str::to_owned), Some(format!("k-{value}")));
    }
}

/// The link `<target|label>` at the start of `text`, split at its first `|`, as Chat
/// reads it: the target ends at the first `|`, the link at the first `>`.
fn first_link(text: &str) -> (&str, &str, &str) {
    let start = text.find('<').expect("a link");
    let end = start + text[start..].find('>').expect("the link is closed");
    let inner = &text[start + 1..end];
    let (target, label) = inner.split_once('|').unwrap_or((inner, ""));
    (target, label, &text[end + 1..])
}

#[test]
fn holes_in_a_message_link_keep_the_link_whole() {
    for value in [
        "x>now|Click me",
        "a b",
        "été ☃",
        "|>|<",
        "",
        "users/all",
        "*_~`",
    ] {
        let msg = message! {
            text: "See <https://t.example.com/digest/{value}|Report {value}> now"
        }
        .unwrap();
        let v = parse(msg.as_str());
        let text = v["text"].as_str().unwrap_or_default();
        let (target, label, rest) = first_link(text);
        let tail = &target["https://t.example.com/digest/".len()..];
        assert!(
            tail.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "{value:?}: {text:?}"
        );
        assert!(label.starts_with("Report "), "{value:?}: {text:?}");
        assert_eq!(rest, " now", "{value:?}: {text:?}");
        let shown = label["Report ".len()..]
            .replace('\u{200B}', "")
            .replace('\u{FF1E}', ">");
        assert_eq!(shown, value, "{text:?}");
        let findings = chat_card::check::check_text(msg.as_str()).unwrap();
        assert!(findings.is_empty(), "{value:?}: {findings:?}");
    }
}

#[test]
fn a_hole_in_a_mention_stays_in_the_mention() {
    let id = "123> <users/all";
    let msg = message! { text: "ping <users/{id}> please" }.unwrap();
    let v = parse(msg.as_str());
    let text = v["text"].as_str().unwrap_or_default();
    assert_eq!(text, "ping <users/123%3E%20%3Cusers%2Fall> please");
}

#[test]
fn a_less_than_sign_followed_by_a_space_is_text() {
    let (a, b) = ("a b", "c_d");
    let msg = message! { text: "{a} < {b}" }.unwrap();
    let v = parse(msg.as_str());
    assert_eq!(v["text"].as_str(), Some("a b < c_\u{200B}d"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_value_keeps_a_message_link_whole(value in any::<String>()) {
        let msg = message! { text: "<https://t.example.com/d/{value}|{value}> end" }
            .unwrap_or_else(|e| panic!("{e}"));
        let v = parse(msg.as_str());
        let text = v["text"].as_str().unwrap_or_default();
        let (_, _, rest) = first_link(text);
        prop_assert_eq!(rest, " end");
    }
}
