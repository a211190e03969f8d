//! The filters a message template can use besides MiniJinja's built-ins (`title`,
//! `upper`, `lower`, `default`, `join`, `tojson`, `replace`, `length`, …):
//!
//! | filter | what it does |
//! |---|---|
//! | `card_html` | escapes `&`, `<` and `>` for card text, so a value cannot add markup or a `<users/all>` mention |
//! | `web_url` | the value when it is an `http(s)` URL with a host (as Chat opens it), otherwise `none` |
//! | `regex_replace(pattern, replacement)` | replaces every match (Rust `regex` syntax, `$1` for groups); the pattern is size-bounded |
//! | `truncate(length=255, end="…")` | cuts a string to `length` characters, `end` included |
//! | `datetimeformat(format="medium", tz=…)`, alias `date` | formats an RFC 3339 time or a Unix timestamp in a time zone (`tz="Europe/Paris"`) |
//! | `dateformat`, `timeformat` | the date or the time alone, same arguments |
//! | `since` | how long ago an RFC 3339 time or Unix timestamp was, from the notification's `now`: `3m ago`, `in 2h` |
//! | `humanize_duration` | a number of seconds as `1h 2m`, `3d 4h`, `45s` |
//!
//! Date formats follow the `time` crate's format descriptions (version 2), plus the names
//! `short`, `medium`, `long`, `full`, `iso` and `unix`.

use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The largest compiled regular expression `regex_replace` builds (bytes).
pub const MAX_REGEX_BYTES: usize = 256 * 1024;

/// Adds the relay's filters to `env`.
pub(super) fn register(env: &mut Environment<'static>) {
    env.add_filter("card_html", card_html);
    env.add_filter("web_url", web_url);
    env.add_filter("regex_replace", regex_replace);
    env.add_filter("truncate", truncate);
    env.add_filter("since", since);
    env.add_filter("humanize_duration", humanize_duration);
    env.add_filter("datetimeformat", minijinja_contrib::filters::datetimeformat);
    env.add_filter("date", minijinja_contrib::filters::datetimeformat);
    env.add_filter("dateformat", minijinja_contrib::filters::dateformat);
    env.add_filter("timeformat", minijinja_contrib::filters::timeformat);
}

/// Escapes text for card text (Chat's HTML subset): `&`, `<` and `>`.
pub fn escape_card_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn card_html(value: &Value) -> String {
    match value.kind() {
        ValueKind::None | ValueKind::Undefined => String::new(),
        _ => match value.as_str() {
            Some(s) => escape_card_html(s),
            None => escape_card_html(&value.to_string()),
        },
    }
}

fn web_url(value: &Value) -> Value {
    value
        .as_str()
        .and_then(|s| chat_card::WebUrl::parse(s).ok())
        .map(|u| Value::from(u.as_str()))
        .unwrap_or(Value::from(()))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, message.into())
}

fn regex_replace(value: &str, pattern: &str, replacement: &str) -> Result<String, Error> {
    let re = regex::RegexBuilder::new(pattern)
        .size_limit(MAX_REGEX_BYTES)
        .dfa_size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|e| invalid(format!("regex_replace: invalid pattern: {e}")))?;
    Ok(re.replace_all(value, replacement).into_owned())
}

fn truncate(value: &Value, length: Option<usize>, kwargs: Kwargs) -> Result<String, Error> {
    let length = match length {
        Some(n) => n,
        None => kwargs.get::<Option<usize>>("length")?.unwrap_or(255),
    };
    let end = kwargs.get::<Option<&str>>("end")?.unwrap_or("…");
    kwargs.assert_all_used()?;
    let text = match value.as_str() {
        Some(s) => s.to_owned(),
        None if matches!(value.kind(), ValueKind::None | ValueKind::Undefined) => String::new(),
        None => value.to_string(),
    };
    if text.chars().count() <= length {
        return Ok(text);
    }
    let end_len = end.chars().count();
    if length < end_len {
        return Err(invalid(format!(
            "truncate: the length ({length}) is shorter than the end marker `{end}`"
        )));
    }
    let mut out: String = text.chars().take(length - end_len).collect();
    out.push_str(end);
    Ok(out)
}

/// Reads a time: RFC 3339 text or a Unix timestamp in seconds.
fn to_time(value: &Value) -> Result<OffsetDateTime, Error> {
    if let Some(s) = value.as_str() {
        return OffsetDateTime::parse(s, &Rfc3339)
            .map_err(|e| invalid(format!("`{s}` is not an RFC 3339 time: {e}")));
    }
    let secs = f64::try_from(value.clone())
        .map_err(|_| invalid("expected an RFC 3339 time or a Unix timestamp"))?;
    if !secs.is_finite() || secs.abs() > 1e13 {
        return Err(invalid("the timestamp is out of range"));
    }
    OffsetDateTime::from_unix_timestamp_nanos((secs * 1e9) as i128)
        .map_err(|_| invalid("the timestamp is out of range"))
}

fn since(state: &State, value: &Value) -> Result<String, Error> {
    let then = to_time(value)?;
    let now = state
        .lookup("now")
        .ok_or_else(|| invalid("since: the context has no `now`"))?;
    let now = to_time(&now)?;
    let seconds = (now - then).whole_seconds();
    Ok(if seconds >= 0 {
        format!("{} ago", human(seconds.unsigned_abs()))
    } else {
        format!("in {}", human(seconds.unsigned_abs()))
    })
}

fn humanize_duration(value: &Value) -> Result<String, Error> {
    let secs = match value.as_str() {
        Some(s) => s.trim().parse::<f64>().map_err(|_| {
            invalid(format!(
                "humanize_duration: `{s}` is not a number of seconds"
            ))
        })?,
        None => f64::try_from(value.clone())
            .map_err(|_| invalid("humanize_duration: expected a number of seconds"))?,
    };
    if !secs.is_finite() {
        return Err(invalid(
            "humanize_duration: expected a finite number of seconds",
        ));
    }
    let whole = secs.abs().min(u64::MAX as f64) as u64;
    let text = human(whole);
    Ok(if secs < 0.0 { format!("-{text}") } else { text })
}

/// `45s`, `3m`, `3m 20s`, `2h 5m`, `3d 4h`: the two largest units.
pub fn human(seconds: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")];
    if seconds == 0 {
        return "0s".into();
    }
    let mut parts = Vec::with_capacity(2);
    let mut rest = seconds;
    for (size, unit) in UNITS {
        if parts.len() == 2 {
            break;
        }
        let n = rest / size;
        if n > 0 {
            parts.push(format!("{n}{unit}"));
            rest %= size;
        } else if !parts.is_empty() {
            break;
        }
    }
    parts.join(" ")
}
