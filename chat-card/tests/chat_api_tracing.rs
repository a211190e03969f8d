//! The Chat API client's `tracing` output (and everything else traced meanwhile: the
//! HTTP stack, the fake space) never contains the private key or an access token.
//!
//! Its own test binary: tracing caches per-callsite interest process-wide.

#![cfg(feature = "chat-api")]

use std::time::Duration;

use chat_card::chat_api::{ChatApi, MessageName, MessageUpdate, ServiceAccountKey};
use chat_card::{SendOptions, Sender};
use chat_card_fake_space::{FakeSpace, TestKeyPair};

/// Records every span and event field emitted meanwhile.
mod support_tracing;

#[test]
fn api_tracing_output_has_no_secret() {
    let (capture, _guard, runtime) = support_tracing::capture_on_this_thread();
    let pair = TestKeyPair::generate().expect("pair");
    let email = "trace@fake-project.iam.gserviceaccount.com";
    let text = runtime.block_on(async {
        let fake = FakeSpace::builder()
            .quota_interval(Duration::from_millis(50))
            .start()
            .await
            .expect("fake");
        fake.chat_api()
            .add_service_account(email, &pair.public_pem)
            .expect("trusted");
        let key = ServiceAccountKey::from_json(&pair.key_file_json(
            email,
            "k",
            &fake.chat_api().token_uri(),
        ))
        .expect("key");
        let sender = Sender::builder()
            .per_space_interval(Duration::from_millis(50))
            .backoff(Duration::from_millis(50), Duration::from_millis(100))
            .build()
            .expect("sender");
        let api = ChatApi::builder(key)
            .sender(sender)
            .api_base(fake.chat_api().api_base())
            .build()
            .expect("api");
        let space = "spaces/TRACE".parse().expect("space");
        fake.fail_next(1, 503);
        let m = api
            .create_text(&space, "x", &SendOptions::new().message_id("client-t"))
            .await
            .expect("created after a retry");
        let name: MessageName = m.name.parse().expect("name");
        fake.chat_api().revoke_tokens();
        api.update(&name, &MessageUpdate::new().text("y"))
            .await
            .expect("updated after a refresh");
        api.delete(&name).await.expect("deleted");
        fake.shutdown().await;
        capture.text()
    });
    assert!(text.contains("chat_card.api"), "the client traced: {text}");
    assert!(text.contains("retrying"), "the retry was traced: {text}");
    assert!(
        !text.contains("ya29."),
        "an access token was traced: {text}"
    );
    let pem_line = pair.private_pem.lines().nth(1).expect("pem body");
    assert!(!text.contains(pem_line), "the private key was traced");
    assert!(!text.contains("assertion="), "the signed grant was traced");
}
