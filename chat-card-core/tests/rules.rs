//! Rules of design §4 (one test at least per rule, each failing without its rule):
//! unknown and duplicate keys, types, required fields, enums, URLs, one-of groups, nesting.

mod common;

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
    assert_one(
        &card_with(r#"{"text": "hi"}"#),
        "sections[0].widgets[0].text",
        "unknown field `text` in a widget",
        r#"{"textParagraph": {"text": …}}"#,
    );
    // An on-click is a choice of click kinds, not of widget kinds.
    let p = assert_one(
        &card_with(r#"{"buttonList": {"buttons": [{"text": "x", "onClick": {"subtitle": "y"}}]}}"#),
        "sections[0].widgets[0].buttonList.buttons[0].onClick.subtitle",
        "unknown field `subtitle` in an on-click",
        "not of an on-click",
    );
    assert!(!p.help.unwrap().contains("widget kind"));
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
        r#"{"onClick": {"openLink": {"url": …}}}"#,
    );
    assert_one(
        r#"{"text": "x", "threadKey": "k"}"#,
        "threadKey",
        "unknown field",
        r#"{"thread": {"threadKey": …}}"#,
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
            .replace(r#"{"widgets""#, r#"{"collapsible": "on", "widgets""#),
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
        r#"{"sections": "widgets"}"#,
        "sections",
        "expected an array of section objects, found a string",
        "write an array of section objects",
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

#[test]
fn an_empty_card_is_refused() {
    assert_one(
        r#"{"cardsV2": [{"cardId": "a", "card": {}}]}"#,
        "cardsV2[0].card",
        "a card is missing `header` or `sections`",
        "give it a header, a section or both",
    );
    assert!(problems(r#"{"cardsV2": [{"card": {"header": {"title": "T"}}}]}"#).is_empty());
}
