//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chat_card_core::json::parse;
use chat_card_core::tree::{Node, Value};
use chat_card_core::validate::{Problem, detect_root, validate};

/// Every problem of a JSON message or bare card.
pub fn problems(json: &str) -> Vec<Problem> {
    let node = parse(json).unwrap_or_else(|e| panic!("test JSON does not parse: {e}: {json}"));
    validate(&node, detect_root(&node))
}

/// Problems of a tree.
pub fn problems_of(node: &Node) -> Vec<Problem> {
    validate(node, detect_root(node))
}

/// A bare card with one section holding these widgets (JSON text of the array items).
pub fn card_with(widgets: &str) -> String {
    format!(r#"{{"header": {{"title": "T"}}, "sections": [{{"widgets": [{widgets}]}}]}}"#)
}

/// Asserts exactly one problem, at `path`, whose message contains `message` and whose
/// help contains `help`.
#[track_caller]
pub fn assert_one(json: &str, path: &str, message: &str, help: &str) -> Problem {
    let found = problems(json);
    assert_eq!(
        found.len(),
        1,
        "expected one problem in {json}\ngot {found:#?}"
    );
    let p = found.into_iter().next().unwrap_or_else(|| unreachable!());
    assert_eq!(p.path, path, "{p:#?}");
    assert!(
        p.message.contains(message),
        "message {:?} lacks {message:?}",
        p.message
    );
    let h = p.help.clone().unwrap_or_default();
    assert!(h.contains(help), "help {h:?} lacks {help:?}");
    p
}

/// Asserts no problems.
#[track_caller]
pub fn assert_valid(json: &str) {
    let found = problems(json);
    assert!(
        found.is_empty(),
        "expected no problems in {json}\ngot {found:#?}"
    );
}

/// The node at a path of keys and indexes (`["sections", "0", "widgets"]`), mutably.
pub fn at<'a>(node: &'a mut Node, path: &[&str]) -> &'a mut Node {
    let mut cur = node;
    for step in path {
        cur = match &mut cur.value {
            Value::Object(members) => {
                &mut members
                    .iter_mut()
                    .find(|m| m.key == *step)
                    .unwrap_or_else(|| panic!("no key {step}"))
                    .value
            }
            Value::Array(a) => {
                let i: usize = step
                    .parse()
                    .unwrap_or_else(|_| panic!("not an index: {step}"));
                &mut a.items[i]
            }
            _ => panic!("cannot step into {step}"),
        };
    }
    cur
}
