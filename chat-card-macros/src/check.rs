//! Validation with the shared validator of `chat-card-core`, mapped back to spans.

use chat_card_core::schema::{WIDGET, snake_case};
use chat_card_core::validate::{RootKind, validate};

use crate::ir::{LNode, branches, to_node};
use crate::lower::Lowerer;

/// What the shared validator found, at the tokens it came from.
#[derive(Default)]
pub struct Found {
    /// Problems Chat would refuse or draw broken: compile errors.
    pub errors: Vec<syn::Error>,
    /// Parts Chat accepts and ignores: compiler warnings (see [`crate::emit::warning`]).
    pub warnings: Vec<(proc_macro2::Span, String)>,
}

/// Every problem the shared validator finds in the lowered message: errors and warnings
/// at the tokens they came from. Each alternative of an `if` / `match` is validated (see
/// [`to_node`]), and a problem found in several trees is reported once. Problems about objects whose lowering already failed are
/// left out (they would repeat the lowering error, e.g. a missing `title` after an
/// unknown `titel`).
pub fn problems(lw: &Lowerer, root: &LNode) -> Found {
    let mut seen = std::collections::HashSet::new();
    let mut found = Found::default();
    let problems = (0..branches(root))
        .flat_map(|choice| validate(&to_node(root, choice), RootKind::Message))
        .filter(|p| !lw.tainted.contains(&p.origin))
        .filter(|p| seen.insert((p.origin, p.message.clone())));
    for p in problems {
        let message = match &p.help {
            Some(help) => format!(
                "{}\nhelp: {}",
                in_macro_terms(&p.message),
                in_macro_terms(help)
            ),
            None => in_macro_terms(&p.message),
        };
        let span = lw.spans.get(p.origin);
        if p.is_error() {
            found.errors.push(syn::Error::new(span, message));
        } else {
            found.warnings.push((span, message));
        }
    }
    found
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
}
