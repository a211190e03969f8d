//! The relay's config file (TOML): the relay's settings, named spaces, and routes
//! (`POST /hooks/{route}`) with their inbound authentication, template, threading and
//! limits.
//!
//! ```toml
//! listen = "127.0.0.1:8080"
//! state = "/var/lib/chat-card-relay"
//!
//! [spaces.ops]
//! webhook_url_env = "OPS_WEBHOOK_URL"
//!
//! [routes.alerts]
//! kind = "alertmanager"
//! space = "ops"
//! template = "templates/alert.j2"   # relative to this file
//! threading = "group"
//! max_alerts_per_message = 10
//! dedup_window = "5m"
//! inbound_token_env = "ALERTS_TOKEN"
//! ```
//!
//! Unknown keys are refused, with the nearest known key. Every problem names the file,
//! line, column and key, and says how to fix it ([`ConfigError`]). Secrets (webhook URLs,
//! inbound tokens and secrets, the Redis URL, the operations token) come from an
//! environment variable (`…_env`) or a file (`…_file`, relative to the config file) and
//! are held as [`Secret`]s, which never print.

mod builder;
mod error;
mod inbound;
mod raw;
mod resolve;
mod secret;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use builder::Reloaded;
pub use error::{ConfigError, Location, Problem};
pub use secret::Secret;

use crate::notify::NotifyRoute;
use crate::route::{RouteKind, RouteOptions};
use crate::template::Template;

/// A parsed and checked config file. Every global key is optional: it is the default of
/// the flag of the same name, and a flag given on the command line wins (the tool
/// overlays its flags on this before starting the relay).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct RelayConfig {
    /// The file read, when there was one.
    pub file: Option<PathBuf>,
    /// `listen`: the address to listen on.
    pub listen: Option<SocketAddr>,
    /// `state`: the queue's directory (relative to the config file).
    pub state: Option<PathBuf>,
    /// `upstream`: where messages go.
    pub upstream: Option<String>,
    /// `wait`: how long a request waits for Chat's answer (`"10s"`).
    pub wait: Option<Duration>,
    /// `max_queue`: how many messages may wait before new posts get 429.
    pub max_queue: Option<usize>,
    /// `per_space_interval`: the least time between two requests to one space (`"1s"`).
    pub per_space_interval: Option<Duration>,
    /// `ops_listen`: a separate address for `/metrics` and `/relay/dead`.
    pub ops_listen: Option<SocketAddr>,
    /// `ops_token_env` / `ops_token_file`: the token those endpoints need.
    pub ops_token: Option<Secret>,
    /// `dead_letter_max_age`: how long dead letters are kept (`"30d"`).
    pub dead_letter_max_age: Option<Duration>,
    /// `dead_letter_max_count`: how many dead letters are kept.
    pub dead_letter_max_count: Option<usize>,
    /// `credentials`: a Chat app's service-account key file (relative to the config file),
    /// for Chat API spaces and Alertmanager cards updated in place.
    pub credentials: Option<PathBuf>,
    /// `api_base`: the Chat API endpoint for `credentials`.
    pub api_base: Option<String>,
    /// `queue`: the queue backend (`"sqlite"`, the default, or `"redis"`), as the
    /// `--queue` flag takes it.
    pub queue: Option<String>,
    /// `queue_durability`: what an accepted message's answer waits for with the Redis
    /// queue (`"always"`, `"everysec"` or `"none"`), as the `--queue-durability` flag takes
    /// it.
    pub queue_durability: Option<String>,
    /// `queue_replicas`: how many Redis replicas must also hold each accepted message
    /// (`--queue-replicas`).
    pub queue_replicas: Option<u32>,
    /// `queue_lease`: how long a space stays with a relay that stopped renewing it
    /// (`--queue-lease`, `"15s"`).
    pub queue_lease: Option<Duration>,
    /// `redis_url_env` / `redis_url_file`: the Redis URL (shared pacing, the Redis queue).
    pub redis_url: Option<Secret>,
    /// `redis_cluster`: the Redis URL names the nodes of a Redis Cluster.
    pub redis_cluster: Option<bool>,
    /// `header_read_timeout`: how long a client has to send a request's line and headers
    /// (`--header-read-timeout`, `"10s"`; more than 0, at most 1h).
    pub header_read_timeout: Option<Duration>,
    /// `body_read_timeout`: how long a request body may stall between two chunks
    /// (`--body-read-timeout`, `"10s"`).
    pub body_read_timeout: Option<Duration>,
    /// `request_timeout`: how long a request may take in all (`--request-timeout`,
    /// `"30s"`; raised to `wait` plus 5 s when shorter).
    pub request_timeout: Option<Duration>,
    /// `idle_timeout`: how long a connection may stay open with nothing moving
    /// (`--idle-timeout`, `"30s"`).
    pub idle_timeout: Option<Duration>,
    /// `max_connections`: connections served at once by each listener
    /// (`--max-connections`).
    pub max_connections: Option<usize>,
    /// `log_json`: the tool writes its logs as JSON lines (`--log-json`). The library
    /// keeps it for the tool: it sets up no logging itself.
    pub log_json: Option<bool>,
    /// `[spaces.NAME]`.
    pub spaces: BTreeMap<String, SpaceConfig>,
    /// `[routes.NAME]`.
    pub routes: BTreeMap<String, RouteConfig>,
    /// What the file holds that works but deserves a look (an inline secret, for one).
    pub warnings: Vec<Problem>,
}

/// `[spaces.NAME]`: where a route's messages go.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpaceConfig {
    /// An incoming webhook (`webhook_url_env`, `webhook_url_file` or `webhook_url`).
    Webhook {
        /// The space ID of the URL (not a secret).
        space_id: String,
        /// The webhook's `key`.
        key: Secret,
        /// The webhook's `token`.
        token: Secret,
    },
    /// A space the relay's Chat app posts to through the Chat API (`space =
    /// "spaces/AAA"`, with the relay's `credentials`).
    ChatApi {
        /// The space ID (`AAA`).
        space_id: String,
    },
}

impl SpaceConfig {
    /// The space ID (`AAA` of `spaces/AAA`). Not a secret.
    pub fn space_id(&self) -> &str {
        match self {
            SpaceConfig::Webhook { space_id, .. } | SpaceConfig::ChatApi { space_id } => space_id,
        }
    }
}

/// How a route checks who posts to it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InboundAuth {
    /// No check. `explicit` when the file says `inbound_auth = "none"`: only then may the
    /// route be served on an address other than loopback.
    None {
        /// Whether the file says `inbound_auth = "none"`.
        explicit: bool,
    },
    /// `Authorization: Bearer TOKEN` (`inbound_token_env` / `inbound_token_file`), as
    /// Alertmanager's `http_config.authorization` and Grafana send it.
    Bearer(Secret),
    /// `Authorization: Basic …` (`inbound_auth = "basic"`, `inbound_user`,
    /// `inbound_password_env` / `inbound_password_file`).
    Basic {
        /// The user name (not a secret).
        user: String,
        /// The password.
        password: Secret,
    },
    /// GitHub's `X-Hub-Signature-256`: HMAC-SHA256 of the raw body with the secret
    /// (`inbound_auth = "github"`, `inbound_secret_env` / `inbound_secret_file`).
    GitHub(Secret),
    /// GitLab's `X-Gitlab-Token` (`inbound_auth = "gitlab"`, `inbound_token_env` /
    /// `inbound_token_file`).
    GitLab(Secret),
}

impl InboundAuth {
    /// The name the config file uses.
    pub fn as_str(&self) -> &'static str {
        match self {
            InboundAuth::None { .. } => "none",
            InboundAuth::Bearer(_) => "bearer",
            InboundAuth::Basic { .. } => "basic",
            InboundAuth::GitHub(_) => "github",
            InboundAuth::GitLab(_) => "gitlab",
        }
    }
}

/// A route's template file, read and compiled when the config was loaded.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    /// The path (resolved against the config file's folder).
    pub path: PathBuf,
    /// The compiled template (its source is [`Template::source`]).
    pub template: Template,
}

impl PartialEq for TemplateFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.template.source() == other.template.source()
    }
}

impl Eq for TemplateFile {}

/// `[routes.NAME]`: what `POST /hooks/NAME` takes and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteConfig {
    /// How the body is read.
    pub kind: RouteKind,
    /// The name of the space (a key of [`RelayConfig::spaces`]).
    pub space: String,
    /// The template, or `None` for the built-in layout.
    pub template: Option<TemplateFile>,
    /// Threading, splitting and de-duplication.
    pub options: RouteOptions,
    /// The inbound check.
    pub auth: InboundAuth,
    /// Where the route's table starts in the file.
    pub declared_at: Option<Location>,
}

impl RouteConfig {
    /// The route as the notification pipeline renders it: its template (or the built-in
    /// layout) and options.
    pub fn notify_route(&self, name: &str) -> NotifyRoute {
        let mut route = NotifyRoute::new(name, self.kind);
        if let Some(t) = &self.template {
            route.template = Some(t.template.clone());
        }
        route.options = self.options.clone();
        route
    }
}

impl RelayConfig {
    /// Reads and checks the config file at `path`: secrets from their environment
    /// variables and files, templates read (relative paths from the file's folder).
    pub fn load(path: impl AsRef<Path>) -> Result<RelayConfig, ConfigError> {
        let path = path.as_ref();
        let text = read(path)?;
        Self::parse(path, &text)
    }

    /// Checks config text as if read from `path` (which names it in errors and anchors
    /// relative paths).
    pub fn parse(path: impl AsRef<Path>, text: &str) -> Result<RelayConfig, ConfigError> {
        resolve::resolve(path.as_ref(), text, true)
    }

    /// Reads and checks the config file at `path` without reading its secrets (no
    /// environment variable or secret file needs to exist): for rendering a route's
    /// messages, which needs the routes and templates only. The spaces and inbound
    /// checks of the result hold empty values: never serve it.
    pub fn load_without_secrets(path: impl AsRef<Path>) -> Result<RelayConfig, ConfigError> {
        let path = path.as_ref();
        let text = read(path)?;
        Self::parse_without_secrets(path, &text)
    }

    /// [`parse`](Self::parse) without reading the secrets, as
    /// [`load_without_secrets`](Self::load_without_secrets) does.
    pub fn parse_without_secrets(
        path: impl AsRef<Path>,
        text: &str,
    ) -> Result<RelayConfig, ConfigError> {
        resolve::resolve(path.as_ref(), text, false)
    }

    /// Refuses routes that take posts without authentication on an address other than
    /// loopback, unless their table says `inbound_auth = "none"`.
    pub fn check_exposure(&self, listen: SocketAddr) -> Result<(), ConfigError> {
        if listen.ip().is_loopback() {
            return Ok(());
        }
        let file = self.file.clone().unwrap_or_default();
        let problems: Vec<Problem> = self
            .routes
            .iter()
            .filter(|(_, r)| r.auth == InboundAuth::None { explicit: false })
            .map(|(name, r)| Problem {
                file: file.clone(),
                location: r.declared_at,
                key: format!("routes.{name}"),
                message: format!(
                    "this route takes posts without authentication and the relay listens on \
                     {listen}, which is not a loopback address; add `inbound_token_env` (or \
                     another inbound check), or write `inbound_auth = \"none\"` to serve it \
                     open on purpose"
                ),
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError { problems })
        }
    }
}

/// The text of the config file at `path`; the error says it could not be read.
fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|e| {
        ConfigError::whole_file(
            path,
            format!("cannot read the config file ({e}); check the path given to --config"),
        )
    })
}

#[cfg(test)]
mod tests;
