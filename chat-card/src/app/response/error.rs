//! Why a Chat app's reply could not be built.

use std::fmt;

use crate::check::Finding;

/// Why a reply could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyError {
    pub(super) message: String,
    pub(super) findings: Vec<Finding>,
}

impl ReplyError {
    pub(super) fn new(message: impl Into<String>) -> Self {
        ReplyError {
            message: message.into(),
            findings: Vec::new(),
        }
    }

    /// The validator's errors, when the reply broke the card rules.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for finding in &self.findings {
            write!(f, "\n{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReplyError {}
