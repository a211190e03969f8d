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
