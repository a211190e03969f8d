use std::time::Duration;

use serde_json::{Value, json};

use super::*;
use crate::route::Threading;

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

/// 2026-12-06T10:00:00Z.
const NOW: i64 = 1_796_551_200_000;

fn am() -> NotifyRoute {
    NotifyRoute::new("alerts", RouteKind::Alertmanager)
}

fn render(route: &NotifyRoute, body: &str) -> Rendering {
    route
        .render(body.as_bytes(), &Headers::new(), NOW)
        .expect("renders")
}

fn json_of(m: &Rendered) -> Value {
    serde_json::from_str(&m.body).expect("JSON")
}

fn alerts(n: usize, status: &str) -> String {
    let list: Vec<Value> = (0..n)
        .map(|i| json!({"status": status, "fingerprint": format!("f{i:03}"), "labels": {"instance": format!("h{i}")}}))
        .collect();
    json!({"groupKey": "g", "status": status, "alerts": list}).to_string()
}

#[test]
fn the_built_in_card_keeps_its_look() {
    let r = render(&am(), FIRING);
    assert!(r.fallback.is_none());
    assert_eq!(r.messages.len(), 1);
    let m = &r.messages[0];
    assert!(
        chat_card::check::check_text(&m.body)
            .expect("json")
            .is_empty()
    );
    let v = json_of(m);
    let card = &v["cardsV2"][0]["card"];
    assert_eq!(card["header"]["title"], "[FIRING:1] DiskFull");
    assert_eq!(card["header"]["subtitle"], "Alertmanager · chat");
    assert_eq!(
        card["sections"][0]["widgets"][0]["textParagraph"]["text"],
        "Disk &lt;b&gt;full&lt;/b&gt; on db-1"
    );
    let line = &card["sections"][0]["widgets"][1]["decoratedText"];
    assert_eq!(line["topLabel"], "db-1");
    assert_eq!(line["text"], "92% used");
    assert_eq!(line["bottomLabel"], "firing · since 2026-11-30T10:00:00Z");
    let buttons = &card["sections"][1]["widgets"][0]["buttonList"]["buttons"];
    assert_eq!(
        buttons[0]["onClick"]["openLink"]["url"],
        "https://prometheus.example.com/graph?g0.expr=x"
    );
    assert_eq!(
        buttons[1]["onClick"]["openLink"]["url"],
        "https://alertmanager.example.com"
    );
    // Today's thread key, so existing threads go on.
    let payload = crate::alertmanager::Payload::parse(FIRING.as_bytes()).expect("payload");
    assert_eq!(m.thread_key.as_deref(), Some(payload.thread_key().as_str()));
    assert_eq!(v["thread"]["threadKey"], payload.thread_key());
}

#[test]
fn resolved_shares_the_thread_key_and_looks_resolved() {
    let firing = render(&am(), FIRING);
    let resolved = render(
        &am(),
        &FIRING.replace(r#""status": "firing""#, r#""status": "resolved""#),
    );
    assert_eq!(
        firing.messages[0].thread_key,
        resolved.messages[0].thread_key
    );
    assert!(resolved.messages[0].resolved);
    let v = json_of(&resolved.messages[0]);
    assert_eq!(
        v["cardsV2"][0]["card"]["header"]["title"],
        "[RESOLVED:1] DiskFull"
    );
    assert!(resolved.messages[0].body.contains("check_circle"));
    assert_ne!(firing.dedup_key, resolved.dedup_key);
}

#[test]
fn forty_five_alerts_by_twenty_make_three_messages_in_one_thread() {
    let mut route = am();
    route.options.max_alerts_per_message = 20;
    let r = render(&route, &alerts(45, "firing"));
    assert_eq!(r.messages.len(), 3);
    let key = r.messages[0].thread_key.clone().expect("a thread");
    let mut listed = Vec::new();
    for (i, m) in r.messages.iter().enumerate() {
        assert_eq!(m.thread_key.as_ref(), Some(&key));
        assert_eq!(m.part, i + 1);
        let v = json_of(m);
        let card = &v["cardsV2"][0]["card"];
        assert_eq!(
            card["header"]["subtitle"],
            format!("Alertmanager ·  · part {}/3", i + 1)
        );
        assert_eq!(card["header"]["title"], "[FIRING:45] alerts");
        for w in card["sections"][0]["widgets"].as_array().expect("widgets") {
            if let Some(top) = w["decoratedText"]["topLabel"].as_str() {
                listed.push(top.to_owned());
            }
        }
    }
    let expected: Vec<String> = (0..45).map(|i| format!("h{i}")).collect();
    assert_eq!(listed, expected, "every alert once, in order");
}

#[test]
fn threading_per_alert_per_day_or_none() {
    let body = alerts(3, "firing");
    let mut route = am();
    route.options.threading = Threading::Alert;
    let per_alert = render(&route, &body);
    assert_eq!(per_alert.messages.len(), 3);
    let keys: std::collections::HashSet<_> = per_alert
        .messages
        .iter()
        .map(|m| m.thread_key.clone())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(
        per_alert.messages.iter().all(|m| m.part == 1),
        "each alert stands alone"
    );
    // The same alert keeps its thread in the next notification.
    let again = render(&route, &alerts(1, "resolved"));
    assert_eq!(
        again.messages[0].thread_key,
        per_alert.messages[0].thread_key
    );
    assert!(again.messages[0].resolved);

    route.options.threading = Threading::GroupDaily;
    let today = render(&route, &body);
    let tomorrow = route
        .render(body.as_bytes(), &Headers::new(), NOW + 86_400_000)
        .expect("renders");
    let key = today.messages[0].thread_key.clone().expect("thread");
    assert!(key.ends_with("-20261206"), "{key}");
    assert_ne!(
        today.messages[0].thread_key,
        tomorrow.messages[0].thread_key
    );

    route.options.threading = Threading::None;
    let none = render(&route, &body);
    assert!(none.messages.iter().all(|m| m.thread_key.is_none()));
    assert!(json_of(&none.messages[0]).get("thread").is_none());
}

#[test]
fn dedup_keys_name_the_notification_not_its_order() {
    let a = render(&am(), &alerts(3, "firing"));
    let mut reordered: Value = serde_json::from_str(&alerts(3, "firing")).expect("json");
    reordered["alerts"]
        .as_array_mut()
        .expect("alerts")
        .reverse();
    let b = render(&am(), &reordered.to_string());
    assert_eq!(a.dedup_key, b.dedup_key);
    let other_route = render(
        &NotifyRoute::new("other", RouteKind::Alertmanager),
        &alerts(3, "firing"),
    );
    assert_ne!(a.dedup_key, other_route.dedup_key);
    let more = render(&am(), &alerts(4, "firing"));
    assert_ne!(a.dedup_key, more.dedup_key);
    let mut off = am();
    off.options.dedup_window = Duration::ZERO;
    assert!(render(&off, &alerts(3, "firing")).dedup_key.is_none());
}

#[test]
fn a_failing_template_falls_back_to_the_built_in_card() {
    let mut route = am();
    route.template = Some(
        Template::new("custom.json.j2", "{\n\"text\": {{ payload.nope }}\n}").expect("compiles"),
    );
    let r = render(&route, FIRING);
    let failure = r.fallback.expect("fell back");
    assert_eq!(failure.template(), "custom.json.j2");
    assert_eq!(failure.line(), Some(2));
    assert_eq!(
        json_of(&r.messages[0])["cardsV2"][0]["cardId"],
        "alertmanager"
    );

    route.template =
        Some(Template::new("invalid.json.j2", r#"{"txt": "typo"}"#).expect("compiles"));
    let r = render(&route, FIRING);
    let failure = r.fallback.expect("fell back");
    assert!(failure.problem().contains("refused"), "{failure}");

    route.template = Some(
        Template::new(
            "good.json.j2",
            r#"{"text": {{ "fired: " ~ payload.groupLabels.alertname }}}"#,
        )
        .expect("compiles"),
    );
    let r = render(&route, FIRING);
    assert!(r.fallback.is_none());
    let v = json_of(&r.messages[0]);
    assert_eq!(v["text"], "fired: DiskFull");
    assert!(v["thread"]["threadKey"].is_string());
}

#[test]
fn bad_payloads_are_explained() {
    let e = am()
        .render(b"{}", &Headers::new(), NOW)
        .expect_err("no groupKey");
    assert!(e.to_string().contains("Alertmanager"), "{e}");
    let e = NotifyRoute::new("j", RouteKind::Json)
        .render(b"{oops", &Headers::new(), NOW)
        .expect_err("not JSON");
    assert!(e.to_string().contains("not JSON"), "{e}");
    let e = NotifyRoute::new("w", RouteKind::Webhook)
        .render(br#"{"txt": 1}"#, &Headers::new(), NOW)
        .expect_err("invalid");
    assert!(matches!(e, NotifyError::Message(_)));
    let huge = br#"{"groupKey":"g","status":"firing","alerts":[{"status":"firing"}],"truncatedAlerts":18446744073709551615}"#;
    assert!(am().render(huge, &Headers::new(), NOW).is_err());
}

#[test]
fn truncated_alerts_are_counted_on_the_last_part() {
    let mut v: Value = serde_json::from_str(&alerts(2, "firing")).expect("json");
    v["truncatedAlerts"] = json!(130);
    let r = render(&am(), &v.to_string());
    let m = json_of(&r.messages[0]);
    assert_eq!(
        m["cardsV2"][0]["card"]["header"]["title"],
        "[FIRING:132] alerts"
    );
    assert!(r.messages[0].body.contains("and 130 more"));
}

#[test]
fn json_routes_render_any_document_escaped() {
    let route = NotifyRoute::new("ci", RouteKind::Json);
    let headers = template_headers([
        ("X-GitHub-Event", "push"),
        ("Authorization", "Bearer SECRET"),
    ]);
    assert_eq!(
        headers.get("x-github-event").map(String::as_str),
        Some("push")
    );
    assert!(!headers.contains_key("authorization"));
    let body = json!({"a\"<b>": "x\n<users/all>&", "n": 3, "nested": {"k": [1, 2]}}).to_string();
    let r = route
        .render(body.as_bytes(), &headers, NOW)
        .expect("renders");
    assert!(r.fallback.is_none());
    let m = &r.messages[0];
    assert!(m.thread_key.is_none());
    let findings = chat_card::check::check_text(&m.body).expect("json");
    assert!(findings.iter().all(|f| !f.is_error()), "{findings:?}");
    assert!(!m.body.contains("<users/all>"));
    assert!(m.body.contains("&lt;users/all&gt;"));
    for odd in ["[]", "3", "\"text\"", "{}", "null"] {
        let r = route.render(odd.as_bytes(), &headers, NOW).expect(odd);
        assert!(
            chat_card::check::check_text(&r.messages[0].body)
                .expect("json")
                .iter()
                .all(|f| !f.is_error())
        );
    }
}

#[test]
fn webhook_routes_pass_the_message_through() {
    let route = NotifyRoute::new("w", RouteKind::Webhook);
    let r = route
        .render(br#"{"text": "hi"}"#, &Headers::new(), NOW)
        .expect("valid");
    assert_eq!(r.messages[0].body, r#"{"text": "hi"}"#);
}

#[test]
fn rendering_is_deterministic() {
    let a = render(&am(), FIRING);
    let b = render(&am(), FIRING);
    assert_eq!(a.messages[0].body, b.messages[0].body);
}

mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes_are_answered_without_panic(
            body in proptest::collection::vec(any::<u8>(), 0..300),
            kind in prop_oneof![Just(RouteKind::Alertmanager), Just(RouteKind::Json), Just(RouteKind::Webhook)],
        ) {
            if let Err(e) = NotifyRoute::new("r", kind).render(&body, &Headers::new(), NOW) {
                prop_assert!(!e.to_string().is_empty());
            }
        }

        #[test]
        fn any_json_document_renders_a_valid_generic_card(
            fields in proptest::collection::btree_map("\\PC{0,20}", "\\PC{0,60}", 0..50),
            number in any::<i64>(),
        ) {
            let mut doc: serde_json::Map<String, Value> =
                fields.into_iter().map(|(k, v)| (k, Value::from(v))).collect();
            doc.insert("n".into(), json!(number));
            let r = NotifyRoute::new("any", RouteKind::Json)
                .render(Value::Object(doc).to_string().as_bytes(), &Headers::new(), NOW)
                .expect("renders");
            let findings = chat_card::check::check_text(&r.messages[0].body).expect("JSON");
            prop_assert!(findings.iter().all(|f| !f.is_error()), "{:?}", findings);
            prop_assert!(!r.messages[0].body.contains("<users/all>"));
        }

        #[test]
        fn any_labels_render_valid_cards(
            group in "\\PC{1,30}",
            status in prop_oneof![Just("firing"), Just("resolved"), Just("odd")],
            names in proptest::collection::vec("\\PC{0,30}", 0..30),
            url in prop_oneof![Just("https://a.example.com/x?y=<z>"), Just("javascript:alert(1)"), Just(""), Just("http://")],
            max in 1usize..25,
        ) {
            let alerts: Vec<Value> = names
                .iter()
                .map(|n| json!({
                    "status": status,
                    "labels": {"instance": n, "alertname": n, n.clone(): "\"<&\n"},
                    "annotations": {"summary": format!("<b>{n}</b> **x** <users/all>")},
                    "generatorURL": url,
                }))
                .collect();
            let body = json!({
                "groupKey": group, "status": status, "externalURL": url,
                "commonAnnotations": {"summary": names.first().cloned().unwrap_or_default()},
                "alerts": alerts,
            });
            let mut route = am();
            route.options.max_alerts_per_message = max;
            match route.render(body.to_string().as_bytes(), &Headers::new(), NOW) {
                Ok(r) => {
                    prop_assert!(r.fallback.is_none());
                    prop_assert_eq!(r.messages.len(), names.len().div_ceil(max).max(1));
                    for m in &r.messages {
                        let findings = chat_card::check::check_text(&m.body).expect("JSON");
                        prop_assert!(findings.iter().all(|f| !f.is_error()), "{:?}", findings);
                        prop_assert!(!m.body.contains("<users/all>"));
                    }
                }
                // Label values can't make a notification unsendable: long ones are cut,
                // big groups are split.
                Err(e) => prop_assert!(false, "{}", e),
            }
        }
    }
}

#[test]
fn a_notification_supersedes_the_same_alerts_in_the_other_state() {
    let firing = render(&am(), &alerts(2, "firing"));
    let resolved = render(&am(), &alerts(2, "resolved"));
    assert_eq!(firing.superseded_key, resolved.dedup_key);
    assert_eq!(resolved.superseded_key, firing.dedup_key);
}

#[test]
fn the_built_in_card_matches_the_card_it_replaces() {
    // The card `card!` built for this payload before the layout became a template.
    let golden: Value =
        serde_json::from_str(include_str!("../../tests/golden/alertmanager-firing.json"))
            .expect("golden JSON");
    let mut rendered = json_of(&render(&am(), FIRING).messages[0]);
    rendered.as_object_mut().expect("object").remove("thread");
    assert_eq!(rendered, golden);
}

#[test]
fn messages_over_the_size_limit_are_split_further_none_dropped() {
    let list: Vec<Value> = (0..20)
        .map(|i| json!({"status": "firing", "labels": {"instance": format!("h{i}")}, "annotations": {"summary": "&".repeat(5000)}}))
        .collect();
    let body = json!({"groupKey": "g", "status": "firing", "alerts": list}).to_string();
    let r = render(&am(), &body);
    assert!(r.messages.len() > 1, "split for size");
    let mut listed = 0;
    for m in &r.messages {
        assert!(m.body.len() <= chat_card::webhook::MAX_MESSAGE_BYTES);
        assert_eq!(m.thread_key, r.messages[0].thread_key);
        listed += json_of(m)["cardsV2"][0]["card"]["sections"][0]["widgets"]
            .as_array()
            .expect("widgets")
            .iter()
            .filter(|w| w.get("decoratedText").is_some())
            .count();
    }
    assert_eq!(listed, 20);
}
