//! Message templates: MiniJinja templates that render a whole Chat message (JSON text)
//! from a notification, with every printed value JSON-escaped whatever the file's name,
//! strict undefined variables, a filter set operators know from Alertmanager and sprig
//! ([`filters`]), and limits (template size, render fuel, output size) so that no template
//! or payload can hang the relay or make it panic.
//!
//! The built-in layouts are templates too ([`Template::builtin`], [`default_source`]):
//! `alertmanager` (the alert card) and `json` (a generic card for any JSON document).
//!
//! ```
//! use chat_card_relay::template::Template;
//!
//! let t = Template::new("hello.json.j2", r#"{"text": {{ payload.who | card_html }}}"#)?;
//! let out = t.render_value(&serde_json::json!({"payload": {"who": "<b>ops</b>"}}))?;
//! assert_eq!(out, r#"{"text": "&lt;b&gt;ops&lt;/b&gt;"}"#);
//! # Ok::<(), chat_card_relay::template::TemplateError>(())
//! ```

mod env;
mod error;
pub mod filters;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use minijinja::Environment;

use crate::route::RouteKind;

pub use error::TemplateError;

/// The largest template source accepted (bytes).
pub const MAX_TEMPLATE_BYTES: usize = 256 * 1024;

/// The most MiniJinja instructions one render may run: far more than any real layout
/// needs for a notification, and a bound on a template that loops for ever.
pub const RENDER_FUEL: u64 = 5_000_000;

/// The most bytes one render may write (a message is at most 32,000 bytes anyway).
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

/// The names of the built-in layouts, as `relay template --default NAME` takes them.
pub const BUILTIN_NAMES: [&str; 2] = ["alertmanager", "json"];

const ALERTMANAGER_SOURCE: &str = include_str!("../../templates/alertmanager.json.j2");
const JSON_SOURCE: &str = include_str!("../../templates/json.json.j2");

/// The source of a built-in layout by name (`alertmanager` or `json`); `None` for
/// another name.
pub fn default_source(name: &str) -> Option<&'static str> {
    match name {
        "alertmanager" => Some(ALERTMANAGER_SOURCE),
        "json" => Some(JSON_SOURCE),
        _ => None,
    }
}

/// A compiled message template. Cheap to clone.
#[derive(Clone)]
pub struct Template {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    source: String,
    builtin: bool,
    env: Environment<'static>,
}

impl fmt::Debug for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Template")
            .field("name", &self.inner.name)
            .field("bytes", &self.inner.source.len())
            .field("builtin", &self.inner.builtin)
            .finish()
    }
}

static BUILTIN_ALERTMANAGER: LazyLock<Result<Template, TemplateError>> =
    LazyLock::new(|| Template::compile("builtin:alertmanager", ALERTMANAGER_SOURCE, true));
static BUILTIN_JSON: LazyLock<Result<Template, TemplateError>> =
    LazyLock::new(|| Template::compile("builtin:json", JSON_SOURCE, true));

impl Template {
    /// Compiles `source`; `name` is how errors and logs name it (e.g. its file name).
    /// The error names the template, the line and what is wrong.
    pub fn new(name: &str, source: &str) -> Result<Template, TemplateError> {
        Template::compile(name, source, false)
    }

    /// Reads and compiles a template file. The error names the file.
    pub fn load(path: &Path) -> Result<Template, TemplateError> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| {
            TemplateError::new(&name, None, format!("cannot read the template file: {e}"))
        })?;
        if meta.len() > MAX_TEMPLATE_BYTES as u64 {
            return Err(too_large(&name, meta.len()));
        }
        let source = std::fs::read_to_string(path).map_err(|e| {
            TemplateError::new(
                &name,
                None,
                format!("cannot read the template file (it must be UTF-8 text): {e}"),
            )
        })?;
        Template::new(&name, &source)
    }

    /// The built-in layout of a route kind: the alert card for `alertmanager`, the
    /// generic card for `json`; `None` for `webhook` (its body is the message).
    pub fn builtin(kind: RouteKind) -> Option<Template> {
        let compiled = match kind {
            RouteKind::Alertmanager => &*BUILTIN_ALERTMANAGER,
            RouteKind::Json => &*BUILTIN_JSON,
            _ => return None,
        };
        // The built-in sources are part of the crate and compiled by its tests.
        compiled.as_ref().ok().cloned()
    }

    fn compile(name: &str, source: &str, builtin: bool) -> Result<Template, TemplateError> {
        if source.len() > MAX_TEMPLATE_BYTES {
            return Err(too_large(name, source.len() as u64));
        }
        let mut env = env::environment();
        env.add_template_owned(name.to_owned(), source.to_owned())
            .map_err(|e| TemplateError::from_minijinja(name, &e))?;
        Ok(Template {
            inner: Arc::new(Inner {
                name: name.to_owned(),
                source: source.to_owned(),
                builtin,
                env,
            }),
        })
    }

    /// The template's name (its path, or `builtin:NAME`).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The template's source text.
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// Whether this is a built-in layout.
    pub fn is_builtin(&self) -> bool {
        self.inner.builtin
    }

    /// Renders with `context` (any serialisable value; its top-level keys are the
    /// template's variables). The error names the template, the line and the cause.
    pub fn render_value<S: serde::Serialize>(&self, context: &S) -> Result<String, TemplateError> {
        env::render(&self.inner.env, &self.inner.name, context)
    }
}

fn too_large(name: &str, bytes: u64) -> TemplateError {
    TemplateError::new(
        name,
        None,
        format!(
            "the template is too large ({bytes} bytes; at most {MAX_TEMPLATE_BYTES}): split \
             it or drop unused parts"
        ),
    )
}

#[cfg(test)]
mod tests;
