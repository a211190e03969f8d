//! The Alertmanager receiver: Alertmanager's webhook JSON becomes an alert card built with
//! `card!`, posted in one thread per alert group (`groupKey`), so the "resolved"
//! notification replies under the "firing" one.

use std::collections::BTreeMap;

use serde::Deserialize;

use chat_card::{JsonMessage, WebUrl, card};

/// The most alerts listed on one card (Chat allows 100 widgets per card).
const MAX_LISTED: usize = 20;

/// Alertmanager's webhook payload (version 4); fields the card does not use are ignored.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Payload {
    pub(crate) group_key: String,
    pub(crate) status: String,
    #[serde(default)]
    receiver: String,
    #[serde(default)]
    group_labels: BTreeMap<String, String>,
    #[serde(default)]
    common_labels: BTreeMap<String, String>,
    #[serde(default)]
    common_annotations: BTreeMap<String, String>,
    #[serde(default, rename = "externalURL")]
    external_url: Option<String>,
    #[serde(default)]
    alerts: Vec<Alert>,
    #[serde(default)]
    truncated_alerts: u64,
}

/// One alert of a group.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Alert {
    #[serde(default)]
    status: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
    #[serde(default)]
    starts_at: String,
    #[serde(default, rename = "generatorURL")]
    generator_url: Option<String>,
}

/// One alert as the card lists it.
struct Line {
    title: String,
    detail: String,
    since: String,
}

/// A button of the card.
struct Link {
    label: &'static str,
    url: WebUrl,
}

impl Payload {
    /// Reads Alertmanager's JSON. The error says what is wrong.
    pub(crate) fn parse(body: &[u8]) -> Result<Payload, String> {
        let payload: Payload = serde_json::from_slice(body).map_err(|e| {
            format!(
                "this is not Alertmanager's webhook JSON ({e}); point an Alertmanager \
                 webhook_config at /alertmanager/SPACE?key=KEY&token=TOKEN"
            )
        })?;
        if payload.group_key.is_empty() {
            return Err("the Alertmanager payload has an empty groupKey".into());
        }
        Ok(payload)
    }

    /// Whether the group is resolved.
    pub(crate) fn resolved(&self) -> bool {
        self.status.eq_ignore_ascii_case("resolved")
    }

    /// The thread key of the group: the same for every notification of one `groupKey`
    /// (a hash, so label values do not end up in the key).
    pub(crate) fn thread_key(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.group_key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("alertmanager-{h:016x}")
    }

    fn name(&self) -> &str {
        self.group_labels
            .get("alertname")
            .or_else(|| self.common_labels.get("alertname"))
            .map(String::as_str)
            .unwrap_or("alerts")
    }

    fn lines(&self) -> Vec<Line> {
        self.alerts
            .iter()
            .take(MAX_LISTED)
            .map(|a| {
                let title = a
                    .labels
                    .get("instance")
                    .or_else(|| a.labels.get("alertname"))
                    .cloned()
                    .unwrap_or_else(|| "alert".into());
                let detail = a
                    .annotations
                    .get("summary")
                    .or_else(|| a.annotations.get("description"))
                    .cloned()
                    .unwrap_or_else(|| labels_text(&a.labels));
                let state = if a.status.eq_ignore_ascii_case("resolved") {
                    "resolved"
                } else {
                    "firing"
                };
                Line {
                    title,
                    detail,
                    since: format!("{state} · since {}", a.starts_at),
                }
            })
            .collect()
    }

    fn links(&self) -> Vec<Link> {
        let mut links = Vec::new();
        if let Some(url) = self
            .alerts
            .iter()
            .find_map(|a| a.generator_url.as_deref())
            .and_then(|u| WebUrl::parse(u).ok())
        {
            links.push(Link {
                label: "Source",
                url,
            });
        }
        if let Some(url) = self
            .external_url
            .as_deref()
            .and_then(|u| WebUrl::parse(u).ok())
        {
            links.push(Link {
                label: "Alertmanager",
                url,
            });
        }
        links
    }

    /// The alert card message. The error says why it could not be built.
    pub(crate) fn message(&self) -> Result<JsonMessage, String> {
        let resolved = self.resolved();
        let name = self.name();
        let count = u64::try_from(self.alerts.len())
            .ok()
            .and_then(|listed| listed.checked_add(self.truncated_alerts))
            .ok_or_else(|| {
                format!(
                    "truncatedAlerts is out of range ({} plus the {} alerts listed is more than \
                     {}); send the number of alerts Alertmanager left out",
                    self.truncated_alerts,
                    self.alerts.len(),
                    u64::MAX
                )
            })?;
        let state = if resolved { "RESOLVED" } else { "FIRING" };
        let receiver = &self.receiver;
        let summary = self
            .common_annotations
            .get("summary")
            .cloned()
            .unwrap_or_else(|| labels_text(&self.common_labels));
        let lines = self.lines();
        let more = count.saturating_sub(lines.len() as u64);
        let links = self.links();
        let icon = WebUrl::parse(if resolved {
            "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsoutlined/check_circle/default/48px.svg"
        } else {
            "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsoutlined/error/default/48px.svg"
        })
        .map_err(|e| e.to_string())?;
        card! {
            id: "alertmanager",
            header {
                title: "[{state}:{count}] {name}",
                subtitle: "Alertmanager · {receiver}",
                image: icon,
                image_type: CIRCLE,
            }
            section {
                text "{summary}"
                for line in &lines {
                    decorated { top: line.title, text: line.detail, bottom: line.since, wrap: true, start_icon: DESCRIPTION }
                }
                if more > 0 {
                    text "and {more} more"
                }
            }
            if !links.is_empty() {
                section {
                    buttons {
                        for link in &links {
                            button (link.label) { link: link.url }
                        }
                    }
                }
            }
        }
        .map_err(|e| format!("the alert card could not be built: {e}"))
    }
}

/// The card the relay keeps for an alert group when it posts through the Chat API: the
/// queue's state of the group.
pub(crate) use super::queue::GroupState as GroupCard;

/// Decides how a notification of a group reaches Chat through the API: while the group's
/// card is open (posted, not resolved), every notification updates that card in place,
/// "resolved" included; otherwise a new card is created in the group's thread (a group
/// that fires again after it was resolved gets a new card). Returns the operation and
/// the group's card after it.
pub(crate) fn plan_card(
    open: Option<GroupCard>,
    thread_key: &str,
    resolved: bool,
    now_ms: i64,
) -> (super::incoming::Op, GroupCard) {
    use super::incoming::Op;
    match open {
        Some(card) if !card.resolved => (
            Op::ApiUpdate,
            GroupCard {
                message_id: card.message_id,
                resolved,
            },
        ),
        _ => {
            // `client-` + lowercase letters, digits and hyphens, at most 63 characters.
            let hash = thread_key.trim_start_matches("alertmanager-");
            let message_id = format!("client-am-{hash}-{}", now_ms.max(0));
            (
                Op::ApiCreate,
                GroupCard {
                    message_id,
                    resolved,
                },
            )
        }
    }
}

fn labels_text(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRING: &str = r#"{
      "version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": "firing",
      "receiver": "chat", "groupLabels": {"alertname": "DiskFull"},
      "commonLabels": {"alertname": "DiskFull", "severity": "page"},
      "commonAnnotations": {"summary": "Disk <b>full</b> on db-1"},
      "externalURL": "https://alertmanager.example.com",
      "alerts": [{"status": "firing", "labels": {"alertname": "DiskFull", "instance": "db-1"},
                  "annotations": {"summary": "92% used"}, "startsAt": "2026-11-30T10:00:00Z",
                  "generatorURL": "https://prometheus.example.com/graph?g0.expr=x"}]
    }"#;

    #[test]
    fn firing_card_is_valid_and_escaped() {
        let p = Payload::parse(FIRING.as_bytes()).expect("payload");
        assert!(!p.resolved());
        let msg = p.message().expect("card");
        assert!(
            chat_card::check::check_text(msg.as_str())
                .expect("json")
                .is_empty()
        );
        let v: serde_json::Value = serde_json::from_str(msg.as_str()).expect("json");
        assert_eq!(
            v["cardsV2"][0]["card"]["header"]["title"],
            "[FIRING:1] DiskFull"
        );
        assert!(
            msg.as_str().contains("Disk &lt;b&gt;full"),
            "{}",
            msg.as_str()
        );
        assert!(msg.as_str().contains("https://alertmanager.example.com"));
    }

    #[test]
    fn resolved_shares_the_thread_key() {
        let firing = Payload::parse(FIRING.as_bytes()).expect("payload");
        let resolved_json = FIRING.replace(r#""status": "firing""#, r#""status": "resolved""#);
        let resolved = Payload::parse(resolved_json.as_bytes()).expect("payload");
        assert!(resolved.resolved());
        assert_eq!(firing.thread_key(), resolved.thread_key());
        let msg = resolved.message().expect("card");
        assert!(msg.as_str().contains("[RESOLVED:1] DiskFull"));
    }

    #[test]
    fn api_cards_are_created_then_updated_in_place() {
        use super::super::incoming::Op;
        let key = Payload::parse(FIRING.as_bytes())
            .expect("payload")
            .thread_key();
        let (op, card) = plan_card(None, &key, false, 1_700_000_000_000);
        assert_eq!(op, Op::ApiCreate);
        assert!(
            chat_card::webhook::check_message_id(&card.message_id).is_ok(),
            "{card:?}"
        );
        let (op, again) = plan_card(Some(card.clone()), &key, false, 1);
        assert_eq!((op, &again.message_id), (Op::ApiUpdate, &card.message_id));
        let (op, done) = plan_card(Some(again), &key, true, 2);
        assert_eq!((op, done.resolved), (Op::ApiUpdate, true));
        let (op, next) = plan_card(Some(done), &key, false, 3);
        assert_eq!(op, Op::ApiCreate);
        assert_ne!(next.message_id, card.message_id);
    }

    #[test]
    fn many_alerts_are_cut_and_bad_input_is_explained() {
        let alerts: Vec<String> = (0..150)
            .map(|i| format!(r#"{{"status":"firing","labels":{{"instance":"h{i}"}}}}"#))
            .collect();
        let json = format!(
            r#"{{"groupKey":"g","status":"firing","alerts":[{}]}}"#,
            alerts.join(",")
        );
        let msg = Payload::parse(json.as_bytes())
            .expect("payload")
            .message()
            .expect("card");
        assert!(msg.as_str().contains("and 130 more"));
        assert!(
            Payload::parse(b"{}")
                .expect_err("no groupKey")
                .contains("Alertmanager")
        );
        assert!(Payload::parse(br#"{"groupKey":"","status":"firing"}"#).is_err());
        let huge = br#"{"groupKey":"g","status":"firing","alerts":[{"status":"firing"}],"truncatedAlerts":18446744073709551615}"#;
        let e = Payload::parse(huge)
            .expect("a u64")
            .message()
            .expect_err("out of range");
        assert!(e.contains("truncatedAlerts is out of range"), "{e}");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_payload_builds_a_valid_card_or_a_clear_error(
            group in "\\PC{1,30}",
            status in prop_oneof![Just("firing"), Just("resolved"), Just("odd")],
            names in proptest::collection::vec("\\PC{0,30}", 0..30),
            url in prop_oneof![Just("https://a.example.com/x?y=<z>"), Just("javascript:alert(1)"), Just("")],
        ) {
            let alerts: Vec<serde_json::Value> = names
                .iter()
                .map(|n| serde_json::json!({
                    "status": status,
                    "labels": {"instance": n, "alertname": n},
                    "annotations": {"summary": format!("<b>{n}</b> **x**")},
                    "generatorURL": url,
                }))
                .collect();
            let body = serde_json::json!({
                "groupKey": group, "status": status, "externalURL": url,
                "commonAnnotations": {"summary": names.first().cloned().unwrap_or_default()},
                "alerts": alerts,
            });
            let payload = Payload::parse(body.to_string().as_bytes()).expect("payload");
            match payload.message() {
                Ok(msg) => {
                    let findings = chat_card::check::check_text(msg.as_str()).expect("JSON");
                    prop_assert!(findings.iter().all(|f| !f.is_error()), "{findings:?}");
                }
                Err(e) => prop_assert!(e.contains("could not be built"), "{e}"),
            }
        }
    }
}
