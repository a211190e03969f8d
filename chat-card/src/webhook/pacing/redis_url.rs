//! Where the shared pacing's Redis is: a URL parsed once that never prints its
//! credentials.

use std::fmt;

/// The form every error message shows as the fix.
const EXPECTED: &str = "expected redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] \
     (e.g. redis://127.0.0.1:6379) or redis+unix:///PATH/TO/redis.sock";

/// Why a Redis URL was refused. Its message never contains the URL or its password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid Redis URL: {problem}; {EXPECTED}")]
pub struct RedisUrlError {
    problem: String,
}

impl RedisUrlError {
    pub(crate) fn new(problem: impl Into<String>) -> Self {
        RedisUrlError {
            problem: problem.into(),
        }
    }
}

/// A Redis URL, checked and turned into a client configuration once.
///
/// `Display` shows the scheme, host and port (or the socket path) only; user name and
/// password never appear. There is no `Debug` of the client configuration (which holds
/// the password).
#[derive(Clone)]
pub(crate) struct RedisUrl {
    client: redis::Client,
    shown: String,
    secrets: Vec<String>,
}

impl RedisUrl {
    /// Parses `redis://`, `valkey://`, `redis+unix://`, `valkey+unix://` and `unix://`
    /// URLs. TLS (`rediss://`) is not built in.
    pub(crate) fn parse(text: &str) -> Result<Self, RedisUrlError> {
        let text = text.trim();
        if !text.contains("://") {
            return Err(RedisUrlError::new(
                "it has no scheme (write redis://HOST:PORT, not HOST:PORT)",
            ));
        }
        let url = url::Url::parse(text)
            .map_err(|e| RedisUrlError::new(format!("it is not a URL ({e})")))?;
        let secrets = secrets_of(&url);
        let shown = match url.scheme() {
            "redis" | "valkey" => {
                let host = match url.host() {
                    Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
                    Some(host) => host.to_string(),
                    None => return Err(RedisUrlError::new("it names no host")),
                };
                if host.is_empty() {
                    return Err(RedisUrlError::new("it names no host"));
                }
                format!("{}://{host}:{}", url.scheme(), url.port().unwrap_or(6379))
            }
            "redis+unix" | "valkey+unix" | "unix" => {
                if url.path().is_empty() || url.path() == "/" {
                    return Err(RedisUrlError::new("it names no socket path"));
                }
                format!("{}://{}", url.scheme(), url.path())
            }
            "rediss" | "valkeys" => {
                return Err(RedisUrlError::new(
                    "TLS (rediss://) is not built into chat-card; use redis:// to a Redis on a \
                     trusted network, or a local TLS tunnel",
                ));
            }
            other => {
                return Err(RedisUrlError::new(format!(
                    "the scheme `{other}` is not a Redis scheme"
                )));
            }
        };
        let client = redis::Client::open(url).map_err(|e| {
            RedisUrlError::new(format!(
                "the Redis client cannot use it ({})",
                scrub_with(&secrets, &e.to_string())
            ))
        })?;
        Ok(RedisUrl {
            client,
            shown,
            secrets,
        })
    }

    /// Whether it names a unix socket rather than a TCP address.
    pub(crate) fn is_unix(&self) -> bool {
        !self.shown.starts_with("redis://") && !self.shown.starts_with("valkey://")
    }

    /// The client configuration (holds the password: never print it).
    pub(crate) fn client(&self) -> &redis::Client {
        &self.client
    }

    /// `text` with the URL's password replaced by `<redacted>`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        scrub_with(&self.secrets, text)
    }
}

/// The password as written and as decoded, from the user info and from a `pass=` query
/// parameter (unix socket URLs).
fn secrets_of(url: &url::Url) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    if let Some(p) = url.password() {
        raw.push(p.to_owned());
    }
    raw.extend(
        url.query_pairs()
            .filter(|(k, _)| k == "pass" || k == "password")
            .map(|(_, v)| v.into_owned()),
    );
    let mut secrets = Vec::new();
    for secret in raw {
        let decoded = percent_decode(&secret);
        secrets.push(secret);
        secrets.push(decoded);
    }
    secrets.retain(|s| !s.is_empty());
    secrets.sort();
    secrets.dedup();
    // Longest first, so a secret that contains another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn scrub_with(secrets: &[String], text: &str) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), "<redacted>");
        }
    }
    out
}

impl fmt::Display for RedisUrl {
    /// Prints `redis://HOST:PORT` (or the socket path), without user or password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedisUrl(\"{}\")", self.shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_host_and_port_only() {
        let url = RedisUrl::parse("redis://user:s3cr%2Fet@cache.internal:6380/2").expect("valid");
        assert_eq!(url.to_string(), "redis://cache.internal:6380");
        assert_eq!(
            format!("{url:?}"),
            "RedisUrl(\"redis://cache.internal:6380\")"
        );
        assert_eq!(
            url.scrub("auth s3cr/et and s3cr%2Fet failed"),
            "auth <redacted> and <redacted> failed"
        );
        let url = RedisUrl::parse("redis://127.0.0.1").expect("valid");
        assert_eq!(url.to_string(), "redis://127.0.0.1:6379");
        let url = RedisUrl::parse("redis://[::1]:7000").expect("valid");
        assert_eq!(url.to_string(), "redis://[::1]:7000");
        let url = RedisUrl::parse("redis+unix:///run/redis.sock?pass=hunter2").expect("valid");
        assert_eq!(url.to_string(), "redis+unix:///run/redis.sock");
        assert_eq!(url.scrub("hunter2"), "<redacted>");
    }

    #[test]
    fn refusals_say_what_and_never_echo_the_password() {
        for (text, expect) in [
            ("cache.internal:6379", "no scheme"),
            ("redis://:pw@[::1", "not a URL"),
            ("http://:pw@host", "`http` is not a Redis scheme"),
            ("rediss://:pw@host", "TLS"),
            ("redis+unix://", "no socket path"),
            ("redis://:pw@host/notadb", "cannot use it"),
        ] {
            let e = RedisUrl::parse(text).expect_err(text).to_string();
            assert!(e.contains(expect), "{text}: {e}");
            assert!(e.contains("expected redis://"), "{e}");
            assert!(!e.contains(":pw"), "{e}");
        }
    }
}
