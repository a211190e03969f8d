//! The card vocabulary as data: every object, field, JSON type, enum, one-of group,
//! nesting rule and limit of a Google Chat card message.
//!
//! Sources: Google's `card.proto` (`google/apps/card/v1` in googleapis) and
//! `message.proto` (`google/chat/v1`), the Chat API discovery document
//! (`chat.googleapis.com/$discovery/rest?version=v1`, a copy of which the tests check the
//! tables against), and the Chat developer docs' card and message reference pages. The `card!` macro and the runtime validator read
//! these tables; nothing else in the workspace spells out the vocabulary.

mod defs;

pub use defs::*;

/// One kind of JSON object (a card, a button, a widget, ...).
#[derive(Debug)]
pub struct ObjectDef {
    /// Our name for the object, used in messages (`"button"`, `"decorated text"`).
    pub name: &'static str,
    /// The schema name in the Chat API discovery document (`"GoogleAppsCardV1Button"`),
    /// when it has one.
    pub discovery: Option<&'static str>,
    /// Every field the object may carry (including ones rejected for Chat messages,
    /// with their [`Scope`]).
    pub fields: &'static [FieldDef],
    /// Groups of fields of which at most one (or exactly one) may be set.
    pub one_of: &'static [OneOf],
    /// Fields (or alternatives) that must be present.
    pub required: &'static [Required],
    /// The field a bare literal fills in `card!` (`button "Open"` fills `text`).
    pub positional: Option<&'static str>,
    /// Short names the `card!` macro accepts for a path of fields
    /// (`link` on a button is `onClick.openLink.url`).
    pub shorthands: &'static [Shorthand],
    /// Keys that are known elsewhere but not allowed here, with the reason
    /// (`divider` inside `columns`).
    pub misplaced: &'static [Misplaced],
    /// Fields a bare value may stand for when this object is a field's value in `card!`,
    /// tried in order by the value's kind: an enum name fills the first enum field listed,
    /// a string the first text field (`start_icon: DESCRIPTION` is
    /// `{"knownIcon": "DESCRIPTION"}`, `icon: "https://…/x.png"` is `{"iconUrl": …}`).
    pub bare_value: &'static [&'static str],
}

/// One field of an object.
#[derive(Debug)]
pub struct FieldDef {
    /// The JSON key, lowerCamelCase as Google writes it.
    pub json: &'static str,
    /// What the value must be.
    pub ty: Ty,
    /// Where the field may be used.
    pub scope: Scope,
    /// For object and list fields: the keyword `card!` uses for one child block
    /// (`section` for `sections`, `button` for `buttons`; for the members of a widget
    /// union, the widget keyword: `text` for `textParagraph`).
    pub keyword: Option<&'static str>,
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A string with a text rule.
    Text(TextKind),
    /// `true` or `false`.
    Bool,
    /// A 32-bit integer with a rule.
    Int(IntRule),
    /// A 64-bit integer, written as a JSON string (numbers are accepted too).
    Int64,
    /// A float with a rule.
    Float(FloatRule),
    /// One of a list of names.
    Enum(&'static EnumDef),
    /// A `google.type.Color` object (`{red, green, blue, alpha}`); `card!` writes `"#rrggbb"`.
    Color,
    /// A nested object.
    Object(&'static ObjectDef),
    /// An array.
    List(&'static ListDef),
}

/// An array type with its count limits.
#[derive(Debug)]
pub struct ListDef {
    /// The type of each item.
    pub item: Ty,
    /// The fewest items allowed.
    pub min: usize,
    /// The most items allowed, if limited.
    pub max: Option<usize>,
    /// Why the limits exist, for messages (`"a section needs at least one widget"`).
    pub why: &'static str,
}

/// What kind of text a string field holds, which decides its checks and escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Text shown as is.
    Plain,
    /// Text in the card HTML subset (`<b>`, `<font color>`, `<a href>`, ...).
    CardHtml,
    /// Message text in Chat markup (`*bold*`, `<users/all>`, `<url|label>`).
    ChatMarkup,
    /// An absolute `https` (or `http`) URL.
    Url,
    /// A name or identifier (card id, form input name, function name).
    Identifier,
    /// A thread key: at most 4,000 characters.
    ThreadKey,
    /// A resource name such as `spaces/S/threads/T`.
    ResourceName,
}

/// Rules for integer fields.
#[derive(Debug, Clone, Copy)]
pub enum IntRule {
    /// Any 32-bit integer.
    Any,
    /// At least this much.
    AtLeast(i64),
    /// One of these values.
    OneOf(&'static [i64]),
}

/// Rules for float fields.
#[derive(Debug, Clone, Copy)]
pub enum FloatRule {
    /// Any number.
    Any,
    /// Between 0 and 1 inclusive (colour channels).
    UnitInterval,
    /// Greater than zero.
    Positive,
}

/// A named list of enum values.
#[derive(Debug)]
pub struct EnumDef {
    /// The enum's name in messages (`"image type"`).
    pub name: &'static str,
    /// Every accepted value, as the API spells it.
    pub values: &'static [&'static str],
    /// Values that are accepted by Google but deprecated, with what to use instead.
    pub deprecated: &'static [(&'static str, &'static str)],
    /// Whether this is a protobuf enum whose `values` are listed in number order (0, 1,
    /// 2, …), so that ProtoJSON also accepts a value's number in place of its name.
    pub numbered: bool,
}

impl EnumDef {
    /// The name of a value given by its protobuf number, for numbered enums.
    pub fn by_number(&self, number: i64) -> Option<&'static str> {
        if !self.numbered {
            return None;
        }
        usize::try_from(number)
            .ok()
            .and_then(|i| self.values.get(i))
            .copied()
    }
}

/// Where a field may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Fine in a Chat message.
    Chat,
    /// Only for Google Workspace add-ons; the text says what to do instead.
    AddOnOnly(&'static str),
    /// Only for Chat dialogs, not messages.
    DialogOnly(&'static str),
    /// Only for Workspace Studio add-ons ("unavailable for Chat apps").
    StudioOnly,
    /// Deprecated; the text names the replacement.
    Deprecated(&'static str),
    /// Set by the server; Chat ignores it in requests.
    OutputOnly,
    /// Accepted on Chat messages and ignored; the text says why it exists and what to
    /// use instead.
    Ignored(&'static str),
    /// Gone from the API's public reference but still accepted (and ignored) by Chat; the
    /// text says what to use instead.
    Legacy(&'static str),
}

/// A group of fields of which at most one may be set (exactly one when `required`).
#[derive(Debug)]
pub struct OneOf {
    /// What the group chooses, for messages (`"widget kind"`, `"on-click kind"`).
    pub name: &'static str,
    /// The JSON keys of the members.
    pub members: &'static [&'static str],
    /// Whether one member must be set.
    pub required: bool,
}

/// A required field, or a set of alternatives of which one must be present.
#[derive(Debug)]
pub struct Required {
    /// The JSON keys; at least one must be present.
    pub any_of: &'static [&'static str],
    /// Why, or what happens without it.
    pub why: &'static str,
}

/// A short `card!` name for a path of nested fields.
#[derive(Debug)]
pub struct Shorthand {
    /// The short name (`link`).
    pub name: &'static str,
    /// The JSON path it stands for (`["onClick", "openLink", "url"]`).
    pub path: &'static [&'static str],
}

/// A key that is known elsewhere but not allowed in this object.
#[derive(Debug)]
pub struct Misplaced {
    /// The JSON key.
    pub key: &'static str,
    /// Why it is not allowed here and what to do instead.
    pub reason: &'static str,
}

impl ObjectDef {
    /// The field with this JSON key; the snake_case spelling Google also accepts matches too.
    pub fn field(&self, key: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| same_key(f.json, key))
    }

    /// The one-of group a key belongs to, if any.
    pub fn group_of(&self, key: &str) -> Option<&'static OneOf> {
        self.one_of
            .iter()
            .find(|g| g.members.iter().any(|m| same_key(m, key)))
    }

    /// Whether this object has the shape of a union of widget kinds: a required one-of
    /// group of several members, each an object field carrying a widget keyword. The
    /// objects that are widget unions are listed once, in [`WIDGET_UNIONS`] (ask
    /// [`ObjectDef::is_widget_union`]); a test holds this shape to that list.
    pub fn is_union(&self) -> bool {
        self.one_of
            .iter()
            .any(|g| g.required && g.members.len() > 1)
            && self
                .one_of
                .iter()
                .filter(|g| g.required)
                .flat_map(|g| g.members.iter())
                .all(|m| {
                    self.field(m)
                        .is_some_and(|f| f.keyword.is_some() && matches!(f.ty, Ty::Object(_)))
                })
    }

    /// Whether this object is one of the [`WIDGET_UNIONS`].
    pub fn is_widget_union(&self) -> bool {
        WIDGET_UNIONS.iter().any(|u| std::ptr::eq(*u, self))
    }

    /// Whether this object holds one widget kind, written in `card!` by the widget's
    /// keyword: a widget union, or the accessory widget (a union of one kind, a button
    /// list).
    pub fn holds_widget_kind(&self) -> bool {
        self.is_widget_union() || std::ptr::eq(self, &ACCESSORY_WIDGET)
    }
}

/// Whether two keys name the same field: equal, or one is the snake_case form of the other
/// (Google's JSON parser accepts both spellings).
pub fn same_key(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q => {}
            (Some('_'), Some(q)) if q.is_ascii_uppercase() => match x.next() {
                Some(p) if p == q.to_ascii_lowercase() => {}
                _ => return false,
            },
            (Some(p), Some('_')) if p.is_ascii_uppercase() => match y.next() {
                Some(q) if q == p.to_ascii_lowercase() => {}
                _ => return false,
            },
            _ => return false,
        }
    }
}

/// The snake_case form of a lowerCamelCase JSON key (`imageType` -> `image_type`).
pub fn snake_case(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 4);
    for c in json.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_in_both_spellings() {
        assert!(same_key("imageType", "image_type"));
        assert!(same_key("image_type", "imageType"));
        assert!(same_key("text", "text"));
        assert!(!same_key("imageType", "image_typo"));
        assert!(!same_key("imageType", "imagetype"));
        assert_eq!(
            snake_case("uncollapsibleWidgetsCount"),
            "uncollapsible_widgets_count"
        );
    }
}
