//! Alertmanager notifications: the payload with every documented field present, the
//! split into messages of at most `max_alerts_per_message` alerts, the thread key of each
//! message by the route's threading, and the notification's de-duplication key.

use serde_json::{Map, Value, json};

use super::{Context, Headers, NotifyError, NotifyRoute, Piece, Rendering, render_pieces, rfc3339};
use crate::alertmanager::Payload;
use crate::route::Threading;

/// Renders an Alertmanager notification.
pub(super) fn render(
    route: &NotifyRoute,
    body: &[u8],
    headers: &Headers,
    now_ms: i64,
) -> Result<Rendering, NotifyError> {
    let payload = Payload::parse(body).map_err(NotifyError::Payload)?;
    let mut value: Value = serde_json::from_slice(body)
        .map_err(|e| NotifyError::Payload(format!("the body is not JSON: {e}")))?;
    normalize(&mut value);
    let alerts: Vec<Value> = value["alerts"].as_array().cloned().unwrap_or_default();
    let group_thread = payload.thread_key();
    let now = rfc3339(now_ms);
    let resolved = payload.resolved();
    let mut size = route.options.max_alerts_per_message.max(1);
    let (messages, fallback) = loop {
        let slices = slices(
            route.options.threading,
            &alerts,
            size,
            &group_thread,
            resolved,
            now_ms,
        );
        // One message per alert stands alone in its thread: each is part 1 of 1.
        let alone = route.options.threading == Threading::Alert;
        let parts = if alone { 1 } else { slices.len() };
        let pieces: Vec<Piece<'_>> = slices
            .into_iter()
            .enumerate()
            .map(|(i, (range, thread_key, resolved))| Piece {
                context: Context {
                    payload: &value,
                    headers,
                    alerts: Some(&alerts[range]),
                    part: if alone { 1 } else { i + 1 },
                    parts,
                    now: now.clone(),
                    route: &route.name,
                },
                thread_key,
                resolved,
            })
            .collect();
        match render_pieces(route, &pieces) {
            // A message over Chat's size: fewer alerts per message, none dropped.
            Err(NotifyError::Builtin(_)) if size > 1 => size = size.div_ceil(2),
            done => break done?,
        }
    };
    let (dedup_key, superseded_key) = if route.options.dedup_window.is_zero() {
        (None, None)
    } else {
        let (own, superseded) = dedup_keys(&route.name, &value, &alerts);
        (Some(own), Some(superseded))
    };
    Ok(Rendering {
        messages,
        fallback,
        dedup_key,
        superseded_key,
    })
}

/// The alerts of each message (`size` at most), with its thread key and whether it is
/// resolved.
fn slices(
    threading: Threading,
    alerts: &[Value],
    size: usize,
    group_thread: &str,
    resolved: bool,
    now_ms: i64,
) -> Vec<(std::ops::Range<usize>, Option<String>, bool)> {
    let mut slices = Vec::new();
    match threading {
        Threading::Alert if !alerts.is_empty() => {
            for (i, alert) in alerts.iter().enumerate() {
                let fingerprint = alert["fingerprint"].as_str().unwrap_or_default();
                let key = format!("alertmanager-alert-{:016x}", fnv64(fingerprint.as_bytes()));
                let alert_resolved = alert["status"]
                    .as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case("resolved"));
                slices.push((i..i + 1, Some(key), alert_resolved));
            }
        }
        threading => {
            let key = match threading {
                Threading::None => None,
                Threading::GroupDaily => Some(format!("{group_thread}-{}", day(now_ms))),
                _ => Some(group_thread.to_owned()),
            };
            let mut start = 0;
            loop {
                let end = (start + size).min(alerts.len());
                slices.push((start..end, key.clone(), resolved));
                start = end;
                if start >= alerts.len() {
                    break;
                }
            }
        }
    }
    slices
}

/// Fills in every documented field Alertmanager may leave out, so templates can use them
/// under strict undefined variables; adds each alert's fingerprint when missing (a hash
/// of its labels, as stable as Alertmanager's).
fn normalize(value: &mut Value) {
    let Some(top) = value.as_object_mut() else {
        return;
    };
    for (key, default) in [
        ("version", json!("4")),
        ("status", json!("")),
        ("receiver", json!("")),
        ("groupLabels", json!({})),
        ("commonLabels", json!({})),
        ("commonAnnotations", json!({})),
        ("externalURL", Value::Null),
        ("truncatedAlerts", json!(0)),
        ("alerts", json!([])),
    ] {
        fill(top, key, default);
    }
    if let Some(alerts) = top.get_mut("alerts").and_then(Value::as_array_mut) {
        for alert in alerts.iter_mut().filter_map(Value::as_object_mut) {
            for (key, default) in [
                ("status", json!("")),
                ("labels", json!({})),
                ("annotations", json!({})),
                ("startsAt", json!("")),
                ("endsAt", json!("")),
                ("generatorURL", Value::Null),
            ] {
                fill(alert, key, default);
            }
            if alert.get("fingerprint").and_then(Value::as_str).is_none() {
                let labels = alert.get("labels").cloned().unwrap_or_default();
                let text = serde_json::to_string(&labels).unwrap_or_default();
                alert.insert(
                    "fingerprint".into(),
                    Value::String(format!("{:016x}", fnv64(text.as_bytes()))),
                );
            }
        }
    }
}

fn fill(object: &mut Map<String, Value>, key: &str, default: Value) {
    match object.get(key) {
        None => {
            object.insert(key.to_owned(), default);
        }
        Some(Value::Null) if !default.is_null() => {
            object.insert(key.to_owned(), default);
        }
        Some(_) => {}
    }
}

/// The de-duplication keys of a notification: its own, a hash of the route, the group key,
/// the status and the sorted set of (fingerprint, status) of the alerts; and the key of
/// the same alerts in the other state (firing ↔ resolved), which this notification
/// supersedes.
fn dedup_keys(route: &str, payload: &Value, alerts: &[Value]) -> (String, String) {
    let status = payload["status"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let set: Vec<(String, String)> = alerts
        .iter()
        .map(|a| {
            (
                a["fingerprint"].as_str().unwrap_or_default().to_owned(),
                a["status"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
            )
        })
        .collect();
    let flip = |s: &str| match s {
        "firing" => "resolved".to_owned(),
        "resolved" => "firing".to_owned(),
        other => other.to_owned(),
    };
    let flipped: Vec<(String, String)> = set.iter().map(|(f, s)| (f.clone(), flip(s))).collect();
    let group = &payload["groupKey"];
    (
        dedup_key(route, group, &status, set),
        dedup_key(route, group, &flip(&status), flipped),
    )
}

fn dedup_key(route: &str, group: &Value, status: &str, mut set: Vec<(String, String)>) -> String {
    set.sort();
    set.dedup();
    let text = json!([route, group, status, set]).to_string();
    format!("am-{:032x}", fnv128(text.as_bytes()))
}

/// `YYYYMMDD` of a time (UTC).
fn day(now_ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}{:02}{:02}", t.year(), u8::from(t.month()), t.day())
}

/// FNV-1a, 64 bits.
pub(crate) fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// FNV-1a, 128 bits.
fn fnv128(bytes: &[u8]) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in bytes {
        h ^= u128::from(*b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    h
}
