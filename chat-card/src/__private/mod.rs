//! Runtime support for the code `card!` and `message!` expand to. Not a public API: its
//! items may change in any release.
//!
//! The expansion of a card with runtime values is one [`Writer`]: the static JSON
//! chunks (already escaped at compile time) are pushed as string literals, each hole is
//! escaped straight into the buffer, and the limits only runtime data can break are
//! checked on the way. The first problem is kept and returned by [`Writer::finish`].

use std::fmt::{self, Write as _};

use chat_card_core::escape::{self, Mode};

use crate::{BuildError, JsonMessage};

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

/// What the macro knows about a runtime integer field: the range Chat accepts.
#[derive(Debug)]
pub struct IntCheck {
    /// The field, as written in the macro (`` `max_lines` in section "Details" ``).
    pub place: &'static str,
    /// The smallest value accepted.
    pub min: i64,
    /// The largest value accepted.
    pub max: i64,
    /// When not empty, the only values accepted.
    pub one_of: &'static [i64],
    /// What the field accepts, for the message (`0 to 2147483647`).
    pub accepts: &'static str,
}

/// What the macro knows about a runtime float field.
#[derive(Debug)]
pub struct FloatCheck {
    /// The field, as written in the macro.
    pub place: &'static str,
    /// The smallest value accepted (inclusive).
    pub min: f64,
    /// The largest value accepted (inclusive).
    pub max: f64,
    /// Whether the value must be greater than zero.
    pub positive: bool,
    /// What the field accepts, for the message.
    pub accepts: &'static str,
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
    /// Where the id of the message's first card is in `buf` (outer `None`: no card yet;
    /// inner `None`: no id).
    first_card_id: Option<Option<(usize, usize)>>,
    /// The ids of the later cards (allocated only for messages with several cards).
    more_card_ids: Vec<Option<(usize, usize)>>,
    id_start: usize,
    pending_id: Option<(usize, usize)>,
}

/// A runtime value on its way into a text hole. `(&Hole(&v)).html(w)` resolves to
/// [`HoleStr`] when `v` is a string type (escaped straight into the buffer) and to
/// [`TextHole`](crate::value::TextHole) for any other value (method resolution tries
/// `&Hole` before `&&Hole`); that one requires [`TextValue`](crate::value::TextValue),
/// whose message says what to do with a value that is not `Display`.
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
    /// The label of a link in message text.
    fn chat_label(&self, w: &mut Writer);
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
    #[inline]
    fn chat_label(&self, w: &mut Writer) {
        escape::chat_label_into(&mut w.buf, self.0.str_value());
    }
}

/// The path of [`Hole`] for `value::Identifier` (implemented beside it): message text
/// without the zero-width space after `_`; every other field as usual.
pub trait HoleIdentifier {
    /// Plain text.
    fn text(&self, w: &mut Writer);
    /// Card text.
    fn html(&self, w: &mut Writer);
    /// Message text, `_` kept as is.
    fn chat(&self, w: &mut Writer);
    /// A URL template hole.
    fn url_part(&self, w: &mut Writer);
    /// The label of a link in message text.
    fn chat_label(&self, w: &mut Writer);
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
            first_card_id: None,
            more_card_ids: Vec::new(),
            id_start: 0,
            pending_id: None,
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

    pub(crate) fn display<T: fmt::Display + ?Sized>(&mut self, value: &T, mode: Mode) {
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

    /// Writes a value into the label of a link in message text.
    #[inline]
    pub fn chat_label<T: fmt::Display + ?Sized>(&mut self, value: &T) {
        self.display(value, Mode::ChatLinkLabel);
    }

    /// Writes a whole checked URL (JSON-escaped).
    #[inline]
    pub fn url(&mut self, url: &str) {
        escape::json_into(&mut self.buf, url);
    }

    /// Writes markup the caller vouched for (checked when it was created), JSON-escaped.
    #[inline]
    pub fn trusted(&mut self, markup: &str) {
        escape::json_into(&mut self.buf, markup);
    }

    /// Writes `true` or `false`.
    #[inline]
    pub fn bool(&mut self, value: bool) {
        self.buf.push_str(if value { "true" } else { "false" });
    }

    /// Writes an integer (for an int64 field the quotes around it are static) and checks
    /// it against what the field accepts. Returns the value.
    #[inline]
    pub fn int(&mut self, value: i128, check: &'static IntCheck) -> i128 {
        // Digits need no escaping; writing into a `String` cannot fail.
        let _ = write!(self.buf, "{value}");
        let fits = i128::from(check.min) <= value
            && value <= i128::from(check.max)
            && (check.one_of.is_empty() || check.one_of.iter().any(|v| i128::from(*v) == value));
        if !fits {
            self.fail(BuildError::IntOutOfRange {
                place: check.place.to_owned(),
                value,
                accepts: check.accepts,
            });
        }
        value
    }

    /// Writes a finite float within the field's range; NaN, infinities and values
    /// outside it are an error.
    #[inline]
    pub fn float(&mut self, value: f64, check: &'static FloatCheck) {
        if !value.is_finite() {
            self.buf.push('0');
            self.fail(BuildError::NotFinite {
                place: check.place.to_owned(),
                value: value.to_string(),
            });
            return;
        }
        self.display(&value, Mode::Json);
        if value < check.min || value > check.max || (check.positive && value <= 0.0) {
            self.fail(BuildError::FloatOutOfRange {
                place: check.place.to_owned(),
                value: value.to_string(),
                accepts: check.accepts,
            });
        }
    }

    /// Checks a section's uncollapsible count against the widgets it got.
    pub fn uncollapsible(&mut self, count: i128, widgets: usize, place: &'static str) {
        if count > widgets as i128 {
            self.fail(BuildError::TooManyUncollapsible {
                place: place.to_owned(),
                count,
                widgets,
            });
        }
    }

    /// Marks the start of a card's id.
    #[inline]
    pub fn id_open(&mut self) {
        self.id_start = self.buf.len();
    }

    /// Marks the end of a card's id.
    #[inline]
    pub fn id_close(&mut self) {
        self.pending_id = Some((self.id_start, self.buf.len()));
    }

    /// Checks the ids of the message's cards once they are all written: with several
    /// cards, each needs an id of its own.
    pub fn cards_done(&mut self) {
        let first = self.first_card_id.take();
        let more = std::mem::take(&mut self.more_card_ids);
        let Some(first) = first else { return };
        if more.is_empty() {
            return;
        }
        let ids: Vec<Option<(usize, usize)>> = std::iter::once(first).chain(more).collect();
        for (i, id) in ids.iter().enumerate() {
            let Some((start, end)) = *id else {
                self.fail(BuildError::MissingCardId {
                    index: i + 1,
                    cards: ids.len(),
                });
                return;
            };
            let text = self.buf.get(start..end).unwrap_or("");
            let repeated = ids[..i]
                .iter()
                .flatten()
                .any(|&(s, e)| self.buf.get(s..e) == Some(text));
            if repeated {
                // The id as written: a JSON string, quotes included.
                let id = serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned());
                self.fail(BuildError::DuplicateCardId { id });
                return;
            }
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

    /// Ends the innermost open list and checks its length; returns the length.
    pub fn list_close(&mut self, check: &'static ListCheck) -> usize {
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
        count
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
        let id = self.pending_id.take();
        if self.first_card_id.is_none() {
            self.first_card_id = Some(id);
        } else {
            self.more_card_ids.push(id);
        }
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
mod tests;
