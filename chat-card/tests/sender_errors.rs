//! Permanent errors, checks before sending, threads and idempotency, against the fake space.

mod sender_common;

use std::time::Duration;

use chat_card::webhook::MAX_MESSAGE_BYTES;
use chat_card::{ReplyOption, RequestId, SendError, SendOptions, Sender, WebhookUrl};
use chat_card_fake_space::Fault;
use sender_common::*;

#[tokio::test]
async fn bad_request_with_field_details_is_rejected_after_one_request() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    fake.fail_next(1, 400);
    let err = sender()
        .send(&url, &text("x"), &SendOptions::new())
        .await
        .expect_err("rejected");
    match &err {
        SendError::Rejected {
            error, attempts, ..
        } => {
            assert_eq!(*attempts, 1);
            assert_eq!(error.http, 400);
            assert_eq!(error.status.as_deref(), Some("INVALID_ARGUMENT"));
            assert_eq!(error.field_violations.len(), 1);
            assert_eq!(error.field_violations[0].field, "message");
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert!(err.is_permanent());
    assert!(err.to_string().contains("field `message`"), "{err}");
    assert_eq!(fake.requests().len(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn the_fake_space_judges_bodies_when_local_validation_is_off() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = Sender::builder().validate(false).build().expect("sender");
    let err = sender
        .send(
            &url,
            &serde_json::json!({"fallbackText": "no text, no cards"}),
            &SendOptions::new(),
        )
        .await
        .expect_err("rejected by the fake");
    match &err {
        SendError::Rejected { error, .. } => {
            assert_eq!(error.http, 400);
            assert!(!error.field_violations.is_empty());
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert_eq!(fake.requests().len(), 1);
    fake.shutdown().await;
}

/// Replaces the value of one query parameter in a URL string.
fn with_param(url: &str, name: &str, value: &str) -> String {
    let mut u = url::Url::parse(url).expect("url");
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    u.to_string()
}

#[tokio::test]
async fn auth_and_not_found_errors_are_permanent() {
    let fake = fake().await;
    let good = fake.webhook_url_with_credentials("AAAA");
    let sender = sender();

    let wrong_token: WebhookUrl = with_param(&good, "token", "wrong").parse().expect("url");
    let wrong_key: WebhookUrl = with_param(&good, "key", "wrong").parse().expect("url");
    let unknown_space: WebhookUrl = good
        .replace("/spaces/AAAA/", "/spaces/ZZZZ/")
        .parse()
        .expect("url");

    let cases: [(&WebhookUrl, u16, &str); 3] = [
        (&wrong_token, 403, "PERMISSION_DENIED"),
        (&wrong_key, 400, "INVALID_ARGUMENT"),
        (&unknown_space, 404, "NOT_FOUND"),
    ];
    let mut expected_requests = 0;
    for (url, http, status) in cases {
        let err = sender
            .send(url, &text("x"), &SendOptions::new())
            .await
            .expect_err("refused");
        expected_requests += 1;
        assert!(err.is_permanent(), "{err:?}");
        assert_eq!(err.http_status(), Some(http));
        assert_eq!(err.google_status(), Some(status));
        assert_eq!(err.attempts(), 1);
        assert_eq!(fake.requests().len(), expected_requests, "not retried");
    }
    let err = sender
        .send(&wrong_key, &text("x"), &SendOptions::new())
        .await
        .expect_err("bad key");
    match err {
        SendError::Rejected { error, .. } => {
            assert_eq!(error.reason.as_deref(), Some("API_KEY_INVALID"));
        }
        other => panic!("{other:?}"),
    }

    let url = url(&fake, "AAAA");
    for status in [401, 403, 404] {
        fake.fail_next(1, status);
        let before = fake.requests().len();
        let err = sender
            .send(&url, &text("x"), &SendOptions::new())
            .await
            .expect_err("injected");
        assert!(
            matches!(err, SendError::Rejected { attempts: 1, .. }),
            "{err:?}"
        );
        assert_eq!(err.http_status(), Some(status));
        assert_eq!(fake.requests().len(), before + 1, "{status} not retried");
    }
    assert!(fake.deliveries().is_empty());
    fake.shutdown().await;
}

#[tokio::test]
async fn html_error_bodies_are_classified_by_status() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    fake.push_fault(Fault::Respond {
        status: 404,
        body: "<h1>Not Found</h1>".into(),
    });
    let err = sender()
        .send(&url, &text("x"), &SendOptions::new())
        .await
        .expect_err("404");
    match err {
        SendError::Rejected { error, .. } => {
            assert_eq!(error.http, 404);
            assert!(error.status.is_none());
            assert!(error.message.contains("Not Found"));
        }
        other => panic!("{other:?}"),
    }
    fake.shutdown().await;
}

#[tokio::test]
async fn too_large_is_refused_with_zero_requests() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    // {"text":"…"} has 11 bytes around the text.
    let big = "a".repeat(MAX_MESSAGE_BYTES + 1 - 11);
    let err = sender()
        .send(&url, &text(&big), &SendOptions::new())
        .await
        .expect_err("too large");
    match err {
        SendError::TooLarge { bytes, limit } => {
            assert_eq!(bytes, 32_001);
            assert_eq!(limit, 32_000);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(fake.requests().is_empty());
    // One byte less is sent.
    let ok = "a".repeat(MAX_MESSAGE_BYTES - 11);
    sender()
        .send(&url, &text(&ok), &SendOptions::new())
        .await
        .expect("exactly 32,000 bytes is fine");
    assert_eq!(fake.deliveries()[0].bytes, 32_000);
    fake.shutdown().await;
}

#[tokio::test]
async fn invalid_messages_and_options_are_refused_with_zero_requests() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    // An unknown field: Chat answers 400 ("Cannot find field"), so it is not sent.
    let err = sender
        .send(
            &url,
            &serde_json::json!({"text": "down", "fallbackTxt": "down"}),
            &SendOptions::new(),
        )
        .await
        .expect_err("invalid");
    match &err {
        SendError::Invalid { findings } => {
            assert!(!findings.is_empty());
            assert_eq!(findings[0].path, "fallbackTxt");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let err = sender
        .send(
            &url,
            &text("x"),
            &SendOptions::new().message_id("Not-Valid"),
        )
        .await
        .expect_err("bad id");
    assert!(matches!(err, SendError::InvalidOption(_)), "{err:?}");
    assert!(err.to_string().contains("client-"), "{err}");
    let err = sender
        .send(
            &url,
            &text("x"),
            &SendOptions::new().thread_key("k".repeat(4001)),
        )
        .await
        .expect_err("long key");
    assert!(matches!(err, SendError::InvalidOption(_)), "{err:?}");
    assert!(fake.requests().is_empty());
    fake.shutdown().await;
}

#[tokio::test]
async fn thread_keys_and_reply_options() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    let send = |options: SendOptions, label: &'static str| {
        let (sender, url) = (sender.clone(), url.clone());
        async move { sender.send(&url, &text(label), &options).await }
    };
    let first = send(SendOptions::new().thread_key("deploy-1"), "start")
        .await
        .expect("first");
    let thread = first.thread_name.clone().expect("thread name");
    let reply = send(SendOptions::new().thread_key("deploy-1"), "progress")
        .await
        .expect("reply");
    assert_eq!(reply.thread_name.as_deref(), Some(thread.as_str()));
    let strict = send(
        SendOptions::new()
            .thread_key("deploy-1")
            .reply(ReplyOption::ReplyOrFail),
        "done",
    )
    .await
    .expect("strict reply");
    assert_eq!(strict.thread_name.as_deref(), Some(thread.as_str()));
    let fresh = send(
        SendOptions::new()
            .thread_key("deploy-1")
            .reply(ReplyOption::NewThread),
        "new",
    )
    .await
    .expect("new thread");
    assert_ne!(fresh.thread_name.as_deref(), Some(thread.as_str()));
    let by_name = send(
        SendOptions::new()
            .thread_name(thread.clone())
            .reply(ReplyOption::ReplyOrFail),
        "by name",
    )
    .await
    .expect("by name");
    assert_eq!(by_name.thread_name.as_deref(), Some(thread.as_str()));
    let err = send(
        SendOptions::new()
            .thread_key("unknown")
            .reply(ReplyOption::ReplyOrFail),
        "orphan",
    )
    .await
    .expect_err("no such thread");
    assert!(
        matches!(err, SendError::Rejected { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(err.http_status(), Some(404));

    let got = fake.deliveries();
    assert_eq!(got[0].body["thread"]["threadKey"], "deploy-1");
    assert_eq!(
        got[0].reply_option.as_deref(),
        Some("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD")
    );
    assert_eq!(
        got[2].reply_option.as_deref(),
        Some("REPLY_MESSAGE_OR_FAIL")
    );
    assert_eq!(got[3].reply_option, None, "NewThread sends no option");
    assert_eq!(got[4].body["thread"]["name"], thread.as_str());
    fake.shutdown().await;
}

#[tokio::test]
async fn request_id_deduplicates_and_message_id_is_unique() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let sender = sender();
    let fixed = SendOptions::new().request_id(RequestId::Fixed("alert-42-firing".into()));
    let a = sender.send(&url, &text("alert"), &fixed).await.expect("a");
    let b = sender.send(&url, &text("alert"), &fixed).await.expect("b");
    assert_eq!(a.name, b.name);
    assert_eq!(a.request_id.as_deref(), Some("alert-42-firing"));
    assert_eq!(fake.requests().len(), 2);
    assert_eq!(fake.deliveries().len(), 1);

    let with_id = SendOptions::new().message_id("client-alert-42");
    let m = sender.send(&url, &text("m"), &with_id).await.expect("m");
    // Chat assigns the name; the client-assigned id is kept beside it.
    assert!(m.name.starts_with("spaces/AAAA/messages/"), "{}", m.name);
    assert_eq!(
        fake.deliveries().last().and_then(|d| d.message_id.clone()),
        Some("client-alert-42".to_owned())
    );
    let err = sender
        .send(&url, &text("m again"), &with_id)
        .await
        .expect_err("duplicate id");
    assert_eq!(err.http_status(), Some(409));
    assert_eq!(err.google_status(), Some("ALREADY_EXISTS"));
    assert!(err.is_permanent());
    assert_eq!(fake.deliveries().len(), 2);
    fake.shutdown().await;
}

#[tokio::test]
async fn card_messages_and_typed_values_are_sent() {
    let fake = fake().await;
    let url = url(&fake, "AAAA");
    let card = chat_card::JsonMessage::__from_static(
        r#"{"cardsV2":[{"cardId":"c","card":{"header":{"title":"Disk full"},"sections":[{"widgets":[{"textParagraph":{"text":"<b>db-1</b> at 99%"}}]}]}}],"fallbackText":"Disk full"}"#,
    );
    let d = Sender::new()
        .expect("sender")
        .send(&url, &card, &SendOptions::new())
        .await
        .expect("card delivered");
    assert!(d.name.starts_with("spaces/AAAA/messages/"));
    let got = fake.deliveries();
    assert_eq!(got[0].summary(), "card: Disk full");
    assert_eq!(got[0].body["fallbackText"], "Disk full");

    // The typed model serialises straight into the body.
    let typed = chat_card::model::Message {
        text: Some("typed *model*".into()),
        ..Default::default()
    };
    let d = sender()
        .send(&url, &typed, &SendOptions::new().thread_key("typed"))
        .await
        .expect("typed delivered");
    assert!(d.thread_name.is_some());
    let got = fake.deliveries();
    assert_eq!(got[1].body["text"], "typed *model*");
    assert_eq!(got[1].body["thread"]["threadKey"], "typed");
    tokio::time::sleep(Duration::from_millis(10)).await;
    fake.shutdown().await;
}
