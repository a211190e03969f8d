//! Limits only runtime data can break are checked when the message is built.

use chat_card::{BuildError, card, message};

#[test]
fn a_loop_producing_101_widgets_is_refused() {
    let rows: Vec<u32> = (0..101).collect();
    let built = card! { id: "big", section "Rows" { for row in &rows { text "row {row}" } } };
    match built {
        Err(BuildError::TooManyWidgets { card, count, max }) => {
            assert_eq!((count, max), (101, 100));
            assert_eq!(card, "the card");
        }
        other => panic!("expected TooManyWidgets, got {other:?}"),
    }
    let err = card! { section { for row in &rows { text "row {row}" } } }.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("101 widgets") && text.contains("split"),
        "{text}"
    );
}

#[test]
fn widgets_are_counted_over_all_sections_of_a_card() {
    let rows: Vec<u32> = (0..50).collect();
    let built = card! {
        section { for row in &rows { text "a {row}" } }
        section { divider }
        for _ in 0..1 { section { for row in &rows { text "b {row}" } } }
    };
    assert!(
        matches!(built, Err(BuildError::TooManyWidgets { count: 101, .. })),
        "{built:?}"
    );
    let ok = card! { section { for row in rows.iter().take(99) { text "{row}" } divider } };
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn an_empty_loop_leaves_an_empty_section() {
    let rows: Vec<u32> = Vec::new();
    let built = card! { section "Failed checks" { for row in &rows { text "{row}" } } };
    match built {
        Err(BuildError::TooFewItems {
            place,
            count: 0,
            min: 1,
            ..
        }) => assert!(place.contains("Failed checks"), "{place}"),
        other => panic!("expected TooFewItems, got {other:?}"),
    }
}

#[test]
fn too_many_selection_items_and_columns_from_loops() {
    let items: Vec<u32> = (0..101).collect();
    let built =
        card! { section { selection "pick" { for i in &items { item "{i}" { value: "{i}" } } } } };
    assert!(
        matches!(
            built,
            Err(BuildError::TooManyItems {
                count: 101,
                max: 100,
                ..
            })
        ),
        "{built:?}"
    );
    let cols = [1, 2, 3];
    let built = card! { section { columns { for c in cols { column { text "{c}" } } } } };
    assert!(
        matches!(
            built,
            Err(BuildError::TooManyItems {
                count: 3,
                max: 2,
                ..
            })
        ),
        "{built:?}"
    );
}

#[test]
fn a_message_over_32000_bytes_is_refused() {
    let long = "x".repeat(33_000);
    let built = message! { text: "{long}" };
    match built {
        Err(BuildError::MessageTooLarge { bytes, max: 32_000 }) => assert!(bytes > 33_000),
        other => panic!("expected MessageTooLarge, got {other:?}"),
    }
    let fits = "x".repeat(31_000);
    assert!(message! { text: "{fits}" }.is_ok());
}

#[test]
fn a_card_over_32_kb_is_refused() {
    let long = "y".repeat(33_000);
    let built = message! { card "big" { section { text "{long}" } } };
    match built {
        Err(BuildError::CardTooLarge {
            card, max: 32_768, ..
        }) => assert_eq!(card, "card \"big\""),
        other => panic!("expected CardTooLarge, got {other:?}"),
    }
}

#[test]
fn non_finite_floats_are_refused() {
    let ratio = f64::NAN;
    let built = card! { section { grid { item "x" { image "https://example.com/x.png" { crop_style { type: RECTANGLE_CUSTOM, aspect_ratio: ratio } } } } } };
    assert!(
        matches!(built, Err(BuildError::NotFinite { .. })),
        "{built:?}"
    );
}

#[test]
fn an_interpolated_thread_key_over_4000_characters_is_refused() {
    let key = "k".repeat(3_995);
    let built = message! { text: "x", thread_key: "deploy-{key}" };
    match built {
        Err(BuildError::TextTooLong {
            field: "thread key",
            max: 4_000,
            ..
        }) => {}
        other => panic!("expected TextTooLong, got {other:?}"),
    }
    let key = "k".repeat(3_993);
    assert!(message! { text: "x", thread_key: "deploy-{key}" }.is_ok());
    let whole = "k".repeat(4_001);
    assert!(message! { text: "x", thread_key: whole }.is_err());
}
