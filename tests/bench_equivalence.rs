//! The build benchmark compares `card!` with three alternatives; this checks that all four
//! build the same JSON (a benchmark of different outputs would mean nothing), and that the
//! output passes the runtime validator.

#[path = "../benches/support/baselines.rs"]
#[allow(dead_code)]
mod baselines;
#[path = "../benches/support/cards.rs"]
mod cards;

use baselines::{Alert, Check};

fn same(label: &str, a: &str, b: &str) {
    let x: serde_json::Value = serde_json::from_str(a).expect("valid JSON");
    let y: serde_json::Value = serde_json::from_str(b).expect("valid JSON");
    assert_eq!(x, y, "{label}: the variants differ");
}

fn valid(json: &str) {
    let findings = chat_card::check::check_text(json).expect("JSON");
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn static_variants_agree() {
    let card = cards::static_card().expect("builds");
    valid(card.as_str());
    same("json!", card.as_str(), &baselines::static_json());
    same("structs", card.as_str(), &baselines::static_structs());
    same("template", card.as_str(), baselines::static_template());
}

#[test]
fn hole_variants_agree_on_hostile_values() {
    for host in ["db-1", "db <b>1</b> & \"x\" 'y' \\ \n \u{1}", "дб/1?#"] {
        let a = Alert {
            host,
            region: "eu \"west\"",
            since: "12:03 <UTC>",
            failures: 3,
        };
        let card = cards::holes_card(&a).expect("builds");
        valid(card.as_str());
        same("json!", card.as_str(), &baselines::holes_json(&a));
        same("structs", card.as_str(), &baselines::holes_structs(&a));
        same("template", card.as_str(), &baselines::holes_template(&a));
    }
}

#[test]
fn loop_variants_agree() {
    let checks: Vec<Check> = (0..50)
        .map(|i| Check {
            name: format!("check-{i} \"q\""),
            detail: format!("timeout {i} s <retrying> & 'paging'"),
        })
        .collect();
    let card = cards::loop_card(&checks).expect("builds");
    valid(card.as_str());
    same("json!", card.as_str(), &baselines::loop_json(&checks));
    same("structs", card.as_str(), &baselines::loop_structs(&checks));
    same(
        "template",
        card.as_str(),
        &baselines::loop_template(&checks),
    );
}
