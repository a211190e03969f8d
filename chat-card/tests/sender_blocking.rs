//! The blocking sender against a fake space running on its own thread.

#![cfg(feature = "blocking")]

use std::time::Duration;

use chat_card::{BlockingSender, SendError, SendOptions};
use chat_card_fake_space::FakeSpace;

fn text(s: &str) -> serde_json::Value {
    serde_json::json!({ "text": s })
}

#[test]
fn blocking_sender_delivers_retries_and_threads() {
    let fake = FakeSpace::start_blocking().expect("fake space");
    let url = fake.webhook_url("AAAA").expect("url");
    let sender = BlockingSender::builder()
        .backoff(Duration::from_millis(100), Duration::from_secs(1))
        .build_blocking()
        .expect("sender");

    let first = sender
        .send(&url, &text("one"), &SendOptions::new().thread_key("t"))
        .expect("delivered");
    assert_eq!(first.attempts, 1);
    fake.fail_next(2, 503);
    let second = sender
        .send_text(&url, "two", &SendOptions::new().thread_key("t"))
        .expect("delivered after 503s");
    assert_eq!(second.attempts, 3);
    assert_eq!(second.thread_name, first.thread_name);

    let big = "a".repeat(32_000);
    let err = sender
        .send_text(&url, &big, &SendOptions::new())
        .expect_err("too large");
    assert!(matches!(err, SendError::TooLarge { .. }), "{err:?}");

    fake.fail_next(1, 403);
    let err = sender
        .send_text(&url, "x", &SendOptions::new())
        .expect_err("rejected");
    assert_eq!(err.http_status(), Some(403));
    assert_eq!(err.attempts(), 1);

    let requests = fake.requests();
    for w in requests.windows(2) {
        assert!(
            w[1].arrived_at.duration_since(w[0].arrived_at) >= Duration::from_millis(990),
            "paced"
        );
    }
    assert_eq!(fake.quota_rejections(), 0);
    assert_eq!(fake.deliveries().len(), 2);
    fake.shutdown_blocking();
}

#[test]
fn blocking_lane_is_fifo_across_threads() {
    let fake = FakeSpace::start_blocking().expect("fake space");
    let url = fake.webhook_url("AAAA").expect("url");
    let sender = BlockingSender::new().expect("sender");
    let handles: Vec<_> = (0..3)
        .map(|i| {
            let (sender, url) = (sender.clone(), url.clone());
            let handle = std::thread::spawn(move || {
                sender
                    .send_text(&url, &format!("m{i}"), &SendOptions::new())
                    .map(|d| d.attempts)
            });
            std::thread::sleep(Duration::from_millis(50));
            handle
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread").expect("delivered"), 1);
    }
    let order: Vec<_> = fake.deliveries().iter().map(|d| d.summary()).collect();
    assert_eq!(order, ["m0", "m1", "m2"]);
    assert_eq!(fake.quota_rejections(), 0);
    fake.shutdown_blocking();
}

#[test]
fn blocking_deadline_gives_up_its_place() {
    let fake = FakeSpace::start_blocking().expect("fake space");
    let url = fake.webhook_url("AAAA").expect("url");
    let sender = BlockingSender::new().expect("sender");
    sender
        .send_text(&url, "first", &SendOptions::new())
        .expect("first");
    let err = sender
        .send_text(
            &url,
            "late",
            &SendOptions::new().deadline(Duration::from_millis(100)),
        )
        .expect_err("deadline");
    assert!(
        matches!(err, SendError::Timeout { attempts: 0, .. }),
        "{err:?}"
    );
    // The lane still works afterwards.
    sender
        .send_text(&url, "third", &SendOptions::new())
        .expect("third");
    assert_eq!(fake.deliveries().len(), 2);
    fake.shutdown_blocking();
}

#[test]
fn blocking_send_json_and_a_custom_blocking_client() {
    let fake = FakeSpace::start_blocking().expect("fake space");
    let url = fake.webhook_url("AAAA").expect("url");
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let sender = BlockingSender::builder()
        .backoff(Duration::from_millis(100), Duration::from_secs(1))
        .blocking_http_client(client)
        .build_blocking()
        .expect("sender");
    fake.fail_next(1, 503);
    let delivery = sender
        .send_json(
            &url,
            r#"{"text": "as is"}"#,
            &SendOptions::new().thread_key("k"),
        )
        .expect("delivered after a 503");
    assert_eq!(delivery.attempts, 2);
    assert_eq!(delivery.answer()["name"], delivery.name.as_str());
    let received = fake.deliveries();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].summary(), "as is");
    assert_eq!(received[0].thread_key.as_deref(), Some("k"));
    // Dropping the last clone stops the sender's runtime thread.
    drop(sender);
    fake.shutdown_blocking();
}
