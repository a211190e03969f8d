//! What a Chat app's request verification traces: never a token (valid, forged or
//! expired), and a warning when verification is switched off.
//!
//! Its own test binary: tracing caches per-callsite interest process-wide.

#![cfg(feature = "app-axum")]

use chat_card::app::{Audience, Verifier};
use chat_card_fake_space::FakeChatIssuer;
use serde_json::json;

/// Records every span and event field emitted meanwhile.
mod support_tracing;

#[test]
fn verification_traces_no_token() {
    let (capture, _guard, runtime) = support_tracing::capture_on_this_thread();
    let tokens = runtime.block_on(async {
        let issuer = FakeChatIssuer::start().await.expect("issuer");
        let verifier = issuer
            .verifier(Audience::project_number("42").expect("audience"))
            .expect("verifier");
        let good = issuer.project_token("42");
        let forged = issuer.sign_forged(&FakeChatIssuer::project_claims("42"));
        let expired =
            issuer.sign(&json!({"iss": "chat@system.gserviceaccount.com", "aud": "42", "exp": 1}));
        let unknown = issuer.sign_with_unpublished_key(&FakeChatIssuer::project_claims("42"));
        assert!(verifier.verify_token(&good).await.is_ok());
        for bad in [&forged, &expired, &unknown] {
            let err = verifier
                .verify_authorization(Some(&format!("Bearer {bad}")))
                .await
                .unwrap_err();
            assert!(!err.to_string().contains(bad.as_str()));
            assert!(!format!("{err:?}").contains(bad.as_str()));
        }
        issuer.shutdown().await;
        vec![good, forged, expired, unknown]
    });
    let text = capture.text();
    assert!(text.contains("fetched signing certificates"), "{text}");
    for token in &tokens {
        // Neither the whole token nor its signature part.
        let signature = token.rsplit('.').next().expect("three parts");
        assert!(
            !text.contains(signature),
            "a token leaked into the trace:\n{text}"
        );
    }
}

#[test]
fn skipping_verification_warns() {
    let (capture, _guard, runtime) = support_tracing::capture_on_this_thread();
    let verifier = Verifier::insecure_skip_verification_for_local_testing();
    assert!(
        runtime
            .block_on(verifier.verify_authorization(None))
            .is_ok()
    );
    let text = capture.text();
    assert!(text.contains("verification is OFF"), "{text}");
    assert!(
        text.contains("accepting a request without verifying it"),
        "{text}"
    );
}
