//! The Alertmanager drop-in path through the notification pipeline, in-process against
//! the fake Chat space on 127.0.0.1: a big group split into messages of one thread, and
//! duplicates (Alertmanager in HA) queued once, also after a restart.

use std::time::Duration;

use chat_card_fake_space::FakeSpace;
use chat_card_relay::Relay;
use serde_json::{Value, json};

mod support;
use support::{base, client, start, temp_dir};

async fn post(client: &reqwest::Client, url: &str, body: String) -> (u16, Value) {
    let r = client
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    let bytes = r.bytes().await.expect("body");
    (status, serde_json::from_slice(&bytes).expect("json"))
}

fn notification(n: usize, status: &str) -> String {
    let alerts: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "status": status,
                "fingerprint": format!("{i:016x}"),
                "labels": {"alertname": "DiskFull", "instance": format!("db-{i}")},
                "annotations": {"summary": "92% used"},
                "startsAt": "2026-11-30T10:00:00Z",
            })
        })
        .collect();
    json!({
        "version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": status,
        "receiver": "chat", "groupLabels": {"alertname": "DiskFull"}, "alerts": alerts,
    })
    .to_string()
}

fn relay_builder(dir: &std::path::Path, fake: &FakeSpace) -> chat_card_relay::RelayBuilder {
    Relay::builder(dir.join("state"))
        .upstream(format!("http://{}", fake.local_addr()))
        .per_space_interval(Duration::from_millis(50))
        .wait(Duration::from_secs(20))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_group_is_split_into_messages_of_one_thread_none_dropped() {
    let fake = FakeSpace::start().await.expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let query = &webhook[webhook.find('?').expect("query")..];
    let dir = temp_dir("split");
    let relay = start(relay_builder(&dir, &fake)).await;
    let client = client();
    let url = format!("{}/alertmanager/AAAA{query}", base(&relay));
    let (status, answer) = post(&client, &url, notification(45, "firing")).await;
    assert_eq!(status, 200, "{answer}");
    let delivered = fake.deliveries();
    assert_eq!(delivered.len(), 3, "45 alerts by 20: three messages");
    let mut listed = 0;
    for (i, m) in delivered.iter().enumerate() {
        assert_eq!(m.thread_name, delivered[0].thread_name);
        assert_eq!(m.summary(), "card: [FIRING:45] DiskFull");
        assert_eq!(
            m.body.pointer("/cardsV2/0/card/header/subtitle"),
            Some(&json!(format!("Alertmanager · chat · part {}/3", i + 1)))
        );
        listed += m.body["cardsV2"][0]["card"]["sections"][0]["widgets"]
            .as_array()
            .expect("widgets")
            .iter()
            .filter(|w| w.get("decoratedText").is_some())
            .count();
    }
    assert_eq!(listed, 45);
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_is_queued_once_even_after_a_restart_and_a_flap_is_not_a_duplicate() {
    let fake = FakeSpace::start().await.expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let query = &webhook[webhook.find('?').expect("query")..];
    let dir = temp_dir("dedup");
    let client = client();
    let relay = start(relay_builder(&dir, &fake)).await;
    let url = format!("{}/alertmanager/AAAA{query}", base(&relay));
    let (status, first) = post(&client, &url, notification(2, "firing")).await;
    assert_eq!(status, 200, "{first}");
    assert!(first.get("duplicate").is_none());
    let (status, again) = post(&client, &url, notification(2, "firing")).await;
    assert_eq!(
        (status, &again["duplicate"]),
        (200, &json!(true)),
        "{again}"
    );
    assert!(
        again["message"]
            .as_str()
            .expect("says why")
            .contains("duplicate")
    );
    relay.shutdown().await;
    assert_eq!(fake.deliveries().len(), 1);

    // The state is in the store: a restarted relay still knows the notification.
    let relay = start(relay_builder(&dir, &fake)).await;
    let url = format!("{}/alertmanager/AAAA{query}", base(&relay));
    let (status, again) = post(&client, &url, notification(2, "firing")).await;
    assert_eq!(
        (status, &again["duplicate"]),
        (200, &json!(true)),
        "{again}"
    );
    // Resolved, then firing again: both new.
    let (status, resolved) = post(&client, &url, notification(2, "resolved")).await;
    assert_eq!(status, 200, "{resolved}");
    assert!(resolved.get("duplicate").is_none(), "{resolved}");
    let (status, refired) = post(&client, &url, notification(2, "firing")).await;
    assert_eq!(status, 200, "{refired}");
    assert!(refired.get("duplicate").is_none(), "{refired}");
    let summaries: Vec<String> = fake.deliveries().iter().map(|m| m.summary()).collect();
    assert_eq!(
        summaries,
        [
            "card: [FIRING:2] DiskFull",
            "card: [RESOLVED:2] DiskFull",
            "card: [FIRING:2] DiskFull"
        ]
    );
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
