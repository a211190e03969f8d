//! What a route says about the requests it takes: how their bodies are read
//! ([`RouteKind`]), which thread the messages go to ([`Threading`]), and the limits of one
//! notification ([`RouteOptions`]). The config file's `[routes.NAME]` tables and the
//! drop-in paths both end up here, and the notification pipeline reads nothing else.

use std::time::Duration;

/// How a route reads a request's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RouteKind {
    /// Alertmanager's webhook JSON (version 4), rendered by the route's template.
    Alertmanager,
    /// Any JSON document, rendered by the route's template.
    Json,
    /// A Chat message, taken as the drop-in webhook path takes it.
    Webhook,
}

impl RouteKind {
    /// The name the config file uses (`kind = "…"`).
    pub fn as_str(self) -> &'static str {
        match self {
            RouteKind::Alertmanager => "alertmanager",
            RouteKind::Json => "json",
            RouteKind::Webhook => "webhook",
        }
    }
}

/// Which thread the messages of a route go to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Threading {
    /// One thread per alert group (`groupKey`), for good.
    #[default]
    Group,
    /// One thread per alert (its fingerprint).
    Alert,
    /// One thread per alert group and day (in UTC).
    GroupDaily,
    /// No thread: every message starts its own.
    None,
}

impl Threading {
    /// The name the config file uses (`threading = "…"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Threading::Group => "group",
            Threading::Alert => "alert",
            Threading::GroupDaily => "group_daily",
            Threading::None => "none",
        }
    }
}

/// The default window in which the same notification is sent once: 5 minutes.
pub const DEFAULT_DEDUP_WINDOW: Duration = Duration::from_secs(300);

/// The default most alerts one message lists; the rest follow in the same thread.
pub const DEFAULT_MAX_ALERTS_PER_MESSAGE: usize = 20;

/// The limits and threading of one route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteOptions {
    /// Which thread the messages go to.
    pub threading: Threading,
    /// The most alerts one message lists (at least 1); the rest follow as more messages
    /// in the same thread, never dropped.
    pub max_alerts_per_message: usize,
    /// How long the same notification is remembered, so a duplicate (Alertmanager in
    /// HA sends one from each peer) is sent once; zero remembers nothing.
    pub dedup_window: Duration,
}

impl Default for RouteOptions {
    fn default() -> Self {
        RouteOptions {
            threading: Threading::default(),
            max_alerts_per_message: DEFAULT_MAX_ALERTS_PER_MESSAGE,
            dedup_window: DEFAULT_DEDUP_WINDOW,
        }
    }
}
