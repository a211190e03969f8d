//! `chat-card relay` as a process against the fake Chat space, on 127.0.0.1 only:
//! delivery. 50 concurrent posts paced and in order, durability across `kill -9`, no
//! duplicate after a crash mid-delivery, SIGTERM, two relays pacing one space together
//! through Redis.

mod relay_support;

use std::collections::HashMap;
use std::process::Command;
use std::time::{Duration, Instant};

use chat_card_fake_space::Fault;
use relay_support::*;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_posts_arrive_in_order_paced_without_429() {
    let interval = Duration::from_millis(200);
    let fake = fake_space(interval).await;
    let dir = temp_dir("fifty");
    let relay = RelayProcess::start(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &["--per-space-interval-ms", "200", "--wait", "2"],
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
    // ... and at the quota, not far below it: 49 gaps of one interval each, give or take
    // the round trips (the acceptance bound, generous for a loaded machine).
    let span = delivered[49].received_at - delivered[0].received_at;
    let ideal = interval * 49;
    assert!(
        span.as_secs_f64() <= ideal.as_secs_f64() * 1.5,
        "50 messages took {span:?}, the quota allows them in {ideal:?}"
    );
    // The relay counts a delivery once Chat's answer is back, just after Chat recorded it.
    let start = Instant::now();
    while queued(&client, &relay).await != 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the queue did not empty"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let metrics = metrics(&client, &relay).await;
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
    let fake = fake_space(Duration::from_millis(100)).await;
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("kill9");
    // First run: Chat unreachable, so everything stays queued.
    let relay = RelayProcess::start(
        &dir,
        &closed_port_upstream(),
        &["--per-space-interval-ms", "100", "--wait", "0"],
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
        &["--per-space-interval-ms", "100"],
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
    let fake = fake_space(Duration::from_millis(100)).await;
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let upstream = format!("http://{}", fake.local_addr());
    let dir = temp_dir("inflight");
    // Chat posts the message, then is slow to answer: the relay dies before it knows.
    fake.push_fault(Fault::SlowAnswer(Duration::from_secs(20)));
    let relay = RelayProcess::start(
        &dir,
        &upstream,
        &["--per-space-interval-ms", "100", "--wait", "0"],
    );
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
    let relay = RelayProcess::start(&dir, &upstream, &["--per-space-interval-ms", "100"]);
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
async fn sigterm_answers_in_flight_keeps_the_queue_and_exits() {
    let fake = fake_space(Duration::from_millis(100)).await;
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
        &["--per-space-interval-ms", "100"],
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

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_relays_sharing_redis_pace_one_space_together() {
    let Some(redis) = chat_card_test_support::redis::RedisServer::start("relay_shared_pacing")
    else {
        return;
    };
    let interval = Duration::from_millis(200);
    let fake = fake_space(interval).await;
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let upstream = format!("http://{}", fake.local_addr());
    let redis_url = redis.url();
    let args = [
        "--per-space-interval-ms",
        "200",
        "--wait",
        "0",
        "--redis",
        redis_url.as_str(),
    ];
    let dir_a = temp_dir("redis-a");
    let dir_b = temp_dir("redis-b");
    let a = RelayProcess::start(&dir_a, &upstream, &args);
    let b = RelayProcess::start(&dir_b, &upstream, &args);
    let client = client();
    let mut posts = Vec::new();
    for i in 0..20 {
        let url = if i % 2 == 0 {
            a.url_for(&webhook)
        } else {
            b.url_for(&webhook)
        };
        let client = client.clone();
        posts.push(tokio::spawn(async move {
            client
                .post(&url)
                .header("content-type", "application/json")
                .body(json!({ "text": format!("shared {i}") }).to_string())
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }));
    }
    for post in posts {
        assert_eq!(post.await.expect("task"), 202);
    }
    wait_until(Duration::from_secs(30), "20 deliveries", || {
        fake.deliveries().len() >= 20
    })
    .await;
    // Two processes, one schedule: the space's quota was never broken.
    assert_eq!(fake.quota_rejections(), 0);
    assert_eq!(fake.count_status(429), 0);
    let delivered = fake.deliveries();
    assert_eq!(delivered.len(), 20);
    for pair in delivered.windows(2) {
        let gap = pair[1].received_at - pair[0].received_at;
        assert!(gap >= interval - Duration::from_millis(50), "gap {gap:?}");
    }
    drop((a, b));
    let _ = std::fs::remove_dir_all(&dir_a);
    let _ = std::fs::remove_dir_all(&dir_b);
}
}
