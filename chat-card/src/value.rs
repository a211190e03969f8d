//! The types `card!`, `message!` and `dialog!` accept for runtime values, one trait per
//! kind of field. A value of the wrong type is a compile error on the value, worded by
//! these traits (what the field takes and how to get there from what you have).
//!
//! | Field | Takes | Trait |
//! |---|---|---|
//! | text, and every `{hole}` in a string | anything that implements `Display` | [`TextValue`] |
//! | a whole URL (`link: url`) | a [`WebUrl`] | [`UrlValue`] |
//! | `trusted(…)` | a [`TrustedHtml`] | [`TrustedValue`] |
//! | booleans | `bool` | [`BoolValue`] |
//! | integers | any integer type (`i32`, `usize`, `u8`, …); out of range for Chat is a [`BuildError`](crate::BuildError) | [`IntValue`] |
//! | floats | `f64`, `f32` | [`FloatValue`] |
//!
//! References to any of these work too (`&String`, `&usize`, `&WebUrl`).
//!
//! ```
//! use chat_card::card;
//! let lines = vec!["a", "b", "c"];
//! // `max_lines` takes the `usize` of `len()` as it is
//! let msg = card! { section { text "{lines:?}" { max_lines: lines.len() } } }?;
//! assert!(msg.as_str().contains(r#""maxLines":3"#));
//! # Ok::<(), chat_card::BuildError>(())
//! ```

use std::fmt;

use crate::__private::{Hole, HoleIdentifier, Writer};
use crate::{TrustedHtml, WebUrl};

/// A value that can fill a text field or a `{hole}` in a string: anything that
/// implements [`Display`](fmt::Display). It is escaped for where it lands.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written as text by `card!`: it does not implement `Display`",
    label = "this value (or a `{{hole}}` in this string) is `{Self}`, which has no `Display`",
    note = "for an `Option`, give the text for `None`: `{{name.as_deref().unwrap_or(\"none\")}}` or `.unwrap_or_default()`; or put the widget in `if let Some(name) = &name {{ … }}`",
    note = "for a list, join it: `{{names.join(\", \")}}`; or write one widget per item with `for name in &names {{ … }}`",
    note = "for a value that only has `Debug`, write `{{value:?}}`"
)]
pub trait TextValue {
    /// Formats the value (its `Display`).
    #[doc(hidden)]
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: fmt::Display + ?Sized> TextValue for T {
    #[inline]
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// How a `{hole}` is written: any [`TextValue`] through the formatting machinery (string
/// types take a faster path first). Used by the macros' expansion; not for direct use.
#[doc(hidden)]
pub trait TextHole<T: ?Sized> {
    /// Plain text.
    fn text(&self, w: &mut Writer)
    where
        T: TextValue;
    /// Card text.
    fn html(&self, w: &mut Writer)
    where
        T: TextValue;
    /// Message text.
    fn chat(&self, w: &mut Writer)
    where
        T: TextValue;
    /// A URL template, or the URL of a link in message text.
    fn url_part(&self, w: &mut Writer)
    where
        T: TextValue;
    /// The label of a link in message text.
    fn chat_label(&self, w: &mut Writer)
    where
        T: TextValue;
}

impl<T: ?Sized> TextHole<T> for &Hole<'_, T> {
    #[inline]
    fn text(&self, w: &mut Writer)
    where
        T: TextValue,
    {
        w.text(&Shown(self.0));
    }
    #[inline]
    fn html(&self, w: &mut Writer)
    where
        T: TextValue,
    {
        w.html(&Shown(self.0));
    }
    #[inline]
    fn chat(&self, w: &mut Writer)
    where
        T: TextValue,
    {
        w.chat(&Shown(self.0));
    }
    #[inline]
    fn url_part(&self, w: &mut Writer)
    where
        T: TextValue,
    {
        w.url_part(&Shown(self.0));
    }
    #[inline]
    fn chat_label(&self, w: &mut Writer)
    where
        T: TextValue,
    {
        w.chat_label(&Shown(self.0));
    }
}

/// A [`TextValue`] shown through its `Display`.
struct Shown<'a, T: ?Sized>(&'a T);

impl<T: TextValue + ?Sized> fmt::Display for Shown<'_, T> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_value(f)
    }
}

/// An identifier for message text, written without the zero-width space `message!`
/// puts after `_` in holes (`db_1` stays `db_1`, so a reader who copies it gets the
/// real name). Everything else is escaped as usual: `<`, `*`, `~` and `` ` `` still get
/// a zero-width space, so no link, mention, bold, strike or code can form.
///
/// The trade-off: a value with `_` at both ends of a word (`_draft_`) may show in
/// italics. Use it for names you control (hosts, job ids), not free text. In other
/// fields it changes nothing.
///
/// ```
/// use chat_card::message;
/// use chat_card::value::Identifier;
/// let host = "db_1";
/// let msg = message! { text: "*{Identifier(host)}* is down, see {host}" }?;
/// assert!(msg.as_str().contains("*db_1* is down, see db_\u{200B}1"));
/// # Ok::<(), chat_card::BuildError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Identifier<T>(pub T);

impl<T: fmt::Display> fmt::Display for Identifier<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A value for a field that takes a whole URL: a [`WebUrl`], checked where the data
/// entered the program.
#[diagnostic::on_unimplemented(
    message = "a whole-URL value in `card!` must be a `chat_card::WebUrl`, not `{Self}`",
    label = "expected a checked `chat_card::WebUrl` here",
    note = "check the text once where it enters the program: `chat_card::WebUrl::parse(&text)?`",
    note = "or keep the scheme and host literal and interpolate the rest: \"https://example.com/item/{{id}}\""
)]
pub trait UrlValue {
    /// The checked URL text.
    fn url_str(&self) -> &str;
}

impl UrlValue for WebUrl {
    fn url_str(&self) -> &str {
        self.as_str()
    }
}

impl<T: UrlValue + ?Sized> UrlValue for &T {
    fn url_str(&self) -> &str {
        (**self).url_str()
    }
}

/// A value inside `trusted(…)`: a [`TrustedHtml`], checked against the card HTML subset
/// when it was made.
#[diagnostic::on_unimplemented(
    message = "`trusted(…)` in `card!` takes a `chat_card::TrustedHtml`, not `{Self}`",
    label = "expected a `chat_card::TrustedHtml` here",
    note = "check the markup once: `chat_card::TrustedHtml::new(html)?`; or drop `trusted(…)` to have the value escaped"
)]
pub trait TrustedValue {
    /// The checked markup.
    fn markup_str(&self) -> &str;
}

impl TrustedValue for TrustedHtml {
    fn markup_str(&self) -> &str {
        self.as_str()
    }
}

impl<T: TrustedValue + ?Sized> TrustedValue for &T {
    fn markup_str(&self) -> &str {
        (**self).markup_str()
    }
}

/// A value for a boolean field: a `bool`.
#[diagnostic::on_unimplemented(
    message = "this field of `card!` takes a `bool`, not `{Self}`",
    label = "expected `true` or `false` here",
    note = "compare to get a `bool`: `collapsible: rows.len() > 3`, `disabled: state == \"closed\"`"
)]
pub trait BoolValue {
    /// The value.
    fn to_bool(&self) -> bool;
}

impl BoolValue for bool {
    #[inline]
    fn to_bool(&self) -> bool {
        *self
    }
}

impl<T: BoolValue + ?Sized> BoolValue for &T {
    #[inline]
    fn to_bool(&self) -> bool {
        (**self).to_bool()
    }
}

/// A value for an integer field: any primitive integer type. The value is checked
/// against what Chat accepts for the field when the message is built; outside it, the
/// build returns [`BuildError::IntOutOfRange`](crate::BuildError::IntOutOfRange).
#[diagnostic::on_unimplemented(
    message = "this field of `card!` takes an integer, not `{Self}`",
    label = "expected an integer here (any integer type: `i32`, `usize`, `u8`, …)",
    note = "parse text first (`text.parse::<i32>()?`), or round a float (`x.round() as i64`)"
)]
pub trait IntValue {
    /// The value, widened.
    fn to_i128(&self) -> i128;
}

macro_rules! int_values {
    ($($t:ty),*) => {$(
        impl IntValue for $t {
            #[inline]
            fn to_i128(&self) -> i128 {
                i128::try_from(*self).unwrap_or(i128::MAX)
            }
        }
    )*};
}
int_values!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl<T: IntValue + ?Sized> IntValue for &T {
    #[inline]
    fn to_i128(&self) -> i128 {
        (**self).to_i128()
    }
}

/// A value for a float field: `f64` or `f32`. NaN and infinities, and values outside the
/// field's range, are a [`BuildError`](crate::BuildError) when the message is built.
#[diagnostic::on_unimplemented(
    message = "this field of `card!` takes a float (`f64` or `f32`), not `{Self}`",
    label = "expected a float here",
    note = "convert an integer with `f64::from(n)`"
)]
pub trait FloatValue {
    /// The value, widened.
    fn to_f64(&self) -> f64;
}

impl FloatValue for f64 {
    #[inline]
    fn to_f64(&self) -> f64 {
        *self
    }
}

impl FloatValue for f32 {
    #[inline]
    fn to_f64(&self) -> f64 {
        f64::from(*self)
    }
}

impl<T: FloatValue + ?Sized> FloatValue for &T {
    #[inline]
    fn to_f64(&self) -> f64 {
        (**self).to_f64()
    }
}

/// Message text holds an identifier as written (no zero-width space after `_`).
impl<T: std::fmt::Display> HoleIdentifier for Hole<'_, Identifier<T>> {
    fn text(&self, w: &mut Writer) {
        w.text(self.0);
    }
    fn html(&self, w: &mut Writer) {
        w.html(self.0);
    }
    fn chat(&self, w: &mut Writer) {
        w.display(self.0, chat_card_core::escape::Mode::ChatIdentifier);
    }
    fn url_part(&self, w: &mut Writer) {
        w.url_part(self.0);
    }
    fn chat_label(&self, w: &mut Writer) {
        w.chat_label(self.0);
    }
}
