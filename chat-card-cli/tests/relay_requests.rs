//! `chat-card relay` as a process against the fake Chat space, on 127.0.0.1 only, where
//! the process is the point: its logs (`--log-json`, secrets kept out at trace level),
//! its flags and exit codes, Chat's errors returned as they came and the Alertmanager
//! receiver through the Chat API. The relay's request handling in-process is
//! `chat-card-relay/tests/requests.rs`.

mod relay_support;

use std::time::Duration;

use chat_card_fake_space::Fault;
use relay_support::*;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alertmanager_fire_and_resolve_land_in_one_thread() {
    let fake = fake_space(Duration::from_millis(100)).await;
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("alertmanager");
    let relay = RelayProcess::start(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--per-space-interval-ms", "100", "--log-json"],
    );
    let query = &webhook[webhook.find('?').expect("query")..];
    let url = format!("{}/alertmanager/AAAA{query}", relay.base());
    let client = client();
    let resolved = FIRING.replace(r#""status": "firing""#, r#""status": "resolved""#);
    let mut threads = Vec::new();
    for payload in [FIRING.to_owned(), resolved] {
        let r = client
            .post(&url)
            .header("content-type", "application/json")
            .body(payload)
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 200);
        let body: Value = read_json(r).await;
        threads.push(body["thread"]["name"].as_str().expect("thread").to_owned());
    }
    assert_eq!(threads[0], threads[1]);
    let delivered = fake.deliveries();
    assert_eq!(delivered.len(), 2);
    assert_eq!(delivered[0].thread_name, delivered[1].thread_name);
    assert_eq!(delivered[0].summary(), "card: [FIRING:1] DiskFull");
    assert_eq!(delivered[1].summary(), "card: [RESOLVED:1] DiskFull");
    assert_eq!(
        delivered[1].reply_option.as_deref(),
        Some("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD")
    );
    let r = client
        .post(&url)
        .body("{\"not\": \"alertmanager\"}")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 400);
    // --log-json: one JSON object per line, the event's fields as keys.
    let logs = relay.logs();
    let events: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let delivered: Vec<&Value> = events
        .iter()
        .filter(|e| e["fields"]["message"] == "relay: delivered")
        .collect();
    assert_eq!(delivered.len(), 2, "{logs}");
    assert_eq!(delivered[0]["fields"]["space"], "AAAA");
    assert!(delivered[0]["fields"]["request_id"].is_string(), "{logs}");
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_errors_come_back_as_they_came_and_secrets_stay_out_of_logs() {
    let fake = fake_space(Duration::from_millis(100)).await;
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let key = webhook
        .split("key=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .expect("key")
        .to_owned();
    let token = webhook.split("token=").nth(1).expect("token").to_owned();
    let dir = temp_dir("secrets");
    let relay = RelayProcess::start_with_env(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--per-space-interval-ms", "100"],
        &[
            ("RUST_LOG", "trace"),
            ("CHAT_CARD_RELAY_OPS_TOKEN", OPS_TOKEN),
        ],
    );
    let client = client();
    let url = relay.url_for(&webhook);
    let r = client
        .post(&url)
        .header("content-type", "application/json")
        .body(json!({"text": "fine"}).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    fake.push_fault(Fault::Status(403));
    let r = client
        .post(&url)
        .header("content-type", "application/json")
        .body(json!({"text": "refused"}).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    let body: Value = read_json(r).await;
    assert_eq!(body["error"]["status"], "PERMISSION_DENIED");
    let unauthorized = client
        .get(format!("{}/relay/dead", relay.base()))
        .send()
        .await
        .expect("get");
    assert_eq!(unauthorized.status(), 401);
    let dead: Value = read_json(
        client
            .get(format!("{}/relay/dead", relay.base()))
            .bearer_auth(OPS_TOKEN)
            .send()
            .await
            .expect("get"),
    )
    .await;
    let list = dead["deadLetters"].as_array().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["http"], 403);
    assert_eq!(list[0]["message"]["text"], "refused");
    let metrics = metrics(&client, &relay).await;
    assert!(
        metrics.contains("chat_card_relay_failed_total 1"),
        "{metrics}"
    );
    let logs = relay.logs();
    assert!(logs.contains("relay: delivered"), "{logs}");
    assert!(logs.contains("dead-letter"), "{logs}");
    for (what, text) in [
        ("logs", logs),
        ("dead letters", dead.to_string()),
        ("metrics", metrics),
    ] {
        assert!(!text.contains(&key), "the key leaked into the {what}");
        assert!(!text.contains(&token), "the token leaked into the {what}");
    }
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(feature = "chat-api")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_chat_api_credentials_the_alert_card_is_updated_in_place() {
    let fake = fake_space(Duration::from_millis(100)).await;
    let dir = temp_dir("alert-api");
    let key = dir.join("key.json");
    std::fs::write(
        &key,
        fake.chat_api()
            .service_account_key_json("relay-app@fake-project.iam.gserviceaccount.com")
            .expect("key"),
    )
    .expect("write key");
    let base = format!("http://{}", fake.local_addr());
    let relay = RelayProcess::start(
        &dir,
        &base,
        &[
            "--per-space-interval-ms",
            "100",
            "--credentials",
            key.to_str().expect("path"),
            "--api-base",
            &base,
        ],
    );
    // As the Chat app, no webhook key and token are needed.
    let url = format!("{}/alertmanager/AAAA", relay.base());
    let client = client();
    let post = |body: String| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let r = client
                .post(&url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("post");
            let status = r.status().as_u16();
            (status, read_json(r).await)
        }
    };
    let resolved = FIRING.replace(r#""status": "firing""#, r#""status": "resolved""#);
    let (status, created) = post(FIRING.to_owned()).await;
    assert_eq!(status, 200, "{created}");
    let name = created["name"].as_str().expect("name").to_owned();
    let client_id = created["clientAssignedMessageId"]
        .as_str()
        .expect("client-assigned id")
        .to_owned();
    assert!(client_id.starts_with("client-am-"), "{client_id}");
    let (status, updated) = post(resolved).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["name"], name.as_str());
    // One card, updated in place to "resolved"; no reply.
    assert_eq!(fake.deliveries().len(), 1);
    let updates = fake.chat_api().updates();
    assert_eq!(updates.len(), 1);
    assert!(updates[0].requested_as.ends_with(&client_id));
    let now = fake.chat_api().message(&name).expect("the card exists");
    assert_eq!(
        now.pointer("/cardsV2/0/card/header/title"),
        Some(&json!("[RESOLVED:1] DiskFull"))
    );
    // The group fires again later: a new card, in the same thread.
    let (status, again) = post(FIRING.to_owned()).await;
    assert_eq!(status, 200, "{again}");
    assert_ne!(again["name"], name.as_str());
    let delivered = fake.deliveries();
    assert_eq!(delivered.len(), 2);
    assert_eq!(delivered[0].thread_name, delivered[1].thread_name);
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_settings_exit_2_and_say_how_to_fix_them() {
    let dir = temp_dir("settings");
    let run = |args: &[&str]| {
        std::process::Command::new(BIN)
            .arg("relay")
            .arg("--state")
            .arg(dir.join("state"))
            .args(args)
            .output()
            .expect("runs")
    };
    for (args, says) in [
        (
            &["--upstream", "http://example.com"][..],
            "plain http is only allowed for loopback",
        ),
        (
            &["--upstream", "https://chat.googleapis.com/v1"][..],
            "without a path",
        ),
        (&["--wait", "5000"][..], "--wait must be between 0 and 3600"),
        (
            &[
                "--listen",
                "127.0.0.1:0",
                "--credentials",
                "/nonexistent/key.json",
            ][..],
            "key.json",
        ),
    ] {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        // Without the Chat API built in, --credentials says so instead.
        let no_api = cfg!(not(feature = "chat-api")) && stderr.contains("--features chat-api");
        assert!(stderr.contains(says) || no_api, "{args:?}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
