//! One test (at least) per rule of design §4: each fails when its rule is removed.

mod common;

use chat_card_core::json::parse;
use chat_card_core::tree::{Array, Dynamic, Template, Value};
use chat_card_core::validate::{RootKind, check_message_id, check_thread_key, validate};
use common::*;

// --- unknown widget / unknown field / duplicate / wrong type ---------------------------

#[test]
fn unknown_widget_kind_suggests_the_right_one() {
    assert_one(
        &card_with(r#"{"textParagrah": {"text": "x"}}"#),
        "sections[0].widgets[0].textParagrah",
        "unknown field `textParagrah` in a widget",
        "did you mean `textParagraph`?",
    );
}

#[test]
fn unknown_field_suggests_in_both_spellings() {
    assert_one(
        &card_with(r#"{"decoratedText": {"text": "x", "top_lable": "y"}}"#),
        "sections[0].widgets[0].decoratedText.top_lable",
        "unknown field",
        "did you mean `topLabel`?",
    );
    assert_one(
        &card_with(
            r#"{"buttonList": {"buttons": [{"text": "x", "onClick": {"action": {"functionName": "f"}}}]}}"#,
        ),
        "sections[0].widgets[0].buttonList.buttons[0].onClick.action.functionName",
        "unknown field",
        "did you mean `function`?",
    );
}

#[test]
fn unknown_field_says_where_it_belongs() {
    assert_one(
        &card_with(r#"{"grid": {"items": [{"title": "x", "imageUrl": "https://e.com/a.png"}]}}"#),
        "sections[0].widgets[0].grid.items[0].imageUrl",
        "unknown field `imageUrl` in a grid item",
        "is a field of",
    );
    // A widget field written directly in the widget, without its kind.
    let p = assert_one(
        &card_with(r#"{"buttons": []}"#),
        "sections[0].widgets[0].buttons",
        "unknown field",
        "button list",
    );
    assert!(p.help.unwrap().contains("inside a widget kind"));
}

#[test]
fn unknown_field_without_suggestion_lists_valid_fields() {
    assert_one(
        r#"{"header": {"title": "x", "zzzzzz": 1}}"#,
        "header.zzzzzz",
        "unknown field",
        "valid fields: title, subtitle, imageUrl",
    );
}

#[test]
fn shorthand_names_get_the_json_path() {
    assert_one(
        &card_with(r#"{"buttonList": {"buttons": [{"text": "x", "link": "https://e.com"}]}}"#),
        "sections[0].widgets[0].buttonList.buttons[0].link",
        "unknown field",
        "onClick.openLink.url",
    );
}

#[test]
fn duplicate_keys_are_reported_in_both_spellings() {
    assert_one(
        r#"{"header": {"title": "a", "title": "b"}}"#,
        "header.title",
        "duplicate key `title`",
        "keep only one",
    );
    let json = r#"{"header": {"title": "a", "imageUrl": "https://e.com/a.png", "image_url": "https://e.com/b.png"}}"#;
    let p = assert_one(json, "header.image_url", "same field", "keep only one");
    assert_eq!(
        p.origin.0 as usize,
        json.find("\"image_url\"").unwrap_or(0),
        "points at the second key"
    );
}

#[test]
fn wrong_json_types_are_reported() {
    assert_one(
        &card_with(r#"{"divider": {}}"#)
            .replace(r#"{"widgets""#, r#"{"collapsible": "yes", "widgets""#),
        "sections[0].collapsible",
        "expected `true` or `false`, found a string",
        "",
    );
    assert_one(
        r#"{"header": {"title": 5}}"#,
        "header.title",
        "expected a string, found a number",
        "\"5\"",
    );
    assert_one(
        r#"{"sections": {"widgets": [{"divider": {}}]}}"#,
        "sections",
        "expected an array of section objects, found an object",
        "wrap it in an array",
    );
    assert_one(
        r#"{"header": [{"title": "x"}]}"#,
        "header",
        "expected an object (card header), found an array",
        "not an array",
    );
}

// --- required fields ---------------------------------------------------------------

#[test]
fn required_fields_are_reported() {
    assert_one(
        r#"{"header": {"subtitle": "x"}}"#,
        "header",
        "missing `title`",
        "title",
    );
    assert_one(
        &card_with(r#"{"image": {"altText": "x"}}"#),
        "sections[0].widgets[0].image",
        "missing `imageUrl`",
        "imageUrl",
    );
    assert_one(
        &card_with(r#"{"decoratedText": {"topLabel": "x"}}"#),
        "sections[0].widgets[0].decoratedText",
        "missing `text`",
        "",
    );
    assert_one(
        &card_with(r#"{"buttonList": {"buttons": [{"text": "x"}]}}"#),
        "sections[0].widgets[0].buttonList.buttons[0]",
        "missing `onClick`",
        "",
    );
    assert_one(
        &card_with(
            r#"{"buttonList": {"buttons": [{"onClick": {"openLink": {"url": "https://e.com"}}}]}}"#,
        ),
        "sections[0].widgets[0].buttonList.buttons[0]",
        "missing `text` or `icon`",
        "",
    );
    assert_one(
        &card_with(r#"{"buttonList": {"buttons": [{"text": "x", "onClick": {"openLink": {}}}]}}"#),
        "sections[0].widgets[0].buttonList.buttons[0].onClick.openLink",
        "missing `url`",
        "",
    );
    assert_one(
        &card_with(r#"{"selectionInput": {"label": "x", "items": []}}"#),
        "sections[0].widgets[0].selectionInput",
        "missing `name`",
        "",
    );
    assert_one(
        r#"{"sections": [{}]}"#,
        "sections[0]",
        "missing `widgets`",
        "at least one widget",
    );
}

#[test]
fn messages_need_content() {
    assert_one(
        r#"{"thread": {"threadKey": "k"}}"#,
        "",
        "missing `text` or `cardsV2`",
        "empty message",
    );
    assert_one("{}", "", "missing `text`", "empty message");
    assert_valid(r#"{"text": "hi", "thread": {"threadKey": "k"}}"#);
}

// --- enums ---------------------------------------------------------------------------

#[test]
fn enum_values_outside_their_list() {
    assert_one(
        r#"{"header": {"title": "x", "imageType": "ROUND"}}"#,
        "header.imageType",
        "`ROUND` is not an image type",
        "valid values: SQUARE, CIRCLE",
    );
    assert_one(
        r#"{"header": {"title": "x", "imageType": "circle"}}"#,
        "header.imageType",
        "not an image type",
        "did you mean `CIRCLE`?",
    );
    assert_one(
        &card_with(r#"{"decoratedText": {"text": "x", "startIcon": {"knownIcon": "ROCKET"}}}"#),
        "sections[0].widgets[0].decoratedText.startIcon.knownIcon",
        "not a known icon",
        "materialIcon",
    );
    for (field, value) in [
        (
            r#""buttonList": {"buttons": [{"text": "x", "type": "FILL", "onClick": {"openLink": {"url": "https://e.com"}}}]}"#,
            "did you mean `FILLED`?",
        ),
        (r#""chipList": {"layout": "SCROLL"}"#, "WRAPPED"),
        (
            r#""textInput": {"label": "x", "type": "MULTI_LINE"}"#,
            "did you mean `MULTIPLE_LINE`?",
        ),
        (
            r#""grid": {"items": [{"title": "x", "layout": "BELOW"}]}"#,
            "TEXT_BELOW",
        ),
    ] {
        let found = problems(&card_with(&format!("{{{field}}}")));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].help.as_deref().unwrap_or("").contains(value),
            "{found:#?}"
        );
    }
}

#[test]
fn deprecated_enum_values_are_rejected() {
    assert_one(
        &card_with(
            r#"{"decoratedText": {"text": "x", "switchControl": {"name": "s", "controlType": "CHECKBOX"}}}"#,
        ),
        "sections[0].widgets[0].decoratedText.switchControl.controlType",
        "`CHECKBOX` is deprecated",
        "use `CHECK_BOX`",
    );
}

// --- URLs ------------------------------------------------------------------------------

#[test]
fn urls_must_be_absolute_http() {
    let button = |url: &str| {
        card_with(&format!(
            r#"{{"buttonList": {{"buttons": [{{"text": "x", "onClick": {{"openLink": {{"url": "{url}"}}}}}}]}}}}"#
        ))
    };
    let path = "sections[0].widgets[0].buttonList.buttons[0].onClick.openLink.url";
    assert_one(&button("/runbook"), path, "relative", "https://");
    assert_one(&button("javascript:alert(1)"), path, "javascript:", "https");
    assert_one(&button(""), path, "empty", "https://");
    assert_one(&button("https://e.com/a b"), path, "space", "%20");
    assert_one(&button("ftp://e.com/x"), path, "ftp:", "https");
    assert_valid(&button("https://e.com/a?b=c#d"));
    assert_valid(&button("http://e.com"));
    // Every URL field: header image, image widget, icon, grid image, selection icon.
    assert_one(
        r#"{"header": {"title": "x", "imageUrl": "logo.png"}}"#,
        "header.imageUrl",
        "relative",
        "",
    );
    assert_one(
        &card_with(r#"{"image": {"imageUrl": "img/a.png"}}"#),
        "sections[0].widgets[0].image.imageUrl",
        "relative",
        "",
    );
    assert_one(
        &card_with(r#"{"grid": {"items": [{"image": {"imageUri": "a.png"}}]}}"#),
        "sections[0].widgets[0].grid.items[0].image.imageUri",
        "relative",
        "",
    );
    assert_one(
        &card_with(
            r#"{"decoratedText": {"text": "x", "startIcon": {"iconUrl": "//e.com/i.png"}}}"#,
        ),
        "sections[0].widgets[0].decoratedText.startIcon.iconUrl",
        "no scheme",
        "https:",
    );
    assert_one(
        &card_with(
            r#"{"selectionInput": {"name": "s", "type": "MULTI_SELECT", "items": [{"text": "a", "startIconUri": "e.com/a.png"}]}}"#,
        ),
        "sections[0].widgets[0].selectionInput.items[0].startIconUri",
        "no scheme",
        "https://e.com/a.png",
    );
}

// --- one-of groups ---------------------------------------------------------------------

#[test]
fn one_widget_kind_per_widget() {
    assert_one(
        &card_with(r#"{"textParagraph": {"text": "x"}, "divider": {}}"#),
        "sections[0].widgets[0].divider",
        "`textParagraph` and `divider` cannot both be set",
        "keep one of",
    );
    assert_one(
        &card_with(r#"{"horizontalAlignment": "CENTER"}"#),
        "sections[0].widgets[0]",
        "a widget needs exactly one widget kind",
        "`textParagraph`",
    );
}

#[test]
fn one_control_on_decorated_text() {
    assert_one(
        &card_with(
            r#"{"decoratedText": {"text": "x", "endIcon": {"knownIcon": "STAR"}, "switchControl": {"name": "s"}}}"#,
        ),
        "sections[0].widgets[0].decoratedText.switchControl",
        "cannot both be set",
        "`button`, `switchControl`, `endIcon`",
    );
}

#[test]
fn one_on_click_kind_and_one_icon_source() {
    assert_one(
        &card_with(
            r#"{"buttonList": {"buttons": [{"text": "x", "onClick": {"openLink": {"url": "https://e.com"}, "action": {"function": "f"}}}]}}"#,
        ),
        "sections[0].widgets[0].buttonList.buttons[0].onClick.action",
        "cannot both be set",
        "",
    );
    assert_one(
        &card_with(r#"{"buttonList": {"buttons": [{"text": "x", "onClick": {}}]}}"#),
        "sections[0].widgets[0].buttonList.buttons[0].onClick",
        "exactly one on-click kind",
        "`openLink`",
    );
    assert_one(
        &card_with(
            r#"{"decoratedText": {"text": "x", "startIcon": {"knownIcon": "STAR", "iconUrl": "https://e.com/i.png"}}}"#,
        ),
        "sections[0].widgets[0].decoratedText.startIcon.iconUrl",
        "cannot both be set",
        "",
    );
}

// --- nesting ---------------------------------------------------------------------------

#[test]
fn columns_hold_only_allowed_kinds() {
    for kind in ["divider", "grid", "columns", "carousel"] {
        let json = card_with(&format!(
            r#"{{"columns": {{"columnItems": [{{"widgets": [{{"{kind}": {{}}}}]}}]}}}}"#
        ));
        assert_one(
            &json,
            &format!("sections[0].widgets[0].columns.columnItems[0].widgets[0].{kind}"),
            &format!("`{kind}` is not allowed in a column widget"),
            "section",
        );
    }
    assert_valid(&card_with(
        r#"{"columns": {"columnItems": [{"widgets": [{"textParagraph": {"text": "a"}}]}, {"widgets": [{"image": {"imageUrl": "https://e.com/a.png"}}]}]}}"#,
    ));
}

#[test]
fn carousel_cards_hold_text_buttons_and_images() {
    assert_one(
        &card_with(
            r#"{"carousel": {"carouselCards": [{"widgets": [{"decoratedText": {"text": "x"}}]}]}}"#,
        ),
        "sections[0].widgets[0].carousel.carouselCards[0].widgets[0].decoratedText",
        "not allowed in a carousel widget",
        "text paragraphs, button lists and images",
    );
    assert_valid(&card_with(
        r#"{"carousel": {"carouselCards": [{"widgets": [{"textParagraph": {"text": "x"}}], "footerWidgets": [{"image": {"imageUrl": "https://e.com/a.png"}}]}]}}"#,
    ));
}

#[test]
fn accessory_widgets_are_buttons_only() {
    assert_one(
        r#"{"text": "hi", "accessoryWidgets": [{"textParagraph": {"text": "x"}}]}"#,
        "accessoryWidgets[0].textParagraph",
        "not allowed in an accessory widget",
        "button list",
    );
    assert_valid(
        r#"{"text": "hi", "accessoryWidgets": [{"buttonList": {"buttons": [{"text": "x", "onClick": {"openLink": {"url": "https://e.com"}}}]}}]}"#,
    );
}

#[test]
fn overflow_menu_items_cannot_open_menus() {
    let json = card_with(
        r#"{"buttonList": {"buttons": [{"text": "more", "onClick": {"overflowMenu": {"items": [{"text": "x", "onClick": {"overflowMenu": {"items": []}}}]}}}]}}"#,
    );
    assert_one(
        &json,
        "sections[0].widgets[0].buttonList.buttons[0].onClick.overflowMenu.items[0].onClick.overflowMenu",
        "not allowed",
        "cannot open another overflow menu",
    );
}

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
        r#"{"actionResponse": {"type": "DIALOG", "dialogAction": {"dialog": {"body": {"sections": [{"widgets": [{"divider": {}}]}], "fixedFooter": {"primaryButton": {"text": "OK", "onClick": {"action": {"function": "ok"}}}}}}}}}"#,
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
