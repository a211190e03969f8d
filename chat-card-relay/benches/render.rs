//! Render and validate time per notification: the built-in Alertmanager card (5 and 20
//! alerts) and a custom template (the Grafana example with its documented sample), through
//! `NotifyRoute::render`, which is what the relay runs before it queues. Criterion's
//! medians, then p50 and p99 over 2,000 timed renders of each.
//!
//! `cargo bench -p chat-card-relay --bench render`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chat_card_relay::notify::{Headers, NotifyRoute};
use chat_card_relay::route::RouteKind;
use chat_card_relay::template::Template;
use criterion::Criterion;
use serde_json::{Value, json};

const NOW: i64 = 1_796_551_200_000;

fn alertmanager(n: usize) -> Vec<u8> {
    let alerts: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "status": "firing",
                "labels": {"alertname": "DiskFull", "instance": format!("db-{i}.example.com:9100"), "severity": "page"},
                "annotations": {"summary": format!("Disk 92% used on db-{i}"), "description": "The <b>data</b> volume is almost full"},
                "startsAt": "2026-12-06T09:40:00Z", "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "https://prometheus.example.com/graph?g0.expr=disk",
                "fingerprint": format!("{i:016x}"),
            })
        })
        .collect();
    json!({
        "version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": "firing", "receiver": "chat",
        "groupLabels": {"alertname": "DiskFull"}, "commonLabels": {"alertname": "DiskFull", "severity": "page"},
        "commonAnnotations": {}, "externalURL": "https://alertmanager.example.com", "truncatedAlerts": 0, "alerts": alerts,
    })
    .to_string()
    .into_bytes()
}

fn cases() -> Vec<(&'static str, NotifyRoute, Vec<u8>)> {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/relay/templates");
    let mut grafana = NotifyRoute::new("grafana", RouteKind::Json);
    grafana.template = Some(Template::load(&examples.join("grafana.json.j2")).expect("template"));
    let sample = std::fs::read(examples.join("grafana.payload.json")).expect("sample");
    vec![
        (
            "built-in alertmanager, 5 alerts",
            NotifyRoute::new("am", RouteKind::Alertmanager),
            alertmanager(5),
        ),
        (
            "built-in alertmanager, 20 alerts",
            NotifyRoute::new("am", RouteKind::Alertmanager),
            alertmanager(20),
        ),
        ("custom grafana.json.j2, sample", grafana, sample),
    ]
}

fn percentiles(name: &str, route: &NotifyRoute, body: &[u8]) {
    let headers = Headers::new();
    let mut times: Vec<Duration> = (0..2000)
        .map(|_| {
            let start = Instant::now();
            let r = route
                .render(black_box(body), &headers, NOW)
                .expect("renders");
            black_box(r);
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{name}: n=2000 p50 {:?} p99 {:?} max {:?}",
        at(0.50),
        at(0.99),
        times[times.len() - 1]
    );
}

fn main() {
    let cases = cases();
    for (name, route, body) in &cases {
        let r = route.render(body, &Headers::new(), NOW).expect("renders");
        assert!(r.fallback.is_none(), "{name} fell back");
        println!(
            "{name}: {} message(s), {} bytes",
            r.messages.len(),
            r.messages.iter().map(|m| m.body.len()).sum::<usize>()
        );
    }
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("render");
    for (name, route, body) in &cases {
        let headers = Headers::new();
        group.bench_function(*name, |b| {
            b.iter(|| {
                route
                    .render(black_box(body), &headers, NOW)
                    .expect("renders")
            })
        });
    }
    // The two halves for the 5-alert card: the template alone, the validator alone.
    let five = alertmanager(5);
    let payload: Value = serde_json::from_slice(&five).expect("json");
    let alerts = payload["alerts"].clone();
    let context = json!({"payload": payload, "alerts": alerts, "part": 1, "parts": 1,
        "headers": {}, "now": "2026-12-06T10:00:00Z", "route": "am"});
    let builtin = Template::builtin(RouteKind::Alertmanager).expect("built in");
    let text = builtin.render_value(&context).expect("renders");
    group.bench_function("template only, 5 alerts", |b| {
        b.iter(|| builtin.render_value(black_box(&context)).expect("renders"))
    });
    group.bench_function("validator only, 5-alert card", |b| {
        b.iter(|| chat_card::check::check_message_body(black_box(text.as_bytes())).expect("valid"))
    });
    group.finish();
    c.final_summary();
    for (name, route, body) in &cases {
        percentiles(name, route, body);
    }
}
