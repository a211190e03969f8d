//! What "accepted" means on Redis: the server's version and persistence are read at
//! start, the guarantee that holds is logged, and each accepted message is confirmed as
//! that guarantee requires before the relay answers.
//!
//! - Redis 7.2 and later: `WAITAOF 1 N` after each write (the local append-only file
//!   synced, and `N` replicas' too).
//! - Redis 7.0 (Debian's): no `WAITAOF`; `appendfsync always` syncs each write before
//!   its reply, and `WAIT N` covers replicas.
//! - Without persistence, `--queue-durability none` is needed: a Redis restart loses
//!   everything queued.

use std::fmt;
use std::time::Duration;

/// How durable an accepted message must be before the relay answers its request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueueDurability {
    /// Synced to Redis's append-only file before the answer (`WAITAOF` on Redis 7.2+,
    /// `appendfsync always` before): a Redis crash loses nothing accepted.
    #[default]
    Always,
    /// Written to Redis's append-only file, synced within a second (`appendfsync
    /// everysec`): a Redis crash may lose the last second of accepted messages.
    Everysec,
    /// No persistence needed: a Redis restart loses every queued message.
    None,
}

impl QueueDurability {
    /// Reads `always`, `everysec` or `none`.
    pub fn parse(text: &str) -> Option<QueueDurability> {
        match text.trim() {
            "always" => Some(QueueDurability::Always),
            "everysec" => Some(QueueDurability::Everysec),
            "none" => Some(QueueDurability::None),
            _ => None,
        }
    }
}

impl fmt::Display for QueueDurability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QueueDurability::Always => "always",
            QueueDurability::Everysec => "everysec",
            QueueDurability::None => "none",
        })
    }
}

/// What the server said about itself at start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct ServerFacts {
    /// `(major, minor)`.
    pub(super) version: (u32, u32),
    /// `aof_enabled` of `INFO persistence`.
    pub(super) aof: bool,
    /// `CONFIG GET appendfsync`, when `CONFIG` may be used.
    pub(super) appendfsync: Option<String>,
    /// Whether RDB snapshots are configured (`CONFIG GET save` not empty).
    pub(super) snapshots: Option<bool>,
}

impl ServerFacts {
    /// Whether the server has `WAITAOF` (7.2+).
    pub(super) fn has_waitaof(&self) -> bool {
        self.version >= (7, 2)
    }
}

/// How each accepted message is confirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Confirm {
    /// Nothing beyond the write's reply.
    Reply,
    /// `WAITAOF 1 replicas timeout`.
    WaitAof { replicas: u32 },
    /// `WAIT replicas timeout`.
    Wait { replicas: u32 },
}

/// Reads `redis_version:7.0.15` and `aof_enabled:1` from `INFO` text.
pub(super) fn parse_info(info: &str) -> ((u32, u32), Option<bool>) {
    let mut version = (0, 0);
    let mut aof = None;
    for line in info.lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("redis_version:") {
            let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
            version = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        } else if let Some(v) = line.strip_prefix("aof_enabled:") {
            aof = Some(v == "1");
        }
    }
    (version, aof)
}

/// Decides how accepted messages are confirmed, or why the relay must not start; the
/// text is the guarantee to log.
pub(super) fn decide(
    facts: &ServerFacts,
    wanted: QueueDurability,
    replicas: u32,
) -> Result<(Confirm, String), String> {
    let v = format!("Redis {}.{}", facts.version.0, facts.version.1);
    let replicated = |c: Confirm, text: String| {
        if replicas > 0 {
            (
                c,
                format!("{text}, and on {replicas} replica(s) before it is acknowledged"),
            )
        } else {
            (c, format!("{text} before it is acknowledged"))
        }
    };
    if wanted == QueueDurability::None {
        let confirm = if replicas > 0 {
            Confirm::Wait { replicas }
        } else {
            Confirm::Reply
        };
        return Ok(replicated(
            confirm,
            format!("{v}, --queue-durability none: each message is in Redis's memory"),
        ));
    }
    if !facts.aof {
        let snapshots = match facts.snapshots {
            Some(true) => " (RDB snapshots alone lose what came after the last one)",
            _ => "",
        };
        return Err(format!(
            "{v} has no append-only file{snapshots}: a Redis restart would lose accepted \
             messages. Enable it (`appendonly yes`, `appendfsync always`), or start the relay \
             with --queue-durability none to accept that loss"
        ));
    }
    if facts.has_waitaof() && wanted == QueueDurability::Always {
        return Ok(replicated(
            Confirm::WaitAof { replicas },
            format!("{v}: WAITAOF confirms each message synced to the append-only file"),
        ));
    }
    let wait = if replicas > 0 {
        Confirm::Wait { replicas }
    } else {
        Confirm::Reply
    };
    match (facts.appendfsync.as_deref(), wanted) {
        (Some("always"), _) => Ok(replicated(
            wait,
            format!("{v}, appendfsync always: each message is synced to the append-only file"),
        )),
        (Some(other), QueueDurability::Everysec) => Ok(replicated(
            wait,
            format!(
                "{v}, appendfsync {other}, --queue-durability everysec: each message is in the \
                 append-only file, synced within about a second (a Redis crash may lose that \
                 second)"
            ),
        )),
        (None, QueueDurability::Everysec) => Ok(replicated(
            wait,
            format!(
                "{v} with an append-only file (its appendfsync cannot be read: CONFIG is \
                 disabled or renamed), --queue-durability everysec"
            ),
        )),
        (Some(other), _) => Err(format!(
            "{v} syncs its append-only file `appendfsync {other}`, and has no WAITAOF (Redis \
             7.2+): a Redis crash could lose acknowledged messages. Set `appendfsync always`, \
             or start the relay with --queue-durability everysec to accept about a second of \
             loss"
        )),
        (None, _) => Err(format!(
            "{v} has an append-only file, but its appendfsync setting cannot be read (CONFIG \
             is disabled or renamed) and it has no WAITAOF (Redis 7.2+) to confirm each write. \
             Allow CONFIG GET for the relay's user, or start the relay with \
             --queue-durability everysec"
        )),
    }
}

/// How long a write may wait for its confirmation.
pub(super) const CONFIRM_TIMEOUT: Duration = Duration::from_secs(2);

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(version: (u32, u32), aof: bool, fsync: Option<&str>) -> ServerFacts {
        ServerFacts {
            version,
            aof,
            appendfsync: fsync.map(str::to_owned),
            snapshots: Some(false),
        }
    }

    #[test]
    fn the_guarantee_follows_the_server() {
        let always = QueueDurability::Always;
        assert_eq!(
            decide(&facts((7, 0), true, Some("always")), always, 0)
                .expect("ok")
                .0,
            Confirm::Reply
        );
        assert_eq!(
            decide(&facts((7, 0), true, Some("always")), always, 2)
                .expect("ok")
                .0,
            Confirm::Wait { replicas: 2 }
        );
        assert_eq!(
            decide(&facts((7, 2), true, Some("everysec")), always, 1)
                .expect("ok")
                .0,
            Confirm::WaitAof { replicas: 1 }
        );
        let e = decide(&facts((7, 0), true, Some("everysec")), always, 0).expect_err("refused");
        assert!(e.contains("appendfsync always"), "{e}");
        let e = decide(&facts((7, 0), false, None), always, 0).expect_err("refused");
        assert!(e.contains("--queue-durability none"), "{e}");
        let e = decide(&facts((7, 0), true, None), always, 0).expect_err("refused");
        assert!(e.contains("CONFIG"), "{e}");
        assert!(decide(&facts((7, 0), false, None), QueueDurability::None, 0).is_ok());
        assert!(decide(&facts((7, 0), true, None), QueueDurability::Everysec, 0).is_ok());
    }

    #[test]
    fn info_is_read() {
        let (v, aof) = parse_info("# Server\r\nredis_version:7.0.15\r\naof_enabled:1\r\n");
        assert_eq!(v, (7, 0));
        assert_eq!(aof, Some(true));
        assert_eq!(
            QueueDurability::parse("everysec"),
            Some(QueueDurability::Everysec)
        );
        assert_eq!(QueueDurability::parse("sometimes"), None);
    }
}
