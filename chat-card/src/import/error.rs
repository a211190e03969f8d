//! Why a JSON message or card cannot be imported.

use std::fmt;

use crate::check::{Finding, SyntaxError};

/// Why [`to_source`](super::to_source) produced no source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The text is not JSON.
    NotJson(SyntaxError),
    /// The message breaks Chat's rules: the validator's findings (errors and warnings, in
    /// document order). Fix the errors (`chat-card check` shows them) and import again.
    Invalid(Vec<Finding>),
    /// The JSON holds something the `card!` / `message!` language cannot write.
    Inexpressible {
        /// The JSON path of the value (`cardsV2[0].card.sections[1]`); empty for the root.
        path: String,
        /// Why it cannot be written, and what to do instead.
        why: String,
    },
    /// The name given for `--fn` is not a Rust identifier.
    BadFunctionName(String),
}

impl ImportError {
    pub(crate) fn inexpressible(path: &str, why: impl Into<String>) -> Self {
        ImportError::Inexpressible {
            path: path.to_owned(),
            why: why.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotJson(e) => write!(f, "{e}"),
            ImportError::Invalid(findings) => {
                let errors = findings.iter().filter(|x| x.is_error()).count();
                write!(
                    f,
                    "the message has {errors} error{} that `card!` / `message!` would refuse; fix {} and import again",
                    if errors == 1 { "" } else { "s" },
                    if errors == 1 { "it" } else { "them" }
                )?;
                for finding in findings {
                    write!(f, "\n{finding}")?;
                }
                Ok(())
            }
            ImportError::Inexpressible { path, why } => {
                let at = if path.is_empty() {
                    "the document".to_owned()
                } else {
                    format!("`{path}`")
                };
                write!(f, "cannot import {at}: {why}")
            }
            ImportError::BadFunctionName(name) => write!(
                f,
                "`{name}` is not a Rust function name\nhelp: use letters, digits and `_`, not starting with a digit (like `alert_card`)"
            ),
        }
    }
}

impl std::error::Error for ImportError {}
