//! `format!`-style holes in string literals: `"{host} is down"`, `"{check.name}"`,
//! `"{ratio:.1}"`, `{{` and `}}` for literal braces.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use syn::{Expr, LitStr};

use crate::ir::Part;

/// Splits a literal into text and holes. Errors point at the literal.
pub(crate) fn split(lit: &LitStr) -> Result<Vec<Part>, syn::Error> {
    let value = lit.value();
    let span = lit.span();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if matches!(chars.peek(), Some((_, '{'))) => {
                chars.next();
                text.push('{');
            }
            '}' if matches!(chars.peek(), Some((_, '}'))) => {
                chars.next();
                text.push('}');
            }
            '}' => {
                return Err(syn::Error::new(
                    span,
                    "unmatched `}` in the string; write `}}` for a literal brace",
                ));
            }
            '{' => {
                let start = i + 1;
                let mut depth = 1usize;
                let mut end = None;
                for (j, d) in chars.by_ref() {
                    match d {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else {
                    return Err(syn::Error::new(
                        span,
                        "unclosed `{` in the string; close the hole with `}`, or write `{{` for a literal brace",
                    ));
                };
                if !text.is_empty() {
                    pieces.push(Part::Text(std::mem::take(&mut text)));
                }
                pieces.push(hole(&value[start..end], span)?);
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Part::Text(text));
    }
    Ok(pieces)
}

fn hole(inner: &str, span: Span) -> Result<Part, syn::Error> {
    let (expr_text, spec) = split_spec(inner);
    let expr_text = expr_text.trim();
    if expr_text.is_empty() {
        return Err(syn::Error::new(
            span,
            "empty hole `{}` in the string; name the value inside the braces, e.g. `{host}`, \
             or write `{{}}` for literal braces",
        ));
    }
    let tokens: TokenStream = expr_text.parse().map_err(|_| {
        syn::Error::new(
            span,
            format!("`{{{expr_text}}}` in the string is not a Rust expression"),
        )
    })?;
    let expr: Expr = syn::parse2(respan(tokens, span)).map_err(|e| {
        syn::Error::new(
            span,
            format!("`{{{expr_text}}}` in the string is not a Rust expression: {e}; write `{{{{` for a literal brace"),
        )
    })?;
    Ok(Part::Hole {
        expr,
        spec: spec.map(str::to_owned),
        span,
        link: crate::ir::LinkPart::Outside,
    })
}

/// Splits `expr:spec` at a single colon outside brackets (`a::b` is not split).
fn split_spec(inner: &str) -> (&str, Option<&str>) {
    let bytes = inner.as_bytes();
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b':' if depth == 0 => {
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                let next = bytes.get(i + 1).copied();
                if prev != Some(b':') && next != Some(b':') {
                    return (&inner[..i], Some(&inner[i + 1..]));
                }
            }
            _ => {}
        }
    }
    (inner, None)
}

fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), respan(g.stream(), span));
                group.set_span(span);
                TokenTree::Group(group)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}
