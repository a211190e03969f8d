//! Compile-time diagnostics of `card!` and `message!`: one mistake per file under
//! `tests/ui/`, each with its reviewed `.stderr`, plus passing cases under `tests/ui/pass/`.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui`, then
//! read every changed `.stderr` as a user would.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
