//! Keeps `tests/import_generated/mod.rs` current: it is what `chat_card::import` writes
//! (with `--fn`) for every golden file, valid corpus message and extra card of
//! `tests/import/`; `import_roundtrip.rs` compiles and runs it. Refresh it with
//! `CHAT_CARD_BLESS=1 cargo test --test import_generate` and review its diff. (A separate
//! test target, so that refreshing works even when the old generated file no longer
//! compiles.)

mod import_support;

use import_support::{BLESS, MIN_ROUND_TRIPS, generate, generated_path};

#[test]
fn the_generated_file_is_current() {
    let generated = generate();
    let path = generated_path();
    if std::env::var_os("CHAT_CARD_BLESS").is_some() {
        std::fs::write(&path, &generated.text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated.text,
        "{} is out of date; refresh it with `{BLESS}` and review the diff",
        path.display()
    );
    assert!(
        generated.imported.len() >= MIN_ROUND_TRIPS,
        "only {} sources import (skipped: {:#?})",
        generated.imported.len(),
        generated.skipped
    );
}
