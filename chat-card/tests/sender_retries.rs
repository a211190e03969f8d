//! Retries and pacing of the async sender against the fake Chat space.

mod sender_common;

use std::time::{Duration, Instant};

use chat_card::{RequestId, SendError, SendOptions, Sender};
use chat_card_fake_space::Fault;
use sender_common::*;

#[tokio::test]
async fn rate_limited_then_success_pushes_the_lane_back() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    fake.fail_next(1, 429);
    let first = {
        let (sender, url) = (sender.clone(), url.clone());
        tokio::spawn(async move { sender.send(&url, &text("one"), &SendOptions::new()).await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    let second = sender.send(&url, &text("two"), &SendOptions::new()).await;
    let first = first.await.expect("task").expect("first delivered");
    let second = second.expect("second delivered");
    assert_eq!(first.attempts, 2);
    assert_eq!(second.attempts, 1);
    let requests = settled(&fake).await;
    let statuses: Vec<_> = requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(429), Some(200), Some(200)]);
    for gap in gaps(&requests) {
        assert!(gap >= ALMOST_1S, "requests {gap:?} apart");
    }
    let texts: Vec<_> = fake.deliveries().iter().map(|d| d.summary()).collect();
    assert_eq!(texts, ["one", "two"], "FIFO order kept through the retry");
    assert_eq!(fake.quota_rejections(), 0);
    fake.shutdown().await;
}

#[tokio::test]
async fn unavailable_several_times_then_success() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    fake.fail_next(3, 503);
    let delivery = sender()
        .send(&url, &text("after 503s"), &SendOptions::new())
        .await
        .expect("delivered");
    assert_eq!(delivery.attempts, 4);
    assert!(delivery.name.starts_with("spaces/AAAA/messages/"));
    let requests = settled(&fake).await;
    assert_eq!(requests.len(), 4);
    assert_eq!(fake.count_status(503), 3);
    assert_eq!(fake.deliveries().len(), 1);
    assert_eq!(fake.quota_rejections(), 0);
    // Every attempt carried the same request id.
    let id = delivery.request_id.clone().expect("auto request id");
    assert!(
        requests
            .iter()
            .all(|r| r.request_id.as_deref() == Some(&id))
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn retries_exhausted() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = Sender::builder()
        .max_attempts(3)
        .backoff(Duration::from_millis(100), Duration::from_secs(1))
        .build()
        .expect("sender");
    fake.fail_next(3, 503);
    let err = sender
        .send(&url, &text("never"), &SendOptions::new())
        .await
        .expect_err("exhausted");
    match &err {
        SendError::Unavailable { attempts, last, .. } => {
            assert_eq!(*attempts, 3);
            assert_eq!(last.http, 503);
            assert_eq!(last.status.as_deref(), Some("UNAVAILABLE"));
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert!(!err.is_permanent());
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(fake.requests().len(), 3);

    fake.fail_next(3, 429);
    let err = sender
        .send(&url, &text("never"), &SendOptions::new())
        .await
        .expect_err("rate limited");
    assert!(
        matches!(err, SendError::RateLimited { attempts: 3, .. }),
        "{err:?}"
    );
    assert_eq!(err.http_status(), Some(429));
    assert_eq!(err.google_status(), Some("RESOURCE_EXHAUSTED"));
    assert!(fake.deliveries().is_empty());
    fake.shutdown().await;
}

#[tokio::test]
async fn server_error_without_request_id_is_not_retried() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    fake.fail_next(1, 500);
    let err = sender
        .send(
            &url,
            &text("x"),
            &SendOptions::new().request_id(RequestId::None),
        )
        .await
        .expect_err("500 without request id");
    assert!(
        matches!(err, SendError::Unavailable { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(err.request_id(), None);
    // With a request id the same failure is retried.
    fake.fail_next(1, 500);
    let d = sender
        .send(&url, &text("y"), &SendOptions::new())
        .await
        .expect("retried");
    assert_eq!(d.attempts, 2);
    fake.shutdown().await;
}

#[tokio::test]
async fn retry_after_seconds_and_date_and_retry_info() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    fake.push_fault(Fault::RateLimited {
        retry_after: Some("2".into()),
        retry_delay: None,
    });
    let d = sender
        .send(&url, &text("a"), &SendOptions::new())
        .await
        .expect("delivered");
    assert_eq!(d.attempts, 2);
    let r = settled(&fake).await;
    assert!(gaps(&r)[0] >= Duration::from_millis(1990), "{:?}", gaps(&r));

    // Sent about 1 s from now (the lane), asking to wait until ~4 s from now.
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(4));
    fake.push_fault(Fault::RateLimited {
        retry_after: Some(date),
        retry_delay: None,
    });
    let d = sender
        .send(&url, &text("b"), &SendOptions::new())
        .await
        .expect("delivered");
    assert_eq!(d.attempts, 2);
    let r = settled(&fake).await;
    // An HTTP-date has one-second resolution, so at least ~2 s of the wait remain.
    assert!(gaps(&r)[2] >= Duration::from_millis(1500), "{:?}", gaps(&r));

    fake.push_fault(Fault::RateLimited {
        retry_after: None,
        retry_delay: Some(Duration::from_millis(1500)),
    });
    let d = sender
        .send(&url, &text("c"), &SendOptions::new())
        .await
        .expect("delivered");
    assert_eq!(d.attempts, 2);
    let r = settled(&fake).await;
    assert!(gaps(&r)[4] >= Duration::from_millis(1490), "{:?}", gaps(&r));
    fake.shutdown().await;
}

#[tokio::test]
async fn retry_after_beyond_the_cap_ends_at_once() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    fake.push_fault(Fault::RateLimited {
        retry_after: Some("3600".into()),
        retry_delay: None,
    });
    let started = Instant::now();
    let err = sender()
        .send(&url, &text("a"), &SendOptions::new())
        .await
        .expect_err("rate limited");
    match err {
        SendError::RateLimited {
            attempts,
            last_retry_after,
            ..
        } => {
            assert_eq!(attempts, 1);
            assert_eq!(last_retry_after, Some(Duration::from_secs(3600)));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(10), "did not sleep");
    assert_eq!(fake.requests().len(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn timeout_is_retried_with_the_same_request_id() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = Sender::builder()
        .attempt_timeout(Duration::from_millis(400))
        .backoff(Duration::from_millis(100), Duration::from_secs(1))
        .build()
        .expect("sender");
    // The first request is posted, but answered only after the client gave up on it.
    fake.push_fault(Fault::SlowAnswer(Duration::from_millis(1200)));
    let d = sender
        .send(&url, &text("slow"), &SendOptions::new())
        .await
        .expect("delivered");
    assert_eq!(d.attempts, 2);
    let requests = settled(&fake).await;
    assert_eq!(requests.len(), 2);
    let id = d.request_id.clone().expect("request id");
    assert!(
        requests
            .iter()
            .all(|r| r.request_id.as_deref() == Some(id.as_str()))
    );
    let deliveries = fake.deliveries();
    assert_eq!(deliveries.len(), 1, "posted once despite two requests");
    assert_eq!(
        requests[1].status,
        Some(200),
        "the retry got the existing message"
    );
    assert_eq!(deliveries[0].name, d.name);
    fake.shutdown().await;
}

#[tokio::test]
async fn timeout_without_request_id_is_ambiguous_and_not_retried() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = Sender::builder()
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .expect("sender");
    fake.push_fault(Fault::Delay(Duration::from_millis(800)));
    let err = sender
        .send(
            &url,
            &text("slow"),
            &SendOptions::new().request_id(RequestId::None),
        )
        .await
        .expect_err("timeout");
    assert!(
        matches!(
            err,
            SendError::Timeout {
                attempts: 1,
                ambiguous: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_permanent());
    settled(&fake).await;
    fake.shutdown().await;
}

#[tokio::test]
async fn dropped_connection_is_retried_and_deduplicated() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    fake.push_fault(Fault::DropAfterProcessing);
    let d = sender
        .send(&url, &text("dropped"), &SendOptions::new())
        .await
        .expect("delivered");
    assert_eq!(d.attempts, 2);
    let requests = settled(&fake).await;
    assert_eq!(requests[0].status, None, "first connection dropped");
    assert_eq!(fake.deliveries().len(), 1);
    assert_eq!(fake.deliveries()[0].name, d.name);

    fake.push_fault(Fault::Drop);
    let err = sender
        .send(
            &url,
            &text("x"),
            &SendOptions::new().request_id(RequestId::None),
        )
        .await
        .expect_err("ambiguous without request id");
    assert!(
        matches!(
            err,
            SendError::Transport {
                attempts: 1,
                ambiguous: true,
                ..
            }
        ),
        "{err:?}"
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn one_space_is_paced_in_order_while_spaces_run_in_parallel() {
    let fake = fake().await;
    let a = url(&fake, "AAAA");
    let b = url(&fake, "BBBB");
    let sender = sender();
    let mut tasks = Vec::new();
    for (url, label) in [(&a, "a1"), (&b, "b1"), (&a, "a2"), (&b, "b2")] {
        let (sender, url) = (sender.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            sender.send(&url, &text(label), &SendOptions::new()).await
        }));
        // Fix the queueing order.
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    for t in tasks {
        t.await.expect("task").expect("delivered");
    }
    let all = fake.deliveries();
    let find = |label: &str| {
        all.iter()
            .find(|d| d.summary() == label)
            .map(|d| d.received_at)
            .expect("delivered")
    };
    let (a1, a2, b1, b2) = (find("a1"), find("a2"), find("b1"), find("b2"));
    assert!(a2.duration_since(a1) >= ALMOST_1S, "a1..a2 {:?}", a2 - a1);
    assert!(b2.duration_since(b1) >= ALMOST_1S, "b1..b2 {:?}", b2 - b1);
    // In parallel: each space's first message arrived before the other's second.
    assert!(b1 < a2 && a1 < b2, "spaces were served one after the other");
    let in_a: Vec<_> = fake
        .deliveries_in("AAAA")
        .iter()
        .map(|d| d.summary())
        .collect();
    assert_eq!(in_a, ["a1", "a2"]);
    assert_eq!(fake.quota_rejections(), 0);
    fake.shutdown().await;
}

#[tokio::test]
async fn deadline_bounds_the_wait_in_the_queue() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    sender
        .send(&url, &text("first"), &SendOptions::new())
        .await
        .expect("delivered");
    // The lane's next slot is ~1 s away: a 200 ms deadline cannot be met.
    let err = sender
        .send(
            &url,
            &text("second"),
            &SendOptions::new().deadline(Duration::from_millis(200)),
        )
        .await
        .expect_err("deadline");
    assert!(
        matches!(err, SendError::Timeout { attempts: 0, .. }),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_cancelled_send_still_holds_its_slot() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    fake.push_fault(Fault::Delay(Duration::from_millis(600)));
    let cancelled = {
        let (sender, url) = (sender.clone(), url.clone());
        tokio::spawn(async move { sender.send(&url, &text("slow"), &SendOptions::new()).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    cancelled.abort();
    let d = sender
        .send(&url, &text("next"), &SendOptions::new())
        .await
        .expect("delivered");
    assert_eq!(d.attempts, 1, "not refused by the quota");
    let requests = settled(&fake).await;
    // The lane was reserved when the cancelled request started; when it reached the server
    // is unknown to the client, so under load the measured gap can be a little short.
    assert!(
        gaps(&requests)[0] >= Duration::from_millis(900),
        "{:?}",
        gaps(&requests)
    );
    assert_eq!(fake.quota_rejections(), 0);
    fake.shutdown().await;
}
