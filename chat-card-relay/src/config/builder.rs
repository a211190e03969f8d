//! A relay from a config file: the builder takes the file's settings and routes, and a
//! running relay takes a new config on reload (routes, spaces and templates swap at once;
//! what needs a restart is said in the log).

use std::path::PathBuf;

use super::{ConfigError, InboundAuth, RelayConfig, SpaceConfig};
use crate::hook_table::Hooks;
use crate::{Relay, RelayBuilder};

impl RelayBuilder {
    /// Takes the settings the config gives (`listen`, `upstream`, `wait`, `max_queue`,
    /// `per_space_interval`, `ops_listen`, `ops_token`, `dead_letter_max_age`,
    /// `dead_letter_max_count`, and the listeners' `header_read_timeout`,
    /// `body_read_timeout`, `request_timeout`, `idle_timeout` and `max_connections`, each
    /// over the [`serve_limits`](Self::serve_limits) given before) and serves its routes
    /// at `POST /hooks/{route}`. Settings the config leaves out keep the builder's. The
    /// state directory is [`Relay::builder`]'s; a Chat app's key
    /// ([`RelayBuilder::chat_api`]) is given apart, and [`start`](Self::start) refuses
    /// Chat API spaces without one.
    pub fn config(mut self, config: RelayConfig) -> Self {
        if let Some(a) = config.listen {
            self = self.listen(a);
        }
        if let Some(u) = &config.upstream {
            self = self.upstream(u.clone());
        }
        if let Some(w) = config.wait {
            self = self.wait(w);
        }
        if let Some(m) = config.max_queue {
            self = self.max_queue(m);
        }
        if let Some(i) = config.per_space_interval {
            self = self.per_space_interval(i);
        }
        if let Some(a) = config.ops_listen {
            self = self.ops_listen(a);
        }
        if let Some(t) = &config.ops_token {
            self = self.ops_token(t.expose());
        }
        if let Some(age) = config.dead_letter_max_age {
            self = self.dead_letter_max_age(age);
        }
        if let Some(n) = config.dead_letter_max_count {
            self = self.dead_letter_max_count(n);
        }
        let limits = &mut self.limits;
        set(&mut limits.header_read_timeout, config.header_read_timeout);
        set(&mut limits.body_read_timeout, config.body_read_timeout);
        set(&mut limits.request_timeout, config.request_timeout);
        set(&mut limits.idle_timeout, config.idle_timeout);
        set(&mut limits.max_connections, config.max_connections);
        self.config = Some(config);
        self
    }

    /// The routes to serve: the config's, checked against the address and the Chat app.
    pub(crate) fn hooks(&mut self) -> Result<Hooks, ConfigError> {
        let config = self.config.take().unwrap_or_default();
        check(&config, self.listen, self.chat_api.is_some())?;
        warn(&config);
        Ok(Hooks::new(config))
    }
}

/// Puts `value` in `slot` when there is one.
fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// What a config must hold for the relay that serves it: no open route on a public
/// address, and a Chat app's key for Chat API spaces.
fn check(
    config: &RelayConfig,
    listen: std::net::SocketAddr,
    chat_app: bool,
) -> Result<(), ConfigError> {
    config.check_exposure(listen)?;
    if chat_app {
        return Ok(());
    }
    let file = config.file.clone().unwrap_or_default();
    let problems: Vec<_> = config
        .spaces
        .iter()
        .filter(|(_, s)| matches!(s, SpaceConfig::ChatApi { .. }))
        .map(|(name, _)| super::Problem {
            file: file.clone(),
            location: None,
            key: format!("spaces.{name}.space"),
            message: "a Chat API space needs the relay's Chat app: give `credentials = \
                      \"KEY.json\"` (or --credentials), or use the space's webhook URL"
                .into(),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ConfigError { problems })
    }
}

/// Logs the config's warnings, and each route open to anyone without saying so (allowed
/// on loopback only).
fn warn(config: &RelayConfig) {
    for w in &config.warnings {
        tracing::warn!(warning = %w, "relay: config");
    }
    for (name, route) in &config.routes {
        if route.auth == (InboundAuth::None { explicit: false }) {
            tracing::warn!(
                route = %name,
                "relay: this route takes posts without authentication (served on loopback \
                 only); add `inbound_token_env`, or write `inbound_auth = \"none\"` to say it \
                 is meant"
            );
        }
    }
}

/// The global keys a running relay keeps until it restarts.
fn needs_restart(old: &RelayConfig, new: &RelayConfig) -> Vec<&'static str> {
    let mut changed = Vec::new();
    macro_rules! compare {
        ($($field:ident),*) => {
            $(if old.$field != new.$field { changed.push(stringify!($field)); })*
        };
    }
    compare!(
        listen,
        state,
        upstream,
        wait,
        max_queue,
        per_space_interval,
        ops_listen,
        ops_token,
        dead_letter_max_age,
        dead_letter_max_count,
        credentials,
        api_base,
        queue,
        queue_durability,
        queue_replicas,
        queue_lease,
        redis_url,
        redis_cluster,
        header_read_timeout,
        body_read_timeout,
        request_timeout,
        idle_timeout,
        max_connections,
        log_json
    );
    changed
}

/// What a reload changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reloaded {
    /// The routes served now.
    pub routes: Vec<String>,
    /// Global keys whose new value waits for a restart (`listen`, `state`, …): the
    /// running relay keeps the old one.
    pub needs_restart: Vec<&'static str>,
    /// The config file, when there is one.
    pub file: Option<PathBuf>,
}

impl Relay {
    /// Serves a new config's routes, spaces and templates from now on, swapped at once:
    /// a request is handled by the old config or the new one, never a mix. An invalid
    /// config ([`ConfigError`]) is refused and the old one stays. Global settings
    /// (`listen`, `state`, `wait`, …) keep their running values until a restart: the
    /// answer lists those that changed, and the log says so.
    pub fn reload(&self, config: RelayConfig) -> Result<Reloaded, ConfigError> {
        let chat_app = self.shared.has_chat_api();
        check(&config, self.addr, chat_app)?;
        let old = self.shared.hooks.current();
        let changed = needs_restart(&old.config, &config);
        let file = config.file.clone();
        warn(&config);
        for key in &changed {
            tracing::warn!(
                key,
                "relay: `{key}` changed in the config file; it takes effect when the relay \
                 restarts (the running relay keeps the old value)"
            );
        }
        let hooks = Hooks::new(config);
        let routes: Vec<String> = hooks.routes.keys().cloned().collect();
        self.shared.hooks.swap(hooks);
        tracing::info!(routes = ?routes, "relay: config reloaded");
        Ok(Reloaded {
            routes,
            needs_restart: changed,
            file,
        })
    }

    /// The names of the routes served now (`POST /hooks/{route}`).
    pub fn routes(&self) -> Vec<String> {
        self.shared.hooks.current().routes.keys().cloned().collect()
    }
}
