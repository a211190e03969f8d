//! ProtoJSON number forms: floats written like Google writes them (`1`, not `1.0`)
//! and int64 written as a JSON string.

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

/// Largest integer below which every integral f64 is exact (2^53).
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

/// Serializes an optional float, integral values as JSON integers.
pub(crate) fn serialize_opt_float<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match *value {
        None => serializer.serialize_none(),
        Some(v) if v.fract() == 0.0 && v.abs() < EXACT_INT => {
            // Exact: |v| < 2^53 and integral, so the cast loses nothing.
            #[allow(clippy::cast_possible_truncation)]
            serializer.serialize_i64(v as i64)
        }
        Some(v) => serializer.serialize_f64(v),
    }
}

/// Serializes an optional int64 as a JSON string (the ProtoJSON form).
pub(crate) fn serialize_opt_i64_string<S: Serializer>(
    value: &Option<i64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        None => serializer.serialize_none(),
        Some(v) => serializer.collect_str(v),
    }
}

/// Deserializes an optional int64 given as a JSON string or number.
pub(crate) fn deserialize_opt_i64_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an int64 as a JSON string like \"1700000000000\" or a number")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(V)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v)
                .map(Some)
                .map_err(|_| E::custom("int64 value too large: use at most 9223372036854775807"))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            v.trim().parse::<i64>().map(Some).map_err(|_| {
                E::custom(format!(
                    "`{v}` is not an int64: write milliseconds since the Unix epoch, like \"1700000000000\""
                ))
            })
        }
    }
    deserializer.deserialize_option(V)
}
