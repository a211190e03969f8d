//! `chat_card::serve` with a router that reads request bodies, on 127.0.0.1: a body that
//! stalls is cut off by the body read timeout, a body sent slowly in small chunks by the
//! request timeout (408), and shutting down waits for nothing but the connections open.

#![cfg(feature = "serve")]

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::routing::post;
use chat_card::serve::{ServeLimits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// One step of a bounded loop: 50 steps of 100 ms.
const STEP: Duration = Duration::from_millis(100);
const STEPS: usize = 50;

async fn start(
    limits: ServeLimits,
) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let app = Router::new().route(
        "/",
        post(|body: Bytes| async move { format!("{} bytes", body.len()) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve(listener, app, limits, async {
            let _ = stopped.await;
        })
        .await
        .expect("serves");
    });
    (addr, stop, server)
}

fn short() -> ServeLimits {
    ServeLimits {
        header_read_timeout: Duration::from_millis(500),
        body_read_timeout: Duration::from_millis(500),
        request_timeout: Duration::from_millis(1000),
        idle_timeout: Duration::from_millis(500),
        max_connections: 8,
    }
}

/// Sends `step` every [`STEP`] (nothing when empty) and collects what the server sends
/// until it closes the connection; panics when it is still open after [`STEPS`] steps.
async fn until_closed(stream: &mut TcpStream, step: &[u8]) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    for _ in 0..STEPS {
        if !step.is_empty() && stream.write_all(step).await.is_err() {
            break;
        }
        match tokio::time::timeout(STEP, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return String::from_utf8_lossy(&answer).into_owned(),
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    panic!(
        "the connection was still open after {STEPS} steps; it sent {:?}",
        String::from_utf8_lossy(&answer)
    );
}

const HEAD: &[u8] = b"POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100000\r\n\r\n";

#[tokio::test]
async fn a_stalled_body_is_cut_off() {
    let (addr, _stop, _server) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    stream.write_all(HEAD).await.expect("writes");
    stream.write_all(b"{\"partial\": ").await.expect("writes");
    // Nothing more: the body read times out, the handler's extractor fails (axum answers
    // 4xx), and the connection, whose body did not end, is closed.
    let answer = until_closed(&mut stream, b"").await;
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
}

#[tokio::test]
async fn a_body_sent_slowly_gets_408() {
    let (addr, _stop, _server) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    stream.write_all(HEAD).await.expect("writes");
    // A byte every 100 ms never stalls the body for 500 ms, but the request takes more
    // than its 1 s.
    let answer = until_closed(&mut stream, b" ").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn a_prompt_request_is_served_and_shutdown_ends_serving() {
    let (addr, stop, server) = start(ServeLimits::default()).await;
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    stream
        .write_all(b"POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 5\r\n\r\nhello")
        .await
        .expect("writes");
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
        .await
        .expect("answered in time")
        .expect("reads");
    let answer = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("5 bytes"), "{answer}");
    // Shutting down closes the idle keep-alive connection and returns.
    stop.send(()).expect("server running");
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("serve returns after shutdown")
        .expect("no panic");
    assert_eq!(stream.read(&mut buf).await.unwrap_or(0), 0);
}
