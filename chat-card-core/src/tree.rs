//! The value tree every check runs on.
//!
//! A [`Node`] is JSON plus two things JSON cannot say: where each value came from
//! ([`Origin`]), and which parts are only known at runtime ([`Value::Template`],
//! [`Value::Dynamic`], open arrays). The JSON parser of [`crate::json`] builds trees
//! from text (origins are byte offsets); the `card!` macro builds them from tokens
//! (origins index its span table). The validator of [`crate::validate`] reads both.

/// Where a node came from: an opaque number chosen by whoever built the tree.
///
/// For JSON text it is the byte offset of the value (or key); for the `card!` macro it
/// is an index into the macro's table of token spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(pub u32);

/// One value of the tree and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value came from.
    pub origin: Origin,
}

/// A key and its value inside an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key as written (JSON camelCase, or snake_case, which Google also accepts).
    pub key: String,
    /// Where the key came from (errors about the key itself point here).
    pub key_origin: Origin,
    /// The value.
    pub value: Node,
}

/// A JSON value, or a placeholder for a value only known at runtime.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`: the field's default.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written.
    Number(Number),
    /// A string known in full.
    String(String),
    /// A string with runtime holes (`"{host} is down"`).
    Template(Template),
    /// A whole value only known at runtime (a bare expression in `card!`).
    Dynamic(Dynamic),
    /// An array.
    Array(Array),
    /// An object, members in the order written (duplicates kept, so they can be reported).
    Object(Vec<Member>),
}

/// A JSON number kept as its text, so nothing is lost in a round trip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    text: String,
}

impl Number {
    /// Wraps the text of a JSON number. The caller guarantees it is valid JSON number syntax.
    pub fn from_json_text(text: impl Into<String>) -> Self {
        Number { text: text.into() }
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value as a float (JSON numbers always fit, possibly rounded).
    pub fn as_f64(&self) -> f64 {
        self.text.parse().unwrap_or(f64::NAN)
    }

    /// The value as an integer, when it is written without fraction or exponent and fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }
}

/// A string with holes filled at runtime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The string with every hole replaced by a neutral sample (`x`), so markup checks can
    /// run on the static parts.
    pub sample: String,
    /// Byte ranges of the holes inside `sample`, in order.
    pub holes: Vec<std::ops::Range<usize>>,
}

impl Template {
    /// The static text before the first hole.
    pub fn static_prefix(&self) -> &str {
        match self.holes.first() {
            Some(hole) => &self.sample[..hole.start],
            None => &self.sample,
        }
    }
}

/// What a runtime value will be, as far as compile time knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dynamic {
    /// Text that will be escaped for the field's markup.
    Text,
    /// Markup the caller vouched for (checked at runtime, not escaped).
    TrustedMarkup,
    /// A boolean.
    Bool,
    /// An integer.
    Integer,
    /// A float.
    Float,
    /// A checked absolute `http(s)` URL.
    Url,
}

/// An array, possibly with items repeated at runtime.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Array {
    /// The items. When `open` is set some of them stand for any number of runtime items.
    pub items: Vec<Node>,
    /// Whether the number of items is only known at runtime (a `for`, `if` or `match` in
    /// `card!`). Count limits of open arrays are checked when the message is built.
    pub open: bool,
}

impl Node {
    /// A node with a value and an origin.
    pub fn new(value: Value, origin: Origin) -> Self {
        Node { value, origin }
    }

    /// The members, when this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The first member with this key (camelCase or snake_case spelling), when this is an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?
            .iter()
            .find(|m| crate::schema::same_key(&m.key, key))
            .map(|m| &m.value)
    }

    /// The string, when this is a fully known string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}
