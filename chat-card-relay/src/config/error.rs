//! The errors and warnings of a config file: each names the file, the line and column,
//! the key, what is wrong and how to fix it. None holds a secret's value.

use std::fmt;
use std::path::{Path, PathBuf};

use super::raw::Text;

/// A place in the config file: 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column (in characters), from 1.
    pub column: usize,
}

impl Location {
    /// The line and column of byte `offset` in `text`.
    pub(crate) fn of(text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(start..).map_or(1, |s| s.chars().count() + 1);
        Location { line, column }
    }
}

/// One thing wrong (or worth a warning) in a config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: PathBuf,
    /// Where in it, when the problem has a place.
    pub location: Option<Location>,
    /// The key, dotted from the top (`routes.alerts.threading`); empty for the file as a
    /// whole.
    pub key: String,
    /// What is wrong and how to fix it. Never a secret's value.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(at) = self.location {
            write!(f, ":{}:{}", at.line, at.column)?;
        }
        if self.key.is_empty() {
            write!(f, ": {}", self.message)
        } else {
            write!(f, ": `{}`: {}", self.key, self.message)
        }
    }
}

/// Why a config file was refused: every problem found, each with its place and fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The problems, in the order of the file.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl ConfigError {
    /// One problem without a place (the file could not be read, for one).
    pub(crate) fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        ConfigError {
            problems: vec![Problem {
                file: file.to_owned(),
                location: None,
                key: String::new(),
                message: message.into(),
            }],
        }
    }
}

/// Collects the problems of one file as they are found.
#[derive(Debug)]
pub(crate) struct Report<'a> {
    pub(crate) file: &'a Path,
    pub(crate) text: &'a str,
    pub(crate) errors: Vec<Problem>,
    pub(crate) warnings: Vec<Problem>,
    /// Whether secrets are read (`false` when only the routes and templates matter).
    pub(crate) read_secrets: bool,
}

impl<'a> Report<'a> {
    pub(crate) fn new(file: &'a Path, text: &'a str) -> Self {
        Report {
            file,
            text,
            errors: Vec::new(),
            warnings: Vec::new(),
            read_secrets: true,
        }
    }

    fn problem(&self, span: Option<std::ops::Range<usize>>, key: &str, message: String) -> Problem {
        Problem {
            file: self.file.to_owned(),
            location: span.map(|s| Location::of(self.text, s.start)),
            key: key.to_owned(),
            message,
        }
    }

    /// Records an error at `span`.
    pub(crate) fn error(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        key: &str,
        message: impl Into<String>,
    ) {
        let p = self.problem(span, key, message.into());
        self.errors.push(p);
    }

    /// Records a warning at `span`.
    pub(crate) fn warn(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        key: &str,
        message: impl Into<String>,
    ) {
        let p = self.problem(span, key, message.into());
        self.warnings.push(p);
    }
}

/// The closest of `candidates` to `given`, when close enough to be a typo.
pub(crate) fn suggest<'c>(
    given: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Turns a TOML syntax or shape error into a problem with its place, its key and a fix.
pub(crate) fn from_toml(file: &Path, text: &str, e: &toml::de::Error) -> Problem {
    let span = e.span();
    let location = span.as_ref().map(|s| Location::of(text, s.start));
    let key = span
        .as_ref()
        .map(|s| key_at(text, s.start))
        .unwrap_or_default();
    let raw = e.message().trim_end().to_owned();
    let message = if let Some(unknown) = between(&raw, "unknown field `", "`") {
        let expected: Vec<&str> = raw
            .split_once("expected")
            .map(|(_, list)| {
                list.split('`')
                    .enumerate()
                    .filter(|(i, _)| i % 2 == 1)
                    .map(|(_, s)| s)
                    .collect()
            })
            .unwrap_or_default();
        match suggest(unknown, expected.iter().copied()) {
            Some(near) => format!(
                "unknown key `{unknown}`; did you mean `{near}`? (the keys here are: {})",
                expected.join(", ")
            ),
            None => format!(
                "unknown key `{unknown}`; remove it or use one of: {}",
                expected.join(", ")
            ),
        }
    } else if raw.starts_with("invalid type") {
        format!(
            "{raw}; write the value as the type named (a string in quotes, a number or a boolean)"
        )
    } else if raw.starts_with("missing field") {
        format!("{raw}; add it")
    } else {
        format!("{raw}; fix the TOML syntax there")
    };
    Problem {
        file: file.to_owned(),
        location,
        key,
        message,
    }
}

fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let from = text.find(start)? + start.len();
    let len = text.get(from..)?.find(end)?;
    text.get(from..from + len)
}

/// The dotted key at byte `offset`: the nearest `[table]` header above it and the bare
/// key on its line (`routes.alerts.threading`).
fn key_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text
        .get(line_start..)
        .and_then(|rest| rest.lines().next())
        .unwrap_or("")
        .trim();
    let table = text
        .get(..line_start)
        .unwrap_or("")
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| {
            l.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .replace(['"', '\''], "")
        });
    let own = if line.starts_with('[') {
        // The error is on a header: the table itself.
        return line
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("")
            .trim()
            .replace(['"', '\''], "");
    } else {
        line.split('=')
            .next()
            .unwrap_or("")
            .trim()
            .replace(['"', '\''], "")
    };
    match table {
        Some(t) if !t.is_empty() && !own.is_empty() => format!("{t}.{own}"),
        Some(t) if own.is_empty() => t,
        _ => own,
    }
}

/// Checks that `t` is one of `allowed`, suggesting the nearest.
pub(crate) fn one_of<'a>(
    t: &Text,
    key: &str,
    allowed: &[&'a str],
    r: &mut Report<'_>,
) -> Option<&'a str> {
    let given = t.get_ref().as_str();
    if let Some(found) = allowed.iter().find(|a| **a == given) {
        return Some(found);
    }
    let hint = match suggest(given, allowed.iter().copied()) {
        Some(near) => format!("; did you mean \"{near}\"?"),
        None => String::new(),
    };
    r.error(
        Some(t.span()),
        key,
        format!(
            "unknown value \"{given}\"{hint} (one of: {})",
            allowed
                .iter()
                .map(|a| format!("\"{a}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_one_based() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(Location::of(text, 0), Location { line: 1, column: 1 });
        assert_eq!(Location::of(text, 6), Location { line: 2, column: 1 });
        let after_accent = text.find(" = 2").expect("found");
        assert_eq!(Location::of(text, after_accent).column, 3);
    }

    #[test]
    fn keys_are_found_under_their_table() {
        let text = "listen = \"x\"\n[routes.alerts]\nthreadng = \"alert\"\n";
        let at = text.find("threadng").expect("found");
        assert_eq!(key_at(text, at), "routes.alerts.threadng");
        assert_eq!(key_at(text, 0), "listen");
    }

    #[test]
    fn suggestions_only_for_near_names() {
        assert_eq!(
            suggest("threadng", ["threading", "kind"]),
            Some("threading")
        );
        assert_eq!(suggest("zzz", ["threading", "kind"]), None);
    }
}
