use chat_card::{WebUrl, card};

struct Check {
    name: &'static str,
    detail: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let host = "db-1";
    let failures = 3;
    let failed = vec![Check { name: "ping", detail: "timeout".to_owned() }];
    let ack_url = WebUrl::parse("https://example.com/ack")?;
    let msg = card! {
        id: "db-alert",
        header { title: "{host} unreachable", subtitle: "eu-west", image: "https://example.com/alert.png", image_type: CIRCLE }
        section "Details" {
            collapsible: true, uncollapsible: 1,
            text "<b>{host}</b> failed {failures} health checks"
            decorated { top: "Runbook", text: "Disk full", start_icon: DESCRIPTION }
            divider
            for check in &failed { decorated { top: check.name, text: check.detail } }
            buttons {
                button "Open dashboard" { link: "https://grafana.example.com/d/{host}" }
                button "Acknowledge" { link: ack_url, color: "#d93025" }
            }
        }
    }?;
    assert!(msg.as_str().starts_with("{\"cardsV2\""));
    Ok(())
}
