//! `Sender::send_json`: already-checked JSON goes out as given (plus the options' thread),
//! without the validator, against the fake space.

use chat_card::{SendError, SendOptions, Sender, card};
use chat_card_fake_space::FakeSpace;

async fn fake() -> FakeSpace {
    FakeSpace::start().await.expect("fake space starts")
}

#[tokio::test]
async fn a_card_goes_out_as_compiled_with_the_thread_spliced_in() {
    let fake = fake().await;
    let url = fake.webhook_url("JSON").expect("url");
    let sender = Sender::new().expect("sender");
    let message =
        card! { header { title: "Deploy finished" } section { text "v1.2" } }.expect("card");

    let first = sender
        .send_json(
            &url,
            message.as_str(),
            &SendOptions::new().thread_key("deploy"),
        )
        .await
        .expect("delivered");
    assert!(
        first.name.starts_with("spaces/JSON/messages/"),
        "{}",
        first.name
    );
    assert!(first.warnings.is_empty());
    assert!(first.request_id.is_some());
    // Chat's whole answer is kept: the created message.
    assert_eq!(first.answer()["name"], first.name.as_str());

    let second = sender
        .send_json(
            &url,
            message.as_str(),
            &SendOptions::new().thread_key("deploy"),
        )
        .await
        .expect("delivered");
    assert_eq!(
        second.thread_name, first.thread_name,
        "same thread key, same thread"
    );

    let received = fake.deliveries_in("JSON");
    assert_eq!(received.len(), 2);
    let sent: serde_json::Value = serde_json::from_str(message.as_str()).expect("json");
    let body = &received[0].body;
    assert_eq!(body["thread"]["threadKey"], "deploy");
    assert_eq!(body["cardsV2"], sent["cardsV2"]);
    assert_eq!(received[0].thread_key.as_deref(), Some("deploy"));
    assert_eq!(
        received[0].reply_option.as_deref(),
        Some("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD")
    );
    assert_eq!(received[0].request_id, first.request_id);
}

#[tokio::test]
async fn without_a_thread_the_bytes_are_sent_unchanged() {
    let fake = fake().await;
    let url = fake.webhook_url("RAW").expect("url");
    let json = "{ \"text\" : \"kept as written\" }";
    let delivery = Sender::new()
        .expect("sender")
        .send_json(&url, json, &SendOptions::new())
        .await
        .expect("delivered");
    let received = fake.deliveries_in("RAW");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].bytes, json.len());
    assert_eq!(received[0].summary(), "kept as written");
    assert_eq!(delivery.attempts, 1);
}

#[tokio::test]
async fn the_validator_is_skipped_but_shape_size_and_options_are_checked() {
    let fake = fake().await;
    let url = fake.webhook_url("CHECK").expect("url");
    let sender = Sender::new().expect("sender");

    let err = sender
        .send_json(&url, "[1, 2]", &SendOptions::new())
        .await
        .expect_err("not an object");
    assert!(matches!(err, SendError::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("JSON object"), "{err}");

    let threaded = r#"{"text": "t", "thread": {"threadKey": "a"}}"#;
    let err = sender
        .send_json(&url, threaded, &SendOptions::new().thread_key("b"))
        .await
        .expect_err("two threads");
    assert!(matches!(err, SendError::InvalidOption(_)), "{err:?}");

    let big = format!(r#"{{"text": "{}"}}"#, "a".repeat(32_000));
    let err = sender
        .send_json(&url, &big, &SendOptions::new())
        .await
        .expect_err("too large");
    assert!(matches!(err, SendError::TooLarge { .. }), "{err:?}");
    assert!(fake.requests().is_empty(), "refused before any request");

    // The sender's validator would stop this card (a relative image URL) before sending;
    // send_json leaves the judgement to Chat, here the fake space.
    let invalid = r#"{"cardsV2": [{"cardId": "c", "card": {"header": {"title": "x", "imageUrl": "/relative.png"}}}]}"#;
    let checked = sender
        .send(
            &url,
            &serde_json::from_str::<serde_json::Value>(invalid).expect("json"),
            &SendOptions::new(),
        )
        .await
        .expect_err("validated");
    assert!(matches!(checked, SendError::Invalid { .. }), "{checked:?}");
    assert!(fake.requests().is_empty());
    let err = sender
        .send_json(&url, invalid, &SendOptions::new())
        .await
        .expect_err("Chat refuses it");
    assert_eq!(err.http_status(), Some(400), "{err:?}");
    assert_eq!(fake.requests().len(), 1);
}
