//! Unit tests of the pipeline, run outside a compiler (proc-macro2 falls back to its own
//! token types), including a property test that no input makes the macro panic.

use proc_macro2::TokenStream;
use proptest::prelude::*;

use crate::hole::{Piece, split};
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
            Piece::Text(t) => format!("T({t})"),
            Piece::Hole { spec, .. } => format!("H({})", spec.clone().unwrap_or_default()),
        })
        .collect();
    assert_eq!(shape, ["T(a )", "H()", "T( {c} )", "H(>4)", "T( f)"]);
    for bad in ["{", "}", "{}", "{a b}"] {
        let lit = syn::LitStr::new(bad, proc_macro2::Span::call_site());
        assert!(split(&lit).is_err(), "{bad}");
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
