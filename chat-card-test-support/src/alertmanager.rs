//! A real Alertmanager (Debian package `prometheus-alertmanager`) on free loopback ports,
//! one per call, stopped when dropped. Clustering is off (`--cluster.listen-address=`), so
//! two of them with the same config both send every notification, as in a split brain.
//! Its storage lives in a fresh temporary folder. Without the program a test prints
//! SKIPPED and returns; under CI (`CI=true`) a missing program fails the test.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The names the program goes by (Debian's, then upstream's).
const PROGRAMS: [&str; 2] = ["prometheus-alertmanager", "alertmanager"];

/// A webhook receiver for [`config`]: where Alertmanager posts and with which bearer token.
#[derive(Clone, Debug)]
pub struct Receiver<'a> {
    /// The URL posted to (`http://127.0.0.1:PORT/hooks/ROUTE`).
    pub url: &'a str,
    /// The bearer token sent in `Authorization` (`http_config.authorization`).
    pub bearer_token: Option<&'a str>,
    /// `group_wait`, `group_interval` and `repeat_interval` (Alertmanager durations).
    pub group_wait: &'a str,
    /// See `group_wait`.
    pub group_interval: &'a str,
    /// See `group_wait`.
    pub repeat_interval: &'a str,
}

impl<'a> Receiver<'a> {
    /// A receiver with short timings for tests: group_wait 1s, group_interval 2s,
    /// repeat_interval 1h.
    pub fn new(url: &'a str, bearer_token: Option<&'a str>) -> Self {
        Receiver {
            url,
            bearer_token,
            group_wait: "1s",
            group_interval: "2s",
            repeat_interval: "1h",
        }
    }
}

/// An Alertmanager config (YAML) with one route, grouped by `alertname`, to one webhook
/// that also gets resolved notifications.
pub fn config(receiver: &Receiver<'_>) -> String {
    config_for(std::slice::from_ref(receiver))
}

/// An Alertmanager config (YAML) with one route, grouped by `alertname`, notifying every
/// webhook of `receivers` (each also gets resolved notifications); the timings are the
/// first receiver's. Panics on an empty list.
pub fn config_for(receivers: &[Receiver<'_>]) -> String {
    let first = receivers.first().expect("at least one receiver");
    let mut yaml = format!(
        "route:\n  receiver: relay\n  group_by: ['alertname']\n  group_wait: {}\n  group_interval: {}\n  repeat_interval: {}\nreceivers:\n  - name: relay\n    webhook_configs:\n",
        first.group_wait, first.group_interval, first.repeat_interval
    );
    for receiver in receivers {
        yaml.push_str(&format!(
            "      - url: \"{}\"\n        send_resolved: true\n",
            receiver.url
        ));
        if let Some(token) = receiver.bearer_token {
            yaml.push_str(&format!(
                "        http_config:\n          authorization:\n            type: Bearer\n            credentials: \"{token}\"\n"
            ));
        }
    }
    yaml
}

/// A running Alertmanager.
pub struct Alertmanager {
    child: Child,
    port: u16,
    dir: PathBuf,
    log: PathBuf,
}

fn program() -> Option<&'static str> {
    PROGRAMS.into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; the status code and body.
fn request(port: u16, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let status = answer.split(' ').nth(1)?.parse().ok()?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
}

impl Alertmanager {
    /// Starts Alertmanager with `config_yaml` on a free loopback port, clustering off;
    /// `None` (after printing SKIPPED) when the program is missing outside CI. Waits (at
    /// most 20 s) until it answers `/-/ready`.
    pub fn start(test: &str, config_yaml: &str) -> Option<Alertmanager> {
        let Some(program) = program() else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: Alertmanager is not installed (Debian package `prometheus-alertmanager`; \
                 .ci/run installs it)"
            );
            eprintln!(
                "SKIPPED {test}: Alertmanager is not installed (apt-get install prometheus-alertmanager)"
            );
            return None;
        };
        // A port found free may be taken before Alertmanager binds it: try a few.
        for attempt in 0..5 {
            let dir = std::env::temp_dir().join(format!(
                "chat-card-alertmanager-{}-{test}-{attempt}-{}",
                std::process::id(),
                free_port()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("data")).expect("alertmanager dir");
            let config = dir.join("alertmanager.yml");
            std::fs::write(&config, config_yaml).expect("alertmanager config");
            let log = dir.join("alertmanager.log");
            let port = free_port();
            let child = Command::new(program)
                .arg(format!("--config.file={}", config.display()))
                .arg(format!("--storage.path={}", dir.join("data").display()))
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .arg("--cluster.listen-address=")
                .arg("--log.level=debug")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).expect("alertmanager log"))
                .spawn()
                .expect("Alertmanager runs");
            let mut am = Alertmanager {
                child,
                port,
                dir,
                log,
            };
            if am.ready() {
                return Some(am);
            }
            am.stop();
        }
        panic!("{test}: Alertmanager did not start on a free loopback port (5 tries)");
    }

    fn ready(&mut self) -> bool {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            if request(self.port, "GET", "/-/ready", "").is_some_and(|(s, _)| s == 200) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Posts alerts (a JSON array, API v2) to `/api/v2/alerts`. An alert whose `endsAt`
    /// has passed is resolved: Alertmanager then sends the resolved notification.
    pub fn post_alerts(&self, alerts_json: &str) -> Result<(), String> {
        match request(self.port, "POST", "/api/v2/alerts", alerts_json) {
            Some((200, _)) => Ok(()),
            Some((status, body)) => Err(format!("Alertmanager answered {status}: {body}")),
            None => Err("Alertmanager did not answer".into()),
        }
    }

    /// What it logged so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Alertmanager {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An alert for [`Alertmanager::post_alerts`]: `labels` and `annotations` as JSON objects,
/// `ends_at` an RFC 3339 time (or `None` for firing until told otherwise).
pub fn alert(labels: &str, annotations: &str, ends_at: Option<&str>) -> String {
    match ends_at {
        Some(t) => {
            format!(r#"{{"labels": {labels}, "annotations": {annotations}, "endsAt": "{t}"}}"#)
        }
        None => format!(r#"{{"labels": {labels}, "annotations": {annotations}}}"#),
    }
}

/// The time `after` from now, in RFC 3339 (UTC, seconds): an `endsAt` that makes a
/// posted alert resolve a little later.
pub fn rfc3339_after(after: Duration) -> String {
    let secs = (std::time::SystemTime::now() + after)
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        let t = rfc3339_after(Duration::ZERO);
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'), "{t}");
        let later = rfc3339_after(Duration::from_secs(400 * 86_400));
        assert!(later > t, "{later} {t}");
    }

    #[test]
    fn configs_carry_the_bearer_token() {
        let yaml = config(&Receiver::new("http://127.0.0.1:1/hooks/a", Some("tok")));
        assert!(yaml.contains("credentials: \"tok\""), "{yaml}");
        assert!(yaml.contains("send_resolved: true"), "{yaml}");
    }
}
