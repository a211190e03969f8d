//! The Alertmanager receiver's payload and cards: reading Alertmanager's webhook JSON,
//! the thread key of an alert group (`groupKey`), so the "resolved" notification replies
//! under the "firing" one, and the plan of a group's card updated in place through the
//! Chat API. The card itself is the built-in template `templates/alertmanager.json.j2`,
//! rendered by the notification pipeline ([`notify`](super::notify)).

use serde::Deserialize;
use serde::de::IgnoredAny;

/// Alertmanager's webhook payload (version 4): the fields the relay checks; templates see
/// the whole document.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Payload {
    pub(crate) group_key: String,
    pub(crate) status: String,
    #[serde(default)]
    alerts: Vec<IgnoredAny>,
    #[serde(default)]
    truncated_alerts: u64,
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
        u64::try_from(payload.alerts.len())
            .ok()
            .and_then(|listed| listed.checked_add(payload.truncated_alerts))
            .ok_or_else(|| {
                format!(
                    "truncatedAlerts is out of range ({} plus the {} alerts listed is more than \
                     {}); send the number of alerts Alertmanager left out",
                    payload.truncated_alerts,
                    payload.alerts.len(),
                    u64::MAX
                )
            })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    const FIRING: &str = r#"{
      "version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": "firing",
      "alerts": [{"status": "firing", "labels": {"alertname": "DiskFull", "instance": "db-1"}}]
    }"#;

    #[test]
    fn resolved_shares_the_thread_key() {
        let firing = Payload::parse(FIRING.as_bytes()).expect("payload");
        assert!(!firing.resolved());
        let resolved_json = FIRING.replace(r#""status": "firing""#, r#""status": "resolved""#);
        let resolved = Payload::parse(resolved_json.as_bytes()).expect("payload");
        assert!(resolved.resolved());
        assert_eq!(firing.thread_key(), resolved.thread_key());
    }

    #[test]
    fn api_cards_are_created_then_updated_in_place() {
        use super::super::incoming::Op;
        let key = Payload::parse(FIRING.as_bytes())
            .expect("payload")
            .thread_key();
        for key in [
            key.clone(),
            format!("{key}-20261206"),
            "alertmanager-alert-0123456789abcdef".into(),
        ] {
            let (op, card) = plan_card(None, &key, false, 1_700_000_000_000);
            assert_eq!(op, Op::ApiCreate);
            assert!(
                chat_card::webhook::check_message_id(&card.message_id).is_ok(),
                "{card:?}"
            );
        }
        let (op, card) = plan_card(None, &key, false, 1_700_000_000_000);
        assert_eq!(op, Op::ApiCreate);
        let (op, again) = plan_card(Some(card.clone()), &key, false, 1);
        assert_eq!((op, &again.message_id), (Op::ApiUpdate, &card.message_id));
        let (op, done) = plan_card(Some(again), &key, true, 2);
        assert_eq!((op, done.resolved), (Op::ApiUpdate, true));
        let (op, next) = plan_card(Some(done), &key, false, 3);
        assert_eq!(op, Op::ApiCreate);
        assert_ne!(next.message_id, card.message_id);
    }

    #[test]
    fn bad_input_is_explained() {
        assert!(
            Payload::parse(b"{}")
                .expect_err("no groupKey")
                .contains("Alertmanager")
        );
        assert!(Payload::parse(br#"{"groupKey":"","status":"firing"}"#).is_err());
        let huge = br#"{"groupKey":"g","status":"firing","alerts":[{"status":"firing"}],"truncatedAlerts":18446744073709551615}"#;
        let e = Payload::parse(huge).expect_err("out of range");
        assert!(e.contains("truncatedAlerts is out of range"), "{e}");
    }
}
