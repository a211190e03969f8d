//! What the relay tests share: the relay as a process, a client, and small waits.

// Each test binary uses the parts it needs.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The `chat-card` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_chat-card");

/// A fresh directory for one test (state and logs).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chat-card-relay-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A loopback port nothing listens on: an upstream that refuses every connection.
pub fn closed_port_upstream() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// The operations token the tests give a relay that needs one
/// (`CHAT_CARD_RELAY_OPS_TOKEN`).
pub const OPS_TOKEN: &str = "ops-secret";

/// A relay process.
pub struct RelayProcess {
    /// The process.
    pub child: Child,
    /// Its address, `127.0.0.1:PORT`.
    pub addr: String,
    /// Its stderr (the logs).
    pub log: PathBuf,
}

impl RelayProcess {
    /// Starts `chat-card relay` on a free port with its queue in `dir/state`, logging to
    /// `dir/relay-N.log`.
    pub fn start(dir: &Path, upstream: &str, extra: &[&str]) -> RelayProcess {
        Self::start_with_env(dir, upstream, extra, &[])
    }

    /// [`RelayProcess::start`] with extra environment variables.
    pub fn start_with_env(
        dir: &Path,
        upstream: &str,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> RelayProcess {
        Self::start_with(dir, upstream, extra, env, None)
    }

    /// [`RelayProcess::start_with_env`], with at most `open_files` file descriptors
    /// (`ulimit -n`) when given.
    pub fn start_with(
        dir: &Path,
        upstream: &str,
        extra: &[&str],
        env: &[(&str, &str)],
        open_files: Option<u32>,
    ) -> RelayProcess {
        let n = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
        let log = dir.join(format!("relay-{n}.log"));
        let mut command = match open_files {
            None => Command::new(BIN),
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\""), BIN]);
                sh
            }
        };
        command
            .args(["relay", "--listen", "127.0.0.1:0", "--upstream", upstream])
            .arg("--state")
            .arg(dir.join("state"))
            .args(extra)
            .env_remove("RUST_LOG")
            .env_remove("CHAT_CARD_REDIS_URL")
            .env_remove("CHAT_CARD_REDIS_CLUSTER")
            .env_remove("CHAT_CARD_RELAY_OPS_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"));
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("relay starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("chat-card relay listening on http://") {
                    let _ = tx.send(addr.to_owned());
                }
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(a) => a,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "the relay did not start: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        RelayProcess { child, addr, log }
    }

    /// The relay's URL for a fake-space webhook URL: the same path and query, another host.
    pub fn url_for(&self, webhook: &str) -> String {
        let path = &webhook[webhook.find("/v1/").expect("webhook path")..];
        format!("http://{}{path}", self.addr)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `kill -9`.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// What it logged so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client with a 30 s timeout.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// Waits until `done` holds, at most `limit`.
pub async fn wait_until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// GETs JSON.
pub async fn get_json(client: &reqwest::Client, url: &str) -> Value {
    client
        .get(url)
        .send()
        .await
        .expect("get")
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).expect("json"))
        .expect("body")
}

/// Reads a response's JSON body.
pub async fn read_json(r: reqwest::Response) -> Value {
    let bytes = r.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("json")
}

/// How many messages wait in the relay (`GET /healthz`).
pub async fn queued(client: &reqwest::Client, relay: &RelayProcess) -> u64 {
    get_json(client, &format!("{}/healthz", relay.base())).await["queued"]
        .as_u64()
        .expect("queued")
}

/// The queue id the relay gave an accepted message (response header).
pub fn queue_id(response: &reqwest::Response) -> i64 {
    response.headers()["x-chat-card-relay-id"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("id")
}

/// An Alertmanager notification of a firing group (one alert).
pub const FIRING: &str = r#"{
  "version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": "firing",
  "receiver": "chat", "groupLabels": {"alertname": "DiskFull"},
  "commonLabels": {"alertname": "DiskFull", "severity": "page"},
  "commonAnnotations": {"summary": "Disk full on db-1"},
  "externalURL": "https://alertmanager.example.com", "truncatedAlerts": 0,
  "alerts": [{"status": "firing", "labels": {"alertname": "DiskFull", "instance": "db-1"},
              "annotations": {"summary": "92% used"}, "startsAt": "2026-11-30T10:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "abc",
              "generatorURL": "https://prometheus.example.com/graph"}]
}"#;

/// A fake Chat space on 127.0.0.1 whose quota is one request per `interval` per space.
pub async fn fake_space(interval: std::time::Duration) -> chat_card_fake_space::FakeSpace {
    chat_card_fake_space::FakeSpace::builder()
        .quota_interval(interval)
        .start()
        .await
        .expect("the fake space starts")
}

/// The relay's `/metrics` page.
pub async fn metrics(client: &reqwest::Client, relay: &RelayProcess) -> String {
    client
        .get(format!("{}/metrics", relay.base()))
        // Ignored by a relay without an operations token.
        .bearer_auth(OPS_TOKEN)
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text")
}
