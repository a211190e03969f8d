//! The queue's connection to one Redis server: the URL parsed once (shown without its
//! password, which is scrubbed from every error), a few connections reused, each opened
//! again after a failure.

use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::super::StoreError;

/// Where the queue lives. `Display` shows `redis://HOST:PORT` only.
#[derive(Clone)]
pub(crate) struct Target {
    client: redis::Client,
    shown: String,
    secrets: Vec<String>,
}

impl Target {
    /// Parses a `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]` or `redis+unix://` URL. The
    /// error never holds the URL.
    pub(crate) fn parse(text: &str) -> Result<Target, String> {
        let text = text.trim();
        let url = url::Url::parse(text).map_err(|e| {
            format!("not a URL ({e}); expected redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]")
        })?;
        let shown = match url.scheme() {
            "redis" | "valkey" => match url.host_str() {
                Some(host) if !host.is_empty() => {
                    format!("redis://{host}:{}", url.port().unwrap_or(6379))
                }
                _ => return Err("the Redis URL names no host".into()),
            },
            "redis+unix" | "valkey+unix" | "unix" => format!("{}://{}", url.scheme(), url.path()),
            other => {
                return Err(format!(
                    "the scheme `{other}` is not a Redis scheme (TLS is not built in); \
                     expected redis://HOST:PORT"
                ));
            }
        };
        let mut secrets: Vec<String> = url.password().map(str::to_owned).into_iter().collect();
        secrets.extend(
            url.query_pairs()
                .filter(|(k, _)| k == "pass" || k == "password")
                .map(|(_, v)| v.into_owned()),
        );
        let decoded: Vec<String> = secrets
            .iter()
            .map(|s| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            })
            .collect();
        secrets.extend(decoded);
        secrets.retain(|s| !s.is_empty());
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        let client = redis::Client::open(url);
        let scrub = |t: String| {
            secrets
                .iter()
                .fold(t, |t, s| t.replace(s.as_str(), "<redacted>"))
        };
        let client =
            client.map_err(|e| scrub(format!("the Redis client cannot use the URL ({e})")))?;
        Ok(Target {
            client,
            shown,
            secrets,
        })
    }

    /// `text` with the URL's password replaced by `<redacted>`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        self.secrets
            .iter()
            .fold(text.to_owned(), |t, s| t.replace(s.as_str(), "<redacted>"))
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Target({})", self.shown)
    }
}

/// How many connections one relay keeps: concurrent accepts then reach Redis together,
/// and one fsync of its append-only file covers them all.
const CONNECTIONS: usize = 8;

/// A connection idle this long is checked with `PING` before its next command: Redis may
/// have restarted meanwhile, and a command on a dead connection would fail (or, written
/// but unanswered, leave it unknown whether it ran).
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

/// An open connection of the pool.
struct Open {
    conn: redis::Connection,
    /// The pool's generation when it was opened: a connection failure anywhere retires
    /// every connection opened before it.
    generation: u64,
    used: Instant,
}

/// A few connections, each opened on first use and again after a failure.
pub(super) struct Link {
    target: Target,
    timeout: Duration,
    conns: Vec<Mutex<Option<Open>>>,
    next: AtomicUsize,
    generation: AtomicU64,
}

impl Link {
    pub(super) fn new(target: Target, timeout: Duration) -> Link {
        Link {
            target,
            timeout,
            conns: (0..CONNECTIONS).map(|_| Mutex::new(None)).collect(),
            next: AtomicUsize::new(0),
            generation: AtomicU64::new(0),
        }
    }

    /// A free connection's slot, or (all busy) the next one in turn.
    fn slot(&self) -> MutexGuard<'_, Option<Open>> {
        for conn in &self.conns {
            if let Ok(guard) = conn.try_lock() {
                return guard;
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len();
        self.conns[i].lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn target(&self) -> &Target {
        &self.target
    }

    /// A store error about this Redis (password scrubbed).
    pub(super) fn error(&self, problem: impl fmt::Display) -> StoreError {
        StoreError::new(
            self.target.to_string(),
            self.target.scrub(&problem.to_string()),
        )
    }

    fn open(&self) -> Result<Open, StoreError> {
        let generation = self.generation.load(Ordering::Acquire);
        let conn = self
            .target
            .client
            .get_connection_with_timeout(self.timeout)
            .and_then(|c| {
                c.set_read_timeout(Some(self.timeout))?;
                c.set_write_timeout(Some(self.timeout))?;
                Ok(c)
            })
            .map_err(|e| {
                self.error(format!(
                    "cannot connect ({e}); check the Redis URL and that Redis is running"
                ))
            })?;
        Ok(Open {
            conn,
            generation,
            used: Instant::now(),
        })
    }

    /// Whether an error means the connection is gone.
    fn broken(e: &redis::RedisError) -> bool {
        e.is_io_error() || e.is_connection_dropped() || e.is_timeout() || e.is_unrecoverable_error()
    }

    /// Runs `f` on a connection that is known to work: one of an older generation is
    /// replaced, and one idle for a while is checked first (`PING`, safe to repeat). A
    /// connection that fails is dropped, and so are all opened before the failure (the
    /// next calls open new ones).
    pub(super) fn with<T>(
        &self,
        f: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>,
    ) -> Result<T, StoreError> {
        let mut guard = self.slot();
        let current = self.generation.load(Ordering::Acquire);
        let stale = guard.as_mut().is_some_and(|o| {
            o.generation != current
                || (o.used.elapsed() >= CHECK_AFTER_IDLE
                    && redis::cmd("PING").query::<String>(&mut o.conn).is_err())
        });
        if stale {
            *guard = None;
        }
        if guard.is_none() {
            *guard = Some(self.open()?);
        }
        let Some(open) = guard.as_mut() else {
            return Err(self.error("no connection"));
        };
        open.used = Instant::now();
        match f(&mut open.conn) {
            Ok(v) => Ok(v),
            Err(e) => {
                if Self::broken(&e) {
                    *guard = None;
                    self.generation.fetch_add(1, Ordering::AcqRel);
                }
                Err(self.error(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        let t = Target::parse("redis://:s3cr%21t@127.0.0.1:6390/0").expect("url");
        assert_eq!(t.to_string(), "redis://127.0.0.1:6390");
        assert!(!format!("{t:?}").contains("s3cr"));
        assert_eq!(t.scrub("auth s3cr!t failed"), "auth <redacted> failed");
        assert!(Target::parse("rediss://h").is_err());
        assert!(Target::parse("127.0.0.1:6379").is_err());
    }
}
