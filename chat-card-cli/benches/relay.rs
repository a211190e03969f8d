//! The relay's accept latency and memory, measured on the `chat-card relay` process.
//!
//! ```text
//! cargo bench -p chat-card-cli --bench relay
//! ```
//!
//! 1. Accept latency: 1,000 posts of an 850-byte card message, one at a time and then 16
//!    at a time, with `--wait 0`, so the answer (202) comes right after the message is
//!    validated and committed (fsync) to the queue. p50 / p99 / max.
//! 2. Memory: 10,000 messages waiting (Chat unreachable), the relay's resident set size
//!    (VmRSS from /proc) before and after, and the size of the queue on disk.
//!
//! Not part of `cargo test`: it takes about a minute and measures this machine's disk.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chat_card_fake_space::FakeSpace;

const BIN: &str = env!("CARGO_BIN_EXE_chat-card");
/// The 850-byte card message every post carries (the Chat API page's sample card).
fn message() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../chat-card/tests/fixtures/seed-message.json");
    std::fs::read_to_string(&path).expect("the seed message fixture")
}

struct Relay {
    child: Child,
    addr: String,
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(state: &Path, upstream: &str, extra: &[&str]) -> Relay {
    let mut child = Command::new(BIN)
        .args([
            "relay",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            upstream,
            "--wait",
            "0",
        ])
        .arg("--state")
        .arg(state)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the relay starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("chat-card relay listening on http://") {
                let _ = tx.send(addr.to_owned());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the relay prints its address");
    Relay { child, addr }
}

/// A process's resident set size in KiB (`VmRSS` or `VmHWM` from /proc).
fn memory_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn dir_kib(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum::<u64>()
                / 1024
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Posts `n` messages, `parallel` at a time; returns each post's latency.
async fn post_many(
    client: &reqwest::Client,
    url: &str,
    n: usize,
    parallel: usize,
) -> Vec<Duration> {
    let url = Arc::new(url.to_owned());
    let body = Arc::new(message());
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..parallel {
        let (client, url, next) = (client.clone(), Arc::clone(&url), Arc::clone(&next));
        let body = Arc::clone(&body);
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < n {
                let t = Instant::now();
                let r = client
                    .post(url.as_str())
                    .header("content-type", "application/json")
                    .body(body.as_str().to_owned())
                    .send()
                    .await
                    .expect("post");
                let status = r.status();
                let _ = r.bytes().await;
                assert!(status == 202 || status == 200, "answer {status}");
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    all.sort();
    all
}

fn row(name: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {name} | {} | {:.2} ms | {:.2} ms | {:.2} ms |",
        times.len(),
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.99)),
        ms(*times.last().expect("times")),
    );
}

fn temp_state(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "chat-card-relay-bench-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes --bench; anything else (e.g. `cargo test --benches`) only checks
    // that this builds and starts.
    if !std::env::args().any(|a| a == "--bench") {
        println!("relay bench: run with `cargo bench -p chat-card-cli --bench relay`");
        return;
    }
    let fake = FakeSpace::start().await.expect("fake space");
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let path = &webhook[webhook.find("/v1/").expect("path")..];
    let client = reqwest::Client::new();

    println!("## accept latency (--wait 0: validated, committed with fsync, answered 202)\n");
    println!("| posts | n | p50 | p99 | max |\n|---|---|---|---|---|");
    for (name, parallel) in [("one at a time", 1), ("16 at a time", 16)] {
        let state = temp_state("latency");
        let relay = start(
            &state,
            &format!("http://{}", fake.local_addr()),
            &["--max-queue", "100000"],
        );
        let url = format!("http://{}{path}", relay.addr);
        // Warm up: connections, SQLite pages.
        post_many(&client, &url, 20, parallel).await;
        let times = post_many(&client, &url, 1000, parallel).await;
        row(name, &times);
        drop(relay);
        let _ = std::fs::remove_dir_all(&state);
    }

    println!("\n## memory with 10,000 messages waiting (Chat unreachable)\n");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let state = temp_state("memory");
    let relay = start(&state, &closed, &["--max-queue", "20000"]);
    let pid = relay.child.id();
    let url = format!("http://{}{path}", relay.addr);
    post_many(&client, &url, 10, 1).await;
    let idle = memory_kib(pid, "VmRSS:");
    let start_fill = Instant::now();
    post_many(&client, &url, 10_000, 16).await;
    let filled = start_fill.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let health: serde_json::Value = serde_json::from_slice(
        &client
            .get(format!("http://{}/healthz", relay.addr))
            .send()
            .await
            .expect("healthz")
            .bytes()
            .await
            .expect("body"),
    )
    .expect("json");
    let rss = memory_kib(pid, "VmRSS:");
    let peak = memory_kib(pid, "VmHWM:");
    println!("| | value |\n|---|---|");
    println!("| messages waiting | {} |", health["queued"]);
    println!("| RSS with 10 waiting | {:.1} MiB |", idle as f64 / 1024.0);
    println!(
        "| RSS with 10,010 waiting | {:.1} MiB |",
        rss as f64 / 1024.0
    );
    println!("| peak RSS (VmHWM) | {:.1} MiB |", peak as f64 / 1024.0);
    println!(
        "| queue on disk | {:.1} MiB |",
        dir_kib(&state) as f64 / 1024.0
    );
    println!(
        "| time to accept 10,000 (16 at a time) | {:.1} s ({:.0} msg/s) |",
        filled.as_secs_f64(),
        10_000.0 / filled.as_secs_f64()
    );
    drop(relay);
    let _ = std::fs::remove_dir_all(&state);
    fake.shutdown().await;
}
