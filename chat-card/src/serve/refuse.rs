//! The answer to a connection beyond the cap: `503 Service Unavailable`, written after
//! the request head (so the client reads it as the answer to its request), then closed.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The whole exchange with a refused connection takes at most this long.
const REFUSAL_TIME: Duration = Duration::from_secs(2);

/// The most bytes of the request read before answering.
const MAX_HEAD_BYTES: usize = 16 * 1024;

const BODY: &str = r#"{"error": {"code": 503, "status": "UNAVAILABLE", "message": "the server is at its connection cap; retry in a moment"}}"#;

/// Answers `503` with `Retry-After: 1` and closes the connection.
pub(super) async fn unavailable(mut stream: TcpStream) {
    let exchange = async {
        // Read the request head (or what comes of it in time): a client that is still
        // writing when the connection closes may miss the answer.
        let mut head = Vec::with_capacity(1024);
        let mut chunk = [0u8; 1024];
        while head.len() < MAX_HEAD_BYTES && !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match tokio::time::timeout(Duration::from_millis(500), stream.read(&mut chunk)).await {
                Ok(Ok(n)) if n > 0 => head.extend_from_slice(&chunk[..n]),
                _ => break,
            }
        }
        let answer = format!(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
             retry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{BODY}",
            BODY.len()
        );
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    };
    let _ = tokio::time::timeout(REFUSAL_TIME, exchange).await;
}
