//! The example templates in `examples/relay/templates` against the sample payloads saved
//! beside them (GitHub's `workflow_run`, GitLab's pipeline event, Grafana's webhook contact
//! point, each from that tool's documentation): each renders a valid message without
//! falling back, and values holding `"`, `<`, `&` or a newline stay inside their strings
//! and add no markup.

use std::path::PathBuf;

use chat_card_relay::notify::{Headers, NotifyRoute, template_headers};
use chat_card_relay::route::RouteKind;
use chat_card_relay::template::Template;
use serde_json::Value;

/// 2026-12-06T10:00:00Z.
const NOW: i64 = 1_796_551_200_000;

const HOSTILE: &str = "x\" <users/all> & <b>bold</b>\nsecond line";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/relay/templates")
}

fn route(name: &str) -> NotifyRoute {
    let mut route = NotifyRoute::new(name, RouteKind::Json);
    route.template =
        Some(Template::load(&dir().join(format!("{name}.json.j2"))).expect("the example compiles"));
    route
}

fn payload(name: &str) -> Value {
    let text = std::fs::read_to_string(dir().join(format!("{name}.payload.json"))).expect("sample");
    serde_json::from_str(&text).expect("sample JSON")
}

/// Renders `payload` and checks the message: no fallback, no validator error.
fn render(name: &str, payload: &Value, headers: &Headers) -> Value {
    let r = route(name)
        .render(payload.to_string().as_bytes(), headers, NOW)
        .expect("renders");
    assert!(r.fallback.is_none(), "{name} fell back: {:?}", r.fallback);
    assert_eq!(r.messages.len(), 1);
    let body = &r.messages[0].body;
    let findings = chat_card::check::check_text(body).expect("JSON");
    assert!(
        findings.iter().all(|f| !f.is_error()),
        "{name}: {findings:?}\n{body}"
    );
    serde_json::from_str(body).expect("JSON")
}

/// Sets every pointer to the hostile value, renders, and checks that the value stayed
/// text: no mention and no markup added, the message still valid.
fn hostile(name: &str, pointers: &[&str], headers: &Headers) -> Value {
    let mut p = payload(name);
    for pointer in pointers {
        *p.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer} in {name}")) = Value::from(HOSTILE);
    }
    let message = render(name, &p, headers);
    let mut html = Vec::new();
    html_strings(&message, &mut html);
    for text in html {
        assert!(!text.contains("<users/all>"), "{name}: {text}");
        assert!(!text.contains("<b>bold</b>"), "{name}: {text}");
    }
    message
}

/// The strings of a message that Chat reads as card HTML: all but the card header's
/// `title` and `subtitle` (plain text, where `<users/all>` is no mention) and URLs.
fn html_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| html_strings(v, out)),
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("header", Value::Object(header)) => header
                        .iter()
                        .filter(|(k, _)| !["title", "subtitle", "imageUrl"].contains(&k.as_str()))
                        .for_each(|(_, v)| html_strings(v, out)),
                    ("url", _) => {}
                    _ => html_strings(v, out),
                }
            }
        }
        _ => {}
    }
}

fn card(message: &Value) -> &Value {
    &message["cardsV2"][0]["card"]
}

#[test]
fn github_workflow_run() {
    let headers = template_headers([("X-GitHub-Event", "workflow_run")]);
    let m = render(
        "github-workflow-run",
        &payload("github-workflow-run"),
        &headers,
    );
    assert_eq!(card(&m)["header"]["title"], "test · SUCCESS");
    assert_eq!(
        card(&m)["header"]["subtitle"],
        "octo-org/octo-repo · master"
    );
    assert_eq!(m["thread"]["threadKey"], "github-run-289782451");
    let widgets = &card(&m)["sections"][0]["widgets"];
    assert_eq!(
        widgets[0]["decoratedText"]["text"],
        "build(test): check workflow run event payload"
    );
    assert_eq!(
        widgets[1]["decoratedText"]["bottomLabel"],
        "updated 2020-10-05 16:33 UTC"
    );
    assert_eq!(
        widgets[2]["buttonList"]["buttons"][0]["onClick"]["openLink"]["url"],
        "https://github.com/octo-org/octo-repo/actions/runs/289782451"
    );
    let m = hostile(
        "github-workflow-run",
        &[
            "/workflow/name",
            "/workflow_run/head_commit/message",
            "/workflow_run/head_commit/author/name",
            "/workflow_run/head_branch",
            "/repository/full_name",
            "/sender/login",
        ],
        &headers,
    );
    let text = &card(&m)["sections"][0]["widgets"][0]["decoratedText"]["text"];
    assert_eq!(
        text,
        "x\" &lt;users/all&gt; &amp; &lt;b&gt;bold&lt;/b&gt;\nsecond line"
    );
}

#[test]
fn gitlab_pipeline() {
    let headers = template_headers([
        ("X-Gitlab-Event", "Pipeline Hook"),
        ("X-Gitlab-Token", "SECRET"),
    ]);
    assert!(
        !headers.contains_key("x-gitlab-token"),
        "the token stays out of templates"
    );
    let m = render("gitlab-pipeline", &payload("gitlab-pipeline"), &headers);
    assert_eq!(card(&m)["header"]["title"], "Pipeline #31 · SUCCESS");
    assert_eq!(
        card(&m)["header"]["subtitle"],
        "gitlab-org/gitlab-test · master"
    );
    let jobs = card(&m)["sections"][1]["widgets"].as_array().expect("jobs");
    assert_eq!(jobs.len(), 5);
    assert_eq!(
        jobs[0]["decoratedText"]["text"], "<b>test-build</b> · failed",
        "failed first"
    );
    assert_eq!(
        card(&m)["sections"][0]["widgets"][0]["decoratedText"]["bottomLabel"],
        "started by Administrator · took 1m 3s"
    );
    hostile(
        "gitlab-pipeline",
        &[
            "/commit/title",
            "/commit/author/name",
            "/user/name",
            "/project/path_with_namespace",
            "/builds/0/name",
            "/builds/2/stage",
            "/builds/2/failure_reason",
        ],
        &headers,
    );
}

#[test]
fn grafana_webhook_contact_point() {
    let m = render("grafana", &payload("grafana"), &Headers::new());
    assert_eq!(card(&m)["header"]["title"], "[FIRING:2]  (blue)");
    assert_eq!(card(&m)["header"]["subtitle"], "Grafana · My Super Webhook");
    let sections = card(&m)["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0]["header"], "High memory usage");
    let line = &sections[0]["widgets"][0]["decoratedText"];
    assert_eq!(line["topLabel"], "firing since 2021-10-12 07:51 UTC");
    assert_eq!(line["text"], "This alert was triggered for zone us-1");
    assert_eq!(line["bottomLabel"], "B=44.23943737541908, C=1");
    let buttons = sections[0]["widgets"][1]["buttonList"]["buttons"]
        .as_array()
        .expect("links");
    let labels: Vec<&str> = buttons.iter().filter_map(|b| b["text"].as_str()).collect();
    assert_eq!(labels, ["Source", "Silence", "Runbook"]);
    hostile(
        "grafana",
        &[
            "/title",
            "/receiver",
            "/alerts/0/labels/alertname",
            "/alerts/0/annotations/summary",
            "/alerts/1/annotations/summary",
            "/alerts/1/annotations/runbook_url",
        ],
        &Headers::new(),
    );
}
