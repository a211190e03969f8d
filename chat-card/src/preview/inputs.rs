//! Form inputs, drawn disabled: a card preview shows them but cannot submit them.

use super::Out;
use super::html::escape_into;
use super::widgets::chip_icon_free;
use crate::model::{
    DateTimePicker, DateTimePickerType, SelectionInput, SelectionType, TextInput, TextInputType,
};

fn label_into(o: &mut Out, label: Option<&str>) {
    if let Some(label) = label.filter(|l| !l.is_empty()) {
        o.html.push_str("<div class=\"field-label\">");
        escape_into(&mut o.html, label);
        o.html.push_str("</div>");
    }
}

fn hint_into(o: &mut Out, hint: Option<&str>) {
    if let Some(hint) = hint.filter(|h| !h.is_empty()) {
        o.html.push_str("<div class=\"hint\">");
        escape_into(&mut o.html, hint);
        o.html.push_str("</div>");
    }
}

pub(crate) fn text_input(o: &mut Out, t: &TextInput) {
    o.html.push_str("<div class=\"field\">");
    label_into(o, t.label.as_deref());
    let value = t.value.as_deref().unwrap_or("");
    let placeholder = t.placeholder_text.as_deref().unwrap_or("");
    if t.input_type == Some(TextInputType::MultipleLine) && t.initial_suggestions.is_none() {
        o.html
            .push_str("<textarea class=\"input\" rows=\"3\" disabled placeholder=\"");
        escape_into(&mut o.html, placeholder);
        o.html.push_str("\">");
        escape_into(&mut o.html, value);
        o.html.push_str("</textarea>");
    } else {
        o.html
            .push_str("<input class=\"input\" type=\"text\" disabled value=\"");
        escape_into(&mut o.html, value);
        o.html.push_str("\" placeholder=\"");
        escape_into(&mut o.html, placeholder);
        o.html.push_str("\">");
    }
    if let Some(suggestions) = &t.initial_suggestions {
        o.html.push_str("<div class=\"suggestions\">");
        for item in &suggestions.items {
            o.html.push_str("<span class=\"suggestion\">");
            escape_into(&mut o.html, item.text.as_deref().unwrap_or(""));
            o.html.push_str("</span>");
        }
        o.html.push_str("</div>");
    }
    hint_into(o, t.hint_text.as_deref());
    o.html.push_str("</div>");
}

pub(crate) fn selection_input(o: &mut Out, s: &SelectionInput) {
    o.html.push_str("<div class=\"field\">");
    label_into(o, s.label.as_deref());
    let kind = s.selection_type.clone().unwrap_or_default();
    match kind {
        SelectionType::Dropdown => {
            o.html.push_str("<select class=\"input\" disabled>");
            for item in &s.items {
                o.html.push_str("<option");
                if item.selected == Some(true) {
                    o.html.push_str(" selected");
                }
                o.html.push('>');
                escape_into(&mut o.html, item.text.as_deref().unwrap_or(""));
                o.html.push_str("</option>");
            }
            o.html.push_str("</select>");
        }
        SelectionType::MultiSelect => {
            o.html.push_str("<div class=\"input multiselect\">");
            let mut any = false;
            for item in s.items.iter().filter(|i| i.selected == Some(true)) {
                any = true;
                chip_icon_free(o, item.text.as_deref().unwrap_or(""));
            }
            if !any {
                o.html
                    .push_str("<span class=\"placeholder\">Select items</span>");
            }
            o.html.push_str("</div>");
        }
        _ => {
            let input = match kind {
                SelectionType::RadioButton => "radio",
                _ => "checkbox",
            };
            let switch = kind == SelectionType::Switch;
            o.html.push_str("<div class=\"choices\">");
            for item in &s.items {
                o.html.push_str("<label class=\"choice\">");
                if switch {
                    o.html
                        .push_str("<span class=\"switch\"><input type=\"checkbox\" disabled");
                } else {
                    o.html.push_str("<input type=\"");
                    o.html.push_str(input);
                    o.html.push_str("\" disabled");
                }
                if item.selected == Some(true) {
                    o.html.push_str(" checked");
                }
                o.html.push('>');
                if switch {
                    o.html.push_str(
                        "<span class=\"track\"><span class=\"thumb\"></span></span></span>",
                    );
                }
                o.html.push_str("<span>");
                escape_into(&mut o.html, item.text.as_deref().unwrap_or(""));
                o.html.push_str("</span></label>");
            }
            o.html.push_str("</div>");
        }
    }
    hint_into(o, s.hint_text.as_deref());
    o.html.push_str("</div>");
}

pub(crate) fn date_time_picker(o: &mut Out, d: &DateTimePicker) {
    o.html.push_str("<div class=\"field\">");
    label_into(o, d.label.as_deref());
    let kind = d.picker_type.clone().unwrap_or_default();
    let placeholder = match kind {
        DateTimePickerType::DateOnly => "yyyy-mm-dd",
        DateTimePickerType::TimeOnly => "hh:mm",
        _ => "yyyy-mm-dd hh:mm",
    };
    let value = d
        .value_ms_epoch
        .map(|ms| format_ms(ms, &kind, d.timezone_offset_date.unwrap_or(0)))
        .unwrap_or_default();
    o.html
        .push_str("<input class=\"input\" type=\"text\" disabled value=\"");
    escape_into(&mut o.html, &value);
    o.html.push_str("\" placeholder=\"");
    o.html.push_str(placeholder);
    o.html.push_str("\"></div>");
}

/// Formats epoch milliseconds like the picker shows them.
fn format_ms(ms: i64, kind: &DateTimePickerType, offset_minutes: i32) -> String {
    let minutes = ms.div_euclid(60_000);
    match kind {
        DateTimePickerType::TimeOnly => {
            let m = minutes.rem_euclid(24 * 60);
            format!("{:02}:{:02}", m / 60, m % 60)
        }
        DateTimePickerType::DateOnly => {
            let (y, mo, da) = civil_from_days(minutes.div_euclid(24 * 60));
            format!("{y:04}-{mo:02}-{da:02}")
        }
        _ => {
            let local = minutes.saturating_add(i64::from(offset_minutes));
            let (y, mo, da) = civil_from_days(local.div_euclid(24 * 60));
            let m = local.rem_euclid(24 * 60);
            let date_time = format!("{y:04}-{mo:02}-{da:02} {:02}:{:02}", m / 60, m % 60);
            if offset_minutes == 0 {
                return format!("{date_time} UTC");
            }
            let sign = if offset_minutes < 0 { '-' } else { '+' };
            let off = offset_minutes.unsigned_abs();
            format!("{date_time} UTC{sign}{:02}:{:02}", off / 60, off % 60)
        }
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_picker_values() {
        assert_eq!(
            format_ms(43_200_000, &DateTimePickerType::TimeOnly, 0),
            "12:00"
        );
        assert_eq!(
            format_ms(1_700_000_000_000, &DateTimePickerType::DateOnly, 0),
            "2023-11-14"
        );
        assert_eq!(
            format_ms(1_700_000_000_000, &DateTimePickerType::DateAndTime, -300),
            "2023-11-14 17:13 UTC-05:00"
        );
        // Extreme values do not panic.
        let _ = format_ms(i64::MIN, &DateTimePickerType::DateAndTime, i32::MIN);
        let _ = format_ms(i64::MAX, &DateTimePickerType::DateAndTime, i32::MAX);
    }
}
