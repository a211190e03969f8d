//! Escaping: JSON strings, the card HTML subset, Chat markup, URL holes.
//!
//! The `card!` macro uses these functions twice: at compile time on the static parts
//! of a card (which become pre-escaped string literals), and at runtime on the values
//! written into holes. Every function appends to a `&mut String`; [`Escaper`] is a
//! [`fmt::Write`] adapter so a `Display` value is escaped while it is formatted, with
//! no intermediate allocation.
//!
//! The rules, per field kind:
//!
//! | Mode | Applied to | Rule |
//! |---|---|---|
//! | [`Mode::Json`] | plain text, ids, thread keys | JSON string escaping only |
//! | [`Mode::Html`] | holes in card text (card HTML subset) | `<` `>` `&` `"` `'` become `&lt;` `&gt;` `&amp;` `&quot;` `&#39;`, then JSON escaping |
//! | [`Mode::ChatMarkup`] | holes in message text (Chat markup) | U+200B (zero-width space) is inserted after every `<`, `*`, `_`, `~` and `` ` ``, then JSON escaping |
//! | [`Mode::UrlComponent`] | holes in URL templates, and in the URL of a link or a mention in message text (`<https://x/{id}\|…>`, `<users/{id}>`) | every byte outside RFC 3986 "unreserved" (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` |
//! | [`Mode::ChatIdentifier`] | holes in message text holding `chat_card::value::Identifier(…)` | as [`Mode::ChatMarkup`], but no zero-width space after `_` |
//! | [`Mode::ChatLinkLabel`] | holes in the label of a link in message text (`<https://x\|{label}>`) | as [`Mode::ChatMarkup`], and `>` (which would end the link) becomes `＞` (U+FF1E) |
//!
//! Why the Chat markup rule works: every Chat markup construct that could change meaning
//! starts with one of those characters directly followed by something (`<users/all>`,
//! `<https://x|label>`, `*bold*`, `_italic_`, `~strike~`, `` `code` ``). With a
//! zero-width space after the opening character the sequence no longer parses as markup,
//! and the text still reads the same.

use std::fmt;

/// The zero-width space inserted by [`Mode::ChatMarkup`].
pub const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// How text is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// JSON string escaping only.
    Json,
    /// HTML escaping for the card HTML subset, then JSON escaping.
    Html,
    /// Chat markup neutralised with zero-width spaces, then JSON escaping.
    ChatMarkup,
    /// Percent-encoding of everything but RFC 3986 unreserved characters (the result
    /// needs no JSON escaping).
    UrlComponent,
    /// The label of a link in Chat markup: [`Mode::ChatMarkup`], and `>` becomes `＞`
    /// so the value cannot end the link.
    ChatLinkLabel,
    /// [`Mode::ChatMarkup`] without the zero-width space after `_` (identifiers).
    ChatIdentifier,
}

/// What [`Mode::ChatLinkLabel`] writes for `>`: U+FF1E, FULLWIDTH GREATER-THAN SIGN.
pub const LABEL_GREATER_THAN: char = '\u{FF1E}';

/// Which bytes need escaping: 1 for JSON strings, 2 more for the card HTML subset.
/// Every such byte is ASCII, so slicing around it never splits a character.
const NEEDS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = JSON;
        b += 1;
    }
    t[b'"' as usize] = JSON | HTML;
    t[b'\\' as usize] = JSON;
    t[b'<' as usize] = HTML;
    t[b'>' as usize] = HTML;
    t[b'&' as usize] = HTML;
    t[b'\'' as usize] = HTML;
    t
};
const JSON: u8 = 1;
const HTML: u8 = 2;

/// Appends `s` with every byte in `set` (of [`NEEDS`]) replaced, copying the runs between
/// them at once: one pass over the text.
#[inline]
fn escape_bytes(out: &mut String, s: &str, set: u8) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if NEEDS[usize::from(b)] & set == 0 {
            continue;
        }
        out.push_str(&s[start..i]);
        let replacement = match b {
            b'"' if set & HTML != 0 => "&quot;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&#39;",
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        if replacement.is_empty() {
            push_unicode_escape(out, b);
        } else {
            out.push_str(replacement);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Appends `s` escaped for the inside of a JSON string (no surrounding quotes).
pub fn json_into(out: &mut String, s: &str) {
    escape_bytes(out, s, JSON);
}

fn push_unicode_escape(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u00");
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 0xf)]));
}

/// Appends `s` as a complete JSON string, with quotes.
pub fn json_string_into(out: &mut String, s: &str) {
    out.push('"');
    json_into(out, s);
    out.push('"');
}

/// Appends `s` HTML-escaped (`<>&"'`) and then JSON-escaped, in one pass.
pub fn html_into(out: &mut String, s: &str) {
    escape_bytes(out, s, JSON | HTML);
}

/// Appends `s` with Chat markup neutralised (see the module docs) and JSON-escaped.
pub fn chat_markup_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if matches!(b, b'<' | b'*' | b'_' | b'~' | b'`') {
            json_into(out, &s[start..=i]);
            out.push(ZERO_WIDTH_SPACE);
            start = i + 1;
        }
    }
    json_into(out, &s[start..]);
}

/// Appends `s` with Chat markup neutralised except `_`: a zero-width space after every
/// `<`, `*`, `~` and `` ` ``, none after `_` (for identifiers such as `db_1` in message
/// text, which a reader may copy), then JSON-escaped.
pub fn chat_identifier_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if matches!(b, b'<' | b'*' | b'~' | b'`') {
            json_into(out, &s[start..=i]);
            out.push(ZERO_WIDTH_SPACE);
            start = i + 1;
        }
    }
    json_into(out, &s[start..]);
}

/// Appends `s` for the label of a link in message text: Chat markup neutralised, and
/// `>` written as [`LABEL_GREATER_THAN`] so the link stays whole.
pub fn chat_label_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'>' {
            chat_markup_into(out, &s[start..i]);
            out.push(LABEL_GREATER_THAN);
            start = i + 1;
        }
    }
    chat_markup_into(out, &s[start..]);
}

/// Appends `s` percent-encoded: RFC 3986 unreserved characters are kept, every other
/// byte of the UTF-8 text becomes `%XX` (upper-case hex).
pub fn url_component_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// Appends `s` escaped in `mode`.
pub fn escape_into(out: &mut String, s: &str, mode: Mode) {
    match mode {
        Mode::Json => json_into(out, s),
        Mode::Html => html_into(out, s),
        Mode::ChatMarkup => chat_markup_into(out, s),
        Mode::UrlComponent => url_component_into(out, s),
        Mode::ChatLinkLabel => chat_label_into(out, s),
        Mode::ChatIdentifier => chat_identifier_into(out, s),
    }
}

/// `s` escaped in `mode`, as a new string.
pub fn escape(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 2);
    escape_into(&mut out, s, mode);
    out
}

/// A [`fmt::Write`] adapter that escapes everything written through it into a `String`.
///
/// ```
/// use std::fmt::Write;
/// use chat_card_core::escape::{Escaper, Mode};
/// let mut out = String::new();
/// write!(Escaper::new(&mut out, Mode::Html), "{}", "<b>\"x\"</b>").unwrap();
/// assert_eq!(out, "&lt;b&gt;&quot;x&quot;&lt;/b&gt;");
/// ```
#[derive(Debug)]
pub struct Escaper<'a> {
    out: &'a mut String,
    mode: Mode,
}

impl<'a> Escaper<'a> {
    /// An adapter appending to `out` in `mode`.
    pub fn new(out: &'a mut String, mode: Mode) -> Self {
        Escaper { out, mode }
    }
}

impl fmt::Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(self.out, s, self.mode);
        Ok(())
    }
}

/// Appends a `Display` value escaped in `mode`, without an intermediate `String`.
///
/// Formatting into a `String` cannot fail unless the value's `Display` implementation
/// itself returns an error; then whatever it wrote so far stays and the error is returned.
pub fn display_into<T: fmt::Display + ?Sized>(
    out: &mut String,
    value: &T,
    mode: Mode,
) -> fmt::Result {
    fmt::write(&mut Escaper::new(out, mode), format_args!("{value}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn json_escapes_quotes_backslashes_and_controls() {
        assert_eq!(
            escape("a\"b\\c\nd\te\u{1}", Mode::Json),
            "a\\\"b\\\\c\\nd\\te\\u0001"
        );
        assert_eq!(escape("héllo ✓", Mode::Json), "héllo ✓");
    }

    #[test]
    fn html_escapes_markup_characters() {
        assert_eq!(
            escape("<a href=\"x\">it's & co</a>", Mode::Html),
            "&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; co&lt;/a&gt;"
        );
        assert_eq!(escape("line\nbreak", Mode::Html), "line\\nbreak");
    }

    #[test]
    fn chat_markup_neutralises_mentions_links_and_emphasis() {
        let out = escape(
            "<users/all> *b* _i_ ~s~ `c` <https://x|y>",
            Mode::ChatMarkup,
        );
        assert!(!out.contains("<users"));
        assert!(!out.contains("*b"));
        assert!(!out.contains("<https"));
        assert_eq!(
            out.replace(ZERO_WIDTH_SPACE, ""),
            "<users/all> *b* _i_ ~s~ `c` <https://x|y>"
        );
    }

    #[test]
    fn url_component_keeps_unreserved_only() {
        assert_eq!(
            escape("a b/c?d=é&~._-", Mode::UrlComponent),
            "a%20b%2Fc%3Fd%3D%C3%A9%26~._-"
        );
    }

    #[test]
    fn escaper_matches_direct_calls() {
        use std::fmt::Write;
        for mode in [
            Mode::Json,
            Mode::Html,
            Mode::ChatMarkup,
            Mode::UrlComponent,
            Mode::ChatLinkLabel,
            Mode::ChatIdentifier,
        ] {
            let mut out = String::new();
            let mut esc = Escaper::new(&mut out, mode);
            esc.write_str("<a\"").unwrap();
            esc.write_str("*\n").unwrap();
            assert_eq!(out, escape("<a\"*\n", mode));
        }
    }

    proptest! {
        #[test]
        fn json_output_parses_back(s in any::<String>()) {
            let mut text = String::new();
            json_string_into(&mut text, &s);
            let back: String = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, s);
        }

        #[test]
        fn html_output_has_no_markup_and_parses(s in any::<String>()) {
            let mut text = String::from("\"");
            html_into(&mut text, &s);
            text.push('"');
            let back: String = serde_json::from_str(&text).unwrap();
            prop_assert!(!back.contains('<') && !back.contains('>') && !back.contains('"'));
        }

        #[test]
        fn chat_markup_output_has_no_opening_sequences(s in any::<String>()) {
            let mut text = String::from("\"");
            chat_markup_into(&mut text, &s);
            text.push('"');
            let back: String = serde_json::from_str(&text).unwrap();
            for open in ['<', '*', '_', '~', '`'] {
                for (i, _) in back.match_indices(open) {
                    prop_assert!(back[i + 1..].starts_with(ZERO_WIDTH_SPACE));
                }
            }
            prop_assert_eq!(back.replace(ZERO_WIDTH_SPACE, ""), s.replace(ZERO_WIDTH_SPACE, ""));
        }

        #[test]
        fn link_labels_cannot_end_the_link(s in any::<String>()) {
            let mut text = String::from("\"");
            chat_label_into(&mut text, &s);
            text.push('"');
            let back: String = serde_json::from_str(&text).unwrap();
            prop_assert!(!back.contains('>'));
        }

        #[test]
        fn url_component_is_ascii_unreserved_or_percent(s in any::<String>()) {
            let out = escape(&s, Mode::UrlComponent);
            prop_assert!(out.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        }
    }
}
