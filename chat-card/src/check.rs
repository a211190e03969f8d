//! Checking message or card JSON at runtime with the shared validator (the same rules the
//! `card!` macro applies at compile time).
//!
//! Every finding has a [`Severity`]: an *error* is something Chat refuses or cannot draw,
//! and stops a message from being sent; a *warning* is something Chat accepts but ignores
//! (a deprecated or output-only field, the add-on `name` of a card), and the message is
//! still sent. Each finding names its [`Rule`], whose [`Rule::info`] says where the rule
//! comes from.
//!
//! ```
//! use chat_card::check::{check_text, Severity};
//!
//! let findings = check_text(r#"{"text": "down", "txt": "x"}"#).unwrap();
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].path, "txt");
//! assert_eq!((findings[0].line, findings[0].column), (1, 18));
//! assert_eq!(findings[0].severity, Severity::Error);
//!
//! // Chat ignores a card's add-on `name`: a warning, and the message is still valid.
//! let findings = check_text(
//!     r#"{"cardsV2": [{"cardId": "c", "card": {"name": "n", "header": {"title": "Hi"}}}]}"#,
//! )
//! .unwrap();
//! assert_eq!(findings[0].severity, Severity::Warning);
//! assert!(findings.iter().all(|f| !f.is_error()));
//! ```

use std::fmt;

use chat_card_core::json;
use chat_card_core::lines::LineIndex;
use chat_card_core::tree::Node;
use chat_card_core::validate::{self, Problem, RootKind};
pub use chat_card_core::validate::{Rule, RuleInfo, Severity};

mod body;
pub use body::{BodyError, MessageBody, check_message_body};

use crate::JsonMessage;

mod limit;

pub use limit::{MAX_FINDINGS, Omitted};

/// One problem found in JSON text, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Whether the message can still be sent (a warning) or not (an error).
    pub severity: Severity,
    /// The rule that was broken; `None` for problems found outside the rulebook (a
    /// message that does not serialise, a bare card where a message is needed).
    pub rule: Option<Rule>,
    /// The JSON path of the offending value (`cardsV2[0].card.sections[0].widgets[1]...`);
    /// empty for the whole document.
    pub path: String,
    /// 1-based line of the offending key or value in the text (0 when there is no text).
    pub line: usize,
    /// 1-based column (in characters) of the offending key or value (0 when there is no
    /// text).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Finding {
    /// An error found outside the rulebook, at the start of the document.
    pub(crate) fn error(message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Error,
            rule: None,
            path: String::new(),
            line: 1,
            column: 1,
            message: message.into(),
            help: None,
        }
    }

    /// Whether this finding stops the message from being sent.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    /// `line:column: path: message` for an error, `line:column: warning: path: message`
    /// for a warning, then `help: …` on the next line when there is help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.column)?;
        }
        if self.severity == Severity::Warning {
            f.write_str("warning: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The text is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What the parser expected.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: not valid JSON: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Why JSON text is not a message Chat will accept.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The text is not JSON.
    #[error("{0}")]
    Syntax(SyntaxError),
    /// The text is a bare card, where a whole message is needed.
    #[error(
        "this is a bare card, not a message: wrap it as {{\"cardsV2\": [{{\"cardId\": \"card-1\", \"card\": …}}]}}"
    )]
    BareCard,
    /// The JSON breaks the rules of Chat messages: the errors (warnings are left out).
    #[error("{}", describe(.0))]
    Invalid(Vec<Finding>),
}

fn describe(findings: &[Finding]) -> String {
    let mut out = format!(
        "the message has {} problem{}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    );
    for finding in findings {
        out.push('\n');
        out.push_str(&finding.to_string());
    }
    out
}

/// What a checked document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// A whole message (`{"text": …, "cardsV2": […]}`).
    Message,
    /// A bare card (`{"header": …, "sections": […]}`).
    Card,
}

/// The result of checking one document: what it is, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Whether the document was read as a message or as a bare card.
    pub kind: DocumentKind,
    /// The problems, errors and warnings, in document order; empty when clean. At most
    /// [`MAX_FINDINGS`] of them, then one more: the note of how many were left out (see
    /// [`Report::omitted`]).
    pub findings: Vec<Finding>,
    /// The problems beyond the first [`MAX_FINDINGS`]: counted, not listed.
    pub omitted: Omitted,
}

impl Report {
    /// Whether any finding is an error (the message would not be sent).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_error())
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_error())
    }

    /// How many errors and warnings the document has in all: those listed (without the
    /// note of the omitted ones) and those omitted.
    pub fn totals(&self) -> (usize, usize) {
        let listed = if self.omitted.total() > 0 {
            &self.findings[..self.findings.len().saturating_sub(1)]
        } else {
            &self.findings[..]
        };
        let errors = listed.iter().filter(|f| f.is_error()).count();
        (
            errors + self.omitted.errors,
            listed.len() - errors + self.omitted.warnings,
        )
    }
}

/// Checks JSON text holding a whole message or a bare card. `Ok(vec![])` means clean; a
/// message whose findings are all warnings is valid too.
/// A bare card is recognised by its card keys (`header`, `sections`) and no message keys.
/// Findings come in document order: at most [`MAX_FINDINGS`], then one finding that counts
/// the rest (an error when any of the rest is).
pub fn check_text(json: &str) -> Result<Vec<Finding>, SyntaxError> {
    check_document(json).map(|r| r.findings)
}

/// Like [`check_text`], and also says whether the text was read as a message or a card.
pub fn check_document(json: &str) -> Result<Report, SyntaxError> {
    let node = parse(json)?;
    let (kind, root) = match validate::detect_root(&node) {
        RootKind::Card => (DocumentKind::Card, RootKind::Card),
        RootKind::Message => (DocumentKind::Message, RootKind::Message),
    };
    let (findings, omitted) = findings(json, validate::validate(&node, root));
    Ok(Report {
        kind,
        findings,
        omitted,
    })
}

/// Checks JSON text that must be a whole message (never a bare card).
pub fn check_message_text(json: &str) -> Result<Vec<Finding>, SyntaxError> {
    let node = parse(json)?;
    Ok(findings(json, validate::validate(&node, RootKind::Message)).0)
}

/// Checks a message or bare card held as a `serde_json::Value`. Findings have no
/// positions (`line` and `column` are 0).
pub fn check_value(value: &serde_json::Value) -> Vec<Finding> {
    let text = value.to_string();
    match check_text(&text) {
        Ok(found) => found
            .into_iter()
            .map(|f| Finding {
                line: 0,
                column: 0,
                ..f
            })
            .collect(),
        // A serde_json value always prints as JSON our parser reads, except beyond its
        // nesting limit.
        Err(e) => vec![Finding {
            line: 0,
            column: 0,
            help: Some("remove the deep nesting".into()),
            ..Finding::error(e.message)
        }],
    }
}

fn parse(json: &str) -> Result<Node, SyntaxError> {
    json::parse(json).map_err(|e| {
        let (line, column) = json::line_col(json, e.offset);
        SyntaxError {
            line,
            column,
            message: e.message,
        }
    })
}

/// The findings of a check: the first [`MAX_FINDINGS`] problems in document order,
/// located in the text, then the note for the rest, if any.
fn findings(json: &str, problems: Vec<Problem>) -> (Vec<Finding>, Omitted) {
    let (listed, omitted) = limit::first_problems(problems);
    let index = LineIndex::new(json);
    let locate = |origin: u32| index.line_col(origin as usize);
    let mut found: Vec<Finding> = listed
        .into_iter()
        .map(|p| {
            let (line, column) = locate(p.origin.0);
            Finding {
                severity: p.severity,
                rule: Some(p.rule),
                path: p.path,
                line,
                column,
                message: p.message,
                help: p.help,
            }
        })
        .collect();
    if let Some((origin, counts)) = omitted {
        let (line, column) = locate(origin);
        found.push(counts.note(line, column));
        return (found, counts);
    }
    (found, Omitted::default())
}

impl JsonMessage {
    /// Validates message JSON from elsewhere (a file, a template, another service) and
    /// wraps it for sending. Bare cards are rejected with a hint to wrap them in
    /// `cardsV2`; errors are rejected, warnings are not (the sender reports them again in
    /// [`Delivery::warnings`](crate::Delivery::warnings); [`check_text`] lists them).
    ///
    /// ```
    /// use chat_card::JsonMessage;
    /// let msg = JsonMessage::from_json(r#"{"text": "deploy *done*"}"#).unwrap();
    /// assert_eq!(msg.as_str(), r#"{"text": "deploy *done*"}"#);
    /// assert!(JsonMessage::from_json(r#"{"header": {"title": "x"}}"#).is_err());
    /// ```
    pub fn from_json(text: impl Into<String>) -> Result<JsonMessage, crate::check::CheckError> {
        let text = text.into();
        let node = parse(&text).map_err(CheckError::Syntax)?;
        if validate::detect_root(&node) == RootKind::Card {
            return Err(CheckError::BareCard);
        }
        let errors: Vec<Finding> = findings(&text, validate::validate(&node, RootKind::Message))
            .0
            .into_iter()
            .filter(Finding::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(CheckError::Invalid(errors));
        }
        Ok(JsonMessage::__from_string(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_point_at_keys_and_values() {
        let text = "{\n  \"text\": \"hi\",\n  \"cardsV2\": [{\"card\": {\"header\": {\"zzzzz\": \"x\"}}}]\n}";
        let found = check_text(text).unwrap();
        assert_eq!(found.len(), 2, "{found:?}");
        // The missing title is reported at the header object, the unknown key at itself.
        assert_eq!(found[0].path, "cardsV2[0].card.header");
        assert_eq!((found[0].line, found[0].column), (3, 35));
        assert_eq!(found[1].path, "cardsV2[0].card.header.zzzzz");
        assert_eq!((found[1].line, found[1].column), (3, 36));
        assert!(
            found[1]
                .help
                .as_deref()
                .unwrap()
                .contains("valid fields: title")
        );
    }

    #[test]
    fn findings_are_capped_and_the_rest_counted() {
        let keys: Vec<String> = (0..150).map(|i| format!("\"zz{i}\": 1")).collect();
        let text = format!("{{\"text\": \"hi\",\n{}}}", keys.join(",\n"));
        let report = check_document(&text).unwrap();
        assert_eq!(report.findings.len(), MAX_FINDINGS + 1);
        assert_eq!(
            report.omitted,
            Omitted {
                errors: 50,
                warnings: 0
            }
        );
        assert_eq!(report.totals(), (150, 0));
        let note = report.findings.last().unwrap();
        assert!(note.is_error() && note.rule.is_none());
        assert_eq!((note.line, note.column), (102, 1));
        assert!(
            note.message
                .starts_with("and 50 more problems not listed (50 errors, 0 warnings)")
        );
        // An invalid message stays invalid through the cap.
        let Err(CheckError::Invalid(errors)) = JsonMessage::from_json(text) else {
            panic!("not refused")
        };
        assert_eq!(errors.len(), MAX_FINDINGS + 1);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = check_text("{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.contains("trailing comma"));
    }

    #[test]
    fn from_json_rejects_bare_cards_and_invalid_messages() {
        assert!(matches!(
            JsonMessage::from_json(r#"{"sections": [{"widgets": [{"divider": {}}]}]}"#),
            Err(CheckError::BareCard)
        ));
        let err = JsonMessage::from_json(r#"{"text": 5}"#).unwrap_err();
        assert!(matches!(&err, CheckError::Invalid(f) if f.len() == 1));
        assert!(err.to_string().contains("1:10: text: expected a string"));
        assert!(matches!(
            JsonMessage::from_json("{"),
            Err(CheckError::Syntax(_))
        ));
    }

    #[test]
    fn check_value_has_no_positions() {
        let value = serde_json::json!({"text": "ok", "thread": {"threadKey": 7}});
        let found = check_value(&value);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "thread.threadKey");
        assert_eq!((found[0].line, found[0].column), (0, 0));
        assert!(check_value(&serde_json::json!({"text": "ok"})).is_empty());
    }
}
