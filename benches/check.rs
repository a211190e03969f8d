//! Checking a message with many unknown keys, as hostile or broken input has: time per
//! key for 1,000, 10,000 and 100,000 keys. The per-key time should stay flat (the check
//! is linear in its input); before the line index, it grew with the key count.
//!
//! `cargo bench --bench check`; see BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// A message with `n` unknown keys, one per line.
fn message_with_unknown_keys(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"unknownKey{i}\": {i}")).collect();
    format!("{{\"text\": \"hi\",\n{}}}", keys.join(",\n"))
}

fn check(c: &mut Criterion) {
    let mut g = c.benchmark_group("check unknown keys");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for n in [1_000, 10_000, 100_000] {
        let text = message_with_unknown_keys(n);
        let report = chat_card::check::check_document(&text).expect("JSON");
        // Every key is an error (and, past 32,000 bytes, the size).
        assert!(report.totals().0 >= n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| black_box(chat_card::check::check_document(black_box(text))))
        });
    }
    g.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
