//! Runtime support for the code `card!` and `message!` expand to. Not a public API: its
//! items may change in any release.
//!
//! The expansion of a card with runtime values is one [`Writer`]: the static JSON
//! chunks (already escaped at compile time) are pushed as string literals, each hole is
//! escaped straight into the buffer, and the limits only runtime data can break are
//! checked on the way. The first problem is kept and returned by [`Writer::finish`].

use std::fmt;

use chat_card_core::escape::{self, Mode};

use crate::{BuildError, JsonMessage, TrustedHtml, WebUrl};

/// What the macro knows about a list whose length depends on runtime data.
#[derive(Debug)]
pub struct ListCheck {
    /// Where the list is, as written in the macro (`section "Details" of card "db-alert"`).
    pub place: &'static str,
    /// What its items are (`widgets`).
    pub what: &'static str,
    /// The fewest items allowed.
    pub min: usize,
    /// The most items allowed (`usize::MAX` when unlimited).
    pub max: usize,
    /// Why the limits exist.
    pub why: &'static str,
    /// Whether the items count towards the card's widget limit.
    pub widgets: bool,
}

/// What the macro knows about one card of a message with runtime values.
#[derive(Debug)]
pub struct CardCheck {
    /// The card, as written in the macro (`card "db-alert"`).
    pub name: &'static str,
    /// The most widgets a card may hold.
    pub max_widgets: usize,
    /// The most bytes of JSON a card may take.
    pub max_bytes: usize,
}

/// A value `card!` accepts where a whole URL comes from a runtime value.
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

/// A value `card!` accepts inside `trusted(…)`.
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

/// The buffer a card with runtime values is written into.
#[derive(Debug)]
pub struct Writer {
    buf: String,
    error: Option<BuildError>,
    lists: Vec<usize>,
    marks: Vec<usize>,
    card_start: usize,
    card_widgets: usize,
}

/// A runtime value on its way into a text hole. `(&Hole(&v)).html(w)` resolves to
/// [`HoleStr`] when `v` is a string type (escaped straight into the buffer) and to
/// [`HoleDisplay`] for any other `Display` value (method resolution tries `&Hole` before
/// `&&Hole`).
pub struct Hole<'a, T: ?Sized>(pub &'a T);

/// String types whose text is written without going through `fmt`.
pub trait StrValue {
    /// The text.
    fn str_value(&self) -> &str;
}

impl StrValue for str {
    #[inline]
    fn str_value(&self) -> &str {
        self
    }
}

impl StrValue for String {
    #[inline]
    fn str_value(&self) -> &str {
        self
    }
}

impl StrValue for std::borrow::Cow<'_, str> {
    #[inline]
    fn str_value(&self) -> &str {
        self
    }
}

impl StrValue for Box<str> {
    #[inline]
    fn str_value(&self) -> &str {
        self
    }
}

impl StrValue for std::rc::Rc<str> {
    #[inline]
    fn str_value(&self) -> &str {
        self
    }
}

impl StrValue for std::sync::Arc<str> {
    #[inline]
    fn str_value(&self) -> &str {
        self
    }
}

impl<T: StrValue + ?Sized> StrValue for &T {
    #[inline]
    fn str_value(&self) -> &str {
        (**self).str_value()
    }
}

/// The fast path of [`Hole`]: string values.
pub trait HoleStr {
    /// Plain text (JSON escaping).
    fn text(&self, w: &mut Writer);
    /// Card text (HTML, then JSON escaping).
    fn html(&self, w: &mut Writer);
    /// Message text (Chat markup neutralised, then JSON escaping).
    fn chat(&self, w: &mut Writer);
    /// A URL template hole (percent-encoding).
    fn url_part(&self, w: &mut Writer);
}

impl<T: StrValue + ?Sized> HoleStr for Hole<'_, T> {
    #[inline]
    fn text(&self, w: &mut Writer) {
        escape::json_into(&mut w.buf, self.0.str_value());
    }
    #[inline]
    fn html(&self, w: &mut Writer) {
        escape::html_into(&mut w.buf, self.0.str_value());
    }
    #[inline]
    fn chat(&self, w: &mut Writer) {
        escape::chat_markup_into(&mut w.buf, self.0.str_value());
    }
    #[inline]
    fn url_part(&self, w: &mut Writer) {
        escape::url_component_into(&mut w.buf, self.0.str_value());
    }
}

/// The general path of [`Hole`]: any `Display` value.
pub trait HoleDisplay {
    /// Plain text (JSON escaping).
    fn text(&self, w: &mut Writer);
    /// Card text (HTML, then JSON escaping).
    fn html(&self, w: &mut Writer);
    /// Message text (Chat markup neutralised, then JSON escaping).
    fn chat(&self, w: &mut Writer);
    /// A URL template hole (percent-encoding).
    fn url_part(&self, w: &mut Writer);
}

impl<T: fmt::Display + ?Sized> HoleDisplay for &Hole<'_, T> {
    #[inline]
    fn text(&self, w: &mut Writer) {
        w.text(self.0);
    }
    #[inline]
    fn html(&self, w: &mut Writer) {
        w.html(self.0);
    }
    #[inline]
    fn chat(&self, w: &mut Writer) {
        w.chat(self.0);
    }
    #[inline]
    fn url_part(&self, w: &mut Writer) {
        w.url_part(self.0);
    }
}

impl Writer {
    /// A writer with room for `capacity` bytes (the static length plus an estimate for
    /// the holes).
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        Writer {
            buf: String::with_capacity(capacity),
            error: None,
            lists: Vec::new(),
            marks: Vec::new(),
            card_start: 0,
            card_widgets: 0,
        }
    }

    /// Makes room before a loop for `count` iterations of about `per_item` bytes each
    /// (`count` is the iterator's lower size bound), so a long loop grows the buffer once.
    #[inline]
    pub fn reserve_items(&mut self, count: usize, per_item: usize) {
        self.buf.reserve(count.saturating_mul(per_item));
    }

    /// Appends pre-escaped static JSON.
    #[inline]
    pub fn push(&mut self, json: &str) {
        self.buf.push_str(json);
    }

    fn display<T: fmt::Display + ?Sized>(&mut self, value: &T, mode: Mode) {
        if escape::display_into(&mut self.buf, value, mode).is_err() {
            self.fail(BuildError::Format {
                place: "a value interpolated into the card".to_owned(),
            });
        }
    }

    /// Writes a value into plain text (JSON escaping only).
    #[inline]
    pub fn text<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        self.display(value, Mode::Json);
    }

    /// Writes a value into card text: HTML-escaped, then JSON-escaped.
    #[inline]
    pub fn html<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        self.display(value, Mode::Html);
    }

    /// Writes a value into message text: Chat markup neutralised, then JSON-escaped.
    #[inline]
    pub fn chat<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        self.display(value, Mode::ChatMarkup);
    }

    /// Writes a value into a URL template: percent-encoded.
    #[inline]
    pub fn url_part<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        self.display(value, Mode::UrlComponent);
    }

    /// Writes a whole checked URL (JSON-escaped).
    #[inline]
    pub fn url<U: UrlValue + ?Sized>(&mut self, url: &U) {
        escape::json_into(&mut self.buf, url.url_str());
    }

    /// Writes markup the caller vouched for (checked when it was created), JSON-escaped.
    #[inline]
    pub fn trusted<T: TrustedValue + ?Sized>(&mut self, markup: &T) {
        escape::json_into(&mut self.buf, markup.markup_str());
    }

    /// Writes `true` or `false`.
    #[inline]
    pub fn bool(&mut self, value: bool) {
        self.buf.push_str(if value { "true" } else { "false" });
    }

    /// Writes a 32-bit integer.
    #[inline]
    pub fn int(&mut self, value: i32) {
        self.display(&value, Mode::Json);
    }

    /// Writes the digits of a 64-bit integer (the quotes around it are static).
    #[inline]
    pub fn int64(&mut self, value: i64) {
        self.display(&value, Mode::Json);
    }

    /// Writes a finite float; NaN and infinities are an error.
    #[inline]
    pub fn float(&mut self, value: f64, place: &'static str) {
        if value.is_finite() {
            self.display(&value, Mode::Json);
        } else {
            self.buf.push('0');
            self.fail(BuildError::NotFinite {
                place: place.to_owned(),
                value: value.to_string(),
            });
        }
    }

    /// Starts a list whose length depends on runtime data.
    #[inline]
    pub fn list_open(&mut self) {
        self.buf.push('[');
        self.lists.push(0);
    }

    /// Starts one item of the innermost open list (writes the comma).
    #[inline]
    pub fn item(&mut self) {
        if let Some(count) = self.lists.last_mut() {
            if *count > 0 {
                self.buf.push(',');
            }
            *count += 1;
        }
    }

    /// Ends the innermost open list and checks its length.
    pub fn list_close(&mut self, check: &'static ListCheck) {
        self.buf.push(']');
        let count = self.lists.pop().unwrap_or(0);
        if check.widgets {
            self.card_widgets += count;
        }
        if count < check.min {
            self.fail(BuildError::TooFewItems {
                place: check.place.to_owned(),
                what: check.what,
                count,
                min: check.min,
                why: check.why,
            });
        } else if count > check.max {
            self.fail(BuildError::TooManyItems {
                place: check.place.to_owned(),
                what: check.what,
                count,
                max: check.max,
                why: check.why,
            });
        }
    }

    /// Counts widgets of a section whose widget list has a fixed length.
    #[inline]
    pub fn widgets(&mut self, count: usize) {
        self.card_widgets += count;
    }

    /// Marks the start of a text whose length is limited (a thread key).
    #[inline]
    pub fn limit_open(&mut self) {
        self.marks.push(self.buf.len());
    }

    /// Checks the text written since [`Writer::limit_open`] against `max` characters.
    pub fn limit_close(&mut self, max: usize, field: &'static str) {
        let start = self.marks.pop().unwrap_or(self.buf.len());
        let chars = self.buf.get(start..).map_or(0, |t| t.chars().count());
        if chars > max {
            self.fail(BuildError::TextTooLong { field, chars, max });
        }
    }

    /// Marks the start of a card's JSON object (for its size and widget count).
    #[inline]
    pub fn card_open(&mut self) {
        self.card_start = self.buf.len();
        self.card_widgets = 0;
    }

    /// Marks the end of a card's JSON object and checks its limits.
    pub fn card_close(&mut self, check: &'static CardCheck) {
        let widgets = self.card_widgets;
        if widgets > check.max_widgets {
            self.fail(BuildError::TooManyWidgets {
                card: check.name.to_owned(),
                count: widgets,
                max: check.max_widgets,
            });
        }
        let bytes = self.buf.len().saturating_sub(self.card_start);
        if bytes > check.max_bytes {
            self.fail(BuildError::CardTooLarge {
                card: check.name.to_owned(),
                bytes,
                max: check.max_bytes,
            });
        }
    }

    fn fail(&mut self, error: BuildError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// The message, or the first limit it broke.
    pub fn finish(self, max_message_bytes: usize) -> Result<JsonMessage, BuildError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if self.buf.len() > max_message_bytes {
            return Err(BuildError::MessageTooLarge {
                bytes: self.buf.len(),
                max: max_message_bytes,
            });
        }
        Ok(JsonMessage::__from_string(self.buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: ListCheck = ListCheck {
        place: "section 1 of card 1",
        what: "widgets",
        min: 1,
        max: 2,
        why: "test",
        widgets: true,
    };
    static CARD: CardCheck = CardCheck {
        name: "card 1",
        max_widgets: 2,
        max_bytes: 100,
    };

    #[test]
    fn lists_get_commas_and_counts() {
        let mut w = Writer::with_capacity(16);
        w.card_open();
        w.widgets(1);
        w.list_open();
        for n in 0..2 {
            w.item();
            w.int(n);
        }
        w.list_close(&LIST);
        w.card_close(&CARD);
        assert!(matches!(
            w.finish(1000),
            Err(BuildError::TooManyWidgets { count: 3, .. })
        ));
    }

    #[test]
    fn empty_and_long_lists_fail() {
        let mut w = Writer::with_capacity(0);
        w.list_open();
        w.list_close(&LIST);
        assert!(matches!(
            w.finish(1000),
            Err(BuildError::TooFewItems { count: 0, .. })
        ));
        let mut w = Writer::with_capacity(0);
        w.list_open();
        for _ in 0..3 {
            w.item();
            w.push("1");
        }
        w.list_close(&LIST);
        assert!(matches!(
            w.finish(1000),
            Err(BuildError::TooManyItems { count: 3, .. })
        ));
    }

    #[test]
    fn holes_are_escaped_per_mode() {
        let mut w = Writer::with_capacity(0);
        w.html("<b>");
        w.push("|");
        w.chat("*x*");
        w.push("|");
        w.url_part("a b");
        w.push("|");
        w.text("\"");
        w.float(f64::NAN, "x");
        assert!(matches!(w.finish(1000), Err(BuildError::NotFinite { .. })));
        let mut w = Writer::with_capacity(0);
        w.html("<b>");
        w.url_part("a b");
        assert_eq!(w.finish(1000).unwrap().as_str(), "&lt;b&gt;a%20b");
    }

    #[test]
    fn message_size_is_checked() {
        let mut w = Writer::with_capacity(0);
        w.push("0123456789");
        assert!(matches!(
            w.finish(5),
            Err(BuildError::MessageTooLarge { bytes: 10, max: 5 })
        ));
    }
}
