//! Basic behaviour of `card!` and `message!`: static output, holes, escaping, runtime limits.

use chat_card::{BuildError, WebUrl, card, message};

#[test]
fn static_card_is_one_static_string() {
    let msg = card! {
        id: "db-alert",
        header { title: "db-1 unreachable", subtitle: "eu-west", image: "https://example.com/a.png", image_type: CIRCLE }
        section "Details" {
            collapsible: true, uncollapsible: 1,
            text "<b>db-1</b> failed 3 health checks"
            decorated { top: "Runbook", text: "Disk full", start_icon: DESCRIPTION }
            divider
            buttons {
                button "Open dashboard" { link: "https://grafana.example.com/d/db-1" }
                button "Acknowledge" { link: "https://example.com/ack", color: "#d93025" }
            }
        }
    }
    .unwrap();
    println!("{msg}");
    let v: serde_json::Value = serde_json::from_str(msg.as_str()).unwrap();
    assert_eq!(v["cardsV2"][0]["cardId"], "db-alert");
}

#[test]
fn holes_and_loops() {
    struct Check {
        name: &'static str,
        detail: String,
    }
    let host = "db-1 <users/all>";
    let failed = vec![
        Check {
            name: "ping",
            detail: "timeout".into(),
        },
        Check {
            name: "disk",
            detail: "<a href=x>".into(),
        },
    ];
    let ack = WebUrl::parse("https://example.com/ack").unwrap();
    let degraded = true;
    let msg = card! {
        header { title: "{host} unreachable" }
        section "Details" {
            text "<b>{host}</b> failed {failed.len()} health checks"
            for check in &failed { decorated { top: check.name, text: check.detail } }
            if degraded { text "degraded" } else { text "ok" }
            buttons {
                button "Open" { link: "https://grafana.example.com/d/{host}" }
                button "Ack" { link: ack, color: "#d93025" }
            }
        }
    }
    .unwrap();
    println!("{msg}");
    let _: serde_json::Value = serde_json::from_str(msg.as_str()).unwrap();
    let m =
        message! { text: "hi {host}", thread_key: "t-{host}", card "a" { section { text "x" } } }
            .unwrap();
    println!("{m}");
    let _ = BuildError::MessageTooLarge { bytes: 1, max: 0 };
}

/// A warning (here the deprecated `icon`) still builds the card; allowed with
/// `#[allow(deprecated)]`, it leaves nothing for clippy either (CI runs clippy on this
/// file with `-D warnings`).
#[test]
#[allow(deprecated)]
fn a_card_with_a_warning_builds_the_same_json() {
    let msg = card! { section { decorated { text: "x", icon: STAR } } }.unwrap();
    let value: serde_json::Value = serde_json::from_str(msg.as_str()).unwrap();
    assert_eq!(
        value["cardsV2"][0]["card"]["sections"][0]["widgets"][0]["decoratedText"]["icon"],
        serde_json::json!({"knownIcon": "STAR"})
    );
}
