//! The webhook key and token never appear in Debug, Display or errors.

use std::time::Duration;

use chat_card::{RequestId, SendError, SendOptions, Sender, WebhookUrl};
use chat_card_fake_space::{FakeSpace, Fault};

const KEY: &str = "AIzaSyKEYsecret0123456789";
const TOKEN: &str = "TOKENsecret-abcdefghijklmnop";

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(KEY) && !text.contains(TOKEN),
        "{what} leaks a credential: {text}"
    );
    assert!(
        !text.contains("secret"),
        "{what} leaks a credential: {text}"
    );
}

fn assert_error_clean(what: &str, e: &(dyn std::error::Error + 'static)) {
    assert_clean(what, &format!("{e}"));
    assert_clean(what, &format!("{e:?}"));
    let mut source = e.source();
    while let Some(s) = source {
        assert_clean(what, &format!("{s} {s:?}"));
        source = s.source();
    }
}

/// A loopback port with nothing listening.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

#[test]
fn webhook_url_and_url_errors_are_redacted() {
    let url: WebhookUrl =
        format!("https://chat.googleapis.com/v1/spaces/AAAA/messages?key={KEY}&token={TOKEN}")
            .parse()
            .expect("url");
    assert_clean("Display", &url.to_string());
    assert_clean("Debug", &format!("{url:?}"));
    assert_clean("Debug alternate", &format!("{url:#?}"));
    for bad in [
        format!("http://chat.googleapis.com/v1/spaces/A/messages?key={KEY}&token={TOKEN}"),
        format!("https://evil.example/v1/spaces/A/messages?key={KEY}&token={TOKEN}"),
        format!(
            "https://chat.googleapis.com/v1/spaces/A/messages?key={KEY}&token={TOKEN}&threadKey={TOKEN}"
        ),
        format!("https://chat.googleapis.com/v1/spaces/A/messages?key={KEY}"),
        format!("https://chat.googleapis.com/v1/x/A/messages?key={KEY}&token={TOKEN}"),
        format!(
            "https://chat.googleapis.com/v1/spaces/A/messages?key={KEY}&token={TOKEN}&{TOKEN}=1"
        ),
        format!(
            "https://{KEY}:{TOKEN}@chat.googleapis.com/v1/spaces/A/messages?key={KEY}&token={TOKEN}"
        ),
        format!("not a url {KEY} {TOKEN}"),
    ] {
        let e = bad.parse::<WebhookUrl>().expect_err("refused");
        assert_error_clean("UrlError", &e);
        assert_error_clean("SendError::InvalidUrl", &SendError::from(e));
    }
}

#[tokio::test]
async fn transport_errors_to_a_closed_port_are_redacted() {
    let url: WebhookUrl = format!(
        "http://127.0.0.1:{}/v1/spaces/AAAA/messages?key={KEY}&token={TOKEN}",
        closed_port()
    )
    .parse()
    .expect("url");
    let sender = Sender::builder()
        .max_attempts(2)
        .backoff(Duration::from_millis(50), Duration::from_millis(100))
        .per_space_interval(Duration::from_millis(50))
        .build()
        .expect("sender");
    let err = sender
        .send_text(&url, "x", &SendOptions::new())
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(
            err,
            SendError::Transport {
                attempts: 2,
                ambiguous: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert_error_clean("transport", &err);
}

#[cfg(feature = "blocking")]
#[test]
fn blocking_transport_errors_are_redacted() {
    let url: WebhookUrl = format!(
        "http://127.0.0.1:{}/v1/spaces/AAAA/messages?key={KEY}&token={TOKEN}",
        closed_port()
    )
    .parse()
    .expect("url");
    let sender = chat_card::BlockingSender::builder()
        .max_attempts(1)
        .build_blocking()
        .expect("sender");
    let err = sender
        .send_text(&url, "x", &SendOptions::new())
        .expect_err("nothing listens");
    assert_error_clean("blocking transport", &err);
}

#[tokio::test]
async fn every_answer_error_is_redacted() {
    // No quota and a short interval: this test is about error texts, not pacing.
    let fake = FakeSpace::builder()
        .quota_interval(Duration::ZERO)
        .start()
        .await
        .expect("fake");
    let real = fake.webhook_url_with_credentials("AAAA");
    let parsed = url::Url::parse(&real).expect("url");
    let q: std::collections::HashMap<String, String> = parsed.query_pairs().into_owned().collect();
    let (key, token) = (q["key"].clone(), q["token"].clone());
    let url = fake.webhook_url("AAAA").expect("url");
    let check = |what: &str, text: &str| {
        assert!(
            !text.contains(&key) && !text.contains(&token),
            "{what}: {text}"
        );
    };
    check("url", &format!("{url} {url:?}"));
    let sender = Sender::builder()
        .max_attempts(2)
        .per_space_interval(Duration::from_millis(20))
        .attempt_timeout(Duration::from_millis(300))
        .backoff(Duration::from_millis(50), Duration::from_millis(100))
        .build()
        .expect("sender");
    let mut errors: Vec<SendError> = Vec::new();
    for status in [400, 401, 403, 404, 409, 500, 503] {
        fake.fail_next(2, status);
        errors.push(
            sender
                .send_text(&url, "x", &SendOptions::new())
                .await
                .expect_err("fails"),
        );
        fake.clear_faults();
    }
    // An error body that echoes the credentials (a misbehaving proxy) is scrubbed too.
    fake.push_fault(Fault::Respond {
        status: 502,
        body: format!("bad gateway for {real}"),
    });
    fake.push_fault(Fault::Respond {
        status: 502,
        body: format!("bad gateway for {real}"),
    });
    errors.push(
        sender
            .send_text(&url, "x", &SendOptions::new())
            .await
            .expect_err("502"),
    );
    fake.push_fault(Fault::Delay(Duration::from_millis(800)));
    fake.push_fault(Fault::Delay(Duration::from_millis(800)));
    errors.push(
        sender
            .send_text(&url, "x", &SendOptions::new())
            .await
            .expect_err("timeout"),
    );
    fake.push_fault(Fault::Drop);
    errors.push(
        sender
            .send_text(&url, "x", &SendOptions::new().request_id(RequestId::None))
            .await
            .expect_err("dropped"),
    );
    errors.push(
        sender
            .send_text(&url, &"a".repeat(40_000), &SendOptions::new())
            .await
            .expect_err("too large"),
    );
    errors.push(
        sender
            .send_text(&url, "x", &SendOptions::new().message_id("bad"))
            .await
            .expect_err("bad option"),
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, SendError::Timeout { .. }))
    );
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, SendError::Transport { .. }))
    );
    for e in &errors {
        check("error Display", &e.to_string());
        check("error Debug", &format!("{e:?}"));
    }
    let d = sender
        .send_text(&url, "ok", &SendOptions::new())
        .await
        .expect("delivered");
    check("delivery", &format!("{d:?}"));
    check("sender", &format!("{sender:?}"));
    check("fake space", &format!("{fake:?}"));
    fake.shutdown().await;
}
