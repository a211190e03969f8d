//! The proper form of what only Google's front end accepts, so the preview draws what Chat
//! draws: a bool written as a string becomes the bool, one item where a list belongs a list
//! of one (the validator warns about both). Read off the schema tables.

use chat_card_core::schema::{ObjectDef, Ty};
use chat_card_core::validate::bool_from_string;
use serde_json::Value;

/// Rewrites `value`, an object of kind `def`, in place.
pub(super) fn proper_form(value: &mut Value, def: &'static ObjectDef) {
    let Value::Object(members) = value else {
        return;
    };
    for (key, member) in members.iter_mut() {
        if let Some(field) = def.field(key) {
            typed(member, field.ty);
        }
    }
}

fn typed(value: &mut Value, ty: Ty) {
    match (ty, &mut *value) {
        (Ty::Bool, Value::String(s)) => {
            if let Some(b) = bool_from_string(s) {
                *value = Value::Bool(b);
            }
        }
        (Ty::Object(def), Value::Object(_)) => proper_form(value, def),
        (Ty::List(list), Value::Array(items)) => {
            for item in items {
                typed(item, list.item);
            }
        }
        (
            Ty::List(list),
            Value::Object(_) | Value::String(_) | Value::Number(_) | Value::Bool(_),
        ) => {
            let mut item = value.take();
            typed(&mut item, list.item);
            *value = Value::Array(vec![item]);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chat_card_core::schema::MESSAGE;

    #[test]
    fn quoted_bools_and_single_items_get_their_proper_form() {
        let mut value = serde_json::json!({
            "cardsV2": {"cardId": "c", "card": {"sections": {"collapsible": "Yes",
                "widgets": [{"divider": {}}]}}},
            "text": "1"
        });
        proper_form(&mut value, &MESSAGE);
        assert_eq!(
            value,
            serde_json::json!({
                "cardsV2": [{"cardId": "c", "card": {"sections": [{"collapsible": true,
                    "widgets": [{"divider": {}}]}]}}],
                "text": "1"
            })
        );
    }

    #[test]
    fn the_preview_draws_a_message_only_the_front_end_reads() {
        let text = r#"{"cardsV2": {"cardId": "c", "card": {"header": {"title": "Deployed"},
            "sections": [{"collapsible": "true", "uncollapsibleWidgetsCount": 1,
            "widgets": [{"divider": {}}]}]}}}"#;
        let message = crate::preview::parse_json(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(message.cards_v2.len(), 1);
        assert!(
            message
                .preview_html(crate::preview::Theme::Light)
                .contains("Deployed")
        );
        // What does not fit even so keeps the first error, with its position.
        let err = crate::preview::parse_json(r#"{"cardsV2": 5}"#).expect_err("not a card");
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
