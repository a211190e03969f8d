//! Importing JSON: the `card!` or `message!` source that builds a given message or card.
//!
//! [`to_source`] reads a whole message (`{"text": …, "cardsV2": […]}`) or a bare card
//! (`{"header": …, "sections": […]}`) and writes it in the card language (see
//! [`crate::language`]) as a person would: widgets by their keywords, positional values
//! (`section "Details"`, `button "Open"`), shorthands (`link:`, `top:`, `thread_key:`),
//! enum names (`CIRCLE`), bare icons (`start_icon: DESCRIPTION`) and colours as
//! `"#rrggbb"` when the channels are exactly `k / 255`. A bare card becomes `card! { … }`,
//! a message `message! { … }`; the layout follows rustfmt (four spaces, one entry per
//! line, short leaf blocks on one line).
//!
//! The source builds the same JSON, up to what JSON itself does not distinguish and what
//! the language always writes one way:
//!
//! * keys are written in the API's camelCase (`image_url` in the input becomes `imageUrl`);
//! * a protobuf enum given by number becomes its name (`"imageType": 1` is `CIRCLE`);
//! * a 64-bit integer (`valueMsEpoch`) is written as a JSON string, as Google does;
//! * a colour with `"alpha": 1` loses the alpha (opaque either way) when written as `"#rrggbb"`;
//! * numbers keep their value, not their spelling (`1.0` may come back as `1`);
//! * `null` members are left out (null is the field's default), with a comment in the source.
//!
//! Forms that Google's front end accepts but are not proper ProtoJSON are written in the
//! proper form, with a comment in the source saying so (the validator's warnings name them
//! too): a bool written as a string (`"contentMultiline": "true"`) becomes the bool `true`,
//! one item where a list belongs (`"cardsV2": {…}`) becomes a list of one, and the legacy
//! `previewText`, which Chat ignores, is left out.
//!
//! Text is written so that it stays literal: `{` and `}` in text fields are doubled
//! (they start holes in the language).
//!
//! A message with only warnings is imported (the macro repeats them as compiler
//! warnings); one with errors is refused with the findings ([`ImportError::Invalid`]).
//! What the language cannot write (a field that is not in the vocabulary, a widget with
//! no kind or two kinds, output-only server objects) is refused with the JSON path and the
//! reason ([`ImportError::Inexpressible`]); nothing is dropped silently.
//!
//! ```
//! use chat_card::import::{to_source, ImportOptions};
//!
//! let json = r#"{"sections": [{"header": "Details", "widgets": [
//!     {"decoratedText": {"topLabel": "db-1", "text": "Disk full",
//!                        "startIcon": {"knownIcon": "DESCRIPTION"}}},
//!     {"buttonList": {"buttons": [{"text": "Open",
//!         "onClick": {"openLink": {"url": "https://grafana.example.com/d/db-1"}}}]}}
//! ]}]}"#;
//! let source = to_source(json, &ImportOptions::default())?;
//! assert_eq!(source, r#"card! {
//!     section "Details" {
//!         decorated "Disk full" { top: "db-1", start_icon: DESCRIPTION }
//!         buttons {
//!             button "Open" { link: "https://grafana.example.com/d/db-1" }
//!         }
//!     }
//! }
//! "#);
//! # Ok::<(), chat_card::import::ImportError>(())
//! ```

use chat_card_core::schema::{CARD, CARD_WITH_ID, MESSAGE};

use crate::check::{DocumentKind, check_document};

mod emit;
mod error;
mod layout;
mod scalar;
mod values;

pub use error::ImportError;

use emit::Layer;

/// The return type of the function `--fn` writes.
const RETURN_TYPE: &str = "Result<chat_card::JsonMessage, chat_card::BuildError>";

/// How [`to_source`] writes the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Wrap the invocation in `fn NAME() -> Result<chat_card::JsonMessage,
    /// chat_card::BuildError> { … }` (with the macro path written in full), so the source
    /// can be pasted into a module as it is.
    pub function: Option<String>,
}

impl ImportOptions {
    /// Options that wrap the invocation in a function named `name`.
    pub fn function(name: impl Into<String>) -> Self {
        ImportOptions {
            function: Some(name.into()),
        }
    }
}

/// The `card!` (for a bare card) or `message!` (for a message) source that builds the
/// JSON in `json`. See the [module documentation](self) for what is written how.
///
/// # Errors
///
/// [`ImportError::NotJson`] when the text is not JSON, [`ImportError::Invalid`] when the
/// validator finds errors, [`ImportError::Inexpressible`] for JSON the language cannot
/// write, [`ImportError::BadFunctionName`] when [`ImportOptions::function`] is not a Rust
/// identifier.
pub fn to_source(json: &str, options: &ImportOptions) -> Result<String, ImportError> {
    if let Some(name) = &options.function
        && !is_identifier(name)
    {
        return Err(ImportError::BadFunctionName(name.clone()));
    }
    let report = check_document(json).map_err(ImportError::NotJson)?;
    if report.has_errors() {
        return Err(ImportError::Invalid(report.findings));
    }
    let root = chat_card_core::json::parse(json).map_err(|e| {
        let (line, column) = chat_card_core::json::line_col(json, e.offset);
        ImportError::NotJson(crate::check::SyntaxError {
            line,
            column,
            message: e.message,
        })
    })?;
    let members: Vec<_> = root
        .as_object()
        .ok_or_else(|| ImportError::inexpressible("", "a message or card is a JSON object"))?
        .iter()
        .collect();
    let (name, layers) = match report.kind {
        DocumentKind::Card => (
            "card",
            vec![
                Layer {
                    def: &CARD_WITH_ID,
                    members: Vec::new(),
                    path: String::new(),
                },
                Layer {
                    def: &CARD,
                    members,
                    path: String::new(),
                },
            ],
        ),
        DocumentKind::Message => (
            "message",
            vec![Layer {
                def: &MESSAGE,
                members,
                path: String::new(),
            }],
        ),
    };
    let (_, entries) = emit::body(&layers, false)?;
    let mut out = String::new();
    match &options.function {
        None => {
            out.push_str(name);
            out.push_str("! {\n");
            layout::write_body(&entries, 1, &mut out);
            out.push_str("}\n");
        }
        Some(function) => {
            // As rustfmt breaks a long signature: the return type on its own line.
            let signature = format!("fn {function}() -> {RETURN_TYPE} {{");
            if signature.len() > 100 {
                out.push_str(&format!("fn {function}()\n-> {RETURN_TYPE} {{\n"));
            } else {
                out.push_str(&signature);
                out.push('\n');
            }
            out.push_str(&format!("    chat_card::{name}! {{\n"));
            layout::write_body(&entries, 2, &mut out);
            out.push_str("    }\n}\n");
        }
    }
    Ok(out)
}

/// Whether `name` can name a function: an identifier that is not a keyword.
fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
        "_",
    ];
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_must_be_identifiers() {
        assert!(is_identifier("alert_card"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("1card"));
        assert!(!is_identifier("fn"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier(""));
        let err = to_source("{}", &ImportOptions::function("a b")).unwrap_err();
        assert_eq!(err, ImportError::BadFunctionName("a b".into()));
    }

    #[test]
    fn a_message_becomes_message_with_shorthands() {
        let json = r#"{"text": "Deploy {done}", "thread": {"threadKey": "deploy"},
            "cardsV2": [{"cardId": "c", "card": {"header": {"title": "T",
            "imageUrl": "https://example.com/a.png", "imageType": 1}}}]}"#;
        let source = to_source(json, &ImportOptions::function("deploy")).unwrap();
        assert_eq!(
            source,
            r#"fn deploy() -> Result<chat_card::JsonMessage, chat_card::BuildError> {
    chat_card::message! {
        text: "Deploy {{done}}",
        thread_key: "deploy",
        card "c" {
            header "T" { image: "https://example.com/a.png", image_type: CIRCLE }
        }
    }
}
"#
        );
    }

    #[test]
    fn forms_only_the_front_end_accepts_are_written_corrected_and_said_so() {
        let json = r#"{"previewText": "db-1 down", "fallbackText": "db-1 down",
            "cardsV2": {"cardId": "c", "card": {"sections": {"collapsible": "TRUE",
            "uncollapsibleWidgetsCount": 1, "widgets": [{"divider": {}}, {"divider": {}}]}}}}"#;
        let source = to_source(json, &ImportOptions::default()).unwrap();
        assert_eq!(
            source,
            r#"message! {
    // `previewText` left out: a legacy field; Chat ignores it; use `fallbackText` for the text of notifications
    fallback_text: "db-1 down",
    // `cardsV2` was one item, not a list: written as a list of one (as Chat reads it)
    card "c" {
        // `sections` was one item, not a list: written as a list of one (as Chat reads it)
        section {
            // `collapsible: "TRUE"` written as the bool `true` (Chat reads the string so)
            collapsible: true,
            uncollapsible: 1,
            divider
            divider
        }
    }
}
"#
        );
    }

    #[test]
    fn errors_are_refused_and_inexpressible_json_names_its_path() {
        let err = to_source(r#"{"text": 3"#, &ImportOptions::default()).unwrap_err();
        assert!(matches!(err, ImportError::NotJson(_)), "{err:?}");
        let err = to_source(
            r#"{"header": {"title": "x", "imageUrl": "/a.png"}}"#,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, ImportError::Invalid(f) if f[0].path == "header.imageUrl"),
            "{err:?}"
        );
        assert!(err.to_string().contains("header.imageUrl"), "{err}");
    }
}
