//! Unit tests of the pipeline, run outside a compiler (proc-macro2 falls back to its own
//! token types), including a property test that no input makes the macro panic.

use proc_macro2::TokenStream;
use proptest::prelude::*;

use crate::ir::Part;
use crate::lower::split;
use crate::{Root, expand};

fn run(src: &str, root: Root) -> String {
    let tokens: TokenStream = src.parse().unwrap_or_default();
    expand(tokens, root).to_string()
}

#[test]
fn static_card_expands_to_one_literal() {
    let out = run(r#"section { text "hi" }"#, Root::Card);
    assert!(out.contains("__from_static"), "{out}");
    assert!(!out.contains("Writer"), "{out}");
}

#[test]
fn holes_expand_to_a_writer() {
    let out = run(r#"section { text "hi {name}" }"#, Root::Card);
    assert!(out.contains("Writer :: with_capacity"), "{out}");
    // Text holes go through `Hole`, which picks the string fast path or `Display`.
    assert!(out.contains("__private :: Hole"), "{out}");
    assert!(out.contains(". html (& mut"), "{out}");
}

#[test]
fn errors_come_with_a_placeholder_value() {
    let out = run(
        r#"section { paragraph "x" } header { titel: "y" }"#,
        Root::Card,
    );
    assert_eq!(out.matches("compile_error").count(), 2, "{out}");
    assert!(out.contains("__from_static"), "{out}");
}

#[test]
fn holes_split_like_format() {
    let lit: syn::LitStr = syn::parse_quote!("a {b} {{c}} {d.e():>4} f");
    let pieces = split(&lit).unwrap_or_default();
    let shape: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Part::Text(t) => format!("T({t})"),
            Part::Hole { spec, .. } => format!("H({})", spec.clone().unwrap_or_default()),
        })
        .collect();
    assert_eq!(shape, ["T(a )", "H()", "T( {c} )", "H(>4)", "T( f)"]);
    for bad in ["{", "}", "{}", "{a b}"] {
        let lit = syn::LitStr::new(bad, proc_macro2::Span::call_site());
        assert!(split(&lit).is_err(), "{bad}");
    }
}

/// A source file: its path under `src/` and its text.
type Source = (&'static str, &'static str);

/// The source files of each top-level module with its place on the line (see "Layering"
/// in lib.rs): a module may use only modules of an earlier place.
const LAYERS: &[(&str, u8, &[Source])] = &[
    ("diag", 0, &[("diag.rs", include_str!("diag.rs"))]),
    ("ir", 0, &[("ir.rs", include_str!("ir.rs"))]),
    ("parse", 1, &[("parse.rs", include_str!("parse.rs"))]),
    (
        "lower",
        2,
        &[
            ("lower/mod.rs", include_str!("lower/mod.rs")),
            ("lower/control.rs", include_str!("lower/control.rs")),
            ("lower/ctx.rs", include_str!("lower/ctx.rs")),
            ("lower/field.rs", include_str!("lower/field.rs")),
            ("lower/hole.rs", include_str!("lower/hole.rs")),
            ("lower/lookup.rs", include_str!("lower/lookup.rs")),
            ("lower/roots.rs", include_str!("lower/roots.rs")),
            ("lower/value.rs", include_str!("lower/value.rs")),
        ],
    ),
    ("check", 3, &[("check.rs", include_str!("check.rs"))]),
    (
        "emit",
        3,
        &[
            ("emit/mod.rs", include_str!("emit/mod.rs")),
            ("emit/checks.rs", include_str!("emit/checks.rs")),
            ("emit/ranges.rs", include_str!("emit/ranges.rs")),
        ],
    ),
];

/// A file's code without its unit tests (which may reach anywhere).
fn without_tests(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

/// The `mod NAME;` declarations of a file.
fn declared_modules(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .collect()
}

#[test]
fn every_module_is_on_the_line() {
    let lib = include_str!("lib.rs");
    for module in declared_modules(lib) {
        assert!(
            module == "tests" || LAYERS.iter().any(|(name, _, _)| *name == module),
            "lib.rs declares `mod {module};`, which LAYERS in tests.rs does not place"
        );
    }
    let lower = LAYERS
        .iter()
        .find(|(name, _, _)| *name == "lower")
        .map(|(_, _, files)| *files)
        .unwrap_or_default();
    for module in declared_modules(include_str!("lower/mod.rs")) {
        let file = format!("lower/{module}.rs");
        assert!(
            lower.iter().any(|(path, _)| *path == file),
            "{file} is not listed in LAYERS, so its `use`s go unchecked"
        );
    }
}

#[test]
fn no_module_uses_a_later_stage() {
    for (name, place, files) in LAYERS {
        for (path, text) in *files {
            let code = without_tests(text);
            assert!(
                !code.contains("crate::{"),
                "{path}: name each module in its own `use crate::MODULE::…` so the layering test sees it"
            );
            for (used, used_place, _) in LAYERS {
                let uses = code.contains(&format!("crate::{used}::"))
                    || code.contains(&format!("crate::{used};"));
                assert!(
                    !uses || used == name || used_place < place,
                    "{path} ({name}, stage {place}) uses `crate::{used}` (stage {used_place}): \
                     the pipeline runs one way (see \"Layering\" in lib.rs); move what both \
                     need into an earlier module"
                );
            }
            if !path.contains('/') {
                assert!(
                    !code.contains("super::"),
                    "{path}: a top-level module reaches the crate root through `super::`"
                );
            }
        }
    }
}

#[test]
fn wording_helpers_are_defined_once() {
    for (_, _, files) in LAYERS {
        for (path, text) in *files {
            let code = without_tests(text);
            if *path != "diag.rs" {
                assert!(
                    !code.contains("\\nhelp:"),
                    "{path} writes \"\\nhelp:\" by hand; use diag::with_help"
                );
                for helper in ["fn with_help", "fn in_macro_terms"] {
                    assert!(!code.contains(helper), "{path} defines `{helper}` again");
                }
            }
            assert!(
                !code.contains("fn article"),
                "{path} defines `article` again; use chat_card_core::wording::article"
            );
        }
    }
}

const WORDS: &[&str] = &[
    "section",
    "text",
    "header",
    "title",
    "buttons",
    "button",
    "link",
    "for",
    "in",
    "if",
    "else",
    "match",
    "=>",
    "card",
    "id",
    "columns",
    "column",
    "divider",
    "image",
    "decorated",
    "top",
    ":",
    ",",
    ";",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"x\"",
    "\"{x}\"",
    "\"https://e.com/{x}\"",
    "\"#d93025\"",
    "1",
    "-3",
    "2.5",
    "true",
    "CIRCLE",
    "x",
    "trusted",
    "selection",
    "item",
    "chips",
    "chip",
    "grid",
    "carousel",
    "footer",
    "accessory",
    "param",
    "action",
    "on_click",
    "open_link",
    "url",
    "\"{\"",
    "\"}\"",
    "::",
    ".",
    "&",
    "_",
    "thread_key",
    "type",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_input_makes_the_macro_panic(words in proptest::collection::vec(0..WORDS.len(), 0..40)) {
        let src: Vec<&str> = words.iter().map(|&i| WORDS[i]).collect();
        let src = src.join(" ");
        // Unbalanced delimiters do not tokenize; the compiler never hands those to a macro.
        if let Ok(tokens) = src.parse::<TokenStream>() {
            let _ = expand(tokens.clone(), Root::Card);
            let _ = expand(tokens, Root::Message);
        }
    }
}
