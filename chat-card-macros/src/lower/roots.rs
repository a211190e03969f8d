//! The three roots the macros lower: a card wrapped in a message (`card!`), a dialog
//! (`dialog!`) and a message (`message!`).

use chat_card_core::schema::{CARD, CARD_WITH_ID, MESSAGE};
use proc_macro2::Span;

use super::Lowerer;
use crate::ir::{Item, LKind, LMember, LNode, ListInfo, Lowered};
use crate::parse::Body;

/// Lowers the input of `card!`: one card, wrapped in a message.
pub fn card(body: &Body) -> Lowered {
    let mut lw = Lowerer::new();
    let tree = lw.card_message(body);
    lw.finish(tree)
}

/// Lowers the input of `dialog!`: a card that is the body of a dialog, in the
/// `actionResponse` that opens it.
pub fn dialog(body: &Body) -> Lowered {
    let mut lw = Lowerer::new();
    let tree = lw.dialog(body);
    lw.finish(tree)
}

/// Lowers the input of `message!`.
pub fn message(body: &Body) -> Lowered {
    let mut lw = Lowerer::new();
    let tree = lw.message(body);
    lw.finish(tree)
}

impl Lowerer {
    /// The dialog: an `actionResponse` that opens it,
    /// `{"actionResponse": {"type": "DIALOG", "dialogAction": {"dialog": {"body": CARD}}}}`:
    /// the validator walks the card inside the dialog, where dialog-only fields are fine.
    pub(super) fn dialog(&mut self, body: &Body) -> LNode {
        let root = self.spans.add(Span::call_site());
        self.places.push("the dialog".to_owned());
        let card = self.object(&CARD, None, Some(body), Span::call_site());
        self.places.pop();
        let member = |key: &str, value: LNode| LMember {
            key: key.to_owned(),
            key_origin: root,
            value,
            from_shorthand: false,
        };
        let object = |members: Vec<LMember>| LNode {
            origin: root,
            kind: LKind::Object {
                members,
                card: None,
            },
        };
        let kind = LNode {
            origin: root,
            kind: LKind::Str("DIALOG".to_owned()),
        };
        let dialog = object(vec![member("body", card)]);
        let action = object(vec![member("dialog", dialog)]);
        let response = object(vec![member("type", kind), member("dialogAction", action)]);
        object(vec![member("actionResponse", response)])
    }

    pub(super) fn card_message(&mut self, body: &Body) -> LNode {
        let root = self.spans.add(Span::call_site());
        self.places.push("the card".to_owned());
        let card = self.object(&CARD_WITH_ID, None, Some(body), Span::call_site());
        self.places.pop();
        LNode {
            origin: root,
            kind: LKind::Object {
                members: vec![LMember {
                    key: "cardsV2".to_owned(),
                    key_origin: root,
                    value: LNode {
                        origin: root,
                        kind: LKind::Array {
                            items: vec![Item::Node(card)],
                            check: ListInfo {
                                place: "the message".to_owned(),
                                what: "cards".to_owned(),
                                min: 0,
                                max: None,
                                why: String::new(),
                                widgets: false,
                            },
                        },
                    },
                    from_shorthand: false,
                }],
                card: None,
            },
        }
    }

    /// Lowers the input of `message!`.
    pub(super) fn message(&mut self, body: &Body) -> LNode {
        self.object(&MESSAGE, None, Some(body), Span::call_site())
    }
}
