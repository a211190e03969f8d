//! Shared by the preview tests: fixtures and an HTML tag scanner that checks a page is
//! inert (no script, no event handlers, no `javascript:` URLs).

// Each test crate uses part of this module.

/// A message with every widget kind.
pub const EVERY_WIDGET: &str = include_str!("../fixtures/every_widget.json");
/// A message whose text tries script, event handlers and `javascript:` links.
pub const INJECTION: &str = include_str!("../fixtures/injection.json");

/// The twelve widget kinds of a section.
pub const WIDGET_KINDS: [&str; 12] = [
    "textParagraph",
    "image",
    "decoratedText",
    "buttonList",
    "textInput",
    "selectionInput",
    "dateTimePicker",
    "divider",
    "grid",
    "columns",
    "carousel",
    "chipList",
];

/// One start tag of an HTML document: name and attributes (name, value).
pub struct Tag {
    /// Lower-case element name.
    pub name: String,
    /// Attributes (lower-case name, raw value).
    pub attrs: Vec<(String, String)>,
}

/// The start tags of HTML written by the renderer (or serialized by a browser): text
/// `<` is always escaped there, so every literal `<` opens a tag.
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('/') || rest.starts_with('!') {
            continue;
        }
        let end = tag_end(rest);
        let inner = &rest[..end];
        let name: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let mut attrs = Vec::new();
        let mut body = &inner[name.len()..];
        loop {
            body = body.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if body.is_empty() {
                break;
            }
            let name_len = body
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(body.len());
            let attr = body[..name_len].to_ascii_lowercase();
            body = &body[name_len..];
            let mut value = String::new();
            if let Some(after) = body.strip_prefix('=') {
                if let Some(quoted) = after.strip_prefix('"') {
                    let close = quoted.find('"').unwrap_or(quoted.len());
                    value = quoted[..close].to_owned();
                    body = quoted.get(close + 1..).unwrap_or("");
                } else {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = after[..close].to_owned();
                    body = &after[close..];
                }
            }
            attrs.push((attr, value));
        }
        out.push(Tag {
            name: name.to_ascii_lowercase(),
            attrs,
        });
        rest = &rest[end..];
    }
    out
}

/// End of a tag: the first `>` outside a double-quoted attribute value.
fn tag_end(s: &str) -> usize {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return i,
            _ => {}
        }
    }
    s.len()
}

/// Panics when `html` contains anything that could run script or load a non-image.
pub fn assert_inert(html: &str) {
    for tag in tags(html) {
        assert!(
            !matches!(
                tag.name.as_str(),
                "script" | "iframe" | "object" | "embed" | "base" | "form" | "link" | "frame"
            ),
            "forbidden element <{}>",
            tag.name
        );
        for (name, value) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "event handler {name}={value:?} on <{}>",
                tag.name
            );
            let lower = value.trim().to_ascii_lowercase();
            if matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "srcset"
            ) {
                assert!(
                    lower.starts_with("https://")
                        || lower.starts_with("http://")
                        || lower.starts_with("data:image/png")
                        || lower.starts_with("data:image/jpeg"),
                    "{name}={value:?} on <{}>",
                    tag.name
                );
            }
            if name == "style" {
                assert!(!lower.contains("url("), "style with url: {value:?}");
                assert!(!lower.contains("expression"), "style: {value:?}");
            }
        }
        if tag.name == "meta" {
            let equiv = tag.attrs.iter().find(|(n, _)| n == "http-equiv");
            if let Some((_, v)) = equiv {
                assert!(
                    v.eq_ignore_ascii_case("Content-Security-Policy")
                        || v.eq_ignore_ascii_case("refresh"),
                    "meta http-equiv={v}"
                );
            }
        }
    }
}
