//! Scalars as source: string literals (with `{`/`}` doubled where the field takes holes),
//! numbers, enum names and colours.

use chat_card_core::tree::Number;

/// A Rust string literal whose value is `text`. A string with quotes and nothing else to
/// escape is written raw (`r#"<font color="#d93025">"#`), as a person would.
pub(super) fn string(text: &str) -> String {
    let escaped = format!("{text:?}");
    let needs_only_quote_escapes = text.contains('"')
        && escaped
            .replace("\\\"", "")
            .replace("\\\\", "")
            .find('\\')
            .is_none();
    if !needs_only_quote_escapes {
        return escaped;
    }
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// A string literal for a text field, where `{` and `}` start holes: doubled so they stay
/// literal braces.
pub(super) fn text(text: &str) -> String {
    string(&text.replace('{', "{{").replace('}', "}}"))
}

/// A JSON number as a Rust literal with the same value (`1e3` and `-0.5` are valid Rust).
pub(super) fn number(n: &Number) -> String {
    n.as_str().to_owned()
}

/// Whether a string is written as an enum name (`CIRCLE`, `RECTANGLE_4_3`): the `card!`
/// language takes an identifier in capitals for these.
pub(super) fn is_enum_name(text: &str) -> bool {
    text.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// `"#rrggbb"` for colour channels that are exactly `k / 255` (what `card!` builds from
/// `"#rrggbb"`), or `None` when the colour needs the `{ red, green, blue }` form.
pub(super) fn hex_color(red: &Number, green: &Number, blue: &Number) -> Option<String> {
    let mut out = String::from("\"#");
    for channel in [red, green, blue] {
        let value = channel.as_f64();
        if !(0.0..=1.0).contains(&value) {
            return None;
        }
        let k = (value * 255.0).round();
        if k / 255.0 != value {
            return None;
        }
        out.push_str(&format!("{:02x}", k as u8));
    }
    out.push('"');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_braces_doubled_in_text() {
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string("a\nb"), "\"a\\nb\"");
        assert_eq!(
            string("<font color=\"#d93025\">x</font>"),
            "r##\"<font color=\"#d93025\">x</font>\"##"
        );
        assert_eq!(string("<a href=\"x\">"), "r#\"<a href=\"x\">\"#");
        assert_eq!(string("\"#x\"# \n"), "\"\\\"#x\\\"# \\n\"");
        assert_eq!(string("say \"#hi\"#"), "r##\"say \"#hi\"#\"##");
        assert_eq!(text("{{x}} {y}"), "\"{{{{x}}}} {{y}}\"");
    }

    #[test]
    fn colours_are_hex_only_when_exact() {
        let n = |s: &str| Number::from_json_text(s);
        let exact = format!("{}", 217.0 / 255.0);
        assert_eq!(
            hex_color(&n(&exact), &n("0"), &n("1")).as_deref(),
            Some("\"#d900ff\"")
        );
        assert_eq!(hex_color(&n("0.5"), &n("0"), &n("0")), None);
        assert_eq!(hex_color(&n("2"), &n("0"), &n("0")), None);
    }
}
