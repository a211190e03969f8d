//! `chat-card relay --queue redis` as processes: several relays sharing one queue in
//! Redis Streams on a real `redis-server` (`appendonly yes`, `appendfsync always`),
//! against the fake Chat space, on 127.0.0.1 only. A relay killed with its state
//! directory, Redis killed and restarted, Redis unreachable, a relay stopped with
//! SIGSTOP, and an Alertmanager group continued by another relay.

mod relay_support;

use std::time::{Duration, Instant};

use chat_card_test_support::redis::RedisServer;
use relay_support::*;
use serde_json::json;

/// The arguments of a relay on the Redis queue at `redis` with a 2 s lease, pacing
/// each space every `interval_ms`, waiting `wait` seconds for Chat's answer.
fn redis_args(redis: &str, interval_ms: &str, wait: &str) -> Vec<String> {
    [
        "--queue",
        "redis",
        "--redis",
        redis,
        "--queue-lease",
        "2",
        "--per-space-interval-ms",
        interval_ms,
        "--wait",
        wait,
    ]
    .map(str::to_owned)
    .to_vec()
}

fn start_relay(dir: &std::path::Path, upstream: &str, args: &[String]) -> RelayProcess {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    RelayProcess::start_with_env(dir, upstream, &args, &[("RUST_LOG", "trace")])
}

/// Posts `text` with `requestId` `id` through `relay`; the HTTP status.
async fn post(
    client: &reqwest::Client,
    relay: &RelayProcess,
    webhook: &str,
    id: &str,
    text: &str,
) -> u16 {
    client
        .post(format!("{}&requestId={id}", relay.url_for(webhook)))
        .header("content-type", "application/json")
        .body(json!({ "text": text }).to_string())
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// The texts the fake space received in `space`, in arrival order.
fn texts(fake: &chat_card_fake_space::FakeSpace, space: &str) -> Vec<String> {
    fake.deliveries_in(space)
        .iter()
        .map(|d| d.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Sends a signal to a relay process (`kill -STOP` / `kill -CONT`).
fn signal(relay: &RelayProcess, sig: &str) {
    let ok = std::process::Command::new("kill")
        .args([sig, &relay.child.id().to_string()])
        .status()
        .expect("kill runs")
        .success();
    assert!(ok, "kill {sig} failed");
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_relays_one_killed_with_its_state_deliver_all_sixty_once_in_order() {
    let Some(redis) = RedisServer::start_durable("relay_queue_three", Some("redis-pw-4711")) else {
        return;
    };
    let fake = fake_space(Duration::from_millis(100)).await;
    let upstream = format!("http://{}", fake.local_addr());
    let spaces = ["AAAA", "BBBB", "CCCC"];
    let hooks: Vec<String> = spaces
        .iter()
        .map(|s| fake.webhook_url_with_credentials(s))
        .collect();
    let args = redis_args(&redis.url(), "100", "0");
    let dirs: Vec<_> = (0..3).map(|i| temp_dir(&format!("redisq-three-{i}"))).collect();
    let mut relays: Vec<Option<RelayProcess>> =
        dirs.iter().map(|d| Some(start_relay(d, &upstream, &args))).collect();
    let client = client();
    let mut logs = String::new();
    for i in 0..60 {
        if i == 30 {
            // Mid-drain: relay 1 dies with its disk.
            let dead = relays[1].take().expect("relay 1");
            logs.push_str(&dead.logs());
            dead.kill();
            std::fs::remove_dir_all(&dirs[1]).expect("state dir removed");
        }
        let space = i % 3;
        let relay = relays[(i / 3) % 3]
            .as_ref()
            .or(relays[0].as_ref())
            .expect("a live relay");
        let status = post(&client, relay, &hooks[space], &format!("r-{i}"), &format!("{}-{i}", spaces[space])).await;
        assert_eq!(status, 202, "post {i}");
    }
    wait_until(Duration::from_secs(40), "60 deliveries", || fake.deliveries().len() >= 60).await;
    // Nothing more comes (a takeover could have doubled one).
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.deliveries().len(), 60);
    for (s, space) in spaces.iter().enumerate() {
        let expected: Vec<String> = (0..60).filter(|i| i % 3 == s).map(|i| format!("{space}-{i}")).collect();
        assert_eq!(texts(&fake, space), expected, "space {space}: each once, in posting order");
    }
    assert_eq!(fake.quota_rejections(), 0);
    assert_eq!(fake.count_status(429), 0);
    // The queue is trimmed: the streams are empty once delivered.
    for space in spaces {
        let len = redis.command(&["XLEN", &format!("chat-card:{{{space}}}:queue")]).unwrap_or_default();
        assert_eq!(len, "0", "stream of {space}");
    }
    // No secret in any log at trace level: the Redis password, webhook keys and tokens.
    for relay in relays.iter().flatten() {
        logs.push_str(&relay.logs());
    }
    assert!(logs.contains("TRACE"), "not logged at trace level");
    assert!(logs.contains("relay: queue in Redis Streams"), "not on the Redis queue: {logs}");
    assert!(logs.contains("appendfsync always"), "the guarantee is not logged");
    assert!(!logs.contains("redis-pw-4711"), "the Redis password leaked into the logs");
    for hook in &hooks {
        let query = url::Url::parse(hook).expect("url");
        for (k, v) in query.query_pairs() {
            assert!(!logs.contains(&*v), "the webhook {k} leaked into the logs");
        }
    }
    drop(relays);
    for d in dirs {
        let _ = std::fs::remove_dir_all(d);
    }
}
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_gets_503_and_a_killed_redis_loses_nothing_acknowledged() {
    let Some(mut redis) = RedisServer::start_durable("relay_queue_restart", None) else {
        return;
    };
    let fake = fake_space(Duration::from_millis(100)).await;
    let upstream = format!("http://{}", fake.local_addr());
    let hook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("redisq-restart");
    let relay = start_relay(&dir, &upstream, &redis_args(&redis.url(), "100", "0"));
    let client = client();
    let mut acknowledged = Vec::new();
    for i in 0..15 {
        let status = post(&client, &relay, &hook, &format!("r-{i}"), &format!("m-{i}")).await;
        assert_eq!(status, 202, "post {i}");
        acknowledged.push(format!("m-{i}"));
    }
    // Killed mid-run, with messages still queued.
    redis.kill();
    for i in 15..20 {
        let r = client
            .post(format!("{}&requestId=r-{i}", relay.url_for(&hook)))
            .header("content-type", "application/json")
            .body(json!({ "text": format!("m-{i}") }).to_string())
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 503, "post {i} while Redis is down");
        assert!(r.headers().contains_key("retry-after"), "503 without Retry-After");
    }
    let health = client.get(format!("{}/healthz", relay.base())).send().await.expect("healthz");
    assert_eq!(health.status(), 503, "healthz while Redis is down");
    redis.restart();
    for i in 20..25 {
        let status = post(&client, &relay, &hook, &format!("r-{i}"), &format!("m-{i}")).await;
        assert_eq!(status, 202, "post {i} after the restart");
        acknowledged.push(format!("m-{i}"));
    }
    wait_until(Duration::from_secs(30), "every acknowledged message", || {
        texts(&fake, "AAAA").len() >= acknowledged.len()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(texts(&fake, "AAAA"), acknowledged, "each acknowledged message once, in order");
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_relay_loses_its_space_and_nothing_is_sent_twice() {
    let Some(redis) = RedisServer::start_durable("relay_queue_sigstop", None) else {
        return;
    };
    let fake = fake_space(Duration::from_millis(300)).await;
    let upstream = format!("http://{}", fake.local_addr());
    let hook = fake.webhook_url_with_credentials("AAAA");
    let args = redis_args(&redis.url(), "300", "0");
    let dir_a = temp_dir("redisq-stop-a");
    let dir_b = temp_dir("redisq-stop-b");
    let a = start_relay(&dir_a, &upstream, &args);
    let b = start_relay(&dir_b, &upstream, &args);
    let client = client();
    for i in 0..20 {
        assert_eq!(post(&client, &a, &hook, &format!("r-{i}"), &format!("m-{i}")).await, 202);
    }
    wait_until(Duration::from_secs(10), "a first delivery", || !fake.deliveries().is_empty()).await;
    // Whoever holds the space is stopped.
    let page = metrics(&client, &a).await;
    assert!(page.contains("chat_card_relay_space_queue_length{space=\"AAAA\"}"), "{page}");
    assert!(page.contains("chat_card_relay_space_lease{space=\"AAAA\",holder="), "{page}");
    let holder = if page.contains("holder=\"self\"") { &a } else { &b };
    let other = if std::ptr::eq(holder, &a) { &b } else { &a };
    signal(holder, "-STOP");
    let stopped_at = Instant::now();
    let before = fake.deliveries().len();
    // Within the lease (2 s) plus the reclaim time of a message left in flight (one
    // attempt's timeout, the lease here, plus the pacing interval), with slack.
    wait_until(Duration::from_secs(12), "the other relay to take the space over", || {
        fake.deliveries().len() > before + 1
    })
    .await;
    let took = stopped_at.elapsed();
    signal(holder, "-CONT");
    wait_until(Duration::from_secs(20), "20 deliveries", || fake.deliveries().len() >= 20).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let expected: Vec<String> = (0..20).map(|i| format!("m-{i}")).collect();
    assert_eq!(texts(&fake, "AAAA"), expected, "each once, in order (took over after {took:?})");
    assert!(other.logs().contains("relay: delivered"), "the other relay delivered nothing");
    drop((a, b));
    let _ = std::fs::remove_dir_all(&dir_a);
    let _ = std::fs::remove_dir_all(&dir_b);
}
}

#[cfg(feature = "chat-api")]
chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_group_started_on_one_relay_is_resolved_in_place_through_another() {
    let Some(redis) = RedisServer::start_durable("relay_queue_alerts", None) else {
        return;
    };
    let fake = fake_space(Duration::from_millis(100)).await;
    let base = format!("http://{}", fake.local_addr());
    let dir_a = temp_dir("redisq-alert-a");
    let dir_b = temp_dir("redisq-alert-b");
    let key = dir_a.join("key.json");
    std::fs::write(
        &key,
        fake.chat_api()
            .service_account_key_json("relay-app@fake-project.iam.gserviceaccount.com")
            .expect("key"),
    )
    .expect("write key");
    let mut args = redis_args(&redis.url(), "100", "5");
    args.extend(
        ["--credentials", key.to_str().expect("path"), "--api-base", &base]
            .map(str::to_owned),
    );
    let a = start_relay(&dir_a, &base, &args);
    let b = start_relay(&dir_b, &base, &args);
    let client = client();
    let send = |relay: &RelayProcess, body: String| {
        let url = format!("{}/alertmanager/AAAA", relay.base());
        let client = client.clone();
        async move {
            client
                .post(&url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }
    };
    let status = send(&a, FIRING.to_owned()).await;
    assert!(status == 200 || status == 202, "firing: {status}");
    wait_until(Duration::from_secs(10), "the card", || fake.deliveries().len() == 1).await;
    let resolved = FIRING.replace(r#""status": "firing""#, r#""status": "resolved""#);
    let status = send(&b, resolved).await;
    assert!(status == 200 || status == 202, "resolved: {status}");
    wait_until(Duration::from_secs(10), "the update", || {
        fake.chat_api().updates().len() == 1
    })
    .await;
    // One card, updated in place through the other relay: same message, same thread.
    assert_eq!(fake.deliveries().len(), 1);
    let card = &fake.deliveries()[0];
    let updates = fake.chat_api().updates();
    let now = fake.chat_api().message(&card.name).expect("the card exists");
    assert_eq!(
        now.pointer("/cardsV2/0/card/header/title"),
        Some(&json!("[RESOLVED:1] DiskFull")),
        "{updates:?}"
    );
    drop((a, b));
    let _ = std::fs::remove_dir_all(&dir_a);
    let _ = std::fs::remove_dir_all(&dir_b);
}
}

chat_card_test_support::needs_redis! {
#[test]
fn a_redis_without_persistence_is_refused_unless_told_so() {
    let Some(redis) = RedisServer::start_with("relay_queue_refuse", Some("redis-pw-0815")) else {
        return;
    };
    let dir = temp_dir("redisq-refuse");
    let run = |extra: &[&str]| {
        std::process::Command::new(BIN)
            .args(["relay", "--listen", "127.0.0.1:0", "--state"])
            .arg(dir.join("state"))
            .args(["--queue", "redis"])
            .args(extra)
            .env("CHAT_CARD_REDIS_URL", redis.url())
            .env_remove("RUST_LOG")
            .output()
            .expect("runs")
    };
    let out = run(&[]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--queue redis"), "{err}");
    assert!(err.contains("no append-only file"), "{err}");
    assert!(err.contains("--queue-durability none"), "{err}");
    assert!(!err.contains("redis-pw-0815"), "the password leaked: {err}");
    let out = run(&["--queue-durability", "sometimes"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("always, everysec or none"), "{err}");
    let out = std::process::Command::new(BIN)
        .args(["relay", "--state"])
        .arg(dir.join("state"))
        .args(["--queue", "redis"])
        .env_remove("CHAT_CARD_REDIS_URL")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("give --redis URL"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_without_persistence_recreates_the_group_instead_of_wedging() {
    let Some(mut redis) = RedisServer::start("relay_queue_nogroup") else {
        return;
    };
    let fake = fake_space(Duration::from_millis(50)).await;
    let upstream = format!("http://{}", fake.local_addr());
    let hook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("redisq-nogroup");
    let mut args = redis_args(&redis.url(), "50", "2");
    args.extend(["--queue-durability".to_owned(), "none".to_owned()]);
    let relay = start_relay(&dir, &upstream, &args);
    let client = client();
    assert_eq!(post(&client, &relay, &hook, "r-0", "before").await, 200);
    // The stream, its consumer group and the counters vanish with the data.
    redis.restart();
    assert_eq!(redis.command(&["EXISTS", "chat-card:{AAAA}:queue"]).as_deref(), Some("0"));
    // Like any client, retry a 503: the first post may meet a connection that died with
    // the old server (not stored, so not acknowledged).
    let mut status = 0;
    for _ in 0..3 {
        status = post(&client, &relay, &hook, "r-1", "after").await;
        if status != 503 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(status == 200 || status == 202, "after the restart: {status}");
    wait_until(Duration::from_secs(10), "the message after the restart", || {
        texts(&fake, "AAAA").len() >= 2
    })
    .await;
    assert_eq!(texts(&fake, "AAAA"), ["before", "after"]);
    assert!(relay.logs().contains("--queue-durability none"), "the guarantee is not logged");
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_redis_cannot_confirm_on_enough_replicas_gets_503_never_2xx() {
    let Some(primary) = RedisServer::start_durable("relay_queue_replicas", None) else {
        return;
    };
    let fake = fake_space(Duration::from_millis(50)).await;
    let upstream = format!("http://{}", fake.local_addr());
    let hook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("redisq-replicas");
    let mut args = redis_args(&primary.url(), "50", "0");
    args.extend(["--queue-replicas".to_owned(), "1".to_owned()]);
    let relay = start_relay(&dir, &upstream, &args);
    assert!(relay.logs().contains("on 1 replica(s)"), "the guarantee is not logged");
    let client = client();
    // No replica: WAIT times out, the post is not acknowledged.
    let r = client
        .post(format!("{}&requestId=r-0", relay.url_for(&hook)))
        .header("content-type", "application/json")
        .body(json!({ "text": "unconfirmed" }).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"), "503 without Retry-After");
    // With a replica, the same post is acknowledged; its requestId keeps it single.
    let replica = RedisServer::start_replica_of("relay_queue_replicas", &primary).expect("replica");
    assert_eq!(post(&client, &relay, &hook, "r-0", "unconfirmed").await, 202);
    wait_until(Duration::from_secs(10), "the delivery", || !fake.deliveries().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(texts(&fake, "AAAA"), ["unconfirmed"], "posted once");
    drop((relay, replica));
    let _ = std::fs::remove_dir_all(&dir);
}
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_config_file_chooses_the_redis_queue_and_its_keys_are_checked() {
    let Some(redis) = RedisServer::start_with("relay_queue_config", Some("cfg-pw-4711")) else {
        return;
    };
    let fake = fake_space(Duration::from_millis(50)).await;
    let upstream = format!("http://{}", fake.local_addr());
    let hook = fake.webhook_url_with_credentials("CFGQ");
    let dir = temp_dir("redisq-config");
    std::fs::create_dir_all(&dir).expect("dir");
    // The queue keys of the file are the defaults of the --queue flags; the Redis URL
    // comes from the environment variable the file names.
    let config = dir.join("relay.toml");
    std::fs::write(
        &config,
        "queue = \"redis\"\nqueue_durability = \"none\"\nqueue_lease = \"2s\"\n\
         redis_url_env = \"QUEUE_REDIS_URL\"\nper_space_interval = \"50ms\"\n",
    )
    .expect("config written");
    let url = redis.url();
    let relay = RelayProcess::start_with_env(
        &dir,
        &upstream,
        &["--config", config.to_str().expect("utf-8 path"), "--wait", "2"],
        &[("QUEUE_REDIS_URL", url.as_str()), ("RUST_LOG", "trace")],
    );
    let client = client();
    assert_eq!(post(&client, &relay, &hook, "c-0", "from the file").await, 200);
    assert_eq!(texts(&fake, "CFGQ"), ["from the file"]);
    assert!(relay.logs().contains("--queue-durability none"), "the guarantee is not logged");
    assert!(!relay.logs().contains("cfg-pw-4711"), "the Redis password leaked");
    drop(relay);

    // A Redis-only key with the SQLite queue names the key and the fix.
    std::fs::write(&config, "state = \"state\"\nqueue_lease = \"2s\"\n").expect("config written");
    let out = std::process::Command::new(BIN)
        .args(["relay", "--config"])
        .arg(&config)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`queue_lease`") && err.contains("queue = \"redis\""), "{err}");
    // A flag wins over the file: --queue sqlite with the file's Redis keys is refused the same way.
    std::fs::write(&config, "queue = \"redis\"\nqueue_lease = \"2s\"\n").expect("config written");
    let out = std::process::Command::new(BIN)
        .args(["relay", "--state"])
        .arg(dir.join("state2"))
        .args(["--queue", "sqlite", "--config"])
        .arg(&config)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`queue_lease`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
}
