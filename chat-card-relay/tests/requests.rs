//! The relay in-process against the fake Chat space, on 127.0.0.1 only: requests and
//! answers. Refusals (invalid, oversized, full queue) and warnings passing. The relay as
//! a process (`chat-card relay`: logs, flags, restarts, `kill -9`) is tested with the CLI.

use std::time::Duration;

use chat_card_fake_space::FakeSpace;
use chat_card_relay::Relay;

mod support;
use serde_json::{Value, json};
use support::{base, client, closed_port_upstream, start, temp_dir, url_for};

async fn read_json(r: reqwest::Response) -> Value {
    let bytes = r.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("json")
}

/// How many messages wait (`GET /healthz`).
async fn queued(client: &reqwest::Client, relay: &Relay) -> u64 {
    let r = client
        .get(format!("{}/healthz", base(relay)))
        .send()
        .await
        .expect("healthz");
    read_json(r).await["queued"].as_u64().expect("queued")
}

/// The `/metrics` page.
async fn metrics(client: &reqwest::Client, relay: &Relay) -> String {
    client
        .get(format!("{}/metrics", base(relay)))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_and_oversized_messages_get_400_and_are_not_queued_warnings_pass() {
    let fake = FakeSpace::start().await.expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("invalid");
    let relay =
        start(Relay::builder(dir.join("state")).upstream(format!("http://{}", fake.local_addr())))
            .await;
    let client = client();
    let url = url_for(&relay, &webhook);
    let r = client
        .post(&url)
        .body(r#"{"text": "a typo in a key", "fallbackTxt": "x"}"#)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 400);
    let body: Value = read_json(r).await;
    assert_eq!(body["error"]["code"], 400);
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
    assert_eq!(
        body["error"]["details"][0]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );
    assert_eq!(
        body["error"]["details"][0]["fieldViolations"][0]["field"],
        "fallbackTxt"
    );
    let big = json!({ "text": "a".repeat(32_000) }).to_string();
    let r = client.post(&url).body(big).send().await.expect("post");
    assert_eq!(r.status(), 400);
    let body: Value = read_json(r).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .expect("message")
            .contains("32000")
    );
    let r = client
        .post(format!("{url}&messageReplyOption=SOMETIMES"))
        .body(r#"{"text": "ok"}"#)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 400);
    assert_eq!(queued(&client, &relay).await, 0);
    assert!(fake.requests().is_empty());
    // A warning (Chat accepts and ignores a card's add-on `name`) passes.
    let warned = r#"{"cardsV2":[{"cardId":"c","card":{"name":"n","header":{"title":"Hi"},"sections":[{"widgets":[{"textParagraph":{"text":"x"}}]}]}}]}"#;
    let r = client.post(&url).body(warned).send().await.expect("post");
    assert_eq!(r.status(), 200);
    assert_eq!(fake.deliveries().len(), 1);
    let metrics = metrics(&client, &relay).await;
    assert!(
        metrics.contains("chat_card_relay_refused_total{reason=\"invalid\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("chat_card_relay_accepted_total 1"),
        "{metrics}"
    );
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_429_with_retry_after_and_keeps_what_it_has() {
    let fake = FakeSpace::start().await.expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("full");
    let relay = start(
        Relay::builder(dir.join("state"))
            .upstream(closed_port_upstream())
            .max_queue(3)
            .wait(Duration::ZERO),
    )
    .await;
    let client = client();
    let url = url_for(&relay, &webhook);
    for i in 0..3 {
        let r = client
            .post(&url)
            .header("content-type", "application/json")
            .body(json!({ "text": format!("kept {i}") }).to_string())
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 202);
        let body: Value = read_json(r).await;
        assert_eq!(body["position"], i + 1, "{body}");
    }
    let r = client
        .post(&url)
        .header("content-type", "application/json")
        .body(json!({ "text": "one too many" }).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 429);
    let retry_after: u64 = r.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry_after >= 1);
    let body: Value = read_json(r).await;
    assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
    assert_eq!(queued(&client, &relay).await, 3);
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
