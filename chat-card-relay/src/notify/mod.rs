//! The notification pipeline: a request body of a route becomes the messages the relay
//! queues. A route's [`kind`](RouteKind) says how the body is read; its template (or the
//! built-in layout) renders each message, which then passes the shared validator. A
//! custom template that fails (a render error or a refused message) never loses the
//! notification: the built-in layout is rendered instead and the failure is reported in
//! [`Rendering::fallback`].
//!
//! For Alertmanager routes the [`RouteOptions`] apply: the alerts are split into messages
//! of at most `max_alerts_per_message`, each message gets the thread key of the route's
//! [`Threading`](crate::route::Threading), and the notification gets a de-duplication key.
//!
//! [`NotifyRoute::render`] is what `chat-card relay render` prints: the relay queues
//! exactly these bodies.
//!
//! ## The template context
//!
//! | variable | what it holds |
//! |---|---|
//! | `payload` | the parsed request body; for Alertmanager routes every documented field is present (`status`, `receiver`, `groupKey`, `groupLabels`, `commonLabels`, `commonAnnotations`, `externalURL` (may be `none`), `truncatedAlerts`, and each alert's `status`, `labels`, `annotations`, `startsAt`, `endsAt`, `generatorURL` (may be `none`), `fingerprint`) |
//! | `headers` | the request's headers, names in lower case (e.g. `headers["x-github-event"]`); credentials (`authorization`, `cookie`, signatures and tokens) are left out |
//! | `alerts` | Alertmanager routes: the alerts of this message (at most `max_alerts_per_message`) |
//! | `part`, `parts` | this message's number (from 1) and how many messages of its thread the notification makes (1 and 1 with `threading = "alert"`) |
//! | `now` | the time of the notification (RFC 3339, UTC), which `since` counts from |
//! | `route` | the route's name |

mod alerts;
mod finish;

pub(crate) mod accept;

use std::collections::BTreeMap;

use chat_card::check::{BodyError, Finding};
use serde::Serialize;

use crate::route::{RouteKind, RouteOptions};
use crate::template::{Template, TemplateError};

pub use finish::finish;

/// A request's headers for the template: names in lower case.
pub type Headers = BTreeMap<String, String>;

/// The header names never given to templates (credentials).
pub const HIDDEN_HEADERS: [&str; 7] = [
    "authorization",
    "cookie",
    "proxy-authorization",
    "x-gitlab-token",
    "x-hub-signature",
    "x-hub-signature-256",
    "x-grafana-alerting-signature",
];

/// One route as the pipeline sees it: its name (for logs, metrics and de-duplication),
/// kind, template and options.
#[derive(Clone, Debug)]
pub struct NotifyRoute {
    /// The route's name (`[routes.NAME]`; `alertmanager` for the drop-in path).
    pub name: String,
    /// How the body is read.
    pub kind: RouteKind,
    /// The route's template; `None` renders the built-in layout of the kind.
    pub template: Option<Template>,
    /// Threading, splitting and de-duplication.
    pub options: RouteOptions,
}

impl NotifyRoute {
    /// A route of `kind` with the built-in layout and the default options.
    pub fn new(name: impl Into<String>, kind: RouteKind) -> Self {
        NotifyRoute {
            name: name.into(),
            kind,
            template: None,
            options: RouteOptions::default(),
        }
    }

    /// Renders a request body into the messages the relay would queue, at `now_ms`
    /// (milliseconds since the Unix epoch: the day of `group_daily` threads and the `now`
    /// of templates). Deterministic: the same input gives the same bytes.
    pub fn render(
        &self,
        payload: &[u8],
        headers: &Headers,
        now_ms: i64,
    ) -> Result<Rendering, NotifyError> {
        match self.kind {
            RouteKind::Alertmanager => alerts::render(self, payload, headers, now_ms),
            RouteKind::Json => render_json(self, payload, headers, now_ms),
            _ => render_webhook(payload),
        }
    }
}

/// The messages a notification makes.
#[derive(Clone, Debug)]
pub struct Rendering {
    /// The messages in the order they are queued (one thread's follow-ups after its
    /// first message).
    pub messages: Vec<Rendered>,
    /// Why the route's custom template was not used (the built-in layout was), if it
    /// was not.
    pub fallback: Option<TemplateError>,
    /// The notification's de-duplication key (Alertmanager routes with a
    /// `dedup_window`).
    pub dedup_key: Option<String>,
    /// The de-duplication key of the same alerts in the other state (firing ↔ resolved):
    /// forgotten when this notification is new, so a group that flaps back within the
    /// window is not taken for a duplicate.
    pub superseded_key: Option<String>,
}

/// One message of a notification, as it will be posted.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The message body, byte for byte as it is queued (with `thread.threadKey` when the
    /// message has a thread and the template set none).
    pub body: String,
    /// The thread key the message goes to, if any.
    pub thread_key: Option<String>,
    /// What the validator warns about (Chat accepts and ignores it); logged and sent.
    pub warnings: Vec<Finding>,
    /// Whether the alerts of this message are resolved (Alertmanager routes).
    pub resolved: bool,
    /// This message's number in its notification's thread, from 1.
    pub part: usize,
}

/// Why a request could not become a message (answered 400; nothing is queued).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotifyError {
    /// The body is not what the route's kind reads.
    #[error("{0}")]
    Payload(String),
    /// The message (a `webhook` route's body, or the built-in layout's output) is refused.
    #[error("{0}")]
    Message(#[from] BodyError),
    /// The built-in layout could not render this payload.
    #[error("the built-in layout could not render this notification: {0}")]
    Builtin(TemplateError),
}

/// What a template sees (see the module documentation).
#[derive(Serialize)]
pub(crate) struct Context<'a> {
    pub(crate) payload: &'a serde_json::Value,
    pub(crate) headers: &'a Headers,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) alerts: Option<&'a [serde_json::Value]>,
    pub(crate) part: usize,
    pub(crate) parts: usize,
    pub(crate) now: String,
    pub(crate) route: &'a str,
}

/// The headers a template may see: names lower-cased, credentials left out.
pub fn template_headers<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Headers {
    headers
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .filter(|(k, _)| !HIDDEN_HEADERS.contains(&k.as_str()))
        .collect()
}

/// RFC 3339 (UTC, seconds) of a time in ms since the epoch.
pub(crate) fn rfc3339(now_ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// One message to render: its context and where it goes.
pub(crate) struct Piece<'a> {
    pub(crate) context: Context<'a>,
    pub(crate) thread_key: Option<String>,
    pub(crate) resolved: bool,
}

/// Renders every piece with the route's template, or, when that fails for any piece,
/// every piece with the built-in layout of `kind`.
pub(crate) fn render_pieces(
    route: &NotifyRoute,
    pieces: &[Piece<'_>],
) -> Result<(Vec<Rendered>, Option<TemplateError>), NotifyError> {
    let builtin = Template::builtin(route.kind).ok_or_else(|| {
        NotifyError::Builtin(TemplateError::new(
            route.kind.as_str(),
            None,
            "no built-in layout for this kind",
        ))
    })?;
    let custom = route.template.as_ref().filter(|t| !t.is_builtin());
    if let Some(custom) = custom {
        match render_with(custom, pieces) {
            Ok(messages) => return Ok((messages, None)),
            Err(failure) => {
                let messages = render_with(&builtin, pieces).map_err(NotifyError::Builtin)?;
                return Ok((messages, Some(failure)));
            }
        }
    }
    let messages = render_with(&builtin, pieces).map_err(NotifyError::Builtin)?;
    Ok((messages, None))
}

fn render_with(template: &Template, pieces: &[Piece<'_>]) -> Result<Vec<Rendered>, TemplateError> {
    pieces
        .iter()
        .map(|piece| {
            let text = template.render_value(&piece.context)?;
            let (body, warnings) = finish(&text, piece.thread_key.as_deref()).map_err(|e| {
                TemplateError::new(
                    template.name(),
                    None,
                    format!("the rendered message is refused: {e}"),
                )
            })?;
            Ok(Rendered {
                body,
                thread_key: piece.thread_key.clone(),
                warnings,
                resolved: piece.resolved,
                part: piece.context.part,
            })
        })
        .collect()
}

fn parse_json(payload: &[u8]) -> Result<serde_json::Value, NotifyError> {
    serde_json::from_slice(payload).map_err(|e| {
        NotifyError::Payload(format!(
            "the body is not JSON ({e}); this route reads a JSON document"
        ))
    })
}

fn render_json(
    route: &NotifyRoute,
    payload: &[u8],
    headers: &Headers,
    now_ms: i64,
) -> Result<Rendering, NotifyError> {
    let value = parse_json(payload)?;
    let piece = Piece {
        context: Context {
            payload: &value,
            headers,
            alerts: None,
            part: 1,
            parts: 1,
            now: rfc3339(now_ms),
            route: &route.name,
        },
        thread_key: None,
        resolved: false,
    };
    let (messages, fallback) = render_pieces(route, std::slice::from_ref(&piece))?;
    Ok(Rendering {
        messages,
        fallback,
        dedup_key: None,
        superseded_key: None,
    })
}

fn render_webhook(payload: &[u8]) -> Result<Rendering, NotifyError> {
    let text = std::str::from_utf8(payload).map_err(|_| {
        NotifyError::Payload("the body is not UTF-8 text; send the message as UTF-8 JSON".into())
    })?;
    let (body, warnings) = finish(text, None)?;
    Ok(Rendering {
        messages: vec![Rendered {
            body,
            thread_key: None,
            warnings,
            resolved: false,
            part: 1,
        }],
        fallback: None,
        dedup_key: None,
        superseded_key: None,
    })
}

#[cfg(test)]
mod tests;
