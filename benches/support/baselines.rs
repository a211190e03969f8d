//! The three alternatives `card!` is measured against, building the same JSON:
//! `serde_json::json!` + `to_string`, serde-derived structs + `to_string`, and a
//! hand-written, pre-escaped string template (the practical limit).
//!
//! Every variant escapes like `card!` does: card text is HTML-escaped, URL holes are
//! percent-encoded, and everything is JSON-escaped on output.

use serde::Serialize;
use std::fmt::Write;

/// The runtime values of the alert card.
pub struct Alert<'a> {
    pub host: &'a str,
    pub region: &'a str,
    pub since: &'a str,
    pub failures: u32,
}

/// One row of the 50-widget card.
pub struct Check {
    pub name: String,
    pub detail: String,
}

fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    html_into(s, &mut out);
    out
}

fn html_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    percent_into(s, &mut out);
    out
}

fn percent_into(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// HTML-escapes and JSON-escapes `s` into `out` in one pass (the template's fast path).
fn html_json_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) =
        rest.find(|c: char| matches!(c, '<' | '>' | '&' | '"' | '\'' | '\\') || c < ' ')
    {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// JSON-escapes `s` into `out` (without quotes), copying unescaped runs at once.
fn json_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| matches!(c, '"' | '\\') || c < ' ') {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// The static alert card with `json!`.
pub fn static_json() -> String {
    serde_json::json!({"cardsV2": [{"cardId": "db-alert", "card": {
        "header": {"title": "db-1 unreachable", "subtitle": "eu-west-1 · since 12:03",
                   "imageUrl": "https://example.com/icons/alert.png", "imageType": "CIRCLE"},
        "sections": [{"header": "Details", "collapsible": true, "uncollapsibleWidgetsCount": 1, "widgets": [
            {"textParagraph": {"text": "<b>db-1</b> failed 3 health checks"}},
            {"decoratedText": {"topLabel": "Runbook", "text": "Disk full", "startIcon": {"knownIcon": "DESCRIPTION"}}},
            {"divider": {}},
            {"buttonList": {"buttons": [
                {"text": "Open dashboard", "onClick": {"openLink": {"url": "https://grafana.example.com/d/db-1"}}},
                {"text": "Acknowledge", "color": {"red": 0.8509803921568627, "green": 0.18823529411764706, "blue": 0.1450980392156863},
                 "onClick": {"openLink": {"url": "https://ops.example.com/ack"}}}
            ]}}
        ]}]
    }}]})
    .to_string()
}

/// The alert card with 5 holes, with `json!`.
pub fn holes_json(a: &Alert) -> String {
    serde_json::json!({"cardsV2": [{"cardId": "db-alert", "card": {
        "header": {"title": format!("{} unreachable", a.host), "subtitle": format!("{} · since {}", a.region, a.since),
                   "imageUrl": "https://example.com/icons/alert.png", "imageType": "CIRCLE"},
        "sections": [{"header": "Details", "collapsible": true, "uncollapsibleWidgetsCount": 1, "widgets": [
            {"textParagraph": {"text": format!("<b>{}</b> failed {} health checks", html(a.host), a.failures)}},
            {"decoratedText": {"topLabel": "Runbook", "text": "Disk full", "startIcon": {"knownIcon": "DESCRIPTION"}}},
            {"divider": {}},
            {"buttonList": {"buttons": [
                {"text": "Open dashboard", "onClick": {"openLink": {"url": format!("https://grafana.example.com/d/{}", percent(a.host))}}},
                {"text": "Acknowledge", "color": {"red": 0.8509803921568627, "green": 0.18823529411764706, "blue": 0.1450980392156863},
                 "onClick": {"openLink": {"url": "https://ops.example.com/ack"}}}
            ]}}
        ]}]
    }}]})
    .to_string()
}

/// The 50-widget card with `json!`.
pub fn loop_json(checks: &[Check]) -> String {
    let widgets: Vec<serde_json::Value> = checks
        .iter()
        .map(
            |c| serde_json::json!({"decoratedText": {"topLabel": html(&c.name), "text": html(&c.detail)}}),
        )
        .collect();
    serde_json::json!({"cardsV2": [{"cardId": "checks", "card": {
        "header": {"title": "Health checks"},
        "sections": [{"header": "Failed checks", "widgets": widgets}]
    }}]})
    .to_string()
}

// ---- serde-derived structs ----

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Msg<'a> {
    cards_v2: Vec<CardWithId<'a>>,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CardWithId<'a> {
    card_id: &'a str,
    card: Card<'a>,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Card<'a> {
    header: Header<'a>,
    sections: Vec<Section<'a>>,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Header<'a> {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_type: Option<&'a str>,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Section<'a> {
    header: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    collapsible: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uncollapsible_widgets_count: Option<u32>,
    widgets: Vec<Widget<'a>>,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum Widget<'a> {
    TextParagraph { text: String },
    DecoratedText(Decorated<'a>),
    Divider {},
    ButtonList { buttons: Vec<Button<'a>> },
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Decorated<'a> {
    top_label: String,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_icon: Option<Icon<'a>>,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Icon<'a> {
    known_icon: &'a str,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Button<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<Color>,
    on_click: OnClick,
}
#[derive(Serialize)]
struct Color {
    red: f64,
    green: f64,
    blue: f64,
}
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OnClick {
    open_link: OpenLink,
}
#[derive(Serialize)]
struct OpenLink {
    url: String,
}

fn alert_structs(title: String, subtitle: String, text: String, dashboard: String) -> String {
    let msg = Msg {
        cards_v2: vec![CardWithId {
            card_id: "db-alert",
            card: Card {
                header: Header {
                    title,
                    subtitle: Some(subtitle),
                    image_url: Some("https://example.com/icons/alert.png"),
                    image_type: Some("CIRCLE"),
                },
                sections: vec![Section {
                    header: "Details",
                    collapsible: Some(true),
                    uncollapsible_widgets_count: Some(1),
                    widgets: vec![
                        Widget::TextParagraph { text },
                        Widget::DecoratedText(Decorated {
                            top_label: "Runbook".into(),
                            text: "Disk full".into(),
                            start_icon: Some(Icon {
                                known_icon: "DESCRIPTION",
                            }),
                        }),
                        Widget::Divider {},
                        Widget::ButtonList {
                            buttons: vec![
                                Button {
                                    text: "Open dashboard",
                                    color: None,
                                    on_click: OnClick {
                                        open_link: OpenLink { url: dashboard },
                                    },
                                },
                                Button {
                                    text: "Acknowledge",
                                    color: Some(Color {
                                        red: 0.8509803921568627,
                                        green: 0.18823529411764706,
                                        blue: 0.1450980392156863,
                                    }),
                                    on_click: OnClick {
                                        open_link: OpenLink {
                                            url: "https://ops.example.com/ack".into(),
                                        },
                                    },
                                },
                            ],
                        },
                    ],
                }],
            },
        }],
    };
    serde_json::to_string(&msg).unwrap_or_default()
}

/// The static alert card with serde-derived structs.
pub fn static_structs() -> String {
    alert_structs(
        "db-1 unreachable".into(),
        "eu-west-1 · since 12:03".into(),
        "<b>db-1</b> failed 3 health checks".into(),
        "https://grafana.example.com/d/db-1".into(),
    )
}

/// The alert card with 5 holes, with serde-derived structs.
pub fn holes_structs(a: &Alert) -> String {
    alert_structs(
        format!("{} unreachable", a.host),
        format!("{} · since {}", a.region, a.since),
        format!(
            "<b>{}</b> failed {} health checks",
            html(a.host),
            a.failures
        ),
        format!("https://grafana.example.com/d/{}", percent(a.host)),
    )
}

/// The 50-widget card with serde-derived structs.
pub fn loop_structs(checks: &[Check]) -> String {
    let msg = Msg {
        cards_v2: vec![CardWithId {
            card_id: "checks",
            card: Card {
                header: Header {
                    title: "Health checks".into(),
                    subtitle: None,
                    image_url: None,
                    image_type: None,
                },
                sections: vec![Section {
                    header: "Failed checks",
                    collapsible: None,
                    uncollapsible_widgets_count: None,
                    widgets: checks
                        .iter()
                        .map(|c| {
                            Widget::DecoratedText(Decorated {
                                top_label: html(&c.name),
                                text: html(&c.detail),
                                start_icon: None,
                            })
                        })
                        .collect(),
                }],
            },
        }],
    };
    serde_json::to_string(&msg).unwrap_or_default()
}

// ---- hand-written, pre-escaped templates ----

const STATIC_ALERT: &str = r##"{"cardsV2":[{"cardId":"db-alert","card":{"header":{"title":"db-1 unreachable","subtitle":"eu-west-1 · since 12:03","imageUrl":"https://example.com/icons/alert.png","imageType":"CIRCLE"},"sections":[{"header":"Details","collapsible":true,"uncollapsibleWidgetsCount":1,"widgets":[{"textParagraph":{"text":"<b>db-1</b> failed 3 health checks"}},{"decoratedText":{"topLabel":"Runbook","text":"Disk full","startIcon":{"knownIcon":"DESCRIPTION"}}},{"divider":{}},{"buttonList":{"buttons":[{"text":"Open dashboard","onClick":{"openLink":{"url":"https://grafana.example.com/d/db-1"}}},{"text":"Acknowledge","color":{"red":0.8509803921568627,"green":0.18823529411764706,"blue":0.1450980392156863},"onClick":{"openLink":{"url":"https://ops.example.com/ack"}}}]}}]}]}}]}"##;

/// The static alert card as a hand-written string (a `&'static str`).
pub fn static_template() -> &'static str {
    STATIC_ALERT
}

/// The alert card with 5 holes as a hand-written template: static chunks pushed as is,
/// holes escaped straight into one buffer sized up front.
pub fn holes_template(a: &Alert) -> String {
    let mut out = String::with_capacity(STATIC_ALERT.len() + 64);
    out.push_str(r#"{"cardsV2":[{"cardId":"db-alert","card":{"header":{"title":""#);
    json_into(a.host, &mut out);
    out.push_str(r#" unreachable","subtitle":""#);
    json_into(a.region, &mut out);
    out.push_str(" · since ");
    json_into(a.since, &mut out);
    out.push_str(r#"","imageUrl":"https://example.com/icons/alert.png","imageType":"CIRCLE"},"sections":[{"header":"Details","collapsible":true,"uncollapsibleWidgetsCount":1,"widgets":[{"textParagraph":{"text":"<b>"#);
    html_json_into(a.host, &mut out);
    out.push_str("</b> failed ");
    let _ = write!(out, "{}", a.failures);
    out.push_str(r#" health checks"}},{"decoratedText":{"topLabel":"Runbook","text":"Disk full","startIcon":{"knownIcon":"DESCRIPTION"}}},{"divider":{}},{"buttonList":{"buttons":[{"text":"Open dashboard","onClick":{"openLink":{"url":"https://grafana.example.com/d/"#);
    percent_into(a.host, &mut out);
    out.push_str(r#""}}},{"text":"Acknowledge","color":{"red":0.8509803921568627,"green":0.18823529411764706,"blue":0.1450980392156863},"onClick":{"openLink":{"url":"https://ops.example.com/ack"}}}]}}]}]}}]}"#);
    out
}

/// The 50-widget card as a hand-written template.
pub fn loop_template(checks: &[Check]) -> String {
    let mut out = String::with_capacity(128 + checks.len() * 96);
    out.push_str(r#"{"cardsV2":[{"cardId":"checks","card":{"header":{"title":"Health checks"},"sections":[{"header":"Failed checks","widgets":["#);
    for (i, c) in checks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"decoratedText":{"topLabel":""#);
        html_json_into(&c.name, &mut out);
        out.push_str(r#"","text":""#);
        html_json_into(&c.detail, &mut out);
        out.push_str(r#""}}"#);
    }
    out.push_str("]}]}}]}");
    out
}
