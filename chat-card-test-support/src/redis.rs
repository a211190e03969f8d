//! A real `redis-server` (Debian package `redis-server`) on a free loopback port, one per
//! test, stopped when dropped. Without the program a test prints SKIPPED and returns;
//! under CI (`CI=true`) a missing program fails the test.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `redis-server`.
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    password: Option<String>,
    dir: PathBuf,
    /// Extra arguments (cluster mode).
    extra: Vec<String>,
    /// Whether it keeps an append-only file synced on every write.
    durable: bool,
}

/// Whether `redis-server` can be run here; under CI its absence is a failure.
fn available(test: &str) -> bool {
    let found = Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: redis-server is not installed (Debian package `redis-server`; .ci/run installs it)"
        );
        eprintln!("SKIPPED {test}: redis-server is not installed (apt-get install redis-server)");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl RedisServer {
    /// Starts a server without a password; `None` (after printing SKIPPED) when
    /// `redis-server` is missing outside CI.
    pub fn start(test: &str) -> Option<RedisServer> {
        Self::start_with(test, None)
    }

    /// Starts a server with an append-only file synced on every write (`appendonly yes`,
    /// `appendfsync always`) in its own temporary directory, so that [`RedisServer::kill`]
    /// and [`RedisServer::restart`] keep every write it acknowledged.
    pub fn start_durable(test: &str, password: Option<&str>) -> Option<RedisServer> {
        Self::start_inner(test, password, true)
    }

    /// Starts a server without persistence that replicates `primary` (no password), and
    /// waits (at most 10 s) until the primary counts it as a replica in sync (`online`).
    pub fn start_replica_of(test: &str, primary: &RedisServer) -> Option<RedisServer> {
        if !available(test) {
            return None;
        }
        for _ in 0..5 {
            let mut server = RedisServer {
                child: None,
                port: free_port(),
                password: None,
                dir: std::env::temp_dir().join(format!(
                    "chat-card-redis-{}-{test}-replica-{}",
                    std::process::id(),
                    fastrand_suffix()
                )),
                extra: vec![
                    "--replicaof".to_owned(),
                    "127.0.0.1".to_owned(),
                    primary.port.to_string(),
                ],
                durable: false,
            };
            if server.spawn() {
                let until = Instant::now() + Duration::from_secs(10);
                while !primary
                    .command(&["INFO", "replication"])
                    .is_some_and(|i| i.contains("state=online"))
                {
                    assert!(
                        Instant::now() < until,
                        "{test}: the replica did not connect"
                    );
                    std::thread::sleep(Duration::from_millis(50));
                }
                return Some(server);
            }
        }
        panic!("{test}: a replica redis-server did not start on a free loopback port (5 tries)");
    }

    /// Starts a server that requires `password`.
    pub fn start_with(test: &str, password: Option<&str>) -> Option<RedisServer> {
        Self::start_inner(test, password, false)
    }

    fn start_inner(test: &str, password: Option<&str>, durable: bool) -> Option<RedisServer> {
        if !available(test) {
            return None;
        }
        // A port found free may be taken before the server binds it: try a few.
        for _ in 0..5 {
            let mut server = RedisServer {
                child: None,
                port: free_port(),
                password: password.map(str::to_owned),
                dir: std::env::temp_dir().join(format!(
                    "chat-card-redis-{}-{test}-{}",
                    std::process::id(),
                    fastrand_suffix()
                )),
                extra: Vec::new(),
                durable,
            };
            if server.spawn() {
                return Some(server);
            }
        }
        panic!("{test}: redis-server did not start on a free loopback port (5 tries)");
    }

    /// Starts the server process on this server's port; true once it answers PING.
    fn spawn(&mut self) -> bool {
        std::fs::create_dir_all(&self.dir).expect("redis dir");
        let mut cmd = Command::new("redis-server");
        cmd.args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", if self.durable { "yes" } else { "no" }])
            .args([
                "--appendfsync",
                if self.durable { "always" } else { "everysec" },
            ])
            .args(["--dir", self.dir.to_str().expect("utf-8 temp dir")])
            .args(["--logfile", ""])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(p) = &self.password {
            cmd.args(["--requirepass", p]);
        }
        cmd.args(&self.extra);
        let child = cmd.spawn().expect("redis-server runs");
        self.child = Some(child);
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(_)) = child.try_wait()
            {
                // Exited: most likely the port was taken.
                self.child = None;
                return false;
            }
            if self.command(&["PING"]).is_some_and(|r| r.contains("PONG")) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        false
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://[:PASSWORD@]127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        match &self.password {
            Some(p) => format!("redis://:{p}@127.0.0.1:{}", self.port),
            None => format!("redis://127.0.0.1:{}", self.port),
        }
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port (after [`RedisServer::kill`]): its data
    /// is gone, as after a crash without persistence, unless it was started with
    /// [`RedisServer::start_durable`] (then it reads its append-only file back).
    pub fn restart(&mut self) {
        self.kill();
        for _ in 0..50 {
            if self.spawn() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("redis-server did not restart on port {}", self.port);
    }

    /// Runs one command and returns the reply as text (`None` when the server does not
    /// answer). Bulk replies are returned without their length line.
    pub fn command(&self, args: &[&str]) -> Option<String> {
        let mut stream =
            TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_secs(1))
                .ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
        let mut request = Vec::new();
        let mut push = |parts: &[&str]| {
            request.extend_from_slice(format!("*{}\r\n", parts.len()).as_bytes());
            for a in parts {
                request.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
            }
        };
        if let Some(p) = &self.password {
            push(&["AUTH", p]);
        }
        push(args);
        stream.write_all(&request).ok()?;
        let mut reader = BufReader::new(stream);
        if self.password.is_some() {
            read_reply(&mut reader)?;
        }
        read_reply(&mut reader)
    }

    /// How many times the server ran `command` (from `INFO commandstats`; 0 if never).
    pub fn calls(&self, command: &str) -> u64 {
        let info = self.command(&["INFO", "commandstats"]).unwrap_or_default();
        let prefix = format!("cmdstat_{command}:calls=");
        info.lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// Round trips of shared pacing that reached the server: `EVALSHA` (one per
    /// reservation or push-back), and the first call of each connection to a server
    /// that does not know the script yet: `EVALSHA` answered `NOSCRIPT`, `SCRIPT LOAD`
    /// and `EVALSHA` again.
    pub fn script_calls(&self) -> u64 {
        self.calls("evalsha") + self.calls("eval") + self.calls("script|load")
    }
}

/// Three `redis-server`s in cluster mode, each owning a third of the slots, no replicas.
pub struct RedisCluster {
    /// The cluster's nodes.
    pub nodes: Vec<RedisServer>,
}

impl RedisCluster {
    /// Starts and joins the nodes (`redis-cli --cluster create`), and waits until the
    /// cluster is ready (at most 20 s). `None` (after SKIPPED) when redis-server is
    /// missing outside CI.
    pub fn start(test: &str) -> Option<RedisCluster> {
        if !available(test) {
            return None;
        }
        let mut nodes = Vec::new();
        for n in 0..3 {
            let mut started = None;
            for _ in 0..5 {
                let mut node = RedisServer {
                    child: None,
                    port: free_port(),
                    password: None,
                    dir: std::env::temp_dir().join(format!(
                        "chat-card-redis-{}-{test}-{n}-{}",
                        std::process::id(),
                        fastrand_suffix()
                    )),
                    extra: ["--cluster-enabled", "yes", "--cluster-node-timeout", "2000"]
                        .map(str::to_owned)
                        .to_vec(),
                    durable: false,
                };
                if node.spawn() {
                    started = Some(node);
                    break;
                }
            }
            nodes.push(started.expect("a cluster node starts on a free loopback port"));
        }
        let addresses: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        let created = Command::new("redis-cli")
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("redis-cli runs (Debian package redis-tools, a dependency of redis-server)");
        assert!(created.success(), "redis-cli --cluster create failed");
        let until = Instant::now() + Duration::from_secs(20);
        while !nodes.iter().all(|n| {
            n.command(&["CLUSTER", "INFO"])
                .is_some_and(|i| i.contains("cluster_state:ok"))
        }) {
            assert!(Instant::now() < until, "the cluster did not become ready");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(RedisCluster { nodes })
    }

    /// The nodes' URLs.
    pub fn urls(&self) -> Vec<String> {
        self.nodes.iter().map(RedisServer::url).collect()
    }

    /// The node that owns `key`'s slot (the others answer `MOVED`).
    pub fn owner(&self, key: &str) -> &RedisServer {
        self.nodes
            .iter()
            .find(|n| {
                n.command(&["EXISTS", key])
                    .is_some_and(|r| !r.starts_with("MOVED"))
            })
            .expect("one node owns the slot")
    }
}

/// Reads one RESP reply as text (arrays joined by newlines).
fn read_reply(reader: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let line = line.trim_end();
    let (kind, rest) = line.split_at_checked(1)?;
    match kind {
        "+" | "-" | ":" => Some(rest.to_owned()),
        "$" => {
            let len: i64 = rest.parse().ok()?;
            if len < 0 {
                return Some(String::new());
            }
            let mut buf = vec![0; usize::try_from(len).ok()? + 2];
            reader.read_exact(&mut buf).ok()?;
            buf.truncate(buf.len() - 2);
            String::from_utf8(buf).ok()
        }
        "*" => {
            let n: i64 = rest.parse().ok()?;
            let mut items = Vec::new();
            for _ in 0..n.max(0) {
                items.push(read_reply(reader)?);
            }
            Some(items.join("\n"))
        }
        _ => None,
    }
}

fn fastrand_suffix() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    nanos ^ std::process::id()
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
