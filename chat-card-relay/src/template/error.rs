//! Why a template could not be compiled or rendered: the template, the line and the cause.

use std::fmt;

/// A template failed to compile or render. Names the template, the line (when known)
/// and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    template: String,
    line: Option<usize>,
    problem: String,
}

impl TemplateError {
    pub(crate) fn new(template: &str, line: Option<usize>, problem: impl Into<String>) -> Self {
        TemplateError {
            template: template.to_owned(),
            line,
            problem: problem.into(),
        }
    }

    /// From MiniJinja's error, with its causes in the problem.
    pub(crate) fn from_minijinja(template: &str, e: &minijinja::Error) -> Self {
        let mut problem = match e.detail() {
            Some(detail) => format!("{}: {detail}", e.kind()),
            None => e.kind().to_string(),
        };
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            problem.push_str(": ");
            problem.push_str(&cause.to_string());
            source = cause.source();
        }
        TemplateError {
            template: e.name().unwrap_or(template).to_owned(),
            line: e.line(),
            problem,
        }
    }

    /// The template's name (its path, or `builtin:NAME`).
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The 1-based line of the template where it failed, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What went wrong.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for TemplateError {
    /// `template:line: problem` (`template: problem` when the line is unknown).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.template, self.problem),
            None => write!(f, "{}: {}", self.template, self.problem),
        }
    }
}

impl std::error::Error for TemplateError {}
