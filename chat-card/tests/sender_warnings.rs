//! A message with only warnings is sent: `Delivery::warnings` lists them, and they are
//! logged at WARN. A message with an error is not sent.
//!
//! Its own test binary: tracing caches per-callsite interest process-wide.

use chat_card::check::{Rule, Severity};
use chat_card::{SendError, SendOptions, Sender};
use chat_card_fake_space::FakeSpace;

/// Records every span and event field emitted meanwhile.
mod support_tracing;

#[test]
fn warnings_are_sent_reported_and_logged_errors_are_not_sent() {
    let (capture, _guard, runtime) = support_tracing::capture_on_this_thread();
    runtime.block_on(async {
        let fake = FakeSpace::start().await.expect("fake");
        let url = fake.webhook_url("WARN").expect("url");
        let sender = Sender::new().expect("sender");
        // Google's avatar sample: the card's add-on `name` is ignored by Chat.
        let message = serde_json::json!({"cardsV2": [{"cardId": "avatar", "card": {
            "name": "Avatar Card",
            "header": {"title": "Hello"},
        }}]});
        let delivery = sender
            .send(&url, &message, &SendOptions::new())
            .await
            .expect("a message with only warnings is delivered");
        assert!(delivery.name.starts_with("spaces/WARN/messages/"));
        assert_eq!(delivery.warnings.len(), 1, "{:?}", delivery.warnings);
        let w = &delivery.warnings[0];
        assert_eq!(w.severity, Severity::Warning);
        assert_eq!(w.rule, Some(Rule::IgnoredField));
        assert_eq!(w.path, "cardsV2[0].card.name");
        assert_eq!(fake.deliveries_in("WARN").len(), 1);

        // A clean message has none.
        let clean = sender
            .send_text(&url, "hi", &SendOptions::new())
            .await
            .expect("delivered");
        assert!(clean.warnings.is_empty());

        // An error stops the message before any request.
        let bad = serde_json::json!({"cardsV2": [{"cardId": "c", "card": {
            "name": "n",
            "header": {"title": "x", "imageUrl": "/relative.png"},
        }}]});
        match sender.send(&url, &bad, &SendOptions::new()).await {
            Err(SendError::Invalid { findings }) => {
                assert_eq!(findings.len(), 1, "only the error: {findings:?}");
                assert_eq!(findings[0].path, "cardsV2[0].card.header.imageUrl");
                assert!(findings[0].is_error());
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
        assert_eq!(fake.deliveries_in("WARN").len(), 2);
        fake.shutdown().await;
    });
    let text = capture.text();
    assert!(
        text.contains("WARN") && text.contains("cardsV2[0].card.name"),
        "the warning was logged at WARN: {text}"
    );
}
