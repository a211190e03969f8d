//! Backoff arithmetic and server wait hints (`Retry-After`), shared by both senders.

use std::time::{Duration, SystemTime};

/// The wait before retry number `retry` (1 for the first retry): "equal jitter" over an
/// exponential base, `d / 2 + rand(0, d / 2)` with `d = min(cap, base · 2^(retry-1))`.
/// `unit` is a random number in `[0, 1]`.
pub(crate) fn backoff_delay(base: Duration, cap: Duration, retry: u32, unit: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(31);
    let full = base.saturating_mul(1u32 << exponent).min(cap);
    let unit = if unit.is_finite() {
        unit.clamp(0.0, 1.0)
    } else {
        0.0
    };
    full / 2 + (full / 2).mul_f64(unit)
}

/// The wait an answer's `Retry-After` header asks for, if it has a readable one.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()))
}

/// Parses a `Retry-After` header: delta-seconds or an HTTP-date (relative to `now`).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn bounds_per_retry() {
        let cap = Duration::from_secs(32);
        assert_eq!(backoff_delay(S, cap, 1, 0.0), Duration::from_millis(500));
        assert_eq!(backoff_delay(S, cap, 1, 1.0), S);
        assert_eq!(backoff_delay(S, cap, 4, 1.0), Duration::from_secs(8));
        assert_eq!(backoff_delay(S, cap, 10, 1.0), cap);
        assert_eq!(backoff_delay(S, cap, u32::MAX, 1.0), cap);
        assert_eq!(backoff_delay(S, cap, 2, f64::NAN), S);
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(5)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    proptest! {
        #[test]
        fn delay_within_equal_jitter_bounds(retry in 1u32..40, unit in 0.0f64..=1.0) {
            let cap = Duration::from_secs(32);
            let d = backoff_delay(S, cap, retry, unit);
            let full = S.saturating_mul(1u32 << (retry - 1).min(31)).min(cap);
            prop_assert!(d >= full / 2 && d <= full);
        }

        #[test]
        fn retry_after_never_panics(s in ".{0,40}") {
            let _ = parse_retry_after(&s, SystemTime::now());
        }
    }
}
