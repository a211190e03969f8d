//! The sender's `tracing` output never contains the webhook key or token.
//!
//! Its own test binary: tracing caches per-callsite interest process-wide, so a
//! scoped subscriber must not race with other tests that send without one.

#![cfg(feature = "fake-space")]

use std::time::Duration;

use chat_card::fake_space::FakeSpace;
use chat_card::{SendOptions, Sender};

/// Records every span and event field the sender emits.
mod capture {
    use std::fmt::Write as _;
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture(pub Arc<Mutex<String>>);

    struct Writer<'a>(&'a mut String);

    impl Visit for Writer<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, "{}={:?} ", field.name(), value);
        }
    }

    impl Capture {
        fn push(&self, f: impl FnOnce(&mut String)) {
            if let Ok(mut s) = self.0.lock() {
                f(&mut s);
                s.push('\n');
            }
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            self.push(|s| {
                let _ = write!(s, "span {} ", span.metadata().name());
                span.record(&mut Writer(s));
            });
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            self.push(|s| values.record(&mut Writer(s)));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            self.push(|s| {
                let _ = write!(s, "event {} ", event.metadata().target());
                event.record(&mut Writer(s));
            });
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[test]
fn tracing_output_is_redacted() {
    let capture = capture::Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (text, key, token) = runtime.block_on(async {
        let fake = FakeSpace::start().await.expect("fake");
        let real = fake.webhook_url_with_credentials("AAAA");
        let q: std::collections::HashMap<String, String> = url::Url::parse(&real)
            .expect("url")
            .query_pairs()
            .into_owned()
            .collect();
        let url = fake.webhook_url("AAAA").expect("url");
        let sender = Sender::builder()
            .backoff(Duration::from_millis(50), Duration::from_millis(100))
            .build()
            .expect("sender");
        fake.fail_next(1, 503);
        sender
            .send_text(&url, "x", &SendOptions::new().thread_key("k"))
            .await
            .expect("delivered");
        fake.shutdown().await;
        let text = capture.0.lock().map(|s| s.clone()).unwrap_or_default();
        (text, q["key"].clone(), q["token"].clone())
    });
    assert!(text.contains("chat_card.send"), "the sender traced: {text}");
    assert!(text.contains("retrying"), "the retry was traced: {text}");
    assert!(!text.contains(&key) && !text.contains(&token), "{text}");
}
