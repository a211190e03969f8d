//! `chat-card relay` as a process against the fake Chat space, on 127.0.0.1 only: pacing
//! and order, durability across `kill -9`, no duplicate after a crash mid-delivery,
//! refusals (invalid, full queue), the Alertmanager receiver, SIGTERM, and secrets kept
//! out of logs, metrics and the dead-letter list.

#![cfg(all(feature = "cli", feature = "relay"))]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chat_card::fake_space::{FakeSpace, Fault};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_chat-card");

/// A fresh directory for one test (state and logs).
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chat-card-relay-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A loopback port nothing listens on: an upstream that refuses every connection.
fn closed_port_upstream() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A relay process.
struct RelayProcess {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl RelayProcess {
    /// Starts `chat-card relay` on a free port with its queue in `dir/state`, logging to
    /// `dir/relay-N.log`.
    fn start(dir: &Path, upstream: &str, extra: &[&str]) -> RelayProcess {
        Self::start_with_env(dir, upstream, extra, &[])
    }

    fn start_with_env(
        dir: &Path,
        upstream: &str,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> RelayProcess {
        let n = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
        let log = dir.join(format!("relay-{n}.log"));
        let mut command = Command::new(BIN);
        command
            .args(["relay", "--listen", "127.0.0.1:0", "--upstream", upstream])
            .arg("--state")
            .arg(dir.join("state"))
            .args(extra)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"));
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("relay starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("chat-card relay listening on http://") {
                    let _ = tx.send(addr.to_owned());
                }
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(a) => a,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the relay did not start: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        RelayProcess { child, addr, log }
    }

    /// The relay's URL for a fake-space webhook URL: the same path and query, another host.
    fn url_for(&self, webhook: &str) -> String {
        let path = &webhook[webhook.find("/v1/").expect("webhook path")..];
        format!("http://{}{path}", self.addr)
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `kill -9`.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// Waits until `done` holds, at most `limit`.
async fn wait_until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn get_json(client: &reqwest::Client, url: &str) -> Value {
    client
        .get(url)
        .send()
        .await
        .expect("get")
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).expect("json"))
        .expect("body")
}

async fn read_json(r: reqwest::Response) -> Value {
    let bytes = r.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("json")
}

async fn queued(client: &reqwest::Client, relay: &RelayProcess) -> u64 {
    get_json(client, &format!("{}/healthz", relay.base())).await["queued"]
        .as_u64()
        .expect("queued")
}

fn queue_id(response: &reqwest::Response) -> i64 {
    response.headers()["x-chat-card-relay-id"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_posts_arrive_in_order_paced_without_429() {
    let interval = Duration::from_millis(200);
    let fake = FakeSpace::builder()
        .quota_interval(interval)
        .start()
        .await
        .expect("fake");
    let dir = temp_dir("fifty");
    let relay = RelayProcess::start(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--interval", "200", "--wait", "2"],
    );
    let url = relay.url_for(&fake.webhook_url_with_credentials("AAAA"));
    let client = client();
    let posts: Vec<_> = (0..50)
        .map(|i| {
            let client = client.clone();
            let url = format!("{url}&requestId=post-{i}");
            tokio::spawn(async move {
                let r = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(json!({ "text": format!("message {i}") }).to_string())
                    .send()
                    .await
                    .expect("post");
                (
                    i,
                    r.status().as_u16(),
                    queue_id(&r),
                    r.bytes()
                        .await
                        .map(|b| serde_json::from_slice::<Value>(&b).expect("json"))
                        .expect("body"),
                )
            })
        })
        .collect();
    let mut accepted: HashMap<String, i64> = HashMap::new();
    for post in posts {
        let (i, status, id, body) = post.await.expect("task");
        assert!(status == 200 || status == 202, "post {i}: {status} {body}");
        if status == 200 {
            assert!(
                body["name"]
                    .as_str()
                    .expect("name")
                    .starts_with("spaces/AAAA/messages/")
            );
            assert!(body["thread"]["name"].is_string(), "{body}");
        } else {
            assert_eq!(body["queued"], id, "{body}");
            assert!(body["position"].as_u64().expect("position") >= 1);
            assert!(body["etaSeconds"].is_u64(), "{body}");
        }
        accepted.insert(format!("post-{i}"), id);
    }
    wait_until(Duration::from_secs(40), "50 deliveries", || {
        fake.deliveries().len() >= 50
    })
    .await;
    let delivered = fake.deliveries();
    assert_eq!(delivered.len(), 50);
    // In the order the relay accepted them.
    let ids: Vec<i64> = delivered
        .iter()
        .map(|d| accepted[d.request_id.as_deref().expect("request id")])
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "delivered out of acceptance order (or twice)");
    // Paced: nothing refused by the quota, consecutive posts at least an interval apart
    // (less the fake space's own 50 ms allowance for clock jitter).
    assert_eq!(fake.quota_rejections(), 0);
    assert_eq!(fake.count_status(429), 0);
    for pair in delivered.windows(2) {
        let gap = pair[1].received_at - pair[0].received_at;
        assert!(gap >= interval - Duration::from_millis(50), "gap {gap:?}");
    }
    let metrics = client
        .get(format!("{}/metrics", relay.base()))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("chat_card_relay_delivered_total 50"),
        "{metrics}"
    );
    assert!(
        metrics.contains("chat_card_relay_accepted_total 50"),
        "{metrics}"
    );
    assert!(
        metrics.contains("chat_card_relay_upstream_rate_limited_total 0"),
        "{metrics}"
    );
    assert!(metrics.contains("chat_card_relay_queued 0"), "{metrics}");
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_with_30_queued_then_restart_delivers_each_once_in_order() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(100))
        .start()
        .await
        .expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("kill9");
    // First run: Chat unreachable, so everything stays queued.
    let relay = RelayProcess::start(
        &dir,
        &closed_port_upstream(),
        &["--interval", "100", "--wait", "0"],
    );
    let url = relay.url_for(&webhook);
    let client = client();
    for i in 0..30 {
        let r = client
            .post(&url)
            .header("content-type", "application/json")
            .body(json!({ "text": format!("queued {i}") }).to_string())
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 202, "{i}");
    }
    assert_eq!(queued(&client, &relay).await, 30);
    relay.kill();
    // Second run on the same state, Chat reachable.
    let relay = RelayProcess::start(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--interval", "100"],
    );
    wait_until(Duration::from_secs(30), "30 deliveries", || {
        fake.deliveries().len() >= 30
    })
    .await;
    let texts: Vec<String> = fake.deliveries().iter().map(|d| d.summary()).collect();
    let expected: Vec<String> = (0..30).map(|i| format!("queued {i}")).collect();
    assert_eq!(texts, expected);
    let ids: std::collections::HashSet<_> = fake
        .deliveries()
        .iter()
        .map(|d| d.request_id.clone())
        .collect();
    assert_eq!(ids.len(), 30, "every message has its own request id");
    let start = Instant::now();
    while queued(&client, &relay).await != 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "queue not emptied"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Nothing more arrives later.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fake.deliveries().len(), 30);
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_while_a_message_is_in_flight_posts_it_once() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(100))
        .start()
        .await
        .expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let upstream = format!("http://{}", fake.local_addr());
    let dir = temp_dir("inflight");
    // Chat posts the message, then is slow to answer: the relay dies before it knows.
    fake.push_fault(Fault::SlowAnswer(Duration::from_secs(20)));
    let relay = RelayProcess::start(&dir, &upstream, &["--interval", "100", "--wait", "0"]);
    let client = client();
    let r = client
        .post(relay.url_for(&webhook))
        .header("content-type", "application/json")
        .body(json!({ "text": "exactly once" }).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 202);
    wait_until(Duration::from_secs(10), "the post to reach Chat", || {
        fake.deliveries().len() == 1
    })
    .await;
    relay.kill();
    let relay = RelayProcess::start(&dir, &upstream, &["--interval", "100"]);
    let start = Instant::now();
    while queued(&client, &relay).await != 0 {
        assert!(start.elapsed() < Duration::from_secs(15), "not re-sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let delivered = fake.deliveries();
    assert_eq!(delivered.len(), 1, "posted twice: {delivered:?}");
    let request_id = delivered[0].request_id.clone().expect("request id");
    let sends = fake
        .requests()
        .iter()
        .filter(|r| r.request_id.as_deref() == Some(request_id.as_str()))
        .count();
    assert!(
        sends >= 2,
        "the restart re-sent with the same request id ({sends})"
    );
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_and_oversized_messages_get_400_and_are_not_queued_warnings_pass() {
    let fake = FakeSpace::start().await.expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("invalid");
    let relay = RelayProcess::start(&dir, &format!("http://{}", fake.local_addr()), &[]);
    let client = client();
    let url = relay.url_for(&webhook);
    let r = client
        .post(&url)
        .body(r#"{"text": "<b>bold</b> is not HTML in message text"}"#)
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
        "text"
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
    let metrics = client
        .get(format!("{}/metrics", relay.base()))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(
        metrics.contains("chat_card_relay_refused_total{reason=\"invalid\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("chat_card_relay_accepted_total 1"),
        "{metrics}"
    );
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_429_with_retry_after_and_keeps_what_it_has() {
    let fake = FakeSpace::start().await.expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("full");
    let relay = RelayProcess::start(
        &dir,
        &closed_port_upstream(),
        &["--max-queue", "3", "--wait", "0"],
    );
    let client = client();
    let url = relay.url_for(&webhook);
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
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

const FIRING: &str = r#"{
  "version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": "firing",
  "receiver": "chat", "groupLabels": {"alertname": "DiskFull"},
  "commonLabels": {"alertname": "DiskFull", "severity": "page"},
  "commonAnnotations": {"summary": "Disk full on db-1"},
  "externalURL": "https://alertmanager.example.com", "truncatedAlerts": 0,
  "alerts": [{"status": "firing", "labels": {"alertname": "DiskFull", "instance": "db-1"},
              "annotations": {"summary": "92% used"}, "startsAt": "2026-11-30T10:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "abc",
              "generatorURL": "https://prometheus.example.com/graph"}]
}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alertmanager_fire_and_resolve_land_in_one_thread() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(100))
        .start()
        .await
        .expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("alertmanager");
    let relay = RelayProcess::start(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--interval", "100"],
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
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_answers_in_flight_keeps_the_queue_and_exits() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(100))
        .start()
        .await
        .expect("fake");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("sigterm");
    let relay = RelayProcess::start(&dir, &closed_port_upstream(), &["--wait", "30"]);
    let client = client();
    let url = relay.url_for(&webhook);
    let post = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .post(&url)
                .header("content-type", "application/json")
                .body(json!({ "text": "survives SIGTERM" }).to_string())
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }
    });
    wait_until(Duration::from_secs(10), "the post to be queued", || {
        std::fs::read_to_string(&relay.log).is_ok_and(|l| l.contains("relay: queued"))
    })
    .await;
    let pid = relay.child.id().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    // The waiting request is answered (202: still queued) instead of cut off.
    assert_eq!(post.await.expect("task"), 202);
    let mut relay = relay;
    let start = Instant::now();
    let exit = loop {
        if let Some(s) = relay.child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no exit after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "{exit:?}: {}", relay.logs());
    let relay = RelayProcess::start(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--interval", "100"],
    );
    wait_until(
        Duration::from_secs(10),
        "the delivery after restart",
        || fake.deliveries().len() == 1,
    )
    .await;
    assert_eq!(fake.deliveries()[0].summary(), "survives SIGTERM");
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_errors_come_back_as_they_came_and_secrets_stay_out_of_logs() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(100))
        .start()
        .await
        .expect("fake");
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
        &["--interval", "100"],
        &[("RUST_LOG", "trace")],
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
    let dead = get_json(&client, &format!("{}/relay/dead", relay.base())).await;
    let list = dead["deadLetters"].as_array().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["http"], 403);
    assert_eq!(list[0]["message"]["text"], "refused");
    let metrics = client
        .get(format!("{}/metrics", relay.base()))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
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
    let fake = FakeSpace::builder()
        .quota_interval(Duration::from_millis(100))
        .start()
        .await
        .expect("fake");
    let dir = temp_dir("alert-api");
    let key = dir.join("key.json");
    std::fs::write(
        &key,
        fake.service_account_key_json("relay-app@fake-project.iam.gserviceaccount.com")
            .expect("key"),
    )
    .expect("write key");
    let base = format!("http://{}", fake.local_addr());
    let relay = RelayProcess::start(
        &dir,
        &base,
        &[
            "--interval",
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
    let updates = fake.updates();
    assert_eq!(updates.len(), 1);
    assert!(updates[0].requested_as.ends_with(&client_id));
    let now = fake.message(&name).expect("the card exists");
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
