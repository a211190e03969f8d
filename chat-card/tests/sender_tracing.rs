//! The sender's `tracing` output never contains the webhook key or token.
//!
//! Its own test binary: tracing caches per-callsite interest process-wide, so a
//! scoped subscriber must not race with other tests that send without one.

use std::time::Duration;

use chat_card::{SendOptions, Sender};
use chat_card_fake_space::FakeSpace;

/// Records every span and event field emitted meanwhile.
mod support_tracing;

#[test]
fn tracing_output_is_redacted() {
    let (capture, _guard, runtime) = support_tracing::capture_on_this_thread();
    let (text, key, token) = runtime.block_on(async {
        let fake = FakeSpace::start().await.expect("fake");
        let real = fake.webhook_url_with_credentials("AAAA");
        let q: std::collections::HashMap<String, String> = url::Url::parse(&real)
            .expect("url")
            .query_pairs()
            .into_owned()
            .collect();
        let url = fake.webhook_url("AAAA").expect("url");
        let sender = Sender::builder()
            .backoff(Duration::from_millis(50), Duration::from_millis(100))
            .build()
            .expect("sender");
        fake.fail_next(1, 503);
        sender
            .send_text(&url, "x", &SendOptions::new().thread_key("k"))
            .await
            .expect("delivered");
        fake.shutdown().await;
        let text = capture.text();
        (text, q["key"].clone(), q["token"].clone())
    });
    assert!(text.contains("chat_card.send"), "the sender traced: {text}");
    assert!(text.contains("retrying"), "the retry was traced: {text}");
    assert!(!text.contains(&key) && !text.contains(&token), "{text}");
}
