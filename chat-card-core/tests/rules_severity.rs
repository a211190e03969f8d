//! Severities: what Chat accepts but ignores is a warning, what it refuses or can't draw is
//! an error; and the leniency of Google's ProtoJSON parser (enum numbers, numbers as
//! strings).

mod common;

use chat_card_core::validate::{Problem, Rule, Severity};
use common::{card_with, problems};

/// The one problem of `json`, which must be a warning of `rule` at `path`.
#[track_caller]
fn assert_warning(json: &str, rule: Rule, path: &str) -> Problem {
    let found = problems(json);
    assert_eq!(
        found.len(),
        1,
        "expected one problem in {json}\ngot {found:#?}"
    );
    let p = found.into_iter().next().unwrap_or_else(|| unreachable!());
    assert_eq!(p.rule, rule, "{p:#?}");
    assert_eq!(p.severity, Severity::Warning, "{p:#?}");
    assert!(!p.is_error());
    assert_eq!(p.path, path, "{p:#?}");
    p
}

/// The one problem of `json`, which must be an error of `rule` at `path`.
#[track_caller]
fn assert_error(json: &str, rule: Rule, path: &str) {
    let found = problems(json);
    assert_eq!(
        found.len(),
        1,
        "expected one problem in {json}\ngot {found:#?}"
    );
    assert_eq!(found[0].rule, rule, "{:#?}", found[0]);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(found[0].is_error());
    assert_eq!(found[0].path, path);
}

#[track_caller]
fn assert_clean(json: &str) {
    let found = problems(json);
    assert!(
        found.is_empty(),
        "expected no problems in {json}\ngot {found:#?}"
    );
}

#[test]
fn the_card_name_is_ignored_by_chat() {
    let p = assert_warning(
        r#"{"cardsV2": [{"cardId": "c", "card": {"name": "Avatar Card", "header": {"title": "Hi"}}}]}"#,
        Rule::IgnoredField,
        "cardsV2[0].card.name",
    );
    assert!(p.message.contains("ignored"), "{}", p.message);
    assert!(p.help.unwrap().contains("cardId"));
}

#[test]
fn the_deprecated_decorated_icon_is_a_warning_and_its_value_is_still_checked() {
    assert_warning(
        &card_with(r#"{"decoratedText": {"text": "x", "icon": {"knownIcon": "STAR"}}}"#),
        Rule::DeprecatedField,
        "sections[0].widgets[0].decoratedText.icon",
    );
    // The value of a deprecated field still has to be right.
    let found = problems(&card_with(
        r#"{"decoratedText": {"text": "x", "icon": {"knownIcon": "STARR"}}}"#,
    ));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[1].rule, Rule::UnknownEnumValue);
    assert!(found[1].is_error());
}

#[test]
fn output_only_fields_copied_from_an_event_are_warnings() {
    assert_warning(
        r#"{"text": "psst", "privateMessageViewer": {"name": "users/123", "displayName": "Ana", "type": "HUMAN"}}"#,
        Rule::OutputOnly,
        "privateMessageViewer.displayName",
    );
}

#[test]
fn collapse_control_buttons_without_on_click_are_warnings() {
    // Google's CollapseControl reference example.
    let json = r#"{"sections": [{"collapsible": true, "uncollapsibleWidgetsCount": 1,
        "collapseControl": {"horizontalAlignment": "CENTER",
            "expandButton": {"text": "Expand", "type": "FILLED"},
            "collapseButton": {"text": "Collapse", "type": "FILLED_TONAL"}},
        "widgets": [{"divider": {}}, {"textParagraph": {"text": "more"}}]}]}"#;
    let found = problems(json);
    assert_eq!(found.len(), 2, "{found:#?}");
    for p in &found {
        assert_eq!(p.rule, Rule::CollapseButtonWithoutClick);
        assert_eq!(p.severity, Severity::Warning);
    }
    // The same button outside a collapse control is still an error.
    assert_error(
        &card_with(r#"{"buttonList": {"buttons": [{"text": "Expand"}]}}"#),
        Rule::MissingRequired,
        "sections[0].widgets[0].buttonList.buttons[0]",
    );
}

#[test]
fn a_negative_uncollapsible_count_is_a_warning() {
    assert_warning(
        r#"{"sections": [{"uncollapsibleWidgetsCount": -1, "widgets": [{"divider": {}}]}]}"#,
        Rule::IntBelowMinimum,
        "sections[0].uncollapsibleWidgetsCount",
    );
}

#[test]
fn an_empty_widget_is_a_warning_but_a_widget_without_kind_is_an_error() {
    assert_warning(
        &card_with(r#"{"divider": {}}, {}"#),
        Rule::EmptyWidget,
        "sections[0].widgets[1]",
    );
    assert_error(
        &card_with(r#"{"horizontalAlignment": "CENTER"}"#),
        Rule::MissingKind,
        "sections[0].widgets[0]",
    );
}

#[test]
fn deprecated_enum_values_are_warnings() {
    assert_warning(
        &card_with(
            r#"{"decoratedText": {"text": "x", "switchControl": {"name": "n", "controlType": "CHECKBOX"}}}"#,
        ),
        Rule::DeprecatedEnumValue,
        "sections[0].widgets[0].decoratedText.switchControl.controlType",
    );
}

#[test]
fn what_chat_refuses_stays_an_error() {
    assert_error(
        r#"{"text": "hi", "cardz": []}"#,
        Rule::UnknownField,
        "cardz",
    );
    assert_error(
        &card_with(r#"{"image": {"imageUrl": "/logo.png"}}"#),
        Rule::BadUrl,
        "sections[0].widgets[0].image.imageUrl",
    );
    assert_error(
        r#"{"header": {"title": "x", "imageType": "OVAL"}}"#,
        Rule::UnknownEnumValue,
        "header.imageType",
    );
    assert_error(
        r#"{"cardActions": [], "header": {"title": "x"}}"#,
        Rule::AddOnOnly,
        "cardActions",
    );
}

#[test]
fn enums_may_be_written_as_their_protobuf_numbers() {
    // imageType: SQUARE = 0, CIRCLE = 1.
    assert_clean(r#"{"header": {"title": "x", "imageType": 1}}"#);
    // A button type by number (FILLED = 2), in snake_case too.
    assert_clean(&card_with(
        r#"{"buttonList": {"buttons": [{"text": "Go", "type": 2, "on_click": {"open_link": {"url": "https://example.com"}}}]}}"#,
    ));
    // The deprecated CHECKBOX is number 1 of the switch control type.
    assert_warning(
        &card_with(
            r#"{"decoratedText": {"text": "x", "switchControl": {"name": "n", "controlType": 1}}}"#,
        ),
        Rule::DeprecatedEnumValue,
        "sections[0].widgets[0].decoratedText.switchControl.controlType",
    );
    // An unknown number parses (proto3 enums are open); Chat uses the default.
    assert_warning(
        r#"{"header": {"title": "x", "imageType": 7}}"#,
        Rule::UnknownEnumNumber,
        "header.imageType",
    );
    // Known icons are a string field: no numbers.
    assert_error(
        &card_with(r#"{"decoratedText": {"text": "x", "startIcon": {"knownIcon": 3}}}"#),
        Rule::WrongType,
        "sections[0].widgets[0].decoratedText.startIcon.knownIcon",
    );
}

#[test]
fn integers_and_doubles_may_be_strings() {
    // int32 and int64 as strings.
    assert_clean(
        r#"{"sections": [{"uncollapsibleWidgetsCount": "1", "widgets": [{"divider": {}}]}]}"#,
    );
    assert_clean(
        r#"{"sections": [{"widgets": [{"dateTimePicker": {"name": "d", "valueMsEpoch": "1700000000000"}}]}]}"#,
    );
    // A double as a string.
    assert_clean(&card_with(
        r#"{"image": {"imageUrl": "https://example.com/a.png"}}, {"grid": {"columnCount": 2, "items": [{"title": "a", "image": {"imageUri": "https://example.com/b.png", "cropStyle": {"type": "RECTANGLE_CUSTOM", "aspectRatio": "1.5"}}}]}}"#,
    ));
    assert_error(
        &card_with(
            r#"{"grid": {"columnCount": 2, "items": [{"title": "a", "image": {"imageUri": "https://example.com/b.png", "cropStyle": {"type": "RECTANGLE_CUSTOM", "aspectRatio": "wide"}}}]}}"#,
        ),
        Rule::WrongType,
        "sections[0].widgets[0].grid.items[0].image.cropStyle.aspectRatio",
    );
    // `null` is unset, and snake_case names are the same fields.
    assert_clean(r#"{"header": {"title": "x", "image_type": null, "subtitle": null}}"#);
}

#[test]
fn fixed_footer_buttons_without_colour_are_warnings_in_dialogs() {
    let dialog = r#"{"actionResponse": {"type": "DIALOG", "dialogAction": {"dialog": {"body": {
        "sections": [{"widgets": [{"textParagraph": {"text": "x"}}]}],
        "fixedFooter": {"primaryButton": {"text": "Submit", "onClick": {"action": {"function": "submit"}}}}
    }}}}}"#;
    assert_warning(
        dialog,
        Rule::FooterButtonStyle,
        "actionResponse.dialogAction.dialog.body.fixedFooter.primaryButton",
    );
}

#[test]
fn action_response_types_and_parts_must_fit() {
    assert_error(
        r#"{"actionResponse": {"type": "DIALOG"}}"#,
        Rule::ActionResponseMismatch,
        "actionResponse",
    );
    assert_error(
        r#"{"actionResponse": {"type": "REQUEST_CONFIG"}}"#,
        Rule::ActionResponseMismatch,
        "actionResponse",
    );
    assert_error(
        r#"{"text": "x", "actionResponse": {"type": "UPDATE_MESSAGE", "dialogAction": {"actionStatus": {"statusCode": "OK"}}}}"#,
        Rule::ActionResponseMismatch,
        "actionResponse.dialogAction",
    );
    assert_clean(
        r#"{"actionResponse": {"type": "DIALOG", "dialogAction": {"actionStatus": {"statusCode": "OK", "userFacingMessage": "Saved"}}}}"#,
    );
    assert_clean(
        r#"{"actionResponse": {"type": "REQUEST_CONFIG", "url": "https://example.com/config"}}"#,
    );
}
