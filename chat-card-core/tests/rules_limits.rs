//! Rules of design §4: limits, markup, and fields for add-ons, dialogs and Studio.

mod common;

use chat_card_core::validate::{check_message_id, check_thread_key};
use common::*;

// --- limits ----------------------------------------------------------------------------

#[test]
fn sections_need_a_widget() {
    assert_one(
        r#"{"sections": [{"widgets": []}]}"#,
        "sections[0].widgets",
        "0 items here; at least 1",
        "at least one widget",
    );
}

#[test]
fn at_most_100_widgets_per_card_across_sections() {
    let widgets = |n: usize| vec![r#"{"divider": {}}"#; n].join(",");
    let json = format!(
        r#"{{"sections": [{{"widgets": [{}]}}, {{"widgets": [{}]}}]}}"#,
        widgets(60),
        widgets(41)
    );
    assert_one(
        &json,
        "sections[1].widgets[40]",
        "101 widgets",
        "every later section",
    );
    let ok = format!(
        r#"{{"sections": [{{"widgets": [{}]}}, {{"widgets": [{}]}}]}}"#,
        widgets(60),
        widgets(40)
    );
    assert_valid(&ok);
}

#[test]
fn at_most_two_columns() {
    let column = r#"{"widgets": [{"textParagraph": {"text": "a"}}]}"#;
    let json = card_with(&format!(
        r#"{{"columns": {{"columnItems": [{column}, {column}, {column}]}}}}"#
    ));
    assert_one(
        &json,
        "sections[0].widgets[0].columns.columnItems[2]",
        "at most 2",
        "grid",
    );
}

#[test]
fn at_most_100_selection_items() {
    let items = |n: usize| vec![r#"{"text": "a", "value": "a"}"#; n].join(",");
    let json = card_with(&format!(
        r#"{{"selectionInput": {{"name": "s", "items": [{}]}}}}"#,
        items(101)
    ));
    assert_one(
        &json,
        "sections[0].widgets[0].selectionInput.items[100]",
        "at most 100",
        "at most 100 items",
    );
    assert_valid(&card_with(&format!(
        r#"{{"selectionInput": {{"name": "s", "items": [{}]}}}}"#,
        items(100)
    )));
}

#[test]
fn card_json_at_most_32_kb() {
    let text = "x".repeat(33_000);
    let json = card_with(&format!(r#"{{"textParagraph": {{"text": "{text}"}}}}"#));
    assert_one(&json, "", "at most 32768 bytes", "split");
    let ok = card_with(&format!(
        r#"{{"textParagraph": {{"text": "{}"}}}}"#,
        "x".repeat(31_000)
    ));
    assert_valid(&ok);
}

#[test]
fn message_at_most_32000_bytes() {
    let json = format!(r#"{{"text": "{}"}}"#, "x".repeat(32_000));
    assert_one(&json, "", "at most 32000 bytes", "shorten");
    assert_valid(&format!(r#"{{"text": "{}"}}"#, "x".repeat(31_980)));
}

#[test]
fn card_ids_present_and_unique_with_several_cards() {
    let card = r#"{"sections": [{"widgets": [{"divider": {}}]}]}"#;
    assert_one(
        &format!(r#"{{"cardsV2": [{{"cardId": "a", "card": {card}}}, {{"card": {card}}}]}}"#),
        "cardsV2[1]",
        "no `cardId`",
        "unique",
    );
    assert_one(
        &format!(
            r#"{{"cardsV2": [{{"cardId": "a", "card": {card}}}, {{"cardId": "a", "card": {card}}}]}}"#
        ),
        "cardsV2[1].cardId",
        "already used by cardsV2[0]",
        "own id",
    );
    assert_valid(&format!(r#"{{"cardsV2": [{{"card": {card}}}]}}"#));
}

#[test]
fn uncollapsible_count_within_the_section() {
    assert_one(
        r#"{"sections": [{"collapsible": true, "uncollapsibleWidgetsCount": 3, "widgets": [{"divider": {}}, {"divider": {}}]}]}"#,
        "sections[0].uncollapsibleWidgetsCount",
        "only 2",
        "at most 2",
    );
    assert_one(
        r#"{"sections": [{"uncollapsibleWidgetsCount": -1, "widgets": [{"divider": {}}]}]}"#,
        "sections[0].uncollapsibleWidgetsCount",
        "at least 0",
        "",
    );
}

#[test]
fn thread_key_at_most_4000_chars() {
    let json = format!(
        r#"{{"text": "x", "thread": {{"threadKey": "{}"}}}}"#,
        "é".repeat(4_001)
    );
    assert_one(&json, "thread.threadKey", "4001 characters", "shorter key");
    assert_valid(&format!(
        r#"{{"text": "x", "thread": {{"threadKey": "{}"}}}}"#,
        "é".repeat(4_000)
    ));
    assert!(check_thread_key(&"k".repeat(4_000)).is_ok());
    assert!(check_thread_key(&"k".repeat(4_001)).is_err());
}

#[test]
fn message_ids() {
    assert!(check_message_id("client-alert-42").is_ok());
    assert!(check_message_id(&format!("client-{}", "a".repeat(56))).is_ok());
    assert!(
        check_message_id(&format!("client-{}", "a".repeat(57)))
            .unwrap_err()
            .contains("63")
    );
    assert!(
        check_message_id("alert-42")
            .unwrap_err()
            .contains("client-")
    );
    assert!(
        check_message_id("client-Alert")
            .unwrap_err()
            .contains("lowercase")
    );
    assert!(check_message_id("client-a_b").is_err());
}

// --- markup ----------------------------------------------------------------------------

#[test]
fn card_text_uses_the_html_subset() {
    let para = |t: &str| card_with(&format!(r#"{{"textParagraph": {{"text": "{t}"}}}}"#));
    let path = "sections[0].widgets[0].textParagraph.text";
    assert_one(&para("<strong>x</strong>"), path, "<strong>", "<b>");
    assert_one(&para("**x**"), path, "Markdown", "<b>");
    assert_one(
        &para("[docs](https://e.com)"),
        path,
        "Markdown link",
        "<a href",
    );
    assert_one(&para("<b>x"), path, "never closed", "</b>");
    assert_valid(&para(
        r##"<b>x</b> <font color=\"#ff0000\">red</font> <a href=\"https://e.com\">l</a>"##,
    ));
    // Markdown is fine in a paragraph that asks for it.
    assert_valid(&card_with(
        r#"{"textParagraph": {"text": "**x**", "textSyntax": "MARKDOWN"}}"#,
    ));
    // Section headers and decorated text follow the same rules.
    assert_one(
        r#"{"sections": [{"header": "<h1>x</h1>", "widgets": [{"divider": {}}]}]}"#,
        "sections[0].header",
        "<h1>",
        "header",
    );
    assert_one(
        &card_with(r#"{"decoratedText": {"text": "x", "topLabel": "__y__"}}"#),
        "sections[0].widgets[0].decoratedText.topLabel",
        "Markdown",
        "<b>",
    );
}

#[test]
fn message_text_uses_chat_markup() {
    assert_one(r#"{"text": "<b>down</b>"}"#, "text", "HTML `<b>`", "*bold*");
    assert_one(r#"{"text": "<i>x</i>"}"#, "text", "HTML", "_italic_");
    assert_valid(r#"{"text": "*down* <users/all> <https://e.com|log>"}"#);
    assert_valid(r#"{"text": "<b>x</b>", "markupSyntax": "MARKUP_SYNTAX_MARKDOWN"}"#);
}

// --- scopes ----------------------------------------------------------------------------

#[test]
fn add_on_dialog_and_studio_fields_are_rejected_with_the_reason() {
    assert_one(
        r#"{"header": {"title": "x"}, "cardActions": [{"actionLabel": "a"}]}"#,
        "cardActions",
        "only for Google Workspace add-ons",
        "buttonList",
    );
    assert_one(
        r#"{"header": {"title": "x"}, "displayStyle": "PEEK"}"#,
        "displayStyle",
        "add-ons",
        "remove it",
    );
    assert_one(
        r#"{"header": {"title": "x"}, "fixedFooter": {"primaryButton": {"text": "x"}}}"#,
        "fixedFooter",
        "only works in Chat dialogs",
        "buttonList",
    );
    assert_one(
        &card_with(
            r#"{"buttonList": {"buttons": [{"text": "x", "onClick": {"openLink": {"url": "https://e.com", "openAs": "OVERLAY"}}}]}}"#,
        ),
        "sections[0].widgets[0].buttonList.buttons[0].onClick.openLink.openAs",
        "add-ons",
        "remove it",
    );
    assert_one(
        &card_with(r#"{"textInput": {"label": "x", "autoCompleteAction": {"function": "f"}}}"#),
        "sections[0].widgets[0].textInput.autoCompleteAction",
        "add-ons",
        "initialSuggestions",
    );
    assert_one(
        r#"{"header": {"title": "x"}, "expressionData": []}"#,
        "expressionData",
        "Workspace Studio",
        "remove",
    );
}

#[test]
fn fixed_footer_is_fine_in_a_dialog() {
    assert_valid(
        r#"{"actionResponse": {"type": "DIALOG", "dialogAction": {"dialog": {"body": {"sections": [{"widgets": [{"divider": {}}]}], "fixedFooter": {"primaryButton": {"text": "OK", "color": {"red": 0.1, "green": 0.45, "blue": 0.9}, "onClick": {"action": {"function": "ok"}}}}}}}}}"#,
    );
}

#[test]
fn deprecated_and_output_only_fields_are_rejected() {
    assert_one(
        r#"{"text": "x", "cards": []}"#,
        "cards",
        "deprecated",
        "cardsV2",
    );
    assert_one(
        &card_with(r#"{"decoratedText": {"text": "x", "icon": {"knownIcon": "STAR"}}}"#),
        "sections[0].widgets[0].decoratedText.icon",
        "deprecated",
        "startIcon",
    );
    assert_one(
        &card_with(r#"{"chipList": {"chips": [{"label": "x", "enabled": true}]}}"#),
        "sections[0].widgets[0].chipList.chips[0].enabled",
        "deprecated",
        "disabled",
    );
    assert_one(
        r#"{"text": "x", "sender": {"name": "users/1"}}"#,
        "sender",
        "set by Chat",
        "remove",
    );
    assert_one(
        r#"{"text": "x", "name": "spaces/a/messages/b"}"#,
        "name",
        "set by Chat",
        "messageId",
    );
}

#[test]
fn collapse_controls_need_both_buttons() {
    let button = r#"{"text": "More", "onClick": {"action": {"function": "f"}}}"#;
    let section = |control: &str| {
        format!(
            r#"{{"sections": [{{"collapsible": true, "collapseControl": {control}, "widgets": [{{"divider": {{}}}}]}}]}}"#
        )
    };
    assert_one(
        &section(&format!(r#"{{"expandButton": {button}}}"#)),
        "sections[0].collapseControl",
        "no `collapseButton`",
        "add `collapseButton`",
    );
    assert_valid(&section(&format!(
        r#"{{"expandButton": {button}, "collapseButton": {button}, "horizontalAlignment": "END"}}"#
    )));
}
