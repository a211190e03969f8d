//! Validation with the shared validator of `chat-card-core`, mapped back to spans.

use chat_card_core::schema::{WIDGET, snake_case};
use chat_card_core::validate::{RootKind, validate};

use crate::ir::{LNode, to_node};
use crate::lower::Lowerer;

/// Every problem the shared validator finds in the lowered message, as errors at the
/// tokens they came from. Problems about objects whose lowering already failed are
/// left out (they would repeat the lowering error, e.g. a missing `title` after an
/// unknown `titel`).
pub fn problems(lw: &Lowerer, root: &LNode) -> Vec<syn::Error> {
    let tree = to_node(root);
    let mut seen = std::collections::HashSet::new();
    validate(&tree, RootKind::Message)
        .into_iter()
        .filter(|p| !lw.tainted.contains(&p.origin))
        .filter(|p| seen.insert((p.origin, p.message.clone())))
        .map(|p| {
            let message = match &p.help {
                Some(help) => format!("{}\nhelp: {}", in_macro_terms(&p.message), in_macro_terms(help)),
                None => in_macro_terms(&p.message),
            };
            syn::Error::new(lw.spans.get(p.origin), message)
        })
        .collect()
}

/// The validator names fields as JSON spells them (`onClick`); in the macro they are
/// written in snake_case (`on_click`), and widgets by their keyword (`text` for
/// `textParagraph`). Rewrites every backticked name accordingly.
fn in_macro_terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..=start]);
        rest = &rest[start + 1..];
        let Some(end) = rest.find('`') else {
            break;
        };
        let name = &rest[..end];
        let camel = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && name.chars().any(|c| c.is_ascii_uppercase());
        if let Some(keyword) = WIDGET.fields.iter().find(|f| f.json == name).and_then(|f| f.keyword) {
            out.push_str(keyword);
        } else if camel {
            out.push_str(&snake_case(name));
        } else {
            out.push_str(name);
        }
        out.push('`');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_names_become_snake() {
        assert_eq!(
            super::in_macro_terms("add `onClick` or `text`; `<b>` and `a`; `textParagraph`"),
            "add `on_click` or `text`; `<b>` and `a`; `text`"
        );
    }
}
