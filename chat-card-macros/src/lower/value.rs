//! Lowering of field values: literals, holes, enum names, colours, bare values of
//! objects (`start_icon: DESCRIPTION`), lists and runtime expressions.

use chat_card_core::schema::{FloatRule, ObjectDef, TextKind, Ty};
use proc_macro2::Span;

use chat_card_core::suggest::closest as nearest;

use super::Lowerer;
use super::hole::split;
use crate::diag::{article, with_help};
use crate::ir::{DynKind, Item, LKind, LMember, LNode, LinkPart, ListInfo, Part};
use crate::parse::{Entry, ValueAst};

impl Lowerer {
    /// Lowers a value for a field of type `ty`; `name` is the key as written.
    pub(super) fn value(&mut self, v: &ValueAst, ty: Ty, name: &str) -> LNode {
        let origin = self.spans.add(v.span());
        let kind = self.value_kind(v, ty, name);
        LNode { origin, kind }
    }

    fn value_kind(&mut self, v: &ValueAst, ty: Ty, name: &str) -> LKind {
        match (ty, v) {
            (_, ValueAst::Bool(b, _)) => LKind::Bool(*b),
            (Ty::Int64, ValueAst::Num { text, .. }) => LKind::Num {
                text: text.clone(),
                quoted: true,
            },
            (_, ValueAst::Num { text, .. }) => LKind::Num {
                text: text.clone(),
                quoted: false,
            },
            (Ty::Text(kind), ValueAst::Str(lit)) => self.text(lit, kind),
            (Ty::Text(kind), ValueAst::Ident(_) | ValueAst::Expr(_)) => {
                let kind = if kind == TextKind::Url {
                    DynKind::Url
                } else {
                    DynKind::Text(kind)
                };
                self.dynamic(v, kind, name)
            }
            (Ty::Text(TextKind::CardHtml), ValueAst::Trusted(expr, _)) => LKind::Dyn {
                expr: expr.clone(),
                kind: DynKind::Trusted,
                place: format!("`{name}`"),
            },
            (Ty::Text(kind), ValueAst::Trusted(_, span)) => {
                self.error(
                    *span,
                    with_help(
                        format!(
                            "`trusted(…)` is only for card text in the card HTML subset; `{name}` is {}",
                            describe_text(kind)
                        ),
                        "pass the value without `trusted(…)`; it is escaped for this field",
                    ),
                );
                LKind::Null
            }
            (Ty::Bool, ValueAst::Ident(_) | ValueAst::Expr(_)) => {
                self.dynamic(v, DynKind::Bool, name)
            }
            (Ty::Int(rule), ValueAst::Ident(_) | ValueAst::Expr(_)) => {
                self.dynamic(v, DynKind::Int(rule), name)
            }
            (Ty::Int64, ValueAst::Ident(_) | ValueAst::Expr(_)) => {
                self.dynamic(v, DynKind::Int64, name)
            }
            (Ty::Float(rule), ValueAst::Ident(_) | ValueAst::Expr(_)) => {
                self.dynamic(v, DynKind::Float(rule), name)
            }
            (Ty::Enum(def), ValueAst::Ident(ident)) => {
                let text = ident.to_string();
                if is_enum_name(&text) {
                    LKind::Str(text)
                } else {
                    let upper = text.to_ascii_uppercase();
                    let help = match nearest(&upper, def.values.iter().copied()) {
                        Some(near) => format!("write `{near}`"),
                        None => format!("use one of: {}", def.values.join(", ")),
                    };
                    self.error(
                        ident.span(),
                        with_help(
                            format!(
                                "`{text}` is not {}: values are written in capitals as the API spells them",
                                article(def.name)
                            ),
                            help,
                        ),
                    );
                    LKind::Null
                }
            }
            (Ty::Enum(_), ValueAst::Str(lit)) => LKind::Str(lit.value()),
            (Ty::Enum(def), ValueAst::Expr(_) | ValueAst::Trusted(..)) => {
                self.error(
                    v.span(),
                    with_help(
                        format!(
                            "`{name}` takes {} name written as is, not an expression: one of {}",
                            article(def.name),
                            def.values.join(", ")
                        ),
                        "to choose at runtime, put the whole widget in an `if` or `match`",
                    ),
                );
                LKind::Null
            }
            (Ty::Color, ValueAst::Str(lit)) => self.color(&lit.value(), lit.span()),
            (Ty::Color, ValueAst::Object(body)) => {
                let mut members = Vec::new();
                for entry in &body.entries {
                    match entry {
                        Entry::Field(f) if ["red", "green", "blue", "alpha"].contains(&f.key.to_string().as_str()) => {
                            let key_origin = self.spans.add(f.key.span());
                            let value = self.value(&f.value, Ty::Float(FloatRule::UnitInterval), &f.key.to_string());
                            members.push(LMember {
                                key: f.key.to_string(),
                                key_origin,
                                value,
                                from_shorthand: false,
                            });
                        }
                        _ => self.error(
                            body.span,
                            with_help(
                                "a colour object has the fields `red`, `green`, `blue` (and `alpha`), each from 0 to 1",
                                "or write the colour as \"#rrggbb\"",
                            ),
                        ),
                    }
                }
                LKind::Object {
                    members,
                    card: None,
                }
            }
            (Ty::Color, _) => {
                self.error(
                    v.span(),
                    format!("`{name}` takes a colour written \"#rrggbb\", like \"#d93025\""),
                );
                LKind::Null
            }
            (Ty::Object(def), ValueAst::Object(body)) => {
                let node = self.object(def, None, Some(body), body.span);
                node.kind
            }
            (Ty::Object(def), _) if !matches!(v, ValueAst::List(..)) => self.bare(def, v, name),
            (Ty::List(list), ValueAst::List(items, _)) => {
                let items = items
                    .iter()
                    .map(|item| Item::Node(self.value(item, list.item, name)))
                    .collect();
                LKind::Array {
                    items,
                    check: ListInfo {
                        place: format!("`{name}`"),
                        what: "items".to_owned(),
                        min: list.min,
                        max: list.max,
                        why: list.why.to_owned(),
                        widgets: false,
                    },
                }
            }
            // Forms no field of this type takes: keep the JSON kind so the validator
            // reports the type mismatch with its own wording.
            (_, ValueAst::Str(lit)) => LKind::Str(lit.value()),
            (_, ValueAst::Ident(ident)) if is_enum_name(&ident.to_string()) => {
                LKind::Str(ident.to_string())
            }
            (_, ValueAst::Object(_)) => LKind::Object {
                members: Vec::new(),
                card: None,
            },
            (_, ValueAst::List(..)) => LKind::Array {
                items: Vec::new(),
                check: ListInfo {
                    place: String::new(),
                    what: String::new(),
                    min: 0,
                    max: None,
                    why: String::new(),
                    widgets: false,
                },
            },
            (_, _) => {
                self.error(
                    v.span(),
                    with_help(
                        format!("`{name}` cannot take a runtime expression"),
                        "write its value literally",
                    ),
                );
                LKind::Null
            }
        }
    }

    fn dynamic(&mut self, v: &ValueAst, kind: DynKind, name: &str) -> LKind {
        let expr = match v {
            ValueAst::Ident(ident) => syn::Expr::Path(syn::ExprPath {
                attrs: Vec::new(),
                qself: None,
                path: ident.clone().into(),
            }),
            ValueAst::Expr(e) => e.clone(),
            _ => return LKind::Null,
        };
        LKind::Dyn {
            expr,
            kind,
            place: self.field_place(name),
        }
    }

    /// A field as runtime messages name it: `` `max_lines` in section "Details" of card 1 ``.
    fn field_place(&self, name: &str) -> String {
        let place = self.place();
        if place.is_empty() {
            format!("`{name}`")
        } else {
            format!("`{name}` in {place}")
        }
    }

    fn text(&mut self, lit: &syn::LitStr, kind: TextKind) -> LKind {
        match split(lit) {
            Err(e) => {
                self.errors.push(e);
                LKind::Null
            }
            Ok(parts) if parts.iter().all(|p| matches!(p, Part::Text(_))) => {
                let mut text = String::new();
                for p in parts {
                    if let Part::Text(t) = p {
                        text.push_str(&t);
                    }
                }
                LKind::Str(text)
            }
            Ok(mut parts) => {
                if kind == TextKind::ChatMarkup
                    && let Err(message) = link_parts(&mut parts)
                {
                    self.error(lit.span(), message);
                }
                LKind::Template { parts, text: kind }
            }
        }
    }

    fn color(&mut self, text: &str, span: Span) -> LKind {
        let hex = text
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(hex) = hex else {
            self.error(
                span,
                with_help(
                    format!("`{text}` is not a colour"),
                    "write it as \"#rrggbb\" with six hex digits, like \"#d93025\"",
                ),
            );
            return LKind::Null;
        };
        let origin = self.spans.add(span);
        let mut members = Vec::new();
        for (i, key) in ["red", "green", "blue"].into_iter().enumerate() {
            let channel = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).unwrap_or(0);
            members.push(LMember {
                key: key.to_owned(),
                key_origin: origin,
                value: LNode {
                    origin,
                    kind: LKind::Num {
                        text: format_channel(channel),
                        quoted: false,
                    },
                },
                from_shorthand: false,
            });
        }
        LKind::Object {
            members,
            card: None,
        }
    }

    /// A scalar written where an object goes: fills the object's bare-value field.
    fn bare(&mut self, def: &'static ObjectDef, v: &ValueAst, name: &str) -> LKind {
        let wants_enum = matches!(v, ValueAst::Ident(i) if is_enum_name(&i.to_string()));
        let field = def
            .bare_value
            .iter()
            .filter_map(|key| def.field(key))
            .find(|f| {
                if wants_enum {
                    matches!(f.ty, Ty::Enum(_))
                } else {
                    matches!(f.ty, Ty::Text(_))
                }
            })
            .or_else(|| def.bare_value.first().and_then(|key| def.field(key)));
        match field {
            Some(field) => {
                let key_origin = self.spans.add(v.span());
                let value = self.value(v, field.ty, name);
                LKind::Object {
                    members: vec![LMember {
                        key: field.json.to_owned(),
                        key_origin,
                        value,
                        from_shorthand: false,
                    }],
                    card: None,
                }
            }
            None => {
                let snake = chat_card_core::schema::snake_case(name);
                self.error(
                    v.span(),
                    with_help(
                        format!("`{name}` is {}, written as a block", article(def.name)),
                        format!("write `{snake} {{ … }}` or `{name}: {{ … }}`"),
                    ),
                );
                LKind::Null
            }
        }
    }
}

/// Marks each hole of message text with where it sits in Chat's `<…>` markup, so it is
/// escaped for that place: a `<` directly followed by something starts a link or a
/// mention, which `>` ends; `|` separates a link's target from its label. A hole right
/// after `<` is refused: its value would decide whether a link, a mention or nothing
/// starts there.
fn link_parts(parts: &mut [Part]) -> Result<(), String> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Outside,
        /// After `<` and a character: whether `|` came yet.
        Angle {
            pipe: bool,
        },
    }
    let mut state = State::Outside;
    // A `<` whose next character decides whether it opens markup.
    let mut open_pending = false;
    for part in parts.iter_mut() {
        match part {
            Part::Text(text) => {
                for c in text.chars() {
                    if open_pending {
                        open_pending = false;
                        if !c.is_whitespace() {
                            state = State::Angle { pipe: false };
                        }
                    }
                    state = match (state, c) {
                        (State::Outside, '<') => {
                            open_pending = true;
                            State::Outside
                        }
                        (State::Angle { .. }, '>') => State::Outside,
                        (State::Angle { .. }, '|') => State::Angle { pipe: true },
                        (other, _) => other,
                    };
                }
            }
            Part::Hole { link, .. } => {
                if open_pending {
                    return Err(with_help(
                        "a hole right after `<` in message text would decide whether a link or a mention starts there",
                        "write the start of the link or mention literally (`<https://example.com/{id}|label>`, `<users/{id}>`), or put a space after `<` for a less-than sign",
                    ));
                }
                *link = match state {
                    State::Outside => LinkPart::Outside,
                    State::Angle { pipe: false, .. } => LinkPart::Target,
                    State::Angle { pipe: true, .. } => LinkPart::Label,
                };
            }
        }
    }
    Ok(())
}

/// A channel value 0..=255 as the API's float (value / 255), shortest exact text.
fn format_channel(channel: u8) -> String {
    let value = f64::from(channel) / 255.0;
    format!("{value}")
}

/// Whether an identifier looks like an enum value name (`CIRCLE`, `RECTANGLE_4_3`).
fn is_enum_name(text: &str) -> bool {
    text.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

fn describe_text(kind: TextKind) -> &'static str {
    match kind {
        TextKind::Plain => "plain text",
        TextKind::CardHtml => "card text",
        TextKind::ChatMarkup => "message text in Chat markup",
        TextKind::Url => "a URL",
        TextKind::Identifier => "a name",
        TextKind::ThreadKey => "a thread key",
        TextKind::ResourceName => "a resource name",
    }
}
