//! Compile-time diagnostics of `card!` and `message!`: one mistake per file under
//! `tests/ui/`, each with its reviewed `.stderr`, plus passing cases under `tests/ui/pass/`.
//!
//! The `.stderr` snapshots hold rustc's wording, which changes between compilers. They were
//! made with the rustc in `tests/ui/RUSTC_VERSION`. On another compiler, refresh them:
//!
//! ```text
//! TRYBUILD=overwrite cargo test --test ui
//! rustc --version | awk '{print $2}' > tests/ui/RUSTC_VERSION
//! ```
//!
//! then read every changed `.stderr` as a user would before committing.

#[test]
fn ui() {
    let pinned = include_str!("ui/RUSTC_VERSION").trim();
    let here = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if !here.contains(pinned) {
        eprintln!(
            "NOTE: the UI snapshots were made with rustc {pinned}, this is {}; if only \
             rustc's wording differs, refresh them (see tests/ui.rs)",
            here.trim()
        );
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
