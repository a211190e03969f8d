//! Secrets of the config file (webhook URLs, inbound tokens, HMAC secrets, the Redis URL):
//! read from an environment variable or a file, held in a type that never prints them.

use std::fmt;
use std::path::Path;

use super::error::Report;
use super::raw::Text;

/// A secret value. Its `Debug` shows `<redacted>`; it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value. Never log or display it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where a secret comes from, as the file says: `NAME_env`, `NAME_file` or (for webhook
/// URLs only) inline.
pub(crate) struct Sources<'r> {
    /// The dotted prefix of the keys (`spaces.ops.webhook_url`).
    pub(crate) key: String,
    pub(crate) env: Option<&'r Text>,
    pub(crate) file: Option<&'r Text>,
    pub(crate) inline: Option<&'r Text>,
}

impl Sources<'_> {
    /// Whether any source is given.
    pub(crate) fn given(&self) -> bool {
        self.env.is_some() || self.file.is_some() || self.inline.is_some()
    }

    /// Reads the secret: from the environment variable, the file (relative to
    /// `base`, the config file's folder; surrounding white space dropped) or inline.
    /// Records a problem and returns `None` when it is missing, empty or given twice.
    pub(crate) fn read(&self, base: &Path, report: &mut Report<'_>) -> Option<Secret> {
        let given = [
            self.env.map(|t| ("_env", t)),
            self.file.map(|t| ("_file", t)),
            self.inline.map(|t| ("", t)),
        ];
        let given: Vec<_> = given.into_iter().flatten().collect();
        let key = &self.key;
        if given.len() > 1 {
            let (suffix, second) = given[1];
            report.error(
                Some(second.span()),
                &format!("{key}{suffix}"),
                format!(
                    "give the secret one way: `{key}_env`, `{key}_file`{} — remove all but one",
                    if self.inline.is_some() {
                        format!(" or `{key}`")
                    } else {
                        String::new()
                    }
                ),
            );
            return None;
        }
        let (suffix, text) = *given.first()?;
        if !report.read_secrets {
            return Some(Secret(String::new()));
        }
        let full_key = format!("{key}{suffix}");
        let value = match suffix {
            "_env" => match std::env::var(text.get_ref()) {
                Ok(v) => v,
                Err(_) => {
                    report.error(
                        Some(text.span()),
                        &full_key,
                        format!(
                            "the environment variable `{}` is not set (or not UTF-8); export it \
                             before starting the relay, or use `{key}_file`",
                            text.get_ref()
                        ),
                    );
                    return None;
                }
            },
            "_file" => {
                let path = base.join(text.get_ref());
                match std::fs::read_to_string(&path) {
                    Ok(v) => v,
                    Err(e) => {
                        report.error(
                            Some(text.span()),
                            &full_key,
                            format!(
                                "cannot read {} ({e}); the path is relative to the config file's \
                                 folder",
                                path.display()
                            ),
                        );
                        return None;
                    }
                }
            }
            _ => {
                report.warn(
                    Some(text.span()),
                    &full_key,
                    format!(
                        "this value is a secret written in the config file: anyone who reads \
                         the file can use it; prefer `{key}_env` or `{key}_file`"
                    ),
                );
                text.get_ref().clone()
            }
        };
        let value = value.trim().to_owned();
        if value.is_empty() {
            report.error(
                Some(text.span()),
                &full_key,
                "the secret is empty; put the value there (a file's surrounding white space is \
                 dropped)",
            );
            return None;
        }
        Some(Secret(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("TOPSECRET");
        assert!(!format!("{s:?}").contains("TOPSECRET"));
        assert_eq!(s.expose(), "TOPSECRET");
    }
}
