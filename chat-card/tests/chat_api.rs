//! The Chat API client against the fake space's API (loopback only): app authentication
//! with a key pair generated here, create / get / update / delete by both kinds of name,
//! typed errors, retries, and pacing shared with webhook sends.

#![cfg(feature = "chat-api")]

use std::sync::OnceLock;
use std::time::Duration;

use chat_card::chat_api::{
    ChatApi, ChatApiError, MessageName, MessageUpdate, ServiceAccountKey, SpaceName, TokenError,
};
use chat_card::{ReplyOption, SendOptions, Sender, card, message};
use chat_card_fake_space::{FakeSpace, Fault, TestKeyPair};

const EMAIL: &str = "alerts@fake-project.iam.gserviceaccount.com";

/// One key pair per test binary (RSA generation takes a moment).
fn pair() -> &'static TestKeyPair {
    static PAIR: OnceLock<TestKeyPair> = OnceLock::new();
    PAIR.get_or_init(|| TestKeyPair::generate().expect("key pair"))
}

fn other_pair() -> &'static TestKeyPair {
    static PAIR: OnceLock<TestKeyPair> = OnceLock::new();
    PAIR.get_or_init(|| TestKeyPair::generate().expect("key pair"))
}

/// A fake space with a short quota (so tests are quick) that trusts `pair()`.
async fn fake_with(quota: Duration, lifetime: Duration) -> FakeSpace {
    let fake = FakeSpace::builder()
        .quota_interval(quota)
        .token_lifetime(lifetime)
        .start()
        .await
        .expect("fake starts");
    fake.chat_api()
        .add_service_account(EMAIL, &pair().public_pem)
        .expect("public key accepted");
    fake
}

async fn fake() -> FakeSpace {
    fake_with(Duration::from_millis(100), Duration::from_secs(3600)).await
}

fn key_for(fake: &FakeSpace, pair: &TestKeyPair) -> ServiceAccountKey {
    ServiceAccountKey::from_json(&pair.key_file_json(EMAIL, "kid-1", &fake.chat_api().token_uri()))
        .expect("key file parses")
}

fn sender(interval: Duration) -> Sender {
    Sender::builder()
        .per_space_interval(interval)
        .backoff(Duration::from_millis(50), Duration::from_millis(400))
        .build()
        .expect("sender")
}

fn api(fake: &FakeSpace, sender: Sender) -> ChatApi {
    ChatApi::builder(key_for(fake, pair()))
        .sender(sender)
        .api_base(fake.chat_api().api_base())
        .build()
        .expect("client builds")
}

fn space(s: &str) -> SpaceName {
    s.parse().expect("space name")
}

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let fake = fake().await;
    let api = api(&fake, sender(Duration::from_millis(100)));
    let s = space("spaces/AAAA");
    let m1 = api
        .create_text(&s, "one", &SendOptions::new())
        .await
        .expect("one");
    api.create_text(&s, "two", &SendOptions::new())
        .await
        .expect("two");
    let name: MessageName = m1.name.parse().expect("name");
    api.get(&name).await.expect("get");
    api.update(&name, &MessageUpdate::new().text("one!"))
        .await
        .expect("update");
    api.delete(&name).await.expect("delete");
    assert_eq!(api.token_fetches(), 1);
    let grants = fake.chat_api().token_grants();
    assert_eq!(grants.len(), 1, "{grants:?}");
    assert!(grants[0].accepted);
    assert_eq!(grants[0].client_email.as_deref(), Some(EMAIL));
    fake.shutdown().await;
}

#[tokio::test]
async fn concurrent_first_calls_share_one_token_request() {
    let fake = fake_with(Duration::ZERO, Duration::from_secs(3600)).await;
    let api = api(&fake, sender(Duration::ZERO));
    let mut tasks = Vec::new();
    for i in 0..5 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            let s = space(&format!("spaces/S{i}"));
            api.create_text(&s, "hi", &SendOptions::new()).await
        }));
    }
    for t in tasks {
        t.await.expect("task").expect("created");
    }
    assert_eq!(fake.chat_api().token_grants().len(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn token_is_refreshed_before_expiry() {
    // Tokens live 2 s; the client replaces them 1.5 s early, so after 0.6 s it refreshes.
    let fake = fake_with(Duration::from_millis(50), Duration::from_secs(2)).await;
    let api = ChatApi::builder(key_for(&fake, pair()))
        .sender(sender(Duration::from_millis(50)))
        .api_base(fake.chat_api().api_base())
        .refresh_margin(Duration::from_millis(1500))
        .build()
        .expect("client");
    let s = space("spaces/R");
    api.create_text(&s, "before", &SendOptions::new())
        .await
        .expect("first");
    api.create_text(&s, "soon", &SendOptions::new())
        .await
        .expect("second");
    assert_eq!(fake.chat_api().token_grants().len(), 1, "still fresh");
    tokio::time::sleep(Duration::from_millis(700)).await;
    api.create_text(&s, "after", &SendOptions::new())
        .await
        .expect("third");
    assert_eq!(fake.chat_api().token_grants().len(), 2, "refreshed");
    assert_eq!(
        fake.chat_api().bearer_refusals(),
        0,
        "never sent an expired token"
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn a_token_refused_by_chat_is_replaced_once() {
    let fake = fake_with(Duration::ZERO, Duration::from_secs(3600)).await;
    let api = api(&fake, sender(Duration::ZERO));
    let s = space("spaces/T");
    let m = api
        .create_text(&s, "a", &SendOptions::new())
        .await
        .expect("a");
    let name: MessageName = m.name.parse().expect("name");
    // The cached token is still "fresh" for the client, but Chat no longer accepts it.
    fake.chat_api().revoke_tokens();
    let got = api.get(&name).await.expect("get after revocation");
    assert_eq!(got.text.as_deref(), Some("a"));
    assert_eq!(
        fake.chat_api().bearer_refusals(),
        1,
        "one 401, then a fresh token"
    );
    assert_eq!(fake.chat_api().token_grants().len(), 2);
    // Revoked again and again: one refresh per call, then the 401 is reported.
    fake.chat_api().revoke_tokens();
    api.update(&name, &MessageUpdate::new().text("b"))
        .await
        .expect("update after revocation");
    assert_eq!(fake.chat_api().token_grants().len(), 3);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_bad_signature_is_refused_with_a_typed_error_and_no_secret() {
    let fake = fake().await;
    // Signed with another key than the one the fake trusts.
    let api = ChatApi::builder(key_for(&fake, other_pair()))
        .sender(sender(Duration::from_millis(100)))
        .api_base(fake.chat_api().api_base())
        .build()
        .expect("client");
    let err = api
        .create_text(&space("spaces/X"), "hi", &SendOptions::new())
        .await
        .expect_err("refused");
    match &err {
        ChatApiError::Token(TokenError::Refused {
            http,
            error,
            description,
        }) => {
            assert_eq!(*http, 400);
            assert_eq!(error.as_deref(), Some("invalid_grant"));
            assert!(
                description
                    .as_deref()
                    .is_some_and(|d| d.contains("Signature")),
                "{description:?}"
            );
        }
        other => panic!("expected a refused token, got {other:?}"),
    }
    assert!(err.is_permanent());
    let shown = format!("{err} {err:?} {api:?}");
    let body_line = other_pair().private_pem.lines().nth(1).expect("pem body");
    assert!(!shown.contains(body_line), "private key leaked: {shown}");
    assert!(!shown.contains("PRIVATE KEY"), "{shown}");
    assert!(
        shown.contains("check that the key"),
        "says how to fix: {shown}"
    );
    assert!(fake.deliveries().is_empty());
    assert_eq!(fake.chat_api().token_grants().len(), 1);
    assert!(!fake.chat_api().token_grants()[0].accepted);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_token_uri_that_is_not_a_token_endpoint_says_to_check_token_uri() {
    let fake = fake().await;
    let wrong = format!("{}/not-the-token-endpoint", fake.chat_api().api_base());
    let key =
        ServiceAccountKey::from_json(&pair().key_file_json(EMAIL, "kid-1", &wrong)).expect("key");
    let api = ChatApi::builder(key)
        .sender(sender(Duration::from_millis(100)))
        .api_base(fake.chat_api().api_base())
        .build()
        .expect("client");
    let err = api
        .create_text(&space("spaces/X"), "hi", &SendOptions::new())
        .await
        .expect_err("no token");
    assert!(
        matches!(
            err,
            ChatApiError::Token(TokenError::NoTokenEndpoint { http: 404 })
        ),
        "{err:?}"
    );
    let shown = err.to_string();
    assert!(shown.contains("check `token_uri`"), "{shown}");
    assert!(!shown.contains("revoked"), "{shown}");
    assert!(err.is_permanent());
    assert!(fake.deliveries().is_empty());
    fake.shutdown().await;
}

#[tokio::test]
async fn unknown_service_account_and_missing_bearer_are_refused() {
    let fake = fake().await;
    let key = ServiceAccountKey::from_json(&pair().key_file_json(
        "stranger@else.iam.gserviceaccount.com",
        "k",
        &fake.chat_api().token_uri(),
    ))
    .expect("key");
    let api = ChatApi::builder(key)
        .api_base(fake.chat_api().api_base())
        .build()
        .expect("client");
    let err = api.get(&"spaces/A/messages/M".parse().expect("name")).await;
    assert!(matches!(
        err,
        Err(ChatApiError::Token(TokenError::Refused { .. }))
    ));

    // A raw request without a token gets Google's 401.
    let url = format!("{}/v1/spaces/A/messages/M", fake.chat_api().api_base());
    let answer = reqwest::get(url).await.expect("answer");
    assert_eq!(answer.status().as_u16(), 401);
    let bytes = answer.bytes().await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(body["error"]["status"], "UNAUTHENTICATED");
    assert_eq!(fake.chat_api().bearer_refusals(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn create_get_update_delete_by_both_kinds_of_name() {
    let fake = fake().await;
    let api = api(&fake, sender(Duration::from_millis(100)));
    let s = space("spaces/OPS");
    let host = "db-1";
    let alert = card! {
        id: "alert",
        header { title: "{host} is down" }
        section { text "since 10:04" }
    }
    .expect("card builds");
    let created = api
        .create(
            &s,
            &alert,
            &SendOptions::new()
                .message_id("client-db-1-down")
                .thread_key("db-1"),
        )
        .await
        .expect("created");
    assert!(created.name.starts_with("spaces/OPS/messages/"));
    assert!(
        !created.name.ends_with("client-db-1-down"),
        "Chat assigns the name"
    );
    assert_eq!(
        created.client_assigned_message_id.as_deref(),
        Some("client-db-1-down")
    );
    let thread = created.thread_name.clone().expect("thread");
    let by_name: MessageName = created.name.parse().expect("name");
    let by_id = MessageName::client_assigned(&s, "client-db-1-down").expect("client name");

    let a = api.get(&by_name).await.expect("get by name");
    let b = api.get(&by_id).await.expect("get by client id");
    assert_eq!(a.name, b.name);
    assert_eq!(
        a.json.pointer("/cardsV2/0/card/header/title"),
        Some(&serde_json::json!("db-1 is down"))
    );

    // Update the card in place by the client-assigned id: text and card.
    let resolved = message! {
        text: "resolved",
        card "alert" {
            header { title: "{host} is back" }
            section { text "down for 4 minutes" }
        }
    }
    .expect("message builds");
    let update = MessageUpdate::from_message(&resolved).expect("update");
    assert_eq!(update.mask(), "text,cards_v2");
    let updated = api.update(&by_id, &update).await.expect("updated");
    assert_eq!(updated.name, created.name);
    assert_eq!(updated.text.as_deref(), Some("resolved"));
    // Then only the text, by Chat's name.
    api.update(&by_name, &MessageUpdate::new().text("resolved at 10:08"))
        .await
        .expect("text update");
    let now = api.get(&by_id).await.expect("get");
    assert_eq!(now.text.as_deref(), Some("resolved at 10:08"));
    assert_eq!(
        now.json.pointer("/cardsV2/0/card/header/title"),
        Some(&serde_json::json!("db-1 is back"))
    );
    let updates = fake.chat_api().updates();
    assert_eq!(updates.len(), 2);
    assert_eq!(updates[0].update_mask, "text,cards_v2");
    assert_eq!(updates[0].requested_as, by_id.to_string());
    assert_eq!(updates[1].update_mask, "text");

    // A reply still lands in the alert's thread.
    let reply = api
        .create_text(
            &s,
            "db-1 recovered",
            &SendOptions::new()
                .thread_name(thread.clone())
                .reply(ReplyOption::ReplyOrFail),
        )
        .await
        .expect("reply");
    assert_eq!(reply.thread_name.as_deref(), Some(thread.as_str()));

    // Delete by client id; both names are then unknown.
    api.delete(&by_id).await.expect("deleted");
    for name in [&by_name, &by_id] {
        let err = api.get(name).await.expect_err("gone");
        assert!(err.is_not_found(), "{err}");
        assert!(err.to_string().contains("no such message"), "{err}");
    }
    let again = api.delete(&by_name).await.expect_err("already deleted");
    assert!(again.is_not_found());
    assert_eq!(fake.chat_api().deletes().len(), 1);
    assert_eq!(fake.chat_api().deletes()[0].name, created.name);
    assert_eq!(fake.chat_api().message(&created.name), None);
    fake.shutdown().await;
}

#[tokio::test]
async fn the_typed_model_is_sent_and_read_back_and_reads_are_not_paced() {
    // A quota of 1 s on the fake and the sender: a paced read would take a second.
    let fake = fake_with(Duration::from_secs(1), Duration::from_secs(3600)).await;
    let api = api(&fake, sender(Duration::from_secs(1)));
    let s = space("spaces/MODEL");
    let message: chat_card::model::Message = serde_json::from_value(serde_json::json!({
        "text": "typed",
        "cardsV2": [{"cardId": "c", "card": {
            "header": {"title": "From the model"},
            "sections": [{"widgets": [{"textParagraph": {"text": "hello"}}]}]
        }}]
    }))
    .expect("model");
    let created = api
        .create(&s, &message, &SendOptions::new().message_id("client-model"))
        .await
        .expect("created");
    let name = MessageName::client_assigned(&s, "client-model").expect("name");
    let started = std::time::Instant::now();
    for _ in 0..3 {
        let got = api.get(&name).await.expect("get");
        let model = got.to_model().expect("typed");
        assert_eq!(model.text.as_deref(), Some("typed"));
        assert_eq!(model.cards_v2.len(), 1);
        assert_eq!(got.name, created.name);
    }
    // Paced, the three reads would take at least 3 s (1 s after the create, then 1 s each).
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "reads waited for the write lane: {:?}",
        started.elapsed()
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn unknown_names_are_404_and_a_reused_message_id_is_409() {
    let fake = fake().await;
    let api = api(&fake, sender(Duration::from_millis(100)));
    let s = space("spaces/N");
    let missing: MessageName = "spaces/N/messages/nope.1".parse().expect("name");
    assert!(api.get(&missing).await.expect_err("404").is_not_found());
    let err = api
        .update(&missing, &MessageUpdate::new().text("x"))
        .await
        .expect_err("404");
    assert!(err.is_not_found());
    assert_eq!(err.http_status(), Some(404));
    assert!(api.delete(&missing).await.expect_err("404").is_not_found());

    let options = SendOptions::new().message_id("client-once");
    api.create_text(&s, "first", &options).await.expect("first");
    let err = api
        .create_text(&s, "second", &options)
        .await
        .expect_err("409");
    assert!(err.is_already_exists(), "{err}");
    match &err {
        ChatApiError::Rejected { attempts, .. } => assert_eq!(*attempts, 1, "not retried"),
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(fake.deliveries_in("N").len(), 1);

    // Nothing to update is refused before any request.
    let before = fake.requests().len();
    assert!(matches!(
        api.update(&missing, &MessageUpdate::new()).await,
        Err(ChatApiError::EmptyUpdate)
    ));
    assert_eq!(fake.requests().len(), before);
    fake.shutdown().await;
}

#[tokio::test]
async fn allow_missing_creates_by_client_id() {
    let fake = fake().await;
    let api = api(&fake, sender(Duration::from_millis(100)));
    let s = space("spaces/U");
    let name = MessageName::client_assigned(&s, "client-status").expect("name");
    let made = api
        .update(
            &name,
            &MessageUpdate::new().text("all good").allow_missing(true),
        )
        .await
        .expect("created");
    assert_eq!(
        made.client_assigned_message_id.as_deref(),
        Some("client-status")
    );
    assert!(fake.chat_api().updates()[0].created);
    let again = api
        .update(
            &name,
            &MessageUpdate::new().text("still good").allow_missing(true),
        )
        .await
        .expect("updated");
    assert_eq!(again.name, made.name);
    assert_eq!(fake.deliveries_in("U").len(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn writes_are_retried_like_webhook_sends() {
    let fake = fake().await;
    let api = api(&fake, sender(Duration::from_millis(100)));
    let s = space("spaces/RT");
    fake.fail_next(2, 503);
    let m = api
        .create_text(&s, "x", &SendOptions::new())
        .await
        .expect("after 503s");
    assert_eq!(m.attempts, 3);
    assert_eq!(fake.deliveries_in("RT").len(), 1);
    let name: MessageName = m.name.parse().expect("name");
    fake.push_fault(Fault::RateLimited {
        retry_after: Some("1".into()),
        retry_delay: None,
    });
    let u = api
        .update(&name, &MessageUpdate::new().text("y"))
        .await
        .expect("after 429");
    assert_eq!(u.attempts, 2);
    // A dropped connection after processing: delete is idempotent, so it is retried
    // and answers 404 the second time, which is reported (the message is gone).
    fake.fail_next(1, 500);
    api.delete(&name).await.expect("delete retried after 500");
    assert_eq!(fake.chat_api().deletes().len(), 1);
    // Permanent errors are not retried.
    fake.fail_next(1, 400);
    let err = api
        .create_text(&s, "z", &SendOptions::new())
        .await
        .expect_err("400");
    assert_eq!(err.http_status(), Some(400));
    fake.shutdown().await;
}

#[tokio::test]
async fn webhook_sends_and_api_writes_share_one_lane_per_space() {
    // Chat's real quota on both sides: 1 request per second per space.
    let fake = fake_with(Duration::from_secs(1), Duration::from_secs(3600)).await;
    let sender = sender(Duration::from_secs(1));
    let api = api(&fake, sender.clone());
    let url = fake.webhook_url("SHARED").expect("url");
    let s = space("spaces/SHARED");
    // Warm the token so the first API call does not wait for it.
    api.get(&"spaces/SHARED/messages/none.1".parse().expect("name"))
        .await
        .expect_err("404");

    let webhook_first = {
        let sender = sender.clone();
        let url = url.clone();
        tokio::spawn(async move {
            sender
                .send_text(&url, "1 webhook", &SendOptions::new())
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    let api_second = {
        let api = api.clone();
        let s = s.clone();
        tokio::spawn(async move { api.create_text(&s, "2 api", &SendOptions::new()).await })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    let webhook_third = {
        let sender = sender.clone();
        let url = url.clone();
        tokio::spawn(async move {
            sender
                .send_text(&url, "3 webhook", &SendOptions::new())
                .await
        })
    };
    webhook_first.await.expect("task").expect("1");
    let created = api_second.await.expect("task").expect("2");
    webhook_third.await.expect("task").expect("3");
    let name: MessageName = created.name.parse().expect("name");
    api.update(&name, &MessageUpdate::new().text("2 api, edited"))
        .await
        .expect("4");

    let got = fake.deliveries_in("SHARED");
    let order: Vec<String> = got.iter().map(|d| d.summary()).collect();
    assert_eq!(order, ["1 webhook", "2 api", "3 webhook"]);
    for pair in got.windows(2) {
        let gap = pair[1].received_at.duration_since(pair[0].received_at);
        assert!(gap >= Duration::from_millis(950), "gap {gap:?}");
    }
    assert_eq!(fake.quota_rejections(), 0, "the shared lane kept the quota");
    assert_eq!(fake.count_status(429), 0);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_429_on_an_api_write_holds_back_webhook_sends_to_the_space() {
    let fake = fake_with(Duration::ZERO, Duration::from_secs(3600)).await;
    let sender = sender(Duration::from_millis(100));
    let api = api(&fake, sender.clone());
    let url = fake.webhook_url("PUSH").expect("url");
    api.get(&"spaces/PUSH/messages/none.1".parse().expect("name"))
        .await
        .expect_err("404, token warmed");
    fake.push_fault(Fault::RateLimited {
        retry_after: Some("1".into()),
        retry_delay: None,
    });
    let started = std::time::Instant::now();
    let api_task = {
        let api = api.clone();
        tokio::spawn(async move {
            api.create_text(&space("spaces/PUSH"), "api", &SendOptions::new())
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(30)).await;
    let webhook = sender
        .send_text(&url, "webhook", &SendOptions::new())
        .await
        .expect("webhook");
    let created = api_task.await.expect("task").expect("api");
    assert_eq!(created.attempts, 2);
    assert_eq!(
        webhook.attempts, 1,
        "the webhook send waited instead of hitting 429"
    );
    assert!(started.elapsed() >= Duration::from_millis(950));
    let order: Vec<String> = fake
        .deliveries_in("PUSH")
        .iter()
        .map(|d| d.summary())
        .collect();
    assert_eq!(order, ["api", "webhook"]);
    fake.shutdown().await;
}

#[tokio::test]
async fn no_secret_in_debug_display_or_errors() {
    let fake = fake().await;
    let key = key_for(&fake, pair());
    let api = api(&fake, sender(Duration::from_millis(100)));
    let url = fake.webhook_url("SEC").expect("url");
    let webhook_text = fake.webhook_url_with_credentials("SEC");
    let token = webhook_text
        .split("token=")
        .nth(1)
        .expect("token")
        .to_owned();
    api.create_text(&space("spaces/SEC"), "x", &SendOptions::new())
        .await
        .expect("token fetched");
    fake.fail_next(1, 403);
    let err = api
        .create_text(&space("spaces/SEC"), "y", &SendOptions::new())
        .await
        .expect_err("403");
    let shown = format!("{key:?} {api:?} {err} {err:?} {url:?} {url}");
    let pem_line = pair().private_pem.lines().nth(1).expect("pem body");
    assert!(!shown.contains(pem_line), "private key leaked");
    assert!(!shown.contains("ya29."), "access token leaked: {shown}");
    assert!(!shown.contains(&token), "webhook token leaked: {shown}");
    assert!(shown.contains("add the Chat app to the space"), "{shown}");
    fake.shutdown().await;
}
