//! The fake Chat space itself, driven with raw HTTP requests on 127.0.0.1.

use std::time::Duration;

use chat_card_fake_space::{FakeEvent, FakeSpace, Fault, FaultPlan};
use serde_json::{Value, json};

/// A fake space without the quota, for tests that post fast.
async fn unpaced() -> FakeSpace {
    FakeSpace::builder()
        .quota_interval(Duration::ZERO)
        .start()
        .await
        .expect("fake space")
}

async fn post(url: &str, body: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn assert_google_error(body: &Value, code: u16, status: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    assert_eq!(body["error"]["status"], status, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn quota_answers_429_in_googles_shape_and_counts() {
    let fake = FakeSpace::start().await.expect("fake");
    let url = fake.webhook_url_with_credentials("AAAA");
    let (s1, _) = post(&url, r#"{"text":"one"}"#).await;
    let (s2, body) = post(&url, r#"{"text":"two"}"#).await;
    assert_eq!(s1, 200);
    assert_eq!(s2, 429);
    assert_google_error(&body, 429, "RESOURCE_EXHAUSTED");
    assert_eq!(
        body["error"]["details"][0]["@type"],
        "type.googleapis.com/google.rpc.ErrorInfo"
    );
    assert_eq!(fake.quota_rejections(), 1);
    assert_eq!(fake.deliveries().len(), 1);
    // Another space has its own quota.
    let other = fake.webhook_url_with_credentials("BBBB");
    assert_eq!(post(&other, r#"{"text":"b"}"#).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn answers_the_message_with_name_and_thread() {
    let fake = unpaced().await;
    let url = fake.webhook_url_with_credentials("AAAA");
    let (status, body) = post(
        &format!("{url}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&requestId=r1"),
        r#"{"text":"hi","thread":{"threadKey":"k"}}"#,
    )
    .await;
    assert_eq!(status, 200);
    let name = body["name"].as_str().expect("name");
    assert!(name.starts_with("spaces/AAAA/messages/"), "{name}");
    let thread = body["thread"]["name"].as_str().expect("thread");
    assert!(thread.starts_with("spaces/AAAA/threads/"), "{thread}");
    assert_eq!(body["text"], "hi");
    // Same request id: the same message again, recorded once.
    let (_, again) = post(
        &format!("{url}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&requestId=r1"),
        r#"{"text":"hi","thread":{"threadKey":"k"}}"#,
    )
    .await;
    assert_eq!(again["name"], name);
    assert_eq!(fake.deliveries().len(), 1);
    let d = &fake.deliveries()[0];
    assert_eq!(d.request_id.as_deref(), Some("r1"));
    assert_eq!(d.thread_key.as_deref(), Some("k"));
    assert_eq!(d.body, json!({"text":"hi","thread":{"threadKey":"k"}}));
    // The deprecated query parameter still threads (as on Chat) — the sender never uses it.
    let (_, legacy) = post(
        &format!("{url}&threadKey=k&messageReplyOption=REPLY_MESSAGE_OR_FAIL"),
        r#"{"text":"legacy"}"#,
    )
    .await;
    assert_eq!(legacy["thread"]["name"], thread);
    // No reply option: always a new thread.
    let (_, fresh) = post(&url, r#"{"text":"x","thread":{"threadKey":"k"}}"#).await;
    assert_ne!(fresh["thread"]["name"], thread);
    // OR_FAIL with an unknown key: 404.
    let (status, body) = post(
        &format!("{url}&messageReplyOption=REPLY_MESSAGE_OR_FAIL"),
        r#"{"text":"x","thread":{"threadKey":"nope"}}"#,
    )
    .await;
    assert_eq!(status, 404);
    assert_google_error(&body, 404, "NOT_FOUND");
    fake.shutdown().await;
}

#[tokio::test]
async fn refuses_bad_requests_in_googles_shape() {
    let fake = unpaced().await;
    let url = fake.webhook_url_with_credentials("AAAA");
    let base = format!("http://{}", fake.local_addr());

    let (status, body) = post(
        &format!("{base}/v1/spaces/AAAA/messages"),
        r#"{"text":"x"}"#,
    )
    .await;
    assert_eq!(status, 403, "missing key");
    assert_google_error(&body, 403, "PERMISSION_DENIED");

    let wrong_token = url.replace("token=", "token=x");
    let (status, body) = post(&wrong_token, r#"{"text":"x"}"#).await;
    assert_eq!(status, 403);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("valid token")
    );

    let wrong_key = url.replace("key=", "key=x");
    let (status, body) = post(&wrong_key, r#"{"text":"x"}"#).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["details"][0]["reason"], "API_KEY_INVALID");

    let (status, body) = post(&url, "{not json").await;
    assert_eq!(status, 400);
    assert_google_error(&body, 400, "INVALID_ARGUMENT");
    assert_eq!(
        body["error"]["details"][0]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );

    let big = json!({ "text": "a".repeat(40_000) }).to_string();
    let (status, body) = post(&url, &big).await;
    assert_eq!(status, 400);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("32000")
    );

    let (status, _) = post(&url, r#"{"fallbackText":"only"}"#).await;
    assert_eq!(status, 400, "empty message");

    // The shared validator judges the body: an unknown field is refused, as Chat does.
    let (status, body) = post(&url, r#"{"text":"x","txt":"y"}"#).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["details"][0]["fieldViolations"][0]["field"], "txt",
        "{body}"
    );
    // What Chat's front end accepts with a warning is accepted: HTML in message text.
    let (status, _) = post(&url, r#"{"text":"<b>x</b>"}"#).await;
    assert_eq!(status, 200);

    let (status, _) = post(&format!("{url}&bogus=1"), r#"{"text":"x"}"#).await;
    assert_eq!(status, 400, "unknown query parameter");

    let (status, _) = post(&format!("{url}&messageId=Bad_Id"), r#"{"text":"x"}"#).await;
    assert_eq!(status, 400, "invalid message id");
    let (status, _) = post(&format!("{url}&messageId=client-a"), r#"{"text":"x"}"#).await;
    assert_eq!(status, 200);
    let (status, body) = post(&format!("{url}&messageId=client-a"), r#"{"text":"y"}"#).await;
    assert_eq!(status, 409);
    assert_google_error(&body, 409, "ALREADY_EXISTS");

    let (status, body) = post(&format!("{base}/v1/spaces/AAAA/other"), "{}").await;
    assert_eq!(status, 404);
    assert!(
        body.as_str().unwrap_or("").contains("Not Found"),
        "HTML 404"
    );

    let unknown = url.replace("/spaces/AAAA/", "/spaces/QQQQ/");
    assert_eq!(post(&unknown, r#"{"text":"x"}"#).await.0, 404);
    // The text with HTML and `client-a`.
    assert_eq!(fake.deliveries().len(), 2);
    fake.shutdown().await;
}

#[tokio::test]
async fn injected_faults() {
    let fake = unpaced().await;
    let url = fake.webhook_url_with_credentials("AAAA");
    fake.fail_next(2, 503);
    for _ in 0..2 {
        let (status, body) = post(&url, r#"{"text":"x"}"#).await;
        assert_eq!(status, 503);
        assert_google_error(&body, 503, "UNAVAILABLE");
    }
    fake.push_fault(Fault::RateLimited {
        retry_after: Some("7".into()),
        retry_delay: Some(Duration::from_millis(2500)),
    });
    let response = reqwest::Client::new()
        .post(&url)
        .body(r#"{"text":"x"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    let body: Value = response.json_text().await;
    assert_eq!(body["error"]["details"][1]["retryDelay"], "2.5s");

    fake.push_fault(Fault::Drop);
    let err = reqwest::Client::new()
        .post(&url)
        .body(r#"{"text":"dropped"}"#)
        .send()
        .await
        .expect_err("dropped");
    assert!(!err.is_connect(), "the connection was made, then dropped");
    fake.push_fault(Fault::DropAfterProcessing);
    reqwest::Client::new()
        .post(&url)
        .body(r#"{"text":"posted then dropped"}"#)
        .send()
        .await
        .expect_err("dropped after processing");
    let texts: Vec<_> = fake.deliveries().iter().map(|d| d.summary()).collect();
    assert_eq!(texts, ["posted then dropped"]);
    assert_eq!(fake.count_status(503), 2);
    fake.shutdown().await;
}

/// Reads a JSON body without reqwest's `json` feature.
trait JsonText {
    async fn json_text(self) -> Value;
}

impl JsonText for reqwest::Response {
    async fn json_text(self) -> Value {
        let text = self.text().await.expect("body");
        serde_json::from_str(&text).expect("json")
    }
}

#[tokio::test]
async fn fault_plans_are_reproducible_per_space() {
    async fn run(seed: u64) -> Vec<Option<u16>> {
        let fake = unpaced().await;
        fake.inject(FaultPlan {
            error_rate_503: 0.3,
            drop_rate: 0.2,
            delay: None,
            seed,
        });
        let url = fake.webhook_url_with_credentials("AAAA");
        let client = reqwest::Client::new();
        for i in 0..20 {
            let _ = client
                .post(&url)
                .body(format!(r#"{{"text":"{i}"}}"#))
                .send()
                .await;
        }
        let statuses = fake.requests().iter().map(|r| r.status).collect();
        fake.shutdown().await;
        statuses
    }
    let a = run(7).await;
    let b = run(7).await;
    assert_eq!(a, b);
    assert!(
        a.contains(&Some(503)) && a.contains(&None) && a.contains(&Some(200)),
        "{a:?}"
    );
}

#[tokio::test]
async fn events_report_what_arrives() {
    let fake = unpaced().await;
    let mut events = fake.subscribe();
    let url = fake.webhook_url_with_credentials("AAAA");
    post(&url, r#"{"text":"hello"}"#).await;
    post(&url, r#"{"nope":1}"#).await;
    let first = tokio::time::timeout(Duration::from_secs(5), events.recv())
        .await
        .expect("in time")
        .expect("event");
    match first {
        FakeEvent::Delivered(m) => assert_eq!(m.summary(), "hello"),
        other => panic!("{other:?}"),
    }
    let second = tokio::time::timeout(Duration::from_secs(5), events.recv())
        .await
        .expect("in time")
        .expect("event");
    assert!(
        matches!(second, FakeEvent::Refused { http: 400, .. }),
        "{second:?}"
    );
    fake.shutdown().await;
}

#[test]
fn runs_on_its_own_thread_for_sync_callers() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::ZERO)
        .start_blocking()
        .expect("fake");
    let url = fake.webhook_url_with_credentials("AAAA");
    let client = reqwest::blocking::Client::new();
    let response = client
        .post(&url)
        .body(r#"{"text":"sync"}"#)
        .send()
        .expect("answer");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(fake.deliveries().len(), 1);
    let addr = fake.local_addr();
    fake.shutdown_blocking();
    assert!(
        std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(),
        "stopped listening"
    );
}

#[tokio::test]
async fn serves_a_page_of_the_received_messages() {
    let fake = unpaced().await;
    let url = fake.webhook_url_with_credentials("PAGE");
    let card = r#"{"cardsV2":[{"cardId":"a","card":{"header":{"title":"db-1 <unreachable>"},"sections":[{"widgets":[{"textParagraph":{"text":"<b>disk</b> full"}}]}]}}]}"#;
    assert_eq!(post(&url, card).await.0, 200);
    assert_eq!(post(&url, r#"{"text": "second *message*"}"#).await.0, 200);

    let page = reqwest::get(format!("http://{}/", fake.local_addr()))
        .await
        .expect("answer");
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/html")
    );
    let html = page.text().await.expect("body");
    assert!(html.contains("Fake Chat space"), "{html}");
    assert!(html.contains("2 messages"), "{html}");
    assert!(html.contains("spaces/PAGE"), "{html}");
    // The card is drawn, with its text escaped, not raw.
    assert!(html.contains("db-1 &lt;unreachable&gt;"), "{html}");
    assert!(!html.contains("db-1 <unreachable>"), "{html}");
    assert!(html.contains("<b>disk</b>"), "{html}");
    // The page refreshes itself and loads nothing from elsewhere.
    assert!(html.contains("http-equiv=\"refresh\""), "{html}");
    assert!(html.contains("Content-Security-Policy"), "{html}");
    fake.shutdown().await;
}
