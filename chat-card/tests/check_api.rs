//! The runtime check API as a user calls it: files from elsewhere, serde values, and
//! JSON wrapped for sending.

use chat_card::JsonMessage;
use chat_card::check::{
    CheckError, DocumentKind, check_document, check_message_text, check_text, check_value,
};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn seed_fixtures_pass_and_are_told_apart() {
    let message = check_document(&fixture("seed-message.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(message.kind, DocumentKind::Message);
    assert!(message.findings.is_empty(), "{:?}", message.findings);
    let card = check_document(&fixture("seed-card.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(card.kind, DocumentKind::Card);
    assert!(card.findings.is_empty());
}

#[test]
fn a_bare_card_is_not_a_message() {
    let card = fixture("seed-card.json");
    assert!(check_text(&card).is_ok_and(|f| f.is_empty()));
    let as_message = check_message_text(&card).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        as_message.iter().any(|f| f.path == "header"),
        "{as_message:?}"
    );
    let err = JsonMessage::from_json(card).expect_err("bare card");
    assert!(matches!(err, CheckError::BareCard));
    assert!(err.to_string().contains("cardsV2"), "{err}");
}

#[test]
fn from_json_keeps_the_text_it_checked() {
    let text = fixture("seed-message.json");
    let msg = JsonMessage::from_json(text.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(msg.as_str(), text);
}

#[test]
fn invalid_messages_list_every_finding_with_positions() {
    let err = JsonMessage::from_json(fixture("broken-message.json")).expect_err("broken");
    let CheckError::Invalid(findings) = &err else {
        panic!("expected findings, got {err}");
    };
    // The errors; the warning (HTML in the text, shown literally) is left out.
    assert_eq!(findings.len(), 4);
    assert!(findings.iter().all(|f| f.is_error()));
    assert_eq!((findings[0].line, findings[0].column), (12, 58));
    let shown = err.to_string();
    assert!(shown.starts_with("the message has 4 problems"), "{shown}");
    assert!(
        shown.contains("12:58: cardsV2[0].card.sections[0].widgets[0].columns.columnItems[0].widgets[0].divider: `divider` is not allowed"),
        "{shown}"
    );
    assert!(!shown.contains("<b>"), "{shown}");
}

#[test]
fn syntax_errors_are_typed() {
    let err = JsonMessage::from_json(fixture("not-json.json")).expect_err("not json");
    let CheckError::Syntax(syntax) = &err else {
        panic!("expected a syntax error, got {err}");
    };
    assert_eq!((syntax.line, syntax.column), (4, 20));
    assert!(
        err.to_string()
            .contains("4:20: not valid JSON: trailing comma")
    );
}

#[test]
fn serde_values_are_checked_too() {
    let card = serde_json::json!({
        "cardsV2": [{"cardId": "c", "card": {
            "header": {"title": "Disk full", "imageType": "ROUND"},
            "sections": [{"widgets": [{"textParagraph": {"text": "<b>db-1</b> at 98%"}}]}]
        }}]
    });
    let findings = check_value(&card);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].path, "cardsV2[0].card.header.imageType");
    assert_eq!((findings[0].line, findings[0].column), (0, 0));
    assert!(
        findings[0]
            .to_string()
            .contains("help: valid values: SQUARE, CIRCLE"),
        "{}",
        findings[0]
    );
}
