//! A `tracing` subscriber that records every span and event field as text, shared
//! by the tracing tests. Each of those tests stays in its own binary: tracing caches
//! per-callsite interest process-wide.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::DefaultGuard;
use tracing::{Event, Metadata, Subscriber};

/// Installs a fresh capture as this thread's subscriber (until the guard drops), then
/// builds a current-thread runtime, so everything the test runs on it is captured.
pub fn capture_on_this_thread() -> (Capture, DefaultGuard, tokio::runtime::Runtime) {
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    (capture, guard, runtime)
}

/// The subscriber; the shared string holds one line per span, record or event.
#[derive(Clone, Default)]
pub struct Capture(pub Arc<Mutex<String>>);

struct Writer<'a>(&'a mut String);

impl Visit for Writer<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl Capture {
    /// Everything captured so far.
    pub fn text(&self) -> String {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }

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
            let _ = write!(
                s,
                "event {} {} ",
                event.metadata().level(),
                event.metadata().target()
            );
            event.record(&mut Writer(s));
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
