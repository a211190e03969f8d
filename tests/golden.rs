//! Golden tests: the JSON each passing `card!` / `message!` builds equals the checked-in
//! `tests/golden/<name>.json` (compared as JSON values) and passes the runtime validator.
//!
//! To regenerate after an intended change: `GOLDEN_OVERWRITE=1 cargo test --test golden`,
//! then review the diff of `tests/golden/`.

use chat_card::{BuildError, JsonMessage, TrustedHtml, WebUrl, card, dialog, message};
use serde_json::Value;

fn golden(name: &str, built: Result<JsonMessage, BuildError>) {
    let msg = match built {
        Ok(msg) => msg,
        Err(e) => panic!("{name}: building failed: {e}"),
    };
    let actual: Value = serde_json::from_str(msg.as_str())
        .unwrap_or_else(|e| panic!("{name}: not JSON: {e}\n{msg}"));
    let findings =
        chat_card::check::check_text(msg.as_str()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert!(
        findings.is_empty(),
        "{name}: the runtime validator rejects it: {findings:#?}\n{msg}"
    );
    let path = format!("{}/tests/golden/{name}.json", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("GOLDEN_OVERWRITE").is_some() {
        let pretty = serde_json::to_string_pretty(&actual).unwrap_or_default();
        std::fs::write(&path, pretty + "\n").unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run with GOLDEN_OVERWRITE=1 to create it)"));
    let expected: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(
        actual, expected,
        "{name}: output differs from {path}\n{msg}"
    );
}

#[test]
fn static_alert_card() {
    golden(
        "static-alert",
        card! {
            id: "db-alert",
            header {
                title: "db-1 unreachable", subtitle: "eu-west-1",
                image: "https://example.com/icons/alert.png", image_type: CIRCLE, image_alt: "alert"
            }
            section "Details" {
                collapsible: true, uncollapsible: 1,
                text "<b>db-1</b> failed <font color=\"#d93025\">3</font> health checks"
                decorated { top: "Runbook", text: "Disk full", bottom: "since 10:00", start_icon: DESCRIPTION, wrap: true }
                divider
                buttons {
                    button "Open dashboard" { link: "https://grafana.example.com/d/db-1" }
                    button "Acknowledge" { link: "https://ops.example.com/ack", color: "#d93025" }
                }
            }
        },
    );
}

#[test]
fn holes_are_escaped_per_field() {
    let evil =
        "<a href=\"https://evil.example\">x</a> <users/all> 'q' \\ \n *b* _i_ ~s~ `c` é ✓ 🚀";
    let id = "a b/c?d=1&e=<x>";
    let count = 3;
    let ratio = 0.4567;
    golden(
        "holes-escaping",
        message! {
            text: "alert for {evil}",
            fallback_text: "fallback {evil}",
            thread_key: "thread-{evil}",
            card "escaping" {
                header { title: "{evil}", subtitle: "{count} checks, {ratio:.1} ratio, {{literal}}" }
                section "Section {evil}" {
                    text "<b>{evil}</b>"
                    decorated { top: evil, text: "{evil}" }
                    buttons { button "{evil}" { link: "https://example.com/items/{id}?q={evil}" } }
                }
            }
        },
    );
}

#[test]
fn every_widget_kind() {
    golden(
        "every-widget",
        card! {
            id: "widgets",
            header "Every widget" { subtitle: "one of each" }
            section "Text and images" {
                text "A <i>paragraph</i>" { max_lines: 2 }
                image "https://example.com/graph.png" { alt: "graph", link: "https://example.com/graph" }
                decorated {
                    text: "With a button", top: "top", bottom: "bottom",
                    start_icon: "https://example.com/icon.png",
                    button "Open" { link: "https://example.com" }
                }
                decorated { text: "With a switch", switch_control { name: "notify", selected: true, control_type: CHECK_BOX } }
                decorated { text: "With an end icon", end_icon: STAR }
                divider
            }
            section "Buttons and chips" {
                buttons {
                    button "Filled" { link: "https://example.com/1", type: FILLED }
                    button { icon: BOOKMARK, alt_text: "Bookmark", link: "https://example.com/2" }
                    button "Material" { icon { material_icon { name: "check_box", fill: true, weight: 400, grade: -25 } }, action: "ack" }
                    button "Disabled" { link: "https://example.com/3", disabled: true }
                }
                chips {
                    layout: HORIZONTAL_SCROLLABLE
                    chip "prod" { link: "https://example.com/prod", icon: STAR }
                    chip "staging" { action: "filter", disabled: true }
                }
            }
            section "Layout" {
                grid "Hosts" {
                    column_count: 2
                    border_style { type: STROKE, stroke_color: "#1a73e8", corner_radius: 4 }
                    action: "open_host"
                    item "db-1" { id: "db-1", subtitle: "eu", layout: TEXT_BELOW, image "https://example.com/db.png" { alt: "db", crop_style { type: RECTANGLE_CUSTOM, aspect_ratio: 1.5 } } }
                    item "db-2" { id: "db-2" }
                }
                columns {
                    column { horizontal_size_style: FILL_MINIMUM_SPACE, vertical_alignment: TOP, text "left" image "https://example.com/l.png" }
                    column { horizontal_alignment: END, decorated { text: "right" } }
                }
                carousel {
                    card { text "first" image "https://example.com/1.png" footer { buttons { button "More" { link: "https://example.com/more" } } } }
                    card { text "second" }
                }
            }
            section "Form" {
                text_input "reason" {
                    label: "Reason", hint_text: "why", type: MULTIPLE_LINE,
                    validation { character_limit: 200, input_type: TEXT }
                    initial_suggestions { suggestion "disk" suggestion "network" }
                }
                selection "size" {
                    label: "Size", type: DROPDOWN
                    item "Small" { value: "s", selected: true }
                    item "Large" { value: "l" }
                    on_change_action "resize" { param "unit" { value: "gb" } load_indicator: NONE }
                }
                date_time "when" { label: "When", type: DATE_AND_TIME, value_ms_epoch: 1700000000000, timezone_offset_date: 60 }
                buttons {
                    button "Submit" {
                        on_click { action "submit" { param "host" { value: "db-1" } persist_values: true, required_widgets: ["reason", "size"] } }
                    }
                    button "More" {
                        on_click { overflow_menu { item "Docs" { link: "https://example.com/docs", start_icon: DESCRIPTION } item "Mute" { action: "mute" } } }
                    }
                }
            }
            section "Collapse" {
                collapsible: true, uncollapsible: 1,
                collapse_control {
                    horizontal_alignment: CENTER
                    expand_button { text: "More", link: "https://example.com/x", type: BORDERLESS }
                    collapse_button { text: "Less", link: "https://example.com/y", type: BORDERLESS }
                }
                text "visible"
                text "hidden"
            }
        },
    );
}

#[test]
fn loops_if_and_match() {
    #[derive(Clone, Copy)]
    enum Sev {
        High,
        Low,
    }
    struct Check {
        name: &'static str,
        detail: String,
        ok: bool,
    }
    let failed = [
        Check {
            name: "ping",
            detail: "timeout after 5 s".into(),
            ok: false,
        },
        Check {
            name: "disk",
            detail: "92% <full>".into(),
            ok: true,
        },
    ];
    let sevs = [Sev::High, Sev::Low];
    let degraded = true;
    let hosts = ["db-1", "db-2"];
    golden(
        "loops-if-match",
        card! {
            header { title: "{failed.len()} checks failed" }
            for host in hosts {
                section "{host}" {
                    for check in failed.iter().filter(|c| c.name != host) {
                        decorated { top: check.name, text: check.detail, end_icon: STAR }
                        if check.ok { text "recovered" }
                    }
                    if degraded { text "degraded" } else if host == "db-2" { text "second" } else { text "ok" }
                    buttons {
                        for sev in sevs {
                            match sev {
                                Sev::High => { button "High" { link: "https://example.com/{host}/high" } }
                                Sev::Low if degraded => { button "Low" { link: "https://example.com/{host}/low" } }
                                Sev::Low => { }
                            }
                        }
                    }
                }
            }
        },
    );
}

#[test]
fn message_envelope_with_several_cards() {
    let service = "api";
    let rows: Vec<usize> = (1..=3).collect();
    golden(
        "message-envelope",
        message! {
            text: "Deploy of *{service}* finished <users/all>",
            fallback_text: "Deploy of {service} finished",
            thread_key: "deploy-{service}",
            card "summary" { header { title: "{service} deployed" } section { text "All checks passed" } }
            for row in &rows {
                card "row-{row}" { section { text "row {row}" } }
            }
            accessory { buttons { button "Open" { link: "https://example.com/deploys/{service}" } } }
        },
    );
}

#[test]
fn typed_runtime_values() {
    let collapsible = true;
    let keep: i32 = 1;
    let lines = 3;
    let epoch: i64 = 1_700_000_000_000;
    let ratio = 1.25_f64;
    let url = WebUrl::parse("https://example.com/a b").unwrap_or_else(|e| panic!("{e}"));
    let markup = TrustedHtml::new("<b>bold</b> and <a href=\"https://example.com\">link</a>")
        .unwrap_or_else(|e| panic!("{e}"));
    golden(
        "typed-values",
        card! {
            section {
                collapsible: collapsible, uncollapsible: keep,
                text "capped" { max_lines: lines }
                text trusted(markup)
                image (url.clone()) { alt: "a picture" }
                date_time "at" { value_ms_epoch: epoch }
                grid { item "x" { image "https://example.com/x.png" { crop_style { type: RECTANGLE_CUSTOM, aspect_ratio: ratio } } } }
                buttons { button "Open" { link: url } }
            }
        },
    );
}

/// A dialog: its body is a card where the dialog-only `fixed_footer` is valid.
#[test]
fn dialog_with_inputs_and_a_fixed_footer() {
    golden(
        "dialog-contact-form",
        dialog! {
            header { title: "Add a contact" }
            section "Add new contact" {
                text_input "contactName" { label: "First and last name", type: SINGLE_LINE }
                date_time "contactBirthdate" { label: "Birthdate", type: DATE_ONLY }
                selection "contactType" {
                    label: "Contact type", type: RADIO_BUTTON
                    item "Work" { value: "Work" }
                    item "Personal" { value: "Personal" }
                }
            }
            fixed_footer {
                primary_button { text: "Review", color: "#1a73e8", action: "openConfirmation" }
                secondary_button { text: "Cancel", color: "#5f6368", action: "cancel" }
            }
        },
    );
}

/// An answer to a click that updates the message the card was on.
#[test]
fn update_message_response() {
    let votes = 3;
    golden(
        "update-message-response",
        message! {
            action_response { type: UPDATE_MESSAGE }
            card "vote" {
                header { title: "Vote: lunch at noon?" }
                section { text "<b>{votes}</b> votes so far" }
            }
        },
    );
}

/// A message only one user of the space sees.
#[test]
fn private_message() {
    let user = "users/1234567890";
    golden(
        "private-message",
        message! {
            text: "Only you can see this: your report is ready."
            private_message_viewer { name: user }
        },
    );
}
