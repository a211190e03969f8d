//! The few rules that look at several fields at once: widget counts, card ids, collapse
//! controls, uncollapsible counts, and the size limits of cards and messages.

use std::collections::HashMap;
use std::ptr;

use super::{Problem, Rule, join, report};
use crate::json::write_compact;
use crate::schema::{self, MAX_CARD_BYTES, MAX_MESSAGE_BYTES, MAX_WIDGETS_PER_CARD, ObjectDef};
use crate::tree::{Node, Value};

/// Runs the cross-field rules of `def` on an object whose members were checked.
pub(super) fn after_object(
    out: &mut Vec<Problem>,
    node: &Node,
    def: &'static ObjectDef,
    path: &str,
) {
    if ptr::eq(def, &schema::SECTION) {
        section(out, node, path);
    } else if ptr::eq(def, &schema::COLLAPSE_CONTROL) {
        collapse_control(out, node, path);
    } else if ptr::eq(def, &schema::CARD) {
        card(out, node, path);
    } else if ptr::eq(def, &schema::MESSAGE) {
        message(out, node, path);
    } else if ptr::eq(def, &schema::CARD_FIXED_FOOTER) {
        fixed_footer(out, node, path);
    } else if ptr::eq(def, &schema::ACTION_RESPONSE) {
        action_response(out, node, path);
    }
}

/// How the object spells one of its keys (`cardsV2` or `cards_v2`), for paths; the
/// JSON name when it is absent.
fn key_as_written<'a>(node: &'a Node, json: &'a str) -> &'a str {
    node.as_object()
        .and_then(|ms| ms.iter().find(|m| schema::same_key(&m.key, json)))
        .map_or(json, |m| m.key.as_str())
}

/// Items of a fully known array; one object where the list belongs is a list of one, as
/// Google's front end reads it.
fn closed_items(node: Option<&Node>) -> Option<&[Node]> {
    let node = node?;
    match &node.value {
        Value::Array(a) if !a.open => Some(&a.items),
        Value::Object(_) => Some(std::slice::from_ref(node)),
        _ => None,
    }
}

/// The path of item `i` of the list at `path`: `path[i]`, or `path` itself when the list
/// is written as its one object.
fn item_path(list: Option<&Node>, path: &str, i: usize) -> String {
    match list.map(|n| &n.value) {
        Some(Value::Object(_)) => path.to_owned(),
        _ => format!("{path}[{i}]"),
    }
}

fn section(out: &mut Vec<Problem>, node: &Node, path: &str) {
    let Some(count) = node.get("uncollapsibleWidgetsCount") else {
        return;
    };
    let Value::Number(n) = &count.value else {
        return;
    };
    let Some(widgets) = closed_items(node.get("widgets")) else {
        return;
    };
    if let Some(k) = n.as_i64()
        && k > widgets.len() as i64
    {
        let key = key_as_written(node, "uncollapsibleWidgetsCount");
        report(
            out,
            Rule::UncollapsibleCountTooLarge,
            &join(path, key),
            count.origin,
            format!(
                "{k} widgets are to stay visible, but the section has only {}",
                widgets.len()
            ),
            Some(format!(
                "use at most {} (the number of widgets in the section)",
                widgets.len()
            )),
        );
    }
}

fn collapse_control(out: &mut Vec<Problem>, node: &Node, path: &str) {
    let set = |k: &str| node.get(k).is_some_and(|v| !matches!(v.value, Value::Null));
    let (expand, collapse) = (set("expandButton"), set("collapseButton"));
    if expand != collapse {
        let (has, missing) = if expand {
            ("expandButton", "collapseButton")
        } else {
            ("collapseButton", "expandButton")
        };
        report(
            out,
            Rule::HalfCollapseControl,
            path,
            node.origin,
            format!("a collapse control with `{has}` but no `{missing}` has no effect"),
            Some(format!("add `{missing}` too, or remove `{has}`")),
        );
    }
}

/// `card.proto` says a fixed footer's buttons must be text buttons with text and colour;
/// Google's own dialog samples leave the colour out, and Chat draws them.
fn fixed_footer(out: &mut Vec<Problem>, node: &Node, path: &str) {
    for key in ["primaryButton", "secondaryButton"] {
        let Some(button) = node.get(key) else {
            continue;
        };
        if button.as_object().is_none() {
            continue;
        }
        for (field, what) in [("text", "text"), ("color", "colour")] {
            if button
                .get(field)
                .is_none_or(|v| matches!(v.value, Value::Null))
            {
                report(
                    out,
                    Rule::FooterButtonStyle,
                    &join(path, key),
                    button.origin,
                    format!("a fixed footer's button should have a {what}"),
                    Some(format!(
                        "add `{field}`; Chat draws it without, but Google documents both text and colour for footer buttons"
                    )),
                );
            }
        }
    }
}

/// `message.proto` ActionResponse: each response type needs its part, and a part only
/// works with its type (a dialog with `type: DIALOG`, a widget update with
/// `UPDATE_WIDGET`, a configuration URL with `REQUEST_CONFIG`).
fn action_response(out: &mut Vec<Problem>, node: &Node, path: &str) {
    let set = |k: &str| node.get(k).is_some_and(|v| !matches!(v.value, Value::Null));
    let Some(kind) = node.get("type").and_then(Node::as_str) else {
        return;
    };
    const PARTS: [(&str, &str); 3] = [
        ("DIALOG", "dialogAction"),
        ("UPDATE_WIDGET", "updatedWidget"),
        ("REQUEST_CONFIG", "url"),
    ];
    for (part_type, part) in PARTS {
        if kind == part_type && !set(part) {
            report(
                out,
                Rule::ActionResponseMismatch,
                path,
                node.origin,
                format!("an action response of type {kind} needs `{part}`"),
                Some(format!(
                    "add `{part}`, or use the response type that fits what you send"
                )),
            );
        }
        if kind != part_type && set(part) {
            let key = key_as_written(node, part);
            report(
                out,
                Rule::ActionResponseMismatch,
                &join(path, key),
                node.get(part).map_or(node.origin, |n| n.origin),
                format!(
                    "`{part}` only works in an action response of type {part_type}, not {kind}"
                ),
                Some(format!("set `type: {part_type}`, or remove `{part}`")),
            );
        }
    }
}

fn card(out: &mut Vec<Problem>, node: &Node, path: &str) {
    // At most 100 widgets, counted over the sections (Chat drops the section that passes
    // the limit and every later one).
    if let Some(sections) = closed_items(node.get("sections")) {
        let mut total = 0usize;
        let mut first_extra = None;
        let mut all_known = true;
        for (i, section) in sections.iter().enumerate() {
            let Some(widgets) = closed_items(section.get("widgets")) else {
                if section
                    .get("widgets")
                    .is_some_and(|w| matches!(&w.value, Value::Array(a) if a.open))
                {
                    all_known = false;
                }
                continue;
            };
            for (j, widget) in widgets.iter().enumerate() {
                total += 1;
                if total == MAX_WIDGETS_PER_CARD + 1 {
                    first_extra = Some((i, j, widget.origin));
                }
            }
        }
        if all_known && let Some((i, j, origin)) = first_extra {
            let key = |k: &'static str| key_as_written(node, k);
            let section_path = item_path(node.get("sections"), &join(path, key("sections")), i);
            let section = &sections[i];
            let widget_path = item_path(
                section.get("widgets"),
                &join(&section_path, key_as_written(section, "widgets")),
                j,
            );
            report(
                out,
                Rule::TooManyWidgets,
                &widget_path,
                origin,
                format!(
                    "the card has {total} widgets; a card may have at most {MAX_WIDGETS_PER_CARD}"
                ),
                Some(
                    "Chat drops the section that passes 100 widgets and every later section; split the content over several cards or messages"
                        .into(),
                ),
            );
        }
    }
    if is_static(node) {
        let mut json = String::new();
        write_compact(node, &mut json);
        if json.len() > MAX_CARD_BYTES {
            report(
                out,
                Rule::TooLarge,
                path,
                node.origin,
                format!(
                    "the card's JSON is {} bytes; a card may have at most {MAX_CARD_BYTES} bytes (32 KB)",
                    json.len()
                ),
                Some("split it into several cards or messages".into()),
            );
        }
    }
}

fn message(out: &mut Vec<Problem>, node: &Node, path: &str) {
    if let Some(Value::Array(cards)) = node.get("cardsV2").map(|n| &n.value)
        && cards.items.len() > 1
    {
        let cards_key = key_as_written(node, "cardsV2");
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, entry) in cards.items.iter().enumerate() {
            if entry.as_object().is_none() {
                continue;
            }
            let entry_path = format!("{}[{i}]", join(path, cards_key));
            match entry.get("cardId") {
                None
                | Some(Node {
                    value: Value::Null, ..
                }) => report(
                    out,
                    Rule::MissingCardId,
                    &entry_path,
                    entry.origin,
                    "this card has no `cardId`; a message with several cards needs one on each",
                    Some("add `\"cardId\": \"…\"`, unique within the message".into()),
                ),
                Some(id) => {
                    if let Value::String(s) = &id.value {
                        if let Some(j) = seen.get(s.as_str()) {
                            report(
                                out,
                                Rule::DuplicateCardId,
                                &format!("{entry_path}.cardId"),
                                id.origin,
                                format!("card id `{s}` is already used by {cards_key}[{j}]"),
                                Some("give every card of the message its own id".into()),
                            );
                        } else {
                            seen.insert(s, i);
                        }
                    }
                }
            }
        }
    }
    if is_static(node) {
        let mut json = String::new();
        write_compact(node, &mut json);
        if json.len() > MAX_MESSAGE_BYTES {
            report(
                out,
                Rule::TooLarge,
                path,
                node.origin,
                format!(
                    "the message is {} bytes; Chat accepts at most {MAX_MESSAGE_BYTES} bytes",
                    json.len()
                ),
                Some("shorten the text or send the cards in several messages".into()),
            );
        }
    }
}

/// Whether a tree holds no runtime parts (no templates, runtime values or open arrays),
/// so its final size is known.
pub(crate) fn is_static(node: &Node) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Template(_) | Value::Dynamic(_) => return false,
            Value::Array(a) => {
                if a.open {
                    return false;
                }
                stack.extend(a.items.iter());
            }
            Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            _ => {}
        }
    }
    true
}
