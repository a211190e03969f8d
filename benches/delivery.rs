//! Delivery against the fake Chat space: N spaces × M messages with the default pacing of
//! 1 request per second per space. Reports elapsed time against the quota's ideal
//! ((M − 1) seconds), messages per second, 429s caused, peak memory and CPU time per
//! message; then one run with injected faults (20 % 503s, 5 % dropped connections).
//!
//! Then several senders to one space, each with its own lanes as separate processes
//! would have, with and without pacing shared through a real `redis-server` (started on
//! a free loopback port; the section is skipped when it is not installed): time against
//! the ideal, 429s, and Redis script calls (round trips) per message.
//!
//! `cargo bench --bench delivery` (about two minutes); see BENCHMARKS.md.

use std::time::{Duration, Instant};

use chat_card::{SendOptions, Sender, SharedPacing, card};
use chat_card_fake_space::{FakeSpace, FaultPlan};

/// A `redis-server` per run of this benchmark (shared with the tests).
use chat_card_test_support::redis::RedisServer;

/// CPU time (user + system) of this process so far, from /proc (Linux).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // The kernel's USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis((utime + stime) * 10))
}

/// Peak resident memory of this process (VmHWM), in MiB.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

struct Run {
    label: String,
    spaces: usize,
    per_space: usize,
    faults: Option<FaultPlan>,
}

async fn run(r: &Run) -> Result<String, Box<dyn std::error::Error>> {
    let fake = FakeSpace::start().await?;
    if let Some(plan) = r.faults.clone() {
        fake.inject(plan);
    }
    let sender = Sender::new()?;
    let urls = (0..r.spaces)
        .map(|s| fake.webhook_url(&format!("SPACE{s}")))
        .collect::<Result<Vec<_>, _>>()?;
    let cpu_before = cpu_time();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (s, url) in urls.iter().enumerate() {
        for m in 0..r.per_space {
            let (sender, url) = (sender.clone(), url.clone());
            tasks.push(tokio::spawn(async move {
                let msg = card! {
                    header { title: "alert {m} in space {s}" }
                    section { text "<b>host-{m}</b> is down" }
                }?;
                sender.send(&url, &msg, &SendOptions::new()).await?;
                Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
            }));
            // Submit in order per space, so each lane's FIFO order is the send order.
            tokio::task::yield_now().await;
        }
    }
    let mut failed = 0;
    for t in tasks {
        if !matches!(t.await, Ok(Ok(()))) {
            failed += 1;
        }
    }
    let elapsed = started.elapsed();
    let cpu = match (cpu_before, cpu_time()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => Duration::ZERO,
    };
    let total = r.spaces * r.per_space;
    let delivered = fake.deliveries().len();
    let ideal = (r.per_space.saturating_sub(1)) as f64;
    Ok(format!(
        "| {} | {}×{} | {:.2} s | {:.0} s | {:.3} | {:.1} | {} | {} | {} | {:.1} | {:.2} ms |",
        r.label,
        r.spaces,
        r.per_space,
        elapsed.as_secs_f64(),
        ideal,
        if ideal > 0.0 {
            elapsed.as_secs_f64() / ideal
        } else {
            f64::NAN
        },
        total as f64 / elapsed.as_secs_f64(),
        fake.quota_rejections(),
        delivered,
        failed,
        peak_memory_mib().unwrap_or(f64::NAN),
        cpu.as_secs_f64() * 1000.0 / total as f64,
    ))
}

/// Senders to one space: how many, messages each, and whether they share pacing.
struct SendersRun {
    senders: usize,
    per_sender: usize,
    shared: bool,
}

/// The quota of the senders runs (and the senders' interval): 200 ms keeps them short.
const SENDERS_INTERVAL: Duration = Duration::from_millis(200);

async fn run_senders(
    r: &SendersRun,
    redis: &RedisServer,
) -> Result<String, Box<dyn std::error::Error>> {
    let fake = FakeSpace::builder()
        .quota_interval(SENDERS_INTERVAL)
        .start()
        .await?;
    let url = fake.webhook_url("ONE")?;
    let mut senders = Vec::new();
    for _ in 0..r.senders {
        let mut builder = Sender::builder().per_space_interval(SENDERS_INTERVAL);
        if r.shared {
            builder = builder.shared_pacing(SharedPacing::redis(&redis.url())?);
        }
        senders.push(builder.build()?);
    }
    let calls_before = redis.script_calls();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (s, sender) in senders.into_iter().enumerate() {
        let url = url.clone();
        let per_sender = r.per_sender;
        tasks.push(tokio::spawn(async move {
            let mut failed = 0;
            for m in 0..per_sender {
                let msg = card! {
                    header { title: "alert {m} from sender {s}" }
                    section { text "<b>host-{m}</b> is down" }
                }?;
                if sender.send(&url, &msg, &SendOptions::new()).await.is_err() {
                    failed += 1;
                }
            }
            Ok::<usize, Box<dyn std::error::Error + Send + Sync>>(failed)
        }));
    }
    let mut failed = 0;
    for t in tasks {
        failed += t.await?.map_err(|e| e.to_string())?;
    }
    let elapsed = started.elapsed();
    let total = r.senders * r.per_sender;
    let ideal = SENDERS_INTERVAL * (total as u32 - 1);
    let calls = redis.script_calls() - calls_before;
    Ok(format!(
        "| {} | {}×{} | {} | {:.2} s | {:.1} s | {:.3} | {} | {} | {} | {} |",
        r.senders,
        r.senders,
        r.per_sender,
        if r.shared { "Redis" } else { "in-process" },
        elapsed.as_secs_f64(),
        ideal.as_secs_f64(),
        elapsed.as_secs_f64() / ideal.as_secs_f64(),
        fake.count_status(429),
        fake.deliveries().len(),
        failed,
        if r.shared {
            format!("{:.2}", calls as f64 / total as f64)
        } else {
            "–".to_owned()
        },
    ))
}

async fn senders_section(quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let Some(redis) = RedisServer::start("delivery-bench") else {
        return Ok(());
    };
    let sizes: &[(usize, usize)] = if quick {
        &[(2, 2)]
    } else {
        &[(1, 32), (4, 8), (16, 2)]
    };
    println!();
    println!(
        "| senders | senders × messages | pacing | elapsed | ideal ((N−1) × 200 ms) | ratio | 429s | delivered | failed | Redis calls/msg |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for &(senders, per_sender) in sizes {
        for shared in [false, true] {
            let r = SendersRun {
                senders,
                per_sender,
                shared,
            };
            println!("{}", run_senders(&r, &redis).await?);
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes --bench; `cargo test --benches` runs this as a test: keep that short.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick {
        vec![Run {
            label: "smoke".into(),
            spaces: 2,
            per_space: 2,
            faults: None,
        }]
    } else {
        vec![
            Run {
                label: "one space".into(),
                spaces: 1,
                per_space: 20,
                faults: None,
            },
            Run {
                label: "ten spaces".into(),
                spaces: 10,
                per_space: 10,
                faults: None,
            },
            Run {
                label: "hundred spaces".into(),
                spaces: 100,
                per_space: 5,
                faults: None,
            },
            Run {
                label: "faults (20 % 503, 5 % drops)".into(),
                spaces: 3,
                per_space: 10,
                faults: Some(FaultPlan {
                    error_rate_503: 0.20,
                    drop_rate: 0.05,
                    ..FaultPlan::default()
                }),
            },
        ]
    };
    println!(
        "| run | spaces × messages | elapsed | ideal (M−1 s) | ratio | msg/s | 429s | delivered | failed | peak RSS MiB | CPU/msg |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for r in &runs {
        println!("{}", run(r).await?);
    }
    senders_section(quick).await?;
    Ok(())
}
