//! [`JsonMessage`]: a Chat message as JSON text that passed the validator.

use std::borrow::Cow;
use std::fmt;

/// A Chat message as JSON text that passed the validator: what `card!` and `message!`
/// build, and what the sender posts.
///
/// A message without runtime values is one `&'static str` (no allocation); one with
/// runtime values owns its text. `Display` and `Debug` show the JSON.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct JsonMessage {
    json: Cow<'static, str>,
}

impl JsonMessage {
    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.json
    }

    /// The JSON text, owned.
    pub fn into_string(self) -> String {
        self.json.into_owned()
    }

    /// The JSON text, borrowed when it is static (for zero-copy response bodies).
    #[cfg_attr(not(feature = "app-axum"), allow(dead_code))]
    pub(crate) fn into_cow(self) -> Cow<'static, str> {
        self.json
    }

    /// The size of the JSON text in bytes (what counts against Chat's 32,000-byte limit).
    pub fn len(&self) -> usize {
        self.json.len()
    }

    /// Whether the JSON text is empty (never true for a built message).
    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    /// Wraps JSON text the `card!` macro validated at compile time.
    #[doc(hidden)]
    pub const fn __from_static(json: &'static str) -> Self {
        JsonMessage {
            json: Cow::Borrowed(json),
        }
    }

    /// Wraps JSON text built and checked at runtime by the macro's writer.
    #[doc(hidden)]
    pub fn __from_string(json: String) -> Self {
        JsonMessage {
            json: Cow::Owned(json),
        }
    }
}

impl fmt::Display for JsonMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.json)
    }
}

impl fmt::Debug for JsonMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsonMessage").field(&self.json).finish()
    }
}

impl AsRef<str> for JsonMessage {
    fn as_ref(&self) -> &str {
        &self.json
    }
}

impl serde::Serialize for JsonMessage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw: &serde_json::value::RawValue =
            serde_json::from_str(&self.json).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}
