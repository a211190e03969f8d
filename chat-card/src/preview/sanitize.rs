//! Re-emits card text through an allow-list of Chat's card HTML subset.
//!
//! Allowed: `<b> <i> <u> <s> <code> <pre> <ul> <ol> <li> <time> <br>`, `<font color="#hex">`
//! (written as a `<span>` with that colour) and `<a href="http(s)://...">` (with
//! `rel="noopener noreferrer"`). Every attribute not listed is dropped; every other tag,
//! and anything that only looks like a tag, is escaped and shows as text. Tags are
//! balanced: stray closing tags are dropped and open ones are closed at the end, so one
//! field's markup cannot leak into the rest of the page.

use chat_card_core::markup::CARD_HTML_TAGS;

use super::html::{escape_into, is_web_url};

/// Appends `input` (card HTML subset) to `out` as safe HTML.
pub(crate) fn card_html_into(out: &mut String, input: &str) {
    let mut open: Vec<(&'static str, &'static str)> = Vec::new();
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => match parse_tag(head(rest, MAX_TAG)) {
                Some((tag, used)) => {
                    emit_tag(out, &mut open, &tag);
                    rest = rest.get(used..).unwrap_or("");
                    continue;
                }
                None => out.push_str("&lt;"),
            },
            '&' => match entity_len(rest) {
                Some(len) => {
                    out.push_str(rest.get(..len).unwrap_or(""));
                    rest = rest.get(len..).unwrap_or("");
                    continue;
                }
                None => out.push_str("&amp;"),
            },
            c => escape_into(out, c.encode_utf8(&mut [0; 4])),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    while let Some((_, close)) = open.pop() {
        out.push_str(close);
    }
}

/// Longest tag recognised, in bytes (keeps malformed input linear).
const MAX_TAG: usize = 8192;

/// Most attributes on one tag.
const MAX_ATTRS: usize = 16;

/// The first `max` bytes of `s` (fewer, to end on a character boundary).
fn head(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `input` (card HTML subset) as safe HTML.
#[cfg(test)]
pub(crate) fn card_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 16);
    card_html_into(&mut out, input);
    out
}

struct Tag {
    closing: bool,
    name: String,
    attrs: Vec<(String, String)>,
}

/// Tags with no attributes that are re-emitted as themselves.
const PLAIN: [(&str, &str, &str); 10] = [
    ("b", "<b>", "</b>"),
    ("i", "<i>", "</i>"),
    ("u", "<u>", "</u>"),
    ("s", "<s>", "</s>"),
    ("code", "<code>", "</code>"),
    ("pre", "<pre>", "</pre>"),
    ("ul", "<ul>", "</ul>"),
    ("ol", "<ol>", "</ol>"),
    ("li", "<li>", "</li>"),
    ("time", "<time>", "</time>"),
];

fn emit_tag(out: &mut String, open: &mut Vec<(&'static str, &'static str)>, tag: &Tag) {
    let name = tag.name.as_str();
    if tag.closing {
        let Some(at) = open.iter().rposition(|(n, _)| *n == name) else {
            return; // a closing tag with nothing to close: dropped
        };
        while open.len() > at {
            if let Some((_, close)) = open.pop() {
                out.push_str(close);
            }
        }
        return;
    }
    if name == "br" {
        out.push_str("<br>");
        return;
    }
    if let Some((n, start, close)) = PLAIN.iter().find(|(n, _, _)| *n == name) {
        out.push_str(start);
        open.push((n, close));
        return;
    }
    match name {
        "font" => {
            match attr(tag, "color").filter(|c| is_hex_color(c)) {
                Some(color) => {
                    out.push_str("<span class=\"font\" style=\"color:");
                    out.push_str(color);
                    out.push_str("\">");
                }
                None => out.push_str("<span class=\"font\">"),
            }
            open.push(("font", "</span>"));
        }
        "a" => {
            match attr(tag, "href").map(str::trim).filter(|h| is_web_url(h)) {
                Some(href) => {
                    out.push_str("<a href=\"");
                    escape_into(out, href);
                    out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
                }
                None => out.push_str(
                    "<a class=\"link-removed\" title=\"link removed: only http(s) URLs are allowed\">",
                ),
            }
            open.push(("a", "</a>"));
        }
        _ => {}
    }
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn is_hex_color(c: &str) -> bool {
    let Some(hex) = c.strip_prefix('#') else {
        return false;
    };
    matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a tag is in the card HTML subset (the validator's list).
fn is_allowed(name: &str) -> bool {
    CARD_HTML_TAGS.contains(&name)
}

/// Parses an allowed tag at the start of `s` (which starts with `<`); `None` when it
/// is not a well-formed tag of the subset.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = s.get(name_start..i)?.to_ascii_lowercase();
    if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() || !is_allowed(&name) {
        return None;
    }
    let mut attrs = Vec::new();
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some((
                    Tag {
                        closing,
                        name,
                        attrs,
                    },
                    i + 1,
                ));
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some((
                    Tag {
                        closing,
                        name,
                        attrs,
                    },
                    i + 2,
                ));
            }
            _ => {}
        }
        if attrs.len() >= MAX_ATTRS {
            return None; // no tag of the subset has this many attributes
        }
        let attr_start = i;
        while bytes.get(i).is_some_and(|b| {
            !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/' | b'"' | b'\'')
        }) {
            i += 1;
        }
        if i == attr_start {
            return None; // a quote or `/` where a name should be: not a tag
        }
        let attr_name = s.get(attr_start..i)?.to_ascii_lowercase();
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let (raw, next) = match bytes.get(i)? {
                q @ (b'"' | b'\'') => {
                    let end = i + 1 + s.get(i + 1..)?.find(char::from(*q))?;
                    (s.get(i + 1..end)?, end + 1)
                }
                _ => {
                    let start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    (s.get(start..i)?, i)
                }
            };
            value = decode_entities(raw);
            i = next;
        }
        attrs.push((attr_name, value));
    }
}

/// Length of a character reference (`&amp;`, `&#39;`, `&#x1F600;`) at the start of `s`.
fn entity_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let (digits_from, ok): (usize, fn(&u8) -> bool) = match (bytes.get(1), bytes.get(2)) {
        (Some(b'#'), Some(b'x' | b'X')) => (3, u8::is_ascii_hexdigit),
        (Some(b'#'), _) => (2, u8::is_ascii_digit),
        (Some(b), _) if b.is_ascii_alphabetic() => (1, u8::is_ascii_alphanumeric),
        _ => return None,
    };
    let mut i = digits_from;
    while i < digits_from + 32 && bytes.get(i).is_some_and(ok) {
        i += 1;
    }
    (i > digits_from && bytes.get(i) == Some(&b';')).then_some(i + 1)
}

/// Decodes the character references of an attribute value.
fn decode_entities(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        rest = rest.get(at..).unwrap_or("");
        let decoded = entity_len(rest).and_then(|len| {
            let body = rest.get(1..len - 1)?;
            let c = match body {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let code =
                        if let Some(hex) = body.strip_prefix("#x").or(body.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()?
                        } else {
                            body.strip_prefix('#')?.parse().ok()?
                        };
                    char::from_u32(code)?
                }
            };
            Some((c, len))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = rest.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{CARD_HTML_TAGS, PLAIN, card_html};

    #[test]
    fn renders_exactly_the_validators_card_html_tags() {
        // Every tag of the validator's subset comes out as markup, not dropped.
        for tag in CARD_HTML_TAGS {
            let out = card_html(&format!("<{tag}>x"));
            assert!(
                out.starts_with('<'),
                "<{tag}> is in chat_card_core::markup::CARD_HTML_TAGS but the preview drops \
                 it ({out:?}); render it in `emit_tag`"
            );
        }
        // Every tag the preview copies is one the validator accepts.
        for (tag, _, _) in PLAIN {
            assert!(
                CARD_HTML_TAGS.contains(&tag),
                "the preview renders <{tag}>, which chat_card_core::markup::CARD_HTML_TAGS \
                 does not list; add it there or remove it from PLAIN"
            );
        }
    }

    #[test]
    fn keeps_the_subset() {
        assert_eq!(
            card_html("<b>bold</b> <i>it</i> <u>u</u> <s>s</s><br/><code>c</code>"),
            "<b>bold</b> <i>it</i> <u>u</u> <s>s</s><br><code>c</code>"
        );
        assert_eq!(
            card_html("<font color=\"#d93025\">red</font>"),
            "<span class=\"font\" style=\"color:#d93025\">red</span>"
        );
        assert_eq!(
            card_html("<a href='https://example.com/?a=1&amp;b=2'>x</a>"),
            "<a href=\"https://example.com/?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener noreferrer\">x</a>"
        );
        assert_eq!(card_html("<ul><li>a</li></ul>"), "<ul><li>a</li></ul>");
        assert_eq!(
            card_html("&lt;ok&gt; &amp; AT&T"),
            "&lt;ok&gt; &amp; AT&amp;T"
        );
    }

    #[test]
    fn neutralises_everything_else() {
        assert_eq!(
            card_html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            card_html("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        let link = card_html("<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>");
        assert!(
            !link.contains("javascript") && !link.contains("onclick"),
            "{link}"
        );
        let b = card_html("<b onmouseover=\"alert(1)\">x</b>");
        assert_eq!(b, "<b>x</b>");
        let font = card_html("<font color=\"red;background:url(x)\">x</font>");
        assert_eq!(font, "<span class=\"font\">x</span>");
        assert_eq!(card_html("<b>open <i>nested"), "<b>open <i>nested</i></b>");
        assert_eq!(card_html("stray</b></a>"), "stray");
        assert_eq!(
            card_html("<b x=\"unterminated>t"),
            "&lt;b x=&quot;unterminated&gt;t"
        );
        assert_eq!(card_html("< b>"), "&lt; b&gt;");
    }
}
