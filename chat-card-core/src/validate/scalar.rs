//! Checks of single values: text (URLs, markup, thread keys), numbers, enums, colours,
//! and runtime placeholders.

use super::Rule;
use super::url::{check_url, check_url_prefix};
use super::walk::{Walker, expected};
use crate::markup::{check_card_html_tags, check_chat_text, check_no_markdown};
use crate::schema::{EnumDef, FloatRule, IntRule, MAX_THREAD_KEY_CHARS, TextKind, Ty, same_key};
use crate::suggest::closest;
use crate::tree::{Dynamic, Node, Value};
use crate::wording::article;

impl Walker {
    /// A runtime value: only its kind is known, so check the kind fits the field.
    pub(super) fn dynamic(&mut self, d: Dynamic, node: &Node, ty: Ty, path: &str) {
        let fits = match (ty, d) {
            (Ty::Text(TextKind::Url), Dynamic::Url) => true,
            (Ty::Text(TextKind::Url), Dynamic::Text) => {
                self.report(
Rule::RuntimeValue,
                    path,
                    node.origin,
                    "a runtime string cannot be a whole URL: it could be relative or `javascript:`",
                    Some(
                        "pass a `chat_card::WebUrl` (a checked absolute http(s) URL), or write the scheme and host literally and interpolate the rest: `\"https://example.com/items/{id}\"`"
                            .into(),
                    ),
                );
                return;
            }
            (Ty::Text(TextKind::CardHtml | TextKind::ChatMarkup), Dynamic::TrustedMarkup) => true,
            (Ty::Text(_), Dynamic::TrustedMarkup) => {
                self.report(
Rule::RuntimeValue,
                    path,
                    node.origin,
                    "trusted markup only goes into card text or message text; this field shows text as is",
                    Some("pass plain text here".into()),
                );
                return;
            }
            (Ty::Text(_), Dynamic::Text | Dynamic::Url) => true,
            (Ty::Bool, Dynamic::Bool) => true,
            (Ty::Int(_) | Ty::Int64, Dynamic::Integer) => true,
            (Ty::Float(_), Dynamic::Integer | Dynamic::Float) => true,
            _ => false,
        };
        if !fits {
            let what = match d {
                Dynamic::Text => "runtime text",
                Dynamic::TrustedMarkup => "runtime markup",
                Dynamic::Bool => "a runtime boolean",
                Dynamic::Integer => "a runtime integer",
                Dynamic::Float => "a runtime float",
                Dynamic::Url => "a runtime URL",
            };
            let exp = expected(ty);
            self.report(
                Rule::RuntimeValue,
                path,
                node.origin,
                format!("expected {exp}, found {what}"),
                Some(match ty {
                    Ty::Enum(_) => {
                        "write the value literally (enum values are checked at compile time)"
                            .to_string()
                    }
                    _ => format!("pass {exp}"),
                }),
            );
        }
    }

    /// A text field: a string or a template.
    pub(super) fn text(&mut self, node: &Node, kind: TextKind, path: &str) {
        match &node.value {
            Value::String(s) => self.text_rules(node, kind, s, false, path),
            Value::Template(t) => {
                // The static text before the first hole (robust to odd hole ranges).
                let prefix = match t.holes.first() {
                    Some(hole) => t.sample.get(..hole.start).unwrap_or(""),
                    None => t.sample.as_str(),
                };
                if kind == TextKind::Url
                    && let Err(e) = check_url_prefix(prefix)
                {
                    self.report(Rule::BadUrl, path, node.origin, e.message, Some(e.help));
                    return;
                }
                self.text_rules(node, kind, &t.sample, true, path);
            }
            _ => self.type_error(node, Ty::Text(kind), path),
        }
    }

    fn text_rules(&mut self, node: &Node, kind: TextKind, text: &str, sample: bool, path: &str) {
        let rule = match kind {
            TextKind::Url => Rule::BadUrl,
            TextKind::CardHtml => Rule::CardMarkup,
            TextKind::ChatMarkup => Rule::MessageMarkup,
            _ => Rule::ThreadKeyTooLong,
        };
        let result = match kind {
            TextKind::Url => check_url(text).map_err(|e| (e.message, e.help)),
            TextKind::CardHtml if self.markdown_card_text => {
                check_card_html_tags(text).map_err(|e| (e.message, e.help))
            }
            TextKind::CardHtml => match check_card_html_tags(text) {
                Err(e) => Err((e.message, e.help)),
                // Chat shows Markdown in card HTML literally: ugly, but it accepts the
                // message and draws the rest.
                Ok(()) => match check_no_markdown(text) {
                    Err(e) => {
                        self.report(
                            Rule::MarkdownInCardText,
                            path,
                            node.origin,
                            e.message,
                            Some(e.help),
                        );
                        Ok(())
                    }
                    Ok(()) => Ok(()),
                },
            },
            TextKind::ChatMarkup if self.markdown_message_text => Ok(()),
            TextKind::ChatMarkup => check_chat_text(text).map_err(|e| (e.message, e.help)),
            TextKind::ThreadKey if !sample => {
                let n = text.chars().count();
                if n > MAX_THREAD_KEY_CHARS {
                    Err((
                        format!(
                            "the thread key is {n} characters long; at most {MAX_THREAD_KEY_CHARS} are allowed"
                        ),
                        "use a shorter key (a hash of the long one works)".to_string(),
                    ))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        };
        if let Err((message, help)) = result {
            self.report(rule, path, node.origin, message, Some(help));
        }
    }

    /// An int32 field (a number, or a string of digits as ProtoJSON allows).
    pub(super) fn int(&mut self, node: &Node, rule: IntRule, path: &str) {
        let Some(n) = integer(node) else {
            return self.not_integer(node, Ty::Int(rule), path);
        };
        if i32::try_from(n).is_err() {
            self.report(
                Rule::IntOutOfRange,
                path,
                node.origin,
                format!("{n} does not fit a 32-bit integer"),
                Some("use a value between -2147483648 and 2147483647".into()),
            );
            return;
        }
        match rule {
            IntRule::Any => {}
            IntRule::AtLeast(min) if n < min => self.report(
                Rule::IntBelowMinimum,
                path,
                node.origin,
                format!("{n} is too small; the value must be at least {min}"),
                Some(format!("use {min} or more")),
            ),
            IntRule::AtLeast(_) => {}
            IntRule::OneOf(values) if !values.contains(&n) => self.report(
                Rule::IntOutOfRange,
                path,
                node.origin,
                format!("{n} is not an accepted value"),
                Some(format!(
                    "use one of {}",
                    values
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ),
            IntRule::OneOf(_) => {}
        }
    }

    /// An int64 field: a string of digits (or a number).
    pub(super) fn int64(&mut self, node: &Node, path: &str) {
        if integer(node).is_none() {
            self.not_integer(node, Ty::Int64, path);
        }
    }

    fn not_integer(&mut self, node: &Node, ty: Ty, path: &str) {
        match &node.value {
            Value::Number(n) => self.report(
                Rule::NotInteger,
                path,
                node.origin,
                format!("expected an integer, found {}", n.as_str()),
                Some("write a whole number without fraction or exponent".into()),
            ),
            _ => self.type_error(node, ty, path),
        }
    }

    /// A float field.
    pub(super) fn float(&mut self, node: &Node, rule: FloatRule, path: &str) {
        let (f, shown) = match &node.value {
            Value::Number(n) => (n.as_f64(), n.as_str()),
            // ProtoJSON also reads a double from a string: "1.5", "NaN", "Infinity".
            Value::String(s) => match proto_float(s) {
                Some(f) => (f, s.as_str()),
                None => return self.type_error(node, Ty::Float(rule), path),
            },
            _ => return self.type_error(node, Ty::Float(rule), path),
        };
        let bad = match rule {
            FloatRule::Any => !f.is_finite(),
            FloatRule::UnitInterval => !(0.0..=1.0).contains(&f),
            FloatRule::Positive => !(f > 0.0 && f.is_finite()),
        };
        if bad {
            let (what, help) = match rule {
                FloatRule::Any => ("is not a finite number", "use a normal number"),
                FloatRule::UnitInterval => ("is outside 0 to 1", "use a value from 0 to 1"),
                FloatRule::Positive => (
                    "must be greater than zero",
                    "use a positive ratio, like 1.778 for 16:9",
                ),
            };
            self.report(
                Rule::FloatOutOfRange,
                path,
                node.origin,
                format!("{shown} {what}"),
                Some(help.into()),
            );
        }
    }

    /// An enum field: one of the listed names.
    pub(super) fn enumeration(&mut self, node: &Node, def: &EnumDef, path: &str) {
        if let (Value::Number(n), true) = (&node.value, def.numbered) {
            return self.enum_number(node, def, n, path);
        }
        let Value::String(s) = &node.value else {
            let help = format!("write one of {}", list_values(def));
            self.report(
                Rule::WrongType,
                path,
                node.origin,
                format!(
                    "expected {} name (a string), found {}",
                    article(def.name),
                    super::walk::found(&node.value)
                ),
                Some(help),
            );
            return;
        };
        if def.values.contains(&s.as_str()) {
            self.deprecated_enum_value(node, def, s, path);
            return;
        }
        let current = def
            .values
            .iter()
            .copied()
            .filter(|v| !def.deprecated.iter().any(|(d, _)| d == v));
        let help = match closest(s, current) {
            Some(best) => format!("did you mean `{best}`? valid values: {}", list_values(def)),
            None => format!("valid values: {}", list_values(def)),
        };
        let extra = if std::ptr::eq(def, &crate::schema::KNOWN_ICONS) {
            "; for other icons use `materialIcon` or `iconUrl`"
        } else {
            ""
        };
        self.report(
            Rule::UnknownEnumValue,
            path,
            node.origin,
            format!("`{s}` is not {}", article(def.name)),
            Some(format!("{help}{extra}")),
        );
    }

    /// An enum value written as its protobuf number, which ProtoJSON accepts.
    fn enum_number(&mut self, node: &Node, def: &EnumDef, n: &crate::tree::Number, path: &str) {
        match n.as_i64().and_then(|i| def.by_number(i)) {
            Some(name) => self.deprecated_enum_value(node, def, name, path),
            None => self.report(
                Rule::UnknownEnumNumber,
                path,
                node.origin,
                format!(
                    "{} is not the number of {} value",
                    n.as_str(),
                    article(def.name)
                ),
                Some(format!(
                    "Chat reads an unknown number as the default; write one of {}",
                    list_values(def)
                )),
            ),
        }
    }

    /// Warns about a deprecated (but accepted) enum value.
    fn deprecated_enum_value(&mut self, node: &Node, def: &EnumDef, name: &str, path: &str) {
        if let Some((_, instead)) = def.deprecated.iter().find(|(v, _)| *v == name) {
            self.report(
                Rule::DeprecatedEnumValue,
                path,
                node.origin,
                format!("`{name}` is deprecated; Chat still accepts it"),
                Some(format!("use `{instead}`")),
            );
        }
    }

    /// A `google.type.Color`: `{red, green, blue, alpha}`, each from 0 to 1.
    pub(super) fn color(&mut self, node: &Node, path: &str) {
        let Some(members) = node.as_object() else {
            if let Value::String(s) = &node.value
                && let Some(rgb) = parse_hex(s)
            {
                self.report(
                    Rule::BadColor,
                    path,
                    node.origin,
                    format!("a colour is an object in JSON, not the string `{s}`"),
                    Some(format!(
                        "write `{{\"red\": {:.3}, \"green\": {:.3}, \"blue\": {:.3}}}`",
                        rgb[0], rgb[1], rgb[2]
                    )),
                );
                return;
            }
            return self.type_error(node, Ty::Color, path);
        };
        const CHANNELS: [&str; 4] = ["red", "green", "blue", "alpha"];
        for (i, m) in members.iter().enumerate() {
            let key_path = super::join(path, &m.key);
            if members[..i].iter().any(|p| same_key(&p.key, &m.key)) {
                self.report(
                    Rule::DuplicateKey,
                    &key_path,
                    m.key_origin,
                    format!("duplicate key `{}`", m.key),
                    Some("keep only one of them".into()),
                );
                continue;
            }
            if !CHANNELS.contains(&m.key.as_str()) {
                let help = match closest(&m.key, CHANNELS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "a colour has `red`, `green`, `blue` and `alpha`".to_string(),
                };
                self.report(
                    Rule::BadColor,
                    &key_path,
                    m.key_origin,
                    format!("unknown field `{}` in a colour", m.key),
                    Some(help),
                );
                continue;
            }
            if let Value::Number(n) = &m.value.value {
                let f = n.as_f64();
                if !(0.0..=1.0).contains(&f) {
                    let help = if (1.0..=255.0).contains(&f) {
                        format!(
                            "channels go from 0 to 1 (value / 255): write {:.3}",
                            f / 255.0
                        )
                    } else {
                        "channels go from 0 to 1 (value / 255)".to_string()
                    };
                    self.report(
                        Rule::BadColor,
                        &key_path,
                        m.value.origin,
                        format!("colour channel {} is outside 0 to 1", n.as_str()),
                        Some(help),
                    );
                }
            } else {
                self.value(&m.value, Ty::Float(FloatRule::UnitInterval), &key_path);
            }
        }
    }
}

/// A double written as a JSON string, as ProtoJSON reads it: a decimal number, `NaN`,
/// `Infinity` or `-Infinity`.
fn proto_float(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if s.trim() != s || s.is_empty() => None,
        _ if s
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) =>
        {
            s.parse().ok()
        }
        _ => None,
    }
}

/// The integer value of a number without fraction, or of a string of digits.
fn integer(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64();
            let text = n.as_str();
            // `1e3` is an integer in ProtoJSON; `1.5` is not.
            (f.fract() == 0.0 && f.abs() < 9.0e15 && !text.contains('.')).then_some(f as i64)
        }),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn list_values(def: &EnumDef) -> String {
    def.values
        .iter()
        .filter(|v| !def.deprecated.iter().any(|(d, _)| d == *v))
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_hex(s: &str) -> Option<[f64; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| {
        u8::from_str_radix(&hex[i..i + 2], 16)
            .ok()
            .map(|v| f64::from(v) / 255.0)
    };
    Some([channel(0)?, channel(2)?, channel(4)?])
}
