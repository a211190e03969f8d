//! Accept latency and throughput of `chat-card relay`, SQLite queue against the Redis
//! Streams queue, with 1 and 3 relays: a measurement for BENCHMARKS.md, not a check.
//! Run it alone with
//! `cargo test --release -p chat-card-cli --test relay_accept_bench -- --ignored --nocapture`.
//!
//! Method: relay processes on 127.0.0.1 (`--wait 0`, so a post is answered as soon as it
//! is stored: 202), their upstream a closed port (deliveries fail fast and wait seconds
//! before the next try, so they hardly compete with accepting). 16 concurrent clients
//! post 2,000 small messages to 20 spaces, spread round-robin over the relays. Latency
//! is each request's time from send to answer; throughput is posts over wall time.
//! Redis is a real `redis-server` with `appendonly yes`, `appendfsync always`.

mod relay_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chat_card_test_support::redis::RedisServer;
use relay_support::*;
use serde_json::json;

const POSTS: usize = 2_000;
const CLIENTS: usize = 16;
const SPACES: usize = 20;

/// Posts `POSTS` messages over `relays`; `(p50, p99, per second)`.
async fn measure(relays: &[RelayProcess]) -> (Duration, Duration, f64) {
    let client = client();
    let next = Arc::new(AtomicUsize::new(0));
    let bases: Arc<Vec<String>> = Arc::new(relays.iter().map(RelayProcess::base).collect());
    let start = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, next, bases) = (client.clone(), Arc::clone(&next), Arc::clone(&bases));
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= POSTS {
                        return latencies;
                    }
                    let url = format!(
                        "{}/v1/spaces/SPACE{}/messages?key=k&token=t",
                        bases[i % bases.len()],
                        i % SPACES
                    );
                    let sent = Instant::now();
                    let status = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(json!({ "text": format!("bench {i}") }).to_string())
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0);
                    assert_eq!(status, 202, "post {i}");
                    latencies.push(sent.elapsed());
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.expect("client"));
    }
    let elapsed = start.elapsed();
    all.sort();
    let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    (pick(0.50), pick(0.99), POSTS as f64 / elapsed.as_secs_f64())
}

chat_card_test_support::needs_redis! {
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a measurement for BENCHMARKS.md; run it alone with --ignored --nocapture"]
async fn accept_latency_and_throughput_sqlite_and_redis_one_and_three_relays() {
    let Some(redis) = RedisServer::start_durable("relay_accept_bench", None) else {
        return;
    };
    let upstream = closed_port_upstream();
    let common = ["--wait", "0", "--max-queue", "100000"];
    println!("| queue | relays | p50 ms | p99 ms | accepted msgs/s |");
    println!("|---|---|---|---|---|");
    for (queue, n) in [("sqlite", 1), ("sqlite", 3), ("redis", 1), ("redis", 3)] {
        redis.command(&["FLUSHALL"]);
        let dirs: Vec<_> = (0..n).map(|i| temp_dir(&format!("bench-{queue}-{n}-{i}"))).collect();
        let url = redis.url();
        let mut args: Vec<&str> = common.to_vec();
        if queue == "redis" {
            args.extend(["--queue", "redis", "--redis", url.as_str()]);
        }
        let relays: Vec<RelayProcess> =
            dirs.iter().map(|d| RelayProcess::start(d, &upstream, &args)).collect();
        let (p50, p99, rate) = measure(&relays).await;
        println!(
            "| {queue} | {n} | {:.2} | {:.2} | {rate:.0} |",
            p50.as_secs_f64() * 1000.0,
            p99.as_secs_f64() * 1000.0
        );
        drop(relays);
        for d in dirs {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}
}
