//! The real-world corpus (`tests/corpus/` of the workspace): messages that public projects
//! send to Google Chat, each with a verdict. Every message judged valid must pass
//! `chat-card check` (exit 0; warnings allowed), and every defect of an invalid one must be
//! reported as an error at its JSON path.

use std::path::PathBuf;
use std::process::Command;

use chat_card::check::{DocumentKind, check_document};
use serde::Deserialize;

#[derive(Deserialize)]
struct Entry {
    file: String,
    repo: String,
    path: String,
    verdict: Verdict,
    reason: String,
    defects: Vec<Defect>,
}

#[derive(Deserialize, PartialEq, Eq, Clone, Copy, Debug)]
#[serde(rename_all = "lowercase")]
enum Verdict {
    Valid,
    Invalid,
}

#[derive(Deserialize)]
struct Defect {
    path: String,
    why: String,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

fn index() -> Vec<Entry> {
    let text = std::fs::read_to_string(corpus_dir().join("index.json"))
        .unwrap_or_else(|e| panic!("tests/corpus/index.json: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("tests/corpus/index.json: {e}"))
}

#[test]
fn the_corpus_is_large_and_every_entry_names_its_source() {
    let entries = index();
    assert!(entries.len() >= 40, "{} messages", entries.len());
    for e in &entries {
        assert!(e.repo.contains('/'), "{}: repo {:?}", e.file, e.repo);
        assert!(!e.path.is_empty() && !e.reason.is_empty(), "{}", e.file);
        assert!(
            corpus_dir().join(&e.file).is_file(),
            "{} is missing",
            e.file
        );
        assert_eq!(
            e.verdict == Verdict::Invalid,
            !e.defects.is_empty(),
            "{}: an invalid message lists its defects, a valid one none",
            e.file
        );
        assert!(e.defects.iter().all(|d| !d.why.is_empty()), "{}", e.file);
    }
    let valid = entries
        .iter()
        .filter(|e| e.verdict == Verdict::Valid)
        .count();
    assert!(valid * 2 > entries.len(), "most real messages work");
}

#[test]
fn every_verdict_holds() {
    let mut wrong = Vec::new();
    for e in index() {
        let text = std::fs::read_to_string(corpus_dir().join(&e.file))
            .unwrap_or_else(|err| panic!("{}: {err}", e.file));
        let report = check_document(&text).unwrap_or_else(|err| panic!("{}: {err}", e.file));
        assert_eq!(report.kind, DocumentKind::Message, "{}", e.file);
        let errors: Vec<_> = report.errors().collect();
        match e.verdict {
            Verdict::Valid => {
                for f in errors {
                    wrong.push(format!("{} (valid) has an error: {f}", e.file));
                }
            }
            Verdict::Invalid => {
                for d in &e.defects {
                    if !errors.iter().any(|f| f.path == d.path) {
                        wrong.push(format!(
                            "{}: defect at {} ({}) is not reported as an error; found: {:?}",
                            e.file,
                            d.path,
                            d.why,
                            errors.iter().map(|f| &f.path).collect::<Vec<_>>()
                        ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn valid_messages_pass_chat_card_check_with_exit_0() {
    let valid: Vec<String> = index()
        .into_iter()
        .filter(|e| e.verdict == Verdict::Valid)
        .map(|e| e.file)
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_chat-card"))
        .arg("check")
        .args(&valid)
        .current_dir(corpus_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run chat-card: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // Chat-ignored parts are still pointed out.
    assert!(stdout.contains("warning: cardsV2[0].card.name"), "{stdout}");

    let invalid: Vec<String> = index()
        .into_iter()
        .filter(|e| e.verdict == Verdict::Invalid)
        .map(|e| e.file)
        .collect();
    for file in invalid {
        let out = Command::new(env!("CARGO_BIN_EXE_chat-card"))
            .args(["check", &file])
            .current_dir(corpus_dir())
            .output()
            .unwrap_or_else(|e| panic!("cannot run chat-card: {e}"));
        assert_eq!(out.status.code(), Some(1), "{file}");
    }
}
