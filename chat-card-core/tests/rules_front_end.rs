//! What Google's API front end accepts and the strict ProtoJSON parsers refuse is a
//! warning (a bool written as a string it parses, one item where a list belongs, the
//! legacy `previewText`, HTML in message text); what it refuses stays an error (an unknown
//! field, a number or `""` for a bool, a number for a string, an unknown enum name).

mod common;

use chat_card_core::json::parse;
use chat_card_core::validate::{Problem, RootKind, Rule, Severity, validate};
use common::{card_with, problems};

/// The problems of `json`, which must all be warnings; returns them.
#[track_caller]
fn warnings_only(json: &str) -> Vec<Problem> {
    let found = problems(json);
    assert!(!found.is_empty(), "expected a warning in {json}");
    for p in &found {
        assert_eq!(p.severity, Severity::Warning, "{json}: {p:#?}");
        assert!(!p.is_error());
    }
    found
}

/// The one problem of `json`, which must be a warning of `rule` at `path`.
#[track_caller]
fn one_warning(json: &str, rule: Rule, path: &str) -> Problem {
    let found = warnings_only(json);
    assert_eq!(found.len(), 1, "{json}: {found:#?}");
    let p = found.into_iter().next().unwrap_or_else(|| unreachable!());
    assert_eq!((p.rule, p.path.as_str()), (rule, path), "{p:#?}");
    p
}

/// The one problem of `json`, which must be an error of `rule` at `path`.
#[track_caller]
fn one_error(json: &str, rule: Rule, path: &str) -> Problem {
    let found = problems(json);
    assert_eq!(found.len(), 1, "{json}: {found:#?}");
    let p = found.into_iter().next().unwrap_or_else(|| unreachable!());
    assert_eq!((p.rule, p.path.as_str()), (rule, path), "{p:#?}");
    assert!(p.is_error(), "{p:#?}");
    p
}

fn section_with_collapsible(value: &str) -> String {
    format!(r#"{{"sections": [{{"collapsible": {value}, "widgets": [{{"divider": {{}}}}]}}]}}"#)
}

#[test]
fn the_rules_of_the_front_ends_leniencies_are_warnings_with_sources() {
    for rule in [
        Rule::BoolAsString,
        Rule::SingleForList,
        Rule::LegacyField,
        Rule::MessageMarkup,
    ] {
        let info = rule.info();
        assert_eq!(info.severity, Severity::Warning, "{rule:?}");
        assert!(info.source.len() > 40, "{rule:?}: {}", info.source);
    }
    for rule in [Rule::UnknownField, Rule::WrongType, Rule::UnknownEnumValue] {
        assert_eq!(rule.severity(), Severity::Error, "{rule:?}");
    }
}

#[test]
fn every_bool_string_the_front_end_parses_is_a_warning_naming_the_bool() {
    let path = "sections[0].collapsible";
    for (written, means) in [
        ("true", "true"),
        ("false", "false"),
        ("TRUE", "true"),
        ("False", "false"),
        ("t", "true"),
        ("F", "false"),
        ("yes", "true"),
        ("No", "false"),
        ("y", "true"),
        ("n", "false"),
        ("1", "true"),
        ("0", "false"),
    ] {
        let json = section_with_collapsible(&format!("\"{written}\""));
        let p = one_warning(&json, Rule::BoolAsString, path);
        assert!(p.message.contains(&format!("\"{written}\"")), "{p:#?}");
        let help = p.help.unwrap_or_default();
        assert!(help.contains(&format!("`{means}`")), "{written}: {help}");
    }
}

#[test]
fn a_number_an_empty_string_or_another_word_for_a_bool_is_still_an_error() {
    let path = "sections[0].collapsible";
    for value in [
        "1",
        "0",
        "\"\"",
        "\"on\"",
        "\"off\"",
        "\" true\"",
        "\"2\"",
        "{}",
    ] {
        let p = one_error(&section_with_collapsible(value), Rule::WrongType, path);
        assert!(p.message.contains("expected `true` or `false`"), "{p:#?}");
    }
}

#[test]
fn one_object_where_a_list_belongs_is_a_warning_and_the_object_is_still_checked() {
    let p = one_warning(
        r#"{"cardsV2": {"cardId": "c", "card": {"header": {"title": "Hi"}}}}"#,
        Rule::SingleForList,
        "cardsV2",
    );
    assert!(p.message.contains("found an object"), "{p:#?}");
    assert!(p.help.unwrap_or_default().contains("[ … ]"));

    // The object is read as the one item: its own problems are reported at its path.
    let found = problems(
        r#"{"cardsV2": {"cardId": "c", "card": {"header": {"title": "Hi", "imageUrl": "/a.png"}}}}"#,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].rule, Rule::SingleForList);
    assert_eq!(found[1].path, "cardsV2.card.header.imageUrl");
    assert!(found[1].is_error());

    // Deeper lists too: sections, widgets, buttons.
    one_warning(
        r#"{"sections": {"widgets": [{"divider": {}}]}}"#,
        Rule::SingleForList,
        "sections",
    );
    let found = warnings_only(&card_with(
        r#"{"buttonList": {"buttons": {"text": "Open", "onClick": {"openLink": {"url": "https://e.com"}}}}}"#,
    ));
    assert_eq!(found[0].path, "sections[0].widgets[0].buttonList.buttons");
}

#[test]
fn one_scalar_where_a_list_of_scalars_belongs_is_a_warning() {
    let json = card_with(
        r#"{"buttonList": {"buttons": [{"text": "Send", "onClick": {"action": {"function": "send", "requiredWidgets": "name"}}}]}}"#,
    );
    one_warning(
        &json,
        Rule::SingleForList,
        "sections[0].widgets[0].buttonList.buttons[0].onClick.action.requiredWidgets",
    );
}

#[test]
fn what_cannot_stand_for_a_list_item_is_still_an_error() {
    // A string for a list of objects, an object for a list of strings.
    one_error(r#"{"cardsV2": "card"}"#, Rule::WrongType, "cardsV2");
    let json = card_with(
        r#"{"buttonList": {"buttons": [{"text": "Send", "onClick": {"action": {"function": "send", "requiredWidgets": {"name": "x"}}}}]}}"#,
    );
    one_error(
        &json,
        Rule::WrongType,
        "sections[0].widgets[0].buttonList.buttons[0].onClick.action.requiredWidgets",
    );
}

#[test]
fn the_widget_limit_counts_a_section_written_as_one_object() {
    let widgets = vec![r#"{"divider": {}}"#; 101].join(", ");
    let found = problems(&format!(r#"{{"sections": {{"widgets": [{widgets}]}}}}"#));
    let limit: Vec<&Problem> = found
        .iter()
        .filter(|p| p.rule == Rule::TooManyWidgets)
        .collect();
    assert_eq!(limit.len(), 1, "{found:#?}");
    assert_eq!(limit[0].path, "sections.widgets[100]");
}

#[test]
fn preview_text_is_a_legacy_field_pointing_to_fallback_text() {
    let p = one_warning(
        r#"{"previewText": "[FIRING:1] disk", "text": "disk full"}"#,
        Rule::LegacyField,
        "previewText",
    );
    assert!(p.message.contains("legacy"), "{p:#?}");
    assert!(p.help.unwrap_or_default().contains("fallbackText"));
    // Its value is still checked as text.
    let found = problems(r#"{"previewText": 5, "text": "disk full"}"#);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[1].is_error() && found[1].rule == Rule::WrongType);
    // Only on a message: a card has no such field.
    let card = parse(r#"{"header": {"title": "x"}, "previewText": "y"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let found = validate(&card, RootKind::Card);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, Rule::UnknownField);
    assert!(found[0].is_error());
}

#[test]
fn html_in_message_text_is_a_warning_with_the_chat_markup() {
    let p = one_warning(
        r#"{"text": "Deploy <b>done</b>"}"#,
        Rule::MessageMarkup,
        "text",
    );
    assert!(p.message.contains("shown literally"), "{p:#?}");
    assert!(p.help.unwrap_or_default().contains("*bold*"));
}

#[test]
fn what_the_front_end_refuses_stays_an_error() {
    // An unknown field name ("Cannot find field").
    one_error(
        r#"{"text": "x", "previewTxt": "y"}"#,
        Rule::UnknownField,
        "previewTxt",
    );
    one_error(
        &card_with(r#"{"decoratedText": {"text": "x", "wrapTxt": true}}"#),
        Rule::UnknownField,
        "sections[0].widgets[0].decoratedText.wrapTxt",
    );
    // A number for a string.
    one_error(
        r#"{"header": {"title": 5}}"#,
        Rule::WrongType,
        "header.title",
    );
    // An unknown enum name.
    one_error(
        r#"{"header": {"title": "x", "imageType": "SQUIRCLE"}}"#,
        Rule::UnknownEnumValue,
        "header.imageType",
    );
}
