//! The host-independent part of an event (`common`): the invoked function, its
//! parameters, and what the user entered in the card or dialog (`formInputs`).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// `common`: the invoked function, its parameters, the form inputs, and the user's
/// locale and time zone when the app asked for them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CommonEventObject {
    /// The name of the function a card action invoked (`invokedFunction`).
    pub invoked_function: Option<String>,
    /// The action's parameters (`parameters`).
    pub parameters: BTreeMap<String, String>,
    /// The current values of the card's or dialog's inputs, by widget name.
    pub form_inputs: BTreeMap<String, Inputs>,
    /// `userLocale`, like `en-US` (off unless the app asks for it).
    pub user_locale: Option<String>,
    /// `hostApp` (`CHAT` for Chat apps).
    pub host_app: Option<String>,
    /// `platform` (`WEB`, `IOS`, `ANDROID`).
    pub platform: Option<String>,
    /// `timeZone` (off unless the app asks for it).
    pub time_zone: Option<TimeZone>,
}

/// The user's time zone (`common.timeZone`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct TimeZone {
    /// The IANA id, like `America/Toronto`.
    pub id: String,
    /// The offset from UTC in milliseconds.
    #[serde(deserialize_with = "lenient_i64")]
    pub offset: i64,
}

/// The value of one input widget (`formInputs[name]`): one of the fields is set,
/// depending on the widget.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Inputs {
    /// Text inputs and selection inputs (all selected values).
    pub string_inputs: Option<StringInputs>,
    /// A date-only date-time picker.
    pub date_input: Option<DateInput>,
    /// A time-only date-time picker.
    pub time_input: Option<TimeInput>,
    /// A date-and-time picker.
    pub date_time_input: Option<DateTimeInput>,
}

/// `stringInputs`: one value for a text input, every selected value for a selection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct StringInputs {
    /// The values.
    pub value: Vec<String>,
}

/// `dateInput`: a date, as milliseconds since the Unix epoch (midnight UTC of the day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct DateInput {
    /// Milliseconds since the Unix epoch (sent as a string or a number).
    #[serde(deserialize_with = "lenient_i64")]
    pub ms_since_epoch: i64,
}

/// `timeInput`: a time of day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct TimeInput {
    /// The hour, 0 to 23.
    #[serde(deserialize_with = "lenient_i64")]
    pub hours: i64,
    /// The minute, 0 to 59.
    #[serde(deserialize_with = "lenient_i64")]
    pub minutes: i64,
}

/// `dateTimeInput`: a point in time, and which parts the user set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct DateTimeInput {
    /// Milliseconds since the Unix epoch (sent as a string or a number).
    #[serde(deserialize_with = "lenient_i64")]
    pub ms_since_epoch: i64,
    /// Whether it includes a date.
    pub has_date: bool,
    /// Whether it includes a time.
    pub has_time: bool,
}

impl CommonEventObject {
    /// The first value of a text or selection input named `name`.
    pub fn string_input(&self, name: &str) -> Option<&str> {
        self.string_inputs(name).first().map(String::as_str)
    }

    /// Every value of a string input named `name` (all selected items of a multi-select;
    /// empty when absent).
    pub fn string_inputs(&self, name: &str) -> &[String] {
        self.form_inputs
            .get(name)
            .and_then(|i| i.string_inputs.as_ref())
            .map_or(&[], |s| s.value.as_slice())
    }

    /// A date input named `name`, as milliseconds since the Unix epoch.
    pub fn date_input(&self, name: &str) -> Option<i64> {
        let input = self.form_inputs.get(name)?;
        input
            .date_input
            .map(|d| d.ms_since_epoch)
            .or_else(|| input.date_time_input.map(|d| d.ms_since_epoch))
    }

    /// A time input named `name`, as `(hours, minutes)`.
    pub fn time_input(&self, name: &str) -> Option<(i64, i64)> {
        self.form_inputs
            .get(name)?
            .time_input
            .map(|t| (t.hours, t.minutes))
    }

    /// A date-and-time input named `name`.
    pub fn date_time_input(&self, name: &str) -> Option<DateTimeInput> {
        self.form_inputs.get(name)?.date_time_input
    }
}

/// An integer sent as a JSON number or as a string of digits (the API's int64 fields
/// are strings; some senders use numbers). Anything else reads as 0 rather than failing
/// the whole event.
fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Num {
        Int(i64),
        Float(f64),
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Num::deserialize(d)? {
        Num::Int(n) => n,
        // Truncation is the intent: milliseconds have no fraction.
        Num::Float(f) if f.is_finite() => f as i64,
        Num::Text(s) => s.trim().parse().unwrap_or(0),
        Num::Float(_) | Num::Other(_) => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_read_strings_numbers_and_selections() {
        let common: CommonEventObject = serde_json::from_str(
            r#"{
              "invokedFunction": "submit",
              "parameters": {"step": "2"},
              "formInputs": {
                "name": {"stringInputs": {"value": ["Ana"]}},
                "tags": {"stringInputs": {"value": ["a", "b"]}},
                "day": {"dateInput": {"msSinceEpoch": "1700000000000"}},
                "at": {"timeInput": {"hours": 9, "minutes": 30}},
                "when": {"dateTimeInput": {"msSinceEpoch": 1700000060000, "hasDate": true, "hasTime": true}},
                "odd": {"dateInput": {"msSinceEpoch": {"x": 1}}, "newInputKind": {}}
              },
              "someFutureField": [1, 2]
            }"#,
        )
        .unwrap();
        assert_eq!(common.invoked_function.as_deref(), Some("submit"));
        assert_eq!(common.parameters["step"], "2");
        assert_eq!(common.string_input("name"), Some("Ana"));
        assert_eq!(common.string_inputs("tags"), ["a", "b"]);
        assert!(common.string_inputs("missing").is_empty());
        assert_eq!(common.date_input("day"), Some(1_700_000_000_000));
        assert_eq!(common.time_input("at"), Some((9, 30)));
        let when = common.date_time_input("when").unwrap();
        assert_eq!(when.ms_since_epoch, 1_700_000_060_000);
        assert!(when.has_date && when.has_time);
        assert_eq!(common.date_input("when"), Some(1_700_000_060_000));
        assert_eq!(common.date_input("odd"), Some(0));
    }
}
