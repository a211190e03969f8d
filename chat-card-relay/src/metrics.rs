//! The relay's counters and gauges, served at `GET /metrics` in the Prometheus /
//! OpenMetrics text format (with `prometheus-client`). No label ever holds a webhook
//! credential. Spaces are labels only of the shared queue's per-space gauges, and only
//! for the [`MAX_SPACE_SERIES`] longest queues, so the series stay few.

use std::collections::VecDeque;
use std::sync::atomic::AtomicU64;
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::queue::SpaceStats;

/// The content type of [`Metrics::render`]'s text.
pub(crate) const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

type Labels = Vec<(String, String)>;

/// The most spaces the per-space gauges show (the longest queues).
pub(crate) const MAX_SPACE_SERIES: usize = 50;

/// Every metric of one relay.
#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    pub(crate) accepted: Counter,
    pub(crate) delivered: Counter,
    pub(crate) retried: Counter,
    pub(crate) failed: Counter,
    pub(crate) upstream_429: Counter,
    refused: Family<Labels, Counter>,
    queued: Gauge,
    active_spaces: Gauge,
    queue_age: Gauge<f64, AtomicU64>,
    space_length: Family<Labels, Gauge>,
    space_pending: Family<Labels, Gauge>,
    space_age: Family<Labels, Gauge<f64, AtomicU64>>,
    space_lease: Family<Labels, Gauge>,
    template_failures: Family<Labels, Counter>,
    /// The latest template failures, newest last (at most [`MAX_TEMPLATE_FAILURES`]).
    failures: Mutex<VecDeque<TemplateFailure>>,
}

/// How many template failures `GET /relay/template-failures` keeps (the oldest go first).
pub(crate) const MAX_TEMPLATE_FAILURES: usize = 100;

/// A route's template that failed, so the built-in layout was sent instead.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TemplateFailure {
    /// The route's name.
    pub(crate) route: String,
    /// The template's name (its path).
    pub(crate) template: String,
    /// The template's line, when known.
    pub(crate) line: Option<usize>,
    /// What went wrong.
    pub(crate) error: String,
    /// When (ms since the epoch).
    pub(crate) at_ms: i64,
}

/// Why the relay refused a request.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Refusal {
    /// 400: invalid message, too large, bad parameters.
    Invalid,
    /// 429: the queue is full.
    QueueFull,
}

impl Metrics {
    pub(crate) fn new() -> Self {
        let mut registry = Registry::with_prefix("chat_card_relay");
        let m = Metrics {
            registry: Registry::default(),
            accepted: Counter::default(),
            delivered: Counter::default(),
            retried: Counter::default(),
            failed: Counter::default(),
            upstream_429: Counter::default(),
            refused: Family::default(),
            queued: Gauge::default(),
            active_spaces: Gauge::default(),
            queue_age: Gauge::default(),
            template_failures: Family::default(),
            failures: Mutex::new(VecDeque::new()),
            space_length: Family::default(),
            space_pending: Family::default(),
            space_age: Family::default(),
            space_lease: Family::default(),
        };
        registry.register(
            "accepted",
            "Messages accepted and committed to the queue",
            m.accepted.clone(),
        );
        registry.register(
            "delivered",
            "Messages Chat accepted (posted)",
            m.delivered.clone(),
        );
        registry.register(
            "retried",
            "HTTP attempts beyond the first one of a message",
            m.retried.clone(),
        );
        registry.register(
            "failed",
            "Messages that failed for good and went to the dead-letter list",
            m.failed.clone(),
        );
        registry.register(
            "upstream_rate_limited",
            "HTTP 429 answers received from Chat",
            m.upstream_429.clone(),
        );
        registry.register(
            "refused",
            "Requests the relay refused: reason=invalid (400) or queue_full (429)",
            m.refused.clone(),
        );
        registry.register("queued", "Messages waiting in the queue", m.queued.clone());
        registry.register(
            "active_spaces",
            "Spaces with a running delivery worker (idle spaces hold none)",
            m.active_spaces.clone(),
        );
        registry.register(
            "queue_age_seconds",
            "Age of the oldest waiting message",
            m.queue_age.clone(),
        );
        registry.register(
            "template_failures",
            "Notifications whose route template failed (a render error or an invalid \
             message), so the built-in layout was sent instead, by route",
            m.template_failures.clone(),
        );
        registry.register(
            "space_queue_length",
            "Shared queue: entries in a space's stream (the longest queues only)",
            m.space_length.clone(),
        );
        registry.register(
            "space_pending",
            "Shared queue: a space's entries read by a relay and not finished yet",
            m.space_pending.clone(),
        );
        registry.register(
            "space_oldest_age_seconds",
            "Shared queue: age of a space's oldest entry",
            m.space_age.clone(),
        );
        registry.register(
            "space_lease",
            "Shared queue: 1 for the relay holding a space's lease (holder=self: this one)",
            m.space_lease.clone(),
        );
        Metrics { registry, ..m }
    }

    /// Counts and lists a failed template of `route` (the built-in layout went instead).
    pub(crate) fn template_failed(
        &self,
        route: &str,
        failure: &crate::template::TemplateError,
        at_ms: i64,
    ) {
        self.template_failures
            .get_or_create(&vec![("route".to_owned(), route.to_owned())])
            .inc();
        let mut list = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if list.len() >= MAX_TEMPLATE_FAILURES {
            list.pop_front();
        }
        list.push_back(TemplateFailure {
            route: route.to_owned(),
            template: failure.template().to_owned(),
            line: failure.line(),
            error: failure.problem().to_owned(),
            at_ms,
        });
    }

    /// The latest template failures, newest first.
    pub(crate) fn template_failures(&self) -> Vec<TemplateFailure> {
        let list = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        list.iter().rev().cloned().collect()
    }

    /// Sets the per-space gauges of a shared queue to `stats` (the longest
    /// [`MAX_SPACE_SERIES`] queues; the series of other spaces go).
    pub(crate) fn set_spaces(&self, mut stats: Vec<SpaceStats>, now_ms: i64) {
        self.space_length.clear();
        self.space_pending.clear();
        self.space_age.clear();
        self.space_lease.clear();
        stats.sort_by(|a, b| b.length.cmp(&a.length).then(a.space.cmp(&b.space)));
        for s in stats.into_iter().take(MAX_SPACE_SERIES) {
            let space = vec![("space".to_owned(), s.space.clone())];
            let gauge = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
            self.space_length.get_or_create(&space).set(gauge(s.length));
            self.space_pending
                .get_or_create(&space)
                .set(gauge(s.pending));
            if let Some(ms) = s.oldest_ms {
                self.space_age
                    .get_or_create(&space)
                    .set(now_ms.saturating_sub(ms).max(0) as f64 / 1000.0);
            }
            if let Some(holder) = s.holder {
                let mut labels = space.clone();
                labels.push(("holder".to_owned(), holder));
                self.space_lease.get_or_create(&labels).set(1);
            }
        }
    }

    /// Counts a refused request.
    pub(crate) fn refused(&self, why: Refusal) {
        let reason = match why {
            Refusal::Invalid => "invalid",
            Refusal::QueueFull => "queue_full",
        };
        self.refused
            .get_or_create(&vec![("reason".to_owned(), reason.to_owned())])
            .inc();
    }

    /// The text exposition, with the gauges set to `queued` messages, the oldest
    /// `age_seconds` old, and `spaces` spaces being delivered.
    pub(crate) fn render(&self, queued: usize, age_seconds: f64, spaces: usize) -> String {
        self.queued.set(i64::try_from(queued).unwrap_or(i64::MAX));
        self.active_spaces
            .set(i64::try_from(spaces).unwrap_or(i64::MAX));
        self.queue_age.set(age_seconds);
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_metric() {
        let m = Metrics::new();
        m.accepted.inc();
        m.refused(Refusal::QueueFull);
        let text = m.render(7, 1.5, 2);
        for needle in [
            "chat_card_relay_accepted_total 1",
            "chat_card_relay_delivered_total 0",
            "chat_card_relay_retried_total 0",
            "chat_card_relay_failed_total 0",
            "chat_card_relay_upstream_rate_limited_total 0",
            "chat_card_relay_refused_total{reason=\"queue_full\"} 1",
            "chat_card_relay_queued 7",
            "chat_card_relay_active_spaces 2",
            "chat_card_relay_queue_age_seconds 1.5",
        ] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
        m.set_spaces(
            vec![SpaceStats {
                space: "AAAA".into(),
                length: 3,
                pending: 1,
                oldest_ms: Some(1_000),
                holder: Some("self".into()),
            }],
            3_000,
        );
        let text = m.render(3, 2.0, 1);
        for needle in [
            "chat_card_relay_space_queue_length{space=\"AAAA\"} 3",
            "chat_card_relay_space_pending{space=\"AAAA\"} 1",
            "chat_card_relay_space_oldest_age_seconds{space=\"AAAA\"} 2.0",
            "chat_card_relay_space_lease{space=\"AAAA\",holder=\"self\"} 1",
        ] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
    }

    #[test]
    fn template_failures_are_counted_per_route_and_listed_bounded() {
        let m = Metrics::new();
        let e = crate::template::TemplateError::new("t.json.j2", Some(3), "undefined value");
        for i in 0..(MAX_TEMPLATE_FAILURES + 5) {
            m.template_failed("github", &e, i64::try_from(i).expect("small"));
        }
        m.template_failed("grafana", &e, 999);
        let text = m.render(0, 0.0, 0);
        assert!(
            text.contains(&format!(
                "chat_card_relay_template_failures_total{{route=\"github\"}} {}",
                MAX_TEMPLATE_FAILURES + 5
            )),
            "{text}"
        );
        assert!(text.contains("chat_card_relay_template_failures_total{route=\"grafana\"} 1"));
        let list = m.template_failures();
        assert_eq!(list.len(), MAX_TEMPLATE_FAILURES);
        assert_eq!(list[0].route, "grafana");
        assert_eq!(
            (list[1].template.as_str(), list[1].line),
            ("t.json.j2", Some(3))
        );
    }
}
