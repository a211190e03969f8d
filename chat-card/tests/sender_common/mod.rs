//! Helpers shared by the sender and fake-space integration tests (all on 127.0.0.1).

#![allow(dead_code)]

use std::time::{Duration, Instant};

use chat_card::{Sender, WebhookUrl};
use chat_card_fake_space::{FakeSpace, RequestRecord};

/// A text message.
pub fn text(s: &str) -> serde_json::Value {
    serde_json::json!({ "text": s })
}

/// A fake space with Chat's quota (1 request/s per space).
pub async fn fake() -> FakeSpace {
    FakeSpace::start().await.expect("fake space starts")
}

/// The webhook URL of a space of the fake.
pub fn url(fake: &FakeSpace, space: &str) -> WebhookUrl {
    fake.webhook_url(space).expect("valid space id")
}

/// A sender with the default pacing (1 s per space) and a short backoff base, so
/// retries are paced by the lane rather than by long backoffs.
pub fn sender() -> Sender {
    Sender::builder()
        .backoff(Duration::from_millis(100), Duration::from_secs(2))
        .build()
        .expect("sender builds")
}

/// Waits (at most 10 s) until the fake finished every request it received.
pub async fn settled(fake: &FakeSpace) -> Vec<RequestRecord> {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let requests = fake.requests();
        if requests.iter().all(|r| r.completed) || Instant::now() > until {
            return requests;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Time between consecutive arrivals.
pub fn gaps(requests: &[RequestRecord]) -> Vec<Duration> {
    requests
        .windows(2)
        .map(|w| w[1].arrived_at.duration_since(w[0].arrived_at))
        .collect()
}

/// The lower bound used for "one second apart" (the sender guarantees a full interval
/// from the previous answer; this only leaves room for clock granularity).
pub const ALMOST_1S: Duration = Duration::from_millis(990);
