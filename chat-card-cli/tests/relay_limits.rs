//! `chat-card relay` as a process under slow and idle clients, on 127.0.0.1 only: slow
//! headers, slow bodies and idle connections are closed within the configured timeouts,
//! and with its file descriptors limited (`ulimit -n 100`) and 120 idle connections held,
//! a valid post still goes through. Every loop is bounded in count and time.

mod relay_support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use relay_support::*;

/// The timeouts given to the relay: 1 s each.
const LIMITS: &[&str] = &[
    "--header-read-timeout",
    "1",
    "--body-read-timeout",
    "1",
    "--request-timeout",
    "1",
    "--idle-timeout",
    "1",
    "--wait",
    "0",
];

/// Whether the server closed `stream` (reads return end of file or a reset) within
/// `limit`, reading without sending anything.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let start = Instant::now();
    let mut buf = [0u8; 1024];
    while start.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {} // an answer (408, 503): read on to the close
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

fn addr(relay: &RelayProcess) -> String {
    relay.addr.clone()
}

#[test]
fn slow_headers_slow_bodies_and_idle_connections_are_closed() {
    let dir = temp_dir("limits");
    let relay = RelayProcess::start(&dir, &closed_port_upstream(), LIMITS);
    let open = |first: &[u8]| {
        let mut s = TcpStream::connect(addr(&relay)).expect("connects");
        s.write_all(first).expect("writes");
        s
    };
    // 50 of each kind, all open at once.
    let mut slow_headers: Vec<TcpStream> = (0..50)
        .map(|_| open(b"POST /v1/spaces/AAAA/messages?key=k&token=t HTTP/1.1\r\nHost: x\r\n"))
        .collect();
    let mut slow_bodies: Vec<TcpStream> = (0..50)
        .map(|_| {
            open(
                b"POST /v1/spaces/AAAA/messages?key=k&token=t HTTP/1.1\r\nHost: x\r\n\
                  Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\":",
            )
        })
        .collect();
    let mut idle: Vec<TcpStream> = (0..50).map(|_| open(b"")).collect();
    let limit = Duration::from_secs(10);
    for (kind, streams) in [
        ("slow header", &mut slow_headers),
        ("slow body", &mut slow_bodies),
        ("idle", &mut idle),
    ] {
        for (i, s) in streams.iter_mut().enumerate() {
            assert!(
                closed_within(s, limit),
                "{kind} connection {i} still open after {limit:?}"
            );
        }
    }
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_few_file_descriptors_and_many_idle_connections_a_valid_post_succeeds() {
    let fake = fake_space(Duration::from_millis(100)).await;
    let webhook = fake.webhook_url_with_credentials("AAAA");
    let dir = temp_dir("fd-limit");
    let mut extra = LIMITS.to_vec();
    extra.extend(["--max-connections", "60", "--per-space-interval-ms", "100"]);
    let relay = RelayProcess::start_with(
        &dir,
        &format!("http://{}", fake.local_addr()),
        &extra,
        &[],
        Some(100),
    );
    // 120 connections that send nothing, held open by the client.
    let held: Vec<TcpStream> = (0..120)
        .filter_map(|_| TcpStream::connect(addr(&relay)).ok())
        .collect();
    assert!(held.len() >= 60, "only {} connections opened", held.len());
    let client = client();
    let url = relay.url_for(&webhook);
    let start = Instant::now();
    let mut status = None;
    // The idle ones are closed after 1 s; the cap refuses what is beyond it at once.
    while start.elapsed() < Duration::from_secs(20) {
        if let Ok(r) = client
            .post(&url)
            .header("content-type", "application/json")
            .body(r#"{"text": "still served"}"#)
            .send()
            .await
            && r.status().is_success()
        {
            status = Some(r.status());
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        status.is_some(),
        "no valid post succeeded in 20 s: {}",
        relay.logs()
    );
    wait_until(Duration::from_secs(10), "the delivery", || {
        !fake.deliveries().is_empty()
    })
    .await;
    drop(held);
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}
