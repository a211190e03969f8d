//! The cap on findings: a document with thousands of problems (a generated file gone
//! wrong, or hostile input) gets the first [`MAX_FINDINGS`] listed and the rest counted,
//! so a report, a log line or an error answer built from it stays small.

use chat_card_core::validate::{Problem, Severity};

use super::Finding;

/// The most findings listed for one document; the problems after them (in document
/// order) are counted in [`Omitted`] and summed up in one last finding.
pub const MAX_FINDINGS: usize = 100;

/// The problems of a document that were counted but not listed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    /// Errors left out.
    pub errors: usize,
    /// Warnings left out.
    pub warnings: usize,
}

impl Omitted {
    /// Errors and warnings left out.
    pub fn total(&self) -> usize {
        self.errors + self.warnings
    }

    /// The finding that stands for the omitted problems, at the first of them: an error
    /// when any of them is one (so the document stays invalid), otherwise a warning.
    pub(super) fn note(&self, line: usize, column: usize) -> Finding {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        Finding {
            severity: if self.errors > 0 {
                Severity::Error
            } else {
                Severity::Warning
            },
            rule: None,
            path: String::new(),
            line,
            column,
            message: format!(
                "and {} more problem{} not listed ({}, {}); only the first {MAX_FINDINGS} are shown",
                self.total(),
                if self.total() == 1 { "" } else { "s" },
                plural(self.errors, "error"),
                plural(self.warnings, "warning"),
            ),
            help: Some(
                "fix the problems listed (often one mistake, repeated) and check again".into(),
            ),
        }
    }
}

/// The first [`MAX_FINDINGS`] problems in document order, and when there are more, the
/// origin of the first one left out and the count of those left out.
pub(super) fn first_problems(mut problems: Vec<Problem>) -> (Vec<Problem>, Option<(u32, Omitted)>) {
    // Origins are byte offsets: sorting by them gives document order (a stable sort keeps
    // the walk's order for problems at one place).
    problems.sort_by_key(|p| p.origin);
    if problems.len() <= MAX_FINDINGS {
        return (problems, None);
    }
    let rest = problems.split_off(MAX_FINDINGS);
    let errors = rest.iter().filter(|p| p.is_error()).count();
    let omitted = Omitted {
        errors,
        warnings: rest.len() - errors,
    };
    (problems, Some((rest[0].origin.0, omitted)))
}
