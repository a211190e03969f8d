//! Shared pacing through a real `redis-server` (one per test, on a free loopback port),
//! with senders that share nothing else (as separate processes would) against the fake
//! space. A short quota (200 ms) keeps the tests fast; the senders pace to the same.

#![cfg(feature = "redis")]

use std::time::{Duration, Instant};

use chat_card::{SendOptions, Sender, SharedPacing};
use chat_card_fake_space::{FakeSpace, Fault};

use chat_card_test_support::redis::{RedisCluster, RedisServer};

const INTERVAL: Duration = Duration::from_millis(200);
/// The fake space accepts requests up to 50 ms early (its clock-jitter allowance).
const JITTER: Duration = Duration::from_millis(50);

async fn fake() -> FakeSpace {
    FakeSpace::builder()
        .quota_interval(INTERVAL)
        .start()
        .await
        .expect("fake space starts")
}

/// A sender with its own lanes (like a separate process), pacing through `redis`.
fn shared_sender(redis: &RedisServer) -> Sender {
    Sender::builder()
        .per_space_interval(INTERVAL)
        .backoff(Duration::from_millis(100), Duration::from_secs(2))
        .shared_pacing(SharedPacing::redis(&redis.url()).expect("valid URL"))
        .build()
        .expect("sender builds")
}

fn text(s: &str) -> serde_json::Value {
    serde_json::json!({ "text": s })
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn senders_with_separate_lanes_share_one_schedule() {
    let Some(redis) = RedisServer::start("senders_with_separate_lanes_share_one_schedule") else {
        return;
    };
    let fake = fake().await;
    let url = fake.webhook_url("SHARED").expect("url");
    let mut tasks = Vec::new();
    for s in 0..3 {
        let (sender, url) = (shared_sender(&redis), url.clone());
        tasks.push(tokio::spawn(async move {
            for m in 0..4 {
                sender
                    .send(&url, &text(&format!("s{s}-m{m}")), &SendOptions::new())
                    .await
                    .expect("delivered");
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let deliveries = fake.deliveries_in("SHARED");
    assert_eq!(deliveries.len(), 12);
    assert_eq!(fake.count_status(429), 0, "no 429s: {:?}", fake.requests());
    for pair in deliveries.windows(2) {
        let gap = pair[1].received_at - pair[0].received_at;
        assert!(gap >= INTERVAL - JITTER, "arrivals {gap:?} apart");
    }
    // One reservation per message, plus loading the script on each sender's first call
    // (NOSCRIPT, SCRIPT LOAD) unless another sender loaded it already.
    let calls = redis.script_calls();
    assert!(
        (14..=18).contains(&calls),
        "{calls} script calls for 12 messages"
    );
}
}

chat_card_test_support::needs_redis! {
#[tokio::test]
async fn keys_name_the_space_in_a_hash_tag_and_expire_when_idle() {
    let Some(redis) = RedisServer::start("keys_name_the_space_in_a_hash_tag_and_expire_when_idle")
    else {
        return;
    };
    let fake = fake().await;
    let url = fake.webhook_url("IDLE").expect("url");
    let sender = shared_sender(&redis);
    sender
        .send(&url, &text("one"), &SendOptions::new())
        .await
        .expect("delivered");
    let key = "chat-card:{IDLE}:next";
    let ttl: i64 = redis
        .command(&["PTTL", key])
        .and_then(|t| t.parse().ok())
        .expect("PTTL answers");
    // The slot's time (at most one interval ahead) plus the 1 s grace.
    assert!(
        ttl > 0 && ttl <= 1000 + INTERVAL.as_millis() as i64,
        "ttl {ttl} ms"
    );
    let until = Instant::now() + Duration::from_secs(5);
    while redis.command(&["EXISTS", key]).as_deref() != Some("0") {
        assert!(Instant::now() < until, "the key outlived its idle time");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Nothing else was left behind.
    assert_eq!(redis.command(&["DBSIZE"]).as_deref(), Some("0"));
}
}

chat_card_test_support::needs_redis! {
#[tokio::test]
async fn a_429_pushes_the_schedule_back_for_every_sender() {
    let Some(redis) = RedisServer::start("a_429_pushes_the_schedule_back_for_every_sender") else {
        return;
    };
    let fake = fake().await;
    let url = fake.webhook_url("PUSHED").expect("url");
    let (first, second) = (shared_sender(&redis), shared_sender(&redis));
    fake.push_fault(Fault::RateLimited {
        retry_after: Some("1".into()),
        retry_delay: None,
    });
    let retried = tokio::spawn({
        let url = url.clone();
        async move { first.send(&url, &text("first"), &SendOptions::new()).await }
    });
    // Wait (at most 5 s) for the 429 to be answered, then send from the other sender.
    let until = Instant::now() + Duration::from_secs(5);
    let refused_at = loop {
        if let Some(r) = fake
            .requests()
            .into_iter()
            .find(|r| r.status == Some(429) && r.completed)
        {
            break r.arrived_at;
        }
        assert!(Instant::now() < until, "no 429 was answered");
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    // The first sender pushes the schedule once it has read the 429: the key then lives
    // for the 1 s wait plus the 1 s grace (a reservation's lives at most 1.2 s).
    let key = "chat-card:{PUSHED}:next";
    let pushed = |ttl: Option<String>| ttl.and_then(|t| t.parse::<i64>().ok()).unwrap_or(0) > 1500;
    while !pushed(redis.command(&["PTTL", key])) {
        assert!(Instant::now() < until, "the schedule was not pushed back");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    second
        .send(&url, &text("second"), &SendOptions::new())
        .await
        .expect("delivered");
    let first = retried
        .await
        .expect("task")
        .expect("delivered after a retry");
    assert_eq!(first.attempts, 2);
    let deliveries = fake.deliveries_in("PUSHED");
    assert_eq!(deliveries.len(), 2);
    // The other sender waited for the Retry-After of a 429 it never saw.
    for d in &deliveries {
        let after = d.received_at - refused_at;
        assert!(
            after >= Duration::from_secs(1) - JITTER,
            "{} arrived {after:?} after the 429",
            d.summary()
        );
    }
}
}

#[tokio::test]
async fn an_unreachable_redis_paces_in_process_and_delivers() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let fake = fake().await;
    let url = fake.webhook_url("NOREDIS").expect("url");
    let pacing = SharedPacing::redis(&format!("redis://127.0.0.1:{port}"))
        .expect("valid URL")
        .timeout(Duration::from_millis(200));
    let sender = Sender::builder()
        .per_space_interval(INTERVAL)
        .shared_pacing(pacing.clone())
        .build()
        .expect("sender");
    for m in 0..3 {
        sender
            .send(&url, &text(&format!("m{m}")), &SendOptions::new())
            .await
            .expect("delivered without Redis");
    }
    assert!(pacing.is_degraded());
    assert_eq!(fake.deliveries_in("NOREDIS").len(), 3);
    assert_eq!(fake.count_status(429), 0);
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_sender_refuses_shared_pacing() {
    let pacing = SharedPacing::redis("redis://127.0.0.1:6379").expect("valid URL");
    let e = Sender::builder()
        .shared_pacing(pacing)
        .build_blocking()
        .expect_err("refused");
    let text = e.to_string();
    assert!(
        text.contains("async `Sender` only") && text.contains("SenderBuilder::build"),
        "{text}"
    );
}

#[test]
fn invalid_redis_urls_say_what_is_wrong() {
    for (url, expect) in [
        ("127.0.0.1:6379", "no scheme"),
        ("https://:pw@cache:6379", "`https` is not a Redis scheme"),
        ("rediss://:pw@cache:6379", "TLS"),
        ("redis://:pw@/0", "empty host"),
    ] {
        let e = SharedPacing::redis(url).expect_err(url).to_string();
        assert!(e.contains(expect), "{url}: {e}");
        assert!(e.contains("expected redis://"), "{e}");
        assert!(!e.contains(":pw"), "{e}");
    }
}

chat_card_test_support::needs_redis! {
#[cfg(feature = "chat-api")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chat_api_client_shares_the_schedule_with_webhook_senders() {
    use chat_card::chat_api::{ChatApi, ServiceAccountKey, SpaceName};
    use chat_card_fake_space::TestKeyPair;

    let Some(redis) =
        RedisServer::start("the_chat_api_client_shares_the_schedule_with_webhook_senders")
    else {
        return;
    };
    const EMAIL: &str = "pacing@fake-project.iam.gserviceaccount.com";
    let fake = fake().await;
    let pair = TestKeyPair::generate().expect("key pair");
    fake.chat_api()
        .add_service_account(EMAIL, &pair.public_pem)
        .expect("public key accepted");
    let key = ServiceAccountKey::from_json(&pair.key_file_json(
        EMAIL,
        "kid-1",
        &fake.chat_api().token_uri(),
    ))
    .expect("key file");
    let api = ChatApi::builder(key)
        .sender(shared_sender(&redis))
        .api_base(fake.chat_api().api_base())
        .build()
        .expect("client");
    let url = fake.webhook_url("MIXED").expect("url");
    let space: SpaceName = "spaces/MIXED".parse().expect("space");
    let webhook = shared_sender(&redis);
    let by_webhook = tokio::spawn(async move {
        for m in 0..4 {
            webhook
                .send(&url, &text(&format!("webhook-{m}")), &SendOptions::new())
                .await
                .expect("delivered");
        }
    });
    for m in 0..4 {
        api.create_text(&space, &format!("api-{m}"), &SendOptions::new())
            .await
            .expect("created");
    }
    by_webhook.await.expect("task");
    let accepted: Vec<Instant> = fake
        .requests()
        .iter()
        .filter(|r| r.space == "MIXED" && r.status == Some(200))
        .map(|r| r.arrived_at)
        .collect();
    assert_eq!(accepted.len(), 8);
    assert_eq!(fake.count_status(429), 0, "no 429s: {:?}", fake.requests());
    for pair in accepted.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= INTERVAL - JITTER, "arrivals {gap:?} apart");
    }
}
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_cluster_keeps_each_space_on_the_node_of_its_hash_tag() {
    let Some(cluster) =
        RedisCluster::start("a_redis_cluster_keeps_each_space_on_the_node_of_its_hash_tag")
    else {
        return;
    };
    let fake = fake().await;
    let spaces = ["CL1", "CL2", "CL3", "CL4", "CL5", "CL6"];
    let mut tasks = Vec::new();
    for s in 0..2 {
        // One seed node is enough: the client learns the slots from it.
        let pacing = SharedPacing::redis_cluster([&cluster.urls()[s]]).expect("valid URLs");
        assert!(pacing.to_string().starts_with("cluster redis://127.0.0.1:"));
        let sender = Sender::builder()
            .per_space_interval(INTERVAL)
            .shared_pacing(pacing)
            .build()
            .expect("sender");
        for space in spaces {
            let (sender, url) = (sender.clone(), fake.webhook_url(space).expect("url"));
            tasks.push(tokio::spawn(async move {
                for m in 0..3 {
                    sender
                        .send(
                            &url,
                            &text(&format!("{space}-s{s}-m{m}")),
                            &SendOptions::new(),
                        )
                        .await
                        .expect("delivered");
                }
            }));
        }
    }
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(fake.count_status(429), 0, "no 429s: {:?}", fake.requests());
    let mut owners = std::collections::HashSet::new();
    for space in spaces {
        let deliveries = fake.deliveries_in(space);
        assert_eq!(deliveries.len(), 6, "{space}");
        for pair in deliveries.windows(2) {
            let gap = pair[1].received_at - pair[0].received_at;
            assert!(gap >= INTERVAL - JITTER, "{space}: arrivals {gap:?} apart");
        }
        // The schedule lives on the node that owns the space's hash tag.
        let key = format!("chat-card:{{{space}}}:next");
        let owner = cluster.owner(&key);
        assert_eq!(
            owner.command(&["EXISTS", &key]).as_deref(),
            Some("1"),
            "{key}"
        );
        owners.insert(owner.port());
    }
    assert!(
        owners.len() >= 2,
        "the spaces spread over the nodes: {owners:?}"
    );
}
}

#[test]
fn cluster_nodes_are_checked() {
    let e = SharedPacing::redis_cluster(Vec::<String>::new()).expect_err("no nodes");
    assert!(e.to_string().contains("at least one node"), "{e}");
    let e = SharedPacing::redis_cluster(["redis+unix:///run/redis.sock"]).expect_err("unix");
    assert!(e.to_string().contains("over TCP"), "{e}");
    let e = SharedPacing::redis_cluster(["redis://:pw1@a:7000", "redis://:pw2@b:7000"])
        .expect_err("two passwords");
    assert!(e.to_string().contains("do not fit together"), "{e}");
    assert!(
        !e.to_string().contains("pw1") && !e.to_string().contains("pw2"),
        "{e}"
    );
}
