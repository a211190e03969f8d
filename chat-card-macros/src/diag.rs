//! The wording of the macro's messages, shared by every stage: the "message + help"
//! shape of an error, names with their article, and the validator's JSON names said the
//! way the macro is written. A leaf: it uses nothing else of this crate.

use std::fmt::Display;

use chat_card_core::schema::{WIDGET, snake_case};

pub(crate) use chat_card_core::wording::article;

/// An error message with its fix, the way rustc prints them: `message`, then a line
/// `help: …`.
pub(crate) fn with_help(message: impl Display, help: impl Display) -> String {
    format!("{message}\nhelp: {help}")
}

/// The validator names fields as JSON spells them (`onClick`); in the macro they are
/// written in snake_case (`on_click`), and widgets by their keyword (`text` for
/// `textParagraph`). Rewrites every backticked name accordingly.
pub(crate) fn in_macro_terms(text: &str) -> String {
    let phrased = phrased_for_macro(text);
    let mut out = String::with_capacity(phrased.len() + 8);
    for (i, part) in phrased.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&code_in_macro_terms(part));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Rewrites the names inside one backticked span: a widget's JSON name becomes its
/// keyword, other camelCase names their snake_case form.
fn code_in_macro_terms(code: &str) -> String {
    if let Some(keyword) = WIDGET
        .fields
        .iter()
        .find(|f| f.json == code)
        .and_then(|f| f.keyword)
    {
        return keyword.to_owned();
    }
    let mut out = String::with_capacity(code.len() + 4);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let camel = word.starts_with(|c: char| c.is_ascii_lowercase())
            && word.chars().any(|c| c.is_ascii_uppercase());
        if camel {
            out.push_str(&snake_case(word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in code.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// JSON-only phrasings of the validator, said the way the macro is written.
fn phrased_for_macro(text: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "add `\"cardId\": \"…\"`",
            "give each card an id: `card \"alert\" { … }`",
        ),
        ("add `widgets`", "add a widget, e.g. `text \"…\"`"),
        ("add `sections`", "add a section: `section { text \"…\" }`"),
        (
            "add `onClick`",
            "add `link: \"https://…\"` (or `action: \"…\"`, or `on_click { … }`)",
        ),
    ];
    let mut out = text.to_owned();
    for (json, macro_form) in PHRASES {
        if out.contains(json) {
            out = out.replace(json, macro_form);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_names_become_snake() {
        assert_eq!(
            super::in_macro_terms(
                "use `onClick` or `text`; `<b>` and `a`; `textParagraph`; `textSyntax: MARKDOWN`"
            ),
            "use `on_click` or `text`; `<b>` and `a`; `text`; `text_syntax: MARKDOWN`"
        );
    }

    #[test]
    fn help_goes_on_its_own_line() {
        assert_eq!(
            super::with_help("unknown field `x`", "did you mean `y`?"),
            "unknown field `x`\nhelp: did you mean `y`?"
        );
    }
}
