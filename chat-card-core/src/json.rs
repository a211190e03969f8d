//! A JSON reader that keeps the byte offset of every value and key, for error positions.
//!
//! Strict RFC 8259: no comments, no trailing commas, no single quotes, no lone surrogates,
//! no control characters in strings. A leading UTF-8 byte order mark is skipped (RFC 8259
//! allows ignoring it). Nesting deeper than [`MAX_DEPTH`] is an error, not a stack
//! overflow. Numbers are kept as written.

use std::fmt;

use crate::tree::{Array, Member, Node, Number, Origin, Value};

/// The deepest nesting of arrays and objects [`parse`] accepts.
pub const MAX_DEPTH: usize = 128;

/// Text that is not JSON: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the problem in the text.
    pub offset: usize,
    /// What the parser expected or found.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Parses JSON text into a [`Node`] tree whose origins are byte offsets: of each value,
/// and of each key ([`Member::key_origin`]).
///
/// ```
/// use chat_card_core::json::parse;
/// let node = parse(r#"{"text": "hi"}"#).unwrap();
/// assert_eq!(node.get("text").and_then(|n| n.as_str()), Some("hi"));
/// assert!(parse("{\"a\": 1,}").is_err());
/// ```
pub fn parse(text: &str) -> Result<Node, ParseError> {
    let bytes = text.as_bytes();
    let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let mut parser = Parser { text, pos: start };
    parser.skip_ws();
    let node = parser.value(0)?;
    parser.skip_ws();
    if parser.pos < bytes.len() {
        return Err(parser.error("unexpected text after the JSON value"));
    }
    Ok(node)
}

/// Parses JSON bytes: like [`parse`], after checking the bytes are UTF-8.
pub fn parse_bytes(bytes: &[u8]) -> Result<Node, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => Err(ParseError {
            offset: e.valid_up_to(),
            message: "the text is not valid UTF-8; save the file as UTF-8".to_string(),
        }),
    }
}

/// The 1-based line and column (counted in characters) of a byte offset in `text`.
/// Offsets past the end, or inside a character, are clamped.
///
/// This scans the text up to the offset: for many offsets in one text, build a
/// [`LineIndex`](crate::lines::LineIndex) once instead.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Writes a tree as compact JSON (for sizes and round trips). Runtime placeholders are
/// written as stand-ins: a [`Value::Template`] as its sample text, a [`Value::Dynamic`]
/// as `null`.
pub fn write_compact(node: &Node, out: &mut String) {
    // An explicit stack instead of recursion: trees built by other code may be deep.
    enum Step<'a> {
        Value(&'a Node),
        Text(&'static str),
        Key(&'a str),
    }
    let mut stack = vec![Step::Value(node)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Text(t) => out.push_str(t),
            Step::Key(k) => {
                write_string(k, out);
                out.push(':');
            }
            Step::Value(node) => match &node.value {
                Value::Null | Value::Dynamic(_) => out.push_str("null"),
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Number(n) => out.push_str(n.as_str()),
                Value::String(s) => write_string(s, out),
                Value::Template(t) => write_string(&t.sample, out),
                Value::Array(a) => {
                    out.push('[');
                    stack.push(Step::Text("]"));
                    for (i, item) in a.items.iter().enumerate().rev() {
                        stack.push(Step::Value(item));
                        if i > 0 {
                            stack.push(Step::Text(","));
                        }
                    }
                }
                Value::Object(members) => {
                    out.push('{');
                    stack.push(Step::Text("}"));
                    for (i, m) in members.iter().enumerate().rev() {
                        stack.push(Step::Value(&m.value));
                        stack.push(Step::Key(&m.key));
                        if i > 0 {
                            stack.push(Step::Text(","));
                        }
                    }
                }
            },
        }
    }
}

/// Writes a JSON string literal, escaping what JSON requires.
pub fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

fn origin(offset: usize) -> Origin {
    Origin(u32::try_from(offset).unwrap_or(u32::MAX))
}

impl Parser<'_> {
    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn error(&self, message: &str) -> ParseError {
        ParseError {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => "the end of the text".to_string(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        let at = self.pos;
        let value = match self.peek() {
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'\'') => {
                return Err(self.error("strings must use double quotes (\"…\"), not single quotes"));
            }
            Some(b'/') => return Err(self.error("comments are not allowed in JSON")),
            _ => {
                return Err(ParseError {
                    offset: self.pos,
                    message: format!("expected a JSON value, found {}", self.found()),
                });
            }
        };
        Ok(Node::new(value, origin(at)))
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.bytes()[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(ParseError {
                offset: self.pos,
                message: format!("expected a JSON value, found {}", self.found()),
            })
        }
    }

    fn enter(&self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            Err(ParseError {
                offset: self.pos,
                message: format!("nesting is deeper than {MAX_DEPTH} levels"),
            })
        } else {
            Ok(())
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.enter(depth)?;
        self.pos += 1; // {
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            let key_at = self.pos;
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => {
                    return Err(self.error("trailing comma before `}`; remove the last comma"));
                }
                _ => {
                    return Err(ParseError {
                        offset: self.pos,
                        message: format!("expected a key in double quotes, found {}", self.found()),
                    });
                }
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(ParseError {
                    offset: self.pos,
                    message: format!("expected `:` after the key, found {}", self.found()),
                });
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            members.push(Member {
                key,
                key_origin: origin(key_at),
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => {
                    return Err(ParseError {
                        offset: self.pos,
                        message: format!(
                            "expected `,` or `}}` after an object member, found {}",
                            self.found()
                        ),
                    });
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.enter(depth)?;
        self.pos += 1; // [
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(Array { items, open: false }));
        }
        loop {
            self.skip_ws();
            if self.peek() == Some(b']') {
                return Err(self.error("trailing comma before `]`; remove the last comma"));
            }
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(Array { items, open: false }));
                }
                _ => {
                    return Err(ParseError {
                        offset: self.pos,
                        message: format!(
                            "expected `,` or `]` after an array item, found {}",
                            self.found()
                        ),
                    });
                }
            }
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The run ends at an ASCII byte or the end, so it is a char boundary.
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                None => return Err(self.error("unterminated string: add the closing `\"`")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.error(
                        "control character in a string: write a newline as \\n and a tab as \\t",
                    ));
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, ParseError> {
        let at = self.pos;
        self.pos += 1; // backslash
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{08}',
            Some(b'f') => '\u{0C}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let first = self.hex4()?;
                return match first {
                    0xD800..=0xDBFF => {
                        if !self.bytes()[self.pos..].starts_with(b"\\u") {
                            return Err(ParseError {
                                offset: at,
                                message: "lone surrogate in a \\u escape: a high surrogate must be followed by a low one".to_string(),
                            });
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(ParseError {
                                offset: at,
                                message: "lone surrogate in a \\u escape: a high surrogate must be followed by a low one".to_string(),
                            });
                        }
                        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        char::from_u32(code).ok_or_else(|| ParseError {
                            offset: at,
                            message: "invalid \\u escape".to_string(),
                        })
                    }
                    0xDC00..=0xDFFF => Err(ParseError {
                        offset: at,
                        message: "lone low surrogate in a \\u escape".to_string(),
                    }),
                    code => char::from_u32(code).ok_or_else(|| ParseError {
                        offset: at,
                        message: "invalid \\u escape".to_string(),
                    }),
                };
            }
            _ => {
                return Err(ParseError {
                    offset: at,
                    message: "invalid escape: only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are allowed".to_string(),
                });
            }
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut code = 0u32;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => u32::from(b - b'0'),
                Some(b @ b'a'..=b'f') => u32::from(b - b'a' + 10),
                Some(b @ b'A'..=b'F') => u32::from(b - b'A' + 10),
                _ => return Err(self.error("a \\u escape needs four hex digits")),
            };
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<Number, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("numbers may not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        let text = &self.text[start..self.pos];
        if text.parse::<f64>().is_ok_and(f64::is_infinite) {
            return Err(ParseError {
                offset: start,
                message: "number is out of range (larger than a 64-bit float)".to_string(),
            });
        }
        Ok(Number::from_json_text(text))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ParseError {
        match parse(text) {
            Ok(node) => panic!("expected an error for {text:?}, got {node:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn keeps_offsets_of_values_and_keys() {
        let text = "{\"a\": [1, {\"b\": \"x\"}]}";
        let node = parse(text).unwrap();
        let members = node.as_object().unwrap();
        assert_eq!(members[0].key_origin, Origin(1));
        assert_eq!(members[0].value.origin, Origin(6));
        let Value::Array(a) = &members[0].value.value else {
            panic!("not an array")
        };
        assert_eq!(a.items[1].origin, Origin(10));
        assert_eq!(a.items[1].as_object().unwrap()[0].key_origin, Origin(11));
    }

    #[test]
    fn rejects_non_strict_json() {
        assert!(err("{\"a\": 1,}").message.contains("trailing comma"));
        assert!(err("[1,]").message.contains("trailing comma"));
        assert!(err("// c\n{}").message.contains("comments"));
        assert!(err("{'a': 1}").message.contains("double quotes"));
        assert!(err("\"\\ud800\"").message.contains("surrogate"));
        assert!(err("\"\\udc00x\"").message.contains("surrogate"));
        assert!(err("01").message.contains("leading zeros"));
        assert!(err("1.").message.contains("decimal"));
        assert!(err("\"a\nb\"").message.contains("control character"));
        assert!(err("{} {}").message.contains("after the JSON value"));
        assert!(err("").message.contains("expected a JSON value"));
        assert!(err("\"abc").message.contains("unterminated"));
        assert!(err("1e400").message.contains("out of range"));
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(err(&deep).message.contains("deeper"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let very_deep = "[".repeat(1_000_000);
        assert!(parse(&very_deep).is_err());
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let node = parse(r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(node.as_str(), Some("a\"\\/\u{8}\u{c}\n\r\té😀"));
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "{\n  \"é\": x}";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 2), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 8));
        assert_eq!(line_col(text, 10_000), (2, 10));
        assert_eq!(line_col("é", 1), (1, 1));
    }

    #[test]
    fn compact_round_trip() {
        let text = "{ \"a\" : [ 1 , 2.5e3 , \"x\\u0001\\n\" ] , \"b\" : { } , \"c\": null }";
        let node = parse(text).unwrap();
        let mut out = String::new();
        write_compact(&node, &mut out);
        assert_eq!(out, r#"{"a":[1,2.5e3,"x\u0001\n"],"b":{},"c":null}"#);
        let mut again = String::new();
        write_compact(&parse(&out).unwrap(), &mut again);
        assert_eq!(again, out);
    }

    #[test]
    fn utf8_errors_have_offsets() {
        let e = parse_bytes(b"{\"a\": \"\xff\"}").unwrap_err();
        assert_eq!(e.offset, 7);
    }

    #[test]
    fn bom_is_skipped() {
        assert!(parse("\u{feff}{}").is_ok());
    }
}
