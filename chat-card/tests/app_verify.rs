//! Request verification of a Chat app, through the axum extractor served on 127.0.0.1,
//! with a local certificate endpoint (the fake Chat issuer): valid tokens of both
//! audience kinds get in; forged, expired, wrong-audience, wrong-issuer and unknown-key
//! tokens get 401; certificates are cached as `Cache-Control` says and refetched once on
//! an unknown key id.

#![cfg(feature = "app-axum")]

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use chat_card::JsonMessage;
use chat_card::app::endpoint::ChatEvent;
use chat_card::app::{Audience, Reply, Verified, Verifier};
use chat_card_fake_space::FakeChatIssuer;
use serde_json::{Value, json};

const PROJECT: &str = "1234567890";
const EVENT: &str = r#"{"type": "MESSAGE", "user": {"name": "users/7", "displayName": "Ana"}, "message": {"text": "hi"}}"#;

async fn handler(
    ChatEvent {
        event, verified, ..
    }: ChatEvent,
) -> Reply {
    let who = match verified {
        Verified::Token(claims) => claims.audience,
        _ => "unverified".to_owned(),
    };
    let text = format!(r#"{{"text": "{} for {who}"}}"#, event.kind);
    Reply::message(JsonMessage::from_json(text).expect("valid message"))
}

/// Serves the app with `verifier` on a free loopback port.
async fn serve(verifier: Verifier) -> SocketAddr {
    let app = Router::new().route("/", post(handler)).with_state(verifier);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// POSTs the sample event with `Authorization: <authorization>`.
async fn post_event(addr: SocketAddr, authorization: Option<String>) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(format!("http://{addr}/"))
        .header("content-type", "application/json")
        .timeout(Duration::from_secs(10))
        .body(EVENT);
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.expect("the app answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

async fn post_token(addr: SocketAddr, token: &str) -> (u16, String) {
    post_event(addr, Some(format!("Bearer {token}"))).await
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// Asserts a 401 with the short JSON error naming `reason`, and no token in the body.
fn assert_refused(answer: (u16, String), reason: &str, token: &str) {
    let (status, body) = answer;
    assert_eq!(status, 401, "{body}");
    let error: Value = serde_json::from_str(&body).expect("JSON error");
    assert_eq!(error["error"]["status"], "UNAUTHENTICATED");
    assert_eq!(error["error"]["code"], 401);
    assert_eq!(error["error"]["message"], reason, "{body}");
    if !token.is_empty() {
        assert!(!body.contains(token));
    }
}

#[tokio::test]
async fn project_number_tokens_are_checked() {
    let issuer = FakeChatIssuer::start().await.expect("issuer");
    let addr = serve(
        issuer
            .verifier(Audience::project_number(PROJECT).expect("audience"))
            .expect("verifier"),
    )
    .await;

    let (status, body) = post_token(addr, &issuer.project_token(PROJECT)).await;
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"text": "MESSAGE for 1234567890"}"#)
    );

    let claims = FakeChatIssuer::project_claims(PROJECT);
    let forged = issuer.sign_forged(&claims);
    assert_refused(
        post_token(addr, &forged).await,
        "invalid token signature",
        &forged,
    );

    let expired = issuer.sign(&with(
        with(claims.clone(), "exp", json!(now() - 3600)),
        "iat",
        json!(now() - 7200),
    ));
    assert_refused(post_token(addr, &expired).await, "token expired", &expired);

    // Within the 60 s leeway, a just-expired token still passes (clock skew).
    let skewed = issuer.sign(&with(claims.clone(), "exp", json!(now() - 20)));
    assert_eq!(post_token(addr, &skewed).await.0, 200);

    let other_project = issuer.project_token("999999");
    assert_refused(
        post_token(addr, &other_project).await,
        "token audience does not match this app",
        &other_project,
    );

    let wrong_issuer = issuer.sign(&with(claims.clone(), "iss", json!("someone@example.com")));
    assert_refused(
        post_token(addr, &wrong_issuer).await,
        "token issuer is not Google Chat",
        &wrong_issuer,
    );
    // An ID token is not a project-number token, even with the right audience.
    let id_token = issuer.sign(&with(
        FakeChatIssuer::id_token_claims("https://x.example.com"),
        "aud",
        json!(PROJECT),
    ));
    assert_refused(
        post_token(addr, &id_token).await,
        "token issuer is not Google Chat",
        &id_token,
    );

    let unknown = issuer.sign_with_unpublished_key(&claims);
    assert_refused(
        post_token(addr, &unknown).await,
        "token signed by an unknown key",
        &unknown,
    );

    let no_exp = issuer.sign(&json!({"iss": "chat@system.gserviceaccount.com", "aud": PROJECT}));
    assert_eq!(post_token(addr, &no_exp).await.0, 401);

    // An HMAC token keyed with public material (the algorithm-confusion attack).
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some("fake-chat-key-1".into());
    let hmac = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"public"),
    )
    .expect("hmac token");
    assert_refused(
        post_token(addr, &hmac).await,
        "unsupported token algorithm",
        &hmac,
    );

    assert_refused(post_event(addr, None).await, "missing bearer token", "");
    assert_refused(
        post_event(addr, Some("Basic dXNlcjpwYXNz".into())).await,
        "malformed bearer token",
        "",
    );
    assert_refused(
        post_token(addr, "not.a.jwt").await,
        "malformed bearer token",
        "",
    );
    issuer.shutdown().await;
}

#[tokio::test]
async fn endpoint_url_id_tokens_are_checked() {
    let issuer = FakeChatIssuer::start().await.expect("issuer");
    let url = "https://chat-app.example.com/events";
    let addr = serve(
        issuer
            .verifier(Audience::endpoint_url(url).expect("audience"))
            .expect("verifier"),
    )
    .await;

    let (status, body) = post_token(addr, &issuer.id_token(url)).await;
    assert_eq!(
        (status, body.as_str()),
        (200, format!(r#"{{"text": "MESSAGE for {url}"}}"#).as_str())
    );

    let claims = FakeChatIssuer::id_token_claims(url);
    let short_issuer = issuer.sign(&with(claims.clone(), "iss", json!("accounts.google.com")));
    assert_eq!(post_token(addr, &short_issuer).await.0, 200);

    let not_chat = issuer.sign(&with(claims.clone(), "email", json!("someone@example.com")));
    assert_refused(
        post_token(addr, &not_chat).await,
        "token email is not Google Chat's service account",
        &not_chat,
    );
    let unverified = issuer.sign(&with(claims.clone(), "email_verified", json!(false)));
    assert_refused(
        post_token(addr, &unverified).await,
        "token email is not Google Chat's service account",
        &unverified,
    );
    let project_token = issuer.sign(&with(
        FakeChatIssuer::project_claims(url),
        "aud",
        json!(url),
    ));
    assert_refused(
        post_token(addr, &project_token).await,
        "token issuer is not Google Chat",
        &project_token,
    );
    let other_url = issuer.id_token("https://chat-app.example.com/other");
    assert_refused(
        post_token(addr, &other_url).await,
        "token audience does not match this app",
        &other_url,
    );
    let forged = issuer.sign_forged(&claims);
    assert_refused(
        post_token(addr, &forged).await,
        "invalid token signature",
        &forged,
    );
    let expired = issuer.sign(&with(claims.clone(), "exp", json!(now() - 600)));
    assert_refused(post_token(addr, &expired).await, "token expired", &expired);
    let unknown = issuer.sign_with_unpublished_key(&claims);
    assert_refused(
        post_token(addr, &unknown).await,
        "token signed by an unknown key",
        &unknown,
    );
    issuer.shutdown().await;
}

#[tokio::test]
async fn certificates_are_cached_and_refetched_once_for_a_new_key() {
    let issuer = FakeChatIssuer::start().await.expect("issuer");
    let verifier = issuer
        .verifier(Audience::project_number(PROJECT).expect("audience"))
        .expect("verifier");
    let addr = serve(verifier.clone()).await;

    assert_eq!(issuer.fetches(), 0, "nothing is fetched before a request");
    for _ in 0..3 {
        assert_eq!(
            post_token(addr, &issuer.project_token(PROJECT)).await.0,
            200
        );
    }
    assert_eq!(
        issuer.fetches(),
        1,
        "max-age=3600: one fetch serves every request"
    );

    // Google rotates its keys: a token names a key the cache has not seen.
    let kid = issuer.rotate_key().expect("rotation");
    assert_eq!(kid, "fake-chat-key-2");
    assert_eq!(
        post_token(addr, &issuer.project_token(PROJECT)).await.0,
        200
    );
    assert_eq!(issuer.fetches(), 2, "one refetch for the new key id");

    // Made-up key ids right after do not make it fetch again (rate limit).
    for _ in 0..3 {
        let unknown = issuer.sign_with_unpublished_key(&FakeChatIssuer::project_claims(PROJECT));
        assert_eq!(post_token(addr, &unknown).await.0, 401);
    }
    assert_eq!(issuer.fetches(), 2, "unknown key ids are rate-limited");
    // The old key is still published and cached.
    assert_eq!(
        post_token(addr, &issuer.project_token(PROJECT)).await.0,
        200
    );
    assert_eq!(issuer.fetches(), 2);

    // Without a rate limit, an unknown key id refetches once per request, never more.
    let eager = Verifier::builder(Audience::project_number(PROJECT).expect("audience"))
        .certs_url(issuer.x509_url())
        .min_refetch_interval(Duration::ZERO)
        .build()
        .expect("verifier");
    let unknown = issuer.sign_with_unpublished_key(&FakeChatIssuer::project_claims(PROJECT));
    assert!(
        eager
            .verify_token(&issuer.project_token(PROJECT))
            .await
            .is_ok()
    );
    assert_eq!(issuer.fetches(), 3);
    assert!(eager.verify_token(&unknown).await.is_err());
    assert_eq!(
        issuer.fetches(),
        4,
        "exactly one refetch for the unknown key id"
    );
    issuer.shutdown().await;
}

#[tokio::test]
async fn certificates_expire_as_cache_control_says() {
    let issuer = FakeChatIssuer::start().await.expect("issuer");
    issuer.set_cache_control("public, max-age=1, must-revalidate");
    let url = "https://chat-app.example.com/";
    let verifier = issuer
        .verifier(Audience::endpoint_url(url).expect("audience"))
        .expect("verifier");
    assert!(verifier.verify_token(&issuer.id_token(url)).await.is_ok());
    assert!(verifier.verify_token(&issuer.id_token(url)).await.is_ok());
    assert_eq!(issuer.fetches(), 1, "fresh for one second");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(verifier.verify_token(&issuer.id_token(url)).await.is_ok());
    assert_eq!(issuer.fetches(), 2, "stale after max-age: fetched again");

    issuer.set_cache_control("no-cache");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(verifier.verify_token(&issuer.id_token(url)).await.is_ok());
    assert!(verifier.verify_token(&issuer.id_token(url)).await.is_ok());
    assert_eq!(issuer.fetches(), 4, "no-cache: fetched for every token");
    issuer.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_certificate_endpoint_means_401() {
    // A port that was free a moment ago: nothing listens there.
    let port = {
        let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        socket.local_addr().expect("addr").port()
    };
    let issuer = FakeChatIssuer::start().await.expect("issuer");
    let verifier = Verifier::builder(Audience::project_number(PROJECT).expect("audience"))
        .certs_url(format!("http://127.0.0.1:{port}/certs"))
        .build()
        .expect("verifier");
    let addr = serve(verifier).await;
    let token = issuer.project_token(PROJECT);
    assert_refused(
        post_token(addr, &token).await,
        "signing certificates unavailable",
        &token,
    );
    issuer.shutdown().await;
}

#[test]
fn certificate_urls_must_be_https_or_loopback() {
    let audience = Audience::project_number(PROJECT).expect("audience");
    let err = Verifier::builder(audience.clone())
        .certs_url("http://certs.example.com/x")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("only for loopback"), "{err}");
    assert!(
        Verifier::builder(audience.clone())
            .certs_url("http://127.0.0.1:9/x")
            .build()
            .is_ok()
    );
    let err = Audience::project_number("my-project").unwrap_err();
    assert!(err.to_string().contains("Project number"), "{err}");
    let err = Audience::endpoint_url("ftp://example.com").unwrap_err();
    assert!(err.to_string().contains("use https"), "{err}");
}

#[tokio::test]
async fn skipping_verification_is_explicit() {
    let verifier = Verifier::insecure_skip_verification_for_local_testing();
    assert!(!verifier.is_verifying());
    assert!(format!("{verifier:?}").contains("SKIPPED"));
    let addr = serve(verifier).await;
    let (status, body) = post_event(addr, None).await;
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"text": "MESSAGE for unverified"}"#)
    );
}

#[tokio::test]
async fn a_verified_request_with_a_bad_body_gets_400() {
    let issuer = FakeChatIssuer::start().await.expect("issuer");
    let addr = serve(
        issuer
            .verifier(Audience::project_number(PROJECT).expect("audience"))
            .expect("verifier"),
    )
    .await;
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/"))
        .bearer_auth(issuer.project_token(PROJECT))
        .body("[1, 2]")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = serde_json::from_str(&response.text().await.expect("body")).expect("JSON");
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
    issuer.shutdown().await;
}

#[tokio::test]
async fn two_authorization_headers_get_401_even_when_one_is_valid() {
    let issuer = FakeChatIssuer::start().await.expect("issuer");
    let verifier = issuer
        .verifier(Audience::project_number(PROJECT).expect("audience"))
        .expect("verifier");
    let skipping = Verifier::insecure_skip_verification_for_local_testing();
    let good = issuer.project_token(PROJECT);
    for addr in [serve(verifier).await, serve(skipping).await] {
        for second in [format!("Bearer {good}"), "Bearer other".to_owned()] {
            let response = reqwest::Client::new()
                .post(format!("http://{addr}/"))
                .header("content-type", "application/json")
                .header("authorization", format!("Bearer {good}"))
                .header("authorization", second)
                .timeout(Duration::from_secs(10))
                .body(EVENT)
                .send()
                .await
                .expect("the app answers");
            assert_eq!(
                response
                    .headers()
                    .get("www-authenticate")
                    .map(|v| v.as_bytes()),
                Some(&b"Bearer"[..])
            );
            let status = response.status().as_u16();
            let body = response.text().await.expect("body");
            assert_refused((status, body), "more than one Authorization header", &good);
        }
    }
    // One valid header still gets in.
    let addr = serve(
        issuer
            .verifier(Audience::project_number(PROJECT).expect("audience"))
            .expect("verifier"),
    )
    .await;
    assert_eq!(post_token(addr, &good).await.0, 200);
    issuer.shutdown().await;
}
