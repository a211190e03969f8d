//! The serving limits of `chat_card::serve`, shown on the `chat_app` example run as a
//! process (`--serve`, limits from `SERVE_*`): connections that send their headers
//! slowly, send their body slowly, or send nothing are closed; beyond the connection
//! cap a request is answered `503` with `Retry-After`, and once a connection ends a new
//! one is served again. Only 127.0.0.1; every loop is bounded.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One step of a bounded loop: 50 steps of 100 ms, ten times the timeouts configured.
const STEP: Duration = Duration::from_millis(100);
const STEPS: usize = 50;

use chat_card_test_support::example_path;

/// The `chat_app` example serving on a free port with the given `SERVE_*` limits; killed
/// when dropped.
struct App {
    child: Child,
    addr: SocketAddr,
}

impl App {
    fn start(limits: &[(&str, &str)]) -> App {
        let path = example_path("chat_app");
        assert!(
            path.exists(),
            "{} is missing: run the tests with `cargo test`, which builds the examples",
            path.display()
        );
        let mut child = Command::new(path)
            .args(["--serve", "0"])
            .env_remove("CHAT_APP_PROJECT_NUMBER")
            .env("CHAT_APP_ENDPOINT_URL", "https://chat-app.example.com/")
            .envs(limits.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chat_app starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = match lines.next() {
                Some(Ok(line)) => line,
                _ => {
                    let _ = child.kill();
                    panic!("chat_app ended before it listened");
                }
            };
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.trim_end_matches('/').parse().expect("an address");
            }
        };
        App { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connects");
        stream.set_read_timeout(Some(STEP)).expect("timeout");
        stream
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether the server has closed the connection (reading whatever it still sends).
fn closed(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 4096];
    match stream.read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
        Err(_) => true,
    }
}

/// Sends `step` every [`STEP`] until the server closes the connection; panics when it is
/// still open after [`STEPS`] steps. Returns the steps taken.
fn steps_until_closed(stream: &mut TcpStream, step: &[u8]) -> usize {
    for i in 0..STEPS {
        if stream.write_all(step).is_err() || closed(stream) {
            return i;
        }
        std::thread::sleep(STEP);
    }
    panic!("the connection was still open after {STEPS} steps");
}

/// Sends a request and reads the answer to the end (the connection is closed after it).
fn exchange(stream: &mut TcpStream, request: &str) -> String {
    stream.write_all(request.as_bytes()).expect("writes");
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    for _ in 0..STEPS {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

const EVENT: &str = r#"{"type": "MESSAGE", "message": {"text": "hi"}}"#;

fn post(close: bool) -> String {
    format!(
        "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n{}\r\n{EVENT}",
        EVENT.len(),
        if close { "connection: close\r\n" } else { "" }
    )
}

/// Timeouts of 500 ms, so each stalled connection is closed after about 5 of the 50 steps.
const SHORT: [(&str, &str); 4] = [
    ("SERVE_HEADER_READ_TIMEOUT_MS", "500"),
    ("SERVE_BODY_READ_TIMEOUT_MS", "500"),
    ("SERVE_REQUEST_TIMEOUT_MS", "1000"),
    ("SERVE_IDLE_TIMEOUT_MS", "500"),
];

#[test]
fn slow_headers_are_cut_off() {
    let app = App::start(&SHORT);
    let mut stream = app.connect();
    stream
        .write_all(b"POST / HTTP/1.1\r\nhost: 127.0.0.1\r\n")
        .expect("writes");
    // One more header line every step, never the blank line that ends them.
    steps_until_closed(&mut stream, b"x-slow: 1\r\n");
}

#[test]
fn slow_bodies_are_cut_off() {
    let app = App::start(&SHORT);
    let mut stream = app.connect();
    stream
        .write_all(
            b"POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
              content-length: 100000\r\n\r\n{",
        )
        .expect("writes");
    // One byte of the body every step: the app answers (401: no token) and the
    // connection, whose body was not read to its end, is closed.
    steps_until_closed(&mut stream, b" ");
}

#[test]
fn idle_connections_are_closed() {
    let app = App::start(&SHORT);
    // A connection that never sends a byte.
    let mut silent = app.connect();
    steps_until_closed(&mut silent, b"");
    // A keep-alive connection after its answer.
    let mut kept = app.connect();
    let answer = exchange(&mut kept, &post(false));
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    steps_until_closed(&mut kept, b"");
}

#[test]
fn beyond_the_connection_cap_requests_get_503_then_are_served_again() {
    // Long timeouts: the two connections that fill the cap stay open.
    let app = App::start(&[("SERVE_MAX_CONNECTIONS", "2")]);
    let first = app.connect();
    let mut second = app.connect();
    // The server has taken both (a request on one is answered).
    let answer = exchange(&mut second, &post(false));
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    let mut third = app.connect();
    let refused = exchange(&mut third, &post(false));
    assert!(
        refused.starts_with("HTTP/1.1 503 Service Unavailable"),
        "{refused}"
    );
    let refused_lower = refused.to_ascii_lowercase();
    assert!(refused_lower.contains("retry-after: 1"), "{refused}");
    assert!(refused.contains("connection cap"), "{refused}");
    assert!(closed(&mut third) || exchange(&mut third, "").is_empty());

    // A slot frees when a connection ends: a new request is served again.
    drop(first);
    let mut served = None;
    for _ in 0..STEPS {
        let mut stream = app.connect();
        let answer = exchange(&mut stream, &post(true));
        if answer.starts_with("HTTP/1.1 401") {
            served = Some(answer);
            break;
        }
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        std::thread::sleep(STEP);
    }
    assert!(served.is_some(), "no request was served after a slot freed");
}
