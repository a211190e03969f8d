//! Hostile and damaging input, in-process against the fake Chat space on 127.0.0.1: out
//! of range numbers and oversized space ids get 400, idle spaces free their workers,
//! delivered messages leave no credentials on disk, the operations endpoints stay
//! private, and a queue damaged under a running relay turns `/healthz` to 503. The relay
//! refusing a damaged queue at start is tested as a process with the CLI.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use chat_card_fake_space::{FakeSpace, Fault};
use chat_card_relay::Relay;

mod support;
use serde_json::{Value, json};
use support::{client, closed_port_upstream, start, temp_dir, url_for};

async fn get(client: &reqwest::Client, url: String, token: Option<&str>) -> (u16, String) {
    let mut request = client.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let r = request.send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("text"))
}

async fn post(client: &reqwest::Client, url: &str, body: &str) -> (u16, Value) {
    let r = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    let bytes = r.bytes().await.expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Waits until `done` holds, at most `limit`.
async fn wait_until<F: std::future::Future<Output = bool>>(
    limit: Duration,
    what: &str,
    mut done: impl FnMut() -> F,
) {
    let start = Instant::now();
    while !done().await {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_range_numbers_and_oversized_space_ids_get_a_clear_400() {
    let dir = temp_dir("range");
    let relay = start(Relay::builder(dir.join("state")).upstream(closed_port_upstream())).await;
    let client = client();
    let base = format!("http://{}", relay.local_addr());
    let alert = r#"{"groupKey":"g","status":"firing","alerts":[{"status":"firing"}],"truncatedAlerts":18446744073709551615}"#;
    let (status, body) = post(
        &client,
        &format!("{base}/alertmanager/AAAA?key=k&token=t"),
        alert,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let message = body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("truncatedAlerts is out of range"),
        "{message}"
    );
    let long = "S".repeat(60_000);
    for path in [
        format!("/v1/spaces/{long}/messages?key=k&token=t"),
        format!("/alertmanager/{long}?key=k&token=t"),
    ] {
        let (status, body) = post(&client, &format!("{base}{path}"), r#"{"text":"hi"}"#).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            body["error"]["details"][0]["fieldViolations"][0]["field"],
            "space"
        );
    }
    assert_eq!(relay.queued(), 0);
    assert_eq!(relay.active_spaces(), 0);
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_spaces_free_their_workers() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::ZERO)
        .start()
        .await
        .expect("fake");
    let dir = temp_dir("idle");
    let relay = start(
        Relay::builder(dir.join("state"))
            .upstream(format!("http://{}", fake.local_addr()))
            .per_space_interval(Duration::from_millis(1))
            .wait(Duration::ZERO),
    )
    .await;
    let client = client();
    for i in 0..200 {
        let webhook = fake.webhook_url_with_credentials(&format!("SPACE{i}"));
        let (status, _) = post(&client, &url_for(&relay, &webhook), r#"{"text":"hi"}"#).await;
        assert!(matches!(status, 200 | 202), "{status}");
    }
    wait_until(Duration::from_secs(60), "the queue to drain", || async {
        fake.deliveries().len() == 200 && relay.queued() == 0
    })
    .await;
    wait_until(Duration::from_secs(10), "the workers to end", || async {
        relay.active_spaces() == 0
    })
    .await;
    let (_, metrics) = get(
        &client,
        format!("http://{}/metrics", relay.local_addr()),
        None,
    )
    .await;
    assert!(
        metrics.contains("chat_card_relay_active_spaces 0"),
        "{metrics}"
    );
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every file of `dir` that holds `needle`.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("state dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .map(|p| p.display().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivered_messages_leave_no_key_or_token_on_disk() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::ZERO)
        .start()
        .await
        .expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let key = webhook
        .split("key=")
        .nth(1)
        .expect("key")
        .split('&')
        .next()
        .expect("key");
    let token = webhook.split("token=").nth(1).expect("token").to_owned();
    let dir = temp_dir("wiped");
    let state = dir.join("state");
    let relay = start(
        Relay::builder(&state)
            .upstream(format!("http://{}", fake.local_addr()))
            .per_space_interval(Duration::from_millis(1))
            .wait(Duration::ZERO),
    )
    .await;
    let client = client();
    let url = url_for(&relay, &webhook);
    for i in 0..1000 {
        let (status, _) = post(
            &client,
            &url,
            &json!({ "text": format!("m{i}") }).to_string(),
        )
        .await;
        assert!(matches!(status, 200 | 202), "{status}");
    }
    // While messages wait, their credentials are on disk (that is what makes them durable).
    wait_until(Duration::from_secs(120), "1,000 deliveries", || async {
        let (_, metrics) = get(
            &client,
            format!("http://{}/metrics", relay.local_addr()),
            None,
        )
        .await;
        metrics.contains("chat_card_relay_delivered_total 1000")
    })
    .await;
    assert_eq!(fake.deliveries().len(), 1000);
    for secret in [key, token.as_str()] {
        let found = files_holding(&state, secret.as_bytes());
        assert!(found.is_empty(), "a credential is still in {found:?}");
    }
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_endpoints_have_their_own_listener_or_need_a_token() {
    let fake = FakeSpace::start().await.expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let upstream = format!("http://{}", fake.local_addr());
    let client = client();

    // Without a token or a listener of their own, the dead letters are not served.
    let dir = temp_dir("ops-open");
    let relay = start(Relay::builder(dir.join("state")).upstream(&upstream)).await;
    let base = format!("http://{}", relay.local_addr());
    let (status, text) = get(&client, format!("{base}/relay/dead"), None).await;
    assert_eq!(status, 404);
    assert!(text.contains("--ops-token-file"), "{text}");
    assert_eq!(get(&client, format!("{base}/metrics"), None).await.0, 200);
    relay.shutdown().await;

    // A listener of their own: the public one keeps /healthz only.
    let relay = start(
        Relay::builder(dir.join("state"))
            .upstream(&upstream)
            .ops_listen(SocketAddr::from(([127, 0, 0, 1], 0))),
    )
    .await;
    let base = format!("http://{}", relay.local_addr());
    let ops = format!("http://{}", relay.ops_addr().expect("ops address"));
    assert_eq!(get(&client, format!("{base}/metrics"), None).await.0, 404);
    assert_eq!(
        get(&client, format!("{base}/relay/dead"), None).await.0,
        404
    );
    assert_eq!(get(&client, format!("{base}/healthz"), None).await.0, 200);
    assert_eq!(get(&client, format!("{ops}/metrics"), None).await.0, 200);
    assert_eq!(get(&client, format!("{ops}/relay/dead"), None).await.0, 200);
    assert_eq!(get(&client, format!("{ops}/healthz"), None).await.0, 200);
    relay.shutdown().await;

    // A token: /metrics and /relay/dead need it; the dead letters come a page at a time.
    let relay = start(
        Relay::builder(dir.join("state"))
            .upstream(&upstream)
            .ops_token("s3cret-ops-token"),
    )
    .await;
    let base = format!("http://{}", relay.local_addr());
    for i in 0..3 {
        fake.push_fault(Fault::Status(400));
        let (status, _) = post(
            &client,
            &url_for(&relay, &webhook),
            &json!({ "text": format!("dead {i}") }).to_string(),
        )
        .await;
        assert_eq!(status, 400);
    }
    assert_eq!(get(&client, format!("{base}/metrics"), None).await.0, 401);
    assert_eq!(
        get(&client, format!("{base}/relay/dead"), Some("wrong"))
            .await
            .0,
        401
    );
    let token = Some("s3cret-ops-token");
    let (status, text) = get(&client, format!("{base}/relay/dead?limit=2"), token).await;
    assert_eq!(status, 200, "{text}");
    let page: Value = serde_json::from_str(&text).expect("json");
    let list = page["deadLetters"].as_array().expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["message"]["text"], "dead 2");
    let next = page["nextBefore"].as_i64().expect("a next page");
    let (_, text) = get(
        &client,
        format!("{base}/relay/dead?limit=2&before={next}"),
        token,
    )
    .await;
    let page: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(page["deadLetters"].as_array().expect("list").len(), 1);
    assert_eq!(page["deadLetters"][0]["message"]["text"], "dead 0");
    assert!(page.get("nextBefore").is_none(), "{page}");
    let (status, _) = get(&client, format!("{base}/relay/dead?limit=100000"), token).await;
    assert_eq!(status, 400);
    relay.shutdown().await;

    // Dead letters beyond the count kept are removed.
    let relay = start(
        Relay::builder(dir.join("state"))
            .upstream(&upstream)
            .ops_token("s3cret-ops-token")
            .dead_letter_max_count(1),
    )
    .await;
    let base = format!("http://{}", relay.local_addr());
    wait_until(
        Duration::from_secs(10),
        "old dead letters to go",
        || async {
            let (_, text) = get(&client, format!("{base}/relay/dead"), token).await;
            let page: Value = serde_json::from_str(&text).expect("json");
            page["deadLetters"].as_array().is_some_and(|l| l.len() == 1)
        },
    )
    .await;
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queue_damaged_under_a_running_relay_makes_healthz_503() {
    let dir = temp_dir("damaged");
    let state = dir.join("state");
    let relay = start(
        Relay::builder(&state)
            .upstream(closed_port_upstream())
            .wait(Duration::ZERO),
    )
    .await;
    let client = client();
    let base = format!("http://{}", relay.local_addr());
    // Enough to outgrow SQLite's page cache and its log, so most pages live only in the
    // database file.
    let text = "x".repeat(30_000);
    for _ in 0..300 {
        let (status, _) = post(
            &client,
            &format!("{base}/v1/spaces/AAAA/messages?key=k&token=t"),
            &json!({ "text": text }).to_string(),
        )
        .await;
        assert_eq!(status, 202);
    }
    assert_eq!(get(&client, format!("{base}/healthz"), None).await.0, 200);
    let db = state.join("queue.sqlite3");
    let len = std::fs::metadata(&db).expect("db").len();
    assert!(
        len > 1 << 20,
        "the database holds the messages ({len} bytes)"
    );
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .expect("db");
    std::os::unix::fs::FileExt::write_all_at(&file, &vec![0xA5; (len / 2) as usize], 8192)
        .expect("damage");
    drop(file);
    // Reading the queue (the metrics scan it) meets the damage; health reports it.
    let _ = get(&client, format!("{base}/metrics"), None).await;
    let (status, text) = get(&client, format!("{base}/healthz"), None).await;
    assert_eq!(status, 503, "{text}");
    let health: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(health["status"], "queue-unavailable");
    assert!(
        health["error"].as_str().expect("error").contains("damaged"),
        "{health}"
    );
    relay.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
