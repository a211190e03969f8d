//! A `tracing` subscriber that records every span and event field as text, shared
//! by the tracing tests. Each of those tests stays in its own binary: tracing caches
//! per-callsite interest process-wide.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

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
