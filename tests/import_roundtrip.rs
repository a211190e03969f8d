//! Round trip of `chat_card::import`: every golden file (`tests/golden/`), every valid
//! message of the real-world corpus (`tests/corpus/`) and every extra card of
//! `tests/import/` is imported with `to_source` (as `fn NAME()`, the CLI's `--fn`), the
//! functions are compiled (all in one checked-in file, `tests/import_generated/mod.rs`),
//! and each builds the JSON it was imported from.
//!
//! The comparison is of `serde_json::Value`s after the normalisation the import documents,
//! applied to both sides: keys in camelCase (`image_url` is `imageUrl`), numbers as
//! floats (`1.0` is `1`), a protobuf enum number as its name (`"imageType": 1` is
//! `"CIRCLE"`), `null` members left out, a 64-bit integer (`valueMsEpoch`) as a string,
//! an opaque colour's `"alpha": 1` left out, a bare card wrapped as the message `card!`
//! builds (`{"cardsV2": [{"card": …}]}`), and the forms only Google's front end accepts
//! in their proper form (a bool written as a string is the bool, one item for a list is a
//! list of one, the legacy `previewText` is left out). The keys and enums are read off the schema
//! tables of `chat-card-core`, as the validator reads them.
//!
//! When the generator or a source file changes, refresh the generated file with
//! `CHAT_CARD_BLESS=1 cargo test --test import_generate` and review its diff.

use import_support::{BLESS, MIN_ROUND_TRIPS, generate, normalise, root};
use serde_json::Value;

mod import_support;

#[rustfmt::skip]
mod import_generated;

#[test]
fn every_imported_source_builds_the_json_it_came_from() {
    let generated = generate();
    let mut counts = [0usize; 3];
    for (path, build) in import_generated::CASES {
        let text =
            std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let input: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let built = build().unwrap_or_else(|e| panic!("{path}: the imported source fails: {e}"));
        let output: Value =
            serde_json::from_str(built.as_str()).unwrap_or_else(|e| panic!("{path}: {e}"));
        let bare_card = chat_card::check::check_document(&text)
            .map(|r| r.kind == chat_card::check::DocumentKind::Card)
            .unwrap_or(false);
        let expected = if bare_card {
            serde_json::json!({ "cardsV2": [{ "card": input }] })
        } else {
            input
        };
        assert_eq!(
            normalise(output),
            normalise(expected),
            "{path}: the imported source builds different JSON"
        );
        let slot = ["tests/golden/", "tests/corpus/", "tests/import/"]
            .iter()
            .position(|p| path.starts_with(p))
            .unwrap_or(2);
        counts[slot] += 1;
    }
    let total: usize = counts.iter().sum();
    println!(
        "round trips: {} goldens, {} corpus messages, {} extra cards ({total} in all); {} skipped",
        counts[0],
        counts[1],
        counts[2],
        generated.skipped.len()
    );
    assert!(total >= MIN_ROUND_TRIPS, "only {total} round trips");
    assert_eq!(
        total,
        generated.imported.len(),
        "the generated file is out of date; refresh it with `{BLESS}`"
    );
}

#[test]
fn normalisation_only_touches_what_the_import_documents() {
    let input = serde_json::json!({"cards_v2": [{"card": {
        "header": {"title": "x", "image_url": "https://example.com/a.png", "image_type": 1},
        "sections": [{"widgets": [
            {"dateTimePicker": {"name": "d", "valueMsEpoch": 5, "label": null}},
            {"buttonList": {"buttons": [{"text": "b", "disabled": false,
                "color": {"red": 1, "green": 0.0, "blue": 0, "alpha": 1}}]}}
        ]}]
    }}]});
    let expected = serde_json::json!({"cardsV2": [{"card": {
        "header": {"title": "x", "imageUrl": "https://example.com/a.png", "imageType": "CIRCLE"},
        "sections": [{"widgets": [
            {"dateTimePicker": {"name": "d", "valueMsEpoch": "5"}},
            {"buttonList": {"buttons": [{"text": "b", "disabled": false,
                "color": {"red": 1.0, "green": 0, "blue": 0}}]}}
        ]}]
    }}]});
    assert_eq!(normalise(input), normalise(expected));
    // Text stays text, and numbers are only names where the field is an enum.
    assert_ne!(
        normalise(serde_json::json!({"text": "1"})),
        normalise(serde_json::json!({"text": 1}))
    );
    assert_ne!(
        normalise(serde_json::json!({"fallbackText": 1})),
        normalise(serde_json::json!({"fallbackText": "SQUARE"}))
    );
}
