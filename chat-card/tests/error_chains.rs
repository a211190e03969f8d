//! Error chains say each thing once: rendered the way `anyhow` shows `{:#}` (the error,
//! then `: ` and each `source()` in turn), no message repeats a cause that follows it.
//! Real failures only: a closed loopback port, the fake space's answers, a token
//! endpoint that is not there.

use std::error::Error;
use std::time::Duration;

use chat_card::{SendError, SendOptions, Sender, WebhookUrl};
use chat_card_fake_space::FakeSpace;

const KEY: &str = "AIzaSyKEYsecret0123456789";
const TOKEN: &str = "TOKENsecret-abcdefghijklmnop";

/// The messages of `e` and of each of its sources, outermost first.
fn messages(e: &(dyn Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut source = e.source();
    while let Some(cause) = source {
        assert!(
            out.len() < 32,
            "a source chain this long is a cycle: {out:?}"
        );
        out.push(cause.to_string());
        source = cause.source();
    }
    out
}

/// What `anyhow` prints for `{:#}`: `outer: cause: cause…`.
fn render(e: &(dyn Error + 'static)) -> String {
    messages(e).join(": ")
}

/// Checks that the rendered chain of `e` says each thing once, and returns it.
fn assert_said_once(e: &(dyn Error + 'static)) -> String {
    let messages = messages(e);
    let rendered = render(e);
    for (i, message) in messages.iter().enumerate() {
        assert!(
            !message.is_empty(),
            "level {i} has no message: {messages:?}"
        );
        for later in &messages[i + 1..] {
            assert!(
                !message.contains(later.as_str()),
                "level {i} repeats a later cause `{later}`:\n{rendered}"
            );
        }
        assert_eq!(
            rendered.matches(message.as_str()).count(),
            1,
            "`{message}` is said more than once:\n{rendered}"
        );
    }
    assert!(
        !rendered.contains(KEY) && !rendered.contains(TOKEN) && !rendered.contains("secret"),
        "the chain leaks a credential:\n{rendered}"
    );
    rendered
}

/// A loopback port with nothing listening.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

fn closed_url() -> WebhookUrl {
    format!(
        "http://127.0.0.1:{}/v1/spaces/AAAA/messages?key={KEY}&token={TOKEN}",
        closed_port()
    )
    .parse()
    .expect("url")
}

fn quick_sender(attempts: u32) -> Sender {
    Sender::builder()
        .max_attempts(attempts)
        .backoff(Duration::from_millis(20), Duration::from_millis(50))
        .per_space_interval(Duration::from_millis(20))
        .build()
        .expect("sender")
}

#[test]
fn the_renderer_shows_every_level() {
    #[derive(Debug)]
    struct Outer(std::io::Error);
    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("outer")
        }
    }
    impl Error for Outer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }
    let e = Outer(std::io::Error::other("inner"));
    assert_eq!(assert_said_once(&e), "outer: inner");
}

#[tokio::test]
async fn a_refused_connection_names_its_cause_once() {
    let err = quick_sender(2)
        .send_text(&closed_url(), "x", &SendOptions::new())
        .await
        .expect_err("nothing listens");
    let SendError::Transport { source, .. } = &err else {
        panic!("expected Transport, got {err:?}");
    };
    assert!(source.is_connect(), "{source:?}");
    assert!(
        err.source().is_some(),
        "the transport error is the source: {err:?}"
    );
    let transport: &(dyn Error + 'static) = source;
    assert!(
        transport.source().is_some(),
        "the connection error is the transport error's source: {source:?}"
    );
    let rendered = assert_said_once(&err);
    assert!(
        rendered.starts_with("could not reach Chat after 2 attempt(s)"),
        "{rendered}"
    );
    assert!(
        rendered.to_lowercase().contains("connection refused"),
        "the OS error is in the chain: {rendered}"
    );
}

#[tokio::test]
async fn an_invalid_option_is_said_once() {
    let err = quick_sender(1)
        .send_text(
            &closed_url(),
            "x",
            &SendOptions::new().message_id("Not-Valid"),
        )
        .await
        .expect_err("bad id");
    assert!(matches!(err, SendError::InvalidOption(_)), "{err:?}");
    let rendered = assert_said_once(&err);
    assert!(rendered.contains("client-"), "{rendered}");
    assert_eq!(
        rendered,
        err.to_string(),
        "the option's problem is in the message"
    );
}

#[tokio::test]
async fn a_rejection_is_chats_answer_then_the_hint() {
    let fake = FakeSpace::builder()
        .quota_interval(Duration::ZERO)
        .start()
        .await
        .expect("fake");
    let url = fake.webhook_url("AAAA").expect("url");
    fake.fail_next(1, 400);
    let err = quick_sender(1)
        .send_text(&url, "x", &SendOptions::new())
        .await
        .expect_err("rejected");
    let SendError::Rejected { error, .. } = &err else {
        panic!("expected Rejected, got {err:?}");
    };
    let rendered = assert_said_once(&err);
    assert_eq!(
        rendered,
        format!(
            "Chat rejected the message: {error} — {}",
            error.webhook_hint()
        )
    );
    assert!(rendered.contains("HTTP 400 INVALID_ARGUMENT"), "{rendered}");
    assert_eq!(rendered.matches("fix the message").count(), 1, "{rendered}");
    fake.shutdown().await;
}

#[cfg(all(feature = "blocking", feature = "redis"))]
#[test]
fn a_sender_build_error_is_said_once() {
    let shared = chat_card::SharedPacing::redis("redis://127.0.0.1:1").expect("redis url");
    let err = chat_card::BlockingSender::builder()
        .shared_pacing(shared)
        .build_blocking()
        .expect_err("shared pacing needs the async sender");
    let rendered = assert_said_once(&err);
    assert!(rendered.contains("SenderBuilder::build"), "{rendered}");
}

#[cfg(feature = "chat-api")]
mod chat_api {
    use std::sync::OnceLock;

    use chat_card::chat_api::{ChatApi, ChatApiError, MessageName, ServiceAccountKey, TokenError};
    use chat_card_fake_space::TestKeyPair;

    use super::*;

    const EMAIL: &str = "alerts@fake-project.iam.gserviceaccount.com";

    fn pair() -> &'static TestKeyPair {
        static PAIR: OnceLock<TestKeyPair> = OnceLock::new();
        PAIR.get_or_init(|| TestKeyPair::generate().expect("key pair"))
    }

    fn api(token_uri: &str, base: String) -> ChatApi {
        let key = ServiceAccountKey::from_json(&pair().key_file_json(EMAIL, "kid-1", token_uri))
            .expect("key file parses");
        ChatApi::builder(key)
            .sender(quick_sender(1))
            .api_base(base)
            .build()
            .expect("client builds")
    }

    #[tokio::test]
    async fn an_unreachable_token_endpoint_names_its_cause_once() {
        let fake = FakeSpace::start().await.expect("fake");
        let token_uri = format!("http://127.0.0.1:{}/token", closed_port());
        let err = api(&token_uri, fake.chat_api().api_base())
            .create_text(
                &"spaces/AAAA".parse().expect("space"),
                "x",
                &SendOptions::new(),
            )
            .await
            .expect_err("no token endpoint");
        assert!(
            matches!(err, ChatApiError::Token(TokenError::Unavailable(_))),
            "{err:?}"
        );
        let rendered = assert_said_once(&err);
        assert!(
            rendered.starts_with("could not get an access token: error sending request"),
            "{rendered}"
        );
        assert!(
            rendered.to_lowercase().contains("connection refused"),
            "the OS error is in the message: {rendered}"
        );
        assert!(fake.requests().is_empty(), "nothing reached Chat");
        fake.shutdown().await;
    }

    #[tokio::test]
    async fn a_chat_api_rejection_is_chats_answer_then_its_own_hint() {
        let fake = FakeSpace::start().await.expect("fake");
        fake.chat_api()
            .add_service_account(EMAIL, &pair().public_pem)
            .expect("public key accepted");
        let name: MessageName = "spaces/AAAA/messages/nothing-here".parse().expect("name");
        let err = api(&fake.chat_api().token_uri(), fake.chat_api().api_base())
            .get(&name)
            .await
            .expect_err("no such message");
        let ChatApiError::Rejected {
            error, operation, ..
        } = &err
        else {
            panic!("expected Rejected, got {err:?}");
        };
        let rendered = assert_said_once(&err);
        assert_eq!(
            rendered,
            format!(
                "Chat refused to get the message: {error} — {}",
                error.chat_api_hint(*operation)
            )
        );
        assert!(rendered.contains("no such message"), "{rendered}");
        assert!(
            !rendered.contains(error.webhook_hint()),
            "not the webhook's hint: {rendered}"
        );
        fake.shutdown().await;
    }
}
