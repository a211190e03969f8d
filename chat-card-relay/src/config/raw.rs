//! The config file as TOML gives it: every key with its place in the file, unknown keys
//! refused. [`super::resolve`] checks the values and turns them into a
//! [`RelayConfig`](super::RelayConfig).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A string value with its place.
pub(crate) type Text = Spanned<String>;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub(crate) listen: Option<Text>,
    pub(crate) state: Option<Text>,
    pub(crate) upstream: Option<Text>,
    pub(crate) wait: Option<Text>,
    pub(crate) max_queue: Option<Spanned<i64>>,
    pub(crate) per_space_interval: Option<Text>,
    pub(crate) ops_listen: Option<Text>,
    pub(crate) ops_token_env: Option<Text>,
    pub(crate) ops_token_file: Option<Text>,
    pub(crate) dead_letter_max_age: Option<Text>,
    pub(crate) dead_letter_max_count: Option<Spanned<i64>>,
    pub(crate) credentials: Option<Text>,
    pub(crate) api_base: Option<Text>,
    pub(crate) queue: Option<Text>,
    pub(crate) queue_durability: Option<Text>,
    pub(crate) queue_replicas: Option<Spanned<i64>>,
    pub(crate) queue_lease: Option<Text>,
    pub(crate) redis_url_env: Option<Text>,
    pub(crate) redis_url_file: Option<Text>,
    pub(crate) redis_cluster: Option<Spanned<bool>>,
    pub(crate) header_read_timeout: Option<Text>,
    pub(crate) body_read_timeout: Option<Text>,
    pub(crate) request_timeout: Option<Text>,
    pub(crate) idle_timeout: Option<Text>,
    pub(crate) max_connections: Option<Spanned<i64>>,
    pub(crate) log_json: Option<Spanned<bool>>,
    #[serde(default)]
    pub(crate) spaces: BTreeMap<Text, RawSpace>,
    #[serde(default)]
    pub(crate) routes: BTreeMap<Text, RawRoute>,
}

/// `[spaces.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpace {
    pub(crate) webhook_url_env: Option<Text>,
    pub(crate) webhook_url_file: Option<Text>,
    pub(crate) webhook_url: Option<Text>,
    pub(crate) space: Option<Text>,
}

/// `[routes.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRoute {
    pub(crate) kind: Option<Text>,
    pub(crate) space: Option<Text>,
    pub(crate) template: Option<Text>,
    pub(crate) threading: Option<Text>,
    pub(crate) max_alerts_per_message: Option<Spanned<i64>>,
    pub(crate) dedup_window: Option<Text>,
    pub(crate) inbound_auth: Option<Text>,
    pub(crate) inbound_token_env: Option<Text>,
    pub(crate) inbound_token_file: Option<Text>,
    pub(crate) inbound_user: Option<Text>,
    pub(crate) inbound_password_env: Option<Text>,
    pub(crate) inbound_password_file: Option<Text>,
    pub(crate) inbound_secret_env: Option<Text>,
    pub(crate) inbound_secret_file: Option<Text>,
}
