//! Text from input made safe to print on a terminal: file names, JSON keys and values
//! echoed in findings, answers of servers. A control character (ESC and the rest of C0,
//! DEL, C1) could move the cursor, recolour or retitle the terminal, or forge output
//! lines; a bidirectional override could reorder what is shown. Each is printed as a
//! Rust-style escape instead (`\u{1b}`, `\n`, `\u{202e}`).

use std::borrow::Cow;

use chat_card::check::Finding;

/// Whether a character must not reach a terminal as is.
fn unsafe_char(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The text with every control character escaped; borrowed when there is none.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A finding whose path, message and help (which quote keys and values of the input)
/// are safe to print.
pub fn safe_finding(finding: &Finding) -> Finding {
    Finding {
        path: safe(&finding.path).into_owned(),
        message: safe(&finding.message).into_owned(),
        help: finding.help.as_deref().map(|h| safe(h).into_owned()),
        ..finding.clone()
    }
}

/// JSON text with the characters JSON leaves raw but a terminal interprets (DEL, C1,
/// bidirectional controls) written as `\uXXXX` escapes; JSON already escapes C0. Those
/// characters only occur inside strings, where the escape means the same character.
pub fn safe_json(json: &str) -> Cow<'_, str> {
    // C0 characters outside strings are JSON's own whitespace (newlines of the layout).
    let raw_in_json = |c: char| unsafe_char(c) && c >= ' ';
    if !json.chars().any(raw_in_json) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw_in_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_keeps_the_rest() {
        assert!(matches!(safe("café 😀 ok"), Cow::Borrowed(_)));
        assert_eq!(
            safe("a\u{1b}[31mb\n\u{7f}\u{9b}"),
            "a\\u{1b}[31mb\\n\\u{7f}\\u{9b}"
        );
        assert_eq!(safe("x\u{202e}y"), "x\\u{202e}y");
        let json = safe_json("{\"k\u{9b}\":\n\"\u{7f}\"}");
        assert_eq!(json, "{\"k\\u009b\":\n\"\\u007f\"}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["k\u{9b}"], "\u{7f}");
    }
}
