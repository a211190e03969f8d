//! What builds is sendable: every rule of the validator that runtime data can break is
//! checked when `card!` / `message!` build the message. For generated data, a built
//! message is either a `BuildError` or passes the validator (the one `Sender::send`
//! runs) without an error.

use chat_card::check::check_document;
use chat_card::{BuildError, JsonMessage, card, message};
use proptest::prelude::*;

/// The validator's errors for a built message (empty: Chat would accept it).
fn errors(msg: &JsonMessage) -> Vec<String> {
    let report = check_document(msg.as_str()).expect("the macro writes JSON");
    report.errors().map(|f| f.to_string()).collect()
}

/// Either `Err`, or no validator error.
fn sendable(built: Result<JsonMessage, BuildError>) -> Result<(), String> {
    match built {
        Err(_) => Ok(()),
        Ok(msg) => {
            let found = errors(&msg);
            if found.is_empty() {
                Ok(())
            } else {
                Err(format!("built Ok but refused: {found:?}\n{}", msg.as_str()))
            }
        }
    }
}

#[test]
fn an_uncollapsible_count_over_a_loop_is_checked_when_built() {
    let items = ["a", "b"];
    let built = card! {
        section "Checks" {
            collapsible: true, uncollapsible: 3,
            for item in &items { text "{item}" }
        }
    };
    match built {
        Err(BuildError::TooManyUncollapsible {
            count: 3,
            widgets: 2,
            place,
        }) => assert!(place.contains("Checks"), "{place}"),
        other => panic!("expected TooManyUncollapsible, got {other:?}"),
    }
    let three = ["a", "b", "c"];
    let ok = card! {
        section { collapsible: true, uncollapsible: 3, for item in &three { text "{item}" } }
    };
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn a_runtime_uncollapsible_count_is_checked_against_literal_widgets() {
    let shown: usize = 4;
    let built = card! { section { collapsible: true, uncollapsible: shown, text "a" text "b" } };
    assert!(matches!(
        built,
        Err(BuildError::TooManyUncollapsible {
            count: 4,
            widgets: 2,
            ..
        })
    ));
    let items = vec!["x"; 5];
    let fits = card! {
        section {
            collapsible: true, uncollapsible: shown.min(items.len()),
            for item in &items { text "{item}" }
        }
    };
    assert!(fits.is_ok(), "{fits:?}");
}

#[test]
fn integer_fields_take_any_integer_type_and_check_the_range() {
    let lines = ["a", "b", "c"];
    let msg = card! { section { text "x" { max_lines: lines.len() } } }.unwrap();
    assert!(msg.as_str().contains(r#""maxLines":3"#), "{}", msg.as_str());
    let small: u8 = 2;
    let by_ref = &small;
    let msg = card! { section { text "x" { max_lines: by_ref } } }.unwrap();
    assert!(msg.as_str().contains(r#""maxLines":2"#));
    let huge: u64 = 3_000_000_000;
    match card! { section { text "x" { max_lines: huge } } } {
        Err(BuildError::IntOutOfRange { value, place, .. }) => {
            assert_eq!(value, 3_000_000_000);
            assert!(place.contains("max_lines"), "{place}");
        }
        other => panic!("expected IntOutOfRange, got {other:?}"),
    }
    let negative: i64 = -1;
    let err = card! {
        section { text_input "reason" { label: "Reason", validation { character_limit: negative } } }
    }
    .unwrap_err();
    assert!(err.to_string().contains("0 to 2147483647"), "{err}");
}

#[test]
fn float_fields_check_their_range() {
    let red = 1.5_f32;
    let built = card! {
        section { buttons { button "x" { link: "https://example.com", color: { red: red, green: 0.0, blue: 0.0 } } } }
    };
    assert!(
        matches!(built, Err(BuildError::FloatOutOfRange { .. })),
        "{built:?}"
    );
}

#[test]
fn cards_from_a_loop_need_distinct_ids() {
    let hosts = ["db-1", "db-2"];
    let without_ids = message! { for host in &hosts { card { section { text "{host}" } } } };
    assert!(
        matches!(without_ids, Err(BuildError::MissingCardId { cards: 2, .. })),
        "{without_ids:?}"
    );
    let same = message! { for host in &hosts { card "host" { section { text "{host}" } } } };
    assert_eq!(same, Err(BuildError::DuplicateCardId { id: "host".into() }));
    let distinct =
        message! { for host in &hosts { card "host-{host}" { section { text "{host}" } } } };
    assert!(distinct.is_ok(), "{distinct:?}");
    let one = ["db-1"];
    let single = message! { for host in &one { card { section { text "{host}" } } } };
    assert!(single.is_ok(), "{single:?}");
}

/// Generated runtime data for one message with every runtime-checked part.
#[derive(Debug, Clone)]
struct Data {
    title: String,
    items: Vec<String>,
    shown: i64,
    lines: i64,
    cards: Vec<String>,
    label: String,
    path: String,
    ratio: f64,
    key: String,
}

fn data() -> impl Strategy<Value = Data> {
    (
        any::<String>(),
        prop::collection::vec(any::<String>(), 0..5),
        -2i64..6,
        prop_oneof![Just(i64::MIN), -3i64..5, Just(i64::from(i32::MAX) + 1)],
        prop::collection::vec("[a-c]{0,2}", 0..4),
        any::<String>(),
        any::<String>(),
        prop_oneof![Just(f64::NAN), Just(f64::INFINITY), -1.0f64..2.0, Just(0.0)],
        prop_oneof![Just(String::new()), "[a-z]{1,8}", Just("k".repeat(4001))],
    )
        .prop_map(
            |(title, items, shown, lines, cards, label, path, ratio, key)| Data {
                title,
                items,
                shown,
                lines,
                cards,
                label,
                path,
                ratio,
                key,
            },
        )
}

fn build(d: &Data) -> Result<JsonMessage, BuildError> {
    message! {
        text: "Report for *{d.title}*: <https://t.example.com/digest/{d.path}|{d.label}> <users/{d.path}>",
        thread_key: "{d.key}",
        card "summary" {
            header { title: d.title.clone() }
            section {
                collapsible: true, uncollapsible: d.shown,
                for item in &d.items { decorated { text: item, wrap: true } }
                text "{d.title}" { max_lines: d.lines }
            }
        }
        for id in &d.cards {
            card "{id}" {
                section {
                    buttons {
                        button "{d.label}" {
                            link: "https://example.com/{d.path}",
                            color: { red: d.ratio, green: 0.5, blue: 0.5 }
                        }
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_built_message_is_sendable(d in data()) {
        prop_assert_eq!(sendable(build(&d)), Ok(()));
    }
}
