//! The benchmark cards written with `card!`: the same JSON as the baselines build.

use chat_card::{BuildError, JsonMessage, card};

use super::baselines::{Alert, Check};

/// The static alert card: no holes, so one `&'static str`.
pub fn static_card() -> Result<JsonMessage, BuildError> {
    card! {
        id: "db-alert",
        header {
            title: "db-1 unreachable",
            subtitle: "eu-west-1 · since 12:03",
            image: "https://example.com/icons/alert.png",
            image_type: CIRCLE,
        }
        section "Details" {
            collapsible: true,
            uncollapsible: 1,
            text "<b>db-1</b> failed 3 health checks"
            decorated { top: "Runbook", text: "Disk full", start_icon: DESCRIPTION }
            divider
            buttons {
                button "Open dashboard" { link: "https://grafana.example.com/d/db-1" }
                button "Acknowledge" { color: "#d93025", link: "https://ops.example.com/ack" }
            }
        }
    }
}

/// The alert card with 5 holes.
pub fn holes_card(a: &Alert) -> Result<JsonMessage, BuildError> {
    let (host, region, since, failures) = (a.host, a.region, a.since, a.failures);
    card! {
        id: "db-alert",
        header {
            title: "{host} unreachable",
            subtitle: "{region} · since {since}",
            image: "https://example.com/icons/alert.png",
            image_type: CIRCLE,
        }
        section "Details" {
            collapsible: true,
            uncollapsible: 1,
            text "<b>{host}</b> failed {failures} health checks"
            decorated { top: "Runbook", text: "Disk full", start_icon: DESCRIPTION }
            divider
            buttons {
                button "Open dashboard" { link: "https://grafana.example.com/d/{host}" }
                button "Acknowledge" { color: "#d93025", link: "https://ops.example.com/ack" }
            }
        }
    }
}

/// The card with one widget per check (50 in the bench).
pub fn loop_card(checks: &[Check]) -> Result<JsonMessage, BuildError> {
    card! {
        id: "checks",
        header { title: "Health checks" }
        section "Failed checks" {
            for c in checks {
                decorated { top: c.name, text: c.detail }
            }
        }
    }
}
