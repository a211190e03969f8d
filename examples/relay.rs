//! The webhook relay in one process: a relay in front of a Chat space, and three tools
//! that post to it the way they would post to the webhook itself (only the host of the
//! URL changes): a `curl`-style text post, a card with the `threadKey` parameter as
//! Grafana-era tools send it, and an Alertmanager "firing" then "resolved" pair that
//! lands as one thread.
//!
//! ```text
//! cargo run --example relay            # against a fake Chat space on 127.0.0.1
//! CHAT_WEBHOOK_URL='https://chat.googleapis.com/v1/spaces/…' cargo run --example relay
//! ```
//!
//! The same relay as a command: `chat-card relay --listen 127.0.0.1:8080 --state /var/lib/chat-card-relay`.

use std::error::Error;
use std::time::Duration;

use chat_card::WebhookUrl;
use chat_card_fake_space::FakeSpace;
use chat_card_relay::Relay;

const ALERT: &str = r#"{
  "version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": "firing",
  "receiver": "chat", "groupLabels": {"alertname": "DiskFull"},
  "commonLabels": {"alertname": "DiskFull", "severity": "page"},
  "commonAnnotations": {"summary": "Disk almost full on db-1"},
  "externalURL": "https://alertmanager.example.com",
  "alerts": [{"status": "firing", "labels": {"alertname": "DiskFull", "instance": "db-1"},
              "annotations": {"summary": "92% of /var used"}, "startsAt": "2026-11-30T10:00:00Z",
              "generatorURL": "https://prometheus.example.com/graph?g0.expr=disk"}]
}"#;

/// Posts `body` and prints what the relay answered (never the URL: it holds credentials).
async fn post(
    client: &reqwest::Client,
    what: &str,
    url: &str,
    body: &str,
) -> Result<(), Box<dyn Error>> {
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await?;
    let status = response.status().as_u16();
    let answer: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
    match status {
        200 => println!(
            "{what}: 200, posted {} in {}",
            answer["name"].as_str().unwrap_or("?"),
            answer["thread"]["name"].as_str().unwrap_or("?")
        ),
        202 => println!(
            "{what}: 202, queued as {} (position {}, about {} s)",
            answer["queued"], answer["position"], answer["etaSeconds"]
        ),
        _ => println!("{what}: {status} {}", answer["error"]["message"]),
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let (webhook, fake) = match std::env::var("CHAT_WEBHOOK_URL") {
        Ok(raw) if !raw.trim().is_empty() => (raw.trim().to_owned(), None),
        _ => {
            let fake = FakeSpace::start().await?;
            println!(
                "CHAT_WEBHOOK_URL is not set: the relay delivers to a fake Chat space at {}",
                fake.local_addr()
            );
            (fake.webhook_url_with_credentials("RELAY"), Some(fake))
        }
    };
    // Checked like any webhook URL; its scheme and host become the relay's upstream.
    let parsed = WebhookUrl::parse(&webhook)?;
    let cut = webhook
        .find("/v1/")
        .ok_or("the webhook URL has no /v1/ path")?;
    let (upstream, path_and_query) = webhook.split_at(cut);

    let state =
        std::env::temp_dir().join(format!("chat-card-relay-example-{}", std::process::id()));
    let relay = Relay::builder(&state)
        .listen("127.0.0.1:0".parse()?)
        .upstream(upstream)
        .start()
        .await?;
    println!(
        "relay on http://{0}: tools post to http://{0}/v1/spaces/{1}/messages?key=…&token=…",
        relay.local_addr(),
        parsed.space_id()
    );
    let through_relay = format!("http://{}{path_and_query}", relay.local_addr());
    let query = &path_and_query[path_and_query.find('?').ok_or("no query")?..];
    let alertmanager = format!(
        "http://{}/alertmanager/{}{query}",
        relay.local_addr(),
        parsed.space_id()
    );

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    post(
        &client,
        "curl text",
        &through_relay,
        r#"{"text": "Backup finished in 4 min"}"#,
    )
    .await?;
    post(
        &client,
        "card with threadKey",
        &format!("{through_relay}&threadKey=deploy-42"),
        r#"{"cardsV2": [{"cardId": "deploy", "card": {"header": {"title": "Deploy 42 started"},
            "sections": [{"widgets": [{"textParagraph": {"text": "<b>api</b> 1.4.2 to production"}}]}]}}]}"#,
    )
    .await?;
    post(&client, "alertmanager firing", &alertmanager, ALERT).await?;
    let resolved = ALERT.replace(r#""status": "firing""#, r#""status": "resolved""#);
    post(&client, "alertmanager resolved", &alertmanager, &resolved).await?;

    // Whatever still waits would be delivered by the next relay on the same state.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while relay.queued() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&state);

    if let Some(fake) = fake {
        let received = fake.deliveries();
        println!("\nthe fake space received {} message(s):", received.len());
        for m in received {
            println!("  {}  thread {}", m.name, m.thread_name);
            println!("    {} ({} bytes)", m.summary(), m.bytes);
        }
        fake.shutdown().await;
    }
    Ok(())
}
