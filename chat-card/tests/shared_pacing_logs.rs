//! What shared pacing logs: one warning per Redis outage and a note when Redis is back,
//! never the Redis URL's password (trace level included).
//!
//! Its own test binary: tracing caches per-callsite interest process-wide, so a scoped
//! subscriber must not race with other tests that send without one.

#![cfg(feature = "redis")]

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chat_card::{SendOptions, Sender, SharedPacing};
use chat_card_fake_space::FakeSpace;

mod support_tracing;
use chat_card_test_support::redis::RedisServer;

const INTERVAL: Duration = Duration::from_millis(100);
const WARNING: &str = "Redis is unavailable";
const BACK: &str = "Redis is reachable again";

fn text(s: &str) -> serde_json::Value {
    serde_json::json!({ "text": s })
}

chat_card_test_support::needs_redis! {
#[test]
fn redis_down_means_one_warning_in_process_pacing_and_redis_again_when_back() {
    let Some(mut redis) = RedisServer::start(
        "redis_down_means_one_warning_in_process_pacing_and_redis_again_when_back",
    ) else {
        return;
    };
    let (capture, _guard, runtime) = support_tracing::capture_on_this_thread();
    runtime.block_on(async {
        let fake = FakeSpace::builder()
            .quota_interval(INTERVAL)
            .start()
            .await
            .expect("fake");
        let url = fake.webhook_url("OUTAGE").expect("url");
        let pacing = SharedPacing::redis(&redis.url())
            .expect("valid URL")
            .timeout(Duration::from_millis(200));
        let sender = Sender::builder()
            .per_space_interval(INTERVAL)
            .shared_pacing(pacing.clone())
            .build()
            .expect("sender");
        let mut sent = 0;
        let mut send = async |label: &str| {
            sent += 1;
            sender
                .send(&url, &text(&format!("{label}-{sent}")), &SendOptions::new())
                .await
                .expect("delivered");
        };

        send("up").await;
        send("up").await;
        assert!(!pacing.is_degraded());
        assert!(redis.script_calls() >= 2, "reservations went to Redis");

        redis.kill();
        for _ in 0..4 {
            send("down").await;
        }
        assert!(pacing.is_degraded(), "Redis is gone");
        assert_eq!(
            capture.text().matches(WARNING).count(),
            1,
            "{}",
            capture.text()
        );

        redis.restart();
        // Redis is tried again after a back-off (0.5 s after the failure, doubling):
        // keep sending until a reservation reaches the new server (at most 15 s).
        let until = Instant::now() + Duration::from_secs(15);
        while redis.script_calls() == 0 {
            assert!(Instant::now() < until, "Redis was not used again");
            send("back").await;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(!pacing.is_degraded());
        let log = capture.text();
        assert_eq!(
            log.matches(WARNING).count(),
            1,
            "one warning per outage: {log}"
        );
        assert_eq!(log.matches(BACK).count(), 1, "{log}");

        // Nothing was lost or sent twice.
        let deliveries = fake.deliveries_in("OUTAGE");
        assert_eq!(deliveries.len(), sent);
        let texts: HashSet<String> = deliveries.iter().map(|d| d.summary()).collect();
        assert_eq!(texts.len(), sent);
        assert_eq!(fake.count_status(429), 0);
    });
}
}

chat_card_test_support::needs_redis! {
#[test]
fn the_redis_password_never_shows() {
    const PASSWORD: &str = "Sup3r-Secret-Pw";
    const WRONG: &str = "Wr0ng-Secret-Pw";
    let Some(redis) = RedisServer::start_with("the_redis_password_never_shows", Some(PASSWORD))
    else {
        return;
    };
    let (capture, _guard, runtime) = support_tracing::capture_on_this_thread();
    let mut shown = Vec::new();
    runtime.block_on(async {
        let fake = FakeSpace::builder()
            .quota_interval(INTERVAL)
            .start()
            .await
            .expect("fake");
        let url = fake.webhook_url("SECRET").expect("url");
        for password in [PASSWORD, WRONG] {
            let pacing = SharedPacing::redis(&format!(
                "redis://default:{password}@127.0.0.1:{}",
                redis.port()
            ))
            .expect("valid URL");
            shown.push(format!("{pacing} {pacing:?}"));
            let builder = Sender::builder()
                .per_space_interval(INTERVAL)
                .shared_pacing(pacing.clone());
            shown.push(format!("{builder:?}"));
            let sender = builder.build().expect("sender");
            shown.push(format!("{sender:?}"));
            let delivery = sender
                .send(&url, &text(password), &SendOptions::new())
                .await
                .expect("delivered either way");
            shown.push(format!("{delivery:?}"));
            // The right password shares pacing; the wrong one falls back, with a warning.
            assert_eq!(pacing.is_degraded(), password == WRONG);
            shown.push(format!("{pacing:?}"));
        }
    });
    assert!(redis.script_calls() >= 1);
    let log = capture.text();
    assert_eq!(log.matches(WARNING).count(), 1, "{log}");
    for bad in [
        "redis:/default:Sup3r-Secret-Pw@127.0.0.1",
        "rediss://default:Sup3r-Secret-Pw@127.0.0.1",
        "redis://default:Sup3r-Secret-Pw@127.0.0.1/x",
        "https://default:Sup3r-Secret-Pw@127.0.0.1",
    ] {
        let e = SharedPacing::redis(bad).expect_err(bad);
        shown.push(format!("{e} {e:?}"));
    }
    let all = format!("{log}\n{}", shown.join("\n"));
    assert!(
        all.contains("redis://127.0.0.1:"),
        "the address is shown: {all}"
    );
    for secret in [PASSWORD, WRONG] {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
}
}
