//! The settings of a running relay, as its parts read them.

use std::net::SocketAddr;
use std::time::Duration;

/// Settings every part of a running relay reads.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) upstream: url::Url,
    pub(crate) wait: Duration,
    pub(crate) max_queue: usize,
    pub(crate) interval: Duration,
    pub(crate) ops: OpsSettings,
    pub(crate) dead_max_age: Duration,
    pub(crate) dead_max_count: usize,
}

/// Where and for whom the operations endpoints are served.
#[derive(Clone, Debug, Default)]
pub(crate) struct OpsSettings {
    /// A separate address for `/metrics` and `/relay/dead`.
    pub(crate) listen: Option<SocketAddr>,
    /// The bearer token `/metrics` and `/relay/dead` need.
    pub(crate) token: Option<OpsToken>,
}

/// The operations token. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct OpsToken(pub(crate) String);

impl OpsToken {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for OpsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpsToken(<redacted>)")
    }
}
