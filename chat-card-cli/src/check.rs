//! `chat-card check FILE... | -`: validate message or card JSON files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chat_card::check::{DocumentKind, Finding, Omitted, check_document};

use crate::input;
use crate::terminal::{safe, safe_finding, safe_json};

const JSON_SHAPE: &str = "\
Severities: an error is something Chat refuses or cannot draw (a relative URL, an unknown
field, a wrong enum value); the message would not be sent. A warning is something Chat
accepts but ignores (a deprecated or output-only field, a card's add-on `name`, an empty
widget); the message is still valid and `chat-card send` sends it.

Exit status: 0 when every file is valid (warnings allowed), 1 when any file has an error
(or a warning, with --deny-warnings), 2 when a file cannot be read or is not JSON.

Each error is printed as `FILE:LINE:COLUMN: PATH: MESSAGE` and each warning as
`FILE:LINE:COLUMN: warning: PATH: MESSAGE`, followed by an indented `help: …` line with
the fix. Control characters of the input (in file names, keys, values) are printed
escaped (`\u{1b}`).

Limits: a file (or standard input) larger than 16 MiB is refused unread past that size;
a file lists at most 100 problems, then one `and N more problems not listed` line (the
summary and --json `omitted` count them all).

With --json, one JSON document is printed on standard output:
  {\"valid\": bool,
   \"files\": [{\"file\": \"card.json\",
              \"kind\": \"message\" | \"card\" | null,
              \"valid\": bool,
              \"error\": null | {\"line\": 3, \"column\": 5, \"message\": \"…\"},
              \"problems\": [{\"path\": \"cardsV2[0].card.header.imageUrl\",
                            \"line\": 7, \"column\": 19,
                            \"severity\": \"error\" | \"warning\",
                            \"rule\": \"bad-url\" | null,
                            \"message\": \"…\", \"help\": \"…\" | null}],
              \"omitted\": {\"errors\": 0, \"warnings\": 0}}]}
`valid` is false when a file has an error (or a warning, with --deny-warnings).
`error` is set when the file cannot be read or is not JSON (line and column are then 0
for unreadable files). `omitted` counts the problems past the first 100, which are not
listed (the last entry of `problems`, with `rule` null, says so).";

/// Validate message or card JSON files against Google Chat's card rules.
#[derive(clap::Args)]
#[command(after_long_help = JSON_SHAPE)]
pub struct Args {
    /// JSON files holding a whole message (`{"text": …, "cardsV2": […]}`) or a bare card
    /// (`{"header": …, "sections": […]}`); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print the problems as one JSON document (see the shape below).
    #[arg(long)]
    json: bool,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    deny_warnings: bool,
}

enum Outcome {
    Checked {
        kind: DocumentKind,
        findings: Vec<Finding>,
        /// Errors and warnings in all, the omitted ones included.
        totals: (usize, usize),
        omitted: Omitted,
    },
    Unreadable(String),
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
}

/// Runs `chat-card check`.
pub fn run(args: Args) -> ExitCode {
    let mut results = Vec::new();
    for file in &args.files {
        // The name as given; the human output escapes its control characters, the JSON
        // output keeps it exact (JSON escapes them).
        let name = if input::is_stdin(file) {
            "<stdin>".to_owned()
        } else {
            file.display().to_string()
        };
        results.push((name, check_file(file)));
    }
    let unreadable = results
        .iter()
        .any(|(_, o)| !matches!(o, Outcome::Checked { .. }));
    let fails = |f: &Finding| f.is_error() || args.deny_warnings;
    let invalid = results
        .iter()
        .any(|(_, o)| matches!(o, Outcome::Checked { findings, .. } if findings.iter().any(fails)));
    if args.json {
        print_json(&results, !unreadable && !invalid, &fails);
    } else {
        print_human(&results);
    }
    if unreadable {
        ExitCode::from(2)
    } else if invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check_file(file: &Path) -> Outcome {
    let bytes = match input::read_bytes(file) {
        Ok(bytes) => bytes,
        Err(message) => return Outcome::Unreadable(message),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, column) = chat_card_core::json::line_col(&prefix, prefix.len());
            return Outcome::NotJson {
                line,
                column,
                message: "the file is not valid UTF-8; save it as UTF-8".to_string(),
            };
        }
    };
    match check_document(&text) {
        Ok(report) => Outcome::Checked {
            kind: report.kind,
            totals: report.totals(),
            omitted: report.omitted,
            findings: report.findings,
        },
        Err(e) => Outcome::NotJson {
            line: e.line,
            column: e.column,
            message: e.message,
        },
    }
}

fn kind_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Message => "message",
        DocumentKind::Card => "card",
    }
}

fn print_human(results: &[(String, Outcome)]) {
    for (name, outcome) in results {
        let name = safe(name);
        match outcome {
            Outcome::Checked { kind, findings, .. } if findings.is_empty() => {
                println!("{name}: ok ({})", kind_name(*kind));
            }
            Outcome::Checked {
                kind,
                findings,
                totals: (errors, warnings),
                ..
            } => {
                for f in findings {
                    let f = safe_finding(f);
                    let path = if f.path.is_empty() {
                        String::new()
                    } else {
                        format!("{}: ", f.path)
                    };
                    let severity = if f.is_error() { "" } else { "warning: " };
                    println!(
                        "{name}:{}:{}: {severity}{path}{}",
                        f.line, f.column, f.message
                    );
                    if let Some(help) = &f.help {
                        println!("    help: {help}");
                    }
                }
                let (errors, warnings) = (*errors, *warnings);
                let plural = |n: usize| if n == 1 { "" } else { "s" };
                let summary = match (errors, warnings) {
                    (0, w) => format!("ok with {w} warning{}", plural(w)),
                    (e, 0) => format!("{e} problem{}", plural(e)),
                    (e, w) => format!("{e} problem{}, {w} warning{}", plural(e), plural(w)),
                };
                println!("{name}: {summary} ({})", kind_name(*kind));
            }
            Outcome::Unreadable(message) => eprintln!("{name}: {message}"),
            Outcome::NotJson {
                line,
                column,
                message,
            } => eprintln!("{name}:{line}:{column}: not valid JSON: {}", safe(message)),
        }
    }
}

fn print_json(results: &[(String, Outcome)], valid: bool, fails: &dyn Fn(&Finding) -> bool) {
    let files: Vec<serde_json::Value> = results
        .iter()
        .map(|(name, outcome)| match outcome {
            Outcome::Checked {
                kind,
                findings,
                omitted,
                ..
            } => serde_json::json!({
                "file": name,
                "kind": kind_name(*kind),
                "valid": !findings.iter().any(fails),
                "error": null,
                "problems": findings.iter().map(|f| serde_json::json!({
                    "path": f.path,
                    "line": f.line,
                    "column": f.column,
                    "severity": f.severity.as_str(),
                    "rule": f.rule.map(|r| r.code()),
                    "message": f.message,
                    "help": f.help,
                })).collect::<Vec<_>>(),
                "omitted": {"errors": omitted.errors, "warnings": omitted.warnings},
            }),
            Outcome::Unreadable(message) => serde_json::json!({
                "file": name,
                "kind": null,
                "valid": false,
                "error": {"line": 0, "column": 0, "message": message},
                "problems": [],
                "omitted": {"errors": 0, "warnings": 0},
            }),
            Outcome::NotJson {
                line,
                column,
                message,
            } => serde_json::json!({
                "file": name,
                "kind": null,
                "valid": false,
                "error": {"line": line, "column": column, "message": format!("not valid JSON: {message}")},
                "problems": [],
                "omitted": {"errors": 0, "warnings": 0},
            }),
        })
        .collect();
    let doc = serde_json::json!({"valid": valid, "files": files});
    println!("{}", safe_json(&format!("{doc:#}")));
}

#[cfg(test)]
mod tests {
    use chat_card::check::MAX_FINDINGS;

    use super::JSON_SHAPE;
    use crate::input::MAX_INPUT_BYTES;

    #[test]
    fn help_states_the_limits() {
        assert!(JSON_SHAPE.contains(&format!("larger than {} MiB", MAX_INPUT_BYTES >> 20)));
        assert!(JSON_SHAPE.contains(&format!("at most {MAX_FINDINGS} problems")));
        assert!(JSON_SHAPE.contains(&format!("past the first {MAX_FINDINGS}")));
    }
}
