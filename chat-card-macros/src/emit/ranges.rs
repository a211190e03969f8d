//! What the runtime checks compare against: a count known now or bound at runtime, a
//! section's uncollapsible check, and the range an integer field accepts.

use chat_card_core::schema::IntRule;
use proc_macro2::Ident;

/// How a section's count or its widgets' count is known.
pub(super) enum Count {
    /// At compile time.
    Known(i128),
    /// At runtime, in this variable.
    Bound(Ident),
}

/// The runtime check of a section's uncollapsible count.
pub(super) struct Uncollapsible {
    pub(super) count: Count,
    pub(super) widgets: Count,
    pub(super) place: String,
}

/// What an integer field accepts.
pub(super) struct IntRange {
    pub(super) min: i64,
    pub(super) max: i64,
    pub(super) one_of: &'static [i64],
    pub(super) accepts: String,
}

pub(super) fn int_range(rule: IntRule) -> IntRange {
    let (min, max) = (i64::from(i32::MIN), i64::from(i32::MAX));
    match rule {
        IntRule::Any => IntRange {
            min,
            max,
            one_of: &[],
            accepts: format!("{min} to {max}"),
        },
        IntRule::AtLeast(at_least) => IntRange {
            min: at_least,
            max,
            one_of: &[],
            accepts: format!("{at_least} to {max}"),
        },
        IntRule::OneOf(values) => IntRange {
            min,
            max,
            one_of: values,
            accepts: format!(
                "only {}",
                values
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    }
}

pub(super) fn int64_range() -> IntRange {
    IntRange {
        min: i64::MIN,
        max: i64::MAX,
        one_of: &[],
        accepts: "a 64-bit integer".to_owned(),
    }
}
