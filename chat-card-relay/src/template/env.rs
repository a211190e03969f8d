//! The MiniJinja environment every message template runs in: JSON auto-escaping for
//! any file name, strict undefined variables, the filters of [`filters`](super::filters),
//! render fuel and an output cap.

use std::io;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::{MAX_OUTPUT_BYTES, RENDER_FUEL, TemplateError, filters};

/// A fresh environment with the relay's settings and filters.
pub(super) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Every printed value is written as JSON, whatever the template's file name: a label
    // with a quote or a newline cannot break the message.
    env.set_auto_escape_callback(|_| AutoEscape::Json);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(RENDER_FUEL));
    env.set_recursion_limit(100);
    env.set_keep_trailing_newline(false);
    // Python's methods on strings, lists and maps (`.get`, `.items()`, `.startswith`, …),
    // as Jinja users write them.
    env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
    filters::register(&mut env);
    env
}

/// Renders the template `name` of `env` with `context`, at most [`MAX_OUTPUT_BYTES`].
pub(super) fn render<S: serde::Serialize>(
    env: &Environment<'static>,
    name: &str,
    context: &S,
) -> Result<String, TemplateError> {
    let template = env
        .get_template(name)
        .map_err(|e| TemplateError::from_minijinja(name, &e))?;
    let mut out = Capped(Vec::new());
    template
        .render_captured_to(context, &mut out)
        .map_err(|e| TemplateError::from_minijinja(name, &e))?;
    String::from_utf8(out.0)
        .map_err(|_| TemplateError::new(name, None, "the template wrote text that is not UTF-8"))
}

/// A buffer that refuses to grow past [`MAX_OUTPUT_BYTES`].
struct Capped(Vec<u8>);

impl io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.0.len().saturating_add(buf.len()) > MAX_OUTPUT_BYTES {
            return Err(io::Error::other(format!(
                "the template wrote more than {MAX_OUTPUT_BYTES} bytes (a message is at most \
                 32000): list fewer items or shorten the values"
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
