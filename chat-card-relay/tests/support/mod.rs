//! What the relay's in-process tests share: a temporary folder, an upstream where nothing
//! listens, a relay on a free loopback port and its URLs, and an HTTP client.

#![allow(dead_code)] // each test crate uses part of it

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chat_card_relay::{Relay, RelayBuilder};

/// A fresh folder under the system's temporary folder, named for the test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "chat-card-relay-test-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// An upstream where nothing listens: deliveries keep failing and messages stay queued.
pub fn closed_port_upstream() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    format!("http://127.0.0.1:{port}")
}

/// Starts a relay on a free loopback port.
pub async fn start(builder: RelayBuilder) -> Relay {
    builder
        .listen(SocketAddr::from(([127, 0, 0, 1], 0)))
        .start()
        .await
        .expect("the relay starts")
}

/// An HTTP client with a 30 s timeout.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// The relay's URL for a fake-space webhook URL: the same path and query, another host.
pub fn url_for(relay: &Relay, webhook: &str) -> String {
    let path = &webhook[webhook.find("/v1/").expect("webhook path")..];
    format!("http://{}{path}", relay.local_addr())
}

/// `http://127.0.0.1:PORT` of the relay.
pub fn base(relay: &Relay) -> String {
    format!("http://{}", relay.local_addr())
}
