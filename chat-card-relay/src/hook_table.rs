//! The routes of the config file as the relay serves them: each route with its space
//! and its rendering, and the table of them that a reload swaps whole.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

use crate::config::{RelayConfig, RouteConfig, SpaceConfig};
use crate::incoming::Credentials;
use crate::notify::NotifyRoute;

/// One route as served: its settings and its space.
#[derive(Debug)]
pub(crate) struct ActiveRoute {
    /// The route's name (the `{route}` of the path).
    pub(crate) name: String,
    pub(crate) config: RouteConfig,
    pub(crate) space: SpaceConfig,
    /// The route as the notification pipeline renders it.
    pub(crate) notify: Arc<NotifyRoute>,
}

impl ActiveRoute {
    /// The space ID, the webhook credentials (none for a Chat API space) and whether the
    /// space goes through the Chat API.
    pub(crate) fn target(&self) -> (String, Credentials, bool) {
        match &self.space {
            SpaceConfig::Webhook {
                space_id,
                key,
                token,
            } => (
                space_id.clone(),
                Credentials {
                    key: key.expose().to_owned(),
                    token: token.expose().to_owned(),
                },
                false,
            ),
            SpaceConfig::ChatApi { space_id } => (space_id.clone(), Credentials::none(), true),
        }
    }
}

/// The routes of one config.
#[derive(Debug, Default)]
pub(crate) struct Hooks {
    /// The config they came from (globals included, to tell what a reload cannot change).
    pub(crate) config: RelayConfig,
    pub(crate) routes: BTreeMap<String, Arc<ActiveRoute>>,
}

impl Hooks {
    /// The routes of `config`. Every route names a space of the config (checked when the
    /// config was read).
    pub(crate) fn new(config: RelayConfig) -> Hooks {
        let routes = config
            .routes
            .iter()
            .filter_map(|(name, route)| {
                let space = config.spaces.get(&route.space)?.clone();
                Some((
                    name.clone(),
                    Arc::new(ActiveRoute {
                        name: name.clone(),
                        config: route.clone(),
                        space,
                        notify: Arc::new(route.notify_route(name)),
                    }),
                ))
            })
            .collect();
        Hooks { config, routes }
    }
}

/// The routes being served, swapped whole on reload.
#[derive(Debug, Default)]
pub(crate) struct HookTable(RwLock<Arc<Hooks>>);

impl HookTable {
    pub(crate) fn new(hooks: Hooks) -> Self {
        HookTable(RwLock::new(Arc::new(hooks)))
    }

    /// The routes now.
    pub(crate) fn current(&self) -> Arc<Hooks> {
        Arc::clone(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `hooks` from now on; returns the ones served before.
    pub(crate) fn swap(&self, hooks: Hooks) -> Arc<Hooks> {
        let mut slot = self.0.write().unwrap_or_else(PoisonError::into_inner);
        std::mem::replace(&mut *slot, Arc::new(hooks))
    }
}
