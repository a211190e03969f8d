//! Checks the values of a parsed config file and turns them into a [`RelayConfig`]:
//! durations, addresses, names, secrets, templates, and each route's inbound check.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use toml::Spanned;

use super::error::{ConfigError, Location, Report, from_toml, one_of, suggest};
use super::raw::{RawFile, RawRoute, RawSpace, Text};
use super::secret::Sources;
use super::{RelayConfig, RouteConfig, SpaceConfig, TemplateFile};
use crate::route::{RouteKind, RouteOptions, Threading};
use crate::template::Template;

/// Parses and checks `text`, the content of `file`.
pub(crate) fn resolve(
    file: &Path,
    text: &str,
    read_secrets: bool,
) -> Result<RelayConfig, ConfigError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| ConfigError {
        problems: vec![from_toml(file, text, &e)],
    })?;
    // `relay.toml` alone has the empty parent: paths stay relative to the current folder.
    let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut report = Report::new(file, text);
    report.read_secrets = read_secrets;
    let r = &mut report;
    let mut config = RelayConfig {
        file: Some(file.to_owned()),
        listen: raw.listen.as_ref().and_then(|t| address(t, "listen", r)),
        state: raw.state.as_ref().map(|t| base.join(t.get_ref())),
        upstream: raw.upstream.as_ref().map(|t| t.get_ref().clone()),
        wait: raw.wait.as_ref().and_then(|t| duration(t, "wait", r)),
        max_queue: raw
            .max_queue
            .as_ref()
            .and_then(|n| count(n, "max_queue", r)),
        per_space_interval: raw
            .per_space_interval
            .as_ref()
            .and_then(|t| duration(t, "per_space_interval", r)),
        ops_listen: raw
            .ops_listen
            .as_ref()
            .and_then(|t| address(t, "ops_listen", r)),
        ops_token: Sources {
            key: "ops_token".into(),
            env: raw.ops_token_env.as_ref(),
            file: raw.ops_token_file.as_ref(),
            inline: None,
        }
        .read(&base, r),
        dead_letter_max_age: raw
            .dead_letter_max_age
            .as_ref()
            .and_then(|t| duration(t, "dead_letter_max_age", r)),
        dead_letter_max_count: raw
            .dead_letter_max_count
            .as_ref()
            .and_then(|n| count(n, "dead_letter_max_count", r)),
        credentials: raw.credentials.as_ref().map(|t| base.join(t.get_ref())),
        api_base: raw.api_base.as_ref().map(|t| t.get_ref().clone()),
        queue: raw
            .queue
            .as_ref()
            .and_then(|t| one_of(t, "queue", &["sqlite", "redis"], r).map(|_| t.get_ref().clone())),
        queue_durability: raw.queue_durability.as_ref().and_then(|t| {
            one_of(t, "queue_durability", &["always", "everysec", "none"], r)
                .map(|_| t.get_ref().clone())
        }),
        queue_replicas: raw.queue_replicas.as_ref().and_then(|n| {
            match u32::try_from(*n.get_ref()) {
                Ok(v) => Some(v),
                Err(_) => {
                    r.error(
                        Some(n.span()),
                        "queue_replicas",
                        format!("must be a whole number of at least 0, got {}", n.get_ref()),
                    );
                    None
                }
            }
        }),
        queue_lease: raw
            .queue_lease
            .as_ref()
            .and_then(|t| duration(t, "queue_lease", r)),
        redis_url: Sources {
            key: "redis_url".into(),
            env: raw.redis_url_env.as_ref(),
            file: raw.redis_url_file.as_ref(),
            inline: None,
        }
        .read(&base, r),
        redis_cluster: raw.redis_cluster.as_ref().map(|b| *b.get_ref()),
        header_read_timeout: raw
            .header_read_timeout
            .as_ref()
            .and_then(|t| timeout(t, "header_read_timeout", r)),
        body_read_timeout: raw
            .body_read_timeout
            .as_ref()
            .and_then(|t| timeout(t, "body_read_timeout", r)),
        request_timeout: raw
            .request_timeout
            .as_ref()
            .and_then(|t| timeout(t, "request_timeout", r)),
        idle_timeout: raw
            .idle_timeout
            .as_ref()
            .and_then(|t| timeout(t, "idle_timeout", r)),
        max_connections: raw
            .max_connections
            .as_ref()
            .and_then(|n| count(n, "max_connections", r)),
        log_json: raw.log_json.as_ref().map(|b| *b.get_ref()),
        ..RelayConfig::default()
    };
    for (name, space) in &raw.spaces {
        if let Some(s) = self::space(name, space, &base, r) {
            config.spaces.insert(name.get_ref().clone(), s);
        }
    }
    let space_names: Vec<&str> = raw.spaces.keys().map(|k| k.get_ref().as_str()).collect();
    for (name, route) in &raw.routes {
        if let Some(c) = self::route(name, route, &space_names, &base, r) {
            config.routes.insert(name.get_ref().clone(), c);
        }
    }
    if raw.routes.is_empty() && !raw.spaces.is_empty() {
        report.warn(
            None,
            "routes",
            "spaces are named but no `[routes.NAME]` uses them; add a route to serve \
             POST /hooks/NAME",
        );
    }
    if !report.errors.is_empty() {
        return Err(ConfigError {
            problems: report.errors,
        });
    }
    config.warnings = report.warnings;
    Ok(config)
}

fn address(t: &Text, key: &str, r: &mut Report<'_>) -> Option<SocketAddr> {
    match t.get_ref().trim().parse() {
        Ok(a) => Some(a),
        Err(_) => {
            r.error(
                Some(t.span()),
                key,
                "not an address; write IP:PORT, e.g. \"127.0.0.1:8080\" or \"0.0.0.0:8080\" \
                 (port 0 picks a free one)",
            );
            None
        }
    }
}

fn duration(t: &Text, key: &str, r: &mut Report<'_>) -> Option<Duration> {
    match humantime::parse_duration(t.get_ref().trim()) {
        Ok(d) => Some(d),
        Err(e) => {
            r.error(
                Some(t.span()),
                key,
                format!("not a duration ({e}); write e.g. \"10s\", \"5m\", \"1h 30m\" or \"30d\""),
            );
            None
        }
    }
}

/// The longest listener timeout taken (an hour, as the flags take it).
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// A listener's timeout: a duration more than 0 and at most an hour.
fn timeout(t: &Text, key: &str, r: &mut Report<'_>) -> Option<Duration> {
    let d = duration(t, key, r)?;
    if d.is_zero() || d > MAX_TIMEOUT {
        r.error(
            Some(t.span()),
            key,
            format!(
                "must be more than 0 and at most 1h, got \"{}\"; write e.g. \"10s\" or \"2m\"",
                t.get_ref()
            ),
        );
        return None;
    }
    Some(d)
}

fn count(n: &Spanned<i64>, key: &str, r: &mut Report<'_>) -> Option<usize> {
    match usize::try_from(*n.get_ref()) {
        Ok(v) if v >= 1 => Some(v),
        _ => {
            r.error(
                Some(n.span()),
                key,
                format!("must be a whole number of at least 1, got {}", n.get_ref()),
            );
            None
        }
    }
}

/// Checks a space or route name: it goes into a URL path.
fn name_ok(name: &Text, table: &str, r: &mut Report<'_>) -> bool {
    let n = name.get_ref();
    let ok = !n.is_empty()
        && n.len() <= 100
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        r.error(
            Some(name.span()),
            &format!("{table}.{n}"),
            "a name may only hold letters, digits, `-` and `_` (at most 100): it is part of a \
             URL path; rename the table",
        );
    }
    ok
}

fn space(name: &Text, s: &RawSpace, base: &Path, r: &mut Report<'_>) -> Option<SpaceConfig> {
    if !name_ok(name, "spaces", r) {
        return None;
    }
    let table = format!("spaces.{}", name.get_ref());
    let sources = Sources {
        key: format!("{table}.webhook_url"),
        env: s.webhook_url_env.as_ref(),
        file: s.webhook_url_file.as_ref(),
        inline: s.webhook_url.as_ref(),
    };
    match (&s.space, sources.given()) {
        (Some(api), false) => {
            let id = api.get_ref().strip_prefix("spaces/").unwrap_or("");
            let ok = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                r.error(
                    Some(api.span()),
                    &format!("{table}.space"),
                    "not a space name; write the Chat API name, \"spaces/AAAA…\" (from the \
                     space's URL or `spaces.list`)",
                );
                return None;
            }
            Some(SpaceConfig::ChatApi {
                space_id: id.to_owned(),
            })
        }
        (Some(api), true) => {
            r.error(
                Some(api.span()),
                &format!("{table}.space"),
                "a space is either a webhook (`webhook_url_env` / `webhook_url_file` / \
                 `webhook_url`) or a Chat API space (`space`), not both; remove one",
            );
            None
        }
        (None, false) => {
            r.error(
                Some(name.span()),
                &table,
                "the space says nowhere to post: add `webhook_url_env = \"VAR\"` (the \
                 webhook URL in an environment variable), `webhook_url_file = \"PATH\"`, or \
                 `space = \"spaces/AAAA\"` for the relay's Chat app",
            );
            None
        }
        (None, true) => {
            let at = [&s.webhook_url_env, &s.webhook_url_file, &s.webhook_url]
                .into_iter()
                .flatten()
                .next()
                .map(|t| t.span());
            let url = sources.read(base, r)?;
            if !r.read_secrets {
                // Not read: the space is known to exist, its address is not needed.
                return Some(SpaceConfig::Webhook {
                    space_id: String::new(),
                    key: super::Secret::new(""),
                    token: super::Secret::new(""),
                });
            }
            webhook(url.expose(), at, &table, r)
        }
    }
}

/// The space ID, key and token of a webhook URL. The URL never appears in a problem.
fn webhook(
    url: &str,
    at: Option<std::ops::Range<usize>>,
    table: &str,
    r: &mut Report<'_>,
) -> Option<SpaceConfig> {
    let checked = match chat_card::webhook::WebhookUrl::parse(url) {
        Ok(u) => u,
        Err(e) => {
            r.error(
                at,
                &format!("{table}.webhook_url"),
                format!(
                    "the webhook URL is invalid: {}; copy the whole URL from the space's \
                     \"Apps & integrations\" → Webhooks",
                    e.problem()
                ),
            );
            return None;
        }
    };
    let parsed = url::Url::parse(url.trim()).ok()?;
    let find = |name: &str| {
        parsed
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    Some(SpaceConfig::Webhook {
        space_id: checked.space_id().to_owned(),
        key: super::Secret::new(find("key")?),
        token: super::Secret::new(find("token")?),
    })
}

fn route(
    name: &Text,
    raw: &RawRoute,
    spaces: &[&str],
    base: &Path,
    r: &mut Report<'_>,
) -> Option<RouteConfig> {
    if !name_ok(name, "routes", r) {
        return None;
    }
    let table = format!("routes.{}", name.get_ref());
    let key = |k: &str| format!("{table}.{k}");
    let Some(kind_text) = &raw.kind else {
        r.error(
            Some(name.span()),
            &table,
            "the route has no `kind`; add `kind = \"alertmanager\"` (Alertmanager's webhook), \
             \"json\" (any JSON, rendered by `template`) or \"webhook\" (a Chat message)",
        );
        return None;
    };
    let kind = match one_of(
        kind_text,
        &key("kind"),
        &["alertmanager", "json", "webhook"],
        r,
    )? {
        "alertmanager" => RouteKind::Alertmanager,
        "json" => RouteKind::Json,
        _ => RouteKind::Webhook,
    };
    let Some(space_text) = &raw.space else {
        r.error(
            Some(name.span()),
            &table,
            "the route has no `space`; add `space = \"NAME\"` naming a [spaces.NAME] table",
        );
        return None;
    };
    if !spaces.contains(&space_text.get_ref().as_str()) {
        let hint = match suggest(space_text.get_ref(), spaces.iter().copied()) {
            Some(near) => format!("did you mean \"{near}\"? "),
            None => String::new(),
        };
        r.error(
            Some(space_text.span()),
            &key("space"),
            format!(
                "no [spaces.{}] table; {hint}add that table or name one of: {}",
                space_text.get_ref(),
                if spaces.is_empty() {
                    "(none yet)".to_owned()
                } else {
                    spaces.join(", ")
                }
            ),
        );
    }
    let template = match &raw.template {
        Some(t) if kind == RouteKind::Webhook => {
            r.error(
                Some(t.span()),
                &key("template"),
                "a `webhook` route posts the Chat message it receives as it is: remove \
                 `template`, or use kind \"json\" to render the body with a template",
            );
            None
        }
        Some(t) => {
            let path = base.join(t.get_ref());
            match std::fs::read_to_string(&path) {
                Ok(source) => match Template::new(&path.display().to_string(), &source) {
                    Ok(template) => Some(TemplateFile { path, template }),
                    Err(e) => {
                        r.error(
                            Some(t.span()),
                            &key("template"),
                            format!("the template does not compile: {e}; fix the template"),
                        );
                        None
                    }
                },
                Err(e) => {
                    r.error(
                        Some(t.span()),
                        &key("template"),
                        format!(
                            "cannot read the template {} ({e}); the path is relative to the \
                             config file's folder",
                            path.display()
                        ),
                    );
                    None
                }
            }
        }
        None => None,
    };
    let mut options = RouteOptions::default();
    if let Some(t) = &raw.threading {
        options.threading = match one_of(
            t,
            &key("threading"),
            &["group", "alert", "group_daily", "none"],
            r,
        ) {
            Some("alert") => Threading::Alert,
            Some("group_daily") => Threading::GroupDaily,
            Some("none") => Threading::None,
            _ => Threading::Group,
        };
    }
    if let Some(n) = &raw.max_alerts_per_message
        && let Some(n) = count(n, &key("max_alerts_per_message"), r)
    {
        options.max_alerts_per_message = n;
    }
    if let Some(t) = &raw.dedup_window
        && let Some(d) = duration(t, &key("dedup_window"), r)
    {
        options.dedup_window = d;
    }
    let auth = super::inbound::inbound(&table, raw, base, r)?;
    let space = space_text.get_ref().clone();
    Some(RouteConfig {
        kind,
        space,
        template,
        options,
        auth,
        declared_at: Some(Location::of(r.text, name.span().start)),
    })
}
