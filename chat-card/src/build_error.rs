//! [`BuildError`]: why a message could not be built from runtime data.

/// Why `card!` or `message!` could not build a message from the runtime values it was
/// given: a limit that only the data can break (widgets produced by a `for`, the size
/// of interpolated text), or trusted markup that failed its check.
///
/// Everything that does not depend on runtime data is checked when the program is
/// compiled; these are the remaining cases. Each message names the card or section and
/// says how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A card holds more widgets than Chat shows.
    #[error(
        "{card} has {count} widgets, more than the {max} Chat shows in one card (later \
         sections are dropped); split the items over several cards or messages, or \
         summarise them (for example `take({max})` and a \"and N more\" line)"
    )]
    TooManyWidgets {
        /// The card, as written in the macro (`card "db-alert"`).
        card: String,
        /// How many widgets the data produced.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A list got fewer items than it needs (for example an empty section after a `for`
    /// over an empty collection).
    #[error(
        "{place} has {count} {what}, but needs at least {min}: {why}; add an item for \
         the empty case (an `if list.is_empty() {{ text \"none\" }}`) or leave the list out"
    )]
    TooFewItems {
        /// Where, as written in the macro.
        place: String,
        /// What the items are (`widgets`, `columns`).
        what: &'static str,
        /// How many items the data produced.
        count: usize,
        /// The minimum.
        min: usize,
        /// Why the limit exists.
        why: &'static str,
    },
    /// A list got more items than it may hold.
    #[error(
        "{place} has {count} {what}, more than the {max} allowed: {why}; limit the data \
         (for example with `.take({max})`) or split it over several lists or messages"
    )]
    TooManyItems {
        /// Where, as written in the macro.
        place: String,
        /// What the items are.
        what: &'static str,
        /// How many items the data produced.
        count: usize,
        /// The maximum.
        max: usize,
        /// Why the limit exists.
        why: &'static str,
    },
    /// One card's JSON is larger than Chat accepts.
    #[error(
        "{card} is {bytes} bytes of JSON, more than the {max} bytes Chat accepts for one \
         card; shorten the interpolated text or split the content over several cards"
    )]
    CardTooLarge {
        /// The card, as written in the macro.
        card: String,
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The whole message is larger than Chat accepts.
    #[error(
        "the message is {bytes} bytes of JSON, more than the {max} bytes Chat accepts; \
         shorten the interpolated text or split the content over several messages"
    )]
    MessageTooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Markup passed as trusted is not in the card HTML subset.
    #[error("trusted markup is not valid card HTML: {message}")]
    InvalidMarkup {
        /// What is wrong with it and how to fix it.
        message: String,
    },
    /// Text built from runtime values is longer than its field allows (a thread key over
    /// 4,000 characters).
    #[error(
        "the {field} is {chars} characters long, more than the {max} Chat accepts; \
         use a shorter value (a hash of the long one keeps it unique)"
    )]
    TextTooLong {
        /// The field (`thread key`).
        field: &'static str,
        /// Its length in characters (as written in the JSON).
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A float value is NaN or infinite, which JSON cannot hold.
    #[error("{place} got {value}, which JSON cannot hold; pass a finite number")]
    NotFinite {
        /// The field, as written in the macro.
        place: String,
        /// The value (`NaN`, `inf`).
        value: String,
    },
    /// A value's `Display` implementation returned an error.
    #[error(
        "formatting a value for {place} failed (its `Display` implementation returned an error); fix that implementation"
    )]
    Format {
        /// The field, as written in the macro.
        place: String,
    },
    /// An integer from runtime data is outside what its field accepts.
    #[error(
        "{place} got {value}, but Chat accepts {accepts} there; bring the value into range \
         (for example with `.clamp(…)` or `.min(…)`) before building the message"
    )]
    IntOutOfRange {
        /// The field, as written in the macro.
        place: String,
        /// The value.
        value: i128,
        /// What the field accepts (`0 to 2147483647`, `one of -25, 0, 200`).
        accepts: &'static str,
    },
    /// A float from runtime data is outside what its field accepts.
    #[error(
        "{place} got {value}, but Chat accepts {accepts} there; bring the value into range \
         before building the message"
    )]
    FloatOutOfRange {
        /// The field, as written in the macro.
        place: String,
        /// The value.
        value: String,
        /// What the field accepts.
        accepts: &'static str,
    },
    /// A section keeps more widgets visible (`uncollapsible`) than the data gave it.
    #[error(
        "{place} keeps {count} widgets visible (`uncollapsible`), but has only {widgets}; \
         Chat refuses that: compute the count from the data (for example \
         `uncollapsible: 3.min(items.len())`), or leave it out when the list is short"
    )]
    TooManyUncollapsible {
        /// The section, as written in the macro.
        place: String,
        /// The uncollapsible count.
        count: i128,
        /// How many widgets the section got.
        widgets: usize,
    },
    /// A message got several cards and one of them has no id.
    #[error(
        "card {index} of the {cards} cards of the message has no id, and a message with \
         several cards needs one on each; give it one (`card (id) {{ … }}` or \
         `card \"summary-{{n}}\" {{ … }}`), unique within the message"
    )]
    MissingCardId {
        /// Which card (from 1).
        index: usize,
        /// How many cards the message got.
        cards: usize,
    },
    /// Two cards of one message got the same id from runtime data.
    #[error(
        "two cards of the message have the id `{id}`; Chat refuses that: make the ids \
         unique (for example add the loop's index: `card \"host-{{i}}\"`)"
    )]
    DuplicateCardId {
        /// The repeated id.
        id: String,
    },
}
