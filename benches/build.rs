//! Building messages: `card!` side by side with `serde_json::json!` + `to_string`,
//! serde-derived structs + `to_string`, and a hand-written pre-escaped template, for
//! (a) a static card, (b) the same card with 5 interpolated values, (c) a card with 50
//! widgets from a loop. Prints allocations per message first, then runs criterion.
//!
//! `cargo bench --bench build`; see BENCHMARKS.md.

#[path = "support/alloc_counter.rs"]
mod alloc_counter;
#[path = "support/baselines.rs"]
#[allow(dead_code)]
mod baselines;
#[path = "support/cards.rs"]
mod cards;

use std::hint::black_box;

use alloc_counter::{CountingAlloc, allocations_per_call};
use baselines::{Alert, Check};
use criterion::{Criterion, criterion_group};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn alert() -> Alert<'static> {
    Alert {
        host: "db-1.eu-west-1",
        region: "eu-west-1",
        since: "12:03 UTC",
        failures: 3,
    }
}

fn checks() -> Vec<Check> {
    (0..50)
        .map(|i| Check {
            name: format!("check-{i}"),
            detail: format!("timeout after {i} s <retrying> & paging"),
        })
        .collect()
}

/// Fails loudly if the variants do not build the same JSON: a benchmark of different
/// outputs would mean nothing.
fn assert_same_json() {
    let same = |label: &str, a: &str, b: &str| {
        let (x, y): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(a).expect("valid JSON"),
            serde_json::from_str(b).expect("valid JSON"),
        );
        assert_eq!(x, y, "{label}: the variants differ");
    };
    let a = alert();
    let c = checks();
    let static_card = cards::static_card().expect("builds");
    same(
        "static json!",
        static_card.as_str(),
        &baselines::static_json(),
    );
    same(
        "static structs",
        static_card.as_str(),
        &baselines::static_structs(),
    );
    same(
        "static template",
        static_card.as_str(),
        baselines::static_template(),
    );
    let holes = cards::holes_card(&a).expect("builds");
    same("holes json!", holes.as_str(), &baselines::holes_json(&a));
    same(
        "holes structs",
        holes.as_str(),
        &baselines::holes_structs(&a),
    );
    same(
        "holes template",
        holes.as_str(),
        &baselines::holes_template(&a),
    );
    let looped = cards::loop_card(&c).expect("builds");
    same("loop json!", looped.as_str(), &baselines::loop_json(&c));
    same(
        "loop structs",
        looped.as_str(),
        &baselines::loop_structs(&c),
    );
    same(
        "loop template",
        looped.as_str(),
        &baselines::loop_template(&c),
    );
}

fn print_allocations() {
    const RUNS: u64 = 1_000;
    let a = alert();
    let c = checks();
    println!("allocations per message ({RUNS} runs each)");
    println!("| card | card! | json! | serde structs | template |");
    println!("|---|---|---|---|---|");
    println!(
        "| static | {} | {} | {} | {} |",
        allocations_per_call(RUNS, cards::static_card),
        allocations_per_call(RUNS, baselines::static_json),
        allocations_per_call(RUNS, baselines::static_structs),
        allocations_per_call(RUNS, baselines::static_template),
    );
    println!(
        "| 5 holes | {} | {} | {} | {} |",
        allocations_per_call(RUNS, || cards::holes_card(&a)),
        allocations_per_call(RUNS, || baselines::holes_json(&a)),
        allocations_per_call(RUNS, || baselines::holes_structs(&a)),
        allocations_per_call(RUNS, || baselines::holes_template(&a)),
    );
    println!(
        "| 50 widgets | {} | {} | {} | {} |",
        allocations_per_call(RUNS, || cards::loop_card(&c)),
        allocations_per_call(RUNS, || baselines::loop_json(&c)),
        allocations_per_call(RUNS, || baselines::loop_structs(&c)),
        allocations_per_call(RUNS, || baselines::loop_template(&c)),
    );
}

fn build(crit: &mut Criterion) {
    let a = alert();
    let c = checks();

    let mut g = crit.benchmark_group("static");
    g.bench_function("card!", |b| b.iter(|| black_box(cards::static_card())));
    g.bench_function("json!", |b| b.iter(|| black_box(baselines::static_json())));
    g.bench_function("structs", |b| {
        b.iter(|| black_box(baselines::static_structs()))
    });
    g.bench_function("template", |b| {
        b.iter(|| black_box(baselines::static_template()))
    });
    g.finish();

    let mut g = crit.benchmark_group("holes5");
    g.bench_function("card!", |b| {
        b.iter(|| black_box(cards::holes_card(black_box(&a))))
    });
    g.bench_function("json!", |b| {
        b.iter(|| black_box(baselines::holes_json(black_box(&a))))
    });
    g.bench_function("structs", |b| {
        b.iter(|| black_box(baselines::holes_structs(black_box(&a))))
    });
    g.bench_function("template", |b| {
        b.iter(|| black_box(baselines::holes_template(black_box(&a))))
    });
    g.finish();

    let mut g = crit.benchmark_group("loop50");
    g.bench_function("card!", |b| {
        b.iter(|| black_box(cards::loop_card(black_box(&c))))
    });
    g.bench_function("json!", |b| {
        b.iter(|| black_box(baselines::loop_json(black_box(&c))))
    });
    g.bench_function("structs", |b| {
        b.iter(|| black_box(baselines::loop_structs(black_box(&c))))
    });
    g.bench_function("template", |b| {
        b.iter(|| black_box(baselines::loop_template(black_box(&c))))
    });
    g.finish();
}

criterion_group!(benches, build);

fn main() {
    assert_same_json();
    print_allocations();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
