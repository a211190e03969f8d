//! Soak: 3 spaces × 10 messages under 20 % injected 503s and 5 % dropped connections.
//! Every message must arrive exactly once, the sender must cause no 429, and the run
//! should take close to 10 s (the per-space quota is the limit).

mod sender_common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chat_card::SendOptions;
use chat_card_fake_space::FaultPlan;
use sender_common::*;

const SPACES: [&str; 3] = ["AAAA", "BBBB", "CCCC"];
const MESSAGES: usize = 10;

// A current-thread runtime polls spawned tasks in spawn order, so each space's messages
// join its lane in a known order (FIFO is then checked below).
#[tokio::test(flavor = "current_thread")]
async fn three_spaces_ten_messages_under_faults() {
    soak(
        "under faults",
        Some(FaultPlan {
            error_rate_503: 0.20,
            drop_rate: 0.05,
            delay: None,
            seed: 20261123,
        }),
    )
    .await;
}

/// The same load without faults: the quota alone sets the pace (about 9 s: the first
/// message of each space goes at once, then one per second).
#[tokio::test(flavor = "current_thread")]
async fn three_spaces_ten_messages_without_faults() {
    soak("without faults", None).await;
}

async fn soak(name: &str, plan: Option<FaultPlan>) {
    let fake = fake().await;
    let faults = plan.is_some();
    if let Some(plan) = plan {
        fake.inject(plan);
    }
    let sender = sender();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for space in SPACES {
        let url = url(&fake, space);
        for i in 0..MESSAGES {
            let (sender, url) = (sender.clone(), url.clone());
            let label = format!("{space}-{i}");
            tasks.push(tokio::spawn(async move {
                let result = sender.send(&url, &text(&label), &SendOptions::new()).await;
                (label, result)
            }));
        }
    }
    let mut attempts = 0;
    for task in tasks {
        let (label, result) = task.await.expect("task");
        match result {
            Ok(d) => attempts += d.attempts,
            Err(e) => panic!("{label} not delivered: {e}"),
        }
    }
    let elapsed = started.elapsed();
    let requests = settled(&fake).await;
    let deliveries = fake.deliveries();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in &deliveries {
        *seen.entry(d.summary()).or_default() += 1;
    }
    println!(
        "soak {name}: {} messages in {:.2} s, {} requests ({} attempts seen by the sender), \
         {} injected 503s, {} dropped connections, {} quota 429s",
        deliveries.len(),
        elapsed.as_secs_f64(),
        requests.len(),
        attempts,
        requests
            .iter()
            .filter(|r| r.injected && r.status == Some(503))
            .count(),
        requests.iter().filter(|r| r.status.is_none()).count(),
        fake.quota_rejections(),
    );
    assert_eq!(
        deliveries.len(),
        SPACES.len() * MESSAGES,
        "each delivered once"
    );
    for space in SPACES {
        for i in 0..MESSAGES {
            assert_eq!(seen.get(&format!("{space}-{i}")), Some(&1), "{space}-{i}");
        }
        // FIFO per space.
        let order: Vec<String> = fake
            .deliveries_in(space)
            .iter()
            .map(|d| d.summary())
            .collect();
        let expected: Vec<String> = (0..MESSAGES).map(|i| format!("{space}-{i}")).collect();
        assert_eq!(order, expected);
    }
    assert_eq!(fake.quota_rejections(), 0, "the sender caused 429s");
    assert_eq!(
        requests.iter().any(|r| r.injected),
        faults,
        "faults injected only when planned"
    );
    assert!(elapsed < Duration::from_secs(40), "took {elapsed:?}");
    fake.shutdown().await;
}
